/* Streaming OLS: one pass over a CSV file, memory O(p^2). Means and centred
 * cross-products are updated case by case (Welford 1962, in the multivariate form of
 * Chan, Golub & LeVeque 1983), then the normal equations of the centred, unit-scaled
 * predictors are solved by Cholesky. */
#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "ambidex/adx_regress.h"

struct adx_ols_accum {
    size_t k;      /* predictors; variables are y, x1..xk */
    size_t n;
    double *mean;  /* k + 1 */
    double *C;     /* (k+1) x (k+1) centred cross-products, lower triangle used */
    double *d;     /* scratch */
};

adx_ols_accum_t *adx_ols_accum_alloc(size_t k)
{
    adx_ols_accum_t *a = calloc(1, sizeof *a);
    size_t v = k + 1;
    if (!a)
        return NULL;
    a->k = k;
    a->mean = calloc(v, sizeof(double));
    a->C = calloc(v * v, sizeof(double));
    a->d = calloc(v, sizeof(double));
    if (!a->mean || !a->C || !a->d) {
        adx_ols_accum_free(a);
        return NULL;
    }
    return a;
}

void adx_ols_accum_free(adx_ols_accum_t *a)
{
    if (!a)
        return;
    free(a->mean);
    free(a->C);
    free(a->d);
    free(a);
}

void adx_ols_accum_add(adx_ols_accum_t *a, const double *row)
{
    size_t v = a->k + 1;
    a->n++;
    double inv = 1.0 / (double)a->n, f = (double)(a->n - 1) * inv;
    for (size_t j = 0; j < v; j++) {
        a->d[j] = row[j] - a->mean[j];
        a->mean[j] += a->d[j] * inv;
    }
    for (size_t j = 0; j < v; j++) {
        double dj = a->d[j] * f;
        double *col = a->C + j * v;
        for (size_t i = j; i < v; i++)
            col[i] += a->d[i] * dj;
    }
}

/* Element (i, j) of the symmetric cross-product matrix (lower triangle stored). */
static double cc(const adx_ols_accum_t *a, size_t i, size_t j)
{
    size_t v = a->k + 1;
    return i >= j ? a->C[i + j * v] : a->C[j + i * v];
}

size_t adx_ols_accum_n(const adx_ols_accum_t *a) { return a->n; }

