/* Report builder for cfa/sem: fit, parameters, R2 and validity tables plus the
 * JSON object documented in docs/sem.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_sem.h"
#include "builder.h"
#include "sem_ordinal.h"

/* "chi2(24) = 85.306, p < .001; CFI = .931; ..." for notes. */
static void fit_line(const adx_sem_fit_t *f, char *buf, size_t n)
{
    char p[32];
    adx__ptext(f->pvalue, p, sizeof p);
    char ratio[48] = "";
    if (f->df > 0)
        snprintf(ratio, sizeof ratio, "; chi2/df = %.3f", f->chisq / f->df);
    int k = snprintf(buf, n, "chi2(%.0f) = %.3f, %s%s", f->df, f->chisq, p, ratio);
    /* the indices the estimator defines (GFI: not under FIML or WLSMV) */
    const struct {
        const char *name;
        double v;
    } ix[] = {{"CFI", f->cfi}, {"TLI", f->tli}, {"NFI", f->nfi}, {"GFI", f->gfi}};
    for (size_t i = 0; i < sizeof ix / sizeof ix[0]; i++)
        if (isfinite(ix[i].v) && k >= 0 && (size_t)k < n)
            k += snprintf(buf + k, n - (size_t)k, "; %s = %.3f", ix[i].name, ix[i].v);
    if (isfinite(f->rmsea) && k >= 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, "; RMSEA = %.3f [%.3f, %.3f]", f->rmsea,
                      f->rmsea_ci_lower, f->rmsea_ci_upper);
    if (isfinite(f->srmr) && k >= 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "; SRMR = %.3f", f->srmr);
}

/* Modification indices shown in the table: MI >= 3.84, the 5% critical value of
 * chi-square with 1 df (the score test of freeing one parameter). The JSON keeps
 * every index. */
static const double MI_SHOWN = 3.84;

static void fit_json(adx__tb_t *b, cJSON *o, const adx_sem_fit_t *f)
{
    const adx_jf_t kv[] = {
        {"chisq", f->chisq}, {"df", f->df}, {"pvalue", f->pvalue},
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
        {"rmsea_scaled", f->rmsea_scaled}, {"cfi_robust", f->cfi_robust},
        {"tli_robust", f->tli_robust}, {"rmsea_robust", f->rmsea_robust},
        {"rmsea_ci_lower_robust", f->rmsea_ci_lower_robust},
        {"rmsea_ci_upper_robust", f->rmsea_ci_upper_robust},
        {"rmsea_pvalue_robust", f->rmsea_pvalue_robust},
        {"bollen_stine_pvalue", f->bollen_stine_pvalue},
        {"bollen_stine_replicates", f->bollen_stine_used}};
    adx__jfields(b, o, kv, ADX_NELEM(kv));
}

/* A k x k row-major matrix as rows. */
static cJSON *matrix_json(adx__tb_t *b, const double *m, size_t k)
{
    cJSON *a = adx__tb_check(b, cJSON_CreateArray());
    for (size_t i = 0; a && i < k; i++)
        adx__jadd(b, a, NULL, adx__jdoubles(m + i * k, k));
    return a;
}

static const char *name_or_sem(const char *title) { return title ? title : "SEM"; }

/* One row of a name and a number. */
static void name_value(adx__tb_t *b, const char *name, double v, adx_numfmt_t fmt)
{
    size_t k = adx__tb_row(b);
    adx__tb_text(b, k, 0, name);
    adx__tb_num(b, k, 1, v, fmt, -1);
}

