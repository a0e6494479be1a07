/* Transforms and the compute expression language, cell formatting. Expected values
 * are computed by hand from the small data in the test. */
#include "ambidex/adx_data.h"
#include "ambidex/adx_report.h"
#include "testutil.h"

/* adx_dataset_complete and adx_dataset_matrix, the one complete-case (listwise)
 * rule: the cases complete on the requested variables, in order; string
 * variables and (for the matrix) no complete case are errors that name the
 * problem. */
static void test_dataset_matrix(void)
{
    const char *csv = "a,b,g,c\n1,7,x,\n2,,y,1\n3,5,z,\n4,4,,\n";
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    adx_matrix_t *m = NULL;
    CHECK_OK(adx_read_csv_buffer(csv, strlen(csv), "t.csv", NULL, &ds, &e), e);
    if (!ds)
        return;
    size_t ab[] = {0, 1}, ba[] = {1, 0}, ag[] = {0, 2}, bc[] = {1, 3};
    CHECK_OK(adx_dataset_matrix(ds, ab, 2, &m, &e), e);
    CHECK(m && m->rows == 3 && m->cols == 2);
    if (m) { /* rows 1, 3, 4: a = 1, 3, 4; b = 7, 5, 4 */
        CHECK(ADX_M(m, 0, 0) == 1 && ADX_M(m, 1, 0) == 3 && ADX_M(m, 2, 0) == 4);
        CHECK(ADX_M(m, 0, 1) == 7 && ADX_M(m, 1, 1) == 5 && ADX_M(m, 2, 1) == 4);
    }
    adx_matrix_free(m);
    CHECK_OK(adx_dataset_matrix(ds, ba, 2, &m, &e), e); /* columns in the order asked */
    CHECK(m && m->rows == 3 && ADX_M(m, 0, 0) == 7 && ADX_M(m, 0, 1) == 1);
    adx_matrix_free(m);
    CHECK(adx_dataset_matrix(ds, ag, 2, &m, &e) == ADX_ETYPE && !m);
    CHECK(strstr(e.msg, "'g'") != NULL);
    CHECK(adx_dataset_matrix(ds, bc, 2, &m, &e) == ADX_EEMPTY && !m);
    CHECK(strstr(e.msg, "no case is complete") != NULL);
    size_t bad[] = {0, 9};
    CHECK(adx_dataset_matrix(ds, bad, 2, &m, &e) == ADX_EUSAGE && !m);
    /* The mask behind it: no copy, and no complete case is not an error. */
    unsigned char mask[4];
    size_t n = 99;
    CHECK_OK(adx_dataset_complete(ds, ab, 2, mask, &n, &e), e);
    CHECK(n == 3 && mask[0] && !mask[1] && mask[2] && mask[3]);
    CHECK_OK(adx_dataset_complete(ds, bc, 2, mask, &n, &e), e);
    CHECK(n == 0 && !mask[0] && !mask[1] && !mask[2] && !mask[3]);
    CHECK(adx_dataset_complete(ds, ag, 2, mask, &n, &e) == ADX_ETYPE);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    test_dataset_matrix();
    const char *csv = "a,b,c,d\n1,7,2,4\n2,6,,1\n3,5,4,2\n4,4,6,3\n";
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    CHECK_OK(adx_read_csv_buffer(csv, strlen(csv), "t.csv", NULL, &ds, &e), e);
    if (!ds)
        TEST_DONE();
    CHECK_OK(adx_compute(ds, "m = mean(a, b, c)", &e), e);
    CHECK_OK(adx_compute(ds, "s = sum(a, b)", &e), e);
    CHECK_OK(adx_compute(ds, "r = rev(b, 1, 7)", &e), e);
    CHECK_OK(adx_compute(ds, "ca = center(a)", &e), e);
    CHECK_OK(adx_compute(ds, "z = z(a)", &e), e);
    CHECK_OK(adx_compute(ds, "p = center(a) * center(d)", &e), e);
    CHECK_OK(adx_compute(ds, "l = log(a)", &e), e);
    CHECK_OK(adx_compute(ds, "bal = abs(a - b)", &e), e);
    CHECK_OK(adx_compute(ds, "e = -(a + 1) / 2 * 3", &e), e);
    CHECK_OK(adx_compute(ds, "rd = round(l * 100) + round(2.345, 2) + round(exp(0), 0)", &e), e);
    long m = adx_dataset_find(ds, "m"), s = adx_dataset_find(ds, "s"),
         r = adx_dataset_find(ds, "r"), ca = adx_dataset_find(ds, "ca"),
         z = adx_dataset_find(ds, "z"), p = adx_dataset_find(ds, "p"),
         l = adx_dataset_find(ds, "l"), bal = adx_dataset_find(ds, "bal"),
         ex = adx_dataset_find(ds, "e");
    CHECK(ds->nvars == 14); /* temporaries are gone */
    CHECK_CLOSE(ds->vars[m].num[0], 10.0 / 3, 1e-15);
    CHECK(isnan(ds->vars[m].num[1])); /* an item missing -> composite missing */
    CHECK(ds->vars[s].num[1] == 8);
    CHECK(ds->vars[r].num[0] == 1 && ds->vars[r].num[3] == 4);
    CHECK(ds->vars[ca].num[0] == -1.5);
    /* sd(1:4) = sqrt(5/3) */
    CHECK_CLOSE(ds->vars[z].num[3], 1.5 / sqrt(5.0 / 3), 1e-15);
    /* mean(d) = 2.5: (1-2.5)(4-2.5) = -2.25 */
    CHECK(ds->vars[p].num[0] == -2.25);
    CHECK_CLOSE(ds->vars[l].num[2], log(3.0), 1e-15);
    CHECK(ds->vars[bal].num[0] == 6);
    CHECK(ds->vars[ex].num[0] == -3);
    /* round(100 ln 3) = 110; round(x, 2) = round(100 x) / 100; exp(0) = 1. */
    long rd = adx_dataset_find(ds, "rd");
    CHECK(ds->vars[rd].num[2] == 110 + round(2.345 * 100) / 100 + 1);

    /* Replacing a variable; errors carry the position or the case. */
    CHECK_OK(adx_compute(ds, "a = a * 10", &e), e);
    CHECK(ds->vars[0].num[3] == 40);
    CHECK(adx_compute(ds, "x = mean(a,", &e) == ADX_EUSAGE);
    CHECK(adx_compute(ds, "x = nosuch + 1", &e) == ADX_ENOVAR);
    CHECK(adx_compute(ds, "= a", &e) == ADX_EUSAGE);
    CHECK(adx_compute(ds, "x = rev(b, 1, 5)", &e) == ADX_EDOMAIN && strstr(e.msg, "case 1"));
    CHECK(adx_compute(ds, "x = log(a - 10)", &e) == ADX_EDOMAIN && strstr(e.msg, "case 1"));
    CHECK(ds->nvars == 14);
    adx_dataset_free(ds);

    /* Conditions: comparisons, three-valued and/or/not, missing(), percentages;
     * keeping cases; deep copies. */
    const char *csv2 = "x,y,z\n1,5,\n2,6,1\n3,,1\n4,8,0\n";
    CHECK_OK(adx_read_csv_buffer(csv2, strlen(csv2), "c.csv", NULL, &ds, &e), e);
    if (ds) {
        double *v = NULL;
        CHECK_OK(adx_eval(ds, "x >= 2 and y != 8", &v, &e), e);
        if (v)
            CHECK(v[0] == 0 && v[1] == 1 && isnan(v[2]) && v[3] == 0);
        free(v);
        CHECK_OK(adx_eval(ds, "x == 1 or y > 100", &v, &e), e);
        if (v) /* true or missing = true; false or missing = missing */
            CHECK(v[0] == 1 && v[1] == 0 && isnan(v[2]) && v[3] == 0);
        free(v);
        CHECK_OK(adx_eval(ds, "missing(x, y, z) > 30%", &v, &e), e);
        if (v)
            CHECK(v[0] == 1 && v[1] == 0 && v[2] == 1 && v[3] == 0);
        free(v);
        CHECK_OK(adx_eval(ds, "not (z = 1)", &v, &e), e);
        if (v)
            CHECK(isnan(v[0]) && v[1] == 0 && v[3] == 1);
        free(v);
        CHECK(adx_eval(ds, "x >", &v, &e) == ADX_EUSAGE && strstr(e.msg, "column 4"));
        CHECK(adx_compute(ds, "w = (x +", &e) == ADX_EUSAGE && strstr(e.msg, "column 9"));
        adx_dataset_t *cp = adx_dataset_copy(ds);
        CHECK(cp && cp->nrows == 4 && cp->nvars == 3);
        unsigned char keep[4] = {1, 0, 1, 0};
        CHECK_OK(adx_dataset_keep(ds, keep, &e), e);
        CHECK(ds->nrows == 2 && ds->vars[0].num[1] == 3 && isnan(ds->vars[1].num[1]));
        if (cp)
            CHECK(cp->vars[0].num[1] == 2); /* the copy is independent */
        adx_dataset_free(cp);
        adx_dataset_free(ds);
    }

    /* Cell formats: 3 decimals, p as <.001, no "-0.000", stars. */
    char buf[64];
    adx_cell_t c = {ADX_CELL_NUM, ADX_NUM_P, -1, 0.0004, NULL};
    adx_cell_format(&c, 3, buf, sizeof buf);
    CHECK(strcmp(buf, "<.001") == 0);
    c.value = 0.0456;
    adx_cell_format(&c, 3, buf, sizeof buf);
    CHECK(strcmp(buf, ".046") == 0);
    c.fmt = ADX_NUM_FIXED;
    c.value = -0.0001;
    adx_cell_format(&c, 3, buf, sizeof buf);
    CHECK(strcmp(buf, "0.000") == 0);
    c.value = NAN;
    adx_cell_format(&c, 3, buf, sizeof buf);
    CHECK(strcmp(buf, "") == 0);
    CHECK(strcmp(adx_stars(0.0009), "***") == 0 && strcmp(adx_stars(0.009), "**") == 0 &&
          strcmp(adx_stars(0.049), "*") == 0 && strcmp(adx_stars(0.07), "\xE2\x80\xA0") == 0 &&
          strcmp(adx_stars(0.2), "") == 0);
    TEST_DONE();
}
