/* Report builders for the qualitative analyses (ambidex qual ...). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_qual.h"
#include "ambidex/adx_report_qual.h"
#include "json_priv.h"
#include "ambidex/adx_stats.h"


#define TRY(x)                                                                               \
    do {                                                                                     \
        if ((x) != ADX_OK)                                                                   \
            goto oom;                                                                        \
    } while (0)
#define TRYP(x)                                                                              \
    do {                                                                                     \
        if (!(x))                                                                            \
            goto oom;                                                                        \
    } while (0)

static const char *level_name(int depth)
{
    return depth == 0 ? "theme" : depth == 1 ? "category" : depth == 2 ? "code" : "subcode";
}

/* "  name" indented by depth (two spaces per level) for the text tables. */
static void indent_name(const adx_qproject_t *p, size_t code, char *buf, size_t n)
{
    int d = p->codes[code].depth;
    snprintf(buf, n, "%*s%s", 2 * d, "", p->codes[code].name);
}

static const char *cell_text(const adx_variable_t *v, size_t row, char *buf, size_t n)
{
    if (v->type == ADX_VAR_STRING)
        return v->str[row] ? v->str[row] : "";
    if (isnan(v->num[row]))
        return "";
    snprintf(buf, n, "%.15g", v->num[row]);
    return buf;
}

static adx_error_t add(adx_report_t *r, adx_table_t **t)
{
    adx_error_t e = adx_report_add_table(r, *t);
    *t = NULL;
    return e;
}

static adx_report_t *new_report(void)
{
    adx_report_t *r = adx_report_alloc();
    if (r && !(r->json = cJSON_CreateObject())) {
        adx_report_free(r);
        return NULL;
    }
    return r;
}

adx_error_t adx_report_qcheck(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Item", "Count"};
    *out = NULL;
    adx_table_t *t = NULL;
    adx_report_t *r = new_report();
    TRYP(r);
    TRYP(t = adx_table_alloc("Project check: no problems found", 2, cols));
    size_t depth[3] = {0, 0, 0};
    for (size_t i = 0; i < p->ncodes; i++)
        depth[p->codes[i].depth < 2 ? p->codes[i].depth : 2]++;
    const char *items[] = {"Cases", "Themes (level 0)", "Categories (level 1)",
                           "Codes (level 2 and below)", "Coders", "Coded segments"};
    double vals[] = {(double)p->ncases, (double)depth[0], (double)depth[1], (double)depth[2],
                     (double)p->ncoders, (double)p->nsegs};
    const char *keys[] = {"cases", "themes", "categories", "codes", "coders", "segments"};
    for (int i = 0; i < 6; i++) {
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, items[i]));
        TRY(adx_table_set_num(t, row, 1, vals[i], ADX_NUM_INT, 0, NULL));
        jset(r->json, keys[i], vals[i]);
    }
    cJSON *cod = cJSON_AddArrayToObject(r->json, "coder_names");
    TRYP(cod);
    for (size_t c = 0; c < p->ncoders; c++)
        cJSON_AddItemToArray(cod, cJSON_CreateString(p->coders[c]));
    cJSON_AddStringToObject(r->json, "status", "ok");
    TRY(adx_table_add_note(t, "Markup, codes, codebook hierarchy and segment ranges are valid."));
    /* Codes nobody applied (themselves or through a sub-code). */
    cJSON *unused = cJSON_AddArrayToObject(r->json, "unused_codes");
    TRYP(unused);
    char list[2048];
    size_t w = 0, nun = 0;
    list[0] = '\0';
    for (size_t i = 0; i < p->ncodes; i++) {
        int used = 0;
        for (size_t k = 0; k < p->nsegs && !used; k++)
            used = adx_qcode_under(p, p->segs[k].code, i);
        if (used)
            continue;
        cJSON_AddItemToArray(unused, cJSON_CreateString(p->codes[i].name));
        if (w < sizeof list)
            w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", nun ? ", " : "",
                                  p->codes[i].name);
        nun++;
    }
    if (nun)
        TRY(adx_table_add_note(t, "Codes never applied (%zu): %s.", nun, list));
    TRY(add(r, &t));
    /* Per coder: transcripts coded and segments. */
    static const char *ccols[] = {"Coder", "Transcripts coded", "Segments"};
    TRYP(t = adx_table_alloc("Coders", 3, ccols));
    cJSON *jc = cJSON_AddArrayToObject(r->json, "coder_table");
    TRYP(jc);
    for (size_t c = 0; c < p->ncoders; c++) {
        size_t docs = 0, segs = 0;
        for (size_t d = 0; d < p->ncases; d++)
            docs += p->coded[d * p->ncoders + c];
        for (size_t k = 0; k < p->nsegs; k++)
            segs += p->segs[k].coder == c;
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, p->coders[c]));
        TRY(adx_table_set_num(t, row, 1, (double)docs, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, row, 2, (double)segs, ADX_NUM_INT, 0, NULL));
        cJSON *o = cJSON_CreateObject();
        TRYP(o);
        cJSON_AddItemToArray(jc, o);
        cJSON_AddStringToObject(o, "coder", p->coders[c]);
        jset(o, "transcripts", (double)docs);
        jset(o, "segments", (double)segs);
    }
    TRY(adx_table_add_note(t, "A transcript a coder did not code counts as missing for that coder "
                              "in the agreement statistics, not as 'code absent'."));
    if (t->nrows)
        TRY(add(r, &t));
    else {
        adx_table_free(t);
        t = NULL;
    }
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

