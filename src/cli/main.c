/* ambidex command-line tool: `ambidex COMMAND DATA [ARGS] [OPTIONS]`. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ext/ext.h"
#include "cli.h"

#ifndef ADX_VERSION
#define ADX_VERSION "0.1.0"
#endif

static const cli_opt_t common_opts[] = {
    {"format", CLI_VALUE, "output format: text (default), md, html, csv, json, latex"},
    {"output", CLI_VALUE, "write the output to FILE (atomically) instead of stdout; also -o"},
    {"decimals", CLI_VALUE, "decimals shown in tables (default 3)"},
    {"sep", CLI_VALUE, "CSV field separator: ',', ';', 'tab' (default: detected)"},
    {"decimal", CLI_VALUE, "decimal mark in the CSV file: '.' (default) or ','"},
    {"na", CLI_VALUE, "user-missing codes, e.g. --na -99,999"},
    {"compute", CLI_MULTI, "new variable before the analysis, e.g. --compute \"PERF = mean(p1,p2,p3)\""},
    {"missing", CLI_VALUE, "listwise or pairwise deletion of missing values; fiml (cfa, sem)"},
    {NULL, 0, NULL}};

const char *cli_get(const cli_t *c, const char *name)
{
    for (size_t i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
        if (strcmp(c->cmd->opts[i].name, name) == 0)
            return c->val[i];
    return NULL;
}

size_t cli_get_multi(const cli_t *c, const char *name, const char *const **vals)
{
    for (size_t i = 0; c->cmd->opts && c->cmd->opts[i].name; i++)
        if (strcmp(c->cmd->opts[i].name, name) == 0) {
            *vals = c->multi[i];
            return c->nmulti[i];
        }
    *vals = NULL;
    return 0;
}

int cli_fail(cli_t *c, adx_error_t rc)
{
    if (c->capture) {
        if (c->err.code != rc || !c->err.msg[0])
            adx_err(&c->err, rc, "%s", adx_strerror(rc));
        c->err.code = rc;
    } else if (c->err.code == rc && c->err.msg[0]) {
        fprintf(stderr, "ambidex: %s\n", c->err.msg);
    } else {
        fprintf(stderr, "ambidex: %s\n", adx_strerror(rc));
    }
    return adx_error_is_input(rc) ? 2 : 1;
}

int cli_usage_error(cli_t *c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (c->capture) {
        adx_err(&c->err, ADX_EUSAGE, "%s (usage: %s)", buf, c->cmd ? c->cmd->usage : "");
        return 2;
    }
    fprintf(stderr, "ambidex: %s%s%s\n", c->cmd ? c->cmd->name : "", c->cmd ? ": " : "", buf);
    if (c->cmd)
        fprintf(stderr, "usage: ambidex %s\n", c->cmd->usage);
    return 2;
}

int cli_parse_double(const char *s, double *out)
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

static void print_help(void)
{
    printf("ambidex %s - firm-survey research from raw answers to publication tables\n\n"
           "usage: ambidex COMMAND DATA [ARGS] [OPTIONS]\n\ncommands:\n",
           ADX_VERSION);
    for (size_t i = 0; i < cli_ncommands; i++)
        printf("  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    printf("\noptions for every command:\n");
    for (size_t i = 0; common_opts[i].name; i++)
        printf("  --%-10s %s\n", common_opts[i].name, common_opts[i].help);
    printf("\nData: CSV/TSV (header row), SPSS .sav/.zsav/.por, Stata .dta, SAS .sas7bdat.\n"
           "Exit status: 0 success, 1 the analysis failed, 2 bad usage or input.\n"
           "`ambidex COMMAND --help` describes one command.\n");
}

static void print_cmd_help(const cli_cmd_t *cmd)
{
    printf("usage: ambidex %s\n\n%s\n", cmd->usage, cmd->summary);
    if (cmd->opts && cmd->opts[0].name) {
        printf("\noptions:\n");
        for (size_t i = 0; cmd->opts[i].name; i++)
            printf("  --%-12s %s\n", cmd->opts[i].name, cmd->opts[i].help);
    }
    printf("\ncommon options: --format --output/-o --decimals --sep --decimal --na --compute "
           "--missing (see ambidex --help)\n");
}

/* Suggests the closest known option name for an unknown one. */
static const char *closest_option(const cli_cmd_t *cmd, const char *name)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int pass = 0; pass < 2; pass++) {
        const cli_opt_t *o = pass ? cmd->opts : common_opts;
        for (size_t i = 0; o && o[i].name; i++) {
            size_t d = adx_edit_distance(name, o[i].name);
            if (d < bd) {
                bd = d;
                best = o[i].name;
            }
        }
    }
    return (best && bd <= 2 + strlen(name) / 3) ? best : NULL;
}

