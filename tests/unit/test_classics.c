/* Issue 13 items 11-16, the classics SPSS users expect, against R 4.2.2 and GNU pspp
 * (tests/reference/classics/make_*.R; README there): ANOVA post-hoc tests, Levene and
 * Welch. Prints the largest differences per statistic. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_measure.h"
#include "ambidex/adx_regress.h"
#include "ambidex/adx_stats.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/classics/"

static refkv_t kv;
static char key[256];
#define K(...) (snprintf(key, sizeof key, __VA_ARGS__), key)

static void cmpk(const char *k, double v, const char *stat, double tol)
{
    int found = 0;
    double ref = kv_get(&kv, k, &found);
    t_count++;
    if (!found) {
        t_fail++;
        fprintf(stderr, "reference key %s missing\n", k);
        return;
    }
    kv_track(stat, v, ref);
    if (!(fabs(v - ref) <= tol * (1 + fabs(ref)))) {
        t_fail++;
        fprintf(stderr, "%s: ambidex %.17g, reference %.17g\n", k, v, ref);
    }
}

/* SE, p and interval of one Tukey or Games-Howell pair. R's qtukey stops at a step
 * below 1e-4 while ambidex bisects to 1e-13, hence the interval tolerance. */
static void cmp_pair(const char *set, const char *li, const char *lj, const char *test,
                     const adx_posthoc_pair_t *p)
{
    static const char *const what[] = {"se", "p", "lo", "hi"};
    const double v[] = {p->se, p->p, p->lo, p->hi}, tol[] = {1e-12, 1e-8, 1e-4, 1e-4};
    for (int i = 0; i < 4; i++) {
        char stat[48];
        snprintf(stat, sizeof stat, "%s_%s", test, i < 2 ? what[i] : "ci");
        cmpk(K("%s.%s.%s.%s.%s", set, li, lj, test, what[i]), v[i], stat, tol[i]);
    }
}

static void anova_set(const char *name)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    char path[512];
    snprintf(path, sizeof path, REF "data/%s.csv", name);
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    if (!ds)
        return;
    adx_anova_options_t o;
    adx_anova_options_init(&o);
    o.posthoc = ADX_POSTHOC_TUKEY | ADX_POSTHOC_GH | ADX_POSTHOC_BONFERRONI;
    adx_anova_t *a = NULL;
    CHECK_OK(adx_anova_oneway(ds, (size_t)adx_dataset_find(ds, "y"), (size_t)adx_dataset_find(ds, "g"),
                              &o, &a, &e), e);
    if (a) {
        cmpk(K("%s.f", name), a->f, "anova_f", 1e-10);
        cmpk(K("%s.p", name), a->p, "anova_p", 1e-10);
        static const char *ctr[] = {"mean", "median"};
        for (int c = 0; c < 2; c++) {
            cmpk(K("%s.levene_%s.f", name, ctr[c]), a->levene_f[c], "levene_f", 1e-10);
            cmpk(K("%s.levene_%s.df1", name, ctr[c]), a->levene_df1, "levene_df", 0);
            cmpk(K("%s.levene_%s.df2", name, ctr[c]), a->levene_df2, "levene_df", 0);
            cmpk(K("%s.levene_%s.p", name, ctr[c]), a->levene_p[c], "levene_p", 1e-10);
        }
        cmpk(K("%s.welch.f", name), a->welch_f, "welch_f", 1e-10);
        cmpk(K("%s.welch.df2", name), a->welch_df2, "welch_df", 1e-10);
        cmpk(K("%s.welch.p", name), a->welch_p, "welch_p", 1e-10);
        for (size_t q = 0; q < a->npairs; q++) {
            const char *li = a->levels[a->tukey[q].i], *lj = a->levels[a->tukey[q].j];
            const adx_posthoc_pair_t *t = &a->tukey[q], *g = &a->gh[q], *b = &a->bonferroni[q];
            cmpk(K("%s.%s.%s.diff", name, li, lj), t->diff, "diff", 1e-12);
            cmp_pair(name, li, lj, "tukey", t);
            cmp_pair(name, li, lj, "gh", g);
            cmpk(K("%s.%s.%s.gh.df", name, li, lj), g->df, "gh_df", 1e-10);
            cmpk(K("%s.%s.%s.bonf.p", name, li, lj), b->p, "bonferroni_p", 1e-10);
            cmpk(K("%s.%s.%s.bonf.lo", name, li, lj), b->lo, "bonferroni_ci", 1e-10);
            cmpk(K("%s.%s.%s.bonf.hi", name, li, lj), b->hi, "bonferroni_ci", 1e-10);
        }
    }
    adx_anova_free(a);
    adx_dataset_free(ds);
}

