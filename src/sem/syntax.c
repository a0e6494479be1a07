/* lavaan model syntax: tokenizer, statement parser and := expressions. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sem_priv.h"

const char *adx_sem_op_name(adx_sem_op_t op)
{
    switch (op) {
    case ADX_SEM_MEASURE: return "=~";
    case ADX_SEM_REGRESS: return "~";
    case ADX_SEM_COV: return "~~";
    case ADX_SEM_DEFINE: return ":=";
    case ADX_SEM_INTERCEPT: return "~1";
    case ADX_SEM_FORMATIVE: return "<~";
    case ADX_SEM_THRESHOLD: return "|";
    case ADX_SEM_SCALE: return "~*~";
    }
    return "?";
}

/* ---- := expressions ------------------------------------------------------ */

typedef enum { E_NUM, E_VAR, E_NEG, E_ADD, E_SUB, E_MUL, E_DIV, E_POW, E_FUN } ekind_t;

struct adx_expr {
    ekind_t kind;
    double num;
    char *name; /* E_VAR: label; E_FUN: function name */
    struct adx_expr *a, *b;
};

typedef struct {
    const char *s;
    size_t pos;
    const char *err;
    size_t errpos;
    int depth;    /* current nesting of '(', unary '-', '^' and function calls */
    size_t nodes; /* nodes built so far */
} eparser_t;

/* Limits on a := expression. Parsing, adx__expr_eval() and adx__expr_free() recurse
 * once per level of the tree, so hostile text (100000 '(' or 'x+x+...+x') would
 * overflow the C stack; real defined parameters are a few nodes. */
#define ADX_EXPR_MAX_DEPTH 200
#define ADX_EXPR_MAX_NODES 2000

void adx__expr_free(adx__expr_t *e)
{
    if (!e)
        return;
    adx__expr_free(e->a);
    adx__expr_free(e->b);
    free(e->name);
    free(e);
}

static adx__expr_t *enode(ekind_t k, adx__expr_t *a, adx__expr_t *b)
{
    adx__expr_t *e = calloc(1, sizeof *e);
    if (!e) {
        adx__expr_free(a);
        adx__expr_free(b);
        return NULL;
    }
    e->kind = k;
    e->a = a;
    e->b = b;
    return e;
}

static void eskip(eparser_t *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
        p->pos++;
}

static adx__expr_t *efail(eparser_t *p, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->errpos = p->pos;
    }
    return NULL;
}

static adx__expr_t *eparse_sum(eparser_t *p);
static adx__expr_t *eparse_atom_inner(eparser_t *p);
static adx__expr_t *eparse_pow_inner(eparser_t *p);

/* Counts a node built from a and b; fails (freeing them) past the node limit. */
static adx__expr_t *pnode(eparser_t *p, ekind_t k, adx__expr_t *a, adx__expr_t *b)
{
    if (++p->nodes > ADX_EXPR_MAX_NODES) {
        adx__expr_free(a);
        adx__expr_free(b);
        return efail(p, "expression too long (more than 2000 terms); split it into several "
                        "defined parameters");
    }
    return enode(k, a, b);
}

static adx__expr_t *enter(eparser_t *p, adx__expr_t *(*f)(eparser_t *))
{
    if (p->depth >= ADX_EXPR_MAX_DEPTH)
        return efail(p, "expression nested too deeply (more than 200 levels)");
    p->depth++;
    adx__expr_t *e = f(p);
    p->depth--;
    return e;
}

static adx__expr_t *eparse_atom(eparser_t *p) { return enter(p, eparse_atom_inner); }
static adx__expr_t *eparse_pow(eparser_t *p) { return enter(p, eparse_pow_inner); }

static int is_ident_start(int c) { return isalpha(c) || c == '_' || c == '.'; }
static int is_ident_char(int c) { return isalnum(c) || c == '_' || c == '.'; }

