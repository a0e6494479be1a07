/* SEM against lavaan 0.6.14: parameter estimates, SEs, standardized solutions,
 * R2 and fit measures of the reference models in tests/reference/sem (made by
 * make_sem.R); the parser's errors; validity (alpha, CR, AVE, HTMT). */
#include "semref.h"

/* Largest differences seen, per statistic, for the report (relative to max(1,|ref|)). */
static double worst[16];
static const char *worst_name[16] = {"est", "se", "std_lv", "std_all", "r2", "fit"};

static void cmp(int which, double a, double b, double tol, const char *what, const char *model)
{
    ref_cmp(a, b, tol, &worst[which], what, model);
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
    /* modification indices */
    snprintf(path, sizeof path, REF "%s_mi.csv", model);
    FILE *mf = fopen(path, "r");
    if (mf) {
        fclose(mf);
        adx_dataset_t *md = load(path);
        CHECK_OK(adx_sem_modindices(s, &e), e);
        CHECK(md && md->nrows == s->nmi);
        if (md && md->nrows != s->nmi)
            fprintf(stderr, "  %s: %zu modification indices, lavaan %zu\n", model, s->nmi,
                    md->nrows);
        for (size_t k = 0; md && k < s->nmi; k++) {
            const adx_sem_mi_t *mi = &s->mi[k];
            size_t i = 0;
            while (i < md->nrows && !(!strcmp(sval(md, "lhs", i), mi->lhs) &&
                                      !strcmp(sval(md, "rhs", i), mi->rhs) &&
                                      !strcmp(sval(md, "op", i), adx_sem_op_name(mi->op))))
                i++;
            CHECK(i < md->nrows);
            if (i == md->nrows) {
                fprintf(stderr, "  %s: MI %s %s %s not in lavaan's list\n", model, mi->lhs,
                        adx_sem_op_name(mi->op), mi->rhs);
                continue;
            }
            char what[256];
            snprintf(what, sizeof what, "MI %s %s %s", mi->lhs, adx_sem_op_name(mi->op), mi->rhs);
            cmp(8, mi->mi, nval(md, "mi", i), 1e-4, what, model);
            cmp(8, mi->epc, nval(md, "epc", i), 1e-4, what, model);
            cmp(8, mi->sepc_lv, nval(md, "sepc_lv", i), 1e-4, what, model);
            cmp(8, mi->sepc_all, nval(md, "sepc_all", i), 1e-4, what, model);
        }
        adx_dataset_free(md);
    }
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

/* SEs from the observed information (lavaan information = "observed"). */
static void check_observed(const char *model, const char *data, int robust)
{
    char path[512];
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.observed_info = !robust;
    o.robust = robust;
    snprintf(path, sizeof path, REF "%s.lav", model);
    char *text = slurp(path);
    snprintf(path, sizeof path, REF "%s", data);
    adx_dataset_t *ds = load(path);
    snprintf(path, sizeof path, REF "%s_%s_params.csv", model, robust ? "mlr" : "observed");
    adx_dataset_t *pe = load(path);
    CHECK(text && ds && pe);
    if (text && ds && pe) {
        CHECK_OK(adx_sem_parse(text, model, &syn, &e), e);
        if (syn)
            CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
        if (s)
            CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
        size_t matched = 0;
        for (size_t i = 0; s && s->fitted && i < pe->nrows; i++)
            for (size_t r = 0; r < s->nparams; r++)
                if (!strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                    !strcmp(s->params[r].rhs, sval(pe, "rhs", i)) &&
                    !strcmp(adx_sem_op_name(s->params[r].op), sval(pe, "op", i))) {
                    cmp(0, s->params[r].est, nval(pe, "est", i), 1e-5, "observed est", model);
                    cmp(1, s->params[r].se, nval(pe, "se", i), 1e-5, "observed se", model);
                    matched++;
                }
        CHECK(matched == pe->nrows);
        if (robust && s && s->fitted) {
            snprintf(path, sizeof path, REF "%s_mlr_fit.csv", model);
            adx_dataset_t *fm = load(path);
            for (size_t i = 0; fm && i < fm->nrows; i++) {
                const char *nm = sval(fm, "name", i);
                if (!strcmp(nm, "chisq.scaled"))
                    cmp(5, s->fit.chisq_scaled, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "chisq.scaling.factor"))
                    cmp(5, s->fit.chisq_scaling_factor, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "pvalue.scaled"))
                    cmp(5, s->fit.pvalue_scaled, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "baseline.chisq.scaled"))
                    cmp(5, s->fit.baseline_chisq_scaled, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "cfi.scaled"))
                    cmp(5, s->fit.cfi_scaled, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "tli.scaled"))
                    cmp(5, s->fit.tli_scaled, nval(fm, "value", i), 1e-4, nm, model);
                if (!strcmp(nm, "rmsea.scaled"))
                    cmp(5, s->fit.rmsea_scaled, nval(fm, "value", i), 1e-4, nm, model);
            }
            adx_dataset_free(fm);
        }
    }
    adx_dataset_free(pe);
    adx_dataset_free(ds);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    free(text);
}

