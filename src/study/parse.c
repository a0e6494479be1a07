/* Study files: the parser (docs/study.md). A step is one logical line: words,
 * "quoted text" (\" and \\ escapes), { blocks } that may span lines, a
 * backslash at the end of a line continues it, and # starts a comment. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_study.h"

static void free_step(adx_study_step_t *st)
{
    free(st->command);
    adx__free_strings(st->args, st->nargs);
    free(st->is_block);
    free(st->text);
}

void adx_study_free(adx_study_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsteps; i++)
        free_step(&s->steps[i]);
    ADX__FREE(s->steps, s->path, s->dir, s);
}

/* The reading position. */
typedef struct {
    const char *path;
    const char *p;  /* next character */
    const char *ls; /* start of the current physical line (for columns) */
    size_t line;
    adx_errctx_t *ctx;
} lex_t;

/* A backslash that continues the line ("\\\n" or "\\\r\n"); its length, or 0. */
static size_t continuation(const char *p)
{
    return p[0] != '\\' ? 0 : p[1] == '\n' ? 2 : (p[1] == '\r' && p[2] == '\n') ? 3 : 0;
}

/* Moves the token text to the step's arguments. ADX_ENOMEM (no message) on failure. */
static adx_error_t add_token(adx_study_step_t *st, adx__sb_t *tok, int block)
{
    char *t = adx__sb_take(tok);
    if (!t)
        return ADX_ENOMEM;
    char **a = realloc(st->args, (st->nargs + 1) * sizeof *a);
    if (a)
        st->args = a;
    int *b = a ? realloc(st->is_block, (st->nargs + 1) * sizeof *b) : NULL;
    if (!b) {
        free(t);
        return ADX_ENOMEM;
    }
    st->is_block = b;
    a[st->nargs] = t;
    b[st->nargs] = block;
    st->nargs++;
    return ADX_OK;
}

static adx_error_t read_quoted(lex_t *lx, adx__sb_t *tok)
{
    size_t l0 = lx->line, c0 = (size_t)(lx->p - lx->ls) + 1;
    const char *p = lx->p + 1;
    while (*p && *p != '"' && *p != '\n') {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        adx__sb_char(tok, *p++);
    }
    lx->p = *p == '"' ? p + 1 : p;
    if (*p != '"')
        return adx_err(lx->ctx, ADX_EPARSE, "%s:%zu: column %zu: the quoted text never ends; "
                                            "add the closing \" on the same line",
                       lx->path, l0, c0);
    return ADX_OK;
}

static adx_error_t read_block(lex_t *lx, adx__sb_t *tok)
{
    size_t l0 = lx->line, c0 = (size_t)(lx->p - lx->ls) + 1;
    int depth = 1;
    const char *p = lx->p + 1;
    while (*p && depth) {
        if (*p == '{')
            depth++;
        else if (*p == '}' && --depth == 0)
            break;
        if (*p == '\n') {
            lx->line++;
            lx->ls = p + 1;
        }
        adx__sb_char(tok, *p++);
    }
    lx->p = depth ? p : p + 1;
    if (depth)
        return adx_err(lx->ctx, ADX_EPARSE, "%s:%zu: column %zu: the { block is never closed; "
                                            "add the matching }",
                       lx->path, l0, c0);
    return ADX_OK;
}

static void read_word(lex_t *lx, adx__sb_t *tok)
{
    const char *p = lx->p;
    while (*p && !isspace((unsigned char)*p) && *p != '#' && *p != '"' && *p != '{' &&
           !continuation(p))
        adx__sb_char(tok, *p++);
    lx->p = p;
}

/* Reads the tokens of one logical line into st (the first token is still in
 * args[0]); *first_quoted is set when that token was quoted. */
static adx_error_t read_tokens(lex_t *lx, adx_study_step_t *st, adx__sb_t *tok,
                               int *first_quoted)
{
    for (;;) {
        char c = *lx->p;
        size_t cont = continuation(lx->p);
        adx_error_t rc = ADX_OK;
        if (c == 0 || c == '\n' || c == '#') {
            while (c == '#' && *lx->p && *lx->p != '\n')
                lx->p++;
            if (*lx->p == '\n') {
                lx->p++;
                lx->line++;
                lx->ls = lx->p;
            }
            return ADX_OK;
        }
        if (cont) {
            lx->p += cont;
            lx->line++;
            lx->ls = lx->p;
        } else if (isspace((unsigned char)c)) {
            lx->p++;
        } else if (c == '"') {
            if (!(rc = read_quoted(lx, tok)))
                rc = add_token(st, tok, 0);
            *first_quoted |= st->nargs == 1;
        } else if (c == '{') {
            if (!(rc = read_block(lx, tok)))
                rc = add_token(st, tok, 1);
        } else {
            read_word(lx, tok);
            rc = add_token(st, tok, 0);
        }
        if (rc)
            return rc;
    }
}

/* Collapses runs of blanks outside quotes into one space (continuation lines). */
static void collapse_blanks(char *s)
{
    size_t w = 0;
    int q = 0;
    for (size_t r = 0; s[r]; r++) {
        char ch = s[r];
        if (q && ch == '\\' && s[r + 1]) {
            s[w++] = ch;
            s[w++] = s[++r];
            continue;
        }
        if (ch == '"')
            q = !q;
        if (!q && isspace((unsigned char)ch)) {
            if (w && s[w - 1] == ' ')
                continue;
            ch = ' ';
        }
        s[w++] = ch;
    }
    s[w] = 0;
}