static void sem_fit_table(adx__tb_t *b, const adx_sem_t *s, const char *title)
{
    static const char *fcols[] = {"Measure", "Value"};
    const adx_sem_fit_t *f = &s->fit;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: model fit (n = %zu)", name_or_sem(title), s->n);
    adx__tb_table(b, buf, 2, fcols);
    const struct {
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
    for (size_t i = 0; i < ADX_NELEM(rows); i++) {
        if (i == 3 && s->opt.robust) {
            /* the scaled statistic after the ML chi2, df, p */
            name_value(b,
                       s->opt.robust == ADX_SEM_MLM ? "Scaled chi-square (Satorra-Bentler)"
                                                    : "Scaled chi-square (Yuan-Bentler)",
                       f->chisq_scaled, ADX_NUM_FIXED);
            name_value(b, "Scaling factor", f->chisq_scaling_factor, ADX_NUM_FIXED);
            name_value(b, "p (scaled)", f->pvalue_scaled, ADX_NUM_P);
            name_value(b, "CFI (scaled)", f->cfi_scaled, ADX_NUM_FIXED);
            name_value(b, "TLI (scaled)", f->tli_scaled, ADX_NUM_FIXED);
            name_value(b, "RMSEA (scaled)", f->rmsea_scaled, ADX_NUM_FIXED);
            name_value(b, "CFI (robust)", f->cfi_robust, ADX_NUM_FIXED);
            name_value(b, "TLI (robust)", f->tli_robust, ADX_NUM_FIXED);
            name_value(b, "RMSEA (robust)", f->rmsea_robust, ADX_NUM_FIXED);
            name_value(b, "RMSEA (robust) 90% CI lower", f->rmsea_ci_lower_robust,
                       ADX_NUM_FIXED);
            name_value(b, "RMSEA (robust) 90% CI upper", f->rmsea_ci_upper_robust,
                       ADX_NUM_FIXED);
        }
        name_value(b, rows[i].name, rows[i].v, rows[i].fmt);
        if (i == 2 && isfinite(f->bollen_stine_pvalue))
            name_value(b, "p (Bollen-Stine bootstrap)", f->bollen_stine_pvalue, ADX_NUM_P);
    }
    fit_line(f, buf, sizeof buf);
    adx__tb_note(b, "%s.", buf);
    adx__tb_note(b, "%s; RMSEA with N; SRMR is Bentler's. Converged: %s (%d iterations).",
                 s->ordinal && s->ordinal->nnum
                     ? (s->ordinal->uls ? "ULS on the polychoric and polyserial correlations "
                                          "and the continuous indicators' (co)variances; chi2 "
                                          "= (N - 1) F_ULS (lavaan)"
                                        : "DWLS on the polychoric and polyserial correlations "
                                          "and the continuous indicators' (co)variances; chi2 "
                                          "= N F_DWLS (lavaan)")
                 : s->ordinal ? (s->ordinal->uls ? "ULS on the polychoric correlations; chi2 = "
                                                   "(N - 1) F_ULS (lavaan)"
                                                 : "DWLS on the polychoric correlations; chi2 = "
                                                   "N F_DWLS (lavaan)")
                 : s->opt.fiml ? "FIML on every case (missing at random); chi2 = 2 (logL of the "
                               "saturated model - logL of the model) (lavaan)"
                             : "ML on the listwise-complete cases; chi2 = N F_ML (lavaan)",
                 s->converged ? "yes" : "no", s->iterations);
    if (s->heywood)
        adx__tb_note(b, "Warning: %d negative variance estimate(s) (Heywood case); the solution "
                        "is not admissible.", s->heywood);
    if (s->not_pd)
        adx__tb_note(b, "Warning: the model-implied covariance matrix of the latent variables is "
                        "not positive definite.");
}

void adx__sem_param_json(adx__tb_t *b, cJSON *pa, const adx_sem_param_t *p, int boot)
{
    cJSON *o = adx__jobj(b, pa, NULL);
    adx__jstr(b, o, "lhs", p->lhs);
    adx__jstr(b, o, "op", adx_sem_op_name(p->op));
    adx__jstr(b, o, "rhs", p->rhs);
    adx__jstr(b, o, "label", p->label);
    adx__jbool(b, o, "free", p->free != 0);
    if (p->at_bound)
        adx__jstr(b, o, "at_bound", p->at_bound < 0 ? "lower" : "upper");
    const adx_jf_t jf[] = {{"est", p->est},           {"se", p->se},
                           {"z", p->z},               {"pvalue", p->pvalue},
                           {"ci_lower", p->ci_lower}, {"ci_upper", p->ci_upper},
                           {"std_lv", p->std_lv},     {"std_all", p->std_all}};
    adx__jfields(b, o, jf, ADX_NELEM(jf));
    if (!boot)
        return;
    adx__jnum(b, o, "boot_se", p->boot_se);
    adx__jbounds(b, o, "boot_ci", p->boot_lower, p->boot_upper);
    adx__jbounds(b, o, "boot_bc", p->boot_bc_lower, p->boot_bc_upper);
    adx__jbounds(b, o, "boot_bca", p->boot_bca_lower, p->boot_bca_upper);
    adx__jnum(b, o, "boot_accel", p->boot_accel);
}

void adx__sem_param_table(adx__tb_t *b, const char *heading, const adx_sem_param_t *ps,
                          size_t n, int boot, cJSON *pa)
{
    static const adx_col_t cols[] = {
        ADX_COL("lhs", NULL),       ADX_COL("op", NULL),       ADX_COL("rhs", NULL),
        ADX_COL("Label", NULL),     ADX_COL_STAR("Estimate", NULL), ADX_COL("SE", NULL),
        ADX_COL("z", NULL),         ADX_COL_P("p", NULL),      ADX_COL("CI lower", NULL),
        ADX_COL("CI upper", NULL),  ADX_COL("Std.lv", NULL),   ADX_COL("Std.all", NULL)};
    adx__tb_table_cols(b, heading, cols, ADX_NELEM(cols));
    int composite = 0;
    for (size_t i = 0; i < n; i++) {
        const adx_sem_param_t *p = &ps[i];
        composite |= p->op == ADX_SEM_FORMATIVE;
        const char *texts[] = {p->lhs, adx_sem_op_name(p->op), p->rhs, p->label};
        double se = (p->free || p->op == ADX_SEM_DEFINE) ? p->se : NAN;
        double vals[] = {p->est, se, p->z, p->pvalue, se >= 0 ? p->ci_lower : NAN,
                         se >= 0 ? p->ci_upper : NAN, p->std_lv, p->std_all};
        adx__tb_row_texts(b, NULL, texts, 4, vals);
        adx__sem_param_json(b, pa, p, boot);
    }
    adx__tb_note(b, "=~ loading, ~ regression, ~~ (residual) (co)variance, := defined parameter "
                    "(delta-method SE)%s. Fixed parameters have no SE. Std.all covariances are "
                    "correlations of the (residual) terms.",
                 composite ? ", <~ composite weight (the composite's variance is fixed at 0)"
                           : "");
    for (size_t i = 0; i < n; i++) {
        const adx_sem_param_t *p = &ps[i];
        if (p->at_bound)
            adx__tb_note(b, "%s %s %s is at its %s bound %.6g (inequality constraint active): "
                            "no SE; the other SEs are conditional on it (lavaan).",
                         p->lhs, adx_sem_op_name(p->op), p->rhs,
                         p->at_bound < 0 ? "lower" : "upper",
                         p->at_bound < 0 ? p->lower : p->upper);
    }
}

static void sem_param_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: parameter estimates", name_or_sem(title));
    adx__sem_param_table(b, buf, s->params, s->nparams, s->boot_requested != 0,
                         adx__jarray(b, root, "parameters"));
    adx__tb_note(b, "* p < .05, ** p < .01, *** p < .001 (z test, SEs %s).",
                 s->ordinal                   ? s->ordinal->uls ? "robust (ULSMV sandwich)"
                                                                    : "robust (WLSMV sandwich)"
                 : s->opt.robust == ADX_SEM_MLM ? "robust (MLM sandwich, expected information)"
                 : s->opt.robust                ? "robust (MLR sandwich, observed information)"
                 : s->opt.observed_info         ? "from the observed information"
                                                : "from the expected information");
}

