/* The survey export: one row per response, the bookkeeping columns, the answers under
 * their XLSForm names and each page's submit time; as CSV, or as SPSS .sav through
 * ReadStat's writer with variable labels (question texts) and value labels (choices). */
#include <ctype.h>
#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_data.h"
#include "../data/dataset_priv.h"
#include "survey_db.h"

typedef struct {
    char *name;
    const char *label;     /* question text (borrowed from the form), or NULL */
    const adx__sq_t *q;    /* the question, or NULL */
    int numeric;
} xcol_t;

typedef struct {
    xcol_t *cols;
    size_t ncols, nrows;
    char ***cell;          /* [nrows][ncols], NULL = missing */
    sqlite3_int64 *ids;
} xtab_t;

enum { C_TOKEN, C_WAVE, C_LANG, C_STARTED, C_SUBMITTED, C_DURATION, C_DISP, C_ATTN, C_FIXED };
static const char *fixed[C_FIXED] = {"token", "wave", "lang", "started", "submitted",
                                     "duration_s", "disposition", "attention_failures"};

static void xtab_free(xtab_t *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->cell[r])
            adx__free_strings(t->cell[r], t->ncols);
    for (size_t j = 0; j < t->ncols; j++)
        free(t->cols[j].name);
    ADX__FREE(t->cols, t->cell, t->ids);
}

/* 1 when every choice of q's list has a numeric name (a Likert scale). */
static int numeric_list(const adx_sform_t *f, const adx__sq_t *q)
{
    int any = 0;
    for (size_t c = 0; c < f->nch; c++) {
        if (strcmp(f->ch[c].list, q->list))
            continue;
        char *e;
        strtod(f->ch[c].name, &e);
        if (*e || e == f->ch[c].name)
            return 0;
        any = 1;
    }
    return any;
}

static int add_col(xtab_t *t, const char *name, const adx__sq_t *q, const char *label, int num)
{
    xcol_t *c = &t->cols[t->ncols];
    if (!(c->name = adx__strdup(name)))
        return -1;
    c->q = q;
    c->label = label;
    c->numeric = num;
    t->ncols++;
    return 0;
}

static int columns(xtab_t *t, const adx_sform_t *f)
{
    if (!(t->cols = calloc(C_FIXED + f->nq + f->npages, sizeof *t->cols)))
        return -1;
    for (int j = 0; j < C_FIXED; j++)
        if (add_col(t, fixed[j], NULL, NULL, j == C_WAVE || j == C_DURATION || j == C_ATTN))
            return -1;
    for (size_t i = 0; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->type == SQ_NOTE || q->type == SQ_BEGIN_GROUP || q->type == SQ_END_GROUP)
            continue;
        int num = q->type == SQ_INTEGER || q->type == SQ_DECIMAL ||
                  (q->type == SQ_SELECT_ONE && numeric_list(f, q));
        const char *lab = adx__sform_text(f, q->label, f->deflang);
        if (add_col(t, q->name, q, *lab ? lab : NULL, num))
            return -1;
    }
    for (size_t p = 0; p < f->npages; p++) {
        char nm[300];
        snprintf(nm, sizeof nm, "t_%s", f->q[f->pages[p].group].name);
        if (add_col(t, nm, NULL, "page submitted (UTC)", 0))
            return -1;
    }
    return 0;
}

static int set(xtab_t *t, size_t r, size_t j, const unsigned char *v)
{
    if (!v)
        return 0;
    free(t->cell[r][j]);
    return (t->cell[r][j] = adx__strdup((const char *)v)) ? 0 : -1;
}

static int row_of(const xtab_t *t, sqlite3_int64 id, size_t *r)
{
    size_t lo = 0, hi = t->nrows;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (t->ids[m] < id)
            lo = m + 1;
        else
            hi = m;
    }
    *r = lo;
    return lo < t->nrows && t->ids[lo] == id;
}

