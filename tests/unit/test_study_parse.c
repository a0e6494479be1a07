/* Study-file parser: tokens, quotes with escapes, { blocks }, continuation lines
 * (also right after a word), comments, and the raw text kept for expressions. */
#include "ambidex/adx_study.h"
#include "testutil.h"

int main(void)
{
    adx_init();
    adx_errctx_t e = {0};
    adx_study_t *s = NULL;
    const char *text = "title \"A \\\"quoted\\\" title\"  # comment\n"
                       "data d.csv missing -99\n"
                       "compute X = a +\\\n  b   # continued after a word\n"
                       "keep if name == \"x \\\" # y\" and z > 1\n"
                       "cfa { F =~ a + b\n  G =~ c + d } --validity\n";
    CHECK_OK(adx_study_parse_buffer(text, "s.adx", &s, &e), e);
    if (s) {
        CHECK(s->nsteps == 5);
        CHECK(strcmp(s->steps[0].command, "title") == 0 && s->steps[0].nargs == 1 &&
              strcmp(s->steps[0].args[0], "A \"quoted\" title") == 0);
        CHECK(s->steps[1].nargs == 3 && strcmp(s->steps[1].args[2], "-99") == 0);
        CHECK(s->steps[2].line == 3 && strcmp(s->steps[2].text, "X = a + b") == 0);
        CHECK(s->steps[2].nargs == 5 && strcmp(s->steps[2].args[2], "a") == 0 &&
              strcmp(s->steps[2].args[3], "+") == 0 && strcmp(s->steps[2].args[4], "b") == 0);
        /* The escaped quote keeps '#' inside the string: the condition is intact. */
        CHECK(strcmp(s->steps[3].text, "if name == \"x \\\" # y\" and z > 1") == 0);
        CHECK(s->steps[4].line == 6 && s->steps[4].nargs == 2 && s->steps[4].is_block[0] &&
              strstr(s->steps[4].args[0], "G =~ c + d") && !s->steps[4].is_block[1]);
    }
    adx_study_free(s);
    s = NULL;
    CHECK(adx_study_parse_buffer("data d.csv\ncfa { F =~ a\n", "e.adx", &s, &e) == ADX_EPARSE);
    CHECK(strstr(e.msg, "e.adx:2: column 5") != NULL);
    CHECK(adx_study_parse_buffer("title \"open\n", "e.adx", &s, &e) == ADX_EPARSE);
    CHECK(adx_study_parse_buffer("# only a comment\n\n", "e.adx", &s, &e) == ADX_EEMPTY);
    TEST_DONE();
}
