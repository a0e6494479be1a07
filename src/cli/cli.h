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

/* Option types. Every value is checked once, while the arguments are parsed, and
 * a bad one is reported as "--NAME takes WHAT, not 'VALUE'" (exit 2). */
typedef enum {
    CLI_FLAG,   /* no value */
    CLI_STRING, /* any text */
    CLI_COUNT,  /* a whole number in [lo, hi], hi at most 2^53; CLI_NOLIMIT (1e9) where the
                   real limit is checked later (factors <= items, any seed) */
    CLI_REAL,   /* a number in [lo, hi]; CLI_OPEN_LO / CLI_OPEN_HI exclude an end */
    CLI_LEVEL,  /* a confidence level, 95 or 0.95: kept as the fraction */
    CLI_SHARE,  /* a share in [0, 1): 5% or 0.05 */
    CLI_CHOICE, /* one of `choices` (or a name `parse` accepts): kept as its value */
    CLI_LIST    /* names separated by commas (also by blanks with CLI_BLANKS) */
} cli_type_t;

/* Option flags. */
enum {
    CLI_REPEAT = 1,  /* may be given more than once (cli_multi / cli_list see all) */
    CLI_OPEN_LO = 2, /* CLI_REAL: lo itself is not accepted */
    CLI_OPEN_HI = 4, /* CLI_REAL: hi itself is not accepted */
    CLI_BLANKS = 8   /* CLI_LIST: blanks separate names too */
};

#define CLI_NOLIMIT 1e9 /* CLI_COUNT's hi when the real limit is checked later */
#define CLI_2P53 9007199254740992.0 /* 2^53: the largest seed (exact in a double) */

typedef struct {
    const char *name;
    int value;
} cli_choice_t;

typedef struct {
    const char *name; /* without the leading "--" */
    cli_type_t type;
    const char *help;
    unsigned flags;
    double lo, hi;                /* CLI_COUNT, CLI_REAL */
    const cli_choice_t *choices;  /* CLI_CHOICE: terminated by {NULL} */
    int (*parse)(const char *);   /* CLI_CHOICE without choices: the value, or < 0 */
    const char *what;             /* what the option takes, for messages (default: from
                                     the type, range and choices) */
} cli_opt_t;

struct cli;

/* The data of a command: the dataset and the variables named on the command line. */
typedef struct {
    adx_dataset_t *ds;
    size_t *idx, k;
} cli_data_t;

/* A command's analysis: from the opened data d to the report *r (opts: the
 * command's own arguments). */
typedef adx_error_t (*cli_analysis_t)(struct cli *c, const cli_data_t *d, const void *opts,
                                      adx_report_t **r);

typedef struct {
    const char *name;
    const char *usage;
    const char *summary;
    const cli_opt_t *opts; /* indexed by the command's option enum, terminated by {NULL} */
    size_t nopts;
    int (*run)(struct cli *c);
    /* A command without options of its own has run = cli_run_positional: exactly
     * npos positional arguments (else the usage error npos_msg), then analyse on
     * the data (cli_open(c, d, 0, 0)). */
    cli_analysis_t analyse;
    size_t npos;
    const char *npos_msg;
    /* -o names a data file the command writes itself (survey export: .csv, .sav), not a
     * report: the report-format check on its extension is skipped. */
    int data_out;
} cli_cmd_t;

/* .opts and .nopts of a cli_cmd_t from an option table declared as
 * `static const cli_opt_t t[] = {[O_A] = {...}, ..., [O_COUNT] = {NULL}};`. */
#define CLI_OPTS(t) .opts = (t), .nopts = sizeof(t) / sizeof(t)[0] - 1

#define CLI_MAX_ITEMS 1024
#define CLI_ARENA 16384

