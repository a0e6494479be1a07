/* The report as a Word document (Office Open XML, .docx): WordprocessingML written as
 * text into a zip archive by libzip (which writes a temporary file and renames it on
 * zip_close, so a failed write never leaves a partial document).
 *
 * Why direct XML writing rather than a DOCX library: the parts are a few fixed templates
 * plus document.xml, whose shape (paragraphs, tables, inline pictures) is small and
 * stable; libzip is already a dependency (REFI-QDA); and the C DOCX libraries in Debian
 * are either C++ or unmaintained. Tables are true Word tables in APA style: a rule above
 * and below the column headings and under the last row, none between rows or columns,
 * the number (bold) and title (italic) above, notes below; figures are PNG pictures drawn
 * from the figure's recipe (plot_priv.h), two pixels per point. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../base/base.h"
#include "ambidex/adx_report.h"
#include "plot_priv.h"
#include "view.h"

#define TEXT_WIDTH 9360 /* twips: US Letter, 1-inch margins */
#define EMU_PER_PT 12700

/* XML text: escaped; control characters other than tab become spaces. */
static void x_put(adx__sb_t *b, const char *s)
{
    adx__sb_xml(b, s, ADX__XML_CTRL);
}

/* A run of text: props is the <w:rPr> content ("" for none). */
static void run(adx__sb_t *b, const char *props, const char *text)
{
    adx__sb_str(b, "<w:r>");
    if (*props)
        adx__sb_printf(b, "<w:rPr>%s</w:rPr>", props);
    adx__sb_str(b, "<w:t xml:space=\"preserve\">");
    x_put(b, text);
    adx__sb_str(b, "</w:t></w:r>");
}

/* A paragraph of one run: style (or NULL), extra <w:pPr> content, run properties. */
static void para(adx__sb_t *b, const char *style, const char *ppr, const char *rpr,
                 const char *text)
{
    adx__sb_str(b, "<w:p><w:pPr>");
    if (style)
        adx__sb_printf(b, "<w:pStyle w:val=\"%s\"/>", style);
    adx__sb_printf(b, "%s</w:pPr>", ppr);
    run(b, rpr, text);
    adx__sb_str(b, "</w:p>\n");
}

/* APA caption above a table or figure: the label in bold, the title in italics on the
 * next line; both kept with what follows. */
static void caption(adx__sb_t *b, const char *text)
{
    char label[64];
    const char *title = adx__caption_split(text, label, sizeof label);
    if (*label)
        para(b, "Caption", "<w:keepNext/>", "<w:b/>", label);
    para(b, "Caption", "<w:keepNext/>", "<w:i/>", title);
}

/* ---- tables --------------------------------------------------------------------- */

/* The longest word of s and the length of s (UTF-8 code points). */
static size_t text_len(const char *s, size_t *word)
{
    size_t n = 0, cur = 0;
    for (; *s; s++) {
        if (((unsigned char)*s & 0xC0) == 0x80)
            continue;
        n++;
        cur = *s == ' ' ? 0 : cur + 1;
        *word = cur > *word ? cur : *word;
    }
    return n;
}

/* Column widths in twips at sz half-points: each column as wide as its longest text (up
 * to 40 characters; longer text wraps), never narrower than its longest word; when the
 * table is wider than the page, the room above the longest words shrinks evenly. */
static void col_widths(const adx__view_t *v, int sz, long *w)
{
    char buf[CELLBUF];
    long total = 0, floor_total = 0, *lo = w + v->ncols;
    for (size_t j = 0; j < v->ncols; j++) {
        size_t word = 0, n = text_len(adx__v_header(v, j), &word);
        for (size_t i = 0; i < v->t->nrows; i++) {
            size_t c = text_len(adx__v_cell(v, i, j, buf), &word);
            n = c > n ? c : n;
        }
        n = n > 40 ? 40 : n;
        w[j] = (long)n * sz * 6 + 200;
        lo[j] = (long)(word < n ? word : n) * sz * 6 + 200;
        total += w[j];
        floor_total += lo[j];
    }
    if (total <= TEXT_WIDTH)
        return;
    double f = floor_total < TEXT_WIDTH ? (double)(TEXT_WIDTH - floor_total) / (total - floor_total) : 0;
    for (size_t j = 0; j < v->ncols; j++)
        w[j] = lo[j] + (long)(f * (w[j] - lo[j]));
}

