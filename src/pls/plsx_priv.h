/* Private to src/pls/{xfit,predict,ipma,mga,xreport}.c: PLSpredict, IPMA and multi-group
 * analysis, which re-estimate the model on subsets of the rows. */
#ifndef ADX_PLSX_PRIV_H
#define ADX_PLSX_PRIV_H

#include "pls_priv.h"

/* One estimate on a subset of the rows: the subset's item means and SDs (n - 1), its item
 * correlations and block inverses, and the estimates. */
typedef struct {
    double *mean, *sd; /* ni each */
    double *s, *rinv;  /* ni x ni */
    adx__pls_est_t e;
} adx__plsx_fit_t;

int adx__plsx_open(adx__plsx_fit_t *f, const adx_pls_t *r);
void adx__plsx_close(adx__plsx_fit_t *f);

/* Estimates the model on the m rows `rows` of raw (a missing cell is replaced by the mean
 * of the item over the observed cells of those rows). 0, or -1 when the subset is
 * degenerate (an item without values or variance, a singular block) or the estimation
 * fails; a fit that does not converge is kept (f->e.converged 0). */
int adx__plsx_fit(const adx_pls_t *r, const adx__pls_data_t *d0, const adx__pls_raw_t *raw,
                  const size_t *rows, size_t m, const adx_pls_options_t *o, adx__plsx_fit_t *f);

/* The three analyses (o asks for each). raw: the model's items, row-major, NaN missing. */
adx_error_t adx__plsx_predict(adx_pls_t *r, const adx__pls_raw_t *raw, const adx__pls_data_t *d,
                              const adx_pls_options_t *o, adx_errctx_t *ctx);
adx_error_t adx__plsx_ipma(adx_pls_t *r, const adx__pls_raw_t *raw, const adx_pls_options_t *o,
                           adx_errctx_t *ctx);
adx_error_t adx__plsx_mga(adx_pls_t *r, const adx_dataset_t *ds, const adx__pls_raw_t *raw,
                          const adx__pls_data_t *d, const adx_pls_options_t *o,
                          adx_errctx_t *ctx);
void adx__plsx_predict_free(adx_pls_predict_t *p);
void adx__plsx_ipma_free(adx_pls_ipma_t *p);
void adx__plsx_mga_free(adx_pls_mga_t *p);

/* Tables, figure and JSON of each (xreport.c dispatches). */
adx_error_t adx__plsx_ipma_report(const adx_pls_t *r, adx_report_t *rep);
adx_error_t adx__plsx_mga_report(const adx_pls_t *r, adx_report_t *rep);
struct cJSON *adx__plsx_ipma_json(const adx_pls_t *r);
struct cJSON *adx__plsx_mga_json(const adx_pls_t *r);

/* Adds a row to t: ntext text cells, then numbers v by kinds ('f' 3 decimals, 'p' p-value,
 * 't' yes when v > 0 else no; the string ends the row). */
adx_error_t adx__plsx_row(adx_table_t *t, const char *const *text, size_t ntext,
                         const double *v, const char *kinds);
/* t when rc is ADX_OK; else frees t and gives NULL. */
adx_table_t *adx__plsx_done(adx_table_t *t, adx_error_t rc);

/* A copy of raw with every missing cell replaced by its item's mean over all rows (NULL
 * when memory runs out). */
double *adx__plsx_mean_replaced(const adx__pls_raw_t *raw);

/* 1 when construct c is the target of a path. */
int adx__plsx_endogenous(const adx_pls_t *r, size_t c);

#endif
