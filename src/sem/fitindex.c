/* SEM fit measures at the estimates: chi2 and its baseline (independence with the
 * fixed x block kept), CFI/TLI/NFI/RFI/IFI, GFI/AGFI, SRMR (Bentler), RMSEA with
 * its 90% interval (noncentral chi2) and close-fit p, log-likelihoods, AIC/BIC,
 * FIML likelihoods, and the Yuan-Bentler (Mplus) scaled statistics of MLR.
 * As lavaan 0.6 computes them; formulas: docs/sem.md. */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_stats.h"
#include "robust.h"

/* F_ML this close below 0 is rounding at an exactly fitting model. */
static const double F_ROUNDING = 1e-10;
/* RMSEA interval: the noncentrality to this relative width (Brent's method; the
 * bisection fallback's iteration cap). */
static const double NCP_TOL = 1e-11;
static const int NCP_MAX_ITER = 200;

typedef struct {
    double x, df, target;
} ncp_args_t;

static double ncp_f(double ncp, void *ud)
{
    const ncp_args_t *a = ud;
    return adx_ncchisq_cdf(a->x, a->df, ncp) - a->target;
}

/* Root of f(lambda) = P(chi2 <= x; df, lambda) - target on [lo, hi] (the CDF
 * decreases in lambda): Brent's method (GSL), about 10 CDF evaluations where
 * bisection needs 40; bisection if the solver cannot be allocated. */
static double ncp_root(double x, double df, double target, double lo, double hi)
{
    ncp_args_t a = {x, df, target};
    gsl_function fn = {ncp_f, &a};
    gsl_root_fsolver *sv = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (sv && gsl_root_fsolver_set(sv, &fn, lo, hi) == GSL_SUCCESS) {
        for (int it = 0; it < NCP_MAX_ITER; it++) {
            if (gsl_root_fsolver_iterate(sv) != GSL_SUCCESS)
                break;
            lo = gsl_root_fsolver_x_lower(sv);
            hi = gsl_root_fsolver_x_upper(sv);
            if (hi - lo <= NCP_TOL * (1.0 + hi))
                break;
        }
        double r = gsl_root_fsolver_root(sv);
        gsl_root_fsolver_free(sv);
        return r;
    }
    gsl_root_fsolver_free(sv);
    for (int it = 0; it < NCP_MAX_ITER && hi - lo > NCP_TOL * (1.0 + hi); it++) {
        double mid = 0.5 * (lo + hi);
        if (ncp_f(mid, &a) > 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* F_ML of a fixed Sigma (the baseline). -1 if not positive definite. */
static int f_ml_fixed(const double *Sig, const double *S, size_t p, double logdetS, double *F)
{
    double *w = malloc(p * p * sizeof(double)), ld = 0;
    if (!w)
        return -1;
    memcpy(w, Sig, p * p * sizeof(double));
    int rc = -1;
    if (adx__spd_inverse(w, p, &ld) == ADX_OK) {
        double tr = 0;
        for (size_t k = 0; k < p * p; k++)
            tr += S[k] * w[k];
        *F = ld + tr - logdetS - (double)p;
        rc = 0;
    }
    free(w);
    return rc;
}

double adx__sem_exact_fit(double F)
{
    return F < 0 && F > -F_ROUNDING ? 0.0 : F;
}

void adx__sem_incremental(double X, double df, double Xb, double dfb, double *cfi, double *tli,
                          double *nfi, double *rfi, double *ifi)
{
    double num = fmax(X - df, 0.0), den = fmax(fmax(Xb - dfb, X - df), 0.0);
    *cfi = den > 0 ? 1.0 - num / den : 1.0;
    *tli = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb - 1.0) : 1.0;
    if (nfi)
        *nfi = (Xb - X) / Xb;
    if (rfi)
        *rfi = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb) : 1.0; /* lavaan: 1 when df = 0 */
    if (ifi)
        *ifi = (Xb - X) / (Xb - df);
}

static void incremental_all(adx_sem_fit_t *f)
{
    adx__sem_incremental(f->chisq, f->df, f->baseline_chisq, f->baseline_df, &f->cfi, &f->tli,
                         &f->nfi, &f->rfi, &f->ifi);
}

/* lavaan's baseline: independence, except that the covariances among the
 * exogenous observed covariates are kept (fixed at the sample values under
 * fixed.x, free otherwise: both reproduce S in that block). */
static adx_error_t baseline(const adx_sem_t *s, const adx__est_t *e, const double *S,
                            const int *isx, adx__sem_counts_t cnt, adx_sem_fit_t *f)
{
    size_t p = s->p, kx = 0;
    double *Sb = calloc(p * p, sizeof(double)), Fb = NAN;
    int *exo = calloc(p + 1, sizeof *exo);
    if (!Sb || !exo) {
        free(Sb);
        free(exo);
        return ADX_ENOMEM;
    }
    for (size_t v = 0; v < p; v++) {
        exo[v] = isx[v] || (!s->opt.fixed_x && adx__sem_is_ov_x(s, v));
        kx += exo[v] && !isx[v];
    }
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            if (i == j || (exo[i] && exo[j]))
                Sb[i + j * p] = S[i + j * p];
    free(exo);
    if (f_ml_fixed(Sb, S, p, e->logdetS, &Fb))
        Fb = NAN;
    free(Sb);
    f->baseline_chisq = (double)s->n * Fb;
    f->baseline_df = cnt.ndat - (double)(p - cnt.nx) * (s->meanstructure ? 2.0 : 1.0) -
                     (double)(kx * (kx - 1) / 2);
    f->baseline_pvalue = gsl_cdf_chisq_Q(f->baseline_chisq, f->baseline_df);
    return ADX_OK;
}

/* tr((Sigma^-1 R)^2) and tr((Sigma^-1 S)^2), the x block of fixed covariates left
 * out (lavaan drops it from the vector of sample statistics). */
static adx_error_t gfi_traces(const adx__est_t *e, const double *S, const int *isx, double *t1,
                              double *t2)
{
    size_t p = e->p;
    double *A1 = calloc(p * p, sizeof(double)), *A2 = calloc(p * p, sizeof(double)),
           *R = calloc(p * p, sizeof(double));
    adx_error_t rc = A1 && A2 && R ? ADX_OK : ADX_ENOMEM;
    if (rc == ADX_OK) {
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++) {
                int xx = isx[i] && isx[j];
                R[i + j * p] = xx ? 0.0 : S[i + j * p] - e->Sig[i + j * p];
                A1[i + j * p] = xx ? 0.0 : S[i + j * p];
            }
        memcpy(A2, A1, p * p * sizeof(double));
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0,
                    e->Sigi, (int)p, R, (int)p, 0.0, A1, (int)p);
        memcpy(R, A2, p * p * sizeof(double));
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0,
                    e->Sigi, (int)p, R, (int)p, 0.0, A2, (int)p);
        *t1 = *t2 = 0;
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < p; j++) {
                *t1 += A1[i + j * p] * A1[j + i * p];
                *t2 += A2[i + j * p] * A2[j + i * p];
            }
    }
    ADX__FREE(A1, A2, R);
    return rc;
}

