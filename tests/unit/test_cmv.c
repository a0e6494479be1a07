/* Issue 13 items 9, 10 and 15 (figures) against R 4.2.2 (tests/reference/cmv/make_*.R;
 * README section "cmv/"): regression diagnostics plot points, marker-variable adjustment,
 * unmeasured latent method factor, latent interaction by product indicators. Prints the
 * largest differences per statistic. */
#include <stdarg.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "ambidex/adx_report_regress.h"
#include "ambidex/adx_report_cmv.h"
#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_report_stats.h"
#include "ambidex/adx_sem_cmv.h"
#include "ambidex/adx_stats.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/cmv/"

static refkv_t kv;

/* One value against the reference key made from fmt, tracked for the summary. */
static void ref(double v, const char *stat, double tol, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void ref(double v, const char *stat, double tol, const char *fmt, ...)
{
    char k[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k, sizeof k, fmt, ap);
    va_end(ap);
    int found = 0;
    double r = kv_get(&kv, k, &found);
    CHECK(found);
    if (found) {
        kv_track(stat, v, r);
        CHECK_CLOSE(v, r, tol);
    } else {
        fprintf(stderr, "reference key %s missing\n", k);
    }
}

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    return ds;
}

/* P-P and residual-vs-fitted points of one model, and the two figures. */
static void resplot_case(const char *file, const char *tag, const char *formula)
{
    adx_dataset_t *ds = load(file);
    adx_regress_options_t o;
    adx_regress_options_init(&o);
    o.casediag = 1;
    adx_regress_t *r = NULL;
    adx_errctx_t e = {0};
    if (ds)
        CHECK_OK(adx_regress(ds, formula, NULL, 0, &o, &r, &e), e);
    const adx_casediag_t *C = r ? r->casediag : NULL;
    CHECK(C != NULL);
    if (!C)
        goto done;
    double *obs = malloc(2 * C->n * sizeof *obs);
    CHECK(adx_casediag_pp(C, obs, obs + C->n) == C->n);
    for (size_t i = 0; i < C->n; i++) {
        ref(obs[i], "pp_observed", 1e-14, "%s.pp.obs.%zu", tag, i + 1);
        ref(obs[C->n + i], "pp_expected", 1e-12, "%s.pp.exp.%zu", tag, i + 1);
        ref(C->zpred[i], "zpred", 1e-10, "%s.sc.x.%zu", tag, C->row[i] + 1);
        ref(C->zresid[i], "zresid", 1e-10, "%s.sc.y.%zu", tag, C->row[i] + 1);
    }
    free(obs);
    adx_report_t *rep = NULL;
    CHECK_OK(adx_report_regress(r, &rep, &e), e);
    size_t before = rep ? rep->nblocks : 0;
    if (rep)
        CHECK_OK(adx_report_residual_plots(C, rep, &e), e);
    CHECK(rep && rep->nblocks == before + 2);
    for (size_t b = before; rep && b < rep->nblocks; b++)
        CHECK(rep->blocks[b].kind == ADX_BLOCK_FIGURE && strstr(rep->blocks[b].text, "<svg"));
    adx_report_free(rep);
done:
    adx_regress_free(r);
    adx_dataset_free(ds);
}

static void test_resplots(void)
{
    static const char *const fits[][3] = {
        {ADX_SOURCE_DIR "/tests/reference/regress/data/mtcars.csv", "mtcars",
         "mpg ~ wt + hp + qsec"},
        {ADX_SOURCE_DIR "/tests/reference/data/longley.csv", "longley",
         "Employed ~ GNP + Unemployed"},
        {REF "data/mtcars8.csv", "mtcars8", "mpg ~ wt"}};
    kv = kv_load(REF "expected/resplots.csv");
    CHECK(kv.n > 0);
    for (size_t f = 0; f < sizeof fits / sizeof *fits; f++)
        resplot_case(fits[f][0], fits[f][1], fits[f][2]);
    kv_report("regression diagnostics plots (R 4.2.2 ppoints, pnorm; make_resplots.R)");
    kv_free(&kv);
}

