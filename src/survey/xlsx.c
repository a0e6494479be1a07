/* XLSForm workbooks (.xlsx): one sheet as rows of text cells, row 1 the column names,
 * for form.c (which reads the same from survey.csv, choices.csv, settings.csv). The
 * archive and XML readers are those of the Word transcripts (src/qual/zipxml.c: libzip
 * and libxml2 with the zip-bomb limits and the network off). Office Open XML
 * SpreadsheetML: xl/workbook.xml names the sheets, xl/_rels/workbook.xml.rels maps
 * them to parts, xl/sharedStrings.xml holds the text of cells of type "s"; a cell is
 * <c r="B3" t="s|inlineStr|str|b|n"><v>..</v></c> or <is><t>..</t></is>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../qual/zipxml.h"
#include "survey_priv.h"

#define SS_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PR_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define XLSX_MAX_COLS 16384 /* XFD, Excel's last column */

typedef struct {
    char **s;
    size_t n, cap;
} strs_t;

/* The text of the <t> elements under n (rich text runs), phonetic runs left out. */
static void text_of(xmlNodePtr n, adx__sb_t *b)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (adx__xml_is(c, "rPh", SS_NS))
            continue;
        if (adx__xml_is(c, "t", SS_NS)) {
            xmlChar *t = xmlNodeGetContent(c);
            adx__sb_str(b, t ? (const char *)t : "");
            xmlFree(t);
        } else if (c->type == XML_ELEMENT_NODE) {
            text_of(c, b);
        }
    }
}

static int push(strs_t *v, char *s)
{
    if (!s || (v->n == v->cap && adx__grow(&v->s, &v->cap, sizeof *v->s, 64))) {
        free(s);
        return -1;
    }
    v->s[v->n++] = s;
    return 0;
}

/* Reads part `name` of the archive as an XML document; *doc NULL when the part is
 * absent and `optional`. */
static adx_error_t part(adx__zip_t *z, const char *name, int optional, xmlDocPtr *doc,
                        adx_errctx_t *ctx)
{
    char *xml = NULL, where[512];
    size_t len = 0;
    *doc = NULL;
    if (optional && zip_name_locate(z->za, name, 0) < 0)
        return ADX_OK;
    snprintf(where, sizeof where, "%s: %s", z->path, name);
    adx_error_t rc = adx__zip_read(z, name, "; is this an Excel .xlsx workbook?", &xml, &len, ctx);
    if (!rc)
        rc = adx__xml_load(xml, len, where, doc, ctx);
    free(xml);
    return rc;
}

static adx_error_t shared_strings(adx__zip_t *z, strs_t *ss, adx_errctx_t *ctx)
{
    xmlDocPtr doc;
    adx_error_t rc = part(z, "xl/sharedStrings.xml", 1, &doc, ctx);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNodePtr si = root ? root->children : NULL; !rc && si; si = si->next) {
        if (!adx__xml_is(si, "si", SS_NS))
            continue;
        adx__sb_t b = {0};
        text_of(si, &b);
        char *s = adx__sb_take(&b);
        if (push(ss, s ? s : adx__strdup("")))
            rc = adx_oom(ctx);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* The part that holds sheet `sheet` ("xl/worksheets/sheet1.xml"), or NULL in *target
 * when the workbook has no such sheet. */
static adx_error_t sheet_part(adx__zip_t *z, const char *sheet, char **target, adx_errctx_t *ctx)
{
    xmlDocPtr wb = NULL, rels = NULL;
    xmlChar *rid = NULL;
    *target = NULL;
    adx_error_t rc = part(z, "xl/workbook.xml", 0, &wb, ctx);
    xmlNodePtr sheets = rc ? NULL : adx__xml_first(xmlDocGetRootElement(wb), "sheets", SS_NS);
    for (xmlNodePtr s = sheets ? sheets->children : NULL; s && !rid; s = s->next) {
        xmlChar *nm = adx__xml_is(s, "sheet", SS_NS) ? xmlGetProp(s, BAD_CAST "name") : NULL;
        if (nm && !xmlStrcasecmp(nm, BAD_CAST sheet))
            rid = xmlGetNsProp(s, BAD_CAST "id", BAD_CAST R_NS);
        xmlFree(nm);
    }
    if (rid && !(rc = part(z, "xl/_rels/workbook.xml.rels", 0, &rels, ctx))) {
        xmlNodePtr root = xmlDocGetRootElement(rels);
        for (xmlNodePtr r = root ? root->children : NULL; r && !*target && !rc; r = r->next) {
            xmlChar *id = adx__xml_is(r, "Relationship", PR_NS) ? xmlGetProp(r, BAD_CAST "Id") : NULL;
            xmlChar *t = id && !xmlStrcmp(id, rid) ? xmlGetProp(r, BAD_CAST "Target") : NULL;
            if (t) {
                adx__sb_t b = {0};
                adx__sb_printf(&b, t[0] == '/' ? "%s" : "xl/%s", t[0] == '/' ? (char *)t + 1 : (char *)t);
                if (!(*target = adx__sb_take(&b)))
                    rc = adx_oom(ctx);
            }
            xmlFree(id);
            xmlFree(t);
        }
    }
    xmlFree(rid);
    xmlFreeDoc(wb);
    xmlFreeDoc(rels);
    return rc;
}

/* Column of a cell reference ("AB12" -> 27), or -1. */
static long ref_col(const xmlChar *ref)
{
    long c = 0;
    const xmlChar *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && c <= XLSX_MAX_COLS; p++)
        c = c * 26 + (*p - 'A' + 1);
    return p == ref || c > XLSX_MAX_COLS ? -1 : c - 1;
}

