/* Subcommands alpha, pca, efa and harman. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_measure.h"
#include "ambidex/adx_report_measure.h"
#include "cli.h"

/* Measurement is listwise only: the data and the items, as the analysis. */
static int run_items(cli_t *c, cli_analysis_t analyse, const void *opts)
{
    int code = cli_listwise_only(c, 0, "%s uses listwise deletion (as SPSS RELIABILITY and "
                                       "FACTOR); --missing pairwise is not supported here");
    return code ? code : cli_run(c, 1, 0, analyse, opts);
}

static const cli_choice_t rotations[] = {{"none", ADX_ROTATE_NONE},
                                         {"varimax", ADX_ROTATE_VARIMAX},
                                         {"promax", ADX_ROTATE_PROMAX},
                                         {"oblimin", ADX_ROTATE_OBLIMIN},
                                         {NULL, 0}};
/* pca: the orthogonal ones only. */
static const cli_choice_t orthogonal[] = {
    {"none", ADX_ROTATE_NONE}, {"varimax", ADX_ROTATE_VARIMAX}, {NULL, 0}};

/* Prints the report's warnings (JSON "warnings" / "heywood") to stderr too. */
static void warn(const char *fmt, const char *what)
{
    fprintf(stderr, "ambidex: warning: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
}

/* ---- alpha ---------------------------------------------------------------- */

enum { ALPHA_REVERSE, ALPHA_RANGE, ALPHA_POLYCHORIC, ALPHA_NOPTS };
static const cli_opt_t alpha_opts[] = {
    [ALPHA_REVERSE] = {"reverse", CLI_LIST, "reverse-code ITEM (repeat, or ITEM1,ITEM2): lo + "
                                            "hi - x", CLI_REPEAT},
    [ALPHA_RANGE] = {"range", CLI_STRING, "LO,HI answer range for --reverse (default: "
                                          "smallest and largest answer over the items, as "
                                          "psych)"},
    [ALPHA_POLYCHORIC] = {"polychoric", CLI_FLAG, "ordinal alpha and omega: on the polychoric "
                                                  "correlation matrix (Zumbo et al. 2007)"},
    [ALPHA_NOPTS] = {NULL, 0, NULL}};

/* The alpha report, with a warning for each item that probably needs --reverse. */
static adx_error_t alpha_report(const adx_alpha_t *a, adx_report_t **r, adx_errctx_t *err)
{
    adx_error_t rc = adx_report_alpha(a, r, err);
    for (size_t j = 0; !rc && j < a->items->k; j++)
        if (a->item_total_r[j] < 0)
            warn("item '%s' correlates negatively with the total of the other items; it "
                 "probably needs --reverse",
                 a->items->names[j]);
    return rc;
}

CLI_ANALYSIS(alpha, adx_items_options_t, adx_alpha_t, adx_alpha_free,
             adx_alpha(d->ds, d->idx, d->k, a, &res, &c->err),
             alpha_report(res, r, &c->err))

/* --reverse and --range (option indices rev, rng) into o; 0, or the usage exit code. */
static int items_options(cli_t *c, int rev, int rng, adx_items_options_t *o)
{
    const char *const *names = NULL;
    o->nreverse = cli_list(c, rev, &names);
    o->reverse = names;
    const char *range = cli_str(c, rng);
    if (range) {
        char *end;
        o->lo = strtod(range, &end);
        if (end == range || *end != ',')
            return cli_usage_error(c, "--range takes LO,HI (e.g. 1,7), not '%s'", range);
        const char *h = end + 1;
        o->hi = strtod(h, &end);
        if (end == h || *end || !isfinite(o->lo) || !isfinite(o->hi) || !(o->lo < o->hi))
            return cli_usage_error(c, "--range takes LO,HI with LO < HI (e.g. 1,7), not '%s'",
                                     range);
        o->has_range = 1;
    }
    return 0;
}

static int run_alpha(cli_t *c)
{
    adx_items_options_t o;
    adx_items_options_init(&o);
    int code = items_options(c, ALPHA_REVERSE, ALPHA_RANGE, &o);
    o.polychoric = cli_has(c, ALPHA_POLYCHORIC);
    return code ? code : run_items(c, alpha, &o);
}

const cli_cmd_t cli_cmd_alpha = {
    "alpha", "alpha DATA ITEMS... [--reverse ITEM...] [--range 1,7] [--polychoric]",
    "Cronbach's alpha, standardized alpha, omega total and item-total statistics", CLI_OPTS(alpha_opts),
    .run = run_alpha};

/* ---- omega ------------------------------------------------------------------ */

enum { OMEGA_FACTORS, OMEGA_REVERSE, OMEGA_RANGE, OMEGA_NOPTS };
static const cli_opt_t omega_opts[] = {
    [OMEGA_FACTORS] = {"factors", CLI_COUNT, "group factors (default 3, psych::omega)", .lo = 2,
                       .hi = CLI_NOLIMIT},
    [OMEGA_REVERSE] = {"reverse", CLI_LIST, "reverse-code ITEM (as alpha)", CLI_REPEAT},
    [OMEGA_RANGE] = {"range", CLI_STRING, "LO,HI answer range for --reverse"},
    [OMEGA_NOPTS] = {NULL, 0, NULL}};

CLI_ANALYSIS(omega, adx_omega_options_t, adx_omega_t, adx_omega_free,
             adx_omega(d->ds, d->idx, d->k, a, &res, &c->err), adx_report_omega(res, r, &c->err))

static int run_omega(cli_t *c)
{
    adx_omega_options_t o;
    adx_omega_options_init(&o);
    o.nfactors = (size_t)cli_num(c, OMEGA_FACTORS, 3);
    int code = items_options(c, OMEGA_REVERSE, OMEGA_RANGE, &o.items);
    return code ? code : run_items(c, omega, &o);
}

const cli_cmd_t cli_cmd_omega = {
    "omega", "omega DATA ITEMS... [--factors 3] [--reverse ITEM...] [--range 1,7]",
    "omega hierarchical and omega total by the Schmid-Leiman transformation (psych::omega), "
    "general and group-factor loadings",
    CLI_OPTS(omega_opts), .run = run_omega};

/* ---- pca ------------------------------------------------------------------ */

enum { PCA_FACTORS, PCA_MIN_EIGEN, PCA_ROTATE, PCA_DROP_BELOW, PCA_SORT, PCA_POLYCHORIC,
       PCA_NOPTS };
static const cli_opt_t pca_opts[] = {
    [PCA_FACTORS] = {"factors", CLI_COUNT, "number of components K (default: eigenvalue > "
                                           "--min-eigen)", .lo = 1, .hi = CLI_NOLIMIT},
    [PCA_MIN_EIGEN] = {"min-eigen", CLI_REAL, "retain components with eigenvalue above this "
                                              "(default 1)", .lo = 0, .hi = 1e9},
    [PCA_ROTATE] = {"rotate", CLI_CHOICE, "none (default) or varimax", .choices = orthogonal},
    [PCA_DROP_BELOW] = {"drop-below", CLI_REAL, "purify: drop items loading under T one at a "
                                                "time and re-run", .lo = 0, .hi = 1},
    [PCA_SORT] = {"sort", CLI_FLAG, "order rotated components by variance explained (default: "
                                    "SPSS's extraction order)"},
    [PCA_POLYCHORIC] = {"polychoric", CLI_FLAG, "components of the polychoric correlation "
                                                "matrix (ordered items)"},
    [PCA_NOPTS] = {NULL, 0, NULL}};

CLI_ANALYSIS(pca, adx_pca_options_t, adx_pca_t, adx_pca_free,
             adx_pca(d->ds, d->idx, d->k, a, &res, &c->err), adx_report_pca(res, a, r, &c->err))

static int run_pca(cli_t *c)
{
    adx_pca_options_t o;
    adx_pca_options_init(&o);
    o.ncomp = cli_count(c, PCA_FACTORS, 0);
    o.min_eigen = cli_num(c, PCA_MIN_EIGEN, o.min_eigen);
    o.rotate = (adx_rotate_t)cli_choice(c, PCA_ROTATE, (int)o.rotate);
    o.drop_below = cli_num(c, PCA_DROP_BELOW, o.drop_below);
    o.sort = cli_has(c, PCA_SORT);
    o.polychoric = cli_has(c, PCA_POLYCHORIC);
    if (o.ncomp && cli_has(c, PCA_MIN_EIGEN))
        return cli_usage_error(c, "give --factors or --min-eigen, not both");
    return run_items(c, pca, &o);
}

const cli_cmd_t cli_cmd_pca = {
    "pca", "pca DATA ITEMS... [--factors K | --min-eigen 1] [--rotate varimax [--sort]] "
           "[--drop-below 0.5] [--polychoric]",
    "principal components: eigenvalues, loadings, communalities, KMO, Bartlett's test, "
    "purification",
    CLI_OPTS(pca_opts), .run = run_pca};

/* ---- efa ------------------------------------------------------------------ */

enum { EFA_FACTORS, EFA_METHOD, EFA_ROTATE, EFA_NO_KAISER, EFA_GAMMA, EFA_POWER, EFA_PARALLEL,
       EFA_SEED, EFA_QUANTILE, EFA_MAX_ITER, EFA_MIN_ERR, EFA_PROMAX_STYLE, EFA_SORT,
       EFA_POLYCHORIC, EFA_NOPTS };
static const cli_choice_t promax_styles[] = {
    {"spss", ADX_PROMAX_SPSS}, {"psych", ADX_PROMAX_PSYCH}, {NULL, 0}};
static const cli_choice_t extractions[] = {
    {"ml", ADX_EXTRACT_ML}, {"pa", ADX_EXTRACT_PA}, {"minres", ADX_EXTRACT_MINRES}, {NULL, 0}};
static const cli_opt_t efa_opts[] = {
    [EFA_FACTORS] = {"factors", CLI_COUNT, "number of factors K (or let --parallel choose)",
                     .lo = 1, .hi = CLI_NOLIMIT},
    [EFA_METHOD] = {"method", CLI_CHOICE, "minres (default), ml or pa", .choices = extractions},
    [EFA_ROTATE] = {"rotate", CLI_CHOICE, "oblimin (default), promax, varimax or none",
                    .choices = rotations},
    [EFA_NO_KAISER] = {"no-kaiser", CLI_FLAG, "oblimin without Kaiser normalisation (psych's "
                                              "default)"},
    [EFA_GAMMA] = {"gamma", CLI_REAL, "oblimin gamma (default 0, quartimin)", .lo = -10, .hi = 1},
    [EFA_POWER] = {"power", CLI_REAL, "promax power (default 4)", .lo = 1, .hi = 100},
    [EFA_PARALLEL] = {"parallel", CLI_COUNT, "parallel analysis with N simulated data sets "
                                             "(e.g. 20)", .lo = 2, .hi = 10000},
    [EFA_SEED] = {"seed", CLI_COUNT, "seed of the parallel analysis (default 1)", .lo = 0,
                  .hi = CLI_NOLIMIT},
    [EFA_QUANTILE] = {"quantile", CLI_REAL, "compare with this quantile of the simulated "
                                            "eigenvalues (e.g. 0.95) instead of their mean",
                      .lo = 0, .hi = 1},
    [EFA_MAX_ITER] = {"max-iter", CLI_COUNT, "iterations: pa (default 50), ml/minres (default "
                                             "1000)", .lo = 1, .hi = 100000},
    [EFA_MIN_ERR] = {"min-err", CLI_REAL, "pa: stop when the sum of communalities changes "
                                          "less (0.001)", .lo = 1e-15, .hi = 1},
    [EFA_PROMAX_STYLE] = {"promax-style", CLI_CHOICE, "spss (default: SPSS FACTOR's promax) or "
                                                      "psych (psych::fa's)",
                          .choices = promax_styles},
    [EFA_SORT] = {"sort", CLI_FLAG, "order factors by variance explained, as psych (default: "
                                    "SPSS's extraction order)"},
    [EFA_POLYCHORIC] = {"polychoric", CLI_FLAG, "factor the polychoric correlation matrix "
                                                "(psych fa(cor = \"poly\"))"},
    [EFA_NOPTS] = {NULL, 0, NULL}};

/* The options of an exploratory factor analysis. */
typedef struct {
    adx_factor_options_t o;
    adx_parallel_options_t po;
    size_t m;
} efa_args_t;

/* The EFA report, with a warning for each Heywood case. */
static adx_error_t efa_report(const adx_efa_t *e, size_t k, adx_report_t **r, adx_errctx_t *err)
{
    adx_error_t rc = adx_report_efa(e, r, err);
    for (size_t i = 0; !rc && i < k; i++)
        if (e->heywood[i])
            warn("Heywood case: item '%s' has a communality at or above 1; its estimates are "
                 "not trustworthy",
                 e->names[i]);
    return rc;
}

CLI_ANALYSIS(efa, efa_args_t, adx_efa_t, adx_efa_free,
             adx_efa(d->ds, d->idx, d->k, a->m, &a->o, &a->po, &res, &c->err),
             efa_report(res, d->k, r, &c->err))

static int run_efa(cli_t *c)
{
    efa_args_t a = {.po = {0, 1, 0}};
    adx_factor_options_t *o = &a.o;
    adx_parallel_options_t *po = &a.po;
    adx_factor_options_init(o);
    o->method = (adx_extract_t)cli_choice(c, EFA_METHOD, (int)o->method);
    o->rotate = (adx_rotate_t)cli_choice(c, EFA_ROTATE, (int)o->rotate);
    o->kaiser = !cli_has(c, EFA_NO_KAISER);
    o->gamma = cli_num(c, EFA_GAMMA, o->gamma);
    o->promax_power = cli_num(c, EFA_POWER, o->promax_power);
    o->min_err = cli_num(c, EFA_MIN_ERR, o->min_err);
    o->promax_style = (adx_promax_style_t)cli_choice(c, EFA_PROMAX_STYLE, (int)o->promax_style);
    o->sort = cli_has(c, EFA_SORT);
    o->polychoric = cli_has(c, EFA_POLYCHORIC);
    if (cli_has(c, EFA_MAX_ITER))
        o->max_iter = o->opt_max_iter = (int)cli_count(c, EFA_MAX_ITER, 0);
    size_t npar = cli_count(c, EFA_PARALLEL, 0);
    po->iterations = npar;
    po->seed = cli_count(c, EFA_SEED, 1);
    po->quantile = cli_num(c, EFA_QUANTILE, po->quantile);
    a.m = cli_count(c, EFA_FACTORS, 0);
    if (!a.m && !npar)
        return cli_usage_error(c, "give --factors K, or --parallel N to let parallel analysis "
                                  "suggest K");
    return run_items(c, efa, &a);
}

const cli_cmd_t cli_cmd_efa = {
    "efa",
    "efa DATA ITEMS... --factors K [--method ml|pa|minres] [--rotate none|varimax|promax|oblimin] "
    "[--promax-style spss|psych] [--sort] [--parallel N --seed S] [--polychoric]",
    "exploratory factor analysis: pattern/structure matrices, factor correlations, "
    "communalities, fit (ML), parallel analysis",
    CLI_OPTS(efa_opts), .run = run_efa};

/* ---- harman --------------------------------------------------------------- */

CLI_ANALYSIS(harman, void, adx_harman_t, adx_harman_free,
             adx_harman(d->ds, d->idx, d->k, &res, &c->err), adx_report_harman(res, r, &c->err))

static int run_harman(cli_t *c)
{
    return run_items(c, harman, NULL);
}

const cli_cmd_t cli_cmd_harman = {
    "harman", "harman DATA ITEMS...",
    "Harman's single-factor test for common-method bias (unrotated, all items)",
    .run = run_harman};
