/* Private helpers shared by the files of src/sem. */
#ifndef ADX_SEM_PRIV_H
#define ADX_SEM_PRIV_H

#include <stddef.h>

#include "ambidex/adx_sem.h"
#include "../base/base.h"

/* Arithmetic expression of a := definition: numbers, labels, + - * / ^,
 * unary minus, parentheses and exp(), log(), sqrt(), abs(). */
typedef struct adx_expr adx__expr_t;

/* Parses s; on error returns NULL and sets *errpos to the 0-based offset. */
adx__expr_t *adx__expr_parse(const char *s, size_t *errpos, const char **errmsg);
void adx__expr_free(adx__expr_t *e);
/* Evaluates e; lookup returns 0 and sets *v for a known name, else -1 (the
 * name is stored in *unknown). */
typedef int (*adx__expr_lookup_fn)(void *ud, const char *name, double *v);
int adx__expr_eval(const adx__expr_t *e, adx__expr_lookup_fn lookup, void *ud, double *out,
                  const char **unknown);

/* Missing-data patterns for full-information ML: per pattern the number of
 * cases, the observed variables and their mean and covariance (divisor n_g),
 * plus the saturated (h1) moments from EM. */
struct adx_sem_fiml {
    size_t npat, N;
    size_t *pn, *pk, *po, *pc; /* cases, observed count, offset in oidx/pmean, offset in pcov */
    size_t *oidx;
    double *pmean, *pcov;
    double *h1_mean, *h1_cov;  /* p, p x p */
    double logl_h1, c_h1;      /* saturated log-likelihood; F constant at h1 */
    double logl_baseline;      /* independence, the exogenous covariates' block saturated */
    double logl_x;             /* saturated log-likelihood of that block alone (0 if none) */
    double *work;              /* per-pattern Sigma_g^-1 (sum k^2) and r_g (sum k) */
    double *cases;             /* N x p (leading dimension N) values of the cases sorted
                                * by pattern (pattern g's pn[g] rows follow g - 1's),
                                * NaN = missing: casewise scores of MLR (robust.c) */
    double *rwork;
    size_t *pat_of;            /* a resample (adx__sem_fiml_resample): the source pattern
                                * of each source case; NULL in a fit */
};

void adx__sem_fiml_free(struct adx_sem_fiml *f);
/* 1 if observed variable v is an exogenous covariate (lavaan's ov.x): a predictor
 * in some regression, never regressed on anything and not an indicator. */
int adx__sem_is_ov_x(const adx_sem_t *s, size_t v);
/* Builds s->fiml from X (n cases x p, column-major with leading dimension ld,
 * NaN = missing): patterns, EM saturated moments, baseline. */
adx_error_t adx__sem_fiml_prepare(adx_sem_t *s, const double *X, size_t n, size_t ld,
                                 adx_errctx_t *ctx);

/* A bootstrap resample of the cases of f (the FIML fit of s): r takes f's patterns
 * (pk, po, pc, oidx shared, not owned) with its own counts, pattern moments and
 * saturated moments. alloc: 0, or -1 when memory runs out (free with
 * adx__sem_fiml_resample_free either way). resample: the n cases idx (indices into
 * f->cases) into r, EM from f's saturated moments, r->c_h1; -1 when EM fails. */
int adx__sem_fiml_resample_alloc(const struct adx_sem_fiml *f, size_t p,
                                 struct adx_sem_fiml *r);
void adx__sem_fiml_resample_free(struct adx_sem_fiml *r);
int adx__sem_fiml_resample(const adx_sem_t *s, const struct adx_sem_fiml *f, const size_t *idx,
                           size_t n, struct adx_sem_fiml *r);

/* The expected information of the saturated moments under f's missing-data patterns
 * (lavaan's lav_mvnorm_missing_information_expected) at the covariance Sig (p x p) as a
 * bilinear form over nd directions: dS (nd p x p blocks, symmetric) and dm (nd p-vectors,
 * NULL: none) into H (nd x nd), H_ab = sum_g (n_g/N) [dm_a,o' P_g dm_b,o +
 * 1/2 tr(P_g dS_a,oo P_g dS_b,oo)], P_g = Sigma_oo^-1 over pattern g's observed variables.
 * 0, -1 when memory runs out, 1 when some Sigma_oo is not positive definite. */
int adx__sem_fiml_info(const struct adx_sem_fiml *f, size_t p, const double *Sig, size_t nd,
                       const double *dS, const double *dm, double *H);

void adx__sem_validity_free(adx_sem_validity_t *v);

/* Ordinal indicators (ordinal.c): frees s->ordinal's results; fits s (opt.ordered) to
 * the n complete cases of X (n x p, leading dimension ld, the observed variables in
 * model order) by WLSMV or ULSMV. */
void adx__sem_ordinal_free(adx_sem_ordinal_t *o);
adx_error_t adx__sem_fit_ordinal(adx_sem_t *s, const double *X, size_t n, size_t ld,
                                 adx_errctx_t *ctx);

