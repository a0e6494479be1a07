/* ambidex data layer: the dataset, file readers and transforms.
 *
 * A dataset is a set of named columns over the same cases. Numeric columns are
 * arrays of doubles (column-major storage, one array per variable) in which
 * missing values (empty cells, system-missing, user-missing codes) are NaN.
 * String columns keep their text (NULL = missing) and serve as grouping
 * variables.
 */
#ifndef ADX_DATA_H
#define ADX_DATA_H

#include <stddef.h>

#include "ambidex/adx_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { ADX_VAR_NUMERIC = 0, ADX_VAR_STRING = 1 } adx_vartype_t;

typedef struct {
    double value;    /* numeric code */
    char *svalue;    /* string code, for string variables (else NULL) */
    char *label;
} adx_value_label_t;

typedef struct {
    char *name;
    char *label;                 /* variable label, or NULL */
    adx_vartype_t type;
    double *num;                 /* numeric values, NaN = missing (numeric vars) */
    char **str;                  /* string values, NULL = missing (string vars) */
    adx_value_label_t *vlabels;  /* value labels */
    size_t n_vlabels;
    double *missing_codes;       /* user-missing codes (discrete values) */
    size_t n_missing_codes;
    double *missing_lo, *missing_hi; /* user-missing ranges */
    size_t n_missing_ranges;
    /* For string columns read from a CSV file: where the first non-numeric cell
     * was, so that a numeric analysis can name it (1-based; 0 = unknown). */
    size_t bad_line, bad_col;
    char *bad_text;
} adx_variable_t;

typedef struct {
    char *source;        /* file the data came from */
    size_t nrows;        /* number of cases */
    size_t nvars;
    size_t cap;
    adx_variable_t *vars;
} adx_dataset_t;

/* Allocates an empty dataset with nrows cases. Free with adx_dataset_free(). */
adx_dataset_t *adx_dataset_alloc(size_t nrows, const char *source);
void adx_dataset_free(adx_dataset_t *ds);

/* Adds a numeric variable; the dataset takes ownership of `values` (nrows
 * doubles from malloc) even on failure. Replaces an existing variable of the
 * same name. Returns the new variable's index through *index (may be NULL). */
adx_error_t adx_dataset_add_numeric(adx_dataset_t *ds, const char *name, double *values,
                                    size_t *index, adx_errctx_t *ctx);

/* Index of a variable by exact name, or -1. */
long adx_dataset_find(const adx_dataset_t *ds, const char *name);

/* Looks variables up; on an unknown name returns ADX_ENOVAR with a message that
 * suggests the closest existing name. If `numeric` is set, string variables give
 * ADX_ETYPE naming the first non-numeric cell (file:line:column). */
adx_error_t adx_dataset_lookup(const adx_dataset_t *ds, const char *const *names, size_t k,
                               int numeric, size_t *idx, adx_errctx_t *ctx);

/* How cases with missing values are handled. */
typedef enum { ADX_LISTWISE = 0, ADX_PAIRWISE = 1 } adx_missing_t;

/* Listwise deletion (complete cases), the one rule of the library: case i is
 * complete when it has a value on every one of the k variables idx[0..k-1].
 * Correlations, reliability, PCA/EFA and descriptives use these two helpers.
 *
 * adx_dataset_complete marks the complete cases without copying data:
 *   idx       k variable indices; every variable must be numeric;
 *   complete  out, nrows bytes (caller-allocated): 1 for a complete case, else 0;
 *   n         out, the number of complete cases (0 is not an error here).
 * Errors: ADX_EUSAGE for an index out of range, ADX_ETYPE naming the first
 * string variable (and its first non-numeric cell, when known). */
adx_error_t adx_dataset_complete(const adx_dataset_t *ds, const size_t *idx, size_t k,
                                 unsigned char *complete, size_t *n, adx_errctx_t *ctx);

/* adx_dataset_matrix copies the complete cases into an n x k matrix, in case
 * order (column j = variable idx[j]); n = (*out)->rows. The caller owns *out
 * (adx_matrix_free); NULL on error. Errors as adx_dataset_complete, plus
 * ADX_EEMPTY when no case is complete and ADX_ENOMEM. */
adx_error_t adx_dataset_matrix(const adx_dataset_t *ds, const size_t *idx, size_t k,
                               adx_matrix_t **out, adx_errctx_t *ctx);

/* ---- Readers ---------------------------------------------------------- */

typedef struct {
    char sep;               /* field separator; 0 = detect from the header (, ; tab) */
    char decimal;           /* decimal mark, '.' (default) or ',' */
    const double *na_codes; /* user-missing codes turned into missing */
    size_t n_na_codes;
} adx_read_options_t;

void adx_read_options_init(adx_read_options_t *o);

/* Reads a CSV/TSV file: header row, quoted fields, CRLF, optional UTF-8 BOM,
 * empty cell / NA / . = missing. Columns holding any non-numeric cell become
 * string columns. Errors name file, line and column. Caller owns *out. */
adx_error_t adx_read_csv(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                         adx_errctx_t *ctx);

