/* Study files: parser and runner. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../data/dataset_priv.h"
#include "ambidex/adx_study.h"

#ifndef ADX_VERSION
#define ADX_VERSION "0.1.0"
#endif

void adx_study_options_init(adx_study_options_t *o) { o->check_only = 0; }

void adx_study_free(adx_study_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsteps; i++) {
        adx_study_step_t *st = &s->steps[i];
        free(st->command);
        for (size_t a = 0; a < st->nargs; a++)
            free(st->args[a]);
        free(st->args);
        free(st->is_block);
        free(st->text);
    }
    free(s->steps);
    free(s->path);
    free(s->dir);
    free(s);
}

/* Growable string. */
typedef struct {
    char *s;
    size_t len, cap;
} str_t;

static int str_putc(str_t *b, char c)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *p = realloc(b->s, cap);
        if (!p)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    b->s[b->len++] = c;
    b->s[b->len] = 0;
    return 0;
}

static adx_error_t add_token(adx_study_step_t *st, str_t *tok, int block)
{
    char **a = realloc(st->args, (st->nargs + 1) * sizeof *a);
    if (!a)
        return ADX_ENOMEM;
    st->args = a;
    int *b = realloc(st->is_block, (st->nargs + 1) * sizeof *b);
    if (!b)
        return ADX_ENOMEM;
    st->is_block = b;
    if (!tok->s && str_putc(tok, 0) == 0)
        tok->len = 0;
    if (!tok->s)
        return ADX_ENOMEM;
    a[st->nargs] = tok->s;
    b[st->nargs] = block;
    st->nargs++;
    tok->s = NULL;
    tok->len = tok->cap = 0;
    return ADX_OK;
}

