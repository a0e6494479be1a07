/* Path diagrams (adx_plot_path2). Graphviz's dot ranks the nodes left to right and routes
 * the directed paths; the geometry it computes (node centres, edge splines and arrow
 * tips, label places) is read back into a drawing list kept as JSON (the figure's
 * recipe, plot_priv.h), from which ambidex writes the SVG (with real <text>, so that the
 * words can be searched, read aloud and tested) and draws the same picture on cairo
 * (PNG for Word, vector PDF). Node sizes are measured here with the font that draws
 * them, so Graphviz reserves exactly the room the words take. Covariances are not given
 * to Graphviz (flat two-headed edges cross the picture): they are drawn afterwards as
 * nested arcs beside a column where they fit (adx_plot.h). */
#include <cairo/cairo.h>
#include <cjson/cJSON.h>
#include <graphviz/gvc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_plot.h"
#include "plot_priv.h"

#define DG_FONT "Helvetica"
#define DG_NAME_PT 11.0
#define DG_SUB_PT 9.0
#define DG_LABEL_PT 10.0
#define DG_MAX_ARCS 6   /* covariance arcs on one side of a column, at most */
#define DG_MARGIN 6.0
#define DG_FOLD_H 480.0 /* a measurement model taller than this folds into two columns */
#define DG_FOLD_GAP 40.0 /* between the two columns */

GVC_t *adx__gvc(void)
{
    /* One Graphviz context for the whole process, created on first use and never freed:
     * Graphviz 2.42's pango plugin keeps a pointer to the last font name, which lives in
     * the context's font dictionary, so a second context would read freed memory. (The
     * one piece of global state in the library; path diagrams are not thread-safe.) */
    static GVC_t *gvc = NULL;
    if (!gvc)
        gvc = gvContext();
    return gvc;
}

/* Width of s in points at size pt (cr: a measuring context). */
static double text_w(cairo_t *cr, const char *s, double pt, int italic)
{
    cairo_text_extents_t e;
    cairo_select_font_face(cr, DG_FONT, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, pt);
    cairo_text_extents(cr, s ? s : "", &e);
    return e.x_advance;
}

/* Node geometry: centre (x, y) and size, after layout. */
typedef struct {
    double x, y, w, h;
} box_t;

static void node_size(cairo_t *cr, const adx_node_t *n, box_t *b)
{
    double tw = fmax(text_w(cr, n->name, DG_NAME_PT, 0), n->sub ? text_w(cr, n->sub, DG_SUB_PT, 1) : 0);
    if (n->latent) {
        b->w = 1.25 * (tw + 10);
        b->h = n->sub ? 40 : 30;
    } else {
        b->w = tw + 14;
        b->h = n->sub ? 34 : 22;
    }
}

/* A tall measurement model (a full CFA: seed 003's 7 factors and 25 items make one column
 * 850 pt high, printed at 7 pt) folds into two columns: the first factors with their items
 * on the left, the others mirrored on the right (factor, then its items), so that the
 * picture fits a page at full size. Only when every directed path is a loading of an
 * indicator with no other path and no latent variable is predicted; right[i] is set for
 * the nodes of the right half. Returns whether the model folds. */
static int fold_plan(const adx_node_t *nodes, const box_t *bx, size_t nn, const adx_edge_t *edges,
                     size_t ne, char *right)
{
    size_t *parent = malloc((nn ? nn : 1) * sizeof *parent), nlat = 0;
    double height = 0, half = 0;
    int ok = parent != NULL;
    for (size_t i = 0; ok && i < nn; i++)
        parent[i] = nn;
    for (size_t k = 0; ok && k < ne; k++) {
        const adx_edge_t *e = &edges[k];
        if (e->bidirectional)
            continue;
        ok = nodes[e->from].latent && !nodes[e->to].latent && parent[e->to] == nn;
        if (ok)
            parent[e->to] = e->from;
    }
    for (size_t i = 0; ok && i < nn; i++) {
        ok = nodes[i].latent || parent[i] < nn; /* no observed variable outside a factor */
        nlat += nodes[i].latent;
        height += nodes[i].latent ? 0 : bx[i].h + 12;
    }
    ok = ok && nlat >= 2 && height > DG_FOLD_H;
    for (size_t i = 0; ok && i < nn; i++) { /* factors in order until half the items */
        if (!nodes[i].latent)
            continue;
        right[i] = half >= height / 2;
        for (size_t j = 0; j < nn; j++)
            if (parent[j] == i) {
                right[j] = right[i];
                half += bx[j].h + 12;
            }
    }
    free(parent);
    return ok;
}

/* The DOT text of the directed paths (covariances are drawn later). With side (a folded
 * model, fold_plan), only the nodes i with side[i] == want: the left half (0) with its
 * items left of their factors, the right half (1) with its items right of theirs. */
