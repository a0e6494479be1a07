/* Distribution functions that GSL lacks: the noncentral chi-square CDF as a
 * Poisson mixture of central chi-square CDFs, summed from the Poisson mode
 * outward (Johnson, Kotz & Balakrishnan 1995, ch. 29). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "ambidex/adx_stats.h"

double adx_ncchisq_cdf(double x, double df, double ncp)
{
    if (x <= 0)
        return 0.0;
    if (ncp <= 0)
        return gsl_cdf_chisq_P(x, df);
    /* sum_j Pois(j; ncp/2) P(chi2_{df+2j} <= x), from the Poisson mode outward,
     * with the recurrences w_{j+1} = w_j lam/(j+1) and
     * P_{j+1} = P_j - (x/2)^{df/2+j} e^{-x/2} / Gamma(df/2+j+1). */
    double lam = ncp / 2.0, hx = x / 2.0, a0 = df / 2.0;
    long mode = (long)floor(lam);
    double lw = -lam + (double)mode * log(lam) - gsl_sf_lngamma((double)mode + 1.0);
    double w0 = exp(lw);
    double P0 = gsl_cdf_chisq_P(x, df + 2.0 * (double)mode);
    double lt0 = (a0 + (double)mode) * log(hx) - hx - gsl_sf_lngamma(a0 + (double)mode + 1.0);
    double t0 = exp(lt0); /* P_mode - P_{mode+1} */
    double sum = w0 * P0;
    /* upward */
    double w = w0, P = P0, tt = t0;
    for (long j = mode; j < mode + 100000; j++) {
        P -= tt;
        if (P < 0)
            P = 0;
        w *= lam / (double)(j + 1);
        tt *= hx / (a0 + (double)j + 1.0); /* t_{j+1} */
        sum += w * P;
        if (w < 1e-18 * (sum > 0 ? sum : 1) || (w * P < 1e-300 && (double)j > lam))
            break;
    }
    /* downward: P_{j-1} = P_j + t_{j-1} */
    w = w0;
    P = P0;
    tt = t0 * (a0 + (double)mode) / hx; /* t_{mode-1} */
    for (long j = mode; j > 0; j--) {
        P += tt;
        if (P > 1)
            P = 1;
        w *= (double)j / lam;
        tt *= (a0 + (double)j - 1.0) / hx; /* t_{j-2} */
        sum += w * P;
        if (w < 1e-18 * (sum > 0 ? sum : 1))
            break;
    }
    return sum > 1.0 ? 1.0 : sum;
}
