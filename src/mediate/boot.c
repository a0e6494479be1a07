/* The bootstrap of the conditional process models, built for speed: one weighted
 * pass over the centred design Z per resample gives the cross-products
 * S = Z' diag(counts) Z, from which every equation is solved by a small Cholesky
 * factorization (centring only moves intercepts, which no effect uses, and keeps the
 * normal equations well conditioned). The jackknife for BCa uses S - z_i z_i'; the
 * Monte Carlo interval draws coefficient vectors from their normal distribution.
 * Resample r uses RNG stream r of the seed, so results do not depend on the number
 * of threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "ambidex/adx_rng.h"
#include "med_priv.h"

/* Relative pivot tolerance of the bootstrap Cholesky: a resample is singular when a
 * pivot falls below this fraction of its diagonal element. */
#define CHOL_TOL 1e-10

/* S is nz x nz row-major with the lower triangle filled. */
#define SLOW(S, nz, a, b) ((a) >= (b) ? (S)[(a) * (nz) + (b)] : (S)[(b) * (nz) + (a)])

/* Solves every equation from the cross-products S; coef[e] receives eq e's
 * coefficients; work holds ADX__MED_MAXT*ADX__MED_MAXT doubles. Returns -1 if singular. */
static int solve_from_S(const adx__med_model_t *M, const double *S, double **coef, double *work)
{
    size_t nz = M->nz;
    for (size_t e = 0; e < M->neq; e++) {
        const adx__med_eq_t *q = &M->eq[e];
        size_t p = q->nterm;
        for (size_t i = 0; i < p; i++) {
            for (size_t j = 0; j <= i; j++)
                work[i * p + j] = SLOW(S, nz, q->term[i], q->term[j]);
            coef[e][i] = SLOW(S, nz, q->term[i], q->out);
        }
        if (adx__chol_solve(work, coef[e], p, CHOL_TOL))
            return -1;
    }
    return 0;
}

/* S = Z' diag(cnt) Z (lower triangle of the nz x nz row-major S) for the centred
 * design Zcm (n x nz, column-major). Cases are taken in chunks of ACC_CHUNK so that the
 * weighted columns w_a = cnt o z_a stay in the L1 cache; each S_ab is then a dot product
 * of contiguous arrays, computed with four 4-wide vector accumulators (GCC vector
 * extensions) in a fixed order. The arithmetic is the same in every clone (AVX2 or
 * baseline; C11 mode does not contract to FMA), so results do not depend on the CPU
 * path or on the number of threads. `w` holds ACC_CHUNK * nz doubles. */
