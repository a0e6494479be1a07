/* Replay driver for the fuzz harnesses when they are not linked with libFuzzer
 * (gcc, or clang without -fsanitize=fuzzer): calls LLVMFuzzerTestOneInput once
 * on every file named on the command line and on every file of every folder
 * named there (dot files skipped, in name order). Each input is copied into a
 * buffer of exactly its size, as libFuzzer does, so that AddressSanitizer sees a
 * read one byte past the end.
 *
 * Exit status: 0 when every input ran, 1 when no input was found or one could
 * not be read (a crash, a sanitizer report or an abort() in a harness ends the
 * process, and CTest reports the test as failed). It prints the number of
 * inputs replayed (with ADX_FUZZ_VERBOSE set, each file's name and what the
 * qualitative harnesses' target returned). No fuzzing: for that, build with clang -fsanitize=fuzzer
 * (tests/fuzz/README.md).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ambidex/adx_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the harness on the file at path; 0 when it ran, -1 when the file could
 * not be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (size_t r = 1; buf && r;) {
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        n += r = fread(buf + n, 1, cap - n, f);
    }
    int err = !buf || ferror(f);
    fclose(f);
    /* Exactly n bytes (malloc(0) may return NULL: keep one byte then). */
    uint8_t *exact = err ? NULL : malloc(n ? n : 1);
    if (exact) {
        if (getenv("ADX_FUZZ_VERBOSE"))
            fprintf(stderr, "%s\n", path);
        memcpy(exact, buf, n);
        LLVMFuzzerTestOneInput(exact, n);
    } else
        fprintf(stderr, "replay: cannot read %s\n", path);
    free(exact);
    free(buf);
    return exact ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the files of folder dir in name order; adds them to *count. */
static int replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: cannot open the folder %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t l = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(l))) {
            rc = -1;
            break;
        }
        snprintf(names[n++], l, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!rc && !stat(names[i], &st) && S_ISREG(st.st_mode)) {
            rc = replay_file(names[i]);
            *count += !rc;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    adx_init();
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) {
        struct stat st;
        if (argv[i][0] == '-')
            continue; /* libFuzzer flags (-runs=0 ...) mean nothing here */
        if (!stat(argv[i], &st) && S_ISDIR(st.st_mode))
            rc = replay_dir(argv[i], &count);
        else if (!(rc = replay_file(argv[i])))
            count++;
    }
    printf("%s: replayed %zu inputs\n", argc ? argv[0] : "replay", count);
    if (!rc && !count)
        fprintf(stderr, "replay: no input found\n");
    return rc || !count;
}