/* GFI = 1 - tr((Sigma^-1 (S - Sigma))^2) / tr((Sigma^-1 S)^2), AGFI, and SRMR
 * (Bentler): residuals (s_ij - sigma_ij) / sqrt(s_ii s_jj) over the lower triangle
 * with the diagonal (and the means). */
static adx_error_t gfi_srmr(const adx_sem_t *s, const adx__est_t *e, const double *S,
                            const double *mean, const int *isx, adx_sem_fit_t *f)
{
    size_t p = s->p;
    double t1, t2, df = f->df;
    int ms = s->meanstructure && mean;
    if (gfi_traces(e, S, isx, &t1, &t2))
        return ADX_ENOMEM;
    if (ms) {
        /* lavaan weights the means by Sigma^-1 and the covariances by
         * 1/2 D'(Sigma^-1 x Sigma^-1) D */
        double m1 = 0, m2 = 0;
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < p; j++) {
                m1 += e->rr[i] * e->Sigi[i + j * p] * e->rr[j];
                m2 += mean[i] * e->Sigi[i + j * p] * mean[j];
            }
        f->gfi = 1.0 - (0.5 * t1 + m1) / (0.5 * t2 + m2);
    } else {
        f->gfi = 1.0 - t1 / t2;
    }
    double nel = (double)(p * (p + 1) / 2) + (s->meanstructure ? (double)p : 0.0);
    f->agfi = df > 0 ? 1.0 - (nel / df) * (1.0 - f->gfi) : 1.0; /* lavaan: 1 when df = 0 */
    double ss = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = j; i < p; i++) {
            double r = (S[i + j * p] - e->Sig[i + j * p]) / sqrt(S[i + i * p] * S[j + j * p]);
            ss += r * r;
        }
    if (ms)
        for (size_t i = 0; i < p; i++) {
            double r = e->rr[i] / sqrt(S[i + i * p]);
            ss += r * r;
        }
    f->srmr = sqrt(ss / nel);
    return ADX_OK;
}

