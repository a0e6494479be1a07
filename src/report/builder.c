/* The table builder shared by the report builders (see builder.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "builder.h"

cJSON *adx__tb_init(adx__tb_t *b)
{
    memset(b, 0, sizeof *b);
    if (!(b->r = adx_report_alloc()) || !(b->r->json = cJSON_CreateObject()))
        b->oom = 1;
    return adx__tb_root(b);
}

cJSON *adx__tb_root(const adx__tb_t *b)
{
    return b->r ? b->r->json : NULL;
}

void adx__tb_flush(adx__tb_t *b)
{
    if (b->t && !b->oom && adx_report_add_table(b->r, b->t))
        b->oom = 1;
    else if (b->oom)
        adx_table_free(b->t);
    b->t = NULL;
    b->cols = NULL;
}

void adx__tb_drop_empty(adx__tb_t *b)
{
    if (b->t && !b->t->nrows) {
        adx_table_free(b->t);
        b->t = NULL;
        b->cols = NULL;
    }
}

adx_error_t adx__tb_done(adx__tb_t *b, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx__tb_flush(b);
    if (b->oom) {
        adx_report_free(b->r);
        b->r = NULL;
        return adx_oom(ctx);
    }
    *out = b->r;
    return ADX_OK;
}

void *adx__tb_check(adx__tb_t *b, void *p)
{
    if (!p)
        b->oom = 1;
    return p;
}

void adx__tb_table(adx__tb_t *b, const char *title, size_t ncols, const char *const *names)
{
    adx__tb_flush(b);
    if (!b->oom && !(b->t = adx_table_alloc(title, ncols, names)))
        b->oom = 1;
}

void adx__tb_table_cols(adx__tb_t *b, const char *title, const adx_col_t *cols, size_t ncols)
{
    const char *names[64];
    size_t n = 0;
    for (size_t k = 0; k < ncols && n < ADX_NELEM(names); k++)
        if (cols[k].header)
            names[n++] = cols[k].header;
    adx__tb_table(b, title, n, names);
    if (b->oom)
        return;
    b->cols = cols;
    b->ncols = ncols;
    n = 0;
    for (size_t k = 0; k < ncols && n < ADX_NELEM(names); k++)
        if (cols[k].header)
            adx_table_set_align(b->t, n++, cols[k].align);
}

void adx__tb_set_cols(adx__tb_t *b, const adx_col_t *cols)
{
    if (b->cols)
        b->cols = cols;
}

void adx__tb_colgroup(adx__tb_t *b, size_t first, size_t count, const char *label)
{
    if (!b->oom && adx_table_add_colgroup(b->t, first, count, label))
        b->oom = 1;
}

void adx__tb_rowgroup(adx__tb_t *b, const char *header, const char *label)
{
    if (!b->oom && adx_table_begin_rowgroup(b->t, header, label))
        b->oom = 1;
}

void adx__tb_rowgroup_span(adx__tb_t *b, const char *header, const char *label)
{
    adx__tb_rowgroup(b, header, label);
    if (!b->oom)
        adx_table_set_rowgroup_style(b->t, ADX_ROWGROUP_SPAN);
}

/* The formatted text, malloc'd (NULL when memory ran out). */
static char *vformat(const char *fmt, va_list ap)
{
    adx__sb_t s = {0};
    adx__sb_vprintf(&s, fmt, ap);
    return adx__sb_take(&s);
}

void adx__tb_note(adx__tb_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *note = vformat(fmt, ap);
    va_end(ap);
    if (!note || b->oom || adx_table_add_note(b->t, "%s", note))
        b->oom = 1;
    free(note);
}

void adx__tb_methods(adx__tb_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = vformat(fmt, ap);
    va_end(ap);
    if (!m || !b->r) {
        free(m);
        b->oom = 1;
        return;
    }
    free(b->r->methods);
    b->r->methods = m;
}

void adx__tb_figure(adx__tb_t *b, const char *svg, const char *caption, const char *path)
{
    adx__tb_flush(b);
    if (!b->oom && adx_report_add_figure(b->r, svg, caption, path))
        b->oom = 1;
}

void adx__tb_figure_note(adx__tb_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    adx__sb_t s = {0};
    adx__sb_vprintf(&s, fmt, ap);
    va_end(ap);
    if (!b->oom && (s.oom || adx_report_figure_note(b->r, s.s ? s.s : "") == ADX_ENOMEM))
        b->oom = 1;
    adx__sb_free(&s);
}

size_t adx__tb_row(adx__tb_t *b)
{
    if (b->oom)
        return 0;
    size_t i = adx_table_add_row(b->t);
    if (i == (size_t)-1) {
        b->oom = 1;
        return 0;
    }
    return i;
}

void adx__tb_text(adx__tb_t *b, size_t row, size_t col, const char *s)
{
    if (!b->oom && adx_table_set_text(b->t, row, col, s))
        b->oom = 1;
}

void adx__tb_numsfx(adx__tb_t *b, size_t row, size_t col, double v, adx_numfmt_t fmt, int dec,
                    const char *suffix)
{
    if (!b->oom && adx_table_set_num(b->t, row, col, v, fmt, dec, suffix))
        b->oom = 1;
}

void adx__tb_num(adx__tb_t *b, size_t row, size_t col, double v, adx_numfmt_t fmt, int dec)
{
    adx__tb_numsfx(b, row, col, v, fmt, dec, NULL);
}

void adx__tb_fix(adx__tb_t *b, size_t row, size_t col, double v)
{
    adx__tb_numsfx(b, row, col, v, ADX_NUM_FIXED, -1, NULL);
}

void adx__tb_int(adx__tb_t *b, size_t row, size_t col, double v)
{
    adx__tb_numsfx(b, row, col, v, ADX_NUM_INT, 0, NULL);
}

