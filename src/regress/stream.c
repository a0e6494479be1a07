/* Streaming OLS: one pass over a CSV file, memory O(p^2). Means and centred
 * cross-products are updated case by case (Welford 1962, in the multivariate form of
 * Chan, Golub & LeVeque 1983), then the normal equations of the centred, unit-scaled
 * predictors are solved by Cholesky. */
#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "../io/csv_priv.h"
#include "ambidex/adx_regress.h"
#include "regress_priv.h"

struct adx_ols_accum {
    size_t k;      /* predictors; variables are y, x1..xk */
    size_t n;
    double *mean;  /* k + 1 */
    double *C;     /* (k+1) x (k+1) centred cross-products, lower triangle used */
    double *d;     /* scratch */
};

adx_ols_accum_t *adx_ols_accum_alloc(size_t k)
{
    adx_ols_accum_t *a = calloc(1, sizeof *a);
    size_t v = k + 1;
    if (!a)
        return NULL;
    a->k = k;
    a->mean = calloc(v, sizeof(double));
    a->C = calloc(v * v, sizeof(double));
    a->d = calloc(v, sizeof(double));
    if (!a->mean || !a->C || !a->d) {
        adx_ols_accum_free(a);
        return NULL;
    }
    return a;
}

void adx_ols_accum_free(adx_ols_accum_t *a)
{
    if (!a)
        return;
    ADX__FREE(a->mean, a->C, a->d, a);
}

void adx_ols_accum_add(adx_ols_accum_t *a, const double *row)
{
    size_t v = a->k + 1;
    a->n++;
    double inv = 1.0 / (double)a->n, f = (double)(a->n - 1) * inv;
    for (size_t j = 0; j < v; j++) {
        a->d[j] = row[j] - a->mean[j];
        a->mean[j] += a->d[j] * inv;
    }
    for (size_t j = 0; j < v; j++) {
        double dj = a->d[j] * f;
        double *col = a->C + j * v;
        for (size_t i = j; i < v; i++)
            col[i] += a->d[i] * dj;
    }
}

/* Element (i, j) of the symmetric cross-product matrix (lower triangle stored). */
static double cc(const adx_ols_accum_t *a, size_t i, size_t j)
{
    size_t v = a->k + 1;
    return i >= j ? a->C[i + j * v] : a->C[j + i * v];
}

size_t adx_ols_accum_n(const adx_ols_accum_t *a) { return a->n; }

/* The predictors' cross-products on the correlation scale and their Cholesky factor
 * L (k x k lower, column-major); s gets the root sums of squares. A pivot below tol
 * marks a column that is a linear combination of the earlier ones (the rule of the QR
 * fit). */
static adx_error_t scaled_cholesky(const adx_ols_accum_t *a, const char *const *names,
                                   double tol, double *s, double *L, adx_errctx_t *ctx)
{
    size_t k = a->k;
    for (size_t j = 0; j < k; j++) {
        s[j] = sqrt(cc(a, j + 1, j + 1));
        if (!(s[j] > 0))
            return adx_err(ctx, ADX_ESINGULAR, "term '%s' is constant in the cases used; remove it",
                           names ? names[j + 1] : "?");
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = j; i < k; i++)
            L[i + j * k] = cc(a, i + 1, j + 1) / (s[i] * s[j]);
    size_t j = adx__chol_lower(L, k, 1, k, tol * tol, 0, NULL);
    if (j < k)
        return adx_err(ctx, ADX_ESINGULAR,
                       "term '%s' is a linear combination of the terms before it (perfect "
                       "collinearity); remove it",
                       names ? names[j + 1] : "?");
    return ADX_OK;
}

/* Solves (L L') c = r_xy for the scaled slopes, b_j = c_j / s_j (sy folded in), the
 * intercept from the means; returns the regression sum of squares. g: k scratch. */
