/* Nonparametric bootstrap of a SEM fitted to raw data: resampled covariance
 * matrices refitted from the estimates (one RNG stream per replicate, so results
 * do not depend on the thread count); a FIML fit resamples its cases with their
 * missing-data patterns and refits by FIML (EM for each resample's saturated
 * moments, as lavaan's se = "bootstrap" with missing = "ml"); an ordinal fit resamples
 * its cases and refits thresholds, polychoric correlations and DWLS (ULS) estimates
 * (lavaan's WLSMV refit; the thresholds are bootstrapped too, under the theta
 * parameterization each replicate rescaled as the fit); SEs, percentile, bias-corrected
 * and BCa limits (R's type-7 quantiles, as lavaan's bootstrapLavaan and boot.ci), the BCa
 * acceleration from a jackknife (Efron 1987; the ordinal fit's n leave-one-out refits). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_rng.h"
#include "est.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* Upper bound on B: a request beyond it is a mistake, not a bootstrap. */
#define BOOT_MAX 10000000

/* Replicate status. */
enum { REP_OK = 0, REP_FAILED = 1, REP_HEYWOOD = 2 };

/* Centred cross-products of the data (p x p) and the means. */
static void cross_products(const adx_sem_t *s, double *mean, double *cp)
{
    size_t p = s->p, n = s->n;
    for (size_t v = 0; v < p; v++) {
        for (size_t i = 0; i < n; i++)
            mean[v] += s->data[v * n + i];
        mean[v] /= (double)n;
    }
    for (size_t c2 = 0; c2 < p; c2++)
        for (size_t c1 = c2; c1 < p; c1++) {
            double acc = 0;
            for (size_t i = 0; i < n; i++)
                acc += (s->data[c1 * n + i] - mean[c1]) * (s->data[c2 * n + i] - mean[c2]);
            cp[c1 + c2 * p] = cp[c2 + c1 * p] = acc;
        }
}

/* The work of one thread: an evaluator, theta, a p x p sample, a p vector and
 * n case indices. */
typedef struct {
    adx__est_t e;
    double *th, *S, *v, *ybar;
    size_t *idx;
    struct adx_sem_fiml rs; /* FIML: the resample (e.fm points to it) */
    double *X;              /* ordinal: the resampled cases (n x p) */
    double *tau;            /* ordinal: a replicate's thresholds (nth) */
} worker_t;

/* The thresholds of an ordinal fit (bootstrapped after the nparams rows), else 0. */
static size_t nth_of(const adx_sem_t *s)
{
    return s->ordinal ? s->ordinal->nth : 0;
}

/* 0, or -1 when memory ran out (free with worker_free either way). */
static int worker_init(worker_t *w, const adx_sem_t *s)
{
    size_t p = s->p, q = s->npar;
    int bad = adx__est_init(&w->e, s);
    w->th = malloc((q ? q : 1) * sizeof *w->th);
    w->S = malloc(p * p * sizeof *w->S);
    w->v = malloc(p * sizeof *w->v);
    w->ybar = malloc(p * sizeof *w->ybar);
    w->idx = malloc((s->n ? s->n : 1) * sizeof *w->idx);
    memset(&w->rs, 0, sizeof w->rs);
    w->X = w->tau = NULL;
    if (s->ordinal)
        bad |= !(w->X = malloc((s->n * p + 1) * sizeof *w->X)) ||
               !(w->tau = malloc((nth_of(s) + 1) * sizeof *w->tau));
    if (s->fiml) {
        bad |= adx__sem_fiml_resample_alloc(s->fiml, p, &w->rs);
        w->e.fm = &w->rs;
    }
    return bad || !w->th || !w->S || !w->v || !w->ybar || !w->idx ? -1 : 0;
}

static void worker_free(worker_t *w)
{
    adx__est_free(&w->e);
    adx__sem_fiml_resample_free(&w->rs);
    ADX__FREE(w->th, w->S, w->v, w->ybar, w->idx, w->X, w->tau);
}

/* Runs fn(s, w, i, ud) for i = 0 .. count - 1 over the bootstrap threads, each
 * thread with its own worker. 1 when memory ran out. */
typedef void (*item_fn)(adx_sem_t *s, worker_t *w, size_t i, void *ud);

static int parallel_items(adx_sem_t *s, size_t count, item_fn fn, void *ud)
{
    int oom = 0;
#ifdef _OPENMP
    int nthr = s->opt.threads > 0 ? s->opt.threads : omp_get_max_threads();
#pragma omp parallel num_threads(nthr) reduction(| : oom)
#endif
    {
        worker_t w;
        if (worker_init(&w, s))
            oom = 1;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (size_t i = 0; i < count; i++)
            if (!oom)
                fn(s, &w, i, ud);
        worker_free(&w);
    }
    return oom;
}

