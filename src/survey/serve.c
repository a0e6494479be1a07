/* The questionnaire server: libmicrohttpd with a thread pool, a pool of SQLite
 * connections (WAL), per-address rate limits, a request body cap, CSRF tokens and
 * security headers on every response (docs/survey.md, "Security"). */
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "survey_db.h"

#define RATE_SLOTS 4096
#define MAX_FIELDS 512

typedef struct {
    char addr[64];
    double tokens, last;
} rate_slot_t;

typedef struct {
    const adx_survey_serve_options_t *o;
    const adx_sform_t *f;
    sqlite3 **pool;
    int *busy;
    size_t npool;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    rate_slot_t *rate;
    pthread_mutex_t rate_mu;
    unsigned char key[crypto_auth_KEYBYTES]; /* signs open-link start tokens */
    char *admin_hash;
} server_t;

/* One request's state, kept across the calls of the access handler. */
typedef struct {
    struct MHD_PostProcessor *pp;
    char *names[MAX_FIELDS];
    adx__sb_t vals[MAX_FIELDS];
    size_t nf, body;
    int too_big;
} req_t;


/* ---- connections ------------------------------------------------------------------ */

static sqlite3 *db_get(server_t *s)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (size_t i = 0; i < s->npool; i++)
            if (!s->busy[i]) {
                s->busy[i] = 1;
                pthread_mutex_unlock(&s->mu);
                return s->pool[i];
            }
        pthread_cond_wait(&s->cv, &s->mu);
    }
}

static void db_put(server_t *s, sqlite3 *db)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->npool; i++)
        if (s->pool[i] == db)
            s->busy[i] = 0;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ---- responses ---------------------------------------------------------------------- */

