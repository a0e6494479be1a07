/* Conditional process models (PROCESS 1, 4, 6, 7, 8, 14, 58, 59): the driver.
 *
 * One static function per step, sharing a med_work_t:
 *  - validate the request, then take the complete cases into a base matrix (X,
 *    mediators, Y, W, covariates) and the probe values of W;
 *  - every regressor of every equation is a column of one design "Z" (constant,
 *    variables, products with W, the outcomes; model.c says which);
 *  - point estimates: each equation by the one OLS fit (adx_ols_fit, QR) with OLS or
 *    HC SEs; the total, direct and conditional direct effects, Sobel and Baron & Kenny;
 *  - bootstrap, jackknife (BCa) and Monte Carlo draws (boot.c), then the rows of the
 *    result with their limits (adx__boot_limits, PROCESS's order-statistic rule).
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
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

/* State shared by the steps of adx_mediate. */
typedef struct {
    const adx_dataset_t *ds;
    const adx_mediate_spec_t *spec;
    const adx_mediate_options_t *o;
    adx_errctx_t *ctx;
    adx_mediate_t *R;
    adx__med_model_t *M;
    size_t n, nz;
    size_t bvar[ADX__MED_MAXBASE]; /* dataset variable of each base column */
    double *base;                  /* n x nb, column-major */
    double *Z;                     /* n x nz raw design, column-major */
    double *Zc, *Zcm;              /* centred design, row- and column-major */
    double *S;                     /* full-sample cross-products of Zc */
    adx_ols_t *fit[ADX_MED_MAX_M + 2];
    double alpha, sdx, sdy;
    double *theta, *bootv, *jackv, *mcv;
    size_t B, MC;
    int threads;
} med_work_t;

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

static adx_error_t init_result(med_work_t *w)
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
static adx_error_t complete_cases(med_work_t *w)
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
static adx_error_t probes(med_work_t *w)
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
static adx_error_t design(med_work_t *w)
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

/* ---- point estimates ---------------------------------------------------------------- */

/* The label of Z column zc in the coefficient tables. */
static void term_label(const med_work_t *w, size_t zc, char *lab, size_t size)
{
    const adx__med_zcol_t *z = &w->M->z[zc];
    const adx_variable_t *v = w->ds->vars;
    if (z->b1 < 0)
        snprintf(lab, size, "constant");
    else if (z->b2 < 0)
        snprintf(lab, size, "%s", v[w->bvar[z->b1]].name);
    else
        snprintf(lab, size, "%s x %s", v[w->bvar[z->b1]].name, v[w->bvar[z->b2]].name);
}

/* OLS of Z column yc on the Z columns terms[0..p-1] (terms[0] the constant) through
 * adx_ols_fit. Errors go to *fctx, for the caller to place in context. */
static adx_error_t fit_terms(const med_work_t *w, const size_t *terms, size_t p, size_t yc,
                             adx_hc_t hc, adx_ols_t **f, adx_errctx_t *fctx)
{
    size_t n = w->n;
    char labs[ADX__MED_MAXT][256];
    const char *names[ADX__MED_MAXT];
    adx_matrix_t *X = adx_matrix_alloc(n, p);
    if (!X)
        return adx_oom(fctx);
    for (size_t j = 0; j < p; j++) {
        memcpy(X->data + j * n, w->Z + terms[j] * n, n * sizeof(double));
        term_label(w, terms[j], labs[j], sizeof labs[j]);
        names[j] = labs[j];
    }
    adx_ols_options_t oo;
    adx_ols_options_init(&oo);
    oo.ci_level = w->o->ci_level;
    oo.hc = hc;
    adx_error_t rc = adx_ols_fit(X, w->Z + yc * n, names, &oo, f, fctx);
    adx_matrix_free(X);
    return rc;
}

