/* Multi-group categorical CFA (WLSMV, delta) against lavaan 0.6.14
 * (tests/reference/ordinal/make_ordinal_mg.R: cfa(..., ordered = TRUE, group =,
 * group.equal =)): configural, thresholds, thresholds + loadings on bfi A1-A5 by gender and
 * on HolzingerSwineford1939 x1-x9 cut into quartiles by school: estimates, robust SEs,
 * thresholds, scale factors, latent means, the DWLS and scaled-shifted tests, the
 * indices (robust CFI/TLI/RMSEA: configural only, NA after) and lavTestLRT's difference
 * tests. The variants (make_ordinal_mg2.R, mg2.csv): ULSMV and the theta parameterization
 * over the same sequence, group.partial terms for thresholds, lavTestScore's tests. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"
#include "refkv.h"
#include "testutil.h"

#define ORD ADX_SOURCE_DIR "/tests/reference/ordinal/"

static refkv_t ref;

static void cmp(const char *key, double got, const char *stat, double tol)
{
    int found = 0;
    double w = kv_get(&ref, key, &found);
    t_count++;
    if (!found)
        fprintf(stderr, "reference key %s missing\n", key);
    if (!found || !((isnan(w) && isnan(got)) || fabs(got - w) <= tol * fmax(1, fabs(w)))) {
        t_fail++;
        fprintf(stderr, "%s: ambidex %.10g, lavaan %.10g\n", key, got, w);
    }
    if (found)
        kv_track(stat, got, w);
}

static const char *const LEVELS[3] = {"configural", "thresholds", "loadings"};

/* Row l of v against the keys of tag and level lv (NULL: LEVELS[l]); setol: the SEs'. */
static void check_row(const char *tag, const adx_sem_invariance_t *v, size_t l, const char *lv,
                      double setol)
{
    const adx_sem_inv_row_t *m = &v->rows[l];
    char key[256];
    lv = lv ? lv : LEVELS[l];
    for (size_t g = 0; m->params && g < v->ngroups; g++)
        for (size_t r = 0; r < m->nparams[g]; r++) {
            const adx_sem_param_t *pr = &m->params[g][r];
            const char *op = adx_sem_op_name(pr->op);
            int isth = pr->op == ADX_SEM_THRESHOLD;
            snprintf(key, sizeof key, "%s.%s.g%zu.%s.%s.%s.est", tag, lv, g + 1, pr->lhs, op,
                     pr->rhs);
            cmp(key, pr->est, isth ? "threshold" : "estimate", 2e-5);
            snprintf(key, sizeof key, "%s.%s.g%zu.%s.%s.%s.se", tag, lv, g + 1, pr->lhs, op,
                     pr->rhs);
            cmp(key, pr->free ? pr->se : 0, isth ? "threshold SE" : "robust SE", setol);
        }
    const struct {
        const char *k;
        double v;
        double tol;
    } f[] = {{"npar", m->npar, 0},
             {"chisq", m->chisq, 1e-5},
             {"df", m->df, 0},
             {"chisq.scaled", m->chisq_scaled, 1e-5},
             {"chisq.scaling.factor", m->scaling_factor, 1e-5},
             {"shift", m->shift, 5e-5}, /* lavaan stops at |d est| ~ 2e-5 */
             {"baseline.chisq", m->baseline_chisq, 1e-6},
             {"baseline.df", m->baseline_df, 0},
             {"baseline.chisq.scaled", m->baseline_chisq_scaled, 1e-6},
             {"cfi", m->cfi, 1e-6},
             {"tli", m->tli, 1e-6},
             {"rmsea", m->rmsea, 1e-6},
             {"cfi.scaled", m->cfi_scaled, 1e-6},
             {"tli.scaled", m->tli_scaled, 1e-6},
             {"rmsea.scaled", m->rmsea_scaled, 1e-6},
             {"srmr", m->srmr, 1e-6},
             {"cfi.robust", m->cfi_robust, 1e-6},
             {"tli.robust", m->tli_robust, 1e-6},
             {"rmsea.robust", m->rmsea_robust, 1e-6}};
    if (l > 0 && strcmp(lv, "fit")) { /* lavTestLRT: Satorra (2000), scaled-shifted */
        snprintf(key, sizeof key, "%s.%s.diff.chisq", tag, lv);
        cmp(key, m->delta_chisq_scaled, "difference test", 5e-5);
        snprintf(key, sizeof key, "%s.%s.diff.df", tag, lv);
        cmp(key, m->delta_df, "difference test", 0);
        snprintf(key, sizeof key, "%s.%s.diff.p", tag, lv);
        cmp(key, m->delta_pvalue_scaled, "difference test", 5e-5);
    }
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        snprintf(key, sizeof key, "%s.%s.fit.%s", tag, lv, f[i].k);
        cmp(key, f[i].v, !strncmp(f[i].k, "chisq", 5) ? "chisq" : "fit index", f[i].tol);
    }
}

/* The multi-group fits of model on path by group (mo: one fit; NULL: the sequence). */
static adx_sem_invariance_t *run(const char *model, const char *path, const char *group,
                                 int uls, int theta, const adx_sem_mg_options_t *mo)
{
    adx_dataset_t *ds = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    CHECK_OK(adx_sem_parse(model, "model", &syn, &e), e);
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1; /* WLSMV, or ULSMV */
    o.ordinal_uls = uls;
    o.ordinal_theta = theta;
    if (ds && syn && mo)
        CHECK_OK(adx_sem_multigroup(syn, &o, ds, group, mo, &v, &e), e);
    else if (ds && syn)
        CHECK_OK(adx_sem_invariance(syn, &o, ds, group, &v, &e), e);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    return v;
}

