/* The table of subcommands, generated from commands.def. */
#include "cli.h"

#define X(n) extern const cli_cmd_t cli_cmd_##n;
#include "commands.def"
#undef X

const cli_cmd_t *const cli_commands[] = {
#define X(n) &cli_cmd_##n,
#include "commands.def"
#undef X
};

const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];
