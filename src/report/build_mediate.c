/* Report builder for mediate: PROCESS-style tables and the JSON object
 * (keys documented in docs/mediate.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_mediate.h"
#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_mediate.h"
#include "builder.h"

static const char *ci_name(adx_ci_method_t c)
{
    return c == ADX_CI_BC ? "bc" : c == ADX_CI_BCA ? "bca" : "percentile";
}
static const char *ci_long(adx_ci_method_t c)
{
    return c == ADX_CI_BC ? "bias-corrected" : c == ADX_CI_BCA ? "bias-corrected and accelerated (BCa)"
                                                                : "percentile";
}
static const char *se_name(adx_hc_t s)
{
    static const char *n[] = {"ols", "hc0", "hc1", "hc2", "hc3", "hc4"};
    return n[s];
}

/* An effect as JSON (w only when it is conditional). */
static void j_effect(adx__tb_t *tb, cJSON *o, const adx_med_effect_t *e)
{
    const adx_jf_t jf[] = {{"effect", e->effect}, {"se", e->se},          {"t", e->t},
                           {"p", e->p},           {"ci_lower", e->lo},    {"ci_upper", e->hi}};
    if (!isnan(e->w))
        adx__jnum(tb, o, "w", e->w);
    adx__jfields(tb, o, jf, ADX_NELEM(jf));
}

/* A bootstrapped effect as JSON; the estimate under `key`. */
static void j_boot(adx__tb_t *tb, cJSON *o, const adx_med_boot_t *b, const char *key, int std,
                   int mc)
{
    adx__jstr(tb, o, "path", b->label);
    if (!isnan(b->w))
        adx__jnum(tb, o, "w", b->w);
    adx__jnum(tb, o, key, b->effect);
    adx__jnum(tb, o, "boot_se", b->boot_se);
    adx__jbounds(tb, o, "ci", b->lo, b->hi);
    if (mc)
        adx__jbounds(tb, o, "mc_ci", b->mc_lo, b->mc_hi);
    if (!std)
        return;
    adx__jnum(tb, o, "std_effect", b->cs_effect);
    adx__jbounds(tb, o, "std_ci", b->cs_lo, b->cs_hi);
    adx__jnum(tb, o, "ps_effect", b->ps_effect);
    adx__jbounds(tb, o, "ps_ci", b->ps_lo, b->ps_hi);
}

/* Path diagram of a mediation model (4 or 6): X, the mediators and Y as boxes,
 * an arrow for every coefficient of X or a mediator in each equation (covariates
 * left out), labelled with the unstandardized coefficient and stars. */
static void add_diagram(const adx_mediate_t *m, adx__tb_t *b)
{
    size_t nn = m->nm + 2;
    adx_node_t *nodes = calloc(nn, sizeof *nodes);
    adx_edge_t *edges = calloc(nn * nn, sizeof *edges);
    char (*lab)[40] = calloc(nn * nn, sizeof *lab);
    char *svg = NULL;
    if (!adx__tb_check(b, nodes) || !adx__tb_check(b, edges) || !adx__tb_check(b, lab))
        goto done;
    nodes[0].name = m->x_name;
    for (size_t i = 0; i < m->nm; i++)
        nodes[1 + i].name = m->m_names[i];
    nodes[nn - 1].name = m->y_name;
    size_t ne = 0;
    for (size_t e = 0; e < m->neq; e++) {
        const adx_med_equation_t *q = &m->eq[e];
        long to = -1;
        for (size_t v = 0; v < nn; v++)
            if (!strcmp(nodes[v].name, q->outcome))
                to = (long)v;
        if (to < 0)
            continue;
        for (size_t c = 0; c < q->ncoef; c++)
            for (size_t v = 0; v < nn; v++)
                if ((long)v != to && !strcmp(nodes[v].name, q->coef[c].term)) {
                    snprintf(lab[ne], sizeof lab[ne], "%.3f%s", q->coef[c].b,
                             adx_stars(q->coef[c].p));
                    edges[ne].from = v;
                    edges[ne].to = (size_t)to;
                    edges[ne].label = lab[ne];
                    ne++;
                }
    }
    adx_errctx_t local = {0};
    if (ne && adx_plot_path(nodes, nn, edges, ne, NULL, &svg, &local) == ADX_OK) {
        adx__tb_figure(b, svg,
                       "Mediation model with unstandardized coefficients",
                       NULL);
        adx__tb_figure_note(b, "Unstandardized regression coefficients of each equation; the "
                               "covariates are in the model but not drawn. \xE2\x80\xA0p < .10. "
                               "*p < .05. **p < .01. ***p < .001.");
    }
done:
    ADX__FREE(svg, nodes, edges, lab);
}

