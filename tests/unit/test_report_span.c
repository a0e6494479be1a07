/* Row groups shown as spanning rows (adx_table_set_rowgroup_style, ADX_ROWGROUP_SPAN):
 * every text format puts each group's label in a row of its own above the group's rows
 * (seed 003's Table 2: a construct's line above its items); CSV, data only, repeats the
 * label in a leading column instead. Word and PDF: tests/cli/test_figures.sh. */
#include "ambidex/ambidex.h"
#include "testutil.h"

/* A two-group table: "A (α = .82)" over items a1, a2; "B (α = .75)" over b1. */
static adx_report_t *span_report(adx_rowgroup_style_t style)
{
    static const char *cols[] = {"Item", "Loading"};
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = adx_table_alloc("Loadings", 2, cols);
    if (!r || !t) {
        adx_table_free(t);
        adx_report_free(r);
        return NULL;
    }
    const char *groups[] = {"A (\xCE\xB1 = .82)", "B (\xCE\xB1 = .75)"};
    const char *items[][2] = {{"a1", "a2"}, {"b1", NULL}};
    const double v[][2] = {{0.81, 0.77}, {0.7, 0}};
    for (size_t g = 0; g < 2; g++) {
        adx_table_begin_rowgroup(t, "Construct", groups[g]);
        for (size_t i = 0; i < 2 && items[g][i]; i++) {
            size_t k = adx_table_add_row(t);
            adx_table_set_text(t, k, 0, items[g][i]);
            adx_table_set_num(t, k, 1, v[g][i], ADX_NUM_FIXED, 2, NULL);
        }
    }
    adx_table_set_rowgroup_style(t, style);
    adx_report_add_table(r, t);
    return r;
}

static char *render(const adx_report_t *r, adx_format_t f)
{
    char *out = NULL;
    size_t len = 0;
    adx_errctx_t ctx = {0};
    CHECK_OK(adx_report_render(r, f, &out, &len, &ctx), ctx);
    return out;
}

/* Whether s holds the lines (or pieces) in order. */
static int in_order(const char *s, const char *const *parts, size_t n)
{
    for (size_t k = 0; s && k < n; k++) {
        const char *p = strstr(s, parts[k]);
        if (!p)
            return 0;
        s = p + strlen(parts[k]);
    }
    return s != NULL;
}

int main(void)
{
    adx_init();
    adx_report_t *r = span_report(ADX_ROWGROUP_SPAN);
    CHECK(r != NULL);
    if (!r)
        TEST_DONE();
    char *s = render(r, ADX_FMT_TEXT);
    /* The label alone on its line, the items indented under it; no group column. */
    static const char *const text[] = {"\n  Item  Loading\n", "\nA (\xCE\xB1 = .82)\n  a1       0.81\n  a2       0.77\n",
                                       "B (\xCE\xB1 = .75)\n  b1       0.70\n"};
    CHECK(in_order(s, text, 3));
    if (!in_order(s, text, 3))
        fprintf(stderr, "text: [%s]\n", s);
    CHECK(s && !strstr(s, "Construct"));
    free(s);
    s = render(r, ADX_FMT_HTML);
    static const char *const html[] = {
        "<tr><td colspan=\"2\" class=\"s\">A (\xCE\xB1 = .82)</td></tr>\n<tr><td>a1</td>",
        "<td>a2</td>", "<tr><td colspan=\"2\" class=\"s\">B (\xCE\xB1 = .75)</td></tr>\n<tr><td>b1</td>"};
    CHECK(in_order(s, html, 3));
    free(s);
    s = render(r, ADX_FMT_MD);
    static const char *const md[] = {"| Item | Loading |\n", "| *A (\xCE\xB1 = .82)* | |\n| a1 | 0.81 |\n",
                                     "| *B (\xCE\xB1 = .75)* | |\n| b1 | 0.70 |\n"};
    CHECK(in_order(s, md, 3));
    free(s);
    s = render(r, ADX_FMT_LATEX);
    static const char *const tex[] = {"\\begin{tabular}{lr}",
                                      "\\multicolumn{2}{l}{\\textit{A (\xCE\xB1 = .82)}} \\\\\na1 & 0.81",
                                      "\\multicolumn{2}{l}{\\textit{B (\xCE\xB1 = .75)}} \\\\\nb1 & 0.70"};
    CHECK(in_order(s, tex, 3));
    free(s);
    s = render(r, ADX_FMT_CSV); /* data only: the label on every row of its group */
    CHECK(s && !strcmp(s, "Construct,Item,Loading\nA (\xCE\xB1 = .82),a1,0.81\n"
                          "A (\xCE\xB1 = .82),a2,0.77\nB (\xCE\xB1 = .75),b1,0.70\n"));
    if (s && strcmp(s, "Construct,Item,Loading\nA (\xCE\xB1 = .82),a1,0.81\n"
                       "A (\xCE\xB1 = .82),a2,0.77\nB (\xCE\xB1 = .75),b1,0.70\n"))
        fprintf(stderr, "csv: [%s]\n", s);
    free(s);
    adx_report_free(r);
    /* The default style keeps the group column, the label on the group's first row. */
    r = span_report(ADX_ROWGROUP_COLUMN);
    s = r ? render(r, ADX_FMT_CSV) : NULL;
    CHECK(s && !strcmp(s, "Construct,Item,Loading\nA (\xCE\xB1 = .82),a1,0.81\n,a2,0.77\n"
                          "B (\xCE\xB1 = .75),b1,0.70\n"));
    free(s);
    s = r ? render(r, ADX_FMT_HTML) : NULL;
    CHECK(s && !strstr(s, "class=\"s\"") && strstr(s, "<td>A (\xCE\xB1 = .82)</td>"));
    free(s);
    adx_report_free(r);
    /* APA: the loadings of a component matrix (columns C1, C2) lose their leading zero as
     * its communalities do (they kept it). */
    static const char *mcols[] = {"Item", "C1", "Communality"};
    r = adx_report_alloc();
    adx_table_t *t = adx_table_alloc("Component matrix", 3, mcols);
    if (r && t) {
        size_t k = adx_table_add_row(t);
        adx_table_set_text(t, k, 0, "perf1");
        adx_table_set_num(t, k, 1, -0.879, ADX_NUM_FIXED, 3, NULL);
        adx_table_set_num(t, k, 2, 0.772, ADX_NUM_FIXED, 3, NULL);
        adx_report_add_table(r, t);
        s = render(r, ADX_FMT_HTML);
        CHECK(s && strstr(s, "<td>perf1</td><td>-.879</td><td>.772</td>"));
        free(s);
    } else {
        adx_table_free(t);
    }
    adx_report_free(r);
    TEST_DONE();
}
