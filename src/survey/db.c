/* The survey database: schema, statement helpers, tokens, the admin password,
 * invitations and the response funnel (docs/survey.md, "Data model"). */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "../io/csv_priv.h"
#include "survey_db.h"

static const char *schema =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS invites(token TEXT PRIMARY KEY, contact TEXT NOT NULL UNIQUE,"
    " wave INTEGER NOT NULL, created TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS responses(id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE,"
    " wave INTEGER NOT NULL, lang INTEGER NOT NULL DEFAULT 0, started TEXT NOT NULL,"
    " submitted TEXT, page INTEGER NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL DEFAULT 'partial', attention_failures INTEGER NOT NULL DEFAULT 0,"
    " csrf TEXT NOT NULL, user_agent TEXT);"
    "CREATE TABLE IF NOT EXISTS answers(response INTEGER NOT NULL, name TEXT NOT NULL,"
    " value TEXT NOT NULL, PRIMARY KEY(response, name)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS page_times(response INTEGER NOT NULL, page INTEGER NOT NULL,"
    " submitted TEXT NOT NULL, PRIMARY KEY(response, page)) WITHOUT ROWID;";

int adx__sdb_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

adx_error_t adx__sdb_open(const char *path, int sync_full, sqlite3 **out, adx_errctx_t *ctx)
{
    sqlite3 *db = NULL;
    *out = NULL;
    if (sodium_init() < 0)
        return adx_err(ctx, ADX_EIO, "libsodium cannot start (no entropy source)");
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                            SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 30000);
        rc = adx__sdb_exec(db, "PRAGMA journal_mode=WAL");
    }
    if (rc == SQLITE_OK)
        rc = adx__sdb_exec(db, sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (rc == SQLITE_OK)
        rc = adx__sdb_exec(db, "PRAGMA foreign_keys=ON");
    if (rc == SQLITE_OK)
        rc = adx__sdb_exec(db, schema);
    /* Tests: a database that cannot grow past N pages stands for a full disk. */
    const char *cap = getenv("ADX_SURVEY_MAX_PAGES");
    if (rc == SQLITE_OK && cap && *cap) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count=%ld", strtol(cap, NULL, 10));
        rc = adx__sdb_exec(db, sql);
        rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    if (rc != SQLITE_OK) {
        adx_error_t e = adx_err(ctx, ADX_EIO, "%s: cannot open the survey database: %s", path,
                                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return e;
    }
    *out = db;
    return ADX_OK;
}

sqlite3_stmt *adx__sdb_prep(sqlite3 *db, const char *sql, size_t n, const char *const *args)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((args[i] ? sqlite3_bind_text(st, (int)i + 1, args[i], -1, SQLITE_TRANSIENT)
                     : sqlite3_bind_null(st, (int)i + 1)) != SQLITE_OK) {
            sqlite3_finalize(st);
            return NULL;
        }
    return st;
}

int adx__sdb_run(sqlite3 *db, const char *sql, size_t n, const char *const *args)
{
    sqlite3_stmt *st = adx__sdb_prep(db, sql, n, args);
    if (!st)
        return sqlite3_errcode(db) ? sqlite3_errcode(db) : SQLITE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_finalize(st);
    return rc;
}

