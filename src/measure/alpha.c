/* Cronbach's alpha with item statistics (psych::alpha on complete cases) and
 * McDonald's omega total from a one-factor minres solution (psych::omega with
 * nfactors = 1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_measure.h"
#include "measure_priv.h"

void adx_alpha_free(adx_alpha_t *a)
{
    if (!a)
        return;
    adx_items_free(a->items);
    ADX__FREE(a->scale_mean_if_deleted, a->scale_var_if_deleted);
    ADX__FREE(a->item_total_r, a->raw_r, a->alpha_if_deleted, a->std_alpha_if_deleted, a);
}

/* alpha = k/(k-1) (1 - trace/total) for raw (covariances) and standardized
 * (correlations) items. */
static double alpha_of(double k, double trace, double total)
{
    return k / (k - 1) * (1 - trace / total);
}

/* omega_t = (Vt - sum(1 - l^2)) / Vt, Vt = sum of the correlation matrix with
 * items keyed by the sign of their loading (psych::omega, flip = TRUE). */
static adx_error_t omega_total(const double *R, size_t k, double *omega, int *heywood,
                               adx_errctx_t *ctx)
{
    adx_factor_options_t fo;
    adx_factor_options_init(&fo);
    fo.method = ADX_EXTRACT_MINRES;
    double *l = malloc(k * sizeof *l), *psi = malloc(k * sizeof *psi);
    if (!l || !psi) {
        free(l);
        free(psi);
        return adx_oom(ctx);
    }
    adx_error_t rc = adx_extract(R, k, 1, &fo, l, psi, NULL, NULL, ctx);
    if (!rc) {
        double vt = 0, uniq = 0;
        *heywood = 0;
        for (size_t i = 0; i < k; i++) {
            uniq += 1 - l[i] * l[i];
            *heywood |= psi[i] <= fo.psi_lower || l[i] * l[i] >= 1;
            for (size_t j = 0; j < k; j++)
                vt += R[i + j * k] * (l[i] < 0 ? -1 : 1) * (l[j] < 0 ? -1 : 1);
        }
        *omega = (vt - uniq) / vt;
    }
    free(l);
    free(psi);
    return rc;
}

adx_error_t adx_alpha(const adx_dataset_t *ds, const size_t *idx, size_t k,
                      const adx_items_options_t *o, adx_alpha_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_alpha_t *a = calloc(1, sizeof *a);
    if (!a)
        return adx_oom(ctx);
    adx_error_t rc = adx_items_load(ds, idx, k, o, &a->items, ctx);
    if (rc)
        goto cleanup;
    if (!(a->item_total_r = malloc(k * sizeof(double))) || !(a->raw_r = malloc(k * sizeof(double))) ||
        !(a->alpha_if_deleted = malloc(k * sizeof(double))) ||
        !(a->std_alpha_if_deleted = malloc(k * sizeof(double))) ||
        !(a->scale_mean_if_deleted = malloc(k * sizeof(double))) ||
        !(a->scale_var_if_deleted = malloc(k * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    const double *C = a->items->cov, *R = a->items->R;
    double sumc = 0, trc = 0, sumr = 0, dk = (double)k;
    for (size_t j = 0; j < k; j++) {
        trc += C[j + j * k];
        for (size_t i = 0; i < k; i++) {
            sumc += C[i + j * k];
            sumr += R[i + j * k];
        }
    }
    a->alpha = alpha_of(dk, trc, sumc);
    a->std_alpha = alpha_of(dk, dk, sumr);
    a->average_r = (sumr - dk) / (dk * (dk - 1));
    double summ = 0;
    for (size_t i = 0; i < k; i++)
        summ += a->items->mean[i];
    for (size_t i = 0; i < k; i++) {
        double colc = 0, colr = 0, cii = C[i + i * k];
        for (size_t j = 0; j < k; j++) {
            colc += C[j + i * k];
            colr += R[j + i * k];
        }
        double vdrop = sumc - 2 * colc + cii;
        a->item_total_r[i] = (colc - cii) / sqrt(cii * vdrop);
        a->raw_r[i] = colc / sqrt(cii * sumc);
        a->scale_mean_if_deleted[i] = summ - a->items->mean[i];
        a->scale_var_if_deleted[i] = vdrop;
        a->alpha_if_deleted[i] = k > 2 ? alpha_of(dk - 1, trc - cii, vdrop) : NAN;
        a->std_alpha_if_deleted[i] = k > 2 ? alpha_of(dk - 1, dk - 1, sumr - 2 * colr + 1) : NAN;
    }
    a->omega_total = NAN;
    if (k >= 3) {
        if ((rc = adx_check_pd(R, k, a->items->names, ctx)) ||
            (rc = omega_total(R, k, &a->omega_total, &a->omega_heywood, ctx)))
            goto cleanup;
    }
cleanup:
    if (rc) {
        adx_alpha_free(a);
        a = NULL;
    }
    *out = a;
    return rc;
}
