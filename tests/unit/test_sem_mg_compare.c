/* adx_sem_mg_compare: lavTestLRT of two multi-group fits against lavaan 0.6.14
 * (tests/reference/sem/make_mg_compare.R, mg_compare_lrt.csv): the HS CFA by school with
 * visual ~~ 0*speed against the free model under ML, MLR and MLM (Satorra-Bentler 2001
 * and 2010), a label equal across the groups, c(a, a)*x2, under ML, and the same pair with
 * x1-x9 ordered (hs_ord.csv, WLSMV delta: Satorra 2000); either model given first. */
#include "semref.h"

static double worst;

/* The test of syn_a against syn_b (either the restricted one) against the row case,
 * est, method of the fixture. */
static void check(const adx_dataset_t *ds, const adx_dataset_t *lrt, const char *ta,
                  const char *tb, const adx_sem_options_t *o, const char *c, const char *est,
                  const char *method, double tol)
{
    adx_sem_syntax_t *sa = NULL, *sb = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(ta, "a", &sa, &e), e);
    CHECK_OK(adx_sem_parse(tb, "b", &sb, &e), e);
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    adx_sem_mg_compare_t cmp = {0};
    if (sa && sb)
        CHECK_OK(adx_sem_mg_compare(sa, sb, o, ds, "school", &mo, &cmp, &e), e);
    CHECK(cmp.fit[0] && cmp.fit[1] && cmp.fit[0]->nrows == 1 && cmp.fit[1]->nrows == 1);
    if (cmp.fit[0] && cmp.fit[1])
        CHECK(cmp.fit[cmp.restricted]->rows[0].df > cmp.fit[!cmp.restricted]->rows[0].df);
    size_t hits = 0;
    for (size_t i = 0; i < lrt->nrows; i++)
        if (!strcmp(sval(lrt, "case", i), c) && !strcmp(sval(lrt, "estimator", i), est) &&
            !strcmp(sval(lrt, "method", i), method)) {
            char what[96];
            snprintf(what, sizeof what, "%s %s %s", c, est, method);
            ref_cmp(cmp.chisq, nval(lrt, "chisq", i), tol, &worst, "chisq", what);
            ref_cmp(cmp.df, nval(lrt, "df", i), 0, &worst, "df", what);
            ref_cmp(cmp.pvalue, nval(lrt, "pvalue", i), tol, &worst, "p", what);
            hits++;
        }
    CHECK(hits == 1);
    adx_sem_mg_compare_free(&cmp);
    adx_sem_syntax_free(sa);
    adx_sem_syntax_free(sb);
}

int main(void)
{
    adx_init();
    (void)ref_params; /* semref.h helpers this test does not need */
    (void)ref_fiml_fit;
    static const char hs3[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                              "speed =~ x7 + x8 + x9\n";
    static const char path[] = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                               "speed =~ x7 + x8 + x9\nvisual ~~ 0*speed\n";
    static const char label[] = "visual =~ x1 + c(a, a)*x2 + x3\ntextual =~ x4 + x5 + x6\n"
                                "speed =~ x7 + x8 + x9\n";
    adx_dataset_t *hs = load(REF "hs.csv"), *lrt = load(REF "mg_compare_lrt.csv");
    adx_dataset_t *ord = load(ADX_SOURCE_DIR "/tests/reference/ordinal/hs_ord.csv");
    adx_sem_options_t o;
    if (hs && lrt && ord) {
        adx_sem_options_init(&o);
        check(hs, lrt, path, hs3, &o, "path", "ML", "standard", 1e-6);
        check(hs, lrt, hs3, label, &o, "label", "ML", "standard", 1e-6);
        /* the scaling factors depend on the estimates, where lavaan's nlminb stops short */
        o.robust = ADX_SEM_MLR;
        check(hs, lrt, hs3, path, &o, "path", "MLR", "satorra.bentler.2001", 2e-4);
        o.robust = ADX_SEM_MLM;
        check(hs, lrt, path, hs3, &o, "path", "MLM", "satorra.bentler.2001", 2e-4);
        o.diff_method = ADX_SEM_DIFF_SB2010;
        check(hs, lrt, hs3, path, &o, "path", "MLM", "satorra.bentler.2010", 2e-4);
        o.robust = ADX_SEM_MLR;
        check(hs, lrt, path, hs3, &o, "path", "MLR", "satorra.bentler.2010", 2e-4);
        adx_sem_options_init(&o);
        o.ordered = 1;
        check(ord, lrt, hs3, path, &o, "path", "WLSMV_delta", "satorra.2000", 1e-6);
        check(ord, lrt, path, hs3, &o, "path", "WLSMV_delta", "satorra.2000", 1e-6);
    }
    /* models with the same df are not nested: ADX_EUSAGE naming the second (path: df 50;
     * two labels equal across the groups: df 50 too) */
    adx_sem_syntax_t *s1 = NULL, *s2 = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_parse(path, "path", &s1, &e), e);
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    adx_sem_mg_compare_t cmp = {0};
    adx_sem_options_init(&o);
    if (hs && s1) {
        CHECK_OK(adx_sem_parse("visual =~ x1 + c(a, a)*x2 + c(b, b)*x3\n"
                               "textual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n",
                               "label2", &s2, &e),
                 e);
        CHECK(s2 && adx_sem_mg_compare(s1, s2, &o, hs, "school", &mo, &cmp, &e) == ADX_EUSAGE &&
              strstr(e.msg, "label2") && strstr(e.msg, "not nested"));
        CHECK(!cmp.fit[0] && !cmp.fit[1]);
    }
    printf("max rel diff %.3g\n", worst);
    adx_sem_syntax_free(s1);
    adx_sem_syntax_free(s2);
    adx_dataset_free(hs);
    adx_dataset_free(lrt);
    adx_dataset_free(ord);
    TEST_DONE();
}
