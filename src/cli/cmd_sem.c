/* Subcommands cfa and sem: lavaan model syntax, ML estimation, fit, validity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_cmv.h"
#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_sem_cmv.h"
#include "ambidex/adx_sem.h"
#include "../base/base.h"
#include "cli.h"

enum { SEM_MODEL, SEM_STD_LV, SEM_VALIDITY, SEM_COV, SEM_NOBS, SEM_NO_FIXED_X, SEM_MAX_ITER,
       SEM_ESTIMATOR, SEM_INFORMATION, SEM_MI, SEM_GROUP, SEM_BOOT, SEM_SEED, SEM_THREADS,
       SEM_START, SEM_ORDERED, SEM_METHOD, SEM_PRODUCT, SEM_ORTHOGONAL, SEM_BOLLEN_STINE,
       SEM_PARAMETERIZATION, SEM_GROWTH, SEM_GROUP_EQUAL, SEM_GROUP_PARTIAL, SEM_COMPARE,
       SEM_DIAGRAM, SEM_SCORE_TESTS, SEM_DIFF_METHOD, SEM_MEANS, SEM_NOPTS };
/* estimator codes: the robust option's values, then the ordinal ones */
enum { EST_WLSMV = ADX_SEM_MLM + 1, EST_ULSMV };
static const cli_choice_t estimators[] = {
    {"ML", ADX_SEM_ML},   {"ml", ADX_SEM_ML},   {"MLR", ADX_SEM_MLR},  {"mlr", ADX_SEM_MLR},
    {"MLM", ADX_SEM_MLM}, {"mlm", ADX_SEM_MLM}, {"WLSMV", EST_WLSMV},  {"wlsmv", EST_WLSMV},
    {"ULSMV", EST_ULSMV}, {"ulsmv", EST_ULSMV}, {NULL, 0}};
static const cli_choice_t parameterizations[] = {{"delta", 0}, {"theta", 1}, {NULL, 0}};
static const cli_choice_t informations[] = {{"expected", 0}, {"observed", 1}, {NULL, 0}};
static const cli_choice_t diff_methods[] = {
    {"sb2001", ADX_SEM_DIFF_SB2001}, {"sb2010", ADX_SEM_DIFF_SB2010}, {NULL, 0}};
static const cli_choice_t starts[] = {{"default", 0}, {"simple", 1}, {NULL, 0}};
static const cli_choice_t diagram_views[] = {{"auto", ADX_DIAGRAM_AUTO}, {"full", ADX_DIAGRAM_FULL},
                                             {"structural", ADX_DIAGRAM_STRUCTURAL},
                                             {"none", ADX_DIAGRAM_NONE}, {NULL, 0}};

