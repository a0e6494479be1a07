/* The XLSForm expression language of relevant, constraint, screen, calculation and
 * choice_filter (docs/survey.md): ${name}, `.`, numbers, 'text' or "text",
 * or, and, not(), = != < <= > >=, + - * div mod, unary minus, parentheses and the
 * functions selected, count-selected, string-length, if, coalesce, number, int,
 * round, min, max, today. Parsed once (recursive descent) into a tree; evaluated
 * with XPath's loose typing: a comparison is numeric when both sides read as numbers,
 * textual otherwise; an unanswered question is "". */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "survey_priv.h"

typedef enum {
    X_NUM, X_STR, X_VAR, X_SELF, X_BARE, X_OR, X_AND, X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE,
    X_ADD, X_SUB, X_MUL, X_DIV, X_MOD, X_NEG, X_CALL
} xkind_t;

typedef enum {
    F_SELECTED, F_COUNTSEL, F_STRLEN, F_IF, F_COALESCE, F_NOT, F_NUMBER, F_INT, F_ROUND,
    F_MIN, F_MAX, F_TODAY, F_NFUN
} xfun_t;

static const struct {
    const char *name;
    int lo, hi; /* argument counts */
} funs[F_NFUN] = {{"selected", 2, 2}, {"count-selected", 1, 1}, {"string-length", 1, 1},
                  {"if", 3, 3},       {"coalesce", 2, 2},       {"not", 1, 1},
                  {"number", 1, 1},   {"int", 1, 1},            {"round", 1, 2},
                  {"min", 1, 8},      {"max", 1, 8},            {"today", 0, 0}};

#define XMAXARG 8

struct adx__sx {
    xkind_t kind;
    double num;
    char *s;      /* X_STR text, X_BARE name */
    long q;       /* X_VAR question index */
    xfun_t fn;
    adx__sx_t *kid[XMAXARG];
    int nkid;
};

typedef struct {
    const char *p;
    const adx_sform_t *f;
    int bare;
    char *err;
    size_t errn;
    int failed;
    int depth;
} xparser_t;

/* A value: a number (isnum) or borrowed text. */
typedef struct {
    int isnum;
    double num;
    const char *s;
} xval_t;

static void *xfail(xparser_t *P, const char *fmt, const char *what)
{
    if (!P->failed)
        snprintf(P->err, P->errn, fmt, what);
    P->failed = 1;
    return NULL;
}

static adx__sx_t *xnode(xparser_t *P, xkind_t k)
{
    adx__sx_t *x = calloc(1, sizeof *x);
    if (!x)
        return xfail(P, "%s", "out of memory");
    x->kind = k;
    return x;
}

void adx__sx_free(adx__sx_t *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->nkid; i++)
        adx__sx_free(x->kid[i]);
    free(x->s);
    free(x);
}

static void skip_ws(xparser_t *P)
{
    while (isspace((unsigned char)*P->p))
        P->p++;
}

/* Consumes the word w (not followed by a name character); 1 when it was there. */
static int word(xparser_t *P, const char *w)
{
    size_t n = strlen(w);
    skip_ws(P);
    if (strncmp(P->p, w, n) || isalnum((unsigned char)P->p[n]) || P->p[n] == '_' ||
        P->p[n] == '-')
        return 0;
    P->p += n;
    return 1;
}

static int punct(xparser_t *P, const char *w)
{
    size_t n = strlen(w);
    skip_ws(P);
    if (strncmp(P->p, w, n))
        return 0;
    P->p += n;
    return 1;
}

static adx__sx_t *parse_or(xparser_t *P);

static adx__sx_t *binary(xparser_t *P, xkind_t k, adx__sx_t *a, adx__sx_t *b)
{
    if (!a || !b) {
        adx__sx_free(a);
        adx__sx_free(b);
        return NULL;
    }
    adx__sx_t *x = xnode(P, k);
    if (!x) {
        adx__sx_free(a);
        adx__sx_free(b);
        return NULL;
    }
    x->kid[0] = a;
    x->kid[1] = b;
    x->nkid = 2;
    return x;
}