static int responses(sqlite3 *db, const adx_sform_t *f, xtab_t *t)
{
    sqlite3_stmt *st = adx__sdb_prep(
        db, "SELECT id, token, wave, lang, started, submitted, status, attention_failures, "
            "round((julianday(submitted) - julianday(started)) * 86400, 3) FROM responses "
            "ORDER BY id", 0, NULL);
    size_t cap = 0;
    int rc = st ? SQLITE_OK : SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->nrows == cap) {
            size_t c2 = cap;
            if (adx__grow(&t->cell, &cap, sizeof *t->cell, 256) ||
                adx__grow(&t->ids, &c2, sizeof *t->ids, 256))
                break;
        }
        size_t r = t->nrows;
        if (!(t->cell[r] = calloc(t->ncols, sizeof **t->cell)))
            break;
        t->nrows++;
        t->ids[r] = sqlite3_column_int64(st, 0);
        const char *status = (const char *)sqlite3_column_text(st, 6);
        int fails = sqlite3_column_int(st, 7);
        sqlite3_int64 lang = sqlite3_column_int64(st, 3);
        const char *disp = strcmp(status, "complete") ? status
                           : fails ? "attention_failed" : "complete";
        const unsigned char *lname =
            (const unsigned char *)(lang >= 0 && (size_t)lang < f->nlang ? f->langs[lang] : "");
        if (set(t, r, C_TOKEN, sqlite3_column_text(st, 1)) ||
            set(t, r, C_WAVE, sqlite3_column_text(st, 2)) || set(t, r, C_LANG, lname) ||
            set(t, r, C_STARTED, sqlite3_column_text(st, 4)) ||
            set(t, r, C_SUBMITTED, sqlite3_column_text(st, 5)) ||
            set(t, r, C_DURATION, sqlite3_column_text(st, 8)) ||
            set(t, r, C_DISP, (const unsigned char *)disp) ||
            set(t, r, C_ATTN, sqlite3_column_text(st, 7)))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Answers and page times into their columns. */
static int fill(sqlite3 *db, const adx_sform_t *f, xtab_t *t)
{
    sqlite3_stmt *st = adx__sdb_prep(db, "SELECT response, name, value FROM answers", 0, NULL);
    int rc = st ? SQLITE_OK : SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t r, j = C_FIXED;
        const char *name = (const char *)sqlite3_column_text(st, 1);
        while (j < t->ncols && (!t->cols[j].q || strcmp(t->cols[j].name, name)))
            j++;
        if (row_of(t, sqlite3_column_int64(st, 0), &r) && j < t->ncols &&
            set(t, r, j, sqlite3_column_text(st, 2)))
            break;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    size_t t0 = t->ncols - f->npages;
    st = adx__sdb_prep(db, "SELECT response, page, submitted FROM page_times", 0, NULL);
    rc = st ? SQLITE_OK : SQLITE_ERROR;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t r;
        sqlite3_int64 p = sqlite3_column_int64(st, 1);
        if (row_of(t, sqlite3_column_int64(st, 0), &r) && p >= 0 && (size_t)p < f->npages &&
            set(t, r, t0 + (size_t)p, sqlite3_column_text(st, 2)))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static adx_error_t build(sqlite3 *db, const adx_sform_t *f, xtab_t *t, adx_errctx_t *ctx)
{
    memset(t, 0, sizeof *t);
    if (columns(t, f))
        return adx_oom(ctx);
    /* one snapshot of the database for all three queries */
    adx__sdb_exec(db, "BEGIN");
    int bad = responses(db, f, t) || fill(db, f, t);
    adx__sdb_exec(db, "COMMIT");
    if (bad)
        return adx_err(ctx, ADX_EIO, "cannot read the survey database: %s", sqlite3_errmsg(db));
    return ADX_OK;
}

/* guard: prefix text answers that a spreadsheet would run as a formula (files only). */
static adx_error_t to_csv(const xtab_t *t, int guard, char **buf, size_t *len,
                          adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    for (size_t j = 0; j < t->ncols; j++) {
        if (j)
            adx__sb_char(&b, ',');
        adx__sb_csv(&b, t->cols[j].name);
    }
    adx__sb_char(&b, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t j = 0; j < t->ncols; j++) {
            if (j)
                adx__sb_char(&b, ',');
            const char *v = t->cell[r][j];
            /* a typed answer that a spreadsheet would run as a formula is prefixed with ' */
            if (guard && v && *v && t->cols[j].q && t->cols[j].q->type == SQ_TEXT &&
                strchr("=+-@", *v)) {
                char *e;
                strtod(v, &e);
                if (*e)
                    adx__sb_char(&b, '\'');
            }
            adx__sb_csv(&b, v ? v : "");
        }
        adx__sb_char(&b, '\n');
    }
    *len = b.len;
    if (!(*buf = adx__sb_take(&b)))
        return adx_oom(ctx);
    return ADX_OK;
}

