/* The mean of an array refined by its mean residual (two passes, as R's mean():
 * m + sum(x - m) / n), exact to rounding for data far from zero. */
#include "base.h"

double adx__mean(const double *x, size_t n, const unsigned char *mask)
{
    double s = 0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        if (!mask || mask[i]) {
            s += x[i];
            used++;
        }
    double m = s / (double)used, e = 0;
    for (size_t i = 0; i < n; i++)
        if (!mask || mask[i])
            e += x[i] - m;
    return m + e / (double)used;
}
