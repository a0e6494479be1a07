/* REFI-QDA import: .qdpx projects (a zip with project.qde and sources/) and .qdc
 * codebooks. One function per part of project.qde, in the order of the schema:
 * users, codebook, sources, cases (with the variables and their values), texts
 * and selections; then the coders. Every reference (a GUID) is checked. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zipxml.h"

/* The import's state: the archive, the document and the GUID tables. */
typedef struct {
    adx__zip_t z;
    char where[1100];     /* "ARCHIVE: project.qde" or "FILE.qdc", before ":LINE" in messages */
    xmlDocPtr doc;
    adx_qproject_t *p;
    size_t capcodes, capseg;
    char **user_guid, **user_name;
    size_t nusers, capusers;
    char **code_guid;     /* per code */
    size_t ncg;
    char **var_guid;      /* per case attribute (1-based like the dataset) */
    size_t nvars, capvars;
    char **src_guid;      /* per source */
    xmlNodePtr *src_node;
    long *src_case;       /* case of each source */
    size_t nsrc;
    adx_errctx_t *ctx;
} imp_t;

static void imp_free(imp_t *im)
{
    adx__free_strings(im->user_guid, im->nusers);
    adx__free_strings(im->user_name, im->nusers);
    adx__free_strings(im->code_guid, im->ncg);
    adx__free_strings(im->var_guid, im->nvars);
    adx__free_strings(im->src_guid, im->nsrc);
    free(im->src_node);
    free(im->src_case);
    if (im->doc)
        xmlFreeDoc(im->doc);
    adx__zip_close(&im->z);
}

/* ADX_EPARSE "WHERE:LINE: message" for node n. */
static adx_error_t bad(imp_t *im, xmlNodePtr n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static adx_error_t bad(imp_t *im, xmlNodePtr n, const char *fmt, ...)
{
    char msg[ADX_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return adx_err(im->ctx, ADX_EPARSE, "%s:%ld: %s", im->where, (long)xmlGetLineNo(n), msg);
}

static int is(xmlNodePtr n, const char *name) { return adx__xml_is(n, name, QDA_NS); }

static xmlNodePtr first(xmlNodePtr parent, const char *name)
{
    return adx__xml_first(parent, name, QDA_NS);
}

/* An element of the project or of the codebook namespace (Code, Codes,
 * Description have the same meaning in both). */
static int is_any(xmlNodePtr n, const char *name)
{
    return adx__xml_is(n, name, QDA_NS) || adx__xml_is(n, name, QDC_NS);
}

static xmlNodePtr first_any(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_any(c, name))
            return c;
    return NULL;
}

/* Attribute value (malloc'd by libxml2, free with xmlFree) or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, BAD_CAST name);
}

static adx_error_t need_attr(imp_t *im, xmlNodePtr n, const char *name, char **out)
{
    if (!(*out = attr(n, name)))
        return bad(im, n, "<%s> lacks the required attribute '%s'", (const char *)n->name, name);
    return ADX_OK;
}

/* The GUID of a reference child `ref` (or of n itself when ref is NULL) looked
 * up in tab; -1 when missing or unknown. */
static long find_ref(xmlNodePtr n, const char *ref, char **tab, size_t len)
{
    xmlNodePtr r = ref ? first(n, ref) : n;
    char *g = r ? attr(r, "targetGUID") : NULL;
    long k = -1;
    for (size_t i = 0; g && i < len && k < 0; i++)
        if (tab[i] && !strcmp(tab[i], g))
            k = (long)i;
    xmlFree(g);
    return k;
}

/* Room for one more element of size `size` in *v (capacity *cap). */
static adx_error_t grow(void **v, size_t *cap, size_t n, size_t size, adx_errctx_t *ctx)
{
    if (n < *cap)
        return ADX_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = realloc(*v, nc * size);
    if (!nv)
        return adx_oom(ctx);
    *v = nv;
    *cap = nc;
    return ADX_OK;
}

/* A libxml2 string copied into malloc'd memory (NULL when s is NULL or memory
 * runs out); s is freed. */
static char *take_xml(xmlChar *s)
{
    char *d = adx__strdup((const char *)s);
    xmlFree(s);
    return d;
}

/* ---- Users and codebook ----------------------------------------------- */

/* Calls f on every element `name` under parent (which may be NULL), stopping at
 * the first error. */
static adx_error_t each(imp_t *im, xmlNodePtr parent, const char *name,
                        adx_error_t (*f)(imp_t *, xmlNodePtr))
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next) {
        adx_error_t rc = is(c, name) ? f(im, c) : ADX_OK;
        if (rc)
            return rc;
    }
    return ADX_OK;
}

