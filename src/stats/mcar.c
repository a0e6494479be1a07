/* Missing-data patterns and Little's (1988, JASA 83, 1198-1202) MCAR test:
 * d2 = sum_j n_j (ybar_j - mu_j)' Sigma_jj^-1 (ybar_j - mu_j), df = sum_j p_j - p, over the
 * patterns j with p_j observed variables, mu and Sigma the ML estimates under multivariate
 * normality by EM (Dempster, Laird & Rubin 1977), as naniar::mcar_test (norm's EM). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

void adx_mcar_options_init(adx_mcar_options_t *o)
{
    o->em_tol = 1e-12;
    o->em_max_iter = 10000;
}

void adx_mcar_free(adx_mcar_t *m)
{
    if (!m)
        return;
    ADX__FREE(m->pattern, m->count, m->mu, m->sigma, m->first, m->rows, m);
}

/* Data and patterns, shared by the comparisons of qsort. */
typedef struct {
    const unsigned char *obs;
    size_t k;
} pat_ctx_t;
static _Thread_local pat_ctx_t pc;

static int cmp_rows(const void *a, const void *b)
{
    return memcmp(pc.obs + *(const size_t *)a * pc.k, pc.obs + *(const size_t *)b * pc.k, pc.k);
}

/* One EM pass: the new mean and covariance from the current ones. buf: 3 k^2 doubles. */
static adx_error_t em_step(const adx_mcar_t *M, const double *Y, const unsigned char *obs,
                           double *mu1, double *S1, double *buf)
{
    size_t k = M->k, n = M->n;
    double *inv = buf, *B = buf + k * k, *y = buf + 2 * k * k;
    memset(mu1, 0, k * sizeof *mu1);
    memset(S1, 0, k * k * sizeof *S1);
    for (size_t g = 0; g < M->npatterns; g++) {
        const unsigned char *o = M->pattern + g * k;
        size_t no = 0, nm = 0, oi[256], mi[256];
        for (size_t j = 0; j < k; j++) {
            if (o[j])
                oi[no++] = j;
            else
                mi[nm++] = j;
        }
        for (size_t a = 0; a < no; a++)
            for (size_t b = 0; b < no; b++)
                inv[a + b * no] = M->sigma[oi[a] + oi[b] * k];
        adx_error_t rc = adx__spd_inverse(inv, no, NULL);
        if (rc)
            return rc;
        for (size_t a = 0; a < nm; a++) /* B = S_mo S_oo^-1 (nm x no) */
            for (size_t b = 0; b < no; b++) {
                double s = 0;
                for (size_t c = 0; c < no; c++)
                    s += M->sigma[mi[a] + oi[c] * k] * inv[c + b * no];
                B[a + b * nm] = s;
            }
        size_t cnt = M->count[g];
        for (size_t a = 0; a < nm; a++) /* conditional covariance S_mm - B S_om, n_g times */
            for (size_t b = 0; b < nm; b++) {
                double s = M->sigma[mi[a] + mi[b] * k];
                for (size_t c = 0; c < no; c++)
                    s -= B[a + c * nm] * M->sigma[oi[c] + mi[b] * k];
                S1[mi[a] + mi[b] * k] += (double)cnt * s;
            }
        for (size_t r = 0; r < cnt; r++) {
            size_t i = M->rows[M->first[g] + r];
            for (size_t j = 0; j < k; j++)
                y[j] = obs[i * k + j] ? Y[i * k + j] : 0;
            for (size_t a = 0; a < nm; a++) {
                double s = M->mu[mi[a]];
                for (size_t c = 0; c < no; c++)
                    s += B[a + c * nm] * (y[oi[c]] - M->mu[oi[c]]);
                y[mi[a]] = s;
            }
            for (size_t a = 0; a < k; a++) {
                mu1[a] += y[a];
                for (size_t b = 0; b < k; b++)
                    S1[a + b * k] += y[a] * y[b];
            }
        }
    }
    for (size_t a = 0; a < k; a++)
        mu1[a] /= (double)n;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            S1[a + b * k] = S1[a + b * k] / (double)n - mu1[a] * mu1[b];
    return ADX_OK;
}

/* Little's d2 from the EM estimates. */
static adx_error_t little(adx_mcar_t *M, const double *Y, double *buf)
{
    size_t k = M->k;
    double d2 = 0, df = 0, *inv = buf, *yb = buf + k * k;
    for (size_t g = 0; g < M->npatterns; g++) {
        const unsigned char *o = M->pattern + g * k;
        size_t no = 0, oi[256];
        for (size_t j = 0; j < k; j++)
            if (o[j])
                oi[no++] = j;
        for (size_t a = 0; a < no; a++) {
            yb[a] = 0;
            for (size_t r = 0; r < M->count[g]; r++)
                yb[a] += Y[M->rows[M->first[g] + r] * k + oi[a]];
            yb[a] = yb[a] / (double)M->count[g] - M->mu[oi[a]];
            for (size_t b = 0; b < no; b++)
                inv[a + b * no] = M->sigma[oi[a] + oi[b] * k];
        }
        adx_error_t rc = adx__spd_inverse(inv, no, NULL);
        if (rc)
            return rc;
        double q = 0;
        for (size_t a = 0; a < no; a++)
            for (size_t b = 0; b < no; b++)
                q += yb[a] * inv[a + b * no] * yb[b];
        d2 += (double)M->count[g] * q;
        df += (double)no;
    }
    M->chi2 = d2;
    M->df = df - (double)k;
    M->p = M->df > 0 ? gsl_cdf_chisq_Q(d2, M->df) : NAN;
    return ADX_OK;
}

