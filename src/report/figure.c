/* Figures drawn again from the recipe their SVG carries (plot_priv.h): on a cairo
 * context (vector, for PDF) or as PNG (for Word); a figure written to its own file. */
#include <cairo/cairo.h>
#include <cjson/cJSON.h>
#include <cairo/cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"
#include "plot_priv.h"

/* A chart's parsed recipe. */
typedef struct {
    cJSON *json;
    adx_plot_options_t o;
    adx_series_t *s;
    size_t ns;
    double *vals; /* the x and y arrays of every series */
} chart_t;

/* The text between <metadata ...> and </metadata>, XML entities decoded. */
static char *recipe_text(const char *m)
{
    const char *a = strchr(m, '>'), *z = a ? strstr(a, "</metadata>") : NULL;
    if (!z)
        return NULL;
    adx__sb_t b = {0};
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                         {"&quot;", "\""}};
    for (const char *p = a + 1; p < z; p++) {
        size_t k = 0;
        while (k < 4 && strncmp(p, ent[k][0], strlen(ent[k][0])))
            k++;
        if (k < 4) {
            adx__sb_str(&b, ent[k][1]);
            p += strlen(ent[k][0]) - 1;
        } else {
            adx__sb_char(&b, *p);
        }
    }
    return adx__sb_take(&b);
}

static double jnum(const cJSON *o, const char *key, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void chart_free(chart_t *c)
{
    if (c)
        cJSON_Delete(c->json);
    ADX__FREE(c ? c->s : NULL, c ? c->vals : NULL, c);
}

/* Parses a chart recipe; NULL when it is malformed or memory ran out. */
static chart_t *chart_parse(const char *text)
{
    chart_t *c = calloc(1, sizeof *c);
    if (!c || !(c->json = cJSON_Parse(text)))
        goto fail;
    adx_plot_options_init(&c->o);
    c->o.title = jstr(c->json, "title");
    c->o.xlabel = jstr(c->json, "xlabel");
    c->o.ylabel = jstr(c->json, "ylabel");
    c->o.shade_label = jstr(c->json, "shade_label");
    c->o.shade_lo = jnum(c->json, "shade_lo", NAN);
    c->o.shade_hi = jnum(c->json, "shade_hi", NAN);
    c->o.hline = jnum(c->json, "hline", NAN);
    c->o.width = jnum(c->json, "width", 480);
    c->o.height = jnum(c->json, "height", 320);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(c->json, "series"), *e;
    size_t ns = (size_t)cJSON_GetArraySize(arr), nv = 0;
    cJSON_ArrayForEach(e, arr) nv += 2 * (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(e, "x"));
    if (!ns || !(c->s = calloc(ns, sizeof *c->s)) || !(c->vals = malloc((nv + 1) * sizeof *c->vals)))
        goto fail;
    double *v = c->vals;
    cJSON_ArrayForEach(e, arr)
    {
        adx_series_t *s = &c->s[c->ns++];
        const cJSON *x = cJSON_GetObjectItem(e, "x"), *y = cJSON_GetObjectItem(e, "y"), *p;
        s->name = jstr(e, "name");
        s->dashed = (int)jnum(e, "dashed", 0);
        s->points = (int)jnum(e, "points", 0);
        s->color = (int)jnum(e, "color", 0);
        s->n = (size_t)cJSON_GetArraySize(x);
        if ((size_t)cJSON_GetArraySize(y) != s->n)
            goto fail;
        s->x = v;
        cJSON_ArrayForEach(p, x)* v++ = cJSON_IsNumber(p) ? p->valuedouble : NAN;
        s->y = v;
        cJSON_ArrayForEach(p, y)* v++ = cJSON_IsNumber(p) ? p->valuedouble : NAN;
    }
    return c;
fail:
    chart_free(c);
    return NULL;
}

/* The width and height attributes of <svg ...> in points (pt or plain numbers). */
static void svg_size(const char *svg, double *w, double *h)
{
    const char *open = strstr(svg, "<svg"), *end = open ? strchr(open, '>') : NULL;
    *w = *h = 0;
    for (const char *p = open; p && p < end; p++) {
        if (!strncmp(p, " width=\"", 8))
            *w = atof(p + 8);
        else if (!strncmp(p, " height=\"", 9))
            *h = atof(p + 9);
    }
}

adx_error_t adx__figure_open(const char *svg, adx__figure_t *f, adx_errctx_t *ctx)
{
    memset(f, 0, sizeof *f);
    svg_size(svg, &f->w, &f->h);
    const char *m = strstr(svg, "<metadata id=\"adx-figure\" data-kind=\"");
    if (!m)
        return ADX_OK;
    char *text = recipe_text(m);
    if (!text)
        return adx_err(ctx, ADX_EPARSE, "figure: malformed recipe");
    if (!strncmp(m + 37, "lines", 5)) {
        chart_t *c = chart_parse(text);
        free(text);
        if (!c)
            return adx_err(ctx, ADX_EPARSE, "figure: malformed chart recipe");
        f->kind = 1;
        f->data = c;
        return adx__plot_lines_cairo(NULL, c->s, c->ns, &c->o, &f->w, &f->h)
                   ? ADX_OK
                   : adx_err(ctx, ADX_EEMPTY, "figure: no finite points to draw");
    }
    if (!strncmp(m + 37, "dot", 3)) {
        f->kind = 3;
        f->data = text;
        return ADX_OK;
    }
    cJSON *d = strncmp(m + 37, "diagram", 7) ? NULL : cJSON_Parse(text);
    free(text);
    if (!d)
        return adx_err(ctx, ADX_EPARSE, "figure: malformed diagram recipe");
    f->kind = 2;
    f->data = d;
    f->w = adx__dg_num(d, "w");
    f->h = adx__dg_num(d, "h");
    return ADX_OK;
}

void adx__figure_close(adx__figure_t *f)
{
    if (f->kind == 1)
        chart_free(f->data);
    else if (f->kind == 3)
        free(f->data);
    else
        cJSON_Delete(f->data);
    f->data = NULL;
    f->kind = 0;
}

adx_error_t adx__figure_draw(const adx__figure_t *f, cairo_t *cr, adx_errctx_t *ctx)
{
    if (f->kind == 1) {
        const chart_t *c = f->data;
        double w, h;
        adx__plot_lines_cairo(cr, c->s, c->ns, &c->o, &w, &h);
        return ADX_OK;
    }
    if (f->kind == 3)
        return adx__figure_dot_draw(f, cr, ctx);
    if (f->kind != 2)
        return adx_err(ctx, ADX_EUNSUPPORTED, "figure: no recipe to draw it from");
    adx__diagram_draw(f->data, cr);
    return ADX_OK;
}

/* cairo's PNG stream callback: appends to an adx__sb_t. */
static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n)
{
    adx__sb_t *b = closure;
    adx__sb_put(b, (const char *)data, n);
    return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

adx_error_t adx__figure_png(const adx__figure_t *f, double scale, unsigned char **png,
                            size_t *len, adx_errctx_t *ctx)
{
    *png = NULL;
    *len = 0;
    int W = (int)ceil(f->w * scale), H = (int)ceil(f->h * scale);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    adx_error_t rc = adx__figure_draw(f, cr, ctx);
    cairo_destroy(cr);
    adx__sb_t b = {0};
    if (!rc && cairo_surface_write_to_png_stream(s, png_write, &b) != CAIRO_STATUS_SUCCESS)
        rc = adx_err(ctx, ADX_ENOMEM, "figure: cannot encode the PNG");
    cairo_surface_destroy(s);
    if (rc) {
        adx__sb_free(&b);
        return rc;
    }
    *len = b.len;
    *png = (unsigned char *)adx__sb_take(&b);
    return *png ? ADX_OK : adx_oom(ctx);
}

/* The figure as a one-page PDF (vector). */
static adx_error_t figure_pdf(const adx__figure_t *f, adx__sb_t *b, adx_errctx_t *ctx)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(png_write, b, f->w, f->h);
    cairo_t *cr = cairo_create(s);
    adx_error_t rc = adx__figure_draw(f, cr, ctx);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (!rc && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b->oom))
        rc = adx_err(ctx, ADX_ENOMEM, "figure: cannot write the PDF");
    cairo_surface_destroy(s);
    return rc;
}