static enum MHD_Result reply(struct MHD_Connection *con, unsigned code, char *body,
                            const char *type, const char *location)
{
    if (!body)
        body = adx__strdup("out of memory");
    struct MHD_Response *r = MHD_create_response_from_buffer(body ? strlen(body) : 0, body,
                                                             MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (location)
        MHD_add_response_header(r, "Location", location);
    if (code == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header(r, "Retry-After", "1");
    enum MHD_Result ret = MHD_queue_response(con, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_html(struct MHD_Connection *con, unsigned code, char *body)
{
    return reply(con, code, body, "text/html; charset=utf-8", NULL);
}

static enum MHD_Result message(struct MHD_Connection *con, unsigned code, const char *title,
                               const char *text)
{
    return send_html(con, code, adx__shtml_message(title, text));
}

static enum MHD_Result redirect(struct MHD_Connection *con, const char *token)
{
    char loc[128];
    snprintf(loc, sizeof loc, "/s/%s", token);
    return reply(con, MHD_HTTP_SEE_OTHER, adx__strdup(""), "text/plain", loc);
}

/* ---- rate limits ------------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void client_addr(struct MHD_Connection *con, char *buf, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(buf, n, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)n);
}

/* Token bucket per client address; 1 when the request may go on. */
static int rate_ok(server_t *s, struct MHD_Connection *con)
{
    if (s->o->rate <= 0)
        return 1;
    char addr[64];
    client_addr(con, addr, sizeof addr);
    size_t h = 5381;
    for (const char *p = addr; *p; p++)
        h = h * 33 + (unsigned char)*p;
    rate_slot_t *slot = &s->rate[h % RATE_SLOTS];
    double t = now_s();
    pthread_mutex_lock(&s->rate_mu);
    if (strcmp(slot->addr, addr)) {
        snprintf(slot->addr, sizeof slot->addr, "%s", addr);
        slot->tokens = s->o->burst;
        slot->last = t;
    }
    slot->tokens += (t - slot->last) * s->o->rate;
    if (slot->tokens > s->o->burst)
        slot->tokens = s->o->burst;
    slot->last = t;
    int ok = slot->tokens >= 1;
    if (ok)
        slot->tokens -= 1;
    pthread_mutex_unlock(&s->rate_mu);
    return ok;
}

/* ---- request bodies ---------------------------------------------------------------- */

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *ctype, const char *enc,
                                const char *data, uint64_t off, size_t size)
{
    req_t *q = cls;
    (void)kind, (void)filename, (void)ctype, (void)enc;
    size_t i = 0;
    while (i < q->nf && strcmp(q->names[i], key))
        i++;
    if (i == q->nf) {
        if (q->nf == MAX_FIELDS || !(q->names[i] = adx__strdup(key)))
            return MHD_NO;
        q->nf++;
    } else if (off == 0)
        adx__sb_char(&q->vals[i], ' '); /* a repeated name: check boxes */
    adx__sb_put(&q->vals[i], data ? data : "", size);
    return q->vals[i].oom ? MHD_NO : MHD_YES;
}

static const char *field(const req_t *q, const char *name)
{
    for (size_t i = 0; i < q->nf; i++)
        if (!strcmp(q->names[i], name))
            return q->vals[i].s ? q->vals[i].s : "";
    return NULL;
}

static void on_done(void *cls, struct MHD_Connection *con, void **ptr,
                    enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)con, (void)code;
    req_t *q = *ptr;
    if (!q)
        return;
    if (q->pp)
        MHD_destroy_post_processor(q->pp);
    for (size_t i = 0; i < q->nf; i++) {
        free(q->names[i]);
        adx__sb_free(&q->vals[i]);
    }
    free(q);
    *ptr = NULL;
}

/* ---- the respondent's pages ----------------------------------------------------------- */

static enum MHD_Result show(struct MHD_Connection *con, const server_t *s,
                            const adx__sresp_t *r, const adx__spost_t *post, unsigned code)
{
    if (strcmp(r->status, "partial") || r->page >= s->f->npages)
        return send_html(con, MHD_HTTP_OK, adx__shtml_end(s->f, r->status, r->lang));
    return send_html(con, code,
                     adx__shtml_page(s->f, r->token, r->csrf, r->page, r->lang, r->ans,
                                     post ? post->err : NULL, post ? post->nerr : 0));
}

/* The posted answers by question index (into post; values borrowed from q). */
static int posted(const server_t *s, const req_t *q, adx__spost_t *post)
{
    post->val = calloc(s->f->nq ? s->f->nq : 1, sizeof *post->val);
    post->err = calloc(s->f->nq ? s->f->nq : 1, sizeof *post->err);
    if (!post->val || !post->err)
        return -1;
    for (size_t i = 0; i < q->nf; i++) {
        long qi = q->names[i][0] == '_' ? -1 : adx__sform_find(s->f, q->names[i]);
        if (qi >= 0)
            post->val[qi] = q->vals[i].s ? q->vals[i].s : (char *)"";
    }
    return 0;
}

static enum MHD_Result on_post(struct MHD_Connection *con, server_t *s, sqlite3 *db,
                               adx__sresp_t *r, const req_t *q)
{
    const char *csrf = field(q, "_csrf"), *pg = field(q, "_page");
    if (!csrf || strlen(csrf) != strlen(r->csrf) || sodium_memcmp(csrf, r->csrf, strlen(csrf)))
        return message(con, MHD_HTTP_FORBIDDEN, "Expired form",
                       "This form is out of date. Open your survey link again.");
    if (strcmp(r->status, "partial"))
        return show(con, s, r, NULL, MHD_HTTP_OK);
    const char *lang = field(q, "_lang");
    if (lang) {
        size_t l = (size_t)strtoul(lang, NULL, 10);
        if (l < s->f->nlang && adx__sresp_lang(db, r, l))
            return message(con, 503, "Busy", "Please try again.");
        return redirect(con, r->token);
    }
    /* a stale page (back button of the browser, double submit): show the current one */
    if (!pg || strtoul(pg, NULL, 10) != r->page)
        return redirect(con, r->token);
    if (field(q, "_back"))
        return adx__sresp_back(db, s->f, r) ? message(con, 503, "Busy", "Please try again.")
                                            : redirect(con, r->token);
    adx__spost_t post = {0};
    int rc = posted(s, q, &post) ? -1 : adx__sresp_submit(db, s->f, r, &post);
    enum MHD_Result ret;
    if (rc == 0)
        ret = redirect(con, r->token); /* acknowledged after COMMIT */
    else if (rc == 1)
        ret = show(con, s, r, &post, 422);
    else
        ret = message(con, MHD_HTTP_SERVICE_UNAVAILABLE, "Not saved",
                      "Your answers on this page could not be saved. Please go back and "
                      "submit the page again.");
    free(post.val);
    free(post.err);
    return ret;
}

static enum MHD_Result respondent(struct MHD_Connection *con, server_t *s, const char *token,
                                  const req_t *q, int is_post)
{
    sqlite3 *db = db_get(s);
    adx__sresp_t r;
    const char *ua = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "User-Agent");
    int found = strlen(token) < 60 ? adx__sresp_load(db, s->f, token, ua, &r) : 0;
    enum MHD_Result ret;
    if (found < 0)
        ret = message(con, MHD_HTTP_SERVICE_UNAVAILABLE, "Busy", "Please try again.");
    else if (!found)
        ret = message(con, MHD_HTTP_NOT_FOUND, "Unknown link",
                      "This survey link is not valid. Please check the link you received.");
    else
        ret = is_post ? on_post(con, s, db, &r, q) : show(con, s, &r, NULL, MHD_HTTP_OK);
    if (found > 0 || found < 0)
        adx__sresp_free(s->f, &r);
    db_put(s, db);
    return ret;
}

/* ---- open link ------------------------------------------------------------------------ */

static void start_token(const server_t *s, char *buf, size_t n)
{
    unsigned char mac[crypto_auth_BYTES];
    char ts[32], hex[2 * crypto_auth_BYTES + 1];
    snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
    crypto_auth(mac, (const unsigned char *)ts, strlen(ts), s->key);
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    snprintf(buf, n, "%s.%s", ts, hex);
}

static int start_valid(const server_t *s, const char *tok)
{
    const char *dot = tok ? strchr(tok, '.') : NULL;
    unsigned char mac[crypto_auth_BYTES];
    if (!dot || dot - tok > 20 ||
        sodium_hex2bin(mac, sizeof mac, dot + 1, strlen(dot + 1), NULL, NULL, NULL) ||
        strlen(dot + 1) != 2 * sizeof mac)
        return 0;
    long long t = atoll(tok);
    return !crypto_auth_verify(mac, (const unsigned char *)tok, (size_t)(dot - tok), s->key) &&
           t <= (long long)time(NULL) && time(NULL) - t < 86400;
}

static enum MHD_Result open_link(struct MHD_Connection *con, server_t *s, const req_t *q,
                                 int is_post)
{
    if (!s->f->open_link)
        return message(con, MHD_HTTP_NOT_FOUND, "Personal links only",
                       "This survey is by invitation: please use the link you received.");
    if (!is_post) {
        char tok[128];
        start_token(s, tok, sizeof tok);
        return send_html(con, MHD_HTTP_OK, adx__shtml_open(s->f, tok));
    }
    if (!start_valid(s, field(q, "_start")))
        return message(con, MHD_HTTP_FORBIDDEN, "Expired form", "Please start again.");
    sqlite3 *db = db_get(s);
    adx__sresp_t r;
    const char *ua = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "User-Agent");
    int rc = adx__sresp_open(db, s->f, ua, &r);
    enum MHD_Result ret = rc ? message(con, 503, "Busy", "Please try again.")
                             : redirect(con, r.token);
    adx__sresp_free(s->f, &r);
    db_put(s, db);
    return ret;
}

