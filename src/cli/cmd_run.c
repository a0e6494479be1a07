/* `ambidex run STUDY`: runs a study file; every CLI command is a study step. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/base.h"

#include "ambidex/adx_data.h"
#include "ambidex/adx_study.h"
#include "cli.h"
#include "cli_power.h"

/* "unknown step 'x'; did you mean 'y'?" over the commands and the library's own steps. */
static adx_error_t unknown_step(const char *name, adx_errctx_t *ctx)
{
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t i = 0; i < cli_ncommands; i++)
        if (strcmp(cli_commands[i]->name, "run"))
            adx_near_add(&near, cli_commands[i]->name);
    for (const char *const *b = adx_study_builtin_steps(); *b; b++)
        adx_near_add(&near, *b);
    const char *best = adx_near_best(&near, 3);
    if (best)
        return adx_err(ctx, ADX_EUSAGE, "unknown step '%s'; did you mean '%s'?", name, best);
    return adx_err(ctx, ADX_EUSAGE, "unknown step '%s'; see docs/study.md for the steps", name);
}

/* Parses the arguments of step st into c (capturing; argv has room for 2 nargs);
 * a { block } is the model text: it becomes the value of --model. */
static int parse_step(cli_t *c, const adx_study_step_t *st, const char **argv)
{
    size_t argc = 0;
    for (size_t i = 0; i < st->nargs; i++) {
        /* --name NAME belongs to the study runner (table models), not to the command. */
        if (!st->is_block[i] && !strcmp(st->args[i], "--name") && i + 1 < st->nargs) {
            i++;
            continue;
        }
        if (st->is_block[i])
            argv[argc++] = "--model";
        argv[argc++] = st->args[i];
    }
    int help = 0;
    int code = cli_parse_args(c, (int)argc, argv, &help);
    if (!code && help)
        code = cli_usage_error(c, "--help is not a study step option");
    return code;
}

/* --check: every analysis step names a command and passes its options, with the
 * message "STUDY:LINE: STEP: ..." of a run. */
static adx_error_t check_steps(cli_t *c, const adx_study_t *s)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < s->nsteps; i++) {
        const adx_study_step_t *st = &s->steps[i];
        const char *const *b = adx_study_builtin_steps();
        while (*b && strcmp(*b, st->command))
            b++;
        if (*b)
            continue;
        const cli_cmd_t *cmd = cli_find(st->command);
        cli_t *sc = malloc(sizeof *sc);
        const char **argv = malloc((2 * st->nargs + 1) * sizeof *argv);
        if (!sc || !argv)
            rc = adx_oom(&c->err);
        else if (!cmd || !strcmp(st->command, "run"))
            rc = unknown_step(st->command, &c->err);
        else {
            cli_init(sc, cmd);
            sc->capture = 1;
            sc->study_dir = s->dir;
            /* power uses no data: its values are checked here (no Monte Carlo runs) */
            if (parse_step(sc, st, argv) || (!strcmp(st->command, "power") &&
                                             cli_power_check(sc)))
                rc = adx_err(&c->err, sc->err.code ? sc->err.code : ADX_EUSAGE, "%s",
                             sc->err.msg);
        }
        free(sc);
        free(argv);
        if (rc && rc != ADX_ENOMEM) {
            char msg[ADX_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", c->err.msg);
            adx_err(&c->err, rc, "%s:%zu: %s: %s", s->path, st->line, st->command, msg);
        }
    }
    return rc;
}

/* Runs one analysis step through the CLI command of the same name, on the
 * study's data, capturing its report. */