/* Wald F of the slopes, b' V^-1 b / q, with the HC covariance (PROCESS with HC SEs). */
static double wald_f(const adx_ols_t *f)
{
    size_t p = f->p, q = p - 1;
    double Vs[(ADX__MED_MAXT - 1) * (ADX__MED_MAXT - 1)], s = 0;
    if (q == 0)
        return NAN;
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++)
            Vs[a + b * q] = f->cov[(a + 1) + (b + 1) * p];
    if (adx__spd_inverse(Vs, q, NULL) != ADX_OK)
        return NAN;
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++)
            s += f->b[a + 1] * Vs[a + b * q] * f->b[b + 1];
    return s / (double)q;
}

static adx_error_t fill_equation(med_work_t *w, size_t e)
{
    const adx__med_eq_t *q = &w->M->eq[e];
    const adx_ols_t *f = w->fit[e];
    adx_med_equation_t *E = &w->R->eq[e];
    E->ncoef = q->nterm;
    if (!(E->coef = calloc(q->nterm, sizeof *E->coef)))
        return adx_oom(w->ctx);
    for (size_t j = 0; j < q->nterm; j++) {
        char lab[512];
        term_label(w, q->term[j], lab, sizeof lab);
        adx_med_coef_t *C = &E->coef[j];
        if (!(C->term = adx__strdup(lab)))
            return adx_oom(w->ctx);
        C->b = f->b[j], C->se = f->se[j], C->t = f->t[j], C->p = f->pvalue[j];
        C->lo = f->ci_lower[j], C->hi = f->ci_upper[j];
    }
    E->r2 = f->r2;
    E->r = sqrt(f->r2);
    E->mse = f->rss / f->df_res;
    E->df1 = f->df1;
    E->df2 = f->df_res;
    E->f = w->o->hc == ADX_HC_NONE ? f->f : wald_f(f);
    E->p = gsl_cdf_fdist_Q(E->f, E->df1, E->df2);
    return ADX_OK;
}

static adx_error_t fit_equations(med_work_t *w)
{
    const adx__med_model_t *M = w->M;
    adx_mediate_t *R = w->R;
    if (!(R->eq = calloc(M->neq, sizeof *R->eq)))
        return adx_oom(w->ctx);
    R->neq = M->neq;
    for (size_t e = 0; e < M->neq; e++) {
        const adx__med_eq_t *q = &M->eq[e];
        adx_med_equation_t *E = &R->eq[e];
        if (!(E->outcome = adx__strdup(e < M->k ? R->m_names[e] : R->y_name)))
            return adx_oom(w->ctx);
        adx_errctx_t fe = {0};
        adx_error_t rc = fit_terms(w, q->term, q->nterm, q->out, w->o->hc, &w->fit[e], &fe);
        if (rc == ADX_ENOMEM)
            return adx_oom(w->ctx);
        if (rc)
            return adx_err(w->ctx, rc, "%s: in the equation of %s, %s", w->ds->source,
                           E->outcome, fe.msg);
        if ((rc = fill_equation(w, e)))
            return rc;
    }
    return ADX_OK;
}

static void effect_from(double b, double se, double df, double tcrit, adx_med_effect_t *e)
{
    e->effect = b;
    e->se = se;
    e->t = b / se;
    e->p = 2 * gsl_cdf_tdist_Q(fabs(e->t), df);
    e->lo = b - tcrit * se;
    e->hi = b + tcrit * se;
}

static double tcrit(const med_work_t *w, double df)
{
    return gsl_cdf_tdist_Pinv(1 - w->alpha / 2, df);
}