/* The Lindell-Whitney marker adjustment of one correlation table, r_M chosen or given. */
static void marker_case(const adx_corr_t *c, const char *miss, const char *how, double rm)
{
    adx_marker_options_t o;
    adx_marker_options_init(&o);
    o.r_m = rm;
    adx_marker_t *m = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_marker(c, "O5", &o, &m, &e), e);
    if (!m)
        return;
    CHECK(m->k == 10 && (isnan(rm) ? m->r_m_with != NULL : m->r_m_given));
    if (isnan(rm))
        ref(m->r_m, "r_m", 1e-13, "%s.rm", miss);
    for (size_t i = 0; i < m->k; i++)
        for (size_t j = i + 1; j < m->k; j++) {
            size_t at = j + i * m->k;
            const char *a = m->names[i], *b = m->names[j];
            ref(m->ra[at], "r_adjusted", 1e-13, "%s.%s.%s.%s.ra", miss, how, a, b);
            ref(m->t[at], "t", 1e-10, "%s.%s.%s.%s.t", miss, how, a, b);
            ref(m->p[at], "p", 1e-10, "%s.%s.%s.%s.p", miss, how, a, b);
            ref((double)m->n[at], "n", 0, "%s.%s.%s.%s.n", miss, how, a, b);
            CHECK(m->ra[at] == m->ra[i + j * m->k]);
        }
    adx_report_t *r = NULL;
    CHECK_OK(adx_report_corr(c, &r, &e), e);
    size_t before = r ? r->ntables : 0;
    if (r)
        CHECK_OK(adx_report_add_marker(r, m, &e), e);
    CHECK(r && r->ntables == before + 1 && r->tables[before]->nrows == 45);
    adx_report_free(r);
    adx_marker_free(m);
}

static void test_marker(void)
{
    kv = kv_load(REF "expected/marker.csv");
    CHECK(kv.n > 0);
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    static const char *const v[] = {"A1", "A2", "A3", "A4", "A5", "C1",
                                     "C2", "C3", "C4", "C5", "O5"};
    size_t idx[11];
    for (size_t j = 0; ds && j < 11; j++)
        idx[j] = (size_t)adx_dataset_find(ds, v[j]);
    for (int lw = 0; ds && lw < 2; lw++) {
        adx_corr_options_t o;
        adx_corr_options_init(&o);
        o.missing = lw ? ADX_LISTWISE : ADX_PAIRWISE;
        adx_corr_t *c = NULL;
        adx_errctx_t e = {0};
        CHECK_OK(adx_corr(ds, idx, 11, &o, &c, &e), e);
        if (c) {
            marker_case(c, lw ? "listwise" : "pairwise", "smallest", NAN);
            marker_case(c, lw ? "listwise" : "pairwise", "fixed", 0.05);
        }
        adx_corr_free(c);
    }
    adx_marker_t *m = NULL;
    adx_errctx_t e = {0};
    CHECK(adx_marker(&(adx_corr_t){.k = 0}, "O5", NULL, &m, &e) == ADX_ENOVAR && !m);
    adx_dataset_free(ds);
    kv_report("marker-variable adjustment (Lindell & Whitney 2001, hand-coded in R; make_marker.R)");
    kv_free(&kv);
}