static void coder_note(const adx_qproject_t *p, char *buf, size_t n)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < p->ncoders && w < n; c++)
        w += (size_t)snprintf(buf + w, n - w, "%s%s", c ? ", " : "", p->coders[c]);
}

adx_error_t adx_report_qfreq(const adx_qproject_t *p, const adx_qfreq_t *f,
                             adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Code", "Level", "Segments", "Cases", "% of cases",
                                 "Words coded"};
    *out = NULL;
    adx_table_t *t = NULL;
    adx_report_t *r = new_report();
    TRYP(r);
    TRYP(t = adx_table_alloc("Code frequencies", 6, cols));
    cJSON *arr = cJSON_AddArrayToObject(r->json, "codes");
    TRYP(arr);
    for (size_t i = 0; i < f->k; i++) {
        const adx_qcode_t *c = &p->codes[f->code[i]];
        char name[512];
        indent_name(p, f->code[i], name, sizeof name);
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        double pct = f->ncases ? 100.0 * (double)f->cases[i] / (double)f->ncases : NAN;
        TRY(adx_table_set_text(t, row, 0, name));
        TRY(adx_table_set_text(t, row, 1, level_name(c->depth)));
        TRY(adx_table_set_num(t, row, 2, (double)f->segments[i], ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, row, 3, (double)f->cases[i], ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_num(t, row, 4, pct, ADX_NUM_PCT, 1, NULL));
        TRY(adx_table_set_num(t, row, 5, (double)f->words[i], ADX_NUM_INT, 0, NULL));
        cJSON *o = cJSON_CreateObject();
        TRYP(o);
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "code", c->name);
        cJSON_AddStringToObject(o, "level", level_name(c->depth));
        cJSON_AddStringToObject(o, "parent", c->parent >= 0 ? p->codes[c->parent].name : "");
        jset(o, "segments", (double)f->segments[i]);
        jset(o, "cases", (double)f->cases[i]);
        jset(o, "words", (double)f->words[i]);
    }
    char cn[1024];
    coder_note(p, cn, sizeof cn);
    TRY(adx_table_add_note(t, "Segments count for their code and every ancestor (roll-up). "
                              "Words: words in the union of the coded text. N = %zu cases.",
                           f->ncases));
    TRY(adx_table_add_note(t, "Coders in the project: %s.", cn));
    TRY(add(r, &t));
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_qmatrix(const adx_qproject_t *p, const adx_qmatrix_t *m, int presence,
                               adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_table_t *t = NULL;
    const char **cols = NULL;
    adx_report_t *r = new_report();
    TRYP(r);
    TRYP(cols = malloc((m->k + 2) * sizeof *cols));
    cols[0] = "Case";
    for (size_t j = 0; j < m->k; j++)
        cols[j + 1] = p->codes[m->code[j]].name;
    cols[m->k + 1] = "Total";
    TRYP(t = adx_table_alloc(presence ? "Case x code matrix (presence)"
                                      : "Case x code matrix (segments)",
                             m->k + 2, cols));
    cJSON *jc = cJSON_AddArrayToObject(r->json, "codes");
    cJSON *jr = cJSON_AddArrayToObject(r->json, "cases");
    TRYP(jc && jr);
    cJSON_AddStringToObject(r->json, "measure", presence ? "presence" : "segments");
    for (size_t j = 0; j < m->k; j++)
        cJSON_AddItemToArray(jc, cJSON_CreateString(p->codes[m->code[j]].name));
    for (size_t i = 0; i < m->ncases; i++) {
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, p->case_ids[i]));
        cJSON *o = cJSON_CreateObject(), *vals = cJSON_CreateArray();
        TRYP(o && vals);
        cJSON_AddItemToArray(jr, o);
        cJSON_AddStringToObject(o, "case", p->case_ids[i]);
        cJSON_AddItemToObject(o, "values", vals);
        double tot = 0;
        for (size_t j = 0; j < m->k; j++) {
            double v = m->count[i * m->k + j];
            if (presence)
                v = v > 0;
            tot += v;
            TRY(adx_table_set_num(t, row, j + 1, v, ADX_NUM_INT, 0, NULL));
            cJSON_AddItemToArray(vals, jnum(v));
        }
        TRY(adx_table_set_num(t, row, m->k + 1, tot, ADX_NUM_INT, 0, NULL));
    }
    size_t row = adx_table_add_row(t);
    TRYP(row != (size_t)-1);
    TRY(adx_table_set_text(t, row, 0, presence ? "Cases" : "Total"));
    double all = 0;
    for (size_t j = 0; j < m->k; j++) {
        double tot = 0;
        for (size_t i = 0; i < m->ncases; i++)
            tot += presence ? m->count[i * m->k + j] > 0 : m->count[i * m->k + j];
        all += tot;
        TRY(adx_table_set_num(t, row, j + 1, tot, ADX_NUM_INT, 0, NULL));
    }
    TRY(adx_table_set_num(t, row, m->k + 1, all, ADX_NUM_INT, 0, NULL));
    TRY(adx_table_add_note(t, "%s; segments roll up to their category and theme. Export for a "
                              "quantitative model: ambidex qual export PROJECT matrix OUT.csv.",
                           presence ? "1 = the case has at least one segment with the code"
                                    : "Number of coded segments per case"));
    TRY(add(r, &t));
    free(cols);
    *out = r;
    return ADX_OK;
