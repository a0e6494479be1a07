/* Factor extraction from a correlation matrix: principal components, principal
 * axis (psych::fa fm = "pa", same iteration and stopping rule), minres/ULS and
 * maximum likelihood (the objectives and gradients of psych::fa, minimised by
 * a bound-constrained quasi-Newton method to a tight tolerance).
 */
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_measure.h"
#include "measure_priv.h"

void adx_factor_options_init(adx_factor_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->method = ADX_EXTRACT_MINRES;
    o->rotate = ADX_ROTATE_OBLIMIN;
    o->kaiser = 1;
    o->promax_power = 4;
    o->gamma = 0;
    o->min_err = 0.001;
    o->max_iter = 50;
    o->opt_max_iter = 1000;
    o->tol = 1e-9;
    o->psi_lower = 0.005;
    o->rot_eps = 1e-5;
    o->rot_max_iter = 1000;
    o->promax_style = ADX_PROMAX_SPSS;
    o->varimax_eps = 0; /* full convergence */
    o->sort = 0;        /* SPSS: the extraction order */
}

adx_error_t adx__reduced_eigen(const double *R, size_t k, const double *diag, double *values)
{
    double *A = malloc(k * k * sizeof *A);
    if (!A)
        return ADX_ENOMEM;
    memcpy(A, R, k * k * sizeof *A);
    for (size_t j = 0; j < k; j++)
        A[j + j * k] = diag[j];
    adx_error_t rc = adx_sym_eigen(A, k, values, NULL);
    free(A);
    return rc;
}

const char *adx_extract_name(adx_extract_t m)
{
    switch (m) {
    case ADX_EXTRACT_PC: return "pc";
    case ADX_EXTRACT_ML: return "ml";
    case ADX_EXTRACT_PA: return "pa";
    default: return "minres";
    }
}

void adx__loading_ss(const double *L, size_t k, size_t m, double *rows, double *cols)
{
    for (size_t i = 0; rows && i < k; i++) {
        double h = 0;
        for (size_t a = 0; a < m; a++)
            h += L[i + a * k] * L[i + a * k];
        rows[i] = h;
    }
    for (size_t a = 0; cols && a < m; a++) {
        double s = 0;
        for (size_t i = 0; i < k; i++)
            s += L[i + a * k] * L[i + a * k];
        cols[a] = s;
    }
}

void adx__factor_fit(const double *R, size_t k, size_t n, const double *L, size_t m,
                    const double *phi, double *objective, double *chisq, double *df, double *p)
{
    *objective = *chisq = *p = NAN;
    double kk = (double)k, mm = (double)m;
    *df = kk * (kk - 1) / 2 - kk * mm + mm * (mm - 1) / 2;
    adx_matrix_t *M = adx_matrix_alloc(k, k);
    if (!M)
        return;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0;
            for (size_t a = 0; a < m; a++)
                for (size_t b = 0; b < m; b++)
                    s += L[i + a * k] * (phi ? phi[a + b * m] : (a == b)) * L[j + b * k];
            ADX_M(M, i, j) = i == j ? 1.0 : s;
        }
    double ldm, ldr;
    if (adx__spd_logdet(R, k, &ldr) || adx__spd_inverse(M->data, k, &ldm)) {
        adx_matrix_free(M);
        return;
    }
    double tr = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            tr += ADX_M(M, i, j) * R[j + i * k];
    adx_matrix_free(M);
    *objective = tr - (ldr - ldm) - kk;
    double stat = *objective * ((double)n - 1 - (2 * kk + 5) / 6 - 2 * mm / 3);
    *chisq = stat < 0 ? 0 : stat;
    if (*df > 0)
        *p = gsl_cdf_chisq_Q(*chisq, *df);
}

/* ---- objectives ---------------------------------------------------------- */

typedef struct {
    const double *S;
    size_t k, m;
    adx_extract_t method;
    double *A, *vals, *vecs; /* k x k work, k, k x k */
} fit_t;