/* RMSEA, its 90% interval and p(RMSEA <= .05). */
static void rmsea(adx_sem_fit_t *f, double N)
{
    double X = f->chisq, df = f->df;
    if (!(df > 0)) {
        f->rmsea = f->rmsea_ci_lower = f->rmsea_ci_upper = 0.0;
        f->rmsea_pvalue = NAN;
        return;
    }
    f->rmsea = sqrt(fmax(X - df, 0.0) / (df * N));
    if (adx_ncchisq_cdf(X, df, 0.0) < 0.95)
        f->rmsea_ci_lower = 0.0;
    else
        f->rmsea_ci_lower = sqrt(ncp_root(X, df, 0.95, 0.0, X) / (N * df));
    double hi = fmax(N, 4.0 * X);
    if (adx_ncchisq_cdf(X, df, hi) > 0.05 || adx_ncchisq_cdf(X, df, 0.0) < 0.05)
        f->rmsea_ci_upper = 0.0;
    else
        f->rmsea_ci_upper = sqrt(ncp_root(X, df, 0.05, 0.0, hi) / (N * df));
    f->rmsea_pvalue = 1.0 - adx_ncchisq_cdf(X, df, N * df * 0.05 * 0.05);
}

static void info_criteria(adx_sem_fit_t *f, double F, double N, double q)
{
    f->loglik = f->unrestricted_loglik - N / 2.0 * F;
    f->aic = -2.0 * f->loglik + 2.0 * q;
    f->bic = -2.0 * f->loglik + q * log(N);
    f->bic2 = -2.0 * f->loglik + q * log((N + 2.0) / 24.0);
}

/* Log-likelihoods and information criteria. With fixed covariates lavaan reports
 * the likelihood conditional on them, i.e. minus the saturated marginal
 * log-likelihood of the x block. */
static adx_error_t loglik(const adx_sem_t *s, const adx__est_t *e, const double *S,
                          const int *isx, size_t nx, double F, adx_sem_fit_t *f)
{
    size_t p = s->p;
    double N = (double)s->n, l2pi = log(2.0 * 3.14159265358979323846);
    f->unrestricted_loglik = -N / 2.0 * ((double)p * l2pi + e->logdetS + (double)p);
    if (nx) {
        double *Sx = calloc(nx * nx, sizeof(double)), ldx = NAN;
        size_t *xi = calloc(nx, sizeof(size_t)), c = 0;
        if (!Sx || !xi) {
            free(Sx);
            free(xi);
            return ADX_ENOMEM;
        }
        for (size_t i = 0; i < p && c < nx; i++)
            if (isx[i])
                xi[c++] = i;
        for (size_t b = 0; b < nx; b++)
            for (size_t a = 0; a < nx; a++)
                Sx[a + b * nx] = S[xi[a] + xi[b] * p];
        adx_error_t lr = adx__spd_logdet(Sx, nx, &ldx);
        free(Sx);
        free(xi);
        if (lr == ADX_ENOMEM)
            return lr;
        if (lr)
            ldx = NAN;
        f->unrestricted_loglik -= -N / 2.0 * ((double)nx * l2pi + ldx + (double)nx);
    }
    info_criteria(f, F, N, f->npar);
    return ADX_OK;
}

/* Available-case means and pairwise covariances of the FIML cases, each pair over its
 * complete cases with divisor n_ij - 1, times (N - 1)/N (lavaan's sample statistics
 * under missing = "ml"): into m (p) and S (p x p). */
static void fiml_pairwise(const struct adx_sem_fiml *fm, size_t p, double *m, double *S)
{
    size_t N = fm->N;
    const double *X = fm->cases;
    for (size_t j = 0; j < p; j++)
        for (size_t i = j; i < p; i++) {
            double n = 0, si = 0, sj = 0, sij = 0;
            for (size_t c = 0; c < N; c++) {
                double a = X[c + i * N], b = X[c + j * N];
                if (isnan(a) || isnan(b))
                    continue;
                n += 1.0;
                si += a;
                sj += b;
                sij += a * b;
            }
            S[i + j * p] = S[j + i * p] =
                n > 1 ? (sij - si * sj / n) / (n - 1.0) * ((double)N - 1.0) / (double)N : NAN;
            if (i == j)
                m[i] = n > 0 ? si / n : NAN;
        }
}

/* GFI under FIML as lavaan 0.6.14's lav_fit_gfi: 1 - d' V d / (s' V s) with s the sample
 * statistics (available-case means, pairwise covariances: fiml_pairwise), d = s - the
 * implied moments and V the expected information of the saturated moments under the
 * missing-data patterns at the implied moments (adx__sem_fiml_info), the elements of
 * the fixed covariates' block left out; AGFI from it with lavaan's nel. */
