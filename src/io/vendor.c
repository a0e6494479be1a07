/* Survey tools' exports read as delivered (issue 16 part B), behind adx_read_csv:
 *
 * Qualtrics ("Export data > CSV", the layout since 2017): row 1 the export tags
 * (StartDate, EndDate, Status, IPAddress, Progress, Duration (in seconds), Finished,
 * RecordedDate, ResponseId, ..., Q1, Q2_1), row 2 the question texts ("Start Date",
 * ..., "How many employees ...", "Rate ... - Speed"), row 3 one JSON object per column
 * ({"ImportId":"startDate","timeZone":"Europe/London"}, {"ImportId":"QID2_1"}), then
 * one row per response. Row 1 gives the names, row 2 the variable labels; rows 2 and 3
 * are not data (error lines still count them). The time zone of the date columns goes
 * into their labels.
 *
 * LimeSurvey ("Export results > CSV"): the header starts with the response ID column
 * ("id" with question-code headings, "id. Response ID" with "question code & question
 * text" headings, whose "CODE. text" names are split into the name CODE and the label).
 *
 * Both: a text column whose every cell is a date-time (2024-03-05 14:22:10) becomes a
 * number, seconds since 1970-01-01 in the clock time written (durations are
 * differences, comparisons work with date("...")); an empty cell stays missing.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "../data/dataset_priv.h"
#include "csv_priv.h"

typedef struct {
    char **f;
    size_t n, cap;
} record_t;

static void record_free(record_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i]);
    free(r->f);
    r->f = NULL;
    r->n = r->cap = 0;
}

static int record_push(record_t *r, adx__sb_t *b)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        char **f = realloc(r->f, cap * sizeof *f);
        if (!f)
            return -1;
        r->f = f;
        r->cap = cap;
    }
    char *s = adx__sb_take(b);
    if (!s && !(s = adx__strdup("")))
        return -1;
    r->f[r->n++] = s;
    return 0;
}

/* One record of a header row at *pp (quotes may hold separators and line breaks).
 * Returns 0, or -1 when out of memory or the text ends inside quotes. */
static int header_record(const char **pp, const char *end, char sep, record_t *r)
{
    const char *p = *pp;
    adx__sb_t b = {0};
    int inq = 0;
    for (; p < end; p++) {
        char c = *p;
        if (inq) {
            if (c == '"' && p + 1 < end && p[1] == '"')
                adx__sb_char(&b, *p++);
            else if (c == '"')
                inq = 0;
            else
                adx__sb_char(&b, c);
        } else if (c == '"') {
            inq = 1;
        } else if (c == sep || c == '\n') {
            if (record_push(r, &b))
                break;
            if (c == '\n') {
                *pp = p + 1;
                return 0;
            }
        } else if (c != '\r') {
            adx__sb_char(&b, c);
        }
    }
    int bad = inq || p < end || record_push(r, &b);
    *pp = p;
    adx__sb_free(&b);
    return bad ? -1 : 0;
}

/* Each text column whose cells are all date-times (and not all empty) as seconds. */
static adx_error_t datetime_columns(adx_dataset_t *ds, adx_errctx_t *ctx)
{
    for (size_t j = 0; j < ds->nvars; j++)
        if (ds->vars[j].type == ADX_VAR_STRING &&
            adx__variable_datetime(&ds->vars[j], ds->nrows) < 0)
            return adx_oom(ctx);
    return ADX_OK;
}

/* A label: the text, with the time zone of an ImportId object when it has one. */
static adx_error_t set_label(adx_variable_t *v, const char *text, const char *import_id,
                             adx_errctx_t *ctx)
{
    const char *tz = import_id ? strstr(import_id, "\"timeZone\":\"") : NULL;
    if ((!text || !*text || !strcmp(text, v->name)) && !tz)
        return ADX_OK;
    adx__sb_t b = {0};
    adx__sb_str(&b, text && *text ? text : v->name);
    if (tz) {
        tz += 12;
        const char *e = strchr(tz, '"');
        adx__sb_printf(&b, " (time zone %.*s)", e ? (int)(e - tz) : 0, tz);
    }
    free(v->label);
    v->label = adx__sb_take(&b);
    return v->label ? ADX_OK : adx_oom(ctx);
}

static adx_error_t read_qualtrics(const char *buf, size_t len, const char *name,
                                  const adx_read_options_t *opt, const record_t *text,
                                  const record_t *ids, adx_dataset_t **out, adx_errctx_t *ctx)
{
    adx_error_t rc = adx__csv_read_skip(buf, len, name, opt, 2, out, ctx);
    if (rc)
        return rc;
    adx_dataset_t *ds = *out;
    for (size_t j = 0; !rc && j < ds->nvars; j++)
        rc = set_label(&ds->vars[j], j < text->n ? text->f[j] : NULL,
                       j < ids->n ? ids->f[j] : NULL, ctx);
    if (!rc)
        rc = datetime_columns(ds, ctx);
    return rc;
}

/* LimeSurvey's "CODE. question text" headings: name CODE, label the text. */
static adx_error_t read_limesurvey(const char *buf, size_t len, const char *name,
                                   const adx_read_options_t *opt, adx_dataset_t **out,
                                   adx_errctx_t *ctx)
{
    adx_error_t rc = adx__csv_read_skip(buf, len, name, opt, 0, out, ctx);
    adx_dataset_t *ds = *out;
    for (size_t j = 0; !rc && ds && j < ds->nvars; j++) {
        adx_variable_t *v = &ds->vars[j];
        char *dot = strstr(v->name, ". ");
        if (!dot || dot == v->name || memchr(v->name, ' ', (size_t)(dot - v->name)))
            continue;
        *dot = 0;
        if ((rc = set_label(v, dot + 2, NULL, ctx)))
            break;
        for (size_t k = 0; k < j; k++)
            if (!strcmp(ds->vars[k].name, v->name))
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:1: column %zu: question code '%s' is used twice; rename "
                             "one of them in LimeSurvey or export with full headings",
                             name, j + 1, v->name);
    }
    if (!rc)
        rc = datetime_columns(ds, ctx);
    if (rc) {
        adx_dataset_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Whether the first cell of a LimeSurvey header is its response ID column. */
static int limesurvey_header(const record_t *h)
{
    if (h->n < 2 || (strcmp(h->f[0], "id") && strcmp(h->f[0], "id. Response ID")))
        return 0;
    for (size_t j = 1; j < h->n && j < 8; j++)
        if (!strncmp(h->f[j], "submitdate", 10))
            return 1;
    return 0;
}

adx_error_t adx__vendor_read(const char *buf, size_t len, const char *name,
                             const adx_read_options_t *opt, adx_dataset_t **out,
                             adx_errctx_t *ctx)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        p += 3;
    char sep = opt && opt->sep ? opt->sep : adx__csv_detect_sep(p, end);
    record_t h[3] = {{0}};
    int got = 0;
    while (got < 3 && p < end && !header_record(&p, end, sep, &h[got]))
        got++;
    adx_error_t rc;
    if (got == 3 && h[2].n == h[0].n && !strncmp(h[2].f[0], "{\"ImportId\":", 12))
        rc = read_qualtrics(buf, len, name, opt, &h[1], &h[2], out, ctx);
    else if (got >= 1 && limesurvey_header(&h[0]))
        rc = read_limesurvey(buf, len, name, opt, out, ctx);
    else
        rc = adx__csv_read_skip(buf, len, name, opt, 0, out, ctx);
    for (int k = 0; k < 3; k++)
        record_free(&h[k]);
    if (rc && *out) {
        adx_dataset_free(*out);
        *out = NULL;
    }
    return rc;
}
