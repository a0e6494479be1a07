/* General SEM constraints against lavaan 0.6.14 (issue 13 item 5 leftovers,
 * tests/reference/sem/make_nonlin.R): linear equalities over three free parameters (the
 * null-space map) and nonlinear equalities and inequalities (augmented Lagrangian; SEs
 * from the information projected on the null space of the active constraint Jacobian;
 * df less the independent equalities). Modification indices with a mean structure and
 * for latent regressions (make_mi_means.R) and of FIML fits (make_fiml_mi.R). */
#include "semref.h"

static double worst_est, worst_se, worst_fit, worst_mi, worst_mi_at, worst_mi_gcon;

static void ref_fit(const adx_sem_t *s, const adx_dataset_t *fm, const char *model, double tol)
{
    ref_fit_table(s, fm, model, tol, &worst_fit);
}

#define PD_BASE                                                                              \
    "ind60 =~ x1 + x2 + x3\n"                                                                \
    "dem60 =~ y1 + a1*y2 + b1*y3 + c1*y4\n"                                                  \
    "dem65 =~ y5 + a2*y6 + b2*y7 + c2*y8\n"                                                  \
    "y1 ~~ y5\ny2 ~~ y4 + y6\ny3 ~~ y7\ny4 ~~ y8\ny6 ~~ y8\n"

static const char *const PD_LIN3 = PD_BASE "dem60 ~ ind60\ndem65 ~ ind60 + dem60\n"
                                           "a1 + b1 + c1 == 3.6\na2 - 2*b2 + c2 == 0\n";
static const char *const HS_LIN3 = "visual =~ x1 + a*x2 + x3\n"
                                   "textual =~ x4 + b*x5 + x6\n"
                                   "speed =~ x7 + c*x8 + x9\n"
                                   "a + b + c == 3\n";
static const char *const HS_NONLIN = "visual =~ x1 + a*x2 + b*x3\n"
                                     "textual =~ x4 + e*x5 + f*x6\n"
                                     "speed =~ x7 + c*x8 + d*x9\n"
                                     "a == b^2\nc*d == 1.2\ne/f == 1.1\nab := a*b\n";
static const char *const HS_INEQ = "visual =~ x1 + a*x2 + b*x3\n"
                                   "textual =~ x4 + x5 + x6\n"
                                   "speed =~ x7 + c*x8 + d*x9\n"
                                   "c > exp(d) - 1.7\na < b^2 + 1\n";
static const char *const PD_NONLIN = PD_BASE "dem60 ~ a*ind60\ndem65 ~ b*ind60 + c*dem60\n"
                                             "b*c == 0.5\na1 == b1^2\n";

/* The estimate of the row labelled lab. */
static double lab(const adx_sem_t *s, const char *l)
{
    for (size_t r = 0; r < s->nparams; r++)
        if (!strcmp(s->params[r].label, l) && s->params[r].op != ADX_SEM_DEFINE)
            return s->params[r].est;
    return NAN;
}

/* Fits `text` to ds and compares with the `name` rows of fm and pe; returns the fit for
 * the model's own checks (caller frees), or NULL. */
static adx_sem_t *compare_opt(const char *name, const char *text, const adx_dataset_t *ds,
                              const adx_dataset_t *fm, const adx_dataset_t *pe, int mlr)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.robust = mlr ? ADX_SEM_MLR : o.robust;
    adx_sem_t *s = ds && fm && pe ? fit_text(text, &o, ds) : NULL;
    CHECK(s != NULL);
    if (s) {
        CHECK(s->gcon != NULL && s->converged);
        ref_fit(s, fm, name, 1e-6);
        ref_params(s, pe, name, 1e-5, 1e-4, &worst_est, &worst_se);
    }
    return s;
}

static adx_sem_t *compare(const char *name, const char *text, const adx_dataset_t *ds,
                          const adx_dataset_t *fm, const adx_dataset_t *pe)
{
    return compare_opt(name, text, ds, fm, pe, 0);
}

/* MLR: robust SEs with the projected information in the sandwich, Yuan-Bentler chi2. */
static void check_mlr(void)
{
    adx_dataset_t *hs = load(REF "hs.csv");
    adx_dataset_t *fm = load(REF "nonlin_mlr_fit.csv"), *pe = load(REF "nonlin_mlr_params.csv");
    adx_sem_t *s = compare_opt("hs_mlr",
                               "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + e*x5 + f*x6\n"
                               "speed =~ x7 + c*x8 + d*x9\na == b^2\nc > exp(d) - 1.7\n"
                               "ab := a*b\n",
                               hs, fm, pe, 1);
    for (size_t i = 0; s && fm && i < fm->nrows; i++)
        if (!strcmp(sval(fm, "name", i), "chisq.scaled"))
            ref_cmp(s->fit.chisq_scaled, nval(fm, "value", i), 1e-6, &worst_fit, "chisq.scaled",
                    "hs_mlr");
    adx_sem_free(s);
    adx_dataset_free(hs);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
}

