/* Multi-group fits with ordered indicators (private): the state shared by
 *   mg_ordinal.c   the groups' statistics, the DWLS/ULS objective, robust SEs, tests,
 *                  tables and the Satorra (2000) difference between levels
 *   mg_ord_more.c  score tests of the cross-group equalities (and of constraint lines),
 *                  the robust (catML) CFI/TLI/RMSEA, group.partial terms
 *   mg_ord_theta.c the theta parameterization (d a function of the parameters)
 *   mg_ord_stats.c the groups' statistics (ordered and continuous indicators)
 *   mg_ord_gcon.c  constraint lines over the global parameters */
#ifndef ADX_SEM_MG_ORD_H
#define ADX_SEM_MG_ORD_H

#include "ambidex/adx_stats.h"
#include "mg.h"
#include "ordinal.h"

#define ADX__OG_FIXED ((size_t)-1)

/* One group's statistics, local parameters and their global indices. */
typedef struct {
    adx_polychoric_t *P;
    adx__ord_t o;
    int have_o;
    size_t q, nth, p, m, np, ns, nloc; /* local: q model, nth tau, p d, m alpha */
    double tfac;                       /* Gamma_g of the tests: gam times tfac */
    double *s, *w, *gam;               /* ns sample statistics, weights, ns x ns Gamma */
    double *wr;                        /* lavaan's WLS.V, of the SEs and tests: w n/(n-1) */
    double *loc, *sig, *D, *mu;        /* nloc, ns, ns x nloc, t: mu = B m (adx__og_eval) */
    double *mv;                        /* t: m, the latent means and the continuous
                                        * indicators' intercepts nu (the rest 0) */
    size_t *map, *var_of;              /* nloc global indices (ADX__OG_FIXED), nth */
    int full; /* adx__og_jac through the ordered predictors' residual variances too */
    int theta;                         /* theta parameterization: the p slots after the
                                        * thresholds are the residual variances of the y* */
    double *tsd;                       /* p: theta's d_j = 1 / SD(y*_j) at the last eval */
    double *tcol;                      /* theta: ns x p work columns of the Jacobian */
} adx__og_t;

typedef struct {
    adx__mg_t *mg;
    adx__og_t *og;
    size_t Q, nsall;
    double *g, *H;
    int uls, theta; /* ULSMV (W = I); theta parameterization */
    int full;       /* the gradient's D (og->full) while optimising; lavaan's Delta after */
} adx__omg_t;

/* Robust pieces at the estimates (every group evaluated, D filled): V (Q x Q)
 * and the traces of U Gamma. */
typedef struct {
    double *Dall, *Ei, *V, *U; /* nsall x Q, Q x Q, Q x Q, nsall x nsall */
    double *wf;                /* nsall: f_g W_g */
    size_t *off;               /* G + 1 row offsets */
} adx__orob_t;

/* mg_ord_stats.c: group og's statistics (its complete cases), Gamma_g (times gfac, lavaan's
 * N / (N - G)), weights (W_g, or I when uls) and work space; ADX_OK or an error. */
adx_error_t adx__og_setup(adx__og_t *og, adx__mg_group_t *gr, double gfac, int uls,
                          adx_errctx_t *ctx);

/* mg_ordinal.c: implied statistics of group og at og->loc (-1: not defined there) and
 * their Jacobian og->D at the last evaluation. */
int adx__og_eval(adx__og_t *og);
void adx__og_jac(adx__og_t *og);
/* 1 if observed variable j of group og is a continuous indicator (its threshold slot is
 * its mean, its local threshold parameter the intercept; no scale factor). */
int adx__og_num(const adx__og_t *og, size_t j);
/* 1 if observed variable j of group og is an exogenous covariate (conditional.x: no
 * thresholds, no scale factor; its slopes are statistics). */
int adx__og_x(const adx__og_t *og, size_t j);
/* The number (1, 2, ...) of threshold slot k among its variable's thresholds. */
size_t adx__og_tnum(const adx__og_t *og, size_t k);
/* The scale factor product of statistic m (0..np-1 after the thresholds): d_y for a slope
 * of y, d_a d_b for a (co)variance; d the group's p scale factors. */
