/* Figures: cairo line charts as SVG text (path diagrams: diagram.c). */
#include <cairo/cairo-svg.h>
#include <cairo/cairo.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_plot.h"
#include "plot_priv.h"

/* cairo's write callback: appends to an adx__sb_t. */
static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int n)
{
    adx__sb_t *b = closure;
    adx__sb_put(b, (const char *)data, n);
    return b->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* "Nice" tick step for a range (1, 2, 2.5 or 5 times a power of ten). */
static double tick_step(double range, int target)
{
    double raw = range / target, p = pow(10, floor(log10(raw))), f = raw / p;
    return p * (f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10);
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double ax, double ay)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - ax * e.width - e.x_bearing, y - ay * e.height - e.y_bearing);
    cairo_show_text(cr, s);
}

static const double palette[][3] = {{0.00, 0.27, 0.55}, {0.80, 0.25, 0.10},
                                    {0.15, 0.55, 0.20}, {0.45, 0.25, 0.60},
                                    {0.30, 0.30, 0.30}};

/* The plotting frame: data ranges and the plot area in SVG units. */
typedef struct {
    double xmin, xmax, ymin, ymax;
    int xint; /* every x is a whole number (component numbers): whole ticks */
    double W, H, L, R, T, B, pw, ph;
} frame_t;

static double px(const frame_t *f, double v)
{
    return f->L + (v - f->xmin) / (f->xmax - f->xmin) * f->pw;
}
static double py(const frame_t *f, double v)
{
    return f->T + f->ph - (v - f->ymin) / (f->ymax - f->ymin) * f->ph;
}

/* The data ranges (with the reference line), padded; 0 when nothing is finite. */
static int plot_range(const adx_series_t *s, size_t ns, const adx_plot_options_t *o, frame_t *f)
{
    f->xmin = f->ymin = INFINITY;
    f->xmax = f->ymax = -INFINITY;
    f->xint = 1;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < s[k].n; i++) {
            if (!isfinite(s[k].x[i]) || !isfinite(s[k].y[i]))
                continue;
            f->xint &= s[k].x[i] == floor(s[k].x[i]);
            f->xmin = fmin(f->xmin, s[k].x[i]);
            f->xmax = fmax(f->xmax, s[k].x[i]);
            f->ymin = fmin(f->ymin, s[k].y[i]);
            f->ymax = fmax(f->ymax, s[k].y[i]);
        }
    if (!(f->xmin <= f->xmax) || !(f->ymin <= f->ymax))
        return 0;
    if (isfinite(o->hline)) {
        f->ymin = fmin(f->ymin, o->hline);
        f->ymax = fmax(f->ymax, o->hline);
    }
    if (f->xmax == f->xmin)
        f->xmin -= 1, f->xmax += 1;
    if (f->ymax == f->ymin)
        f->ymin -= 1, f->ymax += 1;
    double ypad = 0.05 * (f->ymax - f->ymin), xpad = 0.03 * (f->xmax - f->xmin);
    f->ymin -= ypad;
    f->ymax += ypad;
    for (size_t k = 0; k < ns; k++)
        if (s[k].points == 2) { /* a scatter plot: no dot on the frame */
            f->xmin -= xpad;
            f->xmax += xpad;
            f->xint = 0;
            break;
        }
    return 1;
}

