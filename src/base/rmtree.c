/* Removing a folder and everything in it (temporary output folders), and the
 * temporary files and folders that killed writers left behind. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base.h"

void adx__rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char path[4096];
            struct stat st;
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
                continue;
            if (!lstat(path, &st) && S_ISDIR(st.st_mode))
                adx__rm_tree(path);
            else
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

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

void adx__rm_stale(const char *path, int dirs)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') /* "out/" names the folder out */
        n--;
    char *p = adx__strndup(path, n);
    const char *slash = p ? strrchr(p, '/') : NULL;
    const char *base = slash ? slash + 1 : p;
    size_t nd = slash ? (size_t)(slash - p) : 0, nb = base ? strlen(base) : 0;
    char *dir = malloc(nd + 2), *full = malloc(nd + nb + 16);
    DIR *d = NULL;
    if (!p || !dir || !full || nb == 0)
        goto cleanup;
    if (!slash)
        strcpy(dir, ".");
    else if (nd == 0)
        strcpy(dir, "/");
    else {
        memcpy(dir, p, nd);
        dir[nd] = 0;
    }
    if (!(d = opendir(dir)))
        goto cleanup;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(d));) {
        struct stat st;
        if (!is_temp_of(e->d_name, base, nb))
            continue;
        snprintf(full, nd + nb + 16, "%s/%s", dir, e->d_name);
        if (lstat(full, &st) != 0 || now - st.st_mtime <= ADX__STALE_SECONDS)
            continue;
        if (!dirs && S_ISREG(st.st_mode))
            unlink(full);
        else if (dirs && S_ISDIR(st.st_mode))
            adx__rm_tree(full);
    }
cleanup:
    if (d)
        closedir(d);
    ADX__FREE(p, dir, full);
}
