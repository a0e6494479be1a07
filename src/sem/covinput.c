/* Covariance-matrix input for cfa/sem (--cov FILE --nobs N). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sem_priv.h"

/* Splits line (modified in place) into fields; returns the count. */
static size_t split(char *line, char **f, size_t max, size_t *cols, size_t lim)
{
    size_t n = 0;
    char *p = line;
    int sepc = strchr(line, ',') ? ',' : strchr(line, ';') ? ';' : 0;
    while (*p && n < max) {
        if (!sepc)
            while (*p == ' ' || *p == '\t')
                p++;
        if (!*p)
            break;
        char *st = p;
        if (sepc) {
            while (*p && *p != sepc)
                p++;
        } else {
            while (*p && *p != ' ' && *p != '\t')
                p++;
        }
        char end = *p;
        *p = 0;
        /* trim blanks and quotes */
        while (*st == ' ' || *st == '\t' || *st == '"')
            st++;
        char *e = st + strlen(st);
        while (e > st && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"' || e[-1] == '\r'))
            *--e = 0;
        if (cols)
            cols[n] = (size_t)(st - line) + 1;
        f[n++] = st;
        if (!end)
            break;
        p++;
        (void)lim;
    }
    return n;
}

adx_error_t adx_read_cov_matrix(const char *path, char ***names, char **namebuf, size_t *k,
                                double **cov, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    *names = NULL;
    *namebuf = NULL;
    *k = 0;
    *cov = NULL;
    char *text = NULL, **fields = NULL, **nm = NULL;
    size_t *cols = NULL;
    double *C = NULL;
    size_t sz = 0;
    adx_error_t rr = adx__slurp(path, ADX__CAP_MATRIX, "covariance file", &text, &sz, ctx);
    if (rr)
        return rr;
    size_t maxf = 1;
    for (size_t i = 0; i < sz; i++)
        maxf += text[i] == ',' || text[i] == ';' || text[i] == ' ' || text[i] == '\t';
    fields = malloc(maxf * sizeof *fields);
    cols = malloc(maxf * sizeof *cols);
    if (!fields || !cols) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t line = 0, row = 0, kk = 0;
    char *save = NULL;
    int lower = -1;
    for (char *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        line++;
        if (line == 1 && (unsigned char)ln[0] == 0xEF && (unsigned char)ln[1] == 0xBB)
            ln += 3;
        size_t nf = split(ln, fields, maxf, cols, 0);
        if (nf == 0 || (nf == 1 && !fields[0][0]))
            continue;
        if (!nm) {
            size_t off = fields[0][0] ? 0 : 1; /* empty corner cell of a row-named matrix */
            kk = nf - off;
            if (kk == 0) {
                rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: the header names no variables", path, line);
                goto cleanup;
            }
            nm = calloc(kk, sizeof *nm);
            C = calloc(kk * kk, sizeof *C);
            size_t len = 0;
            for (size_t j = 0; j < kk; j++)
                len += strlen(fields[j + off]) + 1;
            *namebuf = malloc(len + 1);
            if (!nm || !C || !*namebuf) {
                rc = adx_oom(ctx);
                goto cleanup;
            }
            char *w = *namebuf;
            for (size_t j = 0; j < kk; j++) {
                strcpy(w, fields[j + off]);
                nm[j] = w;
                w += strlen(w) + 1;
            }
            continue;
        }
        if (row >= kk) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: more rows than the %zu variables of the "
                                          "header",
                         path, line, kk);
            goto cleanup;
        }
        size_t off = 0;
        char *end;
        strtod(fields[0], &end);
        if (end == fields[0] || *end)
            off = 1; /* row name */
        size_t nnum = nf - off;
        if (lower < 0)
            lower = nnum == 1 && kk > 1;
        size_t want = lower ? row + 1 : kk;
        if (nnum != want) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: row %zu has %zu numbers, expected %zu (%s); "
                                          "give the full matrix or its lower triangle",
                         path, line, row + 1, nnum, want, lower ? "lower triangle" : "full matrix");
            goto cleanup;
        }
        for (size_t j = 0; j < nnum; j++) {
            const char *s = fields[j + off];
            errno = 0;
            double v = strtod(s, &end);
            if (end == s || *end || !isfinite(v)) {
                rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' is not a number", path, line,
                             cols[j + off], s);
                goto cleanup;
            }
            C[row + j * kk] = v;
        }
        row++;
    }
    if (!nm || row != kk) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: expected a header and %zu rows, found %zu rows", path,
                     kk, row);
        goto cleanup;
    }
    for (size_t j = 0; j < kk; j++)
        for (size_t i = j + 1; i < kk; i++) {
            if (lower) {
                C[j + i * kk] = C[i + j * kk];
            } else {
                double a = C[i + j * kk], b = C[j + i * kk];
                if (fabs(a - b) > 1e-8 * (fabs(a) + fabs(b) + 1e-300)) {
                    rc = adx_err(ctx, ADX_EPARSE, "%s: the matrix is not symmetric ('%s','%s' = "
                                                  "%g but '%s','%s' = %g)",
                                 path, nm[i], nm[j], a, nm[j], nm[i], b);
                    goto cleanup;
                }
            }
        }
    *names = nm;
    *cov = C;
    *k = kk;
    nm = NULL;
    C = NULL;
cleanup:
    if (rc) {
        free(*namebuf);
        *namebuf = NULL;
    }
    free(nm);
    free(C);
    free(text);
    free(fields);
    free(cols);
    return rc;
}
