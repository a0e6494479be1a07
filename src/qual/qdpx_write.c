/* REFI-QDA export: a project as a .qdpx archive (project.qde + sources/GUID.txt)
 * and its codebook as a .qdc file. Element order and attributes follow the
 * REFI-QDA Project.xsd 1.0 (2019). Each builder returns 0, or -1 when memory
 * runs out. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ambidex/adx_report.h"
#include "zipxml.h"

/* ---- Deterministic GUIDs --------------------------------------------- */

static uint64_t fnv(const char *kind, const char *a, const char *b, uint64_t h)
{
    const char *parts[3] = {kind, a ? a : "", b ? b : ""};
    for (int k = 0; k < 3; k++) {
        for (const unsigned char *s = (const unsigned char *)parts[k]; *s; s++) {
            h ^= *s;
            h *= 1099511628211ULL;
        }
        h ^= 0xFF;
        h *= 1099511628211ULL;
    }
    return h;
}

/* A GUID derived from (kind, a, b), so that exporting the same project twice
 * gives the same file (friendly to version control). */
static void make_guid(char out[37], const char *kind, const char *a, const char *b)
{
    uint64_t h1 = fnv(kind, a, b, 14695981039346656037ULL);
    uint64_t h2 = fnv(kind, a, b, h1 ^ 0x9E3779B97F4A7C15ULL);
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(h1 >> 32),
             (unsigned)((h1 >> 16) & 0xFFFF), (unsigned)((h1 & 0x0FFF) | 0x5000),
             (unsigned)(((h2 >> 48) & 0x3FFF) | 0x8000),
             (unsigned long long)(h2 & 0xFFFFFFFFFFFFULL));
}

/* ---- XML building ---------------------------------------------------- */

static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
    return parent ? xmlNewChild(parent, ns, BAD_CAST name, NULL) : NULL;
}

static int prop(xmlNodePtr n, const char *name, const char *value)
{
    return n && xmlNewProp(n, BAD_CAST name, BAD_CAST value) ? 0 : -1;
}

static int text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
    return xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text) ? 0 : -1;
}

/* A child element with a guid derived from (kind, a) and a name. */
static xmlNodePtr named_child(xmlNodePtr parent, xmlNsPtr ns, const char *element,
                              const char *kind, const char *name)
{
    char g[37];
    make_guid(g, kind, name, NULL);
    xmlNodePtr n = child(parent, ns, element);
    return prop(n, "guid", g) || prop(n, "name", name) ? NULL : n;
}

/* A child element with targetGUID derived from (kind, name). */
static int ref_child(xmlNodePtr parent, xmlNsPtr ns, const char *element, const char *kind,
                     const char *name)
{
    char g[37];
    make_guid(g, kind, name, NULL);
    return prop(child(parent, ns, element), "targetGUID", g);
}

static int add_codes(const adx_qproject_t *p, xmlNodePtr parent, xmlNsPtr ns, long of,
                     int with_notes)
{
    for (size_t i = 0; i < p->ncodes; i++) {
        const adx_qcode_t *k = &p->codes[i];
        if (k->parent != of)
            continue;
        xmlNodePtr c = named_child(parent, ns, "Code", "code", k->name);
        if (prop(c, "isCodable", "true"))
            return -1;
        /* Definition and example share the Description. */
        if (*k->definition || *k->example) {
            adx__sb_t b = {0};
            adx__sb_str(&b, k->definition);
            if (*k->example)
                adx__sb_printf(&b, "\nExample: %s", k->example);
            char *d = adx__sb_take(&b);
            int r = d ? text_child(c, ns, "Description", d) : -1;
            free(d);
            if (r)
                return -1;
        }
        for (size_t m = 0; with_notes && m < p->nmemos; m++) {
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", m);
            if (p->memos[m].about == ADX_QMEMO_CODE && p->memos[m].target == i &&
                ref_child(c, ns, "NoteRef", "note", idx))
                return -1;
        }
        if (add_codes(p, c, ns, (long)i, with_notes))
            return -1;
    }
    return 0;
}

