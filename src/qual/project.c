/* Qualitative projects: inline markup parser, codebook, cases, coded copies and
 * segment imports. Loading is all or nothing. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ambidex/adx_qual.h"
#include "qual_priv.h"

/* Largest text file accepted (transcripts, coded copies). */
#define QUAL_MAX_FILE ((size_t)64 << 20)

static adx_error_t oom(adx_errctx_t *ctx) { return adx_err(ctx, ADX_ENOMEM, "out of memory"); }

char *qual_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

size_t qual_u8len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

size_t qual_u8offset(const char *s, size_t nbytes, size_t chars)
{
    size_t i = 0, k = 0;
    while (i < nbytes) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == chars)
                return i;
            k++;
        }
        i++;
    }
    return nbytes;
}

adx_error_t qual_read_text(const char *path, char **out, size_t *len, adx_errctx_t *ctx)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return adx_err(ctx, ADX_EIO, "%s: cannot open: %s; check the path", path, strerror(errno));
    adx_error_t rc = ADX_OK;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            if (cap >= QUAL_MAX_FILE) {
                rc = adx_err(ctx, ADX_EPARSE, "%s: larger than %zu MB; split the file", path,
                             QUAL_MAX_FILE >> 20);
                goto cleanup;
            }
            size_t nc = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, nc);
            if (!nb) {
                rc = oom(ctx);
                goto cleanup;
            }
            buf = nb;
            cap = nc;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        rc = adx_err(ctx, ADX_EIO, "%s: read error", path);
        goto cleanup;
    }
    buf[n] = '\0';
    if (memchr(buf, '\0', n)) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: contains NUL bytes; save it as UTF-8 text", path);
        goto cleanup;
    }
    /* Skip a UTF-8 byte order mark. */
    if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    *out = buf;
    *len = n;
    buf = NULL;
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

/* ---- Markup ---------------------------------------------------------- */

typedef struct {
    size_t first_seg, nsegs; /* segments opened by this brace */
    size_t line, col;        /* where the brace is */
} open_t;

void adx_qmarkup_free(adx_qmarkup_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nsegs; i++) {
        free(m->codes[i]);
        free(m->memo[i]);
    }
    free(m->codes);
    free(m->memo);
    free(m->start);
    free(m->end);
    free(m->line);
    free(m->col);
    free(m->text);
    free(m);
}

static int push_seg(adx_qmarkup_t *m, size_t *cap, char *code, char *memo, size_t start,
                    size_t line, size_t col)
{
    if (m->nsegs == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **c = realloc(m->codes, nc * sizeof *c);
        if (c)
            m->codes = c;
        char **me = realloc(m->memo, nc * sizeof *me);
        if (me)
            m->memo = me;
        size_t *s = realloc(m->start, nc * sizeof *s);
        if (s)
            m->start = s;
        size_t *e = realloc(m->end, nc * sizeof *e);
        if (e)
            m->end = e;
        size_t *l = realloc(m->line, nc * sizeof *l);
        if (l)
            m->line = l;
        size_t *co = realloc(m->col, nc * sizeof *co);
        if (co)
            m->col = co;
        if (!c || !me || !s || !e || !l || !co)
            return -1;
        *cap = nc;
    }
    m->codes[m->nsegs] = code;
    m->memo[m->nsegs] = memo;
    m->start[m->nsegs] = start;
    m->end[m->nsegs] = start;
    m->line[m->nsegs] = line;
    m->col[m->nsegs] = col;
    m->nsegs++;
    return 0;
}

static char *dup_trim(const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    char *s = malloc((size_t)(b - a) + 1);
    if (s) {
        memcpy(s, a, (size_t)(b - a));
        s[b - a] = '\0';
    }
    return s;
}

