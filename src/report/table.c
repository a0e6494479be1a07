/* The table model and the report container. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/base.h"
#include "ambidex/adx_report.h"

adx_table_t *adx_table_alloc(const char *title, size_t ncols, const char *const *colnames)
{
    adx_table_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    if ((title && !(t->title = adx__strdup(title))) ||
        !(t->colnames = calloc(ncols ? ncols : 1, sizeof(char *))) ||
        !(t->align = calloc(ncols ? ncols : 1, sizeof *t->align))) {
        adx_table_free(t);
        return NULL;
    }
    for (size_t j = 0; j < ncols; j++)
        if (!(t->colnames[j] = adx__strdup(colnames && colnames[j] ? colnames[j] : ""))) {
            adx_table_free(t);
            return NULL;
        }
    return t;
}

void adx_table_free(adx_table_t *t)
{
    if (!t)
        return;
    free(t->title);
    if (t->colnames)
        for (size_t j = 0; j < t->ncols; j++)
            free(t->colnames[j]);
    free(t->colnames);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    free(t->cells);
    adx__free_strings(t->notes, t->nnotes);
    free(t->align);
    for (size_t i = 0; i < t->ncolgroups; i++)
        free(t->colgroups[i].label);
    free(t->colgroups);
    for (size_t i = 0; i < t->nrowgroups; i++)
        free(t->rowgroups[i].label);
    ADX__FREE(t->rowgroups, t->rowgroup_header, t);
}

size_t adx_table_add_row(adx_table_t *t)
{
    adx_cell_t *c = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *c);
    if (!c)
        return (size_t)-1;
    t->cells = c;
    memset(c + t->nrows * t->ncols, 0, t->ncols * sizeof *c);
    if (t->nrowgroups)
        t->rowgroups[t->nrowgroups - 1].count++;
    return t->nrows++;
}

void adx_table_set_align(adx_table_t *t, size_t col, adx_align_t a)
{
    if (col < t->ncols)
        t->align[col] = a;
}

adx_align_t adx_table_col_align(const adx_table_t *t, size_t col)
{
    if (t->align[col] != ADX_ALIGN_AUTO)
        return t->align[col];
    for (size_t i = 0; i < t->nrows; i++)
        if (t->cells[i * t->ncols + col].kind == ADX_CELL_NUM)
            return ADX_ALIGN_RIGHT;
    return ADX_ALIGN_LEFT;
}

/* Appends a span to a list. */
static adx_error_t add_span(adx_span_t **list, size_t *n, size_t first, size_t count,
                            const char *label)
{
    adx_span_t *s = realloc(*list, (*n + 1) * sizeof *s);
    if (!s)
        return ADX_ENOMEM;
    *list = s;
    if (!(s[*n].label = adx__strdup(label ? label : "")))
        return ADX_ENOMEM;
    s[*n].first = first;
    s[*n].count = count;
    (*n)++;
    return ADX_OK;
}

adx_error_t adx_table_add_colgroup(adx_table_t *t, size_t first, size_t count,
                                   const char *label)
{
    if (first + count > t->ncols || !count)
        return ADX_EUSAGE;
    return add_span(&t->colgroups, &t->ncolgroups, first, count, label);
}

adx_error_t adx_table_begin_rowgroup(adx_table_t *t, const char *header, const char *label)
{
    if (!t->rowgroup_header && !(t->rowgroup_header = adx__strdup(header ? header : "")))
        return ADX_ENOMEM;
    return add_span(&t->rowgroups, &t->nrowgroups, t->nrows, 0, label);
}

void adx_table_set_rowgroup_style(adx_table_t *t, adx_rowgroup_style_t style)
{
    t->rowgroup_style = style;
}

adx_cell_t *adx_table_cell(adx_table_t *t, size_t row, size_t col)
{
    return &t->cells[row * t->ncols + col];
}

adx_error_t adx_table_set_text(adx_table_t *t, size_t row, size_t col, const char *text)
{
    adx_cell_t *c = adx_table_cell(t, row, col);
    free(c->text);
    c->kind = ADX_CELL_TEXT;
    c->text = adx__strdup(text ? text : "");
    return c->text ? ADX_OK : ADX_ENOMEM;
}

adx_error_t adx_table_set_num(adx_table_t *t, size_t row, size_t col, double v,
                              adx_numfmt_t fmt, int decimals, const char *suffix)
{
    adx_cell_t *c = adx_table_cell(t, row, col);
    free(c->text);
    c->text = NULL;
    c->kind = ADX_CELL_NUM;
    c->fmt = fmt;
    c->decimals = decimals;
    c->value = v;
    if (suffix && *suffix && !(c->text = adx__strdup(suffix)))
        return ADX_ENOMEM;
    return ADX_OK;
}