/* Refits e to sample S (and, with a mean structure, the means ybar: the sample
 * means plus the means cm of the centred data) from the full-sample estimates;
 * values into row. 0 when converged. */
static int refit(const adx_sem_t *s, adx__est_t *e, const double *S, const double *cm,
                 double *ybar, double *th, double *row)
{
    int it;
    double F;
    int ms = s->meanstructure && s->sample_mean;
    for (size_t v = 0; ms && v < s->p; v++)
        ybar[v] = s->sample_mean[v] + cm[v];
    if (adx__est_set_sample(e, S, ms ? ybar : NULL))
        return -1;
    memcpy(th, s->theta, s->npar * sizeof(double));
    if (adx__est_optimize(e, th, &it, &F) <= 0)
        return -1;
    adx__sem_values(s, e, th, row);
    return 0;
}

/* FIML: refits to the n cases idx of s->fiml->cases (their patterns, EM moments);
 * values into row. 0 when converged. */
static int refit_fiml(const adx_sem_t *s, worker_t *w, const size_t *idx, size_t n, double *row)
{
    int it;
    double F;
    if (adx__sem_fiml_resample(s, s->fiml, idx, n, &w->rs) ||
        adx__est_set_sample(&w->e, w->rs.h1_cov, w->rs.h1_mean))
        return -1;
    memcpy(w->th, s->theta, s->npar * sizeof(double));
    if (adx__est_optimize(&w->e, w->th, &it, &F) <= 0)
        return -1;
    adx__sem_values(s, &w->e, w->th, row);
    return 0;
}

/* Ordinal: refits to the n cases idx of the data (from s->theta); values into row, the
 * thresholds into tau. 0 when converged. */
static int refit_ordinal(const adx_sem_t *s, worker_t *w, const size_t *idx, size_t n,
                         double *row, double *tau)
{
    size_t N = s->n;
    for (size_t v = 0; v < s->p; v++)
        for (size_t i = 0; i < n; i++)
            w->X[i + v * n] = s->data[idx[i] + v * N];
    memcpy(w->th, s->theta, s->npar * sizeof(double));
    return adx__sem_ordinal_refit(s, &w->e, w->X, n, w->th, row, tau);
}

/* Leave-one-out fits into jk (n x (nparams + nth): the rows, then the thresholds),
 * ok[i] = 1 where the refit converged.
 * Each leave-one-out covariance (divisor n - 1, the size of that sample, as ML's
 * divisor N) is O(p^2) from the cross-products. */
typedef struct {
    const double *mean, *cp;
    double *jk;
    int *ok;
} jack_t;

static void jack_item(adx_sem_t *s, worker_t *w, size_t i, void *ud)
{
    const jack_t *j = ud;
    size_t p = s->p, n = s->n, np = s->nparams, W = np + nth_of(s);
    if (s->fiml || s->ordinal) { /* every case but i */
        for (size_t c = 0, k = 0; c < n; c++)
            if (c != i)
                w->idx[k++] = c;
        double *row = j->jk + i * W;
        j->ok[i] = (s->fiml ? refit_fiml(s, w, w->idx, n - 1, row)
                            : refit_ordinal(s, w, w->idx, n - 1, row, row + np)) == 0;
        return;
    }
    /* Without case i: centred sum s = -dx, so the mean shifts by -dx/(n-1). */
    double m = (double)(n - 1), *dx = w->v;
    for (size_t v = 0; v < p; v++)
        dx[v] = s->data[v * n + i] - j->mean[v];
    for (size_t c2 = 0; c2 < p; c2++)
        for (size_t c1 = 0; c1 < p; c1++)
            w->S[c1 + c2 * p] = (j->cp[c1 + c2 * p] - dx[c1] * dx[c2]) / m -
                                (dx[c1] / m) * (dx[c2] / m);
    for (size_t v = 0; v < p; v++)
        dx[v] = j->mean[v] - dx[v] / m; /* the leave-one-out mean of the centred data */
    j->ok[i] = refit(s, &w->e, w->S, dx, w->ybar, w->th, j->jk + i * s->nparams) == 0;
}

/* Jackknife acceleration of the BCa interval (Efron 1987): per parameter row (and
 * threshold), a = sum(d^3) / (6 (sum d^2)^1.5) with d_i = mean - theta_(i). accel[r] is
 * NaN where it cannot be computed (a failed refit: the interval is then BC; no
 * variation). */