#define ACC_CHUNK 256
typedef double v4d __attribute__((vector_size(32)));
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(ADX_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static void accumulate(const double *Zcm, const uint32_t *cnt, size_t n, size_t nz, double *S,
                       double *w)
{
    memset(S, 0, nz * nz * sizeof *S);
    for (size_t i0 = 0; i0 < n; i0 += ACC_CHUNK) {
        size_t m = n - i0 < ACC_CHUNK ? n - i0 : ACC_CHUNK;
        for (size_t a = 0; a < nz; a++) {
            const double *za = Zcm + a * n + i0;
            double *wa = w + a * ACC_CHUNK;
            for (size_t i = 0; i < m; i++)
                wa[i] = (double)cnt[i0 + i] * za[i];
        }
        for (size_t a = 0; a < nz; a++) {
            const double *wa = w + a * ACC_CHUNK;
            for (size_t b = 0; b <= a; b++) {
                const double *zb = Zcm + b * n + i0;
                v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
                size_t i = 0;
                for (; i + 16 <= m; i += 16) {
                    v4d x0, x1, x2, x3, y0, y1, y2, y3;
                    memcpy(&x0, wa + i, 32);
                    memcpy(&x1, wa + i + 4, 32);
                    memcpy(&x2, wa + i + 8, 32);
                    memcpy(&x3, wa + i + 12, 32);
                    memcpy(&y0, zb + i, 32);
                    memcpy(&y1, zb + i + 4, 32);
                    memcpy(&y2, zb + i + 8, 32);
                    memcpy(&y3, zb + i + 12, 32);
                    s0 += x0 * y0;
                    s1 += x1 * y1;
                    s2 += x2 * y2;
                    s3 += x3 * y3;
                }
                v4d t = (s0 + s1) + (s2 + s3);
                double acc = (t[0] + t[1]) + (t[2] + t[3]);
                for (; i < m; i++)
                    acc += wa[i] * zb[i];
                S[a * nz + b] += acc;
            }
        }
    }
}

double adx__med_sd_from_S(const double *S, size_t nz, size_t col)
{
    double n = S[0], s = S[col * nz], ss = S[col * nz + col];
    double v = (ss - s * s / n) / (n - 1);
    return v > 0 ? sqrt(v) : 0.0;
}

/* Per-thread buffers of the resampling loops. */
typedef struct {
    double *S, *work, *cbuf, *th, *wbuf;
    uint32_t *cnt, *drawn;
    double *coef[ADX_MED_MAX_M + 2];
} scratch_t;

static void scratch_free(scratch_t *s)
{
    ADX__FREE(s->S, s->work, s->cbuf, s->th, s->wbuf, s->cnt, s->drawn);
}

/* Allocates the buffers (resampling counts only when n > 0); 1, or 0 with *nomem set
 * when out of memory. Called inside a parallel region. */
static int scratch_open(scratch_t *s, const adx__med_model_t *M, size_t nz, size_t n, int *nomem)
{
    memset(s, 0, sizeof *s);
    size_t nt = M->ntheta ? M->ntheta : 1;
    s->S = malloc(nz * nz * sizeof *s->S);
    s->work = malloc(ADX__MED_MAXT * ADX__MED_MAXT * sizeof *s->work);
    s->cbuf = malloc(M->neq * ADX__MED_MAXT * sizeof *s->cbuf);
    s->th = malloc(nt * sizeof *s->th);
    if (n) {
        s->wbuf = malloc(ACC_CHUNK * nz * sizeof *s->wbuf);
        s->cnt = calloc(n, sizeof *s->cnt);
        s->drawn = malloc(n * sizeof *s->drawn);
    }
    if (!s->S || !s->work || !s->cbuf || !s->th || (n && (!s->wbuf || !s->cnt || !s->drawn))) {
#pragma omp atomic write
        *nomem = 1;
        return 0;
    }
    for (size_t e = 0; e < M->neq; e++)
        s->coef[e] = s->cbuf + e * ADX__MED_MAXT;
    return 1;
}

/* One resample, drawn again while singular; 0, or -1 when max_redraws are used up. */
static int one_resample(const adx__med_design_t *D, scratch_t *s, adx_rng_t *rng,
                        size_t max_redraws, size_t *failed)
{
    size_t n = D->n;
    for (size_t attempt = 0; attempt <= max_redraws; attempt++) {
        memset(s->cnt, 0, n * sizeof *s->cnt);
        for (size_t i = 0; i < n; i++) {
            uint32_t d = (uint32_t)adx_rng_below(rng, n);
            s->drawn[i] = d;
            s->cnt[d]++;
        }
        accumulate(D->Zcm, s->cnt, n, D->nz, s->S, s->wbuf);
        if (solve_from_S(D->M, s->S, s->coef, s->work) == 0)
            return 0;
        (*failed)++;
    }
    return -1;
}

static void theta_of_S(const adx__med_design_t *D, scratch_t *s)
{
    adx__med_theta(D->M, (const double *const *)s->coef,
                   adx__med_sd_from_S(s->S, D->nz, D->M->zx),
                   adx__med_sd_from_S(s->S, D->nz, D->M->zy), s->th);
}

adx_error_t adx__med_bootstrap(const adx__med_design_t *D, size_t B, uint64_t seed,
                               size_t max_redraws, double *vals, uint32_t *idx, size_t *failed)
{
    size_t n = D->n, nt = D->M->ntheta, nfail = 0;
    int exhausted = 0, nomem = 0;
#pragma omp parallel num_threads(D->threads) reduction(+ : nfail)
    {
        scratch_t s;
        int ok = scratch_open(&s, D->M, D->nz, n, &nomem);
        /* Every thread meets the worksharing loop, also one without buffers. */
#pragma omp for schedule(static)
        for (size_t r = 0; r < B; r++) {
            if (!ok)
                continue;
            adx_rng_t rng;
            adx_rng_init(&rng, seed, (uint64_t)r);
            if (one_resample(D, &s, &rng, max_redraws, &nfail)) {
#pragma omp atomic write
                exhausted = 1;
                for (size_t t = 0; t < nt; t++)
                    vals[t * B + r] = NAN;
                continue;
            }
            theta_of_S(D, &s);
            for (size_t t = 0; t < nt; t++)
                vals[t * B + r] = s.th[t];
            if (idx)
                memcpy(idx + r * n, s.drawn, n * sizeof *s.drawn);
        }
        scratch_free(&s);
    }
    *failed = nfail;
    if (nomem)
        return ADX_ENOMEM;
    return exhausted ? ADX_ESINGULAR : ADX_OK;
}

adx_error_t adx__med_jackknife(const adx__med_design_t *D, double *vals)
{
    size_t n = D->n, nz = D->nz, nt = D->M->ntheta;
    int nomem = 0, fail = 0;
#pragma omp parallel num_threads(D->threads)
    {
        scratch_t s;
        int ok = scratch_open(&s, D->M, nz, 0, &nomem);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            if (!ok)
                continue;
            memcpy(s.S, D->S, nz * nz * sizeof *s.S);
            const double *zi = D->Zc + i * nz;
            s.S[0] = (double)(n - 1);
            for (size_t a = 1; a < nz; a++)
                for (size_t b = 0; b <= a; b++)
                    s.S[a * nz + b] -= zi[a] * (b ? zi[b] : 1.0);
            if (solve_from_S(D->M, s.S, s.coef, s.work)) {
#pragma omp atomic write
                fail = 1;
                continue;
            }
            theta_of_S(D, &s);
            for (size_t t = 0; t < nt; t++)
                vals[t * n + i] = s.th[t];
        }
        scratch_free(&s);
    }
    if (nomem)
        return ADX_ENOMEM;
    return fail ? ADX_ESINGULAR : ADX_OK;
}

