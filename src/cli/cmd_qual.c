/* Subcommand qual: qualitative projects (docs/qual.md), one function per
 * subcommand, dispatched through a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ambidex/adx_qual.h"
#include "ambidex/adx_report_qual.h"
#include "ambidex/adx_study.h"
#include "cli.h"

enum {
    Q_CODER, Q_LEVEL, Q_PRESENCE, Q_UNIT, Q_ALL_UNITS, Q_ATTRIBUTES, Q_CODERS, Q_INTO, Q_RULE,
    Q_APPLY, Q_CONTEXT, Q_WHERE, Q_CODE_AS, Q_WITHIN, Q_LANG, Q_TOP, Q_CODE, Q_MIN_LENGTH,
    Q_SUMMARIES, Q_MAX_CHARS, Q_AUTHOR, Q_NOPTS
};

static const cli_choice_t q_levels[] = {{"theme", 0},
                                        {"category", 1},
                                        {"code", 2},
                                        {"leaf", ADX_QLEVEL_LEAF},
                                        {"all", ADX_QLEVEL_ALL},
                                        {NULL, 0}};
static const cli_choice_t q_units[] = {{"paragraph", ADX_UNIT_PARAGRAPH},
                                       {"line", ADX_UNIT_LINE},
                                       {"document", ADX_UNIT_DOCUMENT},
                                       {NULL, 0}};
static const cli_choice_t q_rules[] = {{"union", ADX_QMERGE_UNION},
                                       {"intersection", ADX_QMERGE_INTERSECTION},
                                       {"majority", ADX_QMERGE_MAJORITY},
                                       {NULL, 0}};
static const cli_choice_t q_langs[] = {{"en", 0}, {"fr", 1}, {"ar", 2}, {"none", 3}, {NULL, 0}};

static const cli_opt_t qual_opts[] = {
    [Q_CODER] = {"coder", CLI_STRING, "only these coders (repeatable; agree: the coders to "
                                      "compare)", CLI_REPEAT},
    [Q_LEVEL] = {"level", CLI_CHOICE, "theme, category, code, leaf or all (default: all nodes; "
                                      "agree: leaf)", .choices = q_levels},
    [Q_PRESENCE] = {"presence", CLI_FLAG, "matrix/export: 1/0 presence instead of segment "
                                          "counts"},
    [Q_UNIT] = {"unit", CLI_CHOICE, "agree: paragraph (default), line or document",
                .choices = q_units},
    [Q_ALL_UNITS] = {"all-units", CLI_FLAG, "agree: also count units no coder coded (inflates "
                                            "agreement)"},
    [Q_ATTRIBUTES] = {"attributes", CLI_LIST, "quotes/report: case attributes to show, "
                                              "comma-separated"},
    [Q_CODERS] = {"coders", CLI_LIST, "merge: the coders to pool, comma-separated"},
    [Q_INTO] = {"into", CLI_STRING, "merge: the consensus coder's name (default consensus)"},
    [Q_RULE] = {"rule", CLI_CHOICE, "merge: union (default), intersection or majority (3+ "
                                    "coders) for the disagreements not yet decided",
                .choices = q_rules},
    [Q_APPLY] = {"apply", CLI_STRING, "merge: write the consensus coding from this "
                                      "reconciliation file"},
    [Q_CONTEXT] = {"context", CLI_COUNT, "search/query: words of context on each side "
                                         "(default 8)", .lo = 0, .hi = 1000},
    [Q_WHERE] = {"where", CLI_STRING, "search/query/words: only the cases with "
                                      "ATTRIBUTE=VALUE"},
    [Q_CODE_AS] = {"code-as", CLI_STRING, "search/query: code the hits with this code (as "
                                          "--coder, default 'search', in segments/)"},
    [Q_WITHIN] = {"within", CLI_COUNT, "query: NEAR distance in words (default 10)", .lo = 0,
                  .hi = CLI_NOLIMIT},
    [Q_LANG] = {"lang", CLI_CHOICE, "words: stop words en (default), fr, ar or none",
                .choices = q_langs},
    [Q_TOP] = {"top", CLI_COUNT, "words: how many words (default 50)", .lo = 1,
               .hi = CLI_NOLIMIT},
    [Q_CODE] = {"code", CLI_STRING, "words: only the text coded with this code"},
    [Q_MIN_LENGTH] = {"min-length", CLI_COUNT, "words: leave out shorter words (default 2)",
                      .lo = 1, .hi = 1000},
    [Q_SUMMARIES] = {"summaries", CLI_STRING, "framework: researcher's summaries, a CSV "
                                              "case,code,summary (default PROJECT/summaries.csv)"},
    [Q_MAX_CHARS] = {"max-chars", CLI_COUNT, "framework: longest cell in characters (default "
                                             "300, 0 = no limit)", .lo = 0, .hi = CLI_NOLIMIT},
    [Q_AUTHOR] = {"author", CLI_STRING, "memo add: who wrote the memo"},
    [Q_NOPTS] = {NULL, 0, NULL}};

/* One run of a subcommand. */
typedef struct {
    cli_t *c;
    const char *project;     /* the project folder (or the archive for import) */
    const char *const *args; /* the arguments after PROJECT */
    adx_qproject_t *p;       /* the loaded project (not for import) */
    adx_qsel_t sel;
    const char *const *attrs; /* --attributes, or NULL */
    size_t nattrs;
    size_t nargs;            /* arguments after PROJECT */
} qual_t;

