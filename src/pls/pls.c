/* adx_pls: data preparation (seminr conventions), the fit and the results object. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "pls_priv.h"

void adx_pls_options_init(adx_pls_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->scheme = ADX_PLS_PATH;
    o->max_iter = 300;
    o->stop = 1e-7;
}

void adx_pls_free(adx_pls_t *r)
{
    if (!r)
        return;
    if (r->cname)
        adx__free_strings(r->cname, r->nc);
    if (r->iname)
        adx__free_strings(r->iname, r->ni);
    ADX__FREE(r->mode, r->icon, r->adj, r->pfrom, r->pto, r->weight, r->loading, r->outer_vif,
              r->coef, r->f2, r->inner_vif, r->r2, r->adj_r2, r->alpha, r->rho_a, r->rho_c,
              r->ave, r->htmt, r->scores);
    free(r);
}

/* Standardized indicators: missing cells replaced by the item's mean over its observed
 * cells (seminr's mean_replacement), then centred and scaled by the SD (n - 1). */
static adx_error_t standardize(const adx_dataset_t *ds, const adx_pls_t *r, const size_t *idx,
                               double *z, adx_errctx_t *ctx)
{
    size_t n = ds->nrows;
    for (size_t i = 0; i < r->ni; i++) {
        const double *x = ds->vars[idx[i]].num;
        double *zi = z + i * n, m = 0, ss = 0;
        size_t k = 0;
        for (size_t row = 0; row < n; row++)
            if (!isnan(x[row])) {
                m += x[row];
                k++;
            }
        if (k == 0)
            return adx_err(ctx, ADX_EEMPTY, "pls: indicator '%s' has no values", r->iname[i]);
        m /= (double)k;
        for (size_t row = 0; row < n; row++) {
            zi[row] = isnan(x[row]) ? 0 : x[row] - m;
            ss += zi[row] * zi[row];
        }
        double sd = sqrt(ss / (double)(n - 1));
        if (!(sd > 1e-12 * (fabs(m) + 1)))
            return adx_err(ctx, ADX_ECONST, "pls: indicator '%s' has zero variance; drop it "
                                            "from the model", r->iname[i]);
        for (size_t row = 0; row < n; row++)
            zi[row] /= sd;
    }
    return ADX_OK;
}

/* Block-diagonal inverses of the item correlations (ni x ni, zero outside the blocks). */
static adx_error_t block_inverses(const adx_pls_t *r, const adx__pls_data_t *d,
                                  const double *rz, double *rinv, adx_errctx_t *ctx)
{
    size_t ni = r->ni;
    memset(rinv, 0, ni * ni * sizeof *rinv);
    for (size_t c = 0; c < r->nc; c++) {
        size_t b0 = d->bstart[c], k = d->blen[c];
        double *a = malloc(k * k * sizeof *a);
        if (!a)
            return adx_oom(ctx);
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                a[j * k + i] = rz[(b0 + j) * ni + b0 + i];
        adx_error_t rc = adx__spd_inverse(a, k, NULL);
        for (size_t i = 0; !rc && i < k; i++)
            for (size_t j = 0; j < k; j++)
                rinv[(b0 + j) * ni + b0 + i] = a[j * k + i];
        free(a);
        if (rc)
            return adx_err(ctx, ADX_ESINGULAR, "pls: the indicators of '%s' are collinear "
                                               "(singular correlation matrix); drop a redundant "
                                               "one", r->cname[c]);
    }
    return ADX_OK;
}

static adx_error_t check_connected(const adx_pls_t *r, adx_errctx_t *ctx)
{
    for (size_t c = 0; r->nc > 1 && c < r->nc; c++) {
        int linked = 0;
        for (size_t k = 0; k < r->npaths; k++)
            linked |= r->pfrom[k] == c || r->pto[k] == c;
        if (!linked)
            return adx_err(ctx, ADX_EUSAGE, "pls: construct '%s' is in no structural path; add "
                                            "a line such as Y ~ %s", r->cname[c], r->cname[c]);
    }
    return ADX_OK;
}

