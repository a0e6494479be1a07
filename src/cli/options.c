/* Option parsing: typed option tables, every value checked once while the
 * arguments are parsed, with one message style ("--NAME takes WHAT, not 'V'"). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { CO_FORMAT, CO_OUTPUT, CO_DECIMALS, CO_SEP, CO_DECIMAL, CO_NA, CO_COMPUTE, CO_MISSING,
       CO_COUNT };

const cli_opt_t cli_common_opts[] = {
    [CO_FORMAT] = {"format", CLI_STRING, "output format: text (default), md, html, csv, json, latex; docx, pdf (with -o)"},
    [CO_OUTPUT] = {"output", CLI_STRING, "write the output to FILE (atomically) instead of stdout; also -o"},
    [CO_DECIMALS] = {"decimals", CLI_COUNT, "decimals shown in tables (default 3)", .lo = 0, .hi = 10},
    [CO_SEP] = {"sep", CLI_STRING, "CSV field separator: ',', ';', 'tab' (default: detected)"},
    [CO_DECIMAL] = {"decimal", CLI_STRING, "decimal mark in the CSV file: '.' (default) or ','"},
    [CO_NA] = {"na", CLI_STRING, "user-missing codes, e.g. --na -99,999"},
    [CO_COMPUTE] = {"compute", CLI_STRING, "new variable before the analysis, e.g. --compute \"PERF = mean(p1,p2,p3)\"", CLI_REPEAT},
    [CO_MISSING] = {"missing", CLI_STRING, "listwise or pairwise deletion of missing values; fiml (cfa, sem)"},
    [CO_COUNT] = {NULL, 0, NULL}};

/* Parses a number (not NaN); 0 on success. */
static int cli_parse_double(const char *s, double *out)
{
    char *end;
    if (!s || !*s)
        return -1;
    double v = strtod(s, &end);
    if (*end || isnan(v))
        return -1;
    *out = v;
    return 0;
}

/* ---- values ------------------------------------------------------------------ */

static void fmt_bound(double v, char *buf, size_t n)
{
    if (v == CLI_2P53)
        snprintf(buf, n, "2^53");
    else
        snprintf(buf, n, "%.15g", v);
}

static void choice_words(const cli_choice_t *ch, char *buf, size_t n)
{
    size_t k = 0, len = 0;
    while (ch[k].name)
        k++;
    buf[0] = 0;
    for (size_t i = 0; i < k && len < n; i++) {
        int w = snprintf(buf + len, n - len, "%s%s", i == 0 ? "" : i + 1 == k ? " or " : ", ",
                         ch[i].name);
        len += w > 0 ? (size_t)w : 0;
    }
}

/* What option o takes, in words: "a whole number from 1 to 1024". */
void cli_opt_range(const cli_opt_t *o, char *buf, size_t n)
{
    char lo[32], hi[32];
    fmt_bound(o->lo, lo, sizeof lo);
    fmt_bound(o->hi, hi, sizeof hi);
    if (o->what) {
        snprintf(buf, n, "%s", o->what);
    } else if (o->type == CLI_COUNT) {
        snprintf(buf, n, "a whole number from %s to %s", lo, hi);
    } else if (o->type == CLI_REAL) {
        if (isinf(o->lo) && isinf(o->hi))
            snprintf(buf, n, "a finite number");
        else if (isinf(o->hi) && o->lo == 0 && (o->flags & CLI_OPEN_LO))
            snprintf(buf, n, "a positive number");
        else if (isinf(o->hi))
            snprintf(buf, n, "a number %s %s", o->flags & CLI_OPEN_LO ? "above" : ">=", lo);
        else
            snprintf(buf, n, "a number %s %s %s %s",
                     o->flags & (CLI_OPEN_LO | CLI_OPEN_HI) ? "between" : "from", lo,
                     o->flags & (CLI_OPEN_LO | CLI_OPEN_HI) ? "and" : "to", hi);
    } else if (o->type == CLI_LEVEL) {
        snprintf(buf, n, "a confidence level such as 95 or 0.95");
    } else if (o->type == CLI_SHARE) {
        snprintf(buf, n, "a share below 100%%, e.g. 5%%");
    } else if (o->type == CLI_CHOICE && o->choices) {
        choice_words(o->choices, buf, n);
    } else {
        snprintf(buf, n, "a value");
    }
}