static void dot_text(adx__sb_t *d, const adx_node_t *nodes, const box_t *bx, size_t nn,
                     const adx_edge_t *edges, size_t ne, const char *side, int want)
{
    adx__sb_printf(d, "digraph path {\n rankdir=LR; nodesep=0.16; ranksep=0.5; splines=true;%s\n"
                      " node [label=\"\", fixedsize=true];\n"
                      " edge [fontname=\"" DG_FONT "\", fontsize=10, arrowsize=0.8];\n",
                   side && want ? " ordering=out;" : "");
    for (size_t i = 0; i < nn; i++)
        if (!side || side[i] == want)
            adx__sb_printf(d, " n%zu [shape=%s, width=%.4f, height=%.4f];\n", i,
                           nodes[i].latent ? "ellipse" : "box", bx[i].w / 72, bx[i].h / 72);
    for (size_t k = 0; k < ne; k++) {
        const adx_edge_t *e = &edges[k];
        if (side && (side[e->from] != want || side[e->to] != want))
            continue;
        if (e->bidirectional) { /* keeps the two near each other, in the order given */
            if (e->from != e->to)
                adx__sb_printf(d, " n%zu -> n%zu [style=invis, constraint=false];\n", e->from, e->to);
            continue;
        }
        int rev = side ? !want : e->reverse;
        adx__sb_printf(d, " n%zu -> n%zu [id=\"e%zu\"%s, label=\"", rev ? e->to : e->from,
                       rev ? e->from : e->to, k, rev ? ", dir=back" : "");
        for (const char *s = e->label ? e->label : ""; *s; s++) {
            if (*s == '"' || *s == '\\')
                adx__sb_char(d, '\\');
            adx__sb_char(d, *s);
        }
        adx__sb_str(d, "\"];\n");
    }
    adx__sb_str(d, "}\n");
}

/* A JSON array of n numbers. */
static cJSON *nums(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(round(v[i] * 100) / 100));
    return a;
}

/* Adds an arrowhead (tip, base) to a curve item. */
static void add_arrow(cJSON *curve, double tx, double ty, double bx, double by)
{
    cJSON *a = cJSON_GetObjectItem(curve, "a");
    if (!a)
        a = cJSON_AddArrayToObject(curve, "a");
    double v[4] = {tx, ty, bx, by};
    cJSON_AddItemToArray(a, nums(v, 4));
}

static cJSON *add_item(cJSON *items, const char *kind)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(items, o);
    cJSON_AddStringToObject(o, "k", kind);
    return o;
}

static void add_label(cJSON *items, cairo_t *cr, double x, double y, const char *s)
{
    if (!s || !*s)
        return;
    cJSON *o = add_item(items, "label");
    cJSON_AddNumberToObject(o, "x", x);
    cJSON_AddNumberToObject(o, "y", y);
    cJSON_AddNumberToObject(o, "w", text_w(cr, s, DG_LABEL_PT, 0) + 4);
    cJSON_AddStringToObject(o, "s", s);
}

/* The point at T in [0, 1] along a piecewise cubic Bezier curve of n points. */
static void bezier_at(const double *p, size_t n, double T, double *x, double *y)
{
    size_t m = (n - 1) / 3, seg = (size_t)fmin(floor(T * (double)m), (double)m - 1);
    double t = T * (double)m - (double)seg, u = 1 - t;
    const double *q = p + 6 * seg;
    double w[4] = {u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t};
    *x = *y = 0;
    for (int i = 0; i < 4; i++)
        *x += w[i] * q[2 * i], *y += w[i] * q[2 * i + 1];
}

/* Whether a label box (centre x, y; width w, height 13) overlaps a node or a label. */
static int label_hits(const cJSON *items, const box_t *bx, size_t nn, double x, double y, double w)
{
    for (size_t i = 0; i < nn; i++)
        if (fabs(bx[i].x - x) < (bx[i].w + w) / 2 + 1 && fabs(bx[i].y - y) < (bx[i].h + 13) / 2 + 1)
            return 1;
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        const cJSON *k = cJSON_GetObjectItem(it, "k");
        if (k && !strcmp(k->valuestring, "label") &&
            fabs(adx__dg_num(it, "x") - x) < (adx__dg_num(it, "w") + w) / 2 + 1 &&
            fabs(adx__dg_num(it, "y") - y) < 14)
            return 1;
    }
    return 0;
}

/* The label of an edge on its curve (white behind it), where it hits no node and no other
 * label; else at Graphviz's place beside the edge (lx, ly). */