adx_error_t adx_study_parse_buffer(const char *text, const char *path, adx_study_t **out,
                                   adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    str_t tok = {0};
    adx_study_t *s = calloc(1, sizeof *s);
    if (!s || !(s->path = adx__strdup(path)))
        goto oom;
    {
        const char *slash = strrchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : 1;
        if (!(s->dir = malloc(n + 1)))
            goto oom;
        memcpy(s->dir, slash ? path : ".", n);
        s->dir[n] = 0;
    }
    const char *p = text;
    size_t line = 1;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    while (*p) {
        /* One logical line (a step). */
        adx_study_step_t st = {0};
        st.line = line;
        const char *ls = p, *raw0 = p;
        int done = 0, first_quoted = 0;
        while (!done) {
            char c = *p;
            if (c == 0 || c == '\n' || c == '#') {
                if (c == '#')
                    while (*p && *p != '\n')
                        p++;
                if (*p == '\n') {
                    p++;
                    line++;
                    ls = p;
                }
                done = 1;
            } else if (c == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) {
                p += p[1] == '\n' ? 2 : 3;
                line++;
                ls = p;
            } else if (isspace((unsigned char)c)) {
                p++;
            } else if (c == '"') {
                size_t l0 = line, c0 = (size_t)(p - ls) + 1;
                p++;
                while (*p && *p != '"' && *p != '\n') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                        p++;
                    if (str_putc(&tok, *p++))
                        goto oom;
                }
                if (*p != '"') {
                    rc = adx_err(ctx, ADX_EPARSE,
                                 "%s:%zu: column %zu: the quoted text never ends; add the "
                                 "closing \" on the same line",
                                 path, l0, c0);
                    goto fail_step;
                }
                p++;
                first_quoted |= st.nargs == 0;
                if ((rc = add_token(&st, &tok, 0)))
                    goto fail_step;
            } else if (c == '{') {
                size_t l0 = line, c0 = (size_t)(p - ls) + 1;
                int depth = 1;
                p++;
                while (*p && depth) {
                    if (*p == '{')
                        depth++;
                    else if (*p == '}' && --depth == 0)
                        break;
                    if (*p == '\n') {
                        line++;
                        ls = p + 1;
                    }
                    if (str_putc(&tok, *p++))
                        goto oom;
                }
                if (depth) {
                    rc = adx_err(ctx, ADX_EPARSE,
                                 "%s:%zu: column %zu: the { block is never closed; add the "
                                 "matching }",
                                 path, l0, c0);
                    goto fail_step;
                }
                p++;
                if ((rc = add_token(&st, &tok, 1)))
                    goto fail_step;
            } else {
                while (*p && !isspace((unsigned char)*p) && *p != '#' && *p != '"' &&
                       *p != '{' &&
                       !(*p == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))))
                    if (str_putc(&tok, *p++))
                        goto oom;
                if ((rc = add_token(&st, &tok, 0)))
                    goto fail_step;
            }
        }
        if (st.nargs == 0)
            continue;
        {
            /* Raw text of the logical line: no comment, continuations joined. */
            str_t raw = {0};
            int inq = 0, depth = 0;
            for (const char *q = raw0; q < p; q++) {
                if (inq && *q == '\\' && (q[1] == '"' || q[1] == '\\') && q + 1 < p) {
                    /* an escaped quote or backslash inside quotes: keep both */
                    if (str_putc(&raw, *q) || str_putc(&raw, q[1]))
                        goto oom_raw;
                    q++;
                    continue;
                }
                if (*q == '"' && !depth)
                    inq = !inq;
                else if (*q == '{' && !inq)
                    depth++;
                else if (*q == '}' && !inq && depth)
                    depth--;
                if (*q == '#' && !inq && !depth) {
                    while (q < p && *q != '\n')
                        q++;
                    continue;
                }
                if (*q == '\\' && !inq && (q[1] == '\n' || (q[1] == '\r' && q[2] == '\n'))) {
                    q += q[1] == '\n' ? 1 : 2;
                    if (str_putc(&raw, ' '))
                        goto oom_raw;
                    continue;
                }
                if ((*q == '\n' || *q == '\r') && !depth)
                    continue;
                if (str_putc(&raw, *q))
                    goto oom_raw;
            }
            /* Collapse runs of blanks outside quotes (continuation lines). */
            if (raw.s) {
                size_t w = 0;
                int q = 0;
                for (size_t r = 0; raw.s[r]; r++) {
                    char ch = raw.s[r];
                    if (q && ch == '\\' && raw.s[r + 1]) {
                        raw.s[w++] = ch;
                        raw.s[w++] = raw.s[++r];
                        continue;
                    }
                    if (ch == '"')
                        q = !q;
                    if (!q && isspace((unsigned char)ch)) {
                        if (w && raw.s[w - 1] == ' ')
                            continue;
                        ch = ' ';
                    }
                    raw.s[w++] = ch;
                }
                raw.s[w] = 0;
            }
            /* Drop the command word. */
            const char *r = raw.s ? raw.s : "";
            while (isspace((unsigned char)*r))
                r++;
            while (*r && !isspace((unsigned char)*r))
                r++;
            while (isspace((unsigned char)*r))
                r++;
            st.text = adx__strdup(r);
            free(raw.s);
            if (st.text) {
                size_t tl = strlen(st.text);
                while (tl && isspace((unsigned char)st.text[tl - 1]))
                    st.text[--tl] = 0;
            }
            if (!st.text)
                goto oom_raw;
            goto raw_done;
        oom_raw:
            free(raw.s);
            rc = ADX_ENOMEM;
            goto fail_step;
        }
    raw_done:
        if (st.is_block[0]) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: a step starts with a { block; put the "
                                          "step name (e.g. cfa) before it",
                         path, st.line);
            goto fail_step;
        }
        /* A quoted first token would make an empty or blank command (""), and
         * the raw text below drops the first blank-delimited word, not the
         * quoted token. */
        if (first_quoted) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: a step starts with quoted text; put the "
                                          "step name (e.g. title) before it",
                         path, st.line);
            goto fail_step;
        }
        /* The first token is the command. */
        st.command = st.args[0];
        memmove(st.args, st.args + 1, (st.nargs - 1) * sizeof *st.args);
        memmove(st.is_block, st.is_block + 1, (st.nargs - 1) * sizeof *st.is_block);
        st.nargs--;
        adx_study_step_t *ns = realloc(s->steps, (s->nsteps + 1) * sizeof *ns);
        if (!ns) {
            rc = ADX_ENOMEM;
            goto fail_step;
        }
        s->steps = ns;
        ns[s->nsteps++] = st;
        continue;
    fail_step:
        free(st.text);
        free(st.command);
        for (size_t a = 0; a < st.nargs; a++)
            free(st.args[a]);
        free(st.args);
        free(st.is_block);
        if (rc == ADX_ENOMEM)
            goto oom;
        goto cleanup;
    }
    if (s->nsteps == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the study file has no steps; start with a 'data' "
                                      "line",
                     path);
        goto cleanup;
    }
    *out = s;
    s = NULL;
    goto cleanup;
