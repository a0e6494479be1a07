/* Report builder for multi-group CFA (cfa --group): the invariance table (fit of each
 * level, chi2 difference tests, scaled under MLR/MLM) and per-group parameter tables,
 * plus the "invariance" JSON object documented in docs/sem.md; and the comparison of two
 * single-group models (cfa/sem --compare, JSON "compare"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_sem.h"
#include "builder.h"
#include "sem_ordinal.h"

static const char *const EQ_NAMES[] = {"loadings",     "intercepts",     "residuals",
                                       "means",        "lv.variances",   "lv.covariances",
                                       "regressions",  "residual.covariances",
                                       "thresholds"};

/* "loadings, intercepts" (or "none") into buf. */
static void eq_text(unsigned mask, char *buf, size_t n)
{
    buf[0] = 0;
    for (size_t i = 0; i < ADX_NELEM(EQ_NAMES); i++)
        if (mask & (1u << i))
            snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? ", " : "",
                     EQ_NAMES[i]);
    if (!buf[0])
        snprintf(buf, n, "none");
}

/* Row m as JSON into ma; its per-group parameters unless shown (then the tables add
 * them to the object returned). */
static cJSON *row_json(adx__tb_t *b, cJSON *ma, const adx_sem_invariance_t *v,
                       const adx_sem_inv_row_t *m, int shown)
{
    cJSON *o = adx__jobj(b, ma, NULL);
    adx__jstr(b, o, "model", m->model);
    adx__jbool(b, o, "converged", m->converged);
    const adx_jf_t jf[] = {
        {"chisq", m->chisq}, {"df", m->df}, {"npar", m->npar}, {"pvalue", m->pvalue},
        {"cfi", m->cfi}, {"tli", m->tli}, {"rmsea", m->rmsea}, {"srmr", m->srmr},
        {"baseline_chisq", m->baseline_chisq}, {"baseline_df", m->baseline_df},
        {"delta_chisq", m->delta_chisq}, {"delta_df", m->delta_df},
        {"delta_pvalue", m->delta_pvalue}, {"chisq_scaled", m->chisq_scaled},
        {"chisq_scaling_factor", m->scaling_factor}, {"pvalue_scaled", m->pvalue_scaled},
        {"baseline_chisq_scaled", m->baseline_chisq_scaled},
        {"baseline_chisq_scaling_factor", m->baseline_scaling_factor},
        {"cfi_scaled", m->cfi_scaled}, {"tli_scaled", m->tli_scaled},
        {"rmsea_scaled", m->rmsea_scaled}, {"cfi_robust", m->cfi_robust},
        {"tli_robust", m->tli_robust}, {"rmsea_robust", m->rmsea_robust},
        {"delta_chisq_scaled", m->delta_chisq_scaled},
        {"delta_pvalue_scaled", m->delta_pvalue_scaled}, {"shift", m->shift}};
    adx__jfields(b, o, jf, ADX_NELEM(jf));
    cJSON *eq = adx__jarray(b, o, "group_equal");
    for (size_t i = 0; i < ADX_NELEM(EQ_NAMES); i++)
        if (m->group_equal & (1u << i))
            adx__jadd(b, eq, NULL, cJSON_CreateString(EQ_NAMES[i]));
    if (shown)
        return o;
    cJSON *ga = adx__jarray(b, o, "groups");
    for (size_t g = 0; m->params && g < v->ngroups; g++) {
        cJSON *go = adx__jobj(b, ga, NULL);
        adx__jstr(b, go, "group", v->groups[g]);
        cJSON *pa = adx__jarray(b, go, "parameters");
        for (size_t k = 0; k < m->nparams[g]; k++)
            adx__sem_param_json(b, pa, &m->params[g][k], 0);
    }
    return o;
}

