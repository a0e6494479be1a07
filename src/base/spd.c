/* Dense symmetric positive-definite inverse and solve, and the general inverse,
 * through LAPACK. Column-major k x k; symmetric input is read from the lower
 * triangle. The one copy of what sem, measure, sim and core each wrote. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void mirror_lower(double *a, size_t k)
{
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < j; i++)
            a[i + j * k] = a[j + i * k];
}

static double chol_logdet(const double *L, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k; i++)
        s += 2 * log(L[i + i * k]);
    return s;
}

/* Cholesky factor of a in place through LAPACKE's _work entry (no O(k^2) NaN scan
 * of the input): a NaN anywhere in the lower triangle reaches the factor's
 * diagonal, so a finite diagonal is the same test. -1 if not positive definite. */
static int chol_factor(double *a, size_t k)
{
    lapack_int n = (lapack_int)k;
    if (LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', n, a, n) != 0)
        return -1;
    for (size_t i = 0; i < k; i++)
        if (!isfinite(a[i + i * k]) || !(a[i + i * k] > 0))
            return -1;
    return 0;
}

adx_error_t adx__spd_inverse(double *a, size_t k, double *logdet)
{
    if (logdet)
        *logdet = 0;
    if (k == 0)
        return ADX_OK;
    lapack_int n = (lapack_int)k;
    if (chol_factor(a, k))
        return ADX_ESINGULAR;
    if (logdet)
        *logdet = chol_logdet(a, k);
    if (LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'L', n, a, n) != 0)
        return ADX_ESINGULAR;
    mirror_lower(a, k);
    return ADX_OK;
}

adx_error_t adx__spd_solve(double *a, size_t k, double *b, size_t nrhs)
{
    if (k == 0)
        return ADX_OK;
    lapack_int n = (lapack_int)k;
    for (size_t i = 0; i < k * nrhs; i++)
        if (!isfinite(b[i]))
            return ADX_ESINGULAR;
    if (chol_factor(a, k) ||
        LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'L', n, (lapack_int)nrhs, a, n, b, n) != 0)
        return ADX_ESINGULAR;
    return ADX_OK;
}

adx_error_t adx__spd_logdet(const double *a, size_t k, double *logdet)
{
    double *c = malloc((k ? k * k : 1) * sizeof *c);
    if (!c)
        return ADX_ENOMEM;
    memcpy(c, a, k * k * sizeof *c);
    adx_error_t rc = ADX_OK;
    if (k && chol_factor(c, k))
        rc = ADX_ESINGULAR;
    else
        *logdet = chol_logdet(c, k);
    free(c);
    return rc;
}

adx_error_t adx__inverse(double *a, size_t k)
{
    if (k == 0)
        return ADX_OK;
    lapack_int n = (lapack_int)k;
    lapack_int *piv = malloc(k * sizeof *piv);
    if (!piv)
        return ADX_ENOMEM;
    adx_error_t rc = ADX_OK;
    if (LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, a, n, piv) != 0 ||
        LAPACKE_dgetri(LAPACK_COL_MAJOR, n, a, n, piv) != 0)
        rc = ADX_ESINGULAR;
    free(piv);
    return rc;
}
