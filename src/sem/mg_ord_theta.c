/* Multi-group fits with ordered indicators in the theta parameterization (lavaan
 * parameterization = "theta"): the residual variances theta_jj of the latent responses are
 * parameters, fixed to 1 in the first group and, once the thresholds are equal across
 * groups, free in the others (the delta parameterization frees the scale factors there
 * instead). They take the local slots of the scale factors (mg_ordinal.c) and enter the
 * model's S0 in place of its rows (ord->gth), so that C0 = B (S0 + Theta) B' is the implied
 * covariance of the latent responses (conditional on the exogenous covariates; an ordered
 * predictor's theta reaches its outcomes). The scale factors follow from the model,
 * lavaan's delta matrix:
 *     d_j = 1 / sqrt(Sigma_jj),  Sigma_jj = C0_jj  (1 for a continuous indicator or a
 *     covariate),
 * and the implied statistics are the delta parameterization's at that d (thresholds
 * d_j (tau_jk - mu_j), slopes d_y B_yx, correlations d_a d_b C0_ab); the Jacobian follows by
 * the chain rule from its columns d/d d_j:
 *     d d_j / d x = -d_j^3 / 2 * dC0_jj / dx           for a model parameter x,
 *     d d_j / d theta_vv = -d_j^3 / 2 * B_jv^2,        d C0_ab / d theta_vv = B_av B_bv.
 * The objective, the robust covariance, the tests and the difference tests between levels
 * are then those of the delta fit unchanged. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

#define NONE ADX__OG_FIXED

int adx__og_theta_on(adx__og_t *og)
{
    og->theta = 1;
    og->o.gth = og->loc + og->q + og->nth;
    og->o.nrv = 0; /* C1 = C0: no delta residual variances of ordered predictors */
    og->o.path = 0;
    og->tcol = malloc((og->ns * og->p + 1) * sizeof *og->tcol);
    return og->tcol ? 0 : -1;
}

/* 1 if observed variable j of og is an ordered indicator (it has a scale factor). */
static int ordered(const adx__og_t *og, size_t j)
{
    return !adx__og_num(og, j) && !adx__og_x(og, j);
}

const double *adx__og_theta_d(adx__og_t *og)
{
    size_t p = og->p, t = og->o.t;
    if (!og->tsd && !(og->tsd = malloc((p + 1) * sizeof *og->tsd)))
        return NULL;
    for (size_t j = 0; j < p; j++) {
        double v = og->o.C0[j + j * t];
        og->tsd[j] = 1;
        if (!ordered(og, j))
            continue;
        if (!(v > 0))
            return NULL;
        og->tsd[j] = 1 / sqrt(v);
    }
    return og->tsd;
}

/* The model parameters' columns through the scale factors: += -d_j^3 / 2 dC0_jj / dx
 * times d/d d_j (og->D's slot column j). */
static void chain_model(adx__og_t *og)
{
    const adx__est_t *e = og->o.e;
    const adx_sem_t *s = e->s;
    size_t ns = og->ns, q = og->q, nth = og->nth;
    for (size_t r = 0; r < s->nparams; r++) {
        int fr = s->params[r].free, path = e->kind[r] == ADX__PK_A;
        size_t i = e->ri[r], j = e->rj[r];
        if (!fr || (!path && e->kind[r] != ADX__PK_S))
            continue;
        if (!path && ((i < og->p && adx__og_x(og, i)) || (j < og->p && adx__og_x(og, j))))
            continue; /* a covariates' (co)variance: not in C0 (conditional.x) */
        double *dc = og->D + (size_t)(fr - 1) * ns;
        for (size_t v = 0; v < og->p; v++) {
            if (!ordered(og, v))
                continue;
            double dv = og->tsd[v], x = -0.5 * dv * dv * dv * s->params[r].scale *
                                        adx__ord_dcov(&og->o, path, i, j, v, v);
            const double *col = og->D + (q + nth + v) * ns;
            for (size_t a = 0; a < ns && x != 0; a++)
                dc[a] += x * col[a];
        }
    }
}