static adx__sx_t *parse_var(xparser_t *P)
{
    const char *e = strchr(P->p, '}');
    if (!e)
        return xfail(P, "%s", "'${' without its closing '}'");
    char name[256];
    size_t n = (size_t)(e - P->p);
    if (n == 0 || n >= sizeof name)
        return xfail(P, "%s", "empty or overlong name in ${...}");
    memcpy(name, P->p, n);
    name[n] = 0;
    P->p = e + 1;
    long q = P->f ? adx__sform_find(P->f, name) : -1;
    if (q < 0)
        return xfail(P, "no question '%s' in survey.csv; refer to a question's name", name);
    adx__sx_t *x = xnode(P, X_VAR);
    if (x)
        x->q = q;
    return x;
}

static adx__sx_t *parse_string(xparser_t *P)
{
    char quote = *P->p++;
    const char *e = strchr(P->p, quote);
    if (!e)
        return xfail(P, "%s", "text without its closing quote");
    adx__sx_t *x = xnode(P, X_STR);
    if (x && !(x->s = adx__strndup(P->p, (size_t)(e - P->p)))) {
        free(x);
        return xfail(P, "%s", "out of memory");
    }
    P->p = e + 1;
    return x;
}

static adx__sx_t *parse_call(xparser_t *P, const char *name, size_t n)
{
    int fi = 0;
    while (fi < F_NFUN && (strlen(funs[fi].name) != n || strncmp(funs[fi].name, name, n)))
        fi++;
    char nm[64];
    snprintf(nm, sizeof nm, "%.*s", (int)(n < 60 ? n : 60), name);
    if (fi == F_NFUN)
        return xfail(P, "unknown function '%s'; use selected, count-selected, string-length, if, "
                        "coalesce, not, number, int, round, min, max or today", nm);
    adx__sx_t *x = xnode(P, X_CALL);
    if (!x)
        return NULL;
    x->fn = (xfun_t)fi;
    if (!punct(P, ")")) {
        do {
            if (x->nkid == XMAXARG) {
                adx__sx_free(x);
                return xfail(P, "too many arguments to '%s'", nm);
            }
            if (!(x->kid[x->nkid] = parse_or(P))) {
                adx__sx_free(x);
                return NULL;
            }
            x->nkid++;
        } while (punct(P, ","));
        if (!punct(P, ")")) {
            adx__sx_free(x);
            return xfail(P, "'%s(' without its closing ')'", nm);
        }
    }
    if (x->nkid < funs[fi].lo || x->nkid > funs[fi].hi) {
        adx__sx_free(x);
        return xfail(P, "wrong number of arguments to '%s'", nm);
    }
    return x;
}

static adx__sx_t *parse_atom(xparser_t *P)
{
    skip_ws(P);
    const char *s = P->p;
    if (!strncmp(s, "${", 2)) {
        P->p += 2;
        return parse_var(P);
    }
    if (*s == '\'' || *s == '"')
        return parse_string(P);
    if (*s == '(') {
        P->p++;
        adx__sx_t *x = parse_or(P);
        if (x && !punct(P, ")")) {
            adx__sx_free(x);
            return xfail(P, "%s", "'(' without its closing ')'");
        }
        return x;
    }
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
        char *e;
        double v = strtod(s, &e);
        P->p = e;
        adx__sx_t *x = xnode(P, X_NUM);
        if (x)
            x->num = v;
        return x;
    }
    if (*s == '.') {
        P->p++;
        return xnode(P, X_SELF);
    }
    if (isalpha((unsigned char)*s) || *s == '_') {
        const char *e = s;
        while (isalnum((unsigned char)*e) || *e == '_' || *e == '-')
            e++;
        P->p = e;
        if (punct(P, "("))
            return parse_call(P, s, (size_t)(e - s));
        if (!P->bare) {
            char nm[64];
            snprintf(nm, sizeof nm, "%.*s", (int)((size_t)(e - s) < 60 ? e - s : 60), s);
            return xfail(P, "bare name '%s'; write a question as ${name} and text in quotes",
                         nm);
        }
        adx__sx_t *x = xnode(P, X_BARE);
        if (x && !(x->s = adx__strndup(s, (size_t)(e - s)))) {
            free(x);
            return xfail(P, "%s", "out of memory");
        }
        return x;
    }
    char c[8];
    snprintf(c, sizeof c, "%.1s", *s ? s : "?");
    return xfail(P, *s ? "unexpected '%s'" : "%s", *s ? c : "the expression ends too early");
}

static adx__sx_t *parse_unary(xparser_t *P)
{
    if (++P->depth > 100)
        return xfail(P, "%s", "expression nested too deeply");
    adx__sx_t *x;
    if (punct(P, "-")) {
        adx__sx_t *a = parse_unary(P);
        x = a ? xnode(P, X_NEG) : NULL;
        if (x) {
            x->kid[0] = a;
            x->nkid = 1;
        } else
            adx__sx_free(a);
    } else
        x = parse_atom(P);
    P->depth--;
    return x;
}

