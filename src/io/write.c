/* Atomic file output: write a temporary file beside the target, then rename.
 * The temporary file is TARGET.tmp.XXXXXX (mkstemp). A writer killed between the
 * two steps (kill -9, power loss) leaves it behind; the next write to the same
 * target removes every such file older than a minute (a younger one may belong to
 * a writer still running; adx__rm_stale). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"

adx_error_t adx_write_atomic(const char *path, const char *buf, size_t len, adx_errctx_t *ctx)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return adx_oom(ctx);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", 12);
    adx__rm_stale(path, 0);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        adx_error_t rc = adx_err(ctx, ADX_EIO, "%s: cannot create the output file: %s; check "
                                 "that the folder exists and is writable",
                                 path, strerror(errno));
        free(tmp);
        return rc;
    }
    (void)fchmod(fd, 0644);
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, buf + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok;
    if (ok && rename(tmp, path) == 0) {
        free(tmp);
        return ADX_OK;
    }
    adx_error_t rc = adx_err(ctx, ADX_EIO, "%s: cannot write the output file: %s", path,
                             strerror(errno));
    unlink(tmp);
    free(tmp);
    return rc;
}

void adx_remove_tree(const char *dir) { adx__rm_tree(dir); }
