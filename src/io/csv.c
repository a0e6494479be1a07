/* CSV reader.
 *
 * One pass over the buffer tokenizes every record and parses numeric cells with
 * an exact fast path (Clinger: mantissa < 2^53 and |exponent| <= 22 gives the
 * correctly rounded double with one multiplication or division), falling back
 * to strtod otherwise. A column with any non-numeric cell becomes a string
 * column; a second pass then collects the text of those columns only.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../base/base.h"
#include "../data/dataset_priv.h"
#include "csv_priv.h"
#include "ambidex/adx_data.h"

void adx_read_options_init(adx_read_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->decimal = '.';
}

static const double pow10_tab[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Parses [s, e) as a number. Returns 1 and sets *out on success, 0 if the text is
 * not a number. Empty text, "NA" and "." are missing (NaN, return 1). */
static int parse_cell(const char *s, const char *e, char dec, double *out)
{
    while (s < e && is_space(*s))
        s++;
    while (e > s && is_space(e[-1]))
        e--;
    if (s == e) {
        *out = NAN;
        return 1;
    }
    size_t len = (size_t)(e - s);
    if ((len == 2 && s[0] == 'N' && s[1] == 'A') || (len == 1 && s[0] == '.') ||
        (len == 3 && s[0] == 'N' && s[1] == 'a' && s[2] == 'N')) {
        *out = NAN;
        return 1;
    }
    const char *p = s;
    int neg = 0;
    if (*p == '-' || *p == '+') {
        neg = (*p == '-');
        p++;
    }
    uint64_t mant = 0;
    int ndig = 0, exp10 = 0, any = 0, exact = 1;
    while (p < e && (unsigned)(*p - '0') < 10) {
        any = 1;
        if (ndig < 19) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            if (mant)
                ndig++;
        } else {
            exp10++;
            if (*p != '0')
                exact = 0;
        }
        p++;
    }
    if (p < e && *p == dec) {
        p++;
        while (p < e && (unsigned)(*p - '0') < 10) {
            any = 1;
            if (ndig < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                if (mant)
                    ndig++;
                exp10--;
            } else if (*p != '0') {
                exact = 0;
            }
            p++;
        }
    }
    if (!any)
        return 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, ex = 0, edig = 0;
        if (p < e && (*p == '-' || *p == '+')) {
            eneg = (*p == '-');
            p++;
        }
        while (p < e && (unsigned)(*p - '0') < 10) {
            if (ex < 100000)
                ex = ex * 10 + (*p - '0');
            edig = 1;
            p++;
        }
        if (!edig)
            return 0;
        exp10 += eneg ? -ex : ex;
    }
    if (p != e)
        return 0;
    if (exact && mant < (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10_tab[-exp10] : v * pow10_tab[exp10];
        *out = neg ? -v : v;
        return 1;
    }
    /* Slow path: strtod on a NUL-terminated copy with '.' as decimal mark. */
    char tmp[512];
    if (len >= sizeof tmp)
        return 0;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    if (dec != '.')
        for (size_t i = 0; i < len; i++)
            if (tmp[i] == dec)
                tmp[i] = '.';
    char *endp;
    errno = 0;
    double v = strtod(tmp, &endp);
    if (endp != tmp + len)
        return 0;
    /* A magnitude beyond DBL_MAX (1e400) is not a value any analysis can use:
     * treat the cell as text so that a numeric analysis names it, rather than
     * carrying +-inf silently into means and matrices. */
    if (isinf(v))
        return 0;
    *out = v;
    return 1;
}

/* Fast path for the common cell: an unquoted plain decimal number
 * ([-+]digits[.digits][e[-+]digits]) directly followed by the separator or the
 * end of line. Returns 1 with *out set and *pp on the delimiter, or 0 (nothing
 * consumed) when the cell needs the general path. */
