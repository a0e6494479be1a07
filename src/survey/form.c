/* Loading and checking an XLSForm questionnaire from a folder of CSV sheets
 * (survey.csv, choices.csv, settings.csv; docs/survey.md). Every problem is reported
 * as "FILE:ROW: column NAME: what is wrong; the fix"; adx_sform_check collects them
 * all, adx_sform_load stops at the first. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../io/csv_priv.h"
#include "survey_priv.h"

typedef adx__sheet_t sheet_t;

/* The problems found so far. */
typedef struct {
    char **msgs;
    size_t n, cap;
    int oom;
} issues_t;

#define MAXLANG 16

static void sheet_free(sheet_t *s)
{
    for (size_t r = 0; r < s->nrows; r++)
        adx__free_strings(s->cells[r], s->ncols);
    adx__free_strings(s->names, s->ncols);
    ADX__FREE(s->cells, s->lines, s->path);
    memset(s, 0, sizeof *s);
}

static adx_error_t sheet_row(sheet_t *s, adx__csv_cursor_t *cur, size_t *cap, adx_errctx_t *ctx)
{
    if (s->nrows == *cap) {
        size_t lcap = *cap;
        if (adx__grow(&s->lines, &lcap, sizeof *s->lines, 64) ||
            adx__grow(&s->cells, cap, sizeof *s->cells, 64))
            return adx_oom(ctx);
    }
    char **row = calloc(s->ncols ? s->ncols : 1, sizeof *row);
    if (!row)
        return adx_oom(ctx);
    size_t nf = adx__csv_nfields(cur);
    for (size_t j = 0; j < s->ncols; j++) {
        char *v = adx__strdup(j < nf ? adx__csv_field(cur, j) : "");
        if (!v) {
            adx__free_strings(row, s->ncols);
            return adx_oom(ctx);
        }
        char *t = adx__trim(v);
        row[j] = memmove(v, t, strlen(t) + 1);
    }
    s->cells[s->nrows] = row;
    s->lines[s->nrows++] = adx__csv_line(cur);
    return ADX_OK;
}

/* Reads dir/name; a missing optional sheet is an empty sheet. */
static adx_error_t sheet_read(const char *dir, const char *name, int optional, sheet_t *s,
                              adx_errctx_t *ctx)
{
    memset(s, 0, sizeof *s);
    size_t n = strlen(dir) + strlen(name) + 2;
    if (!(s->path = malloc(n)))
        return adx_oom(ctx);
    snprintf(s->path, n, "%s/%s", dir, name);
    size_t dl = strlen(dir);
    if (dl > 5 && !strcasecmp(dir + dl - 5, ".xlsx")) {
        int found = 0;
        s->path[strlen(s->path) - 4] = '\0'; /* FORM.xlsx/survey */
        adx_error_t rc = adx__xlsx_sheet(dir, s->path + dl + 1, s, &found, ctx);
        if (!rc && !found && !optional)
            rc = adx_err(ctx, ADX_EPARSE, "%s: no sheet 'survey'; an XLSForm workbook has the "
                                          "sheets survey, choices and settings", dir);
        return rc;
    }
    struct stat st;
    if (stat(s->path, &st) != 0) {
        if (optional)
            return ADX_OK;
        return adx_err(ctx, ADX_EIO, "%s: no such file; a form folder holds survey.csv (and "
                                     "choices.csv, settings.csv)", s->path);
    }
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    ro.sep = ',';
    adx__csv_cursor_t *cur = NULL;
    adx_error_t rc = adx__csv_open(s->path, &ro, &cur, ctx);
    if (rc == ADX_EEMPTY && optional)
        return ADX_OK;
    if (rc)
        return rc;
    s->ncols = adx__csv_ncols(cur);
    if (!(s->names = calloc(s->ncols, sizeof *s->names)))
        rc = adx_oom(ctx);
    for (size_t j = 0; !rc && j < s->ncols; j++)
        if (!(s->names[j] = adx__strdup(adx__csv_name(cur, j))))
            rc = adx_oom(ctx);
    size_t cap = 0;
    for (int got = 1; !rc;) {
        if ((rc = adx__csv_next(cur, &got, ctx)) || !got)
            break;
        rc = sheet_row(s, cur, &cap, ctx);
    }
    adx__csv_close(cur);
    return rc;
}

/* Column index by exact name, or -1. */
static long col(const sheet_t *s, const char *name)
{
    for (size_t j = 0; j < s->ncols; j++)
        if (!strcmp(s->names[j], name))
            return (long)j;
    return -1;
}

