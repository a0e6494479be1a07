/* `NAME = expression` over the variables of a dataset.
 *
 * Grammar (recursive descent):
 *   cond   := conj ('or' conj)*
 *   conj   := neg ('and' neg)*
 *   neg    := 'not' neg | cmp
 *   cmp    := expr (('==' | '=' | '!=' | '<' | '<=' | '>' | '>=') expr)?
 *   expr   := term (('+' | '-') term)*
 *   term   := unary (('*' | '/') unary)*
 *   unary  := '-' unary | atom
 *   atom   := NUMBER ['%'] | VAR | '(' cond ')' | FUNC '(' args ')'
 * Functions: mean(v...), sum(v...), rev(x, lo, hi), center(x), z(x), log(x),
 * abs(x), exp(x), round(x[, digits]), missing(v...) (share of the arguments that are missing, 0..1),
 * nmissing(v...) (their count), the screening functions of screen.c (rowsd, longrun,
 * speeder, failed, duplicated, datetime) and date("YYYY-MM-DD[ HH:MM:SS]"). A name
 * may be written between backquotes (`Duration (in seconds)`). Comparisons give 1 or 0; 'and', 'or', 'not'
 * follow three-valued logic (missing when undecided), as SPSS does. Every node is evaluated into a temporary column through the adx_compute_*
 * transforms, so their checks and messages apply; missing in -> missing out.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_priv.h"

typedef struct {
    adx_dataset_t *ds;
    const char *s, *p;
    size_t base_nvars; /* temporaries live at index >= base_nvars */
    int ntmp;
    int depth; /* current nesting of parentheses, calls, '-' and 'not' */
    adx_errctx_t *ctx;
} parser_t;

/* Deepest nesting accepted: recursive descent uses the C stack, so hostile text
 * such as 100000 '(' would overflow it. Real expressions nest a handful deep. */
#define ADX_COMPUTE_MAX_DEPTH 200

static void skip_ws(parser_t *ps)
{
    while (*ps->p && isspace((unsigned char)*ps->p))
        ps->p++;
}

static adx_error_t syntax(parser_t *ps, const char *what)
{
    /* Quote at most 60 characters of the expression so that `what` (the part
     * that says what to do) always fits in the message. */
    size_t len = strlen(ps->s);
    return adx_err(ps->ctx, ADX_EUSAGE, "compute: column %zu of '%.*s%s': %s",
                   (size_t)(ps->p - ps->s) + 1, len > 60 ? 57 : (int)len, ps->s,
                   len > 60 ? "..." : "", what);
}

/* The next temporary column's name (n >= 32 bytes). */
static void tmp_name(parser_t *ps, char *name, size_t n)
{
    snprintf(name, n, "\x01tmp%d", ps->ntmp++);
}

/* Creates a new temporary column; *out is its index. Takes ownership of y. */
static adx_error_t new_tmp(parser_t *ps, double *y, size_t *out)
{
    char name[32];
    tmp_name(ps, name, sizeof name);
    return adx_dataset_add_numeric(ps->ds, name, y, out, ps->ctx);
}

static adx_error_t parse_expr(parser_t *ps, size_t *out);
static adx_error_t parse_cond(parser_t *ps, size_t *out);

static int is_ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.'; }

/* A name at p: letters, digits, '_' and '.', or any text between backquotes (`Q1 1`,
 * `Duration (in seconds)`: names of other tools' exports). Copies it into name (cap
 * bytes) and returns where it ends, or NULL with *why. */
static const char *read_name(const char *p, char *name, size_t cap, const char **why)
{
    const char *s = p, *e = p;
    if (*p == '`') {
        s = p + 1;
        if (!(e = strchr(s, '`'))) {
            *why = "backquoted name not closed; add the closing `";
            return NULL;
        }
        p = e + 1;
    } else {
        while (is_ident_char(*e))
            e++;
        p = e;
    }
    size_t len = (size_t)(e - s);
    if (len == 0 || len >= cap) {
        *why = len ? "name too long" : "expected a variable, number or function";
        return NULL;
    }
    memcpy(name, s, len);
    name[len] = 0;
    return p;
}

static adx_error_t constant(parser_t *ps, double v, size_t *out)
{
    double *y = adx__dataset_column(ps->ds);
    if (!y)
        return adx_oom(ps->ctx);
    for (size_t i = 0; i < ps->ds->nrows; i++)
        y[i] = v;
    return new_tmp(ps, y, out);
}

