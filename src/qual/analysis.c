/* Qualitative analyses: code frequencies, case x code matrix, co-occurrence
 * and code x attribute crosstabs. Every count rolls segments up the codebook:
 * a segment coded 'finance' also counts for its category and theme. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_qual.h"
#include "qual_priv.h"


void adx_qsel_init(adx_qsel_t *s)
{
    s->coders = NULL;
    s->ncoders = 0;
    s->level = -1;
}

adx_error_t adx_qsel_codes(const adx_qproject_t *p, const adx_qsel_t *s, size_t **idx,
                           size_t *k, adx_errctx_t *ctx)
{
    *k = 0;
    if (!(*idx = malloc((p->ncodes + 1) * sizeof **idx)))
        return adx_oom(ctx);
    /* Tree order: each node followed by its descendants. */
    size_t *stack = malloc((p->ncodes + 1) * sizeof *stack), ns = 0;
    if (!stack) {
        free(*idx);
        *idx = NULL;
        return adx_oom(ctx);
    }
    for (size_t r = p->ncodes; r-- > 0;)
        if (p->codes[r].parent < 0)
            stack[ns++] = r;
    while (ns) {
        size_t c = stack[--ns];
        int leaf = 1;
        for (size_t j = p->ncodes; j-- > 0;)
            if (p->codes[j].parent == (long)c) {
                stack[ns++] = j;
                leaf = 0;
            }
        if (s->level == ADX_QLEVEL_ALL || (s->level == ADX_QLEVEL_LEAF && leaf) ||
            p->codes[c].depth == s->level)
            (*idx)[(*k)++] = c;
    }
    free(stack);
    return ADX_OK;
}

adx_error_t adx_qsel_coders(const adx_qproject_t *p, const adx_qsel_t *s,
                            unsigned char **mask, adx_errctx_t *ctx)
{
    if (!(*mask = calloc(p->ncoders + 1, 1)))
        return adx_oom(ctx);
    if (!s->coders || s->ncoders == 0) {
        memset(*mask, 1, p->ncoders);
        return ADX_OK;
    }
    for (size_t i = 0; i < s->ncoders; i++) {
        size_t j = 0;
        while (j < p->ncoders && strcmp(p->coders[j], s->coders[i]))
            j++;
        if (j == p->ncoders) {
            adx_near_t near;
            adx_near_init(&near, s->coders[i]);
            for (size_t c = 0; c < p->ncoders; c++)
                adx_near_add(&near, p->coders[c]);
            const char *best = adx_near_best(&near, (size_t)-1);
            adx_error_t rc = adx_err(ctx, ADX_EUSAGE,
                                     "%s: no coder '%s'%s%s%s; coders are the folders of "
                                     "coding/ and the files of segments/",
                                     p->root, s->coders[i], best ? " (did you mean '" : "",
                                     best ? best : "", best ? "'?)" : "");
            free(*mask);
            *mask = NULL;
            return rc;
        }
        (*mask)[j] = 1;
    }
    return ADX_OK;
}

void adx_qfreq_free(adx_qfreq_t *f)
{
    if (!f)
        return;
    ADX__FREE(f->code, f->segments, f->cases, f->words, f);
}

/* Words (runs of non-blank characters) of doc whose first character lies in
 * [s, e) (code points). */
static size_t count_words(const adx_qdoc_t *doc, size_t s, size_t e)
{
    size_t bs = adx__qual_u8offset(doc->text, doc->nbytes, s);
    size_t be = adx__qual_u8offset(doc->text, doc->nbytes, e);
    size_t w = 0;
    int in = 0;
    for (size_t i = bs; i < be; i++) {
        char c = doc->text[i];
        int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!blank && !in)
            w++;
        in = !blank;
    }
    return w;
}

