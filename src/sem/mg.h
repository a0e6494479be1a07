/* Multi-group fits (private): the groups of a grouping variable, each with its own
 * model, sample moments and evaluator; a global parameter vector mapped onto every
 * group's free parameters (parameters constrained equal across groups share one
 * global entry); the weighted objective F = sum_g (n_g / N) F_g.
 *   multigroup.c  groups, their single-group fits, the objective, numbering, starts
 *   mg_robust.c   covariance of the estimates (ML, MLR, MLM) and the scaled chi2
 *   invariance.c  the levels (group.equal, group.partial), fit measures, the API
 *   mg_ordinal.c  the same with ordered indicators (WLSMV)
 *   mg_gcon.c     general constraint lines over the global parameters
 *   mg_modindex.c modification indices
 *   mg_compare.c  the difference test of two multi-group models (lavTestLRT) */
#ifndef ADX_SEM_MG_H
#define ADX_SEM_MG_H

#include "est.h"

typedef struct {
    adx_sem_t *model;   /* its single-group fit (start values, moments, data) */
    adx_dataset_t *sub; /* its cases */
    adx__est_t es;      /* its evaluator */
    size_t *map;        /* global parameter of each of its free parameters */
    double *th;         /* its parameters */
    double w;           /* n_g / N */
} adx__mg_group_t;

/* One group.partial term: lhs op rhs (rhs "" for ~ 1). */
typedef struct {
    char lhs[128], rhs[128];
    adx_sem_op_t op;
} adx__mg_term_t;

typedef struct {
    size_t G, N, p;
    adx__mg_group_t *gr;
    size_t npar;   /* global free parameters */
    double *H, *g; /* objective work: information (npar x npar) and gradient */
    double *lo, *hi; /* bounds of the global parameters (adx__mg_bounds) */
    int bounded;     /* 1 when some bound is finite */
    double *prev_d; /* ordered: the previous level's d(statistics)/d(parameters), all groups */
    size_t prev_q;  /* its parameters */
    size_t prev_ns; /* its statistics (rows) */
    size_t *prev_key; /* ordered: 3 per row of prev_d, each statistic's variables in the
                       * models of prev_gr (mg_ord_stats.c's adx__omg_stat_keys) */
    const adx__mg_group_t *prev_gr; /* another fit's groups (prev_G) whose models prev_key
                                     * indexes (mg_compare.c), or NULL: this fit's own, in
                                     * its statistics order */
    size_t prev_G;
    const adx_sem_syntax_t *gsyn; /* constraint lines over the global parameters (mg_gcon.c),
                                   * or NULL: each group's own row mapping and bounds */
    struct adx__sem_gcon *gcon;   /* gsyn's lines under the current numbering */
    size_t neq;                   /* independent equalities of gcon at the estimates */
    int lenient;                  /* a group's start fit may end in ADX_ECONVERGE or
                                   * ADX_ESINGULAR (adx_sem_mg_options_t.lenient_starts) */
    int all_gcon;                 /* 1: every constraint line through gsyn (the score tests of
                                   * the lines, mg_score.c) */
    const adx_sem_inv_row_t *start; /* ordered: this level of adx_sem_mg_options_t.start,
                                     * or NULL */
} adx__mg_t;

void adx__mg_free(adx__mg_t *mg);
/* invariance.c: frees what row r (G groups) holds (tables, tests, coef), not r itself. */
void adx__mg_row_free(adx_sem_inv_row_t *r, size_t G);
/* The groups of `group` in ds (labels into v->groups, cases into v->n) and one
 * single-group fit per group (mean structure, the estimator of opt without FIML). */
adx_error_t adx__mg_groups(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                           const adx_sem_options_t *opt, const adx_dataset_t *ds,
                           const char *group, adx_sem_invariance_t *v, adx_errctx_t *ctx);
/* Global numbering under the ADX_SEM_EQ_* bits of mask, the np terms of part left
 * free per group; frees the latent means after the first group when intercepts are
 * equal and means are not. -1 when memory runs out. */
int adx__mg_number(adx__mg_t *mg, unsigned mask, const adx__mg_term_t *part, size_t np);
/* Bounds of the global parameters (mg->lo, mg->hi, mg->bounded) from the groups' '<'
 * and '>' lines under the current numbering: the tightest over the groups sharing a
 * parameter. -1 when memory runs out. */
int adx__mg_bounds(adx__mg_t *mg);
/* Start values into th (npar) and fresh evaluators: -1 when memory runs out. */
int adx__mg_start(adx__mg_t *mg, double *th);
adx__objective_t adx__mg_objective(adx__mg_t *mg);
/* Evaluates every group at th (global) with derivatives: -1 if not defined there. */
int adx__mg_eval_at(adx__mg_t *mg, const double *th, double *F);

