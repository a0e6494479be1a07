/* Writes a dataset as CSV: header row, numbers in the shortest form that reads
 * back to the same double, missing as an empty cell, text quoted when needed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"

static void put_field(adx__sb_t *b, const char *s)
{
    /* Quote ';' and tab too: the reader detects the separator from the header,
     * so an unquoted "a;b" name would read back as two columns. */
    if (!strpbrk(s, ",;\t\"\n\r")) {
        adx__sb_str(b, s);
        return;
    }
    adx__sb_char(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            adx__sb_char(b, '"'); /* doubled */
        adx__sb_char(b, *s);
    }
    adx__sb_char(b, '"');
}

static void put_cell(adx__sb_t *b, const adx_dataset_t *ds, const adx_variable_t *v, size_t i)
{
    int missing = v->type == ADX_VAR_STRING ? !v->str[i] : isnan(v->num[i]) != 0;
    if (missing) {
        /* With one column an empty cell is a blank line, which the reader
         * skips: write "" so that the case is kept. */
        if (ds->nvars == 1)
            adx__sb_str(b, "\"\"");
    } else if (v->type == ADX_VAR_STRING) {
        put_field(b, v->str[i]);
    } else {
        char num[40];
        snprintf(num, sizeof num, "%.15g", v->num[i]);
        if (strtod(num, NULL) != v->num[i])
            snprintf(num, sizeof num, "%.17g", v->num[i]);
        adx__sb_str(b, num);
    }
}

adx_error_t adx_dataset_to_csv(const adx_dataset_t *ds, char **out, size_t *len,
                               adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    for (size_t j = 0; j < ds->nvars; j++) {
        if (j)
            adx__sb_char(&b, ',');
        put_field(&b, ds->vars[j].name);
    }
    adx__sb_char(&b, '\n');
    for (size_t i = 0; i < ds->nrows && !b.oom; i++) {
        for (size_t j = 0; j < ds->nvars; j++) {
            if (j)
                adx__sb_char(&b, ',');
            put_cell(&b, ds, &ds->vars[j], i);
        }
        adx__sb_char(&b, '\n');
    }
    size_t n = b.len;
    if (!(*out = adx__sb_take(&b)))
        return adx_oom(ctx);
    *len = n;
    return ADX_OK;
}
