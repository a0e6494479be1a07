/* The dataset: named numeric and string columns over the same cases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_priv.h"

adx_dataset_t *adx_dataset_alloc(size_t nrows, const char *source)
{
    adx_dataset_t *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->nrows = nrows;
    if (source && !(ds->source = adx__strdup(source))) {
        free(ds);
        return NULL;
    }
    return ds;
}

void adx__variable_clear(adx_variable_t *v, size_t nrows)
{
    ADX__FREE(v->name, v->label, v->num);
    if (v->str) {
        for (size_t i = 0; i < nrows; i++)
            free(v->str[i]);
        free(v->str);
    }
    for (size_t i = 0; i < v->n_vlabels; i++) {
        free(v->vlabels[i].label);
        free(v->vlabels[i].svalue);
    }
    ADX__FREE(v->vlabels, v->missing_codes, v->missing_lo, v->missing_hi, v->bad_text);
    memset(v, 0, sizeof *v);
}

void adx_dataset_free(adx_dataset_t *ds)
{
    if (!ds)
        return;
    for (size_t j = 0; j < ds->nvars; j++)
        adx__variable_clear(&ds->vars[j], ds->nrows);
    ADX__FREE(ds->vars, ds->source, ds);
}

double *adx__dataset_column(const adx_dataset_t *ds)
{
    return malloc((ds->nrows ? ds->nrows : 1) * sizeof(double));
}

adx_variable_t *adx__dataset_append(adx_dataset_t *ds, const char *name)
{
    if (ds->nvars == ds->cap && adx__grow(&ds->vars, &ds->cap, sizeof *ds->vars, 16))
        return NULL;
    adx_variable_t *v = &ds->vars[ds->nvars];
    memset(v, 0, sizeof *v);
    if (!(v->name = adx__strdup(name)))
        return NULL;
    ds->nvars++;
    return v;
}

long adx_dataset_find(const adx_dataset_t *ds, const char *name)
{
    for (size_t j = 0; j < ds->nvars; j++)
        if (strcmp(ds->vars[j].name, name) == 0)
            return (long)j;
    return -1;
}

adx_error_t adx_dataset_add_numeric(adx_dataset_t *ds, const char *name, double *values,
                                    size_t *index, adx_errctx_t *ctx)
{
    long old = adx_dataset_find(ds, name);
    adx_variable_t *v;
    if (old >= 0) {
        v = &ds->vars[old];
        adx__variable_clear(v, ds->nrows);
        if (!(v->name = adx__strdup(name))) {
            free(values);
            return adx_oom(ctx);
        }
    } else if (!(v = adx__dataset_append(ds, name))) {
        free(values);
        return adx_oom(ctx);
    }
    v->type = ADX_VAR_NUMERIC;
    v->num = values;
    if (index)
        *index = old >= 0 ? (size_t)old : ds->nvars - 1;
    return ADX_OK;
}

/* ADX_ETYPE for a string variable where a numeric one is needed, naming the
 * first non-numeric cell when the CSV reader recorded it. */
static adx_error_t not_numeric(const adx_dataset_t *ds, const adx_variable_t *v,
                               adx_errctx_t *ctx)
{
    const char *src = ds->source ? ds->source : "data";
    if (v->bad_line)
        return adx_err(ctx, ADX_ETYPE,
                       "%s:%zu: column %zu '%s': non-numeric value '%s' in a numeric "
                       "analysis; fix the cell, or declare the code missing with --na",
                       src, v->bad_line, v->bad_col, v->name, v->bad_text ? v->bad_text : "");
    return adx_err(ctx, ADX_ETYPE,
                   "%s: variable '%s' is a string variable; a numeric variable is needed here",
                   src, v->name);
}

adx_error_t adx_dataset_lookup(const adx_dataset_t *ds, const char *const *names, size_t k,
                               int numeric, size_t *idx, adx_errctx_t *ctx)
{
    const char *src = ds->source ? ds->source : "data";
    for (size_t i = 0; i < k; i++) {
        long j = adx_dataset_find(ds, names[i]);
        size_t nl = strlen(names[i]);
        /* `Q1 1`: the name between backquotes, as in expressions */
        for (size_t c = 0; j < 0 && nl > 2 && names[i][0] == '`' && names[i][nl - 1] == '`' &&
                           c < ds->nvars; c++)
            if (strlen(ds->vars[c].name) == nl - 2 && !strncmp(ds->vars[c].name, names[i] + 1, nl - 2))
                j = (long)c;
        if (j < 0) {
            adx_near_t near;
            adx_near_init(&near, names[i]);
            for (size_t c = 0; c < ds->nvars; c++)
                adx_near_add(&near, ds->vars[c].name);
            const char *best = adx_near_best(&near, 3 + strlen(names[i]) / 3);
            if (best)
                return adx_err(ctx, ADX_ENOVAR,
                               "%s: no variable '%s'; did you mean '%s'?", src, names[i], best);
            return adx_err(ctx, ADX_ENOVAR,
                           "%s: no variable '%s'; check the header row for the exact name",
                           src, names[i]);
        }
        if (numeric && ds->vars[j].type != ADX_VAR_NUMERIC)
            return not_numeric(ds, &ds->vars[j], ctx);
        idx[i] = (size_t)j;
    }
    return ADX_OK;
}

