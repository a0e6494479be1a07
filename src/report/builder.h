/* The table builder shared by the report builders (private to src/report).
 *
 * A builder holds the report being built and its current table, with a sticky
 * out-of-memory flag: the table code reads straight through, and the one check
 * is in adx__tb_done. Column specs (adx_col_t) name a column's header, its JSON
 * key, number format and alignment once, so that adx__tb_row_values fills a
 * table row and its JSON object in one call.
 *
 *     adx__tb_t b;
 *     cJSON *root = adx__tb_init(&b);
 *     static const adx_col_t cols[] = {ADX_COL("Term", "term"), ADX_COL_STAR("B", "b"),
 *                                      ADX_COL("SE", "se"), ADX_COL_P("Sig.", "p")};
 *     adx__tb_table_cols(&b, "Coefficients", cols, 4);
 *     cJSON *arr = adx__jarray(&b, root, "coefficients");
 *     for (j...) adx__tb_row_values(&b, arr, name[j], (double[]){b[j], se[j], p[j]});
 *     return adx__tb_done(&b, out, ctx);
 */
#ifndef ADX_REPORT_BUILDER_H
#define ADX_REPORT_BUILDER_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "../base/base.h"
#include "ambidex/adx_report.h"

/* One column: header in the table (NULL: the value goes to the JSON only) and
 * key in the JSON object (NULL: table only). fmt ADX_NUM_FIXED uses `decimals`
 * (0: the report's default); stars != 0 suffixes significance stars from the
 * row's first ADX_NUM_P value. */
typedef struct {
    const char *header, *key;
    adx_numfmt_t fmt;
    int decimals;
    adx_align_t align;
    int stars;
} adx_col_t;

/* Spec shorthands: a fixed-decimals column (the report's default decimals), an
 * integer, a p-value, a percentage, a coefficient with stars, d decimals. */
#define ADX_COL(h, k) {(h), (k), ADX_NUM_FIXED, 0, ADX_ALIGN_AUTO, 0}
#define ADX_COL_INT(h, k) {(h), (k), ADX_NUM_INT, 0, ADX_ALIGN_AUTO, 0}
#define ADX_COL_P(h, k) {(h), (k), ADX_NUM_P, 0, ADX_ALIGN_AUTO, 0}
#define ADX_COL_PCT(h, k) {(h), (k), ADX_NUM_PCT, 0, ADX_ALIGN_AUTO, 0}
#define ADX_COL_STAR(h, k) {(h), (k), ADX_NUM_FIXED, 0, ADX_ALIGN_AUTO, 1}
#define ADX_COL_DEC(h, k, d) {(h), (k), ADX_NUM_FIXED, (d), ADX_ALIGN_AUTO, 0}

/* A named number for a run of JSON fields ({"r2", f->r2}, ...). */
typedef struct {
    const char *key;
    double v;
} adx_jf_t;

typedef struct {
    adx_report_t *r;       /* the report (its json is an object) */
    adx_table_t *t;        /* the table being built, or NULL */
    const adx_col_t *cols; /* specs of the current table (adx__tb_table_cols), or NULL */
    size_t ncols;
    int oom;
} adx__tb_t;

#define ADX_NELEM(a) (sizeof(a) / sizeof *(a))

/* Starts a report with an empty JSON object and returns that object (NULL when
 * memory ran out: the JSON helpers then set the sticky flag). */
cJSON *adx__tb_init(adx__tb_t *b);
/* The report's JSON object, or NULL. */
cJSON *adx__tb_root(const adx__tb_t *b);
/* Adds the table being built (if any) to the report. Call before adding a
 * heading or a figure, so that blocks keep their order. */
void adx__tb_flush(adx__tb_t *b);
/* Drops the table being built when it has no rows. */
void adx__tb_drop_empty(adx__tb_t *b);
/* Finishes: adds the last table; on failure frees everything (ADX_ENOMEM). */
adx_error_t adx__tb_done(adx__tb_t *b, adx_report_t **out, adx_errctx_t *ctx);
/* Sets the sticky flag when p is NULL; returns p. */
void *adx__tb_check(adx__tb_t *b, void *p);

/* Starts a table with plain headers. */
void adx__tb_table(adx__tb_t *b, const char *title, size_t ncols, const char *const *names);
/* Starts a table from column specs (the columns with a header), kept for
 * adx__tb_row_values; the specs must outlive the table's rows. */
void adx__tb_table_cols(adx__tb_t *b, const char *title, const adx_col_t *cols, size_t ncols);
/* Swaps the current table's specs for the next rows: cols has the same columns
 * and headers, other number formats (e.g. whole vs fractional df). */
void adx__tb_set_cols(adx__tb_t *b, const adx_col_t *cols);
/* A header group over table columns first .. first + count - 1. */
void adx__tb_colgroup(adx__tb_t *b, size_t first, size_t count, const char *label);
/* Starts a row group at the next row (header: the group column's header). */
void adx__tb_rowgroup(adx__tb_t *b, const char *header, const char *label);
/* The same, the table's row groups shown as spanning rows above their rows (header: the
 * group column's header in CSV). */
