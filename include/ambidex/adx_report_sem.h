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
/* Which path diagram a CFA/SEM report draws (src/report/build_diagram.c): AUTO draws the
 * full model when it has at most 12 indicators (a CFA: 30), else the structural view;
 * FULL: every indicator in a box with its loading; STRUCTURAL: the latent variables
 * (their indicators counted inside, "(4 items)"), observed variables in regressions and
 * the structural paths; NONE: no diagram. */
typedef enum {
    ADX_DIAGRAM_AUTO = 0,
    ADX_DIAGRAM_FULL,
    ADX_DIAGRAM_STRUCTURAL,
    ADX_DIAGRAM_NONE
} adx_diagram_view_t;

/* adx_report_sem_data with the diagram view chosen. */
adx_error_t adx_report_sem_view(const adx_sem_t *s, const char *title, const adx_dataset_t *ds,
                                adx_diagram_view_t view, adx_report_t **out, adx_errctx_t *ctx);
/* The conceptual diagram of a model, from its syntax alone (before any data): the
 * variables and paths, parameter labels (e.g. H1) on the arrows. *svg: malloc'd SVG
 * (adx_figure_write writes it as .svg, .png or .pdf). */
adx_error_t adx_sem_diagram_svg(const adx_sem_syntax_t *syn, adx_diagram_view_t view, char **svg,
                                adx_errctx_t *ctx);

/* Measurement invariance across the groups of `group`: fit of each step and its test. */
adx_error_t adx_report_sem_invariance(const adx_sem_invariance_t *v, const char *group,
                                      adx_report_t **out, adx_errctx_t *ctx);
/* Appends the comparison of two models fitted to the same data (s the main one, s2 the
 * model of `other`): their chi2, df, scaled chi2 and scaling factors, AIC, BIC and the
 * difference test (chisq, df, p from adx_sem_scaled_diff); JSON key "compare". */
adx_error_t adx_report_add_sem_compare(adx_report_t *r, const adx_sem_t *s, const adx_sem_t *s2,
                                       const char *other, double chisq, double df, double p,
                                       adx_errctx_t *ctx);
/* The same for two multi-group fits (adx_sem_mg_compare; main_src the name of syn0's model,
 * other syn1's): df, chi2 and, scaled, the scaled chi2 and scaling factor of each (no AIC
 * and BIC), and the difference test; JSON key "compare" as adx_report_add_sem_compare's
 * without "aic" and "bic". */
adx_error_t adx_report_add_sem_mg_compare(adx_report_t *r, const adx_sem_mg_compare_t *c,
                                          const char *main_src, const char *other,
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
