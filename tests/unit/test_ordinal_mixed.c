/* Mixed ordered and continuous variables (issue 13 item 2, session 5): polyserial and
 * Pearson correlations with thresholds, means, variances and the Gamma of the mixed
 * statistics (lavaan lavCor(ordered = ...)), and categorical CFA with some indicators
 * ordered (lavaan cfa(..., ordered = c(...)), WLSMV and ULSMV), against
 * tests/reference/ordinal/mixed_*.csv (make_mixed.R). */
#include "ambidex/ambidex.h"
#include "refkv.h"
#include "testutil.h"

#define ORD ADX_SOURCE_DIR "/tests/reference/ordinal/"

static refkv_t ref;

static double want(const char *key)
{
    int found = 0;
    double v = kv_get(&ref, key, &found);
    if (!found)
        fprintf(stderr, "missing reference key %s\n", key);
    CHECK(found);
    return v;
}

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_csv(path, NULL, &ds, &e), e);
    return ds;
}

/* Thresholds / means, variances, correlations, covariances and Gamma of one case. */
static void mix_case(const char *tag, const char *path, const char *const *names, size_t k,
                     const unsigned char *numeric)
{
    adx_dataset_t *ds = load(path);
    size_t idx[16];
    adx_errctx_t e = {0};
    CHECK_OK(adx_dataset_lookup(ds, names, k, 1, idx, &e), e);
    adx_corr_options_t o;
    adx_corr_options_init(&o);
    o.method = ADX_POLYCHORIC;
    o.numeric = numeric;
    adx_corr_t *c = NULL;
    CHECK_OK(adx_corr(ds, idx, k, &o, &c, &e), e);
    const adx_polychoric_t *P = c ? c->poly : NULL;
    if (!P)
        goto done;
    char key[128];
    snprintf(key, sizeof key, "%s.n", tag);
    CHECK(P->n == (size_t)want(key));
    for (size_t j = 0; j < k; j++)
        for (size_t q = P->th_off[j]; q < P->th_off[j + 1]; q++) {
            if (numeric[j])
                snprintf(key, sizeof key, "%s.th.%s", tag, names[j]);
            else
                snprintf(key, sizeof key, "%s.th.%s.%zu", tag, names[j], q - P->th_off[j] + 1);
            CHECK_CLOSE(P->th[q], want(key), 1e-9);
            kv_track(numeric[j] ? "mean" : "threshold", P->th[q], want(key));
        }
    for (size_t j = 0; j < k; j++) {
        snprintf(key, sizeof key, "%s.cov.%s.%s", tag, names[j], names[j]);
        CHECK_CLOSE(P->sd[j] * P->sd[j], want(key), 1e-9);
        kv_track("variance", P->sd[j] * P->sd[j], want(key));
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = j + 1; i < k; i++) {
            double r = P->r[i + j * k];
            snprintf(key, sizeof key, "%s.rho.%s.%s", tag, names[i], names[j]);
            CHECK_CLOSE(r, want(key), 1e-6);
            kv_track(numeric[i] != numeric[j] ? "polyserial (lavaan)"
                     : numeric[i]             ? "pearson"
                                              : "polychoric",
                     r, want(key));
            snprintf(key, sizeof key, "%s.cov.%s.%s", tag, names[i], names[j]);
            CHECK_CLOSE(r * P->sd[i] * P->sd[j], want(key), 1e-6);
            if (numeric[i] != numeric[j]) {
                size_t a = numeric[i] ? i : j, b = numeric[i] ? j : i;
                snprintf(key, sizeof key, "%s.psych.rho.%s.%s", tag, names[a], names[b]);
                kv_track("polyserial (psych, other estimator)", r, want(key));
                CHECK_CLOSE(r, want(key), 0.05);
            }
        }
    CHECK(P->gamma != NULL);
    for (size_t a = 0; P->gamma && a < P->nstat; a++)
        for (size_t b = 0; b <= a; b++) {
            snprintf(key, sizeof key, "%s.gamma.%zu.%zu", tag, a + 1, b + 1);
            double g = P->gamma[a + b * P->nstat], w = want(key);
            CHECK_CLOSE(g, w, 1e-5 * (1 + fabs(w)));
            kv_track("gamma (NACOV)", g, w);
        }
done:
    adx_corr_free(c);
    adx_dataset_free(ds);
}

