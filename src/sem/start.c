/* Starting values of the free parameters, by lavaan's default rules (lav_start):
 * loadings of each first-order factor from FABIN 3, the instrumental-variable
 * estimator of Hagglund (1982), with the factor's first indicator as the reference
 * (a closed form for two or three indicators), bounded so that the reference has a
 * reliability of at least 0.1; residual variances of observed variables at half the
 * sample variances; latent variances at 0.05 and every covariance at 0; observed
 * intercepts at the sample means. A reverse-keyed first indicator thus starts its
 * factor with negative loadings for the other items, where a start of +1 for every
 * loading leaves the optimizer in a region where it stalls. On request lavaan's
 * start = "simple" instead: every loading and variance 1, everything else 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* The lowest reliability assumed for the reference indicator. */
static const double MIN_REL = 0.1;

/* Work of one factor: its k indicators (observed indices) and the rows of their
 * loadings, and k x k scratch. */
typedef struct {
    size_t k, *obs, *row;
    double *C, *lam, *a, *b, *c;
} fac_ws_t;

/* c[i + j k] = S of indicators i, j. */
static double cov_at(const adx__est_t *e, const fac_ws_t *w, size_t i, size_t j)
{
    return e->S[w->obs[i] + w->obs[j] * e->p];
}

/* Two or three indicators: the loadings of the exactly identified one-factor model
 * on three (for two, a third pseudo-indicator whose covariances with the pair are the
 * mean of their variances and their covariance); *psi the factor variance. */
static void fabin_small(const adx__est_t *e, const fac_ws_t *w, double *psi)
{
    double s11 = cov_at(e, w, 0, 0), s21 = cov_at(e, w, 1, 0), s22 = cov_at(e, w, 1, 1);
    double s31 = 0.5 * (s11 + s22), s32 = s21, s33 = fmax(s11, s22);
    if (w->k == 3) {
        s31 = cov_at(e, w, 2, 0);
        s32 = cov_at(e, w, 2, 1);
        s33 = cov_at(e, w, 2, 2);
    }
    double lo = MIN_REL * s11;
    if (s21 * s31 * s32 < 0) {
        /* a negative triad has no one-factor solution: lavaan starts every loading
         * at 1, or 0.7 under a standardized factor (psi = 0.49 gives that scale) */
        for (size_t i = 0; i < w->k; i++)
            w->lam[i] = 1.0;
        *psi = 0.49;
        return;
    }
    double f = (s21 * s31) / s32, l2 = s32 / s31, l3 = s32 / s21;
    double b2 = sqrt(s22 / lo), b3 = sqrt(s33 / lo);
    w->lam[0] = 1.0;
    w->lam[1] = fmin(fmax(l2, -b2), b2);
    if (w->k == 3)
        w->lam[2] = fmin(fmax(l3, -b3), b3);
    *psi = fmin(fmax(f, lo), s11);
}

/* Four or more indicators: FABIN 3. Loading i is the two-stage least-squares slope
 * of indicator i on the reference, with the other indicators as instruments:
 * lambda_i = s_i3' S33^-1 s_31 / (s_13' S33^-1 s_31). */
static void fabin3(const adx__est_t *e, fac_ws_t *w)
{
    size_t k = w->k;
    double lo = MIN_REL * cov_at(e, w, 0, 0);
    w->lam[0] = 1.0;
    for (size_t i = 1; i < k; i++) {
        size_t n = 0;
        for (size_t a = 1; a < k; a++) {
            if (a == i)
                continue;
            size_t m = 0;
            for (size_t b = 1; b < k; b++)
                if (b != i)
                    w->C[n + m++ * (k - 2)] = cov_at(e, w, a, b);
            w->a[n] = cov_at(e, w, a, 0); /* s_31, solved in place */
            w->b[n] = cov_at(e, w, a, 0);
            w->c[n++] = cov_at(e, w, i, a); /* s_23 */
        }
        int ok = adx__spd_solve(w->C, n, w->a, 1) == ADX_OK;
        double num = 0, den = 0;
        for (size_t r = 0; r < n; r++) {
            double v = ok ? w->a[r] : w->b[r];
            num += w->c[r] * v;
            den += w->b[r] * v;
        }
        double l = num / den, bound = sqrt(cov_at(e, w, i, i) / lo);
        w->lam[i] = isfinite(l) ? fmin(fmax(l, -bound), bound) : 1.0;
    }
}

/* Four or more indicators under a standardized factor: the factor variance of the
 * FABIN 3 solution by unweighted least squares (residual variances from
 * (I - D*D) theta = diag(S - D S D), D = lambda lambda' / lambda'lambda). -1 when
 * that system is singular. */