/* Total effect of X: Y on X and the covariates (models 4 and 6). */
static adx_error_t total_effect(med_work_t *w)
{
    adx__med_model_t *M = w->M;
    adx_mediate_t *R = w->R;
    size_t terms[ADX__MED_MAXT], p = 0;
    terms[p++] = 0;
    terms[p++] = M->zx;
    for (size_t c = 0; c < M->ncov; c++)
        terms[p++] = adx__med_zfind(M, M->bcov + (int)c, -1);
    adx_ols_t *fc = NULL;
    adx_errctx_t fe = {0};
    adx_error_t rc = fit_terms(w, terms, p, M->zy, w->o->hc, &fc, &fe);
    if (rc == ADX_ENOMEM)
        return adx_oom(w->ctx);
    if (rc)
        return adx_err(w->ctx, rc, "%s: the total-effect equation of %s is singular; check "
                                   "the covariates (%s)", w->ds->source, R->y_name, fe.msg);
    R->has_total = 1;
    R->total.w = NAN;
    effect_from(fc->b[1], fc->se[1], fc->df_res, tcrit(w, fc->df_res), &R->total);
    adx_ols_free(fc);
    return (R->total.label = adx__strdup("Total effect")) ? ADX_OK : adx_oom(w->ctx);
}

/* Model 1: the R2 increase due to the interaction (column pxw of Y's equation). */
static adx_error_t r2_change(med_work_t *w, int pxw)
{
    const adx__med_eq_t *qy = &w->M->eq[w->M->k];
    const adx_ols_t *fy = w->fit[w->M->k];
    adx_mediate_t *R = w->R;
    size_t terms[ADX__MED_MAXT], q = 0;
    for (size_t j = 0; j < qy->nterm; j++)
        if ((int)j != pxw)
            terms[q++] = qy->term[j];
    adx_ols_t *f0 = NULL;
    adx_errctx_t fe = {0};
    adx_error_t rc = fit_terms(w, terms, q, w->M->zy, ADX_HC_NONE, &f0, &fe);
    if (rc == ADX_ENOMEM)
        return adx_oom(w->ctx);
    if (rc)
        return adx_err(w->ctx, rc, "%s: the model without the interaction is singular (%s)",
                       w->ds->source, fe.msg);
    R->has_r2chng = 1;
    R->r2chng = fy->r2 - f0->r2;
    R->r2chng_df1 = 1;
    R->r2chng_df2 = fy->df_res;
    if (w->o->hc == ADX_HC_NONE) {
        R->r2chng_f = R->r2chng / ((1 - fy->r2) / fy->df_res);
    } else {
        double t = fy->b[pxw] / fy->se[pxw];
        R->r2chng_f = t * t;
    }
    R->r2chng_p = gsl_cdf_fdist_Q(R->r2chng_f, 1, fy->df_res);
    adx_ols_free(f0);
    return ADX_OK;
}

/* Direct effect of X, or its conditional effects at the probes of W. */
static adx_error_t direct_effects(med_work_t *w)
{
    const adx__med_model_t *M = w->M;
    const adx__med_eq_t *qy = &M->eq[M->k];
    const adx_ols_t *fy = w->fit[M->k];
    adx_mediate_t *R = w->R;
    int px = adx__med_eq_pos(qy, M->zx), pxw = -1;
    for (size_t j = 0; j < qy->nterm; j++)
        if (M->bw >= 0 && M->z[qy->term[j]].b1 == M->bx && M->z[qy->term[j]].b2 == M->bw)
            pxw = (int)j;
    size_t nd = pxw >= 0 ? R->nprobe : 1, p = qy->nterm;
    double tc = tcrit(w, fy->df_res);
    const double *V = fy->cov;
    if (!(R->direct = calloc(nd, sizeof *R->direct)))
        return adx_oom(w->ctx);
    R->ndirect = nd;
    for (size_t d = 0; d < nd; d++) {
        adx_med_effect_t *D = &R->direct[d];
        const char *lab = "Direct effect";
        D->w = NAN;
        if (pxw >= 0) {
            double wv = R->probes[d], b = fy->b[px] + fy->b[pxw] * wv;
            double v = V[px + px * p] + 2 * wv * V[px + pxw * p] + wv * wv * V[pxw + pxw * p];
            effect_from(b, sqrt(v), fy->df_res, tc, D);
            D->w = wv;
            lab = M->model == 1 ? "Conditional effect" : "Conditional direct effect";
        } else {
            effect_from(fy->b[px], sqrt(V[px + px * p]), fy->df_res, tc, D);
        }
        if (!(D->label = adx__strdup(lab)))
            return adx_oom(w->ctx);
    }
    return M->model == 1 ? r2_change(w, pxw) : ADX_OK;
}

