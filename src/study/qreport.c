/* The qualitative results section as a canned study: runs the analyses (case
 * table, code frequencies, case x theme matrix, quotes per theme, agreement when
 * two or more coders are selected) and gathers their reports into one. The
 * report layer only formats; this is where the analyses are chosen and run. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "ambidex/adx_report_qual.h"
#include "ambidex/adx_study.h"

/* Moves the tables of src into dst and its JSON under key (or appended to
 * the array arr); src is freed. */
static adx_error_t absorb(adx_report_t *dst, adx_report_t *src, const char *key, cJSON *arr)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; i < src->ntables; i++) {
        if (!rc)
            rc = adx_report_add_table(dst, src->tables[i]);
        else
            adx_table_free(src->tables[i]);
        src->tables[i] = NULL;
    }
    src->ntables = 0;
    if (!rc && src->json) {
        if (arr)
            cJSON_AddItemToArray(arr, src->json);
        else
            cJSON_AddItemToObject(dst->json, key, src->json);
        src->json = NULL;
    }
    adx_report_free(src);
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
    if ((rc = adx_qsel_codes(p, &top, &themes, &nthemes, ctx)))
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
