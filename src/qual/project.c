/* Loading a project folder: codebook.csv, cases.csv, transcripts/, coding/CODER/
 * (coded copies with inline markup, see markup.c) and segments/CODER.csv.
 * Loading is all or nothing. One function per part of the folder. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qual_priv.h"

/* "; did you mean 'x'?" for the closest code name, or what to do. */
static void suggest_code(const adx_qproject_t *p, const char *name, char *buf, size_t n)
{
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t i = 0; i < p->ncodes; i++)
        adx_near_add(&near, p->codes[i].name);
    size_t len = strlen(name);
    const char *best = adx_near_best(&near, len < 6 ? 2 : len / 3);
    if (best)
        snprintf(buf, n, "; did you mean '%s'?", best);
    else
        snprintf(buf, n, "; add it to codebook.csv or fix the spelling");
}

adx_error_t adx__qual_unknown_code(const adx_qproject_t *p, const char *file, size_t line,
                                    size_t col, const char *name, adx_errctx_t *ctx)
{
    char sug[300];
    suggest_code(p, name, sug, sizeof sug);
    if (!line) /* file already names where (memos) */
        return adx_err(ctx, ADX_EPARSE, "%s: unknown code '%s'%s", file, name, sug);
    return adx_err(ctx, ADX_EPARSE, "%s:%zu: column %zu: unknown code '%s'%s", file, line, col,
                   name, sug);
}

static adx_error_t read_csv(const char *path, adx_dataset_t **ds, adx_errctx_t *ctx)
{
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    return adx_read_csv(path, &ro, ds, ctx);
}

/* ---- codebook.csv ---------------------------------------------------- */

typedef struct {
    long code, parent, definition, example; /* columns, -1 when absent */
} cbcols_t;

static const char *string_cell(const adx_dataset_t *ds, long col, size_t row)
{
    return col >= 0 && ds->vars[col].type == ADX_VAR_STRING ? ds->vars[col].str[row] : NULL;
}

/* Row i of the codebook into p->codes[i]; the parent's name into parents[i]. */
static adx_error_t codebook_row(adx_qproject_t *p, const adx_dataset_t *ds, const cbcols_t *c,
                                size_t i, const char *path, char **parents, adx_errctx_t *ctx)
{
    char b1[64], b2[64];
    const char *name = adx__qual_cell(&ds->vars[c->code], i, b1, sizeof b1);
    const char *par = adx__qual_cell(&ds->vars[c->parent], i, b2, sizeof b2);
    if (!name || !*name)
        return adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: empty code name; name the code",
                       path, i + 2, c->code + 1);
    if (strpbrk(name, "{}:,#"))
        return adx_err(ctx, ADX_EPARSE,
                       "%s:%zu: column %ld: code '%s' contains one of { } : , # which the "
                       "markup uses; rename it",
                       path, i + 2, c->code + 1, name);
    for (size_t j = 0; j < i; j++)
        if (!strcmp(p->codes[j].name, name))
            return adx_err(ctx, ADX_EPARSE,
                           "%s:%zu: column %ld: code '%s' is defined twice (first on line "
                           "%zu); give each code one row",
                           path, i + 2, c->code + 1, name, j + 2);
    const char *def = string_cell(ds, c->definition, i), *ex = string_cell(ds, c->example, i);
    p->codes[i].parent = -1;
    if (!(p->codes[i].name = adx__strdup(name)) ||
        !(p->codes[i].definition = adx__strdup(def ? def : "")) ||
        !(p->codes[i].example = adx__strdup(ex ? ex : "")) ||
        (par && *par && !(parents[i] = adx__strdup(par))))
        return adx_oom(ctx);
    return ADX_OK;
}

/* Parent indexes from the names, then depths; a chain longer than the number of
 * codes is a cycle. */
