/* `cfa --ordered --validity` against semTools 0.5.6 / lavaan 0.6.14
 * (tests/reference/ordinal/make_ordinal_validity.R): Green & Yang's categorical omega
 * (compRelSEM's default for ordered indicators) as CR, AVE, ordinal alpha, HTMT of the
 * polychoric correlations, latent correlations and Harman's one-factor WLSMV CFA, on
 * bfi A1-A5, A1-A5 + C1-C5 and a simulated 7-point two-factor set; with ordered and
 * continuous indicators together (make_validity_mixed.R): HS with x1-x3 cut into quartiles
 * and bfi A1-A5 ordered with C1-C5 continuous. */
#include "semref.h"

#define OREF ADX_SOURCE_DIR "/tests/reference/ordinal/"

static double worst;

static double want(const adx_dataset_t *ref, const char *model, const char *key)
{
    for (size_t i = 0; i < ref->nrows; i++)
        if (!strcmp(sval(ref, "model", i), model) && !strcmp(sval(ref, "key", i), key))
            return nval(ref, "value", i);
    CHECK(!"reference key present");
    fprintf(stderr, "  missing %s %s\n", model, key);
    return NAN;
}

/* The ordered indicators (NULL: all) and the parameterization of a fit. */
typedef struct {
    const char *const *ord;
    size_t nord;
    int theta;
} spec_t;

/* keys: the reference's names of CR and alpha ("omega_cat", "alpha_ord" in validity.csv,
 * "cr", "alpha" in validity_mixed.csv). */
static void check_model(const char *model, const char *text, const char *data,
                        const adx_dataset_t *ref, spec_t sp, const char *const keys[2])
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    o.ordered_vars = sp.ord;
    o.nordered_vars = sp.nord;
    o.ordinal_theta = sp.theta;
    adx_dataset_t *ds = load(data);
    adx_sem_t *s = ds ? fit_text(text, &o, ds) : NULL;
    adx_errctx_t e = {0};
    if (s)
        CHECK_OK(adx_sem_validity(s, &e), e);
    const adx_sem_validity_t *v = s ? s->validity : NULL;
    char key[96];
    for (size_t a = 0; v && a < v->k; a++) {
        const adx_sem_construct_t *c = &v->constructs[a];
        snprintf(key, sizeof key, "%s.%s", c->name, keys[0]);
        ref_cmp(c->cr, want(ref, model, key), 1e-6, &worst, key, model);
        snprintf(key, sizeof key, "%s.%s", c->name, keys[1]);
        ref_cmp(c->alpha, want(ref, model, key), 1e-6, &worst, key, model);
        snprintf(key, sizeof key, "%s.ave", c->name);
        ref_cmp(c->ave, want(ref, model, key), 1e-6, &worst, key, model);
    }
    for (size_t a = 0; v && a < v->k; a++)
        for (size_t b = 0; b < a; b++) {
            const char *f1 = v->constructs[b].name, *f2 = v->constructs[a].name;
            size_t ab = a * v->k + b;
            snprintf(key, sizeof key, "htmt.%s.%s", f2, f1);
            ref_cmp(v->htmt[ab], want(ref, model, key), 1e-6, &worst, key, model);
            snprintf(key, sizeof key, "htmt2.%s.%s", f2, f1);
            ref_cmp(v->htmt2[ab], want(ref, model, key), 1e-6, &worst, key, model);
            snprintf(key, sizeof key, "latcor.%s.%s", f2, f1);
            ref_cmp(v->latent_cor[ab], want(ref, model, key), 1e-5, &worst, key, model);
        }
    if (v) {
        CHECK(v->harman_converged);
        const adx_sem_fit_t *h = &v->harman;
        const struct {
            const char *k;
            double x;
        } hk[] = {{"harman.chisq", h->chisq}, {"harman.df", h->df},     {"harman.cfi", h->cfi},
                  {"harman.tli", h->tli},     {"harman.rmsea", h->rmsea}, {"harman.srmr", h->srmr}};
        for (size_t i = 0; i < sizeof hk / sizeof hk[0]; i++)
            ref_cmp(hk[i].x, want(ref, model, hk[i].k), 1e-5, &worst, hk[i].k, model);
    }
    adx_sem_free(s);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    (void)slurp; /* semref.h helpers this test does not need */
    (void)ref_fiml_fit;
    adx_dataset_t *ref = load(OREF "validity.csv");
    adx_dataset_t *mref = load(OREF "validity_mixed.csv");
    const char *bfi = ADX_SOURCE_DIR "/tests/reference/data/bfi.csv";
    const char *const ko[2] = {"omega_cat", "alpha_ord"}, *const km[2] = {"cr", "alpha"};
    const spec_t all = {NULL, 0, 0};
    const char *mAC = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5";
    if (ref) {
        check_model("bfiA", "A =~ A1 + A2 + A3 + A4 + A5", bfi, ref, all, ko);
        check_model("bfiAC", mAC, bfi, ref, all, ko);
        check_model("sim7", "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8",
                    OREF "sim7.csv", ref, all, ko);
    }
    /* ordered and continuous indicators together (make_validity_mixed.R): categorical
     * omega for the all-ordered constructs, semTools' continuous omega and AVE for the
     * others */
    if (mref) {
        const char *const xo[] = {"x1", "x2", "x3"};
        const char *const ao[] = {"A1", "A2", "A3", "A4", "A5"};
        const char *mHS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                          "speed =~ x7 + x8 + x9";
        check_model("hsmix", mHS, OREF "hs_mixed.csv", mref, (spec_t){xo, 3, 0}, km);
        check_model("bfimix", mAC, bfi, mref, (spec_t){ao, 5, 0}, km);
        /* theta: semTools divides the sample moments by the delta scales */
        check_model("hsmix_theta", mHS, OREF "hs_mixed.csv", mref, (spec_t){xo, 3, 1}, km);
        check_model("bfiA_theta", "A =~ A1 + A2 + A3 + A4 + A5", bfi, mref,
                    (spec_t){NULL, 0, 1}, km);
    }
    adx_dataset_free(mref);
    printf("max rel diff (omega_cat, alpha, AVE, HTMT, Harman) %.3g\n", worst);
    adx_dataset_free(ref);
    TEST_DONE();
}
