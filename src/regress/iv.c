/* Two-stage least squares with first-stage diagnostics, Wu-Hausman and Durbin
 * endogeneity tests and Sargan's overidentification test (Wooldridge 2010, ch. 5;
 * Stock & Yogo 2005 for the weak-instrument critical values). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "regress_priv.h"

#define IV_MAX 128

void adx_iv_free(adx_iv_t *r)
{
    if (!r)
        return;
    free(r->dependent);
    adx__free_strings(r->names, r->p);
    adx__free_strings(r->endog, r->nendog);
    ADX__FREE(r->b, r->se, r->t, r->pvalue, r->ci_lower, r->ci_upper, r->first_r2,
              r->first_partial_r2, r->first_f, r->first_df1, r->first_df2, r->first_p, r);
}

/* OLS fit of y on the given columns (first is the constant). */
static adx_error_t fit(const adx_matrix_t *X, const double *y, const char *const *names, int keep,
                       adx_ols_t **f, adx_errctx_t *ctx)
{
    adx_ols_options_t o;
    adx_ols_options_init(&o);
    o.keep_resid = keep;
    return adx_ols_fit(X, y, names, &o, f, ctx);
}

/* State of one adx_iv call. Variables: 0 = y, 1..C controls, 1+C.. endogenous,
 * 1+C+E.. instruments. */
typedef struct {
    const adx_dataset_t *ds;
    adx_errctx_t *ctx;
    adx_iv_t *r;
    size_t idx[4 * IV_MAX];
    const char *cn[4 * IV_MAX + 1]; /* names of the instrument matrix [1, controls, Z] */
    size_t *rows, n, E, C, Q, p, kz;
    adx_matrix_t *Z, *Z0, *Xh, *Xa;
    double *y, *xhat, *vres;
} ivwork_t;

#define COL(w, j, i) (w)->ds->vars[(w)->idx[j]].num[(w)->rows[i]]

static const char *var_name(const ivwork_t *w, size_t j) { return w->ds->vars[w->idx[j]].name; }

/* The variables of one part of the model through the formula parser of adx_regress;
 * an empty part has none. */
static adx_error_t part_vars(ivwork_t *w, char *text, size_t *vars, size_t *n)
{
    *n = 0;
    if (!*adx__trim(text))
        return ADX_OK;
    return adx__formula_plain(w->ds, text, vars, IV_MAX, n, w->ctx);
}

/* "Y ~ CONTROLS | ENDOGENOUS ~ INSTRUMENTS" into the variables. */
static adx_error_t parse_spec(ivwork_t *w, const char *spec)
{
    adx_errctx_t *ctx = w->ctx;
    char *buf = adx__strdup(spec);
    if (!buf)
        return adx_oom(ctx);
    adx_error_t rc = ADX_OK;
    char *bar = strchr(buf, '|'), *t1 = strchr(buf, '~');
    char *t2 = bar ? strchr(bar + 1, '~') : NULL;
    if (!bar || !t1 || t1 > bar || !t2 || strchr(t2 + 1, '~') || strchr(bar + 1, '|')) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "iv model '%s': write it as \"Y ~ CONTROLS | ENDOGENOUS ~ INSTRUMENTS\", "
                     "e.g. \"perf ~ size + age | ambi ~ z1 + z2\"",
                     spec);
        goto cleanup;
    }
    *t1 = *bar = *t2 = 0;
    const char *yname = adx__trim(buf);
    size_t C = 0, E = 0, Q = 0;
    if (!*yname) {
        rc = adx_err(ctx, ADX_EUSAGE, "iv model '%s' has no dependent variable before '~'", spec);
        goto cleanup;
    }
    if ((rc = adx_dataset_lookup(w->ds, &yname, 1, 1, &w->idx[0], ctx)) ||
        (rc = part_vars(w, t1 + 1, w->idx + 1, &C)) ||
        (rc = part_vars(w, bar + 1, w->idx + 1 + C, &E)) ||
        (rc = part_vars(w, t2 + 1, w->idx + 1 + C + E, &Q)))
        goto cleanup;
    if (E == 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "iv model '%s' names no endogenous regressor before the "
                                      "second '~'", spec);
        goto cleanup;
    }
    if (Q < E) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%zu endogenous regressor(s) but %zu excluded instrument(s): 2SLS needs at "
                     "least as many instruments as endogenous regressors",
                     E, Q);
        goto cleanup;
    }
    w->C = C, w->E = E, w->Q = Q;
    for (size_t a = 0; a < 1 + C + E + Q; a++)
        for (size_t b = 0; b < a; b++)
            if (w->idx[a] == w->idx[b]) {
                rc = adx_err(ctx, ADX_EUSAGE, "'%s' appears twice in the iv model (a variable is "
                                              "either a control, endogenous or an instrument)",
                             var_name(w, a));
                goto cleanup;
            }
cleanup:
    free(buf);
    return rc;
}

/* Complete cases, result arrays, names and the instrument matrices [1, controls, Z]
 * and [1, controls]. */