/* Loadings (k x m) for given uniquenesses: ML as psych FAout, ULS as FAout.wls.
 * Leaves the eigen-decomposition in f->vals / f->vecs. */
static adx_error_t fit_loadings(fit_t *f, const double *psi, double *L)
{
    size_t k = f->k;
    const double *S = f->S;
    if (f->method == ADX_EXTRACT_ML) {
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++)
                f->A[i + j * k] = S[i + j * k] / sqrt(psi[i] * psi[j]);
    } else {
        memcpy(f->A, S, k * k * sizeof *S);
        for (size_t j = 0; j < k; j++)
            f->A[j + j * k] -= psi[j];
    }
    adx_error_t rc = adx_sym_eigen(f->A, k, f->vals, f->vecs);
    if (rc || !L)
        return rc;
    for (size_t a = 0; a < f->m; a++) {
        double e = f->method == ADX_EXTRACT_ML ? f->vals[a] - 1 : f->vals[a];
        double s = sqrt(e > 0 ? e : 0);
        for (size_t i = 0; i < k; i++)
            L[i + a * k] = f->vecs[i + a * k] * s *
                           (f->method == ADX_EXTRACT_ML ? sqrt(psi[i]) : 1.0);
    }
    return ADX_OK;
}

/* Objective and gradient at psi. ML: psych FAfn / FAgr (exact gradient).
 * ULS: half the squared Frobenius norm of S - Psi - LL', whose gradient is
 * minus the diagonal residual (psych's FAgr.minres); its minimiser is the
 * minres solution. L (k x m) work. */
static adx_error_t fit_eval(fit_t *f, const double *psi, double *L, double *fx, double *g)
{
    size_t k = f->k, m = f->m;
    adx_error_t rc = fit_loadings(f, psi, L);
    if (rc)
        return rc;
    double s = 0;
    if (f->method == ADX_EXTRACT_ML) {
        for (size_t j = m; j < k; j++) {
            if (!(f->vals[j] > 0))
                return ADX_ESINGULAR;
            s += log(f->vals[j]) - f->vals[j];
        }
        *fx = -(s - (double)m + (double)k);
    } else {
        for (size_t j = 0; j < k; j++) {
            double e = f->vals[j];
            if (j >= m || e < 0)
                s += e * e;
        }
        *fx = s / 2;
    }
    for (size_t i = 0; i < k; i++) {
        double d = 0;
        for (size_t a = 0; a < m; a++)
            d += L[i + a * k] * L[i + a * k];
        double gi = d + psi[i] - f->S[i + i * k];
        g[i] = f->method == ADX_EXTRACT_ML ? gi / (psi[i] * psi[i]) : gi;
    }
    return ADX_OK;
}

/* Work space of the bound-constrained BFGS (k = number of uniquenesses), in one
 * allocation. */
typedef struct {
    size_t k;
    double *H, *g, *gn, *d, *xn, *L, *s, *y, *Hy; /* H k x k; L k x m; others k */
    int *act, *pact;                              /* active bounds, now and before */
    double *mem;
} bfgs_t;

static void bfgs_free(bfgs_t *w)
{
    ADX__FREE(w->mem, w->act, w->pact);
}

static int bfgs_alloc(bfgs_t *w, size_t k, size_t m)
{
    w->k = k;
    w->mem = malloc((k * k + k * m + 7 * k + 1) * sizeof *w->mem);
    w->act = malloc((k ? k : 1) * sizeof *w->act);
    w->pact = calloc(k ? k : 1, sizeof *w->pact);
    if (!w->mem || !w->act || !w->pact)
        return 0;
    w->H = w->mem;
    w->L = w->H + k * k;
    double **v[] = {&w->g, &w->gn, &w->d, &w->xn, &w->s, &w->y, &w->Hy};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        *v[i] = w->L + k * m + i * k;
    return 1;
}

