/* Subcommands of the regression family: regress, moderate, ttest, anova, crosstab, iv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "ambidex/adx_report_regress.h"
#include "ambidex/adx_report_stats.h"
#include "cli.h"

/* The models here use listwise deletion only. */
static int no_pairwise(cli_t *c)
{
    return cli_listwise_only(c, 1, "%s uses listwise deletion (one sample for the whole model); "
                                   "drop --missing pairwise");
}

/* The heteroskedasticity-consistent SEs and the confidence level, shared by
 * regress and moderate. */
#define OPT_ROBUST(help)                                                                    \
    {"robust", CLI_CHOICE, help, .parse = adx_hc_parse, .what = "hc0, hc1, hc2, hc3 or hc4"}
#define OPT_CI {"ci", CLI_LEVEL, "confidence level (default 95)"}

static void ols_options(const cli_t *c, int robust, int ci, adx_ols_options_t *ols)
{
    ols->hc = (adx_hc_t)cli_choice(c, robust, (int)ols->hc);
    ols->ci_level = cli_num(c, ci, 0.95);
}

/* ---- regress -------------------------------------------------------------------- */

enum { REG_BLOCK, REG_CENTER, REG_ROBUST, REG_CI, REG_DW, REG_STREAM, REG_RESID, REG_SAVE,
       REG_PLOTS, REG_NOPTS };
