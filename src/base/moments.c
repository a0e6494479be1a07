/* Mean and variance: Welford's one-pass update for streams, and the two-pass
 * mean/SD of an array (as R's var and SPSS DESCRIPTIVES). */
#include <math.h>

#include "base.h"

void adx__moments_add(adx__moments_t *m, double x)
{
    m->n += 1;
    double d = x - m->mean;
    m->mean += d / m->n;
    m->m2 += d * (x - m->mean);
}

double adx__moments_var(const adx__moments_t *m)
{
    return m->n > 1 ? m->m2 / (m->n - 1) : NAN;
}

void adx__mean_sd(const double *x, size_t n, size_t stride, int skip_nan, double *mean,
                  double *sd, size_t *count)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (skip_nan && isnan(v))
            continue;
        s += v;
        k++;
    }
    double m = k ? s / (double)k : NAN, ss = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (skip_nan && isnan(v))
            continue;
        ss += (v - m) * (v - m);
    }
    if (mean)
        *mean = m;
    if (sd)
        *sd = k > 1 ? sqrt(ss / (double)(k - 1)) : NAN;
    if (count)
        *count = k;
}