static int fast_number(const char **pp, const char *end, char sep, char dec, double *out)
{
    const char *p = *pp;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    uint64_t mant = 0;
    int ndig = 0, exp10 = 0, any = 0;
    while (p < end && (unsigned)(*p - '0') < 10) {
        mant = mant * 10 + (uint64_t)(*p - '0');
        ndig += (mant != 0);
        any = 1;
        p++;
    }
    if (p < end && *p == dec) {
        p++;
        while (p < end && (unsigned)(*p - '0') < 10) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            ndig += (mant != 0);
            exp10--;
            any = 1;
            p++;
        }
    }
    if (!any || ndig > 15)
        return 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0, ex = 0, edig = 0;
        if (p < end && (*p == '-' || *p == '+')) {
            eneg = *p == '-';
            p++;
        }
        while (p < end && (unsigned)(*p - '0') < 10 && edig < 4) {
            ex = ex * 10 + (*p - '0');
            edig++;
            p++;
        }
        if (!edig)
            return 0;
        exp10 += eneg ? -ex : ex;
    }
    if (p < end && *p != sep && *p != '\n' && *p != '\r')
        return 0;
    if (exp10 < -22 || exp10 > 22)
        return 0;
    double v = (double)mant;
    v = exp10 < 0 ? v / pow10_tab[-exp10] : v * pow10_tab[exp10];
    *out = neg ? -v : v;
    *pp = p;
    return 1;
}

/* Tokenizer state over the whole buffer. */
typedef struct {
    const char *p, *end;
    char sep;
    size_t line;     /* 1-based line of the current position */
    char *scratch;   /* unquoted text of the last quoted field */
    size_t scap;
    const char *name;
    adx_errctx_t *ctx;
} tok_t;

/* Reads one field starting at t->p. Sets [*fs, *fe) to its (unquoted) text and
 * *last to 1 when the field ends its record. Returns ADX_OK or ADX_EPARSE. */
static adx_error_t next_field(tok_t *t, const char **fs, const char **fe, int *last, size_t col)
{
    const char *p = t->p, *end = t->end;
    if (p < end && *p == '"') {
        size_t start_line = t->line;
        size_t n = 0;
        p++;
        for (;;) {
            if (p >= end)
                return adx_err(t->ctx, ADX_EPARSE,
                               "%s:%zu: column %zu: quoted field never closed; add the "
                               "closing double quote",
                               t->name, start_line, col);
            char c = *p++;
            if (c == '"') {
                if (p < end && *p == '"') {
                    p++;
                } else {
                    break;
                }
            } else if (c == '\n') {
                t->line++;
            }
            if (n + 1 >= t->scap) {
                size_t cap = t->scap ? t->scap * 2 : 256;
                char *s = realloc(t->scratch, cap);
                if (!s)
                    return adx_err(t->ctx, ADX_ENOMEM, "out of memory");
                t->scratch = s;
                t->scap = cap;
            }
            t->scratch[n++] = c;
        }
        *fs = t->scratch ? t->scratch : p;
        *fe = *fs + n;
        while (p < end && is_space(*p) && *p != t->sep)
            p++;
        if (p < end && *p != t->sep && *p != '\n' && *p != '\r')
            return adx_err(t->ctx, ADX_EPARSE,
                           "%s:%zu: column %zu: text after a closing quote; double the quote "
                           "inside quoted fields (\"\")",
                           t->name, t->line, col);
    } else {
        const char *s = p;
        char sep = t->sep;
        while (p < end && *p != sep && *p != '\n' && *p != '\r')
            p++;
        *fs = s;
        *fe = p;
    }
    if (p < end && *p == t->sep) {
        *last = 0;
        p++;
    } else {
        *last = 1;
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
        t->line++;
    }
    t->p = p;
    return ADX_OK;
}

/* Skips blank lines (only whitespace) at t->p. */
static void skip_blank(tok_t *t)
{
    for (;;) {
        const char *q = t->p;
        while (q < t->end && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < t->end && *q == '\n') {
            t->p = q + 1;
            t->line++;
            continue;
        }
        if (q >= t->end)
            t->p = q;
        return;
    }
}

static char detect_sep(const char *p, const char *end)
{
    size_t nc = 0, ns = 0, nt = 0;
    int inq = 0;
    for (; p < end && (inq || *p != '\n'); p++) {
        if (*p == '"')
            inq = !inq;
        else if (!inq) {
            nc += (*p == ',');
            ns += (*p == ';');
            nt += (*p == '\t');
        }
    }
    if (nt > nc && nt >= ns)
        return '\t';
    if (ns > nc)
        return ';';
    return ',';
}

