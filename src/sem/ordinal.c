/* Categorical CFA/SEM with ordered indicators: lavaan's WLSMV and ULSMV in the delta
 * parameterization (cfa(..., ordered = TRUE)); the theta parameterization changes the
 * implied statistics and their Jacobian only (ordinal_theta.c).
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
              o->stat, o->stat_w, o);
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
 * (delta): 1 (1 / d_v^2 with the scale factors d of a multi-group fit) minus its variance
 * implied with every ordered residual variance 0 (so an outcome of an ordered mediator has a
 * variance above 1); without latent variables and continuous variables on the left of '~'
 * (lavaan's all-phantom path model whose phantom residual variances are all zeroed) with
 * those residual variances 1 instead, minus 1. */
double adx__ord_rho(const adx__ord_t *o, size_t v)
{
    size_t t = o->t;
    double x = (o->gsd ? 1 / (o->gsd[v] * o->gsd[v]) : 1) - o->C0[v + v * t];
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
        double rho = adx__ord_rho(o, v);
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
        else if ((o->theta || o->gth || !adx__ord_is_resid(e, r)) && !is_x_row(e, r))
            o->S0[i + j * t] = o->S0[j + i * t] =
                o->gth && adx__ord_is_resid(e, r) ? o->gth[i] : v;
    }
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++)
            o->B[i + j * t] = (i == j) - o->A[i + j * t];
    if (adx__inverse(o->B, t))
        return -1;
    ord_c0(o);
    if (o->theta ? adx__ord_theta_scale(o) : (ord_c1(o), 0))
        return -1;
    for (size_t c = 0; c < o->nx; c++)
        for (size_t j = 0; j < o->k; j++)
            o->sig[j + c * o->k] = o->B[o->yi[j] + o->xi[c] * t] / o->dsc[o->yi[j]];
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
    if (o->theta) {
        adx__ord_theta_delta(o);
        return;
    }
    memset(o->D, 0, o->np * o->q * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].free && (e->kind[r] == ADX__PK_A || e->kind[r] == ADX__PK_S))
            delta_row(o, r, s->params[r].scale, full,
                      o->D + (size_t)(s->params[r].free - 1) * o->np);
}

void adx__ord_delta(adx__ord_t *o) { ord_delta(o, 0); }

void adx__ord_delta_full(adx__ord_t *o) { ord_delta(o, 1); }

/* o->g = -2 D' W (r - sig) and o->H = 2 D' W D at the last delta. */
static void ord_gh(adx__ord_t *o)
{
    size_t q = o->q, np = o->np;
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
}

static void ord_derivs(void *ud, const double **g, const double **H)
{
    adx__ord_t *o = ud;
    ord_delta(o, 1);
    ord_gh(o);
    *g = o->g;
    *H = o->H;
}

void adx__ord_derivs_fixed(adx__ord_t *o)
{
    ord_delta(o, 0);
    ord_gh(o);
}

adx__objective_t adx__ord_objective(adx__ord_t *o) { return (adx__objective_t){o->q, ord_eval, ord_derivs, o}; }

