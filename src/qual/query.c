/* Queries: text search (words, phrases, wildcards), coding queries (AND, OR,
 * NOT, NEAR) and coding the hits. docs/qual.md, "Queries". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "query_priv.h"

void adx_qhits_free(adx_qhits_t *h)
{
    if (!h)
        return;
    free(h->hit);
    free(h);
}

void adx_qsearch_options_init(adx_qsearch_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->context = 8;
}

void adx_qcquery_options_init(adx_qcquery_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->within = 10;
    o->context = 8;
    adx_qsel_init(&o->sel);
}

int adx__qwhere(const adx_qproject_t *p, const char *where, size_t d, adx_error_t *rc,
                adx_errctx_t *ctx)
{
    if (!where)
        return 1;
    const char *eq = strchr(where, '=');
    char name[256], buf[64];
    if (!eq || eq == where || (size_t)(eq - where) >= sizeof name) {
        *rc = adx_err(ctx, ADX_EUSAGE, "--where '%s': write ATTRIBUTE=VALUE, e.g. "
                                       "--where gender=woman", where);
        return 0;
    }
    snprintf(name, sizeof name, "%.*s", (int)(eq - where), where);
    long v = adx_dataset_find(p->cases, name);
    if (v < 0) {
        *rc = adx_err(ctx, ADX_ENOVAR, "--where: no case attribute '%s' in %s/cases.csv",
                      name, p->root);
        return 0;
    }
    const char *val = adx__qual_cell(&p->cases->vars[v], d, buf, sizeof buf);
    return val && !strcmp(val, eq + 1);
}

/* ---- Hits --------------------------------------------------------------- */

typedef struct {
    adx_qhits_t *h;
    size_t cap;
    size_t context;
    size_t last_doc; /* the last document with a hit, + 1 (0: none) */
} hitlist_t;

/* Appends the hit over words [i, j] of t (document d), with context. */
static adx_error_t add_hit(hitlist_t *L, const adx__qtok_t *t, size_t d, size_t i, size_t j,
                           adx_errctx_t *ctx)
{
    adx_qhits_t *h = L->h;
    if (h->nhits == L->cap && adx__grow(&h->hit, &L->cap, sizeof *h->hit, 64))
        return adx_oom(ctx);
    size_t a = i > L->context ? i - L->context : 0;
    size_t b = j + L->context < t->n ? j + L->context : t->n - 1;
    h->hit[h->nhits++] = (adx_qhit_t){d, t->w[i].cstart, t->w[j].cend, t->w[i].bstart,
                                      t->w[j].bend, t->w[a].bstart, t->w[b].bend, t->w[i].line};
    if (L->last_doc != d + 1)
        h->ncases++;
    L->last_doc = d + 1;
    return ADX_OK;
}

/* The words of a term, folded and split at blanks, into pat (NULL-terminated;
 * the strings point into buf). */
static size_t split_term(const char *term, char *buf, const char **pat, size_t max)
{
    size_t n = 0;
    adx__qfold(term, buf);
    for (char *s = strtok(buf, " \t\n\""); s && n + 1 < max; s = strtok(NULL, " \t\n\""))
        pat[n++] = s;
    pat[n] = NULL;
    return n;
}

/* Does phrase pat (np words) match the words of t from i on? */
static int phrase_at(const adx__qtok_t *t, size_t i, const char *const *pat, size_t np)
{
    if (i + np > t->n)
        return 0;
    for (size_t k = 0; k < np; k++)
        if (!adx__qglob(pat[k], t->fold + t->w[i + k].fold))
            return 0;
    return 1;
}

#define MAX_PHRASE 32

/* Hits of the terms in one tokenized document (each word starts at most one hit:
 * the first term that matches there). */
static adx_error_t search_doc(hitlist_t *L, const adx__qtok_t *t, size_t d,
                              const char *const (*pats)[MAX_PHRASE], const size_t *np,
                              size_t nterms, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < t->n; i++)
        for (size_t k = 0; k < nterms; k++)
            if (np[k] && phrase_at(t, i, pats[k], np[k])) {
                rc = add_hit(L, t, d, i, i + np[k] - 1, ctx);
                break;
            }
    return rc;
}

