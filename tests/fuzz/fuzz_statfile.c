/* libFuzzer harness for the ReadStat-based reader (adx_read_stat) through a
 * temporary file. The first input byte picks the extension (.sav, .por, .dta,
 * .zsav); the rest is the file. ReadStat itself is not instrumented, so this
 * finds bugs in src/io/statfile.c (handlers, label attachment, row growth) and
 * in ReadStat only when they corrupt memory that ASan watches.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ambidex/adx_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *ext[] = {"sav", "por", "dta", "zsav"};
    if (size < 1 || size > 65536)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/adx_fuzz_%ld.%s", (long)getpid(), ext[data[0] % 4]);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    adx_read_options_t o;
    adx_read_options_init(&o);
    adx_dataset_t *ds = NULL;
    adx_errctx_t ctx;
    if (adx_read_stat(path, &o, &ds, &ctx) == ADX_OK) {
        volatile double acc = 0;
        for (size_t j = 0; j < ds->nvars; j++) {
            const adx_variable_t *v = &ds->vars[j];
            for (size_t i = 0; i < ds->nrows; i++) {
                if (v->type == ADX_VAR_NUMERIC)
                    acc += v->num[i];
                else if (v->str[i])
                    acc += (double)strlen(v->str[i]);
            }
            for (size_t k = 0; k < v->n_vlabels; k++)
                acc += (double)strlen(v->vlabels[k].label);
        }
        (void)acc;
    }
    adx_dataset_free(ds);
    remove(path);
    return 0;
}
