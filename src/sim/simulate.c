/* Data simulation from a population model (RAM formulation).
 *
 * Variables v = (observed, latent); A holds the directed paths (A[i][j]: effect
 * of j on i, loadings included), S the (residual) variances and covariances.
 * Sigma = (I - A)^-1 S (I - A)^-T. Residual variances of endogenous variables
 * are solved so that every variance is 1 unless the user fixed it. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "ambidex/adx_sim.h"

void adx_sim_options_init(adx_sim_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->n = 200;
    o->seed = 1;
    o->likert_mean = NAN;
    o->likert_sd = NAN;
}

typedef struct {
    char **names;
    int *latent;
    int *endog;      /* has an incoming path */
    int *var_given;  /* variance fixed by the user */
    int *indicator;  /* indicator of a latent variable */
    size_t k, cap;
} vars_t;

static long var_index(vars_t *v, const char *name, int add)
{
    for (size_t i = 0; i < v->k; i++)
        if (!strcmp(v->names[i], name))
            return (long)i;
    if (!add)
        return -1;
    if (v->k == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 32;
        char **n = realloc(v->names, cap * sizeof *n);
        if (!n)
            return -2;
        v->names = n;
        int **arrs[] = {&v->latent, &v->endog, &v->var_given, &v->indicator};
        for (int a = 0; a < 4; a++) {
            int *p = realloc(*arrs[a], cap * sizeof *p);
            if (!p)
                return -2;
            *arrs[a] = p;
        }
        v->cap = cap;
    }
    if (!(v->names[v->k] = adx__strdup(name)))
        return -2;
    v->latent[v->k] = v->endog[v->k] = v->var_given[v->k] = v->indicator[v->k] = 0;
    return (long)v->k++;
}

/* The population model: variables, paths A and (residual) covariances S,
 * k x k column-major; B = (I - A)^-1 and Sig = B S B' once solved. */
typedef struct {
    const char *src;
    vars_t v;
    size_t k;
    double *A, *S, *B, *Sig, *tmp;
} pop_t;

static void pop_free(pop_t *p)
{
    adx__free_strings(p->v.names, p->v.k);
    ADX__FREE(p->v.latent, p->v.endog, p->v.var_given, p->v.indicator, p->A, p->S, p->B, p->Sig,
              p->tmp);
}

/* Collects the variable names: latent variables first, in order of appearance,
 * then every other name; refuses product terms. */
static adx_error_t collect_vars(const adx_sem_syntax_t *model, pop_t *p, adx_errctx_t *ctx)
{
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_MEASURE) {
            long i = var_index(&p->v, st->lhs, 1);
            if (i < 0)
                return adx_oom(ctx);
            p->v.latent[i] = 1;
        }
    }
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_DEFINE || st->op == ADX_SEM_INTERCEPT)
            continue;
        if (st->op == ADX_SEM_FORMATIVE)
            return adx_err(ctx, ADX_EUNSUPPORTED, "%s:%zu:%zu: composites (<~) cannot be "
                                                  "simulated; write the composite's paths as "
                                                  "regressions",
                           p->src, st->line, st->col);
        if (strchr(st->rhs, ':') || strchr(st->lhs, ':'))
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s:%zu:%zu: product terms cannot be simulated from a covariance "
                           "model; simulate the main effects and compute the product",
                           p->src, st->line, st->col);
        if (var_index(&p->v, st->lhs, 1) < 0 || var_index(&p->v, st->rhs, 1) < 0)
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* Enters one statement's value into A or S. */
static adx_error_t set_value(pop_t *p, const adx_sem_stmt_t *st, adx_errctx_t *ctx)
{
    size_t k = p->k;
    size_t l = (size_t)var_index(&p->v, st->lhs, 0), r = (size_t)var_index(&p->v, st->rhs, 0);
    if (st->free_na)
        return adx_err(ctx, ADX_EUSAGE,
                       "%s:%zu:%zu: NA* frees a parameter; a population model needs values",
                       p->src, st->line, st->col);
    switch (st->op) {
    case ADX_SEM_MEASURE:
        p->A[r + l * k] = st->has_value ? st->value : 0.7;
        p->v.endog[r] = 1;
        p->v.indicator[r] = 1;
        break;
    case ADX_SEM_REGRESS:
        if (!st->has_value)
            return adx_err(ctx, ADX_EUSAGE,
                           "%s:%zu:%zu: give the population value of the effect, e.g. "
                           "%s ~ 0.3*%s",
                           p->src, st->line, st->col, st->lhs, st->rhs);
        p->A[l + r * k] = st->value;
        p->v.endog[l] = 1;
        break;
    case ADX_SEM_COV:
        if (!st->has_value)
            return adx_err(ctx, ADX_EUSAGE,
                           "%s:%zu:%zu: give the population value, e.g. %s ~~ 0.3*%s", p->src,
                           st->line, st->col, st->lhs, st->rhs);
        if (l == r) {
            if (!(st->value > 0))
                return adx_err(ctx, ADX_EDOMAIN, "%s:%zu:%zu: a variance must be positive",
                               p->src, st->line, st->col);
            p->v.var_given[l] = 1;
        }
        p->S[l + r * k] = p->S[r + l * k] = st->value;
        break;
    default:
        break;
    }
    return ADX_OK;
}

