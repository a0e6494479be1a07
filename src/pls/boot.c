/* Bootstrap of a PLS fit (seminr's bootstrap_model, SmartPLS): every resample re-runs the
 * whole estimation from the resampled raw rows (mean replacement within the resample).
 * Resample b draws n rows with RNG stream b of the seed, so the numbers are the same at
 * any thread count. A resample enters as row counts: its item correlations are the
 * count-weighted correlations of the mean-replaced rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <omp.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "pls_priv.h"

/* The statistics: which, and how to read them off one estimate. */
typedef struct {
    const adx_pls_t *r;
    const adx__pls_raw_t *raw;
    const adx__pls_data_t *d;
    const adx_pls_options_t *o;
    size_t nstat;
    adx_pls_stat_t *kind;
    size_t *index;
} boot_plan_t;

/* Four doubles (GCC vector extension): the cross-product rows are summed four at a time. */
typedef double v4_t __attribute__((vector_size(32)));

/* Per-thread buffers. */
typedef struct {
    double *s, *rinv, *mean, *dev, *wsum, *acc; /* acc: ni x ni4 cross products */
    size_t ni4;                                /* ni rounded up to a multiple of 4 */
    unsigned *count;
    adx__pls_est_t e;
} boot_scratch_t;

static int scratch_open(boot_scratch_t *s, const adx_pls_t *r)
{
    size_t ni = r->ni;
    memset(s, 0, sizeof *s);
    s->s = malloc(ni * ni * sizeof *s->s);
    s->rinv = malloc(ni * ni * sizeof *s->rinv);
    s->ni4 = (ni + 3) & ~(size_t)3;
    s->mean = calloc(2 * ni + s->ni4, sizeof *s->mean);
    s->acc = malloc(ni * s->ni4 * sizeof *s->acc);
    s->count = malloc(r->n * sizeof *s->count);
    if (!s->s || !s->rinv || !s->mean || !s->acc || !s->count ||
        adx__pls_est_alloc(&s->e, r->nc, ni, r->npaths))
        return 0;
    s->wsum = s->mean + ni;
    s->dev = s->wsum + ni; /* ni4 long, zero padded */
    return 1;
}

static void scratch_free(boot_scratch_t *s)
{
    ADX__FREE(s->s, s->rinv, s->mean, s->acc, s->count);
    adx__pls_est_free(&s->e);
}

/* acc[i][j] += k dev_i dev_j for j >= i rounded down to a multiple of 4 (the upper
 * triangle and a few entries below it, four at a time). */
static void add_row(double *acc, const double *dev, size_t ni, size_t ni4, double k)
{
    for (size_t i = 0; i < ni; i++) {
        double ki = k * dev[i];
        if (ki == 0)
            continue;
        v4_t kv = {ki, ki, ki, ki};
        double *ci = acc + i * ni4;
        for (size_t j = i & ~(size_t)3; j < ni4; j += 4) {
            v4_t a, d;
            memcpy(&a, ci + j, sizeof a);
            memcpy(&d, dev + j, sizeof d);
            a += kv * d;
            memcpy(ci + j, &a, sizeof a);
        }
    }
}

/* Item correlations of the rows weighted by count (mean replacement over the observed
 * cells of the weighted rows) into s->s. 0, or -1 when an item has no value or no
 * variance. */
