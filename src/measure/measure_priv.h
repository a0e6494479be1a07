/* Helpers shared inside src/measure (not exported). */
#ifndef ADX_MEASURE_PRIV_H
#define ADX_MEASURE_PRIV_H

#include <stddef.h>

#include "ambidex/adx_measure.h"
#include "../base/base.h"

void adx_free_names(char **names, size_t k);
/* Copies k strings; NULL when memory runs out. */
char **adx_copy_names(char *const *src, size_t k);
/* Correlation matrix from a covariance matrix (k x k). */
void adx_cov_to_cor(const double *cov, size_t k, double *R);
/* psych::factor.stats: objective tr(M^-1 R) - log det(M^-1 R) - k with
 * M = L Phi L' and unit diagonal; chisq with Bartlett's correction
 * (n - 1 - (2k + 5)/6 - 2m/3), df = k(k-1)/2 - km + m(m-1)/2. phi may be NULL. */
void adx_factor_fit(const double *R, size_t k, size_t n, const double *L, size_t m,
                    const double *phi, double *objective, double *chisq, double *df, double *p);
/* Eigenvalues (decreasing) of R with its diagonal replaced by diag. */
adx_error_t adx_reduced_eigen(const double *R, size_t k, const double *diag, double *values);

#endif
