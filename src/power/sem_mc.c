/* `power sem`: Monte Carlo power of any SEM (the simsem job). Per N and
 * replication: data from the population model (`simulate`), the analysis model
 * fitted by ML; per reported parameter the decision, the estimate and whether the
 * Wald interval covers the population value; and the fit indices. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "ambidex/adx_power.h"
#include "ambidex/adx_sim.h"

/* A replication's record: [0] converged, [1..5] cfi, rmsea, srmr, chisq, chi-square
 * rejects; then per parameter: significant, estimate, covered. */
#define PS_FIT 6
#define PS_REC(np) ((size_t)PS_FIT + 3 * (np))

typedef struct {
    const adx_psem_options_t *o;
    const adx_sem_syntax_t *analysis;
    size_t npar;
    size_t *row;      /* parameter-table rows reported */
    const double *pop;
} psem_t;

void adx_psem_options_init(adx_psem_options_t *o)
{
    static const adx_psem_options_t defaults = {
        .reps = 1000, .seed = 1, .alpha = 0.05, .cfi_cut = 0.95, .rmsea_cut = 0.06,
        .nranks = 1};
    *o = defaults;
}

void adx_psem_free(adx_psem_t *r)
{
    if (!r)
        return;
    adx__free_strings(r->name, r->npar);
    adx__free_strings(r->label, r->npar);
    for (size_t i = 0; r->cond && i < r->ncond; i++)
        free(r->cond[i].power);
    ADX__FREE(r->pop, r->cond, r);
}

static void sem_opts(const adx_psem_options_t *o, adx_sem_options_t *so)
{
    adx_sem_options_init(so);
    so->ci_level = 1 - o->alpha;
    so->threads = 1;
}

/* The rows to report: labelled free parameters and := effects; else the free
 * regressions; else the free loadings. */
static size_t pick_rows(const adx_sem_t *s, size_t *row)
{
    size_t k = 0;
    for (size_t i = 0; i < s->nparams; i++) {
        const adx_sem_param_t *q = &s->params[i];
        if (q->op == ADX_SEM_DEFINE || (q->free && q->label && q->label[0]))
            row[k++] = i;
    }
    for (int op = ADX_SEM_REGRESS; !k && op >= ADX_SEM_MEASURE; op--)
        for (size_t i = 0; i < s->nparams; i++)
            if (s->params[i].free && s->params[i].op == (adx_sem_op_t)op && s->params[i].user)
                row[k++] = i;
    return k;
}

/* The population matrix in the order of the model's observed variables. */
static adx_error_t pop_matrix(const adx_sem_t *s, char **names, size_t np, const double *cov,
                              double *S, adx_errctx_t *ctx)
{
    for (size_t a = 0; a < s->p; a++) {
        size_t ia = np;
        for (size_t j = 0; j < np && ia == np; j++)
            if (!strcmp(names[j], s->names[a]))
                ia = j;
        if (ia == np)
            return adx_err(ctx, ADX_ENOVAR, "%s:%zu:%zu: '%s' is not a variable of the "
                           "population model; the analysis model can use only its observed "
                           "variables", s->source, s->name_line[a], s->name_col[a],
                           s->names[a]);
        for (size_t b = 0; b < s->p; b++)
            for (size_t j = 0; j < np; j++)
                if (!strcmp(names[j], s->names[b]))
                    S[a + b * s->p] = cov[ia + j * np];
    }
    return ADX_OK;
}

/* The analysis model fitted to the population matrix: the population values in its
 * parameterization, the rows reported and their names, the df. */
