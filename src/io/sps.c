/* LimeSurvey's SPSS export read as delivered (issue 16 part B): "Export results >
 * SPSS" gives a syntax file survey_ID_SPSS_syntax_file.sps and a data file
 * survey_ID_SPSS_data_file.dat. Reading the .sps reads both, as SPSS would run the
 * syntax (docs/survey.md, "Exports of other tools"):
 *
 *   GET DATA /TYPE=TXT /FILE='survey_ID_SPSS_data_file.dat' /DELCASE=LINE
 *     /DELIMITERS="," /QUALIFIER="'" /ARRANGEMENT=DELIMITED /FIRSTCASE=1
 *     /IMPORTCASE=ALL /VARIABLES= V1 F7 V2 DATETIME23.2 V3 A20 ... .
 *   VARIABLE LABELS V1 "label"+
 *   "continued".
 *   VALUE LABELS V5
 *    1 "label"
 *    2 "label".
 *   RENAME VARIABLES ( V5 = G01Q01 ).
 *
 * (older exports: DATA LIST LIST(',') / FREE(',') FILE='...' / V1 (F7) V2 (A20) ...).
 * The data: one case per line, fields separated by the delimiter, text between the
 * qualifier (doubled inside), DATETIME as dd-mm-yyyy hh:mm:ss, an empty field missing.
 * Other commands (SET, SHOW, VARIABLE LEVEL, RECODE, ALTER TYPE, ...) are skipped. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/base.h"
#include "../data/dataset_priv.h"
#include "csv_priv.h"

typedef struct {
    char *name;   /* as in the data list (V1) */
    char type;    /* 'F' number, 'A' text, 'D' date-time */
    char *label;
    char *rename;
    char **vcode, **vlabel; /* value labels */
    size_t nvl;
} spsvar_t;

typedef struct {
    const char *path;
    spsvar_t *v;
    size_t n;
    char *file;      /* the data file as written */
    char delim, qual;
    size_t firstcase;
    size_t line;     /* the command's line, for messages */
    adx_errctx_t *ctx;
} sps_t;

/* ---- tokens ----------------------------------------------------------------------- */

typedef struct {
    char kind; /* 'w' word, 's' string, or the punctuation character; 0 at the end */
    char *text;
} tok_t;

/* The tokens of one command [p, e): words, strings ("..." or '...', doubled quotes;
 * "a"+"b" joined), punctuation. Returns the count, or -1 when out of memory. */
static long tokenize(const char *p, const char *e, tok_t **out)
{
    size_t n = 0, cap = 16;
    tok_t *t = malloc(cap * sizeof *t);
    while (t && p < e) {
        if (isspace((unsigned char)*p) || *p == '+') {
            p++;
            continue;
        }
        if (n + 1 >= cap) {
            tok_t *nt = realloc(t, (cap *= 2) * sizeof *t);
            if (!nt)
                break;
            t = nt;
        }
        adx__sb_t b = {0};
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            for (; p < e; p++) {
                if (*p == q && p + 1 < e && p[1] == q)
                    adx__sb_char(&b, *p++);
                else if (*p == q)
                    break;
                else
                    adx__sb_char(&b, *p);
            }
            p++;
            adx__sb_str(&b, "");
            t[n++] = (tok_t){'s', adx__sb_take(&b)};
        } else if (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || *p == '@' ||
                   *p == '#' || *p == '.' || *p == '-') {
            while (p < e && (isalnum((unsigned char)*p) || strchr("_$@#.-", *p)))
                adx__sb_char(&b, *p++);
            t[n++] = (tok_t){'w', adx__sb_take(&b)};
        } else {
            adx__sb_char(&b, *p);
            t[n++] = (tok_t){*p++, adx__sb_take(&b)};
        }
        if (!t[n - 1].text) {
            n--;
            break;
        }
    }
    if (!t || p < e) {
        for (size_t i = 0; t && i < n; i++)
            free(t[i].text);
        free(t);
        return -1;
    }
    t[n] = (tok_t){0, NULL};
    *out = t;
    return (long)n;
}

