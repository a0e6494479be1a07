/* SPSS, Stata and SAS files through ReadStat. User-missing values become NaN; their
 * definitions, variable labels and value labels are kept on the variables. */
#include <math.h>
#include <readstat.h>
#include <stdlib.h>
#include <string.h>

#include "../data/dataset_priv.h"
#include "csv_priv.h"
#include "ambidex/adx_data.h"

typedef struct {
    char *set;
    int is_string;
    double value;
    char *svalue;
    char *label;
} pending_label_t;

typedef struct {
    adx_dataset_t *ds;
    size_t rowcap;
    char **setnames;          /* label-set name of each variable */
    size_t nsetnames;
    pending_label_t *labels;
    size_t nlabels, labcap;
    const adx_read_options_t *opt;
    int oom;
    int is_dta;
    size_t setname_max; /* longest label-set name the format allows; 0 = no limit */
} rs_ctx_t;

/* Copies a label-set name of at most max bytes (max 0: no limit). ReadStat 1.1.8
 * hands Stata label-set names straight from a fixed-width field, without a
 * terminating NUL when the field is full, so strlen() would read past it. */
static char *setname_dup(const char *s, size_t max)
{
    size_t n = max ? strnlen(s, max) : strlen(s);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static int grow_rows(rs_ctx_t *c, size_t need)
{
    if (need <= c->rowcap)
        return 0;
    size_t cap = c->rowcap ? c->rowcap : 256;
    while (cap < need)
        cap *= 2;
    for (size_t j = 0; j < c->ds->nvars; j++) {
        adx_variable_t *v = &c->ds->vars[j];
        if (v->type == ADX_VAR_NUMERIC) {
            double *p = realloc(v->num, cap * sizeof *p);
            if (!p)
                return -1;
            for (size_t i = c->rowcap; i < cap; i++)
                p[i] = NAN;
            v->num = p;
        } else {
            char **p = realloc(v->str, cap * sizeof *p);
            if (!p)
                return -1;
            memset(p + c->rowcap, 0, (cap - c->rowcap) * sizeof *p);
            v->str = p;
        }
    }
    c->rowcap = cap;
    return 0;
}

static int on_metadata(readstat_metadata_t *md, void *vc)
{
    /* The row count in the header is not trusted (hostile input): rows grow as
     * values arrive. */
    rs_ctx_t *c = vc;
    if (c->is_dta) {
        /* Stata label-set name fields: 9 bytes before format 110, 33 up to 117,
         * 129 from 118 (each including room for a NUL that may be missing). */
        int v = readstat_get_file_format_version(md);
        c->setname_max = v >= 118 ? 128 : v >= 110 ? 32 : 8;
    }
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *var, const char *val_labels, void *vc)
{
    rs_ctx_t *c = vc;
    (void)index;
    adx_variable_t *v = adx__dataset_append(c->ds, readstat_variable_get_name(var));
    if (!v)
        goto oom;
    const char *lab = readstat_variable_get_label(var);
    if (lab && *lab && !(v->label = adx__strdup(lab)))
        goto oom;
    v->type = readstat_variable_get_type_class(var) == READSTAT_TYPE_CLASS_STRING
                  ? ADX_VAR_STRING
                  : ADX_VAR_NUMERIC;
    if (v->type == ADX_VAR_NUMERIC) {
        int nr = readstat_variable_get_missing_ranges_count(var);
        for (int i = 0; i < nr; i++) {
            double lo = readstat_double_value(readstat_variable_get_missing_range_lo(var, i));
            double hi = readstat_double_value(readstat_variable_get_missing_range_hi(var, i));
            if (lo == hi) {
                double *p = realloc(v->missing_codes, (v->n_missing_codes + 1) * sizeof *p);
                if (!p)
                    goto oom;
                v->missing_codes = p;
                p[v->n_missing_codes++] = lo;
            } else {
                double *a = realloc(v->missing_lo, (v->n_missing_ranges + 1) * sizeof *a);
                if (!a)
                    goto oom;
                v->missing_lo = a;
                double *b = realloc(v->missing_hi, (v->n_missing_ranges + 1) * sizeof *b);
                if (!b)
                    goto oom;
                v->missing_hi = b;
                a[v->n_missing_ranges] = lo;
                b[v->n_missing_ranges++] = hi;
            }
        }
    }
    char **s = realloc(c->setnames, c->ds->nvars * sizeof *s);
    if (!s)
        goto oom;
    c->setnames = s;
    s[c->ds->nvars - 1] = NULL;
    c->nsetnames = c->ds->nvars;
    if (val_labels && *val_labels &&
        !(s[c->ds->nvars - 1] = setname_dup(val_labels, c->setname_max)))
        goto oom;
    /* Give the new variable storage for the rows allocated so far. */
    if (c->rowcap) {
        size_t cap = c->rowcap;
        c->rowcap = 0;
        adx_variable_t *nv = &c->ds->vars[c->ds->nvars - 1];
        if (nv->type == ADX_VAR_NUMERIC) {
            if (!(nv->num = malloc(cap * sizeof(double))))
                goto oom;
            for (size_t i = 0; i < cap; i++)
                nv->num[i] = NAN;
        } else if (!(nv->str = calloc(cap, sizeof(char *)))) {
            goto oom;
        }
        c->rowcap = cap;
    }
    return READSTAT_HANDLER_OK;
oom:
    c->oom = 1;
    return READSTAT_HANDLER_ABORT;
}

static int on_value(int obs, readstat_variable_t *var, readstat_value_t value, void *vc)
{
    rs_ctx_t *c = vc;
    size_t j = (size_t)readstat_variable_get_index(var);
    if (obs < 0 || j >= c->ds->nvars)
        return READSTAT_HANDLER_OK;
    if (grow_rows(c, (size_t)obs + 1)) {
        c->oom = 1;
        return READSTAT_HANDLER_ABORT;
    }
    if ((size_t)obs + 1 > c->ds->nrows)
        c->ds->nrows = (size_t)obs + 1;
    adx_variable_t *v = &c->ds->vars[j];
    int missing = readstat_value_is_system_missing(value) ||
                  readstat_value_is_tagged_missing(value) ||
                  readstat_value_is_defined_missing(value, var);
    if (v->type == ADX_VAR_STRING) {
        const char *s = missing ? NULL : readstat_string_value(value);
        size_t len = s ? strlen(s) : 0;
        while (len && s[len - 1] == ' ') /* fixed-width strings are blank-padded */
            len--;
        if (len) {
            if (!(v->str[obs] = malloc(len + 1))) {
                c->oom = 1;
                return READSTAT_HANDLER_ABORT;
            }
            memcpy(v->str[obs], s, len);
            v->str[obs][len] = 0;
        }
    } else {
        double x = missing ? NAN : readstat_double_value(value);
        for (size_t i = 0; i < c->opt->n_na_codes && !isnan(x); i++)
            if (x == c->opt->na_codes[i])
                x = NAN;
        v->num[obs] = x;
    }
    return READSTAT_HANDLER_OK;
}

static int on_value_label(const char *set, readstat_value_t value, const char *label, void *vc)
{
    rs_ctx_t *c = vc;
    if (c->nlabels == c->labcap && adx__grow(&c->labels, &c->labcap, sizeof *c->labels, 32))
        goto oom;
    pending_label_t *l = &c->labels[c->nlabels];
    memset(l, 0, sizeof *l);
    l->is_string = readstat_value_type(value) == READSTAT_TYPE_STRING;
    if (l->is_string) {
        if (!(l->svalue = adx__strdup(readstat_string_value(value))))
            goto oom;
    } else {
        l->value = readstat_double_value(value);
    }
    l->set = setname_dup(set, c->setname_max);
    l->label = adx__strdup(label);
    c->nlabels++;
    if (!l->set || !l->label)
        goto oom;
    return READSTAT_HANDLER_OK;
oom:
    c->oom = 1;
    return READSTAT_HANDLER_ABORT;
}

/* In-memory I/O for ReadStat, used for SPSS portable files. */
typedef struct {
    unsigned char *buf;
    size_t len, pos;
} mem_io_t;

static int mem_open(const char *path, void *io)
{
    (void)path;
    ((mem_io_t *)io)->pos = 0;
    return 0;
}

static int mem_close(void *io)
{
    (void)io;
    return 0;
}

static readstat_off_t mem_seek(readstat_off_t off, readstat_io_flags_t whence, void *vio)
{
    mem_io_t *io = vio;
    readstat_off_t base = whence == READSTAT_SEEK_SET   ? 0
                          : whence == READSTAT_SEEK_CUR ? (readstat_off_t)io->pos
                                                        : (readstat_off_t)io->len;
    readstat_off_t np = base + off;
    if (np < 0 || (size_t)np > io->len)
        return -1;
    io->pos = (size_t)np;
    return np;
}

static ssize_t mem_read(void *buf, size_t n, void *vio)
{
    mem_io_t *io = vio;
    size_t left = io->len - io->pos;
    if (n > left)
        n = left;
    memcpy(buf, io->buf + io->pos, n);
    io->pos += n;
    return (ssize_t)n;
}

static readstat_error_t mem_update(long size, readstat_progress_handler h, void *user, void *io)
{
    (void)size;
    (void)h;
    (void)user;
    (void)io;
    return READSTAT_OK;
}

/* SPSS portable files start with a 200-byte vendor header and a 256-byte
 * character translation table (positions counted without line breaks). Some
 * writers (GNU PSPP 1.6) list a character twice, e.g. the digits again at the
 * superscript-digit positions; ReadStat's reverse map then decodes '8' as a
 * superscript and fails. Repeated entries are reset to the filler '0' so that
 * every character maps to its first, canonical position. */
static void repair_por_table(unsigned char *buf, size_t len)
{
    size_t pos[200 + 256 + 8], k = 0;
    for (size_t i = 0; i < len && k < sizeof pos / sizeof *pos; i++)
        if (buf[i] != '\r' && buf[i] != '\n')
            pos[k++] = i;
    if (k < sizeof pos / sizeof *pos)
        return;
    static const char magic[] = "SPSSPORT";
    for (size_t i = 0; i < 8; i++)
        if (buf[pos[456 + i]] != (unsigned char)magic[i])
            return;
    unsigned char seen[256] = {0};
    for (size_t i = 0; i < 256; i++) {
        unsigned char c = buf[pos[200 + i]];
        if (seen[c] && c != '0')
            buf[pos[200 + i]] = '0';
        seen[c] = 1;
    }
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    if (b > a)
        return 0;
    for (size_t i = 0; i < b; i++) {
        char x = s[a - b + i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != suf[i])
            return 0;
    }
    return 1;
}

/* Attaches the value labels read (by label set) to their variables. */
static adx_error_t attach_labels(rs_ctx_t *c, adx_errctx_t *ctx)
{
    for (size_t j = 0; j < c->ds->nvars; j++) {
        adx_variable_t *v = &c->ds->vars[j];
        const char *set = j < c->nsetnames ? c->setnames[j] : NULL;
        if (!set)
            continue;
        size_t nl = 0;
        for (size_t i = 0; i < c->nlabels; i++)
            nl += strcmp(c->labels[i].set, set) == 0;
        if (!nl)
            continue;
        if (!(v->vlabels = calloc(nl, sizeof *v->vlabels)))
            return adx_oom(ctx);
        for (size_t i = 0; i < c->nlabels; i++) {
            pending_label_t *l = &c->labels[i];
            if (strcmp(l->set, set) != 0)
                continue;
            adx_value_label_t *vl = &v->vlabels[v->n_vlabels++];
            vl->value = l->value;
            vl->svalue = adx__strdup(l->svalue);
            vl->label = adx__strdup(l->label);
            if (!vl->label || (l->svalue && !vl->svalue))
                return adx_oom(ctx);
        }
    }
    return ADX_OK;
}

adx_error_t adx_read_stat(const char *path, const adx_read_options_t *opt, adx_dataset_t **out,
                          adx_errctx_t *ctx)
{
    adx_read_options_t defaults;
    opt = ADX__OPTIONS(opt, defaults, adx_read_options_init);
    *out = NULL;
    adx_error_t rc = adx__regular_file(path, "data file", ctx);
    if (rc)
        return rc;
    rs_ctx_t c = {0};
    c.opt = opt;
    c.is_dta = ends_with(path, ".dta");
    readstat_parser_t *parser = NULL;
    if (!(c.ds = adx_dataset_alloc(0, path)) || !(parser = readstat_parser_init())) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    readstat_set_metadata_handler(parser, on_metadata);
    readstat_set_variable_handler(parser, on_variable);
    readstat_set_value_handler(parser, on_value);
    readstat_set_value_label_handler(parser, on_value_label);
    readstat_error_t e;
    mem_io_t mem = {NULL, 0, 0};
    if (ends_with(path, ".sav") || ends_with(path, ".zsav")) {
        e = readstat_parse_sav(parser, path, &c);
    } else if (ends_with(path, ".por")) {
        char *buf = NULL;
        if ((rc = adx__slurp(path, ADX__CAP_DATA, "SPSS portable file", &buf, &mem.len, ctx)))
            goto cleanup;
        mem.buf = (unsigned char *)buf;
        repair_por_table(mem.buf, mem.len);
        readstat_set_open_handler(parser, mem_open);
        readstat_set_close_handler(parser, mem_close);
        readstat_set_seek_handler(parser, mem_seek);
        readstat_set_read_handler(parser, mem_read);
        readstat_set_update_handler(parser, mem_update);
        readstat_set_io_ctx(parser, &mem);
        e = readstat_parse_por(parser, path, &c);
        free(mem.buf);
    }
    else if (ends_with(path, ".dta"))
        e = readstat_parse_dta(parser, path, &c);
    else if (ends_with(path, ".sas7bdat"))
        e = readstat_parse_sas7bdat(parser, path, &c);
    else {
        rc = adx_err(ctx, ADX_EUNSUPPORTED,
                     "%s: unknown file type; use .csv, .tsv, .sav, .zsav, .por, .dta or "
                     ".sas7bdat",
                     path);
        goto cleanup;
    }
    if (c.oom) {
        rc = adx_err(ctx, ADX_ENOMEM, "%s: out of memory", path);
        goto cleanup;
    }
    if (e != READSTAT_OK) {
        rc = adx_err(ctx, e == READSTAT_ERROR_OPEN ? ADX_EIO : ADX_EPARSE,
                     "%s: cannot read: %s; check that the file is a valid data file", path,
                     readstat_error_message(e));
        goto cleanup;
    }
    if (c.ds->nrows == 0 || c.ds->nvars == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the file holds no cases", path);
        goto cleanup;
    }
    /* Attach the value labels to their variables. */
    if ((rc = attach_labels(&c, ctx)))
        goto cleanup;
    *out = c.ds;
    c.ds = NULL;
cleanup:
    if (parser)
        readstat_parser_free(parser);
    for (size_t i = 0; i < c.nsetnames; i++)
        free(c.setnames[i]);
    free(c.setnames);
    for (size_t i = 0; i < c.nlabels; i++) {
        ADX__FREE(c.labels[i].set, c.labels[i].svalue, c.labels[i].label);
    }
    free(c.labels);
    if (c.ds) {
        /* Rows beyond nrows were allocated but free() does not care. */
        adx_dataset_free(c.ds);
    }
    return rc;
}

adx_error_t adx_read_file(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                          adx_errctx_t *ctx)
{
    if (ends_with(path, ".sav") || ends_with(path, ".zsav") || ends_with(path, ".por") ||
        ends_with(path, ".dta") || ends_with(path, ".sas7bdat"))
        return adx_read_stat(path, o, out, ctx);
    if (ends_with(path, ".sps"))
        return adx__read_sps(path, o, out, ctx);
    return adx_read_csv(path, o, out, ctx);
}
