/* Private to src/pls: the parsed model and the core PLS iteration. */
#ifndef ADX_PLS_PRIV_H
#define ADX_PLS_PRIV_H

#include "ambidex/adx_pls.h"

/* Parses the model text into the name, block and path fields of r (cname, mode, iname,
 * icon, adj, pfrom, pto and the counts); the numeric arrays are left NULL. */
adx_error_t adx__pls_parse(const char *text, adx_pls_t *r, adx_errctx_t *ctx);

/* The data of one fit: standardized indicators and the block correlation inverses. */
typedef struct {
    size_t n, nc, ni;
    const double *z;        /* n x ni, column-major, standardized (n - 1) */
    const size_t *bstart, *blen; /* items of construct c: bstart[c] .. + blen[c] */
    const char *mode;
    const double *rinv;     /* ni x ni: block-diagonal inverses of the item correlations
                               (block b at [bstart, bstart] of a ni x ni matrix) */
} adx__pls_data_t;

/* One PLS estimation with the structural adjacency adj (nc x nc, from * nc + to):
 * w (ni) the outer weights, f (n x nc) the scores; iterations and convergence flag. */
adx_error_t adx__pls_core(const adx__pls_data_t *d, const unsigned char *adj,
                          const adx_pls_options_t *o, double *w, double *f, int *iters,
                          int *converged, adx_errctx_t *ctx);

/* Regression of construct j on the constructs ant[0..k-1] from the correlation matrix
 * c (nc x nc): beta (k), returns R^2 (NaN with ctx set when singular). */
double adx__pls_reg(const double *c, size_t nc, const size_t *ant, size_t k, size_t j,
                    double *beta);

/* Correlation (n - 1) matrix of the nc columns of f (n rows): out nc x nc. */
void adx__pls_cor(const double *f, size_t n, size_t nc, double *out);

/* The quality criteria of a fitted r (weights, loadings, scores set): alpha, rho_A,
 * rho_C, AVE, HTMT, outer and inner VIF, R^2 and f^2 (re-estimating without each path). */
adx_error_t adx__pls_quality(adx_pls_t *r, const adx__pls_data_t *d, const double *rz,
                             const adx_pls_options_t *o, adx_errctx_t *ctx);

/* The results as a cJSON tree (NULL when memory runs out); the caller deletes it. */
struct cJSON *adx__pls_json_tree(const adx_pls_t *r);

#endif
