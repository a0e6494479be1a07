/* Every public header in one translation unit, through the umbrella header: they
 * must not clash (adx_probe_t was once defined twice). tests/cli/test_headers.sh
 * checks that the umbrella lists every header and that each compiles alone. */
#include "ambidex/ambidex.h"
#include "testutil.h"

int main(void)
{
    adx_init();
    /* One function from each layer links. */
    CHECK(adx_format_parse("json") == ADX_FMT_JSON);
    CHECK(strcmp(adx_stars(0.004), "**") == 0);
    CHECK(strcmp(adx_rotate_name(ADX_ROTATE_VARIMAX), "varimax") == 0);
    adx_mediate_options_t mo;
    adx_moderate_options_t ro;
    adx_mediate_options_init(&mo);
    adx_moderate_options_init(&ro);
    CHECK(mo.probe == ADX_PROBE_PERCENTILES && ro.probe == ADX_PROBE_PERCENTILES);
    TEST_DONE();
}