static adx_error_t iv_setup(ivwork_t *w)
{
    adx_iv_t *r = w->r;
    size_t E = w->E, C = w->C, Q = w->Q, k = 1 + C + E + Q, N = w->ds->nrows, n = 0;
    size_t p = w->p = 1 + E + C, kz = w->kz = 1 + C + Q;
    r->ncontrol = C, r->nendog = E, r->ninst = Q;
    if (!(w->rows = malloc((N ? N : 1) * sizeof *w->rows)))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < N; i++) {
        int ok = 1;
        for (size_t j = 0; ok && j < k; j++)
            ok = !isnan(w->ds->vars[w->idx[j]].num[i]);
        if (ok)
            w->rows[n++] = i;
    }
    r->n = w->n = n;
    if (n <= kz || n <= p + E)
        return adx_err(w->ctx, ADX_EEMPTY, "%zu complete cases for %zu instruments and controls: "
                                           "2SLS needs more cases than parameters",
                       n, kz);
    if (!(r->dependent = adx__strdup(var_name(w, 0))) || !(r->names = calloc(p, sizeof(char *))) ||
        !(r->endog = calloc(E, sizeof(char *))) || !(r->b = calloc(p, sizeof(double))) ||
        !(r->se = calloc(p, sizeof(double))) || !(r->t = calloc(p, sizeof(double))) ||
        !(r->pvalue = calloc(p, sizeof(double))) || !(r->ci_lower = calloc(p, sizeof(double))) ||
        !(r->ci_upper = calloc(p, sizeof(double))) ||
        !(r->first_r2 = calloc(E, sizeof(double))) ||
        !(r->first_partial_r2 = calloc(E, sizeof(double))) ||
        !(r->first_f = calloc(E, sizeof(double))) || !(r->first_df1 = calloc(E, sizeof(double))) ||
        !(r->first_df2 = calloc(E, sizeof(double))) || !(r->first_p = calloc(E, sizeof(double))) ||
        !(w->y = malloc(n * sizeof *w->y)) || !(w->xhat = malloc(n * E * sizeof *w->xhat)) ||
        !(w->vres = malloc(n * E * sizeof *w->vres)) || !(w->Z = adx_matrix_alloc(n, kz)) ||
        !(w->Z0 = adx_matrix_alloc(n, 1 + C)) || !(w->Xh = adx_matrix_alloc(n, p)) ||
        !(w->Xa = adx_matrix_alloc(n, p + E)))
        return adx_oom(w->ctx);
    r->p = p;
    for (size_t j = 0; j < p; j++) {
        const char *s = j == 0 ? "(Intercept)" : j <= E ? var_name(w, 1 + C + (j - 1))
                                                        : var_name(w, 1 + (j - 1 - E));
        if (!(r->names[j] = adx__strdup(s)))
            return adx_oom(w->ctx);
    }
    for (size_t j = 0; j < E; j++)
        if (!(r->endog[j] = adx__strdup(var_name(w, 1 + C + j))))
            return adx_oom(w->ctx);
    w->cn[0] = "(Intercept)";
    for (size_t j = 0; j < C; j++)
        w->cn[1 + j] = var_name(w, 1 + j);
    for (size_t j = 0; j < Q; j++)
        w->cn[1 + C + j] = var_name(w, 1 + C + E + j);
    for (size_t i = 0; i < n; i++) {
        w->y[i] = COL(w, 0, i);
        ADX_M(w->Z, i, 0) = ADX_M(w->Z0, i, 0) = 1;
        for (size_t j = 0; j < C; j++)
            ADX_M(w->Z, i, 1 + j) = ADX_M(w->Z0, i, 1 + j) = COL(w, 1 + j, i);
        for (size_t j = 0; j < Q; j++)
            ADX_M(w->Z, i, 1 + C + j) = COL(w, 1 + C + E + j, i);
    }
    return ADX_OK;
}

/* First stage of endogenous regressor e: fitted values, residuals, R2, partial R2
 * and the F test of the excluded instruments. */
