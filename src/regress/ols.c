/* The reusable OLS fit: QR least squares, classical and HC0-HC4 covariances. */
#include <gsl/gsl_cdf.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_regress.h"
#include "regress_priv.h"

int adx_hc_parse(const char *s)
{
    static const char *names[] = {"none", "hc0", "hc1", "hc2", "hc3", "hc4"};
    for (int i = 0; i < 6; i++)
        if (!strcasecmp(s, names[i]))
            return i;
    return -1;
}

const char *adx_hc_name(adx_hc_t hc)
{
    static const char *names[] = {"OLS", "HC0", "HC1", "HC2", "HC3", "HC4"};
    return (unsigned)hc <= ADX_HC4 ? names[hc] : "?";
}

void adx_ols_options_init(adx_ols_options_t *o)
{
    o->intercept = 1;
    o->tol = 1e-7;
    o->ci_level = 0.95;
    o->hc = ADX_HC_NONE;
    o->keep_resid = 0;
}

void adx_ols_free(adx_ols_t *f)
{
    if (!f)
        return;
    ADX__FREE(f->b, f->se, f->t, f->pvalue, f->ci_lower, f->ci_upper, f->cov, f->xtx_inv,
              f->resid, f->fitted, f->hat, f);
}

int adx__ols_arrays(adx_ols_t *f)
{
    size_t p = f->p ? f->p : 1;
    return !(f->b = calloc(p, sizeof(double))) || !(f->se = calloc(p, sizeof(double))) ||
                   !(f->t = calloc(p, sizeof(double))) ||
                   !(f->pvalue = calloc(p, sizeof(double))) ||
                   !(f->ci_lower = calloc(p, sizeof(double))) ||
                   !(f->ci_upper = calloc(p, sizeof(double))) ||
                   !(f->cov = calloc(p * p, sizeof(double))) ||
                   !(f->xtx_inv = calloc(p * p, sizeof(double)))
               ? -1
               : 0;
}

void adx__ols_inference(adx_ols_t *f, double ci_level)
{
    size_t p = f->p;
    double tc = gsl_cdf_tdist_Qinv((1 - ci_level) / 2, f->df_res);
    for (size_t j = 0; j < p; j++) {
        f->se[j] = sqrt(f->cov[j + j * p]);
        f->t[j] = f->b[j] / f->se[j];
        f->pvalue[j] = 2 * gsl_cdf_tdist_Q(fabs(f->t[j]), f->df_res);
        f->ci_lower[j] = f->b[j] - tc * f->se[j];
        f->ci_upper[j] = f->b[j] + tc * f->se[j];
    }
}

/* Thin QR of X: Q (n x p) and R^-1 (p x p, upper), both caller-allocated. */
static adx_error_t thin_qr(const adx_matrix_t *X, double *Q, double *Ri)
{
    size_t n = X->rows, p = X->cols;
    double *tau = malloc((p ? p : 1) * sizeof *tau);
    if (!tau)
        return ADX_ENOMEM;
    for (size_t j = 0; j < p; j++)
        memcpy(Q + j * n, X->data + j * X->ld, n * sizeof *Q);
    lapack_int ln = (lapack_int)n, lp = (lapack_int)p;
    adx_error_t rc = ADX_OK;
    if (LAPACKE_dgeqrf(LAPACK_COL_MAJOR, ln, lp, Q, ln, tau) != 0) {
        rc = ADX_ESINGULAR;
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            Ri[i + j * p] = i <= j ? Q[i + j * n] : 0.0;
    if (LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', lp, Ri, lp) != 0 ||
        LAPACKE_dorgqr(LAPACK_COL_MAJOR, ln, lp, lp, Q, ln, tau) != 0)
        rc = ADX_ESINGULAR;
cleanup:
    free(tau);
    return rc;
}

/* Leverages h_i = |Q_i|^2. */
static adx_error_t leverages(const adx_matrix_t *X, double *h)
{
    size_t n = X->rows, p = X->cols;
    double *Q = malloc(n * p * sizeof *Q), *Ri = malloc(p * p * sizeof *Ri);
    adx_error_t rc = Q && Ri ? thin_qr(X, Q, Ri) : ADX_ENOMEM;
    if (!rc)
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < p; j++)
                s += Q[i + j * n] * Q[i + j * n];
            h[i] = s;
        }
    free(Q);
    free(Ri);
    return rc;
}

