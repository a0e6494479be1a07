/* Ordinal indicators (issue 13): polychoric / tetrachoric correlations, their
 * thresholds and asymptotic covariance (lavaan lavCor, psych::polychoric),
 * EFA, PCA, ordinal alpha and omega on the polychoric matrix, against
 * tests/reference/ordinal (make_ordinal.R); categorical CFA; ordered and continuous
 * variables together (polyserial correlations, CFA with ordered = c(...); make_mixed.R). */
#include "ambidex/ambidex.h"
#include "refkv.h"
#include "testutil.h"

#define ORD ADX_SOURCE_DIR "/tests/reference/ordinal/"

static refkv_t ref;

static double want(const char *key)
{
    int found = 0;
    double v = kv_get(&ref, key, &found);
    if (!found)
        fprintf(stderr, "missing reference key %s\n", key);
    CHECK(found);
    return v;
}

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_csv(path, NULL, &ds, &e), e);
    return ds;
}

static void lookup(const adx_dataset_t *ds, const char *const *names, size_t k, size_t *idx)
{
    adx_errctx_t e = {0};
    CHECK_OK(adx_dataset_lookup(ds, names, k, 1, idx, &e), e);
}

/* The reference value of key, or NaN when the file lacks it (psych's values exist only
 * for some pairs). */
static double maybe(const char *key)
{
    int found = 0;
    double v = kv_get(&ref, key, &found);
    return found ? v : NAN;
}

/* The continuous variable's mean and variance, its covariances (lavaan's COV scale). */
static void check_moments(const char *tag, const adx_polychoric_t *P, const char *const *names)
{
    char key[128];
    size_t k = P->k;
    for (size_t j = 0; j < k; j++) {
        if (P->numeric[j]) {
            snprintf(key, sizeof key, "%s.th.%s", tag, names[j]);
            CHECK_CLOSE(P->th[P->th_off[j]], want(key), 1e-9);
            kv_track("mean", P->th[P->th_off[j]], want(key));
        }
        snprintf(key, sizeof key, "%s.cov.%s.%s", tag, names[j], names[j]);
        CHECK_CLOSE(P->sd[j] * P->sd[j], want(key), 1e-9);
        kv_track("variance", P->sd[j] * P->sd[j], want(key));
        for (size_t i = j + 1; i < k; i++) {
            snprintf(key, sizeof key, "%s.cov.%s.%s", tag, names[i], names[j]);
            CHECK_CLOSE(P->r[i + j * k] * P->sd[i] * P->sd[j], want(key), 1e-6);
        }
    }
}

/* Thresholds, correlations and Gamma of one case against lavaan (tol) and psych; numeric:
 * the continuous variables (NULL none; polyserial and Pearson correlations). */