static const char *cell(const sheet_t *s, size_t r, long j)
{
    return j >= 0 ? s->cells[r][j] : "";
}

static void issue(issues_t *is, const sheet_t *s, size_t line, const char *column,
                  const char *fmt, ...)
{
    adx__sb_t b = {0};
    adx__sb_printf(&b, "%s:%zu: column %s: ", s->path, line, column);
    va_list ap;
    va_start(ap, fmt);
    adx__sb_vprintf(&b, fmt, ap);
    va_end(ap);
    char *m = adx__sb_take(&b);
    if (!m || (is->n == is->cap && adx__grow(&is->msgs, &is->cap, sizeof *is->msgs, 16))) {
        free(m);
        is->oom = 1;
        return;
    }
    is->msgs[is->n++] = m;
}

/* ---- languages --------------------------------------------------------------- */

/* Adds the language of a "label::English (en)" style column to f. */
static int add_lang(adx_sform_t *f, const char *lang)
{
    char name[128], code[16] = "";
    snprintf(name, sizeof name, "%s", lang);
    char *p = strrchr(name, '(');
    if (p && p > name && strchr(p, ')')) {
        snprintf(code, sizeof code, "%.*s", (int)(strchr(p, ')') - p - 1), p + 1);
        *p = 0;
        adx__trim(name);
        size_t n = strlen(name);
        while (n && name[n - 1] == ' ')
            name[--n] = 0;
    }
    for (size_t i = 0; i < f->nlang; i++)
        if (!strcmp(f->langs[i], name))
            return 0;
    if (f->nlang == MAXLANG)
        return 0;
    if (!(f->langs[f->nlang] = adx__strdup(name)) || !(f->codes[f->nlang] = adx__strdup(code)))
        return -1;
    f->nlang++;
    return 0;
}

/* The languages of the form: every "X::LANG" column of survey.csv and choices.csv; a
 * plain label column is the language "" (alone, or "default" beside others). */
static int find_langs(adx_sform_t *f, const sheet_t *sv, const sheet_t *chs)
{
    f->langs = calloc(MAXLANG, sizeof *f->langs);
    f->codes = calloc(MAXLANG, sizeof *f->codes);
    if (!f->langs || !f->codes)
        return -1;
    const sheet_t *sh[2] = {sv, chs};
    for (int k = 0; k < 2; k++)
        for (size_t j = 0; j < sh[k]->ncols; j++) {
            const char *c = strstr(sh[k]->names[j], "::");
            if (c && add_lang(f, c + 2))
                return -1;
        }
    if (f->nlang == 0 || col(sv, "label") >= 0)
        if (add_lang(f, f->nlang ? "default" : ""))
            return -1;
    return 0;
}

/* The texts of a column family ("label", "label::X") per language. */
static char **texts(const adx_sform_t *f, const sheet_t *s, size_t r, const char *base)
{
    char **t = calloc(f->nlang, sizeof *t);
    if (!t)
        return NULL;
    for (size_t l = 0; l < f->nlang; l++) {
        long j = -1;
        if (!*f->langs[l] || !strcmp(f->langs[l], "default"))
            j = col(s, base);
        for (size_t c = 0; j < 0 && c < s->ncols; c++) {
            const char *p = strstr(s->names[c], "::");
            if (p && (size_t)(p - s->names[c]) == strlen(base) &&
                !strncmp(s->names[c], base, strlen(base)) &&
                !strncmp(p + 2, f->langs[l], strlen(f->langs[l])) &&
                (!p[2 + strlen(f->langs[l])] || p[2 + strlen(f->langs[l])] == ' '))
                j = (long)c;
        }
        const char *v = cell(s, r, j);
        if (*v && !(t[l] = adx__strdup(v))) {
            adx__free_strings(t, f->nlang);
            return NULL;
        }
    }
    return t;
}

static int has_text(const adx_sform_t *f, char *const *t)
{
    for (size_t l = 0; t && l < f->nlang; l++)
        if (t[l])
            return 1;
    return 0;
}

/* ---- survey rows ------------------------------------------------------------- */

