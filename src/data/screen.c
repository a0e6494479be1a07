/* Data screening for `keep if` / `drop if` (issue 16 part B) and date-times in
 * expressions. compute.c parses the calls; the functions here fill one column:
 *
 *   rowsd(v...)          standard deviation across the items of a row (divisor k - 1,
 *                        over the answered items; missing with fewer than 2)
 *   longrun(v...)        longest run of identical consecutive answers (a missing item
 *                        ends a run; missing when every item is)
 *   speeder(x, share)    1 when x < share * median(x) (median over the answered cases),
 *                        0 otherwise, missing when x is
 *   failed(v1, c1, ...)  number of attention checks failed: v != c, unanswered counts
 *   duplicated(v...)     1 for a case whose values on v... (text or numbers) equal an
 *                        earlier case's, 0 otherwise or when any of them is missing
 *   datetime(v)          a text column of date-times as seconds since 1970-01-01
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_priv.h"

int adx__datetime_column(const adx_variable_t *v, size_t nrows, double *y, size_t *bad)
{
    for (size_t i = 0; i < nrows; i++) {
        if (v->type == ADX_VAR_NUMERIC)
            y[i] = v->num[i];
        else if (!v->str[i])
            y[i] = NAN;
        else if (!adx__datetime_parse(v->str[i], &y[i])) {
            *bad = i;
            return 0;
        }
    }
    return 1;
}

int adx__variable_datetime(adx_variable_t *v, size_t nrows)
{
    size_t any = 0, bad;
    for (size_t i = 0; v->type == ADX_VAR_STRING && i < nrows; i++)
        any += v->str[i] != NULL;
    if (!any)
        return 0;
    double *y = malloc(nrows * sizeof *y);
    if (!y)
        return -1;
    if (!adx__datetime_column(v, nrows, y, &bad)) {
        free(y);
        return 0;
    }
    adx__free_strings(v->str, nrows);
    free(v->bad_text);
    v->str = NULL;
    v->bad_text = NULL;
    v->bad_line = v->bad_col = 0;
    v->num = y;
    v->type = ADX_VAR_NUMERIC;
    return 1;
}

static double row_sd(const double *x, size_t k)
{
    double m = 0, ss = 0;
    size_t n = 0;
    for (size_t j = 0; j < k; j++)
        if (!isnan(x[j])) {
            n++;
            double d = x[j] - m;
            m += d / (double)n;
            ss += d * (x[j] - m);
        }
    return n < 2 ? NAN : sqrt(ss / (double)(n - 1));
}

static double longest_run(const double *x, size_t k)
{
    size_t best = 0, run = 0;
    for (size_t j = 0; j < k; j++) {
        if (isnan(x[j]))
            run = 0;
        else
            run = (j > 0 && run > 0 && x[j] == x[j - 1]) ? run + 1 : 1;
        if (run > best)
            best = run;
    }
    return best ? (double)best : NAN;
}

/* The median of the answered cases of column x (NaN when none). */
static double column_median(const double *x, size_t n)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    size_t m = 0;
    if (!s)
        return NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            s[m++] = x[i];
    qsort(s, m, sizeof *s, adx__cmp_double);
    double med = m ? (m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2) : NAN;
    free(s);
    return med;
}

static adx_error_t usage(adx_errctx_t *ctx, const char *what)
{
    return adx_err(ctx, ADX_EUSAGE, "compute: %s", what);
}

int adx__screen_known(const char *f)
{
    return !strcmp(f, "rowsd") || !strcmp(f, "longrun") || !strcmp(f, "speeder") ||
           !strcmp(f, "failed");
}

