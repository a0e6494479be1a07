/* Report builder for cfa/sem: fit, parameters, R2 and validity tables plus the
 * JSON object documented in docs/sem.md. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_sem.h"

static cJSON *jnum(double v) { return isnan(v) || isinf(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v); }

static int jset(cJSON *o, const char *k, double v)
{
    cJSON *n = jnum(v);
    if (!n)
        return -1;
    cJSON_AddItemToObject(o, k, n);
    return 0;
}

#define TRY(x)                                                                               \
    do {                                                                                     \
        if ((x) != 0)                                                                        \
            goto oom;                                                                        \
    } while (0)

/* "chi2(24) = 85.306, p < .001; CFI = .931; ..." for notes. */
static void fit_line(const adx_sem_fit_t *f, char *buf, size_t n)
{
    char p[32];
    if (isnan(f->pvalue))
        snprintf(p, sizeof p, "p = n/a");
    else if (f->pvalue < .001)
        snprintf(p, sizeof p, "p < .001");
    else
        snprintf(p, sizeof p, "p = %.3f", f->pvalue);
    char ratio[48] = "";
    if (f->df > 0)
        snprintf(ratio, sizeof ratio, "; chi2/df = %.3f", f->chisq / f->df);
    snprintf(buf, n,
             "chi2(%.0f) = %.3f, %s%s; CFI = %.3f; TLI = %.3f; NFI = %.3f; GFI = "
             "%.3f; RMSEA = %.3f [%.3f, %.3f]; SRMR = %.3f",
             f->df, f->chisq, p, ratio, f->cfi, f->tli, f->nfi, f->gfi, f->rmsea,
             f->rmsea_ci_lower, f->rmsea_ci_upper, f->srmr);
}

static int fit_json(cJSON *o, const adx_sem_fit_t *f)
{
    struct {
        const char *k;
        double v;
    } kv[] = {{"chisq", f->chisq}, {"df", f->df}, {"pvalue", f->pvalue},
              {"baseline_chisq", f->baseline_chisq}, {"baseline_df", f->baseline_df},
              {"baseline_pvalue", f->baseline_pvalue}, {"cfi", f->cfi}, {"tli", f->tli},
              {"nfi", f->nfi}, {"rfi", f->rfi}, {"ifi", f->ifi}, {"gfi", f->gfi},
              {"agfi", f->agfi}, {"rmsea", f->rmsea}, {"rmsea_ci_lower", f->rmsea_ci_lower},
              {"rmsea_ci_upper", f->rmsea_ci_upper}, {"rmsea_pvalue", f->rmsea_pvalue},
              {"srmr", f->srmr}, {"loglik", f->loglik},
              {"unrestricted_loglik", f->unrestricted_loglik}, {"aic", f->aic},
              {"bic", f->bic}, {"bic2", f->bic2}, {"fmin", f->fmin}, {"npar", f->npar},
              {"chisq_scaled", f->chisq_scaled},
              {"chisq_scaling_factor", f->chisq_scaling_factor},
              {"pvalue_scaled", f->pvalue_scaled},
              {"baseline_chisq_scaled", f->baseline_chisq_scaled},
              {"baseline_chisq_scaling_factor", f->baseline_chisq_scaling_factor},
              {"cfi_scaled", f->cfi_scaled}, {"tli_scaled", f->tli_scaled},
              {"rmsea_scaled", f->rmsea_scaled}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (jset(o, kv[i].k, kv[i].v))
            return -1;
    return 0;
}

static cJSON *matrix_json(const double *m, size_t k)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < k; i++) {
        cJSON *row = cJSON_CreateArray();
        if (!row) {
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, row);
        for (size_t j = 0; j < k; j++) {
            cJSON *n = jnum(m[i * k + j]);
            if (!n) {
                cJSON_Delete(a);
                return NULL;
            }
            cJSON_AddItemToArray(row, n);
        }
    }
    return a;
}

/* Path diagram of the fitted model: latent variables (ellipses), observed
 * variables (boxes) unless there are more than 30, loadings and regressions with
 * standardized estimates (std.all) and stars, covariances between different
 * variables as dashed two-headed arrows. A Graphviz failure leaves the report
 * without the figure (it is not an error of the analysis). */