static adx_error_t link_parents(adx_qproject_t *p, char **parents, long cpar, const char *path,
                                adx_errctx_t *ctx)
{
    for (size_t i = 0; i < p->ncodes; i++) {
        if (!parents[i])
            continue;
        long k = adx_qcode_find(p, parents[i]);
        if (k < 0) {
            char sug[300];
            suggest_code(p, parents[i], sug, sizeof sug);
            return adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: unknown parent '%s'%s", path,
                           i + 2, cpar + 1, parents[i], sug);
        }
        p->codes[i].parent = k;
    }
    for (size_t i = 0; i < p->ncodes; i++) {
        int d = 0;
        for (long c = p->codes[i].parent; c >= 0; c = p->codes[c].parent)
            if ((size_t)++d > p->ncodes || (size_t)c == i)
                return adx_err(ctx, ADX_EPARSE,
                               "%s:%zu: column %ld: the codebook has a cycle: '%s' is its own "
                               "ancestor through parent '%s'; make the hierarchy a tree",
                               path, i + 2, cpar + 1, p->codes[i].name, parents[i]);
        p->codes[i].depth = d;
    }
    return ADX_OK;
}

static adx_error_t load_codebook(adx_qproject_t *p, adx_errctx_t *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/codebook.csv", p->root);
    adx_dataset_t *ds = NULL;
    adx_error_t rc = read_csv(path, &ds, ctx);
    if (rc)
        return rc;
    char **parents = NULL;
    cbcols_t c = {adx_dataset_find(ds, "code"), adx_dataset_find(ds, "parent"),
                  adx_dataset_find(ds, "definition"), adx_dataset_find(ds, "example")};
    if (c.code < 0 || c.parent < 0) {
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s:1: the header needs columns 'code' and 'parent' (and optionally "
                     "'definition', 'example')",
                     path);
        goto cleanup;
    }
    p->ncodes = ds->nrows;
    if (!(p->codes = calloc(ds->nrows ? ds->nrows : 1, sizeof *p->codes)) ||
        !(parents = calloc(ds->nrows ? ds->nrows : 1, sizeof *parents))) {
        p->ncodes = 0;
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; !rc && i < ds->nrows; i++)
        rc = codebook_row(p, ds, &c, i, path, parents, ctx);
    if (!rc)
        rc = link_parents(p, parents, c.parent, path, ctx);
cleanup:
    adx__free_strings(parents, ds->nrows);
    adx_dataset_free(ds);
    return rc;
}

/* ---- cases.csv ------------------------------------------------------- */

