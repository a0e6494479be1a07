/* Benchmark: alpha (with omega) and PCA (with KMO and Bartlett) on n cases x k
 * items simulated from a five-factor model, in memory (no file reading).
 * usage: bench_measure [N [K [REPS]]]; prints one line per analysis:
 *   name seconds (the best of REPS runs). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_measure.h"
#include "ambidex/adx_rng.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    adx_init();
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    size_t k = argc > 2 ? strtoul(argv[2], NULL, 10) : 50;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    adx_dataset_t *ds = adx_dataset_alloc(n, "simulated");
    adx_rng_t r;
    adx_rng_init(&r, 42, 0);
    double *f = malloc(n * 5 * sizeof *f);
    size_t *idx = malloc(k * sizeof *idx);
    if (!ds || !f || !idx)
        return 1;
    for (size_t i = 0; i < n * 5; i++)
        f[i] = adx_rng_normal(&r);
    for (size_t j = 0; j < k; j++) {
        double *x = malloc(n * sizeof *x);
        char name[32];
        snprintf(name, sizeof name, "i%zu", j + 1);
        for (size_t i = 0; i < n; i++)
            x[i] = 0.7 * f[i + (j % 5) * n] + 0.71 * adx_rng_normal(&r);
        adx_errctx_t e;
        if (adx_dataset_add_numeric(ds, name, x, &idx[j], &e))
            return 1;
    }
    double best_a = 1e30, best_p = 1e30;
    for (int rep = 0; rep < reps; rep++) {
        adx_errctx_t e;
        adx_alpha_t *a = NULL;
        adx_pca_t *p = NULL;
        double t0 = now();
        if (adx_alpha(ds, idx, k, NULL, &a, &e))
            return fprintf(stderr, "%s\n", e.msg), 1;
        double t1 = now();
        adx_pca_options_t o;
        adx_pca_options_init(&o);
        o.ncomp = 5;
        if (adx_pca(ds, idx, k, &o, &p, &e))
            return fprintf(stderr, "%s\n", e.msg), 1;
        double t2 = now();
        best_a = t1 - t0 < best_a ? t1 - t0 : best_a;
        best_p = t2 - t1 < best_p ? t2 - t1 : best_p;
        if (rep == 0)
            fprintf(stderr, "alpha %.4f, first eigenvalue %.4f\n", a->alpha, p->eigenvalues[0]);
        adx_alpha_free(a);
        adx_pca_free(p);
    }
    printf("alpha %.6f\npca %.6f\n", best_a, best_p);
    free(f);
    free(idx);
    adx_dataset_free(ds);
    return 0;
}