static void check_reference(void)
{
    adx_dataset_t *hs = load(REF "hs.csv"), *pd = load(REF "pd.csv");
    adx_dataset_t *fm = load(REF "nonlin_fit.csv"), *pe = load(REF "nonlin_params.csv");
    adx_sem_t *s = compare("pd_lin3", PD_LIN3, pd, fm, pe);
    CHECK(s && fabs(lab(s, "a1") + lab(s, "b1") + lab(s, "c1") - 3.6) < 1e-12);
    CHECK(s && fabs(lab(s, "a2") - 2 * lab(s, "b2") + lab(s, "c2")) < 1e-12);
    adx_sem_free(s);
    adx_sem_free(compare("hs_lin3", HS_LIN3, hs, fm, pe));
    s = compare("hs_nonlin", HS_NONLIN, hs, fm, pe);
    CHECK(s && fabs(lab(s, "a") - lab(s, "b") * lab(s, "b")) < 1e-10);
    CHECK(s && fabs(lab(s, "c") * lab(s, "d") - 1.2) < 1e-10);
    CHECK(s && fabs(lab(s, "e") / lab(s, "f") - 1.1) < 1e-10);
    adx_sem_free(s);
    s = compare("hs_ineq", HS_INEQ, hs, fm, pe); /* the first binds, the second does not */
    CHECK(s && fabs(lab(s, "c") - exp(lab(s, "d")) + 1.7) < 1e-9);
    CHECK(s && lab(s, "a") < lab(s, "b") * lab(s, "b") + 1 - 0.1);
    adx_sem_free(s);
    adx_sem_free(compare("pd_nonlin", PD_NONLIN, pd, fm, pe));
    adx_dataset_free(hs);
    adx_dataset_free(pd);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
}

/* lavaan's modindices() rows of `model` in md against s->mi (same set, each value to
 * tol relative). A row whose V = mi / (N epc^2) (the candidate's information given the
 * free parameters) is below vsmall only within 1e-3 for the MI and 2e-2 for the EPCs:
 * EPC = -g / V there, with g of the order of the estimates' last digits. */
static void compare_mi(const adx_sem_t *s, const adx_dataset_t *md, const char *model,
                       double tol, double vsmall, double *worst)
{
    size_t want = 0;
    for (size_t i = 0; i < md->nrows; i++)
        want += !strcmp(sval(md, "model", i), model);
    CHECK(want == s->nmi);
    if (want != s->nmi)
        fprintf(stderr, "  %s: %zu modification indices, lavaan %zu\n", model, s->nmi, want);
    for (size_t k = 0; k < s->nmi; k++) {
        const adx_sem_mi_t *mi = &s->mi[k];
        const char *op = adx_sem_op_name(mi->op);
        size_t i = 0;
        while (i < md->nrows &&
               (strcmp(sval(md, "model", i), model) || strcmp(sval(md, "lhs", i), mi->lhs) ||
                strcmp(sval(md, "op", i), op) || strcmp(sval(md, "rhs", i), mi->rhs)))
            i++;
        CHECK(i < md->nrows);
        if (i == md->nrows) {
            fprintf(stderr, "  %s: MI %s %s %s not in lavaan's list\n", model, mi->lhs, op,
                    mi->rhs);
            continue;
        }
        double epc = nval(md, "epc", i);
        if (nval(md, "mi", i) < vsmall * (double)s->n * epc * epc) {
            double wsmall = 0;
            ref_cmp(mi->mi, nval(md, "mi", i), 1e-3, &wsmall, "mi", model);
            ref_cmp(mi->epc, nval(md, "epc", i), 2e-2, &wsmall, "epc", model);
            ref_cmp(mi->sepc_all, nval(md, "sepc_all", i), 2e-2, &wsmall, "sepc.all", model);
            continue;
        }
        ref_cmp(mi->mi, nval(md, "mi", i), tol, worst, "mi", model);
        ref_cmp(mi->epc, nval(md, "epc", i), tol, worst, "epc", model);
        ref_cmp(mi->sepc_lv, nval(md, "sepc_lv", i), tol, worst, "sepc.lv", model);
        ref_cmp(mi->sepc_all, nval(md, "sepc_all", i), tol, worst, "sepc.all", model);
    }
}