static int weighted_cor(const adx__pls_raw_t *raw, const unsigned *count, boot_scratch_t *s)
{
    size_t n = raw->n, ni = raw->ni, ni4 = s->ni4;
    double *m = s->mean, *w = s->wsum, *c = s->s, *acc = s->acc;
    memset(m, 0, ni * sizeof *m);
    memset(w, 0, ni * sizeof *w);
    for (size_t row = 0; row < n; row++) {
        const double *x = raw->x + row * ni;
        for (size_t i = 0; count[row] && i < ni; i++)
            if (!isnan(x[i])) {
                m[i] += count[row] * x[i];
                w[i] += count[row];
            }
    }
    for (size_t i = 0; i < ni; i++) {
        if (!(w[i] > 0))
            return -1;
        m[i] /= w[i];
    }
    memset(acc, 0, ni * ni4 * sizeof *acc);
    for (size_t row = 0; row < n; row++) {
        if (!count[row])
            continue;
        const double *x = raw->x + row * ni;
        for (size_t i = 0; i < ni; i++)
            s->dev[i] = isnan(x[i]) ? 0 : x[i] - m[i];
        add_row(acc, s->dev, ni, ni4, (double)count[row]);
    }
    for (size_t i = 0; i < ni; i++)
        if (!(acc[i * ni4 + i] > 0))
            return -1;
    for (size_t i = 0; i < ni; i++) {
        c[i * ni + i] = 1;
        for (size_t j = i + 1; j < ni; j++)
            c[i * ni + j] = c[j * ni + i] =
                acc[i * ni4 + j] / sqrt(acc[i * ni4 + i] * acc[j * ni4 + j]);
    }
    return 0;
}

/* One estimate for the row counts; out[nstat] (NaN row when it fails). */
static void estimate_counts(const boot_plan_t *p, boot_scratch_t *s, double *out)
{
    const adx_pls_t *r = p->r;
    adx__pls_data_t d = *p->d;
    d.z = NULL;
    d.s = s->s;
    d.rinv = s->rinv;
    adx_errctx_t ctx = {0};
    int ok = weighted_cor(p->raw, s->count, s) == 0 &&
             adx__pls_block_inverses(r, &d, s->rinv, &ctx) == ADX_OK &&
             adx__pls_estimate(r, &d, p->o, &s->e, &ctx) == ADX_OK && s->e.converged;
    const adx__pls_est_t *e = &s->e;
    for (size_t k = 0; k < p->nstat; k++) {
        size_t i = p->index[k];
        double v = NAN;
        switch (p->kind[k]) {
        case ADX_PLS_STAT_PATH: v = e->coef[i]; break;
        case ADX_PLS_STAT_LOADING: v = e->load[i]; break;
        case ADX_PLS_STAT_WEIGHT: v = e->w[i]; break;
        case ADX_PLS_STAT_TOTAL: v = e->total[i]; break;
        case ADX_PLS_STAT_HTMT: v = e->htmt[i]; break;
        case ADX_PLS_STAT_INDIRECT:
            v = 1;
            for (size_t m = r->ind_start[i]; m + 1 < r->ind_start[i + 1]; m++)
                for (size_t q = 0; q < r->npaths; q++)
                    if (r->pfrom[q] == r->ind_node[m] && r->pto[q] == r->ind_node[m + 1])
                        v *= e->coef[q];
            break;
        }
        out[k] = ok ? v : NAN;
    }
}

/* The statistics of r: paths, loadings, weights, total effects of connected pairs,
 * specific indirect effects, HTMT (a > b). Returns the count; kind/index may be NULL. */
size_t adx__pls_boot_stats(const adx_pls_t *r, adx_pls_stat_t *kind, size_t *index)
{
    size_t k = 0, nc = r->nc;
#define ADD(K, I)                                                                              \
    do {                                                                                       \
        if (kind) {                                                                            \
            kind[k] = (K);                                                                     \
            index[k] = (I);                                                                    \
        }                                                                                      \
        k++;                                                                                   \
    } while (0)
    for (size_t e = 0; e < r->npaths; e++)
        ADD(ADX_PLS_STAT_PATH, e);
    for (size_t i = 0; i < r->ni; i++)
        ADD(ADX_PLS_STAT_LOADING, i);
    for (size_t i = 0; i < r->ni; i++)
        ADD(ADX_PLS_STAT_WEIGHT, i);
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++) {
            int conn = r->adj[i * nc + j];
            for (size_t c = 0; !conn && c < r->nind; c++)
                conn = r->ind_node[r->ind_start[c]] == i && r->ind_node[r->ind_start[c + 1] - 1] == j;
            if (conn)
                ADD(ADX_PLS_STAT_TOTAL, i * nc + j);
        }
    for (size_t c = 0; c < r->nind; c++)
        ADD(ADX_PLS_STAT_INDIRECT, c);
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < a; b++)
            ADD(ADX_PLS_STAT_HTMT, a * nc + b);
