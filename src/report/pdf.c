/* The report as PDF: cairo's PDF surface with Pango text layout.
 *
 * Why this route: cairo is already a dependency (figures) and Pango is its text layout
 * library (line breaking, font fallback, UTF-8); both are well kept and in Debian, and
 * together they give real vector text and figures without a TeX installation at run
 * time. The layout is simple and deterministic: US Letter pages with 1-inch margins,
 * a running page number, headings kept with what follows, APA tables (number in bold,
 * title in italics, rules above and below the headings and under the last row) that
 * break only between rows and repeat their header rows on the next page, and figures
 * drawn as vector graphics from their recipe (plot_priv.h), scaled to the text width. */
#include <cairo/cairo-pdf.h>
#include <cairo/cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_report.h"
#include "plot_priv.h"
#include "view.h"

#define PAGE_W 612.0
#define PAGE_H 792.0
#define MARGIN 72.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)
#define PAD 4.0  /* horizontal cell padding */
#define VPAD 2.0 /* vertical cell padding */
#define SERIF "Liberation Serif, Times New Roman, DejaVu Serif, serif"

typedef struct {
    cairo_t *cr;
    double y; /* where the next block starts */
    int page;
} pdf_t;

static void new_page(pdf_t *p)
{
    if (p->page)
        cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
    char num[16];
    snprintf(num, sizeof num, "%d", p->page);
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_from_string(SERIF " 10");
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, num, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, PAGE_W - MARGIN - (double)w / PANGO_SCALE, MARGIN / 2);
    pango_cairo_show_layout(p->cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* A layout of text (Pango markup when markup is set) in `font` ("Serif Bold 12"),
 * wrapped at width points (no wrapping when width <= 0). */
static PangoLayout *text_layout(pdf_t *p, const char *font, double size, const char *text,
                                int markup, double width, PangoAlignment align)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_from_string(SERIF);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (strstr(font, "bold"))
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (strstr(font, "italic"))
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align);
    if (markup)
        pango_layout_set_markup(l, text, -1);
    else
        pango_layout_set_text(l, text, -1);
    return l;
}