static double solve_slopes(const adx_ols_accum_t *a, const double *L, const double *s,
                           double *g, double *b)
{
    size_t k = a->k;
    for (size_t i = 0; i < k; i++) {
        double x = cc(a, i + 1, 0) / s[i];
        for (size_t q = 0; q < i; q++)
            x -= L[i + q * k] * g[q];
        g[i] = x / L[i + i * k];
    }
    double reg = 0;
    for (size_t i = 0; i < k; i++)
        reg += g[i] * g[i];
    for (size_t ii = k; ii-- > 0;) {
        double x = g[ii];
        for (size_t q = ii + 1; q < k; q++)
            x -= L[q + ii * k] * b[q + 1];
        b[ii + 1] = x / L[ii + ii * k];
    }
    for (size_t j = 0; j < k; j++)
        b[j + 1] /= s[j];
    b[0] = a->mean[0];
    for (size_t j = 0; j < k; j++)
        b[0] -= b[j + 1] * a->mean[j + 1];
    return reg;
}

/* (X'X)^-1 with the intercept (p x p) by the partitioned form, from
 * Sxx^-1 = D^-1 (Ri' Ri) D^-1 with Ri = L^-1. L is overwritten. */
static void xtx_inverse(const adx_ols_accum_t *a, double *L, const double *s, double *Ri,
                        double *xtx_inv)
{
    size_t k = a->k, p = k + 1;
    for (size_t j = 0; j < k; j++) {
        Ri[j + j * k] = 1 / L[j + j * k];
        for (size_t i = j + 1; i < k; i++) {
            double x = 0;
            for (size_t q = j; q < i; q++)
                x -= L[i + q * k] * Ri[q + j * k];
            Ri[i + j * k] = x / L[i + i * k];
        }
    }
    double *Sinv = L; /* reuse: L is no longer needed */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double x = 0;
            for (size_t q = (i > j ? i : j); q < k; q++)
                x += Ri[q + i * k] * Ri[q + j * k];
            Sinv[i + j * k] = x / (s[i] * s[j]);
        }
    double c00 = 1.0 / (double)a->n;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            c00 += a->mean[i + 1] * Sinv[i + j * k] * a->mean[j + 1];
    xtx_inv[0] = c00;
    for (size_t i = 0; i < k; i++) {
        double x = 0;
        for (size_t j = 0; j < k; j++)
            x -= Sinv[i + j * k] * a->mean[j + 1];
        xtx_inv[(i + 1)] = xtx_inv[(i + 1) * p] = x;
        for (size_t j = 0; j < k; j++)
            xtx_inv[(i + 1) + (j + 1) * p] = Sinv[i + j * k];
    }
}

adx_error_t adx_ols_accum_fit(const adx_ols_accum_t *a, const char *const *names,
                              const adx_ols_options_t *o, adx_ols_t **out, adx_errctx_t *ctx)
{
    adx_ols_options_t def;
    o = ADX__OPTIONS(o, def, adx_ols_options_init);
    *out = NULL;
    size_t k = a->k, n = a->n, p = k + 1;
    adx_error_t rc = ADX_OK;
    if (o->hc != ADX_HC_NONE)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "robust (HC) standard errors need the residuals of every case; they are "
                       "not available when streaming");
    if (n <= p)
        return adx_err(ctx, ADX_EEMPTY,
                       "%zu complete cases for %zu coefficients: a regression needs more cases "
                       "than parameters",
                       n, p);
    double syy = a->C[0];
    if (!(syy > 0))
        return adx_err(ctx, ADX_ECONST, "the dependent variable has zero variance in the %zu "
                                        "cases used; a regression needs variation in Y",
                       n);
    adx_ols_t *f = calloc(1, sizeof *f);
    double *L = calloc(k * k + 1, sizeof *L), *s = calloc(k + 1, sizeof *s);
    double *g = calloc(k + 1, sizeof *g), *Ri = calloc(k * k + 1, sizeof *Ri);
    if (f) {
        f->n = n;
        f->p = p;
        f->hc = ADX_HC_NONE;
    }
    if (!f || !L || !s || !g || !Ri || adx__ols_arrays(f)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = scaled_cholesky(a, names, o->tol, s, L, ctx)))
        goto cleanup;
    double reg = solve_slopes(a, L, s, g, f->b);
    xtx_inverse(a, L, s, Ri, f->xtx_inv);
    f->tss = syy;
    f->ess = reg;
    f->rss = syy - reg;
    if (f->rss < 0)
        f->rss = 0;
    f->r2 = reg / syy;
    f->df_res = (double)(n - p);
    f->adj_r2 = 1 - (1 - f->r2) * (double)(n - 1) / f->df_res;
    double s2 = f->rss / f->df_res;
    f->sigma = sqrt(s2);
    f->df1 = (double)k;
    f->df2 = f->df_res;
    f->f = k ? (f->ess / (double)k) / s2 : NAN;
    f->f_p = k ? gsl_cdf_fdist_Q(f->f, (double)k, f->df_res) : NAN;
    for (size_t j = 0; j < p * p; j++)
        f->cov[j] = s2 * f->xtx_inv[j];
    adx__ols_inference(f, o->ci_level);