void adx__og_theta_chain(adx__og_t *og)
{
    const adx__ord_t *o = &og->o;
    size_t ns = og->ns, q = og->q, nth = og->nth, p = og->p, t = o->t;
    chain_model(og);
    double *T = og->tcol;
    memset(T, 0, ns * p * sizeof *T);
    for (size_t v = 0; v < p; v++) {
        if (!ordered(og, v))
            continue;
        double *tv = T + v * ns;
        for (size_t j = 0; j < p; j++) { /* through d_j: Sigma_jj = ... + theta_v B_jv^2 */
            double b = o->B[j + v * t], dj = og->tsd[j];
            if (!ordered(og, j) || b == 0)
                continue;
            const double *col = og->D + (q + nth + j) * ns;
            for (size_t a = 0; a < ns; a++)
                tv[a] += -0.5 * dj * dj * dj * b * b * col[a];
        }
        for (size_t m = o->nsl; m < og->np; m++) { /* directly: d_a d_b B_av B_bv */
            size_t a = o->yi[o->sa[m - o->nsl]], b = o->yi[o->sb[m - o->nsl]];
            tv[nth + m] += adx__og_dfac(og, og->tsd, m) * o->B[a + v * t] * o->B[b + v * t];
        }
    }
    memcpy(og->D + (q + nth) * ns, T, ns * p * sizeof *T);
}

/* Row pr free with SE sqrt(V_kk) (V Q x Q), or fixed. */
static void set_free(adx_sem_param_t *pr, size_t k, const double *V, size_t Q)
{
    pr->free = k != NONE;
    pr->se = pr->z = pr->pvalue = pr->ci_lower = pr->ci_upper = NAN;
    if (k == NONE)
        return;
    pr->se = sqrt(V[k + k * Q]);
    pr->z = pr->est / pr->se;
    pr->pvalue = 2 * gsl_cdf_ugaussian_Q(fabs(pr->z));
    pr->ci_lower = pr->est - 1.959963984540054 * pr->se;
    pr->ci_upper = pr->est + 1.959963984540054 * pr->se;
}

void adx__omg_theta(const adx__omg_t *om, const double *V, adx_sem_inv_row_t *row)
{
    for (size_t g = 0; g < om->mg->G; g++) {
        adx__og_t *og = &om->og[g];
        const adx_sem_t *m = om->mg->gr[g].model;
        const adx__est_t *e = &om->mg->gr[g].es;
        size_t slot = og->q + og->nth;
        for (size_t r = 0; r < row->nparams[g]; r++) {
            adx_sem_param_t *pr = &row->params[g][r];
            if (r < m->nparams && adx__ord_is_resid(e, r)) { /* theta_jj: its slot */
                size_t j = e->ri[r];
                pr->est = og->loc[slot + j];
                set_free(pr, og->map[slot + j], V, om->Q);
            } else if (pr->op == ADX_SEM_SCALE) { /* lavaan: 1 / SD(y*), fixed */
                size_t j = adx__sem_var_index(m, pr->lhs);
                pr->est = j < og->p ? og->tsd[j] : NAN;
                set_free(pr, NONE, V, om->Q);
            }
        }
    }
}

double adx__omg_theta_resid(const adx__omg_t *om, size_t *gmin, size_t *jmin)
{
    double rmin = INFINITY;
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        const double *res = og->loc + og->q + og->nth;
        for (size_t j = 0; og->tsd && j < og->p; j++) {
            double r = res[j] * og->tsd[j] * og->tsd[j];
            if (!adx__og_num(og, j) && !adx__og_x(og, j) && r < rmin) {
                rmin = r;
                *gmin = g;
                *jmin = j;
            }
        }
    }
    return rmin;
}