/* The probe values of W, in words. */
static const char *probe_words(const adx_mediate_t *m)
{
    return m->nprobe == 2                  ? "its two values"
           : m->probe == ADX_PROBE_MEANSD ? "mean and plus/minus one SD"
                                           : "16th, 50th and 84th percentiles";
}

static void med_json_header(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    const adx_jf_t jf[] = {{"model", m->model},
                           {"n", (double)m->n},
                           {"boot", (double)m->boot},
                           {"boot_failed", (double)m->boot_failed},
                           {"seed", (double)m->seed}};
    adx__jfields(b, root, jf, ADX_NELEM(jf));
    adx__jstr(b, root, "ci_method", ci_name(m->ci));
    adx__jnum(b, root, "conf", 100 * m->ci_level);
    adx__jnum(b, root, "mc", (double)m->mc);
    adx__jstr(b, root, "se_type", se_name(m->hc));
    adx__jstr(b, root, "x", m->x_name);
    adx__jstr(b, root, "y", m->y_name);
    adx__jadd(b, root, "m", adx__jstrings((const char *const *)m->m_names, m->nm));
    if (m->w_name) {
        adx__jstr(b, root, "w", m->w_name);
        adx__jstr(b, root, "probe", m->nprobe == 2 ? "dichotomous"
                                    : m->probe == ADX_PROBE_MEANSD ? "meansd"
                                                                   : "percentiles");
        adx__jadd(b, root, "probes", cJSON_CreateDoubleArray(m->probes, (int)m->nprobe));
    }
    adx__jnum(b, root, "center", m->center);
}

/* Model summaries, one row per equation; the JSON equations with their
 * coefficients. */
static void med_summaries(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("Outcome", "outcome"), ADX_COL("R", "r"),
                                     ADX_COL("R2", "r2"),           ADX_COL("MSE", "mse"),
                                     ADX_COL("F", "f"),             ADX_COL_INT("df1", "df1"),
                                     ADX_COL_INT("df2", "df2"),     ADX_COL_P("p", "p")};
    static const adx_col_t coef[] = {ADX_COL("Term", "term"), ADX_COL("coeff", "b"),
                                     ADX_COL("se", "se"),     ADX_COL("t", "t"),
                                     ADX_COL_P("p", "p"),     ADX_COL("LLCI", "ci_lower"),
                                     ADX_COL("ULCI", "ci_upper")};
    adx__tb_table_cols(b, "Model summaries", cols, ADX_NELEM(cols));
    cJSON *jeqs = adx__jarray(b, root, "equations");
    for (size_t e = 0; e < m->neq; e++) {
        const adx_med_equation_t *E = &m->eq[e];
        cJSON *jo = adx__tb_row_values(b, jeqs, E->outcome,
                                       (double[]){E->r, E->r2, E->mse, E->f, E->df1, E->df2, E->p});
        cJSON *jc = adx__jarray(b, jo, "coefficients");
        /* The coefficients' JSON follows the coefficient tables' specs. */
        for (size_t j = 0; j < E->ncoef && jc; j++) {
            const adx_med_coef_t *C = &E->coef[j];
            cJSON *o = adx__jobj(b, jc, NULL);
            adx__jstr(b, o, coef[0].key, C->term);
            double v[] = {C->b, C->se, C->t, C->p, C->lo, C->hi};
            for (size_t q = 0; q < 6; q++)
                adx__jnum(b, o, coef[1 + q].key, v[q]);
        }
    }
    adx__tb_note(b, "N = %zu (listwise). %s", m->n,
                 m->hc == ADX_HC_NONE ? "OLS standard errors."
                                     : "Standard errors and F tests use the "
                                       "heteroscedasticity-consistent estimator.");
    if (m->hc != ADX_HC_NONE) {
        static const char *up[] = {"OLS", "HC0", "HC1", "HC2", "HC3", "HC4"};
        adx__tb_note(b, "SE type: %s.", up[m->hc]);
    }
    for (size_t e = 0; e < m->neq; e++) {
        const adx_med_equation_t *E = &m->eq[e];
        char title[1024];
        snprintf(title, sizeof title, "Outcome: %s", E->outcome);
        adx__tb_table_cols(b, title, coef, ADX_NELEM(coef));
        for (size_t j = 0; j < E->ncoef; j++) {
            const adx_med_coef_t *C = &E->coef[j];
            adx__tb_row_values(b, NULL, C->term,
                               (double[]){C->b, C->se, C->t, C->p, C->lo, C->hi});
        }
        adx__tb_note(b, "%g%% confidence intervals (t distribution, df = %g).",
                     100 * m->ci_level, E->df2);
    }
}