static const struct {
    const char *name;
    adx__sqtype_t type;
} types[] = {{"select_one", SQ_SELECT_ONE},   {"select_multiple", SQ_SELECT_MULTIPLE},
             {"integer", SQ_INTEGER},         {"decimal", SQ_DECIMAL},
             {"text", SQ_TEXT},               {"note", SQ_NOTE},
             {"date", SQ_DATE},               {"calculate", SQ_CALCULATE},
             {"begin group", SQ_BEGIN_GROUP}, {"end group", SQ_END_GROUP},
             {"begin_group", SQ_BEGIN_GROUP}, {"end_group", SQ_END_GROUP}};
#define NTYPES (sizeof types / sizeof types[0])

/* Parses the type cell: type and list name (select_one LIST). 0, or -1 when unknown. */
static int parse_type(const char *t, adx__sqtype_t *type, char **list)
{
    *list = NULL;
    for (size_t i = 0; i < NTYPES; i++) {
        size_t n = strlen(types[i].name);
        if (strncmp(t, types[i].name, n) || (t[n] && t[n] != ' '))
            continue;
        *type = types[i].type;
        if (*type == SQ_SELECT_ONE || *type == SQ_SELECT_MULTIPLE) {
            const char *l = t + n;
            while (*l == ' ')
                l++;
            *list = adx__strdup(l);
        } else if (t[n])
            continue;
        return 0;
    }
    return -1;
}

static int valid_name(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_')
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

static int yesno(const char *v, int *out)
{
    if (!*v || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "No"))
        *out = 0;
    else if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "Yes") ||
             !strcmp(v, "true()"))
        *out = 1;
    else
        return -1;
    return 0;
}

static void unknown_type(issues_t *is, const sheet_t *s, size_t line, const char *t)
{
    adx_near_t near;
    adx_near_init(&near, t);
    for (size_t i = 0; i < NTYPES; i++)
        adx_near_add(&near, types[i].name);
    const char *best = adx_near_best(&near, 4);
    if (best)
        issue(is, s, line, "type", "unknown type '%s'; did you mean '%s'?", t, best);
    else
        issue(is, s, line, "type", "unknown type '%s'; use select_one LIST, select_multiple "
                                   "LIST, integer, decimal, text, note, date, calculate, begin "
                                   "group or end group", t);
}

/* First pass over survey.csv: types, names, labels, required, attention, default. */
static int survey_rows(adx_sform_t *f, const sheet_t *s, issues_t *is)
{
    long jt = col(s, "type"), jn = col(s, "name"), jr = col(s, "required");
    long ja = col(s, "attention"), jd = col(s, "default");
    if (jt < 0 || jn < 0) {
        issue(is, s, 1, jt < 0 ? "type" : "name", "missing; the first row of survey.csv names "
                                                  "the columns type, name, label, ...");
        return 0;
    }
    if (!(f->q = calloc(s->nrows ? s->nrows : 1, sizeof *f->q)))
        return -1;
    for (size_t r = 0; r < s->nrows; r++) {
        const char *t = cell(s, r, jt), *name = cell(s, r, jn);
        size_t line = s->lines[r];
        if (!*t && !*name)
            continue;
        adx__sq_t *q = &f->q[f->nq];
        q->row = line;
        q->grid = -1;
        if (parse_type(t, &q->type, &q->list)) {
            unknown_type(is, s, line, t);
            continue;
        }
        f->nq++;
        if (!(q->name = adx__strdup(name)) ||
            !(q->label = texts(f, s, r, "label")) || !(q->hint = texts(f, s, r, "hint")) ||
            !(q->cmsg = texts(f, s, r, "constraint_message")))
            return -1;
        if (q->type == SQ_END_GROUP)
            continue;
        if (!valid_name(name))
            issue(is, s, line, "name", "'%s' is not a valid name; start with a letter and use "
                                       "letters, digits, _ - or .", name);
        else if (adx__sform_find(f, name) != (long)(f->nq - 1))
            issue(is, s, line, "name", "'%s' is used twice; give every row its own name", name);
        if ((q->type == SQ_SELECT_ONE || q->type == SQ_SELECT_MULTIPLE) && !*q->list)
            issue(is, s, line, "type", "'%s' without a list name; write '%s LIST' with a "
                                       "list_name of choices.csv", t, t);
        if (q->type != SQ_CALCULATE && q->type != SQ_BEGIN_GROUP && !has_text(f, q->label))
            issue(is, s, line, "label", "'%s' has no label; write the question's text", name);
        if (yesno(cell(s, r, jr), &q->required))
            issue(is, s, line, "required", "'%s' is not yes or no", cell(s, r, jr));
        if (*cell(s, r, ja) && !(q->attention = adx__strdup(cell(s, r, ja))))
            return -1;
        if (*cell(s, r, jd) && !(q->deflt = adx__strdup(cell(s, r, jd))))
            return -1;
    }
    return 0;
}

