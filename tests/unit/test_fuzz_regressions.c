/* Regression tests for the inputs that fuzzing (tests/fuzz/) found to crash, hang,
 * leak or give a silently wrong result. One block per finding. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"
#include "ambidex/adx_study.h"
#include "testutil.h"

#include <unistd.h>

static adx_dataset_t *read_buf(const char *s, const adx_read_options_t *o, adx_errctx_t *e,
                               adx_error_t *rc)
{
    adx_dataset_t *ds = NULL;
    *rc = adx_read_csv_buffer(s, strlen(s), "t.csv", o, &ds, e);
    return ds;
}

int main(void)
{
    adx_init();
    adx_errctx_t e = {0};
    adx_error_t rc;
    adx_dataset_t *ds;

    /* CSV: a number beyond DBL_MAX (1e400) used to become +inf silently; it is
     * now a non-numeric cell, so the column is text and analyses name the cell. */
    ds = read_buf("x,y\n1e400,1\n2,-1e999\n3,1e-400\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->vars[0].type == ADX_VAR_STRING);
        CHECK(ds->vars[0].bad_line == 2 && ds->vars[0].bad_col == 1);
        CHECK(ds->vars[1].type == ADX_VAR_STRING);
        CHECK(ds->vars[1].bad_line == 3 && ds->vars[1].bad_col == 2);
    }
    adx_dataset_free(ds);
    ds = read_buf("z\n1e-400\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds)
        CHECK(ds->vars[0].type == ADX_VAR_NUMERIC && ds->vars[0].num[0] == 0.0);
    adx_dataset_free(ds);

    /* CSV: a NUL byte used to cut a header name to "" (and text cells short)
     * silently; it is now an error naming the line and byte. */
    {
        static const char bin[] = "a,b\n1,x\0y\n";
        ds = NULL;
        rc = adx_read_csv_buffer(bin, sizeof bin - 1, "t.csv", NULL, &ds, &e);
        CHECK(rc == ADX_EPARSE && ds == NULL);
        CHECK(strstr(e.msg, "t.csv:2: byte 4") != NULL);
        adx_dataset_free(ds);
    }

    /* CSV writer: a one-column dataset with a missing case was written as a blank
     * line, which reads back without that case; a name holding ';' read back as
     * two columns. Both now survive a write/read round trip. */
    ds = read_buf("\"a;b\"\n1\n\"\"\n3\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->nrows == 3 && ds->nvars == 1 && isnan(ds->vars[0].num[1]));
        char *text = NULL;
        size_t len = 0;
        rc = adx_dataset_to_csv(ds, &text, &len, &e);
        CHECK_OK(rc, e);
        adx_dataset_t *back = NULL;
        if (text)
            rc = adx_read_csv_buffer(text, len, "back.csv", NULL, &back, &e);
        CHECK_OK(rc, e);
        if (back) {
            CHECK(back->nvars == 1 && back->nrows == 3);
            CHECK(strcmp(back->vars[0].name, "a;b") == 0);
            CHECK(back->nrows == 3 && back->vars[0].num[2] == 3 && isnan(back->vars[0].num[1]));
        }
        adx_dataset_free(back);
        free(text);
    }
    adx_dataset_free(ds);

    /* compute/eval: 100000 nested '(' (or '-', or 'not') overflowed the C stack;
     * nesting is now limited to 200 levels with a syntax error. */
    ds = read_buf("x,y\n1,2\n3,4\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        size_t n = 100000;
        char *s = malloc(4 * n + 2);
        if (s) {
            memset(s, '(', n);
            s[n] = 'x';
            memset(s + n + 1, ')', n);
            s[2 * n + 1] = 0;
            double *out = NULL;
            rc = adx_eval(ds, s, &out, &e);
            CHECK(rc == ADX_EUSAGE && strstr(e.msg, "nested too deeply") != NULL);
            CHECK(ds->nvars == 2);
            free(out);
            for (size_t i = 0; i < n; i++)
                memcpy(s + 4 * i, "not ", 4);
            s[4 * n] = 'x';
            s[4 * n + 1] = 0;
            rc = adx_eval(ds, s, &out, &e);
            CHECK(rc == ADX_EUSAGE && strstr(e.msg, "nested too deeply") != NULL);
            free(out);
            /* 150 levels are still fine. */
            memset(s, '(', 150);
            s[150] = 'x';
            memset(s + 151, ')', 150);
            s[301] = 0;
            rc = adx_eval(ds, s, &out, &e);
            CHECK_OK(rc, e);
            if (out)
                CHECK(out[0] == 1 && out[1] == 3);
            free(out);
            free(s);
        }
    }
    adx_dataset_free(ds);

    /* compute: results were +-inf although the evaluator maps non-finite values
     * to missing (x / 0): overflowing products and means, and literals such as
     * 1e999 (now a syntax error). A variable named 'inf' or 'nan' given to a
     * function was read as the number. */
    ds = read_buf("x,inf\n1,5\n2,7\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        rc = adx_compute(ds, "w = x * 1e300 * 1e300", &e);
        CHECK_OK(rc, e);
        long w = adx_dataset_find(ds, "w");
        CHECK(w >= 0 && isnan(ds->vars[w].num[0]) && isnan(ds->vars[w].num[1]));
        rc = adx_compute(ds, "w = sum(x * 1e308, x * 1e308)", &e);
        CHECK_OK(rc, e);
        w = adx_dataset_find(ds, "w");
        CHECK(w >= 0 && isnan(ds->vars[w].num[0]));
        rc = adx_compute(ds, "w = 1e999", &e);
        CHECK(rc == ADX_EUSAGE && strstr(e.msg, "out of range") != NULL);
        rc = adx_compute(ds, "w = abs(1e999)", &e);
        CHECK(rc == ADX_EUSAGE && strstr(e.msg, "out of range") != NULL);
        rc = adx_compute(ds, "w = sum(x, inf)", &e);
        CHECK_OK(rc, e);
        w = adx_dataset_find(ds, "w");
        CHECK(w >= 0 && ds->vars[w].num[0] == 6 && ds->vars[w].num[1] == 9);
        CHECK(ds->nvars == 3);
    }
    adx_dataset_free(ds);

    /* SEM := expressions: 100000 nested '(' or a 100000-term sum overflowed the
     * C stack (parser, evaluator and free all recurse per level); nesting is now
     * limited to 200 levels and a definition to 2000 terms. */
    {
        size_t n = 100000;
        const char *head = "F =~ a + b + c\nd := ";
        size_t k = strlen(head);
        char *s = malloc(k + 2 * n + 2);
        if (s) {
            for (int pass = 0; pass < 2; pass++) {
                memcpy(s, head, k);
                if (pass == 0) {
                    memset(s + k, '(', n);
                    s[k + n] = 'x';
                    memset(s + k + n + 1, ')', n);
                    s[k + 2 * n + 1] = 0;
                } else {
                    for (size_t i = 0; i < n; i++) {
                        s[k + 2 * i] = 'x';
                        s[k + 2 * i + 1] = '+';
                    }
                    s[k + 2 * n] = 'x';
                    s[k + 2 * n + 1] = 0;
                }
                adx_sem_syntax_t *syn = NULL;
                rc = adx_sem_parse(s, "m.lav", &syn, &e);
                CHECK(rc == ADX_EPARSE && syn == NULL);
                CHECK(strstr(e.msg, pass == 0 ? "nested too deeply" : "too long") != NULL);
                CHECK(strncmp(e.msg, "m.lav:2:", 8) == 0);
                adx_sem_syntax_free(syn);
            }
            free(s);
        }
        adx_sem_syntax_t *syn = NULL;
        rc = adx_sem_parse("F =~ a*x1 + b*x2 + x3\nd := ((a*b)) + -(a^2)\n", "m.lav", &syn, &e);
        CHECK_OK(rc, e);
        adx_sem_syntax_free(syn);
    }

    /* SEM syntax: strtod() read "-inf", "-nan" and 1e999 as fixed values, so a
     * model could fix a loading to +-inf or NaN; these are now errors. */
    {
        static const char *bad[] = {"F =~ 1e999*x1 + x2 + x3\n", "F =~ -inf*x1 + x2 + x3\n",
                                    "F =~ x1 + x2 + x3\nx1 ~~ -nan*x1\n"};
        for (size_t i = 0; i < 3; i++) {
            adx_sem_syntax_t *syn = NULL;
            rc = adx_sem_parse(bad[i], "m.lav", &syn, &e);
            CHECK(rc == ADX_EPARSE && syn == NULL && strstr(e.msg, "not a finite") != NULL);
            adx_sem_syntax_free(syn);
        }
    }

    /* Study files: a step starting with quoted text ("" data.csv) gave a step
     * with an empty command, and its raw text dropped the wrong word; it is now
     * an error naming the line. */
    {
        adx_study_t *st = NULL;
        rc = adx_study_parse_buffer("data d.csv\n\"\" x.csv\n", "s.adx", &st, &e);
        CHECK(rc == ADX_EPARSE && st == NULL && strstr(e.msg, "s.adx:2:") != NULL);
        adx_study_free(st);
        st = NULL;
        rc = adx_study_parse_buffer("\"compute A\" = x\n", "s.adx", &st, &e);
        CHECK(rc == ADX_EPARSE && st == NULL && strstr(e.msg, "quoted text") != NULL);
        adx_study_free(st);
        st = NULL;
        rc = adx_study_parse_buffer("title \"T\"\ndata d.csv\n", "s.adx", &st, &e);
        CHECK_OK(rc, e);
        if (st)
            CHECK(st->nsteps == 2 && strcmp(st->steps[0].args[0], "T") == 0);
        adx_study_free(st);
    }

    /* Stata .dta: ReadStat 1.1.8 passes a label-set name that fills its 33-byte
     * field without a NUL; strdup() read past the buffer (ASan heap overflow).
     * The name is now copied with the field width as bound. Input from
     * tests/fuzz/fuzz_statfile.c (format 116, one variable). */
    {
        static const unsigned char dta[] = {
            0x74, 0x01, 0x00, 0x3f, 0x00, 0x02, 0x74, 0x00, 0x00, 0x00, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5,
            0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5,
            0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5,
            0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5,
            0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5, 0xf5,
            0xf5, 0xf5, 0xf5, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98,
            0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98,
            0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98, 0x98,
            0x98, 0x05, 0x00, 0x3c, 0x2f, 0x4b, 0x3e, 0x3c, 0x4e, 0x3e, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x3c, 0x2f, 0x4e, 0x3e, 0x3c, 0x6c, 0x61, 0x62, 0xff, 0x07, 0x65, 0x6c, 0x3e, 0x00,
            0x00, 0x3c, 0x2f, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x3e, 0x3c, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x74,
            0x61, 0x6d, 0x70, 0x3e, 0x11, 0x32, 0x32, 0x20, 0x4e, 0x6f, 0x76, 0x20, 0x32, 0x30, 0x32, 0x36,
            0x20, 0x31, 0x35, 0x3a, 0x31, 0x39, 0x3c, 0x2f, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x74, 0x61, 0x6d,
            0x70, 0x3e, 0x3c, 0x2f, 0x68, 0x65, 0x61, 0x64, 0x65, 0x72, 0x3e, 0x3c, 0x6d, 0x61, 0x70, 0x3e,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x38,
            0x2f, 0x32, 0x30, 0x32, 0x36, 0x31, 0x31, 0x32, 0x32, 0x36, 0x2f, 0x31, 0x35, 0x31, 0x0d, 0x0a,
            0x39, 0x33, 0x36, 0x31, 0x45, 0x2f, 0x47, 0x4e, 0x55, 0x20, 0x70, 0x73, 0x70, 0x70, 0x20, 0x31,
            0x2e, 0x36, 0x2e, 0x35, 0x2f, 0x31, 0x2f, 0x34, 0x2f, 0x44, 0x2f, 0x6d, 0x61, 0x6e, 0x75, 0x66,
            0x61, 0x63, 0x74, 0x75, 0x72, 0x69, 0x6e, 0x67, 0x38, 0x2f, 0x36, 0x2f, 0x32, 0x2f, 0x36, 0x2f,
            0x44, 0x2f, 0x74, 0x72, 0x61, 0x64, 0x65, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x31,
            0x41, 0x30, 0x2f, 0x37, 0x2f, 0x31, 0x2f, 0x20, 0x67, 0x72, 0x6f, 0x77, 0x74, 0x68, 0x20, 0x76,
            0x73, 0x20, 0x63, 0x6f, 0x6d, 0x70, 0x0d, 0x0a, 0x65, 0x74, 0x69, 0x74, 0x6f, 0x72, 0x73, 0x37,
            0x44, 0x2f, 0x36, 0x2f, 0x53, 0x45, 0x43, 0x54, 0x4f, 0x52, 0x31, 0x2f, 0x44, 0x2f, 0x30, 0x2f,
            0x31, 0x2f, 0x44, 0x2f, 0x30, 0x2f, 0x37, 0x30, 0x2f, 0x34, 0x2f, 0x53, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x3c, 0x73, 0x74,
            0x61, 0x74, 0x61, 0x5f, 0x64, 0x74, 0x61, 0x3e, 0x3c, 0x68, 0x65, 0x61, 0x64, 0x65, 0x72, 0x3e,
            0x3c, 0x72, 0x65, 0x6c, 0x65, 0x61, 0x73, 0x65, 0x3e, 0x31, 0x32, 0x30, 0x3c, 0x2f, 0x72, 0x65,
            0x6c, 0x65, 0x61, 0x73, 0x65, 0x3e, 0x3c, 0x62, 0x79, 0x74, 0x65, 0x6f, 0x72, 0x64, 0x65, 0x72,
            0x3e, 0x4c, 0x53, 0x46, 0x3c, 0x2f, 0x62, 0x79, 0x74, 0x65, 0x6f, 0x72, 0x94, 0x9a, 0x8d, 0xc1,
            0xc3, 0xb4, 0xc1, 0xfa, 0x00, 0x3c, 0x2f, 0x4b, 0x3e, 0x3c, 0x4e, 0x3e, 0x0c, 0x00,
        };
        char path[64];
        snprintf(path, sizeof path, "/tmp/adx_fuzzreg_%ld.dta", (long)getpid());
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (f) {
            fwrite(dta, 1, sizeof dta, f);
            fclose(f);
            ds = NULL;
            rc = adx_read_stat(path, NULL, &ds, &e);
            CHECK(rc != ADX_OK || ds != NULL);
            adx_dataset_free(ds);
            remove(path);
        }
    }

    /* eval: a string literal longer than 255 characters was cut to 255, so
     * s == "<300 characters>" was true for a cell holding only the first 255. */
    {
        char csv[400], expr[400];
        memset(csv, 0, sizeof csv);
        strcpy(csv, "s\n");
        memset(csv + 2, 'a', 255);
        strcat(csv, "\n");
        ds = read_buf(csv, NULL, &e, &rc);
        CHECK_OK(rc, e);
        if (ds) {
            strcpy(expr, "s == \"");
            size_t k = strlen(expr);
            memset(expr + k, 'a', 300);
            strcpy(expr + k + 300, "\"");
            double *out = NULL;
            rc = adx_eval(ds, expr, &out, &e);
            CHECK_OK(rc, e);
            if (out)
                CHECK(out[0] == 0);
            free(out);
        }
        adx_dataset_free(ds);
    }

    TEST_DONE();
}
