/* The SEM fit driver: sample moments from a dataset (listwise, products a:b, or
 * FIML patterns) or a covariance matrix, then the estimates, their standard
 * errors and intervals, standardized solutions, R2, Heywood checks and the fit
 * measures. Formulas: docs/sem.md. */
#include <gsl/gsl_cdf.h>
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* Central-difference step of the delta method for := rows, relative to |theta|. */
static const double DELTA_STEP = 1e-6;

static double zcrit(double level) { return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0); }

adx_error_t adx_sem_fit_cov(adx_sem_t *s, const double *S, size_t n, adx_errctx_t *ctx)
{
    return adx_sem_fit_moments(s, S, NULL, n, ctx);
}

adx__sem_counts_t adx__sem_counts(const adx_sem_t *s)
{
    adx__sem_counts_t c = {(double)(s->p * (s->p + 1) / 2), 0};
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].fixed_x && !strcmp(s->params[r].lhs, s->params[r].rhs))
            c.nx++;
    c.ndat -= (double)(c.nx * (c.nx + 1) / 2);
    if (s->meanstructure)
        c.ndat += (double)(s->p - c.nx);
    return c;
}

/* Stores the sample moments in s and allocates the result arrays. */
static adx_error_t store_sample(adx_sem_t *s, const double *S, const double *mean, size_t n,
                                adx_errctx_t *ctx)
{
    size_t p = s->p, t = s->p + s->m;
    ADX__FREE(s->sample_cov, s->implied, s->r2, s->endogenous, s->sample_mean);
    s->sample_mean = NULL;
    s->sample_cov = malloc(p * p * sizeof(double));
    s->implied = malloc(t * t * sizeof(double));
    s->r2 = malloc(t * sizeof(double));
    s->endogenous = calloc(t ? t : 1, 1);
    if (!s->sample_cov || !s->implied || !s->r2 || !s->endogenous)
        return adx_oom(ctx);
    memcpy(s->sample_cov, S, p * p * sizeof(double));
    if (mean && s->meanstructure) {
        if (!(s->sample_mean = malloc(p * sizeof(double))))
            return adx_oom(ctx);
        memcpy(s->sample_mean, mean, p * sizeof(double));
    }
    s->n = n;
    s->fitted = 0;
    return ADX_OK;
}

/* What the input must provide for the options of the model. */
static adx_error_t check_input(const adx_sem_t *s, const double *mean, size_t n,
                               adx_errctx_t *ctx)
{
    if (s->meanstructure && !mean)
        return adx_err(ctx, ADX_EUSAGE, "%s: the model has a mean structure ('~ 1' or a "
                                        "growth model), which needs raw data or the means "
                                        "with the covariance matrix (--means FILE)",
                       s->source);
    if (s->fiml && !mean)
        return adx_err(ctx, ADX_EUSAGE, "%s: FIML needs raw data", s->source);
    if (s->opt.robust == ADX_SEM_MLM && s->fiml)
        return adx_err(ctx, ADX_EUNSUPPORTED, "%s: MLM (Satorra-Bentler) needs complete data "
                                              "(as lavaan); use --estimator MLR",
                       s->source);
    if (s->opt.robust && !s->fiml && (!s->data || s->data_n != n))
        return adx_err(ctx, ADX_EUSAGE,
                       "%s: %s standard errors and scaled chi-square need raw data (the "
                       "casewise moments), not a covariance matrix; give the data file, or "
                       "drop --estimator for ML",
                       s->source, s->opt.robust == ADX_SEM_MLM ? "MLM (Satorra-Bentler)"
                                                               : "robust (MLR)");
    return ADX_OK;
}

/* Start values, the optimizer, and e left evaluated (with derivatives) at th. */
static adx_error_t estimate(adx_sem_t *s, adx__est_t *e, double *th, double *F,
                            adx_errctx_t *ctx)
{
    size_t q = s->npar;
    int it = 0;
    if (adx__sem_start_values(s, e, th))
        return adx_oom(ctx);
    if (adx__est_eval(e, th, F))
        return adx_err(ctx, ADX_ESINGULAR, "%s: the model-implied covariance matrix at the "
                                           "starting values is not positive definite",
                       s->source);
    int converged = adx__est_optimize(e, th, &it, F);
    if (converged == ADX__OPT_NOMEM)
        return adx_oom(ctx);
    if (adx__est_eval(e, th, F))
        return adx_err(ctx, ADX_ECONVERGE, "%s: the estimation failed (the implied "
                                           "covariance matrix is not positive definite)",
                       s->source);
    adx__est_derivs(e, 1);
    s->converged = converged > 0;
    s->iterations = it;
    free(s->theta);
    if (!(s->theta = malloc((q ? q : 1) * sizeof(double))))
        return adx_oom(ctx);
    memcpy(s->theta, th, q * sizeof(double));
    return ADX_OK;
}