static adx_error_t jackknife_accel(adx_sem_t *s, double *accel)
{
    size_t p = s->p, n = s->n, np = s->nparams + nth_of(s);
    double *jk = malloc((n * np + 1) * sizeof *jk), *mean = calloc(p, sizeof *mean);
    double *cp = calloc(p * p, sizeof *cp);
    int *ok = calloc(n, sizeof *ok);
    adx_error_t rc = ADX_OK;
    if (!jk || !mean || !cp || !ok) {
        rc = ADX_ENOMEM;
        goto done;
    }
    if (!s->fiml && !s->ordinal)
        cross_products(s, mean, cp);
    jack_t jd = {mean, cp, jk, ok};
    if (parallel_items(s, n, jack_item, &jd)) {
        rc = ADX_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < np; r++) {
        accel[r] = NAN;
        size_t k = 0;
        double mu = 0, s2 = 0, s3 = 0;
        for (size_t i = 0; i < n; i++)
            if (ok[i]) {
                mu += jk[i * np + r];
                k++;
            }
        if (k < n)
            continue;
        mu /= (double)k;
        for (size_t i = 0; i < n; i++) {
            double d = mu - jk[i * np + r];
            s2 += d * d;
            s3 += d * d * d;
        }
        if (s2 > 0)
            accel[r] = s3 / (6 * pow(s2, 1.5));
    }
done:
    ADX__FREE(jk, mean, cp, ok);
    return rc;
}

/* Covariance (divisor n) of the resample idx into Sb; mu is p scratch. */
static void resample_cov(const adx_sem_t *s, const size_t *idx, double *mu, double *Sb)
{
    size_t p = s->p, n = s->n;
    for (size_t v = 0; v < p; v++) {
        const double *x = s->data + v * n;
        double m = 0;
        for (size_t i = 0; i < n; i++)
            m += x[idx[i]];
        mu[v] = m / (double)n;
    }
    for (size_t c2 = 0; c2 < p; c2++)
        for (size_t c1 = c2; c1 < p; c1++) {
            const double *x1 = s->data + c1 * n, *x2 = s->data + c2 * n;
            double acc = 0;
            for (size_t i = 0; i < n; i++)
                acc += (x1[idx[i]] - mu[c1]) * (x2[idx[i]] - mu[c2]);
            Sb[c1 + c2 * p] = Sb[c2 + c1 * p] = acc / (double)n;
        }
}

/* Replicate b: resample with stream b of seed, refit; row of s->boot filled
 * (NaN when it failed). REP_*. */
static int replicate(adx_sem_t *s, worker_t *w, size_t b, unsigned long long seed)
{
    adx__est_t *e = &w->e;
    size_t *idx = w->idx;
    size_t n = s->n, np = s->nparams;
    double *row = s->boot + b * np;
    double *tau = s->ordinal ? s->ordinal->boot_th + b * nth_of(s) : NULL;
    adx_rng_t rng;
    adx_rng_init(&rng, seed, b);
    for (size_t i = 0; i < n; i++)
        idx[i] = (size_t)adx_rng_below(&rng, n);
    int bad;
    if (s->ordinal) {
        bad = refit_ordinal(s, w, idx, n, row, tau);
    } else if (s->fiml) {
        bad = refit_fiml(s, w, idx, n, row);
    } else {
        resample_cov(s, idx, w->v, w->S);
        bad = refit(s, e, w->S, w->v, w->ybar, w->th, row);
    }
    if (bad) {
        for (size_t r = 0; r < np; r++)
            row[r] = NAN;
        for (size_t k = 0; tau && k < nth_of(s); k++)
            tau[k] = NAN;
        return REP_FAILED;
    }
    for (size_t r = 0; r < np; r++)
        if (e->kind[r] == ADX__PK_S && e->ri[r] == e->rj[r] && s->params[r].free && row[r] < 0)
            return REP_HEYWOOD;
    return REP_OK;
}

typedef struct {
    unsigned long long seed;
    int *status;
} boot_t;

static void boot_item(adx_sem_t *s, worker_t *w, size_t b, void *ud)
{
    const boot_t *bt = ud;
    bt->status[b] = replicate(s, w, b, bt->seed);
}

/* SE and limits of row r from its k usable replicates (col, sorted here). */
void adx__sem_boot_row(adx_sem_param_t *pr, double *col, size_t k, double accel, double level)
{
    adx__mean_sd(col, k, 1, 0, NULL, &pr->boot_se, NULL);
    qsort(col, k, sizeof *col, adx__cmp_double);
    adx__boot_limits(col, k, pr->est, NAN, level, ADX__BOOT_PERCENTILE, ADX__Q_R7,
                     &pr->boot_lower, &pr->boot_upper);
    /* every replicate on one side of the estimate (z0 infinite): no BC or BCa
     * limits, as lavaan */
    if (adx__boot_limits(col, k, pr->est, 0.0, level, ADX__BOOT_BC, ADX__Q_R7,
                         &pr->boot_bc_lower, &pr->boot_bc_upper)) {
        pr->boot_bc_lower = pr->boot_bc_upper = NAN;
        return;
    }
    adx__boot_limits(col, k, pr->est, accel, level, ADX__BOOT_BCA, ADX__Q_R7,
                     &pr->boot_bca_lower, &pr->boot_bca_upper);
}