static adx_error_t load_cases(adx_qproject_t *p, adx_errctx_t *ctx)
{
    char path[4096], b[64];
    snprintf(path, sizeof path, "%s/cases.csv", p->root);
    adx_error_t rc = read_csv(path, &p->cases, ctx);
    if (rc)
        return rc;
    adx_dataset_t *ds = p->cases;
    if (ds->nrows == 0)
        return adx_err(ctx, ADX_EEMPTY, "%s: no cases; add one row per case", path);
    if (!(p->case_ids = calloc(ds->nrows, sizeof *p->case_ids)) ||
        !(p->docs = calloc(ds->nrows, sizeof *p->docs)))
        return adx_oom(ctx);
    p->ncases = ds->nrows;
    for (size_t i = 0; i < ds->nrows; i++) {
        const char *id = adx__qual_cell(&ds->vars[0], i, b, sizeof b);
        const char *why = id ? adx__qual_bad_case_name(id) : "is empty";
        if (why) {
            char show[128];
            adx__qual_show_name(id ? id : "", show, sizeof show);
            return adx_err(ctx, ADX_EPARSE,
                           "%s:%zu: column 1: case id '%s' %s; give every case a "
                           "file-name-safe id",
                           path, i + 2, show, why);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->case_ids[j], id))
                return adx_err(ctx, ADX_EPARSE,
                               "%s:%zu: column 1: case '%s' is listed twice (first on line "
                               "%zu)",
                               path, i + 2, id, j + 2);
        if (!(p->case_ids[i] = adx__strdup(id)))
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* ---- Files and folders ----------------------------------------------- */

/* Case id of a file name "ID.md" / "ID.txt" (or "ID.docx" when docx_too);
 * returns 0 if it is not such a file. */
static int file_stem(const char *fname, int docx_too, char *stem, size_t n)
{
    size_t l = strlen(fname), el = 0;
    if (l > 3 && !strcmp(fname + l - 3, ".md"))
        el = 3;
    else if (l > 4 && !strcmp(fname + l - 4, ".txt"))
        el = 4;
    else if (docx_too && l > 5 && !strcmp(fname + l - 5, ".docx"))
        el = 5;
    if (!el || l - el >= n)
        return 0;
    memcpy(stem, fname, l - el);
    stem[l - el] = '\0';
    return 1;
}

/* Sorted names of the entries of dir (files or folders), skipping dot files. */
static adx_error_t list_dir(const char *dir, int want_dirs, char ***names, size_t *n,
                            adx_errctx_t *ctx)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ADX_OK;
    adx_error_t rc = ADX_OK;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char full[4096];
        struct stat st;
        if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) >= (int)sizeof full ||
            stat(full, &st) || (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nn = realloc(*names, nc * sizeof *nn);
            if (!nn) {
                rc = adx_oom(ctx);
                break;
            }
            *names = nn;
            cap = nc;
        }
        if (!((*names)[*n] = adx__strdup(e->d_name))) {
            rc = adx_oom(ctx);
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (!rc)
        adx__qual_sort_names(*names, *n);
    return rc;
}

static long coder_index(const adx_qproject_t *p, const char *name)
{
    for (size_t i = 0; i < p->ncoders; i++)
        if (!strcmp(p->coders[i], name))
            return (long)i;
    return -1;
}

/* ---- Transcripts and coded copies ------------------------------------ */

/* State of one folder load. */
typedef struct {
    adx_qproject_t *p;
    char **first;     /* per case: the file that set its text (for messages) */
    size_t capseg;
    char file[4096];  /* the file being read */
    adx_errctx_t *ctx;
} loader_t;

/* Sets the text of document d (read from L->file) or checks that it matches. */
static adx_error_t set_text(loader_t *L, size_t d, char **text, size_t nbytes)
{
    adx_qdoc_t *doc = &L->p->docs[d];
    if (!doc->text) {
        doc->text = *text;
        *text = NULL;
        doc->nbytes = nbytes;
        doc->nchars = adx__qual_u8len(doc->text, nbytes);
        if (!L->first[d] && !(L->first[d] = adx__strdup(L->file)))
            return adx_oom(L->ctx);
        return ADX_OK;
    }
    if (doc->nbytes == nbytes && !memcmp(doc->text, *text, nbytes))
        return ADX_OK;
    size_t line = 1, col = 1, i = 0;
    while (i < nbytes && i < doc->nbytes && doc->text[i] == (*text)[i]) {
        if ((*text)[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)(*text)[i] & 0xC0) != 0x80)
            col++;
        i++;
    }
    return adx_err(L->ctx, ADX_EPARSE,
                   "%s:%zu: column %zu (in the text without markup): the text differs from "
                   "%s; every coded copy must keep the transcript's text unchanged",
                   L->file, line, col, L->first[d]);
}

/* The case of a file: its stem must be a case id of cases.csv. */
static long case_of_file(loader_t *L, const char *stem)
{
    long d = adx__qual_find_case(L->p, stem);
    if (d < 0)
        adx_err(L->ctx, ADX_EPARSE,
                "%s: no case '%s' in cases.csv; add the case or rename the file", L->file, stem);
    return d;
}