/* Second pass: the expressions (every name is known now). */
static int survey_exprs(adx_sform_t *f, const sheet_t *s, issues_t *is)
{
    static const char *cols[] = {"relevant", "constraint", "screen", "calculation",
                                 "choice_filter"};
    long j[5];
    for (int k = 0; k < 5; k++)
        j[k] = col(s, cols[k]);
    size_t qi = 0;
    for (size_t r = 0; r < s->nrows && qi < f->nq; r++) {
        adx__sq_t *q = &f->q[qi];
        if (q->row != s->lines[r])
            continue;
        qi++;
        adx__sx_t **dst[5] = {&q->relevant, &q->constraint, &q->screen, &q->calc, &q->cfilter};
        for (int k = 0; k < 5; k++) {
            const char *v = cell(s, r, j[k]);
            if (!*v)
                continue;
            char err[256];
            if (!(*dst[k] = adx__sx_parse(v, f, k == 4, err, sizeof err)))
                issue(is, s, q->row, cols[k], "%s", err);
            else if (k == 0 && !(q->relevant_text = adx__strdup(v)))
                return -1;
        }
        if (q->type == SQ_CALCULATE && !q->calc && j[3] >= 0 && !*cell(s, r, j[3]))
            issue(is, s, q->row, "calculation", "calculate '%s' without a calculation; write "
                                                "the expression", q->name);
        if (q->type == SQ_CALCULATE && j[3] < 0)
            issue(is, s, q->row, "calculation", "missing; a calculate row needs this column");
    }
    return 0;
}

/* ---- choices and settings ---------------------------------------------------- */

static int choice_rows(adx_sform_t *f, const sheet_t *s, issues_t *is)
{
    if (!s->path || !s->ncols)
        return 0;
    long jl = col(s, "list_name"), jn = col(s, "name");
    if (jl < 0)
        jl = col(s, "list name");
    if (jl < 0 || jn < 0) {
        issue(is, s, 1, jl < 0 ? "list_name" : "name", "missing; choices.csv names the "
                                                         "columns list_name, name, label");
        return 0;
    }
    if (!(f->ch = calloc(s->nrows ? s->nrows : 1, sizeof *f->ch)))
        return -1;
    for (size_t r = 0; r < s->nrows; r++) {
        const char *l = cell(s, r, jl), *n = cell(s, r, jn);
        if (!*l && !*n)
            continue;
        if (!*n) {
            issue(is, s, s->lines[r], "name", "empty; give the choice the value to store");
            continue;
        }
        for (size_t i = 0; i < f->nch; i++)
            if (!strcmp(f->ch[i].list, l) && !strcmp(f->ch[i].name, n))
                issue(is, s, s->lines[r], "name", "'%s' appears twice in list '%s'", n, l);
        adx__sch_t *c = &f->ch[f->nch++];
        if (!(c->list = adx__strdup(l)) || !(c->name = adx__strdup(n)) ||
            !(c->label = texts(f, s, r, "label")) ||
            !(c->cnames = calloc(s->ncols, sizeof *c->cnames)) ||
            !(c->cvals = calloc(s->ncols, sizeof *c->cvals)))
            return -1;
        c->ncols = s->ncols;
        for (size_t k = 0; k < s->ncols; k++)
            if (!(c->cnames[k] = adx__strdup(s->names[k])) ||
                !(c->cvals[k] = adx__strdup(s->cells[r][k])))
                return -1;
        if (!has_text(f, c->label))
            issue(is, s, s->lines[r], "label", "choice '%s' of list '%s' has no label", n, l);
    }
    return 0;
}

static int settings(adx_sform_t *f, const sheet_t *s, issues_t *is)
{
    const char *keys[] = {"form_title", "form_id", "version"};
    char **dst[] = {&f->title, &f->id, &f->version};
    for (int k = 0; k < 3; k++) {
        long j = col(s, keys[k]);
        if (j >= 0 && s->nrows && !(*dst[k] = adx__strdup(s->cells[0][j])))
            return -1;
    }
    if (!s->nrows)
        return 0;
    long j = col(s, "default_language");
    if (j >= 0 && *s->cells[0][j]) {
        long l = adx__sform_lang(f, s->cells[0][j]);
        if (l < 0)
            issue(is, s, s->lines[0], "default_language", "'%s' is not a language of the "
                                                          "labels (label::LANGUAGE)",
                  s->cells[0][j]);
        else
            f->deflang = (size_t)l;
    }
    const char *flags[] = {"open_link", "user_agent"};
    int *fd[] = {&f->open_link, &f->user_agent};
    for (int k = 0; k < 2; k++)
        if ((j = col(s, flags[k])) >= 0 && yesno(s->cells[0][j], fd[k]))
            issue(is, s, s->lines[0], flags[k], "'%s' is not yes or no", s->cells[0][j]);
    return 0;
}