/* The evaluator's convention: a non-finite result (overflow such as
 * 1e300 * 1e300, or a mean of huge values) is missing, as x / 0 is. The
 * adx_compute_* transforms used for some nodes do not apply it themselves. */
static void finite_or_missing(parser_t *ps, size_t idx)
{
    double *y = ps->ds->vars[idx].num;
    for (size_t i = 0; y && i < ps->ds->nrows; i++)
        if (isinf(y[i]))
            y[i] = NAN;
}

static adx_error_t binary(parser_t *ps, char op, size_t a, size_t b, size_t *out)
{
    if (op == '*') {
        size_t v[2] = {a, b};
        char name[32];
        tmp_name(ps, name, sizeof name);
        adx_error_t rc = adx_compute_product(ps->ds, name, v, 2, ps->ctx);
        *out = ps->ds->nvars - 1;
        if (!rc)
            finite_or_missing(ps, *out);
        return rc;
    }
    double *y = adx__dataset_column(ps->ds);
    if (!y)
        return adx_oom(ps->ctx);
    const double *x1 = ps->ds->vars[a].num, *x2 = ps->ds->vars[b].num;
    for (size_t i = 0; i < ps->ds->nrows; i++) {
        double u = x1[i], v = x2[i], r;
        int miss = isnan(u) || isnan(v);
        switch (op) {
        case '+': r = u + v; break;
        case '-': r = u - v; break;
        case '/': r = u / v; break;
        case 'E': r = miss ? NAN : (u == v); break;
        case 'N': r = miss ? NAN : (u != v); break;
        case '<': r = miss ? NAN : (u < v); break;
        case 'L': r = miss ? NAN : (u <= v); break;
        case '>': r = miss ? NAN : (u > v); break;
        case 'G': r = miss ? NAN : (u >= v); break;
        case '&': /* false and anything = false */
            r = (u == 0 || v == 0) ? 0 : (miss ? NAN : 1);
            break;
        case '|': /* true and anything = true */
            r = ((!isnan(u) && u != 0) || (!isnan(v) && v != 0)) ? 1 : (miss ? NAN : 0);
            break;
        default: r = NAN;
        }
        y[i] = isfinite(r) ? r : NAN; /* x/0 -> missing */
    }
    return new_tmp(ps, y, out);
}

/* A function's arguments: each a column (args), and for literal numbers also
 * the value (nums, isnum). ps->p is just past '('; on return just past ')'. */
typedef struct {
    size_t args[64];
    double nums[64];
    int isnum[64];
    size_t n;
} args_t;

/* A temporary column passed as a function argument takes the text the user wrote for it
 * (at most 60 characters), so that a transform's message ("log of '0 - x1' = -3 is
 * undefined") names it rather than the internal name. User variables keep theirs. */
static adx_error_t name_argument(parser_t *ps, size_t idx, const char *from, const char *to)
{
    if (idx < ps->base_nvars)
        return ADX_OK;
    while (to > from && isspace((unsigned char)to[-1]))
        to--;
    size_t len = (size_t)(to - from);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s%s", len > 60 ? 57 : (int)len, from, len > 60 ? "..." : "");
    char *text = adx__strdup(buf);
    if (!text)
        return adx_oom(ps->ctx);
    free(ps->ds->vars[idx].name);
    ps->ds->vars[idx].name = text;
    return ADX_OK;
}

static adx_error_t parse_args(parser_t *ps, args_t *a)
{
    adx_error_t rc;
    a->n = 0;
    skip_ws(ps);
    if (*ps->p == ')') {
        ps->p++;
        return ADX_OK;
    }
    for (;;) {
        if (a->n == 64)
            return syntax(ps, "too many arguments");
        skip_ws(ps);
        const char *start = ps->p;
        /* A literal number argument must look like one: strtod() alone would
         * also read "inf", "nan" or "infinity", which may be variables. */
        const char *d = ps->p + (*ps->p == '-' || *ps->p == '+');
        int looks_numeric = isdigit((unsigned char)*d) || *d == '.';
        char *end = (char *)ps->p;
        double v = looks_numeric ? strtod(ps->p, &end) : 0;
        const char *after = end;
        while (*after && isspace((unsigned char)*after))
            after++;
        a->isnum[a->n] = end != ps->p && (*after == ',' || *after == ')');
        if (a->isnum[a->n]) {
            if (!isfinite(v))
                return syntax(ps, "number out of range (beyond 1.8e308)");
            a->nums[a->n] = v;
            ps->p = end;
            rc = constant(ps, v, &a->args[a->n]);
        } else {
            rc = parse_expr(ps, &a->args[a->n]);
        }
        if (rc || (rc = name_argument(ps, a->args[a->n], start, ps->p)))
            return rc;
        a->n++;
        skip_ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p == ')')
            break;
        return syntax(ps, "expected ',' or ')'");
    }
    ps->p++;
    return ADX_OK;
}

