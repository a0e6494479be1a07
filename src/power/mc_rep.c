/* One replication of `power mediate`: simulate, estimate by cross-products, test
 * each effect (joint significance, Sobel, Monte Carlo CI, percentile or BC
 * bootstrap, or the one resample of the warp-speed method). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "mc_rep.h"

#define CHOL_TOL 1e-10

/* S = sum_i z_i z_i', q x q, both triangles. */
static void xprod(const double *Z, size_t n, int q, double *S)
{
    memset(S, 0, sizeof *S * (size_t)q * (size_t)q);
    for (size_t i = 0; i < n; i++) {
        const double *z = Z + i * (size_t)q;
        for (int a = 0; a < q; a++) {
            double wa = z[a];
            double *row = S + (size_t)a * (size_t)q;
            for (int b = 0; b <= a; b++)
                row[b] += wa * z[b];
        }
    }
    for (int a = 0; a < q; a++)
        for (int b = 0; b < a; b++)
            S[(size_t)b * (size_t)q + (size_t)a] = S[(size_t)a * (size_t)q + (size_t)b];
}

/* The coefficients of equation e from S; with se, also their standard errors
 * (n rows). Returns -1 when the predictors are collinear. */
static int solve_eq(const double *S, int q, const mc_eq_t *e, size_t n, double *coef,
                    double *se)
{
    const int p = e->np;
    double A[MC_MAXP * MC_MAXP], r[MC_MAXP];
    for (int a = 0; a < p; a++) {
        for (int b = 0; b <= a; b++)
            A[a * p + b] = A[b * p + a] = S[e->pred[a] * q + e->pred[b]];
        r[a] = coef[a] = S[e->pred[a] * q + e->y];
    }
    double Ainv[MC_MAXP * MC_MAXP];
    if (se)
        memcpy(Ainv, A, sizeof *A * (size_t)(p * p));
    if (adx__chol_solve(A, coef, (size_t)p, CHOL_TOL))
        return -1;
    if (!se)
        return 0;
    double sse = S[e->y * q + e->y];
    for (int a = 0; a < p; a++)
        sse -= coef[a] * r[a];
    double s2 = (sse > 0 ? sse : 0.0) / ((double)n - p);
    if (adx__spd_inverse(Ainv, (size_t)p, NULL))
        return -1;
    for (int a = 0; a < p; a++)
        se[a] = sqrt(s2 * Ainv[a * p + a]);
    return 0;
}

/* Every equation; -1 when any is singular. */
static int solve_all(const mc_model_t *m, const double *S, size_t n,
                     double coef[][MC_MAXP], double se[][MC_MAXP])
{
    for (int e = 0; e < m->neq; e++)
        if (solve_eq(S, m->q, &m->eq[e], n, coef[e], se ? se[e] : NULL))
            return -1;
    return 0;
}

static double effect(const mc_eff_t *f, double coef[][MC_MAXP])
{
    double v = 1.0;
    for (int k = 0; k < f->nf; k++)
        v *= coef[f->eq[k]][f->pos[k]];
    return v;
}

/* Sorts vals and tells whether the 1 - alpha interval excludes 0. */
static int interval_excludes_zero(double *vals, size_t B, double est, const mc_cond_t *c,
                                  adx__boot_ci_t method)
{
    if (B < 2)
        return 0;
    qsort(vals, B, sizeof *vals, adx__cmp_double);
    double lo, hi;
    adx__boot_limits(vals, B, est, 0.0, 1.0 - c->o->alpha, method, ADX__Q_BOOT_ORDER, &lo,
                     &hi);
    return lo > 0 || hi < 0;
}

