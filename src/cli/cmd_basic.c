/* Subcommands describe, freq, corr and compute. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_stats.h"
#include "ambidex/adx_stats.h"
#include "cli.h"

static int run_describe(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0;
    adx_describe_t *d = NULL;
    adx_report_t *r = NULL;
    adx_describe_options_t o;
    adx_describe_options_init(&o);
    if (c->missing_set)
        o.missing = c->missing;
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = cli_vars(c, ds, 1, 1, &idx, &k);
    if (!rc)
        rc = adx_describe(ds, idx, k, &o, &d, &c->err);
    if (!rc)
        rc = adx_report_describe(d, &r, &c->err);
    adx_describe_free(d);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

static const cli_opt_t describe_opts[] = {{NULL, 0, NULL}};
const cli_cmd_t cli_cmd_describe = {
    "describe", "describe DATA [VARS...] [--missing pairwise|listwise]",
    "n, missing, mean, SD, min, max, skewness and kurtosis (SPSS G1/G2) with SEs",
    describe_opts, run_describe};

static int run_freq(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_freq_t *f = NULL;
    adx_report_t *r = NULL;
    if (c->npos != 2)
        return cli_usage_error(c, "give one DATA file and one VAR");
    adx_error_t rc = cli_load(c, &ds);
    size_t idx = 0;
    if (!rc)
        rc = adx_dataset_lookup(ds, &c->pos[1], 1, 0, &idx, &c->err);
    if (!rc)
        rc = adx_freq(ds, idx, &f, &c->err);
    if (!rc)
        rc = adx_report_freq(f, &r, &c->err);
    adx_freq_free(f);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

static const cli_opt_t freq_opts[] = {{NULL, 0, NULL}};
const cli_cmd_t cli_cmd_freq = {"freq", "freq DATA VAR",
                                "frequency table of a categorical variable (codes, value labels, "
                                "percent, valid and cumulative percent)",
                                freq_opts, run_freq};

static const cli_opt_t corr_opts[] = {
    {"spearman", CLI_FLAG, "Spearman rank correlations instead of Pearson"},
    {"method", CLI_VALUE, "pearson (default) or spearman"},
    {NULL, 0, NULL}};

static int run_corr(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0;
    adx_corr_t *cr = NULL;
    adx_report_t *r = NULL;
    adx_corr_options_t o;
    adx_corr_options_init(&o);
    if (c->missing_set)
        o.missing = c->missing;
    const char *m = cli_get(c, "method");
    if (cli_get(c, "spearman") || (m && !strcmp(m, "spearman")))
        o.method = ADX_SPEARMAN;
    else if (m && strcmp(m, "pearson"))
        return cli_usage_error(c, "--method takes pearson or spearman, not '%s'", m);
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = cli_vars(c, ds, 1, 1, &idx, &k);
    if (!rc && k < 2)
        rc = adx_err(&c->err, ADX_EUSAGE, "corr needs at least two numeric variables");
    if (!rc)
        rc = adx_corr(ds, idx, k, &o, &cr, &c->err);
    if (!rc)
        rc = adx_report_corr(cr, &r, &c->err);
    adx_corr_free(cr);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_corr = {
    "corr", "corr DATA VARS... [--spearman] [--missing pairwise|listwise]",
    "correlation table: means, SDs and lower-triangle r with significance stars", corr_opts,
    run_corr};

static int run_compute(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    char *text = NULL;
    size_t len = 0;
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
    const char *drop = cli_get(c, "drop");
    if (!rc && drop) {
        /* Drop the listed variables from the output (e.g. helper variables). */
        char *list = strdup(drop);
        if (!list)
            rc = adx_err(&c->err, ADX_ENOMEM, "out of memory");
        for (char *tok = list ? strtok(list, ", ") : NULL; !rc && tok; tok = strtok(NULL, ", ")) {
            size_t idx;
            const char *nm = tok;
            if (!(rc = adx_dataset_lookup(ds, &nm, 1, 0, &idx, &c->err)))
                adx_dataset_drop(ds, idx);
        }
        free(list);
    }
    if (!rc)
        rc = adx_dataset_to_csv(ds, &text, &len, &c->err);
    if (!rc) {
        if (c->out)
            rc = adx_write_atomic(c->out, text, len, &c->err);
        else if (fwrite(text, 1, len, stdout) != len)
            rc = adx_err(&c->err, ADX_EIO, "cannot write to standard output");
    }
    free(text);
    adx_dataset_free(ds);
    return rc ? cli_fail(c, rc) : 0;
}

static const cli_opt_t compute_opts[] = {
    {"drop", CLI_VALUE, "variables to leave out of the output, e.g. --drop tmp1,tmp2"},
    {NULL, 0, NULL}};
const cli_cmd_t cli_cmd_compute = {
    "compute", "compute DATA \"NAME = EXPR\"... [--drop VARS] [-o OUT.csv]",
    "new variables (mean, sum, rev, center, z, log, abs, + - * /) written with the data as CSV",
    compute_opts, run_compute};
