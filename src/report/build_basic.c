/* Report builders for describe, freq and corr. JSON keys: docs/basics.md. */
#include <stdio.h>
#include <stdlib.h>

#include "ambidex/adx_report_stats.h"
#include "builder.h"

/* SPSS EXAMINE's "Tests of Normality": Kolmogorov-Smirnov (Lilliefors) and Shapiro-Wilk. */
static void describe_normality(adx__tb_t *b, const adx_describe_t *d)
{
    static const adx_col_t cols[] = {
        ADX_COL("Variable", "name"),          ADX_COL("K-S statistic", "ks_d"),
        ADX_COL_INT("df", "n"),               ADX_COL_P("Sig.", "ks_p"),
        ADX_COL("Shapiro-Wilk W", "sw_w"),    ADX_COL_INT("df", NULL),
        ADX_COL_P("Sig.", "sw_p")};
    cJSON *arr = adx__jarray(b, adx__tb_root(b), "normality");
    adx__tb_table_cols(b, "Tests of normality", cols, ADX_NELEM(cols));
    for (size_t j = 0; j < d->k; j++) {
        const adx_normality_t *t = &d->normality[j];
        adx__tb_row_values(b, arr, d->names[j],
                           (double[]){t->ks_d, (double)t->n, t->ks_p, t->sw_w, (double)t->n,
                                      t->sw_p});
    }
    adx__tb_note(b, "Kolmogorov-Smirnov against the normal with the sample mean and SD, "
                    "Lilliefors significance (Dallal & Wilkinson 1986, nortest::lillie.test; "
                    "n >= 5). Shapiro-Wilk W and p by Royston (1995), R's shapiro.test "
                    "(3 <= n <= 5000).");
}

/* The missing-data patterns (SPSS MVA "Tabulated Patterns", as a list of the missing
 * variables) and Little's MCAR test. */
static void describe_patterns(adx__tb_t *b, const adx_describe_t *d)
{
    static const char *const pcols[] = {"Pattern", "Cases", "Percent", "Missing variables"};
    static const adx_col_t tcols[] = {ADX_COL("Test", NULL), ADX_COL("Chi-square", NULL),
                                      ADX_COL_INT("df", NULL), ADX_COL_P("Sig.", NULL)};
    const adx_mcar_t *M = d->mcar;
    cJSON *root = adx__tb_root(b), *arr = adx__jarray(b, root, "missing_patterns");
    adx__tb_table(b, "Missing-data patterns", 4, pcols);
    for (size_t g = 0; g < M->npatterns; g++) {
        adx__sb_t sb = {0};
        cJSON *o = adx__jobj(b, arr, NULL), *miss = adx__jarray(b, o, "missing");
        for (size_t j = 0; j < M->k; j++)
            if (!M->pattern[g * M->k + j]) {
                adx__sb_printf(&sb, "%s%s", sb.len ? ", " : "", d->names[j]);
                adx__jadd(b, miss, NULL, cJSON_CreateString(d->names[j]));
            }
        size_t r = adx__tb_row(b);
        adx__tb_int(b, r, 0, (double)(g + 1));
        adx__tb_int(b, r, 1, (double)M->count[g]);
        adx__tb_numsfx(b, r, 2, 100.0 * (double)M->count[g] / (double)M->n, ADX_NUM_PCT, 1, "%");
        adx__tb_text(b, r, 3, sb.len && sb.s ? sb.s : "(none: complete)");
        adx__sb_free(&sb);
        adx__jnum(b, o, "cases", (double)M->count[g]);
    }
    adx__tb_note(b, "%zu patterns among %zu cases with at least one value, largest first.",
                 M->npatterns, M->n);
    adx__tb_table_cols(b, "Little's MCAR test", tcols, ADX_NELEM(tcols));
    adx__tb_row_values(b, NULL, "Little (1988)", (double[]){M->chi2, M->df, M->p});
    adx__tb_note(b, "Mean and covariance by EM under multivariate normality (%d iterations%s); "
                    "a significant chi-square says the data are not missing completely at "
                    "random.", M->em_iterations, M->em_converged ? "" : ", not converged");
    const adx_jf_t jf[] = {{"mcar_chi2", M->chi2}, {"mcar_df", M->df}, {"mcar_p", M->p},
                           {"em_iterations", (double)M->em_iterations}};
    adx__jfields(b, root, jf, ADX_NELEM(jf));
}

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
    if (d->normality)
        describe_normality(&b, d);
    if (d->mcar)
        describe_patterns(&b, d);
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
                     : c->method == ADX_POLYCHORIC && c->poly && c->poly->nnum
                         ? "Means, standard deviations and polychoric, polyserial and Pearson "
                           "correlations"
                     : c->method == ADX_POLYCHORIC
                         ? "Means, standard deviations and polychoric correlations"
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