#undef ADD
    return k;
}

/* Resamples (jack = 0: B bootstrap draws; 1: the n leave-one-out sets) into vals
 * (nstat x count, statistic-major). */
static int run_sets(const boot_plan_t *p, size_t count, int jack, int threads, double *vals)
{
    size_t n = p->r->n, ns = p->nstat;
    int nomem = 0;
#pragma omp parallel num_threads(threads)
    {
        boot_scratch_t s;
        int ok = scratch_open(&s, p->r);
        double *row = malloc(ns * sizeof *row);
        if (!ok || !row) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 8)
        for (size_t b = 0; b < count; b++) {
            if (!ok || !row)
                continue;
            if (jack) {
                for (size_t i = 0; i < n; i++)
                    s.count[i] = i != b;
            } else {
                adx_rng_t rng;
                adx_rng_init(&rng, p->o->seed, (uint64_t)b);
                memset(s.count, 0, n * sizeof *s.count);
                for (size_t i = 0; i < n; i++)
                    s.count[adx_rng_below(&rng, n)]++;
            }
            estimate_counts(p, &s, row);
            for (size_t k = 0; k < ns; k++)
                vals[k * count + b] = row[k];
        }
        free(row);
        scratch_free(&s);
    }
    return nomem ? -1 : 0;
}

void adx__pls_boot_free(adx_pls_boot_t *b)
{
    if (!b)
        return;
    ADX__FREE(b->kind, b->index, b->est, b->mean, b->se, b->t, b->p, b->lo, b->hi, b->bca_lo,
              b->bca_hi, b->upper);
    free(b);
}

adx_pls_boot_t *adx__pls_boot_alloc(size_t ns)
{
    adx_pls_boot_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->nstat = ns;
    b->kind = calloc(ns, sizeof *b->kind);
    b->index = calloc(ns, sizeof *b->index);
    double **arr[] = {&b->est, &b->mean, &b->se, &b->t, &b->p, &b->lo, &b->hi, &b->bca_lo,
                      &b->bca_hi, &b->upper};
    int ok = b->kind && b->index;
    for (size_t k = 0; k < sizeof arr / sizeof *arr; k++)
        ok &= (*arr[k] = calloc(ns, sizeof(double))) != NULL;
    if (!ok) {
        adx__pls_boot_free(b);
        return NULL;
    }
    return b;
}

/* The full-sample value of statistic k. */
static double estimate_of(const adx_pls_t *r, adx_pls_stat_t kind, size_t i)
{
    switch (kind) {
    case ADX_PLS_STAT_PATH: return r->coef[i];
    case ADX_PLS_STAT_LOADING: return r->loading[i];
    case ADX_PLS_STAT_WEIGHT: return r->weight[i];
    case ADX_PLS_STAT_TOTAL: return r->total[i];
    case ADX_PLS_STAT_INDIRECT: return r->ind_effect[i];
    case ADX_PLS_STAT_HTMT: return r->htmt[i];
    }
    return NAN;
}

/* BCa acceleration from the n jackknife values (NaN when one failed). */
static double acceleration(const double *jk, size_t n)
{
    double m = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < n; i++)
        m += jk[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double u = m - jk[i];
        s2 += u * u;
        s3 += u * u * u;
    }
    return s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : 0;
}

