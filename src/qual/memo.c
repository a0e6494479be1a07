/* Memos on codes, cases and segments: PROJECT/memos.csv (about,target,author,memo),
 * read with the project and appended to by qual memo add (docs/qual.md "Memos"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qual_priv.h"

static const char *const about_names[] = {"code", "case", "segment"};

const char *adx_qmemo_about_name(adx_qmemo_about_t a)
{
    return (unsigned)a < 3 ? about_names[a] : "?";
}

void adx_qmemo_target_text(const adx_qproject_t *p, const adx_qmemo_t *m, char *buf, size_t n)
{
    if (m->about == ADX_QMEMO_CODE)
        snprintf(buf, n, "%s", p->codes[m->target].name);
    else if (m->about == ADX_QMEMO_CASE)
        snprintf(buf, n, "%s", p->case_ids[m->target]);
    else
        snprintf(buf, n, "%s:%zu-%zu:%s", p->case_ids[m->target], m->start, m->end,
                 p->codes[m->code].name);
}

/* "CASE:START-END:CODE" into m (code and range checked, not the segment). */
static adx_error_t segment_target(const adx_qproject_t *p, const char *t, const char *where,
                                  adx_qmemo_t *m, adx_errctx_t *ctx)
{
    const char *c2 = strrchr(t, ':'), *c1 = NULL;
    for (const char *q = t; c2 && q < c2; q++)
        if (*q == ':')
            c1 = q;
    char cas[512];
    unsigned long long a = 0, b = 0;
    int used = 0;
    if (!c1 || (size_t)(c1 - t) >= sizeof cas ||
        sscanf(c1 + 1, "%llu-%llu%n", &a, &b, &used) != 2 || c1 + 1 + used != c2)
        return adx_err(ctx, ADX_EPARSE, "%s: segment '%s' is not CASE:START-END:CODE (offsets "
                                        "in characters, as qual quotes --format json shows)",
                       where, t);
    snprintf(cas, sizeof cas, "%.*s", (int)(c1 - t), t);
    long d = adx__qual_find_case(p, cas), code = adx_qcode_find(p, c2 + 1);
    if (d < 0)
        return adx_err(ctx, ADX_EPARSE, "%s: unknown case '%s'; use an id from cases.csv",
                       where, cas);
    if (code < 0)
        return adx__qual_unknown_code(p, where, 0, 0, c2 + 1, ctx);
    m->target = (size_t)d;
    m->code = (size_t)code;
    m->start = (size_t)a;
    m->end = (size_t)b;
    for (size_t s = 0; s < p->nsegs; s++)
        if (p->segs[s].doc == m->target && p->segs[s].start == m->start &&
            p->segs[s].end == m->end && p->segs[s].code == m->code)
            return ADX_OK;
    return adx_err(ctx, ADX_EEMPTY,
                   "%s: no segment %s in case '%s' (no coder coded %llu-%llu with '%s'); the "
                   "coding changed? fix the offsets or remove the memo",
                   where, t, cas, a, b, c2 + 1);
}

adx_error_t adx_qmemo_target(const adx_qproject_t *p, const char *about, const char *target,
                             const char *where, adx_qmemo_t *m, adx_errctx_t *ctx)
{
    memset(m, 0, sizeof *m);
    if (!about || !target || !*target)
        return adx_err(ctx, ADX_EPARSE, "%s: a memo needs about (code, case or segment) and a "
                                        "target", where);
    if (!strcmp(about, "code")) {
        long c = adx_qcode_find(p, target);
        if (c < 0)
            return adx__qual_unknown_code(p, where, 0, 0, target, ctx);
        m->about = ADX_QMEMO_CODE;
        m->target = (size_t)c;
        return ADX_OK;
    }
    if (!strcmp(about, "case")) {
        long d = adx__qual_find_case(p, target);
        if (d < 0)
            return adx_err(ctx, ADX_EPARSE, "%s: unknown case '%s'; use an id from cases.csv",
                           where, target);
        m->about = ADX_QMEMO_CASE;
        m->target = (size_t)d;
        return ADX_OK;
    }
    if (!strcmp(about, "segment")) {
        m->about = ADX_QMEMO_SEGMENT;
        return segment_target(p, target, where, m, ctx);
    }
    return adx_err(ctx, ADX_EPARSE, "%s: memo about '%s'; use code, case or segment", where,
                   about);
}

