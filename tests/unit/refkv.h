/* Reads the "key,value" reference files of tests/reference/regress/expected and
 * keeps the largest differences seen per statistic, for the agreement summary. */
#ifndef ADX_REFKV_H
#define ADX_REFKV_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char **key;
    double *val;
    size_t n;
} refkv_t;

static refkv_t kv_load(const char *path)
{
    refkv_t r = {0};
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return r;
    }
    char line[1024];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        char *comma = strrchr(line, ',');
        if (!comma || !strncmp(line, "key,", 4))
            continue;
        *comma = 0;
        if (r.n == cap) {
            cap = cap ? 2 * cap : 256;
            r.key = realloc(r.key, cap * sizeof *r.key);
            r.val = realloc(r.val, cap * sizeof *r.val);
        }
        r.key[r.n] = strdup(line);
        r.val[r.n] = strncmp(comma + 1, "NA", 2) ? strtod(comma + 1, NULL) : NAN;
        r.n++;
    }
    fclose(f);
    return r;
}

static void kv_free(refkv_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->key[i]);
    free(r->key);
    free(r->val);
    memset(r, 0, sizeof *r);
}

/* Value of a key; *found set to 0 when absent. */
static double kv_get(const refkv_t *r, const char *key, int *found)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->key[i], key)) {
            *found = 1;
            return r->val[i];
        }
    *found = 0;
    return NAN;
}

/* Largest |a - b| and relative difference per statistic name. */
#define KV_MAXSTAT 128
static struct {
    char name[48];
    double abs, rel;
    size_t n;
} kv_stats[KV_MAXSTAT];
static size_t kv_nstats;

static void kv_track(const char *stat, double a, double b)
{
    if (isnan(a) && isnan(b))
        return;
    size_t i;
    for (i = 0; i < kv_nstats; i++)
        if (!strcmp(kv_stats[i].name, stat))
            break;
    if (i == kv_nstats) {
        if (kv_nstats == KV_MAXSTAT)
            return;
        snprintf(kv_stats[kv_nstats++].name, sizeof kv_stats[0].name, "%s", stat);
    }
    double d = fabs(a - b), rel = d / (fabs(b) > 0 ? fabs(b) : 1);
    if (!(d <= kv_stats[i].abs))
        kv_stats[i].abs = d;
    if (!(rel <= kv_stats[i].rel))
        kv_stats[i].rel = rel;
    kv_stats[i].n++;
}

static void kv_report(const char *title)
{
    printf("%s: max abs / rel difference per statistic\n", title);
    for (size_t i = 0; i < kv_nstats; i++)
        printf("  %-20s n=%-5zu abs %.3g  rel %.3g\n", kv_stats[i].name, kv_stats[i].n,
               kv_stats[i].abs, kv_stats[i].rel);
    kv_nstats = 0;
    memset(kv_stats, 0, sizeof kv_stats);
}

#endif
