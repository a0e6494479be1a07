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
    o->seed = 1;
    o->level = 0.95;
    o->scale_min = o->scale_max = NAN;
    o->perm = 1000;
}

void adx_pls_free(adx_pls_t *r)
{
    if (!r)
        return;
    if (r->cname)
        adx__free_strings(r->cname, r->nc);
    if (r->iname)
        adx__free_strings(r->iname, r->ni);
    adx__pls_boot_free(r->boot);
    adx__pls_x_free(r);
    ADX__FREE(r->mode, r->icon, r->adj, r->pfrom, r->pto, r->weight, r->loading, r->outer_vif,
              r->coef, r->f2, r->inner_vif, r->r2, r->adj_r2, r->alpha, r->rho_a, r->rho_c,
              r->ave, r->htmt, r->scores, r->fl, r->cross, r->total, r->ind_start, r->ind_node,
              r->ind_effect, r->hoc);
    free(r);
}

/* Standardized indicators: missing cells replaced by the item's mean over its observed
 * cells (seminr's mean_replacement), then centred and scaled by the SD (n - 1). */
adx_error_t adx__pls_standardize(const adx_dataset_t *ds, const adx_pls_t *r, const size_t *idx,
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
    r->fl = calloc(nc * nc, sizeof(double));
    r->total = calloc(nc * nc, sizeof(double));
    r->cross = calloc(ni * nc, sizeof(double));
    r->scores = calloc(n * nc, sizeof(double));
    return r->htmt && r->fl && r->total && r->cross && r->scores ? ADX_OK : adx_oom(ctx);
}

/* Fit once the model and the data are in place (d->s and d->rinv point to the buffers
 * filled here). */
static adx_error_t fit(adx_pls_t *r, adx__pls_data_t *d, const adx_pls_options_t *o,
                       double *rz, double *rinv, adx_errctx_t *ctx)
{
    size_t nc = r->nc, ni = r->ni;
    adx__pls_cor(d->z, d->n, ni, rz);
    adx__pls_est_t e;
    adx_error_t rc = adx__pls_est_alloc(&e, nc, ni, r->npaths) ? adx_oom(ctx) : ADX_OK;
    if (!rc)
        rc = adx__pls_block_inverses(r, d, rinv, ctx);
    if (!rc)
        rc = adx__pls_estimate(r, d, o, &e, ctx);
    if (!rc) {
        r->iterations = e.iterations;
        r->converged = e.converged;
        r->consistent = o->consistent;
        memcpy(r->weight, e.w, ni * sizeof *e.w);
        memcpy(r->loading, e.load, ni * sizeof *e.w);
        memcpy(r->coef, e.coef, r->npaths * sizeof *e.w);
        memcpy(r->r2, e.r2, nc * sizeof *e.w);
        memcpy(r->rho_a, e.rho_a, nc * sizeof *e.w);
        memcpy(r->htmt, e.htmt, nc * nc * sizeof *e.w);
        memcpy(r->total, e.total, nc * nc * sizeof *e.w);
        adx__pls_scores(d, e.w, r->scores);
        rc = adx__pls_quality(r, d, &e, o, ctx);
    }
    adx__pls_est_free(&e);
    return rc;
}

/* The bootstrap on the raw rows (row-major copy of the model's indicators). */
static adx_error_t bootstrap(adx_pls_t *r, const adx_dataset_t *ds, const size_t *idx,
                             const adx__pls_data_t *d, const adx_pls_options_t *o,
                             adx_errctx_t *ctx)
{
    size_t n = r->n, ni = r->ni;
    if (o->boot < 2 || !(o->level > 0 && o->level < 1))
        return adx_err(ctx, ADX_EUSAGE, "pls: the bootstrap needs at least 2 resamples and a "
                                        "level between 0 and 1 (got %zu, %g)", o->boot, o->level);
    double *x = malloc(n * ni * sizeof *x);
    if (!x)
        return adx_oom(ctx);
    for (size_t i = 0; i < ni; i++)
        for (size_t row = 0; row < n; row++)
            x[row * ni + i] = ds->vars[idx[i]].num[row];
    adx__pls_raw_t raw = {n, ni, x};
    adx_error_t rc = adx__pls_boot(r, &raw, d, o, ctx);
    free(x);
    return rc;
}

adx_error_t adx__pls_plain(const adx_dataset_t *ds, const char *model,
                           const adx_pls_options_t *o, adx_pls_t **out, adx_errctx_t *ctx)
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
        rc = adx__pls_standardize(ds, r, idx, z, ctx);
    adx__pls_data_t d = {n, r->nc, r->ni, z, bstart, blen, r->mode, rz, rinv};
    if (!rc)
        rc = fit(r, &d, o, rz, rinv, ctx);
    if (!rc && o->boot)
        rc = bootstrap(r, ds, idx, &d, o, ctx);
    if (!rc)
        rc = adx__pls_x(r, ds, idx, &d, o, ctx);
cleanup:
    ADX__FREE(idx, bstart, blen, z, rz, rinv);
    if (rc)
        adx_pls_free(r);
    else
        *out = r;
    return rc;
}
