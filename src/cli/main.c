/* ambidex command-line tool: `ambidex COMMAND DATA [ARGS] [OPTIONS]`. */
#include <stdio.h>
#include <string.h>

#include "../ext/ext.h"
#include "cli.h"

#ifndef ADX_VERSION
#define ADX_VERSION "0.1.0"
#endif

static void print_help(void)
{
    printf("ambidex %s - firm-survey research from raw answers to publication tables\n\n"
           "usage: ambidex COMMAND DATA [ARGS] [OPTIONS]\n\ncommands:\n",
           ADX_VERSION);
    for (size_t i = 0; i < cli_ncommands; i++)
        printf("  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    printf("\noptions for every command:\n");
    for (size_t i = 0; cli_common_opts[i].name; i++)
        printf("  --%-10s %s\n", cli_common_opts[i].name, cli_common_opts[i].help);
    printf("\nData: CSV/TSV (header row), SPSS .sav/.zsav/.por, Stata .dta, SAS .sas7bdat.\n"
           "Exit status: 0 success, 1 the analysis failed, 2 bad usage or input.\n"
           "`ambidex COMMAND --help` describes one command.\n");
}

static void print_cmd_help(const cli_cmd_t *cmd)
{
    printf("usage: ambidex %s\n\n%s\n", cmd->usage, cmd->summary);
    if (cmd->nopts) {
        printf("\noptions:\n");
        for (size_t i = 0; i < cmd->nopts; i++) {
            const cli_opt_t *o = &cmd->opts[i];
            char range[256] = "";
            /* Numeric options show their range: every value outside it is refused. */
            if (o->type == CLI_COUNT || o->type == CLI_REAL)
                cli_opt_range(o, range, sizeof range);
            printf("  --%-12s %s%s%s%s\n", o->name, o->help, range[0] ? " [" : "", range,
                   range[0] ? "]" : "");
        }
    }
    printf("\ncommon options: --format --output/-o --decimals --sep --decimal --na --compute "
           "--missing (see ambidex --help)\n");
}

static int unknown_command(const char *name)
{
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t i = 0; i < cli_ncommands; i++)
        adx_near_add(&near, cli_commands[i]->name);
    const char *best = adx_near_best(&near, 3);
    if (best)
        fprintf(stderr, "ambidex: unknown command '%s'; did you mean '%s'? (ambidex --help "
                        "lists the commands)\n", name, best);
    else
        fprintf(stderr, "ambidex: unknown command '%s'; ambidex --help lists the commands\n",
                name);
    return 2;
}

int main(int argc, char **argv)
{
    adx_init();
#ifndef NDEBUG
    cli_check_tables();
#endif
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
    if (!cmd)
        return unknown_command(argv[1]);
    cli_init(&c, cmd);
    int help = 0;
    int rc = cli_parse_args(&c, argc - 2, (const char *const *)argv + 2, &help);
    if (rc)
        return rc;
    if (help) {
        print_cmd_help(cmd);
        return 0;
    }
    if ((rc = cli_guard_inputs(&c)) || (!cmd->data_out && (rc = cli_output_format(&c))))
        return rc;
    /* A figure's SVG is shown only in HTML and written only beside -o (run): otherwise
     * figures are not drawn, and Graphviz and cairo are not loaded (src/ext). */
    if (c.format != ADX_FMT_HTML && !c.out && strcmp(cmd->name, "diagram")) /* it prints SVG */
        adx__ext_captions_only();
    return cmd->run(&c);
}
