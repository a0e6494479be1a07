/* Categorical CFA/SEM with ordered indicators: lavaan's WLSMV and ULSMV in the delta
 * parameterization (cfa(..., ordered = TRUE)).
 *
 *   1. Sample statistics: thresholds, polychoric correlations and their asymptotic
 *      covariance Gamma (NACOV), two-step, src/stats/polychoric.c.
 *   2. Estimates: the latent response variables have unit variances, so the residual
 *      variances of the indicators are not free (theta_ii = 1 - the common part) and
 *      the model-implied correlations are the off-diagonal of C0 = B S0 B' (S0: S with
 *      the indicators' residual variances zeroed). The thresholds are saturated: with a
 *      diagonal weight matrix their estimates are the sample thresholds and the rest
 *      minimises F = sum_p w_p (r_p - sigma_p(theta))^2, w_p = 1 / Gamma_pp (DWLS) or
 *      1 (ULS), by Gauss-Newton scoring (H = 2 D' W D).
 *   3. Robust SEs: V = E^-1 D' W Gamma W D E^-1 / N over thresholds and theta, with
 *      E = D' W D and D = d(thresholds, correlations)/d(parameters).
 *   4. Tests: T = N F; scaled-shifted (Asparouhov & Muthen 2010): with U = W - W D E^-1
 *      D' W, a = sqrt(df / tr((U Gamma)^2)), T* = a T + df - a tr(U Gamma); the baseline
 *      (correlations 0) the same way. CFI/TLI/RMSEA from T and from T* (".scaled"),
 *      RMSEA with N - 1 as lavaan; robust CFI/TLI/RMSEA (lavaan's ".robust", Savalei
 *      2021): the normal-theory ML statistic of the polychoric matrix at the estimates,
 *      T_ML, with c = tr(U' V U Gamma) / df (V the ML weight of the correlations at the
 *      implied matrix, U = I - D E^-1 D' W over the correlations), RMSEA =
 *      sqrt(max(T_ML / (n df) - c / n, 0)), CFI = 1 - max(T_ML - c df, 0) /
 *      max(T_ML - c df, T0_ML - c0 df0, 0) with T0_ML = -N log|R|, c0 = tr(Gamma) / df0. */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_stats.h"
#include "est.h"

void adx__sem_ordinal_free(adx_sem_ordinal_t *o)
{
    if (!o)
        return;
    ADX__FREE(o->th_var, o->th_k, o->th, o->th_se, o->numeric, o->isx, o->boot_th, o->th_boot,
              o);
}

#include "ordinal.h"

int adx__ord_is_numeric(const adx__est_t *e, size_t j)
{
    const adx_sem_ordinal_t *od = e->s->ordinal;
    return od && od->numeric && od->numeric[j];
}

int adx__ord_is_x(const adx__est_t *e, size_t j)
{
    const adx_sem_ordinal_t *od = e->s->ordinal;
    return od && od->isx && od->isx[j];
}

/* The residual variance of an ordered indicator (not free in the delta parameterization;
 * a continuous indicator's stays free, a covariate's is its sample variance). */
int adx__ord_is_resid(const adx__est_t *e, size_t r)
{
    return e->kind[r] == ADX__PK_S && e->ri[r] == e->rj[r] && e->ri[r] < e->p &&
           !adx__ord_is_numeric(e, e->ri[r]) && !adx__ord_is_x(e, e->ri[r]);
}

/* A (co)variance row of the covariates (fixed.x: the sample values, outside the model of
 * the variables conditioned on them). */
static int is_x_row(const adx__est_t *e, size_t r)
{
    return e->kind[r] == ADX__PK_S && ((e->ri[r] < e->p && adx__ord_is_x(e, e->ri[r])) ||
                                       (e->rj[r] < e->p && adx__ord_is_x(e, e->rj[r])));
}

/* C0 = B S0 B' through e->tmp = B S0. */
static void ord_c0(adx__ord_t *o)
{
    size_t t = o->t;
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++) {
            double x = 0;
            for (size_t k = 0; k < t; k++)
                x += o->B[i + k * t] * o->S0[k + j * t];
            o->e->tmp[i + j * t] = x;
        }
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++) {
            double x = 0;
            for (size_t k = 0; k < t; k++)
                x += o->e->tmp[i + k * t] * o->B[j + k * t];
            o->C0[i + j * t] = x;
        }
}

/* The residual variance of the ordered variable v, lavaan 0.6.14's setResidualElements
 * (delta): 1 minus its variance implied with every ordered residual variance 0 (so an
 * outcome of an ordered mediator has a variance above 1); without latent variables
 * (lavaan's all-phantom path model) with those residual variances 1 instead, minus 1. */
static double ord_rho(const adx__ord_t *o, size_t v)
{
    size_t t = o->t;
    double x = 1 - o->C0[v + v * t];
    for (size_t k = 0; k < o->nrv && o->path; k++)
        x -= o->B[v + o->rv[k] * t] * o->B[v + o->rv[k] * t];
    return o->path ? x + 1 : x;
}

/* C1 = C0 + sum_v rho_v B_v B_v' over the ordered endogenous variables v of rv. */
static void ord_c1(adx__ord_t *o)
{
    size_t t = o->t;
    memcpy(o->C1, o->C0, t * t * sizeof(double));
    for (size_t k = 0; k < o->nrv; k++) {
        size_t v = o->rv[k];
        double rho = ord_rho(o, v);
        for (size_t j = 0; j < t; j++)
            for (size_t i = 0; i < t; i++)
                o->C1[i + j * t] += rho * o->B[i + v * t] * o->B[j + v * t];
    }
}

