/* Renderers: report tables -> text, Markdown, HTML, CSV, LaTeX; JSON from the
 * report's JSON object. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report.h"

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} sb_t;

static void sb_put(sb_t *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void sb_str(sb_t *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_printf(sb_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_printf(sb_t *b, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_put(b, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void sb_repeat(sb_t *b, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        sb_str(b, s);
}

/* Display width of UTF-8 text (code points). */
static size_t u8width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

#define CELLBUF 512

static void cell_text(const adx_report_t *r, const adx_table_t *t, size_t i, size_t j, char *buf)
{
    adx_cell_format(&t->cells[i * t->ncols + j], r->decimals, buf, CELLBUF);
}

static void text_table(const adx_report_t *r, const adx_table_t *t, sb_t *b)
{
    char buf[CELLBUF];
    {
        size_t *w = calloc(t->ncols ? t->ncols : 1, sizeof *w);
        if (!w) {
            b->oom = 1;
            return;
        }
        size_t total = 0;
        for (size_t j = 0; j < t->ncols; j++) {
            w[j] = u8width(t->colnames[j]);
            for (size_t i = 0; i < t->nrows; i++) {
                cell_text(r, t, i, j, buf);
                size_t cw = u8width(buf);
                if (cw > w[j])
                    w[j] = cw;
            }
            total += w[j] + (j ? 2 : 0);
        }
        if (t->title)
            sb_printf(b, "%s\n", t->title);
        sb_repeat(b, "-", total);
        sb_str(b, "\n");
        for (int pass = 0; pass <= (int)t->nrows; pass++) {
            for (size_t j = 0; j < t->ncols; j++) {
                const char *s;
                if (pass == 0) {
                    s = t->colnames[j];
                } else {
                    cell_text(r, t, (size_t)pass - 1, j, buf);
                    s = buf;
                }
                size_t pad = w[j] - u8width(s);
                if (j)
                    sb_str(b, "  ");
                if (j == 0) {
                    sb_str(b, s);
                    if (t->ncols > 1)
                        sb_repeat(b, " ", pad);
                } else {
                    sb_repeat(b, " ", pad);
                    sb_str(b, s);
                }
            }
            while (b->len && b->s[b->len - 1] == ' ')
                b->s[--b->len] = 0;
            sb_str(b, "\n");
            if (pass == 0) {
                sb_repeat(b, "-", total);
                sb_str(b, "\n");
            }
        }
        sb_repeat(b, "-", total);
        sb_str(b, "\n");
        for (size_t k = 0; k < t->nnotes; k++)
            sb_printf(b, "%s%s\n", k ? "" : "Note. ", t->notes[k]);
        free(w);
    }
}

static void md_escape(sb_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            sb_str(b, "\\|");
        else if (*s == '*')
            sb_str(b, "\\*");
        else
            sb_put(b, s, 1);
    }
}

static void md_table(const adx_report_t *r, const adx_table_t *t, sb_t *b)
{
    char buf[CELLBUF];
    {
        if (t->title) {
            sb_str(b, "**");
            md_escape(b, t->title);
            sb_str(b, "**\n\n");
        }
        sb_str(b, "|");
        for (size_t j = 0; j < t->ncols; j++) {
            sb_str(b, " ");
            md_escape(b, t->colnames[j]);
            sb_str(b, " |");
        }
        sb_str(b, "\n|");
        for (size_t j = 0; j < t->ncols; j++)
            sb_str(b, j ? "---:|" : ":---|");
        sb_str(b, "\n");
        for (size_t i = 0; i < t->nrows; i++) {
            sb_str(b, "|");
            for (size_t j = 0; j < t->ncols; j++) {
                cell_text(r, t, i, j, buf);
                sb_str(b, " ");
                md_escape(b, buf);
                sb_str(b, " |");
            }
            sb_str(b, "\n");
        }
        if (t->nnotes)
            sb_str(b, "\n");
        for (size_t k = 0; k < t->nnotes; k++) {
            sb_str(b, k ? "" : "*Note.* ");
            md_escape(b, t->notes[k]);
            sb_str(b, "\n");
        }
    }
}