static adx__expr_t *eparse_atom_inner(eparser_t *p)
{
    eskip(p);
    char c = p->s[p->pos];
    if (c == '(') {
        p->pos++;
        adx__expr_t *e = eparse_sum(p);
        if (!e)
            return NULL;
        eskip(p);
        if (p->s[p->pos] != ')') {
            adx__expr_free(e);
            return efail(p, "missing ')'");
        }
        p->pos++;
        return e;
    }
    if (c == '-') {
        p->pos++;
        adx__expr_t *a = eparse_atom(p);
        return a ? pnode(p, E_NEG, a, NULL) : NULL;
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p->s[p->pos + 1]))) {
        char *end;
        double v = strtod(p->s + p->pos, &end);
        p->pos = (size_t)(end - p->s);
        adx__expr_t *e = pnode(p, E_NUM, NULL, NULL);
        if (e)
            e->num = v;
        return e;
    }
    if (is_ident_start((unsigned char)c)) {
        size_t st = p->pos;
        while (is_ident_char((unsigned char)p->s[p->pos]))
            p->pos++;
        size_t len = p->pos - st;
        char *name = malloc(len + 1);
        if (!name)
            return efail(p, "out of memory");
        memcpy(name, p->s + st, len);
        name[len] = 0;
        eskip(p);
        if (p->s[p->pos] == '(') {
            if (strcmp(name, "exp") && strcmp(name, "log") && strcmp(name, "sqrt") &&
                strcmp(name, "abs")) {
                free(name);
                p->pos = st;
                return efail(p, "unknown function (use exp, log, sqrt or abs)");
            }
            p->pos++;
            adx__expr_t *a = eparse_sum(p);
            eskip(p);
            if (!a || p->s[p->pos] != ')') {
                free(name);
                adx__expr_free(a);
                return efail(p, "missing ')'");
            }
            p->pos++;
            adx__expr_t *e = pnode(p, E_FUN, a, NULL);
            if (!e) {
                free(name);
                return NULL;
            }
            e->name = name;
            return e;
        }
        adx__expr_t *e = pnode(p, E_VAR, NULL, NULL);
        if (!e) {
            free(name);
            return NULL;
        }
        e->name = name;
        return e;
    }
    return efail(p, c ? "expected a label, a number or '('" : "expression ends too early");
}

static adx__expr_t *eparse_pow_inner(eparser_t *p)
{
    adx__expr_t *a = eparse_atom(p);
    if (!a)
        return NULL;
    eskip(p);
    if (p->s[p->pos] == '^') {
        p->pos++;
        adx__expr_t *b = eparse_pow(p);
        if (!b) {
            adx__expr_free(a);
            return NULL;
        }
        return pnode(p, E_POW, a, b);
    }
    return a;
}

/* One left-associative binary level: prod ('*' '/') over powers, sum ('+' '-') over
 * products. */
static adx__expr_t *eparse_level(eparser_t *p, int prod)
{
    adx__expr_t *a = prod ? eparse_pow(p) : eparse_level(p, 1);
    while (a) {
        eskip(p);
        char c = p->s[p->pos];
        if (prod ? c != '*' && c != '/' : c != '+' && c != '-')
            break;
        p->pos++;
        adx__expr_t *b = prod ? eparse_pow(p) : eparse_level(p, 1);
        if (!b) {
            adx__expr_free(a);
            return NULL;
        }
        a = pnode(p, c == '*' ? E_MUL : c == '/' ? E_DIV : c == '+' ? E_ADD : E_SUB, a, b);
    }
    return a;
}

static adx__expr_t *eparse_sum(eparser_t *p) { return eparse_level(p, 0); }

adx__expr_t *adx__expr_parse(const char *s, size_t *errpos, const char **errmsg)
{
    eparser_t p = {s, 0, NULL, 0, 0, 0};
    adx__expr_t *e = eparse_sum(&p);
    if (e) {
        eskip(&p);
        if (p.s[p.pos]) {
            adx__expr_free(e);
            e = efail(&p, "unexpected character in the expression");
        }
    }
    if (!e) {
        *errpos = p.errpos;
        *errmsg = p.err ? p.err : "out of memory";
    }
    return e;
}

