/* ambidex report: one table model and its renderers.
 *
 * Analyses fill result structs; the adx_report_* builders turn a result into a
 * report: publication tables (for text, md, html, csv, latex) plus a JSON
 * object (the machine interface, numbers unrounded). Renderers only see
 * tables, so adding an output format touches this module alone.
 */
#ifndef ADX_REPORT_H
#define ADX_REPORT_H

#include <stddef.h>

#include "ambidex/adx_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ADX_CELL_EMPTY = 0,
    ADX_CELL_TEXT,
    ADX_CELL_NUM
} adx_cell_kind_t;

typedef enum {
    ADX_NUM_FIXED = 0, /* fixed decimals: 5.431 */
    ADX_NUM_INT,       /* integer: 278 */
    ADX_NUM_P,         /* p-value: .023, <.001 */
    ADX_NUM_PCT        /* percentage with 1 decimal: 85.9 */
} adx_numfmt_t;

typedef struct {
    adx_cell_kind_t kind;
    adx_numfmt_t fmt;
    int decimals;       /* for ADX_NUM_FIXED; -1 = the report's default */
    double value;       /* NaN prints as empty (undefined statistic) */
    char *text;         /* ADX_CELL_TEXT: the text; ADX_CELL_NUM: suffix (stars) or NULL */
} adx_cell_t;

/* Horizontal alignment of a column. AUTO: numbers right, text left (a column
 * with any number cell is a number column). */
typedef enum {
    ADX_ALIGN_AUTO = 0,
    ADX_ALIGN_LEFT,
    ADX_ALIGN_RIGHT
} adx_align_t;

/* How a table's row groups are shown: in a leading column (the label beside the group's
 * first row), or each as a row of its own spanning the table's width above the group's
 * rows (a construct's line above its items). CSV, data only, has no spanning rows: there
 * the label is a leading column repeated on every row of its group. */
typedef enum {
    ADX_ROWGROUP_COLUMN = 0,
    ADX_ROWGROUP_SPAN
} adx_rowgroup_style_t;

/* A label over a run of consecutive columns (a header group: "95% Confidence
 * Interval for B" over "Lower | Upper") or beside a run of rows (a row group:
 * model 1 beside its terms). */
typedef struct {
    char *label;
    size_t first, count;
} adx_span_t;

typedef struct {
    char *title;
    size_t nrows, ncols;
    char **colnames;      /* ncols headers */
    adx_cell_t *cells;    /* nrows x ncols, row-major */
    char **notes;         /* lines printed under the table */
    size_t nnotes;
    adx_align_t *align;   /* ncols alignments */
    adx_span_t *colgroups;/* header groups, left to right, not overlapping */
    size_t ncolgroups;
    char *rowgroup_header;/* header of the row-group column (shown first), or NULL */
    adx_span_t *rowgroups;/* row groups, top to bottom */
    size_t nrowgroups;
    adx_rowgroup_style_t rowgroup_style; /* column (default) or spanning rows */
} adx_table_t;

/* Allocates a table with ncols columns and no rows. Caller owns it. */
adx_table_t *adx_table_alloc(const char *title, size_t ncols, const char *const *colnames);
void adx_table_free(adx_table_t *t);
/* Appends an empty row; returns its index or (size_t)-1 when memory runs out. */
size_t adx_table_add_row(adx_table_t *t);
adx_cell_t *adx_table_cell(adx_table_t *t, size_t row, size_t col);
/* Cell setters; they return ADX_ENOMEM on failure. */
adx_error_t adx_table_set_text(adx_table_t *t, size_t row, size_t col, const char *text);
adx_error_t adx_table_set_num(adx_table_t *t, size_t row, size_t col, double v,
                              adx_numfmt_t fmt, int decimals, const char *suffix);
/* Column alignment (default ADX_ALIGN_AUTO). */
void adx_table_set_align(adx_table_t *t, size_t col, adx_align_t a);
/* A header group over columns first .. first + count - 1. */
adx_error_t adx_table_add_colgroup(adx_table_t *t, size_t first, size_t count,
                                   const char *label);
/* Starts a row group labelled `label` at the next row added; the renderers show
 * the label in a first column headed `header` (the header of the first call). */