static adx__sx_t *parse_mul(xparser_t *P)
{
    adx__sx_t *a = parse_unary(P);
    while (a) {
        xkind_t k;
        if (punct(P, "*"))
            k = X_MUL;
        else if (word(P, "div"))
            k = X_DIV;
        else if (word(P, "mod"))
            k = X_MOD;
        else
            break;
        a = binary(P, k, a, parse_unary(P));
    }
    return a;
}

static adx__sx_t *parse_add(xparser_t *P)
{
    adx__sx_t *a = parse_mul(P);
    while (a) {
        xkind_t k;
        if (punct(P, "+"))
            k = X_ADD;
        else if (punct(P, "-"))
            k = X_SUB;
        else
            break;
        a = binary(P, k, a, parse_mul(P));
    }
    return a;
}

static adx__sx_t *parse_cmp(xparser_t *P)
{
    adx__sx_t *a = parse_add(P);
    while (a) {
        xkind_t k;
        if (punct(P, "!="))
            k = X_NE;
        else if (punct(P, "<="))
            k = X_LE;
        else if (punct(P, ">="))
            k = X_GE;
        else if (punct(P, "="))
            k = X_EQ;
        else if (punct(P, "<"))
            k = X_LT;
        else if (punct(P, ">"))
            k = X_GT;
        else
            break;
        a = binary(P, k, a, parse_add(P));
    }
    return a;
}

static adx__sx_t *parse_and(xparser_t *P)
{
    adx__sx_t *a = parse_cmp(P);
    while (a && word(P, "and"))
        a = binary(P, X_AND, a, parse_cmp(P));
    return a;
}

static adx__sx_t *parse_or(xparser_t *P)
{
    adx__sx_t *a = parse_and(P);
    while (a && word(P, "or"))
        a = binary(P, X_OR, a, parse_and(P));
    return a;
}

adx__sx_t *adx__sx_parse(const char *text, const adx_sform_t *f, int bare, char *err,
                         size_t errn)
{
    xparser_t P = {text, f, bare, err, errn, 0, 0};
    adx__sx_t *x = parse_or(&P);
    skip_ws(&P);
    if (x && *P.p) {
        char c[32];
        snprintf(c, sizeof c, "%.20s", P.p);
        adx__sx_free(x);
        return xfail(&P, "unexpected '%s' after a complete expression", c);
    }
    return x;
}

/* ---- evaluation -------------------------------------------------------------- */

static int as_number(xval_t v, double *out)
{
    if (v.isnum) {
        *out = v.num;
        return !isnan(v.num);
    }
    if (!v.s || !*v.s)
        return 0;
    char *e;
    *out = strtod(v.s, &e);
    while (isspace((unsigned char)*e))
        e++;
    return e != v.s && !*e && isfinite(*out);
}

static int truthy(xval_t v)
{
    if (v.isnum)
        return v.num != 0 && !isnan(v.num);
    return v.s && *v.s;
}

static xval_t num(double d)
{
    xval_t v = {1, d, NULL};
    return v;
}

static xval_t str(const char *s)
{
    xval_t v = {0, NAN, s ? s : ""};
    return v;
}

static xval_t eval(const adx__sx_t *x, const adx__senv_t *env);

static double numof(const adx__sx_t *x, const adx__senv_t *env)
{
    double d;
    return as_number(eval(x, env), &d) ? d : NAN;
}

static int compare(xkind_t k, xval_t a, xval_t b)
{
    double x, y;
    int c;
    if (as_number(a, &x) && as_number(b, &y))
        c = x < y ? -1 : x > y ? 1 : 0;
    else {
        char ba[64], bb[64];
        const char *sa = a.s, *sb = b.s;
        if (a.isnum) {
            snprintf(ba, sizeof ba, "%.15g", a.num);
            sa = ba;
        }
        if (b.isnum) {
            snprintf(bb, sizeof bb, "%.15g", b.num);
            sb = bb;
        }
        if ((k == X_LT || k == X_LE || k == X_GT || k == X_GE))
            return 0; /* ordering of non-numbers: false, as in XPath */
        c = strcmp(sa ? sa : "", sb ? sb : "");
    }
    switch (k) {
    case X_EQ: return c == 0;
    case X_NE: return c != 0;
    case X_LT: return c < 0;
    case X_LE: return c <= 0;
    case X_GT: return c > 0;
    default: return c >= 0;
    }
}

