/* Comparing nested SEM fits: the Satorra-Bentler (2001) scaled chi2 difference test
 * of two models fitted with MLR or MLM (lavaan's lavTestLRT, method
 * "satorra.bentler.2001"), its strictly positive 2010 variant (method
 * "satorra.bentler.2010": the less restricted model's scaling factor evaluated at the
 * restricted model's estimates), or the plain chi2 difference under ML (raw data or a
 * covariance matrix); with ordered indicators (WLSMV / ULSMV) Satorra's (2000)
 * scaled-shifted difference, lavTestLRT's method "satorra.2000", in the delta or the theta
 * parameterization (the same figure without constraint lines: the same models rescaled). */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_stats.h"
#include "est.h"
#include "mg.h"
#include "ordinal.h"
#include "robust.h"

/* The value of row pr in p0 (n0 rows; lhs op rhs, either order for ~~), or 0 when p0 has
 * no such row (lavaan's full parameter table starts the rows it adds at 0). */
static double m0_value(const adx_sem_param_t *p0, size_t n0, const adx_sem_param_t *pr)
{
    for (size_t r = 0; r < n0; r++) {
        const adx_sem_param_t *q = &p0[r];
        if (q->op != pr->op)
            continue;
        if (!strcmp(q->lhs, pr->lhs) && !strcmp(q->rhs, pr->rhs))
            return q->est;
        if (pr->op == ADX_SEM_COV && !strcmp(q->lhs, pr->rhs) && !strcmp(q->rhs, pr->lhs))
            return q->est;
    }
    return 0.0;
}

void adx__sem_m10_theta(const adx_sem_param_t *p0, size_t n0, const adx_sem_param_t *p1,
                        size_t n1, const size_t *map, double *th)
{
    for (size_t r = 0; r < n1; r++) {
        const adx_sem_param_t *pr = &p1[r];
        if (pr->free > 0 && pr->scale != 0)
            th[map ? map[pr->free - 1] : (size_t)pr->free - 1] =
                (m0_value(p0, n0, pr) - pr->offset) / pr->scale;
    }
}

/* m1's scaling factor at m0's estimates (m1's free parameters at m0's values of the same
 * rows, lavaan's lav_test_diff_m10): (tr1 - tr(A^-1 B)) / df1 as in the scaled test of m1
 * (fitindex.c), every piece taken there. NaN when it cannot be evaluated. */
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
        adx__sem_m10_theta(m0->params, m0->nparams, m1->params, m1->nparams, NULL, th);
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

/* ---- ordered indicators: Satorra (2000) ------------------------------------------- */

/* Index of variable `name` among m's observed variables, or m->p. */
static size_t obs_index(const adx_sem_t *m, const char *name)
{
    size_t j = 0;
    while (j < m->p && strcmp(m->names[j], name))
        j++;
    return j;
}

/* Statistic k of adx__ord_t's order (the continuous indicators' variances, then the
 * covariances column by column below the diagonal) for variables i, j (either order). */
static size_t stat_index(const unsigned char *num, size_t p, size_t i, size_t j)
{
    size_t nv = 0, k = 0;
    for (size_t v = 0; num && v < p; v++) {
        if (num[v] && v == i && i == j)
            k = nv;
        nv += num[v] != 0;
    }
    if (i == j)
        return k;
    size_t a = i > j ? i : j, b = i > j ? j : i;
    return nv + b * p - b * (b + 1) / 2 + (a - b - 1);
}

/* D (ns x m->npar) of m at its estimates, rows in the statistics order of ref (m1): the
 * derivatives of the implied correlations (and continuous variances), in m's
 * parameterization (ordinal_theta.c's chain rule under theta). The thresholds' rows are
 * left out: free in both models they span their own coordinates, which the diagonal
 * weights keep apart from the rest (under theta too, where those rows also depend on the
 * loadings), so they drop out of the difference. -1 on failure. */
static int delta_in(const adx_sem_t *m, const adx_sem_t *ref, size_t ns, double *D)
{
    adx__est_t e;
    adx__ord_t o = {0};
    int rc = -1;
    if (adx__est_init(&e, m))
        return -1;
    e.q = m->npar;
    if (adx__ord_alloc(&o, &e, m->npar) || o.np != ns)
        goto cleanup;
    if (m->opt.ordinal_theta)
        adx__ord_theta_on(&o);
    if (adx__ord_fill(&o, m->theta))
        goto cleanup;
    adx__ord_delta(&o);
    const unsigned char *num = ref->ordinal->numeric;
    for (size_t k = 0; k < ns; k++) {
        size_t i = obs_index(ref, m->names[o.sa[k]]), j = obs_index(ref, m->names[o.sb[k]]);
        size_t r = stat_index(num, ref->p, i, j);
        for (size_t c = 0; c < m->npar; c++)
            D[r + c * ns] = o.D[k + c * ns];
    }
    rc = 0;
cleanup:
    adx__ord_free(&o);
    adx__est_free(&e);
    return rc;
}

/* D (ns x m->npar) replaced by D N (ns x *r) with N the null space of m's constraints at
 * its estimates: the general lines' equalities and active inequalities (gcon.c), or the
 * parameters held at a bound (their columns dropped); *r = m->npar without. -1 when memory
 * runs out or a constraint is not defined there. */
