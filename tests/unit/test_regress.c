/* Hierarchical OLS against R (lm, anova, car::vif, HC formulas written out; see
 * tests/reference/regress/make_regress.R) and NIST StRD certified values. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/"
#define TOL 1e-8

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_error_t rc = adx_read_file(path, NULL, &ds, &e);
    CHECK_OK(rc, e);
    return ds;
}

/* Compares a value with the reference key; tracks the difference under `stat`. */
static void cmp(const refkv_t *kv, const char *key, double v, const char *stat)
{
    int found = 0;
    double ref = kv_get(kv, key, &found);
    t_count++;
    if (!found) {
        t_fail++;
        fprintf(stderr, "reference key %s missing\n", key);
        return;
    }
    kv_track(stat, v, ref);
    CHECK_CLOSE(v, ref, TOL);
}

static void check_regress(const char *file, const char *prefix, adx_regress_t *r, int with_dw)
{
    refkv_t kv = kv_load(file);
    char key[512];
    CHECK(kv.n > 0);
    snprintf(key, sizeof key, "%s.n", prefix);
    cmp(&kv, key, (double)r->n, "n");
    for (size_t m = 0; m < r->nmodels; m++) {
        const adx_regress_model_t *M = &r->models[m];
        const adx_ols_t *f = M->fit;
        struct {
            const char *k;
            double v;
        } ms[] = {{"r2", f->r2},           {"r", M->r},
                  {"adj_r2", f->adj_r2},   {"se_est", f->sigma},
                  {"f", f->f},             {"df1", f->df1},
                  {"df2", f->df2},         {"p", f->f_p},
                  {"ss_reg", f->ess},      {"ss_res", f->rss},
                  {"ss_total", f->tss},    {"r2_change", M->r2_change},
                  {"f_change", M->f_change}, {"df1_change", M->df1_change},
                  {"df2_change", M->df2_change}, {"p_change", M->p_change}};
        for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
            snprintf(key, sizeof key, "%s.m%zu.%s", prefix, m + 1, ms[i].k);
            cmp(&kv, key, ms[i].v, ms[i].k);
        }
        for (size_t j = 0; j < M->p; j++) {
            struct {
                const char *k;
                double v;
            } cs[] = {{"b", f->b[j]},           {"se", f->se[j]},
                      {"t", f->t[j]},           {"p", f->pvalue[j]},
                      {"ci_lower", f->ci_lower[j]}, {"ci_upper", f->ci_upper[j]},
                      {"beta", M->beta[j]},     {"tolerance", M->tolerance[j]},
                      {"vif", M->vif[j]}};
            for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
                if (j == 0 && i >= 6)
                    continue;
                snprintf(key, sizeof key, "%s.m%zu.%s.%s", prefix, m + 1, M->names[j], cs[i].k);
                char stat[48];
                snprintf(stat, sizeof stat, "coef.%s", cs[i].k);
                cmp(&kv, key, cs[i].v, stat);
            }
            static const char *hcn[] = {"hc0", "hc1", "hc2", "hc3", "hc4"};
            for (int h = 0; h < 5; h++) {
                snprintf(key, sizeof key, "%s.m%zu.%s.%zu", prefix, m + 1, hcn[h], j + 1);
                cmp(&kv, key, M->hc_se[h][j], hcn[h]);
            }
            snprintf(key, sizeof key, "%s.m%zu.eigen.%zu", prefix, m + 1, j + 1);
            cmp(&kv, key, M->eigen[j], "eigenvalue");
            snprintf(key, sizeof key, "%s.m%zu.cond.%zu", prefix, m + 1, j + 1);
            cmp(&kv, key, M->cond[j], "condition_index");
            for (size_t dim = 0; dim < M->p; dim++) {
                snprintf(key, sizeof key, "%s.m%zu.vp%zu.%zu", prefix, m + 1, dim + 1, j + 1);
                cmp(&kv, key, M->varprop[j + dim * M->p], "variance_prop");
            }
        }
        if (with_dw) {
            snprintf(key, sizeof key, "%s.m%zu.dw", prefix, m + 1);
            cmp(&kv, key, M->dw, "durbin_watson");
        }
    }
    kv_free(&kv);
}

