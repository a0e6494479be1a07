/* adx_report_pls: the PLS tables (Hair et al. 2022 layout, first slice) and the JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

/* One row of a table: its text cells and its numbers. */
typedef void (*row_fn)(const adx_pls_t *r, size_t i, const char **text, double *v);

/* A table of nrows rows: ntext text columns, then numbers (3 decimals). */
static adx_table_t *table_of(const adx_pls_t *r, const char *title, const char *const *cols,
                             size_t ntext, size_t ncols, size_t nrows, row_fn fill)
{
    adx_table_t *t = adx_table_alloc(title, ncols, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t i = 0; !rc && i < nrows; i++) {
        const char *text[2] = {"", ""};
        double v[8] = {0};
        fill(r, i, text, v);
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : ADX_OK;
        for (size_t j = 0; !rc && j < ncols; j++)
            rc = j < ntext ? adx_table_set_text(t, row, j, text[j])
                           : adx_table_set_num(t, row, j, v[j - ntext], ADX_NUM_FIXED, 3, NULL);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

/* Measurement model (Hair et al. 2022, table 4.x; SmartPLS): per indicator loading, weight
 * and VIF; the construct's alpha, rho_A, rho_C and AVE on its first indicator's row. */
static void measurement_row(const adx_pls_t *r, size_t i, const char **text, double *v)
{
    size_t c = r->icon[i];
    text[0] = r->cname[c];
    text[1] = r->iname[i];
    v[0] = r->loading[i];
    v[1] = r->weight[i];
    v[2] = r->outer_vif[i];
    int first = i == 0 || r->icon[i - 1] != c;
    const double *src[] = {r->alpha, r->rho_a, r->rho_c, r->ave};
    for (size_t k = 0; k < 4; k++)
        v[3 + k] = first ? src[k][c] : NAN;
}

static adx_table_t *measurement(const adx_pls_t *r)
{
    static const char *const cols[] = {"Construct", "Indicator", "Loading", "Weight", "VIF",
                                       "alpha", "rho_A", "rho_C", "AVE"};
    adx_table_t *t = table_of(r, "Measurement model", cols, 2, 9, r->ni, measurement_row);
    if (t && adx_table_add_note(t, "Loadings and weights of standardized indicators; VIF: "
                                   "outer (indicator) VIF; alpha (standardized), rho_A, rho_C "
                                   "and AVE per construct (Hair et al. 2022).")) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static void reliability_row(const adx_pls_t *r, size_t c, const char **text, double *v)
{
    text[0] = r->cname[c];
    int hoc = r->hoc ? r->hoc[c] : 0;
    text[1] = r->mode[c] == 'I' ? "interaction"
              : hoc == 1        ? (r->mode[c] == 'A' ? "A (HOC)" : "B (HOC)")
              : hoc == 2        ? (r->mode[c] == 'A' ? "A (LOC)" : "B (LOC)")
                                : (r->mode[c] == 'A' ? "A" : "B");
    const double *src[] = {r->alpha, r->rho_a, r->rho_c, r->ave, r->r2, r->adj_r2};
    for (size_t k = 0; k < 6; k++)
        v[k] = src[k][c];
}

static adx_table_t *reliability(const adx_pls_t *r)
{
    static const char *const cols[] = {"Construct", "Mode", "alpha", "rho_A", "rho_C", "AVE",
                                       "R2", "Adj. R2"};
    return table_of(r, "Construct reliability and validity", cols, 2, 8, r->nc,
                    reliability_row);
}

/* Bootstrap statistic of path e (-1 without a bootstrap). */
static long boot_path(const adx_pls_t *r, size_t e)
{
    for (size_t k = 0; r->boot && k < r->boot->nstat; k++)
        if (r->boot->kind[k] == ADX_PLS_STAT_PATH && r->boot->index[k] == e)
            return (long)k;
    return -1;
}

/* Structural model (Hair et al. 2022 layout): beta, t, p and the percentile interval from
 * the bootstrap (blank without --boot), f^2, inner VIF. */
static void structural_row(const adx_pls_t *r, size_t e, const char **text, double *v)
{
    long k = boot_path(r, e);
    const adx_pls_boot_t *b = r->boot;
    text[0] = r->cname[r->pfrom[e]];
    text[1] = r->cname[r->pto[e]];
    v[0] = r->coef[e];
    v[1] = k >= 0 ? b->t[k] : NAN;
    v[2] = k >= 0 ? b->p[k] : NAN;
    v[3] = k >= 0 ? b->lo[k] : NAN;
    v[4] = k >= 0 ? b->hi[k] : NAN;
    v[5] = r->f2[e];
    v[6] = r->inner_vif[e];
}

/* The R^2 note of the structural table ("R2: Y 0.593 (adj. 0.587); ..."). */
static adx_error_t r2_note(const adx_pls_t *r, adx_table_t *t)
{
    adx__sb_t sb = {0};
    for (size_t c = 0; c < r->nc; c++)
        if (!isnan(r->r2[c]))
            adx__sb_printf(&sb, "%s%s %.3f (adj. %.3f)", sb.len ? "; " : "R2: ", r->cname[c],
                           r->r2[c], r->adj_r2[c]);
    adx_error_t rc = sb.oom ? ADX_ENOMEM : sb.s ? adx_table_add_note(t, "%s.", sb.s) : ADX_OK;
    adx__sb_free(&sb);
    if (!rc && r->boot)
        rc = adx_table_add_note(t, "t, p (two-sided) and the %g%% percentile interval from %zu "
                                   "bootstrap resamples.", 100 * r->boot->level, r->boot->nok);
    return rc;
}

static adx_table_t *structural(const adx_pls_t *r)
{
    static const char *const cols[] = {"From", "To", "Path", "t", "p", "CI lower", "CI upper",
                                       "f2", "VIF"};
    adx_table_t *t = table_of(r, "Structural model", cols, 2, 9, r->npaths, structural_row);
    for (size_t e = 0; t && e < r->npaths; e++) /* p as .023 / <.001 */
        if (boot_path(r, e) >= 0 &&
            adx_table_set_num(t, e, 4, r->boot->p[boot_path(r, e)], ADX_NUM_P, 3, NULL)) {
            adx_table_free(t);
            return NULL;
        }
    if (t && (r2_note(r, t) ||
              (!r->converged &&
               adx_table_add_note(t, "Not converged after %d iterations: estimates are not "
                                     "final.", r->iterations + 1)))) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

/* Renames column j (0-based) of t; 0 or ADX_ENOMEM. */
static adx_error_t rename_col(adx_table_t *t, size_t j, const char *name)
{
    char *s = malloc(strlen(name) + 1);
    if (!s)
        return ADX_ENOMEM;
    free(t->colnames[j]);
    t->colnames[j] = strcpy(s, name);
    return ADX_OK;
}

/* Lower triangle of an nc x nc construct matrix (with the diagonal when diag). */
static adx_table_t *triangle(const adx_pls_t *r, const char *title, const double *x, int diag)
{
    adx_table_t *t = adx_table_alloc(title, r->nc + 1, NULL);
    adx_error_t rc = t ? rename_col(t, 0, "") : ADX_ENOMEM;
    for (size_t a = 0; !rc && a < r->nc; a++) {
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->cname[a]);
        for (size_t b = 0; !rc && b < a + (diag != 0); b++)
            rc = adx_table_set_num(t, row, b + 1, x[a * r->nc + b], ADX_NUM_FIXED, 3, NULL);
        if (!rc)
            rc = rename_col(t, a + 1, r->cname[a]);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *htmt(const adx_pls_t *r)
{
    return triangle(r, "HTMT", r->htmt, 0);
}

static adx_table_t *fornell_larcker(const adx_pls_t *r)
{
    adx_table_t *t = triangle(r, "Fornell-Larcker criterion", r->fl, 1);
    if (t && adx_table_add_note(t, "Diagonal: square root of the AVE; below: construct "
                                   "correlations.")) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *cross_loadings(const adx_pls_t *r)
{
    adx_table_t *t = adx_table_alloc("Cross-loadings", r->nc + 1, NULL);
    adx_error_t rc = t ? rename_col(t, 0, "Indicator") : ADX_ENOMEM;
    for (size_t c = 0; !rc && c < r->nc; c++)
        rc = rename_col(t, c + 1, r->cname[c]);
    for (size_t i = 0; !rc && i < r->ni; i++) {
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->iname[i]);
        for (size_t c = 0; !rc && c < r->nc; c++)
            rc = adx_table_set_num(t, row, c + 1, r->cross[i * r->nc + c], ADX_NUM_FIXED, 3,
                                   NULL);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

/* Specific indirect effects: the chain as text ("A -> M -> Y") and the effect. */
static adx_table_t *indirect(const adx_pls_t *r)
{
    static const char *const cols[] = {"Chain", "Effect"};
    adx_table_t *t = adx_table_alloc("Specific indirect effects", 2, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; !rc && k < r->nind; k++) {
        adx__sb_t sb = {0};
        for (size_t m = r->ind_start[k]; m < r->ind_start[k + 1]; m++)
            adx__sb_printf(&sb, "%s%s", m > r->ind_start[k] ? " -> " : "", r->cname[r->ind_node[m]]);
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 || sb.oom || !sb.s ? ADX_ENOMEM
                                               : adx_table_set_text(t, row, 0, sb.s);
        if (!rc)
            rc = adx_table_set_num(t, row, 1, r->ind_effect[k], ADX_NUM_FIXED, 3, NULL);
        adx__sb_free(&sb);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *fit(const adx_pls_t *r)
{
    static const char *const cols[] = {"Measure", "Saturated model", "Estimated model"};
    static const char *const names[] = {"SRMR", "d_ULS", "d_G"};
    const double *v[] = {r->srmr, r->d_uls, r->d_g};
    adx_table_t *t = adx_table_alloc("Model fit", 3, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; !rc && k < 3; k++) {
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, names[k]);
        for (int m = 0; !rc && m < 2; m++)
            rc = adx_table_set_num(t, row, (size_t)m + 1, v[k][m], ADX_NUM_FIXED, 3, NULL);
    }
    if (!rc && (isnan(r->d_g[0]) || isnan(r->d_g[1])))
        rc = adx_table_add_note(t, "d_G blank: the implied correlation matrix is not "
                                   "positive definite.");
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

/* The label of bootstrap statistic k ("A -> B", "A -> M -> B", "A: item", "A, B"). */
static void boot_label(const adx_pls_t *r, size_t k, adx__sb_t *sb)
{
    size_t i = r->boot->index[k], nc = r->nc;
    switch (r->boot->kind[k]) {
    case ADX_PLS_STAT_PATH:
        adx__sb_printf(sb, "%s -> %s", r->cname[r->pfrom[i]], r->cname[r->pto[i]]);
        break;
    case ADX_PLS_STAT_LOADING:
    case ADX_PLS_STAT_WEIGHT:
        adx__sb_printf(sb, "%s: %s", r->cname[r->icon[i]], r->iname[i]);
        break;
    case ADX_PLS_STAT_TOTAL:
        adx__sb_printf(sb, "%s -> %s", r->cname[i / nc], r->cname[i % nc]);
        break;
    case ADX_PLS_STAT_HTMT:
        adx__sb_printf(sb, "%s, %s", r->cname[i / nc], r->cname[i % nc]);
        break;
    case ADX_PLS_STAT_INDIRECT:
        for (size_t m = r->ind_start[i]; m < r->ind_start[i + 1]; m++)
            adx__sb_printf(sb, "%s%s", m > r->ind_start[i] ? " -> " : "",
                           r->cname[r->ind_node[m]]);
        break;
    }
}

/* One bootstrap table (SmartPLS layout): estimate, mean, SD, t, p, percentile and BCa
 * limits; for HTMT the one-sided upper limit instead of t and p. */
static adx_table_t *boot_table(const adx_pls_t *r, adx_pls_stat_t kind, const char *title)
{
    const adx_pls_boot_t *b = r->boot;
    int h = kind == ADX_PLS_STAT_HTMT;
    const char *const cols[] = {"", "Estimate", "Mean", "SD", h ? "Upper (1-sided)" : "t",
                                h ? "Below .85" : "p", "CI lower", "CI upper", "BCa lower",
                                "BCa upper"};
    adx_table_t *t = adx_table_alloc(title, 10, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; !rc && k < b->nstat; k++) {
        if (b->kind[k] != kind)
            continue;
        adx__sb_t sb = {0};
        boot_label(r, k, &sb);
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 || sb.oom || !sb.s ? ADX_ENOMEM : adx_table_set_text(t, row, 0, sb.s);
        adx__sb_free(&sb);
        const double v[] = {b->est[k], b->mean[k], b->se[k], h ? b->upper[k] : b->t[k], b->p[k],
                            b->lo[k], b->hi[k], b->bca_lo[k], b->bca_hi[k]};
        for (size_t j = 0; !rc && j < 9; j++)
            rc = j == 4 && h ? adx_table_set_text(t, row, 5, b->upper[k] < .85 ? "yes" : "no")
                             : adx_table_set_num(t, row, j + 1, v[j], j == 4 ? ADX_NUM_P
                                                                           : ADX_NUM_FIXED, 3,
                                                 NULL);
    }
    if (!rc)
        rc = adx_table_add_note(t, "Bootstrap: %zu of %zu resamples, seed %llu, sign changes %s; "
                                   "%g%% percentile and BCa limits%s.", b->nok, b->nboot,
                                (unsigned long long)b->seed,
                                b->sign_change ? "individual" : "none", 100 * b->level,
                                h ? "; HTMT inference (Franke & Sarstedt 2019): upper limit of "
                                    "the one-sided interval below .85 (.90 for conceptually "
                                    "similar constructs)" : "; p two-sided from t with "
                                                            "resamples - 1 df");
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_error_t add_boot_tables(const adx_pls_t *r, adx_report_t *rep)
{
    static const char *const titles[] = {"Bootstrap: path coefficients",
                                         "Bootstrap: outer loadings", "Bootstrap: outer weights",
                                         "Bootstrap: total effects",
                                         "Bootstrap: specific indirect effects",
                                         "Bootstrap: HTMT"};
    adx_error_t rc = ADX_OK;
    for (int k = 0; !rc && r->boot && k < 6; k++) {
        adx_table_t *t = boot_table(r, (adx_pls_stat_t)k, titles[k]);
        rc = t ? adx_report_add_table(rep, t) : ADX_ENOMEM;
    }
    return rc;
}

/* The sentence for a study's methods paragraph (NULL when memory runs out). */
static char *methods(const adx_pls_t *r)
{
    size_t na = 0, nb = 0, nhoc = 0, nint = 0;
    for (size_t c = 0; c < r->nc; c++) {
        na += r->mode[c] == 'A';
        nb += r->mode[c] == 'B';
        nint += r->mode[c] == 'I';
        nhoc += r->hoc && r->hoc[c] == 1;
    }
    static const char *const schemes[] = {"path", "factor", "centroid"};
    char mb[64] = "";
    if (nb)
        snprintf(mb, sizeof mb, " and %zu in mode B (regression weights)", nb);
    adx__sb_t sb = {0};
    adx__sb_printf(&sb, "The model was estimated by partial least squares path modelling "
                        "(PLS-SEM; Hair et al. 2022) on n = %zu cases, with %zu composite%s in "
                        "mode A (correlation weights)%s, the %s weighting scheme and "
                        "standardized indicators (missing values replaced by the item mean), "
                        "as seminr 2.3.1 computes it%s.",
                   r->n, na, na == 1 ? "" : "s",
                   mb, schemes[r->scheme],
                   r->consistent ? "; reflective constructs were corrected by consistent PLS "
                                   "(Dijkstra & Henseler 2015)" : "");
    if (nhoc)
        adx__sb_str(&sb, " Higher-order constructs were estimated from their lower-order "
                         "constructs.");
    if (nint)
        adx__sb_str(&sb, " Moderation was estimated with interaction terms (Henseler & Chin "
                         "2010).");
    adx__sb_str(&sb, " Reliability is reported as Cronbach's alpha, rho_A and composite "
                     "reliability rho_C, convergent validity as the AVE, discriminant validity "
                     "as HTMT (Henseler et al. 2015)");
    if (r->boot)
        adx__sb_printf(&sb, "; path coefficients were tested with %zu bootstrap resamples "
                            "(percentile intervals, %g%%).", r->boot->nok, 100 * r->boot->level);
    else
        adx__sb_str(&sb, ".");
    return adx__sb_take(&sb);
}

adx_error_t adx_report_pls(const adx_pls_t *r, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *rep = adx_report_alloc();
    adx_error_t rc = rep ? ADX_OK : ADX_ENOMEM;
    adx_table_t *(*const make[])(const adx_pls_t *) = {
        reliability, measurement, structural, htmt, fornell_larcker, cross_loadings, indirect,
        fit};
    for (size_t i = 0; !rc && i < sizeof make / sizeof *make; i++) {
        adx_table_t *t = make[i](r);
        rc = t ? adx_report_add_table(rep, t) : ADX_ENOMEM;
    }
    if (!rc)
        rc = add_boot_tables(r, rep);
    if (!rc)
        rc = adx__pls_diagram(r, rep);
    if (!rc)
        rc = adx__pls_x_report(r, rep);
    if (!rc && !(rep->methods = methods(r)))
        rc = ADX_ENOMEM;
    if (!rc && !(rep->json = adx__pls_json_tree(r)))
        rc = ADX_ENOMEM;
    if (rc) {
        adx_report_free(rep);
        return adx_oom(ctx);
    }
    *out = rep;
    return ADX_OK;
}
