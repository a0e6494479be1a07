/* Path diagrams of CFA/SEM models: the graph (which variables and paths are drawn, which
 * way the measurement arrows lie) from the terms of a fitted model or of the model syntax
 * alone; adx_plot_path2 lays it out and draws it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_sem.h"
#include "builder.h"

/* One term to draw: lhs op rhs, with its label (estimate and stars, or the parameter's
 * name in the syntax). */
typedef struct {
    const char *lhs, *rhs, *label;
    adx_sem_op_t op;
    int user;
} dterm_t;

typedef struct {
    const char **names; /* the variables, in order of appearance */
    size_t nv;
    char *latent, *indicator, *shown, *exo;
    size_t *nitems;     /* indicators of each latent variable */
    char (*sub)[32];
    adx_node_t *nodes;
    long *node_of;      /* variable -> node, -1 if not drawn */
    size_t nn;
    adx_edge_t *edges;
    size_t ne;
    int structural;     /* the view drawn */
    int items_hidden;   /* some latent variable's indicators are counted, not drawn */
    int has_cov;        /* a covariance is drawn or counted */
} dgraph_t;

static void dgraph_free(dgraph_t *g)
{
    ADX__FREE(g->names, g->latent, g->indicator, g->shown, g->exo, g->nitems, g->sub, g->nodes,
              g->node_of, g->edges);
}

static long var_index(const dgraph_t *g, const char *name)
{
    for (size_t i = 0; i < g->nv; i++)
        if (!strcmp(g->names[i], name))
            return (long)i;
    return -1;
}

/* A directed path into lhs: a regression, or a formative indicator of a composite (<~). */
static int is_path(adx_sem_op_t op)
{
    return op == ADX_SEM_REGRESS || op == ADX_SEM_FORMATIVE;
}

static int drawn_term(const dterm_t *t)
{
    return t->op == ADX_SEM_MEASURE || is_path(t->op) ||
           (t->op == ADX_SEM_COV && strcmp(t->lhs, t->rhs));
}

/* The variables, which are latent, which are indicators (observed, measured only), and
 * which latent variables are exogenous (no regression into them, and every factor that
 * measures them is exogenous): their indicators are laid out to their left. */
static int classify(dgraph_t *g, const dterm_t *t, size_t nt)
{
    size_t cap = 2 * nt + 1;
    g->names = calloc(cap, sizeof *g->names);
    g->latent = calloc(cap, 1);
    g->indicator = calloc(cap, 1);
    g->shown = calloc(cap, 1);
    g->exo = calloc(cap, 1);
    g->nitems = calloc(cap, sizeof *g->nitems);
    g->sub = calloc(cap, sizeof *g->sub);
    if (!g->names || !g->latent || !g->indicator || !g->shown || !g->exo || !g->nitems || !g->sub)
        return -1;
    for (size_t k = 0; k < nt; k++) {
        if (!drawn_term(&t[k]))
            continue;
        const char *ends[2] = {t[k].lhs, t[k].rhs};
        for (int e = 0; e < 2; e++)
            if (var_index(g, ends[e]) < 0)
                g->names[g->nv++] = ends[e];
    }
    for (size_t k = 0; k < nt; k++)
        if ((t[k].op == ADX_SEM_MEASURE || t[k].op == ADX_SEM_FORMATIVE) && drawn_term(&t[k]))
            g->latent[var_index(g, t[k].lhs)] = 1;
    for (size_t v = 0; v < g->nv; v++)
        g->exo[v] = g->latent[v];
    for (size_t k = 0; k < nt; k++) {
        if (is_path(t[k].op))
            g->exo[var_index(g, t[k].lhs)] = 0;
        size_t r = (size_t)var_index(g, t[k].rhs);
        if (t[k].op == ADX_SEM_MEASURE && !g->latent[r]) {
            g->indicator[r] = 1;
            g->nitems[var_index(g, t[k].lhs)]++;
        }
    }
    for (size_t k = 0; k < nt; k++) /* an observed variable in a regression is not an item */
        if (is_path(t[k].op) || (t[k].op == ADX_SEM_COV && t[k].user && drawn_term(&t[k])))
            g->indicator[var_index(g, t[k].lhs)] = g->indicator[var_index(g, t[k].rhs)] = 0;
    for (int changed = 1; changed;) { /* a factor measured by a downstream factor */
        changed = 0;
        for (size_t k = 0; k < nt; k++) {
            if (t[k].op != ADX_SEM_MEASURE)
                continue;
            long p = var_index(g, t[k].lhs), c = var_index(g, t[k].rhs);
            if (g->latent[c] && g->exo[c] && !g->exo[p])
                g->exo[c] = 0, changed = 1;
        }
    }
    return 0;
}