static adx_error_t population_values(psem_t *c, adx_psem_t *r, adx_errctx_t *ctx)
{
    char **names = NULL;
    size_t np = 0;
    double *cov = NULL, *S = NULL;
    adx_sem_t *s = NULL;
    adx_sem_options_t so;
    sem_opts(c->o, &so);
    adx_error_t rc = adx_sim_population(c->o->population, &names, &np, &cov, ctx);
    if (!rc)
        rc = adx_sem_build(c->analysis, &so, &s, ctx);
    if (!rc && !(S = malloc(sizeof *S * s->p * s->p)))
        rc = adx_oom(ctx);
    if (!rc)
        rc = pop_matrix(s, names, np, cov, S, ctx);
    if (!rc && (rc = adx_sem_fit_cov(s, S, 1000000, ctx)) && rc != ADX_ENOMEM) {
        char why[ADX_ERRMSG_MAX];
        snprintf(why, sizeof why, "%s", ctx->msg);
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "the analysis model cannot be fitted to the population matrix: %s", why);
    }
    if (!rc && (!(c->row = malloc(sizeof *c->row * (s->nparams + 1))) ||
                !(r->pop = malloc(sizeof *r->pop * (s->nparams + 1))) ||
                !(r->name = calloc(s->nparams + 1, sizeof *r->name)) ||
                !(r->label = calloc(s->nparams + 1, sizeof *r->label))))
        rc = adx_oom(ctx);
    if (!rc) {
        c->npar = r->npar = pick_rows(s, c->row);
        r->df = s->fit.df;
    }
    for (size_t k = 0; !rc && k < r->npar; k++) {
        const adx_sem_param_t *q = &s->params[c->row[k]];
        r->pop[k] = q->est;
        adx__sb_t b = {0};
        adx__sb_printf(&b, "%s %s %s", q->lhs, adx_sem_op_name(q->op), q->rhs);
        r->name[k] = adx__sb_take(&b);
        r->label[k] = adx__strdup(q->label ? q->label : "");
        if (!r->name[k] || !r->label[k])
            rc = adx_oom(ctx);
    }
    c->pop = r->pop;
    adx__free_strings(names, np);
    adx_sem_free(s);
    ADX__FREE(cov, S);
    return rc;
}

/* Replication rep at N = n into rec; -1 when memory ran out. */
static int replication(const psem_t *c, size_t n, size_t rep, double *rec)
{
    const adx_psem_options_t *o = c->o;
    adx_rng_t rng;
    adx_rng_init(&rng, o->seed, ((uint64_t)n << 32) | (uint64_t)rep);
    adx_sim_options_t sim;
    adx_sim_options_init(&sim);
    sim.n = n;
    sim.seed = adx_rng_next(&rng);
    sim.likert = o->likert;
    sim.missing = o->missing;
    adx_sem_options_t so;
    sem_opts(o, &so);
    adx_errctx_t local = {0};
    adx_dataset_t *ds = NULL;
    adx_sem_t *s = NULL;
    memset(rec, 0, sizeof *rec * PS_REC(c->npar));
    adx_error_t rc = adx_simulate(o->population, &sim, &ds, &local);
    if (!rc)
        rc = adx_sem_build(c->analysis, &so, &s, &local);
    if (!rc)
        rc = adx_sem_fit_dataset(s, ds, &local);
    if (!rc && s->converged) {
        const adx_sem_fit_t *f = &s->fit;
        double v[PS_FIT] = {1, f->cfi, f->rmsea, f->srmr, f->chisq, f->pvalue < o->alpha};
        memcpy(rec, v, sizeof v);
        for (size_t k = 0; k < c->npar; k++) {
            const adx_sem_param_t *q = &s->params[c->row[k]];
            double *x = rec + PS_FIT + 3 * k;
            x[0] = q->pvalue < o->alpha;
            x[1] = q->est;
            x[2] = q->ci_lower <= c->pop[k] && c->pop[k] <= q->ci_upper;
        }
    }
    adx_sem_free(s);
    adx_dataset_free(ds);
    return rc == ADX_ENOMEM ? -1 : 0;
}

/* The condition's shares and means over the converged replications. */
static void summarize(const psem_t *c, const double *recs, adx_psem_cond_t *out)
{
    const adx_psem_options_t *o = c->o;
    size_t rs = PS_REC(c->npar), ok = 0;
    double sum[PS_FIT] = {0}, cfi_ok = 0, rmsea_ok = 0;
    for (size_t r = 0; r < o->reps; r++) {
        const double *x = recs + r * rs;
        if (!x[0])
            continue;
        ok++;
        for (int j = 1; j < PS_FIT; j++)
            sum[j] += x[j];
        cfi_ok += x[1] >= o->cfi_cut;
        rmsea_ok += x[2] <= o->rmsea_cut;
    }
    double d = ok ? (double)ok : NAN;
    out->converged = ok;
    out->mean_cfi = sum[1] / d;
    out->mean_rmsea = sum[2] / d;
    out->mean_srmr = sum[3] / d;
    out->mean_chisq = sum[4] / d;
    out->chisq_reject = sum[5] / d;
    out->cfi_ok = cfi_ok / d;
    out->rmsea_ok = rmsea_ok / d;
    for (size_t k = 0; k < c->npar; k++) {
        double s3[3] = {0, 0, 0};
        for (size_t r = 0; r < o->reps; r++)
            if (recs[r * rs])
                for (int j = 0; j < 3; j++)
                    s3[j] += recs[r * rs + PS_FIT + 3 * k + (size_t)j];
        double p = s3[0] / d;
        out->power[k] = p;
        out->mc_se[k] = sqrt(p * (1 - p) / d);
        out->mean[k] = s3[1] / d;
        out->rel_bias[k] = c->pop[k] != 0 ? (out->mean[k] - c->pop[k]) / fabs(c->pop[k]) : NAN;
        out->coverage[k] = s3[2] / d;
    }
}

