/* General constraints in multi-group fits against lavaan 0.6.14 (issue 13 item 5 across
 * groups, tests/reference/sem/make_mg_gcon.R): the HS CFA by school with per-group c()
 * labels and constraint lines that tie two groups' labels (a1 == 0.5*a2), are linear over
 * three free parameters, nonlinear (also across the groups), on labels shared by the
 * groups, and inequalities (one active: estimates and SEs against the fit with it as an
 * equality, the exact optimum); MLR SEs under nonlinear constraints. Fit measures, npar
 * and df, estimates and SEs per group. Then lavTestScore's univariate tests of the
 * group.equal constraints under the constraint lines (make_mg_gcon_score.R). */
#include "semref.h"

static double worst_fit, worst_est, worst_se;

#define BASE                                                                                 \
    "visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\n"                 \
    "speed =~ x7 + c(c1, c2)*x8 + c(d1, d2)*x9\n"

typedef struct {
    const char *model, *fixed, *text;
    int mlr;
    double est_tol; /* nonlinear: lavaan's nlminb.constr, even at rel.tol 1e-14, stops at a
                     * chi2 7e-8 above ambidex's (estimates 4e-5 apart on flat directions) */
} case_t;

static adx_sem_invariance_t *fit_mg(const char *text, int mlr, unsigned mask, int score,
                                    const adx_dataset_t *hs, adx_error_t want)
{
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(text, "mgc", &syn, &e), e);
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = mlr ? ADX_SEM_MLR : 0;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_equal = mask;
    mo.score_tests = score;
    adx_sem_invariance_t *v = NULL;
    adx_error_t rc = syn ? adx_sem_multigroup(syn, &o, hs, "school", &mo, &v, &e) : ADX_EPARSE;
    if (rc != want)
        fprintf(stderr, "  got %d, want %d: %s\n", rc, want, e.msg);
    CHECK(rc == want);
    adx_sem_syntax_free(syn);
    return v;
}

static void check_case(const adx_dataset_t *hs, const adx_dataset_t *fm,
                       const adx_dataset_t *pe, const case_t *c)
{
    adx_sem_invariance_t *v = fit_mg(c->text, c->mlr, 0, 0, hs, ADX_OK);
    double we = 0, ws = 0, wf = 0;
    if (!v)
        return;
    const adx_sem_inv_row_t *r = &v->rows[0];
    CHECK(r->converged);
    ref_cmp(r->npar, ref_fit_value(fm, c->model, "npar"), 0, &worst_fit, "npar", c->model);
    ref_cmp(r->df, ref_fit_value(fm, c->model, "df"), 0, &worst_fit, "df", c->model);
    static const char *const names[] = {"chisq", "srmr", "pvalue", "cfi", "tli", "rmsea"};
    const double got[] = {r->chisq, r->srmr, r->pvalue, r->cfi, r->tli, r->rmsea};
    for (size_t k = 0; k < 6; k++)
        ref_cmp(got[k], ref_fit_value(fm, k < 2 ? c->fixed : c->model, names[k]), 1e-6, &wf,
                names[k], c->model);
    size_t matched = 0;
    for (size_t g = 0; g < v->ngroups; g++)
        for (size_t k = 0; k < r->nparams[g]; k++) {
            const adx_sem_param_t *p = &r->params[g][k];
            size_t i = ref_mg_row(pe, c->fixed, v->groups[g], p->lhs, p->op, p->rhs);
            if (i == (size_t)-1)
                continue;
            matched++;
            ref_cmp(p->est, nval(pe, "est", i), c->est_tol, &we, "est", c->model);
            ref_cmp(p->se, nval(pe, "se", i), c->est_tol, &ws, "se", c->model);
        }
    CHECK(matched >= 2 * 30);
    printf("%-15s max rel diff fit %.2g, est %.2g, se %.2g\n", c->model, wf, we, ws);
    worst_fit = fmax(worst_fit, wf);
    worst_est = fmax(worst_est, we);
    worst_se = fmax(worst_se, ws);
    adx_sem_invariance_free(v);
}

static double worst_score;

/* lavTestScore's univariate tests of the group.equal constraints of one model under its
 * constraint lines (make_mg_gcon_score.R, mgs_score.csv): every row matched, no other. */