static adx_error_t add_path_diagram(const adx_sem_t *s, const char *title, adx_report_t *r,
                                    adx_errctx_t *ctx)
{
    size_t nv = s->p + s->m, ne = 0;
    int show_obs = s->p <= 30;
    adx_node_t *nodes = calloc(nv ? nv : 1, sizeof *nodes);
    adx_edge_t *edges = calloc(s->nparams ? s->nparams : 1, sizeof *edges);
    long *map = calloc(nv ? nv : 1, sizeof *map);
    char (*labels)[32] = calloc(s->nparams ? s->nparams : 1, sizeof *labels);
    adx_error_t rc = ADX_OK;
    char *svg = NULL;
    if (!nodes || !edges || !map || !labels) {
        rc = ADX_ENOMEM;
        goto done;
    }
    /* Which variables appear: latent ones always, observed ones if shown and
     * used in a structural path. */
    size_t nn = 0;
    for (size_t v = 0; v < nv; v++)
        map[v] = -1;
    for (size_t k = 0; k < s->nparams; k++) {
        const adx_sem_param_t *q = &s->params[k];
        long a = -1, b = -1;
        for (size_t v = 0; v < nv; v++) {
            if (!strcmp(s->names[v], q->lhs))
                a = (long)v;
            if (!strcmp(s->names[v], q->rhs))
                b = (long)v;
        }
        if (a < 0 || b < 0 || q->op == ADX_SEM_DEFINE || q->op == ADX_SEM_INTERCEPT)
            continue;
        if (q->op == ADX_SEM_COV && a == b)
            continue;
        int obs_a = (size_t)a < s->p, obs_b = (size_t)b < s->p;
        if (!show_obs && (obs_a || obs_b))
            continue;
        if (q->op == ADX_SEM_COV && (obs_a || obs_b) && !q->user)
            continue;
        long ends[2] = {a, b};
        for (int e = 0; e < 2; e++)
            if (map[ends[e]] < 0) {
                map[ends[e]] = (long)nn;
                nodes[nn].name = s->names[ends[e]];
                nodes[nn].latent = (size_t)ends[e] >= s->p;
                nn++;
            }
        snprintf(labels[ne], sizeof labels[ne], "%.2f%s", q->std_all,
                 isnan(q->pvalue) ? "" : adx_stars(q->pvalue));
        edges[ne].label = labels[ne];
        if (q->op == ADX_SEM_MEASURE) {
            edges[ne].from = (size_t)map[a];
            edges[ne].to = (size_t)map[b];
        } else if (q->op == ADX_SEM_REGRESS) {
            edges[ne].from = (size_t)map[b];
            edges[ne].to = (size_t)map[a];
        } else {
            edges[ne].from = (size_t)map[a];
            edges[ne].to = (size_t)map[b];
            edges[ne].bidirectional = 1;
        }
        ne++;
    }
    if (nn < 2)
        goto done;
    adx_errctx_t local = {0};
    if (adx_plot_path(nodes, nn, edges, ne, NULL, &svg, &local) == ADX_OK) {
        char cap[256];
        snprintf(cap, sizeof cap,
                 "%s path diagram: standardized estimates (std.all)%s; dashed arrows are "
                 "covariances.",
                 title ? title : "Model", show_obs ? "" : ", indicators not shown");
        rc = adx_report_add_figure(r, svg, cap, NULL);
    }
done:
    (void)ctx;
    free(svg);
    free(nodes);
    free(edges);
    free(map);
    free(labels);
    return rc;
}

