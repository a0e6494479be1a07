/* Private cross-file functions of src/stats. */
#ifndef ADX_STATS_PRIV_H
#define ADX_STATS_PRIV_H

#include <gsl/gsl_integration.h>

#include "ambidex/adx_stats.h"

/* Levene's tests and the post-hoc tests of o for the filled one-way ANOVA A; lev[i] is
 * case i's level index in A (or -1), y its value (src/stats/posthoc.c). */
adx_error_t adx__anova_extras(adx_anova_t *A, const double *y, const long *lev, size_t nrows,
                              const adx_anova_options_t *o, adx_errctx_t *ctx);

/* Fisher's exact two-sided p of the nr x nc table of counts (row-major); *p = NaN when
 * the enumeration would pass max_nodes nodes (src/stats/fisher.c). */
adx_error_t adx__fisher_exact(const double *count, size_t nr, size_t nc, double max_nodes,
                              double *p, adx_errctx_t *ctx);

/* Monte Carlo two-sided p of Fisher's test from B random tables with the margins of the
 * nr x nc table of counts; table b uses RNG stream b of seed (src/stats/fisher_mc.c). */
adx_error_t adx__fisher_mc(const double *count, size_t nr, size_t nc, long B, uint64_t seed,
                           double *p, adx_errctx_t *ctx);

/* One-sided hypergeometric p of a 2 x 2 table c = {a, b, c, d}: P(X <= a), P(X >= a). */
void adx__fisher_2x2_onesided(const double *c, double *less, double *greater);

/* Fills c (k, names set) with the polychoric correlations of vars (listwise): r,
 * n, Wald p, the complete cases' means and SDs and c->poly; numeric (k flags or NULL):
 * continuous variables, polyserial / Pearson (src/stats/polyserial.c). */
adx_error_t adx__corr_polychoric(const adx_dataset_t *ds, const size_t *vars,
                                 const unsigned char *numeric, adx_corr_t *c, adx_errctx_t *ctx);

/* ---- polychoric.c / polyserial.c: the working state of the two-step estimates ---- */
#include <gsl/gsl_integration.h>

typedef struct {
    size_t n, k, nth, np, nstat; /* nth: thresholds and means, then the continuous variables'
                                    variances (the univariate block); np pairs */
    int *cat;          /* n x k category codes 0..ncat-1 (ordered variables) */
    double *cut;       /* per variable ncat + 1 cut points (infinite ends) */
    size_t *cut_off;   /* k */
    double *tab;       /* work: largest ca x cb table */
    double *F, *pi, *dpi;
    gsl_integration_workspace *ws;
    double *z;         /* n x k: continuous variables standardized (mean, ML SD), or NULL */
    size_t *var_slot;  /* k: index of a continuous variable's variance in the statistics */
} adx__poly_work_t;

double adx__npdf(double x); /* standard normal density and CDF, 0 / 0-1 at infinities */
double adx__ncdf(double x);

/* One case of a polyserial pair: the continuous variable's z and the ordered one's interval
 * [lo, hi] (infinite ends allowed) at the correlation rho: the category probability p
 * (at least DBL_EPSILON), R = sqrt(1 - rho^2), the densities at the two standardized
 * limits and the score in rho (src/stats/polyserial.c). */
typedef struct {
    double p, R, phi1, phi2, s_rho;
} adx__ps_case_t;
adx__ps_case_t adx__ps_case(double z, double hi, double lo, double rho);

/* Continuous variable j (column x): mean in its threshold slot, ML SD, z-scores, two
 * placeholder values (src/stats/polyserial.c). */
adx_error_t adx__poly_numeric_var(adx_polychoric_t *P, adx__poly_work_t *w, const double *x,
                                  size_t j, size_t *voff, adx_errctx_t *ctx);
/* The polyserial (or Pearson) correlation of the pair (i, j), one of them continuous. */
/* The correlation of two standardized variables (NaN: missing): the mean product, with
 * holes lavaan's pairwise ML (lav_bvreg_cor_twostep_fit); NaN without two cases. */
double adx__poly_pearson_fit(const double *z1, const double *z2, size_t n);
adx_error_t adx__poly_mixed_fit(adx_polychoric_t *P, adx__poly_work_t *w, size_t i, size_t j,
                                adx_errctx_t *ctx);
/* Case-wise scores of a continuous variable's mean and variance into SC. */
void adx__poly_numeric_scores(const adx__poly_work_t *w, const adx_polychoric_t *P, size_t j,
                              double *SC);
/* Correlation scores of the pair p = (i, j) with one continuous variable, A21's row, A22. */
void adx__poly_mixed_scores(adx__poly_work_t *w, const adx_polychoric_t *P, size_t i, size_t j,
                            size_t p, double *SC, double *A21, double *A22);
/* Gamma of the correlations to that of the covariances (lavaan's H), mean rows negated. */
void adx__poly_to_cov(const adx__poly_work_t *w, adx_polychoric_t *P);

/* The bivariate normal: P(X <= h, Y <= k) with correlation r (|r| < 1, infinite limits
 * allowed; ws a workspace of 200 intervals) and the density at (h, k) (0 when either is
 * infinite); gamma = n Bi (SC'SC) Bi' of the n x ns case-wise scores SC and the inverse
 * bread Bi (ns x ns), Muthen's (1984) sandwich (src/stats/polychoric.c). */
double adx__bvn_cdf(double h, double k, double r, gsl_integration_workspace *ws);
double adx__bvn_pdf(double h, double k, double r);
adx_error_t adx__poly_sandwich(size_t n, size_t ns, const double *SC, const double *Bi,
                              double *gamma);

#endif