static int is_na_code(const adx_read_options_t *o, double v)
{
    for (size_t i = 0; i < o->n_na_codes; i++)
        if (v == o->na_codes[i])
            return 1;
    return 0;
}

static void trim_span(const char **s, const char **e)
{
    while (*s < *e && is_space(**s))
        (*s)++;
    while (*e > *s && is_space((*e)[-1]))
        (*e)--;
}

static char *span_dup(const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

adx_error_t adx_read_csv_buffer(const char *buf, size_t len, const char *name,
                                const adx_read_options_t *opt, adx_dataset_t **out,
                                adx_errctx_t *ctx)
{
    adx_read_options_t defaults;
    if (!opt) {
        adx_read_options_init(&defaults);
        opt = &defaults;
    }
    *out = NULL;
    adx_error_t rc = ADX_OK;
    adx_dataset_t *ds = NULL;
    double **cols = NULL;
    size_t ncol = 0, cap = 0, nrow = 0;
    tok_t t = {buf, buf + len, 0, 1, NULL, 0, name, ctx};
    char dec = opt->decimal ? opt->decimal : '.';

    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        t.p += 3;
    const char *body = t.p;
    /* A NUL byte would silently cut names and text cells short (C strings): the
     * input is binary or UTF-16, not a CSV file. */
    const char *nul = memchr(buf, 0, len);
    if (nul) {
        size_t line = 1;
        const char *ls = buf;
        for (const char *q = buf; q < nul; q++)
            if (*q == '\n') {
                line++;
                ls = q + 1;
            }
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s:%zu: byte %zu of the line is a NUL byte; this is not a text CSV "
                     "file (UTF-16 or binary?); save it as UTF-8 CSV",
                     name, line, (size_t)(nul - ls) + 1);
        goto cleanup;
    }
    skip_blank(&t);
    if (t.p >= t.end) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file is empty; it needs a header row and data",
                     name);
        goto cleanup;
    }
    t.sep = opt->sep ? opt->sep : detect_sep(t.p, t.end);
    if (t.sep == dec) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: the separator and the decimal mark are both '%c'; use --sep or "
                     "--decimal to tell them apart",
                     name, dec);
        goto cleanup;
    }

    /* Header. */
    if (!(ds = adx_dataset_alloc(0, name))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t header_line = t.line;
    for (int last = 0; !last;) {
        const char *fs, *fe;
        if ((rc = next_field(&t, &fs, &fe, &last, ds->nvars + 1)))
            goto cleanup;
        trim_span(&fs, &fe);
        if (fs == fe) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column %zu: empty name in the header row; give every "
                         "column a name",
                         name, header_line, ds->nvars + 1);
            goto cleanup;
        }
        char *nm = span_dup(fs, fe);
        if (!nm) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        if (adx_dataset_find(ds, nm) >= 0) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column %zu: duplicate column name '%s'; rename one of them",
                         name, header_line, ds->nvars + 1, nm);
            free(nm);
            goto cleanup;
        }
        adx_variable_t *v = adx__dataset_append(ds, nm);
        free(nm);
        if (!v) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    ncol = ds->nvars;

    /* Size the columns once: the number of line breaks bounds the row count. */
    cap = 1;
    for (const char *q = t.p; (q = memchr(q, '\n', (size_t)(t.end - q))) != NULL; q++)
        cap++;
    if (!(cols = calloc(ncol, sizeof *cols))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < ncol; j++)
        if (!(cols[j] = malloc(cap * sizeof(double)))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }

    const char *data_start = NULL;
    size_t data_line = 0;
    for (;;) {
        skip_blank(&t);
        if (t.p >= t.end)
            break;
        if (!data_start) {
            data_start = t.p;
            data_line = t.line;
        }
        if (nrow == cap) {
            size_t ncap = cap * 2;
            for (size_t j = 0; j < ncol; j++) {
                double *c = realloc(cols[j], ncap * sizeof(double));
                if (!c) {
                    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                    goto cleanup;
                }
                cols[j] = c;
            }
            cap = ncap;
        }
        size_t line = t.line;
        size_t j = 0;
        for (int last = 0; !last; j++) {
            const char *fs, *fe;
            double x;
            if (j < ncol && ds->vars[j].type == ADX_VAR_NUMERIC &&
                fast_number(&t.p, t.end, t.sep, dec, &x)) {
                cols[j][nrow] = (opt->n_na_codes && is_na_code(opt, x)) ? NAN : x;
                if (t.p < t.end && *t.p == t.sep) {
                    t.p++;
                    continue;
                }
                last = 1;
                if (t.p < t.end && *t.p == '\r')
                    t.p++;
                if (t.p < t.end && *t.p == '\n')
                    t.p++;
                t.line++;
                continue;
            }
            if ((rc = next_field(&t, &fs, &fe, &last, j + 1)))
                goto cleanup;
            if (j >= ncol) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %zu: more fields than the %zu columns of the "
                             "header; check for an unquoted separator in a text cell",
                             name, line, j + 1, ncol);
                goto cleanup;
            }
            adx_variable_t *v = &ds->vars[j];
            if (v->type == ADX_VAR_STRING) {
                cols[j][nrow] = NAN;
            } else if (parse_cell(fs, fe, dec, &x)) {
                cols[j][nrow] = (opt->n_na_codes && is_na_code(opt, x)) ? NAN : x;
            } else {
                v->type = ADX_VAR_STRING;
                v->bad_line = line;
                v->bad_col = j + 1;
                trim_span(&fs, &fe);
                if (fe - fs > 40)
                    fe = fs + 40;
                if (!(v->bad_text = span_dup(fs, fe))) {
                    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                    goto cleanup;
                }
            }
        }
        if (j < ncol) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column %zu: row has %zu fields but the header has %zu; add "
                         "the missing separators (empty cells are allowed)",
                         name, line, j + 1, j, ncol);
            goto cleanup;
        }
        nrow++;
    }
    if (nrow == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file has a header but no data rows", name);
        goto cleanup;
    }
    ds->nrows = nrow;

    /* Second pass for string columns. */
    int any_string = 0;
    for (size_t j = 0; j < ncol; j++) {
        adx_variable_t *v = &ds->vars[j];
        if (v->type == ADX_VAR_STRING) {
            any_string = 1;
            free(cols[j]);
            cols[j] = NULL;
            if (!(v->str = calloc(nrow, sizeof(char *)))) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
        } else {
            double *c = realloc(cols[j], nrow * sizeof(double));
            v->num = c ? c : cols[j];
            cols[j] = NULL;
            if (opt->n_na_codes &&
                !(v->missing_codes = malloc(opt->n_na_codes * sizeof(double)))) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
            if (opt->n_na_codes) {
                memcpy(v->missing_codes, opt->na_codes, opt->n_na_codes * sizeof(double));
                v->n_missing_codes = opt->n_na_codes;
            }
        }
    }
    if (any_string) {
        t.p = data_start;
        t.line = data_line;
        for (size_t i = 0; i < nrow; i++) {
            skip_blank(&t);
            for (size_t j = 0, last = 0; !last; j++) {
                const char *fs, *fe;
                int l;
                if ((rc = next_field(&t, &fs, &fe, &l, j + 1)))
                    goto cleanup;
                last = (size_t)l;
                adx_variable_t *v = &ds->vars[j];
                if (v->type != ADX_VAR_STRING)
                    continue;
                trim_span(&fs, &fe);
                if (fs == fe)
                    continue;
                if (!(v->str[i] = span_dup(fs, fe))) {
                    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                    goto cleanup;
                }
            }
        }
    }
    (void)body;
    *out = ds;
    ds = NULL;