enum {
    Q_FILES = 1,  /* writes files: not a study step */
    Q_NOLOAD = 2, /* does not load the project first */
    Q_METHODS = 4, /* adds a sentence to the study report's methods paragraph */
    Q_VARARGS = 8  /* one or more arguments after PROJECT */
};

typedef struct {
    const char *name;
    size_t nargs;      /* arguments after PROJECT */
    const char *usage; /* the message when nargs differs (default: no further arguments) */
    unsigned flags;
    /* Runs the subcommand; *r is the report to emit, or NULL when the subcommand
     * wrote its output itself. */
    adx_error_t (*run)(qual_t *q, adx_report_t **r);
} qual_sub_t;

static adx_error_t q_check(qual_t *q, adx_report_t **r)
{
    return adx_report_qcheck(q->p, r, &q->c->err);
}

/* Defines the subcommand NAME as CLI_REPORTED(T, FREE, CALL, REPORT); CALL and
 * REPORT see q and r. */
#define Q_ANALYSIS(NAME, T, FREE, CALL, REPORT)                                              \
    static adx_error_t NAME(qual_t *q, adx_report_t **r)                                     \
    {                                                                                        \
        CLI_REPORTED(T, FREE, CALL, REPORT)                                                  \
    }

/* Appends the figure report fig (rc: how making it went) to r and frees fig. */
static adx_error_t add_figure(adx_report_t *r, adx_error_t rc, adx_report_t *fig,
                              adx_errctx_t *err)
{
    if (!rc && adx_report_append(r, fig, 0))
        rc = adx_oom(err);
    adx_report_free(fig);
    return rc;
}

/* Defines NAME as Q_ANALYSIS, with the figure report FIGURE (which sets fig) added
 * when WANT holds. */
#define Q_FIGURED(NAME, T, FREE, CALL, REPORT, WANT, FIGURE)                                  \
    static adx_error_t NAME(qual_t *q, adx_report_t **r)                                     \
    {                                                                                        \
        T *res = NULL;                                                                       \
        adx_report_t *fig = NULL;                                                            \
        adx_error_t rc = (CALL);                                                             \
        if (!rc)                                                                             \
            rc = (REPORT);                                                                   \
        if (!rc && (WANT)) {                                                                 \
            rc = (FIGURE);                                                                   \
            rc = add_figure(*r, rc, fig, &q->c->err);                                        \
        }                                                                                    \
        FREE(res);                                                                           \
        return rc;                                                                           \
    }

/* Frequencies; of every node (the default level): the code hierarchy figure too. */
Q_FIGURED(q_freq, adx_qfreq_t, adx_qfreq_free, adx_qfreq(q->p, &q->sel, &res, &q->c->err),
          adx_report_qfreq(q->p, res, r, &q->c->err), q->sel.level == ADX_QLEVEL_ALL,
          adx_report_qhierarchy(q->p, res, &fig, &q->c->err))