/* Model 1: the R2 increase due to the interaction. */
static void med_r2change(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("Term", NULL),        ADX_COL("R2 change", "r2_change"),
                                     ADX_COL("F", "f"),            ADX_COL_INT("df1", "df1"),
                                     ADX_COL_INT("df2", "df2"),    ADX_COL_P("p", "p")};
    char term[1024];
    snprintf(term, sizeof term, "%s x %s", m->x_name, m->w_name);
    adx__tb_table_cols(b, "R-square increase due to the interaction", cols, ADX_NELEM(cols));
    adx__tb_row_into(b, adx__jobj(b, root, "r2_change"), term,
                     (double[]){m->r2chng, m->r2chng_f, m->r2chng_df1, m->r2chng_df2, m->r2chng_p});
}

/* Total and direct effects (conditional on W in moderated models). */
static void med_direct(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    int cond = m->ndirect > 0 && !isnan(m->direct[0].w);
    const adx_col_t cols[] = {ADX_COL("Effect of X on Y", NULL),
                              ADX_COL(cond ? m->w_name ? m->w_name : "W" : NULL, NULL),
                              ADX_COL("Effect", NULL), ADX_COL("SE", NULL),
                              ADX_COL("t", NULL),      ADX_COL_P("p", NULL),
                              ADX_COL("LLCI", NULL),   ADX_COL("ULCI", NULL)};
    adx__tb_table_cols(b, m->model == 1 ? "Conditional effect of X on Y" : "Total and direct effects",
                       cols, ADX_NELEM(cols));
    if (m->has_total) {
        const adx_med_effect_t *e = &m->total;
        adx__tb_row_values(b, NULL, "Total effect (c)",
                           (double[]){NAN, e->effect, e->se, e->t, e->p, e->lo, e->hi});
        j_effect(b, adx__jobj(b, root, "total"), e);
    }
    cJSON *jd = cond ? adx__jarray(b, root, m->model == 1 ? "conditional_effects"
                                                         : "direct_conditional")
                     : NULL;
    for (size_t d = 0; d < m->ndirect; d++) {
        const adx_med_effect_t *e = &m->direct[d];
        adx__tb_row_values(b, NULL, cond ? e->label : "Direct effect (c')",
                           (double[]){e->w, e->effect, e->se, e->t, e->p, e->lo, e->hi});
        j_effect(b, cond ? adx__jobj(b, jd, NULL) : adx__jobj(b, root, "direct"), e);
    }
    if (cond)
        adx__tb_note(b, "Conditional effects of %s at values of %s: %s.", m->x_name, m->w_name,
                     probe_words(m));
}

/* Indirect effects (conditional on W in moderated mediation). */
static void med_indirect(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    int cond = !isnan(m->ind[0].w) || (m->nind > 1 && !isnan(m->ind[m->nind - 1].w));
    int MC = m->mc > 0;
    const adx_col_t cols[] = {ADX_COL("Indirect path", NULL), ADX_COL(cond ? m->w_name : NULL, NULL),
                              ADX_COL("Effect", NULL),        ADX_COL("Boot SE", NULL),
                              ADX_COL("BootLLCI", NULL),      ADX_COL("BootULCI", NULL),
                              ADX_COL(MC ? "MC LLCI" : NULL, NULL),
                              ADX_COL(MC ? "MC ULCI" : NULL, NULL)};
    adx__tb_table_cols(b, cond ? "Conditional indirect effects of X on Y"
                               : "Indirect effects of X on Y",
                       cols, ADX_NELEM(cols));
    cJSON *ji = adx__jarray(b, root, "indirect");
    for (size_t j = 0; j < m->nind; j++) {
        const adx_med_boot_t *e = &m->ind[j];
        char label[1024];
        if (m->ncontrast && strcmp(e->label, "Total"))
            snprintf(label, sizeof label, "(%zu) %s", j + 1, e->label);
        else
            snprintf(label, sizeof label, "%s", e->label);
        adx__tb_row_values(b, NULL, label,
                           (double[]){e->w, e->effect, e->boot_se, e->lo, e->hi, e->mc_lo,
                                      e->mc_hi});
        j_boot(b, adx__jobj(b, ji, NULL), e, "effect", m->has_std, MC);
    }
    if (m->boot > 0)
        adx__tb_note(b, "%g%% %s bootstrap confidence intervals, %zu resamples (seed %llu)%s.",
                     100 * m->ci_level, ci_long(m->ci), m->boot, (unsigned long long)m->seed,
                     m->boot_failed ? "" : "; no singular resample");
    else
        adx__tb_note(b, "No bootstrap (--boot 0).");
    if (m->boot_failed)
        adx__tb_note(b, "%zu singular resamples were drawn again.", m->boot_failed);
    if (MC)
        adx__tb_note(b, "Monte Carlo %g%% intervals from %zu draws of the coefficients "
                        "(Preacher & Selig 2012).", 100 * m->ci_level, m->mc);
    if (cond)
        adx__tb_note(b, "Values of %s: %s.", m->w_name, probe_words(m));
}

