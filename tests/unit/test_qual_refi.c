/* REFI-QDA exchange: .qdpx round trip of the example project, schema
 * validation of project.qde and .qdc, and hostile or broken archives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <zip.h>

#include "ambidex/adx_qual.h"
#include "testutil.h"

#define EXAMPLE ADX_SOURCE_DIR "/examples/vse-ambidexterity"
#define XSD ADX_SOURCE_DIR "/tests/reference/refi"

static char tmp[256];

static void rm_rf(const char *p)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", p);
}

static int cell_eq(const adx_variable_t *a, const adx_variable_t *b, size_t i)
{
    if (a->type != b->type)
        return 0;
    if (a->type == ADX_VAR_STRING)
        return (!a->str[i] && !b->str[i]) || (a->str[i] && b->str[i] && !strcmp(a->str[i], b->str[i]));
    return a->num[i] == b->num[i] || (a->num[i] != a->num[i] && b->num[i] != b->num[i]);
}

/* Same project: codebook, cases and attributes, texts, coders and segments. */
static void same_project(const adx_qproject_t *a, const adx_qproject_t *b)
{
    CHECK(a->ncodes == b->ncodes);
    for (size_t i = 0; i < a->ncodes && i < b->ncodes; i++) {
        long j = adx_qcode_find(b, a->codes[i].name);
        CHECK(j >= 0);
        if (j < 0)
            continue;
        const adx_qcode_t *x = &a->codes[i], *y = &b->codes[j];
        CHECK(!strcmp(x->definition, y->definition) && !strcmp(x->example, y->example));
        CHECK(x->depth == y->depth);
        CHECK((x->parent < 0 && y->parent < 0) ||
              (x->parent >= 0 && y->parent >= 0 &&
               !strcmp(a->codes[x->parent].name, b->codes[y->parent].name)));
    }
    CHECK(a->ncases == b->ncases);
    CHECK(a->cases->nvars == b->cases->nvars);
    for (size_t i = 0; i < a->ncases && i < b->ncases; i++) {
        CHECK(!strcmp(a->case_ids[i], b->case_ids[i]));
        CHECK(a->docs[i].nbytes == b->docs[i].nbytes && !strcmp(a->docs[i].text, b->docs[i].text));
        for (size_t v = 1; v < a->cases->nvars && v < b->cases->nvars; v++) {
            CHECK(!strcmp(a->cases->vars[v].name, b->cases->vars[v].name));
            CHECK(cell_eq(&a->cases->vars[v], &b->cases->vars[v], i));
        }
    }
    CHECK(a->ncoders == b->ncoders);
    for (size_t c = 0; c < a->ncoders && c < b->ncoders; c++)
        CHECK(!strcmp(a->coders[c], b->coders[c]));
    CHECK(a->nsegs == b->nsegs);
    size_t same = 0;
    for (size_t k = 0; k < a->nsegs && k < b->nsegs; k++) {
        const adx_qseg_t *x = &a->segs[k], *y = &b->segs[k];
        same += x->doc == y->doc && x->start == y->start && x->end == y->end &&
                !strcmp(a->codes[x->code].name, b->codes[y->code].name) &&
                !strcmp(a->coders[x->coder], b->coders[y->coder]) &&
                ((!x->memo && !y->memo) || (x->memo && y->memo && !strcmp(x->memo, y->memo)));
    }
    CHECK(same == a->nsegs);
}

static void quiet(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

static int validates(const char *xsd, const char *buf, size_t len)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, "x.xml", NULL, XML_PARSE_NONET);
    if (vc)
        xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
    int ok = vc && doc && xmlSchemaValidateDoc(vc, doc) == 0;
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return ok;
}