cleanup:
    ADX__FREE(L, s, g, Ri);
    if (rc)
        adx_ols_free(f);
    else
        *out = f;
    return rc;
}

/* ---- CSV streaming ------------------------------------------------------------------ */

/* Merges accumulator b into a (Chan, Golub & LeVeque 1983). */
static void accum_merge(adx_ols_accum_t *a, const adx_ols_accum_t *b)
{
    if (b->n == 0)
        return;
    size_t v = a->k + 1;
    double na = (double)a->n, nb = (double)b->n, n = na + nb;
    for (size_t j = 0; j < v; j++)
        a->d[j] = b->mean[j] - a->mean[j];
    for (size_t j = 0; j < v; j++)
        for (size_t i = j; i < v; i++)
            a->C[i + j * v] += b->C[i + j * v] + a->d[i] * a->d[j] * na * nb / n;
    for (size_t j = 0; j < v; j++)
        a->mean[j] += a->d[j] * nb / n;
    a->n += b->n;
}

/* One range of the file, read through the CSV row cursor of src/io. */
typedef struct {
    const char *path;
    const adx__csv_cursor_t *hdr;
    long long start, end;
    size_t line;             /* line where the range starts */
    const size_t *col;       /* k + 1 header columns: y, x1..xk */
    const char *const *names;
    size_t k;
    size_t *rows;            /* out: the data rows of the range, complete or not */
} chunk_job_t;

/* Adds the complete cases of one range to a; errors name file, line and column. */
static adx_error_t parse_chunk(const chunk_job_t *J, adx_ols_accum_t *a, adx_errctx_t *ctx)
{
    adx__csv_cursor_t *c = NULL;
    size_t nh = adx__csv_ncols(J->hdr);
    double *row = malloc((J->k + 1) * sizeof *row);
    adx_error_t rc = row ? adx__csv_open_range(J->hdr, J->start, J->end, J->line, &c, ctx)
                         : adx_oom(ctx);
    for (int got = 1; !rc;) {
        if ((rc = adx__csv_next(c, &got, ctx)) || !got)
            break;
        size_t nf = adx__csv_nfields(c), line = adx__csv_line(c);
        (*J->rows)++;
        if (nf != nh) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: the row has %zu fields, the header %zu",
                         J->path, line, nf, nh);
            break;
        }
        int complete = 1;
        for (size_t j = 0; j <= J->k && !rc; j++) {
            if (!adx__csv_number(c, J->col[j], &row[j]))
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column '%s': '%.60s' is not a finite number; fix the cell "
                             "or declare it missing with --na",
                             J->path, line, J->names[j], adx__csv_field(c, J->col[j]));
            complete &= !isnan(row[j]);
        }
        if (!rc && complete)
            adx_ols_accum_add(a, row);
    }
    adx__csv_close(c);
    free(row);
    return rc;
}

/* Header column of each model variable (y first), with a suggestion for a typo. */
static adx_error_t find_columns(const adx__csv_cursor_t *hdr, const char *path,
                                const char *const *names, size_t k, size_t *col,
                                adx_errctx_t *ctx)
{
    size_t nh = adx__csv_ncols(hdr);
    for (size_t j = 0; j <= k; j++) {
        adx_near_t near;
        adx_near_init(&near, names[j]);
        col[j] = (size_t)-1;
        for (size_t c = 0; c < nh; c++) {
            if (!strcmp(adx__csv_name(hdr, c), names[j])) {
                col[j] = c;
                break;
            }
            adx_near_add(&near, adx__csv_name(hdr, c));
        }
        if (col[j] == (size_t)-1) {
            const char *best = adx_near_best(&near, 3);
            if (best)
                return adx_err(ctx, ADX_ENOVAR, "%s: no variable '%s'; did you mean '%s'?",
                               path, names[j], best);
            return adx_err(ctx, ADX_ENOVAR, "%s: no variable '%s' in the header", path,
                           names[j]);
        }
        for (size_t q = 0; q < j; q++)
            if (col[q] == col[j])
                return adx_err(ctx, ADX_EUSAGE, "'%s' is used twice in the model", names[j]);
    }
    return ADX_OK;
}