/* The case x code matrix and its heatmap. */
Q_FIGURED(q_matrix, adx_qmatrix_t, adx_qmatrix_free, adx_qmatrix(q->p, &q->sel, &res, &q->c->err),
          adx_report_qmatrix(q->p, res, cli_has(q->c, Q_PRESENCE), r, &q->c->err), 1,
          adx_report_qheatmap(q->p, res, &fig, &q->c->err))

static adx_error_t q_framework(qual_t *q, adx_report_t **r)
{
    adx_qframework_options_t o;
    adx_qframework_options_init(&o);
    o.sel = q->sel;
    o.summaries = cli_str(q->c, Q_SUMMARIES);
    o.max_chars = cli_count(q->c, Q_MAX_CHARS, o.max_chars);
    CLI_REPORTED(adx_qframework_t, adx_qframework_free, adx_qframework(q->p, &o, &res, &q->c->err),
                 adx_report_qframework(q->p, res, r, &q->c->err))
}
Q_ANALYSIS(q_cooccur, adx_qcooc_t, adx_qcooc_free, adx_qcooc(q->p, &q->sel, &res, &q->c->err),
           adx_report_qcooc(q->p, res, r, &q->c->err))
Q_ANALYSIS(q_crosstab, adx_qcross_t, adx_qcross_free,
           adx_qcross(q->p, &q->sel, q->args[0], &res, &q->c->err),
           adx_report_qcross(q->p, res, r, &q->c->err))

static adx_error_t q_quotes(qual_t *q, adx_report_t **r)
{
    const adx_qproject_t *p = q->p;
    long code = adx_qcode_find(p, q->args[0]);
    if (code >= 0)
        return adx_report_qquotes(p, &q->sel, (size_t)code, q->attrs, q->nattrs, r, &q->c->err);
    adx_near_t near;
    adx_near_init(&near, q->args[0]);
    for (size_t i = 0; i < p->ncodes; i++)
        adx_near_add(&near, p->codes[i].name);
    const char *best = adx_near_best(&near, 3);
    if (best)
        return adx_err(&q->c->err, ADX_ENOVAR, "%s/codebook.csv: no code '%s'; did you mean "
                                               "'%s'?", p->root, q->args[0], best);
    return adx_err(&q->c->err, ADX_ENOVAR, "%s/codebook.csv: no code '%s'", p->root, q->args[0]);
}

static adx_error_t q_cases(qual_t *q, adx_report_t **r)
{
    return adx_report_qcases(q->p, r, &q->c->err);
}

static adx_error_t q_agree(qual_t *q, adx_report_t **r)
{
    adx_qagree_options_t o;
    adx_qagree_options_init(&o);
    o.sel = q->sel;
    o.all_units = cli_has(q->c, Q_ALL_UNITS);
    o.unit = (adx_qunit_t)cli_choice(q->c, Q_UNIT, (int)o.unit);
    CLI_REPORTED(adx_qagree_t, adx_qagree_free, adx_qagree(q->p, &o, &res, &q->c->err),
                 adx_report_qagree(q->p, res, r, &q->c->err))
}

static adx_error_t q_report(qual_t *q, adx_report_t **r)
{
    return adx_report_qreport(q->p, &q->sel, q->attrs, q->nattrs, r, &q->c->err);
}

/* The plain text of a transcript (e.g. from .docx), braces escaped, as the
 * starting point of a coded copy. */
static adx_error_t q_text(qual_t *q, adx_report_t **r)
{
    const adx_qproject_t *p = q->p;
    size_t d = 0;
    (void)r;
    while (d < p->ncases && strcmp(p->case_ids[d], q->args[0]))
        d++;
    if (d == p->ncases)
        return adx_err(&q->c->err, ADX_EUSAGE, "%s/cases.csv: no case '%s'", p->root,
                       q->args[0]);
    const adx_qdoc_t *doc = &p->docs[d];
    char *buf = malloc(2 * doc->nbytes + 1);
    size_t n = 0;
    if (!buf)
        return adx_oom(&q->c->err);
    for (size_t i = 0; i < doc->nbytes; i++) {
        if (doc->text[i] == '{' || doc->text[i] == '}' || doc->text[i] == '\\')
            buf[n++] = '\\';
        buf[n++] = doc->text[i];
    }
    adx_error_t rc = cli_write(q->c, buf, n);
    free(buf);
    return rc;
}

