/* Consensus coding (qual merge): splits the pooled coders' coding of each
 * document and code into pieces over which their decision does not change,
 * decides each disputed piece by a rule (the researchers' reconciliation file
 * overrides it, reconcile.c) and writes the consensus as a segments CSV.
 * docs/qual.md, "Consensus coding". */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qual_priv.h"

#define MERGE_MAX_CODERS 32

void adx_qmerge_options_init(adx_qmerge_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->into = "consensus";
    o->rule = ADX_QMERGE_UNION;
}

void adx_qmerge_free(adx_qmerge_t *m)
{
    if (!m)
        return;
    adx__free_strings(m->stale, m->nstale);
    ADX__FREE(m->coder, m->into, m->piece, m->order);
    free(m);
}

static int popcount(unsigned long x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* The rule's decision for a piece applied by `mask` of the `coded` coders. */
static int rule_keeps(adx_qmerge_rule_t rule, unsigned long mask, unsigned long coded)
{
    if (rule == ADX_QMERGE_UNION)
        return 1;
    if (rule == ADX_QMERGE_INTERSECTION)
        return 0;
    return 2 * popcount(mask & coded) > popcount(coded);
}

/* The state of one merge while the pieces are built. */
typedef struct {
    const adx_qproject_t *p;
    adx_qmerge_t *m;
    long *cm;          /* per project coder: merge coder index or -1 */
    size_t *boff;      /* code point -> byte of the current document */
    size_t *nl;        /* bytes of the newlines of the current document */
    size_t nnl;
    size_t pcap;       /* capacity of m->piece */
    struct ev {
        size_t pos;
        int delta, coder;
    } *ev;             /* the events of one group */
    size_t evcap;
    adx_errctx_t *ctx;
} mstate_t;

/* Names the file format cannot hold: '|' separates its fields, ',' the coders. */
static adx_error_t check_names(const adx_qproject_t *p, const adx_qmerge_options_t *o,
                               adx_errctx_t *ctx)
{
    for (size_t i = 0; i < o->ncoders; i++)
        if (strpbrk(o->coders[i], "|,\n\r"))
            return adx_err(ctx, ADX_EUSAGE, "--coders: coder '%s' has a '|', ',' or line "
                                            "break, which the reconciliation file cannot "
                                            "hold; rename the coder", o->coders[i]);
    for (size_t d = 0; d < p->ncases; d++)
        if (strchr(p->case_ids[d], '|'))
            return adx_err(ctx, ADX_EUSAGE, "%s/cases.csv:%zu: case '%s' has a '|', which "
                                            "the reconciliation file cannot hold; rename it",
                           p->root, d + 2, p->case_ids[d]);
    for (size_t c = 0; c < p->ncodes; c++)
        if (strchr(p->codes[c].name, '|'))
            return adx_err(ctx, ADX_EUSAGE, "%s/codebook.csv: code '%s' has a '|', which the "
                                            "reconciliation file cannot hold; rename it",
                           p->root, p->codes[c].name);
    if (!o->into || !o->into[0] || o->into[0] == '.' || strpbrk(o->into, "|,\n\r/\\%") ||
        strlen(o->into) > ADX__QUAL_NAME_MAX)
        return adx_err(ctx, ADX_EUSAGE, "--into: give the consensus coder a file-name-safe "
                                        "name (no '|', ',', '/', '\\', '%%', leading '.'; e.g. "
                                        "consensus)");
    return ADX_OK;
}

/* Checks the options and fills m->coder, m->into, m->rule and st->cm. */
static adx_error_t select_coders(mstate_t *st, const adx_qmerge_options_t *o)
{
    const adx_qproject_t *p = st->p;
    adx_qmerge_t *m = st->m;
    adx_qsel_t sel;
    unsigned char *mask = NULL;
    adx_qsel_init(&sel);
    sel.coders = o->coders;
    sel.ncoders = o->ncoders;
    adx_error_t rc = check_names(p, o, st->ctx);
    if (!rc && o->ncoders < 2)
        rc = adx_err(st->ctx, ADX_EUSAGE, "--coders: name two or more coders to pool, e.g. "
                                          "--coders A,B");
    if (rc || (rc = adx_qsel_coders(p, &sel, &mask, st->ctx)))
        goto cleanup;
    for (size_t i = 0; i < o->ncoders; i++)
        if (!strcmp(o->coders[i], o->into)) {
            rc = adx_err(st->ctx, ADX_EUSAGE, "--into %s: '%s' is one of the coders pooled; "
                                              "name the consensus coder differently", o->into,
                         o->into);
            goto cleanup;
        }
    if (!(m->coder = malloc((p->ncoders + 1) * sizeof *m->coder)) ||
        !(st->cm = malloc((p->ncoders + 1) * sizeof *st->cm)) ||
        !(m->into = adx__strdup(o->into))) {
        rc = adx_oom(st->ctx);
        goto cleanup;
    }
    for (size_t c = 0; c < p->ncoders; c++) {
        st->cm[c] = mask[c] ? (long)m->ncoders : -1;
        if (mask[c])
            m->coder[m->ncoders++] = c;
    }
    m->rule = o->rule;
    if (m->ncoders < 2 || m->ncoders > MERGE_MAX_CODERS)
        rc = adx_err(st->ctx, ADX_EUSAGE, "--coders: pool between 2 and %d different coders, "
                                          "not %zu", MERGE_MAX_CODERS, m->ncoders);
    else if (o->rule == ADX_QMERGE_MAJORITY && m->ncoders < 3)
        rc = adx_err(st->ctx, ADX_EUSAGE, "--rule majority needs three or more coders; with "
                                          "two use union or intersection");
cleanup:
    free(mask);
    return rc; /* the coders' order is the project's (sorted names) */
}

/* m->order: the pooled coders' segments, by document, then code, then start
 * (a counting sort per document keeps the start order of p->segs). */
static adx_error_t group_segments(mstate_t *st)
{
    const adx_qproject_t *p = st->p;
    adx_qmerge_t *m = st->m;
    size_t *cnt = calloc(p->ncodes + 1, sizeof *cnt);
    if (!cnt || !(m->order = malloc((p->nsegs + 1) * sizeof *m->order))) {
        free(cnt);
        return adx_oom(st->ctx);
    }
    for (size_t i = 0, j; i < p->nsegs; i = j) {
        size_t d = p->segs[i].doc, base = m->norder;
        for (j = i; j < p->nsegs && p->segs[j].doc == d; j++)
            if (st->cm[p->segs[j].coder] >= 0)
                cnt[p->segs[j].code]++;
        size_t run = base;
        for (size_t c = 0; c < p->ncodes; c++) {
            size_t k = cnt[c];
            cnt[c] = run;
            run += k;
        }
        for (size_t s = i; s < j; s++)
            if (st->cm[p->segs[s].coder] >= 0)
                m->order[cnt[p->segs[s].code]++] = s;
        m->norder = run;
        memset(cnt, 0, p->ncodes * sizeof *cnt);
    }
    free(cnt);
    return ADX_OK;
}

/* The code point -> byte table and the newlines of document d. */
static adx_error_t index_doc(mstate_t *st, size_t d)
{
    const adx_qdoc_t *doc = &st->p->docs[d];
    size_t *b = realloc(st->boff, (doc->nchars + 1) * sizeof *b);
    if (!b)
        return adx_oom(st->ctx);
    st->boff = b;
    size_t k = 0, nl = 0;
    for (size_t i = 0; i < doc->nbytes; i++) {
        if (((unsigned char)doc->text[i] & 0xC0) != 0x80)
            b[k++] = i;
        nl += doc->text[i] == '\n';
    }
    b[k] = doc->nbytes;
    size_t *n = realloc(st->nl, (nl + 1) * sizeof *n);
    if (!n)
        return adx_oom(st->ctx);
    st->nl = n;
    st->nnl = 0;
    for (size_t i = 0; i < doc->nbytes; i++)
        if (doc->text[i] == '\n')
            n[st->nnl++] = i;
    return ADX_OK;
}

/* 1-based line of byte offset `at` of the current document. */
static size_t line_of(const mstate_t *st, size_t at)
{
    size_t lo = 0, hi = st->nnl;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->nl[mid] < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo + 1;
}

static int has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
            return 1;
    }
    return 0;
}

