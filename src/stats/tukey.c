/* The studentized range distribution: P(Q <= q) for k means and df error degrees of
 * freedom, by the Gauss-Legendre quadrature of Copenhaver & Holland (1988, J. Stat.
 * Comput. Simul. 30, 1-15), the algorithm of R's ptukey (one range), and its inverse. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "ambidex/adx_stats.h"

/* 12-point Gauss-Legendre nodes and weights (the positive half). */
static const double xleg[6] = {0.981560634246719250690549090149, 0.904117256370474856678465866119,
                               0.769902674194304687036893833213, 0.587317954286617447296702418941,
                               0.367831498998180193752691536644, 0.125233408511468915472441369464};
static const double aleg[6] = {0.047175336386511827194615961485, 0.106939325995318430960254718194,
                               0.160078328543346226334652529543, 0.203167426723065921749064455810,
                               0.233492536538354808760849898925, 0.249147045813402785000562436043};
/* 16-point nodes and weights. */
static const double xlegq[8] = {
    0.989400934991649932596154173450, 0.944575023073232576077988415535,
    0.865631202387831743880467897712, 0.755404408355003033895101194847,
    0.617876244402643748446671764049, 0.458016777657227386342419442984,
    0.281603550779258913230460501460, 0.950125098376374401853193354250e-1};
static const double alegq[8] = {
    0.271524594117540948517805724560e-1, 0.622535239386478928628438369944e-1,
    0.951585116824927848099251076022e-1, 0.124628971255533872052476282192,
    0.149595988816576732081501730547,    0.169156519395002538189312079030,
    0.182603415044923588866763667969,    0.189450610455068496285396723208};

/* P(range of cc standard normals <= w) (infinite df). */
static double wprob(double w, double cc)
{
    const double bb = 8, c1 = -30, c2 = -50, c3 = 60;
    double qsqz = w * 0.5;
    if (qsqz >= bb)
        return 1.0;
    double pr = 2 * gsl_cdf_ugaussian_P(qsqz) - 1;
    pr = pr >= exp(c2 / cc) ? pow(pr, cc) : 0.0;
    double wincr = w > 3 ? 2 : 3, blb = qsqz, binc = (bb - qsqz) / wincr, bub = blb + binc;
    double einsum = 0, cc1 = cc - 1;
    for (double wi = 1; wi <= wincr; wi++) {
        double elsum = 0, a = 0.5 * (bub + blb), b = 0.5 * (bub - blb);
        for (int jj = 1; jj <= 12; jj++) {
            int j = jj > 6 ? 12 - jj : jj - 1;
            double xx = jj > 6 ? xleg[j] : -xleg[j];
            double ac = a + b * xx, qexpo = ac * ac;
            if (qexpo > c3)
                break;
            double rinsum = gsl_cdf_ugaussian_P(ac) - gsl_cdf_ugaussian_P(ac - w);
            if (rinsum >= exp(c1 / cc1))
                elsum += aleg[j] * exp(-0.5 * qexpo) * pow(rinsum, cc1);
        }
        einsum += elsum * 2.0 * b * cc / sqrt(2 * M_PI);
        blb = bub;
        bub += binc;
    }
    pr += einsum;
    if (pr <= exp(c1))
        return 0.0;
    return pr >= 1 ? 1.0 : pr;
}

double adx_ptukey(double q, double k, double df)
{
    if (!(q > 0))
        return 0.0;
    if (!(df >= 2) || !(k >= 2))
        return NAN;
    if (isinf(q))
        return 1.0;
    if (df > 25000)
        return wprob(q, k);
    double f2 = df * 0.5, f21 = f2 - 1, ff4 = df * 0.25;
    double f2lf = f2 * log(df) - df * M_LN2 - gsl_sf_lngamma(f2);
    double ulen = df <= 100 ? 1 : df <= 800 ? 0.5 : df <= 5000 ? 0.25 : 0.125;
    f2lf += log(ulen);
    double ans = 0;
    for (int i = 1; i <= 50; i++) {
        double otsum = 0, twa1 = (2 * i - 1) * ulen;
        for (int jj = 1; jj <= 16; jj++) {
            int up = jj > 8, j = up ? jj - 9 : jj - 1;
            double xu = xlegq[j] * ulen, t1;
            if (up)
                t1 = f2lf + f21 * log(twa1 + xu) - (xu + twa1) * ff4;
            else
                t1 = f2lf + f21 * log(twa1 - xu) + (xu - twa1) * ff4;
            if (t1 >= -30) {
                double qsqz = q * sqrt((up ? twa1 + xu : twa1 - xu) * 0.5);
                otsum += wprob(qsqz, k) * alegq[j] * exp(t1);
            }
        }
        if (i * ulen >= 1.0 && otsum <= 1e-14)
            break;
        ans += otsum;
    }
    return ans > 1 ? 1.0 : ans;
}

double adx_qtukey(double p, double k, double df)
{
    if (!(p > 0 && p < 1) || !(df >= 2) || !(k >= 2))
        return NAN;
    /* Bracket, then bisect to the double precision of q (ptukey is monotone). */
    double lo = 0, hi = 1;
    while (adx_ptukey(hi, k, df) < p && hi < 1e6)
        hi *= 2;
    for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (adx_ptukey(mid, k, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