static const char *var_type(const adx_variable_t *v, size_t n)
{
    if (v->type == ADX_VAR_STRING)
        return "Text";
    for (size_t i = 0; i < n; i++)
        if (!isnan(v->num[i]) && (v->num[i] != floor(v->num[i]) || fabs(v->num[i]) > 1e15))
            return "Float";
    return "Integer";
}

/* True when memo m's author is a coder or the author of an earlier memo. */
static int author_seen(const adx_qproject_t *p, size_t m)
{
    const char *a = p->memos[m].author;
    for (size_t c = 0; c < p->ncoders; c++)
        if (!strcmp(p->coders[c], a))
            return 1;
    for (size_t k = 0; k < m; k++)
        if (p->memos[k].about != ADX_QMEMO_SEGMENT && !strcmp(p->memos[k].author, a))
            return 1;
    return 0;
}

/* The coders, then the authors of code and case memos who are not coders. */
static int add_users(const adx_qproject_t *p, xmlNodePtr root, xmlNsPtr ns)
{
    xmlNodePtr users = NULL;
    for (size_t c = 0; c < p->ncoders; c++)
        if (!(users = users ? users : child(root, ns, "Users")) ||
            !named_child(users, ns, "User", "user", p->coders[c]))
            return -1;
    for (size_t m = 0; m < p->nmemos; m++)
        if (p->memos[m].about != ADX_QMEMO_SEGMENT && *p->memos[m].author &&
            !author_seen(p, m) &&
            (!(users = users ? users : child(root, ns, "Users")) ||
             !named_child(users, ns, "User", "user", p->memos[m].author)))
            return -1;
    return 0;
}

/* The code memos as Notes (a TextSource with PlainTextContent; the author as
 * creatingUser), referred to by NoteRef from their codes. */
static int add_notes(const adx_qproject_t *p, xmlNodePtr root, xmlNsPtr ns)
{
    xmlNodePtr notes = NULL;
    for (size_t m = 0; m < p->nmemos; m++) {
        const adx_qmemo_t *me = &p->memos[m];
        if (me->about != ADX_QMEMO_CODE)
            continue;
        char g[37], ug[37], idx[32], name[600];
        snprintf(idx, sizeof idx, "%zu", m);
        make_guid(g, "note", idx, NULL);
        snprintf(name, sizeof name, "Memo on %s", p->codes[me->target].name);
        xmlNodePtr n = child(notes = notes ? notes : child(root, ns, "Notes"), ns, "Note");
        if (prop(n, "guid", g) || prop(n, "name", name))
            return -1;
        make_guid(ug, "user", me->author, NULL);
        if ((*me->author && prop(n, "creatingUser", ug)) ||
            text_child(n, ns, "PlainTextContent", me->text))
            return -1;
    }
    return 0;
}

/* The case memos as the Case's Description: "[author] memo" paragraphs. */
static int case_description(const adx_qproject_t *p, xmlNodePtr c, xmlNsPtr ns, size_t i)
{
    adx__sb_t b = {0};
    for (size_t m = 0; m < p->nmemos; m++) {
        const adx_qmemo_t *me = &p->memos[m];
        if (me->about != ADX_QMEMO_CASE || me->target != i)
            continue;
        adx__sb_str(&b, b.len ? "\n\n" : "");
        if (*me->author)
            adx__sb_printf(&b, "[%s] ", me->author);
        adx__sb_str(&b, me->text);
    }
    if (!b.len && !b.oom)
        return 0;
    char *d = adx__sb_take(&b);
    int r = d ? text_child(c, ns, "Description", d) : -1;
    free(d);
    return r;
}

