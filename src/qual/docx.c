/* Plain text of Word (.docx) transcripts: the paragraphs of word/document.xml. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zipxml.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* Deeper element nesting than this is not walked (hostile documents). */
#define DOCX_MAX_DEPTH 256

static int is_w(xmlNodePtr n, const char *name) { return adx__xml_is(n, name, W_NS); }

/* The text under n. Outside a paragraph (in_p = 0) only paragraphs (w:p) give
 * text, anywhere under n (body, tables), separated by blank lines; inside one,
 * w:t gives its text, w:tab a tab, w:br and w:cr a newline. */
static void docx_walk(xmlNodePtr n, adx__sb_t *b, int depth, int in_p)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "p")) {
            if (in_p)
                continue;
            size_t before = b->len;
            if (before)
                adx__sb_str(b, "\n\n");
            size_t mark = b->len;
            docx_walk(c, b, depth + 1, 1);
            if (b->len == mark && !b->oom) /* empty paragraph: drop the separator */
                b->len = before;
            if (b->s)
                b->s[b->len] = '\0';
        } else if (!in_p)
            docx_walk(c, b, depth + 1, 0);
        else if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                adx__sb_str(b, (const char *)t);
            else
                b->oom = 1;
            xmlFree(t);
        } else if (is_w(c, "tab"))
            adx__sb_char(b, '\t');
        else if (is_w(c, "br") || is_w(c, "cr"))
            adx__sb_char(b, '\n');
        else
            docx_walk(c, b, depth + 1, 1);
    }
}

adx_error_t adx_docx_text(const char *path, char **out, size_t *len, adx_errctx_t *ctx)
{
    *out = NULL;
    *len = 0;
    adx__zip_t z = {0};
    xmlDocPtr doc = NULL;
    char *xml = NULL, where[1100];
    size_t xlen = 0;
    adx__sb_t b = {0};
    snprintf(where, sizeof where, "%.1000s: word/document.xml", path);
    adx_error_t rc = adx__zip_open(&z, path, "the Word file", "save it as .docx (not .doc)", ctx);
    if (rc || (rc = adx__zip_read(&z, "word/document.xml", "; is this a Word .docx file?", &xml,
                                  &xlen, ctx)) ||
        (rc = adx__xml_load(xml, xlen, where, &doc, ctx)))
        goto cleanup;
    docx_walk(xmlDocGetRootElement(doc), &b, 0, 0);
    adx__sb_char(&b, '\n');
    size_t n = b.len;
    if (!(*out = adx__sb_take(&b))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    *len = n;
cleanup:
    adx__sb_free(&b);
    free(xml);
    if (doc)
        xmlFreeDoc(doc);
    adx__zip_close(&z);
    return rc;
}
