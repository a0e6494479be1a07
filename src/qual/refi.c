/* REFI-QDA exchange: .qdpx projects (zip with project.qde + sources/) and
 * .qdc codebooks, through libzip and libxml2; and writing a project folder.
 * Element order and attributes follow the REFI-QDA Project.xsd 1.0 (2019). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "ambidex/adx_qual.h"
#include "ambidex/adx_report.h"
#include "qual_priv.h"

#define QDA_NS "urn:QDA-XML:project:1.0"
#define QDC_NS "urn:QDA-XML:codebook:1.0"

static adx_error_t oom(adx_errctx_t *ctx) { return adx_err(ctx, ADX_ENOMEM, "out of memory"); }

typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} sbuf_t;

static void sb_add(sbuf_t *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void csv_field_sb(sbuf_t *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r") && *s != ' ') {
        sb_add(b, s, strlen(s));
        return;
    }
    sb_add(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            sb_add(b, "\"", 1);
        sb_add(b, s, 1);
    }
    sb_add(b, "\"", 1);
}

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

/* ---- Export ---------------------------------------------------------- */

static xmlNodePtr child(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
    return xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

static int prop(xmlNodePtr n, const char *name, const char *value)
{
    return xmlNewProp(n, BAD_CAST name, BAD_CAST value) ? 0 : -1;
}

static int text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
    return xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text) ? 0 : -1;
}