static const cli_opt_t sem_opts[] = {
    [SEM_MODEL] = {"model", CLI_STRING, "the model as text instead of a MODEL file; also -e"},
    [SEM_STD_LV] = {"std-lv", CLI_FLAG, "identify factors by unit variances instead of marker "
                                        "loadings"},
    [SEM_VALIDITY] = {"validity", CLI_FLAG, "alpha, CR, AVE, Fornell-Larcker, HTMT and Harman's "
                                            "one-factor test"},
    [SEM_COV] = {"cov", CLI_STRING, "fit to a covariance matrix file (names header, full or "
                                    "lower triangle)"},
    [SEM_NOBS] = {"nobs", CLI_COUNT, "number of cases behind --cov", .lo = 2, .hi = CLI_2P53,
                  .what = "a whole number of cases from 2 to 2^53"},
    [SEM_NO_FIXED_X] = {"no-fixed-x", CLI_FLAG, "estimate the (co)variances of exogenous "
                                                "observed covariates"},
    [SEM_MAX_ITER] = {"max-iter", CLI_COUNT, "iteration limit of the optimizer (default 500)",
                      .lo = 1, .hi = 100000},
    [SEM_ESTIMATOR] = {"estimator", CLI_CHOICE, "ML (default), MLR (robust SEs, Yuan-Bentler "
                                                "chi2; with FIML too), MLM (Satorra-Bentler), "
                                                "or WLSMV / ULSMV for ordered indicators",
                       .choices = estimators, .what = "ML, MLR, MLM, WLSMV or ULSMV"},
    [SEM_INFORMATION] = {"information", CLI_CHOICE, "standard errors from the expected "
                                                    "(default) or observed information",
                         .choices = informations},
    [SEM_MI] = {"mi", CLI_FLAG, "modification indices with expected parameter changes"},
    [SEM_GROUP] = {"group", CLI_STRING, "measurement invariance across the groups of VAR "
                                        "(configural, metric, scalar)"},
    [SEM_BOOT] = {"boot", CLI_COUNT, "bootstrap with N resamples: SEs, percentile and "
                                     "bias-corrected CIs", .lo = 2, .hi = 1e7},
    [SEM_SEED] = {"seed", CLI_COUNT, "bootstrap seed (default 1); same seed, same result for "
                                     "any --threads", .lo = 0, .hi = CLI_2P53},
    [SEM_THREADS] = {"threads", CLI_COUNT, "bootstrap threads (default: all cores)", .lo = 1,
                     .hi = 1024},
    [SEM_START] = {"start", CLI_CHOICE, "start values: default (lavaan's: FABIN 3 loadings) or "
                                        "simple (lavaan's start = \"simple\": 1 and 0)",
                   .choices = starts, .what = "default or simple"},
    [SEM_ORDERED] = {"ordered", CLI_LIST, "ordered indicators: 'all' (lavaan ordered = TRUE) or "
                                          "by name, the others continuous (ordered = c(...)); "
                                          "WLSMV by default"},

    [SEM_METHOD] = {"method-factor", CLI_FLAG, "common-method variance: add an unmeasured "
                                               "latent method factor and compare the loadings"},
    [SEM_PRODUCT] = {"product", CLI_STRING, "latent interaction F1:F2 by double-mean-centred "
                                            "product indicators, factor F1.F2 (repeatable)",
                     CLI_REPEAT},
    [SEM_ORTHOGONAL] = {"orthogonal", CLI_FLAG, "latent covariances not in the model fixed "
                                                "at 0 (lavaan orthogonal = TRUE)"},
    [SEM_BOLLEN_STINE] = {"bollen-stine", CLI_COUNT, "Bollen-Stine bootstrap p of chi2 with N "
                                                     "resamples (--seed S)",
                          .lo = 2, .hi = 1e7},
    [SEM_PARAMETERIZATION] = {"parameterization", CLI_CHOICE, "ordered indicators: delta "
                              "(default; latent responses of variance 1) or theta (residual "
                              "variances 1), as lavaan", .choices = parameterizations,
                              .what = "delta or theta"},
    [SEM_GROWTH] = {"growth", CLI_FLAG, "growth model (lavaan growth()): observed intercepts "
                                        "fixed at 0, latent means free; as `ambidex growth`"},
    [SEM_GROUP_EQUAL] = {"group-equal", CLI_STRING, "with --group: one fit with these lavaan "
                                                    "group.equal names (loadings,intercepts,"
                                                    "residuals,means,lv.variances,...; "
                                                    "thresholds with --ordered)"},
    [SEM_GROUP_PARTIAL] = {"group-partial", CLI_STRING, "with --group: parameters free in every "
                                                        "group, e.g. \"x3 ~ 1, speed =~ x9\" "
                                                        "(lavaan group.partial)"},
    [SEM_SCORE_TESTS] = {"score-tests", CLI_FLAG, "score tests of releasing each equality "
                                                  "constraint ('==' lines, repeated labels; "
                                                  "with --group: across groups too; lavaan "
                                                  "lavTestScore)"},
    [SEM_COMPARE] = {"compare", CLI_STRING, "fit the model of FILE too and test the difference "
                                            "(scaled under MLR/MLM, Satorra 2000 with --ordered; "
                                            "with --group two multi-group fits; lavaan's "
                                            "lavTestLRT)"},
    [SEM_DIAGRAM] = {"diagram", CLI_CHOICE, "path diagram: full (every indicator), structural "
                                            "(latent variables and structural paths), none; "
                                            "default: full up to 12 indicators (a CFA: 30)",
                     .choices = diagram_views, .what = "full, structural, none or auto"},
    [SEM_DIFF_METHOD] = {"diff-method", CLI_CHOICE, "scaled chi2 difference of --compare and "
                                                    "--group under MLR/MLM: sb2001 (default) "
                                                    "or sb2010 (lavaan satorra.bentler.2010)",
                         .choices = diff_methods, .what = "sb2001 or sb2010"},
    [SEM_MEANS] = {"means", CLI_STRING, "the sample means behind --cov (names header, one row; "
                                        "lavaan sample.mean): fits the mean structure"},
    [SEM_NOPTS] = {NULL, 0, NULL}};

