/* Report builders for common-method variance beyond Harman's test: the marker-variable
 * adjustment of a correlation table (corr --marker). JSON keys: docs/basics.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_stats.h"
#include "builder.h"

/* Moves the blocks of src to the end of r and its JSON under r's key; frees src. */
static adx_error_t append_under(adx_report_t *r, adx_report_t *src, const char *key,
                                adx_errctx_t *ctx)
{
    adx_error_t rc = adx_report_append(r, src, 0);
    if (!rc && r->json && src->json) {
        cJSON_AddItemToObject(r->json, key, src->json);
        src->json = NULL;
    }
    adx_report_free(src);
    return rc ? adx_oom(ctx) : ADX_OK;
}

adx_error_t adx_report_add_marker(adx_report_t *r, const adx_marker_t *m, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {
        ADX_COL("Variable 1", "var1"), ADX_COL("Variable 2", "var2"), ADX_COL("r", "r"),
        ADX_COL_STAR("r (adjusted)", "r_adjusted"), ADX_COL("t", "t"), ADX_COL_INT("df", "df"),
        ADX_COL_P("Sig.", "p")};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "marker", m->marker);
    adx__jnum(&b, root, "r_m", m->r_m);
    adx__jstr(&b, root, "r_m_source", m->r_m_given ? "given" : m->r_m_with ? "smallest" : "none");
    adx__jstr(&b, root, "r_m_with", m->r_m_with);
    cJSON *arr = adx__jarray(&b, root, "pairs");
    char title[300];
    snprintf(title, sizeof title, "Marker-variable adjustment for common-method variance "
                                  "(marker: %s)", m->marker);
    adx__tb_table_cols(&b, title, cols, ADX_NELEM(cols));
    for (size_t j = 0; j < m->k; j++)
        for (size_t i = j + 1; i < m->k; i++) {
            size_t at = i + j * m->k;
            const char *names[] = {m->names[j], m->names[i]};
            cJSON *o = adx__jadd(&b, arr, NULL, cJSON_CreateObject());
            adx__tb_row_texts(&b, o, names, 2,
                              (double[]){m->r[at], m->ra[at], m->t[at], (double)m->n[at] - 3,
                                         m->p[at]});
        }
    if (m->r_m_given)
        adx__tb_note(&b, "r_M = %.3f (given).", m->r_m);
    else if (m->r_m_with)
        adx__tb_note(&b, "r_M = %.3f, the smallest positive correlation of the marker (with %s).",
                     m->r_m, m->r_m_with);
    else
        adx__tb_note(&b, "No correlation of the marker is positive: r_M = 0, no adjustment.");
    adx__tb_note(&b, "r (adjusted) = (r - r_M)/(1 - r_M), t = r_A / sqrt((1 - r_A^2)/(n - 3)) on "
                     "n - 3 df (Lindell & Whitney 2001). Stars from the adjusted test.");
    adx_report_t *src = NULL;
    adx_error_t rc = adx__tb_done(&b, &src, ctx);
    return rc ? rc : append_under(r, src, "marker", ctx);
}