static int add_codes(const adx_qproject_t *p, xmlNodePtr parent, xmlNsPtr ns, long of)
{
    for (size_t i = 0; i < p->ncodes; i++) {
        if (p->codes[i].parent != of)
            continue;
        char g[37];
        make_guid(g, "code", p->codes[i].name, NULL);
        xmlNodePtr c = child(parent, ns, "Code");
        if (!c || prop(c, "guid", g) || prop(c, "name", p->codes[i].name) ||
            prop(c, "isCodable", "true"))
            return -1;
        /* Definition and example share the Description. */
        if (*p->codes[i].definition || *p->codes[i].example) {
            size_t n = strlen(p->codes[i].definition) + strlen(p->codes[i].example) + 16;
            char *d = malloc(n);
            if (!d)
                return -1;
            if (*p->codes[i].example)
                snprintf(d, n, "%s\nExample: %s", p->codes[i].definition, p->codes[i].example);
            else
                snprintf(d, n, "%s", p->codes[i].definition);
            int r = text_child(c, ns, "Description", d);
            free(d);
            if (r)
                return -1;
        }
        if (add_codes(p, c, ns, (long)i))
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

/* Builds project.qde (or, with codebook_only, a .qdc codebook). */
static adx_error_t build_xml(const adx_qproject_t *p, int codebook_only, xmlChar **out, int *len,
                             adx_errctx_t *ctx)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = doc ? xmlNewNode(NULL, BAD_CAST(codebook_only ? "CodeBook" : "Project")) : NULL;
    if (!root)
        goto oom;
    xmlDocSetRootElement(doc, root);
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST(codebook_only ? QDC_NS : QDA_NS), NULL);
    if (!ns)
        goto oom;
    xmlSetNs(root, ns);
    const char *base = strrchr(p->root, '/');
    base = base ? base + 1 : p->root;
    if (!codebook_only && prop(root, "name", *base ? base : "ambidex project"))
        goto oom;
    if (prop(root, "origin", "ambidex " ADX_VERSION))
        goto oom;
    char g[37], g2[37];
    if (!codebook_only && p->ncoders) {
        xmlNodePtr users = child(root, ns, "Users");
        if (!users)
            goto oom;
        for (size_t c = 0; c < p->ncoders; c++) {
            make_guid(g, "user", p->coders[c], NULL);
            xmlNodePtr u = child(users, ns, "User");
            if (!u || prop(u, "guid", g) || prop(u, "name", p->coders[c]))
                goto oom;
        }
    }
    xmlNodePtr codes = codebook_only ? child(root, ns, "Codes")
                                     : child(child(root, ns, "CodeBook"), ns, "Codes");
    if (!codes || add_codes(p, codes, ns, -1))
        goto oom;
    if (codebook_only)
        goto dump;
    const adx_dataset_t *ds = p->cases;
    if (ds->nvars > 1) {
        xmlNodePtr vars = child(root, ns, "Variables");
        if (!vars)
            goto oom;
        for (size_t j = 1; j < ds->nvars; j++) {
            make_guid(g, "variable", ds->vars[j].name, NULL);
            xmlNodePtr v = child(vars, ns, "Variable");
            if (!v || prop(v, "guid", g) || prop(v, "name", ds->vars[j].name) ||
                prop(v, "typeOfVariable", var_type(&ds->vars[j], ds->nrows)))
                goto oom;
        }
    }
    xmlNodePtr cases = child(root, ns, "Cases");
    if (!cases)
        goto oom;
    for (size_t i = 0; i < p->ncases; i++) {
        make_guid(g, "case", p->case_ids[i], NULL);
        xmlNodePtr c = child(cases, ns, "Case");
        if (!c || prop(c, "guid", g) || prop(c, "name", p->case_ids[i]))
            goto oom;
        for (size_t j = 1; j < ds->nvars; j++) {
            const adx_variable_t *v = &ds->vars[j];
            char buf[64];
            const char *val = qual_cell(v, i, buf, sizeof buf);
            if (!val)
                continue;
            xmlNodePtr vv = child(c, ns, "VariableValue");
            xmlNodePtr vr = vv ? child(vv, ns, "VariableRef") : NULL;
            make_guid(g2, "variable", v->name, NULL);
            const char *t = var_type(v, ds->nrows);
            if (!vr || prop(vr, "targetGUID", g2) ||
                text_child(vv, ns, !strcmp(t, "Text") ? "TextValue"
                                   : !strcmp(t, "Integer") ? "IntegerValue" : "FloatValue",
                           val))
                goto oom;
        }
        make_guid(g2, "source", p->case_ids[i], NULL);
        xmlNodePtr sr = child(c, ns, "SourceRef");
        if (!sr || prop(sr, "targetGUID", g2))
            goto oom;
    }
    xmlNodePtr sources = child(root, ns, "Sources");
    if (!sources)
        goto oom;
    for (size_t i = 0; i < p->ncases; i++) {
        char path[64];
        make_guid(g, "source", p->case_ids[i], NULL);
        snprintf(path, sizeof path, "internal://%s.txt", g);
        xmlNodePtr s = child(sources, ns, "TextSource");
        if (!s || prop(s, "guid", g) || prop(s, "name", p->case_ids[i]) ||
            prop(s, "plainTextPath", path))
            goto oom;
        for (size_t k = 0; k < p->nsegs; k++) {
            const adx_qseg_t *sg = &p->segs[k];
            if (sg->doc != i)
                continue;
            char idx[32], st[32], en[32], ug[37];
            snprintf(idx, sizeof idx, "%zu", k);
            snprintf(st, sizeof st, "%zu", sg->start);
            snprintf(en, sizeof en, "%zu", sg->end);
            make_guid(g2, "selection", p->case_ids[i], idx);
            make_guid(ug, "user", p->coders[sg->coder], NULL);
            xmlNodePtr sel = child(s, ns, "PlainTextSelection");
            if (!sel || prop(sel, "guid", g2) || prop(sel, "startPosition", st) ||
                prop(sel, "endPosition", en) || prop(sel, "creatingUser", ug))
                goto oom;
            if (sg->memo && text_child(sel, ns, "Description", sg->memo))
                goto oom;
            make_guid(g2, "coding", p->case_ids[i], idx);
            xmlNodePtr cd = child(sel, ns, "Coding");
            make_guid(g, "code", p->codes[sg->code].name, NULL);
            xmlNodePtr cr = cd ? child(cd, ns, "CodeRef") : NULL;
            if (!cr || prop(cd, "guid", g2) || prop(cd, "creatingUser", ug) ||
                prop(cr, "targetGUID", g))
                goto oom;
        }
    }
dump:
    xmlDocDumpFormatMemoryEnc(doc, out, len, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (!*out)
        return oom(ctx);
    return ADX_OK;
oom:
    xmlFreeDoc(doc);
    return oom(ctx);
}

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

adx_error_t adx_qproject_export_qdpx(const adx_qproject_t *p, const char *path, adx_errctx_t *ctx)
{
    xmlChar *xml = NULL;
    int len = 0, zerr = 0;
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
        xmlFree(xml);
        return rc;
    }
    zip_source_t *src = zip_source_buffer(za, xml, (zip_uint64_t)len, 0);
    if (!src || zip_file_add(za, "project.qde", src, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(src);
        goto zfail;
    }
    for (size_t i = 0; i < p->ncases; i++) {
        char g[37], name[64];
        make_guid(g, "source", p->case_ids[i], NULL);
        snprintf(name, sizeof name, "sources/%s.txt", g);
        zip_source_t *s = zip_source_buffer(za, p->docs[i].text, p->docs[i].nbytes, 0);
        if (!s || zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(s);
            goto zfail;
        }
    }
    if (zip_close(za) < 0)
        goto zfail;
    xmlFree(xml);
    return ADX_OK;
zfail:
    rc = adx_err(ctx, ADX_EIO, "%s: cannot write the archive: %s", path, zip_strerror(za));
    zip_discard(za);
    xmlFree(xml);
    return rc;
}

/* ---- Import ---------------------------------------------------------- */

/* Limits against hostile archives (zip bombs): per entry and in total. */
#define QDPX_MAX_ENTRY ((zip_uint64_t)64 << 20)
#define QDPX_MAX_TOTAL ((zip_uint64_t)512 << 20)
#define QDPX_MAX_ENTRIES 100000

typedef struct {
    const char *path;     /* the archive, for messages */
    char where[1100];     /* "ARCHIVE: project.qde" or "FILE.qdc", before ":LINE" in messages */
    zip_t *za;
    zip_uint64_t total;   /* bytes extracted so far */
    xmlDocPtr doc;
    /* guid tables */
    char **user_guid, **user_name;
    size_t nusers;
    char **code_guid;     /* per code */
    size_t ncg;
    char **var_guid;      /* per case attribute (1-based like the dataset) */
    char **var_type;
    size_t nvars;
    char **src_guid;      /* per source */
    size_t nsrc;
} imp_t;

static adx_error_t read_entry(imp_t *im, const char *name, char **out, size_t *len,
                              adx_errctx_t *ctx)
{
    *out = NULL;
    zip_int64_t idx = zip_name_locate(im->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return adx_err(ctx, ADX_EPARSE, "%s: the archive has no '%s'%s", im->path, name,
                       !strcmp(name, "project.qde")
                           ? "; a REFI-QDA project (.qdpx) holds project.qde at its top level"
                           : "; the project refers to a source file that is missing");
    zip_stat_t st;
    if (zip_stat_index(im->za, (zip_uint64_t)idx, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
        return adx_err(ctx, ADX_EPARSE, "%s: cannot read the size of '%s'", im->path, name);
    if (st.size > QDPX_MAX_ENTRY || im->total + st.size > QDPX_MAX_TOTAL)
        return adx_err(ctx, ADX_EPARSE,
                       "%s: '%s' expands to %llu bytes (limits: %llu MB per file, %llu MB in "
                       "all); refusing a possible zip bomb",
                       im->path, name, (unsigned long long)st.size,
                       (unsigned long long)(QDPX_MAX_ENTRY >> 20),
                       (unsigned long long)(QDPX_MAX_TOTAL >> 20));
    zip_file_t *zf = zip_fopen_index(im->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return adx_err(ctx, ADX_EPARSE, "%s: cannot open '%s': %s", im->path, name,
                       zip_strerror(im->za));
    char *buf = malloc(st.size + 2);
    if (!buf) {
        zip_fclose(zf);
        return oom(ctx);
    }
    /* Read one byte more than declared: data beyond the declared size means a
     * forged header. */
    zip_uint64_t n = 0;
    adx_error_t rc = ADX_OK;
    for (;;) {
        zip_int64_t r = zip_fread(zf, buf + n, st.size + 1 - n);
        if (r < 0) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: '%s' is corrupt: %s", im->path, name,
                         zip_file_strerror(zf));
            break;
        }
        if (r == 0)
            break;
        n += (zip_uint64_t)r;
        if (n > st.size) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: '%s' holds more data than its header says; the "
                                          "archive is damaged or forged",
                         im->path, name);
            break;
        }
    }
    zip_fclose(zf);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    im->total += n;
    *out = buf;
    *len = (size_t)n;
    return ADX_OK;
}

static int is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name) && n->ns &&
           !xmlStrcmp(n->ns->href, BAD_CAST QDA_NS);
}

