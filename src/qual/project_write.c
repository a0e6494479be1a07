/* Writing a project folder (codebook.csv, cases.csv, transcripts/, segments/),
 * e.g. after a REFI-QDA import. Every file is built in memory and written
 * into a temporary folder that is renamed at the end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qual_priv.h"

static void codebook_csv(const adx_qproject_t *p, adx__sb_t *b)
{
    adx__sb_str(b, "code,parent,definition,example\n");
    for (size_t i = 0; i < p->ncodes; i++) {
        const adx_qcode_t *k = &p->codes[i];
        adx__sb_csv(b, k->name);
        adx__sb_char(b, ',');
        adx__sb_csv(b, k->parent >= 0 ? p->codes[k->parent].name : "");
        adx__sb_char(b, ',');
        adx__sb_csv(b, k->definition);
        adx__sb_char(b, ',');
        adx__sb_csv(b, k->example);
        adx__sb_char(b, '\n');
    }
}

adx_error_t adx_qcodebook_csv(const adx_qproject_t *p, char **out, size_t *len, adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    codebook_csv(p, &b);
    size_t n = b.len;
    if (!(*out = adx__sb_take(&b)))
        return adx_oom(ctx);
    *len = n;
    return ADX_OK;
}

/* Transcript d with braces and backslashes escaped: transcripts are read with
 * the markup parser. */
static void transcript(const adx_qproject_t *p, size_t d, adx__sb_t *b)
{
    for (const char *s = p->docs[d].text; *s; s++) {
        if (*s == '{' || *s == '}' || *s == '\\')
            adx__sb_char(b, '\\');
        adx__sb_char(b, *s);
    }
}

/* The segments of coder c as segments/CODER.csv. */
static void segments_csv(const adx_qproject_t *p, size_t c, adx__sb_t *b)
{
    adx__sb_str(b, "case,start,end,code,memo\n");
    for (size_t k = 0; k < p->nsegs; k++) {
        const adx_qseg_t *sg = &p->segs[k];
        if (sg->coder != c)
            continue;
        adx__sb_csv(b, p->case_ids[sg->doc]);
        adx__sb_printf(b, ",%zu,%zu,", sg->start, sg->end);
        adx__sb_csv(b, p->codes[sg->code].name);
        adx__sb_char(b, ',');
        adx__sb_csv(b, sg->memo ? sg->memo : "");
        adx__sb_char(b, '\n');
    }
}

/* Writes b (or len bytes of buf when b is NULL) as dir/rel; b is emptied. */
static adx_error_t put_file(const char *dir, const char *rel, adx__sb_t *b, const char *buf,
                            size_t len, adx_errctx_t *ctx)
{
    char path[8200];
    adx_error_t rc = ADX_OK;
    if (b && b->oom)
        rc = adx_oom(ctx);
    else if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path)
        rc = adx_err(ctx, ADX_EIO, "%s/%s: path too long", dir, rel);
    else {
        FILE *f = fopen(path, "w");
        if (!f)
            rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", path, strerror(errno));
        else {
            if (b) {
                buf = b->s ? b->s : "";
                len = b->len;
            }
            size_t w = fwrite(buf, 1, len, f);
            if (fclose(f) || w != len)
                rc = adx_err(ctx, ADX_EIO, "%s/%s: write error", dir, rel);
        }
    }
    if (b)
        adx__sb_free(b);
    return rc;
}

static adx_error_t make_dir(const char *dir, const char *sub, adx_errctx_t *ctx)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    if (mkdir(path, 0755))
        return adx_err(ctx, ADX_EIO, "%s: cannot create: %s", path, strerror(errno));
    return ADX_OK;
}

/* The code and case memos as memos.csv (segment memos are in the segment files). */
static adx_error_t memos_csv(const adx_qproject_t *p, const char *tmp, adx__sb_t *b,
                             adx_errctx_t *ctx)
{
    char target[700];
    b->len = 0;
    for (size_t m = 0; m < p->nmemos; m++) {
        const adx_qmemo_t *me = &p->memos[m];
        if (me->about == ADX_QMEMO_SEGMENT)
            continue;
        if (!b->len)
            adx__sb_str(b, "about,target,author,memo\n");
        adx_qmemo_target_text(p, me, target, sizeof target);
        const char *f[] = {adx_qmemo_about_name(me->about), target, me->author, me->text};
        for (int k = 0; k < 4; k++) {
            adx__sb_csv(b, f[k]);
            adx__sb_char(b, k < 3 ? ',' : '\n');
        }
    }
    return b->len ? put_file(tmp, "memos.csv", b, NULL, 0, ctx) : ADX_OK;
}