oom:
    free(cols);
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_qcooc(const adx_qproject_t *p, const adx_qcooc_t *c,
                             adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Code A", "Code B", "Overlapping segments", "Cases with both",
                                 "Jaccard (cases)"};
    *out = NULL;
    adx_table_t *t = NULL;
    adx_report_t *r = new_report();
    TRYP(r);
    TRYP(t = adx_table_alloc("Code co-occurrence", 5, cols));
    cJSON *arr = cJSON_AddArrayToObject(r->json, "pairs");
    TRYP(arr);
    size_t K = c->k;
    for (size_t i = 0; i < K; i++)
        for (size_t j = i + 1; j < K; j++) {
            if (c->overlaps[i * K + j] == 0 && c->both[i * K + j] == 0)
                continue;
            size_t row = adx_table_add_row(t);
            TRYP(row != (size_t)-1);
            TRY(adx_table_set_text(t, row, 0, p->codes[c->code[i]].name));
            TRY(adx_table_set_text(t, row, 1, p->codes[c->code[j]].name));
            TRY(adx_table_set_num(t, row, 2, c->overlaps[i * K + j], ADX_NUM_INT, 0, NULL));
            TRY(adx_table_set_num(t, row, 3, c->both[i * K + j], ADX_NUM_INT, 0, NULL));
            TRY(adx_table_set_num(t, row, 4, c->jaccard[i * K + j], ADX_NUM_FIXED, -1, NULL));
            cJSON *o = cJSON_CreateObject();
            TRYP(o);
            cJSON_AddItemToArray(arr, o);
            cJSON_AddStringToObject(o, "a", p->codes[c->code[i]].name);
            cJSON_AddStringToObject(o, "b", p->codes[c->code[j]].name);
            jset(o, "overlaps", c->overlaps[i * K + j]);
            jset(o, "cases_both", c->both[i * K + j]);
            jset(o, "jaccard", c->jaccard[i * K + j]);
        }
    TRY(adx_table_add_note(t, "Overlapping segments: pairs of segments of the same coder in the "
                              "same transcript whose text overlaps (a segment coded with both "
                              "codes counts once). Jaccard = cases with both / cases with either. "
                              "Pairs that never co-occur are left out."));
    TRY(add(r, &t));
    *out = r;
    return ADX_OK;
