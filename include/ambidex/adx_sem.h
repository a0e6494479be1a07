/* ambidex structural equation models: lavaan model syntax, maximum-likelihood
 * estimation, fit measures, standardized solutions and measurement validity.
 *
 * Workflow: adx_sem_parse() turns lavaan syntax into statements;
 * adx_sem_build() turns statements into a model (the parameter table, built as
 * lavaan's cfa()/sem() build it); adx_sem_fit_dataset() or adx_sem_fit_cov()
 * estimates it; adx_sem_validity() adds alpha, CR, AVE, Fornell-Larcker, HTMT
 * and Harman's one-factor test. Formulas and conventions: docs/sem.md.
 */
#ifndef ADX_SEM_H
#define ADX_SEM_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ADX_SEM_MEASURE = 0, /* =~  latent variable definition */
    ADX_SEM_REGRESS,     /* ~   regression */
    ADX_SEM_COV,         /* ~~  variance or covariance */
    ADX_SEM_DEFINE,      /* :=  defined parameter */
    ADX_SEM_INTERCEPT,   /* ~ 1  intercept or mean (turns the mean structure on) */
    ADX_SEM_FORMATIVE,   /* <~  composite (formative indicators, lavaan's <~) */
    ADX_SEM_THRESHOLD,   /* |   threshold of an ordered indicator (results only) */
    ADX_SEM_SCALE        /* ~*~ scale factor of an ordered indicator (results only) */
} adx_sem_op_t;

/* "=~", "~", "~~", ":=", "~1", "<~", "|", "~*~". */
const char *adx_sem_op_name(adx_sem_op_t op);

/* One lhs-op-rhs term of the model syntax. For := the rhs is the expression
 * text with blanks removed (as lavaan prints it). */
typedef struct {
    char *lhs, *rhs;
    adx_sem_op_t op;
    char *label;      /* a*x: "a"; NULL if none */
    int has_value;    /* 1*x: fixed value given */
    double value;
    int free_na;      /* NA*x: explicitly free */
    size_t line, col; /* where the rhs term starts (1-based) */
    int has_start;    /* start(0.5)*x: starting value given */
    double start;
    /* c(a, b)*x, c(NA, 1)*x: one modifier per group (ngroup_mods of them; NULL, 0
     * without c()); kind 0 free (NA), 1 fixed value, 2 label */
    struct adx_sem_gmod {
        int kind;
        double value;
        char *label;
    } *group_mods;
    size_t ngroup_mods;
} adx_sem_stmt_t;

/* A constraint line: lhs == rhs, lhs < rhs or lhs > rhs, each side an expression of
 * labels and numbers (blanks removed). */
typedef struct {
    char *lhs, *rhs;
    char op;          /* '=', '<' or '>' */
    size_t line, col; /* where the line starts */
} adx_sem_constr_t;

typedef struct {
    adx_sem_stmt_t *items;
    size_t n;
    char *source; /* name used in messages (file name or "model") */
    adx_sem_constr_t *constr; /* the constraint lines, in order */
    size_t nconstr;
} adx_sem_syntax_t;

/* Parses lavaan model syntax: =~, ~, ~~, ~ 1, :=, <~, labels (a*x, label(a)*x),
 * fixed values (1*x, 0*x), NA*x, start(0.5)*x, c(a, b)*x, constraints (a == b,
 * a == 2*b, a + b == 1, a < 1, v > 0), comments (# or !), statements continued over lines (a line
 * ending in + or *, or the next starting with +), ';' separators. Errors are
 * ADX_EPARSE with "SOURCE:LINE:COL: what; what to do". Caller owns *out. */
adx_error_t adx_sem_parse(const char *text, const char *source, adx_sem_syntax_t **out,
                          adx_errctx_t *ctx);
void adx_sem_syntax_free(adx_sem_syntax_t *s);

enum { ADX_SEM_ML = 0, ADX_SEM_MLR = 1, ADX_SEM_MLM = 2 }; /* adx_sem_options_t.robust */