adx_error_t adx_qmarkup_parse(const char *buf, size_t len, const char *name,
                              adx_qmarkup_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    open_t *stack = NULL;
    size_t nstack = 0, capstack = 0, capseg = 0;
    adx_qmarkup_t *m = calloc(1, sizeof *m);
    if (!m || !(m->text = malloc(len + 1))) {
        rc = oom(ctx);
        goto cleanup;
    }
    size_t line = 1, col = 1, nb = 0, nc = 0;
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\\' && i + 1 < len && (buf[i + 1] == '{' || buf[i + 1] == '}' || buf[i + 1] == '\\')) {
            m->text[nb++] = buf[i + 1];
            nc++;
            i += 2;
            col += 2;
            continue;
        }
        if (ch == '{') {
            /* Header: codes [# memo] up to ':' on the same line. */
            size_t j = i + 1;
            while (j < len && buf[j] != ':' && buf[j] != '\n' && buf[j] != '{' && buf[j] != '}')
                j++;
            if (j >= len || buf[j] != ':') {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %zu: '{' opens a coded segment but no ':' follows "
                             "the code names on this line; write {code: text} or escape a "
                             "literal brace as \\{",
                             name, line, col);
                goto cleanup;
            }
            const char *hb = buf + i + 1, *he = buf + j;
            const char *hash = memchr(hb, '#', (size_t)(he - hb));
            const char *ce = hash ? hash : he;
            char *memo = NULL;
            if (hash) {
                memo = dup_trim(hash + 1, he);
                if (!memo) {
                    rc = oom(ctx);
                    goto cleanup;
                }
                if (!*memo) {
                    free(memo);
                    memo = NULL;
                }
            }
            if (nstack == capstack) {
                size_t ncap = capstack ? capstack * 2 : 8;
                open_t *ns = realloc(stack, ncap * sizeof *ns);
                if (!ns) {
                    free(memo);
                    rc = oom(ctx);
                    goto cleanup;
                }
                stack = ns;
                capstack = ncap;
            }
            open_t *o = &stack[nstack++];
            o->first_seg = m->nsegs;
            o->nsegs = 0;
            o->line = line;
            o->col = col;
            const char *p = hb;
            while (p <= ce) {
                const char *q = p;
                while (q < ce && *q != ',')
                    q++;
                size_t ccol = col + 1 + qual_u8len(hb, (size_t)(p - hb));
                while (p < q && (*p == ' ' || *p == '\t')) {
                    p++;
                    ccol++;
                }
                char *code = dup_trim(p, q);
                if (!code) {
                    free(memo);
                    rc = oom(ctx);
                    goto cleanup;
                }
                if (!*code) {
                    free(code);
                    free(memo);
                    rc = adx_err(ctx, ADX_EPARSE,
                                 "%s:%zu: column %zu: empty code name in '{...:'; write "
                                 "{code1,code2: text}",
                                 name, line, ccol);
                    goto cleanup;
                }
                /* Every segment of this brace gets its own copy of the memo. */
                char *mm = NULL;
                if (memo && !(mm = qual_strdup(memo))) {
                    free(code);
                    free(memo);
                    rc = oom(ctx);
                    goto cleanup;
                }
                if (push_seg(m, &capseg, code, mm, nc, line, ccol)) {
                    free(code);
                    free(mm);
                    free(memo);
                    rc = oom(ctx);
                    goto cleanup;
                }
                o->nsegs++;
                p = q + 1;
            }
            free(memo);
            /* Skip the ':' and the blanks after it. */
            size_t adv = j + 1 - i;
            col += qual_u8len(buf + i, adv);
            i = j + 1;
            while (i < len && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
                col++;
            }
            for (size_t s = o->first_seg; s < o->first_seg + o->nsegs; s++)
                m->start[s] = m->end[s] = nc;
            continue;
        }
        if (ch == '}') {
            if (nstack == 0) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %zu: '}' closes no coded segment; remove it or "
                             "escape a literal brace as \\}",
                             name, line, col);
                goto cleanup;
            }
            open_t *o = &stack[--nstack];
            if (nc == m->start[o->first_seg]) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %zu: the coded segment opened here is empty; put "
                             "the coded text between ':' and '}'",
                             name, o->line, o->col);
                goto cleanup;
            }
            for (size_t s = o->first_seg; s < o->first_seg + o->nsegs; s++)
                m->end[s] = nc;
            i++;
            col++;
            continue;
        }
        m->text[nb++] = (char)ch;
        if ((ch & 0xC0) != 0x80) {
            nc++;
            col++;
        }
        if (ch == '\n') {
            line++;
            col = 1;
        }
        i++;
    }
    if (nstack > 0) {
        open_t *o = &stack[nstack - 1];
        rc = adx_err(ctx, ADX_EPARSE,
                     "%s:%zu: column %zu: '{' is never closed; end the coded segment with '}'",
                     name, o->line, o->col);
        goto cleanup;
    }
    m->text[nb] = '\0';
    m->nbytes = nb;
    m->nchars = nc;
    *out = m;
    m = NULL;
