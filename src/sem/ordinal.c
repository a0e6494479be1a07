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
    ADX__FREE(o->th_var, o->th_k, o->th, o->th_se, o);
}

/* Working state of the DWLS/ULS objective. The statistics besides the thresholds: with
 * nx exogenous covariates (lavaan conditional.x) first the k x nx probit slopes (nsl,
 * indicator fastest), then the k (k - 1) / 2 (residual) correlations (ncor); np in all. */
typedef struct {
    adx__est_t *e;
    size_t p, t, q, np, k, nx, nsl, ncor;
    const size_t *yi, *xi;        /* the ordered indicators and the covariates in s->names */
    const unsigned char *resid;   /* per row: an indicator's residual variance */
    const unsigned char *isx;     /* per observed variable: an exogenous covariate */
    const double *r, *w; /* np sample statistics and weights */
    double *A, *S0, *B, *C0; /* t x t */
    double *sig, *D, *g, *H; /* np, np x q, q, q x q */
} ord_t;

static int is_resid_row(const adx__est_t *e, const unsigned char *isx, size_t r)
{
    return e->kind[r] == ADX__PK_S && e->ri[r] == e->rj[r] && e->ri[r] < e->p && !isx[e->ri[r]];
}

/* A (co)variance row of the covariates (fixed.x: the sample values, not in the model of
 * the latent responses). */
static int is_x_row(const adx__est_t *e, const unsigned char *isx, size_t r)
{
    return e->kind[r] == ADX__PK_S &&
           ((e->ri[r] < e->p && isx[e->ri[r]]) || (e->rj[r] < e->p && isx[e->rj[r]]));
}

/* A, S0, B = (I - A)^-1, C0 = B S0 B' and the implied correlations at th. */
static int ord_fill(ord_t *o, const double *th)
{
    const adx__est_t *e = o->e;
    const adx_sem_t *s = e->s;
    size_t t = o->t;
    memset(o->A, 0, t * t * sizeof(double));
    memset(o->S0, 0, t * t * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_S)
            continue;
        double v = s->params[r].free ? th[s->params[r].free - 1] : e->fixedval[r];
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == ADX__PK_A)
            o->A[i + j * t] = v;
        else if (!o->resid[r] && !is_x_row(e, o->isx, r))
            o->S0[i + j * t] = o->S0[j + i * t] = v;
    }
    for (size_t j = 0; j < t; j++)
        for (size_t i = 0; i < t; i++)
            o->B[i + j * t] = (i == j) - o->A[i + j * t];
    if (adx__inverse(o->B, t))
        return -1;
    for (size_t j = 0; j < t; j++) /* C0 = B S0 B' through e->tmp = B S0 */
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
    for (size_t c = 0; c < o->nx; c++)
        for (size_t j = 0; j < o->k; j++)
            o->sig[j + c * o->k] = o->B[o->yi[j] + o->xi[c] * t];
    for (size_t j = 0, pp = o->nsl; j < o->k; j++)
        for (size_t i = j + 1; i < o->k; i++, pp++)
            o->sig[pp] = o->C0[o->yi[i] + o->yi[j] * t];
    return 0;
}

static int ord_eval(void *ud, const double *th, double *F)
{
    ord_t *o = ud;
    if (ord_fill(o, th))
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
    ord_t *o = ud;
    if (ord_fill(o, th))
        return -1;
    for (size_t j = 0; j < o->p; j++)
        res[j] = o->isx[j] ? 1 : 1 - o->C0[j + j * o->t];
    return 0;
}