static void med_standardized(adx__tb_t *b, const adx_mediate_t *m)
{
    static const adx_col_t cols[] = {ADX_COL("Indirect path", NULL), ADX_COL("Effect", NULL),
                                     ADX_COL("BootLLCI", NULL),      ADX_COL("BootULCI", NULL),
                                     ADX_COL("Effect", NULL),        ADX_COL("BootLLCI", NULL),
                                     ADX_COL("BootULCI", NULL)};
    adx__tb_table_cols(b, "Standardized indirect effects", cols, ADX_NELEM(cols));
    adx__tb_colgroup(b, 1, 3, "Partially standardized");
    adx__tb_colgroup(b, 4, 3, "Completely standardized");
    for (size_t j = 0; j < m->nind; j++) {
        const adx_med_boot_t *e = &m->ind[j];
        adx__tb_row_values(b, NULL, e->label,
                           (double[]){e->ps_effect, e->ps_lo, e->ps_hi, e->cs_effect, e->cs_lo,
                                      e->cs_hi});
    }
    adx__tb_note(b, "Partially standardized = effect / SD(Y); completely standardized = effect x "
                    "SD(X) / SD(Y); SDs of each resample.");
}

/* Contrasts (key "effect") or indices of moderated mediation (key "index"). */
static void med_boot_table(adx__tb_t *b, const char *title, const char *first, const char *what,
                           const adx_med_boot_t *e, size_t n, cJSON *arr, const char *key,
                           int mc, const char *note)
{
    const adx_col_t cols[] = {ADX_COL(first, NULL),     ADX_COL(what, NULL),
                              ADX_COL("Boot SE", NULL), ADX_COL("BootLLCI", NULL),
                              ADX_COL("BootULCI", NULL)};
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    for (size_t j = 0; j < n; j++) {
        adx__tb_row_values(b, NULL, e[j].label,
                           (double[]){e[j].effect, e[j].boot_se, e[j].lo, e[j].hi});
        j_boot(b, adx__jobj(b, arr, NULL), &e[j], key, 0, mc);
    }
    if (note)
        adx__tb_note(b, "%s", note);
}

static void med_normal(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("Test", NULL), ADX_COL("Effect", "effect"),
                                     ADX_COL("SE", "se"),   ADX_COL("Z", "z"),
                                     ADX_COL_P("p", "p")};
    const adx_med_normal_t *tests[] = {&m->sobel, &m->aroian, &m->goodman};
    const char *names[] = {"Sobel", "Aroian", "Goodman"}, *keys[] = {"sobel", "aroian", "goodman"};
    adx__tb_table_cols(b, "Normal theory tests of the indirect effect", cols, ADX_NELEM(cols));
    for (size_t q = 0; q < 3; q++)
        adx__tb_row_into(b, adx__jobj(b, root, keys[q]), names[q],
                         (double[]){tests[q]->effect, tests[q]->se, tests[q]->z, tests[q]->p});
    adx__tb_note(b, "SE: Sobel sqrt(b2 sa2 + a2 sb2); Aroian adds sa2 sb2; Goodman subtracts it. "
                    "Two-sided p from the normal distribution.");
}

