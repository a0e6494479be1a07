/* Shared steps of the subcommands: load data, look up variables, emit output. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

adx_error_t cli_load(cli_t *c, adx_dataset_t **ds)
{
    *ds = NULL;
    adx_error_t rc = ADX_OK;
    if (c->preloaded) {
        /* Study mode: a private copy of the study's data (commands free it). */
        if (!(*ds = adx_dataset_copy(c->preloaded)))
            return adx_oom(&c->err);
    } else if (c->npos < 1) {
        cli_usage_error(c, "missing the DATA file");
        return adx_err(&c->err, ADX_EUSAGE, "missing the DATA file");
    } else {
        rc = adx_read_file(c->pos[0], &c->ropt, ds, &c->err);
    }
    for (size_t i = 0; !rc && i < c->ncompute; i++)
        rc = adx_compute(*ds, c->compute[i], &c->err);
    if (rc) {
        adx_dataset_free(*ds);
        *ds = NULL;
    }
    return rc;
}

adx_error_t cli_vars(cli_t *c, const adx_dataset_t *ds, size_t first, int all_if_none,
                     size_t **idx, size_t *k)
{
    *idx = NULL;
    *k = 0;
    size_t cap = ds->nvars + 16, n = 0;
    const char **names = NULL;
    char *buf = NULL;
    adx_error_t rc = ADX_OK;
    /* Split "a,b c" into names; buf holds copies. */
    size_t total = 0;
    for (size_t i = first; i < c->npos; i++)
        total += strlen(c->pos[i]) + 1;
    for (size_t i = first; i < c->npos; i++)
        for (const char *p = c->pos[i]; *p; p++)
            cap += (*p == ',');
    cap += c->npos;
    if (!(names = malloc(cap * sizeof *names)) || !(buf = malloc(total + 1)) ||
        !(*idx = malloc(cap * sizeof **idx))) {
        rc = adx_oom(&c->err);
        goto cleanup;
    }
    char *w = buf;
    for (size_t i = first; i < c->npos; i++) {
        strcpy(w, c->pos[i]);
        for (char *tok = strtok(w, ","); tok; tok = strtok(NULL, ","))
            if (*tok)
                names[n++] = tok;
        w += strlen(c->pos[i]) + 1;
    }
    if (n == 0 && all_if_none) {
        for (size_t j = 0; j < ds->nvars; j++)
            if (ds->vars[j].type == ADX_VAR_NUMERIC)
                (*idx)[n++] = j;
        if (n == 0)
            rc = adx_err(&c->err, ADX_ETYPE, "%s: no numeric variables", c->pos[0]);
        *k = n;
        goto cleanup;
    }
    if (n == 0) {
        rc = adx_err(&c->err, ADX_EUSAGE, "no variables given; usage: ambidex %s",
                     c->cmd->usage);
        goto cleanup;
    }
    rc = adx_dataset_lookup(ds, names, n, 1, *idx, &c->err);
    *k = n;
cleanup:
    free(names);
    free(buf);
    if (rc) {
        free(*idx);
        *idx = NULL;
        *k = 0;
    }
    return rc;
}

adx_error_t cli_open(cli_t *c, cli_data_t *d, size_t first, int all_if_none)
{
    d->idx = NULL;
    d->k = 0;
    adx_error_t rc = cli_load(c, &d->ds);
    if (!rc && first)
        rc = cli_vars(c, d->ds, first, all_if_none, &d->idx, &d->k);
    return rc;
}

int cli_close(cli_t *c, cli_data_t *d, adx_error_t rc, adx_report_t *r)
{
    free(d->idx);
    adx_dataset_free(d->ds);
    d->idx = NULL;
    d->ds = NULL;
    return cli_finish(c, rc, r);
}

int cli_run(cli_t *c, size_t first, int all_if_none, cli_analysis_t analyse, const void *opts)
{
    cli_data_t d;
    adx_report_t *r = NULL;
    adx_error_t rc = cli_open(c, &d, first, all_if_none);
    if (!rc)
        rc = analyse(c, &d, opts, &r);
    return cli_close(c, &d, rc, r);
}

int cli_run_positional(cli_t *c)
{
    if (c->npos != c->cmd->npos)
        return cli_usage_error(c, "%s", c->cmd->npos_msg);
    return cli_run(c, 0, 0, c->cmd->analyse, NULL);
}

adx_missing_t cli_missing(const cli_t *c, adx_missing_t def)
{
    return c->missing_set ? c->missing : def;
}

int cli_listwise_only(cli_t *c, int as_usage, const char *fmt)
{
    if (!c->missing_set || c->missing != ADX_PAIRWISE)
        return 0;
    if (as_usage)
        return cli_usage_error(c, fmt, c->cmd->name);
    return cli_fail(c, adx_err(&c->err, ADX_EUSAGE, fmt, c->cmd->name));
}

