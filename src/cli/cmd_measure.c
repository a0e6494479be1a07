/* Subcommands alpha, pca, efa and harman. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_measure.h"
#include "ambidex/adx_report_measure.h"
#include "cli.h"

/* Loads the data and the items; measurement is listwise only. */
static adx_error_t load_items(cli_t *c, adx_dataset_t **ds, size_t **idx, size_t *k)
{
    *ds = NULL;
    *idx = NULL;
    if (c->missing_set && c->missing == ADX_PAIRWISE)
        return adx_err(&c->err, ADX_EUSAGE,
                       "%s uses listwise deletion (as SPSS RELIABILITY and FACTOR); "
                       "--missing pairwise is not supported here",
                       c->cmd->name);
    adx_error_t rc = cli_load(c, ds);
    if (!rc)
        rc = cli_vars(c, *ds, 1, 0, idx, k);
    return rc;
}

/* Parses a whole number >= lo from option `name` (default def). */
static int opt_count(cli_t *c, const char *name, size_t lo, size_t def, size_t *out)
{
    const char *v = cli_get(c, name);
    double d;
    *out = def;
    if (!v)
        return 0;
    if (cli_parse_double(v, &d) || d < (double)lo || d != floor(d) || d > 1e9)
        return cli_usage_error(c, "--%s takes a whole number >= %zu, not '%s'", name, lo, v);
    *out = (size_t)d;
    return 0;
}

static int opt_number(cli_t *c, const char *name, double lo, double hi, double *out)
{
    const char *v = cli_get(c, name);
    double d;
    if (!v)
        return 0;
    if (cli_parse_double(v, &d) || d < lo || d > hi)
        return cli_usage_error(c, "--%s takes a number from %g to %g, not '%s'", name, lo, hi, v);
    *out = d;
    return 0;
}

static int parse_rotate(cli_t *c, int allow_oblique, adx_rotate_t *out)
{
    const char *v = cli_get(c, "rotate");
    if (!v)
        return 0;
    static const char *names[] = {"none", "varimax", "promax", "oblimin"};
    for (int i = 0; i < (allow_oblique ? 4 : 2); i++)
        if (!strcmp(v, names[i])) {
            *out = (adx_rotate_t)i;
            return 0;
        }
    return cli_usage_error(c, "--rotate takes %s, not '%s'",
                           allow_oblique ? "none, varimax, promax or oblimin" : "none or varimax",
                           v);
}