static int fabin3_psi(const adx__est_t *e, fac_ws_t *w, double *psi)
{
    size_t k = w->k;
    double ll = 0;
    for (size_t i = 0; i < k; i++)
        ll += w->lam[i] * w->lam[i];
    /* D S D = lambda (lambda' S lambda) lambda' / ll^2 */
    double lsl = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            lsl += w->lam[i] * cov_at(e, w, i, j) * w->lam[j];
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double d = w->lam[i] * w->lam[j] / ll;
            w->C[i + j * k] = (i == j) - d * d;
        }
    if (adx__inverse(w->C, k) != ADX_OK)
        return -1;
    for (size_t i = 0; i < k; i++)
        w->b[i] = cov_at(e, w, i, i) - w->lam[i] * w->lam[i] * lsl / (ll * ll);
    double f = 0;
    for (size_t i = 0; i < k; i++) {
        double th = 0;
        for (size_t j = 0; j < k; j++)
            th += w->C[i + j * k] * w->b[j];
        w->a[i] = th;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            f += w->lam[i] * (cov_at(e, w, i, j) - (i == j ? w->a[i] : 0.0)) * w->lam[j];
    *psi = f / (ll * ll);
    return isfinite(*psi) ? 0 : -1;
}

/* The loading rows of latent variable v (ri = v) into w; 0 when every indicator is
 * observed and there are at least two, and whether the factor's variance is fixed
 * at 1 (standardized) into *std. */
static int factor_rows(const adx_sem_t *s, const adx__est_t *e, size_t v, fac_ws_t *w,
                       int *std)
{
    w->k = 0;
    *std = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] == ADX__PK_S && e->ri[r] == v && e->rj[r] == v)
            *std = !s->params[r].free && s->params[r].est == 1.0;
        if (s->params[r].op != ADX_SEM_MEASURE || e->rj[r] != v)
            continue;
        if (e->ri[r] >= e->p)
            return -1; /* a higher-order factor */
        w->obs[w->k] = e->ri[r];
        w->row[w->k++] = r;
    }
    return w->k >= 2 ? 0 : -1;
}

/* FABIN 3 start values of the loadings of every first-order factor into th. */
static int start_loadings(const adx_sem_t *s, const adx__est_t *e, double *th)
{
    size_t p = e->p, n = s->nparams;
    fac_ws_t w = {0};
    w.obs = malloc((n + 1) * sizeof *w.obs);
    w.row = malloc((n + 1) * sizeof *w.row);
    w.C = malloc((p * p + 4 * p + 1) * sizeof *w.C);
    if (!w.obs || !w.row || !w.C) {
        free(w.obs);
        free(w.row);
        free(w.C);
        return -1;
    }
    w.lam = w.C + p * p;
    w.a = w.lam + p;
    w.b = w.a + p;
    w.c = w.b + p;
    for (size_t v = p; v < e->t; v++) {
        int std = 0;
        if (factor_rows(s, e, v, &w, &std) || w.k > p)
            continue;
        double psi = NAN;
        if (w.k < 4)
            fabin_small(e, &w, &psi);
        else
            fabin3(e, &w);
        if (std && w.k >= 4 && fabin3_psi(e, &w, &psi))
            continue;
        double ref = s->params[w.row[0]].free ? 1.0 : s->params[w.row[0]].est;
        double scale = std ? copysign(sqrt(fabs(psi)), psi) : (ref < 0 ? -1.0 : 1.0);
        for (size_t i = 0; i < w.k; i++) {
            const adx_sem_param_t *pr = &s->params[w.row[i]];
            double l = w.lam[i] * scale;
            if (pr->free && isfinite(l) && pr->scale != 0)
                th[pr->free - 1] = (l - pr->offset) / pr->scale;
        }
    }
    free(w.obs);
    free(w.row);
    free(w.C);
    return 0;
}

int adx__sem_start_values(const adx_sem_t *s, const adx__est_t *e, double *th)
{
    int simple = s->opt.start_simple;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (!pr->free)
            continue;
        double v = 0.0;
        if (pr->op == ADX_SEM_MEASURE)
            v = 1.0;
        else if (simple)
            v = pr->op == ADX_SEM_COV && e->ri[r] == e->rj[r] ? 1.0 : 0.0;
        else if (pr->op == ADX_SEM_COV && e->ri[r] == e->rj[r])
            v = e->ri[r] < e->p ? 0.5 * e->S[e->ri[r] * (e->p + 1)] : 0.05;
        else if (pr->op == ADX_SEM_INTERCEPT && e->ri[r] < e->p && e->ybar)
            v = e->ybar[e->ri[r]]; /* observed intercepts start at the sample means */
        th[pr->free - 1] = pr->scale != 0 ? (v - pr->offset) / pr->scale : v;
    }
    if (!simple && start_loadings(s, e, th))
        return -1;
    /* start(v)* values, then every parameter inside its bounds */
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->free && pr->has_start && pr->scale != 0)
            th[pr->free - 1] = (pr->start - pr->offset) / pr->scale;
    }
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->free && pr->scale != 0) {
            double v = pr->scale * th[pr->free - 1] + pr->offset;
            v = fmin(fmax(v, pr->lower), pr->upper);
            th[pr->free - 1] = (v - pr->offset) / pr->scale;
        }
    }
    return 0;
}
