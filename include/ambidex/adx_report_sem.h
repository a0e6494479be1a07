/* Report builders for CFA/SEM (src/report/build_sem.c). JSON keys: docs/sem.md. */
#ifndef ADX_REPORT_SEM_H
#define ADX_REPORT_SEM_H

#include "ambidex/adx_report.h"
#include "ambidex/adx_sem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Report: fit table, parameter table, R2, and validity tables if computed. */
adx_error_t adx_report_sem(const adx_sem_t *s, const char *title, adx_report_t **out,
                           adx_errctx_t *ctx);
/* The same; with the data the model was fitted to (may be NULL), the validity tables
 * also give the means and SDs of the constructs' unit-weighted scale scores. */
adx_error_t adx_report_sem_data(const adx_sem_t *s, const char *title, const adx_dataset_t *ds,
                                adx_report_t **out, adx_errctx_t *ctx);
/* Measurement invariance across the groups of `group`: fit of each step and its test. */
adx_error_t adx_report_sem_invariance(const adx_sem_invariance_t *v, const char *group,
                                      adx_report_t **out, adx_errctx_t *ctx);
/* Appends the comparison of two models fitted to the same data (s the main one, s2 the
 * model of `other`): their chi2, df, scaled chi2 and scaling factors, AIC, BIC and the
 * difference test (chisq, df, p from adx_sem_scaled_diff); JSON key "compare". */
adx_error_t adx_report_add_sem_compare(adx_report_t *r, const adx_sem_t *s, const adx_sem_t *s2,
                                       const char *other, double chisq, double df, double p,
                                       adx_errctx_t *ctx);
/* The same with the group.partial text (or NULL) in the notes; per-group parameter tables
 * of the first model (configural, or the one group.equal fit) in every format, every
 * model's in the JSON. */
adx_error_t adx_report_sem_multigroup(const adx_sem_invariance_t *v, const char *group,
                                      const char *partial, adx_report_t **out,
                                      adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