/* ---- admin ---------------------------------------------------------------------------- */

static enum MHD_Result admin(struct MHD_Connection *con, server_t *s, const char *url)
{
    char *pass = NULL;
    char *user = MHD_basic_auth_get_username_password(con, &pass);
    int ok = s->admin_hash && user && pass && !strcmp(user, "admin") &&
             crypto_pwhash_str_verify(s->admin_hash, pass, strlen(pass)) == 0;
    if (pass)
        sodium_memzero(pass, strlen(pass));
    MHD_free(user);
    MHD_free(pass);
    if (!ok) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            12, (void *)"unauthorized", MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret = MHD_queue_basic_auth_fail_response(con, "ambidex survey", r);
        MHD_destroy_response(r);
        return ret;
    }
    sqlite3 *db = db_get(s);
    adx_errctx_t ctx = {0};
    enum MHD_Result ret;
    if (!strcmp(url, "/admin/export.csv")) {
        char *csv = NULL;
        size_t len;
        ret = adx__survey_csv(db, s->f, &csv, &len, &ctx)
                  ? message(con, 500, "Export failed", ctx.msg)
                  : reply(con, MHD_HTTP_OK, csv, "text/csv; charset=utf-8", NULL);
    } else {
        adx__sb_t b = {0};
        const char *st[] = {"partial", "complete", "screened_out"};
        adx__sb_str(&b, "Live counts: ");
        for (int i = 0; i < 3; i++) {
            char *v = adx__sdb_value(db, "SELECT count(*) FROM responses WHERE status = ?", 1,
                                     &st[i]);
            adx__sb_printf(&b, "%s%s %s", i ? ", " : "", st[i], v ? v : "?");
            free(v);
        }
        adx__sb_str(&b, ". Export: /admin/export.csv");
        char *t = adx__sb_take(&b);
        ret = message(con, MHD_HTTP_OK, "Survey status", t ? t : "");
        free(t);
    }
    db_put(s, db);
    return ret;
}

