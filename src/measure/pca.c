/* Principal components of the correlation matrix (psych::principal, SPSS
 * FACTOR /EXTRACTION PC), KMO and Bartlett's test, the purification loop and
 * Harman's single-factor test. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_measure.h"
#include "measure_priv.h"

void adx_pca_options_init(adx_pca_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->min_eigen = 1;
    o->rotate = ADX_ROTATE_NONE;
}

void adx_pca_free(adx_pca_t *p)
{
    if (!p)
        return;
    adx__free_strings(p->names, p->k);
    ADX__FREE(p->eigenvalues, p->variance_pct, p->cumulative_pct, p->kmo_items, p->loadings,
              p->communalities, p->ss_loadings);
    adx__free_strings(p->dropped, p->ndropped);
    free(p->dropped_loading);
    free(p);
}

adx_error_t adx_kmo_bartlett(const double *R, size_t k, size_t n, double *kmo,
                             double *kmo_items, double *chisq, double *df, double *p)
{
    /* KMO (psych::KMO): partial correlations q from R^-1; per item
     * sum_j r_ij^2 / (sum_j r_ij^2 + sum_j q_ij^2) over j != i. */
    adx_matrix_t *Q = adx_matrix_alloc(k, k);
    if (!Q)
        return ADX_ENOMEM;
    memcpy(Q->data, R, k * k * sizeof *R);
    double logdet = 0; /* of R, from the same Cholesky factor */
    adx_error_t rc = adx__spd_inverse(Q->data, k, &logdet);
    if (rc) {
        adx_matrix_free(Q);
        return rc;
    }
    double sr = 0, sq = 0;
    for (size_t i = 0; i < k; i++) {
        double ri = 0, qi = 0;
        for (size_t j = 0; j < k; j++) {
            if (i == j)
                continue;
            double r = R[i + j * k];
            double q = ADX_M(Q, i, j) / sqrt(ADX_M(Q, i, i) * ADX_M(Q, j, j));
            ri += r * r;
            qi += q * q;
        }
        kmo_items[i] = ri / (ri + qi);
        sr += ri;
        sq += qi;
    }
    adx_matrix_free(Q);
    *kmo = sr / (sr + sq);
    /* Bartlett (psych::cortest.bartlett): -(n - 1 - (2k + 5)/6) ln|R|. */
    double kk = (double)k;
    *chisq = -((double)n - 1 - (2 * kk + 5) / 6) * logdet;
    *df = kk * (kk - 1) / 2;
    *p = gsl_cdf_chisq_Q(*chisq, *df);
    return ADX_OK;
}