int adx__expr_eval(const adx__expr_t *e, adx__expr_lookup_fn lookup, void *ud, double *out,
                  const char **unknown)
{
    double a = 0, b = 0;
    if (e->kind == E_NUM) {
        *out = e->num;
        return 0;
    }
    if (e->kind == E_VAR) {
        if (lookup(ud, e->name, out)) {
            *unknown = e->name;
            return -1;
        }
        return 0;
    }
    if (e->a && adx__expr_eval(e->a, lookup, ud, &a, unknown))
        return -1;
    if (e->b && adx__expr_eval(e->b, lookup, ud, &b, unknown))
        return -1;
    switch (e->kind) {
    case E_NEG: *out = -a; break;
    case E_ADD: *out = a + b; break;
    case E_SUB: *out = a - b; break;
    case E_MUL: *out = a * b; break;
    case E_DIV: *out = a / b; break;
    case E_POW: *out = pow(a, b); break;
    case E_FUN:
        *out = !strcmp(e->name, "exp")   ? exp(a)
               : !strcmp(e->name, "log")  ? log(a)
               : !strcmp(e->name, "sqrt") ? sqrt(a)
                                          : fabs(a);
        break;
    default: *out = NAN;
    }
    return 0;
}

/* ---- statements ---------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t pos, line, col;
    const char *source;
    adx_errctx_t *ctx;
    adx_sem_syntax_t *out;
    size_t cap;
} parser_t;

static char cur(const parser_t *p) { return p->s[p->pos]; }

static void adv(parser_t *p)
{
    if (p->s[p->pos] == '\n') {
        p->line++;
        p->col = 1;
    } else {
        p->col++;
    }
    p->pos++;
}

/* Skips blanks and a comment, not the newline. */
static void skip_blank(parser_t *p)
{
    for (;;) {
        char c = cur(p);
        if (c == ' ' || c == '\t' || c == '\r')
            adv(p);
        else if (c == '#' || c == '!')
            while (cur(p) && cur(p) != '\n')
                adv(p);
        else
            break;
    }
}

/* Skips blanks, comments and newlines. */
static void skip_space(parser_t *p)
{
    for (;;) {
        skip_blank(p);
        if (cur(p) == '\n')
            adv(p);
        else
            break;
    }
}

static adx_error_t perr(parser_t *p, size_t line, size_t col, const char *fmt, const char *what)
{
    char buf[512];
    snprintf(buf, sizeof buf, fmt, what);
    return adx_err(p->ctx, ADX_EPARSE, "%s:%zu:%zu: %s", p->source, line, col, buf);
}

/* Reads an identifier (letters, digits, _, ., and ':' between names for
 * products). Returns a malloc'd string or NULL if none is here. */
static char *read_ident(parser_t *p)
{
    if (!is_ident_start((unsigned char)cur(p)))
        return NULL;
    size_t st = p->pos;
    for (;;) {
        char c = cur(p);
        if (is_ident_char((unsigned char)c))
            adv(p);
        else if (c == ':' && p->s[p->pos + 1] != '=' &&
                 is_ident_start((unsigned char)p->s[p->pos + 1]))
            adv(p);
        else
            break;
    }
    size_t len = p->pos - st;
    char *r = malloc(len + 1);
    if (r) {
        memcpy(r, p->s + st, len);
        r[len] = 0;
    }
    return r;
}

static adx_error_t push(parser_t *p, adx_sem_stmt_t *st)
{
    if (p->out->n == p->cap && adx__grow(&p->out->items, &p->cap, sizeof *p->out->items, 32))
        return adx_oom(p->ctx);
    p->out->items[p->out->n++] = *st;
    return ADX_OK;
}

static const char *describe_char(char c, char *buf)
{
    if (!c)
        return "the end of the model";
    if (c == '\n')
        return "the end of the line";
    unsigned char u = (unsigned char)c;
    if (u < 0x20 || u >= 0x7F) /* a control or non-ASCII byte: printed, it garbles */
        snprintf(buf, 16, "byte 0x%02X", u);
    else
        snprintf(buf, 16, "'%c'", c);
    return buf;
}

