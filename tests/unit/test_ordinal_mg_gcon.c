/* Constraint lines in multi-group fits with ordered indicators (WLSMV, delta) against
 * lavaan 0.6.14 (tests/reference/ordinal/make_ordinal_gcon.R: cfa(..., ordered = TRUE,
 * group = "gender") on bfi A2-A5 with c(a1, a2)*A3 + c(b1, b2)*A4): a1 == a2 (a loading
 * equal across groups), a1 + b1 == a2 + b2 (a general constraint) and a1 > 1.3 (a bound
 * in one group, active: its SE 0, lavaan's NA): estimates, robust SEs,
 * thresholds, the DWLS and scaled-shifted tests and the indices with the robust (catML)
 * CFI/TLI/RMSEA. The parts beside the fit (make_ordinal_mg_gcon.R, mg_gcon.csv): the
 * invariance sequence with the line a1 + b1 == a2 + b2 in every level on bfi A2-A5 by gender
 * and HS x1-x9 (quartiles) by school: fit measures, robust CFI/TLI/RMSEA (NA once the
 * thresholds are equal), lavTestLRT's differences, lavTestScore's tests of the released
 * equalities and of the line (and its total); configural and equal loadings alone with
 * the line in theta (with score tests), equal loadings alone with the line in delta, a
 * line within one group (a1 == b1) with and without score tests, and equal loadings
 * without a line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"
#include "mgrun.h"
#include "refkv.h"
#include "testutil.h"

#define BFI ADX_SOURCE_DIR "/tests/reference/data/bfi.csv"

static refkv_t ref;
static const refkv_t *cur = &ref; /* the reference file of the case being checked */

/* got against the reference value of key (relative tolerance tol above 1). */
static void against(const char *key, double got, const char *stat, double tol)
{
    int found = 0;
    double w = kv_get(cur, key, &found);
    int ok = found && (fabs(got - w) <= tol * fmax(1, fabs(w)) || (isnan(w) && !(got > 1e-6)));
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "%s: ambidex %.10g, lavaan %.10g%s\n", key, got, w,
                found ? "" : " (key missing)");
    if (found && !isnan(w))
        kv_track(stat, got, w);
}

/* The fit of model (path, group) with mo (theta: the theta parameterization; WLSMV). */
static adx_sem_invariance_t *run(const char *model, const char *path, const char *group,
                                 const adx_sem_mg_options_t *mo, int theta)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    o.ordinal_theta = theta;
    return mg_run(model, path, group, &o, mo);
}

static void mg_gcon_case(const char *tag, const char *line)
{
    const char *base = "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\n";
    char model[256], key[256];
    snprintf(model, sizeof model, "%s%s", base, line);
    adx_sem_mg_options_t mo; /* one fit, group.equal none; WLSMV, delta */
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    adx_sem_invariance_t *v = run(model, BFI, "gender", &mo, 0);
    const adx_sem_inv_row_t *m = v ? &v->rows[0] : NULL;
    for (size_t g = 0; m && m->params && g < v->ngroups; g++)
        for (size_t r = 0; r < m->nparams[g]; r++) {
            const adx_sem_param_t *pr = &m->params[g][r];
            int th = pr->op == ADX_SEM_THRESHOLD;
            snprintf(key, sizeof key, "%s.g%zu.%s.%s.%s.", tag, g + 1, pr->lhs,
                     adx_sem_op_name(pr->op), pr->rhs);
            size_t n = strlen(key);
            snprintf(key + n, sizeof key - n, "est");
            against(key, pr->est, th ? "threshold" : "estimate", 2e-6);
            snprintf(key + n, sizeof key - n, "se");
            against(key, pr->free ? pr->se : 0, th ? "threshold SE" : "robust SE", 2e-6);
        }
    const char *names[] = {"npar", "chisq", "df", "chisq.scaled", "chisq.scaling.factor",
                           "baseline.chisq", "baseline.chisq.scaled", "cfi", "tli", "rmsea",
                           "cfi.scaled", "tli.scaled", "rmsea.scaled", "srmr"};
    for (size_t i = 0; m && i < sizeof names / sizeof names[0]; i++) {
        const double got[] = {m->npar, m->chisq, m->df, m->chisq_scaled, m->scaling_factor,
                              m->baseline_chisq, m->baseline_chisq_scaled, m->cfi, m->tli,
                              m->rmsea, m->cfi_scaled, m->tli_scaled, m->rmsea_scaled, m->srmr};
        snprintf(key, sizeof key, "%s.fit.%s", tag, names[i]);
        against(key, got[i], strstr(names[i], "chisq") ? "chisq" : "fit index",
                strstr(names[i], "chisq") ? 1e-5 : 1e-6);
    }
    const char *rob[] = {"cfi.robust", "tli.robust", "rmsea.robust"};
    for (size_t i = 0; m && i < 3; i++) {
        const double got[] = {m->cfi_robust, m->tli_robust, m->rmsea_robust};
        snprintf(key, sizeof key, "%s.fit.%s", tag, rob[i]);
        against(key, got[i], "robust index", 1e-6);
    }
    for (size_t g = 0; v && g < 2; g++) {
        snprintf(key, sizeof key, "%s.n%zu", tag, g + 1);
        against(key, (double)v->n[g], "n", 0);
    }
    adx_sem_invariance_free(v);
}

/* The number of reference keys starting with pre. */
static size_t nkeys(const char *pre)
{
    size_t n = 0;
    for (size_t i = 0; i < cur->n; i++)
        n += !strncmp(cur->key[i], pre, strlen(pre));
    return n;
}

