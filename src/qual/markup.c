/* The inline markup of coded copies: {code1,code2 # memo: coded text}.
 * Segments may nest; \{ \} \\ are literal characters. Positions in messages
 * are line and column (code points) of the source; segment offsets are code
 * points of the text with the markup removed. */
#include <stdlib.h>
#include <string.h>

#include "qual_priv.h"

typedef struct {
    size_t first_seg, nsegs; /* segments opened by this brace */
    size_t line, col;        /* where the brace is */
} open_t;

/* The parser's state: input, output and position. */
typedef struct {
    const char *buf, *name;
    size_t len;
    adx_qmarkup_t *m;
    size_t capseg;
    open_t *stack;
    size_t nstack, capstack;
    size_t i, line, col; /* input position */
    size_t nb, nc;       /* output length in bytes and code points */
    adx_errctx_t *ctx;
} parser_t;

void adx_qmarkup_free(adx_qmarkup_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nsegs; i++) {
        free(m->codes[i]);
        free(m->memo[i]);
    }
    ADX__FREE(m->codes, m->memo, m->start, m->end, m->line, m->col, m->text, m);
}

/* realloc that keeps *p when it fails; returns 0 or -1. */
static int regrow(void **p, size_t n, size_t size)
{
    void *np = realloc(*p, n * size);
    if (!np)
        return -1;
    *p = np;
    return 0;
}

static int push_seg(adx_qmarkup_t *m, size_t *cap, char *code, char *memo, size_t start,
                    size_t line, size_t col)
{
    if (m->nsegs == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        int bad = regrow((void **)&m->codes, nc, sizeof *m->codes);
        bad |= regrow((void **)&m->memo, nc, sizeof *m->memo);
        bad |= regrow((void **)&m->start, nc, sizeof *m->start);
        bad |= regrow((void **)&m->end, nc, sizeof *m->end);
        bad |= regrow((void **)&m->line, nc, sizeof *m->line);
        bad |= regrow((void **)&m->col, nc, sizeof *m->col);
        if (bad)
            return -1;
        *cap = nc;
    }
    m->codes[m->nsegs] = code;
    m->memo[m->nsegs] = memo;
    m->start[m->nsegs] = start;
    m->end[m->nsegs] = start;
    m->line[m->nsegs] = line;
    m->col[m->nsegs] = col;
    m->nsegs++;
    return 0;
}

/* Copy of [a, b) without the blanks (space, tab) at both ends. */
static char *dup_trim(const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    return adx__strndup(a, (size_t)(b - a));
}

static open_t *push_open(parser_t *ps)
{
    if (ps->nstack == ps->capstack) {
        size_t ncap = ps->capstack ? ps->capstack * 2 : 8;
        if (regrow((void **)&ps->stack, ncap, sizeof *ps->stack))
            return NULL;
        ps->capstack = ncap;
    }
    open_t *o = &ps->stack[ps->nstack++];
    o->first_seg = ps->m->nsegs;
    o->nsegs = 0;
    o->line = ps->line;
    o->col = ps->col;
    return o;
}

/* One segment per code name of the header [hb, ce), each with its own copy of memo. */
static adx_error_t header_codes(parser_t *ps, open_t *o, const char *hb, const char *ce,
                                const char *memo)
{
    const char *p = hb;
    while (p <= ce) {
        const char *q = p;
        while (q < ce && *q != ',')
            q++;
        size_t ccol = ps->col + 1 + adx__qual_u8len(hb, (size_t)(p - hb));
        while (p < q && (*p == ' ' || *p == '\t')) {
            p++;
            ccol++;
        }
        char *code = dup_trim(p, q);
        if (!code)
            return adx_oom(ps->ctx);
        if (!*code) {
            free(code);
            return adx_err(ps->ctx, ADX_EPARSE,
                           "%s:%zu: column %zu: empty code name in '{...:'; write "
                           "{code1,code2: text}",
                           ps->name, ps->line, ccol);
        }
        char *mm = NULL;
        if ((memo && !(mm = adx__strdup(memo))) ||
            push_seg(ps->m, &ps->capseg, code, mm, ps->nc, ps->line, ccol)) {
            free(code);
            free(mm);
            return adx_oom(ps->ctx);
        }
        o->nsegs++;
        p = q + 1;
    }
    return ADX_OK;
}