adx_error_t adx_ols_accum_fit(const adx_ols_accum_t *a, const char *const *names,
                              const adx_ols_options_t *o, adx_ols_t **out, adx_errctx_t *ctx)
{
    adx_ols_options_t def;
    if (!o) {
        adx_ols_options_init(&def);
        o = &def;
    }
    *out = NULL;
    size_t k = a->k, n = a->n, p = k + 1;
    adx_error_t rc = ADX_OK;
    if (o->hc != ADX_HC_NONE)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "robust (HC) standard errors need the residuals of every case; they are "
                       "not available when streaming");
    if (n <= p)
        return adx_err(ctx, ADX_EEMPTY,
                       "%zu complete cases for %zu coefficients: a regression needs more cases "
                       "than parameters",
                       n, p);
    double syy = a->C[0];
    if (!(syy > 0))
        return adx_err(ctx, ADX_ECONST, "the dependent variable has zero variance in the %zu "
                                        "cases used; a regression needs variation in Y",
                       n);
    adx_ols_t *f = calloc(1, sizeof *f);
    double *L = calloc(k * k + 1, sizeof *L), *s = calloc(k + 1, sizeof *s);
    double *g = calloc(k + 1, sizeof *g), *Ri = calloc(k * k + 1, sizeof *Ri);
    if (!f || !L || !s || !g || !Ri) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    f->n = n;
    f->p = p;
    f->hc = ADX_HC_NONE;
    if (!(f->b = calloc(p, sizeof(double))) || !(f->se = calloc(p, sizeof(double))) ||
        !(f->t = calloc(p, sizeof(double))) || !(f->pvalue = calloc(p, sizeof(double))) ||
        !(f->ci_lower = calloc(p, sizeof(double))) || !(f->ci_upper = calloc(p, sizeof(double))) ||
        !(f->cov = calloc(p * p, sizeof(double))) || !(f->xtx_inv = calloc(p * p, sizeof(double)))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
#define CC(i, j) cc(a, (i), (j))
    /* Correlation-scaled Sxx and its Cholesky factor; a pivot below tol marks a column
     * that is a linear combination of the earlier ones (the rule of the QR fit). */
    for (size_t j = 0; j < k; j++) {
        s[j] = sqrt(CC(j + 1, j + 1));
        if (!(s[j] > 0)) {
            rc = adx_err(ctx, ADX_ESINGULAR, "term '%s' is constant in the cases used; remove it",
                         names ? names[j + 1] : "?");
            goto cleanup;
        }
    }
    for (size_t j = 0; j < k; j++)
        for (size_t i = j; i < k; i++)
            L[i + j * k] = CC(i + 1, j + 1) / (s[i] * s[j]);
    for (size_t j = 0; j < k; j++) {
        double djj = L[j + j * k];
        for (size_t q = 0; q < j; q++)
            djj -= L[j + q * k] * L[j + q * k];
        if (!(djj > o->tol * o->tol)) {
            rc = adx_err(ctx, ADX_ESINGULAR,
                         "term '%s' is a linear combination of the terms before it (perfect "
                         "collinearity); remove it",
                         names ? names[j + 1] : "?");
            goto cleanup;
        }
        L[j + j * k] = sqrt(djj);
        for (size_t i = j + 1; i < k; i++) {
            double x = L[i + j * k];
            for (size_t q = 0; q < j; q++)
                x -= L[i + q * k] * L[j + q * k];
            L[i + j * k] = x / L[j + j * k];
        }
    }
    /* Solve (L L') c = r_xy, the scaled slopes; b_j = c_j sy / s_j with sy folded in. */
    for (size_t i = 0; i < k; i++) {
        double x = CC(i + 1, 0) / s[i];
        for (size_t q = 0; q < i; q++)
            x -= L[i + q * k] * g[q];
        g[i] = x / L[i + i * k];
    }
    double reg = 0;
    for (size_t i = 0; i < k; i++)
        reg += g[i] * g[i];
    for (size_t ii = k; ii-- > 0;) {
        double x = g[ii];
        for (size_t q = ii + 1; q < k; q++)
            x -= L[q + ii * k] * f->b[q + 1];
        f->b[ii + 1] = x / L[ii + ii * k];
    }
    for (size_t j = 0; j < k; j++)
        f->b[j + 1] /= s[j];
    f->b[0] = a->mean[0];
    for (size_t j = 0; j < k; j++)
        f->b[0] -= f->b[j + 1] * a->mean[j + 1];
    /* (L L')^-1 via L^-1: Ri = L^-1 (lower). */
    for (size_t j = 0; j < k; j++) {
        Ri[j + j * k] = 1 / L[j + j * k];
        for (size_t i = j + 1; i < k; i++) {
            double x = 0;
            for (size_t q = j; q < i; q++)
                x -= L[i + q * k] * Ri[q + j * k];
            Ri[i + j * k] = x / L[i + i * k];
        }
    }
    /* Sxx^-1 = D^-1 (Ri' Ri) D^-1; (X'X)^-1 with the intercept by the partitioned form. */
    double *Sinv = L; /* reuse: L is no longer needed */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double x = 0;
            for (size_t q = (i > j ? i : j); q < k; q++)
                x += Ri[q + i * k] * Ri[q + j * k];
            Sinv[i + j * k] = x / (s[i] * s[j]);
        }
    double c00 = 1.0 / (double)n;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            c00 += a->mean[i + 1] * Sinv[i + j * k] * a->mean[j + 1];
    f->xtx_inv[0] = c00;
    for (size_t i = 0; i < k; i++) {
        double x = 0;
        for (size_t j = 0; j < k; j++)
            x -= Sinv[i + j * k] * a->mean[j + 1];
        f->xtx_inv[(i + 1)] = f->xtx_inv[(i + 1) * p] = x;
        for (size_t j = 0; j < k; j++)
            f->xtx_inv[(i + 1) + (j + 1) * p] = Sinv[i + j * k];
    }
    f->tss = syy;
    f->ess = reg;
    f->rss = syy - reg;
    if (f->rss < 0)
        f->rss = 0;
    f->r2 = reg / syy;
    f->df_res = (double)(n - p);
    f->adj_r2 = 1 - (1 - f->r2) * (double)(n - 1) / f->df_res;
    double s2 = f->rss / f->df_res;
    f->sigma = sqrt(s2);
    f->df1 = (double)k;
    f->df2 = f->df_res;
    f->f = k ? (f->ess / (double)k) / s2 : NAN;
    f->f_p = k ? gsl_cdf_fdist_Q(f->f, (double)k, f->df_res) : NAN;
    double tc = gsl_cdf_tdist_Qinv((1 - o->ci_level) / 2, f->df_res);
    for (size_t j = 0; j < p * p; j++)
        f->cov[j] = s2 * f->xtx_inv[j];
    for (size_t j = 0; j < p; j++) {
        f->se[j] = sqrt(f->cov[j + j * p]);
        f->t[j] = f->b[j] / f->se[j];
        f->pvalue[j] = 2 * gsl_cdf_tdist_Q(fabs(f->t[j]), f->df_res);
        f->ci_lower[j] = f->b[j] - tc * f->se[j];
        f->ci_upper[j] = f->b[j] + tc * f->se[j];
    }
