/* Report builders for the qualitative analyses (ambidex qual ...). JSON keys:
 * docs/qual.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_qual.h"
#include "ambidex/adx_stats.h"
#include "builder.h"

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

/* The value of case attribute v for case i as JSON (a string, null or a number). */
static void jattr(adx__tb_t *b, cJSON *o, const adx_variable_t *v, size_t i)
{
    if (v->type == ADX_VAR_STRING)
        adx__jstr(b, o, v->name, v->str[i]);
    else
        adx__jnum(b, o, v->name, v->num[i]);
}

/* "a, b, c" of n names into buf. */
static void join_names(const char *const *names, size_t n, char *buf, size_t size)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < n && w < size; c++)
        w += (size_t)snprintf(buf + w, size - w, "%s%s", c ? ", " : "",
                              names[c]);
}

static void qcheck_counts(adx__tb_t *b, const adx_qproject_t *p)
{
    static const adx_col_t cols[] = {ADX_COL("Item", NULL), ADX_COL_INT("Count", NULL)};
    adx__tb_table_cols(b, "Project check: no problems found", cols, ADX_NELEM(cols));
    size_t depth[3] = {0, 0, 0};
    for (size_t i = 0; i < p->ncodes; i++)
        depth[p->codes[i].depth < 2 ? p->codes[i].depth : 2]++;
    const char *items[] = {"Cases", "Themes (level 0)", "Categories (level 1)",
                           "Codes (level 2 and below)", "Coders", "Coded segments"};
    double vals[] = {(double)p->ncases, (double)depth[0], (double)depth[1], (double)depth[2],
                     (double)p->ncoders, (double)p->nsegs};
    const char *keys[] = {"cases", "themes", "categories", "codes", "coders", "segments"};
    cJSON *root = adx__tb_root(b);
    for (int i = 0; i < 6; i++) {
        adx__tb_row_values(b, NULL, items[i], &vals[i]);
        adx__jnum(b, root, keys[i], vals[i]);
    }
    adx__jadd(b, root, "coder_names", adx__jstrings((const char *const *)p->coders, p->ncoders));
    adx__jstr(b, root, "status", "ok");
    adx__tb_note(b, "Markup, codes, codebook hierarchy and segment ranges are valid.");
    /* Codes nobody applied (themselves or through a sub-code). */
    cJSON *unused = adx__jarray(b, root, "unused_codes");
    char list[2048];
    size_t w = 0, nun = 0;
    list[0] = '\0';
    for (size_t i = 0; i < p->ncodes; i++) {
        int used = 0;
        for (size_t k = 0; k < p->nsegs && !used; k++)
            used = adx_qcode_under(p, p->segs[k].code, i);
        if (used)
            continue;
        adx__jadd(b, unused, NULL, cJSON_CreateString(p->codes[i].name));
        if (w < sizeof list)
            w += (size_t)snprintf(list + w, sizeof list - w, "%s%s", nun ? ", " : "",
                                  p->codes[i].name);
        nun++;
    }
    if (nun)
        adx__tb_note(b, "Codes never applied (%zu): %s.", nun, list);
}

/* Per coder: transcripts coded and segments. */
static void qcheck_coders(adx__tb_t *b, const adx_qproject_t *p)
{
    static const adx_col_t cols[] = {ADX_COL("Coder", "coder"),
                                     ADX_COL_INT("Transcripts coded", "transcripts"),
                                     ADX_COL_INT("Segments", "segments")};
    adx__tb_table_cols(b, "Coders", cols, ADX_NELEM(cols));
    cJSON *jc = adx__jarray(b, adx__tb_root(b), "coder_table");
    for (size_t c = 0; c < p->ncoders; c++) {
        size_t docs = 0, segs = 0;
        for (size_t d = 0; d < p->ncases; d++)
            docs += p->coded[d * p->ncoders + c];
        for (size_t k = 0; k < p->nsegs; k++)
            segs += p->segs[k].coder == c;
        adx__tb_row_values(b, jc, p->coders[c], (double[]){(double)docs, (double)segs});
    }
    adx__tb_note(b, "A transcript a coder did not code counts as missing for that coder in the "
                    "agreement statistics, not as 'code absent'.");
    adx__tb_drop_empty(b);
}