/* adx_sem_build for group `group` of `ngroups` (its c() modifiers; adx_sem_build is
 * group 0 of 1). */
adx_error_t adx__sem_build_group(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                                 size_t group, size_t ngroups, adx_sem_t **out,
                                 adx_errctx_t *ctx);
/* The constraint lines of syn (constr.c) on the built model s: linear equalities
 * into the scale/offset mapping of the rows (fewer free parameters), '<' and '>'
 * bounds into lower/upper. ADX_EPARSE naming the line on a constraint it cannot
 * take (unknown label, nonlinear, inconsistent). */
adx_error_t adx__sem_constraints(adx_sem_t *s, const adx_sem_syntax_t *syn, adx_errctx_t *ctx);
/* The row labelled name (not a := row), or NULL. */
const adx_sem_param_t *adx__sem_label_row(const adx_sem_t *s, const char *name);
/* ADX_EPARSE "SOURCE:LINE:COL: 'lhs op rhs': why" for constraint line k. */
adx_error_t adx__sem_constr_err(const adx_sem_t *s, const adx_sem_constr_t *k,
                                adx_errctx_t *ctx, const char *why);
/* General constraints (gcon.c): the n lines of list that the row mapping cannot take
 * (linear equalities over three or more free parameters, nonlinear ones, and then every
 * inequality) into s->gcon, over the free parameters of s as mapped. */
adx_error_t adx__sem_gcon_build(adx_sem_t *s, const adx_sem_constr_t *const *list, size_t n,
                                adx_errctx_t *ctx);
void adx__sem_gcon_free(struct adx__sem_gcon *g);
/* Independent equalities of s->gcon at theta (the rank of their Jacobian, lavaan's
 * reduction of npar and df); 0 without. */
size_t adx__sem_gcon_neq(const adx_sem_t *s, const double *th);
/* Inequalities of s->gcon active at theta (within lavaan's slack 1e-5). */
size_t adx__sem_gcon_nactive(const adx_sem_t *s, const double *th);
/* The orthonormal null space N (q x *r, allocated) of the Jacobian of the equalities and
 * active inequalities of s->gcon at theta; -1 when memory runs out or a constraint is
 * not defined there. */
int adx__sem_gcon_null(const adx_sem_t *s, const double *th, double **N, size_t *r);

/* The same over any parameter vector (multi-group fits: the global one): look gives the
 * value of a label at theta (q of them; 0, or -1 for an unknown label), src names the
 * syntax in messages. adx__sem_gcon_build is adx__gcon_build over s's labels. */
typedef int (*adx__gcon_lookup_fn)(const void *ud, const char *name, const double *th,
                                   double *v);
adx_error_t adx__gcon_build(struct adx__sem_gcon **out, size_t q, adx__gcon_lookup_fn look,
                            const void *lud, const adx_sem_t *src,
                            const adx_sem_constr_t *const *list, size_t n, adx_errctx_t *ctx);
size_t adx__gcon_neq(const struct adx__sem_gcon *g, const double *th);
size_t adx__gcon_nactive(const struct adx__sem_gcon *g, const double *th);
int adx__gcon_null(const struct adx__sem_gcon *g, const double *th, double **N, size_t *r);
/* The same without the rows of line `skip` (0-based, the order of the list built from;
 * >= adx__gcon_nlines: none): lavTestScore's release of one constraint line. */
int adx__gcon_null_without(const struct adx__sem_gcon *g, const double *th, size_t skip,
                           double **N, size_t *r);
/* The number of lines g was built from, and 1 when one is an inequality. */
size_t adx__gcon_nlines(const struct adx__sem_gcon *g);
int adx__gcon_has_ineq(const struct adx__sem_gcon *g);
/* V = N (N' H N)^-1 N' (q x q) with N the null space above at th: 0, 1 when N' H N is
 * singular, -1 when memory runs out. */
int adx__gcon_proj_inverse(const struct adx__sem_gcon *g, const double *H, const double *th,
                           size_t q, double *V);
/* The ordinal fit (ordinal.c) fixes free parameters: keep[k] (0-based, the numbering g
 * was built on) 0 for the ones dropped, the rest numbered again in order. Call before the
 * model's rows are renumbered. 0, 1 when a constraint involves a dropped parameter
 * (g unchanged), -1 when memory runs out or the constraints are undefined. */
int adx__gcon_drop(struct adx__sem_gcon *g, const int *keep);
/* Reciprocal condition number of H (q x q) scaled to unit diagonal (vcov.c): 0 when not
 * positive definite, -1 when memory runs out. */
double adx__sem_scaled_rcond(const double *H, size_t q);

/* bootstrap.c: the boot_* fields of pr from its k usable replicates (col, sorted here),
 * with the jackknife acceleration accel (NaN: no BCa). */
void adx__sem_boot_row(adx_sem_param_t *pr, double *col, size_t k, double accel, double level);

/* multigroup.c: the group label of case i (a string, or a number printed %.15g into buf);
 * NULL when missing. */
const char *adx__mg_group_label(const adx_variable_t *gvar, size_t i, char buf[64]);

#endif