static void place_label(cJSON *items, cairo_t *cr, const double *p, size_t n, const box_t *bx,
                        size_t nn, const char *s, double lx, double ly)
{
    if (!s || !*s)
        return;
    static const double at[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78};
    double w = text_w(cr, s, DG_LABEL_PT, 0) + 4, x = lx, y = ly;
    for (size_t i = 0; n >= 4 && i < sizeof at / sizeof *at; i++) {
        double cx, cy;
        bezier_at(p, n, at[i], &cx, &cy);
        if (!label_hits(items, bx, nn, cx, cy, w)) {
            x = cx, y = cy;
            break;
        }
    }
    add_label(items, cr, x, y, s);
}

/* An edge's "pos" (y flipped by top): [s,x,y ][e,x,y ]x,y x,y ... as a curve item with
 * its arrowheads; its label (s) on it. */
static void add_spline(cJSON *items, cairo_t *cr, const char *pos, double top, const box_t *bx,
                       size_t nn, const char *s, double lx, double ly)
{
    size_t cap = 2;
    for (const char *p = pos; *p; p++)
        cap += *p == ' ';
    double *pt = malloc(2 * cap * sizeof *pt), st[2], en[2];
    int has_s = 0, has_e = 0;
    size_t n = 0;
    const char *p = pos;
    while (pt && *p && n < cap) {
        char tag = (p[0] == 's' || p[0] == 'e') && p[1] == ',' ? p[0] : 0;
        double x, y;
        int used = 0;
        if (sscanf(tag ? p + 2 : p, "%lf,%lf%n", &x, &y, &used) != 2)
            break;
        y = top - y;
        if (tag == 's')
            st[0] = x, st[1] = y, has_s = 1;
        else if (tag == 'e')
            en[0] = x, en[1] = y, has_e = 1;
        else
            pt[2 * n] = x, pt[2 * n + 1] = y, n++;
        p += (tag ? 2 : 0) + (size_t)used;
        p += strspn(p, " ");
        if (*p == ';')
            break; /* a second spline (concentrated edges): the first is enough */
    }
    if (n >= 2) {
        cJSON *c = add_item(items, "curve");
        cJSON_AddItemToObject(c, "p", nums(pt, 2 * n));
        if (has_s)
            add_arrow(c, st[0], st[1], pt[0], pt[1]);
        if (has_e)
            add_arrow(c, en[0], en[1], pt[2 * n - 2], pt[2 * n - 1]);
        place_label(items, cr, pt, n, bx, nn, s, lx, ly);
    }
    free(pt);
}

/* A covariance arc planned beside a column. */
typedef struct {
    size_t k, u, v;
    int side; /* -1 left, +1 right, 0 not drawn */
    int level;
    double col, halfw;
} arc_t;

/* Whether a node of column col lies strictly between the heights of u and v. */
static int between(const box_t *bx, size_t nn, size_t u, size_t v)
{
    double lo = fmin(bx[u].y, bx[v].y), hi = fmax(bx[u].y, bx[v].y);
    for (size_t i = 0; i < nn; i++)
        if (i != u && i != v && fabs(bx[i].x - bx[u].x) < 2 && bx[i].y > lo && bx[i].y < hi)
            return 1;
    return 0;
}

/* Chooses the side of each covariance arc (0: it does not fit) and its nesting level. */
static void plan_arcs(arc_t *arc, size_t na, const box_t *bx, size_t nn)
{
    double xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < nn; i++)
        xmin = fmin(xmin, bx[i].x), xmax = fmax(xmax, bx[i].x);
    for (size_t a = 0; a < na; a++) {
        const box_t *u = &bx[arc[a].u], *v = &bx[arc[a].v];
        arc[a].side = 0;
        if (arc[a].u == arc[a].v || fabs(u->x - v->x) >= 2)
            continue;
        arc[a].col = u->x;
        arc[a].halfw = 0;
        for (size_t i = 0; i < nn; i++)
            if (fabs(bx[i].x - u->x) < 2)
                arc[a].halfw = fmax(arc[a].halfw, bx[i].w / 2);
        if (fabs(u->x - xmax) < 2 && nn > 1 && xmax > xmin)
            arc[a].side = 1;
        else if (fabs(u->x - xmin) < 2 || !between(bx, nn, arc[a].u, arc[a].v))
            arc[a].side = -1;
    }
    for (size_t a = 0; a < na; a++) { /* too many on one side: none there */
        size_t same = 0;
        for (size_t b = 0; b < na; b++)
            same += arc[b].side && arc[b].side == arc[a].side && fabs(arc[b].col - arc[a].col) < 2;
        if (same > DG_MAX_ARCS)
            for (size_t b = 0; b < na; b++)
                if (b != a && arc[b].side == arc[a].side && fabs(arc[b].col - arc[a].col) < 2)
                    arc[b].side = 0;
        if (same > DG_MAX_ARCS)
            arc[a].side = 0;
    }
    /* Levels: an arc sits outside every shorter arc of its side whose span overlaps. */
    for (size_t a = 0; a < na; a++)
        arc[a].level = 0;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t a = 0; a < na; a++)
            for (size_t b = 0; arc[a].side && b < na; b++) {
                if (a == b || arc[b].side != arc[a].side || fabs(arc[b].col - arc[a].col) >= 2)
                    continue;
                double alo = fmin(bx[arc[a].u].y, bx[arc[a].v].y), ahi = fmax(bx[arc[a].u].y, bx[arc[a].v].y);
                double blo = fmin(bx[arc[b].u].y, bx[arc[b].v].y), bhi = fmax(bx[arc[b].u].y, bx[arc[b].v].y);
                int shorter = bhi - blo < ahi - alo || (bhi - blo == ahi - alo && b < a);
                if (shorter && blo < ahi && bhi > alo && arc[a].level <= arc[b].level) {
                    arc[a].level = arc[b].level + 1;
                    changed = 1;
                }
            }
    }
}

