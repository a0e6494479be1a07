/* Pearson and Spearman correlation matrices with two-sided p-values.
 *
 * Complete data (or listwise deletion) takes the fast path: the complete cases
 * (adx_dataset_matrix), column means, then the cross-product matrix of centred
 * rows accumulated block by block with BLAS dsyrk, so that memory beyond the
 * complete-case copy is O(k^2 + block * k). Pairwise
 * deletion with missing values computes each pair on its own complete cases
 * (two passes per pair). Spearman correlates average ranks; with pairwise
 * deletion the ranks are taken within each pair's cases, as R's cor() does.
 */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

#define CORR_BLOCK 2048

void adx_corr_options_init(adx_corr_options_t *o)
{
    o->method = ADX_PEARSON;
    o->missing = ADX_PAIRWISE;
}

void adx_corr_free(adx_corr_t *c)
{
    if (!c)
        return;
    if (c->names)
        for (size_t j = 0; j < c->k; j++)
            free(c->names[j]);
    free(c->names);
    free(c->r);
    free(c->p);
    free(c->n);
    free(c->mean);
    free(c->sd);
    free(c);
}

double adx_corr_pvalue(double r, size_t n)
{
    if (n < 3 || isnan(r))
        return NAN;
    double df = (double)n - 2;
    if (fabs(r) >= 1)
        return 0.0;
    double t = fabs(r) * sqrt(df / ((1 - r) * (1 + r)));
    return 2 * gsl_cdf_tdist_Q(t, df);
}

typedef struct {
    double v;
    size_t i;
} rank_item_t;

static int cmp_item(const void *a, const void *b)
{
    const rank_item_t *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return (x->i > y->i) - (x->i < y->i);
}

adx_error_t adx_rank(const double *x, size_t n, double *ranks)
{
    rank_item_t *it = malloc((n ? n : 1) * sizeof *it);
    if (!it)
        return ADX_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            ranks[i] = NAN;
            continue;
        }
        it[m].v = x[i];
        it[m].i = i;
        m++;
    }
    qsort(it, m, sizeof *it, cmp_item);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && it[b].v == it[a].v)
            b++;
        double r = 0.5 * (double)(a + 1 + b); /* mean of ranks a+1 .. b */
        for (size_t c = a; c < b; c++)
            ranks[it[c].i] = r;
        a = b;
    }
    free(it);
    return ADX_OK;
}

/* Pearson r of x and y over the cases where both are present; sets *n. Returns
 * NAN-free r or sets *zero to 1 (x) or 2 (y) when a variance is zero. */
static double pair_r(const double *x, const double *y, size_t len, size_t *n, int *zero)
{
    size_t m = 0;
    double sx = 0, sy = 0;
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i]) || isnan(y[i]))
            continue;
        m++;
        sx += x[i];
        sy += y[i];
    }
    *n = m;
    *zero = 0;
    if (m < 2) {
        *zero = 3;
        return NAN;
    }
    double mx = sx / (double)m, my = sy / (double)m;
    double cxx = 0, cyy = 0, cxy = 0, ex = 0, ey = 0;
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i]) || isnan(y[i]))
            continue;
        double dx = x[i] - mx, dy = y[i] - my;
        ex += dx;
        ey += dy;
        cxx += dx * dx;
        cyy += dy * dy;
        cxy += dx * dy;
    }
    double dm = (double)m;
    cxx -= ex * ex / dm;
    cyy -= ey * ey / dm;
    cxy -= ex * ey / dm;
    if (!(cxx > 0)) {
        *zero = 1;
        return NAN;
    }
    if (!(cyy > 0)) {
        *zero = 2;
        return NAN;
    }
    double r = cxy / sqrt(cxx * cyy);
    return r > 1 ? 1 : (r < -1 ? -1 : r);
}

