/* The estimation layer of src/sem, shared by its files (private, adx__ names):
 *
 *   objective.c  adx__est_t: the model in RAM form at one parameter vector, F_ML,
 *                its gradient and expected information; the one optimizer
 *   start.c      lavaan's start values (FABIN 3 loadings)
 *   fit.c        the fit driver (adx_sem_fit_*): sample moments -> estimates
 *   vcov.c       covariance of the estimates (expected, observed, MLR sandwich)
 *   fitindex.c   chi2, baseline, CFI/TLI, RMSEA and its CI, SRMR, AIC/BIC, scaled
 *   bootstrap.c  adx_sem_bootstrap and the jackknife acceleration
 *   modindex.c   adx_sem_modindices
 *   invariance.c adx_sem_invariance (multi-group fits through the same optimizer)
 */
#ifndef ADX_SEM_EST_H
#define ADX_SEM_EST_H

#include <stddef.h>

#include "sem_priv.h"

/* Where a row of the parameter table lives in the RAM matrices. */
typedef enum {
    ADX__PK_NONE = 0, /* := definition: no matrix entry */
    ADX__PK_A,        /* directed path A[ri][rj] (ri <- rj): =~ and ~ */
    ADX__PK_S,        /* (co)variance S[ri][rj] = S[rj][ri]: ~~ */
    ADX__PK_MEAN      /* intercept / mean m[ri]: ~ 1 */
} adx__pkind_t;

/* Working state of one fit. All matrices column-major. */
typedef struct {
    size_t p, m, t, q;
    const adx_sem_t *s;
    adx__pkind_t *kind; /* per parameter row */
    size_t *ri, *rj;    /* matrix position of each row */
    double *fixedval;   /* value of fixed rows */
    const double *S;    /* p x p sample covariance, divisor N */
    const double *ybar; /* p sample means (mean structure), else NULL */
    const struct adx_sem_fiml *fm; /* missing-data patterns (FIML), else NULL */
    double *fw, *fr;    /* FIML: per-pattern Sigma_g^-1 and residual means */
    double *mvec, *muall, *rr, *uu, *Mu, *Sr; /* t, t, p, p, p x q, p x p (S + r r') */
    double logdetS;
    double *A, *Sm, *B, *C, *tmp;   /* t x t */
    double *Sig, *Sigi, *W, *tp;    /* p x p */
    double *D;                      /* V (p x 2E): entry k's vectors a_k, b_k */
    size_t nent, *entpar;           /* E free matrix entries and their parameter */
    size_t nu, *ua, *ub, *ukey;     /* the nu distinct vectors: a_k = U[ua_k],
                                     * b_k = bs_k U[ub_k]; their keys (objective.c) */
    double *U, *SU, *GU, *bs;       /* p x nu, p x nu work, nu x nu (U' X U), E */
    size_t npow;                    /* recursive model: A^(npow+1) = 0, so (I - A)^-1 =
                                     * I + A + ... + A^npow; 0 if A has a cycle */
    double *H, *g;                  /* q x q, q */
    double *Mw;                     /* p x q work (information of the means) */
} adx__est_t;

/* Allocates e for model s (0, or -1 when memory runs out; free with adx__est_free
 * either way). */
int adx__est_init(adx__est_t *e, const adx_sem_t *s);
void adx__est_free(adx__est_t *e);
/* Sets the sample moments (S p x p, divisor N; ybar or NULL): log|S| and the values
 * of fixed covariates. -1 if S is not positive definite. */
int adx__est_set_sample(adx__est_t *e, const double *S, const double *ybar);
/* Fills A, S, m from theta; B = (I - A)^-1, C = B S B', Sigma, Sigma^-1 and F_ML.
 * -1 if I - A is singular or Sigma is not positive definite. */
int adx__est_eval(adx__est_t *e, const double *th, double *F);
/* dSigma/dtheta (e->D), the gradient e->g and, with with_h, the expected
 * information e->H, at the point of the last adx__est_eval. */
void adx__est_derivs(adx__est_t *e, int with_h);

