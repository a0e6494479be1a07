/* The qualitative project model: freeing, code lookup, segment order and the
 * overlap check, and the small text helpers every reader of src/qual shares. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qual_priv.h"

size_t adx__qual_u8len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

size_t adx__qual_u8offset(const char *s, size_t nbytes, size_t chars)
{
    size_t i = 0, k = 0;
    while (i < nbytes) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == chars)
                return i;
            k++;
        }
        i++;
    }
    return nbytes;
}

adx_error_t adx__qual_read_text(const char *path, const char *what, char **out, size_t *len,
                                adx_errctx_t *ctx)
{
    char *buf = NULL;
    size_t n = 0;
    adx_error_t rc = adx__slurp(path, ADX__CAP_TEXT, what, &buf, &n, ctx);
    if (rc)
        return rc;
    if ((rc = adx__text_nul(path, what, buf, n, ctx))) {
        free(buf);
        return rc;
    }
    /* Skip a UTF-8 byte order mark. */
    if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    *out = buf;
    *len = n;
    return ADX_OK;
}

const char *adx__qual_cell(const adx_variable_t *v, size_t row, char *buf, size_t n)
{
    if (v->type == ADX_VAR_STRING)
        return v->str[row];
    if (isnan(v->num[row]))
        return NULL;
    snprintf(buf, n, "%.15g", v->num[row]);
    return buf;
}

adx_variable_t *adx__qual_add_string_var(adx_dataset_t *ds, const char *name)
{
    adx_variable_t *v = adx__dataset_append(ds, name);
    if (!v)
        return NULL;
    v->type = ADX_VAR_STRING;
    if (!(v->str = calloc(ds->nrows + 1, sizeof *v->str)))
        return NULL; /* the dataset frees the name */
    return v;
}

size_t adx__qual_line_of(const adx_qdoc_t *d, size_t chars)
{
    size_t b = adx__qual_u8offset(d->text, d->nbytes, chars), line = 1;
    for (size_t i = 0; i < b; i++)
        line += d->text[i] == '\n';
    return line;
}

static int cmprange(const void *a, const void *b)
{
    const adx__qrange_t *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s;
}