#undef CC
cleanup:
    free(L);
    free(s);
    free(g);
    free(Ri);
    if (rc)
        adx_ols_free(f);
    else
        *out = f;
    return rc;
}

/* ---- CSV streaming ------------------------------------------------------------------ */

static char detect_sep(const char *line)
{
    size_t c = 0, s = 0, t = 0;
    for (const char *p = line; *p; p++) {
        c += *p == ',';
        s += *p == ';';
        t += *p == '\t';
    }
    return t > c && t > s ? '\t' : s > c ? ';' : ',';
}

/* Splits line (modified in place) at sep; strips quotes and CR/LF. */
static size_t split(char *line, char sep, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    size_t len = strlen(p);
    while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
        p[--len] = 0;
    while (n < max) {
        char *start = p;
        if (*p == '"') {
            start = ++p;
            while (*p && *p != '"')
                p++;
            if (*p == '"')
                *p++ = 0;
        }
        char *e = strchr(p, sep);
        f[n++] = start;
        if (!e)
            break;
        *e = 0;
        p = e + 1;
    }
    return n;
}

/* Decimal to double. Fast path (Clinger 1990): at most 15 significant digits and a
 * power of ten within 1e+-22 are exact doubles, so one multiplication or division
 * rounds correctly. Everything else goes to strtod. */
double adx__parse_double(const char *s, char **end)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = s;
    int neg = 0, e10 = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    const char *digits = p;
    /* Leading zeros (also after the point) carry no significant digit. */
    while (*p == '0')
        p++;
    const char *dot = NULL;
    if (*p == '.') {
        dot = p++;
        while (*p == '0')
            p++;
    }
    unsigned long long m = 0;
    const char *sig = p;
    for (;; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d < 10) {
            m = m * 10 + d;
        } else if (*p == '.' && !dot) {
            dot = p;
        } else {
            break;
        }
    }
    /* Significant digits read (the point, if inside, is not one). */
    long nd = (long)(p - sig) - (dot && dot >= sig ? 1 : 0);
    if (nd > 15 || p == digits || (p == digits + 1 && dot == digits))
        return strtod(s, end);
    if (dot)
        e10 = -(int)(p - dot - 1);
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int eneg = 0, ev = 0, ed = 0;
        if (*q == '-' || *q == '+')
            eneg = *q++ == '-';
        for (; *q >= '0' && *q <= '9' && ev < 10000; q++, ed++)
            ev = ev * 10 + (*q - '0');
        if (!ed)
            return strtod(s, end);
        e10 += eneg ? -ev : ev;
        p = q;
    }
    if ((*p && *p != ' ') || e10 < -22 || e10 > 22)
        return strtod(s, end);
    double x = (double)m;
    x = e10 < 0 ? x / p10[-e10] : x * p10[e10];
    *end = (char *)p;
    return neg ? -x : x;
}

/* Merges accumulator b into a (Chan, Golub & LeVeque 1983). */
static void accum_merge(adx_ols_accum_t *a, const adx_ols_accum_t *b)
{
    if (b->n == 0)
        return;
    size_t v = a->k + 1;
    double na = (double)a->n, nb = (double)b->n, n = na + nb;
    for (size_t j = 0; j < v; j++)
        a->d[j] = b->mean[j] - a->mean[j];
    for (size_t j = 0; j < v; j++)
        for (size_t i = j; i < v; i++)
            a->C[i + j * v] += b->C[i + j * v] + a->d[i] * a->d[j] * na * nb / n;
    for (size_t j = 0; j < v; j++)
        a->mean[j] += a->d[j] * nb / n;
    a->n += b->n;
}