static adx_error_t fiml_gfi(const adx_sem_t *s, const adx__est_t *e, const int *isx,
                            adx_sem_fit_t *f)
{
    size_t p = s->p;
    double *dS = malloc(2 * p * p * sizeof *dS), *dm = malloc(2 * p * sizeof *dm), H[4];
    adx_error_t rc = dS && dm ? ADX_OK : ADX_ENOMEM;
    int bad = 0;
    if (rc == ADX_OK) {
        fiml_pairwise(s->fiml, p, dm + p, dS + p * p);
        for (size_t j = 0; j < p; j++) {
            for (size_t i = 0; i < p; i++) {
                double *o = dS + p * p + i + j * p;
                if (isx[i] && isx[j])
                    *o = 0.0;
                dS[i + j * p] = isx[i] && isx[j] ? 0.0 : *o - e->Sig[i + j * p];
            }
            if (isx[j])
                dm[p + j] = 0.0;
            dm[j] = isx[j] ? 0.0 : dm[p + j] - e->muall[j];
        }
        bad = adx__sem_fiml_info(s->fiml, p, e->Sig, 2, dS, dm, H);
        rc = bad < 0 ? ADX_ENOMEM : ADX_OK;
    }
    f->gfi = f->agfi = NAN;
    if (rc == ADX_OK && !bad && H[3] > 0 && isfinite(H[0])) {
        double nel = (double)(p * (p + 1) / 2 + p), df = f->df;
        f->gfi = 1.0 - H[0] / H[3];
        f->agfi = df > 0 ? 1.0 - (nel / df) * (1.0 - f->gfi) : 1.0;
    }
    ADX__FREE(dS, dm);
    return rc;
}

/* FIML: likelihoods from the patterns; baseline = independence with free means and
 * variances, each variable on its available cases, the block of exogenous covariates
 * saturated (fiml.c). With fixed covariates (nx > 0) the likelihoods are conditional
 * on them, as lavaan's: less the saturated log-likelihood of the x block. GFI/AGFI:
 * fiml_gfi. */
static adx_error_t fiml_measures(const adx_sem_t *s, const adx__est_t *e, const int *isx,
                                 double F, size_t nx, adx_sem_fit_t *f)
{
    double N = (double)s->n;
    f->unrestricted_loglik = s->fiml->logl_h1 - (nx ? s->fiml->logl_x : 0.0);
    info_criteria(f, F, N, f->npar);
    f->baseline_chisq = 2.0 * (s->fiml->logl_h1 - s->fiml->logl_baseline);
    f->baseline_pvalue = gsl_cdf_chisq_Q(f->baseline_chisq, f->baseline_df);
    incremental_all(f);
    return fiml_gfi(s, e, isx, f);
}

/* Robust CFI, TLI (Brosseau-Liard & Savalei 2014) and RMSEA with its interval and
 * close-fit p (Brosseau-Liard, Savalei & Li 2012), as lavaan's cfi.robust, tli.robust,
 * rmsea.robust: from the statistic X with scaling factor c and the baseline's Xb, cb.
 * The RMSEA interval inverts the noncentral chi2 at X / c and scales lambda by c, which
 * is the ordinary interval with N / c cases. */
static void robust_indices(adx_sem_fit_t *f, double X, double c, double Xb, double cb, double N)
{
    double df = f->df, dfb = f->baseline_df;
    adx_sem_fit_t r = *f;
    r.chisq = X / c;
    rmsea(&r, N / c);
    f->rmsea_robust = r.rmsea;
    f->rmsea_ci_lower_robust = r.rmsea_ci_lower;
    f->rmsea_ci_upper_robust = r.rmsea_ci_upper;
    f->rmsea_pvalue_robust = r.rmsea_pvalue;
    if (!isfinite(Xb) || !isfinite(cb))
        return;
    double t1 = fmax(X - c * df, 0.0), t2 = fmax(fmax(X - c * df, Xb - cb * dfb), 0.0);
    f->cfi_robust = t1 == 0 && t2 == 0 ? 1.0 : 1.0 - t1 / t2;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    f->tli_robust = fabs(u2) > 0 ? 1.0 - u1 / u2 : 1.0;
}

/* Scaled statistics: c = (tr(U Gamma)) / df with tr(U Gamma) = tr1 - tr(A0^-1 B0), tr1
 * the saturated model's trace (MLR, Yuan-Bentler Mplus variant: tr(A1^-1 B1), robust.c)
 * or tr(W Gamma) (MLM, Satorra-Bentler) and tr(A0^-1 B0) the model's (ssr_trace); the
 * baseline likewise with its own trace (MLR: the same h1 trace less the independence
 * model's own, fixed covariates left out of both, as lavaan; MLM: robust_mlm.c). */
