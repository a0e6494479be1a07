/* ambidex PLS path modelling (PLS-SEM): Lohmoeller/Wold PLS algorithm with mode A
 * (correlation weights) and mode B (regression weights) composites, path, factor and
 * centroid inner weighting, and the quality criteria of Hair et al. (2022), computed as
 * seminr 2.3.1 computes them (docs/pls.md states every formula and convention).
 *
 * Model text (one statement a line, '#' starts a comment):
 *     NAME =~ i1 + i2     composite, mode A
 *     NAME <~ i1 + i2     composite, mode B
 *     Y ~ X1 + X2         structural regression
 *     Y ~ X + W + X:W     interaction term (two-stage or product indicators)
 *     HOC =~ LOC1 + LOC2  higher-order construct (two-stage or repeated indicators)
 */
#ifndef ADX_PLS_H
#define ADX_PLS_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { ADX_PLS_PATH = 0, ADX_PLS_FACTOR = 1, ADX_PLS_CENTROID = 2 } adx_pls_scheme_t;

/* Bootstrap sign changes (SmartPLS): none, or individual (every resampled weight, loading
 * and path coefficient takes the sign of its full-sample estimate). */
typedef enum { ADX_PLS_SIGN_NONE = 0, ADX_PLS_SIGN_INDIVIDUAL = 1 } adx_pls_sign_t;

/* What a bootstrapped statistic is; index: path e, indicator entry i, construct pair
 * from * nc + to (total effect; HTMT with a > b), or chain k (specific indirect effect). */
typedef enum {
    ADX_PLS_STAT_PATH,
    ADX_PLS_STAT_LOADING,
    ADX_PLS_STAT_WEIGHT,
    ADX_PLS_STAT_TOTAL,
    ADX_PLS_STAT_INDIRECT,
    ADX_PLS_STAT_HTMT
} adx_pls_stat_t;

/* Bootstrap results: nstat statistics, arrays of nstat each. */
typedef struct {
    size_t nboot, nok;     /* resamples asked for, resamples that converged and were kept */
    uint64_t seed;
    double level;
    adx_pls_sign_t sign_change;
    size_t nstat;
    adx_pls_stat_t *kind;
    size_t *index;
    double *est, *mean, *se; /* full-sample estimate, bootstrap mean, SD (n - 1) */
    double *t, *p;           /* est / se; two-sided p from t with nok - 1 df */
    double *lo, *hi;         /* percentile limits (R quantile type 7) */
    double *bca_lo, *bca_hi; /* BCa limits (jackknife acceleration) */
    double *upper;           /* one-sided upper limit: quantile `level` (HTMT inference) */
} adx_pls_boot_t;

/* Interaction terms X:W: two-stage (stage-1 scores multiplied: seminr two_stage) or all
 * products of the standardized items (seminr product_indicator). */
typedef enum { ADX_PLS_INT_TWO_STAGE = 0, ADX_PLS_INT_PRODUCT = 1 } adx_pls_interaction_t;

/* Higher-order constructs: two-stage (stage-1 LOC scores as the HOC's items, seminr) or
 * repeated indicators (the HOC measured by every LOC item; LOC paths from/to the HOC). */
typedef enum { ADX_PLS_HOC_TWO_STAGE = 0, ADX_PLS_HOC_REPEATED = 1 } adx_pls_hoc_t;

typedef struct {
    adx_pls_scheme_t scheme; /* inner weighting; default path weighting */
    int max_iter;            /* iteration limit: passes 0..max_iter (default 300, seminr) */
    double stop;             /* stop when sum |w_new - w_old| < stop (default 1e-7, seminr) */
    int consistent;          /* PLSc (Dijkstra & Henseler 2015) for the mode A constructs */
    size_t boot;             /* bootstrap resamples (0: none) */
    uint64_t seed;           /* resample b uses RNG stream b of this seed */
    int threads;             /* OpenMP threads; 0 (default) = all cores */
    double level;            /* confidence level of the intervals (default .95) */
    adx_pls_sign_t sign_change; /* bootstrap sign changes (default none, as SmartPLS) */
    /* Interaction terms X:W and higher-order constructs (HOC =~ LOC1 + LOC2): */
    adx_pls_interaction_t interaction; /* two-stage (default, seminr) or product indicators */
    adx_pls_hoc_t hoc;                 /* two-stage (default, seminr) or repeated indicators */
    /* PLSpredict, IPMA, multi-group analysis (src/pls/predict.c, ipma.c, mga.c) */
    size_t predict;          /* PLSpredict folds (0: none; n: leave-one-out) */
    const size_t *fold_of;   /* NULL (folds from seed), or the fold 0..predict-1 of each row */
    const char *ipma;        /* IPMA target construct, or NULL */
    double scale_min, scale_max; /* IPMA indicator scale; NaN (default): each item's min/max */
    const char *group;       /* multi-group analysis: variable with two values, or NULL */
    size_t perm;             /* MGA permutations (default 1000); PLS-MGA resamples: boot or 1000 */
} adx_pls_options_t;

void adx_pls_options_init(adx_pls_options_t *o);

/* The fitted model. Matrices over constructs are nc x nc, row-major, [from * nc + to].
 * Not-applicable numbers are NaN (writers print them as null or blank). */