/* An element of the project or of the codebook namespace (Code, Codes,
 * Description have the same meaning in both). */
static int is_any(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name) && n->ns &&
           (!xmlStrcmp(n->ns->href, BAD_CAST QDA_NS) || !xmlStrcmp(n->ns->href, BAD_CAST QDC_NS));
}

static xmlNodePtr first_any(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_any(c, name))
            return c;
    return NULL;
}

static xmlNodePtr first(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* Attribute value (malloc'd by libxml2, free with xmlFree) or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, BAD_CAST name);
}

static adx_error_t need_attr(imp_t *im, xmlNodePtr n, const char *name, char **out,
                             adx_errctx_t *ctx)
{
    if (!(*out = attr(n, name)))
        return adx_err(ctx, ADX_EPARSE, "%s:%ld: <%s> lacks the required "
                                        "attribute '%s'",
                       im->where, (long)xmlGetLineNo(n), (const char *)n->name, name);
    return ADX_OK;
}

static long find_guid(char **tab, size_t n, const char *g)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i] && !strcmp(tab[i], g))
            return (long)i;
    return -1;
}

static adx_error_t grow(void **v, size_t *cap, size_t n, size_t size, adx_errctx_t *ctx)
{
    if (n < *cap)
        return ADX_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = realloc(*v, nc * size);
    if (!nv)
        return oom(ctx);
    *v = nv;
    *cap = nc;
    return ADX_OK;
}

/* Reads the codebook tree under `parent` (a <Codes> or <Code> element). */
static adx_error_t read_codes(imp_t *im, adx_qproject_t *p, size_t *cap, xmlNodePtr parent,
                              long of, int depth, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    if (depth > 64)
        return adx_err(ctx, ADX_EPARSE, "%s:%ld: codes nested more than 64 deep",
                       im->where, (long)xmlGetLineNo(parent));
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (!is_any(c, "Code"))
            continue;
        char *g = NULL, *name = NULL;
        if ((rc = need_attr(im, c, "guid", &g, ctx)) || (rc = need_attr(im, c, "name", &name, ctx))) {
            xmlFree(g);
            return rc;
        }
        if (adx_qcode_find(p, name) >= 0) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%ld: two codes are named '%s'; ambidex needs unique "
                         "code names (rename one in the source program)",
                         im->where, (long)xmlGetLineNo(c), name);
        } else if (strpbrk(name, "{}:,#")) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%ld: code '%s' contains one of { } : , # which the "
                         "ambidex markup uses; rename it",
                         im->where, (long)xmlGetLineNo(c), name);
        } else
            rc = grow((void **)&p->codes, cap, p->ncodes, sizeof *p->codes, ctx);
        char **ng = rc ? NULL : realloc(im->code_guid, *cap * sizeof *ng);
        if (!rc && !ng)
            rc = oom(ctx);
        if (rc) {
            xmlFree(g);
            xmlFree(name);
            return rc;
        }
        im->code_guid = ng;
        adx_qcode_t *k = &p->codes[p->ncodes];
        memset(k, 0, sizeof *k);
        k->parent = of;
        k->depth = depth;
        xmlNodePtr d = first_any(c, "Description");
        xmlChar *desc = d ? xmlNodeGetContent(d) : NULL;
        char *ex = desc ? strstr((char *)desc, "\nExample: ") : NULL;
        if (ex)
            *ex = '\0';
        k->name = qual_strdup(name);
        k->definition = qual_strdup(desc ? (char *)desc : "");
        k->example = qual_strdup(ex ? ex + 10 : "");
        im->code_guid[p->ncodes] = qual_strdup(g);
        im->ncg = p->ncodes + 1;
        xmlFree(desc);
        xmlFree(g);
        xmlFree(name);
        size_t me = p->ncodes++;
        if (!k->name || !k->definition || !k->example || !im->code_guid[me])
            return oom(ctx);
        if ((rc = read_codes(im, p, cap, c, (long)me, depth + 1, ctx)))
            return rc;
    }
    return rc;
}

static adx_variable_t *append_var(adx_dataset_t *ds, const char *name, adx_vartype_t type)
{
    if (ds->nvars == ds->cap) {
        size_t nc = ds->cap ? ds->cap * 2 : 8;
        adx_variable_t *nv = realloc(ds->vars, nc * sizeof *nv);
        if (!nv)
            return NULL;
        ds->vars = nv;
        ds->cap = nc;
    }
    adx_variable_t *v = &ds->vars[ds->nvars];
    memset(v, 0, sizeof *v);
    v->type = type;
    if (!(v->name = qual_strdup(name)))
        return NULL;
    if (type == ADX_VAR_STRING)
        v->str = calloc(ds->nrows + 1, sizeof *v->str);
    else {
        v->num = malloc((ds->nrows + 1) * sizeof *v->num);
        for (size_t i = 0; v->num && i < ds->nrows; i++)
            v->num[i] = NAN;
    }
    ds->nvars++;
    if (!v->str && !v->num)
        return NULL;
    return v;
}

