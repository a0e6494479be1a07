/* The PLS iteration (Lohmoeller 1989; Wold 1982), as seminr's simplePLS, run on the
 * indicator correlation matrix S instead of the data (the same numbers: every quantity of
 * a pass is a covariance of standardized composites, S-weighted): start weights 1, scores
 * standardized, inner weights by the scheme, inner proxies standardized, new outer weights
 * (mode A correlations, mode B regression), rescaled to unit-variance composites; stop when
 * sum |w_new - w_old| < stop, at most passes 0..max_iter. */
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
    double a[ADX__PLS_SMALL * ADX__PLS_SMALL], *big = NULL, r2 = NAN;
    double *m = k <= ADX__PLS_SMALL ? a : (big = malloc(k * k * sizeof *big));
    if (!m)
        return NAN;
    for (size_t p = 0; p < k; p++) {
        beta[p] = c[ant[p] * nc + j];
        for (size_t q = 0; q < k; q++)
            m[q * k + p] = c[ant[p] * nc + ant[q]];
    }
    if (adx__spd_solve(m, k, beta, 1) == ADX_OK) {
        r2 = 0;
        for (size_t p = 0; p < k; p++)
            r2 += beta[p] * c[ant[p] * nc + j];
    }
    free(big);
    return r2;
}

void adx__pls_scores(const adx__pls_data_t *d, const double *w, double *f)
{
    memset(f, 0, d->n * d->nc * sizeof *f);
    for (size_t c = 0; c < d->nc; c++)
        for (size_t i = d->bstart[c]; i < d->bstart[c] + d->blen[c]; i++)
            for (size_t r = 0; r < d->n; r++)
                f[c * d->n + r] += w[i] * d->z[i * d->n + r];
}

/* sw (ni x nc, column c = S_{., B_c} w_c) and the composite correlations c = W' S W. */
static void cross_products(const adx__pls_data_t *d, const double *w, double *sw, double *c)
{
    size_t ni = d->ni, nc = d->nc;
    for (size_t b = 0; b < nc; b++)
        for (size_t k = 0; k < ni; k++) {
            double s = 0;
            for (size_t i = d->bstart[b]; i < d->bstart[b] + d->blen[b]; i++)
                s += d->s[i * ni + k] * w[i];
            sw[b * ni + k] = s;
        }
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++) {
            double s = 0;
            for (size_t k = d->bstart[a]; k < d->bstart[a] + d->blen[a]; k++)
                s += w[k] * sw[b * ni + k];
            c[a * nc + b] = s;
        }
}

/* Scales each block of w to a unit-variance composite (w_c' S_cc w_c = 1). */
static void unit_variance(const adx__pls_data_t *d, double *w)
{
    size_t ni = d->ni;
    for (size_t c = 0; c < d->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double v = 0;
        for (size_t i = b0; i < b0 + k; i++)
            for (size_t j = b0; j < b0 + k; j++)
                v += w[i] * d->s[i * ni + j] * w[j];
        double sd = sqrt(v);
        for (size_t i = b0; sd > 0 && i < b0 + k; i++)
            w[i] /= sd;
    }
}

/* Inner weights e (nc x nc, e[i * nc + j] = weight of score i in proxy j). */
static void inner_weights(size_t nc, const unsigned char *adj, adx_pls_scheme_t scheme,
                          const double *c, double *e, size_t *ant, double *beta)
{
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

/* New outer weights of construct j: cov(z_k, proxy_j) from sw and the inner weights
 * e; a construct without neighbours (f^2 re-estimations) is its own proxy. */
static void outer_update(const adx__pls_data_t *d, size_t j, const double *e, const double *c,
                         const double *sw, double *w, double *tmp)
{
    size_t ni = d->ni, nc = d->nc, b0 = d->bstart[j], k = d->blen[j];
    double var = 0;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++)
            var += e[a * nc + j] * c[a * nc + b] * e[b * nc + j];
    int self = !(var > 0);
    double sd = self ? 1 : sqrt(var);
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t a = 0; a < nc; a++)
            s += (self ? (a == j) : e[a * nc + j]) * sw[a * ni + b0 + i];
        tmp[i] = s / sd;
    }
    for (size_t i = 0; i < k; i++) {
        if (d->mode[j] != 'B') {
            w[b0 + i] = tmp[i];
            continue;
        }
        double s = 0;
        for (size_t q = 0; q < k; q++)
            s += d->rinv[(b0 + q) * ni + b0 + i] * tmp[q];
        w[b0 + i] = s;
    }
}

adx_error_t adx__pls_core(const adx__pls_data_t *d, const unsigned char *adj,
                          const adx_pls_options_t *o, double *w, double *c, int *iters,
                          int *converged, adx_errctx_t *ctx)
{
    size_t nc = d->nc, ni = d->ni;
    adx_error_t rc = ADX_OK;
    double *e = malloc(nc * nc * sizeof *e), *sw = malloc(ni * nc * sizeof *sw);
    double *wold = malloc(ni * sizeof *wold), *tmp = malloc((ni + nc) * sizeof *tmp);
    size_t *ant = malloc(nc * sizeof *ant);
    if (!e || !sw || !wold || !tmp || !ant) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < ni; i++)
        w[i] = wold[i] = 1;
    *converged = 0;
    int it;
    for (it = 0; it <= o->max_iter; it++) {
        unit_variance(d, w);
        cross_products(d, w, sw, c);
        inner_weights(nc, adj, o->scheme, c, e, ant, tmp);
        for (size_t j = 0; j < nc; j++)
            outer_update(d, j, e, c, sw, w, tmp);
        unit_variance(d, w);
        double diff = 0;
        for (size_t i = 0; i < ni; i++) {
            diff += fabs(w[i] - wold[i]);
            wold[i] = w[i];
        }
        if (diff < o->stop) {
            *converged = 1;
            break;
        }
    }
    *iters = it > o->max_iter ? o->max_iter : it;
    cross_products(d, w, sw, c);
cleanup:
    ADX__FREE(e, sw, wold, tmp, ant);
    return rc;
}
