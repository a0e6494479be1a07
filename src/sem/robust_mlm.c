/* MLM (Satorra-Bentler, lavaan estimator = "MLM"): lavaan's Gamma (the covariance of the
 * casewise sample moments, divisor N, at the sample means) and what it enters: the
 * score products Delta' W Gamma W Delta of the robust covariance of the estimates and
 * the traces tr(U Gamma) of the scaled chi2 for the model and the independence model.
 * With fixed exogenous covariates (fixed.x) Gamma conditions on them, as lavaan's
 * lav_samplestats_Gamma (fixed.x = TRUE, conditional.x = FALSE): case i enters with
 * z(d_i) - z(h_i), z(y) = (y, vech(y y')), d_i the centred case, h_i its centred fit on
 * the covariates (each variable's least-squares fit on the covariates, the covariates
 * themselves unchanged), so the covariates' own means and covariances drop out. Without
 * covariates h_i = 0 and Gamma is the plain NACOV. Formulas: docs/sem.md ("MLM"). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "robust.h"

/* isx[v] = 1 on the fixed covariates of s (fixed.x and exogenous, as FIML and the
 * baseline model tell them); their number. */
static size_t fixed_x_flags(const adx_sem_t *s, int *isx)
{
    size_t nx = 0;
    for (size_t v = 0; v < s->p; v++)
        nx += (size_t)(isx[v] = s->opt.fixed_x && adx__sem_is_ov_x(s, v));
    return nx;
}

/* H (N x p) = the projection of every centred column of X on the nx covariates' columns:
 * Xx (Xx'Xx)^-1 Xx' X (the covariates' columns stay as they are). -1 when memory runs
 * out, 1 when the covariates are collinear. */
static int fitted_centred(const double *X, size_t N, size_t p, const int *isx, size_t nx,
                          double *H)
{
    double *Xx = malloc(N * nx * sizeof *Xx), *Sxx = malloc(nx * nx * sizeof *Sxx);
    double *C = malloc(nx * p * sizeof *C);
    int rc = Xx && Sxx && C ? 0 : -1;
    for (size_t v = 0, j = 0; !rc && v < p; v++)
        if (isx[v])
            memcpy(Xx + (j++) * N, X + v * N, N * sizeof *Xx);
    if (!rc) {
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nx, (int)nx, (int)N, 1.0, Xx,
                    (int)N, Xx, (int)N, 0.0, Sxx, (int)nx);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nx, (int)p, (int)N, 1.0, Xx,
                    (int)N, X, (int)N, 0.0, C, (int)nx);
        rc = adx__spd_solve(Sxx, nx, C, p) ? 1 : 0;
    }
    if (!rc)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)p, (int)nx, 1.0, Xx,
                    (int)N, C, (int)nx, 0.0, H, (int)N);
    ADX__FREE(Xx, Sxx, C);
    return rc;
}

/* The fitted part of s's listwise data (malloc'd N x p into *H; NULL without fixed
 * covariates or with collinear ones, where lavaan's qr() fit leaves the plain Gamma's
 * x-free part; isx filled). -1 when memory runs out. */
static int fitted_part(const adx_sem_t *s, int *isx, double **H)
{
    size_t p = s->p, N = s->data_n, nx = fixed_x_flags(s, isx);
    *H = NULL;
    if (!nx || !s->data || !N)
        return 0;
    if (!(*H = malloc(N * p * sizeof **H)))
        return -1;
    int r = fitted_centred(s->data, N, p, isx, nx, *H);
    if (r) {
        free(*H);
        *H = NULL;
    }
    return r < 0 ? -1 : 0;
}

