/* ambidex measurement: reliability (Cronbach's alpha, omega), principal
 * components with KMO and Bartlett's test, exploratory factor analysis (ML,
 * principal axis, minres; varimax, promax, oblimin), parallel analysis and
 * Harman's single-factor test.
 *
 * Every analysis uses listwise deletion: the cases complete on all the items
 * named (SPSS RELIABILITY and FACTOR do the same; psych's default is pairwise).
 * Formulas and the reference each follows are in docs/measure.md.
 */
#ifndef ADX_MEASURE_H
#define ADX_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Item data ----------------------------------------------------------- */

typedef struct {
    const char *const *reverse; /* names of items to reverse-code (lo + hi - x) */
    size_t nreverse;
    int has_range;              /* 1: reverse on [lo, hi]; 0: lo, hi = the smallest and
                                   largest answer over all items (psych::alpha) */
    double lo, hi;
    int polychoric;             /* 1: R and cov become the polychoric correlations of the
                                   complete cases (ordinal alpha and omega, Zumbo et al.
                                   2007; psych::alpha on polychoric(x)$rho) */
} adx_items_options_t;

void adx_items_options_init(adx_items_options_t *o);

/* The listwise-complete item sample: moments and correlation matrix. */
typedef struct {
    size_t n, k;
    size_t n_total;    /* cases in the data set (n_total - n were dropped) */
    char **names;      /* k (owned) */
    int *reversed;     /* k flags */
    double lo, hi;     /* the range used for reversal (NaN if none reversed) */
    double *mean, *sd; /* k, after reversal; sd with divisor n - 1 */
    double *cov;       /* k x k covariance (n - 1), column-major */
    double *R;         /* k x k correlation */
    double total_mean, total_sd; /* of the mean score over the k items */
    int polychoric;    /* 1: R and cov hold the polychoric correlations */
} adx_items_t;

/* Loads k items (listwise). Errors: fewer than 2 items (ADX_EUSAGE), no more
 * cases than items or an item without answers (ADX_EEMPTY), a string item
 * (ADX_ETYPE), a constant item (ADX_ECONST, named), a
 * reversed item not among the items or a value outside --range (ADX_EUSAGE /
 * ADX_EDOMAIN). Caller frees *out with adx_items_free(). */
adx_error_t adx_items_load(const adx_dataset_t *ds, const size_t *idx, size_t k,
                           const adx_items_options_t *o, adx_items_t **out, adx_errctx_t *ctx);
void adx_items_free(adx_items_t *it);

/* Moments of an n x k data matrix: means (k), covariance (k x k, divisor n - 1,
 * column-major). BLAS dsyrk on centred blocks. Used by parallel analysis too. */
adx_error_t adx_moments(const adx_matrix_t *X, double *mean, double *cov);

/* Checks that a k x k correlation matrix is positive definite; otherwise
 * ADX_ESINGULAR with a message naming an item that is a linear combination of
 * others (and which). */
adx_error_t adx_check_pd(const double *R, size_t k, char *const *names, adx_errctx_t *ctx);

/* Squared multiple correlations 1 - 1/diag(R^-1) (k values). R must be PD. */
adx_error_t adx_smc(const double *R, size_t k, double *smc);

/* ---- Reliability ----------------------------------------------------------- */

typedef struct {
    adx_items_t *items;      /* owned */
    double alpha;            /* Cronbach: k/(k-1) (1 - tr C / sum C) */
    double std_alpha;        /* k rbar / (1 + (k-1) rbar) */
    double average_r;        /* mean inter-item correlation */
    double omega_total;      /* McDonald, one-factor minres (psych::omega); NaN if k < 3 */
    int omega_heywood;       /* the one-factor solution has a Heywood case */
    double *item_total_r;    /* k corrected item-total correlations */
    double *raw_r;           /* k uncorrected item-total correlations */
    double *scale_mean_if_deleted; /* k: mean of the sum of the other items (SPSS) */
    double *scale_var_if_deleted;  /* k: variance (n - 1) of the sum of the other items */
    double *alpha_if_deleted;     /* k; NaN when k = 2 */
    double *std_alpha_if_deleted; /* k; NaN when k = 2 */
} adx_alpha_t;