static adx_error_t read_user(imp_t *im, xmlNodePtr u)
{
    size_t cap = im->capusers;
    adx_error_t rc = grow((void **)&im->user_guid, &im->capusers, im->nusers, sizeof(char *), im->ctx);
    char *g = NULL;
    if (rc || (rc = grow((void **)&im->user_name, &cap, im->nusers, sizeof(char *), im->ctx)) ||
        (rc = need_attr(im, u, "guid", &g)))
        return rc;
    char *nm = attr(u, "name");
    im->user_guid[im->nusers] = adx__strdup(g);
    im->user_name[im->nusers] = adx__strdup(nm ? nm : g);
    im->nusers++;
    xmlFree(g);
    xmlFree(nm);
    if (!im->user_guid[im->nusers - 1] || !im->user_name[im->nusers - 1])
        return adx_oom(im->ctx);
    return ADX_OK;
}

/* Checks the name of a new code and makes room for it. */
static adx_error_t new_code(imp_t *im, xmlNodePtr c, const char *name)
{
    adx_qproject_t *p = im->p;
    if (adx_qcode_find(p, name) >= 0)
        return bad(im, c, "two codes are named '%s'; ambidex needs unique code names (rename "
                          "one in the source program)",
                   name);
    if (strpbrk(name, "{}:,#"))
        return bad(im, c, "code '%s' contains one of { } : , # which the ambidex markup uses; "
                          "rename it",
                   name);
    size_t cap = im->capcodes;
    adx_error_t rc = grow((void **)&p->codes, &im->capcodes, p->ncodes, sizeof *p->codes, im->ctx);
    if (!rc)
        rc = grow((void **)&im->code_guid, &cap, p->ncodes, sizeof *im->code_guid, im->ctx);
    return rc;
}

/* Reads the codebook tree under `parent` (a <Codes> or <Code> element). */
static adx_error_t read_codes(imp_t *im, xmlNodePtr parent, long of, int depth)
{
    adx_qproject_t *p = im->p;
    if (depth > 64)
        return bad(im, parent, "codes nested more than 64 deep");
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (!is_any(c, "Code"))
            continue;
        char *g = NULL, *name = NULL;
        adx_error_t rc = need_attr(im, c, "guid", &g);
        if (rc || (rc = need_attr(im, c, "name", &name)) || (rc = new_code(im, c, name))) {
            xmlFree(g);
            xmlFree(name);
            return rc;
        }
        adx_qcode_t *k = &p->codes[p->ncodes];
        memset(k, 0, sizeof *k);
        k->parent = of;
        k->depth = depth;
        xmlNodePtr d = first_any(c, "Description");
        xmlChar *desc = d ? xmlNodeGetContent(d) : NULL;
        char *ex = desc ? strstr((char *)desc, "\nExample: ") : NULL;
        if (ex)
            *ex = '\0';
        k->name = adx__strdup(name);
        k->definition = adx__strdup(desc ? (char *)desc : "");
        k->example = adx__strdup(ex ? ex + 10 : "");
        im->code_guid[p->ncodes] = adx__strdup(g);
        im->ncg = p->ncodes + 1;
        xmlFree(desc);
        xmlFree(g);
        xmlFree(name);
        size_t me = p->ncodes++;
        if (!k->name || !k->definition || !k->example || !im->code_guid[me])
            return adx_oom(im->ctx);
        if ((rc = read_codes(im, c, (long)me, depth + 1)))
            return rc;
    }
    return ADX_OK;
}

