/* Subcommand survey: fielding a questionnaire (docs/survey.md): check, serve,
 * passwd, invite, status, export, dispatched through a table. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ambidex/adx_survey.h"
#include "cli.h"

enum {
    S_DB, S_PORT, S_BIND, S_THREADS, S_RATE, S_BURST, S_MAX_BODY, S_SYNC, S_CONTACTS,
    S_WAVE, S_URL, S_ID, S_FORM, S_PASSWORD_FILE, S_NOPTS
};

static const cli_choice_t s_syncs[] = {{"full", 1}, {"normal", 0}, {NULL, 0}};

static const cli_opt_t survey_opts[] = {
    [S_DB] = {"db", CLI_STRING, "the survey database (SQLite; created when missing)"},
    [S_PORT] = {"port", CLI_COUNT, "serve: TCP port (default 8080; 0: any free port)", 0, 0,
                65535},
    [S_BIND] = {"bind", CLI_STRING, "serve: address to listen on (default 127.0.0.1)"},
    [S_THREADS] = {"threads", CLI_COUNT, "serve: server threads (default 4)", 0, 1, 256},
    [S_RATE] = {"rate", CLI_REAL, "serve: requests per second per client address (default "
                                  "20; 0: no limit)", 0, 0, 1e6},
    [S_BURST] = {"burst", CLI_REAL, "serve: requests at once per address (default 100)", 0, 1,
                 1e6},
    [S_MAX_BODY] = {"max-body", CLI_COUNT, "serve: largest request body in bytes (default "
                                           "65536)", 0, 1024, 16777216},
    [S_SYNC] = {"sync", CLI_CHOICE, "serve: full (default: every acknowledged page survives a "
                                    "power loss) or normal (survives a server crash)",
                .choices = s_syncs},
    [S_CONTACTS] = {"contacts", CLI_STRING, "invite: CSV of contacts, one row each"},
    [S_WAVE] = {"wave", CLI_COUNT, "invite: 1 (default), or a reminder wave 2, 3, ... for "
                                   "contacts who have not responded", 0, 1, 1000},
    [S_URL] = {"url", CLI_STRING, "invite: base of the links (default http://127.0.0.1:8080)"},
    [S_ID] = {"id", CLI_STRING, "invite: the contacts column that identifies a contact "
                                "(default: the first)"},
    [S_FORM] = {"form", CLI_STRING, "export: the form folder (default: the one serve "
                                    "recorded)"},
    [S_PASSWORD_FILE] = {"password-file", CLI_STRING, "passwd: read the admin password from "
                                                      "this file (default: standard input)"},
    [S_NOPTS] = {NULL, 0, NULL}};

static int s_check(cli_t *c)
{
    if (c->npos != 2)
        return cli_usage_error(c, "usage: survey check FORM_FOLDER");
    char **msgs = NULL;
    size_t n = 0;
    adx_error_t rc = adx_sform_check(c->pos[1], &msgs, &n, &c->err);
    if (rc)
        return cli_fail(c, rc);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s\n", msgs[i]);
        free(msgs[i]);
    }
    free(msgs);
    if (n)
        return 2;
    adx_sform_t *f = NULL;
    if ((rc = adx_sform_load(c->pos[1], &f, &c->err)))
        return cli_fail(c, rc);
    adx_sform_summary_t s;
    adx_sform_summary(f, &s);
    adx_sform_free(f);
    printf("%s: ok: %zu questions on %zu pages, %zu language%s, %zu screening question%s, %zu "
           "attention check%s\n", c->pos[1], s.questions, s.pages, s.languages,
           s.languages == 1 ? "" : "s", s.screens, s.screens == 1 ? "" : "s", s.attention,
           s.attention == 1 ? "" : "s");
    return 0;
}

static volatile sig_atomic_t s_stop;

static void on_signal(int sig)
{
    (void)sig;
    s_stop = 1;
}

static void on_ready(const char *url, void *ud)
{
    (void)ud;
    printf("serving on %s (Ctrl-C stops)\n", url);
    fflush(stdout);
}

static const char *need_db(cli_t *c, int *code)
{
    const char *db = cli_str(c, S_DB);
    if (!db)
        *code = cli_usage_error(c, "survey %s needs --db FILE (the survey database)", c->pos[0]);
    return db;
}

/* status and export read a database that serve or invite made: never create one. */
static const char *existing_db(cli_t *c, int *code)
{
    const char *db = need_db(c, code);
    if (db && access(db, F_OK) != 0) {
        *code = cli_usage_error(c, "%s: no such survey database; `survey serve` or `survey "
                                   "invite` creates it", db);
        return NULL;
    }
    return db;
}