/* adx__sem_vcov, conditioned on the parameters held at a bound (lavaan's SEs with
 * active inequality constraints). */
static adx_error_t bounded_vcov(adx_sem_t *s, adx__est_t *e, const double *th, size_t n,
                                double *V, int *vc_ok, double *ssr_trace)
{
    double *g = NULL;
    if (s->nbounds && !(g = malloc((s->npar ? s->npar : 1) * sizeof *g)))
        return ADX_ENOMEM;
    if (g)
        memcpy(g, e->g, s->npar * sizeof *g);
    adx_error_t rc = adx__sem_vcov(s, e, th, n, V, vc_ok, ssr_trace);
    if (!rc && g)
        adx__sem_mark_bounds(s, th, g, V);
    free(g);
    return rc;
}

/* Delta-method SE of := row r (central differences of the definitions). */
static double define_se(const adx_sem_t *s, const adx__est_t *e, const double *th,
                        const double *V, size_t r, double *thn, double *valp, double *jac)
{
    size_t q = s->npar;
    double var = 0;
    for (size_t k = 0; k < q; k++) {
        double h = DELTA_STEP * fmax(1.0, fabs(th[k]));
        memcpy(thn, th, q * sizeof(double));
        thn[k] = th[k] + h;
        adx__sem_values(s, e, thn, valp);
        double up = valp[r];
        thn[k] = th[k] - h;
        adx__sem_values(s, e, thn, valp);
        jac[k] = (up - valp[r]) / (2 * h);
    }
    for (size_t k = 0; k < q; k++)
        for (size_t l = 0; l < q; l++)
            var += jac[k] * V[k + l * q] * jac[l];
    return sqrt(var);
}

/* Estimates, SEs (Wald z, p, CI) of every row. */
static adx_error_t fill_params(adx_sem_t *s, const adx__est_t *e, const double *th,
                               const double *V, int vc_ok, adx_errctx_t *ctx)
{
    size_t q = s->npar, qq = q ? q : 1, np = s->nparams;
    double *vals = calloc(np + 1, sizeof *vals), *valp = calloc(np + 1, sizeof *valp);
    double *thn = calloc(qq, sizeof *thn), *jac = calloc(qq, sizeof *jac);
    adx_error_t rc = ADX_OK;
    if (!vals || !valp || !thn || !jac) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    double zc = zcrit(s->opt.ci_level);
    adx__sem_values(s, e, th, vals);
    for (size_t r = 0; r < np; r++) {
        adx_sem_param_t *pr = &s->params[r];
        pr->est = vals[r];
        pr->se = pr->z = pr->pvalue = NAN;
        pr->ci_lower = pr->ci_upper = pr->est;
        if (pr->op == ADX_SEM_DEFINE) {
            double se = define_se(s, e, th, V, r, thn, valp, jac);
            pr->se = vc_ok ? se : NAN;
        } else if (pr->free) {
            pr->se = vc_ok && !pr->at_bound ? fabs(pr->scale) * sqrt(V[(pr->free - 1) * (q + 1)])
                                            : NAN;
        } else {
            pr->se = 0.0;
            continue;
        }
        pr->z = pr->est / pr->se;
        pr->pvalue = 2.0 * gsl_cdf_ugaussian_Q(fabs(pr->z));
        pr->ci_lower = pr->est - zc * pr->se;
        pr->ci_upper = pr->est + zc * pr->se;
    }
cleanup:
    ADX__FREE(vals, valp, thn, jac);
    return rc;
}

/* Standardized value of row r: which = 0 std.lv (latent variables scaled), 1
 * std.all (all variables). */
