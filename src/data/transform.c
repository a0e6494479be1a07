/* Transforms: composite scores, reverse-coding, centring, z-scores, products, logs.
 * Each creates (or replaces) a numeric variable; missing in -> missing out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_priv.h"

static const char *src_name(const adx_dataset_t *ds) { return ds->source ? ds->source : "data"; }

static adx_error_t check_numeric(const adx_dataset_t *ds, size_t var, adx_errctx_t *ctx)
{
    if (var >= ds->nvars)
        return adx_err(ctx, ADX_EUSAGE, "variable index out of range");
    if (ds->vars[var].type != ADX_VAR_NUMERIC) {
        const char *name = ds->vars[var].name;
        return adx_dataset_lookup(ds, &name, 1, 1, &var, ctx);
    }
    return ADX_OK;
}

static adx_error_t check_numerics(const adx_dataset_t *ds, const size_t *vars, size_t k,
                                  adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    for (size_t j = 0; j < k && !rc; j++)
        rc = check_numeric(ds, vars[j], ctx);
    return rc;
}

adx_error_t adx_compute_composite(adx_dataset_t *ds, const char *name, const size_t *items,
                                  size_t k, adx_composite_t how, size_t min_valid,
                                  adx_errctx_t *ctx)
{
    if (k == 0)
        return adx_err(ctx, ADX_EUSAGE, "composite '%s' needs at least one item", name);
    adx_error_t rc = check_numerics(ds, items, k, ctx);
    if (rc)
        return rc;
    if (min_valid == 0 || min_valid > k)
        min_valid = k;
    double *y = adx__dataset_column(ds);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < ds->nrows; i++) {
        double s = 0;
        size_t m = 0;
        for (size_t j = 0; j < k; j++) {
            double v = ds->vars[items[j]].num[i];
            if (!isnan(v)) {
                s += v;
                m++;
            }
        }
        if (m < min_valid)
            y[i] = NAN;
        else
            y[i] = how == ADX_COMPOSITE_SUM ? s : s / (double)m;
    }
    return adx_dataset_add_numeric(ds, name, y, NULL, ctx);
}

adx_error_t adx_compute_reverse(adx_dataset_t *ds, const char *name, size_t var, double lo,
                                double hi, adx_errctx_t *ctx)
{
    adx_error_t rc = check_numeric(ds, var, ctx);
    if (rc)
        return rc;
    if (!(lo < hi))
        return adx_err(ctx, ADX_EUSAGE,
                       "reverse-coding '%s': the range %g..%g is empty; give the scale's "
                       "lowest and highest points, e.g. 1,7",
                       ds->vars[var].name, lo, hi);
    const double *x = ds->vars[var].num;
    for (size_t i = 0; i < ds->nrows; i++)
        if (!isnan(x[i]) && (x[i] < lo || x[i] > hi))
            return adx_err(ctx, ADX_EDOMAIN,
                           "%s: case %zu: '%s' = %g lies outside the scale %g..%g; fix the "
                           "value, declare it missing (--na), or give the right range",
                           src_name(ds), i + 1, ds->vars[var].name, x[i], lo, hi);
    double *y = adx__dataset_column(ds);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < ds->nrows; i++)
        y[i] = isnan(x[i]) ? NAN : lo + hi - x[i];
    return adx_dataset_add_numeric(ds, name, y, NULL, ctx);
}

static adx_error_t standardize(adx_dataset_t *ds, const char *name, size_t var, int scale,
                               adx_errctx_t *ctx)
{
    adx_error_t rc = check_numeric(ds, var, ctx);
    if (rc)
        return rc;
    const double *x = ds->vars[var].num;
    double mean, sd;
    size_t n;
    adx__mean_sd(x, ds->nrows, 1, 1, &mean, &sd, &n);
    if (n == 0)
        return adx_err(ctx, ADX_EEMPTY, "%s: '%s' has no valid values", src_name(ds),
                       ds->vars[var].name);
    if (scale && !(sd > 0))
        return adx_err(ctx, ADX_ECONST,
                       "%s: '%s' has zero variance; its z-scores are undefined", src_name(ds),
                       ds->vars[var].name);
    double *y = adx__dataset_column(ds);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < ds->nrows; i++)
        y[i] = scale ? (x[i] - mean) / sd : x[i] - mean;
    return adx_dataset_add_numeric(ds, name, y, NULL, ctx);
}

adx_error_t adx_compute_center(adx_dataset_t *ds, const char *name, size_t var,
                               adx_errctx_t *ctx)
{
    return standardize(ds, name, var, 0, ctx);
}

adx_error_t adx_compute_zscore(adx_dataset_t *ds, const char *name, size_t var,
                               adx_errctx_t *ctx)
{
    return standardize(ds, name, var, 1, ctx);
}

adx_error_t adx_compute_product(adx_dataset_t *ds, const char *name, const size_t *vars,
                                size_t k, adx_errctx_t *ctx)
{
    if (k == 0)
        return adx_err(ctx, ADX_EUSAGE, "product '%s' needs at least one variable", name);
    adx_error_t rc = check_numerics(ds, vars, k, ctx);
    if (rc)
        return rc;
    double *y = adx__dataset_column(ds);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < ds->nrows; i++) {
        double p = 1;
        for (size_t j = 0; j < k; j++)
            p *= ds->vars[vars[j]].num[i];
        y[i] = p;
    }
    return adx_dataset_add_numeric(ds, name, y, NULL, ctx);
}

adx_error_t adx_compute_log(adx_dataset_t *ds, const char *name, size_t var, adx_errctx_t *ctx)
{
    adx_error_t rc = check_numeric(ds, var, ctx);
    if (rc)
        return rc;
    const double *x = ds->vars[var].num;
    for (size_t i = 0; i < ds->nrows; i++)
        if (!isnan(x[i]) && !(x[i] > 0))
            return adx_err(ctx, ADX_EDOMAIN,
                           "%s: case %zu: log of '%s' = %g is undefined (needs > 0); use "
                           "log(x + 1) for counts with zeros, or declare the value missing",
                           src_name(ds), i + 1, ds->vars[var].name, x[i]);
    double *y = adx__dataset_column(ds);
    if (!y)
        return adx_oom(ctx);
    for (size_t i = 0; i < ds->nrows; i++)
        y[i] = log(x[i]);
    return adx_dataset_add_numeric(ds, name, y, NULL, ctx);
}
