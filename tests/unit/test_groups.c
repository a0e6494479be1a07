/* t-tests, one-way ANOVA and crosstab against R on psych::bfi (t.test,
 * car::leveneTest(center = mean), oneway.test, anova, chisq.test; see
 * tests/reference/regress/make_regress.R). */
#include "ambidex/adx_data.h"
#include "ambidex/adx_stats.h"
#include "refkv.h"
#include "testutil.h"

#define TOL 1e-8

static refkv_t kv;

static void cmpk(const char *key, double v, const char *stat)
{
    int found = 0;
    double ref = kv_get(&kv, key, &found);
    t_count++;
    if (!found) {
        t_fail++;
        fprintf(stderr, "reference key %s missing\n", key);
        return;
    }
    kv_track(stat, v, ref);
    CHECK_CLOSE(v, ref, TOL);
}

static char key[256];
#define K(fmt, ...) (snprintf(key, sizeof key, fmt, __VA_ARGS__), key)

int main(void)
{
    adx_init();
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", NULL, &ds, &e), e);
    kv = kv_load(ADX_SOURCE_DIR "/tests/reference/regress/expected/groups_bfi.csv");
    CHECK(kv.n > 0);
    if (!ds)
        TEST_DONE();
    long g = adx_dataset_find(ds, "gender"), ed = adx_dataset_find(ds, "education");
    static const char *vars[] = {"A1", "C1", "E1", "N1"};
    size_t ys[4];
    CHECK_OK(adx_dataset_lookup(ds, vars, 4, 1, ys, &e), e);
    adx_ttest_t *t = NULL;
    CHECK_OK(adx_ttest_independent(ds, ys, 4, (size_t)g, NULL, NULL, 0.95, &t, &e), e);
    for (size_t v = 0; t && v < 4; v++) {
        const adx_ttest_row_t *R = &t->rows[v];
        for (int q = 0; q < 2; q++) {
            cmpk(K("t.%s.n.%d", vars[v], q + 1), (double)R->n[q], "n");
            cmpk(K("t.%s.mean.%d", vars[v], q + 1), R->mean[q], "mean");
            cmpk(K("t.%s.sd.%d", vars[v], q + 1), R->sd[q], "sd");
        }
        cmpk(K("t.%s.levene_f", vars[v]), R->levene_f, "levene_f");
        cmpk(K("t.%s.levene_p", vars[v]), R->levene_p, "levene_p");
        double st[] = {R->t, R->df, R->p, R->lo, R->hi};
        double we[] = {R->w_t, R->w_df, R->w_p, R->w_lo, R->w_hi};
        static const char *nm[] = {"t", "df", "p", "ci", "ci"};
        for (int i = 0; i < 5; i++) {
            char s1[32], s2[32];
            snprintf(s1, sizeof s1, "student_%s", nm[i]);
            snprintf(s2, sizeof s2, "welch_%s", nm[i]);
            cmpk(K("t.%s.student.%d", vars[v], i + 1), st[i], s1);
            cmpk(K("t.%s.welch.%d", vars[v], i + 1), we[i], s2);
        }
        cmpk(K("t.%s.d", vars[v]), R->d, "cohen_d");
    }
    adx_ttest_free(t);
    /* Levels chosen explicitly, in reverse order: the difference changes sign. */
    t = NULL;
    CHECK_OK(adx_ttest_independent(ds, ys, 1, (size_t)g, "2", "1", 0.95, &t, &e), e);
    if (t)
        cmpk("t.A1.student.1", -t->rows[0].t, "student_t");
    adx_ttest_free(t);

    adx_ttest1_t p1;
    CHECK_OK(adx_ttest_paired(ds, ys[0], (size_t)adx_dataset_find(ds, "A2"), 0, 0.95, &p1, &e), e);
    double pv[] = {p1.t, p1.df, p1.p, p1.lo, p1.hi, p1.mean};
    for (int i = 0; i < 6; i++)
        cmpk(K("paired.A1_A2.%d", i + 1), pv[i], "paired");
    cmpk("paired.A1_A2.n", (double)p1.n, "n");
    cmpk("paired.A1_A2.d", p1.d, "cohen_d");
    adx_ttest1_clear(&p1);
    CHECK_OK(adx_ttest_paired(ds, ys[0], (size_t)-1, 3, 0.95, &p1, &e), e);
    /* R's one-sample CI is of the mean; ambidex gives the CI of mean - mu (SPSS). */
    double ov[] = {p1.t, p1.df, p1.p, p1.lo + 3, p1.hi + 3, p1.mean};
    for (int i = 0; i < 6; i++)
        cmpk(K("onesample.A1.%d", i + 1), ov[i], "onesample");
    cmpk("onesample.A1.d", p1.d, "cohen_d");
    adx_ttest1_clear(&p1);

    adx_anova_t *a = NULL;
    CHECK_OK(adx_anova_oneway(ds, ys[0], (size_t)ed, NULL, &a, &e), e);
    if (a) {
        CHECK(a->k == 5);
        double av[] = {a->f, a->df1, a->df2, a->p};
        double wv[] = {a->welch_f, a->welch_df1, a->welch_df2, a->welch_p};
        for (int i = 0; i < 4; i++) {
            cmpk(K("anova.A1_education.%d", i + 1), av[i], "anova");
            cmpk(K("anova.A1_education.welch.%d", i + 1), wv[i], "welch_anova");
        }
        cmpk("anova.A1_education.ss.1", a->ss_between, "ss");
        cmpk("anova.A1_education.ss.2", a->ss_within, "ss");
        cmpk("anova.A1_education.ss.3", a->ss_total, "ss");
        cmpk("anova.A1_education.eta2", a->eta2, "eta2");
    }
    adx_anova_free(a);

    adx_crosstab_t *x = NULL;
    CHECK_OK(adx_crosstab(ds, (size_t)g, (size_t)ed, NULL, &x, &e), e);
    if (x) {
        CHECK(x->nr == 2 && x->nc == 5);
        double cv[] = {x->chi2, x->df, x->p, x->n};
        for (int i = 0; i < 4; i++)
            cmpk(K("crosstab.gender_education.%d", i + 1), cv[i], "chisq");
        cmpk("crosstab.gender_education.v", x->cramer_v, "cramer_v");
    }
    adx_crosstab_free(x);
    kv_report("R group tests (bfi)");

    /* Bad input: education has five levels, so a t-test refuses; a missing level. */
    t = NULL;
    CHECK(adx_ttest_independent(ds, ys, 1, (size_t)ed, NULL, NULL, 0.95, &t, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "5 levels") != NULL && strstr(e.msg, "--levels") != NULL);
    CHECK(adx_ttest_independent(ds, ys, 1, (size_t)g, "1", "7", 0.95, &t, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "no level '7'") != NULL);
    CHECK(t == NULL);
    kv_free(&kv);
    adx_dataset_free(ds);
    TEST_DONE();
}
