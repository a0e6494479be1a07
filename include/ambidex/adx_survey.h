/* ambidex survey: fielding a questionnaire (docs/survey.md).
 *
 * The questionnaire is an XLSForm subset read from a folder of CSV sheets
 * (survey.csv, choices.csv, settings.csv). The form functions are plain C; the
 * server, the invitations, the status and the export use libmicrohttpd, SQLite and
 * libsodium and live in the on-demand module (src/ext), like the figure code. */
#ifndef ADX_SURVEY_H
#define ADX_SURVEY_H

#include <signal.h>
#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

/* A loaded questionnaire (opaque). */
typedef struct adx_sform adx_sform_t;

/* Loads the form in folder `dir` (or the folder holding `dir` when it names
 * survey.csv). Errors: ADX_EIO (missing sheet), ADX_EPARSE with the first problem as
 * "FILE:ROW: column NAME: what is wrong; the fix" (adx_sform_check lists them all). */
adx_error_t adx_sform_load(const char *dir, adx_sform_t **out, adx_errctx_t *ctx);
void adx_sform_free(adx_sform_t *f);

/* Every problem of the form in `dir`, one message each (DIR/FILE:ROW: column NAME: ...),
 * in *msgs (caller frees each and the array; *n == 0 for a clean form). Returns
 * ADX_OK even when problems were found; ADX_EIO when survey.csv cannot be read. */
adx_error_t adx_sform_check(const char *dir, char ***msgs, size_t *n, adx_errctx_t *ctx);

/* What a form holds, for `survey check`'s summary. */
typedef struct {
    size_t questions; /* answerable questions (not notes, groups or calculations) */
    size_t pages;
    size_t languages;
    size_t screens;    /* questions with a `screen` condition */
    size_t attention;  /* attention-check items */
} adx_sform_summary_t;
void adx_sform_summary(const adx_sform_t *f, adx_sform_summary_t *s);

/* ---- the server (module) ------------------------------------------------------ */

typedef struct {
    const char *form;       /* the form folder (required) */
    const char *db;         /* the SQLite database (required; created when missing) */
    const char *bind;       /* address to listen on (default 127.0.0.1) */
    unsigned port;          /* 0: any free port (reported through ready) */
    unsigned threads;       /* libmicrohttpd thread pool size (default 4) */
    double rate;            /* requests per second per client address (default 20; 0: off) */
    double burst;           /* requests allowed at once per address (default 100) */
    size_t max_body;        /* largest request body in bytes (default 65536) */
    unsigned max_conn;      /* connection limit (default 1024) */
    int sync_full;          /* 1 (default): SQLite synchronous=FULL (survives power loss);
                               0: NORMAL (survives a crash of the server) */
    /* Called once the server listens, with its base URL (http://HOST:PORT). */
    void (*ready)(const char *url, void *ud);
    void *ud;
    /* The server runs until *stop becomes non-zero (set it from a signal handler). */
    volatile sig_atomic_t *stop;
} adx_survey_serve_options_t;
void adx_survey_serve_options_init(adx_survey_serve_options_t *o);

/* Serves the questionnaire until *o->stop. Errors: the form's, ADX_EIO (database,
 * port in use). */
adx_error_t adx_survey_serve(const adx_survey_serve_options_t *o, adx_errctx_t *ctx);

/* Stores the Argon2id hash of `password` as the admin password of the database
 * (the admin pages /admin and /admin/export.csv need it). */
adx_error_t adx_survey_passwd(const char *db, const char *password, adx_errctx_t *ctx);

/* ---- invitations, status, export (module) ------------------------------------- */

typedef struct {
    const char *db;       /* required */
    const char *contacts; /* CSV of contacts, one row each (required) */
    const char *id;       /* the contact column that identifies a contact (default: the first) */
    const char *url;      /* base of the links (default http://127.0.0.1:8080) */
    const char *out;      /* links.csv: the contact's columns plus token and link (required) */
    unsigned wave;        /* 1 (default): first invitation; 2...: a reminder wave, written
                             only for contacts that have not completed or been screened out */
    size_t written, skipped; /* out: rows written to out; contacts skipped (responded) */
} adx_survey_invite_t;
void adx_survey_invite_init(adx_survey_invite_t *o);
adx_error_t adx_survey_invite(adx_survey_invite_t *o, adx_errctx_t *ctx);

/* The response funnel and AAPOR rates (docs/survey.md: the definitions). */
typedef struct {
    size_t sampled;          /* invited contacts plus open-link responses */
    size_t invited;          /* personal links issued */
    size_t started;          /* responses with at least the first page shown */
    size_t screened_out;     /* ended by a screening condition (not eligible) */
    size_t completed;        /* reached the end (usable or attention-failed) */
    size_t attention_failed; /* completed with a failed attention check */
    size_t partial;          /* started, eligible so far, not finished */
    size_t usable;           /* completed and passed every attention check */
    size_t not_started;      /* invited, never opened (eligibility unknown) */
    double rr1, rr2, coop;   /* AAPOR RR1, RR2, COOP1 (NaN when the denominator is 0) */
    double usable_share;     /* usable / sampled */
    size_t waves;            /* highest wave */
    size_t *usable_by_wave;  /* [waves + 1], index 0 unused (open link: wave 0 counted in 0) */
} adx_survey_status_t;
adx_error_t adx_survey_status(const char *db, adx_survey_status_t *out, adx_errctx_t *ctx);
void adx_survey_status_free(adx_survey_status_t *s);

/* Writes one row per response to `out` (.csv, or .sav through ReadStat with variable
 * and value labels): token, wave, lang, started, submitted, duration_s, disposition,
 * attention_failures, then the answers under their XLSForm names. `form` may be NULL:
 * the form folder recorded in the database by `serve`. */
adx_error_t adx_survey_export(const char *db, const char *form, const char *out,
                              adx_errctx_t *ctx);

/* The same rows as a dataset (for `ambidex run`'s data step): started, submitted and
 * the t_PAGE columns as seconds since 1970-01-01 UTC, question texts as variable labels,
 * choice labels as value labels of numeric single choices. ADX_EEMPTY without
 * responses. Caller frees *out (adx_dataset_free). */
adx_error_t adx_survey_read(const char *db, const char *form, adx_dataset_t **out,
                            adx_errctx_t *ctx);

#endif