void adx__tb_rowgroup_span(adx__tb_t *b, const char *header, const char *label);
void adx__tb_note(adx__tb_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The report's methods sentence. */
void adx__tb_methods(adx__tb_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void adx__tb_figure(adx__tb_t *b, const char *svg, const char *caption, const char *path);
/* The note under the figure just added (printf-style). */
void adx__tb_figure_note(adx__tb_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a row; returns its index (0 after a failure). */
size_t adx__tb_row(adx__tb_t *b);
void adx__tb_text(adx__tb_t *b, size_t row, size_t col, const char *s);
/* A number cell; decimals as in adx_table_set_num (-1: the report's default). */
void adx__tb_num(adx__tb_t *b, size_t row, size_t col, double v, adx_numfmt_t fmt, int dec);
void adx__tb_numsfx(adx__tb_t *b, size_t row, size_t col, double v, adx_numfmt_t fmt, int dec,
                    const char *suffix);
/* Shorthands: fixed decimals (the report's default), integer, p-value, and a
 * coefficient with stars from p. */
void adx__tb_fix(adx__tb_t *b, size_t row, size_t col, double v);
void adx__tb_int(adx__tb_t *b, size_t row, size_t col, double v);
void adx__tb_p(adx__tb_t *b, size_t row, size_t col, double v);
void adx__tb_star(adx__tb_t *b, size_t row, size_t col, double v, double p);

/* A row from the current table's specs: with a label, cols[0] is the label
 * column and vals[k] belongs to cols[k + 1]; without, vals[k] to cols[k]. When
 * arr is not NULL, the keyed values also go into a new JSON object appended to
 * arr (NaN becomes null), which is returned for further keys. */
cJSON *adx__tb_row_values(adx__tb_t *b, cJSON *arr, const char *label, const double *vals);
/* The same, with the keyed values added to the existing object o (may be NULL). */
void adx__tb_row_into(adx__tb_t *b, cJSON *o, const char *label, const double *vals);
/* The same with ntext text columns first (cols[0 .. ntext - 1]). */
void adx__tb_row_texts(adx__tb_t *b, cJSON *o, const char *const *texts, size_t ntext,
                       const double *vals);

/* The coefficient table of a single equation (moderate, iv, a streamed OLS):
 * Term, B (stars), SE, t, Sig., CI lower, CI upper; JSON term, b, se, t, p,
 * ci_lower, ci_upper. */
#define ADX__NCOEF_COLS 7
extern const adx_col_t adx__coef_cols[ADX__NCOEF_COLS];

/* "p < .001" or "p = .023", for notes; returns buf. */
const char *adx__ptext(double p, char *buf, size_t n);

/* ---- JSON (failures set the sticky flag) ---------------------------------------- */

/* A number, null when not finite. */
cJSON *adx__jnumber(double v);
cJSON *adx__jdoubles(const double *v, size_t n);
cJSON *adx__jstrings(const char *const *s, size_t n);
/* Adds item under key (appends to an array when key is NULL); NULL item = oom. */
cJSON *adx__jadd(adx__tb_t *b, cJSON *o, const char *key, cJSON *item);
void adx__jnum(adx__tb_t *b, cJSON *o, const char *key, double v);
void adx__jbool(adx__tb_t *b, cJSON *o, const char *key, int v);
/* A string, or null for NULL. */
void adx__jstr(adx__tb_t *b, cJSON *o, const char *key, const char *s);
void adx__jfields(adx__tb_t *b, cJSON *o, const adx_jf_t *f, size_t n);
/* An F test: f, df1, df2, p, each key followed by suffix ("" or e.g. "_change"). */
void adx__jftest(adx__tb_t *b, cJSON *o, const char *suffix, double f, double df1, double df2,
                 double p);
/* An interval: prefix_lower and prefix_upper. */
void adx__jbounds(adx__tb_t *b, cJSON *o, const char *prefix, double lower, double upper);
cJSON *adx__jobj(adx__tb_t *b, cJSON *parent, const char *key);
cJSON *adx__jarray(adx__tb_t *b, cJSON *parent, const char *key);

/* ---- shared by the cfa/sem builders ------------------------------------------------ */

/* The Fornell-Larcker table in the published layout (build_validity.c): with data, the
 * means and SDs of the unit-weighted scale scores (also into vj as scale_mean and
 * scale_sd), the latent correlations with stars and sqrt(AVE) on the diagonal. */
#include "ambidex/adx_sem.h"
void adx__sem_fl_table(adx__tb_t *b, const adx_sem_t *s, const adx_dataset_t *ds, cJSON *vj);

/* The path diagram of a fitted CFA/SEM with its note (build_diagram.c). */
#include "ambidex/adx_report_sem.h"
void adx__sem_diagram(adx__tb_t *tb, const adx_sem_t *s, const char *title,
                      adx_diagram_view_t view);

#endif