static void test_joint_sobel(const mc_cond_t *c, mc_work_t *w, double *rec)
{
    const mc_model_t *m = c->m;
    for (int f = 0; f < m->neff; f++) {
        const mc_eff_t *E = &m->eff[f];
        int sig = 1;
        double var = 0.0;
        for (int k = 0; k < E->nf; k++) {
            double b = w->coef[E->eq[k]][E->pos[k]], s = w->se[E->eq[k]][E->pos[k]];
            sig &= fabs(b) > c->tcrit[E->eq[k]] * s;
            double rest = 1.0;
            for (int g = 0; g < E->nf; g++)
                if (g != k)
                    rest *= w->coef[E->eq[g]][E->pos[g]];
            var += rest * rest * s * s;
        }
        if (c->o->test == ADX_PTEST_SOBEL)
            sig = fabs(rec[MC_EST(m) + f]) > c->zcrit * sqrt(var);
        rec[MC_SIG + f] = sig;
    }
}

static void test_montecarlo(const mc_cond_t *c, mc_work_t *w, adx_rng_t *rng, double *rec)
{
    const mc_model_t *m = c->m;
    size_t D = c->o->mc_draws;
    for (int f = 0; f < m->neff; f++) {
        const mc_eff_t *E = &m->eff[f];
        for (size_t d = 0; d < D; d++) {
            double v = 1.0;
            for (int k = 0; k < E->nf; k++)
                v *= w->coef[E->eq[k]][E->pos[k]] +
                     w->se[E->eq[k]][E->pos[k]] * adx_rng_normal(rng);
            w->vals[d] = v;
        }
        rec[MC_SIG + f] = interval_excludes_zero(w->vals, D, rec[MC_EST(m) + f], c,
                                                 ADX__BOOT_PERCENTILE);
    }
}

/* The packed lower-triangle products of every row of Z into P (n x q(q+1)/2), once
 * per replication: a resample's cross-products are then a weighted sum of rows of P,
 * one contiguous pass. */
static void row_products(const double *Z, size_t n, int q, double *P)
{
    size_t T = (size_t)q * (size_t)(q + 1) / 2;
    for (size_t i = 0; i < n; i++) {
        const double *z = Z + i * (size_t)q;
        double *p = P + i * T;
        for (int a = 0; a < q; a++)
            for (int b = 0; b <= a; b++)
                *p++ = z[a] * z[b];
    }
}

/* The sum into acc of n rows of P (T values each) drawn with replacement. A row
 * index is uniform on [0, n) by Lemire's multiply-shift on each 32-bit half of a
 * 64-bit draw (the few biased low products rejected), so one draw serves two rows.
 * Inlined with a constant T, the sum stays in registers. */
static inline __attribute__((always_inline)) void draw_rows(const double *restrict P, size_t n,
                                                            const size_t T, adx_rng_t *rng,
                                                            double *restrict acc)
{
    const uint32_t n32 = (uint32_t)n, thr = (uint32_t)(0u - n32) % n32;
    double a[MC_MAXC * (MC_MAXC + 1) / 2];
    for (size_t t = 0; t < T; t++)
        a[t] = 0;
    for (size_t i = 0; i < n;) {
        uint64_t bits = adx_rng_next(rng);
        for (int h = 0; h < 2 && i < n; h++, bits >>= 32) {
            uint64_t m = (uint64_t)(uint32_t)bits * n32;
            if ((uint32_t)m < thr)
                continue;
            const double *restrict p = P + (size_t)(m >> 32) * T;
            for (size_t t = 0; t < T; t++)
                a[t] += p[t];
            i++;
        }
    }
    memcpy(acc, a, sizeof *a * T);
}

/* One resample's cross-products into S (q x q, both triangles). */
static void resample_products(const double *P, size_t n, int q, adx_rng_t *rng, double *acc,
                              double *S)
{
    const size_t T = (size_t)q * (size_t)(q + 1) / 2;
    /* the common sizes (q = 4 to 7) with a constant T */
    if (T == 10)
        draw_rows(P, n, 10, rng, acc);
    else if (T == 15)
        draw_rows(P, n, 15, rng, acc);
    else if (T == 21)
        draw_rows(P, n, 21, rng, acc);
    else if (T == 28)
        draw_rows(P, n, 28, rng, acc);
    else
        draw_rows(P, n, T, rng, acc);
    for (int a = 0, t = 0; a < q; a++)
        for (int b = 0; b <= a; b++, t++)
            S[a * q + b] = S[b * q + a] = acc[t];
}

