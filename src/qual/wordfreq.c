/* Word frequencies of the transcripts or of the text coded with a code, without
 * the stop words of a language. docs/qual.md, "Queries". */
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"

void adx_qwords_options_init(adx_qwords_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->lang = "en";
    o->top = 50;
    o->min_length = 2;
    adx_qsel_init(&o->sel);
}

void adx_qwords_free(adx_qwords_t *w)
{
    if (!w)
        return;
    adx__free_strings(w->word, w->n);
    ADX__FREE(w->count, w->cases);
    free(w);
}

typedef struct {
    adx__strmap_t map;    /* folded word -> index */
    char **word;
    size_t *count, *cases, *last; /* last: document of the last count, + 1 */
    size_t n, cap;
} tally_t;

static void tally_free(tally_t *T)
{
    adx__strmap_free(&T->map);
    adx__free_strings(T->word, T->n);
    ADX__FREE(T->count, T->cases, T->last);
}

static int tally_grow(tally_t *T)
{
    size_t nc = T->cap ? 2 * T->cap : 256;
    char **w = realloc(T->word, nc * sizeof *w);
    if (w)
        T->word = w;
    size_t *c = w ? realloc(T->count, nc * sizeof *c) : NULL;
    if (c)
        T->count = c;
    size_t *k = c ? realloc(T->cases, nc * sizeof *k) : NULL;
    if (k)
        T->cases = k;
    size_t *l = k ? realloc(T->last, nc * sizeof *l) : NULL;
    if (l) {
        T->last = l;
        T->cap = nc;
    }
    return l ? 0 : -1;
}

static int tally_add(tally_t *T, const char *w, size_t doc)
{
    size_t i;
    if (!adx__strmap_get(&T->map, w, &i)) {
        if (T->n == T->cap && tally_grow(T))
            return -1;
        i = T->n;
        if (!(T->word[i] = adx__strdup(w)) || adx__strmap_put(&T->map, w, i) < 0) {
            free(T->word[i]);
            return -1;
        }
        T->count[i] = T->cases[i] = T->last[i] = 0;
        T->n++;
    }
    T->count[i]++;
    if (T->last[i] != doc + 1)
        T->cases[i]++;
    T->last[i] = doc + 1;
    return 0;
}

/* Is word i of t inside the ranges coded with `code` in document d (segments
 * p->segs[a..b) of the selected coders)? */
static int in_code(const adx_qproject_t *p, size_t a, size_t b, long code,
                   const unsigned char *mask, const adx__qword_t *w)
{
    for (size_t i = a; i < b && p->segs[i].start < w->cend; i++)
        if (mask[p->segs[i].coder] && p->segs[i].end > w->cstart &&
            adx_qcode_under(p, p->segs[i].code, (size_t)code))
            return 1;
    return 0;
}

typedef struct {
    size_t count, i;
    const char *word;
} rank_t;

static int cmp_rank(const void *a, const void *b)
{
    const rank_t *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

/* The top o->top words of T into w (ownership of the strings moves). */
static adx_error_t rank(tally_t *T, const adx_qwords_options_t *o, adx_qwords_t *w,
                        adx_errctx_t *ctx)
{
    rank_t *r = malloc((T->n + 1) * sizeof *r);
    size_t k = T->n < o->top ? T->n : o->top;
    if (!r || !(w->word = calloc(k + 1, sizeof *w->word)) ||
        !(w->count = calloc(k + 1, sizeof *w->count)) ||
        !(w->cases = calloc(k + 1, sizeof *w->cases))) {
        free(r);
        return adx_oom(ctx);
    }
    for (size_t i = 0; i < T->n; i++)
        r[i] = (rank_t){T->count[i], i, T->word[i]};
    qsort(r, T->n, sizeof *r, cmp_rank);
    for (w->n = 0; w->n < k; w->n++) {
        size_t i = r[w->n].i;
        w->word[w->n] = T->word[i];
        T->word[i] = NULL;
        w->count[w->n] = T->count[i];
        w->cases[w->n] = T->cases[i];
    }
    free(r);
    return ADX_OK;
}

static int is_stop(const char *const *stop, const char *w)
{
    for (size_t i = 0; stop && stop[i]; i++)
        if (!strcmp(stop[i], w))
            return 1;
    return 0;
}

adx_error_t adx_qwords(const adx_qproject_t *p, const adx_qwords_options_t *o,
                       adx_qwords_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    tally_t T = {0};
    adx__qtok_t t = {0};
    unsigned char *mask = NULL;
    adx_qwords_t *w = calloc(1, sizeof *w);
    const char *const *stop = adx__qstop_words(o->lang);
    long code = o->code ? adx_qcode_find(p, o->code) : -1;
    adx_error_t rc = ADX_OK;
    if (!w)
        rc = adx_oom(ctx);
    else if (o->lang && !stop && strcmp(o->lang, "none"))
        rc = adx_err(ctx, ADX_EUSAGE, "--lang %s: stop words exist for en, fr and ar (or "
                                      "none)", o->lang);
    else if (o->code && code < 0)
        rc = adx_err(ctx, ADX_ENOVAR, "--code %s: no such code in %s/codebook.csv", o->code,
                     p->root);
    if (rc || (rc = adx_qsel_coders(p, &o->sel, &mask, ctx)))
        goto cleanup;
    for (size_t d = 0, a = 0, b; !rc && d < p->ncases; d++, a = b) {
        for (b = a; b < p->nsegs && p->segs[b].doc == d; b++)
            ;
        if (!adx__qwhere(p, o->where, d, &rc, ctx) || (rc = adx__qtok(&p->docs[d], &t, ctx)))
            continue;
        w->ncases++;
        for (size_t i = 0; !rc && i < t.n; i++) {
            const char *f = t.fold + t.w[i].fold;
            if (t.w[i].cend - t.w[i].cstart < o->min_length || is_stop(stop, f) ||
                (code >= 0 && !in_code(p, a, b, code, mask, &t.w[i])))
                continue;
            w->total++;
            if (tally_add(&T, f, d))
                rc = adx_oom(ctx);
        }
    }
    if (!rc && !(rc = rank(&T, o, w, ctx))) {
        *out = w;
        w = NULL;
    }
cleanup:
    tally_free(&T);
    adx__qtok_free(&t);
    adx_qwords_free(w);
    free(mask);
    return rc;
}