double adx__og_dfac(const adx__og_t *og, const double *d, size_t m);
/* The keys of om's statistics, all groups (3 per row: kind, variables; mg_ord_stats.c's
 * og_key), malloc'd (NULL when memory runs out). adx__omg_prev_order: mg->prev_d, keyed by
 * mg->prev_key over the models of mg->prev_gr (another fit of the same observed variables,
 * perhaps in another order), its rows permuted into om's statistics order, group by group
 * (lavTestLRT's difference does not depend on the models' variable order); 0, nothing
 * without prev_gr, or -1 when a statistic has no row there (or memory runs out). */
size_t *adx__omg_stat_keys(const adx__omg_t *om);
int adx__omg_prev_order(adx__omg_t *om);

/* mg_ord_more.c: lavTestScore's univariate tests of the cross-group equalities at the
 * estimates th (R filled by rob_info) into row->score, under constraint lines (mg->gcon)
 * on their null space, and then the tests of the lines themselves (all equalities) into
 * row->con_score and row->con_total_*. ADX_ENOMEM or ADX_OK. */
adx_error_t adx__omg_score_tests(const adx__omg_t *om, const adx__orob_t *R, const double *th,
                                 adx_sem_inv_row_t *row);
/* The robust CFI/TLI/RMSEA (lavaan's catML correction) into row from R (filled by
 * rob_info; NULL when E is singular) while no threshold is shared across groups and no
 * scale factor, residual variance or latent mean is free (lavaan 0.6.14's catML refit
 * fails then); NaN otherwise. */
void adx__omg_robust_indices(const adx__omg_t *om, const adx__orob_t *R, adx_sem_inv_row_t *row);
/* mg_ord_theta.c, the theta parameterization: adx__og_theta_on: og (set up) in that mode,
 * its slots after the thresholds the residual variances of the ordered y* in the model's
 * S0 (-1 when memory runs out); adx__og_theta_d: og->tsd, d_j = 1 / sqrt(Sigma_jj) with
 * Sigma = C0 (the residual variances in) for an ordered y*, 1 for a continuous indicator
 * or a covariate, at the last fill (NULL when a variance is not positive or memory runs
 * out); adx__og_theta_chain: og->D's columns of the slots (d / d d_j as the delta
 * parameterization has them) mapped by the chain rule onto the model parameters and the
 * residual variances. adx__omg_theta: every group's table (row->params) in lavaan's theta
 * form: the residual variances of the ordered y* with their SEs from V (Q x Q) where free,
 * the scale factors fixed at d. */
int adx__og_theta_on(adx__og_t *og);
const double *adx__og_theta_d(adx__og_t *og);
void adx__og_theta_chain(adx__og_t *og);
void adx__omg_theta(const adx__omg_t *om, const double *V, adx_sem_inv_row_t *row);
/* The smallest residual variance of an ordered y* on the delta scale, theta_jj d_j^2 (its
 * share of Var(y*_j)), over the groups at the last evaluation; its group and variable into
 * *gmin, *jmin (INFINITY when there is none). Where the delta fit of the data has a
 * residual variance at or below 0 (a Heywood case) the theta fit has no finite minimum:
 * this share falls toward 0 while the loadings or latent variances grow without bound. */
double adx__omg_theta_resid(const adx__omg_t *om, size_t *gmin, size_t *jmin);

/* mg_ord_gcon.c: constraint lines (mg->gsyn) over the whole parameter vector: mg->gcon
 * built, the fit under it (sets mg->neq; returns as adx__sem_optimize), E^-1 in place
 * (Q x Q) projected on the null space of the equalities and active inequalities at th (-1
 * when singular), and D (ns x Q) times that null space into *DN (ns x *r; a copy of D,
 * *r = Q, without lines; the caller frees it; -1 when memory runs out). */
adx_error_t adx__omg_gcon(adx__omg_t *om, adx_errctx_t *ctx);
int adx__omg_optimize(adx__omg_t *om, const adx__objective_t *obj, const adx_sem_options_t *opt,
                      double *th, int *iters, double *F);
int adx__omg_inverse(const adx__omg_t *om, double *E, const double *th);
int adx__omg_null_delta(const adx__omg_t *om, const double *D, size_t ns, const double *th,
                        double **DN, size_t *r);

#endif
