/* `ambidex power mediate`: the Monte Carlo for mediation models, on threads
 * (OpenMP) and, when built with MPI and started by mpirun or srun, across
 * processes (rank 0 writes; the MPI calls are in the module libambidex_mpi.so, loaded
 * only then: src/ext/mpi_module.h). */
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ambidex/adx_power.h"
#include "ambidex/adx_report_power.h"
#include "cli_power.h"
#include "../ext/mpi_module.h"

#define MAX_GRID 4096

/* --n: a list 50,100,200 or a grid FROM:TO:STEP (both may be mixed: 50,100:200:50). */
static int parse_grid(cli_t *c, const char *cmd, size_t *n, size_t *nn)
{
    const char *s = cli_str(c, PW_N);
    *nn = 0;
    if (!s)
        return cli_usage_error(c, "power %s needs --n (e.g. 100,200 or 50:500:25)", cmd);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        double v[3] = {0, 0, 1};
        int k = 0;
        char *p = tok, *end;
        for (; k < 3; k++) {
            v[k] = strtod(p, &end);
            if (end == p || !(v[k] >= 1 && v[k] <= 1e9) || v[k] != floor(v[k]))
                return cli_usage_error(c, "--n takes whole numbers of at least 1 (a list "
                                          "50,100 or a grid 50:500:25), not '%s'", s);
            if (*end != ':')
                break;
            p = end + 1;
        }
        if (*end || (k >= 1 && v[1] < v[0]) || k == 3)
            return cli_usage_error(c, "--n '%s': give FROM:TO:STEP with FROM <= TO", tok);
        double to = k ? v[1] : v[0];
        for (double x = v[0]; x <= to; x += v[2]) {
            if (*nn == MAX_GRID)
                return cli_usage_error(c, "--n '%s': at most %d values", s, MAX_GRID);
            n[(*nn)++] = (size_t)x;
        }
    }
    return *nn ? 0 : cli_usage_error(c, "--n '%s': no N given", s);
}

/* --a / --b: numbers separated by commas into v (at most max); *k their count. */
static int parse_paths(cli_t *c, int opt, double *v, size_t max, size_t *k)
{
    const char *s = cli_str(c, opt), *name = cli_power_opts[opt].name;
    *k = 0;
    if (!s)
        return cli_usage_error(c, "power mediate needs --%s", name);
    for (const char *p = s; *p;) {
        char *end;
        double x = strtod(p, &end);
        if (end == p || !isfinite(x) || fabs(x) > 1e3 || (*end && *end != ',') || *k == max)
            return cli_usage_error(c, "--%s takes up to %zu numbers separated by commas, not "
                                      "'%s'", name, max, s);
        v[(*k)++] = x;
        p = *end ? end + 1 : end;
    }
    return 0;
}

typedef struct {
    double t0;
    int shown;
} progress_t;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A progress line on stderr once the run has taken a second. */
static void progress(void *ctx, double done)
{
    progress_t *p = ctx;
    if (now() - p->t0 < 1.0 && !p->shown)
        return;
    p->shown = 1;
    fprintf(stderr, "\rambidex power: %3.0f%% done", 100.0 * (done < 1 ? done : 1));
    fflush(stderr);
}

/* Started by mpirun / srun (not a plain run, which stays a single process). */
static int under_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK") ||
           getenv("PMI_SIZE");
}

/* This process's place among the MPI processes (one process without MPI). */
typedef struct {
    int on, rank, size;
    const adx__mpi_table_t *t;
} mpi_t;

#ifdef ADX_HAVE_MPI
/* The MPI module (src/ext/mpi_module.h), loaded only under mpirun / srun; never closed
 * (Open MPI keeps process-wide state). NULL with the reason in why when it cannot be. */
static const adx__mpi_table_t *mpi_load(char *why, size_t n)
{
    char path[PATH_MAX + sizeof ADX_MPI_FILE + 1];
    adx__ext_locate("ADX_MPI_PATH", ADX_MPI_FILE, path, sizeof path);
    /* global: Open MPI's own plugins need libmpi's symbols */
    void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(why, n, "%s", e ? e : path);
        return NULL;
    }
    const adx__mpi_table_t *t = dlsym(h, "adx__mpi_table");
    if (!t || t->size != sizeof *t || strcmp(t->abi, ADX_MPI_ABI) != 0) {
        snprintf(why, n, "%s is from another build of ambidex", path);
        return NULL;
    }
    return t;
}
#endif

