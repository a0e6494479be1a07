/* Renderers: report tables -> text, Markdown, HTML, CSV, LaTeX; JSON from the
 * report's JSON object. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_report.h"
#include "view.h"


/* open, s escaped for the format, close: a caption, a header or a note. */
typedef void (*escape_fn)(adx__sb_t *b, const char *s);

static void put_escaped(adx__sb_t *b, escape_fn escape, const char *open, const char *s,
                        const char *close)
{
    adx__sb_str(b, open);
    escape(b, s);
    adx__sb_str(b, close);
}

/* The format's escaping for text output: none. */
static void plain(adx__sb_t *b, const char *s)
{
    adx__sb_str(b, s);
}

/* A table's notes, the first opened with `first` (the "Note." label), the others with open. */
static void put_notes(adx__sb_t *b, const adx_table_t *t, escape_fn escape, const char *first,
                      const char *open, const char *close)
{
    for (size_t k = 0; k < t->nnotes; k++)
        put_escaped(b, escape, k ? open : first, t->notes[k], close);
}

/* Writes the table's title (if any) between open and close, escaped for the
 * format; returns the table's view. */
static adx__view_t begin_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b,
                          escape_fn escape, const char *open, const char *close)
{
    if (t->title)
        put_escaped(b, escape, open, t->title, close);
    return adx__view_of(r, t);
}

/* Display width of UTF-8 text (code points). */
static size_t u8width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* ---- text ------------------------------------------------------------------------- */

static void trim_line(adx__sb_t *b)
{
    while (b->len && b->s[b->len - 1] == ' ')
        b->s[--b->len] = 0;
    adx__sb_str(b, "\n");
}

/* One line of cells: left-aligned columns padded after, the others before. */
static void text_line(const adx__view_t *v, const size_t *w, size_t row, adx__sb_t *b)
{
    char buf[CELLBUF];
    for (size_t j = 0; j < v->ncols; j++) {
        const char *s = row == (size_t)-1 ? adx__v_header(v, j) : adx__v_cell(v, row, j, buf);
        size_t ind = j == 0 && v->span ? 2 : 0; /* rows under a spanning row are indented */
        size_t pad = w[j] - ind - u8width(s);
        if (j)
            adx__sb_str(b, "  ");
        adx__sb_repeat(b, " ", ind);
        if (!adx__v_left(v, j))
            adx__sb_repeat(b, " ", pad);
        adx__sb_str(b, s);
        if (adx__v_left(v, j) && v->ncols > 1)
            adx__sb_repeat(b, " ", pad);
    }
    trim_line(b);
}

/* The header groups: labels centred over their columns, a rule under each. */
static void text_groups(const adx__view_t *v, const size_t *w, adx__sb_t *b)
{
    for (int rule = 0; rule < 2; rule++) {
        for (size_t j = 0; j < v->ncols; j++) {
            int start;
            const adx_span_t *s = adx__v_group(v, j, &start);
            if (j)
                adx__sb_str(b, "  ");
            if (!s) {
                adx__sb_repeat(b, " ", w[j]);
                continue;
            }
            size_t sw = w[j], lw = u8width(s->label);
            for (size_t q = 1; q < s->count; q++)
                sw += 2 + w[j + q];
            if (rule) {
                adx__sb_repeat(b, "-", sw);
            } else {
                adx__sb_repeat(b, " ", (sw - lw) / 2);
                adx__sb_str(b, s->label);
                adx__sb_repeat(b, " ", sw - lw - (sw - lw) / 2);
            }
            j += s->count - 1;
        }
        trim_line(b);
    }
}

/* Column widths: the widest cell or header; the columns under a header group
 * widen evenly until the group's label fits. Returns the total width. */
static size_t text_widths(const adx__view_t *v, size_t *w)
{
    char buf[CELLBUF];
    for (size_t j = 0; j < v->ncols; j++) {
        w[j] = u8width(adx__v_header(v, j));
        for (size_t i = 0; i < v->t->nrows; i++) {
            size_t cw = u8width(adx__v_cell(v, i, j, buf));
            w[j] = cw > w[j] ? cw : w[j];
        }
    }
    if (v->span && v->ncols)
        w[0] += 2;
    for (size_t j = 0; j < v->ncols; j++) {
        int start;
        const adx_span_t *s = adx__v_group(v, j, &start);
        if (!s || !start)
            continue;
        size_t sw = w[j], lw = u8width(s->label);
        for (size_t q = 1; q < s->count; q++)
            sw += 2 + w[j + q];
        for (size_t q = 0; lw > sw && q < s->count; q++)
            w[j + q] += (lw - sw) / s->count + (q < (lw - sw) % s->count);
    }
    size_t total = 0;
    for (size_t j = 0; j < v->ncols; j++)
        total += w[j] + (j ? 2 : 0);
    return total;
}

