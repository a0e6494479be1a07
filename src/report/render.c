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

static void render_text(const adx_report_t *r, sb_t *b)
{
    char buf[CELLBUF];
    for (size_t ti = 0; ti < r->ntables; ti++) {
        const adx_table_t *t = r->tables[ti];
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
        if (ti)
            sb_str(b, "\n");
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

static void render_md(const adx_report_t *r, sb_t *b)
{
    char buf[CELLBUF];
    for (size_t ti = 0; ti < r->ntables; ti++) {
        const adx_table_t *t = r->tables[ti];
        if (ti)
            sb_str(b, "\n");
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

static void render_html(const adx_report_t *r, sb_t *b)
{
    char buf[CELLBUF];
    sb_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<title>ambidex report</title>\n<style>\n"
              "body{font-family:Georgia,'Times New Roman',serif;margin:2em;color:#111}\n"
              "table{border-collapse:collapse;margin:1.5em 0}\n"
              "caption{text-align:left;font-style:italic;padding-bottom:.4em}\n"
              "thead th{border-top:2px solid #000;border-bottom:1px solid #000}\n"
              "tbody tr:last-child td{border-bottom:2px solid #000}\n"
              "th,td{padding:.2em .7em;text-align:right;white-space:nowrap}\n"
              "th:first-child,td:first-child{text-align:left}\n"
              "p.note{font-size:.9em;margin-top:-1em}\n"
              "</style>\n</head>\n<body>\n");
    for (size_t ti = 0; ti < r->ntables; ti++) {
        const adx_table_t *t = r->tables[ti];
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
    sb_str(b, "</body>\n</html>\n");
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

static void render_csv(const adx_report_t *r, sb_t *b)
{
    char buf[CELLBUF];
    for (size_t ti = 0; ti < r->ntables; ti++) {
        const adx_table_t *t = r->tables[ti];
        if (ti)
            sb_str(b, "\n");
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

static void render_latex(const adx_report_t *r, sb_t *b)
{
    char buf[CELLBUF];
    sb_str(b, "% Generated by ambidex; needs \\usepackage{booktabs}\n");
    for (size_t ti = 0; ti < r->ntables; ti++) {
        const adx_table_t *t = r->tables[ti];
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
        return adx_err(ctx, ADX_ENOMEM, "out of memory");
    }
    *out = b.s;
    if (len)
        *len = b.len;
    return ADX_OK;
}