/* The table's font size (half-points): 10 pt, 8 pt when it would not fit, 7 pt with the
 * columns scaled to the page when even that is too wide. */
static int table_size(const adx__view_t *v, long *w)
{
    int sz = 20;
    col_widths(v, sz, w);
    long total = 0;
    for (size_t j = 0; j < v->ncols; j++)
        total += w[j];
    if (total >= TEXT_WIDTH) {
        sz = 16;
        col_widths(v, sz, w);
        total = 0;
        for (size_t j = 0; j < v->ncols; j++)
            total += w[j];
    }
    if (total > TEXT_WIDTH) { /* longest words still too wide (a 12-variable correlation
                               * matrix): 7 pt, the columns scaled to the page's width */
        sz = 14;
        col_widths(v, sz, w);
        total = 0;
        for (size_t j = 0; j < v->ncols; j++)
            total += w[j];
        for (size_t j = 0; total > TEXT_WIDTH && j < v->ncols; j++)
            w[j] = w[j] * TEXT_WIDTH / total;
    }
    return sz;
}

typedef struct {
    adx__sb_t *b;
    const long *w;
    int sz;
} tctx_t;

typedef struct {
    adx__sb_t *b;
    int sz;
} hctx_t;

/* A piece of a heading as a run (italic for the statistical symbols). */
static void head_emit(void *u, const char *s, size_t n, int italic)
{
    hctx_t *h = u;
    char *t = adx__strndup(s, n);
    char props[64];
    snprintf(props, sizeof props, "%s<w:sz w:val=\"%d\"/>", italic ? "<w:i/>" : "", h->sz);
    run(h->b, props, t ? t : "");
    free(t);
}

/* Borders of a cell ("H" as rpr: the text is a heading with APA symbols): top rule, bottom rule (thick: 8 eighths of a point, thin: 4). */
static void cell(const tctx_t *c, size_t j, size_t span, int top, int bottom, const char *jc,
                 const char *rpr, const char *text)
{
    long w = 0;
    for (size_t q = 0; q < span; q++)
        w += c->w[j + q];
    adx__sb_printf(c->b, "<w:tc><w:tcPr><w:tcW w:w=\"%ld\" w:type=\"dxa\"/>", w);
    if (span > 1)
        adx__sb_printf(c->b, "<w:gridSpan w:val=\"%zu\"/>", span);
    if (top || bottom) {
        adx__sb_str(c->b, "<w:tcBorders>");
        if (top)
            adx__sb_printf(c->b, "<w:top w:val=\"single\" w:sz=\"%d\" w:space=\"0\" "
                                 "w:color=\"000000\"/>", top);
        if (bottom)
            adx__sb_printf(c->b, "<w:bottom w:val=\"single\" w:sz=\"%d\" w:space=\"0\" "
                                 "w:color=\"000000\"/>", bottom);
        adx__sb_str(c->b, "</w:tcBorders>");
    }
    adx__sb_printf(c->b, "</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"%s\"/>"
                         "</w:pPr>", jc);
    char props[96];
    snprintf(props, sizeof props, "%s<w:sz w:val=\"%d\"/>", rpr, c->sz);
    if (*rpr == 'H') { /* a heading: APA symbols in italics */
        snprintf(props, sizeof props, "<w:sz w:val=\"%d\"/>", c->sz);
        hctx_t h = {c->b, c->sz};
        adx__apa_header(text, head_emit, &h);
    } else {
        run(c->b, props, text);
    }
    adx__sb_str(c->b, "</w:p></w:tc>");
}

static void row_open(adx__sb_t *b, int header)
{
    adx__sb_printf(b, "<w:tr><w:trPr><w:cantSplit/>%s</w:trPr>", header ? "<w:tblHeader/>" : "");
}

