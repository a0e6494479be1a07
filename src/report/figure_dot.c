/* Figures that are DOT graphs (adx_plot_dot: the qualitative code hierarchy and
 * co-occurrence network) drawn again for Word and PDF: Graphviz lays the graph out and
 * renders it as PNG at 4 pixels per point (288 dpi), painted at the figure's size (Graphviz
 * draws into an external cairo context only by finishing its surface, so these figures are
 * raster in a PDF, unlike the charts and path diagrams). */
#include <cairo/cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "plot_priv.h"

/* Lays out the DOT text at dpi; NULL when Graphviz fails. */
static Agraph_t *dot_layout(GVC_t *gvc, const char *dot, double dpi)
{
    Agraph_t *g = gvc ? agmemread(dot) : NULL;
    if (g) {
        char buf[32];
        snprintf(buf, sizeof buf, "%g", dpi);
        agsafeset(g, "dpi", buf, "");
    }
    if (g && gvLayout(gvc, g, "dot") != 0) {
        agclose(g);
        g = NULL;
    }
    return g;
}

/* The DOT graph as PNG at `scale` pixels per point (*png malloc'd). */
static adx_error_t dot_png(const char *dot, double scale, unsigned char **png, size_t *len,
                           adx_errctx_t *ctx)
{
    GVC_t *gvc = adx__gvc();
    Agraph_t *g = dot_layout(gvc, dot, 72 * scale);
    char *out = NULL;
    unsigned int n = 0;
    adx_error_t rc = ADX_OK;
    if (!g || gvRenderData(gvc, g, "png", &out, &n) != 0 || !out)
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "figure: Graphviz could not draw a PNG");
    else if (!(*png = malloc(n)))
        rc = adx_oom(ctx);
    else
        memcpy(*png, out, *len = n);
    if (out)
        gvFreeRenderData(out);
    if (g) {
        gvFreeLayout(gvc, g);
        agclose(g);
    }
    return rc;
}

/* Reads a PNG from memory (cairo's read callback). */
typedef struct {
    const unsigned char *p;
    size_t n;
} png_src_t;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int n)
{
    png_src_t *s = closure;
    if (n > s->n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, s->p, n);
    s->p += n;
    s->n -= n;
    return CAIRO_STATUS_SUCCESS;
}

adx_error_t adx__figure_dot_draw(const adx__figure_t *f, cairo_t *cr, adx_errctx_t *ctx)
{
    unsigned char *png = NULL;
    size_t len = 0;
    adx_error_t rc = dot_png(f->data, 4.0, &png, &len, ctx);
    if (rc)
        return rc;
    png_src_t src = {png, len};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &src);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS && f->w > 0 && f->h > 0) {
        cairo_save(cr);
        cairo_scale(cr, f->w / cairo_image_surface_get_width(img),
                    f->h / cairo_image_surface_get_height(img));
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
    } else {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "figure: cannot read Graphviz's PNG");
    }
    cairo_surface_destroy(img);
    free(png);
    return rc;
}