adx_error_t adx_qsearch(const adx_qproject_t *p, const adx_qsearch_options_t *o,
                        adx_qhits_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx__qtok_t t = {0};
    hitlist_t L = {.context = o->context};
    const char *(*pats)[MAX_PHRASE] = calloc(o->nterms + 1, sizeof *pats);
    size_t *np = calloc(o->nterms + 1, sizeof *np), total = 0;
    char **bufs = calloc(o->nterms + 1, sizeof *bufs);
    adx_error_t rc = ADX_OK;
    if (!pats || !np || !bufs || !(L.h = calloc(1, sizeof *L.h))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t k = 0; k < o->nterms; k++) {
        if (!(bufs[k] = malloc(strlen(o->terms[k]) + 1))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        total += np[k] = split_term(o->terms[k], bufs[k], pats[k], MAX_PHRASE);
    }
    if (!total) {
        rc = adx_err(ctx, ADX_EUSAGE, "qual search: give a word or \"a phrase\" to search for");
        goto cleanup;
    }
    for (size_t d = 0; !rc && d < p->ncases; d++) {
        if (!adx__qwhere(p, o->where, d, &rc, ctx))
            continue;
        L.h->searched++;
        if (!(rc = adx__qtok(&p->docs[d], &t, ctx)))
            rc = search_doc(&L, &t, d, (const char *const(*)[MAX_PHRASE])pats, np, o->nterms,
                            ctx);
    }
    if (!rc) {
        *out = L.h;
        L.h = NULL;
    }
cleanup:
    adx__free_strings(bufs, o->nterms);
    ADX__FREE(pats, np);
    adx_qhits_free(L.h);
    adx__qtok_free(&t);
    return rc;
}

/* ---- Coding query ------------------------------------------------------ */

/* A list of disjoint, sorted ranges [s, e) of one document. */
typedef struct {
    size_t *s, *e;
    size_t n, cap;
} ranges_t;

static void ranges_free(ranges_t *r)
{
    ADX__FREE(r->s, r->e);
    memset(r, 0, sizeof *r);
}

static int ranges_add(ranges_t *r, size_t s, size_t e)
{
    if (r->n && s <= r->e[r->n - 1]) { /* input sorted by start: join */
        if (e > r->e[r->n - 1])
            r->e[r->n - 1] = e;
        return 0;
    }
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 16;
        size_t *ns = realloc(r->s, nc * sizeof *ns);
        if (!ns)
            return -1;
        r->s = ns;
        size_t *ne = realloc(r->e, nc * sizeof *ne);
        if (!ne)
            return -1;
        r->e = ne;
        r->cap = nc;
    }
    r->s[r->n] = s;
    r->e[r->n++] = e;
    return 0;
}

/* The text of document d coded with `code` or a sub-code by the selected
 * coders (segments of d are p->segs[a..b), sorted by start). */
static int code_ranges(const adx_qproject_t *p, size_t a, size_t b, size_t code,
                       const unsigned char *mask, ranges_t *out)
{
    out->n = 0;
    for (size_t i = a; i < b; i++)
        if (mask[p->segs[i].coder] && adx_qcode_under(p, p->segs[i].code, code) &&
            ranges_add(out, p->segs[i].start, p->segs[i].end))
            return -1;
    return 0;
}

/* x OP y into out: 'A' intersection, 'O' union, 'N' difference (x AND NOT y). */
static int combine(const ranges_t *x, const ranges_t *y, int op, ranges_t *out)
{
    out->n = 0;
    size_t i = 0, j = 0;
    if (op == 'O') {
        while (i < x->n || j < y->n) {
            int fx = j >= y->n || (i < x->n && x->s[i] <= y->s[j]);
            if (fx ? ranges_add(out, x->s[i], x->e[i]) : ranges_add(out, y->s[j], y->e[j]))
                return -1;
            fx ? i++ : j++;
        }
        return 0;
    }
    for (; i < x->n; i++) {
        size_t s = x->s[i];
        while (j < y->n && y->e[j] <= s)
            j++;
        for (size_t k = j; k < y->n && y->s[k] < x->e[i]; k++) {
            size_t a = y->s[k] > s ? y->s[k] : s, b = y->e[k] < x->e[i] ? y->e[k] : x->e[i];
            if (op == 'A' && ranges_add(out, a, b))
                return -1;
            if (op == 'N' && a > s && ranges_add(out, s, a))
                return -1;
            s = b > s ? b : s;
        }
        if (op == 'N' && s < x->e[i] && ranges_add(out, s, x->e[i]))
            return -1;
    }
    return 0;
}