typedef struct {
    size_t n;          /* rows used (missing cells replaced by the item's mean) */
    size_t nc, ni;     /* constructs, indicator entries (block order) */
    char **cname;      /* nc construct names */
    char *mode;        /* nc: 'A' or 'B' */
    char **iname;      /* ni indicator names */
    size_t *icon;      /* ni: construct of each indicator */
    unsigned char *adj;/* nc x nc: 1 where a path from -> to */
    size_t npaths;
    size_t *pfrom, *pto; /* the paths in model order */
    int iterations;    /* 0-based index of the last pass (as seminr) */
    int converged;     /* 0: the iteration limit was reached */
    adx_pls_scheme_t scheme;
    int consistent;    /* PLSc corrections applied */
    double *weight, *loading, *outer_vif;       /* ni each */
    double *coef, *f2, *inner_vif;              /* npaths each */
    double *r2, *adj_r2, *alpha, *rho_a, *rho_c, *ave; /* nc each */
    double *htmt;      /* nc x nc, NaN diagonal */
    double *scores;    /* n x nc, column-major (construct c at scores + c * n) */
    double *fl;        /* nc x nc Fornell-Larcker: score correlations, sqrt(AVE) diagonal */
    double *cross;     /* ni x nc cross-loadings [i * nc + c]: item-score correlations */
    double *total;     /* nc x nc total effects [from * nc + to] (0 where no chain) */
    size_t nind;       /* specific indirect effects: chains with at least one mediator */
    size_t *ind_start; /* nind + 1 offsets into ind_node */
    size_t *ind_node;  /* constructs of chain k, from first to last:
                          ind_node[ind_start[k] .. ind_start[k + 1] - 1] */
    double *ind_effect;/* nind: product of the path coefficients along the chain */
    double srmr[2], d_uls[2], d_g[2]; /* model fit: [0] saturated, [1] estimated model */
    adx_pls_boot_t *boot; /* NULL unless options.boot > 0 */
    /* Interaction terms (mode 'I', the centred unstandardized product as seminr) and
     * higher-order constructs: */
    unsigned char *hoc; /* nc, or NULL: 1 for a higher-order construct, 2 for a lower-order
                           construct of a two-stage one (listed after the others) */
    struct adx_pls_predict *predict; /* PLSpredict, IPMA, MGA results or NULL (types below) */
    struct adx_pls_ipma *ipma;
    struct adx_pls_mga *mga;
} adx_pls_t;

/* PLSpredict (Shmueli et al. 2019; seminr's predict_pls with direct antecedents): the
 * indicators of endogenous constructs, out-of-sample and in-sample metrics of PLS and of
 * the LM benchmark; Q2_predict = 1 - SSE(PLS) / SSE(training-sample mean). */
typedef struct adx_pls_predict {
    size_t folds, nitem;
    uint64_t seed;
    size_t *item;                                       /* nitem indicator entries */
    double *pls_rmse, *pls_mae, *lm_rmse, *lm_mae;      /* out of sample, nitem each */
    double *pls_rmse_in, *pls_mae_in, *lm_rmse_in, *lm_mae_in; /* in sample */
    double *q2;
} adx_pls_predict_t;

/* IPMA (Ringle & Sarstedt 2016) for one target construct: importance = unstandardized
 * total effect on the target, performance = mean score on the 0-100 rescaled indicators. */
typedef struct adx_pls_ipma {
    size_t target;
    double *importance, *performance; /* nc each; importance NaN where no effect */
    double *lo, *hi;                  /* ni: the scale limits used for each indicator */
    double *ind_weight;               /* ni: rescaled unstandardized weights (sum 1) */
} adx_pls_ipma_t;

/* Multi-group analysis of two groups: group estimates, PLS-MGA (Henseler et al. 2009),
 * permutation test (Chin & Dibbern 2010), MICOM steps 2 and 3 (Henseler et al. 2016). */
typedef struct adx_pls_mga {
    char *var, *label[2];
    size_t n[2], nboot, nperm;
    uint64_t seed;
    double *coef[2], *diff, *p_mga, *p_perm;      /* npaths each */
    double *c, *c_q05, *c_p;                       /* nc: MICOM step 2 */
    double *mdiff, *mlo, *mhi, *mp;                /* nc: step 3a, means */
    double *vdiff, *vlo, *vhi, *vp;                /* nc: step 3b, log variances */
} adx_pls_mga_t;

/* Fits the model text on the dataset. Errors: ADX_EPARSE (model line and the fix),
 * ADX_ENOVAR (unknown indicator), ADX_EUSAGE (cycle, unconnected construct, zero
 * variance indicator, single-item mode B), ADX_ESINGULAR. */
adx_error_t adx_pls(const adx_dataset_t *ds, const char *model, const adx_pls_options_t *o,
                    adx_pls_t **out, adx_errctx_t *ctx);
void adx_pls_free(adx_pls_t *r);

/* The results as JSON (keys as tests/reference/pls/README.md): constructs, loadings,
 * paths, htmt, n, iterations, scheme. The caller frees; NULL when memory runs out. */
char *adx_pls_json(const adx_pls_t *r);

/* Writes the construct scores as CSV (row, then one column per construct; standardized,
 * data order) to path, atomically. */
adx_error_t adx_pls_save_scores(const adx_pls_t *r, const char *path, adx_errctx_t *ctx);

/* The report: tables of the measurement model (loadings, weights, VIF; alpha, rho_A,
 * rho_C, AVE), the structural model (paths, f^2, VIF, R^2), HTMT, Fornell-Larcker,
 * cross-loadings, specific indirect effects and model fit; JSON as above. */
adx_error_t adx_report_pls(const adx_pls_t *r, adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
