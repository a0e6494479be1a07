/* Modification indices of multi-group fits, as lavaan's modindices() on a cfa(group =)
 * fit: the score test of freeing one fixed parameter of one group, given the free
 * parameters of every group and their cross-group equalities. The candidate's information,
 * gradient and cross information come from its group (modindex.c, adx__sem_mi_parts),
 * weighted w_g = n_g / N as the groups' in the objective; the rest is the global
 * information H = sum_g w_g H_g over the shared parameters (FIML: each H_g the expected
 * information of the group's missing-data patterns at the model's moments, lavaan's
 * modindices() under missing = "ml"):
 *   V = w_g h22 - u' H^-1 u (u: w_g times the cross information mapped onto the global
 *   parameters), MI = N (w_g g)^2 / (2 V), EPC = -w_g g / V,
 * sepc.lv and sepc.all from the group's implied variances. With one group this is the
 * single-group formula. Formulas: docs/sem.md. */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

/* A candidate whose conditional information is below this share of its own is not
 * identified if freed (modindex.c's rule). */
static const double MI_IDENT = 1e-8;

static int cmp_mi(const void *a, const void *b)
{
    double x = ((const adx_sem_mi_t *)a)->mi, y = ((const adx_sem_mi_t *)b)->mi;
    return x > y ? -1 : x < y;
}

/* FIML: the global expected information sum_g w_g H_g over the shared parameters, H_g
 * the pattern-wise one (mg_score.c), into H (Q x Q). -1 out of memory. */
static int fiml_global(adx__mg_t *mg, double *H)
{
    size_t Q = mg->npar;
    double **Hg = adx__mg_group_info(mg);
    if (!Hg)
        return -1;
    memset(H, 0, Q * Q * sizeof *H);
    for (size_t g = 0; g < mg->G; g++) {
        const adx__mg_group_t *gr = &mg->gr[g];
        size_t q = gr->model->npar;
        for (size_t l = 0; l < q; l++)
            for (size_t j = 0; j < q; j++)
                H[gr->map[j] + gr->map[l] * Q] += gr->w * Hg[g][j + l * q];
    }
    adx__mg_group_info_free(mg, Hg);
    return 0;
}

/* The inverse global information (Q x Q) into Hi (H the information, Q x Q scratch):
 * 0, 1 singular, -1 out of memory. */
static int global_inverse(adx__mg_t *mg, const double *th, double *H, double *Hi)
{
    size_t Q = mg->npar;
    if (!mg->gr[0].model->fiml)
        memcpy(H, mg->H, Q * Q * sizeof *H);
    else if (fiml_global(mg, H))
        return -1;
    if (mg->gcon)
        return adx__gcon_proj_inverse(mg->gcon, H, th, Q, Hi);
    memcpy(Hi, H, Q * Q * sizeof *Hi);
    return adx__spd_inverse(Hi, Q, NULL) == ADX_OK ? 0 : 1;
}

/* Group g's modification indices into row->mi[g] (Hi the inverse global information). */
static adx_error_t group_mi(adx__mg_t *mg, size_t g, const double *Hi, double *u, double *v,
                            adx_sem_inv_row_t *row)
{
    adx__mg_group_t *gr = &mg->gr[g];
    size_t Q = mg->npar, q = gr->model->npar;
    double w = gr->w, N = (double)mg->N;
    adx__mi_parts_t mp;
    if (adx__sem_mi_parts(gr->model, &gr->es, &mp))
        return ADX_ENOMEM;
    size_t n = 0;
    for (size_t k = 0; k < mp.n; k++) {
        adx_sem_mi_t *m = &mp.m[k];
        memset(u, 0, Q * sizeof *u);
        for (size_t j = 0; j < q; j++)
            u[gr->map[j]] += w * mp.H12[j + mp.col[k] * q];
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)Q, (int)Q, 1.0, Hi, (int)Q, u, 1, 0.0, v, 1);
        double h22 = w * mp.h22[k], V = h22 - cblas_ddot((int)Q, u, 1, v, 1);
        double gk = w * mp.g[k], epc1 = m->epc;
        if (!(V > MI_IDENT * h22)) {
            ADX__FREE(m->lhs, m->rhs);
            continue;
        }
        m->mi = N * gk * gk / (2.0 * V);
        m->epc = -gk / V;
        m->sepc_lv = epc1 != 0 ? m->sepc_lv / epc1 * m->epc : 0.0;
        m->sepc_all = epc1 != 0 ? m->sepc_all / epc1 * m->epc : 0.0;
        mp.m[n++] = *m;
    }
    qsort(mp.m, n, sizeof *mp.m, cmp_mi);
    row->mi[g] = mp.m;
    row->nmi[g] = n;
    mp.m = NULL;
    mp.n = 0;
    adx__sem_mi_parts_free(&mp);
    return ADX_OK;
}

adx_error_t adx__mg_modindices(adx__mg_t *mg, const double *th, adx_sem_inv_row_t *row,
                               adx_errctx_t *ctx)
{
    size_t Q = mg->npar;
    double F, *Hi = NULL, *u = NULL;
    if (adx__mg_eval_at(mg, th, &F))
        return adx_err(ctx, ADX_ESINGULAR, "invariance: the %s model cannot be evaluated at "
                                           "its estimates",
                       row->model);
    Hi = malloc((Q * Q + 1) * sizeof *Hi);
    u = malloc((Q * Q + 2 * Q + 2) * sizeof *u); /* u, v, then the information */
    row->mi = calloc(mg->G, sizeof *row->mi);
    row->nmi = calloc(mg->G, sizeof *row->nmi);
    int inv = Hi && u && row->mi && row->nmi ? global_inverse(mg, th, u + 2 * Q + 2, Hi) : -1;
    adx_error_t rc = inv < 0 ? adx_oom(ctx) : ADX_OK;
    if (inv > 0)
        rc = adx_err(ctx, ADX_ESINGULAR, "invariance: the information matrix of the %s model "
                                         "is singular",
                     row->model);
    for (size_t g = 0; !rc && g < mg->G; g++)
        if (group_mi(mg, g, Hi, u, u + Q + 1, row))
            rc = adx_oom(ctx);
    ADX__FREE(Hi, u);
    return rc;
}
