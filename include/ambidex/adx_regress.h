/* ambidex regression family: OLS (the one reusable fit with HC0-HC4 covariances,
 * used by regress, moderate, iv and mediate), hierarchical regression from formulas,
 * moderation with Johnson-Neyman and two-stage least squares. The group tests
 * (t-tests, one-way ANOVA, crosstab) are declared in adx_stats.h.
 * Formulas and JSON keys: docs/regress.md.
 */
#ifndef ADX_REGRESS_H
#define ADX_REGRESS_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The OLS fit ---------------------------------------------------------- */

/* Covariance of the coefficients: classical s^2 (X'X)^-1 or a heteroskedasticity-
 * consistent sandwich (X'X)^-1 X' diag(w_i e_i^2) X (X'X)^-1 with w_i = 1 (HC0),
 * n/(n-p) (HC1), 1/(1-h_i) (HC2), 1/(1-h_i)^2 (HC3), 1/(1-h_i)^d_i with
 * d_i = min(4, n h_i / p) (HC4); p counts the intercept (MacKinnon & White 1985,
 * Cribari-Neto 2004; R sandwich::vcovHC). */
typedef enum { ADX_HC_NONE = 0, ADX_HC0, ADX_HC1, ADX_HC2, ADX_HC3, ADX_HC4 } adx_hc_t;

/* Parses "hc0".."hc4" (or "none"); returns -1 if unknown. */
int adx_hc_parse(const char *s);
/* "HC0".."HC4" or "OLS". */
const char *adx_hc_name(adx_hc_t hc);

typedef struct {
    int intercept;   /* column 0 of X is the constant (default 1): R2 and F are then
                        about the other columns, with a centred total sum of squares */
    double tol;      /* rank tolerance of the QR (default 1e-7, as R's lm) */
    double ci_level; /* confidence level of the coefficient CIs, a fraction (default .95) */
    adx_hc_t hc;     /* covariance behind se, t, p and CI (default ADX_HC_NONE) */
    int keep_resid;  /* store residuals, fitted values and leverages (default 0) */
} adx_ols_options_t;

void adx_ols_options_init(adx_ols_options_t *o);

typedef struct {
    size_t n, p;            /* cases; coefficients including the intercept */
    double df_res;          /* n - p */
    double *b, *se, *t, *pvalue, *ci_lower, *ci_upper; /* p each */
    double *cov;            /* p x p covariance behind se (classical or HC) */
    double *xtx_inv;        /* p x p (X'X)^-1 */
    double rss, tss, ess;   /* residual, total (centred if intercept), regression SS */
    double r2, adj_r2, sigma;
    double f, df1, df2, f_p; /* classical overall F test of all non-constant columns */
    adx_hc_t hc;
    double *resid, *fitted, *hat; /* n each, only with keep_resid (else NULL) */
} adx_ols_t;

/* Fits y = X b + e by Householder QR.
 *   X      n x p design (column-major; include the constant column yourself);
 *   y      n values;
 *   names  p column names for messages (may be NULL);
 * Errors: ADX_EEMPTY when n <= p ("more parameters than cases"), ADX_ESINGULAR
 * naming the first column that is a linear combination of earlier ones (the fit
 * refuses rather than dropping it), ADX_ECONST when y has zero variance.
 * Caller frees *out with adx_ols_free(). */
adx_error_t adx_ols_fit(const adx_matrix_t *X, const double *y, const char *const *names,
                        const adx_ols_options_t *o, adx_ols_t **out, adx_errctx_t *ctx);
void adx_ols_free(adx_ols_t *f);

/* HC covariance (p x p, caller-allocated) of a fit made with keep_resid. */
adx_error_t adx_ols_hc(const adx_matrix_t *X, const adx_ols_t *f, adx_hc_t hc, double *cov);

/* Wald F of the q coefficients idx[0..q-1] of f: F = b_S' V_SS^-1 b_S / q with the
 * covariance of the fit (the HC one when it was fitted with HC standard errors), and
 * its p-value from F(q, df_res) (p may be NULL). This is PROCESS's F with HC SEs: of all
 * slopes for the model summary, of the product terms for the interaction test.
 * ADX_EUSAGE for q = 0 or an index out of range, ADX_ESINGULAR when V_SS is not
 * positive definite; *F is NaN on error. */
adx_error_t adx_ols_wald(const adx_ols_t *f, const size_t *idx, size_t q, double *F, double *p);

/* ---- Streaming OLS (one pass, memory O(p^2)) --------------------------------- */

/* Accumulates means and centred cross-products of (y, x1..xk) case by case
 * (Welford's update); adx_ols_accum_fit solves the centred normal equations by
 * Cholesky on the correlation scale. Accurate to about cond(R)^2 * 1e-16, so prefer
 * adx_ols_fit (QR) for ill-conditioned designs; no HC covariances, no residuals. */
typedef struct adx_ols_accum adx_ols_accum_t;

