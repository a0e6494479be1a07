/* ambidex figures: line charts (interaction plots, scree plots) drawn with cairo's
 * SVG surface, and path diagrams laid out by Graphviz. Both return SVG text. */
#ifndef ADX_PLOT_H
#define ADX_PLOT_H

#include <stddef.h>

#include "ambidex/adx_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *name;    /* legend entry */
    const double *x, *y; /* n points */
    size_t n;
    int dashed;          /* draw dashed */
    int points;          /* mark the points; 2: points only, no line (scatter plot) */
    int color;           /* 0: by position; k > 0: the colour of series k - 1 */
} adx_series_t;

typedef struct {
    const char *title, *xlabel, *ylabel;
    double shade_lo, shade_hi; /* x-range to shade (e.g. Johnson-Neyman region); NaN = none */
    const char *shade_label;
    double hline;              /* horizontal reference line (e.g. eigenvalue 1); NaN = none */
    double width, height;      /* points (default 480 x 320) */
} adx_plot_options_t;

void adx_plot_options_init(adx_plot_options_t *o);

/* Line chart of ns series. *svg is malloc'd SVG text owned by the caller. */
adx_error_t adx_plot_lines(const adx_series_t *s, size_t ns, const adx_plot_options_t *o,
                           char **svg, adx_errctx_t *ctx);

typedef struct {
    const char *name;
    int latent;          /* ellipse (latent) or box (observed) */
    const char *sub;     /* a smaller second line inside the shape (e.g. "(4 items)"), or NULL */
} adx_node_t;

typedef struct {
    size_t from, to;     /* node indices */
    const char *label;   /* e.g. "0.42***" */
    int bidirectional;   /* covariance (two-headed, dashed) */
    int reverse;         /* lay out from `to` to `from` (the arrow still points at `to`):
                            the indicators of an exogenous factor sit left of it */
} adx_edge_t;

/* Path diagram: Graphviz's dot ranks the nodes left to right (exogenous left) and
 * routes the directed paths; ambidex draws it (SVG with real text, and the same drawing
 * on cairo for PNG and vector PDF). Covariances are drawn as arcs only where they fit
 * (between nodes of the outer columns, or neighbours in one column; at most six on a
 * side); *ncov_hidden (may be NULL) counts those left out, for the figure's note. */
adx_error_t adx_plot_path2(const adx_node_t *nodes, size_t nn, const adx_edge_t *edges,
                           size_t ne, size_t *ncov_hidden, char **svg, adx_errctx_t *ctx);

/* Writes a figure made by adx_plot_* to PATH as .svg, .png (300 dpi) or .pdf (vector),
 * by its extension; atomically. */
adx_error_t adx_figure_write(const char *svg, const char *path, adx_errctx_t *ctx);

/* Path diagram (adx_plot_path2 without the count of hidden covariances). */
adx_error_t adx_plot_path(const adx_node_t *nodes, size_t nn, const adx_edge_t *edges,
                          size_t ne, const char *title, char **svg, adx_errctx_t *ctx);

/* Any Graphviz graph (DOT text, laid out by dot; HTML-like labels allowed) as SVG
 * that carries its recipe, so that Word and PDF reports draw it too. */
adx_error_t adx_plot_dot(const char *dot, char **svg, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