static void normal_test(double ab, double var, adx_med_normal_t *o)
{
    o->effect = ab;
    o->se = var > 0 ? sqrt(var) : NAN;
    o->z = ab / o->se;
    o->p = 2 * gsl_cdf_ugaussian_Q(fabs(o->z));
}

/* Sobel, Aroian and Goodman tests and Baron & Kenny's steps (model 4, one mediator). */
static adx_error_t sobel_bk(med_work_t *w)
{
    adx__med_model_t *M = w->M;
    adx_mediate_t *R = w->R;
    const adx_ols_t *fm = w->fit[0], *fy = w->fit[1];
    size_t pm = M->eq[0].nterm, py = M->eq[1].nterm;
    int pa = adx__med_eq_pos(&M->eq[0], M->zx);
    int pb = adx__med_eq_pos(&M->eq[1], adx__med_zfind(M, 1, -1));
    double a = fm->b[pa], va = fm->cov[pa + pa * pm], b = fy->b[pb], vb = fy->cov[pb + pb * py];
    R->has_sobel = 1;
    normal_test(a * b, b * b * va + a * a * vb, &R->sobel);
    normal_test(a * b, b * b * va + a * a * vb + va * vb, &R->aroian);
    normal_test(a * b, b * b * va + a * a * vb - va * vb, &R->goodman);
    R->has_bk = 1;
    adx_med_bk_t *bk = &R->bk;
    bk->c = R->total;
    bk->c.label = adx__strdup("Step 1: X -> Y (c)");
    effect_from(a, sqrt(va), fm->df_res, tcrit(w, fm->df_res), &bk->a);
    bk->a.label = adx__strdup("Step 2: X -> M (a)");
    effect_from(b, sqrt(vb), fy->df_res, tcrit(w, fy->df_res), &bk->b);
    bk->b.label = adx__strdup("Step 3: M -> Y controlling for X (b)");
    bk->cprime = R->direct[0];
    bk->cprime.label = adx__strdup("Step 4: X -> Y controlling for M (c')");
    bk->a.w = bk->b.w = bk->c.w = bk->cprime.w = NAN;
    if (!bk->c.label || !bk->a.label || !bk->b.label || !bk->cprime.label)
        return adx_oom(w->ctx);
    double al = w->alpha;
    bk->c_sig = bk->c.p < al;
    bk->a_sig = bk->a.p < al;
    bk->b_sig = bk->b.p < al;
    bk->cprime_sig = bk->cprime.p < al;
    if (!bk->c_sig || !bk->a_sig || !bk->b_sig)
        bk->conclusion = "no mediation";
    else if (!bk->cprime_sig)
        bk->conclusion = "full mediation";
    else
        bk->conclusion = "partial mediation";
    return ADX_OK;
}

/* ---- bootstrap and Monte Carlo ------------------------------------------------------- */

static adx_error_t resample(med_work_t *w)
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

static adx_error_t monte_carlo(med_work_t *w)
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

/* ---- rows of the result -------------------------------------------------------------- */

/* BCa acceleration from jackknife values (Efron 1987). */
static double acceleration(const double *jack, size_t n)
{
    double jm, s2 = 0, s3 = 0;
    adx__mean_sd(jack, n, 1, 0, &jm, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        double L = jm - jack[i];
        s2 += L * L;
        s3 += L * L * L;
    }
    return s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : 0;
}

/* SE and limits of one statistic from its B draws (sorted on return); jack (n values,
 * may be NULL) gives BCa's acceleration. */