/* Level m (lv) of tag against mg_gcon.csv: fit measures, robust indices, the difference
 * to the level before (diff), the score tests when given (every lavaan test, no other). */
static void check_level(const char *tag, const char *lv, const adx_sem_inv_row_t *m, int diff)
{
    char key[256];
    const char *names[] = {"npar", "chisq", "df", "chisq.scaled", "cfi.robust", "tli.robust",
                           "rmsea.robust"};
    const double got[] = {m->npar, m->chisq, m->df, m->chisq_scaled, m->cfi_robust,
                          m->tli_robust, m->rmsea_robust};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(key, sizeof key, "%s.%s.fit.%s", tag, lv, names[i]);
        against(key, got[i], i < 4 ? "chisq" : "robust index", i < 4 ? 1e-5 : 1e-6);
    }
    if (diff) { /* lavTestLRT: Satorra (2000), scaled-shifted */
        snprintf(key, sizeof key, "%s.%s.diff.chisq", tag, lv);
        against(key, m->delta_chisq_scaled, "difference test", 5e-5);
        snprintf(key, sizeof key, "%s.%s.diff.df", tag, lv);
        against(key, m->delta_df, "difference test", 0);
    }
    snprintf(key, sizeof key, "%s.%s.score.", tag, lv);
    size_t nref = nkeys(key);
    if (!m->score && !m->con_score)
        return;
    CHECK(nref == m->nscore);
    for (size_t k = 0; k < m->nscore; k++) {
        const adx_sem_score_t *t = &m->score[k];
        snprintf(key, sizeof key, "%s.%s.score.%s.%s.%s.g%zu", tag, lv, t->lhs,
                 adx_sem_op_name(t->op), t->rhs, t->group + 1);
        against(key, t->x2, "score test", 2e-5);
    }
    snprintf(key, sizeof key, "%s.%s.line.", tag, lv);
    CHECK(nkeys(key) == m->ncon_score && m->ncon_score == 1);
    for (size_t k = 0; k < m->ncon_score; k++) {
        snprintf(key, sizeof key, "%s.%s.line.%zu", tag, lv, k + 1);
        against(key, m->con_score[k].x2, "score test", 2e-5);
    }
    snprintf(key, sizeof key, "%s.%s.total.X2", tag, lv);
    if (nkeys(key)) {
        against(key, m->con_total_x2, "score test", 2e-5);
        snprintf(key, sizeof key, "%s.%s.total.df", tag, lv);
        against(key, m->con_total_df, "score test", 0);
    }
}

static const char *const LEVELS[3] = {"configural", "thresholds", "loadings"};

/* The invariance sequence of model with score tests. */
static void seq_case(const char *tag, const char *model, const char *path, const char *group)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.score_tests = 1;
    adx_sem_invariance_t *v = run(model, path, group, &mo, 0);
    CHECK(v && v->nrows == 3);
    for (size_t l = 0; v && l < v->nrows && l < 3; l++)
        check_level(tag, LEVELS[l], &v->rows[l], l > 0);
    adx_sem_invariance_free(v);
}

/* One fit of model with group.equal eq (level lv of tag); score: the score tests. */
static void single_case(const char *tag, const char *lv, const char *model, const char *eq,
                        int theta, int score)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.score_tests = score;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_group_equal_parse(eq, &mo.group_equal, &e), e);
    adx_sem_invariance_t *v = run(model, BFI, "gender", &mo, theta);
    if (v)
        check_level(tag, lv, &v->rows[0], 0);
    adx_sem_invariance_free(v);
}

int main(void)
{
    adx_init();
    ref = kv_load(ADX_SOURCE_DIR "/tests/reference/ordinal/cfa_gcon.csv");
    CHECK(ref.n > 0);
    mg_gcon_case("mgtie", "a1 == a2");
    mg_gcon_case("mggen", "a1 + b1 == a2 + b2");
    mg_gcon_case("mgbnd", "a1 > 1.3");
    refkv_t ref2 = kv_load(ADX_SOURCE_DIR "/tests/reference/ordinal/mg_gcon.csv");
    CHECK(ref2.n > 0);
    cur = &ref2;
    const char *mA = "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\na1 + b1 == a2 + b2\n";
    seq_case("gA", mA, BFI, "gender");
    single_case("gA", "metric", mA, "loadings", 0, 1);
    single_case("tA", "configural", mA, "none", 1, 1);
    single_case("tA", "metric", mA, "loadings", 1, 1);
    /* a line within group 1: each group's row mapping, or (score tests) the general path */
    const char *wA = "A =~ A2 + c(a1, a2)*A3 + c(b1, b2)*A4 + A5\na1 == b1\n";
    single_case("wA", "configural", wA, "none", 0, 0);
    single_case("wA", "configural", wA, "none", 0, 1);
    single_case("lA", "metric", "A =~ A2 + A3 + A4 + A5", "loadings", 0, 0);
    seq_case("gH", "visual =~ x1 + c(a1, a2)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + x6\n"
                   "speed =~ x7 + x8 + x9\na1 + b1 == a2 + b2\n",
             ADX_SOURCE_DIR "/tests/reference/ordinal/hs_ord.csv", "school");
    kv_free(&ref2);
    cur = &ref;
    kv_report("constraint lines with --ordered --group vs lavaan 0.6.14");
    kv_free(&ref);
    return t_fail ? (printf("%d of %d checks failed\n", t_fail, t_count), 1)
                  : (printf("all %d checks passed\n", t_count), 0);
}