/* ---- Sources and cases ------------------------------------------------ */

/* The text sources, their GUIDs; every source without a case yet. */
static adx_error_t read_sources(imp_t *im, xmlNodePtr root)
{
    xmlNodePtr sources = first(root, "Sources");
    size_t nsrc = 0;
    for (xmlNodePtr s = sources ? sources->children : NULL; s; s = s->next)
        nsrc += is(s, "TextSource");
    if (nsrc == 0)
        return adx_err(im->ctx, ADX_EEMPTY,
                       "%s has no text sources; ambidex imports text transcripts only",
                       im->where);
    if (!(im->src_guid = calloc(nsrc, sizeof *im->src_guid)) ||
        !(im->src_node = calloc(nsrc, sizeof *im->src_node)) ||
        !(im->src_case = malloc(nsrc * sizeof *im->src_case)))
        return adx_oom(im->ctx);
    im->nsrc = nsrc;
    size_t k = 0;
    for (xmlNodePtr s = sources->children; s; s = s->next) {
        if (!is(s, "TextSource"))
            continue;
        im->src_node[k] = s;
        im->src_case[k] = -1;
        char *g = NULL;
        adx_error_t rc = need_attr(im, s, "guid", &g);
        if (rc)
            return rc;
        if (!(im->src_guid[k++] = take_xml((xmlChar *)g)))
            return adx_oom(im->ctx);
    }
    return ADX_OK;
}

/* Which source case number `ncase` (element c) holds: exactly one. */
static adx_error_t map_case_source(imp_t *im, xmlNodePtr c, size_t ncase)
{
    size_t nref = 0;
    for (xmlNodePtr r = c->children; r; r = r->next) {
        if (!is(r, "SourceRef"))
            continue;
        long s = find_ref(r, NULL, im->src_guid, im->nsrc);
        if (s < 0)
            return bad(im, r, "<SourceRef> points to no text source");
        if (im->src_case[s] >= 0)
            return bad(im, r, "a source belongs to two cases; ambidex needs one transcript per "
                              "case");
        im->src_case[s] = (long)ncase;
        nref++;
    }
    if (nref != 1)
        return bad(im, c, "case has %zu sources; ambidex needs exactly one transcript per case",
                   nref);
    return ADX_OK;
}

/* Cases: one per <Case>, then one per source without a case. */
static adx_error_t alloc_cases(imp_t *im, xmlNodePtr casesn)
{
    adx_qproject_t *p = im->p;
    size_t ncase = 0;
    for (xmlNodePtr c = casesn ? casesn->children : NULL; c; c = c->next) {
        if (!is(c, "Case"))
            continue;
        adx_error_t rc = map_case_source(im, c, ncase++);
        if (rc)
            return rc;
    }
    for (size_t s = 0; s < im->nsrc; s++)
        if (im->src_case[s] < 0)
            im->src_case[s] = (long)ncase++;
    if (!(p->case_ids = calloc(ncase, sizeof *p->case_ids)) ||
        !(p->docs = calloc(ncase, sizeof *p->docs)) ||
        !(p->cases = adx_dataset_alloc(ncase, im->z.path)))
        return adx_oom(im->ctx);
    p->ncases = ncase;
    if (!adx__qual_add_string_var(p->cases, "case"))
        return adx_oom(im->ctx);
    return ADX_OK;
}

