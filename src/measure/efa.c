/* Exploratory factor analysis (psych::fa) and parallel analysis
 * (psych::fa.parallel). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_measure.h"
#include "ambidex/adx_rng.h"
#include "measure_priv.h"

void adx_parallel_free(adx_parallel_t *p)
{
    if (!p)
        return;
    ADX__FREE(p->pc_obs, p->pc_mean, p->pc_q95, p->fa_obs, p->fa_mean, p->fa_q95, p);
}

/* Eigenvalues of R and of R with one-factor minres communalities on its
 * diagonal (psych: fa(R, 1, fm = "minres")$values). */
static adx_error_t pa_values(const double *R, size_t k, double *pc, double *fa, double *l,
                             adx_errctx_t *ctx)
{
    adx_factor_options_t fo;
    adx_factor_options_init(&fo);
    adx_error_t rc = adx__eigen(R, k, pc, NULL, ctx);
    if (rc)
        return rc;
    if ((rc = adx_extract(R, k, 1, &fo, l, NULL, NULL, NULL, ctx)))
        return rc;
    for (size_t i = 0; i < k; i++)
        l[i] *= l[i];
    if ((rc = adx__reduced_eigen(R, k, l, fa)))
        return adx_err(ctx, rc, "eigen-decomposition failed");
    return ADX_OK;
}

adx_error_t adx_parallel(const double *R, size_t k, size_t n, const adx_parallel_options_t *o,
                         adx_parallel_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    size_t B = o->iterations;
    if (B < 2)
        return adx_err(ctx, ADX_EUSAGE, "--parallel needs at least 2 simulated data sets");
    adx_error_t rc = ADX_OK;
    adx_parallel_t *p = calloc(1, sizeof *p);
    double *simpc = malloc(B * k * sizeof *simpc), *simfa = malloc(B * k * sizeof *simfa);
    double *l = malloc(k * sizeof *l), *col = malloc(B * sizeof *col);
    double *mean = malloc(k * sizeof *mean), *cov = malloc(k * k * sizeof *cov);
    double *Rs = malloc(k * k * sizeof *Rs);
    adx_matrix_t *X = adx_matrix_alloc(n, k);
    if (!p || !simpc || !simfa || !l || !col || !mean || !cov || !Rs || !X) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    p->iterations = B;
    p->seed = o->seed;
    p->quantile = o->quantile;
    double **arrs[] = {&p->pc_obs, &p->pc_mean, &p->pc_q95, &p->fa_obs, &p->fa_mean, &p->fa_q95};
    for (size_t a = 0; a < 6; a++)
        if (!(*arrs[a] = malloc(k * sizeof(double)))) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
    if ((rc = pa_values(R, k, p->pc_obs, p->fa_obs, l, ctx)))
        goto cleanup;
    for (size_t b = 0; b < B; b++) {
        adx_rng_t rng;
        adx_rng_init(&rng, o->seed, b);
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < n; i++)
                ADX_M(X, i, j) = adx_rng_normal(&rng);
        if ((rc = adx_moments(X, mean, cov))) {
            rc = adx_err(ctx, rc, "parallel analysis: %s", adx_strerror(rc));
            goto cleanup;
        }
        adx__cov_to_cor(cov, k, Rs);
        if ((rc = pa_values(Rs, k, simpc + b * k, simfa + b * k, l, ctx)))
            goto cleanup;
    }
    double q = o->quantile > 0 ? o->quantile : 0.95;
    for (size_t j = 0; j < k; j++) {
        double *sims[] = {simpc, simfa}, *means[] = {p->pc_mean, p->fa_mean};
        double *qs[] = {p->pc_q95, p->fa_q95};
        for (size_t t = 0; t < 2; t++) {
            double s = 0;
            for (size_t b = 0; b < B; b++)
                s += col[b] = sims[t][j + b * k];
            means[t][j] = s / (double)B;
            qsort(col, B, sizeof *col, adx__cmp_double);
            qs[t][j] = adx__quantile(col, B, q, ADX__Q_R7); /* psych: R's type 7 */
        }
    }
    const double *cpc = o->quantile > 0 ? p->pc_q95 : p->pc_mean;
    const double *cfa = o->quantile > 0 ? p->fa_q95 : p->fa_mean;
    while (p->ncomp < k && p->pc_obs[p->ncomp] > cpc[p->ncomp])
        p->ncomp++;
    while (p->nfactors < k && p->fa_obs[p->nfactors] > cfa[p->nfactors])
        p->nfactors++;