/* Lower Cholesky factor (row-major) of the p x p column-major covariance V; -1 when
 * V is not positive definite. */
static int chol_lower(const double *V, size_t p, double *L)
{
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++)
            L[a * p + b] = V[a + b * p];
    return adx__chol_lower(L, p, p, 1, 0.0, 1, NULL) < p ? -1 : 0;
}

adx_error_t adx__med_montecarlo(const adx__med_model_t *M, const double *const *b,
                                const double *const *V, double sdx, double sdy, size_t MC,
                                uint64_t seed, int threads, double *vals, size_t *bad_eq)
{
    size_t neq = M->neq, nmc = M->nitem;
    double *L = malloc(neq * ADX__MED_MAXT * ADX__MED_MAXT * sizeof *L);
    if (!L)
        return ADX_ENOMEM;
    for (size_t e = 0; e < neq; e++)
        if (chol_lower(V[e], M->eq[e].nterm, L + e * ADX__MED_MAXT * ADX__MED_MAXT)) {
            *bad_eq = e;
            free(L);
            return ADX_ESINGULAR;
        }
    int nomem = 0;
#pragma omp parallel num_threads(threads)
    {
        scratch_t s;
        int ok = scratch_open(&s, M, 1, 0, &nomem);
#pragma omp for schedule(static)
        for (size_t d = 0; d < MC; d++) {
            if (!ok)
                continue;
            adx_rng_t rng;
            adx_rng_init(&rng, seed, ((uint64_t)1 << 48) + d);
            for (size_t e = 0; e < neq; e++) {
                size_t p = M->eq[e].nterm;
                const double *Le = L + e * ADX__MED_MAXT * ADX__MED_MAXT;
                double z[ADX__MED_MAXT];
                for (size_t a = 0; a < p; a++)
                    z[a] = adx_rng_normal(&rng);
                for (size_t a = 0; a < p; a++) {
                    double v = b[e][a];
                    for (size_t c = 0; c <= a; c++)
                        v += Le[a * p + c] * z[c];
                    s.coef[e][a] = v;
                }
            }
            adx__med_theta(M, (const double *const *)s.coef, sdx, sdy, s.th);
            for (size_t t = 0; t < nmc; t++)
                vals[t * MC + d] = s.th[t];
        }
        scratch_free(&s);
    }
    free(L);
    return nomem ? ADX_ENOMEM : ADX_OK;
}