static void test_anova(void)
{
    kv = kv_load(REF "expected/anova.csv");
    CHECK(kv.n > 0);
    static const double qs[] = {0.5, 1, 2.5, 3.5, 5, 8}, ks[] = {2, 3, 6, 10},
                        dfs[] = {2, 5, 20, 66, 150, 1000, 30000};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t c = 0; c < 7; c++)
                cmpk(K("ptukey.%g.%g.%g", qs[a], ks[b], dfs[c]),
                     1 - adx_ptukey(qs[a], ks[b], dfs[c]), "ptukey_upper", 1e-9);
    static const double qk[] = {2, 3, 6}, qd[] = {5, 20, 66};
    for (size_t b = 0; b < 3; b++)
        for (size_t c = 0; c < 3; c++)
            cmpk(K("qtukey.%g.%g", qk[b], qd[c]), adx_qtukey(0.95, qk[b], qd[c]), "qtukey", 1e-4);
    static const char *sets[] = {"plantgrowth", "insectsprays", "warpbreaks", "mtcars"};
    for (size_t s = 0; s < 4; s++)
        anova_set(sets[s]);
    kv_report("ANOVA post-hoc, Levene, Welch (R 4.2.2)");
    kv_free(&kv);
}

static void test_crosstab(void)
{
    kv = kv_load(REF "expected/crosstab.csv");
    CHECK(kv.n > 0);
    static const char *sets[] = {"tea", "convictions", "job", "mtcars_cyl_gear", "mtcars_am_vs",
                                 "warpbreaks"};
    adx_crosstab_options_t o;
    adx_crosstab_options_init(&o);
    o.exact = 1;
    for (size_t s = 0; s < 6; s++) {
        adx_dataset_t *ds = NULL;
        adx_errctx_t e = {0};
        char path[512];
        snprintf(path, sizeof path, REF "data/xt_%s.csv", sets[s]);
        CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
        adx_crosstab_t *x = NULL;
        if (ds)
            CHECK_OK(adx_crosstab(ds, 0, 1, &o, &x, &e), e);
        if (x) {
            const char *n = sets[s];
            cmpk(K("%s.chi2", n), x->chi2, "chi2", 1e-12);
            cmpk(K("%s.p", n), x->p, "chi2_p", 1e-12);
            cmpk(K("%s.cramer_v", n), x->cramer_v, "cramer_v", 1e-12);
            cmpk(K("%s.phi", n), x->phi, "phi", 1e-12);
            cmpk(K("%s.fisher_p", n), x->fisher_p, "fisher_p", 1e-9);
            if (x->nr == 2 && x->nc == 2) {
                cmpk(K("%s.yates_chi2", n), x->yates_chi2, "yates_chi2", 1e-12);
                cmpk(K("%s.yates_p", n), x->yates_p, "yates_p", 1e-12);
                cmpk(K("%s.fisher_less", n), x->fisher_less, "fisher_1sided", 1e-10);
                cmpk(K("%s.fisher_greater", n), x->fisher_greater, "fisher_1sided", 1e-10);
            } else {
                CHECK(isnan(x->yates_chi2));
            }
        }
        adx_crosstab_free(x);
        adx_dataset_free(ds);
    }
    kv_report("crosstab: Fisher, Yates, phi, Cramer's V (R 4.2.2)");
    kv_free(&kv);
}

