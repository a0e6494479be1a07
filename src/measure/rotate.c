/* Rotations. varimax = Kaiser-normalised varimax by stats::varimax's SVD
 * steps, iterated to full convergence by default (SPSS/PSPP's solution; R's
 * default relative eps = 1e-5 stops up to 1e-3 short of it); promax = the
 * power-m target of the row-normalised varimax loadings fitted by least
 * squares, on the varimax loadings (SPSS FACTOR, the default) or on the
 * Kaiser-normalised ones (psych's kaiser(rotate = "Promax")); oblimin =
 * GPArotation::GPFoblq (gradient projection, Bernaards & Jennrich 2005),
 * optionally on Kaiser-normalised rows as SPSS does.
 */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_measure.h"
#include "measure_priv.h"

/* C (p x q) = op(A) op(B) summed over the inner dimension n in order, where
 * op(X) is X or, when its flag is set, X'. Column-major: A is p x n (ld p), or
 * n x p (ld n) when transposed; B is n x q (ld n), or q x n (ld q). */
static void mult(const double *A, int ta, const double *B, int tb, size_t p, size_t q, size_t n,
                 double *C)
{
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < p; i++) {
            double s = 0;
            for (size_t r = 0; r < n; r++)
                s += (ta ? A[r + i * n] : A[i + r * p]) * (tb ? B[j + r * q] : B[r + j * n]);
            C[i + j * p] = s;
        }
}

/* C (a x c) = A' B, A (n x a), B (n x c). */
static void crossprod(const double *A, const double *B, size_t n, size_t a, size_t c, double *C)
{
    mult(A, 1, B, 0, a, c, n, C);
}

/* C (n x c) = A (n x a) B (a x c). */
static void matmul(const double *A, const double *B, size_t n, size_t a, size_t c, double *C)
{
    mult(A, 0, B, 0, n, c, a, C);
}

/* A = I (m x m). */
static void identity(double *A, size_t m)
{
    for (size_t i = 0; i < m * m; i++)
        A[i] = 0;
    for (size_t a = 0; a < m; a++)
        A[a + a * m] = 1;
}

/* Kaiser normalisation: w[i] = the row norm sqrt(sum_a L_ia^2) (1 for a row of
 * zeros) and out = L with each row divided by it (out may be L). */
static void kaiser_normalise(const double *L, size_t k, size_t m, double *w, double *out)
{
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t a = 0; a < m; a++)
            s += L[i + a * k] * L[i + a * k];
        w[i] = s > 0 ? sqrt(s) : 1.0;
    }
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++)
            out[i + a * k] = L[i + a * k] / w[i];
}

/* Largest absolute difference between two m x m matrices. */
static double max_change(const double *A, const double *B, size_t m)
{
    double d = 0;
    for (size_t i = 0; i < m * m; i++)
        d = fmax(d, fabs(A[i] - B[i]));
    return d;
}

/* The varimax rotation is fully converged when an iteration changes it by
 * less than this; an iteration limit reached above VARIMAX_ACCEPT fails. */
#define VARIMAX_TOL 1e-13
#define VARIMAX_ACCEPT 1e-9

/* One varimax step (stats::varimax): TT = U V' from the SVD of
 * x' (z^3 - z diag(z'z)/k), z = x TT. *d gets the sum of singular values. */
static adx_error_t varimax_step(const double *x, size_t k, size_t m, double *TT, double *z,
                                double *B, double *u, double *vt, double *sv, double *superb,
                                double *d)
{
    matmul(x, TT, k, m, m, z);
    for (size_t a = 0; a < m; a++) {
        double cs = 0;
        for (size_t i = 0; i < k; i++)
            cs += z[i + a * k] * z[i + a * k];
        for (size_t i = 0; i < k; i++) {
            double v = z[i + a * k];
            z[i + a * k] = v * v * v - v * cs / (double)k;
        }
    }
    crossprod(x, z, k, m, m, B);
    if (LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'A', 'A', (lapack_int)m, (lapack_int)m, B,
                       (lapack_int)m, sv, u, (lapack_int)m, vt, (lapack_int)m, superb) != 0)
        return ADX_ECONVERGE;
    matmul(u, vt, m, m, m, TT);
    *d = 0;
    for (size_t a = 0; a < m; a++)
        *d += sv[a];
    return ADX_OK;
}

/* Kaiser-normalised varimax of L (k x m) in place; TT (m x m) gets the
 * rotation. eps > 0: stats::varimax(x, eps = eps)'s relative stopping rule;
 * eps <= 0: until the rotation changes by less than VARIMAX_TOL. */