/* One <Variable> as a case attribute (a column of p->cases). */
static adx_error_t read_variable(imp_t *im, xmlNodePtr v)
{
    adx_dataset_t *ds = im->p->cases;
    char *g = NULL, *nm = NULL, *ty = NULL;
    adx_error_t rc = need_attr(im, v, "guid", &g);
    if (!rc && !(rc = need_attr(im, v, "name", &nm)) &&
        !(rc = need_attr(im, v, "typeOfVariable", &ty)) &&
        !(rc = grow((void **)&im->var_guid, &im->capvars, im->nvars, sizeof(char *), im->ctx))) {
        if (adx_dataset_find(ds, nm) >= 0)
            rc = bad(im, v, "two variables are named '%s'", nm);
        else if (!strcmp(ty, "Integer") || !strcmp(ty, "Float")) {
            double *num = malloc((ds->nrows + 1) * sizeof *num);
            for (size_t i = 0; num && i < ds->nrows; i++)
                num[i] = NAN;
            rc = num ? adx_dataset_add_numeric(ds, nm, num, NULL, im->ctx) : adx_oom(im->ctx);
        } else if (!adx__qual_add_string_var(ds, nm))
            rc = adx_oom(im->ctx);
        if (!rc && !(im->var_guid[im->nvars++] = adx__strdup(g)))
            rc = adx_oom(im->ctx);
    }
    xmlFree(g);
    xmlFree(nm);
    xmlFree(ty);
    return rc;
}

/* Case d gets the name nm (of element n): usable and unique. */
static adx_error_t name_case(imp_t *im, xmlNodePtr n, size_t d, const char *nm,
                             const char *unusable, const char *twice)
{
    adx_qproject_t *p = im->p;
    const char *why = nm ? adx__qual_bad_case_name(nm) : "is missing";
    if (why) {
        char show[128];
        adx__qual_show_name(nm ? nm : "", show, sizeof show);
        return bad(im, n, "%s: the name '%s' %s; rename it in the source program", unusable,
                   show, why);
    }
    if (adx__qual_find_case(p, nm) >= 0)
        return bad(im, n, twice, nm);
    if (!(p->case_ids[d] = adx__strdup(nm)) || !(p->cases->vars[0].str[d] = adx__strdup(nm)))
        return adx_oom(im->ctx);
    return ADX_OK;
}

/* One <VariableValue> of case d. */
static adx_error_t read_value(imp_t *im, xmlNodePtr vv, size_t d)
{
    long j = find_ref(vv, "VariableRef", im->var_guid, im->nvars);
    if (j < 0)
        return bad(im, vv, "<VariableValue> refers to no declared variable");
    xmlNodePtr val = NULL;
    for (xmlNodePtr x = vv->children; x; x = x->next)
        if (x->type == XML_ELEMENT_NODE && !is(x, "VariableRef"))
            val = x;
    if (!val)
        return ADX_OK;
    adx_error_t rc = ADX_OK;
    xmlChar *content = xmlNodeGetContent(val);
    adx_variable_t *var = &im->p->cases->vars[1 + j];
    char had[64];
    const char *old = adx__qual_cell(var, d, had, sizeof had);
    if (!content)
        rc = adx_oom(im->ctx);
    else if (old)
        rc = bad(im, val, "case '%s' has two values of variable '%s': '%s' and '%s'; keep one",
                 im->p->case_ids[d], var->name, old, (char *)content);
    else if (var->type == ADX_VAR_NUMERIC) {
        char *end;
        double x = strtod((char *)content, &end);
        if (end == (char *)content || *end)
            rc = bad(im, val, "'%s' is not a number (variable '%s')", (char *)content, var->name);
        else
            var->num[d] = x;
    } else if (!(var->str[d] = adx__strdup((char *)content)))
        rc = adx_oom(im->ctx);
    xmlFree(content);
    return rc;
}

/* Case names and attribute values. */
static adx_error_t read_cases(imp_t *im, xmlNodePtr casesn)
{
    size_t d = 0;
    for (xmlNodePtr c = casesn ? casesn->children : NULL; c; c = c->next) {
        if (!is(c, "Case"))
            continue;
        char *nm = attr(c, "name");
        adx_error_t rc = name_case(im, c, d, nm,
                                   "case without a usable name",
                                   "two cases are named '%s'");
        xmlFree(nm);
        for (xmlNodePtr vv = c->children; !rc && vv; vv = vv->next)
            if (is(vv, "VariableValue"))
                rc = read_value(im, vv, d);
        if (rc)
            return rc;
        d++;
    }
    return ADX_OK;
}

