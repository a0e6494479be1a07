/* simulate: sample correlations of a large simulated sample match the population
 * values implied by the model (computed by hand below, path tracing), within 5
 * Monte-Carlo standard errors; same seed -> same data; Likert and missing shares;
 * errors for models that cannot be simulated. */
#include "ambidex/adx_sim.h"
#include "ambidex/adx_stats.h"
#include "testutil.h"

static adx_dataset_t *sim(const char *model, size_t n, uint64_t seed, int likert, double miss,
                          adx_error_t *rc, adx_errctx_t *e)
{
    adx_sem_syntax_t *syn = NULL;
    adx_dataset_t *ds = NULL;
    *rc = adx_sem_parse(model, "model", &syn, e);
    if (!*rc) {
        adx_sim_options_t o;
        adx_sim_options_init(&o);
        o.n = n;
        o.seed = seed;
        o.likert = likert;
        o.missing = miss;
        *rc = adx_simulate(syn, &o, &ds, e);
    }
    adx_sem_syntax_free(syn);
    return ds;
}

static double r_of(const adx_dataset_t *ds, const char *a, const char *b)
{
    size_t idx[2];
    const char *nm[2] = {a, b};
    adx_errctx_t e = {0};
    adx_corr_t *c = NULL;
    if (adx_dataset_lookup(ds, nm, 2, 1, idx, &e) || adx_corr(ds, idx, 2, NULL, &c, &e))
        return NAN;
    double r = c->r[1];
    adx_corr_free(c);
    return r;
}

int main(void)
{
    adx_init();
    const char *model = "MO =~ 0.8*mo1 + 0.75*mo2 + 0.7*mo3\n"
                        "ALLY =~ 0.8*al1 + 0.8*al2 + 0.7*al3\n"
                        "PERF =~ 0.85*pf1 + 0.8*pf2 + 0.75*pf3\n"
                        "ALLY ~ 0.4*MO\nPERF ~ 0.35*ALLY + 0.1*MO\nsize ~~ 0.3*MO\n";
    adx_errctx_t e = {0};
    adx_error_t rc;
    const size_t n = 40000;
    adx_dataset_t *ds = sim(model, n, 11, 0, 0, &rc, &e);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->nrows == n && ds->nvars == 11); /* id + 9 items + size */
        double tol = 5 / sqrt((double)n);
        CHECK_CLOSE(r_of(ds, "mo1", "mo2"), 0.8 * 0.75, tol);
        CHECK_CLOSE(r_of(ds, "mo1", "al1"), 0.8 * 0.4 * 0.8, tol);
        /* cov(MO, PERF) = 0.1 + 0.35 * 0.4 */
        CHECK_CLOSE(r_of(ds, "mo2", "pf3"), 0.75 * (0.1 + 0.35 * 0.4) * 0.75, tol);
        /* cov(ALLY, PERF) = 0.35 + 0.1 * 0.4 */
        CHECK_CLOSE(r_of(ds, "al1", "pf1"), 0.8 * (0.35 + 0.1 * 0.4) * 0.85, tol);
        CHECK_CLOSE(r_of(ds, "size", "mo1"), 0.3 * 0.8, tol);
        adx_summary_t s;
        adx_summarize(ds->vars[adx_dataset_find(ds, "pf2")].num, n, &s);
        CHECK_CLOSE(s.sd, 1.0, 5 * sqrt(2.0 / (double)n));
    }
    /* Same seed, same data; another seed, other data. */
    adx_dataset_t *a = sim(model, 50, 7, 0, 0, &rc, &e), *b = sim(model, 50, 7, 0, 0, &rc, &e),
                  *c = sim(model, 50, 8, 0, 0, &rc, &e);
    if (a && b && c) {
        int same = 1, diff = 0;
        for (size_t j = 1; j < a->nvars; j++)
            for (size_t i = 0; i < 50; i++) {
                same &= a->vars[j].num[i] == b->vars[j].num[i];
                diff += a->vars[j].num[i] != c->vars[j].num[i];
            }
        CHECK(same);
        CHECK(diff > 0);
    }
    adx_dataset_free(a);
    adx_dataset_free(b);
    adx_dataset_free(c);

    /* Likert 1..7 on indicators only; about 10% missing. */
    adx_dataset_t *l = sim(model, 5000, 3, 7, 0.10, &rc, &e);
    CHECK_OK(rc, e);
    if (l) {
        const double *x = l->vars[adx_dataset_find(l, "mo1")].num;
        size_t miss = 0, bad = 0, nonint = 0;
        for (size_t i = 0; i < 5000; i++) {
            if (isnan(x[i])) {
                miss++;
                continue;
            }
            bad += x[i] < 1 || x[i] > 7;
            nonint += x[i] != floor(x[i]);
        }
        CHECK(bad == 0 && nonint == 0);
        /* binomial SE of the share: sqrt(.1 * .9 / 5000) = .0042 */
        CHECK_CLOSE((double)miss / 5000, 0.10, 0.021);
        const double *sz = l->vars[adx_dataset_find(l, "size")].num;
        size_t frac = 0;
        for (size_t i = 0; i < 5000; i++)
            frac += !isnan(sz[i]) && sz[i] != floor(sz[i]);
        CHECK(frac > 4000); /* not an indicator: stays continuous */
    }
    adx_dataset_free(l);

    /* Models that cannot be simulated. */
    adx_dataset_t *x;
    x = sim("y ~ x", 10, 1, 0, 0, &rc, &e);
    CHECK(rc == ADX_EUSAGE && strstr(e.msg, "population value"));
    x = sim("F =~ 0.9*a + 0.9*b\ny ~ 0.8*F + 0.8*a", 10, 1, 0, 0, &rc, &e);
    CHECK(rc == ADX_EDOMAIN && strstr(e.msg, "'y'"));
    x = sim("y ~ 0.2*x:w", 10, 1, 0, 0, &rc, &e);
    CHECK(rc == ADX_EUNSUPPORTED);
    CHECK(x == NULL);
    adx_dataset_free(ds);
    TEST_DONE();
}