static char *zip_entry(const char *path, const char *name, size_t *len)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &err);
    if (!za)
        return NULL;
    zip_stat_t st;
    char *buf = NULL;
    if (zip_stat(za, name, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(za, name, 0);
        buf = malloc(st.size + 1);
        if (f && buf && zip_fread(f, buf, st.size) == (zip_int64_t)st.size) {
            buf[st.size] = 0;
            *len = st.size;
        } else {
            free(buf);
            buf = NULL;
        }
        if (f)
            zip_fclose(f);
    }
    zip_discard(za);
    return buf;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) == (size_t)n) {
        b[n] = 0;
        *len = (size_t)n;
    } else {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

/* Writes a zip with the given entries (name, data, len) triples. */
static void make_zip(const char *path, const char *const *names, const char *const *data,
                     const size_t *lens, size_t n)
{
    int err = 0;
    unlink(path);
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za)
        return;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, data[i], lens[i], 0);
        if (s && zip_file_add(za, names[i], s, 0) < 0)
            zip_source_free(s);
    }
    zip_close(za);
}

/* Copies the archive src to dst with project.qde replaced by buf. */
static void replace_qde(const char *src, const char *dst, const char *buf, size_t len)
{
    size_t n = 0;
    char *all = read_file(src, &n);
    FILE *f = fopen(dst, "wb");
    if (f && all)
        fwrite(all, 1, n, f);
    if (f)
        fclose(f);
    free(all);
    int err = 0;
    zip_t *za = zip_open(dst, 0, &err);
    if (!za)
        return;
    zip_source_t *s = zip_source_buffer(za, buf, len, 0);
    zip_int64_t idx = zip_name_locate(za, "project.qde", 0);
    if (s && (idx < 0 || zip_file_replace(za, (zip_uint64_t)idx, s, 0) < 0))
        zip_source_free(s);
    zip_close(za);
}

static void expect_read_error(const char *path, const char *want)
{
    adx_errctx_t e;
    e.msg[0] = 0;
    adx_qproject_t *p = NULL;
    CHECK(adx_qdpx_read(path, &p, &e) != ADX_OK);
    CHECK(p == NULL);
    if (!strstr(e.msg, want)) {
        fprintf(stderr, "expected '%s' in '%s'\n", want, e.msg);
        CHECK(0);
    }
    adx_qproject_free(p);
}

