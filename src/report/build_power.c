/* Report builders for power analyses. JSON keys: docs/power.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_power.h"
#include "builder.h"

/* The inputs of a closed-form test: JSON key (also the option name) and value. */
static size_t closed_inputs(const adx_power_options_t *o, adx_jf_t *f)
{
    static const char *effect[] = {"f2", "r", "d", "f", "w", ""};
    size_t n = 0;
    if (o->test != ADX_POWER_RMSEA)
        f[n++] = (adx_jf_t){effect[o->test], o->effect};
    if (o->test == ADX_POWER_REGRESS) {
        f[n++] = (adx_jf_t){"predictors", o->predictors};
        f[n++] = (adx_jf_t){"tested", o->tested > 0 ? o->tested : o->predictors};
    }
    if (o->test == ADX_POWER_ANOVA)
        f[n++] = (adx_jf_t){"groups", o->groups};
    if (o->test == ADX_POWER_CHISQ || o->test == ADX_POWER_RMSEA)
        f[n++] = (adx_jf_t){"df", o->df};
    if (o->test == ADX_POWER_RMSEA) {
        f[n++] = (adx_jf_t){"rmsea0", o->rmsea0};
        f[n++] = (adx_jf_t){"rmsea1", o->rmsea1};
    }
    f[n++] = (adx_jf_t){"alpha", o->alpha};
    return n;
}

static void closed_row(adx__tb_t *b, const char *label, double v, adx_numfmt_t fmt, int dec)
{
    size_t i = adx__tb_row(b);
    adx__tb_text(b, i, 0, label);
    adx__tb_num(b, i, 1, v, fmt, dec);
}

static const char *closed_title(adx_power_test_t t)
{
    static const char *titles[] = {
        "Power of the F test of R-squared (change)",
        "Power of the test of a correlation (two-sided, pwr.r.test)",
        "Power of the t test of two independent groups (two-sided, n per group)",
        "Power of the one-way ANOVA F test (n per group)",
        "Power of the chi-square test",
        "Power of the RMSEA test (MacCallum, Browne & Sugawara, 1996)"};
    return titles[t];
}

/* The methods sentence of a closed-form test: the test, its reference and effect, and
 * the answer (the N for the target, or the power at N). */
static void closed_methods(adx__tb_t *b, const adx_power_options_t *o,
                           const adx_power_result_t *r)
{
    char what[256];
    int q = o->tested > 0 ? o->tested : o->predictors;
    switch (o->test) {
    case ADX_POWER_REGRESS:
        snprintf(what, sizeof what, "the F test of %d of %d predictors in a linear regression "
                 "(f2 = %g; noncentral F with %s)", q, o->predictors, o->effect,
                 o->ncp_rule == ADX_NCP_PWR ? "lambda = f2 (df1 + df2 + 1), as pwr.f2.test"
                                            : "lambda = f2 N, as G*Power");
        break;
    case ADX_POWER_CORR:
        snprintf(what, sizeof what, "the two-sided test of a correlation (r = %g; Fisher's z, "
                 "as pwr.r.test)", o->effect);
        break;
    case ADX_POWER_TTEST:
        snprintf(what, sizeof what, "the two-sided t test of two independent groups (d = %g; "
                 "noncentral t)", o->effect);
        break;
    case ADX_POWER_ANOVA:
        snprintf(what, sizeof what, "the one-way ANOVA of %d groups (f = %g; noncentral F)",
                 o->groups, o->effect);
        break;
    case ADX_POWER_CHISQ:
        snprintf(what, sizeof what, "the chi-square test with %g df (w = %g; noncentral "
                 "chi-square)", o->df, o->effect);
        break;
    default:
        snprintf(what, sizeof what, "the RMSEA test of %s fit (H0: RMSEA %s %g against %g, "
                 "df = %g; MacCallum, Browne & Sugawara, 1996)",
                 o->rmsea0 == 0 ? "exact" : o->rmsea1 > o->rmsea0 ? "close" : "not-close",
                 o->rmsea1 > o->rmsea0 ? "<=" : ">=", o->rmsea0, o->rmsea1, o->df);
    }
    const char *unit = o->test == ADX_POWER_TTEST || o->test == ADX_POWER_ANOVA
                           ? " per group" : "";
    if (r->solved)
        adx__tb_methods(b, "Power of %s was computed in closed form at alpha = %g: the smallest "
                        "sample with power of at least %.2f is N = %.0f%s (power %.3f).", what,
                        o->alpha, o->target, r->n, unit, r->power);
    else
        adx__tb_methods(b, "Power of %s was computed in closed form at alpha = %g: N = %.0f%s "
                        "gives power %.3f.", what, o->alpha, r->n, unit, r->power);
}