oom:
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_qcross(const adx_qproject_t *p, const adx_qcross_t *x,
                              adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_table_t *t = NULL;
    char **heads = NULL;
    adx_report_t *r = new_report();
    TRYP(r);
    size_t G = x->ngroups, nc = 1 + 2 * G;
    TRYP(heads = calloc(nc, sizeof *heads));
    char title[512];
    snprintf(title, sizeof title, "Codes by %s (cases)", x->attribute);
    TRYP(heads[0] = malloc(8));
    strcpy(heads[0], "Code");
    for (size_t g = 0; g < G; g++) {
        char b[600];
        snprintf(b, sizeof b, "%s (n=%.0f)", x->groups[g], x->group_n[g]);
        TRYP(heads[1 + 2 * g] = malloc(strlen(b) + 1));
        strcpy(heads[1 + 2 * g], b);
        TRYP(heads[2 + 2 * g] = malloc(2));
        strcpy(heads[2 + 2 * g], "%");
    }
    TRYP(t = adx_table_alloc(title, nc, (const char *const *)heads));
    cJSON_AddStringToObject(r->json, "attribute", x->attribute);
    cJSON *jg = cJSON_AddArrayToObject(r->json, "groups");
    cJSON *jr = cJSON_AddArrayToObject(r->json, "codes");
    TRYP(jg && jr);
    for (size_t g = 0; g < G; g++) {
        cJSON *o = cJSON_CreateObject();
        TRYP(o);
        cJSON_AddItemToArray(jg, o);
        cJSON_AddStringToObject(o, "value", x->groups[g]);
        jset(o, "n", x->group_n[g]);
    }
    for (size_t i = 0; i < x->k; i++) {
        char name[512];
        indent_name(p, x->code[i], name, sizeof name);
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, name));
        cJSON *o = cJSON_CreateObject(), *cs = cJSON_CreateArray();
        TRYP(o && cs);
        cJSON_AddItemToArray(jr, o);
        cJSON_AddStringToObject(o, "code", p->codes[x->code[i]].name);
        cJSON_AddItemToObject(o, "cases", cs);
        for (size_t g = 0; g < G; g++) {
            double v = x->cases[i * G + g];
            TRY(adx_table_set_num(t, row, 1 + 2 * g, v, ADX_NUM_INT, 0, NULL));
            TRY(adx_table_set_num(t, row, 2 + 2 * g,
                                  x->group_n[g] > 0 ? 100 * v / x->group_n[g] : NAN,
                                  ADX_NUM_PCT, 1, NULL));
            cJSON_AddItemToArray(cs, jnum(v));
        }
    }
    TRY(adx_table_add_note(t, "Number (and percent) of the cases in each group whose transcript "
                              "has the code or one of its sub-codes. Cases with a missing %s "
                              "are left out.",
                           x->attribute));
    TRY(add(r, &t));
    for (size_t i = 0; i < nc; i++)
        free(heads[i]);
    free(heads);
    *out = r;
    return ADX_OK;
oom:
    if (heads)
        for (size_t i = 0; i < nc; i++)
            free(heads[i]);
    free(heads);
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