/* Full or structural: AUTO draws every indicator up to 12 (a CFA, up to 30). */
static int structural_view(const dgraph_t *g, const dterm_t *t, size_t nt, adx_diagram_view_t v)
{
    if (v != ADX_DIAGRAM_AUTO)
        return v == ADX_DIAGRAM_STRUCTURAL;
    size_t nind = 0;
    int regress = 0;
    for (size_t i = 0; i < g->nv; i++)
        nind += (size_t)g->indicator[i];
    for (size_t k = 0; k < nt; k++)
        regress |= is_path(t[k].op);
    return nind > (regress ? 12u : 30u);
}

static void add_edge(dgraph_t *g, size_t a, size_t b, const char *label, int bidir, int reverse)
{
    adx_edge_t *e = &g->edges[g->ne++];
    e->from = (size_t)g->node_of[a];
    e->to = (size_t)g->node_of[b];
    e->label = label;
    e->bidirectional = bidir;
    e->reverse = reverse;
}

/* The nodes and edges of the view. */
static int dgraph_build(dgraph_t *g, const dterm_t *t, size_t nt, adx_diagram_view_t view)
{
    if (classify(g, t, nt))
        return -1;
    g->structural = structural_view(g, t, nt, view);
    g->nodes = calloc(g->nv + 1, sizeof *g->nodes);
    g->node_of = calloc(g->nv + 1, sizeof *g->node_of);
    g->edges = calloc(nt + 1, sizeof *g->edges);
    if (!g->nodes || !g->node_of || !g->edges)
        return -1;
    for (size_t v = 0; v < g->nv; v++) {
        g->node_of[v] = -1;
        if (g->structural && g->indicator[v])
            continue;
        g->node_of[v] = (long)g->nn;
        adx_node_t *n = &g->nodes[g->nn++];
        n->name = g->names[v];
        n->latent = g->latent[v];
        if (g->structural && g->latent[v] && g->nitems[v]) {
            snprintf(g->sub[v], sizeof g->sub[v], "(%zu item%s)", g->nitems[v],
                     g->nitems[v] == 1 ? "" : "s");
            n->sub = g->sub[v];
            g->items_hidden = 1;
        }
    }
    for (size_t k = 0; k < nt; k++) {
        if (!drawn_term(&t[k]))
            continue;
        size_t a = (size_t)var_index(g, t[k].lhs), b = (size_t)var_index(g, t[k].rhs);
        if (g->node_of[a] < 0 || g->node_of[b] < 0)
            continue;
        if (t[k].op == ADX_SEM_MEASURE)
            add_edge(g, a, b, t[k].label, 0, g->exo[a]);
        else if (is_path(t[k].op))
            add_edge(g, b, a, t[k].label, 0, 0);
        else if (t[k].user || (g->latent[a] && g->latent[b])) {
            add_edge(g, a, b, t[k].label, 1, 0);
            g->has_cov = 1;
        }
    }
    return 0;
}

/* APA: two decimals, no leading zero (standardized estimates are bounded by 1), stars. */
static void std_label(char *buf, size_t n, double v, double p)
{
    char num[32];
    snprintf(num, sizeof num, "%.2f", v);
    const char *s = num;
    if (!strncmp(num, "0.", 2))
        s = num + 1;
    else if (!strncmp(num, "-0.", 3)) {
        num[1] = '-';
        s = num + 1;
    }
    snprintf(buf, n, "%s%s", s, isnan(p) ? "" : adx_stars(p));
}