/* Reads L->file and parses its markup. */
static adx_error_t read_markup(loader_t *L, const char *what, adx_qmarkup_t **m)
{
    char *buf = NULL;
    size_t len = 0;
    adx_error_t rc = adx__qual_read_text(L->file, what, &buf, &len, L->ctx);
    if (!rc)
        rc = adx_qmarkup_parse(buf, len, L->file, m, L->ctx);
    free(buf);
    return rc;
}

/* One file of transcripts/: uncoded text (.md, .txt) or a Word file (.docx). */
static adx_error_t load_transcript(loader_t *L, long d, int docx)
{
    adx_qproject_t *p = L->p;
    if (p->docs[d].text)
        return adx_err(L->ctx, ADX_EPARSE, "%s: case '%s' has two transcripts; keep one", L->file,
                       p->case_ids[d]);
    if (docx) {
        /* Word text is plain text: braces in it are literal. */
        char *buf = NULL;
        size_t len = 0;
        adx_error_t rc = adx_docx_text(L->file, &buf, &len, L->ctx);
        if (!rc)
            rc = set_text(L, (size_t)d, &buf, len);
        free(buf);
        return rc;
    }
    adx_qmarkup_t *m = NULL;
    adx_error_t rc = read_markup(L, "transcript", &m);
    if (!rc && m->nsegs)
        rc = adx_err(L->ctx, ADX_EPARSE,
                     "%s:%zu: column %zu: transcripts/ holds uncoded text; put coded copies "
                     "in coding/CODER/ (or escape literal braces as \\{ \\})",
                     L->file, m->line[0], m->col[0]);
    if (!rc)
        rc = set_text(L, (size_t)d, &m->text, m->nbytes);
    adx_qmarkup_free(m);
    return rc;
}

static adx_error_t load_transcripts(loader_t *L)
{
    char dir[4096], stem[1024];
    char **files = NULL;
    size_t nfiles = 0;
    snprintf(dir, sizeof dir, "%s/transcripts", L->p->root);
    adx_error_t rc = list_dir(dir, 0, &files, &nfiles, L->ctx);
    for (size_t i = 0; !rc && i < nfiles; i++) {
        if (!file_stem(files[i], 1, stem, sizeof stem) ||
            snprintf(L->file, sizeof L->file, "%s/%s", dir, files[i]) >= (int)sizeof L->file)
            continue;
        size_t fl = strlen(files[i]);
        long d = case_of_file(L, stem);
        rc = d < 0 ? ADX_EPARSE
                   : load_transcript(L, d, fl > 5 && !strcmp(files[i] + fl - 5, ".docx"));
    }
    adx__free_strings(files, nfiles);
    return rc;
}

/* The segments of one coded copy (case d, coder `coder`) into the project. */
static adx_error_t markup_segments(loader_t *L, adx_qmarkup_t *m, size_t d, size_t coder)
{
    /* The same code twice over overlapping text of this file. */
    for (size_t s = 0; s < m->nsegs; s++)
        for (size_t t = s + 1; t < m->nsegs; t++)
            if (m->start[t] < m->end[s] && m->start[s] < m->end[t] &&
                !strcmp(m->codes[s], m->codes[t]))
                return adx_err(L->ctx, ADX_EPARSE,
                               "%s:%zu: column %zu: code '%s' overlaps the '%s' segment "
                               "opened on line %zu, column %zu; merge them into one "
                               "segment",
                               L->file, m->line[t], m->col[t], m->codes[t], m->codes[s],
                               m->line[s], m->col[s]);
    for (size_t s = 0; s < m->nsegs; s++) {
        long code = adx_qcode_find(L->p, m->codes[s]);
        if (code < 0)
            return adx__qual_unknown_code(L->p, L->file, m->line[s], m->col[s], m->codes[s],
                                          L->ctx);
        adx_qseg_t sg = {d, m->start[s], m->end[s], (size_t)code, coder, m->memo[s], m->line[s]};
        adx_error_t rc = adx__qual_add_seg(L->p, &L->capseg, &sg, L->ctx);
        if (rc)
            return rc;
        m->memo[s] = NULL;
    }
    return ADX_OK;
}

