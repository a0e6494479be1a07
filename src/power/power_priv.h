/* Private to src/power. */
#ifndef ADX_POWER_PRIV_H
#define ADX_POWER_PRIV_H

/* Upper-tail quantiles of the central F and t (upper tail p < 1/2 for t), GSL's
 * with a bisection fallback where GSL gives up (very large df). */
double adx__f_qinv(double p, double df1, double df2);
double adx__t_qinv(double p, double df);

#endif
