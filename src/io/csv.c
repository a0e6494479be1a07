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

/* Digits of a number: up to 19 significant ones go into the mantissa; further
 * integer digits scale by 10, further fraction digits are dropped (inexact unless 0). */
typedef struct {
    uint64_t mant;
    int ndig, exp10, any, exact;
} digits_t;

static inline const char *take_digits(const char *p, const char *e, int frac, digits_t *d)
{
    while (p < e && (unsigned)(*p - '0') < 10) {
        d->any = 1;
        if (d->ndig < 19) {
            d->mant = d->mant * 10 + (uint64_t)(*p - '0');
            if (d->mant)
                d->ndig++;
            d->exp10 -= frac;
        } else {
            d->exp10 += !frac;
            if (*p != '0')
                d->exact = 0;
        }
        p++;
    }
    return p;
}

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
    digits_t d = {0, 0, 0, 0, 1};
    p = take_digits(p, e, 0, &d);
    if (p < e && *p == dec)
        p = take_digits(p + 1, e, 1, &d);
    uint64_t mant = d.mant;
    int exp10 = d.exp10, any = d.any, exact = d.exact;
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
                    return adx_oom(t->ctx);
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

char adx__csv_detect_sep(const char *p, const char *end)
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

/* State of one adx_read_csv_buffer call. */
typedef struct {
    tok_t t;
    const adx_read_options_t *opt;
    char dec;
    adx_dataset_t *ds;
    double **cols;         /* numeric values per column, cap rows each */
    size_t ncol, cap, nrow;
    const char *data_start;
    size_t data_line;
} reader_t;

/* A NUL byte would silently cut names and text cells short (C strings): the input is
 * binary or UTF-16, not a CSV file. */
static adx_error_t nul_error(const char *name, size_t line, size_t byte, adx_errctx_t *ctx)
{
    return adx_err(ctx, ADX_EPARSE,
                   "%s:%zu: byte %zu of the line is a NUL byte; this is not a text CSV "
                   "file (UTF-16 or binary?); save it as UTF-8 CSV",
                   name, line, byte);
}

static adx_error_t check_text(const char *buf, size_t len, const char *name, adx_errctx_t *ctx)
{
    size_t line, byte;
    return adx__nul_at(buf, len, &line, &byte) ? nul_error(name, line, byte, ctx) : ADX_OK;
}

/* The message of an empty or repeated header name (both readers). */
static adx_error_t bad_name(const char *name, size_t line, size_t col, const char *nm,
                            adx_errctx_t *ctx)
{
    if (!*nm)
        return adx_err(ctx, ADX_EPARSE,
                       "%s:%zu: column %zu: empty name in the header row; give every "
                       "column a name",
                       name, line, col);
    return adx_err(ctx, ADX_EPARSE,
                   "%s:%zu: column %zu: duplicate column name '%s'; rename one of them", name,
                   line, col, nm);
}

/* The header row: one variable per column, named, no duplicates. */
static adx_error_t read_header(reader_t *r)
{
    tok_t *t = &r->t;
    adx_errctx_t *ctx = t->ctx;
    adx_dataset_t *ds = r->ds;
    size_t header_line = t->line;
    for (int last = 0; !last;) {
        const char *fs, *fe;
        adx_error_t rc = next_field(t, &fs, &fe, &last, ds->nvars + 1);
        if (rc)
            return rc;
        trim_span(&fs, &fe);
        if (fs == fe)
            return bad_name(t->name, header_line, ds->nvars + 1, "", ctx);
        char *nm = span_dup(fs, fe);
        if (!nm)
            return adx_oom(ctx);
        if (adx_dataset_find(ds, nm) >= 0) {
            rc = bad_name(t->name, header_line, ds->nvars + 1, nm, ctx);
            free(nm);
            return rc;
        }
        adx_variable_t *v = adx__dataset_append(ds, nm);
        free(nm);
        if (!v)
            return adx_oom(ctx);
    }
    r->ncol = ds->nvars;
    /* Size the columns once: the number of line breaks bounds the row count. */
    r->cap = 1;
    for (const char *q = t->p; (q = memchr(q, '\n', (size_t)(t->end - q))) != NULL; q++)
        r->cap++;
    if (!(r->cols = calloc(r->ncol, sizeof *r->cols)))
        return adx_oom(ctx);
    for (size_t j = 0; j < r->ncol; j++)
        if (!(r->cols[j] = malloc(r->cap * sizeof(double))))
            return adx_oom(ctx);
    return ADX_OK;
}

/* Doubles the room of every column. */
static adx_error_t grow_columns(reader_t *r)
{
    size_t ncap = r->cap * 2;
    for (size_t j = 0; j < r->ncol; j++) {
        double *c = realloc(r->cols[j], ncap * sizeof(double));
        if (!c)
            return adx_oom(r->t.ctx);
        r->cols[j] = c;
    }
    r->cap = ncap;
    return ADX_OK;
}

