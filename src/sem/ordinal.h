/* The DWLS / ULS objective of an ordinal fit (private; ordinal.c, ordinal_data.c), shared
 * with the multi-group ordinal fit (mg_ordinal.c).
 *
 * The statistics of a fit, lavaan's WLS.obs with conditional.x:
 *   [thresholds of the ordered variables and intercepts of the continuous ones (nth),
 *    slopes on the exogenous covariates (k x nx, variable fastest; nsl),
 *    variances of the continuous variables (nnum),
 *    covariances / correlations among the k non-covariates (k (k - 1) / 2)]
 * adx__ord_t covers the part after the thresholds (np = nsl + nnum + k (k - 1) / 2).
 */
#ifndef ADX_SEM_ORDINAL_H
#define ADX_SEM_ORDINAL_H

#include "est.h"
#include "ambidex/adx_stats.h"

/* Working state of the DWLS/ULS objective. */
typedef struct {
    adx__est_t *e;
    size_t p, t, q, np;      /* np: the slopes, the continuous variables' variances, then
                              * the covariances (correlations) */
    size_t k, nx, nsl, nvar; /* variables besides the covariates, covariates, k * nx
                              * slopes, variances of continuous variables */
    size_t *yi, *xi;         /* k, nx: the variables and the covariates in s->names */
    size_t *sa, *sb;         /* np - nsl: the (row, column) of each (co)variance among the
                              * k variables (0..k-1; yi maps them to s->names) */
    const double *r, *w;     /* np sample statistics and weights */
    double *A, *S0, *B, *C0; /* t x t */
    double *sig, *D, *g, *H; /* np, np x q, q, q x q */
    double *C1;              /* t x t: C0 with the residual variances of rv (lavaan's
                              * delta with an ordered variable on the right of '~'): the
                              * implied moments of sig */
    size_t *rv, nrv;         /* the ordered endogenous variables when one of them is on
                              * the right of '~' (else none) */
    int path;                /* such a model without latent variables */
    double *drho;            /* nrv: work space of adx__ord_delta */
    const double *gsd;       /* p scale factors d of a multi-group delta fit (mg_ordinal.c:
                              * rho_v = 1 / d_v^2 - the common part), or NULL (1) */
    int theta;               /* the theta parameterization (ordinal_theta.c): C0 the
                              * implied covariance with the ordered residual variances,
                              * the statistics its correlations (C1) */
    double *dsc;             /* t: sqrt(C0_jj) of the ordered y* under theta, else 1 */
    double *tdd;             /* p x q: d C0_jj / d theta_l (theta; adx__ord_delta) */
    const double *gth;       /* p residual variances of the ordered y* of a multi-group
                              * theta fit (mg_ord_theta.c: S0 carries them in place of the
                              * model's rows, C0 the implied covariance, C1 = C0), or NULL */
} adx__ord_t;

/* 1 if observed variable j of e's model is a continuous indicator / an exogenous covariate
 * of the ordinal fit (s->ordinal's flags). */
int adx__ord_is_numeric(const adx__est_t *e, size_t j);
int adx__ord_is_x(const adx__est_t *e, size_t j);
/* 1 if row r of e's model is an ordered indicator's residual variance. */
int adx__ord_is_resid(const adx__est_t *e, size_t r);
/* A, S0 (the ordered indicators' residual variances and the covariates' (co)variances
 * 0), B = (I - A)^-1, C0 = B S0 B', C1 and the implied statistics sig (slopes B_yx, then
 * the variances and covariances of C1) at th; -1 if I - A is singular. */
int adx__ord_fill(adx__ord_t *o, const double *th);
/* The delta residual variance of the ordered variable v at the last fill, lavaan 0.6.14's
 * setResidualElements: 1 / d_v^2 (1 without gsd) minus its variance implied with the
 * ordered residual variances 0; in a path model (o->path) with the phantom residual
 * variances 1 instead, plus 1. */
double adx__ord_rho(const adx__ord_t *o, size_t v);
/* D = d sig / d theta (np x q) at the last fill, lavaan's Delta (the residual variances
 * of ordered predictors held fixed). */
void adx__ord_delta(adx__ord_t *o);
/* The same with the residual variances of ordered predictors differentiated too (the
 * gradient of the objective). */
void adx__ord_delta_full(adx__ord_t *o);
/* The DWLS (ULS) objective sum w (r - sig)^2 of o over its q parameters (o->r, o->w set):
 * its gradient -2 D' W (r - sig) and information 2 D' W D. */
adx__objective_t adx__ord_objective(adx__ord_t *o);
/* o->g and o->H as the objective's derivatives but through adx__ord_delta (the residual
 * variances of ordered predictors held fixed), at the last fill: lavaan's gradient and
 * information of the score tests (lav_model_gradient uses that Delta too). */