/* What went wrong in a chunk, turned into a message once the line is known. */
typedef struct {
    int kind;          /* 0 none, 1 ragged row, 2 not a number, 3 out of memory, 4 read error */
    size_t line;       /* line within the chunk (1 = its first line) */
    size_t var;        /* model variable */
    size_t nf;
    char text[64];
} chunk_err_t;

typedef struct {
    const char *path;
    long long start, end;
    char sep, dec;
    const size_t *col;
    size_t k, nh;
    const adx_read_options_t *ro;
} chunk_job_t;

static void parse_chunk(const chunk_job_t *J, adx_ols_accum_t *a, chunk_err_t *err)
{
    size_t k = J->k, nf_max = 4096;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    char **fld = malloc(nf_max * sizeof *fld);
    double *row = malloc((k + 1) * sizeof *row);
    FILE *fp = fopen(J->path, "r");
    err->kind = 0;
    if (!fld || !row || !fp) {
        err->kind = fp ? 3 : 4;
        goto done;
    }
    if (fseeko(fp, (off_t)J->start, SEEK_SET) != 0) {
        err->kind = 4;
        goto done;
    }
    long long pos = J->start;
    ssize_t len;
    while (pos < J->end && (len = getline(&line, &cap, fp)) >= 0) {
        pos += len;
        lineno++;
        if (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))
            continue;
        size_t nf = split(line, J->sep, fld, nf_max);
        int complete = 1;
        for (size_t j = 0; j <= k; j++) {
            if (J->col[j] >= nf) {
                err->kind = 1;
                err->line = lineno;
                err->nf = nf;
                goto done;
            }
            char *s = fld[J->col[j]];
            while (*s == ' ')
                s++;
            if (!*s || !strcmp(s, "NA") || !strcmp(s, ".")) {
                complete = 0;
                continue;
            }
            if (J->dec != '.')
                for (char *q = s; *q; q++)
                    if (*q == J->dec)
                        *q = '.';
            char *end;
            double x = adx__parse_double(s, &end);
            while (*end == ' ')
                end++;
            if (*end || end == s || !isfinite(x)) {
                err->kind = 2;
                err->line = lineno;
                err->var = j;
                snprintf(err->text, sizeof err->text, "%s", fld[J->col[j]]);
                goto done;
            }
            for (size_t q = 0; J->ro && q < J->ro->n_na_codes; q++)
                if (x == J->ro->na_codes[q])
                    complete = 0;
            row[j] = x;
        }
        if (complete)
            adx_ols_accum_add(a, row);
    }
    if (ferror(fp))
        err->kind = 4;
done:
    if (fp)
        fclose(fp);
    free(line);
    free(fld);
    free(row);
}

/* Number of newlines in the file before byte offset `off`. */
static size_t lines_before(const char *path, long long off)
{
    FILE *fp = fopen(path, "r");
    size_t n = 0;
    if (!fp)
        return 0;
    for (long long i = 0; i < off; i++) {
        int ch = getc(fp);
        if (ch == EOF)
            break;
        n += ch == '\n';
    }
    fclose(fp);
    return n;
}

adx_error_t adx_ols_stream_csv(const char *path, const adx_read_options_t *ro, const char *y,
                               const char *const *xs, size_t k, const adx_ols_options_t *o,
                               adx_ols_t **out, adx_errctx_t *ctx)
{
    return adx_ols_stream_csv_chunked(path, ro, y, xs, k, o, 0, out, ctx);
}

