/* Noncentral F, t and chi-square as Poisson mixtures of central distributions,
 * summed from the Poisson mode outward with a geometric bound on what is left.
 *
 * A mixture sum_j w_j g(j) with w_j = exp(-lam) lam^j / Gamma(j + 1 + s) and
 * 0 <= g(j) <= 1. Away from the mode the weight ratios fall: upward
 * w_{j+1}/w_j = lam/(j + 2 + s) <= r, downward w_{j-1}/w_j = (j + s)/lam <= r, so
 * the terms not summed are at most w_j r/(1 - r). Summing stops when that bound
 * is below MIX_EPS: the absolute error of each mixture is below 1e-15 plus the
 * error of the central distribution (GSL, about 1e-15). */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "ambidex/adx_power.h"
#include "power_priv.h"

#define MIX_EPS 1e-16
#define MIX_MAX_TERMS 200000L

typedef double (*mix_fn)(double j, const double *par);

static double mixture(double lam, double s, mix_fn g, const double *par)
{
    if (lam <= 0)
        return g(0, par) / gsl_sf_gamma(1.0 + s);
    double m = floor(lam - s);
    if (m < 0)
        m = 0;
    double w0 = exp(-lam + m * log(lam) - gsl_sf_lngamma(m + 1.0 + s));
    double sum = w0 * g(m, par);
    double w = w0;
    for (double j = m + 1; j < m + MIX_MAX_TERMS; j++) {
        w *= lam / (j + s);
        sum += w * g(j, par);
        double r = lam / (j + 1.0 + s);
        if (w * r / (1.0 - r) < MIX_EPS)
            break;
    }
    w = w0;
    for (double j = m - 1; j >= 0; j--) {
        w *= (j + 1.0 + s) / lam;
        sum += w * g(j, par);
        double r = (j + s) / lam;
        if (j == 0 || w * r / (1.0 - r) < MIX_EPS)
            break;
    }
    return sum;
}

/* par: x = df1 f / (df1 f + df2), df1 / 2, df2 / 2 */
static double beta_q(double j, const double *par)
{
    return gsl_cdf_beta_Q(par[0], par[1] + j, par[2]);
}

double adx_ncf_sf(double f, double df1, double df2, double ncp)
{
    if (!(f > 0))
        return 1.0;
    double par[3] = {df1 * f / (df1 * f + df2), df1 / 2.0, df2 / 2.0};
    double v = mixture(ncp / 2.0, 0.0, beta_q, par);
    return v > 1.0 ? 1.0 : v;
}

/* par: x, df */
static double chisq_q(double j, const double *par)
{
    return gsl_cdf_chisq_Q(par[0], par[1] + 2.0 * j);
}

double adx_ncchisq_sf(double x, double df, double ncp)
{
    if (!(x > 0))
        return 1.0;
    double par[2] = {x, df};
    double v = mixture(ncp / 2.0, 0.0, chisq_q, par);
    return v > 1.0 ? 1.0 : v;
}

/* par: x = t^2 / (t^2 + df), df / 2, shift (1/2 or 1) */
static double beta_p(double j, const double *par)
{
    return gsl_cdf_beta_P(par[0], j + par[2], par[1]);
}

/* P(T <= t) for t >= 0 (Lenth 1989): Phi(-d) + 1/2 sum_j [p_j I_x(j + 1/2, df/2) +
 * q_j I_x(j + 1, df/2)], p_j Poisson(d^2/2) weights, q_j = d/sqrt(2) e^{-d^2/2}
 * (d^2/2)^j / Gamma(j + 3/2). */
static double nct_cdf_pos(double t, double df, double d)
{
    double lam = d * d / 2.0;
    double base = gsl_cdf_ugaussian_P(-d);
    if (t <= 0)
        return base;
    double x = t * t / (t * t + df);
    double pp[3] = {x, df / 2.0, 0.5}, pq[3] = {x, df / 2.0, 1.0};
    double sp = mixture(lam, 0.0, beta_p, pp);
    double sq = d == 0 ? 0.0 : d / sqrt(2.0) * mixture(lam, 0.5, beta_p, pq);
    double v = base + 0.5 * (sp + sq);
    return v < 0 ? 0.0 : v > 1 ? 1.0 : v;
}

double adx_nct_cdf(double t, double df, double ncp)
{
    if (ncp == 0)
        return gsl_cdf_tdist_P(t, df);
    return t >= 0 ? nct_cdf_pos(t, df, ncp) : 1.0 - nct_cdf_pos(-t, df, -ncp);
}

static double ncchisq_tail(double x, double df, double ncp, int upper)
{
    double q = adx_ncchisq_sf(x, df, ncp);
    return upper ? q : 1.0 - q;
}

double adx_ncchisq_inv(double p, double df, double ncp, int upper)
{
    if (ncp <= 0)
        return upper ? gsl_cdf_chisq_Qinv(p, df) : gsl_cdf_chisq_Pinv(p, df);
    /* The upper tail falls with x: bracket, then bisect to a relative 1e-14. */
    double lo = 0.0, hi = df + ncp + 10.0;
    int up = upper;
    while ((up ? ncchisq_tail(hi, df, ncp, 1) > p : ncchisq_tail(hi, df, ncp, 0) < p) &&
           hi < 1e12) {
        lo = hi;
        hi *= 2.0;
    }
    for (int it = 0; it < 200 && hi - lo > 1e-14 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        double v = ncchisq_tail(mid, df, ncp, up);
        if (up ? v > p : v < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* The x with Q(x) = p for a falling upper tail Q on (0, inf), by bisection: the
 * fallback where GSL's inverse gives up (very large df). */
static double bisect_upper(double p, double (*Q)(double, double, double), double a, double b)
{
    double lo = 0.0, hi = 1.0;
    while (Q(hi, a, b) > p && hi < 1e300)
        lo = hi, hi *= 2.0;
    for (int it = 0; it < 2000 && hi - lo > 1e-15 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (Q(mid, a, b) > p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double adx__f_qinv(double p, double df1, double df2)
{
    double x = gsl_cdf_fdist_Qinv(p, df1, df2);
    return isfinite(x) ? x : bisect_upper(p, gsl_cdf_fdist_Q, df1, df2);
}

static double t_q(double x, double df, double unused)
{
    (void)unused;
    return gsl_cdf_tdist_Q(x, df);
}

double adx__t_qinv(double p, double df)
{
    double x = gsl_cdf_tdist_Qinv(p, df);
    return isfinite(x) ? x : bisect_upper(p, t_q, df, 0);
}
