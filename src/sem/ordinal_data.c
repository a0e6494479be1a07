/* The data side of an ordinal fit (src/sem/ordinal.c): which observed variables are
 * ordered, continuous or exogenous covariates, the model checks, and the sample statistics
 * in the one layout of src/sem/ordinal.h (lavaan's WLS.obs with conditional.x):
 * thresholds / intercepts, slopes on the covariates, variances of the continuous
 * variables, correlations / covariances, with their Gamma. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ordinal.h"
#include "sem_priv.h"

/* '~ 1', FIML / MLR, and regressions on observed variables without fixed.x. */
static adx_error_t check_model(const adx_sem_t *s, adx_errctx_t *ctx)
{
    if (s->meanstructure)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "%s: '~ 1' with ordered indicators is not implemented (their thresholds "
                       "take the place of the intercepts); drop the '~ 1' lines",
                       s->source);
    if (s->opt.fiml || s->opt.robust)
        return adx_err(ctx, ADX_EUNSUPPORTED,
                       "%s: ordered indicators are estimated by WLSMV/ULSMV (listwise or "
                       "pairwise); FIML and MLR do not apply",
                       s->source);
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        size_t h = adx__sem_var_index(s, pr->rhs);
        if (pr->op == ADX_SEM_REGRESS && h < s->p && !s->opt.fixed_x)
            return adx_err(ctx, ADX_EUNSUPPORTED,
                           "%s: '%s ~ %s': ordered indicators condition on their exogenous "
                           "covariates (lavaan conditional.x), which needs fixed.x; drop "
                           "--no-fixed-x",
                           s->source, pr->lhs, pr->rhs);
    }
    return ADX_OK;
}

/* numeric[j]: an observed variable left out of opt.ordered_vars that is no covariate. */
static adx_error_t continuous_indicators(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_sem_ordinal_t *od = s->ordinal;
    if (!s->opt.ordered_vars)
        return ADX_OK;
    if (!(od->numeric = calloc(s->p + 1, 1)))
        return adx_oom(ctx);
    for (size_t j = 0; j < s->p; j++) {
        size_t i = 0;
        while (i < s->opt.nordered_vars && strcmp(s->opt.ordered_vars[i], s->names[j]))
            i++;
        od->numeric[j] = i == s->opt.nordered_vars && !od->isx[j];
        od->nnum += od->numeric[j];
    }
    if (od->nnum + od->ncov == s->p)
        return adx_err(ctx, ADX_EUSAGE, "%s: none of the --ordered variables is an indicator "
                                        "of the model", s->source);
    return ADX_OK;
}

adx_error_t adx__ord_flags(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_sem_ordinal_t *od = s->ordinal;
    if (!(od->isx = calloc(s->p + 1, 1)))
        return adx_oom(ctx);
    for (size_t v = 0; v < s->p; v++)
        od->ncov += (od->isx[v] = (unsigned char)adx__sem_is_ov_x(s, v));
    adx_error_t rc = continuous_indicators(s, ctx);
    return rc ? rc : check_model(s, ctx);
}

adx_error_t adx__ord_sample_stats(const adx_sem_t *s, const adx__ord_t *lay, const double *X,
                                  size_t n, size_t ld, adx_polychoric_t **P,
                                  adx_errctx_t *ctx)
{
    size_t k = lay->k, nx = lay->nx;
    if (!nx)
        return adx_polychoric_mixed(X, n, ld, k, (const char *const *)s->names,
                                    s->ordinal->numeric, 2, P, ctx);
    double *Y = malloc((n * k + 1) * sizeof *Y), *Z = malloc((n * nx + 1) * sizeof *Z);
    const char **nm = malloc((k + 1) * sizeof *nm);
    unsigned char *num = calloc(k + 1, 1);
    adx_error_t rc = Y && Z && nm && num ? ADX_OK : adx_oom(ctx);
    for (size_t j = 0; j < k && !rc; j++) {
        memcpy(Y + j * n, X + lay->yi[j] * ld, n * sizeof *Y);
        nm[j] = s->names[lay->yi[j]];
        num[j] = s->ordinal->numeric && s->ordinal->numeric[lay->yi[j]];
    }
    for (size_t c = 0; c < nx && !rc; c++)
        memcpy(Z + c * n, X + lay->xi[c] * ld, n * sizeof *Z);
    if (!rc)
        rc = adx_polychoric_cond(Y, n, n, k, num, Z, n, nx, nm, P, ctx);
    ADX__FREE(Y, Z, nm, num);
    return rc;
}