/* Monte Carlo p of Fisher's test against R's simulated p and the exact p, within 4.5
 * standard errors (of the difference of two estimates, resp. of one); same seed, same p;
 * another seed, another draw. */
static void crosstab_mc_set(const char *name, const char *file, size_t rv, size_t cv)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(file, NULL, &ds, &e), e);
    int found = 0;
    double B = kv_get(&kv, K("%s.B", name), &found), rp = kv_get(&kv, K("%s.mc_p", name), &found),
           ex = kv_get(&kv, K("%s.exact_p", name), &found);
    CHECK(found && B > 0);
    adx_crosstab_options_t o;
    adx_crosstab_options_init(&o);
    o.simulate = (long)B;
    adx_crosstab_t *x = NULL, *y = NULL, *z = NULL;
    if (ds) {
        CHECK_OK(adx_crosstab(ds, rv, cv, &o, &x, &e), e);
        CHECK_OK(adx_crosstab(ds, rv, cv, &o, &y, &e), e);
        o.seed = 7;
        CHECK_OK(adx_crosstab(ds, rv, cv, &o, &z, &e), e);
    }
    if (x && y && z) {
        double se1 = sqrt(ex * (1 - ex) / B);
        CHECK(fabs(x->mc_p - rp) <= 4.5 * sqrt(2.0) * se1);
        CHECK(fabs(x->mc_p - ex) <= 4.5 * se1);
        CHECK(fabs(z->mc_p - ex) <= 4.5 * se1);
        CHECK(x->mc_p == y->mc_p && x->mc_p != z->mc_p && x->mc_b == (long)B);
        CHECK(x->mc_lo < x->mc_p && x->mc_p < x->mc_hi);
        printf("crosstab MC %s: ambidex %.6f (seed 1), %.6f (seed 7), R %.6f, exact %.6f, "
               "SE %.2g\n", name, x->mc_p, z->mc_p, rp, ex, se1);
    }
    adx_crosstab_free(x);
    adx_crosstab_free(y);
    adx_crosstab_free(z);
    adx_dataset_free(ds);
}

static void test_crosstab_mc(void)
{
    kv = kv_load(REF "expected/crosstab_mc.csv");
    CHECK(kv.n > 0);
    crosstab_mc_set("job", REF "data/xt_job.csv", 0, 1);
    crosstab_mc_set("bfi_gender_education", ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", 25, 26);
    kv_free(&kv);
}

/* One scale against pspp RELIABILITY /SUMMARY=TOTAL. */
static void reliability_scale(const char *file, const char *tag, const char *const *items,
                              size_t k, const char *const *rev, size_t nrev)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(file, NULL, &ds, &e), e);
    size_t idx[16];
    adx_alpha_t *a = NULL;
    adx_items_options_t o;
    adx_items_options_init(&o);
    o.reverse = rev;
    o.nreverse = nrev;
    o.has_range = nrev > 0;
    o.lo = 1;
    o.hi = 6;
    if (ds)
        CHECK_OK(adx_dataset_lookup(ds, items, k, 1, idx, &e), e);
    if (ds && !e.code)
        CHECK_OK(adx_alpha(ds, idx, k, &o, &a, &e), e);
    for (size_t i = 0; a && i < k; i++) {
        const double v[] = {a->scale_mean_if_deleted[i], a->scale_var_if_deleted[i],
                            a->item_total_r[i], a->alpha_if_deleted[i]};
        static const char *const nm[] = {"scale_mean", "scale_var", "item_total_r",
                                         "alpha_if_deleted"};
        /* pspp prints 12 decimals. */
        for (int q = 0; q < 4; q++)
            cmpk(K("%s.%s.%s", tag, items[i], nm[q]), v[q], nm[q], 1e-11);
    }
    if (a)
        cmpk(K("%s.n", tag), (double)a->items->n, "n", 0);
    adx_alpha_free(a);
    adx_dataset_free(ds);
}

