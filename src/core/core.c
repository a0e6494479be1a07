/* Matrices, start-up and small helpers shared by the whole library. */
#include "ambidex/adx_core.h"
#include "../base/base.h"

#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

adx_matrix_t *adx_matrix_alloc(size_t rows, size_t cols)
{
    adx_matrix_t *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    size_t n = rows * cols;
    if (rows && n / rows != cols) {
        free(m);
        return NULL;
    }
    m->data = calloc(n ? n : 1, sizeof(double));
    if (!m->data) {
        free(m);
        return NULL;
    }
    m->rows = rows;
    m->cols = cols;
    m->ld = rows ? rows : 1;
    return m;
}

void adx_matrix_free(adx_matrix_t *m)
{
    if (!m)
        return;
    free(m->data);
    free(m);
}

adx_error_t adx_matrix_spd_inverse(adx_matrix_t *m)
{
    if (m->rows != m->cols)
        return ADX_EUSAGE;
    if (m->ld != m->rows) /* the base kernels take a packed k x k matrix */
        return ADX_EUSAGE;
    return adx__spd_inverse(m->data, m->rows, NULL);
}

/* OpenBLAS's own entry point (cblas.h of openblas-pthread/openmp). */
void openblas_set_num_threads(int num_threads);

void adx_init(void)
{
    gsl_set_error_handler_off();
    /* The estimators call BLAS on small matrices, where OpenBLAS's own threads
     * cost more than they save (SEM: 3x slower with 2 threads); parallel work is
     * done per replicate with OpenMP instead. */
    openblas_set_num_threads(1);
}

size_t adx_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = malloc((lb + 1) * sizeof *row);
    if (!row)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = (a[i - 1] == b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

void adx_near_init(adx_near_t *n, const char *word)
{
    n->word = word;
    n->best = NULL;
    n->dist = (size_t)-1;
}

void adx_near_add(adx_near_t *n, const char *candidate)
{
    size_t d = adx_edit_distance(n->word, candidate);
    if (d < n->dist) {
        n->dist = d;
        n->best = candidate;
    }
}

const char *adx_near_best(const adx_near_t *n, size_t max_dist)
{
    return n->best && n->dist <= max_dist ? n->best : NULL;
}
