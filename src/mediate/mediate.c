/* Conditional process models (PROCESS 1, 4, 6, 7, 8, 14, 58, 59): the driver.
 *
 * One function per step, sharing an adx__med_work_t (med_priv.h):
 *  - validate the request, take the complete cases into a base matrix (X, mediators,
 *    Y, W, covariates) and find the probe values of W (here);
 *  - every regressor of every equation is a column of one design "Z" (constant,
 *    variables, products with W, the outcomes; model.c says which), built here with
 *    its centred copies and cross-products;
 *  - point estimates: each equation by the one OLS fit (adx_ols_fit) with OLS or HC
 *    SEs; total, direct and conditional direct effects, Sobel, Baron & Kenny
 *    (effects.c);
 *  - bootstrap, jackknife (BCa) and Monte Carlo draws (boot.c), then the rows of the
 *    result with their limits (rows.c: adx__boot_limits, PROCESS's order-statistic
 *    rule).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "med_priv.h"

void adx_mediate_options_init(adx_mediate_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->model = 4;
    o->boot = 5000;
    o->seed = 1;
    o->ci = ADX_CI_PERCENTILE;
    o->ci_level = 0.95;
    o->mc = 0;
    o->hc = ADX_HC_NONE;
    o->probe = ADX_PROBE_PERCENTILES;
    o->center = 0;
    o->threads = 0;
    o->keep_indices = 0;
    o->max_redraws = 100;
}

size_t adx_boot_order_lower(size_t B, double p) { return adx__boot_order_lower(B, p); }

size_t adx_boot_order_upper(size_t B, double p) { return adx__boot_order_upper(B, p); }


/* ---- validate ------------------------------------------------------------------- */

static adx_error_t validate_roles(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                                  adx_errctx_t *ctx)
{
    size_t k = spec->nm, c = 0;
    size_t vars[ADX__MED_MAXBASE];
    const char *role[ADX__MED_MAXBASE];
    vars[c] = spec->x, role[c++] = "X";
    vars[c] = spec->y, role[c++] = "Y";
    for (size_t j = 0; j < k; j++)
        vars[c] = spec->m[j], role[c++] = "a mediator";
    if (spec->w >= 0)
        vars[c] = (size_t)spec->w, role[c++] = "the moderator W";
    for (size_t j = 0; j < spec->ncov; j++)
        vars[c] = spec->cov[j], role[c++] = "a covariate";
    for (size_t i = 0; i < c; i++) {
        if (vars[i] >= ds->nvars || ds->vars[vars[i]].type != ADX_VAR_NUMERIC)
            return adx_err(ctx, ADX_ETYPE, "%s: variable %zu is not numeric", ds->source,
                           vars[i]);
        for (size_t j = 0; j < i; j++)
            if (vars[i] == vars[j]) {
                const char *nm = ds->vars[vars[i]].name;
                if (!strcmp(role[i], role[j]))
                    return adx_err(ctx, ADX_EUSAGE, "'%s' is listed twice as %s; list each "
                                                    "variable once", nm, role[i]);
                return adx_err(ctx, ADX_EUSAGE, "'%s' is both %s and %s; each variable "
                                                "takes one role", nm, role[j], role[i]);
            }
    }
    return ADX_OK;
}

static adx_error_t validate(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                            const adx_mediate_options_t *o, adx_errctx_t *ctx)
{
    const int model = o->model, has_w = spec->w >= 0;
    const size_t k = spec->nm;
    if (model != 1 && model != 4 && model != 6 && model != 7 && model != 8 && model != 14 &&
        model != 58 && model != 59)
        return adx_err(ctx, ADX_EUSAGE, "PROCESS model %d is not supported; use 1, 4, 6, 7, "
                                        "8, 14, 58 or 59", model);
    if (model == 1 && k)
        return adx_err(ctx, ADX_EUSAGE, "model 1 (simple moderation) takes no mediators; drop "
                                        "--m or choose a mediation model");
    if (model != 1 && k == 0)
        return adx_err(ctx, ADX_EUSAGE, "model %d needs at least one mediator (--m)", model);
    if (k > ADX_MED_MAX_M)
        return adx_err(ctx, ADX_EUSAGE, "%zu mediators given; at most %d are supported", k,
                       ADX_MED_MAX_M);
    if (model == 6 && (k > 4 || k < 2))
        return adx_err(ctx, ADX_EUSAGE, k > 4 ? "serial mediation (model 6) takes at most 4 "
                                                "mediators"
                                              : "serial mediation (model 6) needs at least 2 "
                                                "mediators");
    int needs_w = model != 4 && model != 6;
    if (needs_w && !has_w)
        return adx_err(ctx, ADX_EUSAGE, "model %d is moderated: name the moderator with --w",
                       model);
    if (!needs_w && has_w)
        return adx_err(ctx, ADX_EUSAGE, "model %d has no moderator; drop --w or choose a "
                                        "moderated model (--model 7, 8, 14, 58, 59)", model);
    if (spec->ncov > ADX__MED_MAXCOV)
        return adx_err(ctx, ADX_EUSAGE, "at most %d covariates are supported", ADX__MED_MAXCOV);
    if (!(o->ci_level > 0 && o->ci_level < 1))
        return adx_err(ctx, ADX_EUSAGE, "the confidence level must be between 0 and 1 (.95), "
                                        "not %g", o->ci_level);
    if (o->boot == 1 || o->mc == 1)
        return adx_err(ctx, ADX_EUSAGE, "a bootstrap or Monte Carlo interval needs at least 2 "
                                        "draws");
    return validate_roles(ds, spec, ctx);
}