/* Appends the stretch [a, b) applied by `mask` (joined to the previous piece
 * when it continues it). */
static adx_error_t add_piece(mstate_t *st, size_t d, size_t g0, size_t g1, size_t a, size_t b,
                             unsigned long mask)
{
    adx_qmerge_t *m = st->m;
    adx_qpiece_t *last = m->npieces ? &m->piece[m->npieces - 1] : NULL;
    if (last && last->doc == d && last->g0 == g0 && last->end == a && last->mask == mask) {
        last->end = b;
        return ADX_OK;
    }
    if (m->npieces == st->pcap && adx__grow(&m->piece, &st->pcap, sizeof *m->piece, 64))
        return adx_oom(st->ctx);
    m->piece[m->npieces++] = (adx_qpiece_t){.doc = d, .code = st->p->segs[m->order[g0]].code,
                                            .start = a, .end = b, .mask = mask, .g0 = g0,
                                            .g1 = g1};
    return ADX_OK;
}

static int cmp_ev(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The pieces of one document and code: the segments order[g0..g1). */
static adx_error_t sweep_group(mstate_t *st, size_t d, size_t g0, size_t g1)
{
    const adx_qproject_t *p = st->p;
    size_t n = 2 * (g1 - g0);
    if (n > st->evcap) {
        struct ev *e = realloc(st->ev, n * sizeof *e);
        if (!e)
            return adx_oom(st->ctx);
        st->ev = e;
        st->evcap = n;
    }
    for (size_t i = g0, k = 0; i < g1; i++) {
        const adx_qseg_t *s = &p->segs[st->m->order[i]];
        int c = (int)st->cm[s->coder];
        st->ev[k++] = (struct ev){s->start, 1, c};
        st->ev[k++] = (struct ev){s->end, -1, c};
    }
    qsort(st->ev, n, sizeof *st->ev, cmp_ev);
    int cnt[MERGE_MAX_CODERS] = {0};
    unsigned long mask = 0;
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < n;) {
        size_t x = st->ev[i].pos;
        for (; i < n && st->ev[i].pos == x; i++) {
            int c = st->ev[i].coder;
            cnt[c] += st->ev[i].delta;
            mask = cnt[c] > 0 ? mask | (1UL << c) : mask & ~(1UL << c);
        }
        if (i < n && mask)
            rc = add_piece(st, d, g0, g1, x, st->ev[i].pos, mask);
    }
    return rc;
}

