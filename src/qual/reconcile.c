/* The reconciliation file of a consensus coding (qual merge): writing it, and
 * reading the researchers' keep/drop decisions back. Format: docs/qual.md,
 * "Consensus coding". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qual_priv.h"

#define CONTEXT_CHARS 30

static const char *rule_names[] = {"union", "intersection", "majority"};

/* Appends bytes [a, b) of s escaped: \\ \{ \} \n \r. */
static void put_escaped(adx__sb_t *b, const char *s, size_t a, size_t e)
{
    for (size_t i = a; i < e; i++) {
        char ch = s[i];
        if (ch == '\\' || ch == '{' || ch == '}')
            adx__sb_char(b, '\\');
        if (ch == '\n' || ch == '\r') {
            adx__sb_str(b, ch == '\n' ? "\\n" : "\\r");
            continue;
        }
        adx__sb_char(b, ch);
    }
}

/* Byte offset `chars` code points before (dir < 0) or after byte `at` of s. */
static size_t step_chars(const char *s, size_t n, size_t at, size_t chars, int dir)
{
    while (chars-- > 0) {
        if (dir < 0 && at > 0) {
            at--;
            while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
                at--;
        } else if (dir > 0 && at < n) {
            at++;
            while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
                at++;
        }
    }
    return at;
}

static void coder_list(const adx_qproject_t *p, const adx_qmerge_t *m, unsigned long mask,
                       adx__sb_t *b)
{
    size_t n = 0;
    for (size_t c = 0; c < m->ncoders; c++)
        if (mask & (1UL << c))
            adx__sb_printf(b, "%s%s", n++ ? "," : "", p->coders[m->coder[c]]);
}

static void piece_line(const adx_qproject_t *p, const adx_qmerge_t *m, const adx_qpiece_t *q,
                       adx__sb_t *b)
{
    const adx_qdoc_t *doc = &p->docs[q->doc];
    size_t a = step_chars(doc->text, doc->nbytes, q->bstart, CONTEXT_CHARS, -1);
    size_t e = step_chars(doc->text, doc->nbytes, q->bend, CONTEXT_CHARS, 1);
    adx__sb_printf(b, "%s | %s | %zu | %s | ", q->keep ? "keep" : "drop", p->case_ids[q->doc],
                   q->line, p->codes[q->code].name);
    coder_list(p, m, q->mask, b);
    adx__sb_str(b, " | ");
    if (a > 0)
        adx__sb_str(b, "...");
    put_escaped(b, doc->text, a, q->bstart);
    adx__sb_char(b, '{');
    put_escaped(b, doc->text, q->bstart, q->bend);
    adx__sb_char(b, '}');
    put_escaped(b, doc->text, q->bend, e);
    if (e < doc->nbytes)
        adx__sb_str(b, "...");
    adx__sb_char(b, '\n');
}

adx_error_t adx_qmerge_file_text(const adx_qproject_t *p, const adx_qmerge_t *m,
                                 const char *project_arg, char **out, size_t *len,
                                 adx_errctx_t *ctx)
{
    adx__sb_t b = {0};
    adx__sb_str(&b, "# ambidex qual merge: reconciliation file (docs/qual.md, \"Consensus "
                    "coding\").\n"
                    "# One line per disagreement: DECISION | CASE | LINE | CODE | CODED BY | "
                    "TEXT\n"
                    "# DECISION: keep (the consensus codes the {braced} text with CODE) or "
                    "drop.\n"
                    "# CODED BY: the coders who applied CODE there; the other coders coded the "
                    "transcript without it.\n");
    adx__sb_printf(&b, "# %zu disagreements; %zu decisions carried over from the previous "
                       "file; %zu stale decisions at the end.\n",
                   m->ndisputed, m->ncarried, m->nstale);
    adx__sb_printf(&b, "# Edit the decisions, then: ambidex qual merge --apply %s/reconcile-%s"
                       ".txt\n", project_arg, m->into);
    adx__sb_printf(&b, "into: %s\ncoders: ", m->into);
    coder_list(p, m, (1UL << m->ncoders) - 1, &b);
    adx__sb_printf(&b, "\nrule: %s\n\n", rule_names[m->rule]);
    for (size_t i = 0; i < m->npieces; i++)
        if (m->piece[i].status == ADX_QPIECE_DISPUTED)
            piece_line(p, m, &m->piece[i], &b);
    if (m->nstale)
        adx__sb_str(&b, "\n# Stale decisions of the previous file: their text, code or coders "
                        "no longer match a disagreement (kept here so that nothing is lost).\n");
    for (size_t i = 0; i < m->nstale; i++)
        adx__sb_printf(&b, "# stale, %s\n", m->stale[i]);
    *len = b.len;
    if (!(*out = adx__sb_take(&b)))
        return adx_oom(ctx);
    return ADX_OK;
}