adx_error_t adx__survey_csv(sqlite3 *db, const adx_sform_t *f, char **buf, size_t *len,
                            adx_errctx_t *ctx)
{
    xtab_t t;
    adx_error_t rc = build(db, f, &t, ctx);
    if (!rc)
        rc = to_csv(&t, 1, buf, len, ctx);
    xtab_free(&t);
    return rc;
}

/* ---- .sav ---------------------------------------------------------------------------- */

static ssize_t sav_write(const void *data, size_t len, void *ud)
{
    adx__sb_t *b = ud;
    adx__sb_put(b, data, len);
    return b->oom ? -1 : (ssize_t)len;
}

/* A valid SPSS name from an XLSForm name. */
static void sav_name(const char *in, char *out, size_t n)
{
    snprintf(out, n, "%s", in);
    for (char *p = out; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
            *p = '_';
}

static readstat_variable_t *sav_var(readstat_writer_t *w, const adx_sform_t *f, const xtab_t *t,
                                    size_t j)
{
    const xcol_t *c = &t->cols[j];
    char nm[65];
    sav_name(c->name, nm, sizeof nm);
    size_t width = 1;
    for (size_t r = 0; r < t->nrows; r++)
        if (t->cell[r][j] && strlen(t->cell[r][j]) > width)
            width = strlen(t->cell[r][j]);
    readstat_variable_t *v = readstat_add_variable(
        w, nm, c->numeric ? READSTAT_TYPE_DOUBLE : READSTAT_TYPE_STRING, c->numeric ? 0 : width);
    if (c->label)
        readstat_variable_set_label(v, c->label);
    if (c->numeric && c->q && c->q->type == SQ_SELECT_ONE) {
        readstat_label_set_t *ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, nm);
        for (size_t k = 0; k < f->nch; k++)
            if (!strcmp(f->ch[k].list, c->q->list))
                readstat_label_double_value(ls, strtod(f->ch[k].name, NULL),
                                            adx__sform_text(f, f->ch[k].label, f->deflang));
        readstat_variable_set_label_set(v, ls);
        readstat_variable_set_measure(v, READSTAT_MEASURE_ORDINAL);
    }
    return v;
}

static adx_error_t to_sav(const adx_sform_t *f, const xtab_t *t, adx__sb_t *b, adx_errctx_t *ctx)
{
    readstat_writer_t *w = readstat_writer_init();
    readstat_variable_t **vars = calloc(t->ncols, sizeof *vars);
    readstat_error_t e = w && vars ? READSTAT_OK : READSTAT_ERROR_MALLOC;
    if (!e)
        e = readstat_set_data_writer(w, sav_write);
    for (size_t j = 0; !e && j < t->ncols; j++)
        vars[j] = sav_var(w, f, t, j);
    if (!e)
        e = readstat_begin_writing_sav(w, b, (long)t->nrows);
    for (size_t r = 0; !e && r < t->nrows; r++) {
        e = readstat_begin_row(w);
        for (size_t j = 0; !e && j < t->ncols; j++) {
            const char *v = t->cell[r][j];
            if (!v)
                e = readstat_insert_missing_value(w, vars[j]);
            else if (t->cols[j].numeric)
                e = readstat_insert_double_value(w, vars[j], strtod(v, NULL));
            else
                e = readstat_insert_string_value(w, vars[j], v);
        }
        if (!e)
            e = readstat_end_row(w);
    }
    if (!e)
        e = readstat_end_writing(w);
    free(vars);
    readstat_writer_free(w);
    if (e || b->oom)
        return adx_err(ctx, ADX_EIO, "cannot write the .sav file: %s",
                       b->oom ? "out of memory" : readstat_error_message(e));
    return ADX_OK;
}

/* The database and the form it was served with (form NULL: the one recorded). */
static adx_error_t open_with_form(const char *path, const char *form, sqlite3 **db,
                                  adx_sform_t **f, adx_errctx_t *ctx)
{
    char *fdir = NULL;
    adx_error_t rc = adx__sdb_open(path, 1, db, ctx);
    if (!rc && !form) {
        fdir = adx__sdb_value(*db, "SELECT value FROM meta WHERE key = 'form'", 0, NULL);
        if (!(form = fdir))
            rc = adx_err(ctx, ADX_EUSAGE, "%s: no form recorded (serve records it); give "
                                          "--form FOLDER", path);
    }
    if (!rc)
        rc = adx_sform_load(form, f, ctx);
    free(fdir);
    return rc;
}

