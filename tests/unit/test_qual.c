/* Qualitative projects: markup parser, project validation, analyses and
 * inter-coder agreement against tests/reference (make_agree.R) and the
 * published examples (Krippendorff's reliability data, alpha = 0.743; Fleiss'
 * worked example, kappa = 0.210). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_qual.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference"

static double maxdiff = 0;

static void track(double a, double b)
{
    if (!isnan(a) && !isnan(b) && fabs(a - b) > maxdiff)
        maxdiff = fabs(a - b);
}

/* Column j of an expected CSV row (numbers; "NA" -> NaN). */
static double num(const adx_dataset_t *ds, const char *col, size_t row)
{
    long j = adx_dataset_find(ds, col);
    if (j < 0)
        return -999;
    return ds->vars[j].num[row];
}

static const char *str(const adx_dataset_t *ds, const char *col, size_t row)
{
    long j = adx_dataset_find(ds, col);
    return j < 0 || ds->vars[j].type != ADX_VAR_STRING ? "" : ds->vars[j].str[row];
}

static void test_stats(void)
{
    adx_errctx_t e;
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    const double na[] = {0};
    (void)na;
    adx_dataset_t *ex = NULL;
    CHECK_OK(adx_read_csv(REF "/expected/agree.csv", &ro, &ex, &e), e);
    if (!ex)
        return;
    for (size_t r = 0; r < ex->nrows; r++) {
        char path[512];
        snprintf(path, sizeof path, REF "/data/agree_%s.csv", str(ex, "dataset", r));
        adx_dataset_t *ds = NULL;
        CHECK_OK(adx_read_csv(path, &ro, &ds, &e), e);
        if (!ds)
            continue;
        size_t n = ds->nrows, m = ds->nvars;
        double *x = malloc(n * m * sizeof *x);
        for (size_t c = 0; c < m; c++)
            for (size_t u = 0; u < n; u++)
                x[u + c * n] = ds->vars[c].num[u];
        adx_agree_stats_t s;
        CHECK_OK(adx_agree_stats(x, n, m, &s, &e), e);
        CHECK(s.units == (size_t)num(ex, "units", r));
        CHECK(s.complete == (size_t)num(ex, "complete", r));
        CHECK(s.pairable == (size_t)num(ex, "pairable", r));
        CHECK_CLOSE(s.percent, num(ex, "percent", r), 1e-12);
        CHECK_CLOSE(s.cohen, num(ex, "cohen", r), 1e-12);
        CHECK_CLOSE(s.fleiss, num(ex, "fleiss", r), 1e-12);
        CHECK_CLOSE(s.alpha, num(ex, "alpha", r), 1e-12);
        track(s.percent, num(ex, "percent", r));
        track(s.cohen, num(ex, "cohen", r));
        track(s.fleiss, num(ex, "fleiss", r));
        track(s.alpha, num(ex, "alpha", r));
        /* Published values, to the 3 decimals they were published with. */
        if (!strcmp(str(ex, "dataset", r), "kripp"))
            CHECK(fabs(s.alpha - 0.743) < 0.0005);
        if (!strcmp(str(ex, "dataset", r), "fleiss"))
            CHECK(fabs(s.fleiss - 0.210) < 0.0005);
        free(x);
        adx_dataset_free(ds);
    }
    adx_dataset_free(ex);
    /* Fewer than two coders is a usage error. */
    double one[3] = {1, 2, 3};
    adx_agree_stats_t s;
    CHECK(adx_agree_stats(one, 3, 1, &s, &e) == ADX_EUSAGE);
}