/* The conclusion note: which steps failed, or whether c' stays significant. */
static void bk_conclusion(adx__tb_t *b, const adx_mediate_t *m)
{
    double pct = 100 - 100 * m->ci_level;
    const adx_med_bk_t *bk = &m->bk;
    if (!bk->c_sig || !bk->a_sig || !bk->b_sig) {
        adx__tb_note(b, "Conclusion: no mediation by the causal-steps rule, because %s%s%s%s%s "
                        "not significant at the %g%% level.",
                     !bk->c_sig ? "c" : "", !bk->c_sig && (!bk->a_sig || !bk->b_sig) ? ", " : "",
                     !bk->a_sig ? "a" : "", !bk->a_sig && !bk->b_sig ? ", " : "",
                     !bk->b_sig ? "b" : "", pct);
        adx__tb_note(b, "The rule requires a significant total effect c; the bootstrap interval of "
                        "the indirect effect does not and is the test to report (Hayes 2009).");
        return;
    }
    adx__tb_note(b, "Conclusion: %s. c, a and b are significant at the %g%% level and c' %s.",
                 bk->conclusion, pct,
                 bk->cprime_sig ? "remains significant"
                                : "is not significant");
    adx__tb_note(b, "The bootstrap interval of the indirect effect is the recommended test (Hayes "
                    "2009); these steps are reported for comparison.");
}

static void med_baron_kenny(adx__tb_t *b, const adx_mediate_t *m, cJSON *root)
{
    static const char *cols[] = {"Step", "Coefficient", "SE", "p", "Result"};
    const adx_med_effect_t *st[] = {&m->bk.c, &m->bk.a, &m->bk.b, &m->bk.cprime};
    int sig[] = {m->bk.c_sig, m->bk.a_sig, m->bk.b_sig, m->bk.cprime_sig};
    const char *keys[] = {"c", "a", "b", "c_prime"};
    adx__tb_table(b, "Baron and Kenny steps", 5, cols);
    cJSON *jb = adx__jobj(b, root, "baron_kenny");
    for (size_t q = 0; q < 4; q++) {
        size_t i = adx__tb_row(b);
        adx__tb_text(b, i, 0, st[q]->label);
        adx__tb_fix(b, i, 1, st[q]->effect);
        adx__tb_fix(b, i, 2, st[q]->se);
        adx__tb_p(b, i, 3, st[q]->p);
        adx__tb_text(b, i, 4, sig[q] ? "significant" : "not significant");
        j_effect(b, adx__jobj(b, jb, keys[q]), st[q]);
    }
    adx__jstr(b, jb, "conclusion", m->bk.conclusion);
    bk_conclusion(b, m);
}

adx_error_t adx_report_mediate(const adx_mediate_t *m, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    med_json_header(&b, m, root);
    med_summaries(&b, m, root);
    if (m->has_r2chng)
        med_r2change(&b, m, root);
    med_direct(&b, m, root);
    if (m->nind)
        med_indirect(&b, m, root);
    if (m->has_std && m->nind)
        med_standardized(&b, m);
    if (m->ncontrast) {
        med_boot_table(&b, "Pairwise contrasts between specific indirect effects", "Contrast",
                       "Effect", m->contrast, m->ncontrast, adx__jarray(&b, root, "contrasts"),
                       "effect", 0, "(i) - (j): difference between the numbered indirect effects.");
    }
    if (m->nindex)
        med_boot_table(&b, "Index of moderated mediation", "Indirect path", "Index", m->index,
                       m->nindex, adx__jarray(&b, root, "index_modmed"), "index", m->mc > 0,
                       NULL);
    if (m->has_sobel)
        med_normal(&b, m, root);
    if (m->has_bk)
        med_baron_kenny(&b, m, root);
    if (m->model == 4 || m->model == 6) {
        adx__tb_methods(&b,
                        "Indirect effects were tested with %zu %s bootstrap resamples (PROCESS "
                        "model %d, seed %llu, %g%% intervals)%s.",
                        m->boot,
                        m->ci == ADX_CI_BCA  ? "bias-corrected and accelerated"
                        : m->ci == ADX_CI_BC ? "bias-corrected"
                                             : "percentile",
                        m->model, (unsigned long long)m->seed, 100 * m->ci_level,
                        m->has_sobel ? " and the Sobel test" : "");
        if (!b.oom)
            add_diagram(m, &b);
    }
    return adx__tb_done(&b, out, ctx);
}