/* The figure's note: what the shapes and numbers are. */
static void diagram_note(adx__tb_t *tb, const dgraph_t *g, size_t hidden)
{
    adx__sb_t b = {0};
    adx__sb_str(&b, "Completely standardized estimates. Ellipses are latent variables, "
                    "rectangles observed variables");
    if (g->items_hidden)
        adx__sb_str(&b, "; the number of indicators of a latent variable is in parentheses "
                        "(their loadings are in the parameter table)");
    adx__sb_str(&b, ".");
    if (g->has_cov && hidden)
        adx__sb_printf(&b, " Dashed two-headed arrows are covariances; %zu covariance%s not "
                           "drawn (parameter table).", hidden, hidden == 1 ? " is" : "s are");
    else if (g->has_cov)
        adx__sb_str(&b, " Dashed two-headed arrows are covariances.");
    adx__sb_str(&b, " Loadings fixed to identify a factor carry no test. "
                    "\xE2\x80\xA0p < .10. *p < .05. **p < .01. ***p < .001.");
    adx__tb_figure_note(tb, "%s", b.s ? b.s : "");
    adx__sb_free(&b);
}

void adx__sem_diagram(adx__tb_t *tb, const adx_sem_t *s, const char *title,
                      adx_diagram_view_t view)
{
    if (view == ADX_DIAGRAM_NONE)
        return;
    dterm_t *t = calloc(s->nparams + 1, sizeof *t);
    char (*lab)[32] = calloc(s->nparams + 1, sizeof *lab);
    dgraph_t g = {0};
    char *svg = NULL;
    if (!adx__tb_check(tb, t) || !adx__tb_check(tb, lab))
        goto done;
    for (size_t k = 0; k < s->nparams; k++) {
        const adx_sem_param_t *q = &s->params[k];
        std_label(lab[k], sizeof lab[k], q->std_all, q->pvalue);
        t[k] = (dterm_t){q->lhs, q->rhs, lab[k], q->op, q->user};
    }
    if (!adx__tb_check(tb, dgraph_build(&g, t, s->nparams, view) ? NULL : t))
        goto done;
    size_t hidden = 0;
    adx_errctx_t local = {0};
    if (g.nn < 2 || adx_plot_path2(g.nodes, g.nn, g.edges, g.ne, &hidden, &svg, &local))
        goto done;
    int cfa = title && !strcmp(title, "CFA");
    adx__tb_figure(tb, svg,
                   cfa ? (g.structural ? "Measurement Model (Latent Variables and Their Covariances)"
                                       : "Measurement Model With Standardized Loadings")
                       : (g.structural ? "Structural Model With Standardized Path Estimates"
                                       : "Path Diagram of the Model With Standardized Estimates"),
                   NULL);
    diagram_note(tb, &g, hidden);
done:
    dgraph_free(&g);
    ADX__FREE(t, lab, svg);
}

adx_error_t adx_sem_diagram_svg(const adx_sem_syntax_t *syn, adx_diagram_view_t view, char **svg,
                                adx_errctx_t *ctx)
{
    *svg = NULL;
    dterm_t *t = calloc(syn->n + 1, sizeof *t);
    dgraph_t g = {0};
    adx_error_t rc = ADX_OK;
    if (!t) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t k = 0; k < syn->n; k++) {
        const adx_sem_stmt_t *q = &syn->items[k];
        t[k] = (dterm_t){q->lhs, q->rhs, q->label, q->op, 1};
    }
    if (dgraph_build(&g, t, syn->n, view == ADX_DIAGRAM_NONE ? ADX_DIAGRAM_AUTO : view)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (g.nn == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the model has no variables to draw",
                     syn->source ? syn->source : "model");
        goto cleanup;
    }
    rc = adx_plot_path2(g.nodes, g.nn, g.edges, g.ne, NULL, svg, ctx);
cleanup:
    dgraph_free(&g);
    free(t);
    return rc;
}