adx_error_t adx_qfreq(const adx_qproject_t *p, const adx_qsel_t *s, adx_qfreq_t **out,
                      adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL;
    adx__qrange_t *rg = NULL;
    adx_qfreq_t *f = calloc(1, sizeof *f);
    if (!f || !(rg = malloc((p->nsegs + 1) * sizeof *rg))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    f->ncases = p->ncases;
    if ((rc = adx_qsel_codes(p, s, &f->code, &f->k, ctx)) ||
        (rc = adx_qsel_coders(p, s, &mask, ctx)))
        goto cleanup;
    if (!(f->segments = calloc(f->k + 1, sizeof *f->segments)) ||
        !(f->cases = calloc(f->k + 1, sizeof *f->cases)) ||
        !(f->words = calloc(f->k + 1, sizeof *f->words))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < f->k; i++)
        for (size_t d = 0; d < p->ncases; d++) {
            size_t nseg, nr = adx__qual_coded_ranges(p, mask, d, f->code[i], rg, &nseg);
            if (!nseg)
                continue;
            f->segments[i] += nseg;
            f->cases[i]++;
            for (size_t r = 0; r < nr; r++)
                f->words[i] += count_words(&p->docs[d], rg[r].s, rg[r].e);
        }
    *out = f;
    f = NULL;
cleanup:
    adx_qfreq_free(f);
    free(mask);
    free(rg);
    return rc;
}

void adx_qmatrix_free(adx_qmatrix_t *m)
{
    if (!m)
        return;
    ADX__FREE(m->code, m->count, m);
}

adx_error_t adx_qmatrix(const adx_qproject_t *p, const adx_qsel_t *s, adx_qmatrix_t **out,
                        adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL;
    adx_qmatrix_t *m = calloc(1, sizeof *m);
    if (!m) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    m->ncases = p->ncases;
    if ((rc = adx_qsel_codes(p, s, &m->code, &m->k, ctx)) ||
        (rc = adx_qsel_coders(p, s, &mask, ctx)))
        goto cleanup;
    if (!(m->count = calloc(m->ncases * m->k + 1, sizeof *m->count))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < p->nsegs; j++) {
        const adx_qseg_t *sg = &p->segs[j];
        if (!mask[sg->coder])
            continue;
        for (size_t i = 0; i < m->k; i++)
            if (adx_qcode_under(p, sg->code, m->code[i]))
                m->count[sg->doc * m->k + i] += 1;
    }
    *out = m;
    m = NULL;
cleanup:
    adx_qmatrix_free(m);
    free(mask);
    return rc;
}

adx_error_t adx_qmatrix_dataset(const adx_qproject_t *p, const adx_qmatrix_t *m, int presence,
                                adx_dataset_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_dataset_t *ds = adx_dataset_alloc(m->ncases, p->root);
    if (!ds)
        return adx_oom(ctx);
    adx_error_t rc = ADX_OK;
    /* The case id as the first column: copy it from the cases dataset. */
    double *ids = NULL;
    const adx_variable_t *idv = &p->cases->vars[0];
    if (idv->type == ADX_VAR_NUMERIC) {
        if (!(ids = malloc(m->ncases * sizeof *ids))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        memcpy(ids, idv->num, m->ncases * sizeof *ids);
        if ((rc = adx_dataset_add_numeric(ds, idv->name, ids, NULL, ctx)))
            goto cleanup;
    } else {
        adx_variable_t *v = adx__qual_add_string_var(ds, idv->name);
        for (size_t i = 0; v && i < m->ncases; i++)
            if (!(v->str[i] = adx__strdup(p->case_ids[i])))
                v = NULL;
        if (!v) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
    }
    for (size_t j = 0; j < m->k; j++) {
        double *col = malloc((m->ncases + 1) * sizeof *col);
        if (!col) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        for (size_t i = 0; i < m->ncases; i++) {
            double c = m->count[i * m->k + j];
            col[i] = presence ? (c > 0) : c;
        }
        if ((rc = adx_dataset_add_numeric(ds, p->codes[m->code[j]].name, col, NULL, ctx)))
            goto cleanup;
    }
    *out = ds;
    ds = NULL;
cleanup:
    adx_dataset_free(ds);
    return rc;
}

void adx_qcooc_free(adx_qcooc_t *c)
{
    if (!c)
        return;
    ADX__FREE(c->code, c->overlaps, c->both, c->jaccard, c->units_both, c->units_jaccard, c);
}

/* Paragraph-level co-occurrence: units_both and units_jaccard of c. */
static adx_error_t cooc_units(const adx_qproject_t *p, const unsigned char *mask, adx_qcooc_t *c,
                              adx_errctx_t *ctx)
{
    size_t K = c->k, nu = 0;
    adx__qunit_t *u = NULL;
    unsigned char *on = NULL;
    adx_error_t rc = adx__qual_units(p, ADX_UNIT_PARAGRAPH, &u, &nu, ctx);
    if (!rc && (!(c->units_both = calloc(K * K + 1, sizeof *c->units_both)) ||
                !(c->units_jaccard = calloc(K * K + 1, sizeof *c->units_jaccard)) ||
                !(on = malloc(K + 1))))
        rc = adx_oom(ctx);
    c->nunits = nu;
    size_t s0 = 0;
    for (size_t k = 0; !rc && k < nu; k++) {
        memset(on, 0, K);
        while (s0 < p->nsegs && p->segs[s0].doc < u[k].doc)
            s0++;
        for (size_t a = s0; a < p->nsegs && p->segs[a].doc == u[k].doc; a++) {
            const adx_qseg_t *x = &p->segs[a];
            if (mask[x->coder] && x->start < u[k].end && u[k].start < x->end)
                for (size_t i = 0; i < K; i++)
                    on[i] |= (unsigned char)adx_qcode_under(p, x->code, c->code[i]);
        }
        for (size_t i = 0; i < K; i++)
            for (size_t j = 0; on[i] && j < K; j++)
                c->units_both[i * K + j] += on[j];
    }
    for (size_t i = 0; !rc && i < K; i++)
        for (size_t j = 0; j < K; j++) {
            double both = c->units_both[i * K + j];
            double either = c->units_both[i * K + i] + c->units_both[j * K + j] - both;
            c->units_jaccard[i * K + j] = either > 0 ? both / either : NAN;
        }
    free(u);
    free(on);
    return rc;
}

adx_error_t adx_qcooc(const adx_qproject_t *p, const adx_qsel_t *s, adx_qcooc_t **out,
                      adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL, *has = NULL;
    adx_qcooc_t *c = calloc(1, sizeof *c);
    if (!c) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_qsel_codes(p, s, &c->code, &c->k, ctx)) ||
        (rc = adx_qsel_coders(p, s, &mask, ctx)))
        goto cleanup;
    size_t K = c->k;
    if (!(c->overlaps = calloc(K * K + 1, sizeof *c->overlaps)) ||
        !(c->both = calloc(K * K + 1, sizeof *c->both)) ||
        !(c->jaccard = calloc(K * K + 1, sizeof *c->jaccard)) ||
        !(has = calloc(p->ncases * K + 1, 1))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t a = 0; a < p->nsegs; a++) {
        const adx_qseg_t *x = &p->segs[a];
        if (!mask[x->coder])
            continue;
        for (size_t i = 0; i < K; i++) {
            if (!adx_qcode_under(p, x->code, c->code[i]))
                continue;
            has[x->doc * K + i] = 1;
            c->overlaps[i * K + i] += 1;
            /* Pairs (x, y) with y after x in sort order and overlapping x. */
            for (size_t b = a + 1; b < p->nsegs && p->segs[b].doc == x->doc &&
                                   p->segs[b].start < x->end;
                 b++) {
                const adx_qseg_t *y = &p->segs[b];
                if (y->coder != x->coder)
                    continue;
                for (size_t j = 0; j < K; j++)
                    if (j != i && adx_qcode_under(p, y->code, c->code[j])) {
                        c->overlaps[i * K + j] += 1;
                        c->overlaps[j * K + i] += 1;
                    }
            }
        }
    }
    for (size_t i = 0; i < K; i++)
        for (size_t j = 0; j < K; j++) {
            size_t both = 0, either = 0;
            for (size_t d = 0; d < p->ncases; d++) {
                both += has[d * K + i] && has[d * K + j];
                either += has[d * K + i] || has[d * K + j];
            }
            c->both[i * K + j] = (double)both;
            c->jaccard[i * K + j] = either ? (double)both / (double)either : NAN;
        }
    if ((rc = cooc_units(p, mask, c, ctx)))
        goto cleanup;
    *out = c;
    c = NULL;
cleanup:
    adx_qcooc_free(c);
    free(mask);
    free(has);
    return rc;
}

