/* `ambidex run STUDY`: runs a study file; every CLI command is a study step. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_study.h"
#include "cli.h"

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
    c->pos[c->npos++] = ds->source ? ds->source : "data";
    /* A { block } is the model text: it becomes the value of --model. */
    size_t argc = 0;
    for (size_t i = 0; i < st->nargs; i++) {
        if (st->is_block[i])
            argv[argc++] = "--model";
        argv[argc++] = st->args[i];
    }
    int help = 0;
    adx_error_t rc = ADX_OK;
    int code = cli_parse_args(c, (int)argc, argv, &help);
    if (!code && help)
        code = cli_usage_error(c, "--help is not a study step option");
    if (!code)
        code = cmd->run(c);
    if (code) {
        rc = c->err.code ? c->err.code : ADX_EUSAGE;
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

static adx_format_t format_from_path(const char *p, adx_format_t def)
{
    const char *dot = p ? strrchr(p, '.') : NULL;
    if (!dot)
        return def;
    if (!strcmp(dot, ".html") || !strcmp(dot, ".htm"))
        return ADX_FMT_HTML;
    if (!strcmp(dot, ".md"))
        return ADX_FMT_MD;
    if (!strcmp(dot, ".tex"))
        return ADX_FMT_LATEX;
    if (!strcmp(dot, ".json"))
        return ADX_FMT_JSON;
    if (!strcmp(dot, ".csv"))
        return ADX_FMT_CSV;
    return def;
}

/* Figures are also written as SVG files beside the report:
 * report.html -> report_figures/figure-N.svg (paths relative to the report). */
static adx_error_t write_figures(cli_t *c, adx_report_t *r)
{
    const char *slash = strrchr(c->out, '/');
    const char *base = slash ? slash + 1 : c->out;
    const char *dot = strrchr(base, '.');
    size_t stem = dot ? (size_t)(dot - base) : strlen(base);
    size_t dirlen = (size_t)(base - c->out);
    size_t nfig = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        adx_block_t *b = &r->blocks[i];
        if (b->kind != ADX_BLOCK_FIGURE)
            continue;
        char rel[512], full[1024];
        snprintf(rel, sizeof rel, "%.*s_figures/figure-%zu.svg", (int)stem, base, ++nfig);
        snprintf(full, sizeof full, "%.*s%.*s_figures", (int)dirlen, c->out, (int)stem, base);
        if (nfig == 1 && mkdir(full, 0755) != 0 && errno != EEXIST)
            return adx_err(&c->err, ADX_EIO, "%s: cannot create the figures folder: %s", full,
                           strerror(errno));
        snprintf(full, sizeof full, "%.*s%s", (int)dirlen, c->out, rel);
        adx_error_t e = adx_write_atomic(full, b->text, strlen(b->text), &c->err);
        if (e)
            return e;
        free(b->path);
        if (!(b->path = strdup(rel)))
            return adx_oom(&c->err);
    }
    return ADX_OK;
}

enum { RUN_CHECK, RUN_NOPTS };
static const cli_opt_t run_opts[] = {
    [RUN_CHECK] = {"check", CLI_FLAG, "check the study file and its data steps without running "
                                      "the analyses"},
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
    adx_error_t rc = adx_study_parse(c->pos[0], &s, &c->err);
    /* -o must not name a file the study reads (its data, a model file). */
    for (size_t i = 0; !rc && i < s->nsteps; i++)
        for (size_t j = 0; !rc && j < s->steps[i].nargs; j++)
            if (!s->steps[i].is_block || !s->steps[i].is_block[j])
                rc = cli_guard_output(c, s->dir, s->steps[i].args[j]);
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
    rc = c->out ? write_figures(c, r) : ADX_OK;
    /* The format follows -o's extension unless --format says otherwise. */
    if (c->format == ADX_FMT_TEXT)
        c->format = format_from_path(c->out, ADX_FMT_TEXT);
    int code = cli_finish(c, rc, r);
    if (!code && c->out)
        fprintf(stderr, "ambidex: report written to %s\n", c->out);
    return code;
}

const cli_cmd_t cli_cmd_run = {
    "run", "run STUDY [-o report.html] [--format html|md|latex|json|text] [--check]",
    "run a study file (data, scales, cleaning, analyses) and write the report", CLI_OPTS(run_opts),
    .run = run_run};