cleanup:
    if (cols) {
        for (size_t j = 0; j < ncol; j++)
            free(cols[j]);
        free(cols);
    }
    free(t.scratch);
    adx_dataset_free(ds);
    return rc;
}

adx_error_t adx_read_csv(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                         adx_errctx_t *ctx)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return adx_err(ctx, ADX_EIO, "%s: cannot open: %s; check the path", path,
                       strerror(errno));
    adx_error_t rc = ADX_OK;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot seek: not a regular file", path);
        goto cleanup;
    }
    long sz = ftell(f);
    if (sz < 0) {
        rc = adx_err(ctx, ADX_EIO, "%s: cannot tell the file size", path);
        goto cleanup;
    }
    rewind(f);
    if (!(buf = malloc((size_t)sz + 1))) {
        rc = adx_err(ctx, ADX_ENOMEM, "%s: out of memory reading %ld bytes", path, sz);
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
        rc = adx_err(ctx, ADX_EIO, "%s: read error", path);
        goto cleanup;
    }
    buf[sz] = 0;
    rc = adx_read_csv_buffer(buf, (size_t)sz, path, o, out, ctx);
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

/* ---- Row cursor (csv_priv.h) ------------------------------------------------------ */

int adx__csv_parse_number(const char *s, const char *e, char dec, double *out)
{
    return parse_cell(s, e, dec, out);
}

