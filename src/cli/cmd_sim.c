/* `ambidex simulate`: data from a population model in lavaan syntax. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_sim.h"
#include "cli.h"

enum { SIM_MODEL, SIM_N, SIM_SEED, SIM_LIKERT, SIM_LIKERT_MEAN, SIM_LIKERT_SD, SIM_MISSING,
       SIM_NOPTS };
static const cli_opt_t sim_opts[] = {
    [SIM_MODEL] = {"model", CLI_STRING, "the population model as text instead of a MODEL file; "
                                        "also -e"},
    [SIM_N] = {"n", CLI_COUNT, "number of cases (default 200)", .lo = 2, .hi = 1e8},
    [SIM_SEED] = {"seed", CLI_COUNT, "random seed (default 1); same seed, same data", .lo = 0,
                  .hi = 9e15},
    [SIM_LIKERT] = {"likert", CLI_COUNT, "indicators become 1..K categories (e.g. 7)", .lo = 2,
                    .hi = 100},
    [SIM_LIKERT_MEAN] = {"likert-mean", CLI_REAL, "category of the average respondent "
                                                  "(default: the middle)",
                         .lo = -100, .hi = 200},
    [SIM_LIKERT_SD] = {"likert-sd", CLI_REAL, "categories per standard deviation (default K/5)",
                       CLI_OPEN_LO, .lo = 0, .hi = 100},
    /* --missing is also a common option (listwise/pairwise); here it is a share,
     * and the command's own options come first. */
    [SIM_MISSING] = {"missing", CLI_SHARE, "share of values missing at random, e.g. 5%"},
    [SIM_NOPTS] = {NULL, 0, NULL}};

static int run_simulate(cli_t *c)
{
    adx_sim_options_t o;
    adx_sim_options_init(&o);
    o.n = cli_count(c, SIM_N, o.n);
    o.seed = (uint64_t)cli_num(c, SIM_SEED, (double)o.seed);
    o.likert = (int)cli_count(c, SIM_LIKERT, (size_t)o.likert);
    o.likert_mean = cli_num(c, SIM_LIKERT_MEAN, o.likert_mean);
    o.likert_sd = cli_num(c, SIM_LIKERT_SD, o.likert_sd);
    o.missing = cli_num(c, SIM_MISSING, o.missing);
    const char *inline_model = cli_str(c, SIM_MODEL);
    if (c->npos != (inline_model ? 0u : 1u))
        return cli_usage_error(c, "give the MODEL file or -e \"model\"");
    char *text = inline_model ? NULL : cli_read_text(c, c->pos[0], "model file");
    if (!inline_model && !text)
        return cli_fail(c, c->err.code);
    adx_sem_syntax_t *syn = NULL;
    adx_dataset_t *ds = NULL;
    adx_error_t rc = adx_sem_parse(inline_model ? inline_model : text,
                                   inline_model ? "model" : c->pos[0], &syn, &c->err);
    if (!rc)
        rc = adx_simulate(syn, &o, &ds, &c->err);
    int code = cli_finish_csv(c, rc, ds);
    free(text);
    adx_sem_syntax_free(syn);
    return code;
}

const cli_cmd_t cli_cmd_simulate = {
    "simulate",
    "simulate MODEL | -e \"model\" [--n N] [--seed S] [--likert 7] [--missing 5%] [-o data.csv]",
    "simulate data from a population model in lavaan syntax with fixed values (planning, examples)",
    CLI_OPTS(sim_opts), .run = run_simulate};