char *adx__sdb_value(sqlite3 *db, const char *sql, size_t n, const char *const *args)
{
    sqlite3_stmt *st = adx__sdb_prep(db, sql, n, args);
    char *v = NULL;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = adx__strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

void adx__sdb_now(char *buf, size_t n)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char s[20];
    if (!strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm))
        s[0] = 0;
    snprintf(buf, n, "%s.%03uZ", s, (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

void adx__sdb_token(char *buf, size_t n)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    if (n >= sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        sodium_bin2base64(buf, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    else if (n)
        buf[0] = 0;
}

int adx__sdb_meta_set(sqlite3 *db, const char *key, const char *value)
{
    return adx__sdb_run(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", 2,
                        (const char *[]){key, value});
}

adx_error_t adx_survey_passwd(const char *path, const char *password, adx_errctx_t *ctx)
{
    sqlite3 *db;
    adx_error_t rc = adx__sdb_open(path, 1, &db, ctx);
    if (rc)
        return rc;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        rc = adx_oom(ctx);
    else if (adx__sdb_meta_set(db, "admin_hash", hash) != SQLITE_DONE)
        rc = adx_err(ctx, ADX_EIO, "%s: cannot store the password: %s", path,
                     sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc;
}

/* ---- invitations ----------------------------------------------------------------- */


/* The token of contact `key` for wave w; "" when the contact is to be skipped. */
static int invite_one(sqlite3 *db, const adx_survey_invite_t *o, const char *key, char *tok,
                      size_t n)
{
    char wave[16], now[40];
    snprintf(wave, sizeof wave, "%u", o->wave);
    adx__sdb_now(now, sizeof now);
    char *old = adx__sdb_value(db, "SELECT token FROM invites WHERE contact = ?", 1, &key);
    if (!old) {
        adx__sdb_token(tok, n);
        return adx__sdb_run(db, "INSERT INTO invites(token, contact, wave, created) "
                                "VALUES(?, ?, ?, ?)", 4,
                            (const char *[]){tok, key, wave, now}) == SQLITE_DONE ? 0 : -1;
    }
    snprintf(tok, n, "%s", old);
    free(old);
    if (o->wave == 1)
        return 0;
    char *st = adx__sdb_value(db, "SELECT status FROM responses WHERE token = ?", 1,
                              (const char *[]){tok});
    int done = st && strcmp(st, "partial");
    free(st);
    if (done) {
        tok[0] = 0;
        return 0;
    }
    return adx__sdb_run(db, "UPDATE invites SET wave = ? WHERE token = ? AND wave < ?", 3,
                        (const char *[]){wave, tok, wave}) == SQLITE_DONE ? 0 : -1;
}

static adx_error_t invite_rows(sqlite3 *db, adx_survey_invite_t *o, adx__csv_cursor_t *cur,
                               adx__sb_t *b, adx_errctx_t *ctx)
{
    size_t nc = adx__csv_ncols(cur), idc = 0;
    if (o->id) {
        while (idc < nc && strcmp(adx__csv_name(cur, idc), o->id))
            idc++;
        if (idc == nc)
            return adx_err(ctx, ADX_ENOVAR, "%s: no column '%s' (--id)", o->contacts, o->id);
    }
    for (size_t j = 0; j < nc; j++) {
        if (j)
            adx__sb_char(b, ',');
        adx__sb_csv(b, adx__csv_name(cur, j));
    }
    adx__sb_str(b, ",token,link\n");
    for (int got = 1;;) {
        adx_error_t rc = adx__csv_next(cur, &got, ctx);
        if (rc || !got)
            return rc;
        const char *key = adx__csv_nfields(cur) > idc ? adx__csv_field(cur, idc) : "";
        if (!*key)
            return adx_err(ctx, ADX_EPARSE, "%s:%zu: column %s: empty; every contact needs "
                                            "its identifier", o->contacts, adx__csv_line(cur),
                           adx__csv_name(cur, idc));
        char tok[64];
        if (invite_one(db, o, key, tok, sizeof tok))
            return adx_err(ctx, ADX_EIO, "cannot record the invitation: %s",
                           sqlite3_errmsg(db));
        if (!*tok) {
            o->skipped++;
            continue;
        }
        for (size_t j = 0; j < nc; j++) {
            if (j)
                adx__sb_char(b, ',');
            adx__sb_csv(b, j < adx__csv_nfields(cur) ? adx__csv_field(cur, j) : "");
        }
        adx__sb_printf(b, ",%s,", tok);
        size_t ul = strlen(o->url);
        adx__sb_put(b, o->url, ul && o->url[ul - 1] == '/' ? ul - 1 : ul);
        adx__sb_printf(b, "/s/%s\n", tok);
        o->written++;
    }
}

adx_error_t adx_survey_invite(adx_survey_invite_t *o, adx_errctx_t *ctx)
{
    sqlite3 *db = NULL;
    adx__csv_cursor_t *cur = NULL;
    adx__sb_t b = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    o->written = o->skipped = 0;
    adx_error_t rc = adx__csv_open(o->contacts, &ro, &cur, ctx);
    if (!rc)
        rc = adx__sdb_open(o->db, 1, &db, ctx);
    if (rc)
        goto cleanup;
    adx__sdb_exec(db, "BEGIN IMMEDIATE");
    rc = invite_rows(db, o, cur, &b, ctx);
    if (!rc && b.oom)
        rc = adx_oom(ctx);
    if (!rc)
        rc = adx_write_atomic(o->out, b.s ? b.s : "", b.len, ctx);
    if (!rc && adx__sdb_exec(db, "COMMIT") != SQLITE_OK)
        rc = adx_err(ctx, ADX_EIO, "%s: cannot commit the invitations: %s", o->db,
                     sqlite3_errmsg(db));
    if (rc)
        adx__sdb_exec(db, "ROLLBACK");
cleanup:
    adx__sb_free(&b);
    adx__csv_close(cur);
    sqlite3_close(db);
    return rc;
}

/* ---- status ---------------------------------------------------------------------- */

static size_t count(sqlite3 *db, const char *sql)
{
    char *v = adx__sdb_value(db, sql, 0, NULL);
    size_t n = v ? (size_t)strtoull(v, NULL, 10) : 0;
    free(v);
    return n;
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : NAN;
}

adx_error_t adx_survey_status(const char *path, adx_survey_status_t *s, adx_errctx_t *ctx)
{
    memset(s, 0, sizeof *s);
    sqlite3 *db;
    adx_error_t rc = adx__sdb_open(path, 1, &db, ctx);
    if (rc)
        return rc;
    s->invited = count(db, "SELECT count(*) FROM invites");
    s->sampled = s->invited + count(db, "SELECT count(*) FROM responses WHERE wave = 0");
    s->started = count(db, "SELECT count(*) FROM responses");
    s->screened_out = count(db, "SELECT count(*) FROM responses WHERE status = 'screened_out'");
    s->completed = count(db, "SELECT count(*) FROM responses WHERE status = 'complete'");
    s->attention_failed = count(db, "SELECT count(*) FROM responses WHERE status = 'complete' "
                                    "AND attention_failures > 0");
    s->partial = count(db, "SELECT count(*) FROM responses WHERE status = 'partial'");
    s->usable = s->completed - s->attention_failed;
    s->not_started = count(db, "SELECT count(*) FROM invites WHERE token NOT IN "
                               "(SELECT token FROM responses)");
    s->waves = count(db, "SELECT max(wave) FROM invites");
    size_t eligible = s->usable + s->partial + s->attention_failed + s->not_started;
    s->rr1 = ratio(s->usable, eligible);
    s->rr2 = ratio(s->usable + s->partial + s->attention_failed, eligible);
    s->coop = ratio(s->usable, s->usable + s->partial + s->attention_failed);
    s->usable_share = ratio(s->usable, s->sampled);
    if (!(s->usable_by_wave = calloc(s->waves + 1, sizeof *s->usable_by_wave)))
        rc = adx_oom(ctx);
    sqlite3_stmt *st = rc ? NULL
                          : adx__sdb_prep(db, "SELECT wave, count(*) FROM responses WHERE "
                                              "status = 'complete' AND attention_failures = 0 "
                                              "GROUP BY wave", 0, NULL);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 w = sqlite3_column_int64(st, 0);
        if (w >= 0 && (size_t)w <= s->waves)
            s->usable_by_wave[w] = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