/* D = d sigma / d theta at the last fill (np x q). */
static void ord_delta(ord_t *o)
{
    const adx__est_t *e = o->e;
    const adx_sem_t *s = e->s;
    size_t t = o->t, np = o->np;
    const double *B = o->B, *C = o->C0;
    memset(o->D, 0, np * o->q * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (!s->params[r].free || (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_S))
            continue;
        double *col = o->D + (size_t)(s->params[r].free - 1) * np;
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == ADX__PK_A) /* the slopes B[y, x]: dB = B dA B */
            for (size_t c = 0; c < o->nx; c++)
                for (size_t y = 0; y < o->k; y++)
                    col[y + c * o->k] += B[o->yi[y] + i * t] * B[j + o->xi[c] * t];
        if (is_x_row(e, o->isx, r))
            continue;
        for (size_t bb = 0, k = o->nsl; bb < o->k; bb++)
            for (size_t aa = bb + 1; aa < o->k; aa++, k++) {
                size_t a = o->yi[aa], b = o->yi[bb];
                if (e->kind[r] == ADX__PK_A)
                    col[k] += B[a + i * t] * C[j + b * t] + C[a + j * t] * B[b + i * t];
                else if (i == j)
                    col[k] += B[a + i * t] * B[b + i * t];
                else
                    col[k] += B[a + i * t] * B[b + j * t] + B[a + j * t] * B[b + i * t];
            }
    }
}

static void ord_derivs(void *ud, const double **g, const double **H)
{
    ord_t *o = ud;
    size_t q = o->q, np = o->np;
    ord_delta(o);
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

static void ord_free(ord_t *o) { ADX__FREE(o->A, o->S0, o->B, o->C0, o->sig, o->D, o->g, o->H); }

static int ord_alloc(ord_t *o, adx__est_t *e, size_t q)
{
    size_t t = e->t;
    o->e = e;
    o->p = e->p;
    o->t = t;
    o->q = q;
    o->np = o->nsl + o->ncor;
    o->A = malloc(t * t * sizeof(double));
    o->S0 = malloc(t * t * sizeof(double));
    o->B = malloc(t * t * sizeof(double));
    o->C0 = malloc(t * t * sizeof(double));
    o->sig = malloc((o->np + 1) * sizeof(double));
    o->D = malloc((o->np * q + 1) * sizeof(double));
    o->g = malloc((q + 1) * sizeof(double));
    o->H = malloc((q * q + 1) * sizeof(double));
    return o->A && o->S0 && o->B && o->C0 && o->sig && o->D && o->g && o->H ? 0 : -1;
}

int adx_sem_is_covariate(const adx_sem_t *s, size_t v) { return adx__sem_is_ov_x(s, v); }

/* ---- model checks and the parameter table ---------------------------------- */

static adx_error_t check_model(const adx_sem_t *s, const unsigned char *isx, adx_errctx_t *ctx)
{
    if (s->meanstructure)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "%s: '~ 1' with ordered indicators is not implemented (their thresholds "
                       "take the place of the intercepts); drop the '~ 1' lines",
                       s->source);
    if (s->opt.fiml || s->opt.robust)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "%s: ordered indicators are estimated by WLSMV/ULSMV (listwise); FIML "
                       "and MLR do not apply",
                       s->source);
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->free && (pr->scale != 1 || pr->offset != 0 || isfinite(pr->lower) ||
                         isfinite(pr->upper)))
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s: '%s %s %s': constraints (==, <, >) with ordered indicators are "
                           "not implemented; equal labels (a*x, a*y) are",
                           s->source, pr->lhs, adx_sem_op_name(pr->op), pr->rhs);
        size_t h = adx__sem_var_index(s, pr->rhs);
        if (pr->op == ADX_SEM_REGRESS && h < s->p && !isx[h])
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s: '%s ~ %s': '%s' is an ordered variable; a regression on an "
                           "ordered observed variable is not implemented (an exogenous "
                           "covariate, never regressed on anything, is)",
                           s->source, pr->lhs, pr->rhs, pr->rhs);
        if (pr->op == ADX_SEM_REGRESS && h < s->p && !s->opt.fixed_x)
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s: '%s ~ %s': ordered indicators condition on their exogenous "
                           "covariates (lavaan conditional.x), which needs fixed.x; drop "
                           "--no-fixed-x",
                           s->source, pr->lhs, pr->rhs);
    }
    return ADX_OK;
}

