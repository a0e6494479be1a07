/* Subcommands cfa and sem: lavaan model syntax, ML estimation, fit, validity. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_sem.h"
#include "cli.h"

static int run_model(cli_t *c, int is_sem)
{
    adx_dataset_t *ds = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_report_t *r = NULL;
    char *text = NULL, *covnames_buf = NULL;
    char **covnames = NULL;
    double *cov = NULL;
    size_t covk = 0;
    adx_error_t rc = ADX_OK;
    const char *inline_model = cli_get(c, "model"), *covfile = cli_get(c, "cov"),
               *nobs = cli_get(c, "nobs");
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    if (cli_get(c, "std-lv"))
        o.std_lv = 1;
    if (cli_get(c, "no-fixed-x"))
        o.fixed_x = 0;
    const char *est = cli_get(c, "estimator");
    if (est && strcmp(est, "ML") && strcmp(est, "ml") && strcmp(est, "MLR") && strcmp(est, "mlr"))
        return cli_usage_error(c, "--estimator takes ML or MLR, not '%s'", est);
    o.robust = est && (!strcmp(est, "MLR") || !strcmp(est, "mlr"));
    const char *inf = cli_get(c, "information");
    if (inf && strcmp(inf, "expected") && strcmp(inf, "observed"))
        return cli_usage_error(c, "--information takes expected or observed, not '%s'", inf);
    o.observed_info = inf && !strcmp(inf, "observed");
    const char *th = cli_get(c, "threads");
    if (th) {
        double v;
        if (cli_parse_double(th, &v) || v < 1 || v > 1024 || v != (long)v)
            return cli_usage_error(c, "--threads takes a whole number from 1 to 1024, not '%s'",
                                   th);
        o.threads = (int)v;
    }
    if (cli_get(c, "seed") && !cli_get(c, "boot"))
        return cli_usage_error(c, "--seed goes with --boot N");
    const char *mi = cli_get(c, "max-iter");
    if (mi) {
        double v;
        if (cli_parse_double(mi, &v) || v < 1 || v > 100000 || v != (long)v)
            return cli_usage_error(c, "--max-iter takes a whole number from 1 to 100000, not '%s'",
                                   mi);
        o.max_iter = (int)v;
    }
    if (c->missing_set && c->missing != ADX_LISTWISE)
        return cli_usage_error(c, "%s uses listwise deletion or --missing fiml; pairwise "
                                  "deletion is not supported",
                               c->cmd->name);
    o.fiml = c->missing_fiml;
    size_t want = (covfile ? 0 : 1) + (inline_model ? 0 : 1);
    if (c->npos != want) {
        if (covfile)
            return cli_usage_error(c, "with --cov give only the MODEL file (or -e \"model\"), "
                                      "not a DATA file");
        return cli_usage_error(c, "give the DATA file and the MODEL file (or -e \"model\"); "
                                  "usage: ambidex %s",
                               c->cmd->usage);
    }
    if (covfile && !nobs)
        return cli_usage_error(c, "--cov needs --nobs N (the number of cases)");
    if (nobs && !covfile)
        return cli_usage_error(c, "--nobs goes with --cov FILE");
    double nv = 0;
    if (nobs && (cli_parse_double(nobs, &nv) || nv < 2 || nv != (double)(size_t)nv))
        return cli_usage_error(c, "--nobs takes a whole number of cases >= 2, not '%s'", nobs);
    const char *model_src = inline_model ? "model (-e)" : c->pos[c->npos - 1];
    if (inline_model) {
        text = strdup(inline_model);
        if (!text)
            rc = adx_err(&c->err, ADX_ENOMEM, "out of memory");
    } else if (!(text = cli_read_text(c, model_src, "the model file"))) {
        rc = c->err.code;
    }
    if (!rc)
        rc = adx_sem_parse(text, model_src, &syn, &c->err);
    if (!rc)
        rc = adx_sem_build(syn, &o, &s, &c->err);
    const char *grp = cli_get(c, "group");
    if (!rc && grp) {
        if (covfile)
            rc = adx_err(&c->err, ADX_EUSAGE, "--group needs raw data, not --cov");
        else if (o.fiml || o.robust || cli_get(c, "boot") || cli_get(c, "mi") ||
                 cli_get(c, "validity"))
            rc = adx_err(&c->err, ADX_EUNSUPPORTED, "--group runs the invariance sequence; it "
                                                    "does not combine with --missing fiml, MLR, "
                                                    "--boot, --mi or --validity yet");
        adx_sem_invariance_t *inv = NULL;
        if (!rc)
            rc = cli_load(c, &ds);
        if (!rc)
            rc = adx_sem_invariance(syn, &o, ds, grp, &inv, &c->err);
        if (!rc)
            rc = adx_report_sem_invariance(inv, grp, &r, &c->err);
        adx_sem_invariance_free(inv);
        int code = rc ? cli_fail(c, rc) : cli_emit(c, r);
        adx_report_free(r);
        adx_sem_free(s);
        adx_sem_syntax_free(syn);
        adx_dataset_free(ds);
        free(text);
        return code;
    }
    if (!rc && covfile) {
        rc = adx_read_cov_matrix(covfile, &covnames, &covnames_buf, &covk, &cov, &c->err);
        if (!rc)
            rc = adx_sem_fit_named_cov(s, (const char *const *)covnames, covk, cov, (size_t)nv,
                                       &c->err);
    } else if (!rc) {
        rc = cli_load(c, &ds);
        if (!rc)
            rc = adx_sem_fit_dataset(s, ds, &c->err);
    }
    const char *boot = cli_get(c, "boot"), *seed = cli_get(c, "seed");
    if (!rc && boot) {
        double bv = 0, sv = 1;
        if (cli_parse_double(boot, &bv) || bv < 2 || bv > 1e7 || bv != (double)(size_t)bv)
            rc = adx_err(&c->err, ADX_EUSAGE, "--boot takes a whole number of resamples (2 to "
                                              "10000000), not '%s'", boot);
        else if (seed && (cli_parse_double(seed, &sv) || sv < 0 || sv > 9007199254740992.0 ||
                          sv != (double)(unsigned long long)sv))
            rc = adx_err(&c->err, ADX_EUSAGE, "--seed takes a whole number >= 0, not '%s'", seed);
        else
            rc = adx_sem_bootstrap(s, (size_t)bv, (unsigned long long)sv, &c->err);
    }
    if (!rc && cli_get(c, "mi"))
        rc = adx_sem_modindices(s, &c->err);
    if (!rc && cli_get(c, "validity"))
        rc = adx_sem_validity(s, &c->err);
    if (!rc)
        rc = adx_report_sem(s, is_sem ? "SEM" : "CFA", &r, &c->err);
    int code = rc ? cli_fail(c, rc) : cli_emit(c, r);
    if (!rc && s->heywood)
        fprintf(stderr, "ambidex: warning: %s: %d negative variance estimate(s) (Heywood case)\n",
                model_src, s->heywood);
    adx_report_free(r);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    free(text);
    free(covnames);
    free(covnames_buf);
    free(cov);
    return code;
}

static int run_cfa(cli_t *c) { return run_model(c, 0); }
static int run_sem(cli_t *c) { return run_model(c, 1); }

static const cli_opt_t sem_opts[] = {
    {"model", CLI_VALUE, "the model as text instead of a MODEL file; also -e"},
    {"std-lv", CLI_FLAG, "identify factors by unit variances instead of marker loadings"},
    {"validity", CLI_FLAG, "alpha, CR, AVE, Fornell-Larcker, HTMT and Harman's one-factor test"},
    {"cov", CLI_VALUE, "fit to a covariance matrix file (names header, full or lower triangle)"},
    {"nobs", CLI_VALUE, "number of cases behind --cov"},
    {"no-fixed-x", CLI_FLAG, "estimate the (co)variances of exogenous observed covariates"},
    {"max-iter", CLI_VALUE, "iteration limit of the optimizer (default 500)"},
    {"estimator", CLI_VALUE, "ML (default) or MLR: robust sandwich SEs and Yuan-Bentler scaled chi2"},
    {"information", CLI_VALUE, "standard errors from the expected (default) or observed information"},
    {"mi", CLI_FLAG, "modification indices with expected parameter changes"},
    {"group", CLI_VALUE, "measurement invariance across the groups of VAR (configural, metric, "
                         "scalar)"},
    {"boot", CLI_VALUE, "bootstrap with N resamples: SEs, percentile and bias-corrected CIs"},
    {"seed", CLI_VALUE, "bootstrap seed (default 1); same seed, same result for any --threads"},
    {"threads", CLI_VALUE, "bootstrap threads (default: all cores)"},
    {NULL, 0, NULL}};

const cli_cmd_t cli_cmd_cfa = {
    "cfa", "cfa DATA MODEL_FILE | cfa DATA -e \"F =~ x1 + x2 + x3\" [--validity] [--std-lv]",
    "confirmatory factor analysis (lavaan syntax, ML): loadings, fit, reliability and validity",
    sem_opts, run_cfa};

const cli_cmd_t cli_cmd_sem = {
    "sem", "sem DATA MODEL_FILE | sem --cov COV.csv --nobs N MODEL_FILE [--std-lv]",
    "structural equation model (lavaan syntax, ML): paths, := effects, fit, R2", sem_opts,
    run_sem};
