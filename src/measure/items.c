/* The item sample shared by the measurement analyses: listwise selection,
 * reverse-coding, moments, correlation matrix and its checks. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_measure.h"
#include "ambidex/adx_stats.h"
#include "measure_priv.h"

void adx_items_options_init(adx_items_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->lo = o->hi = NAN;
}

void adx_items_free(adx_items_t *it)
{
    if (!it)
        return;
    adx__free_strings(it->names, it->k);
    ADX__FREE(it->reversed, it->mean, it->sd, it->cov, it->R, it);
}

char **adx__copy_names(char *const *src, size_t k)
{
    char **names = calloc(k ? k : 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t j = 0; j < k; j++)
        if (!(names[j] = adx__strdup(src[j]))) {
            adx__free_strings(names, k);
            return NULL;
        }
    return names;
}

/* Means, minima, maxima and covariance matrix (divisor n - 1) of k columns
 * over the rows whose mask byte is 1 (mask NULL: all nrows rows; n = the
 * number of rows used). The centred rows are copied block by block and
 * accumulated with BLAS dsyrk, so extra memory is BLOCK x k doubles. min, max
 * may be NULL. */
static adx_error_t moments_cols(const double *const *cols, size_t nrows,
                                const unsigned char *mask, size_t n, size_t k, double *mean,
                                double *min, double *max, double *cov)
{
    enum { BLOCK = 2048 };
    if (n < 2)
        return ADX_EEMPTY;
    for (size_t j = 0; j < k; j++) {
        const double *c = cols[j];
        double s = 0, lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < nrows; i++) {
            if (mask && !mask[i])
                continue;
            s += c[i];
            lo = c[i] < lo ? c[i] : lo;
            hi = c[i] > hi ? c[i] : hi;
        }
        mean[j] = s / (double)n;
        if (min)
            min[j] = lo;
        if (max)
            max[j] = hi;
    }
    double *buf = malloc((size_t)BLOCK * k * sizeof *buf);
    if (!buf)
        return ADX_ENOMEM;
    memset(cov, 0, k * k * sizeof *cov);
    for (size_t i0 = 0; i0 < nrows; i0 += BLOCK) {
        size_t i1 = nrows - i0 < BLOCK ? nrows : i0 + BLOCK, nb = 0;
        for (size_t i = i0; i < i1; i++)
            nb += !mask || mask[i];
        if (!nb)
            continue;
        for (size_t j = 0; j < k; j++) {
            const double *c = cols[j];
            double *b = buf + j * nb, m = mean[j];
            size_t r = 0;
            for (size_t i = i0; i < i1; i++)
                if (!mask || mask[i])
                    b[r++] = c[i] - m;
        }
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)k, (int)nb, 1.0, buf, (int)nb,
                    1.0, cov, (int)k);
    }
    free(buf);
    double d = (double)(n - 1);
    for (size_t j = 0; j < k; j++)
        for (size_t i = j; i < k; i++)
            cov[j + i * k] = cov[i + j * k] = cov[i + j * k] / d;
    return ADX_OK;
}

adx_error_t adx_moments(const adx_matrix_t *X, double *mean, double *cov)
{
    const double **cols = malloc((X->cols ? X->cols : 1) * sizeof *cols);
    if (!cols)
        return ADX_ENOMEM;
    for (size_t j = 0; j < X->cols; j++)
        cols[j] = X->data + j * X->ld;
    adx_error_t rc = moments_cols(cols, X->rows, NULL, X->rows, X->cols, mean, NULL, NULL, cov);
    free(cols);
    return rc;
}

/* Item j failed the Cholesky pivot (L holds the factor of items 0..j-1): solve
 * b = R[0..j-1]^-1 r_j through the factor (L y = r, L' b = y) and name the items
 * with a weight in b (at most ADX_ERRMSG_MAX / 2 characters of names). */
