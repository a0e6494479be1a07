/* Report builder for mediate: PROCESS-style tables and the JSON object
 * (keys documented in docs/mediate.md). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_mediate.h"
#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_mediate.h"
#include "json_priv.h"


#define TRY(x)                                                                               \
    do {                                                                                     \
        if ((x) != ADX_OK)                                                                   \
            goto oom;                                                                        \
    } while (0)
#define ROW(t, i)                                                                            \
    do {                                                                                     \
        if (((i) = adx_table_add_row(t)) == (size_t)-1)                                      \
            goto oom;                                                                        \
    } while (0)

static const char *ci_name(adx_ci_method_t c)
{
    return c == ADX_CI_BC ? "bc" : c == ADX_CI_BCA ? "bca" : "percentile";
}
static const char *ci_long(adx_ci_method_t c)
{
    return c == ADX_CI_BC ? "bias-corrected" : c == ADX_CI_BCA ? "bias-corrected and accelerated (BCa)"
                                                                : "percentile";
}
static const char *se_name(adx_se_type_t s)
{
    static const char *n[] = {"ols", "hc0", "hc1", "hc2", "hc3", "hc4"};
    return n[s];
}

static cJSON *j_effect(const adx_med_effect_t *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (!isnan(e->w))
        jset(o, "w", e->w);
    jset(o, "effect", e->effect);
    jset(o, "se", e->se);
    jset(o, "t", e->t);
    jset(o, "p", e->p);
    jset(o, "ci_lower", e->lo);
    jset(o, "ci_upper", e->hi);
    return o;
}

static cJSON *j_boot(const adx_med_boot_t *b, const char *key, int std, int mc)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "path", b->label);
    if (!isnan(b->w))
        jset(o, "w", b->w);
    jset(o, key, b->effect);
    jset(o, "boot_se", b->boot_se);
    jset(o, "ci_lower", b->lo);
    jset(o, "ci_upper", b->hi);
    if (mc) {
        jset(o, "mc_ci_lower", b->mc_lo);
        jset(o, "mc_ci_upper", b->mc_hi);
    }
    if (std) {
        jset(o, "std_effect", b->cs_effect);
        jset(o, "std_ci_lower", b->cs_lo);
        jset(o, "std_ci_upper", b->cs_hi);
        jset(o, "ps_effect", b->ps_effect);
        jset(o, "ps_ci_lower", b->ps_lo);
        jset(o, "ps_ci_upper", b->ps_hi);
    }
    return o;
}

static adx_error_t effect_row(adx_table_t *t, size_t i, size_t c0, const adx_med_effect_t *e)
{
    double v[] = {e->effect, e->se, e->t, e->p, e->lo, e->hi};
    for (size_t c = 0; c < 6; c++) {
        adx_error_t rc = adx_table_set_num(t, i, c0 + c, v[c], c == 3 ? ADX_NUM_P : ADX_NUM_FIXED,
                                           -1, NULL);
        if (rc)
            return rc;
    }
    return ADX_OK;
}

/* Path diagram of a mediation model (4 or 6): X, the mediators and Y as boxes,
 * an arrow for every coefficient of X or a mediator in each equation (covariates
 * left out), labelled with the unstandardized coefficient and stars. */
static adx_error_t add_diagram(const adx_mediate_t *m, adx_report_t *r)
{
    size_t nn = m->nm + 2;
    adx_node_t *nodes = calloc(nn, sizeof *nodes);
    adx_edge_t *edges = calloc(nn * nn, sizeof *edges);
    char (*lab)[40] = calloc(nn * nn, sizeof *lab);
    adx_error_t rc = ADX_OK;
    char *svg = NULL;
    if (!nodes || !edges || !lab) {
        rc = ADX_ENOMEM;
        goto done;
    }
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
    if (ne && adx_plot_path(nodes, nn, edges, ne, NULL, &svg, &local) == ADX_OK)
        rc = adx_report_add_figure(r, svg,
                                   "Mediation model: unstandardized coefficients (covariates "
                                   "not shown).",
                                   NULL);
done:
    free(svg);
    free(nodes);
    free(edges);
    free(lab);
    return rc;
}

