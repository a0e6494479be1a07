/* The Bollen-Stine (1992) bootstrap p-value of the chi2 test: the centred data are
 * transformed so that their covariance is the model-implied one,
 * Y* = (Y - ybar) S^-1/2 Sigma^1/2 (symmetric square roots, as lavaan's
 * bootstrapLavaan type = "bollen.stine"; with a mean structure the model-implied means
 * mu-hat are added, Y* + mu-hat, as lavaan), resampled, and the model refitted to each
 * resample from the estimates; p = share of the replicates' chi2 above the sample's
 * (lavaan's rule). Replicate b uses RNG stream b of the seed, so the result does not
 * depend on the thread count. Formulas: docs/sem.md ("Bootstrap"). */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_rng.h"
#include "est.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* A (p x p symmetric positive definite) becomes A^(pw), pw = 1/2 or -1/2, through its
 * eigen decomposition. -1 when it is not positive definite or memory runs out. */
static int sym_power(double *A, size_t p, double pw)
{
    double *w = malloc(p * sizeof(double)), *V = malloc(p * p * sizeof(double));
    int rc = -1;
    if (!w || !V)
        goto cleanup;
    memcpy(V, A, p * p * sizeof(double));
    if (LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)p, V, (lapack_int)p, w) != 0 ||
        !(w[0] > 0))
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            double acc = 0;
            for (size_t k = 0; k < p; k++)
                acc += V[i + k * p] * pow(w[k], pw) * V[j + k * p];
            A[i + j * p] = acc;
        }
    rc = 0;
cleanup:
    free(w);
    free(V);
    return rc;
}

/* The model-implied means at the estimates into mu (p). -1 on failure. */
static int implied_means(const adx_sem_t *s, double *mu)
{
    adx__est_t e;
    double F;
    int rc = adx__est_init(&e, s);
    if (!rc)
        rc = adx__est_set_sample(&e, s->sample_cov, s->sample_mean);
    if (!rc)
        rc = adx__est_eval(&e, s->theta, &F);
    if (!rc)
        memcpy(mu, e.muall, s->p * sizeof(double));
    adx__est_free(&e);
    return rc;
}

/* The transformed data (n x p) into Y (mu: the implied means added, or NULL). -1 on
 * failure. */
static int transform(const adx_sem_t *s, const double *mu, double *Y)
{
    size_t p = s->p, n = s->data_n;
    double *Si = malloc(p * p * sizeof(double)), *Sg = malloc(p * p * sizeof(double));
    double *T = malloc(p * p * sizeof(double));
    int rc = -1;
    if (!Si || !Sg || !T)
        goto cleanup;
    memcpy(Si, s->sample_cov, p * p * sizeof(double));
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            Sg[i + j * p] = s->implied[i + j * (p + s->m)];
    if (sym_power(Si, p, -0.5) || sym_power(Sg, p, 0.5))
        goto cleanup;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, Si,
                (int)p, Sg, (int)p, 0.0, T, (int)p);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)p, (int)p, 1.0, s->data,
                (int)n, T, (int)p, 0.0, Y, (int)n);
    for (size_t v = 0; mu && v < p; v++)
        for (size_t i = 0; i < n; i++)
            Y[i + v * n] += mu[v];
    rc = 0;
cleanup:
    ADX__FREE(Si, Sg, T);
    return rc;
}