static int s_serve(cli_t *c)
{
    int code = 0;
    if (c->npos != 2)
        return cli_usage_error(c, "usage: survey serve FORM_FOLDER --db FILE [--port N]");
    adx_survey_serve_options_t o;
    adx_survey_serve_options_init(&o);
    if (!(o.db = need_db(c, &code)))
        return code;
    o.form = c->pos[1];
    o.port = (unsigned)cli_count(c, S_PORT, o.port);
    o.threads = (unsigned)cli_count(c, S_THREADS, o.threads);
    o.rate = cli_num(c, S_RATE, o.rate);
    o.burst = cli_num(c, S_BURST, o.burst);
    o.max_body = cli_count(c, S_MAX_BODY, o.max_body);
    o.sync_full = cli_choice(c, S_SYNC, o.sync_full);
    if (cli_str(c, S_BIND))
        o.bind = cli_str(c, S_BIND);
    o.ready = on_ready;
    o.stop = &s_stop;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    adx_error_t rc = adx_survey_serve(&o, &c->err);
    return rc ? cli_fail(c, rc) : 0;
}

static int s_passwd(cli_t *c)
{
    int code = 0;
    const char *db = need_db(c, &code);
    if (!db)
        return code;
    const char *pf = cli_str(c, S_PASSWORD_FILE);
    FILE *in = pf ? fopen(pf, "r") : stdin;
    if (!in)
        return cli_fail(c, adx_err(&c->err, ADX_EIO, "%s: cannot open the password file", pf));
    char pw[1024] = "";
    if (!fgets(pw, sizeof pw, in))
        pw[0] = 0;
    if (pf)
        fclose(in);
    pw[strcspn(pw, "\r\n")] = 0;
    if (strlen(pw) < 10)
        return cli_fail(c, adx_err(&c->err, ADX_EUSAGE, "the admin password needs at least 10 "
                                                       "characters"));
    adx_error_t rc = adx_survey_passwd(db, pw, &c->err);
    memset(pw, 0, sizeof pw);
    return rc ? cli_fail(c, rc) : 0;
}

static int s_invite(cli_t *c)
{
    int code = 0;
    adx_survey_invite_t o;
    adx_survey_invite_init(&o);
    if (!(o.db = need_db(c, &code)))
        return code;
    if (!(o.contacts = cli_str(c, S_CONTACTS)) || !c->out)
        return cli_usage_error(c, "usage: survey invite --db FILE --contacts contacts.csv "
                                  "[--wave N] -o links.csv");
    o.out = c->out;
    o.wave = (unsigned)cli_count(c, S_WAVE, 1);
    if (cli_str(c, S_URL))
        o.url = cli_str(c, S_URL);
    o.id = cli_str(c, S_ID);
    adx_error_t rc = adx_survey_invite(&o, &c->err);
    if (rc)
        return cli_fail(c, rc);
    fprintf(stderr, "%s: %zu link%s for wave %u; %zu contact%s skipped (already responded)\n",
            o.out, o.written, o.written == 1 ? "" : "s", o.wave, o.skipped,
            o.skipped == 1 ? "" : "s");
    return 0;
}

static void rate_json(char *b, size_t n, double x)
{
    if (isnan(x))
        snprintf(b, n, "null");
    else
        snprintf(b, n, "%.4f", x);
}

static void rate_text(char *b, size_t n, double x)
{
    if (isnan(x))
        snprintf(b, n, "n/a");
    else
        snprintf(b, n, "%.1f%%", 100 * x);
}

