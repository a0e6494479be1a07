/* Ordered indicators in the theta parameterization (lavaan parameterization = "theta"):
 * the residual variances of the latent responses y* are fixed to 1 instead of their
 * total variances. For a single group without equality constraints across the rescaled
 * entries, the theta model is the delta model on rescaled y*: y** = S y*, S = diag(s),
 * s_j = 1 / sqrt(theta_jj) with theta_jj = 1 - the common part of y*_j at the delta
 * estimates. The fit (and every test) is the same; the estimates map as
 *     A'_ij = c_i A_ij / c_j,   S'_ij = c_i c_j S_ij,   tau'_jk = s_j tau_jk,
 * with c_j = s_j for the indicators and, for a latent variable, c = the c of the variable
 * its fixed nonzero loading (marker) points to (c = 1 where its variance is fixed: std.lv).
 * The robust covariance maps by the delta method, V' = J V J', J the Jacobian of the map
 * over (thresholds, free parameters): analytic in the thresholds, central differences in
 * the free parameters. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* The row r's value at th (free or fixed). */
static double row_value(const adx_sem_t *s, const adx__est_t *e, const double *th, size_t r)
{
    return s->params[r].free ? th[s->params[r].free - 1] : e->fixedval[r];
}

/* Scale factors c (t) from the indicators' residual variances res (p): the indicators'
 * c_j = 1/sqrt(res_j), the latent variables' from their markers. -1: a residual variance
 * is not positive (Heywood case); -2: fixed entries that the rescaling would change. */
static int scales(const adx_sem_t *s, const adx__est_t *e, const double *res, double *c)
{
    size_t p = e->p, t = e->t;
    for (size_t j = 0; j < t; j++)
        c[j] = j < p ? (res[j] > 0 ? 1 / sqrt(res[j]) : NAN) : NAN;
    for (size_t j = 0; j < p; j++)
        if (!(res[j] > 0))
            return -1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t r = 0; r < s->nparams; r++)
            if (e->kind[r] == ADX__PK_A && !s->params[r].free && e->fixedval[r] != 0 &&
                e->rj[r] >= p && isnan(c[e->rj[r]]) && !isnan(c[e->ri[r]])) {
                c[e->rj[r]] = c[e->ri[r]];
                changed = 1;
            }
    }
    for (size_t j = p; j < t; j++)
        if (isnan(c[j]))
            c[j] = 1;
    for (size_t r = 0; r < s->nparams; r++) {
        if (s->params[r].free || e->fixedval[r] == 0)
            continue;
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == ADX__PK_A && fabs(c[i] / c[j] - 1) > 1e-9)
            return -2;
        if (e->kind[r] == ADX__PK_S && !(i == j && i < p) && fabs(c[i] * c[j] - 1) > 1e-9)
            return -2;
        if (e->kind[r] == ADX__PK_MEAN)
            return -2;
    }
    return 0;
}

/* The theta parameters th2 (q) and indicator scales sc (p) at the delta parameters th.
 * Rows sharing a free parameter must map to one value. 0, -1 or -2 as scales(), -3 when
 * the model's common part cannot be computed. */
static int map_theta(const adx__ord_theta_t *T, const double *th, double *th2, double *sc,
                     double *res, double *c)
{
    const adx_sem_t *s = T->s;
    const adx__est_t *e = T->e;
    if (T->resid(T->ud, th, res))
        return -3;
    int rc = scales(s, e, res, c);
    if (rc)
        return rc;
    memcpy(sc, c, e->p * sizeof *sc);
    for (size_t k = 0; k < s->npar; k++)
        th2[k] = NAN;
    for (size_t r = 0; r < s->nparams; r++) {
        int f = s->params[r].free;
        if (!f || (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_S))
            continue;
        size_t i = e->ri[r], j = e->rj[r];
        double v = row_value(s, e, th, r) * (e->kind[r] == ADX__PK_A ? c[i] / c[j] : c[i] * c[j]);
        if (isnan(th2[f - 1]))
            th2[f - 1] = v;
        else if (fabs(th2[f - 1] - v) > 1e-9 * (1 + fabs(v)))
            return -2;
    }
    for (size_t k = 0; k < s->npar; k++)
        if (isnan(th2[k]))
            th2[k] = th[k]; /* a free mean or := input not rescaled (refused above) */
    return 0;
}