adx_error_t adx_report_qcheck(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    qcheck_counts(&b, p);
    qcheck_coders(&b, p);
    return adx__tb_done(&b, out, ctx);
}

adx_error_t adx_report_qfreq(const adx_qproject_t *p, const adx_qfreq_t *f,
                             adx_report_t **out, adx_errctx_t *ctx)
{
    static const char *cols[] = {"Code", "Level", "Segments", "Cases", "% of cases",
                                 "Words coded"};
    adx__tb_t b;
    adx__tb_init(&b);
    adx__tb_table(&b, "Code frequencies", 6, cols);
    cJSON *arr = adx__jarray(&b, adx__tb_root(&b), "codes");
    for (size_t i = 0; i < f->k; i++) {
        const adx_qcode_t *c = &p->codes[f->code[i]];
        char name[512];
        indent_name(p, f->code[i], name, sizeof name);
        size_t row = adx__tb_row(&b);
        double pct = f->ncases ? 100.0 * (double)f->cases[i] / (double)f->ncases : NAN;
        adx__tb_text(&b, row, 0, name);
        adx__tb_text(&b, row, 1, level_name(c->depth));
        adx__tb_int(&b, row, 2, (double)f->segments[i]);
        adx__tb_int(&b, row, 3, (double)f->cases[i]);
        adx__tb_num(&b, row, 4, pct, ADX_NUM_PCT, 1);
        adx__tb_int(&b, row, 5, (double)f->words[i]);
        cJSON *o = adx__jobj(&b, arr, NULL);
        adx__jstr(&b, o, "code", c->name);
        adx__jstr(&b, o, "level", level_name(c->depth));
        adx__jstr(&b, o, "parent", c->parent >= 0 ? p->codes[c->parent].name : "");
        const adx_jf_t jf[] = {{"segments", (double)f->segments[i]},
                               {"cases", (double)f->cases[i]},
                               {"words", (double)f->words[i]}};
        adx__jfields(&b, o, jf, ADX_NELEM(jf));
    }
    char cn[1024];
    join_names((const char *const *)p->coders, p->ncoders, cn, sizeof cn);
    adx__tb_note(&b, "Segments count for their code and every ancestor (roll-up). Words: words "
                     "in the union of the coded text. N = %zu cases.", f->ncases);
    adx__tb_note(&b, "Coders in the project: %s.", cn);
    return adx__tb_done(&b, out, ctx);
}

/* The column totals (cases with the code when presence). */
static void qmatrix_totals(adx__tb_t *b, const adx_qmatrix_t *m, int presence)
{
    size_t row = adx__tb_row(b);
    adx__tb_text(b, row, 0, presence ? "Cases" : "Total");
    double all = 0;
    for (size_t j = 0; j < m->k; j++) {
        double tot = 0;
        for (size_t i = 0; i < m->ncases; i++)
            tot += presence ? m->count[i * m->k + j] > 0 : m->count[i * m->k + j];
        all += tot;
        adx__tb_int(b, row, j + 1, tot);
    }
    adx__tb_int(b, row, m->k + 1, all);
}