static void test_example_agreement(void)
{
    adx_errctx_t e;
    adx_qproject_t *p = NULL;
    CHECK_OK(adx_qproject_load(ADX_SOURCE_DIR "/examples/vse-ambidexterity", &p, &e), e);
    if (!p)
        return;
    adx_qagree_options_t o;
    adx_qagree_options_init(&o);
    adx_qagree_t *a = NULL, *aall = NULL, *aline = NULL;
    CHECK_OK(adx_qagree(p, &o, &a, &e), e);
    o.unit = ADX_UNIT_LINE;
    CHECK_OK(adx_qagree(p, &o, &aline, &e), e);
    o.unit = ADX_UNIT_PARAGRAPH;
    o.all_units = 1;
    CHECK_OK(adx_qagree(p, &o, &aall, &e), e);
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ex = NULL;
    CHECK_OK(adx_read_csv(REF "/expected/qual_vse_agree.csv", &ro, &ex, &e), e);
    if (!a || !aall || !aline || !ex)
        goto done;
    size_t matched = 0;
    for (size_t r = 0; r < ex->nrows; r++) {
        int doc = !strcmp(str(ex, "level", r), "document");
        const char *lv = str(ex, "level", r);
        const adx_qagree_t *ag = !strcmp(lv, "unit_all") ? aall : !strcmp(lv, "line") ? aline : a;
        const char *code = str(ex, "code", r);
        const adx_agree_stats_t *s = NULL;
        if (!strcmp(code, "(overall)"))
            s = doc ? &ag->doc_overall : &ag->overall;
        else
            for (size_t i = 0; i < ag->k; i++)
                if (!strcmp(p->codes[ag->code[i]].name, code))
                    s = doc ? &ag->doc_by_code[i] : &ag->by_code[i];
        CHECK(s != NULL);
        if (!s)
            continue;
        matched++;
        CHECK(s->units == (size_t)num(ex, "units", r));
        CHECK(s->complete == (size_t)num(ex, "complete", r));
        CHECK_CLOSE(s->percent, num(ex, "percent", r), 1e-12);
        CHECK_CLOSE(s->cohen, num(ex, "cohen", r), 1e-12);
        CHECK_CLOSE(s->fleiss, num(ex, "fleiss", r), 1e-12);
        CHECK_CLOSE(s->alpha, num(ex, "alpha", r), 1e-12);
        track(s->percent, num(ex, "percent", r));
        track(s->cohen, num(ex, "cohen", r));
        track(s->fleiss, num(ex, "fleiss", r));
        track(s->alpha, num(ex, "alpha", r));
    }
    /* Every leaf code (and the overall row): paragraphs, documents, all
     * paragraphs, lines. */
    CHECK(matched == 4 * (a->k + 1));
    /* Counting uncoded paragraphs as agreement raises percent agreement (the
     * NVivo-style inflation the default avoids). */
    CHECK(aall->overall.percent > a->overall.percent);
done:
    adx_dataset_free(ex);
    adx_qagree_free(a);
    adx_qagree_free(aall);
    adx_qagree_free(aline);
    adx_qproject_free(p);
}

