/* Quality criteria of a PLS fit (seminr 2.3.1's summary()): paths, R^2, VIFs, alpha,
 * rho_A, rho_C, AVE, HTMT and f^2. docs/pls.md states the formulas. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

/* Antecedents of construct j under adj (nc x nc), skipping `skip` (or nc for none). */
static size_t antecedents(const unsigned char *adj, size_t nc, size_t j, size_t skip,
                          size_t *ant)
{
    size_t k = 0;
    for (size_t i = 0; i < nc; i++)
        if (adj[i * nc + j] && i != skip)
            ant[k++] = i;
    return k;
}

/* rho_A (Dijkstra-Henseler) of every construct for the weights w: 1 for mode B and single
 * items. */
static void rho_a_of(const adx_pls_t *r, const adx__pls_data_t *d, const double *rz,
                     const double *w, double *rho)
{
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double ww = 0, w4 = 0, wsw = 0;
        for (size_t i = b0; i < b0 + k; i++) {
            ww += w[i] * w[i];
            w4 += pow(w[i], 4);
            for (size_t j = b0; j < b0 + k; j++)
                if (j != i)
                    wsw += w[i] * rz[i * d->ni + j] * w[j];
        }
        rho[c] = k > 1 && r->mode[c] == 'A' ? ww * ww * wsw / (ww * ww - w4) : 1;
    }
}

/* PLSc: score correlations corrected for attenuation, c_ij / sqrt(rho_i rho_j). */
static void disattenuate(double *c, size_t nc, const double *rho)
{
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++)
            if (i != j)
                c[i * nc + j] /= sqrt(rho[i] * rho[j]);
}

/* Path coefficients, R^2 and adjusted R^2 from the score correlations c (corrected under
 * PLSc), inner VIF from the uncorrected cv. */
static adx_error_t structural(adx_pls_t *r, const double *c, const double *cv, size_t *ant,
                              double *beta, adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    for (size_t j = 0; j < nc; j++) {
        size_t k = antecedents(r->adj, nc, j, nc, ant);
        r->r2[j] = r->adj_r2[j] = NAN;
        if (k == 0)
            continue;
        r->r2[j] = adx__pls_reg(c, nc, ant, k, j, beta);
        if (isnan(r->r2[j]))
            return adx_err(ctx, ADX_ESINGULAR, "pls: the antecedents of '%s' are collinear",
                           r->cname[j]);
        double df = (double)r->n - (double)k - 1;
        r->adj_r2[j] = df > 0 ? 1 - (1 - r->r2[j]) * ((double)r->n - 1) / df : NAN;
        double *a = malloc(k * k * sizeof *a);
        if (!a)
            return adx_oom(ctx);
        for (size_t p = 0; p < k; p++)
            for (size_t q = 0; q < k; q++)
                a[q * k + p] = cv[ant[p] * nc + ant[q]];
        adx_error_t rc = adx__spd_inverse(a, k, NULL);
        for (size_t e = 0; e < r->npaths; e++) {
            if (r->pto[e] != j)
                continue;
            for (size_t p = 0; p < k; p++)
                if (ant[p] == r->pfrom[e]) {
                    r->coef[e] = beta[p];
                    r->inner_vif[e] = k > 1 && !rc ? a[p * k + p] : NAN;
                }
        }
        free(a);
    }
    return ADX_OK;
}

/* alpha (standardized), rho_A, rho_C and AVE of every block; outer VIF. */
static void reliability(adx_pls_t *r, const adx__pls_data_t *d, const double *rz)
{
    size_t ni = r->ni;
    rho_a_of(r, d, rz, r->weight, r->rho_a);
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double sr = 0, sl = 0, sl2 = 0;
        for (size_t i = b0; i < b0 + k; i++) {
            r->outer_vif[i] = d->rinv[i * ni + i];
            sl += r->loading[i];
            sl2 += r->loading[i] * r->loading[i];
            for (size_t j = b0; j < b0 + k; j++)
                sr += rz[i * ni + j];
        }
        double kk = (double)k;
        r->alpha[c] = k > 1 ? kk / (kk - 1) * (1 - kk / sr) : 1;
        r->rho_c[c] = sl * sl / (sl * sl + kk - sl2);
        r->ave[c] = sl2 / kk;
        if (k == 1)
            r->rho_c[c] = r->ave[c] = 1;
    }
}