adx_error_t adx__sem_mlm_scores(const adx_sem_t *s, adx__est_t *e, double **scores,
                                size_t *ncases)
{
    size_t p = s->p, q = e->q, nd = 0, nh = 0;
    adx__est_t ev = *e; /* a view at the sample means: Gamma does not see ybar - mu */
    int *isx = calloc(p + 1, sizeof *isx);
    double *zero = calloc(p + 1, sizeof *zero), *H = NULL, *sh = NULL;
    adx_error_t rc = isx && zero ? ADX_OK : ADX_ENOMEM;
    *scores = NULL;
    ev.rr = zero;
    if (!rc && fitted_part(s, isx, &H))
        rc = ADX_ENOMEM;
    if (!rc)
        rc = adx__sem_case_scores(s, &ev, scores, &nd);
    if (!rc && H) {
        adx_sem_t sf = *s; /* the same model on the fitted values */
        sf.data = H;
        rc = adx__sem_case_scores(&sf, &ev, &sh, &nh);
        for (size_t k = 0; !rc && k < nd * q; k++)
            (*scores)[k] -= sh[k];
    }
    if (!rc) {
        adx__sem_centre_scores(*scores, nd, q);
        *ncases = nd;
    } else {
        free(*scores);
        *scores = NULL;
    }
    ADX__FREE(isx, zero, H, sh);
    return rc;
}

/* tr(W Gamma) without the means: 1/N sum_i 1/2 tr(P M_i P M_i), M_i = d_i d_i' - h_i h_i'
 * - C (C = S - H'H / N, the mean of d d' - h h'; H NULL: h = 0), per case (d'Pd)^2 +
 * (h'Ph)^2 - 2 (d'Ph)^2 - 2 d'Qd + 2 h'Qh + tr(PCPC) with Q = P C P. -1 when memory
 * runs out. */
static int trace_wgamma(const double *X, const double *H, size_t N, size_t p, const double *P,
                        const double *C, double *out)
{
    size_t np = N * p;
    double *PC = malloc(p * p * sizeof *PC), *Q = malloc(p * p * sizeof *Q);
    double *XP = malloc(np * sizeof *XP), *XQ = malloc(np * sizeof *XQ);
    double *HP = H ? malloc(np * sizeof *HP) : NULL, *HQ = H ? malloc(np * sizeof *HQ) : NULL;
    int rc = -1;
    if (!PC || !Q || !XP || !XQ || (H && (!HP || !HQ)))
        goto cleanup;
    rc = 0;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, P,
                (int)p, C, (int)p, 0.0, PC, (int)p);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, PC,
                (int)p, P, (int)p, 0.0, Q, (int)p);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)p, (int)p, 1.0, X,
                (int)N, P, (int)p, 0.0, XP, (int)N);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)p, (int)p, 1.0, X,
                (int)N, Q, (int)p, 0.0, XQ, (int)N);
    if (H) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)p, (int)p, 1.0, H,
                    (int)N, P, (int)p, 0.0, HP, (int)N);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N, (int)p, (int)p, 1.0, H,
                    (int)N, Q, (int)p, 0.0, HQ, (int)N);
    }
    double trpc2 = 0, acc = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            trpc2 += PC[i + j * p] * PC[j + i * p];
    for (size_t i = 0; i < N; i++) {
        double a = 0, u = 0, b = 0, c = 0, w = 0;
        for (size_t v = 0; v < p; v++) {
            a += XP[i + v * N] * X[i + v * N];
            u += XQ[i + v * N] * X[i + v * N];
        }
        for (size_t v = 0; H && v < p; v++) {
            b += HP[i + v * N] * H[i + v * N];
            c += XP[i + v * N] * H[i + v * N];
            w += HQ[i + v * N] * H[i + v * N];
        }
        acc += a * a + b * b - 2.0 * c * c - 2.0 * u + 2.0 * w + trpc2;
    }
    *out = 0.5 * acc / (double)N;
cleanup:
    ADX__FREE(PC, Q, XP, XQ, HP, HQ);
    return rc;
}

/* The independence model's Sigma^-1 (diagonal 1 / S_kk; with fixed covariates their
 * block of S inverted, as lavaan's baseline keeps it) into Pb. 1 if that block is
 * singular, -1 when memory runs out. */