/* The header rows: the group labels (with a rule under each) above the headings. */
static void table_head(const adx__view_t *v, const tctx_t *c)
{
    int groups = v->t->ncolgroups > 0;
    if (groups) {
        row_open(c->b, 1);
        for (size_t j = 0; j < v->ncols; j++) {
            int start;
            const adx_span_t *s = adx__v_group(v, j, &start);
            if (s) {
                cell(c, j, s->count, 8, 4, "center", "H", s->label);
                j += s->count - 1;
            } else {
                cell(c, j, 1, 8, 0, "left", "", "");
            }
        }
        adx__sb_str(c->b, "</w:tr>\n");
    }
    row_open(c->b, 1);
    for (size_t j = 0; j < v->ncols; j++)
        cell(c, j, 1, groups ? 0 : 8, 4, adx__v_left(v, j) ? "left" : "center", "H",
             adx__v_header(v, j));
    adx__sb_str(c->b, "</w:tr>\n");
}

static void table_notes(adx__sb_t *b, const adx_table_t *t)
{
    for (size_t k = 0; k < t->nnotes; k++) {
        adx__sb_str(b, "<w:p><w:pPr><w:pStyle w:val=\"TableNote\"/></w:pPr>");
        if (k == 0)
            run(b, "<w:i/>", "Note. ");
        run(b, "", t->notes[k]);
        adx__sb_str(b, "</w:p>\n");
    }
}

static int docx_table(adx__sb_t *b, const adx_report_t *r, const adx_table_t *t)
{
    adx__view_t v = adx__view_of(r, t);
    long *w = calloc(2 * v.ncols + 1, sizeof *w);
    if (!w)
        return -1;
    int sz = table_size(&v, w);
    if (t->title)
        caption(b, t->title);
    adx__sb_str(b, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout "
                   "w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/>"
                   "<w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for (size_t j = 0; j < v.ncols; j++)
        adx__sb_printf(b, "<w:gridCol w:w=\"%ld\"/>", w[j]);
    adx__sb_str(b, "</w:tblGrid>\n");
    tctx_t c = {b, w, sz};
    table_head(&v, &c);
    char buf[CELLBUF], apa[CELLBUF];
    for (size_t i = 0; i < t->nrows; i++) {
        const char *span = adx__v_span(&v, i);
        if (span) { /* a row group's label: one italic cell across the table */
            row_open(b, 0);
            cell(&c, 0, v.ncols, 0, 0, "left", "<w:i/>", span);
            adx__sb_str(b, "</w:tr>\n");
        }
        row_open(b, 0);
        for (size_t j = 0; j < v.ncols; j++)
            cell(&c, j, 1, 0, i + 1 == t->nrows ? 8 : 0, adx__v_left(&v, j) ? "left" : "right",
                 "", adx__apa_cell(&v, j, adx__v_cell(&v, i, j, buf), apa));
        adx__sb_str(b, "</w:tr>\n");
    }
    adx__sb_str(b, "</w:tbl>\n");
    table_notes(b, t);
    free(w);
    return 0;
}

/* ---- figures -------------------------------------------------------------------- */

typedef struct {
    zip_t *za;
    adx__sb_t rels; /* word/_rels/document.xml.rels, the image entries */
    int nimg;
    int nfig;       /* figures so far, drawn or not (their numbers) */
} pkg_t;

/* Adds a malloc'd buffer as an archive entry (libzip frees it); 0 or -1. */
static int add_entry(zip_t *za, const char *name, void *buf, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, buf, (zip_uint64_t)len, 1);
    if (!s) {
        free(buf);
        return -1;
    }
    if (zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(s);
        return -1;
    }
    return 0;
}

static void picture(adx__sb_t *b, int id, double wpt, double hpt, const char *descr)
{
    long cx = (long)(wpt * EMU_PER_PT), cy = (long)(hpt * EMU_PER_PT);
    adx__sb_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing>"
                      "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                      "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:docPr id=\"%d\" name=\"Figure %d\" "
                      "descr=\"", cx, cy, id, id);
    x_put(b, descr);
    adx__sb_printf(b, "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>"
                      "</wp:cNvGraphicFramePr><a:graphic><a:graphicData "
                      "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
                      "<pic:pic><pic:nvPicPr><pic:cNvPr id=\"%d\" name=\"figure-%d.png\"/>"
                      "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImg%d\"/>"
                      "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
                      "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" cy=\"%ld\"/></a:xfrm>"
                      "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
                      "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>\n",
                   id, id, id, cx, cy);
}