adx_error_t adx_figure_write(const char *svg, const char *path, adx_errctx_t *ctx)
{
    const char *dot = strrchr(path, '.');
    int kind = !dot ? -1 : !strcasecmp(dot, ".svg") ? 0 : !strcasecmp(dot, ".png") ? 1
                       : !strcasecmp(dot, ".pdf")   ? 2
                                                    : -1;
    if (kind < 0)
        return adx_err(ctx, ADX_EUSAGE, "%s: a figure is written as .svg, .png or .pdf", path);
    if (kind == 0)
        return adx_write_atomic(path, svg, strlen(svg), ctx);
    adx__figure_t f;
    adx_error_t rc = adx__figure_open(svg, &f, ctx);
    if (!rc && f.kind == 0)
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "%s: this figure has no recipe to draw it from", path);
    unsigned char *png = NULL;
    size_t len = 0;
    adx__sb_t b = {0};
    if (!rc && kind == 1 && !(rc = adx__figure_png(&f, 300.0 / 72, &png, &len, ctx)))
        rc = adx_write_atomic(path, (const char *)png, len, ctx);
    if (!rc && kind == 2 && !(rc = figure_pdf(&f, &b, ctx)))
        rc = adx_write_atomic(path, b.s, b.len, ctx);
    adx__figure_close(&f);
    adx__sb_free(&b);
    free(png);
    return rc;
}