static adx_error_t zero_var_error(const adx_dataset_t *ds, const char *name, int few,
                                  adx_errctx_t *ctx)
{
    const char *src = ds->source ? ds->source : "data";
    if (few)
        return adx_err(ctx, ADX_EEMPTY,
                       "%s: variable '%s' has fewer than 2 cases with values; a correlation "
                       "needs at least 2",
                       src, name);
    return adx_err(ctx, ADX_ECONST,
                   "%s: variable '%s' has zero variance (all values equal) in the cases used; "
                   "a correlation is undefined: drop it from the list",
                   src, name);
}

/* Cross products of the centred columns of the n x k matrix `cols` (column j at
 * cols + j * n), accumulated into the lower triangle of C block by block with
 * BLAS dsyrk; mean[j] gets the column means (refined by the mean residual). */
static adx_error_t cross_products(const double *cols, size_t n, size_t k, double *mean,
                                  double *C)
{
    double *block = malloc(CORR_BLOCK * k * sizeof *block);
    if (!block)
        return ADX_ENOMEM;
    for (size_t j = 0; j < k; j++)
        mean[j] = adx__mean(cols + j * n, n);
    for (size_t i0 = 0; i0 < n; i0 += CORR_BLOCK) {
        size_t b = n - i0 < CORR_BLOCK ? n - i0 : CORR_BLOCK;
        for (size_t j = 0; j < k; j++) {
            const double *x = cols + j * n + i0;
            double *dst = block + j * CORR_BLOCK, mj = mean[j];
            for (size_t t = 0; t < b; t++)
                dst[t] = x[t] - mj;
        }
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)k, (int)b, 1.0, block,
                    CORR_BLOCK, 1.0, C, (int)k);
    }
    free(block);
    return ADX_OK;
}

/* All k variables on the same n >= 3 complete cases (the n x k matrix X): means and
 * SDs, then r from the cross products of the values (Pearson) or of their
 * ranks (Spearman). */