adx_error_t adx_report_qquotes(const adx_qproject_t *p, const adx_qsel_t *s, size_t code,
                               const char *const *attrs, size_t nattrs, adx_report_t **out,
                               adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    adx_table_t *t = NULL;
    adx_report_t *r = NULL;
    unsigned char *mask = NULL;
    char *quote = NULL;
    size_t *av = NULL;
    const char **cols = NULL;
    size_t nattr = attrs ? nattrs : p->cases->nvars - 1;
    if (!(av = malloc((nattr + 1) * sizeof *av)))
        goto oom;
    if (attrs) {
        if ((rc = adx_dataset_lookup(p->cases, attrs, nattrs, 0, av, ctx)))
            goto fail;
    } else
        for (size_t a = 0; a < nattr; a++)
            av[a] = 1 + a;
    if ((rc = adx_qsel_coders(p, s, &mask, ctx)))
        goto fail;
    TRYP(cols = malloc((nattr + 5) * sizeof *cols));
    TRYP(r = new_report());
    cols[0] = "Case";
    for (size_t a = 0; a < nattr; a++)
        cols[1 + a] = p->cases->vars[av[a]].name;
    cols[nattr + 1] = "Code";
    cols[nattr + 2] = "Coders";
    cols[nattr + 3] = "Line";
    cols[nattr + 4] = "Quote";
    char title[512];
    snprintf(title, sizeof title, "Quotes for %s '%s'", level_name(p->codes[code].depth),
             p->codes[code].name);
    TRYP(t = adx_table_alloc(title, nattr + 5, cols));
    cJSON_AddStringToObject(r->json, "code", p->codes[code].name);
    cJSON *jcases = cJSON_AddArrayToObject(r->json, "cases");
    TRYP(jcases);
    size_t nq = 0, ncs = 0;
    for (size_t d = 0; d < p->ncases; d++) {
        cJSON *jc = NULL, *jq = NULL;
        for (size_t j = 0; j < p->nsegs; j++) {
            const adx_qseg_t *sg = &p->segs[j];
            if (sg->doc != d || !mask[sg->coder] || !adx_qcode_under(p, sg->code, code))
                continue;
            /* The same text coded with the same code by several coders is one
             * quote; segments are sorted by doc, start, end, code, coder. */
            size_t last = j;
            char coders[1024];
            size_t w = (size_t)snprintf(coders, sizeof coders, "%s", p->coders[sg->coder]);
            cJSON *jcod = cJSON_CreateArray();
            TRYP(jcod);
            cJSON_AddItemToArray(jcod, cJSON_CreateString(p->coders[sg->coder]));
            for (size_t k = j + 1; k < p->nsegs; k++) {
                const adx_qseg_t *o = &p->segs[k];
                if (o->doc != sg->doc || o->start != sg->start || o->end != sg->end ||
                    o->code != sg->code)
                    break;
                last = k;
                if (!mask[o->coder])
                    continue;
                if (w < sizeof coders)
                    w += (size_t)snprintf(coders + w, sizeof coders - w, ", %s", p->coders[o->coder]);
                cJSON_AddItemToArray(jcod, cJSON_CreateString(p->coders[o->coder]));
            }
            const adx_qdoc_t *doc = &p->docs[d];
            /* Byte range of the quote. */
            size_t bs = 0, be = doc->nbytes, k = 0;
            for (size_t i = 0; i <= doc->nbytes; i++) {
                if (i == doc->nbytes || ((unsigned char)doc->text[i] & 0xC0) != 0x80) {
                    if (k == sg->start)
                        bs = i;
                    if (k == sg->end) {
                        be = i;
                        break;
                    }
                    k++;
                }
            }
            free(quote);
            quote = malloc(be - bs + 1);
            if (!quote) {
                cJSON_Delete(jcod);
                goto oom;
            }
            /* Newlines inside a quote become spaces so that rows stay single-line. */
            for (size_t i = bs; i < be; i++)
                quote[i - bs] = doc->text[i] == '\n' || doc->text[i] == '\r' ? ' ' : doc->text[i];
            quote[be - bs] = '\0';
            size_t row = adx_table_add_row(t);
            if (row == (size_t)-1 || adx_table_set_text(t, row, 0, jc ? "" : p->case_ids[d])) {
                cJSON_Delete(jcod);
                goto oom;
            }
            for (size_t a = 0; a < nattr; a++) {
                char b[64];
                if (adx_table_set_text(t, row, 1 + a,
                                       jc ? "" : cell_text(&p->cases->vars[av[a]], d, b, sizeof b))) {
                    cJSON_Delete(jcod);
                    goto oom;
                }
            }
            if (adx_table_set_text(t, row, nattr + 1, p->codes[sg->code].name) ||
                adx_table_set_text(t, row, nattr + 2, coders) ||
                (sg->line && adx_table_set_num(t, row, nattr + 3, (double)sg->line, ADX_NUM_INT, 0, NULL)) ||
                adx_table_set_text(t, row, nattr + 4, quote)) {
                cJSON_Delete(jcod);
                goto oom;
            }
            if (!jc) {
                if (!(jc = cJSON_CreateObject())) {
                    cJSON_Delete(jcod);
                    goto oom;
                }
                cJSON_AddItemToArray(jcases, jc);
                cJSON_AddStringToObject(jc, "case", p->case_ids[d]);
                cJSON *at = cJSON_AddObjectToObject(jc, "attributes");
                if (!at) {
                    cJSON_Delete(jcod);
                    goto oom;
                }
                for (size_t a = 0; a < nattr; a++) {
                    const adx_variable_t *v = &p->cases->vars[av[a]];
                    if (v->type == ADX_VAR_STRING) {
                        if (v->str[d])
                            cJSON_AddStringToObject(at, v->name, v->str[d]);
                        else
                            cJSON_AddNullToObject(at, v->name);
                    } else
                        jset(at, v->name, v->num[d]);
                }
                if (!(jq = cJSON_AddArrayToObject(jc, "quotes"))) {
                    cJSON_Delete(jcod);
                    goto oom;
                }
                ncs++;
            }
            cJSON *o = cJSON_CreateObject();
            if (!o) {
                cJSON_Delete(jcod);
                goto oom;
            }
            cJSON_AddItemToArray(jq, o);
            cJSON_AddStringToObject(o, "code", p->codes[sg->code].name);
            cJSON_AddItemToObject(o, "coders", jcod);
            jset(o, "start", (double)sg->start);
            jset(o, "end", (double)sg->end);
            jset(o, "line", sg->line ? (double)sg->line : NAN);
            cJSON_AddStringToObject(o, "text", quote);
            if (sg->memo)
                cJSON_AddStringToObject(o, "memo", sg->memo);
            nq++;
            j = last;
        }
    }
    TRY(adx_table_add_note(t, "%zu quotes from %zu of %zu cases, grouped by case; the code "
                              "column shows the code applied (sub-codes included); text coded "
                              "alike by several coders is listed once with all their names.",
                           nq, ncs, p->ncases));
    TRY(add(r, &t));
    free(cols);
    free(quote);
    free(mask);
    free(av);
    *out = r;
    return ADX_OK;
oom:
    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
fail:
    free(cols);
    free(quote);
    free(mask);
    free(av);
    adx_table_free(t);
    adx_report_free(r);
    return rc;
}