/* Marks the variables held at a bound (gradient pointing outward); *changed is
 * set when the set differs from the last one. Returns the largest free |g|. */
static double active_set(bfgs_t *w, const double *psi, double lo, double hi, int *changed)
{
    double pgmax = 0;
    *changed = 0;
    for (size_t i = 0; i < w->k; i++) {
        double g = w->g[i];
        w->act[i] = (psi[i] <= lo && g > 0) || (psi[i] >= hi && g < 0);
        *changed |= w->act[i] != w->pact[i];
        w->pact[i] = w->act[i];
        if (!w->act[i] && fabs(g) > pgmax)
            pgmax = fabs(g);
    }
    return pgmax;
}

/* Search direction d = -H g on the free variables (steepest descent when that
 * is not downhill, which also asks for a reset of H); returns the slope g'd. */
static double direction(bfgs_t *w, int *reset)
{
    size_t k = w->k;
    double slope = 0;
    for (size_t i = 0; i < k; i++) {
        double v = 0;
        if (!w->act[i])
            for (size_t j = 0; j < k; j++)
                v -= w->act[j] ? 0 : w->H[i + j * k] * w->g[j];
        w->d[i] = v;
        slope += v * w->g[i];
    }
    if (!(slope < 0)) {
        slope = 0;
        for (size_t i = 0; i < k; i++) {
            w->d[i] = w->act[i] ? 0 : -w->g[i];
            slope -= w->d[i] * w->d[i];
        }
        *reset = 1;
    }
    return slope;
}

/* Projected backtracking (Armijo) from step t: xn, gn and *fn at the first
 * point that lowers fx enough. Returns 1 when found. */
static int line_search(fit_t *f, bfgs_t *w, const double *psi, double fx, double lo,
                       double hi, double t, double *fn)
{
    for (int ls = 0; ls < 30; ls++, t /= 2) {
        double dec = 0;
        for (size_t i = 0; i < w->k; i++) {
            double v = psi[i] + t * w->d[i];
            w->xn[i] = v < lo ? lo : v > hi ? hi : v;
            dec += w->g[i] * (w->xn[i] - psi[i]);
        }
        if (fit_eval(f, w->xn, w->L, fn, w->gn))
            continue;
        if (*fn <= fx + 1e-4 * dec && *fn < fx)
            return 1;
    }
    return 0;
}

/* BFGS update of the inverse Hessian H with s = xn - psi, y = gn - g; moves to
 * xn. Returns the largest |s_i|. */
static double bfgs_step(bfgs_t *w, double *psi)
{
    size_t k = w->k;
    double sy = 0, yHy = 0, change = 0;
    for (size_t i = 0; i < k; i++) {
        w->s[i] = w->xn[i] - psi[i];
        w->y[i] = w->gn[i] - w->g[i];
        sy += w->s[i] * w->y[i];
        change = fabs(w->s[i]) > change ? fabs(w->s[i]) : change;
    }
    for (size_t i = 0; i < k; i++) {
        double v = 0;
        for (size_t j = 0; j < k; j++)
            v += w->H[i + j * k] * w->y[j];
        w->Hy[i] = v;
        yHy += w->y[i] * v;
    }
    if (sy > 1e-14) {
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                w->H[i + j * k] += (sy + yHy) * w->s[i] * w->s[j] / (sy * sy) -
                                   (w->Hy[i] * w->s[j] + w->s[i] * w->Hy[j]) / sy;
    }
    memcpy(psi, w->xn, k * sizeof *psi);
    memcpy(w->g, w->gn, k * sizeof *w->g);
    return change;
}

/* Bound-constrained BFGS on psi in [lo, hi]: variables at a bound whose
 * gradient points outward are held fixed; projected backtracking line search. */
