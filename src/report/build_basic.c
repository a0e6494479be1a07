/* Report builders for describe, freq and corr. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_stats.h"
#include "json_priv.h"


#define TRY(x)                                                                               \
    do {                                                                                     \
        if ((x) != ADX_OK)                                                                   \
            goto oom;                                                                        \
    } while (0)

adx_error_t adx_report_describe(const adx_describe_t *d, adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Variable", "N",  "Missing",  "Mean", "SD", "Min",
                                 "Max",      "Skewness", "SE", "Kurtosis", "SE"};
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = adx_table_alloc("Descriptive statistics", 11, cols);
    if (!r || !t)
        goto oom;
    cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    r->json = root;
    if (!root || !arr)
        goto oom;
    cJSON_AddItemToObject(root, "variables", arr);
    for (size_t j = 0; j < d->k; j++) {
        const adx_summary_t *s = &d->stats[j];
        size_t i = adx_table_add_row(t);
        if (i == (size_t)-1)
            goto oom;
        TRY(adx_table_set_text(t, i, 0, d->names[j]));
        TRY(adx_table_set_num(t, i, 1, (double)s->n, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, i, 2, (double)s->missing, ADX_NUM_INT, 0, NULL));
        double vals[] = {s->mean, s->sd, s->min, s->max, s->skewness, s->skewness_se,
                         s->kurtosis, s->kurtosis_se};
        for (int c = 0; c < 8; c++)
            TRY(adx_table_set_num(t, i, 3 + (size_t)c, vals[c], ADX_NUM_FIXED, -1, NULL));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "name", d->names[j]);
        jset(o, "n", (double)s->n);
        jset(o, "missing", (double)s->missing);
        static const char *keys[] = {"mean", "sd", "min", "max", "skewness", "skewness_se",
                                     "kurtosis", "kurtosis_se"};
        for (int c = 0; c < 8; c++)
            jset(o, keys[c], vals[c]);
    }
    TRY(adx_table_add_note(t, "SD uses n - 1. Skewness and kurtosis (excess) are SPSS's G1 and "
                              "G2 with their standard errors; blank where too few cases."));
    if (!(r->methods = strdup("Descriptive statistics report skewness and excess kurtosis with "
                              "SPSS's definitions (G1, G2) and their standard errors.")))
        goto oom;
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        if (e)
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_freq(const adx_freq_t *f, adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Value", "Label", "Frequency", "Percent", "Valid percent",
                                 "Cumulative percent"};
    *out = NULL;
    char title[512];
    snprintf(title, sizeof title, "Frequencies of %s%s%s%s", f->name, f->label ? " (" : "",
             f->label ? f->label : "", f->label ? ")" : "");
    /* The Label column only when the variable has value labels. */
    int has_labels = 0;
    for (size_t k = 0; k < f->nrows; k++)
        has_labels |= f->rows[k].label != NULL;
    const size_t L = has_labels ? 1 : 0;
    static const char *cols_nolabel[] = {"Value", "Frequency", "Percent", "Valid percent",
                                         "Cumulative percent"};
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = adx_table_alloc(title, 5 + L, has_labels ? cols : cols_nolabel);
    if (!r || !t)
        goto oom;
    cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    r->json = root;
    if (!root || !arr)
        goto oom;
    cJSON_AddStringToObject(root, "variable", f->name);
    jset(root, "n_valid", (double)f->n_valid);
    jset(root, "n_missing", (double)f->n_missing);
    cJSON_AddItemToObject(root, "categories", arr);
    double ntot = (double)(f->n_valid + f->n_missing);
    for (size_t k = 0; k < f->nrows; k++) {
        const adx_freq_row_t *fr = &f->rows[k];
        size_t i = adx_table_add_row(t);
        if (i == (size_t)-1)
            goto oom;
        TRY(adx_table_set_text(t, i, 0, fr->value));
        if (L)
            TRY(adx_table_set_text(t, i, 1, fr->label ? fr->label : ""));
        TRY(adx_table_set_num(t, i, 1 + L, (double)fr->count, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, i, 2 + L, fr->percent, ADX_NUM_PCT, 1, NULL));
        TRY(adx_table_set_num(t, i, 3 + L, fr->valid_percent, ADX_NUM_PCT, 1, NULL));
        TRY(adx_table_set_num(t, i, 4 + L, fr->cumulative_percent, ADX_NUM_PCT, 1, NULL));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "value", fr->value);
        if (fr->label)
            cJSON_AddStringToObject(o, "label", fr->label);
        else
            cJSON_AddNullToObject(o, "label");
        jset(o, "count", (double)fr->count);
        jset(o, "percent", fr->percent);
        jset(o, "valid_percent", fr->valid_percent);
        jset(o, "cumulative_percent", fr->cumulative_percent);
    }
    size_t i;
    if (f->n_missing) {
        if ((i = adx_table_add_row(t)) == (size_t)-1)
            goto oom;
        TRY(adx_table_set_text(t, i, 0, "Missing"));
        TRY(adx_table_set_num(t, i, 1 + L, (double)f->n_missing, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, i, 2 + L, 100.0 * (double)f->n_missing / ntot, ADX_NUM_PCT, 1,
                              NULL));
    }
    if ((i = adx_table_add_row(t)) == (size_t)-1)
        goto oom;
    TRY(adx_table_set_text(t, i, 0, "Total"));
    TRY(adx_table_set_num(t, i, 1 + L, ntot, ADX_NUM_INT, 0, NULL));
    TRY(adx_table_set_num(t, i, 2 + L, 100.0, ADX_NUM_PCT, 1, NULL));
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        if (e)
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