/* Sxx (nx x nx, divisor N - 1) of the covariates, into S too. */
static void covariate_cov(const adx__ord_t *lay, const double *X, size_t n, size_t ld,
                          double *Sxx, double *S)
{
    size_t p = lay->p, nx = lay->nx;
    for (size_t c = 0; c < nx; c++)
        for (size_t d = 0; d < nx; d++) {
            const double *u = X + lay->xi[c] * ld, *v = X + lay->xi[d] * ld;
            double mu = 0, mv = 0, x = 0;
            for (size_t i = 0; i < n; i++) {
                mu += u[i] / (double)n;
                mv += v[i] / (double)n;
            }
            for (size_t i = 0; i < n; i++)
                x += (u[i] - mu) * (v[i] - mv);
            Sxx[c + d * nx] = x / (double)(n - 1);
            S[lay->xi[c] + lay->xi[d] * p] = x / (double)(n - 1);
        }
}

double *adx__ord_sample_matrix(const adx__ord_t *lay, const adx_polychoric_t *P,
                               const double *X, size_t n, size_t ld)
{
    size_t p = lay->p, k = lay->k, nx = lay->nx;
    double *S = calloc(p * p, sizeof *S), *Sxx = calloc(nx * nx + 1, sizeof *Sxx);
    double *PS = calloc(k * nx + 1, sizeof *PS);
    if (!S || !Sxx || !PS) {
        ADX__FREE(S, Sxx, PS);
        return NULL;
    }
    covariate_cov(lay, X, n, ld, Sxx, S);
    for (size_t j = 0; j < k; j++) /* PS = Pi Sxx */
        for (size_t d = 0; d < nx; d++) {
            double x = 0;
            for (size_t c = 0; c < nx; c++)
                x += P->slopes[j + c * k] * Sxx[c + d * nx];
            PS[j + d * k] = x;
            S[lay->yi[j] + lay->xi[d] * p] = S[lay->xi[d] + lay->yi[j] * p] = x;
        }
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double x = P->r[i + j * k] * (P->nnum ? P->sd[i] * P->sd[j] : 1);
            for (size_t d = 0; d < nx; d++)
                x += PS[i + d * k] * P->slopes[j + d * k];
            S[lay->yi[i] + lay->yi[j] * p] = x;
        }
    ADX__FREE(Sxx, PS);
    return S;
}

void adx__ord_stats(const adx__ord_t *o, const adx_polychoric_t *P, double *r)
{
    for (size_t a = 0; a < o->nsl; a++)
        r[a] = P->slopes[a];
    for (size_t m = o->nsl; m < o->np; m++) { /* variances, covariances (correlations) */
        size_t i = o->sa[m - o->nsl], j = o->sb[m - o->nsl];
        r[m] = P->r[i + j * P->k] * (P->nnum ? P->sd[i] * P->sd[j] : 1);
    }
}

/* ---- lavaan's thresholds and intercepts under a continuous predictor -------------- */

/* out (nth): lavaan's structural thresholds and intercepts at the marginal ones tm and
 * th: the means mu = B alpha with alpha 0 but for the continuous variables, whose
 * alpha_c = B_cc^-1 m_c (m their marginal means); a threshold of an ordered v is
 * tm + mu_v, an intercept alpha_c. -1 if B_cc is singular. */