static void text_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b)
{
    adx__view_t v = begin_table(r, t, b, plain, "", "\n");
    size_t *w = calloc(v.ncols ? v.ncols : 1, sizeof *w);
    if (!w) {
        b->oom = 1;
        return;
    }
    size_t total = text_widths(&v, w);
    adx__sb_repeat(b, "-", total);
    adx__sb_str(b, "\n");
    if (t->ncolgroups)
        text_groups(&v, w, b);
    text_line(&v, w, (size_t)-1, b);
    adx__sb_repeat(b, "-", total);
    adx__sb_str(b, "\n");
    for (size_t i = 0; i < t->nrows; i++) {
        const char *span = adx__v_span(&v, i);
        if (span)
            put_escaped(b, plain, "", span, "\n");
        text_line(&v, w, i, b);
    }
    adx__sb_repeat(b, "-", total);
    adx__sb_str(b, "\n");
    put_notes(b, t, plain, "Note. ", "", "\n");
    free(w);
}

/* ---- Markdown --------------------------------------------------------------------- */

static void md_escape(adx__sb_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            adx__sb_str(b, "\\|");
        else if (*s == '*')
            adx__sb_str(b, "\\*");
        else
            adx__sb_put(b, s, 1);
    }
}

/* Markdown has one header row: a grouped column's header is "Group: Column". */
static void md_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b)
{
    adx__view_t v = begin_table(r, t, b, md_escape, "**", "**\n\n");
    char buf[CELLBUF];
    adx__sb_str(b, "|");
    for (size_t j = 0; j < v.ncols; j++) {
        int start;
        const adx_span_t *s = adx__v_group(&v, j, &start);
        adx__sb_str(b, " ");
        if (s) {
            md_escape(b, s->label);
            adx__sb_str(b, ": ");
        }
        md_escape(b, adx__v_header(&v, j));
        adx__sb_str(b, " |");
    }
    adx__sb_str(b, "\n|");
    for (size_t j = 0; j < v.ncols; j++)
        adx__sb_str(b, adx__v_left(&v, j) ? ":---|" : "---:|");
    adx__sb_str(b, "\n");
    for (size_t i = 0; i < t->nrows; i++) {
        const char *span = adx__v_span(&v, i);
        if (span) { /* Markdown cannot span: the label in the first cell, in italics */
            put_escaped(b, md_escape, "| *", span, "* |");
            adx__sb_repeat(b, " |", v.ncols - 1);
            adx__sb_str(b, "\n");
        }
        adx__sb_str(b, "|");
        for (size_t j = 0; j < v.ncols; j++) {
            put_escaped(b, md_escape, " ", adx__v_cell(&v, i, j, buf), " |");
        }
        adx__sb_str(b, "\n");
    }
    if (t->nnotes)
        adx__sb_str(b, "\n");
    put_notes(b, t, md_escape, "*Note.* ", "", "\n");
}

/* ---- HTML ------------------------------------------------------------------------- */

static void html_escape(adx__sb_t *b, const char *s)
{
    adx__sb_xml(b, s, 0);
}

/* A header in HTML with the APA symbols in italics. */
static void html_emit(void *u, const char *s, size_t n, int italic)
{
    if (italic)
        adx__sb_str(u, "<i>");
    for (size_t i = 0; i < n; i++)
        html_escape(u, (char[]){s[i], 0});
    if (italic)
        adx__sb_str(u, "</i>");
}

static void html_header(adx__sb_t *b, const char *h)
{
    adx__apa_header(h, html_emit, b);
}

/* Opens a cell; the style sheet aligns the first cell of a row left and the
 * others right, so only a cell that differs gets a class. */