/* Options into o and the usage checks; 0 or an exit code. */
static int model_options(cli_t *c, adx_sem_options_t *o)
{
    const char *inline_model = cli_str(c, SEM_MODEL), *covfile = cli_str(c, SEM_COV);
    adx_sem_options_init(o);
    o->std_lv = cli_has(c, SEM_STD_LV) ? 1 : o->std_lv;
    o->fixed_x = cli_has(c, SEM_NO_FIXED_X) ? 0 : o->fixed_x;
    int est = cli_choice(c, SEM_ESTIMATOR, cli_has(c, SEM_ORDERED) ? EST_WLSMV : ADX_SEM_ML);
    o->robust = est < EST_WLSMV ? est : 0;
    o->ordered = est >= EST_WLSMV;
    o->ordinal_uls = est == EST_ULSMV;
    o->orthogonal = cli_has(c, SEM_ORTHOGONAL);
    o->ordinal_theta = cli_choice(c, SEM_PARAMETERIZATION, 0);
    if (cli_has(c, SEM_PARAMETERIZATION) && !o->ordered)
        return cli_usage_error(c, "--parameterization applies to ordered indicators "
                                  "(--ordered)");
    o->growth = cli_has(c, SEM_GROWTH) || !strcmp(c->cmd->name, "growth");
    if (cli_has(c, SEM_MEANS) && !cli_has(c, SEM_COV))
        return cli_usage_error(c, "--means goes with --cov FILE (raw data give their own means)");
    o->meanstructure = cli_has(c, SEM_MEANS); /* lavaan: sample.mean turns it on */
    if (o->growth && cli_has(c, SEM_COV) && !cli_has(c, SEM_MEANS))
        return cli_usage_error(c, "a growth model needs the means: give raw data or add "
                                  "--means FILE to --cov");
    if (cli_has(c, SEM_ORDERED) && est < EST_WLSMV)
        return cli_usage_error(c, "--ordered indicators are estimated by --estimator WLSMV "
                                  "(default) or ULSMV, not ML, MLR or MLM");
    if (o->ordered && c->missing_fiml) /* on purpose, with or without --group */
        return cli_usage_error(c, "ordered indicators (WLSMV/ULSMV) do not combine with "
                                  "--missing fiml: lavaan has no FIML for WLSMV/ULSMV either "
                                  "(its missing = \"ml\" is for ML estimators); use listwise "
                                  "deletion (the default) or --missing pairwise");
    if (o->ordered && (cli_has(c, SEM_COV) || cli_has(c, SEM_MI) ||
                       cli_has(c, SEM_INFORMATION) || cli_has(c, SEM_BOLLEN_STINE)))
        return cli_usage_error(c, "ordered indicators (WLSMV/ULSMV) need raw data and do not "
                                  "combine with --cov, --bollen-stine, --mi or --information "
                                  "yet");
    o->observed_info = cli_choice(c, SEM_INFORMATION, 0);
    o->start_simple = cli_choice(c, SEM_START, 0);
    o->threads = (int)cli_count(c, SEM_THREADS, (size_t)o->threads);
    o->max_iter = (int)cli_count(c, SEM_MAX_ITER, (size_t)o->max_iter);
    o->fiml = c->missing_fiml;
    o->diff_method = cli_choice(c, SEM_DIFF_METHOD, ADX_SEM_DIFF_SB2001);
    if (cli_has(c, SEM_DIFF_METHOD) && !cli_has(c, SEM_COMPARE) && !cli_has(c, SEM_GROUP))
        return cli_usage_error(c, "--diff-method goes with --compare FILE or --group VAR");
    if (cli_has(c, SEM_DIFF_METHOD) && est != ADX_SEM_MLR && est != ADX_SEM_MLM)
        return cli_usage_error(c, "--diff-method chooses the scaled difference of --estimator "
                                  "MLR or MLM");
    if (cli_has(c, SEM_METHOD) && cli_has(c, SEM_GROUP))
        return cli_usage_error(c, "--method-factor goes with one group; drop --group");
    if ((cli_has(c, SEM_GROUP_EQUAL) || cli_has(c, SEM_GROUP_PARTIAL)) && !cli_has(c, SEM_GROUP))
        return cli_usage_error(c, "--group-equal and --group-partial go with --group VAR");
    if (cli_has(c, SEM_SEED) && !cli_has(c, SEM_BOOT) && !cli_has(c, SEM_BOLLEN_STINE))
        return cli_usage_error(c, "--seed goes with --boot N or --bollen-stine N");
    o->ordinal_pairwise = o->ordered && c->missing_set && c->missing == ADX_PAIRWISE;
    if (c->missing_set && c->missing != ADX_LISTWISE && !o->ordinal_pairwise)
        return cli_usage_error(c, "%s uses listwise deletion or --missing fiml; pairwise "
                                  "deletion is not supported (except with --ordered)",
                               c->cmd->name);
    size_t want = (covfile ? 0 : 1) + (inline_model ? 0 : 1);
    if (c->npos != want && covfile)
        return cli_usage_error(c, "with --cov give only the MODEL file (or -e \"model\"), not "
                                  "a DATA file");
    if (c->npos != want)
        return cli_usage_error(c, "give the DATA file and the MODEL file (or -e \"model\"); "
                                  "usage: ambidex %s",
                               c->cmd->usage);
    if (covfile && !cli_has(c, SEM_NOBS))
        return cli_usage_error(c, "--cov needs --nobs N (the number of cases)");
    if (cli_has(c, SEM_NOBS) && !covfile)
        return cli_usage_error(c, "--nobs goes with --cov FILE");
    return 0;
}