adx_error_t adx_ols_stream_csv_chunked(const char *path, const adx_read_options_t *ro,
                                       const char *y, const char *const *xs, size_t k,
                                       const adx_ols_options_t *o, size_t chunk_bytes,
                                       adx_ols_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, nf_max = 4096, nch = 0;
    char **fld = malloc(nf_max * sizeof *fld);
    size_t *col = malloc((k + 1) * sizeof *col);
    const char **names = malloc((k + 1) * sizeof *names);
    long long *bound = NULL;
    adx_ols_accum_t **acc = NULL;
    chunk_err_t *errs = NULL;
    if (!fp) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot open the file; check the path", path);
        goto cleanup;
    }
    if (!fld || !col || !names) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    names[0] = y;
    for (size_t j = 0; j < k; j++)
        names[j + 1] = xs[j];
    ssize_t hlen = getline(&line, &cap, fp);
    if (hlen < 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file is empty", path);
        goto cleanup;
    }
    char *hdr = line;
    if (!strncmp(hdr, "\xEF\xBB\xBF", 3))
        hdr += 3;
    char sep = ro && ro->sep ? ro->sep : detect_sep(hdr);
    char dec = ro && ro->decimal ? ro->decimal : '.';
    size_t nh = split(hdr, sep, fld, nf_max);
    for (size_t j = 0; j <= k; j++) {
        size_t best = (size_t)-1, bd = (size_t)-1;
        col[j] = (size_t)-1;
        for (size_t c = 0; c < nh; c++) {
            if (!strcmp(fld[c], names[j])) {
                col[j] = c;
                break;
            }
            size_t d = adx_edit_distance(fld[c], names[j]);
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        if (col[j] == (size_t)-1) {
            if (best != (size_t)-1 && bd <= 3)
                rc = adx_err(ctx, ADX_ENOVAR, "%s: no variable '%s'; did you mean '%s'?", path,
                             names[j], fld[best]);
            else
                rc = adx_err(ctx, ADX_ENOVAR, "%s: no variable '%s' in the header", path,
                             names[j]);
            goto cleanup;
        }
        for (size_t q = 0; q < j; q++)
            if (col[q] == col[j]) {
                rc = adx_err(ctx, ADX_EUSAGE, "'%s' is used twice in the model", names[j]);
                goto cleanup;
            }
    }
    /* Chunks of about 16 MB cut at line ends. Their number depends on the file only,
     * and they are merged in file order, so the result does not depend on the number
     * of threads. */
    long long hend = (long long)hlen;
    if (fseeko(fp, 0, SEEK_END) != 0) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot seek in the file", path);
        goto cleanup;
    }
    long long size = (long long)ftello(fp), body = size - hend;
    long long cb = chunk_bytes ? (long long)chunk_bytes : (16LL << 20);
    nch = (size_t)(body / cb) + 1;
    if (nch > 65536)
        nch = 65536;
    if (!(bound = malloc((nch + 1) * sizeof *bound)) || !(acc = calloc(nch, sizeof *acc)) ||
        !(errs = calloc(nch, sizeof *errs))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    bound[0] = hend;
    bound[nch] = size;
    for (size_t c = 1; c < nch; c++) {
        long long b = hend + (long long)c * (body / (long long)nch);
        if (b < bound[c - 1])
            b = bound[c - 1];
        if (fseeko(fp, (off_t)(b - 1), SEEK_SET) != 0) {
            rc = adx_err(ctx, ADX_EIO, "%s: cannot seek in the file", path);
            goto cleanup;
        }
        int ch;
        while ((ch = getc(fp)) != EOF && ch != '\n')
            b++;
        bound[c] = b < size ? b : size;
    }
    for (size_t c = 0; c < nch; c++)
        if (!(acc[c] = adx_ols_accum_alloc(k))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1)
#endif
    for (size_t c = 0; c < nch; c++) {
        chunk_job_t J = {path, bound[c], bound[c + 1], sep, dec, col, k, nh, ro};
        parse_chunk(&J, acc[c], &errs[c]);
    }
    for (size_t c = 0; c < nch; c++) {
        const chunk_err_t *E = &errs[c];
        if (!E->kind)
            continue;
        size_t lineno = E->line + lines_before(path, bound[c]);
        if (E->kind == 1)
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: the row has %zu fields, the header %zu", path,
                         lineno, E->nf, nh);
        else if (E->kind == 2)
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column '%s': '%s' is not a finite number; fix the cell or "
                         "declare it missing with --na",
                         path, lineno, names[E->var], E->text);
        else if (E->kind == 3)
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        else
            rc = adx_err(ctx, ADX_EIO, "%s: read error", path);
        goto cleanup;
    }
    for (size_t c = 1; c < nch; c++)
        accum_merge(acc[0], acc[c]);
    {
        const char **cn = malloc((k + 1) * sizeof *cn);
        if (!cn) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        cn[0] = "(Intercept)";
        for (size_t j = 0; j < k; j++)
            cn[j + 1] = xs[j];
        rc = adx_ols_accum_fit(acc[0], cn, o, out, ctx);
        free(cn);
    }
cleanup:
    if (fp)
        fclose(fp);
    free(line);
    free(fld);
    free(col);
    free(names);
    for (size_t c = 0; acc && c < nch; c++)
        adx_ols_accum_free(acc[c]);
    free(acc);
    free(errs);
    free(bound);
    return rc;
}