typedef struct {
    int std_lv;        /* 1: latent variances fixed to 1, first loadings free (lavaan std.lv) */
    int fixed_x;       /* 1 (default): exogenous observed covariates fixed at sample values */
    int orthogonal;    /* 1: covariances among latent variables that the model does not
                        * write fixed at 0 (lavaan orthogonal = TRUE); default 0 */
    int max_iter;      /* Fisher-scoring iterations (default 500) */
    double grad_tol;   /* convergence: max |gradient of F_ML| (default 1e-9) */
    double ci_level;   /* confidence level of the Wald and bootstrap intervals (default .95) */
    int threads;       /* bootstrap threads; 0 (default) = OpenMP's default */
    int observed_info; /* 0 (default): SEs from the expected information; 1: from the
                        * observed information (Hessian of F_ML by central differences
                        * of the analytic gradient), lavaan's information = "observed" */
    int meanstructure; /* 1: estimate intercepts even without '~ 1' lines (multi-group) */
    int fiml;          /* 1: full-information ML with missing data (adx_sem_fit_dataset;
                        * mean structure, observed-information SEs), as lavaan missing="ml" */
    int robust;        /* ADX_SEM_MLR: sandwich SEs from the observed information and the
                        * casewise scores, Yuan-Bentler (Mplus) scaled chi2 (lavaan
                        * estimator = "MLR"; complete data or FIML); ADX_SEM_MLM: sandwich
                        * from the expected information, Satorra-Bentler scaled chi2
                        * (lavaan "MLM"; complete data, no mean structure). Raw data needed */
    /* Stopping rules of the optimizer (Fisher scoring with Armijo backtracking, used
     * by every fit: single-group, bootstrap, jackknife, invariance). max_iter and
     * grad_tol above are the main ones; the rest rarely need changing. */
    double floor_grad_tol; /* at the floating-point floor (no step lowers F, or F
                            * changes by less than rel_ftol (1 + |F|)): converged
                            * when max |gradient| < this (default 1e-6) */
    double rel_ftol;       /* relative change of F that counts as no change (1e-15) */
    double armijo;         /* sufficient decrease: F_new <= F + armijo a g'd (1e-4) */
    int max_halvings;      /* step halvings of the Fisher-scoring step (default 60) */
    int secant_halvings;   /* step halvings of the secant-corrected step before
                            * falling back to plain Fisher scoring (default 8) */
    double ridge_start;    /* information not positive definite: add
                            * mu (|H_kk| + 1e-8) to its diagonal, mu = ridge_start
                            * (default 1e-6), times 10 per try ... */
    int ridge_tries;       /* ... up to ridge_tries times (default 20) */
    int start_simple;      /* 0 (default): lavaan's start values (FABIN 3 loadings,
                            * half the sample variances, sample means); 1: lavaan's
                            * start = "simple": loadings and variances 1, the rest 0 */
    int start_retry;       /* ordered indicators: 1 (default) a fit that stops without
                            * converging from the default start values (no start() given)
                            * is rerun once from the start = "simple" values and the rerun
                            * kept when it converges; 0 never (the groups' start fits of
                            * adx_sem_multigroup, whose start behaviour it would change) */
    int bfgs_after;        /* Fisher-scoring steps that stall (no decrease, or needing
                            * more than max_halvings / 2 halvings) in a row before the
                            * optimizer switches to BFGS steps (default 3) */
    int em_max_iter;       /* FIML: EM iterations for the saturated moments (20000) */
    double em_tol;         /* FIML: EM stops when no moment changes more (1e-12) */
    /* Ordinal indicators (src/sem/ordinal.c): every observed variable but the exogenous
     * covariates (adx_sem_is_covariate; conditioned on as lavaan's conditional.x) is an
     * ordered category (lavaan ordered = TRUE, parameterization = "delta"), estimated by
     * DWLS on the polychoric correlations with robust SEs and the scaled-shifted
     * test (estimator = "WLSMV"), or by ULS (ordinal_uls = 1: "ULSMV"). */
    int ordered;
    int ordinal_uls;
    int ordinal_theta;     /* with ordered: lavaan parameterization = "theta" (residual
                            * variances of the latent responses 1; src/sem/ordinal_theta.c) */
    /* with ordered: NULL (default) every observed variable is ordered (lavaan ordered =
     * TRUE); else only these nordered_vars names, the others continuous (lavaan ordered =
     * c(...)): intercepts (saturated, the sample means) and free residual variances, their
     * variances and covariances among the DWLS statistics. Not owned. */
    const char *const *ordered_vars;
    size_t nordered_vars;
    int ordinal_pairwise;  /* with ordered: lavaan missing = "pairwise" (thresholds from each
                            * item's available cases, correlations from each pair's, Gamma
                            * from their scores; cases missing a covariate or every item
                            * left out); default 0: listwise */
    /* 1: lavaan's growth() conventions: mean structure on, intercepts of the observed
     * variables fixed at 0, latent intercepts (means) free; default 0 */
    int growth;
    /* Scaled chi2 difference of nested robust fits (adx_sem_scaled_diff, the invariance
     * sequence): ADX_SEM_DIFF_SB2001 (default, lavaan lavTestLRT's default) or
     * ADX_SEM_DIFF_SB2010 (method = "satorra.bentler.2010": the less restricted model's
     * scaling factor taken at the restricted model's estimates) */
    int diff_method;
} adx_sem_options_t;

enum { ADX_SEM_DIFF_SB2001 = 0, ADX_SEM_DIFF_SB2010 = 1 }; /* adx_sem_options_t.diff_method */

