/* `ambidex power TEST`: power and sample size (docs/power.md). The closed-form
 * tests here; the Monte Carlo ones in cmd_power_mc.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_power.h"
#include "ambidex/adx_report_power.h"
#include "cli_power.h"

static const cli_choice_t cli_pmed_tests[] = {
    {"joint", ADX_PTEST_JOINT}, {"sobel", ADX_PTEST_SOBEL}, {"mc", ADX_PTEST_MC},
    {"percentile", ADX_PTEST_PERCENTILE}, {"bc", ADX_PTEST_BC}, {NULL, 0}};
static const cli_choice_t pw_ncp[] = {{"gpower", ADX_NCP_GPOWER}, {"pwr", ADX_NCP_PWR},
                                      {NULL, 0}};

const cli_opt_t cli_power_opts[] = {
    [PW_N] = {"n", CLI_STRING, "N (total; per group for ttest and anova); mediate/sem: a list "
                               "50,100,200 or a grid 50:500:25"},
    [PW_TARGET] = {"target", CLI_REAL, "give the smallest N reaching this power (default .80 "
                                       "when --n is not given)", CLI_OPEN_LO | CLI_OPEN_HI,
                   .lo = 0, .hi = 1, .what = "a power between 0 and 1, e.g. 0.8"},
    [PW_ALPHA] = {"alpha", CLI_REAL, "significance level (default .05)", CLI_OPEN_LO | CLI_OPEN_HI,
                  .lo = 0, .hi = 1, .what = "a level between 0 and 1, e.g. 0.05"},
    [PW_F2] = {"f2", CLI_REAL, "regress: Cohen's f2 of the tested predictors", CLI_OPEN_LO,
               .lo = 0, .hi = 1e6},
    [PW_PREDICTORS] = {"predictors", CLI_COUNT, "regress: predictors in the full model",
                       .lo = 1, .hi = 1e5},
    [PW_TESTED] = {"tested", CLI_COUNT, "regress: predictors tested (default: all)", .lo = 1,
                   .hi = 1e5},
    [PW_NCP] = {"ncp", CLI_CHOICE, "regress: noncentrality f2 N (gpower, default) or f2 (u + v "
                                   "+ 1) (pwr)", .choices = pw_ncp},
    [PW_R] = {"r", CLI_REAL, "corr: the population correlation", CLI_OPEN_LO | CLI_OPEN_HI,
              .lo = -1, .hi = 1},
    [PW_D] = {"d", CLI_REAL, "ttest: Cohen's d", .lo = -1e3, .hi = 1e3},
    [PW_F] = {"f", CLI_REAL, "anova: Cohen's f", CLI_OPEN_LO, .lo = 0, .hi = 1e3},
    [PW_GROUPS] = {"groups", CLI_COUNT, "anova: number of groups", .lo = 2, .hi = 1e5},
    [PW_W] = {"w", CLI_REAL, "chisq: Cohen's w", CLI_OPEN_LO, .lo = 0, .hi = 1e3},
    [PW_DF] = {"df", CLI_COUNT, "chisq, rmsea: degrees of freedom", .lo = 1, .hi = 1e7},
    [PW_RMSEA0] = {"rmsea0", CLI_REAL, "rmsea: RMSEA under H0 (e.g. .05)", .lo = 0, .hi = 10},
    [PW_RMSEA1] = {"rmsea1", CLI_REAL, "rmsea: RMSEA under the alternative (e.g. .08: close "
                                       "fit; .01: not-close fit)", .lo = 0, .hi = 10},
    [PW_MODEL] = {"model", CLI_COUNT, "mediate: PROCESS model 4 (default), 6, 7 or 14", .lo = 1,
                  .hi = 100, .what = "a PROCESS model number (4, 6, 7, 14)"},
    [PW_A] = {"a", CLI_STRING, "mediate: X -> M paths, one per mediator (model 6: a1,a2 with "
                               "a2 X -> M2), e.g. 0.3,0.2"},
    [PW_B] = {"b", CLI_STRING, "mediate: M -> Y paths, one per mediator"},
    [PW_CPRIME] = {"cprime", CLI_REAL, "mediate: the direct effect X -> Y (default 0)",
                   .lo = -1e3, .hi = 1e3},
    [PW_D21] = {"d21", CLI_REAL, "mediate model 6: M1 -> M2 (default 0)", .lo = -1e3, .hi = 1e3},
    [PW_W_MAIN] = {"w-main", CLI_REAL, "mediate models 7, 14: W's own effect on M (7) or Y (14) "
                                       "(default 0)", .lo = -1e3, .hi = 1e3},
    [PW_W_EFFECT] = {"w-effect", CLI_REAL, "mediate models 7, 14: the moderated path X*W -> M "
                                           "(7) or M*W -> Y (14)", .lo = -1e3, .hi = 1e3},
    [PW_STANDARDIZED] = {"standardized", CLI_FLAG, "mediate: residual variances make every "
                                                   "total variance 1 (default: residuals 1)"},
    [PW_REPS] = {"reps", CLI_COUNT, "mediate, sem: replications per N (default 1000)", .lo = 1,
                 .hi = 1e8},
    [PW_SEED] = {"seed", CLI_COUNT, "mediate, sem: random seed (default 1)", .lo = 0, .hi = CLI_2P53},
    [PW_TEST] = {"test", CLI_CHOICE, "mediate: joint (default), sobel, mc, percentile, bc",
                 .choices = cli_pmed_tests},
    [PW_BOOT] = {"boot", CLI_COUNT, "mediate: bootstrap resamples per replication (default "
                                    "1000)", .lo = 2, .hi = 1e7},
    [PW_MC_DRAWS] = {"mc-draws", CLI_COUNT, "mediate: draws of the Monte Carlo CI (default "
                                            "10000)", .lo = 2, .hi = 1e8},
    [PW_WARP] = {"warp", CLI_FLAG, "mediate: warp speed, one resample per replication "
                                   "(percentile)"},
    [PW_THREADS] = {"threads", CLI_COUNT, "mediate, sem: threads (default: all cores)", .lo = 1,
                    .hi = 1024},
    [PW_QUIET] = {"quiet", CLI_FLAG, "no progress line on stderr"},
    [PW_ANALYSIS] = {"analysis", CLI_STRING, "sem: the analysis model file (default: the "
                                             "population with its values freed)"},
    [PW_LIKERT] = {"likert", CLI_COUNT, "sem: indicators become 1..K categories (as simulate)",
                   .lo = 2, .hi = 100},
    /* --missing is also a common option (listwise/pairwise); here it is a share, and
     * the command's own options come first (as simulate's). */
    [PW_MISSING] = {"missing", CLI_SHARE, "sem: share of values missing at random, e.g. 5% "
                                          "(listwise deletion)"},
    [PW_NOPTS] = {NULL, 0, NULL}};