static void stmt_clear(adx_sem_stmt_t *st)
{
    for (size_t g = 0; g < st->ngroup_mods; g++)
        free(st->group_mods[g].label);
    ADX__FREE(st->lhs, st->rhs, st->label, st->group_mods);
    st->group_mods = NULL;
    st->ngroup_mods = 0;
}

/* One argument of a modifier call: a number (kind 1), NA (kind 0) or a label, bare
 * or quoted (kind 2, *label malloc'd). -1 with nothing readable here. */
static int read_arg(parser_t *p, struct adx_sem_gmod *a)
{
    char c = cur(p);
    memset(a, 0, sizeof *a);
    if (c == '"' || c == '\'') {
        size_t st = p->pos + 1, len = 0;
        while (p->s[st + len] && p->s[st + len] != c && p->s[st + len] != '\n')
            len++;
        if (p->s[st + len] != c || !len || !(a->label = malloc(len + 1)))
            return -1;
        memcpy(a->label, p->s + st, len);
        a->label[len] = 0;
        a->kind = 2;
        for (size_t i = 0; i < len + 2; i++)
            adv(p);
        return 0;
    }
    if (is_ident_start((unsigned char)c)) {
        char *id = read_ident(p);
        if (!id)
            return -1;
        if (!strcmp(id, "NA")) {
            free(id);
            return 0;
        }
        a->kind = 2;
        a->label = id;
        return 0;
    }
    char *end;
    a->value = strtod(p->s + p->pos, &end);
    if (end == p->s + p->pos || !isfinite(a->value))
        return -1;
    a->kind = 1;
    while (p->s + p->pos < end)
        adv(p);
    return 0;
}

/* The arguments of start(...), label(...) or c(...) (at the '('), into st. */
static adx_error_t parse_call(parser_t *p, const char *fn, adx_sem_stmt_t *st)
{
    char cb[16];
    size_t l0 = p->line, c0 = p->col, n = 0, cap = 0;
    struct adx_sem_gmod *args = NULL, a;
    adx_error_t rc = ADX_OK;
    adv(p);
    for (;;) {
        skip_space(p);
        if (read_arg(p, &a)) {
            rc = perr(p, p->line, p->col, "expected a number, NA or a label, found %s",
                      describe_char(cur(p), cb));
            goto cleanup;
        }
        if (n == cap && adx__grow(&args, &cap, sizeof *args, 4)) {
            free(a.label);
            rc = adx_oom(p->ctx);
            goto cleanup;
        }
        args[n++] = a;
        skip_space(p);
        if (cur(p) == ')')
            break;
        if (cur(p) != ',') {
            rc = perr(p, p->line, p->col, "expected ',' or ')' in the modifier, found %s",
                      describe_char(cur(p), cb));
            goto cleanup;
        }
        adv(p);
    }
    adv(p);
    if (!strcmp(fn, "c")) {
        for (size_t g = 0; g < st->ngroup_mods; g++)
            free(st->group_mods[g].label);
        free(st->group_mods);
        st->group_mods = args;
        st->ngroup_mods = n;
        args = NULL;
        n = 0;
    } else if (n != 1 || args[0].kind != (!strcmp(fn, "start") ? 1 : 2)) {
        rc = adx_err(p->ctx, ADX_EPARSE, "%s:%zu:%zu: %s() takes one %s; write e.g. "
                                         "start(0.5)*x1 or label(a)*x1",
                     p->source, l0, c0, fn, !strcmp(fn, "start") ? "number" : "label");
    } else if (!strcmp(fn, "start")) {
        st->has_start = 1;
        st->start = args[0].value;
    } else {
        free(st->label);
        st->label = args[0].label;
        args[0].label = NULL;
    }
cleanup:
    for (size_t g = 0; g < n; g++)
        free(args[g].label);
    free(args);
    return rc;
}

/* One term: its modifiers ((number | NA | label | start() | label() | c()) '*' ...)
 * and the variable, into st (the caller frees st on error). */