/* Full-information ML on the HS data with values missing at random (8% per item). */
static void check_fiml(void)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.fiml = 1;
    char *text = slurp(REF "hs_fiml.lav");
    adx_dataset_t *ds = load(REF "hs_missing.csv"), *pe = load(REF "hs_fiml_params.csv"),
                  *fm = load(REF "hs_fiml_fit.csv");
    CHECK(text && ds && pe && fm);
    if (!text || !ds || !pe || !fm)
        goto done;
    CHECK_OK(adx_sem_parse(text, "hs_fiml", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    if (!s || !s->fitted)
        goto done;
    CHECK(s->nparams == pe->nrows);
    size_t matched = 0;
    for (size_t i = 0; i < pe->nrows; i++)
        for (size_t r = 0; r < s->nparams; r++)
            if (!strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                !strcmp(s->params[r].rhs, sval(pe, "rhs", i)) &&
                !strcmp(adx_sem_op_name(s->params[r].op), sval(pe, "op", i))) {
                cmp(0, s->params[r].est, nval(pe, "est", i), 1e-5, "fiml est", "hs_fiml");
                cmp(1, s->params[r].se, nval(pe, "se", i), 1e-5, "fiml se", "hs_fiml");
                cmp(3, s->params[r].std_all, nval(pe, "std_all", i), 1e-5, "fiml std_all",
                    "hs_fiml");
                matched++;
            }
    CHECK(matched == pe->nrows);
    ref_fiml_fit(s, fm, "hs_fiml", 1e-4, &worst[5]);
done:
    if (e.code)
        fprintf(stderr, "  hs_fiml: %s\n", e.msg);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    adx_dataset_free(pe);
    adx_dataset_free(fm);
    free(text);
}

/* Measurement invariance across the two HS schools (lavaan group.equal). */
static void check_invariance(void)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_invariance_t *v = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    char *text = slurp(REF "hs3.lav");
    adx_dataset_t *ds = load(REF "hs.csv"), *ref = load(REF "hs_invariance.csv");
    CHECK(text && ds && ref);
    if (!text || !ds || !ref)
        goto done;
    CHECK_OK(adx_sem_parse(text, "hs3", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_invariance(syn, &o, ds, "school", &v, &e), e);
    if (!v)
        goto done;
    CHECK(v->ngroups == 2 && !strcmp(v->groups[0], "Pasteur"));
    for (int l = 0; l < 3; l++) {
        const adx_sem_inv_row_t *r = &v->rows[l];
        CHECK(r->converged);
        struct {
            const char *name;
            double v;
        } kv[] = {{"chisq", r->chisq}, {"df", r->df}, {"npar", r->npar}, {"cfi", r->cfi},
                  {"tli", r->tli}, {"rmsea", r->rmsea}, {"srmr", r->srmr},
                  {"baseline.chisq", r->baseline_chisq}, {"baseline.df", r->baseline_df}};
        for (size_t k = 0; k < sizeof kv / sizeof kv[0]; k++) {
            size_t i = 0;
            while (i < ref->nrows && !(!strcmp(sval(ref, "model", i), r->model) &&
                                       !strcmp(sval(ref, "name", i), kv[k].name)))
                i++;
            CHECK(i < ref->nrows);
            if (i < ref->nrows) {
                char what[64];
                snprintf(what, sizeof what, "%s %s", r->model, kv[k].name);
                cmp(5, kv[k].v, nval(ref, "value", i), 1e-4, what, "invariance");
            }
        }
    }
done:
    if (e.code)
        fprintf(stderr, "  invariance: %s\n", e.msg);
    adx_sem_invariance_free(v);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    adx_dataset_free(ref);
    free(text);
}

/* Covariance-matrix input: the HS CFA from the lower triangle of cov() (N - 1). */
static void check_cov_input(void)
{
    adx_errctx_t e = {0};
    char **names = NULL, *buf = NULL;
    double *cov = NULL;
    size_t k = 0;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    char *text = slurp(REF "hs3.lav");
    CHECK_OK(adx_read_cov_matrix(REF "hs_cov_lower.csv", &names, &buf, &k, &cov, &e), e);
    CHECK(k == 9);
    if (text && cov) {
        CHECK_OK(adx_sem_parse(text, "hs3", &syn, &e), e);
        if (syn)
            CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
        if (s)
            CHECK_OK(adx_sem_fit_named_cov(s, (const char *const *)names, k, cov, 301, &e), e);
    }
    adx_dataset_t *pe = load(REF "hs_cov_params.csv"), *fm = load(REF "hs_cov_fit.csv");
    for (size_t i = 0; s && s->fitted && pe && i < pe->nrows; i++)
        for (size_t r = 0; r < s->nparams; r++)
            if (!strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                !strcmp(s->params[r].rhs, sval(pe, "rhs", i)) &&
                !strcmp(adx_sem_op_name(s->params[r].op), sval(pe, "op", i))) {
                cmp(0, s->params[r].est, nval(pe, "est", i), 1e-5, "cov est", "hs_cov");
                cmp(1, s->params[r].se, nval(pe, "se", i), 1e-5, "cov se", "hs_cov");
            }
    for (size_t i = 0; s && s->fitted && fm && i < fm->nrows; i++) {
        const char *nm = sval(fm, "name", i);
        if (!strcmp(nm, "chisq"))
            cmp(5, s->fit.chisq, nval(fm, "value", i), 1e-4, nm, "hs_cov");
        if (!strcmp(nm, "rmsea"))
            cmp(5, s->fit.rmsea, nval(fm, "value", i), 1e-4, nm, "hs_cov");
        if (!strcmp(nm, "logl"))
            cmp(5, s->fit.loglik, nval(fm, "value", i), 1e-4, nm, "hs_cov");
    }
    adx_dataset_free(pe);
    adx_dataset_free(fm);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    free(names);
    free(buf);
    free(cov);
    free(text);
}

/* Parses and builds text with the default options; NULL (checks failed) on error.
 * The caller frees the model and *syn. */
static adx_sem_t *default_model(const char *text, adx_sem_syntax_t **syn)
{
    adx_errctx_t e = {0};
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    *syn = NULL;
    CHECK_OK(adx_sem_parse(text, "m.lav", syn, &e), e);
    if (*syn)
        CHECK_OK(adx_sem_build(*syn, &o, &s, &e), e);
    return s;
}

/* issue 12 item 5: an exactly identified factor whose marker loading squared is
 * r_ab r_ac / r_bc = 1.28 > 1 has a negative residual variance for a: R2 of a is
 * undefined (NaN, lavaan's NA), not 1.28; b and c keep 0.5; the Heywood flag stays. */
static void check_heywood_r2(void)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn;
    const double S[9] = {1, 0.8, 0.8, 0.8, 1, 0.5, 0.8, 0.5, 1};
    adx_sem_t *s = default_model("F =~ a + b + c", &syn);
    if (s) {
        CHECK_OK(adx_sem_fit_cov(s, S, 100, &e), e);
        CHECK(s->heywood == 1);
        CHECK(s->endogenous[0] && s->endogenous[1] && s->endogenous[2] && !s->endogenous[3]);
        CHECK(isnan(s->r2[0]));
        CHECK(fabs(s->r2[1] - 0.5) < 1e-6 && fabs(s->r2[2] - 0.5) < 1e-6);
    }
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
}

