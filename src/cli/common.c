/* Shared steps of the subcommands: load data, look up variables, emit output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

adx_error_t cli_load(cli_t *c, adx_dataset_t **ds)
{
    *ds = NULL;
    if (c->preloaded) {
        /* Study mode: a private copy of the study's data (commands free it). */
        adx_error_t rc = ADX_OK;
        if (!(*ds = adx_dataset_copy(c->preloaded)))
            return adx_err(&c->err, ADX_ENOMEM, "out of memory");
        for (size_t i = 0; !rc && i < c->ncompute; i++)
            rc = adx_compute(*ds, c->compute[i], &c->err);
        if (rc) {
            adx_dataset_free(*ds);
            *ds = NULL;
        }
        return rc;
    }
    if (c->npos < 1) {
        cli_usage_error(c, "missing the DATA file");
        return adx_err(&c->err, ADX_EUSAGE, "missing the DATA file");
    }
    adx_error_t rc = adx_read_file(c->pos[0], &c->ropt, ds, &c->err);
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
        rc = adx_err(&c->err, ADX_ENOMEM, "out of memory");
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
            return cli_fail(c, adx_err(&c->err, ADX_ENOMEM, "out of memory"));
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
    adx_error_t rc = adx_report_render(r, c->format, &text, &len, &c->err);
    if (!rc) {
        if (c->out) {
            rc = adx_write_atomic(c->out, text, len, &c->err);
        } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
            rc = adx_err(&c->err, ADX_EIO, "cannot write to standard output");
        }
    }
    free(text);
    return rc ? cli_fail(c, rc) : 0;
}

/* Reads a whole file; NULL with c->err set on failure. */
char *cli_read_text(cli_t *c, const char *path, const char *what)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        adx_err(&c->err, ADX_EIO, "%s: cannot open %s (%s); check the path", path, what,
                strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b)
            break;
        if (n + 1 >= cap) {
            if (cap > ((size_t)64 << 20)) {
                free(b);
                b = NULL;
                adx_err(&c->err, ADX_EPARSE, "%s: the file is larger than 64 MB", path);
                fclose(f);
                return NULL;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    if (!b) {
        adx_err(&c->err, ADX_ENOMEM, "out of memory");
        return NULL;
    }
    b[n] = 0;
    if (strlen(b) != n) {
        free(b);
        adx_err(&c->err, ADX_EPARSE, "%s: the file contains NUL bytes; give a text file",
                path);
        return NULL;
    }
    return b;
}

