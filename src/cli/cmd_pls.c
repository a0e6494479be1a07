/* Subcommand pls: PLS path modelling (PLS-SEM), issue 18. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_pls.h"
#include "cli.h"

enum {
    PLS_SCHEME, PLS_MAX_ITER, PLS_CONSISTENT, PLS_SAVE_SCORES, PLS_BOOT, PLS_SEED, PLS_CONF,
    PLS_THREADS, PLS_SIGN,
    PLS_INTERACTION, PLS_HOC, PLS_MODEL, /* interactions and HOCs; model text (study step) */
    PLS_PREDICT, PLS_IPMA, PLS_SCALE_MIN, PLS_SCALE_MAX, PLS_GROUP, PLS_PERM, /* issue 18.4 */
    PLS_NOPTS
};
static const cli_choice_t pls_signs[] = {{"none", ADX_PLS_SIGN_NONE},
                                         {"individual", ADX_PLS_SIGN_INDIVIDUAL},
                                         {NULL, 0}};
static const cli_choice_t pls_schemes[] = {{"path", ADX_PLS_PATH},
                                           {"factor", ADX_PLS_FACTOR},
                                           {"centroid", ADX_PLS_CENTROID},
                                           {NULL, 0}};

static const cli_choice_t pls_ints[] = {{"two-stage", ADX_PLS_INT_TWO_STAGE},
                                        {"product-indicator", ADX_PLS_INT_PRODUCT},
                                        {NULL, 0}};
static const cli_choice_t pls_hocs[] = {{"two-stage", ADX_PLS_HOC_TWO_STAGE},
                                        {"repeated", ADX_PLS_HOC_REPEATED},
                                        {NULL, 0}};

static const cli_opt_t pls_opts[] = {
    [PLS_SCHEME] = {"scheme", CLI_CHOICE, "inner weighting: path (default), factor, centroid",
                    .choices = pls_schemes},
    [PLS_MAX_ITER] = {"max-iter", CLI_COUNT, "iteration limit (default 300, as seminr)",
                      .lo = 1, .hi = 1e6},
    [PLS_CONSISTENT] = {"consistent", CLI_FLAG, "consistent PLS (PLSc, Dijkstra & Henseler "
                                                "2015) for the mode A constructs"},
    [PLS_SAVE_SCORES] = {"save-scores", CLI_STRING, "write the construct scores (CSV) to FILE"},
    [PLS_BOOT] = {"boot", CLI_COUNT, "bootstrap resamples (default 0 = none; SmartPLS: 5000)",
                  .lo = 0, .hi = 1e7},
    [PLS_SEED] = {"seed", CLI_COUNT, "random seed of the bootstrap (default 1)", .lo = 0,
                  .hi = CLI_2P53},
    [PLS_CONF] = {"conf", CLI_REAL, "confidence level in percent (default 95)",
                  CLI_OPEN_LO | CLI_OPEN_HI, .lo = 0, .hi = 100,
                  .what = "a percentage between 0 and 100, e.g. 95"},
    [PLS_THREADS] = {"threads", CLI_COUNT, "threads for the bootstrap (default: all cores)",
                     .lo = 1, .hi = 1024},
    [PLS_SIGN] = {"sign-change", CLI_CHOICE, "bootstrap sign changes: none (default), "
                                             "individual", .choices = pls_signs},
    [PLS_INTERACTION] = {"interaction", CLI_CHOICE, "interaction terms X:W: two-stage "
                                                    "(default), product-indicator",
                         .choices = pls_ints},
    [PLS_HOC] = {"hoc", CLI_CHOICE, "higher-order constructs: two-stage (default), repeated",
                 .choices = pls_hocs},
    [PLS_MODEL] = {"model", CLI_STRING, "the model as text instead of a MODEL file (a study "
                                        "step's { block })"},
    [PLS_PREDICT] = {"predict", CLI_COUNT, "PLSpredict with K folds (K = rows: leave-one-out)",
                     .lo = 2, .hi = 1e9},
    [PLS_IPMA] = {"ipma", CLI_STRING, "importance-performance map for the target CONSTRUCT"},
    [PLS_SCALE_MIN] = {"scale-min", CLI_REAL, "IPMA: lowest scale point of the indicators "
                                              "(default: each one's observed minimum)", .lo = -INFINITY, .hi = INFINITY},
    [PLS_SCALE_MAX] = {"scale-max", CLI_REAL, "IPMA: highest scale point of the indicators "
                                              "(default: each one's observed maximum)", .lo = -INFINITY, .hi = INFINITY},
    [PLS_GROUP] = {"group", CLI_STRING, "multi-group analysis of the two groups of VAR"},
    [PLS_PERM] = {"perm", CLI_COUNT, "permutations of the multi-group analysis (default 1000)",
                  .lo = 10, .hi = 1e7},
    [PLS_NOPTS] = {NULL, 0, NULL}};

