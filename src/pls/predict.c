/* PLSpredict (Shmueli et al. 2016, 2019) as seminr's predict_pls(technique = predict_DA):
 * k-fold cross-validated predictions of the indicators of the endogenous constructs by PLS
 * (direct antecedents) and by the LM benchmark, RMSE and MAE out of sample and in sample,
 * and Q2_predict against the training-sample mean. Folds: the rows shuffled with the seed,
 * then cut into k equal parts as R's cut(1:n, k); every fold's model is estimated first
 * (in parallel), then every row is predicted by every fold's model (in parallel), and the
 * sums run in row order, so the numbers are the same at any thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "plsx_priv.h"

/* The layout of one fold's model: mean, sd, w, load (ni each), coef (np), then the LM
 * coefficients (nitem x ni; 0 for the items of the predicted item's own construct). */
typedef struct {
    const adx_pls_t *r;
    const adx__pls_raw_t *raw; /* mean-replaced over all rows */
    const adx__pls_data_t *d;
    const adx_pls_options_t *o;
    size_t k, nitem, stride;
    const size_t *fold, *item;
    double *model; /* k x stride */
    int *status;   /* k: 0 ok, 1 not converged, -1 failed */
} plan_t;

enum { E_PLS, E_LM, E_PLS_IN, E_LM_IN, E_NAIVE, E_N };

void adx__plsx_predict_free(adx_pls_predict_t *p)
{
    if (!p)
        return;
    ADX__FREE(p->item, p->pls_rmse, p->pls_mae, p->lm_rmse, p->lm_mae, p->pls_rmse_in,
              p->pls_mae_in, p->lm_rmse_in, p->lm_mae_in, p->q2);
    free(p);
}

/* R's cut(seq(1, n), breaks = k, labels = FALSE) - 1 for position v (1-based). */
static size_t cut_fold(size_t v, size_t n, size_t k)
{
    double by = (double)(n - 1) / (double)k;
    for (size_t i = 1; i < k; i++)
        if ((double)v <= 1 + (double)i * by)
            return i - 1;
    return k - 1;
}

/* Fold of each row: the rows in the order of a Fisher-Yates shuffle (stream 0 of the seed),
 * then cut into k parts. */
static void make_folds(size_t n, size_t k, uint64_t seed, size_t *perm, size_t *fold)
{
    adx_rng_t rng;
    adx_rng_init(&rng, seed, 0);
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)adx_rng_below(&rng, i), t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    for (size_t j = 0; j < n; j++)
        fold[perm[j]] = cut_fold(j + 1, n, k);
}

/* The LM benchmark of fold model m: each endogenous item on every item outside its
 * construct (OLS with intercept, from the training covariances). a: ni x ni scratch. */
static int lm_coefs(const plan_t *p, const adx__plsx_fit_t *f, double *lm, size_t *xs, double *a)
{
    const adx_pls_t *r = p->r;
    size_t ni = r->ni;
    for (size_t t = 0; t < p->nitem;) {
        size_t c = r->icon[p->item[t]], nx = 0, ny = p->d->blen[c];
        for (size_t i = 0; i < ni; i++)
            if (r->icon[i] != c)
                xs[nx++] = i;
        double *b = lm + t * ni; /* nx x ny right-hand sides, column-major, in place */
        double *rhs = a + nx * nx;
        for (size_t q = 0; q < nx; q++) {
            for (size_t s = 0; s < nx; s++)
                a[s * nx + q] = f->s[xs[q] * ni + xs[s]] * f->sd[xs[q]] * f->sd[xs[s]];
            for (size_t y = 0; y < ny; y++) {
                size_t iy = p->item[t + y];
                rhs[y * nx + q] = f->s[xs[q] * ni + iy] * f->sd[xs[q]] * f->sd[iy];
            }
        }
        if (nx && adx__spd_solve(a, nx, rhs, ny))
            return -1;
        for (size_t y = 0; y < ny; y++) {
            memset(b + y * ni, 0, ni * sizeof *b);
            for (size_t q = 0; q < nx; q++)
                b[y * ni + xs[q]] = rhs[y * nx + q];
        }
        t += ny;
    }
    return 0;
}