/* y[i] = f(case i) for the element-wise functions computed here. */
typedef enum { F_MISSING, F_NMISSING, F_ROUND, F_EXP, F_ABS } elementwise_t;

static adx_error_t elementwise(parser_t *ps, const char *name, const args_t *a,
                               elementwise_t f)
{
    double *y = adx__dataset_column(ps->ds);
    if (!y)
        return adx_oom(ps->ctx);
    const double *x = ps->ds->vars[a->args[0]].num;
    double scale = f == F_ROUND && a->n == 2 ? pow(10, a->nums[1]) : 1;
    for (size_t i = 0; i < ps->ds->nrows; i++) {
        size_t m = 0;
        switch (f) {
        case F_MISSING:
        case F_NMISSING:
            for (size_t j = 0; j < a->n; j++)
                m += isnan(ps->ds->vars[a->args[j]].num[i]) != 0;
            y[i] = f == F_NMISSING ? (double)m : (double)m / (double)a->n;
            break;
        case F_ROUND:
        case F_EXP: {
            double r = f == F_ROUND ? round(x[i] * scale) / scale : exp(x[i]);
            y[i] = isfinite(r) ? r : NAN;
            break;
        }
        case F_ABS:
            y[i] = fabs(x[i]);
            break;
        }
    }
    return adx_dataset_add_numeric(ps->ds, name, y, NULL, ps->ctx);
}

/* Evaluates function `ident` on its arguments into a new temporary column. `at`
 * is where the name starts (for the unknown-function message). */
static adx_error_t call_function(parser_t *ps, const char *ident, const char *at,
                                 const args_t *a, size_t *out)
{
    adx_error_t rc;
    size_t nargs = a->n;
    char name[32];
    tmp_name(ps, name, sizeof name);
    if (!strcmp(ident, "mean") || !strcmp(ident, "sum")) {
        if (nargs == 0)
            return syntax(ps, "mean() and sum() need at least one variable");
        rc = adx_compute_composite(ps->ds, name, a->args, nargs,
                                   ident[0] == 'm' ? ADX_COMPOSITE_MEAN : ADX_COMPOSITE_SUM, 0,
                                   ps->ctx);
    } else if (!strcmp(ident, "missing") || !strcmp(ident, "nmissing")) {
        if (nargs == 0)
            return syntax(ps, "missing() needs at least one variable");
        rc = elementwise(ps, name, a, ident[0] == 'n' ? F_NMISSING : F_MISSING);
    } else if (!strcmp(ident, "round") || !strcmp(ident, "exp")) {
        int is_round = ident[0] == 'r';
        if (nargs < 1 || nargs > (is_round ? 2u : 1u) || (nargs == 2 && !a->isnum[1]))
            return syntax(ps, is_round ? "round(x) or round(x, digits)" : "exp(x) takes one argument");
        rc = elementwise(ps, name, a, is_round ? F_ROUND : F_EXP);
    } else if (!strcmp(ident, "rev")) {
        if (nargs != 3 || !a->isnum[1] || !a->isnum[2])
            return syntax(ps, "rev(x, lo, hi) takes a variable and the scale's two ends");
        rc = adx_compute_reverse(ps->ds, name, a->args[0], a->nums[1], a->nums[2], ps->ctx);
    } else if (!strcmp(ident, "center") || !strcmp(ident, "z") || !strcmp(ident, "log") ||
               !strcmp(ident, "abs")) {
        if (nargs != 1)
            return syntax(ps, "this function takes one argument");
        if (ident[0] == 'c')
            rc = adx_compute_center(ps->ds, name, a->args[0], ps->ctx);
        else if (ident[0] == 'z')
            rc = adx_compute_zscore(ps->ds, name, a->args[0], ps->ctx);
        else if (ident[0] == 'l')
            rc = adx_compute_log(ps->ds, name, a->args[0], ps->ctx);
        else
            rc = elementwise(ps, name, a, F_ABS);
    } else if (adx__screen_known(ident)) {
        double *y = adx__dataset_column(ps->ds);
        if (!y)
            return adx_oom(ps->ctx);
        rc = adx__screen_numeric(ps->ds, ident, a->args, a->isnum, a->nums, nargs, y, ps->ctx);
        if (rc)
            free(y);
        else
            rc = adx_dataset_add_numeric(ps->ds, name, y, NULL, ps->ctx);
    } else {
        ps->p = at;
        return syntax(ps, "unknown function; use mean, sum, rev, center, z, log, exp, abs, "
                          "round, missing, nmissing, rowsd, longrun, speeder, failed, "
                          "duplicated, datetime or date");
    }
    *out = ps->ds->nvars - 1;
    if (!rc)
        finite_or_missing(ps, *out);
    return rc;
}