static int add_variables(const adx_qproject_t *p, xmlNodePtr root, xmlNsPtr ns)
{
    const adx_dataset_t *ds = p->cases;
    if (ds->nvars <= 1)
        return 0;
    xmlNodePtr vars = child(root, ns, "Variables");
    for (size_t j = 1; j < ds->nvars; j++) {
        xmlNodePtr v = named_child(vars, ns, "Variable", "variable", ds->vars[j].name);
        if (prop(v, "typeOfVariable", var_type(&ds->vars[j], ds->nrows)))
            return -1;
    }
    return 0;
}

/* The attribute values of case i, then its source. */
static int add_case_values(const adx_qproject_t *p, xmlNodePtr c, xmlNsPtr ns, size_t i)
{
    const adx_dataset_t *ds = p->cases;
    for (size_t j = 1; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        char buf[64];
        const char *val = adx__qual_cell(v, i, buf, sizeof buf);
        if (!val)
            continue;
        xmlNodePtr vv = child(c, ns, "VariableValue");
        const char *t = var_type(v, ds->nrows);
        if (ref_child(vv, ns, "VariableRef", "variable", v->name) ||
            text_child(vv, ns, !strcmp(t, "Text") ? "TextValue"
                               : !strcmp(t, "Integer") ? "IntegerValue" : "FloatValue",
                       val))
            return -1;
    }
    return ref_child(c, ns, "SourceRef", "source", p->case_ids[i]);
}

static int add_cases(const adx_qproject_t *p, xmlNodePtr root, xmlNsPtr ns)
{
    xmlNodePtr cases = child(root, ns, "Cases");
    if (!cases)
        return -1;
    for (size_t i = 0; i < p->ncases; i++) {
        xmlNodePtr c = named_child(cases, ns, "Case", "case", p->case_ids[i]);
        if (!c || case_description(p, c, ns, i) || add_case_values(p, c, ns, i))
            return -1;
    }
    return 0;
}

/* Segment k as a PlainTextSelection with one Coding under source s. */
static int add_selection(const adx_qproject_t *p, xmlNodePtr s, xmlNsPtr ns, size_t k)
{
    const adx_qseg_t *sg = &p->segs[k];
    const char *case_id = p->case_ids[sg->doc];
    char g[37], ug[37], idx[32], st[32], en[32];
    snprintf(idx, sizeof idx, "%zu", k);
    snprintf(st, sizeof st, "%zu", sg->start);
    snprintf(en, sizeof en, "%zu", sg->end);
    make_guid(g, "selection", case_id, idx);
    make_guid(ug, "user", p->coders[sg->coder], NULL);
    xmlNodePtr sel = child(s, ns, "PlainTextSelection");
    if (prop(sel, "guid", g) || prop(sel, "startPosition", st) || prop(sel, "endPosition", en) ||
        prop(sel, "creatingUser", ug))
        return -1;
    if (sg->memo && text_child(sel, ns, "Description", sg->memo))
        return -1;
    make_guid(g, "coding", case_id, idx);
    xmlNodePtr cd = child(sel, ns, "Coding");
    if (prop(cd, "guid", g) || prop(cd, "creatingUser", ug))
        return -1;
    return ref_child(cd, ns, "CodeRef", "code", p->codes[sg->code].name);
}

static int add_sources(const adx_qproject_t *p, xmlNodePtr root, xmlNsPtr ns)
{
    xmlNodePtr sources = child(root, ns, "Sources");
    if (!sources)
        return -1;
    for (size_t i = 0; i < p->ncases; i++) {
        char g[37], path[64];
        make_guid(g, "source", p->case_ids[i], NULL);
        snprintf(path, sizeof path, "internal://%s.txt", g);
        xmlNodePtr s = named_child(sources, ns, "TextSource", "source", p->case_ids[i]);
        if (prop(s, "plainTextPath", path))
            return -1;
        for (size_t k = 0; k < p->nsegs; k++)
            if (p->segs[k].doc == i && add_selection(p, s, ns, k))
                return -1;
    }
    return 0;
}

