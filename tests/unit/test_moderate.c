/* Moderation against R (tests/reference/regress/make_regress.R, mtcars:
 * mpg ~ disp + hp + wt + hp:wt): conditional effects, Johnson-Neyman, plot data; and
 * against PROCESS 2.16.3 model 1 with HC3 (tests/reference/mediate/process/). */
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/regress/"
#define MED ADX_SOURCE_DIR "/tests/reference/mediate/"
#define TOL 1e-8

static void cmpk(const refkv_t *kv, const char *key, double v, const char *stat)
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

static void check(const refkv_t *kv, const char *prefix, const adx_moderate_t *m, double wshift,
                  double xshift)
{
    char key[256];
#define K(s) (snprintf(key, sizeof key, "%s.%s", prefix, s), key)
#define KI(s, i) (snprintf(key, sizeof key, "%s.%s.%d", prefix, s, (int)(i)), key)
    cmpk(kv, K("r2"), m->fit->r2, "r2");
    cmpk(kv, K("r2_change"), m->r2_change, "r2_change");
    cmpk(kv, K("f_change"), m->f_change, "f_change");
    cmpk(kv, K("p_change"), m->p_change, "p_change");
    if (wshift == 0)
        for (size_t j = 0; j < m->fit->p; j++) {
            cmpk(kv, KI("b", j + 1), m->fit->b[j], "b");
            cmpk(kv, KI("se", j + 1), m->fit->se[j], "se");
        }
    for (int j = 0; j < 3; j++) {
        cmpk(kv, KI("w", j + 1), m->wv[j] + wshift, "w");
        cmpk(kv, KI("effect", j + 1), m->effect[j], "effect");
        cmpk(kv, KI("effect_se", j + 1), m->effect_se[j], "effect_se");
        cmpk(kv, KI("effect_t", j + 1), m->effect_t[j], "effect_t");
        cmpk(kv, KI("effect_p", j + 1), m->effect_p[j], "effect_p");
        cmpk(kv, KI("effect_lo", j + 1), m->effect_lo[j], "effect_ci");
        cmpk(kv, KI("effect_hi", j + 1), m->effect_hi[j], "effect_ci");
    }
    CHECK(m->njn == 1);
    if (m->njn == 1) {
        cmpk(kv, K("jn"), m->jn[0] + wshift, "jn");
        cmpk(kv, K("jn_pct_below"), m->jn_pct_below[0], "jn_pct");
    }
    (void)xshift;
    for (int i = 0; i < 9; i++)
        cmpk(kv, KI("plot_yhat", i + 1), m->plot_yhat[i], "plot_yhat");
}

/* PROCESS 2.16.3 model 1 (HC3, mean +/- 1 SD; tests/reference/mediate/process/): every
 * deterministic number of the output to its printed 4 decimals (|d| <= 5e-5), including the
 * Wald F tests with the HC3 covariance (model F 1877.8535, R2-change F 1038.5213). */