adx_error_t adx_report_qmatrix(const adx_qproject_t *p, const adx_qmatrix_t *m, int presence,
                               adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    const char **cols = adx__tb_check(&b, malloc((m->k + 2) * sizeof *cols));
    if (cols) {
        cols[0] = "Case";
        for (size_t j = 0; j < m->k; j++)
            cols[j + 1] = p->codes[m->code[j]].name;
        cols[m->k + 1] = "Total";
        adx__tb_table(&b, presence ? "Case x code matrix (presence)"
                                   : "Case x code matrix (segments)",
                      m->k + 2, cols);
        free(cols);
    }
    cJSON *root = adx__tb_root(&b);
    cJSON *jc = adx__jarray(&b, root, "codes"), *jr = adx__jarray(&b, root, "cases");
    adx__jstr(&b, root, "measure", presence ? "presence" : "segments");
    for (size_t j = 0; j < m->k; j++)
        adx__jadd(&b, jc, NULL, cJSON_CreateString(p->codes[m->code[j]].name));
    for (size_t i = 0; i < m->ncases; i++) {
        size_t row = adx__tb_row(&b);
        adx__tb_text(&b, row, 0, p->case_ids[i]);
        cJSON *o = adx__jobj(&b, jr, NULL);
        adx__jstr(&b, o, "case", p->case_ids[i]);
        cJSON *vals = adx__jarray(&b, o, "values");
        double tot = 0;
        for (size_t j = 0; j < m->k; j++) {
            double v = m->count[i * m->k + j];
            if (presence)
                v = v > 0;
            tot += v;
            adx__tb_int(&b, row, j + 1, v);
            adx__jnum(&b, vals, NULL, v);
        }
        adx__tb_int(&b, row, m->k + 1, tot);
    }
    qmatrix_totals(&b, m, presence);
    adx__tb_note(&b, "%s; segments roll up to their category and theme. Export for a quantitative "
                     "model: ambidex qual export PROJECT matrix OUT.csv.",
                 presence ? "1 = the case has at least one segment with the code"
                          : "Number of coded segments per case");
    return adx__tb_done(&b, out, ctx);
}

/* The code column, then per group the cases with the code and their percent,
 * under a header group "VALUE (n=N)". */
static void qcross_table(adx__tb_t *b, const adx_qcross_t *x)
{
    size_t G = x->ngroups, nc = 1 + 2 * G;
    const char **heads = adx__tb_check(b, calloc(nc, sizeof *heads));
    if (!heads)
        return;
    heads[0] = "Code";
    for (size_t g = 0; g < G; g++) {
        heads[1 + 2 * g] = "n";
        heads[2 + 2 * g] = "%";
    }
    char title[512];
    snprintf(title, sizeof title, "Codes by %s (cases)", x->attribute);
    adx__tb_table(b, title, nc, heads);
    free(heads);
    for (size_t g = 0; g < G; g++) {
        char label[600];
        snprintf(label, sizeof label, "%s (n=%.0f)", x->groups[g], x->group_n[g]);
        adx__tb_colgroup(b, 1 + 2 * g, 2, label);
    }
}

adx_error_t adx_report_qcross(const adx_qproject_t *p, const adx_qcross_t *x,
                              adx_report_t **out, adx_errctx_t *ctx)
{
    size_t G = x->ngroups;
    adx__tb_t b;
    adx__tb_init(&b);
    qcross_table(&b, x);
    cJSON *root = adx__tb_root(&b);
    adx__jstr(&b, root, "attribute", x->attribute);
    cJSON *jg = adx__jarray(&b, root, "groups"), *jr = adx__jarray(&b, root, "codes");
    for (size_t g = 0; g < G; g++) {
        cJSON *o = adx__jobj(&b, jg, NULL);
        adx__jstr(&b, o, "value", x->groups[g]);
        adx__jnum(&b, o, "n", x->group_n[g]);
    }
    for (size_t i = 0; i < x->k; i++) {
        char name[512];
        indent_name(p, x->code[i], name, sizeof name);
        size_t row = adx__tb_row(&b);
        adx__tb_text(&b, row, 0, name);
        cJSON *o = adx__jobj(&b, jr, NULL);
        adx__jstr(&b, o, "code", p->codes[x->code[i]].name);
        cJSON *cs = adx__jarray(&b, o, "cases");
        for (size_t g = 0; g < G; g++) {
            double v = x->cases[i * G + g];
            adx__tb_int(&b, row, 1 + 2 * g, v);
            adx__tb_num(&b, row, 2 + 2 * g, x->group_n[g] > 0 ? 100 * v / x->group_n[g] : NAN,
                        ADX_NUM_PCT, 1);
            adx__jnum(&b, cs, NULL, v);
        }
    }
    adx__tb_note(&b, "Number (and percent) of the cases in each group whose transcript has the "
                     "code or one of its sub-codes. Cases with a missing %s are left out.",
                 x->attribute);
    return adx__tb_done(&b, out, ctx);
}
/* Byte range [*bs, *be) of the characters start .. end of a transcript. */
static void char_range(const adx_qdoc_t *doc, size_t start, size_t end, size_t *bs, size_t *be)
{
    size_t k = 0;
    *bs = 0;
    *be = doc->nbytes;
    for (size_t i = 0; i <= doc->nbytes; i++) {
        if (i == doc->nbytes || ((unsigned char)doc->text[i] & 0xC0) != 0x80) {
            if (k == start)
                *bs = i;
            if (k == end) {
                *be = i;
                break;
            }
            k++;
        }
    }
}