static double std_value(const adx_sem_t *s, const adx__est_t *e, const double *sd, size_t r,
                        int which)
{
    size_t p = s->p, t = e->t, i = e->ri[r], j = e->rj[r];
    double est = s->params[r].est;
    double si = (which || i >= p) ? sd[i] : 1.0, sj = (which || j >= p) ? sd[j] : 1.0;
    if (e->kind[r] == ADX__PK_MEAN)
        return est / si;
    if (e->kind[r] == ADX__PK_A)
        return est * sj / si;
    if (i == j)
        return est / (si * sj);
    /* covariances: scaled by the (residual) variance estimates (lavaan cov.std);
     * observed ones untouched in std.lv */
    double vi = e->Sm[i + i * t], vj = e->Sm[j + j * t];
    double di = (which || i >= p) ? sqrt(vi) : 1.0;
    double dj = (which || j >= p) ? sqrt(vj) : 1.0;
    return est / (di * dj);
}

/* Implied covariance, std.lv and std.all of every row (:= rows through their
 * definitions). */
static adx_error_t standardize(adx_sem_t *s, const adx__est_t *e, adx_errctx_t *ctx)
{
    size_t t = e->t;
    double *sd = malloc(t * sizeof *sd), *valp = calloc(s->nparams + 1, sizeof *valp);
    if (!sd || !valp) {
        free(sd);
        free(valp);
        return adx_oom(ctx);
    }
    memcpy(s->implied, e->C, t * t * sizeof(double));
    for (size_t v = 0; v < t; v++)
        sd[v] = sqrt(e->C[v + v * t]);
    for (int which = 0; which < 2; which++) {
        for (size_t r = 0; r < s->nparams; r++)
            if (s->params[r].op != ADX_SEM_DEFINE)
                valp[r] = std_value(s, e, sd, r, which);
        adx__sem_eval_defs(s, valp);
        for (size_t r = 0; r < s->nparams; r++) {
            if (which)
                s->params[r].std_all = valp[r];
            else
                s->params[r].std_lv = valp[r];
        }
    }
    free(sd);
    free(valp);
    return ADX_OK;
}

/* R2 of endogenous variables (undefined, NaN, where the residual variance is
 * negative, as lavaan's NA), Heywood cases and a non-positive-definite latent
 * covariance matrix. */
static adx_error_t r2_and_checks(adx_sem_t *s, const adx__est_t *e, adx_errctx_t *ctx)
{
    size_t p = s->p, t = e->t, m = s->m;
    for (size_t v = 0; v < t; v++) {
        int endo = 0;
        for (size_t r = 0; r < s->nparams; r++)
            if (e->kind[r] == ADX__PK_A && e->ri[r] == v)
                endo = 1;
        s->endogenous[v] = (unsigned char)endo;
        s->r2[v] = endo && e->Sm[v + v * t] >= 0 ? 1.0 - e->Sm[v + v * t] / e->C[v + v * t] : NAN;
    }
    s->heywood = 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (e->kind[r] == ADX__PK_S && e->ri[r] == e->rj[r] && s->params[r].free &&
            s->params[r].est < 0)
            s->heywood++;
    s->not_pd = 0;
    if (m) {
        double *L = malloc(m * m * sizeof *L);
        if (!L)
            return adx_oom(ctx);
        for (size_t b = 0; b < m; b++)
            for (size_t a = 0; a < m; a++)
                L[a + b * m] = e->C[(p + a) + (p + b) * t];
        s->not_pd = adx__spd_inverse(L, m, NULL) != ADX_OK;
        free(L);
    }
    return ADX_OK;
}