static double process_value(const adx_moderate_t *m, const char *key)
{
    static const char *terms[] = {"constant", "x", "m", "x x m"};
    const adx_ols_t *f = m->fit;
    char t[32], s[16];
    int j;
    if (!strcmp(key, "eq.y.r"))
        return sqrt(f->r2);
    if (!strcmp(key, "eq.y.r2"))
        return f->r2;
    if (!strcmp(key, "eq.y.mse"))
        return f->rss / f->df_res;
    if (!strcmp(key, "eq.y.f") || !strcmp(key, "eq.y.p"))
        return key[5] == 'f' ? f->f : f->f_p;
    if (!strcmp(key, "eq.y.df1") || !strcmp(key, "eq.y.df2"))
        return key[7] == '1' ? f->df1 : f->df2;
    if (!strncmp(key, "r2chng.", 7)) {
        const char *k = key + 7;
        return !strcmp(k, "r2") ? m->r2_change : !strcmp(k, "f") ? m->f_change
               : !strcmp(k, "p") ? m->p_change : !strcmp(k, "df1") ? m->df1_change
                                                 : m->df2_change;
    }
    if (sscanf(key, "probe.%d", &j) == 1 && j >= 1 && j <= 3)
        return m->wv[j - 1];
    if (sscanf(key, "cond.p%d.%15s", &j, s) == 2 && j >= 1 && j <= 3) {
        const double *v[] = {m->wv, m->effect, m->effect_se, m->effect_t, m->effect_p,
                             m->effect_lo, m->effect_hi};
        static const char *st[] = {"w", "effect", "se", "t", "p", "lo", "hi"};
        for (int k = 0; k < 7; k++)
            if (!strcmp(s, st[k]))
                return v[k][j - 1];
    }
    if (sscanf(key, "eq.y.%31[^.].%15s", t, s) == 2)
        for (size_t c = 0; c < 4; c++)
            if (!strcmp(t, terms[c])) {
                const double *v[] = {f->b, f->se, f->t, f->pvalue, f->ci_lower, f->ci_upper};
                static const char *st[] = {"b", "se", "t", "p", "lo", "hi"};
                for (int k = 0; k < 6; k++)
                    if (!strcmp(s, st[k]))
                        return v[k][c];
            }
    return NAN;
}