static void test_mixed_cor(void)
{
    static const char *const X[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
    static const unsigned char xnum[] = {0, 0, 0, 1, 1, 1, 1, 1, 1};
    static const char *const AC[] = {"A1", "A2", "A3", "A4", "A5",
                                     "C1", "C2", "C3", "C4", "C5"};
    static const unsigned char acnum[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    mix_case("hsmix", ORD "hs_mixed.csv", X, 9, xnum);
    mix_case("bfimix", ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", AC, 10, acnum);
    kv_report("mixed correlations vs lavaan 0.6.14 lavCor (psych 2.2.9 polyserial shown)");
}

/* ---- CFA with mixed indicators ----------------------------------------------- */

static void fit_check(const char *tag, const char *name, double got, double tol)
{
    char key[128];
    snprintf(key, sizeof key, "%s.fit.%s", tag, name);
    int found = 0;
    double w = kv_get(&ref, key, &found);
    CHECK(found);
    if (!found)
        return;
    if (isnan(w)) { /* lavaan's NA (robust indices with continuous indicators) */
        CHECK(isnan(got));
        return;
    }
    CHECK_CLOSE(got, w, tol);
    kv_track(name, got, w);
}

static void param_check(const char *tag, const char *lhs, const char *op, const char *rhs,
                        double est, double se, double std)
{
    char key[160];
    snprintf(key, sizeof key, "%s.%s.%s.%s.est", tag, lhs, op, rhs);
    CHECK_CLOSE(est, want(key), 2e-5);
    kv_track("estimate", est, want(key));
    snprintf(key, sizeof key, "%s.%s.%s.%s.se", tag, lhs, op, rhs);
    CHECK_CLOSE(se, want(key), 2e-5);
    kv_track("robust SE", se, want(key));
    if (isnan(std))
        return;
    snprintf(key, sizeof key, "%s.%s.%s.%s.std", tag, lhs, op, rhs);
    CHECK_CLOSE(std, want(key), 2e-5);
    kv_track("std.all", std, want(key));
}

static void cfa_case(const char *tag, const char *model, const char *path,
                     const char *const *ordered, size_t nord, int uls, int theta)
{
    adx_dataset_t *ds = load(path);
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_errctx_t e = {0};
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    o.ordinal_uls = uls;
    o.ordinal_theta = theta;
    o.ordered_vars = ordered;
    o.nordered_vars = nord;
    CHECK_OK(adx_sem_parse(model, "model", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    if (!s || !s->fitted || !s->ordinal)
        goto done;
    char key[160];
    snprintf(key, sizeof key, "%s.n", tag);
    CHECK(s->n == (size_t)want(key));
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        param_check(tag, pr->lhs, adx_sem_op_name(pr->op), pr->rhs, pr->est, pr->se,
                    pr->std_all);
    }
    const adx_sem_ordinal_t *od = s->ordinal;
    CHECK(od->nnum > 0);
    for (size_t k = 0; k < od->nth; k++) {
        char rhs[16];
        snprintf(rhs, sizeof rhs, "t%d", od->th_k[k]);
        if (od->th_k[k])
            param_check(tag, od->th_var[k], "|", rhs, od->th[k], od->th_se[k], NAN);
        else
            param_check(tag, od->th_var[k], "~1", "", od->th[k], od->th_se[k], NAN);
    }
    const adx_sem_fit_t *f = &s->fit;
    fit_check(tag, "npar", f->npar, 0);
    fit_check(tag, "df", f->df, 0);
    fit_check(tag, "chisq", f->chisq, 1e-5);
    fit_check(tag, "chisq.scaled", f->chisq_scaled, 1e-5);
    fit_check(tag, "pvalue.scaled", f->pvalue_scaled, 1e-6);
    fit_check(tag, "chisq.scaling.factor", f->chisq_scaling_factor, 1e-5);
    fit_check(tag, "baseline.chisq", f->baseline_chisq, 1e-5);
    fit_check(tag, "baseline.df", f->baseline_df, 0);
    fit_check(tag, "baseline.chisq.scaled", f->baseline_chisq_scaled, 1e-5);
    fit_check(tag, "cfi", f->cfi, 1e-6);
    fit_check(tag, "tli", f->tli, 1e-6);
    fit_check(tag, "cfi.scaled", f->cfi_scaled, 1e-6);
    fit_check(tag, "tli.scaled", f->tli_scaled, 1e-6);
    fit_check(tag, "rmsea", f->rmsea, 1e-6);
    fit_check(tag, "rmsea.scaled", f->rmsea_scaled, 1e-6);
    fit_check(tag, "srmr", f->srmr, 1e-6);
    fit_check(tag, "fmin", f->fmin, 1e-7);
    fit_check(tag, "cfi.robust", od->cfi_robust, 1e-6);
    fit_check(tag, "tli.robust", od->tli_robust, 1e-6);
    fit_check(tag, "rmsea.robust", od->rmsea_robust, 1e-6);
done:
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
}

static void test_mixed_cfa(void)
{
    static const char *const hs_ord[] = {"x1", "x2", "x3"};
    static const char *const a_ord[] = {"A1", "A2", "A3", "A4", "A5"};
    const char *mHS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9";
    const char *mAC = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5";
    cfa_case("hs", mHS, ORD "hs_mixed.csv", hs_ord, 3, 0, 0);
    cfa_case("hsuls", mHS, ORD "hs_mixed.csv", hs_ord, 3, 1, 0);
    cfa_case("hstheta", mHS, ORD "hs_mixed.csv", hs_ord, 3, 0, 1);
    cfa_case("bfi", mAC, ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", a_ord, 5, 0, 0);
    kv_report("CFA with ordered and continuous indicators (WLSMV, ULSMV) vs lavaan 0.6.14");
}

int main(void)
{
    adx_init();
    ref = kv_load(ORD "mixed_cor.csv");
    CHECK(ref.n > 0);
    test_mixed_cor();
    kv_free(&ref);
    ref = kv_load(ORD "mixed_cfa.csv");
    CHECK(ref.n > 0);
    test_mixed_cfa();
    kv_free(&ref);
    return t_fail ? (printf("%d of %d checks failed\n", t_fail, t_count), 1)
                  : (printf("all %d checks passed\n", t_count), 0);
}
