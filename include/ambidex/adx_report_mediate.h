/* Report builder for mediation and conditional process models. */
#ifndef ADX_REPORT_MEDIATE_H
#define ADX_REPORT_MEDIATE_H

#include "ambidex/adx_mediate.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Report builder (src/report/build_mediate.c): equations, effects, bootstrap and
 * normal-theory tables, Baron & Kenny table; JSON keys in docs/mediate.md. */
adx_error_t adx_report_mediate(const adx_mediate_t *m, adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