static void test_process_model1(void)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(MED "process/Data_Model1.csv", NULL, &ds, &e), e);
    refkv_t kv = kv_load(MED "process_expected.csv");
    adx_moderate_options_t o;
    adx_moderate_options_init(&o);
    o.ols.hc = ADX_HC3;
    o.probe = ADX_PROBE_MEANSD;
    adx_moderate_t *m = NULL;
    if (ds)
        CHECK_OK(adx_moderate(ds, "y", "x", "m", NULL, 0, &o, &m, &e), e);
    size_t n = 0;
    double dmax = 0;
    for (size_t i = 0; m && i < kv.n; i++) {
        if (strncmp(kv.key[i], "1,", 2))
            continue;
        double v = process_value(m, kv.key[i] + 2), d = fabs(v - kv.val[i]);
        if (!(d <= 5e-5 + 1e-12))
            fprintf(stderr, "PROCESS model 1 %s: %.6f vs %.4f\n", kv.key[i] + 2, v, kv.val[i]);
        CHECK(d <= 5e-5 + 1e-12);
        dmax = d > dmax ? d : dmax;
        n++;
    }
    CHECK(n == 60);
    if (m)
        printf("PROCESS model 1 (HC3): F %.4f (PROCESS 1877.8535), R2-change F %.4f (PROCESS "
               "1038.5213); max |d| %.2e over %zu values\n", m->fit->f, m->f_change, dmax, n);
    adx_moderate_free(m);
    kv_free(&kv);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(REF "data/mtcars.csv", NULL, &ds, &e), e);
    refkv_t kv = kv_load(REF "expected/moderate_mtcars.csv");
    CHECK(kv.n > 0);
    static const char *covs[] = {"disp"};
    adx_moderate_options_t o;
    for (int probe = 0; probe < 2 && ds; probe++)
        for (int center = 0; center < 2; center++) {
            adx_moderate_options_init(&o);
            o.probe = probe ? ADX_PROBE_PERCENTILES : ADX_PROBE_MEANSD;
            o.center = center;
            adx_moderate_t *m = NULL;
            CHECK_OK(adx_moderate(ds, "mpg", "hp", "wt", covs, 1, &o, &m, &e), e);
            if (!m)
                continue;
            /* Centring shifts W (and X) but leaves effects and the plot unchanged. */
            double mw = 0, mx = 0;
            if (center) {
                for (size_t i = 0; i < ds->nrows; i++) {
                    mw += ds->vars[adx_dataset_find(ds, "wt")].num[i];
                    mx += ds->vars[adx_dataset_find(ds, "hp")].num[i];
                }
                mw /= (double)ds->nrows;
                mx /= (double)ds->nrows;
            }
            check(&kv, probe ? "mod_pct" : "mod_sd", m, mw, mx);
            adx_moderate_free(m);
        }
    /* HC3 standard errors behind the conditional effects and the J-N boundary. */
    adx_moderate_options_init(&o);
    o.probe = ADX_PROBE_MEANSD; /* the reference probes at mean +-SD */
    o.ols.hc = ADX_HC3;
    adx_moderate_t *mh = NULL;
    if (ds)
        CHECK_OK(adx_moderate(ds, "mpg", "hp", "wt", covs, 1, &o, &mh, &e), e);
    if (mh)
        check(&kv, "mod_hc3", mh, 0, 0);
    adx_moderate_free(mh);
    kv_free(&kv);

    /* Categorical W: hp x factor(cyl), covariate disp. */
    kv = kv_load(REF "expected/moderate_cat.csv");
    CHECK(kv.n > 0);
    adx_moderate_options_init(&o);
    o.probe = ADX_PROBE_MEANSD; /* the plot's X values at mean +-SD */
    o.w_categorical = 1;
    adx_moderate_t *mc = NULL;
    if (ds)
        CHECK_OK(adx_moderate(ds, "mpg", "hp", "cyl", covs, 1, &o, &mc, &e), e);
    if (mc) {
        char key[64];
        CHECK(mc->nw == 3 && mc->fit->p == 7 && mc->njn == 0);
        CHECK(!strcmp(mc->names[5], "hp:cyl6") && !strcmp(mc->wlevels[2], "8"));
        for (size_t j = 0; j < 7; j++) {
            snprintf(key, sizeof key, "modcat.b.%zu", j + 1);
            cmpk(&kv, key, mc->fit->b[j], "b");
            snprintf(key, sizeof key, "modcat.se.%zu", j + 1);
            cmpk(&kv, key, mc->fit->se[j], "se");
        }
        cmpk(&kv, "modcat.r2_change", mc->r2_change, "r2_change");
        cmpk(&kv, "modcat.f_change", mc->f_change, "f_change");
        cmpk(&kv, "modcat.p_change", mc->p_change, "p_change");
        CHECK(mc->df1_change == 2);
        for (int j = 0; j < 3; j++) {
            snprintf(key, sizeof key, "modcat.effect.%d", j + 1);
            cmpk(&kv, key, mc->effect[j], "effect");
            snprintf(key, sizeof key, "modcat.effect_se.%d", j + 1);
            cmpk(&kv, key, mc->effect_se[j], "effect_se");
            snprintf(key, sizeof key, "modcat.effect_p.%d", j + 1);
            cmpk(&kv, key, mc->effect_p[j], "effect_p");
        }
        for (int i = 0; i < 9; i++) {
            snprintf(key, sizeof key, "modcat.plot_yhat.%d", i + 1);
            cmpk(&kv, key, mc->plot_yhat[i], "plot_yhat");
        }
    }
    adx_moderate_free(mc);
    kv_free(&kv);
    kv_report("R moderation (mtcars; continuous and categorical W)");

    /* Bad input: Y with zero variance; X given twice. */
    adx_dataset_t *bad = NULL;
    const char *csv = "y,x,w\n1,1,2\n1,2,1\n1,3,5\n1,4,2\n1,5,3\n1,6,1\n";
    CHECK_OK(adx_read_csv_buffer(csv, strlen(csv), "bad.csv", NULL, &bad, &e), e);
    adx_moderate_t *m = NULL;
    CHECK(adx_moderate(bad, "y", "x", "w", NULL, 0, NULL, &m, &e) == ADX_ECONST);
    CHECK(strstr(e.msg, "zero variance") != NULL);
    CHECK(adx_moderate(bad, "y", "x", "x", NULL, 0, NULL, &m, &e) == ADX_EUSAGE);
    CHECK(m == NULL);
    adx_dataset_free(bad);
    adx_dataset_free(ds);
    test_process_model1();
    TEST_DONE();
}