static adx_error_t varimax(double *L, size_t k, size_t m, double eps, int maxit, double *TT,
                           int *iterations)
{
    adx_error_t rc = ADX_OK;
    double *x = malloc(k * m * sizeof *x), *z = malloc(k * m * sizeof *z);
    double *sc = malloc(k * sizeof *sc), *B = malloc(m * m * sizeof *B);
    double *u = malloc(m * m * sizeof *u), *vt = malloc(m * m * sizeof *vt);
    double *sv = malloc(m * sizeof *sv), *superb = malloc(m * sizeof *superb);
    double *prev = malloc(m * m * sizeof *prev);
    if (!x || !z || !sc || !B || !u || !vt || !sv || !superb || !prev) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    kaiser_normalise(L, k, m, sc, x);
    identity(TT, m);
    double d = 0, change = INFINITY;
    int it;
    for (it = 1; it <= maxit; it++) {
        double dpast = d;
        memcpy(prev, TT, m * m * sizeof *TT);
        if ((rc = varimax_step(x, k, m, TT, z, B, u, vt, sv, superb, &d)))
            goto cleanup;
        change = max_change(prev, TT, m);
        if (eps > 0 ? d < dpast * (1 + eps) : change < VARIMAX_TOL)
            break;
    }
    if (iterations)
        *iterations = it > maxit ? maxit : it;
    if (eps <= 0 && it > maxit && !(change < VARIMAX_ACCEPT)) {
        rc = ADX_ECONVERGE;
        goto cleanup;
    }
    matmul(x, TT, k, m, m, z);
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++)
            L[i + a * k] = z[i + a * k] * sc[i];
cleanup:
    ADX__FREE(x, z, sc, B, u, vt, sv, superb, prev);
    return rc;
}

/* Promax (power p) after a Kaiser-normalised varimax, with x the varimax
 * loadings divided by their row norms h: target Q = x |x|^(p-1); U = the
 * least-squares coefficients of Q on x h (SPSS) or on x (psych's kaiser()),
 * columns scaled by sqrt(diag((U'U)^-1)); pattern = x U h, phi = (U'U)^-1
 * (computed as V V', V = (TT U)^-1). SPSS's extra normalisation of U to unit
 * columns (its D and C) cancels out of the pattern and phi. */
static adx_error_t promax(double *L, size_t k, size_t m, const adx_factor_options_t *o,
                          double *phi, int *iterations)
{
    adx_error_t rc = ADX_OK;
    double *h = malloc(k * sizeof *h), *TT = malloc(m * m * sizeof *TT);
    double *Q = malloc(k * sizeof *Q), *U = malloc(m * m * sizeof *U);
    double *UtU = malloc(m * m * sizeof *UtU), *z = malloc(k * m * sizeof *z);
    double *V = malloc(m * m * sizeof *V);
    adx_matrix_t *X = adx_matrix_alloc(k, m);
    if (!h || !TT || !Q || !U || !UtU || !z || !V || !X) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    kaiser_normalise(L, k, m, h, L);
    if ((rc = varimax(L, k, m, o->varimax_eps, o->rot_max_iter, TT, iterations)))
        goto cleanup;
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++)
            ADX_M(X, i, a) = L[i + a * k] * (o->promax_style == ADX_PROMAX_SPSS ? h[i] : 1.0);
    /* U = least-squares coefficients of Q = x |x|^(power-1) on x. */
    for (size_t a = 0; a < m; a++) {
        for (size_t i = 0; i < k; i++) {
            double v = L[i + a * k];
            Q[i] = v * pow(fabs(v), o->promax_power - 1);
        }
        if ((rc = adx_lstsq(X, Q, U + a * m, NULL, NULL, 1e-7, NULL)))
            goto cleanup;
    }
    crossprod(U, U, m, m, m, UtU);
    if ((rc = adx__inverse(UtU, m)))
        goto cleanup;
    for (size_t a = 0; a < m; a++) {
        double s = sqrt(UtU[a + a * m]);
        for (size_t b = 0; b < m; b++)
            U[b + a * m] *= s;
    }
    matmul(L, U, k, m, m, z);
    matmul(TT, U, m, m, m, V); /* rotation from the normalised unrotated loadings */
    if ((rc = adx__inverse(V, m)))
        goto cleanup;
    if (phi)
        mult(V, 0, V, 1, m, m, m, phi); /* V V' */
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++)
            L[i + a * k] = z[i + a * k] * h[i];
cleanup:
    ADX__FREE(h, TT, Q, U, UtU, z, V);
    adx_matrix_free(X);
    return rc;
}

/* GPArotation vgQ.oblimin: Gq = L * X, f = sum(L^2 X) / 4 with
 * X = L^2 (1 - I), then (I - gamma/k) X when gamma != 0. */