/* The fit of each level: ML columns, or with MLR / MLM the scaled ones. */
static void fit_table(adx__tb_t *b, const adx_sem_invariance_t *v, const char *heading)
{
    static const adx_col_t ml[] = {
        ADX_COL("Model", NULL),      ADX_COL("Chi-square", NULL),     ADX_COL_INT("df", NULL),
        ADX_COL_P("p", NULL),        ADX_COL("CFI", NULL),            ADX_COL("TLI", NULL),
        ADX_COL("RMSEA", NULL),      ADX_COL("SRMR", NULL),           ADX_COL("Delta chi-square", NULL),
        ADX_COL_INT("Delta df", NULL), ADX_COL_P("p (delta)", NULL)};
    /* MLR / MLM: the robust indices; WLSMV: the scaled ones */
#define SCALED_COLS(kind)                                                                       \
    {ADX_COL("Model", NULL),                 ADX_COL("Chi-square", NULL),                      \
     ADX_COL_INT("df", NULL),                ADX_COL("Scaled chi-square", NULL),               \
     ADX_COL("Scaling factor", NULL),        ADX_COL_P("p (scaled)", NULL),                    \
     ADX_COL("CFI (" kind ")", NULL),        ADX_COL("TLI (" kind ")", NULL),                  \
     ADX_COL("RMSEA (" kind ")", NULL),      ADX_COL("SRMR", NULL),                            \
     ADX_COL("Scaled delta chi-square", NULL), ADX_COL_INT("Delta df", NULL),                  \
     ADX_COL_P("p (delta)", NULL)}
    static const adx_col_t rob[] = SCALED_COLS("robust"), ord[] = SCALED_COLS("scaled");
#undef SCALED_COLS
    if (v->ordered)
        adx__tb_table_cols(b, heading, ord, ADX_NELEM(ord));
    else if (v->robust)
        adx__tb_table_cols(b, heading, rob, ADX_NELEM(rob));
    else
        adx__tb_table_cols(b, heading, ml, ADX_NELEM(ml));
    for (size_t l = 0; l < v->nrows; l++) {
        const adx_sem_inv_row_t *m = &v->rows[l];
        if (v->ordered) /* WLSMV: the scaled-shifted test and the scaled indices */
            adx__tb_row_values(b, NULL, m->model,
                               (double[]){m->chisq, m->df, m->chisq_scaled, m->scaling_factor,
                                          m->pvalue_scaled, m->cfi_scaled, m->tli_scaled,
                                          m->rmsea_scaled, m->srmr, m->delta_chisq_scaled,
                                          m->delta_df, m->delta_pvalue_scaled});
        else if (v->robust)
            adx__tb_row_values(b, NULL, m->model,
                               (double[]){m->chisq, m->df, m->chisq_scaled, m->scaling_factor,
                                          m->pvalue_scaled, m->cfi_robust, m->tli_robust,
                                          m->rmsea_robust, m->srmr, m->delta_chisq_scaled,
                                          m->delta_df, m->delta_pvalue_scaled});
        else
            adx__tb_row_values(b, NULL, m->model,
                               (double[]){m->chisq, m->df, m->pvalue, m->cfi, m->tli, m->rmsea,
                                          m->srmr, m->delta_chisq, m->delta_df,
                                          m->delta_pvalue});
    }
}