/* duplicated(v...) and datetime(v): variables of either type, by name. */
static adx_error_t names_call(parser_t *ps, const char *ident, size_t *out)
{
    size_t vars[64], k = 0;
    adx_error_t rc;
    for (skip_ws(ps); *ps->p != ')' || k > 0;) {
        char nm[256];
        const char *why = "expected a variable name", *n1 = nm;
        const char *e = k < 64 ? read_name(ps->p, nm, sizeof nm, &why) : NULL;
        if (!e)
            return syntax(ps, k < 64 ? why : "too many arguments");
        ps->p = e;
        if ((rc = adx_dataset_lookup(ps->ds, &n1, 1, 0, &vars[k++], ps->ctx)))
            return rc;
        skip_ws(ps);
        if (*ps->p == ')')
            break;
        if (*ps->p != ',')
            return syntax(ps, "expected ',' or ')'");
        ps->p++;
        skip_ws(ps);
    }
    ps->p++;
    double *y = adx__dataset_column(ps->ds);
    if (!y)
        return adx_oom(ps->ctx);
    if ((rc = adx__screen_names(ps->ds, ident, vars, k, y, ps->ctx))) {
        free(y);
        return rc;
    }
    return new_tmp(ps, y, out);
}

/* date("2024-03-05") or date("2024-03-05 14:30:00"): seconds since 1970-01-01. */
static adx_error_t date_literal(parser_t *ps, size_t *out)
{
    skip_ws(ps);
    char q = *ps->p, text[64];
    const char *e = (q == '"' || q == '\'') ? strchr(ps->p + 1, q) : NULL;
    double v;
    if (!e || e - ps->p > 60)
        return syntax(ps, "date() takes a date in quotes, e.g. date(\"2024-03-05\")");
    snprintf(text, sizeof text, "%.*s", (int)(e - ps->p - 1), ps->p + 1);
    if (!adx__datetime_parse(text, &v))
        return syntax(ps, "not a date: write date(\"YYYY-MM-DD\") or "
                          "date(\"YYYY-MM-DD HH:MM:SS\")");
    ps->p = e + 1;
    skip_ws(ps);
    if (*ps->p != ')')
        return syntax(ps, "expected ')'");
    ps->p++;
    return constant(ps, v, out);
}

static adx_error_t parse_atom(parser_t *ps, size_t *out)
{
    skip_ws(ps);
    const char *p = ps->p;
    adx_error_t rc;
    if (*p == '(') {
        ps->p++;
        if ((rc = parse_cond(ps, out)))
            return rc;
        skip_ws(ps);
        if (*ps->p != ')')
            return syntax(ps, "expected ')'");
        ps->p++;
        return ADX_OK;
    }
    if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
        char *end;
        double v = strtod(p, &end);
        if (!isfinite(v))
            return syntax(ps, "number out of range (beyond 1.8e308)");
        ps->p = end;
        if (*ps->p == '%') {
            v /= 100;
            ps->p++;
        }
        return constant(ps, v, out);
    }
    char ident[256];
    const char *why = "expected a variable, number or function";
    const char *q = *p == '`' || is_ident_char(*p) ? read_name(p, ident, sizeof ident, &why)
                                                    : NULL;
    if (!q)
        return syntax(ps, why);
    ps->p = q;
    skip_ws(ps);
    if (*ps->p != '(' || *p == '`') {
        const char *nm = ident;
        return adx_dataset_lookup(ps->ds, &nm, 1, 1, out, ps->ctx);
    }
    /* Function call: evaluate the arguments into columns (numbers allowed). */
    ps->p++;
    if (!strcmp(ident, "duplicated") || !strcmp(ident, "datetime"))
        return names_call(ps, ident, out);
    if (!strcmp(ident, "date"))
        return date_literal(ps, out);
    args_t a;
    if ((rc = parse_args(ps, &a)))
        return rc;
    return call_function(ps, ident, p, &a, out);
}