/* Prints the report's warnings (JSON "warnings" / "heywood") to stderr too. */
static void warn(const char *fmt, const char *what)
{
    fprintf(stderr, "ambidex: warning: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
}

/* ---- alpha ---------------------------------------------------------------- */

static const cli_opt_t alpha_opts[] = {
    {"reverse", CLI_MULTI, "reverse-code ITEM (repeat, or ITEM1,ITEM2): lo + hi - x"},
    {"range", CLI_VALUE, "LO,HI answer range for --reverse (default: smallest and largest "
                         "answer over the items, as psych)"},
    {NULL, 0, NULL}};

static int run_alpha(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0;
    adx_alpha_t *a = NULL;
    adx_report_t *r = NULL;
    adx_items_options_t o;
    adx_items_options_init(&o);
    const char *const *rv;
    size_t nrv = cli_get_multi(c, "reverse", &rv);
    /* Split comma lists into one buffer of names. */
    const char *names[CLI_MAX_POS];
    char buf[8192];
    size_t used = 0, nn = 0;
    for (size_t i = 0; i < nrv; i++) {
        size_t len = strlen(rv[i]);
        if (used + len + 1 > sizeof buf)
            return cli_usage_error(c, "--reverse: too many names");
        memcpy(buf + used, rv[i], len + 1);
        for (char *tok = strtok(buf + used, ","); tok; tok = strtok(NULL, ","))
            if (*tok && nn < CLI_MAX_POS)
                names[nn++] = tok;
        used += len + 1;
    }
    o.reverse = names;
    o.nreverse = nn;
    const char *range = cli_get(c, "range");
    if (range) {
        char *end;
        o.lo = strtod(range, &end);
        if (end == range || *end != ',')
            return cli_usage_error(c, "--range takes LO,HI (e.g. 1,7), not '%s'", range);
        const char *h = end + 1;
        o.hi = strtod(h, &end);
        if (end == h || *end)
            return cli_usage_error(c, "--range takes LO,HI (e.g. 1,7), not '%s'", range);
        o.has_range = 1;
    }
    adx_error_t rc = load_items(c, &ds, &idx, &k);
    if (!rc)
        rc = adx_alpha(ds, idx, k, &o, &a, &c->err);
    if (!rc)
        rc = adx_report_alpha(a, &r, &c->err);
    for (size_t j = 0; !rc && j < k; j++)
        if (a->item_total_r[j] < 0)
            warn("item '%s' correlates negatively with the total of the other items; it "
                 "probably needs --reverse",
                 a->items->names[j]);
    adx_alpha_free(a);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_alpha = {
    "alpha", "alpha DATA ITEMS... [--reverse ITEM...] [--range 1,7]",
    "Cronbach's alpha, standardized alpha, omega total and item-total statistics", alpha_opts,
    run_alpha};

/* ---- pca ------------------------------------------------------------------ */

static const cli_opt_t pca_opts[] = {
    {"factors", CLI_VALUE, "number of components K (default: eigenvalue > --min-eigen)"},
    {"min-eigen", CLI_VALUE, "retain components with eigenvalue above this (default 1)"},
    {"rotate", CLI_VALUE, "none (default) or varimax"},
    {"drop-below", CLI_VALUE, "purify: drop items loading under T one at a time and re-run"},
    {NULL, 0, NULL}};

static int run_pca(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0;
    adx_pca_t *p = NULL;
    adx_report_t *r = NULL;
    adx_pca_options_t o;
    adx_pca_options_init(&o);
    if (opt_count(c, "factors", 1, 0, &o.ncomp) || opt_number(c, "min-eigen", 0, 1e9, &o.min_eigen) ||
        parse_rotate(c, 0, &o.rotate) || opt_number(c, "drop-below", 0, 1, &o.drop_below))
        return 2;
    if (o.ncomp && cli_get(c, "min-eigen"))
        return cli_usage_error(c, "give --factors or --min-eigen, not both");
    adx_error_t rc = load_items(c, &ds, &idx, &k);
    if (!rc)
        rc = adx_pca(ds, idx, k, &o, &p, &c->err);
    if (!rc)
        rc = adx_report_pca(p, &o, &r, &c->err);
    adx_pca_free(p);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_pca = {
    "pca", "pca DATA ITEMS... [--factors K | --min-eigen 1] [--rotate varimax] [--drop-below 0.5]",
    "principal components: eigenvalues, loadings, communalities, KMO, Bartlett's test, "
    "purification",
    pca_opts, run_pca};

/* ---- efa ------------------------------------------------------------------ */

static const cli_opt_t efa_opts[] = {
    {"factors", CLI_VALUE, "number of factors K (or let --parallel choose)"},
    {"method", CLI_VALUE, "minres (default), ml or pa"},
    {"rotate", CLI_VALUE, "oblimin (default), promax, varimax or none"},
    {"no-kaiser", CLI_FLAG, "oblimin without Kaiser normalisation (psych's default)"},
    {"gamma", CLI_VALUE, "oblimin gamma (default 0, quartimin)"},
    {"power", CLI_VALUE, "promax power (default 4)"},
    {"parallel", CLI_VALUE, "parallel analysis with N simulated data sets (e.g. 20)"},
    {"seed", CLI_VALUE, "seed of the parallel analysis (default 1)"},
    {"quantile", CLI_VALUE, "compare with this quantile of the simulated eigenvalues (e.g. "
                            "0.95) instead of their mean"},
    {"max-iter", CLI_VALUE, "iterations: pa (default 50), ml/minres (default 1000)"},
    {"min-err", CLI_VALUE, "pa: stop when the sum of communalities changes less (0.001)"},
    {NULL, 0, NULL}};

static int run_efa(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0, m = 0, npar = 0, seed = 1, maxit = 0;
    adx_efa_t *e = NULL;
    adx_report_t *r = NULL;
    adx_factor_options_t o;
    adx_factor_options_init(&o);
    adx_parallel_options_t po = {0, 1, 0};
    const char *meth = cli_get(c, "method");
    if (meth) {
        if (!strcmp(meth, "ml"))
            o.method = ADX_EXTRACT_ML;
        else if (!strcmp(meth, "pa"))
            o.method = ADX_EXTRACT_PA;
        else if (!strcmp(meth, "minres"))
            o.method = ADX_EXTRACT_MINRES;
        else
            return cli_usage_error(c, "--method takes ml, pa or minres, not '%s'", meth);
    }
    o.kaiser = !cli_get(c, "no-kaiser");
    if (opt_count(c, "factors", 1, 0, &m) || parse_rotate(c, 1, &o.rotate) ||
        opt_number(c, "gamma", -10, 1, &o.gamma) || opt_number(c, "power", 1, 100, &o.promax_power) ||
        opt_count(c, "parallel", 2, 0, &npar) || opt_count(c, "seed", 0, 1, &seed) ||
        opt_number(c, "quantile", 0, 1, &po.quantile) || opt_count(c, "max-iter", 1, 0, &maxit) ||
        opt_number(c, "min-err", 1e-15, 1, &o.min_err))
        return 2;
    if (maxit) {
        o.max_iter = (int)maxit;
        o.opt_max_iter = (int)maxit;
    }
    po.iterations = npar;
    po.seed = seed;
    if (!m && !npar)
        return cli_usage_error(c, "give --factors K, or --parallel N to let parallel analysis "
                                  "suggest K");
    adx_error_t rc = load_items(c, &ds, &idx, &k);
    if (!rc)
        rc = adx_efa(ds, idx, k, m, &o, &po, &e, &c->err);
    if (!rc)
        rc = adx_report_efa(e, &r, &c->err);
    for (size_t i = 0; !rc && i < k; i++)
        if (e->heywood[i])
            warn("Heywood case: item '%s' has a communality at or above 1; its estimates are "
                 "not trustworthy",
                 e->names[i]);
    adx_efa_free(e);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_efa = {
    "efa",
    "efa DATA ITEMS... --factors K [--method ml|pa|minres] [--rotate none|varimax|promax|oblimin] "
    "[--parallel N --seed S]",
    "exploratory factor analysis: pattern/structure matrices, factor correlations, "
    "communalities, fit (ML), parallel analysis",
    efa_opts, run_efa};

/* ---- harman --------------------------------------------------------------- */

static int run_harman(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    size_t *idx = NULL, k = 0;
    adx_harman_t *h = NULL;
    adx_report_t *r = NULL;
    adx_error_t rc = load_items(c, &ds, &idx, &k);
    if (!rc)
        rc = adx_harman(ds, idx, k, &h, &c->err);
    if (!rc)
        rc = adx_report_harman(h, &r, &c->err);
    adx_harman_free(h);
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

static const cli_opt_t harman_opts[] = {{NULL, 0, NULL}};
const cli_cmd_t cli_cmd_harman = {
    "harman", "harman DATA ITEMS...",
    "Harman's single-factor test for common-method bias (unrotated, all items)", harman_opts,
    run_harman};