/* Byte offsets, lines, status and the rule's decision of the pieces from `first`
 * on (all in document d). */
static void classify(mstate_t *st, size_t d, size_t first)
{
    const adx_qproject_t *p = st->p;
    adx_qmerge_t *m = st->m;
    unsigned long coded = 0;
    for (size_t c = 0; c < m->ncoders; c++)
        if (p->coded[d * p->ncoders + m->coder[c]])
            coded |= 1UL << c;
    for (size_t i = first; i < m->npieces; i++) {
        adx_qpiece_t *q = &m->piece[i];
        q->bstart = st->boff[q->start];
        q->bend = st->boff[q->end];
        q->line = line_of(st, q->bstart);
        q->coded = coded | q->mask;
        if ((q->mask & q->coded) == q->coded) {
            q->status = ADX_QPIECE_AGREED;
            q->keep = 1;
            continue;
        }
        q->keep = rule_keeps(m->rule, q->mask, q->coded);
        q->status = has_word(p->docs[d].text + q->bstart, q->bend - q->bstart)
                        ? ADX_QPIECE_DISPUTED
                        : ADX_QPIECE_AUTO;
        m->ndisputed += q->status == ADX_QPIECE_DISPUTED;
    }
}

static adx_error_t build_pieces(mstate_t *st)
{
    const adx_qproject_t *p = st->p;
    adx_qmerge_t *m = st->m;
    adx_error_t rc = ADX_OK;
    for (size_t i = 0, j; !rc && i < m->norder; i = j) {
        size_t d = p->segs[m->order[i]].doc, first = m->npieces;
        for (j = i; j < m->norder && p->segs[m->order[j]].doc == d; j++)
            ;
        if ((rc = index_doc(st, d)))
            break;
        for (size_t g = i, h; !rc && g < j; g = h) {
            size_t code = p->segs[m->order[g]].code;
            for (h = g; h < j && p->segs[m->order[h]].code == code; h++)
                ;
            rc = sweep_group(st, d, g, h);
        }
        if (!rc)
            classify(st, d, first);
    }
    return rc;
}