static void fit_notes(adx__tb_t *b, const adx_sem_invariance_t *v, const char *partial)
{
    char buf[512] = "", eq[256];
    for (size_t g = 0; g < v->ngroups; g++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s (n = %zu)", g ? ", " : "",
                 v->groups[g], v->n[g]);
    adx__tb_note(b, "Groups: %s.", buf);
    if (v->nrows == 1) {
        eq_text(v->rows[0].group_equal, eq, sizeof eq);
        adx__tb_note(b, "Equal across groups (lavaan group.equal): %s.", eq);
    } else if (v->ordered) {
        adx__tb_note(b, "Configural: same model in every group; thresholds: equal thresholds "
                        "(and intercepts of continuous indicators), %s and latent means free "
                        "after the first group (lavaan, Wu & Estabrook 2016); "
                        "thresholds+loadings: also equal loadings.",
                     v->ordinal_theta ? "residual variances (~~)" : "scale factors (~*~)");
    } else {
        adx__tb_note(b, "Configural: same model in every group; metric: equal loadings; scalar: "
                        "equal loadings and intercepts, latent means free after the first "
                        "group; strict: also equal residual variances. Delta: chi-square "
                        "difference test against the row above.");
    }
    if (partial && *partial)
        adx__tb_note(b, "Free in every group (lavaan group.partial): %s.", partial);
    if (v->ordered) {
        adx__tb_note(b, "Ordered indicators: %s on each group's polychoric correlations and "
                        "thresholds (polyserial and Pearson, means and variances with "
                        "continuous indicators; %s parameterization); scaled-shifted chi-square (CFI, "
                        "TLI, RMSEA from it, RMSEA times sqrt(groups)); | threshold, ~*~ scale "
                        "factor. Delta: Satorra (2000) scaled-shifted difference test (lavTestLRT's "
                        "default for WLSMV and ULSMV).",
                     v->ordinal_uls ? "ULSMV" : "WLSMV", v->ordinal_theta ? "theta" : "delta");
        for (size_t l = 0; l < v->nrows; l++)
            if (!isnan(v->rows[l].cfi_robust))
                adx__tb_note(b, "Robust CFI %.3f, TLI %.3f, RMSEA %.3f of the %s model (lavaan's "
                                "cfi.robust, tli.robust, rmsea.robust; not given once the "
                                "thresholds are equal across groups).",
                             v->rows[l].cfi_robust, v->rows[l].tli_robust,
                             v->rows[l].rmsea_robust, v->rows[l].model);
        return;
    }
    adx__tb_note(b, "Multi-group %s with mean structure%s; RMSEA multiplied by sqrt(groups) "
                    "and SRMR averaged with group weights (lavaan).%s%s",
                 v->robust == ADX_SEM_MLR   ? "MLR (Yuan-Bentler scaled chi-square)"
                 : v->robust == ADX_SEM_MLM ? "MLM (Satorra-Bentler scaled chi-square)"
                                            : "ML",
                 v->fiml ? "; missing values by full-information ML (FIML)" : "",
                 !v->robust ? ""
                 : v->diff_method == ADX_SEM_DIFF_SB2010
                     ? " Delta: Satorra-Bentler (2010) scaled difference (lavaan's "
                       "lavTestLRT, method = \"satorra.bentler.2010\"); robust CFI/TLI/RMSEA as "
                       "lavaan's cfi.robust"
                     : " Delta: Satorra-Bentler (2001) scaled difference (lavaan's "
                       "lavTestLRT); robust CFI/TLI/RMSEA as lavaan's cfi.robust",
                 !v->robust ? "" : v->fiml ? ", corrected for missing data (Zhang & Savalei, "
                                             "2023)."
                                           : ".");
}

/* With the bootstrap: each group's bootstrap SEs and intervals of row l. */
static void group_boot_tables(adx__tb_t *b, const adx_sem_invariance_t *v, size_t l)
{
    static const adx_col_t cols[] = {
        ADX_COL("lhs", NULL),      ADX_COL("op", NULL),      ADX_COL("rhs", NULL),
        ADX_COL("Estimate", NULL), ADX_COL("Boot SE", NULL), ADX_COL("Lower", NULL),
        ADX_COL("Upper", NULL),    ADX_COL("Lower", NULL),   ADX_COL("Upper", NULL),
        ADX_COL("Lower", NULL),    ADX_COL("Upper", NULL)};
    const adx_sem_inv_row_t *m = &v->rows[l];
    for (size_t g = 0; v->boot_requested && m->params && g < v->ngroups; g++) {
        char buf[512];
        snprintf(buf, sizeof buf, "Group %s: bootstrap (%zu resamples within the groups, seed "
                                  "%llu), %s model",
                 v->groups[g], v->boot_requested, v->boot_seed, m->model);
        adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
        adx__tb_colgroup(b, 5, 2, "Percentile");
        adx__tb_colgroup(b, 7, 2, "BC");
        adx__tb_colgroup(b, 9, 2, "BCa");
        for (size_t i = 0; i < m->nparams[g]; i++) {
            const adx_sem_param_t *p = &m->params[g][i];
            if (!p->free && p->op != ADX_SEM_DEFINE)
                continue;
            adx__sem_boot_row_tb(b, p, p->rhs);
        }
        adx__tb_note(b, "%.0f%% intervals: percentile, bias-corrected percentile (lavaan's "
                        "bca.simple) and BCa (acceleration from the jackknife within the "
                        "groups). Each resample draws n_g cases of every group with "
                        "replacement%s and refits the model; %zu of %zu resamples used (the "
                        "others did not converge%s).",
                     100 * v->boot_level, v->fiml ? " (each with its missing values)" : "",
                     v->boot_used, v->boot_requested,
                     v->ordinal_theta ? "; under theta these include resamples without a "
                                        "finite solution, whose delta fit has a residual "
                                        "variance at or below 0"
                                      : "");
    }
}