static adx_error_t q_export(qual_t *q, adx_report_t **r)
{
    const char *target = q->args[0], *path = q->args[1];
    adx_errctx_t *err = &q->c->err;
    (void)r;
    if (!strcmp(target, "qdpx"))
        return adx_qproject_export_qdpx(q->p, path, err);
    if (!strcmp(target, "qdc"))
        return adx_qproject_export_qdc(q->p, path, err);
    adx_qmatrix_t *m = NULL;
    adx_dataset_t *ds = NULL;
    char *text = NULL;
    size_t len = 0;
    adx_error_t rc;
    if (!(rc = adx_qmatrix(q->p, &q->sel, &m, err)) &&
        !(rc = adx_qmatrix_dataset(q->p, m, cli_has(q->c, Q_PRESENCE), &ds, err)) &&
        !(rc = adx_dataset_to_csv(ds, &text, &len, err)))
        rc = adx_write_atomic(path, text, len, err);
    free(text);
    adx_dataset_free(ds);
    adx_qmatrix_free(m);
    return rc;
}

/* qual import FILE.qdc CODEBOOK.csv: a codebook alone becomes a codebook.csv. */
static adx_error_t import_qdc(qual_t *q)
{
    const char *out = q->args[0];
    adx_errctx_t *err = &q->c->err;
    adx_qproject_t *p = NULL;
    struct stat st;
    char *csv = NULL;
    size_t len = 0;
    adx_error_t rc;
    if (!stat(out, &st))
        rc = adx_err(err, ADX_EIO, "%s: already exists; give a new file name", out);
    else if (!(rc = adx_qdc_read(q->project, &p, err)) &&
             !(rc = adx_qcodebook_csv(p, &csv, &len, err)))
        rc = adx_write_atomic(out, csv, len, err);
    free(csv);
    adx_qproject_free(p);
    if (!rc)
        fprintf(stderr, "ambidex: wrote %s\n", out);
    return rc;
}

static adx_error_t q_import(qual_t *q, adx_report_t **r)
{
    size_t plen = strlen(q->project);
    if (plen > 4 && !strcmp(q->project + plen - 4, ".qdc"))
        return import_qdc(q);
    /* Read and validate the whole archive first; write the folder only then. */
    adx_qproject_t *p = NULL;
    adx_error_t rc = adx_qdpx_read(q->project, &p, &q->c->err);
    if (!rc)
        rc = adx_qproject_write(p, q->args[0], &q->c->err);
    adx_qproject_free(p);
    if (!rc)
        rc = adx_qproject_load(q->args[0], &q->p, &q->c->err);
    if (!rc)
        rc = adx_report_qcheck(q->p, r, &q->c->err);
    return rc;
}

/* ---- Queries ------------------------------------------------------------ */

/* --code-as: codes the hits (not in a study: it writes a file). */
static adx_error_t code_hits(qual_t *q, const adx_qhits_t *h)
{
    const char *code = cli_str(q->c, Q_CODE_AS);
    const char *const *who = NULL;
    size_t added = 0;
    if (!code)
        return ADX_OK;
    if (q->c->preloaded)
        return adx_err(&q->c->err, ADX_EUSAGE, "--code-as writes segments/CODER.csv and is not "
                                               "for a study step; run it from the command line");
    const char *coder = cli_multi(q->c, Q_CODER, &who) ? who[0] : "search";
    adx_error_t rc = adx_qhits_code(q->p, h, code, coder, &added, &q->c->err);
    if (!rc)
        fprintf(stderr, "ambidex: coded %zu new hits with '%s' in %s/segments/%s.csv\n", added,
                code, q->project, coder);
    return rc;
}

/* The report of the hits of a query (rc: the query's result), coding them first
 * with --code-as; frees h. */
static adx_error_t hits_report(qual_t *q, adx_error_t rc, adx_qhits_t *h, const char *title,
                               adx_report_t **r)
{
    if (!rc && !(rc = code_hits(q, h)))
        rc = adx_report_qhits(q->p, h, title, q->attrs, q->nattrs, r, &q->c->err);
    adx_qhits_free(h);
    return rc;
}