/* Joins "a"+"b" (adjacent strings after tokenize dropped the +) into one. */
static int join_strings(tok_t *t, size_t *n)
{
    size_t w = 0;
    for (size_t i = 0; i < *n; i++) {
        if (w && t[i].kind == 's' && t[w - 1].kind == 's') {
            size_t a = strlen(t[w - 1].text), b = strlen(t[i].text);
            char *s = realloc(t[w - 1].text, a + b + 1);
            if (!s)
                return -1;
            memcpy(s + a, t[i].text, b + 1);
            t[w - 1].text = s;
            free(t[i].text);
        } else
            t[w++] = t[i];
    }
    t[w] = (tok_t){0, NULL};
    *n = w;
    return 0;
}

static void free_tokens(tok_t *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].text);
    free(t);
}

/* ---- commands ------------------------------------------------------------------- */

static spsvar_t *find_var(sps_t *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcasecmp(s->v[i].name, name))
            return &s->v[i];
    return NULL;
}

static adx_error_t bad(sps_t *s, const char *what, const char *got)
{
    return adx_err(s->ctx, ADX_EPARSE, "%s:%zu: %s%s%s%s", s->path, s->line, what,
                   got ? " ('" : "", got ? got : "", got ? "')" : "");
}

/* A format (F7, F7.2, A20, DATETIME23.2, (F7) in DATA LIST) as a type letter. */
static char format_type(const char *f)
{
    if (!strncasecmp(f, "DATETIME", 8) || !strncasecmp(f, "DATE", 4) ||
        !strncasecmp(f, "SDATE", 5) || !strncasecmp(f, "YMDHMS", 6))
        return 'D';
    if (toupper((unsigned char)f[0]) == 'A')
        return 'A';
    return 'F';
}

static adx_error_t add_var(sps_t *s, const char *name, const char *fmt)
{
    if (find_var(s, name))
        return bad(s, "a variable is listed twice", name);
    spsvar_t *v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return adx_oom(s->ctx);
    s->v = v;
    v[s->n] = (spsvar_t){.name = adx__strdup(name), .type = format_type(fmt)};
    return v[s->n++].name ? ADX_OK : adx_oom(s->ctx);
}

/* The variables of /VARIABLES= (name format pairs) or of DATA LIST's "/ name (fmt)". */
static adx_error_t var_list(sps_t *s, const tok_t *t, size_t i, size_t n)
{
    adx_error_t rc = ADX_OK;
    while (!rc && i < n && t[i].kind == 'w') {
        const char *name = t[i++].text;
        int paren = i < n && t[i].kind == '(';
        i += (size_t)paren;
        if (i >= n || t[i].kind != 'w')
            return bad(s, "a variable without its format", name);
        rc = add_var(s, name, t[i++].text);
        if (paren && (i >= n || t[i++].kind != ')'))
            return bad(s, "a format not closed by ')'", name);
    }
    return rc ? rc : s->n ? ADX_OK : bad(s, "no variables are defined", NULL);
}

/* The one-character argument of DELIMITERS="," or LIST(','). */
static char one_char(const tok_t *t)
{
    return t->kind == 's' && t->text[0] ? (strcmp(t->text, "\\t") ? t->text[0] : '\t') : 0;
}

/* GET DATA /TYPE=TXT ... /VARIABLES= ... */
static adx_error_t cmd_get_data(sps_t *s, const tok_t *t, size_t n)
{
    for (size_t i = 2; i + 1 < n; i++) {
        if (t[i].kind != '/' || t[i + 1].kind != 'w')
            continue;
        const char *sub = t[i + 1].text;
        const tok_t *arg = i + 3 < n && t[i + 2].kind == '=' ? &t[i + 3] : NULL;
        if (!arg)
            continue;
        if (!strcasecmp(sub, "TYPE") && strcasecmp(arg->text, "TXT"))
            return bad(s, "only GET DATA /TYPE=TXT (LimeSurvey's data file) is read", arg->text);
        if (!strcasecmp(sub, "ARRANGEMENT") && strcasecmp(arg->text, "DELIMITED"))
            return bad(s, "only /ARRANGEMENT=DELIMITED is read", arg->text);
        if (!strcasecmp(sub, "FILE") && !(s->file = adx__strdup(arg->text)))
            return adx_oom(s->ctx);
        if (!strcasecmp(sub, "DELIMITERS"))
            s->delim = one_char(arg);
        if (!strcasecmp(sub, "QUALIFIER"))
            s->qual = one_char(arg);
        if (!strcasecmp(sub, "FIRSTCASE"))
            s->firstcase = (size_t)strtoul(arg->text, NULL, 10);
        if (!strcasecmp(sub, "VARIABLES"))
            return var_list(s, t, i + 3, n);
    }
    return bad(s, "GET DATA without /VARIABLES=", NULL);
}

