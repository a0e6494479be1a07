/* Covariance of the SEM estimates: 2/N times the inverse of the expected
 * information, or of the observed information (Hessian of F_ML by central
 * differences of the analytic gradient, lavaan's information = "observed"), or
 * the MLR sandwich with casewise scores (lavaan estimator = "MLR"), which also
 * gives tr(A0^-1 B0) for the Yuan-Bentler scaled chi2. Formulas: docs/sem.md. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "robust.h"

/* The information is taken as singular (the model not identified) when its
 * reciprocal condition number, scaled to unit diagonal, is below this: an
 * unidentified model gives about 1e-16 (machine precision), the identified models of
 * the tests 2e-3 and above. R's solve(), which lavaan inverts with, stops at 2.2e-16;
 * a margin above it catches the rounding noise of an exactly singular matrix. */
static const double SINGULAR_RCOND = 1e-12;

/* Central-difference step of the observed information, relative to |theta|. */
static const double HESS_STEP = 1e-5;

/* Observed information into e->H (symmetrized); e is left evaluated at th. -1 when
 * the objective is not defined at a difference point (*vc_ok = 0 then). */
static adx_error_t observed_information(adx__est_t *e, const double *th, int *vc_ok)
{
    size_t q = e->q;
    double *Hs = calloc(q * q, sizeof(double)), *gp = calloc(q, sizeof(double));
    double *thn = malloc(q * sizeof(double));
    if (!Hs || !gp || !thn) {
        ADX__FREE(Hs, gp, thn);
        return ADX_ENOMEM;
    }
    for (size_t k = 0; k < q && *vc_ok; k++) {
        double h = HESS_STEP * fmax(1.0, fabs(th[k])), Fx;
        memcpy(thn, th, q * sizeof(double));
        thn[k] = th[k] + h;
        if (adx__est_eval(e, thn, &Fx)) {
            *vc_ok = 0;
            break;
        }
        adx__est_derivs(e, 0);
        memcpy(gp, e->g, q * sizeof(double));
        thn[k] = th[k] - h;
        if (adx__est_eval(e, thn, &Fx)) {
            *vc_ok = 0;
            break;
        }
        adx__est_derivs(e, 0);
        for (size_t l = 0; l < q; l++)
            Hs[l + k * q] = (gp[l] - e->g[l]) / (2.0 * h);
    }
    double F;
    adx__est_eval(e, th, &F);
    adx__est_derivs(e, 1);
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++)
            e->H[i + j * q] = 0.5 * (Hs[i + j * q] + Hs[j + i * q]);
    ADX__FREE(Hs, gp, thn);
    return ADX_OK;
}

/* Sandwich: Cov = A^-1 B A^-1 / N with A = H_obs / 2 (so V holds A^-1 / N) and B
 * the score products; V becomes N V B V. Yuan-Bentler (Mplus) scaling needs
 * tr(A0^-1 B0) = tr(N V B) (into *ssr_trace). */
static adx_error_t sandwich(const adx_sem_t *s, adx__est_t *e, size_t n, double *V,
                            double *ssr_trace)
{
    size_t q = e->q;
    double *Bm = calloc(q * q, sizeof(double)), *T1 = calloc(q * q, sizeof(double)), *sc = NULL;
    size_t nd = 0;
    adx_error_t rc = !Bm || !T1                     ? ADX_ENOMEM
                     : s->opt.robust == ADX_SEM_MLM ? adx__sem_mlm_scores(s, e, &sc, &nd)
                                                    : adx__sem_case_scores(s, e, &sc, &nd);
    if (rc == ADX_OK) {
        /* B = mean outer product of the casewise scores */
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)nd,
                    1.0 / (double)nd, sc, (int)nd, sc, (int)nd, 0.0, Bm, (int)q);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q, 1.0, V,
                    (int)q, Bm, (int)q, 0.0, T1, (int)q);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q,
                    (double)n, T1, (int)q, V, (int)q, 0.0, Bm, (int)q);
        memcpy(V, Bm, q * q * sizeof(double));
        double tr0 = 0;
        for (size_t k = 0; k < q; k++)
            tr0 += T1[k + k * q] * (double)n;
        *ssr_trace = tr0;
    }
    ADX__FREE(Bm, T1, sc);
    return rc;
}

/* Reciprocal condition number (1-norm, LAPACK dpocon) of the information H scaled
 * to unit diagonal, so that parameters in different units do not matter; 0 when it
 * is not positive definite, -1 when memory runs out. */