/* Phase 1: the model of every fold. */
static int fit_folds(plan_t *p, int threads)
{
    const adx_pls_t *r = p->r;
    size_t n = r->n, ni = r->ni;
    int nomem = 0;
#pragma omp parallel num_threads(threads)
    {
        adx__plsx_fit_t f;
        size_t *rows = malloc((n + ni) * sizeof *rows);
        double *a = malloc(ni * (ni + ni) * sizeof *a);
        int ok = !adx__plsx_open(&f, r) && rows && a;
        if (!ok) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t g = 0; g < p->k; g++) {
            if (!ok)
                continue;
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (p->fold[i] != g)
                    rows[m++] = i;
            double *mod = p->model + g * p->stride;
            if (adx__plsx_fit(r, p->d, p->raw, rows, m, p->o, &f) ||
                lm_coefs(p, &f, mod + 4 * ni + r->npaths, rows + n, a)) {
                p->status[g] = -1;
                continue;
            }
            p->status[g] = f.e.converged ? 0 : 1;
            memcpy(mod, f.mean, ni * sizeof *mod);
            memcpy(mod + ni, f.sd, ni * sizeof *mod);
            memcpy(mod + 2 * ni, f.e.w, ni * sizeof *mod);
            memcpy(mod + 3 * ni, f.e.load, ni * sizeof *mod);
            memcpy(mod + 4 * ni, f.e.coef, r->npaths * sizeof *mod);
        }
        free(rows);
        free(a);
        adx__plsx_close(&f);
    }
    return nomem ? -1 : 0;
}

/* Predictions of row x by fold model mod: pls[t], lm[t] for the nitem items. sc: 2 nc. */
static void predict_row(const plan_t *p, const double *x, const double *mod, double *pls,
                        double *lm, double *sc)
{
    const adx_pls_t *r = p->r;
    size_t ni = r->ni, nc = r->nc;
    const double *mu = mod, *sd = mod + ni, *w = mod + 2 * ni, *ld = mod + 3 * ni;
    const double *coef = mod + 4 * ni, *lmb = coef + r->npaths;
    double *score = sc, *pc = sc + nc;
    memset(score, 0, nc * sizeof *score);
    for (size_t i = 0; i < ni; i++)
        score[r->icon[i]] += w[i] * (x[i] - mu[i]) / sd[i];
    for (size_t c = 0; c < nc; c++)
        pc[c] = adx__plsx_endogenous(r, c) ? 0 : score[c];
    for (size_t e = 0; e < r->npaths; e++)
        pc[r->pto[e]] += coef[e] * score[r->pfrom[e]];
    for (size_t t = 0; t < p->nitem; t++) {
        size_t iy = p->item[t];
        pls[t] = mu[iy] + sd[iy] * ld[iy] * pc[r->icon[iy]];
        double s = mu[iy];
        for (size_t i = 0; i < ni; i++)
            s += lmb[t * ni + i] * (x[i] - mu[i]);
        lm[t] = s;
    }
}

/* Phase 2: the errors of every row (n x nitem x E_N); one buffer per thread, taken
 * before the parallel loop. */
static int predict_rows(const plan_t *p, int threads, double *err)
{
    const adx_pls_t *r = p->r;
    size_t n = r->n, ni = r->ni, nt = p->nitem, per = 4 * nt + 2 * r->nc;
    double *all = malloc((size_t)threads * per * sizeof *all);
    if (!all)
        return -1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
    for (size_t row = 0; row < n; row++) {
        double *buf = all + (size_t)omp_get_thread_num() * per;
        const double *x = p->raw->x + row * ni;
        double *pls = buf, *lm = buf + nt, *ip = buf + 2 * nt, *il = buf + 3 * nt;
        double *e = err + row * nt * E_N;
        memset(ip, 0, 2 * nt * sizeof *ip);
        for (size_t g = 0; g < p->k; g++) {
            if (g == p->fold[row])
                continue;
            predict_row(p, x, p->model + g * p->stride, pls, lm, buf + 4 * nt);
            for (size_t t = 0; t < nt; t++) {
                ip[t] += pls[t];
                il[t] += lm[t];
            }
        }
        const double *own = p->model + p->fold[row] * p->stride;
        predict_row(p, x, own, pls, lm, buf + 4 * nt);
        for (size_t t = 0; t < nt; t++) {
            double y = x[p->item[t]];
            e[t * E_N + E_PLS] = y - pls[t];
            e[t * E_N + E_LM] = y - lm[t];
            e[t * E_N + E_PLS_IN] = y - ip[t] / (double)(p->k - 1);
            e[t * E_N + E_LM_IN] = y - il[t] / (double)(p->k - 1);
            e[t * E_N + E_NAIVE] = y - own[p->item[t]];
        }
    }
    free(all);
    return 0;
}

static adx_pls_predict_t *result_alloc(size_t nt)
{
    adx_pls_predict_t *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->nitem = nt;
    q->item = calloc(nt ? nt : 1, sizeof *q->item);
    double **arr[] = {&q->pls_rmse, &q->pls_mae, &q->lm_rmse, &q->lm_mae, &q->pls_rmse_in,
                      &q->pls_mae_in, &q->lm_rmse_in, &q->lm_mae_in, &q->q2};
    int ok = q->item != NULL;
    for (size_t k = 0; k < sizeof arr / sizeof *arr; k++)
        ok &= (*arr[k] = calloc(nt ? nt : 1, sizeof(double))) != NULL;
    if (!ok) {
        adx__plsx_predict_free(q);
        return NULL;
    }
    return q;
}

