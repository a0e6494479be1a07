/* ambidex basic statistics: descriptives, frequencies, correlations, group tests
 * (t-tests, one-way ANOVA, crosstab). */
#ifndef ADX_STATS_H
#define ADX_STATS_H

#include <stddef.h>
#include <stdint.h>

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

/* Tests of normality (SPSS EXAMINE /PLOT NPPLOT "Tests of Normality"; src/stats/normality.c). */
typedef struct {
    size_t n;
    double sw_w, sw_p;  /* Shapiro-Wilk (Royston 1995, R shapiro.test); n in [3, 5000] */
    double ks_d, ks_p;  /* Kolmogorov-Smirnov with the Lilliefors correction (p: Dallal &
                           Wilkinson 1986, nortest::lillie.test; n >= 5) */
} adx_normality_t;

/* Both tests on the non-NaN values of x; undefined ones (too few cases, a constant) NaN. */
adx_error_t adx_normality(const double *x, size_t n, adx_normality_t *out, adx_errctx_t *ctx);

/* Missing-data patterns and Little's MCAR test (src/stats/mcar.c). */
typedef struct {
    double em_tol;        /* EM stops when no mean or covariance changes more (1e-12) */
    int em_max_iter;      /* default 10000 */
} adx_mcar_options_t;

void adx_mcar_options_init(adx_mcar_options_t *o);

typedef struct {
    size_t k, n;             /* variables; cases with at least one value */
    size_t npatterns;
    unsigned char *pattern;  /* npatterns x k (row-major): 1 observed, 0 missing */
    size_t *count;           /* cases per pattern, largest first */
    size_t *first, *rows;    /* internal: the cases of each pattern */
    double *mu, *sigma;      /* EM estimates: k means, k x k covariance (divisor n) */
    int em_iterations, em_converged;
    double chi2, df, p;      /* Little's (1988) test; p NaN when df = 0 */
} adx_mcar_t;

/* Patterns and Little's test of k numeric variables (every case with a value). Errors: a
 * variable without variance (ADX_ECONST), a singular EM covariance (ADX_ESINGULAR).
 * Caller frees *out with adx_mcar_free(). */
adx_error_t adx_mcar(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_mcar_options_t *o, adx_mcar_t **out, adx_errctx_t *ctx);
void adx_mcar_free(adx_mcar_t *m);

typedef struct {
    adx_missing_t missing; /* ADX_PAIRWISE (default: each variable on its own valid
                              cases, SPSS DESCRIPTIVES) or ADX_LISTWISE */
    int normality;         /* 1: Shapiro-Wilk and Lilliefors tests per variable */
    int missing_patterns;  /* 1: pattern table and Little's MCAR test (all cases) */
    adx_mcar_options_t mcar;
} adx_describe_options_t;

void adx_describe_options_init(adx_describe_options_t *o);

