/* Multi-group fits with fixed exogenous covariates (lavaan fixed.x = TRUE) against
 * lavaan 0.6.14 (issue 13; make_mg_fixedx.R): the HS two-factor CFA with visual ~ ageyr +
 * grade across school, configural and metric, ML, MLR and MLM (lavaan's Gamma conditional
 * on the covariates) on hs.csv and MLR with missing = "ml" on hs_missing.csv. Every fit
 * measure lavaan reports (df and the baseline count without the covariates' block; scaled
 * and robust ones) at 1e-5 relative, every estimate and SE at 5e-5 (lavaan's nlminb stops
 * about 2e-5 from the optimum; 1e-4 for the FIML SEs). */
#include "semref.h"

static double worst_fit, worst_est, worst_se;

static void check_model(const adx_sem_syntax_t *syn, const adx_dataset_t *ds,
                        const adx_dataset_t *fm, const adx_dataset_t *pe, const char *model,
                        unsigned mask, int robust, int fiml)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = robust;
    o.fiml = fiml;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_equal = mask;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_multigroup(syn, &o, ds, "school", &mo, &v, &e), e);
    if (!v)
        return;
    const adx_sem_inv_row_t *r = &v->rows[0];
    CHECK(r->converged);
    const struct {
        const char *name;
        double got;
    } kv[] = {{"npar", r->npar},
              {"chisq", r->chisq},
              {"df", r->df},
              {"pvalue", r->pvalue},
              {"chisq.scaled", r->chisq_scaled},
              {"chisq.scaling.factor", r->scaling_factor},
              {"pvalue.scaled", r->pvalue_scaled},
              {"cfi", r->cfi},
              {"tli", r->tli},
              {"rmsea", r->rmsea},
              {"cfi.scaled", r->cfi_scaled},
              {"tli.scaled", r->tli_scaled},
              {"rmsea.scaled", r->rmsea_scaled},
              {"cfi.robust", r->cfi_robust},
              {"tli.robust", r->tli_robust},
              {"rmsea.robust", r->rmsea_robust},
              {"srmr", r->srmr},
              {"baseline.chisq", r->baseline_chisq},
              {"baseline.df", r->baseline_df},
              {"baseline.chisq.scaled", r->baseline_chisq_scaled},
              {"baseline.chisq.scaling.factor", r->baseline_scaling_factor}};
    for (size_t k = 0; k < sizeof kv / sizeof kv[0]; k++) {
        double want = ref_fit_value(fm, model, kv[k].name);
        if (!isnan(want) || robust)
            ref_cmp(kv[k].got, want, 1e-5, &worst_fit, kv[k].name, model);
    }
    size_t matched = 0;
    for (size_t g = 0; g < v->ngroups; g++)
        for (size_t k = 0; k < r->nparams[g]; k++) {
            const adx_sem_param_t *p = &r->params[g][k];
            size_t i = ref_mg_row(pe, model, v->groups[g], p->lhs, p->op, p->rhs);
            if (i == (size_t)-1)
                continue;
            matched++;
            ref_cmp(p->est, nval(pe, "est", i), 5e-5, &worst_est, "est", model);
            double se = nval(pe, "se", i);
            if (se > 0)
                ref_cmp(p->se, se, fiml ? 1e-4 : 5e-5, &worst_se, "se", model);
        }
    CHECK(matched >= 2 * 27);
    adx_sem_invariance_free(v);
}

int main(void)
{
    adx_init();
    static const char model[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                                "visual ~ ageyr + grade\n";
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(model, "fx", &syn, &e), e);
    adx_dataset_t *hs = load(REF "hs.csv"), *hm = load(REF "hs_missing.csv");
    adx_dataset_t *fm = load(REF "mg_fixedx.csv"), *pe = load(REF "mg_fixedx_params.csv");
    /* semref.h helpers this test does not need */
    (void)ref_params, (void)ref_fiml_fit, (void)fit_text, (void)slurp;
    static const struct {
        const char *model;
        unsigned mask;
        int robust, fiml;
    } cases[] = {{"fx_conf_ML", 0, ADX_SEM_ML, 0},
                 {"fx_conf_MLR", 0, ADX_SEM_MLR, 0},
                 {"fx_conf_MLM", 0, ADX_SEM_MLM, 0},
                 {"fx_conf_fiml", 0, ADX_SEM_MLR, 1},
                 {"fx_metric_ML", ADX_SEM_EQ_LOADINGS, ADX_SEM_ML, 0},
                 {"fx_metric_MLR", ADX_SEM_EQ_LOADINGS, ADX_SEM_MLR, 0},
                 {"fx_metric_MLM", ADX_SEM_EQ_LOADINGS, ADX_SEM_MLM, 0},
                 {"fx_metric_fiml", ADX_SEM_EQ_LOADINGS, ADX_SEM_MLR, 1}};
    for (size_t k = 0; syn && hs && hm && fm && pe && k < sizeof cases / sizeof cases[0]; k++)
        check_model(syn, cases[k].fiml ? hm : hs, fm, pe, cases[k].model, cases[k].mask,
                    cases[k].robust, cases[k].fiml);
    printf("max rel diff fit %.3g, est %.3g, se %.3g\n", worst_fit, worst_est, worst_se);
    adx_sem_syntax_free(syn);
    adx_dataset_free(hs);
    adx_dataset_free(hm);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
    TEST_DONE();
}