void adx_sem_options_init(adx_sem_options_t *o);

/* One row of the parameter table (as lavaan's parameterEstimates). */
typedef struct {
    char *lhs, *rhs, *label; /* label "" if none */
    adx_sem_op_t op;
    int user;     /* 1: written by the user; 0: added by the cfa()/sem() defaults */
    int free;     /* 0: fixed; k > 0: free parameter k (shared by equal labels) */
    int fixed_x;  /* fixed at the sample value (exogenous covariate) */
    double est, se, z, pvalue, ci_lower, ci_upper, std_lv, std_all;
    /* Linear equality constraints (a == 2*b): a free row's value is
     * scale * theta[free - 1] + offset (1 and 0 without constraints). */
    double scale, offset;
    double lower, upper; /* bounds from '<' and '>' lines (-inf, inf if none) */
    int at_bound;        /* after a fit: -1 at its lower bound, 1 at its upper, else 0
                          * (the SE is then NaN and the others conditional, as lavaan) */
    int has_start;       /* start(v)*x given: v */
    double start;
    /* after adx_sem_bootstrap (else NaN): SD of the replicates, percentile and
     * bias-corrected percentile intervals (lavaan's "perc" and "bca.simple") */
    double boot_se, boot_lower, boot_upper, boot_bc_lower, boot_bc_upper;
    double boot_bca_lower, boot_bca_upper; /* BCa with the jackknife acceleration */
    double boot_accel;                     /* that acceleration */
} adx_sem_param_t;

typedef struct {
    double npar, fmin, chisq, df, pvalue, baseline_chisq, baseline_df, baseline_pvalue;
    double cfi, tli, nfi, rfi, ifi, gfi, agfi;
    double rmsea, rmsea_ci_lower, rmsea_ci_upper, rmsea_pvalue, srmr;
    double loglik, unrestricted_loglik, aic, bic, bic2;
    /* robust (MLR) only, else NaN: Yuan-Bentler scaled chi2 (Mplus variant) */
    double chisq_scaled, chisq_scaling_factor, pvalue_scaled;
    double baseline_chisq_scaled, baseline_chisq_scaling_factor, cfi_scaled, tli_scaled,
        rmsea_scaled;
    /* robust (MLR, MLM) only, else NaN: Brosseau-Liard & Savalei (2014) robust CFI, TLI
     * and Brosseau-Liard, Savalei & Li (2012) RMSEA with its 90% CI and close-fit p; under
     * FIML the FIML-C (V3) corrections of Zhang & Savalei (2023), as lavaan cfi.robust */
    double cfi_robust, tli_robust, rmsea_robust, rmsea_ci_lower_robust, rmsea_ci_upper_robust,
        rmsea_pvalue_robust;
    /* after adx_sem_bollen_stine (else NaN): the Bollen-Stine bootstrap p of chi2 and
     * the number of replicates that converged */
    double bollen_stine_pvalue, bollen_stine_used;
} adx_sem_fit_t;

/* Per construct: first-order factors measured by observed items only. */
typedef struct {
    char *name;
    size_t nitems;
    double alpha, cr, ave, sqrt_ave;
} adx_sem_construct_t;

typedef struct {
    adx_sem_construct_t *constructs;
    size_t k;
    double *latent_cor; /* k x k, row-major, model-implied latent correlations */
    double *htmt;       /* k x k, row-major, 1 on the diagonal (arithmetic means) */
    double *htmt2;      /* same with geometric means (HTMT2, semTools' default) */
    adx_sem_fit_t harman; /* fit of the one-factor CFA on all the items */
    int harman_converged;
} adx_sem_validity_t;

/* One modification index (score test of freeing one fixed parameter). */
typedef struct {
    char *lhs, *rhs;
    adx_sem_op_t op;
    double mi, epc, sepc_lv, sepc_all;
} adx_sem_mi_t;

/* Results of an ordinal fit (WLSMV / ULSMV) beyond adx_sem_fit_t, where chisq is the
 * DWLS (ULS) statistic N F, chisq_scaled the mean-and-variance adjusted
 * (scaled-shifted) one and *_scaled the indices from it, as lavaan >= 0.6. */