static void run_case_c(const char *data, const char *exp, const char *prefix, const char *formula,
                       const char *const *blocks, size_t nb, const char *const *center,
                       size_t ncenter)
{
    adx_dataset_t *ds = load(data);
    adx_regress_t *r = NULL;
    adx_errctx_t e = {0};
    adx_regress_options_t o;
    adx_regress_options_init(&o);
    o.durbin_watson = 1;
    o.all_hc = 1;
    o.center = center;
    o.ncenter = ncenter;
    if (ds) {
        CHECK_OK(adx_regress(ds, formula, blocks, nb, &o, &r, &e), e);
        if (r) {
            CHECK(r->nmodels == nb + 1);
            check_regress(exp, prefix, r, 1);
        }
    }
    adx_regress_free(r);
    adx_dataset_free(ds);
}

static void run_case(const char *data, const char *exp, const char *prefix, const char *formula,
                     const char *const *blocks, size_t nb)
{
    run_case_c(data, exp, prefix, formula, blocks, nb, NULL, 0);
}

/* ---- NIST StRD ---------------------------------------------------------------- */

typedef struct {
    const char *name;
    int degree; /* polynomial degree in x; 0 = the Longley design x1..x6 */
    double min_lre;
} nist_case_t;

/* Log relative error (number of correct digits), capped at 15; exact zero
 * certified values use the absolute error. */
static double lre(double est, double cert)
{
    double d = fabs(est - cert);
    if (d == 0)
        return 15;
    double v = cert != 0 ? -log10(d / fabs(cert)) : -log10(d);
    return v > 15 ? 15 : v;
}