static void poly_case(const char *tag, const char *path, const char *const *names, size_t k,
                      const unsigned char *numeric, double psych_tol)
{
    adx_dataset_t *ds = load(path);
    size_t idx[16];
    lookup(ds, names, k, idx);
    adx_corr_options_t o;
    adx_corr_options_init(&o);
    o.method = ADX_POLYCHORIC;
    o.numeric = numeric;
    adx_corr_t *cr = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_corr(ds, idx, k, &o, &cr, &e), e);
    const adx_polychoric_t *P = cr ? cr->poly : NULL;
    char key[128];
    snprintf(key, sizeof key, "%s.n", tag);
    CHECK(P && P->n == (size_t)want(key));
    for (size_t j = 0; P && j < k; j++)
        for (size_t c = 0; c + 1 < P->ncat[j]; c++) {
            double th = P->th[P->th_off[j] + c];
            snprintf(key, sizeof key, "%s.th.%s.%zu", tag, names[j], c + 1);
            CHECK_CLOSE(th, want(key), 1e-10);
            kv_track("threshold", th, want(key));
            snprintf(key, sizeof key, "%s.psych.th.%s.%zu", tag, names[j], c + 1);
            if (!numeric)
                CHECK_CLOSE(th, want(key), 1e-10);
        }
    if (P && numeric)
        check_moments(tag, P, names);
    for (size_t j = 0; P && j < k; j++)
        for (size_t i = j + 1; i < k; i++) {
            double r = P->r[i + j * k];
            int mixed = numeric && numeric[i] != numeric[j];
            snprintf(key, sizeof key, "%s.rho.%s.%s", tag, names[i], names[j]);
            CHECK_CLOSE(r, want(key), 1e-6);
            kv_track(mixed ? "polyserial rho (lavaan)" : "rho (lavaan)", r, want(key));
            snprintf(key, sizeof key, "%s.psych.rho.%s.%s", tag, names[i], names[j]);
            double w = maybe(key);
            if (isnan(w))
                continue;
            CHECK_CLOSE(r, w, psych_tol);
            kv_track(mixed ? "polyserial rho (psych, ad hoc estimator)" : "rho (psych)", r, w);
        }
    CHECK(P && P->gamma != NULL);
    for (size_t a = 0; P && P->gamma && a < P->nstat; a++)
        for (size_t b = 0; b <= a; b++) {
            snprintf(key, sizeof key, "%s.gamma.%zu.%zu", tag, a + 1, b + 1);
            double g = P->gamma[a + b * P->nstat], w = want(key);
            CHECK_CLOSE(g, w, 1e-5 * (1 + fabs(w)));
            kv_track("gamma (NACOV)", g, w);
        }
    adx_corr_free(cr);
    adx_dataset_free(ds);
}

static const char *const AC[] = {"A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5"};

static void test_polychoric(void)
{
    static const char *const A[] = {"A1", "A2", "A3", "A4", "A5"};
    static const char *const Q[] = {"Q1", "Q2", "Q3", "Q4", "Q5"};
    const char *bfi = ADX_SOURCE_DIR "/tests/reference/data/bfi.csv";
    poly_case("bfiA", bfi, A, 5, NULL, 1e-4);
    poly_case("bfiAC", bfi, AC, 10, NULL, 1e-4);
    poly_case("lsat6", ORD "lsat6.csv", Q, 5, NULL, 1e-2);
    kv_report("polychoric vs lavaan 0.6.14 / psych 2.2.9");
}

/* Continuous variables among ordered ones (session 5, make_mixed.R): polyserial (lavaan's
 * two-step ML; psych's ad hoc estimator within 0.05) and Pearson correlations, means,
 * variances, covariances and the Gamma of the mixed statistics. */