static adx_error_t q_search(qual_t *q, adx_report_t **r)
{
    adx_qsearch_options_t o;
    adx_qsearch_options_init(&o);
    o.terms = q->args;
    o.nterms = q->nargs;
    o.context = cli_count(q->c, Q_CONTEXT, o.context);
    o.where = cli_str(q->c, Q_WHERE);
    char title[1024];
    size_t w = (size_t)snprintf(title, sizeof title, "Text search:");
    for (size_t i = 0; i < q->nargs && w < sizeof title; i++)
        w += (size_t)snprintf(title + w, sizeof title - w, " \"%s\"", q->args[i]);
    if (o.where && w < sizeof title)
        snprintf(title + w, sizeof title - w, " (cases with %s)", o.where);
    adx_qhits_t *h = NULL;
    adx_error_t rc = adx_qsearch(q->p, &o, &h, &q->c->err);
    return hits_report(q, rc, h, title, r);
}

static adx_error_t q_query(qual_t *q, adx_report_t **r)
{
    adx_qcquery_options_t o;
    adx_qcquery_options_init(&o);
    o.expr = q->args[0];
    o.within = cli_count(q->c, Q_WITHIN, o.within);
    o.context = cli_count(q->c, Q_CONTEXT, o.context);
    o.where = cli_str(q->c, Q_WHERE);
    o.sel = q->sel;
    if (cli_str(q->c, Q_CODE_AS))
        o.sel.ncoders = 0; /* --coder names the coder of the hits */
    char title[1024];
    snprintf(title, sizeof title, "Coding query: %s%s%s%s", o.expr, o.where ? " (cases with " : "",
             o.where ? o.where : "", o.where ? ")" : "");
    adx_qhits_t *h = NULL;
    adx_error_t rc = adx_qcquery(q->p, &o, &h, &q->c->err);
    return hits_report(q, rc, h, title, r);
}

static adx_error_t q_words(qual_t *q, adx_report_t **r)
{
    static const char *langs[] = {"en", "fr", "ar", "none"};
    adx_qwords_options_t o;
    adx_qwords_options_init(&o);
    o.lang = langs[cli_choice(q->c, Q_LANG, 0)];
    o.top = cli_count(q->c, Q_TOP, o.top);
    o.min_length = cli_count(q->c, Q_MIN_LENGTH, o.min_length);
    o.code = cli_str(q->c, Q_CODE);
    o.where = cli_str(q->c, Q_WHERE);
    o.sel = q->sel;
    CLI_REPORTED(adx_qwords_t, adx_qwords_free, adx_qwords(q->p, &o, &res, &q->c->err),
                 adx_report_qwords(q->p, res, o.lang, r, &q->c->err))
}

/* ---- qual merge (consensus coding) ----------------------------------- */

/* Refuses a consensus name that already holds hand-coded copies. */
static adx_error_t check_into(qual_t *q, const char *into)
{
    char dir[4096];
    struct stat st;
    snprintf(dir, sizeof dir, "%s/coding/%s", q->project, into);
    if (!stat(dir, &st))
        return adx_err(&q->c->err, ADX_EUSAGE, "%s: coder '%s' has coded copies; name the "
                                               "consensus coder differently with --into",
                       dir, into);
    return ADX_OK;
}

/* Agreement of the coders `names` (leaf codes, paragraph units) as *a. */
static adx_error_t merge_agree(qual_t *q, const adx_qproject_t *p, const char *const *names,
                               size_t n, adx_qagree_t **a)
{
    adx_qagree_options_t o;
    adx_qagree_options_init(&o);
    o.sel.coders = names;
    o.sel.ncoders = n;
    return adx_qagree(p, &o, a, &q->c->err);
}

/* Agreement after pooling: each pooled coder against the consensus. */
static adx_error_t merge_after(qual_t *q, const adx_qmerge_t *m, adx_qmerge_report_t *R,
                               char (*labels)[256])
{
    adx_qproject_t *full = NULL;
    adx_error_t rc = adx_qproject_load(q->project, &full, &q->c->err);
    for (size_t c = 0; !rc && c < m->ncoders && R->nagree < ADX_QMERGE_REPORT_MAX; c++) {
        const char *pair[] = {q->p->coders[m->coder[c]], m->into};
        adx_qagree_t *a = NULL;
        rc = merge_agree(q, full, pair, 2, &a);
        snprintf(labels[R->nagree], 256, "After: %s vs %s", pair[0], pair[1]);
        R->labels[R->nagree] = labels[R->nagree];
        R->agree[R->nagree++] = a;
    }
    adx_qproject_free(full);
    return rc;
}