/* Index of the first word of t starting at or after code point c. */
static size_t word_at(const adx__qtok_t *t, size_t c)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->w[mid].cstart < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Words strictly between the ranges [s1, e1) and [s2, e2) (0 when they overlap). */
static size_t gap_words(const adx__qtok_t *t, size_t s1, size_t e1, size_t s2, size_t e2)
{
    if (s2 < e1 && s1 < e2)
        return 0;
    size_t a = e1 <= s2 ? e1 : e2, b = e1 <= s2 ? s2 : s1;
    size_t i = word_at(t, a), j = word_at(t, b);
    return j > i ? j - i : 0;
}

/* x NEAR y: the ranges of x and of y with one of the other at most `within`
 * words away. */
static int near(const ranges_t *x, const ranges_t *y, const adx__qtok_t *t, size_t within,
                ranges_t *out)
{
    ranges_t kx = {0}, ky = {0};
    unsigned char *uy = calloc(y->n + 1, 1);
    int bad = !uy;
    for (size_t i = 0; !bad && i < x->n; i++) {
        int hit = 0;
        for (size_t j = 0; j < y->n; j++)
            if (gap_words(t, x->s[i], x->e[i], y->s[j], y->e[j]) <= within)
                hit = uy[j] = 1;
        if (hit)
            bad = ranges_add(&kx, x->s[i], x->e[i]);
    }
    for (size_t j = 0; !bad && j < y->n; j++)
        if (uy[j])
            bad = ranges_add(&ky, y->s[j], y->e[j]);
    if (!bad)
        bad = combine(&kx, &ky, 'O', out);
    free(uy);
    ranges_free(&kx);
    ranges_free(&ky);
    return bad ? -1 : 0;
}

#define MAX_TERMS 64

typedef struct {
    size_t code[MAX_TERMS];
    int neg[MAX_TERMS];
    char op[MAX_TERMS]; /* op[i] joins term i - 1 and term i: 'A', 'O' or 'R' (NEAR) */
    size_t n;
} cexpr_t;

/* The next word of *s (blank-separated; "double quotes" for names with blanks)
 * into buf; 0 at the end. */
static int next_word(const char **s, char *buf, size_t size)
{
    const char *c = *s + strspn(*s, " \t");
    size_t n = 0;
    if (!*c)
        return 0;
    if (*c == '"') {
        for (c++; *c && *c != '"'; c++)
            if (n + 1 < size)
                buf[n++] = *c;
        c += *c == '"';
    } else {
        for (; *c && *c != ' ' && *c != '\t'; c++)
            if (n + 1 < size)
                buf[n++] = *c;
    }
    buf[n] = '\0';
    *s = c;
    return 1;
}

static adx_error_t parse_expr(const adx_qproject_t *p, const char *expr, cexpr_t *e,
                              adx_errctx_t *ctx)
{
    char w[512];
    const char *s = expr;
    int want_term = 1, neg = 0;
    memset(e, 0, sizeof *e);
    while (next_word(&s, w, sizeof w)) {
        int isop = !strcmp(w, "AND") || !strcmp(w, "OR") || !strcmp(w, "NEAR");
        if (want_term && !strcmp(w, "NOT")) {
            neg = !neg;
            continue;
        }
        if (want_term == isop || e->n == MAX_TERMS)
            return adx_err(ctx, ADX_EUSAGE, "coding query '%s': '%s' out of place; write "
                           "CODE (AND|OR|NEAR [NOT] CODE)..., e.g. \"finance AND NOT time\"",
                           expr, w);
        if (isop) {
            e->op[e->n] = w[0] == 'N' ? 'R' : w[0];
            want_term = 1;
            continue;
        }
        long c = adx_qcode_find(p, w);
        if (c < 0)
            return adx_err(ctx, ADX_ENOVAR, "coding query '%s': no code '%s' in "
                           "%s/codebook.csv", expr, w, p->root);
        e->code[e->n] = (size_t)c;
        e->neg[e->n++] = neg;
        neg = 0;
        want_term = 0;
    }
    if (want_term)
        return adx_err(ctx, ADX_EUSAGE, "coding query '%s': %s; write CODE (AND|OR|NEAR "
                       "[NOT] CODE)...", expr, e->n ? "ends with an operator" : "is empty");
    return ADX_OK;
}

