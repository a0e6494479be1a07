/* The estimates of one PLS fit from the item correlations: weights, loadings, score
 * correlations, rho_A and the PLSc corrections, paths, R^2, total effects and HTMT. The
 * fit and every bootstrap resample compute them here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

adx_error_t adx__pls_est_alloc(adx__pls_est_t *e, size_t nc, size_t ni, size_t np)
{
    memset(e, 0, sizeof *e);
    size_t total = 2 * ni + 4 * nc * nc + 2 * nc + (np ? np : 1);
    double *b = calloc(total, sizeof *b);
    if (!b)
        return ADX_ENOMEM;
    e->w = b;
    e->load = e->w + ni;
    e->c = e->load + ni;
    e->cc = e->c + nc * nc;
    e->total = e->cc + nc * nc;
    e->htmt = e->total + nc * nc;
    e->rho_a = e->htmt + nc * nc;
    e->r2 = e->rho_a + nc;
    e->coef = e->r2 + nc;
    return ADX_OK;
}

void adx__pls_est_free(adx__pls_est_t *e)
{
    free(e->w);
    memset(e, 0, sizeof *e);
}

adx_error_t adx__pls_block_inverses(const adx_pls_t *r, const adx__pls_data_t *d, double *rinv,
                                    adx_errctx_t *ctx)
{
    size_t ni = r->ni;
    memset(rinv, 0, ni * ni * sizeof *rinv);
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                rinv[(b0 + j) * ni + b0 + i] = d->s[(b0 + j) * ni + b0 + i];
    }
    adx_error_t rc = ADX_OK;
    double *a = malloc(ni * ni * sizeof *a);
    if (!a)
        return adx_oom(ctx);
    for (size_t c = 0; !rc && c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                a[j * k + i] = rinv[(b0 + j) * ni + b0 + i];
        rc = adx__spd_inverse(a, k, NULL);
        for (size_t i = 0; !rc && i < k; i++)
            for (size_t j = 0; j < k; j++)
                rinv[(b0 + j) * ni + b0 + i] = a[j * k + i];
        if (rc)
            rc = adx_err(ctx, ADX_ESINGULAR, "pls: the indicators of '%s' are collinear "
                                             "(singular correlation matrix); drop a redundant "
                                             "one", r->cname[c]);
    }
    free(a);
    return rc;
}

void adx__pls_rho_a(const adx_pls_t *r, const adx__pls_data_t *d, const double *w, double *rho)
{
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double ww = 0, w4 = 0, wsw = 0;
        for (size_t i = b0; i < b0 + k; i++) {
            ww += w[i] * w[i];
            w4 += w[i] * w[i] * w[i] * w[i];
            for (size_t j = b0; j < b0 + k; j++)
                if (j != i)
                    wsw += w[i] * d->s[i * d->ni + j] * w[j];
        }
        rho[c] = k > 1 && r->mode[c] == 'A' ? ww * ww * wsw / (ww * ww - w4) : 1;
    }
}

void adx__pls_disattenuate(double *c, size_t nc, const double *rho)
{
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++)
            if (i != j)
                c[i * nc + j] /= sqrt(rho[i] * rho[j]);
}

/* Mean absolute item correlation between blocks a and b (within a block: off-diagonal,
 * 1 for a single item). */
static double mean_abs(const adx__pls_data_t *d, size_t a, size_t b)
{
    double s = 0;
    size_t m = 0;
    for (size_t i = d->bstart[a]; i < d->bstart[a] + d->blen[a]; i++)
        for (size_t j = d->bstart[b]; j < d->bstart[b] + d->blen[b]; j++)
            if (a != b || j > i) {
                s += fabs(d->s[i * d->ni + j]);
                m++;
            }
    return m ? s / (double)m : 1;
}

/* HTMT of every pair; mono: nc scratch. */
void adx__pls_htmt(const adx__pls_data_t *d, double *h, double *mono)
{
    size_t nc = d->nc;
    for (size_t a = 0; a < nc; a++) {
        mono[a] = mean_abs(d, a, a);
        for (size_t b = 0; b < a; b++)
            h[a * nc + b] = h[b * nc + a] = mean_abs(d, a, b) / sqrt(mono[a] * mono[b]);
        h[a * nc + a] = NAN;
    }
}

