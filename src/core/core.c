/* Errors, matrices and small helpers shared by the whole library. */
#include "ambidex/adx_core.h"

#include <lapacke.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *adx_strerror(adx_error_t code)
{
    switch (code) {
    case ADX_OK: return "success";
    case ADX_ENOMEM: return "out of memory";
    case ADX_EIO: return "input/output error";
    case ADX_EPARSE: return "malformed input";
    case ADX_EUSAGE: return "bad usage";
    case ADX_ENOVAR: return "unknown variable";
    case ADX_ETYPE: return "non-numeric data";
    case ADX_EEMPTY: return "not enough data";
    case ADX_EDOMAIN: return "value out of domain";
    case ADX_ESINGULAR: return "singular matrix";
    case ADX_ECONST: return "zero variance";
    case ADX_ECONVERGE: return "did not converge";
    case ADX_EUNSUPPORTED: return "not supported";
    }
    return "unknown error";
}

int adx_error_is_input(adx_error_t code)
{
    switch (code) {
    case ADX_EIO:
    case ADX_EPARSE:
    case ADX_EUSAGE:
    case ADX_ENOVAR:
    case ADX_ETYPE:
    case ADX_EEMPTY:
    case ADX_EDOMAIN:
    case ADX_ECONST:
    case ADX_EUNSUPPORTED:
        return 1;
    default:
        return 0;
    }
}

adx_error_t adx_err(adx_errctx_t *ctx, adx_error_t code, const char *fmt, ...)
{
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        ctx->code = code;
        vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

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
    lapack_int n = (lapack_int)m->rows, ld = (lapack_int)m->ld;
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, m->data, ld) != 0)
        return ADX_ESINGULAR;
    if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', n, m->data, ld) != 0)
        return ADX_ESINGULAR;
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < j; i++)
            ADX_M(m, i, j) = ADX_M(m, j, i);
    return ADX_OK;
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