/* Evaluation scratch of one document. */
typedef struct {
    ranges_t acc, term, tmp, all;
} cwork_t;

/* The ranges of term k of e in document d (segments p->segs[a..b)) into w->term. */
static int term_ranges(const adx_qproject_t *p, const cexpr_t *e, size_t k, size_t d, size_t a,
                       size_t b, const unsigned char *mask, cwork_t *w)
{
    if (code_ranges(p, a, b, e->code[k], mask, e->neg[k] ? &w->tmp : &w->term))
        return -1;
    if (!e->neg[k])
        return 0;
    w->all.n = 0;
    return ranges_add(&w->all, 0, p->docs[d].nchars) || combine(&w->all, &w->tmp, 'N', &w->term);
}

static int eval_doc(const adx_qproject_t *p, const cexpr_t *e, size_t d, size_t a, size_t b,
                    const unsigned char *mask, const adx__qtok_t *t, size_t within, cwork_t *w)
{
    if (term_ranges(p, e, 0, d, a, b, mask, w))
        return -1;
    ranges_t x = w->acc;
    w->acc = w->term;
    w->term = x;
    for (size_t k = 1; k < e->n; k++) {
        if (term_ranges(p, e, k, d, a, b, mask, w))
            return -1;
        int bad = e->op[k] == 'R' ? near(&w->acc, &w->term, t, within, &w->tmp)
                                  : combine(&w->acc, &w->term, e->op[k], &w->tmp);
        if (bad)
            return -1;
        x = w->acc;
        w->acc = w->tmp;
        w->tmp = x;
    }
    return 0;
}

/* One hit per result range that holds a word. */
static adx_error_t ranges_hits(hitlist_t *L, const adx__qtok_t *t, size_t d, const ranges_t *r,
                               adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    for (size_t k = 0; !rc && k < r->n; k++) {
        size_t i = word_at(t, r->s[k]);
        if (i > 0 && t->w[i - 1].cend > r->s[k])
            i--;
        size_t j = word_at(t, r->e[k]);
        if (i >= j)
            continue;
        rc = add_hit(L, t, d, i, j - 1, ctx);
        if (!rc) {
            L->h->hit[L->h->nhits - 1].start = r->s[k];
            L->h->hit[L->h->nhits - 1].end = r->e[k];
        }
    }
    return rc;
}

adx_error_t adx_qcquery(const adx_qproject_t *p, const adx_qcquery_options_t *o,
                        adx_qhits_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    cexpr_t e;
    cwork_t w;
    memset(&w, 0, sizeof w);
    adx__qtok_t t = {0};
    hitlist_t L = {.context = o->context};
    unsigned char *mask = NULL;
    adx_error_t rc = parse_expr(p, o->expr ? o->expr : "", &e, ctx);
    if (rc || (rc = adx_qsel_coders(p, &o->sel, &mask, ctx)))
        goto cleanup;
    if (!(L.h = calloc(1, sizeof *L.h))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t d = 0, a = 0, b; !rc && d < p->ncases; d++, a = b) {
        for (b = a; b < p->nsegs && p->segs[b].doc == d; b++)
            ;
        if (!adx__qwhere(p, o->where, d, &rc, ctx))
            continue;
        L.h->searched++;
        if ((rc = adx__qtok(&p->docs[d], &t, ctx)))
            break;
        if (eval_doc(p, &e, d, a, b, mask, &t, o->within, &w))
            rc = adx_oom(ctx);
        else
            rc = ranges_hits(&L, &t, d, &w.acc, ctx);
    }
    if (!rc) {
        *out = L.h;
        L.h = NULL;
    }
cleanup:
    ranges_free(&w.acc);
    ranges_free(&w.term);
    ranges_free(&w.tmp);
    ranges_free(&w.all);
    adx__qtok_free(&t);
    adx_qhits_free(L.h);
    free(mask);
    return rc;
}