adx_error_t adx_sem_fit_moments(adx_sem_t *s, const double *S, const double *mean, size_t n,
                                adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    adx__est_t e;
    size_t p = s->p, q = s->npar;
    double *th = NULL, *V = NULL, F = 0, ssr_trace = NAN;
    int vc_ok = 1;
    if (adx__est_init(&e, s)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    th = calloc(q ? q : 1, sizeof *th);
    V = calloc(q ? q * q : 1, sizeof *V);
    if (!th || !V) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = store_sample(s, S, mean, n, ctx)) || (rc = check_input(s, mean, n, ctx)))
        goto cleanup;
    if (adx__est_set_sample(&e, S, s->meanstructure ? mean : NULL)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the sample covariance matrix of the %zu observed variables is not "
                     "positive definite (n = %zu); drop constant or collinear items",
                     s->source, p, n);
        goto cleanup;
    }
    adx__sem_counts_t cnt = adx__sem_counts(s);
    if ((double)q > cnt.ndat) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: the model has %zu free parameters but the data only %g variances and "
                     "covariances; it is not identified (fix parameters or add indicators)",
                     s->source, q, cnt.ndat);
        goto cleanup;
    }
    if ((rc = estimate(s, &e, th, &F, ctx)) || (rc = bounded_vcov(s, &e, th, n, V, &vc_ok,
                                                                  &ssr_trace)) ||
        (rc = fill_params(s, &e, th, V, vc_ok, ctx)) || (rc = standardize(s, &e, ctx)) ||
        (rc = r2_and_checks(s, &e, ctx)) ||
        (rc = adx__sem_fit_indices(s, &e, S, mean, n, F, cnt, ssr_trace, ctx))) {
        if (rc == ADX_ENOMEM)
            adx_oom(ctx);
        goto cleanup;
    }
    s->fitted = 1;
    if (!vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the information matrix is singular: the model is not identified "
                     "(give each factor a marker or a fixed variance; check equal labels)",
                     s->source);
    else if (!s->converged)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "%s: the estimation did not converge in %d iterations; check the model "
                     "(identification, Heywood cases) or raise the iteration limit",
                     s->source, s->iterations);
cleanup:
    adx__est_free(&e);
    free(th);
    free(V);
    return rc;
}

/* Index of each model variable in names[0..k-1]; ADX_ENOVAR with a close name. */
static adx_error_t map_names(const adx_sem_t *s, const char *const *names, size_t k,
                             const char *what, size_t *map, adx_errctx_t *ctx)
{
    for (size_t v = 0; v < s->p; v++) {
        map[v] = (size_t)-1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(names[j], s->names[v]))
                map[v] = j;
        if (map[v] != (size_t)-1)
            continue;
        adx_near_t near;
        adx_near_init(&near, s->names[v]);
        for (size_t j = 0; j < k; j++)
            adx_near_add(&near, names[j]);
        const char *best = adx_near_best(&near, (size_t)-1);
        return adx_err(ctx, ADX_ENOVAR,
                       "%s: variable '%s' of the model is not in the %s%s%s%s", s->source,
                       s->names[v], what, best ? " (did you mean '" : "",
                       best ? best : "", best ? "'?)" : "");
    }
    return ADX_OK;
}

adx_error_t adx_sem_fit_named_cov(adx_sem_t *s, const char *const *names, size_t k,
                                  const double *cov, size_t n, adx_errctx_t *ctx)
{
    return adx_sem_fit_named_moments(s, names, k, cov, NULL, 0, NULL, n, ctx);
}

adx_error_t adx_sem_fit_named_moments(adx_sem_t *s, const char *const *names, size_t k,
                                      const double *cov, const char *const *mnames, size_t mk,
                                      const double *mean, size_t n, adx_errctx_t *ctx)
{
    size_t p = s->p;
    if (n < 2)
        return adx_err(ctx, ADX_EUSAGE, "the number of observations must be at least 2");
    double *S = malloc(p * p * sizeof(double)), *m = malloc(p * sizeof(double));
    size_t *map = malloc(p * sizeof(size_t));
    adx_error_t rc = ADX_OK;
    if (!S || !map || !m) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = map_names(s, names, k, "covariance matrix", map, ctx)))
        goto cleanup;
    free(s->data);
    s->data = NULL;
    s->data_n = 0;
    double f = ((double)n - 1.0) / (double)n;
    for (size_t b = 0; b < p; b++)
        for (size_t a = 0; a < p; a++)
            S[a + b * p] = cov[map[a] + map[b] * k] * f;
    if (mean && (rc = map_names(s, mnames, mk, "means file", map, ctx)))
        goto cleanup;
    for (size_t a = 0; mean && a < p; a++)
        m[a] = mean[map[a]];
    rc = adx_sem_fit_moments(s, S, mean ? m : NULL, n, ctx);
cleanup:
    ADX__FREE(S, map, m);
    return rc;
}

/* ---- from a dataset --------------------------------------------------------- */

/* The data columns of each observed variable: several for a product a:b. Variable
 * v uses cols[first[v] .. first[v + 1] - 1]. */
typedef struct {
    size_t *first, *cols, ncols, cap;
} colmap_t;

