/* Report builders for alpha, pca, efa and harman. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_measure.h"
#include "../base/base.h"
#include "builder.h"

/* Rows of a k x m column-major matrix, one array per row. */
static cJSON *jrows(const double *M, size_t k, size_t m)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < k; i++) {
        cJSON *row = cJSON_CreateArray();
        for (size_t j = 0; row && j < m; j++)
            cJSON_AddItemToArray(row, adx__jnumber(M[i + j * k]));
        cJSON_AddItemToArray(a, row);
    }
    return a;
}

/* "F1", "F2", ... column names after `first` fixed ones; returns a malloc'd
 * array of malloc'd strings (freed with free_cols). */
static char **make_cols(const char *const *first, size_t nfirst, const char *prefix, size_t m,
                        const char *const *last, size_t nlast)
{
    size_t n = nfirst + m + nlast;
    char **c = calloc(n, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        if (i < nfirst)
            snprintf(buf, sizeof buf, "%s", first[i]);
        else if (i < nfirst + m)
            snprintf(buf, sizeof buf, "%s%zu", prefix, i - nfirst + 1);
        else
            snprintf(buf, sizeof buf, "%s", last[i - nfirst - m]);
        if (!(c[i] = adx__strdup(buf))) {
            for (size_t j = 0; j < i; j++)
                free(c[j]);
            free(c);
            return NULL;
        }
    }
    return c;
}

static void free_cols(char **c, size_t n)
{
    if (!c)
        return;
    for (size_t i = 0; i < n; i++)
        free(c[i]);
    free(c);
}

/* Appends a table of a k x m matrix with item names (and optional extra
 * columns of k values). */
static void matrix_table(adx__tb_t *b, const char *title, char *const *names, const double *M,
                         size_t k, size_t m, const char *prefix, const char *const *extra_names,
                         const double *const *extra, size_t nextra)
{
    static const char *first[] = {"Item"};
    char **cols = make_cols(first, 1, prefix, m, extra_names, nextra);
    if (!cols) {
        b->oom = 1;
        return;
    }
    adx__tb_table(b, title, 1 + m + nextra, (const char *const *)cols);
    free_cols(cols, 1 + m + nextra);
    for (size_t i = 0; i < k; i++) {
        size_t r = adx__tb_row(b);
        adx__tb_text(b, r, 0, names[i]);
        for (size_t a = 0; a < m; a++)
            adx__tb_num(b, r, 1 + a, M[i + a * k], ADX_NUM_FIXED, -1);
        for (size_t x = 0; x < nextra; x++)
            adx__tb_num(b, r, 1 + m + x, extra[x][i], ADX_NUM_FIXED, -1);
    }
}

/* The cases note; with poly, the correlations were polychoric. */
static void cases_note_poly(adx__tb_t *b, size_t n, size_t n_total, int poly)
{
    if (poly)
        adx__tb_note(b, "On the polychoric correlation matrix (ordered categories; two-step "
                        "estimates as lavaan lavCor).");
    if (n_total > n)
        adx__tb_note(b, "Listwise deletion: N = %zu of %zu cases (%zu with missing answers left out).",
                n, n_total, n_total - n);
    else
        adx__tb_note(b, "N = %zu cases, none with missing answers.", n);
}

static void cases_note(adx__tb_t *b, size_t n, size_t n_total)
{
    cases_note_poly(b, n, n_total, 0);
}

/* ---- alpha ---------------------------------------------------------------- */