static void check_scores(const adx_dataset_t *hs, const adx_dataset_t *sc,
                         const adx_dataset_t *sf, const char *model, const char *text,
                         unsigned mask, double tol)
{
    adx_sem_invariance_t *v = fit_mg(text, 0, mask, 1, hs, ADX_OK);
    const adx_sem_inv_row_t *r = v ? &v->rows[0] : NULL;
    size_t want = 0, matched = 0;
    if (r) {
        ref_cmp(r->df, ref_fit_value(sf, model, "df"), 0, &worst_fit, "df", model);
        ref_cmp(r->chisq, ref_fit_value(sf, model, "chisq"), 1e-6, &worst_fit, "chisq", model);
    }
    for (size_t i = 0; i < sc->nrows; i++)
        want += !strcmp(sval(sc, "model", i), model);
    for (size_t k = 0; r && k < r->nscore; k++)
        for (size_t i = 0; i < sc->nrows; i++)
            if (!strcmp(sval(sc, "model", i), model) &&
                ref_score_row(&r->score[k], (const char *const *)v->groups, sc, i)) {
                matched++;
                ref_cmp(r->score[k].x2, nval(sc, "X2", i), tol, &worst_score, "X2", model);
            }
    if (!r || matched != want || r->nscore != want)
        fprintf(stderr, "  %s: %zu score tests, %zu matched, lavaan %zu\n", model,
                r ? r->nscore : 0, matched, want);
    CHECK(r && want > 0 && matched == want && r->nscore == want);
    adx_sem_invariance_free(v);
}

int main(void)
{
    adx_init();
    adx_dataset_t *hs = load(REF "hs.csv"), *fm = load(REF "mgc_fit.csv");
    adx_dataset_t *pe = load(REF "mgc_params.csv");
    static const case_t cases[] = {
        {"mgc_cross", "mgc_cross", BASE "a1 == 0.5*a2\n", 0, 1e-5},
        {"mgc_lin3", "mgc_lin3", BASE "c1 + c2 + d1 == 3.3\n", 0, 1e-5},
        {"mgc_nonlin", "mgc_nonlin", BASE "a1 == b1^2\nc1*d2 == 1.2\n", 0, 1e-4},
        {"mgc_plain", "mgc_plain",
         "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
         "a == b^2\n",
         0, 1e-4},
        {"mgc_ineq", "mgc_ineq_fixed", BASE "b2 - b1 > 0.5\nc1 + d1 > 1\n", 0, 1e-5},
        {"mgc_nonlin_mlr", "mgc_nonlin_mlr", BASE "a1 == b1^2\nc1*d2 == 1.2\n", 1, 1e-4}};
    for (size_t k = 0; hs && fm && pe && k < sizeof cases / sizeof cases[0]; k++)
        check_case(hs, fm, pe, &cases[k]);
    if (hs) {
        /* a name that is no group's label */
        fit_mg(BASE "a1 == 0.5*a3\n", 0, 0, 0, hs, ADX_EPARSE);
        /* the Satorra-Bentler 2010 difference under general constraints (compared with
         * lavaan in tests/cli/test_sem_gcon_diff.sh): given */
        adx_sem_syntax_t *syn = NULL;
        adx_errctx_t e = {0};
        CHECK_OK(adx_sem_parse(BASE "a1 == 0.5*a2\n", "mgc", &syn, &e), e);
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.robust = ADX_SEM_MLR;
        o.diff_method = ADX_SEM_DIFF_SB2010;
        adx_sem_invariance_t *w = NULL;
        CHECK(syn && adx_sem_invariance(syn, &o, hs, "school", &w, &e) == ADX_OK);
        CHECK(w && isfinite(w->rows[1].delta_chisq_scaled) && w->rows[1].delta_chisq_scaled > 0);
        adx_sem_invariance_free(w);
        adx_sem_syntax_free(syn);
        /* with group.equal: the constraint lines on top of the equal intercepts */
        adx_sem_invariance_t *v = fit_mg(BASE "a1 == 0.5*a2\n", 0, ADX_SEM_EQ_INTERCEPTS, 0,
                                         hs, ADX_OK);
        CHECK(v && v->rows[0].converged && v->rows[0].df == 55);
        adx_sem_invariance_free(v);
    }
    adx_dataset_t *sc = load(REF "mgs_score.csv"), *sf = load(REF "mgs_fit.csv");
    if (hs && sc && sf) {
        const unsigned I = ADX_SEM_EQ_INTERCEPTS, L = ADX_SEM_EQ_LOADINGS;
        check_scores(hs, sc, sf, "mgs_cross_int", BASE "a1 == 0.5*a2\n", I, 1e-5);
        check_scores(hs, sc, sf, "mgs_cross_load", BASE "a1 == 0.5*a2\n", L, 1e-5);
        /* lavaan's nlminb fit (its Gauss-Newton ends higher) is the reference: 1.5e-5 */
        check_scores(hs, sc, sf, "mgs_lin3_int", BASE "c1 + c2 + d1 == 3.3\n", I, 3e-5);
        check_scores(hs, sc, sf, "mgs_nonlin_int", BASE "a1 == b1^2\nc1*d2 == 1.2\n", I, 1e-4);
        check_scores(hs, sc, sf, "mgs_nonlin_load", BASE "a1 == b1^2\nc1*d2 == 1.2\n", I | L,
                     1e-4);
    }
    adx_dataset_free(sc);
    adx_dataset_free(sf);
    printf("max rel diff fit %.3g, est %.3g, se %.3g, score tests %.3g\n", worst_fit,
           worst_est, worst_se, worst_score);
    adx_dataset_free(hs);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
    TEST_DONE();
}