static const cli_opt_t regress_opts[] = {
    [REG_BLOCK] = {"block", CLI_STRING, "terms added as the next model (repeatable), e.g. "
                                        "--block \"X3 + X4\"", CLI_REPEAT},
    [REG_CENTER] = {"center", CLI_LIST, "variables to mean-centre on the analysis sample (comma "
                                        "list)", CLI_REPEAT | CLI_BLANKS},
    [REG_ROBUST] = OPT_ROBUST("heteroskedasticity-consistent SEs: hc0, hc1, hc2, hc3 or hc4"),
    [REG_CI] = {"ci", CLI_LEVEL, "confidence level of the coefficient CIs (default 95)"},
    [REG_DW] = {"dw", CLI_FLAG, "add the Durbin-Watson statistic"},
    [REG_STREAM] = {"stream", CLI_FLAG, "one pass over a large CSV file, memory O(p^2): plain "
                                        "variables only, no blocks"},
    [REG_RESID] = {"residuals", CLI_FLAG, "residual statistics of the last model (SPSS "
                                          "/RESIDUALS)"},
    [REG_SAVE] = {"save-residuals", CLI_STRING, "write the case diagnostics of the last model "
                                                "to this CSV file (SPSS /SAVE)"},
    [REG_PLOTS] = {"residual-plots", CLI_FLAG, "figures of the last model: normal P-P plot of "
                                               "the standardized residuals, *ZRESID by *ZPRED"},
    [REG_NOPTS] = {NULL, 0, NULL}};

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
        return cli_fail(c, adx_oom(&c->err));
    char *tilde = strchr(buf, '~');
    if (!tilde || strpbrk(buf, "():*|")) {
        free(buf);
        return cli_usage_error(c, "--stream takes \"Y ~ X1 + X2\" with plain variable names "
                                  "(no products, log(), factor() or blocks)");
    }
    if (strchr(tilde + 1, '~')) {
        free(buf);
        return cli_usage_error(c, "formula '%s' has more than one '~'; write it as "
                                  "\"Y ~ X1 + X2\"", c->pos[1]);
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

/* The arguments of regress: the options, the --block terms, the --save-residuals file. */
typedef struct {
    adx_regress_options_t o;
    const char *const *bv;
    size_t nb;
    const char *save;
    int plots;
} regress_args_t;

/* The case diagnostics as CSV (row = 1-based data row), written atomically to path. */
static adx_error_t save_residuals(const adx_casediag_t *C, const char *path, adx_errctx_t *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return adx_oom(err);
    fprintf(f, "row,fitted,resid,zpred,zresid,sresid,sdresid,hat,lever,cooks\n");
    for (size_t i = 0; i < C->n; i++)
        fprintf(f, "%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", C->row[i] + 1,
                C->fitted[i], C->resid[i], C->zpred[i], C->zresid[i], C->sresid[i],
                C->sdresid[i], C->hat[i], C->lever[i], C->cooks[i]);
    int bad = fclose(f) != 0 || !buf;
    adx_error_t rc = bad ? adx_oom(err) : adx_write_atomic(path, buf, len, err);
    free(buf);
    return rc;
}

static adx_error_t regress_report(const adx_regress_t *res, const regress_args_t *a,
                                  adx_report_t **r, adx_errctx_t *err)
{
    adx_error_t rc = a->save && res->casediag ? save_residuals(res->casediag, a->save, err)
                                              : ADX_OK;
    if (!rc)
        rc = adx_report_regress(res, r, err);
    if (!rc && a->plots && res->casediag)
        rc = adx_report_residual_plots(res->casediag, *r, err);
    return rc;
}

CLI_ANALYSIS(regress, regress_args_t, adx_regress_t, adx_regress_free,
             adx_regress(d->ds, c->pos[1], a->bv, a->nb, &a->o, &res, &c->err),
             regress_report(res, a, r, &c->err))

static int run_regress(cli_t *c)
{
    if (c->npos != 2)
        return cli_usage_error(c, "give the DATA file and one formula, e.g. \"Y ~ X1 + X2\"");
    if (no_pairwise(c))
        return 2;
    regress_args_t a;
    adx_regress_options_t *o = &a.o;
    adx_regress_options_init(o);
    ols_options(c, REG_ROBUST, REG_CI, &o->ols);
    o->durbin_watson = cli_has(c, REG_DW);
    a.save = cli_str(c, REG_SAVE);
    a.plots = cli_has(c, REG_PLOTS);
    o->casediag = a.save || a.plots || cli_has(c, REG_RESID);
    a.nb = cli_multi(c, REG_BLOCK, &a.bv);
    o->ncenter = cli_list(c, REG_CENTER, &o->center);
    if (cli_has(c, REG_STREAM)) {
        if (a.nb || o->ncenter || o->durbin_watson || c->ncompute || o->casediag)
            return cli_usage_error(c, "--stream cannot be combined with --block, --center, --dw, "
                                      "--compute or the case diagnostics (--residuals, "
                                      "--save-residuals, --residual-plots)");
        if (o->ols.hc != ADX_HC_NONE)
            return cli_usage_error(c, "--stream cannot give robust SEs (they need every "
                                      "residual); drop --robust or --stream");
        return run_regress_stream(c, &o->ols);
    }
    return cli_run(c, 0, 0, regress, &a);
}

const cli_cmd_t cli_cmd_regress = {
    "regress",
    "regress DATA \"Y ~ X1 + X2\" [--block \"X3 + X4\"]... [--center VARS] "
    "[--robust hc0..hc4] [--ci 95] [--dw] [--residuals] [--save-residuals FILE] "
    "[--residual-plots] [--stream]",
    "hierarchical OLS: model summary with R2 change, ANOVA, coefficients with Beta, "
    "tolerance and VIF, collinearity diagnostics",
    CLI_OPTS(regress_opts), .run = run_regress};

/* ---- moderate ------------------------------------------------------------------- */

enum { MOD_Y, MOD_X, MOD_W, MOD_COVARIATES, MOD_CENTER, MOD_PROBE, MOD_ROBUST, MOD_CI,
       MOD_NOPTS };
static const cli_choice_t mod_probe[] = {{"pct", ADX_PROBE_PERCENTILES},
                                         {"percentiles", ADX_PROBE_PERCENTILES},
                                         {"sd", ADX_PROBE_MEANSD},
                                         {"meansd", ADX_PROBE_MEANSD},
                                         {NULL, 0}};
static const cli_opt_t moderate_opts[] = {
    [MOD_Y] = {"y", CLI_STRING, "outcome"},
    [MOD_X] = {"x", CLI_STRING, "focal predictor"},
    [MOD_W] = {"w", CLI_STRING, "moderator; factor(W) (or a string variable) for a categorical "
                                "one"},
    [MOD_COVARIATES] = {"covariates", CLI_LIST, "covariates (comma list, repeatable)",
                        CLI_REPEAT | CLI_BLANKS},
    [MOD_CENTER] = {"center", CLI_FLAG, "mean-centre X and W before forming the product"},
    [MOD_PROBE] = {"probe", CLI_CHOICE, "pct (16th, 50th, 84th percentiles; default, as "
                                        "PROCESS) or sd (mean -1SD, mean, +1SD)", .choices = mod_probe},
    [MOD_ROBUST] = OPT_ROBUST("heteroskedasticity-consistent SEs: hc0..hc4"),
    [MOD_CI] = OPT_CI,
    [MOD_NOPTS] = {NULL, 0, NULL}};

/* The arguments of moderate: the options and the variables. */
typedef struct {
    adx_moderate_options_t o;
    const char *y, *x, *w;
    const char *const *covs;
    size_t ncov;
} moderate_args_t;

CLI_ANALYSIS(moderate, moderate_args_t, adx_moderate_t, adx_moderate_free,
             adx_moderate(d->ds, a->y, a->x, a->w, a->covs, a->ncov, &a->o, &res, &c->err),
             adx_report_moderate(res, r, &c->err))

static int run_moderate(cli_t *c)
{
    if (c->npos != 1)
        return cli_usage_error(c, "give the DATA file and --y, --x and --w");
    moderate_args_t a = {.y = cli_str(c, MOD_Y), .x = cli_str(c, MOD_X), .w = cli_str(c, MOD_W)};
    if (!a.y || !a.x || !a.w)
        return cli_usage_error(c, "--y, --x and --w are all required");
    if (no_pairwise(c))
        return 2;
    adx_moderate_options_init(&a.o);
    ols_options(c, MOD_ROBUST, MOD_CI, &a.o.ols);
    char wbuf[256];
    const char *w = a.w;
    size_t wl = strlen(w);
    if (!strncmp(w, "factor(", 7) && wl > 8 && w[wl - 1] == ')' && wl - 8 < sizeof wbuf) {
        snprintf(wbuf, sizeof wbuf, "%.*s", (int)(wl - 8), w + 7);
        a.w = wbuf;
        a.o.w_categorical = 1;
    }
    a.o.center = cli_has(c, MOD_CENTER);
    a.o.probe = (adx_probe_t)cli_choice(c, MOD_PROBE, (int)a.o.probe);
    a.ncov = cli_list(c, MOD_COVARIATES, &a.covs);
    return cli_run(c, 0, 0, moderate, &a);
}

const cli_cmd_t cli_cmd_moderate = {
    "moderate",
    "moderate DATA --y Y --x X --w W [--covariates C1,C2] [--center] [--probe sd|pct] "
    "[--robust hc0..hc4]",
    "moderation (PROCESS model 1): interaction, R2 change, conditional effects, "
    "Johnson-Neyman region, interaction-plot data",
    CLI_OPTS(moderate_opts), .run = run_moderate};

/* ---- ttest, anova, crosstab ------------------------------------------------------- */

enum { TT_GROUP, TT_LEVELS, TT_PAIRED, TT_MU, TT_CI, TT_NOPTS };
static const cli_opt_t ttest_opts[] = {
    [TT_GROUP] = {"group", CLI_STRING, "grouping variable (independent samples)"},
    [TT_LEVELS] = {"levels", CLI_STRING, "the two groups to compare, e.g. --levels 1,2"},
    [TT_PAIRED] = {"paired", CLI_STRING, "second variable of a paired-samples test"},
    [TT_MU] = {"mu", CLI_REAL, "test value of a one-sample test", .lo = -HUGE_VAL, .hi = HUGE_VAL},
    [TT_CI] = OPT_CI,
    [TT_NOPTS] = {NULL, 0, NULL}};

/* The arguments of ttest. */
typedef struct {
    double ci, mu;
    const char *g, *pv;     /* --group, --paired */
    const char *l1, *l2;    /* --levels, or NULL */
} ttest_args_t;

static adx_error_t ttest_independent(cli_t *c, const cli_data_t *d, const ttest_args_t *a,
                                     adx_report_t **r)
{
    size_t gi;
    adx_error_t rc = adx_dataset_lookup(d->ds, &a->g, 1, 0, &gi, &c->err);
    adx_ttest_t *t = NULL;
    if (!rc)
        rc = adx_ttest_independent(d->ds, d->idx, d->k, gi, a->l1, a->l2, a->ci, &t, &c->err);
    if (!rc)
        rc = adx_report_ttest(t, r, &c->err);
    adx_ttest_free(t);
    return rc;
}

static adx_error_t ttest(cli_t *c, const cli_data_t *d, const void *opts, adx_report_t **r)
{
    const ttest_args_t *a = opts;
    if (a->g)
        return ttest_independent(c, d, a, r);
    size_t y2 = (size_t)-1;
    adx_error_t rc = ADX_OK;
    if (d->k != 1)
        rc = adx_err(&c->err, ADX_EUSAGE, "a %s t-test takes one variable",
                     a->pv ? "paired" : "one-sample");
    if (!rc && a->pv)
        rc = adx_dataset_lookup(d->ds, &a->pv, 1, 1, &y2, &c->err);
    adx_ttest1_t t = {0};
    if (!rc)
        rc = adx_ttest_paired(d->ds, d->idx[0], y2, a->mu, a->ci, &t, &c->err);
    if (!rc)
        rc = adx_report_ttest1(&t, a->pv != NULL, r, &c->err);
    adx_ttest1_clear(&t);
    return rc;
}

static int run_ttest(cli_t *c)
{
    ttest_args_t a = {cli_num(c, TT_CI, 0.95), cli_num(c, TT_MU, 0), cli_str(c, TT_GROUP),
                      cli_str(c, TT_PAIRED), NULL, NULL};
    const char *lv = cli_str(c, TT_LEVELS);
    if (!!a.g + !!a.pv + cli_has(c, TT_MU) != 1)
        return cli_usage_error(c, "choose one test: --group G (independent), --paired Y2 or "
                                  "--mu VALUE (one sample)");
    if (c->npos < 2)
        return cli_usage_error(c, "give the DATA file and at least one variable");
    char l1[256] = "", l2[256] = "";
    if (lv) {
        const char *comma = strchr(lv, ',');
        if (!comma || strchr(comma + 1, ',') || comma == lv || !comma[1] ||
            (size_t)(comma - lv) >= sizeof l1 || strlen(comma + 1) >= sizeof l2)
            return cli_usage_error(c, "--levels takes two groups separated by a comma, e.g. 1,2");
        snprintf(l1, sizeof l1, "%.*s", (int)(comma - lv), lv);
        snprintf(l2, sizeof l2, "%s", comma + 1);
        a.l1 = l1;
        a.l2 = l2;
    }
    return cli_run(c, 1, 0, ttest, &a);
}

const cli_cmd_t cli_cmd_ttest = {
    "ttest",
    "ttest DATA Y... --group G [--levels A,B] | ttest DATA Y1 --paired Y2 | ttest DATA Y --mu 3",
    "t-tests: independent samples (Levene, Student, Welch, Cohen's d; several Y at once), "
    "paired, one-sample",
    CLI_OPTS(ttest_opts), .run = run_ttest};

enum { ANOVA_GROUP, ANOVA_POSTHOC, ANOVA_CI, ANOVA_NOPTS };
static const cli_opt_t anova_opts[] = {
    [ANOVA_GROUP] = {"group", CLI_STRING, "grouping variable"},
    [ANOVA_POSTHOC] = {"posthoc", CLI_STRING, "post-hoc tests: tukey, gh (Games-Howell), "
                                              "bonferroni, all; comma-separated"},
    [ANOVA_CI] = OPT_CI,
    [ANOVA_NOPTS] = {NULL, 0, NULL}};

typedef struct {
    const char *g;
    adx_anova_options_t o;
} anova_args_t;

/* The one-way ANOVA of the second positional argument by --group. */
static adx_error_t anova_of(cli_t *c, const cli_data_t *d, const anova_args_t *a, adx_anova_t **res)
{
    size_t y, gi;
    adx_error_t rc = adx_dataset_lookup(d->ds, &c->pos[1], 1, 1, &y, &c->err);
    if (!rc)
        rc = adx_dataset_lookup(d->ds, &a->g, 1, 0, &gi, &c->err);
    return rc ? rc : adx_anova_oneway(d->ds, y, gi, &a->o, res, &c->err);
}

CLI_ANALYSIS(anova, anova_args_t, adx_anova_t, adx_anova_free, anova_of(c, d, a, &res),
             adx_report_anova(res, r, &c->err))

/* --posthoc tukey,gh,bonferroni (or all) as a mask; 0 with *bad set on an unknown name. */
static unsigned posthoc_mask(const char *s, char *bad, size_t nbad)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"tukey", ADX_POSTHOC_TUKEY},   {"gh", ADX_POSTHOC_GH},
                 {"games-howell", ADX_POSTHOC_GH}, {"bonferroni", ADX_POSTHOC_BONFERRONI},
                 {"all", ADX_POSTHOC_TUKEY | ADX_POSTHOC_GH | ADX_POSTHOC_BONFERRONI}};
    unsigned m = 0;
    while (*s) {
        size_t len = strcspn(s, ","), i;
        for (i = 0; i < sizeof names / sizeof *names; i++)
            if (strlen(names[i].name) == len && !strncmp(s, names[i].name, len))
                break;
        if (i == sizeof names / sizeof *names) {
            snprintf(bad, nbad, "%.*s", (int)len, s);
            return 0;
        }
        m |= names[i].bit;
        s += len + (s[len] == ',');
    }
    return m;
}