static double oblimin_vgq(const double *L, size_t k, size_t m, double gamma, double *Gq,
                          double *X)
{
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++) {
            double s = 0;
            for (size_t b = 0; b < m; b++)
                if (b != a)
                    s += L[i + b * k] * L[i + b * k];
            X[i + a * k] = s;
        }
    if (gamma != 0)
        for (size_t a = 0; a < m; a++) {
            double cs = 0;
            for (size_t i = 0; i < k; i++)
                cs += X[i + a * k];
            for (size_t i = 0; i < k; i++)
                X[i + a * k] -= gamma / (double)k * cs;
        }
    double f = 0;
    for (size_t i = 0; i < k * m; i++) {
        Gq[i] = L[i] * X[i];
        f += L[i] * L[i] * X[i];
    }
    return f / 4;
}

/* L = A inv(T)'; G = -(L' Gq inv(T))'. Ti (m x m) work. */
static adx_error_t oblimin_step(const double *A, const double *T, size_t k, size_t m,
                                double gamma, double *L, double *Gq, double *X, double *G,
                                double *Ti, double *W, double *f)
{
    memcpy(Ti, T, m * m * sizeof *T);
    adx_error_t rc = adx__inverse(Ti, m);
    if (rc)
        return rc;
    mult(A, 0, Ti, 1, k, m, m, L); /* L = A Ti' */
    *f = oblimin_vgq(L, k, m, gamma, Gq, X);
    crossprod(L, Gq, k, m, m, W);  /* W = L' Gq */
    mult(Ti, 1, W, 1, m, m, m, G); /* G = -(W Ti)' = -Ti' W' */
    for (size_t i = 0; i < m * m; i++)
        G[i] = -G[i];
    return ADX_OK;
}

static adx_error_t oblimin(double *Lio, size_t k, size_t m, const adx_factor_options_t *o,
                           double *phi, int *iterations, int *converged)
{
    adx_error_t rc = ADX_OK;
    double *A = malloc(k * m * sizeof *A), *w = malloc(k * sizeof *w);
    double *L = malloc(k * m * sizeof *L), *Gq = malloc(k * m * sizeof *Gq);
    double *X = malloc(k * m * sizeof *X), *T = malloc(m * m * sizeof *T);
    double *Tt = malloc(m * m * sizeof *Tt), *G = malloc(m * m * sizeof *G);
    double *Gp = malloc(m * m * sizeof *Gp), *Ti = malloc(m * m * sizeof *Ti);
    double *W = malloc(m * m * sizeof *W), *Gt = malloc(m * m * sizeof *Gt);
    if (!A || !w || !L || !Gq || !X || !T || !Tt || !G || !Gp || !Ti || !W || !Gt) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    memcpy(A, Lio, k * m * sizeof *A);
    if (o->kaiser)
        kaiser_normalise(A, k, m, w, A);
    identity(T, m);
    double al = 1, f, ft = 0, s = INFINITY;
    if ((rc = oblimin_step(A, T, k, m, o->gamma, L, Gq, X, G, Ti, W, &f)))
        goto cleanup;
    int it;
    for (it = 0; it <= o->rot_max_iter; it++) {
        /* Gp = G - T diag(colSums(T * G)) */
        s = 0;
        for (size_t a = 0; a < m; a++) {
            double cs = 0;
            for (size_t b = 0; b < m; b++)
                cs += T[b + a * m] * G[b + a * m];
            for (size_t b = 0; b < m; b++) {
                Gp[b + a * m] = G[b + a * m] - T[b + a * m] * cs;
                s += Gp[b + a * m] * Gp[b + a * m];
            }
        }
        s = sqrt(s);
        if (s < o->rot_eps)
            break;
        al *= 2;
        for (int i = 0; i <= 10; i++) {
            for (size_t a = 0; a < m; a++) {
                double cs = 0;
                for (size_t b = 0; b < m; b++) {
                    double v = T[b + a * m] - al * Gp[b + a * m];
                    Tt[b + a * m] = v;
                    cs += v * v;
                }
                for (size_t b = 0; b < m; b++)
                    Tt[b + a * m] /= sqrt(cs);
            }
            if ((rc = oblimin_step(A, Tt, k, m, o->gamma, L, Gq, X, Gt, Ti, W, &ft)))
                goto cleanup;
            if (f - ft > 0.5 * s * s * al)
                break;
            al /= 2;
        }
        memcpy(T, Tt, m * m * sizeof *T);
        memcpy(G, Gt, m * m * sizeof *G);
        f = ft;
    }
    *iterations = it > o->rot_max_iter ? o->rot_max_iter : it;
    *converged = s < o->rot_eps;
    /* L holds A inv(T)' for the last T tried, which is T itself after an
     * accepted step and after the break. */
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++)
            Lio[i + a * k] = L[i + a * k] * (o->kaiser ? w[i] : 1.0);
    if (phi)
        crossprod(T, T, m, m, m, phi);
