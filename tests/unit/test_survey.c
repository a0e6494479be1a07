/* ambidex survey: the XLSForm expression language, form loading, validation, page
 * relevance and HTML escaping, on the example form (examples/alliance-speed-survey). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/survey/survey_db.h"
#include "ambidex/ambidex.h"
#include "testutil.h"

static adx_sform_t *form;
static char *ans[128];

static void set(const char *name, const char *v)
{
    long q = adx__sform_find(form, name);
    CHECK(q >= 0 && q < 128);
    if (q < 0 || q >= 128)
        return;
    free(ans[q]);
    ans[q] = v ? adx__strdup(v) : NULL;
}

/* The truth value of text, with `.` = self. */
static int truth(const char *text, const char *self)
{
    char err[256] = "";
    adx__sx_t *x = adx__sx_parse(text, form, 0, err, sizeof err);
    if (!x) {
        fprintf(stderr, "parse '%s': %s\n", text, err);
        return -1;
    }
    adx__senv_t env = {.form = form, .ans = ans, .self = self};
    int t = adx__sx_true(x, &env);
    adx__sx_free(x);
    return t;
}

static const char *value(const char *text, char *buf, size_t n)
{
    char err[256] = "";
    adx__sx_t *x = adx__sx_parse(text, form, 0, err, sizeof err);
    adx__senv_t env = {.form = form, .ans = ans};
    adx__sx_text(x, &env, buf, n);
    adx__sx_free(x);
    return buf;
}

static const char *parse_error(const char *text)
{
    static char err[256];
    err[0] = 0;
    adx__sx_t *x = adx__sx_parse(text, form, 0, err, sizeof err);
    adx__sx_free(x);
    return x ? "" : err;
}

static void test_expressions(void)
{
    char b[64];
    set("consent", "no");
    set("age", "9");
    set("employees", "10");
    CHECK(truth("${consent} = 'no'", NULL) == 1);
    CHECK(truth("${consent} != \"no\"", NULL) == 0);
    CHECK(truth("${employees} > ${age}", NULL) == 1); /* numeric: 10 > 9, not "10" < "9" */
    CHECK(truth("${screen1} = ''", NULL) == 1);       /* unanswered is '' */
    CHECK(truth("${age} < 10 and not(${consent} = 'yes') or 1 = 0", NULL) == 1);
    CHECK(truth(". >= 1 and . <= 249", "250") == 0);
    CHECK(truth(". >= 1 and . <= 249", "249") == 1);
    CHECK(truth(". > 3", "abc") == 0); /* ordering of text: false */
    CHECK(truth("string-length(.) <= 3", "abcd") == 0);
    set("comments", "a b  c");
    CHECK(truth("selected(${comments}, 'b')", NULL) == 1);
    CHECK(truth("selected(${comments}, 'd')", NULL) == 0);
    CHECK(strcmp(value("count-selected(${comments})", b, sizeof b), "3") == 0);
    CHECK(strcmp(value("if(${age} < 10, 'young', 'old')", b, sizeof b), "young") == 0);
    CHECK(strcmp(value("coalesce(${screen1}, 'none')", b, sizeof b), "none") == 0);
    CHECK(strcmp(value("7 div 2 + 7 mod 2 * -1", b, sizeof b), "2.5") == 0);
    CHECK(strcmp(value("round(2 div 3, 2)", b, sizeof b), "0.67") == 0);
    CHECK(strcmp(value("max(${age}, ${employees}, 3) - min(1, 2)", b, sizeof b), "9") == 0);
    CHECK(strcmp(value("1 div 0", b, sizeof b), "") == 0); /* no NaN in the data */
    CHECK(strcmp(value("int(number('3.9'))", b, sizeof b), "3") == 0);
    CHECK(strstr(parse_error("1 +"), "ends too early") != NULL);
    CHECK(strstr(parse_error("foo(1)"), "unknown function 'foo'") != NULL);
    CHECK(strstr(parse_error("${nope} = 1"), "no question 'nope'") != NULL);
    CHECK(strstr(parse_error("(1 = 1"), "closing ')'") != NULL);
    CHECK(strstr(parse_error("consent = 'no'"), "bare name 'consent'") != NULL);
    CHECK(strstr(parse_error("'open"), "closing quote") != NULL);
    CHECK(strstr(parse_error("1 = 1 2"), "after a complete expression") != NULL);
    CHECK(strstr(parse_error("selected(${consent})"), "wrong number of arguments") != NULL);
}

static void test_form(void)
{
    adx_sform_summary_t s;
    adx_sform_summary(form, &s);
    CHECK(s.pages == 11 && s.languages == 2 && s.screens == 3 && s.attention == 1);
    CHECK(adx__sform_lang(form, "fr") == 1 && adx__sform_lang(form, "Français") == 1);
    CHECK(!adx__sform_rtl(form, 0) && !adx__sform_rtl(form, 1));
    long e = adx__sform_find(form, "employees");
    set("employees", "900");
    const char *m = adx__sform_validate(form, (size_t)e, ans, 1);
    CHECK(m && strstr(m, "1 à 249"));
    set("employees", "4.5");
    m = adx__sform_validate(form, (size_t)e, ans, 0);
    CHECK(m && strstr(m, "whole number"));
    set("employees", NULL);
    m = adx__sform_validate(form, (size_t)e, ans, 0);
    CHECK(m && strstr(m, "requires an answer"));
    long c = adx__sform_find(form, "coord1");
    set("coord1", "8");
    CHECK(adx__sform_validate(form, (size_t)c, ans, 0) != NULL);
    set("coord1", "7");
    CHECK(adx__sform_validate(form, (size_t)c, ans, 0) == NULL);
    /* the knowledge page shows to managers only */
    size_t know = form->q[adx__sform_find(form, "know1")].page;
    set("role", "owner");
    CHECK(!adx__sform_page_relevant(form, know, ans));
    set("role", "manager");
    CHECK(adx__sform_page_relevant(form, know, ans));
}

static void test_escape(void)
{
    adx__sb_t b = {0};
    adx__shtml_esc(&b, "<a href=\"x\">'&'</a>");
    char *s = adx__sb_take(&b);
    CHECK(s && !strcmp(s, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"));
    free(s);
    char *page = adx__shtml_page(form, "tok<", "c\"s", 2, 0, ans, NULL, 0);
    CHECK(page && strstr(page, "action=\"/s/tok&lt;\"") && strstr(page, "value=\"c&quot;s\""));
    CHECK(page && strstr(page, "<fieldset class=\"row n7\""));
    free(page);
}

int main(void)
{
    adx_init();
    adx_errctx_t ctx = {0};
    CHECK_OK(adx_sform_load(ADX_SOURCE_DIR "/examples/alliance-speed-survey/form", &form, &ctx),
             ctx);
    if (form) {
        test_expressions();
        test_form();
        test_escape();
    }
    for (size_t i = 0; i < 128; i++)
        free(ans[i]);
    adx_sform_free(form);
    TEST_DONE();
}
