/* The PLS iteration (Lohmoeller 1989; Wold 1982), as seminr's simplePLS: start weights 1,
 * scores standardized, inner weights by the scheme, inner proxies standardized, new outer
 * weights (mode A correlations, mode B regression), rescaled to unit-variance composites;
 * stop when sum |w_new - w_old| < stop, at most passes 0..max_iter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

void adx__pls_cor(const double *f, size_t n, size_t nc, double *out)
{
    for (size_t i = 0; i < nc; i++)
        for (size_t j = i; j < nc; j++) {
            double s = 0;
            for (size_t r = 0; r < n; r++)
                s += f[i * n + r] * f[j * n + r];
            out[i * nc + j] = out[j * nc + i] = s / (double)(n - 1);
        }
}

double adx__pls_reg(const double *c, size_t nc, const size_t *ant, size_t k, size_t j,
                    double *beta)
{
    double *a = malloc(k * k * sizeof *a), r2 = NAN;
    if (!a)
        return NAN;
    for (size_t p = 0; p < k; p++) {
        beta[p] = c[ant[p] * nc + j];
        for (size_t q = 0; q < k; q++)
            a[q * k + p] = c[ant[p] * nc + ant[q]];
    }
    if (adx__spd_solve(a, k, beta, 1) == ADX_OK) {
        r2 = 0;
        for (size_t p = 0; p < k; p++)
            r2 += beta[p] * c[ant[p] * nc + j];
    }
    free(a);
    return r2;
}

/* Centres column x (n) and scales it to SD 1 (n - 1). Returns 0 when the column has
 * no variance. */
static int unit_sd(double *x, size_t n)
{
    double m, sd;
    adx__mean_sd(x, n, 1, 0, &m, &sd, NULL);
    if (!(sd > 0))
        return 0;
    for (size_t r = 0; r < n; r++)
        x[r] = (x[r] - m) / sd;
    return 1;
}

/* Scores f = Z w block by block (not standardized). */
static void composites(const adx__pls_data_t *d, const double *w, double *f)
{
    memset(f, 0, d->n * d->nc * sizeof *f);
    for (size_t c = 0; c < d->nc; c++)
        for (size_t i = d->bstart[c]; i < d->bstart[c] + d->blen[c]; i++)
            for (size_t r = 0; r < d->n; r++)
                f[c * d->n + r] += w[i] * d->z[i * d->n + r];
}

/* Inner weights e (nc x nc, e[i * nc + j] = weight of score i in proxy j). */
static void inner_weights(const adx__pls_data_t *d, const unsigned char *adj,
                          adx_pls_scheme_t scheme, const double *c, double *e, size_t *ant,
                          double *beta)
{
    size_t nc = d->nc;
    memset(e, 0, nc * nc * sizeof *e);
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++) {
            if (!adj[i * nc + j] && !adj[j * nc + i])
                continue;
            double v = c[i * nc + j];
            e[i * nc + j] = scheme == ADX_PLS_CENTROID ? (v > 0) - (v < 0) : v;
        }
    if (scheme != ADX_PLS_PATH)
        return;
    for (size_t j = 0; j < nc; j++) {
        size_t k = 0;
        for (size_t i = 0; i < nc; i++)
            if (adj[i * nc + j])
                ant[k++] = i;
        if (k == 0)
            continue;
        adx__pls_reg(c, nc, ant, k, j, beta);
        for (size_t p = 0; p < k; p++)
            e[ant[p] * nc + j] = beta[p];
    }
}

/* New outer weights of construct c from its standardized proxy p (n). */
static void outer_update(const adx__pls_data_t *d, size_t c, const double *p, double *w,
                         double *tmp)
{
    size_t n = d->n, b0 = d->bstart[c], k = d->blen[c];
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t r = 0; r < n; r++)
            s += d->z[(b0 + i) * n + r] * p[r];
        tmp[i] = s / (double)(n - 1);
    }
    for (size_t i = 0; i < k; i++) {
        if (d->mode[c] == 'A') {
            w[b0 + i] = tmp[i];
            continue;
        }
        double s = 0;
        for (size_t q = 0; q < k; q++)
            s += d->rinv[(b0 + q) * d->ni + b0 + i] * tmp[q];
        w[b0 + i] = s;
    }
    double ss = 0;
    for (size_t r = 0; r < n; r++) {
        double v = 0;
        for (size_t i = 0; i < k; i++)
            v += w[b0 + i] * d->z[(b0 + i) * n + r];
        ss += v * v;
    }
    double sd = sqrt(ss / (double)(n - 1));
    for (size_t i = 0; i < k; i++)
        w[b0 + i] /= sd;
}

adx_error_t adx__pls_core(const adx__pls_data_t *d, const unsigned char *adj,
                          const adx_pls_options_t *o, double *w, double *f, int *iters,
                          int *converged, adx_errctx_t *ctx)
{
    size_t n = d->n, nc = d->nc, ni = d->ni;
    adx_error_t rc = ADX_OK;
    double *c = malloc(nc * nc * sizeof *c), *e = malloc(nc * nc * sizeof *e);
    double *p = malloc(n * nc * sizeof *p), *wold = malloc(ni * sizeof *wold);
    double *tmp = malloc((ni + nc) * sizeof *tmp);
    size_t *ant = malloc(nc * sizeof *ant);
    if (!c || !e || !p || !wold || !tmp || !ant) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < ni; i++)
        w[i] = 1;
    *converged = 0;
    int it;
    for (it = 0; it <= o->max_iter; it++) {
        composites(d, w, f);
        for (size_t j = 0; j < nc; j++)
            unit_sd(f + j * n, n);
        adx__pls_cor(f, n, nc, c);
        inner_weights(d, adj, o->scheme, c, e, ant, tmp);
        memset(p, 0, n * nc * sizeof *p);
        for (size_t j = 0; j < nc; j++) {
            for (size_t i = 0; i < nc; i++)
                if (e[i * nc + j] != 0)
                    for (size_t r = 0; r < n; r++)
                        p[j * n + r] += e[i * nc + j] * f[i * n + r];
            /* A construct left without neighbours (f^2 re-estimations) is its own
             * proxy. */
            if (!unit_sd(p + j * n, n))
                memcpy(p + j * n, f + j * n, n * sizeof *p);
        }
        memcpy(wold, w, ni * sizeof *w);
        for (size_t j = 0; j < nc; j++)
            outer_update(d, j, p + j * n, w, tmp);
        double diff = 0;
        for (size_t i = 0; i < ni; i++)
            diff += fabs(w[i] - wold[i]);
        if (diff < o->stop) {
            *converged = 1;
            break;
        }
    }
    *iters = it > o->max_iter ? o->max_iter : it;
    composites(d, w, f);
cleanup:
    ADX__FREE(c, e, p, wold, tmp, ant);
    return rc;
}
