/* Subcommand mediate: PROCESS models 1, 4, 6, 7, 8, 14, 58, 59. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ambidex/adx_mediate.h"
#include "ambidex/adx_report_mediate.h"
#include "cli.h"

static const cli_opt_t mediate_opts[] = {
    {"x", CLI_VALUE, "the independent variable X"},
    {"m", CLI_VALUE, "mediators, comma-separated (up to 10 parallel, 4 serial)"},
    {"y", CLI_VALUE, "the outcome Y"},
    {"covariates", CLI_VALUE, "covariates entered in every equation, comma-separated"},
    {"serial", CLI_FLAG, "serial mediators (PROCESS model 6)"},
    {"w", CLI_VALUE, "the moderator W (models 1, 7, 8, 14, 58, 59)"},
    {"model", CLI_VALUE, "PROCESS model: 1, 4 (default), 6, 7, 8, 14, 58, 59"},
    {"boot", CLI_VALUE, "bootstrap resamples (default 5000; 0 = none)"},
    {"seed", CLI_VALUE, "random seed (default 1)"},
    {"ci", CLI_VALUE, "bootstrap interval: percentile (default), bc, bca"},
    {"conf", CLI_VALUE, "confidence level in percent (default 95)"},
    {"mc", CLI_VALUE, "Monte Carlo draws for MC intervals of indirect effects (default 0)"},
    {"standardize", CLI_FLAG, "show the standardized indirect effects table"},
    {"robust", CLI_VALUE, "standard errors: ols (default), hc0, hc1, hc2, hc3, hc4"},
    {"center", CLI_FLAG, "mean-centre the variables that form products"},
    {"probe", CLI_VALUE, "values of W: percentiles (16/50/84, default) or meansd"},
    {"threads", CLI_VALUE, "threads for the bootstrap (default: all cores)"},
    {"save-boot", CLI_VALUE, "write the resample indices (one line per resample, 1-based "
                             "rows of the complete cases) to FILE"},
    {NULL, 0, NULL}};

/* Splits a comma list of names and looks them up. */
static adx_error_t lookup_list(cli_t *c, const adx_dataset_t *ds, const char *list, size_t *idx,
                               size_t max, size_t *k, const char *what)
{
    char buf[4096];
    const char *names[64];
    size_t n = 0;
    *k = 0;
    if (strlen(list) >= sizeof buf)
        return adx_err(&c->err, ADX_EUSAGE, "the list of %s is too long", what);
    strcpy(buf, list);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        if (n == max || n == 64)
            return adx_err(&c->err, ADX_EUSAGE, "too many %s (at most %zu)", what, max);
        names[n++] = tok;
    }
    if (n == 0)
        return adx_err(&c->err, ADX_EUSAGE, "no %s named in '%s'", what, list);
    adx_error_t rc = adx_dataset_lookup(ds, names, n, 1, idx, &c->err);
    if (!rc)
        *k = n;
    return rc;
}

static int parse_count(cli_t *c, const char *name, size_t *out, double max)
{
    const char *v = cli_get(c, name);
    double d;
    if (!v)
        return 0;
    if (cli_parse_double(v, &d) || d < 0 || d > max || d != (double)(size_t)d)
        return cli_usage_error(c, "--%s takes a whole number from 0 to %.0f, not '%s'", name, max, v);
    *out = (size_t)d;
    return 0;
}

/* Writes the resample indices line by line to a temporary file beside `path`, then
 * renames it, so that no half-written file is left and no B x n text buffer is needed. */