/* One file of coding/CODER/. */
static adx_error_t load_coded_file(loader_t *L, const char *stem, const char *coder_name)
{
    adx_qproject_t *p = L->p;
    size_t coder = (size_t)coder_index(p, coder_name);
    long d = case_of_file(L, stem);
    if (d < 0)
        return ADX_EPARSE;
    if (p->coded[(size_t)d * p->ncoders + coder])
        return adx_err(L->ctx, ADX_EPARSE,
                       "%s: coder '%s' has two files for case '%s' (.md and .txt); keep one",
                       L->file, coder_name, stem);
    adx_qmarkup_t *m = NULL;
    adx_error_t rc = read_markup(L, "coded copy", &m);
    if (!rc)
        rc = markup_segments(L, m, (size_t)d, coder);
    if (!rc)
        rc = set_text(L, (size_t)d, &m->text, m->nbytes);
    if (!rc)
        p->coded[(size_t)d * p->ncoders + coder] = 1;
    adx_qmarkup_free(m);
    return rc;
}

static adx_error_t load_coded_copies(loader_t *L, char **coders, size_t ncod)
{
    adx_error_t rc = ADX_OK;
    char dir[4096], stem[1024];
    for (size_t ci = 0; !rc && ci < ncod; ci++) {
        char **files = NULL;
        size_t nfiles = 0;
        snprintf(dir, sizeof dir, "%s/coding/%s", L->p->root, coders[ci]);
        rc = list_dir(dir, 0, &files, &nfiles, L->ctx);
        for (size_t fi = 0; !rc && fi < nfiles; fi++) {
            if (!file_stem(files[fi], 0, stem, sizeof stem) ||
                snprintf(L->file, sizeof L->file, "%s/%s", dir, files[fi]) >= (int)sizeof L->file)
                continue;
            rc = load_coded_file(L, stem, coders[ci]);
        }
        adx__free_strings(files, nfiles);
    }
    return rc;
}

/* ---- segments/CODER.csv ---------------------------------------------- */

typedef struct {
    long cas, start, end, code, memo; /* columns; memo -1 when absent */
} segcols_t;

/* Row r of a segments file into the project. */
static adx_error_t segment_row(loader_t *L, const adx_dataset_t *ds, const segcols_t *c,
                               size_t r, size_t coder)
{
    adx_qproject_t *p = L->p;
    char b1[64], b2[64];
    const char *cid = adx__qual_cell(&ds->vars[c->cas], r, b1, sizeof b1);
    const char *cname = adx__qual_cell(&ds->vars[c->code], r, b2, sizeof b2);
    long d = cid ? adx__qual_find_case(p, cid) : -1;
    if (d < 0)
        return adx_err(L->ctx, ADX_EPARSE,
                       "%s:%zu: column %ld: unknown case '%s'; use an id from cases.csv", L->file,
                       r + 2, c->cas + 1, cid ? cid : "");
    long code = cname ? adx_qcode_find(p, cname) : -1;
    if (code < 0)
        return adx__qual_unknown_code(p, L->file, r + 2, (size_t)c->code + 1, cname ? cname : "",
                                      L->ctx);
    const adx_variable_t *vs = &ds->vars[c->start], *ve = &ds->vars[c->end];
    double st = vs->type == ADX_VAR_NUMERIC ? vs->num[r] : NAN;
    double en = ve->type == ADX_VAR_NUMERIC ? ve->num[r] : NAN;
    if (!(st >= 0) || !(en >= 0) || st != floor(st) || en != floor(en) || !(st < en) ||
        en > (double)p->docs[d].nchars)
        return adx_err(L->ctx, ADX_EPARSE,
                       "%s:%zu: column %ld: segment %s..%s is out of range for case '%s' "
                       "(%zu characters); start and end are whole character offsets with "
                       "0 <= start < end <= length",
                       L->file, r + 2, c->start + 1,
                       vs->type == ADX_VAR_NUMERIC ? "start" : "(non-number)",
                       ve->type == ADX_VAR_NUMERIC ? "end" : "(non-number)", cid,
                       p->docs[d].nchars);
    const char *memo = string_cell(ds, c->memo, r);
    adx_qseg_t sg = {(size_t)d, (size_t)st, (size_t)en, (size_t)code, coder, NULL, 0};
    if (memo && *memo && !(sg.memo = adx__strdup(memo)))
        return adx_oom(L->ctx);
    adx_error_t rc = adx__qual_add_seg(p, &L->capseg, &sg, L->ctx);
    if (rc) {
        free(sg.memo);
        return rc;
    }
    p->coded[(size_t)d * p->ncoders + coder] = 1;
    return ADX_OK;
}

