/* PLS model text: composites (=~ mode A, <~ mode B) and structural regressions (~). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

#define PLS_MAX_NAMES 4096

typedef struct {
    char *names[PLS_MAX_NAMES];
    size_t n;
} name_list_t;

/* Splits "a + b + c" into trimmed names (appended to out). */
static adx_error_t split_terms(char *rhs, size_t line, name_list_t *out, adx_errctx_t *ctx)
{
    char *save = NULL;
    for (char *t = strtok_r(rhs, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
        char *s = adx__trim(t);
        if (!*s)
            return adx_err(ctx, ADX_EPARSE, "model line %zu: empty term; write NAME =~ i1 + i2",
                           line);
        for (const char *p = s; *p; p++)
            if (isspace((unsigned char)*p) || *p == '*')
                return adx_err(ctx, ADX_EPARSE, "model line %zu: bad name '%s'; separate terms "
                                                "with +", line, s);
        if (out->n == PLS_MAX_NAMES)
            return adx_err(ctx, ADX_EPARSE, "model line %zu: too many terms", line);
        out->names[out->n++] = s;
    }
    return ADX_OK;
}

static long find_name(char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return (long)i;
    return -1;
}

typedef struct {
    name_list_t con, item, pfrom, pto; /* constructs; items; paths */
    size_t istart[PLS_MAX_NAMES], ilen[PLS_MAX_NAMES];
    char mode[PLS_MAX_NAMES];
} parse_t;

/* One line: returns ADX_OK for blanks and comments too. */
static adx_error_t parse_line(parse_t *p, char *s, size_t line, adx_errctx_t *ctx)
{
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    s = adx__trim(s);
    if (!*s)
        return ADX_OK;
    char *op = strchr(s, '~');
    if (!op || op == s)
        return adx_err(ctx, ADX_EPARSE, "model line %zu: '%s' has no operator; write NAME =~ "
                                        "items, NAME <~ items or Y ~ X1 + X2", line, s);
    char kind = op[-1] == '=' ? 'A' : op[-1] == '<' ? 'B' : 'S';
    char *lhs_end = kind == 'S' ? op : op - 1;
    *lhs_end = '\0';
    char *lhs = adx__trim(s);
    if (!*lhs || strpbrk(lhs, " \t+"))
        return adx_err(ctx, ADX_EPARSE, "model line %zu: bad left-hand side '%s'", line, lhs);
    name_list_t terms = {{0}, 0};
    adx_error_t rc = split_terms(op + 1, line, &terms, ctx);
    if (rc)
        return rc;
    if (kind == 'S') {
        for (size_t i = 0; i < terms.n && p->pto.n < PLS_MAX_NAMES; i++) {
            p->pfrom.names[p->pfrom.n++] = terms.names[i];
            p->pto.names[p->pto.n++] = lhs;
        }
        return ADX_OK;
    }
    if (find_name(p->con.names, p->con.n, lhs) >= 0)
        return adx_err(ctx, ADX_EPARSE, "model line %zu: construct '%s' is defined twice", line,
                       lhs);
    if (kind == 'B' && terms.n < 2)
        return adx_err(ctx, ADX_EUSAGE, "model line %zu: mode B construct '%s' has one "
                                        "indicator; use =~ for a single item", line, lhs);
    if (p->con.n == PLS_MAX_NAMES || p->item.n + terms.n > PLS_MAX_NAMES)
        return adx_err(ctx, ADX_EPARSE, "model line %zu: too many constructs or items", line);
    p->istart[p->con.n] = p->item.n;
    p->ilen[p->con.n] = terms.n;
    p->mode[p->con.n] = kind;
    p->con.names[p->con.n++] = lhs;
    for (size_t i = 0; i < terms.n; i++)
        p->item.names[p->item.n++] = terms.names[i];
    return ADX_OK;
}

/* Checks items (no construct names: stages.c rewrites higher-order constructs before) and
 * paths (known constructs, no duplicates, no cycle). */
static adx_error_t check_model(const parse_t *p, adx_errctx_t *ctx)
{
    if (p->con.n == 0)
        return adx_err(ctx, ADX_EPARSE, "model: no construct; write NAME =~ i1 + i2");
    for (size_t c = 0; c < p->con.n; c++)
        for (size_t i = p->istart[c]; i < p->istart[c] + p->ilen[c]; i++)
            if (find_name(p->con.names, p->con.n, p->item.names[i]) >= 0 &&
                strcmp(p->item.names[i], p->con.names[c]))
                return adx_err(ctx, ADX_EUSAGE, "model: '%s' is a construct used as an "
                                                "indicator and a data column; rename one",
                               p->item.names[i]);
    for (size_t k = 0; k < p->pto.n; k++) {
        const char *nm[2] = {p->pfrom.names[k], p->pto.names[k]};
        for (int s = 0; s < 2; s++)
            if (find_name(p->con.names, p->con.n, nm[s]) < 0)
                return adx_err(ctx, ADX_EPARSE, "model: structural term '%s' is not a construct; "
                                                "define it with %s =~ items", nm[s], nm[s]);
        if (!strcmp(nm[0], nm[1]))
            return adx_err(ctx, ADX_EUSAGE, "model: '%s' ~ '%s' regresses a construct on itself",
                           nm[1], nm[0]);
    }
    return ADX_OK;
}

/* Cycle test on the adjacency (Kahn's algorithm). */
static int has_cycle(const unsigned char *adj, size_t nc)
{
    size_t *indeg = calloc(nc ? nc : 1, sizeof *indeg), done = 0;
    unsigned char *gone = calloc(nc ? nc : 1, 1);
    if (!indeg || !gone) {
        free(indeg);
        free(gone);
        return 0;
    }
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++)
            indeg[j] += adj[i * nc + j];
    for (int progress = 1; progress;) {
        progress = 0;
        for (size_t i = 0; i < nc; i++)
            if (!gone[i] && indeg[i] == 0) {
                gone[i] = 1;
                done++;
                progress = 1;
                for (size_t j = 0; j < nc; j++)
                    indeg[j] -= adj[i * nc + j];
            }
    }
    free(indeg);
    free(gone);
    return done < nc;
}