static void test_reliability(void)
{
    kv = kv_load(REF "expected/reliability.csv");
    CHECK(kv.n > 0);
    static const char *const A[] = {"A1", "A2", "A3", "A4", "A5"};
    static const char *const C[] = {"C1", "C2", "C3", "C4", "C5"};
    static const char *const X[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
    static const char *const ra[] = {"A1"}, *const rc[] = {"C4", "C5"};
    reliability_scale(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", "bfi_A", A, 5, ra, 1);
    reliability_scale(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", "bfi_C", C, 5, rc, 2);
    reliability_scale(ADX_SOURCE_DIR "/tests/reference/data/hs1939.csv", "hs", X, 9, NULL, 0);
    kv_report("reliability item table (GNU pspp 1.6.2)");
    kv_free(&kv);
}

/* Omega hierarchical of one item set against psych::omega. */
static void omega_case(adx_dataset_t *ds, const char *tag, size_t first, size_t k, size_t m)
{
    adx_errctx_t e = {0};
    size_t idx[32];
    for (size_t i = 0; i < k; i++)
        idx[i] = first + i;
    adx_omega_options_t o;
    adx_omega_options_init(&o);
    o.nfactors = m;
    adx_omega_t *w = NULL;
    CHECK_OK(adx_omega(ds, idx, k, &o, &w, &e), e);
    if (!w)
        return;
    cmpk(K("%s.omega_h", tag), w->omega_h, "omega_h", 1e-5);
    cmpk(K("%s.omega_total", tag), w->omega_total, "omega_total", 1e-5);
    cmpk(K("%s.n", tag), (double)w->n, "n", 0);
    for (size_t i = 0; i < k; i++) {
        const char *nm = w->items->names[i];
        double mx = 0;
        for (size_t f = 0; f < m; f++)
            mx = fmax(mx, fabs(w->spec[i + f * k]));
        cmpk(K("%s.%s.g", tag, nm), w->g[i], "g_loading", 1e-5);
        cmpk(K("%s.%s.h2", tag, nm), w->h2[i], "h2", 1e-5);
        cmpk(K("%s.%s.u2", tag, nm), w->u2[i], "u2", 1e-5);
        cmpk(K("%s.%s.maxspec", tag, nm), mx, "group_loading", 1e-5);
    }
    adx_omega_free(w);
}

static void test_omega(void)
{
    kv = kv_load(REF "expected/omega.csv");
    CHECK(kv.n > 0);
    adx_dataset_t *hs = NULL, *bfi = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(ADX_SOURCE_DIR "/tests/reference/data/hs1939.csv", NULL, &hs, &e), e);
    CHECK_OK(adx_read_file(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", NULL, &bfi, &e), e);
    if (hs)
        omega_case(hs, "hs3", (size_t)adx_dataset_find(hs, "x1"), 9, 3);
    if (bfi) {
        omega_case(bfi, "bfi5", 0, 25, 5);
        omega_case(bfi, "bfi3", 0, 25, 3);
    }
    adx_dataset_free(hs);
    adx_dataset_free(bfi);
    kv_report("omega hierarchical, Schmid-Leiman (psych 2.2.9)");
    kv_free(&kv);
}

/* Shapiro-Wilk and Lilliefors of every variable of one data set (each on its own cases). */
static void normality_set(const char *file, const char *tag, const char *const *vars, size_t k)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(file, NULL, &ds, &e), e);
    for (size_t j = 0; ds && j < k; j++) {
        long v = adx_dataset_find(ds, vars[j]);
        adx_normality_t t;
        CHECK(v >= 0);
        if (v < 0)
            continue;
        CHECK_OK(adx_normality(ds->vars[v].num, ds->nrows, &t, &e), e);
        cmpk(K("%s.%s.n", tag, vars[j]), (double)t.n, "n", 0);
        cmpk(K("%s.%s.sw_w", tag, vars[j]), t.sw_w, "shapiro_w", 1e-9);
        cmpk(K("%s.%s.sw_p", tag, vars[j]), t.sw_p, "shapiro_p", 1e-9);
        cmpk(K("%s.%s.ks_d", tag, vars[j]), t.ks_d, "lilliefors_d", 1e-12);
        cmpk(K("%s.%s.ks_p", tag, vars[j]), t.ks_p, "lilliefors_p", 1e-9);
    }
    /* The Royston small-sample branches: the first n values of mtcars mpg. */
    for (size_t n = 3; ds && !strcmp(tag, "mtcars") && n <= 12; n++) {
        if (n > 7 && n != 11 && n != 12)
            continue;
        adx_normality_t t;
        CHECK_OK(adx_normality(ds->vars[adx_dataset_find(ds, "mpg")].num, n, &t, &e), e);
        cmpk(K("mpg_first.%zu.sw_w", n), t.sw_w, "shapiro_w", 1e-9);
        cmpk(K("mpg_first.%zu.sw_p", n), t.sw_p, "shapiro_p", 1e-9);
        if (n >= 5) {
            cmpk(K("mpg_first.%zu.ks_d", n), t.ks_d, "lilliefors_d", 1e-12);
            cmpk(K("mpg_first.%zu.ks_p", n), t.ks_p, "lilliefors_p", 1e-9);
        }
    }
    adx_dataset_free(ds);
}

static void test_normality(void)
{
    kv = kv_load(REF "expected/normality.csv");
    CHECK(kv.n > 0);
    static const char *const mt[] = {"mpg", "hp", "wt", "qsec", "disp"};
    static const char *const lo[] = {"GNP_deflator", "GNP",        "Unemployed", "Armed_Forces",
                                     "Population",   "Year",       "Employed"};
    static const char *const bf[] = {"A1", "C2", "E3", "age"};
    normality_set(ADX_SOURCE_DIR "/tests/reference/regress/data/mtcars.csv", "mtcars", mt, 5);
    normality_set(ADX_SOURCE_DIR "/tests/reference/data/longley.csv", "longley", lo, 7);
    normality_set(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", "bfi", bf, 4);
    kv_report("Shapiro-Wilk (shapiro.test), Lilliefors (nortest formula), R 4.2.2");
    kv_free(&kv);
}

/* Cohen's f2 of each block of a hierarchical regression. */
static void f2_case(const char *file, const char *tag, const char *formula,
                    const char *const *blocks, size_t nb)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(file, NULL, &ds, &e), e);
    adx_regress_t *r = NULL;
    if (ds)
        CHECK_OK(adx_regress(ds, formula, blocks, nb, NULL, &r, &e), e);
    for (size_t m = 0; r && m < r->nmodels; m++)
        cmpk(K("%s.m%zu.f2", tag, m + 1), r->models[m].f2_change, "cohen_f2", 1e-10);
    adx_regress_free(r);
    adx_dataset_free(ds);
}

static void test_f2(void)
{
    kv = kv_load(REF "expected/f2.csv");
    CHECK(kv.n > 0);
    static const char *const mb[] = {"qsec", "drat + disp"},
                             *const lb[] = {"Unemployed + Armed_Forces", "Population + Year"};
    f2_case(ADX_SOURCE_DIR "/tests/reference/regress/data/mtcars.csv", "mtcars", "mpg ~ wt + hp",
            mb, 2);
    f2_case(ADX_SOURCE_DIR "/tests/reference/data/longley.csv", "longley", "Employed ~ GNP", lb,
            2);
    kv_report("Cohen's f2 per block (R 4.2.2 lm)");
    kv_free(&kv);
}

/* Little's MCAR test and the patterns of bfi's 25 items. */
static void test_mcar(void)
{
    kv = kv_load(REF "expected/mcar.csv");
    CHECK(kv.n > 0);
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", NULL, &ds, &e), e);
    size_t idx[25];
    for (size_t j = 0; j < 25; j++)
        idx[j] = j;
    adx_mcar_t *m = NULL;
    if (ds)
        CHECK_OK(adx_mcar(ds, idx, 25, NULL, &m, &e), e);
    if (m) {
        cmpk("bfi.mcar.chi2", m->chi2, "mcar_chi2", 1e-9);
        cmpk("bfi.mcar.df", m->df, "mcar_df", 0);
        cmpk("bfi.mcar.p", m->p, "mcar_p", 1e-9);
        cmpk("bfi.mcar.patterns", (double)m->npatterns, "patterns", 0);
        cmpk("bfi.mcar.n", (double)m->n, "n", 0);
        for (size_t j = 0; j < 25; j++) {
            cmpk(K("bfi.em.mean.%zu", j + 1), m->mu[j], "em_mean", 1e-9);
            cmpk(K("bfi.em.var.%zu", j + 1), m->sigma[j + j * 25], "em_cov", 1e-9);
        }
        cmpk("bfi.em.cov.1.2", m->sigma[0 + 1 * 25], "em_cov", 1e-9);
        cmpk("bfi.em.cov.7.21", m->sigma[6 + 20 * 25], "em_cov", 1e-9);
        for (size_t g = 0; g < 5; g++)
            cmpk(K("bfi.pattern.%zu.count", g + 1), (double)m->count[g], "pattern_count", 0);
    }
    adx_mcar_free(m);
    adx_dataset_free(ds);
    kv_report("Little's MCAR test, EM estimates (R 4.2.2, formulas in make_mcar.R)");
    kv_free(&kv);
}

/* Case diagnostics of the last model against R's lm influence measures. */
static void casediag_case(const char *file, const char *tag, const char *formula)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(file, NULL, &ds, &e), e);
    adx_regress_options_t o;
    adx_regress_options_init(&o);
    o.casediag = 1;
    adx_regress_t *r = NULL;
    if (ds)
        CHECK_OK(adx_regress(ds, formula, NULL, 0, &o, &r, &e), e);
    const adx_casediag_t *C = r ? r->casediag : NULL;
    CHECK(C != NULL);
    for (size_t i = 0; C && i < C->n; i++) {
        static const char *const nm[] = {"fitted", "resid",   "zpred", "zresid", "sresid",
                                         "sdresid", "hat",    "lever", "cooks"};
        const double v[] = {C->fitted[i], C->resid[i], C->zpred[i], C->zresid[i], C->sresid[i],
                            C->sdresid[i], C->hat[i], C->lever[i], C->cooks[i]};
        for (size_t q = 0; q < 9; q++)
            cmpk(K("%s.%s.%zu", tag, nm[q], C->row[i] + 1), v[q], nm[q], 1e-9);
    }
    adx_regress_free(r);
    adx_dataset_free(ds);
}

static void test_casediag(void)
{
    kv = kv_load(REF "expected/casediag.csv");
    CHECK(kv.n > 0);
    casediag_case(ADX_SOURCE_DIR "/tests/reference/regress/data/mtcars.csv", "mtcars",
                  "mpg ~ wt + hp + qsec");
    casediag_case(ADX_SOURCE_DIR "/tests/reference/data/longley.csv", "longley",
                  "Employed ~ GNP + Unemployed + Armed_Forces");
    kv_report("case diagnostics (R 4.2.2 rstandard, rstudent, hatvalues, cooks.distance)");
    kv_free(&kv);
}

int main(void)
{
    adx_init();
    test_casediag();
    test_mcar();
    test_f2();
    test_normality();
    test_omega();
    test_reliability();
    test_anova();
    test_crosstab();
    test_crosstab_mc();
    TEST_DONE();
}
