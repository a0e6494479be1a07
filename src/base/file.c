/* The one whole-file reader, with the one table of caps on hostile input (as
 * ReadStat keeps its allocation cap in readstat_malloc.c). Every module that reads
 * a file whole calls adx__slurp. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"

/* The caps, in one place. A file beyond its cap is refused before it is read
 * into memory, with a message that says what the limit is and what to do. */
static const struct {
    size_t bytes;
    const char *advice;
} caps[] = {
    [ADX__CAP_TEXT] = {(size_t)64 << 20, "split the file"},
    [ADX__CAP_MATRIX] = {(size_t)256 << 20, "a matrix input this large is not a covariance matrix"},
    [ADX__CAP_DATA] = {(size_t)4 << 30, "convert it to a smaller subset of the variables"},
};

size_t adx__cap_bytes(adx__cap_t cap) { return caps[cap].bytes; }

static adx_error_t too_large(const char *path, const char *what, adx__cap_t cap,
                             adx_errctx_t *ctx)
{
    return adx_err(ctx, ADX_EPARSE, "%s: the %s is larger than %zu MB; %s", path, what,
                   caps[cap].bytes >> 20, caps[cap].advice);
}

adx_error_t adx__regular_file(const char *path, const char *what, adx_errctx_t *ctx)
{
    struct stat st;
    /* A path that cannot be stat'ed is left to fopen, whose message names the cause. */
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return ADX_OK;
    const char *kind = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                                              : "not a regular file";
    return adx_err(ctx, ADX_EIO, "%s: is %s, not a %s; give the path of a regular file", path,
                   kind, what);
}

adx_error_t adx__text_nul(const char *path, const char *what, const char *buf, size_t n,
                          adx_errctx_t *ctx)
{
    size_t line, byte;
    if (!adx__nul_at(buf, n, &line, &byte))
        return ADX_OK;
    if (n >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE) &&
        (unsigned char)buf[0] + (unsigned char)buf[1] == 0xFF + 0xFE)
        return adx_err(ctx, ADX_EPARSE, "%s:1: the %s is UTF-16 text (byte-order mark %02X %02X); "
                                        "save it as UTF-8",
                       path, what, (unsigned char)buf[0], (unsigned char)buf[1]);
    return adx_err(ctx, ADX_EPARSE, "%s:%zu: byte %zu of the line is a NUL byte; the %s is "
                                    "UTF-16 or binary, not UTF-8 text; save it as UTF-8 text",
                   path, line, byte, what);
}

int adx__nul_at(const char *buf, size_t n, size_t *line, size_t *byte)
{
    const char *nul = memchr(buf, 0, n), *start = buf;
    if (!nul)
        return 0;
    *line = 1;
    for (const char *p = buf; p < nul; p++)
        if (*p == '\n') {
            (*line)++;
            start = p + 1;
        }
    *byte = (size_t)(nul - start) + 1;
    return 1;
}

adx_error_t adx__slurp(const char *path, adx__cap_t cap, const char *what, char **buf,
                       size_t *len, adx_errctx_t *ctx)
{
    *buf = NULL;
    if (len)
        *len = 0;
    adx_error_t rc = adx__regular_file(path, what, ctx);
    if (rc)
        return rc;
    FILE *f = fopen(path, "rb");
    if (!f)
        return adx_err(ctx, ADX_EIO, "%s: cannot open the %s: %s; check the path", path, what,
                       strerror(errno));
    size_t limit = caps[cap].bytes, n = 0, size = 65536;
    char *b = NULL;
    /* A regular file tells its size: allocate once. A pipe grows by doubling. */
    if (fseek(f, 0, SEEK_END) == 0) {
        long sz = ftell(f);
        if (sz >= 0 && (size_t)sz > limit) {
            rc = too_large(path, what, cap, ctx);
            goto cleanup;
        }
        if (sz >= 0)
            size = (size_t)sz + 1;
        rewind(f);
    }
    for (;;) {
        if (n + 1 >= size || !b) {
            if (b) {
                if (size > limit) {
                    rc = too_large(path, what, cap, ctx);
                    goto cleanup;
                }
                size *= 2;
            }
            char *nb = realloc(b, size);
            if (!nb) {
                rc = adx_err(ctx, ADX_ENOMEM, "%s: out of memory reading the %s", path, what);
                goto cleanup;
            }
            b = nb;
        }
        size_t r = fread(b + n, 1, size - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        rc = adx_err(ctx, ADX_EIO, "%s: read error in the %s", path, what);
        goto cleanup;
    }
    if (n > limit) {
        rc = too_large(path, what, cap, ctx);
        goto cleanup;
    }
    b[n] = 0;
    *buf = b;
    b = NULL;
    if (len)
        *len = n;
cleanup:
    free(b);
    fclose(f);
    return rc;
}
