/* Regression tests for the inputs that fuzzing (tests/fuzz/) found to crash, hang,
 * leak or give a silently wrong result. One block per finding. */
#include "ambidex/adx_data.h"
#include "testutil.h"

static adx_dataset_t *read_buf(const char *s, const adx_read_options_t *o, adx_errctx_t *e,
                               adx_error_t *rc)
{
    adx_dataset_t *ds = NULL;
    *rc = adx_read_csv_buffer(s, strlen(s), "t.csv", o, &ds, e);
    return ds;
}

int main(void)
{
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

    TEST_DONE();
}
