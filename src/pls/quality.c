/* Quality criteria of a PLS fit (seminr 2.3.1's summary()): VIFs, alpha, rho_C, AVE,
 * adjusted R^2, f^2, Fornell-Larcker and cross-loadings. docs/pls.md states the formulas. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

/* Antecedents of construct j under adj (nc x nc). */
static size_t antecedents(const unsigned char *adj, size_t nc, size_t j, size_t *ant)
{
    size_t k = 0;
    for (size_t i = 0; i < nc; i++)
        if (adj[i * nc + j])
            ant[k++] = i;
    return k;
}

/* Adjusted R^2 and the inner VIF (diagonal of the inverse antecedent correlations, from
 * the uncorrected score correlations c; NaN for a single antecedent). */
static adx_error_t inner_vif(adx_pls_t *r, const double *c, size_t *ant, adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    for (size_t j = 0; j < nc; j++) {
        size_t k = antecedents(r->adj, nc, j, ant);
        r->adj_r2[j] = NAN;
        if (k == 0)
            continue;
        double df = (double)r->n - (double)k - 1;
        r->adj_r2[j] = df > 0 ? 1 - (1 - r->r2[j]) * ((double)r->n - 1) / df : NAN;
        double *a = malloc(k * k * sizeof *a);
        if (!a)
            return adx_oom(ctx);
        for (size_t p = 0; p < k; p++)
            for (size_t q = 0; q < k; q++)
                a[q * k + p] = c[ant[p] * nc + ant[q]];
        adx_error_t rc = adx__spd_inverse(a, k, NULL);
        for (size_t e = 0; e < r->npaths; e++)
            for (size_t p = 0; r->pto[e] == j && p < k; p++)
                if (ant[p] == r->pfrom[e])
                    r->inner_vif[e] = k > 1 && !rc ? a[p * k + p] : NAN;
        free(a);
    }
    return ADX_OK;
}

/* alpha (standardized), rho_C and AVE of every block from the loadings; outer VIF. */
static void reliability(adx_pls_t *r, const adx__pls_data_t *d)
{
    size_t ni = r->ni;
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double sr = 0, sl = 0, sl2 = 0;
        for (size_t i = b0; i < b0 + k; i++) {
            r->outer_vif[i] = d->rinv[i * ni + i];
            sl += r->loading[i];
            sl2 += r->loading[i] * r->loading[i];
            for (size_t j = b0; j < b0 + k; j++)
                sr += d->s[i * ni + j];
        }
        double kk = (double)k;
        r->alpha[c] = k > 1 ? kk / (kk - 1) * (1 - kk / sr) : 1;
        r->rho_c[c] = sl * sl / (sl * sl + kk - sl2);
        r->ave[c] = sl2 / kk;
        if (k == 1)
            r->rho_c[c] = r->ave[c] = 1;
    }
}

/* Fornell-Larcker (uncorrected score correlations, sqrt(AVE) diagonal) and the
 * cross-loadings (correlation of item i with the unit-variance score c = S_i. w_c). */
static void discriminant(adx_pls_t *r, const adx__pls_data_t *d, const adx__pls_est_t *e)
{
    size_t nc = r->nc, ni = r->ni;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++)
            r->fl[a * nc + b] = a == b ? sqrt(r->ave[a]) : e->c[a * nc + b];
    for (size_t i = 0; i < ni; i++)
        for (size_t c = 0; c < nc; c++) {
            double s = 0;
            for (size_t j = d->bstart[c]; j < d->bstart[c] + d->blen[c]; j++)
                s += d->s[i * ni + j] * e->w[j];
            r->cross[i * nc + c] = s;
        }
}

/* f^2 of every path: the model re-estimated without it (seminr). */
static adx_error_t effect_sizes(adx_pls_t *r, const adx__pls_data_t *d,
                                const adx_pls_options_t *o, size_t *ant, double *beta,
                                adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    adx_error_t rc = ADX_OK;
    unsigned char *adj = malloc(nc * nc);
    double *w = malloc(r->ni * sizeof *w), *c = malloc(nc * nc * sizeof *c);
    double *rho = malloc(nc * sizeof *rho);
    if (!adj || !w || !c || !rho) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t e = 0; !rc && e < r->npaths; e++) {
        size_t from = r->pfrom[e], to = r->pto[e];
        int iters = 0, conv = 0;
        memcpy(adj, r->adj, nc * nc);
        adj[from * nc + to] = 0;
        rc = adx__pls_core(d, adj, o, w, c, &iters, &conv, ctx);
        if (rc)
            break;
        if (o->consistent) {
            adx__pls_rho_a(r, d, w, rho);
            adx__pls_disattenuate(c, nc, rho);
        }
        size_t k = antecedents(adj, nc, to, ant);
        double r2ex = k ? adx__pls_reg(c, nc, ant, k, to, beta) : 0;
        r->f2[e] = (r->r2[to] - r2ex) / (1 - r->r2[to]);
    }
cleanup:
    ADX__FREE(adj, w, c, rho);
    return rc;
}

adx_error_t adx__pls_quality(adx_pls_t *r, const adx__pls_data_t *d, const adx__pls_est_t *e,
                             const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    double *beta = malloc(nc * sizeof *beta);
    size_t *ant = malloc(nc * sizeof *ant);
    adx_error_t rc = beta && ant ? ADX_OK : adx_oom(ctx);
    if (!rc) {
        reliability(r, d);
        discriminant(r, d, e);
        rc = inner_vif(r, e->c, ant, ctx);
    }
    if (!rc)
        rc = effect_sizes(r, d, o, ant, beta, ctx);
    if (!rc)
        rc = adx__pls_indirect(r, ctx);
    if (!rc)
        rc = adx__pls_fit_indices(r, d, e, ctx);
    ADX__FREE(beta, ant);
    return rc;
}