/* "5%" or 0.05, in [0, 1). */
static int parse_share(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return -1;
    if (*end == '%') {
        v /= 100;
        end++;
    }
    if (*end || !(v >= 0 && v < 1))
        return -1;
    *out = v;
    return 0;
}

static int parse_choice(const cli_opt_t *o, const char *v, double *out)
{
    if (!o->choices) {
        int x = o->parse(v);
        *out = x;
        return x < 0 ? -1 : 0;
    }
    for (const cli_choice_t *ch = o->choices; ch->name; ch++)
        if (!strcmp(ch->name, v)) {
            *out = ch->value;
            return 0;
        }
    return -1;
}

/* Checks value v of option o; *out gets its numeric value. 0 or -1. */
static int check_value(const cli_opt_t *o, const char *v, double *out)
{
    double d = 0;
    switch (o->type) {
    case CLI_COUNT:
        if (cli_parse_double(v, &d) || !isfinite(d) || d < o->lo || d > o->hi || d != floor(d))
            return -1;
        break;
    case CLI_REAL:
        /* Reals are finite even where the range is open (--mu: -inf..inf). */
        if (cli_parse_double(v, &d) || !isfinite(d) || d < o->lo || d > o->hi ||
            ((o->flags & CLI_OPEN_LO) && d == o->lo) || ((o->flags & CLI_OPEN_HI) && d == o->hi))
            return -1;
        break;
    case CLI_LEVEL:
        if (cli_parse_double(v, &d) || !(d > 0 && d < 100))
            return -1;
        if (d >= 1)
            d /= 100;
        break;
    case CLI_SHARE:
        return parse_share(v, out);
    case CLI_CHOICE:
        return parse_choice(o, v, out);
    default:
        break;
    }
    *out = d;
    return 0;
}

static int bad_value(cli_t *c, const cli_opt_t *o, const char *v)
{
    char what[256];
    cli_opt_range(o, what, sizeof what);
    return cli_usage_error(c, "--%s takes %s, not '%s'", o->name, what, v);
}

/* ---- accessors ------------------------------------------------------------------ */

static const cli_opt_t *opt_spec(const cli_t *c, int opt)
{
    assert(c->cmd && opt >= 0 && (size_t)opt < c->cmd->nopts);
    return &c->cmd->opts[opt];
}

int cli_has(const cli_t *c, int opt)
{
    (void)opt_spec(c, opt);
    return c->val[opt] != NULL;
}

const char *cli_str(const cli_t *c, int opt)
{
    (void)opt_spec(c, opt);
    return c->val[opt];
}

size_t cli_count(const cli_t *c, int opt, size_t def)
{
    assert(opt_spec(c, opt)->type == CLI_COUNT);
    return c->val[opt] ? (size_t)c->num[opt] : def;
}

double cli_num(const cli_t *c, int opt, double def)
{
    assert(opt_spec(c, opt)->type >= CLI_COUNT && opt_spec(c, opt)->type <= CLI_SHARE);
    return c->val[opt] ? c->num[opt] : def;
}

int cli_choice(const cli_t *c, int opt, int def)
{
    assert(opt_spec(c, opt)->type == CLI_CHOICE);
    return c->val[opt] ? (int)c->num[opt] : def;
}

size_t cli_list(const cli_t *c, int opt, const char *const **names)
{
    assert(opt_spec(c, opt)->type == CLI_LIST);
    *names = c->items + c->item0[opt];
    return c->nitems[opt];
}