/* issue 12 item 14: a 400-factor CFA (3 indicators each) builds (parameter look-up by
 * hash; it took a minute with linear scans): 1200 loadings, 1200 residual and 400
 * factor variances, 400 * 399 / 2 factor covariances; 400 markers fixed. */
static void check_large_build(void)
{
    const size_t nf = 400;
    size_t cap = nf * 64, len = 0;
    char *text = malloc(cap);
    for (size_t f = 1; text && f <= nf; f++)
        len += (size_t)snprintf(text + len, cap - len, "f%zu =~ x%zu_1 + x%zu_2 + x%zu_3\n", f,
                                f, f, f);
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    CHECK(text != NULL);
    if (text)
        s = default_model(text, &syn);
    if (s) {
        CHECK(s->p == 1200 && s->m == 400);
        CHECK(s->nparams == 1200 + 1200 + 400 + 400 * 399 / 2);
        CHECK(s->npar == s->nparams - 400);
        const adx_sem_param_t *last = &s->params[s->nparams - 1];
        CHECK(last->op == ADX_SEM_COV && !strcmp(last->lhs, "f399") && !strcmp(last->rhs, "f400"));
    }
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    free(text);
}

/* Parses text and expects an error containing `want` (or success if NULL). */
static void check_parse(const char *text, const char *want)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    adx_error_t rc = adx_sem_parse(text, "m.lav", &syn, &e);
    if (!rc)
        rc = adx_sem_build(syn, &o, &s, &e);
    if (want) {
        CHECK(rc != ADX_OK && strstr(e.msg, want) != NULL);
        if (!(rc != ADX_OK && strstr(e.msg, want)))
            fprintf(stderr, "  parse '%s': got '%s', want '%s'\n", text, e.msg, want);
    } else {
        CHECK_OK(rc, e);
    }
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
}