static int set_common(cli_t *c, const char *name, const char *v)
{
    if (!strcmp(name, "format")) {
        int f = adx_format_parse(v);
        if (f < 0)
            return cli_usage_error(c, "unknown format '%s'; use text, md, html, csv, json or "
                                      "latex", v);
        c->format = (adx_format_t)f;
    } else if (!strcmp(name, "output")) {
        c->out = v;
    } else if (!strcmp(name, "decimals")) {
        double d;
        if (cli_parse_double(v, &d) || d < 0 || d > 10 || d != floor(d))
            return cli_usage_error(c, "--decimals takes a whole number from 0 to 10, not '%s'",
                                   v);
        c->decimals = (int)d;
    } else if (!strcmp(name, "sep")) {
        if (!strcmp(v, "tab") || !strcmp(v, "\\t"))
            c->ropt.sep = '\t';
        else if (strlen(v) == 1 && strchr(",;|\t ", v[0]))
            c->ropt.sep = v[0];
        else
            return cli_usage_error(c, "--sep takes ',', ';', '|' or 'tab', not '%s'", v);
    } else if (!strcmp(name, "decimal")) {
        if (strcmp(v, ".") && strcmp(v, ","))
            return cli_usage_error(c, "--decimal takes '.' or ',', not '%s'", v);
        c->ropt.decimal = v[0];
    } else if (!strcmp(name, "na")) {
        const char *p = v;
        while (*p) {
            char *end;
            double x = strtod(p, &end);
            if (end == p || (*end && *end != ','))
                return cli_usage_error(c, "--na takes numbers separated by commas (e.g. "
                                          "-99,999), not '%s'", v);
            if (c->ropt.n_na_codes == sizeof c->na / sizeof c->na[0])
                return cli_usage_error(c, "--na: at most 64 codes");
            c->na[c->ropt.n_na_codes++] = x;
            p = *end ? end + 1 : end;
        }
        c->ropt.na_codes = c->na;
    } else if (!strcmp(name, "compute")) {
        if (c->ncompute == CLI_MAX_MULTI)
            return cli_usage_error(c, "--compute: at most %d assignments", CLI_MAX_MULTI);
        c->compute[c->ncompute++] = v;
    } else if (!strcmp(name, "missing")) {
        if (!strcmp(v, "listwise"))
            c->missing = ADX_LISTWISE;
        else if (!strcmp(v, "pairwise"))
            c->missing = ADX_PAIRWISE;
        else if ((!strcmp(v, "fiml") || !strcmp(v, "ml")) &&
                 (!strcmp(c->cmd->name, "cfa") || !strcmp(c->cmd->name, "sem")))
            c->missing_fiml = 1; /* full-information ML */
        else
            return cli_usage_error(c, "--missing takes listwise, pairwise or fiml (cfa, sem), "
                                      "not '%s'", v);
        c->missing_set = 1;
    }
    return 0;
}

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

