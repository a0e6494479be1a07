/* Figures, the framework matrix and the memos of qualitative projects (docs/qual.md): code
 * hierarchy, heatmaps (case x theme, code x code Jaccard) and the co-occurrence
 * network, all as Graphviz DOT drawn by adx_plot_dot, so every report format
 * (HTML, Word, PDF, and the captions of text, Markdown and LaTeX) shows them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_qual.h"
#include "builder.h"

/* Appends s for an HTML-like DOT label. */
static void html_put(adx__sb_t *b, const char *s)
{
    adx__sb_xml(b, s, ADX__XML_CTRL);
}

/* Appends s for a quoted DOT string. */
static void quoted_put(adx__sb_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            adx__sb_char(b, '\\');
        adx__sb_char(b, *s);
    }
}

/* Draws the DOT text in b and adds it with its caption (nothing when drawing
 * fails: the tables carry the numbers). */
static void add_dot(adx__tb_t *tb, adx__sb_t *b, const char *caption)
{
    char *svg = NULL;
    adx_errctx_t local = {0};
    if (b->oom)
        tb->oom = 1;
    else if (adx_plot_dot(b->s, &svg, &local) == ADX_OK)
        adx__tb_figure(tb, svg, caption, NULL);
    free(svg);
    adx__sb_free(b);
}

/* A heatmap as one table of coloured cells: v[i * nc + j] (NaN: grey, blank);
 * shades of blue from 0 to vmax; the diagonal left blank when skip_diag. */
