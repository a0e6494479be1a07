/* ambidex mediation and conditional process models (PROCESS models 1, 4, 6, 7, 8, 14,
 * 58, 59) with a fast, reproducible bootstrap.
 *
 * Every equation is fitted by the one OLS fit of adx_regress.h (adx_ols_fit,
 * Householder QR) with OLS or HC0-HC4 standard errors. Indirect effects are products of path coefficients;
 * their inference uses a nonparametric bootstrap (percentile, bias-corrected or
 * BCa intervals), the Sobel/Aroian/Goodman normal tests (single mediator) and a
 * Monte Carlo interval (Preacher & Selig 2012). Formulas, the quantile rule and
 * the JSON keys are documented in docs/mediate.md.
 *
 * Resample r always uses RNG stream r of the seed (adx_rng.h), so results are
 * identical for any number of threads.
 */
#ifndef ADX_MEDIATE_H
#define ADX_MEDIATE_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h" /* adx_hc_t, adx_probe_t: a mediation model is a set of
                                    regressions */

#ifdef __cplusplus
extern "C" {
#endif

#define ADX_MED_MAX_M 10 /* parallel mediators (serial: 4) */

typedef enum { ADX_CI_PERCENTILE = 0, ADX_CI_BC = 1, ADX_CI_BCA = 2 } adx_ci_method_t;

typedef struct {
    int model;              /* PROCESS model number: 1, 4 (default), 6, 7, 8, 14, 58, 59 */
    size_t boot;            /* bootstrap resamples; 5000 by default, 0 = none */
    uint64_t seed;          /* RNG seed (default 1) */
    adx_ci_method_t ci;     /* bootstrap interval (default percentile) */
    double ci_level;        /* confidence level, a fraction (default .95) */
    size_t mc;              /* Monte Carlo draws for the MC interval; 0 (default) = none */
    adx_hc_t hc;            /* coefficient SEs: ADX_HC_NONE (OLS, default) or HC0-HC4 */
    adx_probe_t probe;      /* probe values of W (default ADX_PROBE_PERCENTILES) */
    int center;             /* mean-centre the variables that form products (default 0) */
    int threads;            /* OpenMP threads; 0 (default) = all cores */
    int keep_indices;       /* keep the B x n resample indices in the result (default 0) */
    size_t max_redraws;     /* redraws allowed per singular resample (default 100) */
} adx_mediate_options_t;

void adx_mediate_options_init(adx_mediate_options_t *o);

/* Variables of the model, as indices into the dataset (adx_dataset_lookup). */
typedef struct {
    size_t x, y;
    const size_t *m;   /* nm mediators (0 for model 1) */
    size_t nm;
    const size_t *cov; /* ncov covariates, entered in every equation */
    size_t ncov;
    long w;            /* moderator W (V in PROCESS 2 model 14), or -1 */
} adx_mediate_spec_t;

typedef struct {
    char *term;
    double b, se, t, p, lo, hi;
} adx_med_coef_t;

typedef struct {
    char *outcome;
    size_t ncoef;
    adx_med_coef_t *coef;
    double r, r2, mse, f, df1, df2, p; /* F is the Wald F from the HC covariance when
                                          HC SEs are used (as PROCESS does) */
} adx_med_equation_t;

/* A regression-based effect (total, direct, conditional direct effect). */
typedef struct {
    char *label;
    double w;          /* probe value, NaN if unconditional */
    double effect, se, t, p, lo, hi;
} adx_med_effect_t;

/* A bootstrapped quantity: specific or total indirect effect, contrast, index. */
typedef struct {
    char *label;       /* "E -> A -> N", "Total", "(1) - (2)", mediator name */
    double w;          /* probe value, NaN if unconditional */
    double effect, boot_se, lo, hi;         /* bootstrap SE and CI (NaN without boot) */
    double mc_lo, mc_hi;                    /* Monte Carlo CI (NaN without mc) */
    double ps_effect, ps_lo, ps_hi;         /* partially standardized: effect / sd(Y) */
    double cs_effect, cs_lo, cs_hi;         /* completely: effect sd(X) / sd(Y) */
} adx_med_boot_t;

typedef struct {
    double effect, se, z, p;
} adx_med_normal_t;

/* Baron & Kenny (1986) steps for a single mediator. */
typedef struct {
    adx_med_effect_t c, a, b, cprime;
    int c_sig, a_sig, b_sig, cprime_sig;
    const char *conclusion; /* "full mediation", "partial mediation", "no mediation" (static) */
} adx_med_bk_t;

typedef struct {
    int model;
    size_t n;                  /* cases used (listwise) */
    size_t boot, boot_failed;  /* resamples, singular resamples redrawn */
    uint64_t seed;
    adx_ci_method_t ci;
    double ci_level;           /* a fraction */
    size_t mc;
    adx_hc_t hc;
    adx_probe_t probe;
    int center;
    char *x_name, *y_name, *w_name;
    size_t nm;
    char **m_names;
    size_t nprobe;
    double probes[3];

    size_t neq;
    adx_med_equation_t *eq;   /* mediator equations in order, then Y */

    int has_total;
    adx_med_effect_t total;    /* total effect of X (Y on X and covariates; models 4, 6) */
    size_t ndirect;
    adx_med_effect_t *direct;  /* direct effect, or conditional direct effects */
    size_t nind;
    adx_med_boot_t *ind;       /* indirect effects (rows per path x probe, then Total) */
    size_t ncontrast;
    adx_med_boot_t *contrast;  /* pairwise differences between specific indirect effects */
    size_t nindex;
    adx_med_boot_t *index;     /* index of moderated mediation, per mediator path */
    int has_std;               /* standardized effects computed (unmoderated models) */

    int has_sobel;
    adx_med_normal_t sobel, aroian, goodman;
    int has_bk;
    adx_med_bk_t bk;

    /* Model 1: R2 increase due to the interaction and its test. */
    int has_r2chng;
    double r2chng, r2chng_f, r2chng_df1, r2chng_df2, r2chng_p;

    uint32_t *boot_idx;        /* keep_indices: boot x n 0-based case indices, resample
                                  r at boot_idx[r * n ...] (rows of the complete cases) */
    size_t *rows;              /* n dataset rows of the complete cases */
} adx_mediate_t;

/* Fits the model and runs the bootstrap. Caller frees *out with adx_mediate_free().
 * Errors: ADX_EUSAGE (mediator equal to X or Y, variable listed twice, missing or
 * unexpected W, unknown model, too many mediators), ADX_EEMPTY (fewer complete
 * cases than parameters + 1), ADX_ESINGULAR (collinear predictors, or more than
 * max_redraws singular resamples in a row), ADX_ENOMEM. */
adx_error_t adx_mediate(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                        const adx_mediate_options_t *o, adx_mediate_t **out,
                        adx_errctx_t *ctx);
void adx_mediate_free(adx_mediate_t *r);

/* Order-statistic rule used for every bootstrap limit (docs/mediate.md): for a
 * lower-tail probability p the limit is the k-th smallest of the B values with
 * k = max(1, floor(B p)); for an upper limit k = min(B, floor(B p) + 1). */
size_t adx_boot_order_lower(size_t B, double p);
size_t adx_boot_order_upper(size_t B, double p);

#ifdef __cplusplus
}
#endif
#endif