/* The fit of the current numbering from th (mg->gcon, the bounds or none; sets mg->neq):
 * returns as adx__sem_optimize. */
int adx__mg_optimize(adx__mg_t *mg, const adx_sem_options_t *opt, double *th, int *iters,
                     double *F);
/* mg_gcon.c: mg->gcon from mg->gsyn's lines under the current numbering; ADX_EPARSE naming
 * a line with a name that is no group's label. */
adx_error_t adx__mg_gcon_build(adx__mg_t *mg, adx_errctx_t *ctx);

/* mg_robust.c: covariance of the estimates (npar x npar into V) at th, where every group
 * is evaluated: 2/N times the inverse expected information (ML, MLM: then the sandwich
 * with the score products) or observed information (MLR, sandwich); *vc_ok = 0 when
 * singular; *ssr_trace = tr(A^-1 B) (robust, else NaN). ADX_ENOMEM only. */
adx_error_t adx__mg_vcov(adx__mg_t *mg, int robust, const double *th, double *V, int *vc_ok,
                         double *ssr_trace);
/* invariance.c: group g's parameter table (SEs from the global V, mg->npar x mg->npar)
 * into row->params[g]; uses[k]: groups sharing global parameter k (label ".pK."). */
adx_error_t adx__mg_snapshot(adx__mg_t *mg, size_t g, const double *V, int vc_ok,
                             const size_t *uses, adx_sem_inv_row_t *row, adx_errctx_t *ctx);
/* mg_ordinal.c: one level of a multi-group fit with ordered indicators (WLSMV or ULSMV,
 * delta or theta), mask row->group_equal; the groups from adx__mg_groups without a mean
 * structure. With prev (the level before), the Satorra (2000) scaled-shifted difference
 * test into row; with score, the score tests of the equalities (mg_ord_more.c). */
adx_error_t adx__mg_ordinal_fit(adx__mg_t *mg, const adx__mg_term_t *part, size_t np,
                                const adx_sem_options_t *opt, int score,
                                const adx_sem_inv_row_t *prev,
                                adx_sem_inv_row_t *row, adx_errctx_t *ctx);
/* 1 if t is a threshold ("x1 | t2") or scale factor ("x1 ~*~ x1") term of an ordered
 * indicator of m (a fit with ordered indicators), else 0. */
int adx__mg_ordinal_term(const adx_sem_t *m, const adx__mg_term_t *t);
/* Scaled chi2 and the scaled / robust indices of row (chisq, df, baseline filled). */
adx_error_t adx__mg_scaled(adx__mg_t *mg, int robust, double ssr_trace,
                           adx_sem_inv_row_t *row);

/* mg_score.c: lavTestScore's univariate tests of every cross-group equality of the
 * level fitted at th into row->score (row->nscore); every group left evaluated at th.
 * ADX_ENOMEM only. */
adx_error_t adx__mg_score_tests(adx__mg_t *mg, const double *th, adx_sem_inv_row_t *row);
/* The null space of the general constraint lines (mg_gcon.c) at the estimates, n (Q x r),
 * or none (n NULL): lavaan's bordered information [H, R'; R, 0]^-1 restricted to the
 * parameters is N (N' H N)^-1 N'. */
typedef struct {
    double *n;
    size_t r;
} adx__mg_nulls_t;
/* mg_score.c: d' H^-1 d over the Qa parameters (H destroyed), or under the constraints
 * y' (Na' H Na)^-1 y with y = Na' d and Na = [N 0; 0 1] (extra 1: the released copy Qa - 1
 * is in no constraint line) or Na = N (extra 0) into *s: 0, 1 singular, -1 out of memory. */
int adx__mg_quad_form(double *H, const double *d, size_t Qa, const adx__mg_nulls_t *ns,
                      int extra, double *s);
/* mg_score.c: lavTestScore's tests of the constraint lines themselves (every line an
 * equality; all lines through mg->gcon over Q parameters) into row->con_score and
 * row->con_total_*: releasing line i alone (the other lines and the cross-group equalities
 * kept), and all of them together (df the number of lines); X2 = N/2 d' P d, d (Q) the
 * gradient and H (Q x Q) the information of the objective at th, P the inverse of H on the
 * null space of the lines kept. ADX_ENOMEM or ADX_OK. */
adx_error_t adx__mg_line_tests(const adx__mg_t *mg, size_t Q, const double *th, const double *d,
                               const double *H, adx_sem_inv_row_t *row);