/* Modification indices with a mean structure and latent regressions (make_mi_means.R). */
static void check_mi(void)
{
    adx_dataset_t *hs = load(REF "hs.csv"), *pd = load(REF "pd.csv"), *dg = load(REF "growth.csv");
    adx_dataset_t *md = load(REF "mi_means.csv");
    const char *three = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n";
    const char *pdm = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\n"
                      "dem65 =~ y5 + y6 + y7 + y8\ndem65 ~ dem60\n";
    const char *lin = "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4\ns =~ 0*t1 + 1*t2 + 2*t3 + 3*t4\n";
    const char *text[] = {three, pdm, lin}, *name[] = {"hs3_means", "pd_lvreg", "growth"};
    adx_dataset_t *data[] = {hs, pd, dg};
    for (int k = 0; hs && pd && dg && md && k < 3; k++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.meanstructure = k == 0;
        o.growth = k == 2;
        adx_sem_t *s = fit_text(text[k], &o, data[k]);
        adx_errctx_t e = {0};
        if (s)
            CHECK_OK(adx_sem_modindices(s, &e), e);
        if (s)
            compare_mi(s, md, name[k], 1e-4, 0, &worst_mi);
        adx_sem_free(s);
    }
    adx_dataset_free(hs);
    adx_dataset_free(pd);
    adx_dataset_free(dg);
    adx_dataset_free(md);
}

/* Modification indices of FIML fits (make_fiml_mi.R): the HS CFA on hs_missing.csv and
 * PoliticalDemocracy (pd.lav) on pd_missing.csv, missing = "ml": against lavaan's own fit
 * (fiml_mi.csv; its optimizer's last digits move the MIs by up to 5e-5) and against
 * lavaan's modindices() at ambidex's estimates (fiml_mi_at.csv). */
static void check_fiml_mi(void)
{
    const char *data[] = {REF "hs_missing.csv", REF "pd_missing.csv"};
    const char *lav[] = {REF "hs3.lav", REF "pd.lav"}, *name[] = {"hsm", "pdm"};
    adx_dataset_t *md = load(REF "fiml_mi.csv"), *at = load(REF "fiml_mi_at.csv");
    for (int k = 0; md && at && k < 2; k++) {
        char *text = slurp(lav[k]);
        adx_dataset_t *ds = load(data[k]);
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.fiml = 1;
        adx_sem_t *s = text && ds ? fit_text(text, &o, ds) : NULL;
        adx_errctx_t e = {0};
        if (s)
            CHECK_OK(adx_sem_modindices(s, &e), e);
        if (s && s->mi) {
            compare_mi(s, md, name[k], 1e-4, 0, &worst_mi);
            compare_mi(s, at, name[k], 1e-6, 0, &worst_mi_at);
        }
        adx_sem_free(s);
        adx_dataset_free(ds);
        free(text);
    }
    adx_dataset_free(md);
    adx_dataset_free(at);
}

/* Modification indices under general constraints (make_gcon_mi.R). */
static void check_gcon_mi(void)
{
    adx_dataset_t *hs = load(REF "hs.csv"), *pd = load(REF "pd.csv");
    adx_dataset_t *md = load(REF "gcon_mi.csv");
    const char *text[] = {HS_LIN3, HS_NONLIN, HS_INEQ, PD_NONLIN};
    const char *name[] = {"hs_lin3", "hs_nonlin", "hs_ineq", "pd_nonlin"};
    for (int k = 0; hs && pd && md && k < 4; k++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        adx_sem_t *s = fit_text(text[k], &o, k == 3 ? pd : hs);
        adx_errctx_t e = {0};
        if (s)
            CHECK_OK(adx_sem_modindices(s, &e), e);
        if (s && s->mi)
            compare_mi(s, md, name[k], 1e-4, 1e-3, &worst_mi_gcon);
        adx_sem_free(s);
    }
    adx_dataset_free(hs);
    adx_dataset_free(pd);
    adx_dataset_free(md);
}

int main(void)
{
    adx_init();
    (void)slurp;
    (void)ref_fiml_fit;
    check_reference();
    check_mi();
    check_fiml_mi();
    check_gcon_mi();
    check_mlr();
    printf("general constraints vs lavaan: max rel diff est %.2g, se %.2g, fit %.2g\n",
           worst_est, worst_se, worst_fit);
    printf("modification indices (means, latent regressions, FIML) vs lavaan: max rel diff "
           "%.2g; FIML at the same estimates %.2g; general constraints %.2g\n",
           worst_mi, worst_mi_at, worst_mi_gcon);
    TEST_DONE();
}