static adx_error_t first_stage(ivwork_t *w, size_t e, double *xe)
{
    adx_iv_t *r = w->r;
    size_t n = w->n, Q = w->Q, kz = w->kz;
    adx_ols_t *f = NULL;
    for (size_t i = 0; i < n; i++)
        xe[i] = COL(w, 1 + w->C + e, i);
    adx_error_t rc = fit(w->Z, xe, w->cn, 1, &f, w->ctx);
    if (rc == ADX_ECONST)
        return adx_err(w->ctx, ADX_ECONST, "endogenous regressor '%s' has zero variance",
                       r->endog[e]);
    if (rc)
        return rc;
    double rss = f->rss, rss0 = 0;
    r->first_r2[e] = f->r2;
    for (size_t i = 0; i < n; i++) {
        w->xhat[i + e * n] = f->fitted[i];
        w->vres[i + e * n] = f->resid[i];
    }
    adx_ols_free(f);
    f = NULL;
    if (w->C > 0) {
        if ((rc = fit(w->Z0, xe, w->cn, 0, &f, w->ctx)) != ADX_OK)
            return rc;
        rss0 = f->rss;
        adx_ols_free(f);
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
    return ADX_OK;
}

/* Second stage on [1, xhat, controls]; residuals e2 with the actual x; coefficient
 * table with the 2SLS variance. */
static adx_error_t second_stage(ivwork_t *w, double ci_level, double *e2)
{
    adx_iv_t *r = w->r;
    size_t n = w->n, E = w->E, C = w->C, p = w->p;
    for (size_t i = 0; i < n; i++) {
        ADX_M(w->Xh, i, 0) = ADX_M(w->Xa, i, 0) = 1;
        for (size_t e = 0; e < E; e++) {
            ADX_M(w->Xh, i, 1 + e) = w->xhat[i + e * n];
            ADX_M(w->Xa, i, 1 + e) = COL(w, 1 + C + e, i);
        }
        for (size_t j = 0; j < C; j++)
            ADX_M(w->Xh, i, 1 + E + j) = ADX_M(w->Xa, i, 1 + E + j) = COL(w, 1 + j, i);
        for (size_t e = 0; e < E; e++)
            ADX_M(w->Xa, i, p + e) = w->vres[i + e * n];
    }
    adx_ols_t *f = NULL;
    adx_error_t rc = fit(w->Xh, w->y, (const char *const *)r->names, 0, &f, w->ctx);
    if (rc)
        return rc;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < p; j++)
            s += (j == 0 ? 1 : ADX_M(w->Xa, i, j)) * f->b[j];
        e2[i] = w->y[i] - s;
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
    return ADX_OK;
}

/* Sargan: n R2 of the 2SLS residuals on all instruments (overidentified models). */
static adx_error_t sargan(ivwork_t *w, const double *e2)
{
    adx_iv_t *r = w->r;
    r->sargan = r->sargan_df = r->sargan_p = NAN;
    if (w->Q <= w->E)
        return ADX_OK;
    adx_ols_t *f = NULL;
    adx_error_t rc = fit(w->Z, e2, w->cn, 0, &f, w->ctx);
    if (!rc) {
        r->sargan = (double)w->n * f->r2;
        r->sargan_df = (double)(w->Q - w->E);
        r->sargan_p = gsl_cdf_chisq_Q(r->sargan, r->sargan_df);
    }
    adx_ols_free(f);
    return rc;
}

/* Wu-Hausman and Durbin by the control function: y on [1, x, controls] and on
 * [1, x, controls, first-stage residuals]. */
static adx_error_t endogeneity(ivwork_t *w)
{
    adx_iv_t *r = w->r;
    size_t p = w->p, E = w->E, n = w->n;
    adx_matrix_t view = *w->Xa;
    view.cols = p;
    const char *an[4 * IV_MAX + 1];
    for (size_t j = 0; j < p; j++)
        an[j] = r->names[j];
    for (size_t e = 0; e < E; e++)
        an[p + e] = "first-stage residual";
    adx_ols_t *f = NULL, *f2 = NULL;
    adx_error_t rc;
    if (!(rc = fit(&view, w->y, an, 0, &f, w->ctx)) && !(rc = fit(w->Xa, w->y, an, 0, &f2, w->ctx))) {
        double rr = f->rss, ru = f2->rss;
        r->wh_df1 = (double)E;
        r->wh_df2 = (double)(n - p - E);
        r->wh_f = ((rr - ru) / r->wh_df1) / (ru / r->wh_df2);
        r->wh_p = gsl_cdf_fdist_Q(r->wh_f, r->wh_df1, r->wh_df2);
        r->durbin = (double)n * (rr - ru) / rr;
        r->durbin_df = (double)E;
        r->durbin_p = gsl_cdf_chisq_Q(r->durbin, r->durbin_df);
    }
    adx_ols_free(f);
    adx_ols_free(f2);
    return rc;
}

adx_error_t adx_iv(const adx_dataset_t *ds, const char *spec, double ci_level, adx_iv_t **out,
                   adx_errctx_t *ctx)
{
    *out = NULL;
    ivwork_t w = {.ds = ds, .ctx = ctx, .r = calloc(1, sizeof *w.r)};
    double *tmp = NULL;
    adx_error_t rc = w.r ? parse_spec(&w, spec) : adx_oom(ctx);
    if (rc || (rc = iv_setup(&w)))
        goto cleanup;
    w.r->ci_level = ci_level;
    if (!(tmp = malloc(w.n * sizeof *tmp))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t e = 0; e < w.E && !rc; e++)
        rc = first_stage(&w, e, tmp);
    if (rc)
        goto cleanup;
    static const double sy10[] = {16.38, 19.93, 22.30, 24.58, 26.87};
    w.r->stock_yogo = w.E == 1 && w.Q >= 1 && w.Q <= 5 ? sy10[w.Q - 1] : NAN;
    if (!(rc = second_stage(&w, ci_level, tmp)) && !(rc = sargan(&w, tmp)))
        rc = endogeneity(&w);
cleanup:
    adx_matrix_free(w.Z);
    adx_matrix_free(w.Z0);
    adx_matrix_free(w.Xh);
    adx_matrix_free(w.Xa);
    ADX__FREE(w.y, w.xhat, w.vres, w.rows, tmp);
    if (rc)
        adx_iv_free(w.r);
    else
        *out = w.r;
    return rc;
}