static void nist(const nist_case_t *nc)
{
    char path[1024];
    snprintf(path, sizeof path, REF "regress/nist/%s.csv", nc->name);
    adx_dataset_t *ds = load(path);
    if (!ds)
        return;
    size_t n = ds->nrows, p = nc->degree ? (size_t)nc->degree + 1 : 7;
    adx_matrix_t *X = adx_matrix_alloc(n, p);
    double *y = ds->vars[0].num;
    for (size_t i = 0; i < n; i++) {
        ADX_M(X, i, 0) = 1;
        for (size_t j = 1; j < p; j++)
            ADX_M(X, i, j) = nc->degree ? pow(ds->vars[1].num[i], (double)j) : ds->vars[j].num[i];
    }
    adx_ols_options_t o;
    adx_ols_options_init(&o);
    o.tol = 1e-13; /* NIST's hard polynomial designs are full rank */
    adx_ols_t *f = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_ols_fit(X, y, NULL, &o, &f, &e), e);
    if (f) {
        /* Certified values. */
        FILE *cf = fopen(REF "regress/nist/certified.csv", "r");
        char line[512];
        double worst_b = 15, worst_se = 15, l_sigma = 15, l_r2 = 15;
        while (cf && fgets(line, sizeof line, cf)) {
            const char *param;
            double est = NAN, sd = NAN;
            char *tok[5] = {0};
            size_t k = 0;
            for (char *s = line, *c; k < 5; s = c + 1) {
                tok[k++] = s;
                if (!(c = strchr(s, ',')))
                    break;
                *c = 0;
            }
            if (k < 4 || strcmp(tok[0], nc->name))
                continue;
            param = tok[2];
            est = strtod(tok[3], NULL);
            if (k == 5 && *tok[4] && *tok[4] != '\n')
                sd = strtod(tok[4], NULL);
            if (param[0] == 'B') {
                size_t j = (size_t)atoi(param + 1);
                double lb = lre(f->b[j], est);
                worst_b = lb < worst_b ? lb : worst_b;
                if (!isnan(sd)) {
                    double ls = sd == 0 ? lre(f->se[j], 0) : lre(f->se[j], sd);
                    worst_se = ls < worst_se ? ls : worst_se;
                }
            } else if (!strcmp(param, "sigma")) {
                l_sigma = est == 0 ? lre(f->sigma, 0) : lre(f->sigma, est);
            } else if (!strcmp(param, "r2")) {
                l_r2 = lre(f->r2, est);
            }
        }
        if (cf)
            fclose(cf);
        printf("NIST %-9s digits: b %.1f  se %.1f  sigma %.1f  R2 %.1f (required %.0f)\n",
               nc->name, worst_b, worst_se, l_sigma, l_r2, nc->min_lre);
        CHECK(worst_b >= nc->min_lre);
        CHECK(worst_se >= nc->min_lre);
        CHECK(l_sigma >= nc->min_lre);
        CHECK(l_r2 >= nc->min_lre);
    }
    adx_ols_free(f);
    adx_matrix_free(X);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    static const char *lb[] = {"Unemployed + Armed_Forces", "Year + GNP_deflator"};
    run_case(REF "data/longley.csv", REF "regress/expected/regress_longley.csv", "longley",
             "Employed ~ GNP + Population", lb, 2);
    kv_report("R longley (3 nested models)");
    static const char *mb[] = {"factor(cyl) + log(disp)", "wt:hp"};
    run_case(REF "regress/data/mtcars.csv", REF "regress/expected/regress_mtcars.csv", "mtcars",
             "mpg ~ wt + hp", mb, 2);
    run_case(REF "regress/data/mtcars.csv", REF "regress/expected/regress_mtstar.csv", "mtstar",
             "mpg ~ wt*hp + qsec", NULL, 0);
    kv_report("R mtcars (factor, log, products, A*B)");
    static const char *bb[] = {"C1 + C2 + A2:C1", "log(age) + factor(education)"};
    run_case(REF "data/bfi.csv", REF "regress/expected/regress_bfi.csv", "bfi",
             "A1 ~ A2 + A3 + factor(gender)", bb, 2);
    kv_report("R bfi (missing data, same-case sample)");
    /* --center: A2 and C1 centred on the same-case sample before A2:C1 is formed. */
    static const char *cb[] = {"A3 + log(age)"}, *cv[] = {"A2", "C1"};
    run_case_c(REF "data/bfi.csv", REF "regress/expected/regress_center.csv", "bficen",
               "A1 ~ A2*C1 + factor(gender)", cb, 1, cv, 2);
    kv_report("R bfi with --center A2,C1 (same-case sample)");
    /* Seed 000's model chains on a simulated data set of its shape (54 firms, 48
     * complete, string sector). */
    static const char *sa[] = {"EXPLOIT + EXPLORE", "INTL:EXPLOIT + INTL:EXPLORE"};
    static const char *sb[] = {"EXPLOIT + EXPLORE", "EXPLOIT:EXPLORE"};
    run_case(REF "regress/data/seed000_like.csv", REF "regress/expected/regress_seed000.csv",
             "s000a", "PERF ~ INTL + TAILLE + AGE + factor(SECTOR)", sa, 2);
    run_case(REF "regress/data/seed000_like.csv", REF "regress/expected/regress_seed000.csv",
             "s000b", "PERF ~ INTL + TAILLE + AGE + factor(SECTOR)", sb, 2);
    kv_report("R seed-000-shaped data (two model chains)");

    static const nist_case_t cases[] = {
        {"norris", 1, 12},   {"pontius", 2, 10},  {"longley", 0, 10},  {"filip", 10, 6},
        {"wampler1", 5, 8}, {"wampler2", 5, 8}, {"wampler3", 5, 8}, {"wampler4", 5, 7},
        {"wampler5", 5, 5}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        nist(&cases[i]);
    TEST_DONE();
}