static adx_error_t parse_unary_inner(parser_t *ps, size_t *out);

/* Every path into deeper nesting passes here or through parse_not. */
static adx_error_t parse_unary(parser_t *ps, size_t *out)
{
    if (ps->depth >= ADX_COMPUTE_MAX_DEPTH)
        return syntax(ps, "expression nested too deeply (more than 200 levels); simplify it "
                          "or split it into several compute steps");
    ps->depth++;
    adx_error_t rc = parse_unary_inner(ps, out);
    ps->depth--;
    return rc;
}

static adx_error_t parse_unary_inner(parser_t *ps, size_t *out)
{
    skip_ws(ps);
    if (*ps->p == '-') {
        ps->p++;
        size_t a, zero;
        adx_error_t rc;
        if ((rc = parse_unary(ps, &a)) || (rc = constant(ps, 0.0, &zero)))
            return rc;
        return binary(ps, '-', zero, a, out);
    }
    return parse_atom(ps, out);
}

/* One left-associative binary level: level 1 is '*' '/' over unary operands, level
 * 0 is '+' '-' over level-1 operands. */
static adx_error_t parse_level(parser_t *ps, int level, size_t *out)
{
    const char *ops = level ? "*/" : "+-";
    adx_error_t rc = level ? parse_unary(ps, out) : parse_level(ps, 1, out);
    for (;;) {
        if (rc)
            return rc;
        skip_ws(ps);
        char op = *ps->p;
        if (op == '\0' || !strchr(ops, op))
            return ADX_OK;
        ps->p++;
        size_t b;
        if ((rc = level ? parse_unary(ps, &b) : parse_level(ps, 1, &b)))
            return rc;
        rc = binary(ps, op, *out, b, out);
    }
}

static adx_error_t parse_expr(parser_t *ps, size_t *out)
{
    return parse_level(ps, 0, out);
}

static int keyword(parser_t *ps, const char *kw)
{
    skip_ws(ps);
    size_t n = strlen(kw);
    if (strncmp(ps->p, kw, n) == 0 && !is_ident_char(ps->p[n])) {
        ps->p += n;
        return 1;
    }
    return 0;
}

/* VAR == "text" or VAR != "text" for string variables (numeric variables may be
 * compared with a number written in quotes too). Returns 1 if matched. */
static int string_cmp(parser_t *ps, size_t *out, adx_error_t *rc)
{
    char name[256];
    const char *why, *p = read_name(ps->p, name, sizeof name, &why);
    if (!p)
        return 0;
    while (isspace((unsigned char)*p))
        p++;
    int neq;
    if ((p[0] == '=' && p[1] == '=') || (p[0] == '!' && p[1] == '=') || (p[0] == '<' && p[1] == '>'))
        neq = p[0] != '=', p += 2;
    else if (p[0] == '=')
        neq = 0, p += 1;
    else
        return 0;
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '"')
        return 0;
    const char *l0 = ++p;
    while (*p && *p != '"')
        p++;
    if (*p != '"')
        return 0;
    size_t llen = (size_t)(p - l0), idx;
    const char *nm = name;
    if ((*rc = adx_dataset_lookup(ps->ds, &nm, 1, 0, &idx, ps->ctx)))
        return 1;
    const adx_variable_t *v = &ps->ds->vars[idx];
    double *y = adx__dataset_column(ps->ds);
    if (!y) {
        *rc = adx_oom(ps->ctx);
        return 1;
    }
    /* The whole literal: a fixed buffer cut it at 255 characters, so a longer
     * literal matched any text sharing its first 255 characters. */
    char *lit = malloc(llen + 1);
    if (!lit) {
        free(y);
        *rc = adx_oom(ps->ctx);
        return 1;
    }
    memcpy(lit, l0, llen);
    lit[llen] = 0;
    double num = strtod(lit, NULL);
    for (size_t i = 0; i < ps->ds->nrows; i++) {
        if (v->type == ADX_VAR_STRING)
            y[i] = !v->str[i] ? NAN : (double)((strcmp(v->str[i], lit) == 0) != neq);
        else
            y[i] = isnan(v->num[i]) ? NAN : (double)((v->num[i] == num) != neq);
    }
    free(lit);
    ps->p = p + 1;
    *rc = new_tmp(ps, y, out);
    return 1;
}

