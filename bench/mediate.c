/* Times adx_mediate (library call, data already in memory) and one pass over the data.
 * usage: bench_mediate DATA.csv NMED NCOV BOOT THREADS [REPS]
 * Mediators m1..mNMED, covariates c1..cNCOV, X = x, Y = y. Prints milliseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_mediate.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    adx_init();
    if (argc < 6) {
        fprintf(stderr, "usage: %s DATA NMED NCOV BOOT THREADS [REPS]\n", argv[0]);
        return 2;
    }
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    if (adx_read_file(argv[1], &ro, &ds, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    size_t nm = (size_t)atoi(argv[2]), nc = (size_t)atoi(argv[3]);
    int reps = argc > 6 ? atoi(argv[6]) : 5;
    size_t m[10], c[10];
    char name[16];
    if (nm > 10 || nc > 10)
        return 2;
    for (size_t j = 0; j < nm; j++) {
        snprintf(name, sizeof name, "m%zu", j + 1);
        m[j] = (size_t)adx_dataset_find(ds, name);
    }
    for (size_t j = 0; j < nc; j++) {
        snprintf(name, sizeof name, "c%zu", j + 1);
        c[j] = (size_t)adx_dataset_find(ds, name);
    }
    adx_mediate_spec_t sp = {(size_t)adx_dataset_find(ds, "x"), (size_t)adx_dataset_find(ds, "y"),
                             m, nm, c, nc, -1};
    adx_mediate_options_t o;
    adx_mediate_options_init(&o);
    o.boot = (size_t)atol(argv[4]);
    o.threads = atoi(argv[5]);
    double best = 1e30, best0 = 1e30;
    for (int r = 0; r < reps; r++) {
        adx_mediate_t *res = NULL;
        double t0 = now();
        if (adx_mediate(ds, &sp, &o, &res, &e)) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        double t = now() - t0;
        best = t < best ? t : best;
        adx_mediate_free(res);
        /* Same call without resamples: the fixed cost. */
        adx_mediate_options_t o0 = o;
        o0.boot = 0;
        res = NULL;
        t0 = now();
        if (adx_mediate(ds, &sp, &o0, &res, &e) == ADX_OK) {
            t = now() - t0;
            best0 = t < best0 ? t : best0;
        }
        adx_mediate_free(res);
    }
    /* One pass over the data: read every value of the analysis columns once. */
    size_t n = ds->nrows, k = 2 + nm + nc;
    size_t cols[32];
    cols[0] = sp.x, cols[1] = sp.y;
    for (size_t j = 0; j < nm; j++)
        cols[2 + j] = m[j];
    for (size_t j = 0; j < nc; j++)
        cols[2 + nm + j] = c[j];
    double pass = 1e30;
    volatile double sink = 0;
    for (int r = 0; r < 200; r++) {
        double t0 = now(), s = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < k; j++)
                s += ds->vars[cols[j]].num[i];
        double t = now() - t0;
        sink += s;
        pass = t < pass ? t : pass;
    }
    double per = (best - best0) / (double)(o.boot ? o.boot : 1);
    printf("n=%zu mediators=%zu covariates=%zu boot=%zu threads=%d: total %.2f ms, fixed "
           "%.2f ms, per resample %.2f us, one pass over the data %.2f us (ratio %.1f)\n",
           n, nm, nc, o.boot, o.threads, 1e3 * best, 1e3 * best0, 1e6 * per, 1e6 * pass,
           per / pass);
    (void)sink;
    adx_dataset_free(ds);
    return 0;
}