/* The error of ctx again under another code (same message). */
static adx_error_t recode(adx_errctx_t *ctx, adx_error_t code)
{
    char msg[ADX_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", ctx->msg);
    return adx_err(ctx, code, "%s", msg);
}

/* Joins "author: text" into the memo of every segment m names. */
static adx_error_t attach(adx_qproject_t *p, const adx_qmemo_t *m, adx_errctx_t *ctx)
{
    for (size_t s = 0; s < p->nsegs; s++) {
        adx_qseg_t *g = &p->segs[s];
        if (g->doc != m->target || g->start != m->start || g->end != m->end || g->code != m->code)
            continue;
        adx__sb_t b = {0};
        if (g->memo)
            adx__sb_printf(&b, "%s; ", g->memo);
        adx__sb_printf(&b, "%s%s%s", m->author, *m->author ? ": " : "", m->text);
        char *t = adx__sb_take(&b);
        if (!t)
            return adx_oom(ctx);
        free(g->memo);
        g->memo = t;
    }
    return ADX_OK;
}

/* Row r of memos.csv into p->memos (room made by the caller). */
static adx_error_t memo_row(adx_qproject_t *p, const adx_dataset_t *ds, const long col[4],
                            size_t r, const char *path, int lenient, adx_errctx_t *ctx)
{
    char b[4][64], where[4300];
    const char *v[4];
    for (int k = 0; k < 4; k++)
        v[k] = col[k] >= 0 ? adx__qual_cell(&ds->vars[col[k]], r, b[k], sizeof b[k]) : NULL;
    snprintf(where, sizeof where, "%.4200s:%zu: column %ld", path, r + 2, col[1] + 1);
    adx_qmemo_t m;
    adx_error_t rc = adx_qmemo_target(p, v[0], v[1], where, &m, ctx);
    if (rc == ADX_EEMPTY && lenient)
        return ADX_OK; /* a segment of the coder left out (qual merge) */
    if (rc)
        return rc == ADX_EEMPTY ? recode(ctx, ADX_EPARSE) : rc;
    if (!v[3] || !*v[3])
        return adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: empty memo; write its text or "
                                        "remove the row", path, r + 2, col[3] + 1);
    m.line = r + 2;
    if (!(m.author = adx__strdup(v[2] ? v[2] : "")) || !(m.text = adx__strdup(v[3]))) {
        ADX__FREE(m.author, m.text);
        return adx_oom(ctx);
    }
    p->memos[p->nmemos++] = m;
    return m.about == ADX_QMEMO_SEGMENT ? attach(p, &m, ctx) : ADX_OK;
}

adx_error_t adx__qual_load_memos(adx_qproject_t *p, int lenient, adx_errctx_t *ctx)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/memos.csv", p->root);
    if (stat(path, &st))
        return ADX_OK;
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_error_t rc = adx_read_csv(path, &ro, &ds, ctx);
    if (rc)
        return rc;
    long col[4] = {adx_dataset_find(ds, "about"), adx_dataset_find(ds, "target"),
                   adx_dataset_find(ds, "author"), adx_dataset_find(ds, "memo")};
    if (col[0] < 0 || col[1] < 0 || col[3] < 0)
        rc = adx_err(ctx, ADX_EPARSE, "%s:1: the header needs columns about,target,author,memo",
                     path);
    else if (!(p->memos = calloc(ds->nrows + 1, sizeof *p->memos)))
        rc = adx_oom(ctx);
    for (size_t r = 0; !rc && r < ds->nrows; r++)
        rc = memo_row(p, ds, col, r, path, lenient, ctx);
    adx_dataset_free(ds);
    return rc;
}

adx_error_t adx_qmemo_add(const adx_qproject_t *p, const char *about, const char *target,
                          const char *author, const char *text, adx_errctx_t *ctx)
{
    adx_qmemo_t m;
    adx_error_t rc = adx_qmemo_target(p, about, target, "qual memo add", &m, ctx);
    if (rc)
        return rc == ADX_EEMPTY ? recode(ctx, ADX_EUSAGE) : rc;
    if (!text || !*text)
        return adx_err(ctx, ADX_EUSAGE, "qual memo add: empty memo; give its text");
    char path[4200];
    snprintf(path, sizeof path, "%s/memos.csv", p->root);
    char *old = NULL;
    size_t len = 0;
    struct stat st;
    adx__sb_t b = {0};
    if (!stat(path, &st)) {
        if ((rc = adx__slurp(path, ADX__CAP_TEXT, "memos", &old, &len, ctx)))
            return rc;
        adx__sb_put(&b, old, len);
        if (len && old[len - 1] != '\n')
            adx__sb_char(&b, '\n');
    } else {
        adx__sb_str(&b, "about,target,author,memo\n");
    }
    const char *f[] = {about, target, author ? author : "", text};
    for (int k = 0; k < 4; k++) {
        adx__sb_csv(&b, f[k]);
        adx__sb_char(&b, k < 3 ? ',' : '\n');
    }
    free(old);
    rc = b.oom ? adx_oom(ctx) : adx_write_atomic(path, b.s, b.len, ctx);
    adx__sb_free(&b);
    return rc;
}