static int run_anova(cli_t *c)
{
    anova_args_t a;
    a.g = cli_str(c, ANOVA_GROUP);
    adx_anova_options_init(&a.o);
    a.o.ci_level = cli_num(c, ANOVA_CI, 0.95);
    if (c->npos != 2 || !a.g)
        return cli_usage_error(c, "give the DATA file, one Y and --group G");
    const char *ph = cli_str(c, ANOVA_POSTHOC);
    char bad[64] = "";
    if (ph && !(a.o.posthoc = posthoc_mask(ph, bad, sizeof bad)))
        return cli_usage_error(c, "--posthoc: unknown test '%s'; use tukey, gh, bonferroni or all",
                               bad);
    return cli_run(c, 0, 0, anova, &a);
}

const cli_cmd_t cli_cmd_anova = {"anova",
                                 "anova DATA Y --group G [--posthoc tukey,gh,bonferroni|all]",
                                 "one-way ANOVA: eta squared, Levene (mean, median), Welch's F, "
                                 "post-hoc tests (Tukey HSD, Games-Howell, Bonferroni)",
                                 CLI_OPTS(anova_opts), .run = run_anova};

enum { XT_EXACT, XT_SIMULATE, XT_SEED, XT_NOPTS };
static const cli_opt_t crosstab_opts[] = {
    [XT_EXACT] = {"exact", CLI_FLAG, "Fisher's exact test for any r x c table (2 x 2: always)"},
    [XT_SIMULATE] = {"simulate", CLI_COUNT, "Monte Carlo p of Fisher's test from B random "
                     "tables with the observed margins (R simulate.p.value; SPSS /METHOD=MC)",
                     .lo = 1, .hi = 1e9, .what = "a number of tables, e.g. 10000"},
    [XT_SEED] = {"seed", CLI_COUNT, "seed of the Monte Carlo tables (default 1)", .lo = 0,
                 .hi = CLI_2P53},
    [XT_NOPTS] = {NULL, 0, NULL}};

