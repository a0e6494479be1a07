/* Multi-group CFA against lavaan 0.6.14 (issue 13 items 7 and 8; make_invariance.R): the
 * invariance sequence configural, metric, scalar, strict; partial invariance
 * (group.partial = c("x3~1", "speed=~x9")); one fit with every group.equal name; under ML,
 * MLR and MLM. Fit measures (scaled and robust too), per-group estimates, SEs, std.all and
 * the Satorra-Bentler (2001) scaled difference tests; the sequence with FIML (missing =
 * "ml") on hs_missing.csv under ML and MLR. */
#include "semref.h"

static double worst_fit, worst_est, worst_se, worst_std, worst_lrt;

/* lavaan's fit measure (NaN if absent). */
static double ref_fit(const adx_dataset_t *fm, const char *est, const char *model,
                      const char *name)
{
    for (size_t i = 0; i < fm->nrows; i++)
        if (!strcmp(sval(fm, "estimator", i), est) && !strcmp(sval(fm, "model", i), model) &&
            !strcmp(sval(fm, "name", i), name))
            return nval(fm, "value", i);
    return NAN;
}

static void check_row_fit(const adx_sem_inv_row_t *r, const adx_dataset_t *fm, const char *est,
                          const char *model)
{
    struct {
        const char *name;
        double v;
        int robust;
    } kv[] = {{"chisq", r->chisq, 0},
              {"df", r->df, 0},
              {"npar", r->npar, 0},
              {"pvalue", r->pvalue, 0},
              {"cfi", r->cfi, 0},
              {"tli", r->tli, 0},
              {"rmsea", r->rmsea, 0},
              {"srmr", r->srmr, 0},
              {"baseline.chisq", r->baseline_chisq, 0},
              {"baseline.df", r->baseline_df, 0},
              {"chisq.scaled", r->chisq_scaled, 1},
              {"chisq.scaling.factor", r->scaling_factor, 1},
              {"pvalue.scaled", r->pvalue_scaled, 1},
              {"baseline.chisq.scaled", r->baseline_chisq_scaled, 1},
              {"baseline.chisq.scaling.factor", r->baseline_scaling_factor, 1},
              {"cfi.scaled", r->cfi_scaled, 1},
              {"tli.scaled", r->tli_scaled, 1},
              {"rmsea.scaled", r->rmsea_scaled, 1},
              {"cfi.robust", r->cfi_robust, 1},
              {"tli.robust", r->tli_robust, 1},
              {"rmsea.robust", r->rmsea_robust, 1}};
    char what[96];
    snprintf(what, sizeof what, "%s %s", est, model);
    CHECK(r->converged);
    for (size_t k = 0; k < sizeof kv / sizeof kv[0]; k++) {
        if (kv[k].robust && !strcmp(est, "ML"))
            continue;
        double want = ref_fit(fm, est, model, kv[k].name);
        CHECK(!isnan(want));
        ref_cmp(kv[k].v, want, 1e-5, &worst_fit, kv[k].name, what);
    }
}

/* Every per-group parameter row of lavaan's (est, model) against row r. */
static void check_row_params(const adx_sem_invariance_t *v, const adx_sem_inv_row_t *r,
                             const adx_dataset_t *pe, const char *est, const char *model)
{
    size_t want = 0, matched = 0;
    char what[96];
    snprintf(what, sizeof what, "%s %s", est, model);
    for (size_t i = 0; i < pe->nrows; i++) {
        if (strcmp(sval(pe, "estimator", i), est) || strcmp(sval(pe, "model", i), model))
            continue;
        want++;
        size_t g = 0;
        while (g < v->ngroups && strcmp(v->groups[g], sval(pe, "group", i)))
            g++;
        for (size_t k = 0; g < v->ngroups && k < r->nparams[g]; k++) {
            const adx_sem_param_t *p = &r->params[g][k];
            if (strcmp(p->lhs, sval(pe, "lhs", i)) || strcmp(p->rhs, sval(pe, "rhs", i)) ||
                strcmp(adx_sem_op_name(p->op), sval(pe, "op", i)))
                continue;
            /* lavaan's nlminb stops up to 1.5e-5 (relative) short of the optimum */
            ref_cmp(p->est, nval(pe, "est", i), 5e-5, &worst_est, "est", what);
            ref_cmp(p->se, nval(pe, "se", i), 5e-5, &worst_se, "se", what);
            ref_cmp(p->std_all, nval(pe, "std_all", i), 5e-5, &worst_std, "std.all", what);
            matched++;
        }
    }
    CHECK(want > 0 && matched == want);
}

