/* libFuzzer harness for the study-file parser (adx_study_parse_buffer). The input
 * (cut at the first NUL) is the study text. Besides sanitizer reports, the
 * harness checks what the parser promises: every step has a command, steps are
 * in line order, every argument is a string and is_block is 0 or 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    adx_study_t *s = NULL;
    adx_errctx_t ctx;
    adx_error_t rc = adx_study_parse_buffer(text, "fuzz/study.adx", &s, &ctx);
    if (rc == ADX_OK) {
        size_t prev = 0;
        for (size_t i = 0; i < s->nsteps; i++) {
            const adx_study_step_t *st = &s->steps[i];
            if (!st->command || !*st->command || st->line < prev || st->line == 0) {
                fprintf(stderr, "step %zu: bad command or line %zu\n", i, st->line);
                abort();
            }
            prev = st->line;
            volatile size_t acc = strlen(st->command) + (st->text ? strlen(st->text) : 0);
            for (size_t a = 0; a < st->nargs; a++) {
                if (!st->args[a] || (st->is_block && st->is_block[a] != 0 && st->is_block[a] != 1)) {
                    fprintf(stderr, "step %zu: bad argument %zu\n", i, a);
                    abort();
                }
                acc += strlen(st->args[a]);
            }
            (void)acc;
        }
    } else if (s) {
        fprintf(stderr, "error return with a study\n");
        abort();
    }
    adx_study_free(s);
    free(text);
    return 0;
}
