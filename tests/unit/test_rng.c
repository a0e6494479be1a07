/* RNG streams: reproducible per (seed, stream), distinct across streams, and the
 * moments of the uniform, integer and normal draws are right. */
#include "ambidex/adx_core.h"
#include "ambidex/adx_rng.h"
#include "testutil.h"

int main(void)
{
    adx_init();
    adx_rng_t a, b;
    adx_rng_init(&a, 42, 7);
    adx_rng_init(&b, 42, 7);
    int same = 1;
    for (int i = 0; i < 1000; i++)
        same &= adx_rng_next(&a) == adx_rng_next(&b);
    CHECK(same);
    adx_rng_init(&a, 42, 7);
    adx_rng_init(&b, 42, 8);
    int equal = 0;
    for (int i = 0; i < 1000; i++)
        equal += adx_rng_next(&a) == adx_rng_next(&b);
    CHECK(equal == 0);

    /* Moments over 200,000 draws: standard errors are ~0.0006 (uniform mean),
     * ~0.0022 (normal mean), ~0.0032 (normal variance); tolerances are ~5 SE. */
    const int n = 200000;
    double su = 0, sn = 0, sn2 = 0;
    size_t counts[6] = {0}, outside = 0;
    adx_rng_init(&a, 2024, 0);
    for (int i = 0; i < n; i++) {
        double u = adx_rng_uniform(&a);
        outside += !(u >= 0 && u < 1);
        su += u;
        double z = adx_rng_normal(&a);
        sn += z;
        sn2 += z * z;
        counts[adx_rng_below(&a, 6)]++;
    }
    CHECK(outside == 0);
    CHECK_CLOSE(su / n, 0.5, 0.003);
    CHECK_CLOSE(sn / n, 0.0, 0.011);
    CHECK_CLOSE(sn2 / n, 1.0, 0.016);
    for (int k = 0; k < 6; k++)
        CHECK_CLOSE((double)counts[k] / n, 1.0 / 6, 0.005);
    TEST_DONE();
}