/* ---- Reading ---------------------------------------------------------- */

void adx_qmerge_header_free(adx_qmerge_header_t *h)
{
    free(h->into);
    adx__free_strings(h->coders, h->ncoders);
    memset(h, 0, sizeof *h);
}

/* Splits the comma-separated names of s into h->coders. */
static adx_error_t split_coders(const char *s, adx_qmerge_header_t *h, adx_errctx_t *ctx)
{
    size_t n = 1;
    for (const char *c = s; *c; c++)
        n += *c == ',';
    if (!(h->coders = calloc(n, sizeof *h->coders)))
        return adx_oom(ctx);
    for (const char *c = s;; c++) {
        const char *e = strchr(c, ',');
        size_t l = e ? (size_t)(e - c) : strlen(c);
        char *name = adx__strndup(c, l);
        if (!name)
            return adx_oom(ctx);
        char *t = adx__trim(name);
        memmove(name, t, strlen(t) + 1);
        h->coders[h->ncoders++] = name;
        if (!e)
            break;
        c = e;
    }
    return ADX_OK;
}

/* A header line "key: value" into h; 0 when the line is not a header line. */
static int header_line(char *line, adx_qmerge_header_t *h, adx_error_t *rc, adx_errctx_t *ctx)
{
    char *colon = strchr(line, ':');
    if (!colon || strchr(line, '|'))
        return 0;
    *colon = '\0';
    char *key = adx__trim(line), *val = adx__trim(colon + 1);
    if (!strcmp(key, "into")) {
        free(h->into);
        if (!(h->into = adx__strdup(val)))
            *rc = adx_oom(ctx);
    } else if (!strcmp(key, "coders")) {
        adx__free_strings(h->coders, h->ncoders);
        h->coders = NULL;
        h->ncoders = 0;
        *rc = split_coders(val, h, ctx);
    } else if (!strcmp(key, "rule")) {
        h->rule = !strcmp(val, "intersection") ? ADX_QMERGE_INTERSECTION
                  : !strcmp(val, "majority")   ? ADX_QMERGE_MAJORITY
                  : !strcmp(val, "union")      ? ADX_QMERGE_UNION
                                               : (adx_qmerge_rule_t)-1;
    } else {
        *colon = ':';
        return 0;
    }
    return 1;
}

/* Calls fn on every line of the file that is not blank or a comment (the line
 * is modified in place: no newline). */
typedef adx_error_t (*line_fn)(void *arg, char *line, size_t lineno);
static adx_error_t each_line(const char *path, line_fn fn, void *arg, adx_errctx_t *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    adx_error_t rc = adx__qual_read_text(path, "reconciliation file", &buf, &len, ctx);
    char *s = buf;
    for (size_t lineno = 1; !rc && s && s < buf + len; lineno++) {
        char *e = strchr(s, '\n');
        if (e)
            *e = '\0';
        size_t l = strlen(s);
        if (l && s[l - 1] == '\r')
            s[l - 1] = '\0';
        const char *t = s + strspn(s, " \t");
        if (*t && *t != '#')
            rc = fn(arg, s, lineno);
        s = e ? e + 1 : NULL;
    }
    free(buf);
    return rc;
}

typedef struct {
    const char *path;
    adx_qmerge_header_t *h;
    adx_errctx_t *ctx;
} hdr_t;

static adx_error_t hdr_fn(void *arg, char *line, size_t lineno)
{
    hdr_t *H = arg;
    adx_error_t rc = ADX_OK;
    (void)lineno;
    header_line(line, H->h, &rc, H->ctx);
    return rc;
}

adx_error_t adx_qmerge_read_header(const char *path, adx_qmerge_header_t *h,
                                   adx_errctx_t *ctx)
{
    memset(h, 0, sizeof *h);
    hdr_t H = {path, h, ctx};
    adx_error_t rc = each_line(path, hdr_fn, &H, ctx);
    if (!rc && (!h->into || !h->into[0]))
        rc = adx_err(ctx, ADX_EPARSE, "%s: no 'into: NAME' line; the file must start as "
                                      "qual merge wrote it (re-run qual merge)", path);
    else if (!rc && h->ncoders < 2)
        rc = adx_err(ctx, ADX_EPARSE, "%s: no 'coders: A,B' line naming two or more coders; "
                                      "the file must start as qual merge wrote it", path);
    else if (!rc && (int)h->rule < 0)
        rc = adx_err(ctx, ADX_EPARSE, "%s: the 'rule:' line must say union, intersection or "
                                      "majority", path);
    if (rc)
        adx_qmerge_header_free(h);
    return rc;
}

