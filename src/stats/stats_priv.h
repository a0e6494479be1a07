/* Private cross-file functions of src/stats. */
#ifndef ADX_STATS_PRIV_H
#define ADX_STATS_PRIV_H

#include "ambidex/adx_stats.h"

/* Levene's tests and the post-hoc tests of o for the filled one-way ANOVA A; lev[i] is
 * case i's level index in A (or -1), y its value (src/stats/posthoc.c). */
adx_error_t adx__anova_extras(adx_anova_t *A, const double *y, const long *lev, size_t nrows,
                              const adx_anova_options_t *o, adx_errctx_t *ctx);

#endif
