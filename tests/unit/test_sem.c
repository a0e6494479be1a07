/* SEM against lavaan 0.6.14: parameter estimates, SEs, standardized solutions,
 * R2 and fit measures of the reference models in tests/reference/sem (made by
 * make_sem.R); the parser's errors; validity (alpha, CR, AVE, HTMT). */
#include "ambidex/adx_sem.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/sem/"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = 0;
    fclose(f);
    return b;
}

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_read_options_t o;
    adx_read_options_init(&o);
    CHECK_OK(adx_read_file(path, &o, &ds, &e), e);
    return ds;
}

static const char *sval(const adx_dataset_t *d, const char *col, size_t i)
{
    long j = adx_dataset_find(d, col);
    if (j < 0 || d->vars[j].type != ADX_VAR_STRING || !d->vars[j].str[i])
        return "";
    return d->vars[j].str[i];
}

static double nval(const adx_dataset_t *d, const char *col, size_t i)
{
    long j = adx_dataset_find(d, col);
    return j < 0 ? NAN : d->vars[j].num[i];
}

/* Largest differences seen, per statistic, for the report (relative to max(1,|ref|)). */
static double worst[16];
static const char *worst_name[16] = {"est", "se", "std_lv", "std_all", "r2", "fit"};

static void cmp(int which, double a, double b, double tol, const char *what, const char *model)
{
    double d = (isnan(a) && isnan(b)) ? 0 : fabs(a - b) / (fabs(b) > 1 ? fabs(b) : 1.0);
    if (isnan(d))
        d = INFINITY;
    if (d > worst[which])
        worst[which] = d;
    if (!(d <= tol))
        fprintf(stderr, "  %s %s: got %.12g, lavaan %.12g\n", model, what, a, b);
    CHECK(d <= tol);
}