/* The root element and its namespace, name and origin. */
static xmlNodePtr new_root(const adx_qproject_t *p, xmlDocPtr doc, int codebook_only,
                           xmlNsPtr *ns)
{
    xmlNodePtr root = doc ? xmlNewNode(NULL, BAD_CAST(codebook_only ? "CodeBook" : "Project"))
                          : NULL;
    if (!root)
        return NULL;
    xmlDocSetRootElement(doc, root);
    if (!(*ns = xmlNewNs(root, BAD_CAST(codebook_only ? QDC_NS : QDA_NS), NULL)))
        return NULL;
    xmlSetNs(root, *ns);
    const char *base = strrchr(p->root, '/');
    base = base ? base + 1 : p->root;
    if (!codebook_only && prop(root, "name", *base ? base : "ambidex project"))
        return NULL;
    return prop(root, "origin", "ambidex " ADX_VERSION) ? NULL : root;
}

/* Builds project.qde (or, with codebook_only, a .qdc codebook). */
static adx_error_t build_xml(const adx_qproject_t *p, int codebook_only, xmlChar **out, int *len,
                             adx_errctx_t *ctx)
{
    *out = NULL;
    xmlNsPtr ns = NULL;
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = new_root(p, doc, codebook_only, &ns);
    if (!root)
        goto cleanup;
    if (!codebook_only && add_users(p, root, ns))
        goto cleanup;
    xmlNodePtr codes = codebook_only ? child(root, ns, "Codes")
                                     : child(child(root, ns, "CodeBook"), ns, "Codes");
    if (!codes || add_codes(p, codes, ns, -1, !codebook_only))
        goto cleanup;
    if (!codebook_only &&
        (add_variables(p, root, ns) || add_cases(p, root, ns) || add_sources(p, root, ns) ||
         add_notes(p, root, ns)))
        goto cleanup;
    xmlDocDumpFormatMemoryEnc(doc, out, len, "UTF-8", 1);
cleanup:
    if (doc)
        xmlFreeDoc(doc);
    return *out ? ADX_OK : adx_oom(ctx);
}

/* ---- Exports ---------------------------------------------------------- */

adx_error_t adx_qproject_export_qdc(const adx_qproject_t *p, const char *path, adx_errctx_t *ctx)
{
    xmlChar *xml = NULL;
    int len = 0;
    adx_error_t rc = build_xml(p, 1, &xml, &len, ctx);
    if (!rc)
        rc = adx_write_atomic(path, (const char *)xml, (size_t)len, ctx);
    xmlFree(xml);
    return rc;
}

/* Adds a buffer (not copied: it must live until zip_close) as entry `name`. */
static int add_entry(zip_t *za, const char *name, const void *buf, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, buf, (zip_uint64_t)len, 0);
    if (!s || zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

adx_error_t adx_qproject_export_qdpx(const adx_qproject_t *p, const char *path, adx_errctx_t *ctx)
{
    xmlChar *xml = NULL;
    int len = 0, zerr = 0;
    struct stat st;
    if (!stat(path, &st) && S_ISDIR(st.st_mode))
        return adx_err(ctx, ADX_EIO, "%s: is a directory; give the file name of the archive, "
                                     "e.g. project.qdpx", path);
    adx_error_t rc = build_xml(p, 0, &xml, &len, ctx);
    if (rc)
        return rc;
    /* libzip writes to a temporary file and renames it on zip_close, so no
     * half-written archive is left behind. */
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create the archive: %s", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto cleanup;
    }
    int bad = add_entry(za, "project.qde", xml, (size_t)len);
    for (size_t i = 0; !bad && i < p->ncases; i++) {
        char g[37], name[64];
        make_guid(g, "source", p->case_ids[i], NULL);
        snprintf(name, sizeof name, "sources/%s.txt", g);
        bad = add_entry(za, name, p->docs[i].text, p->docs[i].nbytes);
    }
    if (bad || zip_close(za) < 0) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot write the archive: %s", path, zip_strerror(za));
        zip_discard(za);
    }
cleanup:
    xmlFree(xml);
    return rc;
}
