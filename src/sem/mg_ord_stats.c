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

/* ---- the statistics' keys: another model's Jacobian in this fit's order ------------ */

/* Statistic k of group og as (kind, a, b): 0 threshold (mean) b of variable a, 1 the slope
 * of a on the covariate b, 2 the (co)variance of a and b; a, b observed variables of the
 * group's model. */
static void og_key(const adx__og_t *og, size_t k, size_t *key)
{
    const adx__ord_t *o = &og->o;
    size_t m = k - og->nth;
    if (k < og->nth) {
        key[0] = 0, key[1] = og->var_of[k], key[2] = adx__og_tnum(og, k);
    } else if (m < o->nsl) {
        key[0] = 1, key[1] = o->yi[m % o->k], key[2] = o->xi[m / o->k];
    } else {
        key[0] = 2, key[1] = o->yi[o->sa[m - o->nsl]], key[2] = o->yi[o->sb[m - o->nsl]];
    }
}

size_t *adx__omg_stat_keys(const adx__omg_t *om)
{
    size_t ns = 0;
    for (size_t g = 0; g < om->mg->G; g++)
        ns += om->og[g].ns;
    size_t *key = malloc((3 * ns + 1) * sizeof *key);
    for (size_t g = 0, r = 0; key && g < om->mg->G; g++)
        for (size_t k = 0; k < om->og[g].ns; k++, r++)
            og_key(&om->og[g], k, key + 3 * r);
    return key;
}

/* Row of group og's statistic k among the n rows of kf (keys over the model f; vmap: og's
 * variables in f), or n. */
static size_t key_row(const adx__og_t *og, size_t k, const size_t *kf, size_t n,
                      const size_t *vmap)
{
    size_t kt[3];
    og_key(og, k, kt);
    size_t a = vmap[kt[1]], b = kt[0] ? vmap[kt[2]] : kt[2];
    for (size_t r = 0; r < n; r++) {
        const size_t *q = kf + 3 * r;
        if (q[0] == kt[0] && ((q[1] == a && q[2] == b) || (kt[0] == 2 && q[1] == b && q[2] == a)))
            return r;
    }
    return n;
}

int adx__omg_prev_order(adx__omg_t *om)
{
    adx__mg_t *mg = om->mg;
    if (!mg->prev_gr)
        return 0;
    size_t ns = mg->prev_ns, q = mg->prev_q, off = 0, *vmap = NULL;
    double *D = malloc((ns * q + 1) * sizeof *D);
    int bad = !D || !mg->prev_key || mg->prev_G != mg->G;
    for (size_t g = 0; !bad && g < mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        const adx_sem_t *s = mg->gr[g].model, *f = mg->prev_gr[g].model;
        free(vmap);
        bad = !(vmap = malloc((s->p + 1) * sizeof *vmap)) || off + og->ns > ns;
        for (size_t j = 0; !bad && j < s->p; j++) {
            vmap[j] = 0;
            while (vmap[j] < f->p && strcmp(f->names[vmap[j]], s->names[j]))
                vmap[j]++;
        }
        for (size_t k = 0; !bad && k < og->ns; k++) {
            size_t r = key_row(og, k, mg->prev_key + 3 * off, og->ns, vmap);
            bad = r == og->ns;
            for (size_t c = 0; !bad && c < q; c++)
                D[off + k + c * ns] = mg->prev_d[off + r + c * ns];
        }
        off += og->ns;
    }
    bad |= off != ns;
    free(vmap);
    if (!bad) {
        free(mg->prev_d);
        mg->prev_d = D;
        mg->prev_gr = NULL;
        return 0;
    }
    free(D);
    return -1;
}

/* ---- the previous level's Jacobian across a refit ----------------------------------- */

/* Copies mg's prev_* (the previous level's Jacobian and keys) into kept; -1 when memory runs
 * out (kept then owns nothing). */
int adx__omg_prev_save(const adx__mg_t *mg, adx__mg_t *kept)
{
    *kept = *mg;
    kept->prev_d = NULL;
    kept->prev_key = NULL;
    size_t nd = mg->prev_ns * mg->prev_q, nk = 3 * mg->prev_ns;
    if (mg->prev_d && (kept->prev_d = malloc((nd + 1) * sizeof *kept->prev_d)))
        memcpy(kept->prev_d, mg->prev_d, nd * sizeof *kept->prev_d);
    if (mg->prev_key && (kept->prev_key = malloc((nk + 1) * sizeof *kept->prev_key)))
        memcpy(kept->prev_key, mg->prev_key, nk * sizeof *kept->prev_key);
    if ((mg->prev_d && !kept->prev_d) || (mg->prev_key && !kept->prev_key)) {
        ADX__FREE(kept->prev_d, kept->prev_key);
        return -1;
    }
    return 0;
}

/* Puts kept's prev_* (adx__omg_prev_save) back into mg, freeing what a fit left there. */
void adx__omg_prev_restore(adx__mg_t *mg, adx__mg_t *kept)
{
    ADX__FREE(mg->prev_d, mg->prev_key);
    mg->prev_d = kept->prev_d;
    mg->prev_key = kept->prev_key;
    mg->prev_q = kept->prev_q;
    mg->prev_ns = kept->prev_ns;
    mg->prev_gr = kept->prev_gr;
    mg->prev_G = kept->prev_G;
    kept->prev_d = NULL;
    kept->prev_key = NULL;
}