double adx__sem_scaled_rcond(const double *H, size_t q)
{
    double *A = malloc(q * q * sizeof *A), anorm = 0, rcond = 0;
    if (!A)
        return -1;
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++) {
            double d = H[i + i * q] * H[j + j * q];
            A[i + j * q] = d > 0 ? H[i + j * q] / sqrt(d) : 0;
        }
    for (size_t j = 0; j < q; j++) {
        double col = 0;
        for (size_t i = 0; i < q; i++)
            col += fabs(A[i + j * q]);
        anorm = col > anorm ? col : anorm;
    }
    lapack_int n = (lapack_int)q;
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, A, n) != 0 ||
        LAPACKE_dpocon(LAPACK_COL_MAJOR, 'L', n, A, n, anorm, &rcond) != 0)
        rcond = 0;
    free(A);
    return rcond;
}

adx_error_t adx__sem_vcov(adx_sem_t *s, adx__est_t *e, const double *th, size_t n, double *V,
                          int *vc_ok, double *ssr_trace)
{
    size_t q = e->q;
    *vc_ok = 1;
    *ssr_trace = NAN;
    if (q == 0)
        return ADX_OK;
    if ((s->opt.observed_info || s->opt.robust == ADX_SEM_MLR || s->fiml) &&
        observed_information(e, th, vc_ok))
        return ADX_ENOMEM;
    if (!*vc_ok)
        return ADX_OK;
    /* covariance of the estimates: (N/2 H)^-1 = 2/N H^-1 */
    int pi = s->gcon ? adx__gcon_proj_inverse(s->gcon, e->H, th, q, V) : 0;
    if (pi < 0)
        return ADX_ENOMEM;
    if (pi > 0) {
        *vc_ok = 0;
        return ADX_OK;
    }
    double rcond = s->gcon ? 1.0 : adx__sem_scaled_rcond(e->H, q);
    if (rcond < 0)
        return ADX_ENOMEM;
    if (!s->gcon)
        memcpy(V, e->H, q * q * sizeof(double));
    if (rcond < SINGULAR_RCOND || (!s->gcon && adx__spd_inverse(V, q, NULL))) {
        *vc_ok = 0;
        return ADX_OK;
    }
    for (size_t j = 0; j < q; j++)
        for (size_t i = j; i < q; i++) {
            V[i + j * q] *= 2.0 / (double)n;
            V[j + i * q] = V[i + j * q];
        }
    return s->opt.robust ? sandwich(s, e, n, V, ssr_trace) : ADX_OK;
}

void adx__sem_centre_scores(double *sc, size_t nd, size_t q)
{
    for (size_t k = 0; k < q; k++) {
        double m = 0;
        for (size_t i = 0; i < nd; i++)
            m += sc[i + k * nd];
        m /= (double)nd;
        for (size_t i = 0; i < nd; i++)
            sc[i + k * nd] -= m;
    }
}

adx_error_t adx__sem_info_trace(const adx_sem_t *s, adx__est_t *e, const double *th, double *tr)
{
    size_t q = e->q, nd = 0;
    double F, *Hi = NULL, *Bm = NULL, *sc = NULL;
    int ok = 1;
    *tr = NAN;
    if (adx__est_eval(e, th, &F))
        return ADX_OK;
    adx__est_derivs(e, 1);
    adx_error_t rc = s->opt.robust == ADX_SEM_MLR ? observed_information(e, th, &ok) : ADX_OK;
    if (rc || !ok)
        return rc;
    Hi = malloc(q * q * sizeof *Hi);
    Bm = malloc(q * q * sizeof *Bm);
    rc = !Hi || !Bm                     ? ADX_ENOMEM
         : s->opt.robust == ADX_SEM_MLM ? adx__sem_mlm_scores(s, e, &sc, &nd)
                                        : adx__sem_case_scores(s, e, &sc, &nd);
    if (rc)
        goto cleanup;
    memcpy(Hi, e->H, q * q * sizeof *Hi);
    if (adx__inverse(Hi, q))
        goto cleanup;
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)nd,
                1.0 / (double)nd, sc, (int)nd, sc, (int)nd, 0.0, Bm, (int)q);
    /* A = H / 2 (per-case information): tr(A^-1 B) = 2 tr(H^-1 B) */
    double t = 0;
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++)
            t += Hi[i + j * q] * Bm[j + i * q];
    *tr = 2.0 * t;
cleanup:
    ADX__FREE(Hi, Bm, sc);
    return rc;
}
