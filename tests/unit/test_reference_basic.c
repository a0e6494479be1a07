/* describe and corr against R (tests/reference/make_basic.R) on longley and bfi,
 * and mean/SD against the NIST StRD certified values for NumAcc1-4.
 * Agreement required: 1e-10 relative. Prints the largest differences seen. */
#include "ambidex/adx_stats.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/"

static adx_dataset_t *load(const char *path)
{
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    if (adx_read_csv(path, NULL, &ds, &e) != ADX_OK) {
        fprintf(stderr, "cannot read %s: %s\n", path, e.msg);
        t_fail++;
        return NULL;
    }
    return ds;
}

static double max_rel = 0, max_abs = 0;

/* Relative agreement |a - b| <= tol |b| (exact zero must match exactly). */
static void check_rel(double a, double b, double tol, const char *what, const char *name)
{
    t_count++;
    if (isnan(a) && isnan(b))
        return;
    double d = fabs(a - b), rel = b != 0 ? d / fabs(b) : d;
    if (rel > max_rel)
        max_rel = rel;
    if (d > max_abs)
        max_abs = d;
    if (!(rel <= tol)) {
        t_fail++;
        fprintf(stderr, "%s %s: got %.17g, R %.17g (rel %.3g)\n", what, name, a, b, rel);
    }
}

static void test_describe(const char *data, const char *expected)
{
    adx_dataset_t *ds = load(data), *ex = load(expected);
    if (!ds || !ex)
        goto done;
    static const char *keys[] = {"mean", "sd", "min", "max", "skewness", "skewness_se",
                                 "kurtosis", "kurtosis_se"};
    long name_col = adx_dataset_find(ex, "name");
    CHECK(name_col >= 0);
    for (size_t r = 0; name_col >= 0 && r < ex->nrows; r++) {
        const char *name = ex->vars[name_col].str[r];
        size_t idx;
        adx_errctx_t e = {0};
        CHECK_OK(adx_dataset_lookup(ds, &name, 1, 1, &idx, &e), e);
        adx_summary_t s;
        adx_summarize(ds->vars[idx].num, ds->nrows, &s);
        CHECK((double)s.n == ex->vars[adx_dataset_find(ex, "n")].num[r]);
        CHECK((double)s.missing == ex->vars[adx_dataset_find(ex, "missing")].num[r]);
        double got[] = {s.mean, s.sd, s.min, s.max, s.skewness, s.skewness_se, s.kurtosis,
                        s.kurtosis_se};
        for (int k = 0; k < 8; k++)
            check_rel(got[k], ex->vars[adx_dataset_find(ex, keys[k])].num[r], 1e-10, keys[k],
                      name);
    }
done:
    adx_dataset_free(ds);
    adx_dataset_free(ex);
}

static void test_corr(const char *data, const char *stem, size_t nvars, adx_corr_method_t m,
                      adx_missing_t miss)
{
    char path[1024];
    const char *which[] = {"r", "p", "n"};
    adx_dataset_t *ds = load(data), *ex[3] = {NULL, NULL, NULL};
    for (int w = 0; w < 3; w++) {
        snprintf(path, sizeof path, "%s_%s.csv", stem, which[w]);
        ex[w] = load(path);
    }
    if (!ds || !ex[0] || !ex[1] || !ex[2])
        goto done;
    CHECK(ex[0]->nvars == nvars);
    size_t idx[64];
    const char *names[64];
    for (size_t j = 0; j < nvars; j++)
        names[j] = ex[0]->vars[j].name;
    adx_errctx_t e = {0};
    CHECK_OK(adx_dataset_lookup(ds, names, nvars, 1, idx, &e), e);
    adx_corr_options_t o;
    adx_corr_options_init(&o);
    o.method = m;
    o.missing = miss;
    adx_corr_t *c = NULL;
    CHECK_OK(adx_corr(ds, idx, nvars, &o, &c, &e), e);
    if (!c)
        goto done;
    for (size_t i = 0; i < nvars; i++)
        for (size_t j = 0; j < nvars; j++) {
            /* R's Spearman diagonal can be 1 - 2e-16: compare off-diagonal only. */
            if (i != j) {
                check_rel(c->r[i + j * nvars], ex[0]->vars[j].num[i], 1e-10, "r", stem);
                check_rel(c->p[i + j * nvars], ex[1]->vars[j].num[i], 1e-10, "p", stem);
            }
            CHECK((double)c->n[i + j * nvars] == ex[2]->vars[j].num[i]);
        }
    adx_corr_free(c);
done:
    adx_dataset_free(ds);
    for (int w = 0; w < 3; w++)
        adx_dataset_free(ex[w]);
}