/* Groups the rows by pattern (largest group first); fills pattern, count, first, rows. */
static adx_error_t group_rows(adx_mcar_t *M, const unsigned char *obs, size_t nrows)
{
    size_t k = M->k, n = 0;
    for (size_t i = 0; i < nrows; i++) {
        size_t any = 0;
        for (size_t j = 0; j < k; j++)
            any += obs[i * k + j];
        if (any)
            M->rows[n++] = i;
    }
    M->n = n;
    pc = (pat_ctx_t){obs, k};
    qsort(M->rows, n, sizeof *M->rows, cmp_rows);
    size_t np = 0;
    for (size_t r = 0; r < n; r++)
        if (!r || cmp_rows(&M->rows[r - 1], &M->rows[r])) {
            M->first[np] = r;
            M->count[np++] = 0;
            memcpy(M->pattern + (np - 1) * k, obs + M->rows[r] * k, k);
        } else {
            M->count[np - 1]++;
        }
    for (size_t g = 0; g < np; g++)
        M->count[g]++;
    M->npatterns = np;
    /* Largest first (a stable insertion sort of few patterns keeps ties in pattern order). */
    for (size_t g = 1; g < np; g++)
        for (size_t h = g; h > 0 && M->count[h] > M->count[h - 1]; h--) {
            size_t t = M->count[h];
            M->count[h] = M->count[h - 1];
            M->count[h - 1] = t;
            t = M->first[h];
            M->first[h] = M->first[h - 1];
            M->first[h - 1] = t;
            for (size_t j = 0; j < k; j++) {
                unsigned char c = M->pattern[h * k + j];
                M->pattern[h * k + j] = M->pattern[(h - 1) * k + j];
                M->pattern[(h - 1) * k + j] = c;
            }
        }
    return ADX_OK;
}

adx_error_t adx_mcar(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_mcar_options_t *o, adx_mcar_t **out, adx_errctx_t *ctx)
{
    adx_mcar_options_t def;
    o = ADX__OPTIONS(o, def, adx_mcar_options_init);
    *out = NULL;
    size_t N = ds->nrows ? ds->nrows : 1;
    if (k < 1 || k > 256)
        return adx_err(ctx, ADX_EUSAGE, "missing-data patterns take 1 to 256 variables, not %zu",
                       k);
    adx_error_t rc = ADX_OK;
    adx_mcar_t *M = calloc(1, sizeof *M);
    unsigned char *obs = malloc(N * k);
    double *Y = malloc(N * k * sizeof *Y), *mu1 = malloc(k * sizeof *mu1),
           *S1 = malloc(k * k * sizeof *S1), *buf = malloc((3 * k * k + k) * sizeof *buf);
    if (!M || !obs || !Y || !mu1 || !S1 || !buf || !(M->pattern = malloc(N * k)) ||
        !(M->count = calloc(N, sizeof *M->count)) || !(M->first = calloc(N, sizeof *M->first)) ||
        !(M->rows = calloc(N, sizeof *M->rows)) || !(M->mu = calloc(k, sizeof *M->mu)) ||
        !(M->sigma = calloc(k * k, sizeof *M->sigma)))
        goto oom;
    M->k = k;
    for (size_t i = 0; i < ds->nrows; i++)
        for (size_t j = 0; j < k; j++) {
            Y[i * k + j] = ds->vars[vars[j]].num[i];
            obs[i * k + j] = !isnan(Y[i * k + j]);
        }
    group_rows(M, obs, ds->nrows);
    /* Start: available-case means and variances. */
    for (size_t j = 0; j < k; j++) {
        double m, s;
        adx__mean_sd(&Y[j], ds->nrows, k, 1, &m, &s, NULL);
        M->mu[j] = m;
        M->sigma[j + j * k] = s * s;
        if (!(s > 0)) {
            rc = adx_err(ctx, ADX_ECONST, "variable '%s' has fewer than two distinct values; "
                                          "the MCAR test needs its variance",
                         ds->vars[vars[j]].name);
            goto cleanup;
        }
    }
    for (M->em_iterations = 1; M->em_iterations <= o->em_max_iter; M->em_iterations++) {
        if ((rc = em_step(M, Y, obs, mu1, S1, buf)))
            break;
        double d = 0;
        for (size_t a = 0; a < k; a++)
            d = fmax(d, fabs(mu1[a] - M->mu[a]));
        for (size_t a = 0; a < k * k; a++)
            d = fmax(d, fabs(S1[a] - M->sigma[a]));
        memcpy(M->mu, mu1, k * sizeof *mu1);
        memcpy(M->sigma, S1, k * k * sizeof *S1);
        if (d < o->em_tol) {
            M->em_converged = 1;
            break;
        }
    }
    if (!rc)
        rc = little(M, Y, buf);
    if (rc == ADX_ESINGULAR)
        rc = adx_err(ctx, ADX_ESINGULAR, "the EM covariance matrix is singular: a variable is a "
                                         "linear combination of others");
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    ADX__FREE(obs, Y, mu1, S1, buf);
    if (rc)
        adx_mcar_free(M);
    else
        *out = M;
    return rc;
}