/* Column j of the current row is not a number: the column becomes text, and the first
 * such cell is kept for the message of a numeric analysis. */
static adx_error_t mark_text(reader_t *r, size_t j, size_t line, const char *fs, const char *fe)
{
    adx_variable_t *v = &r->ds->vars[j];
    v->type = ADX_VAR_STRING;
    v->bad_line = line;
    v->bad_col = j + 1;
    trim_span(&fs, &fe);
    if (fe - fs > 40)
        fe = fs + 40;
    return (v->bad_text = span_dup(fs, fe)) ? ADX_OK : adx_oom(r->t.ctx);
}

/* One data row: numbers by the fast path where possible, else by parse_cell. */
static adx_error_t read_row(reader_t *r)
{
    tok_t *t = &r->t;
    const adx_read_options_t *opt = r->opt;
    size_t line = t->line, j = 0, nrow = r->nrow;
    adx_error_t rc;
    for (int last = 0; !last; j++) {
        const char *fs, *fe;
        double x;
        if (j < r->ncol && r->ds->vars[j].type == ADX_VAR_NUMERIC &&
            fast_number(&t->p, t->end, t->sep, r->dec, &x)) {
            r->cols[j][nrow] = (opt->n_na_codes && is_na_code(opt, x)) ? NAN : x;
            if (t->p < t->end && *t->p == t->sep) {
                t->p++;
                continue;
            }
            last = 1;
            if (t->p < t->end && *t->p == '\r')
                t->p++;
            if (t->p < t->end && *t->p == '\n')
                t->p++;
            t->line++;
            continue;
        }
        if ((rc = next_field(t, &fs, &fe, &last, j + 1)))
            return rc;
        if (j >= r->ncol)
            return adx_err(t->ctx, ADX_EPARSE,
                           "%s:%zu: column %zu: more fields than the %zu columns of the "
                           "header; check for an unquoted separator in a text cell",
                           t->name, line, j + 1, r->ncol);
        if (r->ds->vars[j].type == ADX_VAR_STRING)
            r->cols[j][nrow] = NAN;
        else if (parse_cell(fs, fe, r->dec, &x))
            r->cols[j][nrow] = (opt->n_na_codes && is_na_code(opt, x)) ? NAN : x;
        else if ((rc = mark_text(r, j, line, fs, fe)))
            return rc;
    }
    if (j < r->ncol)
        return adx_err(t->ctx, ADX_EPARSE,
                       "%s:%zu: column %zu: row has %zu fields but the header has %zu; add "
                       "the missing separators (empty cells are allowed)",
                       t->name, line, j + 1, j, r->ncol);
    r->nrow++;
    return ADX_OK;
}

/* Skips the records after the header that are not data (a vendor's extra header rows). */
static adx_error_t skip_records(reader_t *r, size_t skip)
{
    adx_error_t rc = ADX_OK;
    const char *fs, *fe;
    for (int last = 0; !rc && skip; skip -= last)
        rc = next_field(&r->t, &fs, &fe, &last, 1);
    return rc;
}

static adx_error_t read_rows(reader_t *r)
{
    adx_error_t rc;
    for (;;) {
        skip_blank(&r->t);
        if (r->t.p >= r->t.end)
            break;
        if (!r->data_start) {
            r->data_start = r->t.p;
            r->data_line = r->t.line;
        }
        if (r->nrow == r->cap && (rc = grow_columns(r)))
            return rc;
        if ((rc = read_row(r)))
            return rc;
    }
    if (r->nrow == 0)
        return adx_err(r->t.ctx, ADX_EEMPTY, "%s: the file has a header but no data rows",
                       r->t.name);
    r->ds->nrows = r->nrow;
    return ADX_OK;
}

/* Numeric columns take their values (and the user-missing codes); text columns get
 * their strings in a second pass over the data rows. */