static void html_open(const adx__view_t *v, size_t j, const char *tag, const char *attr, int first,
                      adx__sb_t *b)
{
    int left = adx__v_left(v, j);
    adx__sb_printf(b, "<%s%s%s>", tag, attr,
                   left && !first ? " class=\"l\"" : !left && first ? " class=\"r\"" : "");
}

static void html_head(const adx__view_t *v, adx__sb_t *b)
{
    adx__sb_str(b, "<thead><tr>");
    for (size_t j = 0; j < v->ncols; j++) {
        int start;
        const adx_span_t *s = adx__v_group(v, j, &start);
        if (s && start) {
            adx__sb_printf(b, "<th colspan=\"%zu\" class=\"g\">", s->count);
            html_header(b, s->label);
            adx__sb_str(b, "</th>");
        } else if (!s) {
            html_open(v, j, "th", v->t->ncolgroups ? " rowspan=\"2\"" : "", j == 0, b);
            html_header(b, adx__v_header(v, j));
            adx__sb_str(b, "</th>");
        }
    }
    if (v->t->ncolgroups) {
        adx__sb_str(b, "</tr>\n<tr>");
        int first = 1;
        for (size_t j = 0; j < v->ncols; j++) {
            int start;
            if (!adx__v_group(v, j, &start))
                continue;
            html_open(v, j, "th", "", first, b);
            first = 0;
            html_header(b, adx__v_header(v, j));
            adx__sb_str(b, "</th>");
        }
    }
    adx__sb_str(b, "</tr></thead>\n");
}

/* An APA caption in element `tag`: the number in bold, the title in italics below it. */
static void html_caption(adx__sb_t *b, const char *tag, const char *text)
{
    char label[64];
    const char *title = adx__caption_split(text, label, sizeof label);
    adx__sb_printf(b, "<%s>", tag);
    if (*label)
        put_escaped(b, html_escape, "<strong>", label, "</strong><br>");
    put_escaped(b, html_escape, "<em>", title, "</em>");
    adx__sb_printf(b, "</%s>\n", tag);
}

static void html_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b)
{
    adx__sb_str(b, "<table>\n");
    adx__view_t v = adx__view_of(r, t);
    if (t->title)
        html_caption(b, "caption", t->title);
    char buf[CELLBUF], apa[CELLBUF];
    html_head(&v, b);
    adx__sb_str(b, "<tbody>\n");
    for (size_t i = 0; i < t->nrows; i++) {
        const char *span = adx__v_span(&v, i);
        if (span) {
            adx__sb_printf(b, "<tr><td colspan=\"%zu\" class=\"s\">", v.ncols);
            put_escaped(b, html_escape, "", span, "</td></tr>\n");
        }
        adx__sb_str(b, "<tr>");
        for (size_t j = 0; j < v.ncols; j++) {
            html_open(&v, j, "td", "", j == 0, b);
            html_escape(b, adx__apa_cell(&v, j, adx__v_cell(&v, i, j, buf), apa));
            adx__sb_str(b, "</td>");
        }
        adx__sb_str(b, "</tr>\n");
    }
    adx__sb_str(b, "</tbody>\n</table>\n");
    put_notes(b, t, html_escape, "<p class=\"note\"><em>Note.</em> ", "<p class=\"note\">",
              "</p>\n");
}

/* ---- CSV -------------------------------------------------------------------------- */

static void csv_field(adx__sb_t *b, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        adx__sb_str(b, s);
        return;
    }
    adx__sb_str(b, "\"");
    for (; *s; s++) {
        if (*s == '"')
            adx__sb_str(b, "\"\"");
        else
            adx__sb_put(b, s, 1);
    }
    adx__sb_str(b, "\"");
}

/* CSV is data only: no title line (the table's title belongs in the file name).
 * Header groups become a row above the headers, each label in its first column; spanning
 * row groups a leading column with the group's label on each of its rows. */
static void csv_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b)
{
    adx__view_t v = adx__view_data(r, t);
    char buf[CELLBUF];
    for (size_t pass = t->ncolgroups ? 0 : 1; pass < 2 + t->nrows; pass++) {
        for (size_t j = 0; j < v.ncols; j++) {
            int start;
            const adx_span_t *s = pass ? NULL : adx__v_group(&v, j, &start);
            if (j)
                adx__sb_str(b, ",");
            csv_field(b, pass == 0   ? (s && start ? s->label : "")
                         : pass == 1 ? adx__v_header(&v, j)
                                     : adx__v_cell(&v, pass - 2, j, buf));
        }
        adx__sb_str(b, "\n");
    }
}