adx_error_t adx_report_power_closed(const adx_power_options_t *o, const adx_power_result_t *r,
                                    adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Quantity", "Value"};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "test", adx_power_test_name(o->test));
    adx_jf_t in[8];
    size_t nin = closed_inputs(o, in);
    adx__jfields(&b, root, in, nin);
    if (o->test == ADX_POWER_REGRESS)
        adx__jstr(&b, root, "ncp_rule", o->ncp_rule == ADX_NCP_PWR ? "pwr" : "gpower");
    if (r->solved)
        adx__jnum(&b, root, "target", o->target);
    const adx_jf_t res[] = {{"n", r->n},     {"power", r->power},       {"df1", r->df1},
                            {"df2", r->df2}, {"ncp", r->ncp},           {"critical", r->critical}};
    adx__jfields(&b, root, res, ADX_NELEM(res));
    if (o->test == ADX_POWER_RMSEA)
        adx__jnum(&b, root, "ncp0", r->ncp0);
    adx__tb_table(&b, closed_title(o->test), 2, cols);
    for (size_t k = 0; k < nin; k++) {
        int whole = !strcmp(in[k].key, "predictors") || !strcmp(in[k].key, "tested") ||
                    !strcmp(in[k].key, "groups") || !strcmp(in[k].key, "df");
        closed_row(&b, in[k].key, in[k].v, whole ? ADX_NUM_INT : ADX_NUM_FIXED, 4);
    }
    if (r->solved)
        closed_row(&b, "target power", o->target, ADX_NUM_FIXED, 4);
    int per_group = o->test == ADX_POWER_TTEST || o->test == ADX_POWER_ANOVA;
    closed_row(&b, per_group ? "N per group" : "N", r->n, ADX_NUM_INT, 0);
    closed_row(&b, "power", r->power, ADX_NUM_FIXED, 4);
    closed_row(&b, "critical value", r->critical, ADX_NUM_FIXED, 4);
    if (o->test != ADX_POWER_CORR)
        closed_row(&b, "noncentrality", r->ncp, ADX_NUM_FIXED, 4);
    if (r->solved)
        adx__tb_note(&b, "N is the smallest whole number of %s with power of at least %.2f.",
                     per_group ? "cases per group" : "cases", o->target);
    if (o->test == ADX_POWER_REGRESS && o->ncp_rule == ADX_NCP_PWR)
        adx__tb_note(&b, "Noncentrality f2 (df1 + df2 + 1), as pwr.f2.test (not G*Power's f2 N).");
    closed_methods(&b, o, r);
    return adx__tb_done(&b, out, ctx);
}