/* Per-group parameter tables of row l. */
static void group_tables(adx__tb_t *b, const adx_sem_invariance_t *v, size_t l, cJSON *root)
{
    const adx_sem_inv_row_t *m = &v->rows[l];
    cJSON *ga = adx__jarray(b, root, "groups");
    for (size_t g = 0; m->params && g < v->ngroups; g++) {
        char buf[512];
        snprintf(buf, sizeof buf, "Group %s (n = %zu): parameter estimates, %s model",
                 v->groups[g], v->n[g], m->model);
        cJSON *go = adx__jobj(b, ga, NULL);
        adx__jstr(b, go, "group", v->groups[g]);
        adx__sem_param_table(b, buf, m->params[g], m->nparams[g], v->boot_requested != 0,
                             adx__jarray(b, go, "parameters"));
        /* the group over every column, so that formats without titles (CSV) name it */
        snprintf(buf, sizeof buf, "Group %s", v->groups[g]);
        adx__tb_colgroup(b, 0, 12, buf);
        adx__tb_note(b, "* p < .05, ** p < .01, *** p < .001 (z test, SEs %s). Labels .pK. mark "
                        "parameters constrained equal across groups (lavaan's).",
                     v->ordered                 ? v->ordinal_uls ? "robust (ULSMV sandwich)"
                                                                     : "robust (WLSMV sandwich)"
                     : v->robust == ADX_SEM_MLM ? "robust (MLM sandwich, expected information)"
                     : v->robust == ADX_SEM_MLR ? "robust (MLR sandwich, observed information)"
                     : v->fiml                  ? "from the observed information"
                                                : "from the expected information");
    }
}

void adx__sem_con_score_table(adx__tb_t *b, const char *title, const adx_sem_score_t *t,
                              size_t n, const char *total_name, const double total[3],
                              const char *note, cJSON *parent)
{
    static const adx_col_t cols[] = {ADX_COL("Constraint", "constraint"),
                                     ADX_COL("Chi-square", "x2"), ADX_COL_INT("df", "df"),
                                     ADX_COL_P("p", "pvalue")};
    char line[1300];
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    cJSON *arr = parent ? adx__jarray(b, parent, "constraint_score_tests") : NULL;
    for (size_t k = 0; k < n; k++) {
        snprintf(line, sizeof line, "%s == %s", t[k].lhs, t[k].rhs);
        adx__tb_row_texts(b, arr ? adx__jobj(b, arr, NULL) : NULL, (const char *const[]){line}, 1,
                          (double[]){t[k].x2, t[k].df, t[k].pvalue});
    }
    adx__tb_row_texts(b, arr ? adx__jobj(b, arr, NULL) : NULL,
                      (const char *const[]){total_name}, 1, total);
    adx__tb_note(b, "%s", note);
}

/* lavTestScore's tests of the user's equality constraint lines of level m (its con_score):
 * each line released alone, then all of them ("total"); mo its JSON model. */
static void con_score_table(adx__tb_t *b, const adx_sem_inv_row_t *m, cJSON *mo)
{
    char title[160];
    snprintf(title, sizeof title, "Score tests of the constraint lines, %s model", m->model);
    adx__sem_con_score_table(b, title, m->con_score, m->ncon_score, "total (all lines)",
                             (double[]){m->con_total_x2, m->con_total_df, m->con_total_pvalue},
                             "Score (Lagrange multiplier) test of releasing each constraint line "
                             "alone (the other lines and the equalities across groups kept), "
                             "then all lines together (lavaan's lavTestScore, expected "
                             "information).",
                             mo);
}

/* lavTestScore's univariate tests of every constrained level (rows with score), and of
 * the constraint lines (rows with con_score). */