adx_error_t adx_report_qcases(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_table_t *t = NULL;
    const adx_dataset_t *ds = p->cases;
    const char **cols = malloc((ds->nvars + 1) * sizeof *cols);
    adx_report_t *r = new_report();
    TRYP(cols && r);
    for (size_t j = 0; j < ds->nvars; j++)
        cols[j] = ds->vars[j].name;
    TRYP(t = adx_table_alloc("Characteristics of the cases", ds->nvars, cols));
    cJSON *jc = cJSON_AddArrayToObject(r->json, "cases");
    TRYP(jc);
    for (size_t i = 0; i < ds->nrows; i++) {
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        cJSON *o = cJSON_CreateObject();
        TRYP(o);
        cJSON_AddItemToArray(jc, o);
        for (size_t j = 0; j < ds->nvars; j++) {
            const adx_variable_t *v = &ds->vars[j];
            if (v->type == ADX_VAR_STRING) {
                TRY(adx_table_set_text(t, row, j, v->str[i] ? v->str[i] : ""));
                if (v->str[i])
                    cJSON_AddStringToObject(o, v->name, v->str[i]);
                else
                    cJSON_AddNullToObject(o, v->name);
            } else {
                TRY(adx_table_set_num(t, row, j, v->num[i], ADX_NUM_FIXED,
                                      v->num[i] == floor(v->num[i]) ? 0 : -1, NULL));
                jset(o, v->name, v->num[i]);
            }
        }
    }
    TRY(add(r, &t));
    /* Numeric attributes: descriptive statistics. */
    static const char *dcols[] = {"Attribute", "N", "Mean", "SD", "Min", "Max"};
    TRYP(t = adx_table_alloc("Numeric attributes", 6, dcols));
    cJSON *jd = cJSON_AddArrayToObject(r->json, "numeric");
    TRYP(jd);
    for (size_t j = 1; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        if (v->type != ADX_VAR_NUMERIC)
            continue;
        adx_summary_t s;
        adx_summarize(v->num, ds->nrows, &s);
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, v->name));
        TRY(adx_table_set_num(t, row, 1, (double)s.n, ADX_NUM_INT, 0, NULL));
        double vals[] = {s.mean, s.sd, s.min, s.max};
        for (int c = 0; c < 4; c++)
            TRY(adx_table_set_num(t, row, 2 + (size_t)c, vals[c], ADX_NUM_FIXED, 2, NULL));
        cJSON *o = cJSON_CreateObject();
        TRYP(o);
        cJSON_AddItemToArray(jd, o);
        cJSON_AddStringToObject(o, "attribute", v->name);
        jset(o, "n", (double)s.n);
        jset(o, "mean", s.mean);
        jset(o, "sd", s.sd);
        jset(o, "min", s.min);
        jset(o, "max", s.max);
    }
    TRY(adx_table_add_note(t, "SD uses n - 1."));
    if (t->nrows)
        TRY(add(r, &t));
    else {
        adx_table_free(t);
        t = NULL;
    }
    /* Text attributes: frequencies. */
    static const char *fcols[] = {"Attribute", "Value", "Cases", "%"};
    TRYP(t = adx_table_alloc("Categorical attributes", 4, fcols));
    cJSON *jf = cJSON_AddArrayToObject(r->json, "categorical");
    TRYP(jf);
    for (size_t j = 1; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        if (v->type != ADX_VAR_STRING)
            continue;
        cJSON *o = cJSON_CreateObject(), *vals = cJSON_CreateObject();
        TRYP(o && vals);
        cJSON_AddItemToArray(jf, o);
        cJSON_AddStringToObject(o, "attribute", v->name);
        cJSON_AddItemToObject(o, "counts", vals);
        int first = 1;
        for (size_t i = 0; i < ds->nrows; i++) {
            const char *val = v->str[i];
            size_t k = 0;
            while (k < i && !(val ? v->str[k] && !strcmp(v->str[k], val) : !v->str[k]))
                k++;
            if (k < i)
                continue;
            size_t n = 0;
            for (size_t m = i; m < ds->nrows; m++)
                n += val ? v->str[m] && !strcmp(v->str[m], val) : !v->str[m];
            size_t row = adx_table_add_row(t);
            TRYP(row != (size_t)-1);
            TRY(adx_table_set_text(t, row, 0, first ? v->name : ""));
            TRY(adx_table_set_text(t, row, 1, val ? val : "(missing)"));
            TRY(adx_table_set_num(t, row, 2, (double)n, ADX_NUM_INT, 0, NULL));
            TRY(adx_table_set_num(t, row, 3, 100.0 * (double)n / (double)ds->nrows, ADX_NUM_PCT,
                                  1, NULL));
            jset(vals, val ? val : "(missing)", (double)n);
            first = 0;
        }
    }
    if (t->nrows)
        TRY(add(r, &t));
    else {
        adx_table_free(t);
        t = NULL;
    }
    free(cols);
    *out = r;
    return ADX_OK;
oom:
    free(cols);
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