typedef struct adx_sem_ordinal {
    int uls;                 /* 1: ULSMV; 0: WLSMV */
    size_t nth;              /* thresholds (free parameters besides theta) and the
                                intercepts of continuous indicators (th_k 0) */
    char **th_var;           /* nth variable names (not owned: s->names) */
    int *th_k;               /* nth: threshold number 1, 2, ... within its variable; 0: the
                                intercept of a continuous indicator (lavaan "x ~ 1") */
    unsigned char *numeric;  /* p flags: continuous indicators (opt.ordered_vars), or NULL */
    size_t nnum;             /* continuous indicators; the robust CFI/TLI/RMSEA are then NaN
                                (lavaan 0.6.14: NA) */
    double *th, *th_se;      /* nth estimates (the sample thresholds) and robust SEs */
    double shift;            /* scaled-shifted: chisq_scaled = chisq / scaling + shift */
    double baseline_shift;
    double tr_ug, tr_ug2;    /* tr(U Gamma), tr((U Gamma)^2) */
    /* lavaan's robust CFI/TLI/RMSEA for categorical data (Savalei 2021: the ML
     * statistic of the polychoric matrix at the estimates, scaled by c_hat) */
    double chisq_ml, c_hat, baseline_chisq_ml, baseline_c_hat;
    double cfi_robust, tli_robust, rmsea_robust;
    size_t zero_cells;       /* empty cells in the bivariate tables */
    unsigned char *isx;      /* p flags: the exogenous covariates, or NULL */
    size_t ncov;             /* exogenous covariates conditioned on (lavaan conditional.x:
                              * thresholds at covariates 0, residual correlations; the
                              * robust indices NaN, as lavaan 0.6.14's NA) */
    /* after adx_sem_bootstrap, else NULL: the replicates' thresholds (boot_requested x nth,
     * row b at b * nth; NaN rows for failed replicates) and per threshold a row with its
     * est and boot_* fields (lavaan's "|" rows, "~1" for th_k 0: lhs th_var[k], not owned;
     * rhs and label NULL) */
    double *boot_th;
    adx_sem_param_t *th_boot;
    /* the fitted statistics after the thresholds (the slopes, variances and polychoric
     * correlations, nstat) and their DWLS (ULS: 1) weights: adx_sem_score_tests */
    double *stat, *stat_w;
    size_t nstat;
} adx_sem_ordinal_t;

/* One score test (lavTestScore): releasing the equality of parameter lhs op rhs in
 * `group` with its value in the first group that shares it. */
typedef struct {
    char *lhs, *rhs;
    adx_sem_op_t op;
    size_t group, first; /* the released group and the one it was equal to */
    double x2, df, pvalue;
} adx_sem_score_t;

/* A model and, after fitting, its results. */
typedef struct {
    char *source;
    size_t p;            /* observed variables */
    size_t m;            /* latent variables */
    char **names;        /* p + m names: observed first, then latent */
    size_t *name_line, *name_col; /* where each name first appears in the model text */
    adx_sem_param_t *params;
    size_t nparams;
    size_t npar;         /* free parameters */
    int meanstructure;   /* 1 when the model has '~ 1' statements */
    adx_sem_options_t opt;
    /* results */
    int fitted;
    size_t n;            /* cases used */
    int converged;
    int iterations;
    adx_sem_fit_t fit;
    double *r2;          /* per variable (p + m): NaN if not endogenous, or if
                          * endogenous with a negative residual variance (a
                          * Heywood case: R2 undefined, as lavaan's NA) */
    unsigned char *endogenous; /* per variable (p + m): 1 if it has an R2 row */
    double *sample_cov;  /* p x p, divisor N */
    double *sample_mean; /* p, when the model has a mean structure, else NULL */
    double *implied;     /* (p + m) x (p + m) model-implied covariance of all variables */
    int heywood;         /* number of negative variance estimates */
    int not_pd;          /* 1 if the implied latent covariance is not positive definite */
    size_t nbounds;      /* free parameters with a bound ('<', '>' lines) */
    size_t nactive;      /* of them at their bound at the estimates */
    adx_sem_validity_t *validity;
    double *theta;       /* npar free-parameter estimates */
    double *data;        /* data_n x p listwise-complete data, centred
                          * (adx_sem_fit_dataset), else NULL */
    size_t data_n;
    /* bootstrap */
    size_t boot_requested, boot_used, boot_failed, boot_heywood;
    unsigned long long boot_seed;
    struct adx_sem_fiml *fiml; /* missing-data patterns (private) */
    adx_sem_mi_t *mi;    /* after adx_sem_modindices, sorted by decreasing MI */
    size_t nmi;
    double *boot;        /* boot_requested x nparams replicate estimates (row b at
                          * b * nparams); rows of failed replicates are NaN */
    adx_sem_ordinal_t *ordinal; /* after an ordinal fit (opt.ordered), else NULL */
    struct adx__sem_gcon *gcon; /* general (multi-parameter linear or nonlinear)
                                 * constraints, else NULL (private) */
    /* after adx_sem_score_tests, else NULL: lavTestScore's test of each equality
     * constraint released alone (the "==" lines, lhs and rhs their sides; then every later
     * row of a repeated label tied to its first, lhs and rhs the two parameters as
     * "lhs op rhs"; op and the groups unused), ncon_score of them, and the total test
     * releasing all of them (con_total_*: x2, df, p) */
    adx_sem_score_t *con_score;
    size_t ncon_score;
    double con_total_x2, con_total_df, con_total_pvalue;
} adx_sem_t;

