/* Ordered indicators in the theta parameterization against lavaan 0.6.14
 * (tests/reference/ordinal/make_ordinal_theta.R: cfa/sem(..., ordered = TRUE,
 * parameterization = "theta")): estimates, robust SEs, std.all, thresholds and their SEs,
 * the (unchanged) tests; the true theta fit (make_ordinal_theta_fit.R): constraint lines,
 * equal labels across indicators and regressions on ordered observed variables.
 * Ordered indicators with observed exogenous covariates (lavaan conditional.x;
 * make_ordinal_x.R: sem(..., ordered = A1-A5) on psych::bfi with age, gender, education):
 * a MIMIC model, an ordered item regressed on a covariate directly and the MIMIC in the
 * theta parameterization, with the DWLS and scaled-shifted tests and fit indices too
 * (lavaan's robust CFI/TLI/RMSEA are NA there: NaN here); and lavaan's missing =
 * "pairwise" with ordered data, with and without covariates (pw* cases). Constraint lines
 * with ordered indicators (make_ordinal_constr.R: cfa(..., ordered = TRUE) on bfi A2-A5,
 * C1-C4 with a == b, a == 2*b, an inactive b > 0.5, and two ties). Mixed ordered and
 * continuous indicators with covariates (make_ordinal_mixx.R, HS x1-x6 with ageyr, sex), and
 * with missing = "pairwise" without covariates (make_ordinal_mixpair.R). General constraints
 * (a + b + c == 3, a == b^2, a := row) and active inequalities (a bound, an inequality over
 * two parameters) with ordered indicators (make_ordinal_gcon.R). Regressions on ordered or
 * endogenous observed variables and R2 (make_ordinal_path.R), and missing = "pairwise"
 * with continuous indicators and covariates (make_ordinal_path.R, px cases); path models
 * without latent variables mixing ordered and continuous variables (make_ordinal_pathmix.R).
 * The rerun from start = "simple" of a fit that stops without converging (start_retry):
 * hs_ord.csv theta with a + b == 1 against theta_lrt.csv's chi2 (make_ordinal_theta_lrt.R). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"
#include "refkv.h"
#include "testutil.h"

#define ORD ADX_SOURCE_DIR "/tests/reference/ordinal/"

static refkv_t ref;
/* --ordered VARS of the fits (NULL: all) */
static const char *const *ord_vars;
static size_t nord_vars;
/* tolerance of the threshold estimates (pmboth: lavaan's nlminb stops 1e-4 short there) */
static double th_tol = 2e-6;

static double want(const char *key, int *found)
{
    double v = kv_get(&ref, key, found);
    if (!*found)
        fprintf(stderr, "reference key %s missing\n", key);
    return v;
}

static void cmp(const char *key, double got, const char *stat, double tol)
{
    int found = 0;
    double w = want(key, &found);
    t_count++;
    if (!found || !(fabs(got - w) <= tol * fmax(1, fabs(w)) || (isnan(got) && isnan(w)))) {
        t_fail++;
        fprintf(stderr, "%s: ambidex %.10g, lavaan %.10g\n", key, got, w);
    }
    if (found)
        kv_track(stat, got, w);
}

/* bfi with A1 reversed (7 - A1), as the reference script does. */
static adx_dataset_t *load(const char *path, int reverse_a1)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    long a1 = ds && reverse_a1 ? adx_dataset_find(ds, "A1") : -1;
    if (a1 >= 0)
        for (size_t i = 0; i < ds->nrows; i++)
            ds->vars[a1].num[i] = 7 - ds->vars[a1].num[i];
    return ds;
}