/* A, S0, B = (I - A)^-1, C0 = B S0 B', C1 and the implied statistics at th. */
int adx__ord_fill(adx__ord_t *o, const double *th)
{
    const adx__est_t *e = o->e;
    const adx_sem_t *s = e->s;
    size_t t = o->t;
    memset(o->A, 0, t * t * sizeof(double));
    memset(o->S0, 0, t * t * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_S)
            continue;
        const adx_sem_param_t *pr = &s->params[r];
        double v = pr->free ? pr->scale * th[pr->free - 1] + pr->offset : e->fixedval[r];
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == ADX__PK_A)
            o->A[i + j * t] = v;
        else if (!adx__ord_is_resid(e, r) && !is_x_row(e, r))
            o->S0[i + j * t] = o->S0[j + i * t] = v;
    }
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++)
            o->B[i + j * t] = (i == j) - o->A[i + j * t];
    if (adx__inverse(o->B, t))
        return -1;
    ord_c0(o);
    ord_c1(o);
    for (size_t c = 0; c < o->nx; c++)
        for (size_t j = 0; j < o->k; j++)
            o->sig[j + c * o->k] = o->B[o->yi[j] + o->xi[c] * t];
    for (size_t m = o->nsl; m < o->np; m++)
        o->sig[m] = o->C1[o->yi[o->sa[m - o->nsl]] + o->yi[o->sb[m - o->nsl]] * t];
    return 0;
}

static int ord_eval(void *ud, const double *th, double *F)
{
    adx__ord_t *o = ud;
    if (adx__ord_fill(o, th))
        return -1;
    double f = 0;
    for (size_t k = 0; k < o->np; k++)
        f += o->w[k] * (o->r[k] - o->sig[k]) * (o->r[k] - o->sig[k]);
    *F = f;
    return 0;
}

/* 1 - the common part of each latent response at th (the delta residual variances). */
static int ord_resid(void *ud, const double *th, double *res)
{
    adx__ord_t *o = ud;
    if (adx__ord_fill(o, th))
        return -1;
    for (size_t j = 0; j < o->p; j++) /* continuous variables are not rescaled */
        res[j] = adx__ord_is_numeric(o->e, j) || adx__ord_is_x(o->e, j)
                     ? 1
                     : 1 - o->C0[j + j * o->t];
    return 0;
}

/* d rho_v / d theta_r of each v of rv (drho, nrv) for the free row r. */
static void delta_rho(const adx__ord_t *o, size_t r, double *drho)
{
    const adx__est_t *e = o->e;
    size_t t = o->t, i = e->ri[r], j = e->rj[r];
    const double *B = o->B;
    for (size_t k = 0; k < o->nrv; k++) {
        size_t v = o->rv[k];
        double x = o->C0[j + v * t]; /* dB = B dA B: d B_vu = B_vi B_ju */
        for (size_t l = 0; l < o->nrv && o->path; l++)
            x += B[v + o->rv[l] * t] * B[j + o->rv[l] * t];
        if (e->kind[r] == ADX__PK_A)
            drho[k] = -2 * B[v + i * t] * x;
        else
            drho[k] = -(i == j ? 1 : 2) * B[v + i * t] * B[v + j * t];
    }
}

/* Column col of D for the free row r (a path or a (co)variance; sc its scale, value =
 * sc * theta + offset under a constraint line); with full, through the residual variances
 * of the ordered predictors too (the gradient; lavaan's Delta, of the SEs and tests,
 * holds them fixed). */
static void delta_row(adx__ord_t *o, size_t r, double sc, int full, double *col)
{
    const adx__est_t *e = o->e;
    size_t t = o->t, i = e->ri[r], j = e->rj[r];
    const double *B = o->B, *C = o->C1;
    double *drho = o->drho;
    if (e->kind[r] == ADX__PK_A) /* the slopes B[y, x]: dB = B dA B */
        for (size_t c = 0; c < o->nx; c++)
            for (size_t y = 0; y < o->k; y++)
                col[y + c * o->k] += sc * B[o->yi[y] + i * t] * B[j + o->xi[c] * t];
    if (is_x_row(e, r))
        return;
    delta_rho(o, r, drho);
    for (size_t m = o->nsl; m < o->np; m++) {
        size_t a = o->yi[o->sa[m - o->nsl]], b = o->yi[o->sb[m - o->nsl]];
        double d;
        if (e->kind[r] == ADX__PK_A)
            d = B[a + i * t] * C[j + b * t] + C[a + j * t] * B[b + i * t];
        else if (i == j)
            d = B[a + i * t] * B[b + i * t];
        else
            d = B[a + i * t] * B[b + j * t] + B[a + j * t] * B[b + i * t];
        for (size_t k = 0; k < o->nrv && full; k++)
            d += drho[k] * B[a + o->rv[k] * t] * B[b + o->rv[k] * t];
        col[m] += sc * d;
    }
}

/* D = d sigma / d theta at the last fill (np x q). */
static void ord_delta(adx__ord_t *o, int full)
{
    const adx__est_t *e = o->e;
    const adx_sem_t *s = e->s;
    memset(o->D, 0, o->np * o->q * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].free && (e->kind[r] == ADX__PK_A || e->kind[r] == ADX__PK_S))
            delta_row(o, r, s->params[r].scale, full,
                      o->D + (size_t)(s->params[r].free - 1) * o->np);
}

void adx__ord_delta(adx__ord_t *o) { ord_delta(o, 0); }

static void ord_derivs(void *ud, const double **g, const double **H)
{
    adx__ord_t *o = ud;
    size_t q = o->q, np = o->np;
    ord_delta(o, 1);
    for (size_t k = 0; k < q; k++) {
        double x = 0;
        for (size_t a = 0; a < np; a++)
            x += o->D[a + k * np] * o->w[a] * (o->r[a] - o->sig[a]);
        o->g[k] = -2 * x;
        for (size_t l = 0; l <= k; l++) {
            double h = 0;
            for (size_t a = 0; a < np; a++)
                h += o->D[a + k * np] * o->w[a] * o->D[a + l * np];
            o->H[k + l * q] = o->H[l + k * q] = 2 * h;
        }
    }
    *g = o->g;
    *H = o->H;
}

void adx__ord_free(adx__ord_t *o)
{
    ADX__FREE(o->A, o->S0, o->B, o->C0, o->sig, o->D, o->g, o->H, o->sa, o->sb, o->yi, o->xi);
    ADX__FREE(o->C1, o->rv, o->drho);
}