static void test_mixed_cor(void)
{
    static const char *const X[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
    static const unsigned char xnum[] = {0, 0, 0, 1, 1, 1, 1, 1, 1};
    static const unsigned char acnum[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    poly_case("hsmix", ORD "hs_mixed.csv", X, 9, xnum, 0.05);
    poly_case("bfimix", ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", AC, 10, acnum, 0.05);
    kv_report("mixed correlations vs lavaan 0.6.14 lavCor(ordered = ...)");
}

/* One column of 10 loadings (sign: positive sum) against <what>.load.<item>.<f>. */
static void check_loadings(const double *L, const char *what, size_t f, double tol)
{
    double sum = 0, sg;
    char key[96], stat[32];
    for (size_t i = 0; i < 10; i++)
        sum += L[i];
    sg = sum < 0 ? -1 : 1;
    snprintf(stat, sizeof stat, "%s loading", what);
    for (size_t i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "%s.load.%s.%zu", what, AC[i], f);
        CHECK_CLOSE(sg * L[i], want(key), tol);
        kv_track(stat, sg * L[i], want(key));
    }
}

/* EFA (minres, oblimin without Kaiser normalisation, psych::fa) and PCA of the
 * polychoric matrix of A1-A5, C1-C5; factors put in the script's canonical order. */
static void test_efa_pca(void)
{
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    size_t idx[10];
    lookup(ds, AC, 10, idx);
    adx_factor_options_t o;
    adx_factor_options_init(&o);
    o.kaiser = 0;
    o.polychoric = 1;
    adx_efa_t *ef = NULL;
    adx_errctx_t e = {0};
    char key[96];
    CHECK_OK(adx_efa(ds, idx, 10, 2, &o, NULL, &ef, &e), e);
    if (ef) {
        size_t f0 = fabs(ef->loadings[1]) >= fabs(ef->loadings[1 + 10]) ? 0 : 1;
        check_loadings(ef->loadings + f0 * 10, "efa", 1, 1e-5);
        check_loadings(ef->loadings + (1 - f0) * 10, "efa", 2, 1e-5);
        CHECK_CLOSE(fabs(ef->phi[1]), fabs(want("efa.phi")), 1e-5);
        kv_track("efa phi", fabs(ef->phi[1]), fabs(want("efa.phi")));
        for (size_t i = 0; i < 10; i++) {
            snprintf(key, sizeof key, "efa.h2.%s", AC[i]);
            CHECK_CLOSE(ef->communalities[i], want(key), 1e-5);
            kv_track("efa h2", ef->communalities[i], want(key));
        }
    }
    adx_efa_free(ef);
    adx_pca_options_t po;
    adx_pca_options_init(&po);
    po.polychoric = 1;
    po.ncomp = 2;
    adx_pca_t *pc = NULL;
    CHECK_OK(adx_pca(ds, idx, 10, &po, &pc, &e), e);
    for (size_t j = 0; pc && j < 10; j++) {
        snprintf(key, sizeof key, "pca.eigen.%zu", j + 1);
        CHECK_CLOSE(pc->eigenvalues[j], want(key), 1e-6);
        kv_track("pca eigenvalue", pc->eigenvalues[j], want(key));
    }
    for (size_t f = 0; pc && f < 2; f++)
        check_loadings(pc->loadings + f * 10, "pca", f + 1, 1e-6);
    adx_pca_free(pc);
    adx_dataset_free(ds);
}

/* Ordinal alpha and omega of A1-A5 with A1 reversed (psych::alpha / omega on the
 * polychoric matrix). */
static void test_ordinal_alpha(void)
{
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    size_t idx[5];
    lookup(ds, AC, 5, idx);
    static const char *const rev[] = {"A1"};
    adx_items_options_t o;
    adx_items_options_init(&o);
    o.reverse = rev;
    o.nreverse = 1;
    o.polychoric = 1;
    adx_alpha_t *a = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_alpha(ds, idx, 5, &o, &a, &e), e);
    if (a) {
        CHECK_CLOSE(a->alpha, want("oalpha.alpha"), 1e-6);
        kv_track("ordinal alpha", a->alpha, want("oalpha.alpha"));
        CHECK_CLOSE(a->std_alpha, want("oalpha.alpha"), 1e-6);
        CHECK_CLOSE(a->average_r, want("oalpha.average_r"), 1e-6);
        CHECK_CLOSE(a->omega_total, want("oalpha.omega_total"), 1e-5);
        kv_track("ordinal omega", a->omega_total, want("oalpha.omega_total"));
        char key[64];
        for (size_t i = 0; i < 5; i++) {
            snprintf(key, sizeof key, "oalpha.alpha_if_deleted.%s", AC[i]);
            CHECK_CLOSE(a->alpha_if_deleted[i], want(key), 1e-6);
            kv_track("alpha if deleted", a->alpha_if_deleted[i], want(key));
        }
    }
    adx_alpha_free(a);
    adx_dataset_free(ds);
}

/* ---- categorical CFA (WLSMV / ULSMV) --------------------------------------- */

static void fit_check(const char *tag, const char *name, double got, double tol)
{
    char key[128];
    snprintf(key, sizeof key, "%s.fit.%s", tag, name);
    int found = 0;
    double w = kv_get(&ref, key, &found);
    CHECK(found);
    if (!found || isnan(w))
        return;
    CHECK_CLOSE(got, w, tol);
    if (fabs(got - w) > tol * fmax(1, fabs(w)))
        fprintf(stderr, "  %s\n", key);
    kv_track(name, got, w);
}

/* Estimate, SE and (when the file has it) std.all of the row lhs op rhs. */
static void param_check(const char *tag, const char *lhs, const char *op, const char *rhs,
                        const double *v, double est_tol, double se_tol)
{
    static const char *const what[] = {"est", "se", "std"};
    static const char *const stat[] = {"estimate", "robust SE", "std.all"};
    for (int q = 0; q < 3; q++) {
        char key[160];
        snprintf(key, sizeof key, "%s.%s.%s.%s.%s", tag, lhs, op, rhs, what[q]);
        double w = q < 2 ? want(key) : maybe(key);
        if (q == 2 && (isnan(w) || isnan(v[q])))
            continue;
        CHECK_CLOSE(v[q], w, q == 1 ? se_tol : est_tol);
        kv_track(strcmp(op, "|") ? stat[q] : q ? "threshold SE" : "threshold", v[q], w);
    }
}

/* ordered: the ordered indicators (NULL: all); theta: lavaan parameterization = "theta". */
static void cfa_case(const char *tag, const char *model, const char *path, int uls,
                     const char *const *ordered, size_t nord, int theta)
{
    adx_dataset_t *ds = load(path);
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    adx_errctx_t e = {0};
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    o.ordinal_uls = uls;
    o.ordered_vars = ordered;
    o.nordered_vars = nord;
    o.ordinal_theta = theta;
    CHECK_OK(adx_sem_parse(model, "model", &syn, &e), e);
    if (syn)
        CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (s)
        CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    if (!s || !s->fitted || !s->ordinal)
        goto done;
    char key[160];
    snprintf(key, sizeof key, "%s.n", tag);
    CHECK(s->n == (size_t)want(key));
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        const double v[] = {pr->est, pr->se, pr->std_all};
        param_check(tag, pr->lhs, adx_sem_op_name(pr->op), pr->rhs, v, 2e-5, 2e-5);
    }
    const adx_sem_ordinal_t *od = s->ordinal;
    for (size_t k = 0; k < od->nth; k++) { /* th_k 0: a continuous indicator's intercept */
        char rhs[16] = "";
        if (od->th_k[k])
            snprintf(rhs, sizeof rhs, "t%d", od->th_k[k]);
        const double v[] = {od->th[k], od->th_se[k], NAN};
        param_check(tag, od->th_var[k], od->th_k[k] ? "|" : "~1", rhs, v, theta ? 2e-5 : 1e-9,
                    theta ? 2e-5 : 1e-6); /* theta: rescaled by the estimates */
    }
    const adx_sem_fit_t *f = &s->fit;
    fit_check(tag, "npar", f->npar, 0);
    fit_check(tag, "df", f->df, 0);
    fit_check(tag, "chisq", f->chisq, 1e-5);
    fit_check(tag, "pvalue", f->pvalue, 1e-6);
    fit_check(tag, "chisq.scaled", f->chisq_scaled, 1e-5);
    fit_check(tag, "pvalue.scaled", f->pvalue_scaled, 1e-6);
    fit_check(tag, "chisq.scaling.factor", f->chisq_scaling_factor, 1e-5);
    fit_check(tag, "baseline.chisq", f->baseline_chisq, 1e-5);
    fit_check(tag, "baseline.chisq.scaled", f->baseline_chisq_scaled, 1e-5);
    fit_check(tag, "cfi", f->cfi, 1e-6);
    fit_check(tag, "tli", f->tli, 1e-6);
    fit_check(tag, "cfi.scaled", f->cfi_scaled, 1e-6);
    fit_check(tag, "tli.scaled", f->tli_scaled, 1e-6);
    fit_check(tag, "rmsea", f->rmsea, 1e-6);
    fit_check(tag, "rmsea.ci.lower", f->rmsea_ci_lower, 1e-5);
    fit_check(tag, "rmsea.ci.upper", f->rmsea_ci_upper, 1e-5);
    fit_check(tag, "rmsea.scaled", f->rmsea_scaled, 1e-6);
    fit_check(tag, "srmr", f->srmr, 1e-6);
    fit_check(tag, "cfi.robust", od->cfi_robust, 1e-6);
    fit_check(tag, "tli.robust", od->tli_robust, 1e-6);
    fit_check(tag, "rmsea.robust", od->rmsea_robust, 1e-6);
    fit_check(tag, "baseline.df", f->baseline_df, 0);
    fit_check(tag, "fmin", f->fmin, 1e-7);
    CHECK(!od->nnum || (isnan(od->cfi_robust) && isnan(od->rmsea_robust))); /* lavaan: NA */
done:
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
}

