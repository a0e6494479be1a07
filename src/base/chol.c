/* The one plain Cholesky loop with a pivot tolerance (item check, streamed OLS,
 * bootstrap re-fits each wrote their own). */
#include <math.h>

#include "base.h"

size_t adx__chol_lower(double *a, size_t k, size_t rs, size_t cs, double tol, int relative,
                       double *pivot)
{
#define A(i, j) a[(i) * rs + (j) * cs]
    for (size_t j = 0; j < k; j++) {
        double d = A(j, j), d0 = d;
        for (size_t p = 0; p < j; p++)
            d -= A(j, p) * A(j, p);
        if (!(d > (relative ? tol * d0 : tol))) {
            if (pivot)
                *pivot = d;
            return j;
        }
        A(j, j) = sqrt(d);
        for (size_t i = j + 1; i < k; i++) {
            double s = A(i, j);
            for (size_t p = 0; p < j; p++)
                s -= A(i, p) * A(j, p);
            A(i, j) = s / A(j, j);
        }
    }
#undef A
    return k;
}

int adx__chol_solve(double *A, double *r, size_t p, double tol)
{
    if (adx__chol_lower(A, p, p, 1, tol, 1, NULL) < p)
        return -1;
    for (size_t i = 0; i < p; i++) {
        double s = r[i];
        for (size_t k = 0; k < i; k++)
            s -= A[i * p + k] * r[k];
        r[i] = s / A[i * p + i];
    }
    for (size_t i = p; i-- > 0;) {
        double s = r[i];
        for (size_t k = i + 1; k < p; k++)
            s -= A[k * p + i] * r[k];
        r[i] = s / A[i * p + i];
    }
    return 0;
}
