/* `power mediate`: the grid of N, the replications of each (OpenMP threads and,
 * through the gather callback, MPI processes), the warp-speed pooling, and the
 * refinement towards a target power. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../base/base.h"
#include "mc_rep.h"

void adx_pmed_options_init(adx_pmed_options_t *o)
{
    static const adx_pmed_options_t defaults = {
        .model = 4, .k = 1, .reps = 1000, .seed = 1, .test = ADX_PTEST_JOINT, .boot = 1000,
        .mc_draws = 10000, .alpha = 0.05, .nranks = 1};
    *o = defaults;
}

const char *adx_pmed_test_name(adx_pmed_test_t t)
{
    static const char *names[] = {"joint", "sobel", "mc", "percentile", "bc"};
    return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

void adx_pmed_free(adx_pmed_t *r)
{
    if (!r)
        return;
    free(r->cond);
    free(r);
}

/* The smallest N the model can be estimated at: every equation keeps 1 df. */
static size_t n_min(const mc_model_t *m)
{
    int p = 0;
    for (int e = 0; e < m->neq; e++)
        if (m->eq[e].np > p)
            p = m->eq[e].np;
    return (size_t)p + 1;
}

/* The model and its number of mediators, checked before the model is built. */
static adx_error_t check_model(const adx_pmed_options_t *o, adx_errctx_t *ctx)
{
    if (o->model != 4 && o->model != 6 && o->model != 7 && o->model != 14)
        return adx_err(ctx, ADX_EUSAGE, "--model %d: power mediate has models 4, 6, 7 and 14",
                       o->model);
    if (o->model == 4 ? (o->k < 1 || o->k > ADX_PMED_MAXK) : o->k != (o->model == 6 ? 2u : 1u))
        return adx_err(ctx, ADX_EUSAGE, "%zu mediators: model %d takes %s", o->k, o->model,
                       o->model == 4 ? "1 to 10" : o->model == 6 ? "2 (serial)" : "1");
    return ADX_OK;
}

static adx_error_t check(const adx_pmed_options_t *o, const mc_model_t *m, adx_errctx_t *ctx)
{
    if (!o->nn || !o->reps)
        return adx_err(ctx, ADX_EUSAGE, "%s: give at least 1", o->nn ? "--reps 0" : "no --n");
    for (size_t i = 0; i < o->nn; i++)
        if (o->n[i] < n_min(m) || o->n[i] > 0xffffffffu)
            return adx_err(ctx, ADX_EUSAGE, "--n %zu: model %d needs N of at least %zu", o->n[i],
                           o->model, n_min(m));
    if (!(o->alpha > 0 && o->alpha < 1))
        return adx_err(ctx, ADX_EUSAGE, "--alpha %g: give a level between 0 and 1", o->alpha);
    if (o->target != 0 && !(o->target > 0 && o->target < 1))
        return adx_err(ctx, ADX_EUSAGE, "--target %g: give a power between 0 and 1", o->target);
    if (o->warp && o->test != ADX_PTEST_PERCENTILE)
        return adx_err(ctx, ADX_EUSAGE, "--warp is the percentile bootstrap's method: give "
                       "--test percentile");
    if ((o->test == ADX_PTEST_PERCENTILE || o->test == ADX_PTEST_BC) && !o->warp && o->boot < 2)
        return adx_err(ctx, ADX_EUSAGE, "--boot %zu: give at least 2 resamples", o->boot);
    if (o->test == ADX_PTEST_MC && o->mc_draws < 2)
        return adx_err(ctx, ADX_EUSAGE, "--mc-draws %zu: give at least 2", o->mc_draws);
    return ADX_OK;
}

/* This process's replications of condition c into recs; -1 when memory ran out. */
static int run_reps(const mc_cond_t *c, double *recs)
{
    const adx_pmed_options_t *o = c->o;
    size_t rs = MC_REC(c->m), lo = o->rank * o->reps / o->nranks;
    size_t hi = (o->rank + 1) * o->reps / o->nranks;
    int fail = 0;
#ifdef _OPENMP
    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel num_threads(nt) reduction(| : fail)
#endif
    {
        mc_work_t w;
        if (adx__mc_work_open(&w, c))
            fail = 1;
        else {
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
            for (size_t r = lo; r < hi; r++)
                adx__mc_replication(c, &w, r, recs + r * rs);
            adx__mc_work_close(&w);
        }
    }
    return fail ? -1 : 0;
}

/* Warp speed (Giacomini, Politis & White 2013): the deviations of each
 * replication's one resample from its estimate, pooled over replications, stand
 * for every replication's bootstrap distribution. */
static int warp_decide(const mc_model_t *m, const adx_pmed_options_t *o, double *recs)
{
    size_t rs = MC_REC(m), nok = 0;
    double *d = malloc(sizeof *d * o->reps);
    if (!d)
        return -1;
    for (int f = 0; f < m->neff; f++) {
        nok = 0;
        for (size_t r = 0; r < o->reps; r++)
            if (!recs[r * rs])
                d[nok++] = recs[r * rs + MC_STAR(m) + f] - recs[r * rs + MC_EST(m) + f];
        qsort(d, nok, sizeof *d, adx__cmp_double);
        double qlo = adx__quantile(d, nok, o->alpha / 2, ADX__Q_R7);
        double qhi = adx__quantile(d, nok, 1 - o->alpha / 2, ADX__Q_R7);
        for (size_t r = 0; r < o->reps; r++) {
            double est = recs[r * rs + MC_EST(m) + f];
            recs[r * rs + MC_SIG + f] = est + qlo > 0 || est + qhi < 0;
        }
    }
    free(d);
    return 0;
}