static adx_error_t q_merge(qual_t *q, adx_report_t **r)
{
    adx_errctx_t *err = &q->c->err;
    adx_qmerge_header_t h = {0};
    adx_qmerge_options_t o;
    adx_qmerge_t *m = NULL;
    adx_qmerge_report_t R = {0};
    char file[4096], dir[4096], labels[ADX_QMERGE_REPORT_MAX][256], *text = NULL;
    size_t len = 0;
    struct stat st;
    const char *apply = cli_str(q->c, Q_APPLY);
    adx_error_t rc = ADX_OK;
    adx_qmerge_options_init(&o);
    if (apply) {
        if ((rc = adx_qmerge_read_header(apply, &h, err)))
            goto cleanup;
        o.coders = (const char *const *)h.coders;
        o.ncoders = h.ncoders;
        o.into = h.into;
        o.rule = h.rule;
        if (!q->project) {
            const char *slash = strrchr(apply, '/');
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - apply) : 1,
                     slash ? apply : ".");
            q->project = dir;
        }
        snprintf(file, sizeof file, "%s", apply);
    } else {
        o.ncoders = cli_list(q->c, Q_CODERS, &o.coders);
        if (cli_str(q->c, Q_INTO))
            o.into = cli_str(q->c, Q_INTO);
        o.rule = (adx_qmerge_rule_t)cli_choice(q->c, Q_RULE, ADX_QMERGE_UNION);
        if (!cli_has(q->c, Q_CODERS)) {
            rc = adx_err(err, ADX_EUSAGE, "qual merge: name the coders to pool with --coders "
                                          "A,B (or apply a file with --apply FILE)");
            goto cleanup;
        }
        snprintf(file, sizeof file, "%s/reconcile-%s.txt", q->project, o.into);
    }
    int pooled = 0;
    for (size_t i = 0; i < o.ncoders; i++)
        pooled |= !strcmp(o.coders[i], o.into);
    if (pooled)
        rc = adx_err(err, ADX_EUSAGE, "--into %s: '%s' is one of the coders pooled; name the "
                                      "consensus coder differently", o.into, o.into);
    if (rc || (rc = check_into(q, o.into)) ||
        (rc = adx_qproject_load_except(q->project, o.into, &q->p, err)) ||
        (rc = adx_qmerge(q->p, &o, &m, err)))
        goto cleanup;
    if (apply || !stat(file, &st))
        rc = adx_qmerge_read_decisions(q->p, m, file, apply != NULL, err);
    if (!rc && !apply && !(rc = adx_qmerge_file_text(q->p, m, q->project, &text, &len, err)))
        rc = adx_write_atomic(file, text, len, err);
    if (!rc && apply)
        rc = adx_qmerge_write_consensus(q->p, m, &R.nsegs, err);
    if (rc)
        goto cleanup;
    R.file = file;
    R.applied = apply != NULL;
    R.labels[0] = "Before: the pooled coders";
    if ((rc = merge_agree(q, q->p, o.coders, o.ncoders, (adx_qagree_t **)&R.agree[0])))
        goto cleanup;
    R.nagree = 1;
    if (apply && (rc = merge_after(q, m, &R, labels)))
        goto cleanup;
    rc = adx_report_qmerge(q->p, m, &R, r, err);
cleanup:
    for (size_t i = 0; i < R.nagree; i++)
        adx_qagree_free((adx_qagree_t *)R.agree[i]);
    free(text);
    adx_qmerge_free(m);
    adx_qmerge_header_free(&h);
    return rc;
}