/* The legend's width sets the right margin. */
static double legend_margin(const adx_series_t *s, size_t ns, const adx_plot_options_t *o, double R)
{
    cairo_surface_t *probe = cairo_svg_surface_create_for_stream(NULL, NULL, 10, 10);
    cairo_t *pc = cairo_create(probe);
    cairo_select_font_face(pc, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(pc, 10);
    double wmax = 0;
    for (size_t k = 0; k < ns; k++)
        if (s[k].name && *s[k].name) {
            cairo_text_extents_t e;
            cairo_text_extents(pc, s[k].name, &e);
            wmax = fmax(wmax, e.x_advance);
        }
    if (o->shade_label) {
        cairo_text_extents_t e;
        cairo_text_extents(pc, o->shade_label, &e);
        wmax = fmax(wmax, e.x_advance);
    }
    cairo_destroy(pc);
    cairo_surface_destroy(probe);
    return fmin(fmax(R, wmax + 52), (o->width > 0 ? o->width : 480) / 2);
}

/* The shaded x interval, the grid with tick labels, the frame and the dashed
 * reference line. */
static void draw_axes(cairo_t *cr, const frame_t *f, const adx_plot_options_t *o)
{
    if (isfinite(o->shade_lo) || isfinite(o->shade_hi)) {
        double a = isfinite(o->shade_lo) ? fmax(o->shade_lo, f->xmin) : f->xmin;
        double z = isfinite(o->shade_hi) ? fmin(o->shade_hi, f->xmax) : f->xmax;
        if (a < z) {
            cairo_set_source_rgba(cr, 0.2, 0.5, 0.9, 0.12);
            cairo_rectangle(cr, px(f, a), f->T, px(f, z) - px(f, a), f->ph);
            cairo_fill(cr);
        }
    }
    cairo_set_font_size(cr, 10);
    cairo_set_line_width(cr, 1);
    char lab[64];
    double st = tick_step(f->xmax - f->xmin, 6);
    if (f->xint)
        st = fmax(st, 1);
    for (double v = ceil(f->xmin / st) * st; v <= f->xmax + 1e-9 * st; v += st) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, px(f, v), f->T);
        cairo_line_to(cr, px(f, v), f->T + f->ph);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(lab, sizeof lab, "%g", fabs(v) < 1e-12 ? 0.0 : v);
        text_at(cr, px(f, v), f->T + f->ph + 5, lab, 0.5, 0);
    }
    st = tick_step(f->ymax - f->ymin, 5);
    for (double v = ceil(f->ymin / st) * st; v <= f->ymax + 1e-9 * st; v += st) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
        cairo_move_to(cr, f->L, py(f, v));
        cairo_line_to(cr, f->L + f->pw, py(f, v));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        snprintf(lab, sizeof lab, "%g", fabs(v) < 1e-12 ? 0.0 : v);
        text_at(cr, f->L - 5, py(f, v), lab, 1, 0.5);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, f->L, f->T, f->pw, f->ph);
    cairo_stroke(cr);
    if (isfinite(o->hline)) {
        double d[] = {4, 3};
        cairo_set_dash(cr, d, 2, 0);
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_move_to(cr, f->L, py(f, o->hline));
        cairo_line_to(cr, f->L + f->pw, py(f, o->hline));
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

/* One series (line, points) and its legend entry (entry number *nleg). */
static void draw_series(cairo_t *cr, const frame_t *f, const adx_series_t *s, size_t k,
                        size_t *nleg)
{
    const double *c = palette[(s->color > 0 ? (size_t)s->color - 1 : k) % 5];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    double d[] = {6, 4}, radius = s->points == 2 ? 2.5 : 3;
    cairo_set_dash(cr, d, s->dashed ? 2 : 0, 0);
    int started = 0;
    for (size_t i = 0; s->points != 2 && i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i])) {
            started = 0;
            continue;
        }
        if (started)
            cairo_line_to(cr, px(f, s->x[i]), py(f, s->y[i]));
        else
            cairo_move_to(cr, px(f, s->x[i]), py(f, s->y[i]));
        started = 1;
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (s->points)
        for (size_t i = 0; i < s->n; i++)
            if (isfinite(s->x[i]) && isfinite(s->y[i])) {
                cairo_arc(cr, px(f, s->x[i]), py(f, s->y[i]), radius, 0, 2 * M_PI);
                cairo_fill(cr);
            }
    if (!s->name || !*s->name)
        return; /* no legend entry */
    double ly = f->T + 10 + 18 * (double)(*nleg)++;
    cairo_set_dash(cr, d, s->dashed ? 2 : 0, 0);
    if (s->points == 2) {
        cairo_arc(cr, f->L + f->pw + 22, ly, radius, 0, 2 * M_PI);
        cairo_fill(cr);
    } else {
        cairo_move_to(cr, f->L + f->pw + 10, ly);
        cairo_line_to(cr, f->L + f->pw + 34, ly);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, f->L + f->pw + 38, ly, s->name, 0, 0.5);
}

/* The shading's legend entry, the axis labels and the title. */
static void draw_labels(cairo_t *cr, const frame_t *f, const adx_plot_options_t *o, size_t nleg)
{
    if (o->shade_label && (isfinite(o->shade_lo) || isfinite(o->shade_hi))) {
        double ly = f->T + 10 + 18 * (double)nleg;
        cairo_set_source_rgba(cr, 0.2, 0.5, 0.9, 0.25);
        cairo_rectangle(cr, f->L + f->pw + 10, ly - 5, 24, 10);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        text_at(cr, f->L + f->pw + 38, ly, o->shade_label, 0, 0.5);
    }
    cairo_set_font_size(cr, 11);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (o->xlabel)
        text_at(cr, f->L + f->pw / 2, f->H - 6, o->xlabel, 0.5, 1);
    if (o->ylabel) {
        cairo_save(cr);
        cairo_translate(cr, 14, f->T + f->ph / 2);
        cairo_rotate(cr, -M_PI / 2);
        text_at(cr, 0, 0, o->ylabel, 0.5, 0.5);
        cairo_restore(cr);
    }
    if (o->title) {
        cairo_set_font_size(cr, 12);
        text_at(cr, f->L + f->pw / 2, 8, o->title, 0.5, 0);
    }
}