static adx_error_t parse_cmp(parser_t *ps, size_t *out)
{
    skip_ws(ps);
    adx_error_t src = ADX_OK;
    if (string_cmp(ps, out, &src))
        return src;
    adx_error_t rc = parse_expr(ps, out);
    if (rc)
        return rc;
    skip_ws(ps);
    const char *p = ps->p;
    char op = 0;
    if (p[0] == '=' && p[1] == '=')
        op = 'E', ps->p += 2;
    else if (p[0] == '!' && p[1] == '=')
        op = 'N', ps->p += 2;
    else if (p[0] == '<' && p[1] == '>')
        op = 'N', ps->p += 2;
    else if (p[0] == '<' && p[1] == '=')
        op = 'L', ps->p += 2;
    else if (p[0] == '>' && p[1] == '=')
        op = 'G', ps->p += 2;
    else if (p[0] == '<' || p[0] == '>' || p[0] == '=')
        op = p[0] == '=' ? 'E' : p[0], ps->p += 1;
    if (!op)
        return ADX_OK;
    size_t b;
    if ((rc = parse_expr(ps, &b)))
        return rc;
    return binary(ps, op, *out, b, out);
}

static adx_error_t parse_not(parser_t *ps, size_t *out)
{
    if (keyword(ps, "not")) {
        size_t a, zero;
        adx_error_t rc;
        if (ps->depth >= ADX_COMPUTE_MAX_DEPTH)
            return syntax(ps, "expression nested too deeply (more than 200 levels); simplify "
                              "it or split it into several compute steps");
        ps->depth++;
        rc = parse_not(ps, &a);
        ps->depth--;
        if (rc || (rc = constant(ps, 0.0, &zero)))
            return rc;
        return binary(ps, 'E', a, zero, out);
    }
    return parse_cmp(ps, out);
}

/* sub { kw sub }, left-associative, each joined by the binary op. */
static adx_error_t parse_joined(parser_t *ps, const char *kw, char op,
                                adx_error_t (*sub)(parser_t *, size_t *), size_t *out)
{
    adx_error_t rc = sub(ps, out);
    while (!rc && keyword(ps, kw)) {
        size_t b;
        if ((rc = sub(ps, &b)))
            return rc;
        rc = binary(ps, op, *out, b, out);
    }
    return rc;
}

static adx_error_t parse_conj(parser_t *ps, size_t *out)
{
    return parse_joined(ps, "and", '&', parse_not, out);
}

static adx_error_t parse_cond(parser_t *ps, size_t *out)
{
    return parse_joined(ps, "or", '|', parse_conj, out);
}

/* Evaluates the condition starting at `start` inside `full` (columns in
 * messages count from the start of `full`). */
static adx_error_t eval_at(adx_dataset_t *ds, const char *full, const char *start, double **out,
                           adx_errctx_t *ctx)
{
    *out = NULL;
    parser_t ps = {ds, full, start, ds->nvars, 0, 0, ctx};
    size_t res = 0;
    adx_error_t rc = parse_cond(&ps, &res);
    if (!rc) {
        skip_ws(&ps);
        if (*ps.p)
            rc = syntax(&ps, "unexpected text after the expression");
    }
    if (!rc) {
        if (!(*out = malloc((ds->nrows ? ds->nrows : 1) * sizeof **out)))
            rc = adx_oom(ctx);
        else
            memcpy(*out, ds->vars[res].num, ds->nrows * sizeof **out);
    }
    while (ds->nvars > ps.base_nvars)
        adx__variable_clear(&ds->vars[--ds->nvars], ds->nrows);
    return rc;
}

adx_error_t adx_eval(adx_dataset_t *ds, const char *expr, double **out, adx_errctx_t *ctx)
{
    return eval_at(ds, expr, expr, out, ctx);
}

adx_error_t adx_compute(adx_dataset_t *ds, const char *assignment, adx_errctx_t *ctx)
{
    parser_t ps = {ds, assignment, assignment, ds->nvars, 0, 0, ctx};
    skip_ws(&ps);
    const char *n0 = ps.p;
    while (is_ident_char(*ps.p))
        ps.p++;
    size_t nlen = (size_t)(ps.p - n0);
    skip_ws(&ps);
    if (nlen == 0 || nlen > 255 || *ps.p != '=')
        return syntax(&ps, "expected NAME = expression, e.g. AMBI = center(RAD) * center(INC)");
    char name[256];
    memcpy(name, n0, nlen);
    name[nlen] = 0;
    double *y = NULL;
    adx_error_t rc = eval_at(ds, assignment, ps.p + 1, &y, ctx);
    if (!rc)
        rc = adx_dataset_add_numeric(ds, name, y, NULL, ctx);
    return rc;
}