void adx_qcross_free(adx_qcross_t *x)
{
    if (!x)
        return;
    free(x->code);
    free(x->attribute);
    for (size_t g = 0; g < x->ngroups; g++)
        free(x->groups[g]);
    ADX__FREE(x->groups, x->cases, x->group_n, x);
}

adx_error_t adx_qcross(const adx_qproject_t *p, const adx_qsel_t *s, const char *attribute,
                       adx_qcross_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    size_t var = 0;
    adx_qmatrix_t *m = NULL;
    long *grp = NULL;
    adx_qcross_t *x = calloc(1, sizeof *x);
    if (!x) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    const char *names[1] = {attribute};
    if ((rc = adx_dataset_lookup(p->cases, names, 1, 0, &var, ctx)))
        goto cleanup;
    if ((rc = adx_qmatrix(p, s, &m, ctx)))
        goto cleanup;
    x->k = m->k;
    if (!(x->attribute = adx__strdup(attribute)) ||
        !(x->code = malloc((m->k + 1) * sizeof *x->code)) ||
        !(x->groups = calloc(p->ncases + 1, sizeof *x->groups)) ||
        !(grp = malloc((p->ncases + 1) * sizeof *grp))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    memcpy(x->code, m->code, m->k * sizeof *x->code);
    /* Groups in order of first appearance. */
    const adx_variable_t *v = &p->cases->vars[var];
    for (size_t i = 0; i < p->ncases; i++) {
        char b[64];
        const char *t = adx__qual_cell(v, i, b, sizeof b);
        grp[i] = -1;
        if (!t)
            continue;
        size_t g = 0;
        while (g < x->ngroups && strcmp(x->groups[g], t))
            g++;
        if (g == x->ngroups) {
            if (!(x->groups[g] = adx__strdup(t))) {
                rc = adx_oom(ctx);
                goto cleanup;
            }
            x->ngroups++;
        }
        grp[i] = (long)g;
    }
    if (!(x->cases = calloc(x->k * x->ngroups + 1, sizeof *x->cases)) ||
        !(x->group_n = calloc(x->ngroups + 1, sizeof *x->group_n))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < p->ncases; i++) {
        if (grp[i] < 0)
            continue;
        x->group_n[grp[i]] += 1;
        for (size_t j = 0; j < x->k; j++)
            if (m->count[i * m->k + j] > 0)
                x->cases[j * x->ngroups + (size_t)grp[i]] += 1;
    }
    *out = x;
    x = NULL;
cleanup:
    adx_qcross_free(x);
    adx_qmatrix_free(m);
    free(grp);
    return rc;
}
