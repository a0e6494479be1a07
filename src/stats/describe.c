/* Descriptive statistics (SPSS DESCRIPTIVES / FREQUENCIES definitions). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

void adx_summarize(const double *x, size_t len, adx_summary_t *s)
{
    size_t n = 0;
    long double sum = 0; /* extended precision accumulators, as R's var() */
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < len; i++) {
        double v = x[i];
        if (isnan(v))
            continue;
        n++;
        sum += v;
        if (v < mn)
            mn = v;
        if (v > mx)
            mx = v;
    }
    memset(s, 0, sizeof *s);
    s->n = n;
    s->missing = len - n;
    s->mean = s->sd = s->min = s->max = NAN;
    s->skewness = s->skewness_se = s->kurtosis = s->kurtosis_se = NAN;
    if (n == 0)
        return;
    double dn = (double)n;
    double mean = (double)(sum / (long double)n);
    /* Corrected two-pass: the mean is refined by the mean residual, and the
     * sum of squares corrected by (sum d)^2 / n (Chan, Golub & LeVeque 1983). */
    long double sd1 = 0;
    for (size_t i = 0; i < len; i++)
        if (!isnan(x[i]))
            sd1 += x[i] - mean;
    mean += (double)(sd1 / (long double)n);
    long double s1 = 0, s2l = 0;
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i]))
            continue;
        long double d = (long double)x[i] - mean;
        s1 += d;
        s2l += d * d;
    }
    double s2 = (double)(s2l - s1 * s1 / (long double)n);
    s->mean = mean;
    s->min = mn;
    s->max = mx;
    if (n < 2)
        return;
    double var = s2 / (dn - 1);
    s->sd = sqrt(var);
    if (n < 3 || var <= 0)
        return;
    double m3 = 0, m4 = 0;
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i]))
            continue;
        double z = (x[i] - mean) / s->sd;
        double z2 = z * z;
        m3 += z2 * z;
        m4 += z2 * z2;
    }
    s->skewness = dn / ((dn - 1) * (dn - 2)) * m3;
    s->skewness_se = sqrt(6 * dn * (dn - 1) / ((dn - 2) * (dn + 1) * (dn + 3)));
    if (n < 4)
        return;
    s->kurtosis = dn * (dn + 1) / ((dn - 1) * (dn - 2) * (dn - 3)) * m4 -
                  3 * (dn - 1) * (dn - 1) / ((dn - 2) * (dn - 3));
    s->kurtosis_se = 2 * s->skewness_se * sqrt((dn * dn - 1) / ((dn - 3) * (dn + 5)));
}

void adx_describe_options_init(adx_describe_options_t *o)
{
    o->missing = ADX_PAIRWISE;
    o->normality = 0;
    o->missing_patterns = 0;
    adx_mcar_options_init(&o->mcar);
}

void adx_describe_free(adx_describe_t *d)
{
    if (!d)
        return;
    adx__free_strings(d->names, d->k);
    adx_mcar_free(d->mcar);
    ADX__FREE(d->stats, d->normality, d);
}

adx_error_t adx_describe(const adx_dataset_t *ds, const size_t *vars, size_t k,
                         const adx_describe_options_t *o, adx_describe_t **out,
                         adx_errctx_t *ctx)
{
    adx_describe_options_t def;
    o = ADX__OPTIONS(o, def, adx_describe_options_init);
    *out = NULL;
    int listwise = o->missing == ADX_LISTWISE;
    adx_matrix_t *X = NULL;
    adx_describe_t *d = calloc(1, sizeof *d);
    adx_error_t rc = ADX_OK;
    if (!d || !(d->names = calloc(k, sizeof(char *))) || !(d->stats = calloc(k, sizeof *d->stats))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    d->k = k;
    if (o->normality && !(d->normality = calloc(k, sizeof *d->normality))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (listwise && (rc = adx_dataset_matrix(ds, vars, k, &X, ctx)) && rc != ADX_EEMPTY)
        goto cleanup;
    rc = ADX_OK;
    for (size_t j = 0; j < k; j++) {
        const adx_variable_t *v = &ds->vars[vars[j]];
        if (!(d->names[j] = adx__strdup(v->name))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        adx_summary_t *s = &d->stats[j];
        const double *col = listwise ? (X ? X->data + j * X->ld : NULL) : v->num;
        size_t len = listwise ? (X ? X->rows : 0) : ds->nrows;
        if (col) {
            adx_summarize(col, len, s);
            if (listwise)
                s->missing = ds->nrows - X->rows; /* the incomplete cases */
            if (d->normality && (rc = adx_normality(col, len, &d->normality[j], ctx)))
                goto cleanup;
        }
        if (s->n == 0) {
            rc = adx_err(ctx, ADX_EEMPTY, "%s: variable '%s' has no valid values%s",
                         ds->source ? ds->source : "data", v->name,
                         listwise ? " among the complete cases" : "");
            goto cleanup;
        }
    }
    if (o->missing_patterns && (rc = adx_mcar(ds, vars, k, &o->mcar, &d->mcar, ctx)))
        goto cleanup;
    *out = d;
    d = NULL;
cleanup:
    adx_matrix_free(X);
    adx_describe_free(d);
    return rc;
}