cleanup:
    free(stack);
    adx_qmarkup_free(m);
    return rc;
}

/* ---- Helpers for CSV cells ------------------------------------------- */

/* Text of cell (row, var): the string, a number formatted with %.15g, or NULL
 * when missing. buf holds formatted numbers. */
const char *qual_cell(const adx_variable_t *v, size_t row, char *buf, size_t n)
{
    if (v->type == ADX_VAR_STRING)
        return v->str[row];
    if (isnan(v->num[row]))
        return NULL;
    snprintf(buf, n, "%.15g", v->num[row]);
    return buf;
}

static long find_col(const adx_dataset_t *ds, const char *name)
{
    for (size_t j = 0; j < ds->nvars; j++)
        if (!strcmp(ds->vars[j].name, name))
            return (long)j;
    return -1;
}

/* ---- Project --------------------------------------------------------- */

void adx_qproject_free(adx_qproject_t *p)
{
    if (!p)
        return;
    free(p->root);
    for (size_t i = 0; i < p->ncodes; i++) {
        free(p->codes[i].name);
        free(p->codes[i].definition);
        free(p->codes[i].example);
    }
    free(p->codes);
    adx_dataset_free(p->cases);
    for (size_t i = 0; i < p->ncases; i++) {
        free(p->case_ids[i]);
        if (p->docs)
            free(p->docs[i].text);
    }
    free(p->case_ids);
    free(p->docs);
    for (size_t i = 0; i < p->ncoders; i++)
        free(p->coders[i]);
    free(p->coders);
    free(p->coded);
    for (size_t i = 0; i < p->nsegs; i++)
        free(p->segs[i].memo);
    free(p->segs);
    free(p);
}

long adx_qcode_find(const adx_qproject_t *p, const char *name)
{
    for (size_t i = 0; i < p->ncodes; i++)
        if (!strcmp(p->codes[i].name, name))
            return (long)i;
    return -1;
}

int adx_qcode_under(const adx_qproject_t *p, size_t code, size_t anc)
{
    long c = (long)code;
    while (c >= 0) {
        if ((size_t)c == anc)
            return 1;
        c = p->codes[c].parent;
    }
    return 0;
}

/* " (did you mean 'x'?)" for the closest code name, or "". */
static void suggest_code(const adx_qproject_t *p, const char *name, char *buf, size_t n)
{
    size_t best = (size_t)-1;
    long bi = -1;
    for (size_t i = 0; i < p->ncodes; i++) {
        size_t d = adx_edit_distance(name, p->codes[i].name);
        if (d < best) {
            best = d;
            bi = (long)i;
        }
    }
    size_t len = strlen(name);
    if (bi >= 0 && best <= (len < 6 ? 2 : len / 3))
        snprintf(buf, n, "; did you mean '%s'?", p->codes[bi].name);
    else
        snprintf(buf, n, "; add it to codebook.csv or fix the spelling");
}

