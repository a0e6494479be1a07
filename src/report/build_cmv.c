/* Report builders for common-method variance beyond Harman's test: the marker-variable
 * adjustment of a correlation table (corr --marker; JSON keys: docs/basics.md) and the
 * unmeasured latent method factor (cfa --method-factor; docs/sem.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_cmv.h"
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

/* The two models' fit and the chi-square difference test. */
static void method_fit(adx__tb_t *b, cJSON *root, const adx_sem_method_t *m)
{
    static const adx_col_t cols[] = {
        ADX_COL("Model", "model"), ADX_COL("Chi-square", "chisq"), ADX_COL_INT("df", "df"),
        ADX_COL_P("p", "pvalue"), ADX_COL("CFI", "cfi"), ADX_COL("TLI", "tli"),
        ADX_COL("RMSEA", "rmsea"), ADX_COL("SRMR", "srmr")};
    cJSON *arr = adx__jarray(b, root, "fit");
    adx__tb_table_cols(b, "Unmeasured latent method factor: model fit", cols, ADX_NELEM(cols));
    const adx_sem_fit_t *f[] = {&m->fit_base, &m->fit_with};
    static const char *const names[] = {"Trait factors only", "With the method factor"};
    for (int k = 0; k < 2; k++)
        adx__tb_row_values(b, arr, names[k],
                           (double[]){f[k]->chisq, f[k]->df, f[k]->pvalue, f[k]->cfi, f[k]->tli,
                                      f[k]->rmsea, f[k]->srmr});
    adx__jfields(b, root, (adx_jf_t[]){{"dchisq", m->dchisq}, {"ddf", m->ddf}, {"dp", m->dp}},
                 3);
    char pt[32];
    adx__tb_note(b, "Chi-square difference = %.3f, df = %.0f, %s.", m->dchisq, m->ddf,
                 isnan(m->dp) ? "no test (no df)" : adx__ptext(m->dp, pt, sizeof pt));
    if (!m->converged_with)
        adx__tb_note(b, "The method-factor model did not converge: do not interpret it.");
    if (m->heywood_with)
        adx__tb_note(b, "The method-factor model has %d negative variance estimate(s) (Heywood "
                        "case), common with this model (Richardson et al. 2009).",
                     m->heywood_with);
}

adx_error_t adx_report_add_sem_method(adx_report_t *r, const adx_sem_method_t *m,
                                      const char *syntax, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {
        ADX_COL("Factor", "factor"), ADX_COL("Item", "item"),
        ADX_COL("Without method", "std_base"), ADX_COL("With method", "std_with"),
        ADX_COL("Change", "change"), ADX_COL("Method loading", "std_method"),
        ADX_COL("Method share", "method_share")};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "method", m->method);
    method_fit(&b, root, m);
    cJSON *arr = adx__jarray(&b, root, "loadings");
    adx__tb_table_cols(&b, "Standardized loadings without and with the method factor", cols,
                       ADX_NELEM(cols));
    for (size_t k = 0; k < m->n; k++) {
        const char *names[] = {m->factor[k], m->item[k]};
        cJSON *o = adx__jadd(&b, arr, NULL, cJSON_CreateObject());
        adx__tb_row_texts(&b, o, names, 2,
                          (double[]){m->std_base[k], m->std_with[k],
                                     m->std_with[k] - m->std_base[k], m->std_method[k],
                                     m->std_method[k] * m->std_method[k]});
    }
    adx__jfields(&b, root,
                 (adx_jf_t[]){{"mean_sq_base", m->mean_sq_base},
                              {"mean_sq_with", m->mean_sq_with},
                              {"mean_sq_method", m->mean_sq_method}},
                 3);
    adx__tb_note(&b, "Standardized (std.all) loadings. Mean squared trait loading %.3f without "
                     "and %.3f with the method factor; the method factor explains %.1f%% of the "
                     "indicators' variance on average (mean squared method loading; Liang et "
                     "al. 2007).",
                 m->mean_sq_base, m->mean_sq_with, 100 * m->mean_sq_method);
    if (syntax)
        adx__tb_note(&b, "Method-factor model: %s", syntax);
    adx_report_t *src = NULL;
    adx_error_t rc = adx__tb_done(&b, &src, ctx);
    return rc ? rc : append_under(r, src, "method_factor", ctx);
}