static void check_model(const char *model, const char *data, int std_lv)
{
    char path[512];
    snprintf(path, sizeof path, REF "%s.lav", model);
    char *text = slurp(path);
    CHECK(text != NULL);
    if (!text)
        return;
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.std_lv = std_lv;
    snprintf(path, sizeof path, REF "%s", data);
    adx_dataset_t *ds = load(path);
    CHECK_OK(adx_sem_parse(text, model, &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s && ds)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    if (!s || !s->fitted)
        goto done;
    CHECK(s->converged);
    /* parameters, matched by lhs op rhs */
    snprintf(path, sizeof path, REF "%s_params.csv", model);
    adx_dataset_t *pe = load(path);
    if (pe) {
        CHECK(pe->nrows == s->nparams);
        for (size_t i = 0; i < pe->nrows; i++) {
            const char *l = sval(pe, "lhs", i), *op = sval(pe, "op", i), *r = sval(pe, "rhs", i);
            const adx_sem_param_t *p = NULL;
            for (size_t k = 0; k < s->nparams; k++)
                if (!strcmp(s->params[k].lhs, l) && !strcmp(adx_sem_op_name(s->params[k].op), op) &&
                    !strcmp(s->params[k].rhs, r))
                    p = &s->params[k];
            if (!p) {
                fprintf(stderr, "  %s: row %s %s %s missing\n", model, l, op, r);
                CHECK(p != NULL);
                continue;
            }
            char what[256];
            snprintf(what, sizeof what, "%s %s %s", l, op, r);
            CHECK(!strcmp(p->label, sval(pe, "label", i)));
            cmp(0, p->est, nval(pe, "est", i), 1e-5, what, model);
            cmp(1, p->se, nval(pe, "se", i), 1e-5, what, model);
            cmp(2, p->std_lv, nval(pe, "std_lv", i), 1e-5, what, model);
            cmp(3, p->std_all, nval(pe, "std_all", i), 1e-5, what, model);
            cmp(0, p->z, nval(pe, "z", i), 1e-4, what, model);
            cmp(0, p->pvalue, nval(pe, "pvalue", i), 1e-5, what, model);
            cmp(0, p->ci_lower, nval(pe, "ci_lower", i), 1e-5, what, model);
        }
    }
    adx_dataset_free(pe);
    /* R2 */
    snprintf(path, sizeof path, REF "%s_r2.csv", model);
    adx_dataset_t *r2 = load(path);
    for (size_t i = 0; r2 && i < r2->nrows; i++) {
        const char *nm = sval(r2, "name", i);
        size_t v = 0;
        while (v < s->p + s->m && strcmp(s->names[v], nm))
            v++;
        CHECK(v < s->p + s->m);
        if (v < s->p + s->m)
            cmp(4, s->r2[v], nval(r2, "value", i), 1e-5, nm, model);
    }
    adx_dataset_free(r2);
    /* fit measures */
    snprintf(path, sizeof path, REF "%s_fit.csv", model);
    adx_dataset_t *fm = load(path);
    const adx_sem_fit_t *f = &s->fit;
    struct {
        const char *name;
        double v;
    } fit[] = {{"npar", f->npar}, {"fmin", f->fmin}, {"chisq", f->chisq}, {"df", f->df},
               {"pvalue", f->pvalue}, {"baseline.chisq", f->baseline_chisq},
               {"baseline.df", f->baseline_df}, {"baseline.pvalue", f->baseline_pvalue},
               {"cfi", f->cfi}, {"tli", f->tli}, {"nfi", f->nfi}, {"rfi", f->rfi},
               {"ifi", f->ifi}, {"gfi", f->gfi}, {"agfi", f->agfi}, {"rmsea", f->rmsea},
               {"rmsea.ci.lower", f->rmsea_ci_lower}, {"rmsea.ci.upper", f->rmsea_ci_upper},
               {"rmsea.pvalue", f->rmsea_pvalue}, {"srmr", f->srmr}, {"logl", f->loglik},
               {"unrestricted.logl", f->unrestricted_loglik}, {"aic", f->aic},
               {"bic", f->bic}, {"bic2", f->bic2}, {"ntotal", (double)s->n}};
    for (size_t k = 0; fm && k < sizeof fit / sizeof fit[0]; k++) {
        size_t i = 0;
        while (i < fm->nrows && strcmp(sval(fm, "name", i), fit[k].name))
            i++;
        CHECK(i < fm->nrows);
        if (i < fm->nrows)
            cmp(5, fit[k].v, nval(fm, "value", i), 1e-4, fit[k].name, model);
    }
    adx_dataset_free(fm);
    if (!strcmp(model, "hs3") || !strcmp(model, "seed003")) {
        CHECK_OK(adx_sem_validity(s, &e), e);
        const adx_sem_validity_t *v = s->validity;
        snprintf(path, sizeof path, REF "%s_validity.csv", model);
        adx_dataset_t *vd = load(path);
        snprintf(path, sizeof path, REF "%s_htmt.csv", model);
        adx_dataset_t *hd = load(path);
        snprintf(path, sizeof path, REF "%s_latcor.csv", model);
        adx_dataset_t *ld = load(path);
        snprintf(path, sizeof path, REF "%s_htmt2.csv", model);
        adx_dataset_t *h2 = load(path);
        CHECK(v && vd && hd && ld && h2 && v->k == vd->nrows);
        for (size_t a = 0; v && vd && hd && ld && h2 && a < v->k && a < vd->nrows; a++) {
            const adx_sem_construct_t *c = &v->constructs[a];
            CHECK(!strcmp(c->name, sval(vd, "name", a)));
            cmp(6, c->alpha, nval(vd, "alpha", a), 1e-6, "alpha", model);
            cmp(6, c->cr, nval(vd, "cr", a), 1e-5, "cr", model);
            cmp(6, c->ave, nval(vd, "ave", a), 1e-5, "ave", model);
            cmp(6, c->sqrt_ave, nval(vd, "sqrt_ave", a), 1e-5, "sqrt_ave", model);
            for (size_t b = 0; b < v->k; b++) {
                cmp(7, v->htmt[a * v->k + b], nval(hd, v->constructs[b].name, a), 1e-6, "htmt",
                    model);
                cmp(7, v->htmt2[a * v->k + b], nval(h2, v->constructs[b].name, a), 1e-6,
                    "htmt2", model);
                cmp(7, v->latent_cor[a * v->k + b], nval(ld, v->constructs[b].name, a), 1e-5,
                    "latent_cor", model);
            }
        }
        adx_dataset_free(vd);
        adx_dataset_free(hd);
        adx_dataset_free(ld);
        adx_dataset_free(h2);
        if (v && !strcmp(model, "hs3")) {
            /* Harman's factor = the hs_one reference model */
            adx_dataset_t *h1 = load(REF "hs_one_fit.csv");
            for (size_t i = 0; h1 && i < h1->nrows; i++) {
                if (!strcmp(sval(h1, "name", i), "chisq"))
                    cmp(5, v->harman.chisq, nval(h1, "value", i), 1e-4, "harman chisq", model);
                if (!strcmp(sval(h1, "name", i), "cfi"))
                    cmp(5, v->harman.cfi, nval(h1, "value", i), 1e-4, "harman cfi", model);
            }
            CHECK(v->harman_converged);
            adx_dataset_free(h1);
        }
    }
done:
    if (e.code)
        fprintf(stderr, "  %s: %s\n", model, e.msg);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    free(text);
}

int main(void)
{
    check_model("hs3", "hs.csv", 0);
    check_model("hs3_stdlv", "hs.csv", 1);
    check_model("hs_second", "hs.csv", 0);
    check_model("hs_one", "hs.csv", 0);
    check_model("hs_fixed", "hs.csv", 0);
    check_model("hs_xreg", "hs.csv", 0);
    check_model("pd", "pd.csv", 0);
    check_model("seed003", "seed003.csv", 0);
    worst_name[6] = "validity";
    worst_name[7] = "htmt/latcor";
    for (int i = 0; i < 8; i++)
        printf("max rel diff %-12s %.3g\n", worst_name[i], worst[i]);
    TEST_DONE();
}