/* ---- Decisions -------------------------------------------------------- */

typedef struct {
    const adx_qproject_t *p;
    adx_qmerge_t *m;
    const char *path;
    int strict;
    adx__strmap_t map; /* key -> first disputed piece with it */
    size_t *next;      /* the next disputed piece with the same key, or SIZE_MAX */
    size_t stcap;
    char coders[512];  /* "A,B" for messages */
    adx_errctx_t *ctx;
} dec_t;

static void piece_key(adx__sb_t *b, size_t doc, size_t code, unsigned long mask, const char *s,
                      size_t n)
{
    b->len = 0;
    adx__sb_printf(b, "%zu\x1f%zu\x1f%lx\x1f", doc, code, mask);
    adx__sb_put(b, s, n);
}

static adx_error_t build_map(dec_t *D)
{
    const adx_qmerge_t *m = D->m;
    adx__sb_t key = {0};
    if (!(D->next = malloc((m->npieces + 1) * sizeof *D->next)))
        return adx_oom(D->ctx);
    for (size_t i = 0; i < m->npieces && !key.oom; i++) {
        const adx_qpiece_t *q = &m->piece[i];
        D->next[i] = SIZE_MAX;
        if (q->status != ADX_QPIECE_DISPUTED)
            continue;
        piece_key(&key, q->doc, q->code, q->mask, D->p->docs[q->doc].text + q->bstart,
                  q->bend - q->bstart);
        size_t head;
        int r = key.oom ? -1 : adx__strmap_put(&D->map, key.s, i);
        if (r < 0)
            break;
        if (r == 1 && adx__strmap_get(&D->map, key.s, &head)) {
            while (D->next[head] != SIZE_MAX)
                head = D->next[head];
            D->next[head] = i;
        }
    }
    int oom = key.oom;
    adx__sb_free(&key);
    return oom ? adx_oom(D->ctx) : ADX_OK;
}

static size_t col_of(const char *line, const char *at)
{
    return adx__qual_u8len(line, (size_t)(at - line)) + 1;
}

/* The braced part of the text field f (unescaped) into out; errors name the
 * line and column. */
static adx_error_t braced(dec_t *D, const char *line, size_t lineno, const char *f,
                          adx__sb_t *out)
{
    const char *open = NULL, *closed = NULL;
    for (const char *s = f; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            if (open && !closed)
                adx__sb_char(out, *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
            continue;
        }
        if (*s == '{' && closed)
            return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: a second braced part; a "
                           "line marks one disputed text (write a literal brace as \\{)",
                           D->path, lineno, col_of(line, s));
        if (*s == '{' && open)
            return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: overlapping markup: a '{' "
                           "inside the braced part opened at column %zu; a line marks one "
                           "disputed text (write a literal brace as \\{)", D->path, lineno,
                           col_of(line, s), col_of(line, open));
        if (*s == '}' && !open)
            return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: a '}' that closes nothing; "
                           "write a literal brace as \\}", D->path, lineno, col_of(line, s));
        if (*s == '{')
            open = s;
        else if (*s == '}' && !closed)
            closed = s;
        else if (*s == '}')
            return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: a '}' that closes nothing; "
                           "write a literal brace as \\}", D->path, lineno, col_of(line, s));
        else if (open && !closed)
            adx__sb_char(out, *s);
    }
    if (open && !closed)
        return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: unterminated markup: the '{' "
                       "is never closed; put '}' after the disputed text", D->path, lineno,
                       col_of(line, open));
    if (!open)
        return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: no braced part; the disputed "
                       "text must stay in { } as qual merge wrote it", D->path, lineno,
                       col_of(line, f));
    return ADX_OK;
}

/* Splits line into 6 '|'-separated fields (the last is the rest of the line),
 * trimmed; returns how many were found. */
static size_t split_fields(char *line, char *f[6])
{
    size_t n = 0;
    char *s = line;
    while (n < 5) {
        char *bar = strchr(s, '|');
        if (!bar)
            break;
        *bar = '\0';
        f[n++] = adx__trim(s);
        s = bar + 1;
    }
    f[n++] = adx__trim(s);
    return n;
}