adx_error_t adx_alpha(const adx_dataset_t *ds, const size_t *idx, size_t k,
                      const adx_items_options_t *o, adx_alpha_t **out, adx_errctx_t *ctx);
void adx_alpha_free(adx_alpha_t *a);

/* ---- Extraction and rotation ------------------------------------------------ */

typedef enum { ADX_EXTRACT_PC = 0, ADX_EXTRACT_ML, ADX_EXTRACT_PA, ADX_EXTRACT_MINRES } adx_extract_t;
typedef enum { ADX_ROTATE_NONE = 0, ADX_ROTATE_VARIMAX, ADX_ROTATE_PROMAX, ADX_ROTATE_OBLIMIN } adx_rotate_t;

/* Names used in output and options: "pc", "ml", "pa", "minres"; "none",
 * "varimax", "promax", "oblimin". Static strings. */
const char *adx_extract_name(adx_extract_t m);
const char *adx_rotate_name(adx_rotate_t r);

/* Promax after the varimax step: SPSS (FACTOR /ROTATION=PROMAX, the default)
 * regresses the target on the varimax loadings; psych (kaiser(rotate =
 * "Promax")) on the Kaiser-normalised ones. Same target, different weights. */
typedef enum { ADX_PROMAX_SPSS = 0, ADX_PROMAX_PSYCH } adx_promax_style_t;

typedef struct {
    adx_extract_t method;   /* default ADX_EXTRACT_MINRES */
    adx_rotate_t rotate;    /* default ADX_ROTATE_OBLIMIN for efa, NONE for pca */
    int kaiser;             /* Kaiser row normalisation before oblimin (default 1); varimax
                               and promax always normalise, as stats::varimax and psych do */
    double promax_power;    /* default 4 */
    adx_promax_style_t promax_style; /* default ADX_PROMAX_SPSS */
    double gamma;           /* oblimin gamma (0 = quartimin, the default) */
    double min_err;         /* PA: stop when the sum of communalities changes less
                               (default 0.001, psych::fa) */
    int max_iter;           /* PA iterations (default 50, psych) */
    int opt_max_iter;       /* ML/minres quasi-Newton iterations (default 1000) */
    double tol;             /* ML/minres: projected-gradient tolerance (default 1e-9) */
    double psi_lower;       /* ML/minres: smallest uniqueness (default 0.005, psych) */
    double rot_eps;         /* rotation convergence (default 1e-5: stats::varimax,
                               GPArotation) */
    int rot_max_iter;       /* default 1000 */
    double varimax_eps;     /* 0 (default): varimax to full convergence (the rotation
                               changes by under 1e-13, as SPSS/PSPP); > 0: stats::varimax's
                               relative rule, 1e-5 = R's and psych's early stop */
    int sort;               /* 1: order factors by variance explained (psych); 0 (default):
                               the extraction order (SPSS) */
    int polychoric;         /* 1: factor the polychoric correlation matrix (psych
                               fa(cor = "poly")), listwise */
} adx_factor_options_t;

void adx_factor_options_init(adx_factor_options_t *o);

/* Unrotated extraction of m factors from the k x k correlation matrix R.
 * loadings (k x m, column-major), caller-allocated. For ML and minres,
 * psi_out (k, may be NULL) gets the uniquenesses. iterations/last_change
 * (may be NULL) report the iterative procedure. Returns ADX_ECONVERGE (with
 * iterations and the last change in the message) when it does not converge. */
adx_error_t adx_extract(const double *R, size_t k, size_t m, const adx_factor_options_t *o,
                        double *loadings, double *psi_out, int *iterations,
                        double *last_change, adx_errctx_t *ctx);