static void imp_free(imp_t *im)
{
    for (size_t i = 0; i < im->nusers; i++) {
        free(im->user_guid[i]);
        free(im->user_name[i]);
    }
    free(im->user_guid);
    free(im->user_name);
    for (size_t i = 0; i < im->ncg; i++)
        free(im->code_guid[i]);
    free(im->code_guid);
    for (size_t i = 0; i < im->nvars; i++) {
        free(im->var_guid[i]);
        free(im->var_type[i]);
    }
    free(im->var_guid);
    free(im->var_type);
    for (size_t i = 0; i < im->nsrc; i++)
        free(im->src_guid[i]);
    free(im->src_guid);
    if (im->doc)
        xmlFreeDoc(im->doc);
    if (im->za)
        zip_discard(im->za);
}

static long coder_of(adx_qproject_t *p, imp_t *im, const char *user_guid, adx_errctx_t *ctx,
                     adx_error_t *rc)
{
    const char *name = "unknown";
    long u = user_guid ? find_guid(im->user_guid, im->nusers, user_guid) : -1;
    if (u >= 0 && im->user_name[u] && *im->user_name[u])
        name = im->user_name[u];
    for (size_t c = 0; c < p->ncoders; c++)
        if (!strcmp(p->coders[c], name))
            return (long)c;
    char **nc = realloc(p->coders, (p->ncoders + 1) * sizeof *nc);
    if (!nc || !(nc[p->ncoders] = qual_strdup(name))) {
        if (nc)
            p->coders = nc;
        *rc = oom(ctx);
        return -1;
    }
    p->coders = nc;
    return (long)p->ncoders++;
}

