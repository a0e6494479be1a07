/* Robust ML against lavaan 0.6.14 (issue 13 items 3 and 4; make_robust.R): MLR with
 * missing = "ml" (robust FIML) on bfi, the HS data with holes and the swiss path model
 * with fixed covariates, MLR with a mean structure. Estimates, SEs and the scaled and
 * robust fit measures (FIML-C robust CFI/TLI/RMSEA with fixed covariates too). */
#include "semref.h"

static double worst_est, worst_se, worst_fit;

/* Frees two datasets and a text (any may be NULL). */
static void release(adx_dataset_t *a, adx_dataset_t *b, char *text)
{
    adx_dataset_free(a);
    adx_dataset_free(b);
    free(text);
}

/* lavaan's value of measure `name` for `model` (NaN if absent). */
static double fit_value(const adx_dataset_t *fm, const char *model, const char *name)
{
    for (size_t i = 0; i < fm->nrows; i++)
        if (!strcmp(sval(fm, "model", i), model) && !strcmp(sval(fm, "name", i), name))
            return nval(fm, "value", i);
    return NAN;
}

static void check_fit(const adx_sem_t *s, const adx_dataset_t *fm, const char *model,
                      int baseline, int robust, double tol)
{
    const adx_sem_fit_t *f = &s->fit;
    struct {
        const char *name;
        double v;
        int base;
    } fit[] = {{"chisq", f->chisq, 0}, {"df", f->df, 0}, {"npar", f->npar, 0},
               {"chisq.scaled", f->chisq_scaled, 0},
               {"chisq.scaling.factor", f->chisq_scaling_factor, 0},
               {"pvalue.scaled", f->pvalue_scaled, 0},
               {"baseline.chisq.scaled", f->baseline_chisq_scaled, 1},
               {"baseline.chisq.scaling.factor", f->baseline_chisq_scaling_factor, 1},
               {"cfi.scaled", f->cfi_scaled, 1}, {"tli.scaled", f->tli_scaled, 1},
               {"rmsea.scaled", f->rmsea_scaled, 0},
               {"cfi.robust", f->cfi_robust, 2}, {"tli.robust", f->tli_robust, 2},
               {"rmsea.robust", f->rmsea_robust, 3},
               {"rmsea.ci.lower.robust", f->rmsea_ci_lower_robust, 3},
               {"rmsea.ci.upper.robust", f->rmsea_ci_upper_robust, 3},
               {"rmsea.pvalue.robust", f->rmsea_pvalue_robust, 3}};
    for (size_t k = 0; k < sizeof fit / sizeof fit[0]; k++) {
        if ((fit[k].base == 1 && !baseline) || (fit[k].base == 2 && !(baseline && robust)) ||
            (fit[k].base == 3 && !robust))
            continue;
        double want = fit_value(fm, model, fit[k].name);
        CHECK(!isnan(want));
        ref_cmp(fit[k].v, want, tol, &worst_fit, fit[k].name, model);
    }
}

typedef struct {
    const char *model, *data, *syntax_file, *syntax;
    int fiml, baseline, estimator, robust_idx;
} robust_case_t;

static void check_mlr(void)
{
    static const robust_case_t cases[] = {
        {"bfi_fiml", ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", NULL,
         "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5\n", 1, 1, ADX_SEM_MLR, 1},
        {"hsm_fiml", REF "hs_missing.csv", REF "hs3.lav", NULL, 1, 1, ADX_SEM_MLR, 1},
        {"swiss_fx", REF "swiss_missing.csv", REF "swiss.lav", NULL, 1, 1, ADX_SEM_MLR, 1},
        {"hs_means", REF "hs.csv", REF "hs_means.lav", NULL, 0, 1, ADX_SEM_MLR, 1},
        {"hs3_mlr", REF "hs.csv", REF "hs3.lav", NULL, 0, 1, ADX_SEM_MLR, 1},
        {"hs3o_mlr", REF "hs.csv", REF "hs3.lav", NULL, 0, 1, ADX_SEM_MLR, 1},
        {"hs3_mlm", REF "hs.csv", REF "hs3.lav", NULL, 0, 1, ADX_SEM_MLM, 1},
        {"hs3o_mlm", REF "hs.csv", REF "hs3.lav", NULL, 0, 1, ADX_SEM_MLM, 1},
        {"pd_mlm", REF "pd.csv", REF "pd.lav", NULL, 0, 1, ADX_SEM_MLM, 1},
    };
    adx_dataset_t *fm = load(REF "robust_fit.csv"), *pe = load(REF "robust_params.csv");
    for (size_t k = 0; fm && pe && k < sizeof cases / sizeof cases[0]; k++) {
        const robust_case_t *c = &cases[k];
        char *text = c->syntax_file ? slurp(c->syntax_file) : strdup(c->syntax);
        adx_dataset_t *ds = load(c->data);
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.fiml = c->fiml;
        o.robust = c->estimator;
        o.orthogonal = strstr(c->model, "hs3o") != NULL;
        adx_sem_t *s = text && ds ? fit_text(text, &o, ds) : NULL;
        if (s) {
            ref_params(s, pe, c->model, 1e-5, 1e-5, &worst_est, &worst_se);
            check_fit(s, fm, c->model, c->baseline, c->robust_idx, 1e-5);
            if (c->fiml)
                ref_fiml_fit(s, fm, c->model, 1e-5, &worst_fit);
        }
        adx_sem_free(s);
        release(ds, NULL, text);
    }
    release(fm, pe, NULL);
}

/* The bootstrap of a model with a mean structure (hs_means.lav, 2000 resamples)
 * against lavaan's bootstrap SEs (its own 2000 resamples, so agreement only within
 * sampling error: every free row within 15%), and the replicates do not depend on the
 * thread count. */