/* ---- structure: groups into pages, lists, attention ---------------------------- */

/* A table-list group: every question a select_one of one list. */
static void check_grid(adx_sform_t *f, const sheet_t *s, size_t g, issues_t *is)
{
    const char *list = NULL;
    for (size_t i = g + 1; i < f->nq && f->q[i].type != SQ_END_GROUP; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->type == SQ_NOTE || q->type == SQ_CALCULATE)
            continue;
        if (q->type != SQ_SELECT_ONE)
            issue(is, s, q->row, "type", "'%s' is in a table-list group; a grid holds "
                                         "select_one questions only", q->name);
        else if (list && strcmp(list, q->list))
            issue(is, s, q->row, "type", "'%s' uses list '%s' but its table-list group uses "
                                         "'%s'; a grid shares one list", q->name, q->list, list);
        else
            list = q->list;
    }
}

static int make_pages(adx_sform_t *f, const sheet_t *s, const long *app, issues_t *is)
{
    if (!(f->pages = calloc(f->nq ? f->nq : 1, sizeof *f->pages)))
        return -1;
    size_t depth = 0, page = 0;
    long grid = -1;
    for (size_t i = 0; i < f->nq; i++) {
        adx__sq_t *q = &f->q[i];
        int tl = app[i] > 0;
        if (q->type == SQ_BEGIN_GROUP) {
            if (depth == 0) {
                page = f->npages++;
                f->pages[page] = (adx__spage_t){i, q->relevant, q->label, tl};
            } else if (depth > 1)
                issue(is, s, q->row, "type", "groups nest two deep at most (a page and its "
                                             "grids)");
            if (tl) {
                grid = (long)i;
                check_grid(f, s, i, is);
            }
            depth++;
        } else if (q->type == SQ_END_GROUP) {
            if (depth == 0)
                issue(is, s, q->row, "type", "end group without a begin group");
            else
                depth--;
            grid = -1;
        } else if (q->type == SQ_CALCULATE) {
            q->page = (size_t)-1;
            continue;
        } else if (depth == 0) {
            page = f->npages++;
            f->pages[page] = (adx__spage_t){i, NULL, NULL, 0};
        }
        q->page = page;
        q->grid = q->type == SQ_BEGIN_GROUP || q->type == SQ_END_GROUP ? -1 : (int)grid;
    }
    if (depth)
        issue(is, s, s->nrows ? s->lines[s->nrows - 1] : 1, "type",
              "%zu begin group without its end group", depth);
    return 0;
}

/* Lists named by selects exist; attention answers and screen conditions fit. */
static void check_lists(adx_sform_t *f, const sheet_t *s, issues_t *is)
{
    for (size_t i = 0; i < f->nq; i++) {
        adx__sq_t *q = &f->q[i];
        if (q->list && *q->list) {
            size_t n = 0;
            for (size_t c = 0; c < f->nch; c++)
                n += !strcmp(f->ch[c].list, q->list);
            if (!n)
                issue(is, s, q->row, "type", "list '%s' is not in choices.csv; add its "
                                             "choices under list_name '%s'", q->list, q->list);
            else if (q->attention && q->type == SQ_SELECT_ONE &&
                     !adx__sform_has_choice(f, q, q->attention))
                issue(is, s, q->row, "attention", "'%s' is not a choice of list '%s'; give "
                                                  "the correct choice's name", q->attention,
                      q->list);
        }
        if ((q->screen || q->attention) &&
            (q->type == SQ_NOTE || q->type == SQ_BEGIN_GROUP || q->type == SQ_CALCULATE))
            issue(is, s, q->row, q->screen ? "screen" : "attention",
                  "only an answerable question can screen or check attention");
    }
}

