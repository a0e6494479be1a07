/* Omega hierarchical by the Schmid-Leiman transformation (Schmid & Leiman 1957; McDonald
 * 1999; Zinbarg et al. 2005), as psych::omega computes it: m group factors by minres,
 * oblimin (no Kaiser normalisation, GPArotation's default), one general factor by minres
 * from the factor correlations, then g_i = sum_f L_if gl_f and group loadings
 * L_if sqrt(1 - gl_f^2). omega_h = (sum |g|)^2 / Vt, omega_total = (Vt - sum u2) / Vt, with
 * Vt the sum of the correlation matrix with items keyed by the sign of g (flip = TRUE). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_measure.h"
#include "measure_priv.h"

void adx_omega_options_init(adx_omega_options_t *o)
{
    adx_items_options_init(&o->items);
    adx_factor_options_init(&o->fa);
    o->fa.method = ADX_EXTRACT_MINRES;
    o->fa.rotate = ADX_ROTATE_OBLIMIN;
    o->fa.kaiser = 0;
    o->nfactors = 3;
}

void adx_omega_free(adx_omega_t *w)
{
    if (!w)
        return;
    adx_items_free(w->items);
    ADX__FREE(w->g, w->spec, w->h2, w->u2, w->phi, w->gload, w);
}

/* Loadings of the m group factors on the general factor (gl, m). */
static adx_error_t general_loadings(const double *phi, size_t m, const adx_factor_options_t *fo,
                                    double *gl, adx_errctx_t *ctx)
{
    if (m == 2) { /* psych: both load sqrt(phi_12) */
        gl[0] = gl[1] = sqrt(fabs(phi[1]));
        return ADX_OK;
    }
    adx_factor_options_t o = *fo;
    o.method = ADX_EXTRACT_MINRES;
    o.rotate = ADX_ROTATE_NONE;
    return adx_extract(phi, m, 1, &o, gl, NULL, NULL, NULL, ctx);
}

/* The Schmid-Leiman solution and the omegas from the item correlations. */
static adx_error_t schmid_leiman(adx_omega_t *W, const adx_omega_options_t *o, adx_errctx_t *ctx)
{
    size_t k = W->k, m = W->m;
    const double *R = W->items->R;
    double *L = malloc(k * m * sizeof *L);
    if (!L)
        return adx_oom(ctx);
    adx_factor_options_t fo = o->fa;
    adx_error_t rc = adx_extract(R, k, m, &fo, L, NULL, NULL, NULL, ctx);
    if (!rc) {
        adx__loading_ss(L, k, m, W->h2, NULL);
        rc = adx_rotate(L, k, m, &fo, W->phi, NULL, ctx);
    }
    if (!rc)
        rc = general_loadings(W->phi, m, &fo, W->gload, ctx);
    if (rc)
        goto cleanup;
    double sg = 0;
    for (size_t f = 0; f < m; f++)
        sg += W->gload[f];
    for (size_t f = 0; sg < 0 && f < m; f++) /* psych: loadings sum positive */
        W->gload[f] = -W->gload[f];
    double gsum = 0, vt = 0, usum = 0;
    for (size_t i = 0; i < k; i++) {
        W->g[i] = 0;
        for (size_t f = 0; f < m; f++) {
            double s = 1 - W->gload[f] * W->gload[f];
            W->g[i] += L[i + f * k] * W->gload[f];
            W->spec[i + f * k] = L[i + f * k] * sqrt(s > 0 ? s : 0);
        }
    }
    for (size_t i = 0; i < k; i++) {
        double ki = W->g[i] < 0 ? -1 : 1;
        gsum += fabs(W->g[i]);
        W->u2[i] = 1 - W->h2[i];
        usum += W->u2[i];
        for (size_t j = 0; j < k; j++)
            vt += ki * (W->g[j] < 0 ? -1 : 1) * R[i + j * k];
    }
    W->omega_h = gsum * gsum / vt;
    W->omega_total = (vt - usum) / vt;
cleanup:
    free(L);
    return rc;
}

adx_error_t adx_omega(const adx_dataset_t *ds, const size_t *idx, size_t k,
                      const adx_omega_options_t *o, adx_omega_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_omega_options_t def;
    if (!o) {
        adx_omega_options_init(&def);
        o = &def;
    }
    size_t m = o->nfactors;
    adx_omega_t *W = calloc(1, sizeof *W);
    if (!W)
        return adx_oom(ctx);
    adx_error_t rc = adx_items_load(ds, idx, k, &o->items, &W->items, ctx);
    if (!rc)
        rc = adx_check_pd(W->items->R, k, W->items->names, ctx);
    if (rc)
        goto cleanup;
    if (m < 2 || 2 * m > k) {
        rc = adx_err(ctx, ADX_EUSAGE, "omega hierarchical needs 2 or more group factors and at "
                                      "least two items per factor: %zu factors for %zu items",
                     m, k);
        goto cleanup;
    }
    W->k = k;
    W->m = m;
    W->n = W->items->n;
    if (!(W->g = calloc(k, sizeof *W->g)) || !(W->spec = calloc(k * m, sizeof *W->spec)) ||
        !(W->h2 = calloc(k, sizeof *W->h2)) || !(W->u2 = calloc(k, sizeof *W->u2)) ||
        !(W->phi = calloc(m * m, sizeof *W->phi)) || !(W->gload = calloc(m, sizeof *W->gload))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    rc = schmid_leiman(W, o, ctx);
cleanup:
    if (rc)
        adx_omega_free(W);
    else
        *out = W;
    return rc;
}