adx_error_t adx_report_mediate(const adx_mediate_t *m, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_table_t *t = NULL;
    adx_report_t *r = adx_report_alloc();
    cJSON *root = cJSON_CreateObject();
    if (!r || !root) {
        cJSON_Delete(root);
        goto oom;
    }
    r->json = root;
    char buf[1024];
    double conf = m->conf;
    int B = m->boot > 0, MC = m->mc > 0;

    /* ---- JSON header */
    jset(root, "model", m->model);
    jset(root, "n", (double)m->n);
    jset(root, "boot", (double)m->boot);
    jset(root, "boot_failed", (double)m->boot_failed);
    jset(root, "seed", (double)m->seed);
    cJSON_AddStringToObject(root, "ci_method", ci_name(m->ci));
    jset(root, "conf", conf);
    jset(root, "mc", (double)m->mc);
    cJSON_AddStringToObject(root, "se_type", se_name(m->se));
    cJSON_AddStringToObject(root, "x", m->x_name);
    cJSON_AddStringToObject(root, "y", m->y_name);
    cJSON *jm = cJSON_AddArrayToObject(root, "m");
    for (size_t j = 0; j < m->nm; j++)
        cJSON_AddItemToArray(jm, cJSON_CreateString(m->m_names[j]));
    if (m->w_name) {
        cJSON_AddStringToObject(root, "w", m->w_name);
        cJSON_AddStringToObject(root, "probe", m->nprobe == 2 ? "dichotomous"
                                              : m->probe == ADX_PROBE_MEANSD ? "meansd"
                                                                             : "percentiles");
        cJSON_AddItemToObject(root, "probes", cJSON_CreateDoubleArray(m->probes, (int)m->nprobe));
    }
    jset(root, "center", m->center);

    /* ---- Model summaries */
    static const char *scols[] = {"Outcome", "R", "R2", "MSE", "F", "df1", "df2", "p"};
    t = adx_table_alloc("Model summaries", 8, scols);
    if (!t)
        goto oom;
    cJSON *jeqs = cJSON_AddArrayToObject(root, "equations");
    for (size_t e = 0; e < m->neq; e++) {
        const adx_med_equation_t *E = &m->eq[e];
        size_t i;
        ROW(t, i);
        TRY(adx_table_set_text(t, i, 0, E->outcome));
        double v[] = {E->r, E->r2, E->mse, E->f, E->df1, E->df2, E->p};
        for (size_t c = 0; c < 7; c++)
            TRY(adx_table_set_num(t, i, 1 + c, v[c],
                                  c == 6 ? ADX_NUM_P : (c == 4 || c == 5) ? ADX_NUM_INT : ADX_NUM_FIXED,
                                  -1, NULL));
        cJSON *jo = cJSON_CreateObject();
        cJSON_AddItemToArray(jeqs, jo);
        cJSON_AddStringToObject(jo, "outcome", E->outcome);
        jset(jo, "r", E->r);
        jset(jo, "r2", E->r2);
        jset(jo, "mse", E->mse);
        jset(jo, "f", E->f);
        jset(jo, "df1", E->df1);
        jset(jo, "df2", E->df2);
        jset(jo, "p", E->p);
        cJSON *jc = cJSON_AddArrayToObject(jo, "coefficients");
        for (size_t j = 0; j < E->ncoef; j++) {
            const adx_med_coef_t *C = &E->coef[j];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(jc, o);
            cJSON_AddStringToObject(o, "term", C->term);
            jset(o, "b", C->b);
            jset(o, "se", C->se);
            jset(o, "t", C->t);
            jset(o, "p", C->p);
            jset(o, "ci_lower", C->lo);
            jset(o, "ci_upper", C->hi);
        }
    }
    TRY(adx_table_add_note(t, "N = %zu (listwise). %s", m->n,
                           m->se == ADX_SE_OLS ? "OLS standard errors."
                                               : "Standard errors and F tests use the "
                                                 "heteroscedasticity-consistent estimator."));
    if (m->se != ADX_SE_OLS) {
        static const char *up[] = {"OLS", "HC0", "HC1", "HC2", "HC3", "HC4"};
        TRY(adx_table_add_note(t, "SE type: %s.", up[m->se]));
    }
    TRY(adx_report_add_table(r, t));
    t = NULL;

    /* ---- Coefficients per equation */
    static const char *ccols[] = {"Term", "coeff", "se", "t", "p", "LLCI", "ULCI"};
    for (size_t e = 0; e < m->neq; e++) {
        const adx_med_equation_t *E = &m->eq[e];
        snprintf(buf, sizeof buf, "Outcome: %s", E->outcome);
        if (!(t = adx_table_alloc(buf, 7, ccols)))
            goto oom;
        for (size_t j = 0; j < E->ncoef; j++) {
            const adx_med_coef_t *C = &E->coef[j];
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, C->term));
            adx_med_effect_t tmp = {NULL, NAN, C->b, C->se, C->t, C->p, C->lo, C->hi};
            TRY(effect_row(t, i, 1, &tmp));
        }
        TRY(adx_table_add_note(t, "%g%% confidence intervals (t distribution, df = %g).", conf,
                               E->df2));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Model 1: R2 change */
    if (m->has_r2chng) {
        static const char *rcols[] = {"Term", "R2 change", "F", "df1", "df2", "p"};
        if (!(t = adx_table_alloc("R-square increase due to the interaction", 6, rcols)))
            goto oom;
        size_t i;
        ROW(t, i);
        snprintf(buf, sizeof buf, "%s x %s", m->x_name, m->w_name);
        TRY(adx_table_set_text(t, i, 0, buf));
        TRY(adx_table_set_num(t, i, 1, m->r2chng, ADX_NUM_FIXED, -1, NULL));
        TRY(adx_table_set_num(t, i, 2, m->r2chng_f, ADX_NUM_FIXED, -1, NULL));
        TRY(adx_table_set_num(t, i, 3, m->r2chng_df1, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, i, 4, m->r2chng_df2, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, i, 5, m->r2chng_p, ADX_NUM_P, -1, NULL));
        TRY(adx_report_add_table(r, t));
        t = NULL;
        cJSON *o = cJSON_AddObjectToObject(root, "r2_change");
        jset(o, "r2_change", m->r2chng);
        jset(o, "f", m->r2chng_f);
        jset(o, "df1", m->r2chng_df1);
        jset(o, "df2", m->r2chng_df2);
        jset(o, "p", m->r2chng_p);
    }

    /* ---- Total and direct effects */
    {
        int cond = m->ndirect > 0 && !isnan(m->direct[0].w);
        static const char *ecols[] = {"Effect of X on Y", "W", "Effect", "SE", "t", "p", "LLCI", "ULCI"};
        size_t off = cond ? 0 : 1;
        const char *cols[8];
        for (size_t c = 0, d = 0; c < 8; c++)
            if (c != 1 || cond)
                cols[d++] = c == 1 && m->w_name ? m->w_name : ecols[c];
        if (!(t = adx_table_alloc(m->model == 1 ? "Conditional effect of X on Y" : "Total and direct effects",
                                  8 - off, cols)))
            goto oom;
        size_t i;
        if (m->has_total) {
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, "Total effect (c)"));
            TRY(effect_row(t, i, 2 - off, &m->total));
            cJSON_AddItemToObject(root, "total", j_effect(&m->total));
        }
        cJSON *jd = cond ? cJSON_AddArrayToObject(root, m->model == 1 ? "conditional_effects"
                                                                      : "direct_conditional")
                         : NULL;
        for (size_t d = 0; d < m->ndirect; d++) {
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, cond ? m->direct[d].label : "Direct effect (c')"));
            if (cond)
                TRY(adx_table_set_num(t, i, 1, m->direct[d].w, ADX_NUM_FIXED, -1, NULL));
            TRY(effect_row(t, i, 2 - off, &m->direct[d]));
            if (cond)
                cJSON_AddItemToArray(jd, j_effect(&m->direct[d]));
            else
                cJSON_AddItemToObject(root, "direct", j_effect(&m->direct[d]));
        }
        if (cond)
            TRY(adx_table_add_note(t, "Conditional effects of %s at values of %s: %s.", m->x_name,
                                   m->w_name,
                                   m->nprobe == 2 ? "its two values"
                                   : m->probe == ADX_PROBE_MEANSD
                                       ? "mean and plus/minus one SD"
                                       : "16th, 50th and 84th percentiles"));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Indirect effects */
    if (m->nind) {
        int cond = !isnan(m->ind[0].w) || (m->nind > 1 && !isnan(m->ind[m->nind - 1].w));
        const char *cols[9];
        size_t nc = 0;
        cols[nc++] = "Indirect path";
        if (cond)
            cols[nc++] = m->w_name;
        cols[nc++] = "Effect";
        cols[nc++] = "Boot SE";
        cols[nc++] = "BootLLCI";
        cols[nc++] = "BootULCI";
        if (MC) {
            cols[nc++] = "MC LLCI";
            cols[nc++] = "MC ULCI";
        }
        if (!(t = adx_table_alloc(cond ? "Conditional indirect effects of X on Y"
                                       : "Indirect effects of X on Y",
                                  nc, cols)))
            goto oom;
        cJSON *ji = cJSON_AddArrayToObject(root, "indirect");
        for (size_t j = 0; j < m->nind; j++) {
            const adx_med_boot_t *b = &m->ind[j];
            size_t i, c = 0;
            ROW(t, i);
            if (m->ncontrast && strcmp(b->label, "Total")) {
                snprintf(buf, sizeof buf, "(%zu) %s", j + 1, b->label);
                TRY(adx_table_set_text(t, i, c++, buf));
            } else {
                TRY(adx_table_set_text(t, i, c++, b->label));
            }
            if (cond) {
                if (isnan(b->w))
                    c++;
                else
                    TRY(adx_table_set_num(t, i, c++, b->w, ADX_NUM_FIXED, -1, NULL));
            }
            double v[] = {b->effect, b->boot_se, b->lo, b->hi, b->mc_lo, b->mc_hi};
            for (size_t q = 0; q < (MC ? 6u : 4u); q++)
                TRY(adx_table_set_num(t, i, c++, v[q], ADX_NUM_FIXED, -1, NULL));
            cJSON_AddItemToArray(ji, j_boot(b, "effect", m->has_std, MC));
        }
        if (B)
            TRY(adx_table_add_note(t, "%g%% %s bootstrap confidence intervals, %zu resamples "
                                      "(seed %llu)%s.",
                                   conf, ci_long(m->ci), m->boot, (unsigned long long)m->seed,
                                   m->boot_failed ? "" : "; no singular resample"));
        else
            TRY(adx_table_add_note(t, "No bootstrap (--boot 0)."));
        if (m->boot_failed)
            TRY(adx_table_add_note(t, "%zu singular resamples were drawn again.", m->boot_failed));
        if (MC)
            TRY(adx_table_add_note(t, "Monte Carlo %g%% intervals from %zu draws of the "
                                      "coefficients (Preacher & Selig 2012).",
                                   conf, m->mc));
        if (cond)
            TRY(adx_table_add_note(t, "Values of %s: %s.", m->w_name,
                                   m->nprobe == 2 ? "its two values"
                                   : m->probe == ADX_PROBE_MEANSD
                                       ? "mean and plus/minus one SD"
                                       : "16th, 50th and 84th percentiles"));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Standardized indirect effects */
    if (m->has_std && m->nind) {
        static const char *cols[] = {"Indirect path", "Partially std.", "BootLLCI", "BootULCI",
                                     "Completely std.", "BootLLCI", "BootULCI"};
        if (!(t = adx_table_alloc("Standardized indirect effects", 7, cols)))
            goto oom;
        for (size_t j = 0; j < m->nind; j++) {
            const adx_med_boot_t *b = &m->ind[j];
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, b->label));
            double v[] = {b->ps_effect, b->ps_lo, b->ps_hi, b->cs_effect, b->cs_lo, b->cs_hi};
            for (size_t q = 0; q < 6; q++)
                TRY(adx_table_set_num(t, i, 1 + q, v[q], ADX_NUM_FIXED, -1, NULL));
        }
        TRY(adx_table_add_note(t, "Partially standardized = effect / SD(Y); completely "
                                  "standardized = effect x SD(X) / SD(Y); SDs of each resample."));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Contrasts */
    if (m->ncontrast) {
        static const char *cols[] = {"Contrast", "Effect", "Boot SE", "BootLLCI", "BootULCI"};
        if (!(t = adx_table_alloc("Pairwise contrasts between specific indirect effects", 5, cols)))
            goto oom;
        cJSON *jc = cJSON_AddArrayToObject(root, "contrasts");
        for (size_t j = 0; j < m->ncontrast; j++) {
            const adx_med_boot_t *b = &m->contrast[j];
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, b->label));
            double v[] = {b->effect, b->boot_se, b->lo, b->hi};
            for (size_t q = 0; q < 4; q++)
                TRY(adx_table_set_num(t, i, 1 + q, v[q], ADX_NUM_FIXED, -1, NULL));
            cJSON_AddItemToArray(jc, j_boot(b, "effect", 0, 0));
        }
        TRY(adx_table_add_note(t, "(i) - (j): difference between the numbered indirect effects."));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Index of moderated mediation */
    if (m->nindex) {
        static const char *cols[] = {"Indirect path", "Index", "Boot SE", "BootLLCI", "BootULCI"};
        if (!(t = adx_table_alloc("Index of moderated mediation", 5, cols)))
            goto oom;
        cJSON *jx = cJSON_AddArrayToObject(root, "index_modmed");
        for (size_t j = 0; j < m->nindex; j++) {
            const adx_med_boot_t *b = &m->index[j];
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, b->label));
            double v[] = {b->effect, b->boot_se, b->lo, b->hi};
            for (size_t q = 0; q < 4; q++)
                TRY(adx_table_set_num(t, i, 1 + q, v[q], ADX_NUM_FIXED, -1, NULL));
            cJSON *o = j_boot(b, "index", 0, MC);
            cJSON_AddItemToArray(jx, o);
        }
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Normal-theory tests */
    if (m->has_sobel) {
        static const char *cols[] = {"Test", "Effect", "SE", "Z", "p"};
        if (!(t = adx_table_alloc("Normal theory tests of the indirect effect", 5, cols)))
            goto oom;
        const adx_med_normal_t *tests[] = {&m->sobel, &m->aroian, &m->goodman};
        const char *names[] = {"Sobel", "Aroian", "Goodman"}, *keys[] = {"sobel", "aroian", "goodman"};
        for (size_t q = 0; q < 3; q++) {
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, names[q]));
            double v[] = {tests[q]->effect, tests[q]->se, tests[q]->z, tests[q]->p};
            for (size_t c = 0; c < 4; c++)
                TRY(adx_table_set_num(t, i, 1 + c, v[c], c == 3 ? ADX_NUM_P : ADX_NUM_FIXED, -1,
                                      NULL));
            cJSON *o = cJSON_AddObjectToObject(root, keys[q]);
            jset(o, "effect", v[0]);
            jset(o, "se", v[1]);
            jset(o, "z", v[2]);
            jset(o, "p", v[3]);
        }
        TRY(adx_table_add_note(t, "SE: Sobel sqrt(b2 sa2 + a2 sb2); Aroian adds sa2 sb2; Goodman "
                                  "subtracts it. Two-sided p from the normal distribution."));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }

    /* ---- Baron & Kenny */
    if (m->has_bk) {
        static const char *cols[] = {"Step", "Coefficient", "SE", "p", "Condition holds"};
        if (!(t = adx_table_alloc("Baron and Kenny steps", 5, cols)))
            goto oom;
        const adx_med_effect_t *st[] = {&m->bk.c, &m->bk.a, &m->bk.b, &m->bk.cprime};
        int holds[] = {m->bk.c_sig, m->bk.a_sig, m->bk.b_sig, !m->bk.cprime_sig};
        const char *keys[] = {"c", "a", "b", "c_prime"};
        cJSON *jb = cJSON_AddObjectToObject(root, "baron_kenny");
        for (size_t q = 0; q < 4; q++) {
            size_t i;
            ROW(t, i);
            TRY(adx_table_set_text(t, i, 0, st[q]->label));
            TRY(adx_table_set_num(t, i, 1, st[q]->effect, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, i, 2, st[q]->se, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, i, 3, st[q]->p, ADX_NUM_P, -1, NULL));
            TRY(adx_table_set_text(t, i, 4, q == 3 ? (holds[q] ? "yes (c' not significant)"
                                                               : "no (c' significant)")
                                                   : holds[q] ? "yes" : "no"));
            cJSON *o = j_effect(st[q]);
            cJSON_AddItemToObject(jb, keys[q], o);
        }
        cJSON_AddStringToObject(jb, "conclusion", m->bk.conclusion);
        TRY(adx_table_add_note(t, "Conclusion: %s (steps 1-3 significant at %g%%; full when c' "
                                  "is not significant).",
                               m->bk.conclusion, 100 - conf));
        TRY(adx_table_add_note(t, "The bootstrap interval of the indirect effect is the "
                                  "recommended test (Hayes 2009); these steps are reported "
                                  "for comparison."));
        TRY(adx_report_add_table(r, t));
        t = NULL;
    }
    if (m->model == 4 || m->model == 6) {
        char meth[512];
        snprintf(meth, sizeof meth,
                 "Indirect effects were tested with %zu %s bootstrap resamples (PROCESS model "
                 "%d, seed %llu, %g%% intervals)%s.",
                 m->boot,
                 m->ci == ADX_CI_BCA ? "bias-corrected and accelerated"
                 : m->ci == ADX_CI_BC ? "bias-corrected"
                                      : "percentile",
                 m->model, (unsigned long long)m->seed, m->conf,
                 m->has_sobel ? " and the Sobel test" : "");
        if (!(r->methods = strdup(meth)))
            goto oom;
        if (add_diagram(m, r) == ADX_ENOMEM)
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}