/* --ordered VARS must name observed variables of s; the unlisted ones are continuous
 * ('all': every one ordered). */
static adx_error_t check_ordered(cli_t *c, adx_sem_t *s)
{
    const char *const *names = NULL;
    size_t k = cli_list(c, SEM_ORDERED, &names);
    if (k == 1 && !strcmp(names[0], "all"))
        return ADX_OK;
    for (size_t i = 0; i < k; i++) {
        size_t v = 0;
        while (v < s->p && strcmp(s->names[v], names[i]))
            v++;
        if (v == s->p)
            return adx_err(&c->err, ADX_EUSAGE,
                           "--ordered: '%s' is not an observed variable of the model", names[i]);
        if (adx_sem_is_covariate(s, v))
            return adx_err(&c->err, ADX_EUSAGE,
                           "--ordered: '%s' is an exogenous covariate, which the ordered "
                           "indicators are conditioned on (lavaan conditional.x); leave it "
                           "out of the list",
                           names[i]);
    }
    s->opt.ordered_vars = names; /* the others are continuous (lavaan ordered = c(...)) */
    s->opt.nordered_vars = k;
    return ADX_OK;
}

/* --ordered VARS with --group: checked against the model without the groups' modifiers
 * (a model that needs them, c(a, b), is checked by the library: unknown names are then
 * continuous nowhere); into o. */