typedef struct cli {
    const cli_cmd_t *cmd;
    const char *pos[CLI_MAX_POS];
    size_t npos;
    const char *val[CLI_MAX_OPT];          /* value (or "1" for a set flag) per command option */
    const char *multi[CLI_MAX_OPT][CLI_MAX_MULTI];
    size_t nmulti[CLI_MAX_OPT];
    double num[CLI_MAX_OPT];               /* the checked value of a numeric or choice option */
    size_t item0[CLI_MAX_OPT], nitems[CLI_MAX_OPT]; /* a list option's names in items[] */
    const char *items[CLI_MAX_ITEMS];
    char arena[CLI_ARENA];                 /* the list names */
    size_t arena_used;
    /* common options */
    adx_format_t format;
    int format_set; /* --format was given */
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

/* The command's options, by the index of the command's option enum (a misspelt
 * name does not compile; a debug build checks the index and type). */
int cli_has(const cli_t *c, int opt);                     /* given (any type) */
const char *cli_str(const cli_t *c, int opt);             /* the text as given, or NULL */
size_t cli_count(const cli_t *c, int opt, size_t def);    /* CLI_COUNT */
double cli_num(const cli_t *c, int opt, double def);      /* COUNT, REAL, LEVEL, SHARE */
int cli_choice(const cli_t *c, int opt, int def);         /* CLI_CHOICE */
/* The names of a CLI_LIST option (every value of a repeatable one), blanks trimmed. */
size_t cli_list(const cli_t *c, int opt, const char *const **names);
/* Every value of a repeatable option, as given. */
size_t cli_multi(const cli_t *c, int opt, const char *const **vals);

/* Checks every command's option table (names, ranges, choices); aborts on a
 * programming error. Debug builds run it at start-up. */
void cli_check_tables(void);
/* What option o takes, in words ("a whole number from 2 to 10000"): the documented
 * range of a numeric option, shown by COMMAND --help and in its error message. */
void cli_opt_range(const cli_opt_t *o, char *buf, size_t n);


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

/* cli_load, then (unless first == 0) cli_vars from positional argument `first`. */
adx_error_t cli_open(cli_t *c, cli_data_t *d, size_t first, int all_if_none);
/* Frees d and finishes the command as cli_finish does; returns the exit code. */
int cli_close(cli_t *c, cli_data_t *d, adx_error_t rc, adx_report_t *r);

/* The frame every data command shares: cli_open(c, d, first, all_if_none), the
 * analysis, cli_close. Returns the exit code. */
int cli_run(cli_t *c, size_t first, int all_if_none, cli_analysis_t analyse, const void *opts);

/* The body of an analysis that has one result: `T *res` is made by CALL (which
 * fills &res), reported by REPORT and freed by FREE; returns the error code. */
#define CLI_REPORTED(T, FREE, CALL, REPORT)                                                  \
    T *res = NULL;                                                                           \
    adx_error_t rc = (CALL);                                                                 \
    if (!rc)                                                                                 \
        rc = (REPORT);                                                                       \
    FREE(res);                                                                               \
    return rc;

/* The run of a command that gives analyse, npos and npos_msg (see cli_cmd_t). */
int cli_run_positional(cli_t *c);

/* Defines the cli_analysis_t NAME with the body CLI_REPORTED(T, FREE, CALL, REPORT);
 * CALL and REPORT see c, d, r and `const A *a`, the command's arguments (opts). */
#define CLI_ANALYSIS(NAME, A, T, FREE, CALL, REPORT)                                         \
    static adx_error_t NAME(cli_t *c, const cli_data_t *d, const void *opts, adx_report_t **r) \
    {                                                                                        \
        const A *a = opts;                                                                   \
        (void)a;                                                                             \
        (void)d;                                                                             \
        CLI_REPORTED(T, FREE, CALL, REPORT)                                                  \
    }

/* The --missing choice (pairwise or listwise), or def when not given. */
adx_missing_t cli_missing(const cli_t *c, adx_missing_t def);

/* Refuses --missing pairwise in a command that deletes listwise: fmt (with %s for
 * the command name, if any) as a usage error (as_usage) or as a failed command.
 * Returns the exit code (2), or 0 when --missing pairwise was not asked. */
int cli_listwise_only(cli_t *c, int as_usage, const char *fmt);

/* The tail of a command that writes a dataset: on rc == ADX_OK writes ds as CSV
 * (cli_write); frees ds either way. Returns the exit code. */
int cli_finish_csv(cli_t *c, adx_error_t rc, adx_dataset_t *ds);

/* Renders the report in the chosen format and writes it to -o FILE (atomically)
 * or stdout. Returns an exit code. */
int cli_emit(cli_t *c, adx_report_t *r);

/* Reads a whole text file (adx_read_text_file); NULL with c->err set on failure.
 * The caller frees the result. */
char *cli_read_text(cli_t *c, const char *path, const char *what);

/* -o must never name an input: ADX_EUSAGE ("-o F is the input file F") when -o
 * exists and is the same file (device and inode) as path (taken relative to dir
 * when dir is given and path is relative); ADX_OK otherwise. */
adx_error_t cli_guard_output(cli_t *c, const char *dir, const char *path);
/* cli_guard_output on every positional argument and every file-or-text option of
 * the command, before anything runs. Returns the exit code (2) or 0. */
int cli_guard_inputs(cli_t *c);

/* The format of -o FILE: from its extension unless --format was given; an extension
 * that no format writes, or one that contradicts --format, is a usage error. Returns
 * the exit code (2) or 0. */
int cli_output_format(cli_t *c);

/* Whether the format is a document written by a library writer (docx, pdf). */
int cli_is_document(const cli_t *c);
/* Writes the report as Word or PDF to -o FILE (an error without -o). */
adx_error_t cli_write_document(cli_t *c, adx_report_t *r);

/* Writes text to -o FILE (atomically) or to stdout; returns an error code. */
adx_error_t cli_write(cli_t *c, const char *text, size_t len);

/* The shared tail of a command: on rc == ADX_OK emit r, else report the error;
 * frees r either way. Returns the exit code. */
int cli_finish(cli_t *c, adx_error_t rc, adx_report_t *r);

/* The options every command takes (options.c), for the help text. */
extern const cli_opt_t cli_common_opts[];

/* The command table (commands.c). */
extern const cli_cmd_t *const cli_commands[];
extern const size_t cli_ncommands;

#endif
