/* The robust side of an ordinal fit (src/sem/ordinal.c): the sandwich covariance
 * V = E^-1 D' W Gamma W D E^-1 / N over thresholds and theta (projected on the null space
 * of general constraints and active bounds, lavaan's con.jac), the scaled-shifted tests of
 * the model and the baseline, CFI/TLI/RMSEA and the robust (catML) indices; the formulas
 * are listed at the top of ordinal.c. */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_stats.h"
#include "est.h"
#include "ordinal.h"

void adx__ord_robust_free(adx__ord_robust_t *R) { ADX__FREE(R->W, R->M, R->Ei, R->V, R->UG); }

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
static adx_error_t constrained_inverse(adx__ord_robust_t *R, const adx_sem_t *s, const double *th)
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
adx_error_t adx__ord_robust_parts(adx__ord_robust_t *R, const adx__ord_t *o,
                                  const adx_polychoric_t *P, const adx_sem_t *s, const double *th)
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
static adx_error_t robust_catml(adx_sem_t *s, const adx__ord_t *o, const adx__ord_robust_t *R,
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
adx_error_t adx__ord_fit_measures(adx_sem_t *s, const adx__ord_t *o, const adx__ord_robust_t *R,
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