static void boot_limits(double *vals, size_t B, double est, const double *jack, size_t n,
                        adx_ci_method_t ci, double level, double *se, double *lo, double *hi)
{
    adx__mean_sd(vals, B, 1, 0, NULL, se, NULL);
    qsort(vals, B, sizeof *vals, adx__cmp_double);
    adx__boot_ci_t m = ci == ADX_CI_BCA ? ADX__BOOT_BCA
                       : ci == ADX_CI_BC ? ADX__BOOT_BC
                                         : ADX__BOOT_PERCENTILE;
    double a = ci == ADX_CI_BCA && jack ? acceleration(jack, n) : 0;
    adx__boot_limits(vals, B, est, a, level, m, ADX__Q_BOOT_ORDER, lo, hi);
}

/* "X -> M1 -> M2 -> Y" for a path, "Total", "(1) - (2)" for a contrast. */
static void item_label(const med_work_t *w, const adx__med_item_t *it, char *lab, size_t size)
{
    const adx_mediate_t *R = w->R;
    if (it->kind == ADX__MED_TOTAL) {
        snprintf(lab, size, "Total");
    } else if (it->kind == ADX__MED_CONTRAST) {
        snprintf(lab, size, "(%d) - (%d)", it->path + 1, it->path2 + 1);
    } else {
        size_t len = (size_t)snprintf(lab, size, "%s", R->x_name);
        for (size_t l = 0; l + 1 < w->M->plen[it->path] && len < size; l++)
            len += (size_t)snprintf(lab + len, size - len, " -> %s",
                                    R->m_names[w->M->pmed[it->path][l]]);
        if (len < size)
            snprintf(lab + len, size - len, " -> %s", R->y_name);
    }
}

static adx_error_t fill_row(med_work_t *w, size_t t, adx_med_boot_t *row)
{
    const adx__med_model_t *M = w->M;
    const adx__med_item_t *it = &M->items[t];
    char lab[1024];
    item_label(w, it, lab, sizeof lab);
    if (!(row->label = adx__strdup(lab)))
        return adx_oom(w->ctx);
    row->w = it->kind == ADX__MED_PATH && M->moderated ? it->w : NAN;
    row->boot_se = row->lo = row->hi = row->mc_lo = row->mc_hi = NAN;
    row->ps_effect = row->ps_lo = row->ps_hi = NAN;
    row->cs_effect = row->cs_lo = row->cs_hi = NAN;
    size_t tis[3] = {t, M->nitem + t, M->nitem + M->nstd + t}, n = w->n, B = w->B;
    double *dst[3][4] = {{&row->effect, &row->boot_se, &row->lo, &row->hi},
                         {&row->ps_effect, NULL, &row->ps_lo, &row->ps_hi},
                         {&row->cs_effect, NULL, &row->cs_lo, &row->cs_hi}};
    for (size_t v = 0; v < (t < M->nstd ? 3u : 1u); v++) {
        size_t ti = tis[v];
        double se;
        *dst[v][0] = w->theta[ti];
        if (!B)
            continue;
        boot_limits(w->bootv + ti * B, B, w->theta[ti], w->jackv ? w->jackv + ti * n : NULL, n,
                    w->o->ci, w->o->ci_level, &se, dst[v][2], dst[v][3]);
        if (dst[v][1])
            *dst[v][1] = se;
    }
    if (w->MC) {
        double se;
        boot_limits(w->mcv + t * w->MC, w->MC, w->theta[t], NULL, 0, ADX_CI_PERCENTILE,
                    w->o->ci_level, &se, &row->mc_lo, &row->mc_hi);
    }
    return ADX_OK;
}