static adx_error_t group_ordered(cli_t *c, const adx_sem_syntax_t *syn, adx_sem_options_t *o)
{
    adx_sem_t *s = NULL;
    adx_errctx_t tmp = {0};
    adx_error_t rc = ADX_OK;
    if (!adx_sem_build(syn, o, &s, &tmp)) {
        if (!(rc = check_ordered(c, s))) {
            o->ordered_vars = s->opt.ordered_vars;
            o->nordered_vars = s->opt.nordered_vars;
        }
    } else if (strcmp(cli_str(c, SEM_ORDERED), "all")) {
        const char *const *names = NULL;
        o->nordered_vars = cli_list(c, SEM_ORDERED, &names);
        o->ordered_vars = names;
    }
    adx_sem_free(s);
    return rc;
}

/* --compare FILE with --group: both models fitted to the groups of --group with the same
 * options (mo: --group-equal, --group-partial) and lavTestLRT's difference test; with
 * --boot the main model's fit bootstrapped (the test is not); the report of the main
 * model's fit with the comparison appended. */
static adx_error_t mg_compare(cli_t *c, const adx_sem_syntax_t *syn, const adx_sem_options_t *o,
                              const adx_dataset_t *ds, const adx_sem_mg_options_t *mo,
                              adx_report_t **r)
{
    const char *path = cli_str(c, SEM_COMPARE), *grp = cli_str(c, SEM_GROUP);
    char *text = cli_read_text(c, path, "model file");
    adx_sem_syntax_t *syn2 = NULL;
    adx_sem_mg_compare_t cmp = {0};
    adx_error_t rc = text ? adx_sem_parse(text, path, &syn2, &c->err) : c->err.code;
    if (!rc)
        rc = adx_sem_mg_compare(syn, syn2, o, ds, grp, mo, &cmp, &c->err);
    if (!rc && cli_has(c, SEM_BOOT)) /* the main model's estimates, as with one group */
        rc = adx_sem_mg_bootstrap(syn, o, ds, grp, mo, cmp.fit[0], cli_count(c, SEM_BOOT, 0),
                                  (unsigned long long)cli_num(c, SEM_SEED, 1), &c->err);
    if (!rc)
        rc = adx_report_sem_multigroup(cmp.fit[0], grp, mo->group_partial, r, &c->err);
    if (!rc)
        rc = adx_report_add_sem_mg_compare(*r, &cmp, syn->source, path, &c->err);
    adx_sem_mg_compare_free(&cmp);
    adx_sem_syntax_free(syn2);
    free(text);
    return rc;
}

/* --group: the measurement invariance sequence, or one fit with --group-equal. */
static adx_error_t invariance(cli_t *c, const adx_sem_syntax_t *syn, const adx_sem_options_t *o,
                              adx_report_t **r)
{
    const char *grp = cli_str(c, SEM_GROUP);
    adx_dataset_t *ds = NULL;
    adx_sem_invariance_t *inv = NULL;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = cli_has(c, SEM_GROUP_EQUAL);
    mo.group_partial = cli_str(c, SEM_GROUP_PARTIAL);
    mo.score_tests = cli_has(c, SEM_SCORE_TESTS);
    mo.mi = cli_has(c, SEM_MI);
    adx_error_t rc = ADX_OK;
    if (cli_has(c, SEM_COV))
        rc = adx_err(&c->err, ADX_EUSAGE, "--group needs raw data, not --cov");
    else if (cli_has(c, SEM_VALIDITY))
        rc = adx_err(&c->err, ADX_EUNSUPPORTED, "--group runs the invariance sequence; it does "
                                                "not combine with --validity yet");
    if (!rc && mo.single)
        rc = adx_sem_group_equal_parse(cli_str(c, SEM_GROUP_EQUAL), &mo.group_equal, &c->err);
    if (!rc)
        rc = cli_load(c, &ds);
    if (!rc && cli_has(c, SEM_COMPARE)) {
        mo.single = 1;
        rc = mg_compare(c, syn, o, ds, &mo, r);
        adx_dataset_free(ds);
        return rc;
    }
    if (!rc)
        rc = adx_sem_multigroup(syn, o, ds, grp, &mo, &inv, &c->err);
    if (!rc && cli_has(c, SEM_BOOT))
        rc = adx_sem_mg_bootstrap(syn, o, ds, grp, &mo, inv, cli_count(c, SEM_BOOT, 0),
                                  (unsigned long long)cli_num(c, SEM_SEED, 1), &c->err);
    if (!rc)
        rc = adx_report_sem_multigroup(inv, grp, mo.group_partial, r, &c->err);
    adx_sem_invariance_free(inv);
    adx_dataset_free(ds);
    return rc;
}