typedef struct {
    adx_pls_options_t o;
    const char *model; /* the model text */
    const char *save;  /* --save-scores FILE or NULL */
} pls_args_t;

static adx_error_t pls_report(const adx_pls_t *res, const pls_args_t *a, adx_report_t **r,
                              adx_errctx_t *err)
{
    adx_error_t rc = a->save ? adx_pls_save_scores(res, a->save, err) : ADX_OK;
    return rc ? rc : adx_report_pls(res, r, err);
}

CLI_ANALYSIS(pls, pls_args_t, adx_pls_t, adx_pls_free, adx_pls(d->ds, a->model, &a->o, &res, &c->err),
             pls_report(res, a, r, &c->err))

static int run_pls(cli_t *c)
{
    pls_args_t a;
    adx_pls_options_init(&a.o);
    const char *inline_model = cli_str(c, PLS_MODEL);
    if (c->npos != (inline_model ? 1u : 2u))
        return cli_usage_error(c, "give the DATA file and the MODEL file (or --model TEXT); "
                                  "usage: ambidex %s", c->cmd->usage);
    if (cli_listwise_only(c, 1, "pls replaces missing cells by the indicator's mean (as "
                                "seminr); --missing pairwise is not available"))
        return 2;
    a.o.scheme = (adx_pls_scheme_t)cli_choice(c, PLS_SCHEME, (int)a.o.scheme);
    a.o.max_iter = (int)cli_count(c, PLS_MAX_ITER, (size_t)a.o.max_iter);
    a.o.consistent = cli_has(c, PLS_CONSISTENT);
    a.save = cli_str(c, PLS_SAVE_SCORES);
    a.o.boot = cli_count(c, PLS_BOOT, 0);
    a.o.seed = (uint64_t)cli_count(c, PLS_SEED, 1);
    a.o.level = cli_num(c, PLS_CONF, 95) / 100;
    a.o.threads = (int)cli_count(c, PLS_THREADS, 0);
    a.o.sign_change = (adx_pls_sign_t)cli_choice(c, PLS_SIGN, ADX_PLS_SIGN_NONE);
    a.o.predict = cli_count(c, PLS_PREDICT, 0); /* issue 18.4: PLSpredict, IPMA, MGA */
    a.o.ipma = cli_str(c, PLS_IPMA);
    a.o.scale_min = cli_num(c, PLS_SCALE_MIN, a.o.scale_min);
    a.o.scale_max = cli_num(c, PLS_SCALE_MAX, a.o.scale_max);
    a.o.group = cli_str(c, PLS_GROUP);
    a.o.perm = cli_count(c, PLS_PERM, a.o.perm);
    a.o.interaction = (adx_pls_interaction_t)cli_choice(c, PLS_INTERACTION, 0);
    a.o.hoc = (adx_pls_hoc_t)cli_choice(c, PLS_HOC, 0);
    char *text = inline_model ? strdup(inline_model) : cli_read_text(c, c->pos[1], "model file");
    if (inline_model && !text)
        return cli_finish(c, ADX_ENOMEM, NULL);
    if (!text)
        return cli_finish(c, c->err.code, NULL);
    a.model = text;
    int code = cli_run(c, 0, 0, pls, &a);
    free(text);
    return code;
}

const cli_cmd_t cli_cmd_pls = {
    "pls", "pls DATA MODEL_FILE [--scheme path|factor|centroid] [--max-iter 300] [--consistent] "
           "[--save-scores FILE] [--boot N] [--seed 1] [--conf 95] [--threads N] "
           "[--sign-change none|individual] [--interaction two-stage|product-indicator] "
           "[--hoc two-stage|repeated] [--model TEXT] [--predict K] [--ipma CONSTRUCT] "
           "[--scale-min X] [--scale-max X] [--group VAR] [--perm 1000]",
    "PLS path modelling (PLS-SEM, seminr conventions): weights, loadings, paths, R2, f2, VIF, "
    "alpha, rho_A, rho_C, AVE, HTMT, Fornell-Larcker, cross-loadings, indirect effects, SRMR, bootstrap",
    CLI_OPTS(pls_opts), .run = run_pls};
