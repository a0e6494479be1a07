/* Study files: the runner. The library runs the data steps (data, scale,
 * compute, reverse, keep if, drop if) and the layout steps (title, section,
 * subsection, text) from a {name, handler} table, and hands every other step to
 * the caller's callback. The parser is in parse.c. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/base.h"
#include "ambidex/adx_study.h"
#include "study_priv.h"

#include "ambidex/adx_survey.h"

#ifndef ADX_VERSION
#define ADX_VERSION "0.1.0"
#endif

void adx_study_options_init(adx_study_options_t *o)
{
    o->check_only = 0;
    o->labels = ADX_LABELS_LABELS;
}

typedef struct {
    const adx_study_t *s;
    const adx_study_step_t *st;
    adx_errctx_t *ctx;
} where_t;

/* Prefixes the message in ctx with "FILE:LINE: " (unless it already names the
 * study file). */
static adx_error_t at_line(where_t *w, adx_error_t rc)
{
    if (!rc || !w->ctx)
        return rc;
    char msg[ADX_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", w->ctx->msg);
    if (strncmp(msg, w->s->path, strlen(w->s->path)) != 0)
        adx_err(w->ctx, rc, "%s:%zu: %s: %s", w->s->path, w->st->line, w->st->command, msg);
    w->ctx->code = rc;
    return rc;
}

static char *join_args(const adx_study_step_t *st, size_t from, const char *sep)
{
    size_t n = 1;
    for (size_t i = from; i < st->nargs; i++)
        n += strlen(st->args[i]) + strlen(sep);
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = 0;
    for (size_t i = from; i < st->nargs; i++) {
        if (i > from)
            strcat(s, sep);
        strcat(s, st->args[i]);
    }
    return s;
}

typedef struct {
    char *rule;
    size_t before, removed;
} cleaning_t;

/* "drop if COND" for the cleaning log; long argument lists of missing() are
 * shortened to their first two and last names with the count. */
static char *rule_label(const char *cmd, const char *cond)
{
    size_t n = strlen(cond) + 64;
    char *out = malloc(n);
    if (!out)
        return NULL;
    snprintf(out, n, "%s%s", cmd, strcmp(cmd, "keep") && strcmp(cmd, "drop") ? " " : " if ");
    const char *p = cond;
    while (*p) {
        const char *m = strstr(p, "missing(");
        if (!m) {
            strcat(out, p);
            break;
        }
        strncat(out, p, (size_t)(m - p) + 8);
        const char *close = strchr(m, ')');
        if (!close) {
            strcat(out, m + 8);
            break;
        }
        size_t nargs = 1;
        for (const char *q = m + 8; q < close; q++)
            nargs += *q == ',';
        if (nargs <= 4) {
            strncat(out, m + 8, (size_t)(close - m - 8) + 1);
        } else {
            const char *c1 = strchr(m + 8, ','), *c2 = strchr(c1 + 1, ',');
            const char *last = close;
            while (last > m && last[-1] != ',')
                last--;
            while (*last == ' ')
                last++;
            char tmp[64];
            strncat(out, m + 8, (size_t)(c2 - m - 8));
            strcat(out, ", ..., ");
            strncat(out, last, (size_t)(close - last));
            snprintf(tmp, sizeof tmp, "; %zu items)", nargs);
            strcat(out, tmp);
        }
        p = close + 1;
    }
    return out;
}


/* The state of one run. */
typedef struct {
    const adx_study_t *s;
    const adx_study_options_t *o;
    adx_study_exec_fn exec;
    void *user;
    adx_errctx_t *ctx;
    adx_dataset_t *ds;  /* the current data */
    adx_report_t *body; /* the steps' headings, text and tables */
    cleaning_t *log;    /* the keep/drop rules */
    adx_survey_status_t *funnel; /* the response funnel when the data is a survey database */
    size_t nlog, n_read;
    char *methods;      /* the methods sentences of the analyses */
    char *data_path;
    const char *data_name; /* the path as written in the study file */
    const char *title;
    cJSON *jsteps;
    adx__named_t *named; /* steps run with --name */
    size_t nnamed;
    adx_labels_t labels; /* variable names or labels in the tables */
} run_t;

/* ---- layout steps ------------------------------------------------------------- */

static adx_error_t step_title(run_t *r, const adx_study_step_t *st)
{
    if (st->nargs != 1)
        return adx_err(r->ctx, ADX_EUSAGE, "give the title in quotes");
    r->title = st->args[0];
    return ADX_OK;
}

/* section, subsection, text */
static adx_error_t step_layout(run_t *r, const adx_study_step_t *st)
{
    const char *cmd = st->command;
    char *t = join_args(st, 0, " ");
    if (!t)
        return adx_oom(r->ctx);
    adx_error_t e = !strcmp(cmd, "text")
                        ? adx_report_add_paragraph(r->body, t)
                        : adx_report_add_heading(r->body, !strcmp(cmd, "section") ? 2 : 3, t);
    free(t);
    return e ? adx_oom(r->ctx) : ADX_OK;
}

/* ---- data steps --------------------------------------------------------------- */

/* The options after `data FILE`: missing -99,999 | sep ; | decimal , */
static adx_error_t data_options(run_t *r, const adx_study_step_t *st, adx_read_options_t *ro,
                                double *na, const char **form)
{
    for (size_t a = 1; a < st->nargs; a += 2) {
        const char *k = st->args[a], *v = a + 1 < st->nargs ? st->args[a + 1] : NULL;
        if (!v)
            return adx_err(r->ctx, ADX_EUSAGE, "'%s' needs a value", k);
        if (!strcmp(k, "missing")) {
            const char *q = v;
            while (*q && ro->n_na_codes < 64) {
                char *end;
                double x = strtod(q, &end);
                if (end == q || (*end && *end != ','))
                    return adx_err(r->ctx, ADX_EUSAGE, "missing takes numbers separated by "
                                                       "commas, e.g. missing -99,999");
                na[ro->n_na_codes++] = x;
                q = *end ? end + 1 : end;
            }
            ro->na_codes = na;
        } else if (!strcmp(k, "sep")) {
            ro->sep = !strcmp(v, "tab") ? '\t' : v[0];
        } else if (!strcmp(k, "decimal")) {
            ro->decimal = v[0];
        } else if (!strcmp(k, "form")) {
            *form = v;
        } else {
            return adx_err(r->ctx, ADX_EUSAGE, "unknown data option '%s'; use missing, sep, "
                                               "decimal or form", k);
        }
    }
    return ADX_OK;
}

/* A survey database of `ambidex survey serve` (an SQLite file) rather than a data file. */
static int is_survey_db(const char *path)
{
    char h[16];
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
    int yes = f && fread(h, 1, sizeof h, f) == sizeof h && !memcmp(h, "SQLite format 3", 16);
    if (f)
        fclose(f);
    return yes;
}

static adx_error_t survey_funnel(run_t *r)
{
    if (r->funnel)
        adx_survey_status_free(r->funnel);
    free(r->funnel);
    if (!(r->funnel = calloc(1, sizeof *r->funnel)))
        return adx_oom(r->ctx);
    return adx_survey_status(r->data_path, r->funnel, r->ctx);
}

static adx_error_t step_data(run_t *r, const adx_study_step_t *st)
{
    if (st->nargs < 1)
        return adx_err(r->ctx, ADX_EUSAGE, "usage: data FILE [missing -99,999] [sep ;] "
                                           "[decimal ,]");
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    double na[64];
    const char *form = NULL;
    adx_error_t rc = data_options(r, st, &ro, na, &form);
    if (rc)
        return rc;
    const char *f = st->args[0];
    r->data_name = f;
    free(r->data_path);
    size_t need = strlen(r->s->dir) + strlen(f) + 2;
    if (!(r->data_path = malloc(need)))
        return adx_oom(r->ctx);
    if (f[0] == '/')
        snprintf(r->data_path, need, "%s", f);
    else
        snprintf(r->data_path, need, "%s/%s", r->s->dir, f);
    adx_dataset_free(r->ds);
    r->ds = NULL;
    if (!is_survey_db(r->data_path))
        rc = adx_read_file(r->data_path, &ro, &r->ds, r->ctx);
    else if (!(rc = adx_survey_read(r->data_path, form, &r->ds, r->ctx)))
        rc = survey_funnel(r);
    if (rc)
        return rc;
    r->n_read = r->ds->nrows;
    return ADX_OK;
}

/* scale NAME = a b c [sum]  ->  *expr = "NAME = mean(a, b, c)" (or sum). */
static adx_error_t scale_expr(run_t *r, const adx_study_step_t *st, char **expr)
{
    int sum = st->nargs >= 3 && !strcmp(st->args[st->nargs - 1], "sum");
    if (!strchr(st->text, '=') || st->nargs < 3 || strcmp(st->args[1], "="))
        return adx_err(r->ctx, ADX_EUSAGE, "usage: scale NAME = item1 item2 ... [sum]");
    adx_study_step_t items = *st;
    items.nargs = st->nargs - (sum ? 1 : 0);
    char *list = join_args(&items, 2, ", ");
    adx__sb_t e = {0};
    if (list)
        adx__sb_printf(&e, "%s = %s(%s)", st->args[0], sum ? "sum" : "mean", list);
    free(list);
    *expr = list ? adx__sb_take(&e) : NULL;
    return *expr ? ADX_OK : adx_oom(r->ctx);
}

/* compute NAME = EXPR, scale NAME = ITEMS... */
static adx_error_t step_compute(run_t *r, const adx_study_step_t *st)
{
    char *t = NULL;
    adx_error_t rc = ADX_OK;
    if (!strcmp(st->command, "scale"))
        rc = scale_expr(r, st, &t);
    else if (!(t = adx__strdup(st->text)))
        rc = adx_oom(r->ctx);
    if (!rc)
        rc = adx_compute(r->ds, t, r->ctx);
    free(t);
    return rc;
}

/* reverse ITEM... range LO HI  (in place) */
static adx_error_t step_reverse(run_t *r, const adx_study_step_t *st)
{
    if (st->nargs < 4 || strcmp(st->args[st->nargs - 3], "range"))
        return adx_err(r->ctx, ADX_EUSAGE, "usage: reverse ITEM... range LO HI");
    adx_error_t rc = ADX_OK;
    for (size_t a = 0; !rc && a + 3 < st->nargs; a++) {
        char expr[1024];
        snprintf(expr, sizeof expr, "%s = rev(%s, %s, %s)", st->args[a], st->args[a],
                 st->args[st->nargs - 2], st->args[st->nargs - 1]);
        rc = adx_compute(r->ds, expr, r->ctx);
    }
    return rc;
}

/* Keeps the cases where v is 1 (keep) or drops them (drop); logs the rule. */
static adx_error_t apply_rule(run_t *r, const char *cmd, const char *cond, const double *v)
{
    adx_dataset_t *ds = r->ds;
    unsigned char *keep = malloc(ds->nrows ? ds->nrows : 1);
    cleaning_t *nl = realloc(r->log, (r->nlog + 1) * sizeof *nl);
    if (nl)
        r->log = nl;
    if (!keep || !nl) {
        free(keep);
        return adx_oom(r->ctx);
    }
    size_t removed = 0;
    for (size_t i = 0; i < ds->nrows; i++) {
        /* keep if: only true cases stay; drop if: only true cases go. */
        keep[i] = cmd[0] == 'k' ? (v[i] == 1) : !(v[i] == 1);
        removed += !keep[i];
    }
    cleaning_t *e = &r->log[r->nlog++];
    e->before = ds->nrows;
    e->removed = removed;
    e->rule = rule_label(cmd, cond);
    adx_dataset_keep(ds, keep, r->ctx);
    free(keep);
    if (!e->rule)
        return adx_oom(r->ctx);
    if (ds->nrows == 0)
        return adx_err(r->ctx, ADX_EEMPTY, "no case is left after this rule; check the "
                                           "condition");
    return ADX_OK;
}

/* keep if CONDITION, drop if CONDITION */
static adx_error_t step_keep(run_t *r, const adx_study_step_t *st)
{
    if (st->nargs < 2 || strcmp(st->args[0], "if"))
        return adx_err(r->ctx, ADX_EUSAGE, "usage: %s if CONDITION", st->command);
    /* The condition is the raw text after "if" (quotes kept). */
    const char *c0 = strstr(st->text, "if") + 2;
    while (isspace((unsigned char)*c0))
        c0++;
    char *cond = adx__strdup(c0);
    double *v = NULL;
    if (!cond)
        return adx_oom(r->ctx);
    adx_error_t rc = adx_eval(r->ds, cond, &v, r->ctx);
    if (!rc)
        rc = apply_rule(r, st->command, cond, v);
    free(v);
    free(cond);
    return rc;
}

/* ---- analysis steps ----------------------------------------------------------- */

/* Adds a methods sentence unless an earlier step gave the same one or one that starts
 * the same way (two mediation steps: one sentence), so that each kind of step is
 * described once, in the order the steps ran. */
static adx_error_t add_methods(run_t *r, char *msent)
{
    char head[41];
    snprintf(head, sizeof head, "%s", msent ? msent : "");
    if (!msent || (r->methods && strstr(r->methods, head))) {
        free(msent);
        return ADX_OK;
    }
    adx__sb_t b = {0};
    if (r->methods)
        adx__sb_printf(&b, "%s ", r->methods);
    adx__sb_str(&b, msent);
    free(msent);
    char *m = adx__sb_take(&b);
    if (!m)
        return adx_oom(r->ctx);
    free(r->methods);
    r->methods = m;
    return ADX_OK;
}

/* The step and its JSON result in the study's "steps" array. */
static adx_error_t add_step_json(run_t *r, const adx_study_step_t *st, adx_report_t *sr)
{
    cJSON *js = cJSON_CreateObject();
    if (!js)
        return adx_oom(r->ctx);
    cJSON_AddItemToArray(r->jsteps, js);
    cJSON_AddNumberToObject(js, "line", (double)st->line);
    cJSON_AddStringToObject(js, "step", st->command);
    cJSON *ja = cJSON_AddArrayToObject(js, "args");
    for (size_t a = 0; ja && a < st->nargs; a++)
        cJSON_AddItemToArray(ja, cJSON_CreateString(st->args[a]));
    if (sr->json) {
        cJSON_AddItemToObject(js, "result", sr->json);
        sr->json = NULL;
    }
    return ADX_OK;
}

/* Check mode: the step runs on a copy of the data without cases, so that its options
 * are parsed and its variable names resolved (unknown names, string variables, a model
 * file that cannot be read) while no analysis runs. The analysis then fails for want
 * of cases, which is expected: only errors of the request fail the check. */
static adx_error_t check_analysis(run_t *r, const adx_study_step_t *st)
{
    adx_report_t *sr = NULL;
    char *msent = NULL;
    adx_dataset_t *empty = r->ds ? adx_dataset_copy(r->ds) : NULL;
    unsigned char *none = r->ds ? calloc(r->ds->nrows + 1, 1) : NULL;
    if (r->ds && (!empty || !none || adx_dataset_keep(empty, none, r->ctx))) {
        adx_dataset_free(empty);
        free(none);
        return adx_oom(r->ctx);
    }
    free(none);
    adx_error_t rc = r->exec(r->user, st, empty, &sr, &msent, r->ctx);
    adx_report_free(sr);
    free(msent);
    adx_dataset_free(empty);
    switch (rc) {
    case ADX_ENOMEM: case ADX_EIO: case ADX_EPARSE: case ADX_EUSAGE: case ADX_ENOVAR:
    case ADX_ETYPE:
        return rc;
    default:
        r->ctx->code = ADX_OK;
        r->ctx->msg[0] = 0;
        return ADX_OK;
    }
}

/* The value of `--name NAME` among the step's arguments, or NULL. */
static const char *step_name(const adx_study_step_t *st)
{
    for (size_t a = 0; a + 1 < st->nargs; a++)
        if (!st->is_block[a] && !strcmp(st->args[a], "--name"))
            return st->args[a + 1];
    return NULL;
}

/* Keeps the JSON result of a step run with --name for later `table` steps. */
static adx_error_t add_named(run_t *r, const adx_study_step_t *st, cJSON *result)
{
    const char *name = step_name(st);
    if (!name)
        return ADX_OK;
    adx__named_t *n = realloc(r->named, (r->nnamed + 1) * sizeof *n);
    if (!n)
        return adx_oom(r->ctx);
    r->named = n;
    n[r->nnamed] = (adx__named_t){adx__strdup(name), st->command, result};
    if (!n[r->nnamed].name)
        return adx_oom(r->ctx);
    r->nnamed++;
    return ADX_OK;
}

/* Adds a step's report to the body: variable labels, methods sentence, JSON. */
static adx_error_t add_report(run_t *r, const adx_study_step_t *st, adx_report_t *sr,
                              char *msent)
{
    cJSON *result = sr->json;
    adx_error_t rc = adx_report_relabel(sr, r->ds, r->labels) ? adx_oom(r->ctx) : ADX_OK;
    if (rc)
        free(msent);
    else if (!(rc = add_methods(r, msent)) && !(rc = add_step_json(r, st, sr)) &&
             !(rc = add_named(r, st, result)) && adx_report_append(r->body, sr, 1))
        rc = adx_oom(r->ctx);
    return rc;
}

/* Analysis steps that use no data: `power` (a planning study may have none yet). */
static int data_free(const char *command)
{
    return !strcmp(command, "power");
}

/* Any other step: the callback runs it on the current data. */
static adx_error_t step_analysis(run_t *r, const adx_study_step_t *st)
{
    if (r->o->check_only && data_free(st->command)) /* the caller checked its options */
        return add_named(r, st, NULL);
    if (r->o->check_only) { /* names are known before the steps run */
        adx_error_t rc = check_analysis(r, st);
        return rc ? rc : add_named(r, st, NULL);
    }
    adx_report_t *sr = NULL;
    char *msent = NULL;
    adx_error_t rc = r->exec(r->user, st, r->ds, &sr, &msent, r->ctx);
    if (rc)
        free(msent);
    else
        rc = add_report(r, st, sr, msent);
    adx_report_free(sr);
    return rc;
}

/* table models NAME... [options]: the named models side by side. */
static adx_error_t step_table(run_t *r, const adx_study_step_t *st)
{
    adx_report_t *sr = NULL;
    adx_error_t rc = adx__study_table(st, r->named, r->nnamed, r->labels ? r->ds : NULL,
                                      r->o->check_only, &sr, r->ctx);
    if (!rc && sr)
        rc = add_report(r, st, sr, NULL);
    adx_report_free(sr);
    return rc;
}

/* sample common VAR...: the cases with a value on every VAR (one N for the models
 * that follow); logged with the screening rules. */
static adx_error_t step_sample(run_t *r, const adx_study_step_t *st)
{
    if (st->nargs < 2 || strcmp(st->args[0], "common"))
        return adx_err(r->ctx, ADX_EUSAGE, "usage: sample common VAR...");
    double *v = calloc(r->ds->nrows + 1, sizeof *v);
    if (!v)
        return adx_oom(r->ctx);
    adx_error_t rc = ADX_OK;
    for (size_t a = 1; !rc && a < st->nargs; a++) {
        long j = adx_dataset_find(r->ds, st->args[a]);
        if (j < 0) {
            rc = adx_err(r->ctx, ADX_ENOVAR, "unknown variable '%s'; check the name (names "
                                             "are case-sensitive)", st->args[a]);
            break;
        }
        const adx_variable_t *var = &r->ds->vars[j];
        for (size_t i = 0; i < r->ds->nrows; i++)
            if (var->num ? var->num[i] != var->num[i] : !var->str[i])
                v[i] = 1;
    }
    char label[64];
    snprintf(label, sizeof label, "complete on %zu variables", st->nargs - 1);
    if (!rc)
        rc = apply_rule(r, "common sample:", label, v);
    free(v);
    return rc;
}

/* label VAR "text" [VAR "text"...]: variable labels (CSV data have none);
 * labels names|labels|both: how the tables show variables. */
static adx_error_t step_label(run_t *r, const adx_study_step_t *st)
{
    if (!strcmp(st->command, "labels")) {
        static const char *const modes[] = {"names", "labels", "both"};
        for (int m = 0; st->nargs == 1 && m < 3; m++)
            if (!strcmp(st->args[0], modes[m])) {
                r->labels = (adx_labels_t)m;
                return ADX_OK;
            }
        return adx_err(r->ctx, ADX_EUSAGE, "usage: labels names|labels|both");
    }
    if (st->nargs < 2 || st->nargs % 2)
        return adx_err(r->ctx, ADX_EUSAGE, "usage: label VAR \"text\" [VAR \"text\"...]");
    for (size_t a = 0; a < st->nargs; a += 2) {
        long j = adx_dataset_find(r->ds, st->args[a]);
        if (j < 0)
            return adx_err(r->ctx, ADX_ENOVAR, "unknown variable '%s'; check the name (names "
                                               "are case-sensitive)", st->args[a]);
        char *t = adx__strdup(st->args[a + 1]);
        if (!t)
            return adx_oom(r->ctx);
        free(r->ds->vars[j].label);
        r->ds->vars[j].label = t;
    }
    return ADX_OK;
}

/* ---- the step table ----------------------------------------------------------- */

typedef adx_error_t (*step_fn)(run_t *r, const adx_study_step_t *st);

/* X(name, needs data, handler) for the steps the library runs itself. */
#define STUDY_STEPS(X)                                                                     \
    X("data", 0, step_data)                                                                \
    X("scale", 1, step_compute)                                                            \
    X("compute", 1, step_compute)                                                          \
    X("reverse", 1, step_reverse)                                                          \
    X("keep", 1, step_keep)                                                                \
    X("drop", 1, step_keep)                                                                \
    X("title", 0, step_title)                                                              \
    X("section", 0, step_layout)                                                           \
    X("subsection", 0, step_layout)                                                        \
    X("text", 0, step_layout)                                                              \
    X("table", 1, step_table)                                                              \
    X("sample", 1, step_sample)                                                            \
    X("label", 1, step_label)                                                              \
    X("labels", 0, step_label)

static const struct {
    const char *name;
    int needs_data;
    step_fn run;
} steps[] = {
#define X(n, d, f) {n, d, f},
    STUDY_STEPS(X)
#undef X
};

static const char *const step_names[] = {
#define X(n, d, f) n,
    STUDY_STEPS(X)
#undef X
        NULL};

const char *const *adx_study_builtin_steps(void) { return step_names; }

/* Runs one step; errors are prefixed with "FILE:LINE: STEP: ". */
static adx_error_t run_step(run_t *r, const adx_study_step_t *st)
{
    where_t w = {r->s, st, r->ctx};
    size_t i = 0;
    while (i < sizeof steps / sizeof steps[0] && strcmp(steps[i].name, st->command))
        i++;
    int builtin = i < sizeof steps / sizeof steps[0];
    adx_error_t rc;
    if (!r->ds && (builtin ? steps[i].needs_data : !data_free(st->command)))
        rc = adx_err(r->ctx, ADX_EUSAGE, "no data yet; put a 'data FILE' line before this step");
    else
        rc = builtin ? steps[i].run(r, st) : step_analysis(r, st);
    return rc == ADX_ENOMEM ? rc : at_line(&w, rc);
}

/* ---- the report ----------------------------------------------------------------- */

/* The response funnel of a survey database (docs/survey.md, status), before the
 * screening rules: a CONSORT-like count at each step and the AAPOR rates. */
static adx_error_t funnel_table(run_t *r, adx_report_t *rep)
{
    const adx_survey_status_t *f = r->funnel;
    static const char *what[] = {"Sampled (invited and open-link)", "Invited", "Not started",
                                 "Started", "Screened out (not eligible)", "Partial",
                                 "Completed", "Attention check failed", "Usable"};
    const size_t count[] = {f->sampled,  f->invited,   f->not_started,
                            f->started,  f->screened_out, f->partial,
                            f->completed, f->attention_failed, f->usable};
    static const char *cols[] = {"Step", "N"};
    adx_table_t *tb = adx_table_alloc("Response funnel (survey database)", 2, cols);
    int bad = !tb;
    for (size_t k = 0; !bad && k < sizeof what / sizeof what[0]; k++) {
        size_t row = adx_table_add_row(tb);
        bad = row == (size_t)-1 || adx_table_set_text(tb, row, 0, what[k]) ||
              adx_table_set_num(tb, row, 1, (double)count[k], ADX_NUM_INT, 0, NULL);
    }
    char note[256], pc[4][16];
    const double rate[4] = {f->rr1, f->rr2, f->coop, f->usable_share};
    for (int k = 0; k < 4; k++) /* a rate without a denominator is n/a, not nan */
        snprintf(pc[k], sizeof pc[k], isnan(rate[k]) ? "n/a%%" : "%.1f%%", 100 * rate[k]);
    snprintf(note, sizeof note, "AAPOR response rates: RR1 %s, RR2 %s, cooperation rate COOP1 "
             "%s; usable share of the sample %s.", pc[0], pc[1], pc[2], pc[3]);
    adx_report_t *tmp = bad ? NULL : adx_report_alloc();
    if (!tmp) {
        adx_table_free(tb);
        return ADX_ENOMEM;
    }
    bad = adx_report_add_table(tmp, tb) || adx_report_add_paragraph(tmp, note) ||
          adx_report_append(rep, tmp, 1);
    adx_report_free(tmp);
    return bad ? ADX_ENOMEM : ADX_OK;
}

/* The "Data and sample" section: cases read and analysed, the cleaning log. */
static adx_error_t data_section(run_t *r, adx_report_t *rep)
{
    char para[2048];
    if (adx_report_add_heading(rep, 2, "Data and sample"))
        return ADX_ENOMEM;
    if (!r->ds) /* a planning study: power and sample size before any data */
        return adx_report_add_paragraph(rep, "No data were read: the study plans the sample "
                                             "(power and sample size).") ? ADX_ENOMEM : ADX_OK;
    if (r->nlog)
        snprintf(para, sizeof para,
                 "The data file %s held %zu cases. After the screening rules below, %zu "
                 "cases were analysed.",
                 r->data_name, r->n_read, r->ds->nrows);
    else
        snprintf(para, sizeof para,
                 "The data file %s held %zu cases; all %zu were analysed (no screening "
                 "rules).",
                 r->data_name, r->n_read, r->ds->nrows);
    if (adx_report_add_paragraph(rep, para) || (r->funnel && funnel_table(r, rep)))
        return ADX_ENOMEM;
    if (!r->nlog)
        return ADX_OK;
    static const char *cols[] = {"Rule", "Cases before", "Removed", "Cases after"};
    adx_table_t *tb = adx_table_alloc("Sample screening (cleaning log)", 4, cols);
    int bad = !tb;
    for (size_t k = 0; !bad && k < r->nlog; k++) {
        const cleaning_t *e = &r->log[k];
        size_t row = adx_table_add_row(tb);
        bad = row == (size_t)-1 || adx_table_set_text(tb, row, 0, e->rule) ||
              adx_table_set_num(tb, row, 1, (double)e->before, ADX_NUM_INT, 0, NULL) ||
              adx_table_set_num(tb, row, 2, (double)e->removed, ADX_NUM_INT, 0, NULL) ||
              adx_table_set_num(tb, row, 3, (double)(e->before - e->removed), ADX_NUM_INT, 0,
                                NULL);
    }
    adx_report_t *tmp = bad ? NULL : adx_report_alloc();
    if (!tmp) {
        adx_table_free(tb);
        return ADX_ENOMEM;
    }
    /* (adx_report_add_table frees the table when it fails) */
    bad = adx_report_add_table(tmp, tb) || adx_report_append(rep, tmp, 1);
    adx_report_free(tmp);
    return bad ? ADX_ENOMEM : ADX_OK;
}

/* Renumbers the body's tables ("Table N.") after the `offset` ones before them. */
static adx_error_t renumber(adx_report_t *body, size_t offset)
{
    for (size_t k = 0; offset && k < body->nblocks; k++) {
        adx_block_t *b = &body->blocks[k];
        size_t num;
        char *rest = NULL;
        if (b->kind != ADX_BLOCK_TABLE || !b->table->title ||
            sscanf(b->table->title, "Table %zu.", &num) != 1 ||
            !(rest = strchr(b->table->title, '.')))
            continue;
        char *nt = malloc(strlen(rest) + 32);
        if (!nt)
            return ADX_ENOMEM;
        sprintf(nt, "Table %zu%s", num + offset, rest);
        free(b->table->title);
        b->table->title = nt;
    }
    return ADX_OK;
}

static adx_error_t study_json(run_t *r, adx_report_t *rep, const char *title)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return ADX_ENOMEM;
    rep->json = root;
    cJSON_AddStringToObject(root, "title", title);
    if (r->data_name)
        cJSON_AddStringToObject(root, "data", r->data_name);
    else
        cJSON_AddNullToObject(root, "data");
    cJSON_AddNumberToObject(root, "n_read", (double)r->n_read);
    cJSON_AddNumberToObject(root, "n_analysed", r->ds ? (double)r->ds->nrows : 0);
    cJSON *jl = cJSON_AddArrayToObject(root, "cleaning");
    for (size_t k = 0; jl && k < r->nlog; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(jl, e);
        cJSON_AddStringToObject(e, "rule", r->log[k].rule);
        cJSON_AddNumberToObject(e, "before", (double)r->log[k].before);
        cJSON_AddNumberToObject(e, "removed", (double)r->log[k].removed);
    }
    cJSON_AddItemToObject(root, "steps", r->jsteps);
    r->jsteps = NULL;
    return ADX_OK;
}