/* Fits s to the data (kept in *dsp) or to --cov. */
static adx_error_t fit_data(cli_t *c, adx_sem_t *s, adx_dataset_t **dsp)
{
    char *covnames_buf = NULL, **covnames = NULL, *mnames_buf = NULL, **mnames = NULL;
    double *cov = NULL, *mean = NULL;
    size_t covk = 0, mk = 0;
    adx_error_t rc;
    *dsp = NULL;
    if (cli_has(c, SEM_COV)) {
        rc = adx_read_cov_matrix(cli_str(c, SEM_COV), &covnames, &covnames_buf, &covk, &cov,
                                 &c->err);
        if (!rc && cli_has(c, SEM_MEANS))
            rc = adx_read_mean_vector(cli_str(c, SEM_MEANS), &mnames, &mnames_buf, &mk, &mean,
                                      &c->err);
        if (!rc)
            rc = adx_sem_fit_named_moments(s, (const char *const *)covnames, covk, cov,
                                           (const char *const *)mnames, mk, mean,
                                           cli_count(c, SEM_NOBS, 0), &c->err);
    } else if (!(rc = cli_load(c, dsp))) {
        rc = adx_sem_fit_dataset(s, *dsp, &c->err);
    }
    ADX__FREE(covnames, covnames_buf, cov, mnames, mnames_buf, mean);
    return rc;
}

/* Fits s to the data or to --cov, then the bootstrap, modification indices and
 * validity on request. */
static adx_error_t fit(cli_t *c, adx_sem_t *s, adx_dataset_t **dsp)
{
    adx_dataset_t *ds = NULL;
    adx_error_t rc = fit_data(c, s, &ds);
    if (!rc && cli_has(c, SEM_BOOT))
        rc = adx_sem_bootstrap(s, cli_count(c, SEM_BOOT, 0),
                               (unsigned long long)cli_num(c, SEM_SEED, 1), &c->err);
    if (!rc && cli_has(c, SEM_BOLLEN_STINE))
        rc = adx_sem_bollen_stine(s, cli_count(c, SEM_BOLLEN_STINE, 0),
                                  (unsigned long long)cli_num(c, SEM_SEED, 1), &c->err);
    if (!rc && cli_has(c, SEM_MI))
        rc = adx_sem_modindices(s, &c->err);
    if (!rc && cli_has(c, SEM_VALIDITY))
        rc = adx_sem_validity(s, &c->err);
    *dsp = ds; /* the report's scale means and SDs */
    return rc;
}

/* --method-factor: fits the model again with an unmeasured latent method factor and
 * appends the comparison to r. */
static adx_error_t method_factor(cli_t *c, const adx_sem_syntax_t *syn, const char *text,
                                 const adx_sem_options_t *o, const adx_sem_t *base,
                                 adx_report_t *r)
{
    char *gen = NULL, *name = NULL;
    adx_sem_syntax_t *syn2 = NULL;
    adx_sem_t *s2 = NULL;
    adx_sem_method_t *m = NULL;
    adx_error_t rc = adx_sem_method_syntax(syn, text, &gen, &name, &c->err);
    if (!rc)
        rc = adx_sem_parse(gen, "method-factor model", &syn2, &c->err);
    if (!rc)
        rc = adx_sem_build(syn2, o, &s2, &c->err);
    adx_dataset_t *ds2 = NULL;
    if (!rc)
        rc = fit(c, s2, &ds2);
    adx_dataset_free(ds2);
    if (!rc)
        rc = adx_sem_method_compare(base, s2, name, &m, &c->err);
    char *added = gen ? gen + strlen(text) + 1 : NULL; /* the lines after text, as "a;b" */
    for (char *q = added; q && *q; q++)
        *q = *q != '\n' ? *q : q[1] ? ';' : 0;
    if (!rc)
        rc = adx_report_add_sem_method(r, m, added, &c->err);
    adx_sem_method_free(m);
    adx_sem_free(s2);
    adx_sem_syntax_free(syn2);
    free(gen);
    free(name);
    return rc;
}