adx_error_t adx__screen_numeric(const adx_dataset_t *ds, const char *f, const size_t *args,
                                const int *isnum, const double *nums, size_t k, double *y,
                                adx_errctx_t *ctx)
{
    size_t n = ds->nrows;
    if (!strcmp(f, "speeder")) {
        if (k != 2 || !isnum[1] || !(nums[1] > 0 && nums[1] <= 1))
            return usage(ctx, "speeder(duration, share): the share of the median is a "
                              "number in (0, 1], e.g. speeder(duration_s, 0.5)");
        const double *x = ds->vars[args[0]].num;
        double cut = nums[1] * column_median(x, n);
        for (size_t i = 0; i < n; i++)
            y[i] = isnan(x[i]) || isnan(cut) ? NAN : (double)(x[i] < cut);
        return ADX_OK;
    }
    if (!strcmp(f, "failed")) {
        if (k < 2 || k % 2)
            return usage(ctx, "failed(item, correct, ...) takes pairs: the attention "
                              "item and its correct answer, e.g. failed(att1, 4, att2, 2)");
        for (size_t i = 0; i < n; i++) {
            double c = 0;
            for (size_t j = 0; j < k; j += 2) {
                double v = ds->vars[args[j]].num[i], want = ds->vars[args[j + 1]].num[i];
                c += isnan(v) || v != want;
            }
            y[i] = c;
        }
        return ADX_OK;
    }
    if (k < 2)
        return usage(ctx, "rowsd() and longrun() need at least two items");
    double *row = malloc(k * sizeof *row);
    if (!row)
        return adx_oom(ctx);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++)
            row[j] = ds->vars[args[j]].num[i];
        y[i] = f[0] == 'r' ? row_sd(row, k) : longest_run(row, k);
    }
    free(row);
    return ADX_OK;
}

/* The text of case i on variable v ("" for missing, which callers test first). */
static void cell_text(const adx_variable_t *v, size_t i, adx__sb_t *b)
{
    if (v->type == ADX_VAR_STRING)
        adx__sb_str(b, v->str[i]);
    else
        adx__sb_printf(b, "%.17g", v->num[i]);
    adx__sb_char(b, '\x1f');
}

static int cell_missing(const adx_variable_t *v, size_t i)
{
    return v->type == ADX_VAR_STRING ? !v->str[i] || !*v->str[i] : isnan(v->num[i]);
}

static adx_error_t duplicated(const adx_dataset_t *ds, const size_t *vars, size_t k, double *y,
                              adx_errctx_t *ctx)
{
    adx__strmap_t seen = {0};
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < ds->nrows; i++) {
        int miss = 0;
        for (size_t j = 0; j < k; j++)
            miss |= cell_missing(&ds->vars[vars[j]], i);
        y[i] = 0;
        if (miss)
            continue;
        adx__sb_t b = {0};
        for (size_t j = 0; j < k; j++)
            cell_text(&ds->vars[vars[j]], i, &b);
        char *key = adx__sb_take(&b);
        int put = key ? adx__strmap_put(&seen, key, i) : -1;
        free(key);
        if (put < 0)
            rc = adx_oom(ctx);
        y[i] = put == 1;
    }
    adx__strmap_free(&seen);
    return rc;
}

adx_error_t adx__screen_names(const adx_dataset_t *ds, const char *f, const size_t *vars,
                              size_t k, double *y, adx_errctx_t *ctx)
{
    if (!strcmp(f, "duplicated")) {
        if (!k)
            return usage(ctx, "duplicated() needs at least one variable, e.g. "
                              "duplicated(IPAddress)");
        return duplicated(ds, vars, k, y, ctx);
    }
    size_t bad = 0;
    if (k != 1)
        return usage(ctx, "datetime(v) takes one variable");
    const adx_variable_t *v = &ds->vars[vars[0]];
    if (adx__datetime_column(v, ds->nrows, y, &bad))
        return ADX_OK;
    return adx_err(ctx, ADX_EPARSE,
                   "datetime(%s): case %zu: '%.40s' is not a date-time; write "
                   "YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or ISO 8601 (2024-03-05T14:22:10Z)",
                   v->name, bad + 1, v->str[bad]);
}
