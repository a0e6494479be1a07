/* Removing a folder and everything in it (temporary output folders). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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