/* Draws the planned arcs: a dashed cubic from beside u to beside v, arrowheads at both
 * ends, the label at the apex. */
static void add_arcs(cJSON *items, cairo_t *cr, const arc_t *arc, size_t na, const box_t *bx,
                     const adx_edge_t *edges)
{
    double lw = 0;
    for (size_t a = 0; a < na; a++)
        if (arc[a].side && edges[arc[a].k].label)
            lw = fmax(lw, text_w(cr, edges[arc[a].k].label, DG_LABEL_PT, 0) + 4);
    for (size_t a = 0; a < na; a++) {
        if (!arc[a].side)
            continue;
        double s = arc[a].side, d = arc[a].halfw + 10 + lw / 2 + arc[a].level * (lw + 6);
        const box_t *u = &bx[arc[a].u], *v = &bx[arc[a].v];
        double xu = u->x + s * u->w / 2, xv = v->x + s * v->w / 2;
        double xo = arc[a].col + s * (d - 0.25 * arc[a].halfw) / 0.75;
        double p[8] = {xu + s * 7, u->y, xo, u->y, xo, v->y, xv + s * 7, v->y};
        cJSON *c = add_item(items, "curve");
        cJSON_AddItemToObject(c, "p", nums(p, 8));
        cJSON_AddNumberToObject(c, "dash", 1);
        add_arrow(c, xu, u->y, p[0], p[1]);
        add_arrow(c, xv, v->y, p[6], p[7]);
        add_label(items, cr, arc[a].col + s * d, (u->y + v->y) / 2, edges[arc[a].k].label);
    }
}

/* Moves every item by (dx, dy), after turning it upside down when sy is -1. */
static void shift_items(cJSON *items, double sy, double dx, double dy)
{
    cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        cJSON *x = cJSON_GetObjectItem(it, "x"), *y = cJSON_GetObjectItem(it, "y"), *v;
        if (x)
            cJSON_SetNumberValue(x, round((x->valuedouble + dx) * 100) / 100);
        if (y)
            cJSON_SetNumberValue(y, round((sy * y->valuedouble + dy) * 100) / 100);
        int i = 0;
        cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "p"))
            cJSON_SetNumberValue(v, (i++ % 2 ? sy * v->valuedouble + dy : v->valuedouble + dx));
        cJSON *arr;
        cJSON_ArrayForEach(arr, cJSON_GetObjectItem(it, "a"))
        {
            i = 0;
            cJSON_ArrayForEach(v, arr)
                cJSON_SetNumberValue(v, (i++ % 2 ? sy * v->valuedouble + dy : v->valuedouble + dx));
        }
    }
}

/* The extent of the drawing list: [xmin, ymin, xmax, ymax]. */
static void extent(const cJSON *items, double e[4])
{
    e[0] = e[1] = INFINITY;
    e[2] = e[3] = -INFINITY;
    const cJSON *it, *v;
#define GROW(X, Y) (e[0] = fmin(e[0], X), e[1] = fmin(e[1], Y), e[2] = fmax(e[2], X), e[3] = fmax(e[3], Y))
    cJSON_ArrayForEach(it, items)
    {
        const char *k = cJSON_GetObjectItem(it, "k")->valuestring;
        double x = adx__dg_num(it, "x"), y = adx__dg_num(it, "y");
        double w = adx__dg_num(it, "w") / 2, h = !strcmp(k, "label") ? 7 : adx__dg_num(it, "h") / 2;
        if (!strcmp(k, "node") || !strcmp(k, "label")) {
            GROW(x - w, y - h);
            GROW(x + w, y + h);
        }
        int i = 0;
        double px = 0;
        cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "p"))
        {
            if (i++ % 2)
                GROW(px, v->valuedouble);
            else
                px = v->valuedouble;
        }
    }