/* The JSON object of a case in the quotes report: its id, attributes and an
 * empty quotes array (returned). */
static cJSON *quote_case(adx__tb_t *b, cJSON *jcases, const adx_qproject_t *p, size_t d,
                         const size_t *av, size_t nattr)
{
    cJSON *jc = adx__jobj(b, jcases, NULL);
    adx__jstr(b, jc, "case", p->case_ids[d]);
    cJSON *at = adx__jobj(b, jc, "attributes");
    for (size_t a = 0; a < nattr; a++)
        jattr(b, at, &p->cases->vars[av[a]], d);
    return adx__jarray(b, jc, "quotes");
}

typedef struct {
    const adx_qproject_t *p;
    const unsigned char *mask; /* selected coders */
    const size_t *av;          /* attribute variables */
    size_t nattr;
    size_t nq, ncs;            /* quotes and cases so far */
} quotes_t;

/* One quote: segment j (and the same text coded alike by later coders, up to
 * *last). first: the first quote of its case (the case columns are filled). */
static void quote_row(adx__tb_t *b, quotes_t *q, size_t j, cJSON *jq, int first, size_t *last)
{
    const adx_qproject_t *p = q->p;
    const adx_qseg_t *sg = &p->segs[j];
    char coders[1024];
    size_t w = (size_t)snprintf(coders, sizeof coders, "%s", p->coders[sg->coder]);
    cJSON *o = adx__jobj(b, jq, NULL);
    adx__jstr(b, o, "code", p->codes[sg->code].name);
    cJSON *jcod = adx__jarray(b, o, "coders");
    adx__jadd(b, jcod, NULL, cJSON_CreateString(p->coders[sg->coder]));
    *last = j;
    for (size_t k = j + 1; k < p->nsegs; k++) {
        const adx_qseg_t *s2 = &p->segs[k];
        if (s2->doc != sg->doc || s2->start != sg->start || s2->end != sg->end ||
            s2->code != sg->code)
            break;
        *last = k;
        if (!q->mask[s2->coder])
            continue;
        if (w < sizeof coders)
            w += (size_t)snprintf(coders + w, sizeof coders - w, ", %s", p->coders[s2->coder]);
        adx__jadd(b, jcod, NULL, cJSON_CreateString(p->coders[s2->coder]));
    }
    const adx_qdoc_t *doc = &p->docs[sg->doc];
    size_t bs, be;
    char_range(doc, sg->start, sg->end, &bs, &be);
    char *quote = adx__tb_check(b, malloc(be - bs + 1));
    if (!quote)
        return;
    /* Newlines inside a quote become spaces so that rows stay single-line. */
    for (size_t i = bs; i < be; i++)
        quote[i - bs] = doc->text[i] == '\n' || doc->text[i] == '\r' ? ' ' : doc->text[i];
    quote[be - bs] = '\0';
    size_t row = adx__tb_row(b);
    adx__tb_text(b, row, 0, first ? p->case_ids[sg->doc] : "");
    for (size_t a = 0; a < q->nattr; a++) {
        char buf[64];
        adx__tb_text(b, row, 1 + a,
                     first ? cell_text(&p->cases->vars[q->av[a]], sg->doc, buf, sizeof buf) : "");
    }
    adx__tb_text(b, row, q->nattr + 1, p->codes[sg->code].name);
    adx__tb_text(b, row, q->nattr + 2, coders);
    if (sg->line)
        adx__tb_int(b, row, q->nattr + 3, (double)sg->line);
    adx__tb_text(b, row, q->nattr + 4, quote);
    const adx_jf_t jf[] = {{"start", (double)sg->start},
                           {"end", (double)sg->end},
                           {"line", sg->line ? (double)sg->line : NAN}};
    adx__jfields(b, o, jf, ADX_NELEM(jf));
    adx__jstr(b, o, "text", quote);
    if (sg->memo)
        adx__jstr(b, o, "memo", sg->memo);
    free(quote);
}

