/* Subcommand mediate: PROCESS models 1, 4, 6, 7, 8, 14, 58, 59. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_mediate.h"
#include "ambidex/adx_report_mediate.h"
#include "cli.h"

enum { MED_X, MED_M, MED_Y, MED_COVARIATES, MED_SERIAL, MED_W, MED_MODEL, MED_BOOT, MED_SEED,
       MED_CI, MED_CONF, MED_MC, MED_STANDARDIZE, MED_ROBUST, MED_CENTER, MED_PROBE, MED_THREADS,
       MED_SAVE_BOOT, MED_NOPTS };
static const cli_choice_t med_ci[] = {
    {"percentile", ADX_CI_PERCENTILE}, {"bc", ADX_CI_BC}, {"bca", ADX_CI_BCA}, {NULL, 0}};
static const cli_choice_t med_se[] = {{"ols", ADX_HC_NONE}, {"hc0", ADX_HC0},
                                      {"hc1", ADX_HC1}, {"hc2", ADX_HC2},
                                      {"hc3", ADX_HC3}, {"hc4", ADX_HC4},
                                      {NULL, 0}};
static const cli_choice_t med_probe[] = {
    {"percentiles", ADX_PROBE_PERCENTILES}, {"meansd", ADX_PROBE_MEANSD}, {NULL, 0}};

static const cli_opt_t mediate_opts[] = {
    [MED_X] = {"x", CLI_STRING, "the independent variable X"},
    [MED_M] = {"m", CLI_LIST, "mediators, comma-separated (up to 10 parallel, 4 serial)"},
    [MED_Y] = {"y", CLI_STRING, "the outcome Y"},
    [MED_COVARIATES] = {"covariates", CLI_LIST, "covariates entered in every equation, "
                                                "comma-separated"},
    [MED_SERIAL] = {"serial", CLI_FLAG, "serial mediators (PROCESS model 6)"},
    [MED_W] = {"w", CLI_STRING, "the moderator W (models 1, 7, 8, 14, 58, 59)"},
    [MED_MODEL] = {"model", CLI_COUNT, "PROCESS model: 1, 4 (default), 6, 7, 8, 14, 58, 59",
                   .lo = 0, .hi = 1000,
                   .what = "a PROCESS model number (1, 4, 6, 7, 8, 14, 58, 59)"},
    [MED_BOOT] = {"boot", CLI_COUNT, "bootstrap resamples (default 5000; 0 = none)", .lo = 0,
                  .hi = 1e7},
    [MED_SEED] = {"seed", CLI_COUNT, "random seed (default 1)", .lo = 0, .hi = CLI_2P53},
    [MED_CI] = {"ci", CLI_CHOICE, "bootstrap interval: percentile (default), bc, bca",
                .choices = med_ci},
    [MED_CONF] = {"conf", CLI_REAL, "confidence level in percent (default 95)", CLI_OPEN_LO | CLI_OPEN_HI,
                  .lo = 0, .hi = 100, .what = "a percentage between 0 and 100, e.g. 95"},
    [MED_MC] = {"mc", CLI_COUNT, "Monte Carlo draws for MC intervals of indirect effects "
                                 "(default 0)", .lo = 0, .hi = 1e7},
    [MED_STANDARDIZE] = {"standardize", CLI_FLAG, "show the standardized indirect effects table"},
    [MED_ROBUST] = {"robust", CLI_CHOICE, "standard errors: ols (default), hc0, hc1, hc2, hc3, "
                                          "hc4", .choices = med_se},
    [MED_CENTER] = {"center", CLI_FLAG, "mean-centre the variables that form products"},
    [MED_PROBE] = {"probe", CLI_CHOICE, "values of W: percentiles (16/50/84, default) or meansd",
                   .choices = med_probe},
    [MED_THREADS] = {"threads", CLI_COUNT, "threads for the bootstrap (default: all cores)",
                     .lo = 1, .hi = 1024},
    [MED_SAVE_BOOT] = {"save-boot", CLI_STRING, "write the resample indices (one line per "
                                                "resample, 1-based rows of the complete "
                                                "cases) to FILE"},
    [MED_NOPTS] = {NULL, 0, NULL}};

/* Looks up the names of list option `opt` (at most max). */
static adx_error_t lookup_list(cli_t *c, const adx_dataset_t *ds, int opt, size_t *idx,
                               size_t max, size_t *k, const char *what)
{
    const char *const *names = NULL;
    size_t n = cli_list(c, opt, &names);
    *k = 0;
    if (n > max)
        return adx_err(&c->err, ADX_EUSAGE, "too many %s (at most %zu)", what, max);
    if (n == 0)
        return adx_err(&c->err, ADX_EUSAGE, "no %s named in '%s'", what, cli_str(c, opt));
    adx_error_t rc = adx_dataset_lookup(ds, names, n, 1, idx, &c->err);
    if (!rc)
        *k = n;
    return rc;
}