static void test_markup(void)
{
    adx_errctx_t e;
    adx_qmarkup_t *m = NULL;
    /* Nested segments, two codes on one brace, a memo, escapes and UTF-8. */
    const char *src = "Caf\xC3\xA9 {a, b # why: x {c: y\xC3\xA9} z} \\{lit\\} end";
    CHECK_OK(adx_qmarkup_parse(src, strlen(src), "t.md", &m, &e), e);
    if (m) {
        CHECK(!strcmp(m->text, "Caf\xC3\xA9 x y\xC3\xA9 z {lit} end"));
        CHECK(m->nchars == 21);
        CHECK(m->nsegs == 3);
        if (m->nsegs == 3) {
            CHECK(!strcmp(m->codes[0], "a") && !strcmp(m->codes[1], "b") &&
                  !strcmp(m->codes[2], "c"));
            /* "x yé z" starts at code point 5 and ends at 11; "yé" is 7..9. */
            CHECK(m->start[0] == 5 && m->end[0] == 11);
            CHECK(m->start[1] == 5 && m->end[1] == 11);
            CHECK(m->start[2] == 7 && m->end[2] == 9);
            CHECK(m->memo[0] && !strcmp(m->memo[0], "why"));
            CHECK(m->memo[1] && !strcmp(m->memo[1], "why"));
            CHECK(m->memo[2] == NULL);
            CHECK(m->line[1] == 1 && m->col[0] == 7 && m->col[1] == 10);
        }
        adx_qmarkup_free(m);
        m = NULL;
    }
    struct {
        const char *src, *msg;
    } bad[] = {
        {"ok\nline {a: never closed", "t.md:2: column 6: '{' is never closed"},
        {"one } two", "t.md:1: column 5: '}' closes no coded segment"},
        {"x {a b c} y", "t.md:1: column 3: '{' opens a coded segment but no ':'"},
        {"x {a,,b: t}", "t.md:1: column 6: empty code name"},
        {"x {a:}", "t.md:1: column 3: the coded segment opened here is empty"},
        {"{a: one\n{b: two}", "t.md:1: column 1: '{' is never closed"},
        /* An empty name after a code with a memo (was a double free). */
        {"x {a, # m: t}", "t.md:1: column 7: empty code name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.msg[0] = 0;
        CHECK(adx_qmarkup_parse(bad[i].src, strlen(bad[i].src), "t.md", &m, &e) == ADX_EPARSE);
        CHECK(m == NULL);
        if (!strstr(e.msg, bad[i].msg)) {
            fprintf(stderr, "markup case %zu: got '%s'\n", i, e.msg);
            CHECK(0);
        }
    }
}

/* ---- small projects written to a temporary folder --------------------- */

static char tmpdir[256];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *s = path + strlen(tmpdir) + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(path, 0755);
            *s = '/';
        }
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void rm_rf(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void fresh_project(void)
{
    rm_rf();
    mkdir(tmpdir, 0755);
    put("codebook.csv", "code,parent,definition\nT,,theme\nC,T,category\nx,C,code x\ny,C,code y\n"
                        "z,T,code z\n");
    put("cases.csv", "case,sector,size\nA,food,3\nB,crafts,5\nC1,food,\n");
    put("coding/k1/A.md", "{x: one two} three\n\n{y: four {z: five}}\n");
    put("coding/k1/B.md", "alpha {x: beta}\n");
    put("transcripts/C1.md", "nothing coded here\n");
}

/* Loads tmpdir expecting failure with a message containing want. */
static void expect_load_error(const char *want)
{
    adx_errctx_t e;
    e.msg[0] = 0;
    adx_qproject_t *p = NULL;
    adx_error_t rc = adx_qproject_load(tmpdir, &p, &e);
    CHECK(rc != ADX_OK);
    CHECK(p == NULL);
    if (!strstr(e.msg, want)) {
        fprintf(stderr, "expected '%s' in '%s'\n", want, e.msg);
        CHECK(0);
    }
    adx_qproject_free(p);
}

static void test_project(void)
{
    adx_errctx_t e;
    fresh_project();
    adx_qproject_t *p = NULL;
    CHECK_OK(adx_qproject_load(tmpdir, &p, &e), e);
    if (!p)
        return;
    CHECK(p->ncodes == 5 && p->ncases == 3 && p->ncoders == 1 && p->nsegs == 4);
    CHECK(p->codes[0].depth == 0 && p->codes[1].depth == 1 && p->codes[2].depth == 2);
    /* Frequencies with roll-up: T has all 4 segments in 2 cases. Words: union
     * of coded text; for T in A: "one two" + "four five" = 4, in B: 1. */
    adx_qsel_t s;
    adx_qsel_init(&s);
    adx_qfreq_t *f = NULL;
    CHECK_OK(adx_qfreq(p, &s, &f, &e), e);
    if (f) {
        CHECK(f->k == 5 && f->code[0] == 0);
        CHECK(f->segments[0] == 4 && f->cases[0] == 2 && f->words[0] == 5);
        /* Tree order: T, C, x, y, z. */
        CHECK(f->code[1] == 1 && f->code[2] == 2 && f->code[3] == 3 && f->code[4] == 4);
        CHECK(f->segments[2] == 2 && f->cases[2] == 2 && f->words[2] == 3);
        CHECK(f->segments[4] == 1 && f->words[4] == 1);
    }
    adx_qfreq_free(f);
    s.level = 2;
    adx_qmatrix_t *m = NULL;
    CHECK_OK(adx_qmatrix(p, &s, &m, &e), e);
    if (m) {
        CHECK(m->k == 2); /* x and y are at depth 2; z is at depth 1 */
        CHECK(m->count[0] == 1 && m->count[1] == 1 && m->count[2] == 1 && m->count[3] == 0 &&
              m->count[4] == 0 && m->count[5] == 0);
        adx_dataset_t *ds = NULL;
        CHECK_OK(adx_qmatrix_dataset(p, m, 1, &ds, &e), e);
        char *csv = NULL;
        size_t len = 0;
        if (ds)
            CHECK_OK(adx_dataset_to_csv(ds, &csv, &len, &e), e);
        CHECK(csv && !strcmp(csv, "case,x,y\nA,1,1\nB,1,0\nC1,0,0\n"));
        free(csv);
        adx_dataset_free(ds);
    }
    adx_qmatrix_free(m);
    s.level = ADX_QLEVEL_LEAF;
    adx_qcooc_t *c = NULL;
    CHECK_OK(adx_qcooc(p, &s, &c, &e), e);
    if (c) {
        /* Leaves x, y, z: y and z overlap once in A; x and y: both in A (1),
         * either in A or B (2). */
        CHECK(c->k == 3);
        CHECK(c->overlaps[1 * 3 + 2] == 1 && c->overlaps[0 * 3 + 1] == 0);
        CHECK_CLOSE(c->jaccard[0 * 3 + 1], 0.5, 1e-15);
        CHECK_CLOSE(c->jaccard[1 * 3 + 2], 1.0, 1e-15);
    }
    adx_qcooc_free(c);
    adx_qcross_t *x = NULL;
    CHECK_OK(adx_qcross(p, &s, "sector", &x, &e), e);
    if (x) {
        CHECK(x->ngroups == 2 && !strcmp(x->groups[0], "food"));
        CHECK(x->group_n[0] == 2 && x->cases[0 * 2 + 0] == 1 && x->cases[0 * 2 + 1] == 1);
    }
    adx_qcross_free(x);
    CHECK(adx_qcross(p, &s, "sectr", &x, &e) == ADX_ENOVAR && strstr(e.msg, "sector"));
    adx_qproject_free(p);

    /* A second coder for agreement with a missing document. */
    put("coding/k2/A.md", "{x: one two} three\n\n{y: four five}\n");
    p = NULL;
    CHECK_OK(adx_qproject_load(tmpdir, &p, &e), e);
    if (p) {
        adx_qagree_options_t o;
        adx_qagree_options_init(&o);
        adx_qagree_t *a = NULL;
        CHECK_OK(adx_qagree(p, &o, &a, &e), e);
        if (a) {
            /* Units: A's two paragraphs and B's one (coded by k1 only, k2 missing). */
            CHECK(a->k == 3 && a->ncoders == 2);
            CHECK(a->by_code[0].units == 3 && a->by_code[0].complete == 2);
            CHECK(a->ndis == 1 && !strcmp(p->codes[a->dis[0].code].name, "z"));
        }
        adx_qagree_free(a);
        o.sel.level = 0;
        const char *only[] = {"k1"};
        o.sel.coders = only;
        o.sel.ncoders = 1;
        CHECK(adx_qagree(p, &o, &a, &e) == ADX_EUSAGE && a == NULL);
        const char *typo[] = {"k3"};
        o.sel.coders = typo;
        CHECK(adx_qagree(p, &o, &a, &e) == ADX_EUSAGE && strstr(e.msg, "no coder 'k3'"));
    }
    adx_qproject_free(p);

    /* Segment import from CSV, in code points. */
    fresh_project();
    put("segments/k3.csv", "case,start,end,code,memo\nB,6,10,y,a memo\n");
    p = NULL;
    CHECK_OK(adx_qproject_load(tmpdir, &p, &e), e);
    if (p) {
        CHECK(p->ncoders == 2 && p->nsegs == 5);
        adx_qsel_t s2;
        adx_qsel_init(&s2);
        adx_qfreq_t *f2 = NULL;
        CHECK_OK(adx_qfreq(p, &s2, &f2, &e), e);
        if (f2)
            CHECK(f2->segments[3] == 2 && f2->words[3] == 3); /* y: "four five" + "beta" */
        adx_qfreq_free(f2);
    }
    adx_qproject_free(p);

    /* Bad projects: nothing is returned, the message names file, line, column. */
    fresh_project();
    put("coding/k1/B.md", "alpha {xx: beta}\n");
    expect_load_error("coding/k1/B.md:1: column 8: unknown code 'xx'; did you mean 'x'?");
    fresh_project();
    put("codebook.csv", "code,parent\nT,C\nC,x\nx,T\n");
    expect_load_error("codebook.csv:2: column 2: the codebook has a cycle");
    fresh_project();
    put("codebook.csv", "code,parent\nT,\nx,Tx\n");
    expect_load_error("codebook.csv:3: column 2: unknown parent 'Tx'; did you mean 'T'?");
    fresh_project();
    put("codebook.csv", "code,parent\nT,\nT,\n");
    expect_load_error("codebook.csv:3: column 1: code 'T' is defined twice");
    fresh_project();
    put("segments/k3.csv", "case,start,end,code\nB,6,12,y\n");
    expect_load_error("segments/k3.csv:2: column 2: segment start..end is out of range for case 'B' (11 characters)");
    fresh_project();
    put("segments/k3.csv", "case,start,end,code\nB,0,5,y\nB,3,8,y\n");
    expect_load_error("case 'B': code 'y' has overlapping segments 0..5 and 3..8");
    fresh_project();
    put("segments/k3.csv", "case,start,end,code\nZ,0,5,y\n");
    expect_load_error("segments/k3.csv:2: column 1: unknown case 'Z'");
    fresh_project();
    put("coding/k2/A.md", "{x: one two} three\n\n{y: four five!}\n");
    expect_load_error("coding/k2/A.md:3: column 10 (in the text without markup): the text differs");
    fresh_project();
    put("coding/k1/A.md", "{x: one {x: two}}\n");
    expect_load_error("coding/k1/A.md:1: column 10: code 'x' overlaps the 'x' segment opened on "
                      "line 1, column 2; merge them");
    fresh_project();
    put("transcripts/C1.md", "{x: coded} in transcripts\n");
    expect_load_error("transcripts/C1.md:1: column 2: transcripts/ holds uncoded text");
    fresh_project();
    put("coding/k1/D.md", "no such case\n");
    expect_load_error("coding/k1/D.md: no case 'D' in cases.csv");
    fresh_project();
    put("cases.csv", "case,sector\nA,food\nB,crafts\nC1,food\nE,food\n");
    expect_load_error("cases.csv:5: column 1: case 'E' has no transcript");
    rm_rf();
}

int main(void)
{
    adx_init();
    snprintf(tmpdir, sizeof tmpdir, "/tmp/adx_test_qual_%ld", (long)getpid());
    test_stats();
    test_example_agreement();
    test_markup();
    test_project();
    printf("max abs difference from the R reference: %.3g\n", maxdiff);
    TEST_DONE();
}