/* XML-escaped text. */
static void xml_put(adx__sb_t *b, const char *s)
{
    adx__sb_xml(b, s, 0);
}

/* cairo draws text as glyph outlines; a <title> after <svg ...> carries the chart's
 * words (title, axis labels, legend) for screen readers, search and tests. Takes the
 * SVG from b. */
static char *svg_with_title(adx__sb_t *b, const adx_series_t *s, size_t ns,
                            const adx_plot_options_t *o)
{
    char *src = adx__sb_take(b);
    const char *open = src ? strstr(src, "<svg") : NULL;
    const char *end = open ? strchr(open, '>') : NULL;
    if (!end)
        return src;
    adx__sb_t t = {0};
    adx__sb_put(&t, src, (size_t)(end + 1 - src));
    adx__sb_str(&t, "\n<title>");
    const char *sep = "";
    const char *words[] = {o->title, o->xlabel, o->ylabel};
    for (size_t k = 0; k < 3; k++)
        if (words[k] && *words[k]) {
            adx__sb_str(&t, sep);
            xml_put(&t, words[k]);
            sep = "; ";
        }
    adx__sb_str(&t, ns ? "; legend: " : "");
    sep = "";
    for (size_t k = 0; k < ns; k++)
        if (s[k].name && *s[k].name) {
            adx__sb_str(&t, sep);
            xml_put(&t, s[k].name);
            sep = ", ";
        }
    if (o->shade_label && (isfinite(o->shade_lo) || isfinite(o->shade_hi))) {
        adx__sb_str(&t, sep);
        xml_put(&t, o->shade_label);
    }
    adx__sb_str(&t, "</title>");
    adx__sb_str(&t, end + 1);
    free(src);
    return adx__sb_take(&t);
}

/* The frame of a chart: 0 when nothing is finite. */
static int lines_frame(const adx_series_t *s, size_t ns, const adx_plot_options_t *o, frame_t *f)
{
    if (!plot_range(s, ns, o, f))
        return 0;
    f->W = o->width > 0 ? o->width : 480;
    f->H = o->height > 0 ? o->height : 320;
    f->L = 58;
    f->T = o->title ? 30 : 12;
    f->B = 44;
    f->R = legend_margin(s, ns, o, 40);
    f->pw = f->W - f->L - f->R;
    f->ph = f->H - f->T - f->B;
    return 1;
}

static void lines_paint(cairo_t *cr, const frame_t *f, const adx_series_t *s, size_t ns,
                        const adx_plot_options_t *o)
{
    cairo_save(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, f->W, f->H);
    cairo_fill(cr);
    draw_axes(cr, f, o);
    cairo_set_line_width(cr, 2);
    size_t nleg = 0;
    for (size_t k = 0; k < ns; k++)
        draw_series(cr, f, &s[k], k, &nleg);
    draw_labels(cr, f, o, nleg);
    cairo_restore(cr);
}

int adx__plot_lines_cairo(cairo_t *cr, const adx_series_t *s, size_t ns,
                          const adx_plot_options_t *o, double *w, double *h)
{
    frame_t f;
    if (!lines_frame(s, ns, o, &f))
        return 0;
    *w = f.W;
    *h = f.H;
    if (cr)
        lines_paint(cr, &f, s, ns, o);
    return 1;
}

/* The chart's recipe (docs/architecture.md, figures): its options and series as JSON, for
 * drawing it again on another surface (PNG for Word, vector for PDF). */
