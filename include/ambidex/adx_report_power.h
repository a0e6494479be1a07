/* Report builders for power analyses (src/report/build_power.c). JSON keys:
 * docs/power.md. */
#ifndef ADX_REPORT_POWER_H
#define ADX_REPORT_POWER_H

#include "ambidex/adx_power.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Closed form: o the inputs, r the result of adx_power_closed. */
adx_error_t adx_report_power_closed(const adx_power_options_t *o, const adx_power_result_t *r,
                                    adx_report_t **out, adx_errctx_t *ctx);
/* Monte Carlo for mediation: o the inputs, r the result of adx_power_mediate. */
adx_error_t adx_report_power_mediate(const adx_pmed_options_t *o, const adx_pmed_t *r,
                                     adx_report_t **out, adx_errctx_t *ctx);
/* Monte Carlo for any SEM: o the inputs, r the result of adx_power_sem. */
adx_error_t adx_report_power_sem(const adx_psem_options_t *o, const adx_psem_t *r,
                                 adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif

#endif
