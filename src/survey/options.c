/* The option and result helpers of the survey API that the CLI calls directly: they
 * stay out of the on-demand module (src/ext), so that filling options loads nothing. */
#include <stdlib.h>

#include "ambidex/adx_survey.h"

void adx_survey_serve_options_init(adx_survey_serve_options_t *o)
{
    *o = (adx_survey_serve_options_t){.bind = "127.0.0.1", .port = 8080, .threads = 4,
                                      .rate = 20, .burst = 100, .max_body = 65536,
                                      .max_conn = 1024, .sync_full = 1};
}

void adx_survey_invite_init(adx_survey_invite_t *o)
{
    *o = (adx_survey_invite_t){.url = "http://127.0.0.1:8080", .wave = 1};
}

void adx_survey_status_free(adx_survey_status_t *s)
{
    free(s->usable_by_wave);
    s->usable_by_wave = NULL;
}
