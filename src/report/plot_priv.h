/* Figures drawn again from their recipe (private to src/report): every SVG that
 * adx_plot_lines and adx_plot_path2 return carries, after <svg ...>, a
 * <metadata id="adx-figure" data-kind="lines|diagram"> element holding how to draw it (the
 * chart's options and series, or the diagram's laid-out drawing list, as JSON), so that the Word and
 * PDF writers draw the same figure as PNG or as vector graphics without an SVG
 * renderer. */
#ifndef ADX_REPORT_PLOT_PRIV_H
#define ADX_REPORT_PLOT_PRIV_H

#include <cairo/cairo.h>
#include <cjson/cJSON.h>
#include <graphviz/gvc.h>

#include "ambidex/adx_plot.h"

/* Draws a line chart on cr (when not NULL) from (0, 0); *w, *h: its size in points.
 * Returns 0 when nothing is finite. */
int adx__plot_lines_cairo(cairo_t *cr, const adx_series_t *s, size_t ns,
                          const adx_plot_options_t *o, double *w, double *h);
/* The process's one Graphviz context (diagram.c). */
GVC_t *adx__gvc(void);
/* A path diagram's drawing list (diagram.c): draws it on cr from (0, 0). */
void adx__diagram_draw(const cJSON *root, cairo_t *cr);
/* The number o[key], 0 when absent. */
double adx__dg_num(const cJSON *o, const char *key);

/* A figure ready to draw: its size in points and what draws it. */
typedef struct {
    double w, h;
    int kind;              /* 0: none (a figure without a recipe), 1: chart, 2: diagram,
                            * 3: DOT graph */
    void *data;            /* the chart's parsed recipe, the diagram's drawing list (cJSON)
                            * or the DOT text */
} adx__figure_t;

/* A DOT-graph figure (kind 3) on cr, as a 288-dpi image at its size (figure_dot.c). */
adx_error_t adx__figure_dot_draw(const adx__figure_t *f, cairo_t *cr, adx_errctx_t *ctx);

/* Reads the recipe of an SVG made by adx_plot_*; kind 0 when it has none. */
adx_error_t adx__figure_open(const char *svg, adx__figure_t *f, adx_errctx_t *ctx);
/* Draws the figure on cr at the current origin, scaled to the size f->w x f->h. */
adx_error_t adx__figure_draw(const adx__figure_t *f, cairo_t *cr, adx_errctx_t *ctx);
/* The figure as PNG at `scale` pixels per point (*png malloc'd). */
adx_error_t adx__figure_png(const adx__figure_t *f, double scale, unsigned char **png,
                            size_t *len, adx_errctx_t *ctx);
void adx__figure_close(adx__figure_t *f);

#endif
