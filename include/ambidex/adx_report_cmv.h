/* Report builders for the generated SEM models of adx_sem_cmv.h (src/report/build_cmv.c):
 * the method-factor comparison. JSON keys: docs/sem.md. */
#ifndef ADX_REPORT_CMV_H
#define ADX_REPORT_CMV_H

#include "ambidex/adx_report.h"
#include "ambidex/adx_sem_cmv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Appends the fit comparison and the loadings with and without the method factor to r
 * (a CFA report), its JSON under r's key "method_factor"; syntax (may be NULL) is the
 * generated model text, quoted in a note. */
adx_error_t adx_report_add_sem_method(adx_report_t *r, const adx_sem_method_t *m,
                                      const char *syntax, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
