/* Two-stage least squares with first-stage diagnostics, Wu-Hausman and Durbin
 * endogeneity tests and Sargan's overidentification test (Wooldridge 2010, ch. 5;
 * Stock & Yogo 2005 for the weak-instrument critical values). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "../base/base.h"

#define IV_MAX 128

void adx_iv_free(adx_iv_t *r)
{
    if (!r)
        return;
    free(r->dependent);
    adx__free_strings(r->names, r->p);
    adx__free_strings(r->endog, r->nendog);
    free(r->b);
    free(r->se);
    free(r->t);
    free(r->pvalue);
    free(r->ci_lower);
    free(r->ci_upper);
    free(r->first_r2);
    free(r->first_partial_r2);
    free(r->first_f);
    free(r->first_df1);
    free(r->first_df2);
    free(r->first_p);
    free(r);
}

/* Splits "a + b + c" in place into names; returns the count or -1 on an empty name. */
static long split_plus(char *s, char **names, size_t max)
{
    s = adx__trim(s);
    if (!*s)
        return 0;
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(s, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
        tok = adx__trim(tok);
        if (!*tok || n == max)
            return -1;
        names[n++] = tok;
    }
    return (long)n;
}

/* OLS fit of y on the given columns (first is the constant). */
static adx_error_t fit(adx_matrix_t *X, const double *y, const char *const *names, int keep,
                       adx_ols_t **f, adx_errctx_t *ctx)
{
    adx_ols_options_t o;
    adx_ols_options_init(&o);
    o.keep_resid = keep;
    return adx_ols_fit(X, y, names, &o, f, ctx);
}

adx_error_t adx_iv(const adx_dataset_t *ds, const char *spec, double ci_level, adx_iv_t **out,
                   adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    char *buf = strdup(spec);
    adx_iv_t *r = calloc(1, sizeof *r);
    char *nm[4 * IV_MAX];
    size_t idx[4 * IV_MAX], *rows = NULL;
    adx_matrix_t *Z = NULL, *Z0 = NULL, *Xh = NULL, *Xa = NULL;
    double *y = NULL, *xhat = NULL, *vres = NULL;
    adx_ols_t *f = NULL, *f2 = NULL;
    const char *cn[4 * IV_MAX + 1];
    if (!buf || !r) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    r->ci_level = ci_level;
    char *bar = strchr(buf, '|');
    char *t1 = strchr(buf, '~');
    char *t2 = bar ? strchr(bar + 1, '~') : NULL;
    if (!bar || !t1 || t1 > bar || !t2 || strchr(t2 + 1, '~') || strchr(bar + 1, '|')) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "iv model '%s': write it as \"Y ~ CONTROLS | ENDOGENOUS ~ INSTRUMENTS\", "
                     "e.g. \"perf ~ size + age | ambi ~ z1 + z2\"",
                     spec);
        goto cleanup;
    }
    *t1 = *bar = *t2 = 0;
    char *yname = adx__trim(buf);
    long nc = split_plus(t1 + 1, nm + 1, IV_MAX);
    long ne = nc >= 0 ? split_plus(bar + 1, nm + 1 + nc, IV_MAX) : -1;
    long nz = ne >= 0 ? split_plus(t2 + 1, nm + 1 + nc + ne, IV_MAX) : -1;
    nm[0] = yname;
    if (!*yname || nc < 0 || ne < 0 || nz < 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "iv model '%s' has an empty name (a stray '+'?)", spec);
        goto cleanup;
    }
    if (ne == 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "iv model '%s' names no endogenous regressor before the "
                                      "second '~'", spec);
        goto cleanup;
    }
    if (nz < ne) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%ld endogenous regressor(s) but %ld excluded instrument(s): 2SLS needs at "
                     "least as many instruments as endogenous regressors",
                     ne, nz);
        goto cleanup;
    }
    size_t k = (size_t)(1 + nc + ne + nz);
    if ((rc = adx_dataset_lookup(ds, (const char *const *)nm, k, 1, idx, ctx)) != ADX_OK)
        goto cleanup;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < a; b++)
            if (idx[a] == idx[b]) {
                rc = adx_err(ctx, ADX_EUSAGE, "'%s' appears twice in the iv model (a variable is "
                                              "either a control, endogenous or an instrument)",
                             nm[a]);
                goto cleanup;
            }
    r->ncontrol = (size_t)nc;
    r->nendog = (size_t)ne;
    r->ninst = (size_t)nz;
    size_t N = ds->nrows, n = 0;
    if (!(rows = malloc((N ? N : 1) * sizeof *rows))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < N; i++) {
        int ok = 1;
        for (size_t j = 0; ok && j < k; j++)
            ok = !isnan(ds->vars[idx[j]].num[i]);
        if (ok)
            rows[n++] = i;
    }
    r->n = n;
    size_t E = r->nendog, C = r->ncontrol, Q = r->ninst;
    size_t p = 1 + E + C, kz = 1 + C + Q;
    r->p = 0;