/* Polychoric correlations: a table of each variable's thresholds with SEs (lavaan's
 * "x|t1"), and the same in the JSON. */
static void threshold_table(adx__tb_t *b, const adx_polychoric_t *P)
{
    static const char *const cols[] = {"Variable", "Threshold", "Estimate", "SE"};
    adx__tb_table(b, "Thresholds (probits of the cumulative proportions)", 4, cols);
    cJSON *arr = cJSON_CreateArray();
    for (size_t j = 0; j < P->k; j++)
        for (size_t t = P->th_off[j]; t < P->th_off[j + 1] && P->ncat[j]; t++) {
            size_t row = adx__tb_row(b);
            char lab[32];
            snprintf(lab, sizeof lab, "t%zu", t - P->th_off[j] + 1);
            adx__tb_text(b, row, 0, P->names[j]);
            adx__tb_text(b, row, 1, lab);
            adx__tb_fix(b, row, 2, P->th[t]);
            adx__tb_fix(b, row, 3, P->th_se[t]);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "variable", P->names[j]);
            cJSON_AddNumberToObject(o, "threshold", (double)(t - P->th_off[j] + 1));
            cJSON_AddItemToObject(o, "estimate", adx__jnumber(P->th[t]));
            cJSON_AddItemToObject(o, "se", adx__jnumber(P->th_se[t]));
            cJSON_AddItemToArray(arr, o);
        }
    adx__tb_note(b, "Two-step estimates (lavaan lavCor, psych polychoric); SEs from the "
                    "asymptotic covariance of Muthen (1984).");
    if (P->zero_cells)
        adx__tb_note(b, "%zu empty cells in the pairs' tables.", P->zero_cells);
    adx__jadd(b, adx__tb_root(b), "thresholds", arr);
}

adx_error_t adx_report_corr(const adx_corr_t *c, adx_report_t **out, adx_errctx_t *ctx)
{
    size_t k = c->k;
    adx__tb_t b;
    adx__tb_init(&b);
    corr_table(&b, c);
    if (c->method == ADX_POLYCHORIC) {
        adx__tb_methods(&b, "Polychoric correlations (tetrachoric for two categories) were "
                            "estimated in two steps (thresholds from the margins, then each "
                            "correlation by maximum likelihood) with listwise deletion and "
                            "tested with Wald z tests.");
        if (c->poly->nnum)
            adx__tb_methods(&b, "Pairs with a continuous variable: polyserial correlations "
                                "(two-step maximum likelihood, the continuous variable "
                                "standardized by its mean and ML SD; lavaan lavCor), Pearson "
                                "correlations for two continuous variables.");
        threshold_table(&b, c->poly);
    } else
        adx__tb_methods(&b,
                        "%s correlations were tested with two-sided t tests (n - 2 df), with %s "
                        "deletion of missing values.",
                        c->method == ADX_SPEARMAN ? "Spearman rank" : "Pearson",
                        c->missing == ADX_LISTWISE ? "listwise" : "pairwise");
    cJSON *root = adx__tb_root(&b);
    adx__jadd(&b, root, "variables", adx__jstrings((const char *const *)c->names, k));
    adx__jstr(&b, root, "method", c->method == ADX_SPEARMAN     ? "spearman"
                                  : c->method == ADX_POLYCHORIC ? "polychoric"
                                                                : "pearson");
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
