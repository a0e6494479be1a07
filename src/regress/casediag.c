/* Case diagnostics of the last model of a hierarchical regression (SPSS REGRESSION
 * /RESIDUALS and /SAVE ZPRED ZRESID SRESID SDRESID COOK LEVER): standardized residual
 * e/s, studentized residual e/(s sqrt(1 - h)) (R rstandard), deleted studentized residual
 * (R rstudent), leverage h (R hatvalues) and SPSS's centred leverage h - 1/n, and Cook's
 * distance r^2 h / (p (1 - h)) (R cooks.distance). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_regress.h"

void adx_casediag_free(adx_casediag_t *c)
{
    if (!c)
        return;
    ADX__FREE(c->row, c->block, c);
}

adx_error_t adx__casediag(const adx_ols_t *F, const size_t *rows, adx_casediag_t **out,
                          adx_errctx_t *ctx)
{
    *out = NULL;
    size_t n = F->n;
    adx_casediag_t *C = calloc(1, sizeof *C);
    if (!C || !(C->row = malloc(n * sizeof *C->row)) ||
        !(C->block = malloc(ADX_CASEDIAG_NCOLS * n * sizeof *C->block))) {
        adx_casediag_free(C);
        return adx_oom(ctx);
    }
    C->n = n;
    C->p = F->p;
    memcpy(C->row, rows, n * sizeof *rows);
    double **col[] = {&C->fitted, &C->resid,   &C->zpred, &C->zresid, &C->sresid,
                      &C->sdresid, &C->hat,    &C->lever, &C->cooks};
    for (size_t q = 0; q < ADX_CASEDIAG_NCOLS; q++)
        *col[q] = C->block + q * n;
    double mf, sf, s = F->sigma, dp = (double)F->p, df = (double)n - dp;
    adx__mean_sd(F->fitted, n, 1, 0, &mf, &sf, NULL);
    for (size_t i = 0; i < n; i++) {
        double e = F->resid[i], h = F->hat[i], r = e / (s * sqrt(1 - h));
        C->fitted[i] = F->fitted[i];
        C->resid[i] = e;
        C->zpred[i] = sf > 0 ? (F->fitted[i] - mf) / sf : NAN;
        C->zresid[i] = e / s;
        C->sresid[i] = h < 1 ? r : NAN;
        C->sdresid[i] = h < 1 && df > 1 && df - r * r > 0 ? r * sqrt((df - 1) / (df - r * r)) : NAN;
        C->hat[i] = h;
        C->lever[i] = h - 1 / (double)n;
        C->cooks[i] = h < 1 ? r * r * h / (dp * (1 - h)) : NAN;
    }
    *out = C;
    return ADX_OK;
}

size_t adx_casediag_pp(const adx_casediag_t *c, double *observed, double *expected)
{
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!isnan(c->zresid[i]))
            expected[m++] = c->zresid[i];
    qsort(expected, m, sizeof *expected, adx__cmp_double);
    double a = m <= 10 ? 3.0 / 8 : 0.5;
    for (size_t i = 0; i < m; i++) {
        observed[i] = ((double)(i + 1) - a) / ((double)m + 1 - 2 * a);
        expected[i] = gsl_cdf_ugaussian_P(expected[i]);
    }
    return m;
}