/* PLSc loadings of the mode A constructs: w sqrt(rho_A) / (w'w). */
static void consistent_loadings(adx_pls_t *r, const adx__pls_data_t *d)
{
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double ww = 0;
        for (size_t i = b0; i < b0 + k; i++)
            ww += r->weight[i] * r->weight[i];
        for (size_t i = b0; r->mode[c] == 'A' && i < b0 + k; i++)
            r->loading[i] = r->weight[i] * sqrt(r->rho_a[c]) / ww;
    }
}

/* Mean absolute item correlation between blocks a and b (within a block: off-diagonal,
 * 1 for a single item). */
static double mean_abs(const adx__pls_data_t *d, const double *rz, size_t a, size_t b)
{
    double s = 0;
    size_t m = 0;
    for (size_t i = d->bstart[a]; i < d->bstart[a] + d->blen[a]; i++)
        for (size_t j = d->bstart[b]; j < d->bstart[b] + d->blen[b]; j++)
            if (a != b || j > i) {
                s += fabs(rz[i * d->ni + j]);
                m++;
            }
    return m ? s / (double)m : 1;
}

static void htmt(adx_pls_t *r, const adx__pls_data_t *d, const double *rz)
{
    size_t nc = r->nc;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++)
            r->htmt[a * nc + b] = a == b ? NAN
                                         : mean_abs(d, rz, a, b) /
                                               sqrt(mean_abs(d, rz, a, a) * mean_abs(d, rz, b, b));
}

/* f^2 of every path: the model re-estimated without it (seminr). */
static adx_error_t effect_sizes(adx_pls_t *r, const adx__pls_data_t *d, const double *rz,
                                const adx_pls_options_t *o, size_t *ant, double *beta,
                                adx_errctx_t *ctx)
{
    size_t nc = r->nc, n = r->n;
    adx_error_t rc = ADX_OK;
    unsigned char *adj = malloc(nc * nc);
    double *w = malloc(r->ni * sizeof *w), *f = malloc(n * nc * sizeof *f);
    double *c = malloc(nc * nc * sizeof *c), *rho = malloc(nc * sizeof *rho);
    if (!adj || !w || !f || !c || !rho) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t e = 0; !rc && e < r->npaths; e++) {
        size_t from = r->pfrom[e], to = r->pto[e];
        int iters = 0, conv = 0;
        memcpy(adj, r->adj, nc * nc);
        adj[from * nc + to] = 0;
        rc = adx__pls_core(d, adj, o, w, f, &iters, &conv, ctx);
        if (rc)
            break;
        adx__pls_cor(f, n, nc, c);
        if (o->consistent) {
            rho_a_of(r, d, rz, w, rho);
            disattenuate(c, nc, rho);
        }
        size_t k = antecedents(adj, nc, to, nc, ant);
        double r2ex = k ? adx__pls_reg(c, nc, ant, k, to, beta) : 0;
        r->f2[e] = (r->r2[to] - r2ex) / (1 - r->r2[to]);
    }
cleanup:
    ADX__FREE(adj, w, f, c, rho);
    return rc;
}

adx_error_t adx__pls_quality(adx_pls_t *r, const adx__pls_data_t *d, const double *rz,
                             const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    double *c = malloc(nc * nc * sizeof *c), *beta = malloc(nc * sizeof *beta);
    double *cc = malloc(nc * nc * sizeof *cc);
    size_t *ant = malloc(nc * sizeof *ant);
    adx_error_t rc = c && beta && ant && cc ? ADX_OK : adx_oom(ctx);
    if (!rc) {
        adx__pls_cor(r->scores, r->n, nc, c);
        reliability(r, d, rz);
        htmt(r, d, rz);
        memcpy(cc, c, nc * nc * sizeof *c);
        r->consistent = o->consistent;
        if (o->consistent) {
            consistent_loadings(r, d);
            reliability(r, d, rz);
            disattenuate(cc, nc, r->rho_a);
        }
        rc = structural(r, cc, c, ant, beta, ctx);
    }
    if (!rc)
        rc = effect_sizes(r, d, rz, o, ant, beta, ctx);
    ADX__FREE(c, beta, ant, cc);
    return rc;
}
