/* One respondent's way through the questionnaire: loading or starting a response,
 * saving a page in one transaction before it is acknowledged, skip logic, screening,
 * attention checks, going back and switching language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_db.h"

void adx__sresp_free(const adx_sform_t *f, adx__sresp_t *r)
{
    if (r->ans)
        adx__free_strings(r->ans, f->nq);
    r->ans = NULL;
}

static int load_answers(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    if (!(r->ans = calloc(f->nq ? f->nq : 1, sizeof *r->ans)))
        return -1;
    sqlite3_stmt *st = adx__sdb_prep(db, "SELECT name, value FROM answers WHERE response = ?",
                                     1, (const char *[]){id});
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long q = adx__sform_find(f, (const char *)sqlite3_column_text(st, 0));
        if (q >= 0 && !r->ans[q] &&
            !(r->ans[q] = adx__strdup((const char *)sqlite3_column_text(st, 1)))) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The first shown page from `from` on (forward) with answers ans; npages at the end. */
static size_t next_shown(const adx_sform_t *f, size_t from, char *const *ans)
{
    while (from < f->npages && !adx__sform_page_relevant(f, from, ans))
        from++;
    return from;
}

/* Reads the response row of token; 1 found, 0 none, -1 error. */
static int read_row(sqlite3 *db, const adx_sform_t *f, const char *token, adx__sresp_t *r)
{
    sqlite3_stmt *st = adx__sdb_prep(db, "SELECT id, wave, page, lang, status, csrf FROM "
                                         "responses WHERE token = ?", 1, &token);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r->id = sqlite3_column_int64(st, 0);
        r->wave = (long)sqlite3_column_int64(st, 1);
        r->page = (size_t)sqlite3_column_int64(st, 2);
        r->lang = (size_t)sqlite3_column_int64(st, 3);
        snprintf(r->status, sizeof r->status, "%s", sqlite3_column_text(st, 4));
        snprintf(r->csrf, sizeof r->csrf, "%s", sqlite3_column_text(st, 5));
        snprintf(r->token, sizeof r->token, "%s", token);
        if (r->lang >= f->nlang)
            r->lang = f->deflang;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    if (load_answers(db, f, r))
        return -1;
    if (!strcmp(r->status, "partial"))
        r->page = next_shown(f, r->page, r->ans);
    return 1;
}

static int create(sqlite3 *db, const adx_sform_t *f, const char *token, const char *wave,
                  const char *ua)
{
    char now[40], csrf[64], lang[16];
    adx__sdb_now(now, sizeof now);
    adx__sdb_token(csrf, sizeof csrf);
    snprintf(lang, sizeof lang, "%zu", f->deflang);
    const char *args[] = {token, wave, lang, now, csrf, f->user_agent ? ua : NULL};
    return adx__sdb_run(db, "INSERT OR IGNORE INTO responses(token, wave, lang, started, csrf, "
                            "user_agent) VALUES(?, ?, ?, ?, ?, ?)", 6, args) == SQLITE_DONE
               ? 0 : -1;
}

int adx__sresp_load(sqlite3 *db, const adx_sform_t *f, const char *token, const char *ua,
                    adx__sresp_t *r)
{
    memset(r, 0, sizeof *r);
    if (strlen(token) >= sizeof r->token)
        return 0;
    int found = read_row(db, f, token, r);
    if (found)
        return found;
    char *wave = adx__sdb_value(db, "SELECT wave FROM invites WHERE token = ?", 1, &token);
    if (!wave)
        return sqlite3_errcode(db) == SQLITE_OK || sqlite3_errcode(db) == SQLITE_DONE ||
                       sqlite3_errcode(db) == SQLITE_ROW ? 0 : -1;
    int rc = create(db, f, token, wave, ua);
    free(wave);
    return rc ? -1 : read_row(db, f, token, r);
}

int adx__sresp_open(sqlite3 *db, const adx_sform_t *f, const char *ua, adx__sresp_t *r)
{
    char tok[64];
    memset(r, 0, sizeof *r);
    adx__sdb_token(tok, sizeof tok);
    if (create(db, f, tok, "0", ua))
        return -1;
    return read_row(db, f, tok, r) == 1 ? 0 : -1;
}

/* ---- saving a page --------------------------------------------------------------- */

/* Validates the page's shown questions with the posted values merged into ans. */
static int validate(const adx_sform_t *f, size_t page, char **ans, adx__spost_t *post,
                    size_t lang)
{
    for (size_t i = 0; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->page != page || q->type == SQ_NOTE || q->type == SQ_BEGIN_GROUP ||
            q->type == SQ_END_GROUP)
            continue;
        free(ans[i]);
        ans[i] = NULL;
        if (post->val[i] && *post->val[i] && !(ans[i] = adx__strdup(post->val[i])))
            return -1;
    }
    for (size_t i = 0; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->page != page || q->type == SQ_NOTE || q->type == SQ_BEGIN_GROUP ||
            q->type == SQ_END_GROUP || !adx__sform_relevant(f, i, ans))
            continue;
        if ((post->err[i] = adx__sform_validate(f, i, ans, lang)))
            post->nerr++;
    }
    return 0;
}