/* RMSE, MAE (and Q2) from the row errors, summed in row order. */
static void metrics(adx_pls_predict_t *q, const double *err, size_t n)
{
    size_t nt = q->nitem;
    double *rmse[] = {q->pls_rmse, q->lm_rmse, q->pls_rmse_in, q->lm_rmse_in};
    double *mae[] = {q->pls_mae, q->lm_mae, q->pls_mae_in, q->lm_mae_in};
    for (size_t t = 0; t < nt; t++) {
        double ss[E_N] = {0}, sa[E_N] = {0};
        for (size_t row = 0; row < n; row++)
            for (int m = 0; m < E_N; m++) {
                double e = err[(row * nt + t) * E_N + m];
                ss[m] += e * e;
                sa[m] += fabs(e);
            }
        for (int m = 0; m < 4; m++) {
            rmse[m][t] = sqrt(ss[m] / (double)n);
            mae[m][t] = sa[m] / (double)n;
        }
        q->q2[t] = ss[E_NAIVE] > 0 ? 1 - ss[E_PLS] / ss[E_NAIVE] : NAN;
    }
}

/* Mean replacement over all rows (seminr predicts model$data, the mean-replaced data). */
double *adx__plsx_mean_replaced(const adx__pls_raw_t *raw)
{
    size_t n = raw->n, ni = raw->ni;
    double *x = malloc(n * ni * sizeof *x);
    for (size_t i = 0; x && i < ni; i++) {
        double s = 0;
        size_t k = 0;
        for (size_t row = 0; row < n; row++)
            if (!isnan(raw->x[row * ni + i])) {
                s += raw->x[row * ni + i];
                k++;
            }
        for (size_t row = 0; row < n; row++) {
            double v = raw->x[row * ni + i];
            x[row * ni + i] = isnan(v) ? s / (double)k : v;
        }
    }
    return x;
}

static adx_error_t check_args(const adx_pls_t *r, const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    if (o->predict < 2 || o->predict > r->n)
        return adx_err(ctx, ADX_EUSAGE, "pls: --predict %zu: give between 2 and %zu folds (%zu = "
                                        "leave-one-out)", o->predict, r->n, r->n);
    for (size_t i = 0; o->fold_of && i < r->n; i++)
        if (o->fold_of[i] >= o->predict)
            return adx_err(ctx, ADX_EUSAGE, "pls: fold %zu of row %zu is not below %zu",
                           o->fold_of[i], i + 1, o->predict);
    return ADX_OK;
}

adx_error_t adx__plsx_predict(adx_pls_t *r, const adx__pls_raw_t *raw, const adx__pls_data_t *d,
                              const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    adx_error_t rc = check_args(r, o, ctx);
    if (rc)
        return rc;
    size_t n = r->n, ni = r->ni, k = o->predict, nt = 0;
    for (size_t i = 0; i < ni; i++)
        nt += (size_t)adx__plsx_endogenous(r, r->icon[i]);
    plan_t p = {r, NULL, d, o, k, nt, 4 * ni + r->npaths + nt * ni, NULL, NULL, NULL, NULL};
    adx_pls_predict_t *q = result_alloc(nt);
    size_t *fold = malloc(2 * n * sizeof *fold);
    double *x = adx__plsx_mean_replaced(raw), *err = malloc(n * (nt ? nt : 1) * E_N * sizeof *err);
    p.model = malloc(k * p.stride * sizeof *p.model);
    p.status = calloc(k, sizeof *p.status);
    if (!q || !fold || !x || !err || !p.model || !p.status) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t c = 0, t = 0; c < r->nc; c++)
        for (size_t i = 0; i < ni; i++)
            if (r->icon[i] == c && adx__plsx_endogenous(r, c))
                q->item[t++] = i;
    if (o->fold_of)
        memcpy(fold, o->fold_of, n * sizeof *fold);
    else
        make_folds(n, k, o->seed, fold + n, fold);
    adx__pls_raw_t xr = {n, ni, x};
    p.raw = &xr;
    p.fold = fold;
    p.item = q->item;
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    if (fit_folds(&p, threads) || predict_rows(&p, threads, err)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t g = 0; g < k; g++)
        if (p.status[g] < 0) {
            rc = adx_err(ctx, ADX_ESINGULAR, "pls --predict: the model cannot be estimated without "
                                             "fold %zu of %zu (an item without variance or "
                                             "collinear items in the training rows); use fewer "
                                             "folds", g + 1, k);
            goto cleanup;
        }
    q->folds = k;
    q->seed = o->fold_of ? 0 : o->seed;
    metrics(q, err, n);
    r->predict = q;
    q = NULL;
cleanup:
    adx__plsx_predict_free(q);
    ADX__FREE(fold, x, err, p.model, p.status);
    return rc;
}