static void mg_case(const char *tag, const char *model, const char *path, const char *group,
                    int uls, int theta)
{
    adx_sem_invariance_t *v = run(model, path, group, uls, theta, NULL);
    if (v) {
        CHECK(v->nrows == 3 && v->ordered && v->ordinal_uls == uls && v->ordinal_theta == theta);
        char key[128];
        snprintf(key, sizeof key, "%s.n1", tag);
        if (!uls && !theta)
            cmp(key, (double)v->n[0], "n", 0);
        for (size_t l = 0; l < v->nrows && l < 3; l++)
            check_row(tag, v, l, NULL, 2e-5);
    }
    adx_sem_invariance_free(v);
}

/* One fit with --group-equal thresholds equals the sequence's second level; a name that
 * lavaan does not know is refused. */
static void test_single(void)
{
    adx_errctx_t e = {0};
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    CHECK_OK(adx_sem_group_equal_parse("thresholds", &mo.group_equal, &e), e);
    CHECK(mo.group_equal == ADX_SEM_EQ_THRESHOLDS);
    adx_sem_invariance_t *v = run("A =~ A1 + A2 + A3 + A4 + A5",
                                  ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", "gender", 0, 0,
                                  &mo);
    if (v)
        cmp("bfiA.thresholds.fit.chisq", v->rows[0].chisq, "chisq", 1e-5);
    adx_sem_invariance_free(v);
}

/* One fit with group_equal eq and group_partial (key level "fit"). */
static void partial_case(const char *tag, const char *model, const char *path, const char *group,
                         const char *eq, const char *partial)
{
    adx_errctx_t e = {0};
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_partial = partial;
    CHECK_OK(adx_sem_group_equal_parse(eq, &mo.group_equal, &e), e);
    adx_sem_invariance_t *v = run(model, path, group, 0, 0, &mo);
    if (v)
        check_row(tag, v, 0, "fit", 2e-5);
    adx_sem_invariance_free(v);
}

/* The score tests of the sequence (WLSMV, delta): every lavaan test and no other. */
static void score_case(const char *tag, const char *model, const char *path, const char *group)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.score_tests = 1;
    adx_sem_invariance_t *v = run(model, path, group, 0, 0, &mo);
    char key[256], pre[64];
    for (size_t l = 1; v && l < v->nrows && l < 3; l++) {
        const adx_sem_inv_row_t *m = &v->rows[l];
        for (size_t k = 0; k < m->nscore; k++) {
            const adx_sem_score_t *t = &m->score[k];
            snprintf(key, sizeof key, "%s.%s.score.%s.%s.%s.g%zu", tag, LEVELS[l], t->lhs,
                     adx_sem_op_name(t->op), t->rhs, t->group + 1);
            cmp(key, t->x2, "score test", 2e-5);
        }
        size_t nref = 0;
        snprintf(pre, sizeof pre, "%s.%s.score.", tag, LEVELS[l]);
        for (size_t i = 0; i < ref.n; i++)
            nref += !strncmp(ref.key[i], pre, strlen(pre));
        CHECK(nref > 0 && nref == m->nscore && v->rows[0].nscore == 0);
    }
    adx_sem_invariance_free(v);
}

/* ref = mg.csv and mg2.csv (their tags differ). */
static void load_refs(void)
{
    refkv_t a = kv_load(ORD "mg.csv"), b = kv_load(ORD "mg2.csv");
    ref = a;
    ref.key = realloc(a.key, (a.n + b.n + 1) * sizeof *ref.key);
    ref.val = realloc(a.val, (a.n + b.n + 1) * sizeof *ref.val);
    if (ref.key && ref.val && b.n) {
        memcpy(ref.key + a.n, b.key, b.n * sizeof *ref.key);
        memcpy(ref.val + a.n, b.val, b.n * sizeof *ref.val);
        ref.n = a.n + b.n;
    }
    free(b.key);
    free(b.val);
    CHECK(a.n > 0 && b.n > 0 && ref.n == a.n + b.n);
}

#define MA "A =~ A1 + A2 + A3 + A4 + A5"
#define MH "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
#define BFI ADX_SOURCE_DIR "/tests/reference/data/bfi.csv"

int main(void)
{
    adx_init();
    load_refs();
    mg_case("bfiA", MA, BFI, "gender", 0, 0);
    mg_case("hs", MH, ORD "hs_ord.csv", "school", 0, 0);
    test_single();
    mg_case("ulsA", MA, BFI, "gender", 1, 0);
    mg_case("ulsH", MH, ORD "hs_ord.csv", "school", 1, 0);
    mg_case("thA", MA, BFI, "gender", 0, 1);
    mg_case("thH", MH, ORD "hs_ord.csv", "school", 0, 1);
    partial_case("partA", MA, BFI, "gender", "thresholds,loadings", "A1|t2, A =~ A3");
    partial_case("partH", MH, ORD "hs_ord.csv", "school", "thresholds,loadings,means",
                 "x1 | t1, x5|t2, visual ~ 1");
    score_case("scA", MA, BFI, "gender");
    score_case("scH", MH, ORD "hs_ord.csv", "school");
    kv_report("multi-group ordinal (WLSMV, ULSMV, partial, score tests) vs lavaan 0.6.14");
    kv_free(&ref);
    if (t_fail)
        printf("%d of %d checks failed\n", t_fail, t_count);
    else
        printf("all %d checks passed\n", t_count);
    return t_fail != 0;
}