size_t cli_multi(const cli_t *c, int opt, const char *const **vals)
{
    assert(opt_spec(c, opt)->flags & CLI_REPEAT);
    *vals = c->multi[opt];
    return c->nmulti[opt];
}

/* ---- common options -------------------------------------------------------------- */

static int set_na(cli_t *c, const char *v)
{
    const char *p = v;
    while (*p) {
        char *end;
        double x = strtod(p, &end);
        if (end == p || (*end && *end != ',') || !isfinite(x))
            return cli_usage_error(c, "--na takes numbers separated by commas (e.g. -99,999), "
                                      "not '%s'", v);
        if (c->ropt.n_na_codes == sizeof c->na / sizeof c->na[0])
            return cli_usage_error(c, "--na: at most 64 codes");
        c->na[c->ropt.n_na_codes++] = x;
        p = *end ? end + 1 : end;
    }
    c->ropt.na_codes = c->na;
    return 0;
}

static int set_missing(cli_t *c, const char *v)
{
    if (!strcmp(v, "listwise"))
        c->missing = ADX_LISTWISE;
    else if (!strcmp(v, "pairwise"))
        c->missing = ADX_PAIRWISE;
    else if ((!strcmp(v, "fiml") || !strcmp(v, "ml")) &&
             (!strcmp(c->cmd->name, "cfa") || !strcmp(c->cmd->name, "sem")))
        c->missing_fiml = 1; /* full-information ML */
    else
        return cli_usage_error(c, "--missing takes listwise, pairwise or fiml (cfa, sem), not "
                                  "'%s'", v);
    c->missing_set = 1;
    return 0;
}

static int set_common(cli_t *c, size_t k, const char *v)
{
    double d;
    switch (k) {
    case CO_FORMAT: {
        int f = adx_format_parse(v);
        if (f < 0)
            return cli_usage_error(c, "unknown format '%s'; use text, md, html, csv, json, "
                                      "latex, docx or pdf", v);
        c->format = (adx_format_t)f;
        c->format_set = 1;
        return 0;
    }
    case CO_OUTPUT:
        if (!*v)
            return cli_usage_error(c, "--output (-o) takes a file name, not ''");
        c->out = v;
        return 0;
    case CO_DECIMALS:
        if (check_value(&cli_common_opts[k], v, &d))
            return bad_value(c, &cli_common_opts[k], v);
        c->decimals = (int)d;
        return 0;
    case CO_SEP:
        if (!strcmp(v, "tab") || !strcmp(v, "\\t"))
            c->ropt.sep = '\t';
        else if (strlen(v) == 1 && strchr(",;|\t ", v[0]))
            c->ropt.sep = v[0];
        else
            return cli_usage_error(c, "--sep takes ',', ';', '|' or 'tab', not '%s'", v);
        return 0;
    case CO_DECIMAL:
        if (strcmp(v, ".") && strcmp(v, ","))
            return cli_usage_error(c, "--decimal takes '.' or ',', not '%s'", v);
        c->ropt.decimal = v[0];
        return 0;
    case CO_NA:
        return set_na(c, v);
    case CO_COMPUTE:
        if (c->ncompute == CLI_MAX_MULTI)
            return cli_usage_error(c, "--compute: at most %d assignments", CLI_MAX_MULTI);
        c->compute[c->ncompute++] = v;
        return 0;
    default:
        return set_missing(c, v);
    }
}

/* ---- parsing ----------------------------------------------------------------- */

void cli_init(cli_t *c, const cli_cmd_t *cmd)
{
    memset(c, 0, sizeof *c);
    adx_read_options_init(&c->ropt);
    c->decimals = 3;
    c->cmd = cmd;
}

const cli_cmd_t *cli_find(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!strcmp(name, cli_commands[i]->name))
            return cli_commands[i];
    return NULL;
}