#undef GROW
}

double adx__dg_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Lays out the directed paths with Graphviz and reads back the geometry into bx (node
 * centres, y downwards) and items (the edges' curves and labels). */
static adx_error_t layout(const char *dot, box_t *bx, size_t nn, cJSON *items, cairo_t *cr,
                          const adx_edge_t *edges, size_t ne, const char *side, int want,
                          adx_errctx_t *ctx)
{
    GVC_t *gvc = adx__gvc();
    Agraph_t *g = gvc ? agmemread(dot) : NULL;
    char *out = NULL;
    unsigned int len = 0;
    adx_error_t rc = ADX_OK;
    if (!g || gvLayout(gvc, g, "dot") != 0) {
        if (g)
            agclose(g);
        return adx_err(ctx, ADX_EUNSUPPORTED, "path diagram: Graphviz could not lay out the graph");
    }
    /* The dot renderer writes the layout back as attributes (pos, lp, bb). */
    if (gvRenderData(gvc, g, "dot", &out, &len) != 0)
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "path diagram: Graphviz could not place the graph");
    if (out)
        gvFreeRenderData(out);
    double bb[4] = {0, 0, 0, 0};
    const char *bbs = agget(g, "bb");
    if (!rc && (!bbs || sscanf(bbs, "%lf,%lf,%lf,%lf", &bb[0], &bb[1], &bb[2], &bb[3]) != 4))
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "path diagram: no bounding box from Graphviz");
    char name[32];
    for (size_t i = 0; !rc && i < nn; i++) {
        if (side && side[i] != want)
            continue;
        snprintf(name, sizeof name, "n%zu", i);
        Agnode_t *n = agnode(g, name, 0);
        const char *pos = n ? agget(n, "pos") : NULL;
        if (!pos || sscanf(pos, "%lf,%lf", &bx[i].x, &bx[i].y) != 2)
            rc = adx_err(ctx, ADX_EUNSUPPORTED, "path diagram: node %zu was not placed", i);
        bx[i].y = bb[3] - bx[i].y;
    }
    for (Agnode_t *n = rc ? NULL : agfstnode(g); n; n = agnxtnode(g, n))
        for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
            const char *id = agget(e, "id"), *pos = agget(e, "pos"), *lp = agget(e, "lp");
            size_t k = id && id[0] == 'e' ? (size_t)strtoul(id + 1, NULL, 10) : ne;
            double x = 0, y = 0;
            if (lp && sscanf(lp, "%lf,%lf", &x, &y) == 2)
                y = bb[3] - y;
            if (k < ne && pos && *pos) /* not the invisible ties of covariances */
                add_spline(items, cr, pos, bb[3], bx, nn, edges[k].label, x, y);
        }
    gvFreeLayout(gvc, g);
    agclose(g);
    return rc;
}

/* The extent of one half of a folded model: its items' and its nodes'. */
static void half_extent(const cJSON *items, const box_t *bx, size_t nn, const char *side,
                        int want, double e[4])
{
    extent(items, e);
    for (size_t i = 0; i < nn; i++)
        if (side[i] == want) {
            e[0] = fmin(e[0], bx[i].x - bx[i].w / 2), e[1] = fmin(e[1], bx[i].y - bx[i].h / 2);
            e[2] = fmax(e[2], bx[i].x + bx[i].w / 2), e[3] = fmax(e[3], bx[i].y + bx[i].h / 2);
        }
}

/* A folded model (fold_plan): each half laid out on its own, so that dot keeps the model's
 * order in both (the left half's items left of their factors, the right half's right of
 * theirs); the right half then set beside the left one, tops level. */
static adx_error_t layout_fold(const adx_node_t *nodes, box_t *bx, size_t nn, cJSON *items,
                               cairo_t *cr, const adx_edge_t *edges, size_t ne,
                               const char *right, adx_errctx_t *ctx)
{
    cJSON *ri = cJSON_CreateArray();
    box_t *keep = malloc((nn ? nn : 1) * sizeof *keep);
    adx_error_t rc = ri && keep ? ADX_OK : adx_oom(ctx);
    double e[2][4];
    for (int half = 0; !rc && half < 2; half++) {
        adx__sb_t d = {0};
        for (size_t i = 0; i < nn; i++) { /* the other half out of the way of the labels */
            keep[i] = bx[i];
            if (right[i] != half)
                bx[i].x = bx[i].y = -1e6;
        }
        dot_text(&d, nodes, bx, nn, edges, ne, right, half);
        rc = d.oom ? adx_oom(ctx)
                   : layout(d.s, bx, nn, half ? ri : items, cr, edges, ne, right, half, ctx);
        adx__sb_free(&d);
        for (size_t i = 0; i < nn; i++)
            if (right[i] != half)
                bx[i] = keep[i];
        half_extent(half ? ri : items, bx, nn, right, half, e[half]);
    }
    if (!rc) {
        double dx = e[0][2] + DG_FOLD_GAP - e[1][0], dy = e[0][1] - e[1][1];
        shift_items(ri, 1, dx, dy);
        for (size_t i = 0; i < nn; i++)
            if (right[i])
                bx[i].x += dx, bx[i].y += dy;
        while (cJSON_GetArraySize(ri) > 0)
            cJSON_AddItemToArray(items, cJSON_DetachItemFromArray(ri, 0));
    }
    cJSON_Delete(ri);
    free(keep);
    return rc;
}

