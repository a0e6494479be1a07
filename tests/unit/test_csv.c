/* CSV reader: delimiters, quoting, CRLF, BOM, missing codes, string columns, errors. */
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
    adx_init();
    adx_errctx_t e = {0};
    adx_error_t rc;
    adx_dataset_t *ds;

    /* Comma, CRLF, BOM, empty cell, quoted field with separator and doubled quote. */
    ds = read_buf("\xEF\xBB\xBFid,x,name\r\n1,2.5,\"a,b\"\r\n2,,\"say \"\"hi\"\"\"\r\n3,-1e-3,c\r\n",
                  NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->nrows == 3 && ds->nvars == 3);
        CHECK(strcmp(ds->vars[0].name, "id") == 0);
        CHECK(ds->vars[1].type == ADX_VAR_NUMERIC);
        CHECK(ds->vars[1].num[0] == 2.5);
        CHECK(isnan(ds->vars[1].num[1]));
        CHECK(ds->vars[1].num[2] == -1e-3);
        CHECK(ds->vars[2].type == ADX_VAR_STRING);
        CHECK(strcmp(ds->vars[2].str[0], "a,b") == 0);
        CHECK(strcmp(ds->vars[2].str[1], "say \"hi\"") == 0);
        CHECK(ds->vars[2].bad_line == 2 && ds->vars[2].bad_col == 3);
    }
    adx_dataset_free(ds);

    /* Semicolon detected; decimal comma; tab detected. */
    adx_read_options_t o;
    adx_read_options_init(&o);
    o.decimal = ',';
    ds = read_buf("a;b\n1,5;2\n3;4,25\n", &o, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->vars[0].num[0] == 1.5 && ds->vars[1].num[1] == 4.25);
    }
    adx_dataset_free(ds);
    ds = read_buf("a\tb\n1\t2\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds)
        CHECK(ds->nvars == 2 && ds->vars[1].num[0] == 2);
    adx_dataset_free(ds);

    /* User-missing codes; NA and "." are missing; blank lines skipped. */
    double na[] = {-99, 999};
    adx_read_options_init(&o);
    o.na_codes = na;
    o.n_na_codes = 2;
    ds = read_buf("x,y\n-99,1\n\n5,NA\n999,.\n", &o, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        CHECK(ds->nrows == 3);
        CHECK(isnan(ds->vars[0].num[0]) && ds->vars[0].num[1] == 5 && isnan(ds->vars[0].num[2]));
        CHECK(isnan(ds->vars[1].num[1]) && isnan(ds->vars[1].num[2]));
        CHECK(ds->vars[0].n_missing_codes == 2);
    }
    adx_dataset_free(ds);

    /* Exact parsing: fast path and slow path agree with strtod. */
    const char *nums[] = {"0.1", "123456789012345678", "1e-300", "2.2250738585072014e-308",
                          "3.141592653589793238462643", "-0", "1E5", "+7.5"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "v\n%s\n", nums[i]);
        ds = read_buf(buf, NULL, &e, &rc);
        CHECK_OK(rc, e);
        if (ds)
            CHECK(ds->vars[0].num[0] == strtod(nums[i], NULL));
        adx_dataset_free(ds);
    }

    /* Errors: ragged rows, unclosed quote, empty file, empty header name, duplicate. */
    ds = read_buf("a,b\n1,2\n3\n", NULL, &e, &rc);
    CHECK(rc == ADX_EPARSE && ds == NULL && strstr(e.msg, "t.csv:3:") != NULL);
    ds = read_buf("a,b\n1,2,3\n", NULL, &e, &rc);
    CHECK(rc == ADX_EPARSE && strstr(e.msg, "t.csv:2: column 3") != NULL);
    ds = read_buf("a,b\n1,\"2\n", NULL, &e, &rc);
    CHECK(rc == ADX_EPARSE && strstr(e.msg, "never closed") != NULL);
    ds = read_buf("", NULL, &e, &rc);
    CHECK(rc == ADX_EEMPTY);
    ds = read_buf("a,b\n", NULL, &e, &rc);
    CHECK(rc == ADX_EEMPTY);
    ds = read_buf("a,,c\n1,2,3\n", NULL, &e, &rc);
    CHECK(rc == ADX_EPARSE && strstr(e.msg, "column 2") != NULL);
    ds = read_buf("a,a\n1,2\n", NULL, &e, &rc);
    CHECK(rc == ADX_EPARSE && strstr(e.msg, "duplicate") != NULL);

    /* Lookup: suggestion for a typo; string variable in a numeric analysis names
     * the cell. */
    ds = read_buf("perf1,sector\n1,a\n2,b\n", NULL, &e, &rc);
    CHECK_OK(rc, e);
    if (ds) {
        size_t idx[1];
        const char *nm = "perf";
        CHECK(adx_dataset_lookup(ds, &nm, 1, 1, idx, &e) == ADX_ENOVAR);
        CHECK(strstr(e.msg, "did you mean 'perf1'") != NULL);
        nm = "sector";
        CHECK(adx_dataset_lookup(ds, &nm, 1, 1, idx, &e) == ADX_ETYPE);
        CHECK(strstr(e.msg, "t.csv:2: column 2 'sector'") != NULL);
    }
    adx_dataset_free(ds);
    TEST_DONE();
}