struct adx__csv_cursor {
    FILE *fp;
    char *path;
    const adx_read_options_t *ro;
    char sep, dec;
    long long pos, end, data_off; /* next unread byte; end of the range (-1: none) */
    size_t line, rec_line;        /* next physical line; first line of the record */
    char *rec, *lbuf, *cells, *scratch;
    size_t rlen, rcap, lcap, clen, ccap, scap;
    size_t *off, nf, ofcap;
    char **names;
    size_t ncols;
};

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    char *b = realloc(*buf, nc);
    if (!b)
        return -1;
    *buf = b;
    *cap = nc;
    return 0;
}

/* Whether record text [s, s + n) ends inside a quoted field (qstate_feed below). */
static int ends_in_quote(const char *s, size_t n, char sep);

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Appends the next physical line to the record; 0 at the end of the file, or of the
 * range unless the line continues a record (cont). */
static adx_error_t read_line(adx__csv_cursor_t *c, int *got, int cont, adx_errctx_t *ctx)
{
    *got = 0;
    if (!cont && c->end >= 0 && c->pos >= c->end)
        return ADX_OK;
    ssize_t len = getline(&c->lbuf, &c->lcap, c->fp);
    if (len < 0)
        return ferror(c->fp) ? adx_err(ctx, ADX_EIO, "%s: read error", c->path) : ADX_OK;
    if (grow(&c->rec, &c->rcap, c->rlen + (size_t)len + 1))
        return adx_oom(ctx);
    memcpy(c->rec + c->rlen, c->lbuf, (size_t)len);
    c->rlen += (size_t)len;
    c->rec[c->rlen] = 0;
    c->pos += len;
    c->line++;
    *got = 1;
    return ADX_OK;
}

/* The next non-blank record into c->rec, a quoted field continuing over lines. */
static adx_error_t read_record(adx__csv_cursor_t *c, int *got, adx_errctx_t *ctx)
{
    adx_error_t rc;
    do {
        c->rlen = 0;
        c->rec_line = c->line;
        if ((rc = read_line(c, got, 0, ctx)) || !*got)
            return rc;
    } while (blank_line(c->rec, c->rlen));
    int more = 1;
    while (more && ends_in_quote(c->rec, c->rlen, c->sep))
        if ((rc = read_line(c, &more, 1, ctx)))
            return rc;
    return ADX_OK;
}

/* Splits c->rec into unquoted, NUL-terminated fields. */
static adx_error_t split_record(adx__csv_cursor_t *c, adx_errctx_t *ctx)
{
    tok_t t = {c->rec, c->rec + c->rlen, c->sep, c->rec_line, c->scratch, c->scap, c->path, ctx};
    adx_error_t rc = ADX_OK;
    c->nf = c->clen = 0;
    for (int last = 0; !last;) {
        const char *fs, *fe;
        if ((rc = next_field(&t, &fs, &fe, &last, c->nf + 1)))
            break;
        size_t len = (size_t)(fe - fs);
        if (c->nf == c->ofcap) {
            size_t ncap = c->ofcap ? 2 * c->ofcap : 64;
            size_t *o = realloc(c->off, ncap * sizeof *o);
            if (!o) {
                rc = adx_oom(ctx);
                break;
            }
            c->off = o;
            c->ofcap = ncap;
        }
        if (grow(&c->cells, &c->ccap, c->clen + len + 1)) {
            rc = adx_oom(ctx);
            break;
        }
        memcpy(c->cells + c->clen, fs, len);
        c->cells[c->clen + len] = 0;
        c->off[c->nf++] = c->clen;
        c->clen += len + 1;
    }
    c->scratch = t.scratch;
    c->scap = t.scap;
    return rc;
}

