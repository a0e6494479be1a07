/* Private to src/regress (not installed). */
#ifndef ADX_REGRESS_PRIV_H
#define ADX_REGRESS_PRIV_H

#include <stddef.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"

/* The variables of "A + B + C" (one block of a formula, parsed by adx_regress's
 * formula parser: names trimmed and looked up with a suggestion for a typo, a
 * repeated term kept once), which must all be plain numeric variables: vars gets up
 * to max dataset indices, *n their count. ADX_EUSAGE for an empty block, an empty
 * term, a product, log() or factor(); ADX_ENOVAR for an unknown name. */
adx_error_t adx__formula_plain(const adx_dataset_t *ds, const char *rhs, size_t *vars,
                               size_t max, size_t *n, adx_errctx_t *ctx);

/* Allocates the p-vectors and p x p matrices of f (f->p set): 0, or -1 when out of
 * memory (adx_ols_free releases what was allocated). */
int adx__ols_arrays(adx_ols_t *f);
/* se, t (df_res), p-value and ci_level CI of every coefficient from f->cov. */
void adx__ols_inference(adx_ols_t *f, double ci_level);

/* Case diagnostics of fit F (made with keep_resid) whose cases are dataset rows `rows`
 * (src/regress/casediag.c). */
adx_error_t adx__casediag(const adx_ols_t *F, const size_t *rows, adx_casediag_t **out,
                          adx_errctx_t *ctx);

#endif