/* ---- dispatch --------------------------------------------------------------------------- */

static enum MHD_Result route(server_t *s, struct MHD_Connection *con, const char *url,
                             const char *method, const req_t *q)
{
    int is_post = !strcmp(method, "POST");
    if (!is_post && strcmp(method, "GET") && strcmp(method, "HEAD"))
        return message(con, MHD_HTTP_METHOD_NOT_ALLOWED, "Not allowed", "GET or POST only.");
    if (q->too_big)
        return message(con, 413, "Too large", "The request is too large.");
    if (!strcmp(url, "/static/survey.css"))
        return reply(con, MHD_HTTP_OK, adx__strdup(adx__shtml_css), "text/css; charset=utf-8",
                    NULL);
    if (!strcmp(url, "/static/survey.js"))
        return reply(con, MHD_HTTP_OK, adx__strdup(adx__survey_js),
                     "text/javascript; charset=utf-8", NULL);
    if (!strncmp(url, "/s/", 3) && url[3] && !strchr(url + 3, '/'))
        return respondent(con, s, url + 3, q, is_post);
    if (!strcmp(url, "/open"))
        return open_link(con, s, q, is_post);
    if (!strcmp(url, "/admin") || !strcmp(url, "/admin/export.csv"))
        return admin(con, s, url);
    if (!strcmp(url, "/"))
        return message(con, MHD_HTTP_OK, s->f->title ? s->f->title : "Survey",
                       s->f->open_link ? "Start the survey at /open."
                                       : "Please use the personal link you received.");
    return message(con, MHD_HTTP_NOT_FOUND, "Not found", "There is no such page.");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **ptr)
{
    server_t *s = cls;
    (void)version;
    req_t *q = *ptr;
    if (!q) {
        if (!rate_ok(s, con))
            return message(con, MHD_HTTP_TOO_MANY_REQUESTS, "Slow down",
                           "Too many requests; please wait a moment.");
        if (!(q = calloc(1, sizeof *q)))
            return MHD_NO;
        *ptr = q;
        if (!strcmp(method, "POST"))
            q->pp = MHD_create_post_processor(con, 8192, on_field, q);
        return MHD_YES;
    }
    if (*upload_size) {
        q->body += *upload_size;
        if (q->body > s->o->max_body || !q->pp)
            q->too_big = 1;
        else if (MHD_post_process(q->pp, upload, *upload_size) != MHD_YES)
            q->too_big = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    return route(s, con, url, method, q);
}

/* ---- start and stop ------------------------------------------------------------------- */

static adx_error_t open_pool(server_t *s, adx_errctx_t *ctx)
{
    s->npool = s->o->threads + 1;
    s->pool = calloc(s->npool, sizeof *s->pool);
    s->busy = calloc(s->npool, sizeof *s->busy);
    s->rate = calloc(RATE_SLOTS, sizeof *s->rate);
    if (!s->pool || !s->busy || !s->rate)
        return adx_oom(ctx);
    for (size_t i = 0; i < s->npool; i++) {
        adx_error_t rc = adx__sdb_open(s->o->db, s->o->sync_full, &s->pool[i], ctx);
        if (rc)
            return rc;
    }
    char abs[8192] = "";
    if (s->o->form[0] != '/' && getcwd(abs, 4096))
        strcat(abs, "/");
    strncat(abs, s->o->form, 4000);
    if (adx__sdb_meta_set(s->pool[0], "form", abs) != SQLITE_DONE)
        return adx_err(ctx, ADX_EIO, "%s: cannot write: %s", s->o->db,
                       sqlite3_errmsg(s->pool[0]));
    s->admin_hash = adx__sdb_value(s->pool[0], "SELECT value FROM meta WHERE key = 'admin_hash'",
                                   0, NULL);
    randombytes_buf(s->key, sizeof s->key);
    return ADX_OK;
}

static struct MHD_Daemon *start(server_t *s, adx_errctx_t *ctx)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)s->o->port);
    if (inet_pton(AF_INET, s->o->bind, &sa.sin_addr) != 1) {
        adx_err(ctx, ADX_EUSAGE, "--bind takes an IPv4 address, not '%s'", s->o->bind);
        return NULL;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, (uint16_t)s->o->port, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->o->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->o->max_conn,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_END);
    if (!d)
        adx_err(ctx, ADX_EIO, "cannot listen on %s:%u (in use, or not allowed)", s->o->bind,
                s->o->port);
    return d;
}

