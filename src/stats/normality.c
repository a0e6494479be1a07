/* Tests of normality for describe --normality: Shapiro-Wilk W with Royston's (1995,
 * Applied Statistics 44, 547-551, algorithm AS R94) coefficients and p-value, as R's
 * shapiro.test; the Kolmogorov-Smirnov test with the Lilliefors correction, D against the
 * normal with the sample mean and SD, p by Dallal & Wilkinson (1986) as nortest::lillie.test. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

static double poly(const double *c, int nord, double x)
{
    double r = c[nord - 1];
    for (int i = nord - 2; i >= 0; i--)
        r = r * x + c[i];
    return r;
}

/* W and p of sorted x (n in [3, 5000], not all equal). */
static void swilk(const double *x, size_t n, double *w, double *pw)
{
    static const double c1[] = {0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056},
                        c2[] = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633},
                        c3[] = {0.544, -0.39978, 0.025054, -6.714e-4},
                        c4[] = {1.3822, -0.77857, 0.062767, -0.0020322},
                        c5[] = {-1.5861, -0.31082, -0.083751, 0.0038915},
                        c6[] = {-0.4803, -0.082676, 0.0030302}, g[] = {-2.273, 0.459};
    size_t nn2 = n / 2;
    double an = (double)n, *a = calloc(nn2 + 1, sizeof *a);
    if (!a) {
        *w = *pw = NAN;
        return;
    }
    if (n == 3) {
        a[1] = M_SQRT1_2;
    } else {
        double an25 = an + 0.25, summ2 = 0, m1 = 0, m2 = 0;
        for (size_t i = 1; i <= nn2; i++) {
            double m = gsl_cdf_ugaussian_Pinv(((double)i - 0.375) / an25);
            a[i] = m; /* m_i for now */
            summ2 += m * m;
        }
        summ2 *= 2;
        double ssumm2 = sqrt(summ2), rsn = 1 / sqrt(an), fac;
        m1 = a[1];
        m2 = nn2 >= 2 ? a[2] : 0;
        double a1 = poly(c1, 6, rsn) - m1 / ssumm2;
        size_t i1;
        if (n > 5) {
            double a2 = -m2 / ssumm2 + poly(c2, 6, rsn);
            fac = sqrt((summ2 - 2 * m1 * m1 - 2 * m2 * m2) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[2] = a2;
            i1 = 3;
        } else {
            fac = sqrt((summ2 - 2 * m1 * m1) / (1 - 2 * a1 * a1));
            i1 = 2;
        }
        a[1] = a1;
        for (size_t i = i1; i <= nn2; i++)
            a[i] = -a[i] / fac;
    }
    double mean = 0, ss = 0, num = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= an;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    for (size_t i = 1; i <= nn2; i++)
        num += a[i] * (x[n - i] - x[i - 1]);
    free(a);
    *w = num * num / ss;
    if (*w > 1)
        *w = 1;
    if (n == 3) {
        double p = 1.90985931710274 * (asin(sqrt(*w)) - 1.04719755119660);
        *pw = p < 0 ? 0 : p;
        return;
    }
    double y = log(1 - *w), xx = log(an), m, s;
    if (n <= 11) {
        double gamma = poly(g, 2, an);
        if (y >= gamma) {
            *pw = 1e-99;
            return;
        }
        y = -log(gamma - y);
        m = poly(c3, 4, an);
        s = exp(poly(c4, 4, an));
    } else {
        m = poly(c5, 4, xx);
        s = exp(poly(c6, 3, xx));
    }
    *pw = gsl_cdf_gaussian_Q(y - m, s);
}

adx_error_t adx_normality(const double *x, size_t len, adx_normality_t *out, adx_errctx_t *ctx)
{
    out->sw_w = out->sw_p = out->ks_d = out->ks_p = NAN;
    size_t n = 0;
    double *s = malloc((len ? len : 1) * sizeof *s);
    if (!s)
        return adx_oom(ctx);
    for (size_t i = 0; i < len; i++)
        if (!isnan(x[i]))
            s[n++] = x[i];
    qsort(s, n, sizeof *s, adx__cmp_double);
    out->n = n;
    if (n < 3 || s[n - 1] == s[0]) {
        free(s);
        return ADX_OK;
    }
    if (n <= 5000)
        swilk(s, n, &out->sw_w, &out->sw_p);
    double mean, sd, dn = (double)n, d = 0;
    adx__mean_sd(s, n, 1, 0, &mean, &sd, NULL);
    for (size_t i = 0; i < n; i++) {
        double p = gsl_cdf_ugaussian_P((s[i] - mean) / sd);
        d = fmax(d, fmax((double)(i + 1) / dn - p, p - (double)i / dn));
    }
    free(s);
    out->ks_d = d;
    if (n < 5)
        return ADX_OK; /* nortest needs n >= 5 */
    double kd = n <= 100 ? d : d * pow(dn / 100, 0.49), nd = n <= 100 ? dn : 100;
    double p = exp(-7.01256 * kd * kd * (nd + 2.78019) + 2.99587 * kd * sqrt(nd + 2.78019) -
                   0.122119 + 0.974598 / sqrt(nd) + 1.67997 / nd);
    if (p > 0.1) {
        double kk = (sqrt(dn) - 0.01 + 0.85 / sqrt(dn)) * d;
        if (kk <= 0.302)
            p = 1;
        else if (kk <= 0.5)
            p = 2.76773 - 19.828315 * kk + 80.709644 * kk * kk - 138.55152 * pow(kk, 3) +
                81.218052 * pow(kk, 4);
        else if (kk <= 0.9)
            p = -4.901232 + 40.662806 * kk - 97.490286 * kk * kk + 94.029866 * pow(kk, 3) -
                32.355711 * pow(kk, 4);
        else if (kk <= 1.31)
            p = 6.198765 - 19.558097 * kk + 23.186922 * kk * kk - 12.024956 * pow(kk, 3) +
                2.261931 * pow(kk, 4);
        else
            p = 0;
    }
    out->ks_p = p;
    return ADX_OK;
}