static adx_error_t exec_step(void *user, const adx_study_step_t *st, const adx_dataset_t *ds,
                             adx_report_t **out, char **methods, adx_errctx_t *ctx)
{
    *out = NULL;
    *methods = NULL;
    const cli_cmd_t *cmd = cli_find(st->command);
    if (!cmd || !strcmp(st->command, "run"))
        return unknown_step(st->command, ctx);
    cli_t *c = malloc(sizeof *c);
    const char **argv = malloc((2 * st->nargs + 1) * sizeof *argv);
    if (!c || !argv) {
        free(c);
        free(argv);
        return adx_oom(ctx);
    }
    cli_init(c, cmd);
    c->capture = 1;
    c->preloaded = ds;
    c->study_dir = user; /* relative paths of steps (qual PROJECT) start here */
    if (ds) /* a planning study's power step runs before any data */
        c->pos[c->npos++] = ds->source ? ds->source : "data";
    adx_error_t rc = ADX_OK;
    int code = parse_step(c, st, argv);
    int ran = 0;
    if (!code) {
        code = cmd->run(c);
        ran = 1;
    }
    if (code) {
        rc = c->err.code ? c->err.code : ADX_EUSAGE;
        /* run --check runs the step on no cases (adx_study_run): a complaint of the
         * analysis about the data (no groups, too few cases) is then expected. */
        if (ran && rc == ADX_EUSAGE && ds && ds->nrows == 0)
            rc = ADX_EEMPTY;
        adx_err(ctx, rc, "%s", c->err.msg[0] ? c->err.msg : adx_strerror(rc));
        adx_report_free(c->captured);
    } else if (!c->captured) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "step '%s' produces no report", st->command);
    } else {
        *out = c->captured;
        if (c->captured->methods) {
            *methods = c->captured->methods;
            c->captured->methods = NULL;
        }
    }
    free(argv);
    free(c);
    return rc;
}

/* The figures of a report: report.html -> report_figures/figure-N.svg (paths
 * relative to the report). The new figures and the report are written into a
 * temporary folder beside the target first and committed together (commit). */
typedef struct {
    char dir[4096]; /* DIR/STEM_figures */
    char tmp[4200]; /* DIR/STEM_figures.tmp.XXXXXX: the new figures and the report */
    char old[4200]; /* DIR/STEM_figures.tmp.XXXXXX: the old figures until the report is in */
    int nfig;
} figs_t;

static adx_error_t write_figures(cli_t *c, adx_report_t *r, figs_t *F)
{
    const char *slash = strrchr(c->out, '/');
    const char *base = slash ? slash + 1 : c->out;
    const char *dot = strrchr(base, '.');
    int stem = (int)(dot ? (size_t)(dot - base) : strlen(base));
    int dirlen = (int)(base - c->out);
    snprintf(F->dir, sizeof F->dir, "%.*s%.*s_figures", dirlen, c->out, stem, base);
    for (size_t i = 0; i < r->nblocks; i++) {
        adx_block_t *b = &r->blocks[i];
        if (b->kind != ADX_BLOCK_FIGURE)
            continue;
        char rel[512], full[4400];
        if (F->nfig == 0) {
            /* A run killed mid-commit leaves DIR.tmp.XXXXXX folders: the next run to the
             * same report removes those older than a minute (adx__rm_stale). */
            adx__rm_stale(F->dir, 1);
            snprintf(F->tmp, sizeof F->tmp, "%s.tmp.XXXXXX", F->dir);
            if (!mkdtemp(F->tmp))
                return adx_err(&c->err, ADX_EIO, "%s: cannot create the figures folder: %s",
                               F->dir, strerror(errno));
            (void)chmod(F->tmp, 0755); /* as mkdir would make it */
        }
        snprintf(rel, sizeof rel, "%.*s_figures/figure-%d.svg", stem, base, ++F->nfig);
        snprintf(full, sizeof full, "%s/figure-%d.svg", F->tmp, F->nfig);
        adx_error_t e = adx_write_atomic(full, b->text, strlen(b->text), &c->err);
        if (e)
            return e;
        free(b->path);
        if (!(b->path = strdup(rel)))
            return adx_oom(&c->err);
    }
    return ADX_OK;
}

/* Puts the report (written as F->tmp/report) and its figures folder in place
 * together: the old folder moves aside, the new one and the report move in, and
 * the old folder is removed only then; on a failure everything moves back. */
static adx_error_t commit(cli_t *c, figs_t *F)
{
    char rep[4300];
    struct stat st;
    snprintf(rep, sizeof rep, "%s/report", F->dir);
    int had = !lstat(F->dir, &st);
    if (had) {
        snprintf(F->old, sizeof F->old, "%s.tmp.XXXXXX", F->dir);
        if (!mkdtemp(F->old) || rename(F->dir, F->old)) {
            adx_error_t rc = adx_err(&c->err, ADX_EIO, "%s: cannot move the old figures "
                                     "aside: %s", F->dir, strerror(errno));
            if (F->old[0] && rmdir(F->old) == 0)
                F->old[0] = '\0';
            return rc;
        }
    }
    if (!rename(F->tmp, F->dir)) {
        if (!rename(rep, c->out))
            return ADX_OK;
        int e = errno;
        (void)rename(F->dir, F->tmp);
        errno = e;
    }
    adx_error_t rc = adx_err(&c->err, ADX_EIO, "%s: cannot write the output file: %s", c->out,
                             strerror(errno));
    if (had && rename(F->old, F->dir) == 0)
        F->old[0] = '\0';
    return rc;
}