/* ---- result header, complete cases, probes ------------------------------------------ */

static adx_error_t init_result(adx__med_work_t *w)
{
    const adx_mediate_options_t *o = w->o;
    const adx_dataset_t *ds = w->ds;
    const adx_mediate_spec_t *spec = w->spec;
    adx_mediate_t *R = w->R = calloc(1, sizeof *R);
    if (!R || !(w->M = malloc(sizeof *w->M)))
        return adx_oom(w->ctx);
    adx__med_build_model(w->M, o->model, spec->nm, spec->ncov, spec->w >= 0);
    R->model = o->model;
    R->boot = o->boot;
    R->seed = o->seed;
    R->ci = o->ci;
    R->ci_level = o->ci_level;
    R->mc = o->mc;
    R->hc = o->hc;
    R->probe = o->probe;
    R->center = o->center;
    R->nm = spec->nm;
    if (!(R->x_name = adx__strdup(ds->vars[spec->x].name)) ||
        !(R->y_name = adx__strdup(ds->vars[spec->y].name)) ||
        (spec->w >= 0 && !(R->w_name = adx__strdup(ds->vars[spec->w].name))) ||
        !(R->m_names = calloc(spec->nm ? spec->nm : 1, sizeof *R->m_names)))
        return adx_oom(w->ctx);
    for (size_t j = 0; j < spec->nm; j++)
        if (!(R->m_names[j] = adx__strdup(ds->vars[spec->m[j]].name)))
            return adx_oom(w->ctx);
    return ADX_OK;
}

/* The cases complete on every model variable, as the base matrix; the variables that
 * form products are centred when asked. */
static adx_error_t complete_cases(adx__med_work_t *w)
{
    const adx__med_model_t *M = w->M;
    const adx_mediate_spec_t *spec = w->spec;
    const adx_dataset_t *ds = w->ds;
    adx_mediate_t *R = w->R;
    size_t nb = M->nb, N = ds->nrows, n = 0;
    w->bvar[M->bx] = spec->x;
    for (size_t j = 0; j < spec->nm; j++)
        w->bvar[1 + j] = spec->m[j];
    w->bvar[M->by] = spec->y;
    if (M->bw >= 0)
        w->bvar[M->bw] = (size_t)spec->w;
    for (size_t c = 0; c < spec->ncov; c++)
        w->bvar[(size_t)M->bcov + c] = spec->cov[c];
    if (!(R->rows = malloc((N ? N : 1) * sizeof *R->rows)))
        return adx_oom(w->ctx);
    for (size_t i = 0; i < N; i++) {
        int ok = 1;
        for (size_t c = 0; c < nb && ok; c++)
            ok = !isnan(ds->vars[w->bvar[c]].num[i]);
        if (ok)
            R->rows[n++] = i;
    }
    w->n = R->n = n;
    if (n >= (size_t)UINT32_MAX)
        return adx_err(w->ctx, ADX_EUNSUPPORTED, "%s: %zu cases; at most %u are supported",
                       ds->source, n, UINT32_MAX - 1);
    size_t pmax = 0;
    for (size_t e = 0; e < M->neq; e++)
        pmax = M->eq[e].nterm > pmax ? M->eq[e].nterm : pmax;
    if (n < pmax + 1)
        return adx_err(w->ctx, ADX_EEMPTY, "%s: %zu complete cases for %zu parameters in one "
                                           "equation; the model needs at least %zu complete "
                                           "cases", ds->source, n, pmax, pmax + 1);
    if (!(w->base = malloc(n * nb * sizeof *w->base)))
        return adx_oom(w->ctx);
    for (size_t c = 0; c < nb; c++)
        for (size_t i = 0; i < n; i++)
            w->base[i + c * n] = ds->vars[w->bvar[c]].num[R->rows[i]];
    for (size_t j = 0; w->o->center && j < M->nz; j++) {
        if (M->z[j].b2 < 0)
            continue;
        int cols[2] = {M->z[j].b1, M->z[j].b2};
        for (int t = 0; t < 2; t++) {
            double *v = w->base + (size_t)cols[t] * n, m;
            adx__mean_sd(v, n, 1, 0, &m, NULL, NULL);
            if (m != 0)
                for (size_t i = 0; i < n; i++)
                    v[i] -= m;
        }
    }
    return ADX_OK;
}

