/* The PLS path diagram of the report (SmartPLS style): constructs as ellipses with their
 * R^2, indicators as boxes (up to 12; beyond, they crowd the layout), mode A loadings (construct -> indicator), mode B
 * weights (indicator -> construct), path coefficients with the bootstrap's stars. Drawn by
 * adx_plot_path (Graphviz); when Graphviz is not available the report has no figure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "../base/base.h"
#include "pls_priv.h"

#define LABEL 64

/* Stars of path e from the bootstrap ("" without one). */
static const char *path_stars(const adx_pls_t *r, size_t e)
{
    for (size_t k = 0; r->boot && k < r->boot->nstat; k++)
        if (r->boot->kind[k] == ADX_PLS_STAT_PATH && r->boot->index[k] == e)
            return isnan(r->boot->p[k]) ? "" : adx_stars(r->boot->p[k]);
    return "";
}

/* Node of construct name, or -1. */
static long construct_node(const adx_pls_t *r, const char *name)
{
    for (size_t c = 0; c < r->nc; c++)
        if (!strcmp(r->cname[c], name))
            return (long)c;
    return -1;
}

adx_error_t adx__pls_diagram(const adx_pls_t *r, adx_report_t *rep)
{
    size_t nc = r->nc, ni = r->ni, nn = nc, ne = 0;
    int items = ni <= 12;
    adx_node_t *nodes = calloc(nc + ni, sizeof *nodes);
    adx_edge_t *edges = calloc(ni + r->npaths + 1, sizeof *edges);
    char (*lab)[LABEL] = calloc(nc + ni + r->npaths + 1, sizeof *lab);
    char *svg = NULL;
    adx_error_t rc = nodes && edges && lab ? ADX_OK : ADX_ENOMEM;
    if (rc)
        goto cleanup;
    for (size_t c = 0; c < nc; c++) {
        if (isnan(r->r2[c]))
            snprintf(lab[c], LABEL, "%s", r->cname[c]);
        else
            snprintf(lab[c], LABEL, "%s (R\xc2\xb2 %.2f)", r->cname[c], r->r2[c]);
        nodes[c].name = lab[c];
        nodes[c].latent = 1;
    }
    for (size_t i = 0; items && i < ni; i++) {
        size_t c = r->icon[i];
        if (r->mode[c] == 'I') /* an interaction term's product items: not drawn */
            continue;
        long loc = construct_node(r, r->iname[i]); /* a two-stage HOC's LOC score */
        if (loc < 0 || (size_t)loc == c) {
            nodes[nn].name = r->iname[i];
            loc = (long)nn++;
        }
        int b = r->mode[c] == 'B';
        snprintf(lab[nc + i], LABEL, "%.2f", b ? r->weight[i] : r->loading[i]);
        edges[ne].from = b ? (size_t)loc : c;
        edges[ne].to = b ? c : (size_t)loc;
        edges[ne++].label = lab[nc + i];
    }
    for (size_t e = 0; e < r->npaths; e++) {
        snprintf(lab[nc + ni + e], LABEL, "%.2f%s", r->coef[e], path_stars(r, e));
        edges[ne].from = r->pfrom[e];
        edges[ne].to = r->pto[e];
        edges[ne++].label = lab[nc + ni + e];
    }
    adx_errctx_t local = {0};
    if (adx_plot_path(nodes, nn, edges, ne, NULL, &svg, &local) == ADX_OK) {
        char cap[320];
        snprintf(cap, sizeof cap,
                 "PLS path diagram: path coefficients%s, %s; R\xc2\xb2 of the endogenous "
                 "constructs.", r->boot ? " (stars: bootstrap p)" : "",
                 items ? "outer loadings (mode A, arrows to the indicators) and weights (mode "
                         "B, arrows from them)"
                       : "indicators not shown (more than 12)");
        rc = adx_report_add_figure(rep, svg, cap, NULL);
    }
cleanup:
    ADX__FREE(nodes, edges, lab, svg);
    return rc;
}