/* --compare FILE: fits FILE's model to the same data with the same options and appends
 * the (scaled) chi2 difference test against s to r. */
static adx_error_t compare(cli_t *c, const adx_sem_options_t *o, const adx_sem_t *s,
                           adx_report_t *r)
{
    const char *path = cli_str(c, SEM_COMPARE);
    char *text = cli_read_text(c, path, "model file");
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s2 = NULL;
    adx_dataset_t *ds = NULL;
    double chisq = 0, df = 0, pv = 0;
    adx_error_t rc = text ? adx_sem_parse(text, path, &syn, &c->err) : c->err.code;
    if (!rc)
        rc = adx_sem_build(syn, o, &s2, &c->err);
    if (!rc && cli_has(c, SEM_ORDERED))
        rc = check_ordered(c, s2);
    if (!rc)
        rc = fit_data(c, s2, &ds);
    int first_restricted = !rc && s->fit.df > s2->fit.df;
    if (!rc)
        rc = first_restricted ? adx_sem_scaled_diff(s, s2, &chisq, &df, &pv, &c->err)
                              : adx_sem_scaled_diff(s2, s, &chisq, &df, &pv, &c->err);
    if (!rc)
        rc = adx_report_add_sem_compare(r, s, s2, path, chisq, df, pv, &c->err);
    adx_dataset_free(ds);
    adx_sem_free(s2);
    adx_sem_syntax_free(syn);
    free(text);
    return rc;
}

/* --product F1:F2 (repeatable): adds the product indicators to the data (kept in *ds,
 * lent to the fit as c->preloaded) and their measurement lines to *text. */
static adx_error_t products(cli_t *c, char **text, const char *src, adx_dataset_t **ds)
{
    const char *const *spec;
    size_t np = cli_multi(c, SEM_PRODUCT, &spec);
    adx_sem_syntax_t *syn = NULL;
    adx__sb_t b = {0};
    adx_error_t rc = cli_has(c, SEM_COV) ? adx_err(&c->err, ADX_EUSAGE, "--product needs raw "
                                                                         "data, not --cov")
                                         : adx_sem_parse(*text, src, &syn, &c->err);
    if (!rc)
        rc = cli_load(c, ds);
    adx__sb_str(&b, *text);
    for (size_t i = 0; !rc && i < np; i++) {
        char f1[256], *line = NULL;
        const char *colon = strchr(spec[i], ':');
        if (!colon || colon == spec[i] || !colon[1] || (size_t)(colon - spec[i]) >= sizeof f1) {
            rc = adx_err(&c->err, ADX_EUSAGE, "--product takes two factors as F1:F2, not '%s'",
                         spec[i]);
            break;
        }
        snprintf(f1, sizeof f1, "%.*s", (int)(colon - spec[i]), spec[i]);
        rc = adx_sem_product_indicators(*ds, syn, f1, colon + 1, &line, &c->err);
        adx__sb_printf(&b, "\n%s\n", line ? line : "");
        free(line);
    }
    adx_sem_syntax_free(syn);
    if (!rc && b.oom)
        rc = adx_oom(&c->err);
    if (!rc) {
        free(*text);
        *text = adx__sb_take(&b);
        c->preloaded = *ds;
        c->ncompute = 0; /* applied already */
    }
    adx__sb_free(&b);
    return rc;
}