static adx_error_t unknown_name(const adx_sem_t *s, size_t v, const char *tok,
                                const char *why, adx_errctx_t *ctx)
{
    char where[64] = "";
    if (s->name_line && s->name_line[v] && s->name_col[v])
        snprintf(where, sizeof where, ":%zu:%zu", s->name_line[v], s->name_col[v]);
    else if (s->name_line && s->name_line[v])
        snprintf(where, sizeof where, ":%zu", s->name_line[v]);
    return adx_err(ctx, ADX_ENOVAR, "%s%s: '%s' is not a latent variable (no '%s =~ ...' "
                                    "line) and not a column of the data: %s",
                   s->source, where, tok, tok, why);
}

/* Looks up the columns of observed variable v (its name split at ':'). */
static adx_error_t map_variable(const adx_sem_t *s, const adx_dataset_t *ds, size_t v,
                                colmap_t *cm, adx_errctx_t *ctx)
{
    char *buf = adx__strdup(s->names[v]), *save = NULL;
    adx_error_t rc = ADX_OK;
    if (!buf)
        return adx_oom(ctx);
    for (char *tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
        if (cm->ncols == cm->cap) {
            cm->cap = cm->cap ? 2 * cm->cap : 32;
            size_t *nc = realloc(cm->cols, cm->cap * sizeof *nc);
            if (!nc) {
                rc = adx_oom(ctx);
                break;
            }
            cm->cols = nc;
        }
        const char *nm = tok;
        adx_errctx_t sub = {0};
        rc = adx_dataset_lookup(ds, &nm, 1, 1, &cm->cols[cm->ncols], &sub);
        if (rc) {
            rc = rc == ADX_ENOVAR ? unknown_name(s, v, tok, sub.msg, ctx)
                                  : adx_err(ctx, rc, "%s", sub.msg);
            break;
        }
        cm->ncols++;
    }
    free(buf);
    return rc;
}

/* Value of observed variable v in row i (the product of its columns). */
static double var_value(const adx_dataset_t *ds, const colmap_t *cm, size_t v, size_t i)
{
    double x = 1.0;
    for (size_t c = cm->first[v]; c < cm->first[v + 1]; c++)
        x *= ds->vars[cm->cols[c]].num[i];
    return x;
}

/* FIML: all cases (NaN = missing), patterns and EM moments, then the fit. With
 * fixed exogenous covariates (fixed.x) a case missing one of them is left out, as
 * lavaan does (its x values are conditioned on). */
static adx_error_t fit_fiml(adx_sem_t *s, const adx_dataset_t *ds, const colmap_t *cm,
                            double *X, adx_errctx_t *ctx)
{
    size_t p = s->p, n = ds->nrows;
    for (size_t i = 0; i < n; i++) {
        int drop = 0;
        for (size_t v = 0; v < p; v++) {
            X[i + v * n] = var_value(ds, cm, v, i);
            drop |= s->opt.fixed_x && isnan(X[i + v * n]) && adx__sem_is_ov_x(s, v);
        }
        for (size_t v = 0; v < p && drop; v++)
            X[i + v * n] = NAN;
    }
    adx_error_t rc = adx__sem_fiml_prepare(s, X, n, n, ctx);
    if (!rc)
        rc = adx_sem_fit_moments(s, s->fiml->h1_cov, s->fiml->h1_mean, s->fiml->N, ctx);
    return rc;
}

/* Listwise: complete cases into X (centred), their means and covariance (divisor
 * N), kept in s->data for MLR and the bootstrap, then the fit. */
/* The complete cases into the first rows of X (leading dimension ds->nrows); their count. */
static size_t complete_cases(const adx_sem_t *s, const adx_dataset_t *ds, const colmap_t *cm,
                             double *X)
{
    size_t p = s->p, n = ds->nrows, nc = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = 1;
        for (size_t v = 0; v < p && ok; v++) {
            double x = var_value(ds, cm, v, i);
            if (isnan(x))
                ok = 0;
            X[nc + v * n] = x;
        }
        nc += ok;
    }
    return nc;
}

/* lavaan missing = "pairwise" with ordered indicators: every case with a value on some
 * ordered variable and on every covariate into X (NaN = missing); their number. */