static adx_error_t load_codebook(adx_qproject_t *p, adx_errctx_t *ctx)
{
    char path[4096], b1[64], b2[64];
    snprintf(path, sizeof path, "%s/codebook.csv", p->root);
    adx_dataset_t *ds = NULL;
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_error_t rc = adx_read_csv(path, &ro, &ds, ctx);
    if (rc)
        return rc;
    char **parents = NULL;
    long ccode = find_col(ds, "code"), cpar = find_col(ds, "parent");
    long cdef = find_col(ds, "definition"), cex = find_col(ds, "example");
    if (ccode < 0 || cpar < 0) {
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
        rc = oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nrows; i++) {
        const char *name = qual_cell(&ds->vars[ccode], i, b1, sizeof b1);
        const char *par = qual_cell(&ds->vars[cpar], i, b2, sizeof b2);
        if (!name || !*name) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: empty code name; name the code",
                         path, i + 2, ccode + 1);
            goto cleanup;
        }
        if (strpbrk(name, "{}:,#")) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column %ld: code '%s' contains one of { } : , # which the "
                         "markup uses; rename it",
                         path, i + 2, ccode + 1, name);
            goto cleanup;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->codes[j].name, name)) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %ld: code '%s' is defined twice (first on line "
                             "%zu); give each code one row",
                             path, i + 2, ccode + 1, name, j + 2);
                goto cleanup;
            }
        const char *def = cdef >= 0 && ds->vars[cdef].type == ADX_VAR_STRING
                              ? ds->vars[cdef].str[i]
                              : NULL;
        const char *ex = cex >= 0 && ds->vars[cex].type == ADX_VAR_STRING ? ds->vars[cex].str[i]
                                                                          : NULL;
        p->codes[i].parent = -1;
        if (!(p->codes[i].name = qual_strdup(name)) ||
            !(p->codes[i].definition = qual_strdup(def ? def : "")) ||
            !(p->codes[i].example = qual_strdup(ex ? ex : "")) ||
            (par && *par && !(parents[i] = qual_strdup(par)))) {
            rc = oom(ctx);
            goto cleanup;
        }
    }
    for (size_t i = 0; i < p->ncodes; i++) {
        if (!parents[i])
            continue;
        long k = adx_qcode_find(p, parents[i]);
        if (k < 0) {
            char sug[300];
            suggest_code(p, parents[i], sug, sizeof sug);
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: unknown parent '%s'%s", path,
                         i + 2, cpar + 1, parents[i], sug);
            goto cleanup;
        }
        p->codes[i].parent = k;
    }
    /* Depths; a chain longer than the number of codes is a cycle. */
    for (size_t i = 0; i < p->ncodes; i++) {
        int d = 0;
        long c = p->codes[i].parent;
        while (c >= 0) {
            if ((size_t)++d > p->ncodes || (size_t)c == i) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %ld: the codebook has a cycle: '%s' is its own "
                             "ancestor through parent '%s'; make the hierarchy a tree",
                             path, i + 2, cpar + 1, p->codes[i].name, parents[i]);
                goto cleanup;
            }
            c = p->codes[c].parent;
        }
        p->codes[i].depth = d;
    }
cleanup:
    if (parents)
        for (size_t i = 0; i < ds->nrows; i++)
            free(parents[i]);
    free(parents);
    adx_dataset_free(ds);
    return rc;
}

static adx_error_t load_cases(adx_qproject_t *p, adx_errctx_t *ctx)
{
    char path[4096], b[64];
    snprintf(path, sizeof path, "%s/cases.csv", p->root);
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_error_t rc = adx_read_csv(path, &ro, &p->cases, ctx);
    if (rc)
        return rc;
    adx_dataset_t *ds = p->cases;
    if (ds->nrows == 0)
        return adx_err(ctx, ADX_EEMPTY, "%s: no cases; add one row per case", path);
    if (!(p->case_ids = calloc(ds->nrows, sizeof *p->case_ids)) ||
        !(p->docs = calloc(ds->nrows, sizeof *p->docs)))
        return oom(ctx);
    p->ncases = ds->nrows;
    for (size_t i = 0; i < ds->nrows; i++) {
        const char *id = qual_cell(&ds->vars[0], i, b, sizeof b);
        if (!id || !*id || strchr(id, '/'))
            return adx_err(ctx, ADX_EPARSE,
                           "%s:%zu: column 1: case id is empty or contains '/'; give every "
                           "case a file-name-safe id",
                           path, i + 2);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->case_ids[j], id))
                return adx_err(ctx, ADX_EPARSE,
                               "%s:%zu: column 1: case '%s' is listed twice (first on line "
                               "%zu)",
                               path, i + 2, id, j + 2);
        if (!(p->case_ids[i] = qual_strdup(id)))
            return oom(ctx);
    }
    return ADX_OK;
}

static long find_case(const adx_qproject_t *p, const char *id)
{
    for (size_t i = 0; i < p->ncases; i++)
        if (!strcmp(p->case_ids[i], id))
            return (long)i;
    return -1;
}

