/* Inequality constraints and growth models in multi-group fits against lavaan 0.6.14
 * (issue 13 items 5/8). make_mg_bounds.R: the HS CFA across school with l3 < 0.5
 * (active) and v2 > 0 (inactive), labels shared by the groups, configural and scalar. The fit measures and
 * npar/df against lavaan's bounded fits; estimates against them at 2e-4 (nlminb.constr
 * stops about 1e-6 from the bound) and against the fits with l3 fixed at its bound at
 * 1e-5; SEs (lavaan's conditional SEs) against the fixed fits, the active row's SE NaN;
 * chi2 and SRMR against the fixed fits, p, CFI, TLI, RMSEA against the bounded ones.
 * Also a bound on one group's c() label (c(l3a, l3b)*x3, l3a < 0.5). make_growth_mg.R:
 * lavaan's growth(group = "grp") of the linear growth model, configural and with equal
 * latent means (the same tolerances; the model is its own "fixed" fit). */
#include "semref.h"

static double worst_fit, worst_est, worst_fixed, worst_se;

/* One multi-group fit: lavaan's model (fit and estimates) and fixed (the exact optimum:
 * estimates, SEs, chi2, SRMR; the same model without bounds), the grouping variable, the
 * group.equal mask, the rows expected at a bound, lavaan's growth() conventions. */
typedef struct {
    const char *model, *fixed, *group;
    unsigned mask;
    size_t nactive;
    int growth;
} case_t;

static void check_level(const adx_sem_syntax_t *syn, const adx_dataset_t *hs,
                        const adx_dataset_t *fm, const adx_dataset_t *pe, const case_t *c)
{
    const char *model = c->model, *fixed = c->fixed;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.growth = c->growth;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_equal = c->mask;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_multigroup(syn, &o, hs, c->group, &mo, &v, &e), e);
    if (!v)
        return;
    const adx_sem_inv_row_t *r = &v->rows[0];
    CHECK(r->converged);
    ref_cmp(r->npar, ref_fit_value(fm, model, "npar"), 0, &worst_fit, "npar", model);
    ref_cmp(r->df, ref_fit_value(fm, model, "df"), 0, &worst_fit, "df", model);
    /* chi2 and SRMR at the exact optimum (the fixed fit); the df-dependent measures
     * against the bounded fit (its df counts l3 as free, as ambidex's) */
    static const char *const names[] = {"chisq", "srmr", "pvalue", "cfi", "tli", "rmsea"};
    const double got[] = {r->chisq, r->srmr, r->pvalue, r->cfi, r->tli, r->rmsea};
    for (size_t k = 0; k < 6; k++)
        ref_cmp(got[k], ref_fit_value(fm, k < 2 ? fixed : model, names[k]), k < 2 ? 1e-6 : 1e-5,
                &worst_fit, names[k], model);
    size_t matched = 0, active = 0;
    for (size_t g = 0; g < v->ngroups; g++)
        for (size_t k = 0; k < r->nparams[g]; k++) {
            const adx_sem_param_t *p = &r->params[g][k];
            size_t i = ref_mg_row(pe, model, v->groups[g], p->lhs, p->op, p->rhs);
            size_t j = ref_mg_row(pe, fixed, v->groups[g], p->lhs, p->op, p->rhs);
            if (i == (size_t)-1 || j == (size_t)-1)
                continue;
            matched++;
            ref_cmp(p->est, nval(pe, "est", i), 2e-4, &worst_est, "est", model);
            ref_cmp(p->est, nval(pe, "est", j), 1e-5, &worst_fixed, "est (fixed)", model);
            if (p->at_bound) {
                active++;
                CHECK(p->at_bound == 1 && isnan(p->se) && !strcmp(p->rhs, "x3"));
            } else {
                ref_cmp(p->se, nval(pe, "se", j), 1e-4, &worst_se, "se", model);
            }
        }
    CHECK(matched > 30 && active == c->nactive);
    adx_sem_invariance_free(v);
}

int main(void)
{
    adx_init();
    (void)ref_params; /* semref.h helpers this test does not need */
    (void)ref_fiml_fit;
    (void)fit_text;
    (void)slurp;
    static const char model[] = "visual =~ x1 + x2 + l3*x3\ntextual =~ x4 + x5 + x6\n"
                                "speed =~ x7 + x8 + x9\nx2 ~~ v2*x2\nl3 < 0.5\nv2 > 0\n";
    adx_dataset_t *hs = load(REF "hs.csv"), *fm = load(REF "mgb_fit.csv");
    adx_dataset_t *pe = load(REF "mgb_params.csv");
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(model, "mgb", &syn, &e), e);
    static const case_t cases[] = {
        {"mgb_conf", "mgb_conf_fixed", "school", 0, 2, 0},
        {"mgb_scalar", "mgb_scalar_fixed", "school", ADX_SEM_EQ_LOADINGS | ADX_SEM_EQ_INTERCEPTS,
         2, 0},
        {"mgb_glabel", "mgb_glabel_fixed", "school", 0, 1, 0},
        {"gmg_conf", "gmg_conf", "grp", 0, 0, 1},
        {"gmg_means", "gmg_means", "grp", ADX_SEM_EQ_MEANS, 0, 1}};
    /* a bound on one group's c() label (that group's loading only); a growth model */
    static const char glabel[] = "visual =~ x1 + x2 + c(l3a, l3b)*x3\ntextual =~ x4 + x5 + x6\n"
                                 "speed =~ x7 + x8 + x9\nl3a < 0.5\n";
    static const char growth[] = "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\n"
                                 "s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4\n";
    adx_sem_syntax_t *syn2 = NULL, *syn3 = NULL;
    CHECK_OK(adx_sem_parse(glabel, "mgb_glabel", &syn2, &e), e);
    CHECK_OK(adx_sem_parse(growth, "gmg", &syn3, &e), e);
    adx_dataset_t *gd = load(REF "growth_mg.csv"), *gfm = load(REF "growth_mg_fit.csv");
    adx_dataset_t *gpe = load(REF "growth_mg_params.csv");
    for (size_t k = 0; syn && syn2 && syn3 && hs && fm && pe && gd && gfm && gpe && k < 5; k++)
        check_level(k < 2 ? syn : k < 3 ? syn2 : syn3, k < 3 ? hs : gd, k < 3 ? fm : gfm,
                    k < 3 ? pe : gpe, &cases[k]);
    adx_sem_syntax_free(syn2);
    adx_sem_syntax_free(syn3);
    adx_dataset_free(gd);
    adx_dataset_free(gfm);
    adx_dataset_free(gpe);
    printf("max rel diff fit %.3g, est %.3g (fixed model %.3g), se %.3g\n", worst_fit, worst_est,
           worst_fixed, worst_se);
    adx_sem_syntax_free(syn);
    adx_dataset_free(hs);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
    TEST_DONE();
}
