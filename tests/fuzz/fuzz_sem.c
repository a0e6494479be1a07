/* libFuzzer harness for the lavaan syntax parser (adx_sem_parse) and the model
 * builder (adx_sem_build) on its output. The first byte picks std.lv
 * identification (bit 0); the rest (cut at the first NUL) is the model text.
 * Besides sanitizer reports, the harness checks that every statement has an lhs
 * and rhs and that fixed values are finite, and reads every name of a built model.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_sem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t ctx;
    if (adx_sem_parse(text, "fuzz.lav", &syn, &ctx) == ADX_OK) {
        for (size_t i = 0; i < syn->n; i++)
            if (!syn->items[i].lhs || !syn->items[i].rhs ||
                (syn->items[i].has_value && !isfinite(syn->items[i].value))) {
                fprintf(stderr, "statement %zu without lhs or rhs, or non-finite value\n", i);
                abort();
            }
        adx_sem_options_t opt;
        adx_sem_options_init(&opt);
        opt.std_lv = data[0] & 1;
        adx_sem_t *m = NULL;
        if (adx_sem_build(syn, &opt, &m, &ctx) == ADX_OK) {
            volatile size_t acc = 0;
            for (size_t k = 0; k < m->p + m->m; k++)
                acc += strlen(m->names[k]);
            (void)acc;
        }
        adx_sem_free(m);
    }
    adx_sem_syntax_free(syn);
    free(text);
    return 0;
}