void adx__ord_free(adx__ord_t *o)
{
    ADX__FREE(o->A, o->S0, o->B, o->C0, o->sig, o->D, o->g, o->H, o->sa, o->sb, o->yi, o->xi);
    ADX__FREE(o->C1, o->rv, o->drho, o->dsc, o->tdd);
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
    /* lavaan's path rule needs every phantom's residual variance 0 once the ordered ones
     * are zeroed: none with a continuous variable regressed on something */
    o->path = pred && e->s->m == 0;
    for (size_t r = 0; r < e->s->nparams; r++)
        if (e->kind[r] == ADX__PK_A && e->ri[r] < e->p && adx__ord_is_numeric(e, e->ri[r]))
            o->path = 0;
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
    o->dsc = malloc((t + 1) * sizeof(double));
    o->tdd = malloc((o->p * q + 1) * sizeof(double));
    if (!o->A || !o->S0 || !o->B || !o->C0 || !o->C1 || !o->drho || !o->sig || !o->D || !o->g ||
        !o->H || !o->dsc || !o->tdd)
        return -1;
    for (size_t j = 0; j < t; j++)
        o->dsc[j] = 1;
    return 0;
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


/* s->ordinal with the thresholds of P and their SEs from the robust covariance. */
static adx_error_t store_thresholds(adx_sem_t *s, const adx__ord_t *o,
                                    const adx_polychoric_t *P, const adx__ord_robust_t *R)
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

/* Robust covariance, tests and the parameter table at the estimates th. */
static adx_error_t after_fit(adx_sem_t *s, adx__ord_t *o, const adx_polychoric_t *P, double *th,
                             double F, adx_errctx_t *ctx)
{
    adx__est_t *e = o->e;
    size_t nth = P->th_off[P->k], np = o->np, q = o->q;
    adx__ord_robust_t R = {nth + np, nth + q, nth, NULL, NULL, NULL, NULL, NULL};
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
    int vc_ok = adx__ord_robust_parts(&R, o, P, s, th) == ADX_OK;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            V[k + l * q] = vc_ok ? R.V[nth + k + (nth + l) * R.Q] : NAN;
    for (size_t r = 0; r < s->nparams && !o->theta; r++) /* theta_ii = 1 - the common part */
        if (adx__ord_is_resid(e, r))
            e->fixedval[r] = adx__ord_rho(o, e->ri[r]);
    if (adx__est_eval(e, th, &Fml)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the implied correlation matrix of the latent responses is not "
                     "positive definite (a residual variance 1 - R2 below 0: Heywood case)",
                     s->source);
        goto cleanup;
    }
    if ((rc = store_thresholds(s, o, P, &R)) ||
        (vc_ok && (rc = adx__ord_structural(s, o, th, R.V, R.Q))) ||
        (vc_ok && (rc = adx__ord_fit_measures(s, o, &R, P, F))))
        goto cleanup;
    if (o->theta && !adx__ord_cont_predictor(o)) { /* the thresholds tau / d fitted: tau */
        adx__ord_fill(o, th);
        adx__ord_theta_thresholds(s, o, vc_ok ? R.V : NULL, R.Q);
    }
    if ((rc = adx__sem_finish(s, e, th, V, vc_ok, ctx)))
        goto cleanup;
    if (!vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the information matrix is singular: the model is not identified",
                     s->source);
cleanup:
    if (rc == ADX_ENOMEM)
        adx_oom(ctx);
    free(V);
    adx__ord_robust_free(&R);
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

/* With s->opt.start_retry, a fit that stops without converging from the default start
 * values (and no start() given) is run once more from lavaan's start = "simple" values
 * (loadings 1, variances 1, the rest 0); the second run is kept when it converges
 * (s->converged 1), the first otherwise (s->converged 0). Fits that converge the first
 * time are not touched. -1 when memory runs out. */
static int restart_simple(adx_sem_t *s, const adx__est_t *e, const adx__objective_t *obj,
                          double *th, int *it, double *F)
{
    s->converged = 0;
    if (s->opt.start_simple || !s->opt.start_retry)
        return 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].has_start)
            return 0;
    size_t q = s->npar;
    double *t2 = malloc((q + 1) * sizeof *t2), F2 = NAN;
    int it2 = 0;
    if (!t2)
        return -1;
    s->opt.start_simple = 1;
    int bad = adx__sem_start_values(s, e, t2);
    s->opt.start_simple = 0;
    int conv = bad ? ADX__OPT_NOMEM : ord_optimize(s, obj, t2, &it2, &F2);
    if (conv > 0) {
        memcpy(th, t2, q * sizeof *th);
        *it += it2;
        *F = F2;
        s->converged = 1;
    }
    free(t2);
    return conv == ADX__OPT_NOMEM ? -1 : 0;
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
    if (s->opt.ordinal_theta)
        adx__ord_theta_on(&o);
    adx__ord_stats(&o, P, r);
    for (size_t k = 0; k < o.np; k++)
        w[k] = s->ordinal->uls ? 1 : 1 / P->gamma[nth + k + (nth + k) * P->nstat];
    o.r = r;
    o.w = w;
    adx__objective_t obj = adx__ord_objective(&o);
    int it = 0, conv = ord_optimize(s, &obj, th, &it, &F);
    if (conv == 0 && restart_simple(s, e, &obj, th, &it, &F))
        conv = ADX__OPT_NOMEM;
    else if (conv == 0)
        conv = s->converged; /* the second run's verdict */
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
    if (rc == ADX_OK || rc == ADX_ESINGULAR) { /* kept for the score tests */
        s->ordinal->stat = r;
        s->ordinal->stat_w = w;
        s->ordinal->nstat = o.np;
        r = w = NULL;
    }
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

/* A replicate's thresholds (those of P, on the scale of the fit: tau / d under theta) into
 * tau (nth), o filled at the replicate's estimates. 0, or -1. */
static int refit_thresholds(const adx_sem_t *s, const adx__ord_t *o, const adx_polychoric_t *P,
                            double *tau)
{
    size_t nth = P->th_off[P->k];
    if (nth != s->ordinal->nth)
        return -1;
    for (size_t j = 0; j < P->k; j++)
        for (size_t k = P->th_off[j]; k < P->th_off[j + 1]; k++)
            tau[k] = P->th[k] * o->dsc[o->yi[j]];
    return 0;
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
    if (adx__ord_alloc(&o, e, q) || (s->opt.ordinal_theta && (adx__ord_theta_on(&o), 0)) ||
        adx__ord_sample_stats(s, &o, X, n, n, &P, &ctx) ||
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
    adx__objective_t obj = adx__ord_objective(&o);
    if (ord_optimize(s, &obj, th, &it, &F) <= 0 || ord_eval(&o, th, &F) ||
        refit_thresholds(s, &o, P, tau))
        goto cleanup;
    adx__sem_values(s, e, th, row);
    rc = 0;
cleanup:
    adx__ord_free(&o);
    adx_polychoric_free(P);
    ADX__FREE(r, w, S);
    return rc;
}
