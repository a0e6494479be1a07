/* Atomic file output: write a temporary file beside the target, then rename.
 * The temporary file is TARGET.tmp.XXXXXX (mkstemp). A writer killed between the
 * two steps (kill -9, power loss) leaves it behind; the next write to the same
 * target removes every such file older than a minute (a younger one may belong to
 * a writer still running). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"

enum { STALE_SECONDS = 60 };

/* 1 when name is base + ".tmp." + six characters of mkstemp's alphabet. */
static int is_temp_of(const char *name, const char *base, size_t nb)
{
    if (strncmp(name, base, nb) != 0 || strncmp(name + nb, ".tmp.", 5) != 0)
        return 0;
    const char *x = name + nb + 5;
    size_t k = 0;
    for (; x[k]; k++)
        if (!((x[k] >= 'a' && x[k] <= 'z') || (x[k] >= 'A' && x[k] <= 'Z') ||
              (x[k] >= '0' && x[k] <= '9')))
            return 0;
    return k == 6;
}

/* Removes the stale temporary files of earlier writes to path (best effort: any
 * failure leaves them, the write itself does not depend on it). */
static void remove_stale_temps(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t nd = slash ? (size_t)(slash - path) : 0, nb = strlen(base);
    char *dir = malloc(nd + 2), *full = malloc(nd + nb + 16);
    DIR *d = NULL;
    if (!dir || !full || nb == 0)
        goto cleanup;
    if (!slash) {
        strcpy(dir, ".");
    } else if (nd == 0) {
        strcpy(dir, "/");
    } else {
        memcpy(dir, path, nd);
        dir[nd] = 0;
    }
    if (!(d = opendir(dir)))
        goto cleanup;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_temp_of(e->d_name, base, nb))
            continue;
        struct stat st;
        snprintf(full, nd + nb + 16, "%s/%s", dir, e->d_name);
        if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > STALE_SECONDS)
            unlink(full);
    }
cleanup:
    if (d)
        closedir(d);
    free(dir);
    free(full);
}

adx_error_t adx_write_atomic(const char *path, const char *buf, size_t len, adx_errctx_t *ctx)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return adx_oom(ctx);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", 12);
    remove_stale_temps(path);
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