/* '{' at ps->i: the header "codes [# memo]:" up to ':' on the same line. */
static adx_error_t open_brace(parser_t *ps)
{
    const char *buf = ps->buf;
    size_t i = ps->i, j = i + 1;
    while (j < ps->len && buf[j] != ':' && buf[j] != '\n' && buf[j] != '{' && buf[j] != '}')
        j++;
    if (j >= ps->len || buf[j] != ':')
        return adx_err(ps->ctx, ADX_EPARSE,
                       "%s:%zu: column %zu: '{' opens a coded segment but no ':' follows "
                       "the code names on this line; write {code: text} or escape a "
                       "literal brace as \\{",
                       ps->name, ps->line, ps->col);
    const char *hb = buf + i + 1, *he = buf + j;
    const char *hash = memchr(hb, '#', (size_t)(he - hb));
    char *memo = NULL;
    if (hash) {
        if (!(memo = dup_trim(hash + 1, he)))
            return adx_oom(ps->ctx);
        if (!*memo) {
            free(memo);
            memo = NULL;
        }
    }
    open_t *o = push_open(ps);
    adx_error_t rc = o ? header_codes(ps, o, hb, hash ? hash : he, memo) : adx_oom(ps->ctx);
    free(memo);
    if (rc)
        return rc;
    /* Skip the ':' and the blanks after it. */
    ps->col += adx__qual_u8len(buf + i, j + 1 - i);
    ps->i = j + 1;
    while (ps->i < ps->len && (buf[ps->i] == ' ' || buf[ps->i] == '\t')) {
        ps->i++;
        ps->col++;
    }
    for (size_t s = o->first_seg; s < o->first_seg + o->nsegs; s++)
        ps->m->start[s] = ps->m->end[s] = ps->nc;
    return ADX_OK;
}

/* '}' at ps->i: closes the innermost open segment. */
static adx_error_t close_brace(parser_t *ps)
{
    if (ps->nstack == 0)
        return adx_err(ps->ctx, ADX_EPARSE,
                       "%s:%zu: column %zu: '}' closes no coded segment; remove it or "
                       "escape a literal brace as \\}",
                       ps->name, ps->line, ps->col);
    open_t *o = &ps->stack[--ps->nstack];
    if (ps->nc == ps->m->start[o->first_seg])
        return adx_err(ps->ctx, ADX_EPARSE,
                       "%s:%zu: column %zu: the coded segment opened here is empty; put "
                       "the coded text between ':' and '}'",
                       ps->name, o->line, o->col);
    for (size_t s = o->first_seg; s < o->first_seg + o->nsegs; s++)
        ps->m->end[s] = ps->nc;
    ps->i++;
    ps->col++;
    return ADX_OK;
}

/* One character of text (or an escaped brace or backslash) at ps->i. */
static void text_char(parser_t *ps)
{
    const char *buf = ps->buf;
    unsigned char ch = (unsigned char)buf[ps->i];
    if (ch == '\\' && ps->i + 1 < ps->len &&
        (buf[ps->i + 1] == '{' || buf[ps->i + 1] == '}' || buf[ps->i + 1] == '\\')) {
        ps->m->text[ps->nb++] = buf[ps->i + 1];
        ps->nc++;
        ps->i += 2;
        ps->col += 2;
        return;
    }
    ps->m->text[ps->nb++] = (char)ch;
    if ((ch & 0xC0) != 0x80) {
        ps->nc++;
        ps->col++;
    }
    if (ch == '\n') {
        ps->line++;
        ps->col = 1;
    }
    ps->i++;
}

adx_error_t adx_qmarkup_parse(const char *buf, size_t len, const char *name,
                              adx_qmarkup_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    parser_t ps = {.buf = buf, .name = name, .len = len, .line = 1, .col = 1, .ctx = ctx};
    if (!(ps.m = calloc(1, sizeof *ps.m)) || !(ps.m->text = malloc(len + 1))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    while (!rc && ps.i < len) {
        if (buf[ps.i] == '{')
            rc = open_brace(&ps);
        else if (buf[ps.i] == '}')
            rc = close_brace(&ps);
        else
            text_char(&ps);
    }
    if (rc)
        goto cleanup;
    if (ps.nstack > 0) {
        open_t *o = &ps.stack[ps.nstack - 1];
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s:%zu: column %zu: '{' is never closed; end the coded segment with '}'",
                     name, o->line, o->col);
        goto cleanup;
    }
    ps.m->text[ps.nb] = '\0';
    ps.m->nbytes = ps.nb;
    ps.m->nchars = ps.nc;
    *out = ps.m;
    ps.m = NULL;
cleanup:
    free(ps.stack);
    adx_qmarkup_free(ps.m);
    return rc;
}
