/* Specific indirect effects (every chain with a mediator) and the model fit of a PLS fit:
 * SRMR, d_ULS and d_G of the saturated and the estimated model (docs/pls.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_linalg.h"
#include "pls_priv.h"

/* At most this many chains are listed (a dense model of 20 constructs has 2^18). */
#define PLS_MAX_CHAINS 100000

typedef struct {
    adx_pls_t *r;
    double *b;           /* nc x nc path coefficients */
    size_t *stack, depth;
    int count_only;      /* first pass: count chains (nchain) and their nodes (nnode) */
    size_t nchain, nnode;
} chain_walk_t;

static void record_chain(chain_walk_t *w)
{
    adx_pls_t *r = w->r;
    if (!w->count_only) {
        double eff = 1;
        for (size_t k = 0; k + 1 < w->depth; k++)
            eff *= w->b[w->stack[k] * r->nc + w->stack[k + 1]];
        memcpy(r->ind_node + w->nnode, w->stack, w->depth * sizeof *w->stack);
        r->ind_effect[w->nchain] = eff;
        r->ind_start[w->nchain + 1] = w->nnode + w->depth;
    }
    w->nnode += w->depth;
    w->nchain++;
}

/* Depth-first walk from the chain in w->stack. */
static void walk(chain_walk_t *w)
{
    adx_pls_t *r = w->r;
    size_t last = w->stack[w->depth - 1];
    for (size_t nx = 0; nx < r->nc && w->nchain < PLS_MAX_CHAINS; nx++) {
        if (!r->adj[last * r->nc + nx])
            continue;
        w->stack[w->depth++] = nx;
        if (w->depth >= 3)
            record_chain(w);
        walk(w);
        w->depth--;
    }
}

adx_error_t adx__pls_indirect(adx_pls_t *r, adx_errctx_t *ctx)
{
    size_t nc = r->nc;
    chain_walk_t w = {r, calloc(nc * nc, sizeof(double)), malloc((nc + 1) * sizeof(size_t)),
                      0, 1, 0, 0};
    adx_error_t rc = w.b && w.stack ? ADX_OK : ADX_ENOMEM;
    for (size_t e = 0; !rc && e < r->npaths; e++)
        w.b[r->pfrom[e] * nc + r->pto[e]] = r->coef[e];
    for (int pass = 0; !rc && pass < 2; pass++) {
        if (pass == 1) {
            r->ind_start = calloc(w.nchain + 1, sizeof *r->ind_start);
            r->ind_effect = malloc((w.nchain ? w.nchain : 1) * sizeof *r->ind_effect);
            r->ind_node = malloc((w.nnode ? w.nnode : 1) * sizeof *r->ind_node);
            if (!r->ind_start || !r->ind_effect || !r->ind_node) {
                rc = ADX_ENOMEM;
                break;
            }
            r->nind = w.nchain;
            w.count_only = 0;
            w.nchain = w.nnode = 0;
        }
        for (size_t s = 0; s < nc; s++) {
            w.stack[0] = s;
            w.depth = 1;
            walk(&w);
        }
    }
    free(w.b);
    free(w.stack);
    return rc ? adx_oom(ctx) : ADX_OK;
}

/* Implied construct correlations of the estimated model: Phi = A Psi A', A = (I - B')^-1
 * = I + T' (T the total effects), Psi = the (corrected) correlations among exogenous
 * constructs, 1 - R^2 for an endogenous one, 0 elsewhere. */
static void implied_phi(const adx_pls_t *r, const adx__pls_est_t *e, double *phi, double *a,
                        double *psi)
{
    size_t nc = r->nc;
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++) {
            a[i * nc + j] = (i == j) + e->total[j * nc + i];
            int xi = isnan(e->r2[i]), xj = isnan(e->r2[j]);
            psi[i * nc + j] = xi && xj ? e->cc[i * nc + j] : i == j ? 1 - e->r2[i] : 0;
        }
    for (size_t i = 0; i < nc; i++)
        for (size_t j = 0; j < nc; j++) {
            double s = 0;
            for (size_t k = 0; k < nc; k++)
                for (size_t l = 0; l < nc; l++)
                    s += a[i * nc + k] * psi[k * nc + l] * a[j * nc + l];
            phi[i * nc + j] = s;
        }
}

