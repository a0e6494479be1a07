/* After a one-way ANOVA: Levene's test of equal variances (centred at the group means,
 * SPSS, or at the medians, Brown-Forsythe) and the post-hoc pairwise comparisons of SPSS
 * ONEWAY /POSTHOC: Tukey HSD (Tukey-Kramer for unequal n), Games-Howell (1976) and
 * Bonferroni. Formulas: docs/regress.md. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "stats_priv.h"

void adx_anova_options_init(adx_anova_options_t *o)
{
    o->ci_level = 0.95;
    o->posthoc = 0;
}

/* Levene's F for the centre (0 mean, 1 median): the ANOVA of z = |y - centre_l|.
 * grp holds the values grouped by level (A->n[l] each), sorted within each level. */
static void levene(adx_anova_t *A, const double *grp, int median)
{
    size_t k = A->k, off = 0;
    double zsum = 0, N = 0, ssw = 0, ssb = 0;
    double *zm = calloc(k, sizeof *zm);
    if (!zm)
        return;
    for (size_t l = 0; l < k; l++) {
        size_t n = A->n[l];
        double c = median ? adx__quantile(grp + off, n, 0.5, ADX__Q_R7) : A->mean[l];
        for (size_t i = 0; i < n; i++)
            zm[l] += fabs(grp[off + i] - c);
        zsum += zm[l];
        zm[l] /= (double)n;
        for (size_t i = 0; i < n; i++) {
            double d = fabs(grp[off + i] - c) - zm[l];
            ssw += d * d;
        }
        N += (double)n;
        off += n;
    }
    for (size_t l = 0; l < k; l++)
        ssb += (double)A->n[l] * (zm[l] - zsum / N) * (zm[l] - zsum / N);
    free(zm);
    A->levene_df1 = (double)k - 1;
    A->levene_df2 = N - (double)k;
    if (ssw > 0 && A->levene_df2 > 0) {
        A->levene_f[median] = (ssb / A->levene_df1) / (ssw / A->levene_df2);
        A->levene_p[median] = gsl_cdf_fdist_Q(A->levene_f[median], A->levene_df1, A->levene_df2);
    } else {
        A->levene_f[median] = A->levene_p[median] = NAN;
    }
}

/* The pairs of one test; crit is the critical value of the statistic (Tukey: the q
 * quantile, Bonferroni: t); Games-Howell computes its own per pair. */
static void pairs(const adx_anova_t *A, adx_posthoc_t test, adx_posthoc_pair_t *P)
{
    double mse = A->ss_within / A->df2, kk = (double)A->k, lvl = A->ci_level;
    double m = (double)A->npairs;
    double qcrit = test == ADX_POSTHOC_TUKEY ? adx_qtukey(lvl, kk, A->df2) / M_SQRT2 : 0;
    double tcrit = test == ADX_POSTHOC_BONFERRONI ? gsl_cdf_tdist_Qinv((1 - lvl) / (2 * m), A->df2)
                                                  : 0;
    size_t q = 0;
    for (size_t i = 0; i + 1 < A->k; i++)
        for (size_t j = i + 1; j < A->k; j++, q++) {
            adx_posthoc_pair_t *p = &P[q];
            double ni = (double)A->n[i], nj = (double)A->n[j], crit;
            p->i = i;
            p->j = j;
            p->diff = A->mean[i] - A->mean[j];
            if (test == ADX_POSTHOC_GH) {
                double a = A->sd[i] * A->sd[i] / ni, b = A->sd[j] * A->sd[j] / nj;
                p->se = sqrt(a + b);
                p->df = (a + b) * (a + b) / (a * a / (ni - 1) + b * b / (nj - 1));
                crit = adx_qtukey(lvl, kk, p->df) / M_SQRT2;
            } else {
                p->se = sqrt(mse * (1 / ni + 1 / nj));
                p->df = A->df2;
                crit = test == ADX_POSTHOC_TUKEY ? qcrit : tcrit;
            }
            if (!(p->se > 0) || !(p->df >= 1)) {
                p->stat = p->p = p->lo = p->hi = NAN;
                continue;
            }
            if (test == ADX_POSTHOC_BONFERRONI) {
                p->stat = fabs(p->diff) / p->se;
                p->p = fmin(1.0, 2 * gsl_cdf_tdist_Q(p->stat, p->df) * m);
            } else {
                p->stat = fabs(p->diff) / p->se * M_SQRT2;
                p->p = p->df >= 2 ? 1 - adx_ptukey(p->stat, kk, p->df) : NAN;
            }
            p->lo = p->diff - crit * p->se;
            p->hi = p->diff + crit * p->se;
        }
}

adx_error_t adx__anova_extras(adx_anova_t *A, const double *y, const long *lev, size_t nrows,
                              const adx_anova_options_t *o, adx_errctx_t *ctx)
{
    adx_anova_options_t def;
    if (!o) {
        adx_anova_options_init(&def);
        o = &def;
    }
    adx_error_t rc = ADX_OK;
    size_t k = A->k, N = 0;
    for (size_t l = 0; l < k; l++)
        N += A->n[l];
    double *grp = malloc((N ? N : 1) * sizeof *grp);
    size_t *pos = calloc(k + 1, sizeof *pos);
    if (!grp || !pos)
        goto oom;
    for (size_t l = 0; l < k; l++)
        pos[l + 1] = pos[l] + A->n[l];
    for (size_t i = 0; i < nrows; i++)
        if (lev[i] >= 0 && !isnan(y[i]))
            grp[pos[lev[i]]++] = y[i];
    for (size_t l = 0, off = 0; l < k; off += A->n[l], l++)
        qsort(grp + off, A->n[l], sizeof *grp, adx__cmp_double);
    levene(A, grp, 0);
    levene(A, grp, 1);
    A->ci_level = o->ci_level;
    A->posthoc = o->posthoc;
    A->npairs = k * (k - 1) / 2;
    static const adx_posthoc_t tests[] = {ADX_POSTHOC_TUKEY, ADX_POSTHOC_GH,
                                          ADX_POSTHOC_BONFERRONI};
    adx_posthoc_pair_t **dst[] = {&A->tukey, &A->gh, &A->bonferroni};
    for (size_t t = 0; t < 3; t++) {
        if (!(o->posthoc & (unsigned)tests[t]))
            continue;
        if (!(*dst[t] = calloc(A->npairs, sizeof **dst[t])))
            goto oom;
        pairs(A, tests[t], *dst[t]);
    }
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    free(grp);
    free(pos);
    return rc;
}