/* yi, xi, sa, sb: the layout of the statistics; 0 or -1 (memory). */
static int ord_layout(adx__ord_t *o, const adx__est_t *e)
{
    size_t p = e->p, nc;
    o->yi = malloc((p + 1) * sizeof *o->yi);
    o->xi = malloc((p + 1) * sizeof *o->xi);
    if (!o->yi || !o->xi)
        return -1;
    o->k = o->nx = o->nvar = 0;
    for (size_t v = 0; v < p; v++)
        if (adx__ord_is_x(e, v))
            o->xi[o->nx++] = v;
        else
            o->yi[o->k++] = v;
    for (size_t j = 0; j < o->k; j++)
        o->nvar += adx__ord_is_numeric(e, o->yi[j]);
    o->nsl = o->k * o->nx;
    nc = o->nvar + o->k * (o->k - 1) / 2;
    o->np = o->nsl + nc;
    o->sa = malloc((nc + 1) * sizeof *o->sa);
    o->sb = malloc((nc + 1) * sizeof *o->sb);
    o->rv = malloc((p + 1) * sizeof *o->rv);
    if (!o->sa || !o->sb || !o->rv)
        return -1;
    int pred = 0; /* rv: the ordered endogenous variables when one of them predicts */
    o->nrv = 0;
    for (size_t r = 0; r < e->s->nparams; r++)
        if (adx__ord_is_resid(e, r)) {
            o->rv[o->nrv++] = e->ri[r];
            for (size_t a = 0; a < e->s->nparams; a++)
                pred |= e->kind[a] == ADX__PK_A && e->rj[a] == e->ri[r];
        }
    o->nrv = pred ? o->nrv : 0;
    o->path = pred && e->s->m == 0;
    size_t m = 0;
    for (size_t j = 0; j < o->k; j++)
        if (adx__ord_is_numeric(e, o->yi[j]))
            o->sa[m] = o->sb[m] = j, m++;
    for (size_t j = 0; j < o->k; j++)
        for (size_t i = j + 1; i < o->k; i++, m++)
            o->sa[m] = i, o->sb[m] = j;
    return 0;
}

int adx__ord_alloc(adx__ord_t *o, adx__est_t *e, size_t q)
{
    size_t t = e->t;
    o->e = e;
    o->p = e->p;
    o->t = t;
    o->q = q;
    if (ord_layout(o, e))
        return -1;
    o->A = malloc(t * t * sizeof(double));
    o->S0 = malloc(t * t * sizeof(double));
    o->B = malloc(t * t * sizeof(double));
    o->C0 = malloc(t * t * sizeof(double));
    o->C1 = malloc(t * t * sizeof(double));
    o->drho = malloc((o->nrv + 1) * sizeof(double));
    o->sig = malloc((o->np + 1) * sizeof(double));
    o->D = malloc((o->np * q + 1) * sizeof(double));
    o->g = malloc((q + 1) * sizeof(double));
    o->H = malloc((q * q + 1) * sizeof(double));
    return o->A && o->S0 && o->B && o->C0 && o->C1 && o->drho && o->sig && o->D && o->g && o->H
               ? 0
               : -1;
}

int adx_sem_is_covariate(const adx_sem_t *s, size_t v) { return adx__sem_is_ov_x(s, v); }

/* ---- model checks and the parameter table ---------------------------------- */

/* The indicators' residual variances become fixed (set after the fit to 1 minus the
 * common part); the other free parameters are numbered again. */
static adx_error_t fix_residuals(adx_sem_t *s, const adx__est_t *e, adx_errctx_t *ctx)
{
    size_t q = s->npar;
    int *keep = calloc(q + 1, sizeof *keep), *renum = calloc(q + 1, sizeof *renum);
    if (!keep || !renum) {
        ADX__FREE(keep, renum);
        return adx_oom(ctx);
    }
    for (size_t r = 0; r < s->nparams; r++) {
        if (adx__ord_is_resid(e, r))
            s->params[r].free = 0;
        keep[s->params[r].free] = 1;
    }
    int dep = s->gcon ? adx__gcon_drop(s->gcon, keep + 1) : 0;
    if (dep) {
        ADX__FREE(keep, renum);
        return dep > 0 ? adx_err(ctx, ADX_EUNSUPPORTED,
                                 "%s: a constraint line involves the residual variance of an "
                                 "ordered indicator, which is not a free parameter (1 minus "
                                 "its common part); constrain other parameters",
                                 s->source)
                       : adx_err(ctx, ADX_EUSAGE,
                                 "%s: the constraint lines are not defined at positive "
                                 "parameter values (or memory ran out)",
                                 s->source);
    }
    int next = 0;
    for (size_t k = 1; k <= q; k++)
        renum[k] = keep[k] ? ++next : 0;
    for (size_t r = 0; r < s->nparams; r++)
        s->params[r].free = renum[s->params[r].free];
    s->npar = (size_t)next;
    ADX__FREE(keep, renum);
    return ADX_OK;
}

/* ---- robust covariance and tests ------------------------------------------- */

typedef struct {
    size_t ns, Q, nth;   /* statistics, parameters (thresholds + theta) */
    double *W;           /* ns diagonal weights */
    double *M;           /* ns x Q: W D */
    double *Ei;          /* Q x Q: (D' W D)^-1 */
    double *V;           /* Q x Q robust covariance */
    double *UG;          /* ns x ns */
} robust_t;

static void robust_free(robust_t *R) { ADX__FREE(R->W, R->M, R->Ei, R->V, R->UG); }

/* C = A' B for A (n x a), B (n x b), all column-major (BLAS). */
static void crossprod(const double *A, const double *B, size_t n, size_t a, size_t b, double *C)
{
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)a, (int)b, (int)n, 1.0, A, (int)n,
                B, (int)n, 0.0, C, (int)a);
}

/* 1 when the fit has constraints that the covariance projects on (general ones, or a
 * parameter held at its bound). */
static int constrained(const adx_sem_t *s) { return s->gcon || s->nactive; }

/* Et^-1 (q x q) under the constraints of s at th: N (N' Et N)^-1 N' with N the null space
 * of the general constraints' equalities and active inequalities (gcon.c), or of the
 * parameters held at a bound (their rows and columns 0: lavaan's con.jac with the active
 * rows). 0, 1 when singular, -1 when memory runs out. */