/* The cross-tabulation of the second and third positional arguments. */
static adx_error_t crosstab_of(cli_t *c, const cli_data_t *d, adx_crosstab_t **x)
{
    size_t v[2];
    adx_crosstab_options_t o;
    adx_crosstab_options_init(&o);
    o.exact = cli_has(c, XT_EXACT);
    o.simulate = (long)cli_count(c, XT_SIMULATE, 0);
    o.seed = (uint64_t)cli_num(c, XT_SEED, (double)o.seed);
    adx_error_t rc = adx_dataset_lookup(d->ds, &c->pos[1], 2, 0, v, &c->err);
    return rc ? rc : adx_crosstab(d->ds, v[0], v[1], &o, x, &c->err);
}

CLI_ANALYSIS(crosstab, void, adx_crosstab_t, adx_crosstab_free, crosstab_of(c, d, &res),
             adx_report_crosstab(res, r, &c->err))

const cli_cmd_t cli_cmd_crosstab = {"crosstab", "crosstab DATA ROW COLUMN [--exact] [--simulate B [--seed S]]",
                                    "cross-tabulation: chi-square (Yates for 2 x 2), Fisher's "
                                    "exact test, phi and Cramer's V",
                                    CLI_OPTS(crosstab_opts), .run = cli_run_positional,
                                    .analyse = crosstab, .npos = 3,
                                    .npos_msg = "give the DATA file, a ROW and a COLUMN variable"};