adx_error_t adx_ols_stream_csv(const char *path, const adx_read_options_t *ro, const char *y,
                               const char *const *xs, size_t k, const adx_ols_options_t *o,
                               adx_ols_t **out, adx_errctx_t *ctx)
{
    return adx_ols_stream_csv_chunked(path, ro, y, xs, k, o, 0, out, ctx);
}

/* Chunks of about chunk_bytes cut at record starts. Their number depends on the file
 * only, and they are merged in file order, so the result does not depend on the number
 * of threads. */
static size_t chunk_count(const char *path, long long data_off, size_t chunk_bytes)
{
    struct stat st;
    long long body = stat(path, &st) == 0 ? (long long)st.st_size - data_off : 0;
    long long cb = chunk_bytes ? (long long)chunk_bytes : (16LL << 20);
    size_t nch = (size_t)((body > 0 ? body : 0) / cb) + 1;
    return nch > 65536 ? 65536 : nch;
}

adx_error_t adx_ols_stream_csv_chunked(const char *path, const adx_read_options_t *ro,
                                       const char *y, const char *const *xs, size_t k,
                                       const adx_ols_options_t *o, size_t chunk_bytes,
                                       adx_ols_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx__csv_cursor_t *hdr = NULL;
    size_t nch = 0, *col = malloc((k + 1) * sizeof *col), *line = NULL, *rows = NULL;
    const char **names = malloc((k + 1) * sizeof *names);
    long long *bound = NULL;
    adx_ols_accum_t **acc = NULL;
    adx_errctx_t *errs = NULL;
    adx_error_t *crc = NULL;
    adx_error_t rc = col && names ? adx__csv_open(path, ro, &hdr, ctx) : adx_oom(ctx);
    if (rc)
        goto cleanup;
    names[0] = y;
    for (size_t j = 0; j < k; j++)
        names[j + 1] = xs[j];
    if ((rc = find_columns(hdr, path, names, k, col, ctx)))
        goto cleanup;
    nch = chunk_count(path, adx__csv_data_offset(hdr), chunk_bytes);
    if (!(bound = malloc((nch + 1) * sizeof *bound)) || !(line = malloc(nch * sizeof *line)) ||
        !(acc = calloc(nch, sizeof *acc)) || !(errs = calloc(nch, sizeof *errs)) ||
        !(crc = calloc(nch, sizeof *crc)) || !(rows = calloc(nch, sizeof *rows))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx__csv_split(hdr, nch, bound, line, ctx)))
        goto cleanup;
    for (size_t c = 0; c < nch; c++)
        if (!(acc[c] = adx_ols_accum_alloc(k))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)
#endif
    for (size_t c = 0; c < nch; c++) {
        chunk_job_t J = {path, hdr, bound[c], bound[c + 1], line[c], col, names, k, &rows[c]};
        crc[c] = parse_chunk(&J, acc[c], &errs[c]);
    }
    size_t nrows = 0;
    for (size_t c = 0; c < nch; c++) {
        if (crc[c]) {
            rc = adx_err(ctx, crc[c], "%s", errs[c].msg);
            goto cleanup;
        }
        nrows += rows[c];
    }
    if (!nrows) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file has a header but no data rows", path);
        goto cleanup;
    }
    for (size_t c = 1; c < nch; c++)
        accum_merge(acc[0], acc[c]);
    names[0] = "(Intercept)"; /* now the coefficient names */
    rc = adx_ols_accum_fit(acc[0], names, o, out, ctx);
cleanup:
    adx__csv_close(hdr);
    free(col);
    free(names);
    for (size_t c = 0; acc && c < nch; c++)
        adx_ols_accum_free(acc[c]);
    ADX__FREE(acc, errs, crc, bound, line, rows);
    return rc;
}
