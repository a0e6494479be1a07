/* ambidex power: statistical power and sample size (docs/power.md).
 *
 * Closed form (adx_power_closed): the F test of R^2 (change) in regression, the
 * correlation test, the two-group t test, one-way ANOVA, the chi-square test and
 * the RMSEA tests of close and not-close fit, as power at a given N or as the
 * smallest N reaching a target power. Monte Carlo for mediation models
 * (adx_power_mediate): see below. The library never prints.
 */
#ifndef ADX_POWER_H
#define ADX_POWER_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Noncentral distributions (Poisson-mixture series, absolute error < 1e-13) ---- */

/* P(F > f) for the noncentral F(df1, df2, ncp). */
double adx_ncf_sf(double f, double df1, double df2, double ncp);
/* P(T <= t) for the noncentral t(df, ncp) (Lenth's 1989 series, AS 243). */
double adx_nct_cdf(double t, double df, double ncp);
/* P(X > x) for the noncentral chi-square(df, ncp). */
double adx_ncchisq_sf(double x, double df, double ncp);
/* The x with P(X > x) = p (upper = 1) or P(X <= x) = p (upper = 0) for the
 * noncentral chi-square(df, ncp), to a relative 1e-14. */
double adx_ncchisq_inv(double p, double df, double ncp, int upper);

/* ---- Closed form ---------------------------------------------------------------- */

typedef enum {
    ADX_POWER_REGRESS = 0, /* F test of R^2 change: effect f2, predictors, tested */
    ADX_POWER_CORR,        /* r = 0 test, two-sided (pwr.r.test): effect r */
    ADX_POWER_TTEST,       /* two independent groups, n per group (pwr.t.test): effect d */
    ADX_POWER_ANOVA,       /* one-way, n per group (pwr.anova.test): effect f, groups */
    ADX_POWER_CHISQ,       /* chi-square test (pwr.chisq.test): effect w, df */
    ADX_POWER_RMSEA        /* MacCallum, Browne & Sugawara (1996): df, rmsea0, rmsea1 */
} adx_power_test_t;

/* The noncentrality of the regression F test: G*Power's lambda = f2 * N (default)
 * or pwr.f2.test's lambda = f2 * (df1 + df2 + 1). */
typedef enum { ADX_NCP_GPOWER = 0, ADX_NCP_PWR } adx_ncp_rule_t;

typedef struct {
    adx_power_test_t test;
    double alpha;   /* significance level, in (0, 1) (default .05) */
    double n;       /* N (total; per group for ttest and anova), or 0 to solve for target */
    double target;  /* the power to reach when n is 0 (default .80) */
    double effect;  /* f2, r, d, f or w */
    int predictors; /* regress: predictors in the full model */
    int tested;     /* regress: predictors tested (0: all) */
    int groups;     /* anova: number of groups */
    double df;      /* chisq, rmsea: degrees of freedom */
    double rmsea0, rmsea1; /* rmsea: under H0 and under the alternative */
    adx_ncp_rule_t ncp_rule; /* regress only */
    double n_max;   /* the largest N searched (default 1e7) */
} adx_power_options_t;

void adx_power_options_init(adx_power_options_t *o);

typedef struct {
    double n;        /* the N given, or the smallest N reaching the target */
    double power;    /* power at n */
    double df1, df2; /* degrees of freedom of the test at n (df2 0 when none) */
    double ncp;      /* noncentrality at n (corr: 0, the test uses Fisher's z) */
    double critical; /* the critical value of the test statistic at n */
    double ncp0;     /* rmsea: noncentrality under H0 */
    int solved;      /* 1 when n was solved for the target */
} adx_power_result_t;

/* Power at o->n, or (o->n == 0) the smallest whole N with power >= o->target.
 * ADX_EUSAGE with a message naming the value for impossible inputs; ADX_EDOMAIN
 * when the target is not reached by o->n_max. */
adx_error_t adx_power_closed(const adx_power_options_t *o, adx_power_result_t *res,
                             adx_errctx_t *ctx);
/* The name of a test ("regress", ...). */
const char *adx_power_test_name(adx_power_test_t t);

#ifdef __cplusplus
}
#endif

#endif