adx_ols_accum_t *adx_ols_accum_alloc(size_t k);
void adx_ols_accum_free(adx_ols_accum_t *a);
/* row: y, x1..xk (no missing values). */
void adx_ols_accum_add(adx_ols_accum_t *a, const double *row);
size_t adx_ols_accum_n(const adx_ols_accum_t *a);
/* names: p = k + 1 term names for messages ("(Intercept)" first), may be NULL.
 * Errors as adx_ols_fit; ADX_EUNSUPPORTED when o->hc is set. */
adx_error_t adx_ols_accum_fit(const adx_ols_accum_t *a, const char *const *names,
                              const adx_ols_options_t *o, adx_ols_t **out, adx_errctx_t *ctx);

/* Fits y ~ 1 + xs from a CSV file in one streaming pass (cases with a missing value
 * on y or any x are skipped). Errors name file, line and column. */
adx_error_t adx_ols_stream_csv(const char *path, const adx_read_options_t *ro, const char *y,
                               const char *const *xs, size_t k, const adx_ols_options_t *o,
                               adx_ols_t **out, adx_errctx_t *ctx);

/* The same with chunks of about chunk_bytes (0 = 16 MB), parsed in parallel
 * (OpenMP) and merged in file order: the result depends on the file and the chunk
 * size, never on the number of threads. */
adx_error_t adx_ols_stream_csv_chunked(const char *path, const adx_read_options_t *ro,
                                       const char *y, const char *const *xs, size_t k,
                                       const adx_ols_options_t *o, size_t chunk_bytes,
                                       adx_ols_t **out, adx_errctx_t *ctx);

/* ---- Hierarchical regression from a formula ------------------------------- */

typedef struct {
    adx_ols_options_t ols;   /* ci_level and hc are used; intercept is always on */
    const char *const *center; /* variables to mean-centre on the analysis sample */
    size_t ncenter;
    int durbin_watson;       /* compute Durbin-Watson (default 0) */
    int all_hc;              /* fill hc_se for all of HC0..HC4 (default 0: only ols.hc) */
    int casediag;            /* case diagnostics of the last model (default 0) */
} adx_regress_options_t;

void adx_regress_options_init(adx_regress_options_t *o);

typedef struct {
    size_t p;                 /* coefficients including "(Intercept)" */
    char **names;             /* p column names, R-style ("factor(cyl)6", "wt:hp") */
    adx_ols_t *fit;
    double r;                 /* multiple R */
    double r2_change, f_change, df1_change, df2_change, p_change;
    double f2_change;         /* Cohen's f2 of the block: r2_change / (1 - R2 of this model) */
    double *beta;             /* p; NaN for the intercept */
    double *tolerance, *vif;  /* p; NaN for the intercept and for one-predictor models' tol=1 */
    double *eigen, *cond;     /* p: eigenvalues of the column-equilibrated X'X, condition indices */
    double *varprop;          /* p x p: varprop[j + d*p] = share of var(b_j) on dimension d */
    double dw;                /* Durbin-Watson (NaN unless asked) */
    double *hc_se[5];         /* HC0..HC4 standard errors (p each); NULL unless all_hc or
                                 the one chosen in ols.hc */
} adx_regress_model_t;

/* Case diagnostics of one model (src/regress/casediag.c), n values each. */
#define ADX_CASEDIAG_NCOLS 9
typedef struct {
    size_t n, p;
    size_t *row;              /* dataset rows (0-based) of the cases */
    double *fitted, *resid;   /* predicted value, residual */
    double *zpred, *zresid;   /* standardized predicted value, e / s */
    double *sresid, *sdresid; /* studentized (R rstandard), deleted studentized (rstudent) */
    double *hat, *lever;      /* leverage h (R hatvalues), SPSS's centred leverage h - 1/n */
    double *cooks;            /* Cook's distance */
    double *block;            /* owns the columns */
} adx_casediag_t;

void adx_casediag_free(adx_casediag_t *c);

/* The points of the normal P-P plot of the standardized residuals (SPSS /RESIDUALS
 * NORMPROB(ZRESID)), n each, in caller-sized arrays: observed[i] = the cumulative
 * proportion of the i-th smallest residual, (i - a)/(n + 1 - 2a) with a = 3/8 for
 * n <= 10 and 1/2 above (R ppoints), expected[i] = Phi(i-th smallest e/s). Residuals
 * that are NaN are left out; returns the number of points. */
size_t adx_casediag_pp(const adx_casediag_t *c, double *observed, double *expected);

typedef struct {
    char *dependent;
    size_t n;                 /* cases in the same-case sample */
    size_t nmodels;
    adx_regress_model_t *models;
    adx_hc_t hc;
    double ci_level;          /* as in the options, a fraction */
    char **centered;          /* names of centred variables */
    size_t ncentered;
    adx_casediag_t *casediag; /* of the last model, with o->casediag (else NULL) */
} adx_regress_t;

