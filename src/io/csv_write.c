/* Writes a dataset as CSV: header row, numbers in the shortest form that reads
 * back to the same double, missing as an empty cell, text quoted when needed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_data.h"

typedef struct {
    char *s;
    size_t len, cap;
} buf_t;

static int put(buf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
    return 0;
}

static int put_field(buf_t *b, const char *s)
{
    /* Quote ';' and tab too: the reader detects the separator from the header,
     * so an unquoted "a;b" name would read back as two columns. */
    if (!strpbrk(s, ",;\t\"\n\r"))
        return put(b, s, strlen(s));
    int rc = put(b, "\"", 1);
    for (; *s && !rc; s++)
        rc = *s == '"' ? put(b, "\"\"", 2) : put(b, s, 1);
    return rc ? rc : put(b, "\"", 1);
}

adx_error_t adx_dataset_to_csv(const adx_dataset_t *ds, char **out, size_t *len,
                               adx_errctx_t *ctx)
{
    buf_t b = {0};
    int rc = 0;
    for (size_t j = 0; j < ds->nvars && !rc; j++) {
        if (j)
            rc = put(&b, ",", 1);
        if (!rc)
            rc = put_field(&b, ds->vars[j].name);
    }
    if (!rc)
        rc = put(&b, "\n", 1);
    char num[40];
    for (size_t i = 0; i < ds->nrows && !rc; i++) {
        for (size_t j = 0; j < ds->nvars && !rc; j++) {
            const adx_variable_t *v = &ds->vars[j];
            if (j)
                rc = put(&b, ",", 1);
            if (rc)
                break;
            int missing = v->type == ADX_VAR_STRING ? !v->str[i] : isnan(v->num[i]) != 0;
            if (missing) {
                /* With one column an empty cell is a blank line, which the reader
                 * skips: write "" so that the case is kept. */
                if (ds->nvars == 1)
                    rc = put(&b, "\"\"", 2);
            } else if (v->type == ADX_VAR_STRING) {
                rc = put_field(&b, v->str[i]);
            } else {
                snprintf(num, sizeof num, "%.15g", v->num[i]);
                if (strtod(num, NULL) != v->num[i])
                    snprintf(num, sizeof num, "%.17g", v->num[i]);
                rc = put(&b, num, strlen(num));
            }
        }
        if (!rc)
            rc = put(&b, "\n", 1);
    }
    if (rc) {
        free(b.s);
        return adx_oom(ctx);
    }
    *out = b.s;
    *len = b.len;
    return ADX_OK;
}