/* Case id of a text file name "ID.md" / "ID.txt"; returns 0 if not a text file. */
static int text_stem(const char *fname, char *stem, size_t n)
{
    size_t l = strlen(fname);
    const char *ext = NULL;
    if (l > 3 && !strcmp(fname + l - 3, ".md"))
        ext = fname + l - 3;
    else if (l > 4 && !strcmp(fname + l - 4, ".txt"))
        ext = fname + l - 4;
    if (!ext || (size_t)(ext - fname) >= n)
        return 0;
    memcpy(stem, fname, (size_t)(ext - fname));
    stem[ext - fname] = '\0';
    return 1;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qual_sort_names(char **v, size_t n)
{
    if (n)
        qsort(v, n, sizeof *v, cmpstr);
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
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        if (stat(full, &st) || (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nn = realloc(*names, nc * sizeof *nn);
            if (!nn) {
                rc = oom(ctx);
                break;
            }
            *names = nn;
            cap = nc;
        }
        if (!((*names)[*n] = qual_strdup(e->d_name))) {
            rc = oom(ctx);
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (!rc && *n)
        qsort(*names, *n, sizeof **names, cmpstr);
    return rc;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static long coder_index(adx_qproject_t *p, const char *name)
{
    for (size_t i = 0; i < p->ncoders; i++)
        if (!strcmp(p->coders[i], name))
            return (long)i;
    return -1;
}

static adx_error_t add_seg(adx_qproject_t *p, size_t *cap, const adx_qseg_t *s,
                           adx_errctx_t *ctx)
{
    if (p->nsegs == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        adx_qseg_t *ns = realloc(p->segs, nc * sizeof *ns);
        if (!ns)
            return oom(ctx);
        p->segs = ns;
        *cap = nc;
    }
    p->segs[p->nsegs++] = *s;
    return ADX_OK;
}

/* Sets the text of document d (from `file`) or checks that it matches. */
static adx_error_t set_text(adx_qproject_t *p, size_t d, char **text, size_t nbytes,
                            const char *file, const char *first_file, adx_errctx_t *ctx)
{
    adx_qdoc_t *doc = &p->docs[d];
    if (!doc->text) {
        doc->text = *text;
        *text = NULL;
        doc->nbytes = nbytes;
        doc->nchars = qual_u8len(doc->text, nbytes);
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
    return adx_err(ctx, ADX_EPARSE,
                   "%s:%zu: column %zu (in the text without markup): the text differs from "
                   "%s; every coded copy must keep the transcript's text unchanged",
                   file, line, col, first_file);
}

static adx_error_t load_coding(adx_qproject_t *p, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    char dir[4096], file[4096], stem[1024];
    char **tfiles = NULL, **coders = NULL, **files = NULL, **csvs = NULL;
    size_t ntf = 0, ncod = 0, nfiles = 0, ncsv = 0, cap = 0;
    char **first = calloc(p->ncases, sizeof *first); /* file that set each text */
    char *buf = NULL;
    adx_qmarkup_t *m = NULL;
    adx_dataset_t *ds = NULL;
    if (!first)
        return oom(ctx);

    /* Uncoded transcripts. */
    snprintf(dir, sizeof dir, "%s/transcripts", p->root);
    if ((rc = list_dir(dir, 0, &tfiles, &ntf, ctx)))
        goto cleanup;
    for (size_t i = 0; i < ntf; i++) {
        size_t fl = strlen(tfiles[i]);
        int docx = fl > 5 && !strcmp(tfiles[i] + fl - 5, ".docx");
        if (docx) {
            if (fl - 5 >= sizeof stem)
                continue;
            memcpy(stem, tfiles[i], fl - 5);
            stem[fl - 5] = '\0';
        } else if (!text_stem(tfiles[i], stem, sizeof stem))
            continue;
        if (snprintf(file, sizeof file, "%s/%s", dir, tfiles[i]) >= (int)sizeof file)
            continue;
        long d = find_case(p, stem);
        if (d < 0) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: no case '%s' in cases.csv; add the case or rename the file",
                         file, stem);
            goto cleanup;
        }
        if (p->docs[d].text) {
            rc = adx_err(ctx, ADX_EPARSE, "%s: case '%s' has two transcripts; keep one", file, stem);
            goto cleanup;
        }
        size_t len;
        if (docx) {
            /* Word text is plain text: braces in it are literal. */
            if ((rc = adx_docx_text(file, &buf, &len, ctx)))
                goto cleanup;
            if ((rc = set_text(p, (size_t)d, &buf, len, file, file, ctx)))
                goto cleanup;
            if (!(first[d] = qual_strdup(file))) {
                rc = oom(ctx);
                goto cleanup;
            }
            continue;
        }
        if ((rc = qual_read_text(file, &buf, &len, ctx)) ||
            (rc = adx_qmarkup_parse(buf, len, file, &m, ctx)))
            goto cleanup;
        if (m->nsegs) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:%zu: column %zu: transcripts/ holds uncoded text; put coded copies "
                         "in coding/CODER/ (or escape literal braces as \\{ \\})",
                         file, m->line[0], m->col[0]);
            goto cleanup;
        }
        if ((rc = set_text(p, (size_t)d, &m->text, m->nbytes, file, file, ctx)))
            goto cleanup;
        if (!first[d] && !(first[d] = qual_strdup(file))) {
            rc = oom(ctx);
            goto cleanup;
        }
        adx_qmarkup_free(m);
        m = NULL;
        free(buf);
        buf = NULL;
    }

    /* Coders: folders of coding/ and files segments/CODER.csv. */
    snprintf(dir, sizeof dir, "%s/coding", p->root);
    if ((rc = list_dir(dir, 1, &coders, &ncod, ctx)))
        goto cleanup;
    snprintf(dir, sizeof dir, "%s/segments", p->root);
    if ((rc = list_dir(dir, 0, &csvs, &ncsv, ctx)))
        goto cleanup;
    if (!(p->coders = calloc(ncod + ncsv + 1, sizeof *p->coders))) {
        rc = oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < ncod; i++) {
        if (!(p->coders[p->ncoders] = qual_strdup(coders[i]))) {
            rc = oom(ctx);
            goto cleanup;
        }
        p->ncoders++;
    }
    for (size_t i = 0; i < ncsv; i++) {
        size_t l = strlen(csvs[i]);
        if (l <= 4 || strcmp(csvs[i] + l - 4, ".csv"))
            continue;
        csvs[i][l - 4] = '\0';
        if (coder_index(p, csvs[i]) < 0) {
            if (!(p->coders[p->ncoders] = qual_strdup(csvs[i]))) {
                rc = oom(ctx);
                goto cleanup;
            }
            p->ncoders++;
        }
        csvs[i][l - 4] = '.';
    }
    if (p->ncoders)
        qsort(p->coders, p->ncoders, sizeof *p->coders, cmpstr);
    if (!(p->coded = calloc(p->ncases * (p->ncoders ? p->ncoders : 1), 1))) {
        rc = oom(ctx);
        goto cleanup;
    }

    /* Coded copies. */
    for (size_t ci = 0; ci < ncod; ci++) {
        size_t coder = (size_t)coder_index(p, coders[ci]);
        snprintf(dir, sizeof dir, "%s/coding/%s", p->root, coders[ci]);
        free_names(files, nfiles);
        files = NULL;
        if ((rc = list_dir(dir, 0, &files, &nfiles, ctx)))
            goto cleanup;
        for (size_t fi = 0; fi < nfiles; fi++) {
            if (!text_stem(files[fi], stem, sizeof stem))
                continue;
            if (snprintf(file, sizeof file, "%s/%s", dir, files[fi]) >= (int)sizeof file)
                continue;
            long d = find_case(p, stem);
            if (d < 0) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s: no case '%s' in cases.csv; add the case or rename the file",
                             file, stem);
                goto cleanup;
            }
            if (p->coded[(size_t)d * p->ncoders + coder]) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s: coder '%s' has two files for case '%s' (.md and .txt); keep one",
                             file, coders[ci], stem);
                goto cleanup;
            }
            size_t len;
            if ((rc = qual_read_text(file, &buf, &len, ctx)) ||
                (rc = adx_qmarkup_parse(buf, len, file, &m, ctx)))
                goto cleanup;
            /* The same code twice over overlapping text of this file. */
            for (size_t s = 0; s < m->nsegs; s++)
                for (size_t t = s + 1; t < m->nsegs; t++)
                    if (m->start[t] < m->end[s] && m->start[s] < m->end[t] &&
                        !strcmp(m->codes[s], m->codes[t])) {
                        rc = adx_err(ctx, ADX_EPARSE,
                                     "%s:%zu: column %zu: code '%s' overlaps the '%s' segment "
                                     "opened on line %zu, column %zu; merge them into one "
                                     "segment",
                                     file, m->line[t], m->col[t], m->codes[t], m->codes[s],
                                     m->line[s], m->col[s]);
                        goto cleanup;
                    }
            for (size_t s = 0; s < m->nsegs; s++) {
                long code = adx_qcode_find(p, m->codes[s]);
                if (code < 0) {
                    char sug[300];
                    suggest_code(p, m->codes[s], sug, sizeof sug);
                    rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: column %zu: unknown code '%s'%s",
                                 file, m->line[s], m->col[s], m->codes[s], sug);
                    goto cleanup;
                }
                adx_qseg_t sg = {(size_t)d, m->start[s], m->end[s], (size_t)code, coder,
                                 m->memo[s], m->line[s]};
                if ((rc = add_seg(p, &cap, &sg, ctx)))
                    goto cleanup;
                m->memo[s] = NULL;
            }
            if ((rc = set_text(p, (size_t)d, &m->text, m->nbytes, file,
                               first[d] ? first[d] : file, ctx)))
                goto cleanup;
            if (!first[d] && !(first[d] = qual_strdup(file))) {
                rc = oom(ctx);
                goto cleanup;
            }
            p->coded[(size_t)d * p->ncoders + coder] = 1;
            adx_qmarkup_free(m);
            m = NULL;
            free(buf);
            buf = NULL;
        }
    }

    for (size_t d = 0; d < p->ncases; d++)
        if (!p->docs[d].text) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s/cases.csv:%zu: column 1: case '%s' has no transcript; add "
                         "transcripts/%s.md or a coded copy coding/CODER/%s.md",
                         p->root, d + 2, p->case_ids[d], p->case_ids[d], p->case_ids[d]);
            goto cleanup;
        }

    /* Imported segments. */
    for (size_t i = 0; i < ncsv; i++) {
        size_t l = strlen(csvs[i]);
        if (l <= 4 || strcmp(csvs[i] + l - 4, ".csv"))
            continue;
        snprintf(file, sizeof file, "%s/segments/%s", p->root, csvs[i]);
        csvs[i][l - 4] = '\0';
        size_t coder = (size_t)coder_index(p, csvs[i]);
        adx_read_options_t ro;
        adx_read_options_init(&ro);
        adx_dataset_free(ds);
        ds = NULL;
        if ((rc = adx_read_csv(file, &ro, &ds, ctx)))
            goto cleanup;
        long cc = find_col(ds, "case"), cs = find_col(ds, "start"), ce = find_col(ds, "end");
        long ck = find_col(ds, "code"), cm = find_col(ds, "memo");
        if (cc < 0 || cs < 0 || ce < 0 || ck < 0) {
            rc = adx_err(ctx, ADX_EPARSE,
                         "%s:1: the header needs columns case,start,end,code (and optionally memo)",
                         file);
            goto cleanup;
        }
        for (size_t r = 0; r < ds->nrows; r++) {
            char b1[64], b2[64];
            const char *cid = qual_cell(&ds->vars[cc], r, b1, sizeof b1);
            const char *cname = qual_cell(&ds->vars[ck], r, b2, sizeof b2);
            long d = cid ? find_case(p, cid) : -1;
            if (d < 0) {
                rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: unknown case '%s'; use an id from cases.csv",
                             file, r + 2, cc + 1, cid ? cid : "");
                goto cleanup;
            }
            long code = cname ? adx_qcode_find(p, cname) : -1;
            if (code < 0) {
                char sug[300];
                suggest_code(p, cname ? cname : "", sug, sizeof sug);
                rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: column %ld: unknown code '%s'%s", file,
                             r + 2, ck + 1, cname ? cname : "", sug);
                goto cleanup;
            }
            double st = ds->vars[cs].type == ADX_VAR_NUMERIC ? ds->vars[cs].num[r] : NAN;
            double en = ds->vars[ce].type == ADX_VAR_NUMERIC ? ds->vars[ce].num[r] : NAN;
            if (!(st >= 0) || !(en >= 0) || st != floor(st) || en != floor(en) ||
                !(st < en) || en > (double)p->docs[d].nchars) {
                rc = adx_err(ctx, ADX_EPARSE,
                             "%s:%zu: column %ld: segment %s..%s is out of range for case '%s' "
                             "(%zu characters); start and end are whole character offsets with "
                             "0 <= start < end <= length",
                             file, r + 2, cs + 1,
                             ds->vars[cs].type == ADX_VAR_NUMERIC ? "start" : "(non-number)",
                             ds->vars[ce].type == ADX_VAR_NUMERIC ? "end" : "(non-number)",
                             cid, p->docs[d].nchars);
                goto cleanup;
            }
            const char *memo = cm >= 0 && ds->vars[cm].type == ADX_VAR_STRING ? ds->vars[cm].str[r] : NULL;
            adx_qseg_t sg = {(size_t)d, (size_t)st, (size_t)en, (size_t)code, coder, NULL, 0};
            if (memo && *memo && !(sg.memo = qual_strdup(memo))) {
                rc = oom(ctx);
                goto cleanup;
            }
            if ((rc = add_seg(p, &cap, &sg, ctx))) {
                free(sg.memo);
                goto cleanup;
            }
            p->coded[(size_t)d * p->ncoders + coder] = 1;
        }
        csvs[i][l - 4] = '.';
    }
