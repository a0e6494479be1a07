/* Multi-group fits with ordered indicators in the theta parameterization (lavaan
 * parameterization = "theta"): the residual variances theta_jj of the latent responses are
 * parameters, fixed to 1 in the first group and, once the thresholds are equal across
 * groups, free in the others (the delta parameterization frees the scale factors there
 * instead). They take the local slots of the scale factors (mg_ordinal.c), whose values
 * follow from the model, lavaan's delta matrix:
 *     d_j = 1 / sqrt(Sigma_jj),  Sigma_jj = C0_jj + theta_jj  (1 for a continuous one),
 * so that the implied statistics are the delta parameterization's at that d (thresholds
 * d_j (tau_jk - mu_j), correlations d_a d_b C0_ab) and the Jacobian follows by the chain
 * rule from its columns d/d d_j:
 *     d d_j / d theta_jj = -d_j^3 / 2,   d d_j / d x = -d_j^3 / 2 * dC0_jj / dx
 * for a model parameter x. The objective, the robust covariance, the tests and the
 * difference tests between levels are then those of the delta fit unchanged. Observed
 * variables on the right of a regression are not in this model (C0's column of a path is
 * a latent variable's). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

#define NONE ADX__OG_FIXED

const double *adx__og_theta_d(adx__og_t *og)
{
    size_t p = og->p, t = og->o.t;
    const double *res = og->loc + og->q + og->nth;
    if (!og->tsd && !(og->tsd = malloc((p + 1) * sizeof *og->tsd)))
        return NULL;
    for (size_t j = 0; j < p; j++) {
        double v = og->o.C0[j + j * t] + res[j];
        if (adx__og_num(og, j)) {
            og->tsd[j] = 1;
            continue;
        }
        if (!(v > 0))
            return NULL;
        og->tsd[j] = 1 / sqrt(v);
    }
    return og->tsd;
}

void adx__og_theta_chain(adx__og_t *og)
{
    const adx__est_t *e = og->o.e;
    const adx_sem_t *s = e->s;
    size_t ns = og->ns, q = og->q, nth = og->nth;
    for (size_t j = 0; j < og->p; j++) {
        if (adx__og_num(og, j))
            continue;
        double dj = og->tsd[j], f = -0.5 * dj * dj * dj, *col = og->D + (q + nth + j) * ns;
        for (size_t r = 0; r < s->nparams; r++) { /* the model parameters through C0_jj */
            int fr = s->params[r].free;
            if (!fr || (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_S))
                continue;
            double x = f * s->params[r].scale *
                       adx__ord_dcov(&og->o, e->kind[r] == ADX__PK_A, e->ri[r], e->rj[r], j, j);
            double *dc = og->D + (size_t)(fr - 1) * ns;
            for (size_t a = 0; a < ns && x != 0; a++)
                dc[a] += x * col[a];
        }
        for (size_t a = 0; a < ns; a++) /* the residual variance itself */
            col[a] *= f;
    }
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
