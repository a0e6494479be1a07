/* Report builders for describe, freq and corr. JSON keys: docs/basics.md. */
#include <stdio.h>
#include <stdlib.h>

#include "ambidex/adx_report_stats.h"
#include "builder.h"

adx_error_t adx_report_describe(const adx_describe_t *d, adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {
        ADX_COL("Variable", "name"),    ADX_COL_INT("N", "n"),  ADX_COL_INT("Missing", "missing"),
        ADX_COL("Mean", "mean"),        ADX_COL("SD", "sd"),    ADX_COL("Min", "min"),
        ADX_COL("Max", "max"),          ADX_COL("Skewness", "skewness"),
        ADX_COL("SE", "skewness_se"),   ADX_COL("Kurtosis", "kurtosis"),
        ADX_COL("SE", "kurtosis_se")};
    adx__tb_t b;
    adx__tb_init(&b);
    cJSON *arr = adx__jarray(&b, adx__tb_root(&b), "variables");
    adx__tb_table_cols(&b, "Descriptive statistics", cols, ADX_NELEM(cols));
    for (size_t j = 0; j < d->k; j++) {
        const adx_summary_t *s = &d->stats[j];
        double vals[] = {(double)s->n, (double)s->missing, s->mean, s->sd, s->min, s->max,
                         s->skewness, s->skewness_se, s->kurtosis, s->kurtosis_se};
        adx__tb_row_values(&b, arr, d->names[j], vals);
    }
    adx__tb_note(&b, "SD uses n - 1. Skewness and kurtosis (excess) are SPSS's G1 and G2 with "
                     "their standard errors; blank where too few cases.");
    adx__tb_methods(&b, "Descriptive statistics report skewness and excess kurtosis with SPSS's "
                        "definitions (G1, G2) and their standard errors.");
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_freq(const adx_freq_t *f, adx_report_t **out, adx_errctx_t *ctx)
{
    /* The Label column only when the variable has value labels. */
    static const char *lcols[] = {"Value", "Label", "Frequency", "Percent", "Valid percent",
                                  "Cumulative percent"};
    int has_labels = 0;
    for (size_t k = 0; k < f->nrows; k++)
        has_labels |= f->rows[k].label != NULL;
    const size_t L = has_labels ? 1 : 0;
    char title[512];
    snprintf(title, sizeof title, "Frequencies of %s%s%s%s", f->name, f->label ? " (" : "",
             f->label ? f->label : "", f->label ? ")" : "");
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "variable", f->name);
    adx__jnum(&b, root, "n_valid", (double)f->n_valid);
    adx__jnum(&b, root, "n_missing", (double)f->n_missing);
    cJSON *arr = adx__jarray(&b, root, "categories");
    
    const char *names[6];
    size_t nc = 0;
    for (size_t k = 0; k < ADX_NELEM(lcols); k++)
        if (k != 1 || L)
            names[nc++] = lcols[k];
    adx__tb_table(&b, title, nc, names);
    double ntot = (double)(f->n_valid + f->n_missing);
    for (size_t k = 0; k < f->nrows; k++) {
        const adx_freq_row_t *fr = &f->rows[k];
        size_t i = adx__tb_row(&b);
        adx__tb_text(&b, i, 0, fr->value);
        if (L)
            adx__tb_text(&b, i, 1, fr->label ? fr->label : "");
        adx__tb_int(&b, i, 1 + L, (double)fr->count);
        adx__tb_num(&b, i, 2 + L, fr->percent, ADX_NUM_PCT, 1);
        adx__tb_num(&b, i, 3 + L, fr->valid_percent, ADX_NUM_PCT, 1);
        adx__tb_num(&b, i, 4 + L, fr->cumulative_percent, ADX_NUM_PCT, 1);
        cJSON *o = adx__jobj(&b, arr, NULL);
        adx__jstr(&b, o, "value", fr->value);
        adx__jstr(&b, o, "label", fr->label);
        const adx_jf_t jf[] = {{"count", (double)fr->count},
                               {"percent", fr->percent},
                               {"valid_percent", fr->valid_percent},
                               {"cumulative_percent", fr->cumulative_percent}};
        adx__jfields(&b, o, jf, ADX_NELEM(jf));
    }
    size_t i;
    if (f->n_missing) {
        i = adx__tb_row(&b);
        adx__tb_text(&b, i, 0, "Missing");
        adx__tb_int(&b, i, 1 + L, (double)f->n_missing);
        adx__tb_num(&b, i, 2 + L, 100.0 * (double)f->n_missing / ntot, ADX_NUM_PCT, 1);
    }
    i = adx__tb_row(&b);
    adx__tb_text(&b, i, 0, "Total");
    adx__tb_int(&b, i, 1 + L, ntot);
    adx__tb_num(&b, i, 2 + L, 100.0, ADX_NUM_PCT, 1);
    return adx__tb_done(&b, out, ctx);
}