static adx_error_t run_condition(const psem_t *c, size_t n, adx_psem_cond_t *out,
                                 adx_errctx_t *ctx)
{
    const adx_psem_options_t *o = c->o;
    size_t rs = PS_REC(c->npar);
    double *recs = calloc(o->reps * rs, sizeof *recs);
    size_t lo = o->rank * o->reps / o->nranks, hi = (o->rank + 1) * o->reps / o->nranks;
    out->n = n;
    out->power = malloc(sizeof *out->power * 5 * (c->npar + 1));
    if (!recs || !out->power) {
        free(recs);
        return adx_oom(ctx);
    }
    out->mc_se = out->power + c->npar;
    out->mean = out->mc_se + c->npar;
    out->rel_bias = out->mean + c->npar;
    out->coverage = out->rel_bias + c->npar;
    int fail = 0;
#ifdef _OPENMP
    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt) reduction(| : fail)
#endif
    for (size_t r = lo; r < hi; r++)
        fail |= replication(c, n, r, recs + r * rs);
    adx_error_t rc = fail ? adx_oom(ctx) : ADX_OK;
    if (!rc && o->nranks > 1 && o->gather &&
        o->gather(o->gather_ctx, (unsigned char *)recs, rs * sizeof *recs, o->reps))
        rc = adx_err(ctx, ADX_EIO, "the replications of N = %zu could not be gathered", n);
    if (!rc)
        summarize(c, recs, out);
    free(recs);
    return rc;
}

/* The population with every value freed (labels kept): the default analysis. */
static adx_sem_syntax_t *freed_copy(const adx_sem_syntax_t *pop)
{
    adx_sem_syntax_t *a = calloc(1, sizeof *a);
    if (!a || !(a->items = malloc(sizeof *a->items * (pop->n + 1)))) {
        free(a);
        return NULL;
    }
    a->n = pop->n;
    a->source = pop->source;
    for (size_t i = 0; i < pop->n; i++) {
        a->items[i] = pop->items[i];
        a->items[i].has_value = 0;
    }
    return a;
}

static adx_error_t check(const adx_psem_options_t *o, adx_errctx_t *ctx)
{
    if (!o->nn || !o->reps)
        return adx_err(ctx, ADX_EUSAGE, "%s: give at least 1", o->nn ? "--reps 0" : "no --n");
    for (size_t i = 0; i < o->nn; i++)
        if (o->n[i] < 3 || o->n[i] > 0xffffffffu)
            return adx_err(ctx, ADX_EUSAGE, "--n %zu: give at least 3 cases", o->n[i]);
    if (!(o->alpha > 0 && o->alpha < 1))
        return adx_err(ctx, ADX_EUSAGE, "--alpha %g: give a level between 0 and 1", o->alpha);
    if (!o->nranks || o->rank >= o->nranks)
        return adx_err(ctx, ADX_EUSAGE, "process %zu of %zu: give a rank below the process "
                       "count", o->rank, o->nranks);
    if (!(o->missing >= 0 && o->missing < 1))
        return adx_err(ctx, ADX_EUSAGE, "--missing %g: give a share in [0, 1)", o->missing);
    return ADX_OK;
}

adx_error_t adx_power_sem(const adx_psem_options_t *o, adx_psem_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_sem_syntax_t *freed = NULL;
    psem_t c = {.o = o, .analysis = o->analysis};
    adx_psem_t *r = calloc(1, sizeof *r);
    adx_error_t rc = r ? check(o, ctx) : adx_oom(ctx);
    if (!rc && !c.analysis && !(c.analysis = freed = freed_copy(o->population)))
        rc = adx_oom(ctx);
    if (!rc)
        rc = population_values(&c, r, ctx);
    if (!rc && !o->check_only && !(r->cond = calloc(o->nn, sizeof *r->cond)))
        rc = adx_oom(ctx);
    for (size_t i = 0; !rc && !o->check_only && i < o->nn; i++) {
        rc = run_condition(&c, o->n[i], &r->cond[r->ncond++], ctx);
        if (o->progress)
            o->progress(o->progress_ctx, (double)(i + 1) / (double)o->nn);
    }
    if (freed)
        free(freed->items);
    free(freed);
    free(c.row);
    if (rc || o->check_only)
        adx_psem_free(r);
    else
        *out = r;
    return rc;
}