void adx__csv_close(adx__csv_cursor_t *c)
{
    if (!c)
        return;
    if (c->fp)
        fclose(c->fp);
    free(c->path);
    free(c->rec);
    free(c->lbuf);
    free(c->cells);
    free(c->scratch);
    free(c->off);
    adx__free_strings(c->names, c->ncols);
    free(c);
}

static adx_error_t cursor_new(const char *path, const adx_read_options_t *ro, long long start,
                              long long end, size_t line, adx__csv_cursor_t **out,
                              adx_errctx_t *ctx)
{
    adx__csv_cursor_t *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->path = adx__strdup(path))) {
        free(c);
        return adx_oom(ctx);
    }
    c->ro = ro;
    c->dec = ro && ro->decimal ? ro->decimal : '.';
    c->pos = start;
    c->end = end;
    c->line = line;
    if (!(c->fp = fopen(path, "rb"))) {
        adx__csv_close(c);
        return adx_err(ctx, ADX_EIO, "%s: cannot open: %s; check the path", path,
                       strerror(errno));
    }
    if (start > 0 && fseeko(c->fp, (off_t)start, SEEK_SET) != 0) {
        adx__csv_close(c);
        return adx_err(ctx, ADX_EIO, "%s: cannot seek in the file", path);
    }
    *out = c;
    return ADX_OK;
}