static adx_error_t fill_model(const parse_t *p, adx_pls_t *r, adx_errctx_t *ctx)
{
    size_t nc = p->con.n, ni = p->item.n, np = p->pto.n;
    r->nc = nc;
    r->ni = ni;
    r->npaths = np;
    r->cname = calloc(nc, sizeof *r->cname);
    r->mode = calloc(nc, 1);
    r->iname = calloc(ni, sizeof *r->iname);
    r->icon = calloc(ni, sizeof *r->icon);
    r->adj = calloc(nc * nc, 1);
    r->pfrom = calloc(np ? np : 1, sizeof *r->pfrom);
    r->pto = calloc(np ? np : 1, sizeof *r->pto);
    if (!r->cname || !r->mode || !r->iname || !r->icon || !r->adj || !r->pfrom || !r->pto)
        return adx_oom(ctx);
    for (size_t c = 0; c < nc; c++) {
        r->mode[c] = p->mode[c];
        if (!(r->cname[c] = adx__strdup(p->con.names[c])))
            return adx_oom(ctx);
        for (size_t i = p->istart[c]; i < p->istart[c] + p->ilen[c]; i++)
            r->icon[i] = c;
    }
    for (size_t i = 0; i < ni; i++)
        if (!(r->iname[i] = adx__strdup(p->item.names[i])))
            return adx_oom(ctx);
    for (size_t k = 0; k < np; k++) {
        size_t f = (size_t)find_name(p->con.names, nc, p->pfrom.names[k]);
        size_t t = (size_t)find_name(p->con.names, nc, p->pto.names[k]);
        if (r->adj[f * nc + t])
            return adx_err(ctx, ADX_EUSAGE, "model: path %s -> %s is given twice",
                           p->pfrom.names[k], p->pto.names[k]);
        r->adj[f * nc + t] = 1;
        r->pfrom[k] = f;
        r->pto[k] = t;
    }
    if (has_cycle(r->adj, nc))
        return adx_err(ctx, ADX_EUSAGE, "model: the structural model has a cycle; PLS path "
                                        "models must be recursive");
    return ADX_OK;
}

adx_error_t adx__pls_parse(const char *text, adx_pls_t *r, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    char *copy = adx__strdup(text);
    parse_t *p = calloc(1, sizeof *p);
    if (!copy || !p) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t line = 0;
    /* strtok_r would skip empty lines: split by hand to count them. */
    for (char *s = copy, *nl; s && !rc; s = nl ? nl + 1 : NULL) {
        nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        line++;
        rc = parse_line(p, s, line, ctx);
    }
    if (!rc)
        rc = check_model(p, ctx);
    if (!rc)
        rc = fill_model(p, r, ctx);
cleanup:
    free(p);
    free(copy);
    return rc;
}