/* Parses "Y ~ terms" plus extra blocks ("terms" each) and fits the nested models.
 * Terms: VAR, log(VAR), factor(VAR) (dummy codes, reference = first level in
 * sorted order; string variables are factors anyway), A:B (product), A*B (A + B +
 * A:B). Terms are ordered as R's lm orders them (main effects, then products by
 * order), duplicates dropped. All models use the cases complete on every variable
 * of the last block (SPSS's same-case sample). Caller frees with
 * adx_regress_free(). */
adx_error_t adx_regress(const adx_dataset_t *ds, const char *formula, const char *const *blocks,
                        size_t nblocks, const adx_regress_options_t *o, adx_regress_t **out,
                        adx_errctx_t *ctx);
void adx_regress_free(adx_regress_t *r);

/* ---- Moderation -------------------------------------------------------------- */

/* Values of a continuous moderator W (and of X in the plot data) at which conditional
 * effects are probed; the one probe type of moderate and mediate. The default (0) is
 * PROCESS v4's: the 16th, 50th and 84th percentiles, each at position p (n + 1)
 * interpolated (SPSS HAVERAGE, R type 6). */
typedef enum {
    ADX_PROBE_PERCENTILES = 0, /* 16th, 50th, 84th percentiles (default) */
    ADX_PROBE_MEANSD = 1       /* mean - SD, mean, mean + SD (PROCESS v2/v3) */
} adx_probe_t;

typedef struct {
    adx_ols_options_t ols;
    int center;              /* mean-centre X (and a continuous W) before forming products */
    adx_probe_t probe;       /* probe values (default ADX_PROBE_PERCENTILES) */
    double alpha;            /* for the Johnson-Neyman region (default 0.05) */
    int w_categorical;       /* W is categorical (dummy codes, reference = first level);
                                automatic for string variables */
} adx_moderate_options_t;

void adx_moderate_options_init(adx_moderate_options_t *o);

typedef struct {
    char *y, *x, *w;
    size_t ncov;
    char **covariates;
    size_t n;
    adx_ols_t *fit;          /* y ~ 1 + covariates + x + W + x:W (W: 1 column or dummies) */
    char **names;            /* fit->p names */
    size_t p;
    double r2_change, f_change, df1_change, df2_change, p_change; /* due to the products */
    int w_categorical;
    size_t nw;               /* probed values of W (3), or the groups of a categorical W */
    char **wlevels;          /* nw group labels (categorical W), else NULL */
    double *wv;              /* nw probed W values (centred metric when centred); NaN for groups */
    double *effect, *effect_se, *effect_t, *effect_p, *effect_lo, *effect_hi; /* nw each */
    size_t njn;              /* 0, 1 or 2 Johnson-Neyman boundaries inside the W range */
    double jn[2], jn_pct_below[2], jn_pct_above[2];
    double w_min, w_max;
    double xv[3];            /* X values of the plot */
    double *plot_yhat;       /* 3 x nw: yhat[ix + 3*iw], covariates at their means */
} adx_moderate_t;

/* Fits the moderation model. For a categorical W the conditional effect of X is
 * given in each group (no Johnson-Neyman region), and the R2 change tests all
 * products jointly. Caller frees *out with adx_moderate_free(). */
adx_error_t adx_moderate(const adx_dataset_t *ds, const char *y, const char *x, const char *w,
                         const char *const *covs, size_t ncov, const adx_moderate_options_t *o,
                         adx_moderate_t **out, adx_errctx_t *ctx);
void adx_moderate_free(adx_moderate_t *m);

/* ---- Two-stage least squares --------------------------------------------------- */

typedef struct {
    char *dependent;
    size_t n, p, nendog, ninst, ncontrol;
    char **names;            /* p: "(Intercept)", endogenous..., controls... */
    double *b, *se, *t, *pvalue, *ci_lower, *ci_upper;
    double sigma, ci_level;  /* ci_level: confidence level of the CIs, a fraction */
    /* per endogenous regressor: first stage */
    char **endog;
    double *first_r2, *first_partial_r2, *first_f, *first_df1, *first_df2, *first_p;
    double stock_yogo;       /* 10% maximal IV size critical value (1 endogenous, 1-5 inst.), else NaN */
    double wh_f, wh_df1, wh_df2, wh_p;  /* Wu-Hausman (control function F) */
    double durbin, durbin_df, durbin_p; /* n (RSS_r - RSS_u) / RSS_r */
    double sargan, sargan_df, sargan_p; /* n R2; NaN when exactly identified */
} adx_iv_t;

/* "Y ~ C1 + C2 | X1 ~ Z1 + Z2" (controls may be empty: "Y ~ | X ~ Z1 + Z2"); plain
 * variable names, parsed by the formula parser of adx_regress. ci_level is the
 * confidence level of the coefficient CIs, a fraction (.95). Caller frees *out with
 * adx_iv_free(). */
adx_error_t adx_iv(const adx_dataset_t *ds, const char *spec, double ci_level, adx_iv_t **out,
                   adx_errctx_t *ctx);
void adx_iv_free(adx_iv_t *r);

#ifdef __cplusplus
}
#endif
#endif
