/* ambidex study files: one reproducible script from raw data to the report.
 *
 * A study file is line-oriented (docs/study.md). The library parses it, runs the
 * data steps itself (data, scale, reverse, compute, keep if, drop if) and the
 * layout steps (title, section, text), and hands every other step — the
 * analyses — to a callback, which is how the CLI makes each of its commands a
 * study step without the library depending on the CLI.
 */
#ifndef ADX_STUDY_H
#define ADX_STUDY_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_qual.h"
#include "ambidex/adx_report.h"
#include "ambidex/adx_report_models.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t line;      /* 1-based line where the step starts */
    char *command;    /* first word */
    char **args;      /* the remaining tokens (quotes removed; a {...} block is one token) */
    int *is_block;    /* args[i] came from a {...} block */
    size_t nargs;
    char *text;       /* the raw text after the command (quotes kept; continuation
                         lines joined; comment removed), for expressions */
} adx_study_step_t;

typedef struct {
    char *path;       /* the study file */
    char *dir;        /* its folder: relative data paths are taken from here */
    adx_study_step_t *steps;
    size_t nsteps;
} adx_study_t;

/* Parses a study file (syntax only: quotes, blocks, continuation lines).
 * Errors name the file, line and column. Caller frees with adx_study_free(). */
adx_error_t adx_study_parse(const char *path, adx_study_t **out, adx_errctx_t *ctx);
adx_error_t adx_study_parse_buffer(const char *text, const char *path, adx_study_t **out,
                                   adx_errctx_t *ctx);
void adx_study_free(adx_study_t *s);

/* The names of the steps the library runs itself (data, scale, compute, reverse,
 * keep, drop, title, section, subsection, text), NULL-terminated. Every other
 * step is an analysis, handed to the adx_study_exec_fn callback. */
const char *const *adx_study_builtin_steps(void);

/* Runs one analysis step on the current data; on success *out is the step's
 * report (ownership passes to the runner). `methods`, if set by the callback to
 * a malloc'd sentence, goes into the methods paragraph. */
typedef adx_error_t (*adx_study_exec_fn)(void *user, const adx_study_step_t *step,
                                         const adx_dataset_t *ds, adx_report_t **out,
                                         char **methods, adx_errctx_t *ctx);

typedef struct {
    int check_only;   /* parse and run data steps, but not the analyses */
    adx_labels_t labels; /* variable labels in the tables (default ADX_LABELS_LABELS:
                            the label where the data or a `label` step give one) */
} adx_study_options_t;

void adx_study_options_init(adx_study_options_t *o);

/* Runs the study: the report holds the title, a "Data" section with the
 * cleaning log, a methods paragraph and every step's tables, numbered. Errors
 * are prefixed with "FILE:LINE: ". Caller owns *report. */
adx_error_t adx_study_run(const adx_study_t *s, const adx_study_options_t *o,
                          adx_study_exec_fn exec, void *user, adx_report_t **report,
                          adx_errctx_t *ctx);

/* ---- Canned studies (src/study/qreport.c) ------------------------------------ */

/* The results section of a qualitative study in one report: case table,
 * code frequencies and hierarchy figure, case x theme matrix and heatmap, leaf
 * code co-occurrence (heatmap, network), memos, quotes per theme grouped by case,
 * and (with two or more coders) agreement and disagreements. JSON keys: cases,
 * frequencies, matrix, cooccurrence, memos (when any), quotes (array, one per
 * theme), agreement. */
adx_error_t adx_report_qreport(const adx_qproject_t *p, const adx_qsel_t *s,
                               const char *const *attrs, size_t nattrs, adx_report_t **out,
                               adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