adx_error_t adx_survey_serve(const adx_survey_serve_options_t *o, adx_errctx_t *ctx)
{
    server_t s;
    memset(&s, 0, sizeof s);
    s.o = o;
    adx_sform_t *f = NULL;
    struct MHD_Daemon *d = NULL;
    pthread_mutex_init(&s.mu, NULL);
    pthread_mutex_init(&s.rate_mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    adx_error_t rc = adx_sform_load(o->form, &f, ctx);
    s.f = f;
    if (!rc)
        rc = open_pool(&s, ctx);
    if (!rc && !(d = start(&s, ctx)))
        rc = ctx->code ? ctx->code : ADX_EIO;
    if (rc)
        goto cleanup;
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char url[128];
    snprintf(url, sizeof url, "http://%s:%u", o->bind, di ? di->port : o->port);
    if (o->ready)
        o->ready(url, o->ud);
    while (!o->stop || !*o->stop)
        nanosleep(&(struct timespec){0, 100000000}, NULL);
cleanup:
    if (d)
        MHD_stop_daemon(d);
    for (size_t i = 0; i < s.npool; i++)
        sqlite3_close(s.pool[i]);
    ADX__FREE(s.pool, s.busy, s.rate, s.admin_hash);
    adx_sform_free(f);
    pthread_mutex_destroy(&s.mu);
    pthread_mutex_destroy(&s.rate_mu);
    pthread_cond_destroy(&s.cv);
    return rc;
}