/* ---- LaTeX ------------------------------------------------------------------------ */

static void latex_escape(adx__sb_t *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xA0) {
            adx__sb_str(b, "$^\\dagger$");
            s += 2;
            continue;
        }
        if (c == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x94) {
            adx__sb_str(b, "---");
            s += 2;
            continue;
        }
        switch (c) {
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            adx__sb_printf(b, "\\%c", c);
            break;
        case '~': adx__sb_str(b, "\\textasciitilde{}"); break;
        case '^': adx__sb_str(b, "\\textasciicircum{}"); break;
        case '\\': adx__sb_str(b, "\\textbackslash{}"); break;
        case '<': adx__sb_str(b, "$<$"); break;
        case '>': adx__sb_str(b, "$>$"); break;
        default: adx__sb_put(b, s, 1);
        }
    }
}

/* Header groups: \multicolumn labels with a \cmidrule under each. */
static void latex_groups(const adx__view_t *v, adx__sb_t *b)
{
    for (size_t j = 0; j < v->ncols; j++) {
        int start;
        const adx_span_t *s = adx__v_group(v, j, &start);
        if (j)
            adx__sb_str(b, " & ");
        if (s) {
            adx__sb_printf(b, "\\multicolumn{%zu}{c}{", s->count);
            latex_escape(b, s->label);
            adx__sb_str(b, "}");
            j += s->count - 1;
        }
    }
    adx__sb_str(b, " \\\\\n");
    for (size_t k = 0; k < v->t->ncolgroups; k++) {
        const adx_span_t *s = &v->t->colgroups[k];
        adx__sb_printf(b, "\\cmidrule(lr){%zu-%zu}", v->g + s->first + 1,
                       v->g + s->first + s->count);
    }
    adx__sb_str(b, "\n");
}

static void latex_table(const adx_report_t *r, const adx_table_t *t, adx__sb_t *b)
{
    adx__sb_str(b, "\\begin{table}[htbp]\n\\centering\n");
    adx__view_t v = begin_table(r, t, b, latex_escape, "\\caption{", "}\n");
    char buf[CELLBUF];
    adx__sb_str(b, "\\begin{tabular}{");
    for (size_t j = 0; j < v.ncols; j++)
        adx__sb_str(b, adx__v_left(&v, j) ? "l" : "r");
    adx__sb_str(b, "}\n\\toprule\n");
    if (t->ncolgroups)
        latex_groups(&v, b);
    for (size_t i = 0; i <= t->nrows; i++) {
        const char *span = i ? adx__v_span(&v, i - 1) : NULL;
        if (span) {
            adx__sb_printf(b, "\\multicolumn{%zu}{l}{\\textit{", v.ncols);
            put_escaped(b, latex_escape, "", span, "}} \\\\\n");
        }
        for (size_t j = 0; j < v.ncols; j++) {
            if (j)
                adx__sb_str(b, " & ");
            latex_escape(b, i ? adx__v_cell(&v, i - 1, j, buf) : adx__v_header(&v, j));
        }
        adx__sb_str(b, i ? " \\\\\n" : " \\\\\n\\midrule\n");
    }
    adx__sb_str(b, "\\bottomrule\n\\end{tabular}\n");
    put_notes(b, t, latex_escape, "\\par\\footnotesize\\textit{Note.} ", "\\par\\footnotesize ",
              "\n");
    adx__sb_str(b, "\\end{table}\n\n");
}

/* ---- documents -------------------------------------------------------------------- */

/* Wraps text at `width` columns (text output). */
static void text_wrap(adx__sb_t *b, const char *s, size_t width)
{
    size_t col = 0;
    while (*s) {
        const char *w = s;
        while (*w && *w != ' ')
            w++;
        size_t len = (size_t)(w - s);
        if (col && col + 1 + len > width) {
            adx__sb_str(b, "\n");
            col = 0;
        } else if (col) {
            adx__sb_str(b, " ");
            col++;
        }
        adx__sb_put(b, s, len);
        col += len;
        s = *w ? w + 1 : w;
    }
    adx__sb_str(b, "\n");
}

