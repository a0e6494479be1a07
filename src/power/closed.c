/* Closed-form power and sample size (docs/power.md, "Closed form"). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "ambidex/adx_power.h"
#include "power_priv.h"

void adx_power_options_init(adx_power_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->alpha = 0.05;
    o->target = 0.80;
    o->n_max = 1e7;
}

const char *adx_power_test_name(adx_power_test_t t)
{
    static const char *names[] = {"regress", "corr", "ttest", "anova", "chisq", "rmsea"};
    return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* The smallest N each test is defined at. */
static double n_min(const adx_power_options_t *o)
{
    switch (o->test) {
    case ADX_POWER_REGRESS:
        return (double)o->predictors + 2.0;
    case ADX_POWER_CORR:
        return 4.0;
    case ADX_POWER_CHISQ:
        return 1.0;
    default:
        return 2.0;
    }
}

static int tested(const adx_power_options_t *o)
{
    return o->tested > 0 ? o->tested : o->predictors;
}

/* Power of an F test with the given df and noncentrality. */
static void f_power(double df1, double df2, double ncp, double alpha, adx_power_result_t *r)
{
    r->df1 = df1;
    r->df2 = df2;
    r->ncp = ncp;
    r->critical = adx__f_qinv(alpha, df1, df2);
    r->power = adx_ncf_sf(r->critical, df1, df2, ncp);
}

static void power_corr(const adx_power_options_t *o, double n, adx_power_result_t *r)
{
    /* pwr.r.test, two-sided: the critical r from t, both through Fisher's z with
     * the bias term r / (2 (n - 1)). */
    double t = adx__t_qinv(o->alpha / 2.0, n - 2.0);
    double rc = sqrt(t * t / (t * t + n - 2.0));
    double zr = atanh(o->effect) + o->effect / (2.0 * (n - 1.0));
    double zc = atanh(rc), s = sqrt(n - 3.0);
    r->df1 = n - 2.0;
    r->critical = rc;
    r->power = gsl_cdf_ugaussian_P((zr - zc) * s) + gsl_cdf_ugaussian_P((-zr - zc) * s);
}

static void power_ttest(const adx_power_options_t *o, double n, adx_power_result_t *r)
{
    double nu = 2.0 * (n - 1.0), q = adx__t_qinv(o->alpha / 2.0, nu);
    r->df1 = nu;
    r->ncp = sqrt(n / 2.0) * o->effect;
    r->critical = q;
    r->power = (1.0 - adx_nct_cdf(q, nu, r->ncp)) + adx_nct_cdf(-q, nu, r->ncp);
}

static void power_rmsea(const adx_power_options_t *o, double n, adx_power_result_t *r)
{
    /* MacCallum, Browne & Sugawara (1996): lambda = (N - 1) df eps^2. Close fit
     * (eps1 > eps0) rejects above the upper alpha point; not-close fit below the
     * lower one. */
    double l0 = (n - 1.0) * o->df * o->rmsea0 * o->rmsea0;
    double l1 = (n - 1.0) * o->df * o->rmsea1 * o->rmsea1;
    int close = o->rmsea1 > o->rmsea0;
    r->df1 = o->df;
    r->ncp0 = l0;
    r->ncp = l1;
    r->critical = adx_ncchisq_inv(o->alpha, o->df, l0, close);
    double q = adx_ncchisq_sf(r->critical, o->df, l1);
    r->power = close ? q : 1.0 - q;
}

/* Power at n (r->n set). */
static void power_at(const adx_power_options_t *o, double n, adx_power_result_t *r)
{
    memset(r, 0, sizeof *r);
    r->n = n;
    switch (o->test) {
    case ADX_POWER_REGRESS: {
        double df1 = tested(o), df2 = n - o->predictors - 1.0;
        double lam = o->ncp_rule == ADX_NCP_PWR ? o->effect * (df1 + df2 + 1.0) : o->effect * n;
        f_power(df1, df2, lam, o->alpha, r);
        break;
    }
    case ADX_POWER_CORR:
        power_corr(o, n, r);
        break;
    case ADX_POWER_TTEST:
        power_ttest(o, n, r);
        break;
    case ADX_POWER_ANOVA: {
        double k = o->groups;
        f_power(k - 1.0, (n - 1.0) * k, k * n * o->effect * o->effect, o->alpha, r);
        break;
    }
    case ADX_POWER_CHISQ:
        r->df1 = o->df;
        r->ncp = n * o->effect * o->effect;
        r->critical = gsl_cdf_chisq_Qinv(o->alpha, o->df);
        r->power = adx_ncchisq_sf(r->critical, o->df, r->ncp);
        break;
    case ADX_POWER_RMSEA:
        power_rmsea(o, n, r);
        break;
    }
}

