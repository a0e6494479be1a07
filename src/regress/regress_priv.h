/* Private to src/regress (not installed). */
#ifndef ADX_REGRESS_PRIV_H
#define ADX_REGRESS_PRIV_H

#include <stddef.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"

/* The variables of "A + B + C" (one block of a formula, parsed by adx_regress's
 * formula parser: names trimmed and looked up with a suggestion for a typo, a
 * repeated term kept once), which must all be plain numeric variables: vars gets up
 * to max dataset indices, *n their count. ADX_EUSAGE for an empty block, an empty
 * term, a product, log() or factor(); ADX_ENOVAR for an unknown name. */
adx_error_t adx__formula_plain(const adx_dataset_t *ds, const char *rhs, size_t *vars,
                               size_t max, size_t *n, adx_errctx_t *ctx);

#endif