static void render_text(const adx_report_t *r, adx__sb_t *b)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        if (i)
            adx__sb_str(b, "\n");
        switch (k->kind) {
        case ADX_BLOCK_TABLE: text_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            adx__sb_printf(b, "%s\n", k->text);
            adx__sb_repeat(b, k->level <= 1 ? "=" : "-", u8width(k->text));
            adx__sb_str(b, "\n");
            break;
        case ADX_BLOCK_PARAGRAPH: text_wrap(b, k->text, 90); break;
        case ADX_BLOCK_FIGURE:
            adx__sb_printf(b, "[%s%s%s]\n", k->caption, k->path ? " - " : "", k->path ? k->path : "");
            break;
        }
    }
}

static void render_md(const adx_report_t *r, adx__sb_t *b)
{
    size_t nfig = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        if (i)
            adx__sb_str(b, "\n");
        switch (k->kind) {
        case ADX_BLOCK_TABLE: md_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            adx__sb_repeat(b, "#", (size_t)(k->level < 1 ? 1 : k->level));
            put_escaped(b, md_escape, " ", k->text, "\n");
            break;
        case ADX_BLOCK_PARAGRAPH:
            md_escape(b, k->text);
            adx__sb_str(b, "\n");
            break;
        case ADX_BLOCK_FIGURE: {
            char cap[CELLBUF];
            const char *c = adx__figure_caption(k->caption, ++nfig, cap, sizeof cap);
            if (k->path)
                adx__sb_printf(b, "![%s](%s)\n", c, k->path);
            else
                adx__sb_printf(b, "*%s*\n", c);
            if (k->note)
                put_escaped(b, md_escape, "\n*Note.* ", k->note, "\n");
            break;
        }
        }
    }
}

/* Copies an inline SVG with every id made unique in the document: id="X" becomes
 * id="fN-X", and the references to it (href="#X", xlink:href="#X", url(#X)) follow.
 * Without it, the figures of one page share cairo's glyph ids (glyph0-1, ...) and a
 * browser draws the later figures' letters with the first figure's glyphs. */
static void html_svg(adx__sb_t *b, const char *svg, size_t fig)
{
    static const char *const marks[] = {" id=\"", "href=\"#", "url(#"};
    char pfx[32];
    snprintf(pfx, sizeof pfx, "f%zu-", fig);
    while (*svg) {
        const char *hit = NULL, *mark = NULL;
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
            const char *h = strstr(svg, marks[k]);
            if (h && (!hit || h < hit))
                hit = h, mark = marks[k];
        }
        if (!hit) {
            adx__sb_str(b, svg);
            return;
        }
        size_t n = (size_t)(hit - svg) + strlen(mark);
        adx__sb_put(b, svg, n);
        adx__sb_str(b, pfx);
        svg += n;
    }
}

static void render_html(const adx_report_t *r, adx__sb_t *b)
{
    size_t nfig = 0;
    adx__sb_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(b, r->title ? r->title : "ambidex report");
    adx__sb_str(b, "</title>\n<style>\n"
              "body{font-family:Georgia,'Times New Roman',serif;margin:2em auto;max-width:76em;"
              "padding:0 1em;color:#111;line-height:1.45}\n"
              "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2em}h3{font-size:1.1em}\n"
              ".tw{overflow-x:auto;max-width:100%}\n"
              "table{border-collapse:collapse;margin:1.5em 0 .5em;font-size:.88em}\n"
              "caption{text-align:left;padding-bottom:.4em}\n"
              "thead tr:first-child th{border-top:2px solid #000}thead th{border-bottom:1px solid #000}\n"
              "tbody tr:last-child td{border-bottom:2px solid #000}\n"
              "th,td{padding:.2em .6em;text-align:right;white-space:nowrap}\n"
              "th:first-child,td:first-child{text-align:left;white-space:normal;max-width:30em}\n"
              "th.l,td.l{text-align:left}th.r,td.r{text-align:right}th.g{text-align:center}\n"
              "p.note{font-size:.85em;margin:.2em 0}\n"
              "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}\n"
              "figcaption{font-size:.95em;margin-bottom:.4em}\n"
              "td.l{white-space:normal;min-width:12em}\n"
              "td.s{font-style:italic;max-width:none;padding-top:.4em}\n"
              "thead th{white-space:normal;overflow-wrap:anywhere}\n"
              "</style>\n</head>\n<body>\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        switch (k->kind) {
        case ADX_BLOCK_TABLE:
            adx__sb_str(b, "<div class=\"tw\">\n");
            html_table(r, k->table, b);
            adx__sb_str(b, "</div>\n");
            break;
        case ADX_BLOCK_HEADING: {
            int lv = k->level < 1 ? 1 : (k->level > 4 ? 4 : k->level);
            adx__sb_printf(b, "<h%d>", lv);
            html_escape(b, k->text);
            adx__sb_printf(b, "</h%d>\n", lv);
            break;
        }
        case ADX_BLOCK_PARAGRAPH:
            put_escaped(b, html_escape, "<p>", k->text, "</p>\n");
            break;
        case ADX_BLOCK_FIGURE: {
            /* Inline the SVG, without any XML declaration before <svg. */
            const char *svg = strstr(k->text, "<svg");
            char cap[CELLBUF];
            adx__sb_printf(b, "<figure id=\"figure-%zu\">\n", ++nfig);
            html_caption(b, "figcaption", adx__figure_caption(k->caption, nfig, cap, sizeof cap));
            html_svg(b, svg ? svg : "", nfig);
            if (k->note)
                put_escaped(b, html_escape, "\n<p class=\"note\"><em>Note.</em> ", k->note, "</p>");
            adx__sb_str(b, "\n</figure>\n");
            break;
        }
        }
    }
    adx__sb_str(b, "</body>\n</html>\n");
}