static void html_escape(sb_t *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_str(b, "&amp;"); break;
        case '<': sb_str(b, "&lt;"); break;
        case '>': sb_str(b, "&gt;"); break;
        case '"': sb_str(b, "&quot;"); break;
        default: sb_put(b, s, 1);
        }
    }
}

static void html_table(const adx_report_t *r, const adx_table_t *t, sb_t *b)
{
    char buf[CELLBUF];
    {
        sb_str(b, "<table>\n");
        if (t->title) {
            sb_str(b, "<caption>");
            html_escape(b, t->title);
            sb_str(b, "</caption>\n");
        }
        sb_str(b, "<thead><tr>");
        for (size_t j = 0; j < t->ncols; j++) {
            sb_str(b, "<th>");
            html_escape(b, t->colnames[j]);
            sb_str(b, "</th>");
        }
        sb_str(b, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < t->nrows; i++) {
            sb_str(b, "<tr>");
            for (size_t j = 0; j < t->ncols; j++) {
                cell_text(r, t, i, j, buf);
                sb_str(b, "<td>");
                html_escape(b, buf);
                sb_str(b, "</td>");
            }
            sb_str(b, "</tr>\n");
        }
        sb_str(b, "</tbody>\n</table>\n");
        for (size_t k = 0; k < t->nnotes; k++) {
            sb_str(b, k ? "<p class=\"note\">" : "<p class=\"note\"><em>Note.</em> ");
            html_escape(b, t->notes[k]);
            sb_str(b, "</p>\n");
        }
    }
}

static void csv_field(sb_t *b, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        sb_str(b, s);
        return;
    }
    sb_str(b, "\"");
    for (; *s; s++) {
        if (*s == '"')
            sb_str(b, "\"\"");
        else
            sb_put(b, s, 1);
    }
    sb_str(b, "\"");
}

static void csv_table(const adx_report_t *r, const adx_table_t *t, sb_t *b)
{
    char buf[CELLBUF];
    {
        if (t->title) {
            csv_field(b, t->title);
            sb_str(b, "\n");
        }
        for (size_t j = 0; j < t->ncols; j++) {
            if (j)
                sb_str(b, ",");
            csv_field(b, t->colnames[j]);
        }
        sb_str(b, "\n");
        for (size_t i = 0; i < t->nrows; i++) {
            for (size_t j = 0; j < t->ncols; j++) {
                if (j)
                    sb_str(b, ",");
                cell_text(r, t, i, j, buf);
                csv_field(b, buf);
            }
            sb_str(b, "\n");
        }
    }
}

static void latex_escape(sb_t *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xA0) {
            sb_str(b, "$^\\dagger$");
            s += 2;
            continue;
        }
        if (c == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x94) {
            sb_str(b, "---");
            s += 2;
            continue;
        }
        switch (c) {
        case '&': case '%': case '$': case '#': case '_': case '{': case '}':
            sb_printf(b, "\\%c", c);
            break;
        case '~': sb_str(b, "\\textasciitilde{}"); break;
        case '^': sb_str(b, "\\textasciicircum{}"); break;
        case '\\': sb_str(b, "\\textbackslash{}"); break;
        case '<': sb_str(b, "$<$"); break;
        case '>': sb_str(b, "$>$"); break;
        default: sb_put(b, s, 1);
        }
    }
}