static char *lines_recipe(const adx_series_t *s, size_t ns, const adx_plot_options_t *o)
{
    cJSON *j = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(j, "series");
    const char *keys[] = {"title", "xlabel", "ylabel", "shade_label"};
    const char *vals[] = {o->title, o->xlabel, o->ylabel, o->shade_label};
    for (size_t k = 0; k < 4; k++)
        if (vals[k])
            cJSON_AddStringToObject(j, keys[k], vals[k]);
    double nums[] = {o->shade_lo, o->shade_hi, o->hline, o->width, o->height};
    const char *nkeys[] = {"shade_lo", "shade_hi", "hline", "width", "height"};
    for (size_t k = 0; k < 5; k++)
        if (isfinite(nums[k]))
            cJSON_AddNumberToObject(j, nkeys[k], nums[k]);
    for (size_t k = 0; arr && k < ns; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, e);
        if (s[k].name)
            cJSON_AddStringToObject(e, "name", s[k].name);
        cJSON *x = cJSON_AddArrayToObject(e, "x"), *y = cJSON_AddArrayToObject(e, "y");
        for (size_t i = 0; x && y && i < s[k].n; i++) {
            cJSON_AddItemToArray(x, isfinite(s[k].x[i]) ? cJSON_CreateNumber(s[k].x[i])
                                                        : cJSON_CreateNull());
            cJSON_AddItemToArray(y, isfinite(s[k].y[i]) ? cJSON_CreateNumber(s[k].y[i])
                                                        : cJSON_CreateNull());
        }
        cJSON_AddNumberToObject(e, "dashed", s[k].dashed);
        cJSON_AddNumberToObject(e, "points", s[k].points);
        cJSON_AddNumberToObject(e, "color", s[k].color);
    }
    char *out = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return out;
}

/* Inserts the recipe as <metadata id="adx-figure" data-kind="KIND"> after <svg ...>.
 * Takes src (freed). NULL when memory ran out. */
static char *svg_with_recipe(char *src, const char *kind, const char *recipe)
{
    const char *open = src ? strstr(src, "<svg") : NULL;
    const char *end = open ? strchr(open, '>') : NULL;
    if (!end || !recipe) {
        free(src);
        return NULL;
    }
    adx__sb_t t = {0};
    adx__sb_put(&t, src, (size_t)(end + 1 - src));
    adx__sb_printf(&t, "\n<metadata id=\"adx-figure\" data-kind=\"%s\">", kind);
    xml_put(&t, recipe);
    adx__sb_str(&t, "</metadata>");
    adx__sb_str(&t, end + 1);
    free(src);
    return adx__sb_take(&t);
}

adx_error_t adx_plot_lines(const adx_series_t *s, size_t ns, const adx_plot_options_t *o,
                           char **svg, adx_errctx_t *ctx)
{
    adx_plot_options_t def;
    if (!o) {
        adx_plot_options_init(&def);
        o = &def;
    }
    *svg = NULL;
    frame_t f;
    if (!lines_frame(s, ns, o, &f))
        return adx_err(ctx, ADX_EEMPTY, "plot: no finite points to draw");
    adx__sb_t b = {0};
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(write_buf, &b, f.W, f.H);
    cairo_t *cr = cairo_create(surf);
    lines_paint(cr, &f, s, ns, o);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_status_t status = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (b.oom || status != CAIRO_STATUS_SUCCESS || !b.len) {
        adx__sb_free(&b);
        return adx_err(ctx, ADX_ENOMEM, "plot: cannot render the SVG");
    }
    char *recipe = lines_recipe(s, ns, o);
    *svg = svg_with_recipe(svg_with_title(&b, s, ns, o), "lines", recipe);
    free(recipe);
    return *svg ? ADX_OK : adx_oom(ctx);
}

adx_error_t adx_plot_dot(const char *dot, char **svg, adx_errctx_t *ctx)
{
    *svg = NULL;
    adx_error_t rc = ADX_OK;
    /* the process's one Graphviz context (diagram.c: a second one would read freed
     * memory in Graphviz 2.42's pango plugin) */
    GVC_t *gvc = adx__gvc();
    Agraph_t *g = gvc ? agmemread(dot) : NULL;
    char *out = NULL;
    unsigned int len = 0;
    if (!gvc || !g || gvLayout(gvc, g, "dot") != 0) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "figure: Graphviz could not lay out the graph");
    } else {
        if (gvRenderData(gvc, g, "svg", &out, &len) != 0 || !out) {
            rc = adx_err(ctx, ADX_EUNSUPPORTED, "figure: Graphviz could not render SVG");
        } else if (!(*svg = svg_with_recipe(adx__strndup(out, len), "dot", dot))) {
            rc = adx_oom(ctx);
        }
        if (out)
            gvFreeRenderData(out);
        gvFreeLayout(gvc, g);
    }
    if (g)
        agclose(g);
    return rc;
}