int main(void)
{
    adx_init();
    snprintf(tmp, sizeof tmp, "/tmp/adx_test_refi_%ld", (long)getpid());
    rm_rf(tmp);
    mkdir(tmp, 0755);
    char qdpx[300], qdc[300], dir[300], bad[300], dir2[300];
    snprintf(qdpx, sizeof qdpx, "%s/vse.qdpx", tmp);
    snprintf(qdc, sizeof qdc, "%s/vse.qdc", tmp);
    snprintf(dir, sizeof dir, "%s/imported", tmp);
    snprintf(dir2, sizeof dir2, "%s/imported2", tmp);
    snprintf(bad, sizeof bad, "%s/bad.qdpx", tmp);
    adx_errctx_t e;
    adx_qproject_t *p = NULL, *q = NULL, *r = NULL;
    CHECK_OK(adx_qproject_load(EXAMPLE, &p, &e), e);
    if (!p)
        TEST_DONE();

    /* Export, validate against the schema, import, compare. */
    CHECK_OK(adx_qproject_export_qdpx(p, qdpx, &e), e);
    CHECK_OK(adx_qproject_export_qdc(p, qdc, &e), e);
    size_t len = 0;
    char *qde = zip_entry(qdpx, "project.qde", &len);
    CHECK(qde != NULL);
    if (qde) {
        CHECK(validates(XSD "/Project-subset.xsd", qde, len));
        /* The check can fail: a Code without its required isCodable does not validate. */
        char *broken = strstr(qde, " isCodable=\"true\"");
        if (broken) {
            memcpy(broken, " xsCodable=\"true\"", 17);
            CHECK(!validates(XSD "/Project-subset.xsd", qde, len));
            memcpy(broken, " isCodable=\"true\"", 17);
        }
    }
    size_t clen = 0;
    char *qdcbuf = read_file(qdc, &clen);
    CHECK(qdcbuf && validates(XSD "/Codebook.xsd", qdcbuf, clen));
    free(qdcbuf);
    /* Exports are reproducible (GUIDs derived from names). */
    char qdpx2[300];
    snprintf(qdpx2, sizeof qdpx2, "%s/vse2.qdpx", tmp);
    CHECK_OK(adx_qproject_export_qdpx(p, qdpx2, &e), e);
    size_t len2 = 0;
    char *qde2 = zip_entry(qdpx2, "project.qde", &len2);
    CHECK(qde && qde2 && len == len2 && !memcmp(qde, qde2, len));
    free(qde2);

    CHECK_OK(adx_qdpx_read(qdpx, &q, &e), e);
    if (q) {
        same_project(p, q);
        /* Write it as a folder, load the folder: still the same project. */
        CHECK_OK(adx_qproject_write(q, dir, &e), e);
        CHECK_OK(adx_qproject_load(dir, &r, &e), e);
        if (r)
            same_project(p, r);
        /* Agreement is unchanged by the round trip. */
        adx_qagree_options_t o;
        adx_qagree_options_init(&o);
        adx_qagree_t *a1 = NULL, *a2 = NULL;
        CHECK_OK(adx_qagree(p, &o, &a1, &e), e);
        if (r)
            CHECK_OK(adx_qagree(r, &o, &a2, &e), e);
        if (a1 && a2) {
            CHECK(a1->overall.alpha == a2->overall.alpha && a1->ndis == a2->ndis);
            CHECK(a1->doc_overall.cohen == a2->doc_overall.cohen);
        }
        adx_qagree_free(a1);
        adx_qagree_free(a2);
        /* The folder exists now: a second import there is refused. */
        CHECK(adx_qproject_write(q, dir, &e) == ADX_EIO && strstr(e.msg, "already exists"));
    }

    /* The .qdc codebook reads back to the same codebook. */
    adx_qproject_t *cb = NULL;
    CHECK_OK(adx_qdc_read(qdc, &cb, &e), e);
    if (cb) {
        CHECK(cb->ncodes == p->ncodes);
        for (size_t i = 0; i < p->ncodes && i < cb->ncodes; i++) {
            long j = adx_qcode_find(cb, p->codes[i].name);
            CHECK(j >= 0);
            if (j >= 0) {
                CHECK(!strcmp(cb->codes[j].definition, p->codes[i].definition));
                CHECK(!strcmp(cb->codes[j].example, p->codes[i].example));
                CHECK(cb->codes[j].depth == p->codes[i].depth);
            }
        }
        char *csv = NULL;
        size_t cl = 0;
        CHECK_OK(adx_qcodebook_csv(cb, &csv, &cl, &e), e);
        CHECK(csv && !strncmp(csv, "code,parent,definition,example\nchallenges,,Barriers", 50));
        free(csv);
    }
    adx_qproject_free(cb);
    cb = NULL;
    CHECK(adx_qdc_read(qdpx, &cb, &e) == ADX_EPARSE && cb == NULL);

    /* Broken archives: nothing is returned, nothing is written. */
    expect_read_error(EXAMPLE "/cases.csv", "cannot open the archive");
    {
        const char *n[] = {"readme.txt"}, *d[] = {"hello"};
        size_t l[] = {5};
        make_zip(bad, n, d, l, 1);
        expect_read_error(bad, "the archive has no 'project.qde'");
    }
    {
        const char *n[] = {"project.qde"}, *d[] = {"<Project xmlns=\"urn:QDA-XML:project:1.0\">\n<Users>\n</Project>"};
        size_t l[] = {strlen(d[0])};
        make_zip(bad, n, d, l, 1);
        expect_read_error(bad, "project.qde:3: column");
    }
    if (qde) {
        /* Wrong offsets: the first selection's end moved past the text. */
        char *sel = strstr(qde, "endPosition=\"");
        char *m = malloc(len + 16);
        if (sel && m) {
            size_t at = (size_t)(sel - qde) + 13;
            memcpy(m, qde, at);
            size_t w = at + (size_t)sprintf(m + at, "99999");
            const char *rest = strchr(qde + at, '"');
            memcpy(m + w, rest, len - (size_t)(rest - qde));
            size_t ml = w + len - (size_t)(rest - qde);
            replace_qde(qdpx, bad, m, ml);
            expect_read_error(bad, "is out of range for source 'ESE1'");
        }
        free(m);
        /* A source file missing from the archive. */
        const char *n[] = {"project.qde"}, *d[] = {qde};
        size_t l[] = {len};
        make_zip(bad, n, d, l, 1);
        expect_read_error(bad, "the project refers to a source file that is missing");
        /* A coding that points to no code. */
        char *cr = strstr(qde, "<CodeRef targetGUID=\"");
        if (cr) {
            cr[21] = cr[21] == '0' ? '1' : '0';
            replace_qde(qdpx, bad, qde, len);
            expect_read_error(bad, "refers to no code of the codebook");
        }
    }
    {
        /* A zip bomb: 65 MB of zeros (a few kB compressed) as project.qde. */
        size_t big = (size_t)65 << 20;
        char *zeros = calloc(big, 1);
        if (zeros) {
            const char *n[] = {"project.qde"}, *d[] = {zeros};
            size_t l[] = {big};
            make_zip(bad, n, d, l, 1);
            free(zeros);
            struct stat st;
            CHECK(stat(bad, &st) == 0 && st.st_size < (1 << 20));
            expect_read_error(bad, "refusing a possible zip bomb");
        }
    }
    {
        /* A Word transcript: paragraphs (one in a table) become blank-line separated
         * blocks; a tab, a line break and literal braces are kept. */
        char docx[300];
        snprintf(docx, sizeof docx, "%s/t.docx", tmp);
        const char *xmlw =
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
            "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Q: How</w:t></w:r><w:r>"
            "<w:t xml:space=\"preserve\"> are you?</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>A:"
            "</w:t><w:tab/><w:t>fine {really}</w:t><w:br/><w:t>caf\xC3\xA9</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "</w:body></w:document>";
        const char *n[] = {"word/document.xml"}, *d[] = {xmlw};
        size_t l[] = {strlen(xmlw)};
        make_zip(docx, n, d, l, 1);
        char *txt = NULL;
        size_t tl = 0;
        CHECK_OK(adx_docx_text(docx, &txt, &tl, &e), e);
        CHECK(txt && !strcmp(txt, "Q: How are you?\n\nA:\tfine {really}\ncaf\xC3\xA9\n\ncell\n"));
        free(txt);
        /* In a project: transcripts/CASE.docx, coded copy with escaped braces. */
        char proj[300], cmd[4096];
        snprintf(proj, sizeof proj, "%s/wordproj", tmp);
        snprintf(cmd, sizeof cmd,
                 "mkdir -p %s/transcripts %s/coding/k && printf 'code,parent\\nfine,\\n' >%s/codebook.csv && "
                 "printf 'case\\nW\\n' >%s/cases.csv && cp %s %s/transcripts/W.docx && "
                 "printf 'Q: How are you?\\n\\nA:\\t{fine: fine \\\\{really\\\\}}\\ncaf\\303\\251\\n\\ncell\\n' "
                 ">%s/coding/k/W.md",
                 proj, proj, proj, proj, docx, proj, proj);
        CHECK(system(cmd) == 0);
        adx_qproject_t *w = NULL;
        CHECK_OK(adx_qproject_load(proj, &w, &e), e);
        if (w) {
            CHECK(w->nsegs == 1 && w->segs[0].start == 20 && w->segs[0].end == 33);
        }
        adx_qproject_free(w);
        const char *n2[] = {"word/other.xml"};
        make_zip(docx, n2, d, l, 1);
        CHECK(adx_docx_text(docx, &txt, &tl, &e) == ADX_EPARSE && strstr(e.msg, "no 'word/document.xml'"));
    }
    /* Nothing half-imported: the failed imports above wrote no folder. */
    struct stat st;
    CHECK(stat(dir2, &st) != 0);

    free(qde);
    adx_qproject_free(p);
    adx_qproject_free(q);
    adx_qproject_free(r);
    rm_rf(tmp);
    TEST_DONE();
}
