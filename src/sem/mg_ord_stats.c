/* The statistics of a multi-group ordinal fit (mg_ordinal.c), group by group, in the one
 * layout of the single-group fit (ordinal.h): the thresholds of the ordered indicators and
 * the means of the continuous ones, the continuous indicators' variances, then the
 * correlations (polychoric, polyserial times the SD, covariances between continuous ones),
 * with Gamma_g and the DWLS / ULS weights. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

/* The variable of threshold (mean) slot k of P. */
static size_t og_var(const adx_polychoric_t *P, size_t k)
{
    size_t j = 0;
    while (j + 1 < P->k && P->th_off[j + 1] <= k)
        j++;
    return j;
}

int adx__og_num(const adx__og_t *og, size_t j)
{
    return og->have_o && adx__ord_is_numeric(og->o.e, j);
}

int adx__og_x(const adx__og_t *og, size_t j)
{
    return og->have_o && adx__ord_is_x(og->o.e, j);
}

double adx__og_dfac(const adx__og_t *og, const double *d, size_t m)
{
    const adx__ord_t *o = &og->o;
    if (m < o->nsl)
        return d[o->yi[m % o->k]];
    return d[o->yi[o->sa[m - o->nsl]]] * d[o->yi[o->sb[m - o->nsl]]];
}

size_t adx__og_tnum(const adx__og_t *og, size_t k)
{
    return k - og->P->th_off[og_var(og->P, k)] + 1;
}

/* The complete cases of the group's model (its data, rows with a missing value dropped:
 * listwise, as lavaan's multi-group ordinal fits): *n x p, NULL when memory runs out. */
static double *complete_cases(const adx_sem_t *s, size_t *n)
{
    size_t p = s->p, m = s->data_n, k = 0;
    double *X = malloc((m * p + 1) * sizeof *X);
    for (size_t i = 0; X && i < m; i++) {
        int ok = 1;
        for (size_t j = 0; j < p; j++)
            ok &= !isnan(s->data[i + j * m]);
        k += ok;
    }
    for (size_t i = 0, r = 0; X && i < m; i++) {
        int ok = 1;
        for (size_t j = 0; j < p; j++)
            ok &= !isnan(s->data[i + j * m]);
        for (size_t j = 0; ok && j < p; j++)
            X[r + j * k] = s->data[i + j * m];
        r += ok;
    }
    *n = k;
    return X;
}

/* Group g's statistics in the single-group layout (ordinal.h): thresholds and the means
 * of the continuous indicators, their variances, the correlations / covariances; Gamma
 * with the mean rows as the means (adx_polychoric_mixed stores them negated, lavaan's). */
static adx_error_t og_stats(adx__og_t *og, const adx_sem_t *s, double gfac, adx_errctx_t *ctx)
{
    size_t n = 0;
    double *X = !s->data ? NULL : s->opt.ordinal_pairwise ? s->data : complete_cases(s, &n);
    if (X == s->data)
        n = s->data_n;
    if (!X)
        return adx_oom(ctx);
    adx_error_t rc = adx__ord_sample_stats(s, &og->o, X, n, n, &og->P, ctx);
    if (X != s->data)
        free(X);
    if (rc)
        return rc;
    const adx_polychoric_t *P = og->P;
    size_t ns = P->nstat;
    og->gam = malloc((ns * ns + 1) * sizeof *og->gam);
    if (!og->gam)
        return adx_oom(ctx);
    for (size_t b = 0; b < ns; b++)
        for (size_t a = 0; a < ns; a++) {
            double sg = 1;
            if (a < P->th_off[P->k] && P->numeric && P->numeric[og_var(P, a)])
                sg = -sg;
            if (b < P->th_off[P->k] && P->numeric && P->numeric[og_var(P, b)])
                sg = -sg;
            og->gam[a + b * ns] = sg * P->gamma[a + b * ns] * gfac;
        }
    return ADX_OK;
}

/* Group g's statistics (its listwise cases) and work space. */
adx_error_t adx__og_setup(adx__og_t *og, adx__mg_group_t *gr, double gfac, int uls,
                          adx_errctx_t *ctx)
{
    const adx_sem_t *s = gr->model;
    size_t p = s->p;
    og->have_o = 1;
    if (adx__ord_alloc(&og->o, &gr->es, s->npar))
        return adx_oom(ctx);
    adx_error_t rc = og_stats(og, s, gfac, ctx);
    if (rc)
        return rc;
    adx_polychoric_t *P = og->P;
    og->p = p;
    og->q = s->npar;
    og->nth = P->th_off[P->k];
    og->np = og->o.np;
    og->ns = og->nth + og->np;
    og->m = gr->es.t - p;
    og->nloc = og->q + og->nth + p + og->m;
    size_t ns = og->ns, nl = og->nloc;
    og->s = malloc(ns * sizeof *og->s);
    og->w = malloc(ns * sizeof *og->w);
    og->loc = calloc(nl + 1, sizeof *og->loc);
    og->sig = malloc(ns * sizeof *og->sig);
    og->D = malloc(ns * (nl + 1) * sizeof *og->D);
    og->mu = malloc((gr->es.t + 1) * sizeof *og->mu);
    og->mv = malloc((gr->es.t + 1) * sizeof *og->mv);
    og->map = malloc((nl + 1) * sizeof *og->map);
    og->var_of = malloc((og->nth + 1) * sizeof *og->var_of);
    og->wr = malloc(ns * sizeof *og->wr);
    if (!og->s || !og->w || !og->loc || !og->sig || !og->D || !og->mu || !og->mv || !og->map ||
        !og->var_of || !og->wr)
        return adx_oom(ctx);
    for (size_t k = 0; k < og->nth; k++) {
        og->var_of[k] = og->o.yi[og_var(P, k)]; /* observed variable */
        og->s[k] = P->th[k];
    }
    adx__ord_stats(&og->o, P, og->s + og->nth);
    double n = (double)P->n;
    /* lavaan's WLS.V: 1 / diag(Gamma_g) (DWLS) or I (ULS), in the information, the SEs and
     * the tests (with Gamma_g); its objective fx_g carries (n_g - 1) / n_g besides */
    for (size_t k = 0; k < ns; k++) {
        og->wr[k] = uls ? 1 : 1 / P->gamma[k + k * ns];
        og->w[k] = og->wr[k] * (n - 1) / n;
    }
    og->tfac = 1 / gfac;
    return ADX_OK;
}