/* Model-implied item correlations from the construct correlations phi: l_i phi_ab l_j
 * between blocks; within a block the observed correlations (composites) or l_i l_j with a
 * unit diagonal (PLSc common factors). */
static void implied_items(const adx_pls_t *r, const adx__pls_data_t *d, const double *load,
                          const double *phi, double *sig)
{
    size_t ni = r->ni, nc = r->nc;
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < ni; j++) {
            size_t a = r->icon[i], b = r->icon[j];
            int factor = r->consistent && r->mode[a] == 'A' && d->blen[a] > 1;
            sig[i * ni + j] = a != b ? load[i] * phi[a * nc + b] * load[j]
                              : !factor ? d->s[i * ni + j]
                              : i == j ? 1 : load[i] * load[j];
        }
}

/* SRMR, d_ULS, d_G of S against sig; lt (ni x ni) scratch holding chol(S). d_G is NaN when
 * S or S^-1 sig is not positive definite. */
static void discrepancies(const adx__pls_data_t *d, const double *sig, double *lt, double *m,
                          double *ev, double *srmr, double *duls, double *dg)
{
    size_t ni = d->ni;
    double ss = 0, sl = 0;
    for (size_t i = 0; i < ni; i++)
        for (size_t j = 0; j < ni; j++) {
            double e2 = pow(d->s[i * ni + j] - sig[i * ni + j], 2);
            ss += e2;
            sl += j <= i ? e2 : 0;
        }
    *srmr = sqrt(sl / ((double)ni * (double)(ni + 1) / 2));
    *duls = ss / 2;
    *dg = NAN;
    memcpy(lt, d->s, ni * ni * sizeof *lt);
    if (adx__chol_lower(lt, ni, 1, ni, 1e-12, 1, NULL) < ni)
        return;
    /* m = L^-1 sig L^-T: forward substitution on the columns, then on the rows. */
    memcpy(m, sig, ni * ni * sizeof *m);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < ni; c++)
            for (size_t i = 0; i < ni; i++) {
                double s = m[c * ni + i];
                for (size_t k = 0; k < i; k++)
                    s -= lt[k * ni + i] * m[c * ni + k];
                m[c * ni + i] = s / lt[i * ni + i];
            }
        for (size_t i = 0; i < ni; i++) /* transpose */
            for (size_t j = 0; j < i; j++) {
                double t = m[i * ni + j];
                m[i * ni + j] = m[j * ni + i];
                m[j * ni + i] = t;
            }
    }
    if (adx_sym_eigen(m, ni, ev, NULL) != ADX_OK || !(ev[ni - 1] > 0))
        return;
    double g = 0;
    for (size_t k = 0; k < ni; k++)
        g += log(ev[k]) * log(ev[k]);
    *dg = g / 2;
}

adx_error_t adx__pls_fit_indices(adx_pls_t *r, const adx__pls_data_t *d, const adx__pls_est_t *e,
                                 adx_errctx_t *ctx)
{
    size_t ni = r->ni, nc = r->nc;
    double *sig = malloc(ni * ni * sizeof *sig), *lt = malloc(ni * ni * sizeof *lt);
    double *m = malloc(ni * ni * sizeof *m), *ev = malloc(ni * sizeof *ev);
    double *phi = malloc(3 * nc * nc * sizeof *phi);
    adx_error_t rc = sig && lt && m && ev && phi ? ADX_OK : adx_oom(ctx);
    for (int k = 0; !rc && k < 2; k++) {
        if (k == 0)
            memcpy(phi, e->cc, nc * nc * sizeof *phi);
        else
            implied_phi(r, e, phi, phi + nc * nc, phi + 2 * nc * nc);
        implied_items(r, d, e->load, phi, sig);
        discrepancies(d, sig, lt, m, ev, &r->srmr[k], &r->d_uls[k], &r->d_g[k]);
    }
    ADX__FREE(sig, lt, m, ev, phi);
    return rc;
}