static adx_sem_t *fit(const char *model, adx_dataset_t *ds, int std_lv, int theta,
                      int pairwise, adx_error_t want_rc)
{
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_errctx_t e = {0};
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    o.ordered_vars = ord_vars;
    o.nordered_vars = nord_vars;
    o.ordinal_theta = theta;
    o.ordinal_pairwise = pairwise;
    o.std_lv = std_lv;
    CHECK_OK(adx_sem_parse(model, "model", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    adx_error_t rc = s ? adx_sem_fit_dataset(s, ds, &e) : ADX_OK;
    CHECK(rc == want_rc);
    if (rc != want_rc)
        fprintf(stderr, "fit: %s\n", e.msg);
    adx_sem_syntax_free(syn);
    return s;
}

/* Parameter rows (est, se, std.all) and thresholds (est, se) of s against tag's keys. */
static void cmp_estimates(const char *tag, const adx_sem_t *s)
{
    char key[200];
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        const char *op = adx_sem_op_name(pr->op);
        snprintf(key, sizeof key, "%s.%s.%s.%s.est", tag, pr->lhs, op, pr->rhs);
        cmp(key, pr->est, "estimate", 2e-6);
        snprintf(key, sizeof key, "%s.%s.%s.%s.se", tag, pr->lhs, op, pr->rhs);
        int found = 0;
        if (pr->at_bound) /* held at its bound: lavaan's SE 0 (NA short of convergence) */
            CHECK(isnan(pr->se) && !(fabs(kv_get(&ref, key, &found)) > 1e-6));
        else
            cmp(key, pr->free || pr->op == ADX_SEM_DEFINE ? pr->se : 0, "robust SE", 2e-6);
        snprintf(key, sizeof key, "%s.%s.%s.%s.std_all", tag, pr->lhs, op, pr->rhs);
        cmp(key, pr->std_all, "std.all", 2e-6);
    }
    const adx_sem_ordinal_t *od = s->ordinal;
    for (size_t k = 0; k < od->nth; k++) {
        char lab[16] = "~1."; /* a continuous indicator's intercept: lavaan's x ~ 1 */
        if (od->th_k[k])
            snprintf(lab, sizeof lab, "|.t%d", od->th_k[k]);
        snprintf(key, sizeof key, "%s.%s.%s.est", tag, od->th_var[k], lab);
        cmp(key, od->th[k], "threshold", th_tol);
        snprintf(key, sizeof key, "%s.%s.%s.se", tag, od->th_var[k], lab);
        cmp(key, od->th_se[k], "threshold SE", 2e-6);
    }
    for (size_t v = 0; v < s->p + s->m; v++) { /* R2 where the reference has it */
        int found = 0;
        snprintf(key, sizeof key, "%s.r2.%s", tag, s->names[v]);
        kv_get(&ref, key, &found);
        if (found)
            cmp(key, s->r2[v], "R2", 2e-6);
    }
}

static void theta_case(const char *tag, const char *model, const char *path, int rev, int std_lv)
{
    adx_dataset_t *ds = load(path, rev);
    adx_sem_t *s = ds ? fit(model, ds, std_lv, 1, 0, ADX_OK) : NULL;
    char key[200];
    if (!s || !s->fitted || !s->ordinal)
        goto done;
    cmp_estimates(tag, s);
    snprintf(key, sizeof key, "%s.fit.chisq", tag);
    cmp(key, s->fit.chisq, "chisq", 1e-5);
    snprintf(key, sizeof key, "%s.fit.df", tag);
    cmp(key, s->fit.df, "df", 0);
    snprintf(key, sizeof key, "%s.fit.chisq.scaled", tag);
    cmp(key, s->fit.chisq_scaled, "chisq.scaled", 1e-5);
    snprintf(key, sizeof key, "%s.fit.cfi.scaled", tag);
    cmp(key, s->fit.cfi_scaled, "cfi.scaled", 1e-6);
    snprintf(key, sizeof key, "%s.fit.rmsea.scaled", tag);
    cmp(key, s->fit.rmsea_scaled, "rmsea.scaled", 1e-6);
done:
    adx_sem_free(s);
    adx_dataset_free(ds);
}

static void x_case(const char *tag, const char *model, adx_dataset_t *ds, int theta, int pw)
{
    adx_sem_t *s = ds ? fit(model, ds, 0, theta, pw, ADX_OK) : NULL;
    char key[200];
    if (!s || !s->fitted || !s->ordinal)
        goto done;
    cmp_estimates(tag, s);
    const adx_sem_ordinal_t *od = s->ordinal;
    const adx_sem_fit_t *f = &s->fit;
    static const char *const names[] = {
        "chisq",      "df",          "chisq.scaled", "chisq.scaling.factor", "baseline.chisq",
        "baseline.chisq.scaled",     "cfi",          "tli",                  "rmsea",
        "cfi.scaled", "tli.scaled",  "rmsea.scaled", "srmr",                 "cfi.robust",
        "tli.robust", "rmsea.robust"};
    const double got[] = {f->chisq, f->df, f->chisq_scaled, f->chisq_scaling_factor,
                          f->baseline_chisq, f->baseline_chisq_scaled, f->cfi, f->tli, f->rmsea,
                          f->cfi_scaled, f->tli_scaled, f->rmsea_scaled, f->srmr,
                          od->cfi_robust, od->tli_robust, od->rmsea_robust};
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++) {
        double tol = i == 1 ? 0 : strstr(names[i], "chisq") && i != 3 ? 1e-5 : 1e-6;
        snprintf(key, sizeof key, "%s.fit.%s", tag, names[i]);
        if ((od->ncov || od->nnum) && strstr(names[i], "robust"))
            CHECK(isnan(got[i])); /* lavaan: NA with covariates or continuous indicators */
        else
            cmp(key, got[i], names[i], tol);
    }
    snprintf(key, sizeof key, "%s.n", tag);
    cmp(key, (double)s->n, "n", 0);
done:
    adx_sem_free(s);
}