static void check_parser(void)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    /* multi-line statements, comments, modifiers, ; separators */
    const char *m = "# comment\nF =~ x1 + a*x2 +\n  NA*x3 ! other comment\n   + 0.5*x4\n"
                    "F ~~ 1*F; y ~ b*F\nd := a*b - 2\n";
    CHECK_OK(adx_sem_parse(m, "m.lav", &syn, &e), e);
    if (syn) {
        CHECK(syn->n == 7);
        if (syn->n == 7) {
            CHECK(!strcmp(syn->items[1].label, "a") && !strcmp(syn->items[1].rhs, "x2"));
            CHECK(syn->items[2].free_na && syn->items[2].line == 3 && syn->items[2].col == 6);
            CHECK(syn->items[3].has_value && syn->items[3].value == 0.5);
            CHECK(syn->items[4].op == ADX_SEM_COV && syn->items[4].has_value);
            CHECK(syn->items[5].op == ADX_SEM_REGRESS && !strcmp(syn->items[5].label, "b"));
            CHECK(syn->items[6].op == ADX_SEM_DEFINE && !strcmp(syn->items[6].rhs, "a*b-2"));
        }
    }
    adx_sem_syntax_free(syn);
    adx_sem_t *s = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    CHECK_OK(adx_sem_parse(m, "m.lav", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s) {
        /* x1 marker fixed, x2 free (a), x3 free (NA), x4 fixed .5, F var fixed 1, b free,
         * residual variances of x1..x4 and y: 1 + 1 + 1 + 5 = 8 free */
        CHECK(s->npar == 8);
        CHECK(s->p == 5 && s->m == 1);
    }
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    check_parse("F =~ x1 + x2 + x3\nG =~ x4 +\n", "m.lav:3:1: expected a variable name");
    check_parse("F =~ x1 + x2 + x3\nG = x4 + x5\n", "m.lav:2:3: expected =~, ~, ~~ or :=");
    check_parse("F =~ x1 + x2 x3\n", "m.lav:1:14: unexpected 'x'");
    check_parse("F =~ x1 + 2 + x3\n", "m.lav:1:11");
    check_parse("F =~ x1 + x2\nd := a*(b\n", "m.lav:2:10: missing ')'");
    check_parse("F =~ a*x1 + x2\nd := a*q\n", "'q' in the definition of 'd' is not a parameter");
    check_parse("F =~ x1 + x2\nx1 ~ 0*1 + a*1\n", "given twice");
    check_parse("F =~ x1 + x2\nF =~ x1\n", "given twice");
    check_parse("F =~ x1 + x2 + x3\nx1 ~~ x2\nx2 ~~ x1\n", "'x2 ~~ x1' is given twice");
    check_parse("F =~ x1 + x2\nx1 == x2\n", "constraints");
    check_parse("  \n# nothing\n", "the model is empty");
    check_parse("y ~ x1 + x2 + x1:x2\n", NULL);
}