/* The report as c->out (and its figures beside it). */
static adx_error_t write_report(cli_t *c, adx_report_t *r)
{
    if (cli_is_document(c))
        return cli_write_document(c, r);
    figs_t F = {.nfig = 0};
    char *text = NULL, path[4300];
    size_t len = 0;
    adx_error_t rc = write_figures(c, r, &F);
    r->decimals = c->decimals;
    if (!rc)
        rc = adx_report_render(r, c->format, &text, &len, &c->err);
    if (!rc && !F.nfig)
        rc = adx_write_atomic(c->out, text, len, &c->err);
    else if (!rc) {
        snprintf(path, sizeof path, "%s/report", F.tmp);
        if (!(rc = adx_write_atomic(path, text, len, &c->err)))
            rc = commit(c, &F);
        else { /* the message names the report, not the temporary file */
            char why[ADX_ERRMSG_MAX];
            const char *colon = strrchr(c->err.msg, ':');
            if (colon)
                snprintf(why, sizeof why, "%s", colon + 1 + (colon[1] == ' '));
            else
                snprintf(why, sizeof why, "%s", adx_strerror(rc));
            adx_err(&c->err, rc, "%s: cannot write the output file: %s", c->out, why);
        }
    }
    /* On a failure the old figures stay (or stay aside if they could not move back). */
    if (F.nfig && rc)
        adx_remove_tree(F.tmp);
    else if (F.nfig && F.old[0])
        adx_remove_tree(F.old);
    free(text);
    return rc;
}

enum { RUN_CHECK, RUN_LABELS, RUN_NOPTS };
static const cli_opt_t run_opts[] = {
    [RUN_CHECK] = {"check", CLI_FLAG, "check the study file and its data steps without running "
                                      "the analyses"},
    [RUN_LABELS] = {"labels", CLI_STRING, "variables in the tables: labels (default: the variable "
                                       "label where there is one), names or both"},
    [RUN_NOPTS] = {NULL, 0, NULL}};

static int run_run(cli_t *c)
{
    if (c->npos != 1)
        return cli_usage_error(c, "give one study file");
    adx_study_t *s = NULL;
    adx_report_t *r = NULL;
    adx_study_options_t o;
    adx_study_options_init(&o);
    o.check_only = cli_has(c, RUN_CHECK);
    if (cli_has(c, RUN_LABELS)) {
        const char *m = cli_str(c, RUN_LABELS);
        if (!strcmp(m, "names") || !strcmp(m, "labels") || !strcmp(m, "both"))
            o.labels = m[0] == 'n' ? ADX_LABELS_NAMES : m[0] == 'l' ? ADX_LABELS_LABELS
                                                                    : ADX_LABELS_BOTH;
        else
            return cli_usage_error(c, "--labels: use labels, names or both");
    }
    adx_error_t rc = adx_study_parse(c->pos[0], &s, &c->err);
    /* -o must not name a file the study reads (its data, a model file). */
    for (size_t i = 0; !rc && i < s->nsteps; i++)
        for (size_t j = 0; !rc && j < s->steps[i].nargs; j++)
            if (!s->steps[i].is_block || !s->steps[i].is_block[j])
                rc = cli_guard_output(c, s->dir, s->steps[i].args[j]);
    if (!rc && o.check_only)
        rc = check_steps(c, s);
    if (!rc)
        rc = adx_study_run(s, &o, exec_step, s->dir, &r, &c->err);
    adx_study_free(s);
    if (rc) {
        adx_report_free(r);
        return cli_fail(c, rc);
    }
    if (o.check_only) {
        adx_report_free(r);
        fprintf(stderr, "ambidex: %s: the study file and its data steps are valid\n", c->pos[0]);
        return 0;
    }
    int code;
    if (c->out) {
        rc = write_report(c, r);
        adx_report_free(r);
        code = rc ? cli_fail(c, rc) : 0;
    } else
        code = cli_finish(c, rc, r);
    if (!code && c->out)
        fprintf(stderr, "ambidex: report written to %s\n", c->out);
    return code;
}

const cli_cmd_t cli_cmd_run = {
    "run", "run STUDY [-o report.html] [--format html|md|latex|json|text] [--check] [--labels labels|names|both]",
    "run a study file (data, scales, cleaning, analyses) and write the report", CLI_OPTS(run_opts),
    .run = run_run};