/* segments/CODER.csv (the coder's name is `coder`). */
static adx_error_t load_segment_csv(loader_t *L, const char *csv, const char *coder)
{
    if (snprintf(L->file, sizeof L->file, "%s/segments/%s", L->p->root, csv) >=
        (int)sizeof L->file)
        return adx_err(L->ctx, ADX_EIO, "%s/segments/%s: path too long", L->p->root, csv);
    adx_dataset_t *ds = NULL;
    adx_error_t rc = read_csv(L->file, &ds, L->ctx);
    if (rc)
        return rc;
    segcols_t c = {adx_dataset_find(ds, "case"), adx_dataset_find(ds, "start"),
                   adx_dataset_find(ds, "end"), adx_dataset_find(ds, "code"),
                   adx_dataset_find(ds, "memo")};
    if (c.cas < 0 || c.start < 0 || c.end < 0 || c.code < 0)
        rc = adx_err(L->ctx, ADX_EPARSE,
                     "%s:1: the header needs columns case,start,end,code (and optionally memo)",
                     L->file);
    size_t ci = (size_t)coder_index(L->p, coder);
    for (size_t r = 0; !rc && r < ds->nrows; r++)
        rc = segment_row(L, ds, &c, r, ci);
    adx_dataset_free(ds);
    return rc;
}

/* The coder of a file name "CODER.csv" into name (n bytes), %XX decoded (see
 * adx__qual_coder_file); 0 if not a .csv file. */
static int csv_stem(const char *fname, char *name, size_t n)
{
    size_t l = strlen(fname);
    if (l <= 4 || strcmp(fname + l - 4, ".csv") || l - 4 >= n)
        return 0;
    memcpy(name, fname, l - 4);
    name[l - 4] = '\0';
    adx__qual_coder_name(name);
    return 1;
}

/* ---- Coders ---------------------------------------------------------- */

/* Coders: the folders of coding/ and the files segments/CODER.csv, sorted. */
static adx_error_t collect_coders(adx_qproject_t *p, char **coders, size_t ncod, char **csvs,
                                  size_t ncsv, adx_errctx_t *ctx)
{
    char name[4096];
    if (!(p->coders = calloc(ncod + ncsv + 1, sizeof *p->coders)))
        return adx_oom(ctx);
    for (size_t i = 0; i < ncod; i++) {
        if (!(p->coders[p->ncoders] = adx__strdup(coders[i])))
            return adx_oom(ctx);
        p->ncoders++;
    }
    for (size_t i = 0; i < ncsv; i++) {
        if (!csv_stem(csvs[i], name, sizeof name) || coder_index(p, name) >= 0)
            continue;
        if (!(p->coders[p->ncoders] = adx__strdup(name)))
            return adx_oom(ctx);
        p->ncoders++;
    }
    adx__qual_sort_names(p->coders, p->ncoders);
    if (!(p->coded = calloc(p->ncases * (p->ncoders ? p->ncoders : 1), 1)))
        return adx_oom(ctx);
    return ADX_OK;
}