adx_error_t adx_qdpx_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    imp_t im;
    memset(&im, 0, sizeof im);
    im.path = path;
    snprintf(im.where, sizeof im.where, "%.1000s: project.qde", path);
    char *xml = NULL, *text = NULL;
    size_t xlen = 0, capcodes = 0, capseg = 0;
    long *seg_coder = NULL;
    adx_qproject_t *p = calloc(1, sizeof *p);
    if (!p || !(p->root = qual_strdup(path))) {
        rc = oom(ctx);
        goto cleanup;
    }
    int zerr = 0;
    if (!(im.za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        rc = adx_err(ctx, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT ? ADX_EIO : ADX_EPARSE,
                     "%s: cannot open the archive: %s; give a REFI-QDA .qdpx file", path,
                     zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto cleanup;
    }
    zip_int64_t nent = zip_get_num_entries(im.za, 0);
    if (nent < 0 || nent > QDPX_MAX_ENTRIES) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: the archive has %lld entries (limit %d)", path,
                     (long long)nent, QDPX_MAX_ENTRIES);
        goto cleanup;
    }
    if ((rc = read_entry(&im, "project.qde", &xml, &xlen, ctx)))
        goto cleanup;
    if (xlen > (size_t)INT32_MAX) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde is too large", path);
        goto cleanup;
    }
    xmlResetLastError();
    im.doc = xmlReadMemory(xml, (int)xlen, "project.qde", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!im.doc) {
        const xmlError *xe = xmlGetLastError();
        char msg[256] = "not well-formed XML";
        if (xe && xe->message) {
            snprintf(msg, sizeof msg, "%s", xe->message);
            size_t l = strlen(msg);
            while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
                msg[--l] = '\0';
        }
        rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%d: column %d: %s", path,
                     xe ? xe->line : 0, xe ? xe->int2 : 0, msg);
        goto cleanup;
    }
    xmlNodePtr root = xmlDocGetRootElement(im.doc);
    if (!is(root, "Project")) {
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s: project.qde: the root element is not <Project> in namespace %s; is "
                     "this a REFI-QDA project?",
                     path, QDA_NS);
        goto cleanup;
    }
    /* Users. */
    size_t capu = 0;
    for (xmlNodePtr u = first(first(root, "Users"), "User"); u; u = u->next) {
        if (!is(u, "User"))
            continue;
        if ((rc = grow((void **)&im.user_guid, &capu, im.nusers, sizeof(char *), ctx)))
            goto cleanup;
        char **nn = realloc(im.user_name, capu * sizeof *nn);
        if (!nn) {
            rc = oom(ctx);
            goto cleanup;
        }
        im.user_name = nn;
        char *g = NULL;
        if ((rc = need_attr(&im, u, "guid", &g, ctx)))
            goto cleanup;
        char *nm = attr(u, "name");
        im.user_guid[im.nusers] = qual_strdup(g);
        im.user_name[im.nusers] = qual_strdup(nm ? nm : g);
        im.nusers++;
        xmlFree(g);
        xmlFree(nm);
        if (!im.user_guid[im.nusers - 1] || !im.user_name[im.nusers - 1]) {
            rc = oom(ctx);
            goto cleanup;
        }
    }
    /* Codebook. */
    xmlNodePtr codes = first(first(root, "CodeBook"), "Codes");
    if (codes && (rc = read_codes(&im, p, &capcodes, codes, -1, 0, ctx)))
        goto cleanup;
    if (!p->codes && !(p->codes = calloc(1, sizeof *p->codes))) {
        rc = oom(ctx);
        goto cleanup;
    }
    /* Sources: one case per source unless <Cases> map them. */
    xmlNodePtr sources = first(root, "Sources");
    size_t nsrc = 0;
    for (xmlNodePtr s = sources ? sources->children : NULL; s; s = s->next)
        nsrc += is(s, "TextSource");
    if (nsrc == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: project.qde has no text sources; ambidex imports "
                                      "text transcripts only", path);
        goto cleanup;
    }
    xmlNodePtr *srcnode = calloc(nsrc, sizeof *srcnode);
    long *src_case = malloc(nsrc * sizeof *src_case);
    if (!(im.src_guid = calloc(nsrc, sizeof *im.src_guid)) || !srcnode || !src_case) {
        free(srcnode);
        free(src_case);
        rc = oom(ctx);
        goto cleanup;
    }
    im.nsrc = nsrc;
    {
        size_t k = 0;
        for (xmlNodePtr s = sources->children; s; s = s->next)
            if (is(s, "TextSource")) {
                srcnode[k] = s;
                src_case[k] = -1;
                char *g = NULL;
                if ((rc = need_attr(&im, s, "guid", &g, ctx)))
                    break;
                im.src_guid[k] = qual_strdup(g);
                xmlFree(g);
                if (!im.src_guid[k++]) {
                    rc = oom(ctx);
                    break;
                }
            }
    }
    /* Cases (ids) and which source each holds. */
    xmlNodePtr casesn = first(root, "Cases");
    size_t ncase = 0;
    for (xmlNodePtr c = casesn ? casesn->children : NULL; !rc && c; c = c->next) {
        if (!is(c, "Case"))
            continue;
        size_t nref = 0;
        for (xmlNodePtr r = c->children; r; r = r->next)
            if (is(r, "SourceRef")) {
                char *t = attr(r, "targetGUID");
                long s = t ? find_guid(im.src_guid, nsrc, t) : -1;
                xmlFree(t);
                if (s < 0)
                    rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: <SourceRef> points to no "
                                                  "text source",
                                 path, (long)xmlGetLineNo(r));
                else if (src_case[s] >= 0)
                    rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: a source belongs to two "
                                                  "cases; ambidex needs one transcript per case",
                                 path, (long)xmlGetLineNo(r));
                else
                    src_case[s] = (long)ncase;
                nref++;
            }
        if (!rc && nref != 1)
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s: project.qde:%ld: case has %zu sources; ambidex needs exactly one "
                         "transcript per case",
                         path, (long)xmlGetLineNo(c), nref);
        ncase++;
    }
    /* Sources without a case become cases of their own. */
    size_t total_cases = ncase;
    for (size_t s = 0; !rc && s < nsrc; s++)
        if (src_case[s] < 0)
            src_case[s] = (long)total_cases++;
    if (!rc && (!(p->case_ids = calloc(total_cases, sizeof *p->case_ids)) ||
                !(p->docs = calloc(total_cases, sizeof *p->docs)) ||
                !(p->cases = adx_dataset_alloc(total_cases, path)))) {
        rc = oom(ctx);
    }
    if (!rc)
        p->ncases = total_cases;
    adx_variable_t *idv = rc ? NULL : append_var(p->cases, "case", ADX_VAR_STRING);
    if (!rc && !idv)
        rc = oom(ctx);
    /* Variables. */
    size_t capv = 0;
    for (xmlNodePtr v = first(first(root, "Variables"), "Variable"); !rc && v; v = v->next) {
        if (!is(v, "Variable"))
            continue;
        char *g = NULL, *nm = NULL, *ty = NULL;
        if ((rc = need_attr(&im, v, "guid", &g, ctx)) || (rc = need_attr(&im, v, "name", &nm, ctx)) ||
            (rc = need_attr(&im, v, "typeOfVariable", &ty, ctx))) {
            xmlFree(g);
            xmlFree(nm);
            break;
        }
        int numeric = !strcmp(ty, "Integer") || !strcmp(ty, "Float");
        if ((rc = grow((void **)&im.var_guid, &capv, im.nvars, sizeof(char *), ctx)) == ADX_OK) {
            char **nt = realloc(im.var_type, capv * sizeof *nt);
            if (!nt)
                rc = oom(ctx);
            else
                im.var_type = nt;
        }
        if (!rc && (adx_dataset_find(p->cases, nm) >= 0))
            rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: two variables are named '%s'",
                         path, (long)xmlGetLineNo(v), nm);
        if (!rc && !append_var(p->cases, nm, numeric ? ADX_VAR_NUMERIC : ADX_VAR_STRING))
            rc = oom(ctx);
        if (!rc) {
            im.var_guid[im.nvars] = qual_strdup(g);
            im.var_type[im.nvars] = qual_strdup(ty);
            im.nvars++;
        }
        xmlFree(g);
        xmlFree(nm);
        xmlFree(ty);
    }
    idv = rc ? NULL : &p->cases->vars[0];
    /* Case names and attribute values. */
    ncase = 0;
    for (xmlNodePtr c = casesn ? casesn->children : NULL; !rc && c; c = c->next) {
        if (!is(c, "Case"))
            continue;
        char *nm = attr(c, "name");
        if (!nm || !*nm || strchr(nm, '/')) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: case without a usable name (empty "
                                          "or containing '/')",
                         path, (long)xmlGetLineNo(c));
            xmlFree(nm);
            break;
        }
        for (size_t j = 0; j < ncase && !rc; j++)
            if (!strcmp(p->case_ids[j], nm))
                rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: two cases are named '%s'", path,
                             (long)xmlGetLineNo(c), nm);
        if (!rc && (!(p->case_ids[ncase] = qual_strdup(nm)) ||
                    !(idv->str[ncase] = qual_strdup(nm))))
            rc = oom(ctx);
        xmlFree(nm);
        for (xmlNodePtr vv = c->children; !rc && vv; vv = vv->next) {
            if (!is(vv, "VariableValue"))
                continue;
            xmlNodePtr ref = first(vv, "VariableRef");
            char *t = ref ? attr(ref, "targetGUID") : NULL;
            long j = t ? find_guid(im.var_guid, im.nvars, t) : -1;
            xmlFree(t);
            if (j < 0) {
                rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: <VariableValue> refers to no "
                                              "declared variable",
                             path, (long)xmlGetLineNo(vv));
                break;
            }
            xmlNodePtr val = NULL;
            for (xmlNodePtr x = vv->children; x; x = x->next)
                if (x->type == XML_ELEMENT_NODE && !is(x, "VariableRef"))
                    val = x;
            if (!val)
                continue;
            xmlChar *content = xmlNodeGetContent(val);
            adx_variable_t *var = &p->cases->vars[1 + j];
            if (!content)
                rc = oom(ctx);
            else if (var->type == ADX_VAR_NUMERIC) {
                char *end;
                double d = strtod((char *)content, &end);
                if (end == (char *)content || *end)
                    rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: '%s' is not a number "
                                                  "(variable '%s')",
                                 path, (long)xmlGetLineNo(val), (char *)content, var->name);
                else
                    var->num[ncase] = d;
            } else if (!(var->str[ncase] = qual_strdup((char *)content)))
                rc = oom(ctx);
            xmlFree(content);
        }
        ncase++;
    }
    /* Texts and selections. */
    for (size_t s = 0; !rc && s < nsrc; s++) {
        xmlNodePtr sn = srcnode[s];
        size_t d = (size_t)src_case[s];
        if (!p->case_ids[d]) {
            char *nm = attr(sn, "name");
            if (!nm || !*nm || strchr(nm, '/'))
                rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: source without a usable name",
                             path, (long)xmlGetLineNo(sn));
            for (size_t j = 0; !rc && j < p->ncases; j++)
                if (p->case_ids[j] && !strcmp(p->case_ids[j], nm))
                    rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: source '%s' has the name "
                                                  "of another case",
                                 path, (long)xmlGetLineNo(sn), nm);
            if (!rc && (!(p->case_ids[d] = qual_strdup(nm)) || !(idv->str[d] = qual_strdup(nm))))
                rc = oom(ctx);
            xmlFree(nm);
            if (rc)
                break;
        }
        xmlNodePtr content = first(sn, "PlainTextContent");
        size_t tlen = 0;
        if (content) {
            xmlChar *c = xmlNodeGetContent(content);
            if (!c || !(text = qual_strdup((char *)c)))
                rc = oom(ctx);
            else
                tlen = strlen(text);
            xmlFree(c);
        } else {
            char *pt = attr(sn, "plainTextPath");
            if (!pt || strncmp(pt, "internal://", 11) || strstr(pt, "..")) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s: project.qde:%ld: source '%s' has no PlainTextContent and its "
                             "plainTextPath '%s' is not an internal:// file of the archive",
                             path, (long)xmlGetLineNo(sn), p->case_ids[d], pt ? pt : "");
            } else {
                char name[1024];
                snprintf(name, sizeof name, "sources/%s", pt + 11);
                rc = read_entry(&im, name, &text, &tlen, ctx);
            }
            xmlFree(pt);
        }
        if (rc)
            break;
        if (memchr(text, '\0', tlen)) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: the text of source '%s' contains NUL bytes", path,
                         p->case_ids[d]);
            break;
        }
        p->docs[d].text = text;
        p->docs[d].nbytes = tlen;
        p->docs[d].nchars = qual_u8len(text, tlen);
        text = NULL;
        for (xmlNodePtr sel = sn->children; !rc && sel; sel = sel->next) {
            if (!is(sel, "PlainTextSelection"))
                continue;
            char *a = attr(sel, "startPosition"), *b = attr(sel, "endPosition");
            char *e1 = NULL, *e2 = NULL;
            long long st = a ? strtoll(a, &e1, 10) : -1, en = b ? strtoll(b, &e2, 10) : -1;
            int okn = a && b && e1 != a && !*e1 && e2 != b && !*e2;
            xmlFree(a);
            xmlFree(b);
            if (!okn || st < 0 || en <= st || (unsigned long long)en > p->docs[d].nchars) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s: project.qde:%ld: selection %lld..%lld is out of range for "
                             "source '%s' (%zu characters); the offsets are wrong",
                             path, (long)xmlGetLineNo(sel), st, en, p->case_ids[d],
                             p->docs[d].nchars);
                break;
            }
            char *selu = attr(sel, "creatingUser");
            xmlNodePtr desc = first(sel, "Description");
            xmlChar *memo = desc ? xmlNodeGetContent(desc) : NULL;
            for (xmlNodePtr cd = sel->children; !rc && cd; cd = cd->next) {
                if (!is(cd, "Coding"))
                    continue;
                xmlNodePtr cr = first(cd, "CodeRef");
                char *t = cr ? attr(cr, "targetGUID") : NULL;
                long code = t ? find_guid(im.code_guid, p->ncodes, t) : -1;
                xmlFree(t);
                if (code < 0) {
                    rc = adx_err(ctx, ADX_EPARSE, "%s: project.qde:%ld: <Coding> refers to no code "
                                                  "of the codebook",
                                 path, (long)xmlGetLineNo(cd));
                    break;
                }
                char *cu = attr(cd, "creatingUser");
                long coder = coder_of(p, &im, cu ? cu : selu, ctx, &rc);
                xmlFree(cu);
                if (coder < 0)
                    break;
                if ((rc = grow((void **)&p->segs, &capseg, p->nsegs, sizeof *p->segs, ctx)))
                    break;
                adx_qseg_t sg = {d, (size_t)st, (size_t)en, (size_t)code, (size_t)coder, NULL, 0};
                if (memo && *memo && !(sg.memo = qual_strdup((char *)memo))) {
                    rc = oom(ctx);
                    break;
                }
                p->segs[p->nsegs++] = sg;
            }
            xmlFree(memo);
            xmlFree(selu);
        }
    }
    free(srcnode);
    free(src_case);
    if (rc)
        goto cleanup;
    /* Coders sorted by name (segment coder indexes remapped), coded flags. */
    if (!(seg_coder = malloc((p->ncoders + 1) * sizeof *seg_coder)) ||
        !(p->coded = calloc(p->ncases * (p->ncoders ? p->ncoders : 1), 1))) {
        rc = oom(ctx);
        goto cleanup;
    }
    {
        char **orig = malloc((p->ncoders + 1) * sizeof *orig);
        if (!orig) {
            rc = oom(ctx);
            goto cleanup;
        }
        memcpy(orig, p->coders, p->ncoders * sizeof *orig);
        qual_sort_names(p->coders, p->ncoders);
        for (size_t i = 0; i < p->ncoders; i++)
            for (size_t j = 0; j < p->ncoders; j++)
                if (orig[i] == p->coders[j])
                    seg_coder[i] = (long)j;
        free(orig);
        for (size_t k = 0; k < p->nsegs; k++) {
            p->segs[k].coder = (size_t)seg_coder[p->segs[k].coder];
            p->coded[p->segs[k].doc * p->ncoders + p->segs[k].coder] = 1;
        }
    }
    if ((rc = qual_finish(p, ctx)))
        goto cleanup;
    *out = p;
    p = NULL;