/* The boot_* fields of pr from column r of the B x w replicates rep (failed ones left
 * out); col is B scratch. */
static void summarize_row(adx_sem_param_t *pr, const double *rep, size_t w, size_t r, size_t B,
                          const int *status, double accel, double level, double *col)
{
    size_t k = 0;
    for (size_t b = 0; b < B; b++)
        if (status[b] != REP_FAILED)
            col[k++] = rep[b * w + r];
    pr->boot_se = pr->boot_lower = pr->boot_upper = NAN;
    pr->boot_bc_lower = pr->boot_bc_upper = NAN;
    pr->boot_bca_lower = pr->boot_bca_upper = NAN;
    pr->boot_accel = accel;
    if (k >= 2 && (pr->free || pr->op == ADX_SEM_DEFINE))
        adx__sem_boot_row(pr, col, k, accel, level);
}

/* Replicate counts and the boot_* fields of every row and threshold. */
static adx_error_t summarize(adx_sem_t *s, size_t B, const int *status, adx_errctx_t *ctx)
{
    size_t np = s->nparams, nth = nth_of(s);
    double *col = malloc(B * sizeof *col), *accel = malloc((np + nth + 1) * sizeof *accel);
    adx_error_t rc = ADX_OK;
    if (!col || !accel || jackknife_accel(s, accel)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t r = 0; r < np; r++)
        summarize_row(&s->params[r], s->boot, np, r, B, status, accel[r], s->opt.ci_level, col);
    for (size_t k = 0; k < nth; k++) {
        adx_sem_param_t *pr = &s->ordinal->th_boot[k];
        memset(pr, 0, sizeof *pr);
        pr->free = 1;
        pr->op = s->ordinal->th_k[k] ? ADX_SEM_THRESHOLD : ADX_SEM_INTERCEPT;
        pr->lhs = s->ordinal->th_var[k]; /* not owned */
        pr->est = s->ordinal->th[k];
        summarize_row(pr, s->ordinal->boot_th, nth, k, B, status, accel[np + k],
                      s->opt.ci_level, col);
    }
cleanup:
    free(col);
    free(accel);
    return rc;
}

adx_error_t adx_sem_bootstrap(adx_sem_t *s, size_t B, unsigned long long seed,
                              adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    int *status = NULL;
    if (!s->fitted || !(s->data || (s->fiml && s->fiml->cases)) || !s->theta)
        return adx_err(ctx, ADX_EUSAGE, "%s: the bootstrap needs a model fitted to raw data "
                                        "(not to a covariance matrix)",
                       s->source);
    if (B < 2 || B > BOOT_MAX)
        return adx_err(ctx, ADX_EUSAGE, "the number of bootstrap samples must be 2 to 10^7");
    free(s->boot);
    s->boot = malloc(B * s->nparams * sizeof(double));
    status = calloc(B, sizeof *status);
    if (s->ordinal) {
        ADX__FREE(s->ordinal->boot_th, s->ordinal->th_boot);
        s->ordinal->boot_th = malloc((B * nth_of(s) + 1) * sizeof(double));
        s->ordinal->th_boot = malloc((nth_of(s) + 1) * sizeof(adx_sem_param_t));
    }
    boot_t bt = {seed, status};
    if (!s->boot || !status || (s->ordinal && (!s->ordinal->boot_th || !s->ordinal->th_boot)) ||
        parallel_items(s, B, boot_item, &bt)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    s->boot_requested = B;
    s->boot_seed = seed;
    s->boot_failed = s->boot_heywood = 0;
    for (size_t b = 0; b < B; b++) {
        s->boot_failed += status[b] == REP_FAILED;
        s->boot_heywood += status[b] == REP_HEYWOOD;
    }
    s->boot_used = B - s->boot_failed;
    rc = summarize(s, B, status, ctx);
cleanup:
    if (rc) { /* no half-filled replicates behind an error */
        free(s->boot);
        s->boot = NULL;
        s->boot_requested = s->boot_used = 0;
        if (s->ordinal) {
            ADX__FREE(s->ordinal->boot_th, s->ordinal->th_boot);
            s->ordinal->boot_th = NULL;
            s->ordinal->th_boot = NULL;
        }
    }
    free(status);
    return rc;
}