static adx_error_t parse_term(parser_t *p, adx_sem_op_t op, adx_sem_stmt_t *st)
{
    char cb[16];
    for (;;) {
        size_t l0 = p->line, c0 = p->col;
        char c = cur(p);
        int is_num = isdigit((unsigned char)c) || c == '-' ||
                     (c == '.' && isdigit((unsigned char)p->s[p->pos + 1]));
        char *id = NULL;
        double v = 0;
        if (is_num) {
            char *end;
            v = strtod(p->s + p->pos, &end);
            if (end == p->s + p->pos) {
                return perr(p, l0, c0, "expected a number or a variable name, found %s",
                            describe_char(c, cb));
            }
            /* strtod() also reads "-inf", "-nan" and 1e999: a fixed value must
             * be a finite number. */
            if (!isfinite(v)) {
                return perr(p, l0, c0, "%s: the fixed value is not a finite number; "
                                       "write e.g. 0.5*x1",
                            "number out of range");
            }
            while (p->s + p->pos < end)
                adv(p);
        } else {
            id = read_ident(p);
            if (!id) {
                return perr(p, l0, c0,
                            "expected a variable name, found %s; write terms as "
                            "'x1 + x2', modifiers as '0.5*x1' or 'a*x1'",
                            describe_char(c, cb));
            }
        }
        skip_blank(p);
        if (id && cur(p) == '(' &&
            (!strcmp(id, "start") || !strcmp(id, "label") || !strcmp(id, "c"))) {
            adx_error_t rc = parse_call(p, id, st);
            free(id);
            skip_blank(p);
            if (!rc && cur(p) != '*')
                rc = perr(p, p->line, p->col, "expected '*' after the modifier, found %s",
                          describe_char(cur(p), cb));
            if (rc) {
                return rc;
            }
            adv(p);
            skip_space(p);
            st->line = p->line;
            st->col = p->col;
            continue;
        }
        if (cur(p) == '*') {
            adv(p);
            skip_space(p);
            if (is_num) {
                st->has_value = 1;
                st->value = v;
                st->free_na = 0;
            } else if (!strcmp(id, "NA")) {
                st->free_na = 1;
                st->has_value = 0;
                free(id);
            } else {
                free(st->label);
                st->label = id;
            }
            st->line = p->line;
            st->col = p->col;
            continue;
        }
        if (is_num) {
            if (op == ADX_SEM_REGRESS && v == 1) {
                st->op = ADX_SEM_INTERCEPT;
                id = NULL;
            } else {
                return perr(p, l0, c0, "%s: a number must be followed by '*' and a "
                                       "variable (e.g. 1*x1)",
                            "expected a variable name");
            }
        }
        st->rhs = id;
        return ADX_OK;
    }
}

/* Parses the rhs terms of lhs OP ... */
static adx_error_t parse_terms(parser_t *p, const char *lhs, adx_sem_op_t op)
{
    char cb[16];
    for (;;) {
        skip_space(p);
        adx_sem_stmt_t st;
        memset(&st, 0, sizeof st);
        st.op = op;
        st.line = p->line;
        st.col = p->col;
        adx_error_t rc0 = parse_term(p, op, &st);
        if (rc0) {
            stmt_clear(&st);
            return rc0;
        }
        st.lhs = strdup(lhs);
        if (st.op == ADX_SEM_INTERCEPT)
            st.rhs = strdup("");
        if (!st.lhs || !st.rhs) {
            stmt_clear(&st);
            return adx_oom(p->ctx);
        }
        adx_error_t rc = push(p, &st);
        if (rc) {
            stmt_clear(&st);
            return rc;
        }
        skip_blank(p);
        if (cur(p) == '+') {
            adv(p);
            continue;
        }
        if (cur(p) == '\n') {
            /* continued when the next non-blank line starts with '+' */
            size_t sp = p->pos, sl = p->line, sc = p->col;
            skip_space(p);
            if (cur(p) == '+') {
                adv(p);
                continue;
            }
            p->pos = sp;
            p->line = sl;
            p->col = sc;
            return ADX_OK;
        }
        if (cur(p) == ';' || !cur(p))
            return ADX_OK;
        return perr(p, p->line, p->col, "unexpected %s; separate terms with '+' and "
                                        "statements with a new line",
                    describe_char(cur(p), cb));
    }
}