cleanup:
    imp_free(&im);
    free(xml);
    free(text);
    free(seg_coder);
    adx_qproject_free(p);
    return rc;
}

/* ---- Writing a project folder ---------------------------------------- */

adx_error_t adx_qcodebook_csv(const adx_qproject_t *p, char **out, size_t *len, adx_errctx_t *ctx)
{
    sbuf_t b = {0};
    sb_add(&b, "code,parent,definition,example\n", 31);
    for (size_t i = 0; i < p->ncodes; i++) {
        csv_field_sb(&b, p->codes[i].name);
        sb_add(&b, ",", 1);
        csv_field_sb(&b, p->codes[i].parent >= 0 ? p->codes[p->codes[i].parent].name : "");
        sb_add(&b, ",", 1);
        csv_field_sb(&b, p->codes[i].definition);
        sb_add(&b, ",", 1);
        csv_field_sb(&b, p->codes[i].example);
        sb_add(&b, "\n", 1);
    }
    if (b.oom) {
        free(b.s);
        return oom(ctx);
    }
    *out = b.s;
    *len = b.n;
    return ADX_OK;
}

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r") && *s != ' ') {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char path[4096];
            struct stat st;
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
                continue;
            if (!lstat(path, &st) && S_ISDIR(st.st_mode))
                rm_tree(path);
            else
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static FILE *open_in(const char *dir, const char *rel, adx_errctx_t *ctx, adx_error_t *rc)
{
    char path[8200];
    if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path) {
        *rc = adx_err(ctx, ADX_EIO, "%s/%s: path too long", dir, rel);
        return NULL;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        *rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", path, strerror(errno));
    return f;
}