/* out = A B (p x p, column-major A and out; B(k, j) at B[k * brs + j * bcs]) where one
 * factor is upper triangular: the sum over k starts at i (A upper: from_row) or at j
 * (B lower as read, i.e. stored B' upper). */
static void upper_product(const double *A, const double *B, size_t brs, size_t bcs,
                          int from_row, size_t p, double *out)
{
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            double s = 0;
            for (size_t k = from_row ? i : j; k < p; k++)
                s += A[i + k * p] * B[k * brs + j * bcs];
            out[i + j * p] = s;
        }
}

adx_error_t adx_ols_hc(const adx_matrix_t *X, const adx_ols_t *f, adx_hc_t hc, double *cov)
{
    size_t n = f->n, p = f->p;
    if (!f->resid || !f->hat)
        return ADX_EUSAGE;
    adx_error_t rc = ADX_OK;
    double *Q = malloc(n * p * sizeof *Q), *Ri = malloc(p * p * sizeof *Ri);
    double *meat = calloc(p * p, sizeof *meat), *tmp = malloc(p * p * sizeof *tmp);
    if (!Q || !Ri || !meat || !tmp) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    if ((rc = thin_qr(X, Q, Ri)) != ADX_OK)
        goto cleanup;
    /* V = R^-1 Q' diag(w e^2) Q R^-T (the sandwich through the QR of X). */
    for (size_t i = 0; i < n; i++) {
        double h = f->hat[i], e2 = f->resid[i] * f->resid[i], w = 1;
        switch (hc) {
        case ADX_HC1: w = (double)n / (double)(n - p); break;
        case ADX_HC2: w = 1 / (1 - h); break;
        case ADX_HC3: w = 1 / ((1 - h) * (1 - h)); break;
        case ADX_HC4: {
            double d = (double)n * h / (double)p;
            w = pow(1 - h, -(d < 4 ? d : 4));
            break;
        }
        default: break;
        }
        double s = w * e2;
        for (size_t b = 0; b < p; b++) {
            double qb = Q[i + b * n] * s;
            for (size_t a = 0; a <= b; a++)
                meat[a + b * p] += Q[i + a * n] * qb;
        }
    }
    for (size_t b = 0; b < p; b++)
        for (size_t a = b + 1; a < p; a++)
            meat[a + b * p] = meat[b + a * p];
    upper_product(Ri, meat, 1, p, 1, p, tmp);
    upper_product(tmp, Ri, p, 1, 0, p, cov);
cleanup:
    ADX__FREE(Q, Ri, meat, tmp);
    return rc;
}

adx_error_t adx_ols_wald(const adx_ols_t *f, const size_t *idx, size_t q, double *F, double *p)
{
    size_t k = f->p;
    *F = NAN;
    if (p)
        *p = NAN;
    if (q == 0)
        return ADX_EUSAGE;
    for (size_t a = 0; a < q; a++)
        if (idx[a] >= k)
            return ADX_EUSAGE;
    double *V = malloc(q * q * sizeof *V), *x = malloc(q * sizeof *x);
    adx_error_t rc = V && x ? ADX_OK : ADX_ENOMEM;
    for (size_t a = 0; !rc && a < q; a++) {
        x[a] = f->b[idx[a]];
        for (size_t b = 0; b < q; b++)
            V[a + b * q] = f->cov[idx[a] + idx[b] * k];
    }
    /* b_S' V_SS^-1 b_S through the Cholesky solve V_SS x = b_S. */
    if (!rc && (rc = adx__spd_solve(V, q, x, 1)) == ADX_OK) {
        double s = 0;
        for (size_t a = 0; a < q; a++)
            s += f->b[idx[a]] * x[a];
        *F = s / (double)q;
        if (p)
            *p = gsl_cdf_fdist_Q(*F, (double)q, f->df_res);
    }
    ADX__FREE(V, x);
    return rc;
}