/* Bootstrap: the same seed gives identical replicates with 1 and 3 threads;
 * bootstrap SEs agree with lavaan's (2000 replicates, other RNG) within Monte
 * Carlo error: each SE has a relative MC SD of about 1/sqrt(2B), so 12% is more
 * than four SDs of the difference. */
static void check_bootstrap(void)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *a = NULL, *b = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    char *text = slurp(REF "hs3.lav");
    adx_dataset_t *ds = load(REF "hs.csv");
    CHECK(text && ds);
    if (!text || !ds)
        goto done;
    CHECK_OK(adx_sem_parse(text, "hs3", &syn, &e), e);
    o.threads = 1;
    CHECK_OK(adx_sem_build(syn, &o, &a, &e), e);
    o.threads = 3;
    CHECK_OK(adx_sem_build(syn, &o, &b, &e), e);
    if (!a || !b)
        goto done;
    CHECK_OK(adx_sem_fit_dataset(a, ds, &e), e);
    CHECK_OK(adx_sem_fit_dataset(b, ds, &e), e);
    CHECK_OK(adx_sem_bootstrap(a, 40, 7, &e), e);
    CHECK_OK(adx_sem_bootstrap(b, 40, 7, &e), e);
    if (a->boot && b->boot)
        CHECK(memcmp(a->boot, b->boot, 40 * a->nparams * sizeof(double)) == 0);
    CHECK(a->boot_used + a->boot_failed == 40);
    CHECK_OK(adx_sem_bootstrap(b, 40, 8, &e), e);
    if (a->boot && b->boot)
        CHECK(memcmp(a->boot, b->boot, 40 * a->nparams * sizeof(double)) != 0);
    o.threads = 0;
    CHECK_OK(adx_sem_bootstrap(a, 1000, 2026, &e), e);
    adx_dataset_t *bd = load(REF "hs3_boot.csv");
    for (size_t i = 0; bd && i < bd->nrows; i++)
        for (size_t r = 0; r < a->nparams; r++) {
            const adx_sem_param_t *p = &a->params[r];
            if (!p->free || strcmp(p->lhs, sval(bd, "lhs", i)) ||
                strcmp(p->rhs, sval(bd, "rhs", i)) ||
                strcmp(adx_sem_op_name(p->op), sval(bd, "op", i)))
                continue;
            double ref = nval(bd, "boot_se", i);
            CHECK(fabs(p->boot_se / ref - 1) < 0.12);
            if (!(fabs(p->boot_se / ref - 1) < 0.12))
                fprintf(stderr, "  boot se %s %s: %g vs lavaan %g\n", p->lhs, p->rhs, p->boot_se,
                        ref);
            CHECK(p->boot_lower < p->est && p->est < p->boot_upper);
            CHECK(p->boot_bc_lower < p->boot_bc_upper);
        }
    adx_dataset_free(bd);
