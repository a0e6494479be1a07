/* See pack.h. */
#include "pack.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

size_t fuzz_unpack(const uint8_t *data, size_t size, fuzz_file_t *files)
{
    static const char hdr[] = "=== ";
    size_t n = 0, i = 0;
    /* i is at the start of a line while looking for headers. */
    while (i + 4 <= size && n < FUZZ_PACK_MAX) {
        if (memcmp(data + i, hdr, 4)) {
            const uint8_t *nl = memchr(data + i, '\n', size - i);
            i = nl ? (size_t)(nl - data) + 1 : size;
            continue;
        }
        const uint8_t *nl = memchr(data + i + 4, '\n', size - i - 4);
        size_t name_end = nl ? (size_t)(nl - data) : size;
        fuzz_file_t *f = &files[n++];
        size_t nl_len = name_end - i - 4;
        if (nl_len >= sizeof f->name)
            nl_len = sizeof f->name - 1;
        memcpy(f->name, data + i + 4, nl_len);
        f->name[nl_len] = '\0';
        size_t start = nl ? name_end + 1 : size, end = start;
        /* The content ends before the next "\n=== ". */
        while (end < size) {
            const uint8_t *q = memchr(data + end, '\n', size - end);
            if (!q) {
                end = size;
                break;
            }
            end = (size_t)(q - data);
            if (end + 5 <= size && !memcmp(q + 1, hdr, 4))
                break;
            end++;
        }
        f->data = data + start;
        f->len = end - start;
        i = end < size ? end + 1 : size;
    }
    return n;
}

/* Whether name may be written under the fuzz folder (see pack.h). */
static int safe_name(const char *name)
{
    if (!*name || *name == '/' || strlen(name) > 200)
        return 0;
    for (const char *s = name; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._%-/", *s))
            return 0;
    for (const char *part = name; part;) {
        const char *slash = strchr(part, '/');
        size_t l = slash ? (size_t)(slash - part) : strlen(part);
        if (l == 0 || (l == 1 && part[0] == '.') || (l == 2 && !strncmp(part, "..", 2)))
            return 0;
        part = slash ? slash + 1 : NULL;
    }
    return 1;
}

int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int bad = size && fwrite(data, 1, size, f) != size;
    bad |= fclose(f) != 0;
    return bad ? -1 : 0;
}

void fuzz_write_tree(const char *dir, const fuzz_file_t *files, size_t n)
{
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        if (!safe_name(files[i].name))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        /* The folders on the way (an existing file there makes the write fail, as
         * does a name that is already a folder: skipped). */
        for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
            *s = '\0';
            mkdir(path, 0700);
            *s = '/';
        }
        struct stat st;
        if (!stat(path, &st))
            continue; /* a repeated name: the first one stays */
        /* A name under an existing file cannot be written: skipped too. */
        (void)fuzz_write_file(path, files[i].data, files[i].len);
    }
}

int fuzz_write_zip(const char *path, const fuzz_file_t *files, size_t n)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!za)
        return -1;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(za, files[i].data, files[i].len, 0);
        zip_int64_t k = src ? zip_file_add(za, files[i].name, src, ZIP_FL_OVERWRITE) : -1;
        if (k < 0) {
            zip_source_free(src); /* NULL is fine */
            continue;             /* e.g. an empty name */
        }
        zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_STORE, 0);
    }
    if (zip_close(za)) {
        zip_discard(za);
        return -1;
    }
    return 0;
}

int fuzz_temp_dir(char *buf, size_t n)
{
    const char *t = getenv("TMPDIR");
    if (snprintf(buf, n, "%s/adx_fuzz_XXXXXX", t && *t ? t : "/tmp") >= (int)n)
        return -1;
    return mkdtemp(buf) ? 0 : -1;
}

void fuzz_note(adx_error_t rc, const adx_errctx_t *ctx)
{
    if (getenv("ADX_FUZZ_VERBOSE"))
        fprintf(stderr, rc ? "  error: %s\n" : "  ok\n", ctx->msg);
}

long fuzz_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

void fuzz_check_project(const adx_qproject_t *p)
{
    for (size_t d = 0; d < p->ncases; d++) {
        const adx_qdoc_t *doc = &p->docs[d];
        if (!p->case_ids[d] || !doc->text || strlen(doc->text) != doc->nbytes)
            abort();
        size_t chars = 0;
        for (size_t i = 0; i < doc->nbytes; i++)
            chars += ((unsigned char)doc->text[i] & 0xC0) != 0x80;
        if (chars != doc->nchars)
            abort();
    }
    for (size_t k = 0; k < p->nsegs; k++) {
        const adx_qseg_t *s = &p->segs[k];
        if (s->doc >= p->ncases || s->code >= p->ncodes || s->coder >= p->ncoders ||
            s->start >= s->end || s->end > p->docs[s->doc].nchars)
            abort();
    }
}

static int same_strings(char **a, char **b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i], b[i]))
            return 0;
    return 1;
}

/* Coders of p with at least one segment, in order, into used (p->ncoders
 * entries); returns how many. */
static size_t coders_with_segments(const adx_qproject_t *p, unsigned char *used)
{
    size_t n = 0;
    memset(used, 0, p->ncoders);
    for (size_t k = 0; k < p->nsegs; k++)
        used[p->segs[k].coder] = 1;
    for (size_t c = 0; c < p->ncoders; c++)
        n += used[c];
    return n;
}

void fuzz_same_project(const adx_qproject_t *p, const adx_qproject_t *q)
{
    /* Coders without segments are not written (neither in a folder nor in a .qdpx). */
    unsigned char *used = malloc(p->ncoders + 1);
    if (!used || q->ncases != p->ncases || q->ncodes != p->ncodes || q->nsegs != p->nsegs ||
        q->ncoders != coders_with_segments(p, used) ||
        !same_strings(q->case_ids, p->case_ids, p->ncases))
        abort();
    for (size_t c = 0, j = 0; c < p->ncoders; c++)
        if (used[c] && strcmp(p->coders[c], q->coders[j++]))
            abort();
    free(used);
    for (size_t d = 0; d < p->ncases; d++)
        if (strcmp(q->docs[d].text, p->docs[d].text))
            abort();
    for (size_t k = 0; k < p->ncodes; k++)
        if (strcmp(q->codes[k].name, p->codes[k].name) || q->codes[k].parent != p->codes[k].parent)
            abort();
    for (size_t k = 0; k < p->nsegs; k++) {
        const adx_qseg_t *a = &p->segs[k], *b = &q->segs[k];
        if (a->doc != b->doc || a->start != b->start || a->end != b->end || a->code != b->code ||
            strcmp(p->coders[a->coder], q->coders[b->coder]))
            abort();
    }
}

void fuzz_folder_round_trip(const adx_qproject_t *p, const char *dir)
{
    char path[4200];
    adx_errctx_t ctx;
    adx_qproject_t *q = NULL;
    long before = fuzz_entries(dir);
    snprintf(path, sizeof path, "%s/again", dir);
    adx_error_t rc = adx_qproject_write(p, path, &ctx);
    fuzz_note(rc, &ctx);
    if (rc == ADX_OK) {
        rc = adx_qproject_load(path, &q, &ctx);
        fuzz_note(rc, &ctx);
        if (rc != ADX_OK)
            abort();
        fuzz_same_project(p, q);
        adx_qproject_free(q);
    } else if (!adx_error_is_input(rc) || fuzz_entries(dir) != before)
        abort();
}
