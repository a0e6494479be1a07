/* Report builders for describe, freq, corr (src/report/build_basic.c) and the group
 * tests (build_groups.c). JSON keys:
 * docs/basics.md. */
#ifndef ADX_REPORT_STATS_H
#define ADX_REPORT_STATS_H

#include "ambidex/adx_report.h"
#include "ambidex/adx_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

adx_error_t adx_report_describe(const adx_describe_t *d, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_freq(const adx_freq_t *f, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_corr(const adx_corr_t *c, adx_report_t **out, adx_errctx_t *ctx);
/* Appends the marker-variable adjustment table to r (a correlation report), its JSON
 * under r's key "marker" (src/report/build_cmv.c). */
adx_error_t adx_report_add_marker(adx_report_t *r, const adx_marker_t *m, adx_errctx_t *ctx);
/* Group tests (src/report/build_groups.c; JSON keys: docs/regress.md). */
adx_error_t adx_report_ttest(const adx_ttest_t *t, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_ttest1(const adx_ttest1_t *t, int paired, adx_report_t **out,
                              adx_errctx_t *ctx);
adx_error_t adx_report_anova(const adx_anova_t *a, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_crosstab(const adx_crosstab_t *c, adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
