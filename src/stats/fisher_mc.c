/* Monte Carlo p of Fisher's exact test for an r x c table (R's
 * fisher.test(simulate.p.value = TRUE, B); SPSS CROSSTABS /METHOD=MC): B tables with the
 * observed margins drawn under independence, each by a random permutation of the column
 * labels of the N cases against their row labels (every table with the margins then has
 * its hypergeometric probability). Statistic: -sum log x!; p = (1 + #{tables with a
 * statistic <= the observed one}) / (B + 1), the comparison with R's relative tolerance
 * 64 eps. Table b uses RNG stream b of the seed, so the p does not depend on the order in
 * which tables are drawn. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "stats_priv.h"

/* log C(n, k) from the log-factorial table lf. */
static double lchoose(const double *lf, long n, long k)
{
    return lf[n] - lf[k] - lf[n - k];
}

/* A hypergeometric draw: successes among k draws without replacement from M balls of which
 * K are successes. Inversion, searching outward from the mode (the probabilities come from
 * the mode's by the ratio recurrence), so the cost is a few standard deviations. */
static long hyper(adx_rng_t *g, long k, long K, long M, const double *lf)
{
    long lo = k - (M - K) > 0 ? k - (M - K) : 0, hi = k < K ? k : K;
    if (lo == hi)
        return lo;
    long m = (long)(((double)k + 1) * ((double)K + 1) / ((double)M + 2));
    m = m < lo ? lo : m > hi ? hi : m;
    double pm = exp(lchoose(lf, K, m) + lchoose(lf, M - K, k - m) - lchoose(lf, M, k));
    double u = adx_rng_uniform(g) - pm;
    double pd = pm, pu = pm; /* the probabilities at d and u, the frontier below and above */
    long d = m, up = m;
    while (u > 0 && (d > lo || up < hi)) {
        if (up < hi) { /* p(x + 1) = p(x) (K - x)(k - x) / ((x + 1)(M - K - k + x + 1)) */
            pu *= (double)(K - up) * (double)(k - up) / ((double)(up + 1) * (double)(M - K - k + up + 1));
            up++;
            if ((u -= pu) <= 0)
                return up;
        }
        if (d > lo) {
            pd *= (double)d * (double)(M - K - k + d) / ((double)(K - d + 1) * (double)(k - d + 1));
            d--;
            if ((u -= pd) <= 0)
                return d;
        }
    }
    return m; /* rounding left u > 0 after the whole support: the mode */
}

/* -sum log x! of one random nr x nc table with row totals r and column totals c (rows
 * drawn in turn as multivariate hypergeometric samples from the columns left: each cell a
 * hypergeometric draw given the cells before it). rc is work space for nc longs. */
static double draw_stat(adx_rng_t *g, const long *r, const long *c, size_t nr, size_t nc,
                        long N, long *rc, const double *lf)
{
    memcpy(rc, c, nc * sizeof *rc);
    double s = 0;
    long left_total = N;
    for (size_t a = 0; a + 1 < nr; a++) {
        long left = r[a], M = left_total;
        for (size_t b = 0; b + 1 < nc && left > 0; b++) {
            long x = hyper(g, left, rc[b], M, lf);
            M -= rc[b];
            rc[b] -= x;
            left -= x;
            s -= lf[x];
        }
        if (left > 0) { /* the rest of the row goes to the columns after the loop stopped */
            size_t b = nc - 1;
            rc[b] -= left;
            s -= lf[left];
        }
        left_total -= r[a];
    }
    for (size_t b = 0; b < nc; b++)
        s -= lf[rc[b]];
    return s;
}

adx_error_t adx__fisher_mc(const double *count, size_t nr, size_t nc, long B, uint64_t seed,
                           double *p, adx_errctx_t *ctx)
{
    *p = NAN;
    long N = 0;
    for (size_t q = 0; q < nr * nc; q++)
        N += (long)count[q];
    long *r = calloc(nr, sizeof *r), *c = calloc(nc, sizeof *c), *rc = calloc(nc, sizeof *rc);
    double *lf = malloc((size_t)(N + 1) * sizeof *lf);
    if (!r || !c || !rc || !lf) {
        ADX__FREE(r, c, rc, lf);
        return adx_oom(ctx);
    }
    lf[0] = 0;
    for (long m = 1; m <= N; m++)
        lf[m] = lf[m - 1] + log((double)m);
    double obs = 0;
    for (size_t a = 0; a < nr; a++)
        for (size_t b = 0; b < nc; b++) {
            long x = (long)count[a * nc + b];
            obs -= lf[x];
            r[a] += x;
            c[b] += x;
        }
    double lim = obs / (1 + 64 * DBL_EPSILON);
    long hits = 0;
    for (long b = 0; b < B; b++) {
        adx_rng_t g;
        adx_rng_init(&g, seed, (uint64_t)b);
        hits += draw_stat(&g, r, c, nr, nc, N, rc, lf) <= lim;
    }
    *p = (1.0 + (double)hits) / ((double)B + 1.0);
    ADX__FREE(r, c, rc, lf);
    return ADX_OK;
}