/* Reads the model into A and S (unit variances unless given). */
static adx_error_t build_model(const adx_sem_syntax_t *model, pop_t *p, adx_errctx_t *ctx)
{
    adx_error_t rc = collect_vars(model, p, ctx);
    if (rc)
        return rc;
    size_t k = p->k = p->v.k;
    if (!(p->A = calloc(k * k, sizeof *p->A)) || !(p->S = calloc(k * k, sizeof *p->S)) ||
        !(p->B = calloc(k * k, sizeof *p->B)) || !(p->Sig = calloc(k * k, sizeof *p->Sig)) ||
        !(p->tmp = calloc(k * k, sizeof *p->tmp)))
        return adx_oom(ctx);
    for (size_t i = 0; i < k; i++)
        p->S[i + i * k] = 1;
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_DEFINE || st->op == ADX_SEM_INTERCEPT)
            continue;
        if ((rc = set_value(p, st, ctx)))
            return rc;
    }
    return ADX_OK;
}

/* B = (I - A)^-1, then the residual variances: S_jj += 1 - Sigma_jj for
 * endogenous j until all variances are 1 (exact after as many rounds as the
 * longest path). Leaves Sig = B S B'. */
static adx_error_t solve_variances(pop_t *p, adx_errctx_t *ctx)
{
    size_t k = p->k;
    double *B = p->B, *S = p->S, *Sig = p->Sig;
    for (size_t i = 0; i < k * k; i++)
        B[i] = -p->A[i];
    for (size_t i = 0; i < k; i++)
        B[i + i * k] += 1;
    adx_error_t rc = adx__inverse(B, k);
    if (rc == ADX_ENOMEM)
        return adx_oom(ctx);
    if (rc)
        return adx_err(ctx, ADX_ESINGULAR,
                       "%s: the paths form a loop with no solution (I - A is singular)", p->src);
    for (int iter = 0;; iter++) {
        int ki = (int)k;
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, ki, ki, ki, 1.0, B, ki, S, ki,
                    0.0, p->tmp, ki);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, ki, ki, ki, 1.0, p->tmp, ki, B, ki,
                    0.0, Sig, ki);
        double worst = 0;
        for (size_t j = 0; j < k; j++)
            if (p->v.endog[j] && !p->v.var_given[j]) {
                double d = 1 - Sig[j + j * k];
                worst = fmax(worst, fabs(d));
                S[j + j * k] += d;
            }
        if (worst < 1e-13)
            break;
        if (iter == 200)
            return adx_err(ctx, ADX_ECONVERGE,
                           "%s: residual variances did not settle (a feedback loop?)", p->src);
    }
    for (size_t j = 0; j < k; j++)
        if (p->v.endog[j] && !p->v.var_given[j] && !(S[j + j * k] > 0))
            return adx_err(ctx, ADX_EDOMAIN,
                           "%s: the effects on '%s' explain %.3f of its variance (more than 1); "
                           "use smaller loadings or paths",
                           p->src, p->v.names[j], 1 - S[j + j * k]);
    return ADX_OK;
}