static adx_error_t finish_columns(reader_t *r)
{
    adx_dataset_t *ds = r->ds;
    const adx_read_options_t *opt = r->opt;
    adx_errctx_t *ctx = r->t.ctx;
    size_t nrow = r->nrow;
    int any_string = 0;
    for (size_t j = 0; j < r->ncol; j++) {
        adx_variable_t *v = &ds->vars[j];
        if (v->type == ADX_VAR_STRING) {
            any_string = 1;
            free(r->cols[j]);
            r->cols[j] = NULL;
            if (!(v->str = calloc(nrow, sizeof(char *))))
                return adx_oom(ctx);
            continue;
        }
        double *c = realloc(r->cols[j], nrow * sizeof(double));
        v->num = c ? c : r->cols[j];
        r->cols[j] = NULL;
        if (opt->n_na_codes) {
            if (!(v->missing_codes = malloc(opt->n_na_codes * sizeof(double))))
                return adx_oom(ctx);
            memcpy(v->missing_codes, opt->na_codes, opt->n_na_codes * sizeof(double));
            v->n_missing_codes = opt->n_na_codes;
        }
    }
    if (!any_string)
        return ADX_OK;
    tok_t *t = &r->t;
    t->p = r->data_start;
    t->line = r->data_line;
    for (size_t i = 0; i < nrow; i++) {
        skip_blank(t);
        for (size_t j = 0, last = 0; !last; j++) {
            const char *fs, *fe;
            int l;
            adx_error_t rc = next_field(t, &fs, &fe, &l, j + 1);
            if (rc)
                return rc;
            last = (size_t)l;
            adx_variable_t *v = &ds->vars[j];
            if (v->type != ADX_VAR_STRING)
                continue;
            trim_span(&fs, &fe);
            if (fs != fe && !(v->str[i] = span_dup(fs, fe)))
                return adx_oom(ctx);
        }
    }
    return ADX_OK;
}

adx_error_t adx_read_csv_buffer(const char *buf, size_t len, const char *name,
                                const adx_read_options_t *opt, adx_dataset_t **out,
                                adx_errctx_t *ctx)
{
    return adx__vendor_read(buf, len, name, opt, out, ctx);
}

adx_error_t adx__csv_read_skip(const char *buf, size_t len, const char *name,
                               const adx_read_options_t *opt, size_t skip,
                               adx_dataset_t **out, adx_errctx_t *ctx)
{
    adx_read_options_t defaults;
    opt = ADX__OPTIONS(opt, defaults, adx_read_options_init);
    *out = NULL;
    reader_t r = {{buf, buf + len, 0, 1, NULL, 0, name, ctx}, opt, 0, NULL, NULL, 0, 0, 0,
                  NULL, 0};
    r.dec = opt->decimal ? opt->decimal : '.';
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        r.t.p += 3;
    adx_error_t rc = check_text(buf, len, name, ctx);
    if (rc)
        goto cleanup;
    skip_blank(&r.t);
    if (r.t.p >= r.t.end) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file is empty; it needs a header row and data",
                     name);
        goto cleanup;
    }
    r.t.sep = opt->sep ? opt->sep : adx__csv_detect_sep(r.t.p, r.t.end);
    if (r.t.sep == r.dec) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: the separator and the decimal mark are both '%c'; use --sep or "
                     "--decimal to tell them apart",
                     name, r.dec);
        goto cleanup;
    }
    if (!(r.ds = adx_dataset_alloc(0, name))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (!(rc = read_header(&r)) && !(rc = skip_records(&r, skip)) && !(rc = read_rows(&r)) &&
        !(rc = finish_columns(&r))) {
        *out = r.ds;
        r.ds = NULL;
    }
cleanup:
    for (size_t j = 0; r.cols && j < r.ncol; j++)
        free(r.cols[j]);
    free(r.cols);
    free(r.t.scratch);
    adx_dataset_free(r.ds);
    return rc;
}

adx_error_t adx_read_csv(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                         adx_errctx_t *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    adx_error_t rc = adx__slurp(path, ADX__CAP_DATA, "data file", &buf, &len, ctx);
    if (!rc)
        rc = adx_read_csv_buffer(buf, len, path, o, out, ctx);
    free(buf);
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
    const char *nul = memchr(c->lbuf, 0, (size_t)len);
    if (nul)
        return nul_error(c->path, c->line, (size_t)(nul - c->lbuf) + 1, ctx);
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
    ADX__FREE(c->path, c->rec, c->lbuf, c->cells, c->scratch, c->off);
    adx__free_strings(c->names, c->ncols);
    free(c);
}

static adx_error_t cursor_new(const char *path, const adx_read_options_t *ro, long long start,
                              long long end, size_t line, adx__csv_cursor_t **out,
                              adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = adx__regular_file(path, "data file", ctx);
    if (rc)
        return rc;
    adx__csv_cursor_t *c = calloc(1, sizeof *c);
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
    c->sep = ro && ro->sep ? ro->sep : adx__csv_detect_sep(c->rec, c->rec + c->rlen);
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
    adx__strmap_t seen = {0};
    for (size_t j = 0; !rc && j < c->nf; j++) {
        const char *fs = c->cells + c->off[j], *fe = fs + strlen(fs);
        trim_span(&fs, &fe);
        int put = (c->names[j] = span_dup(fs, fe)) ? adx__strmap_put(&seen, c->names[j], j) : -1;
        if (put < 0)
            rc = adx_oom(ctx);
        else if (put || !*c->names[j])
            rc = bad_name(path, c->rec_line, j + 1, c->names[j], ctx);
    }
    adx__strmap_free(&seen);
    if (rc)
        goto cleanup;
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