cleanup:
    ADX__FREE(A, w, L, Gq, X, T, Tt, G, Gp, Ti, W, Gt);
    return rc;
}

const char *adx_rotate_name(adx_rotate_t r)
{
    switch (r) {
    case ADX_ROTATE_VARIMAX: return "varimax";
    case ADX_ROTATE_PROMAX: return "promax";
    case ADX_ROTATE_OBLIMIN: return "oblimin";
    default: return "none";
    }
}

/* Reflects each column a whose structure loadings (L P)_.a sum to a negative
 * number (SPSS/PSPP reflect columns with a negative sum), with row and
 * column a of P. */
static void reflect(double *L, size_t k, size_t m, double *P)
{
    for (size_t a = 0; a < m; a++) {
        double s = 0;
        for (size_t b = 0; b < m; b++) {
            double cs = 0;
            for (size_t i = 0; i < k; i++)
                cs += L[i + b * k];
            s += cs * P[b + a * m];
        }
        if (s >= 0)
            continue;
        for (size_t i = 0; i < k; i++)
            L[i + a * k] = -L[i + a * k];
        for (size_t b = 0; b < m; b++)
            if (b != a) {
                P[a + b * m] = -P[a + b * m];
                P[b + a * m] = -P[b + a * m];
            }
    }
}

/* ord = the columns by decreasing variance explained, diag(P L'L) (psych);
 * identity unless sort. */
static void column_order(const double *L, size_t k, size_t m, const double *P, int sort,
                         double *ss, size_t *ord)
{
    for (size_t a = 0; a < m; a++) {
        double s = 0;
        for (size_t b = 0; b < m; b++)
            for (size_t i = 0; i < k; i++)
                s += P[a + b * m] * L[i + b * k] * L[i + a * k];
        ss[a] = s;
        ord[a] = a;
    }
    for (size_t a = 1; sort && a < m; a++)
        for (size_t b = a; b > 0 && ss[ord[b]] > ss[ord[b - 1]]; b--) {
            size_t t = ord[b];
            ord[b] = ord[b - 1];
            ord[b - 1] = t;
        }
}

adx_error_t adx_rotate(double *L, size_t k, size_t m, const adx_factor_options_t *o, double *phi,
                       int *iterations, adx_errctx_t *ctx)
{
    adx_factor_options_t defaults;
    o = ADX__OPTIONS(o, defaults, adx_factor_options_init);
    int its = 0, converged = 1;
    adx_error_t rc = ADX_OK;
    double *P = malloc(m * m * sizeof *P), *ss = malloc(m * sizeof *ss);
    double *tmp = malloc(k * m * sizeof *tmp), *TT = malloc(m * m * sizeof *TT);
    size_t *ord = malloc(m * sizeof *ord);
    if (!P || !ss || !tmp || !TT || !ord) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    identity(P, m);
    if (m > 1 && o->rotate == ADX_ROTATE_VARIMAX)
        rc = varimax(L, k, m, o->varimax_eps, o->rot_max_iter, TT, &its);
    else if (m > 1 && o->rotate == ADX_ROTATE_PROMAX)
        rc = promax(L, k, m, o, P, &its);
    else if (m > 1 && o->rotate == ADX_ROTATE_OBLIMIN)
        rc = oblimin(L, k, m, o, P, &its, &converged);
    if (rc) {
        rc = adx_err(ctx, rc == ADX_ENOMEM ? rc : ADX_ECONVERGE,
                     "the %s rotation failed (%s after %d iterations); try another rotation "
                     "or fewer factors",
                     adx_rotate_name(o->rotate), adx_strerror(rc), its);
        goto cleanup;
    }
    if (!converged) {
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "the oblimin rotation did not converge after %d iterations; try promax "
                     "or fewer factors",
                     its);
        goto cleanup;
    }
    reflect(L, k, m, P);
    column_order(L, k, m, P, o->sort, ss, ord);
    memcpy(tmp, L, k * m * sizeof *L);
    for (size_t a = 0; a < m; a++)
        memcpy(L + a * k, tmp + ord[a] * k, k * sizeof *L);
    if (phi)
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                phi[a + b * m] = P[ord[a] + ord[b] * m];
    if (iterations)
        *iterations = its;
cleanup:
    ADX__FREE(P, ss, tmp, TT, ord);
    return rc;
}