void adx__sem_boot_row_tb(adx__tb_t *b, const adx_sem_param_t *p, const char *rhs)
{
    const char *texts[] = {p->lhs, adx_sem_op_name(p->op), rhs};
    double vals[] = {p->est,           p->boot_se,       p->boot_lower,
                     p->boot_upper,    p->boot_bc_lower, p->boot_bc_upper,
                     p->boot_bca_lower, p->boot_bca_upper};
    adx__tb_row_texts(b, NULL, texts, 3, vals);
}

static void sem_boot_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root)
{
    static const adx_col_t cols[] = {
        ADX_COL("lhs", NULL),      ADX_COL("op", NULL),       ADX_COL("rhs", NULL),
        ADX_COL("Estimate", NULL), ADX_COL("Boot SE", NULL),  ADX_COL("Lower", NULL),
        ADX_COL("Upper", NULL),    ADX_COL("Lower", NULL),    ADX_COL("Upper", NULL),
        ADX_COL("Lower", NULL),    ADX_COL("Upper", NULL)};
    cJSON *bj = adx__jobj(b, root, "bootstrap");
    const adx_jf_t jf[] = {{"requested", (double)s->boot_requested},
                           {"used", (double)s->boot_used},
                           {"failed", (double)s->boot_failed},
                           {"heywood", (double)s->boot_heywood},
                           {"seed", (double)s->boot_seed},
                           {"level", s->opt.ci_level}};
    adx__jfields(b, bj, jf, ADX_NELEM(jf));
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: bootstrap (%zu resamples, seed %llu)", name_or_sem(title),
             s->boot_requested, s->boot_seed);
    adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
    adx__tb_colgroup(b, 5, 2, "Percentile");
    adx__tb_colgroup(b, 7, 2, "BC");
    adx__tb_colgroup(b, 9, 2, "BCa");
    for (size_t i = 0; i < s->nparams; i++) {
        const adx_sem_param_t *p = &s->params[i];
        if (!p->free && p->op != ADX_SEM_DEFINE)
            continue;
        adx__sem_boot_row_tb(b, p, p->rhs);
    }
    const adx_sem_ordinal_t *o = s->ordinal;
    for (size_t k = 0; o && o->th_boot && k < o->nth; k++) { /* thresholds: lavaan's "|" */
        const adx_sem_param_t *p = &o->th_boot[k];
        char lab[32];
        snprintf(lab, sizeof lab, "t%d", o->th_k[k]);
        adx__sem_boot_row_tb(b, p, o->th_k[k] ? lab : "");
    }
    adx__tb_note(b, "%.0f%% intervals: percentile, bias-corrected percentile (lavaan's "
                    "bca.simple) and BCa (acceleration from the jackknife: %zu leave-one-out "
                    "refits).",
                 100 * s->opt.ci_level, s->n);
    if (o)
        adx__tb_note(b, "Each resample refits thresholds, polychoric correlations and the %s "
                        "estimates%s.",
                     o->uls ? "ULS" : "DWLS",
                     s->opt.ordinal_theta ? ", in the theta parameterization" : "");
    adx__tb_note(b, "%zu of %zu resamples used; %zu did not converge; %zu with negative "
                    "variances (kept).%s",
                 s->boot_used, s->boot_requested, s->boot_failed, s->boot_heywood,
                 s->fiml ? " FIML: each resample keeps its cases' missing values and is "
                           "refitted by FIML (EM moments per resample)." : "");
}