static int theta_inverse(const adx_sem_t *s, const double *Et, const double *th, size_t q,
                         double *Vt)
{
    if (s->gcon)
        return adx__gcon_proj_inverse(s->gcon, Et, th, q, Vt);
    size_t *ix = malloc((q + 1) * sizeof *ix), r = 0;
    int *act = calloc(q + 1, sizeof *act), rc = -1;
    double *Es = malloc((q * q + 1) * sizeof *Es);
    if (!ix || !act || !Es)
        goto cleanup;
    for (size_t k = 0; k < s->nparams; k++)
        if (s->params[k].free && s->params[k].at_bound)
            act[s->params[k].free - 1] = 1;
    for (size_t k = 0; k < q; k++)
        if (!act[k])
            ix[r++] = k;
    for (size_t j = 0; j < r; j++)
        for (size_t i = 0; i < r; i++)
            Es[i + j * r] = Et[ix[i] + ix[j] * q];
    rc = r && adx__spd_inverse(Es, r, NULL) ? 1 : 0;
    memset(Vt, 0, q * q * sizeof *Vt);
    for (size_t j = 0; !rc && j < r; j++)
        for (size_t i = 0; i < r; i++)
            Vt[ix[i] + ix[j] * q] = Es[i + j * r];
cleanup:
    ADX__FREE(ix, act, Es);
    return rc;
}

/* E^-1 in R->Ei from E (there) under the constraints: E is block diagonal (the
 * thresholds' block W), so its theta block alone is projected. */
static adx_error_t constrained_inverse(robust_t *R, const adx_sem_t *s, const double *th)
{
    size_t Q = R->Q, nth = R->nth, q = Q - nth;
    double *Et = malloc((q * q + 1) * sizeof *Et), *Vt = malloc((q * q + 1) * sizeof *Vt);
    int rc = Et && Vt ? 0 : -1;
    for (size_t j = 0; !rc && j < q; j++)
        for (size_t i = 0; i < q; i++)
            Et[i + j * q] = R->Ei[nth + i + (nth + j) * Q];
    if (!rc)
        rc = theta_inverse(s, Et, th, q, Vt);
    for (size_t j = 0; !rc && j < Q; j++)
        for (size_t i = 0; i < Q; i++)
            R->Ei[i + j * Q] = i >= nth && j >= nth ? Vt[i - nth + (j - nth) * q]
                               : i == j             ? 1 / R->Ei[i + j * Q]
                                                    : 0;
    ADX__FREE(Et, Vt);
    return rc < 0 ? ADX_ENOMEM : rc ? ADX_ESINGULAR : ADX_OK;
}

/* W D, E^-1, V = E^-1 (M' Gamma M) E^-1 / N and U Gamma; E^-1 under the constraints of s
 * at th projected on their null space. */
static adx_error_t robust_parts(robust_t *R, const adx__ord_t *o, const adx_polychoric_t *P,
                                const adx_sem_t *s, const double *th)
{
    size_t ns = R->ns, Q = R->Q, nth = R->nth, np = o->np;
    const double *G = P->gamma;
    double *GM = malloc(ns * Q * sizeof *GM), *J = malloc(Q * Q * sizeof *J);
    double *EJ = malloc(Q * Q * sizeof *EJ), *MEi = malloc(ns * Q * sizeof *MEi);
    double *U = malloc(ns * ns * sizeof *U);
    adx_error_t rc = GM && J && EJ && MEi && U ? ADX_OK : ADX_ENOMEM;
    if (rc)
        goto cleanup;
    memset(R->M, 0, ns * Q * sizeof(double));
    for (size_t k = 0; k < nth; k++)
        R->M[k + k * ns] = R->W[k];
    for (size_t k = 0; k < o->q; k++)
        for (size_t a = 0; a < np; a++)
            R->M[nth + a + (nth + k) * ns] = R->W[nth + a] * o->D[a + k * np];
    /* E = D' W D = M' W^-1 M */
    for (size_t j = 0; j < Q; j++)
        for (size_t i = 0; i < Q; i++) {
            double x = 0;
            for (size_t a = 0; a < ns; a++)
                x += R->M[a + i * ns] * R->M[a + j * ns] / R->W[a];
            R->Ei[i + j * Q] = x;
        }
    if ((rc = constrained(s) ? constrained_inverse(R, s, th) : adx__spd_inverse(R->Ei, Q, NULL)))
        goto cleanup;
    crossprod(G, R->M, ns, ns, Q, GM); /* Gamma M (Gamma symmetric) */
    crossprod(R->M, GM, ns, Q, Q, J);
    crossprod(J, R->Ei, Q, Q, Q, EJ);    /* J E^-1 */
    crossprod(EJ, R->Ei, Q, Q, Q, R->V); /* (J E^-1)' E^-1 = E^-1 J E^-1 */
    for (size_t i = 0; i < Q * Q; i++)
        R->V[i] /= (double)P->n;
    for (size_t j = 0; j < Q; j++) /* M E^-1 */
        for (size_t i = 0; i < ns; i++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += R->M[i + k * ns] * R->Ei[k + j * Q];
            MEi[i + j * ns] = x;
        }
    for (size_t j = 0; j < ns; j++)
        for (size_t i = 0; i < ns; i++) {
            double x = (i == j) ? R->W[i] : 0;
            for (size_t k = 0; k < Q; k++)
                x -= MEi[i + k * ns] * R->M[j + k * ns];
            U[i + j * ns] = x;
        }
    crossprod(U, G, ns, ns, ns, R->UG); /* U symmetric */
cleanup:
    ADX__FREE(GM, J, EJ, MEi, U);
    return rc;
}

/* Scaled-shifted statistic of T with df from U Gamma (ns x ns, or only its trace parts). */
static void scaled_shifted(double T, double df, double tr, double tr2, double *Ts, double *scale,
                           double *shift)
{
    double a = sqrt(df / tr2);
    *scale = 1 / a;
    *shift = df - a * tr;
    *Ts = a * T + *shift;
}

