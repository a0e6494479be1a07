/* Single-group MLM (Satorra-Bentler) with fixed exogenous covariates against lavaan 0.6.14
 * (issue 13; make_mlm_fixedx.R): lavaan's Gamma conditions on the covariates. HS with
 * visual ~ ageyr + grade (three and two factors, the latter also with a mean structure and
 * equal intercepts), bfi with both factors on age and gender, a growth model on x1 and x2
 * (restricted means) and the same without covariates (Gamma at the sample means, not at the
 * model's): every fit measure (scaled chi2, scaling factors, the baseline's, scaled and
 * robust CFI/TLI/RMSEA), every estimate and robust SE, and the scaled difference test (2001
 * and 2010) of the HS model against equal textual loadings. lavaan fitted by nlminb then
 * Gauss-Newton to 1e-12: 1e-6 relative; hs2xm's estimates and SEs 2e-5 (Gauss-Newton fails
 * there, nlminb stops 5e-6 away along a flat direction: its chi2 3e-9 above ambidex's, the
 * fit measures within 1e-6). Three of the models under MLR too (the baseline's scaling
 * with fixed covariates and complete data: cfi.scaled, cfi.robust). The MLM rows of
 * mg_fixedx.csv (multi-group) are in test_sem_mg_fixedx.c. */
#include "semref.h"

static double worst_fit, worst_est, worst_se, worst_lrt, worst_c, worst_x2;

