/* Report builders for the measurement analyses (tables + JSON). The JSON keys
 * are documented in docs/measure.md. */
#ifndef ADX_REPORT_MEASURE_H
#define ADX_REPORT_MEASURE_H

#include "ambidex/adx_measure.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

adx_error_t adx_report_alpha(const adx_alpha_t *a, adx_report_t **out, adx_errctx_t *ctx);
/* Omega hierarchical (src/report/build_omega.c). */
adx_error_t adx_report_omega(const adx_omega_t *w, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_pca(const adx_pca_t *p, const adx_pca_options_t *o, adx_report_t **out,
                           adx_errctx_t *ctx);
adx_error_t adx_report_efa(const adx_efa_t *e, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_harman(const adx_harman_t *h, adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
