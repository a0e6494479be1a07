/* Multi-group fits with ordered indicators in the theta parameterization (lavaan
 * parameterization = "theta"): the residual variances of the latent responses are 1 in the
 * first group; once the thresholds are equal across groups lavaan frees them in the other
 * groups and keeps the scale factors at 1 (the delta parameterization does the reverse).
 * The two models are the same model: the theta estimates are the delta ones on rescaled
 * latent responses, y** = c y*, with c_j = 1 / sqrt(theta_jj) at the delta estimates of a
 * reference group (every group its own at the configural level; the first group once the
 * thresholds are equal, so that shared thresholds and loadings stay equal), and for a latent
 * variable the c of the indicator its fixed loading points to (1 when its variance is
 * fixed). The rows map as
 *     A'_ij = c_i A_ij / c_j,   S'_ij = c_i c_j S_ij,   theta'_jj = c_j^2 (1/d_j^2 - common),
 *     tau'_jk = c_j tau_jk,     alpha'_F = c_F alpha_F,
 * and the scale factors (~*~) fixed rows with lavaan's value 1 / SD(y**_j) = d_j / c_j,
 * every group's tables at once, and the SEs by the delta method, V' = J V J', with J by
 * central differences over the global parameters. A model whose fixed values or shared
 * parameters the rescaling would change (equal loadings without equal thresholds, say) is
 * not that model: exit 2. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

#define NONE ADX__OG_FIXED

/* The value of model row r of group g at its local parameters. */
static double row_est(const adx__omg_t *om, size_t g, size_t r)
{
    const adx_sem_param_t *pr = &om->mg->gr[g].model->params[r];
    return pr->free ? om->og[g].loc[pr->free - 1] : om->mg->gr[g].es.fixedval[r];
}

/* c (t) of group h at its last evaluation: the indicators' 1 / sqrt(theta_jj), the latent
 * variables' from their markers. -1 when a residual variance is not positive. */
static int scales(const adx__omg_t *om, size_t h, double *c)
{
    const adx__og_t *og = &om->og[h];
    const adx__est_t *e = &om->mg->gr[h].es;
    size_t p = og->p, t = og->o.t;
    const double *d = og->loc + og->q + og->nth;
    for (size_t j = 0; j < t; j++) {
        double res = j < p ? 1 / (d[j] * d[j]) - og->o.C0[j + j * t] : NAN;
        if (j < p && !(res > 0))
            return -1;
        c[j] = j < p ? 1 / sqrt(res) : 0;
    }
    for (size_t pass = 0; pass < t; pass++) /* markers, also of second-order factors */
        for (size_t r = 0; r < e->s->nparams; r++)
            if (e->kind[r] == ADX__PK_A && !e->s->params[r].free && e->fixedval[r] != 0 &&
                e->rj[r] >= p && c[e->rj[r]] == 0 && c[e->ri[r]] > 0)
                c[e->rj[r]] = c[e->ri[r]];
    for (size_t j = p; j < t; j++)
        c[j] = c[j] > 0 ? c[j] : 1;
    return 0;
}

/* The factor of row r's std.lv (its observed ends' c). */
static double lv_factor(const adx__est_t *e, size_t r, const double *c)
{
    double f = 1;
    if (e->kind[r] == ADX__PK_A || e->kind[r] == ADX__PK_S) {
        f *= e->ri[r] < e->p ? c[e->ri[r]] : 1;
        f *= e->rj[r] < e->p ? c[e->rj[r]] : 1;
    }
    return f;
}

/* Theta values of group g's model rows into v (c its scales) and the std.lv factors into
 * lf (if not NULL); -2 when a fixed row would change. */
static int model_rows(const adx__omg_t *om, size_t g, const double *c, double *v, double *lf)
{
    const adx__og_t *og = &om->og[g];
    const adx__est_t *e = &om->mg->gr[g].es;
    const double *d = og->loc + og->q + og->nth;
    size_t t = og->o.t;
    for (size_t r = 0; r < e->s->nparams; r++) {
        size_t i = e->ri[r], j = e->rj[r];
        double x = row_est(om, g, r), f = 1;
        if (adx__ord_is_resid(e, r))
            x = 1 / (d[i] * d[i]) - og->o.C0[i + i * t];
        if (e->kind[r] == ADX__PK_A)
            f = c[i] / c[j];
        else if (e->kind[r] == ADX__PK_S)
            f = c[i] * c[j];
        else if (e->kind[r] == ADX__PK_MEAN)
            f = c[i];
        if (!e->s->params[r].free && !adx__ord_is_resid(e, r) && x != 0 && fabs(f - 1) > 1e-9)
            return -2;
        v[r] = f * x;
        if (lf)
            lf[r] = lv_factor(e, r, c);
    }
    return 0;
}

/* Every row's theta value at the global parameters th (v: the groups' rows in table order,
 * model rows, thresholds, scale factors, latent means). -1: not defined or a residual
 * variance not positive; -2: a fixed row or shared parameter the rescaling changes. */
static int theta_values(adx__omg_t *om, const double *th, int eqth, double *v, double *lf,
                        double *c, double *c0)
{
    size_t G = om->mg->G, k = 0;
    for (size_t g = 0; g < G; g++) {
        adx__og_t *og = &om->og[g];
        for (size_t l = 0; l < og->nloc; l++)
            if (og->map[l] != NONE)
                og->loc[l] = th[og->map[l]];
        if (adx__og_eval(og) || scales(om, g, g ? c : c0))
            return -1;
        const double *cg = eqth || !g ? c0 : c;
        const double *tau = og->loc + og->q, *al = tau + og->nth + og->p;
        int rc = model_rows(om, g, cg, v + k, lf ? lf + k : NULL);
        if (rc)
            return rc;
        size_t k0 = k += om->mg->gr[g].model->nparams;
        for (size_t m = 0; m < og->nth; m++, k++) {
            v[k] = cg[og->var_of[m]] * tau[m];
            if (lf)
                lf[k] = cg[og->var_of[m]];
        }
        for (size_t j = 0; j < og->p; j++) /* lavaan: 1 / SD(y**_j), fixed */
            v[k++] = tau[og->nth + j] / cg[j];
        for (size_t l = 0; l < og->m; l++)
            v[k++] = cg[og->p + l] * al[l];
        for (size_t x = k0 + og->nth; lf && x < k; x++)
            lf[x] = 1;
    }
    return 0;
}