static void render_csv(const adx_report_t *r, adx__sb_t *b)
{
    int first = 1;
    for (size_t i = 0; i < r->nblocks; i++) {
        if (r->blocks[i].kind != ADX_BLOCK_TABLE)
            continue;
        if (!first)
            adx__sb_str(b, "\n");
        first = 0;
        csv_table(r, r->blocks[i].table, b);
    }
}

static void render_latex(const adx_report_t *r, adx__sb_t *b)
{
    adx__sb_str(b, "% Generated by ambidex; needs \\usepackage{booktabs}\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        switch (k->kind) {
        case ADX_BLOCK_TABLE: latex_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            adx__sb_str(b, k->level <= 1 ? "\\section*{" : k->level == 2 ? "\\subsection*{"
                                                                   : "\\subsubsection*{");
            latex_escape(b, k->text);
            adx__sb_str(b, "}\n\n");
            break;
        case ADX_BLOCK_PARAGRAPH:
            latex_escape(b, k->text);
            adx__sb_str(b, "\n\n");
            break;
        case ADX_BLOCK_FIGURE:
            adx__sb_str(b, "% Figure: ");
            latex_escape(b, k->caption);
            if (k->path)
                adx__sb_printf(b, " (SVG: %s; convert to PDF to include it)", k->path);
            adx__sb_str(b, "\n\n");
            break;
        }
    }
}

adx_error_t adx_report_render(const adx_report_t *r, adx_format_t fmt, char **out,
                              size_t *len, adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    *out = NULL;
    switch (fmt) {
    case ADX_FMT_TEXT: render_text(r, &b); break;
    case ADX_FMT_MD: render_md(r, &b); break;
    case ADX_FMT_HTML: render_html(r, &b); break;
    case ADX_FMT_CSV: render_csv(r, &b); break;
    case ADX_FMT_LATEX: render_latex(r, &b); break;
    case ADX_FMT_JSON: {
        if (!r->json)
            return adx_err(ctx, ADX_EUNSUPPORTED, "this analysis has no JSON output");
        char *s = cJSON_Print(r->json);
        if (!s)
            return adx_oom(ctx);
        adx__sb_str(&b, s);
        adx__sb_str(&b, "\n");
        cJSON_free(s);
        break;
    }
    case ADX_FMT_DOCX:
    case ADX_FMT_PDF:
        return adx_err(ctx, ADX_EUSAGE, "Word and PDF output go to a file: give -o FILE.%s",
                       fmt == ADX_FMT_PDF ? "pdf" : "docx");
    default:
        return adx_err(ctx, ADX_EUSAGE, "unknown output format");
    }
    size_t n = b.len;
    if (!(*out = adx__sb_take(&b)))
        return adx_oom(ctx);
    if (len)
        *len = n;
    return ADX_OK;
}
