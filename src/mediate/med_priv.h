/* Private to src/mediate: the description of a conditional process model (model.c),
 * the bootstrap and Monte Carlo engines (boot.c) and the state the driver
 * (mediate.c) passes between its steps. */
#ifndef ADX_MED_PRIV_H
#define ADX_MED_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "ambidex/adx_mediate.h"

#define ADX__MED_MAXZ 64     /* columns of the design Z */
#define ADX__MED_MAXT 40     /* regressors in one equation */
#define ADX__MED_MAXPATH 64  /* indirect paths */
#define ADX__MED_MAXEDGE 6   /* edges along one path */
#define ADX__MED_MAXCOV 20   /* covariates */
#define ADX__MED_NPROBE 3    /* probe values of W */
/* Base columns: X, the mediators, Y, W and the covariates. */
#define ADX__MED_MAXBASE (3 + ADX_MED_MAX_M + ADX__MED_MAXCOV)

typedef struct {
    int b1, b2; /* base columns; b1 = -1: constant; b2 = -1: not a product */
} adx__med_zcol_t;

typedef struct {
    size_t nterm;
    size_t term[ADX__MED_MAXT]; /* Z columns of the regressors, in display order */
    size_t out;                 /* Z column of the outcome */
} adx__med_eq_t;

typedef struct {
    int eq;      /* equation index */
    int pos;     /* position of the main coefficient */
    int pos_int; /* position of the product with W, or -1 */
} adx__med_edge_t;

/* What a bootstrapped quantity is. */
typedef enum { ADX__MED_PATH, ADX__MED_TOTAL, ADX__MED_CONTRAST, ADX__MED_INDEX } adx__med_kind_t;

typedef struct {
    adx__med_kind_t kind;
    int path, path2;
    double w;
} adx__med_item_t;

typedef struct {
    int model, serial, aW, bW, cW;
    size_t k;             /* mediators */
    size_t nb;            /* base columns */
    int bx, by, bw, bcov; /* base column of X, Y, W (-1), first covariate */
    size_t ncov;
    size_t nz;
    adx__med_zcol_t z[ADX__MED_MAXZ];
    size_t zx, zy; /* Z columns of X and Y */
    size_t neq;
    adx__med_eq_t eq[ADX_MED_MAX_M + 2];
    size_t npath;
    size_t plen[ADX__MED_MAXPATH];
    adx__med_edge_t pe[ADX__MED_MAXPATH][ADX__MED_MAXEDGE];
    int pmed[ADX__MED_MAXPATH][ADX__MED_MAXEDGE]; /* mediators along the path */
    int moderated;
    size_t nitem, nstd; /* items; the first nstd get standardized versions */
    adx__med_item_t *items;
    size_t ntheta;      /* nitem + 2 nstd */
} adx__med_model_t;

/* ---- model.c: path algebra ------------------------------------------------------ */

/* Equations, design columns and indirect paths of PROCESS model `model` with k
 * mediators and ncov covariates. */
void adx__med_build_model(adx__med_model_t *M, int model, size_t k, size_t ncov, int has_w);
/* Z column of base columns (b1, b2), added when new. */
size_t adx__med_zfind(adx__med_model_t *M, int b1, int b2);
/* Position of Z column zc among the regressors of e, or -1. */
int adx__med_eq_pos(const adx__med_eq_t *e, size_t zc);
/* The bootstrapped items (indirect effects per probe, total, contrasts, indices of
 * moderated mediation) into M->items; counts of each kind into R. ADX_ENOMEM. */
adx_error_t adx__med_plan_items(adx__med_model_t *M, adx_mediate_t *R);
/* Every bootstrapped quantity from the coefficient vectors (coef[e] of equation e);
 * theta holds M->ntheta values. */
void adx__med_theta(const adx__med_model_t *M, const double *const *coef, double sdx, double sdy,
                    double *theta);

/* ---- boot.c: cross-product solver, resampling, Monte Carlo ---------------------------- */

/* Centred design: Zc (n x nz row-major) and Zcm (column-major), and the full-sample
 * cross-products S (lower triangle of nz x nz row-major). */
typedef struct {
    const adx__med_model_t *M;
    size_t n, nz;
    const double *Zc, *Zcm, *S;
    int threads;
} adx__med_design_t;

/* SD of Z column `col` from cross-products S (column 0 the constant). */
double adx__med_sd_from_S(const double *S, size_t nz, size_t col);

/* B resamples (stream r of seed for resample r): vals[t * B + r] gets item t of
 * resample r; idx (may be NULL) the B x n drawn cases. *failed counts singular
 * resamples drawn again. ADX_ESINGULAR when a resample stays singular after
 * max_redraws redraws; ADX_ENOMEM. */
adx_error_t adx__med_bootstrap(const adx__med_design_t *D, size_t B, uint64_t seed,
                               size_t max_redraws, double *vals, uint32_t *idx, size_t *failed);
/* Leave-one-out values for BCa: vals[t * n + i]. ADX_ESINGULAR when leaving a case
 * out makes the model singular; ADX_ENOMEM. */
adx_error_t adx__med_jackknife(const adx__med_design_t *D, double *vals);
/* MC draws of the coefficients from N(b_e, V_e) per equation (Preacher & Selig 2012):
 * vals[t * MC + d] for the first M->nitem items; b[e], V[e] (p x p column-major) of
 * equation e. ADX_ESINGULAR with *bad_eq when a V_e is not positive definite. */
adx_error_t adx__med_montecarlo(const adx__med_model_t *M, const double *const *b,
                                const double *const *V, double sdx, double sdy, size_t MC,
                                uint64_t seed, int threads, double *vals, size_t *bad_eq);

/* ---- the driver's state (mediate.c), its point estimates (effects.c) and rows (rows.c) - */

/* State shared by the steps of adx_mediate. */
typedef struct {
    const adx_dataset_t *ds;
    const adx_mediate_spec_t *spec;
    const adx_mediate_options_t *o;
    adx_errctx_t *ctx;
    adx_mediate_t *R;
    adx__med_model_t *M;
    size_t n, nz;
    size_t bvar[ADX__MED_MAXBASE]; /* dataset variable of each base column */
    double *base;                  /* n x nb, column-major */
    double *Z;                     /* n x nz raw design, column-major */
    double *Zc, *Zcm;              /* centred design, row- and column-major */
    double *S;                     /* full-sample cross-products of Zc */
    adx_ols_t *fit[ADX_MED_MAX_M + 2];
    double alpha, sdx, sdy;
    double *theta, *bootv, *jackv, *mcv;
    size_t B, MC;
    int threads;
} adx__med_work_t;

/* Each equation's fit into w->fit and the result's equation tables. */
adx_error_t adx__med_fit_equations(adx__med_work_t *w);
/* Total effect of X: Y on X and the covariates (models 4 and 6). */
adx_error_t adx__med_total_effect(adx__med_work_t *w);
/* Direct effect, or conditional direct effects at the probes; model 1's R2 change. */
adx_error_t adx__med_direct_effects(adx__med_work_t *w);
/* Sobel/Aroian/Goodman and Baron & Kenny (model 4, one mediator). */
adx_error_t adx__med_sobel_bk(adx__med_work_t *w);
/* The bootstrapped rows with their bootstrap and Monte Carlo limits. */
adx_error_t adx__med_fill_rows(adx__med_work_t *w);

#endif