/* Index of a variable name in s->names, or (size_t)-1. */
size_t adx__sem_var_index(const adx_sem_t *s, const char *name);
/* Parameter-table values at theta (fixed rows from e, := rows evaluated). */
void adx__sem_values(const adx_sem_t *s, const adx__est_t *e, const double *th, double *vals);
/* Evaluates the := rows of vals in order (the other rows already set). */
int adx__sem_eval_defs(const adx_sem_t *s, double *vals);
/* lavaan's starting values for the free parameters (start.c), with e's sample set:
 * 0, or -1 when memory runs out. */
int adx__sem_start_values(const adx_sem_t *s, const adx__est_t *e, double *th);

/* ---- the optimizer -------------------------------------------------------- */

/* A smooth objective of q parameters: eval sets *F at th (0, or -1 where it is not
 * defined); derivs gives the gradient and the expected information (q x q) at the
 * point of the last successful eval. */
typedef struct {
    size_t q;
    int (*eval)(void *ud, const double *th, double *F);
    void (*derivs)(void *ud, const double **g, const double **H);
    void *ud;
} adx__objective_t;

enum {
    ADX__OPT_NOMEM = -2,   /* out of memory */
    ADX__OPT_BADSTART = -1 /* the objective is not defined at the start values */
};

/* Fisher scoring from th (updated in place) with Armijo backtracking; with
 * `secant`, each step first tries the information corrected by a symmetric
 * rank-one secant estimate of the rest of the Hessian. Every stopping rule comes
 * from o (max_iter, grad_tol, floor_grad_tol, rel_ftol, armijo, max_halvings,
 * secant_halvings, ridge_start, ridge_tries). Returns 1 when converged, 0 when not,
 * or ADX__OPT_*; *iters and *Fout (F at th, NaN if undefined) are set. */
int adx__sem_optimize(const adx__objective_t *obj, const adx_sem_options_t *o, int secant,
                      double *th, int *iters, double *Fout);
/* Projected Fisher scoring within the bounds lo, hi (q each; constr.c); returns as
 * adx__sem_optimize. */
int adx__sem_optimize_bounded(const adx__objective_t *obj, const double *lo, const double *hi,
                              const adx_sem_options_t *o, double *th, int *iters, double *Fout);
/* The fit under s->gcon (gcon.c): obj over theta (q = s->npar) minimized on the
 * null space of the linear equalities by the augmented Lagrangian of the others; returns
 * as adx__sem_optimize (1 only when the constraints hold to 1e-11). */
int adx__sem_gcon_optimize(const adx__objective_t *obj, const adx_sem_t *s, double *th,
                           int *iters, double *Fout);
/* The same under any constraint set g (the options o): multi-group fits. */
int adx__gcon_optimize(const adx__objective_t *obj, const struct adx__sem_gcon *g,
                       const adx_sem_options_t *o, double *th, int *iters, double *Fout);
/* Bounds of the free parameters from the rows' lower/upper (-inf, inf if none):
 * 1 when some bound is finite. */
int adx__sem_theta_bounds(const adx_sem_t *s, double *lo, double *hi);
/* After a bounded fit (V the q x q covariance at th): marks the rows at a bound
 * (at_bound, s->nactive) and conditions V on them (their rows and columns 0, the
 * rest the inverse information of the others, lavaan's conditional SEs). */
void adx__sem_mark_bounds(adx_sem_t *s, const double *th, const double *g, double *V);
/* The same on a bare parameter vector (q, bounds lo, hi, gradient g or NULL): act[k] -1
 * at the lower bound, 1 at the upper, else 0; V (may be NULL) conditioned. Returns the
 * number at a bound, -1 when memory runs out. */
int adx__bounds_condition(size_t q, const double *th, const double *lo, const double *hi,
                         const double *g, double *V, int *act);
/* The single-group objective of e (ud = e). */
adx__objective_t adx__est_objective(adx__est_t *e);
/* adx__sem_optimize on the single-group objective, with the secant correction. */
int adx__est_optimize(adx__est_t *e, double *th, int *iters, double *Fout);

/* ---- after the optimizer (vcov.c, fitindex.c) -------------------------------- */

/* Covariance of the estimates (q x q into V) at th, where e is evaluated: 2/N times
 * the inverse expected or observed information, or the MLR sandwich. *vc_ok = 0
 * when the information is singular; *ssr_trace gets tr(A0^-1 B0) for the scaled
 * chi2 (MLR; else NaN). ADX_ENOMEM only. */