static adx_error_t save_boot(cli_t *c, const adx_mediate_t *m, const char *path)
{
    size_t n = m->n, B = m->boot, plen = strlen(path);
    if (!m->boot_idx || B == 0)
        return adx_err(&c->err, ADX_EUSAGE, "--save-boot: no bootstrap was run (--boot 0 or "
                                            "model 1)");
    char *tmp = malloc(plen + 16), *line = malloc(n * 11 + 2);
    adx_error_t rc = ADX_OK;
    FILE *f = NULL;
    int fd = -1;
    if (!tmp || !line) {
        rc = adx_err(&c->err, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    if ((fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "w"))) {
        rc = adx_err(&c->err, ADX_EIO, "%s: cannot create the file: %s; check that the folder "
                                       "exists and is writable", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        goto cleanup;
    }
    (void)fchmod(fd, 0644);
    int ok = 1;
    for (size_t r = 0; r < B && ok; r++) {
        size_t len = 0;
        for (size_t i = 0; i < n; i++)
            len += (size_t)snprintf(line + len, n * 11 + 2 - len, "%u%c",
                                    m->boot_idx[r * n + i] + 1, i + 1 < n ? ',' : '\n');
        ok = fwrite(line, 1, len, f) == len;
    }
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        rc = adx_err(&c->err, ADX_EIO, "%s: cannot write the file: %s", path, strerror(errno));
        unlink(tmp);
    }
cleanup:
    free(tmp);
    free(line);
    return rc;
}

static int run_mediate(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_mediate_t *res = NULL;
    adx_report_t *r = NULL;
    adx_mediate_options_t o;
    adx_mediate_options_init(&o);
    size_t m_idx[ADX_MED_MAX_M], cov_idx[20], nm = 0, ncov = 0, one = 0;
    adx_mediate_spec_t spec;
    memset(&spec, 0, sizeof spec);
    spec.w = -1;
    const char *x = cli_get(c, "x"), *y = cli_get(c, "y"), *ms = cli_get(c, "m");
    const char *w = cli_get(c, "w"), *v;
    if (c->npos != 1)
        return cli_usage_error(c, c->npos ? "give one DATA file; variables go in --x, --m, --y"
                                          : "missing the DATA file");
    if (!x || !y)
        return cli_usage_error(c, "name X and Y with --x and --y");
    if (c->missing_set && c->missing == ADX_PAIRWISE)
        return cli_usage_error(c, "mediation uses the cases complete on all model variables "
                                  "(listwise); --missing pairwise is not available");
    if ((v = cli_get(c, "model"))) {
        double d;
        if (cli_parse_double(v, &d) || d < 0 || d > 1000 || d != (int)d)
            return cli_usage_error(c, "--model takes a PROCESS model number (1, 4, 6, 7, 8, 14, "
                                      "58, 59), not '%s'", v);
        o.model = (int)d;
    } else if (w) {
        return cli_usage_error(c, "--w needs --model (1, 7, 8, 14, 58 or 59)");
    }
    if (cli_get(c, "serial")) {
        if (cli_get(c, "model") && o.model != 6)
            return cli_usage_error(c, "--serial is model 6; it cannot be combined with --model %d",
                                   o.model);
        o.model = 6;
    }
    if (parse_count(c, "boot", &o.boot, 1e7) || parse_count(c, "mc", &o.mc, 1e7))
        return 2;
    if ((v = cli_get(c, "seed"))) {
        double d;
        if (cli_parse_double(v, &d) || d < 0 || d >= 9007199254740992.0 || d != floor(d))
            return cli_usage_error(c, "--seed takes a whole number from 0 to 2^53, not '%s'", v);
        o.seed = (uint64_t)d;
    }
    if ((v = cli_get(c, "ci"))) {
        if (!strcmp(v, "percentile"))
            o.ci = ADX_CI_PERCENTILE;
        else if (!strcmp(v, "bc"))
            o.ci = ADX_CI_BC;
        else if (!strcmp(v, "bca"))
            o.ci = ADX_CI_BCA;
        else
            return cli_usage_error(c, "--ci takes percentile, bc or bca, not '%s'", v);
    }
    if ((v = cli_get(c, "conf")) && (cli_parse_double(v, &o.conf) || o.conf <= 0 || o.conf >= 100))
        return cli_usage_error(c, "--conf takes a percentage between 0 and 100, e.g. 95, not '%s'", v);
    if ((v = cli_get(c, "robust"))) {
        static const char *names[] = {"ols", "hc0", "hc1", "hc2", "hc3", "hc4"};
        int found = 0;
        for (int i = 0; i < 6; i++)
            if (!strcmp(v, names[i]))
                o.se = (adx_se_type_t)i, found = 1;
        if (!found)
            return cli_usage_error(c, "--robust takes ols, hc0, hc1, hc2, hc3 or hc4, not '%s'", v);
    }
    if ((v = cli_get(c, "probe"))) {
        if (!strcmp(v, "meansd"))
            o.probe = ADX_PROBE_MEANSD;
        else if (!strcmp(v, "percentiles"))
            o.probe = ADX_PROBE_PERCENTILES;
        else
            return cli_usage_error(c, "--probe takes percentiles or meansd, not '%s'", v);
    }
    if ((v = cli_get(c, "threads"))) {
        double d;
        if (cli_parse_double(v, &d) || d < 1 || d > 1024 || d != (int)d)
            return cli_usage_error(c, "--threads takes a whole number from 1 to 1024, not '%s'", v);
        o.threads = (int)d;
    }
    o.center = cli_get(c, "center") != NULL;
    const char *save = cli_get(c, "save-boot");
    o.keep_indices = save != NULL;
    if (save && c->out && !strcmp(save, c->out))
        return cli_usage_error(c, "--save-boot and -o name the same file");

    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_dataset_lookup(ds, &x, 1, 1, &spec.x, &c->err);
    if (!rc)
        rc = adx_dataset_lookup(ds, &y, 1, 1, &spec.y, &c->err);
    if (!rc && ms)
        rc = lookup_list(c, ds, ms, m_idx, ADX_MED_MAX_M, &nm, "mediators");
    if (!rc && cli_get(c, "covariates"))
        rc = lookup_list(c, ds, cli_get(c, "covariates"), cov_idx, 20, &ncov, "covariates");
    if (!rc && w) {
        rc = adx_dataset_lookup(ds, &w, 1, 1, &one, &c->err);
        spec.w = (long)one;
    }
    spec.m = m_idx;
    spec.nm = nm;
    spec.cov = cov_idx;
    spec.ncov = ncov;
    if (!rc)
        rc = adx_mediate(ds, &spec, &o, &res, &c->err);
    if (!rc)
        rc = adx_report_mediate(res, &r, &c->err);
    if (!rc && !cli_get(c, "standardize")) {
        /* The standardized table only on request (JSON always has the values). */
        for (size_t i = 0; i < r->ntables; i++)
            if (!strcmp(r->tables[i]->title, "Standardized indirect effects")) {
                adx_report_remove_table(r, i);
                break;
            }
    }
    if (!rc && save)
        rc = save_boot(c, res, save);
    adx_mediate_free(res);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_mediate = {
    "mediate",
    "mediate DATA --x X --m M1[,M2,...] --y Y [--covariates C1,C2] [--serial] [--w W --model "
    "1|7|8|14|58|59] [--boot 5000] [--seed N] [--ci percentile|bc|bca] [--conf 95] [--mc 5000] "
    "[--standardize] [--robust hc3] [--center] [--probe percentiles|meansd] [--threads N] "
    "[--save-boot FILE]",
    "mediation and conditional process models (PROCESS 1, 4, 6, 7, 8, 14, 58, 59) with bootstrap, "
    "Sobel and Monte Carlo intervals",
    mediate_opts, run_mediate};