int cli_finish_csv(cli_t *c, adx_error_t rc, adx_dataset_t *ds)
{
    char *text = NULL;
    size_t len = 0;
    if (!rc && c->out && c->format != ADX_FMT_CSV && c->format != ADX_FMT_TEXT)
        rc = adx_err(&c->err, ADX_EUSAGE, "-o %s: %s writes a CSV data file; name it .csv",
                     c->out, c->cmd ? c->cmd->name : "this command");
    if (!rc)
        rc = adx_dataset_to_csv(ds, &text, &len, &c->err);
    if (!rc)
        rc = cli_write(c, text, len);
    free(text);
    adx_dataset_free(ds);
    return rc ? cli_fail(c, rc) : 0;
}

int cli_finish(cli_t *c, adx_error_t rc, adx_report_t *r)
{
    int code = rc ? cli_fail(c, rc) : cli_emit(c, r);
    adx_report_free(r);
    return code;
}

int cli_emit(cli_t *c, adx_report_t *r)
{
    if (c->capture) {
        /* Study mode: move the report's content to c->captured. */
        adx_report_t *dst = adx_report_alloc();
        if (!dst || adx_report_append(dst, r, 0)) {
            adx_report_free(dst);
            return cli_fail(c, adx_oom(&c->err));
        }
        dst->json = r->json;
        r->json = NULL;
        dst->methods = r->methods;
        r->methods = NULL;
        adx_report_free(c->captured);
        c->captured = dst;
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    r->decimals = c->decimals;
    adx_error_t rc;
    if (cli_is_document(c)) {
        rc = cli_write_document(c, r);
        return rc ? cli_fail(c, rc) : 0;
    }
    rc = adx_report_render(r, c->format, &text, &len, &c->err);
    if (!rc)
        rc = cli_write(c, text, len);
    free(text);
    return rc ? cli_fail(c, rc) : 0;
}

int cli_is_document(const cli_t *c)
{
    return c->format == ADX_FMT_DOCX || c->format == ADX_FMT_PDF;
}

adx_error_t cli_write_document(cli_t *c, adx_report_t *r)
{
    if (!c->out)
        return adx_err(&c->err, ADX_EUSAGE, "Word and PDF output go to a file: give -o FILE.%s",
                       c->format == ADX_FMT_PDF ? "pdf" : "docx");
    r->decimals = c->decimals;
    return c->format == ADX_FMT_PDF ? adx_report_write_pdf(r, c->out, &c->err)
                                    : adx_report_write_docx(r, c->out, &c->err);
}

int cli_output_format(cli_t *c)
{
    if (!c->out)
        return 0;
    int f = adx_format_for_file(c->out);
    if (f == -1)
        return cli_usage_error(c, "-o %s: ambidex cannot write this kind of file; name the "
                                  "output with one of %s (or no extension)",
                               c->out, adx_format_extensions());
    if (f >= 0 && c->format_set && f != (int)c->format)
        return cli_usage_error(c, "-o %s names another format than --format asks; change the "
                                  "file's extension or drop --format", c->out);
    if (f >= 0)
        c->format = (adx_format_t)f;
    return 0;
}

adx_error_t cli_write(cli_t *c, const char *text, size_t len)
{
    if (c->out)
        return adx_write_atomic(c->out, text, len, &c->err);
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
        return adx_err(&c->err, ADX_EIO, "cannot write to standard output");
    return ADX_OK;
}

adx_error_t cli_guard_output(cli_t *c, const char *dir, const char *path)
{
    struct stat so, si;
    if (!c->out || !path || stat(c->out, &so) != 0)
        return ADX_OK;
    char buf[4096];
    const char *p = path;
    if (dir && path[0] != '/') {
        int n = snprintf(buf, sizeof buf, "%s/%s", dir, path);
        if (n < 0 || (size_t)n >= sizeof buf)
            return ADX_OK;
        p = buf;
    }
    if (stat(p, &si) != 0 || so.st_dev != si.st_dev || so.st_ino != si.st_ino)
        return ADX_OK;
    return adx_err(&c->err, ADX_EUSAGE,
                   "-o %s is the input file %s; write the output to another file", c->out,
                   path);
}

int cli_guard_inputs(cli_t *c)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < c->npos; i++)
        rc = cli_guard_output(c, NULL, c->pos[i]);
    for (size_t i = 0; !rc && c->cmd && i < c->cmd->nopts; i++) {
        if (c->cmd->opts[i].type != CLI_STRING)
            continue;
        rc = cli_guard_output(c, NULL, c->val[i]);
        for (size_t j = 0; !rc && j < c->nmulti[i]; j++)
            rc = cli_guard_output(c, NULL, c->multi[i][j]);
    }
    return rc ? cli_fail(c, rc) : 0;
}

char *cli_read_text(cli_t *c, const char *path, const char *what)
{
    char *buf = NULL;
    adx_read_text_file(path, what, &buf, NULL, &c->err);
    return buf;
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