/* Replicate b: chi2 of the refit to a resample of Y (NaN when it fails). */
static double replicate(const adx_sem_t *s, adx__est_t *e, const double *Y, size_t b,
                        unsigned long long seed, size_t *idx, double *mu, double *S, double *th)
{
    size_t p = s->p, n = s->data_n;
    adx_rng_t rng;
    adx_rng_init(&rng, seed, b);
    for (size_t i = 0; i < n; i++)
        idx[i] = (size_t)adx_rng_below(&rng, n);
    for (size_t v = 0; v < p; v++) {
        double m = 0;
        for (size_t i = 0; i < n; i++)
            m += Y[idx[i] + v * n];
        mu[v] = m / (double)n;
    }
    for (size_t c2 = 0; c2 < p; c2++)
        for (size_t c1 = c2; c1 < p; c1++) {
            double acc = 0;
            for (size_t i = 0; i < n; i++)
                acc += (Y[idx[i] + c1 * n] - mu[c1]) * (Y[idx[i] + c2 * n] - mu[c2]);
            S[c1 + c2 * p] = S[c2 + c1 * p] = acc / (double)n;
        }
    int it;
    double F;
    memcpy(th, s->theta, s->npar * sizeof(double));
    if (adx__est_set_sample(e, S, s->meanstructure ? mu : NULL) ||
        adx__est_optimize(e, th, &it, &F) <= 0)
        return NAN;
    return (double)n * F;
}

/* Runs the B replicates over the threads into T. 1 when memory ran out. */
static int run_all(const adx_sem_t *s, const double *Y, size_t B, unsigned long long seed,
                   double *T)
{
    int oom = 0;
    size_t p = s->p, n = s->data_n, q = s->npar;
#ifdef _OPENMP
    int nthr = s->opt.threads > 0 ? s->opt.threads : omp_get_max_threads();
#pragma omp parallel num_threads(nthr) reduction(| : oom)
#endif
    {
        adx__est_t e;
        int bad = adx__est_init(&e, s);
        size_t *idx = malloc((n + 1) * sizeof(size_t));
        double *mu = malloc(p * sizeof(double)), *S = malloc(p * p * sizeof(double));
        double *th = malloc((q + 1) * sizeof(double));
        if (bad || !idx || !mu || !S || !th)
            oom = 1;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (size_t b = 0; b < B; b++)
            T[b] = oom ? NAN : replicate(s, &e, Y, b, seed, idx, mu, S, th);
        adx__est_free(&e);
        ADX__FREE(idx, mu, S, th);
    }
    return oom;
}

adx_error_t adx_sem_bollen_stine(adx_sem_t *s, size_t B, unsigned long long seed,
                                 adx_errctx_t *ctx)
{
    if (s->fiml) /* lavaan refuses it too: "not available for missing data" */
        return adx_err(ctx, ADX_EUNSUPPORTED, "%s: the Bollen-Stine bootstrap needs complete "
                                              "data (as lavaan); use --missing listwise",
                       s->source);
    if (!s->fitted || !s->data || !s->theta)
        return adx_err(ctx, ADX_EUSAGE, "%s: the Bollen-Stine bootstrap needs a model fitted "
                                        "to raw data (not to a covariance matrix)",
                       s->source);
    if (B < 2 || B > 10000000)
        return adx_err(ctx, ADX_EUSAGE, "the number of bootstrap samples must be 2 to 10^7");
    double *Y = malloc(s->data_n * s->p * sizeof(double)), *T = malloc(B * sizeof(double));
    double *mu = malloc((s->p + 1) * sizeof(double));
    adx_error_t rc = ADX_OK;
    int ms = s->meanstructure && s->sample_mean;
    if (!Y || !T || !mu) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((ms && implied_means(s, mu)) || transform(s, ms ? mu : NULL, Y)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: the Bollen-Stine transformation needs positive "
                                         "definite sample and implied covariance matrices",
                     s->source);
        goto cleanup;
    }
    if (run_all(s, Y, B, seed, T)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t used = 0, larger = 0;
    for (size_t b = 0; b < B; b++)
        if (!isnan(T[b])) {
            used++;
            larger += T[b] > s->fit.chisq;
        }
    s->fit.bollen_stine_pvalue = used ? (double)larger / (double)used : NAN;
    s->fit.bollen_stine_used = (double)used;
cleanup:
    ADX__FREE(Y, T, mu);
    return rc;
}
