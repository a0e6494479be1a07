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
    adx__tb_methods(&b, "Power was computed in closed form (%s test, alpha = %g).",
                    adx_power_test_name(o->test), o->alpha);
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

/* Power against N for the first effect, with a band of 2 MC SEs and the target. */
static void power_curve(adx__tb_t *b, const adx_pmed_options_t *o, const adx_pmed_t *r)
{
    size_t m = r->ncond;
    double *v = malloc(sizeof *v * 4 * (m ? m : 1));
    if (!v || m < 2) {
        free(v);
        return;
    }
    double *x = v, *p = v + m, *lo = v + 2 * m, *hi = v + 3 * m;
    for (size_t i = 0; i < m; i++) {
        x[i] = (double)r->cond[i].n;
        p[i] = r->cond[i].power[0];
        lo[i] = fmax(0.0, p[i] - 2 * r->cond[i].mc_se[0]);
        hi[i] = fmin(1.0, p[i] + 2 * r->cond[i].mc_se[0]);
    }
    adx_series_t ss[3] = {{"Power", x, p, m, 0, 1, 0},
                          {"+/- 2 MC SE", x, lo, m, 1, 0, 0},
                          {NULL, x, hi, m, 1, 0, 2}};
    adx_plot_options_t po;
    adx_plot_options_init(&po);
    po.xlabel = "N";
    po.ylabel = "Power";
    po.hline = o->target > 0 ? o->target : NAN;
    char *svg = NULL, cap[256];
    adx_errctx_t local = {0};
    if (adx_plot_lines(ss, 3, &po, &svg, &local) == ADX_OK) {
        snprintf(cap, sizeof cap, "Power of the %s test of %s against N (%zu replications each), "
                 "with a band of 2 Monte Carlo SEs%s.", adx_pmed_test_name(o->test),
                 r->effect[0], o->reps, o->target > 0 ? " and the target power" : "");
        adx__tb_flush(b);
        adx__tb_figure(b, svg, cap, NULL);
    }
    free(svg);
    free(v);
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
    power_curve(&b, o, r);
    adx__tb_methods(&b, "Power was estimated by Monte Carlo simulation (%zu replications per "
                    "sample size, %s test, alpha = %g).", o->reps, adx_pmed_test_name(o->test),
                    o->alpha);
    return adx__tb_done(&b, out, ctx);
}