static int on_null_space(const adx_sem_t *m, double *D, size_t ns, size_t *r)
{
    size_t q = m->npar, k = 0;
    *r = q;
    if (m->gcon) {
        double *N = NULL, *DN = NULL;
        if (adx__sem_gcon_null(m, m->theta, &N, r) || !(DN = malloc((ns * *r + 1) * sizeof *DN))) {
            free(N);
            return -1;
        }
        if (*r)
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)ns, (int)*r, (int)q, 1.0,
                        D, (int)ns, N, (int)q, 0.0, DN, (int)ns);
        memcpy(D, DN, ns * *r * sizeof *D);
        ADX__FREE(N, DN);
        return 0;
    }
    for (size_t c = 0; m->nactive && c < q; c++) {
        int held = 0;
        for (size_t i = 0; i < m->nparams; i++)
            held |= m->params[i].free == (int)c + 1 && m->params[i].at_bound;
        if (!held)
            memmove(D + k++ * ns, D + c * ns, ns * sizeof *D);
    }
    *r = m->nactive ? k : q;
    return 0;
}

/* Both fits ordinal on the same observed variables, ordered alike, in the same
 * parameterization, the same estimator and cases. */
static adx_error_t ordinal_check(const adx_sem_t *m0, const adx_sem_t *m1, adx_errctx_t *ctx)
{
    const adx_sem_ordinal_t *o0 = m0->ordinal, *o1 = m1->ordinal;
    if (!o0 || !o1 || o0->uls != o1->uls)
        return adx_err(ctx, ADX_EUSAGE, "the two models must use the same estimator");
    if (m0->opt.ordinal_theta != m1->opt.ordinal_theta)
        return adx_err(ctx, ADX_EUSAGE, "%s: the two models must use the same "
                                        "parameterization (delta or theta)",
                       m0->source);
    if (!m1->data || m0->p != m1->p || m0->n != m1->n)
        return adx_err(ctx, ADX_EUSAGE, "%s: the two models must have the same observed "
                                        "variables (lavTestLRT compares fits to the same "
                                        "sample statistics)",
                       m0->source);
    for (size_t j = 0; j < m0->p; j++) {
        size_t i = obs_index(m1, m0->names[j]);
        int n0 = o0->numeric && o0->numeric[j], n1 = i < m1->p && o1->numeric && o1->numeric[i];
        if (i == m1->p || n0 != n1)
            return adx_err(ctx, ADX_EUSAGE, "%s: '%s' is not an indicator of both models (or "
                                            "ordered in one only): lavTestLRT compares fits "
                                            "to the same sample statistics",
                           m0->source, m0->names[j]);
    }
    return ADX_OK;
}

/* Satorra's (2000) scaled-shifted difference of the ordinal fits m0 (restricted) and m1:
 * Gamma and the weights over m1's statistics (thresholds and means drop out: they are
 * saturated in both), D0 and D1 at the two estimates. */
static adx_error_t ordinal_diff(const adx_sem_t *m0, const adx_sem_t *m1, double *chisq,
                                adx_errctx_t *ctx)
{
    adx_polychoric_t *P = NULL;
    const adx_sem_ordinal_t *o1 = m1->ordinal;
    size_t n = m1->data_n, ns = m1->p * (m1->p - 1) / 2 + o1->nnum;
    double *G = malloc((ns * ns + 1) * sizeof *G), *w = malloc((ns + 1) * sizeof *w);
    double *D1 = malloc((ns * m1->npar + 1) * sizeof *D1);
    double *D0 = malloc((ns * m0->npar + 1) * sizeof *D0);
    adx_error_t rc = G && w && D1 && D0 ? ADX_OK : adx_oom(ctx);
    if (!rc)
        rc = adx_polychoric_mixed(m1->data, n, n, m1->p, (const char *const *)m1->names,
                                  o1->numeric, 2, &P, ctx);
    size_t r1 = 0, r0 = 0; /* each Jacobian on the null space of its model's constraints */
    if (!rc && (delta_in(m1, m1, ns, D1) || delta_in(m0, m1, ns, D0) ||
                on_null_space(m1, D1, ns, &r1) || on_null_space(m0, D0, ns, &r0)))
        rc = adx_err(ctx, ADX_ESINGULAR, "the difference test: a model is not defined at its "
                                         "estimates");
    if (rc)
        goto cleanup;
    size_t nth = P->th_off[P->k];
    /* lavTech(fit, "Gamma") is the sample NACOV without the fit's N / (N - 1) (it cancels
     * against the DWLS weights; under ULS, W = I, it does not) */
    for (size_t b = 0; b < ns; b++)
        for (size_t a = 0; a < ns; a++)
            G[a + b * ns] = P->gamma[nth + a + (nth + b) * P->nstat];
    for (size_t a = 0; a < ns; a++)
        w[a] = o1->uls ? 1 : 1 / G[a + a * ns];
    const double T[2] = {m0->fit.chisq, m1->fit.chisq}, df[2] = {m0->fit.df, m1->fit.df};
    *chisq = adx__ord_diff_single(D1, r1, D0, r0, w, G, ns, T, df);
    if (!isfinite(*chisq))
        rc = adx_err(ctx, ADX_EDOMAIN, "the scaled-shifted difference test is not defined here "
                                       "(the models may not be nested)");
cleanup:
    adx_polychoric_free(P);
    ADX__FREE(G, w, D1, D0);
    return rc;
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
    if (m0->ordinal || m1->ordinal) {
        adx_error_t rc = ordinal_check(m0, m1, ctx);
        if (!rc && !(rc = ordinal_diff(m0, m1, chisq, ctx))) {
            *df = d;
            *pvalue = gsl_cdf_chisq_Q(fmax(*chisq, 0), d);
        }
        return rc;
    }
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