/* The database, its form and the table of responses; unload() frees them. */
static adx_error_t load(const char *path, const char *form, sqlite3 **db, adx_sform_t **f,
                        xtab_t *t, adx_errctx_t *ctx)
{
    memset(t, 0, sizeof *t);
    adx_error_t rc = open_with_form(path, form, db, f, ctx);
    return rc ? rc : build(*db, *f, t, ctx);
}

static void unload(sqlite3 *db, adx_sform_t *f, xtab_t *t, char *buf)
{
    xtab_free(t);
    adx_sform_free(f);
    free(buf);
    sqlite3_close(db);
}

/* Labels of the dataset read from the export text: question texts, choice labels of
 * numeric single choices; the times as seconds since 1970 (UTC). */
static adx_error_t label_dataset(const adx_sform_t *f, const xtab_t *t, adx_dataset_t *ds,
                                 adx_errctx_t *ctx)
{
    for (size_t j = 0; j < t->ncols && j < ds->nvars; j++) {
        adx_variable_t *v = &ds->vars[j];
        const xcol_t *c = &t->cols[j];
        if (j == C_STARTED || j == C_SUBMITTED || (!c->q && !strncmp(c->name, "t_", 2)))
            if (adx__variable_datetime(v, ds->nrows) < 0)
                return adx_oom(ctx);
        if (c->label && !(v->label = adx__strdup(c->label)))
            return adx_oom(ctx);
        if (!c->numeric || !c->q || c->q->type != SQ_SELECT_ONE || v->type != ADX_VAR_NUMERIC)
            continue;
        for (size_t k = 0; k < f->nch; k++) {
            if (strcmp(f->ch[k].list, c->q->list))
                continue;
            adx_value_label_t *nl = realloc(v->vlabels, (v->n_vlabels + 1) * sizeof *nl);
            if (!nl)
                return adx_oom(ctx);
            v->vlabels = nl;
            nl[v->n_vlabels] = (adx_value_label_t){strtod(f->ch[k].name, NULL), NULL,
                adx__strdup(adx__sform_text(f, f->ch[k].label, f->deflang))};
            if (!nl[v->n_vlabels++].label)
                return adx_oom(ctx);
        }
    }
    return ADX_OK;
}

adx_error_t adx_survey_read(const char *path, const char *form, adx_dataset_t **out,
                            adx_errctx_t *ctx)
{
    sqlite3 *db = NULL;
    adx_sform_t *f = NULL;
    char *buf = NULL;
    size_t len = 0;
    xtab_t t;
    *out = NULL;
    adx_error_t rc = load(path, form, &db, &f, &t, ctx);
    if (!rc && t.nrows == 0)
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the survey has no responses yet", path);
    if (!rc)
        rc = to_csv(&t, 0, &buf, &len, ctx);
    if (!rc)
        rc = adx_read_csv_buffer(buf, len, path, NULL, out, ctx);
    if (!rc)
        rc = label_dataset(f, &t, *out, ctx);
    if (rc && *out) {
        adx_dataset_free(*out);
        *out = NULL;
    }
    unload(db, f, &t, buf);
    return rc;
}

adx_error_t adx_survey_export(const char *path, const char *form, const char *out,
                              adx_errctx_t *ctx)
{
    sqlite3 *db = NULL;
    adx_sform_t *f = NULL;
    char *buf = NULL;
    size_t len = 0, n = strlen(out);
    xtab_t t;
    adx_error_t rc = load(path, form, &db, &f, &t, ctx);
    if (!rc && n > 4 && !strcmp(out + n - 4, ".sav")) {
        adx__sb_t b = {0};
        rc = to_sav(f, &t, &b, ctx);
        len = b.len;
        buf = adx__sb_take(&b);
    } else if (!rc)
        rc = to_csv(&t, 1, &buf, &len, ctx);
    if (!rc)
        rc = adx_write_atomic(out, buf, len, ctx);
    unload(db, f, &t, buf);
    return rc;
}
