/* Comparing nested SEM fits: the Satorra-Bentler (2001) scaled chi2 difference test
 * of two models fitted with MLR or MLM (lavaan's lavTestLRT, method
 * "satorra.bentler.2001"), its strictly positive 2010 variant (method
 * "satorra.bentler.2010": the less restricted model's scaling factor evaluated at the
 * restricted model's estimates), or the plain chi2 difference under ML. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"
#include "robust.h"

/* The value of m0's row lhs op rhs (either order for ~~), or 0 when m0 has no such row
 * (lavaan's full parameter table starts the rows it adds at 0). */
static double m0_value(const adx_sem_t *m0, const adx_sem_param_t *pr)
{
    for (size_t r = 0; r < m0->nparams; r++) {
        const adx_sem_param_t *q = &m0->params[r];
        if (q->op != pr->op)
            continue;
        if (!strcmp(q->lhs, pr->lhs) && !strcmp(q->rhs, pr->rhs))
            return q->est;
        if (pr->op == ADX_SEM_COV && !strcmp(q->lhs, pr->rhs) && !strcmp(q->rhs, pr->lhs))
            return q->est;
    }
    return 0.0;
}

/* m1's free parameters at m0's estimates (lavaan's lav_test_diff_m10: m1's parameter
 * table started at m0's values, not optimized). */
static void m10_theta(const adx_sem_t *m0, const adx_sem_t *m1, double *th)
{
    for (size_t r = 0; r < m1->nparams; r++) {
        const adx_sem_param_t *pr = &m1->params[r];
        if (pr->free > 0 && pr->scale != 0)
            th[pr->free - 1] = (m0_value(m0, pr) - pr->offset) / pr->scale;
    }
}

/* m1's scaling factor at m0's estimates: (tr1 - tr(A^-1 B)) / df1 as in the scaled test
 * of m1 (fitindex.c), every piece taken there. NaN when it cannot be evaluated. */
static adx_error_t m10_scaling(const adx_sem_t *m0, const adx_sem_t *m1, double *c10,
                               adx_errctx_t *ctx)
{
    adx__est_t e;
    size_t q = m1->npar, p = m1->p;
    double *th = calloc(q + 1, sizeof *th), tr = NAN, tr1 = NAN, trb = NAN;
    int *isx = calloc(p + 1, sizeof *isx);
    adx_error_t rc = th && isx && !adx__est_init(&e, m1) ? ADX_OK : ADX_ENOMEM;
    *c10 = NAN;
    if (!rc) {
        memcpy(th, m1->theta, q * sizeof *th);
        m10_theta(m0, m1, th);
        for (size_t r = 0; r < m1->nparams; r++)
            if (m1->params[r].fixed_x)
                isx[adx__sem_var_index(m1, m1->params[r].lhs)] = 1;
        if (adx__est_set_sample(&e, m1->sample_cov, m1->meanstructure ? m1->sample_mean : NULL))
            rc = ADX_ESINGULAR;
    }
    if (!rc)
        rc = adx__sem_info_trace(m1, &e, th, &tr);
    if (!rc && isfinite(tr))
        rc = m1->opt.robust == ADX_SEM_MLM ? adx__sem_mlm_traces(m1, &e, &tr1, &trb)
                                           : adx__sem_h1_trace(m1, isx, &tr1);
    if (!rc)
        *c10 = m1->fit.df > 0 ? (tr1 - tr) / m1->fit.df : 1.0;
    adx__est_free(&e);
    free(th);
    free(isx);
    return rc == ADX_ENOMEM ? adx_oom(ctx) : ADX_OK;
}

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
    int sb2010 = m0->opt.diff_method == ADX_SEM_DIFF_SB2010;
    if (m0->opt.robust && sb2010 && (!m1->data || m1->fiml || m1->opt.ordered))
        return adx_err(ctx, ADX_EUNSUPPORTED, "the Satorra-Bentler 2010 difference needs raw "
                                              "complete data and continuous indicators (not "
                                              "--cov, --missing fiml or --ordered)");
    if (m0->opt.robust) {
        double c0 = f0->chisq_scaling_factor, c1 = f1->chisq_scaling_factor;
        if (sb2010) {
            adx_error_t rc = m10_scaling(m0, m1, &c1, ctx);
            if (rc)
                return rc;
        }
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
