/* The qualitative results section as a canned study: runs the analyses (case
 * table, code frequencies and the code hierarchy, case x theme matrix and heatmap,
 * co-occurrence with its heatmap and network, memos, quotes per theme, agreement
 * when two or more coders are selected) and gathers their reports into one. The
 * report layer only formats; this is where the analyses are chosen and run. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "ambidex/adx_report_qual.h"
#include "ambidex/adx_study.h"

/* Moves the blocks (tables, figures) of src into dst and its JSON under key (or
 * appended to the array arr, or dropped when both are NULL); src is freed. */
static adx_error_t absorb(adx_report_t *dst, adx_report_t *src, const char *key, cJSON *arr)
{
    adx_error_t rc = adx_report_append(dst, src, 0) ? ADX_ENOMEM : ADX_OK;
    if (!rc && src->json && (key || arr)) {
        if (arr)
            cJSON_AddItemToArray(arr, src->json);
        else
            cJSON_AddItemToObject(dst->json, key, src->json);
        src->json = NULL;
    }
    adx_report_free(src);
    return rc;
}

/* The figures of the report: code hierarchy (when f has every node), case x theme
 * heatmap (m), co-occurrence of the leaf codes with its heatmap and network; the
 * memos. */
static adx_error_t figures(const adx_qproject_t *p, const adx_qsel_t *top, const adx_qfreq_t *f,
                           const adx_qmatrix_t *m, adx_report_t *r, adx_errctx_t *ctx)
{
    adx_report_t *part = NULL;
    adx_qcooc_t *c = NULL;
    adx_error_t rc;
    adx_qsel_t leaf = *top;
    leaf.level = ADX_QLEVEL_LEAF;
    if (top->level == 0 && !f->code[0] && f->k == p->ncodes &&
        ((rc = adx_report_qhierarchy(p, f, &part, ctx)) || (rc = absorb(r, part, NULL, NULL))))
        goto cleanup;
    if ((rc = adx_report_qheatmap(p, m, &part, ctx)) || (rc = absorb(r, part, NULL, NULL)) ||
        (rc = adx_qcooc(p, &leaf, &c, ctx)) || (rc = adx_report_qcooc(p, c, &part, ctx)) ||
        (rc = absorb(r, part, "cooccurrence", NULL)))
        goto cleanup;
    if (p->nmemos && (!(rc = adx_report_qmemos(p, &part, ctx))))
        rc = absorb(r, part, "memos", NULL);
cleanup:
    adx_qcooc_free(c);
    return rc;
}

adx_error_t adx_report_qreport(const adx_qproject_t *p, const adx_qsel_t *s,
                               const char *const *attrs, size_t nattrs, adx_report_t **out,
                               adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    adx_report_t *r = adx_report_alloc(), *part = NULL;
    adx_qfreq_t *f = NULL;
    adx_qmatrix_t *m = NULL;
    adx_qagree_t *a = NULL;
    size_t *themes = NULL, nthemes = 0;
    if (!r || !(r->json = cJSON_CreateObject())) {
        adx_report_free(r);
        return adx_oom(ctx);
    }
    /* Default (level ALL): frequencies of every node, matrix and quotes by theme; a
     * --level puts all three (and agreement) at that level. */
    adx_qsel_t all = *s, top = *s;
    if (s->level == ADX_QLEVEL_ALL)
        top.level = 0;
    cJSON *jq = cJSON_AddArrayToObject(r->json, "quotes");
    if (!jq) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_report_qcases(p, &part, ctx)) || (rc = absorb(r, part, "cases", NULL)))
        goto cleanup;
    if ((rc = adx_qfreq(p, &all, &f, ctx)) || (rc = adx_report_qfreq(p, f, &part, ctx)) ||
        (rc = absorb(r, part, "frequencies", NULL)))
        goto cleanup;
    if ((rc = adx_qmatrix(p, &top, &m, ctx)) || (rc = adx_report_qmatrix(p, m, 1, &part, ctx)) ||
        (rc = absorb(r, part, "matrix", NULL)))
        goto cleanup;
    if ((rc = figures(p, &top, f, m, r, ctx)) ||
        (rc = adx_qsel_codes(p, &top, &themes, &nthemes, ctx)))
        goto cleanup;
    for (size_t i = 0; i < nthemes; i++)
        if ((rc = adx_report_qquotes(p, &top, themes[i], attrs, nattrs, &part, ctx)) ||
            (rc = absorb(r, part, NULL, jq)))
            goto cleanup;
    size_t ncod = 0;
    unsigned char *mask = NULL;
    if ((rc = adx_qsel_coders(p, s, &mask, ctx)))
        goto cleanup;
    for (size_t c = 0; c < p->ncoders; c++)
        ncod += mask[c];
    free(mask);
    if (ncod >= 2) {
        adx_qagree_options_t o;
        adx_qagree_options_init(&o);
        o.sel.coders = s->coders;
        o.sel.ncoders = s->ncoders;
        if (s->level != ADX_QLEVEL_ALL)
            o.sel.level = s->level;
        if ((rc = adx_qagree(p, &o, &a, ctx)) || (rc = adx_report_qagree(p, a, &part, ctx)) ||
            (rc = absorb(r, part, "agreement", NULL)))
            goto cleanup;
    }
    part = NULL;
    *out = r;
    r = NULL;
cleanup:
    adx_report_free(r);
    adx_qfreq_free(f);
    adx_qmatrix_free(m);
    adx_qagree_free(a);
    free(themes);
    return rc;
}
