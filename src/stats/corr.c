/* Pearson and Spearman correlation matrices with two-sided p-values.
 *
 * Complete data (or listwise deletion) takes the fast path on the complete
 * cases (adx_dataset_complete): column means, then the cross-product matrix of
 * centred rows accumulated block by block with BLAS dsyrk, so that memory beyond
 * the data is O(k^2 + block * k) (Spearman: plus the n x k ranks). Pairwise
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
#include "stats_priv.h"

#define CORR_BLOCK 2048

void adx_corr_options_init(adx_corr_options_t *o)
{
    o->method = ADX_PEARSON;
    o->missing = ADX_PAIRWISE;
    o->numeric = NULL;
}

void adx_corr_free(adx_corr_t *c)
{
    if (!c)
        return;
    adx__free_strings(c->names, c->k);
    adx_polychoric_free(c->poly);
    ADX__FREE(c->r, c->p, c->n, c->mean, c->sd, c);
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

/* Cross products of the centred columns cols[0..k-1] over the rows i < len
 * with mask[i] (all when mask is NULL; n of them), accumulated into the lower
 * triangle of C block by block with BLAS dsyrk; mean[j] gets the column means. */
static adx_error_t cross_products(const double *const *cols, size_t len,
                                  const unsigned char *mask, size_t k, double *mean, double *C)
{
    double *block = malloc(CORR_BLOCK * k * sizeof *block);
    size_t *rowidx = malloc(CORR_BLOCK * sizeof *rowidx);
    if (!block || !rowidx) {
        free(block);
        free(rowidx);
        return ADX_ENOMEM;
    }
    for (size_t j = 0; j < k; j++)
        mean[j] = adx__mean(cols[j], len, mask);
    for (size_t i0 = 0; i0 < len;) {
        /* Gather the block's rows, then copy column by column (contiguous reads). */
        size_t b = 0;
        for (; i0 < len && b < CORR_BLOCK; i0++)
            if (!mask || mask[i0])
                rowidx[b++] = i0;
        for (size_t j = 0; j < k; j++) {
            const double *x = cols[j];
            double *dst = block + j * CORR_BLOCK, mj = mean[j];
            for (size_t t = 0; t < b; t++)
                dst[t] = x[rowidx[t]] - mj;
        }
        if (b)
            cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)k, (int)b, 1.0, block,
                        CORR_BLOCK, 1.0, C, (int)k);
    }
    free(block);
    free(rowidx);
    return ADX_OK;
}

/* Spearman on the complete cases: X (adx_dataset_matrix) gives the means and
 * SDs of the values, then each column is replaced by its ranks. */
static adx_error_t rank_columns(const adx_dataset_t *ds, const size_t *vars, adx_corr_t *c,
                                adx_matrix_t **X, adx_errctx_t *ctx)
{
    adx_error_t rc = adx_dataset_matrix(ds, vars, c->k, X, ctx);
    if (rc)
        return rc;
    size_t n = (*X)->rows;
    double *r = malloc(n * sizeof *r);
    if (!r)
        return adx_oom(ctx);
    for (size_t j = 0; j < c->k && !rc; j++) {
        double *x = (*X)->data + j * (*X)->ld;
        adx_summary_t s;
        adx_summarize(x, n, &s);
        c->mean[j] = s.mean;
        c->sd[j] = s.sd;
        if (adx_rank(x, n, r))
            rc = adx_oom(ctx);
        else
            memcpy(x, r, n * sizeof *x);
    }
    free(r);
    return rc;
}

/* All k variables on the same ncomp >= 3 complete cases (complete[i], NULL when
 * every case is): r from the cross products of the values (Pearson, which also
 * gives the means and SDs) or of their ranks (Spearman). */
static adx_error_t corr_complete(const adx_dataset_t *ds, const size_t *vars,
                                 const unsigned char *complete, size_t ncomp, adx_corr_t *c,
                                 adx_errctx_t *ctx)
{
    size_t k = c->k, len = ds->nrows;
    adx_error_t rc = ADX_OK;
    adx_matrix_t *X = NULL;
    double *mean = malloc(k * sizeof *mean);
    const double **cols = malloc(k * sizeof *cols);
    double *C = c->r; /* accumulate the cross products in r's storage */
    if (!mean || !cols) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < k; j++)
        cols[j] = ds->vars[vars[j]].num;
    if (c->method == ADX_SPEARMAN) {
        if ((rc = rank_columns(ds, vars, c, &X, ctx)))
            goto cleanup;
        for (size_t j = 0; j < k; j++)
            cols[j] = X->data + j * X->ld;
        len = ncomp; /* dense: the ranks of the complete cases */
        complete = NULL;
    }
    if (cross_products(cols, len, complete, k, mean, C)) {
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
            c->sd[j] = sqrt(C[j + j * k] / (double)(ncomp - 1));
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
            c->n[i + j * k] = ncomp;
    }
cleanup:
    adx_matrix_free(X);
    free(mean);
    free(cols);
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
    ADX__FREE(tx, ty, ranks);
    return rc;
}

adx_error_t adx_corr(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_corr_options_t *o, adx_corr_t **out, adx_errctx_t *ctx)
{
    adx_corr_options_t def;
    o = ADX__OPTIONS(o, def, adx_corr_options_init);
    *out = NULL;
    unsigned char *complete = NULL;
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
    size_t N = ds->nrows, ncomp = 0;
    if (!(complete = malloc(N ? N : 1))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_dataset_complete(ds, vars, k, complete, &ncomp, ctx)))
        goto cleanup;
    if (o->method == ADX_POLYCHORIC) {
        c->missing = ADX_LISTWISE;
        rc = adx__corr_polychoric(ds, vars, o->numeric, c, ctx);
        if (!rc)
            goto done;
    } else if (o->missing == ADX_PAIRWISE && ncomp < N)
        rc = corr_pairwise(ds, vars, c, ctx);
    else if (ncomp < 3)
        rc = adx_err(ctx, ADX_EEMPTY,
                     "%s: only %zu complete case(s) on these variables; correlations need "
                     "at least 3",
                     ds->source ? ds->source : "data", ncomp);
    else
        rc = corr_complete(ds, vars, ncomp < N ? complete : NULL, ncomp, c, ctx);
    if (rc)
        goto cleanup;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            c->p[i + j * k] = (i == j) ? NAN : adx_corr_pvalue(c->r[i + j * k], c->n[i + j * k]);
done:
    *out = c;
    c = NULL;
cleanup:
    free(complete);
    adx_corr_free(c);
    return rc;
}