/* ref from ORD csv; the data (bfi as delivered when NULL, else ORD data). */
static adx_dataset_t *bfi_with(const char *csv, const char *data)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", ORD, csv);
    kv_free(&ref);
    ref = kv_load(path);
    CHECK(ref.n > 0);
    if (data)
        snprintf(path, sizeof path, "%s%s", ORD, data);
    return load(data ? path : ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", 0);
}

/* The observed-covariate and pairwise cases (cfa_x.csv). */
static void x_cases(void)
{
    adx_dataset_t *ds = bfi_with("cfa_x.csv", NULL);
    const char *mimic = "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + gender";
    const char *direct = "f =~ A1 + A2 + A3 + A4 + A5\nf ~ age + education\nA2 ~ gender";
    x_case("xmimic", mimic, ds, 0, 0);
    x_case("xdirect", direct, ds, 0, 0);
    x_case("xmimth", mimic, ds, 1, 0);
    /* missing = "pairwise" */
    x_case("pwA", "A =~ A1 + A2 + A3 + A4 + A5", ds, 0, 1);
    x_case("pwAC", "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5", ds, 0, 1);
    x_case("pwmimic", mimic, ds, 0, 1);
    x_case("pwdirect", direct, ds, 0, 1);
    adx_dataset_free(ds);
}

/* Constraint lines (cfa_constr.csv). */
static void constr_cases(void)
{
    adx_dataset_t *ds = bfi_with("cfa_constr.csv", NULL);
    const char *base = "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + d*C4\n";
    static const char *const tags[] = {"ceq", "ceq2", "cineq", "ceqh"};
    static const char *const lines[] = {"a == b", "a == 2*b", "b > 0.5", "a == b\nd == c"};
    for (size_t i = 0; i < 4; i++) {
        char model[300];
        snprintf(model, sizeof model, "%s%s", base, lines[i]);
        x_case(tags[i], model, ds, 0, 0);
    }
    adx_dataset_free(ds);
}

/* General constraints and active inequalities (cfa_gcon.csv, make_ordinal_gcon.R): a
 * parameter held at its bound has no SE (NaN, lavaan's NA). */