typedef struct {
    size_t k;
    char **names;          /* k names (owned) */
    adx_summary_t *stats;  /* k summaries */
    adx_normality_t *normality; /* k tests, or NULL unless asked */
    adx_mcar_t *mcar;           /* patterns and Little's test, or NULL unless asked */
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

/* ADX_POLYCHORIC: polychoric (tetrachoric for two categories) correlations, always
 * listwise, with p from the Wald z of each correlation and its Gamma-based SE. */
typedef enum { ADX_PEARSON = 0, ADX_SPEARMAN = 1, ADX_POLYCHORIC = 2 } adx_corr_method_t;

typedef struct {
    adx_corr_method_t method;
    adx_missing_t missing;  /* ADX_PAIRWISE (default) or ADX_LISTWISE */
    const unsigned char *numeric; /* ADX_POLYCHORIC: k flags, 1 = a continuous variable
                                     (polyserial with an ordered one, Pearson with another
                                     continuous one; lavCor(ordered = ...)); NULL: all
                                     ordered (default) */
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
    struct adx_polychoric *poly; /* ADX_POLYCHORIC: thresholds and SEs (else NULL) */
} adx_corr_t;

/* Correlation matrix of k numeric variables. A variable with zero variance
 * (over the cases used) is an ADX_ECONST error that names it. */
adx_error_t adx_corr(const adx_dataset_t *ds, const size_t *vars, size_t k,
                     const adx_corr_options_t *o, adx_corr_t **out, adx_errctx_t *ctx);
void adx_corr_free(adx_corr_t *c);

/* Two-sided p-value of a correlation r from n cases (t = r sqrt((n-2)/(1-r^2))). */
double adx_corr_pvalue(double r, size_t n);

/* Common-method variance, marker-variable adjustment (Lindell & Whitney 2001; src/stats/
 * marker.c): r_A = (r - r_M)/(1 - r_M) for every pair of the other variables, tested with
 * t = r_A / sqrt((1 - r_A^2)/(n - 3)) on n - 3 df (n: the pair's cases). */
typedef struct {
    double r_m; /* r_M to use, in [0, 1); NaN (default): the smallest positive correlation of
                   the marker with the other variables (Lindell & Whitney 2001, p. 116) */
} adx_marker_options_t;

void adx_marker_options_init(adx_marker_options_t *o);

typedef struct {
    size_t k;                  /* variables other than the marker */
    char **names;              /* k names, in the order of the correlation table */
    char *marker;
    double r_m;                /* the marker correlation used */
    int r_m_given;             /* r_M came from the options */
    char *r_m_with;            /* the variable whose correlation with the marker is r_M, or
                                  NULL (given, or no positive one: r_M = 0) */
    double *r, *ra, *t, *p;    /* k x k column-major: r, adjusted r, t, two-sided p (diagonal
                                  of t and p NaN) */
    size_t *n;                 /* k x k cases of each pair (df = n - 3) */
} adx_marker_t;

/* The adjustment of the correlation table c by its variable named marker (ADX_ENOVAR
 * when c has no such variable). Caller frees with adx_marker_free. */
adx_error_t adx_marker(const adx_corr_t *c, const char *marker, const adx_marker_options_t *o,
                       adx_marker_t **out, adx_errctx_t *ctx);
void adx_marker_free(adx_marker_t *m);

/* Average ranks (ties get the mean rank), NaNs stay NaN. */
adx_error_t adx_rank(const double *x, size_t n, double *ranks);

/* CDF P(X <= x) of the noncentral chi-square distribution with df degrees of
 * freedom and noncentrality ncp (a Poisson mixture of central chi-squares);
 * src/stats/dist.c. Used for the RMSEA interval. */
double adx_ncchisq_cdf(double x, double df, double ncp);

/* CDF P(Q <= q) of the studentized range of k means with df error degrees of freedom
 * (R's ptukey with one range; src/stats/tukey.c) and its inverse (p in (0, 1)). */
double adx_ptukey(double q, double k, double df);
double adx_qtukey(double p, double k, double df);

/* ---- Group tests (src/stats/groups.c) ------------------------------------ */

typedef struct {
    char *name;
    size_t n[2];
    double mean[2], sd[2];
    double levene_f, levene_df1, levene_df2, levene_p; /* Brown-Forsythe-free: centre = mean (SPSS) */
    double t, df, p, diff, se, lo, hi;                 /* Student (equal variances) */
    double w_t, w_df, w_p, w_se, w_lo, w_hi;           /* Welch */
    double d;                                          /* Cohen's d, pooled SD */
} adx_ttest_row_t;

typedef struct {
    char *group;
    char *level[2];
    double ci_level;         /* confidence level of the CIs, a fraction (.95) */
    size_t k;
    adx_ttest_row_t *rows;
} adx_ttest_t;

/* Independent-samples t-tests of each y by a two-level group (levels as given, or
 * the two distinct values; ADX_EUSAGE otherwise). Each y on its own valid cases.
 * ci_level is a fraction (.95). Caller frees *out with adx_ttest_free(). */
adx_error_t adx_ttest_independent(const adx_dataset_t *ds, const size_t *ys, size_t k,
                                  size_t group, const char *level1, const char *level2,
                                  double ci_level, adx_ttest_t **out, adx_errctx_t *ctx);
void adx_ttest_free(adx_ttest_t *t);

typedef struct {
    char *name;              /* "A1" or "A1 - A2" */
    size_t n;
    double mean, sd, mu;     /* mean and sd of y (or of the differences) */
    double t, df, p, se, lo, hi, d;
} adx_ttest1_t;

/* Paired (y2 given) or one-sample (y2 = (size_t)-1, against mu) t-test; ci_level is
 * a fraction. Fills the caller's *out; release its strings with adx_ttest1_clear(). */
adx_error_t adx_ttest_paired(const adx_dataset_t *ds, size_t y1, size_t y2, double mu,
                             double ci_level, adx_ttest1_t *out, adx_errctx_t *ctx);
void adx_ttest1_clear(adx_ttest1_t *t);

/* Post-hoc tests after a one-way ANOVA (SPSS ONEWAY /POSTHOC), OR-ed together. */
typedef enum {
    ADX_POSTHOC_TUKEY = 1,      /* Tukey HSD (Tukey-Kramer for unequal n), pooled MSE */
    ADX_POSTHOC_GH = 2,         /* Games-Howell: Welch SE and df, studentized range */
    ADX_POSTHOC_BONFERRONI = 4  /* pooled-MSE t tests, p times the number of pairs */
} adx_posthoc_t;

typedef struct {
    double ci_level;   /* confidence level of the post-hoc intervals, a fraction (.95) */
    unsigned posthoc;  /* OR of adx_posthoc_t; default 0 (none, as SPSS) */
} adx_anova_options_t;

void adx_anova_options_init(adx_anova_options_t *o);

/* One pair of levels i < j (indices into adx_anova_t.levels). */
typedef struct {
    size_t i, j;
    double diff;               /* mean_i - mean_j (SPSS's I - J) */
    double se, df, stat, p;    /* stat: q (Tukey, Games-Howell) or |t| (Bonferroni) */
    double lo, hi;             /* simultaneous interval of diff at ci_level */
} adx_posthoc_pair_t;

typedef struct {
    char *y, *group;
    size_t k;
    char **levels;
    size_t *n;
    double *mean, *sd;
    double ss_between, ss_within, ss_total, df1, df2, f, p, eta2;
    double welch_f, welch_df1, welch_df2, welch_p;
    /* Levene's test, the ANOVA of |y - centre| with the centre [0] the group mean
     * (SPSS, Levene 1960) or [1] the group median (Brown & Forsythe 1974). */
    double levene_f[2], levene_df1, levene_df2, levene_p[2];
    double ci_level;
    unsigned posthoc;          /* the tests asked for */
    size_t npairs;             /* k (k - 1) / 2 */
    adx_posthoc_pair_t *tukey, *gh, *bonferroni; /* npairs each, NULL unless asked */
} adx_anova_t;

/* One-way ANOVA of y by group (each level with at least one valid case; two or more
 * levels), with eta squared, Welch's F, Levene's test and the post-hoc tests of o
 * (NULL: defaults). Caller frees *out with adx_anova_free(). */
adx_error_t adx_anova_oneway(const adx_dataset_t *ds, size_t y, size_t group,
                             const adx_anova_options_t *o, adx_anova_t **out, adx_errctx_t *ctx);
void adx_anova_free(adx_anova_t *a);

typedef struct {
    int exact;              /* Fisher's exact test for any r x c table (SPSS /METHOD=EXACT);
                               default 0: for 2 x 2 tables only */
    double exact_max_nodes; /* enumeration limit of the exact test (default 1e7 partial
                               values stored); past it the p is left undefined and said so */
    long simulate;          /* B > 0: Monte Carlo p of Fisher's test from B random tables
                               with the observed margins (R simulate.p.value; SPSS
                               /METHOD=MC); default 0 */
    uint64_t seed;          /* RNG seed of the Monte Carlo tables (default 1) */
} adx_crosstab_options_t;

void adx_crosstab_options_init(adx_crosstab_options_t *o);

typedef struct {
    char *row, *col;
    size_t nr, nc;
    char **rlevels, **clevels;
    double *count;          /* nr x nc, row-major */
    double n, chi2, df, p, cramer_v;
    double phi;             /* sqrt(chi2 / n), signed (ad - bc) for 2 x 2 (SPSS) */
    double yates_chi2, yates_p;         /* continuity-corrected, 2 x 2 only (else NaN) */
    double fisher_p;        /* two-sided exact p; NaN when not asked or past the limit */
    double fisher_less, fisher_greater; /* one-sided exact p, 2 x 2 only (else NaN) */
    int fisher_limit;       /* 1 when the exact test was asked but passed the limit */
    long mc_b;              /* Monte Carlo tables drawn (0: none) */
    uint64_t mc_seed;
    double mc_p;            /* Monte Carlo two-sided p, (1 + hits)/(B + 1); NaN if not asked */
    double mc_lo, mc_hi;    /* its 99% CI, p -/+ 2.576 sqrt(p(1 - p)/B) clipped to [0, 1]
                               (SPSS's Monte Carlo interval) */
} adx_crosstab_t;

/* Cross-tabulation of two variables (numeric or string; missing cases dropped) with
 * Pearson's chi-square test, Cramer's V and phi, Yates' correction and Fisher's exact test
 * (o NULL: defaults). Caller frees *out with adx_crosstab_free(). */
adx_error_t adx_crosstab(const adx_dataset_t *ds, size_t row, size_t col,
                         const adx_crosstab_options_t *o, adx_crosstab_t **out,
                         adx_errctx_t *ctx);
void adx_crosstab_free(adx_crosstab_t *c);

/* ---- Polychoric and tetrachoric correlations (src/stats/polychoric.c) ---- */

/* lavaan's two-step estimates (lavCor with ordered variables; psych::polychoric
 * agrees to its optimizer's tolerance): thresholds = probits of the cumulative
 * proportions, each correlation by ML on its table with the thresholds fixed.
 * Listwise deletion. Each variable has 2 to 20 categories (its sorted distinct
 * values); two categories everywhere give tetrachoric correlations. */
typedef struct adx_polychoric {
    size_t k, n;        /* variables; complete cases used */
    char **names;       /* k (owned), or NULL */
    size_t *ncat;       /* categories per variable */
    double *values;     /* the categories: variable j's are values[th_off[j] + j ...],
                           ncat[j] of them, ascending */
    size_t *th_off;     /* k + 1: variable j's thresholds are th[th_off[j] .. th_off[j+1]) */
    double *th, *th_se; /* thresholds and their SEs (NaN without gamma) */
    double *r, *r_se;   /* k x k correlations (unit diagonal) and SEs (NaN without gamma) */
    size_t nstat;       /* thresholds + k(k-1)/2 correlations */
    double *gamma;      /* nstat x nstat, N x the asymptotic covariance of thresholds and
                           correlations (lavaan's NACOV / lavInspect(fit, "gamma")), in
                           lavaan's order: thresholds variable by variable, then the
                           correlations (2,1), (3,1), ..., (k,1), (3,2), ...; or NULL */
    size_t zero_cells;  /* empty cells over all the pairs' tables */
    /* Mixed ordered and continuous variables (adx_polychoric_mixed): numeric[j] = 1 for a
     * continuous variable, which has ncat 0, one "threshold" slot holding its mean (lavaan's
     * TH.IDX 0) and its ML SD in sd[j]; its correlations are polyserial (with an ordered
     * variable) or Pearson. gamma is then over [thresholds and means, the nnum ML
     * variances, the covariances] (lavaan's muthen1984: ordered variables on the unit
     * scale, continuous ones on theirs; the mean rows negated as lavaan stores them). */
    unsigned char *numeric; /* k flags, or NULL (all ordered) */
    size_t nnum;            /* continuous variables */
    double *sd;             /* k: ML SDs of the continuous variables, 1 for ordered ones;
                               NULL when nnum is 0 */
    size_t nx;          /* adx_polychoric_cond: exogenous covariates (else 0) */
    double *slopes;     /* k x nx probit slopes (y* = x'b + e), or NULL; th are then the
                           thresholds at x = 0, r the residual correlations given x, and
                           nstat, gamma cover thresholds, slopes (variable fastest), then
                           the correlations, as lavaan's conditional.x WLS.obs */
} adx_polychoric_t;

/* From an n x k column-major matrix X (leading dimension ld) of complete cases, or with NaN
 * for missing values: then each variable's thresholds come from its available cases, each
 * correlation from the pair's, and Gamma from the scores of the available cases over all n
 * (lavaan missing = "pairwise"; n counts the rows, which should each have a value).
 * with_gamma: 0 none, 1 gamma and SEs when nstat <= 6000, 2 gamma required (an
 * error beyond). Errors: a constant variable (ADX_ECONST), more than 20 distinct
 * values (ADX_EDOMAIN), no convergence (ADX_ECONVERGE), singular Gamma. */
adx_error_t adx_polychoric_data(const double *X, size_t n, size_t ld, size_t k,
                                const char *const *names, int with_gamma,
                                adx_polychoric_t **out, adx_errctx_t *ctx);
/* The same with continuous variables among them (numeric: k flags, NULL = none):
 * polyserial correlations by lavaan's two-step ML (lav_bvmix: the continuous variable
 * standardized by its mean and ML SD, the ordered one's thresholds fixed), Pearson for two
 * continuous ones, and the Gamma of the mixed statistics. */
adx_error_t adx_polychoric_mixed(const double *X, size_t n, size_t ld, size_t k,
                                 const char *const *names, const unsigned char *numeric,
                                 int with_gamma, adx_polychoric_t **out, adx_errctx_t *ctx);
/* Conditional on nx covariates Z (n x nx, leading dimension ldz; lavaan conditional.x):
 * per variable an ordered probit regression on Z (ML), then per pair the residual
 * polychoric correlation by ML with those held fixed, and Gamma (always computed).
 * numeric (k flags or NULL): continuous variables, regressed linearly on Z (intercept in
 * their threshold slot, residual SD in sd), with residual polyserial / Pearson
 * correlations; gamma is then over [thresholds and intercepts, slopes, residual
 * variances, covariances], lavaan's conditional.x WLS.obs. */
adx_error_t adx_polychoric_cond(const double *X, size_t n, size_t ld, size_t k,
                                const unsigned char *numeric, const double *Z, size_t ldz,
                                size_t nx, const char *const *names, adx_polychoric_t **out,
                                adx_errctx_t *ctx);
/* The same on k numeric variables of ds (listwise). */
adx_error_t adx_polychoric(const adx_dataset_t *ds, const size_t *vars, size_t k,
                           int with_gamma, adx_polychoric_t **out, adx_errctx_t *ctx);
void adx_polychoric_free(adx_polychoric_t *p);
/* P(X <= h, Y <= k) for standard normals with correlation r (infinite limits allowed;
 * r = 1 and r = -1 exactly); NaN when memory runs out. */
double adx_bvn_cdf(double h, double k, double r);

#ifdef __cplusplus
}
#endif
#endif