int cli_parse_args(cli_t *c, int argc, const char *const *argv, int *help)
{
    int only_pos = 0;
    *help = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == 0 || (a[1] >= '0' && a[1] <= '9') || a[1] == '.') {
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
        const char *value = NULL;
        if (!strcmp(a, "-o")) {
            snprintf(name, sizeof name, "output");
        } else if (!strcmp(a, "-e")) {
            snprintf(name, sizeof name, "model"); /* inline model (cfa, sem) */
        } else if (a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, a + 2, len);
            name[len] = 0;
            if (eq)
                value = eq + 1;
        } else {
            /* A one-letter option declared by the command (e.g. -e). */
            int found = 0;
            for (size_t k = 0; c->cmd->opts && c->cmd->opts[k].name; k++)
                if (a[2] == 0 && strlen(c->cmd->opts[k].name) == 1 && c->cmd->opts[k].name[0] == a[1])
                    found = 1;
            if (!found)
                return cli_usage_error(c, "unknown option '%s'; options start with '--' "
                                          "(ambidex %s --help)", a, c->cmd->name);
            snprintf(name, sizeof name, "%s", a + 1);
        }
        /* The command's own options first: they may shadow a common one (e.g.
         * simulate --missing 5%). */
        int found = 0;
        for (size_t k = 0; c->cmd->opts && c->cmd->opts[k].name && !found; k++) {
            const cli_opt_t *o = &c->cmd->opts[k];
            if (strcmp(o->name, name))
                continue;
            found = 1;
            if (o->kind == CLI_FLAG) {
                if (value)
                    return cli_usage_error(c, "option --%s takes no value", name);
                c->val[k] = "1";
                continue;
            }
            if (!value) {
                if (i + 1 >= argc)
                    return cli_usage_error(c, "option --%s needs a value", name);
                value = argv[++i];
            }
            c->val[k] = value;
            if (o->kind == CLI_MULTI) {
                if (c->nmulti[k] == CLI_MAX_MULTI)
                    return cli_usage_error(c, "option --%s given too often", name);
                c->multi[k][c->nmulti[k]++] = value;
            }
        }
        for (size_t k = 0; common_opts[k].name && !found; k++) {
            if (strcmp(common_opts[k].name, name))
                continue;
            found = 1;
            if (!value) {
                if (i + 1 >= argc)
                    return cli_usage_error(c, "option --%s needs a value", name);
                value = argv[++i];
            }
            int rc = set_common(c, name, value);
            if (rc)
                return rc;
        }
        if (!found) {
            const char *best = closest_option(c->cmd, name);
            if (best)
                return cli_usage_error(c, "unknown option '--%s'; did you mean '--%s'?", name,
                                       best);
            return cli_usage_error(c, "unknown option '--%s' (ambidex %s --help lists the "
                                      "options)", name, c->cmd->name);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    adx_init();
    static cli_t c;
    cli_init(&c, NULL);
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        print_help();
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ambidex %s\n", ADX_VERSION);
        return 0;
    }
    const cli_cmd_t *cmd = cli_find(argv[1]);
    if (!cmd) {
        const char *best = NULL;
        size_t bd = (size_t)-1;
        for (size_t i = 0; i < cli_ncommands; i++) {
            size_t d = adx_edit_distance(argv[1], cli_commands[i]->name);
            if (d < bd) {
                bd = d;
                best = cli_commands[i]->name;
            }
        }
        if (best && bd <= 3)
            fprintf(stderr, "ambidex: unknown command '%s'; did you mean '%s'? (ambidex --help "
                            "lists the commands)\n", argv[1], best);
        else
            fprintf(stderr, "ambidex: unknown command '%s'; ambidex --help lists the commands\n",
                    argv[1]);
        return 2;
    }
    cli_init(&c, cmd);
    int help = 0;
    int rc = cli_parse_args(&c, argc - 2, (const char *const *)argv + 2, &help);
    if (rc)
        return rc;
    if (help) {
        print_cmd_help(cmd);
        return 0;
    }
    /* A figure's SVG is shown only in HTML and written only beside -o (run): otherwise
     * figures are not drawn, and Graphviz and cairo are not loaded (src/ext). */
    if (c.format != ADX_FMT_HTML && !c.out)
        adx__ext_captions_only();
    return cmd->run(&c);
}