/* J V J' of the Q x Q matrix V (Q = nth + q) into Vout (q x q block) and the threshold
 * SEs; J from the map at th (thresholds tau, their indicators var_of). */
static adx_error_t delta_method(const adx__ord_theta_t *T, const double *th, const double *V,
                                double *Vq, double *ws)
{
    size_t q = T->s->npar, nth = T->nth, Q = nth + q, p = T->e->p, t = T->e->t;
    double *J = ws, *JV = J + Q * Q, *Vt = JV + Q * Q, *tp = Vt + Q * Q, *tm = tp + q,
           *sp = tm + q, *sm = sp + p, *res = sm + p, *c = res + p, *x = c + t;
    memset(J, 0, Q * Q * sizeof *J);
    memcpy(x, th, q * sizeof *x);
    if (map_theta(T, th, tp, sp, res, c))
        return ADX_ESINGULAR;
    for (size_t k = 0; k < nth; k++)
        J[k + k * Q] = sp[T->var_of[k]];
    for (size_t l = 0; l < q; l++) {
        double h = 1e-6 * fmax(1, fabs(th[l]));
        x[l] = th[l] + h;
        int bad = map_theta(T, x, tp, sp, res, c);
        x[l] = th[l] - h;
        bad = bad || map_theta(T, x, tm, sm, res, c);
        x[l] = th[l];
        if (bad)
            return ADX_ESINGULAR;
        for (size_t k = 0; k < nth; k++)
            J[k + (nth + l) * Q] = T->tau[k] * (sp[T->var_of[k]] - sm[T->var_of[k]]) / (2 * h);
        for (size_t i = 0; i < q; i++)
            J[nth + i + (nth + l) * Q] = (tp[i] - tm[i]) / (2 * h);
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)Q, (int)Q, (int)Q, 1, J, (int)Q,
                V, (int)Q, 0, JV, (int)Q);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)Q, (int)Q, (int)Q, 1, JV, (int)Q,
                J, (int)Q, 0, Vt, (int)Q);
    for (size_t k = 0; k < nth; k++)
        T->tau_se[k] = sqrt(Vt[k + k * Q]);
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++)
            Vq[i + j * q] = Vt[nth + i + (nth + j) * Q];
    return ADX_OK;
}

adx_error_t adx__ordinal_theta(const adx__ord_theta_t *T, double *th, const double *V,
                               double *Vq, adx_errctx_t *ctx)
{
    const adx_sem_t *s = T->s;
    size_t q = s->npar, Q = T->nth + q, p = T->e->p, t = T->e->t;
    double *ws = malloc((3 * Q * Q + 2 * q + 3 * p + t + q + 1) * sizeof *ws);
    double *th2 = malloc((q + 1) * sizeof *th2), *sc = malloc((t + 1) * sizeof *sc);
    double *res = malloc((p + 1) * sizeof *res), *c = malloc((t + 1) * sizeof *c);
    adx_error_t rc = ADX_OK;
    if (!ws || !th2 || !sc || !res || !c) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    int m = map_theta(T, th, th2, sc, res, c);
    if (m == -2) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED,
                     "%s: the theta parameterization is the delta model rescaled, and this "
                     "model's fixed values, equal labels or means would change with the scale; "
                     "use the delta parameterization (the default)",
                     s->source);
        goto cleanup;
    }
    if (m) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: a residual variance of a latent response (1 - its common part) is "
                     "not positive at the estimates (Heywood case): the theta "
                     "parameterization is not defined",
                     s->source);
        goto cleanup;
    }
    if (V && (rc = delta_method(T, th, V, Vq, ws))) {
        rc = adx_err(ctx, rc, "%s: the theta rescaling is not defined near the estimates "
                              "(a residual variance close to 0)", s->source);
        goto cleanup;
    }
    for (size_t k = 0; k < T->nth; k++)
        T->tau[k] *= sc[T->var_of[k]];
    memcpy(th, th2, q * sizeof *th);
cleanup:
    ADX__FREE(ws, th2, sc, res, c);
    return rc;
}
