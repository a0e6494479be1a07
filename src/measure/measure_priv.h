/* Helpers shared inside src/measure (not exported). */
#ifndef ADX_MEASURE_PRIV_H
#define ADX_MEASURE_PRIV_H

#include <stddef.h>

#include "ambidex/adx_measure.h"
#include "../base/base.h"

/* Copies k strings (free with adx__free_strings); NULL when memory runs out. */
char **adx__copy_names(char *const *src, size_t k);
/* Sums of squared loadings of L (k x m): rows[i] = sum_a L_ia^2 (communalities),
 * cols[a] = sum_i L_ia^2 (variance accounted for); either may be NULL. */
void adx__loading_ss(const double *L, size_t k, size_t m, double *rows, double *cols);
/* psych::factor.stats: objective tr(M^-1 R) - log det(M^-1 R) - k with
 * M = L Phi L' and unit diagonal; chisq with Bartlett's correction
 * (n - 1 - (2k + 5)/6 - 2m/3), df = k(k-1)/2 - km + m(m-1)/2. phi may be NULL. */
void adx__factor_fit(const double *R, size_t k, size_t n, const double *L, size_t m,
                    const double *phi, double *objective, double *chisq, double *df, double *p);
/* Eigenvalues (decreasing) of R with its diagonal replaced by diag. */
adx_error_t adx__reduced_eigen(const double *R, size_t k, const double *diag, double *values);

/* adx_sym_eigen, its failure reported as "eigen-decomposition failed". */
adx_error_t adx__eigen(const double *A, size_t k, double *values, double *vectors,
                       adx_errctx_t *ctx);
/* adx_items_load (no options but `polychoric`) and adx_check_pd on its correlation
 * matrix; *it is set (for the caller to free) even when the check fails. */
adx_error_t adx__items_load_pd(const adx_dataset_t *ds, const size_t *idx, size_t k,
                               int polychoric, adx_items_t **it, adx_errctx_t *ctx);

#endif