/* ---- Texts and selections --------------------------------------------- */

/* The text of source s: inline PlainTextContent or an internal:// file. */
static adx_error_t read_text(imp_t *im, size_t s)
{
    xmlNodePtr sn = im->src_node[s];
    size_t d = (size_t)im->src_case[s], tlen = 0;
    adx_qproject_t *p = im->p;
    char *text = NULL;
    adx_error_t rc = ADX_OK;
    xmlNodePtr content = first(sn, "PlainTextContent");
    if (content) {
        if (!(text = take_xml(xmlNodeGetContent(content))))
            return adx_oom(im->ctx);
        tlen = strlen(text);
    } else {
        char *pt = attr(sn, "plainTextPath");
        if (!pt || strncmp(pt, "internal://", 11) || strstr(pt, "..")) {
            rc = bad(im, sn, "source '%s' has no PlainTextContent and its plainTextPath '%s' is "
                             "not an internal:// file of the archive",
                     p->case_ids[d], pt ? pt : "");
        } else {
            char name[1024];
            snprintf(name, sizeof name, "sources/%s", pt + 11);
            rc = adx__zip_read(&im->z, name,
                               "; the project refers to a source file that is missing", &text,
                               &tlen, im->ctx);
        }
        xmlFree(pt);
        if (rc)
            return rc;
    }
    if (memchr(text, '\0', tlen)) {
        free(text);
        return adx_err(im->ctx, ADX_EPARSE, "%s: the text of source '%s' contains NUL bytes",
                       im->z.path, p->case_ids[d]);
    }
    p->docs[d].text = text;
    p->docs[d].nbytes = tlen;
    p->docs[d].nchars = adx__qual_u8len(text, tlen);
    return ADX_OK;
}

/* Index of the coder named by a user GUID ("unknown" when none), added if new. */
static long coder_of(imp_t *im, const char *user_guid)
{
    adx_qproject_t *p = im->p;
    const char *name = "unknown";
    long u = -1;
    for (size_t i = 0; user_guid && i < im->nusers && u < 0; i++)
        if (im->user_guid[i] && !strcmp(im->user_guid[i], user_guid))
            u = (long)i;
    if (u >= 0 && im->user_name[u] && *im->user_name[u])
        name = im->user_name[u];
    for (size_t c = 0; c < p->ncoders; c++)
        if (!strcmp(p->coders[c], name))
            return (long)c;
    char **nc = realloc(p->coders, (p->ncoders + 1) * sizeof *nc);
    if (nc)
        p->coders = nc;
    if (!nc || !(nc[p->ncoders] = adx__strdup(name)))
        return -1;
    return (long)p->ncoders++;
}

/* The <Coding> elements of one selection (st..en of document d). */
static adx_error_t read_codings(imp_t *im, xmlNodePtr sel, size_t d, size_t st, size_t en)
{
    adx_error_t rc = ADX_OK;
    char *selu = attr(sel, "creatingUser");
    xmlNodePtr desc = first(sel, "Description");
    xmlChar *memo = desc ? xmlNodeGetContent(desc) : NULL;
    for (xmlNodePtr cd = sel->children; !rc && cd; cd = cd->next) {
        if (!is(cd, "Coding"))
            continue;
        long code = find_ref(cd, "CodeRef", im->code_guid, im->p->ncodes);
        if (code < 0) {
            rc = bad(im, cd, "<Coding> refers to no code of the codebook");
            break;
        }
        char *cu = attr(cd, "creatingUser");
        long coder = coder_of(im, cu ? cu : selu);
        xmlFree(cu);
        adx_qseg_t sg = {d, st, en, (size_t)code, (size_t)coder, NULL, 0};
        if (coder < 0 || (memo && *memo && !(sg.memo = adx__strdup((char *)memo))))
            rc = adx_oom(im->ctx);
        else if ((rc = adx__qual_add_seg(im->p, &im->capseg, &sg, im->ctx)))
            free(sg.memo);
    }
    xmlFree(memo);
    xmlFree(selu);
    return rc;
}