/* One resample's effects into out[0..neff-1]; -1 when singular. */
static int resample(const mc_cond_t *c, mc_work_t *w, adx_rng_t *rng, double *out)
{
    const mc_model_t *m = c->m;
    resample_products(w->P, c->n, m->q, rng, w->acc, w->S);
    double coef[MC_MAXEQ][MC_MAXP];
    if (solve_all(m, w->S, c->n, coef, NULL))
        return -1;
    for (int f = 0; f < m->neff; f++)
        out[f] = effect(&m->eff[f], coef);
    return 0;
}

static void test_bootstrap(const mc_cond_t *c, mc_work_t *w, adx_rng_t *rng, double *rec)
{
    const mc_model_t *m = c->m;
    size_t B = 0, ne = (size_t)m->neff;
    double th[ADX_PMED_MAXEFF];
    for (size_t b = 0; b < c->o->boot; b++)
        if (!resample(c, w, rng, th)) {
            for (size_t f = 0; f < ne; f++)
                w->vals[f * c->o->boot + B] = th[f];
            B++;
        }
    adx__boot_ci_t method = c->o->test == ADX_PTEST_BC ? ADX__BOOT_BC : ADX__BOOT_PERCENTILE;
    for (size_t f = 0; f < ne; f++)
        rec[MC_SIG + f] = interval_excludes_zero(w->vals + f * c->o->boot, B,
                                                 rec[MC_EST(m) + f], c, method);
}

void adx__mc_replication(const mc_cond_t *c, mc_work_t *w, size_t rep, double *rec)
{
    const mc_model_t *m = c->m;
    adx_rng_t rng;
    adx_rng_init(&rng, c->o->seed, ((uint64_t)c->n << 32) | (uint64_t)rep);
    memset(rec, 0, sizeof *rec * MC_REC(m));
    adx__mc_generate(m, c->n, &rng, w->Z);
    xprod(w->Z, c->n, m->q, w->S);
    if (solve_all(m, w->S, c->n, w->coef, w->se)) {
        rec[0] = 1.0; /* singular data: not counted */
        return;
    }
    for (int f = 0; f < m->neff; f++)
        rec[MC_EST(m) + f] = effect(&m->eff[f], w->coef);
    if (c->o->test == ADX_PTEST_PERCENTILE || c->o->test == ADX_PTEST_BC)
        row_products(w->Z, c->n, m->q, w->P);
    switch (c->o->test) {
    case ADX_PTEST_JOINT:
    case ADX_PTEST_SOBEL:
        test_joint_sobel(c, w, rec);
        break;
    case ADX_PTEST_MC:
        test_montecarlo(c, w, &rng, rec);
        break;
    default:
        if (c->o->warp) {
            double th[ADX_PMED_MAXEFF];
            while (resample(c, w, &rng, th)) /* a singular resample is drawn again */
                ;
            memcpy(rec + MC_STAR(m), th, sizeof *th * (size_t)m->neff);
        } else {
            test_bootstrap(c, w, &rng, rec);
        }
    }
}

int adx__mc_work_open(mc_work_t *w, const mc_cond_t *c)
{
    size_t q = (size_t)c->m->q, nv = c->o->boot * (size_t)c->m->neff;
    if (c->o->mc_draws > nv)
        nv = c->o->mc_draws;
    memset(w, 0, sizeof *w);
    w->Z = malloc(sizeof *w->Z * c->n * q);
    w->S = malloc(sizeof *w->S * q * q);
    w->vals = malloc(sizeof *w->vals * (nv ? nv : 1));
    w->P = malloc(sizeof *w->P * c->n * q * (q + 1) / 2);
    w->acc = malloc(sizeof *w->acc * q * (q + 1) / 2);
    if (w->Z && w->S && w->vals && w->P && w->acc)
        return 0;
    adx__mc_work_close(w);
    return -1;
}

void adx__mc_work_close(mc_work_t *w)
{
    free(w->Z);
    free(w->S);
    free(w->vals);
    free(w->P);
    free(w->acc);
    memset(w, 0, sizeof *w);
}