/* The mask of the coders listed in f (comma-separated) among the pooled coders. */
static adx_error_t coder_mask(dec_t *D, const char *line, size_t lineno, char *f,
                              unsigned long *mask)
{
    *mask = 0;
    for (char *s = f; s;) {
        char *e = strchr(s, ',');
        if (e)
            *e = '\0';
        char *name = adx__trim(s);
        size_t c = 0;
        while (c < D->m->ncoders && strcmp(D->p->coders[D->m->coder[c]], name))
            c++;
        if (c == D->m->ncoders)
            return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: '%s' is not one of the "
                           "coders pooled (%s); restore the names qual merge wrote", D->path,
                           lineno, col_of(line, name), name, D->coders);
        *mask |= 1UL << c;
        s = e ? e + 1 : NULL;
    }
    return ADX_OK;
}

static adx_error_t unknown_in_line(dec_t *D, const char *line, size_t lineno, const char *at,
                                   const char *what, const char *name)
{
    adx_near_t near;
    adx_near_init(&near, name);
    int code = !strcmp(what, "code");
    for (size_t i = 0; i < (code ? D->p->ncodes : D->p->ncases); i++)
        adx_near_add(&near, code ? D->p->codes[i].name : D->p->case_ids[i]);
    const char *best = adx_near_best(&near, 3);
    return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: no %s '%s' in the project%s%s%s; "
                   "restore the name qual merge wrote", D->path, lineno, col_of(line, at),
                   what, name, best ? " (did you mean '" : "", best ? best : "",
                   best ? "'?)" : "");
}

/* Adds s (copied) to m->stale. */
static adx_error_t add_stale(dec_t *D, const char *s)
{
    adx_qmerge_t *m = D->m;
    char *c = adx__strdup(s);
    if (!c || (m->nstale == D->stcap && adx__grow(&m->stale, &D->stcap, sizeof *m->stale, 8))) {
        free(c);
        return adx_oom(D->ctx);
    }
    m->stale[m->nstale++] = c;
    return ADX_OK;
}

/* A re-run keeps the stale decisions the previous file listed as comments. */
static adx_error_t old_stale(dec_t *D)
{
    static const char tag[] = "# stale, ";
    char *buf = NULL;
    size_t len = 0;
    adx_error_t rc = adx__qual_read_text(D->path, "reconciliation file", &buf, &len, D->ctx);
    for (char *s = buf; !rc && s && *s;) {
        char *e = strchr(s, '\n');
        if (e)
            *e = '\0';
        if (!strncmp(s, tag, sizeof tag - 1))
            rc = add_stale(D, s + sizeof tag - 1);
        s = e ? e + 1 : NULL;
    }
    free(buf);
    return rc;
}

/* Records an unmatched decision (a re-run) or refuses it (apply). */
static adx_error_t stale(dec_t *D, size_t lineno, size_t col, const char *cas,
                         const char *code, const char *raw)
{
    if (D->strict)
        return adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: case %s, code %s: this "
                       "disagreement no longer exists (the transcript or the coding changed "
                       "since qual merge wrote the file); re-run ambidex qual merge %s "
                       "--coders %s --into %s to refresh the file (it keeps the decisions that "
                       "still apply), then apply it", D->path, lineno, col, cas, code,
                       D->p->root, D->coders, D->m->into);
    adx__sb_t b = {0};
    adx__sb_printf(&b, "was line %zu: %s", lineno, raw);
    char *s = adx__sb_take(&b);
    adx_error_t rc = s ? add_stale(D, s) : adx_oom(D->ctx);
    free(s);
    return rc;
}

/* Matches the decision of one parsed line to the first undecided piece with its key. */
static adx_error_t match(dec_t *D, size_t lineno, size_t col, size_t doc, size_t code,
                         unsigned long mask, int keep, adx__sb_t *text, const char *raw)
{
    adx__sb_t key = {0};
    size_t i = SIZE_MAX;
    piece_key(&key, doc, code, mask, text->s ? text->s : "", text->len);
    if (key.oom)
        return adx_oom(D->ctx);
    if (adx__strmap_get(&D->map, key.s, &i))
        while (i != SIZE_MAX && D->m->piece[i].from_line)
            i = D->next[i];
    adx__sb_free(&key);
    if (i == SIZE_MAX)
        return stale(D, lineno, col, D->p->case_ids[doc], D->p->codes[code].name, raw);
    D->m->piece[i].keep = keep;
    D->m->piece[i].from_line = lineno;
    D->m->ncarried++;
    return ADX_OK;
}

