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

#include "../data/dataset_priv.h"
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

adx_error_t adx_simulate(const adx_sem_syntax_t *model, const adx_sim_options_t *o,
                         adx_dataset_t **out, adx_errctx_t *ctx)
{
    adx_sim_options_t def;
    if (!o) {
        adx_sim_options_init(&def);
        o = &def;
    }
    *out = NULL;
    const char *src = model->source ? model->source : "model";
    if (o->n < 2 || o->n > 100000000)
        return adx_err(ctx, ADX_EUSAGE, "simulate: the number of cases must be 2 to 1e8");
    if (!(o->missing >= 0 && o->missing < 1))
        return adx_err(ctx, ADX_EUSAGE, "simulate: the missing share must be in [0, 1)");
    adx_error_t rc = ADX_OK;
    vars_t v = {0};
    double *A = NULL, *S = NULL, *B = NULL, *Sig = NULL, *L = NULL, *tmp = NULL, *z = NULL;
    adx_dataset_t *ds = NULL;
    size_t k = 0;

    /* Pass 1: latent variables, in order of appearance. */
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_MEASURE) {
            long i = var_index(&v, st->lhs, 1);
            if (i < 0)
                goto oom;
            v.latent[i] = 1;
        }
    }
    /* Pass 2: every other name; check what simulation supports. */
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_DEFINE || st->op == ADX_SEM_INTERCEPT)
            continue;
        if (strchr(st->rhs, ':') || strchr(st->lhs, ':')) {
            rc = adx_err(ctx, ADX_EUNSUPPORTED,
                         "%s:%zu:%zu: product terms cannot be simulated from a covariance "
                         "model; simulate the main effects and compute the product",
                         src, st->line, st->col);
            goto cleanup;
        }
        if (var_index(&v, st->lhs, 1) < 0 || var_index(&v, st->rhs, 1) < 0)
            goto oom;
    }
    k = v.k;
    if (!(A = calloc(k * k, sizeof *A)) || !(S = calloc(k * k, sizeof *S)) ||
        !(B = calloc(k * k, sizeof *B)) || !(Sig = calloc(k * k, sizeof *Sig)) ||
        !(tmp = calloc(k * k, sizeof *tmp)))
        goto oom;
    for (size_t i = 0; i < k; i++)
        S[i + i * k] = 1;
    for (size_t s = 0; s < model->n; s++) {
        const adx_sem_stmt_t *st = &model->items[s];
        if (st->op == ADX_SEM_DEFINE || st->op == ADX_SEM_INTERCEPT)
            continue;
        size_t l = (size_t)var_index(&v, st->lhs, 0), r = (size_t)var_index(&v, st->rhs, 0);
        if (st->free_na) {
            rc = adx_err(ctx, ADX_EUSAGE,
                         "%s:%zu:%zu: NA* frees a parameter; a population model needs values",
                         src, st->line, st->col);
            goto cleanup;
        }
        switch (st->op) {
        case ADX_SEM_MEASURE:
            A[r + l * k] = st->has_value ? st->value : 0.7;
            v.endog[r] = 1;
            v.indicator[r] = 1;
            break;
        case ADX_SEM_REGRESS:
            if (!st->has_value) {
                rc = adx_err(ctx, ADX_EUSAGE,
                             "%s:%zu:%zu: give the population value of the effect, e.g. "
                             "%s ~ 0.3*%s",
                             src, st->line, st->col, st->lhs, st->rhs);
                goto cleanup;
            }
            A[l + r * k] = st->value;
            v.endog[l] = 1;
            break;
        case ADX_SEM_COV:
            if (!st->has_value) {
                rc = adx_err(ctx, ADX_EUSAGE,
                             "%s:%zu:%zu: give the population value, e.g. %s ~~ 0.3*%s",
                             src, st->line, st->col, st->lhs, st->rhs);
                goto cleanup;
            }
            if (l == r) {
                if (!(st->value > 0)) {
                    rc = adx_err(ctx, ADX_EDOMAIN, "%s:%zu:%zu: a variance must be positive",
                                 src, st->line, st->col);
                    goto cleanup;
                }
                v.var_given[l] = 1;
            }
            S[l + r * k] = S[r + l * k] = st->value;
            break;
        default:
            break;
        }
    }
    /* B = (I - A)^-1 (LAPACK LU). */
    {
        for (size_t i = 0; i < k * k; i++)
            B[i] = -A[i];
        for (size_t i = 0; i < k; i++) {
            B[i + i * k] += 1;
        }
        lapack_int *ipiv = malloc(k * sizeof *ipiv);
        if (!ipiv)
            goto oom;
        int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)k, (lapack_int)k, B,
                                  (lapack_int)k, ipiv);
        if (!info)
            info = LAPACKE_dgetri(LAPACK_COL_MAJOR, (lapack_int)k, B, (lapack_int)k, ipiv);
        free(ipiv);
        if (info) {
            rc = adx_err(ctx, ADX_ESINGULAR,
                         "%s: the paths form a loop with no solution (I - A is singular)", src);
            goto cleanup;
        }
    }
    /* Residual variances: S_jj += 1 - Sigma_jj for endogenous j until all
     * variances are 1 (exact after as many rounds as the longest path). */
    for (int iter = 0;; iter++) {
        /* Sig = B S B' */
        int ki = (int)k;
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, ki, ki, ki, 1.0, B, ki, S, ki,
                    0.0, tmp, ki);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, ki, ki, ki, 1.0, tmp, ki, B, ki, 0.0,
                    Sig, ki);
        double worst = 0;
        for (size_t j = 0; j < k; j++)
            if (v.endog[j] && !v.var_given[j]) {
                double d = 1 - Sig[j + j * k];
                worst = fmax(worst, fabs(d));
                S[j + j * k] += d;
            }
        if (worst < 1e-13)
            break;
        if (iter == 200) {
            rc = adx_err(ctx, ADX_ECONVERGE,
                         "%s: residual variances did not settle (a feedback loop?)", src);
            goto cleanup;
        }
    }
    for (size_t j = 0; j < k; j++)
        if (v.endog[j] && !v.var_given[j] && !(S[j + j * k] > 0)) {
            rc = adx_err(ctx, ADX_EDOMAIN,
                         "%s: the effects on '%s' explain %.3f of its variance (more than 1); "
                         "use smaller loadings or paths",
                         src, v.names[j], 1 - S[j + j * k]);
            goto cleanup;
        }
    /* Cholesky of the implied covariance of all variables (latent ones too: the
     * draw is joint, then latent columns are dropped). */
    if (!(L = malloc(k * k * sizeof *L)) || !(z = malloc(2 * k * sizeof *z)))
        goto oom;
    memcpy(L, Sig, k * k * sizeof *L);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)k, L, (lapack_int)k) != 0) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the implied covariance matrix is not positive definite; check "
                     "covariances larger than the variances allow",
                     src);
        goto cleanup;
    }
    size_t nobs = 0;
    for (size_t j = 0; j < k; j++)
        nobs += !v.latent[j];
    if (!(ds = adx_dataset_alloc(o->n, src)))
        goto oom;
    {
        double *id = malloc(o->n * sizeof *id);
        if (!id)
            goto oom;
        for (size_t i = 0; i < o->n; i++)
            id[i] = (double)(i + 1);
        if ((rc = adx_dataset_add_numeric(ds, "id", id, NULL, ctx)))
            goto cleanup;
    }
    double **cols = calloc(k, sizeof *cols);
    if (!cols)
        goto oom;
    for (size_t j = 0; j < k; j++) {
        if (v.latent[j])
            continue;
        double *c = malloc(o->n * sizeof *c);
        size_t idx;
        if (!c || adx_dataset_add_numeric(ds, v.names[j], c, &idx, ctx)) {
            free(cols);
            goto oom;
        }
        cols[j] = ds->vars[idx].num;
    }
    int likert = o->likert > 1 ? o->likert : 0;
    double lmean = isnan(o->likert_mean) ? (likert + 1) / 2.0 : o->likert_mean;
    double lsd = isnan(o->likert_sd) ? likert / 5.0 : o->likert_sd;
    for (size_t i = 0; i < o->n; i++) {
        adx_rng_t r;
        adx_rng_init(&r, o->seed, i);
        for (size_t j = 0; j < k; j++)
            z[j] = adx_rng_normal(&r);
        for (size_t j = 0; j < k; j++) {
            if (v.latent[j])
                continue;
            double x = 0;
            for (size_t l = 0; l <= j; l++)
                x += L[j + l * k] * z[l];
            if (likert && v.indicator[j]) {
                double c = floor(lmean + lsd * x + 0.5);
                x = c < 1 ? 1 : (c > likert ? likert : c);
            }
            if (o->missing > 0 && adx_rng_uniform(&r) < o->missing)
                x = NAN;
            cols[j][i] = x;
        }
    }
    free(cols);
    (void)nobs;
    *out = ds;
    ds = NULL;
    goto cleanup;
oom:
    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
cleanup:
    for (size_t i = 0; i < v.k; i++)
        free(v.names[i]);
    free(v.names);
    free(v.latent);
    free(v.endog);
    free(v.var_given);
    free(v.indicator);
    free(A);
    free(S);
    free(B);
    free(Sig);
    free(L);
    free(tmp);
    free(z);
    adx_dataset_free(ds);
    return rc;
}
