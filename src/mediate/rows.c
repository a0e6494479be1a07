/* The bootstrapped rows of a mediation result (indirect effects, contrasts, indices of
 * moderated mediation, with their standardized versions) and their limits by
 * adx__boot_limits with PROCESS's order-statistic rule; and the release of a result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_priv.h"

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
static void item_label(const adx__med_work_t *w, const adx__med_item_t *it, char *lab, size_t size)
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

static adx_error_t fill_row(adx__med_work_t *w, size_t t, adx_med_boot_t *row)
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

adx_error_t adx__med_fill_rows(adx__med_work_t *w)
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

static void free_rows(adx_med_boot_t *v, size_t n)
{
    for (size_t j = 0; v && j < n; j++)
        free(v[j].label);
    free(v);
}

void adx_mediate_free(adx_mediate_t *r)
{
    if (!r)
        return;
    ADX__FREE(r->x_name, r->y_name, r->w_name);
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
    free_rows(r->ind, r->nind);
    free_rows(r->contrast, r->ncontrast);
    free_rows(r->index, r->nindex);
    ADX__FREE(r->bk.c.label, r->bk.a.label, r->bk.b.label, r->bk.cprime.label, r->boot_idx,
              r->rows, r);
}