/* The figure's note under it, as a table's. */
static void figure_note(adx__sb_t *b, const char *note)
{
    if (!note)
        return;
    adx__sb_str(b, "<w:p><w:pPr><w:pStyle w:val=\"TableNote\"/></w:pPr>");
    run(b, "<w:i/>", "Note. ");
    run(b, "", note);
    adx__sb_str(b, "</w:p>\n");
}

static adx_error_t docx_figure(adx__sb_t *b, pkg_t *P, const adx_block_t *k, adx_errctx_t *ctx)
{
    char cap[CELLBUF];
    caption(b, adx__figure_caption(k->caption, (size_t)P->nfig + 1, cap, sizeof cap));
    P->nfig++;
    adx__figure_t f;
    adx_error_t rc = adx__figure_open(k->text ? k->text : "", &f, ctx);
    if (rc || f.kind == 0) {
        adx__figure_close(&f);
        para(b, NULL, "", "", "[The figure is not drawn in this output.]");
        figure_note(b, k->note);
        return rc == ADX_ENOMEM ? rc : ADX_OK;
    }
    unsigned char *png = NULL;
    size_t len = 0;
    rc = adx__figure_png(&f, 300.0 / 72, &png, &len, ctx); /* 300 dpi, as journals ask */
    double w = f.w, h = f.h;
    adx__figure_close(&f);
    if (rc)
        return rc;
    char name[64];
    int id = ++P->nimg;
    snprintf(name, sizeof name, "word/media/image%d.png", id);
    if (add_entry(P->za, name, png, len))
        return adx_err(ctx, ADX_EIO, "cannot add %s to the document", name);
    adx__sb_printf(&P->rels, "<Relationship Id=\"rIdImg%d\" Type=\"http://schemas.openxmlformats."
                             "org/officeDocument/2006/relationships/image\" "
                             "Target=\"media/image%d.png\"/>", id, id);
    /* at most the text width (6.5 in) and, with the caption, a page's height (8 in) */
    double scale = fmin(1, fmin(468 / w, 576 / h));
    picture(b, id, w * scale, h * scale, k->caption ? k->caption : "");
    figure_note(b, k->note);
    return ADX_OK;
}

/* ---- the package ---------------------------------------------------------------- */

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Default Extension=\"png\" ContentType=\"image/png\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>\n";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>\n";

/* APA 7 student/professional paper basics: Times New Roman 12 pt, headings bold
 * (level 1 centred, level 2 flush left, level 3 bold italic), table text 10 pt single
 * spaced, notes 10 pt. */
#define STYLE(id, name, ppr, rpr)                                                          \
    "<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>"       \
    "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" ppr "</w:pPr><w:rPr>" rpr            \
    "</w:rPr></w:style>"
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
    "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
    "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-US\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "<w:qFormat/></w:style>"
    STYLE("Heading1", "heading 1", "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/>"
          "<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/>", "<w:b/><w:sz w:val=\"28\"/>")
    STYLE("Heading2", "heading 2", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>"
          "<w:outlineLvl w:val=\"1\"/>", "<w:b/>")
    STYLE("Heading3", "heading 3", "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"60\"/>"
          "<w:outlineLvl w:val=\"2\"/>", "<w:b/><w:i/>")
    STYLE("Caption", "caption", "<w:spacing w:before=\"0\" w:after=\"60\"/>", "")
    STYLE("TableText", "Table Text", "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" "
          "w:lineRule=\"auto\"/>", "<w:sz w:val=\"20\"/>")
    STYLE("TableNote", "Table Note", "<w:spacing w:before=\"60\" w:after=\"0\" w:line=\"240\" "
          "w:lineRule=\"auto\"/>", "<w:sz w:val=\"20\"/>")
    STYLE("Figure", "Figure", "<w:spacing w:before=\"60\" w:after=\"240\"/>", "")
    "</w:styles>\n";