/* DATA LIST LIST(',') | FREE(',') FILE='...' / V1 (F7) ... */
static adx_error_t cmd_data_list(sps_t *s, const tok_t *t, size_t n)
{
    size_t i = 2;
    s->qual = '\'';
    if (i < n && t[i].kind == 'w' && (!strcasecmp(t[i].text, "LIST") ||
                                      !strcasecmp(t[i].text, "FREE"))) {
        s->delim = ' ';
        if (i + 3 < n && t[i + 1].kind == '(' && t[i + 3].kind == ')') {
            s->delim = one_char(&t[i + 2]);
            i += 3;
        }
        i++;
    } else
        return bad(s, "only DATA LIST LIST or FREE (delimited data) is read; this is "
                      "fixed-column data", NULL);
    for (; i < n && t[i].kind != '/'; i++)
        if (t[i].kind == 'w' && !strcasecmp(t[i].text, "FILE") && i + 2 < n &&
            t[i + 1].kind == '=' && !(s->file = adx__strdup(t[i + 2].text)))
            return adx_oom(s->ctx);
    return var_list(s, t, i + 1, n);
}

static adx_error_t set_text(sps_t *s, char **dst, const char *text)
{
    free(*dst);
    *dst = adx__strdup(text);
    return *dst ? ADX_OK : adx_oom(s->ctx);
}

/* VARIABLE LABELS V1 "text" [/] V2 "text" ... */
static adx_error_t cmd_var_labels(sps_t *s, const tok_t *t, size_t n)
{
    for (size_t i = 2; i < n; i++) {
        if (t[i].kind == '/')
            continue;
        spsvar_t *v = t[i].kind == 'w' ? find_var(s, t[i].text) : NULL;
        if (!v || i + 1 >= n || t[i + 1].kind != 's')
            return bad(s, "VARIABLE LABELS: expected a defined variable and its label",
                       t[i].text);
        adx_error_t rc = set_text(s, &v->label, t[++i].text);
        if (rc)
            return rc;
    }
    return ADX_OK;
}

static adx_error_t add_value_label(sps_t *s, spsvar_t *v, const char *code, const char *label)
{
    char **c = realloc(v->vcode, (v->nvl + 1) * sizeof *c);
    if (c)
        v->vcode = c;
    char **l = c ? realloc(v->vlabel, (v->nvl + 1) * sizeof *l) : NULL;
    if (!l)
        return adx_oom(s->ctx);
    v->vlabel = l;
    c[v->nvl] = adx__strdup(code);
    l[v->nvl] = adx__strdup(label);
    v->nvl++;
    return c[v->nvl - 1] && l[v->nvl - 1] ? ADX_OK : adx_oom(s->ctx);
}

/* VALUE LABELS V5 V6 1 "a" 2 "b" [/ V7 "x" "text" ...] (ADD VALUE LABELS too). */
static adx_error_t cmd_value_labels(sps_t *s, const tok_t *t, size_t n, size_t i)
{
    while (i < n) {
        spsvar_t *vars[64];
        size_t k = 0;
        while (i < n && t[i].kind == 'w' && find_var(s, t[i].text) && k < 64)
            vars[k++] = find_var(s, t[i++].text);
        if (!k)
            return bad(s, "VALUE LABELS: expected a defined variable", t[i].text);
        for (; i + 1 < n && t[i].kind != '/'; i += 2) {
            if (t[i + 1].kind != 's' || (t[i].kind != 'w' && t[i].kind != 's'))
                return bad(s, "VALUE LABELS: expected a value and its label", t[i].text);
            for (size_t j = 0; j < k; j++) {
                adx_error_t rc = add_value_label(s, vars[j], t[i].text, t[i + 1].text);
                if (rc)
                    return rc;
            }
        }
        if (i < n && t[i].kind != '/')
            return bad(s, "VALUE LABELS: a value without its label", t[i].text);
        i++;
    }
    return ADX_OK;
}