cleanup:
    ADX__FREE(simpc, simfa, l, col, mean, cov, Rs);
    adx_matrix_free(X);
    if (rc) {
        adx_parallel_free(p);
        p = NULL;
    }
    *out = p;
    return rc;
}

void adx_efa_free(adx_efa_t *e)
{
    if (!e)
        return;
    adx__free_strings(e->names, e->k);
    ADX__FREE(e->eigenvalues, e->loadings, e->structure, e->phi, e->communalities,
              e->uniquenesses, e->ss_extracted, e->ss_loadings, e->heywood);
    adx_parallel_free(e->parallel);
    free(e);
}

adx_error_t adx_efa(const adx_dataset_t *ds, const size_t *idx, size_t k, size_t m,
                    const adx_factor_options_t *o, const adx_parallel_options_t *po,
                    adx_efa_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_factor_options_t defaults;
    o = ADX__OPTIONS(o, defaults, adx_factor_options_init);
    adx_items_t *it = NULL;
    adx_efa_t *e = calloc(1, sizeof *e);
    double *psi = NULL;
    if (!e)
        return adx_oom(ctx);
    e->opt = *o;
    adx_error_t rc = adx__items_load_pd(ds, idx, k, o->polychoric, &it, ctx);
    if (rc)
        goto cleanup;
    e->n = it->n;
    e->n_total = it->n_total;
    e->k = k;
    if (!(e->names = adx__copy_names(it->names, k)) ||
        !(e->eigenvalues = malloc(k * sizeof(double))) ||
        !(e->communalities = malloc(k * sizeof(double))) ||
        !(e->uniquenesses = malloc(k * sizeof(double))) ||
        !(e->heywood = calloc(k, sizeof(int))) || !(psi = malloc(k * sizeof *psi))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx__eigen(it->R, k, e->eigenvalues, NULL, ctx)))
        goto cleanup;
    if (po && po->iterations) {
        if ((rc = adx_parallel(it->R, k, it->n, po, &e->parallel, ctx)))
            goto cleanup;
        if (m == 0)
            m = e->parallel->nfactors ? e->parallel->nfactors : 1;
    }
    if (m == 0) {
        rc = adx_err(ctx, ADX_EUSAGE, "give --factors K (or --parallel N to let parallel "
                                      "analysis choose)");
        goto cleanup;
    }
    double dk = (double)k, dm = (double)m;
    if (m >= k || dk * (dk - 1) / 2 - dk * dm + dm * (dm - 1) / 2 < 0) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%zu factors are too many for %zu items (the model would have negative "
                     "degrees of freedom)",
                     m, k);
        goto cleanup;
    }
    e->m = m;
    if (!(e->loadings = malloc(k * m * sizeof(double))) ||
        !(e->structure = malloc(k * m * sizeof(double))) ||
        !(e->phi = malloc(m * m * sizeof(double))) ||
        !(e->ss_extracted = malloc(m * sizeof(double))) ||
        !(e->ss_loadings = malloc(m * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = adx_extract(it->R, k, m, o, e->loadings, psi, &e->iterations, &e->last_change,
                          ctx)))
        goto cleanup;
    adx__loading_ss(e->loadings, k, m, e->communalities, e->ss_extracted);
    for (size_t i = 0; i < k; i++) {
        double h = e->communalities[i];
        e->uniquenesses[i] = 1 - h;
        int hw = h >= 1 - 1e-3;
        if (o->method == ADX_EXTRACT_ML || o->method == ADX_EXTRACT_MINRES)
            hw |= psi[i] <= o->psi_lower * (1 + 1e-9);
        e->heywood[i] = hw;
        e->nheywood += hw;
    }
    if ((rc = adx_rotate(e->loadings, k, m, o, e->phi, &e->rot_iterations, ctx)))
        goto cleanup;
    for (size_t a = 0; a < m; a++) {
        for (size_t i = 0; i < k; i++) {
            double s = 0;
            for (size_t b = 0; b < m; b++)
                s += e->loadings[i + b * k] * e->phi[b + a * m];
            e->structure[i + a * k] = s;
        }
        double v = 0;
        for (size_t i = 0; i < k; i++)
            v += e->structure[i + a * k] * e->loadings[i + a * k];
        e->ss_loadings[a] = v;
    }
    adx__factor_fit(it->R, k, it->n, e->loadings, m, e->phi, &e->objective, &e->chisq, &e->df,
                   &e->p);
cleanup:
    adx_items_free(it);
    free(psi);
    if (rc) {
        adx_efa_free(e);
        e = NULL;
    }
    *out = e;
    return rc;
}