static adx_error_t check_effect(const adx_power_options_t *o, adx_errctx_t *ctx)
{
    switch (o->test) {
    case ADX_POWER_REGRESS:
        if (!(o->effect > 0))
            return adx_err(ctx, ADX_EUSAGE, "--f2 %g: the effect size f2 must be above 0",
                           o->effect);
        if (o->predictors < 1)
            return adx_err(ctx, ADX_EUSAGE, "--predictors %d: give at least 1 predictor",
                           o->predictors);
        if (o->tested < 0 || o->tested > o->predictors)
            return adx_err(ctx, ADX_EUSAGE, "--tested %d: give 1 to %d (the predictors)",
                           o->tested, o->predictors);
        return ADX_OK;
    case ADX_POWER_CORR:
        if (!(fabs(o->effect) > 0 && fabs(o->effect) < 1))
            return adx_err(ctx, ADX_EUSAGE, "--r %g: the correlation must be between -1 and 1 "
                           "and not 0", o->effect);
        return ADX_OK;
    case ADX_POWER_TTEST:
    case ADX_POWER_ANOVA:
    case ADX_POWER_CHISQ:
        if (!(o->effect > 0) && !(o->test == ADX_POWER_TTEST && o->effect < 0))
            return adx_err(ctx, ADX_EUSAGE, "--%s %g: the effect size must be %s",
                           o->test == ADX_POWER_TTEST ? "d" : o->test == ADX_POWER_ANOVA ? "f"
                                                                                        : "w",
                           o->effect, o->test == ADX_POWER_TTEST ? "other than 0" : "above 0");
        if (o->test == ADX_POWER_ANOVA && o->groups < 2)
            return adx_err(ctx, ADX_EUSAGE, "--groups %d: give at least 2 groups", o->groups);
        break;
    case ADX_POWER_RMSEA:
        if (!(o->rmsea0 >= 0 && o->rmsea1 >= 0 && o->rmsea0 != o->rmsea1))
            return adx_err(ctx, ADX_EUSAGE, "--rmsea0 %g --rmsea1 %g: give two different "
                           "values of at least 0", o->rmsea0, o->rmsea1);
        break;
    }
    if ((o->test == ADX_POWER_CHISQ || o->test == ADX_POWER_RMSEA) && !(o->df >= 1))
        return adx_err(ctx, ADX_EUSAGE, "--df %g: give at least 1 degree of freedom", o->df);
    return ADX_OK;
}

static adx_error_t check(const adx_power_options_t *o, adx_errctx_t *ctx)
{
    if (!(o->alpha > 0 && o->alpha < 1))
        return adx_err(ctx, ADX_EUSAGE, "--alpha %g: give a level between 0 and 1", o->alpha);
    if (o->n == 0 && !(o->target > 0 && o->target < 1))
        return adx_err(ctx, ADX_EUSAGE, "--target %g: give a power between 0 and 1 (e.g. 0.8)",
                       o->target);
    adx_error_t rc = check_effect(o, ctx);
    if (rc)
        return rc;
    if (o->n != 0 && !(o->n >= n_min(o)))
        return adx_err(ctx, ADX_EUSAGE, "--n %g: %s needs N of at least %g%s", o->n,
                       adx_power_test_name(o->test), n_min(o),
                       o->test == ADX_POWER_REGRESS ? " (predictors + 2)" : "");
    return ADX_OK;
}

/* Numerical trouble is reported, never printed as NaN. */
static adx_error_t finite_check(const adx_power_result_t *r, adx_errctx_t *ctx)
{
    if (isfinite(r->power) && isfinite(r->critical) && isfinite(r->ncp))
        return ADX_OK;
    return adx_err(ctx, ADX_ECONVERGE, "the power at N = %g could not be computed (critical "
                   "value %g, noncentrality %g)", r->n, r->critical, r->ncp);
}

adx_error_t adx_power_closed(const adx_power_options_t *o, adx_power_result_t *res,
                             adx_errctx_t *ctx)
{
    adx_error_t rc = check(o, ctx);
    if (rc)
        return rc;
    if (o->n != 0) {
        power_at(o, o->n, res);
        return finite_check(res, ctx);
    }
    /* The smallest whole N: double until reached, then bisect (power rises with N). */
    double lo = n_min(o), hi = lo;
    power_at(o, lo, res);
    if (res->power < o->target) {
        while (res->power < o->target) {
            if (hi >= o->n_max)
                return adx_err(ctx, ADX_EDOMAIN, "power %g is not reached with N up to %g "
                               "(power there %.4f)", o->target, o->n_max, res->power);
            lo = hi;
            hi = fmin(2.0 * hi, o->n_max);
            power_at(o, hi, res);
        }
        while (hi - lo > 1) {
            double mid = floor((lo + hi) / 2.0);
            power_at(o, mid, res);
            if (res->power >= o->target)
                hi = mid;
            else
                lo = mid;
        }
        power_at(o, hi, res);
    }
    res->solved = 1;
    return finite_check(res, ctx);
}