/* Builds the parameter table from parsed syntax (marker-variable or std.lv
 * identification, residual variances, covariances of exogenous latent
 * variables and of pure dependent variables, as lavaan's cfa()/sem()).
 * Caller owns *out (adx_sem_free). */
adx_error_t adx_sem_build(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                          adx_sem_t **out, adx_errctx_t *ctx);
void adx_sem_free(adx_sem_t *s);

/* Fits the model to the listwise-complete cases of the observed variables of
 * ds. Names of the form "a:b" are products of observed variables. Unknown
 * variables are ADX_ENOVAR naming the model line and a close name. */
adx_error_t adx_sem_fit_dataset(adx_sem_t *s, const adx_dataset_t *ds, adx_errctx_t *ctx);
/* 1 if observed variable v of s is an exogenous covariate (lavaan's ov.x: a predictor in
 * some regression, never regressed on anything and not an indicator). With opt.ordered the
 * other observed variables are the ordered ones, conditioned on these (conditional.x). */
int adx_sem_is_covariate(const adx_sem_t *s, size_t v);

/* Fits the model to sample moments: S (p x p, column-major, in the order of
 * s->names, divisor N) and, for a model with a mean structure, the means (p
 * values; else NULL), from n cases. */
adx_error_t adx_sem_fit_moments(adx_sem_t *s, const double *S, const double *mean, size_t n,
                                adx_errctx_t *ctx);

/* Fits the model to a covariance matrix S (p x p, column-major, in the order of
 * s->names, divisor N, i.e. already rescaled by (N-1)/N) from n cases.
 * Non-convergence is ADX_ECONVERGE (results still filled), a singular sample
 * matrix ADX_ESINGULAR. */
adx_error_t adx_sem_fit_cov(adx_sem_t *s, const double *S, size_t n, adx_errctx_t *ctx);

/* Reorders a named covariance matrix (k names, column-major k x k, divisor
 * N - 1 as cov() gives) to the model's observed variables and rescales it by
 * (N - 1)/N, then fits. */
adx_error_t adx_sem_fit_named_cov(adx_sem_t *s, const char *const *names, size_t k,
                                  const double *cov, size_t n, adx_errctx_t *ctx);

/* The same with the sample means (lavaan's sample.mean; mk names, in any order) for a
 * model built with a mean structure; mean NULL is adx_sem_fit_named_cov. */
adx_error_t adx_sem_fit_named_moments(adx_sem_t *s, const char *const *names, size_t k,
                                      const double *cov, const char *const *mnames, size_t mk,
                                      const double *mean, size_t n, adx_errctx_t *ctx);

/* Nonparametric bootstrap of a model fitted with adx_sem_fit_dataset: B
 * resamples of the n cases (replicate b uses RNG stream b of `seed`, so results
 * do not depend on the thread count), each refitted from the original
 * estimates. Replicates that do not converge are left out and counted
 * (boot_failed); Heywood replicates are kept and counted (boot_heywood). Fills
 * the boot_* fields of every parameter row, := rows included. */
adx_error_t adx_sem_bootstrap(adx_sem_t *s, size_t B, unsigned long long seed,
                              adx_errctx_t *ctx);

/* Bollen-Stine (1992) bootstrap p-value of chi2 for a model fitted with
 * adx_sem_fit_dataset (complete data, no mean structure): the centred data are
 * transformed to the model-implied covariance, Y (S^-1/2 Sigma^1/2), B resamples
 * (replicate b: RNG stream b of seed) are refitted from the estimates, and
 * s->fit.bollen_stine_pvalue = share of the converged replicates whose chi2 exceeds
 * the sample's (lavaan's test = "bollen.stine"). */
adx_error_t adx_sem_bollen_stine(adx_sem_t *s, size_t B, unsigned long long seed,
                                 adx_errctx_t *ctx);

/* Modification indices with expected parameter changes (EPC) and their
 * std.lv / std.all scalings, from the expected information, for: loadings of
 * every observed variable on every factor, residual covariances of every pair
 * of observed variables (not fixed covariates) and user-fixed covariances of
 * latent variables, when not free in the model. Candidates whose release
 * would leave the model unidentified (e.g. a lone marker loading) are left
 * out, as lavaan does. MI = N g^2 / (2 V), EPC = -g / V, with g = dF_ML/dtheta
 * and V the candidate's information given the free parameters. */