static void summarize(const mc_model_t *m, const adx_pmed_options_t *o, const double *recs,
                      adx_pmed_cond_t *out)
{
    size_t rs = MC_REC(m), ok = 0;
    for (size_t r = 0; r < o->reps; r++)
        ok += recs[r * rs] == 0;
    out->failed = o->reps - ok;
    for (int f = 0; f < m->neff; f++) {
        double hits = 0, sum = 0;
        for (size_t r = 0; r < o->reps; r++)
            if (recs[r * rs] == 0) {
                hits += recs[r * rs + MC_SIG + f];
                sum += recs[r * rs + MC_EST(m) + f];
            }
        double p = ok ? hits / (double)ok : 0.0;
        out->power[f] = p;
        out->mc_se[f] = ok ? sqrt(p * (1 - p) / (double)ok) : 0.0;
        out->mean[f] = ok ? sum / (double)ok : 0.0;
    }
}

/* Runs one condition (N = n) into out. */
static adx_error_t run_condition(const adx_pmed_options_t *o, const mc_model_t *m, size_t n,
                                 adx_pmed_cond_t *out, adx_errctx_t *ctx)
{
    mc_cond_t c = {.o = o, .m = m, .n = n};
    for (int e = 0; e < m->neq; e++)
        c.tcrit[e] = gsl_cdf_tdist_Qinv(o->alpha / 2, (double)n - m->eq[e].np);
    c.zcrit = gsl_cdf_ugaussian_Qinv(o->alpha / 2);
    size_t rs = MC_REC(m);
    double *recs = calloc(o->reps * rs, sizeof *recs);
    adx_error_t rc = ADX_OK;
    if (!recs || run_reps(&c, recs))
        rc = adx_oom(ctx);
    else if (o->nranks > 1 && o->gather &&
             o->gather(o->gather_ctx, (unsigned char *)recs, rs * sizeof *recs, o->reps))
        rc = adx_err(ctx, ADX_EIO, "the replications of N = %zu could not be gathered", n);
    else if (o->warp && warp_decide(m, o, recs))
        rc = adx_oom(ctx);
    if (!rc) {
        memset(out, 0, sizeof *out);
        out->n = n;
        summarize(m, o, recs, out);
    }
    free(recs);
    return rc;
}

static int cmp_cond(const void *a, const void *b)
{
    size_t x = ((const adx_pmed_cond_t *)a)->n, y = ((const adx_pmed_cond_t *)b)->n;
    return x < y ? -1 : x > y;
}

/* Bisection between the last grid N below the target and the first at or above it. */
static adx_error_t refine(const adx_pmed_options_t *o, const mc_model_t *m, adx_pmed_t *r,
                          size_t cap, adx_errctx_t *ctx)
{
    size_t first = r->ncond;
    for (size_t i = 0; i < r->ncond && first == r->ncond; i++)
        if (r->cond[i].power[0] >= o->target)
            first = i;
    if (first == r->ncond)
        return ADX_OK; /* not reached on the grid */
    size_t hi = r->cond[first].n, lo = first ? r->cond[first - 1].n : hi;
    while (hi - lo > 1 && r->ncond < cap) {
        size_t mid = lo + (hi - lo) / 2;
        adx_error_t rc = run_condition(o, m, mid, &r->cond[r->ncond], ctx);
        if (rc)
            return rc;
        if (r->cond[r->ncond++].power[0] >= o->target)
            hi = mid;
        else
            lo = mid;
    }
    r->n_for_target = (double)hi;
    return ADX_OK;
}

adx_error_t adx_power_mediate(const adx_pmed_options_t *o, adx_pmed_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    mc_model_t m;
    adx_pmed_t *r = calloc(1, sizeof *r);
    size_t cap = o->nn + 64;
    if (!r || !(r->cond = calloc(cap, sizeof *r->cond))) {
        adx_pmed_free(r);
        return adx_oom(ctx);
    }
    adx_error_t rc = check_model(o, ctx);
    if (!rc)
        rc = adx__mc_build(o, &m, r, ctx);
    if (!rc)
        rc = check(o, &m, ctx);
    if (!rc && o->check_only) {
        adx_pmed_free(r);
        return ADX_OK;
    }
    for (size_t i = 0; !rc && i < o->nn; i++) {
        rc = run_condition(o, &m, o->n[i], &r->cond[r->ncond++], ctx);
        if (o->progress)
            o->progress(o->progress_ctx, (double)(i + 1) / (double)(o->nn + (o->target > 0)));
    }
    if (!rc)
        qsort(r->cond, r->ncond, sizeof *r->cond, cmp_cond);
    if (!rc && o->target > 0)
        rc = refine(o, &m, r, cap, ctx);
    if (rc) {
        adx_pmed_free(r);
        return rc;
    }
    qsort(r->cond, r->ncond, sizeof *r->cond, cmp_cond);
    *out = r;
    return ADX_OK;
}