static adx_error_t singular_item(const double *R, const double *L, size_t k, size_t j,
                                 char *const *names, double d, adx_errctx_t *ctx)
{
    double *y = malloc((j ? j : 1) * sizeof *y);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < j; i++) {
        double s = R[i + j * k];
        for (size_t p = 0; p < i; p++)
            s -= L[i + p * k] * y[p];
        y[i] = s / L[i + i * k];
    }
    for (size_t i = j; i-- > 0;) {
        double s = y[i];
        for (size_t p = i + 1; p < j; p++)
            s -= L[p + i * k] * y[p];
        y[i] = s / L[i + i * k];
    }
    adx__sb_t list = {0};
    for (size_t i = 0; i < j; i++) {
        if (fabs(y[i]) < 1e-6)
            continue;
        size_t add = (list.len ? 2 : 0) + strlen(names[i]) + 2;
        if (list.len + add >= ADX_ERRMSG_MAX / 2) /* whole names only */
            break;
        adx__sb_printf(&list, "%s'%s'", list.len ? ", " : "", names[i]);
    }
    free(y);
    adx_error_t rc = list.oom ? adx_oom(ctx)
                              : adx_err(ctx, ADX_ESINGULAR,
                                        "the correlation matrix is singular: item '%s' is a "
                                        "linear combination of %s (R^2 = %.10f); drop one of "
                                        "these items",
                                        names[j], list.len ? list.s : "the items before it",
                                        1 - (d > 0 ? d : 0));
    adx__sb_free(&list);
    return rc;
}

adx_error_t adx_check_pd(const double *R, size_t k, char *const *names, adx_errctx_t *ctx)
{
    /* Cholesky with a tolerance: for a correlation matrix the squared pivot of
     * item j is 1 - R^2 of j on the items before it. */
    const double tol = 1e-10;
    adx_error_t rc = ADX_OK;
    double *L = calloc(k * k, sizeof *L);
    if (!L)
        return adx_oom(ctx);
    for (size_t j = 0; j < k; j++)
        for (size_t i = j; i < k; i++)
            L[i + j * k] = R[i + j * k];
    double d = 0;
    size_t j = adx__chol_lower(L, k, 1, k, tol, 1, &d);
    if (j < k)
        rc = singular_item(R, L, k, j, names, d, ctx);
    free(L);
    return rc;
}

adx_error_t adx_smc(const double *R, size_t k, double *smc)
{
    adx_matrix_t *m = adx_matrix_alloc(k, k);
    if (!m)
        return ADX_ENOMEM;
    memcpy(m->data, R, k * k * sizeof *R);
    adx_error_t rc = adx_matrix_spd_inverse(m);
    for (size_t j = 0; !rc && j < k; j++)
        smc[j] = 1 - 1 / ADX_M(m, j, j);
    adx_matrix_free(m);
    return rc;
}

/* Allocates the result and copies the item names; refuses an item named twice. */
static adx_error_t items_new(const adx_dataset_t *ds, const size_t *idx, size_t k,
                             adx_items_t **out, adx_errctx_t *ctx)
{
    adx_items_t *it = calloc(1, sizeof *it);
    if (!it)
        return adx_oom(ctx);
    *out = it;
    it->k = k;
    it->n_total = ds->nrows;
    it->lo = it->hi = NAN;
    if (!(it->names = calloc(k, sizeof *it->names)) ||
        !(it->reversed = calloc(k, sizeof *it->reversed)) ||
        !(it->mean = malloc(k * sizeof *it->mean)) || !(it->sd = malloc(k * sizeof *it->sd)) ||
        !(it->cov = malloc(k * k * sizeof *it->cov)) || !(it->R = malloc(k * k * sizeof *it->R)))
        return adx_oom(ctx);
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < j; i++)
            if (idx[i] == idx[j])
                return adx_err(ctx, ADX_EUSAGE, "item '%s' is named twice",
                               ds->vars[idx[j]].name);
        if (!(it->names[j] = adx__strdup(ds->vars[idx[j]].name)))
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* Marks the items named in o->reverse; *nrev gets how many are reversed. */
static adx_error_t mark_reversed(adx_items_t *it, const adx_items_options_t *o, size_t *nrev,
                                 adx_errctx_t *ctx)
{
    *nrev = 0;
    for (size_t r = 0; r < o->nreverse; r++) {
        size_t j = 0;
        while (j < it->k && strcmp(it->names[j], o->reverse[r]))
            j++;
        if (j == it->k)
            return adx_err(ctx, ADX_EUSAGE, "--reverse %s: not one of the items analysed",
                           o->reverse[r]);
        *nrev += !it->reversed[j];
        it->reversed[j] = 1;
    }
    return ADX_OK;
}