adx_error_t adx_qproject_write(const adx_qproject_t *p, const char *dir, adx_errctx_t *ctx)
{
    struct stat st;
    if (!stat(dir, &st))
        return adx_err(ctx, ADX_EIO, "%s: already exists; give a new folder name for the "
                                     "imported project",
                       dir);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", dir) >= (int)sizeof tmp)
        return adx_err(ctx, ADX_EIO, "%s: path too long", dir);
    if (!mkdtemp(tmp))
        return adx_err(ctx, ADX_EIO, "%s: cannot create the folder: %s", dir, strerror(errno));
    adx_error_t rc = ADX_OK;
    char *csv = NULL;
    size_t len = 0;
    FILE *f = NULL;
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/transcripts", tmp);
    if (mkdir(sub, 0755)) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", sub, strerror(errno));
        goto cleanup;
    }
    snprintf(sub, sizeof sub, "%s/segments", tmp);
    if (p->ncoders && mkdir(sub, 0755)) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", sub, strerror(errno));
        goto cleanup;
    }
    if (!(f = open_in(tmp, "codebook.csv", ctx, &rc)))
        goto cleanup;
    if ((rc = adx_qcodebook_csv(p, &csv, &len, ctx))) {
        fclose(f);
        f = NULL;
        goto cleanup;
    }
    fwrite(csv, 1, len, f);
    free(csv);
    csv = NULL;
    if (fclose(f)) {
        f = NULL;
        rc = adx_err(ctx, ADX_EIO, "%s/codebook.csv: write error", tmp);
        goto cleanup;
    }
    f = NULL;
    if ((rc = adx_dataset_to_csv(p->cases, &csv, &len, ctx)))
        goto cleanup;
    if (!(f = open_in(tmp, "cases.csv", ctx, &rc)))
        goto cleanup;
    fwrite(csv, 1, len, f);
    if (fclose(f)) {
        f = NULL;
        rc = adx_err(ctx, ADX_EIO, "%s/cases.csv: write error", tmp);
        goto cleanup;
    }
    f = NULL;
    for (size_t d = 0; d < p->ncases; d++) {
        char rel[4096];
        snprintf(rel, sizeof rel, "transcripts/%s.txt", p->case_ids[d]);
        if (!(f = open_in(tmp, rel, ctx, &rc)))
            goto cleanup;
        /* Braces and backslashes are escaped: transcripts are read with the markup parser. */
        for (const char *s = p->docs[d].text; *s; s++) {
            if (*s == '{' || *s == '}' || *s == '\\')
                fputc('\\', f);
            fputc(*s, f);
        }
        if (fclose(f)) {
            f = NULL;
            rc = adx_err(ctx, ADX_EIO, "%s/%s: write error", tmp, rel);
            goto cleanup;
        }
        f = NULL;
    }
    for (size_t c = 0; c < p->ncoders; c++) {
        char rel[4096];
        snprintf(rel, sizeof rel, "segments/%s.csv", p->coders[c]);
        if (strchr(p->coders[c], '/')) {
            rc = adx_err(ctx, ADX_EPARSE, "coder name '%s' contains '/'", p->coders[c]);
            goto cleanup;
        }
        if (!(f = open_in(tmp, rel, ctx, &rc)))
            goto cleanup;
        fputs("case,start,end,code,memo\n", f);
        for (size_t k = 0; k < p->nsegs; k++) {
            const adx_qseg_t *sg = &p->segs[k];
            if (sg->coder != c)
                continue;
            csv_field(f, p->case_ids[sg->doc]);
            fprintf(f, ",%zu,%zu,", sg->start, sg->end);
            csv_field(f, p->codes[sg->code].name);
            fputc(',', f);
            csv_field(f, sg->memo ? sg->memo : "");
            fputc('\n', f);
        }
        if (fclose(f)) {
            f = NULL;
            rc = adx_err(ctx, ADX_EIO, "%s/%s: write error", tmp, rel);
            goto cleanup;
        }
        f = NULL;
    }
    if (rename(tmp, dir))
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", dir, strerror(errno));
cleanup:
    if (f)
        fclose(f);
    free(csv);
    if (rc)
        rm_tree(tmp);
    return rc;
}