static int s_status(cli_t *c)
{
    int code = 0;
    const char *db = existing_db(c, &code);
    if (!db)
        return code;
    if (c->format != ADX_FMT_TEXT && c->format != ADX_FMT_JSON)
        return cli_usage_error(c, "survey status writes text or json (--format json)");
    adx_survey_status_t s;
    adx_error_t rc = adx_survey_status(db, &s, &c->err);
    if (rc)
        return cli_fail(c, rc);
    const char *names[] = {"sampled", "invited", "not_started", "started", "screened_out",
                           "partial", "completed", "attention_failed", "usable"};
    size_t vals[] = {s.sampled, s.invited, s.not_started, s.started, s.screened_out,
                     s.partial, s.completed, s.attention_failed, s.usable};
    double rates[] = {s.rr1, s.rr2, s.coop, s.usable_share};
    const char *rnames[] = {"rr1", "rr2", "coop", "usable_share"};
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        adx_survey_status_free(&s);
        return cli_fail(c, adx_oom(&c->err));
    }
    int json = c->format == ADX_FMT_JSON;
    fprintf(m, json ? "{" : "Response funnel\n");
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        fprintf(m, json ? "%s\"%s\": %zu" : "%s  %-17s %8zu\n", json && i ? ", " : "",
                names[i], vals[i]);
    for (size_t i = 0; i < 4; i++) {
        char r[32];
        (json ? rate_json : rate_text)(r, sizeof r, rates[i]);
        fprintf(m, json ? ", \"%s\": %s" : "  %-17s %8s\n", rnames[i], r);
    }
    if (json) {
        fprintf(m, ", \"usable_by_wave\": [");
        for (size_t w = 0; w <= s.waves; w++)
            fprintf(m, "%s%zu", w ? ", " : "", s.usable_by_wave ? s.usable_by_wave[w] : 0);
        fprintf(m, "]}\n");
    } else {
        for (size_t w = 0; w <= s.waves; w++) {
            char lab[48];
            snprintf(lab, sizeof lab, w ? "usable, wave %zu" : "usable, open link", w);
            if (s.usable_by_wave && (w > 0 || s.usable_by_wave[0]))
                fprintf(m, "  %-17s %8zu\n", lab, s.usable_by_wave[w]);
        }
        fprintf(m, "RR1 = usable / (usable + partial + attention-failed + not started); RR2 "
                   "counts partials as responses; COOP = usable / (usable + partial + "
                   "attention-failed); screened-out cases are not eligible (AAPOR).\n");
    }
    fclose(m);
    adx_survey_status_free(&s);
    rc = cli_write(c, buf, len);
    free(buf);
    return rc ? cli_fail(c, rc) : 0;
}

static int s_export(cli_t *c)
{
    int code = 0;
    const char *db = existing_db(c, &code);
    if (!db)
        return code;
    if (!c->out)
        return cli_usage_error(c, "usage: survey export --db FILE -o data.csv|data.sav");
    adx_error_t rc = adx_survey_export(db, cli_str(c, S_FORM), c->out, &c->err);
    return rc ? cli_fail(c, rc) : 0;
}

static const struct {
    const char *name;
    int (*run)(cli_t *c);
} subs[] = {{"check", s_check},   {"serve", s_serve},   {"passwd", s_passwd},
            {"invite", s_invite}, {"status", s_status}, {"export", s_export}};

static int run_survey(cli_t *c)
{
    if (c->npos < 1)
        return cli_usage_error(c, "give a SUBCOMMAND: check, serve, passwd, invite, status or "
                                  "export");
    adx_near_t near;
    adx_near_init(&near, c->pos[0]);
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (!strcmp(subs[i].name, c->pos[0])) {
            /* Only export's -o is a data file; the others write reports. */
            int rc = strcmp(subs[i].name, "export") ? cli_output_format(c) : 0;
            if (rc)
                return rc;
            return c->preloaded ? cli_usage_error(c, "survey is not a study step; run it from "
                                                     "the command line")
                                : subs[i].run(c);
        }
        adx_near_add(&near, subs[i].name);
    }
    const char *best = adx_near_best(&near, 3);
    if (best)
        return cli_usage_error(c, "unknown survey subcommand '%s'; did you mean '%s'?",
                               c->pos[0], best);
    return cli_usage_error(c, "unknown survey subcommand '%s'", c->pos[0]);
}

const cli_cmd_t cli_cmd_survey = {
    "survey",
    "survey check FORM | serve FORM --db FILE [--port N] [--bind ADDR] | passwd --db FILE | "
    "invite --db FILE --contacts FILE [--wave N] -o links.csv | status --db FILE [--format "
    "json] | export --db FILE -o data.csv|data.sav",
    "field a questionnaire (XLSForm CSV sheets): check it, serve it, invite respondents in "
    "waves, follow the response funnel, export the answers (docs/survey.md)",
    CLI_OPTS(survey_opts), .run = run_survey, .data_out = 1};