/* Calculations, over all answers; then drops the answers of questions not shown. */
static int derive(const adx_sform_t *f, char **ans)
{
    for (size_t i = 0; i < f->nq; i++) {
        if (f->q[i].type != SQ_CALCULATE)
            continue;
        char buf[512];
        adx__senv_t env = {.form = f, .ans = ans};
        adx__sx_text(f->q[i].calc, &env, buf, sizeof buf);
        free(ans[i]);
        ans[i] = *buf ? adx__strdup(buf) : NULL;
        if (*buf && !ans[i])
            return -1;
    }
    return 0;
}

static int save_answers(sqlite3 *db, const adx_sform_t *f, const adx__sresp_t *r, size_t page,
                        char *const *ans)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", r->id);
    for (size_t i = 0; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if ((q->page != page && q->type != SQ_CALCULATE) || q->type == SQ_NOTE ||
            q->type == SQ_BEGIN_GROUP || q->type == SQ_END_GROUP)
            continue;
        int shown = adx__sform_relevant(f, i, ans);
        int rc = shown && ans[i]
                     ? adx__sdb_run(db, "INSERT OR REPLACE INTO answers(response, name, value) "
                                        "VALUES(?, ?, ?)", 3,
                                    (const char *[]){id, q->name, ans[i]})
                     : adx__sdb_run(db, "DELETE FROM answers WHERE response = ? AND name = ?",
                                    2, (const char *[]){id, q->name});
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

/* Screening on this page, attention over all answers, the next page. */
static void outcome(const adx_sform_t *f, size_t page, char *const *ans, adx__sresp_t *r,
                    long *fails)
{
    adx__senv_t env = {.form = f, .ans = ans};
    *fails = 0;
    int screened = 0;
    for (size_t i = 0; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if (!adx__sform_relevant(f, i, ans))
            continue;
        if (q->page == page && q->screen && adx__sx_true(q->screen, &env))
            screened = 1;
        if (q->attention && ans[i] && strcmp(ans[i], q->attention))
            (*fails)++;
    }
    r->page = screened ? f->npages : next_shown(f, page + 1, ans);
    snprintf(r->status, sizeof r->status, "%s",
             screened ? "screened_out" : r->page >= f->npages ? "complete" : "partial");
}

static int commit_page(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r, size_t page,
                       char **ans)
{
    char id[32], pg[32], next[32], fl[32], now[40];
    long fails;
    snprintf(id, sizeof id, "%lld", r->id);
    snprintf(pg, sizeof pg, "%zu", page);
    adx__sdb_now(now, sizeof now);
    if (derive(f, ans) || adx__sdb_exec(db, "BEGIN IMMEDIATE") != SQLITE_OK)
        return -1;
    outcome(f, page, ans, r, &fails);
    snprintf(next, sizeof next, "%zu", r->page);
    snprintf(fl, sizeof fl, "%ld", fails);
    int done = strcmp(r->status, "partial") != 0;
    if (save_answers(db, f, r, page, ans) ||
        adx__sdb_run(db, "INSERT OR REPLACE INTO page_times(response, page, submitted) "
                         "VALUES(?, ?, ?)", 3, (const char *[]){id, pg, now}) != SQLITE_DONE ||
        adx__sdb_run(db, "UPDATE responses SET page = ?, status = ?, attention_failures = ?, "
                         "submitted = ? WHERE id = ?", 5,
                     (const char *[]){next, r->status, fl, done ? now : NULL, id}) !=
            SQLITE_DONE ||
        adx__sdb_exec(db, "COMMIT") != SQLITE_OK) {
        adx__sdb_exec(db, "ROLLBACK");
        return -1;
    }
    return 0;
}

int adx__sresp_submit(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r, adx__spost_t *post)
{
    size_t page = r->page;
    char **ans = calloc(f->nq ? f->nq : 1, sizeof *ans);
    int rc = ans ? 0 : -1;
    for (size_t i = 0; !rc && i < f->nq; i++)
        if (r->ans[i] && !(ans[i] = adx__strdup(r->ans[i])))
            rc = -1;
    if (!rc)
        rc = validate(f, page, ans, post, r->lang);
    if (!rc && post->nerr) {
        /* keep what was typed for the re-rendered page */
        adx__free_strings(r->ans, f->nq);
        r->ans = ans;
        return 1;
    }
    if (!rc)
        rc = commit_page(db, f, r, page, ans);
    if (!rc) {
        adx__free_strings(r->ans, f->nq);
        r->ans = ans;
        return 0;
    }
    if (ans)
        adx__free_strings(ans, f->nq);
    return -1;
}

int adx__sresp_back(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r)
{
    size_t p = r->page;
    while (p > 0 && !adx__sform_page_relevant(f, p - 1, r->ans))
        p--;
    if (p == 0)
        return 0;
    r->page = p - 1;
    char id[32], pg[32];
    snprintf(id, sizeof id, "%lld", r->id);
    snprintf(pg, sizeof pg, "%zu", r->page);
    return adx__sdb_run(db, "UPDATE responses SET page = ? WHERE id = ? AND status = 'partial'",
                        2, (const char *[]){pg, id}) == SQLITE_DONE ? 0 : -1;
}

int adx__sresp_lang(sqlite3 *db, adx__sresp_t *r, size_t lang)
{
    char id[32], l[32];
    r->lang = lang;
    snprintf(id, sizeof id, "%lld", r->id);
    snprintf(l, sizeof l, "%zu", lang);
    return adx__sdb_run(db, "UPDATE responses SET lang = ? WHERE id = ?", 2,
                        (const char *[]){l, id}) == SQLITE_DONE ? 0 : -1;
}