/* The PlainTextSelections of source s, whose text is already read. */
static adx_error_t read_selections(imp_t *im, size_t s)
{
    size_t d = (size_t)im->src_case[s];
    const adx_qdoc_t *doc = &im->p->docs[d];
    for (xmlNodePtr sel = im->src_node[s]->children; sel; sel = sel->next) {
        if (!is(sel, "PlainTextSelection"))
            continue;
        char *a = attr(sel, "startPosition"), *b = attr(sel, "endPosition");
        char *e1 = NULL, *e2 = NULL;
        long long st = a ? strtoll(a, &e1, 10) : -1, en = b ? strtoll(b, &e2, 10) : -1;
        int okn = a && b && e1 != a && !*e1 && e2 != b && !*e2;
        /* The offsets as written (strtoll reads "1x" as 1 and clamps overflow). */
        char shown[128];
        snprintf(shown, sizeof shown, "%.50s..%.50s", a ? a : "(none)", b ? b : "(none)");
        xmlFree(a);
        xmlFree(b);
        if (!okn || st < 0 || en <= st || (unsigned long long)en > doc->nchars)
            return bad(im, sel, "selection %s is out of range for source '%s' (%zu characters); "
                                "the offsets must be whole numbers with 0 <= start < end <= "
                                "length",
                       shown, im->p->case_ids[d], doc->nchars);
        adx_error_t rc = read_codings(im, sel, d, (size_t)st, (size_t)en);
        if (rc)
            return rc;
    }
    return ADX_OK;
}

/* Each source: the name of its case when no <Case> named it, its text, its
 * selections. */
static adx_error_t read_texts(imp_t *im)
{
    for (size_t s = 0; s < im->nsrc; s++) {
        size_t d = (size_t)im->src_case[s];
        adx_error_t rc = ADX_OK;
        if (!im->p->case_ids[d]) {
            char *nm = attr(im->src_node[s], "name");
            rc = name_case(im, im->src_node[s], d, nm, "source without a usable name",
                           "source '%s' has the name of another case");
            xmlFree(nm);
        }
        if (rc || (rc = read_text(im, s)) || (rc = read_selections(im, s)))
            return rc;
    }
    return ADX_OK;
}

/* Coders sorted by name (segment coder indexes remapped), coded flags. */
static adx_error_t sort_coders(adx_qproject_t *p, adx_errctx_t *ctx)
{
    size_t *to = malloc((p->ncoders + 1) * sizeof *to);
    char **orig = malloc((p->ncoders + 1) * sizeof *orig);
    if (!to || !orig || !(p->coded = calloc(p->ncases * (p->ncoders ? p->ncoders : 1), 1))) {
        free(to);
        free(orig);
        return adx_oom(ctx);
    }
    if (p->ncoders) /* no codings: p->coders is NULL */
        memcpy(orig, p->coders, p->ncoders * sizeof *orig);
    adx__qual_sort_names(p->coders, p->ncoders);
    for (size_t i = 0; i < p->ncoders; i++)
        for (size_t j = 0; j < p->ncoders; j++)
            if (orig[i] == p->coders[j])
                to[i] = j;
    for (size_t k = 0; k < p->nsegs; k++) {
        p->segs[k].coder = to[p->segs[k].coder];
        p->coded[p->segs[k].doc * p->ncoders + p->segs[k].coder] = 1;
    }
    free(orig);
    free(to);
    return ADX_OK;
}

/* ---- Entry points ----------------------------------------------------- */