static void jstats(cJSON *o, const adx_agree_stats_t *s)
{
    jset(o, "units", (double)s->units);
    jset(o, "complete_units", (double)s->complete);
    jset(o, "pairable_values", (double)s->pairable);
    jset(o, "percent_agreement", s->percent);
    jset(o, "cohen_kappa", s->cohen);
    jset(o, "fleiss_kappa", s->fleiss);
    jset(o, "krippendorff_alpha", s->alpha);
}

static adx_error_t agree_row(adx_table_t *t, const char *name, const adx_agree_stats_t *s)
{
    size_t row = adx_table_add_row(t);
    if (row == (size_t)-1)
        return ADX_ENOMEM;
    adx_error_t e;
    if ((e = adx_table_set_text(t, row, 0, name)) ||
        (e = adx_table_set_num(t, row, 1, (double)s->units, ADX_NUM_INT, 0, NULL)) ||
        (e = adx_table_set_num(t, row, 2, 100 * s->percent, ADX_NUM_PCT, 1, NULL)) ||
        (e = adx_table_set_num(t, row, 3, s->cohen, ADX_NUM_FIXED, -1, NULL)) ||
        (e = adx_table_set_num(t, row, 4, s->fleiss, ADX_NUM_FIXED, -1, NULL)) ||
        (e = adx_table_set_num(t, row, 5, s->alpha, ADX_NUM_FIXED, -1, NULL)))
        return e;
    return ADX_OK;
}