/* RENAME VARIABLES ( V1 = id ) ( V2 V3 = a b ). */
static adx_error_t cmd_rename(sps_t *s, const tok_t *t, size_t n)
{
    size_t i = 2;
    while (i < n) {
        if (t[i].kind == '(')
            i++;
        size_t a = i;
        while (i < n && t[i].kind == 'w')
            i++;
        size_t na = i - a, b = i + 1;
        if (i >= n || t[i].kind != '=' || b + na > n)
            return bad(s, "RENAME VARIABLES: expected ( OLD = NEW )", t[a].text);
        for (size_t j = 0; j < na; j++) {
            spsvar_t *v = find_var(s, t[a + j].text);
            if (!v || t[b + j].kind != 'w')
                return bad(s, "RENAME VARIABLES: unknown variable", t[a + j].text);
            adx_error_t rc = set_text(s, &v->rename, t[b + j].text);
            if (rc)
                return rc;
        }
        i = b + na;
        if (i < n && t[i].kind == ')')
            i++;
    }
    return ADX_OK;
}

static int is_cmd(const tok_t *t, size_t n, const char *a, const char *b)
{
    return n >= 2 && t[0].kind == 'w' && t[1].kind == 'w' && !strcasecmp(t[0].text, a) &&
           !strncasecmp(t[1].text, b, strlen(b) < 3 ? strlen(b) : 3);
}

static adx_error_t command(sps_t *s, const char *p, const char *e)
{
    tok_t *t = NULL;
    long nt = tokenize(p, e, &t);
    if (nt < 0)
        return adx_oom(s->ctx);
    size_t n = (size_t)nt;
    adx_error_t rc = join_strings(t, &n) ? adx_oom(s->ctx) : ADX_OK;
    if (rc)
        ;
    else if (is_cmd(t, n, "GET", "DATA"))
        rc = cmd_get_data(s, t, n);
    else if (is_cmd(t, n, "DATA", "LIST"))
        rc = cmd_data_list(s, t, n);
    else if (is_cmd(t, n, "VARIABLE", "LABELS"))
        rc = cmd_var_labels(s, t, n);
    else if (is_cmd(t, n, "VALUE", "LABELS"))
        rc = cmd_value_labels(s, t, n, 2);
    else if (n > 3 && is_cmd(t, n, "ADD", "VALUE"))
        rc = cmd_value_labels(s, t, n, 3);
    else if (is_cmd(t, n, "RENAME", "VARIABLES"))
        rc = cmd_rename(s, t, n);
    free_tokens(t, n);
    return rc;
}

/* Splits the syntax into commands: each ends with a '.' at the end of a line (outside
 * quotes); a line starting with '*' is a comment up to its own ending '.'. */
static adx_error_t parse_syntax(sps_t *s, const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len, *start = p;
    size_t line = 1, start_line = 1;
    char q = 0;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        start = p += 3;
    for (; p < end; p++) {
        if (q) {
            q = *p == q ? 0 : q;
        } else if (*p == '"' || *p == '\'') {
            q = *p;
        } else if (*p == '.' && (p + 1 == end || p[1] == '\n' || p[1] == '\r' ||
                                 (p[1] == ' ' && strspn(p + 1, " \t") ==
                                                     strcspn(p + 1, "\r\n")))) {
            while (start < p && isspace((unsigned char)*start))
                start++;
            s->line = start_line;
            if (*start != '*') {
                adx_error_t rc = command(s, start, p);
                if (rc)
                    return rc;
            }
            start = p + 1;
            start_line = line;
        }
        if (*p == '\n') {
            line++;
            if (q) /* a quote never spans lines in SPSS syntax */
                q = 0;
            if (start == p || start == p + 1 || strspn(start, " \t\r\n") >= (size_t)(p - start))
                start_line = line;
        }
    }
    return ADX_OK;
}