/* One PCA on the given items. */
static adx_error_t pca_once(const adx_dataset_t *ds, const size_t *idx, size_t k,
                            const adx_pca_options_t *o, adx_pca_t *p, adx_errctx_t *ctx)
{
    adx_items_t *it = NULL;
    adx_error_t rc = adx__items_load_pd(ds, idx, k, o->polychoric, &it, ctx);
    if (rc)
        goto cleanup;
    p->n = it->n;
    p->n_total = it->n_total;
    p->k = k;
    p->rotate = o->rotate;
    if (!(p->names = adx__copy_names(it->names, k)) ||
        !(p->eigenvalues = malloc(k * sizeof(double))) ||
        !(p->variance_pct = malloc(k * sizeof(double))) ||
        !(p->cumulative_pct = malloc(k * sizeof(double))) ||
        !(p->kmo_items = malloc(k * sizeof(double))) ||
        !(p->communalities = malloc(k * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx__eigen(it->R, k, p->eigenvalues, NULL, ctx)))
        goto cleanup;
    double cum = 0;
    size_t m = 0;
    for (size_t j = 0; j < k; j++) {
        p->variance_pct[j] = 100 * p->eigenvalues[j] / (double)k;
        cum += p->variance_pct[j];
        p->cumulative_pct[j] = cum;
        m += p->eigenvalues[j] > o->min_eigen;
    }
    if (o->ncomp) {
        if (o->ncomp > k) {
            rc = adx_err(ctx, ADX_EUSAGE, "--factors %zu: only %zu items", o->ncomp, k);
            goto cleanup;
        }
        m = o->ncomp;
    }
    if (m == 0)
        m = 1; /* always show the first component */
    p->ncomp = m;
    if ((rc = adx_kmo_bartlett(it->R, k, it->n, &p->kmo, p->kmo_items, &p->bartlett_chisq,
                               &p->bartlett_df, &p->bartlett_p))) {
        rc = adx_err(ctx, rc, "KMO: the correlation matrix cannot be inverted");
        goto cleanup;
    }
    if (!(p->loadings = malloc(k * m * sizeof(double))) ||
        !(p->ss_loadings = malloc(m * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    adx_factor_options_t fo;
    adx_factor_options_init(&fo);
    fo.method = ADX_EXTRACT_PC;
    fo.rotate = o->rotate;
    fo.sort = o->sort;
    fo.varimax_eps = o->varimax_eps;
    if ((rc = adx_extract(it->R, k, m, &fo, p->loadings, NULL, NULL, NULL, ctx)) ||
        (rc = adx_rotate(p->loadings, k, m, &fo, NULL, NULL, ctx)))
        goto cleanup;
    adx__loading_ss(p->loadings, k, m, p->communalities, p->ss_loadings);
cleanup:
    adx_items_free(it);
    return rc;
}

/* Largest absolute loading of item i over the retained components. */
static double max_loading(const adx_pca_t *p, size_t i)
{
    double best = 0;
    for (size_t a = 0; a < p->ncomp; a++)
        best = fabs(p->loadings[i + a * p->k]) > best ? fabs(p->loadings[i + a * p->k]) : best;
    return best;
}

adx_error_t adx_pca(const adx_dataset_t *ds, const size_t *idx, size_t k,
                    const adx_pca_options_t *o, adx_pca_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_pca_options_t defaults;
    o = ADX__OPTIONS(o, defaults, adx_pca_options_init);
    adx_error_t rc = ADX_OK;
    size_t *cur = malloc((k ? k : 1) * sizeof *cur), kc = k;
    char **dropped = calloc(k ? k : 1, sizeof *dropped);
    double *dl = malloc((k ? k : 1) * sizeof *dl), before = NAN;
    size_t nd = 0;
    adx_pca_t *p = NULL;
    if (!cur || !dropped || !dl) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    memcpy(cur, idx, k * sizeof *cur);
    for (;;) {
        if (!(p = calloc(1, sizeof *p))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        if ((rc = pca_once(ds, cur, kc, o, p, ctx)))
            goto cleanup;
        if (isnan(before))
            before = p->cumulative_pct[p->ncomp - 1];
        if (!(o->drop_below > 0) || kc <= 2)
            break;
        size_t worst = 0;
        for (size_t i = 1; i < kc; i++)
            if (max_loading(p, i) < max_loading(p, worst))
                worst = i;
        double wl = max_loading(p, worst);
        if (wl >= o->drop_below)
            break;
        if (!(dropped[nd] = adx__strdup(p->names[worst]))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        dl[nd++] = wl;
        memmove(cur + worst, cur + worst + 1, (kc - worst - 1) * sizeof *cur);
        kc--;
        adx_pca_free(p);
        p = NULL;
    }
    p->ndropped = nd;
    p->dropped = dropped;
    p->dropped_loading = dl;
    p->variance_before = before;
    p->variance_after = p->cumulative_pct[p->ncomp - 1];
    dropped = NULL;
    dl = NULL;
cleanup:
    if (rc) {
        adx_pca_free(p);
        p = NULL;
    }
    adx__free_strings(dropped, nd);
    free(dl);
    free(cur);
    *out = p;
    return rc;
}

void adx_harman_free(adx_harman_t *h)
{
    if (!h)
        return;
    adx__free_strings(h->names, h->k);
    ADX__FREE(h->eigenvalues, h->variance_pct, h);
}

adx_error_t adx_harman(const adx_dataset_t *ds, const size_t *idx, size_t k, adx_harman_t **out,
                       adx_errctx_t *ctx)
{
    *out = NULL;
    adx_items_t *it = NULL;
    adx_harman_t *h = calloc(1, sizeof *h);
    if (!h)
        return adx_oom(ctx);
    adx_error_t rc = adx_items_load(ds, idx, k, NULL, &it, ctx);
    if (rc)
        goto cleanup;
    h->n = it->n;
    h->n_total = it->n_total;
    h->k = k;
    if (!(h->names = adx__copy_names(it->names, k)) ||
        !(h->eigenvalues = malloc(k * sizeof(double))) ||
        !(h->variance_pct = malloc(k * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx__eigen(it->R, k, h->eigenvalues, NULL, ctx)))
        goto cleanup;
    for (size_t j = 0; j < k; j++) {
        h->variance_pct[j] = 100 * h->eigenvalues[j] / (double)k;
        h->n_eigen_gt1 += h->eigenvalues[j] > 1;
    }
    h->first_pct = h->variance_pct[0];
cleanup:
    adx_items_free(it);
    if (rc) {
        adx_harman_free(h);
        h = NULL;
    }
    *out = h;
    return rc;
}