static adx_error_t decision_line(void *arg, char *line, size_t lineno)
{
    dec_t *D = arg;
    adx_qmerge_header_t scratch = {0};
    adx_error_t rc = ADX_OK;
    char *raw = adx__strdup(line), *f[6];
    adx__sb_t text = {0};
    if (!raw)
        return adx_oom(D->ctx);
    int hdr = header_line(line, &scratch, &rc, D->ctx);
    adx_qmerge_header_free(&scratch);
    if (hdr || rc)
        goto cleanup;
    size_t n = split_fields(line, f);
    long doc = -1, code = -1;
    unsigned long mask = 0;
    int keep = !strcasecmp(f[0], "keep"), drop = !strcasecmp(f[0], "drop");
    if (n < 6)
        rc = adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column 1: a decision line has 6 fields "
                     "separated by '|' (DECISION | CASE | LINE | CODE | CODED BY | TEXT), this "
                     "one has %zu; restore the line qual merge wrote", D->path, lineno, n);
    else if (!keep && !drop)
        rc = adx_err(D->ctx, ADX_EPARSE, "%s:%zu: column %zu: '%s' is not a decision; write "
                     "keep or drop", D->path, lineno, col_of(line, f[0]), f[0]);
    else if ((doc = adx__qual_find_case(D->p, f[1])) < 0)
        rc = unknown_in_line(D, line, lineno, f[1], "case", f[1]);
    else if ((code = adx_qcode_find(D->p, f[3])) < 0)
        rc = unknown_in_line(D, line, lineno, f[3], "code", f[3]);
    if (rc || (rc = coder_mask(D, line, lineno, f[4], &mask)) ||
        (rc = braced(D, line, lineno, f[5], &text)))
        goto cleanup;
    if (text.oom)
        rc = adx_oom(D->ctx);
    else
        rc = match(D, lineno, col_of(line, strchr(f[5], '{')), (size_t)doc, (size_t)code, mask,
                   keep, &text, raw);
cleanup:
    adx__sb_free(&text);
    free(raw);
    return rc;
}

/* Apply: every disputed piece needs a decision. */
static adx_error_t all_decided(dec_t *D)
{
    const adx_qmerge_t *m = D->m;
    for (size_t i = 0; i < m->npieces; i++) {
        const adx_qpiece_t *q = &m->piece[i];
        if (q->status == ADX_QPIECE_DISPUTED && !q->from_line)
            return adx_err(D->ctx, ADX_EPARSE, "%s: no decision for the disagreement in case "
                           "%s, line %zu, code %s; re-run ambidex qual merge %s --coders "
                           "%s --into %s to add it to the file", D->path,
                           D->p->case_ids[q->doc], q->line, D->p->codes[q->code].name,
                           D->p->root,
                           D->coders, m->into);
    }
    return ADX_OK;
}

adx_error_t adx_qmerge_read_decisions(const adx_qproject_t *p, adx_qmerge_t *m,
                                      const char *path, int strict, adx_errctx_t *ctx)
{
    dec_t D = {.p = p, .m = m, .path = path, .strict = strict, .ctx = ctx};
    adx_qmerge_header_t h;
    adx__sb_t names = {0};
    coder_list(p, m, (1UL << m->ncoders) - 1, &names);
    snprintf(D.coders, sizeof D.coders, "%s", names.s ? names.s : "");
    adx__sb_free(&names);
    adx_error_t rc = adx_qmerge_read_header(path, &h, ctx);
    if (rc)
        return rc;
    int same = h.ncoders == m->ncoders && !strcmp(h.into, m->into);
    for (size_t c = 0; same && c < h.ncoders; c++) {
        size_t k = 0;
        while (k < m->ncoders && strcmp(p->coders[m->coder[k]], h.coders[c]))
            k++;
        same = k < m->ncoders;
    }
    if (!same)
        rc = adx_err(ctx, ADX_EUSAGE, "%s: this file pools other coders into '%s' (its header "
                     "says into: %s); name another consensus coder with --into, or delete the "
                     "file", path, m->into, h.into);
    adx_qmerge_header_free(&h);
    m->ncarried = 0;
    if (!rc && !strict)
        rc = old_stale(&D);
    if (!rc && !(rc = build_map(&D)) && !(rc = each_line(path, decision_line, &D, ctx)) &&
        strict)
        rc = all_decided(&D);
    adx__strmap_free(&D.map);
    free(D.next);
    return rc;
}