static void quotes_table(adx__tb_t *b, quotes_t *q, size_t code)
{
    const adx_qproject_t *p = q->p;
    const char **cols = adx__tb_check(b, malloc((q->nattr + 5) * sizeof *cols));
    if (!cols)
        return;
    cols[0] = "Case";
    for (size_t a = 0; a < q->nattr; a++)
        cols[1 + a] = p->cases->vars[q->av[a]].name;
    cols[q->nattr + 1] = "Code";
    cols[q->nattr + 2] = "Coders";
    cols[q->nattr + 3] = "Line";
    cols[q->nattr + 4] = "Quote";
    char title[512];
    snprintf(title, sizeof title, "Quotes for %s '%s'", level_name(p->codes[code].depth),
             p->codes[code].name);
    adx__tb_table(b, title, q->nattr + 5, cols);
    free(cols);
    cJSON *root = adx__tb_root(b);
    adx__jstr(b, root, "code", p->codes[code].name);
    cJSON *jcases = adx__jarray(b, root, "cases");
    for (size_t d = 0; d < p->ncases && !b->oom; d++) {
        cJSON *jq = NULL;
        for (size_t j = 0; j < p->nsegs && !b->oom; j++) {
            const adx_qseg_t *sg = &p->segs[j];
            if (sg->doc != d || !q->mask[sg->coder] || !adx_qcode_under(p, sg->code, code))
                continue;
            /* The same text coded with the same code by several coders is one
             * quote; segments are sorted by doc, start, end, code, coder. */
            int first = !jq;
            if (first) {
                jq = quote_case(b, jcases, p, d, q->av, q->nattr);
                q->ncs++;
            }
            quote_row(b, q, j, jq, first, &j);
            q->nq++;
        }
    }
    adx__tb_note(b, "%zu quotes from %zu of %zu cases, grouped by case; the code column shows "
                    "the code applied (sub-codes included); text coded alike by several coders "
                    "is listed once with all their names.", q->nq, q->ncs, p->ncases);
}

/* A note with the memos of the code (memos.csv) and of its quoted segments. */
static void quotes_memos(adx__tb_t *b, const quotes_t *q, size_t code)
{
    const adx_qproject_t *p = q->p;
    adx__sb_t m = {0};
    for (size_t i = 0; i < p->nmemos; i++)
        if (p->memos[i].about == ADX_QMEMO_CODE && adx_qcode_under(p, p->memos[i].target, code))
            adx__sb_printf(&m, "%s%s%s%s", m.len ? "; " : "", p->memos[i].author,
                           *p->memos[i].author ? ": " : "", p->memos[i].text);
    for (size_t j = 0; j < p->nsegs; j++) {
        const adx_qseg_t *sg = &p->segs[j];
        if (!sg->memo || !q->mask[sg->coder] || !adx_qcode_under(p, sg->code, code))
            continue;
        adx__sb_printf(&m, "%s%s ", m.len ? "; " : "", p->case_ids[sg->doc]);
        if (sg->line)
            adx__sb_printf(&m, "line %zu", sg->line);
        else
            adx__sb_printf(&m, "%zu-%zu", sg->start, sg->end);
        adx__sb_printf(&m, " (%s, %s): %s", p->codes[sg->code].name, p->coders[sg->coder],
                       sg->memo);
    }
    if (m.len)
        adx__tb_note(b, "Memos: %s.", m.s);
    b->oom |= m.oom;
    adx__sb_free(&m);
}