/* Same, from a buffer (used by tests); `name` is used in messages. */
adx_error_t adx_read_csv_buffer(const char *buf, size_t len, const char *name,
                                const adx_read_options_t *o, adx_dataset_t **out,
                                adx_errctx_t *ctx);

/* Reads SPSS .sav/.zsav/.por, Stata .dta and SAS .sas7bdat through ReadStat,
 * keeping variable labels, value labels and user-missing definitions
 * (user-missing values become NaN). */
adx_error_t adx_read_stat(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                          adx_errctx_t *ctx);

/* Chooses the reader from the file extension (.csv/.tsv/.txt -> CSV). */
adx_error_t adx_read_file(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                          adx_errctx_t *ctx);

/* Writes the dataset as CSV text (header row; numbers round-trip exactly;
 * missing = empty cell). *out is malloc'd and owned by the caller. */
adx_error_t adx_dataset_to_csv(const adx_dataset_t *ds, char **out, size_t *len,
                               adx_errctx_t *ctx);

/* ---- Transforms ------------------------------------------------------- */

typedef enum { ADX_COMPOSITE_MEAN = 0, ADX_COMPOSITE_SUM = 1 } adx_composite_t;

/* name = mean (or sum) of the k items; a case is missing when it has fewer than
 * min_valid non-missing items (min_valid = 0 means all k are required). */
adx_error_t adx_compute_composite(adx_dataset_t *ds, const char *name, const size_t *items,
                                  size_t k, adx_composite_t how, size_t min_valid,
                                  adx_errctx_t *ctx);

/* name = lo + hi - x (reverse-coding on the scale [lo, hi]). Values outside
 * the range are an ADX_EDOMAIN error naming the case. */
adx_error_t adx_compute_reverse(adx_dataset_t *ds, const char *name, size_t var, double lo,
                                double hi, adx_errctx_t *ctx);

/* name = x - mean(x) (mean over non-missing cases). */
adx_error_t adx_compute_center(adx_dataset_t *ds, const char *name, size_t var,
                               adx_errctx_t *ctx);

/* name = (x - mean) / sd (sd with divisor n - 1). ADX_ECONST if sd = 0. */
adx_error_t adx_compute_zscore(adx_dataset_t *ds, const char *name, size_t var,
                               adx_errctx_t *ctx);

/* name = product of the k variables. */
adx_error_t adx_compute_product(adx_dataset_t *ds, const char *name, const size_t *vars,
                                size_t k, adx_errctx_t *ctx);

/* name = ln(x); ADX_EDOMAIN naming the first case with x <= 0. */
adx_error_t adx_compute_log(adx_dataset_t *ds, const char *name, size_t var,
                            adx_errctx_t *ctx);

/* Evaluates "NAME = expression" and stores NAME (replacing a variable of that
 * name). Expressions combine variables and numbers with + - * / and
 * parentheses, and the functions mean(v...), sum(v...), rev(x, lo, hi),
 * center(x), z(x), log(x), abs(x) — e.g. "AMBI = center(RAD) * center(INC)",
 * "PERF = mean(perf1, perf2, perf3)", "BAL = abs(EXPLOIT - EXPLORE)". */
adx_error_t adx_compute(adx_dataset_t *ds, const char *assignment, adx_errctx_t *ctx);

/* Evaluates an expression or condition (comparisons == != < <= > >=, and, or,
 * not; missing(v...) = share of missing arguments; 20% = 0.2; the screening
 * functions rowsd, longrun, speeder, failed, duplicated, datetime and date("...") of
 * docs/survey.md; `backquoted names`) into *out
 * (nrows values, malloc'd, caller frees). Conditions give 1, 0 or missing. */
adx_error_t adx_eval(adx_dataset_t *ds, const char *expr, double **out, adx_errctx_t *ctx);

/* Keeps the cases i with keep[i] != 0, in order; the others are removed. */
adx_error_t adx_dataset_keep(adx_dataset_t *ds, const unsigned char *keep, adx_errctx_t *ctx);

/* Removes variable `var` (later variables move down by one). */
adx_error_t adx_dataset_drop(adx_dataset_t *ds, size_t var);

/* Deep copy of a dataset. Caller frees it. */
adx_dataset_t *adx_dataset_copy(const adx_dataset_t *ds);

/* ---- Files ---------------------------------------------------------------- */

/* Writes buf to path atomically (temporary file in the same folder, then
 * rename), so that no half-written file is ever left behind. */
/* Removes the folder dir and everything in it (symbolic links are removed, not
 * followed); best effort, for the temporary output folders of a report. */
void adx_remove_tree(const char *dir);

adx_error_t adx_write_atomic(const char *path, const char *buf, size_t len, adx_errctx_t *ctx);

/* Reads a whole text file (study, model, codebook files: at most 64 MB, no NUL
 * bytes) into a NUL-terminated *buf (caller frees); *len (may be NULL) gets its
 * length. `what` names the file in messages ("model file"). Errors: ADX_EIO
 * ("PATH: cannot open the WHAT: ..."), ADX_EPARSE (too large, or not text),
 * ADX_ENOMEM. */
adx_error_t adx_read_text_file(const char *path, const char *what, char **buf, size_t *len,
                               adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