/* A single N: a whole number of at least 1. */
static int one_n(cli_t *c, double *n)
{
    const char *s = cli_str(c, PW_N);
    char *end = NULL;
    double v = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end || !(v >= 1 && v <= 1e9) || v != (double)(long)v)
        return cli_usage_error(c, "--n takes a whole number of cases of at least 1 here, not "
                                  "'%s'", s ? s : "");
    *n = v;
    return 0;
}

typedef struct {
    const char *name;
    adx_power_test_t test;
    int need[3]; /* required options (0 ends) */
} closed_sub_t;

static const closed_sub_t closed_subs[] = {
    {"regress", ADX_POWER_REGRESS, {PW_F2, PW_PREDICTORS, 0}},
    {"corr", ADX_POWER_CORR, {PW_R, 0, 0}},
    {"ttest", ADX_POWER_TTEST, {PW_D, 0, 0}},
    {"anova", ADX_POWER_ANOVA, {PW_F, PW_GROUPS, 0}},
    {"chisq", ADX_POWER_CHISQ, {PW_W, PW_DF, 0}},
    {"rmsea", ADX_POWER_RMSEA, {PW_DF, PW_RMSEA0, PW_RMSEA1}}};

static int run_closed(cli_t *c, const closed_sub_t *s, int check)
{
    for (int k = 0; k < 3 && s->need[k]; k++)
        if (!cli_has(c, s->need[k]))
            return cli_usage_error(c, "power %s needs --%s", s->name,
                                   cli_power_opts[s->need[k]].name);
    adx_power_options_t o;
    adx_power_options_init(&o);
    o.test = s->test;
    o.alpha = cli_num(c, PW_ALPHA, o.alpha);
    o.target = cli_num(c, PW_TARGET, o.target);
    if (cli_has(c, PW_N) && cli_has(c, PW_TARGET))
        return cli_usage_error(c, "give --n (for the power) or --target (for the N), not both");
    if (cli_has(c, PW_N) && one_n(c, &o.n))
        return 2;
    static const int effect[] = {PW_F2, PW_R, PW_D, PW_F, PW_W};
    if (s->test != ADX_POWER_RMSEA)
        o.effect = cli_num(c, effect[s->test], 0);
    o.predictors = (int)cli_count(c, PW_PREDICTORS, 0);
    o.tested = (int)cli_count(c, PW_TESTED, 0);
    o.ncp_rule = (adx_ncp_rule_t)cli_choice(c, PW_NCP, ADX_NCP_GPOWER);
    o.groups = (int)cli_count(c, PW_GROUPS, 0);
    o.df = cli_num(c, PW_DF, 0);
    o.rmsea0 = cli_num(c, PW_RMSEA0, 0);
    o.rmsea1 = cli_num(c, PW_RMSEA1, 0);
    adx_power_result_t res;
    adx_report_t *r = NULL;
    adx_error_t rc = adx_power_closed(&o, &res, &c->err);
    if (check)
        return rc ? cli_fail(c, rc) : 0;
    if (!rc)
        rc = adx_report_power_closed(&o, &res, &r, &c->err);
    return cli_finish(c, rc, r);
}