/* ---- the data file ---------------------------------------------------------------- */

/* The data file beside the syntax file: LimeSurvey writes a bare name (or
 * PATHdatfile/NAME, a handle its Python block sets), which SPSS looks up in its working
 * folder; ambidex looks beside the .sps. An absolute path is taken as written. */
static char *data_path(const sps_t *s)
{
    const char *f = s->file, *slash = strrchr(f, '/'), *bs = strrchr(f, '\\');
    if (f[0] == '/')
        return adx__strdup(f);
    const char *base = bs > slash ? bs + 1 : slash ? slash + 1 : f;
    const char *dir = strrchr(s->path, '/');
    adx__sb_t b = {0};
    if (dir)
        adx__sb_put(&b, s->path, (size_t)(dir - s->path) + 1);
    adx__sb_str(&b, base);
    return adx__sb_take(&b);
}

/* One cell as a CSV field; a date-time dd-mm-yyyy hh:mm:ss becomes yyyy-mm-dd hh:mm:ss. */
static void put_cell(adx__sb_t *b, char *cell, char type)
{
    int d, m, y, n = 0;
    if (type == 'D' && sscanf(cell, "%2d-%2d-%4d%n", &d, &m, &y, &n) == 3 && n == 10) {
        adx__sb_printf(b, "%04d-%02d-%02d%s", y, m, d, cell + 10);
        return;
    }
    adx__sb_csv(b, cell);
}

/* Fields of the line [p, e) into cells (qualifier q doubled inside); returns the count. */
static size_t split_line(const char *p, const char *e, char delim, char q, adx__sb_t *cell,
                         size_t max, char **cells)
{
    size_t n = 0;
    while (n < max) {
        int inq = 0;
        for (; p < e && (inq || *p != delim); p++) {
            if (q && *p == q && inq && p + 1 < e && p[1] == q)
                adx__sb_char(cell, *p++);
            else if (q && *p == q)
                inq = !inq;
            else if (*p != '\r')
                adx__sb_char(cell, *p);
        }
        adx__sb_str(cell, "");
        cells[n++] = adx__sb_take(cell);
        if (p >= e)
            break;
        p++;
    }
    return n;
}

/* The data as a CSV text: header of the data-list names, one row per case. */
static adx_error_t to_csv(sps_t *s, const char *buf, size_t len, const char *dpath,
                          adx__sb_t *out)
{
    const char *p = buf, *end = buf + len;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    for (size_t j = 0; j < s->n; j++) {
        adx__sb_str(out, j ? "," : "");
        adx__sb_csv(out, s->v[j].name);
    }
    adx__sb_char(out, '\n');
    char **cells = calloc(s->n + 1, sizeof *cells);
    adx__sb_t cell = {0};
    adx_error_t rc = cells ? ADX_OK : adx_oom(s->ctx);
    for (size_t line = 1; !rc && p < end; line++) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        e = e ? e : end;
        if (line >= (s->firstcase ? s->firstcase : 1) && strspn(p, " \t\r") < (size_t)(e - p)) {
            size_t k = split_line(p, e, s->delim, s->qual, &cell, s->n + 1, cells);
            if (k != s->n)
                rc = adx_err(s->ctx, ADX_EPARSE, "%s:%zu: %zu fields, but the syntax file "
                             "defines %zu variables; give the .sps and .dat of the same export",
                             dpath, line, k, s->n);
            for (size_t j = 0; j < k; j++) {
                if (!rc && !cells[j])
                    rc = adx_oom(s->ctx);
                if (!rc) {
                    adx__sb_str(out, j ? "," : "");
                    put_cell(out, cells[j], s->v[j].type);
                }
                free(cells[j]);
                cells[j] = NULL;
            }
            adx__sb_char(out, '\n');
        }
        p = e + 1;
    }
    free(cells);
    adx__sb_free(&cell);
    return rc ? rc : out->oom ? adx_oom(s->ctx) : ADX_OK;
}