/* The complete cases (adx_dataset_complete: a mask, no copy), with the
 * messages of an item without answers and of too few cases. */
static adx_error_t listwise(const adx_dataset_t *ds, const size_t *idx, adx_items_t *it,
                            unsigned char *mask, adx_errctx_t *ctx)
{
    size_t k = it->k;
    adx_error_t rc = adx_dataset_complete(ds, idx, k, mask, &it->n, ctx);
    if (rc)
        return rc;
    for (size_t j = 0; it->n == 0 && j < k; j++) {
        const double *x = ds->vars[idx[j]].num;
        size_t i = 0;
        while (i < ds->nrows && isnan(x[i]))
            i++;
        if (i == ds->nrows)
            return adx_err(ctx, ADX_EEMPTY, "item '%s' has no answers (every value is missing)",
                           it->names[j]);
    }
    if (it->n <= k)
        return adx_err(ctx, ADX_EEMPTY,
                       "%zu complete cases for %zu items: the analysis needs more cases than "
                       "items (listwise deletion; check the missing values)",
                       it->n, k);
    return ADX_OK;
}

/* Reverse-coding x -> a - x (a = lo + hi) changes the mean to a - mean and the
 * sign of the item's covariances; nothing else. The range is o's, else the
 * observed one over all items. */
static adx_error_t reverse_code(adx_items_t *it, const adx_items_options_t *o, const double *lo,
                                const double *hi, adx_errctx_t *ctx)
{
    size_t k = it->k;
    double rlo = o->lo, rhi = o->hi;
    if (!o->has_range) {
        rlo = INFINITY, rhi = -INFINITY;
        for (size_t j = 0; j < k; j++) {
            rlo = lo[j] < rlo ? lo[j] : rlo;
            rhi = hi[j] > rhi ? hi[j] : rhi;
        }
    }
    for (size_t j = 0; j < k; j++) {
        if (!it->reversed[j])
            continue;
        if (lo[j] < rlo || hi[j] > rhi)
            return adx_err(ctx, ADX_EDOMAIN, "item '%s' has the value %g, outside --range %g,%g",
                           it->names[j], lo[j] < rlo ? lo[j] : hi[j], rlo, rhi);
        it->mean[j] = rlo + rhi - it->mean[j];
        for (size_t i = 0; i < k; i++)
            if (i != j) {
                it->cov[i + j * k] = -it->cov[i + j * k];
                it->cov[j + i * k] = -it->cov[j + i * k];
            }
    }
    it->lo = rlo;
    it->hi = rhi;
    return ADX_OK;
}

/* SDs, the mean score's mean and SD, and R; refuses a constant item. */
static adx_error_t finish(adx_items_t *it, adx_errctx_t *ctx)
{
    size_t k = it->k;
    double sumc = 0, summ = 0;
    for (size_t j = 0; j < k; j++) {
        double v = it->cov[j + j * k];
        if (!(v > 1e-24 * (1 + it->mean[j] * it->mean[j])))
            return adx_err(ctx, ADX_ECONST,
                           "item '%s' has the same value (%g) in all %zu complete cases; a "
                           "constant item cannot be analysed: leave it out",
                           it->names[j], it->mean[j], it->n);
        it->sd[j] = sqrt(v);
        summ += it->mean[j];
        for (size_t i = 0; i < k; i++)
            sumc += it->cov[i + j * k];
    }
    it->total_mean = summ / (double)k;
    it->total_sd = sqrt(sumc) / (double)k;
    adx__cov_to_cor(it->cov, k, it->R);
    return ADX_OK;
}