static adx_error_t optimise(fit_t *f, double *psi, double lo, double hi,
                            const adx_factor_options_t *o, int *iterations, double *last_change,
                            adx_errctx_t *ctx)
{
    size_t k = f->k;
    adx_error_t rc = ADX_OK;
    bfgs_t w = {0};
    if (!bfgs_alloc(&w, k, f->m)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    const char *what = f->method == ADX_EXTRACT_ML ? "maximum likelihood" : "minres";
    double fx;
    if ((rc = fit_eval(f, psi, w.L, &fx, w.g))) {
        rc = adx_err(ctx, rc, "%s extraction failed at the start values", what);
        goto cleanup;
    }
    int reset = 1, it = 0, converged = 0;
    double pgmax = INFINITY, change = NAN;
    for (it = 0; it < o->opt_max_iter; it++) {
        int changed;
        pgmax = active_set(&w, psi, lo, hi, &changed);
        if (pgmax < o->tol) {
            converged = 1;
            break;
        }
        if (reset || changed) {
            for (size_t i = 0; i < k * k; i++)
                w.H[i] = 0;
            for (size_t i = 0; i < k; i++)
                w.H[i + i * k] = 1;
            reset = 0;
        }
        double slope = direction(&w, &reset);
        /* First step of a fresh direction: move at most 0.1 in any uniqueness. */
        double dmax = 0;
        for (size_t i = 0; i < k; i++)
            dmax = fabs(w.d[i]) > dmax ? fabs(w.d[i]) : dmax;
        double t = dmax > 0.1 ? 0.1 / dmax : 1.0, fn = fx;
        /* A full step that cannot lower the objective by more than its rounding
         * error: the optimum is reached at this precision. */
        if (pgmax < 1e3 * o->tol && fabs(slope) * t < 1e-14 * (1 + fabs(fx))) {
            converged = 1;
            break;
        }
        if (!line_search(f, &w, psi, fx, lo, hi, t, &fn)) {
            /* No decrease is possible at this precision: converged if the
             * gradient is small, else restart once from steepest descent. */
            if (pgmax < 1e3 * o->tol || (reset && pgmax < 1e-6)) {
                converged = 1;
                break;
            }
            if (reset)
                break;
            reset = 1;
            continue;
        }
        change = bfgs_step(&w, psi);
        fx = fn;
    }
    if (iterations)
        *iterations = it;
    if (last_change)
        *last_change = change;
    if (!converged)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "%s extraction did not converge after %d iterations (largest gradient "
                     "%.3g, last change in a uniqueness %.3g); try fewer factors or check "
                     "the items for near-duplicates",
                     what, it, pgmax, change);
cleanup:
    bfgs_free(&w);
    return rc;
}

/* psych::fa fm = "pa": communalities start at the SMCs; iterate until the sum
 * of communalities changes by no more than min_err, at most max_iter times. */
static adx_error_t principal_axis(const double *R, size_t k, size_t m,
                                  const adx_factor_options_t *o, double *L, int *iterations,
                                  double *last_change, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    double *A = malloc(k * k * sizeof *A), *h = malloc(k * sizeof *h);
    double *vals = malloc(k * sizeof *vals), *vecs = malloc(k * k * sizeof *vecs);
    if (!A || !h || !vals || !vecs) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_smc(R, k, h))) {
        rc = adx_err(ctx, rc, "principal axis: cannot compute the squared multiple correlations");
        goto cleanup;
    }
    memcpy(A, R, k * k * sizeof *A);
    double comm = 0, err;
    for (size_t j = 0; j < k; j++) {
        A[j + j * k] = h[j];
        comm += h[j];
    }
    err = comm;
    int it = 0, converged = 1;
    while (err > o->min_err) {
        if ((rc = adx_sym_eigen(A, k, vals, vecs))) {
            rc = adx_err(ctx, rc, "principal axis: eigen-decomposition failed");
            goto cleanup;
        }
        for (size_t a = 0; a < m; a++) {
            if (vals[a] < 0) {
                rc = adx_err(ctx, ADX_ECONVERGE,
                             "principal axis: factor %zu has a negative eigenvalue (%.4g) at "
                             "iteration %d; extract fewer factors",
                             a + 1, vals[a], it + 1);
                goto cleanup;
            }
            double sv = sqrt(vals[a]);
            for (size_t i = 0; i < k; i++)
                L[i + a * k] = vecs[i + a * k] * sv;
        }
        double comm1 = 0;
        adx__loading_ss(L, k, m, h, NULL);
        for (size_t i = 0; i < k; i++) {
            A[i + i * k] = h[i];
            comm1 += h[i];
        }
        err = fabs(comm - comm1);
        comm = comm1;
        it++;
        if (it >= o->max_iter && err > o->min_err) {
            converged = 0;
            break;
        }
    }
    if (iterations)
        *iterations = it;
    if (last_change)
        *last_change = err;
    if (!converged)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "principal axis extraction did not converge after %d iterations (last "
                     "change in the sum of communalities %.3g > %g); raise --max-iter or "
                     "extract fewer factors",
                     it, err, o->min_err);