/* A k x k matrix as rows of numbers (the diagonal null when diag_null). */
static cJSON *jmatrix(const double *m, size_t k, int diag_null)
{
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; rows && i < k; i++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; row && j < k; j++)
            cJSON_AddItemToArray(row, (diag_null && i == j) ? cJSON_CreateNull()
                                                            : adx__jnumber(m[i + j * k]));
        if (!row) {
            cJSON_Delete(rows);
            return NULL;
        }
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

static void corr_table(adx__tb_t *b, const adx_corr_t *c)
{
    size_t k = c->k;
    char (*nums)[24] = adx__tb_check(b, calloc(k + 3, sizeof *nums));
    const char **cols = adx__tb_check(b, calloc(k + 3, sizeof *cols));
    if (b->oom)
        goto done;
    cols[0] = "Variable";
    cols[1] = "M";
    cols[2] = "SD";
    for (size_t j = 0; j < k; j++) {
        snprintf(nums[j], sizeof nums[j], "%zu", j + 1);
        cols[3 + j] = nums[j];
    }
    adx__tb_table(b, c->method == ADX_SPEARMAN
                         ? "Means, standard deviations and Spearman rank correlations"
                         : "Means, standard deviations and correlations",
                  k + 3, cols);
    size_t nmin = (size_t)-1, nmax = 0;
    for (size_t i = 0; i < k; i++) {
        size_t row = adx__tb_row(b);
        char lab[600];
        snprintf(lab, sizeof lab, "%zu. %s", i + 1, c->names[i]);
        adx__tb_text(b, row, 0, lab);
        adx__tb_fix(b, row, 1, c->mean[i]);
        adx__tb_fix(b, row, 2, c->sd[i]);
        for (size_t j = 0; j < i; j++) {
            adx__tb_star(b, row, 3 + j, c->r[i + j * k], c->p[i + j * k]);
            size_t n = c->n[i + j * k];
            nmin = n < nmin ? n : nmin;
            nmax = n > nmax ? n : nmax;
        }
        adx__tb_text(b, row, 3 + i, "\xE2\x80\x94");
    }
    if (k < 2)
        nmin = nmax = c->n[0];
    if (nmin == nmax)
        adx__tb_note(b, "N = %zu%s.", nmin, c->missing == ADX_LISTWISE ? " (listwise deletion)" : "");
    else
        adx__tb_note(b, "Pairwise deletion: N ranges from %zu to %zu.", nmin, nmax);
    adx__tb_note(b, "*** p < .001; ** p < .01; * p < .05; \xE2\x80\xA0 p < .10 (two-sided).");
done:
    free(nums);
    free(cols);
}

adx_error_t adx_report_corr(const adx_corr_t *c, adx_report_t **out, adx_errctx_t *ctx)
{
    size_t k = c->k;
    adx__tb_t b;
    adx__tb_init(&b);
    corr_table(&b, c);
    adx__tb_methods(&b,
                    "%s correlations were tested with two-sided t tests (n - 2 df), with %s "
                    "deletion of missing values.",
                    c->method == ADX_SPEARMAN ? "Spearman rank" : "Pearson",
                    c->missing == ADX_LISTWISE ? "listwise" : "pairwise");
    cJSON *root = adx__tb_root(&b);
    adx__jadd(&b, root, "variables", adx__jstrings((const char *const *)c->names, k));
    adx__jstr(&b, root, "method", c->method == ADX_SPEARMAN ? "spearman" : "pearson");
    adx__jstr(&b, root, "missing", c->missing == ADX_LISTWISE ? "listwise" : "pairwise");
    double *nd = adx__tb_check(&b, malloc((k ? k * k : 1) * sizeof *nd));
    for (size_t i = 0; nd && i < k * k; i++)
        nd[i] = (double)c->n[i];
    adx__jadd(&b, root, "r", jmatrix(c->r, k, 0));
    adx__jadd(&b, root, "p", jmatrix(c->p, k, 1));
    adx__jadd(&b, root, "n", nd ? jmatrix(nd, k, 0) : NULL);
    adx__jadd(&b, root, "mean", cJSON_CreateDoubleArray(c->mean, (int)k));
    adx__jadd(&b, root, "sd", cJSON_CreateDoubleArray(c->sd, (int)k));
    free(nd);
    return adx__tb_done(&b, out, ctx);
}