void adx__ord_derivs_fixed(adx__ord_t *o);
/* 0, or -1 when memory runs out (free with adx__ord_free either way). The layout comes
 * from e->s->ordinal (no flags: every variable ordered, no covariates). */
int adx__ord_alloc(adx__ord_t *o, adx__est_t *e, size_t q);
void adx__ord_free(adx__ord_t *o);

/* ordinal_theta.c, the theta parameterization (lavaan parameterization = "theta"): the
 * parameters on the scale of residual variances 1 of the ordered y*, the statistics fitted
 * the thresholds tau_j / d_j and correlations C0_ij / (d_i d_j) of the implied covariance
 * C0 (d_j = sqrt(C0_jj), 1 for continuous variables), slopes B_yx / d_y.
 * adx__ord_theta_on: o (allocated) in that mode, the ordered residual variances of e fixed
 * at 1. adx__ord_theta_scale: dsc and C1 from C0 (-1 when a variance is not positive).
 * adx__ord_theta_delta: D and tdd by the chain rule at the last fill.
 * adx__ord_theta_thresholds: s->ordinal's thresholds (the fitted tau / d) to the theta
 * scale and their SEs from V (Q x Q over them and theta) by the delta method, o filled at
 * th. */
void adx__ord_theta_on(adx__ord_t *o);
/* d C0_ab / d (the value of a path i <- j (path) or a (co)variance i, j) at the last fill
 * (B, C0; C0's column j when a path). */
double adx__ord_dcov(const adx__ord_t *o, int path, size_t i, size_t j, size_t a, size_t b);
int adx__ord_theta_scale(adx__ord_t *o);
void adx__ord_theta_delta(adx__ord_t *o);
void adx__ord_theta_thresholds(adx_sem_t *s, adx__ord_t *o, const double *V, size_t Q);
/* ordinal_data.c: 1 if a continuous non-covariate is on the right of a regression
 * (adx__ord_structural then maps the thresholds). */
int adx__ord_cont_predictor(const adx__ord_t *o);

/* ordinal_data.c: s->ordinal->numeric / isx from the options and the model; 0 or an
 * error. */
adx_error_t adx__ord_flags(adx_sem_t *s, adx_errctx_t *ctx);
/* The sample statistics of the fit from the n x p cases X (leading dimension ld; NaN
 * missing with ordinal_pairwise): thresholds (intercepts), slopes, variances, correlations
 * and their Gamma for the k non-covariates, conditional on the covariates when there are
 * any (lavaan conditional.x). */
adx_error_t adx__ord_sample_stats(const adx_sem_t *s, const adx__ord_t *lay, const double *X,
                                  size_t n, size_t ld, adx_polychoric_t **P,
                                  adx_errctx_t *ctx);
/* The p x p moments the model starts from and reports: the non-covariates' block
 * R_ij s_i s_j + Pi Sxx Pi', Pi Sxx against the covariates and their covariance Sxx
 * (divisor N - 1, lavaan 0.6.14's cov.x); NULL when memory runs out. */
double *adx__ord_sample_matrix(const adx__ord_t *lay, const adx_polychoric_t *P,
                               const double *X, size_t n, size_t ld);
/* With a continuous non-covariate on the right of '~' (its mean then reaches other
 * variables): s->ordinal's thresholds and intercepts (marginal, from the sample) become
 * lavaan's structural ones and their SEs from V (Q x Q, Q = nth + q: thresholds then
 * theta) by the delta method; o is filled at th again. */
adx_error_t adx__ord_structural(adx_sem_t *s, adx__ord_t *o, const double *th, const double *V,
                                size_t Q);
/* The statistics r (np) of P in the layout of o. */
void adx__ord_stats(const adx__ord_t *o, const adx_polychoric_t *P, double *r);

/* The robust covariance of an ordinal fit and its parts (src/sem/ordinal_robust.c). */
typedef struct {
    size_t ns, Q, nth;   /* statistics, parameters (thresholds + theta) */
    double *W;           /* ns diagonal weights */
    double *M;           /* ns x Q: W D */
    double *Ei;          /* Q x Q: (D' W D)^-1 */
    double *V;           /* Q x Q robust covariance */
    double *UG;          /* ns x ns */
} adx__ord_robust_t;
void adx__ord_robust_free(adx__ord_robust_t *R);
/* R->V, R->Ei, R->UG at the estimates th (R's sizes set by the caller). */
adx_error_t adx__ord_robust_parts(adx__ord_robust_t *R, const adx__ord_t *o,
                                  const adx_polychoric_t *P, const adx_sem_t *s,
                                  const double *th);
/* Test statistics and fit indices (s->fit, s->ordinal) at the minimum F. */
adx_error_t adx__ord_fit_measures(adx_sem_t *s, const adx__ord_t *o, const adx__ord_robust_t *R,
                                  const adx_polychoric_t *P, double F);

#endif