/* Rotates a k x m loading matrix in place. phi (m x m, caller-allocated, may
 * be NULL) gets the factor correlations (identity for orthogonal rotations).
 * Each column is then signed so that its structure loadings (L phi) sum to a
 * positive number (SPSS/PSPP) and, with o->sort, the columns are ordered by
 * variance explained (psych); otherwise they stay in the extraction order. */
adx_error_t adx_rotate(double *L, size_t k, size_t m, const adx_factor_options_t *o, double *phi,
                       int *iterations, adx_errctx_t *ctx);

/* ---- Omega hierarchical (src/measure/omega.c) ------------------------------ */

typedef struct {
    adx_items_options_t items;  /* reverse-coding, as alpha */
    adx_factor_options_t fa;    /* default minres, oblimin without Kaiser normalisation
                                   (psych::omega, GPArotation::oblimin) */
    size_t nfactors;            /* group factors (default 3, psych::omega) */
} adx_omega_options_t;

void adx_omega_options_init(adx_omega_options_t *o);

typedef struct {
    adx_items_t *items;      /* owned; listwise sample */
    size_t k, m, n;          /* items, group factors, cases */
    double omega_h;          /* (sum |g|)^2 / Vt */
    double omega_total;      /* (Vt - sum u2) / Vt */
    double *g;               /* k general-factor loadings (sum positive) */
    double *spec;            /* k x m group-factor loadings, column-major */
    double *h2, *u2;         /* k communalities of the m-factor solution, 1 - h2 */
    double *phi;             /* m x m oblique group-factor correlations */
    double *gload;           /* m loadings of the group factors on g */
} adx_omega_t;

/* Schmid-Leiman omega hierarchical of k items (psych::omega defaults). Errors: as
 * adx_items_load, a singular R, fewer than 2 factors or 2 items per factor (ADX_EUSAGE),
 * non-convergence (ADX_ECONVERGE). Caller frees *out with adx_omega_free(). */
adx_error_t adx_omega(const adx_dataset_t *ds, const size_t *idx, size_t k,
                      const adx_omega_options_t *o, adx_omega_t **out, adx_errctx_t *ctx);
void adx_omega_free(adx_omega_t *w);

/* ---- PCA ------------------------------------------------------------------- */

typedef struct {
    size_t ncomp;        /* fixed number of components; 0 = by min_eigen */
    double min_eigen;    /* retain components with eigenvalue > min_eigen (default 1) */
    adx_rotate_t rotate; /* default none (SPSS "Component Matrix") */
    double drop_below;   /* purification threshold; 0 = off */
    int sort;            /* order rotated components by variance explained (default 0:
                            SPSS's extraction order) */
    double varimax_eps;  /* as adx_factor_options_t (default 0: full convergence) */
    int polychoric;      /* 1: components of the polychoric correlation matrix */
} adx_pca_options_t;

void adx_pca_options_init(adx_pca_options_t *o);

typedef struct {
    size_t n, k, ncomp;
    size_t n_total;        /* cases in the data set */
    char **names;          /* k (owned) */
    double *eigenvalues;   /* k, decreasing */
    double *variance_pct, *cumulative_pct; /* k */
    double kmo, *kmo_items;
    double bartlett_chisq, bartlett_df, bartlett_p;
    adx_rotate_t rotate;
    double *loadings;      /* k x ncomp, column-major */
    double *communalities; /* k */
    double *ss_loadings;   /* ncomp (rotated sums of squares when rotated) */
    /* Purification: items dropped, in order, with their largest absolute
     * loading at the time; the cumulative % of the retained components before
     * the first and after the last step. */
    size_t ndropped;
    char **dropped;
    double *dropped_loading;
    double variance_before, variance_after;
} adx_pca_t;