static void pmed_inputs(adx__tb_t *b, cJSON *root, const adx_pmed_options_t *o,
                        const adx_pmed_t *r)
{
    adx__jstr(b, root, "test", adx_pmed_test_name(o->test));
    const adx_jf_t f[] = {{"model", o->model},   {"reps", (double)o->reps},
                          {"alpha", o->alpha},   {"seed", (double)o->seed},
                          {"cprime", o->cprime}};
    adx__jfields(b, root, f, ADX_NELEM(f));
    adx__jadd(b, root, "a", adx__jdoubles(o->a, o->k));
    adx__jadd(b, root, "b", adx__jdoubles(o->b, o->model == 6 ? 2 : o->k));
    if (o->model == 6)
        adx__jnum(b, root, "d21", o->d21);
    if (o->model == 7 || o->model == 14) {
        adx__jnum(b, root, "w_main", o->w_main);
        adx__jnum(b, root, "w_effect", o->w_effect);
    }
    adx__jbool(b, root, "standardized", o->standardized);
    adx__jbool(b, root, "warp", o->warp);
    if (o->test == ADX_PTEST_PERCENTILE || o->test == ADX_PTEST_BC)
        adx__jnum(b, root, "boot", o->warp ? 1.0 : (double)o->boot);
    if (o->test == ADX_PTEST_MC)
        adx__jnum(b, root, "mc_draws", (double)o->mc_draws);
    cJSON *eff = adx__jarray(b, root, "effects");
    for (size_t f2 = 0; f2 < r->neff; f2++) {
        cJSON *e = adx__jobj(b, eff, NULL);
        adx__jstr(b, e, "effect", r->effect[f2]);
        adx__jnum(b, e, "population", r->pop[f2]);
    }
}

/* Condition i of a run: its N, the power of the first effect and its MC SE. */
typedef void (*curve_get_t)(const void *run, size_t i, double *n, double *p, double *se);

/* Power against N for the m conditions of run, with a band of 2 MC SEs and the
 * target line when target > 0. */
static void power_curve(adx__tb_t *b, const void *run, size_t m, curve_get_t get,
                        double target, const char *caption, size_t reps)
{
    double *v = m >= 2 ? malloc(sizeof *v * 4 * m) : NULL;
    if (!v)
        return;
    double *n = v, *p = v + m, *lo = v + 2 * m, *hi = v + 3 * m;
    for (size_t i = 0; i < m; i++) {
        double se;
        get(run, i, &n[i], &p[i], &se);
        lo[i] = fmax(0.0, p[i] - 2 * se);
        hi[i] = fmin(1.0, p[i] + 2 * se);
    }
    adx_series_t ss[3] = {{"Power", n, p, m, 0, 1, 0},
                          {"+/- 2 MC SE", n, lo, m, 1, 0, 0},
                          {NULL, n, hi, m, 1, 0, 2}};
    adx_plot_options_t po;
    adx_plot_options_init(&po);
    po.xlabel = "N";
    po.ylabel = "Power";
    po.hline = target > 0 ? target : NAN;
    char *svg = NULL;
    adx_errctx_t local = {0};
    if (adx_plot_lines(ss, 3, &po, &svg, &local) == ADX_OK) {
        adx__tb_flush(b);
        adx__tb_figure(b, svg, caption, NULL);
        adx__tb_figure_note(b, "Monte Carlo power at each N (%zu replications); the dashed "
                               "lines are a band of 2 Monte Carlo SEs%s.", reps,
                            target > 0 ? "; the horizontal line is the target power" : "");
    }
    free(svg);
    free(v);
}

static void pmed_get(const void *run, size_t i, double *n, double *p, double *se)
{
    const adx_pmed_cond_t *c = &((const adx_pmed_t *)run)->cond[i];
    *n = (double)c->n;
    *p = c->power[0];
    *se = c->mc_se[0];
}

/* The curve of the first effect of a mediation run. */
static void pmed_curve(adx__tb_t *b, const adx_pmed_options_t *o, const adx_pmed_t *r)
{
    char cap[256];
    snprintf(cap, sizeof cap, "Power of the %s test of %s against N", adx_pmed_test_name(o->test),
             r->effect[0]);
    power_curve(b, r, r->ncond, pmed_get, o->target, cap, o->reps);
}