int main(void)
{
    adx_init();
    test_describe(REF "data/longley.csv", REF "expected/describe_longley.csv");
    test_describe(REF "data/bfi.csv", REF "expected/describe_bfi.csv");
    printf("describe vs R: max relative difference %.3g, max abs %.3g\n", max_rel, max_abs);

    max_rel = max_abs = 0;
    const char *sets[] = {"longley", "bfi"};
    const size_t nv[] = {7, 26};
    const char *methods[] = {"pearson", "spearman"}, *missing[] = {"pairwise", "listwise"};
    for (int s = 0; s < 2; s++)
        for (int m = 0; m < 2; m++)
            for (int w = 0; w < 2; w++) {
                char data[512], stem[512];
                snprintf(data, sizeof data, REF "data/%s.csv", sets[s]);
                snprintf(stem, sizeof stem, REF "expected/corr_%s_%s_%s", sets[s], methods[m],
                         missing[w]);
                test_corr(data, stem, nv[s], m ? ADX_SPEARMAN : ADX_PEARSON,
                          w ? ADX_LISTWISE : ADX_PAIRWISE);
            }
    printf("corr vs R: max relative difference %.3g, max abs %.3g\n", max_rel, max_abs);

    /* NIST StRD: certified mean and SD (15 significant digits certified). The
     * certified SD is for the exact decimal data; read into binary doubles, each
     * value carries an error up to |x| 2^-53, so the attainable relative accuracy
     * of the SD is about 2 max|x| 2^-53 / SD (NumAcc4: 2e-8, i.e. 7.7 correct
     * digits; R's sd() reaches the same). The tolerance is that bound. */
    max_rel = max_abs = 0;
    adx_dataset_t *cert = load(REF "expected/nist_univariate.csv");
    for (size_t r = 0; cert && r < cert->nrows; r++) {
        char path[512];
        snprintf(path, sizeof path, REF "data/%s.csv", cert->vars[0].str[r]);
        adx_dataset_t *ds = load(path);
        if (!ds)
            continue;
        adx_summary_t s;
        adx_summarize(ds->vars[0].num, ds->nrows, &s);
        check_rel(s.mean, cert->vars[1].num[r], 1e-14, "NIST mean", cert->vars[0].str[r]);
        double bound = 2 * fmax(fabs(s.min), fabs(s.max)) * 0x1p-53 / cert->vars[2].num[r];
        check_rel(s.sd, cert->vars[2].num[r], fmax(bound, 1e-14), "NIST sd",
                  cert->vars[0].str[r]);
        printf("NIST %s: mean %.17g (LRE %.1f) sd %.17g (LRE %.1f, bound %.2g)\n",
               cert->vars[0].str[r], s.mean,
               s.mean == cert->vars[1].num[r]
                   ? 15.0
                   : -log10(fabs(s.mean - cert->vars[1].num[r]) / cert->vars[1].num[r]),
               s.sd,
               s.sd == cert->vars[2].num[r]
                   ? 15.0
                   : -log10(fabs(s.sd - cert->vars[2].num[r]) / cert->vars[2].num[r]),
               bound);
        adx_dataset_free(ds);
    }
    adx_dataset_free(cert);
    printf("NIST: max relative difference %.3g\n", max_rel);
    TEST_DONE();
}