static adx_error_t mpi_start(cli_t *c, mpi_t *m, size_t *rank, size_t *nranks,
                             adx_power_gather_t *gather, void **gather_ctx,
                             adx_power_progress_t *progress)
{
    *m = (mpi_t){0, 0, 1, NULL};
    if (!under_mpi())
        return ADX_OK;
#ifdef ADX_HAVE_MPI
    char why[PATH_MAX + 256];
    m->t = mpi_load(why, sizeof why);
    if (!m->t)
        return adx_err(&c->err, ADX_EUNSUPPORTED,
                       "power: started by mpirun or srun, but the MPI module " ADX_MPI_FILE
                       " could not be loaded (%s); build it with the default target (cmake "
                       "--build BUILD) and keep it beside the ambidex executable, or set "
                       "ADX_MPI_PATH to it", why);
    if (m->t->init(&m->rank, &m->size))
        return adx_err(&c->err, ADX_EUNSUPPORTED, "power: MPI_Init failed");
    m->on = 1;
    *rank = (size_t)m->rank;
    *nranks = (size_t)m->size;
    *gather = m->t->gather;
    *gather_ctx = &m->size;
    if (m->rank)
        *progress = NULL;
    return ADX_OK;
#else
    (void)c, (void)rank, (void)nranks, (void)gather, (void)gather_ctx, (void)progress;
    return ADX_OK;
#endif
}

/* Rank 0 writes the report; the others only free it. */
static int mpi_finish(cli_t *c, const mpi_t *m, adx_error_t rc, adx_report_t *r)
{
    if (!m->on)
        return cli_finish(c, rc, r);
    int code = m->rank == 0 ? cli_finish(c, rc, r) : (adx_report_free(r), rc ? 1 : 0);
    m->t->finalize();
    return code;
}

static int read_options(cli_t *c, adx_pmed_options_t *o, size_t *grid)
{
    size_t nb = 0;
    o->model = (int)cli_count(c, PW_MODEL, 4);
    if (parse_grid(c, "mediate", grid, &o->nn) || parse_paths(c, PW_A, o->a, ADX_PMED_MAXK, &o->k) ||
        parse_paths(c, PW_B, o->b, ADX_PMED_MAXK, &nb))
        return 2;
    o->n = grid;
    if (nb != o->k)
        return cli_usage_error(c, "--a gives %zu paths and --b %zu: give one a and one b per "
                                  "mediator", o->k, nb);
    o->cprime = cli_num(c, PW_CPRIME, 0);
    o->d21 = cli_num(c, PW_D21, 0);
    o->w_main = cli_num(c, PW_W_MAIN, 0);
    o->w_effect = cli_num(c, PW_W_EFFECT, 0);
    if ((o->model == 7 || o->model == 14) && !cli_has(c, PW_W_EFFECT))
        return cli_usage_error(c, "model %d needs --w-effect (the moderated path)", o->model);
    o->standardized = cli_has(c, PW_STANDARDIZED);
    o->reps = cli_count(c, PW_REPS, o->reps);
    o->seed = (uint64_t)cli_num(c, PW_SEED, (double)o->seed);
    o->test = (adx_pmed_test_t)cli_choice(c, PW_TEST, ADX_PTEST_JOINT);
    o->boot = cli_count(c, PW_BOOT, o->boot);
    o->mc_draws = cli_count(c, PW_MC_DRAWS, o->mc_draws);
    o->warp = cli_has(c, PW_WARP);
    o->alpha = cli_num(c, PW_ALPHA, o->alpha);
    o->target = cli_num(c, PW_TARGET, 0);
    o->threads = (int)cli_count(c, PW_THREADS, 0);
    return 0;
}

