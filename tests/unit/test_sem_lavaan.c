/* SEM against lavaan 0.6.14, issue 12 items 3, 4 and 1: FIML path models with
 * exogenous covariates (make_swiss_fiml.R), the signs of std.lv solutions
 * (make_stdlv_sign.R) and the optimizer from bad start values. */
#include "semref.h"
#include "../../src/sem/est.h"

static double worst_est, worst_se, worst_fit;

/* The swiss path model under FIML, fixed.x FALSE and TRUE, complete and with missing
 * cells: every fit measure and every estimate and SE. */
static void check_swiss_fiml(void)
{
    char *text = slurp(REF "swiss.lav");
    adx_dataset_t *full = load(REF "swiss.csv"), *miss = load(REF "swiss_missing.csv");
    adx_dataset_t *fm = load(REF "swiss_fiml_fit.csv"), *pe = load(REF "swiss_fiml_params.csv");
    CHECK(text && full && miss && fm && pe);
    const char *models[] = {"nofx_complete", "nofx_missing", "fx_complete", "fx_missing"};
    for (int k = 0; text && full && miss && fm && pe && k < 4; k++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.fiml = 1;
        o.fixed_x = k >= 2;
        adx_sem_t *s = fit_text(text, &o, k % 2 ? miss : full);
        if (!s)
            continue;
        ref_fiml_fit(s, fm, models[k], 1e-6, &worst_fit);
        ref_params(s, pe, models[k], 1e-5, 1e-5, &worst_est, &worst_se);
        adx_sem_free(s);
    }
    free(text);
    adx_dataset_free(full);
    adx_dataset_free(miss);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
}

static const char *const BFI5 = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5\n"
                                "E =~ E1 + E2 + E3 + E4 + E5\nN =~ N1 + N2 + N3 + N4 + N5\n"
                                "O =~ O1 + O2 + O3 + O4 + O5\n";

static const char *const NEGTRIAD = "F =~ A1 + A2 + C2\nN =~ N1 + N2 + N3 + N4\n";

/* std.lv under ML and FIML on bfi (five factors; a factor with a negative triad):
 * every loading has lavaan's sign (no reflection needed) and value; chi2 as
 * lavaan's. */
static void check_stdlv_signs(void)
{
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    adx_dataset_t *fm = load(REF "stdlv_sign_fit.csv"), *pe = load(REF "stdlv_sign_params.csv");
    const char *models[] = {"bfi5_ml", "bfi5_fiml", "negtriad_ml", "negtriad_fiml"};
    for (int k = 0; ds && fm && pe && k < 4; k++) {
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.std_lv = 1;
        o.fiml = k % 2;
        adx_sem_t *s = fit_text(k < 2 ? BFI5 : NEGTRIAD, &o, ds);
        if (!s)
            continue;
        for (size_t i = 0; i < pe->nrows; i++)
            if (!strcmp(sval(pe, "model", i), models[k]) && !strcmp(sval(pe, "op", i), "=~"))
                for (size_t r = 0; r < s->nparams; r++)
                    if (s->params[r].op == ADX_SEM_MEASURE &&
                        !strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                        !strcmp(s->params[r].rhs, sval(pe, "rhs", i)))
                        CHECK((s->params[r].est < 0) == (nval(pe, "est", i) < 0));
        ref_params(s, pe, models[k], 1e-4, 1e-4, &worst_est, &worst_se);
        for (size_t i = 0; i < fm->nrows; i++)
            if (!strcmp(sval(fm, "model", i), models[k]) && !strcmp(sval(fm, "name", i), "chisq"))
                ref_cmp(s->fit.chisq, nval(fm, "value", i), 1e-6, &worst_fit, "chisq", models[k]);
        adx_sem_free(s);
    }
    adx_dataset_free(ds);
    adx_dataset_free(fm);
    adx_dataset_free(pe);
}

/* The HS objective with a misleading information matrix: its diagonal only, so
 * that Fisher scoring crawls (steps accepted after many halvings or none). */
typedef struct {
    adx__est_t *e;
    double *Hd;
} diag_obj_t;

static int diag_eval(void *ud, const double *th, double *F)
{
    return adx__est_eval(((diag_obj_t *)ud)->e, th, F);
}

static void diag_derivs(void *ud, const double **g, const double **H)
{
    diag_obj_t *d = ud;
    adx__est_derivs(d->e, 1);
    size_t q = d->e->q;
    memset(d->Hd, 0, q * q * sizeof(double));
    for (size_t k = 0; k < q; k++)
        d->Hd[k + k * q] = d->e->H[k + k * q];
    *g = d->e->g;
    *H = d->Hd;
}

/* Fisher scoring that crawls (here: with the diagonal of the information, 195
 * iterations) falls back to BFGS steps and reaches lavaan's HS solution within 100
 * iterations; with the fallback off it does not. */
static void check_bfgs_fallback(void)
{
    adx_dataset_t *ds = load(REF "hs.csv"), *pe = load(REF "hs3_params.csv");
    char *text = slurp(REF "hs3.lav");
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    adx_sem_t *s = ds && text ? fit_text(text, &o, ds) : NULL;
    adx__est_t e;
    if (!s || adx__est_init(&e, s)) {
        CHECK(!"HS fit");
        goto done;
    }
    size_t q = s->npar;
    double *th = calloc(q, sizeof *th), *Hd = calloc(q * q, sizeof *Hd), F = 0;
    diag_obj_t d = {&e, Hd};
    adx__objective_t obj = {q, diag_eval, diag_derivs, &d};
    for (int on = 1; on >= 0 && th && Hd; on--) {
        CHECK(adx__est_set_sample(&e, s->sample_cov, NULL) == 0);
        CHECK(adx__sem_start_values(s, &e, th) == 0);
        s->opt.bfgs_after = on ? 3 : 1000000;
        s->opt.max_iter = 100;
        int it = 0, conv = adx__sem_optimize(&obj, &s->opt, 0, th, &it, &F);
        printf("diagonal information, BFGS fallback %s: converged %d, %d iterations, "
               "chi2 %.6f\n", on ? "on" : "off", conv, it, F * (double)s->n);
        CHECK(conv == on);
        for (size_t k = 0; on && k < q; k++)
            CHECK_CLOSE(th[k], s->theta[k], 1e-6);
        for (size_t i = 0; on && pe && i < pe->nrows; i++)
            for (size_t r = 0; r < s->nparams; r++)
                if (s->params[r].free && !strcmp(s->params[r].lhs, sval(pe, "lhs", i)) &&
                    !strcmp(s->params[r].rhs, sval(pe, "rhs", i)) &&
                    !strcmp(adx_sem_op_name(s->params[r].op), sval(pe, "op", i)))
                    ref_cmp(th[s->params[r].free - 1], nval(pe, "est", i), 1e-5, &worst_est,
                            "est (BFGS)", "hs3");
    }
    free(th);
    free(Hd);
    adx__est_free(&e);
done:
    adx_sem_free(s);
    adx_dataset_free(ds);
    adx_dataset_free(pe);
    free(text);
}

int main(void)
{
    adx_init();
    check_swiss_fiml();
    check_stdlv_signs();
    check_bfgs_fallback();
    printf("max rel diff est %.3g, se %.3g, fit %.3g\n", worst_est, worst_se, worst_fit);
    TEST_DONE();
}