static double lay_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double lay_w(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

static void show(pdf_t *p, PangoLayout *l, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

/* Starts a new page unless h more points fit on this one (or the page is empty). */
static void ensure(pdf_t *p, double h)
{
    if (p->y + h > BOTTOM && p->y > MARGIN + 1)
        new_page(p);
}

/* A paragraph; `keep` more points must fit after it on the same page (a heading or
 * caption kept with what follows). */
static void block(pdf_t *p, const char *font, double size, const char *text, int markup,
                  PangoAlignment align, double before, double after, double keep)
{
    PangoLayout *l = text_layout(p, font, size, text, markup, TEXT_W, align);
    double h = lay_h(l);
    if (p->y > MARGIN + 1)
        p->y += before;
    ensure(p, h + keep);
    show(p, l, MARGIN, p->y);
    p->y += h + after;
    g_object_unref(l);
}

/* Pango markup: s escaped, wrapped in open/close ("<i>", "</i>"). */
static char *markup(const char *open, const char *s, const char *close)
{
    char *e = g_markup_escape_text(s, -1);
    adx__sb_t b = {0};
    adx__sb_str(&b, open);
    adx__sb_str(&b, e);
    adx__sb_str(&b, close);
    g_free(e);
    return adx__sb_take(&b);
}

/* The APA caption: the label in bold, the title in italics below; kept with `keep`. */
static void caption(pdf_t *p, const char *text, double keep)
{
    char label[64];
    const char *title = adx__caption_split(text, label, sizeof label);
    char *t = markup("<i>", title, "</i>");
    PangoLayout *a = *label ? text_layout(p, "bold", 11, label, 0, TEXT_W, PANGO_ALIGN_LEFT) : NULL;
    PangoLayout *b = text_layout(p, "", 11, t ? t : "", 1, TEXT_W, PANGO_ALIGN_LEFT);
    double ha = a ? lay_h(a) + 2 : 0, hb = lay_h(b);
    p->y += p->y > MARGIN + 1 ? 14 : 0;
    ensure(p, ha + hb + 4 + keep);
    if (a)
        show(p, a, MARGIN, p->y);
    show(p, b, MARGIN, p->y + ha);
    p->y += ha + hb + 4;
    if (a)
        g_object_unref(a);
    g_object_unref(b);
    free(t);
}

/* A heading as Pango markup, the APA symbols in italics (adx__apa_header). */
static void markup_emit(void *u, const char *s, size_t n, int italic)
{
    char *e = g_markup_escape_text(s, (gssize)n);
    adx__sb_str(u, italic ? "<i>" : "");
    adx__sb_str(u, e);
    adx__sb_str(u, italic ? "</i>" : "");
    g_free(e);
}

static char *apa_markup(const char *h)
{
    adx__sb_t b = {0};
    adx__apa_header(h, markup_emit, &b);
    adx__sb_str(&b, "");
    return adx__sb_take(&b);
}

/* ---- tables --------------------------------------------------------------------- */

typedef struct {
    adx__view_t v;
    double size;  /* font size */
    double *w;    /* column widths (v.ncols) */
    double head_h;
} ptable_t;

/* Natural column widths (text on one line) at the table's font size; returns the total. */
static double natural_widths(pdf_t *p, ptable_t *T)
{
    char buf[CELLBUF];
    double total = 0;
    for (size_t j = 0; j < T->v.ncols; j++) {
        double w = 0;
        for (size_t i = 0; i <= T->v.t->nrows; i++) {
            const char *s = i ? adx__v_cell(&T->v, i - 1, j, buf) : adx__v_header(&T->v, j);
            PangoLayout *l = text_layout(p, "", T->size, s, 0, 0, PANGO_ALIGN_LEFT);
            w = fmax(w, lay_w(l));
            g_object_unref(l);
        }
        T->w[j] = fmin(w, 0.45 * TEXT_W) + 2 * PAD;
        total += T->w[j];
    }
    return total;
}

/* Column widths that fit the text width: the natural widths at 9 pt, else at 7.5 pt,
 * else the text (left-aligned) columns narrow (their text wraps), then all columns. */
static void table_widths(pdf_t *p, ptable_t *T)
{
    T->size = 9;
    double total = natural_widths(p, T);
    if (total > TEXT_W) {
        T->size = 7.5;
        total = natural_widths(p, T);
    }
    double text = 0;
    for (size_t j = 0; j < T->v.ncols; j++)
        text += adx__v_left(&T->v, j) ? T->w[j] : 0;
    if (total > TEXT_W && text > total - TEXT_W + 60) {
        double f = (text - (total - TEXT_W)) / text;
        for (size_t j = 0; j < T->v.ncols; j++)
            T->w[j] *= adx__v_left(&T->v, j) ? f : 1;
        total = TEXT_W;
    }
    for (size_t j = 0; total > TEXT_W && j < T->v.ncols; j++)
        T->w[j] *= TEXT_W / total;
}

static double col_x(const ptable_t *T, size_t j)
{
    double x = MARGIN;
    for (size_t q = 0; q < j; q++)
        x += T->w[q];
    return x;
}

static void rule(pdf_t *p, double x0, double x1, double y, double width)
{
    cairo_set_line_width(p->cr, width);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

/* One row of cells (header row when i == SIZE_MAX); draws it at p->y when draw is set;
 * returns its height. */
static double table_row(pdf_t *p, const ptable_t *T, size_t i, int draw)
{
    char buf[CELLBUF], apa[CELLBUF];
    double h = 0;
    for (size_t j = 0; j < T->v.ncols; j++) {
        int head = i == (size_t)-1, left = adx__v_left(&T->v, j);
        char *m = head ? apa_markup(adx__v_header(&T->v, j)) : NULL;
        const char *s = head ? (m ? m : "")
                             : adx__apa_cell(&T->v, j, adx__v_cell(&T->v, i, j, buf), apa);
        PangoLayout *l = text_layout(p, "", T->size, s, head, T->w[j] - 2 * PAD,
                                     left ? PANGO_ALIGN_LEFT
                                          : head ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT);
        h = fmax(h, lay_h(l) + 2 * VPAD);
        if (draw)
            show(p, l, col_x(T, j) + PAD, p->y + VPAD);
        g_object_unref(l);
        free(m);
    }
    return h;
}

/* The spanning row above table row i (a row group's label in italics across the table),
 * drawn at p->y when draw is set; returns its height (0 when there is none). */
static double span_row(pdf_t *p, const ptable_t *T, size_t i, int draw)
{
    const char *span = i < T->v.t->nrows ? adx__v_span(&T->v, i) : NULL;
    if (!span)
        return 0;
    PangoLayout *l = text_layout(p, "italic", T->size, span, 0, col_x(T, T->v.ncols) - MARGIN - 2 * PAD,
                                 PANGO_ALIGN_LEFT);
    double h = lay_h(l) + 2 * VPAD;
    if (draw)
        show(p, l, MARGIN + PAD, p->y + VPAD);
    g_object_unref(l);
    return h;
}

/* The header group labels, centred over their columns with a rule under each. */
static double table_groups(pdf_t *p, const ptable_t *T, int draw)
{
    double h = 0;
    for (size_t j = 0; j < T->v.ncols; j++) {
        int start;
        const adx_span_t *s = adx__v_group(&T->v, j, &start);
        if (!s || !start)
            continue;
        double x = col_x(T, j), w = col_x(T, j + s->count) - x;
        char *m = apa_markup(s->label);
        PangoLayout *l = text_layout(p, "", T->size, m ? m : "", 1, w - 2 * PAD, PANGO_ALIGN_CENTER);
        free(m);
        double lh = lay_h(l) + 2 * VPAD;
        h = fmax(h, lh);
        if (draw) {
            show(p, l, x + PAD, p->y + VPAD);
            rule(p, x + PAD, x + w - PAD, p->y + lh, 0.5);
        }
        g_object_unref(l);
    }
    return h;
}

/* The top rule, the group labels, the headings and the rule under them. */
static void table_head(pdf_t *p, const ptable_t *T)
{
    double x1 = col_x(T, T->v.ncols);
    rule(p, MARGIN, x1, p->y, 1.0);
    p->y += 1;
    p->y += table_groups(p, T, 1);
    p->y += table_row(p, T, (size_t)-1, 1);
    rule(p, MARGIN, x1, p->y, 0.5);
    p->y += 1;
}

static void table_notes(pdf_t *p, const adx_table_t *t)
{
    for (size_t k = 0; k < t->nnotes; k++) {
        char *m = markup(k ? "" : "<i>Note.</i> ", t->notes[k], "");
        block(p, "", 9, m ? m : "", 1, PANGO_ALIGN_LEFT, k ? 1 : 4, 0, 0);
        free(m);
    }
}

static int pdf_table(pdf_t *p, const adx_report_t *r, const adx_table_t *t)
{
    ptable_t T = {adx__view_of(r, t), 9, NULL, 0};
    if (!(T.w = calloc(T.v.ncols + 1, sizeof *T.w)))
        return -1;
    table_widths(p, &T);
    T.head_h = table_groups(p, &T, 0) + table_row(p, &T, (size_t)-1, 0) + 2;
    double first = t->nrows ? span_row(p, &T, 0, 0) + table_row(p, &T, 0, 0) : 0;
    caption(p, t->title ? t->title : "", T.head_h + first);
    table_head(p, &T);
    for (size_t i = 0; i < t->nrows; i++) {
        double sh = span_row(p, &T, i, 0), h = table_row(p, &T, i, 0);
        if (p->y + sh + h > BOTTOM) { /* never split a row, nor a row group's label from
                                       * its first row: continue on the next page */
            rule(p, MARGIN, col_x(&T, T.v.ncols), p->y, 0.5);
            new_page(p);
            table_head(p, &T);
        }
        span_row(p, &T, i, 1);
        p->y += sh;
        table_row(p, &T, i, 1);
        p->y += h;
    }
    rule(p, MARGIN, col_x(&T, T.v.ncols), p->y, 1.0);
    p->y += 2;
    table_notes(p, t);
    p->y += 8;
    free(T.w);
    return 0;
}

/* ---- figures and the document --------------------------------------------------- */

/* The figure's note under it, as a table's. */
static void figure_note(pdf_t *p, const char *note)
{
    if (!note)
        return;
    char *m = markup("<i>Note.</i> ", note, "");
    block(p, "", 9, m ? m : "", 1, PANGO_ALIGN_LEFT, 2, 8, 0);
    free(m);
}

static adx_error_t pdf_figure(pdf_t *p, const adx_block_t *k, size_t nfig, adx_errctx_t *ctx)
{
    char cap[CELLBUF];
    const char *c = adx__figure_caption(k->caption, nfig, cap, sizeof cap);
    adx__figure_t f;
    adx_error_t rc = adx__figure_open(k->text ? k->text : "", &f, ctx);
    if (rc || f.kind == 0 || !(f.w > 0 && f.h > 0)) {
        adx__figure_close(&f);
        caption(p, c, 20);
        block(p, "", 10, "[The figure is not drawn in this output.]", 0, PANGO_ALIGN_LEFT, 0, 6, 0);
        figure_note(p, k->note);
        return rc == ADX_ENOMEM ? rc : ADX_OK;
    }
    double s = fmin(1, fmin(TEXT_W / f.w, (BOTTOM - MARGIN - 110) / f.h));
    caption(p, c, f.h * s + 30);
    cairo_save(p->cr);
    cairo_translate(p->cr, MARGIN, p->y);
    cairo_scale(p->cr, s, s);
    rc = adx__figure_draw(&f, p->cr, ctx);
    cairo_restore(p->cr);
    p->y += f.h * s + 4;
    adx__figure_close(&f);
    figure_note(p, k->note);
    return rc;
}

static adx_error_t pdf_blocks(pdf_t *p, const adx_report_t *r, adx_errctx_t *ctx)
{
    size_t nfig = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        adx_error_t rc = ADX_OK;
        switch (k->kind) {
        case ADX_BLOCK_TABLE:
            if (pdf_table(p, r, k->table))
                rc = adx_oom(ctx);
            break;
        case ADX_BLOCK_HEADING:
            if (k->level <= 1)
                block(p, "bold", 14, k->text, 0, PANGO_ALIGN_CENTER, 18, 8, 60);
            else
                block(p, k->level == 2 ? "bold" : "bold italic", 12, k->text, 0,
                      PANGO_ALIGN_LEFT, 16, 6, 60);
            break;
        case ADX_BLOCK_PARAGRAPH:
            block(p, "", 11, k->text, 0, PANGO_ALIGN_LEFT, 4, 6, 0);
            break;
        case ADX_BLOCK_FIGURE: rc = pdf_figure(p, k, ++nfig, ctx); break;
        }
        if (rc)
            return rc;
    }
    return ADX_OK;
}

/* cairo's write callback: appends to an adx__sb_t. */
static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int n)
{
    adx__sb_t *b = closure;
    adx__sb_put(b, (const char *)data, n);
    return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

adx_error_t adx_report_write_pdf(const adx_report_t *r, const char *path, adx_errctx_t *ctx)
{
    adx__sb_t out = {0};
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(pdf_write, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
                                   r->title ? r->title : "ambidex report");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "ambidex");
    pdf_t p = {cairo_create(surf), MARGIN, 0};
    new_page(&p);
    adx_error_t rc = pdf_blocks(&p, r, ctx);
    cairo_destroy(p.cr);
    cairo_surface_finish(surf);
    if (!rc && (out.oom || cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS))
        rc = adx_err(ctx, ADX_ENOMEM, "%s: cannot lay out the PDF", path);
    cairo_surface_destroy(surf);
    if (!rc)
        rc = adx_write_atomic(path, out.s, out.len, ctx);
    adx__sb_free(&out);
    return rc;
}
