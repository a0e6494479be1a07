/* libFuzzer harness for the CSV reader (adx_read_csv_buffer).
 *
 * The first input byte picks the mode; the rest is the CSV text:
 *   mode % 4 == 0: default options (separator detected, '.' decimal mark);
 *   mode % 4 == 1: sep ';', decimal ',', NA codes -99 and 999;
 *   mode % 4 == 2: sep 0 (detected), decimal ',';
 *   mode % 4 == 3: differential check of the number parser: the rest is turned
 *                  into one cell of [0-9.eE+-] and read bare, quoted and padded
 *                  with spaces; the three reads must agree with each other and
 *                  with strtod() when strtod() takes the whole text.
 * Any crash, leak, sanitizer report or abort() in mode 3 is a finding.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_data.h"

static int read_one(const char *text, size_t n, double *v)
{
    adx_read_options_t o;
    adx_read_options_init(&o);
    adx_dataset_t *ds = NULL;
    adx_errctx_t ctx;
    adx_error_t rc = adx_read_csv_buffer(text, n, "fuzz.csv", &o, &ds, &ctx);
    int numeric = 0;
    if (rc == ADX_OK && ds->nvars == 1 && ds->nrows == 1 &&
        ds->vars[0].type == ADX_VAR_NUMERIC) {
        *v = ds->vars[0].num[0];
        numeric = 1;
    }
    adx_dataset_free(ds);
    return numeric;
}

static int same(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

static void number_check(const uint8_t *data, size_t size)
{
    static const char alpha[] = "0123456789.eE+-0000";
    char tok[64];
    size_t n = 0;
    for (size_t i = 0; i < size && n < sizeof tok - 1; i++)
        tok[n++] = alpha[data[i] % (sizeof alpha - 1)];
    tok[n] = 0;
    if (n == 0)
        return;
    char a[128], b[128], c[128];
    int na = snprintf(a, sizeof a, "x\n%s\n", tok);
    int nb = snprintf(b, sizeof b, "x\n\"%s\"\n", tok);
    int nc = snprintf(c, sizeof c, "x\n %s \n", tok);
    double va = 0, vb = 0, vc = 0;
    int ka = read_one(a, (size_t)na, &va);
    int kb = read_one(b, (size_t)nb, &vb);
    int kc = read_one(c, (size_t)nc, &vc);
    if (ka != kb || ka != kc || (ka && (!same(va, vb) || !same(va, vc)))) {
        fprintf(stderr, "mismatch on '%s': bare %d %.17g quoted %d %.17g padded %d %.17g\n",
                tok, ka, va, kb, vb, kc, vc);
        abort();
    }
    char *end;
    double s = strtod(tok, &end);
    if (*end == 0 && ka && !same(s, va)) {
        fprintf(stderr, "'%s': reader %.17g, strtod %.17g\n", tok, va, s);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0] % 4;
    data++;
    size--;
    if (mode == 3) {
        number_check(data, size);
        return 0;
    }
    static const double na[] = {-99, 999};
    adx_read_options_t o;
    adx_read_options_init(&o);
    if (mode == 1) {
        o.sep = ';';
        o.decimal = ',';
        o.na_codes = na;
        o.n_na_codes = 2;
    } else if (mode == 2) {
        o.decimal = ',';
    }
    adx_dataset_t *ds = NULL;
    adx_errctx_t ctx;
    adx_error_t rc = adx_read_csv_buffer((const char *)data, size, "fuzz.csv", &o, &ds, &ctx);
    if (rc == ADX_OK) {
        /* Touch every cell so that ASan sees any short allocation. */
        volatile double acc = 0;
        for (size_t j = 0; j < ds->nvars; j++)
            for (size_t i = 0; i < ds->nrows; i++) {
                if (ds->vars[j].type == ADX_VAR_NUMERIC)
                    acc += ds->vars[j].num[i];
                else if (ds->vars[j].str[i])
                    acc += (double)strlen(ds->vars[j].str[i]);
            }
        (void)acc;
        /* Round trip: writing and reading back must keep every numeric column. */
        char *csv = NULL;
        size_t clen = 0;
        adx_errctx_t c2;
        if (adx_dataset_to_csv(ds, &csv, &clen, &c2) == ADX_OK) {
            adx_dataset_t *back = NULL;
            adx_error_t rc2 = adx_read_csv_buffer(csv, clen, "back.csv", NULL, &back, &c2);
            if (rc2 != ADX_OK) {
                fprintf(stderr, "round trip failed: %s\n---\n%s---\n", c2.msg, csv);
                abort();
            }
            if (back->nvars != ds->nvars || back->nrows != ds->nrows) {
                fprintf(stderr, "round trip shape %zux%zu -> %zux%zu\n", ds->nrows,
                        ds->nvars, back->nrows, back->nvars);
                abort();
            }
            for (size_t j = 0; j < ds->nvars; j++) {
                if (strcmp(ds->vars[j].name, back->vars[j].name) != 0) {
                    fprintf(stderr, "round trip name '%s' -> '%s'\n", ds->vars[j].name,
                            back->vars[j].name);
                    abort();
                }
                if (ds->vars[j].type != ADX_VAR_NUMERIC)
                    continue;
                int all_missing = 1;
                for (size_t i = 0; i < ds->nrows; i++)
                    all_missing &= isnan(ds->vars[j].num[i]) != 0;
                if (back->vars[j].type != ADX_VAR_NUMERIC) {
                    fprintf(stderr, "round trip: column %zu became text\n", j + 1);
                    abort();
                }
                for (size_t i = 0; i < ds->nrows; i++)
                    if (!same(ds->vars[j].num[i], back->vars[j].num[i]) &&
                        !(isnan(ds->vars[j].num[i]) && isnan(back->vars[j].num[i]))) {
                        fprintf(stderr, "round trip (%zu,%zu): %.17g -> %.17g\n", i + 1,
                                j + 1, ds->vars[j].num[i], back->vars[j].num[i]);
                        abort();
                    }
                (void)all_missing;
            }
            adx_dataset_free(back);
            free(csv);
        }
    }
    adx_dataset_free(ds);
    return 0;
}