static void gcon_cases(void)
{
    adx_dataset_t *ds = bfi_with("cfa_gcon.csv", NULL);
    const char *base = "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n";
    static const char *const tags[] = {"gsum", "gnl", "gdef", "gbnd", "gineq"};
    static const char *const lines[] = {"a + b + c == 3", "a == b^2", "a + b + c == 3\nab := a*b",
                                        "b > 1.1", "a + b < 1.8"};
    for (size_t i = 0; i < 5; i++) {
        char model[300];
        snprintf(model, sizeof model, "%s%s", base, lines[i]);
        x_case(tags[i], model, ds, 0, 0);
    }
    adx_dataset_free(ds);
}

/* Mixed ordered (x1-x3) and continuous (x4-x6) indicators with covariates ageyr, sex: the
 * MIMIC (tag[0]) and direct (tag[1]) models of cfa_mixx.csv (listwise) or of cfa_path.csv's
 * px cases (hs_mixpx.csv, missing = "pairwise": pw 1). */
static void mixx_cases(const char *csv, const char *data, const char *const tag[2], int pw)
{
    static const char *const ord[] = {"x1", "x2", "x3"};
    adx_dataset_t *ds = bfi_with(csv, data);
    const char *fac = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n";
    char model[300];
    ord_vars = ord;
    nord_vars = 3;
    snprintf(model, sizeof model, "%svisual ~ ageyr + sex\ntextual ~ ageyr + sex", fac);
    x_case(tag[0], model, ds, 0, pw);
    snprintf(model, sizeof model, "%svisual ~ ageyr\nx5 ~ sex", fac);
    x_case(tag[1], model, ds, 0, pw);
    ord_vars = NULL;
    nord_vars = 0;
    adx_dataset_free(ds);
}

/* Mixed ordered and continuous indicators with missing = "pairwise" (cfa_mixpair.csv):
 * HS x1-x3 ordered, x4-x6 continuous with MCAR holes; bfi A1-A5 ordered, C1-C5 continuous. */
static void mixpair_cases(void)
{
    static const char *const hsord[] = {"x1", "x2", "x3"};
    static const char *const bford[] = {"A1", "A2", "A3", "A4", "A5"};
    adx_dataset_t *ds = bfi_with("cfa_mixpair.csv", "hs_mixpair.csv");
    ord_vars = hsord;
    nord_vars = 3;
    x_case("mpHS", "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6", ds, 0, 1);
    adx_dataset_free(ds);
    ds = bfi_with("cfa_mixpair.csv", NULL);
    ord_vars = bford;
    nord_vars = 5;
    x_case("mpAC", "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5", ds, 0, 1);
    ord_vars = NULL;
    nord_vars = 0;
    adx_dataset_free(ds);
}

/* The true theta fit (cfa_theta_fit.csv): constraint lines on theta-scale parameters,
 * equal labels across indicators, regressions on ordered or endogenous observed
 * variables. */
static void theta_fit_cases(void)
{
    adx_dataset_t *ds = bfi_with("cfa_theta_fit.csv", NULL);
    const char *base = "A =~ A2 + a*A3 + b*A4 + e*A5\nC =~ C1 + C2 + c*C3 + d*C4\n";
    static const char *const tags[] = {"tgsum", "tg2b", "tgbnd"};
    static const char *const lines[] = {"a + b + c == 3", "a == 2*b", "b > 1.1"};
    for (size_t i = 0; i < 3; i++) {
        char model[300];
        snprintf(model, sizeof model, "%s%s", base, lines[i]);
        x_case(tags[i], model, ds, 1, 0);
    }
    adx_dataset_free(ds);
    ds = load(ORD "sim7.csv", 0);
    x_case("tlab", "F1 =~ y1 + a*y2 + y3 + y4\nF2 =~ y5 + a*y6 + y7 + y8", ds, 1, 0);
    adx_dataset_free(ds);
}