/* Assembles the report: title, data section with the cleaning log, methods, the
 * body. ADX_ENOMEM (no message) on failure. */
static adx_error_t assemble(run_t *r, adx_report_t *rep)
{
    const char *t = r->title ? r->title : "Study report";
    const char *base = strrchr(r->s->path, '/') ? strrchr(r->s->path, '/') + 1 : r->s->path;
    char para[2048];
    if (!(rep->title = adx__strdup(t)) || adx_report_add_heading(rep, 1, t) ||
        data_section(r, rep))
        return ADX_ENOMEM;
    snprintf(para, sizeof para, "Analyses were run with ambidex %s from the study file %s.%s%s",
             ADX_VERSION, base, r->methods ? " " : "", r->methods ? r->methods : "");
    if (adx_report_add_paragraph(rep, para) || renumber(r->body, rep->ntables) ||
        adx_report_append(rep, r->body, 0))
        return ADX_ENOMEM;
    return study_json(r, rep, t);
}

adx_error_t adx_study_run(const adx_study_t *s, const adx_study_options_t *o,
                          adx_study_exec_fn exec, void *user, adx_report_t **report,
                          adx_errctx_t *ctx)
{
    adx_study_options_t def;
    if (!o) {
        adx_study_options_init(&def);
        o = &def;
    }
    *report = NULL;
    run_t r = {.s = s, .o = o, .exec = exec, .user = user, .ctx = ctx, .labels = o->labels};
    adx_report_t *rep = adx_report_alloc();
    r.body = adx_report_alloc();
    r.jsteps = cJSON_CreateArray();
    adx_error_t rc = rep && r.body && r.jsteps ? ADX_OK : ADX_ENOMEM;
    for (size_t i = 0; !rc && i < s->nsteps; i++)
        rc = run_step(&r, &s->steps[i]);
    size_t nfree = 0; /* a study without data must have data-free steps (power) */
    for (size_t i = 0; i < s->nsteps; i++)
        nfree += data_free(s->steps[i].command);
    if (!rc && !r.ds && !nfree) {
        where_t w = {s, &s->steps[s->nsteps - 1], ctx};
        rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "the study never reads data; add 'data FILE'"));
    }
    if (!rc)
        rc = assemble(&r, rep);
    if (rc == ADX_ENOMEM)
        rc = adx_oom(ctx);
    if (!rc) {
        *report = rep;
        rep = NULL;
    }
    for (size_t k = 0; k < r.nlog; k++)
        free(r.log[k].rule);
    for (size_t k = 0; k < r.nnamed; k++)
        free(r.named[k].name);
    if (r.funnel)
        adx_survey_status_free(r.funnel);
    ADX__FREE(r.log, r.methods, r.data_path, r.named, r.funnel);
    cJSON_Delete(r.jsteps);
    adx_report_free(r.body);
    adx_report_free(rep);
    adx_dataset_free(r.ds);
    return rc;
}