adx_error_t adx_report_qagree(const adx_qproject_t *p, const adx_qagree_t *a,
                              adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Code", "Units", "% agreement", "Cohen's kappa",
                                 "Fleiss' kappa", "Krippendorff's alpha"};
    static const char *unit_names[] = {"paragraph", "line", "document"};
    *out = NULL;
    adx_table_t *t = NULL;
    char **dcols = NULL;
    size_t ndc = 4 + a->ncoders;
    adx_report_t *r = new_report();
    TRYP(r);
    char coders[1024];
    size_t w = 0;
    coders[0] = '\0';
    for (size_t c = 0; c < a->ncoders && w < sizeof coders; c++)
        w += (size_t)snprintf(coders + w, sizeof coders - w, "%s%s", c ? ", " : "",
                              p->coders[a->coder[c]]);
    cJSON *jc = cJSON_AddArrayToObject(r->json, "coders");
    TRYP(jc);
    for (size_t c = 0; c < a->ncoders; c++)
        cJSON_AddItemToArray(jc, cJSON_CreateString(p->coders[a->coder[c]]));
    cJSON_AddStringToObject(r->json, "unit", unit_names[a->unit]);
    cJSON_AddBoolToObject(r->json, "all_units", a->all_units);
    for (int level = 0; level < 2; level++) {
        char title[256];
        snprintf(title, sizeof title, level == 0 ? "Inter-coder agreement by code (unit: %s)"
                                                 : "Inter-coder agreement by code (unit: %s "
                                                   "presence)",
                 level == 0 ? unit_names[a->unit] : "document");
        TRYP(t = adx_table_alloc(title, 6, cols));
        const adx_agree_stats_t *by = level == 0 ? a->by_code : a->doc_by_code;
        cJSON *jl = cJSON_AddObjectToObject(r->json, level == 0 ? "unit_level" : "document_level");
        TRYP(jl);
        cJSON *ja = cJSON_AddArrayToObject(jl, "codes");
        TRYP(ja);
        for (size_t i = 0; i < a->k; i++) {
            char name[512];
            indent_name(p, a->code[i], name, sizeof name);
            TRY(agree_row(t, name, &by[i]));
            cJSON *o = cJSON_CreateObject();
            TRYP(o);
            cJSON_AddItemToArray(ja, o);
            cJSON_AddStringToObject(o, "code", p->codes[a->code[i]].name);
            jstats(o, &by[i]);
        }
        const adx_agree_stats_t *ov = level == 0 ? &a->overall : &a->doc_overall;
        TRY(agree_row(t, "Overall (pooled)", ov));
        cJSON *oo = cJSON_AddObjectToObject(jl, "overall");
        TRYP(oo);
        jstats(oo, ov);
        TRY(adx_table_add_note(t, "Coders: %s. Each code is a yes/no decision per unit; "
                                  "'Overall' pools all unit x code decisions.",
                               coders));
        if (level == 0 && a->all_units)
            TRY(adx_table_add_note(
                t, "Units: every %s of the transcripts each coder coded, including text nobody "
                   "coded (--all-units): uncoded units count as agreement, which inflates the "
                   "figures as NVivo's character-level comparison does.",
                unit_names[a->unit]));
        else if (level == 0)
            TRY(adx_table_add_note(
                t, "Units: the %ss that at least one coder coded with a code of this table%s "
                   "(not characters: NVivo's character-level figures count uncoded text as "
                   "agreement). Cohen's kappa needs exactly two coders; %% agreement and Fleiss' "
                   "kappa use units coded by every coder; Krippendorff's alpha (nominal) uses all "
                   "pairable values.",
                unit_names[a->unit], a->unit == ADX_UNIT_PARAGRAPH ? " (blocks separated by blank lines)" : ""));
        else
            TRY(adx_table_add_note(t, "Units: transcripts; the value is whether the coder applied "
                                      "the code anywhere in it. A transcript a coder did not code "
                                      "is missing for that coder."));
        TRY(adx_table_add_note(t, "Blank: undefined (e.g. only one value occurs)."));
        TRY(add(r, &t));
    }
    /* Disagreements. */
    TRYP(dcols = calloc(ndc, sizeof *dcols));
    const char *fixed[] = {"Case", "Line", "Code", "Text"};
    for (size_t j = 0; j < 3; j++) {
        TRYP(dcols[j] = malloc(strlen(fixed[j]) + 1));
        strcpy(dcols[j], fixed[j]);
    }
    for (size_t c = 0; c < a->ncoders; c++) {
        const char *nm = p->coders[a->coder[c]];
        TRYP(dcols[3 + c] = malloc(strlen(nm) + 1));
        strcpy(dcols[3 + c], nm);
    }
    TRYP(dcols[ndc - 1] = malloc(5));
    strcpy(dcols[ndc - 1], "Text");
    TRYP(t = adx_table_alloc("Disagreements", ndc, (const char *const *)dcols));
    cJSON *jd = cJSON_AddArrayToObject(r->json, "disagreements");
    TRYP(jd);
    for (size_t i = 0; i < a->ndis; i++) {
        const adx_qdisagree_t *d = &a->dis[i];
        size_t row = adx_table_add_row(t);
        TRYP(row != (size_t)-1);
        TRY(adx_table_set_text(t, row, 0, p->case_ids[d->doc]));
        TRY(adx_table_set_num(t, row, 1, (double)d->line, ADX_NUM_INT, 0, NULL));
        TRY(adx_table_set_text(t, row, 2, p->codes[d->code].name));
        cJSON *o = cJSON_CreateObject(), *ap = cJSON_CreateObject();
        TRYP(o && ap);
        cJSON_AddItemToArray(jd, o);
        cJSON_AddStringToObject(o, "case", p->case_ids[d->doc]);
        jset(o, "line", (double)d->line);
        cJSON_AddStringToObject(o, "code", p->codes[d->code].name);
        cJSON_AddItemToObject(o, "applied", ap);
        for (size_t c = 0; c < a->ncoders; c++) {
            const char *v = d->applied[c] == 1 ? "yes" : d->applied[c] == 0 ? "no" : "not coded";
            TRY(adx_table_set_text(t, row, 3 + c, v));
            if (d->applied[c] == 2)
                cJSON_AddNullToObject(ap, p->coders[a->coder[c]]);
            else
                cJSON_AddBoolToObject(ap, p->coders[a->coder[c]], d->applied[c]);
        }
        /* First 80 characters of the unit. */
        const adx_qdoc_t *doc = &p->docs[d->doc];
        char ex[400];
        size_t k = 0, n = 0, i0 = 0;
        while (i0 < doc->nbytes && k < d->start) {
            i0++;
            while (i0 < doc->nbytes && ((unsigned char)doc->text[i0] & 0xC0) == 0x80)
                i0++;
            k++;
        }
        size_t lim = d->end - d->start;
        size_t chars = 0;
        while (i0 < doc->nbytes && chars < lim && chars < 80 && n + 5 < sizeof ex) {
            char ch = doc->text[i0++];
            ex[n++] = ch == '\n' ? ' ' : ch;
            while (i0 < doc->nbytes && ((unsigned char)doc->text[i0] & 0xC0) == 0x80 &&
                   n + 5 < sizeof ex)
                ex[n++] = doc->text[i0++];
            chars++;
        }
        if (chars < lim)
            n += (size_t)snprintf(ex + n, sizeof ex - n, "...");
        ex[n] = '\0';
        TRY(adx_table_set_text(t, row, ndc - 1, ex));
        cJSON_AddStringToObject(o, "text", ex);
    }
    TRY(adx_table_add_note(t, "%zu unit x code decisions on which the coders differ, for the "
                              "pooling discussion.",
                           a->ndis));
    TRY(add(r, &t));
    for (size_t j = 0; j < ndc; j++)
        free(dcols[j]);
    free(dcols);
    *out = r;
    return ADX_OK;
oom:
    if (dcols)
        for (size_t j = 0; j < ndc; j++)
            free(dcols[j]);
    free(dcols);
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}