adx_error_t adx_dataset_complete(const adx_dataset_t *ds, const size_t *idx, size_t k,
                                 unsigned char *complete, size_t *n, adx_errctx_t *ctx)
{
    *n = 0;
    for (size_t j = 0; j < k; j++) {
        if (idx[j] >= ds->nvars)
            return adx_err(ctx, ADX_EUSAGE, "variable index %zu out of range (%zu variables)",
                           idx[j], ds->nvars);
        if (ds->vars[idx[j]].type != ADX_VAR_NUMERIC)
            return not_numeric(ds, &ds->vars[idx[j]], ctx);
    }
    size_t N = ds->nrows, m = 0;
    /* Column by column: contiguous reads. */
    memset(complete, 1, N);
    for (size_t j = 0; j < k; j++) {
        const double *x = ds->vars[idx[j]].num;
        for (size_t i = 0; i < N; i++)
            complete[i] &= !isnan(x[i]);
    }
    for (size_t i = 0; i < N; i++)
        m += complete[i];
    *n = m;
    return ADX_OK;
}

adx_error_t adx_dataset_matrix(const adx_dataset_t *ds, const size_t *idx, size_t k,
                               adx_matrix_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    size_t N = ds->nrows, n = 0;
    adx_matrix_t *m = NULL;
    unsigned char *complete = malloc(N ? N : 1);
    adx_error_t rc = complete ? adx_dataset_complete(ds, idx, k, complete, &n, ctx) : adx_oom(ctx);
    if (!rc && n == 0)
        rc = adx_err(ctx, ADX_EEMPTY, "%s: no case is complete on the requested variables",
                     ds->source ? ds->source : "data");
    else if (!rc && !(m = adx_matrix_alloc(n, k)))
        rc = adx_oom(ctx);
    for (size_t j = 0; !rc && j < k; j++) {
        const double *x = ds->vars[idx[j]].num;
        double *dst = m->data + j * m->ld;
        for (size_t i = 0, r = 0; i < N; i++)
            if (complete[i])
                dst[r++] = x[i];
    }
    free(complete);
    *out = m;
    return rc;
}

adx_error_t adx_dataset_keep(adx_dataset_t *ds, const unsigned char *keep, adx_errctx_t *ctx)
{
    (void)ctx;
    size_t n = 0;
    for (size_t i = 0; i < ds->nrows; i++) {
        if (!keep[i])
            continue;
        for (size_t j = 0; j < ds->nvars; j++) {
            adx_variable_t *v = &ds->vars[j];
            if (v->type == ADX_VAR_NUMERIC) {
                v->num[n] = v->num[i];
            } else {
                if (n != i) {
                    free(v->str[n]);
                    v->str[n] = v->str[i];
                    v->str[i] = NULL;
                }
            }
        }
        n++;
    }
    for (size_t j = 0; j < ds->nvars; j++)
        if (ds->vars[j].type == ADX_VAR_STRING)
            for (size_t i = n; i < ds->nrows; i++) {
                free(ds->vars[j].str[i]);
                ds->vars[j].str[i] = NULL;
            }
    ds->nrows = n;
    return ADX_OK;
}

static int copy_doubles(double **dst, const double *src, size_t n)
{
    if (!src || !n)
        return 0;
    if (!(*dst = malloc(n * sizeof **dst)))
        return -1;
    memcpy(*dst, src, n * sizeof **dst);
    return 0;
}

adx_dataset_t *adx_dataset_copy(const adx_dataset_t *ds)
{
    adx_dataset_t *c = adx_dataset_alloc(ds->nrows, ds->source);
    if (!c)
        return NULL;
    size_t n = ds->nrows ? ds->nrows : 1;
    for (size_t j = 0; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        adx_variable_t *w = adx__dataset_append(c, v->name);
        if (!w)
            goto fail;
        w->type = v->type;
        w->bad_line = v->bad_line;
        w->bad_col = v->bad_col;
        if ((v->label && !(w->label = adx__strdup(v->label))) ||
            (v->bad_text && !(w->bad_text = adx__strdup(v->bad_text))))
            goto fail;
        if (v->type == ADX_VAR_NUMERIC) {
            if (copy_doubles(&w->num, v->num, n))
                goto fail;
        } else {
            if (!(w->str = calloc(n, sizeof(char *))))
                goto fail;
            for (size_t i = 0; i < ds->nrows; i++)
                if (v->str[i] && !(w->str[i] = adx__strdup(v->str[i])))
                    goto fail;
        }
        if (v->n_vlabels) {
            if (!(w->vlabels = calloc(v->n_vlabels, sizeof *w->vlabels)))
                goto fail;
            w->n_vlabels = v->n_vlabels;
            for (size_t k = 0; k < v->n_vlabels; k++) {
                w->vlabels[k].value = v->vlabels[k].value;
                w->vlabels[k].label = adx__strdup(v->vlabels[k].label);
                w->vlabels[k].svalue = adx__strdup(v->vlabels[k].svalue);
                if (!w->vlabels[k].label)
                    goto fail;
            }
        }
        if (copy_doubles(&w->missing_codes, v->missing_codes, v->n_missing_codes) ||
            copy_doubles(&w->missing_lo, v->missing_lo, v->n_missing_ranges) ||
            copy_doubles(&w->missing_hi, v->missing_hi, v->n_missing_ranges))
            goto fail;
        w->n_missing_codes = v->n_missing_codes;
        w->n_missing_ranges = v->n_missing_ranges;
    }
    return c;
fail:
    adx_dataset_free(c);
    return NULL;
}

adx_error_t adx_dataset_drop(adx_dataset_t *ds, size_t var)
{
    if (var >= ds->nvars)
        return ADX_EUSAGE;
    adx__variable_clear(&ds->vars[var], ds->nrows);
    memmove(&ds->vars[var], &ds->vars[var + 1], (ds->nvars - var - 1) * sizeof *ds->vars);
    ds->nvars--;
    return ADX_OK;
}