/* -2 when two rows on one global parameter map to different values. */
static int shared_equal(const adx__omg_t *om, const adx_sem_inv_row_t *row, const double *v,
                        const size_t *gix)
{
    size_t n = 0;
    for (size_t g = 0; g < om->mg->G; g++)
        n += row->nparams[g];
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; gix[a] != NONE && b < n; b++)
            if (gix[b] == gix[a] && fabs(v[a] - v[b]) > 1e-9 * (1 + fabs(v[a])))
                return -2;
    return 0;
}

/* The global parameter of each table row (NONE: fixed) into gix. */
static void row_globals(const adx__omg_t *om, size_t *gix)
{
    for (size_t g = 0, k = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        const adx_sem_t *m = om->mg->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++)
            gix[k++] = m->params[r].free ? og->map[m->params[r].free - 1] : NONE;
        for (size_t l = og->q; l < og->nloc; l++)
            gix[k++] = og->map[l];
    }
}

/* Row pr rewritten: theta value x, std.lv times lf, SE from the delta method (J row jr, V)
 * when free. */
static void rewrite(adx_sem_param_t *pr, double x, double lf, int free, const double *jr,
                    const double *V, size_t Q)
{
    double s2 = 0;
    pr->est = x;
    pr->free = free;
    pr->std_lv *= lf;
    pr->se = pr->z = pr->pvalue = pr->ci_lower = pr->ci_upper = NAN;
    if (!free)
        return;
    for (size_t a = 0; a < Q; a++)
        for (size_t b = 0; b < Q; b++)
            s2 += jr[a] * V[a + b * Q] * jr[b];
    pr->se = sqrt(s2);
    pr->z = x / pr->se;
    pr->pvalue = 2 * gsl_cdf_ugaussian_Q(fabs(pr->z));
    pr->ci_lower = x - 1.959963984540054 * pr->se;
    pr->ci_upper = x + 1.959963984540054 * pr->se;
}

/* J (n x Q) by central differences of theta_values around th. */
static int jacobian(adx__omg_t *om, const double *th, int eqth, size_t n, double *J, double *ws)
{
    size_t Q = om->Q;
    double *x = ws, *vp = x + Q, *vm = vp + n, *c = vm + n, *c0 = c + om->og[0].o.t + 1;
    memcpy(x, th, Q * sizeof *x);
    for (size_t k = 0; k < Q; k++) {
        double h = 1e-6 * fmax(1, fabs(th[k])), *col = J + k * n;
        for (int side = 0; side < 2; side++) { /* th + h into vp, th - h into vm */
            x[k] = side ? th[k] - h : th[k] + h;
            if (theta_values(om, x, eqth, side ? vm : vp, NULL, c, c0))
                return -1;
        }
        x[k] = th[k];
        for (size_t a = 0; a < n; a++)
            col[a] = 0.5 * (vp[a] - vm[a]) / h;
    }
    return 0;
}

adx_error_t adx__omg_theta(adx__omg_t *om, const double *th, const double *V,
                           adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    size_t G = om->mg->G, Q = om->Q, n = 0, tmax = 0;
    int eqth = (row->group_equal & ADX_SEM_EQ_THRESHOLDS) != 0;
    for (size_t g = 0; g < G; g++) {
        n += row->nparams[g];
        tmax = om->og[g].o.t > tmax ? om->og[g].o.t : tmax;
    }
    double *v = malloc((2 * n + n * Q + Q + 2 * n + 2 * tmax + 2) * sizeof *v);
    size_t *gix = malloc((n + 1) * sizeof *gix);
    adx_error_t rc = ADX_OK;
    if (!v || !gix) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    double *lf = v + n, *J = lf + n, *ws = J + n * Q;
    row_globals(om, gix);
    int bad = theta_values(om, th, eqth, v, lf, ws, ws + tmax + 1);
    bad = bad ? bad : shared_equal(om, row, v, gix);
    if (bad == -2)
        rc = adx_err(ctx, ADX_EUNSUPPORTED,
                     "theta parameterization with groups: the %s model rescaled to unit "
                     "residual variances is not lavaan's theta model (shared or fixed "
                     "parameters would differ); use the delta parameterization",
                     row->model);
    else if (bad || jacobian(om, th, eqth, n, J, ws))
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "theta parameterization: a residual variance of a latent response is "
                     "not positive at the %s estimates",
                     row->model);
    for (size_t g = 0, k = 0; !rc && g < G; g++)
        for (size_t r = 0; r < row->nparams[g]; r++, k++) {
            adx_sem_param_t *pr = &row->params[g][r];
            int resid = r < om->mg->gr[g].model->nparams && adx__ord_is_resid(&om->mg->gr[g].es, r);
            int free = pr->op == ADX_SEM_SCALE ? 0 : resid ? eqth && g > 0 : pr->free;
            for (size_t a = 0; a < Q; a++)
                ws[a] = J[k + a * n];
            rewrite(pr, v[k], lf[k], free, ws, V, Q);
        }
cleanup:
    free(v);
    free(gix);
    return rc;
}
