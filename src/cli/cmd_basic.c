/* Subcommands describe, freq, corr and compute. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_stats.h"
#include "ambidex/adx_stats.h"
#include "cli.h"

CLI_ANALYSIS(describe, adx_describe_options_t, adx_describe_t, adx_describe_free,
             adx_describe(d->ds, d->idx, d->k, a, &res, &c->err),
             adx_report_describe(res, r, &c->err))

enum { DESC_NORMALITY, DESC_PATTERNS, DESC_NOPTS };
static const cli_opt_t describe_opts[] = {
    [DESC_NORMALITY] = {"normality", CLI_FLAG, "Shapiro-Wilk and Kolmogorov-Smirnov "
                                               "(Lilliefors) tests of normality"},
    [DESC_PATTERNS] = {"missing-patterns", CLI_FLAG, "missing-data patterns and Little's MCAR "
                                                     "test"},
    [DESC_NOPTS] = {NULL, 0, NULL}};

static int run_describe(cli_t *c)
{
    adx_describe_options_t o;
    adx_describe_options_init(&o);
    o.missing = cli_missing(c, o.missing);
    o.normality = cli_has(c, DESC_NORMALITY);
    o.missing_patterns = cli_has(c, DESC_PATTERNS);
    return cli_run(c, 1, 1, describe, &o);
}

const cli_cmd_t cli_cmd_describe = {
    .name = "describe",
    .usage = "describe DATA [VARS...] [--missing pairwise|listwise] [--normality] "
             "[--missing-patterns]",
    .summary = "n, missing, mean, SD, min, max, skewness and kurtosis (SPSS G1/G2) with SEs; "
               "tests of normality; missing-data patterns and Little's MCAR test",
    CLI_OPTS(describe_opts), .run = run_describe};

/* The frequencies of the variable named by the second positional argument. */
static adx_error_t freq_of(cli_t *c, const cli_data_t *d, adx_freq_t **f)
{
    size_t var = 0;
    adx_error_t rc = adx_dataset_lookup(d->ds, &c->pos[1], 1, 0, &var, &c->err);
    return rc ? rc : adx_freq(d->ds, var, f, &c->err);
}

CLI_ANALYSIS(freq, void, adx_freq_t, adx_freq_free, freq_of(c, d, &res),
             adx_report_freq(res, r, &c->err))

const cli_cmd_t cli_cmd_freq = {.name = "freq", .usage = "freq DATA VAR",
                                .summary = "frequency table of a categorical variable (codes, "
                                           "value labels, percent, valid and cumulative percent)",
                                .run = cli_run_positional, .analyse = freq, .npos = 2,
                                .npos_msg = "give one DATA file and one VAR"};

enum { CORR_SPEARMAN, CORR_POLYCHORIC, CORR_METHOD, CORR_MARKER, CORR_MARKER_R, CORR_ORDERED,
       CORR_NOPTS };
static const cli_choice_t corr_methods[] = {
    {"pearson", ADX_PEARSON}, {"spearman", ADX_SPEARMAN}, {"polychoric", ADX_POLYCHORIC},
    {NULL, 0}};
static const cli_opt_t corr_opts[] = {
    [CORR_SPEARMAN] = {"spearman", CLI_FLAG, "Spearman rank correlations instead of Pearson"},
    [CORR_POLYCHORIC] = {"polychoric", CLI_FLAG,
                         "polychoric (tetrachoric) correlations of ordered categories, with "
                         "thresholds (lavaan lavCor; listwise)"},
    [CORR_METHOD] = {"method", CLI_CHOICE, "pearson (default), spearman or polychoric",
                     .choices = corr_methods},
    [CORR_MARKER] = {"marker", CLI_STRING, "marker variable: add the Lindell-Whitney "
                                           "adjustment for common-method variance"},
    [CORR_MARKER_R] = {"marker-r", CLI_REAL, "r_M of the adjustment (default: the smallest "
                                             "positive correlation of the marker)", .lo = 0,
                       .hi = 1, .flags = CLI_OPEN_HI},
    [CORR_ORDERED] = {"ordered", CLI_LIST, "with --polychoric (implied): only these variables "
                                           "are ordered, the others continuous (polyserial "
                                           "correlations; lavaan lavCor(ordered = ...))"},
    [CORR_NOPTS] = {NULL, 0, NULL}};

/* The arguments of corr: the options and the marker variable (or NULL). */
typedef struct {
    adx_corr_options_t o;
    adx_marker_options_t mo;
    const char *marker;
    const char *const *ordered; /* --ordered names, or NULL */
    size_t nordered;
} corr_args_t;

/* --ordered: flags of the continuous variables among idx; an unknown name is an error. */
static adx_error_t continuous_flags(cli_t *c, const corr_args_t *a, const adx_dataset_t *ds,
                                    const size_t *idx, size_t k, unsigned char *num)
{
    for (size_t i = 0; i < a->nordered; i++) {
        size_t j = 0;
        while (j < k && strcmp(ds->vars[idx[j]].name, a->ordered[i]))
            j++;
        if (j == k)
            return adx_err(&c->err, ADX_EUSAGE, "--ordered: '%s' is not one of the variables",
                           a->ordered[i]);
    }
    for (size_t j = 0; j < k; j++) {
        num[j] = 1;
        for (size_t i = 0; i < a->nordered; i++)
            if (!strcmp(ds->vars[idx[j]].name, a->ordered[i]))
                num[j] = 0;
    }
    return ADX_OK;
}