adx_error_t adx__csv_open(const char *path, const adx_read_options_t *ro,
                          adx__csv_cursor_t **out, adx_errctx_t *ctx)
{
    adx__csv_cursor_t *c = NULL;
    adx_error_t rc = cursor_new(path, ro, 0, -1, 1, &c, ctx);
    int got = 0;
    *out = NULL;
    if (rc)
        return rc;
    c->sep = '\n'; /* no separator while the header is read as one line */
    if ((rc = read_record(c, &got, ctx)))
        goto cleanup;
    if (!got) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file is empty", path);
        goto cleanup;
    }
    if (c->rlen >= 3 && !memcmp(c->rec, "\xEF\xBB\xBF", 3)) {
        memmove(c->rec, c->rec + 3, c->rlen - 2);
        c->rlen -= 3;
    }
    c->sep = ro && ro->sep ? ro->sep : detect_sep(c->rec, c->rec + c->rlen);
    if (c->sep == c->dec) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: the separator and the decimal mark are both '%c'; use --sep or "
                     "--decimal to tell them apart",
                     path, c->dec);
        goto cleanup;
    }
    /* A quoted header name may hold a line break: complete the record. */
    int more = 1;
    while (more && ends_in_quote(c->rec, c->rlen, c->sep))
        if ((rc = read_line(c, &more, 1, ctx)))
            goto cleanup;
    if ((rc = split_record(c, ctx)))
        goto cleanup;
    if (!(c->names = calloc(c->nf, sizeof *c->names))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    c->ncols = c->nf;
    for (size_t j = 0; j < c->nf; j++) {
        const char *fs = c->cells + c->off[j], *fe = fs + strlen(fs);
        trim_span(&fs, &fe);
        if (!(c->names[j] = span_dup(fs, fe))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
    }
    c->data_off = c->pos;
    *out = c;
    c = NULL;
cleanup:
    adx__csv_close(c);
    return rc;
}

adx_error_t adx__csv_open_range(const adx__csv_cursor_t *hdr, long long start, long long end,
                                size_t line, adx__csv_cursor_t **out, adx_errctx_t *ctx)
{
    adx_error_t rc = cursor_new(hdr->path, hdr->ro, start, end, line, out, ctx);
    if (!rc) {
        (*out)->sep = hdr->sep;
        (*out)->data_off = hdr->data_off;
    }
    return rc;
}

size_t adx__csv_ncols(const adx__csv_cursor_t *c) { return c->ncols; }

const char *adx__csv_name(const adx__csv_cursor_t *c, size_t j) { return c->names[j]; }

long long adx__csv_data_offset(const adx__csv_cursor_t *c) { return c->data_off; }

adx_error_t adx__csv_next(adx__csv_cursor_t *c, int *got, adx_errctx_t *ctx)
{
    adx_error_t rc = read_record(c, got, ctx);
    if (!rc && *got)
        rc = split_record(c, ctx);
    return rc;
}

size_t adx__csv_nfields(const adx__csv_cursor_t *c) { return c->nf; }

size_t adx__csv_line(const adx__csv_cursor_t *c) { return c->rec_line; }

const char *adx__csv_field(const adx__csv_cursor_t *c, size_t j) { return c->cells + c->off[j]; }

int adx__csv_number(const adx__csv_cursor_t *c, size_t j, double *x)
{
    const char *s = c->cells + c->off[j];
    if (!parse_cell(s, s + strlen(s), c->dec, x))
        return 0;
    if (c->ro && c->ro->n_na_codes && is_na_code(c->ro, *x))
        *x = NAN;
    return 1;
}

/* Quote state of a scan over CSV text: a quote opens a field only at its start; a
 * quote inside a quoted field closes it unless the next byte is a quote too. */
typedef struct {
    int inq, pend, start;
} qstate_t;

/* Feeds one byte; returns 1 when it ends a record (a line break outside quotes). */
static int qstate_feed(qstate_t *q, char ch, char sep)
{
    if (q->pend) {
        q->pend = 0;
        if (ch == '"') {
            q->inq = 1;
            return 0;
        }
    } else if (q->inq) {
        if (ch == '"') {
            q->inq = 0;
            q->pend = 1;
        }
        return 0;
    } else if (q->start && ch == '"') {
        q->inq = 1;
        q->start = 0;
        return 0;
    }
    q->start = ch == sep || ch == '\n';
    return ch == '\n';
}

adx_error_t adx__csv_split(const adx__csv_cursor_t *hdr, size_t nch, long long *bound,
                           size_t *line, adx_errctx_t *ctx)
{
    FILE *fp = fopen(hdr->path, "rb");
    if (!fp || fseeko(fp, 0, SEEK_END) != 0) {
        if (fp)
            fclose(fp);
        return adx_err(ctx, ADX_EIO, "%s: cannot read the file again", hdr->path);
    }
    long long size = (long long)ftello(fp), hend = hdr->data_off, body = size - hend;
    rewind(fp);
    qstate_t q = {0, 0, 1};
    size_t nl = 0, c = 1;
    long long pos = 0, step = body / (long long)nch;
    char buf[1 << 16];
    size_t got;
    bound[0] = hend;
    line[0] = hdr->line;
    while (c < nch && hend + (long long)c * step <= hend)
        bound[c] = hend, line[c++] = hdr->line;
    while (c < nch && (got = fread(buf, 1, sizeof buf, fp)) > 0) {
        for (size_t i = 0; i < got && c < nch; i++) {
            long long at = pos + (long long)i;
            nl += buf[i] == '\n';
            if (at < hend || !qstate_feed(&q, buf[i], hdr->sep))
                continue;
            while (c < nch && at + 1 >= hend + (long long)c * step)
                bound[c] = at + 1, line[c++] = nl + 1;
        }
        pos += (long long)got;
    }
    int bad = ferror(fp);
    fclose(fp);
    for (; c < nch; c++)
        bound[c] = size, line[c] = nl + 1;
    bound[nch] = size;
    return bad ? adx_err(ctx, ADX_EIO, "%s: read error", hdr->path) : ADX_OK;
}

static int ends_in_quote(const char *s, size_t n, char sep)
{
    qstate_t q = {0, 0, 1};
    for (size_t i = 0; i < n; i++)
        qstate_feed(&q, s[i], sep);
    return q.inq;
}