/* The dataset: `id` and one column per observed variable (cols[j], NULL for
 * latent j, point into ds). */
static adx_error_t new_dataset(const pop_t *p, size_t n, adx_dataset_t **out, double **cols,
                               adx_errctx_t *ctx)
{
    adx_dataset_t *ds = adx_dataset_alloc(n, p->src);
    double *id = ds ? malloc(n * sizeof *id) : NULL;
    if (!id) {
        adx_dataset_free(ds);
        return adx_oom(ctx);
    }
    for (size_t i = 0; i < n; i++)
        id[i] = (double)(i + 1);
    adx_error_t rc = adx_dataset_add_numeric(ds, "id", id, NULL, ctx);
    for (size_t j = 0; !rc && j < p->k; j++) {
        if (p->v.latent[j])
            continue;
        double *c = malloc(n * sizeof *c);
        size_t idx;
        if (!c || adx_dataset_add_numeric(ds, p->v.names[j], c, &idx, ctx))
            rc = adx_oom(ctx);
        else
            cols[j] = ds->vars[idx].num;
    }
    if (rc) {
        adx_dataset_free(ds);
        return rc;
    }
    *out = ds;
    return ADX_OK;
}

/* Draws the cases: z ~ N(0, I) per case from stream (seed, i), x = L z for the
 * observed variables, then categories and missing values. */
static void draw_cases(const pop_t *p, const double *L, const adx_sim_options_t *o,
                       double *const *cols, double *z)
{
    size_t k = p->k;
    int likert = o->likert > 1 ? o->likert : 0;
    double lmean = isnan(o->likert_mean) ? (likert + 1) / 2.0 : o->likert_mean;
    double lsd = isnan(o->likert_sd) ? likert / 5.0 : o->likert_sd;
    for (size_t i = 0; i < o->n; i++) {
        adx_rng_t r;
        adx_rng_init(&r, o->seed, i);
        for (size_t j = 0; j < k; j++)
            z[j] = adx_rng_normal(&r);
        for (size_t j = 0; j < k; j++) {
            if (p->v.latent[j])
                continue;
            double x = 0;
            for (size_t l = 0; l <= j; l++)
                x += L[j + l * k] * z[l];
            if (likert && p->v.indicator[j]) {
                double c = floor(lmean + lsd * x + 0.5);
                x = c < 1 ? 1 : (c > likert ? likert : c);
            }
            if (o->missing > 0 && adx_rng_uniform(&r) < o->missing)
                x = NAN;
            cols[j][i] = x;
        }
    }
}

/* Names the (residual) covariance that makes Sigma not positive definite: the
 * first a ~~ value*b whose value exceeds what the residual variances left by the
 * paths allow (|value| >= sqrt(S_aa S_bb)); else a general message. */
static adx_error_t not_pd(const adx_sem_syntax_t *model, const pop_t *p, adx_errctx_t *ctx)
{
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op != ADX_SEM_COV || !strcmp(st->lhs, st->rhs))
            continue;
        long l = var_index((vars_t *)&p->v, st->lhs, 0), r = var_index((vars_t *)&p->v, st->rhs, 0);
        double vl = p->S[l + l * p->k], vr = p->S[r + r * p->k];
        if (st->value * st->value >= vl * vr)
            return adx_err(ctx, ADX_EDOMAIN,
                           "%s:%zu:%zu: %s ~~ %g*%s: the population is not positive definite: "
                           "the covariance must be smaller in size than %.4g, the square root "
                           "of the (residual) variances %.4g and %.4g that the paths leave",
                           p->src, st->line, st->col, st->lhs, st->value, st->rhs,
                           sqrt(fmax(vl * vr, 0)), vl, vr);
    }
    return adx_err(ctx, ADX_EDOMAIN,
                   "%s: the implied covariance matrix is not positive definite; check "
                   "covariances larger than the variances allow",
                   p->src);
}