static void latex_table(const adx_report_t *r, const adx_table_t *t, sb_t *b)
{
    char buf[CELLBUF];
    {
        sb_str(b, "\\begin{table}[htbp]\n\\centering\n");
        if (t->title) {
            sb_str(b, "\\caption{");
            latex_escape(b, t->title);
            sb_str(b, "}\n");
        }
        sb_str(b, "\\begin{tabular}{");
        for (size_t j = 0; j < t->ncols; j++)
            sb_str(b, j ? "r" : "l");
        sb_str(b, "}\n\\toprule\n");
        for (size_t j = 0; j < t->ncols; j++) {
            if (j)
                sb_str(b, " & ");
            latex_escape(b, t->colnames[j]);
        }
        sb_str(b, " \\\\\n\\midrule\n");
        for (size_t i = 0; i < t->nrows; i++) {
            for (size_t j = 0; j < t->ncols; j++) {
                if (j)
                    sb_str(b, " & ");
                cell_text(r, t, i, j, buf);
                latex_escape(b, buf);
            }
            sb_str(b, " \\\\\n");
        }
        sb_str(b, "\\bottomrule\n\\end{tabular}\n");
        for (size_t k = 0; k < t->nnotes; k++) {
            sb_str(b, k ? "\\par\\footnotesize " : "\\par\\footnotesize\\textit{Note.} ");
            latex_escape(b, t->notes[k]);
            sb_str(b, "\n");
        }
        sb_str(b, "\\end{table}\n\n");
    }
}

/* Wraps text at `width` columns (text output). */
static void text_wrap(sb_t *b, const char *s, size_t width)
{
    size_t col = 0;
    while (*s) {
        const char *w = s;
        while (*w && *w != ' ')
            w++;
        size_t len = (size_t)(w - s);
        if (col && col + 1 + len > width) {
            sb_str(b, "\n");
            col = 0;
        } else if (col) {
            sb_str(b, " ");
            col++;
        }
        sb_put(b, s, len);
        col += len;
        s = *w ? w + 1 : w;
    }
    sb_str(b, "\n");
}

static void render_text(const adx_report_t *r, sb_t *b)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        if (i)
            sb_str(b, "\n");
        switch (k->kind) {
        case ADX_BLOCK_TABLE: text_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            sb_printf(b, "%s\n", k->text);
            sb_repeat(b, k->level <= 1 ? "=" : "-", u8width(k->text));
            sb_str(b, "\n");
            break;
        case ADX_BLOCK_PARAGRAPH: text_wrap(b, k->text, 90); break;
        case ADX_BLOCK_FIGURE:
            sb_printf(b, "[%s%s%s]\n", k->caption, k->path ? " - " : "", k->path ? k->path : "");
            break;
        }
    }
}

static void render_md(const adx_report_t *r, sb_t *b)
{
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        if (i)
            sb_str(b, "\n");
        switch (k->kind) {
        case ADX_BLOCK_TABLE: md_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            sb_repeat(b, "#", (size_t)(k->level < 1 ? 1 : k->level));
            sb_str(b, " ");
            md_escape(b, k->text);
            sb_str(b, "\n");
            break;
        case ADX_BLOCK_PARAGRAPH:
            md_escape(b, k->text);
            sb_str(b, "\n");
            break;
        case ADX_BLOCK_FIGURE:
            if (k->path)
                sb_printf(b, "![%s](%s)\n", k->caption, k->path);
            else
                sb_printf(b, "*%s*\n", k->caption);
            break;
        }
    }
}