/* Labels, value labels (numbers on numeric variables, codes on text ones), names. */
static adx_error_t apply(sps_t *s, adx_dataset_t *ds)
{
    for (size_t j = 0; j < s->n && j < ds->nvars; j++) {
        spsvar_t *sv = &s->v[j];
        adx_variable_t *v = &ds->vars[j];
        if (sv->type == 'D' && v->type == ADX_VAR_STRING && adx__variable_datetime(v, ds->nrows) < 0)
            return adx_oom(s->ctx);
        if (sv->label && *sv->label) {
            free(v->label);
            if (!(v->label = adx__strdup(sv->label)))
                return adx_oom(s->ctx);
        }
        if (sv->nvl && !(v->vlabels = calloc(sv->nvl, sizeof *v->vlabels)))
            return adx_oom(s->ctx);
        for (size_t k = 0; k < sv->nvl; k++) {
            adx_value_label_t *l = &v->vlabels[v->n_vlabels];
            char *endp;
            l->value = strtod(sv->vcode[k], &endp);
            if (v->type != ADX_VAR_STRING && (endp == sv->vcode[k] || *endp))
                continue; /* a text code on a numeric variable (LimeSurvey's -oth-) */
            if (v->type == ADX_VAR_STRING && !(l->svalue = adx__strdup(sv->vcode[k])))
                return adx_oom(s->ctx);
            if (!(l->label = adx__strdup(sv->vlabel[k])))
                return adx_oom(s->ctx);
            v->n_vlabels++;
        }
        if (sv->rename) {
            for (size_t i = 0; i < s->n; i++)
                if (i != j && !strcmp(s->v[i].rename ? s->v[i].rename : s->v[i].name,
                                      sv->rename))
                    return adx_err(s->ctx, ADX_EPARSE, "%s: RENAME VARIABLES gives two "
                                   "variables the name '%s'", s->path, sv->rename);
            free(v->name);
            if (!(v->name = adx__strdup(sv->rename)))
                return adx_oom(s->ctx);
        }
    }
    return ADX_OK;
}

static void sps_free(sps_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        adx__free_strings(s->v[i].vcode, s->v[i].nvl);
        adx__free_strings(s->v[i].vlabel, s->v[i].nvl);
        ADX__FREE(s->v[i].name, s->v[i].label, s->v[i].rename);
    }
    ADX__FREE(s->v, s->file);
}

adx_error_t adx__read_sps(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                          adx_errctx_t *ctx)
{
    *out = NULL;
    sps_t s = {.path = path, .delim = ',', .qual = '\'', .firstcase = 1, .ctx = ctx};
    char *syn = NULL, *dat = NULL, *dpath = NULL;
    size_t len = 0;
    adx__sb_t csv = {0};
    adx_error_t rc = adx__slurp(path, ADX__CAP_TEXT, "SPSS syntax file", &syn, &len, ctx);
    if (!rc)
        rc = parse_syntax(&s, syn, len);
    if (!rc && (!s.n || !s.file))
        rc = adx_err(ctx, ADX_EPARSE, "%s: no GET DATA /TYPE=TXT or DATA LIST with FILE= "
                     "names the data; give the syntax file of LimeSurvey's SPSS export", path);
    if (!rc && !(dpath = data_path(&s)))
        rc = adx_oom(ctx);
    if (!rc && (rc = adx__slurp(dpath, ADX__CAP_DATA, "data file", &dat, &len, ctx)) == ADX_EIO)
        rc = adx_err(ctx, ADX_EIO, "%s: the data file '%s' of this syntax file cannot be read "
                     "(%s); put LimeSurvey's .dat file beside the .sps", path, dpath, ctx->msg);
    if (!rc)
        rc = to_csv(&s, dat, len, dpath, &csv);
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    if (o)
        ro = *o;
    ro.sep = ',';
    if (!rc)
        rc = adx_read_csv_buffer(csv.s, csv.len, dpath, &ro, out, ctx);
    if (!rc && (*out)->nvars != s.n)
        rc = adx_err(ctx, ADX_EPARSE, "%s: the data do not match the syntax file", dpath);
    if (!rc)
        rc = apply(&s, *out);
    if (rc) {
        adx_dataset_free(*out);
        *out = NULL;
    }
    adx__sb_free(&csv);
    sps_free(&s);
    ADX__FREE(syn, dat, dpath);
    return rc;
}