/* qual memo PROJECT list | add code|case|segment TARGET TEXT [--author NAME]. */
static adx_error_t q_memo(qual_t *q, adx_report_t **r)
{
    adx_errctx_t *err = &q->c->err;
    if (q->nargs == 1 && !strcmp(q->args[0], "list"))
        return adx_report_qmemos(q->p, r, err);
    if (q->nargs != 4 || strcmp(q->args[0], "add"))
        return adx_err(err, ADX_EUSAGE, "usage: qual memo PROJECT list, or qual memo PROJECT "
                                        "add code|case|segment TARGET \"TEXT\" [--author NAME]");
    if (q->c->preloaded)
        return adx_err(err, ADX_EUSAGE, "qual memo add writes memos.csv and is not a study "
                                        "step; run it from the command line");
    adx_error_t rc = adx_qmemo_add(q->p, q->args[1], q->args[2], cli_str(q->c, Q_AUTHOR),
                                   q->args[3], err);
    if (!rc)
        fprintf(stderr, "ambidex: added a memo on %s '%s' to %s/memos.csv\n", q->args[1],
                q->args[2], q->p->root);
    return rc;
}

static const qual_sub_t subs[] = {
    {"check", 0, NULL, 0, q_check},
    {"freq", 0, NULL, 0, q_freq},
    {"matrix", 0, NULL, 0, q_matrix},
    {"cooccur", 0, NULL, 0, q_cooccur},
    {"framework", 0, NULL, 0, q_framework},
    {"crosstab", 1, "usage: qual crosstab PROJECT ATTRIBUTE", 0, q_crosstab},
    {"quotes", 1, "usage: qual quotes PROJECT CODE", 0, q_quotes},
    {"cases", 0, NULL, 0, q_cases},
    {"agree", 0, NULL, Q_METHODS, q_agree},
    {"report", 0, NULL, Q_METHODS, q_report},
    {"export", 2, "usage: qual export PROJECT matrix|qdpx|qdc OUTFILE", Q_FILES, q_export},
    {"import", 1, "usage: qual import FILE.qdpx NEW_PROJECT_FOLDER, or qual import FILE.qdc "
                  "NEW_codebook.csv", Q_FILES | Q_NOLOAD, q_import},
    {"text", 1, "usage: qual text PROJECT CASE [-o coding/CODER/CASE.md]", Q_FILES, q_text},
    {"search", 0, "usage: qual search PROJECT WORD|\"A PHRASE\"|WILD* ...", Q_VARARGS, q_search},
    {"query", 1, "usage: qual query PROJECT \"CODE AND|OR|NEAR [NOT] CODE ...\"", 0, q_query},
    {"words", 0, NULL, 0, q_words},
    {"memo", 0, "usage: qual memo PROJECT list|add ...", Q_VARARGS, q_memo},
    {"merge", 0, "usage: qual merge PROJECT --coders A,B [--into NAME] [--rule R], or qual "
                 "merge [PROJECT] --apply FILE", Q_FILES | Q_NOLOAD, q_merge},
};
#define NSUBS (sizeof subs / sizeof subs[0])

/* The subcommand named `name`, or NULL after reporting it (exit code in *code). */
static const qual_sub_t *find_sub(cli_t *c, const char *name, int *code)
{
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t i = 0; i < NSUBS; i++) {
        if (!strcmp(subs[i].name, name))
            return &subs[i];
        adx_near_add(&near, subs[i].name);
    }
    const char *best = adx_near_best(&near, 3);
    *code = best ? cli_usage_error(c, "unknown qual subcommand '%s'; did you mean '%s'?", name,
                                   best)
                 : cli_usage_error(c, "unknown qual subcommand '%s'", name);
    return NULL;
}

/* A sentence for the study report's methods paragraph. */
static void methods_sentence(const qual_t *q, adx_report_t *r)
{
    char m[1024];
    const char *unit = cli_str(q->c, Q_UNIT);
    size_t ncod = q->sel.ncoders ? q->sel.ncoders : q->p->ncoders;
    int w = snprintf(m, sizeof m,
                     "Qualitative coding: %zu transcripts, %zu coded segments, %zu coder%s; "
                     "codes roll up to categories and themes.",
                     q->p->ncases, q->p->nsegs, ncod, ncod == 1 ? "" : "s");
    if (ncod >= 2 && w > 0 && (size_t)w < sizeof m)
        snprintf(m + w, sizeof m - (size_t)w,
                 " Inter-coder agreement: percent agreement, Cohen's kappa, Fleiss' kappa "
                 "and Krippendorff's alpha (nominal) per code, on the %s units at least one "
                 "coder coded and on code presence per transcript.",
                 unit ? unit : "paragraph");
    free(r->methods);
    r->methods = malloc(strlen(m) + 1);
    if (r->methods)
        strcpy(r->methods, m);
}

