/* Order statistics: the one double comparator, the quantile rules (an enum, as
 * PSPP's percentiles.h), the bootstrap order-statistic rule of PROCESS and the one
 * percentile/BC/BCa limits function used by mediate and sem.
 * Hyndman & Fan (1996); Efron (1987); Hayes (2022), PROCESS documentation. */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "base.h"

int adx__cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* floor(B p) guarded against representation error (5000 * 0.975 = 4875). */
static size_t floor_bp(size_t B, double p)
{
    double v = (double)B * p;
    double r = nearbyint(v);
    if (fabs(v - r) < 1e-9 * (double)B)
        v = r;
    if (v < 0)
        return 0;
    return (size_t)floor(v);
}

size_t adx__boot_order_lower(size_t B, double p)
{
    size_t k = floor_bp(B, p);
    return k < 1 ? 1 : (k > B ? B : k);
}

size_t adx__boot_order_upper(size_t B, double p)
{
    size_t k = floor_bp(B, p) + 1;
    return k > B ? B : (k < 1 ? 1 : k);
}

double adx__quantile(const double *x, size_t n, double p, adx__qrule_t rule)
{
    switch (rule) {
    case ADX__Q_HAVERAGE: {
        double h = p * (double)(n + 1);
        if (h <= 1)
            return x[0];
        if (h >= (double)n)
            return x[n - 1];
        size_t k = (size_t)floor(h);
        return x[k - 1] + (h - (double)k) * (x[k] - x[k - 1]);
    }
    case ADX__Q_R7: {
        double h = (double)(n - 1) * p;
        size_t lo = (size_t)floor(h);
        return lo + 1 < n ? x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]) : x[n - 1];
    }
    case ADX__Q_BOOT_ORDER:
        return x[adx__boot_order_lower(n, p) - 1];
    }
    return NAN;
}

static double upper_value(const double *x, size_t n, double p, adx__qrule_t rule)
{
    if (rule == ADX__Q_BOOT_ORDER)
        return x[adx__boot_order_upper(n, p) - 1];
    return adx__quantile(x, n, p, rule);
}

int adx__boot_limits(const double *vals, size_t B, double est, double accel, double level,
                     adx__boot_ci_t method, adx__qrule_t rule, double *lo, double *hi)
{
    double alpha = 1 - level;
    double plo = alpha / 2, phi = 1 - alpha / 2;
    int extreme = 0;
    if (method != ADX__BOOT_PERCENTILE) {
        size_t below = 0;
        for (size_t r = 0; r < B; r++)
            below += vals[r] < est;
        double z0 = gsl_cdf_ugaussian_Pinv((double)below / (double)B);
        double a = method == ADX__BOOT_BCA ? accel : 0.0;
        if (isnan(a)) {
            *lo = *hi = NAN;
            return 0;
        }
        if (!isfinite(z0)) {
            plo = phi = z0 < 0 ? 0.0 : 1.0;
            extreme = 1;
        } else {
            double zl = z0 + gsl_cdf_ugaussian_Pinv(plo), zh = z0 + gsl_cdf_ugaussian_Pinv(phi);
            plo = gsl_cdf_ugaussian_P(z0 + zl / (1 - a * zl));
            phi = gsl_cdf_ugaussian_P(z0 + zh / (1 - a * zh));
        }
    }
    *lo = adx__quantile(vals, B, plo, rule);
    *hi = upper_value(vals, B, phi, rule);
    return extreme;
}