done:
    adx_sem_free(a);
    adx_sem_free(b);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    free(text);
}

/* ---- start values (issue 12, items 1 and 2) ------------------------------------
 * Models whose first (marker) indicator is reverse-keyed against the others, and the
 * invariance sequence with a small group. References: lavaan 0.6.14 as quoted in
 * issue 12 (bfi five factors, chi2 = 4165.467, df = 265; HS three factors on the 155
 * cases with sex = 2, chi2 = 44.40, df = 24) and hs3_fit.csv (chi2 85.306, df 24):
 * reflecting an indicator changes neither the fit nor the size of any loading. */

#define DATA ADX_SOURCE_DIR "/tests/reference/data/"

static const char *const HS3 = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                               "speed =~ x7 + x8 + x9\n";
static const char *const HS3R = "visual =~ x1r + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                                "speed =~ x7 + x8 + x9\n";
static const char *const BFI5 = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5\n"
                                "E =~ E1 + E2 + E3 + E4 + E5\nN =~ N1 + N2 + N3 + N4 + N5\n"
                                "O =~ O1 + O2 + O3 + O4 + O5\n";

static double est_of(const adx_sem_t *s, const char *lhs, adx_sem_op_t op, const char *rhs)
{
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].op == op && !strcmp(s->params[r].lhs, lhs) &&
            !strcmp(s->params[r].rhs, rhs))
            return s->params[r].est;
    return NAN;
}

/* psych bfi, five factors of five items, A1 reverse-keyed against A2..A5 (lavaan's
 * default listwise deletion: n = 2436); also standardized and under FIML. */
static void check_bfi(void)
{
    adx_dataset_t *ds = load(DATA "bfi.csv");
    if (!ds)
        return;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    adx_sem_t *s = fit_text(BFI5, &o, ds);
    if (s) {
        CHECK(s->n == 2436);
        CHECK_CLOSE(s->fit.chisq, 4165.467, 2e-7);
        CHECK_CLOSE(s->fit.df, 265, 0);
        CHECK(est_of(s, "A", ADX_SEM_MEASURE, "A2") < 0 && est_of(s, "C", ADX_SEM_MEASURE, "C2") > 0);
    }
    adx_sem_free(s);
    o.std_lv = 1;
    s = fit_text(BFI5, &o, ds);
    if (s)
        CHECK_CLOSE(s->fit.chisq, 4165.467, 2e-7);
    adx_sem_free(s);
    adx_sem_options_init(&o);
    o.fiml = 1;
    s = fit_text(BFI5, &o, ds);
    adx_sem_free(s);
    adx_dataset_free(ds);
}

/* Holzinger-Swineford with x1r = 10 - x1 as the visual marker: the fit of the
 * ordinary model, the visual loadings reflected, under ML, MLR and FIML. */
