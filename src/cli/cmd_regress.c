/* Subcommands of the regression family: regress, moderate, ttest, anova, crosstab, iv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "ambidex/adx_report_regress.h"
#include "cli.h"

/* The models here use listwise deletion only. */
static int no_pairwise(cli_t *c)
{
    if (c->missing_set && c->missing == ADX_PAIRWISE)
        return cli_usage_error(c, "%s uses listwise deletion (one sample for the whole model); "
                                  "drop --missing pairwise",
                               c->cmd->name);
    return 0;
}

/* Splits comma/space separated lists from repeatable option values into names
 * (pointers into *buf, which the caller frees). */
static size_t split_list(const char *const *vals, size_t nv, char **buf, const char **names,
                         size_t max)
{
    size_t total = 1, n = 0;
    for (size_t i = 0; i < nv; i++)
        total += strlen(vals[i]) + 1;
    if (!(*buf = malloc(total)))
        return 0;
    char *w = *buf;
    for (size_t i = 0; i < nv; i++) {
        strcpy(w, vals[i]);
        char *save = NULL;
        for (char *tok = strtok_r(w, ", ", &save); tok && n < max; tok = strtok_r(NULL, ", ", &save))
            names[n++] = tok;
        w += strlen(vals[i]) + 1;
    }
    return n;
}

/* --ci 95 or 0.95. */
static int parse_ci(cli_t *c, double *ci)
{
    const char *v = cli_get(c, "ci");
    *ci = 0.95;
    if (!v)
        return 0;
    double x;
    if (cli_parse_double(v, &x) || !(x > 0 && x < 100)) {
        cli_usage_error(c, "--ci takes a confidence level such as 95 or 0.95, not '%s'", v);
        return -1;
    }
    *ci = x >= 1 ? x / 100 : x;
    return 0;
}

/* ---- regress -------------------------------------------------------------------- */

static const cli_opt_t regress_opts[] = {
    {"block", CLI_MULTI, "terms added as the next model (repeatable), e.g. --block \"X3 + X4\""},
    {"center", CLI_MULTI, "variables to mean-centre on the analysis sample (comma list)"},
    {"robust", CLI_VALUE, "heteroskedasticity-consistent SEs: hc0, hc1, hc2, hc3 or hc4"},
    {"ci", CLI_VALUE, "confidence level of the coefficient CIs (default 95)"},
    {"dw", CLI_FLAG, "add the Durbin-Watson statistic"},
    {"stream", CLI_FLAG, "one pass over a large CSV file, memory O(p^2): plain variables only, "
                         "no blocks"},
    {NULL, 0, NULL}};

/* regress --stream: "Y ~ A + B" with plain variable names, read in one pass. */
static int run_regress_stream(cli_t *c, const adx_ols_options_t *oo)
{
    char *buf = strdup(c->pos[1]);
    const char *xs[256], *names[257];
    size_t k = 0;
    adx_ols_t *f = NULL;
    adx_report_t *r = NULL;
    adx_error_t rc = ADX_OK;
    if (!buf)
        return cli_fail(c, adx_err(&c->err, ADX_ENOMEM, "out of memory"));
    char *tilde = strchr(buf, '~');
    if (!tilde || strpbrk(buf, "():*|")) {
        free(buf);
        return cli_usage_error(c, "--stream takes \"Y ~ X1 + X2\" with plain variable names "
                                  "(no products, log(), factor() or blocks)");
    }
    *tilde = 0;
    char *y = buf, *save = NULL;
    while (*y == ' ')
        y++;
    for (char *e = y + strlen(y); e > y && e[-1] == ' ';)
        *--e = 0;
    for (char *tok = strtok_r(tilde + 1, "+ ", &save); tok && k < 256;
         tok = strtok_r(NULL, "+ ", &save))
        xs[k++] = tok;
    names[0] = "(Intercept)";
    for (size_t j = 0; j < k; j++)
        names[j + 1] = xs[j];
    rc = adx_ols_stream_csv(c->pos[0], &c->ropt, y, xs, k, oo, &f, &c->err);
    if (!rc)
        rc = adx_report_ols(f, y, names, "Streaming fit: one pass, centred cross-products "
                                         "(listwise deletion).", &r, &c->err);
    adx_ols_free(f);
    free(buf);
    return cli_finish(c, rc, r);
}