static void sem_mi_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("lhs", "lhs"),         ADX_COL("op", "op"),
                                     ADX_COL("rhs", "rhs"),         ADX_COL("MI", "mi"),
                                     ADX_COL("EPC", "epc"),         ADX_COL("SEPC.lv", "sepc_lv"),
                                     ADX_COL("SEPC.all", "sepc_all")};
    cJSON *mj = adx__jarray(b, root, "modindices");
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: modification indices (MI >= %.2f)", name_or_sem(title),
             MI_SHOWN);
    adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
    for (size_t i = 0; i < s->nmi; i++) {
        const adx_sem_mi_t *m = &s->mi[i];
        const char *texts[] = {m->lhs, adx_sem_op_name(m->op), m->rhs};
        double vals[] = {m->mi, m->epc, m->sepc_lv, m->sepc_all};
        cJSON *o = adx__jobj(b, mj, NULL);
        if (m->mi >= MI_SHOWN) {
            adx__tb_row_texts(b, o, texts, 3, vals);
            continue;
        }
        for (size_t k = 0; k < 3; k++)
            adx__jstr(b, o, cols[k].key, texts[k]);
        for (size_t k = 0; k < 4; k++)
            adx__jnum(b, o, cols[3 + k].key, vals[k]);
    }
    adx__tb_note(b, "Score tests (expected information) for freeing a loading, a residual or "
                    "latent covariance, a latent regression or an intercept; EPC = expected "
                    "change. %zu tested, "
                    "those with MI >= %.2f (p < .05, 1 df) shown.", s->nmi, MI_SHOWN);
}

