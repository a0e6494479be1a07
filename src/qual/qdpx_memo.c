/* Memos of a REFI-QDA project (qual import): Notes referred to by NoteRef from
 * codes (author: the Note's creatingUser) and the Descriptions of cases, as
 * code and case memos (docs/qual.md "REFI-QDA exchange"). Segment memos are the
 * selections' Descriptions, read with the selections (qdpx_read.c). */
#include <stdlib.h>
#include <string.h>

#include "zipxml.h"

typedef struct {
    xmlNodePtr root;
    adx_qproject_t *p;
    size_t cap, code; /* memo capacity; index of the next Code (document order) */
    adx_errctx_t *ctx;
} memo_read_t;

/* The element under `parent` (any depth, Notes or Users) whose guid is g. */
static xmlNodePtr by_guid(xmlNodePtr parent, const char *elem, const char *g)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next) {
        if (!adx__xml_is(c, elem, QDA_NS))
            continue;
        xmlChar *cg = xmlGetProp(c, BAD_CAST "guid");
        int same = cg && !strcmp((char *)cg, g);
        xmlFree(cg);
        if (same)
            return c;
    }
    return NULL;
}

/* Appends a memo (text and the author's name are copied). */
static adx_error_t push(memo_read_t *m, adx_qmemo_about_t about, size_t target,
                        const char *author, const char *text)
{
    adx_qproject_t *p = m->p;
    if (p->nmemos == m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 8;
        adx_qmemo_t *v = realloc(p->memos, nc * sizeof *v);
        if (!v)
            return adx_oom(m->ctx);
        p->memos = v;
        m->cap = nc;
    }
    adx_qmemo_t *me = &p->memos[p->nmemos];
    memset(me, 0, sizeof *me);
    me->about = about;
    me->target = target;
    me->author = adx__strdup(author ? author : "");
    me->text = adx__strdup(text);
    p->nmemos++;
    return me->author && me->text ? ADX_OK : adx_oom(m->ctx);
}

/* The memo of one NoteRef of code `code`: the Note's PlainTextContent. */
static adx_error_t note_memo(memo_read_t *m, xmlNodePtr ref, size_t code)
{
    xmlChar *g = xmlGetProp(ref, BAD_CAST "targetGUID");
    xmlNodePtr note = g ? by_guid(adx__xml_first(m->root, "Notes", QDA_NS), "Note", (char *)g)
                        : NULL;
    xmlFree(g);
    xmlNodePtr tc = note ? adx__xml_first(note, "PlainTextContent", QDA_NS) : NULL;
    if (!tc) /* a note kept in a file of its own (plainTextPath): not read */
        return ADX_OK;
    xmlChar *text = xmlNodeGetContent(tc), *ug = xmlGetProp(note, BAD_CAST "creatingUser");
    xmlNodePtr user = ug ? by_guid(adx__xml_first(m->root, "Users", QDA_NS), "User", (char *)ug)
                         : NULL;
    xmlChar *who = user ? xmlGetProp(user, BAD_CAST "name") : NULL;
    adx_error_t rc = text && *text ? push(m, ADX_QMEMO_CODE, code, (char *)who, (char *)text)
                                   : ADX_OK;
    xmlFree(text);
    xmlFree(ug);
    xmlFree(who);
    return rc;
}

/* The codes under `parent`, in the order qdpx_read.c numbered them. */
static adx_error_t code_memos(memo_read_t *m, xmlNodePtr parent)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next) {
        if (!adx__xml_is(c, "Code", QDA_NS))
            continue;
        size_t me = m->code++;
        adx_error_t rc = ADX_OK;
        for (xmlNodePtr r = c->children; !rc && r; r = r->next)
            if (adx__xml_is(r, "NoteRef", QDA_NS) && me < m->p->ncodes)
                rc = note_memo(m, r, me);
        if (rc || (rc = code_memos(m, c)))
            return rc;
    }
    return ADX_OK;
}

/* A case's Description: paragraphs "[author] memo" (as ambidex writes them) or
 * one memo without author. */
static adx_error_t case_memos(memo_read_t *m, xmlNodePtr c)
{
    xmlChar *nm = xmlGetProp(c, BAD_CAST "name");
    long d = nm ? adx__qual_find_case(m->p, (char *)nm) : -1;
    xmlFree(nm);
    xmlNodePtr dn = adx__xml_first(c, "Description", QDA_NS);
    xmlChar *text = d >= 0 && dn ? xmlNodeGetContent(dn) : NULL;
    adx_error_t rc = ADX_OK;
    for (char *s = (char *)text; !rc && s && *s;) {
        char *end = strstr(s, "\n\n"), *author = NULL;
        if (end)
            *end = '\0';
        char *close = s[0] == '[' ? strstr(s, "] ") : NULL;
        if (close && !memchr(s, '\n', (size_t)(close - s))) {
            *close = '\0';
            author = s + 1;
            s = close + 2;
        }
        if (*s)
            rc = push(m, ADX_QMEMO_CASE, (size_t)d, author, s);
        s = end ? end + 2 : NULL;
    }
    xmlFree(text);
    return rc;
}

adx_error_t adx__qdpx_memos(xmlNodePtr root, adx_qproject_t *p, adx_errctx_t *ctx)
{
    memo_read_t m = {root, p, p->nmemos, 0, ctx};
    adx_error_t rc = code_memos(&m, adx__xml_first(adx__xml_first(root, "CodeBook", QDA_NS),
                                                  "Codes", QDA_NS));
    xmlNodePtr cases = adx__xml_first(root, "Cases", QDA_NS);
    for (xmlNodePtr c = cases ? cases->children : NULL; !rc && c; c = c->next)
        if (adx__xml_is(c, "Case", QDA_NS))
            rc = case_memos(&m, c);
    return rc;
}
