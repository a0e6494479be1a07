/* Benchmark of SEM model building (issue 12 item 14): parse + build of a CFA
 * with F factors of 3 indicators each (F(F-1)/2 factor covariances), no fit.
 *   bench_sem_build F [F ...]
 * Prints "factors <F> params <n> parse_s <s> build_s <s>" per F. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ambidex/adx_sem.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "f1 =~ x1_1 + x1_2 + x1_3\n..." for nf factors; caller frees. */
static char *model_text(long nf)
{
    size_t cap = (size_t)nf * 64 + 1, len = 0;
    char *t = malloc(cap);
    for (long f = 1; t && f <= nf; f++)
        len += (size_t)snprintf(t + len, cap - len, "f%ld =~ x%ld_1 + x%ld_2 + x%ld_3\n", f, f,
                                f, f);
    return t;
}

int main(int argc, char **argv)
{
    adx_init();
    if (argc < 2) {
        fprintf(stderr, "usage: bench_sem_build F [F ...]\n");
        return 2;
    }
    int rc = 0;
    for (int a = 1; a < argc && !rc; a++) {
        long nf = strtol(argv[a], NULL, 10);
        char *text = model_text(nf);
        adx_errctx_t e = {0};
        adx_sem_syntax_t *syn = NULL;
        adx_sem_t *s = NULL;
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        double t0 = now();
        if (!text || adx_sem_parse(text, "bench", &syn, &e) != ADX_OK)
            rc = 1;
        double t1 = now();
        if (!rc && adx_sem_build(syn, &o, &s, &e) != ADX_OK)
            rc = 1;
        double t2 = now();
        if (rc)
            fprintf(stderr, "bench_sem_build: %s\n", e.msg);
        else
            printf("factors %ld params %zu parse_s %.3f build_s %.3f\n", nf, s->nparams, t1 - t0,
                   t2 - t1);
        adx_sem_free(s);
        adx_sem_syntax_free(syn);
        free(text);
    }
    return rc;
}