/* ---- iv ------------------------------------------------------------------------------ */

enum { IV_CI, IV_NOPTS };
static const cli_opt_t iv_opts[] = {[IV_CI] = OPT_CI, [IV_NOPTS] = {NULL, 0, NULL}};

CLI_ANALYSIS(iv, double, adx_iv_t, adx_iv_free, adx_iv(d->ds, c->pos[1], *a, &res, &c->err),
             adx_report_iv(res, r, &c->err))

static int run_iv(cli_t *c)
{
    double ci = cli_num(c, IV_CI, 0.95);
    if (c->npos != 2)
        return cli_usage_error(c, "give the DATA file and one model, e.g. "
                                  "\"Y ~ C1 + C2 | X ~ Z1 + Z2\"");
    if (no_pairwise(c))
        return 2;
    return cli_run(c, 0, 0, iv, &ci);
}

const cli_cmd_t cli_cmd_iv = {
    "iv", "iv DATA \"Y ~ CONTROLS | ENDOGENOUS ~ INSTRUMENTS\" [--ci 95]",
    "two-stage least squares: coefficients, first stage (partial R2, F, Stock-Yogo), "
    "Wu-Hausman and Durbin endogeneity tests, Sargan test",
    CLI_OPTS(iv_opts), .run = run_iv};