/* The model read and solved, and L the Cholesky factor of its implied covariance
 * of all variables (latent ones too: the draw is joint, then latent columns are
 * dropped). */
static adx_error_t prepare(const adx_sem_syntax_t *model, pop_t *p, double **L,
                           adx_errctx_t *ctx)
{
    p->src = model->source ? model->source : "model";
    adx_error_t rc = build_model(model, p, ctx);
    if (rc || (rc = solve_variances(p, ctx)))
        return rc;
    if (!(*L = malloc(p->k * p->k * sizeof **L)))
        return adx_oom(ctx);
    memcpy(*L, p->Sig, p->k * p->k * sizeof **L);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)p->k, *L, (lapack_int)p->k) != 0)
        return not_pd(model, p, ctx);
    return ADX_OK;
}

adx_error_t adx_sim_population(const adx_sem_syntax_t *model, char ***names, size_t *np,
                               double **cov, adx_errctx_t *ctx)
{
    pop_t p = {0};
    double *L = NULL;
    *names = NULL;
    *cov = NULL;
    *np = 0;
    adx_error_t rc = prepare(model, &p, &L, ctx);
    size_t m = 0;
    for (size_t j = 0; !rc && j < p.k; j++)
        m += !p.v.latent[j];
    if (!rc && (!(*names = calloc(m ? m : 1, sizeof **names)) ||
                !(*cov = malloc((m ? m * m : 1) * sizeof **cov))))
        rc = adx_oom(ctx);
    for (size_t j = 0, a = 0; !rc && j < p.k; j++) {
        if (p.v.latent[j])
            continue;
        if (!((*names)[a] = adx__strdup(p.v.names[j])))
            rc = adx_oom(ctx);
        for (size_t l = 0, b = 0; !rc && l < p.k; l++)
            if (!p.v.latent[l])
                (*cov)[a + m * b++] = p.Sig[j + l * p.k];
        (*np)++;
        a++;
    }
    if (rc) {
        adx__free_strings(*names, *np);
        free(*cov);
        *names = NULL;
        *cov = NULL;
        *np = 0;
    }
    pop_free(&p);
    free(L);
    return rc;
}

adx_error_t adx_simulate(const adx_sem_syntax_t *model, const adx_sim_options_t *o,
                         adx_dataset_t **out, adx_errctx_t *ctx)
{
    adx_sim_options_t def;
    o = ADX__OPTIONS(o, def, adx_sim_options_init);
    *out = NULL;
    pop_t p = {0};
    if (o->n < 2 || o->n > 100000000)
        return adx_err(ctx, ADX_EUSAGE, "simulate: the number of cases must be 2 to 1e8");
    if (!(o->missing >= 0 && o->missing < 1))
        return adx_err(ctx, ADX_EUSAGE, "simulate: the missing share must be in [0, 1)");
    double *L = NULL, *z = NULL, **cols = NULL;
    adx_error_t rc = prepare(model, &p, &L, ctx);
    if (rc)
        goto cleanup;
    if (!(z = malloc(2 * p.k * sizeof *z)) || !(cols = calloc(p.k, sizeof *cols))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = new_dataset(&p, o->n, out, cols, ctx)))
        goto cleanup;
    draw_cases(&p, L, o, cols, z);
cleanup:
    pop_free(&p);
    ADX__FREE(L, z, cols);
    return rc;
}