static void sem_r2_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root)
{
    static const char *rcols[] = {"Variable", "R2"};
    char buf[1024];
    snprintf(buf, sizeof buf, "%s: R2 of the endogenous variables", name_or_sem(title));
    adx__tb_table(b, buf, 2, rcols);
    cJSON *rj = adx__jobj(b, root, "r2");
    size_t undefined = 0;
    for (size_t v = 0; v < s->p + s->m; v++) {
        if (!s->endogenous[v])
            continue;
        if (isnan(s->r2[v])) /* negative residual variance: R2 undefined */
            adx__tb_text(b, adx__tb_row(b), 0, s->names[v]);
        else
            name_value(b, s->names[v], s->r2[v], ADX_NUM_FIXED);
        adx__jnum(b, rj, s->names[v], s->r2[v]);
        undefined += isnan(s->r2[v]);
    }
    if (undefined)
        adx__tb_note(b, "R2 is undefined (blank; null in JSON) where the residual variance is "
                        "negative (Heywood case).");
}

/* Table 2 of seed 003: items with standardized loadings under a spanning row per construct
 * with its alpha, CR and AVE; the fit line as a note. */
/* A statistic bounded by 1 with two decimals and no leading zero (APA): ".82". */
static void apa2(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "n/a");
        return;
    }
    char t[32];
    snprintf(t, sizeof t, "%.2f", v);
    if (!strncmp(t, "-0.", 3))
        snprintf(buf, n, "-%s", t + 2);
    else
        snprintf(buf, n, "%s", !strncmp(t, "0.", 2) ? t + 1 : t);
}

static void validity_loadings(adx__tb_t *b, const adx_sem_t *s, cJSON *vj)
{
    static const char *vcols[] = {"Item", "Std. loading", "z"};
    const adx_sem_validity_t *v = s->validity;
    cJSON *cj = adx__jarray(b, vj, "constructs");
    adx__tb_table(b, "Measurement model: standardized loadings, reliability and convergent "
                     "validity", 3, vcols);
    for (size_t a = 0; a < v->k; a++) {
        const adx_sem_construct_t *c = &v->constructs[a];
        /* Seed 003's Table 2: "Construct (α = .82; CR = .84; AVE = .63)" above its items. */
        char al[32], cr[32], ave[32], group[512];
        apa2(al, sizeof al, c->alpha);
        apa2(cr, sizeof cr, c->cr);
        apa2(ave, sizeof ave, c->ave);
        snprintf(group, sizeof group, "%s (\xCE\xB1 = %s; CR = %s; AVE = %s)", c->name, al, cr, ave);
        adx__tb_rowgroup_span(b, "Construct", group);
        for (size_t i = 0; i < s->nparams; i++) {
            const adx_sem_param_t *p = &s->params[i];
            if (p->op != ADX_SEM_MEASURE || strcmp(p->lhs, c->name))
                continue;
            size_t k = adx__tb_row(b);
            adx__tb_text(b, k, 0, p->rhs);
            adx__tb_numsfx(b, k, 1, p->std_all, ADX_NUM_FIXED, -1,
                           p->free ? adx_stars(p->pvalue) : NULL);
            adx__tb_num(b, k, 2, p->free ? p->z : NAN, ADX_NUM_FIXED, 2);
        }
        cJSON *o = adx__jobj(b, cj, NULL);
        adx__jstr(b, o, "name", c->name);
        const adx_jf_t jf[] = {{"items", (double)c->nitems}, {"alpha", c->alpha},
                               {"cr", c->cr},                {"ave", c->ave},
                               {"sqrt_ave", c->sqrt_ave}};
        adx__jfields(b, o, jf, ADX_NELEM(jf));
    }
    char buf[1024];
    fit_line(&s->fit, buf, sizeof buf);
    adx__tb_note(b, "Fit: %s.", buf);
    if (s->ordinal && s->ordinal->numeric)
        adx__tb_note(b, "Ordered and continuous indicators (as semTools compRelSEM and AVE): "
                        "for a construct of ordered items \xCE\xB1 is ordinal alpha (from the "
                        "polychoric correlations), CR Green & Yang's (2009) categorical omega "
                        "and AVE = mean(l^2) of the standardized loadings l; for a construct "
                        "of continuous items \xCE\xB1 is Cronbach's alpha, CR = (sum "
                        "\xCE\xBB)^2 \xCF\x86 / the sum of the item covariances and AVE = "
                        "sum(\xCE\xBB^2) \xCF\x86 / the sum of the item variances (sample "
                        "moments); HTMT from the polychoric, polyserial and Pearson "
                        "correlations.");
    else if (s->ordinal)
        adx__tb_note(b, "Ordered indicators: \xCE\xB1 is ordinal alpha (from the polychoric "
                        "correlations; Zumbo et al., 2007); CR is Green & Yang's (2009) "
                        "categorical omega (semTools compRelSEM); AVE = mean(l^2) of the "
                        "standardized loadings l; HTMT from the polychoric correlations.");
    if (s->ordinal && s->opt.ordinal_theta)
        adx__tb_note(b, "Theta parameterization: \xCE\xB1 and AVE as semTools computes them "
                        "there, from the sample matrix rescaled by the implied SDs of the "
                        "latent responses (AVE = sum(\xCE\xBB^2) \xCF\x86 / the sum of the "
                        "rescaled item variances).");
    else if (!s->ordinal)
        adx__tb_note(b, "Std. loading: completely standardized; z of the unstandardized "
                        "loading (blank for the marker). \xCE\xB1: Cronbach's alpha, from the "
                        "item covariances. CR = (sum l)^2 / ((sum l)^2 + sum(1 - l^2)) and AVE = "
                        "mean(l^2) from the standardized loadings l (Fornell & Larcker, 1981).");
}

