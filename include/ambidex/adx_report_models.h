/* Models side by side (src/report/build_models.c): one table with a column per model of
 * earlier named study steps (regress blocks, sem models, mediate equations), the
 * coefficient with its t (or SE, p, CI) and stars, one row per predictor in the order
 * asked, fit rows at the bottom (seed 003's Table 4). And variable labels in tables. */
#ifndef ADX_REPORT_MODELS_H
#define ADX_REPORT_MODELS_H

#include "ambidex/adx_data.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cJSON;

/* One named step: its command ("regress", "sem", "cfa", "mediate") and its JSON result
 * (the step's machine output, as `--format json` writes it). Not owned. */
typedef struct {
    const char *name;
    const char *command;
    const struct cJSON *result;
    size_t only;          /* 0: every model of the step; k: its k-th model only (a block
                             of a regress step, an equation of a mediate step) */
} adx_model_ref_t;

typedef enum {
    ADX_MSTAT_T = 0, /* t (z for sem) in parentheses (default) */
    ADX_MSTAT_SE,    /* standard error in parentheses */
    ADX_MSTAT_P,     /* p-value in parentheses */
    ADX_MSTAT_CI,    /* confidence interval in brackets */
    ADX_MSTAT_NONE   /* the coefficient and its stars only */
} adx_mstat_t;

/* A row group: a label over a list of terms, in order. */
typedef struct {
    const char *label;      /* "Control paths"; NULL: no label */
    const char *const *terms;
    size_t nterms;
} adx_mgroup_t;

typedef struct {
    adx_mstat_t stat;
    int standardized;       /* beta (regress) / std.all (sem); mediate has none */
    const char *fit;        /* comma list of chisq, cfi, tli, nfi, rmsea, srmr, r2, adj_r2,
                               dr2, f, n; NULL: r2, adj_r2, n for regressions and chisq,
                               cfi, rmsea, srmr, n when a sem model is in the table */
    const adx_mgroup_t *groups; /* row order; terms no group names follow in the order
                                   they first appear */
    size_t ngroups;
    int intercept;          /* show the constant (default 0) */
    int decimals;           /* coefficient decimals (default 2, as published) */
    const char *title;      /* default "Results of the models" */
    const char *columns;    /* comma list of column headers ("Model 1,Model 2,Model 3a");
                               NULL or missing ones: "Model k" */
    const adx_dataset_t *labels; /* variable labels for terms and dependents, or NULL */
} adx_models_options_t;

void adx_models_options_init(adx_models_options_t *o);

/* The table of the models: column "Model k" for k = 1.. over all the refs (a regress
 * step with blocks gives one model per block, a mediate step one per equation), header
 * groups naming the dependent variable of consecutive models, notes (the statistic in
 * parentheses, N when it is common or the range when it is not, the significance
 * line). ADX_EUSAGE names a step whose command has no models or a statistic it lacks.
 * JSON: {"models": [{"name", "step", "dependent", "n", "terms": [{"term", "est", "se",
 * "stat", "p", "ci_lower", "ci_upper"}], "fit": {...}}]}. */
adx_error_t adx_report_models(const adx_model_ref_t *refs, size_t nrefs,
                              const adx_models_options_t *o, adx_report_t **out,
                              adx_errctx_t *ctx);

typedef enum {
    ADX_LABELS_NAMES = 0, /* variable names as they are */
    ADX_LABELS_LABELS,    /* the variable label where there is one */
    ADX_LABELS_BOTH       /* "label (NAME)" */
} adx_labels_t;

/* Replaces variable names by their labels (mode) in the report's tables: header groups,
 * row-group labels and text cells that are a variable name (also numbered as "3. NAME");
 * column headers keep the names (matrices stay narrow). Variables without a label keep
 * their name. */
adx_error_t adx_report_relabel(adx_report_t *r, const adx_dataset_t *ds, adx_labels_t mode);

#ifdef __cplusplus
}
#endif
#endif