static double trace2(const double *UG, size_t ns, double *tr)
{
    double t1 = 0, t2 = 0;
    for (size_t i = 0; i < ns; i++) {
        t1 += UG[i + i * ns];
        for (size_t j = 0; j < ns; j++)
            t2 += UG[i + j * ns] * UG[j + i * ns];
    }
    *tr = t1;
    return t2;
}

/* Savalei's (2021) robust indices from the ML statistic of the polychoric matrix R at
 * the implied correlations (C0 off the diagonal, 1 on it). */
static adx_error_t robust_catml(adx_sem_t *s, const adx__ord_t *o, const robust_t *R,
                                const adx_polychoric_t *P, double df)
{
    size_t p = o->p, np = o->np, t = o->t, nth = R->nth, ns = R->ns, Q = R->Q, q = o->q;
    adx_sem_ordinal_t *od = s->ordinal;
    double N = (double)P->n;
    double *Si = malloc(p * p * sizeof *Si), *Rm = malloc(p * p * sizeof *Rm);
    double *U = malloc(np * np * sizeof *U), *VU = malloc(np * np * sizeof *VU);
    double *T1 = malloc(np * np * sizeof *T1);
    adx_error_t rc = Si && Rm && U && VU && T1 ? ADX_OK : ADX_ENOMEM;
    double ldS = 0, ldR = 0;
    od->cfi_robust = od->tli_robust = od->rmsea_robust = od->chisq_ml = od->c_hat = NAN;
    if (rc || od->nnum) /* continuous indicators: NA, as lavaan 0.6.14 (lav_fit_catml_dwls) */
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            Si[i + j * p] = i == j && !o->nrv ? 1 : o->C1[i + j * t];
            Rm[i + j * p] = P->r[i + j * p];
        }
    if (adx__spd_inverse(Si, p, &ldS) || adx__spd_logdet(Rm, p, &ldR))
        goto cleanup; /* not positive definite: the robust indices stay NaN, as lavaan's NA */
    double tr = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            tr += Rm[i + j * p] * Si[j + i * p];
    od->chisq_ml = N * (ldS - ldR + tr - (double)p);
    od->baseline_chisq_ml = -N * ldR;
    /* U = I - D E^-1 D' W over the correlations (E^-1's theta block) */
    for (size_t b = 0; b < np; b++)
        for (size_t a = 0; a < np; a++) {
            double x = 0;
            for (size_t k = 0; k < q; k++)
                for (size_t l = 0; l < q; l++)
                    x += o->D[a + k * np] * R->Ei[nth + k + (nth + l) * Q] * o->D[b + l * np];
            U[a + b * np] = (a == b) - x * R->W[nth + b];
        }
    /* V U with V[(a,b),(c,d)] = Si_ac Si_bd + Si_ad Si_bc */
    for (size_t j = 0, k = 0; j < p; j++)
        for (size_t i = j + 1; i < p; i++, k++)
            for (size_t cc = 0; cc < np; cc++) {
                double x = 0;
                for (size_t d = 0, l = 0; d < p; d++)
                    for (size_t c = d + 1; c < p; c++, l++)
                        x += (Si[i + c * p] * Si[j + d * p] + Si[i + d * p] * Si[j + c * p]) *
                             U[l + cc * np];
                VU[k + cc * np] = x;
            }
    crossprod(U, VU, np, np, np, T1); /* U' V U */
    double ks = 0, kb = 0;
    for (size_t a = 0; a < np; a++) {
        kb += P->gamma[nth + a + (nth + a) * ns];
        for (size_t b = 0; b < np; b++)
            ks += T1[a + b * np] * P->gamma[nth + b + (nth + a) * ns];
    }
    double nc = (N - 1) / N; /* lavaan's Gamma here lacks the fit's N / (N - 1) */
    od->c_hat = nc * ks / df;
    od->baseline_c_hat = nc * kb / (double)np;
    double X = od->chisq_ml, Xb = od->baseline_chisq_ml, c = od->c_hat, cb = od->baseline_c_hat,
           dfb = (double)np;
    double t1 = fmax(X - c * df, 0), t2 = fmax(fmax(X - c * df, Xb - cb * dfb), 0);
    od->cfi_robust = t2 > 0 ? 1 - t1 / t2 : 1;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    od->tli_robust = df > 0 && fabs(u2) > 0 ? 1 - u1 / u2 : 1;
    od->rmsea_robust = df > 0 ? sqrt(fmax(X / ((N - 1) * df) - c / (N - 1), 0)) : 0;
cleanup:
    ADX__FREE(Si, Rm, U, VU, T1);
    return rc;
}