/* Checks the arguments of subcommand s; 0 or an exit code. */
static int check_args(cli_t *c, const qual_sub_t *s, const char *const *args, size_t nargs)
{
    if ((s->flags & Q_VARARGS) ? nargs == 0 : nargs != s->nargs) {
        if (s->usage)
            return cli_usage_error(c, "%s", s->usage);
        return cli_usage_error(c, "usage: qual %s PROJECT (no further arguments)", s->name);
    }
    if (s->run == q_export && strcmp(args[0], "matrix") && strcmp(args[0], "qdpx") &&
        strcmp(args[0], "qdc"))
        return cli_usage_error(c, "qual export: unknown target '%s'; use matrix, qdpx or qdc",
                               args[0]);
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
    /* qual merge --apply FILE: the project is the file's folder. */
    size_t np0 = NP == 1 && !strcmp(P[0], "merge") && cli_has(c, Q_APPLY) ? 1 : 2;
    if (NP < np0)
        return cli_usage_error(c, "give a SUBCOMMAND (check, freq, matrix, cooccur, framework, crosstab, "
                                  "quotes, cases, agree, report, text, export, import, merge) "
                                  "and the PROJECT folder");
    qual_t q = {.c = c, .project = np0 == 2 ? P[1] : NULL, .args = P + np0};
    if (q.project && c->study_dir && q.project[0] != '/' && strcmp(c->study_dir, ".")) {
        if (snprintf(projbuf, sizeof projbuf, "%s/%s", c->study_dir, q.project) >=
            (int)sizeof projbuf)
            return cli_usage_error(c, "project path too long");
        q.project = projbuf;
    }
    if (c->preloaded && (!strcmp(P[0], "export") || !strcmp(P[0], "import") ||
                         !strcmp(P[0], "text") || !strcmp(P[0], "merge")))
        return cli_usage_error(c, "qual %s writes files and is not a study step; run it from "
                                  "the command line", P[0]);
    int code = 0;
    const qual_sub_t *s = find_sub(c, P[0], &code);
    if (!s || (code = check_args(c, s, q.args, NP - np0)))
        return code;
    q.nargs = NP - np0;
    adx_qsel_init(&q.sel);
    const char *const *coders = NULL;
    q.sel.ncoders = cli_multi(c, Q_CODER, &coders);
    q.sel.coders = coders;
    q.sel.level = cli_choice(c, Q_LEVEL, s->run == q_agree       ? ADX_QLEVEL_LEAF
                                         : s->run == q_framework ? 0
                                                                 : ADX_QLEVEL_ALL);
    q.nattrs = cli_list(c, Q_ATTRIBUTES, &q.attrs);
    if (!cli_has(c, Q_ATTRIBUTES))
        q.attrs = NULL;
    adx_report_t *r = NULL;
    adx_error_t rc = ADX_OK;
    if (!(s->flags & Q_NOLOAD))
        rc = adx_qproject_load(q.project, &q.p, &c->err);
    if (!rc)
        rc = s->run(&q, &r);
    if (!rc && r && (s->flags & Q_METHODS))
        methods_sentence(&q, r);
    adx_qproject_free(q.p);
    if (!rc && !r)
        return 0;
    return cli_finish(c, rc, r);
}

const cli_cmd_t cli_cmd_qual = {
    "qual",
    "qual SUBCOMMAND PROJECT [ARGS], SUBCOMMAND one of: check | freq | matrix [--presence] | "
    "cooccur | framework [--summaries FILE] | memo list|add ABOUT TARGET TEXT | crosstab ATTRIBUTE | quotes CODE | cases | agree [--unit paragraph|line|document] "
    "| report | text CASE | export matrix|qdpx|qdc OUTFILE | merge --coders A,B [--into NAME] "
    "[--rule union|intersection|majority] | merge --apply FILE; and qual import FILE.qdpx NEW_FOLDER "
    "| FILE.qdc NEW_codebook.csv",
    "qualitative projects: check coding, code frequencies, case x code matrix, co-occurrence, "
    "crosstabs, quotes, case table, inter-coder agreement, REFI-QDA exchange (docs/qual.md)",
    CLI_OPTS(qual_opts), .run = run_qual};