/* ---- Word (.docx) transcripts ---------------------------------------- */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static int is_w(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name) && n->ns &&
           !xmlStrcmp(n->ns->href, BAD_CAST W_NS);
}

/* Text of the runs under n: w:t text, w:tab as a tab, w:br and w:cr as a newline. */
static void docx_runs(xmlNodePtr n, sbuf_t *b, int depth)
{
    if (depth > 256)
        return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                sb_add(b, (const char *)t, strlen((const char *)t));
            else
                b->oom = 1;
            xmlFree(t);
        } else if (is_w(c, "tab"))
            sb_add(b, "\t", 1);
        else if (is_w(c, "br") || is_w(c, "cr"))
            sb_add(b, "\n", 1);
        else if (!is_w(c, "p"))
            docx_runs(c, b, depth + 1);
    }
}

/* Paragraphs anywhere under n (body, tables), separated by blank lines. */
static void docx_paras(xmlNodePtr n, sbuf_t *b, int depth)
{
    if (depth > 256)
        return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "p")) {
            size_t before = b->n;
            if (before)
                sb_add(b, "\n\n", 2);
            size_t mark = b->n;
            docx_runs(c, b, depth + 1);
            if (b->n == mark && !b->oom) /* empty paragraph: drop the separator */
                b->n = before;
            if (b->s)
                b->s[b->n] = '\0';
        } else
            docx_paras(c, b, depth + 1);
    }
}

adx_error_t adx_docx_text(const char *path, char **out, size_t *len, adx_errctx_t *ctx)
{
    *out = NULL;
    *len = 0;
    adx_error_t rc = ADX_OK;
    imp_t im;
    memset(&im, 0, sizeof im);
    im.path = path;
    char *xml = NULL;
    size_t xlen = 0;
    sbuf_t b = {0};
    int zerr = 0;
    if (!(im.za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        rc = adx_err(ctx, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT ? ADX_EIO : ADX_EPARSE,
                     "%s: cannot open the Word file: %s; save it as .docx (not .doc)", path,
                     zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto cleanup;
    }
    if ((rc = read_entry(&im, "word/document.xml", &xml, &xlen, ctx)))
        goto cleanup;
    if (xlen > (size_t)INT32_MAX) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: word/document.xml is too large", path);
        goto cleanup;
    }
    xmlResetLastError();
    im.doc = xmlReadMemory(xml, (int)xlen, "word/document.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!im.doc) {
        const xmlError *xe = xmlGetLastError();
        rc = adx_err(ctx, ADX_EPARSE, "%s: word/document.xml:%d: malformed XML: %s", path,
                     xe ? xe->line : 0, xe && xe->message ? xe->message : "");
        size_t l = strlen(ctx ? ctx->msg : "");
        while (ctx && l && ctx->msg[l - 1] == '\n')
            ctx->msg[--l] = '\0';
        goto cleanup;
    }
    docx_paras(xmlDocGetRootElement(im.doc), &b, 0);
    if (b.oom) {
        rc = oom(ctx);
        goto cleanup;
    }
    sb_add(&b, "\n", 1);
    if (b.oom) {
        rc = oom(ctx);
        goto cleanup;
    }
    *out = b.s;
    *len = b.n;
    b.s = NULL;
cleanup:
    free(b.s);
    free(xml);
    imp_free(&im);
    return rc;
}

/* ---- REFI-QDA codebook (.qdc) import ---------------------------------- */

adx_error_t adx_qdc_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    imp_t im;
    memset(&im, 0, sizeof im);
    im.path = path;
    snprintf(im.where, sizeof im.where, "%.1000s", path);
    char *xml = NULL;
    size_t xlen = 0, cap = 0;
    adx_qproject_t *p = calloc(1, sizeof *p);
    if (!p || !(p->root = qual_strdup(path))) {
        rc = oom(ctx);
        goto cleanup;
    }
    if ((rc = qual_read_text(path, &xml, &xlen, ctx)))
        goto cleanup;
    if (xlen > (size_t)INT32_MAX) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: too large", path);
        goto cleanup;
    }
    xmlResetLastError();
    im.doc = xmlReadMemory(xml, (int)xlen, path, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!im.doc) {
        const xmlError *xe = xmlGetLastError();
        char msg[256] = "not well-formed XML";
        if (xe && xe->message) {
            snprintf(msg, sizeof msg, "%s", xe->message);
            size_t l = strlen(msg);
            while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
                msg[--l] = '\0';
        }
        rc = adx_err(ctx, ADX_EPARSE, "%s:%d: column %d: %s", path, xe ? xe->line : 0,
                     xe ? xe->int2 : 0, msg);
        goto cleanup;
    }
    xmlNodePtr root = xmlDocGetRootElement(im.doc);
    if (!root || xmlStrcmp(root->name, BAD_CAST "CodeBook") || !root->ns ||
        xmlStrcmp(root->ns->href, BAD_CAST QDC_NS)) {
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s: the root element is not <CodeBook> in namespace %s; is this a REFI-QDA "
                     "codebook (.qdc)?",
                     path, QDC_NS);
        goto cleanup;
    }
    xmlNodePtr codes = first_any(root, "Codes");
    if (!codes) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: <CodeBook> has no <Codes>", path);
        goto cleanup;
    }
    if ((rc = read_codes(&im, p, &cap, codes, -1, 0, ctx)))
        goto cleanup;
    if (p->ncodes == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the codebook has no codes", path);
        goto cleanup;
    }
    *out = p;
    p = NULL;
cleanup:
    imp_free(&im);
    free(xml);
    adx_qproject_free(p);
    return rc;
}
