/* Times adx_pls (library call, data already in memory): one fit with every quality
 * criterion (the median of FITS fits), and one bootstrap of BOOT resamples on THREADS threads.
 * usage: bench_pls DATA.csv MODEL.txt FITS BOOT THREADS
 * Prints: fit_ms boot_s */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_pls.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The data set and the model text named on the command line; 0 on success. */
static int read_inputs(char **argv, adx_dataset_t **ds, char **model)
{
    adx_errctx_t e = {0};
    adx_read_options_t ro;
    size_t len = 0;
    adx_read_options_init(&ro);
    int bad = adx_read_file(argv[1], &ro, ds, &e) ||
              adx_read_text_file(argv[2], "model file", model, &len, &e);
    if (bad)
        fprintf(stderr, "%s\n", e.msg);
    return bad;
}

int main(int argc, char **argv)
{
    adx_init();
    adx_dataset_t *ds = NULL;
    char *model = NULL;
    adx_errctx_t e = {0};
    if (argc < 6)
        fprintf(stderr, "usage: %s DATA MODEL FITS BOOT THREADS\n", argv[0]);
    if (argc < 6 || read_inputs(argv, &ds, &model))
        return 2;
    int fits = atoi(argv[3]);
    if (fits < 1)
        fits = 1;
    double *t = malloc((size_t)fits * sizeof *t);
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    adx_pls_t *r = NULL;
    for (int i = 0; t && i < fits; i++) {
        double t0 = now();
        if (adx_pls(ds, model, &o, &r, &e)) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        t[i] = now() - t0;
        adx_pls_free(r);
    }
    qsort(t, (size_t)fits, sizeof *t, cmp);
    o.boot = (size_t)atol(argv[4]);
    o.threads = atoi(argv[5]);
    o.seed = 123;
    double t0 = now();
    if (o.boot && adx_pls(ds, model, &o, &r, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double tb = now() - t0;
    if (o.boot)
        adx_pls_free(r);
    printf("%.4f %.4f\n", 1e3 * t[fits / 2], tb);
    free(t);
    free(model);
    adx_dataset_free(ds);
    return 0;
}
