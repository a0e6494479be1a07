/* Ordered indicators in the theta parameterization (lavaan parameterization = "theta"):
 * the residual variances of the latent responses y* are fixed to 1 and every parameter is
 * on that scale. The model implies the covariance C0 = B S0 B' (S0 with those residual
 * variances, the covariates' block 0: conditional on them); what DWLS fits are, with
 * d_j = sqrt(C0_jj) for an ordered y*_j and 1 for a continuous variable (lavaan's delta
 * matrix, setDeltaElements), the thresholds tau_j / d_j, the slopes B_yx / d_y and the
 * correlations C0_ij / (d_i d_j) (covariances and variances of continuous variables
 * unscaled). The thresholds stay saturated: the fit estimates tau / d (the sample
 * thresholds) beside theta, and tau = (tau / d) d afterwards, by the delta method for
 * their SEs. The Jacobian follows by the chain rule from d C0 / d theta:
 *   d (C_ij / (d_i d_j)) = dC_ij / (d_i d_j) - r_ij (dC_ii / (2 C_ii) + dC_jj / (2 C_jj)),
 *   d (B_yx / d_y) = dB_yx / d_y - (B_yx / d_y) dC_yy / (2 C_yy),
 * so that the DWLS/ULS objective, the robust sandwich and the scaled-shifted tests of
 * ordinal.c and ordinal_robust.c apply unchanged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ordinal.h"

/* An ordered observed variable (scaled by d). */
static int is_ordered(const adx__est_t *e, size_t j)
{
    return j < e->p && !adx__ord_is_numeric(e, j) && !adx__ord_is_x(e, j);
}

void adx__ord_theta_on(adx__ord_t *o)
{
    adx__est_t *e = o->e;
    o->theta = 1;
    o->nrv = 0;
    o->path = 0;
    for (size_t r = 0; r < e->s->nparams; r++)
        if (adx__ord_is_resid(e, r) && !e->s->params[r].free)
            e->fixedval[r] = 1;
}

int adx__ord_theta_scale(adx__ord_t *o)
{
    size_t t = o->t;
    for (size_t j = 0; j < t; j++) {
        o->dsc[j] = 1;
        if (is_ordered(o->e, j)) {
            if (!(o->C0[j + j * t] > 0))
                return -1;
            o->dsc[j] = sqrt(o->C0[j + j * t]);
        }
    }
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++)
            o->C1[i + j * t] = o->C0[i + j * t] / (o->dsc[i] * o->dsc[j]);
    return 0;
}

double adx__ord_dcov(const adx__ord_t *o, int path, size_t i, size_t j, size_t a, size_t b)
{
    size_t t = o->t;
    const double *B = o->B, *C = o->C0;
    if (path)
        return B[a + i * t] * C[j + b * t] + C[a + j * t] * B[b + i * t];
    if (i == j)
        return B[a + i * t] * B[b + i * t];
    return B[a + i * t] * B[b + j * t] + B[a + j * t] * B[b + i * t];
}

/* Column col of D and tdd (p) for the free row r (value sc * theta + offset). */
static void theta_row(adx__ord_t *o, size_t r, double sc, double *col, double *dd)
{
    const adx__est_t *e = o->e;
    size_t t = o->t, i = e->ri[r], j = e->rj[r];
    int path = e->kind[r] == ADX__PK_A;
    int xrow = !path && ((i < o->p && adx__ord_is_x(e, i)) ||
                         (j < o->p && adx__ord_is_x(e, j))); /* a covariates' row */
    for (size_t a = 0; a < o->p; a++)
        dd[a] += xrow || !is_ordered(e, a) ? 0 : sc * adx__ord_dcov(o, path, i, j, a, a);
    if (xrow)
        return;
    for (size_t c = 0; c < o->nx; c++)
        for (size_t y = 0; y < o->k; y++) {
            size_t v = o->yi[y];
            double d = o->dsc[v], b = o->B[v + o->xi[c] * t] / d;
            double x = path ? o->B[v + i * t] * o->B[j + o->xi[c] * t] / d : 0;
            if (is_ordered(e, v))
                x -= b * adx__ord_dcov(o, path, i, j, v, v) / (2 * d * d);
            col[y + c * o->k] += sc * x;
        }
    for (size_t m = o->nsl; m < o->np; m++) {
        size_t a = o->yi[o->sa[m - o->nsl]], b = o->yi[o->sb[m - o->nsl]];
        double da = o->dsc[a], db = o->dsc[b], rr = o->C1[a + b * t];
        double x = adx__ord_dcov(o, path, i, j, a, b) / (da * db);
        if (a != b && is_ordered(e, a))
            x -= rr * adx__ord_dcov(o, path, i, j, a, a) / (2 * da * da);
        if (a != b && is_ordered(e, b))
            x -= rr * adx__ord_dcov(o, path, i, j, b, b) / (2 * db * db);
        col[m] += sc * x;
    }
}

void adx__ord_theta_delta(adx__ord_t *o)
{
    const adx__est_t *e = o->e;
    const adx_sem_t *s = e->s;
    memset(o->D, 0, o->np * o->q * sizeof(double));
    memset(o->tdd, 0, o->p * o->q * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        int f = s->params[r].free;
        if (f && (e->kind[r] == ADX__PK_A || e->kind[r] == ADX__PK_S))
            theta_row(o, r, s->params[r].scale, o->D + (size_t)(f - 1) * o->np,
                      o->tdd + (size_t)(f - 1) * o->p);
    }
}

void adx__ord_theta_thresholds(adx_sem_t *s, adx__ord_t *o, const double *V, size_t Q)
{
    adx_sem_ordinal_t *od = s->ordinal;
    size_t nth = od->nth, q = o->q, p = o->p;
    adx__ord_theta_delta(o);
    for (size_t k = 0; k < nth; k++) {
        size_t v = adx__sem_var_index(s, od->th_var[k]);
        if (v >= p || !is_ordered(o->e, v))
            continue;
        double d = o->dsc[v], tau = od->th[k], var = 0;
        if (V) { /* gradient of tau d: d in tau, tau dd / (2 d) in theta */
            var = d * d * V[k + k * Q];
            for (size_t l = 0; l < q; l++) {
                double gl = tau * o->tdd[v + l * p] / (2 * d);
                var += 2 * d * gl * V[k + (nth + l) * Q];
                for (size_t m = 0; m < q; m++)
                    var += gl * o->tdd[v + m * p] * tau / (2 * d) * V[nth + l + (nth + m) * Q];
            }
        }
        od->th[k] = tau * d;
        od->th_se[k] = V ? sqrt(fmax(var, 0)) : NAN;
    }
}