/* The indicators' residual variances become fixed (set after the fit to 1 minus the
 * common part); the other free parameters are numbered again. */
static adx_error_t fix_residuals(adx_sem_t *s, const unsigned char *resid, adx_errctx_t *ctx)
{
    size_t q = s->npar;
    int *keep = calloc(q + 1, sizeof *keep), *renum = calloc(q + 1, sizeof *renum);
    if (!keep || !renum) {
        ADX__FREE(keep, renum);
        return adx_oom(ctx);
    }
    for (size_t r = 0; r < s->nparams; r++) {
        if (resid[r])
            s->params[r].free = 0;
        keep[s->params[r].free] = 1;
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

/* W D, E^-1, V = E^-1 (M' Gamma M) E^-1 / N and U Gamma. */
static adx_error_t robust_parts(robust_t *R, const ord_t *o, const adx_polychoric_t *P)
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
    if ((rc = adx__spd_inverse(R->Ei, Q, NULL)))
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
static adx_error_t robust_catml(adx_sem_t *s, const ord_t *o, const robust_t *R,
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
    if (rc)
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            Si[i + j * p] = i == j ? 1 : o->C0[i + j * t];
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
static adx_error_t fit_measures(adx_sem_t *s, const ord_t *o, const robust_t *R,
                                const adx_polychoric_t *P, double F)
{
    adx_sem_fit_t *f = &s->fit;
    adx_sem_ordinal_t *od = s->ordinal;
    size_t np = o->np, nth = R->nth, ns = R->ns;
    double N = (double)P->n, df = (double)np - (double)o->q, tr = 0, tr2;
    tr2 = trace2(R->UG, ns, &tr);
    double gc = od->uls ? (N - 1) / N : 1; /* ULS: lavaan's test uses Gamma without N/(N-1) */
    tr *= gc;
    tr2 *= gc * gc;
    od->tr_ug = tr;
    od->tr_ug2 = tr2;
    f->npar = (double)R->Q;
    f->fmin = F / 2;
    double NT = od->uls ? N - 1 : N; /* lavaan: ULS with N - 1 (DWLS: N with N/(N-1) in W) */
    f->chisq = NT * F;
    f->df = df;
    f->pvalue = df > 0 ? gsl_cdf_chisq_Q(f->chisq, df) : NAN;
    f->chisq_scaled = f->chisq_scaling_factor = f->pvalue_scaled = od->shift = NAN;
    if (df > 0) {
        scaled_shifted(f->chisq, df, tr, tr2, &f->chisq_scaled, &f->chisq_scaling_factor,
                       &od->shift);
        f->pvalue_scaled = gsl_cdf_chisq_Q(f->chisq_scaled, df);
    }
    /* baseline: correlations 0, thresholds (and slopes) free; U Gamma = W Gamma over the
     * correlations */
    size_t c0 = nth + o->nsl, nc = o->ncor;
    double Xb = 0, trb = 0, trb2 = 0, dfb = (double)nc;
    for (size_t a = 0; a < nc; a++) {
        Xb += R->W[c0 + a] * o->r[o->nsl + a] * o->r[o->nsl + a];
        trb += R->W[c0 + a] * P->gamma[c0 + a + (c0 + a) * ns];
        for (size_t b = 0; b < nc; b++)
            trb2 += R->W[c0 + a] * P->gamma[c0 + a + (c0 + b) * ns] * R->W[c0 + b] *
                    P->gamma[c0 + b + (c0 + a) * ns];
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
    double ss = 0; /* SRMR: residual correlations over k(k+1)/2 (+ nx, as lavaan 0.6.14
                    * counts with covariates) */
    for (size_t a = o->nsl; a < np; a++)
        ss += (o->r[a] - o->sig[a]) * (o->r[a] - o->sig[a]);
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
static adx_error_t store_thresholds(adx_sem_t *s, const ord_t *o, const adx_polychoric_t *P,
                                    const robust_t *R)
{
    adx_sem_ordinal_t *od = s->ordinal;
    size_t nth = R->nth;
    od->nth = nth;
    od->zero_cells = P->zero_cells;
    od->ncov = o->nx;
    od->th_var = malloc((nth + 1) * sizeof *od->th_var);
    od->th_k = malloc((nth + 1) * sizeof *od->th_k);
    od->th = malloc((nth + 1) * sizeof *od->th);
    od->th_se = malloc((nth + 1) * sizeof *od->th_se);
    if (!od->th_var || !od->th_k || !od->th || !od->th_se)
        return ADX_ENOMEM;
    for (size_t j = 0; j < P->k; j++)
        for (size_t k = P->th_off[j]; k < P->th_off[j + 1]; k++) {
            od->th_var[k] = s->names[o->yi[j]];
            od->th_k[k] = (int)(k - P->th_off[j] + 1);
            od->th[k] = P->th[k];
            od->th_se[k] = sqrt(R->V[k + k * R->Q]);
        }
    return ADX_OK;
}

/* The theta parameterization: th, V and the thresholds rescaled, e evaluated at the new
 * th with the residual variances of the latent responses 1. */
static adx_error_t to_theta(adx_sem_t *s, ord_t *o, const adx_polychoric_t *P, double *th,
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
        if (o->resid[r])
            e->fixedval[r] = 1;
    memcpy(s->theta, th, s->npar * sizeof *th);
    if (adx__est_eval(e, th, &F))
        return adx_err(ctx, ADX_ESINGULAR, "%s: the implied covariance matrix of the latent "
                                           "responses (theta) is not positive definite",
                       s->source);
    return ADX_OK;
}

/* Robust covariance, tests and the parameter table at the estimates th. */
static adx_error_t after_fit(adx_sem_t *s, ord_t *o, const adx_polychoric_t *P, double *th,
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
    ord_fill(o, th);
    ord_delta(o);
    int vc_ok = robust_parts(&R, o, P) == ADX_OK;
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            V[k + l * q] = vc_ok ? R.V[nth + k + (nth + l) * R.Q] : NAN;
    for (size_t r = 0; r < s->nparams; r++) /* theta_ii = 1 - the common part */
        if (o->resid[r])
            e->fixedval[r] = 1 - o->C0[e->ri[r] + e->ri[r] * o->t];
    if (adx__est_eval(e, th, &Fml)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the implied correlation matrix of the latent responses is not "
                     "positive definite (a residual variance 1 - R2 below 0: Heywood case)",
                     s->source);
        goto cleanup;
    }
    if ((rc = store_thresholds(s, o, P, &R)) || (vc_ok && (rc = fit_measures(s, o, &R, P, F))) ||
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

/* Start values, the optimizer, then after_fit; lay holds the layout of the statistics. */
static adx_error_t estimate(adx_sem_t *s, adx__est_t *e, const adx_polychoric_t *P,
                            const ord_t *lay, adx_errctx_t *ctx)
{
    ord_t o = *lay;
    size_t q = s->npar, np = lay->nsl + lay->ncor, nth = P->th_off[P->k], k = lay->k;
    double *th = calloc(q + 1, sizeof *th), *r = malloc((np + 1) * sizeof *r);
    double *w = malloc((np + 1) * sizeof *w), F = 0;
    adx_error_t rc = ADX_OK;
    if (!th || !r || !w || ord_alloc(&o, e, q) || adx__sem_start_values(s, e, th)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t a = 0; a < lay->nsl; a++)
        r[a] = P->slopes[a];
    for (size_t j = 0, a = lay->nsl; j < k; j++)
        for (size_t i = j + 1; i < k; i++, a++)
            r[a] = P->r[i + j * k];
    for (size_t a = 0; a < np; a++)
        w[a] = s->ordinal->uls ? 1 : 1 / P->gamma[nth + a + (nth + a) * P->nstat];
    o.r = r;
    o.w = w;
    adx__objective_t obj = {q, ord_eval, ord_derivs, &o};
    int it = 0, conv = adx__sem_optimize(&obj, &s->opt, 0, th, &it, &F);
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
    rc = after_fit(s, &o, P, th, F, ctx);
cleanup:
    ord_free(&o);
    ADX__FREE(th, r, w);
    return rc;
}

/* Thresholds, (slopes,) correlations and Gamma of the k ordered columns of X, conditional
 * on the nx covariates (lavaan conditional.x) when there are any. */
static adx_error_t sample_stats(const adx_sem_t *s, const double *X, size_t n, size_t ld,
                                const ord_t *lay, adx_polychoric_t **P, adx_errctx_t *ctx)
{
    size_t k = lay->k, nx = lay->nx;
    if (!nx)
        return adx_polychoric_data(X, n, ld, k, (const char *const *)s->names, 2, P, ctx);
    double *Y = malloc((n * k + 1) * sizeof *Y), *Z = malloc((n * nx + 1) * sizeof *Z);
    const char **nm = malloc((k + 1) * sizeof *nm);
    adx_error_t rc = Y && Z && nm ? ADX_OK : adx_oom(ctx);
    for (size_t j = 0; j < k && !rc; j++) {
        memcpy(Y + j * n, X + lay->yi[j] * ld, n * sizeof *Y);
        nm[j] = s->names[lay->yi[j]];
    }
    for (size_t c = 0; c < nx && !rc; c++)
        memcpy(Z + c * n, X + lay->xi[c] * ld, n * sizeof *Z);
    if (!rc)
        rc = adx_polychoric_cond(Y, n, n, k, Z, n, nx, nm, P, ctx);
    ADX__FREE(Y, Z, nm);
    return rc;
}

/* The p x p moments the model starts from and reports (sample_cov): the indicators'
 * block R + Pi Sxx Pi', Pi Sxx against the covariates and their covariance Sxx (divisor
 * N - 1, as lavaan 0.6.14's cov.x with conditional.x); R alone without covariates. */
static double *full_sample(const ord_t *lay, const adx_polychoric_t *P, const double *X,
                           size_t n, size_t ld)
{
    size_t p = lay->p, k = lay->k, nx = lay->nx;
    double *S = calloc(p * p, sizeof *S), *Sxx = calloc(nx * nx + 1, sizeof *Sxx);
    double *PS = calloc(k * nx + 1, sizeof *PS);
    if (!S || !Sxx || !PS) {
        ADX__FREE(S, Sxx, PS);
        return NULL;
    }
    for (size_t c = 0; c < nx; c++)
        for (size_t d = 0; d < nx; d++) {
            const double *u = X + lay->xi[c] * ld, *v = X + lay->xi[d] * ld;
            double mu = 0, mv = 0, x = 0;
            for (size_t i = 0; i < n; i++) {
                mu += u[i] / (double)n;
                mv += v[i] / (double)n;
            }
            for (size_t i = 0; i < n; i++)
                x += (u[i] - mu) * (v[i] - mv);
            Sxx[c + d * nx] = x / (double)(n - 1);
            S[lay->xi[c] + lay->xi[d] * p] = x / (double)(n - 1);
        }
    for (size_t j = 0; j < k; j++) /* PS = Pi Sxx */
        for (size_t d = 0; d < nx; d++) {
            double x = 0;
            for (size_t c = 0; c < nx; c++)
                x += P->slopes[j + c * k] * Sxx[c + d * nx];
            PS[j + d * k] = x;
            S[lay->yi[j] + lay->xi[d] * p] = S[lay->xi[d] + lay->yi[j] * p] = x;
        }
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double x = P->r[i + j * k];
            for (size_t d = 0; d < nx; d++)
                x += PS[i + d * k] * P->slopes[j + d * k];
            S[lay->yi[i] + lay->yi[j] * p] = x;
        }
    ADX__FREE(Sxx, PS);
    return S;
}

/* The layout: ordered indicators and covariates among s->names, per row an indicator's
 * residual variance (e initialised). 0, or -1 when memory runs out. */
static int layout(const adx_sem_t *s, const adx__est_t *e, ord_t *lay)
{
    size_t p = s->p;
    unsigned char *isx = calloc(p + 1, 1), *resid = calloc(s->nparams + 1, 1);
    size_t *yi = malloc((p + 1) * sizeof *yi), *xi = malloc((p + 1) * sizeof *xi);
    lay->isx = isx;
    lay->resid = resid;
    lay->yi = yi;
    lay->xi = xi;
    if (!isx || !resid || !yi || !xi)
        return -1;
    lay->p = p;
    lay->k = lay->nx = 0;
    for (size_t v = 0; v < p; v++)
        if ((isx[v] = (unsigned char)adx__sem_is_ov_x(s, v)))
            xi[lay->nx++] = v;
        else
            yi[lay->k++] = v;
    for (size_t r = 0; r < s->nparams; r++)
        resid[r] = (unsigned char)is_resid_row(e, isx, r);
    lay->nsl = lay->k * lay->nx;
    lay->ncor = lay->k * (lay->k - 1) / 2;
    return 0;
}

static void layout_free(ord_t *lay)
{
    void *a = (void *)lay->isx, *b = (void *)lay->resid, *c = (void *)lay->yi,
         *d = (void *)lay->xi;
    ADX__FREE(a, b, c, d);
}

adx_error_t adx__sem_fit_ordinal(adx_sem_t *s, const double *X, size_t n, size_t ld,
                                 adx_errctx_t *ctx)
{
    adx_polychoric_t *P = NULL;
    adx__est_t e;
    ord_t lay = {0};
    double *Sf = NULL;
    int have_e = !adx__est_init(&e, s);
    adx_error_t rc = have_e && !layout(s, &e, &lay) ? ADX_OK : adx_oom(ctx);
    if (rc || (rc = check_model(s, lay.isx, ctx)))
        goto cleanup;
    adx__sem_ordinal_free(s->ordinal);
    if (!(s->ordinal = calloc(1, sizeof *s->ordinal))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    s->ordinal->uls = s->opt.ordinal_uls;
    if ((rc = sample_stats(s, X, n, ld, &lay, &P, ctx)))
        goto cleanup;
    for (size_t i = 0; i < P->nstat * P->nstat; i++) /* lavaan's NACOV of a fit: N / (N - 1) */
        P->gamma[i] *= (double)n / (double)(n - 1);
    if ((rc = fix_residuals(s, lay.resid, ctx)))
        goto cleanup;
    adx__est_free(&e); /* again with the new numbering */
    have_e = !adx__est_init(&e, s);
    if (!have_e || !(Sf = full_sample(&lay, P, X, n, ld))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    e.q = s->npar;
    if ((rc = adx__sem_store_sample(s, Sf, n, ctx)))
        goto cleanup;
    if (adx__est_set_sample(&e, Sf, NULL)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the polychoric correlation matrix of the %zu indicators is not "
                     "positive definite (n = %zu); drop redundant items",
                     s->source, lay.k, n);
        goto cleanup;
    }
    if ((double)s->npar > (double)(lay.nsl + lay.ncor)) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: %zu free parameters for %zu polychoric correlations (and slopes): "
                     "the model is not identified",
                     s->source, s->npar, lay.nsl + lay.ncor);
        goto cleanup;
    }
    if (!(rc = estimate(s, &e, P, &lay, ctx)))
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
    layout_free(&lay);
    free(Sf);
    adx_polychoric_free(P);
    return rc;
}
