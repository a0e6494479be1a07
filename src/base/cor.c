/* Correlation matrix from a covariance matrix: R_ij = S_ij / sqrt(S_ii S_jj),
 * unit diagonal. Used by measure (items, parallel analysis); general enough for
 * sem and sim. */
#include <math.h>

#include "base.h"

void adx__cov_to_cor(const double *cov, size_t k, double *R)
{
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            R[i + j * k] = i == j ? 1.0
                                  : cov[i + j * k] / sqrt(cov[i + i * k] * cov[j + j * k]);
}