adx_error_t adx_report_qquotes(const adx_qproject_t *p, const adx_qsel_t *s, size_t code,
                               const char *const *attrs, size_t nattrs, adx_report_t **out,
                               adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL;
    size_t nattr = attrs ? nattrs : p->cases->nvars - 1;
    size_t *av = malloc((nattr + 1) * sizeof *av);
    if (!av)
        return adx_oom(ctx);
    if (attrs)
        rc = adx_dataset_lookup(p->cases, attrs, nattrs, 0, av, ctx);
    else
        for (size_t a = 0; a < nattr; a++)
            av[a] = 1 + a;
    if (!rc)
        rc = adx_qsel_coders(p, s, &mask, ctx);
    if (!rc) {
        quotes_t q = {p, mask, av, nattr, 0, 0};
        adx__tb_t b;
        adx__tb_init(&b);
        quotes_table(&b, &q, code);
        quotes_memos(&b, &q, code);
        rc = adx__tb_done(&b, out, ctx);
    }
    free(mask);
    free(av);
    return rc;
}

static void qcases_table(adx__tb_t *b, const adx_dataset_t *ds)
{
    const char **cols = adx__tb_check(b, malloc((ds->nvars + 1) * sizeof *cols));
    if (!cols)
        return;
    for (size_t j = 0; j < ds->nvars; j++)
        cols[j] = ds->vars[j].name;
    adx__tb_table(b, "Characteristics of the cases", ds->nvars, cols);
    free(cols);
    cJSON *jc = adx__jarray(b, adx__tb_root(b), "cases");
    for (size_t i = 0; i < ds->nrows; i++) {
        size_t row = adx__tb_row(b);
        cJSON *o = adx__jobj(b, jc, NULL);
        for (size_t j = 0; j < ds->nvars; j++) {
            const adx_variable_t *v = &ds->vars[j];
            if (v->type == ADX_VAR_STRING)
                adx__tb_text(b, row, j, v->str[i] ? v->str[i] : "");
            else
                adx__tb_num(b, row, j, v->num[i], ADX_NUM_FIXED,
                            v->num[i] == floor(v->num[i]) ? 0 : -1);
            jattr(b, o, v, i);
        }
    }
}

/* Numeric attributes: descriptive statistics. */
static void qcases_numeric(adx__tb_t *b, const adx_dataset_t *ds)
{
    static const adx_col_t cols[] = {ADX_COL("Attribute", "attribute"), ADX_COL_INT("N", "n"),
                                     ADX_COL_DEC("Mean", "mean", 2), ADX_COL_DEC("SD", "sd", 2),
                                     ADX_COL_DEC("Min", "min", 2), ADX_COL_DEC("Max", "max", 2)};
    adx__tb_table_cols(b, "Numeric attributes", cols, ADX_NELEM(cols));
    cJSON *jd = adx__jarray(b, adx__tb_root(b), "numeric");
    for (size_t j = 1; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        if (v->type != ADX_VAR_NUMERIC)
            continue;
        adx_summary_t s;
        adx_summarize(v->num, ds->nrows, &s);
        adx__tb_row_values(b, jd, v->name, (double[]){(double)s.n, s.mean, s.sd, s.min, s.max});
    }
    adx__tb_note(b, "SD uses n - 1.");
    adx__tb_drop_empty(b);
}

/* Text attributes: frequencies, one row group per attribute. */
static void qcases_categorical(adx__tb_t *b, const adx_dataset_t *ds)
{
    static const char *cols[] = {"Value", "Cases", "%"};
    adx__tb_table(b, "Categorical attributes", 3, cols);
    cJSON *jf = adx__jarray(b, adx__tb_root(b), "categorical");
    for (size_t j = 1; j < ds->nvars; j++) {
        const adx_variable_t *v = &ds->vars[j];
        if (v->type != ADX_VAR_STRING)
            continue;
        cJSON *o = adx__jobj(b, jf, NULL);
        adx__jstr(b, o, "attribute", v->name);
        cJSON *vals = adx__jobj(b, o, "counts");
        adx__tb_rowgroup(b, "Attribute", v->name);
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
            size_t row = adx__tb_row(b);
            adx__tb_text(b, row, 0, val ? val : "(missing)");
            adx__tb_int(b, row, 1, (double)n);
            adx__tb_num(b, row, 2, 100.0 * (double)n / (double)ds->nrows, ADX_NUM_PCT, 1);
            adx__jnum(b, vals, val ? val : "(missing)", (double)n);
        }
    }
    adx__tb_drop_empty(b);
}