adx_error_t adx_ols_fit(const adx_matrix_t *X, const double *y, const char *const *names,
                        const adx_ols_options_t *opt, adx_ols_t **out, adx_errctx_t *ctx)
{
    adx_ols_options_t def;
    opt = ADX__OPTIONS(opt, def, adx_ols_options_init);
    *out = NULL;
    size_t n = X->rows, p = X->cols;
    adx_error_t rc = ADX_OK;
    adx_ols_t *f = calloc(1, sizeof *f);
    if (!f)
        return adx_oom(ctx);
    f->n = n;
    f->p = p;
    f->hc = opt->hc;
    if (n <= p) {
        rc = adx_err(ctx, ADX_EEMPTY,
                     "%zu complete cases for %zu coefficients: a regression needs more cases "
                     "than parameters; remove predictors or check the missing values",
                     n, p);
        goto cleanup;
    }
    if (adx__ols_arrays(f) || !(f->resid = malloc(n * sizeof(double))) ||
        !(f->fitted = malloc(n * sizeof(double))) || !(f->hat = malloc(n * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    /* Total sum of squares (two-pass) and the zero-variance check. */
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += y[i];
    mean /= (double)n;
    double tss = 0, corr = 0;
    for (size_t i = 0; i < n; i++) {
        double d = opt->intercept ? y[i] - mean : y[i];
        tss += d * d;
        corr += d;
    }
    if (opt->intercept)
        tss -= corr * corr / (double)n;
    if (!(tss > 0)) {
        rc = adx_err(ctx, ADX_ECONST,
                     "the dependent variable has zero variance in the %zu cases used; "
                     "a regression needs variation in Y",
                     n);
        goto cleanup;
    }
    size_t aliased = 0;
    rc = adx_lstsq(X, y, f->b, f->xtx_inv, &f->rss, opt->tol, &aliased);
    if (rc == ADX_ESINGULAR) {
        if (names)
            rc = adx_err(ctx, ADX_ESINGULAR,
                         "term '%s' is a linear combination of the terms before it (perfect "
                         "collinearity) or constant in the cases used; remove it",
                         names[aliased]);
        else
            rc = adx_err(ctx, ADX_ESINGULAR,
                         "column %zu of the design is a linear combination of earlier columns "
                         "(perfect collinearity)",
                         aliased + 1);
        goto cleanup;
    } else if (rc) {
        rc = adx_err(ctx, rc, "least squares failed: %s", adx_strerror(rc));
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < p; j++)
            s += ADX_M(X, i, j) * f->b[j];
        f->fitted[i] = s;
        f->resid[i] = y[i] - s;
    }
    if ((rc = leverages(X, f->hat)) != ADX_OK) {
        rc = adx_err(ctx, rc, "QR decomposition failed");
        goto cleanup;
    }
    f->df_res = (double)(n - p);
    f->tss = tss;
    f->ess = tss - f->rss;
    f->r2 = 1 - f->rss / tss;
    double k = (double)p - (opt->intercept ? 1 : 0);
    double dn = opt->intercept ? (double)n - 1 : (double)n;
    f->adj_r2 = 1 - (1 - f->r2) * dn / f->df_res;
    double s2 = f->rss / f->df_res;
    f->sigma = sqrt(s2);
    f->df1 = k;
    f->df2 = f->df_res;
    if (k > 0) {
        f->f = (f->ess / k) / s2;
        f->f_p = gsl_cdf_fdist_Q(f->f, k, f->df_res);
    } else {
        f->f = f->f_p = NAN;
    }
    if (opt->hc != ADX_HC_NONE) {
        if ((rc = adx_ols_hc(X, f, opt->hc, f->cov)) != ADX_OK) {
            rc = adx_err(ctx, rc, "robust covariance failed: %s", adx_strerror(rc));
            goto cleanup;
        }
    } else {
        for (size_t j = 0; j < p * p; j++)
            f->cov[j] = s2 * f->xtx_inv[j];
    }
    adx__ols_inference(f, opt->ci_level);
    if (!opt->keep_resid) {
        ADX__FREE(f->resid, f->fitted, f->hat);
        f->resid = f->fitted = f->hat = NULL;
    }
cleanup:
    if (rc)
        adx_ols_free(f);
    else
        *out = f;
    return rc;
}
