/* Subcommand qual: qualitative projects (docs/qual.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ambidex/adx_qual.h"
#include "ambidex/adx_report_qual.h"
#include "ambidex/adx_study.h"
#include "cli.h"

static const cli_opt_t qual_opts[] = {
    {"coder", CLI_MULTI, "only these coders (repeatable; agree: the coders to compare)"},
    {"level", CLI_VALUE, "theme, category, code, leaf or all (default: all nodes; agree: leaf)"},
    {"presence", CLI_FLAG, "matrix/export: 1/0 presence instead of segment counts"},
    {"unit", CLI_VALUE, "agree: paragraph (default), line or document"},
    {"all-units", CLI_FLAG, "agree: also count units no coder coded (inflates agreement)"},
    {"attributes", CLI_VALUE, "quotes/report: case attributes to show, comma-separated"},
    {NULL, 0, NULL}};

static const char *const subs[] = {"check", "freq",   "matrix", "cooccur", "crosstab", "quotes",
                                   "cases", "agree",  "report", "export",  "import",   "text", NULL};

static int parse_level(cli_t *c, int dflt, int *level)
{
    const char *l = cli_get(c, "level");
    *level = dflt;
    if (!l)
        return 0;
    if (!strcmp(l, "theme"))
        *level = 0;
    else if (!strcmp(l, "category"))
        *level = 1;
    else if (!strcmp(l, "code"))
        *level = 2;
    else if (!strcmp(l, "all"))
        *level = ADX_QLEVEL_ALL;
    else if (!strcmp(l, "leaf"))
        *level = ADX_QLEVEL_LEAF;
    else
        return cli_usage_error(c, "--level takes theme, category, code, leaf or all, not '%s'", l);
    return 0;
}

static int run_qual(cli_t *c)
{
    /* In a study file (ambidex run) the runner puts the data file first; the
     * project folder is relative to the study file's folder. */
    size_t off = c->preloaded && c->npos > 0 ? 1 : 0;
    const char *const *P = c->pos + off;
    size_t NP = c->npos - off;
    char projbuf[4096];
    if (NP < 2)
        return cli_usage_error(c, "give a SUBCOMMAND (check, freq, matrix, cooccur, crosstab, "
                                  "quotes, cases, agree, report, text, export, import) and the PROJECT "
                                  "folder");
    const char *sub = P[0];
    const char *project = P[1];
    if (c->study_dir && project[0] != '/' && strcmp(c->study_dir, ".")) {
        if (snprintf(projbuf, sizeof projbuf, "%s/%s", c->study_dir, project) >= (int)sizeof projbuf)
            return cli_usage_error(c, "project path too long");
        project = projbuf;
    }
    if (c->preloaded && (!strcmp(sub, "export") || !strcmp(sub, "import") || !strcmp(sub, "text")))
        return cli_usage_error(c, "qual %s writes files and is not a study step; run it from the "
                                  "command line", sub);
    size_t si = 0;
    while (subs[si] && strcmp(subs[si], sub))
        si++;
    if (!subs[si]) {
        const char *best = NULL;
        size_t bd = (size_t)-1;
        for (size_t i = 0; subs[i]; i++) {
            size_t d = adx_edit_distance(sub, subs[i]);
            if (d < bd) {
                bd = d;
                best = subs[i];
            }
        }
        if (bd <= 3)
            return cli_usage_error(c, "unknown qual subcommand '%s'; did you mean '%s'?", sub,
                                   best);
        return cli_usage_error(c, "unknown qual subcommand '%s'", sub);
    }
    adx_qsel_t sel;
    adx_qsel_init(&sel);
    const char *const *coders = NULL;
    sel.ncoders = cli_get_multi(c, "coder", &coders);
    sel.coders = coders;
    int level = -1;
    if (parse_level(c, !strcmp(sub, "agree") ? ADX_QLEVEL_LEAF : ADX_QLEVEL_ALL, &level))
        return 2;
    sel.level = level;

    size_t nargs = NP - 2;
    int want = !strcmp(sub, "crosstab") || !strcmp(sub, "quotes") || !strcmp(sub, "import") ||
                       !strcmp(sub, "text")
                   ? 1
             : !strcmp(sub, "export")                                                       ? 2
                                                                                            : 0;
    if (nargs != (size_t)want) {
        if (!strcmp(sub, "crosstab"))
            return cli_usage_error(c, "usage: qual crosstab PROJECT ATTRIBUTE");
        if (!strcmp(sub, "quotes"))
            return cli_usage_error(c, "usage: qual quotes PROJECT CODE");
        if (!strcmp(sub, "export"))
            return cli_usage_error(c, "usage: qual export PROJECT matrix|qdpx|qdc OUTFILE");
        if (!strcmp(sub, "import"))
            return cli_usage_error(c, "usage: qual import FILE.qdpx NEW_PROJECT_FOLDER, or qual "
                                      "import FILE.qdc NEW_codebook.csv");
        if (!strcmp(sub, "text"))
            return cli_usage_error(c, "usage: qual text PROJECT CASE [-o coding/CODER/CASE.md]");
        return cli_usage_error(c, "usage: qual %s PROJECT (no further arguments)", sub);
    }
    if (!strcmp(sub, "export") && strcmp(P[2], "matrix") && strcmp(P[2], "qdpx") &&
        strcmp(P[2], "qdc"))
        return cli_usage_error(c, "qual export: unknown target '%s'; use matrix, qdpx or qdc",
                               P[2]);

    /* --attributes a,b,c */
    char attrbuf[2048];
    const char *attrs[64];
    size_t nattrs = 0;
    const char *al = cli_get(c, "attributes");
    if (al) {
        if (strlen(al) >= sizeof attrbuf)
            return cli_usage_error(c, "--attributes: list too long");
        strcpy(attrbuf, al);
        for (char *tok = strtok(attrbuf, ","); tok; tok = strtok(NULL, ","))
            if (*tok) {
                if (nattrs == 64)
                    return cli_usage_error(c, "--attributes: at most 64 names");
                attrs[nattrs++] = tok;
            }
    }

    adx_qproject_t *p = NULL;
    adx_report_t *r = NULL;
    adx_error_t rc;
    size_t plen = strlen(project);
    if (!strcmp(sub, "import") && plen > 4 && !strcmp(project + plen - 4, ".qdc")) {
        /* A codebook alone becomes a codebook.csv. */
        struct stat st;
        char *csv = NULL;
        size_t len = 0;
        if (!stat(P[2], &st))
            rc = adx_err(&c->err, ADX_EIO, "%s: already exists; give a new file name", P[2]);
        else if (!(rc = adx_qdc_read(project, &p, &c->err)) &&
                 !(rc = adx_qcodebook_csv(p, &csv, &len, &c->err)))
            rc = adx_write_atomic(P[2], csv, len, &c->err);
        free(csv);
        adx_qproject_free(p);
        if (rc)
            return cli_fail(c, rc);
        fprintf(stderr, "ambidex: wrote %s\n", P[2]);
        return 0;
    }
    if (!strcmp(sub, "import")) {
        /* Read and validate the whole archive first; write the folder only then. */
        rc = adx_qdpx_read(project, &p, &c->err);
        if (!rc)
            rc = adx_qproject_write(p, P[2], &c->err);
        adx_qproject_free(p);
        if (rc)
            return cli_fail(c, rc);
        p = NULL;
        if ((rc = adx_qproject_load(P[2], &p, &c->err)))
            return cli_fail(c, rc);
        rc = adx_report_qcheck(p, &r, &c->err);
        adx_qproject_free(p);
        int code = rc ? cli_fail(c, rc) : cli_emit(c, r);
        adx_report_free(r);
        return code;
    }
    rc = adx_qproject_load(project, &p, &c->err);
    if (rc)
        return cli_fail(c, rc);
    int presence = cli_get(c, "presence") != NULL;
    if (!strcmp(sub, "check")) {
        rc = adx_report_qcheck(p, &r, &c->err);
    } else if (!strcmp(sub, "freq")) {
        adx_qfreq_t *f = NULL;
        if (!(rc = adx_qfreq(p, &sel, &f, &c->err)))
            rc = adx_report_qfreq(p, f, &r, &c->err);
        adx_qfreq_free(f);
    } else if (!strcmp(sub, "matrix")) {
        adx_qmatrix_t *m = NULL;
        if (!(rc = adx_qmatrix(p, &sel, &m, &c->err)))
            rc = adx_report_qmatrix(p, m, presence, &r, &c->err);
        adx_qmatrix_free(m);
    } else if (!strcmp(sub, "cooccur")) {
        adx_qcooc_t *m = NULL;
        if (!(rc = adx_qcooc(p, &sel, &m, &c->err)))
            rc = adx_report_qcooc(p, m, &r, &c->err);
        adx_qcooc_free(m);
    } else if (!strcmp(sub, "crosstab")) {
        adx_qcross_t *x = NULL;
        if (!(rc = adx_qcross(p, &sel, P[2], &x, &c->err)))
            rc = adx_report_qcross(p, x, &r, &c->err);
        adx_qcross_free(x);
    } else if (!strcmp(sub, "quotes")) {
        long code = adx_qcode_find(p, P[2]);
        if (code < 0) {
            const char *best = NULL;
            size_t bd = (size_t)-1;
            for (size_t i = 0; i < p->ncodes; i++) {
                size_t d = adx_edit_distance(P[2], p->codes[i].name);
                if (d < bd) {
                    bd = d;
                    best = p->codes[i].name;
                }
            }
            if (best && bd <= 3)
                rc = adx_err(&c->err, ADX_ENOVAR, "%s/codebook.csv: no code '%s'; did you mean '%s'?",
                             p->root, P[2], best);
            else
                rc = adx_err(&c->err, ADX_ENOVAR, "%s/codebook.csv: no code '%s'", p->root,
                             P[2]);
        } else
            rc = adx_report_qquotes(p, &sel, (size_t)code, al ? attrs : NULL, nattrs, &r,
                                    &c->err);
    } else if (!strcmp(sub, "text")) {
        /* The plain text of a transcript (e.g. from .docx), braces escaped, as the
         * starting point of a coded copy. */
        size_t d = 0;
        while (d < p->ncases && strcmp(p->case_ids[d], P[2]))
            d++;
        if (d == p->ncases) {
            rc = adx_err(&c->err, ADX_EUSAGE, "%s/cases.csv: no case '%s'", p->root, P[2]);
        } else {
            const adx_qdoc_t *doc = &p->docs[d];
            char *buf = malloc(2 * doc->nbytes + 1);
            size_t n = 0;
            if (!buf)
                rc = adx_err(&c->err, ADX_ENOMEM, "out of memory");
            for (size_t i = 0; buf && i < doc->nbytes; i++) {
                if (doc->text[i] == '{' || doc->text[i] == '}' || doc->text[i] == '\\')
                    buf[n++] = '\\';
                buf[n++] = doc->text[i];
            }
            if (buf && c->out)
                rc = adx_write_atomic(c->out, buf, n, &c->err);
            else if (buf && fwrite(buf, 1, n, stdout) != n)
                rc = adx_err(&c->err, ADX_EIO, "cannot write to standard output");
            free(buf);
        }
        adx_qproject_free(p);
        return rc ? cli_fail(c, rc) : 0;
    } else if (!strcmp(sub, "report")) {
        rc = adx_report_qreport(p, &sel, al ? attrs : NULL, nattrs, &r, &c->err);
    } else if (!strcmp(sub, "cases")) {
        rc = adx_report_qcases(p, &r, &c->err);
    } else if (!strcmp(sub, "agree")) {
        adx_qagree_options_t o;
        adx_qagree_options_init(&o);
        o.sel = sel;
        o.all_units = cli_get(c, "all-units") != NULL;
        const char *u = cli_get(c, "unit");
        if (u && !strcmp(u, "line"))
            o.unit = ADX_UNIT_LINE;
        else if (u && !strcmp(u, "document"))
            o.unit = ADX_UNIT_DOCUMENT;
        else if (u && strcmp(u, "paragraph")) {
            adx_qproject_free(p);
            return cli_usage_error(c, "--unit takes paragraph, line or document, not '%s'", u);
        }
        adx_qagree_t *a = NULL;
        if (!(rc = adx_qagree(p, &o, &a, &c->err)))
            rc = adx_report_qagree(p, a, &r, &c->err);
        adx_qagree_free(a);
    } else if (!strcmp(sub, "export") && strcmp(P[2], "matrix")) {
        rc = !strcmp(P[2], "qdpx") ? adx_qproject_export_qdpx(p, P[3], &c->err)
                                        : adx_qproject_export_qdc(p, P[3], &c->err);
        adx_qproject_free(p);
        return rc ? cli_fail(c, rc) : 0;
    } else if (!strcmp(sub, "export")) {
        adx_qmatrix_t *m = NULL;
        adx_dataset_t *ds = NULL;
        char *text = NULL;
        size_t len = 0;
        if (!(rc = adx_qmatrix(p, &sel, &m, &c->err)) &&
            !(rc = adx_qmatrix_dataset(p, m, presence, &ds, &c->err)) &&
            !(rc = adx_dataset_to_csv(ds, &text, &len, &c->err)))
            rc = adx_write_atomic(P[3], text, len, &c->err);
        free(text);
        adx_dataset_free(ds);
        adx_qmatrix_free(m);
        adx_qproject_free(p);
        return rc ? cli_fail(c, rc) : 0;
    }
    /* A sentence for the study report's methods paragraph. */
    if (!rc && r && (!strcmp(sub, "agree") || !strcmp(sub, "report"))) {
        char m[1024];
        size_t ncod = sel.ncoders ? sel.ncoders : p->ncoders;
        int w = snprintf(m, sizeof m,
                         "Qualitative coding: %zu transcripts, %zu coded segments, %zu coder%s; "
                         "codes roll up to categories and themes.",
                         p->ncases, p->nsegs, ncod, ncod == 1 ? "" : "s");
        if (ncod >= 2 && w > 0 && (size_t)w < sizeof m)
            snprintf(m + w, sizeof m - (size_t)w,
                     " Inter-coder agreement: percent agreement, Cohen's kappa, Fleiss' kappa "
                     "and Krippendorff's alpha (nominal) per code, on the %s units at least one "
                     "coder coded and on code presence per transcript.",
                     !cli_get(c, "unit") ? "paragraph" : cli_get(c, "unit"));
        free(r->methods);
        r->methods = malloc(strlen(m) + 1);
        if (r->methods)
            strcpy(r->methods, m);
    }
    adx_qproject_free(p);
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_qual = {
    "qual",
    "qual SUBCOMMAND PROJECT [ARGS], SUBCOMMAND one of: check | freq | matrix [--presence] | "
    "cooccur | crosstab ATTRIBUTE | quotes CODE | cases | agree [--unit paragraph|line|document] "
    "| report | text CASE | export matrix|qdpx|qdc OUTFILE; and qual import FILE.qdpx NEW_FOLDER "
    "| FILE.qdc NEW_codebook.csv",
    "qualitative projects: check coding, code frequencies, case x code matrix, co-occurrence, "
    "crosstabs, quotes, case table, inter-coder agreement, REFI-QDA exchange (docs/qual.md)",
    qual_opts, run_qual};