static void test_cfa(void)
{
    const char *bfi = ADX_SOURCE_DIR "/tests/reference/data/bfi.csv";
    const char *mA = "A =~ A1 + A2 + A3 + A4 + A5";
    const char *mAC = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5";
    const char *m7 = "F1 =~ y1 + y2 + y3 + y4\nF2 =~ y5 + y6 + y7 + y8";
    cfa_case("cfaA", mA, bfi, 0, NULL, 0, 0);
    cfa_case("cfaAC", mAC, bfi, 0, NULL, 0, 0);
    cfa_case("cfa7", m7, ORD "sim7.csv", 0, NULL, 0, 0);
    cfa_case("ulsA", mA, bfi, 1, NULL, 0, 0);
    cfa_case("uls7", m7, ORD "sim7.csv", 1, NULL, 0, 0);
    kv_report("categorical CFA (WLSMV, ULSMV) vs lavaan 0.6.14");
}

/* Ordered and continuous indicators (session 5, make_mixed.R): HolzingerSwineford1939 with
 * x1-x3 cut into 4 categories (WLSMV, ULSMV, theta) and bfi A1-A5 ordered, C1-C5 continuous. */
static void test_mixed_cfa(void)
{
    static const char *const hs_ord[] = {"x1", "x2", "x3"};
    const char *mHS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9";
    const char *mAC = "A =~ A1 + A2 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5";
    cfa_case("hs", mHS, ORD "hs_mixed.csv", 0, hs_ord, 3, 0);
    cfa_case("hsuls", mHS, ORD "hs_mixed.csv", 1, hs_ord, 3, 0);
    cfa_case("hstheta", mHS, ORD "hs_mixed.csv", 0, hs_ord, 3, 1);
    cfa_case("bfi", mAC, ADX_SOURCE_DIR "/tests/reference/data/bfi.csv", 0, AC, 5, 0);
    kv_report("CFA with ordered and continuous indicators vs lavaan 0.6.14");
}

int main(void)
{
    adx_init();
    ref = kv_load(ORD "polychoric.csv");
    CHECK(ref.n > 0);
    test_polychoric();
    test_efa_pca();
    test_ordinal_alpha();
    kv_report("EFA, PCA, ordinal alpha on the polychoric matrix vs psych 2.2.9");
    kv_free(&ref);
    ref = kv_load(ORD "cfa.csv");
    CHECK(ref.n > 0);
    test_cfa();
    kv_free(&ref);
    ref = kv_load(ORD "mixed_cor.csv");
    CHECK(ref.n > 0);
    test_mixed_cor();
    kv_free(&ref);
    ref = kv_load(ORD "mixed_cfa.csv");
    CHECK(ref.n > 0);
    test_mixed_cfa();
    kv_free(&ref);
    return t_fail ? (printf("%d of %d checks failed\n", t_fail, t_count), 1)
                  : (printf("all %d checks passed\n", t_count), 0);
}
