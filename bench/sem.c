/* Benchmark of the SEM estimator in-process: parse + build + fit of a model
 * (the cases are read once), repeated; optionally a bootstrap.
 *   bench_sem DATA MODEL_FILE REPS [BOOT] [THREADS]
 * Prints "fit_ms <ms per fit>" and, with BOOT, "boot_s <seconds>". */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ambidex/adx_sem.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    adx_init();
    if (argc < 4) {
        fprintf(stderr, "usage: bench_sem DATA MODEL_FILE REPS [BOOT] [THREADS]\n");
        return 2;
    }
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    if (adx_read_file(argv[1], &ro, &ds, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", argv[2]);
        return 1;
    }
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = 0;
    fclose(f);
    int reps = atoi(argv[3]);
    size_t boot = argc > 4 ? (size_t)atol(argv[4]) : 0;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    if (argc > 5)
        o.threads = atoi(argv[5]);
    double t0 = now(), chisq = 0;
    for (int r = 0; r < reps; r++) {
        adx_sem_syntax_t *syn = NULL;
        adx_sem_t *s = NULL;
        if (adx_sem_parse(text, argv[2], &syn, &e) || adx_sem_build(syn, &o, &s, &e) ||
            adx_sem_fit_dataset(s, ds, &e)) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        chisq = s->fit.chisq;
        adx_sem_free(s);
        adx_sem_syntax_free(syn);
    }
    double t1 = now();
    printf("fit_ms %.4f chisq %.6f\n", 1e3 * (t1 - t0) / reps, chisq);
    if (boot) {
        adx_sem_syntax_t *syn = NULL;
        adx_sem_t *s = NULL;
        adx_sem_parse(text, argv[2], &syn, &e);
        adx_sem_build(syn, &o, &s, &e);
        adx_sem_fit_dataset(s, ds, &e);
        double b0 = now();
        if (adx_sem_bootstrap(s, boot, 1, &e)) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        printf("boot_s %.4f used %zu\n", now() - b0, s->boot_used);
        adx_sem_free(s);
        adx_sem_syntax_free(syn);
    }
    adx_dataset_free(ds);
    return 0;
}