adx_error_t adx_qmerge(const adx_qproject_t *p, const adx_qmerge_options_t *o,
                       adx_qmerge_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    mstate_t st = {.p = p, .ctx = ctx};
    adx_error_t rc = ADX_OK;
    if (!(st.m = calloc(1, sizeof *st.m))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = select_coders(&st, o)) || (rc = group_segments(&st)) ||
        (rc = build_pieces(&st)))
        goto cleanup;
    *out = st.m;
    st.m = NULL;
cleanup:
    adx_qmerge_free(st.m);
    ADX__FREE(st.cm, st.boff, st.nl, st.ev);
    return rc;
}

/* The memos of the pooled segments of piece q's group that overlap [a, b), as
 * "coder: memo; coder: memo" into b (nothing when none). */
static void join_memos(const adx_qproject_t *p, const adx_qmerge_t *m, const adx_qpiece_t *q,
                       size_t a, size_t e, adx__sb_t *b)
{
    size_t n = 0;
    for (size_t i = q->g0; i < q->g1; i++) {
        const adx_qseg_t *s = &p->segs[m->order[i]];
        if (!s->memo || s->end <= a || s->start >= e)
            continue;
        adx__sb_printf(b, "%s%s: %s", n++ ? "; " : "", p->coders[s->coder], s->memo);
    }
}

adx_error_t adx_qmerge_consensus_csv(const adx_qproject_t *p, const adx_qmerge_t *m,
                                     char **out, size_t *len, size_t *nsegs,
                                     adx_errctx_t *ctx)
{
    adx__sb_t b = {0}, memo = {0};
    *out = NULL;
    *nsegs = 0;
    adx__sb_str(&b, "case,start,end,code,memo\n");
    for (size_t i = 0, j; i < m->npieces; i = j) {
        const adx_qpiece_t *q = &m->piece[i];
        j = i + 1;
        if (!q->keep)
            continue;
        size_t end = q->end;
        while (j < m->npieces && m->piece[j].keep && m->piece[j].g0 == q->g0 &&
               m->piece[j].start == end)
            end = m->piece[j++].end;
        memo.len = 0;
        join_memos(p, m, q, q->start, end, &memo);
        adx__sb_csv(&b, p->case_ids[q->doc]);
        adx__sb_printf(&b, ",%zu,%zu,", q->start, end);
        adx__sb_csv(&b, p->codes[q->code].name);
        adx__sb_char(&b, ',');
        if (memo.len)
            adx__sb_csv(&b, memo.s);
        adx__sb_char(&b, '\n');
        ++*nsegs;
    }
    int oom = memo.oom;
    adx__sb_free(&memo);
    *len = b.len;
    if (oom || !(*out = adx__sb_take(&b)))
        return adx_oom(ctx);
    return ADX_OK;
}

adx_error_t adx_qmerge_write_consensus(const adx_qproject_t *p, const adx_qmerge_t *m,
                                       size_t *nsegs, adx_errctx_t *ctx)
{
    char path[4096];
    char *csv = NULL;
    size_t len = 0;
    adx_error_t rc = adx_qmerge_consensus_csv(p, m, &csv, &len, nsegs, ctx);
    if (rc)
        return rc;
    snprintf(path, sizeof path, "%s/segments", p->root);
    if (mkdir(path, 0777) && errno != EEXIST)
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create the folder: %s", path, strerror(errno));
    else if (snprintf(path, sizeof path, "%s/segments/%s.csv", p->root, m->into) >=
             (int)sizeof path)
        rc = adx_err(ctx, ADX_EIO, "%s: path too long", p->root);
    else
        rc = adx_write_atomic(path, csv, len, ctx);
    free(csv);
    return rc;
}