static void check_boot_means(void)
{
    char *text = slurp(REF "hs_means.lav");
    adx_dataset_t *ds = load(REF "hs.csv"), *pe = load(REF "robust_boot.csv");
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    double se1[64] = {0};
    for (int threads = 1; text && ds && pe && threads <= 2; threads++) {
        o.threads = threads;
        adx_sem_t *s = fit_text(text, &o, ds);
        adx_errctx_t e = {0};
        if (!s)
            continue;
        CHECK_OK(adx_sem_bootstrap(s, 2000, 7, &e), e);
        size_t nint = 0, matched = 0;
        for (size_t r = 0; r < s->nparams && r < 64; r++) {
            const adx_sem_param_t *pr = &s->params[r];
            if (!pr->free)
                continue;
            nint += pr->op == ADX_SEM_INTERCEPT;
            for (size_t i = 0; i < pe->nrows; i++)
                if (!strcmp(pr->lhs, sval(pe, "lhs", i)) && !strcmp(pr->rhs, sval(pe, "rhs", i)) &&
                    !strcmp(adx_sem_op_name(pr->op), sval(pe, "op", i))) {
                    double ratio = pr->boot_se / nval(pe, "se", i);
                    if (threads == 1 && !(fabs(ratio - 1.0) < 0.15))
                        fprintf(stderr, "  %s %s: boot se %g, lavaan %g\n", pr->lhs, pr->rhs,
                                pr->boot_se, nval(pe, "se", i));
                    CHECK(fabs(ratio - 1.0) < 0.15);
                    matched++;
                }
            if (threads == 1)
                se1[r] = pr->boot_se;
            else
                CHECK(se1[r] == pr->boot_se);
        }
        CHECK(nint >= 8 && matched == s->npar + 1 && s->boot_used == 2000);
        adx_sem_free(s);
    }
    release(ds, pe, text);
}

/* Satorra-Bentler (2001) scaled difference of the HS CFA and its orthogonal version
 * under MLM and MLR, as lavTestLRT. */
static void check_scaled_diff(void)
{
    char *text = slurp(REF "hs3.lav");
    adx_dataset_t *ds = load(REF "hs.csv"), *lrt = load(REF "robust_lrt.csv");
    const char *tests[] = {"mlm", "mlr"};
    for (int k = 0; text && ds && lrt && k < 2; k++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.robust = k ? ADX_SEM_MLR : ADX_SEM_MLM;
        adx_sem_t *m1 = fit_text(text, &o, ds);
        o.orthogonal = 1;
        adx_sem_t *m0 = fit_text(text, &o, ds);
        double x = NAN, df = NAN, pv = NAN;
        adx_errctx_t e = {0};
        if (m0 && m1)
            CHECK_OK(adx_sem_scaled_diff(m0, m1, &x, &df, &pv, &e), e);
        for (size_t i = 0; i < lrt->nrows; i++)
            if (!strcmp(sval(lrt, "test", i), tests[k])) {
                ref_cmp(x, nval(lrt, "chisq_diff", i), 1e-5, &worst_fit, "chisq_diff", tests[k]);
                ref_cmp(df, nval(lrt, "df_diff", i), 0, &worst_fit, "df_diff", tests[k]);
                ref_cmp(pv, nval(lrt, "pvalue", i), 1e-5, &worst_fit, "pvalue", tests[k]);
            }
        adx_sem_free(m0);
        adx_sem_free(m1);
    }
    release(ds, lrt, text);
}

/* Bollen-Stine p of the PoliticalDemocracy model (2000 resamples): the same for any
 * thread count, within 0.1 of the normal-theory p (chi2 38.1, df 35: these data are
 * close to normal) and, when make_robust.R has written lavaan's own 2000-resample
 * value (robust_bollen_stine.csv), within 0.05 of it (about three sampling SEs). */
static void check_bollen_stine(void)
{
    char *text = slurp(REF "pd.lav");
    adx_dataset_t *ds = load(REF "pd.csv"), *ref = NULL;
    FILE *fr = fopen(REF "robust_bollen_stine.csv", "r");
    if (fr) {
        fclose(fr);
        ref = load(REF "robust_bollen_stine.csv");
    }
    double p1 = NAN;
    for (int threads = 1; text && ds && threads <= 2; threads++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.threads = threads;
        adx_sem_t *s = fit_text(text, &o, ds);
        adx_errctx_t e = {0};
        if (!s)
            continue;
        CHECK_OK(adx_sem_bollen_stine(s, 2000, 11, &e), e);
        double bs = s->fit.bollen_stine_pvalue;
        printf("Bollen-Stine p: %.4f (normal theory %.4f), %g replicates\n", bs, s->fit.pvalue,
               s->fit.bollen_stine_used);
        CHECK(fabs(bs - s->fit.pvalue) < 0.1 && s->fit.bollen_stine_used >= 1990);
        if (ref) {
            printf("  lavaan: %.4f\n", nval(ref, "boot_pvalue", 0));
            CHECK(fabs(bs - nval(ref, "boot_pvalue", 0)) < 0.05);
        }
        if (threads == 1)
            p1 = bs;
        else
            CHECK(p1 == bs);
        adx_sem_free(s);
    }
    release(ds, ref, text);
}

int main(void)
{
    adx_init();
    check_mlr();
    check_boot_means();
    check_scaled_diff();
    check_bollen_stine();
    printf("max rel diff est %.3g, se %.3g, fit %.3g\n", worst_est, worst_se, worst_fit);
    TEST_DONE();
}