adx_error_t adx_sem_modindices(adx_sem_t *s, adx_errctx_t *ctx);
/* Score (Lagrange multiplier) tests of the equality constraints of the fitted model s
 * (lavaan's lavTestScore(fit), expected information; the ordinary test under MLR and MLM,
 * as lavaan): each "==" line of syn (the syntax s was built from) and each repeated
 * label's tie released alone, df 1, and all released together (df their number), into
 * s->con_score and s->con_total_*; with ordered indicators too (WLSMV or ULSMV, delta or
 * theta, with continuous indicators, covariates or pairwise deletion). ADX_EUSAGE when syn
 * has an inequality line (lavaan refuses them too) or no equality constraint;
 * ADX_EUNSUPPORTED when the model without its lines has other rows; ADX_ESINGULAR when the
 * model cannot be evaluated at its estimates. Formulas: docs/sem.md ("Score tests of the
 * constraints"). */
adx_error_t adx_sem_score_tests(adx_sem_t *s, const adx_sem_syntax_t *syn, adx_errctx_t *ctx);

/* Measurement invariance across the groups of a variable: configural (same
 * model in every group), metric (equal loadings), scalar (equal loadings and
 * intercepts, latent means free after the first group) and strict (also equal
 * residual variances), each a multi-group fit with a mean structure, as lavaan's
 * cfa(group =, group.equal =), with chi2 difference tests between consecutive levels
 * (Satorra-Bentler 2001 scaled under MLR and MLM). */

/* lavaan's group.equal names, as bits of adx_sem_mg_options_t.group_equal. */
enum {
    ADX_SEM_EQ_LOADINGS = 1 << 0,             /* "loadings": =~ */
    ADX_SEM_EQ_INTERCEPTS = 1 << 1,           /* "intercepts": observed ~ 1 */
    ADX_SEM_EQ_RESIDUALS = 1 << 2,            /* "residuals": observed residual variances */
    ADX_SEM_EQ_MEANS = 1 << 3,                /* "means": latent means */
    ADX_SEM_EQ_LV_VARIANCES = 1 << 4,         /* "lv.variances" */
    ADX_SEM_EQ_LV_COVARIANCES = 1 << 5,       /* "lv.covariances" */
    ADX_SEM_EQ_REGRESSIONS = 1 << 6,          /* "regressions": ~ */
    ADX_SEM_EQ_RESIDUAL_COVARIANCES = 1 << 7, /* "residual.covariances": observed x ~~ y */
    ADX_SEM_EQ_THRESHOLDS = 1 << 8            /* "thresholds": ordered indicators */
};

typedef struct {
    int single;            /* 0 (default): the sequence configural, metric, scalar, strict;
                            * 1: one fit with the constraints of group_equal */
    unsigned group_equal;  /* ADX_SEM_EQ_* bits (single = 1) */
    const char *group_partial; /* parameters left free in every group although group_equal
                                * (or the level) constrains them, lavaan's group.partial:
                                * "x3 ~ 1, speed =~ x9" (comma-separated lhs op rhs); NULL */
    int score_tests;       /* 1: score tests of releasing each cross-group equality
                            * (lavaan's lavTestScore univariate tests) in every level */
    int mi;                /* 1: modification indices of every group's fixed parameters in
                            * every level (lavaan's modindices() of the multi-group fit) */
    int lenient_starts;    /* 1: a group's single-group start fit that does not converge or
                            * has a singular information still gives the start values
                            * (bootstrap resamples); 0 (default): it is an error */
    /* NULL (default), or a fit by adx_sem_multigroup of the same model, options and groups
     * with ordered indicators (adx_sem_mg_bootstrap passes the fit to all the data): a
     * level that fails from the default start values (not converged, no finite theta
     * solution, or a singular information matrix) is refitted once from start's estimates
     * of that level (its coef), as lavaan's bootstrap starts every refit from the
     * full-data estimates; the refit is kept when it converges with no variance below 0,
     * else the first fit's failure stands. Not used without ordered indicators. */
    const struct adx_sem_invariance *start;
} adx_sem_mg_options_t;

void adx_sem_mg_options_init(adx_sem_mg_options_t *o);
/* "loadings,intercepts,..." (lavaan's names; blanks allowed; "none" is 0) into *mask;
 * ADX_EUSAGE naming an unknown name and the known ones. */
adx_error_t adx_sem_group_equal_parse(const char *list, unsigned *mask, adx_errctx_t *ctx);