/* Regressions on ordered / endogenous observed variables (csv, tags pre + med, path, out,
 * cont; theta: the true theta fit): an ordered mediator, an ordered outcome of a factor, a
 * path model with covariates, continuous and ordered mediators; without latent variables
 * when mixed: refused in delta, the theta fit in theta. */
static void path_cases(const char *csv, const char *pre, int theta)
{
    static const char *const o5[] = {"x1", "x2", "x3", "x4", "x5"};
    static const char *const o7[] = {"x1", "x2", "x3", "x7"};
    char tag[32];
    adx_dataset_t *ds = bfi_with(csv, "hs_ord.csv");
    ord_vars = o5;
    nord_vars = 5;
    snprintf(tag, sizeof tag, "%smed", pre);
    x_case(tag, "visual =~ x1 + x2 + x3\nx4 ~ visual\nx5 ~ x4 + visual", ds, theta, 0);
    ord_vars = o5 + 2;
    nord_vars = 3;
    snprintf(tag, sizeof tag, "%spath", pre);
    x_case(tag, "x3 ~ x1 + x2\nx4 ~ x3\nx5 ~ x4 + x1", ds, theta, 0);
    ord_vars = o7;
    nord_vars = 4;
    snprintf(tag, sizeof tag, "%sout", pre);
    x_case(tag, "visual =~ x1 + x2 + x3\nx7 ~ visual", ds, theta, 0);
    adx_dataset_free(ds);
    ds = load(ORD "hs_mixx.csv", 0);
    ord_vars = o5;
    nord_vars = 3;
    snprintf(tag, sizeof tag, "%scont", pre);
    x_case(tag, "visual =~ x1 + x2 + x6\nx4 ~ visual\nx3 ~ x4\nx5 ~ x3 + x4", ds, theta, 0);
    snprintf(tag, sizeof tag, "%smix", pre); /* no latent variable, mixed (delta: pmord) */
    if (theta)
        x_case(tag, "x3 ~ x6\nx4 ~ x3\nx5 ~ x4", ds, theta, 0);
    ord_vars = NULL;
    nord_vars = 0;
    adx_dataset_free(ds);
}

/* Path models without latent variables mixing ordered and continuous observed variables
 * (cfa_pathmix.csv, make_ordinal_pathmix.R, hs_mixx.csv). */
static void pathmix_cases(void)
{
    static const char *const o[] = {"x1", "x2", "x3"};
    adx_dataset_t *ds = bfi_with("cfa_pathmix.csv", "hs_mixx.csv");
    ord_vars = o;
    nord_vars = 1;
    x_case("pmout", "x4 ~ ageyr + sex\nx1 ~ x4 + sex", ds, 0, 0);
    ord_vars = o + 2;
    x_case("pmord", "x3 ~ x6\nx4 ~ x3\nx5 ~ x4", ds, 0, 0);
    ord_vars = o;
    nord_vars = 2;
    th_tol = 2e-4; /* nlminb with rel.tol = 1e-14 comes within 1.7e-6 of ambidex's */
    x_case("pmboth", "x4 ~ sex\nx2 ~ x4 + ageyr\nx1 ~ x2 + x4", ds, 0, 0);
    th_tol = 2e-6;
    ord_vars = NULL;
    nord_vars = 0;
    adx_dataset_free(ds);
}

/* hs_ord.csv, theta, with `a + b == 1`: the line makes b's start set a's (-0.039), from
 * where the fit stops without converging; the rerun from start = "simple" (start_retry,
 * the default) converges to lavaan's chi2 (theta_lrt.csv, th_hsum's chisq0, lavaan's own
 * default start); with start_retry 0 the fit is reported as not converged. */
