/* A table as the renderers see it (private to src/report): the row-group column (when
 * the table has row groups) comes first, then the table's own columns. Shared by the
 * text renderers (render.c) and the Word and PDF writers. */
#ifndef ADX_REPORT_VIEW_H
#define ADX_REPORT_VIEW_H

#include <stddef.h>

#include "ambidex/adx_report.h"

/* Size of the buffer adx__v_cell formats into. */
#define CELLBUF 512

typedef struct {
    const adx_report_t *r;
    const adx_table_t *t;
    size_t g;     /* 1 when a row-group column leads */
    size_t ncols; /* g + t->ncols */
    int span;     /* row groups are spanning rows (adx__v_span) */
    int repeat;   /* the row-group column labels every row of a group (CSV) */
} adx__view_t;

adx__view_t adx__view_of(const adx_report_t *r, const adx_table_t *t);
/* The data-only view (CSV): spanning row groups become a leading column that repeats the
 * group's label on each of its rows. */
adx__view_t adx__view_data(const adx_report_t *r, const adx_table_t *t);
/* The label of the spanning row shown above table row i, or NULL (none, or the table's
 * row groups are a column). */
const char *adx__v_span(const adx__view_t *v, size_t i);
const char *adx__v_header(const adx__view_t *v, size_t j);
/* The text of cell (i, j) (buf: CELLBUF bytes): for the row-group column, the group's
 * label on the group's first row and "" below it. */
const char *adx__v_cell(const adx__view_t *v, size_t i, size_t j, char *buf);
/* Whether view column j is left-aligned. */
int adx__v_left(const adx__view_t *v, size_t j);
/* The header group that holds view column j (NULL if none); *start is set when the group
 * starts at j. */
const adx_span_t *adx__v_group(const adx__view_t *v, size_t j, int *start);
/* Splits an APA caption "Table 3. Title" (or "Figure 2. Title") into its label
 * ("Table 3", into buf of n bytes) and returns the title; without such a label, buf is
 * "" and the whole caption is returned. */
const char *adx__caption_split(const char *caption, char *buf, size_t n);

/* A figure's caption with its label: "Figure N. " (N = nfig, the figure's place in the
 * document) put before a caption that has none. Returns caption or buf (n bytes). */
const char *adx__figure_caption(const char *caption, size_t nfig, char *buf, size_t n);

/* APA 7 symbols in a column header: emit(u, text, n, italic) is called for each piece,
 * in order: the statistical symbols (M, SD, SE, t, p, r, b, B, F, N, n, df, z, R) in
 * italics, R2 as R², chi2 as χ², Beta as β; everything else as is. */
typedef void (*adx__emit_fn)(void *u, const char *s, size_t n, int italic);
void adx__apa_header(const char *h, adx__emit_fn emit, void *u);
/* APA 7: no leading zero for statistics bounded by 1 (r, β, p, α, loadings; the columns
 * of a correlation matrix): "0.399**" -> ".399**". Returns text or buf (CELLBUF). */
const char *adx__apa_cell(const adx__view_t *v, size_t j, const char *text, char *buf);

#endif