int adx__sx_selected(const char *list, const char *v)
{
    size_t n = strlen(v);
    if (!list || !n)
        return 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && !strncmp(p, v, n))
            return 1;
        p = e;
    }
    return 0;
}

static xval_t call(const adx__sx_t *x, const adx__senv_t *env)
{
    xval_t a = x->nkid > 0 ? eval(x->kid[0], env) : str("");
    switch (x->fn) {
    case F_SELECTED: {
        xval_t b = eval(x->kid[1], env);
        char bb[64];
        if (b.isnum)
            snprintf(bb, sizeof bb, "%.15g", b.num);
        return num(adx__sx_selected(a.isnum ? "" : a.s, b.isnum ? bb : b.s));
    }
    case F_COUNTSEL: {
        size_t n = 0;
        for (const char *p = a.isnum ? "" : a.s; *p;) {
            while (*p == ' ')
                p++;
            if (*p)
                n++;
            while (*p && *p != ' ')
                p++;
        }
        return num((double)n);
    }
    case F_STRLEN: return num(a.isnum ? NAN : (double)strlen(a.s));
    case F_IF: return truthy(a) ? eval(x->kid[1], env) : eval(x->kid[2], env);
    case F_COALESCE: return truthy(a) ? a : eval(x->kid[1], env);
    case F_NOT: return num(!truthy(a));
    case F_NUMBER: {
        double d;
        return num(as_number(a, &d) ? d : NAN);
    }
    case F_INT: {
        double d;
        return num(as_number(a, &d) ? trunc(d) : NAN);
    }
    case F_ROUND: {
        double d, p = x->nkid > 1 ? numof(x->kid[1], env) : 0;
        if (!as_number(a, &d) || isnan(p))
            return num(NAN);
        double s = pow(10, p);
        return num(round(d * s) / s);
    }
    case F_MIN:
    case F_MAX: {
        double best = NAN;
        for (int i = 0; i < x->nkid; i++) {
            double d = numof(x->kid[i], env);
            if (isnan(d))
                return num(NAN);
            if (isnan(best) || (x->fn == F_MIN ? d < best : d > best))
                best = d;
        }
        return num(best);
    }
    default: return num((double)(time(NULL) / 86400)); /* today(): days since 1970 */
    }
}

static xval_t eval(const adx__sx_t *x, const adx__senv_t *env)
{
    switch (x->kind) {
    case X_NUM: return num(x->num);
    case X_STR: return str(x->s);
    case X_VAR: return str(env->ans ? env->ans[x->q] : NULL);
    case X_SELF: return str(env->self);
    case X_BARE:
        for (size_t i = 0; i < env->ncols; i++)
            if (!strcmp(env->cnames[i], x->s))
                return str(env->cvals[i]);
        return str("");
    case X_OR: return num(truthy(eval(x->kid[0], env)) || truthy(eval(x->kid[1], env)));
    case X_AND: return num(truthy(eval(x->kid[0], env)) && truthy(eval(x->kid[1], env)));
    case X_EQ: case X_NE: case X_LT: case X_LE: case X_GT: case X_GE:
        return num(compare(x->kind, eval(x->kid[0], env), eval(x->kid[1], env)));
    case X_NEG: return num(-numof(x->kid[0], env));
    case X_CALL: return call(x, env);
    default: break;
    }
    double a = numof(x->kid[0], env), b = numof(x->kid[1], env);
    switch (x->kind) {
    case X_ADD: return num(a + b);
    case X_SUB: return num(a - b);
    case X_MUL: return num(a * b);
    case X_DIV: return num(b == 0 ? NAN : a / b);
    default: return num(b == 0 ? NAN : fmod(a, b));
    }
}

int adx__sx_true(const adx__sx_t *x, const adx__senv_t *env)
{
    return !x || truthy(eval(x, env));
}

void adx__sx_text(const adx__sx_t *x, const adx__senv_t *env, char *buf, size_t n)
{
    xval_t v = x ? eval(x, env) : str("");
    if (v.isnum) {
        if (isfinite(v.num))
            snprintf(buf, n, "%.15g", v.num);
        else
            snprintf(buf, n, "%s", "");
    } else
        snprintf(buf, n, "%s", v.s);
}