/* The expression of lhs := ... to the end of its line (lhs is taken over). */
static adx_error_t parse_define(parser_t *p, char *lhs)
{
    adx_error_t rc = ADX_OK;
    skip_blank(p);
    size_t l1 = p->line, c1 = p->col, st = p->pos;
    while (cur(p) && cur(p) != '\n' && cur(p) != ';' && cur(p) != '#' &&
           cur(p) != '!')
        adv(p);
    size_t len = p->pos - st, k = 0;
    char *e = malloc(len + 1);
    size_t *cols = malloc((len + 1) * sizeof *cols);
    if (!e || !cols) {
        ADX__FREE(e, cols, lhs);
        rc = adx_oom(p->ctx);
        return rc;
    }
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)p->s[st + i])) {
            cols[k] = c1 + i;
            e[k++] = p->s[st + i];
        }
    e[k] = 0;
    cols[k] = c1 + len;
    size_t ep = 0;
    const char *em = NULL;
    adx__expr_t *ex = adx__expr_parse(e, &ep, &em);
    if (!ex) {
        rc = adx_err(p->ctx, ADX_EPARSE, "%s:%zu:%zu: %s in the definition of '%s'",
                     p->source, l1, cols[ep < k ? ep : k], em, lhs);
        ADX__FREE(e, cols, lhs);
        return rc;
    }
    adx__expr_free(ex);
    free(cols);
    adx_sem_stmt_t sd;
    memset(&sd, 0, sizeof sd);
    sd.lhs = lhs;
    sd.rhs = e;
    sd.op = ADX_SEM_DEFINE;
    sd.line = l1;
    sd.col = c1;
    sd.label = strdup(lhs);
    if (!sd.label || (rc = push(p, &sd)) != ADX_OK) {
        ADX__FREE(sd.lhs, sd.rhs, sd.label);
        rc = adx_oom(p->ctx);
        return rc;
    }
    return ADX_OK;
}

/* The comparison of a constraint line starting at p (==, <, > outside <~), or 0;
 * *at = its offset. */
static char constraint_op(const parser_t *p, size_t *at)
{
    for (size_t i = p->pos; p->s[i] && p->s[i] != '\n' && p->s[i] != ';' && p->s[i] != '#' &&
                            p->s[i] != '!';
         i++) {
        char c = p->s[i], d = p->s[i + 1];
        if ((c == '=' && d == '=') || (c == '<' && d != '~' && d != '-') || c == '>') {
            *at = i;
            return c;
        }
        if (c == '=' || c == '~' || (c == ':' && d == '='))
            return 0;
    }
    return 0;
}

/* One side of a constraint: text [a, b) without blanks, checked as an expression. */
static adx_error_t constraint_side(parser_t *p, size_t a, size_t b, size_t line, size_t col,
                                   char **out)
{
    char *e = malloc(b - a + 1);
    size_t k = 0, ep = 0;
    const char *em = NULL;
    if (!e)
        return adx_oom(p->ctx);
    for (size_t i = a; i < b; i++)
        if (!isspace((unsigned char)p->s[i]))
            e[k++] = p->s[i];
    e[k] = 0;
    adx__expr_t *ex = adx__expr_parse(e, &ep, &em);
    if (!ex) {
        free(e);
        return adx_err(p->ctx, ADX_EPARSE, "%s:%zu:%zu: %s in the constraint; write e.g. "
                                           "a == b, a == 2*b, a + b == 1 or v > 0",
                       p->source, line, col, em);
    }
    adx__expr_free(ex);
    *out = e;
    return ADX_OK;
}