static int structural(adx__ord_t *o, const size_t *var_of, const int *mean_of, size_t nth,
                      const double *tm, const double *th, double *Bcc, size_t *cv, double *out)
{
    size_t t = o->t, nc = 0;
    if (adx__ord_fill(o, th))
        return -1;
    for (size_t k = 0; k < nth; k++)
        if (mean_of[k])
            cv[nc++] = k;
    for (size_t b = 0; b < nc; b++)
        for (size_t a = 0; a < nc; a++)
            Bcc[a + b * nc] = o->B[var_of[cv[a]] + var_of[cv[b]] * t];
    if (nc && adx__inverse(Bcc, nc))
        return -1;
    for (size_t k = 0; k < nth; k++) {
        double x = mean_of[k] ? 0 : tm[k] * o->dsc[var_of[k]]; /* theta: tau d */
        for (size_t b = 0; b < nc; b++) {
            double alpha = 0;
            for (size_t a = 0; a < nc; a++)
                alpha += Bcc[b + a * nc] * tm[cv[a]];
            x += (mean_of[k] ? var_of[k] == var_of[cv[b]] : o->B[var_of[k] + var_of[cv[b]] * t]) *
                 alpha;
        }
        out[k] = x;
    }
    return 0;
}

/* 1 if a continuous non-covariate is on the right of a regression (directly or through a
 * latent variable its means reach the others). */
int adx__ord_cont_predictor(const adx__ord_t *o)
{
    const adx__est_t *e = o->e;
    for (size_t r = 0; r < e->s->nparams; r++)
        if (e->kind[r] == ADX__PK_A && e->rj[r] < e->p && adx__ord_is_numeric(e, e->rj[r]))
            return 1;
    return 0;
}

adx_error_t adx__ord_structural(adx_sem_t *s, adx__ord_t *o, const double *th, const double *V,
                                size_t Q)
{
    adx_sem_ordinal_t *od = s->ordinal;
    size_t nth = od->nth, q = o->q;
    if (!adx__ord_cont_predictor(o))
        return ADX_OK;
    size_t *var_of = malloc((nth + 1) * sizeof *var_of), *cv = malloc((nth + 1) * sizeof *cv);
    int *mean_of = malloc((nth + 1) * sizeof *mean_of);
    double *x = malloc((Q + 1) * sizeof *x), *J = malloc((nth * Q + 1) * sizeof *J);
    double *Bcc = malloc((nth * nth + 1) * sizeof *Bcc), *f0 = malloc((2 * nth + 1) * sizeof *f0);
    adx_error_t rc = var_of && cv && mean_of && x && J && Bcc && f0 ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; k < nth && !rc; k++) {
        var_of[k] = adx__sem_var_index(s, od->th_var[k]);
        mean_of[k] = od->th_k[k] == 0;
        x[k] = od->th[k];
    }
    if (!rc)
        memcpy(x + nth, th, q * sizeof *th);
    for (size_t u = 0; u < Q && !rc; u++) { /* J = d out / d (thresholds, theta) */
        double h = 1e-6 * fmax(1, fabs(x[u])), x0 = x[u];
        x[u] = x0 + h;
        int bad = structural(o, var_of, mean_of, nth, x, x + nth, Bcc, cv, f0);
        x[u] = x0 - h;
        bad = bad || structural(o, var_of, mean_of, nth, x, x + nth, Bcc, cv, f0 + nth);
        x[u] = x0;
        for (size_t k = 0; k < nth; k++)
            J[k + u * nth] = (f0[k] - f0[nth + k]) / (2 * h);
        rc = bad ? ADX_ESINGULAR : ADX_OK;
    }
    if (!rc && structural(o, var_of, mean_of, nth, x, th, Bcc, cv, f0))
        rc = ADX_ESINGULAR;
    for (size_t k = 0; k < nth && !rc; k++) { /* V: lavaan's -mean rows (adx_stats.h) */
        double v = 0;
        for (size_t a = 0; a < Q; a++)
            for (size_t b = 0; b < Q; b++)
                v += J[k + a * nth] * V[a + b * Q] * J[k + b * nth] *
                     ((a < nth && mean_of[a]) != (b < nth && mean_of[b]) ? -1 : 1);
        od->th[k] = f0[k];
        od->th_se[k] = sqrt(fmax(v, 0));
    }
    if (adx__ord_fill(o, th) && !rc)
        rc = ADX_ESINGULAR;
    ADX__FREE(var_of, cv, mean_of, x, J, Bcc, f0);
    return rc;
}
