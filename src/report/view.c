/* A table as the renderers see it (view.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "view.h"

adx__view_t adx__view_of(const adx_report_t *r, const adx_table_t *t)
{
    int span = t->rowgroup_header && t->rowgroup_style == ADX_ROWGROUP_SPAN;
    adx__view_t v = {r, t, t->rowgroup_header != NULL && !span, 0, span, 0};
    v.ncols = v.g + t->ncols;
    return v;
}

adx__view_t adx__view_data(const adx_report_t *r, const adx_table_t *t)
{
    adx__view_t v = adx__view_of(r, t);
    if (v.span) {
        v.span = 0;
        v.repeat = v.g = 1;
        v.ncols = 1 + t->ncols;
    }
    return v;
}

const char *adx__v_span(const adx__view_t *v, size_t i)
{
    for (size_t k = 0; v->span && k < v->t->nrowgroups; k++)
        if (v->t->rowgroups[k].first == i && v->t->rowgroups[k].count)
            return v->t->rowgroups[k].label;
    return NULL;
}

const char *adx__v_header(const adx__view_t *v, size_t j)
{
    return v->g && j == 0 ? v->t->rowgroup_header : v->t->colnames[j - v->g];
}

/* The text of cell (i, j): for the row-group column, the group's label on the
 * group's first row and "" below it. */
const char *adx__v_cell(const adx__view_t *v, size_t i, size_t j, char *buf)
{
    if (v->g && j == 0) {
        for (size_t k = 0; k < v->t->nrowgroups; k++) {
            const adx_span_t *s = &v->t->rowgroups[k];
            if (s->count && (s->first == i || (v->repeat && i > s->first && i < s->first + s->count)))
                return s->label;
        }
        return "";
    }
    adx_cell_format(&v->t->cells[i * v->t->ncols + j - v->g], v->r->decimals, buf, CELLBUF);
    return buf;
}

int adx__v_left(const adx__view_t *v, size_t j)
{
    return (v->g && j == 0) || adx_table_col_align(v->t, j - v->g) == ADX_ALIGN_LEFT;
}

/* The header group that holds view column j (NULL if none); *start is set when
 * the group starts at j. */
const adx_span_t *adx__v_group(const adx__view_t *v, size_t j, int *start)
{
    *start = 0;
    if (v->g && j == 0)
        return NULL;
    for (size_t k = 0; k < v->t->ncolgroups; k++) {
        const adx_span_t *s = &v->t->colgroups[k];
        if (j - v->g >= s->first && j - v->g < s->first + s->count) {
            *start = j - v->g == s->first;
            return s;
        }
    }
    return NULL;
}

const char *adx__caption_split(const char *caption, char *buf, size_t n)
{
    buf[0] = 0;
    const char *words[] = {"Table ", "Figure "};
    for (size_t k = 0; k < 2; k++) {
        size_t len = strlen(words[k]);
        if (strncmp(caption, words[k], len))
            continue;
        const char *p = caption + len;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == caption + len || p[0] != '.' || p[1] != ' ')
            continue;
        snprintf(buf, n, "%.*s", (int)(p - caption), caption);
        return p + 2;
    }
    return caption;
}

const char *adx__figure_caption(const char *caption, size_t nfig, char *buf, size_t n)
{
    char label[64];
    caption = caption ? caption : "";
    adx__caption_split(caption, label, sizeof label);
    if (*label)
        return caption;
    snprintf(buf, n, "Figure %zu. %s", nfig, caption);
    return buf;
}

/* Whether s[0..n) is one of the words in list (NULL-terminated). */
static int word_in(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !strncmp(s, *list, n))
            return 1;
    return 0;
}

void adx__apa_header(const char *h, adx__emit_fn emit, void *u)
{
    static const char *const italic[] = {"M", "SD", "SE", "t", "p", "r", "b", "B", "F", "N",
                                         "n", "df", "z", "Z", "d", "k", "R", NULL};
    while (*h) {
        size_t n = 0;
        while (h[n] && (isalnum((unsigned char)h[n]) || h[n] == '_'))
            n++;
        if (n == 0) { /* punctuation or space: as is */
            emit(u, h, 1, 0);
            h++;
            continue;
        }
        if (n == 2 && !strncmp(h, "R2", 2)) {
            emit(u, "R", 1, 1);
            emit(u, "\xC2\xB2", 2, 0); /* R² */
        } else if (n == 4 && !strncmp(h, "chi2", 4)) {
            emit(u, "\xCF\x87\xC2\xB2", 4, 0); /* χ² */
        } else if (n == 4 && !strncmp(h, "Beta", 4)) {
            emit(u, "\xCE\xB2", 2, 0); /* β */
        } else {
            emit(u, h, n, word_in(h, n, italic));
        }
        h += n;
    }
}

const char *adx__apa_cell(const adx__view_t *v, size_t j, const char *text, char *buf)
{
    static const char *const bounded[] = {"r", "Beta", "p", "Sig.", "alpha", "Alpha",
                                          "Loading", "Std. loading", "Cronbach's alpha", "Corrected item-total r",
                                          "Alpha if item deleted", "Communality", "CR", "AVE",
                                          "sqrt(AVE)", "KMO", NULL};
    const char *h = adx__v_header(v, j), *title = v->t->title ? v->t->title : "";
    int digits = *h && strspn(h, "0123456789") == strlen(h);
    int corr = strstr(title, "orrelation") != NULL;
    /* the loadings of a component or factor matrix: columns C1, F2, PA1, ... */
    size_t letters = strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    int factor = letters && letters <= 2 && h[letters] && strspn(h + letters, "0123456789") ==
                 strlen(h + letters) && (strstr(title, "omponent matrix") ||
                 strstr(title, "actor matrix") || strstr(title, "attern matrix") ||
                 strstr(title, "tructure matrix"));
    if (!word_in(h, strlen(h), bounded) && !(digits && corr) && !factor)
        return text;
    int neg = text[0] == '-';
    if (strncmp(text + neg, "0.", 2))
        return text;
    snprintf(buf, CELLBUF, "%s%s", neg ? "-" : "", text + neg + 1);
    return buf;
}
