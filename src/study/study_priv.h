/* Private to src/study: the named results of a run and the `table` step (table.c). */
#ifndef ADX_STUDY_PRIV_H
#define ADX_STUDY_PRIV_H

#include <cjson/cJSON.h>

#include "ambidex/adx_report_models.h"
#include "ambidex/adx_study.h"

/* A step run with --name NAME: its command and its JSON result (owned by the run's
 * "steps" array). */
typedef struct {
    char *name;
    const char *command;
    cJSON *result;
} adx__named_t;

/* `table models NAME... [options]`: the table of the named models (labels from
 * `labels`, may be NULL). With check set, only the options are checked. */
adx_error_t adx__study_table(const adx_study_step_t *st, const adx__named_t *named,
                             size_t nnamed, const adx_dataset_t *labels, int check,
                             adx_report_t **out, adx_errctx_t *ctx);

#endif