/* Total effects T = B + B^2 + ... ((I - B)^-1 - I), B[from * nc + to] the path
 * coefficients; the series ends because the model is recursive. tmp: 2 nc^2 + nc. */
static void total_effects(const adx_pls_t *r, const double *coef, double *t, double *tmp)
{
    size_t nc = r->nc;
    double *b = tmp, *p = tmp + nc * nc, *row = tmp + 2 * nc * nc;
    memset(b, 0, nc * nc * sizeof *b);
    for (size_t e = 0; e < r->npaths; e++)
        b[r->pfrom[e] * nc + r->pto[e]] = coef[e];
    memcpy(p, b, nc * nc * sizeof *p);
    memset(t, 0, nc * nc * sizeof *t);
    for (size_t len = 1; len <= nc; len++) {
        int any = 0;
        for (size_t i = 0; i < nc * nc; i++) {
            t[i] += p[i];
            any |= p[i] != 0;
        }
        if (!any)
            break;
        for (size_t i = 0; i < nc; i++) { /* p = p b, one row at a time */
            for (size_t j = 0; j < nc; j++) {
                double s = 0;
                for (size_t m = 0; m < nc; m++)
                    s += p[i * nc + m] * b[m * nc + j];
                row[j] = s;
            }
            memcpy(p + i * nc, row, nc * sizeof *row);
        }
    }
}

/* Paths and R^2 from the (corrected) score correlations. */
static adx_error_t structural(const adx_pls_t *r, adx__pls_est_t *e, size_t *ant, double *beta,
                              adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    for (size_t j = 0; j < nc; j++) {
        size_t k = 0;
        for (size_t i = 0; i < nc; i++)
            if (r->adj[i * nc + j])
                ant[k++] = i;
        e->r2[j] = NAN;
        if (k == 0)
            continue;
        e->r2[j] = adx__pls_reg(e->cc, nc, ant, k, j, beta);
        if (isnan(e->r2[j]))
            return adx_err(ctx, ADX_ESINGULAR, "pls: the antecedents of '%s' are collinear "
                                               "(singular score correlations)", r->cname[j]);
        for (size_t p = 0; p < r->npaths; p++)
            if (r->pto[p] == j)
                for (size_t q = 0; q < k; q++)
                    if (ant[q] == r->pfrom[p])
                        e->coef[p] = beta[q];
    }
    return ADX_OK;
}

adx_error_t adx__pls_estimate(const adx_pls_t *r, const adx__pls_data_t *d,
                              const adx_pls_options_t *o, adx__pls_est_t *e, adx_errctx_t *ctx)
{
    size_t nc = r->nc, ni = r->ni;
    size_t *ant = malloc(nc * sizeof *ant);
    double *tmp = malloc((2 * nc * nc + nc) * sizeof *tmp);
    adx_error_t rc = ant && tmp ? ADX_OK : adx_oom(ctx);
    if (!rc)
        rc = adx__pls_core(d, r->adj, o, e->w, e->c, &e->iterations, &e->converged, ctx);
    if (rc)
        goto cleanup;
    for (size_t c = 0; c < nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        for (size_t i = b0; i < b0 + k; i++) {
            double s = 0;
            for (size_t j = b0; j < b0 + k; j++)
                s += d->s[i * ni + j] * e->w[j];
            e->load[i] = s;
        }
    }
    adx__pls_rho_a(r, d, e->w, e->rho_a);
    memcpy(e->cc, e->c, nc * nc * sizeof *e->c);
    if (o->consistent) {
        adx__pls_disattenuate(e->cc, nc, e->rho_a);
        for (size_t c = 0; c < nc; c++) {
            size_t b0 = d->bstart[c], k = d->blen[c];
            double ww = 0;
            for (size_t i = b0; i < b0 + k; i++)
                ww += e->w[i] * e->w[i];
            for (size_t i = b0; r->mode[c] == 'A' && i < b0 + k; i++)
                e->load[i] = e->w[i] * sqrt(e->rho_a[c]) / ww;
        }
    }
    rc = structural(r, e, ant, tmp, ctx);
    if (!rc) {
        total_effects(r, e->coef, e->total, tmp);
        adx__pls_htmt(d, e->htmt, tmp);
    }
cleanup:
    ADX__FREE(ant, tmp);
    return rc;
}
