/* Score tests of the equality constraints of single-group fits against lavaan 0.6.14's
 * lavTestScore(fit) (tests/reference/sem/make_score1.R, score1.csv and score1_total.csv):
 * each "==" line and each repeated label released alone and the total test, on the HS
 * CFA (two-parameter, three-parameter and nonlinear lines, a repeated loading label; ML,
 * MLR (lavaan's ordinary test) and FIML), an HS SEM with a repeated regression label and
 * bfi C1-C5 (a repeated residual variance label), and bfi A2-A5 (C1-C4) ordered (WLSMV and
 * ULSMV, delta and theta); and make_score1_mix.R's cases (score1_mix.csv,
 * score1_mix_total.csv): ordered indicators under pairwise deletion, with continuous
 * indicators and with covariates.
 * Every lavaan row matched by its constraint, no other; then the refusals (no constraint,
 * an inequality line). */
#include <ctype.h>

#include "semref.h"

static double worst_x2, worst_chisq;

/* s without blanks into out (n). */
static void squeeze(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (!isspace((unsigned char)*s))
            out[k++] = *s;
    out[k] = 0;
}

/* Fits text to ds under o with its score tests: rc as want. */
static adx_sem_t *fit_opts(const char *text, const adx_dataset_t *ds, const adx_sem_options_t *o,
                           adx_error_t want)
{
    adx_errctx_t e = {0};
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    CHECK_OK(adx_sem_parse(text, "score1", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    adx_error_t rc = s ? adx_sem_score_tests(s, syn, &e) : ADX_EPARSE;
    if (rc != want)
        fprintf(stderr, "  got %d, want %d: %s\n", rc, want, e.msg);
    CHECK(rc == want);
    adx_sem_syntax_free(syn);
    if (rc == ADX_OK)
        return s;
    adx_sem_free(s);
    return NULL;
}

/* The options of estimator robust, FIML fiml, ord (1: every indicator ordered, WLSMV, 2:
 * the same in the theta parameterization, 3: ULSMV, delta, 4: ULSMV, theta; 0 none). */
static adx_sem_options_t opts(int robust, int fiml, int ord)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = robust;
    o.fiml = fiml;
    o.ordered = ord > 0;
    o.ordinal_theta = ord == 2 || ord == 4;
    o.ordinal_uls = ord == 3 || ord == 4;
    return o;
}

static adx_sem_t *fit_scored(const char *text, const adx_dataset_t *ds, int robust, int fiml,
                             int ord, adx_error_t want)
{
    adx_sem_options_t o = opts(robust, fiml, ord);
    return fit_opts(text, ds, &o, want);
}

/* Column col of model's row in score1_total.csv, NaN if absent. */
static double tot(const adx_dataset_t *st, const char *model, const char *col)
{
    for (size_t i = 0; i < st->nrows; i++)
        if (!strcmp(sval(st, "model", i), model))
            return nval(st, col, i);
    return NAN;
}

/* One case: every lavaan row of `model` matched by lhs and rhs (blanks removed), the
 * total and the fit's chi2 and df. */
static void check_opts(const char *model, const char *text, const adx_dataset_t *ds,
                       const adx_sem_options_t *o, const adx_dataset_t *sc,
                       const adx_dataset_t *st, double tol)
{
    adx_sem_t *s = fit_opts(text, ds, o, ADX_OK);
    size_t want = 0, matched = 0;
    double w = 0;
    for (size_t i = 0; i < sc->nrows; i++)
        want += !strcmp(sval(sc, "model", i), model);
    for (size_t k = 0; s && k < s->ncon_score; k++) {
        char l[300], r[300];
        squeeze(s->con_score[k].lhs, l, sizeof l);
        squeeze(s->con_score[k].rhs, r, sizeof r);
        CHECK(s->con_score[k].df == 1);
        for (size_t i = 0; i < sc->nrows; i++)
            if (!strcmp(sval(sc, "model", i), model) && !strcmp(sval(sc, "lhs", i), l) &&
                !strcmp(sval(sc, "rhs", i), r)) {
                matched++;
                ref_cmp(s->con_score[k].x2, nval(sc, "X2", i), tol, &w, l, model);
            }
    }
    if (!s || matched != want || s->ncon_score != want)
        fprintf(stderr, "  %s: %zu tests, %zu matched, lavaan %zu\n", model,
                s ? s->ncon_score : 0, matched, want);
    CHECK(s && want > 0 && matched == want && s->ncon_score == want);
    if (s) {
        ref_cmp(s->con_total_x2, tot(st, model, "X2"), tol, &w, "total", model);
        ref_cmp(s->con_total_df, tot(st, model, "X2df"), 0, &w, "total df", model);
        ref_cmp(s->fit.chisq, tot(st, model, "chisq"), 1e-5, &worst_chisq, "chisq",
                model);
        ref_cmp(s->fit.df, tot(st, model, "df"), 0, &worst_chisq, "df", model);
    }
    printf("%-10s %zu tests, max rel diff %.2g\n", model, matched, w);
    worst_x2 = fmax(worst_x2, w);
    adx_sem_free(s);
}

/* check_opts with estimator robust, FIML fiml (robust -1: ordered WLSMV, -2: ULSMV, -3:
 * WLSMV theta, -4: ULSMV theta). */
static void check_case(const char *model, const char *text, const adx_dataset_t *ds, int robust,
                       int fiml, const adx_dataset_t *sc, const adx_dataset_t *st, double tol)
{
    adx_sem_options_t o = opts(robust < 0 ? 0 : robust, fiml,
                               robust == -1 ? 1 : robust == -2 ? 3 : robust == -3 ? 2
                                                 : robust == -4 ? 4 : 0);
    check_opts(model, text, ds, &o, sc, st, tol);
}

/* A case of make_score1_mix.R (score1_mix.csv): ordered as ord (see opts), only the
 * variables vars (NULL: all), pairwise deletion with pw. */
static void check_mix(const char *model, const char *text, const adx_dataset_t *ds, int ord,
                      const char *const *vars, size_t nvars, int pw, const adx_dataset_t *sc,
                      const adx_dataset_t *st)
{
    adx_sem_options_t o = opts(0, 0, ord);
    o.ordered_vars = vars;
    o.nordered_vars = nvars;
    o.ordinal_pairwise = pw;
    check_opts(model, text, ds, &o, sc, st, 1e-5);
}

#define HS3(a, b, c) "visual =~ x1 + " a "\ntextual =~ x4 + " b "\nspeed =~ x7 + " c "\n"
#define MIX HS3("a*x2 + a*x3", "b*x5 + c*x6", "d*x8 + e*x9") "b == c\nd == 2*e\n"

#define AORD "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n"
#define ASUM "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n"
#define HMOD                                                                                       \
    "visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + c*x6\nx5 ~~ v*x5\nx6 ~~ v*x6\nb == c\n"
#define XMOD "f =~ A1 + a*A2 + a*A3 + b*A4 + A5\nf ~ c*age + gender\nb == 0.9*a\nc == 0.01\n"
#define HXMOD                                                                                      \
    "visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + c*x6\nvisual ~ ageyr + sex\n"           \
    "textual ~ ageyr + sex\nb == c\n"

/* make_score1_mix.R: ordered indicators under pairwise deletion (bfi), with continuous
 * indicators (hs_mixed.csv, hs_mixpair.csv) and with covariates (bfi with age and gender,
 * hs_mixx.csv), WLSMV and ULSMV, delta and theta; an ordered endogenous predictor (hs_ord.csv,
 * hs_mixx.csv). */
static void mix_cases(const adx_dataset_t *bfi)
{
    static const char *const o3[] = {"x1", "x2", "x3"};
    static const char *const a15[] = {"A1", "A2", "A3", "A4", "A5"}, *const o12[] = {"x1", "x2"};
    adx_dataset_t *sc = load(REF "score1_mix.csv"), *st = load(REF "score1_mix_total.csv");
    adx_dataset_t *hmix = load(ADX_SOURCE_DIR "/tests/reference/ordinal/hs_mixed.csv");
    adx_dataset_t *hpair = load(ADX_SOURCE_DIR "/tests/reference/ordinal/hs_mixpair.csv");
    adx_dataset_t *hmixx = load(ADX_SOURCE_DIR "/tests/reference/ordinal/hs_mixx.csv");
    adx_dataset_t *hord = load(ADX_SOURCE_DIR "/tests/reference/ordinal/hs_ord.csv");
    if (bfi && sc && st && hmix && hpair && hmixx && hord) {
        /* (a) pairwise deletion, ordered only */
        check_mix("p1_ord", AORD, bfi, 1, NULL, 0, 1, sc, st);
        check_mix("p1_ordu", AORD, bfi, 3, NULL, 0, 1, sc, st);
        check_mix("p1_ordt", AORD, bfi, 2, NULL, 0, 1, sc, st);
        check_mix("p1_sum", ASUM, bfi, 1, NULL, 0, 1, sc, st);
        check_mix("p1_sumu", ASUM, bfi, 3, NULL, 0, 1, sc, st);
        /* (b) ordered and continuous indicators */
        check_mix("m1_mix", HMOD, hmix, 1, o3, 3, 0, sc, st);
        check_mix("m1_mixt", HMOD, hmix, 2, o3, 3, 0, sc, st);
        check_mix("m1_mixu", HMOD, hmix, 3, o3, 3, 0, sc, st);
        check_mix("m1_pair", HMOD, hpair, 1, o3, 3, 1, sc, st);
        /* (c) covariates (conditional.x) */
        check_mix("x1_mimic", XMOD, bfi, 1, a15, 5, 0, sc, st);
        check_mix("x1_mimict", XMOD, bfi, 2, a15, 5, 0, sc, st);
        check_mix("x1_mimicu", XMOD, bfi, 3, a15, 5, 0, sc, st);
        check_mix("x1_mimicpw", XMOD, bfi, 1, a15, 5, 1, sc, st);
        check_mix("x1_mixx", HXMOD, hmixx, 1, o3, 3, 0, sc, st);
        check_mix("x1_mixxt", HXMOD, hmixx, 2, o3, 3, 0, sc, st);
        /* an ordered endogenous predictor (lavaan's Delta holds its residual variance
         * fixed: adx__ord_derivs_fixed) */
        check_mix("y1_opmed", "visual =~ x1 + x2 + x3\nx4 ~ b*visual\nx5 ~ x4 + b*visual\n", hord,
                  1, NULL, 0, 0, sc, st);
        check_mix("y1_pmboth", "x4 ~ sex\nx2 ~ a*x4 + ageyr\nx1 ~ x2 + a*x4\n", hmixx, 1, o12, 2,
                  0, sc, st);
    }
    adx_dataset_free(sc);
    adx_dataset_free(st);
    adx_dataset_free(hmix);
    adx_dataset_free(hpair);
    adx_dataset_free(hmixx);
    adx_dataset_free(hord);
}

int main(void)
{
    adx_init();
    adx_dataset_t *hs = load(REF "hs.csv"), *hsm = load(REF "hs_missing.csv");
    adx_dataset_t *bfi = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    adx_dataset_t *sc = load(REF "score1.csv"), *st = load(REF "score1_total.csv");
    if (hs && hsm && bfi && sc && st) {
        check_case("s1_mix", MIX, hs, 0, 0, sc, st, 1e-5);
        check_case("s1_mlr", MIX, hs, ADX_SEM_MLR, 0, sc, st, 1e-5);
        check_case("s1_nonlin", HS3("a*x2 + b*x3", "x5 + x6", "x8 + x9") "a == b^2\n", hs, 0,
                   0, sc, st, 1e-4);
        check_case("s1_sum",
                   HS3("a*x2 + b*x3", "x5 + c*x6", "d*x8 + e*x9") "a + b == 1\nc + d + e == 3\n",
                   hs, 0, 0, sc, st, 1e-5);
        check_case("s1_sem",
                   HS3("x2 + x3", "x5 + x6", "x8 + x9") "speed ~ r*visual + r*textual\n", hs, 0,
                   0, sc, st, 1e-5);
        check_case("s1_fiml", MIX, hsm, 0, 1, sc, st, 1e-5);
        check_case("b1_var",
                   "C =~ C1 + a*C2 + a*C3 + b*C4 + C5\nC4 ~~ v*C4\nC5 ~~ v*C5\na == -b\n", bfi,
                   0, 0, sc, st, 1e-5);
        /* ordered indicators (WLSMV, delta; robust -1) */
        check_case("b1_ord", "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n", bfi, -1, 0, sc, st,
                   1e-5);
        check_case("b1_ordsum",
                   "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n", bfi,
                   -1, 0, sc, st, 1e-5);
        /* ULSMV (robust -2): lavaan's identity weight, X2 with (n - 1)^2/n */
        check_case("b1_ordu", "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n", bfi, -2, 0, sc,
                   st, 1e-5);
        check_case("b1_ordsumu",
                   "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n", bfi,
                   -2, 0, sc, st, 1e-5);
        /* the theta parameterization (robust -3 WLSMV, -4 ULSMV) */
        check_case("b1_ordt", "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n", bfi, -3, 0, sc,
                   st, 1e-5);
        check_case("b1_ordsumt",
                   "A =~ A2 + a*A3 + b*A4 + A5\nC =~ C1 + C2 + c*C3 + C4\na + b + c == 3\n", bfi,
                   -3, 0, sc, st, 1e-5);
        check_case("b1_ordtu", "A =~ A2 + a*A3 + a*A4 + b*A5\nb == 0.8*a\n", bfi, -4, 0, sc,
                   st, 1e-5);
        /* refusals: nothing to test, an inequality line (lavaan refuses them too) */
        fit_scored(HS3("x2 + x3", "x5 + x6", "x8 + x9"), hs, 0, 0, 0, ADX_EUSAGE);
        fit_scored(HS3("a*x2 + x3", "x5 + x6", "x8 + x9") "a > 0.1\n", hs, 0, 0, 0, ADX_EUSAGE);
    }
    mix_cases(bfi);
    printf("score tests: max rel diff %.2g (chi2 %.2g)\n", worst_x2, worst_chisq);
    adx_dataset_free(hs);
    adx_dataset_free(hsm);
    adx_dataset_free(bfi);
    adx_dataset_free(sc);
    adx_dataset_free(st);
    TEST_DONE();
}
