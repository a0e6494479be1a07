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

/* The state of one read. */
typedef struct {
    const char *path;
    char **fields, **nm; /* fields of the current line; the k names */
    size_t *cols, maxf;  /* 1-based columns of the fields */
    size_t k, row, line;
    int lower;           /* -1 not yet known; 1 lower triangle; 0 full matrix */
    int vector;          /* 1: one row of k numbers (a means file) */
    double *C;           /* k x k */
    char *namebuf;
} covread_t;

/* The header: k names (after an empty corner cell of a row-named matrix). */
static adx_error_t read_header(covread_t *c, size_t nf, adx_errctx_t *ctx)
{
    size_t off = c->fields[0][0] ? 0 : 1;
    c->k = nf - off;
    if (c->k == 0)
        return adx_err(ctx, ADX_EPARSE, "%s:%zu: the header names no variables", c->path,
                       c->line);
    c->nm = calloc(c->k, sizeof *c->nm);
    c->C = calloc(c->k * c->k, sizeof *c->C);
    size_t len = 0;
    for (size_t j = 0; j < c->k; j++)
        len += strlen(c->fields[j + off]) + 1;
    c->namebuf = malloc(len + 1);
    if (!c->nm || !c->C || !c->namebuf)
        return adx_oom(ctx);
    char *w = c->namebuf;
    for (size_t j = 0; j < c->k; j++) {
        strcpy(w, c->fields[j + off]);
        c->nm[j] = w;
        w += strlen(w) + 1;
    }
    return ADX_OK;
}

/* One row of numbers (after an optional row name): the full row or, for the lower
 * triangle, its first row + 1 entries. */
static adx_error_t read_row(covread_t *c, size_t nf, adx_errctx_t *ctx)
{
    if (c->row >= (c->vector ? 1 : c->k))
        return adx_err(ctx, ADX_EPARSE, c->vector ? "%s:%zu: a means file has one row of "
                                                    "numbers under the header of %zu names"
                                                  : "%s:%zu: more rows than the %zu variables "
                                                    "of the header",
                       c->path, c->line, c->k);
    size_t off = 0;
    char *end;
    strtod(c->fields[0], &end);
    if (end == c->fields[0] || *end)
        off = 1; /* row name */
    size_t nnum = nf - off;
    if (c->lower < 0)
        c->lower = !c->vector && nnum == 1 && c->k > 1;
    size_t want = c->lower ? c->row + 1 : c->k;
    if (nnum != want)
        return adx_err(ctx, ADX_EPARSE, "%s:%zu: row %zu has %zu numbers, expected %zu (%s); "
                                        "give %s",
                       c->path, c->line, c->row + 1, nnum, want,
                       c->vector  ? "one per name"
                       : c->lower ? "lower triangle"
                                  : "full matrix",
                       c->vector ? "one number per name of the header"
                                 : "the full matrix or its lower triangle");
    for (size_t j = 0; j < nnum; j++) {
        const char *s = c->fields[j + off];
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || *end || !isfinite(v))
            return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' is not a number", c->path,
                           c->line, c->cols[j + off], s);
        c->C[c->vector ? j : c->row + j * c->k] = v;
    }
    c->row++;
    return ADX_OK;
}

/* Mirrors a lower triangle; checks that a full matrix is symmetric. */
static adx_error_t symmetrize(covread_t *c, adx_errctx_t *ctx)
{
    size_t kk = c->k;
    double *C = c->C;
    for (size_t j = 0; j < kk; j++)
        for (size_t i = j + 1; i < kk; i++) {
            if (c->lower) {
                C[j + i * kk] = C[i + j * kk];
                continue;
            }
            double a = C[i + j * kk], b = C[j + i * kk];
            if (fabs(a - b) > 1e-8 * (fabs(a) + fabs(b) + 1e-300))
                return adx_err(ctx, ADX_EPARSE, "%s: the matrix is not symmetric ('%s','%s' = "
                                                "%g but '%s','%s' = %g)",
                               c->path, c->nm[i], c->nm[j], a, c->nm[j], c->nm[i], b);
        }
    return ADX_OK;
}

/* The lines of text: the header, then the rows. */
static adx_error_t read_lines(covread_t *c, char *text, adx_errctx_t *ctx)
{
    char *save = NULL;
    adx_error_t rc = ADX_OK;
    for (char *ln = strtok_r(text, "\n", &save); ln && !rc; ln = strtok_r(NULL, "\n", &save)) {
        c->line++;
        if (c->line == 1 && (unsigned char)ln[0] == 0xEF && (unsigned char)ln[1] == 0xBB)
            ln += 3;
        size_t nf = split(ln, c->fields, c->maxf, c->cols, 0);
        if (nf == 0 || (nf == 1 && !c->fields[0][0]))
            continue;
        rc = c->nm ? read_row(c, nf, ctx) : read_header(c, nf, ctx);
    }
    size_t rows = c->vector ? 1 : c->k;
    if (!rc && (!c->nm || c->row != rows))
        rc = adx_err(ctx, ADX_EPARSE, "%s: expected a header and %zu row%s, found %zu", c->path,
                     rows, rows == 1 ? "" : "s", c->row);
    return rc;
}

/* The matrix (vector 0) or the one row of a means file (vector 1). */
static adx_error_t read_named(const char *path, int vector, char ***names, char **namebuf,
                              size_t *k, double **cov, adx_errctx_t *ctx)
{
    *names = NULL;
    *namebuf = NULL;
    *k = 0;
    *cov = NULL;
    char *text = NULL;
    size_t sz = 0;
    covread_t c = {.path = path, .lower = -1, .maxf = 1, .vector = vector};
    adx_error_t rc = adx__slurp(path, ADX__CAP_MATRIX, vector ? "means file" : "covariance file",
                                &text, &sz, ctx);
    if (rc)
        return rc;
    for (size_t i = 0; i < sz; i++)
        c.maxf += text[i] == ',' || text[i] == ';' || text[i] == ' ' || text[i] == '\t';
    c.fields = malloc(c.maxf * sizeof *c.fields);
    c.cols = malloc(c.maxf * sizeof *c.cols);
    if (!c.fields || !c.cols) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = read_lines(&c, text, ctx)) || (!vector && (rc = symmetrize(&c, ctx))))
        goto cleanup;
    *names = c.nm;
    *namebuf = c.namebuf;
    *cov = c.C;
    *k = c.k;
    c.nm = NULL;
    c.namebuf = NULL;
    c.C = NULL;
cleanup:
    ADX__FREE(c.nm, c.namebuf, c.C, text, c.fields, c.cols);
    return rc;
}

adx_error_t adx_read_cov_matrix(const char *path, char ***names, char **namebuf, size_t *k,
                                double **cov, adx_errctx_t *ctx)
{
    return read_named(path, 0, names, namebuf, k, cov, ctx);
}

adx_error_t adx_read_mean_vector(const char *path, char ***names, char **namebuf, size_t *k,
                                 double **mean, adx_errctx_t *ctx)
{
    return read_named(path, 1, names, namebuf, k, mean, ctx);
}