/* The text of cell c. */
static char *cell_text(xmlNodePtr c, const strs_t *ss)
{
    xmlChar *t = xmlGetProp(c, BAD_CAST "t");
    adx__sb_t b = {0};
    if (t && !xmlStrcmp(t, BAD_CAST "inlineStr")) {
        xmlNodePtr is = adx__xml_first(c, "is", SS_NS);
        if (is)
            text_of(is, &b);
    } else {
        xmlNodePtr v = adx__xml_first(c, "v", SS_NS);
        xmlChar *val = v ? xmlNodeGetContent(v) : NULL;
        if (val && t && !xmlStrcmp(t, BAD_CAST "s")) {
            char *e;
            unsigned long k = strtoul((const char *)val, &e, 10);
            adx__sb_str(&b, !*e && k < ss->n ? ss->s[k] : "");
        } else if (val && t && !xmlStrcmp(t, BAD_CAST "b")) {
            adx__sb_str(&b, val[0] == '1' ? "TRUE" : "FALSE");
        } else if (val) {
            adx__sb_str(&b, (const char *)val);
        }
        xmlFree(val);
    }
    xmlFree(t);
    char *s = adx__sb_take(&b);
    return s ? s : adx__strdup("");
}

/* One <row>: its cells by column into a fresh array of width `ncols` (0: the header,
 * whose width is its last non-empty cell). */
static char **row_cells(xmlNodePtr row, const strs_t *ss, size_t *ncols, int *empty)
{
    strs_t v = {0};
    long next = 0;
    *empty = 1;
    for (xmlNodePtr c = row->children; c; c = c->next) {
        if (!adx__xml_is(c, "c", SS_NS))
            continue;
        xmlChar *ref = xmlGetProp(c, BAD_CAST "r");
        long col = ref ? ref_col(ref) : next;
        xmlFree(ref);
        if (col < 0 || col < next)
            continue;
        while (v.n < (size_t)col && !push(&v, adx__strdup("")))
            ;
        char *s = cell_text(c, ss);
        if (s)
            s = memmove(s, adx__trim(s), strlen(adx__trim(s)) + 1);
        *empty &= !s || !*s;
        if (push(&v, s) || v.n != (size_t)col + 1)
            break;
        next = col + 1;
    }
    size_t want = *ncols;
    if (!want) {
        want = v.n;
        while (want && !*v.s[want - 1])
            want--;
        *ncols = want;
    }
    char **out = calloc(want ? want : 1, sizeof *out);
    for (size_t j = 0; out && j < want; j++)
        if (!(out[j] = j < v.n ? v.s[j] : adx__strdup(""))) {
            adx__free_strings(out, j);
            out = NULL;
        } else if (j < v.n) {
            v.s[j] = NULL;
        }
    adx__free_strings(v.s, v.n);
    return out;
}

static adx_error_t sheet_rows(xmlDocPtr doc, const strs_t *ss, adx__sheet_t *s, adx_errctx_t *ctx)
{
    xmlNodePtr data = adx__xml_first(xmlDocGetRootElement(doc), "sheetData", SS_NS);
    size_t cap = 0, lcap = 0, line = 0;
    for (xmlNodePtr r = data ? data->children : NULL; r; r = r->next) {
        if (!adx__xml_is(r, "row", SS_NS))
            continue;
        xmlChar *rn = xmlGetProp(r, BAD_CAST "r");
        line = rn ? strtoul((const char *)rn, NULL, 10) : line + 1;
        xmlFree(rn);
        int empty;
        size_t w = s->names ? s->ncols : 0;
        char **cells = row_cells(r, ss, &w, &empty);
        if (!cells)
            return adx_oom(ctx);
        if (!s->names) {
            s->names = cells;
            s->ncols = w;
            continue;
        }
        if (empty) {
            adx__free_strings(cells, s->ncols);
            continue;
        }
        if (s->nrows == cap && (adx__grow(&s->cells, &cap, sizeof *s->cells, 64) ||
                                adx__grow(&s->lines, &lcap, sizeof *s->lines, 64))) {
            adx__free_strings(cells, s->ncols);
            return adx_oom(ctx);
        }
        s->cells[s->nrows] = cells;
        s->lines[s->nrows++] = line;
    }
    return ADX_OK;
}

adx_error_t adx__xlsx_sheet(const char *path, const char *sheet, adx__sheet_t *s, int *found,
                            adx_errctx_t *ctx)
{
    adx__zip_t z = {0};
    strs_t ss = {0};
    char *target = NULL;
    xmlDocPtr doc = NULL;
    *found = 0;
    adx_error_t rc = adx__zip_open(&z, path, "the XLSForm workbook",
                                   "save it from Excel or LibreOffice as .xlsx", ctx);
    if (!rc)
        rc = sheet_part(&z, sheet, &target, ctx);
    if (!rc && target && !(rc = shared_strings(&z, &ss, ctx)) &&
        !(rc = part(&z, target, 0, &doc, ctx))) {
        *found = 1;
        rc = sheet_rows(doc, &ss, s, ctx);
    }
    xmlFreeDoc(doc);
    free(target);
    adx__free_strings(ss.s, ss.n);
    adx__zip_close(&z);
    return rc;
}