typedef struct {
    const char *model;   /* "configural", "metric", "scalar", "strict" or "group.equal" */
    unsigned group_equal; /* its ADX_SEM_EQ_* bits */
    int converged, iterations;
    double chisq, df, npar, pvalue, cfi, tli, rmsea, srmr, baseline_chisq, baseline_df;
    double delta_chisq, delta_df, delta_pvalue; /* against the previous level; NaN first */
    /* MLR / MLM (else NaN): scaled chi2 (Yuan-Bentler Mplus / Satorra-Bentler) with its
     * scaling factor, the scaled and robust incremental indices, and the Satorra-Bentler
     * scaled difference against the previous level (2001, lavTestLRT's default, or 2010
     * with opt->diff_method) */
    double chisq_scaled, scaling_factor, pvalue_scaled, baseline_chisq_scaled,
        baseline_scaling_factor, cfi_scaled, tli_scaled, rmsea_scaled, cfi_robust,
        tli_robust, rmsea_robust;
    double delta_chisq_scaled, delta_pvalue_scaled;
    double shift; /* ordered (WLSMV): chisq_scaled = chisq / scaling_factor + shift */
    /* per group (ngroups): the parameter table (estimates, SEs, std_lv, std_all) of this
     * fit; rows constrained equal across groups carry the label ".pK." unless labelled */
    adx_sem_param_t **params;
    size_t *nparams;
    adx_sem_score_t *score; /* with score_tests: one per released equality, else NULL */
    size_t nscore;
    adx_sem_mi_t **mi; /* with mi: per group its modification indices, largest first */
    size_t *nmi;
    /* with score_tests and equality constraint lines (lavTestScore's rows of the user's
     * "==" lines): one test per line releasing it alone (lhs, rhs the line's sides, op
     * and the groups unused), ncon_score of them, and the joint test of releasing every
     * line (con_total_*: x2, df, p; NaN without) */
    adx_sem_score_t *con_score;
    size_t ncon_score;
    double con_total_x2, con_total_df, con_total_pvalue;
    /* ordered indicators: the ncoef free parameters at the estimates in the fit's own
     * order (the start of adx_sem_mg_options_t.start); else NULL, 0 */
    double *coef;
    size_t ncoef;
} adx_sem_inv_row_t;

enum { ADX_SEM_INV_MAX = 4 };

typedef struct adx_sem_invariance {
    size_t ngroups;
    char **groups;       /* group labels in order of first appearance */
    size_t *n;           /* listwise cases per group */
    int robust;          /* the estimator: ADX_SEM_ML, ADX_SEM_MLR, ADX_SEM_MLM */
    int fiml;            /* missing values by full-information ML (lavaan missing = "ml") */
    int diff_method;     /* the scaled differences: ADX_SEM_DIFF_SB2001 or _SB2010 */
    int ordered;         /* 1: ordered indicators, WLSMV (levels configural, thresholds,
                          * thresholds + loadings; thresholds and scale factors in the
                          * tables as ops "|" and "~*~") */
    int ordinal_uls;     /* ordered: 1 ULSMV (else WLSMV) */
    int ordinal_theta;   /* ordered: 1 theta parameterization (else delta) */
    size_t nrows;        /* levels fitted: 4, or 1 with adx_sem_mg_options_t.single */
    adx_sem_inv_row_t rows[ADX_SEM_INV_MAX];
    /* after adx_sem_mg_bootstrap: resamples asked for, used (every level converged), the
     * seed; the rows' boot_* fields (percentile, BC and BCa) */
    size_t boot_requested, boot_used;
    unsigned long long boot_seed;
    double boot_level; /* the intervals' confidence level (opt->ci_level) */
    /* after adx_sem_mg_bootstrap, else NULL: boot_requested x boot_k replicate estimates,
     * row b the values of every level's rows, group by group, in table order (NaN where
     * replicate b was not used) */
    double *boot;
    size_t boot_k;
} adx_sem_invariance_t;

/* The sequence with default options (adx_sem_multigroup with adx_sem_mg_options_init). */
adx_error_t adx_sem_invariance(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               adx_sem_invariance_t **out, adx_errctx_t *ctx);
/* Multi-group fits of the cases of ds by the groups of `group` (ML, or opt->robust MLR
 * or MLM; listwise deletion within each group). */
adx_error_t adx_sem_multigroup(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               const adx_sem_mg_options_t *mopt, adx_sem_invariance_t **out,
                               adx_errctx_t *ctx);
void adx_sem_invariance_free(adx_sem_invariance_t *v);

/* Nonparametric bootstrap of the fits in v (made by adx_sem_multigroup with the same
 * syn, opt, ds, group and mopt; ML or MLR/MLM point estimates, complete data or FIML;
 * ordered indicators, WLSMV/ULSMV, delta or theta, the statistics recomputed per resample):
 * replicate b draws, with RNG stream b of `seed`, n_g of each group's complete cases
 * (FIML: cases with at least one value, with their holes) with replacement (lavaan's
 * se = "bootstrap" resamples within the groups) and refits every level; a replicate in
 * which a level fails is left out. Fills the boot_* fields of every group's free rows (SD
 * of the replicates, percentile, BC and BCa limits, the acceleration from the N
 * leave-one-out fits, a stratified jackknife within the groups). Threads:
 * opt->threads; the result does not depend on them. */
adx_error_t adx_sem_mg_bootstrap(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                                 const adx_dataset_t *ds, const char *group,
                                 const adx_sem_mg_options_t *mopt, adx_sem_invariance_t *v,
                                 size_t B, unsigned long long seed, adx_errctx_t *ctx);

