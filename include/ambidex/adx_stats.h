/* ambidex basic statistics: descriptives, frequencies, correlations. */
#ifndef ADX_STATS_H
#define ADX_STATS_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Univariate summaries ----------------------------------------------- */

/* Summary of one numeric sample (NaNs skipped). Statistics that need more
 * cases than there are (sd: 2, skewness: 3, kurtosis: 4) are NaN and reported
 * as undefined by the renderers, as SPSS leaves them blank.
 * Skewness and kurtosis are SPSS's G1 and G2 with their standard errors
 * (docs/formulas.md). Mean and SD use a corrected two-pass algorithm. */
typedef struct {
    size_t n, missing;
    double mean, sd, min, max;
    double skewness, skewness_se, kurtosis, kurtosis_se;
} adx_summary_t;

void adx_summarize(const double *x, size_t n, adx_summary_t *out);

typedef struct {
    adx_missing_t missing; /* ADX_PAIRWISE (default: each variable on its own valid
                              cases, SPSS DESCRIPTIVES) or ADX_LISTWISE */
} adx_describe_options_t;

void adx_describe_options_init(adx_describe_options_t *o);

typedef struct {
    size_t k;
    char **names;          /* k names (owned) */
    adx_summary_t *stats;  /* k summaries */
} adx_describe_t;

/* Describes k numeric variables. Caller frees *out with adx_describe_free(). */
adx_error_t adx_describe(const adx_dataset_t *ds, const size_t *vars, size_t k,
                         const adx_describe_options_t *o, adx_describe_t **out,
                         adx_errctx_t *ctx);
void adx_describe_free(adx_describe_t *d);

/* ---- Frequencies -------------------------------------------------------- */

typedef struct {
    char *value;      /* the category as text (numeric values printed %.15g) */
    char *label;      /* value label, or NULL */
    double numvalue;  /* numeric code (NaN for string variables) */
    size_t count;
    double percent, valid_percent, cumulative_percent;
} adx_freq_row_t;

typedef struct {
    char *name;
    char *label;
    size_t n_valid, n_missing;
    size_t nrows;
    adx_freq_row_t *rows;  /* sorted: numerically for numeric variables, else by text */
} adx_freq_t;

adx_error_t adx_freq(const adx_dataset_t *ds, size_t var, adx_freq_t **out, adx_errctx_t *ctx);
void adx_freq_free(adx_freq_t *f);

/* ---- Correlations ------------------------------------------------------- */

typedef enum { ADX_PEARSON = 0, ADX_SPEARMAN = 1 } adx_corr_method_t;

typedef struct {
    adx_corr_method_t method;
    adx_missing_t missing;  /* ADX_PAIRWISE (default) or ADX_LISTWISE */
} adx_corr_options_t;

void adx_corr_options_init(adx_corr_options_t *o);

typedef struct {
    size_t k;
    char **names;
    adx_corr_method_t method;
    adx_missing_t missing;
    double *r;     /* k x k, column-major */
    double *p;     /* k x k two-sided p (t test with n - 2 df); diagonal NaN */
    size_t *n;     /* k x k pairwise n */
    double *mean;  /* k means and SDs over each variable's cases (listwise: the
                      complete cases) */
    double *sd;
} adx_corr_t;

/* Correlation matrix of k numeric variables. A variable with zero variance
 * (over the cases used) is an ADX_ECONST error that names it. */
adx_error_t adx_corr(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_corr_options_t *o, adx_corr_t **out, adx_errctx_t *ctx);
void adx_corr_free(adx_corr_t *c);

/* Two-sided p-value of a correlation r from n cases (t = r sqrt((n-2)/(1-r^2))). */
double adx_corr_pvalue(double r, size_t n);

/* Average ranks (ties get the mean rank), NaNs stay NaN. */
adx_error_t adx_rank(const double *x, size_t n, double *ranks);

/* CDF P(X <= x) of the noncentral chi-square distribution with df degrees of
 * freedom and noncentrality ncp (a Poisson mixture of central chi-squares);
 * src/stats/dist.c. Used for the RMSEA interval. */
double adx_ncchisq_cdf(double x, double df, double ncp);

#ifdef __cplusplus
}
#endif
#endif