/* corr [--marker]: the marker joins the variables when the list lacks it. */
static adx_error_t corr(cli_t *c, const cli_data_t *d, const void *opts, adx_report_t **r)
{
    const corr_args_t *a = opts;
    size_t k = d->k, *idx = d->idx, *with = NULL;
    long mk = a->marker ? adx_dataset_find(d->ds, a->marker) : -1;
    if (a->marker && mk < 0)
        return adx_err(&c->err, ADX_ENOVAR, "--marker %s: no such variable", a->marker);
    for (size_t j = 0; mk >= 0 && j < k && idx[j] != (size_t)mk;)
        if (++j == k) {
            if (!(with = malloc((k + 1) * sizeof *with)))
                return adx_oom(&c->err);
            memcpy(with, idx, k * sizeof *with);
            with[k++] = (size_t)mk;
            idx = with;
        }
    adx_corr_t *res = NULL;
    adx_marker_t *m = NULL;
    adx_corr_options_t o = a->o;
    unsigned char *num = a->ordered ? malloc(k + 1) : NULL;
    adx_error_t rc = a->ordered && !num ? adx_oom(&c->err) : ADX_OK;
    if (!rc && num && !(rc = continuous_flags(c, a, d->ds, idx, k, num)))
        o.numeric = num;
    if (!rc)
        rc = k < 2 ? adx_err(&c->err, ADX_EUSAGE, "corr needs at least two numeric variables")
                   : adx_corr(d->ds, idx, k, &o, &res, &c->err);
    if (!rc && a->marker)
        rc = adx_marker(res, a->marker, &a->mo, &m, &c->err);
    if (!rc)
        rc = adx_report_corr(res, r, &c->err);
    if (!rc && m)
        rc = adx_report_add_marker(*r, m, &c->err);
    adx_marker_free(m);
    adx_corr_free(res);
    free(with);
    free(num);
    return rc;
}

static int run_corr(cli_t *c)
{
    corr_args_t a = {.marker = cli_str(c, CORR_MARKER)};
    adx_corr_options_init(&a.o);
    adx_marker_options_init(&a.mo);
    a.o.missing = cli_missing(c, a.o.missing);
    a.o.method = cli_has(c, CORR_SPEARMAN)     ? ADX_SPEARMAN
                 : cli_has(c, CORR_POLYCHORIC) ? ADX_POLYCHORIC
                                               : cli_choice(c, CORR_METHOD, a.o.method);
    a.mo.r_m = cli_num(c, CORR_MARKER_R, a.mo.r_m);
    if (cli_has(c, CORR_ORDERED)) {
        a.nordered = cli_list(c, CORR_ORDERED, &a.ordered);
        if (cli_has(c, CORR_SPEARMAN) || (cli_has(c, CORR_METHOD) && a.o.method != ADX_POLYCHORIC))
            return cli_usage_error(c, "--ordered goes with --polychoric (lavCor(ordered = ...))");
        a.o.method = ADX_POLYCHORIC;
    }
    if (cli_has(c, CORR_MARKER_R) && !a.marker)
        return cli_usage_error(c, "--marker-r needs --marker VAR");
    return cli_run(c, 1, 1, corr, &a);
}

const cli_cmd_t cli_cmd_corr = {
    .name = "corr", .usage = "corr DATA VARS... [--spearman|--polychoric [--ordered VARS]] "
             "[--missing pairwise|listwise] [--marker VAR [--marker-r R]]",
    .summary = "correlation table: means, SDs and lower-triangle r with significance stars",
    CLI_OPTS(corr_opts), .run = run_corr};

enum { COMPUTE_DROP, COMPUTE_NOPTS };
static const cli_opt_t compute_opts[] = {
    [COMPUTE_DROP] = {"drop", CLI_LIST, "variables to leave out of the output, e.g. --drop "
                                        "tmp1,tmp2", CLI_BLANKS},
    [COMPUTE_NOPTS] = {NULL, 0, NULL}};

static int run_compute(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    if (c->npos < 1)
        return cli_usage_error(c, "missing the DATA file");
    /* Positional assignments are the same as --compute ones. */
    for (size_t i = 1; i < c->npos; i++) {
        if (c->ncompute == CLI_MAX_MULTI)
            return cli_usage_error(c, "too many assignments");
        c->compute[c->ncompute++] = c->pos[i];
    }
    if (c->ncompute == 0)
        return cli_usage_error(c, "give at least one assignment, e.g. \"PERF = mean(p1,p2,p3)\"");
    adx_error_t rc = cli_load(c, &ds);
    const char *const *drop = NULL;
    size_t ndrop = cli_list(c, COMPUTE_DROP, &drop);
    /* Drop the listed variables from the output (e.g. helper variables). */
    for (size_t i = 0; !rc && i < ndrop; i++) {
        size_t idx;
        if (!(rc = adx_dataset_lookup(ds, &drop[i], 1, 0, &idx, &c->err)))
            adx_dataset_drop(ds, idx);
    }
    return cli_finish_csv(c, rc, ds);
}

const cli_cmd_t cli_cmd_compute = {
    .name = "compute", .usage = "compute DATA \"NAME = EXPR\"... [--drop VARS] [-o OUT.csv]",
    .summary = "new variables (mean, sum, rev, center, z, log, abs, + - * /) written with the "
               "data as CSV",
    CLI_OPTS(compute_opts), .run = run_compute};