/* Summary of statistic k from its B values (failed resamples are NaN): sorted copy in buf. */
static void summarize(adx_pls_boot_t *b, size_t k, const double *v, size_t B, const double *jk,
                      size_t n, double *buf)
{
    size_t m = 0;
    double est = b->est[k];
    for (size_t i = 0; i < B; i++)
        if (!isnan(v[i]))
            buf[m++] = b->sign_change == ADX_PLS_SIGN_INDIVIDUAL &&
                               b->kind[k] <= ADX_PLS_STAT_WEIGHT
                           ? copysign(fabs(v[i]), est)
                           : v[i];
    double *out[] = {&b->mean[k], &b->se[k], &b->t[k], &b->p[k], &b->lo[k],
                     &b->hi[k], &b->bca_lo[k], &b->bca_hi[k], &b->upper[k]};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        *out[i] = NAN;
    if (m < 2)
        return;
    double sd;
    adx__mean_sd(buf, m, 1, 0, &b->mean[k], &sd, NULL);
    b->se[k] = sd;
    if (sd > 0) {
        b->t[k] = est / sd;
        b->p[k] = 2 * gsl_cdf_tdist_Q(fabs(b->t[k]), (double)m - 1);
    }
    qsort(buf, m, sizeof *buf, adx__cmp_double);
    b->lo[k] = adx__quantile(buf, m, (1 - b->level) / 2, ADX__Q_R7);
    b->hi[k] = adx__quantile(buf, m, (1 + b->level) / 2, ADX__Q_R7);
    b->upper[k] = adx__quantile(buf, m, b->level, ADX__Q_R7);
    if (jk && adx__boot_limits(buf, m, est, acceleration(jk, n), b->level, ADX__BOOT_BCA,
                               ADX__Q_R7, &b->bca_lo[k], &b->bca_hi[k]))
        b->bca_lo[k] = b->bca_hi[k] = NAN;
}

/* The summaries (rc == ADX_OK) into b, attached to r; frees vals, jk (and b on error). */
static adx_error_t finish(adx_pls_t *r, const adx_pls_options_t *o, adx_pls_boot_t *b,
                          const double *vals, const double *jk, adx_errctx_t *ctx)
{
    size_t B = o->boot, n = r->n, ns = b->nstat;
    double *buf = malloc(B * sizeof *buf);
    if (!buf)
        return adx_oom(ctx);
    b->nboot = B;
    b->seed = o->seed;
    b->level = o->level;
    b->sign_change = o->sign_change;
    for (size_t i = 0; i < B; i++)
        b->nok += !isnan(vals[i]);
    int jk_ok = jk != NULL;
    for (size_t i = 0; jk && i < n; i++)
        jk_ok &= !isnan(jk[i]);
    for (size_t k = 0; k < ns; k++) {
        b->est[k] = estimate_of(r, b->kind[k], b->index[k]);
        summarize(b, k, vals + k * B, B, jk_ok ? jk + k * n : NULL, n, buf);
    }
    free(buf);
    if (b->nok < 2)
        return adx_err(ctx, ADX_ECONVERGE, "pls: %zu of %zu bootstrap resamples converged; "
                                           "raise --max-iter or simplify the model", b->nok, B);
    return ADX_OK;
}

adx_error_t adx__pls_boot_finish(adx_pls_t *r, const adx_pls_options_t *o, adx_pls_boot_t *b,
                                 double *vals, double *jk, adx_error_t rc, adx_errctx_t *ctx)
{
    if (!rc)
        rc = finish(r, o, b, vals, jk, ctx);
    ADX__FREE(vals, jk);
    if (rc)
        adx__pls_boot_free(b);
    else
        r->boot = b;
    return rc;
}

adx_error_t adx__pls_boot(adx_pls_t *r, const adx__pls_raw_t *raw, const adx__pls_data_t *d,
                          const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    size_t B = o->boot, n = r->n, ns = adx__pls_boot_stats(r, NULL, NULL);
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    adx_pls_boot_t *b = adx__pls_boot_alloc(ns);
    double *vals = malloc(ns * B * sizeof *vals), *jk = malloc(ns * n * sizeof *jk);
    adx_error_t rc = b && vals && jk ? ADX_OK : adx_oom(ctx);
    if (rc)
        goto cleanup;
    adx__pls_boot_stats(r, b->kind, b->index);
    boot_plan_t p = {r, raw, d, o, ns, b->kind, b->index};
    if (run_sets(&p, B, 0, threads, vals) || run_sets(&p, n, 1, threads, jk))
        rc = adx_oom(ctx);
cleanup:
    return adx__pls_boot_finish(r, o, b, vals, jk, rc, ctx);
}
