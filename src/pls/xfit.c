/* PLSpredict, IPMA and multi-group analysis: the dispatcher and the estimate on a subset of
 * the rows that all three re-run (training sets, groups, permuted groups, resamples). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "plsx_priv.h"

int adx__plsx_open(adx__plsx_fit_t *f, const adx_pls_t *r)
{
    size_t ni = r->ni;
    memset(f, 0, sizeof *f);
    f->mean = malloc(2 * ni * sizeof *f->mean);
    f->s = malloc(ni * ni * sizeof *f->s);
    f->rinv = malloc(ni * ni * sizeof *f->rinv);
    if (!f->mean || !f->s || !f->rinv || adx__pls_est_alloc(&f->e, r->nc, ni, r->npaths)) {
        adx__plsx_close(f);
        return -1;
    }
    f->sd = f->mean + ni;
    return 0;
}

void adx__plsx_close(adx__plsx_fit_t *f)
{
    ADX__FREE(f->mean, f->s, f->rinv);
    adx__pls_est_free(&f->e);
    memset(f, 0, sizeof *f);
}

/* Means over the observed cells of the rows; then the cross products of the deviations
 * (a missing cell deviates by 0) into f->s, scaled to correlations. */
static int subset_cor(const adx__pls_raw_t *raw, const size_t *rows, size_t m,
                      adx__plsx_fit_t *f)
{
    size_t ni = raw->ni;
    double *mu = f->mean, *sd = f->sd, *s = f->s;
    for (size_t i = 0; i < ni; i++) {
        double sum = 0;
        size_t k = 0;
        for (size_t q = 0; q < m; q++) {
            double v = raw->x[rows[q] * ni + i];
            if (v == v) {
                sum += v;
                k++;
            }
        }
        if (!k)
            return -1;
        mu[i] = sum / (double)k;
    }
    memset(s, 0, ni * ni * sizeof *s);
    for (size_t q = 0; q < m; q++) {
        const double *x = raw->x + rows[q] * ni;
        for (size_t i = 0; i < ni; i++) {
            double di = x[i] == x[i] ? x[i] - mu[i] : 0;
            if (di == 0)
                continue;
            for (size_t j = i; j < ni; j++)
                s[i * ni + j] += di * (x[j] == x[j] ? x[j] - mu[j] : 0);
        }
    }
    for (size_t i = 0; i < ni; i++) {
        sd[i] = sqrt(s[i * ni + i] / (double)(m - 1));
        if (!(sd[i] > 1e-12 * (fabs(mu[i]) + 1)))
            return -1;
    }
    for (size_t i = 0; i < ni; i++)
        for (size_t j = i; j < ni; j++)
            s[i * ni + j] = s[j * ni + i] =
                i == j ? 1 : s[i * ni + j] / ((double)(m - 1) * sd[i] * sd[j]);
    return 0;
}

int adx__plsx_fit(const adx_pls_t *r, const adx__pls_data_t *d0, const adx__pls_raw_t *raw,
                  const size_t *rows, size_t m, const adx_pls_options_t *o, adx__plsx_fit_t *f)
{
    if (m < 3 || subset_cor(raw, rows, m, f))
        return -1;
    adx__pls_data_t d = *d0;
    d.n = m;
    d.z = NULL;
    d.s = f->s;
    d.rinv = f->rinv;
    adx_errctx_t ctx = {0};
    if (adx__pls_block_inverses(r, &d, f->rinv, &ctx) || adx__pls_estimate(r, &d, o, &f->e, &ctx))
        return -1;
    return 0;
}

int adx__plsx_endogenous(const adx_pls_t *r, size_t c)
{
    for (size_t k = 0; k < r->npaths; k++)
        if (r->pto[k] == c)
            return 1;
    return 0;
}

adx_error_t adx__pls_x(adx_pls_t *r, const adx_dataset_t *ds, const size_t *idx,
                       const adx__pls_data_t *d, const adx_pls_options_t *o, adx_errctx_t *ctx)
{
    if (!o->predict && !o->ipma && !o->group)
        return ADX_OK;
    size_t n = r->n, ni = r->ni;
    double *x = malloc(n * ni * sizeof *x);
    if (!x)
        return adx_oom(ctx);
    for (size_t k = 0; k < n * ni; k++) /* row-major: cell k is row k / ni, item k % ni */
        x[k] = ds->vars[idx[k % ni]].num[k / ni];
    adx__pls_raw_t raw = {n, ni, x};
    adx_error_t rc = o->predict ? adx__plsx_predict(r, &raw, d, o, ctx) : ADX_OK;
    if (!rc && o->ipma)
        rc = adx__plsx_ipma(r, &raw, o, ctx);
    if (!rc && o->group)
        rc = adx__plsx_mga(r, ds, &raw, d, o, ctx);
    free(x);
    return rc;
}

void adx__pls_x_free(adx_pls_t *r)
{
    adx__plsx_predict_free(r->predict);
    adx__plsx_ipma_free(r->ipma);
    adx__plsx_mga_free(r->mga);
    r->predict = NULL;
    r->ipma = NULL;
    r->mga = NULL;
}