/* HTMT lower triangle. */
static void validity_htmt(adx__tb_t *b, const adx_sem_validity_t *v)
{
    const char **cols = adx__tb_check(b, calloc(v->k + 1, sizeof *cols));
    if (!cols)
        return;
    cols[0] = "";
    for (size_t a = 0; a < v->k; a++)
        cols[a + 1] = v->constructs[a].name;
    adx__tb_table(b, "Heterotrait-monotrait ratios (HTMT)", v->k + 1, cols);
    free(cols);
    for (size_t a = 0; a < v->k; a++) {
        size_t k = adx__tb_row(b);
        adx__tb_text(b, k, 0, v->constructs[a].name);
        for (size_t c = 0; c < a; c++)
            adx__tb_fix(b, k, c + 1, v->htmt[a * v->k + c]);
    }
    adx__tb_note(b, "HTMT (Henseler, Ringle & Sarstedt, 2015): mean absolute heterotrait "
                    "correlation / geometric mean of the mean monotrait correlations; values "
                    "below .85 (or .90) support discriminant validity.");
}

static void validity_harman(adx__tb_t *b, const adx_sem_t *s, cJSON *vj)
{
    static const adx_col_t cols[] = {ADX_COL("Model", NULL), ADX_COL("Chi-square", NULL),
                                     ADX_COL_INT("df", NULL), ADX_COL("CFI", NULL),
                                     ADX_COL("TLI", NULL),    ADX_COL("RMSEA", NULL),
                                     ADX_COL("SRMR", NULL)};
    const adx_sem_validity_t *v = s->validity;
    cJSON *hj = adx__jobj(b, vj, "harman");
    adx__jbool(b, hj, "converged", v->harman_converged);
    fit_json(b, hj, &v->harman);
    adx__tb_table_cols(b, "Common method variance: Harman's single-factor test (CFA)", cols,
                       ADX_NELEM(cols));
    const adx_sem_fit_t *fs[2] = {&s->fit, &v->harman};
    const char *mn[2] = {"Measurement model", "Single factor"};
    for (int q = 0; q < 2; q++)
        adx__tb_row_values(b, NULL, mn[q],
                           (double[]){fs[q]->chisq, fs[q]->df, fs[q]->cfi, fs[q]->tli,
                                      fs[q]->rmsea, fs[q]->srmr});
    adx__tb_note(b, "All items on one factor. A much worse fit than the measurement model argues "
                    "against a dominant common-method factor.%s",
                 v->harman_converged ? "" : " The single-factor model did not converge.");
}

static void sem_validity(adx__tb_t *b, const adx_sem_t *s, const adx_dataset_t *ds,
                         cJSON *root)
{
    const adx_sem_validity_t *v = s->validity;
    cJSON *vj = adx__jobj(b, root, "validity");
    validity_loadings(b, s, vj);
    const char **names = adx__tb_check(b, calloc(v->k + 1, sizeof *names));
    for (size_t a = 0; names && a < v->k; a++)
        names[a] = v->constructs[a].name;
    adx__jadd(b, vj, "names", names ? adx__jstrings(names, v->k) : NULL);
    free(names);
    adx__jadd(b, vj, "latent_cor", matrix_json(b, v->latent_cor, v->k));
    adx__jadd(b, vj, "htmt", matrix_json(b, v->htmt, v->k));
    adx__jadd(b, vj, "htmt2", matrix_json(b, v->htmt2, v->k));
    adx__sem_fl_table(b, s, ds, vj);
    validity_htmt(b, v);
    validity_harman(b, s, vj);
}