cleanup:
    ADX__FREE(A, h, vals, vecs);
    return rc;
}

adx_error_t adx_extract(const double *R, size_t k, size_t m, const adx_factor_options_t *o,
                        double *L, double *psi_out, int *iterations, double *last_change,
                        adx_errctx_t *ctx)
{
    adx_factor_options_t defaults;
    o = ADX__OPTIONS(o, defaults, adx_factor_options_init);
    if (iterations)
        *iterations = 0;
    if (last_change)
        *last_change = NAN;
    if (m < 1 || m > k)
        return adx_err(ctx, ADX_EUSAGE, "cannot extract %zu factors from %zu items", m, k);
    adx_error_t rc = ADX_OK;
    if (o->method == ADX_EXTRACT_PC) {
        double *vals = malloc(k * sizeof *vals), *vecs = malloc(k * k * sizeof *vecs);
        if (!vals || !vecs)
            rc = adx_oom(ctx);
        else
            rc = adx__eigen(R, k, vals, vecs, ctx);
        for (size_t a = 0; !rc && a < m; a++)
            for (size_t i = 0; i < k; i++)
                L[i + a * k] = vecs[i + a * k] * sqrt(vals[a] > 0 ? vals[a] : 0);
        free(vals);
        free(vecs);
        return rc;
    }
    if (o->method == ADX_EXTRACT_PA)
        return principal_axis(R, k, m, o, L, iterations, last_change, ctx);
    /* ML and minres: start at 1 - SMC, bounds [psi_lower, max(1, SMC)] as psych. */
    fit_t f = {R, k, m, o->method, NULL, NULL, NULL};
    double *psi = malloc(k * sizeof *psi);
    f.A = malloc(k * k * sizeof *f.A);
    f.vals = malloc(k * sizeof *f.vals);
    f.vecs = malloc(k * k * sizeof *f.vecs);
    if (!psi || !f.A || !f.vals || !f.vecs) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_smc(R, k, psi))) {
        rc = adx_err(ctx, rc, "cannot compute the squared multiple correlations");
        goto cleanup;
    }
    double hi = 1;
    for (size_t i = 0; i < k; i++) {
        hi = psi[i] > hi ? psi[i] : hi;
        psi[i] = R[i + i * k] - psi[i];
        psi[i] = psi[i] < o->psi_lower ? o->psi_lower : psi[i];
    }
    if ((rc = optimise(&f, psi, o->psi_lower, hi, o, iterations, last_change, ctx)))
        goto cleanup;
    if ((rc = fit_loadings(&f, psi, L)))
        rc = adx_err(ctx, rc, "eigen-decomposition failed");
    if (psi_out)
        memcpy(psi_out, psi, k * sizeof *psi);
cleanup:
    ADX__FREE(psi, f.A, f.vals, f.vecs);
    return rc;
}