static void add_nodes(cJSON *items, const adx_node_t *nodes, const box_t *bx, size_t nn)
{
    for (size_t i = 0; i < nn; i++) {
        cJSON *o = add_item(items, "node");
        cJSON_AddStringToObject(o, "shape", nodes[i].latent ? "ellipse" : "box");
        cJSON_AddNumberToObject(o, "x", bx[i].x);
        cJSON_AddNumberToObject(o, "y", bx[i].y);
        cJSON_AddNumberToObject(o, "w", bx[i].w);
        cJSON_AddNumberToObject(o, "h", bx[i].h);
        cJSON_AddStringToObject(o, "s", nodes[i].name ? nodes[i].name : "");
        if (nodes[i].sub)
            cJSON_AddStringToObject(o, "sub", nodes[i].sub);
    }
}

/* The drawing list of the diagram (owned by the caller). */
static adx_error_t diagram_list(const adx_node_t *nodes, size_t nn, const adx_edge_t *edges,
                                size_t ne, size_t *hidden, cJSON **out, adx_errctx_t *ctx)
{
    cairo_surface_t *ms = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(ms);
    box_t *bx = calloc(nn ? nn : 1, sizeof *bx);
    arc_t *arc = calloc(ne ? ne : 1, sizeof *arc);
    char *right = calloc(nn ? nn : 1, 1);
    cJSON *root = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(root, "items");
    adx__sb_t d = {0};
    adx_error_t rc = ADX_OK;
    if (!bx || !arc || !right || !items) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < nn; i++)
        node_size(cr, &nodes[i], &bx[i]);
    int fold = fold_plan(nodes, bx, nn, edges, ne, right);
    if (fold)
        rc = layout_fold(nodes, bx, nn, items, cr, edges, ne, right, ctx);
    else {
        dot_text(&d, nodes, bx, nn, edges, ne, NULL, 0);
        rc = d.oom ? adx_oom(ctx) : layout(d.s, bx, nn, items, cr, edges, ne, NULL, 0, ctx);
    }
    if (rc)
        goto cleanup;
    size_t na = 0;
    for (size_t k = 0; k < ne; k++)
        if (edges[k].bidirectional)
            arc[na++] = (arc_t){.k = k, .u = edges[k].from, .v = edges[k].to};
    plan_arcs(arc, na, bx, nn);
    for (size_t a = 0; fold && a < na; a++) /* the factor columns are inside: no room */
        arc[a].side = 0;
    add_arcs(items, cr, arc, na, bx, edges);
    add_nodes(items, nodes, bx, nn);
    for (size_t a = 0; hidden && a < na; a++)
        *hidden += !arc[a].side;
    double e[4];
    extent(items, e);
    shift_items(items, 1, DG_MARGIN - e[0], DG_MARGIN - e[1]);
    cJSON_AddNumberToObject(root, "w", ceil(e[2] - e[0] + 2 * DG_MARGIN));
    cJSON_AddNumberToObject(root, "h", ceil(e[3] - e[1] + 2 * DG_MARGIN));
cleanup:
    cairo_destroy(cr);
    cairo_surface_destroy(ms);
    adx__sb_free(&d);
    ADX__FREE(bx, arc, right);
    if (rc)
        cJSON_Delete(root);
    else
        *out = root;
    return rc;
}

static const char *dg_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The arrowhead (tip, base) as three points: tip and the two barbs. */
static void arrow_points(const cJSON *a, double q[6])
{
    double v[4] = {0, 0, 0, 0};
    int i = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, a) if (i < 4) v[i++] = x->valuedouble;
    double dx = v[0] - v[2], dy = v[1] - v[3], len = hypot(dx, dy);
    if (len <= 0)
        len = 1;
    double nx = -dy / len * 3.2, ny = dx / len * 3.2;
    double q2[6] = {v[0], v[1], v[2] + nx, v[3] + ny, v[2] - nx, v[3] - ny};
    memcpy(q, q2, sizeof q2);
}

/* ---- SVG --------------------------------------------------------------------------- */