/* Probe values of W: its two values when dichotomous, else the 16th/50th/84th
 * percentiles (HAVERAGE) or mean - SD, mean, mean + SD. */
static adx_error_t probes(adx__med_work_t *w)
{
    adx_mediate_t *R = w->R;
    size_t n = w->n;
    if (w->M->bw < 0)
        return ADX_OK;
    const double *wv = w->base + (size_t)w->M->bw * n;
    double *s = malloc(n * sizeof *s);
    if (!s)
        return adx_oom(w->ctx);
    memcpy(s, wv, n * sizeof *s);
    qsort(s, n, sizeof *s, adx__cmp_double);
    size_t distinct = 1;
    for (size_t i = 1; i < n; i++)
        distinct += s[i] != s[i - 1];
    adx_error_t rc = ADX_OK;
    if (distinct == 1) {
        rc = adx_err(w->ctx, ADX_ECONST, "moderator '%s' is constant over the %zu complete "
                                         "cases", R->w_name, n);
    } else if (distinct == 2) {
        R->nprobe = 2;
        R->probes[0] = s[0];
        R->probes[1] = s[n - 1];
    } else if (w->o->probe == ADX_PROBE_MEANSD) {
        double m, sd;
        adx__mean_sd(wv, n, 1, 0, &m, &sd, NULL);
        R->nprobe = 3;
        R->probes[0] = m - sd;
        R->probes[1] = m;
        R->probes[2] = m + sd;
    } else {
        static const double pct[3] = {0.16, 0.50, 0.84};
        R->nprobe = 3;
        for (int q = 0; q < 3; q++)
            R->probes[q] = adx__quantile(s, n, pct[q], ADX__Q_HAVERAGE);
    }
    free(s);
    return rc;
}

/* ---- design ---------------------------------------------------------------------- */

/* Z (raw), its centred copies and the full-sample cross-products. */
static adx_error_t design(adx__med_work_t *w)
{
    const adx__med_model_t *M = w->M;
    size_t n = w->n, nz = w->nz = M->nz;
    double *zmean = calloc(nz, sizeof *zmean);
    if (!zmean || !(w->Z = malloc(n * nz * sizeof *w->Z)) ||
        !(w->Zc = malloc(n * nz * sizeof *w->Zc)) || !(w->Zcm = malloc(n * nz * sizeof *w->Zcm)) ||
        !(w->S = calloc(nz * nz, sizeof *w->S))) {
        free(zmean);
        return adx_oom(w->ctx);
    }
    for (size_t j = 0; j < nz; j++) {
        const adx__med_zcol_t *zc = &M->z[j];
        double *col = w->Z + j * n, s = 0;
        for (size_t i = 0; i < n; i++) {
            double v = zc->b1 < 0 ? 1.0 : w->base[i + (size_t)zc->b1 * n];
            if (zc->b2 >= 0)
                v *= w->base[i + (size_t)zc->b2 * n];
            col[i] = v;
            s += v;
        }
        zmean[j] = zc->b1 < 0 ? 0.0 : s / (double)n;
        for (size_t i = 0; i < n; i++)
            w->Zc[i * nz + j] = w->Zcm[i + j * n] = col[i] - zmean[j];
    }
    free(zmean);
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < nz; a++)
            for (size_t b = 0; b <= a; b++)
                w->S[a * nz + b] += w->Zc[i * nz + a] * w->Zc[i * nz + b];
    w->sdx = adx__med_sd_from_S(w->S, nz, M->zx);
    w->sdy = adx__med_sd_from_S(w->S, nz, M->zy);
    return ADX_OK;
}

/* ---- bootstrap and Monte Carlo ------------------------------------------------------- */