/* "a = 0.39, b = 0.39, c' = 0.14": the population paths of a mediation run. */
static void pmed_paths(const adx_pmed_options_t *o, char *buf, size_t size)
{
    size_t nb = o->model == 6 ? 2 : o->k, len = 0;
    const double *v[2] = {o->a, o->b};
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; i < (j ? nb : o->k) && len < size; i++)
            len += (size_t)snprintf(buf + len, size - len, "%s%g",
                                    i ? ", " : j ? "; b = " : "a = ", v[j][i]);
    if (len < size && o->model == 6)
        len += (size_t)snprintf(buf + len, size - len, "; d21 = %g", o->d21);
    if (len < size && (o->model == 7 || o->model == 14))
        len += (size_t)snprintf(buf + len, size - len, "; %s = %g", o->model == 7 ? "X*W -> M"
                                : "M*W -> Y", o->w_effect);
    if (len < size)
        snprintf(buf + len, size - len, "; c' = %g", o->cprime);
}

/* The methods sentence of a mediation run: the test, the population, the design. */
static void pmed_methods(adx__tb_t *b, const adx_pmed_options_t *o, const adx_pmed_t *r)
{
    char test[160], paths[400], found[96] = "";
    switch (o->test) {
    case ADX_PTEST_JOINT: snprintf(test, sizeof test, "joint significance test"); break;
    case ADX_PTEST_SOBEL: snprintf(test, sizeof test, "Sobel test"); break;
    case ADX_PTEST_MC:
        snprintf(test, sizeof test, "Monte Carlo confidence interval (%zu draws)", o->mc_draws);
        break;
    default:
        if (o->warp)
            snprintf(test, sizeof test, "percentile bootstrap by the warp-speed method "
                     "(Giacomini, Politis & White, 2013)");
        else
            snprintf(test, sizeof test, "%s bootstrap (%zu resamples)",
                     o->test == ADX_PTEST_BC ? "bias-corrected" : "percentile", o->boot);
    }
    pmed_paths(o, paths, sizeof paths);
    if (o->target > 0 && r->n_for_target > 0)
        snprintf(found, sizeof found, "; power of at least %.2f from N = %g", o->target,
                 r->n_for_target);
    adx__tb_methods(b, "Power of the %s of the indirect effect in PROCESS model %d (population "
                    "paths %s; %s) was estimated by Monte Carlo simulation, %zu replications "
                    "per sample size at alpha = %g%s.", test, o->model, paths,
                    o->standardized ? "standardized variables"
                                    : "X and residuals standard normal",
                    o->reps, o->alpha, found);
}

adx_error_t adx_report_power_mediate(const adx_pmed_options_t *o, const adx_pmed_t *r,
                                     adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    pmed_inputs(&b, root, o, r);
    const char *names[2 + 2 * ADX_PMED_MAXEFF];
    char hdr[ADX_PMED_MAXEFF][40];
    size_t nc = 0;
    names[nc++] = "N";
    for (size_t f = 0; f < r->neff; f++) {
        snprintf(hdr[f], sizeof hdr[f], "Power %s", r->effect[f]);
        names[nc++] = hdr[f];
        names[nc++] = "MC SE";
    }
    char title[160];
    snprintf(title, sizeof title, "Monte Carlo power of the indirect effects (PROCESS model %d, "
             "%s test)", o->model, adx_pmed_test_name(o->test));
    adx__tb_table(&b, title, nc, names);
    cJSON *arr = adx__jarray(&b, root, "conditions");
    for (size_t i = 0; i < r->ncond; i++) {
        const adx_pmed_cond_t *c = &r->cond[i];
        size_t row = adx__tb_row(&b);
        adx__tb_int(&b, row, 0, (double)c->n);
        cJSON *o1 = adx__jobj(&b, arr, NULL);
        const adx_jf_t f[] = {{"n", (double)c->n}, {"power", c->power[0]},
                              {"mc_se", c->mc_se[0]}, {"failed", (double)c->failed}};
        adx__jfields(&b, o1, f, ADX_NELEM(f));
        adx__jadd(&b, o1, "power_by_effect", adx__jdoubles(c->power, r->neff));
        adx__jadd(&b, o1, "mc_se_by_effect", adx__jdoubles(c->mc_se, r->neff));
        adx__jadd(&b, o1, "mean_by_effect", adx__jdoubles(c->mean, r->neff));
        for (size_t e = 0; e < r->neff; e++) {
            adx__tb_num(&b, row, 1 + 2 * e, c->power[e], ADX_NUM_FIXED, 3);
            adx__tb_num(&b, row, 2 + 2 * e, c->mc_se[e], ADX_NUM_FIXED, 3);
        }
    }
    if (o->target > 0) {
        adx__jnum(&b, root, "target", o->target);
        adx__jnum(&b, root, "n_for_target", r->n_for_target > 0 ? r->n_for_target : NAN);
        if (r->n_for_target > 0)
            adx__tb_note(&b, "The smallest N with power of at least %.2f for %s: %g (grid, then "
                         "bisection).", o->target, r->effect[0], r->n_for_target);
        else
            adx__tb_note(&b, "Power %.2f for %s is not reached on the grid.", o->target,
                         r->effect[0]);
    }
    adx__tb_note(&b, "%zu replications per N, seed %llu; MC SE = sqrt(p (1 - p) / reps).",
                 o->reps, (unsigned long long)o->seed);
    pmed_curve(&b, o, r);
    pmed_methods(&b, o, r);
    return adx__tb_done(&b, out, ctx);
}