static void check_lrt(const adx_sem_inv_row_t *r, const adx_dataset_t *lr, const char *est)
{
    for (size_t i = 0; i < lr->nrows; i++) {
        const char *me = sval(lr, "method", i);
        if (strcmp(sval(lr, "estimator", i), est) || strcmp(sval(lr, "model", i), r->model) ||
            (strcmp(me, "default") && strcmp(me, "satorra.bentler.2001")))
            continue;
        int rob = strcmp(est, "ML") != 0;
        ref_cmp(rob ? r->delta_chisq_scaled : r->delta_chisq, nval(lr, "chisq", i), 5e-5,
                &worst_lrt, "delta chisq", est);
        ref_cmp(r->delta_df, nval(lr, "df", i), 0, &worst_lrt, "delta df", est);
        ref_cmp(rob ? r->delta_pvalue_scaled : r->delta_pvalue, nval(lr, "pvalue", i), 5e-5,
                &worst_lrt, "delta p", est);
    }
}

static int use_fiml; /* the FIML fits (make_invariance.R, mgf_*.csv) */

static adx_sem_invariance_t *fit(const adx_sem_syntax_t *syn, const adx_dataset_t *ds,
                                 int robust, const adx_sem_mg_options_t *mo)
{
    adx_errctx_t e = {0};
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = robust;
    o.fiml = use_fiml;
    adx_sem_invariance_t *v = NULL;
    CHECK_OK(adx_sem_multigroup(syn, &o, ds, "school", mo, &v, &e), e);
    return v;
}

/* The sequence configural, metric, scalar, strict. */
static void check_sequence(const adx_sem_syntax_t *syn, const adx_dataset_t *ds,
                           const adx_dataset_t *fm, const adx_dataset_t *pe,
                           const adx_dataset_t *lr, const char *est, int robust)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    adx_sem_invariance_t *v = fit(syn, ds, robust, &mo);
    CHECK(v && v->nrows == 4);
    for (size_t l = 0; v && l < v->nrows; l++) {
        check_row_fit(&v->rows[l], fm, est, v->rows[l].model);
        check_row_params(v, &v->rows[l], pe, est, v->rows[l].model);
        if (l)
            check_lrt(&v->rows[l], lr, est);
    }
    adx_sem_invariance_free(v);
}

static void check_estimator(const adx_sem_syntax_t *syn, const adx_dataset_t *ds,
                            const adx_dataset_t *fm, const adx_dataset_t *pe,
                            const adx_dataset_t *lr, const char *est, int robust)
{
    check_sequence(syn, ds, fm, pe, lr, est, robust);
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    adx_sem_invariance_t *v = NULL;
    mo.group_partial = "x3 ~ 1, speed =~ x9";
    v = fit(syn, ds, robust, &mo);
    if (v) {
        check_row_fit(&v->rows[2], fm, est, "partial");
        check_row_params(v, &v->rows[2], pe, est, "partial");
    }
    adx_sem_invariance_free(v);
    adx_errctx_t e = {0};
    mo.group_partial = NULL;
    mo.single = 1;
    CHECK_OK(adx_sem_group_equal_parse("loadings, intercepts,residuals,means,lv.variances,"
                                       "lv.covariances,regressions,residual.covariances",
                                       &mo.group_equal, &e),
             e);
    CHECK(mo.group_equal == 0xff);
    v = fit(syn, ds, robust, &mo);
    CHECK(v && v->nrows == 1);
    if (v) {
        check_row_fit(&v->rows[0], fm, est, "all");
        check_row_params(v, &v->rows[0], pe, est, "all");
    }
    adx_sem_invariance_free(v);
}

static double worst_score;

/* lavTestScore's univariate tests (inv_score.csv rows of `data`) against the sequence
 * fitted with score_tests: every constraint of metric, scalar and strict. */
