/* Frequency tables (SPSS FREQUENCIES): count, percent of all cases, valid
 * percent, cumulative percent; value labels shown beside codes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"

void adx_freq_free(adx_freq_t *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nrows; i++) {
        free(f->rows[i].value);
        free(f->rows[i].label);
    }
    ADX__FREE(f->rows, f->name, f->label, f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

adx_error_t adx_freq(const adx_dataset_t *ds, size_t var, adx_freq_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    const adx_variable_t *v = &ds->vars[var];
    size_t n = ds->nrows, nv = 0;
    double *xs = NULL;
    char **ss = NULL;
    adx_freq_t *f = calloc(1, sizeof *f);
    if (!f || !(f->name = adx__strdup(v->name)) || (v->label && !(f->label = adx__strdup(v->label))))
        goto oom;
    if (v->type == ADX_VAR_NUMERIC) {
        if (!(xs = malloc((n ? n : 1) * sizeof *xs)))
            goto oom;
        for (size_t i = 0; i < n; i++)
            if (!isnan(v->num[i]))
                xs[nv++] = v->num[i];
        qsort(xs, nv, sizeof *xs, adx__cmp_double);
    } else {
        if (!(ss = malloc((n ? n : 1) * sizeof *ss)))
            goto oom;
        for (size_t i = 0; i < n; i++)
            if (v->str[i])
                ss[nv++] = v->str[i];
        qsort(ss, nv, sizeof *ss, cmp_str);
    }
    f->n_valid = nv;
    f->n_missing = n - nv;
    if (nv == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: variable '%s' has no valid values",
                     ds->source ? ds->source : "data", v->name);
        goto cleanup;
    }
    size_t ncat = 0;
    for (size_t i = 0; i < nv; i++)
        if (i == 0 || (xs ? xs[i] != xs[i - 1] : strcmp(ss[i], ss[i - 1]) != 0))
            ncat++;
    if (!(f->rows = calloc(ncat, sizeof *f->rows)))
        goto oom;
    double cum = 0;
    for (size_t i = 0; i < nv;) {
        size_t j = i + 1;
        while (j < nv && (xs ? xs[j] == xs[i] : strcmp(ss[j], ss[i]) == 0))
            j++;
        adx_freq_row_t *r = &f->rows[f->nrows++];
        r->count = j - i;
        r->percent = 100.0 * (double)r->count / (double)n;
        r->valid_percent = 100.0 * (double)r->count / (double)nv;
        cum += (double)r->count;
        r->cumulative_percent = 100.0 * cum / (double)nv;
        if (xs) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.15g", xs[i]);
            r->numvalue = xs[i];
            if (!(r->value = adx__strdup(buf)))
                goto oom;
            for (size_t l = 0; l < v->n_vlabels; l++)
                if (!r->label && !v->vlabels[l].svalue && v->vlabels[l].value == xs[i] &&
                    !(r->label = adx__strdup(v->vlabels[l].label)))
                    goto oom;
        } else {
            r->numvalue = NAN;
            if (!(r->value = adx__strdup(ss[i])))
                goto oom;
            for (size_t l = 0; l < v->n_vlabels; l++)
                if (!r->label && v->vlabels[l].svalue && strcmp(v->vlabels[l].svalue, ss[i]) == 0 &&
                    !(r->label = adx__strdup(v->vlabels[l].label)))
                    goto oom;
        }
        i = j;
    }
    *out = f;
    f = NULL;
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    free(xs);
    free(ss);
    adx_freq_free(f);
    return rc;
}