adx_error_t adx_table_begin_rowgroup(adx_table_t *t, const char *header, const char *label);
/* Shows the row groups as spanning rows (ADX_ROWGROUP_SPAN) or in a column (default). */
void adx_table_set_rowgroup_style(adx_table_t *t, adx_rowgroup_style_t style);
/* The resolved alignment of column col (never AUTO). */
adx_align_t adx_table_col_align(const adx_table_t *t, size_t col);
adx_error_t adx_table_add_note(adx_table_t *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

struct cJSON;

/* A report is an ordered list of blocks: tables, headings, paragraphs and
 * figures (SVG). */
typedef enum {
    ADX_BLOCK_TABLE = 0,
    ADX_BLOCK_HEADING,
    ADX_BLOCK_PARAGRAPH,
    ADX_BLOCK_FIGURE
} adx_block_kind_t;

typedef struct {
    adx_block_kind_t kind;
    int level;            /* heading level (1 = title, 2 = section, 3 = subsection) */
    char *text;           /* heading or paragraph text; figure: SVG markup */
    char *caption;        /* figure caption */
    char *path;           /* figure: file the SVG was also written to (for md/latex), or NULL */
    adx_table_t *table;   /* ADX_BLOCK_TABLE: the table (owned by `tables`) */
    char *note;           /* figure: the note printed under it ("Note. ..."), or NULL */
} adx_block_t;

typedef struct {
    adx_table_t **tables;
    size_t ntables;
    adx_block_t *blocks;  /* display order; tables appear here and in `tables` */
    size_t nblocks;
    char *title;          /* document title (HTML <title>), or NULL */
    char *methods;        /* a sentence for a methods section (what was estimated and
                             how), or NULL; the study runner collects them */
    struct cJSON *json;   /* owned */
    int decimals;         /* default decimals of ADX_NUM_FIXED cells (3) */
} adx_report_t;

adx_report_t *adx_report_alloc(void);
void adx_report_free(adx_report_t *r);
/* Takes ownership of t, also on failure. */
adx_error_t adx_report_add_table(adx_report_t *r, adx_table_t *t);
/* Removes (and frees) table i, from `tables` and from the blocks. */
void adx_report_remove_table(adx_report_t *r, size_t i);
adx_error_t adx_report_add_heading(adx_report_t *r, int level, const char *text);
adx_error_t adx_report_add_paragraph(adx_report_t *r, const char *text);
/* Adds an SVG figure; `path` (may be NULL) is where it was also written. */
adx_error_t adx_report_add_figure(adx_report_t *r, const char *svg, const char *caption,
                                  const char *path);
/* Sets the note of the report's last block, which must be a figure (ADX_EUSAGE if not). */
adx_error_t adx_report_figure_note(adx_report_t *r, const char *note);
/* Moves every block of src to the end of dst (src is left empty; its JSON stays).
 * When number_tables is set, table titles get "Table N. " with N counting dst's
 * tables; figure captions likewise get "Figure N. ". */
adx_error_t adx_report_append(adx_report_t *dst, adx_report_t *src, int number_tables);

typedef enum {
    ADX_FMT_TEXT = 0,
    ADX_FMT_MD,
    ADX_FMT_HTML,
    ADX_FMT_CSV,
    ADX_FMT_JSON,
    ADX_FMT_LATEX,
    ADX_FMT_DOCX, /* written to a file only: adx_report_write_docx */
    ADX_FMT_PDF   /* written to a file only: adx_report_write_pdf */
} adx_format_t;

/* Parses "text", "md", "html", "csv", "json", "latex", "docx", "pdf"; returns -1 if
 * unknown. */
int adx_format_parse(const char *name);

/* The format a file name asks for by its extension (case-insensitive): .txt/.text,
 * .md/.markdown, .html/.htm, .csv, .json, .tex/.latex, .docx, .pdf. Returns -1 for an extension
 * that no format writes and -2 for a name without one. */
int adx_format_for_file(const char *path);
/* The extensions adx_format_for_file knows, for messages (".txt, .md, ..."). */
const char *adx_format_extensions(void);

/* Renders the report; *out is a NUL-terminated malloc'd string owned by the
 * caller. */
adx_error_t adx_report_render(const adx_report_t *r, adx_format_t fmt, char **out,
                              size_t *len, adx_errctx_t *ctx);

/* Writes the report as a Word document (.docx, Office Open XML): headings, paragraphs,
 * APA-style Word tables, figures as PNG pictures with their captions. The file is
 * replaced atomically. Needs the figure module (libambidex_ext.so) in the CLI. */
adx_error_t adx_report_write_docx(const adx_report_t *r, const char *path, adx_errctx_t *ctx);
/* Writes the report as PDF (cairo and Pango): US Letter pages, tables in APA style that
 * break between rows only (with the header repeated), vector figures. Replaced
 * atomically. */
adx_error_t adx_report_write_pdf(const adx_report_t *r, const char *path, adx_errctx_t *ctx);

/* Formats one cell as the text renderers show it (into buf of size n). */
void adx_cell_format(const adx_cell_t *c, int default_decimals, char *buf, size_t n);

/* Significance stars: "***" p < .001, "**" p < .01, "*" p < .05, the dagger
 * (UTF-8) p < .10, else "". */
const char *adx_stars(double p);

#ifdef __cplusplus
}
#endif
#endif
