/* libFuzzer harness for the expression and condition evaluator (adx_compute,
 * adx_eval) on a small fixed dataset read from CSV.
 *
 * The first input byte picks the call (even: adx_compute "NAME = ...", odd:
 * adx_eval); the rest is the text (cut at the first NUL). Besides sanitizer
 * reports, the harness aborts if a failed call leaves variables behind, if a
 * successful adx_compute does not add or replace exactly one variable, or if a
 * result holds +-inf (the evaluator promises missing instead).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_data.h"

static const char data_csv[] = "x,y,z,s,g\n"
                               "1,2,0.5,a,1\n"
                               "2,,1.5,b,2\n"
                               "3,4,-1,,1\n"
                               "4,5,2,\"c d\",2\n"
                               ",1,3,a,1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    int mode = data[0] & 1;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;

    adx_dataset_t *ds = NULL;
    adx_errctx_t ctx;
    if (adx_read_csv_buffer(data_csv, sizeof data_csv - 1, "fixed.csv", NULL, &ds, &ctx))
        abort();
    size_t nv = ds->nvars;
    if (mode == 0) {
        adx_error_t rc = adx_compute(ds, text, &ctx);
        if (rc != ADX_OK && ds->nvars != nv) {
            fprintf(stderr, "failed compute left %zu variables (had %zu)\n", ds->nvars, nv);
            abort();
        }
        if (rc == ADX_OK) {
            if (ds->nvars != nv && ds->nvars != nv + 1) {
                fprintf(stderr, "compute added %zu variables\n", ds->nvars - nv);
                abort();
            }
            const adx_variable_t *v = &ds->vars[ds->nvars - 1];
            for (size_t i = 0; ds->nvars == nv + 1 && i < ds->nrows; i++)
                if (isinf(v->num[i])) {
                    fprintf(stderr, "compute gave inf in case %zu\n", i + 1);
                    abort();
                }
        }
    } else {
        double *out = NULL;
        adx_error_t rc = adx_eval(ds, text, &out, &ctx);
        if (ds->nvars != nv) {
            fprintf(stderr, "eval changed the variable count %zu -> %zu\n", nv, ds->nvars);
            abort();
        }
        if (rc == ADX_OK)
            for (size_t i = 0; i < ds->nrows; i++)
                if (isinf(out[i])) {
                    fprintf(stderr, "eval gave inf in case %zu\n", i + 1);
                    abort();
                }
        free(out);
    }
    adx_dataset_free(ds);
    free(text);
    return 0;
}
