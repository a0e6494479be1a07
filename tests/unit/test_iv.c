/* Two-stage least squares against R (AER::ivreg plus the first and second stages,
 * control-function Wu-Hausman and Sargan written out in make_regress.R). */
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/regress/"

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
    CHECK_CLOSE(v, ref, 1e-8);
}

static char key[128];
#define K(fmt, ...) (snprintf(key, sizeof key, fmt, __VA_ARGS__), key)

int main(void)
{
    adx_init();
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(REF "data/iv.csv", NULL, &ds, &e), e);
    kv = kv_load(REF "expected/iv.csv");
    CHECK(kv.n > 0);
    adx_iv_t *r = NULL;
    if (ds)
        CHECK_OK(adx_iv(ds, "y ~ c1 | x ~ z1 + z2 + z3", 0.95, &r, &e), e);
    if (r) {
        CHECK(r->p == 3 && !strcmp(r->names[1], "x") && !strcmp(r->names[2], "c1"));
        for (size_t j = 0; j < 3; j++) {
            cmpk(K("iv.b.%zu", j + 1), r->b[j], "b");
            cmpk(K("iv.se.%zu", j + 1), r->se[j], "se");
            cmpk(K("iv.t.%zu", j + 1), r->t[j], "t");
            cmpk(K("iv.p.%zu", j + 1), r->pvalue[j], "p");
        }
        cmpk("iv.sigma", r->sigma, "sigma");
        cmpk("iv.n", (double)r->n, "n");
        cmpk("iv.first.r2", r->first_r2[0], "first_r2");
        cmpk("iv.first.partial_r2", r->first_partial_r2[0], "first_partial_r2");
        double fs[] = {r->first_f[0], r->first_df1[0], r->first_df2[0], r->first_p[0]};
        double wh[] = {r->wh_f, r->wh_df1, r->wh_df2, r->wh_p};
        for (int i = 0; i < 4; i++) {
            cmpk(K("iv.first.f.%d", i + 1), fs[i], "first_f");
            cmpk(K("iv.wu_hausman.%d", i + 1), wh[i], "wu_hausman");
        }
        double du[] = {r->durbin, r->durbin_df, r->durbin_p};
        double sa[] = {r->sargan, r->sargan_df, r->sargan_p};
        for (int i = 0; i < 3; i++) {
            cmpk(K("iv.durbin.%d", i + 1), du[i], "durbin");
            cmpk(K("iv.sargan.%d", i + 1), sa[i], "sargan");
        }
        CHECK(r->stock_yogo == 22.30);
    }
    adx_iv_free(r);
    kv_report("R two-stage least squares");
    /* Bad input: fewer instruments than endogenous regressors; malformed model. */
    r = NULL;
    CHECK(adx_iv(ds, "y ~ c1 | x + z1 ~ z2", 0.95, &r, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "2 endogenous regressor(s) but 1 excluded instrument(s)") != NULL);
    CHECK(adx_iv(ds, "y ~ c1 + x", 0.95, &r, &e) == ADX_EUSAGE);
    CHECK(adx_iv(ds, "y ~ c1 | x ~ z1 + c1", 0.95, &r, &e) == ADX_EUSAGE);
    CHECK(r == NULL);
    kv_free(&kv);
    adx_dataset_free(ds);
    TEST_DONE();
}