void adx__tb_p(adx__tb_t *b, size_t row, size_t col, double v)
{
    adx__tb_numsfx(b, row, col, v, ADX_NUM_P, 3, NULL);
}

void adx__tb_star(adx__tb_t *b, size_t row, size_t col, double v, double p)
{
    adx__tb_numsfx(b, row, col, v, ADX_NUM_FIXED, -1, adx_stars(p));
}

/* The decimals a cell of format fmt carries (as the builders always set them). */
static int cell_decimals(const adx_col_t *c)
{
    switch (c->fmt) {
    case ADX_NUM_INT: return 0;
    case ADX_NUM_P: return 3;
    case ADX_NUM_PCT: return 1;
    default: return c->decimals ? c->decimals : -1;
    }
}

cJSON *adx__tb_row_values(adx__tb_t *b, cJSON *arr, const char *label, const double *vals)
{
    cJSON *o = arr && !b->oom ? adx__jobj(b, arr, NULL) : NULL;
    adx__tb_row_into(b, o, label, vals);
    return o;
}

void adx__tb_row_into(adx__tb_t *b, cJSON *o, const char *label, const double *vals)
{
    adx__tb_row_texts(b, o, &label, label ? 1 : 0, vals);
}

void adx__tb_row_texts(adx__tb_t *b, cJSON *o, const char *const *texts, size_t ntext,
                       const double *vals)
{
    if (b->oom || !b->cols) {
        b->oom = 1;
        return;
    }
    const adx_col_t *cols = b->cols;
    size_t row = adx__tb_row(b), col = 0;
    double p = NAN;
    for (size_t k = ntext; k < b->ncols; k++)
        if (cols[k].fmt == ADX_NUM_P) {
            p = vals[k - ntext];
            break;
        }
    for (size_t k = 0; k < ntext; k++) {
        if (cols[k].header)
            adx__tb_text(b, row, col++, texts[k]);
        if (o && cols[k].key)
            adx__jstr(b, o, cols[k].key, texts[k]);
    }
    for (size_t k = ntext; k < b->ncols; k++) {
        const adx_col_t *c = &cols[k];
        double v = vals[k - ntext];
        if (c->header)
            adx__tb_numsfx(b, row, col++, v, c->fmt, cell_decimals(c),
                           c->stars ? adx_stars(p) : NULL);
        if (o && c->key)
            adx__jnum(b, o, c->key, v);
    }
}

const adx_col_t adx__coef_cols[ADX__NCOEF_COLS] = {
    ADX_COL("Term", "term"), ADX_COL_STAR("B", "b"),          ADX_COL("SE", "se"),
    ADX_COL("t", "t"),       ADX_COL_P("Sig.", "p"),          ADX_COL("CI lower", "ci_lower"),
    ADX_COL("CI upper", "ci_upper")};

const char *adx__ptext(double p, char *buf, size_t n)
{
    if (isnan(p))
        snprintf(buf, n, "p = n/a");
    else if (p < .001)
        snprintf(buf, n, "p < .001");
    else if (p >= .9995)
        snprintf(buf, n, "p > .999"); /* APA: no leading zero, never "1.000" */
    else
        snprintf(buf, n, "p = .%03d", (int)lround(p * 1000));
    return buf;
}

/* ---- JSON ----------------------------------------------------------------------- */

cJSON *adx__jnumber(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

cJSON *adx__jdoubles(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, adx__jnumber(v[i]));
    return a;
}

cJSON *adx__jstrings(const char *const *s, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(s[i]));
    return a;
}

cJSON *adx__jadd(adx__tb_t *b, cJSON *o, const char *key, cJSON *item)
{
    if (!item || !o) {
        b->oom = 1;
        cJSON_Delete(item);
        return NULL;
    }
    if (key)
        cJSON_AddItemToObject(o, key, item);
    else
        cJSON_AddItemToArray(o, item);
    return item;
}

void adx__jnum(adx__tb_t *b, cJSON *o, const char *key, double v)
{
    adx__jadd(b, o, key, adx__jnumber(v));
}

void adx__jbool(adx__tb_t *b, cJSON *o, const char *key, int v)
{
    adx__jadd(b, o, key, cJSON_CreateBool(v));
}

void adx__jstr(adx__tb_t *b, cJSON *o, const char *key, const char *s)
{
    adx__jadd(b, o, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

void adx__jfields(adx__tb_t *b, cJSON *o, const adx_jf_t *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adx__jnum(b, o, f[i].key, f[i].v);
}

void adx__jftest(adx__tb_t *b, cJSON *o, const char *suffix, double f, double df1, double df2,
                 double p)
{
    static const char *const keys[] = {"f", "df1", "df2", "p"};
    const double v[] = {f, df1, df2, p};
    for (size_t i = 0; i < ADX_NELEM(keys); i++) {
        char key[64];
        snprintf(key, sizeof key, "%s%s", keys[i], suffix);
        adx__jnum(b, o, key, v[i]);
    }
}

void adx__jbounds(adx__tb_t *b, cJSON *o, const char *prefix, double lower, double upper)
{
    char key[64];
    snprintf(key, sizeof key, "%s_lower", prefix);
    adx__jnum(b, o, key, lower);
    snprintf(key, sizeof key, "%s_upper", prefix);
    adx__jnum(b, o, key, upper);
}

cJSON *adx__jobj(adx__tb_t *b, cJSON *parent, const char *key)
{
    return adx__jadd(b, parent, key, cJSON_CreateObject());
}

cJSON *adx__jarray(adx__tb_t *b, cJSON *parent, const char *key)
{
    return adx__jadd(b, parent, key, cJSON_CreateArray());
}