adx_error_t adx_report_qcases(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    qcases_table(&b, p->cases);
    qcases_numeric(&b, p->cases);
    qcases_categorical(&b, p->cases);
    return adx__tb_done(&b, out, ctx);
}

static void jstats(adx__tb_t *b, cJSON *o, const adx_agree_stats_t *s)
{
    const adx_jf_t jf[] = {{"units", (double)s->units},
                           {"complete_units", (double)s->complete},
                           {"pairable_values", (double)s->pairable},
                           {"percent_agreement", s->percent},
                           {"cohen_kappa", s->cohen},
                           {"fleiss_kappa", s->fleiss},
                           {"krippendorff_alpha", s->alpha}};
    adx__jfields(b, o, jf, ADX_NELEM(jf));
}

static void agree_row(adx__tb_t *b, const char *name, const adx_agree_stats_t *s)
{
    adx__tb_row_values(b, NULL, name,
                       (double[]){(double)s->units, 100 * s->percent, s->cohen, s->fleiss,
                                  s->alpha});
}

static const char *unit_names[] = {"paragraph", "line", "document"};

/* Agreement by code at the unit level (level 0) or the document level (1). */
static void agree_table(adx__tb_t *b, const adx_qproject_t *p, const adx_qagree_t *a, int level,
                        const char *coders)
{
    static const adx_col_t cols[] = {ADX_COL("Code", NULL), ADX_COL_INT("Units", NULL),
                                     ADX_COL_PCT("% agreement", NULL),
                                     ADX_COL("Cohen's kappa", NULL),
                                     ADX_COL("Fleiss' kappa", NULL),
                                     ADX_COL("Krippendorff's alpha", NULL)};
    char title[256];
    snprintf(title, sizeof title, level == 0 ? "Inter-coder agreement by code (unit: %s)"
                                             : "Inter-coder agreement by code (unit: %s presence)",
             level == 0 ? unit_names[a->unit] : "document");
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    const adx_agree_stats_t *by = level == 0 ? a->by_code : a->doc_by_code;
    cJSON *jl = adx__jobj(b, adx__tb_root(b), level == 0 ? "unit_level" : "document_level");
    cJSON *ja = adx__jarray(b, jl, "codes");
    for (size_t i = 0; i < a->k; i++) {
        char name[512];
        indent_name(p, a->code[i], name, sizeof name);
        agree_row(b, name, &by[i]);
        cJSON *o = adx__jobj(b, ja, NULL);
        adx__jstr(b, o, "code", p->codes[a->code[i]].name);
        jstats(b, o, &by[i]);
    }
    const adx_agree_stats_t *ov = level == 0 ? &a->overall : &a->doc_overall;
    agree_row(b, "Overall (pooled)", ov);
    jstats(b, adx__jobj(b, jl, "overall"), ov);
    adx__tb_note(b, "Coders: %s. Each code is a yes/no decision per unit; 'Overall' pools all "
                    "unit x code decisions.", coders);
    if (level == 0 && a->all_units)
        adx__tb_note(b, "Units: every %s of the transcripts each coder coded, including text "
                        "nobody coded (--all-units): uncoded units count as agreement, which "
                        "inflates the figures as NVivo's character-level comparison does.",
                     unit_names[a->unit]);
    else if (level == 0)
        adx__tb_note(b, "Units: the %ss that at least one coder coded with a code of this "
                        "table%s (not characters: NVivo's character-level figures count uncoded "
                        "text as agreement). Cohen's kappa needs exactly two coders; %% agreement "
                        "and Fleiss' kappa use units coded by every coder; Krippendorff's alpha "
                        "(nominal) uses all pairable values.", unit_names[a->unit],
                     a->unit == ADX_UNIT_PARAGRAPH ? " (blocks separated by blank lines)" : "");
    else
        adx__tb_note(b, "Units: transcripts; the value is whether the coder applied the code "
                        "anywhere in it. A transcript a coder did not code is missing for that "
                        "coder.");
    adx__tb_note(b, "Blank: undefined (e.g. only one value occurs).");
}

