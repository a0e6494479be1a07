/* Comparing nested SEM fits: the Satorra-Bentler (2001) scaled chi2 difference test
 * of two models fitted with MLR or MLM (lavaan's lavTestLRT, method
 * "satorra.bentler.2001"), or the plain chi2 difference under ML. */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "sem_priv.h"

adx_error_t adx_sem_scaled_diff(const adx_sem_t *m0, const adx_sem_t *m1, double *chisq,
                                double *df, double *pvalue, adx_errctx_t *ctx)
{
    *chisq = *df = *pvalue = NAN;
    if (!m0->fitted || !m1->fitted)
        return adx_err(ctx, ADX_EUSAGE, "the difference test needs two fitted models");
    const adx_sem_fit_t *f0 = &m0->fit, *f1 = &m1->fit;
    double d = f0->df - f1->df;
    if (!(d > 0))
        return adx_err(ctx, ADX_EUSAGE, "%s: the restricted model must have more degrees of "
                                        "freedom (%g) than the other (%g)",
                       m0->source, f0->df, f1->df);
    double diff = f0->chisq - f1->chisq;
    if (m0->opt.robust != m1->opt.robust)
        return adx_err(ctx, ADX_EUSAGE, "the two models must use the same estimator");
    if (m0->opt.robust) {
        double c0 = f0->chisq_scaling_factor, c1 = f1->chisq_scaling_factor;
        /* a saturated model (df 0) has no scaling factor: its term is 0 */
        double t0 = f0->df > 0 ? f0->df * c0 : 0.0, t1 = f1->df > 0 ? f1->df * c1 : 0.0;
        double cd = (t0 - t1) / d;
        if (!isfinite(cd) || !(cd > 0))
            return adx_err(ctx, ADX_EDOMAIN, "the scaled difference test is not defined here "
                                              "(scaling factor of the difference %g <= 0)",
                           cd);
        diff /= cd;
    }
    *chisq = diff;
    *df = d;
    *pvalue = gsl_cdf_chisq_Q(diff, d);
    return ADX_OK;
}