/* The resample indices, one line per resample (1-based rows), as one text. */
static char *boot_text(const adx_mediate_t *m, size_t *len)
{
    size_t n = m->n, B = m->boot, total = 0;
    for (size_t i = 0; i < B * n; i++) {
        unsigned v = m->boot_idx[i] + 1;
        total += 1; /* the comma or the newline */
        do
            total++;
        while (v /= 10);
    }
    char *text = malloc(total + 1), *w = text;
    for (size_t r = 0; text && r < B; r++)
        for (size_t i = 0; i < n; i++)
            w += sprintf(w, "%u%c", m->boot_idx[r * n + i] + 1, i + 1 < n ? ',' : '\n');
    *len = total;
    return text;
}

static adx_error_t save_boot(cli_t *c, const adx_mediate_t *m, const char *path)
{
    if (!m->boot_idx || m->boot == 0)
        return adx_err(&c->err, ADX_EUSAGE, "--save-boot: no bootstrap was run (--boot 0 or "
                                            "model 1)");
    size_t len = 0;
    char *text = boot_text(m, &len);
    adx_error_t rc = text ? adx_write_atomic(path, text, len, &c->err) : adx_oom(&c->err);
    free(text);
    return rc;
}

/* The arguments of mediate: the options and the variables. */
typedef struct {
    adx_mediate_options_t o;
    const char *x, *y, *w;
    const char *save; /* --save-boot, or NULL */
} mediate_args_t;

/* The report; the standardized table only on request (JSON always has the values). */
static adx_error_t mediate_report(cli_t *c, const adx_mediate_t *res, const char *save,
                                  adx_report_t **r)
{
    adx_error_t rc = adx_report_mediate(res, r, &c->err);
    if (!rc && !cli_has(c, MED_STANDARDIZE)) {
        for (size_t i = 0; i < (*r)->ntables; i++)
            if (!strcmp((*r)->tables[i]->title, "Standardized indirect effects")) {
                adx_report_remove_table(*r, i);
                break;
            }
    }
    if (!rc && save)
        rc = save_boot(c, res, save);
    return rc;
}

/* Looks up the model's variables into spec and fits it. */
static adx_error_t mediate_of(cli_t *c, const cli_data_t *d, const mediate_args_t *a,
                              adx_mediate_t **res)
{
    size_t m_idx[ADX_MED_MAX_M], cov_idx[20], nm = 0, ncov = 0, one = 0;
    adx_mediate_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.w = -1;
    adx_error_t rc = adx_dataset_lookup(d->ds, &a->x, 1, 1, &spec.x, &c->err);
    if (!rc)
        rc = adx_dataset_lookup(d->ds, &a->y, 1, 1, &spec.y, &c->err);
    if (!rc && cli_has(c, MED_M))
        rc = lookup_list(c, d->ds, MED_M, m_idx, ADX_MED_MAX_M, &nm, "mediators");
    if (!rc && cli_has(c, MED_COVARIATES))
        rc = lookup_list(c, d->ds, MED_COVARIATES, cov_idx, 20, &ncov, "covariates");
    if (!rc && a->w) {
        rc = adx_dataset_lookup(d->ds, &a->w, 1, 1, &one, &c->err);
        spec.w = (long)one;
    }
    spec.m = m_idx;
    spec.nm = nm;
    spec.cov = cov_idx;
    spec.ncov = ncov;
    return rc ? rc : adx_mediate(d->ds, &spec, &a->o, res, &c->err);
}