int cli_power_mediate(cli_t *c, int check)
{
    static size_t grid[MAX_GRID];
    adx_pmed_options_t o;
    adx_pmed_options_init(&o);
    int code = read_options(c, &o, grid);
    if (code)
        return code;
    if (check) {
        o.check_only = 1;
        adx_error_t rc = adx_power_mediate(&o, &(adx_pmed_t *){NULL}, &c->err);
        return rc ? cli_fail(c, rc) : 0;
    }
    progress_t pr = {now(), 0};
    if (!cli_has(c, PW_QUIET) && isatty(2)) {
        o.progress = progress;
        o.progress_ctx = &pr;
    }
    mpi_t mpi;
    if (mpi_start(c, &mpi, &o.rank, &o.nranks, &o.gather, &o.gather_ctx, &o.progress))
        return cli_fail(c, c->err.code);
    adx_pmed_t *res = NULL;
    adx_report_t *r = NULL;
    adx_error_t rc = adx_power_mediate(&o, &res, &c->err);
    if (pr.shown)
        fprintf(stderr, "\n");
    if (!rc)
        rc = adx_report_power_mediate(&o, res, &r, &c->err);
    adx_pmed_free(res);
    return mpi_finish(c, &mpi, rc, r);
}

/* power sem POPULATION [--analysis MODEL]: the analysis model defaults to the
 * population with its values freed. */
static adx_error_t parse_model(cli_t *c, const char *path, adx_sem_syntax_t **syn)
{
    char buf[4096]; /* in a study, a relative path starts at the study file's folder */
    if (c->study_dir && path[0] != '/' && strcmp(c->study_dir, ".")) {
        if (snprintf(buf, sizeof buf, "%s/%s", c->study_dir, path) >= (int)sizeof buf)
            return adx_err(&c->err, ADX_EUSAGE, "%s: the path is too long", path);
        path = buf;
    }
    char *text = cli_read_text(c, path, "model file");
    if (!text)
        return c->err.code;
    adx_error_t rc = adx_sem_parse(text, path, syn, &c->err);
    free(text);
    return rc;
}

int cli_power_sem(cli_t *c, const char *population, int check)
{
    static size_t grid[MAX_GRID];
    adx_psem_options_t o;
    adx_psem_options_init(&o);
    if (parse_grid(c, "sem", grid, &o.nn))
        return 2;
    o.n = grid;
    o.reps = cli_count(c, PW_REPS, o.reps);
    o.seed = (uint64_t)cli_num(c, PW_SEED, (double)o.seed);
    o.alpha = cli_num(c, PW_ALPHA, o.alpha);
    o.threads = (int)cli_count(c, PW_THREADS, 0);
    o.likert = (int)cli_count(c, PW_LIKERT, 0);
    o.missing = cli_num(c, PW_MISSING, 0);
    o.check_only = check;
    progress_t pr = {now(), 0};
    if (!cli_has(c, PW_QUIET) && isatty(2) && !check) {
        o.progress = progress;
        o.progress_ctx = &pr;
    }
    mpi_t mpi = {0, 0, 1, NULL};
    if (!check && mpi_start(c, &mpi, &o.rank, &o.nranks, &o.gather, &o.gather_ctx, &o.progress))
        return cli_fail(c, c->err.code);
    adx_sem_syntax_t *pop = NULL, *ana = NULL;
    adx_psem_t *res = NULL;
    adx_report_t *r = NULL;
    const char *apath = cli_str(c, PW_ANALYSIS);
    adx_error_t rc = parse_model(c, population, &pop);
    if (!rc && apath)
        rc = parse_model(c, apath, &ana);
    o.population = pop;
    o.analysis = ana;
    if (!rc)
        rc = adx_power_sem(&o, &res, &c->err);
    if (pr.shown)
        fprintf(stderr, "\n");
    if (!rc && !check)
        rc = adx_report_power_sem(&o, res, &r, &c->err);
    adx_psem_free(res);
    adx_sem_syntax_free(pop);
    adx_sem_syntax_free(ana);
    if (check)
        return rc ? cli_fail(c, rc) : 0;
    return mpi_finish(c, &mpi, rc, r);
}