static int baseline_inverse(const double *S, size_t p, const int *isx, double *Pb)
{
    size_t nx = 0, *ix = malloc((p + 1) * sizeof *ix);
    double *B = malloc((p * p + 1) * sizeof *B);
    int rc = ix && B ? 0 : -1;
    memset(Pb, 0, p * p * sizeof *Pb);
    for (size_t v = 0; !rc && v < p; v++) {
        if (isx[v])
            ix[nx++] = v;
        else
            Pb[v + v * p] = 1.0 / S[v + v * p];
    }
    for (size_t b = 0; !rc && b < nx; b++)
        for (size_t a = 0; a < nx; a++)
            B[a + b * nx] = S[ix[a] + ix[b] * p];
    if (!rc && nx && adx__spd_inverse(B, nx, NULL))
        rc = 1;
    for (size_t b = 0; !rc && b < nx; b++)
        for (size_t a = 0; a < nx; a++)
            Pb[ix[a] + ix[b] * p] = B[a + b * nx];
    ADX__FREE(ix, B);
    return rc;
}

/* The independence model's own part tr(E^-1 Delta' W Gamma W Delta): its free parameters
 * are the variances (and means) of the non-covariates, with diagonal E, so it is
 * sum_k Gamma_kk,kk / (2 S_kk^2) (the means' Gamma_k / S_kk cancel their share of
 * tr(W Gamma)); Gamma_kk,kk the variance of d_ik^2 - h_ik^2. */
static double baseline_own(const double *X, const double *H, size_t N, size_t p,
                           const double *S, const int *isx)
{
    double tr = 0;
    for (size_t k = 0; k < p; k++) {
        if (isx[k])
            continue;
        double m = 0, m2 = 0;
        for (size_t i = 0; i < N; i++) {
            double z = X[i + k * N] * X[i + k * N] - (H ? H[i + k * N] * H[i + k * N] : 0.0);
            m += z;
            m2 += z * z;
        }
        m /= (double)N;
        double var = m2 / (double)N - m * m, skk = S[k + k * p];
        tr += var / (2.0 * skk * skk);
    }
    return tr;
}

adx_error_t adx__sem_mlm_traces(const adx_sem_t *s, const adx__est_t *e, double *trw,
                                double *trub)
{
    size_t p = s->p, N = s->data_n;
    const double *X = s->data, *S = s->sample_cov;
    int *isx = calloc(p + 1, sizeof *isx);
    double *H = NULL, *C = malloc(p * p * sizeof *C), *Pb = malloc(p * p * sizeof *Pb);
    adx_error_t rc = ADX_ENOMEM;
    *trw = *trub = NAN;
    if (!isx || !C || !Pb || fitted_part(s, isx, &H))
        goto cleanup;
    /* C = S - H'H / N: the residual covariance of the variables given the covariates */
    memcpy(C, S, p * p * sizeof *C);
    if (H)
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)N,
                    -1.0 / (double)N, H, (int)N, H, (int)N, 1.0, C, (int)p);
    double tw = NAN, twb = NAN;
    int br = baseline_inverse(S, p, isx, Pb);
    if (br < 0 || trace_wgamma(X, H, N, p, e->Sigi, C, &tw) ||
        (!br && trace_wgamma(X, H, N, p, Pb, C, &twb)))
        goto cleanup;
    rc = ADX_OK;
    /* with a mean structure W and Gamma gain the means' block (W is block diagonal, so
     * the third moments do not enter tr(W Gamma)): tr(P C); the independence model's
     * means are saturated, their share cancels */
    double trm = 0;
    for (size_t j = 0; s->meanstructure && j < p; j++)
        for (size_t i = 0; i < p; i++)
            trm += e->Sigi[j + i * p] * C[i + j * p];
    *trw = tw + trm;
    *trub = twb - baseline_own(X, H, N, p, S, isx);
cleanup:
    ADX__FREE(isx, H, C, Pb);
    return rc;
}