static cJSON *jmatrix(const double *m, size_t k, int diag_null)
{
    cJSON *rows = cJSON_CreateArray();
    if (!rows)
        return NULL;
    for (size_t i = 0; i < k; i++) {
        cJSON *row = cJSON_CreateArray();
        if (!row) {
            cJSON_Delete(rows);
            return NULL;
        }
        for (size_t j = 0; j < k; j++)
            cJSON_AddItemToArray(row, (diag_null && i == j) ? cJSON_CreateNull()
                                                            : jnum(m[i + j * k]));
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

adx_error_t adx_report_corr(const adx_corr_t *c, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    size_t k = c->k, ncols = 3 + k;
    double *nd = NULL;
    char **cols = calloc(ncols, sizeof *cols);
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    if (!cols || !r)
        goto oom;
    cols[0] = "Variable";
    cols[1] = "M";
    cols[2] = "SD";
    char (*nums)[24] = calloc(k ? k : 1, sizeof *nums);
    if (!nums)
        goto oom;
    for (size_t j = 0; j < k; j++) {
        snprintf(nums[j], sizeof nums[j], "%zu", j + 1);
        cols[3 + j] = nums[j];
    }
    t = adx_table_alloc(c->method == ADX_SPEARMAN
                            ? "Means, standard deviations and Spearman rank correlations"
                            : "Means, standard deviations and correlations",
                        ncols, (const char *const *)cols);
    free(nums);
    if (!t)
        goto oom;
    size_t nmin = (size_t)-1, nmax = 0;
    for (size_t i = 0; i < k; i++) {
        size_t row = adx_table_add_row(t);
        if (row == (size_t)-1)
            goto oom;
        char lab[600];
        snprintf(lab, sizeof lab, "%zu. %s", i + 1, c->names[i]);
        TRY(adx_table_set_text(t, row, 0, lab));
        TRY(adx_table_set_num(t, row, 1, c->mean[i], ADX_NUM_FIXED, -1, NULL));
        TRY(adx_table_set_num(t, row, 2, c->sd[i], ADX_NUM_FIXED, -1, NULL));
        for (size_t j = 0; j <= i; j++) {
            if (i == j) {
                TRY(adx_table_set_text(t, row, 3 + j, "\xE2\x80\x94"));
                continue;
            }
            TRY(adx_table_set_num(t, row, 3 + j, c->r[i + j * k], ADX_NUM_FIXED, -1,
                                  adx_stars(c->p[i + j * k])));
            size_t n = c->n[i + j * k];
            nmin = n < nmin ? n : nmin;
            nmax = n > nmax ? n : nmax;
        }
    }
    if (k < 2)
        nmin = nmax = c->n[0];
    if (nmin == nmax)
        TRY(adx_table_add_note(t, "N = %zu%s.", nmin,
                               c->missing == ADX_LISTWISE ? " (listwise deletion)" : ""));
    else
        TRY(adx_table_add_note(t, "Pairwise deletion: N ranges from %zu to %zu.", nmin, nmax));
    TRY(adx_table_add_note(t, "*** p < .001; ** p < .01; * p < .05; \xE2\x80\xA0 p < .10 "
                              "(two-sided)."));
    {
        char m[256];
        snprintf(m, sizeof m,
                 "%s correlations were tested with two-sided t tests (n - 2 df), with %s "
                 "deletion of missing values.",
                 c->method == ADX_SPEARMAN ? "Spearman rank" : "Pearson",
                 c->missing == ADX_LISTWISE ? "listwise" : "pairwise");
        if (!(r->methods = strdup(m)))
            goto oom;
    }
    cJSON *root = cJSON_CreateObject(), *names = cJSON_CreateArray();
    r->json = root;
    if (!root || !names)
        goto oom;
    cJSON_AddItemToObject(root, "variables", names);
    for (size_t j = 0; j < k; j++)
        cJSON_AddItemToArray(names, cJSON_CreateString(c->names[j]));
    cJSON_AddStringToObject(root, "method", c->method == ADX_SPEARMAN ? "spearman" : "pearson");
    cJSON_AddStringToObject(root, "missing", c->missing == ADX_LISTWISE ? "listwise" : "pairwise");
    if (!(nd = malloc(k * k * sizeof *nd)))
        goto oom;
    for (size_t i = 0; i < k * k; i++)
        nd[i] = (double)c->n[i];
    cJSON *jr = jmatrix(c->r, k, 0), *jp = jmatrix(c->p, k, 1), *jn = jmatrix(nd, k, 0);
    cJSON *jm = cJSON_CreateDoubleArray(c->mean, (int)k), *js = cJSON_CreateDoubleArray(c->sd, (int)k);
    cJSON_AddItemToObject(root, "r", jr);
    cJSON_AddItemToObject(root, "p", jp);
    cJSON_AddItemToObject(root, "n", jn);
    cJSON_AddItemToObject(root, "mean", jm);
    cJSON_AddItemToObject(root, "sd", js);
    if (!jr || !jp || !jn || !jm || !js)
        goto oom;
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        if (e)
            goto oom;
    }
    free(nd);
    free(cols);
    *out = r;
    return ADX_OK;
oom:
    free(nd);
    free(cols);
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}