CLI_ANALYSIS(mediate, mediate_args_t, adx_mediate_t, adx_mediate_free,
             mediate_of(c, d, a, &res), mediate_report(c, res, a->save, r))

static int run_mediate(cli_t *c)
{
    mediate_args_t a = {.x = cli_str(c, MED_X), .y = cli_str(c, MED_Y), .w = cli_str(c, MED_W)};
    adx_mediate_options_t *o = &a.o;
    adx_mediate_options_init(o);
    if (c->npos != 1)
        return cli_usage_error(c, c->npos ? "give one DATA file; variables go in --x, --m, --y"
                                          : "missing the DATA file");
    if (!a.x || !a.y)
        return cli_usage_error(c, "name X and Y with --x and --y");
    if (cli_listwise_only(c, 1, "mediation uses the cases complete on all model variables "
                                "(listwise); --missing pairwise is not available"))
        return 2;
    if (cli_has(c, MED_MODEL))
        o->model = (int)cli_count(c, MED_MODEL, 0);
    else if (a.w)
        return cli_usage_error(c, "--w needs --model (1, 7, 8, 14, 58 or 59)");
    if (cli_has(c, MED_SERIAL)) {
        if (cli_has(c, MED_MODEL) && o->model != 6)
            return cli_usage_error(c, "--serial is model 6; it cannot be combined with --model %d",
                                   o->model);
        o->model = 6;
    }
    o->boot = cli_count(c, MED_BOOT, o->boot);
    o->mc = cli_count(c, MED_MC, o->mc);
    o->seed = (uint64_t)cli_num(c, MED_SEED, (double)o->seed);
    o->ci = (adx_ci_method_t)cli_choice(c, MED_CI, (int)o->ci);
    if (cli_has(c, MED_CONF))
        o->ci_level = cli_num(c, MED_CONF, 95) / 100;
    o->hc = (adx_hc_t)cli_choice(c, MED_ROBUST, (int)o->hc);
    o->probe = (adx_probe_t)cli_choice(c, MED_PROBE, (int)o->probe);
    o->threads = (int)cli_count(c, MED_THREADS, (size_t)o->threads);
    o->center = cli_has(c, MED_CENTER);
    a.save = cli_str(c, MED_SAVE_BOOT);
    o->keep_indices = a.save != NULL;
    if (a.save && c->out && !strcmp(a.save, c->out))
        return cli_usage_error(c, "--save-boot and -o name the same file");
    return cli_run(c, 0, 0, mediate, &a);
}

const cli_cmd_t cli_cmd_mediate = {
    "mediate",
    "mediate DATA --x X --m M1[,M2,...] --y Y [--covariates C1,C2] [--serial] [--w W --model "
    "1|7|8|14|58|59] [--boot 5000] [--seed N] [--ci percentile|bc|bca] [--conf 95] [--mc 5000] "
    "[--standardize] [--robust hc3] [--center] [--probe percentiles|meansd] [--threads N] "
    "[--save-boot FILE]",
    "mediation and conditional process models (PROCESS 1, 4, 6, 7, 8, 14, 58, 59) with bootstrap, "
    "Sobel and Monte Carlo intervals",
    CLI_OPTS(mediate_opts), .run = run_mediate};