static void psem_get(const void *run, size_t i, double *n, double *p, double *se)
{
    const adx_psem_cond_t *c = &((const adx_psem_t *)run)->cond[i];
    *n = (double)c->n;
    *p = c->power[0];
    *se = c->mc_se[0];
}

/* power sem: the parameter table (per N and parameter) and its JSON. */
static void psem_params(adx__tb_t *b, cJSON *root, const adx_psem_options_t *o,
                        const adx_psem_t *r)
{
    static const char *cols[] = {"N", "Parameter", "Population", "Mean", "Rel. bias",
                                 "Coverage", "Power", "MC SE"};
    char title[96];
    snprintf(title, sizeof title, "Monte Carlo power of the parameters (%zu replications per N)",
             o->reps);
    adx__tb_table(b, title, ADX_NELEM(cols), cols);
    cJSON *arr = adx__jarray(b, root, "conditions");
    for (size_t i = 0; i < r->ncond; i++) {
        const adx_psem_cond_t *c = &r->cond[i];
        cJSON *co = adx__jobj(b, arr, NULL);
        const adx_jf_t f[] = {
            {"n", (double)c->n}, {"converged", (double)c->converged},
            {"convergence_rate", (double)c->converged / (double)o->reps},
            {"cfi_ok", c->cfi_ok}, {"rmsea_ok", c->rmsea_ok}, {"chisq_reject", c->chisq_reject},
            {"mean_chisq", c->mean_chisq}, {"mean_cfi", c->mean_cfi},
            {"mean_rmsea", c->mean_rmsea}, {"mean_srmr", c->mean_srmr}};
        adx__jfields(b, co, f, ADX_NELEM(f));
        cJSON *pa = adx__jarray(b, co, "parameters");
        for (size_t k = 0; k < r->npar; k++) {
            cJSON *po = adx__jobj(b, pa, NULL);
            adx__jstr(b, po, "parameter", r->name[k]);
            adx__jstr(b, po, "label", r->label[k]);
            const double v[] = {c->power[k], c->mc_se[k], c->mean[k], c->rel_bias[k],
                                c->coverage[k]};
            const adx_jf_t g[] = {{"power", v[0]}, {"mc_se", v[1]}, {"mean", v[2]},
                                  {"rel_bias", v[3]}, {"coverage", v[4]}};
            adx__jfields(b, po, g, ADX_NELEM(g));
            size_t row = adx__tb_row(b);
            adx__tb_int(b, row, 0, (double)c->n);
            char nm[160];
            snprintf(nm, sizeof nm, "%s%s%s%s", r->name[k], r->label[k][0] ? " (" : "",
                     r->label[k], r->label[k][0] ? ")" : "");
            adx__tb_text(b, row, 1, nm);
            adx__tb_num(b, row, 2, r->pop[k], ADX_NUM_FIXED, 3);
            adx__tb_num(b, row, 3, v[2], ADX_NUM_FIXED, 3);
            adx__tb_num(b, row, 4, v[3], ADX_NUM_FIXED, 3);
            adx__tb_num(b, row, 5, v[4], ADX_NUM_FIXED, 3);
            adx__tb_num(b, row, 6, v[0], ADX_NUM_FIXED, 3);
            adx__tb_num(b, row, 7, v[1], ADX_NUM_FIXED, 3);
        }
    }
}