static void heatmap_dot(adx__sb_t *b, const char *const *rows, size_t nr,
                        const char *const *cols, size_t nc, const double *v, double vmax,
                        int decimals, int skip_diag, const char *corner)
{
    adx__sb_str(b, "digraph heatmap {\n node [shape=plaintext, fontname=\"Helvetica\", "
                   "fontsize=10];\n t [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" "
                   "CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"#BBBBBB\">\n<TR><TD><I>");
    html_put(b, corner);
    adx__sb_str(b, "</I></TD>");
    for (size_t j = 0; j < nc; j++) {
        adx__sb_str(b, "<TD><B>");
        html_put(b, cols[j]);
        adx__sb_str(b, "</B></TD>");
    }
    adx__sb_str(b, "</TR>\n");
    for (size_t i = 0; i < nr; i++) {
        adx__sb_str(b, "<TR><TD ALIGN=\"LEFT\"><B>");
        html_put(b, rows[i]);
        adx__sb_str(b, "</B></TD>");
        for (size_t j = 0; j < nc; j++) {
            double x = v[i * nc + j];
            if ((skip_diag && i == j) || !isfinite(x)) {
                adx__sb_str(b, "<TD BGCOLOR=\"#EEEEEE\"> </TD>");
                continue;
            }
            double t = vmax > 0 ? x / vmax : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            /* white (255,255,255) to dark blue (33,102,172) */
            int r = (int)lround(255 - t * 222), g = (int)lround(255 - t * 153),
                bl = (int)lround(255 - t * 83);
            adx__sb_printf(b, "<TD BGCOLOR=\"#%02X%02X%02X\"><FONT COLOR=\"%s\">%.*f</FONT></TD>",
                           r, g, bl, t > 0.55 ? "white" : "black", decimals, x);
        }
        adx__sb_str(b, "</TR>\n");
    }
    adx__sb_str(b, "</TABLE>>];\n}\n");
}

/* The co-occurrence heatmap (Jaccard of paragraphs) and network. */
static void cooc_figures(adx__tb_t *tb, const adx_qproject_t *p, const adx_qcooc_t *c)
{
    size_t K = c->k;
    const char **names = adx__tb_check(tb, malloc((K + 1) * sizeof *names));
    if (!names)
        return;
    for (size_t i = 0; i < K; i++)
        names[i] = p->codes[c->code[i]].name;
    adx__sb_t b = {0};
    double vmax = 0;
    for (size_t i = 0; i < K * K; i++)
        if (i / K != i % K && c->units_jaccard[i] > vmax)
            vmax = c->units_jaccard[i];
    heatmap_dot(&b, names, K, names, K, c->units_jaccard, vmax, 2, 1, "Jaccard");
    add_dot(tb, &b, "Code co-occurrence heatmap: Jaccard index of the paragraphs coded with "
                    "both codes (paragraphs with both / paragraphs with either)");
    adx__sb_str(&b, "graph cooccurrence {\n layout=dot; rankdir=LR; node [shape=ellipse, "
                    "fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", "
                    "fontsize=9, color=\"#2166AC\"];\n");
    size_t ne = 0;
    for (size_t i = 0; i < K; i++) {
        if (c->units_both[i * K + i] <= 0)
            continue;
        adx__sb_printf(&b, " n%zu [label=\"", i);
        quoted_put(&b, names[i]);
        adx__sb_printf(&b, "\\n(%.0f)\"];\n", c->units_both[i * K + i]);
    }
    for (size_t i = 0; i < K; i++)
        for (size_t j = i + 1; j < K; j++) {
            double n = c->units_both[i * K + j], jac = c->units_jaccard[i * K + j];
            if (n <= 0 || adx_qcode_under(p, c->code[i], c->code[j]) ||
                adx_qcode_under(p, c->code[j], c->code[i]))
                continue;
            adx__sb_printf(&b, " n%zu -- n%zu [label=\"%.0f\", penwidth=%.2f];\n", i, j, n,
                           0.8 + 5.0 * jac);
            ne++;
        }
    adx__sb_str(&b, "}\n");
    if (ne)
        add_dot(tb, &b, "Code co-occurrence network: codes (paragraphs coded) joined by the "
                        "paragraphs coded with both; line width grows with the Jaccard index");
    else
        adx__sb_free(&b);
    free(names);
}

adx_error_t adx_report_qcooc(const adx_qproject_t *p, const adx_qcooc_t *c,
                             adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {ADX_COL("Code A", "a"), ADX_COL("Code B", "b"),
                                     ADX_COL_INT("Overlapping segments", "overlaps"),
                                     ADX_COL_INT("Paragraphs with both", "units_both"),
                                     ADX_COL("Jaccard (paragraphs)", "units_jaccard"),
                                     ADX_COL_INT("Cases with both", "cases_both"),
                                     ADX_COL("Jaccard (cases)", "jaccard")};
    adx__tb_t b;
    adx__tb_init(&b);
    adx__tb_table_cols(&b, "Code co-occurrence", cols, ADX_NELEM(cols));
    cJSON *root = adx__tb_root(&b);
    cJSON *arr = adx__jarray(&b, root, "pairs"), *jc = adx__jarray(&b, root, "codes");
    adx__jnum(&b, root, "paragraphs", (double)c->nunits);
    size_t K = c->k;
    for (size_t i = 0; i < K; i++) {
        cJSON *o = adx__jobj(&b, jc, NULL);
        adx__jstr(&b, o, "code", p->codes[c->code[i]].name);
        adx__jnum(&b, o, "paragraphs", c->units_both[i * K + i]);
        adx__jnum(&b, o, "segments", c->overlaps[i * K + i]);
    }
    for (size_t i = 0; i < K; i++)
        for (size_t j = i + 1; j < K; j++) {
            size_t ij = i * K + j;
            if (c->overlaps[ij] == 0 && c->both[ij] == 0 && c->units_both[ij] == 0)
                continue;
            const char *names[] = {p->codes[c->code[i]].name, p->codes[c->code[j]].name};
            double vals[] = {c->overlaps[ij], c->units_both[ij], c->units_jaccard[ij],
                             c->both[ij], c->jaccard[ij]};
            adx__tb_row_texts(&b, adx__jobj(&b, arr, NULL), names, 2, vals);
        }
    adx__tb_note(&b, "Overlapping segments: pairs of segments of the same coder in the same "
                     "transcript whose text overlaps (a segment coded with both codes counts "
                     "once). Paragraphs with both: paragraphs (%zu in all) that a segment of "
                     "each code overlaps; Jaccard = |A and B| / |A or B| over paragraphs, and "
                     "over cases. Pairs that never co-occur are left out.",
                 c->nunits);
    cooc_figures(&b, p, c);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_qheatmap(const adx_qproject_t *p, const adx_qmatrix_t *m,
                                adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    const char **cols = adx__tb_check(&b, malloc((m->k + 1) * sizeof *cols));
    double vmax = 0;
    for (size_t i = 0; i < m->ncases * m->k; i++)
        vmax = m->count[i] > vmax ? m->count[i] : vmax;
    if (cols) {
        for (size_t j = 0; j < m->k; j++)
            cols[j] = p->codes[m->code[j]].name;
        adx__sb_t d = {0};
        heatmap_dot(&d, (const char *const *)p->case_ids, m->ncases, cols, m->k, m->count,
                    vmax, 0, 0, "Case");
        char cap[160];
        int depth = m->k ? p->codes[m->code[0]].depth : 0;
        snprintf(cap, sizeof cap, "Case x %s heatmap: coded segments per case (darker = more)",
                 depth == 0 ? "theme" : depth == 1 ? "category" : "code");
        add_dot(&b, &d, cap);
    }
    free(cols);
    adx__jnum(&b, adx__tb_root(&b), "max", vmax);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_qhierarchy(const adx_qproject_t *p, const adx_qfreq_t *f,
                                  adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    adx__sb_t d = {0};
    adx__sb_str(&d, "digraph hierarchy {\n rankdir=LR; nodesep=0.15; ranksep=0.5; "
                    "node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
                    " edge [color=\"#888888\", arrowhead=none];\n");
    /* f lists every node (level ALL) in codebook order. */
    long *at = adx__tb_check(&b, malloc((p->ncodes + 1) * sizeof *at));
    for (size_t i = 0; at && i < p->ncodes; i++)
        at[i] = -1;
    for (size_t i = 0; at && i < f->k; i++)
        at[f->code[i]] = (long)i;
    for (size_t i = 0; at && i < p->ncodes; i++) {
        const adx_qcode_t *c = &p->codes[i];
        double seg = at[i] >= 0 ? (double)f->segments[at[i]] : 0;
        double cas = at[i] >= 0 ? (double)f->cases[at[i]] : 0;
        adx__sb_printf(&d, " n%zu [label=\"", i);
        quoted_put(&d, c->name);
        adx__sb_printf(&d, "\\n%.0f segments, %.0f cases\"%s];\n", seg, cas,
                       c->depth == 0 ? ", style=\"rounded,bold\", fontsize=11"
                                     : c->depth == 1 ? "" : ", color=\"#777777\"");
        if (c->parent >= 0)
            adx__sb_printf(&d, " n%ld -> n%zu;\n", c->parent, i);
    }
    adx__sb_str(&d, "}\n");
    if (at)
        add_dot(&b, &d, "Code hierarchy: themes, categories and codes with their coded "
                        "segments and cases (segments roll up to their parents)");
    else
        adx__sb_free(&d);
    free(at);
    return adx__tb_done(&b, out, ctx);
}

/* ---- Framework matrix ------------------------------------------------- */

adx_error_t adx_report_qframework(const adx_qproject_t *p, const adx_qframework_t *f,
                                  adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    const char **cols = adx__tb_check(&b, malloc((f->k + 1) * sizeof *cols));
    cJSON *jc = adx__jarray(&b, root, "codes"), *jr = adx__jarray(&b, root, "cases");
    adx__jstr(&b, root, "summaries", f->summaries);
    if (cols) {
        cols[0] = "Case";
        for (size_t j = 0; j < f->k; j++) {
            cols[j + 1] = p->codes[f->code[j]].name;
            adx__jadd(&b, jc, NULL, cJSON_CreateString(cols[j + 1]));
        }
        adx__tb_table(&b, "Framework matrix", f->k + 1, cols);
        free(cols);
    }
    size_t nsum = 0;
    for (size_t i = 0; i < f->ncases; i++) {
        size_t row = adx__tb_row(&b);
        adx__tb_text(&b, row, 0, p->case_ids[i]);
        cJSON *o = adx__jobj(&b, jr, NULL), *cells;
        adx__jstr(&b, o, "case", p->case_ids[i]);
        cells = adx__jarray(&b, o, "cells");
        for (size_t j = 0; j < f->k; j++) {
            size_t at = i * f->k + j;
            adx__tb_text(&b, row, j + 1, f->cell[at]);
            cJSON *c = adx__jobj(&b, cells, NULL);
            adx__jstr(&b, c, "text", f->cell[at]);
            adx__jbool(&b, c, "summary", f->summary[at]);
            adx__jnum(&b, c, "segments", (double)f->nsegs[at]);
            nsum += f->summary[at];
        }
    }
    adx__tb_note(&b, "Each cell: the text coded with the column's code (or a sub-code) in the "
                     "case, stretches joined by |, each followed by the line of the transcript "
                     "where it starts [Ln]; long cells are cut (\xe2\x80\xa6) and keep only the "
                     "line references after the cut. %zu cell%s hold the researcher's summary "
                     "instead.",
                 nsum, nsum == 1 ? "" : "s");
    if (f->summaries)
        adx__tb_note(&b, "Summaries: %s (case,code,summary).", f->summaries);
    return adx__tb_done(&b, out, ctx);
}

/* ---- Memos ------------------------------------------------------------- */

adx_error_t adx_report_qmemos(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {ADX_COL("About", "about"), ADX_COL("Target", "target"),
                                     ADX_COL("Author", "author"), ADX_COL("Memo", "memo")};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    cJSON *arr = adx__jarray(&b, root, "memos");
    adx__tb_table_cols(&b, "Memos", cols, ADX_NELEM(cols));
    for (size_t i = 0; i < p->nmemos; i++) {
        const adx_qmemo_t *m = &p->memos[i];
        char target[700];
        adx_qmemo_target_text(p, m, target, sizeof target);
        const char *t[] = {adx_qmemo_about_name(m->about), target, m->author, m->text};
        adx__tb_row_texts(&b, adx__jobj(&b, arr, NULL), t, 4, NULL);
    }
    adx__tb_note(&b, "From memos.csv (about,target,author,memo); a segment is "
                     "CASE:START-END:CODE (characters). Segment memos also appear with "
                     "their quotes.");
    if (!p->nmemos)
        adx__tb_drop_empty(&b);
    return adx__tb_done(&b, out, ctx);
}
