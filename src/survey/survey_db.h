/* Private to src/survey: the survey database (SQLite, WAL) and the respondent flow.
 * Every statement is prepared with bound parameters; no SQL is built from input. */
#ifndef ADX_SURVEY_DB_H
#define ADX_SURVEY_DB_H

#include <sqlite3.h>

#include "survey_priv.h"

/* Opens (creating when missing) the database with the schema, WAL and a busy
 * timeout; sync_full selects synchronous=FULL, else NORMAL. */
adx_error_t adx__sdb_open(const char *path, int sync_full, sqlite3 **db, adx_errctx_t *ctx);
/* Runs SQL without parameters (schema, BEGIN, COMMIT); SQLITE_OK or the error code. */
int adx__sdb_exec(sqlite3 *db, const char *sql);
/* Prepares sql and binds the text parameters (NULL binds NULL); NULL on error. */
sqlite3_stmt *adx__sdb_prep(sqlite3 *db, const char *sql, size_t n, const char *const *args);
/* Runs a statement from adx__sdb_prep to its end and finalizes it; SQLITE_DONE or the
 * error code. */
int adx__sdb_run(sqlite3 *db, const char *sql, size_t n, const char *const *args);
/* The first column of the first row of a one-value query (caller frees), or NULL. */
char *adx__sdb_value(sqlite3 *db, const char *sql, size_t n, const char *const *args);
/* Current time, UTC, ISO 8601 with milliseconds: 2026-12-01T20:49:41.123Z (24 bytes). */
void adx__sdb_now(char *buf, size_t n);
/* A fresh unguessable token: 128 random bits (libsodium), base64url (22 characters). */
void adx__sdb_token(char *buf, size_t n);
/* Sets meta key = value. */
int adx__sdb_meta_set(sqlite3 *db, const char *key, const char *value);

/* ---- one response (flow.c) ----------------------------------------------------- */

typedef struct {
    long long id;
    char token[64], csrf[64];
    long wave;
    size_t page, lang;
    char status[16];    /* partial, complete, screened_out */
    char **ans;         /* [form->nq] */
} adx__sresp_t;

/* Loads the response of `token`, creating it (started now) when the token is an
 * invitation without one. 1 found, 0 no such token, -1 database error. */
int adx__sresp_load(sqlite3 *db, const adx_sform_t *f, const char *token, const char *ua,
                    adx__sresp_t *r);
/* Creates an open-link response (wave 0) with a fresh token. */
int adx__sresp_open(sqlite3 *db, const adx_sform_t *f, const char *ua, adx__sresp_t *r);
void adx__sresp_free(const adx_sform_t *f, adx__sresp_t *r);

/* The posted answers of a page, by question index (NULL: not posted). */
typedef struct {
    char **val;      /* [nq] */
    const char **err; /* [nq] messages of a rejected page */
    size_t nerr;
} adx__spost_t;

/* Validates page r->page with the posted answers; on success saves it in one
 * transaction (answers, calculations, page time, attention, screening, next page)
 * and updates r. Returns 0 saved, 1 rejected (post->err filled), -1 database error. */
int adx__sresp_submit(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r, adx__spost_t *post);
/* Moves back to the previous shown page; 0 or -1. */
int adx__sresp_back(sqlite3 *db, const adx_sform_t *f, adx__sresp_t *r);
/* Switches the language; 0 or -1. */
int adx__sresp_lang(sqlite3 *db, adx__sresp_t *r, size_t lang);

/* ---- export (export.c) ----------------------------------------------------------- */

/* The export as CSV text (*buf, caller frees). */
adx_error_t adx__survey_csv(sqlite3 *db, const adx_sform_t *f, char **buf, size_t *len,
                            adx_errctx_t *ctx);

/* ---- HTML (html.c: light, no SQLite) --------------------------------------------- */

/* The page r_page of the form with answers ans in language lang; errors per question
 * (may be NULL). */
char *adx__shtml_page(const adx_sform_t *f, const char *token, const char *csrf, size_t page,
                      size_t lang, char *const *ans, const char *const *err, size_t nerr);
/* The closing page of a response in status `status`. */
char *adx__shtml_end(const adx_sform_t *f, const char *status, size_t lang);
/* A plain message page (status pages, errors). */
char *adx__shtml_message(const char *title, const char *text);
/* The start page of the open link with its signed start token. */
char *adx__shtml_open(const adx_sform_t *f, const char *start);
/* The style sheet. */
extern const char adx__shtml_css[];
/* Appends s HTML-escaped (& < > " '). */
void adx__shtml_esc(adx__sb_t *b, const char *s);

#endif