void adx_sform_free(adx_sform_t *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nq; i++) {
        adx__sq_t *q = &f->q[i];
        adx__free_strings(q->label, f->nlang);
        adx__free_strings(q->hint, f->nlang);
        adx__free_strings(q->cmsg, f->nlang);
        adx__sx_t *x[] = {q->relevant, q->constraint, q->screen, q->calc, q->cfilter};
        for (int k = 0; k < 5; k++)
            adx__sx_free(x[k]);
        ADX__FREE(q->name, q->list, q->attention, q->deflt, q->relevant_text);
    }
    for (size_t i = 0; i < f->nch; i++) {
        adx__sch_t *c = &f->ch[i];
        adx__free_strings(c->label, f->nlang);
        adx__free_strings(c->cnames, c->ncols);
        adx__free_strings(c->cvals, c->ncols);
        ADX__FREE(c->list, c->name);
    }
    adx__free_strings(f->langs, f->nlang);
    adx__free_strings(f->codes, f->nlang);
    ADX__FREE(f->q, f->ch, f->pages, f->dir, f->title, f->id, f->version, f);
}

/* Reads and checks the form; problems go to is. */
static adx_error_t build(const char *dir, adx_sform_t **out, issues_t *is, adx_errctx_t *ctx)
{
    sheet_t sv, chs = {0}, st = {0};
    long *app = NULL;
    adx_sform_t *f = calloc(1, sizeof *f);
    adx_error_t rc = f ? sheet_read(dir, "survey.csv", 0, &sv, ctx) : adx_oom(ctx);
    if (!rc)
        rc = sheet_read(dir, "choices.csv", 1, &chs, ctx);
    if (!rc)
        rc = sheet_read(dir, "settings.csv", 1, &st, ctx);
    if (rc)
        goto cleanup;
    rc = ADX_ENOMEM;
    if (!(f->dir = adx__strdup(dir)) || find_langs(f, &sv, &chs) || survey_rows(f, &sv, is) ||
        choice_rows(f, &chs, is) || survey_exprs(f, &sv, is) || settings(f, &st, is))
        goto oom;
    if (!(app = calloc(f->nq + 1, sizeof *app)))
        goto oom;
    long ja = col(&sv, "appearance");
    for (size_t r = 0, i = 0; r < sv.nrows && i < f->nq; r++)
        if (f->q[i].row == sv.lines[r])
            app[i++] = ja >= 0 && strstr(sv.cells[r][ja], "table-list") != NULL;
    if (make_pages(f, &sv, app, is))
        goto oom;
    check_lists(f, &sv, is);
    if (!f->npages)
        issue(is, &sv, 1, "type", "the form has no question; add rows to survey.csv");
    rc = is->oom ? adx_oom(ctx) : ADX_OK;
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    if (rc) {
        adx_sform_free(f);
        f = NULL;
    }
    *out = f;
    free(app);
    sheet_free(&sv);
    sheet_free(&chs);
    sheet_free(&st);
    return rc;
}

/* The folder of a form given as a folder or as its survey.csv. */
static char *form_dir(const char *path)
{
    size_t n = strlen(path);
    if (n >= 10 && !strcmp(path + n - 10, "survey.csv"))
        return adx__strndup(path, n > 10 ? n - 11 : 0);
    return adx__strdup(path);
}

adx_error_t adx_sform_check(const char *path, char ***msgs, size_t *n, adx_errctx_t *ctx)
{
    issues_t is = {0};
    adx_sform_t *f = NULL;
    char *dir = form_dir(path);
    adx_error_t rc = dir ? build(*dir ? dir : ".", &f, &is, ctx) : adx_oom(ctx);
    adx_sform_free(f);
    free(dir);
    if (rc) {
        adx__free_strings(is.msgs, is.n);
        is.msgs = NULL;
        is.n = 0;
    }
    *msgs = is.msgs;
    *n = is.n;
    return rc;
}

adx_error_t adx_sform_load(const char *path, adx_sform_t **out, adx_errctx_t *ctx)
{
    issues_t is = {0};
    char *dir = form_dir(path);
    *out = NULL;
    adx_error_t rc = dir ? build(*dir ? dir : ".", out, &is, ctx) : adx_oom(ctx);
    if (!rc && is.n) {
        rc = adx_err(ctx, ADX_EPARSE, "%s%s", is.msgs[0],
                     is.n > 1 ? " (and more: run ambidex survey check)" : "");
        adx_sform_free(*out);
        *out = NULL;
    }
    free(dir);
    adx__free_strings(is.msgs, is.n);
    return rc;
}