static adx_error_t resample(adx__med_work_t *w)
{
    adx__med_model_t *M = w->M;
    adx_mediate_t *R = w->R;
    const adx_mediate_options_t *o = w->o;
    size_t nt = M->ntheta, n = w->n;
    const double *coef[ADX_MED_MAX_M + 2];
    if (!(w->theta = calloc(nt ? nt : 1, sizeof *w->theta)))
        return adx_oom(w->ctx);
    for (size_t e = 0; e < M->neq; e++)
        coef[e] = w->fit[e]->b;
    if (nt)
        adx__med_theta(M, coef, w->sdx, w->sdy, w->theta);
    R->boot = w->B = nt ? o->boot : 0;
    if (!w->B)
        return ADX_OK;
    if (w->B > SIZE_MAX / sizeof(double) / nt || (o->keep_indices && w->B > SIZE_MAX / 4 / n))
        return adx_err(w->ctx, ADX_ENOMEM, "%zu resamples do not fit in memory", w->B);
    if (!(w->bootv = malloc(w->B * nt * sizeof *w->bootv)) ||
        (o->keep_indices && !(R->boot_idx = malloc(w->B * n * sizeof *R->boot_idx))))
        return adx_oom(w->ctx);
    adx__med_design_t D = {M, n, w->nz, w->Zc, w->Zcm, w->S, w->threads};
    adx_error_t rc = adx__med_bootstrap(&D, w->B, o->seed, o->max_redraws, w->bootv,
                                        R->boot_idx, &R->boot_failed);
    if (rc == ADX_ESINGULAR)
        return adx_err(w->ctx, rc, "%s: more than %zu singular bootstrap resamples in a row (a "
                                   "predictor takes few distinct values in %zu cases); use "
                                   "more cases or fewer predictors",
                       w->ds->source, o->max_redraws, n);
    if (rc == ADX_ENOMEM)
        return adx_oom(w->ctx);
    if (rc || o->ci != ADX_CI_BCA)
        return rc;
    if (!(w->jackv = malloc(n * nt * sizeof *w->jackv)))
        return adx_oom(w->ctx);
    rc = adx__med_jackknife(&D, w->jackv);
    if (rc == ADX_ESINGULAR)
        return adx_err(w->ctx, rc, "%s: leaving one case out makes the model singular, so "
                                   "BCa's acceleration is undefined; use --ci bc or percentile",
                       w->ds->source);
    return rc == ADX_ENOMEM ? adx_oom(w->ctx) : rc;
}

static adx_error_t monte_carlo(adx__med_work_t *w)
{
    adx__med_model_t *M = w->M;
    size_t nt = M->ntheta;
    w->R->mc = w->MC = nt ? w->o->mc : 0;
    if (!w->MC)
        return ADX_OK;
    if (w->MC > SIZE_MAX / sizeof(double) / nt || !(w->mcv = malloc(w->MC * nt * sizeof *w->mcv)))
        return adx_oom(w->ctx);
    const double *b[ADX_MED_MAX_M + 2], *V[ADX_MED_MAX_M + 2];
    for (size_t e = 0; e < M->neq; e++)
        b[e] = w->fit[e]->b, V[e] = w->fit[e]->cov;
    size_t bad = 0;
    adx_error_t rc = adx__med_montecarlo(M, b, V, w->sdx, w->sdy, w->MC, w->o->seed, w->threads,
                                         w->mcv, &bad);
    if (rc == ADX_ESINGULAR)
        return adx_err(w->ctx, rc, "the coefficient covariance of the equation of %s is not "
                                   "positive definite; the Monte Carlo interval is undefined",
                       w->R->eq[bad].outcome);
    return rc == ADX_ENOMEM ? adx_oom(w->ctx) : rc;
}

/* ---- the analysis ---------------------------------------------------------------------- */

static void work_free(adx__med_work_t *w)
{
    if (w->M)
        free(w->M->items);
    ADX__FREE(w->M, w->base, w->Z, w->Zc, w->Zcm, w->S);
    for (size_t e = 0; e < ADX_MED_MAX_M + 2; e++)
        adx_ols_free(w->fit[e]);
    ADX__FREE(w->theta, w->bootv, w->jackv, w->mcv);
    adx_mediate_free(w->R);
}

adx_error_t adx_mediate(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                        const adx_mediate_options_t *o, adx_mediate_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = validate(ds, spec, o, ctx);
    if (rc)
        return rc;
    adx__med_work_t w = {.ds = ds, .spec = spec, .o = o, .ctx = ctx, .alpha = 1 - o->ci_level};
    w.threads = o->threads;
#ifdef _OPENMP
    if (w.threads <= 0)
        w.threads = omp_get_max_threads();
#else
    w.threads = 1;
#endif
    int model = o->model;
    if ((rc = init_result(&w)) || (rc = complete_cases(&w)) || (rc = probes(&w)) ||
        (rc = design(&w)) || (rc = adx__med_fit_equations(&w)))
        goto cleanup;
    if ((model == 4 || model == 6) && (rc = adx__med_total_effect(&w)))
        goto cleanup;
    if ((rc = adx__med_direct_effects(&w)))
        goto cleanup;
    if (model == 4 && spec->nm == 1 && (rc = adx__med_sobel_bk(&w)))
        goto cleanup;
    if (model != 1 && (rc = adx__med_plan_items(w.M, w.R))) {
        adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = resample(&w)) || (rc = monte_carlo(&w)))
        goto cleanup;
    if (model != 1 && (rc = adx__med_fill_rows(&w)))
        goto cleanup;
    *out = w.R;
    w.R = NULL;
cleanup:
    work_free(&w);
    return rc;
}
