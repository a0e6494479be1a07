/* Report builders for the regression family: regress, moderate, iv
 * (src/report/build_regress.c, build_moderate.c, build_iv.c); the group tests'
 * builders are in adx_report_stats.h. JSON keys: docs/regress.md. */
#ifndef ADX_REPORT_REGRESS_H
#define ADX_REPORT_REGRESS_H

#include "ambidex/adx_regress.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

adx_error_t adx_report_regress(const adx_regress_t *r, adx_report_t **out, adx_errctx_t *ctx);
/* Appends the regression diagnostics figures of c to r: the normal P-P plot of the
 * standardized residuals (adx_casediag_pp) and the scatter plot of the standardized
 * residual against the standardized predicted value (SPSS *ZRESID by *ZPRED). Needs
 * the figure module (libambidex_ext.so) in the CLI. */
adx_error_t adx_report_residual_plots(const adx_casediag_t *c, adx_report_t *r,
                                      adx_errctx_t *ctx);
/* A single OLS fit (p names, intercept first): model summary, ANOVA, coefficients. */
adx_error_t adx_report_ols(const adx_ols_t *f, const char *dependent, const char *const *names,
                           const char *note, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_moderate(const adx_moderate_t *m, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_iv(const adx_iv_t *r, adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
