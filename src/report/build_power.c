/* Report builders for power analyses. JSON keys: docs/power.md. */
#include <stdio.h>
#include <string.h>

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