/* Parses and builds text, fits it to ds; NULL on failure (counted). */
static adx_sem_t *fit_text(const char *text, const adx_dataset_t *ds)
{
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_errctx_t e = {0};
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    CHECK_OK(adx_sem_parse(text, "test", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    adx_sem_syntax_free(syn);
    return s;
}

/* chisq .. srmr of f against "<tag>.fit.<measure>". */
static void fit_ref(const adx_sem_fit_t *f, const char *tag)
{
    const double v[] = {f->chisq, f->df, f->pvalue, f->cfi, f->tli, f->rmsea, f->srmr};
    static const char *const nm[] = {"chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"};
    for (size_t k = 0; k < 7; k++)
        ref(v[k], "fit", 1e-6, "%s.fit.%s", tag, nm[k]);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1 << 16);
    size_t n = f && buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    if (f)
        fclose(f);
    CHECK(n > 0);
    return buf;
}

/* The unmeasured latent method factor on seed 003 against lavaan. */
static void test_method(void)
{
    kv = kv_load(REF "expected/method.csv");
    CHECK(kv.n > 0);
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/sem/seed003.csv");
    char *text = slurp(ADX_SOURCE_DIR "/tests/reference/sem/seed003.lav"), *gen = NULL,
         *name = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(text, "seed003", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_method_syntax(syn, text, &gen, &name, &e), e);
    CHECK(name && !strcmp(name, "METHOD") && gen &&
          strstr(gen, "METHOD =~ NA*env1 + env2 + ") && strstr(gen, "METHOD ~~ 1*METHOD\n") &&
          strstr(gen, "METHOD ~~ 0*ENV + 0*ORI + 0*CAP"));
    adx_sem_t *b = ds ? fit_text(text, ds) : NULL, *m = ds && gen ? fit_text(gen, ds) : NULL;
    adx_sem_method_t *c = NULL;
    if (b && m)
        CHECK_OK(adx_sem_method_compare(b, m, name, &c, &e), e);
    if (c) {
        fit_ref(&c->fit_base, "base");
        fit_ref(&c->fit_with, "free");
        CHECK(c->n == 25 && c->heywood_with == 1 && c->converged_with);
        for (size_t k = 0; k < c->n; k++) {
            ref(c->std_base[k], "std_base", 1e-5, "base.std.%s.%s", c->factor[k], c->item[k]);
            ref(c->std_with[k], "std_with", 1e-5, "free.std.%s.%s", c->factor[k], c->item[k]);
            ref(c->std_method[k], "std_method", 1e-5, "free.std.METHOD.%s", c->item[k]);
        }
        ref(c->mean_sq_base, "mean_sq", 1e-6, "base.mean_trait_sq");
        ref(c->mean_sq_with, "mean_sq", 1e-5, "free.mean_trait_sq");
        ref(c->mean_sq_method, "mean_sq", 1e-5, "free.mean_method_sq");
        ref(c->dchisq, "dchisq", 1e-6, "free.dchisq");
        ref(c->ddf, "ddf", 0, "free.ddf");
        ref(c->dp, "dp", 1e-6, "free.dp");
        adx_report_t *r = NULL;
        CHECK_OK(adx_report_sem(b, "CFA", &r, &e), e);
        size_t before = r ? r->ntables : 0;
        if (r)
            CHECK_OK(adx_report_add_sem_method(r, c, "METHOD ~~ 1*METHOD", &e), e);
        CHECK(r && r->ntables == before + 2 && r->tables[before + 1]->nrows == 25);
        adx_report_free(r);
    }
    adx_sem_method_free(c);
    adx_sem_free(b);
    adx_sem_free(m);
    adx_sem_syntax_free(syn);
    free(text);
    free(gen);
    free(name);
    adx_dataset_free(ds);
    kv_report("unmeasured latent method factor (lavaan 0.6.14; make_method.R)");
    kv_free(&kv);
}

/* Latent interaction visual x textual -> speed on HS1939 against semTools + lavaan. */
static void test_product(void)
{
    static const char *const model =
        "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
        "speed ~ visual + textual + visual.textual\n";
    kv = kv_load(REF "expected/indprod.csv");
    CHECK(kv.n > 0);
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/sem/hs.csv");
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    char *line = NULL, text[1024];
    CHECK_OK(adx_sem_parse(model, "hs", &syn, &e), e);
    if (ds && syn)
        CHECK_OK(adx_sem_product_indicators(ds, syn, "visual", "textual", &line, &e), e);
    CHECK(line && !strcmp(line, "visual.textual =~ x1.x4 + x2.x5 + x3.x6"));
    static const char *const pv[] = {"x1.x4", "x2.x5", "x3.x6"};
    for (size_t k = 0; line && k < 3; k++) {
        const double *x = ds->vars[adx_dataset_find(ds, pv[k])].num;
        for (size_t i = 0; i < 5; i++)
            ref(x[i], "product", 1e-12, "prod.%s.%zu", pv[k], i + 1);
    }
    CHECK(adx_sem_product_indicators(ds, syn, "visual", "textual", &(char *){NULL}, &e) ==
          ADX_EUSAGE); /* x1.x4 exists now */
    CHECK(adx_sem_product_indicators(ds, syn, "visual", "nosuch", &(char *){NULL}, &e) ==
          ADX_EUSAGE);
    snprintf(text, sizeof text, "%s%s\n", model, line ? line : "");
    adx_sem_t *s = line ? fit_text(text, ds) : NULL;
    if (s) {
        fit_ref(&s->fit, "indprod");
        for (size_t i = 0; i < s->nparams; i++) {
            const adx_sem_param_t *q = &s->params[i];
            const char *op = adx_sem_op_name(q->op);
            ref(q->est, "est", 1e-5, "par.%s.%s.%s.est", q->lhs, op, q->rhs);
            if (q->free)
                ref(q->se, "se", 1e-4, "par.%s.%s.%s.se", q->lhs, op, q->rhs);
            ref(q->std_all, "std_all", 1e-5, "par.%s.%s.%s.std", q->lhs, op, q->rhs);
        }
    }
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    free(line);
    adx_dataset_free(ds);
    kv_report("latent interaction, double-mean-centred product indicators (semTools 0.5.6 "
              "indProd, lavaan 0.6.14; make_indprod.R)");
    kv_free(&kv);
}

int main(void)
{
    adx_init();
    test_resplots();
    test_marker();
    test_method();
    test_product();
    TEST_DONE();
}