/* Test statistics and fit indices (s->fit, s->ordinal) at the minimum F. */
static adx_error_t fit_measures(adx_sem_t *s, const adx__ord_t *o, const robust_t *R,
                                const adx_polychoric_t *P, double F)
{
    adx_sem_fit_t *f = &s->fit;
    adx_sem_ordinal_t *od = s->ordinal;
    size_t np = o->np, nth = R->nth, ns = R->ns;
    double neq = (double)adx__sem_gcon_neq(s, s->theta);
    double N = (double)P->n, df = (double)np - ((double)o->q - neq), tr = 0, tr2;
    tr2 = trace2(R->UG, ns, &tr);
    double gc = od->uls ? (N - 1) / N : 1; /* ULS: lavaan's test uses Gamma without N/(N-1) */
    tr *= gc;
    tr2 *= gc * gc;
    od->tr_ug = tr;
    od->tr_ug2 = tr2;
    f->npar = (double)R->Q - neq;
    double NT = od->uls ? N - 1 : N; /* lavaan: ULS with N - 1 (DWLS: N with N/(N-1) in W) */
    f->chisq = NT * F;
    f->fmin = f->chisq / (2 * N); /* lavaan's fmin: chisq / (2 N) */
    f->df = df;
    f->pvalue = df > 0 ? gsl_cdf_chisq_Q(f->chisq, df) : NAN;
    f->chisq_scaled = f->chisq_scaling_factor = f->pvalue_scaled = od->shift = NAN;
    if (df > 0) {
        scaled_shifted(f->chisq, df, tr, tr2, &f->chisq_scaled, &f->chisq_scaling_factor,
                       &od->shift);
        f->pvalue_scaled = gsl_cdf_chisq_Q(f->chisq_scaled, df);
    }
    /* baseline: covariances 0, thresholds, intercepts, slopes and variances free; U Gamma
     * = W Gamma over the covariances (after the nsl slopes and nv variances) */
    size_t nv = o->nvar, c0 = o->nsl + nv;
    double Xb = 0, trb = 0, trb2 = 0, dfb = (double)(np - c0);
    for (size_t a = c0; a < np; a++) {
        Xb += R->W[nth + a] * o->r[a] * o->r[a];
        trb += R->W[nth + a] * P->gamma[nth + a + (nth + a) * ns];
        for (size_t b = c0; b < np; b++)
            trb2 += R->W[nth + a] * P->gamma[nth + a + (nth + b) * ns] * R->W[nth + b] *
                    P->gamma[nth + b + (nth + a) * ns];
    }
    f->baseline_chisq = NT * Xb;
    f->baseline_df = dfb;
    f->baseline_pvalue = gsl_cdf_chisq_Q(f->baseline_chisq, dfb);
    scaled_shifted(f->baseline_chisq, dfb, trb * gc, trb2 * gc * gc, &f->baseline_chisq_scaled,
                   &f->baseline_chisq_scaling_factor, &od->baseline_shift);
    adx__sem_incremental(f->chisq, df, f->baseline_chisq, dfb, &f->cfi, &f->tli, &f->nfi,
                         &f->rfi, &f->ifi);
    adx__sem_incremental(f->chisq_scaled, df, f->baseline_chisq_scaled, dfb, &f->cfi_scaled,
                         &f->tli_scaled, NULL, NULL, NULL);
    adx_sem_fit_t tmp = *f;
    tmp.chisq = f->chisq_scaled;
    adx__sem_rmsea(&tmp, N - 1);
    f->rmsea_scaled = tmp.rmsea;
    adx__sem_rmsea(f, N - 1);
    double ss = 0; /* SRMR: Bentler's residuals (s_ij - sigma_ij) / (s_i s_j) of the
                    * covariances (lavaan 0.6.14 leaves the variances out) over k(k+1)/2
                    * (+ nx, as lavaan 0.6.14 counts with covariates) moments */
    for (size_t a = c0; a < np; a++) {
        size_t i = o->sa[a - o->nsl], j = o->sb[a - o->nsl];
        double d = (o->r[a] - o->sig[a]) / (nv ? P->sd[i] * P->sd[j] : 1); /* 1: ordered */
        ss += d * d;
    }
    f->srmr = sqrt(ss / (double)(o->k * (o->k + 1) / 2 + o->nx));
    f->gfi = f->agfi = f->loglik = f->unrestricted_loglik = f->aic = f->bic = f->bic2 = NAN;
    f->bollen_stine_pvalue = f->bollen_stine_used = NAN;
    if (o->nx) { /* lavaan 0.6.14 reports no robust indices with conditional.x (NA) */
        od->cfi_robust = od->tli_robust = od->rmsea_robust = od->chisq_ml = od->c_hat = NAN;
        od->baseline_chisq_ml = od->baseline_c_hat = NAN;
        return ADX_OK;
    }
    return robust_catml(s, o, R, P, df);
}

/* s->ordinal with the thresholds of P and their SEs from the robust covariance. */
static adx_error_t store_thresholds(adx_sem_t *s, const adx__ord_t *o,
                                    const adx_polychoric_t *P, const robust_t *R)
{
    adx_sem_ordinal_t *od = s->ordinal;
    size_t nth = R->nth;
    od->nth = nth;
    od->ncov = o->nx;
    od->zero_cells = P->zero_cells;
    od->th_var = malloc((nth + 1) * sizeof *od->th_var);
    od->th_k = malloc((nth + 1) * sizeof *od->th_k);
    od->th = malloc((nth + 1) * sizeof *od->th);
    od->th_se = malloc((nth + 1) * sizeof *od->th_se);
    if (!od->th_var || !od->th_k || !od->th || !od->th_se)
        return ADX_ENOMEM;
    for (size_t j = 0; j < P->k; j++)
        for (size_t k = P->th_off[j]; k < P->th_off[j + 1]; k++) {
            od->th_var[k] = s->names[o->yi[j]];
            od->th_k[k] = P->ncat[j] ? (int)(k - P->th_off[j] + 1) : 0; /* 0: a mean */
            od->th[k] = P->th[k];
            od->th_se[k] = sqrt(R->V[k + k * R->Q]);
        }
    return ADX_OK;
}

/* The theta parameterization: th, V and the thresholds rescaled, e evaluated at the new
 * th with the residual variances of the latent responses 1. */
static adx_error_t to_theta(adx_sem_t *s, adx__ord_t *o, const adx_polychoric_t *P, double *th,
                            const double *Vfull, double *V, adx_errctx_t *ctx)
{
    adx__est_t *e = o->e;
    adx_sem_ordinal_t *od = s->ordinal;
    size_t *var_of = malloc((od->nth + 1) * sizeof *var_of);
    if (!var_of)
        return adx_oom(ctx);
    for (size_t j = 0; j < P->k; j++)
        for (size_t k = P->th_off[j]; k < P->th_off[j + 1]; k++)
            var_of[k] = o->yi[j];
    adx__ord_theta_t T = {s, e, ord_resid, o, od->nth, var_of, od->th, od->th_se};
    adx_error_t rc = adx__ordinal_theta(&T, th, Vfull, V, ctx);
    free(var_of);
    if (rc)
        return rc;
    double F = 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (adx__ord_is_resid(e, r))
            e->fixedval[r] = 1;
    memcpy(s->theta, th, s->npar * sizeof *th);
    if (adx__est_eval(e, th, &F))
        return adx_err(ctx, ADX_ESINGULAR, "%s: the implied covariance matrix of the latent "
                                           "responses (theta) is not positive definite",
                       s->source);
    return ADX_OK;
}