static void retry_case(void)
{
    adx_dataset_t *ds = load(ORD "hs_ord.csv", 0), *lrt = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(ORD "theta_lrt.csv", NULL, &lrt, &e), e);
    long pc = lrt ? adx_dataset_find(lrt, "pair") : -1;
    long cc = lrt ? adx_dataset_find(lrt, "chisq0") : -1;
    double chisq = NAN;
    for (size_t i = 0; pc >= 0 && cc >= 0 && lrt->vars[pc].type == ADX_VAR_STRING &&
                       i < lrt->nrows;
         i++)
        if (lrt->vars[pc].str[i] && !strcmp(lrt->vars[pc].str[i], "th_hsum"))
            chisq = lrt->vars[cc].num[i];
    CHECK(isfinite(chisq));
    const char *m = "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + c*x5 + d*x6\n"
                    "speed =~ x7 + x8 + x9\na + b == 1\n";
    for (int retry = 1; ds && retry >= 0; retry--) {
        adx_sem_syntax_t *syn = NULL;
        adx_sem_t *s = NULL;
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        CHECK(o.start_retry == 1);
        o.ordered = 1;
        o.ordinal_theta = 1;
        o.start_retry = retry;
        CHECK_OK(adx_sem_parse(m, "model", &syn, &e), e);
        if (syn)
            CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
        adx_error_t rc = s ? adx_sem_fit_dataset(s, ds, &e) : ADX_ENOMEM;
        CHECK(retry ? rc == ADX_OK && s->converged : rc == ADX_ECONVERGE && !s->converged);
        if (retry && s && s->converged)
            printf("hs_ord theta a + b == 1 (rerun from simple): chi2 %.10g, lavaan %.10g (rel "
                   "%.3g)\n",
                   s->fit.chisq, chisq, fabs(s->fit.chisq - chisq) / chisq);
        CHECK(!retry || (s && fabs(s->fit.chisq - chisq) < 1e-6 * chisq));
        adx_sem_free(s);
        adx_sem_syntax_free(syn);
    }
    adx_dataset_free(lrt);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    ref = kv_load(ORD "cfa_theta.csv");
    CHECK(ref.n > 0);
    const char *bfi = ADX_SOURCE_DIR "/tests/reference/data/bfi.csv";
    const char *m7 = "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8";
    theta_case("thA", "A =~ A1 + A2 + A3 + A4 + A5", bfi, 1, 0);
    theta_case("thAC", "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5", bfi, 1, 0);
    theta_case("th7", m7, ORD "sim7.csv", 0, 0);
    theta_case("th7lv", m7, ORD "sim7.csv", 0, 1);
    theta_case("th7s", "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8\nF2 ~ F1\ny1 ~~ y2",
               ORD "sim7.csv", 0, 0);
    x_cases();
    constr_cases();
    static const char *const mx[] = {"mxmimic", "mxdirect"};
    static const char *const px[] = {"pxmimic", "pxdirect"};
    mixx_cases("cfa_mixx.csv", "hs_mixx.csv", mx, 0);
    mixpair_cases();
    path_cases("cfa_path.csv", "op", 0);
    kv_report("theta parameterization, observed covariates and constraints vs lavaan 0.6.14");
    gcon_cases();
    kv_report("general constraints and active inequalities vs lavaan 0.6.14");
    mixx_cases("cfa_path.csv", "hs_mixpx.csv", px, 1);
    kv_report("missing = \"pairwise\" with continuous indicators and covariates vs lavaan 0.6.14");
    theta_fit_cases();
    path_cases("cfa_theta_fit.csv", "tp", 1);
    kv_report("the true theta fit: constraints, equal labels, ordinal paths vs lavaan 0.6.14");
    pathmix_cases();
    kv_report("path models without latent variables, ordered and continuous, vs lavaan 0.6.14");
    retry_case();
    kv_free(&ref);
    return t_fail ? (printf("%d of %d checks failed\n", t_fail, t_count), 1)
                  : (printf("all %d checks passed\n", t_count), 0);
}