/* The option named by argument a (and its "=VALUE" part); 0 or an exit code. */
static int option_name(cli_t *c, const char *a, char *name, size_t n, const char **value)
{
    *value = NULL;
    if (!strcmp(a, "-o")) {
        snprintf(name, n, "output");
    } else if (!strcmp(a, "-e")) {
        snprintf(name, n, "model"); /* inline model (cfa, sem, simulate) */
    } else if (a[1] == '-') {
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (len >= n)
            len = n - 1;
        memcpy(name, a + 2, len);
        name[len] = 0;
        if (eq)
            *value = eq + 1;
    } else {
        /* A one-letter option declared by the command (e.g. -x). */
        int found = 0;
        for (size_t k = 0; k < c->cmd->nopts && a[2] == 0; k++)
            found |= strlen(c->cmd->opts[k].name) == 1 && c->cmd->opts[k].name[0] == a[1];
        if (!found)
            return cli_usage_error(c, "unknown option '%s'; options start with '--' "
                                      "(ambidex %s --help)", a, c->cmd->name);
        snprintf(name, n, "%s", a + 1);
    }
    return 0;
}

static int unknown_option(cli_t *c, const char *name)
{
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t k = 0; cli_common_opts[k].name; k++)
        adx_near_add(&near, cli_common_opts[k].name);
    for (size_t k = 0; k < c->cmd->nopts; k++)
        adx_near_add(&near, c->cmd->opts[k].name);
    const char *best = adx_near_best(&near, 2 + strlen(name) / 3);
    if (best)
        return cli_usage_error(c, "unknown option '--%s'; did you mean '--%s'?", name, best);
    return cli_usage_error(c, "unknown option '--%s' (ambidex %s --help lists the options)",
                           name, c->cmd->name);
}

/* Stores (and checks) the value of the command's option k. */
static int set_option(cli_t *c, size_t k, const char *value)
{
    const cli_opt_t *o = &c->cmd->opts[k];
    if (o->type != CLI_STRING && o->type != CLI_LIST && check_value(o, value, &c->num[k]))
        return bad_value(c, o, value);
    c->val[k] = value;
    if (o->flags & CLI_REPEAT) {
        if (c->nmulti[k] == CLI_MAX_MULTI)
            return cli_usage_error(c, "option --%s given too often", o->name);
        c->multi[k][c->nmulti[k]++] = value;
    }
    return 0;
}

