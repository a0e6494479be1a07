/* Private to src/pls: the parsed model, the core PLS iteration and the estimates shared by
 * the fit and the bootstrap. */
#ifndef ADX_PLS_PRIV_H
#define ADX_PLS_PRIV_H

#include "ambidex/adx_pls.h"

/* Small systems (antecedents of one construct) are solved in stack arrays. */
#define ADX__PLS_SMALL 16

/* Parses the model text into the name, block and path fields of r (cname, mode, iname,
 * icon, adj, pfrom, pto and the counts); the numeric arrays are left NULL. */
adx_error_t adx__pls_parse(const char *text, adx_pls_t *r, adx_errctx_t *ctx);

/* The data of one fit: the indicator correlations, standardized indicators (may be NULL in
 * the bootstrap) and the block correlation inverses. */
typedef struct {
    size_t n, nc, ni;
    const double *z;        /* n x ni, column-major, standardized (n - 1); NULL: not kept */
    const size_t *bstart, *blen; /* items of construct c: bstart[c] .. + blen[c] */
    const char *mode;
    const double *s;        /* ni x ni item correlation matrix */
    const double *rinv;     /* ni x ni: block-diagonal inverses of the item correlations
                               (block b at [bstart, bstart] of a ni x ni matrix) */
} adx__pls_data_t;

/* One PLS estimation with the structural adjacency adj (nc x nc, from * nc + to):
 * w (ni) the outer weights, c (nc x nc) the score correlations; iterations and
 * convergence flag. */
adx_error_t adx__pls_core(const adx__pls_data_t *d, const unsigned char *adj,
                          const adx_pls_options_t *o, double *w, double *c, int *iters,
                          int *converged, adx_errctx_t *ctx);

/* Scores f (n x nc, column-major) = Z w; needs d->z. */
void adx__pls_scores(const adx__pls_data_t *d, const double *w, double *f);

/* Regression of construct j on the constructs ant[0..k-1] from the correlation matrix
 * c (nc x nc): beta (k), returns R^2 (NaN when singular). */
double adx__pls_reg(const double *c, size_t nc, const size_t *ant, size_t k, size_t j,
                    double *beta);

/* Correlation (n - 1) matrix of the nc columns of f (n rows): out nc x nc. */
void adx__pls_cor(const double *f, size_t n, size_t nc, double *out);

/* Block-diagonal inverses of the item correlations of d (into rinv, ni x ni); ADX_ESINGULAR
 * with the construct named when a block is singular. */
adx_error_t adx__pls_block_inverses(const adx_pls_t *r, const adx__pls_data_t *d, double *rinv,
                                    adx_errctx_t *ctx);

/* The estimates of one fit (the numbers the bootstrap resamples). */
typedef struct {
    double *w, *load;   /* ni: weights, loadings (PLSc-corrected for consistent mode A) */
    double *c, *cc;     /* nc x nc: score correlations; PLSc-corrected (= c otherwise) */
    double *rho_a, *r2; /* nc (r2 NaN for exogenous) */
    double *coef;       /* npaths */
    double *total;      /* nc x nc total effects [from * nc + to] */
    double *htmt;       /* nc x nc, NaN diagonal */
    int iterations, converged;
} adx__pls_est_t;

adx_error_t adx__pls_est_alloc(adx__pls_est_t *e, size_t nc, size_t ni, size_t np);
void adx__pls_est_free(adx__pls_est_t *e);

/* Runs the iteration and computes every number of e from d (model structure from r). */
adx_error_t adx__pls_estimate(const adx_pls_t *r, const adx__pls_data_t *d,
                              const adx_pls_options_t *o, adx__pls_est_t *e, adx_errctx_t *ctx);

/* rho_A (Dijkstra-Henseler) of every construct for the weights w; 1 for mode B and single
 * items. */
void adx__pls_rho_a(const adx_pls_t *r, const adx__pls_data_t *d, const double *w, double *rho);

/* PLSc: score correlations corrected for attenuation, c_ij / sqrt(rho_i rho_j). */
void adx__pls_disattenuate(double *c, size_t nc, const double *rho);