adx_error_t adx__sem_vcov(adx_sem_t *s, adx__est_t *e, const double *th, size_t n, double *V,
                          int *vc_ok, double *ssr_trace);

/* tr(A^-1 B) of s at th (not its estimates; e set up for s with its sample): A the
 * per-case information of s's estimator (observed under MLR, expected under MLM),
 * inverted by LU since it need not be positive definite away from the estimates (lavaan
 * inverts with solve()), B the mean outer product of the casewise scores, centred under
 * MLM (Delta' W Gamma W Delta). e is left evaluated at th; *tr NaN when A is singular
 * or the model is not defined at th. ADX_ENOMEM or ADX_OK. */
adx_error_t adx__sem_info_trace(const adx_sem_t *s, adx__est_t *e, const double *th, double *tr);

/* Sample-statistic counts of the model. */
typedef struct {
    double ndat; /* variances, covariances (and means) less the fixed x block */
    size_t nx;   /* fixed exogenous covariates */
} adx__sem_counts_t;

adx__sem_counts_t adx__sem_counts(const adx_sem_t *s);

/* Fills s->fit at the estimates (e evaluated there, F its minimum). */
adx_error_t adx__sem_fit_indices(adx_sem_t *s, const adx__est_t *e, const double *S,
                                 const double *mean, size_t n, double F,
                                 adx__sem_counts_t cnt, double ssr_trace, adx_errctx_t *ctx);

/* For the ordinal fit (ordinal.c): store_sample of fit.c without means; the parameter
 * table (estimates, SEs from V, := rows), standardized values, R2 and Heywood checks at
 * th (e evaluated there); RMSEA, its 90% interval and close-fit p of f->chisq, f->df. */
adx_error_t adx__sem_store_sample(adx_sem_t *s, const double *S, size_t n, adx_errctx_t *ctx);
adx_error_t adx__sem_finish(adx_sem_t *s, const adx__est_t *e, const double *th, const double *V,
                            int vc_ok, adx_errctx_t *ctx);
void adx__sem_rmsea(adx_sem_fit_t *f, double N);

/* The fit function F (chi2 / N) of a model, with a rounding error below 0 at an exactly
 * fitting (saturated) model, |F| < 1e-10, taken as 0: every chi2 = N F goes through it. */
double adx__sem_exact_fit(double F);

/* Incremental fit indices from the model (X, df) and baseline (Xb, dfb) chi2:
 * CFI, TLI (1 when df = 0) and, when the pointers are not NULL, NFI, RFI, IFI. */
void adx__sem_incremental(double X, double df, double Xb, double dfb, double *cfi, double *tli,
                          double *nfi, double *rfi, double *ifi);

/* A bootstrap replicate of the ordinal fit s (ordinal.c): thresholds, polychoric
 * correlations and DWLS (ULS) weights of the n x p cases X (leading dimension n),
 * estimates from s->theta into th (q), the parameter-table values into row and the
 * thresholds into tau (s->ordinal->nth); under the theta parameterization th, row and tau
 * rescaled as the fit's. 0 when converged, -1 otherwise. */
int adx__sem_ordinal_refit(const adx_sem_t *s, adx__est_t *e, const double *X, size_t n,
                           double *th, double *row, double *tau);

/* Modification-index parts of one group of a multi-group fit (modindex.c): the candidates
 * of s at e (evaluated with derivatives) that are identified on their own, n of them, each
 * with its row m[k] (lhs, op, rhs; its epc -g / h22 and the sepc scalings of that epc),
 * its information h22[k], the gradient g[k] of F_ML and column col[k] of H12 (e->q x
 * candidates: its cross information with s's free parameters). ADX_ENOMEM or ADX_OK. */
typedef struct {
    size_t n;
    adx_sem_mi_t *m;
    double *h22, *g, *H12;
    size_t *col;
} adx__mi_parts_t;
adx_error_t adx__sem_mi_parts(const adx_sem_t *s, const adx__est_t *e, adx__mi_parts_t *mp);
void adx__sem_mi_parts_free(adx__mi_parts_t *mp);

#endif