adx_error_t adx_report_sem(const adx_sem_t *s, const char *title, adx_report_t **out,
                           adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char buf[1024];
    if (!r)
        goto oom;
    const adx_sem_fit_t *f = &s->fit;
    cJSON *root = cJSON_CreateObject();
    r->json = root;
    if (!root)
        goto oom;
    TRY(!cJSON_AddBoolToObject(root, "converged", s->converged));
    TRY(jset(root, "iterations", s->iterations));
    TRY(jset(root, "n", (double)s->n));
    TRY(jset(root, "npar", (double)s->npar));
    TRY(!cJSON_AddStringToObject(root, "estimator", s->opt.robust ? "MLR" : "ML"));
    TRY(!cJSON_AddStringToObject(root, "se", s->opt.robust          ? "robust.huber.white"
                                             : s->opt.observed_info ? "observed information"
                                                                    : "expected information"));
    TRY(jset(root, "heywood_cases", s->heywood));
    TRY(!cJSON_AddBoolToObject(root, "latent_cov_not_pd", s->not_pd));
    cJSON *fj = cJSON_CreateObject();
    TRY(!fj);
    cJSON_AddItemToObject(root, "fit", fj);
    TRY(fit_json(fj, f));

    /* Fit table */
    static const char *fcols[] = {"Measure", "Value"};
    snprintf(buf, sizeof buf, "%s: model fit (n = %zu)", title ? title : "SEM", s->n);
    t = adx_table_alloc(buf, 2, fcols);
    TRY(!t);
    struct {
        const char *name;
        double v;
        adx_numfmt_t fmt;
    } rows[] = {{"Chi-square", f->chisq, ADX_NUM_FIXED},
                {"df", f->df, ADX_NUM_INT},
                {"p", f->pvalue, ADX_NUM_P},
                {"Chi-square / df", f->df > 0 ? f->chisq / f->df : NAN, ADX_NUM_FIXED},
                {"CFI", f->cfi, ADX_NUM_FIXED},
                {"TLI", f->tli, ADX_NUM_FIXED},
                {"NFI", f->nfi, ADX_NUM_FIXED},
                {"RFI", f->rfi, ADX_NUM_FIXED},
                {"IFI", f->ifi, ADX_NUM_FIXED},
                {"GFI", f->gfi, ADX_NUM_FIXED},
                {"AGFI", f->agfi, ADX_NUM_FIXED},
                {"RMSEA", f->rmsea, ADX_NUM_FIXED},
                {"RMSEA 90% CI lower", f->rmsea_ci_lower, ADX_NUM_FIXED},
                {"RMSEA 90% CI upper", f->rmsea_ci_upper, ADX_NUM_FIXED},
                {"p (RMSEA <= .05)", f->rmsea_pvalue, ADX_NUM_P},
                {"SRMR", f->srmr, ADX_NUM_FIXED},
                {"Baseline chi-square", f->baseline_chisq, ADX_NUM_FIXED},
                {"Baseline df", f->baseline_df, ADX_NUM_INT},
                {"Log-likelihood", f->loglik, ADX_NUM_FIXED},
                {"AIC", f->aic, ADX_NUM_FIXED},
                {"BIC", f->bic, ADX_NUM_FIXED},
                {"Sample-size adjusted BIC", f->bic2, ADX_NUM_FIXED},
                {"Free parameters", (double)s->npar, ADX_NUM_INT}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (i == 3 && s->opt.robust) {
            /* scaled statistic after the ML chi2, df, p */
            const char *nm[6] = {"Scaled chi-square (Yuan-Bentler)", "Scaling factor",
                                 "p (scaled)", "CFI (scaled)", "TLI (scaled)",
                                 "RMSEA (scaled)"};
            double v[6] = {f->chisq_scaled, f->chisq_scaling_factor, f->pvalue_scaled,
                           f->cfi_scaled, f->tli_scaled, f->rmsea_scaled};
            for (int j = 0; j < 6; j++) {
                size_t k = adx_table_add_row(t);
                TRY(k == (size_t)-1);
                TRY(adx_table_set_text(t, k, 0, nm[j]));
                TRY(adx_table_set_num(t, k, 1, v[j], j == 2 ? ADX_NUM_P : ADX_NUM_FIXED, -1,
                                      NULL));
            }
        }
        size_t k = adx_table_add_row(t);
        TRY(k == (size_t)-1);
        TRY(adx_table_set_text(t, k, 0, rows[i].name));
        TRY(adx_table_set_num(t, k, 1, rows[i].v, rows[i].fmt, -1, NULL));
    }
    fit_line(f, buf, sizeof buf);
    TRY(adx_table_add_note(t, "%s.", buf));
    TRY(adx_table_add_note(t, "ML on the listwise-complete cases; chi2 = N F_ML (lavaan); RMSEA "
                              "with N; SRMR is Bentler's. Converged: %s (%d iterations).",
                           s->converged ? "yes" : "no", s->iterations));
    if (s->heywood)
        TRY(adx_table_add_note(t, "Warning: %d negative variance estimate(s) (Heywood case); "
                                  "the solution is not admissible.",
                               s->heywood));
    if (s->not_pd)
        TRY(adx_table_add_note(t, "Warning: the model-implied covariance matrix of the latent "
                                  "variables is not positive definite."));
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }

    /* Parameter table */
    static const char *pcols[] = {"lhs", "op", "rhs", "Label", "Estimate", "SE", "z", "p",
                                  "CI lower", "CI upper", "Std.lv", "Std.all"};
    snprintf(buf, sizeof buf, "%s: parameter estimates", title ? title : "SEM");
    t = adx_table_alloc(buf, 12, pcols);
    TRY(!t);
    cJSON *pa = cJSON_CreateArray();
    TRY(!pa);
    cJSON_AddItemToObject(root, "parameters", pa);
    for (size_t i = 0; i < s->nparams; i++) {
        const adx_sem_param_t *p = &s->params[i];
        size_t k = adx_table_add_row(t);
        TRY(k == (size_t)-1);
        TRY(adx_table_set_text(t, k, 0, p->lhs));
        TRY(adx_table_set_text(t, k, 1, adx_sem_op_name(p->op)));
        TRY(adx_table_set_text(t, k, 2, p->rhs));
        TRY(adx_table_set_text(t, k, 3, p->label));
        double se = (p->free || p->op == ADX_SEM_DEFINE) ? p->se : NAN;
        double vals[] = {p->est, se, p->z, p->pvalue, se >= 0 ? p->ci_lower : NAN,
                         se >= 0 ? p->ci_upper : NAN, p->std_lv, p->std_all};
        for (int c = 0; c < 8; c++)
            TRY(adx_table_set_num(t, k, 4 + (size_t)c, vals[c], c == 3 ? ADX_NUM_P : ADX_NUM_FIXED,
                                  -1, c == 0 ? adx_stars(p->pvalue) : NULL));
        cJSON *o = cJSON_CreateObject();
        TRY(!o);
        cJSON_AddItemToArray(pa, o);
        TRY(!cJSON_AddStringToObject(o, "lhs", p->lhs));
        TRY(!cJSON_AddStringToObject(o, "op", adx_sem_op_name(p->op)));
        TRY(!cJSON_AddStringToObject(o, "rhs", p->rhs));
        TRY(!cJSON_AddStringToObject(o, "label", p->label));
        TRY(!cJSON_AddBoolToObject(o, "free", p->free != 0));
        TRY(jset(o, "est", p->est));
        TRY(jset(o, "se", p->se));
        TRY(jset(o, "z", p->z));
        TRY(jset(o, "pvalue", p->pvalue));
        TRY(jset(o, "ci_lower", p->ci_lower));
        TRY(jset(o, "ci_upper", p->ci_upper));
        TRY(jset(o, "std_lv", p->std_lv));
        TRY(jset(o, "std_all", p->std_all));
        if (s->boot_requested) {
            TRY(jset(o, "boot_se", p->boot_se));
            TRY(jset(o, "boot_ci_lower", p->boot_lower));
            TRY(jset(o, "boot_ci_upper", p->boot_upper));
            TRY(jset(o, "boot_bc_lower", p->boot_bc_lower));
            TRY(jset(o, "boot_bc_upper", p->boot_bc_upper));
            TRY(jset(o, "boot_bca_lower", p->boot_bca_lower));
            TRY(jset(o, "boot_bca_upper", p->boot_bca_upper));
            TRY(jset(o, "boot_accel", p->boot_accel));
        }
    }
    TRY(adx_table_add_note(t, "=~ loading, ~ regression, ~~ (residual) (co)variance, := defined "
                              "parameter (delta-method SE). Fixed parameters have no SE. "
                              "Std.all covariances are correlations of the (residual) terms."));
    TRY(adx_table_add_note(t, "* p < .05, ** p < .01, *** p < .001 (z test, SEs %s).",
                           s->opt.robust ? "robust (MLR sandwich, observed information)"
                           : s->opt.observed_info ? "from the observed information"
                                                  : "from the expected information"));
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }

    /* Bootstrap */
    if (s->boot_requested) {
        cJSON *bj = cJSON_CreateObject();
        TRY(!bj);
        cJSON_AddItemToObject(root, "bootstrap", bj);
        TRY(jset(bj, "requested", (double)s->boot_requested));
        TRY(jset(bj, "used", (double)s->boot_used));
        TRY(jset(bj, "failed", (double)s->boot_failed));
        TRY(jset(bj, "heywood", (double)s->boot_heywood));
        TRY(jset(bj, "seed", (double)s->boot_seed));
        TRY(jset(bj, "level", s->opt.ci_level));
        static const char *bcols[] = {"lhs", "op", "rhs", "Estimate", "Boot SE", "Perc. lower",
                                      "Perc. upper", "BC lower", "BC upper", "BCa lower",
                                      "BCa upper"};
        snprintf(buf, sizeof buf, "%s: bootstrap (%zu resamples, seed %llu)",
                 title ? title : "SEM", s->boot_requested, s->boot_seed);
        t = adx_table_alloc(buf, 11, bcols);
        TRY(!t);
        for (size_t i = 0; i < s->nparams; i++) {
            const adx_sem_param_t *p = &s->params[i];
            if (!p->free && p->op != ADX_SEM_DEFINE)
                continue;
            size_t k = adx_table_add_row(t);
            TRY(k == (size_t)-1);
            TRY(adx_table_set_text(t, k, 0, p->lhs));
            TRY(adx_table_set_text(t, k, 1, adx_sem_op_name(p->op)));
            TRY(adx_table_set_text(t, k, 2, p->rhs));
            double vals[] = {p->est,           p->boot_se,        p->boot_lower,
                             p->boot_upper,    p->boot_bc_lower,  p->boot_bc_upper,
                             p->boot_bca_lower, p->boot_bca_upper};
            for (int c = 0; c < 8; c++)
                TRY(adx_table_set_num(t, k, 3 + (size_t)c, vals[c], ADX_NUM_FIXED, -1, NULL));
        }
        TRY(adx_table_add_note(t, "%.0f%% intervals: percentile, bias-corrected percentile "
                                  "(lavaan's bca.simple) and BCa (acceleration from the "
                                  "jackknife: %zu leave-one-out refits). %zu of %zu resamples used; %zu did not "
                                  "converge; %zu with negative variances (kept).",
                               100 * s->opt.ci_level, s->n, s->boot_used, s->boot_requested,
                               s->boot_failed, s->boot_heywood));
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }

    /* Modification indices */
    if (s->mi) {
        cJSON *mj = cJSON_CreateArray();
        TRY(!mj);
        cJSON_AddItemToObject(root, "modindices", mj);
        static const char *mcols[] = {"lhs", "op", "rhs", "MI", "EPC", "SEPC.lv", "SEPC.all"};
        snprintf(buf, sizeof buf, "%s: modification indices (MI >= 3.84)", title ? title : "SEM");
        t = adx_table_alloc(buf, 7, mcols);
        TRY(!t);
        for (size_t i = 0; i < s->nmi; i++) {
            const adx_sem_mi_t *m = &s->mi[i];
            cJSON *o = cJSON_CreateObject();
            TRY(!o);
            cJSON_AddItemToArray(mj, o);
            TRY(!cJSON_AddStringToObject(o, "lhs", m->lhs));
            TRY(!cJSON_AddStringToObject(o, "op", adx_sem_op_name(m->op)));
            TRY(!cJSON_AddStringToObject(o, "rhs", m->rhs));
            TRY(jset(o, "mi", m->mi));
            TRY(jset(o, "epc", m->epc));
            TRY(jset(o, "sepc_lv", m->sepc_lv));
            TRY(jset(o, "sepc_all", m->sepc_all));
            if (m->mi < 3.84)
                continue;
            size_t k = adx_table_add_row(t);
            TRY(k == (size_t)-1);
            TRY(adx_table_set_text(t, k, 0, m->lhs));
            TRY(adx_table_set_text(t, k, 1, adx_sem_op_name(m->op)));
            TRY(adx_table_set_text(t, k, 2, m->rhs));
            double vals[] = {m->mi, m->epc, m->sepc_lv, m->sepc_all};
            for (int c = 0; c < 4; c++)
                TRY(adx_table_set_num(t, k, 3 + (size_t)c, vals[c], ADX_NUM_FIXED, -1, NULL));
        }
        TRY(adx_table_add_note(t, "Score tests (expected information) for freeing a loading, a "
                                  "residual covariance or a fixed latent covariance; EPC = "
                                  "expected change. %zu tested, those with MI >= 3.84 (p < .05, "
                                  "1 df) shown; JSON has all.",
                               s->nmi));
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }

    /* R2 */
    static const char *rcols[] = {"Variable", "R2"};
    snprintf(buf, sizeof buf, "%s: R2 of the endogenous variables", title ? title : "SEM");
    t = adx_table_alloc(buf, 2, rcols);
    TRY(!t);
    cJSON *rj = cJSON_CreateObject();
    TRY(!rj);
    cJSON_AddItemToObject(root, "r2", rj);
    for (size_t v = 0; v < s->p + s->m; v++) {
        if (isnan(s->r2[v]))
            continue;
        size_t k = adx_table_add_row(t);
        TRY(k == (size_t)-1);
        TRY(adx_table_set_text(t, k, 0, s->names[v]));
        TRY(adx_table_set_num(t, k, 1, s->r2[v], ADX_NUM_FIXED, -1, NULL));
        TRY(jset(rj, s->names[v], s->r2[v]));
    }
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }

    /* Validity */
    const adx_sem_validity_t *v = s->validity;
    if (v) {
        cJSON *vj = cJSON_CreateObject(), *cj = cJSON_CreateArray(), *names = cJSON_CreateArray();
        if (!vj || !cj || !names) {
            cJSON_Delete(vj);
            cJSON_Delete(cj);
            cJSON_Delete(names);
            goto oom;
        }
        cJSON_AddItemToObject(root, "validity", vj);
        cJSON_AddItemToObject(vj, "constructs", cj);
        /* Table 2 style: items with standardized loadings, construct-level alpha, CR and
         * AVE on each construct's first row, the fit line as a note */
        static const char *vcols[] = {"Construct", "Item", "Std. loading", "z", "Alpha", "CR",
                                      "AVE", "sqrt(AVE)"};
        t = adx_table_alloc("Measurement model: standardized loadings, reliability and "
                            "convergent validity",
                            8, vcols);
        TRY(!t);
        for (size_t a = 0; a < v->k; a++) {
            const adx_sem_construct_t *c = &v->constructs[a];
            int first = 1;
            for (size_t i = 0; i < s->nparams; i++) {
                const adx_sem_param_t *p = &s->params[i];
                if (p->op != ADX_SEM_MEASURE || strcmp(p->lhs, c->name))
                    continue;
                size_t k = adx_table_add_row(t);
                TRY(k == (size_t)-1);
                if (first)
                    TRY(adx_table_set_text(t, k, 0, c->name));
                TRY(adx_table_set_text(t, k, 1, p->rhs));
                TRY(adx_table_set_num(t, k, 2, p->std_all, ADX_NUM_FIXED, -1,
                                      p->free ? adx_stars(p->pvalue) : NULL));
                TRY(adx_table_set_num(t, k, 3, p->free ? p->z : NAN, ADX_NUM_FIXED, 2, NULL));
                if (first) {
                    double vals[] = {c->alpha, c->cr, c->ave, c->sqrt_ave};
                    for (int q = 0; q < 4; q++)
                        TRY(adx_table_set_num(t, k, 4 + (size_t)q, vals[q], ADX_NUM_FIXED, -1,
                                              NULL));
                }
                first = 0;
            }
            cJSON *o = cJSON_CreateObject();
            TRY(!o);
            cJSON_AddItemToArray(cj, o);
            TRY(!cJSON_AddStringToObject(o, "name", c->name));
            TRY(jset(o, "items", (double)c->nitems));
            TRY(jset(o, "alpha", c->alpha));
            TRY(jset(o, "cr", c->cr));
            TRY(jset(o, "ave", c->ave));
            TRY(jset(o, "sqrt_ave", c->sqrt_ave));
            cJSON *nm = cJSON_CreateString(c->name);
            TRY(!nm);
            cJSON_AddItemToArray(names, nm);
        }
        fit_line(f, buf, sizeof buf);
        TRY(adx_table_add_note(t, "Fit: %s.", buf));
        TRY(adx_table_add_note(t, "Std. loading: completely standardized (std.all); z of the "
                                  "unstandardized loading (blank for the marker). Alpha: "
                                  "Cronbach's, from the item covariances. CR = (sum l)^2 / "
                                  "((sum l)^2 + sum(1 - l^2)) and AVE = mean(l^2) from the "
                                  "standardized loadings l (Fornell & Larcker, 1981)."));
        {
            adx_error_t e = adx_report_add_table(r, t);
            t = NULL;
            TRY(e);
        }
        cJSON_AddItemToObject(vj, "names", names);
        cJSON *m1 = matrix_json(v->latent_cor, v->k), *m2 = matrix_json(v->htmt, v->k),
              *m3 = matrix_json(v->htmt2, v->k);
        if (!m1 || !m2 || !m3) {
            cJSON_Delete(m1);
            cJSON_Delete(m2);
            cJSON_Delete(m3);
            goto oom;
        }
        cJSON_AddItemToObject(vj, "latent_cor", m1);
        cJSON_AddItemToObject(vj, "htmt", m2);
        cJSON_AddItemToObject(vj, "htmt2", m3);
        /* Fornell-Larcker and HTMT matrices */
        const char **cols = calloc(v->k + 1, sizeof *cols);
        TRY(!cols);
        cols[0] = "";
        for (size_t a = 0; a < v->k; a++)
            cols[a + 1] = v->constructs[a].name;
        for (int which = 0; which < 2; which++) {
            t = adx_table_alloc(which ? "Heterotrait-monotrait ratios (HTMT)"
                                      : "Discriminant validity: Fornell-Larcker criterion",
                                v->k + 1, cols);
            if (!t) {
                free(cols);
                goto oom;
            }
            for (size_t a = 0; a < v->k; a++) {
                size_t k = adx_table_add_row(t);
                int bad = k == (size_t)-1 || adx_table_set_text(t, k, 0, v->constructs[a].name);
                for (size_t b = 0; b <= a && !bad; b++) {
                    double x = which ? (a == b ? NAN : v->htmt[a * v->k + b])
                                     : (a == b ? v->constructs[a].sqrt_ave
                                               : v->latent_cor[a * v->k + b]);
                    bad = adx_table_set_num(t, k, b + 1, x, ADX_NUM_FIXED, -1, NULL) != 0;
                }
                if (bad) {
                    free(cols);
                    goto oom;
                }
            }
            int bad = which ? adx_table_add_note(t, "HTMT (Henseler, Ringle & Sarstedt, 2015): "
                                                    "mean absolute heterotrait correlation / "
                                                    "geometric mean of the mean monotrait "
                                                    "correlations; values below .85 (or .90) "
                                                    "support discriminant validity. JSON also "
                                                    "has htmt2 (geometric means, semTools' "
                                                    "default).")
                            : adx_table_add_note(t, "Diagonal: sqrt(AVE); below: model-implied "
                                                    "latent correlations. Discriminant validity "
                                                    "holds when the diagonal exceeds the "
                                                    "correlations in its row and column.");
            adx_error_t e = bad ? ADX_ENOMEM : adx_report_add_table(r, t);
            t = NULL;
            if (e) {
                free(cols);
                goto oom;
            }
        }
        free(cols);
        /* Harman */
        cJSON *hj = cJSON_CreateObject();
        TRY(!hj);
        cJSON_AddItemToObject(vj, "harman", hj);
        TRY(!cJSON_AddBoolToObject(hj, "converged", v->harman_converged));
        TRY(fit_json(hj, &v->harman));
        static const char *hcols[] = {"Model", "Chi-square", "df", "CFI", "TLI", "RMSEA", "SRMR"};
        t = adx_table_alloc("Common method variance: Harman's single-factor test (CFA)", 7,
                            hcols);
        TRY(!t);
        const adx_sem_fit_t *fs[2] = {f, &v->harman};
        const char *mn[2] = {"Measurement model", "Single factor"};
        for (int q = 0; q < 2; q++) {
            size_t k = adx_table_add_row(t);
            TRY(k == (size_t)-1);
            TRY(adx_table_set_text(t, k, 0, mn[q]));
            TRY(adx_table_set_num(t, k, 1, fs[q]->chisq, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, k, 2, fs[q]->df, ADX_NUM_INT, 0, NULL));
            TRY(adx_table_set_num(t, k, 3, fs[q]->cfi, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, k, 4, fs[q]->tli, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, k, 5, fs[q]->rmsea, ADX_NUM_FIXED, -1, NULL));
            TRY(adx_table_set_num(t, k, 6, fs[q]->srmr, ADX_NUM_FIXED, -1, NULL));
        }
        TRY(adx_table_add_note(t, "All items on one factor. A much worse fit than the "
                                  "measurement model argues against a dominant common-method "
                                  "factor.%s",
                               v->harman_converged ? "" : " The single-factor model did not "
                                                          "converge."));
        {
            adx_error_t e = adx_report_add_table(r, t);
            t = NULL;
            TRY(e);
        }
    }
    if (s->fitted) {
        char m[512];
        snprintf(m, sizeof m,
                 "The %s was estimated by maximum likelihood on %zu complete cases "
                 "(chi-square = N F_ML and RMSEA with N as in lavaan; SEs from the expected "
                 "information; standardized estimates are std.all).",
                 title && !strcmp(title, "SEM") ? "structural equation model"
                                                : "confirmatory factor analysis",
                 s->n);
        if (!(r->methods = strdup(m)))
            goto oom;
        adx_error_t e = add_path_diagram(s, title, r, ctx);
        if (e == ADX_ENOMEM)
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_sem_invariance(const adx_sem_invariance_t *v, const char *group,
                                      adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Model", "Chi-square", "df", "p", "CFI", "TLI", "RMSEA",
                                 "SRMR", "Delta chi-square", "Delta df", "p (delta)"};
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char buf[512];
    if (!r)
        goto oom;
    cJSON *root = cJSON_CreateObject(), *inv = cJSON_CreateObject();
    r->json = root;
    if (!root || !inv) {
        cJSON_Delete(inv);
        goto oom;
    }
    cJSON_AddItemToObject(root, "invariance", inv);
    TRY(!cJSON_AddStringToObject(inv, "group", group));
    cJSON *ga = cJSON_CreateArray(), *na = cJSON_CreateArray(), *ma = cJSON_CreateArray();
    if (!ga || !na || !ma) {
        cJSON_Delete(ga);
        cJSON_Delete(na);
        cJSON_Delete(ma);
        goto oom;
    }
    cJSON_AddItemToObject(inv, "groups", ga);
    cJSON_AddItemToObject(inv, "n", na);
    cJSON_AddItemToObject(inv, "models", ma);
    size_t ntot = 0;
    for (size_t g = 0; g < v->ngroups; g++) {
        cJSON *sg = cJSON_CreateString(v->groups[g]), *ng = jnum((double)v->n[g]);
        if (!sg || !ng) {
            cJSON_Delete(sg);
            cJSON_Delete(ng);
            goto oom;
        }
        cJSON_AddItemToArray(ga, sg);
        cJSON_AddItemToArray(na, ng);
        ntot += v->n[g];
    }
    snprintf(buf, sizeof buf, "Measurement invariance across %s (%zu groups, n = %zu)", group,
             v->ngroups, ntot);
    t = adx_table_alloc(buf, 11, cols);
    TRY(!t);
    for (int l = 0; l < 3; l++) {
        const adx_sem_inv_row_t *m = &v->rows[l];
        size_t k = adx_table_add_row(t);
        TRY(k == (size_t)-1);
        TRY(adx_table_set_text(t, k, 0, m->model));
        double vals[] = {m->chisq, m->df, m->pvalue, m->cfi, m->tli, m->rmsea, m->srmr,
                         m->delta_chisq, m->delta_df, m->delta_pvalue};
        adx_numfmt_t fm[] = {ADX_NUM_FIXED, ADX_NUM_INT, ADX_NUM_P, ADX_NUM_FIXED,
                             ADX_NUM_FIXED, ADX_NUM_FIXED, ADX_NUM_FIXED, ADX_NUM_FIXED,
                             ADX_NUM_INT, ADX_NUM_P};
        for (int c = 0; c < 10; c++)
            TRY(adx_table_set_num(t, k, 1 + (size_t)c, vals[c], fm[c], -1, NULL));
        cJSON *o = cJSON_CreateObject();
        TRY(!o);
        cJSON_AddItemToArray(ma, o);
        TRY(!cJSON_AddStringToObject(o, "model", m->model));
        TRY(!cJSON_AddBoolToObject(o, "converged", m->converged));
        TRY(jset(o, "chisq", m->chisq));
        TRY(jset(o, "df", m->df));
        TRY(jset(o, "npar", m->npar));
        TRY(jset(o, "pvalue", m->pvalue));
        TRY(jset(o, "cfi", m->cfi));
        TRY(jset(o, "tli", m->tli));
        TRY(jset(o, "rmsea", m->rmsea));
        TRY(jset(o, "srmr", m->srmr));
        TRY(jset(o, "baseline_chisq", m->baseline_chisq));
        TRY(jset(o, "baseline_df", m->baseline_df));
        TRY(jset(o, "delta_chisq", m->delta_chisq));
        TRY(jset(o, "delta_df", m->delta_df));
        TRY(jset(o, "delta_pvalue", m->delta_pvalue));
    }
    buf[0] = 0;
    for (size_t g = 0; g < v->ngroups; g++) {
        char one[128];
        snprintf(one, sizeof one, "%s%s (n = %zu)", g ? ", " : "", v->groups[g], v->n[g]);
        strncat(buf, one, sizeof buf - strlen(buf) - 1);
    }
    TRY(adx_table_add_note(t, "Groups: %s.", buf));
    TRY(adx_table_add_note(t, "Configural: same model in every group; metric: equal loadings; "
                              "scalar: equal loadings and intercepts, latent means free after "
                              "the first group. Multi-group ML with mean structure; RMSEA "
                              "multiplied by sqrt(groups) and SRMR averaged with group weights "
                              "(lavaan). Delta: chi-square difference test against the row "
                              "above."));
    {
        adx_error_t e = adx_report_add_table(r, t);
        t = NULL;
        TRY(e);
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}