/* The quality criteria of a fitted r (weights, loadings, scores, coef, r2 set): alpha,
 * rho_C, AVE, outer and inner VIF, adjusted R^2, f^2 (re-estimating without each path),
 * Fornell-Larcker, cross-loadings, indirect effects, SRMR / d_ULS / d_G. */
adx_error_t adx__pls_quality(adx_pls_t *r, const adx__pls_data_t *d, const adx__pls_est_t *e,
                             const adx_pls_options_t *o, adx_errctx_t *ctx);

/* Specific indirect effects: every directed chain with at least one mediator, into
 * r->ind_*. */
adx_error_t adx__pls_indirect(adx_pls_t *r, adx_errctx_t *ctx);

/* SRMR, d_ULS and d_G of the saturated and the estimated model into r->srmr, d_uls, d_g. */
adx_error_t adx__pls_fit_indices(adx_pls_t *r, const adx__pls_data_t *d, const adx__pls_est_t *e,
                                 adx_errctx_t *ctx);

/* The raw indicator values, row-major (n x ni, NaN for a missing cell): the bootstrap
 * resamples rows of it. */
typedef struct {
    size_t n, ni;
    const double *x;
} adx__pls_raw_t;

/* The bootstrap of r (fitted; options o with o->boot > 0) into r->boot. */
adx_error_t adx__pls_boot(adx_pls_t *r, const adx__pls_raw_t *raw, const adx__pls_data_t *d,
                          const adx_pls_options_t *o, adx_errctx_t *ctx);
void adx__pls_boot_free(adx_pls_boot_t *b);
/* The bootstrapped statistics of r (count; kind/index filled when not NULL), the results
 * object for ns of them, and the summaries from the values (vals: ns x B, jk: ns x n or
 * NULL for no BCa; statistic-major, NaN for a failed resample) into b, attached to r when
 * rc is ADX_OK; frees vals, jk and (on error) b (for stages.c). */
size_t adx__pls_boot_stats(const adx_pls_t *r, adx_pls_stat_t *kind, size_t *index);
adx_pls_boot_t *adx__pls_boot_alloc(size_t ns);
adx_error_t adx__pls_boot_finish(adx_pls_t *r, const adx_pls_options_t *o, adx_pls_boot_t *b,
                                 double *vals, double *jk, adx_error_t rc, adx_errctx_t *ctx);

/* The results as a cJSON tree (NULL when memory runs out); the caller deletes it. */
struct cJSON *adx__pls_json_tree(const adx_pls_t *r);

/* Interaction terms and higher-order constructs (stages.c): */
/* adx_pls of a model without interaction terms or higher-order constructs. */
adx_error_t adx__pls_plain(const adx_dataset_t *ds, const char *model,
                           const adx_pls_options_t *o, adx_pls_t **out, adx_errctx_t *ctx);
/* Missing cells replaced by the item's mean, then z-scores (n - 1), for the r->ni items at
 * ds columns idx into z (n x ni, column-major). */
adx_error_t adx__pls_standardize(const adx_dataset_t *ds, const adx_pls_t *r, const size_t *idx,
                                 double *z, adx_errctx_t *ctx);
/* HTMT of every pair of blocks of d into h (nc x nc, NaN diagonal); mono: nc scratch. */
void adx__pls_htmt(const adx__pls_data_t *d, double *h, double *mono);
/* The path diagram figure of r added to rep (diagram.c); ADX_ENOMEM only (a diagram that
 * Graphviz cannot draw is left out). */
adx_error_t adx__pls_diagram(const adx_pls_t *r, adx_report_t *rep);
/* PLSpredict, IPMA and multi-group analysis (predict.c, ipma.c, mga.c, xfit.c) when o asks
 * for them, into r->predict, r->ipma, r->mga; their tables and JSON. */
adx_error_t adx__pls_x(adx_pls_t *r, const adx_dataset_t *ds, const size_t *idx,
                       const adx__pls_data_t *d, const adx_pls_options_t *o, adx_errctx_t *ctx);
void adx__pls_x_free(adx_pls_t *r);
adx_error_t adx__pls_x_report(const adx_pls_t *r, adx_report_t *rep);
void adx__pls_x_json(const adx_pls_t *r, struct cJSON *root);

#endif