static void svg_text(adx__sb_t *b, double x, double y, double pt, int italic, const char *s)
{
    adx__sb_printf(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%g\"%s>", x, y, pt,
                   italic ? " font-style=\"italic\"" : "");
    adx__sb_xml(b, s, 0);
    adx__sb_str(b, "</text>");
}

static void svg_curve(adx__sb_t *b, const cJSON *it)
{
    int dash = (int)adx__dg_num(it, "dash");
    adx__sb_printf(b, "<g class=\"edge %s\"><path d=\"", dash ? "cov" : "path");
    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "p"))
    {
        adx__sb_printf(b, "%s%.2f", i == 0 ? "M" : i == 2 ? " C" : i % 2 ? "," : " ", v->valuedouble);
        i++;
    }
    adx__sb_printf(b, "\" fill=\"none\" stroke=\"#222\" stroke-width=\"1\"%s/>",
                   dash ? " stroke-dasharray=\"4,3\"" : "");
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "a"))
    {
        double q[6];
        arrow_points(v, q);
        adx__sb_printf(b, "<polygon points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f\" fill=\"#222\"/>", q[0],
                       q[1], q[2], q[3], q[4], q[5]);
    }
    adx__sb_str(b, "</g>\n");
}

static void svg_node(adx__sb_t *b, const cJSON *it)
{
    double x = adx__dg_num(it, "x"), y = adx__dg_num(it, "y"), w = adx__dg_num(it, "w"),
           h = adx__dg_num(it, "h");
    const char *s = dg_str(it, "s"), *sub = dg_str(it, "sub");
    int ell = !strcmp(dg_str(it, "shape"), "ellipse");
    adx__sb_printf(b, "<g class=\"node %s\">", ell ? "latent" : "observed");
    if (ell)
        adx__sb_printf(b, "<ellipse cx=\"%.2f\" cy=\"%.2f\" rx=\"%.2f\" ry=\"%.2f\"", x, y, w / 2, h / 2);
    else
        adx__sb_printf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", x - w / 2,
                       y - h / 2, w, h);
    adx__sb_str(b, " fill=\"#fff\" stroke=\"#000\" stroke-width=\"1\"/>");
    svg_text(b, x, sub ? y - 1 : y + 0.35 * DG_NAME_PT, DG_NAME_PT, 0, s ? s : "");
    if (sub) {
        adx__sb_str(b, "<g class=\"sub\">");
        svg_text(b, x, y + 11, DG_SUB_PT, 1, sub);
        adx__sb_str(b, "</g>");
    }
    adx__sb_str(b, "</g>\n");
}

static void svg_label(adx__sb_t *b, const cJSON *it)
{
    double x = adx__dg_num(it, "x"), y = adx__dg_num(it, "y"), w = adx__dg_num(it, "w");
    adx__sb_printf(b, "<g class=\"label\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"13\" "
                      "fill=\"#fff\"/>", x - w / 2, y - 6.5, w);
    svg_text(b, x, y + 0.35 * DG_LABEL_PT, DG_LABEL_PT, 0, dg_str(it, "s"));
    adx__sb_str(b, "</g>\n");
}

/* The SVG of a drawing list, its recipe in <metadata> (plot_priv.h). */
static char *diagram_svg(const cJSON *root)
{
    adx__sb_t b = {0};
    double w = adx__dg_num(root, "w"), h = adx__dg_num(root, "h");
    const cJSON *items = cJSON_GetObjectItem(root, "items"), *it;
    adx__sb_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%gpt\" height=\"%gpt\" "
                       "viewBox=\"0 0 %g %g\" font-family=\"Helvetica, Arial, sans-serif\" "
                       "text-anchor=\"middle\" role=\"img\">\n",
                   w, h, w, h);
    char *recipe = cJSON_PrintUnformatted(root);
    adx__sb_str(&b, "<metadata id=\"adx-figure\" data-kind=\"diagram\">");
    adx__sb_xml(&b, recipe ? recipe : "", 0);
    adx__sb_str(&b, "</metadata>\n<title>Path diagram of ");
    free(recipe);
    const char *sep = "";
    cJSON_ArrayForEach(it, items) if (!strcmp(dg_str(it, "k"), "node"))
    {
        adx__sb_str(&b, sep);
        adx__sb_xml(&b, dg_str(it, "s"), 0);
        sep = ", ";
    }
    adx__sb_printf(&b, "</title>\n<rect width=\"%g\" height=\"%g\" fill=\"#fff\"/>\n", w, h);
    static const char *const order[] = {"curve", "node", "label"};
    for (size_t pass = 0; pass < 3; pass++)
        cJSON_ArrayForEach(it, items)
        {
            const char *k = dg_str(it, "k");
            if (strcmp(k, order[pass]))
                continue;
            if (pass == 0)
                svg_curve(&b, it);
            else if (pass == 1)
                svg_node(&b, it);
            else
                svg_label(&b, it);
        }
    adx__sb_str(&b, "</svg>\n");
    return adx__sb_take(&b);
}

