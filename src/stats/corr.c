/* Pearson and Spearman correlation matrices with two-sided p-values.
 *
 * Complete data (or listwise deletion) takes the fast path: column means, then
 * the cross-product matrix of centred rows accumulated block by block with BLAS
 * dsyrk, so that memory beyond the data is O(k^2 + block * k). Pairwise
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

adx_error_t adx_corr(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_corr_options_t *o, adx_corr_t **out, adx_errctx_t *ctx)
{
    adx_corr_options_t def;
    if (!o) {
        adx_corr_options_init(&def);
        o = &def;
    }
    *out = NULL;
    adx_error_t rc = ADX_OK;
    size_t N = ds->nrows;
    unsigned char *complete = NULL;
    double *block = NULL, *ranks = NULL, *tx = NULL, *ty = NULL;
    adx_corr_t *c = calloc(1, sizeof *c);
    if (!c)
        goto oom;
    c->k = k;
    c->method = o->method;
    c->missing = o->missing;
    if (!(c->names = calloc(k, sizeof(char *))) || !(c->r = calloc(k * k, sizeof(double))) ||
        !(c->p = calloc(k * k, sizeof(double))) || !(c->n = calloc(k * k, sizeof(size_t))) ||
        !(c->mean = calloc(k, sizeof(double))) || !(c->sd = calloc(k, sizeof(double))))
        goto oom;
    for (size_t j = 0; j < k; j++)
        if (!(c->names[j] = adx__strdup(ds->vars[vars[j]].name)))
            goto oom;

    if (!(complete = malloc(N ? N : 1)))
        goto oom;
    size_t ncomp = 0, anymiss = 0;
    memset(complete, 1, N);
    for (size_t j = 0; j < k; j++) {
        const double *x = ds->vars[vars[j]].num;
        for (size_t i = 0; i < N; i++)
            complete[i] &= !isnan(x[i]);
    }
    for (size_t i = 0; i < N; i++)
        ncomp += complete[i];
    anymiss = N - ncomp;

    /* Means and SDs for the table: from the fast path's cross products when all
     * cases are used together, else each variable over its own cases. */
    for (size_t j = 0; j < k && o->missing == ADX_PAIRWISE && anymiss; j++) {
        adx_summary_t s;
        const double *x = ds->vars[vars[j]].num;
        if (o->missing == ADX_LISTWISE && anymiss) {
            double *tmp = malloc((N ? N : 1) * sizeof *tmp);
            if (!tmp)
                goto oom;
            for (size_t i = 0; i < N; i++)
                tmp[i] = complete[i] ? x[i] : NAN;
            adx_summarize(tmp, N, &s);
            free(tmp);
        } else {
            adx_summarize(x, N, &s);
        }
        c->mean[j] = s.mean;
        c->sd[j] = s.sd;
    }

    if (o->missing == ADX_LISTWISE || !anymiss) {
        /* Fast path on the complete cases. */
        if (ncomp < 3) {
            rc = adx_err(ctx, ADX_EEMPTY,
                         "%s: only %zu complete case(s) on these variables; correlations need "
                         "at least 3",
                         ds->source ? ds->source : "data", ncomp);
            goto cleanup;
        }
        const double **cols = malloc(k * sizeof *cols);
        if (!cols)
            goto oom;
        if (o->method == ADX_SPEARMAN) {
            if (!(ranks = malloc(ncomp * k * sizeof *ranks)) ||
                !(tx = malloc(ncomp * sizeof *tx))) {
                free(cols);
                goto oom;
            }
            /* Rank over the complete cases only; store densely (ncomp rows). */
            for (size_t j = 0; j < k; j++) {
                const double *x = ds->vars[vars[j]].num;
                size_t m = 0;
                for (size_t i = 0; i < N; i++)
                    if (complete[i])
                        tx[m++] = x[i];
                if (adx_rank(tx, ncomp, ranks + j * ncomp)) {
                    free(cols);
                    goto oom;
                }
                cols[j] = ranks + j * ncomp;
            }
        } else {
            for (size_t j = 0; j < k; j++)
                cols[j] = ds->vars[vars[j]].num;
        }
        /* With ranks the rows are dense (all complete); else use the mask. */
        const unsigned char *mask = (o->method == ADX_SPEARMAN) ? NULL : complete;
        size_t len = (o->method == ADX_SPEARMAN) ? ncomp : N;
        double *mean = calloc(k, sizeof *mean);
        if (!mean || !(block = malloc(CORR_BLOCK * k * sizeof *block))) {
            free(mean);
            free(cols);
            goto oom;
        }
        for (size_t j = 0; j < k; j++) {
            double s = 0;
            for (size_t i = 0; i < len; i++)
                if (!mask || mask[i])
                    s += cols[j][i];
            double m = s / (double)ncomp, e = 0;
            for (size_t i = 0; i < len; i++)
                if (!mask || mask[i])
                    e += cols[j][i] - m;
            mean[j] = m + e / (double)ncomp;
        }
        double *C = c->r; /* accumulate the cross products in r's storage */
        size_t rowidx[CORR_BLOCK];
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
        for (size_t j = 0; j < k; j++) {
            if (!(C[j + j * k] > 0)) {
                free(mean);
                free(cols);
                rc = zero_var_error(ds, c->names[j], 0, ctx);
                goto cleanup;
            }
            if (o->method == ADX_PEARSON) {
                c->mean[j] = mean[j];
                c->sd[j] = sqrt(C[j + j * k] / (double)(ncomp - 1));
            } else {
                adx_summary_t s;
                const double *x = ds->vars[vars[j]].num;
                size_t m = 0;
                for (size_t i = 0; i < N; i++)
                    if (complete[i])
                        tx[m++] = x[i];
                adx_summarize(tx, ncomp, &s);
                c->mean[j] = s.mean;
                c->sd[j] = s.sd;
            }
        }
        free(mean);
        free(cols);
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
    } else {
        if (o->method == ADX_SPEARMAN &&
            (!(tx = malloc((N ? N : 1) * sizeof *tx)) || !(ty = malloc((N ? N : 1) * sizeof *ty)) ||
             !(ranks = malloc((N ? N : 1) * 2 * sizeof *ranks))))
            goto oom;
        for (size_t j = 0; j < k; j++) {
            const double *y = ds->vars[vars[j]].num;
            for (size_t i = j; i < k; i++) {
                const double *x = ds->vars[vars[i]].num;
                size_t n;
                int zero;
                double r;
                if (o->method == ADX_SPEARMAN) {
                    for (size_t t = 0; t < N; t++) {
                        int ok = !isnan(x[t]) && !isnan(y[t]);
                        tx[t] = ok ? x[t] : NAN;
                        ty[t] = ok ? y[t] : NAN;
                    }
                    if (adx_rank(tx, N, ranks) || adx_rank(ty, N, ranks + N))
                        goto oom;
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
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            c->p[i + j * k] = (i == j) ? NAN : adx_corr_pvalue(c->r[i + j * k], c->n[i + j * k]);
    *out = c;
    c = NULL;
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    free(complete);
    free(block);
    free(ranks);
    free(tx);
    free(ty);
    adx_corr_free(c);
    return rc;
}