oom:
    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
cleanup:
    free(tok.s);
    adx_study_free(s);
    return rc;
}

adx_error_t adx_study_parse(const char *path, adx_study_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return adx_err(ctx, ADX_EIO, "%s: cannot open: %s; check the path", path,
                       strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    adx_error_t rc = ADX_OK;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (64u << 20)) {
                rc = adx_err(ctx, ADX_EPARSE, "%s: study file larger than 64 MB", path);
                goto done;
            }
            char *b = realloc(buf, cap);
            if (!b) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto done;
            }
            buf = b;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    buf[len] = 0;
    if (memchr(buf, 0, len)) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: this is not a text file", path);
        goto done;
    }
    rc = adx_study_parse_buffer(buf, path, out, ctx);
done:
    free(buf);
    fclose(f);
    return rc;
}

/* ---- Runner ------------------------------------------------------------ */

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
    snprintf(out, n, "%s if ", cmd);
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
    adx_error_t rc = ADX_OK;
    adx_dataset_t *ds = NULL;
    adx_report_t *rep = adx_report_alloc(), *body = adx_report_alloc();
    cleaning_t *log = NULL;
    size_t nlog = 0, n_read = 0;
    char *methods = NULL, *data_path = NULL;
    const char *data_name = NULL; /* the path as written in the study file */
    size_t mlen = 0;
    const char *title = NULL;
    cJSON *jsteps = cJSON_CreateArray();
    where_t w = {s, NULL, ctx};
    if (!rep || !body || !jsteps)
        goto oom;

    for (size_t i = 0; i < s->nsteps; i++) {
        const adx_study_step_t *st = &s->steps[i];
        const char *cmd = st->command;
        w.st = st;
        if (!strcmp(cmd, "title")) {
            if (st->nargs != 1) {
                rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "give the title in quotes"));
                goto cleanup;
            }
            title = st->args[0];
            continue;
        }
        if (!strcmp(cmd, "section") || !strcmp(cmd, "subsection") || !strcmp(cmd, "text")) {
            char *t = join_args(st, 0, " ");
            if (!t)
                goto oom;
            adx_error_t e = cmd[0] == 't' ? adx_report_add_paragraph(body, t)
                                          : adx_report_add_heading(body, cmd[0] == 's' && cmd[1] == 'e' ? 2 : 3, t);
            free(t);
            if (e)
                goto oom;
            continue;
        }
        if (!strcmp(cmd, "data")) {
            if (st->nargs < 1) {
                rc = at_line(&w, adx_err(ctx, ADX_EUSAGE,
                                         "usage: data FILE [missing -99,999] [sep ;] "
                                         "[decimal ,]"));
                goto cleanup;
            }
            adx_read_options_t ro;
            adx_read_options_init(&ro);
            double na[64];
            for (size_t a = 1; a + 1 < st->nargs + 1; a += 2) {
                const char *k = st->args[a], *v = a + 1 < st->nargs ? st->args[a + 1] : NULL;
                if (!v) {
                    rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "'%s' needs a value", k));
                    goto cleanup;
                }
                if (!strcmp(k, "missing")) {
                    const char *q = v;
                    while (*q && ro.n_na_codes < 64) {
                        char *end;
                        double x = strtod(q, &end);
                        if (end == q || (*end && *end != ',')) {
                            rc = at_line(&w, adx_err(ctx, ADX_EUSAGE,
                                                     "missing takes numbers separated by "
                                                     "commas, e.g. missing -99,999"));
                            goto cleanup;
                        }
                        na[ro.n_na_codes++] = x;
                        q = *end ? end + 1 : end;
                    }
                    ro.na_codes = na;
                } else if (!strcmp(k, "sep")) {
                    ro.sep = !strcmp(v, "tab") ? '\t' : v[0];
                } else if (!strcmp(k, "decimal")) {
                    ro.decimal = v[0];
                } else {
                    rc = at_line(&w, adx_err(ctx, ADX_EUSAGE,
                                             "unknown data option '%s'; use missing, sep or "
                                             "decimal",
                                             k));
                    goto cleanup;
                }
            }
            const char *f = st->args[0];
            data_name = f;
            free(data_path);
            size_t need = strlen(s->dir) + strlen(f) + 2;
            if (!(data_path = malloc(need)))
                goto oom;
            if (f[0] == '/')
                snprintf(data_path, need, "%s", f);
            else
                snprintf(data_path, need, "%s/%s", s->dir, f);
            adx_dataset_free(ds);
            ds = NULL;
            if ((rc = adx_read_file(data_path, &ro, &ds, ctx))) {
                rc = at_line(&w, rc);
                goto cleanup;
            }
            n_read = ds->nrows;
            continue;
        }
        if (!ds) {
            rc = at_line(&w, adx_err(ctx, ADX_EUSAGE,
                                     "no data yet; put a 'data FILE' line before this step"));
            goto cleanup;
        }
        if (!strcmp(cmd, "compute") || !strcmp(cmd, "scale")) {
            char *t = adx__strdup(st->text);
            if (!t)
                goto oom;
            if (cmd[0] == 's') {
                /* scale NAME = a b c  ->  NAME = mean(a, b, c); "sum" as last word sums */
                char *eq = strchr(t, '=');
                int sum = st->nargs >= 3 && !strcmp(st->args[st->nargs - 1], "sum");
                if (!eq || st->nargs < 3 || strcmp(st->args[1], "=")) {
                    free(t);
                    rc = at_line(&w, adx_err(ctx, ADX_EUSAGE,
                                             "usage: scale NAME = item1 item2 ... [sum]"));
                    goto cleanup;
                }
                size_t last = st->nargs - (sum ? 1 : 0);
                char *items = NULL;
                {
                    adx_study_step_t tmp = *st;
                    tmp.nargs = last;
                    items = join_args(&tmp, 2, ", ");
                }
                size_t need = strlen(st->args[0]) + strlen(items ? items : "") + 16;
                char *expr = items ? malloc(need) : NULL;
                if (expr)
                    snprintf(expr, need, "%s = %s(%s)", st->args[0], sum ? "sum" : "mean", items);
                free(items);
                free(t);
                if (!expr)
                    goto oom;
                t = expr;
            }
            rc = adx_compute(ds, t, ctx);
            free(t);
            if (rc) {
                rc = at_line(&w, rc);
                goto cleanup;
            }
            continue;
        }
        if (!strcmp(cmd, "reverse")) {
            /* reverse ITEM... range LO HI  (in place) */
            if (st->nargs < 4 || strcmp(st->args[st->nargs - 3], "range")) {
                rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "usage: reverse ITEM... range LO HI"));
                goto cleanup;
            }
            for (size_t a = 0; a + 3 < st->nargs; a++) {
                char expr[1024];
                snprintf(expr, sizeof expr, "%s = rev(%s, %s, %s)", st->args[a], st->args[a],
                         st->args[st->nargs - 2], st->args[st->nargs - 1]);
                if ((rc = adx_compute(ds, expr, ctx))) {
                    rc = at_line(&w, rc);
                    goto cleanup;
                }
            }
            continue;
        }
        if (!strcmp(cmd, "keep") || !strcmp(cmd, "drop")) {
            if (st->nargs < 2 || strcmp(st->args[0], "if")) {
                rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "usage: %s if CONDITION", cmd));
                goto cleanup;
            }
            /* The condition is the raw text after "if" (quotes kept). */
            const char *c0 = strstr(st->text, "if") + 2;
            while (isspace((unsigned char)*c0))
                c0++;
            char *cond = adx__strdup(c0);
            double *v = NULL;
            if (!cond)
                goto oom;
            rc = adx_eval(ds, cond, &v, ctx);
            if (rc) {
                free(cond);
                rc = at_line(&w, rc);
                goto cleanup;
            }
            unsigned char *keep = malloc(ds->nrows ? ds->nrows : 1);
            cleaning_t *nl = realloc(log, (nlog + 1) * sizeof *nl);
            if (!keep || !nl) {
                free(keep);
                free(v);
                free(cond);
                if (nl)
                    log = nl;
                goto oom;
            }
            log = nl;
            size_t removed = 0;
            for (size_t r = 0; r < ds->nrows; r++) {
                /* keep if: only true cases stay; drop if: only true cases go. */
                keep[r] = cmd[0] == 'k' ? (v[r] == 1) : !(v[r] == 1);
                removed += !keep[r];
            }
            log[nlog].before = ds->nrows;
            log[nlog].removed = removed;
            log[nlog].rule = rule_label(cmd, cond);
            nlog++;
            adx_dataset_keep(ds, keep, ctx);
            free(keep);
            free(v);
            free(cond);
            if (!log[nlog - 1].rule)
                goto oom;
            if (ds->nrows == 0) {
                rc = at_line(&w, adx_err(ctx, ADX_EEMPTY,
                                         "no case is left after this rule; check the "
                                         "condition"));
                goto cleanup;
            }
            continue;
        }
        /* An analysis step: the callback runs it. */
        if (o->check_only)
            continue;
        adx_report_t *sr = NULL;
        char *msent = NULL;
        rc = exec(user, st, ds, &sr, &msent, ctx);
        if (rc) {
            adx_report_free(sr);
            free(msent);
            rc = at_line(&w, rc);
            goto cleanup;
        }
        if (msent && methods && strstr(methods, msent)) {
            free(msent); /* the same sentence from an earlier step */
            msent = NULL;
        }
        if (msent) {
            size_t add = strlen(msent) + 2;
            char *m = realloc(methods, mlen + add + 1);
            if (!m) {
                free(msent);
                adx_report_free(sr);
                goto oom;
            }
            methods = m;
            snprintf(methods + mlen, add + 1, "%s%s", mlen ? " " : "", msent);
            mlen = strlen(methods);
            free(msent);
        }
        cJSON *js = cJSON_CreateObject();
        if (!js) {
            adx_report_free(sr);
            goto oom;
        }
        cJSON_AddItemToArray(jsteps, js);
        cJSON_AddNumberToObject(js, "line", (double)st->line);
        cJSON_AddStringToObject(js, "step", cmd);
        cJSON *ja = cJSON_AddArrayToObject(js, "args");
        for (size_t a = 0; ja && a < st->nargs; a++)
            cJSON_AddItemToArray(ja, cJSON_CreateString(st->args[a]));
        if (sr->json) {
            cJSON_AddItemToObject(js, "result", sr->json);
            sr->json = NULL;
        }
        adx_error_t e = adx_report_append(body, sr, 1);
        adx_report_free(sr);
        if (e)
            goto oom;
    }
    if (!ds) {
        w.st = &s->steps[s->nsteps - 1];
        rc = at_line(&w, adx_err(ctx, ADX_EUSAGE, "the study never reads data; add 'data FILE'"));
        goto cleanup;
    }

    /* Assemble: title, data section with the cleaning log, methods, the body. */
    {
        const char *t = title ? title : "Study report";
        if (!(rep->title = adx__strdup(t)) || adx_report_add_heading(rep, 1, t))
            goto oom;
        char para[2048];
        if (adx_report_add_heading(rep, 2, "Data and sample"))
            goto oom;
        snprintf(para, sizeof para,
                 "The data file %s held %zu cases. After the screening rules below, %zu "
                 "cases were analysed.",
                 data_name, n_read, ds->nrows);
        if (!nlog)
            snprintf(para, sizeof para,
                     "The data file %s held %zu cases; all %zu were analysed (no screening "
                     "rules).",
                     data_name, n_read, ds->nrows);
        if (adx_report_add_paragraph(rep, para))
            goto oom;
        if (nlog) {
            static const char *cols[] = {"Rule", "Cases before", "Removed", "Cases after"};
            adx_table_t *tb = adx_table_alloc("Sample screening (cleaning log)", 4, cols);
            if (!tb)
                goto oom;
            for (size_t k = 0; k < nlog; k++) {
                size_t r = adx_table_add_row(tb);
                if (r == (size_t)-1 || adx_table_set_text(tb, r, 0, log[k].rule) ||
                    adx_table_set_num(tb, r, 1, (double)log[k].before, ADX_NUM_INT, 0, NULL) ||
                    adx_table_set_num(tb, r, 2, (double)log[k].removed, ADX_NUM_INT, 0, NULL) ||
                    adx_table_set_num(tb, r, 3, (double)(log[k].before - log[k].removed),
                                      ADX_NUM_INT, 0, NULL)) {
                    adx_table_free(tb);
                    goto oom;
                }
            }
            adx_report_t *tmp = adx_report_alloc();
            if (!tmp || adx_report_add_table(tmp, tb) || adx_report_append(rep, tmp, 1)) {
                adx_report_free(tmp);
                goto oom;
            }
            adx_report_free(tmp);
        }
        snprintf(para, sizeof para,
                 "Analyses were run with ambidex %s from the study file %s.%s%s", ADX_VERSION,
                 strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path, methods ? " " : "",
                 methods ? methods : "");
        if (adx_report_add_paragraph(rep, para))
            goto oom;
        /* Renumber the body's tables after the ones already in rep. */
        size_t offset = rep->ntables;
        for (size_t k = 0; k < body->nblocks; k++) {
            adx_block_t *b = &body->blocks[k];
            if (b->kind != ADX_BLOCK_TABLE || !offset || !b->table->title)
                continue;
            size_t num;
            char *rest = NULL;
            if (sscanf(b->table->title, "Table %zu.", &num) == 1 &&
                (rest = strchr(b->table->title, '.'))) {
                char *nt = malloc(strlen(rest) + 32);
                if (!nt)
                    goto oom;
                sprintf(nt, "Table %zu%s", num + offset, rest);
                free(b->table->title);
                b->table->title = nt;
            }
        }
        if (adx_report_append(rep, body, 0))
            goto oom;
        cJSON *root = cJSON_CreateObject();
        if (!root)
            goto oom;
        rep->json = root;
        cJSON_AddStringToObject(root, "title", t);
        cJSON_AddStringToObject(root, "data", data_name);
        cJSON_AddNumberToObject(root, "n_read", (double)n_read);
        cJSON_AddNumberToObject(root, "n_analysed", (double)ds->nrows);
        cJSON *jl = cJSON_AddArrayToObject(root, "cleaning");
        for (size_t k = 0; jl && k < nlog; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToArray(jl, e);
            cJSON_AddStringToObject(e, "rule", log[k].rule);
            cJSON_AddNumberToObject(e, "before", (double)log[k].before);
            cJSON_AddNumberToObject(e, "removed", (double)log[k].removed);
        }
        cJSON_AddItemToObject(root, "steps", jsteps);
        jsteps = NULL;
    }
    *report = rep;
    rep = NULL;
    goto cleanup;
oom:
    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
cleanup:
    for (size_t k = 0; k < nlog; k++)
        free(log[k].rule);
    free(log);
    free(methods);
    free(data_path);
    cJSON_Delete(jsteps);
    adx_report_free(body);
    adx_report_free(rep);
    adx_dataset_free(ds);
    return rc;
}