/* Robust covariance, tests and the parameter table at the estimates th. */
static adx_error_t after_fit(adx_sem_t *s, adx__ord_t *o, const adx_polychoric_t *P, double *th,
                             double F, adx_errctx_t *ctx)
{
    adx__est_t *e = o->e;
    size_t nth = P->th_off[P->k], np = o->np, q = o->q;
    robust_t R = {nth + np, nth + q, nth, NULL, NULL, NULL, NULL, NULL};
    double *V = malloc((q * q + 1) * sizeof *V), Fml = 0;
    R.W = malloc(R.ns * sizeof *R.W);
    R.M = malloc(R.ns * R.Q * sizeof *R.M);
    R.Ei = malloc(R.Q * R.Q * sizeof *R.Ei);
    R.V = malloc(R.Q * R.Q * sizeof *R.V);
    R.UG = malloc(R.ns * R.ns * sizeof *R.UG);
    adx_error_t rc = V && R.W && R.M && R.Ei && R.V && R.UG ? ADX_OK : ADX_ENOMEM;
    if (rc)
        goto cleanup;
    for (size_t a = 0; a < R.ns; a++)
        R.W[a] = s->ordinal->uls ? 1 : 1 / P->gamma[a + a * R.ns];
    adx__ord_fill(o, th);
    adx__ord_delta(o);
    int vc_ok = robust_parts(&R, o, P, s, th) == ADX_OK;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            V[k + l * q] = vc_ok ? R.V[nth + k + (nth + l) * R.Q] : NAN;
    for (size_t r = 0; r < s->nparams; r++) /* theta_ii = 1 - the common part */
        if (adx__ord_is_resid(e, r))
            e->fixedval[r] = ord_rho(o, e->ri[r]);
    if (adx__est_eval(e, th, &Fml)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the implied correlation matrix of the latent responses is not "
                     "positive definite (a residual variance 1 - R2 below 0: Heywood case)",
                     s->source);
        goto cleanup;
    }
    if ((rc = store_thresholds(s, o, P, &R)) ||
        (vc_ok && (rc = adx__ord_structural(s, o, th, R.V, R.Q))) ||
        (vc_ok && (rc = fit_measures(s, o, &R, P, F))) ||
        (s->opt.ordinal_theta && (rc = to_theta(s, o, P, th, vc_ok ? R.V : NULL, V, ctx))) ||
        (rc = adx__sem_finish(s, e, th, V, vc_ok, ctx)))
        goto cleanup;
    if (!vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the information matrix is singular: the model is not identified",
                     s->source);
cleanup:
    if (rc == ADX_ENOMEM)
        adx_oom(ctx);
    free(V);
    robust_free(&R);
    return rc;
}

/* The optimizer of the DWLS objective, within the bounds of simple inequality
 * constraints when there are any. */
static int ord_optimize(const adx_sem_t *s, const adx__objective_t *obj, double *th, int *it,
                        double *F)
{
    if (s->gcon)
        return adx__sem_gcon_optimize(obj, s, th, it, F);
    if (!s->nbounds)
        return adx__sem_optimize(obj, &s->opt, 0, th, it, F);
    size_t q = s->npar ? s->npar : 1;
    double *lo = malloc(2 * q * sizeof *lo);
    if (!lo)
        return ADX__OPT_NOMEM;
    adx__sem_theta_bounds(s, lo, lo + q);
    int rc = adx__sem_optimize_bounded(obj, lo, lo + q, &s->opt, th, it, F);
    free(lo);
    return rc;
}

/* Under simple inequality constraints: the parameters held at a bound at th (at_bound,
 * s->nactive), which the covariance and the test then treat as fixed (lavaan's active
 * rows of con.jac). */
static void mark_active(adx_sem_t *s, adx__ord_t *o, const double *th)
{
    const double *g = NULL, *H = NULL;
    s->nactive = 0;
    if (!s->nbounds)
        return;
    ord_derivs(o, &g, &H);
    adx__sem_mark_bounds(s, th, g, NULL);
}