static adx_error_t fill_rows(med_work_t *w)
{
    adx_mediate_t *R = w->R;
    if (!(R->ind = calloc(R->nind ? R->nind : 1, sizeof *R->ind)) ||
        !(R->contrast = calloc(R->ncontrast ? R->ncontrast : 1, sizeof *R->contrast)) ||
        !(R->index = calloc(R->nindex ? R->nindex : 1, sizeof *R->index)))
        return adx_oom(w->ctx);
    for (size_t t = 0; t < w->M->nitem; t++) {
        const adx__med_item_t *it = &w->M->items[t];
        adx_med_boot_t *row = t < R->nind                        ? &R->ind[t]
                              : it->kind == ADX__MED_CONTRAST ? &R->contrast[t - R->nind]
                                                               : &R->index[t - R->nind];
        adx_error_t rc = fill_row(w, t, row);
        if (rc)
            return rc;
    }
    return ADX_OK;
}

/* ---- the analysis ---------------------------------------------------------------------- */

void adx_mediate_free(adx_mediate_t *r)
{
    if (!r)
        return;
    free(r->x_name);
    free(r->y_name);
    free(r->w_name);
    adx__free_strings(r->m_names, r->m_names ? r->nm : 0);
    for (size_t e = 0; r->eq && e < r->neq; e++) {
        free(r->eq[e].outcome);
        for (size_t j = 0; r->eq[e].coef && j < r->eq[e].ncoef; j++)
            free(r->eq[e].coef[j].term);
        free(r->eq[e].coef);
    }
    free(r->eq);
    free(r->total.label);
    for (size_t j = 0; r->direct && j < r->ndirect; j++)
        free(r->direct[j].label);
    free(r->direct);
    for (size_t j = 0; r->ind && j < r->nind; j++)
        free(r->ind[j].label);
    free(r->ind);
    for (size_t j = 0; r->contrast && j < r->ncontrast; j++)
        free(r->contrast[j].label);
    free(r->contrast);
    for (size_t j = 0; r->index && j < r->nindex; j++)
        free(r->index[j].label);
    free(r->index);
    free(r->bk.c.label);
    free(r->bk.a.label);
    free(r->bk.b.label);
    free(r->bk.cprime.label);
    free(r->boot_idx);
    free(r->rows);
    free(r);
}

static void work_free(med_work_t *w)
{
    if (w->M)
        free(w->M->items);
    free(w->M);
    free(w->base);
    free(w->Z);
    free(w->Zc);
    free(w->Zcm);
    free(w->S);
    for (size_t e = 0; e < ADX_MED_MAX_M + 2; e++)
        adx_ols_free(w->fit[e]);
    free(w->theta);
    free(w->bootv);
    free(w->jackv);
    free(w->mcv);
    adx_mediate_free(w->R);
}

adx_error_t adx_mediate(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                        const adx_mediate_options_t *o, adx_mediate_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = validate(ds, spec, o, ctx);
    if (rc)
        return rc;
    med_work_t w = {.ds = ds, .spec = spec, .o = o, .ctx = ctx, .alpha = 1 - o->ci_level};
    w.threads = o->threads;
#ifdef _OPENMP
    if (w.threads <= 0)
        w.threads = omp_get_max_threads();
#else
    w.threads = 1;
#endif
    int model = o->model;
    if ((rc = init_result(&w)) || (rc = complete_cases(&w)) || (rc = probes(&w)) ||
        (rc = design(&w)) || (rc = fit_equations(&w)))
        goto cleanup;
    if ((model == 4 || model == 6) && (rc = total_effect(&w)))
        goto cleanup;
    if ((rc = direct_effects(&w)))
        goto cleanup;
    if (model == 4 && spec->nm == 1 && (rc = sobel_bk(&w)))
        goto cleanup;
    if (model != 1 && (rc = adx__med_plan_items(w.M, w.R))) {
        adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = resample(&w)) || (rc = monte_carlo(&w)))
        goto cleanup;
    if (model != 1 && (rc = fill_rows(&w)))
        goto cleanup;
    *out = w.R;
    w.R = NULL;
cleanup:
    work_free(&w);
    return rc;
}