static void sem_json_header(adx__tb_t *b, const adx_sem_t *s, cJSON *root)
{
    adx__jbool(b, root, "converged", s->converged);
    adx__jnum(b, root, "iterations", s->iterations);
    adx__jnum(b, root, "n", (double)s->n);
    adx__jnum(b, root, "npar", (double)s->npar);
    adx__jstr(b, root, "estimator",
              s->opt.robust == ADX_SEM_MLM ? "MLM" : s->opt.robust ? "MLR" : "ML");
    adx__jstr(b, root, "se", s->opt.robust == ADX_SEM_MLM ? "robust.sem"
                             : s->opt.robust              ? "robust.huber.white"
                             : s->opt.observed_info ? "observed information"
                                                    : "expected information");
    adx__jnum(b, root, "heywood_cases", s->heywood);
    adx__jbool(b, root, "latent_cov_not_pd", s->not_pd);
    fit_json(b, adx__jobj(b, root, "fit"), &s->fit);
}

adx_error_t adx_report_sem(const adx_sem_t *s, const char *title, adx_report_t **out,
                           adx_errctx_t *ctx)
{
    return adx_report_sem_data(s, title, NULL, out, ctx);
}

adx_error_t adx_report_sem_data(const adx_sem_t *s, const char *title, const adx_dataset_t *ds,
                                adx_report_t **out, adx_errctx_t *ctx)
{
    return adx_report_sem_view(s, title, ds, ADX_DIAGRAM_AUTO, out, ctx);
}

adx_error_t adx_report_sem_view(const adx_sem_t *s, const char *title, const adx_dataset_t *ds,
                                adx_diagram_view_t view, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    sem_json_header(&b, s, root);
    sem_fit_table(&b, s, title);
    sem_param_table(&b, s, title, root);
    if (s->ordinal)
        adx__report_sem_ordinal(&b, s, name_or_sem(title), root);
    if (s->boot_requested)
        sem_boot_table(&b, s, title, root);
    if (s->mi)
        sem_mi_table(&b, s, title, root);
    if (s->con_score) {
        char t[300];
        snprintf(t, sizeof t, "%s: score tests of the equality constraints", name_or_sem(title));
        adx__sem_con_score_table(&b, t, s->con_score, s->ncon_score, "total (all constraints)",
                                 (double[]){s->con_total_x2, s->con_total_df,
                                            s->con_total_pvalue},
                                 "Score (Lagrange multiplier) test of releasing each equality "
                                 "constraint alone (a line, or a later parameter of a repeated "
                                 "label from its first), the others kept, then all together: "
                                 "the expected decrease in chi-square (lavaan's lavTestScore, "
                                 "expected information; the ordinary test under MLR and MLM, "
                                 "as lavaan).",
                                 root);
    }
    sem_r2_table(&b, s, title, root);
    if (s->validity)
        sem_validity(&b, s, ds, root);
    if (s->fitted && s->ordinal)
        adx__tb_methods(&b,
                        "The %s with ordered indicators was estimated by %s on the polychoric "
                        "correlations of %zu %s (%s parameterization; robust "
                        "standard errors; mean-and-variance adjusted chi-square).",
                        title && !strcmp(title, "SEM") ? "structural equation model"
                                                       : "confirmatory factor analysis",
                        s->ordinal->uls ? "ULSMV" : "WLSMV", s->n,
                        s->opt.ordinal_pairwise ? "cases (pairwise: each from the cases with "
                                                  "both values)"
                                                : "complete cases",
                        s->opt.ordinal_theta ? "theta" : "delta");
    else if (s->fitted) {
        adx__tb_methods(&b,
                        "The %s was estimated by maximum likelihood on %zu complete cases "
                        "(standard errors from the expected information; standardized "
                        "estimates from the completely standardized solution).",
                        title && !strcmp(title, "SEM") ? "structural equation model"
                                                       : "confirmatory factor analysis",
                        s->n);
        if (!b.oom)
            adx__sem_diagram(&b, s, title, view);
    }
    return adx__tb_done(&b, out, ctx);
}