/* PCA of the correlation matrix of k items (listwise). With drop_below > 0 the
 * item with the smallest largest-absolute-loading under the threshold is
 * removed and the PCA re-run (cases re-selected listwise on the remaining
 * items) until every item reaches the threshold or two items are left. */
adx_error_t adx_pca(const adx_dataset_t *ds, const size_t *idx, size_t k,
                    const adx_pca_options_t *o, adx_pca_t **out, adx_errctx_t *ctx);
void adx_pca_free(adx_pca_t *p);

/* KMO measure of sampling adequacy (overall and per item) and Bartlett's test
 * of sphericity for a PD k x k correlation matrix from n cases. */
adx_error_t adx_kmo_bartlett(const double *R, size_t k, size_t n, double *kmo,
                             double *kmo_items, double *chisq, double *df, double *p);

/* ---- EFA ------------------------------------------------------------------- */

typedef struct {
    size_t iterations;     /* 0 = no parallel analysis */
    uint64_t seed;
    double quantile;       /* 0 = compare with the simulated mean (psych); else e.g. 0.95 */
} adx_parallel_options_t;

typedef struct {
    size_t iterations;
    uint64_t seed;
    double quantile;
    double *pc_obs, *pc_mean, *pc_q95;  /* k each */
    double *fa_obs, *fa_mean, *fa_q95;  /* k each */
    size_t ncomp, nfactors;             /* suggested */
} adx_parallel_t;

/* Horn's parallel analysis as psych::fa.parallel: eigenvalues of R (components)
 * and of R with one-factor minres communalities on the diagonal (factors),
 * against `iterations` normal data sets of the same n x k (stream r of seed for
 * data set r). Caller frees with adx_parallel_free(). */
adx_error_t adx_parallel(const double *R, size_t k, size_t n, const adx_parallel_options_t *o,
                         adx_parallel_t **out, adx_errctx_t *ctx);
void adx_parallel_free(adx_parallel_t *p);

typedef struct {
    size_t n, k, m;
    size_t n_total;        /* cases in the data set */
    char **names;          /* k (owned) */
    adx_factor_options_t opt;
    double *eigenvalues;   /* k eigenvalues of R */
    double *loadings;      /* k x m pattern (rotated) loadings */
    double *structure;     /* k x m structure (= pattern for orthogonal) */
    double *phi;           /* m x m factor correlations (identity if orthogonal) */
    double *communalities, *uniquenesses; /* k */
    double *ss_extracted;  /* m, unrotated sums of squared loadings */
    double *ss_loadings;   /* m, after rotation (diag(Phi L'L) when oblique) */
    int iterations, rot_iterations;
    double last_change;
    double objective, chisq, df, p; /* psych factor.stats; chisq for every method */
    int *heywood;          /* k flags: communality >= 1 - 1e-3 (or psi at the bound) */
    size_t nheywood;
    adx_parallel_t *parallel; /* owned, or NULL */
} adx_efa_t;

/* EFA of k items with m factors (m = 0: the number parallel analysis suggests,
 * which then must be requested). */
adx_error_t adx_efa(const adx_dataset_t *ds, const size_t *idx, size_t k, size_t m,
                    const adx_factor_options_t *o, const adx_parallel_options_t *po,
                    adx_efa_t **out, adx_errctx_t *ctx);
void adx_efa_free(adx_efa_t *e);

/* ---- Harman's single-factor test ------------------------------------------ */

typedef struct {
    size_t n, k;
    size_t n_total;        /* cases in the data set */
    char **names;
    double *eigenvalues;   /* k */
    double *variance_pct;  /* k */
    size_t n_eigen_gt1;
    double first_pct;
} adx_harman_t;

adx_error_t adx_harman(const adx_dataset_t *ds, const size_t *idx, size_t k, adx_harman_t **out,
                       adx_errctx_t *ctx);
void adx_harman_free(adx_harman_t *h);

#ifdef __cplusplus
}
#endif
#endif