adx_error_t adx_table_add_note(adx_table_t *t, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **n = realloc(t->notes, (t->nnotes + 1) * sizeof *n);
    if (!n)
        return ADX_ENOMEM;
    t->notes = n;
    if (!(n[t->nnotes] = adx__strdup(buf)))
        return ADX_ENOMEM;
    t->nnotes++;
    return ADX_OK;
}

adx_report_t *adx_report_alloc(void)
{
    adx_report_t *r = calloc(1, sizeof *r);
    if (r)
        r->decimals = 3;
    return r;
}

static void block_clear(adx_block_t *b)
{
    ADX__FREE(b->text, b->caption, b->path, b->note);
}

void adx_report_free(adx_report_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ntables; i++)
        adx_table_free(r->tables[i]);
    free(r->tables);
    for (size_t i = 0; i < r->nblocks; i++)
        block_clear(&r->blocks[i]);
    ADX__FREE(r->blocks, r->title, r->methods);
    cJSON_Delete(r->json);
    free(r);
}

static adx_block_t *new_block(adx_report_t *r, adx_block_kind_t kind)
{
    adx_block_t *b = realloc(r->blocks, (r->nblocks + 1) * sizeof *b);
    if (!b)
        return NULL;
    r->blocks = b;
    b = &r->blocks[r->nblocks];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

adx_error_t adx_report_add_table(adx_report_t *r, adx_table_t *t)
{
    if (!t)
        return ADX_ENOMEM;
    adx_table_t **n = realloc(r->tables, (r->ntables + 1) * sizeof *n);
    adx_block_t *b = n ? (r->tables = n, new_block(r, ADX_BLOCK_TABLE)) : NULL;
    if (!b) {
        adx_table_free(t);
        return ADX_ENOMEM;
    }
    n[r->ntables++] = t;
    b->table = t;
    r->nblocks++;
    return ADX_OK;
}

void adx_report_remove_table(adx_report_t *r, size_t i)
{
    if (i >= r->ntables)
        return;
    adx_table_t *t = r->tables[i];
    for (size_t k = 0; k < r->nblocks; k++)
        if (r->blocks[k].kind == ADX_BLOCK_TABLE && r->blocks[k].table == t) {
            block_clear(&r->blocks[k]);
            memmove(r->blocks + k, r->blocks + k + 1, (r->nblocks - k - 1) * sizeof *r->blocks);
            r->nblocks--;
            break;
        }
    memmove(r->tables + i, r->tables + i + 1, (r->ntables - i - 1) * sizeof *r->tables);
    r->ntables--;
    adx_table_free(t);
}

adx_error_t adx_report_add_heading(adx_report_t *r, int level, const char *text)
{
    adx_block_t *b = new_block(r, ADX_BLOCK_HEADING);
    if (!b || !(b->text = adx__strdup(text ? text : "")))
        return ADX_ENOMEM;
    b->level = level;
    r->nblocks++;
    return ADX_OK;
}

adx_error_t adx_report_add_paragraph(adx_report_t *r, const char *text)
{
    adx_block_t *b = new_block(r, ADX_BLOCK_PARAGRAPH);
    if (!b || !(b->text = adx__strdup(text ? text : "")))
        return ADX_ENOMEM;
    r->nblocks++;
    return ADX_OK;
}

adx_error_t adx_report_add_figure(adx_report_t *r, const char *svg, const char *caption,
                                  const char *path)
{
    adx_block_t *b = new_block(r, ADX_BLOCK_FIGURE);
    if (!b)
        return ADX_ENOMEM;
    b->text = adx__strdup(svg ? svg : "");
    b->caption = adx__strdup(caption ? caption : "");
    b->path = path ? adx__strdup(path) : NULL;
    if (!b->text || !b->caption || (path && !b->path)) {
        block_clear(b);
        return ADX_ENOMEM;
    }
    r->nblocks++;
    return ADX_OK;
}

adx_error_t adx_report_figure_note(adx_report_t *r, const char *note)
{
    if (!r->nblocks || r->blocks[r->nblocks - 1].kind != ADX_BLOCK_FIGURE)
        return ADX_EUSAGE;
    adx_block_t *b = &r->blocks[r->nblocks - 1];
    char *n = note ? adx__strdup(note) : NULL;
    if (note && !n)
        return ADX_ENOMEM;
    free(b->note);
    b->note = n;
    return ADX_OK;
}

static adx_error_t prefix(char **s, const char *fmt, size_t n)
{
    char head[64];
    snprintf(head, sizeof head, fmt, n);
    size_t a = strlen(head), b = *s ? strlen(*s) : 0;
    char *d = malloc(a + b + 1);
    if (!d)
        return ADX_ENOMEM;
    memcpy(d, head, a);
    if (b)
        memcpy(d + a, *s, b);
    d[a + b] = 0;
    free(*s);
    *s = d;
    return ADX_OK;
}

adx_error_t adx_report_append(adx_report_t *dst, adx_report_t *src, int number_tables)
{
    size_t nfig = 0;
    for (size_t i = 0; i < dst->nblocks; i++)
        nfig += dst->blocks[i].kind == ADX_BLOCK_FIGURE;
    adx_table_t **t = realloc(dst->tables, (dst->ntables + src->ntables + 1) * sizeof *t);
    if (!t)
        return ADX_ENOMEM;
    dst->tables = t;
    adx_block_t *b = realloc(dst->blocks, (dst->nblocks + src->nblocks + 1) * sizeof *b);
    if (!b)
        return ADX_ENOMEM;
    dst->blocks = b;
    for (size_t i = 0; i < src->nblocks; i++) {
        adx_block_t *sb = &src->blocks[i];
        if (number_tables && sb->kind == ADX_BLOCK_TABLE &&
            prefix(&sb->table->title, "Table %zu. ", dst->ntables + 1))
            return ADX_ENOMEM;
        if (number_tables && sb->kind == ADX_BLOCK_FIGURE &&
            prefix(&sb->caption, "Figure %zu. ", ++nfig))
            return ADX_ENOMEM;
        if (sb->kind == ADX_BLOCK_TABLE)
            dst->tables[dst->ntables++] = sb->table;
        dst->blocks[dst->nblocks++] = *sb;
    }
    free(src->blocks);
    free(src->tables);
    src->blocks = NULL;
    src->tables = NULL;
    src->nblocks = src->ntables = 0;
    return ADX_OK;
}

const char *adx_stars(double p)
{
    if (isnan(p))
        return "";
    if (p < .001)
        return "***";
    if (p < .01)
        return "**";
    if (p < .05)
        return "*";
    if (p < .10)
        return "\xE2\x80\xA0"; /* dagger */
    return "";
}

void adx_cell_format(const adx_cell_t *c, int defdec, char *buf, size_t n)
{
    if (c->kind == ADX_CELL_EMPTY) {
        buf[0] = 0;
        return;
    }
    if (c->kind == ADX_CELL_TEXT) {
        snprintf(buf, n, "%s", c->text ? c->text : "");
        return;
    }
    const char *suf = c->text ? c->text : "";
    double v = c->value;
    if (isnan(v)) {
        buf[0] = 0;
        return;
    }
    switch (c->fmt) {
    case ADX_NUM_INT:
        snprintf(buf, n, "%.0f%s", v, suf);
        break;
    case ADX_NUM_PCT:
        snprintf(buf, n, "%.1f%s", v, suf);
        break;
    case ADX_NUM_P:
        if (v < .001) {
            snprintf(buf, n, "<.001%s", suf);
        } else {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "%.3f", v);
            /* APA: no leading zero for a p-value ("1.000" stays). */
            snprintf(buf, n, "%s%s", tmp[0] == '0' ? tmp + 1 : tmp, suf);
        }
        break;
    default: {
        int d = c->decimals >= 0 ? c->decimals : defdec;
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.*f", d, v);
        /* Avoid "-0.000". */
        int allzero = 1;
        for (const char *q = tmp; *q; q++)
            if (*q >= '1' && *q <= '9')
                allzero = 0;
        snprintf(buf, n, "%s%s", (allzero && tmp[0] == '-') ? tmp + 1 : tmp, suf);
    }
    }
}

int adx_format_for_file(const char *path)
{
    static const struct {
        const char *ext;
        adx_format_t fmt;
    } map[] = {{"txt", ADX_FMT_TEXT},  {"text", ADX_FMT_TEXT}, {"md", ADX_FMT_MD},
               {"markdown", ADX_FMT_MD}, {"html", ADX_FMT_HTML}, {"htm", ADX_FMT_HTML},
               {"csv", ADX_FMT_CSV},   {"json", ADX_FMT_JSON}, {"tex", ADX_FMT_LATEX},
               {"latex", ADX_FMT_LATEX}, {"docx", ADX_FMT_DOCX}, {"pdf", ADX_FMT_PDF}};
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return -2;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcasecmp(dot + 1, map[i].ext))
            return (int)map[i].fmt;
    return -1;
}

const char *adx_format_extensions(void)
{
    return ".txt, .md, .html, .csv, .json, .tex, .docx, .pdf";
}

int adx_format_parse(const char *name)
{
    static const char *names[] = {"text", "md", "html", "csv", "json", "latex", "docx", "pdf"};
    for (int i = 0; i < 8; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}