/* Every file of the project into the folder tmp. */
static adx_error_t write_files(const adx_qproject_t *p, const char *tmp, adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    char rel[4096], *csv = NULL;
    size_t len = 0;
    adx_error_t rc = make_dir(tmp, "transcripts", ctx);
    if (rc || (p->ncoders && (rc = make_dir(tmp, "segments", ctx))))
        return rc;
    codebook_csv(p, &b);
    if ((rc = put_file(tmp, "codebook.csv", &b, NULL, 0, ctx)) ||
        (rc = adx_dataset_to_csv(p->cases, &csv, &len, ctx)))
        return rc;
    rc = put_file(tmp, "cases.csv", NULL, csv, len, ctx);
    free(csv);
    for (size_t d = 0; !rc && d < p->ncases; d++) {
        snprintf(rel, sizeof rel, "transcripts/%s.txt", p->case_ids[d]);
        transcript(p, d, &b);
        rc = put_file(tmp, rel, &b, NULL, 0, ctx);
    }
    for (size_t c = 0; !rc && c < p->ncoders; c++) {
        /* A header-only CODER.csv would not load (found by tests/fuzz/fuzz_qproject):
         * a coder without segments is left out, as in a REFI-QDA export. */
        size_t k = 0;
        while (k < p->nsegs && p->segs[k].coder != c)
            k++;
        if (k == p->nsegs)
            continue;
        adx__sb_str(&b, "segments/");
        adx__qual_coder_file(p->coders[c], &b);
        adx__sb_str(&b, ".csv");
        snprintf(rel, sizeof rel, "%s", b.s ? b.s : "");
        b.len = 0;
        segments_csv(p, c, &b);
        rc = put_file(tmp, rel, &b, NULL, 0, ctx);
    }
    return rc ? rc : memos_csv(p, tmp, &b, ctx);
}

/* Every case id and coder name can name its file and reads back the same. */
static adx_error_t check_names(const adx_qproject_t *p, adx_errctx_t *ctx)
{
    char show[128];
    size_t nnum = 0;
    for (size_t d = 0; d < p->ncases; d++) {
        const char *why = adx__qual_bad_case_name(p->case_ids[d]);
        char *end;
        (void)strtod(p->case_ids[d], &end);
        nnum += end != p->case_ids[d] && !*end;
        if (why) {
            adx__qual_show_name(p->case_ids[d], show, sizeof show);
            return adx_err(ctx, ADX_EPARSE, "case name '%s' %s; rename the case", show, why);
        }
    }
    /* A column of numbers is read back as numbers: "007" would become "7". */
    for (size_t d = 0; nnum == p->ncases && d < p->ncases; d++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", strtod(p->case_ids[d], NULL));
        if (strcmp(buf, p->case_ids[d]))
            return adx_err(ctx, ADX_EPARSE,
                           "case name '%s' reads back as the number %s (every case name is a "
                           "number); rename the case",
                           p->case_ids[d], buf);
    }
    adx_error_t rc = ADX_OK;
    for (size_t c = 0; !rc && c < p->ncoders; c++) {
        adx__sb_t b = {0};
        adx__qual_coder_file(p->coders[c], &b);
        adx__qual_show_name(p->coders[c], show, sizeof show);
        if (b.oom)
            rc = adx_oom(ctx);
        else if (!b.len || b.len > ADX__QUAL_NAME_MAX)
            rc = adx_err(ctx, ADX_EPARSE, "coder name '%s' is empty or too long to name a "
                                          "file (%d bytes at most); rename the coder",
                         show, ADX__QUAL_NAME_MAX);
        adx__sb_free(&b);
    }
    return rc;
}

adx_error_t adx_qproject_write(const adx_qproject_t *p, const char *dir, adx_errctx_t *ctx)
{
    struct stat st;
    /* codebook.csv with no code would not load (found by tests/fuzz/fuzz_qdpx). */
    if (!p->ncodes)
        return adx_err(ctx, ADX_EEMPTY, "%s: the project has no codes, and a project folder "
                                        "needs at least one in codebook.csv; add the codes in "
                                        "the source program and export again",
                       p->root);
    adx_error_t rc = check_names(p, ctx);
    if (rc)
        return rc;
    if (!stat(dir, &st))
        return adx_err(ctx, ADX_EIO, "%s: already exists; give a new folder name for the "
                                     "imported project",
                       dir);
    /* DIR.tmp.XXXXXX (DIR without trailing slashes), removed by the next import to
     * DIR if orphaned (adx__rm_stale) */
    char tmp[4096];
    int n = (int)strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (snprintf(tmp, sizeof tmp, "%.*s.tmp.XXXXXX", n, dir) >= (int)sizeof tmp)
        return adx_err(ctx, ADX_EIO, "%s: path too long", dir);
    adx__rm_stale(dir, 1);
    if (!mkdtemp(tmp))
        return adx_err(ctx, ADX_EIO, "%s: cannot create the folder: %s", dir, strerror(errno));
    rc = write_files(p, tmp, ctx);
    if (!rc && rename(tmp, dir))
        rc = adx_err(ctx, ADX_EIO, "%s: cannot create: %s", dir, strerror(errno));
    if (rc)
        adx__rm_tree(tmp);
    return rc;
}