/* Two multi-group fits and their difference test (adx_sem_mg_compare). */
typedef struct {
    adx_sem_invariance_t *fit[2]; /* the fits of syn0 and syn1 (one row each) */
    int restricted;               /* the restricted one (more df): 0 or 1; its row's delta_*
                                   * hold the test against the other */
    double chisq, df, pvalue;     /* the difference test (scaled under MLR, MLM, ordered) */
} adx_sem_mg_compare_t;

/* lavaan's lavTestLRT(fit1, fit0) of two multi-group models of the same observed variables
 * fitted to the groups of `group` in ds with the same options: syn0 and syn1 each fitted
 * once as adx_sem_multigroup with mopt (single forced: mopt->group_equal and group_partial
 * for both, each model's own constraint lines); the one with more df is the restricted
 * one. Under ML the plain chi2 difference; under MLR / MLM the Satorra-Bentler (2001)
 * scaled difference, or with opt->diff_method ADX_SEM_DIFF_SB2010 the 2010 one (the less
 * restricted model's scaling factor at the restricted model's estimates: its free rows
 * take the values of the same rows of the restricted fit, group by group, 0 where that has
 * none); with ordered indicators (WLSMV / ULSMV, delta or theta) Satorra's (2000)
 * scaled-shifted difference (lavTestLRT's method "satorra.2000"; the models may list the
 * observed variables in any order: the less restricted fit's Jacobian is permuted, group by
 * group, into the other's statistics order). ADX_EUSAGE naming syn1->source when the
 * observed variables or the groups' cases differ, or the df are equal; ADX_EDOMAIN when
 * the scaled difference is not defined (its scaling factor <= 0). Caller frees out with
 * adx_sem_mg_compare_free. */
adx_error_t adx_sem_mg_compare(const adx_sem_syntax_t *syn0, const adx_sem_syntax_t *syn1,
                               const adx_sem_options_t *opt, const adx_dataset_t *ds,
                               const char *group, const adx_sem_mg_options_t *mopt,
                               adx_sem_mg_compare_t *out, adx_errctx_t *ctx);
void adx_sem_mg_compare_free(adx_sem_mg_compare_t *c);

/* Chi2 difference test of nested models fitted to the same data with the same
 * estimator: m0 the restricted model (more df), m1 the other. Under ML the plain
 * difference; under MLR or MLM the Satorra-Bentler (2001) scaled difference
 * (T0 - T1) / cd, cd = (df0 c0 - df1 c1) / (df0 - df1), c the scaling factors (lavaan's
 * lavTestLRT default); with m0->opt.diff_method ADX_SEM_DIFF_SB2010 c1 is m1's scaling
 * factor at m0's estimates (Satorra & Bentler 2010; raw data, complete cases); with
 * ordered indicators (WLSMV / ULSMV, delta parameterization, the same observed variables)
 * Satorra's (2000) scaled-shifted difference (lavTestLRT's method "satorra.2000"). *chisq,
 * *df, *pvalue; ADX_EUSAGE when they are not nested in that sense, ADX_EDOMAIN when
 * cd <= 0. */
adx_error_t adx_sem_scaled_diff(const adx_sem_t *m0, const adx_sem_t *m1, double *chisq,
                                double *df, double *pvalue, adx_errctx_t *ctx);

/* Reads a covariance matrix file: a header of k variable names, then k rows of
 * either the full matrix or its lower triangle (row i has i numbers); fields
 * separated by commas, semicolons, tabs or blanks; a leading row-name column
 * is allowed. *names (k pointers into *namebuf), *namebuf and *cov (k x k,
 * column-major, symmetric) are malloc'd and owned by the caller. A full
 * matrix that is not symmetric is ADX_EPARSE naming the cell. */
adx_error_t adx_read_cov_matrix(const char *path, char ***names, char **namebuf, size_t *k,
                                double **cov, adx_errctx_t *ctx);

/* Reads a means file (lavaan's sample.mean): a header of k names and one row of k
 * numbers, in the format of adx_read_cov_matrix; *mean has k entries. */
adx_error_t adx_read_mean_vector(const char *path, char ***names, char **namebuf, size_t *k,
                                 double **mean, adx_errctx_t *ctx);

/* Validity of the measurement model (after a fit), from the sample covariance
 * matrix of the fit (listwise cases): Cronbach's alpha, CR and AVE from standardized loadings (Fornell-Larcker),
 * latent correlations, HTMT (Henseler et al. 2015, absolute correlations) and
 * Harman's one-factor CFA. Stored in s->validity. */
adx_error_t adx_sem_validity(adx_sem_t *s, adx_errctx_t *ctx);


#ifdef __cplusplus
}
#endif
#endif
