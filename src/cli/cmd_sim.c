/* `ambidex simulate`: data from a population model in lavaan syntax. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_sim.h"
#include "cli.h"

static const cli_opt_t sim_opts[] = {
    {"model", CLI_VALUE, "the population model as text instead of a MODEL file; also -e"},
    {"n", CLI_VALUE, "number of cases (default 200)"},
    {"seed", CLI_VALUE, "random seed (default 1); same seed, same data"},
    {"likert", CLI_VALUE, "indicators become 1..K categories (e.g. 7)"},
    {"likert-mean", CLI_VALUE, "category of the average respondent (default: the middle)"},
    {"likert-sd", CLI_VALUE, "categories per standard deviation (default K/5)"},
    {"missing", CLI_VALUE, "share of values missing at random, e.g. 5%"},
    {NULL, 0, NULL}};

static int parse_share(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return -1;
    if (*end == '%') {
        v /= 100;
        end++;
    }
    if (*end || !(v >= 0 && v < 1))
        return -1;
    *out = v;
    return 0;
}

static int run_simulate(cli_t *c)
{
    adx_sim_options_t o;
    adx_sim_options_init(&o);
    const char *v;
    double d;
    /* --missing is also a common option (listwise/pairwise); here it is a share,
     * so it is read from the command's own options first. */
    if ((v = cli_get(c, "n"))) {
        if (cli_parse_double(v, &d) || d < 2 || d > 1e8 || d != floor(d))
            return cli_usage_error(c, "--n takes a whole number of cases (2 or more), not '%s'", v);
        o.n = (size_t)d;
    }
    if ((v = cli_get(c, "seed"))) {
        if (cli_parse_double(v, &d) || d < 0 || d != floor(d) || d > 9e15)
            return cli_usage_error(c, "--seed takes a whole number, not '%s'", v);
        o.seed = (uint64_t)d;
    }
    if ((v = cli_get(c, "likert"))) {
        if (cli_parse_double(v, &d) || d < 2 || d > 100 || d != floor(d))
            return cli_usage_error(c, "--likert takes the number of scale points (2 to 100), not '%s'", v);
        o.likert = (int)d;
    }
    if ((v = cli_get(c, "likert-mean")) && cli_parse_double(v, &o.likert_mean))
        return cli_usage_error(c, "--likert-mean takes a number, not '%s'", v);
    if ((v = cli_get(c, "likert-sd")) && (cli_parse_double(v, &o.likert_sd) || !(o.likert_sd > 0)))
        return cli_usage_error(c, "--likert-sd takes a positive number, not '%s'", v);
    if ((v = cli_get(c, "missing")) && parse_share(v, &o.missing))
        return cli_usage_error(c, "--missing takes a share below 100%%, e.g. 5%%, not '%s'", v);
    const char *inline_model = cli_get(c, "model");
    if (c->npos != (inline_model ? 0u : 1u))
        return cli_usage_error(c, "give the MODEL file or -e \"model\"");
    char *text = inline_model ? NULL : cli_read_text(c, c->pos[0], "the model file");
    if (!inline_model && !text)
        return cli_fail(c, c->err.code);
    adx_sem_syntax_t *syn = NULL;
    adx_dataset_t *ds = NULL;
    char *csv = NULL;
    size_t len = 0;
    adx_error_t rc = adx_sem_parse(inline_model ? inline_model : text,
                                   inline_model ? "model" : c->pos[0], &syn, &c->err);
    if (!rc)
        rc = adx_simulate(syn, &o, &ds, &c->err);
    if (!rc)
        rc = adx_dataset_to_csv(ds, &csv, &len, &c->err);
    if (!rc) {
        if (c->out)
            rc = adx_write_atomic(c->out, csv, len, &c->err);
        else if (fwrite(csv, 1, len, stdout) != len)
            rc = adx_err(&c->err, ADX_EIO, "cannot write to standard output");
    }
    free(csv);
    free(text);
    adx_dataset_free(ds);
    adx_sem_syntax_free(syn);
    return rc ? cli_fail(c, rc) : 0;
}

const cli_cmd_t cli_cmd_simulate = {
    "simulate",
    "simulate MODEL | -e \"model\" [--n N] [--seed S] [--likert 7] [--missing 5%] [-o data.csv]",
    "simulate data from a population model in lavaan syntax with fixed values (planning, examples)",
    sim_opts, run_simulate};