size_t adx__qual_coded_ranges(const adx_qproject_t *p, const unsigned char *mask, size_t d,
                              size_t code, adx__qrange_t *r, size_t *nseg)
{
    size_t lo = 0, hi = p->nsegs, n = 0, m = 0;
    while (lo < hi) { /* the first segment of document d (segments sorted by doc) */
        size_t mid = lo + (hi - lo) / 2;
        if (p->segs[mid].doc < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t j = lo; j < p->nsegs && p->segs[j].doc == d; j++) {
        const adx_qseg_t *g = &p->segs[j];
        if (mask[g->coder] && adx_qcode_under(p, g->code, code))
            r[n++] = (adx__qrange_t){g->start, g->end};
    }
    *nseg = n;
    qsort(r, n, sizeof *r, cmprange);
    for (size_t i = 0; i < n; i++) {
        if (m && r[i].s <= r[m - 1].e) {
            if (r[i].e > r[m - 1].e)
                r[m - 1].e = r[i].e;
        } else {
            r[m++] = r[i];
        }
    }
    return m;
}

long adx__qual_find_case(const adx_qproject_t *p, const char *id)
{
    for (size_t i = 0; i < p->ncases; i++)
        if (p->case_ids[i] && !strcmp(p->case_ids[i], id))
            return (long)i;
    return -1;
}

const char *adx__qual_bad_case_name(const char *id)
{
    size_t n = strlen(id);
    if (n == 0)
        return "is empty";
    if (n > ADX__QUAL_NAME_MAX)
        return "is longer than 200 bytes (it names a file)";
    if (strchr(id, '/'))
        return "contains '/'";
    if (id[0] == '.')
        return "starts with '.' (a hidden file name; '.' and '..' name folders)";
    if (id[0] == ' ' || id[0] == '\t' || id[n - 1] == ' ' || id[n - 1] == '\t')
        return "starts or ends with a blank, which cases.csv drops";
    if (!strcmp(id, "NA") || !strcmp(id, "NaN"))
        return "reads as a missing value in cases.csv";
    for (const char *s = id; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return "contains a control character";
    return NULL;
}

void adx__qual_show_name(const char *name, char *buf, size_t n)
{
    size_t len = strlen(name);
    if (len <= 60)
        snprintf(buf, n, "%s", name);
    else
        snprintf(buf, n, "%.50s... (%zu bytes)", name, len);
}

/* Bytes a coder's file name cannot hold as they are. */
static int coder_escape(const char *s, size_t i)
{
    unsigned char ch = (unsigned char)s[i];
    return ch < 0x20 || ch == 0x7F || ch == '%' || ch == '/' || ch == '\\' ||
           (i == 0 && ch == '.');
}

void adx__qual_coder_file(const char *name, adx__sb_t *b)
{
    for (size_t i = 0; name[i]; i++) {
        if (coder_escape(name, i))
            adx__sb_printf(b, "%%%02X", (unsigned)(unsigned char)name[i]);
        else
            adx__sb_char(b, name[i]);
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void adx__qual_coder_name(char *s)
{
    char *d = s;
    for (const char *p = s; *p; p++) {
        int hi = p[0] == '%' ? hexval(p[1]) : -1, lo = hi >= 0 ? hexval(p[2]) : -1;
        if (lo >= 0 && (hi || lo)) {
            *d++ = (char)(hi * 16 + lo);
            p += 2;
        } else
            *d++ = *p;
    }
    *d = '\0';
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void adx__qual_sort_names(char **v, size_t n)
{
    if (n)
        qsort(v, n, sizeof *v, cmpstr);
}

adx_error_t adx__qual_add_seg(adx_qproject_t *p, size_t *cap, const adx_qseg_t *s,
                              adx_errctx_t *ctx)
{
    if (p->nsegs == *cap && adx__grow(&p->segs, cap, sizeof *p->segs, 64))
        return adx_oom(ctx);
    p->segs[p->nsegs++] = *s;
    return ADX_OK;
}

/* ---- Project --------------------------------------------------------- */

void adx_qproject_free(adx_qproject_t *p)
{
    if (!p)
        return;
    free(p->root);
    for (size_t i = 0; i < p->ncodes; i++) {
        ADX__FREE(p->codes[i].name, p->codes[i].definition, p->codes[i].example);
    }
    free(p->codes);
    adx_dataset_free(p->cases);
    for (size_t i = 0; i < p->ncases; i++) {
        free(p->case_ids[i]);
        if (p->docs)
            free(p->docs[i].text);
    }
    free(p->case_ids);
    free(p->docs);
    adx__free_strings(p->coders, p->ncoders);
    free(p->coded);
    for (size_t i = 0; i < p->nsegs; i++)
        free(p->segs[i].memo);
    free(p->segs);
    for (size_t i = 0; i < p->nmemos; i++)
        ADX__FREE(p->memos[i].author, p->memos[i].text);
    free(p->memos);
    free(p);
}

long adx_qcode_find(const adx_qproject_t *p, const char *name)
{
    for (size_t i = 0; i < p->ncodes; i++)
        if (!strcmp(p->codes[i].name, name))
            return (long)i;
    return -1;
}

int adx_qcode_under(const adx_qproject_t *p, size_t code, size_t anc)
{
    long c = (long)code;
    while (c >= 0) {
        if ((size_t)c == anc)
            return 1;
        c = p->codes[c].parent;
    }
    return 0;
}

static int cmpseg(const void *a, const void *b)
{
    const adx_qseg_t *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->coder != y->coder)
        return x->coder < y->coder ? -1 : 1;
    return 0;
}

/* The same coder coding the same code twice over overlapping text is an error. */
static adx_error_t check_overlaps(const adx_qproject_t *p, adx_errctx_t *ctx)
{
    for (size_t i = 0; i < p->nsegs; i++) {
        const adx_qseg_t *a = &p->segs[i];
        for (size_t j = i + 1; j < p->nsegs && p->segs[j].doc == a->doc && p->segs[j].start < a->end; j++) {
            const adx_qseg_t *b = &p->segs[j];
            if (b->code != a->code || b->coder != a->coder)
                continue;
            const adx_qseg_t *later = b->line ? b : a;
            if (later->line)
                return adx_err(ctx, ADX_EPARSE,
                               "%s/coding/%s/%s: line %zu: code '%s' overlaps another '%s' "
                               "segment of the same coder (characters %zu..%zu and %zu..%zu); "
                               "merge them into one segment",
                               p->root, p->coders[a->coder], p->case_ids[a->doc], later->line,
                               p->codes[a->code].name, p->codes[a->code].name, a->start,
                               a->end, b->start, b->end);
            return adx_err(ctx, ADX_EPARSE,
                           "%s: coder '%s', case '%s': code '%s' has overlapping "
                           "segments %zu..%zu and %zu..%zu; merge them into one segment",
                           p->root, p->coders[a->coder], p->case_ids[a->doc],
                           p->codes[a->code].name, a->start, a->end, b->start, b->end);
        }
    }
    return ADX_OK;
}

adx_error_t adx__qual_finish(adx_qproject_t *p, adx_errctx_t *ctx)
{
    if (p->nsegs)
        qsort(p->segs, p->nsegs, sizeof *p->segs, cmpseg);
    return check_overlaps(p, ctx);
}