/* Start values, the optimizer, then after_fit. */
static adx_error_t estimate(adx_sem_t *s, adx__est_t *e, const adx_polychoric_t *P,
                            adx_errctx_t *ctx)
{
    adx__ord_t o = {0};
    size_t q = s->npar, np = P->nstat, nth = P->th_off[P->k];
    double *th = calloc(q + 1, sizeof *th), *r = malloc((np + 1) * sizeof *r);
    double *w = malloc((np + 1) * sizeof *w), F = 0;
    adx_error_t rc = ADX_OK;
    if (!th || !r || !w || adx__ord_alloc(&o, e, q) || adx__sem_start_values(s, e, th)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    adx__ord_stats(&o, P, r);
    for (size_t k = 0; k < o.np; k++)
        w[k] = s->ordinal->uls ? 1 : 1 / P->gamma[nth + k + (nth + k) * P->nstat];
    o.r = r;
    o.w = w;
    adx__objective_t obj = {q, ord_eval, ord_derivs, &o};
    int it = 0, conv = ord_optimize(s, &obj, th, &it, &F);
    if (conv == ADX__OPT_NOMEM) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (conv == ADX__OPT_BADSTART || ord_eval(&o, th, &F)) {
        rc = adx_err(ctx, ADX_ECONVERGE, "%s: the WLSMV estimation failed (singular paths)",
                     s->source);
        goto cleanup;
    }
    s->converged = conv > 0;
    s->iterations = it;
    free(s->theta);
    if (!(s->theta = malloc((q + 1) * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    memcpy(s->theta, th, q * sizeof(double));
    mark_active(s, &o, th);
    rc = after_fit(s, &o, P, th, F, ctx);
cleanup:
    adx__ord_free(&o);
    ADX__FREE(th, r, w);
    return rc;
}

/* The statistics of the fit into P, the moments of the model into s and e (initialised;
 * e keeps *S, which the caller frees after it), and the identification check. */
static adx_error_t fit_data(adx_sem_t *s, adx__est_t *e, const double *X, size_t n, size_t ld,
                            adx_polychoric_t **P, double **Sout, adx_errctx_t *ctx)
{
    adx__ord_t lay = {0};
    double *S = NULL;
    adx_error_t rc = adx__ord_alloc(&lay, e, 0) ? adx_oom(ctx) : ADX_OK;
    if (rc || (rc = adx__ord_sample_stats(s, &lay, X, n, ld, P, ctx)))
        goto cleanup;
    if (!(S = *Sout = adx__ord_sample_matrix(&lay, *P, X, n, ld))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < (*P)->nstat * (*P)->nstat; i++) /* lavaan's NACOV: N / (N - 1) */
        (*P)->gamma[i] *= (double)n / (double)(n - 1);
    if ((rc = adx__sem_store_sample(s, S, n, ctx)))
        goto cleanup;
    if (adx__est_set_sample(e, S, NULL)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the polychoric correlation matrix of the %zu indicators is not "
                     "positive definite (n = %zu); drop redundant items",
                     s->source, lay.k, n);
        goto cleanup;
    }
    if ((double)s->npar > (double)lay.np)
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: %zu free parameters for %zu sample statistics (polychoric "
                     "correlations, slopes on covariates, variances of continuous "
                     "indicators): the model is not identified",
                     s->source, s->npar, lay.np);
cleanup:
    adx__ord_free(&lay);
    return rc;
}

adx_error_t adx__sem_fit_ordinal(adx_sem_t *s, const double *X, size_t n, size_t ld,
                                 adx_errctx_t *ctx)
{
    adx_polychoric_t *P = NULL;
    adx__est_t e;
    double *S = NULL;
    int have_e = 0;
    adx__sem_ordinal_free(s->ordinal);
    if (!(s->ordinal = calloc(1, sizeof *s->ordinal)))
        return adx_oom(ctx);
    s->ordinal->uls = s->opt.ordinal_uls;
    adx_error_t rc = adx__ord_flags(s, ctx);
    if (!rc && s->gcon && s->opt.ordinal_theta)
        rc = adx_err(ctx, ADX_EUNSUPPORTED,
                     "%s: constraint lines with --parameterization theta are not "
                     "implemented (the delta estimates are rescaled per indicator); use the "
                     "delta parameterization",
                     s->source);
    if (rc)
        goto cleanup;
    if (adx__est_init(&e, s)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    have_e = 1;
    if ((rc = fix_residuals(s, &e, ctx)))
        goto cleanup;
    adx__est_free(&e); /* again with the new numbering */
    have_e = !adx__est_init(&e, s);
    if (!have_e) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    e.q = s->npar;
    if ((rc = fit_data(s, &e, X, n, ld, &P, &S, ctx)))
        goto cleanup;
    if (!(rc = estimate(s, &e, P, ctx)))
        s->fitted = 1;
    else if (rc == ADX_ECONVERGE || rc == ADX_ESINGULAR)
        s->fitted = s->theta != NULL;
    if (!rc && !s->converged)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "%s: the WLSMV estimation did not converge in %d iterations",
                     s->source, s->iterations);
cleanup:
    if (have_e)
        adx__est_free(&e);
    adx_polychoric_free(P);
    free(S);
    return rc;
}

/* A replicate's thresholds (those of P) into tau (nth) and, under the theta
 * parameterization, th and tau rescaled as the fit's (to_theta). 0, or -1. */
static int refit_thresholds(const adx_sem_t *s, adx__ord_t *o, const adx_polychoric_t *P,
                            double *th, double *tau)
{
    size_t nth = P->th_off[P->k];
    if (nth != s->ordinal->nth)
        return -1;
    memcpy(tau, P->th, nth * sizeof *tau);
    if (!s->opt.ordinal_theta)
        return 0;
    size_t *var_of = malloc((nth + 1) * sizeof *var_of);
    if (!var_of)
        return -1;
    for (size_t j = 0; j < P->k; j++)
        for (size_t k = P->th_off[j]; k < P->th_off[j + 1]; k++)
            var_of[k] = o->yi[j];
    adx__ord_theta_t T = {s, o->e, ord_resid, o, nth, var_of, tau, NULL};
    adx_errctx_t ctx = {0};
    int rc = adx__ordinal_theta(&T, th, NULL, NULL, &ctx) ? -1 : 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (adx__ord_is_resid(o->e, r))
            o->e->fixedval[r] = 1;
    free(var_of);
    return rc;
}

int adx__sem_ordinal_refit(const adx_sem_t *s, adx__est_t *e, const double *X, size_t n,
                           double *th, double *row, double *tau)
{
    adx__ord_t o = {0};
    adx_polychoric_t *P = NULL;
    adx_errctx_t ctx = {0};
    size_t q = s->npar;
    double *r = NULL, *w = NULL, *S = NULL, F = 0;
    int rc = -1, it = 0;
    e->q = q;
    if (adx__ord_alloc(&o, e, q) || adx__ord_sample_stats(s, &o, X, n, n, &P, &ctx) ||
        !(S = adx__ord_sample_matrix(&o, P, X, n, n)) || adx__est_set_sample(e, S, NULL))
        goto cleanup;
    r = malloc((o.np + 1) * sizeof *r);
    w = malloc((o.np + 1) * sizeof *w);
    if (!r || !w)
        goto cleanup;
    size_t nth = P->th_off[P->k];
    adx__ord_stats(&o, P, r);
    for (size_t k = 0; k < o.np; k++) /* the weights of the fit: NACOV carries N / (N - 1) */
        w[k] = s->ordinal->uls
                   ? 1
                   : (double)(n - 1) / ((double)n * P->gamma[nth + k + (nth + k) * P->nstat]);
    o.r = r;
    o.w = w;
    memcpy(th, s->theta, q * sizeof(double));
    adx__objective_t obj = {q, ord_eval, ord_derivs, &o};
    if (ord_optimize(s, &obj, th, &it, &F) <= 0 || ord_eval(&o, th, &F) ||
        refit_thresholds(s, &o, P, th, tau))
        goto cleanup;
    adx__sem_values(s, e, th, row);
    rc = 0;
cleanup:
    adx__ord_free(&o);
    adx_polychoric_free(P);
    ADX__FREE(r, w, S);
    return rc;
}
