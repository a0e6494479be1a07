/* The command-line front end: option parsing shared by all subcommands. */
#ifndef ADX_CLI_H
#define ADX_CLI_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_report.h"

#define CLI_MAX_POS 512
#define CLI_MAX_OPT 64
#define CLI_MAX_MULTI 64

/* Option kinds: a flag (no value), a value, or a repeatable value. */
typedef enum { CLI_FLAG, CLI_VALUE, CLI_MULTI } cli_kind_t;

typedef struct {
    const char *name; /* without the leading "--" */
    cli_kind_t kind;
    const char *help;
} cli_opt_t;

struct cli;

typedef struct {
    const char *name;
    const char *usage;
    const char *summary;
    const cli_opt_t *opts; /* terminated by {NULL} */
    int (*run)(struct cli *c);
} cli_cmd_t;

typedef struct cli {
    const cli_cmd_t *cmd;
    const char *pos[CLI_MAX_POS];
    size_t npos;
    const char *val[CLI_MAX_OPT];          /* value (or "1" for a set flag) per command option */
    const char *multi[CLI_MAX_OPT][CLI_MAX_MULTI];
    size_t nmulti[CLI_MAX_OPT];
    /* common options */
    adx_format_t format;
    const char *out;
    int decimals;
    adx_read_options_t ropt;
    double na[64];
    const char *compute[CLI_MAX_MULTI];
    size_t ncompute;
    adx_missing_t missing;
    int missing_set;
    int missing_fiml; /* --missing fiml: full-information ML (cfa, sem only) */
    adx_errctx_t err;
    /* Study mode (ambidex run): the data come from the study, the report is
     * captured instead of printed, and messages are kept in err. */
    int capture;
    const adx_dataset_t *preloaded;
    adx_report_t *captured;
    const char *study_dir; /* the study file's folder (for relative paths), or NULL */
} cli_t;

/* Initializes c for command cmd (defaults of the common options). */
void cli_init(cli_t *c, const cli_cmd_t *cmd);
/* Parses arguments (positional and options) into c. Returns 0, or an exit code
 * after reporting the problem; a set *help means --help was asked. */
int cli_parse_args(cli_t *c, int argc, const char *const *argv, int *help);
/* Finds a command by name, or NULL. */
const cli_cmd_t *cli_find(const char *name);

/* Value of a command option, or NULL when not given. */
const char *cli_get(const cli_t *c, const char *name);
/* Values of a repeatable option. */
size_t cli_get_multi(const cli_t *c, const char *name, const char *const **vals);

/* Prints the error held in c->err (or rc's description) to stderr and returns
 * the exit code: 2 for input errors, 1 for failed analyses. */
int cli_fail(cli_t *c, adx_error_t rc);
/* Prints a usage error for the current command and returns 2. */
int cli_usage_error(cli_t *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Loads the data file named by the first positional argument and applies the
 * --compute assignments. */
adx_error_t cli_load(cli_t *c, adx_dataset_t **ds);

/* Looks up the positional arguments from index `first` as numeric variables; with
 * none given and all_if_none set, takes every numeric variable. Variables may also
 * be separated by commas. *idx is malloc'd. */
adx_error_t cli_vars(cli_t *c, const adx_dataset_t *ds, size_t first, int all_if_none,
                     size_t **idx, size_t *k);

/* Renders the report in the chosen format and writes it to -o FILE (atomically)
 * or stdout. Returns an exit code. */
int cli_emit(cli_t *c, adx_report_t *r);

/* Reads a whole text file (at most 64 MB, no NUL bytes); NULL with c->err set
 * on failure ("PATH: cannot open WHAT ..."). The caller frees the result. */
char *cli_read_text(cli_t *c, const char *path, const char *what);

/* The shared tail of a command: on rc == ADX_OK emit r, else report the error;
 * frees r either way. Returns the exit code. */
int cli_finish(cli_t *c, adx_error_t rc, adx_report_t *r);

/* Parses a number; returns 0 on success. */
int cli_parse_double(const char *s, double *out);

/* The command table (commands.c). */
extern const cli_cmd_t *const cli_commands[];
extern const size_t cli_ncommands;

#endif
