/* ambidex linear algebra kernels shared by the estimators (LAPACK underneath). */
#ifndef ADX_LINALG_H
#define ADX_LINALG_H

#include <stddef.h>

#include "ambidex/adx_core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Least squares by Householder QR: b = argmin |y - X b|.
 *   X      n x p (column-major, not modified), n > p;
 *   y      n values;
 *   b      out, p coefficients;
 *   xtx_inv out (may be NULL): p x p (X'X)^-1, column-major, caller-allocated;
 *   rss    out (may be NULL): residual sum of squares;
 *   tol    rank tolerance: column j is taken as aliased (a linear combination of
 *          columns 0..j-1) when |R_jj| <= tol * |X_j| (R's lm uses 1e-7);
 *   aliased out (may be NULL): index of the first aliased column on ADX_ESINGULAR.
 * Returns ADX_ESINGULAR for a rank-deficient X, ADX_EEMPTY when n <= p. */
adx_error_t adx_lstsq(const adx_matrix_t *X, const double *y, double *b, double *xtx_inv,
                      double *rss, double tol, size_t *aliased);

/* Eigen-decomposition of a symmetric k x k matrix (LAPACK dsyevr): eigenvalues
 * in decreasing order; vectors (k x k, column j for value j) if not NULL. */
adx_error_t adx_sym_eigen(const double *A, size_t k, double *values, double *vectors);

#ifdef __cplusplus
}
#endif
#endif