cleanup:
    adx_dataset_free(ds);
    adx_qmarkup_free(m);
    free(buf);
    free_names(tfiles, ntf);
    free_names(coders, ncod);
    free_names(files, nfiles);
    free_names(csvs, ncsv);
    free_names(first, p->ncases);
    return rc;
}

static int cmpseg(const void *a, const void *b)
{
    const adx_qseg_t *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->coder != y->coder)
        return x->coder < y->coder ? -1 : 1;
    return 0;
}

/* The same coder coding the same code twice over overlapping text is an error. */
static adx_error_t check_overlaps(const adx_qproject_t *p, adx_errctx_t *ctx)
{
    for (size_t i = 0; i < p->nsegs; i++) {
        const adx_qseg_t *a = &p->segs[i];
        for (size_t j = i + 1; j < p->nsegs && p->segs[j].doc == a->doc && p->segs[j].start < a->end; j++) {
            const adx_qseg_t *b = &p->segs[j];
            if (b->code == a->code && b->coder == a->coder) {
                const adx_qseg_t *later = b->line ? b : a;
                if (later->line)
                    return adx_err(ctx, ADX_EPARSE,
                                   "%s/coding/%s/%s: line %zu: code '%s' overlaps another '%s' "
                                   "segment of the same coder (characters %zu..%zu and %zu..%zu); "
                                   "merge them into one segment",
                                   p->root, p->coders[a->coder], p->case_ids[a->doc], later->line,
                                   p->codes[a->code].name, p->codes[a->code].name, a->start,
                                   a->end, b->start, b->end);
                return adx_err(ctx, ADX_EPARSE,
                               "%s: coder '%s', case '%s': code '%s' has overlapping "
                               "segments %zu..%zu and %zu..%zu; merge them into one segment",
                               p->root, p->coders[a->coder], p->case_ids[a->doc],
                               p->codes[a->code].name, a->start, a->end, b->start, b->end);
            }
        }
    }
    return ADX_OK;
}

adx_error_t qual_finish(adx_qproject_t *p, adx_errctx_t *ctx)
{
    if (p->nsegs)
        qsort(p->segs, p->nsegs, sizeof *p->segs, cmpseg);
    return check_overlaps(p, ctx);
}

adx_error_t adx_qproject_load(const char *root, adx_qproject_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    struct stat st;
    if (stat(root, &st) || !S_ISDIR(st.st_mode))
        return adx_err(ctx, ADX_EIO, "%s: not a project folder; give the folder holding "
                                     "codebook.csv and cases.csv", root);
    adx_qproject_t *p = calloc(1, sizeof *p);
    if (!p || !(p->root = qual_strdup(root))) {
        rc = oom(ctx);
        goto cleanup;
    }
    size_t rl = strlen(p->root);
    while (rl > 1 && p->root[rl - 1] == '/')
        p->root[--rl] = '\0';
    if ((rc = load_codebook(p, ctx)) || (rc = load_cases(p, ctx)) || (rc = load_coding(p, ctx)))
        goto cleanup;
    if ((rc = qual_finish(p, ctx)))
        goto cleanup;
    *out = p;
    p = NULL;
cleanup:
    adx_qproject_free(p);
    return rc;
}
