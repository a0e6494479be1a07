/* QR least squares and symmetric eigen-decomposition through LAPACKE. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "../base/base.h"

adx_error_t adx_lstsq(const adx_matrix_t *X, const double *y, double *b, double *xtx_inv,
                      double *rss, double tol, size_t *aliased)
{
    size_t n = X->rows, p = X->cols;
    if (n <= p)
        return ADX_EEMPTY;
    adx_error_t rc = ADX_OK;
    double *A = malloc(n * p * sizeof *A), *qty = malloc(n * sizeof *qty);
    double *tau = malloc((p ? p : 1) * sizeof *tau);
    if (!A || !qty || !tau) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++)
        memcpy(A + j * n, X->data + j * X->ld, n * sizeof *A);
    memcpy(qty, y, n * sizeof *qty);
    lapack_int ln = (lapack_int)n, lp = (lapack_int)p;
    if (p && LAPACKE_dgeqrf(LAPACK_COL_MAJOR, ln, lp, A, ln, tau) != 0) {
        rc = ADX_ESINGULAR;
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++) {
        double norm = 0;
        for (size_t i = 0; i < n; i++)
            norm += X->data[i + j * X->ld] * X->data[i + j * X->ld];
        norm = sqrt(norm);
        if (!(fabs(A[j + j * n]) > tol * norm) || norm == 0) {
            if (aliased)
                *aliased = j;
            rc = ADX_ESINGULAR;
            goto cleanup;
        }
    }
    if (p && LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'T', ln, 1, lp, A, ln, tau, qty, ln) != 0) {
        rc = ADX_ESINGULAR;
        goto cleanup;
    }
    memcpy(b, qty, p * sizeof *b);
    if (p && LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', lp, 1, A, ln, b, lp) != 0) {
        rc = ADX_ESINGULAR;
        goto cleanup;
    }
    if (rss) {
        double s = 0;
        for (size_t i = p; i < n; i++)
            s += qty[i] * qty[i];
        *rss = s;
    }
    if (xtx_inv) {
        /* (X'X)^-1 = (R'R)^-1 from the triangular factor. */
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                xtx_inv[i + j * p] = i <= j ? A[i + j * n] : 0.0;
        if (p && LAPACKE_dpotri(LAPACK_COL_MAJOR, 'U', lp, xtx_inv, lp) != 0) {
            rc = ADX_ESINGULAR;
            goto cleanup;
        }
        for (size_t j = 0; j < p; j++)
            for (size_t i = j + 1; i < p; i++)
                xtx_inv[i + j * p] = xtx_inv[j + i * p];
    }
cleanup:
    ADX__FREE(A, qty, tau);
    return rc;
}

adx_error_t adx_sym_eigen(const double *A, size_t k, double *values, double *vectors)
{
    if (k == 0)
        return ADX_OK;
    adx_error_t rc = ADX_OK;
    double *a = malloc(k * k * sizeof *a), *w = malloc(k * sizeof *w);
    double *z = malloc(k * k * sizeof *z);
    lapack_int *isuppz = malloc(2 * k * sizeof *isuppz);
    if (!a || !w || !z || !isuppz) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    memcpy(a, A, k * k * sizeof *a);
    lapack_int m = 0, lk = (lapack_int)k;
    if (LAPACKE_dsyevr(LAPACK_COL_MAJOR, vectors ? 'V' : 'N', 'A', 'L', lk, a, lk, 0, 0, 0, 0,
                       0, &m, w, z, lk, isuppz) != 0 ||
        (size_t)m != k) {
        rc = ADX_ECONVERGE;
        goto cleanup;
    }
    /* LAPACK returns ascending order; reverse. */
    for (size_t j = 0; j < k; j++) {
        values[j] = w[k - 1 - j];
        if (vectors)
            memcpy(vectors + j * k, z + (k - 1 - j) * k, k * sizeof *z);
    }
cleanup:
    ADX__FREE(a, w, z, isuppz);
    return rc;
}
