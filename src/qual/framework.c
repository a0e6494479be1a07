/* The framework matrix (qual framework, docs/qual.md): cases x themes, each cell
 * the coded text with its line references, or the researcher's summary from a
 * CSV file (case,code,summary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qual_priv.h"

void adx_qframework_options_init(adx_qframework_options_t *o)
{
    memset(o, 0, sizeof *o);
    adx_qsel_init(&o->sel);
    o->sel.level = 0;
    o->max_chars = 300;
}

void adx_qframework_free(adx_qframework_t *f)
{
    if (!f)
        return;
    adx__free_strings(f->cell, f->ncases * f->k);
    ADX__FREE(f->code, f->summary, f->nsegs, f->summaries, f);
}

/* Appends code points [a, b) of doc to o with blank runs as one space; stops after
 * *left code points (when limit) and then appends an ellipsis. */
static void put_flat(adx__sb_t *o, const adx_qdoc_t *doc, size_t a, size_t b, int limit,
                     size_t *left)
{
    size_t i = adx__qual_u8offset(doc->text, doc->nbytes, a);
    size_t end = adx__qual_u8offset(doc->text, doc->nbytes, b);
    int blank = 0;
    while (i < end) {
        if (limit && *left == 0) {
            adx__sb_str(o, "\xe2\x80\xa6");
            return;
        }
        unsigned char c = (unsigned char)doc->text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            if (!blank)
                adx__sb_char(o, ' ');
            blank = 1;
            i++;
        } else {
            blank = 0;
            do
                adx__sb_char(o, doc->text[i++]);
            while (i < end && ((unsigned char)doc->text[i] & 0xC0) == 0x80);
        }
        if (limit)
            (*left)--;
    }
}

/* The cell of document d and node `code`: the union of the coded stretches, each
 * as "text [Lnn]", joined by " | "; past the limit only "[Lnn]". */
static adx_error_t cell_text(const adx_qproject_t *p, const unsigned char *mask, size_t d,
                             size_t code, size_t max_chars, adx__qrange_t *buf, char **out,
                             size_t *nst, adx_errctx_t *ctx)
{
    size_t nseg, m = adx__qual_coded_ranges(p, mask, d, code, buf, &nseg);
    adx__sb_t o = {0};
    size_t left = max_chars;
    for (size_t i = 0; i < m; i++) {
        if (i)
            adx__sb_str(&o, max_chars && !left ? " " : " | ");
        if (!max_chars || left) {
            put_flat(&o, &p->docs[d], buf[i].s, buf[i].e, max_chars > 0, &left);
            adx__sb_char(&o, ' ');
        }
        adx__sb_printf(&o, "[L%zu]", adx__qual_line_of(&p->docs[d], buf[i].s));
    }
    *nst = nseg;
    *out = o.len ? adx__sb_take(&o) : (adx__sb_free(&o), adx__strdup(""));
    return *out ? ADX_OK : adx_oom(ctx);
}

/* One row of the summaries file into f. */
static adx_error_t summary_row(const adx_qproject_t *p, adx_qframework_t *f,
                               const adx_dataset_t *ds, const long col[3], size_t r,
                               adx_errctx_t *ctx)
{
    char b1[64], b2[64], b3[64];
    const char *cid = adx__qual_cell(&ds->vars[col[0]], r, b1, sizeof b1);
    const char *cname = adx__qual_cell(&ds->vars[col[1]], r, b2, sizeof b2);
    const char *text = adx__qual_cell(&ds->vars[col[2]], r, b3, sizeof b3);
    long d = cid ? adx__qual_find_case(p, cid) : -1;
    if (d < 0)
        return adx_err(ctx, ADX_EPARSE,
                       "%s:%zu: column %ld: unknown case '%s'; use an id from cases.csv",
                       f->summaries, r + 2, col[0] + 1, cid ? cid : "");
    long code = cname ? adx_qcode_find(p, cname) : -1;
    if (code < 0)
        return adx__qual_unknown_code(p, f->summaries, r + 2, (size_t)col[1] + 1,
                                      cname ? cname : "", ctx);
    size_t j = 0;
    while (j < f->k && f->code[j] != (size_t)code)
        j++;
    if (j == f->k || !text || !*text)
        return ADX_OK; /* another level, or no summary: the coded text stays */
    size_t at = (size_t)d * f->k + j;
    if (f->summary[at])
        return adx_err(ctx, ADX_EPARSE,
                       "%s:%zu: column %ld: a second summary for case '%s' and code '%s'; "
                       "keep one row per case and code",
                       f->summaries, r + 2, col[2] + 1, cid, cname);
    char *t = adx__strdup(text);
    if (!t)
        return adx_oom(ctx);
    free(f->cell[at]);
    f->cell[at] = t;
    f->summary[at] = 1;
    return ADX_OK;
}

/* Reads the summaries file (o->summaries, or PROJECT/summaries.csv when present). */
static adx_error_t read_summaries(const adx_qproject_t *p, const char *path,
                                  adx_qframework_t *f, adx_errctx_t *ctx)
{
    struct stat st;
    adx__sb_t b = {0};
    if (!path) {
        adx__sb_printf(&b, "%s/summaries.csv", p->root);
        if (b.oom)
            return adx_oom(ctx);
        if (stat(b.s, &st)) {
            adx__sb_free(&b);
            return ADX_OK;
        }
        f->summaries = adx__sb_take(&b);
    } else {
        f->summaries = adx__strdup(path);
    }
    if (!f->summaries)
        return adx_oom(ctx);
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_error_t rc = adx_read_csv(f->summaries, &ro, &ds, ctx);
    if (rc)
        return rc;
    long col[3] = {adx_dataset_find(ds, "case"), adx_dataset_find(ds, "code"),
                   adx_dataset_find(ds, "summary")};
    if (col[0] < 0 || col[1] < 0 || col[2] < 0)
        rc = adx_err(ctx, ADX_EPARSE, "%s:1: the header needs columns case,code,summary",
                     f->summaries);
    for (size_t r = 0; !rc && r < ds->nrows; r++)
        rc = summary_row(p, f, ds, col, r, ctx);
    adx_dataset_free(ds);
    return rc;
}

adx_error_t adx_qframework(const adx_qproject_t *p, const adx_qframework_options_t *o,
                           adx_qframework_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL;
    adx__qrange_t *buf = NULL;
    adx_qframework_t *f = calloc(1, sizeof *f);
    if (!f)
        return adx_oom(ctx);
    if ((rc = adx_qsel_codes(p, &o->sel, &f->code, &f->k, ctx)) ||
        (rc = adx_qsel_coders(p, &o->sel, &mask, ctx)))
        goto cleanup;
    f->ncases = p->ncases;
    size_t nc = f->ncases * f->k;
    if (!(f->cell = calloc(nc + 1, sizeof *f->cell)) ||
        !(f->summary = calloc(nc + 1, 1)) || !(f->nsegs = calloc(nc + 1, sizeof *f->nsegs)) ||
        !(buf = malloc((p->nsegs + 1) * sizeof *buf))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t d = 0; !rc && d < p->ncases; d++)
        for (size_t j = 0; !rc && j < f->k; j++)
            rc = cell_text(p, mask, d, f->code[j], o->max_chars, buf, &f->cell[d * f->k + j],
                           &f->nsegs[d * f->k + j], ctx);
    if (!rc)
        rc = read_summaries(p, o->summaries, f, ctx);
    if (!rc) {
        *out = f;
        f = NULL;
    }
cleanup:
    adx_qframework_free(f);
    ADX__FREE(mask, buf);
    return rc;
}