static int run_model(cli_t *c, int is_sem)
{
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_report_t *r = NULL;
    adx_dataset_t *ds = NULL;
    char *text = NULL;
    adx_sem_options_t o;
    int code = model_options(c, &o);
    if (code)
        return code;
    const char *inline_model = cli_str(c, SEM_MODEL);
    const char *model_src = inline_model ? "model (-e)" : c->pos[c->npos - 1];
    adx_error_t rc = ADX_OK;
    if (inline_model && !(text = strdup(inline_model)))
        rc = adx_oom(&c->err);
    else if (!inline_model && !(text = cli_read_text(c, model_src, "model file")))
        rc = c->err.code;
    const adx_dataset_t *preloaded = c->preloaded;
    size_t ncompute = c->ncompute;
    adx_dataset_t *pds = NULL;
    if (!rc && cli_has(c, SEM_PRODUCT))
        rc = products(c, &text, model_src, &pds);
    if (!rc)
        rc = adx_sem_parse(text, model_src, &syn, &c->err);
    if (!rc && !cli_has(c, SEM_GROUP)) /* --group builds one model per group (c()) */
        rc = adx_sem_build(syn, &o, &s, &c->err);
    if (!rc && cli_has(c, SEM_ORDERED) && cli_has(c, SEM_GROUP))
        rc = group_ordered(c, syn, &o);
    else if (!rc && cli_has(c, SEM_ORDERED))
        rc = check_ordered(c, s);
    if (!rc && cli_has(c, SEM_GROUP)) {
        rc = invariance(c, syn, &o, &r);
    } else if (!rc && !(rc = fit(c, s, &ds)) &&
               !(rc = cli_has(c, SEM_SCORE_TESTS) ? adx_sem_score_tests(s, syn, &c->err)
                                                  : ADX_OK)) {
        rc = adx_report_sem_view(s, is_sem == 2 ? "Growth" : is_sem ? "SEM" : "CFA", ds,
                                 (adx_diagram_view_t)cli_choice(c, SEM_DIAGRAM, ADX_DIAGRAM_AUTO),
                                 &r, &c->err);
        if (!rc && cli_has(c, SEM_METHOD))
            rc = method_factor(c, syn, text, &o, s, r);
        if (!rc && cli_has(c, SEM_COMPARE))
            rc = compare(c, &o, s, r);
    }
    code = cli_finish(c, rc, r);
    if (!rc && !cli_has(c, SEM_GROUP) && s->heywood)
        fprintf(stderr, "ambidex: warning: %s: %d negative variance estimate(s) (Heywood case)\n",
                model_src, s->heywood);
    c->preloaded = preloaded;
    c->ncompute = ncompute;
    adx_dataset_free(pds);
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    free(text);
    return code;
}

static int run_cfa(cli_t *c) { return run_model(c, 0); }
static int run_sem(cli_t *c) { return run_model(c, 1); }
static int run_growth(cli_t *c) { return run_model(c, 2); }

const cli_cmd_t cli_cmd_cfa = {
    "cfa", "cfa DATA MODEL_FILE | cfa DATA -e \"F =~ x1 + x2 + x3\" [--validity] [--std-lv] "
           "[--ordered all|VARS [--estimator WLSMV|ULSMV]]",
    "confirmatory factor analysis (lavaan syntax, ML): loadings, fit, reliability and validity",
    CLI_OPTS(sem_opts), .run = run_cfa};

const cli_cmd_t cli_cmd_sem = {
    "sem", "sem DATA MODEL_FILE | sem --cov COV.csv --nobs N MODEL_FILE [--std-lv]",
    "structural equation model (lavaan syntax, ML): paths, := effects, fit, R2", CLI_OPTS(sem_opts),
    .run = run_sem};

const cli_cmd_t cli_cmd_growth = {
    "growth", "growth DATA MODEL_FILE | growth DATA -e \"i =~ 1*t1 + 1*t2 + 1*t3; s =~ 0*t1 + "
              "1*t2 + 2*t3\"",
    "latent growth curve model (lavaan growth()): intercept and slope means and variances",
    CLI_OPTS(sem_opts), .run = run_growth};
