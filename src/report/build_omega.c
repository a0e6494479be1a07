/* Report of omega hierarchical (Schmid-Leiman), psych::omega's layout: the omegas, then
 * the general and group-factor loadings with h2 and u2. JSON keys: docs/measure.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ambidex/adx_report_measure.h"
#include "builder.h"

static void omega_loadings(adx__tb_t *b, const adx_omega_t *W, cJSON *root)
{
    size_t k = W->k, m = W->m, nc = m + 4;
    const char **cols = adx__tb_check(b, calloc(nc, sizeof *cols));
    char(*fn)[24] = adx__tb_check(b, calloc(m, sizeof *fn));
    if (!cols || !fn) {
        free(cols);
        free(fn);
        return;
    }
    cols[0] = "Item";
    cols[1] = "g";
    for (size_t f = 0; f < m; f++) {
        snprintf(fn[f], sizeof fn[f], "F%zu*", f + 1);
        cols[2 + f] = fn[f];
    }
    cols[m + 2] = "h2";
    cols[m + 3] = "u2";
    adx__tb_table(b, "Schmid-Leiman loadings", nc, cols);
    cJSON *arr = adx__jarray(b, root, "items");
    for (size_t i = 0; i < k; i++) {
        size_t r = adx__tb_row(b);
        adx__tb_text(b, r, 0, W->items->names[i]);
        adx__tb_num(b, r, 1, W->g[i], ADX_NUM_FIXED, -1);
        for (size_t f = 0; f < m; f++)
            adx__tb_num(b, r, 2 + f, W->spec[i + f * k], ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, m + 2, W->h2[i], ADX_NUM_FIXED, -1);
        adx__tb_num(b, r, m + 3, W->u2[i], ADX_NUM_FIXED, -1);
        cJSON *o = adx__jobj(b, arr, NULL);
        adx__jstr(b, o, "name", W->items->names[i]);
        adx__jnum(b, o, "g", W->g[i]);
        double *row = adx__tb_check(b, malloc(m * sizeof *row));
        for (size_t f = 0; row && f < m; f++)
            row[f] = W->spec[i + f * k];
        if (row)
            adx__jadd(b, o, "group", adx__jdoubles(row, m));
        free(row);
        adx__jnum(b, o, "h2", W->h2[i]);
        adx__jnum(b, o, "u2", W->u2[i]);
    }
    adx__tb_note(b, "g: general-factor loadings; F1*..F%zu*: group-factor loadings with g "
                    "removed, L sqrt(1 - gl^2); h2 from the %zu-factor solution.", m, m);
    free(cols);
    free(fn);
}

adx_error_t adx_report_omega(const adx_omega_t *W, adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t sc[] = {ADX_COL("Statistic", NULL), ADX_COL("Value", NULL)};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__tb_table_cols(&b, "Omega hierarchical (Schmid-Leiman)", sc, ADX_NELEM(sc));
    adx__tb_row_values(&b, NULL, "Omega hierarchical", (double[]){W->omega_h});
    adx__tb_row_values(&b, NULL, "Omega total", (double[]){W->omega_total});
    size_t r = adx__tb_row(&b);
    adx__tb_text(&b, r, 0, "Group factors");
    adx__tb_int(&b, r, 1, (double)W->m);
    r = adx__tb_row(&b);
    adx__tb_text(&b, r, 0, "Items");
    adx__tb_int(&b, r, 1, (double)W->k);
    r = adx__tb_row(&b);
    adx__tb_text(&b, r, 0, "Cases");
    adx__tb_int(&b, r, 1, (double)W->n);
    adx__tb_note(&b, "psych::omega defaults: minres, oblimin (no Kaiser normalisation), g by "
                     "minres from the factor correlations; items keyed by the sign of g. "
                     "Listwise deletion: N = %zu of %zu cases.", W->n, W->items->n_total);
    const adx_jf_t jf[] = {{"omega_h", W->omega_h}, {"omega_total", W->omega_total},
                           {"factors", (double)W->m}, {"n", (double)W->n}};
    adx__jfields(&b, root, jf, ADX_NELEM(jf));
    adx__jadd(&b, root, "group_on_g", adx__jdoubles(W->gload, W->m));
    adx__jadd(&b, root, "phi", adx__jdoubles(W->phi, W->m * W->m));
    omega_loadings(&b, W, root);
    adx__tb_methods(&b, "Omega hierarchical was computed from a Schmid-Leiman transformation "
                        "of a %zu-factor minres solution with oblimin rotation (psych::omega).",
                    W->m);
    return adx__tb_done(&b, out, ctx);
}
