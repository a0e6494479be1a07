/* Benchmark: CSV parsing throughput, describe and corr in process.
 * usage: bench_csv_parse FILE.csv [--generate ROWS COLS]
 * With --generate, writes a numeric CSV (4-decimal values, seed 1) and exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ambidex/adx_rng.h"
#include "ambidex/adx_stats.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    adx_init();
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.csv [--generate ROWS COLS]\n", argv[0]);
        return 2;
    }
    if (argc == 5 && !strcmp(argv[2], "--generate")) {
        size_t rows = strtoul(argv[3], NULL, 10), cols = strtoul(argv[4], NULL, 10);
        FILE *f = fopen(argv[1], "w");
        if (!f)
            return 1;
        for (size_t j = 0; j < cols; j++)
            fprintf(f, "%sv%zu", j ? "," : "", j + 1);
        fputc('\n', f);
        adx_rng_t r;
        adx_rng_init(&r, 1, 0);
        for (size_t i = 0; i < rows; i++) {
            double common = adx_rng_normal(&r);
            for (size_t j = 0; j < cols; j++)
                fprintf(f, "%s%.4f", j ? "," : "", 50 + 10 * (0.5 * common + adx_rng_normal(&r)));
            fputc('\n', f);
        }
        return fclose(f) ? 1 : 0;
    }
    struct stat st;
    if (stat(argv[1], &st) != 0)
        return 1;
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL;
    double t0 = now();
    if (adx_read_csv(argv[1], NULL, &ds, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t1 = now();
    size_t k = ds->nvars, *idx = malloc(k * sizeof *idx);
    for (size_t j = 0; j < k; j++)
        idx[j] = j;
    adx_describe_t *d = NULL;
    adx_corr_t *c = NULL;
    if (adx_describe(ds, idx, k, NULL, &d, &e) || adx_corr(ds, idx, k, NULL, &c, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t2 = now();
    double mb = (double)st.st_size / 1e6;
    printf("parse: %.1f MB in %.3f s = %.0f MB/s; describe + corr (%zu vars, %zu rows): %.3f s\n",
           mb, t1 - t0, mb / (t1 - t0), k, ds->nrows, t2 - t1);
    adx_describe_free(d);
    adx_corr_free(c);
    free(idx);
    adx_dataset_free(ds);
    return 0;
}