static adx_error_t check_all_texts(const adx_qproject_t *p, adx_errctx_t *ctx)
{
    for (size_t d = 0; d < p->ncases; d++)
        if (!p->docs[d].text)
            return adx_err(ctx, ADX_EPARSE,
                           "%s/cases.csv:%zu: column 1: case '%s' has no transcript; add "
                           "transcripts/%s.md or a coded copy coding/CODER/%s.md",
                           p->root, d + 2, p->case_ids[d], p->case_ids[d], p->case_ids[d]);
    return ADX_OK;
}

/* Drops the name equal to skip (NULL: none) from names[0..*n). */
static void drop_name(char **names, size_t *n, const char *skip, int csv)
{
    char name[4096];
    for (size_t i = 0; skip && i < *n; i++) {
        if (csv ? !csv_stem(names[i], name, sizeof name) || strcmp(name, skip)
                : strcmp(names[i], skip))
            continue;
        free(names[i]);
        memmove(names + i, names + i + 1, (--*n - i) * sizeof *names);
        return;
    }
}

/* Transcripts, coded copies and imported segments, in this order; coder `skip`
 * (NULL: none) is left out. */
static adx_error_t load_coding(adx_qproject_t *p, const char *skip, adx_errctx_t *ctx)
{
    char dir[4096], name[4096];
    char **coders = NULL, **csvs = NULL;
    size_t ncod = 0, ncsv = 0;
    loader_t L = {.p = p, .ctx = ctx};
    if (!(L.first = calloc(p->ncases, sizeof *L.first)))
        return adx_oom(ctx);
    adx_error_t rc = load_transcripts(&L);
    if (rc)
        goto cleanup;
    snprintf(dir, sizeof dir, "%s/coding", p->root);
    if ((rc = list_dir(dir, 1, &coders, &ncod, ctx)))
        goto cleanup;
    drop_name(coders, &ncod, skip, 0);
    snprintf(dir, sizeof dir, "%s/segments", p->root);
    if (!(rc = list_dir(dir, 0, &csvs, &ncsv, ctx)))
        drop_name(csvs, &ncsv, skip, 1);
    if (rc ||
        (rc = collect_coders(p, coders, ncod, csvs, ncsv, ctx)) ||
        (rc = load_coded_copies(&L, coders, ncod)) || (rc = check_all_texts(p, ctx)))
        goto cleanup;
    for (size_t i = 0; !rc && i < ncsv; i++)
        if (csv_stem(csvs[i], name, sizeof name))
            rc = load_segment_csv(&L, csvs[i], name);
cleanup:
    adx__free_strings(coders, ncod);
    adx__free_strings(csvs, ncsv);
    adx__free_strings(L.first, p->ncases);
    return rc;
}

adx_error_t adx_qproject_load(const char *root, adx_qproject_t **out, adx_errctx_t *ctx)
{
    return adx_qproject_load_except(root, NULL, out, ctx);
}

adx_error_t adx_qproject_load_except(const char *root, const char *coder,
                                     adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    struct stat st;
    if (stat(root, &st) || !S_ISDIR(st.st_mode))
        return adx_err(ctx, ADX_EIO, "%s: not a project folder; give the folder holding "
                                     "codebook.csv and cases.csv", root);
    adx_qproject_t *p = calloc(1, sizeof *p);
    if (!p || !(p->root = adx__strdup(root))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t rl = strlen(p->root);
    while (rl > 1 && p->root[rl - 1] == '/')
        p->root[--rl] = '\0';
    if ((rc = load_codebook(p, ctx)) || (rc = load_cases(p, ctx)) || (rc = load_coding(p, coder, ctx)))
        goto cleanup;
    if ((rc = adx__qual_finish(p, ctx)) || (rc = adx__qual_load_memos(p, coder != NULL, ctx)))
        goto cleanup;
    *out = p;
    p = NULL;
cleanup:
    adx_qproject_free(p);
    return rc;
}