static size_t pairwise_cases(const adx_sem_t *s, const adx_dataset_t *ds, const colmap_t *cm,
                             double *X)
{
    size_t p = s->p, n = ds->nrows, nc = 0;
    for (size_t i = 0; i < n; i++) {
        int any = 0, xok = 1;
        for (size_t v = 0; v < p; v++) {
            double x = var_value(ds, cm, v, i);
            int isx = adx_sem_is_covariate(s, v);
            any |= !isx && !isnan(x);
            xok &= !isx || !isnan(x);
            X[nc + v * n] = x;
        }
        nc += any && xok;
    }
    return nc;
}

static adx_error_t fit_listwise(adx_sem_t *s, const adx_dataset_t *ds, const colmap_t *cm,
                                double *X, adx_errctx_t *ctx)
{
    size_t p = s->p, n = ds->nrows;
    size_t nc = s->opt.ordered && s->opt.ordinal_pairwise ? pairwise_cases(s, ds, cm, X)
                                                          : complete_cases(s, ds, cm, X);
    if (s->opt.ordered) {
        /* the complete cases stay with the model (Harman's test of --validity refits) */
        free(s->data);
        s->data = malloc((nc * p + 1) * sizeof(double));
        if (!s->data)
            return adx_oom(ctx);
        for (size_t v = 0; v < p; v++)
            memcpy(s->data + v * nc, X + v * n, nc * sizeof(double));
        s->data_n = nc;
        return adx__sem_fit_ordinal(s, X, nc, n, ctx);
    }
    if (nc < 2)
        return adx_err(ctx, ADX_EEMPTY, "%s: only %zu case(s) are complete on the %zu observed "
                                        "variables of the model; check the missing values",
                       ds->source ? ds->source : "data", nc, p);
    double *ybar = malloc(p * sizeof *ybar), *S = calloc(p * p, sizeof *S);
    free(s->data);
    s->data = malloc(nc * p * sizeof(double));
    adx_error_t rc = ADX_OK;
    if (!ybar || !S || !s->data) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t v = 0; v < p; v++) {
        double mu = 0;
        for (size_t i = 0; i < nc; i++)
            mu += X[i + v * n];
        mu /= (double)nc;
        ybar[v] = mu;
        for (size_t i = 0; i < nc; i++)
            X[i + v * n] -= mu;
    }
    /* S = X'X / N on the centred columns (BLAS, lower triangle, then mirrored) */
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)p, (int)nc, 1.0 / (double)nc, X,
                (int)n, 0.0, S, (int)p);
    for (size_t b = 0; b < p; b++)
        for (size_t a = b + 1; a < p; a++)
            S[b + a * p] = S[a + b * p];
    for (size_t v = 0; v < p; v++)
        memcpy(s->data + v * nc, X + v * n, nc * sizeof(double));
    s->data_n = nc;
    rc = adx_sem_fit_moments(s, S, ybar, nc, ctx);
cleanup:
    free(ybar);
    free(S);
    return rc;
}

adx_error_t adx_sem_fit_dataset(adx_sem_t *s, const adx_dataset_t *ds, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    size_t p = s->p, n = ds->nrows;
    colmap_t cm = {calloc(p + 1, sizeof(size_t)), NULL, 0, 0};
    double *X = NULL;
    if (!cm.first) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t v = 0; v < p; v++) {
        cm.first[v] = cm.ncols;
        if ((rc = map_variable(s, ds, v, &cm, ctx)))
            goto cleanup;
    }
    cm.first[p] = cm.ncols;
    if (!(X = malloc((n ? n : 1) * p * sizeof *X))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    rc = s->opt.fiml && !s->opt.ordered ? fit_fiml(s, ds, &cm, X, ctx)
                                         : fit_listwise(s, ds, &cm, X, ctx);
cleanup:
    ADX__FREE(cm.first, cm.cols, X);
    return rc;
}

adx_error_t adx__sem_store_sample(adx_sem_t *s, const double *S, size_t n, adx_errctx_t *ctx)
{
    return store_sample(s, S, NULL, n, ctx);
}

adx_error_t adx__sem_finish(adx_sem_t *s, const adx__est_t *e, const double *th, const double *V,
                            int vc_ok, adx_errctx_t *ctx)
{
    adx_error_t rc = fill_params(s, e, th, V, vc_ok, ctx);
    if (!rc)
        rc = standardize(s, e, ctx);
    if (!rc)
        rc = r2_and_checks(s, e, ctx);
    return rc;
}