/* mg_score.c: lavTestScore's tests of the lines of gc (lines: their text, in gc's order)
 * with d and H the gradient and expected information of F over gc's Q parameters at th:
 * each line released alone, X2 = N/2 d' N_i (N_i' H N_i)^-1 N_i' d (N_i the null space of
 * the other lines' Jacobian), into row->con_score (row->ncon_score), and all of them,
 * N/2 d' H^-1 d, into row->con_total_*. N a factor, not always a count ((n - 1)^2/n under
 * ULS). NaN where singular; ADX_ENOMEM only. */
adx_error_t adx__gcon_line_tests(const struct adx__sem_gcon *gc, const adx_sem_constr_t *lines,
                                 double N, size_t Q, const double *d, const double *H,
                                 const double *th, adx_sem_inv_row_t *row);
/* mg_score.c: each group's expected information (q_g x q_g; G of them, free with
 * adx__mg_group_info_free): the evaluator's, or under FIML the pattern-wise one (lavaan's
 * missing = "ml" expected information); the groups evaluated with derivatives. NULL when
 * memory runs out. */
double **adx__mg_group_info(adx__mg_t *mg);
void adx__mg_group_info_free(const adx__mg_t *mg, double **Hg);
/* mg_modindex.c: lavaan's modindices() of every group's fixed parameters at th into
 * row->mi, row->nmi (per group, largest first); every group left evaluated at th. */
adx_error_t adx__mg_modindices(adx__mg_t *mg, const double *th, adx_sem_inv_row_t *row,
                               adx_errctx_t *ctx);
/* The scaling factor c = (t1 - tr(A^-1 B)) / df of the current numbering at th (not its
 * estimates: the Satorra-Bentler 2010 difference evaluates the less restricted model at
 * the restricted one's estimates), A inverted by LU (under mg->gcon on the null space of
 * the lines at th, gcon.c); NaN when it cannot be evaluated.
 * ADX_ENOMEM or ADX_OK. */
adx_error_t adx__mg_scaling_at(adx__mg_t *mg, int robust, const double *th, double df,
                               double *c);

/* invariance.c: adx_sem_multigroup into the caller's mg (zeroed; the caller frees it with
 * adx__mg_free and may read it after: the last fit's numbering, evaluators and, ordered, its
 * Jacobian mg->prev_d). prev: with ordered indicators the first fit's previous level (another
 * model's fit to the same statistics, mg->prev_d set by the caller to its Jacobian), whose
 * Satorra (2000) difference then goes into the first row's delta_*; else unused. */
adx_error_t adx__mg_run(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                        const adx_sem_options_t *opt, const adx_dataset_t *ds, const char *group,
                        const adx_sem_mg_options_t *mopt, const adx_sem_inv_row_t *prev,
                        adx_sem_invariance_t **out, adx_errctx_t *ctx);
/* invariance.c: the difference tests of row (the restricted fit, more df) against prev
 * (plain and, robust, Satorra-Bentler 2001, or 2010 with c10 prev's scaling factor at row's
 * estimates, NaN for 2001) into row->delta_*; ordered: nothing (mg_ordinal.c's). */
void adx__mg_level_delta(const adx_sem_inv_row_t *prev, adx_sem_inv_row_t *row, double c10,
                         int ordered);
/* mg_ord_stats.c: a copy of mg's prev_* (the previous ordinal level's Jacobian and its
 * rows' keys) into kept (-1 when memory runs out, kept then owning nothing), and kept's
 * moved into mg (what was there freed). A level's refit (adx__mg_ordinal_fit's retry from
 * mg->start) tests against the level before, which the failed first attempt replaced;
 * mg_compare.c carries one model's Jacobian into the other's fit. */
int adx__omg_prev_save(const adx__mg_t *mg, adx__mg_t *kept);
void adx__omg_prev_restore(adx__mg_t *mg, adx__mg_t *kept);
/* compare.c: lavaan's lav_test_diff_m10 start: the free parameters of rows p1 (n1 of them)
 * at the values of the same rows (lhs op rhs, either order for ~~) of p0 (n0), 0 for those
 * p0 lacks, through scale and offset, into th[map ? map[free - 1] : free - 1]. */
void adx__sem_m10_theta(const adx_sem_param_t *p0, size_t n0, const adx_sem_param_t *p1,
                        size_t n1, const size_t *map, double *th);

/* mg_ordinal.c: Satorra's (2000) scaled-shifted difference of two single-group ordinal fits
 * on the same ns statistics (lavTestLRT's default for WLSMV / ULSMV), by the multi-group
 * test with one group: D1 (ns x q1, the less restricted model 1) and D0 (ns x q0) at the
 * two estimates, the weights w (ns), Gamma (ns x ns), T and df of model 0 (restricted) and
 * model 1. NaN when it is not defined. */
double adx__ord_diff_single(double *D1, size_t q1, double *D0, size_t q0, double *w,
                            double *gam, size_t ns, const double T[2], const double df[2]);

#endif