/* A new import of `path` with an empty project; where = "PATH" + suffix. */
static adx_error_t imp_start(imp_t *im, const char *path, const char *suffix,
                             adx_errctx_t *ctx)
{
    memset(im, 0, sizeof *im);
    im->ctx = ctx;
    im->z.path = path;
    snprintf(im->where, sizeof im->where, "%.1000s%s", path, suffix);
    if (!(im->p = calloc(1, sizeof *im->p)) || !(im->p->root = adx__strdup(path)))
        return adx_oom(ctx);
    return ADX_OK;
}

/* Hands the project over (or frees it after an error) and frees the import. */
static adx_error_t imp_finish(imp_t *im, adx_error_t rc, adx_qproject_t **out)
{
    if (!rc)
        *out = im->p;
    else
        adx_qproject_free(im->p);
    imp_free(im);
    return rc;
}

/* The parts of project.qde, in order. */
static adx_error_t read_project(imp_t *im, xmlNodePtr root)
{
    adx_qproject_t *p = im->p;
    adx_error_t rc = each(im, first(root, "Users"), "User", read_user);
    if (rc)
        return rc;
    xmlNodePtr codes = first(first(root, "CodeBook"), "Codes");
    if (codes && (rc = read_codes(im, codes, -1, 0)))
        return rc;
    if (!p->codes && !(p->codes = calloc(1, sizeof *p->codes)))
        return adx_oom(im->ctx);
    xmlNodePtr casesn = first(root, "Cases");
    if ((rc = read_sources(im, root)) || (rc = alloc_cases(im, casesn)) ||
        (rc = each(im, first(root, "Variables"), "Variable", read_variable)) || (rc = read_cases(im, casesn)) ||
        (rc = read_texts(im)) || (rc = sort_coders(p, im->ctx)) ||
        (rc = adx__qdpx_memos(root, p, im->ctx)))
        return rc;
    return adx__qual_finish(p, im->ctx);
}

adx_error_t adx_qdpx_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    imp_t im;
    char *xml = NULL;
    size_t xlen = 0;
    adx_error_t rc = imp_start(&im, path, ": project.qde", ctx);
    if (rc || (rc = adx__zip_open(&im.z, path, "the archive", "give a REFI-QDA .qdpx file", ctx)))
        goto cleanup;
    if ((rc = adx__zip_read(&im.z, "project.qde",
                            "; a REFI-QDA project (.qdpx) holds project.qde at its top level",
                            &xml, &xlen, ctx)) ||
        (rc = adx__xml_load(xml, xlen, im.where, &im.doc, ctx)))
        goto cleanup;
    xmlNodePtr root = xmlDocGetRootElement(im.doc);
    if (!is(root, "Project"))
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s: the root element is not <Project> in namespace %s; is this a "
                     "REFI-QDA project?",
                     im.where, QDA_NS);
    else
        rc = read_project(&im, root);
cleanup:
    free(xml);
    return imp_finish(&im, rc, out);
}

adx_error_t adx_qdc_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    imp_t im;
    char *xml = NULL;
    size_t xlen = 0;
    adx_error_t rc = imp_start(&im, path, "", ctx);
    if (rc || (rc = adx__qual_read_text(path, "codebook", &xml, &xlen, ctx)) ||
        (rc = adx__xml_load(xml, xlen, path, &im.doc, ctx)))
        goto cleanup;
    xmlNodePtr root = xmlDocGetRootElement(im.doc), codes = NULL;
    if (!adx__xml_is(root, "CodeBook", QDC_NS))
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s: the root element is not <CodeBook> in namespace %s; is this a REFI-QDA "
                     "codebook (.qdc)?",
                     path, QDC_NS);
    else if (!(codes = first_any(root, "Codes")))
        rc = adx_err(ctx, ADX_EPARSE, "%s: <CodeBook> has no <Codes>", path);
    else if (!(rc = read_codes(&im, codes, -1, 0)) && im.p->ncodes == 0)
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the codebook has no codes", path);
cleanup:
    free(xml);
    return imp_finish(&im, rc, out);
}