static void score_tables(adx__tb_t *b, const adx_sem_invariance_t *v, cJSON *ma)
{
    static const adx_col_t cols[] = {ADX_COL("Parameter", "parameter"),
                                     ADX_COL("Groups", "groups"),
                                     ADX_COL("Chi-square", "x2"), ADX_COL_INT("df", "df"),
                                     ADX_COL_P("p", "pvalue")};
    for (size_t l = 0; l < v->nrows; l++) {
        const adx_sem_inv_row_t *m = &v->rows[l];
        if (m->con_score && m->ncon_score)
            con_score_table(b, m, cJSON_GetArrayItem(ma, (int)l));
        if (!m->score || !m->nscore)
            continue;
        char title[160], par[300], grp[300];
        snprintf(title, sizeof title, "Score tests of the equality constraints, %s model",
                 m->model);
        adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
        cJSON *mo = cJSON_GetArrayItem(ma, (int)l);
        cJSON *arr = mo ? adx__jarray(b, mo, "score_tests") : NULL;
        for (size_t k = 0; k < m->nscore; k++) {
            const adx_sem_score_t *t = &m->score[k];
            snprintf(par, sizeof par, "%s %s %s", t->lhs,
                     t->op == ADX_SEM_INTERCEPT ? "~" : adx_sem_op_name(t->op),
                     t->op == ADX_SEM_INTERCEPT ? "1" : t->rhs); /* as --group-partial */
            snprintf(grp, sizeof grp, "%s = %s", v->groups[t->first], v->groups[t->group]);
            adx__tb_row_texts(b, arr ? adx__jobj(b, arr, NULL) : NULL,
                              (const char *const[]){par, grp}, 2,
                              (double[]){t->x2, t->df, t->pvalue});
        }
        adx__tb_note(b, "Score (Lagrange multiplier) test of releasing each equality: the "
                        "expected decrease in chi-square if the parameter were free in the "
                        "second group (lavaan's lavTestScore, expected information). Release "
                        "one at a time, largest first, and refit (--group-partial).");
    }
}

/* lavaan's modindices() of every level and group (rows with mi): MI >= 3.84 in the table,
 * all of them in JSON ("modindices" per group of each model, as the single-group key). */
static void mi_tables(adx__tb_t *b, const adx_sem_invariance_t *v, cJSON *ma)
{
    static const adx_col_t cols[] = {ADX_COL("lhs", "lhs"),         ADX_COL("op", "op"),
                                     ADX_COL("rhs", "rhs"),         ADX_COL("MI", "mi"),
                                     ADX_COL("EPC", "epc"),         ADX_COL("SEPC.lv", "sepc_lv"),
                                     ADX_COL("SEPC.all", "sepc_all")};
    static const double shown = 3.84;
    for (size_t l = 0; l < v->nrows; l++) {
        const adx_sem_inv_row_t *m = &v->rows[l];
        cJSON *gs = m->mi ? cJSON_GetObjectItem(cJSON_GetArrayItem(ma, (int)l), "groups") : NULL;
        for (size_t g = 0; m->mi && g < v->ngroups; g++) {
            char title[300];
            snprintf(title, sizeof title, "Modification indices, %s model, group %s (MI >= %.2f)",
                     m->model, v->groups[g], shown);
            adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
            cJSON *go = gs ? cJSON_GetArrayItem(gs, (int)g) : NULL;
            cJSON *arr = go ? adx__jarray(b, go, "modindices") : NULL;
            for (size_t k = 0; k < m->nmi[g]; k++) {
                const adx_sem_mi_t *x = &m->mi[g][k];
                const char *texts[] = {x->lhs, adx_sem_op_name(x->op), x->rhs};
                double vals[] = {x->mi, x->epc, x->sepc_lv, x->sepc_all};
                cJSON *o = arr ? adx__jobj(b, arr, NULL) : NULL;
                if (x->mi >= shown) {
                    adx__tb_row_texts(b, o, texts, 3, vals);
                    continue;
                }
                for (size_t c = 0; o && c < 3; c++)
                    adx__jstr(b, o, cols[c].key, texts[c]);
                for (size_t c = 0; o && c < 4; c++)
                    adx__jnum(b, o, cols[3 + c].key, vals[c]);
            }
            adx__tb_note(b, "Score tests (expected information) of freeing each fixed "
                            "parameter of this group, given the free parameters of every group "
                            "and the equalities across groups (lavaan's modindices()); EPC = "
                            "expected change. %zu tested, those with MI >= %.2f shown.",
                         m->nmi[g], shown);
        }
    }
}

