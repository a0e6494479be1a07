/* The mean of an array refined by its mean residual (two passes, as R's mean():
 * m + sum(x - m) / n), exact to rounding for data far from zero. */
#include "base.h"

double adx__mean(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    double m = s / (double)n, e = 0;
    for (size_t i = 0; i < n; i++)
        e += x[i] - m;
    return m + e / (double)n;
}