static adx_error_t alloc_results(adx_pls_t *r, size_t n, adx_errctx_t *ctx)
{
    size_t nc = r->nc, ni = r->ni, np = r->npaths ? r->npaths : 1;
    double **ni_arr[] = {&r->weight, &r->loading, &r->outer_vif};
    double **np_arr[] = {&r->coef, &r->f2, &r->inner_vif};
    double **nc_arr[] = {&r->r2, &r->adj_r2, &r->alpha, &r->rho_a, &r->rho_c, &r->ave};
    for (size_t i = 0; i < 3; i++)
        if (!(*ni_arr[i] = calloc(ni, sizeof(double))) ||
            !(*np_arr[i] = calloc(np, sizeof(double))))
            return adx_oom(ctx);
    for (size_t i = 0; i < 6; i++)
        if (!(*nc_arr[i] = calloc(nc, sizeof(double))))
            return adx_oom(ctx);
    r->htmt = calloc(nc * nc, sizeof(double));
    r->scores = calloc(n * nc, sizeof(double));
    return r->htmt && r->scores ? ADX_OK : adx_oom(ctx);
}

/* Fit once the model and the data are in place. */
static adx_error_t fit(adx_pls_t *r, adx__pls_data_t *d, const adx_pls_options_t *o,
                       double *rz, double *rinv, adx_errctx_t *ctx)
{
    size_t n = d->n, ni = r->ni;
    adx__pls_cor(d->z, n, ni, rz);
    adx_error_t rc = block_inverses(r, d, rz, rinv, ctx);
    if (!rc)
        rc = adx__pls_core(d, r->adj, o, r->weight, r->scores, &r->iterations, &r->converged,
                           ctx);
    for (size_t i = 0; !rc && i < ni; i++) {
        double s = 0;
        for (size_t row = 0; row < n; row++)
            s += d->z[i * n + row] * r->scores[r->icon[i] * n + row];
        r->loading[i] = s / (double)(n - 1);
    }
    if (!rc)
        rc = adx__pls_quality(r, d, rz, o, ctx);
    return rc;
}

adx_error_t adx_pls(const adx_dataset_t *ds, const char *model, const adx_pls_options_t *o,
                    adx_pls_t **out, adx_errctx_t *ctx)
{
    adx_pls_options_t def;
    adx_pls_options_init(&def);
    if (!o)
        o = &def;
    *out = NULL;
    size_t n = ds->nrows, *idx = NULL, *bstart = NULL, *blen = NULL;
    double *z = NULL, *rz = NULL, *rinv = NULL;
    adx_pls_t *r = calloc(1, sizeof *r);
    adx_error_t rc = r ? adx__pls_parse(model, r, ctx) : adx_oom(ctx);
    if (rc)
        goto cleanup;
    r->n = n;
    r->scheme = o->scheme;
    if (n < 3) {
        rc = adx_err(ctx, ADX_EEMPTY, "pls: %zu rows; at least 3 are needed", n);
        goto cleanup;
    }
    idx = malloc(r->ni * sizeof *idx);
    bstart = calloc(r->nc, sizeof *bstart);
    blen = calloc(r->nc, sizeof *blen);
    z = malloc(n * r->ni * sizeof *z);
    rz = malloc(r->ni * r->ni * sizeof *rz);
    rinv = malloc(r->ni * r->ni * sizeof *rinv);
    if (!idx || !bstart || !blen || !z || !rz || !rinv) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = r->ni; i-- > 0;) {
        bstart[r->icon[i]] = i;
        blen[r->icon[i]]++;
    }
    rc = adx_dataset_lookup(ds, (const char *const *)r->iname, r->ni, 1, idx, ctx);
    if (!rc)
        rc = check_connected(r, ctx);
    if (!rc)
        rc = alloc_results(r, n, ctx);
    if (!rc)
        rc = standardize(ds, r, idx, z, ctx);
    adx__pls_data_t d = {n, r->nc, r->ni, z, bstart, blen, r->mode, rinv};
    if (!rc)
        rc = fit(r, &d, o, rz, rinv, ctx);
cleanup:
    ADX__FREE(idx, bstart, blen, z, rz, rinv);
    if (rc)
        adx_pls_free(r);
    else
        *out = r;
    return rc;
}