/* A constraint line (op at offset at), to the end of its line. */
static adx_error_t parse_constraint(parser_t *p, char op, size_t at)
{
    size_t line = p->line, col = p->col, a = p->pos, e = at + (op == '=' ? 2 : 1);
    while (p->s[e + 0] && p->s[e] != '\n' && p->s[e] != ';' && p->s[e] != '#' && p->s[e] != '!')
        e++;
    adx_sem_constr_t c = {NULL, NULL, op, line, col};
    adx_error_t rc = constraint_side(p, a, at, line, col, &c.lhs);
    if (!rc)
        rc = constraint_side(p, at + (op == '=' ? 2 : 1), e, line, col, &c.rhs);
    if (!rc && p->out->nconstr % 8 == 0) {
        adx_sem_constr_t *nc = realloc(p->out->constr, (p->out->nconstr + 8) * sizeof *nc);
        if (nc)
            p->out->constr = nc;
        else
            rc = adx_oom(p->ctx);
    }
    if (rc) {
        ADX__FREE(c.lhs, c.rhs);
        return rc;
    }
    p->out->constr[p->out->nconstr++] = c;
    while (p->pos < e)
        adv(p);
    return ADX_OK;
}

adx_error_t adx_sem_parse(const char *text, const char *source, adx_sem_syntax_t **out,
                          adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    char cb[16];
    *out = NULL;
    parser_t p = {text, 0, 1, 1, source ? source : "model", ctx, NULL, 0};
    p.out = calloc(1, sizeof *p.out);
    if (!p.out || !(p.out->source = strdup(p.source))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (;;) {
        skip_space(&p);
        while (cur(&p) == ';') {
            adv(&p);
            skip_space(&p);
        }
        if (!cur(&p))
            break;
        size_t l0 = p.line, c0 = p.col, at = 0;
        char cop = constraint_op(&p, &at);
        if (cop) {
            if ((rc = parse_constraint(&p, cop, at)))
                goto cleanup;
            continue;
        }
        char *lhs = read_ident(&p);
        if (!lhs) {
            rc = perr(&p, l0, c0, "expected a variable name at the start of a statement, "
                                  "found %s", describe_char(cur(&p), cb));
            goto cleanup;
        }
        skip_blank(&p);
        const char *s = p.s + p.pos;
        adx_sem_op_t op;
        size_t oplen = 0;
        if (!strncmp(s, "=~", 2))
            op = ADX_SEM_MEASURE, oplen = 2;
        else if (!strncmp(s, "~~", 2))
            op = ADX_SEM_COV, oplen = 2;
        else if (!strncmp(s, ":=", 2))
            op = ADX_SEM_DEFINE, oplen = 2;
        else if (!strncmp(s, "<~", 2))
            op = ADX_SEM_FORMATIVE, oplen = 2;
        else if (s[0] == '~')
            op = ADX_SEM_REGRESS, oplen = 1;
        else {
            size_t l1 = p.line, c1 = p.col;
            int unsupported = !strncmp(s, "|", 1);
            char msg[640];
            snprintf(msg, sizeof msg, "%s after '%.200s'; %s", "expected =~, ~, ~~ or :=", lhs,
                     unsupported ? "thresholds (|) are not supported"
                                 : "check the operator (<~ for a composite)");
            free(lhs);
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: %s", p.source, l1, c1, msg);
            goto cleanup;
        }
        for (size_t i = 0; i < oplen; i++)
            adv(&p);
        if (op == ADX_SEM_DEFINE) {
            if ((rc = parse_define(&p, lhs)))
                goto cleanup;
            continue;
        }
        rc = parse_terms(&p, lhs, op);
        free(lhs);
        if (rc)
            goto cleanup;
    }
    if (p.out->n == 0) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: the model is empty; give statements such as "
                                      "'F1 =~ x1 + x2 + x3'", p.source);
        goto cleanup;
    }
    *out = p.out;
    p.out = NULL;
cleanup:
    adx_sem_syntax_free(p.out);
    return rc;
}

void adx_sem_syntax_free(adx_sem_syntax_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        stmt_clear(&s->items[i]);
    for (size_t i = 0; i < s->nconstr; i++)
        ADX__FREE(s->constr[i].lhs, s->constr[i].rhs);
    ADX__FREE(s->items, s->constr, s->source, s);
}
