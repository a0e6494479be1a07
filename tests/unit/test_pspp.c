/* Cross-check of regress with GNU PSPP 1.6.2's REGRESSION on the statistics both
 * print (tests/reference/regress/make_pspp.R). PSPP prints 14 decimals (Sig. 3). */
#include "ambidex/adx_data.h"
#include "ambidex/adx_regress.h"
#include "refkv.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/"

static void check(const refkv_t *kv, const char *prefix, const char *data, const char *formula)
{
    adx_dataset_t *ds = NULL;
    adx_regress_t *r = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(data, NULL, &ds, &e), e);
    if (ds)
        CHECK_OK(adx_regress(ds, formula, NULL, 0, NULL, &r, &e), e);
    if (!r) {
        adx_dataset_free(ds);
        return;
    }
    const adx_regress_model_t *M = &r->models[0];
    const adx_ols_t *f = M->fit;
    char key[256];
    int found, nfound = 0;
    struct {
        const char *k;
        double v;
    } ms[] = {{"r", M->r},           {"r2", f->r2},         {"adj_r2", f->adj_r2},
              {"se_est", f->sigma},  {"ss_reg", f->ess},    {"ss_res", f->rss},
              {"ss_total", f->tss},  {"f", f->f}};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        snprintf(key, sizeof key, "%s.%s", prefix, ms[i].k);
        double ref = kv_get(kv, key, &found);
        CHECK(found);
        kv_track(ms[i].k, ms[i].v, ref);
        CHECK_CLOSE(ms[i].v, ref, 1e-9);
    }
    for (size_t j = 0; j < M->p; j++) {
        double v[] = {f->b[j],        f->se[j],       M->beta[j],      f->t[j],  f->pvalue[j],
                      f->ci_lower[j], f->ci_upper[j], M->tolerance[j], M->vif[j]};
        static const char *s[] = {"b",        "se",       "beta",      "t",  "p",
                                  "ci_lower", "ci_upper", "tolerance", "vif"};
        for (int i = 0; i < 9; i++) {
            snprintf(key, sizeof key, "%s.%s.%s", prefix, M->names[j], s[i]);
            double ref = kv_get(kv, key, &found);
            if (!found)
                continue;
            nfound++;
            kv_track(s[i], v[i], ref);
            /* Sig. is printed with 3 decimals. */
            CHECK_CLOSE(v[i], ref, i == 4 ? 5e-4 : 1e-9);
        }
    }
    CHECK(nfound >= 7 * (int)M->p - 3);
    adx_regress_free(r);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    refkv_t kv = kv_load(REF "regress/expected/pspp_regress.csv");
    CHECK(kv.n > 0);
    check(&kv, "longley", REF "data/longley.csv",
          "Employed ~ GNP + Population + Unemployed + Armed_Forces");
    check(&kv, "mtcars", REF "regress/data/mtcars.csv", "mpg ~ wt + hp + qsec + disp");
    kv_report("GNU PSPP 1.6.2 REGRESSION (Longley, mtcars)");
    kv_free(&kv);
    TEST_DONE();
}