static void render_html(const adx_report_t *r, sb_t *b)
{
    sb_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(b, r->title ? r->title : "ambidex report");
    sb_str(b, "</title>\n<style>\n"
              "body{font-family:Georgia,'Times New Roman',serif;margin:2em auto;max-width:76em;"
              "padding:0 1em;color:#111;line-height:1.45}\n"
              "h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2em}h3{font-size:1.1em}\n"
              ".tw{overflow-x:auto;max-width:100%}\n"
              "table{border-collapse:collapse;margin:1.5em 0 .5em;font-size:.88em}\n"
              "caption{text-align:left;font-style:italic;padding-bottom:.4em}\n"
              "thead th{border-top:2px solid #000;border-bottom:1px solid #000}\n"
              "tbody tr:last-child td{border-bottom:2px solid #000}\n"
              "th,td{padding:.2em .6em;text-align:right;white-space:nowrap}\n"
              "th:first-child,td:first-child{text-align:left;white-space:normal;max-width:30em}\n"
              "p.note{font-size:.85em;margin:.2em 0}\n"
              "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}\n"
              "figcaption{font-style:italic;font-size:.95em}\n"
              "</style>\n</head>\n<body>\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        switch (k->kind) {
        case ADX_BLOCK_TABLE:
            sb_str(b, "<div class=\"tw\">\n");
            html_table(r, k->table, b);
            sb_str(b, "</div>\n");
            break;
        case ADX_BLOCK_HEADING: {
            int lv = k->level < 1 ? 1 : (k->level > 4 ? 4 : k->level);
            sb_printf(b, "<h%d>", lv);
            html_escape(b, k->text);
            sb_printf(b, "</h%d>\n", lv);
            break;
        }
        case ADX_BLOCK_PARAGRAPH:
            sb_str(b, "<p>");
            html_escape(b, k->text);
            sb_str(b, "</p>\n");
            break;
        case ADX_BLOCK_FIGURE: {
            /* Inline the SVG, without any XML declaration before <svg. */
            const char *svg = strstr(k->text, "<svg");
            sb_str(b, "<figure>\n");
            sb_str(b, svg ? svg : "");
            sb_str(b, "\n<figcaption>");
            html_escape(b, k->caption);
            sb_str(b, "</figcaption>\n</figure>\n");
            break;
        }
        }
    }
    sb_str(b, "</body>\n</html>\n");
}

static void render_csv(const adx_report_t *r, sb_t *b)
{
    int first = 1;
    for (size_t i = 0; i < r->nblocks; i++) {
        if (r->blocks[i].kind != ADX_BLOCK_TABLE)
            continue;
        if (!first)
            sb_str(b, "\n");
        first = 0;
        csv_table(r, r->blocks[i].table, b);
    }
}

static void render_latex(const adx_report_t *r, sb_t *b)
{
    sb_str(b, "% Generated by ambidex; needs \\usepackage{booktabs}\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        switch (k->kind) {
        case ADX_BLOCK_TABLE: latex_table(r, k->table, b); break;
        case ADX_BLOCK_HEADING:
            sb_str(b, k->level <= 1 ? "\\section*{" : k->level == 2 ? "\\subsection*{"
                                                                   : "\\subsubsection*{");
            latex_escape(b, k->text);
            sb_str(b, "}\n\n");
            break;
        case ADX_BLOCK_PARAGRAPH:
            latex_escape(b, k->text);
            sb_str(b, "\n\n");
            break;
        case ADX_BLOCK_FIGURE:
            sb_str(b, "% Figure: ");
            latex_escape(b, k->caption);
            if (k->path)
                sb_printf(b, " (SVG: %s; convert to PDF to include it)", k->path);
            sb_str(b, "\n\n");
            break;
        }
    }
}

adx_error_t adx_report_render(const adx_report_t *r, adx_format_t fmt, char **out,
                              size_t *len, adx_errctx_t *ctx)
{
    sb_t b = {0};
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
            return adx_err(ctx, ADX_ENOMEM, "out of memory");
        sb_str(&b, s);
        sb_str(&b, "\n");
        cJSON_free(s);
        break;
    }
    default:
        return adx_err(ctx, ADX_EUSAGE, "unknown output format");
    }
    if (b.oom || !b.s) {
        free(b.s);
        if (!b.oom) {
            /* An empty report renders as an empty document. */
            if (!(b.s = calloc(1, 1)))
                return adx_err(ctx, ADX_ENOMEM, "out of memory");
            *out = b.s;
            if (len)
                *len = 0;
            return ADX_OK;
        }
        return adx_err(ctx, ADX_ENOMEM, "out of memory");
    }
    *out = b.s;
    if (len)
        *len = b.len;
    return ADX_OK;
}