/* power sem: the fit table (per N). */
static void psem_fit(adx__tb_t *b, const adx_psem_options_t *o, const adx_psem_t *r)
{
    char c1[40], c2[40];
    snprintf(c1, sizeof c1, "CFI >= %.2f", o->cfi_cut);
    snprintf(c2, sizeof c2, "RMSEA <= %.2f", o->rmsea_cut);
    const char *cols[] = {"N", "Converged", c1, c2, "Chi2 rejects", "Mean chi2", "Mean CFI",
                          "Mean RMSEA", "Mean SRMR"};
    char title[96];
    snprintf(title, sizeof title, "Convergence and fit of the analysis model (df = %g)", r->df);
    adx__tb_table(b, title, ADX_NELEM(cols), cols);
    for (size_t i = 0; i < r->ncond; i++) {
        const adx_psem_cond_t *c = &r->cond[i];
        size_t row = adx__tb_row(b);
        adx__tb_int(b, row, 0, (double)c->n);
        const double v[] = {(double)c->converged / (double)o->reps, c->cfi_ok, c->rmsea_ok,
                            c->chisq_reject, c->mean_chisq, c->mean_cfi, c->mean_rmsea,
                            c->mean_srmr};
        for (size_t j = 0; j < ADX_NELEM(v); j++)
            adx__tb_num(b, row, 1 + j, v[j], ADX_NUM_FIXED, j == 4 ? 2 : 3);
    }
}

adx_error_t adx_report_power_sem(const adx_psem_options_t *o, const adx_psem_t *r,
                                 adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jstr(&b, root, "test", "sem");
    const adx_jf_t f[] = {{"reps", (double)o->reps}, {"alpha", o->alpha},
                          {"seed", (double)o->seed}, {"likert", o->likert},
                          {"missing", o->missing}, {"df", r->df}};
    adx__jfields(&b, root, f, ADX_NELEM(f));
    cJSON *pa = adx__jarray(&b, root, "parameters");
    for (size_t k = 0; k < r->npar; k++) {
        cJSON *p = adx__jobj(&b, pa, NULL);
        adx__jstr(&b, p, "parameter", r->name[k]);
        adx__jstr(&b, p, "label", r->label[k]);
        adx__jnum(&b, p, "population", r->pop[k]);
    }
    psem_params(&b, root, o, r);
    adx__tb_note(&b, "Power: share of converged replications with p < %g; coverage: share of "
                 "%g%% Wald intervals holding the population value (the analysis model fitted "
                 "to the population matrix); MC SE = sqrt(p (1 - p) / converged).", o->alpha,
                 100 * (1 - o->alpha));
    psem_fit(&b, o, r);
    if (r->npar) {
        char cap[256];
        snprintf(cap, sizeof cap, "Power of %s against N", r->name[0]);
        power_curve(&b, r, r->ncond, psem_get, 0, cap, o->reps);
    }
    adx__tb_methods(&b, "Power of the parameters of the structural equation model was "
                    "estimated by Monte Carlo simulation (as simsem): %zu replications per "
                    "sample size, data drawn from the population model%s%s, the analysis model "
                    "fitted by maximum likelihood, Wald tests at alpha = %g.", o->reps,
                    o->likert > 1 ? " and cut into Likert categories" : "",
                    o->missing > 0 ? " with values missing completely at random (listwise "
                                     "deletion)" : "", o->alpha);
    return adx__tb_done(&b, out, ctx);
}