/* The first 80 characters of a unit (newlines as spaces, "..." when cut). */
static void unit_excerpt(const adx_qdoc_t *doc, size_t start, size_t end, char *ex, size_t size)
{
    size_t k = 0, n = 0, i0 = 0, chars = 0, lim = end - start;
    while (i0 < doc->nbytes && k < start) {
        i0++;
        while (i0 < doc->nbytes && ((unsigned char)doc->text[i0] & 0xC0) == 0x80)
            i0++;
        k++;
    }
    while (i0 < doc->nbytes && chars < lim && chars < 80 && n + 5 < size) {
        char ch = doc->text[i0++];
        ex[n++] = ch == '\n' ? ' ' : ch;
        while (i0 < doc->nbytes && ((unsigned char)doc->text[i0] & 0xC0) == 0x80 && n + 5 < size)
            ex[n++] = doc->text[i0++];
        chars++;
    }
    if (chars < lim)
        n += (size_t)snprintf(ex + n, size - n, "...");
    ex[n] = '\0';
}

static void disagree_table(adx__tb_t *b, const adx_qproject_t *p, const adx_qagree_t *a)
{
    size_t ndc = 4 + a->ncoders;
    const char **cols = adx__tb_check(b, calloc(ndc, sizeof *cols));
    if (!cols)
        return;
    cols[0] = "Case";
    cols[1] = "Line";
    cols[2] = "Code";
    for (size_t c = 0; c < a->ncoders; c++)
        cols[3 + c] = p->coders[a->coder[c]];
    cols[ndc - 1] = "Text";
    adx__tb_table(b, "Disagreements", ndc, cols);
    free(cols);
    cJSON *jd = adx__jarray(b, adx__tb_root(b), "disagreements");
    for (size_t i = 0; i < a->ndis && !b->oom; i++) {
        const adx_qdisagree_t *d = &a->dis[i];
        size_t row = adx__tb_row(b);
        adx__tb_text(b, row, 0, p->case_ids[d->doc]);
        adx__tb_int(b, row, 1, (double)d->line);
        adx__tb_text(b, row, 2, p->codes[d->code].name);
        cJSON *o = adx__jobj(b, jd, NULL);
        adx__jstr(b, o, "case", p->case_ids[d->doc]);
        adx__jnum(b, o, "line", (double)d->line);
        adx__jstr(b, o, "code", p->codes[d->code].name);
        cJSON *ap = adx__jobj(b, o, "applied");
        for (size_t c = 0; c < a->ncoders; c++) {
            const char *v = d->applied[c] == 1 ? "yes" : d->applied[c] == 0 ? "no" : "not coded";
            adx__tb_text(b, row, 3 + c, v);
            if (d->applied[c] == 2)
                adx__jadd(b, ap, p->coders[a->coder[c]], cJSON_CreateNull());
            else
                adx__jbool(b, ap, p->coders[a->coder[c]], d->applied[c]);
        }
        char ex[400];
        unit_excerpt(&p->docs[d->doc], d->start, d->end, ex, sizeof ex);
        adx__tb_text(b, row, ndc - 1, ex);
        adx__jstr(b, o, "text", ex);
    }
    adx__tb_note(b, "%zu unit x code decisions on which the coders differ, for the pooling "
                    "discussion.", a->ndis);
}

adx_error_t adx_report_qagree(const adx_qproject_t *p, const adx_qagree_t *a,
                              adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    const char **names = adx__tb_check(&b, calloc(a->ncoders + 1, sizeof *names));
    for (size_t c = 0; names && c < a->ncoders; c++)
        names[c] = p->coders[a->coder[c]];
    char coders[1024] = "";
    if (names)
        join_names(names, a->ncoders, coders, sizeof coders);
    cJSON *root = adx__tb_root(&b);
    adx__jadd(&b, root, "coders", names ? adx__jstrings(names, a->ncoders) : NULL);
    free(names);
    adx__jstr(&b, root, "unit", unit_names[a->unit]);
    adx__jbool(&b, root, "all_units", a->all_units);
    agree_table(&b, p, a, 0, coders);
    agree_table(&b, p, a, 1, coders);
    disagree_table(&b, p, a);
    return adx__tb_done(&b, out, ctx);
}