static adx_error_t scaled(const adx_sem_t *s, const adx__est_t *e, const int *isx,
                          double ssr_trace, adx_sem_fit_t *f)
{
    f->chisq_scaled = f->chisq_scaling_factor = f->pvalue_scaled = NAN;
    f->baseline_chisq_scaled = f->baseline_chisq_scaling_factor = NAN;
    f->cfi_scaled = f->tli_scaled = f->rmsea_scaled = NAN;
    f->cfi_robust = f->tli_robust = f->rmsea_robust = NAN;
    f->rmsea_ci_lower_robust = f->rmsea_ci_upper_robust = f->rmsea_pvalue_robust = NAN;
    if (!s->opt.robust || !isfinite(ssr_trace) || !(f->df > 0))
        return ADX_OK;
    double tr1 = NAN, trb1 = NAN;
    adx_error_t rc = s->opt.robust == ADX_SEM_MLM ? adx__sem_mlm_traces(s, e, &tr1, &trb1)
                                                  : adx__sem_h1_trace(s, isx, &tr1);
    if (rc)
        return rc == ADX_ENOMEM ? rc : ADX_OK;
    if (s->opt.robust != ADX_SEM_MLM)
        trb1 = tr1 - adx__sem_baseline_trace(s, isx);
    f->chisq_scaling_factor = (tr1 - ssr_trace) / f->df;
    f->chisq_scaled = f->chisq / f->chisq_scaling_factor;
    f->pvalue_scaled = gsl_cdf_chisq_Q(f->chisq_scaled, f->df);
    double cb = trb1 / f->baseline_df;
    f->baseline_chisq_scaling_factor = cb;
    f->baseline_chisq_scaled = f->baseline_chisq / cb;
    adx__sem_incremental(f->chisq_scaled, f->df, f->baseline_chisq_scaled, f->baseline_df,
                         &f->cfi_scaled, &f->tli_scaled, NULL, NULL, NULL);
    f->rmsea_scaled = sqrt(fmax(f->chisq_scaled - f->df, 0.0) / (f->df * (double)s->n));
    if (!s->fiml) {
        robust_indices(f, f->chisq, f->chisq_scaling_factor, f->baseline_chisq, cb,
                       (double)s->n);
        return ADX_OK;
    }
    double fc[4];
    if ((rc = adx__sem_fimlc(s, e, s->theta, f->df, f->baseline_df, fc)))
        return rc;
    if (isfinite(fc[0]) && isfinite(fc[1]))
        robust_indices(f, fc[0], fc[1], fc[2], fc[3], (double)s->n);
    return ADX_OK;
}

adx_error_t adx__sem_fit_indices(adx_sem_t *s, const adx__est_t *e, const double *S,
                                 const double *mean, size_t n, double F,
                                 adx__sem_counts_t cnt, double ssr_trace, adx_errctx_t *ctx)
{
    adx_sem_fit_t *f = &s->fit;
    double N = (double)n;
    size_t p = s->p;
    int *isx = calloc(p + 1, sizeof *isx);
    adx_error_t rc = ADX_OK;
    if (!isx)
        return adx_oom(ctx);
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].fixed_x)
            isx[e->ri[r]] = 1;
    f->npar = (double)(s->npar - adx__sem_gcon_neq(s, s->theta));
    f->bollen_stine_pvalue = f->bollen_stine_used = NAN;
    F = adx__sem_exact_fit(F);
    f->fmin = F / 2.0;
    f->chisq = N * F;
    f->df = cnt.ndat - f->npar;
    f->pvalue = f->df > 0 ? gsl_cdf_chisq_Q(f->chisq, f->df) : NAN;
    if ((rc = baseline(s, e, S, isx, cnt, f)))
        goto cleanup;
    incremental_all(f);
    if ((rc = gfi_srmr(s, e, S, mean, isx, f)))
        goto cleanup;
    rmsea(f, N);
    if ((rc = loglik(s, e, S, isx, cnt.nx, F, f)))
        goto cleanup;
    if (s->fiml && (rc = fiml_measures(s, e, isx, F, cnt.nx, f)))
        goto cleanup;
    rc = scaled(s, e, isx, ssr_trace, f);
cleanup:
    free(isx);
    return rc ? adx_oom(ctx) : ADX_OK;
}

void adx__sem_rmsea(adx_sem_fit_t *f, double N) { rmsea(f, N); }