static int run_regress(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_regress_t *res = NULL;
    adx_report_t *r = NULL;
    char *cbuf = NULL;
    const char *centers[256];
    if (c->npos != 2)
        return cli_usage_error(c, "give the DATA file and one formula, e.g. \"Y ~ X1 + X2\"");
    if (no_pairwise(c))
        return 2;
    adx_regress_options_t o;
    adx_regress_options_init(&o);
    if (parse_ci(c, &o.ols.ci))
        return 2;
    const char *rob = cli_get(c, "robust");
    if (rob) {
        int h = adx_hc_parse(rob);
        if (h < 0)
            return cli_usage_error(c, "--robust takes hc0, hc1, hc2, hc3 or hc4, not '%s'", rob);
        o.ols.hc = (adx_hc_t)h;
    }
    o.durbin_watson = cli_get(c, "dw") != NULL;
    const char *const *cv = NULL, *const *bv = NULL;
    size_t ncv = cli_get_multi(c, "center", &cv);
    size_t nb = cli_get_multi(c, "block", &bv);
    if (cli_get(c, "stream")) {
        if (nb || ncv || o.durbin_watson || c->ncompute)
            return cli_usage_error(c, "--stream cannot be combined with --block, --center, --dw "
                                      "or --compute");
        if (o.ols.hc != ADX_HC_NONE)
            return cli_usage_error(c, "--stream cannot give robust SEs (they need every "
                                      "residual); drop --robust or --stream");
        return run_regress_stream(c, &o.ols);
    }
    if (ncv) {
        o.ncenter = split_list(cv, ncv, &cbuf, centers, 256);
        o.center = centers;
        if (!cbuf)
            return cli_fail(c, adx_err(&c->err, ADX_ENOMEM, "out of memory"));
    }
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_regress(ds, c->pos[1], bv, nb, &o, &res, &c->err);
    if (!rc)
        rc = adx_report_regress(res, &r, &c->err);
    adx_regress_free(res);
    adx_dataset_free(ds);
    free(cbuf);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_regress = {
    "regress",
    "regress DATA \"Y ~ X1 + X2\" [--block \"X3 + X4\"]... [--center VARS] "
    "[--robust hc0..hc4] [--ci 95] [--dw] [--stream]",
    "hierarchical OLS: model summary with R2 change, ANOVA, coefficients with Beta, "
    "tolerance and VIF, collinearity diagnostics",
    regress_opts, run_regress};

/* ---- moderate ------------------------------------------------------------------- */

static const cli_opt_t moderate_opts[] = {
    {"y", CLI_VALUE, "outcome"},
    {"x", CLI_VALUE, "focal predictor"},
    {"w", CLI_VALUE, "moderator; factor(W) (or a string variable) for a categorical one"},
    {"covariates", CLI_MULTI, "covariates (comma list, repeatable)"},
    {"center", CLI_FLAG, "mean-centre X and W before forming the product"},
    {"probe", CLI_VALUE, "sd (mean -1SD, mean, +1SD; default) or pct (16th, 50th, 84th)"},
    {"robust", CLI_VALUE, "heteroskedasticity-consistent SEs: hc0..hc4"},
    {"ci", CLI_VALUE, "confidence level (default 95)"},
    {NULL, 0, NULL}};

static int run_moderate(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_moderate_t *m = NULL;
    adx_report_t *r = NULL;
    char *cbuf = NULL;
    const char *covs[256];
    size_t ncov = 0;
    if (c->npos != 1)
        return cli_usage_error(c, "give the DATA file and --y, --x and --w");
    const char *y = cli_get(c, "y"), *x = cli_get(c, "x"), *w = cli_get(c, "w");
    if (!y || !x || !w)
        return cli_usage_error(c, "--y, --x and --w are all required");
    if (no_pairwise(c))
        return 2;
    adx_moderate_options_t o;
    adx_moderate_options_init(&o);
    if (parse_ci(c, &o.ols.ci))
        return 2;
    char wbuf[256];
    size_t wl = strlen(w);
    if (!strncmp(w, "factor(", 7) && wl > 8 && w[wl - 1] == ')' && wl - 8 < sizeof wbuf) {
        snprintf(wbuf, sizeof wbuf, "%.*s", (int)(wl - 8), w + 7);
        w = wbuf;
        o.w_categorical = 1;
    }
    o.center = cli_get(c, "center") != NULL;
    const char *pr = cli_get(c, "probe");
    if (pr && !strcmp(pr, "pct"))
        o.probe = ADX_PROBE_PCT;
    else if (pr && strcmp(pr, "sd"))
        return cli_usage_error(c, "--probe takes sd or pct, not '%s'", pr);
    const char *rob = cli_get(c, "robust");
    if (rob) {
        int h = adx_hc_parse(rob);
        if (h < 0)
            return cli_usage_error(c, "--robust takes hc0, hc1, hc2, hc3 or hc4, not '%s'", rob);
        o.ols.hc = (adx_hc_t)h;
    }
    const char *const *cv = NULL;
    size_t ncv = cli_get_multi(c, "covariates", &cv);
    if (ncv) {
        ncov = split_list(cv, ncv, &cbuf, covs, 256);
        if (!cbuf)
            return cli_fail(c, adx_err(&c->err, ADX_ENOMEM, "out of memory"));
    }
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_moderate(ds, y, x, w, covs, ncov, &o, &m, &c->err);
    if (!rc)
        rc = adx_report_moderate(m, &r, &c->err);
    adx_moderate_free(m);
    adx_dataset_free(ds);
    free(cbuf);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_moderate = {
    "moderate",
    "moderate DATA --y Y --x X --w W [--covariates C1,C2] [--center] [--probe sd|pct] "
    "[--robust hc0..hc4]",
    "moderation (PROCESS model 1): interaction, R2 change, conditional effects, "
    "Johnson-Neyman region, interaction-plot data",
    moderate_opts, run_moderate};

/* ---- ttest, anova, crosstab ------------------------------------------------------- */

static const cli_opt_t ttest_opts[] = {
    {"group", CLI_VALUE, "grouping variable (independent samples)"},
    {"levels", CLI_VALUE, "the two groups to compare, e.g. --levels 1,2"},
    {"paired", CLI_VALUE, "second variable of a paired-samples test"},
    {"mu", CLI_VALUE, "test value of a one-sample test"},
    {"ci", CLI_VALUE, "confidence level (default 95)"},
    {NULL, 0, NULL}};

static int run_ttest(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_report_t *r = NULL;
    size_t *idx = NULL, k = 0;
    double ci;
    if (parse_ci(c, &ci))
        return 2;
    const char *g = cli_get(c, "group"), *pv = cli_get(c, "paired"), *mu = cli_get(c, "mu"),
               *lv = cli_get(c, "levels");
    if (!!g + !!pv + !!mu != 1)
        return cli_usage_error(c, "choose one test: --group G (independent), --paired Y2 or "
                                  "--mu VALUE (one sample)");
    if (c->npos < 2)
        return cli_usage_error(c, "give the DATA file and at least one variable");
    double muv = 0;
    if (mu && cli_parse_double(mu, &muv))
        return cli_usage_error(c, "--mu takes a number, not '%s'", mu);
    char l1[256] = "", l2[256] = "";
    if (lv) {
        const char *comma = strchr(lv, ',');
        if (!comma || strchr(comma + 1, ',') || comma == lv || !comma[1] ||
            (size_t)(comma - lv) >= sizeof l1 || strlen(comma + 1) >= sizeof l2)
            return cli_usage_error(c, "--levels takes two groups separated by a comma, e.g. 1,2");
        snprintf(l1, sizeof l1, "%.*s", (int)(comma - lv), lv);
        snprintf(l2, sizeof l2, "%s", comma + 1);
    }
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = cli_vars(c, ds, 1, 0, &idx, &k);
    if (!rc && g) {
        size_t gi;
        adx_ttest_t *t = NULL;
        rc = adx_dataset_lookup(ds, &g, 1, 0, &gi, &c->err);
        if (!rc)
            rc = adx_ttest_independent(ds, idx, k, gi, lv ? l1 : NULL, lv ? l2 : NULL, ci, &t,
                                       &c->err);
        if (!rc)
            rc = adx_report_ttest(t, &r, &c->err);
        adx_ttest_free(t);
    } else if (!rc) {
        size_t y2 = (size_t)-1;
        if (k != 1)
            rc = adx_err(&c->err, ADX_EUSAGE, "a %s t-test takes one variable",
                         pv ? "paired" : "one-sample");
        if (!rc && pv)
            rc = adx_dataset_lookup(ds, &pv, 1, 1, &y2, &c->err);
        adx_ttest1_t t = {0};
        if (!rc)
            rc = adx_ttest_paired(ds, idx[0], y2, muv, ci, &t, &c->err);
        if (!rc)
            rc = adx_report_ttest1(&t, pv != NULL, &r, &c->err);
        adx_ttest1_clear(&t);
    }
    free(idx);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_ttest = {
    "ttest",
    "ttest DATA Y... --group G [--levels A,B] | ttest DATA Y1 --paired Y2 | ttest DATA Y --mu 3",
    "t-tests: independent samples (Levene, Student, Welch, Cohen's d; several Y at once), "
    "paired, one-sample",
    ttest_opts, run_ttest};

static const cli_opt_t anova_opts[] = {{"group", CLI_VALUE, "grouping variable"},
                                       {NULL, 0, NULL}};

static int run_anova(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_report_t *r = NULL;
    adx_anova_t *a = NULL;
    const char *g = cli_get(c, "group");
    if (c->npos != 2 || !g)
        return cli_usage_error(c, "give the DATA file, one Y and --group G");
    size_t y, gi;
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_dataset_lookup(ds, &c->pos[1], 1, 1, &y, &c->err);
    if (!rc)
        rc = adx_dataset_lookup(ds, &g, 1, 0, &gi, &c->err);
    if (!rc)
        rc = adx_anova_oneway(ds, y, gi, &a, &c->err);
    if (!rc)
        rc = adx_report_anova(a, &r, &c->err);
    adx_anova_free(a);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_anova = {"anova", "anova DATA Y --group G",
                                 "one-way ANOVA with eta squared and Welch's F", anova_opts,
                                 run_anova};

static const cli_opt_t crosstab_opts[] = {{NULL, 0, NULL}};

static int run_crosstab(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_report_t *r = NULL;
    adx_crosstab_t *x = NULL;
    if (c->npos != 3)
        return cli_usage_error(c, "give the DATA file, a ROW and a COLUMN variable");
    size_t v[2];
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_dataset_lookup(ds, &c->pos[1], 2, 0, v, &c->err);
    if (!rc)
        rc = adx_crosstab(ds, v[0], v[1], &x, &c->err);
    if (!rc)
        rc = adx_report_crosstab(x, &r, &c->err);
    adx_crosstab_free(x);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_crosstab = {"crosstab", "crosstab DATA ROW COLUMN",
                                    "cross-tabulation with the chi-square test of independence "
                                    "and Cramer's V",
                                    crosstab_opts, run_crosstab};

/* ---- iv ------------------------------------------------------------------------------ */

static const cli_opt_t iv_opts[] = {{"ci", CLI_VALUE, "confidence level (default 95)"},
                                    {NULL, 0, NULL}};

static int run_iv(cli_t *c)
{
    adx_dataset_t *ds = NULL;
    adx_report_t *r = NULL;
    adx_iv_t *res = NULL;
    double ci;
    if (parse_ci(c, &ci))
        return 2;
    if (c->npos != 2)
        return cli_usage_error(c, "give the DATA file and one model, e.g. "
                                  "\"Y ~ C1 + C2 | X ~ Z1 + Z2\"");
    if (no_pairwise(c))
        return 2;
    adx_error_t rc = cli_load(c, &ds);
    if (!rc)
        rc = adx_iv(ds, c->pos[1], ci, &res, &c->err);
    if (!rc)
        rc = adx_report_iv(res, &r, &c->err);
    adx_iv_free(res);
    adx_dataset_free(ds);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_iv = {
    "iv", "iv DATA \"Y ~ CONTROLS | ENDOGENOUS ~ INSTRUMENTS\" [--ci 95]",
    "two-stage least squares: coefficients, first stage (partial R2, F, Stock-Yogo), "
    "Wu-Hausman and Durbin endogeneity tests, Sargan test",
    iv_opts, run_iv};