/* R and cov := the polychoric correlations of the same complete cases, the signs of
 * reversed items' correlations flipped (reversal mirrors the thresholds). */
static adx_error_t polychoric_R(const adx_dataset_t *ds, const size_t *idx, adx_items_t *it,
                                adx_errctx_t *ctx)
{
    adx_polychoric_t *P = NULL;
    size_t k = it->k;
    adx_error_t rc = adx_polychoric(ds, idx, k, 0, &P, ctx);
    if (rc)
        return rc;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double s = (it->reversed[i] != it->reversed[j]) ? -1 : 1;
            it->R[i + j * k] = it->cov[i + j * k] = s * P->r[i + j * k];
        }
    adx_polychoric_free(P);
    it->polychoric = 1;
    return ADX_OK;
}

adx_error_t adx_items_load(const adx_dataset_t *ds, const size_t *idx, size_t k,
                           const adx_items_options_t *o, adx_items_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    if (k < 2)
        return adx_err(ctx, ADX_EUSAGE, "give at least two items (got %zu)", k);
    adx_items_options_t defaults;
    o = ADX__OPTIONS(o, defaults, adx_items_options_init);
    if (o->has_range && !(o->lo < o->hi))
        return adx_err(ctx, ADX_EUSAGE, "--range: the low end must be below the high end");
    adx_items_t *it = NULL;
    size_t nrev = 0;
    unsigned char *mask = malloc(ds->nrows ? ds->nrows : 1);
    const double **cols = malloc(k * sizeof *cols);
    double *lo = malloc(k * sizeof *lo), *hi = malloc(k * sizeof *hi);
    adx_error_t rc = !mask || !cols || !lo || !hi ? adx_oom(ctx) : items_new(ds, idx, k, &it, ctx);
    if (rc || (rc = mark_reversed(it, o, &nrev, ctx)) ||
        (rc = listwise(ds, idx, it, mask, ctx)))
        goto cleanup;
    for (size_t j = 0; j < k; j++)
        cols[j] = ds->vars[idx[j]].num;
    /* No mask when every case is complete. */
    if ((rc = moments_cols(cols, ds->nrows, it->n < ds->nrows ? mask : NULL, it->n, k, it->mean,
                           lo, hi, it->cov))) {
        rc = adx_err(ctx, rc, "%s", adx_strerror(rc));
        goto cleanup;
    }
    if (!nrev || !(rc = reverse_code(it, o, lo, hi, ctx)))
        rc = finish(it, ctx);
    if (!rc && o->polychoric)
        rc = polychoric_R(ds, idx, it, ctx);
cleanup:
    ADX__FREE(mask, cols, lo, hi);
    if (rc) {
        adx_items_free(it);
        it = NULL;
    }
    *out = it;
    return rc;
}

adx_error_t adx__eigen(const double *A, size_t k, double *values, double *vectors,
                       adx_errctx_t *ctx)
{
    adx_error_t rc = adx_sym_eigen(A, k, values, vectors);
    return rc ? adx_err(ctx, rc, "eigen-decomposition failed") : ADX_OK;
}

adx_error_t adx__items_load_pd(const adx_dataset_t *ds, const size_t *idx, size_t k,
                               int polychoric, adx_items_t **it, adx_errctx_t *ctx)
{
    adx_items_options_t o;
    adx_items_options_init(&o);
    o.polychoric = polychoric;
    adx_error_t rc = adx_items_load(ds, idx, k, &o, it, ctx);
    if (!rc)
        rc = adx_check_pd((*it)->R, k, (*it)->names, ctx);
    return rc;
}