adx_error_t adx_report_alpha(const adx_alpha_t *a, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx__tb_t b;
    adx__tb_init(&b);
    const adx_items_t *it = a->items;
    size_t k = it->k;
    static const char *c1[] = {"Statistic", "Value"};
    adx__tb_table(&b, "Reliability statistics", 2, c1);
    static const char *labels[] = {"Cronbach's alpha", "Alpha based on standardized items",
                                   "McDonald's omega (total)", "Mean inter-item correlation",
                                   "Items", "Cases"};
    double vals[] = {a->alpha, a->std_alpha, a->omega_total, a->average_r, (double)k,
                     (double)it->n};
    for (size_t j = 0; j < 6; j++) {
        size_t r = adx__tb_row(&b);
        adx__tb_text(&b, r, 0, labels[j]);
        if (isnan(vals[j]))
            adx__tb_text(&b, r, 1, "n/a");
        else
            adx__tb_num(&b, r, 1, vals[j], j >= 4 ? ADX_NUM_INT : ADX_NUM_FIXED, j >= 4 ? 0 : -1);
    }
    cases_note_poly(&b, it->n, it->n_total, it->polychoric);
    if (isnan(a->omega_total))
        adx__tb_note(&b, "Omega needs at least three items.");
    else
        adx__tb_note(&b, "Omega total from a one-factor minres solution on the correlation matrix "
                    "(psych::omega).%s",
                a->omega_heywood ? " The one-factor solution has a Heywood case: read omega "
                                   "with care." : "");
    char list[1024] = "";
    size_t used = 0, nrev = 0;
    for (size_t j = 0; j < k; j++)
        if (it->reversed[j]) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", nrev ? ", " : "",
                             it->names[j]);
            nrev++;
            if (w > 0 && (size_t)w < sizeof list - used)
                used += (size_t)w;
        }
    if (nrev)
        adx__tb_note(&b, "Reverse-coded as %g + %g - x: %s.", it->lo, it->hi, list);

    static const char *c2[] = {"Item", "Mean", "SD", "Scale mean if item deleted",
                               "Scale variance if item deleted", "Corrected item-total r",
                               "Alpha if item deleted"};
    adx__tb_table(&b, "Item-total statistics", 7, c2);
    cJSON *root = adx__tb_root(&b), *items = cJSON_CreateArray(),
          *warn = cJSON_CreateArray();
    for (size_t j = 0; j < k; j++) {
        size_t r = adx__tb_row(&b);
        adx__tb_text(&b, r, 0, it->names[j]);
        adx__tb_num(&b, r, 1, it->mean[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 2, it->sd[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 3, a->scale_mean_if_deleted[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 4, a->scale_var_if_deleted[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 5, a->item_total_r[j], ADX_NUM_FIXED, -1);
        if (k > 2)
            adx__tb_num(&b, r, 6, a->alpha_if_deleted[j], ADX_NUM_FIXED, -1);
        else
            adx__tb_text(&b, r, 6, "n/a");
        cJSON *o = cJSON_CreateObject();
        adx__jadd(&b, o, "name", cJSON_CreateString(it->names[j]));
        adx__jnum(&b, o, "mean", it->mean[j]);
        adx__jnum(&b, o, "sd", it->sd[j]);
        adx__jnum(&b, o, "scale_mean_if_deleted", a->scale_mean_if_deleted[j]);
        adx__jnum(&b, o, "scale_var_if_deleted", a->scale_var_if_deleted[j]);
        adx__jnum(&b, o, "item_total_r", a->item_total_r[j]);
        adx__jnum(&b, o, "alpha_if_deleted", a->alpha_if_deleted[j]);
        adx__jnum(&b, o, "std_alpha_if_deleted", a->std_alpha_if_deleted[j]);
        adx__jnum(&b, o, "raw_r", a->raw_r[j]);
        adx__jadd(&b, o, "reversed", cJSON_CreateBool(it->reversed[j]));
        if (items && o)
            cJSON_AddItemToArray(items, o);
        if (a->item_total_r[j] < 0) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "%s correlates negatively with the total of the other items (r = %.3f): "
                     "it probably needs reversing (--reverse %s)",
                     it->names[j], a->item_total_r[j], it->names[j]);
            adx__tb_note(&b, "Warning: %s.", msg);
            if (warn)
                cJSON_AddItemToArray(warn, cJSON_CreateString(msg));
        }
    }
    if (k == 2)
        adx__tb_note(&b, "With two items, alpha if an item is deleted is not defined.");
    adx__jnum(&b, root, "n", (double)it->n);
    adx__jnum(&b, root, "k", (double)k);
    adx__jnum(&b, root, "alpha", a->alpha);
    adx__jnum(&b, root, "std_alpha", a->std_alpha);
    adx__jnum(&b, root, "omega_total", a->omega_total);
    adx__jnum(&b, root, "average_r", a->average_r);
    adx__jnum(&b, root, "scale_mean", it->total_mean);
    adx__jnum(&b, root, "scale_sd", it->total_sd);
    adx__jadd(&b, root, "items", items);
    adx__jadd(&b, root, "warnings", warn);
    adx__tb_methods(&b, "Reliability is Cronbach's alpha (item covariances, listwise) with "
                        "McDonald's omega total from a one-factor solution.");
    return adx__tb_done(&b, out, ctx);
}

/* ---- pca ------------------------------------------------------------------ */

static void kmo_table(adx__tb_t *b, double kmo, double chisq, double df, double p)
{
    static const char *c[] = {"Statistic", "Value"};
    adx__tb_table(b, "KMO and Bartlett's test", 2, c);
    size_t r = adx__tb_row(b);
    adx__tb_text(b, r, 0, "Kaiser-Meyer-Olkin measure of sampling adequacy");
    adx__tb_num(b, r, 1, kmo, ADX_NUM_FIXED, -1);
    r = adx__tb_row(b);
    adx__tb_text(b, r, 0, "Bartlett's test of sphericity: approx. chi-square");
    adx__tb_num(b, r, 1, chisq, ADX_NUM_FIXED, -1);
    r = adx__tb_row(b);
    adx__tb_text(b, r, 0, "df");
    adx__tb_num(b, r, 1, df, ADX_NUM_INT, 0);
    r = adx__tb_row(b);
    adx__tb_text(b, r, 0, "p");
    adx__tb_num(b, r, 1, p, ADX_NUM_P, 3);
}

/* Scree plot: eigenvalues by number, the eigenvalue-1 line, and the simulated
 * eigenvalues of parallel analysis when there are any. A plotting failure leaves
 * the report without the figure. */
static void add_scree(adx__tb_t *b, const double *eig, const double *sim, size_t k,
                      const char *caption, const char *note)
{
    double *x = adx__tb_check(b, malloc((k ? k : 1) * sizeof *x));
    if (!x)
        return;
    for (size_t i = 0; i < k; i++)
        x[i] = (double)(i + 1);
    adx_series_t s[2] = {{"Observed", x, eig, k, 0, 1, 0},
                         {"Parallel analysis (simulated)", x, sim, k, 1, 0, 0}};
    adx_plot_options_t o;
    adx_plot_options_init(&o);
    o.xlabel = "Component / factor number";
    o.ylabel = "Eigenvalue";
    o.hline = 1;
    o.width = 560;
    char *svg = NULL;
    adx_errctx_t local = {0};
    if (adx_plot_lines(s, sim ? 2 : 1, &o, &svg, &local) == ADX_OK) {
        adx__tb_figure(b, svg, caption, NULL);
        adx__tb_figure_note(b, "%s", note);
    }
    free(svg);
    free(x);
}

adx_error_t adx_report_pca(const adx_pca_t *p, const adx_pca_options_t *o, adx_report_t **out,
                           adx_errctx_t *ctx)
{
    *out = NULL;
    adx__tb_t b;
    adx__tb_init(&b);
    size_t k = p->k, m = p->ncomp;
    int rotated = p->rotate != ADX_ROTATE_NONE && m > 1;
    kmo_table(&b, p->kmo, p->bartlett_chisq, p->bartlett_df, p->bartlett_p);
    static const char *cv[] = {"Component", "Eigenvalue", "% of variance", "Cumulative %",
                               "Rotation SS loadings", "% of variance", "Cumulative %"};
    adx__tb_table(&b, "Total variance explained", rotated ? 7 : 4, cv);
    double rcum = 0;
    for (size_t j = 0; j < k; j++) {
        size_t r = adx__tb_row(&b);
        adx__tb_num(&b, r, 0, (double)(j + 1), ADX_NUM_INT, 0);
        adx__tb_num(&b, r, 1, p->eigenvalues[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 2, p->variance_pct[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 3, p->cumulative_pct[j], ADX_NUM_FIXED, -1);
        if (rotated && j < m) {
            double pct = 100 * p->ss_loadings[j] / (double)k;
            rcum += pct;
            adx__tb_num(&b, r, 4, p->ss_loadings[j], ADX_NUM_FIXED, -1);
            adx__tb_num(&b, r, 5, pct, ADX_NUM_FIXED, -1);
            adx__tb_num(&b, r, 6, rcum, ADX_NUM_FIXED, -1);
        }
    }
    if (o && o->ncomp)
        adx__tb_note(&b, "%zu component%s retained as requested; together they explain %.3f%% of "
                    "the variance.",
                m, m > 1 ? "s" : "", p->cumulative_pct[m - 1]);
    else
        adx__tb_note(&b, "%zu component%s with eigenvalue > %g retained; together they explain "
                    "%.3f%% of the variance.",
                m, m > 1 ? "s" : "", o ? o->min_eigen : 1.0, p->cumulative_pct[m - 1]);
    cases_note_poly(&b, p->n, p->n_total, o && o->polychoric);
    const double *extra[] = {p->communalities, p->kmo_items};
    static const char *en[] = {"Communality", "KMO"};
    matrix_table(&b, rotated ? "Rotated component matrix (varimax)" : "Component matrix",
                 p->names, p->loadings, k, m, "C", en, extra, 2);
    adx__tb_note(&b, "Principal components of the correlation matrix; loadings = eigenvector x "
                "sqrt(eigenvalue), each component signed so that its loadings sum to a "
                "positive number (SPSS).%s KMO = per-item measure of sampling adequacy.",
            !rotated ? ""
            : o && o->sort ? " Varimax rotation with Kaiser normalisation, iterated to "
                             "convergence; components ordered by rotated sums of squares."
                           : " Varimax rotation with Kaiser normalisation, iterated to "
                             "convergence; components in the extraction order (SPSS).");
    cJSON *root = adx__tb_root(&b);
    if (p->ndropped) {
        static const char *cp[] = {"Step", "Item dropped", "Its largest loading"};
        adx__tb_table(&b, "Purification", 3, cp);
        for (size_t j = 0; j < p->ndropped; j++) {
            size_t r = adx__tb_row(&b);
            adx__tb_num(&b, r, 0, (double)(j + 1), ADX_NUM_INT, 0);
            adx__tb_text(&b, r, 1, p->dropped[j]);
            adx__tb_num(&b, r, 2, p->dropped_loading[j], ADX_NUM_FIXED, -1);
        }
        adx__tb_note(&b, "Items whose largest absolute loading was below %g were dropped one at a "
                    "time (the lowest first) and the PCA re-run. Variance explained by the "
                    "retained components: %.3f%% before, %.3f%% after.",
                o ? o->drop_below : 0, p->variance_before, p->variance_after);
    } else if (o && o->drop_below > 0) {
        adx__tb_note(&b, "Purification: every item loads at least %g; none dropped.", o->drop_below);
    }
    adx__jnum(&b, root, "n", (double)p->n);
    adx__jadd(&b, root, "items", adx__jstrings((const char *const *)p->names, k));
    adx__jadd(&b, root, "eigenvalues", adx__jdoubles(p->eigenvalues, k));
    adx__jadd(&b, root, "variance_pct", adx__jdoubles(p->variance_pct, k));
    adx__jadd(&b, root, "cumulative_pct", adx__jdoubles(p->cumulative_pct, k));
    adx__jnum(&b, root, "kmo", p->kmo);
    adx__jadd(&b, root, "kmo_items", adx__jdoubles(p->kmo_items, k));
    cJSON *bt = cJSON_CreateObject();
    adx__jnum(&b, bt, "chisq", p->bartlett_chisq);
    adx__jnum(&b, bt, "df", p->bartlett_df);
    adx__jnum(&b, bt, "p", p->bartlett_p);
    adx__jadd(&b, root, "bartlett", bt);
    adx__jnum(&b, root, "ncomp", (double)m);
    adx__jadd(&b, root, "rotation", cJSON_CreateString(adx_rotate_name(rotated ? p->rotate
                                                                           : ADX_ROTATE_NONE)));
    adx__jadd(&b, root, "loadings", jrows(p->loadings, k, m));
    adx__jadd(&b, root, "communalities", adx__jdoubles(p->communalities, k));
    adx__jadd(&b, root, "ss_loadings", adx__jdoubles(p->ss_loadings, m));
    cJSON *scree = cJSON_CreateArray();
    for (size_t j = 0; scree && j < k; j++) {
        double pt[2] = {(double)(j + 1), p->eigenvalues[j]};
        cJSON_AddItemToArray(scree, adx__jdoubles(pt, 2));
    }
    adx__jadd(&b, root, "scree", scree);
    adx__jadd(&b, root, "dropped", adx__jstrings((const char *const *)p->dropped, p->ndropped));
    adx__jadd(&b, root, "dropped_loadings", adx__jdoubles(p->dropped_loading, p->ndropped));
    adx__jnum(&b, root, "variance_before", p->variance_before);
    adx__jnum(&b, root, "variance_after", p->variance_after);
    if (p->k > 2 && !b.oom)
        add_scree(&b, p->eigenvalues, NULL, p->k,
                  "Scree plot of the eigenvalues of the correlation matrix",
                  "Eigenvalues by component number; the dashed line marks an eigenvalue of 1 "
                  "(Kaiser criterion).");
    adx__tb_methods(&b, "Each scale was examined with a principal component analysis of its item "
                        "correlations (KMO, Bartlett's test of sphericity, component loadings).");
    return adx__tb_done(&b, out, ctx);
}

/* ---- efa ------------------------------------------------------------------ */

static const char *method_label(adx_extract_t m)
{
    switch (m) {
    case ADX_EXTRACT_ML: return "maximum likelihood";
    case ADX_EXTRACT_PA: return "principal axis factoring";
    case ADX_EXTRACT_PC: return "principal components";
    default: return "minimum residual (minres/ULS)";
    }
}

/* Total variance explained: initial, extraction and rotation sums. */
static void efa_variance(adx__tb_t *b, const adx_efa_t *e)
{
    size_t k = e->k, m = e->m;
    adx_rotate_t rot = m > 1 ? e->opt.rotate : ADX_ROTATE_NONE;
    int oblique = rot == ADX_ROTATE_PROMAX || rot == ADX_ROTATE_OBLIMIN;
    static const char *cv[] = {"Factor", "Initial eigenvalue", "% of variance", "Cumulative %",
                               "Extraction SS loadings", "% of variance", "Cumulative %",
                               "Rotation SS loadings", "% of variance", "Cumulative %"};
    size_t nc = rot != ADX_ROTATE_NONE ? (oblique ? 8 : 10) : 7;
    adx__tb_table(b, "Total variance explained", nc, cv);
    double cum = 0, ecum = 0, rcum = 0;
    for (size_t j = 0; j < k; j++) {
        size_t r = adx__tb_row(b);
        double pct = 100 * e->eigenvalues[j] / (double)k;
        cum += pct;
        adx__tb_num(b, r, 0, (double)(j + 1), ADX_NUM_INT, 0);
        adx__tb_num(b, r, 1, e->eigenvalues[j], ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, 2, pct, ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, 3, cum, ADX_NUM_FIXED, -1);
        if (j >= m)
            continue;
        double ep = 100 * e->ss_extracted[j] / (double)k, rp = 100 * e->ss_loadings[j] / (double)k;
        ecum += ep;
        rcum += rp;
        adx__tb_num(b, r, 4, e->ss_extracted[j], ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, 5, ep, ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, 6, ecum, ADX_NUM_FIXED, -1);
        if (nc > 7)
            adx__tb_num(b, r, 7, e->ss_loadings[j], ADX_NUM_FIXED, -1);
        if (nc > 8) {
            adx__tb_num(b, r, 8, rp, ADX_NUM_FIXED, -1);
            adx__tb_num(b, r, 9, rcum, ADX_NUM_FIXED, -1);
        }
    }
    adx__tb_note(b, "Extraction: %s, %zu factor%s%s.", method_label(e->opt.method), m,
            m > 1 ? "s" : "",
            e->opt.method == ADX_EXTRACT_PA
                ? " (communalities start at the SMCs; iterated until their sum changes by "
                  "less than the tolerance, psych::fa)" : "");
    if (e->opt.method != ADX_EXTRACT_PC)
        adx__tb_note(b, "Converged in %d iterations (last change %.3g).", e->iterations,
                e->last_change);
    if (oblique)
        adx__tb_note(b, "Oblique rotation: rotation sums of squares are diag(Phi L'L) and cannot "
                    "be added to a total variance.");
    cases_note_poly(b, e->n, e->n_total, e->opt.polychoric);

}

/* The factor (or pattern) matrix with communalities; for an oblique rotation
 * also the structure matrix and the factor correlations. */
static void efa_loadings(adx__tb_t *b, const adx_efa_t *e)
{
    size_t k = e->k, m = e->m;
    adx_rotate_t rot = m > 1 ? e->opt.rotate : ADX_ROTATE_NONE;
    int oblique = rot == ADX_ROTATE_PROMAX || rot == ADX_ROTATE_OBLIMIN;
    const double *extra[] = {e->communalities, e->uniquenesses};
    static const char *en[] = {"h2", "u2"};
    char title[128];
    if (rot == ADX_ROTATE_NONE)
        snprintf(title, sizeof title, "Factor matrix (unrotated)");
    else
        snprintf(title, sizeof title, "%s (%s)", oblique ? "Pattern matrix" : "Rotated factor matrix",
                 adx_rotate_name(rot));
    matrix_table(b, title, e->names, e->loadings, k, m, "F", en, extra, 2);
    if (rot == ADX_ROTATE_OBLIMIN)
        adx__tb_note(b, "Oblimin (gamma = %g) by gradient projection%s; converged in %d iterations.",
                e->opt.gamma, e->opt.kaiser ? " with Kaiser normalisation" : " without Kaiser normalisation",
                e->rot_iterations);
    else if (rot == ADX_ROTATE_PROMAX)
        adx__tb_note(b, "Promax (power %g, %s) from a Kaiser-normalised varimax.",
                     e->opt.promax_power,
                     e->opt.promax_style == ADX_PROMAX_PSYCH ? "psych's algorithm"
                                                             : "SPSS's algorithm");
    else if (rot == ADX_ROTATE_VARIMAX)
        adx__tb_note(b, "Varimax with Kaiser normalisation; converged in %d iterations.",
                e->rot_iterations);
    if (m > 1)
        adx__tb_note(b, "Factors %s; each signed so that its structure loadings sum to a "
                        "positive number (SPSS). h2 = communality, u2 = 1 - h2.",
                     e->opt.sort ? "ordered by variance explained" : "in the extraction order");
    for (size_t i = 0; i < k; i++)
        if (e->heywood[i])
            adx__tb_note(b, "Heywood case: %s has a communality of %.3f (uniqueness at or below "
                        "zero); its estimates are not trustworthy.",
                    e->names[i], e->communalities[i]);
    if (oblique) {
        matrix_table(b, "Structure matrix", e->names, e->structure, k, m, "F", NULL, NULL, 0);
        char **cols = make_cols((const char *const[]){"Factor"}, 1, "F", m, NULL, 0);
        if (!cols)
            b->oom = 1;
        adx__tb_table(b, "Factor correlations", 1 + m, (const char *const *)cols);
        free_cols(cols, 1 + m);
        for (size_t a = 0; a < m; a++) {
            size_t r = adx__tb_row(b);
            char lab[32];
            snprintf(lab, sizeof lab, "F%zu", a + 1);
            adx__tb_text(b, r, 0, lab);
            for (size_t c = 0; c < m; c++)
                adx__tb_num(b, r, 1 + c, e->phi[a + c * m], ADX_NUM_FIXED, -1);
        }
    }
}

/* ML: the likelihood-ratio test. */
static void efa_fit(adx__tb_t *b, const adx_efa_t *e)
{
    size_t m = e->m;
    if (e->opt.method == ADX_EXTRACT_ML) {
        static const char *cf[] = {"Model", "Chi-square", "df", "p", "Objective"};
        adx__tb_table(b, "Goodness of fit", 5, cf);
        size_t r = adx__tb_row(b);
        char lab[64];
        snprintf(lab, sizeof lab, "%zu factor%s", m, m > 1 ? "s" : "");
        adx__tb_text(b, r, 0, lab);
        adx__tb_num(b, r, 1, e->chisq, ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, 2, e->df, ADX_NUM_INT, 0);
        adx__tb_num(b, r, 3, e->p, ADX_NUM_P, 3);
        adx__tb_num(b, r, 4, e->objective, ADX_NUM_FIXED, 5);
        adx__tb_note(b, "Likelihood-ratio test that %zu factor%s suffice, with Bartlett's "
                    "correction: (N - 1 - (2k + 5)/6 - 2m/3) x objective (psych::fa, "
                    "factanal).",
                m, m > 1 ? "s" : "");
    }
}

static void efa_parallel(adx__tb_t *b, const adx_efa_t *e)
{
    const adx_parallel_t *pa = e->parallel;
    size_t k = e->k;
    if (!pa)
        return;
    static const char *cp[] = {"Rank", "PC observed", "PC simulated mean", "PC 95th pct",
                               "FA observed", "FA simulated mean", "FA 95th pct"};
    adx__tb_table(b, "Parallel analysis", 7, cp);
    for (size_t j = 0; j < k; j++) {
        size_t r = adx__tb_row(b);
        adx__tb_num(b, r, 0, (double)(j + 1), ADX_NUM_INT, 0);
        double v[] = {pa->pc_obs[j], pa->pc_mean[j], pa->pc_q95[j],
                      pa->fa_obs[j], pa->fa_mean[j], pa->fa_q95[j]};
        for (int c = 0; c < 6; c++)
            adx__tb_num(b, r, 1 + (size_t)c, v[c], ADX_NUM_FIXED, -1);
    }
    adx__tb_note(b, "Parallel analysis suggests %zu factor%s and %zu component%s: observed "
                "eigenvalues above the %s of %zu simulated normal data sets of %zu x %zu "
                "(seed %llu).",
            pa->nfactors, pa->nfactors == 1 ? "" : "s", pa->ncomp,
            pa->ncomp == 1 ? "" : "s",
            pa->quantile > 0 ? "simulated quantile" : "simulated mean", pa->iterations,
            e->n, k, (unsigned long long)pa->seed);
    adx__tb_note(b, "FA eigenvalues: the correlation matrix with one-factor minres "
                "communalities on its diagonal (psych::fa.parallel).");
}

static void efa_json(adx__tb_t *b, const adx_efa_t *e)
{
    size_t k = e->k, m = e->m;
    adx_rotate_t rot = m > 1 ? e->opt.rotate : ADX_ROTATE_NONE;
    int oblique = rot == ADX_ROTATE_PROMAX || rot == ADX_ROTATE_OBLIMIN;
    cJSON *root = adx__tb_root(b);
    adx__jnum(b, root, "n", (double)e->n);
    adx__jnum(b, root, "k", (double)k);
    adx__jnum(b, root, "nfactors", (double)m);
    adx__jadd(b, root, "method", cJSON_CreateString(adx_extract_name(e->opt.method)));
    adx__jadd(b, root, "rotation", cJSON_CreateString(adx_rotate_name(rot)));
    adx__jadd(b, root, "kaiser", cJSON_CreateBool(rot == ADX_ROTATE_OBLIMIN ? e->opt.kaiser
                                                                        : rot != ADX_ROTATE_NONE));
    adx__jadd(b, root, "promax_style",
              rot == ADX_ROTATE_PROMAX
                  ? cJSON_CreateString(e->opt.promax_style == ADX_PROMAX_PSYCH ? "psych" : "spss")
                  : cJSON_CreateNull());
    adx__jadd(b, root, "sorted", cJSON_CreateBool(e->opt.sort));
    adx__jnum(b, root, "iterations", e->iterations);
    adx__jnum(b, root, "last_change", e->last_change);
    adx__jadd(b, root, "items", adx__jstrings((const char *const *)e->names, k));
    adx__jadd(b, root, "eigenvalues", adx__jdoubles(e->eigenvalues, k));
    adx__jadd(b, root, "loadings", jrows(e->loadings, k, m));
    adx__jadd(b, root, "structure", oblique ? jrows(e->structure, k, m) : cJSON_CreateNull());
    adx__jadd(b, root, "phi", oblique ? jrows(e->phi, m, m) : cJSON_CreateNull());
    adx__jadd(b, root, "communalities", adx__jdoubles(e->communalities, k));
    adx__jadd(b, root, "uniquenesses", adx__jdoubles(e->uniquenesses, k));
    adx__jadd(b, root, "ss_extracted", adx__jdoubles(e->ss_extracted, m));
    adx__jadd(b, root, "ss_loadings", adx__jdoubles(e->ss_loadings, m));
    double *pct = malloc((m ? m : 1) * sizeof *pct), *cp = malloc((m ? m : 1) * sizeof *cp);
    if (!pct || !cp)
        b->oom = 1;
    for (size_t a = 0; pct && cp && a < m; a++) {
        pct[a] = 100 * e->ss_loadings[a] / (double)k;
        cp[a] = (a ? cp[a - 1] : 0) + pct[a];
    }
    if (pct && cp) {
        adx__jadd(b, root, "variance_pct", adx__jdoubles(pct, m));
        adx__jadd(b, root, "cumulative_pct", adx__jdoubles(cp, m));
    }
    free(pct);
    free(cp);
    cJSON *fit = cJSON_CreateObject();
    adx__jnum(b, fit, "objective", e->objective);
    adx__jnum(b, fit, "chisq", e->chisq);
    adx__jnum(b, fit, "df", e->df);
    adx__jnum(b, fit, "p", e->p);
    adx__jadd(b, root, "fit", fit);
    cJSON *hw = cJSON_CreateArray();
    for (size_t i = 0; hw && i < k; i++)
        if (e->heywood[i])
            cJSON_AddItemToArray(hw, cJSON_CreateString(e->names[i]));
    adx__jadd(b, root, "heywood", hw);
}

static void efa_parallel_json(adx__tb_t *b, const adx_efa_t *e)
{
    const adx_parallel_t *pa = e->parallel;
    size_t k = e->k;
    cJSON *root = adx__tb_root(b);
    if (!pa)
        return;
    cJSON *jp = cJSON_CreateObject();
    adx__jnum(b, jp, "iterations", (double)pa->iterations);
    adx__jnum(b, jp, "seed", (double)pa->seed);
    adx__jadd(b, jp, "pc_observed", adx__jdoubles(pa->pc_obs, k));
    adx__jadd(b, jp, "pc_simulated_mean", adx__jdoubles(pa->pc_mean, k));
    adx__jadd(b, jp, "pc_simulated_q95", adx__jdoubles(pa->pc_q95, k));
    adx__jadd(b, jp, "fa_observed", adx__jdoubles(pa->fa_obs, k));
    adx__jadd(b, jp, "fa_simulated_mean", adx__jdoubles(pa->fa_mean, k));
    adx__jadd(b, jp, "fa_simulated_q95", adx__jdoubles(pa->fa_q95, k));
    adx__jnum(b, jp, "nfactors", (double)pa->nfactors);
    adx__jnum(b, jp, "ncomp", (double)pa->ncomp);
    adx__jadd(b, root, "parallel", jp);
}

adx_error_t adx_report_efa(const adx_efa_t *e, adx_report_t **out, adx_errctx_t *ctx)
{
    const adx_parallel_t *pa = e->parallel;
    adx__tb_t b;
    adx__tb_init(&b);
    efa_variance(&b, e);
    efa_loadings(&b, e);
    efa_fit(&b, e);
    efa_parallel(&b, e);
    efa_json(&b, e);
    efa_parallel_json(&b, e);
    if (!b.oom)
        add_scree(&b, pa ? pa->fa_obs : e->eigenvalues, pa ? pa->fa_mean : NULL, e->k,
                  pa ? "Scree plot of the factor eigenvalues with parallel analysis"
                     : "Scree plot of the eigenvalues of the correlation matrix",
                  pa ? "The parallel-analysis line is the mean of the simulated eigenvalues; the "
                       "dashed line marks an eigenvalue of 1."
                     : "The dashed line marks an eigenvalue of 1 (Kaiser criterion).");
    return adx__tb_done(&b, out, ctx);
}

/* ---- harman --------------------------------------------------------------- */

adx_error_t adx_report_harman(const adx_harman_t *h, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx__tb_t b;
    adx__tb_init(&b);
    char verdict[512];
    if (h->first_pct < 50)
        snprintf(verdict, sizeof verdict,
                 "The first factor explains %.1f%% < 50%% of the variance: no single factor "
                 "accounts for the majority of the covariance, so common-method bias is unlikely "
                 "to be a serious concern by this test.",
                 h->first_pct);
    else
        snprintf(verdict, sizeof verdict,
                 "The first factor explains %.1f%% >= 50%% of the variance: a single factor "
                 "accounts for the majority of the covariance, so common-method bias may be a "
                 "concern.",
                 h->first_pct);
    static const char *c[] = {"Factor", "Eigenvalue", "% of variance", "Cumulative %"};
    adx__tb_table(&b, "Harman's single-factor test", 4, c);
    double cum = 0;
    size_t shown = h->n_eigen_gt1 ? h->n_eigen_gt1 : 1;
    for (size_t j = 0; j < shown; j++) {
        size_t r = adx__tb_row(&b);
        cum += h->variance_pct[j];
        adx__tb_num(&b, r, 0, (double)(j + 1), ADX_NUM_INT, 0);
        adx__tb_num(&b, r, 1, h->eigenvalues[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 2, h->variance_pct[j], ADX_NUM_FIXED, -1);
        adx__tb_num(&b, r, 3, cum, ADX_NUM_FIXED, -1);
    }
    adx__tb_note(&b, "%s", verdict);
    adx__tb_note(&b, "Unrotated principal components of all %zu items; %zu factor%s with "
                "eigenvalue > 1 (shown).",
            h->k, h->n_eigen_gt1, h->n_eigen_gt1 == 1 ? "" : "s");
    cases_note(&b, h->n, h->n_total);
    cJSON *root = adx__tb_root(&b);
    adx__jnum(&b, root, "n", (double)h->n);
    adx__jnum(&b, root, "k", (double)h->k);
    adx__jadd(&b, root, "items", adx__jstrings((const char *const *)h->names, h->k));
    adx__jadd(&b, root, "eigenvalues", adx__jdoubles(h->eigenvalues, h->k));
    adx__jadd(&b, root, "variance_pct", adx__jdoubles(h->variance_pct, h->k));
    adx__jnum(&b, root, "n_factors_eigen_gt1", (double)h->n_eigen_gt1);
    adx__jnum(&b, root, "first_eigenvalue", h->eigenvalues[0]);
    adx__jnum(&b, root, "first_pct", h->first_pct);
    adx__jadd(&b, root, "single_factor_majority", cJSON_CreateBool(h->first_pct >= 50));
    adx__jadd(&b, root, "verdict", cJSON_CreateString(verdict));
    adx__tb_methods(&b, "Common-method bias was assessed with Harman's single-factor test "
                        "(unrotated extraction of all items).");
    return adx__tb_done(&b, out, ctx);
}