/* ---- Coding the hits ------------------------------------------------------ */

typedef struct {
    size_t doc, code, start, end;
    const char *memo;
} cseg_t;

static int cmp_cseg(const void *a, const void *b)
{
    const cseg_t *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The CSV of segs (sorted), overlapping ranges of one code joined. */
static void cseg_csv(const adx_qproject_t *p, const cseg_t *v, size_t n, adx__sb_t *b)
{
    adx__sb_str(b, "case,start,end,code,memo\n");
    for (size_t i = 0, j; i < n; i = j) {
        size_t end = v[i].end;
        const char *memo = v[i].memo;
        for (j = i + 1; j < n && v[j].doc == v[i].doc && v[j].code == v[i].code &&
                        v[j].start < end;
             j++) {
            end = v[j].end > end ? v[j].end : end;
            memo = memo ? memo : v[j].memo;
        }
        adx__sb_csv(b, p->case_ids[v[i].doc]);
        adx__sb_printf(b, ",%zu,%zu,", v[i].start, end);
        adx__sb_csv(b, p->codes[v[i].code].name);
        adx__sb_char(b, ',');
        if (memo)
            adx__sb_csv(b, memo);
        adx__sb_char(b, '\n');
    }
}

/* Is [s, e) of code `code` inside an existing segment of v[0..n)? */
static int covered(const cseg_t *v, size_t n, size_t doc, size_t code, size_t s, size_t e)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].doc == doc && v[i].code == code && v[i].start <= s && v[i].end >= e)
            return 1;
    return 0;
}

adx_error_t adx_qhits_code(const adx_qproject_t *p, const adx_qhits_t *h, const char *code,
                           const char *coder, size_t *added, adx_errctx_t *ctx)
{
    char path[4096];
    struct stat st;
    long c = adx_qcode_find(p, code), who = -1;
    *added = 0;
    if (c < 0)
        return adx_err(ctx, ADX_ENOVAR, "--code-as %s: no such code in %s/codebook.csv; add it "
                                        "there first", code, p->root);
    snprintf(path, sizeof path, "%s/coding/%s", p->root, coder);
    if (!coder[0] || strpbrk(coder, "/\\%") || coder[0] == '.' || !stat(path, &st))
        return adx_err(ctx, ADX_EUSAGE, "--coder %s: the hits are coded in segments/CODER.csv; "
                                        "name a coder without coded copies in coding/ and "
                                        "without / \\ %% or a leading '.'", coder);
    for (size_t i = 0; i < p->ncoders; i++)
        if (!strcmp(p->coders[i], coder))
            who = (long)i;
    size_t n = 0, old = 0;
    cseg_t *v = malloc((p->nsegs + h->nhits + 1) * sizeof *v);
    if (!v)
        return adx_oom(ctx);
    for (size_t i = 0; i < p->nsegs; i++)
        if ((long)p->segs[i].coder == who)
            v[n++] = (cseg_t){p->segs[i].doc, p->segs[i].code, p->segs[i].start, p->segs[i].end,
                              p->segs[i].memo};
    old = n;
    for (size_t i = 0; i < h->nhits; i++)
        if (!covered(v, old, h->hit[i].doc, (size_t)c, h->hit[i].start, h->hit[i].end)) {
            v[n++] = (cseg_t){h->hit[i].doc, (size_t)c, h->hit[i].start, h->hit[i].end, NULL};
            ++*added;
        }
    qsort(v, n, sizeof *v, cmp_cseg);
    adx__sb_t b = {0};
    cseg_csv(p, v, n, &b);
    free(v);
    adx_error_t rc = ADX_OK;
    snprintf(path, sizeof path, "%s/segments", p->root);
    if (b.oom)
        rc = adx_oom(ctx);
    else if (mkdir(path, 0777) && errno != EEXIST)
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create the folder: %s", path, strerror(errno));
    else if (snprintf(path, sizeof path, "%s/segments/%s.csv", p->root, coder) >=
             (int)sizeof path)
        rc = adx_err(ctx, ADX_EIO, "%s: path too long", p->root);
    else
        rc = adx_write_atomic(path, b.s, b.len, ctx);
    adx__sb_free(&b);
    return rc;
}
