/* Report builders for the qualitative queries (qual search, qual query, qual
 * words). JSON keys: docs/qual.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_qual.h"
#include "builder.h"

/* Bytes [a, b) of s with line breaks and tabs as blanks, into buf. */
static const char *flat(const char *s, size_t a, size_t b, adx__sb_t *buf)
{
    buf->len = 0;
    for (size_t i = a; i < b; i++)
        adx__sb_char(buf, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
    adx__sb_char(buf, '\0');
    return buf->s ? buf->s : "";
}

/* Indexes of the attributes named in attrs (all when attrs is NULL). */
static adx_error_t attr_index(const adx_qproject_t *p, const char *const *attrs, size_t nattrs,
                              size_t **av, size_t *na, adx_errctx_t *ctx)
{
    size_t n = attrs ? nattrs : (p->cases->nvars > 0 ? p->cases->nvars - 1 : 0);
    if (!(*av = calloc(n + 1, sizeof **av)))
        return adx_oom(ctx);
    for (size_t i = 0; i < n; i++) {
        long v = attrs ? adx_dataset_find(p->cases, attrs[i]) : (long)i + 1;
        if (v < 0)
            return adx_err(ctx, ADX_ENOVAR, "--attributes: no case attribute '%s' in "
                                            "%s/cases.csv", attrs[i], p->root);
        (*av)[i] = (size_t)v;
    }
    *na = n;
    return ADX_OK;
}

static void hit_row(adx__tb_t *b, const adx_qproject_t *p, const adx_qhit_t *h,
                    const size_t *av, size_t na, cJSON *arr, adx__sb_t *buf)
{
    const char *text = p->docs[h->doc].text;
    size_t row = adx__tb_row(b);
    cJSON *o = adx__jobj(b, arr, NULL);
    adx__tb_text(b, row, 0, p->case_ids[h->doc]);
    adx__tb_int(b, row, 1, (double)h->line);
    adx__jstr(b, o, "case", p->case_ids[h->doc]);
    adx__jnum(b, o, "line", (double)h->line);
    adx__jnum(b, o, "start", (double)h->start);
    adx__jnum(b, o, "end", (double)h->end);
    const size_t cut[][2] = {{h->cbstart, h->bstart}, {h->bstart, h->bend}, {h->bend, h->cbend}};
    static const char *keys[] = {"before", "text", "after"};
    for (size_t k = 0; k < 3; k++) {
        const char *t = flat(text, cut[k][0], cut[k][1], buf);
        adx__tb_text(b, row, 2 + k, t);
        adx__jstr(b, o, keys[k], t);
    }
    cJSON *ja = adx__jobj(b, o, "attributes");
    for (size_t i = 0; i < na; i++) {
        char nb[64];
        const adx_variable_t *v = &p->cases->vars[av[i]];
        const char *val = v->type == ADX_VAR_STRING ? v->str[h->doc]
              : isnan(v->num[h->doc])   ? NULL
                                        : (snprintf(nb, sizeof nb, "%.15g", v->num[h->doc]), nb);
        adx__tb_text(b, row, 5 + i, val ? val : "");
        adx__jstr(b, ja, v->name, val);
    }
}

adx_error_t adx_report_qhits(const adx_qproject_t *p, const adx_qhits_t *h, const char *title,
                             const char *const *attrs, size_t nattrs, adx_report_t **out,
                             adx_errctx_t *ctx)
{
    size_t *av = NULL, na = 0;
    adx_error_t rc = attr_index(p, attrs, nattrs, &av, &na, ctx);
    if (rc) {
        free(av);
        return rc;
    }
    adx__tb_t b;
    adx__tb_init(&b);
    adx__sb_t buf = {0};
    const char **cols = adx__tb_check(&b, calloc(5 + na, sizeof *cols));
    if (cols) {
        const char *fixed[] = {"Case", "Line", "Before", "Hit", "After"};
        memcpy(cols, fixed, sizeof fixed);
        for (size_t i = 0; i < na; i++)
            cols[5 + i] = p->cases->vars[av[i]].name;
        adx__tb_table(&b, title, 5 + na, cols);
    }
    free(cols);
    cJSON *root = adx__tb_root(&b);
    adx__jstr(&b, root, "query", title);
    const adx_jf_t jf[] = {{"hits", (double)h->nhits},
                           {"cases_with_hits", (double)h->ncases},
                           {"cases_searched", (double)h->searched}};
    adx__jfields(&b, root, jf, ADX_NELEM(jf));
    cJSON *arr = adx__jarray(&b, root, "results");
    for (size_t i = 0; i < h->nhits && !b.oom; i++)
        hit_row(&b, p, &h->hit[i], av, na, arr, &buf);
    adx__tb_note(&b, "%zu hits in %zu of the %zu cases searched. Before/After: the words of "
                     "context on each side.", h->nhits, h->ncases, h->searched);
    adx__sb_free(&buf);
    free(av);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_qwords(const adx_qproject_t *p, const adx_qwords_t *w, const char *lang,
                              adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t cols[] = {ADX_COL("Word", "word"), ADX_COL_INT("Count", "count"),
                                     ADX_COL_PCT("% of words", "percent"),
                                     ADX_COL_INT("Cases", "cases")};
    adx__tb_t b;
    adx__tb_init(&b);
    (void)p;
    adx__tb_table_cols(&b, "Word frequencies", cols, ADX_NELEM(cols));
    cJSON *root = adx__tb_root(&b);
    adx__jstr(&b, root, "stop_words", lang ? lang : "none");
    adx__jnum(&b, root, "total_words", (double)w->total);
    adx__jnum(&b, root, "cases", (double)w->ncases);
    cJSON *arr = adx__jarray(&b, root, "words");
    for (size_t i = 0; i < w->n; i++) {
        double pct = w->total ? 100.0 * (double)w->count[i] / (double)w->total : NAN;
        cJSON *o = adx__jobj(&b, arr, NULL);
        const char *t[] = {w->word[i]};
        adx__tb_row_texts(&b, o, t, 1, (double[]){(double)w->count[i], pct,
                                                  (double)w->cases[i]});
        adx__jnum(&b, o, "percent", pct / 100);
    }
    adx__tb_note(&b, "Words are runs of letters and digits of any script, compared without "
                     "case; %zu words counted in %zu cases, stop words (%s) left out. %% of "
                     "words: count / words counted.", w->total, w->ncases, lang ? lang : "none");
    return adx__tb_done(&b, out, ctx);
}