/* The raw text of a logical line [from, to) after its command word: comment
 * removed, continuations joined, quotes and blocks kept. NULL when out of memory. */
static char *raw_text(const char *from, const char *to)
{
    adx__sb_t raw = {0};
    int inq = 0, depth = 0;
    for (const char *q = from; q < to; q++) {
        if (inq && *q == '\\' && (q[1] == '"' || q[1] == '\\') && q + 1 < to) {
            /* an escaped quote or backslash inside quotes: keep both */
            adx__sb_put(&raw, q, 2);
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
            while (q < to && *q != '\n')
                q++;
            continue;
        }
        if (*q == '\\' && !inq && continuation(q)) {
            q += continuation(q) - 1;
            adx__sb_char(&raw, ' ');
            continue;
        }
        if ((*q == '\n' || *q == '\r') && !depth)
            continue;
        adx__sb_char(&raw, *q);
    }
    char *s = adx__sb_take(&raw);
    if (!s)
        return NULL;
    collapse_blanks(s);
    /* Drop the command word and trailing blanks. */
    const char *r = s;
    while (isspace((unsigned char)*r))
        r++;
    while (*r && !isspace((unsigned char)*r))
        r++;
    while (isspace((unsigned char)*r))
        r++;
    memmove(s, r, strlen(r) + 1);
    size_t tl = strlen(s);
    while (tl && isspace((unsigned char)s[tl - 1]))
        s[--tl] = 0;
    return s;
}

/* Makes the first token the step's command. */
static adx_error_t take_command(lex_t *lx, adx_study_step_t *st, int first_quoted)
{
    if (st->is_block[0])
        return adx_err(lx->ctx, ADX_EPARSE, "%s:%zu: a step starts with a { block; put the step "
                                            "name (e.g. cfa) before it",
                       lx->path, st->line);
    /* A quoted first token would make an empty or blank command (""), and the raw
     * text drops the first blank-delimited word, not the quoted token. */
    if (first_quoted)
        return adx_err(lx->ctx, ADX_EPARSE, "%s:%zu: a step starts with quoted text; put the "
                                            "step name (e.g. title) before it",
                       lx->path, st->line);
    st->command = st->args[0];
    memmove(st->args, st->args + 1, (st->nargs - 1) * sizeof *st->args);
    memmove(st->is_block, st->is_block + 1, (st->nargs - 1) * sizeof *st->is_block);
    st->nargs--;
    return ADX_OK;
}

/* Reads the next step into st; st->nargs == 0 (and no command) for a blank line. */
static adx_error_t read_step(lex_t *lx, adx_study_step_t *st, adx__sb_t *tok)
{
    const char *start = lx->p;
    int first_quoted = 0;
    st->line = lx->line;
    adx_error_t rc = read_tokens(lx, st, tok, &first_quoted);
    if (rc || st->nargs == 0)
        return rc;
    if (!(st->text = raw_text(start, lx->p)))
        return ADX_ENOMEM;
    return take_command(lx, st, first_quoted);
}

static adx_study_t *study_alloc(const char *path)
{
    adx_study_t *s = calloc(1, sizeof *s);
    const char *slash = strrchr(path, '/');
    if (s && (s->path = adx__strdup(path)))
        s->dir = slash ? adx__strndup(path, (size_t)(slash - path)) : adx__strdup(".");
    if (s && !s->dir) {
        adx_study_free(s);
        return NULL;
    }
    return s;
}

adx_error_t adx_study_parse_buffer(const char *text, const char *path, adx_study_t **out,
                                   adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    adx__sb_t tok = {0};
    adx_study_t *s = study_alloc(path);
    lex_t lx = {path, text, text, 1, ctx};
    if (!s)
        return adx_oom(ctx);
    if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        lx.p = lx.ls = text + 3;
    while (!rc && *lx.p) {
        adx_study_step_t st = {0};
        rc = read_step(&lx, &st, &tok);
        adx_study_step_t *ns = NULL;
        if (!rc && st.nargs == 0 && !st.command)
            continue;
        if (!rc && !(ns = realloc(s->steps, (s->nsteps + 1) * sizeof *ns)))
            rc = ADX_ENOMEM;
        if (rc) {
            free_step(&st);
            break;
        }
        s->steps = ns;
        ns[s->nsteps++] = st;
    }
    if (rc == ADX_ENOMEM)
        rc = adx_oom(ctx);
    else if (!rc && s->nsteps == 0)
        rc = adx_err(ctx, ADX_EEMPTY, "%s: the study file has no steps; start with a 'data' "
                                      "line", path);
    if (!rc) {
        *out = s;
        s = NULL;
    }
    adx__sb_free(&tok);
    adx_study_free(s);
    return rc;
}

adx_error_t adx_study_parse(const char *path, adx_study_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    char *buf = NULL;
    adx_error_t rc = adx_read_text_file(path, "study file", &buf, NULL, ctx);
    if (!rc)
        rc = adx_study_parse_buffer(buf, path, out, ctx);
    free(buf);
    return rc;
}