/* Splits value v of list option k into c->items (names trimmed, empty ones skipped). */
static int split_list(cli_t *c, size_t k, const char *v, size_t *nall)
{
    const char *seps = c->cmd->opts[k].flags & CLI_BLANKS ? ", \t" : ",";
    size_t len = strlen(v);
    if (c->arena_used + len + 1 > sizeof c->arena)
        return cli_usage_error(c, "--%s: the list is too long", c->cmd->opts[k].name);
    char *w = memcpy(c->arena + c->arena_used, v, len + 1);
    c->arena_used += len + 1;
    for (char *p = w; *p;) {
        size_t n = strcspn(p, seps);
        char *end = p + n, *next = *end ? end + 1 : end;
        *end = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        for (char *e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t');)
            *--e = 0;
        if (*p) {
            if (*nall == CLI_MAX_ITEMS)
                return cli_usage_error(c, "--%s: too many names", c->cmd->opts[k].name);
            c->items[(*nall)++] = p;
            c->nitems[k]++;
        }
        p = next;
    }
    return 0;
}

static int split_lists(cli_t *c)
{
    size_t nall = 0;
    for (size_t k = 0; k < c->cmd->nopts; k++) {
        if (c->cmd->opts[k].type != CLI_LIST || !c->val[k])
            continue;
        c->item0[k] = nall;
        int repeat = (c->cmd->opts[k].flags & CLI_REPEAT) != 0;
        size_t nv = repeat ? c->nmulti[k] : 1;
        for (size_t i = 0; i < nv; i++) {
            int rc = split_list(c, k, repeat ? c->multi[k][i] : c->val[k], &nall);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int is_positional(const char *a)
{
    return a[0] != '-' || a[1] == 0 || (a[1] >= '0' && a[1] <= '9') || a[1] == '.';
}

/* Finds option `name`: the command's own options first (they may shadow a common
 * one, e.g. simulate --missing 5%). */
static const cli_opt_t *find_option(const cli_cmd_t *cmd, const char *name, size_t *k,
                                    int *common)
{
    for (*common = 0, *k = 0; *k < cmd->nopts; (*k)++)
        if (!strcmp(cmd->opts[*k].name, name))
            return &cmd->opts[*k];
    for (*common = 1, *k = 0; cli_common_opts[*k].name; (*k)++)
        if (!strcmp(cli_common_opts[*k].name, name))
            return &cli_common_opts[*k];
    return NULL;
}

int cli_parse_args(cli_t *c, int argc, const char *const *argv, int *help)
{
    int only_pos = 0;
    *help = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        if (only_pos || is_positional(a)) {
            if (c->npos == CLI_MAX_POS)
                return cli_usage_error(c, "too many arguments");
            c->pos[c->npos++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            *help = 1;
            return 0;
        }
        char name[128];
        size_t k = 0;
        int common = 0, rc = option_name(c, a, name, sizeof name, &value);
        if (rc)
            return rc;
        const cli_opt_t *o = find_option(c->cmd, name, &k, &common);
        if (!o)
            return unknown_option(c, name);
        if (o->type == CLI_FLAG) {
            if (value)
                return cli_usage_error(c, "option --%s takes no value", name);
            c->val[k] = "1";
            continue;
        }
        if (!value && i + 1 >= argc)
            return cli_usage_error(c, "option --%s needs a value", name);
        if (!value)
            value = argv[++i];
        if ((rc = common ? set_common(c, k, value) : set_option(c, k, value)))
            return rc;
    }
    return split_lists(c);
}

/* ---- table check ------------------------------------------------------------ */

static void table_error(const char *cmd, const char *opt, const char *what)
{
    fprintf(stderr, "ambidex: internal error: %s --%s: %s\n", cmd, opt ? opt : "(none)", what);
    abort();
}

static void check_table(const char *cmd, const cli_opt_t *t, size_t n)
{
    if (n > CLI_MAX_OPT)
        table_error(cmd, NULL, "more options than CLI_MAX_OPT");
    if (t && t[n].name)
        table_error(cmd, t[n].name, "the table is not terminated by {NULL} at its count");
    for (size_t i = 0; i < n; i++) {
        const cli_opt_t *o = &t[i];
        if (!o->name)
            table_error(cmd, NULL, "a hole in the option table (an enum entry without a row)");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(o->name, t[j].name))
                table_error(cmd, o->name, "the name is listed twice");
        if ((o->type == CLI_COUNT || o->type == CLI_REAL) && !(o->lo <= o->hi))
            table_error(cmd, o->name, "the range is empty");
        if (o->type == CLI_COUNT && !(o->lo >= 0 && o->hi <= CLI_2P53))
            table_error(cmd, o->name, "a count needs a bounded range (at most 2^53)");
        if (o->type == CLI_CHOICE && !o->choices && (!o->parse || !o->what))
            table_error(cmd, o->name, "a choice needs choices, or parse and what");
        if ((o->flags & CLI_BLANKS) && o->type != CLI_LIST)
            table_error(cmd, o->name, "CLI_BLANKS is for lists");
    }
}

void cli_check_tables(void)
{
    check_table("(common)", cli_common_opts, CO_COUNT);
    for (size_t i = 0; i < cli_ncommands; i++)
        check_table(cli_commands[i]->name, cli_commands[i]->opts, cli_commands[i]->nopts);
}