static const char doc_open[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>\n";

static const char doc_close[] =
    "<w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" "
    "w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
    "</w:sectPr></w:body></w:document>\n";

/* word/document.xml (figures go into P as they come). */
static adx_error_t docx_body(const adx_report_t *r, pkg_t *P, adx__sb_t *b, adx_errctx_t *ctx)
{
    adx__sb_str(b, doc_open);
    for (size_t i = 0; i < r->nblocks; i++) {
        const adx_block_t *k = &r->blocks[i];
        char style[32];
        adx_error_t rc = ADX_OK;
        switch (k->kind) {
        case ADX_BLOCK_TABLE:
            if (docx_table(b, r, k->table))
                return adx_oom(ctx);
            para(b, NULL, "", "", "");
            break;
        case ADX_BLOCK_HEADING:
            snprintf(style, sizeof style, "Heading%d", k->level < 1 ? 1 : k->level > 3 ? 3 : k->level);
            para(b, style, "", "", k->text);
            break;
        case ADX_BLOCK_PARAGRAPH: para(b, NULL, "", "", k->text); break;
        case ADX_BLOCK_FIGURE: rc = docx_figure(b, P, k, ctx); break;
        }
        if (rc)
            return rc;
    }
    adx__sb_str(b, doc_close);
    return b->oom ? adx_oom(ctx) : ADX_OK;
}

/* Adds a copy of a constant text as an entry. */
static int add_text(zip_t *za, const char *name, const char *text)
{
    char *copy = adx__strdup(text);
    return copy ? add_entry(za, name, copy, strlen(copy)) : -1;
}

static int add_sb(zip_t *za, const char *name, adx__sb_t *b)
{
    size_t len = b->len;
    char *s = adx__sb_take(b);
    return s ? add_entry(za, name, s, len) : -1;
}

static int docx_parts(const adx_report_t *r, pkg_t *P, adx__sb_t *body)
{
    adx__sb_t core = {0}, rels = {0};
    adx__sb_str(&core, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                       "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
                       "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/"
                       "1.1/\"><dc:title>");
    x_put(&core, r->title ? r->title : "ambidex report");
    adx__sb_str(&core, "</dc:title><dc:creator>ambidex</dc:creator></cp:coreProperties>\n");
    adx__sb_str(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                       "relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas."
                       "openxmlformats.org/officeDocument/2006/relationships/styles\" "
                       "Target=\"styles.xml\"/>");
    adx__sb_put(&rels, P->rels.s ? P->rels.s : "", P->rels.len);
    adx__sb_str(&rels, "</Relationships>\n");
    int bad = core.oom || rels.oom;
    bad |= add_text(P->za, "[Content_Types].xml", content_types);
    bad |= add_text(P->za, "_rels/.rels", root_rels);
    bad |= add_sb(P->za, "word/document.xml", body);
    bad |= add_text(P->za, "word/styles.xml", styles);
    bad |= add_sb(P->za, "word/_rels/document.xml.rels", &rels);
    bad |= add_sb(P->za, "docProps/core.xml", &core);
    adx__sb_free(&core);
    adx__sb_free(&rels);
    return bad;
}

adx_error_t adx_report_write_docx(const adx_report_t *r, const char *path, adx_errctx_t *ctx)
{
    int zerr = 0;
    pkg_t P = {zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr), {0}, 0, 0};
    if (!P.za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        adx_error_t rc = adx_err(ctx, ADX_EIO, "%s: cannot create the document: %s", path,
                                 zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    adx__sb_t body = {0};
    adx_error_t rc = docx_body(r, &P, &body, ctx);
    if (!rc && (P.rels.oom || docx_parts(r, &P, &body)))
        rc = adx_err(ctx, ADX_ENOMEM, "%s: cannot assemble the document", path);
    if (!rc && zip_close(P.za) < 0)
        rc = adx_err(ctx, ADX_EIO, "%s: cannot write the document: %s", path, zip_strerror(P.za));
    if (rc)
        zip_discard(P.za);
    adx__sb_free(&body);
    adx__sb_free(&P.rels);
    return rc;
}