static int run_power_mode(cli_t *c, int check)
{
    /* A study step (ambidex run) gets the study's data file first: not used here. */
    size_t first = c->preloaded ? 1 : 0;
    const char *sub = c->npos > first ? c->pos[first] : NULL;
    if (sub && !strcmp(sub, "mediate"))
        return c->npos != first + 1
                   ? cli_usage_error(c, "power mediate takes no further arguments")
                   : cli_power_mediate(c, check);
    if (sub && !strcmp(sub, "sem"))
        return c->npos != first + 2
                   ? cli_usage_error(c, "power sem takes the POPULATION model file: power sem "
                                        "population.lav --n 200")
                   : cli_power_sem(c, c->pos[first + 1], check);
    for (size_t k = 0; sub && k < sizeof closed_subs / sizeof *closed_subs; k++)
        if (!strcmp(sub, closed_subs[k].name)) {
            if (c->npos != first + 1)
                return cli_usage_error(c, "power %s takes no further arguments", sub);
            return run_closed(c, &closed_subs[k], check);
        }
    return cli_usage_error(c, "%s%s%sname the test: regress, corr, ttest, anova, chisq, rmsea, "
                           "mediate or sem",
                           sub ? "unknown test '" : "", sub ? sub : "", sub ? "'; " : "");
}

static int run_power(cli_t *c)
{
    return run_power_mode(c, 0);
}

int cli_power_check(cli_t *c)
{
    return run_power_mode(c, 1);
}

const cli_cmd_t cli_cmd_power = {
    "power",
    "power regress|corr|ttest|anova|chisq|rmsea|mediate|sem [POPULATION.lav] [--n N | --target "
    "P] [--alpha A] "
    "[options of the test, below]",
    "power and sample size: closed form (F, r, t, ANOVA, chi-square, RMSEA) and Monte Carlo "
    "for mediation models and any SEM (docs/power.md)",
    CLI_OPTS(cli_power_opts), .run = run_power};