adx_error_t adx_report_sem_multigroup(const adx_sem_invariance_t *v, const char *group,
                                      const char *partial, adx_report_t **out,
                                      adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    cJSON *inv = adx__jobj(&b, adx__tb_root(&b), "invariance");
    adx__jstr(&b, inv, "group", group);
    adx__jstr(&b, inv, "estimator", v->ordered                 ? v->ordinal_uls ? "ULSMV" : "WLSMV"
                                    : v->robust == ADX_SEM_MLR ? "MLR"
                                    : v->robust == ADX_SEM_MLM ? "MLM"
                                                               : "ML");
    if (v->ordered)
        adx__jstr(&b, inv, "parameterization", v->ordinal_theta ? "theta" : "delta");
    if (v->robust)
        adx__jstr(&b, inv, "diff_method", v->diff_method == ADX_SEM_DIFF_SB2010
                                              ? "satorra.bentler.2010"
                                              : "satorra.bentler.2001");
    if (partial)
        adx__jstr(&b, inv, "group_partial", partial);
    if (v->boot_requested) { /* as the single-group "bootstrap" object */
        const adx_jf_t jf[] = {{"requested", (double)v->boot_requested},
                               {"used", (double)v->boot_used},
                               {"failed", (double)(v->boot_requested - v->boot_used)},
                               {"seed", (double)v->boot_seed},
                               {"level", v->boot_level}};
        adx__jfields(&b, adx__jobj(&b, inv, "bootstrap"), jf, ADX_NELEM(jf));
    }
    cJSON *ga = adx__jarray(&b, inv, "groups"), *na = adx__jarray(&b, inv, "n"),
          *ma = adx__jarray(&b, inv, "models");
    size_t ntot = 0;
    for (size_t g = 0; g < v->ngroups; g++) {
        adx__jadd(&b, ga, NULL, cJSON_CreateString(v->groups[g]));
        adx__jadd(&b, na, NULL, adx__jnumber((double)v->n[g]));
        ntot += v->n[g];
    }
    cJSON *first = NULL;
    for (size_t l = 0; l < v->nrows; l++) {
        cJSON *o = row_json(&b, ma, v, &v->rows[l], l == 0);
        first = l ? first : o;
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%s across %s (%zu groups, n = %zu)",
             v->nrows == 1 ? "Multi-group CFA" : "Measurement invariance", group, v->ngroups,
             ntot);
    fit_table(&b, v, buf);
    fit_notes(&b, v, partial);
    group_tables(&b, v, 0, first);
    group_boot_tables(&b, v, 0);
    score_tables(&b, v, ma);
    mi_tables(&b, v, ma);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_sem_invariance(const adx_sem_invariance_t *v, const char *group,
                                      adx_report_t **out, adx_errctx_t *ctx)
{
    return adx_report_sem_multigroup(v, group, NULL, out, ctx);
}

/* One model of a comparison: its name and df, AIC, BIC, chi2, scaled chi2, scaling factor
 * (AIC and BIC unused without ic). */
typedef struct {
    const char *name;
    double v[6];
} cmp_model_t;

/* The comparison table of m[0] (the main model) and m[1] with the test (chisq, df, p) by
 * method ord (Satorra 2000), rob (Satorra-Bentler 2001, or 2010 with y10) or plain; ic: the
 * AIC and BIC columns; appended to r, JSON key "compare". */
static adx_error_t add_compare(adx_report_t *r, const cmp_model_t m[2], int ic, int ord,
                               int rob, int y10, const double t[3], adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {ADX_COL("Model", "model"),
                                     ADX_COL_INT("df", "df"),
                                     ADX_COL("AIC", "aic"),
                                     ADX_COL("BIC", "bic"),
                                     ADX_COL("Chi-square", "chisq"),
                                     ADX_COL("Scaled chi-square", "chisq_scaled"),
                                     ADX_COL("Scaling factor", "chisq_scaling_factor")};
    static const adx_col_t cols_noic[] = {ADX_COL("Model", "model"),
                                          ADX_COL_INT("df", "df"),
                                          ADX_COL("Chi-square", "chisq"),
                                          ADX_COL("Scaled chi-square", "chisq_scaled"),
                                          ADX_COL("Scaling factor", "chisq_scaling_factor")};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    cJSON *arr = adx__jarray(&b, root, "models");
    size_t nc = ic ? ADX_NELEM(cols) : ADX_NELEM(cols_noic);
    adx__tb_table_cols(&b, "Model comparison: chi-square difference test", ic ? cols : cols_noic,
                       rob ? nc : nc - 2);
    for (int k = 0; k < 2; k++) {
        const double *v = m[k].v;
        adx__tb_row_values(&b, arr, m[k].name,
                           ic ? v : (double[]){v[0], v[3], v[4], v[5]});
    }
    adx__jfields(&b, root,
                 (adx_jf_t[]){{"delta_chisq", t[0]}, {"delta_df", t[1]}, {"pvalue", t[2]}}, 3);
    const char *meth = ord    ? "satorra.2000"
                       : !rob ? "standard"
                       : y10  ? "satorra.bentler.2010"
                              : "satorra.bentler.2001";
    adx__jstr(&b, root, "method", meth);
    char pt[32];
    adx__tb_note(&b, "%s = %.3f, df = %.0f, %s (lavaan's lavTestLRT%s%s%s).",
                 ord   ? "Scaled-shifted chi-square difference (Satorra 2000)"
                 : !rob ? "Chi-square difference"
                 : y10  ? "Scaled chi-square difference (Satorra & Bentler 2010)"
                        : "Scaled chi-square difference (Satorra & Bentler 2001)",
                 t[0], t[1], adx__ptext(t[2], pt, sizeof pt), rob ? ", method = \"" : "",
                 rob ? meth : "", rob ? "\"" : "");
    adx_report_t *src = NULL;
    adx_error_t rc = adx__tb_done(&b, &src, ctx);
    if (rc)
        return rc;
    rc = adx_report_append(r, src, 0);
    if (!rc && r->json && src->json) {
        cJSON_AddItemToObject(r->json, "compare", src->json);
        src->json = NULL;
    }
    adx_report_free(src);
    return rc ? adx_oom(ctx) : ADX_OK;
}

adx_error_t adx_report_add_sem_compare(adx_report_t *r, const adx_sem_t *s, const adx_sem_t *s2,
                                       const char *other, double chisq, double df, double p,
                                       adx_errctx_t *ctx)
{
    int ord = s->ordinal != NULL, rob = s->opt.robust != ADX_SEM_ML || ord;
    cmp_model_t m[2];
    const adx_sem_t *ms[2] = {s, s2};
    const char *names[2] = {s->source, other};
    for (int k = 0; k < 2; k++) {
        const adx_sem_fit_t *f = &ms[k]->fit;
        m[k] = (cmp_model_t){names[k], {f->df, f->aic, f->bic, f->chisq, f->chisq_scaled,
                                        f->chisq_scaling_factor}};
    }
    return add_compare(r, m, 1, ord, rob, s->opt.diff_method == ADX_SEM_DIFF_SB2010,
                       (double[]){chisq, df, p}, ctx);
}

adx_error_t adx_report_add_sem_mg_compare(adx_report_t *r, const adx_sem_mg_compare_t *c,
                                          const char *main_src, const char *other,
                                          adx_errctx_t *ctx)
{
    const adx_sem_invariance_t *v = c->fit[0];
    int ord = v->ordered, rob = v->robust != ADX_SEM_ML || ord;
    cmp_model_t m[2];
    const char *names[2] = {main_src, other};
    for (int k = 0; k < 2; k++) {
        const adx_sem_inv_row_t *w = &c->fit[k]->rows[0];
        m[k] = (cmp_model_t){names[k], {w->df, NAN, NAN, w->chisq, w->chisq_scaled,
                                        w->scaling_factor}};
    }
    return add_compare(r, m, 0, ord, rob, v->diff_method == ADX_SEM_DIFF_SB2010,
                       (double[]){c->chisq, c->df, c->pvalue}, ctx);
}