static void check_scores(const adx_sem_syntax_t *syn, const adx_dataset_t *ds,
                         const adx_dataset_t *sc, const char *data)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.score_tests = 1;
    adx_sem_invariance_t *v = fit(syn, ds, ADX_SEM_ML, &mo);
    size_t want = 0, matched = 0;
    for (size_t i = 0; v && i < sc->nrows; i++) {
        if (strcmp(sval(sc, "data", i), data))
            continue;
        want++;
        for (size_t l = 1; l < v->nrows; l++) {
            const adx_sem_inv_row_t *r = &v->rows[l];
            if (strcmp(r->model, sval(sc, "model", i)))
                continue;
            for (size_t k = 0; k < r->nscore; k++) {
                const adx_sem_score_t *t = &r->score[k];
                if (!ref_score_row(t, (const char *const *)v->groups, sc, i))
                    continue;
                matched++;
                ref_cmp(t->x2, nval(sc, "X2", i), 1e-4, &worst_score, "score X2", data);
                ref_cmp(t->pvalue, nval(sc, "pvalue", i), 1e-4, &worst_score, "score p", data);
            }
        }
    }
    size_t have = 0; /* no test lavaan does not have */
    for (size_t l = 1; v && l < v->nrows; l++)
        have += v->rows[l].nscore;
    CHECK(want > 0 && matched == want && have == want);
    adx_sem_invariance_free(v);
}

/* Bad group.equal and group.partial input: clear usage errors. */
static void check_errors(const adx_sem_syntax_t *syn, const adx_dataset_t *ds)
{
    adx_errctx_t e = {0};
    unsigned mask = 0;
    CHECK(adx_sem_group_equal_parse("loadings,intercept", &mask, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "'intercept'") != NULL);
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.group_partial = "visual =~ x9";
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e2 = {0};
    CHECK(adx_sem_multigroup(syn, &o, ds, "school", &mo, &v, &e2) == ADX_EUSAGE && !v);
    CHECK(strstr(e2.msg, "visual =~ x9") != NULL);
}

int main(void)
{
    adx_init();
    (void)fit_text; /* semref.h helpers this test does not need */
    (void)ref_fiml_fit;
    adx_errctx_t e = {0};
    char *text = slurp(REF "hs3.lav");
    adx_dataset_t *ds = load(REF "hs.csv"), *fm = load(REF "inv_fit.csv");
    adx_dataset_t *pe = load(REF "inv_params.csv"), *lr = load(REF "inv_lrt.csv");
    adx_sem_syntax_t *syn = NULL;
    if (text)
        CHECK_OK(adx_sem_parse(text, "hs3", &syn, &e), e);
    if (syn && ds && fm && pe && lr) {
        check_estimator(syn, ds, fm, pe, lr, "ML", ADX_SEM_ML);
        check_estimator(syn, ds, fm, pe, lr, "MLR", ADX_SEM_MLR);
        check_estimator(syn, ds, fm, pe, lr, "MLM", ADX_SEM_MLM);
        check_errors(syn, ds);
    }
    adx_dataset_t *sc = load(REF "inv_score.csv");
    if (syn && ds && sc)
        check_scores(syn, ds, sc, "complete");
    printf("complete data: max rel diff fit %.3g, est %.3g, se %.3g, std.all %.3g, scaled "
           "difference %.3g\n", worst_fit, worst_est, worst_se, worst_std, worst_lrt);
    worst_fit = worst_est = worst_se = worst_std = worst_lrt = 0;
    /* FIML (missing = "ml") on the holes of hs_missing.csv */
    adx_dataset_t *dm = load(REF "hs_missing.csv"), *fm2 = load(REF "mgf_fit.csv");
    adx_dataset_t *pe2 = load(REF "mgf_params.csv"), *lr2 = load(REF "mgf_lrt.csv");
    use_fiml = 1;
    if (syn && dm && fm2 && pe2 && lr2) {
        check_sequence(syn, dm, fm2, pe2, lr2, "ML", ADX_SEM_ML);
        check_sequence(syn, dm, fm2, pe2, lr2, "MLR", ADX_SEM_MLR);
        if (sc)
            check_scores(syn, dm, sc, "fiml");
    }
    adx_dataset_free(sc);
    adx_dataset_free(dm);
    adx_dataset_free(fm2);
    adx_dataset_free(pe2);
    adx_dataset_free(lr2);
    printf("score tests (lavTestScore): max rel diff %.3g\nFIML: ", worst_score);
    printf("max rel diff fit %.3g, est %.3g, se %.3g, std.all %.3g, scaled difference %.3g\n",
           worst_fit, worst_est, worst_se, worst_std, worst_lrt);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
    adx_dataset_free(lr);
    free(text);
    TEST_DONE();
}