static const char H3[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                         "speed =~ x7 + x8 + x9\nvisual ~ ageyr + grade\n";
static const char H3EQ[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + l*x5 + l*x6\n"
                           "speed =~ x7 + x8 + x9\nvisual ~ ageyr + grade\n";
static const char H2[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                         "visual ~ ageyr + grade\n";
static const char H2M[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                          "visual ~ ageyr + grade\nx4 ~ i*1\nx6 ~ i*1\n";
static const char BFI[] = "agree =~ A1 + A2 + A3 + A4 + A5\nconsc =~ C1 + C2 + C3 + C4 + C5\n"
                          "agree ~ age + gender\nconsc ~ age + gender\n";

static const char GR[] = "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4\n";
static const char GRX[] = "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4\n"
                          "i ~ x1 + x2\ns ~ x1 + x2\n";

static adx_sem_t *robust_fit(const char *text, const adx_dataset_t *ds, int diff_method,
                             int growth, int robust)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = robust;
    o.diff_method = diff_method;
    o.growth = growth;
    return fit_text(text, &o, ds);
}

static void check_fit(const adx_sem_t *s, const adx_dataset_t *fm, const char *model)
{
    const adx_sem_fit_t *f = &s->fit;
    const struct {
        const char *name;
        double got;
    } kv[] = {{"ntotal", (double)s->n},
              {"npar", f->npar},
              {"chisq", f->chisq},
              {"df", f->df},
              {"pvalue", f->pvalue},
              {"chisq.scaled", f->chisq_scaled},
              {"chisq.scaling.factor", f->chisq_scaling_factor},
              {"pvalue.scaled", f->pvalue_scaled},
              {"baseline.chisq", f->baseline_chisq},
              {"baseline.df", f->baseline_df},
              {"baseline.chisq.scaled", f->baseline_chisq_scaled},
              {"baseline.chisq.scaling.factor", f->baseline_chisq_scaling_factor},
              {"cfi", f->cfi},
              {"tli", f->tli},
              {"cfi.scaled", f->cfi_scaled},
              {"tli.scaled", f->tli_scaled},
              {"cfi.robust", f->cfi_robust},
              {"tli.robust", f->tli_robust},
              {"rmsea", f->rmsea},
              {"rmsea.scaled", f->rmsea_scaled},
              {"rmsea.robust", f->rmsea_robust},
              {"rmsea.ci.lower.robust", f->rmsea_ci_lower_robust},
              {"rmsea.ci.upper.robust", f->rmsea_ci_upper_robust}};
    for (size_t k = 0; k < sizeof kv / sizeof kv[0]; k++) {
        double want = ref_fit_value(fm, model, kv[k].name);
        CHECK(!isnan(want));
        ref_cmp(kv[k].got, want, 1e-6, &worst_fit, kv[k].name, model);
    }
    /* absolute differences of the headline figures, for the report */
    double dc =
        fabs(f->chisq_scaling_factor - ref_fit_value(fm, model, "chisq.scaling.factor"));
    double dx = fabs(f->chisq_scaled - ref_fit_value(fm, model, "chisq.scaled"));
    worst_c = dc > worst_c ? dc : worst_c;
    worst_x2 = dx > worst_x2 ? dx : worst_x2;
}

static void check_lrt(const adx_dataset_t *hs, const adx_dataset_t *lrt)
{
    static const char *const methods[] = {"satorra.bentler.2001", "satorra.bentler.2010"};
    for (int me = 0; me < 2; me++) {
        adx_sem_t *m1 = robust_fit(H3, hs, ADX_SEM_DIFF_SB2001, 0, ADX_SEM_MLM);
        adx_sem_t *m0 = robust_fit(H3EQ, hs, me ? ADX_SEM_DIFF_SB2010 : ADX_SEM_DIFF_SB2001, 0,
                                   ADX_SEM_MLM);
        double x = NAN, df = NAN, pv = NAN;
        adx_errctx_t e = {0};
        if (m0 && m1)
            CHECK_OK(adx_sem_scaled_diff(m0, m1, &x, &df, &pv, &e), e);
        size_t hits = 0;
        for (size_t i = 0; i < lrt->nrows; i++)
            if (!strcmp(sval(lrt, "method", i), methods[me])) {
                ref_cmp(x, nval(lrt, "chisq_diff", i), 1e-6, &worst_lrt, "chisq", methods[me]);
                ref_cmp(df, nval(lrt, "df_diff", i), 0, &worst_lrt, "df", methods[me]);
                ref_cmp(pv, nval(lrt, "pvalue", i), 1e-6, &worst_lrt, "p", methods[me]);
                hits++;
            }
        CHECK(hits == 1);
        adx_sem_free(m0);
        adx_sem_free(m1);
    }
}

int main(void)
{
    adx_init();
    (void)ref_fiml_fit; /* semref.h helper this test does not need */
    adx_dataset_t *data[3] = {load(REF "hs.csv"),
                              load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv"),
                              load(REF "growth.csv")};
    adx_dataset_t *fm = load(REF "mlm_fixedx_fit.csv"), *pe = load(REF "mlm_fixedx_params.csv");
    adx_dataset_t *lrt = load(REF "mlm_fixedx_lrt.csv");
    const struct {
        const char *model, *text;
        int data, flat, robust; /* data: 0 hs, 1 bfi, 2 growth (growth()) */
    } cases[] = {{"hs3x", H3, 0, 0, ADX_SEM_MLM},       {"hs2x", H2, 0, 0, ADX_SEM_MLM},
                 {"hs2xm", H2M, 0, 1, ADX_SEM_MLM},     {"bfix", BFI, 1, 0, ADX_SEM_MLM},
                 {"hs3x_eq", H3EQ, 0, 0, ADX_SEM_MLM},  {"grx", GRX, 2, 0, ADX_SEM_MLM},
                 {"gr", GR, 2, 0, ADX_SEM_MLM},         {"hs3x_MLR", H3, 0, 0, ADX_SEM_MLR},
                 {"hs2xm_MLR", H2M, 0, 1, ADX_SEM_MLR}, {"bfix_MLR", BFI, 1, 0, ADX_SEM_MLR}};
    int ok = data[0] && data[1] && data[2] && fm && pe;
    for (size_t k = 0; ok && k < sizeof cases / sizeof cases[0]; k++) {
        adx_sem_t *s = robust_fit(cases[k].text, data[cases[k].data], ADX_SEM_DIFF_SB2001,
                                  cases[k].data == 2, cases[k].robust);
        if (!s)
            continue;
        check_fit(s, fm, cases[k].model);
        double tol = cases[k].flat ? 2e-5 : 1e-6;
        ref_params(s, pe, cases[k].model, tol, tol, &worst_est, &worst_se);
        adx_sem_free(s);
    }
    if (data[0] && lrt)
        check_lrt(data[0], lrt);
    printf("max rel diff fit %.3g, est %.3g, se %.3g, difference test %.3g; max abs diff "
           "scaling factor %.3g, scaled chi2 %.3g\n",
           worst_fit, worst_est, worst_se, worst_lrt, worst_c, worst_x2);
    for (size_t k = 0; k < 3; k++)
        adx_dataset_free(data[k]);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
    adx_dataset_free(lrt);
    TEST_DONE();
}
