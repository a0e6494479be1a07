/* SPSS .sav/.zsav/.por and Stata .dta fixtures written by R haven 2.5.1 and GNU
 * PSPP 1.6.2 (tests/reference/make_sav.R; expected contents in
 * tests/reference/expected/labelled.md, read back by haven): variable labels,
 * value labels, user-missing codes, system-missing values and strings survive. */
#include <ctype.h>

#include "ambidex/adx_data.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/data/"

static const adx_variable_t *var(const adx_dataset_t *ds, const char *name)
{
    /* Portable files hold upper-case names. */
    for (size_t j = 0; j < ds->nvars; j++) {
        const char *a = ds->vars[j].name, *b = name;
        while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b))
            a++, b++;
        if (!*a && !*b)
            return &ds->vars[j];
    }
    return NULL;
}

static void check_file(const char *path, int user_missing_defined)
{
    static const double perf1[] = {5, 3, NAN, 7, 4, 6, 2, NAN, 1, 5, 4, 6};
    static const double size[] = {12, 250, 45, NAN, 8, 1200, 30, 75, 500, 16, 3, 60};
    static const double gender[] = {1, 2, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1};
    static const char *sector[] = {"manufacturing", "services", "trade", "services",
                                   "manufacturing", "trade", "services", "manufacturing",
                                   "trade", "services", "manufacturing", "services"};
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    if (!ds)
        return;
    CHECK(ds->nrows == 12 && ds->nvars == 5);
    const adx_variable_t *g = var(ds, "gender"), *p = var(ds, "perf1"), *s = var(ds, "sector"),
                         *z = var(ds, "size"), *id = var(ds, "id");
    CHECK(g && p && s && z && id);
    if (!g || !p || !s || !z || !id)
        goto done;
    CHECK(id->label == NULL);
    CHECK(g->label && strcmp(g->label, "Respondent gender") == 0);
    CHECK(p->label && strcmp(p->label, "Sales growth vs competitors") == 0);
    CHECK(g->n_vlabels == 2);
    for (size_t k = 0; k < g->n_vlabels; k++)
        CHECK((g->vlabels[k].value == 1 && strcmp(g->vlabels[k].label, "male") == 0) ||
              (g->vlabels[k].value == 2 && strcmp(g->vlabels[k].label, "female") == 0));
    if (user_missing_defined)
        CHECK(p->n_missing_codes == 1 && p->missing_codes[0] == -99);
    else
        CHECK(p->n_missing_codes == 0);
    CHECK(s->type == ADX_VAR_STRING);
    for (size_t i = 0; i < 12; i++) {
        CHECK(id->num[i] == (double)(i + 1));
        CHECK(g->num[i] == gender[i]);
        CHECK((isnan(perf1[i]) && isnan(p->num[i])) || p->num[i] == perf1[i]);
        CHECK((isnan(size[i]) && isnan(z->num[i])) || z->num[i] == size[i]);
        CHECK(s->str[i] && strcmp(s->str[i], sector[i]) == 0);
    }
done:
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    check_file(REF "labelled.sav", 1);
    check_file(REF "labelled.zsav", 1);
    check_file(REF "labelled.por", 1);
    check_file(REF "labelled.dta", 0);

    /* Bad input: an unknown extension goes to the CSV reader; a CSV renamed .sav is
     * rejected with the file name. */
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    CHECK(adx_read_stat(ADX_SOURCE_DIR "/tests/reference/data/longley.csv", NULL, &ds, &e) ==
          ADX_EUNSUPPORTED);
    CHECK(adx_read_file(ADX_SOURCE_DIR "/no/such/file.sav", NULL, &ds, &e) != ADX_OK);
    CHECK(strstr(e.msg, "file.sav") != NULL);
    TEST_DONE();
}
