/* adx_regress.h and adx_mediate.h in one translation unit (they once defined two
 * different adx_probe_t), one probe type with one default in both _init functions,
 * and the same simple-moderation model probed at the same W by both analyses:
 * moderate and mediate --model 1 (PROCESS model 1), with both probe rules. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_mediate.h"
#include "ambidex/adx_regress.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/regress/"

int main(void)
{
    adx_init();
    adx_moderate_options_t mo;
    adx_mediate_options_t eo;
    adx_moderate_options_init(&mo);
    adx_mediate_options_init(&eo);
    CHECK(mo.probe == ADX_PROBE_PERCENTILES && eo.probe == ADX_PROBE_PERCENTILES);
    CHECK(mo.ols.hc == ADX_HC_NONE && eo.hc == ADX_HC_NONE);
    CHECK(mo.ols.ci_level == 0.95 && eo.ci_level == 0.95);

    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(REF "data/mtcars.csv", NULL, &ds, &e), e);
    size_t v[3];
    const char *names[3] = {"hp", "mpg", "wt"};
    if (ds)
        CHECK_OK(adx_dataset_lookup(ds, names, 3, 1, v, &e), e);
    for (int rule = 0; ds && rule < 2; rule++) {
        adx_probe_t probe = rule ? ADX_PROBE_MEANSD : ADX_PROBE_PERCENTILES;
        mo.probe = eo.probe = probe;
        eo.model = 1;
        eo.boot = 0;
        adx_mediate_spec_t spec = {v[0], v[1], NULL, 0, NULL, 0, (long)v[2]};
        adx_moderate_t *m = NULL;
        adx_mediate_t *r = NULL;
        CHECK_OK(adx_moderate(ds, "mpg", "hp", "wt", NULL, 0, &mo, &m, &e), e);
        CHECK_OK(adx_mediate(ds, &spec, &eo, &r, &e), e);
        if (m && r) {
            CHECK(r->nprobe == 3 && r->ndirect == 3);
            for (size_t j = 0; j < 3; j++) {
                CHECK_CLOSE(m->wv[j], r->probes[j], 1e-12);
                CHECK_CLOSE(m->effect[j], r->direct[j].effect, 1e-10);
                CHECK_CLOSE(m->effect_se[j], r->direct[j].se, 1e-10);
            }
            CHECK_CLOSE(m->r2_change, r->r2chng, 1e-10);
        }
        adx_moderate_free(m);
        adx_mediate_free(r);
    }
    adx_dataset_free(ds);
    TEST_DONE();
}