#define COL(j, i) ds->vars[idx[j]].num[rows[i]]
    /* Index of name j: 0 = y, 1..C controls, 1+C.. endogenous, 1+C+E.. instruments. */
    if (n <= kz || n <= p + E) {
        rc = adx_err(ctx, ADX_EEMPTY, "%zu complete cases for %zu instruments and controls: 2SLS "
                                      "needs more cases than parameters",
                     n, kz);
        goto cleanup;
    }
    if (!(r->dependent = strdup(yname)) || !(r->names = calloc(p, sizeof(char *))) ||
        !(r->endog = calloc(E, sizeof(char *))) || !(r->b = calloc(p, sizeof(double))) ||
        !(r->se = calloc(p, sizeof(double))) || !(r->t = calloc(p, sizeof(double))) ||
        !(r->pvalue = calloc(p, sizeof(double))) || !(r->ci_lower = calloc(p, sizeof(double))) ||
        !(r->ci_upper = calloc(p, sizeof(double))) ||
        !(r->first_r2 = calloc(E, sizeof(double))) ||
        !(r->first_partial_r2 = calloc(E, sizeof(double))) ||
        !(r->first_f = calloc(E, sizeof(double))) || !(r->first_df1 = calloc(E, sizeof(double))) ||
        !(r->first_df2 = calloc(E, sizeof(double))) || !(r->first_p = calloc(E, sizeof(double))) ||
        !(y = malloc(n * sizeof *y)) || !(xhat = malloc(n * E * sizeof *xhat)) ||
        !(vres = malloc(n * E * sizeof *vres)) || !(Z = adx_matrix_alloc(n, kz)) ||
        !(Z0 = adx_matrix_alloc(n, 1 + C)) || !(Xh = adx_matrix_alloc(n, p)) ||
        !(Xa = adx_matrix_alloc(n, p + E))) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    r->p = p;
    for (size_t j = 0; j < p; j++) {
        const char *s = j == 0 ? "(Intercept)" : j <= E ? nm[1 + C + (j - 1)] : nm[1 + (j - 1 - E)];
        if (!(r->names[j] = strdup(s))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    for (size_t j = 0; j < E; j++)
        if (!(r->endog[j] = strdup(nm[1 + C + j]))) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    /* Instrument matrix [1, controls, instruments]. */
    cn[0] = "(Intercept)";
    for (size_t j = 0; j < C; j++)
        cn[1 + j] = nm[1 + j];
    for (size_t j = 0; j < Q; j++)
        cn[1 + C + j] = nm[1 + C + E + j];
    for (size_t i = 0; i < n; i++) {
        y[i] = COL(0, i);
        ADX_M(Z, i, 0) = ADX_M(Z0, i, 0) = 1;
        for (size_t j = 0; j < C; j++)
            ADX_M(Z, i, 1 + j) = ADX_M(Z0, i, 1 + j) = COL(1 + j, i);
        for (size_t j = 0; j < Q; j++)
            ADX_M(Z, i, 1 + C + j) = COL(1 + C + E + j, i);
    }
    /* First stages. */
    double *xe = malloc(n * sizeof *xe);
    if (!xe) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t e = 0; e < E; e++) {
        for (size_t i = 0; i < n; i++)
            xe[i] = COL(1 + C + e, i);
        rc = fit(Z, xe, cn, 1, &f, ctx);
        if (rc == ADX_ECONST)
            rc = adx_err(ctx, ADX_ECONST, "endogenous regressor '%s' has zero variance",
                         r->endog[e]);
        if (rc)
            break;
        double rss = f->rss;
        r->first_r2[e] = f->r2;
        for (size_t i = 0; i < n; i++) {
            xhat[i + e * n] = f->fitted[i];
            vres[i + e * n] = f->resid[i];
        }
        adx_ols_free(f);
        f = NULL;
        double rss0 = 0;
        if (C > 0) {
            if ((rc = fit(Z0, xe, cn, 0, &f, ctx)) != ADX_OK)
                break;
            rss0 = f->rss;
            adx_ols_free(f);
            f = NULL;
        } else {
            double m = 0;
            for (size_t i = 0; i < n; i++)
                m += xe[i];
            m /= (double)n;
            for (size_t i = 0; i < n; i++)
                rss0 += (xe[i] - m) * (xe[i] - m);
        }
        r->first_partial_r2[e] = (rss0 - rss) / rss0;
        r->first_df1[e] = (double)Q;
        r->first_df2[e] = (double)(n - kz);
        r->first_f[e] = ((rss0 - rss) / (double)Q) / (rss / (double)(n - kz));
        r->first_p[e] = gsl_cdf_fdist_Q(r->first_f[e], (double)Q, (double)(n - kz));
    }
    free(xe);
    if (rc)
        goto cleanup;
    static const double sy10[] = {16.38, 19.93, 22.30, 24.58, 26.87};
    r->stock_yogo = E == 1 && Q >= 1 && Q <= 5 ? sy10[Q - 1] : NAN;
    /* Second stage on [1, xhat, controls]; residuals with the actual x. */
    for (size_t i = 0; i < n; i++) {
        ADX_M(Xh, i, 0) = ADX_M(Xa, i, 0) = 1;
        for (size_t e = 0; e < E; e++) {
            ADX_M(Xh, i, 1 + e) = xhat[i + e * n];
            ADX_M(Xa, i, 1 + e) = COL(1 + C + e, i);
        }
        for (size_t j = 0; j < C; j++)
            ADX_M(Xh, i, 1 + E + j) = ADX_M(Xa, i, 1 + E + j) = COL(1 + j, i);
        for (size_t e = 0; e < E; e++)
            ADX_M(Xa, i, p + e) = vres[i + e * n];
    }
    if ((rc = fit(Xh, y, (const char *const *)r->names, 0, &f, ctx)) != ADX_OK)
        goto cleanup;
    double *e2 = malloc(n * sizeof *e2);
    if (!e2) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < p; j++)
            s += (j == 0 ? 1 : ADX_M(Xa, i, j)) * f->b[j];
        e2[i] = y[i] - s;
        ss += e2[i] * e2[i];
    }
    double dfr = (double)(n - p), s2 = ss / dfr;
    r->sigma = sqrt(s2);
    double tc = gsl_cdf_tdist_Qinv((1 - ci_level) / 2, dfr);
    for (size_t j = 0; j < p; j++) {
        r->b[j] = f->b[j];
        r->se[j] = sqrt(s2 * f->xtx_inv[j + j * p]);
        r->t[j] = r->b[j] / r->se[j];
        r->pvalue[j] = 2 * gsl_cdf_tdist_Q(fabs(r->t[j]), dfr);
        r->ci_lower[j] = r->b[j] - tc * r->se[j];
        r->ci_upper[j] = r->b[j] + tc * r->se[j];
    }
    adx_ols_free(f);
    f = NULL;
    /* Sargan: n R2 of the 2SLS residuals on all instruments. */
    r->sargan = r->sargan_df = r->sargan_p = NAN;
    if (Q > E) {
        rc = fit(Z, e2, cn, 0, &f, ctx);
        if (!rc) {
            r->sargan = (double)n * f->r2;
            r->sargan_df = (double)(Q - E);
            r->sargan_p = gsl_cdf_chisq_Q(r->sargan, r->sargan_df);
        }
        adx_ols_free(f);
        f = NULL;
    }
    free(e2);
    if (rc)
        goto cleanup;
    /* Wu-Hausman and Durbin by the control function: y on [1, x, controls] and on
     * [1, x, controls, first-stage residuals]. */
    {
        adx_matrix_t view = *Xa;
        view.cols = p;
        const char *an[4 * IV_MAX + 1];
        for (size_t j = 0; j < p; j++)
            an[j] = r->names[j];
        for (size_t e = 0; e < E; e++)
            an[p + e] = "first-stage residual";
        if ((rc = fit(&view, y, an, 0, &f, ctx)) != ADX_OK ||
            (rc = fit(Xa, y, an, 0, &f2, ctx)) != ADX_OK)
            goto cleanup;
        double rr = f->rss, ru = f2->rss;
        r->wh_df1 = (double)E;
        r->wh_df2 = (double)(n - p - E);
        r->wh_f = ((rr - ru) / r->wh_df1) / (ru / r->wh_df2);
        r->wh_p = gsl_cdf_fdist_Q(r->wh_f, r->wh_df1, r->wh_df2);
        r->durbin = (double)n * (rr - ru) / rr;
        r->durbin_df = (double)E;
        r->durbin_p = gsl_cdf_chisq_Q(r->durbin, r->durbin_df);
    }
#undef COL
cleanup:
    adx_ols_free(f);
    adx_ols_free(f2);
    adx_matrix_free(Z);
    adx_matrix_free(Z0);
    adx_matrix_free(Xh);
    adx_matrix_free(Xa);
    free(y);
    free(xhat);
    free(vres);
    free(rows);
    free(buf);
    if (rc)
        adx_iv_free(r);
    else
        *out = r;
    return rc;
}