/* ---- cairo ------------------------------------------------------------------------- */

static void cr_text(cairo_t *cr, double x, double y, double pt, int italic, const char *s)
{
    cairo_select_font_face(cr, DG_FONT, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, pt);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - e.x_advance / 2, y);
    cairo_show_text(cr, s);
}

static void cr_curve(cairo_t *cr, const cJSON *it)
{
    double p[8] = {0};
    int i = 0;
    const cJSON *v;
    cairo_new_path(cr);
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "p"))
    {
        p[i < 2 ? i : 2 + (i - 2) % 6] = v->valuedouble;
        i++;
        if (i == 2)
            cairo_move_to(cr, p[0], p[1]);
        else if (i > 2 && (i - 2) % 6 == 0)
            cairo_curve_to(cr, p[2], p[3], p[4], p[5], p[6], p[7]);
    }
    double d[] = {4, 3};
    cairo_set_dash(cr, d, adx__dg_num(it, "dash") ? 2 : 0, 0);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(it, "a"))
    {
        double q[6];
        arrow_points(v, q);
        cairo_move_to(cr, q[0], q[1]);
        cairo_line_to(cr, q[2], q[3]);
        cairo_line_to(cr, q[4], q[5]);
        cairo_close_path(cr);
        cairo_fill(cr);
    }
}

static void cr_node(cairo_t *cr, const cJSON *it)
{
    double x = adx__dg_num(it, "x"), y = adx__dg_num(it, "y"), w = adx__dg_num(it, "w"),
           h = adx__dg_num(it, "h");
    const char *s = dg_str(it, "s"), *sub = dg_str(it, "sub");
    cairo_new_path(cr);
    if (!strcmp(dg_str(it, "shape"), "ellipse")) {
        cairo_save(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, w / 2, h / 2);
        cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
        cairo_restore(cr);
    } else {
        cairo_rectangle(cr, x - w / 2, y - h / 2, w, h);
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cr_text(cr, x, sub ? y - 1 : y + 0.35 * DG_NAME_PT, DG_NAME_PT, 0, s ? s : "");
    if (sub)
        cr_text(cr, x, y + 11, DG_SUB_PT, 1, sub);
}

static void cr_label(cairo_t *cr, const cJSON *it)
{
    double x = adx__dg_num(it, "x"), y = adx__dg_num(it, "y"), w = adx__dg_num(it, "w");
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x - w / 2, y - 6.5, w, 13);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cr_text(cr, x, y + 0.35 * DG_LABEL_PT, DG_LABEL_PT, 0, dg_str(it, "s"));
}

void adx__diagram_draw(const cJSON *root, cairo_t *cr)
{
    const cJSON *items = cJSON_GetObjectItem(root, "items"), *it;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, adx__dg_num(root, "w"), adx__dg_num(root, "h"));
    cairo_fill(cr);
    static const char *const order[] = {"curve", "node", "label"};
    for (size_t pass = 0; pass < 3; pass++)
        cJSON_ArrayForEach(it, items)
        {
            if (strcmp(dg_str(it, "k"), order[pass]))
                continue;
            if (pass == 0)
                cr_curve(cr, it);
            else if (pass == 1)
                cr_node(cr, it);
            else
                cr_label(cr, it);
        }
    cairo_restore(cr);
}

adx_error_t adx_plot_path2(const adx_node_t *nodes, size_t nn, const adx_edge_t *edges,
                           size_t ne, size_t *ncov_hidden, char **svg, adx_errctx_t *ctx)
{
    *svg = NULL;
    if (ncov_hidden)
        *ncov_hidden = 0;
    for (size_t k = 0; k < ne; k++)
        if (edges[k].from >= nn || edges[k].to >= nn)
            return adx_err(ctx, ADX_EUSAGE, "path diagram: edge %zu names a missing node", k);
    if (!nn)
        return adx_err(ctx, ADX_EEMPTY, "path diagram: no variables to draw");
    cJSON *root = NULL;
    adx_error_t rc = diagram_list(nodes, nn, edges, ne, ncov_hidden, &root, ctx);
    if (rc)
        return rc;
    *svg = diagram_svg(root);
    cJSON_Delete(root);
    return *svg ? ADX_OK : adx_oom(ctx);
}

adx_error_t adx_plot_path(const adx_node_t *nodes, size_t nn, const adx_edge_t *edges,
                          size_t ne, const char *title, char **svg, adx_errctx_t *ctx)
{
    (void)title; /* the caption above the figure names it */
    return adx_plot_path2(nodes, nn, edges, ne, NULL, svg, ctx);
}