static adx_error_t corr_complete(const adx_dataset_t *ds, const adx_matrix_t *X,
                                 adx_corr_t *c, adx_errctx_t *ctx)
{
    size_t n = X->rows, k = X->cols;
    adx_error_t rc = ADX_OK;
    double *ranks = NULL, *mean = malloc(k * sizeof *mean);
    double *C = c->r; /* accumulate the cross products in r's storage */
    if (!mean || (c->method == ADX_SPEARMAN && !(ranks = malloc(n * k * sizeof *ranks)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; ranks && j < k; j++)
        if (adx_rank(X->data + j * X->ld, n, ranks + j * n)) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
    if (cross_products(ranks ? ranks : X->data, n, k, mean, C)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < k; j++) {
        if (!(C[j + j * k] > 0)) {
            rc = zero_var_error(ds, c->names[j], 0, ctx);
            goto cleanup;
        }
        if (c->method == ADX_PEARSON) {
            c->mean[j] = mean[j];
            c->sd[j] = sqrt(C[j + j * k] / (double)(n - 1));
        } else {
            adx_summary_t s;
            adx_summarize(X->data + j * X->ld, n, &s);
            c->mean[j] = s.mean;
            c->sd[j] = s.sd;
        }
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = j + 1; i < k; i++) {
            double r = C[i + j * k] / sqrt(C[i + i * k] * C[j + j * k]);
            r = r > 1 ? 1 : (r < -1 ? -1 : r);
            C[i + j * k] = C[j + i * k] = r;
        }
    for (size_t j = 0; j < k; j++) {
        C[j + j * k] = 1.0;
        for (size_t i = 0; i < k; i++)
            c->n[i + j * k] = n;
    }
cleanup:
    free(mean);
    free(ranks);
    return rc;
}

/* Each pair on its own complete cases (pairwise deletion); means and SDs of
 * each variable over all its values. Spearman ranks within each pair's cases. */
static adx_error_t corr_pairwise(const adx_dataset_t *ds, const size_t *vars, adx_corr_t *c,
                                 adx_errctx_t *ctx)
{
    size_t N = ds->nrows, k = c->k;
    adx_error_t rc = ADX_OK;
    double *tx = NULL, *ty = NULL, *ranks = NULL;
    for (size_t j = 0; j < k; j++) {
        adx_summary_t s;
        adx_summarize(ds->vars[vars[j]].num, N, &s);
        c->mean[j] = s.mean;
        c->sd[j] = s.sd;
    }
    if (c->method == ADX_SPEARMAN &&
        (!(tx = malloc((N ? N : 1) * sizeof *tx)) || !(ty = malloc((N ? N : 1) * sizeof *ty)) ||
         !(ranks = malloc((N ? N : 1) * 2 * sizeof *ranks)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < k; j++) {
        const double *y = ds->vars[vars[j]].num;
        for (size_t i = j; i < k; i++) {
            const double *x = ds->vars[vars[i]].num;
            size_t n;
            int zero;
            double r;
            if (c->method == ADX_SPEARMAN) {
                for (size_t t = 0; t < N; t++) {
                    int ok = !isnan(x[t]) && !isnan(y[t]);
                    tx[t] = ok ? x[t] : NAN;
                    ty[t] = ok ? y[t] : NAN;
                }
                if (adx_rank(tx, N, ranks) || adx_rank(ty, N, ranks + N)) {
                    rc = adx_oom(ctx);
                    goto cleanup;
                }
                r = pair_r(ranks, ranks + N, N, &n, &zero);
            } else {
                r = pair_r(x, y, N, &n, &zero);
            }
            if (zero) {
                rc = zero_var_error(ds, c->names[zero == 2 ? j : i], zero == 3, ctx);
                goto cleanup;
            }
            c->r[i + j * k] = c->r[j + i * k] = (i == j) ? 1.0 : r;
            c->n[i + j * k] = c->n[j + i * k] = n;
        }
    }
cleanup:
    free(tx);
    free(ty);
    free(ranks);
    return rc;
}

adx_error_t adx_corr(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_corr_options_t *o, adx_corr_t **out, adx_errctx_t *ctx)
{
    adx_corr_options_t def;
    if (!o) {
        adx_corr_options_init(&def);
        o = &def;
    }
    *out = NULL;
    adx_matrix_t *X = NULL;
    adx_corr_t *c = calloc(1, sizeof *c);
    if (!c)
        return adx_oom(ctx);
    c->k = k;
    c->method = o->method;
    c->missing = o->missing;
    adx_error_t rc = ADX_OK;
    if (!(c->names = calloc(k, sizeof(char *))) || !(c->r = calloc(k * k, sizeof(double))) ||
        !(c->p = calloc(k * k, sizeof(double))) || !(c->n = calloc(k * k, sizeof(size_t))) ||
        !(c->mean = calloc(k, sizeof(double))) || !(c->sd = calloc(k, sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < k; j++)
        if (!(c->names[j] = adx__strdup(ds->vars[vars[j]].name))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
    /* The complete cases; with pairwise deletion they serve only when every case
     * is complete (then both rules agree and the fast path runs). */
    rc = adx_dataset_matrix(ds, vars, k, &X, ctx);
    if (rc && rc != ADX_EEMPTY)
        goto cleanup;
    size_t ncomp = X ? X->rows : 0;
    if (o->missing == ADX_PAIRWISE && ncomp < ds->nrows)
        rc = corr_pairwise(ds, vars, c, ctx);
    else if (ncomp < 3)
        rc = adx_err(ctx, ADX_EEMPTY,
                     "%s: only %zu complete case(s) on these variables; correlations need "
                     "at least 3",
                     ds->source ? ds->source : "data", ncomp);
    else
        rc = corr_complete(ds, X, c, ctx);
    if (rc)
        goto cleanup;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            c->p[i + j * k] = (i == j) ? NAN : adx_corr_pvalue(c->r[i + j * k], c->n[i + j * k]);
    *out = c;
    c = NULL;
cleanup:
    adx_matrix_free(X);
    adx_corr_free(c);
    return rc;
}