static void check_hs_reflected(void)
{
    adx_errctx_t e = {0};
    adx_dataset_t *ds = load(REF "hs.csv");
    if (!ds)
        return;
    CHECK_OK(adx_compute(ds, "x1r = 10 - x1", &e), e);
    for (int mode = 0; mode < 3; mode++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.robust = mode == 1;
        o.fiml = mode == 2;
        adx_sem_t *a = fit_text(HS3, &o, ds), *b = fit_text(HS3R, &o, ds);
        if (a && b) {
            CHECK_CLOSE(b->fit.chisq, 85.306, 1e-5);
            CHECK_CLOSE(b->fit.chisq, a->fit.chisq, 1e-6);
            CHECK(b->fit.df == 24);
            const char *ind[] = {"x2", "x3", "x5", "x9"};
            const char *fac[] = {"visual", "visual", "textual", "speed"};
            double sign[] = {-1, -1, 1, 1};
            for (int k = 0; k < 4; k++)
                CHECK_CLOSE(est_of(b, fac[k], ADX_SEM_MEASURE, ind[k]),
                            sign[k] * est_of(a, fac[k], ADX_SEM_MEASURE, ind[k]), 1e-5);
            CHECK_CLOSE(est_of(b, "x1r", ADX_SEM_COV, "x1r"), est_of(a, "x1", ADX_SEM_COV, "x1"),
                        1e-5);
        }
        adx_sem_free(a);
        adx_sem_free(b);
    }
    adx_dataset_free(ds);
}

/* The HS three-factor model on the 155 cases with sex = 2 alone, then the whole
 * invariance sequence across sex: every level converges, and the configural chi2 is
 * the sum of the two groups' chi2. */
static void check_small_group(void)
{
    adx_errctx_t e = {0};
    adx_dataset_t *ds = load(REF "hs.csv"), *g2 = ds ? adx_dataset_copy(ds) : NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_invariance_t *v = NULL;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    long sx = ds ? adx_dataset_find(ds, "sex") : -1;
    CHECK(g2 && sx >= 0);
    if (!g2 || sx < 0)
        goto done;
    unsigned char *keep = calloc(ds->nrows, 1);
    for (size_t i = 0; keep && i < ds->nrows; i++)
        keep[i] = ds->vars[sx].num[i] == 2;
    CHECK(keep);
    if (keep)
        CHECK_OK(adx_dataset_keep(g2, keep, &e), e);
    free(keep);
    adx_sem_t *s = fit_text(HS3, &o, g2);
    if (s) {
        CHECK(s->n == 155);
        CHECK_CLOSE(s->fit.chisq, 44.40, 1.2e-4);
        CHECK(s->fit.df == 24);
    }
    CHECK_OK(adx_sem_parse(HS3, "hs3", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_invariance(syn, &o, ds, "sex", &v, &e), e);
    if (v && s) {
        CHECK(v->ngroups == 2);
        for (int l = 0; l < 3; l++)
            CHECK(v->rows[l].converged);
        CHECK(v->rows[0].df == 48 && v->rows[1].df == 54 && v->rows[2].df == 60);
        CHECK(v->rows[0].chisq > s->fit.chisq);
    }
    adx_sem_free(s);
done:
    adx_sem_invariance_free(v);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    adx_dataset_free(g2);
}

int main(void)
{
    adx_init();
    check_bootstrap();
    check_bfi();
    check_hs_reflected();
    check_small_group();
    check_parser();
    check_cov_input();
    check_heywood_r2();
    check_large_build();
    check_fiml();
    check_invariance();
    check_observed("hs3", "hs.csv", 0);
    check_observed("pd", "pd.csv", 0);
    check_observed("hs3", "hs.csv", 1);
    check_observed("pd", "pd.csv", 1);
    check_model("hs3", "hs.csv", 0);
    check_model("hs3_stdlv", "hs.csv", 1);
    check_model("hs_second", "hs.csv", 0);
    check_model("hs_one", "hs.csv", 0);
    check_model("hs_just", "hs.csv", 0);
    check_model("hs_means", "hs.csv", 0);
    check_model("hs_fixed", "hs.csv", 0);
    check_model("hs_xreg", "hs.csv", 0);
    check_model("hs_prod", "hs.csv", 0);
    check_model("pd", "pd.csv", 0);
    check_model("seed003", "seed003.csv", 0);
    worst_name[6] = "validity";
    worst_name[7] = "htmt/latcor";
    worst_name[8] = "modindices";
    for (int i = 0; i < 9; i++)
        printf("max rel diff %-12s %.3g\n", worst_name[i], worst[i]);
    TEST_DONE();
}
