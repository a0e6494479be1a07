/* Multi-group fits: covariance of the estimates and the scaled chi2 (lavaan's
 * estimator = "MLR" and "MLM" with group =). The information of the whole model is
 * the n_g / N weighted sum of the groups' (mapped onto the global parameters), the
 * score products B likewise (B_g the mean outer product of group g's casewise scores;
 * under MLM the covariance of the scores at the sample means, which is
 * Delta' W Gamma W Delta with lavaan's Gamma, conditional on fixed covariates:
 * robust_mlm.c), V = A^-1 B A^-1 / N. The
 * saturated model is block-diagonal over the groups, so its trace tr(A1^-1 B1) is the
 * sum of the groups' traces. Formulas: docs/sem.md ("Measurement invariance"). */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"
#include "robust.h"

/* Central-difference step of the observed information, relative to |theta|. */
static const double HESS_STEP = 1e-5;

/* Observed information (the Hessian of F by central differences of the gradient,
 * symmetrized) into H; every group is left evaluated at th. -1 if F is not defined
 * at a difference point, -2 when memory runs out. */
static int observed_info(adx__mg_t *mg, const double *th, double *H)
{
    size_t q = mg->npar;
    double *thn = malloc(q * sizeof *thn), *gp = malloc(q * sizeof *gp), F;
    int rc = thn && gp ? 0 : -2;
    for (size_t k = 0; !rc && k < q; k++) {
        double h = HESS_STEP * fmax(1.0, fabs(th[k]));
        memcpy(thn, th, q * sizeof *thn);
        thn[k] = th[k] + h;
        if (adx__mg_eval_at(mg, thn, &F)) {
            rc = -1;
            break;
        }
        memcpy(gp, mg->g, q * sizeof *gp);
        thn[k] = th[k] - h;
        if (adx__mg_eval_at(mg, thn, &F)) {
            rc = -1;
            break;
        }
        for (size_t l = 0; l < q; l++)
            H[l + k * q] = (gp[l] - mg->g[l]) / (2.0 * h);
    }
    if (!rc)
        for (size_t j = 0; j < q; j++)
            for (size_t i = j + 1; i < q; i++)
                H[i + j * q] = H[j + i * q] = 0.5 * (H[i + j * q] + H[j + i * q]);
    adx__mg_eval_at(mg, th, &F);
    ADX__FREE(thn, gp);
    return rc;
}

/* Group g's score products (its q_g x q_g block, divisor n_g) added to B (npar x npar)
 * with weight w_g: MLR the raw scores, MLM lavaan's (robust_mlm.c). */
static adx_error_t add_scores(adx__mg_t *mg, size_t g, int robust, double *B)
{
    adx__mg_group_t *gr = &mg->gr[g];
    size_t q = gr->model->npar, nd = 0, Q = mg->npar;
    double *sc = NULL, *Bg = malloc(q * q * 8 + 8);
    adx_error_t rc = !Bg                      ? ADX_ENOMEM
                     : robust == ADX_SEM_MLM ? adx__sem_mlm_scores(gr->model, &gr->es, &sc, &nd)
                                             : adx__sem_case_scores(gr->model, &gr->es, &sc, &nd);
    if (!rc) {
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)nd,
                    1.0 / (double)nd, sc, (int)nd, sc, (int)nd, 0.0, Bg, (int)q);
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < q; i++)
                B[gr->map[i] + gr->map[j] * Q] += gr->w * Bg[i + j * q];
    }
    ADX__FREE(sc, Bg);
    return rc == ADX_ENOMEM ? rc : ADX_OK;
}

/* V (= A^-1 / N on entry) becomes A^-1 B A^-1 / N; *tr = tr(A^-1 B). */
static adx_error_t sandwich(adx__mg_t *mg, int robust, double *V, double *tr)
{
    size_t q = mg->npar;
    double N = (double)mg->N;
    double *B = calloc(q * q, sizeof *B), *T = calloc(q * q, sizeof *T);
    adx_error_t rc = B && T ? ADX_OK : ADX_ENOMEM;
    for (size_t g = 0; !rc && g < mg->G; g++)
        rc = add_scores(mg, g, robust, B);
    if (!rc) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q, 1.0, V,
                    (int)q, B, (int)q, 0.0, T, (int)q);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q, N, T,
                    (int)q, V, (int)q, 0.0, B, (int)q);
        memcpy(V, B, q * q * sizeof *V);
        *tr = 0;
        for (size_t k = 0; k < q; k++)
            *tr += N * T[k + k * q];
    }
    ADX__FREE(B, T);
    return rc;
}

adx_error_t adx__mg_vcov(adx__mg_t *mg, int robust, const double *th, double *V, int *vc_ok,
                         double *ssr_trace)
{
    size_t q = mg->npar;
    double F;
    *vc_ok = 1;
    *ssr_trace = NAN;
    if (adx__mg_eval_at(mg, th, &F)) {
        *vc_ok = 0;
        return ADX_OK;
    }
    memcpy(V, mg->H, q * q * sizeof *V);
    if (robust == ADX_SEM_MLR || mg->gr[0].model->fiml) { /* lavaan: observed under FIML */
        int r = observed_info(mg, th, V);
        if (r == -2)
            return ADX_ENOMEM;
        if (r) {
            *vc_ok = 0;
            return ADX_OK;
        }
    }
    /* general constraints: the inverse projected on their null space (gcon.c) */
    int pi = 0;
    if (mg->gcon) {
        double *H = malloc(q * q * sizeof *H + 8);
        if (H)
            memcpy(H, V, q * q * sizeof *H);
        pi = H ? adx__gcon_proj_inverse(mg->gcon, H, th, q, V) : -1;
        free(H);
        if (pi < 0)
            return ADX_ENOMEM;
    }
    if (pi > 0 || (!mg->gcon && adx__spd_inverse(V, q, NULL))) {
        *vc_ok = 0;
        return ADX_OK;
    }
    for (size_t k = 0; k < q * q; k++)
        V[k] *= 2.0 / (double)mg->N;
    return robust ? sandwich(mg, robust, V, ssr_trace) : ADX_OK;
}

/* The traces of group g: *t1 of the saturated model (MLR: tr(A1^-1 B1); MLM:
 * tr(W Gamma) with W at the model's Sigma, means included) and *tb of the
 * independence model (its tr(W Gamma) less its own tr(A^-1 B)). */
static adx_error_t group_traces(adx__mg_group_t *gr, int robust, double *t1, double *tb)
{
    const adx_sem_t *m = gr->model;
    size_t p = m->p;
    int *isx = calloc(p + 1, sizeof *isx);
    if (!isx)
        return ADX_ENOMEM;
    for (size_t r = 0; r < m->nparams; r++)
        if (m->params[r].fixed_x)
            isx[adx__sem_var_index(m, m->params[r].lhs)] = 1;
    adx_error_t rc;
    if (robust == ADX_SEM_MLM) {
        /* the group models have a mean structure: the traces include the means */
        rc = adx__sem_mlm_traces(m, &gr->es, t1, tb);
    } else {
        rc = adx__sem_h1_trace(m, isx, t1);
        *tb = *t1 - adx__sem_baseline_trace(m, isx);
    }
    free(isx);
    return rc;
}

/* The FIML-C parts of the multi-group fit (every group evaluated at its estimates). */
static adx_error_t fiml_corrected(adx__mg_t *mg, double df, double dfb, double fc[4])
{
    adx__fimlc_group_t *fg = calloc(mg->G, sizeof *fg);
    if (!fg)
        return ADX_ENOMEM;
    for (size_t g = 0; g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        double F;
        if (adx__est_eval(&gr->es, gr->th, &F) == 0)
            adx__est_derivs(&gr->es, 0);
        fg[g] = (adx__fimlc_group_t){gr->model, &gr->es, gr->th, gr->map, gr->w};
    }
    adx_error_t rc = adx__sem_fimlc_groups(mg->G, fg, mg->npar, df, dfb, fc);
    free(fg);
    return rc;
}

adx_error_t adx__mg_scaled(adx__mg_t *mg, int robust, double ssr_trace, adx_sem_inv_row_t *row)
{
    double t1 = 0, tb = 0, N = (double)mg->N, G = (double)mg->G;
    double df = row->df, dfb = row->baseline_df, X = row->chisq, Xb = row->baseline_chisq;
    if (!robust || !isfinite(ssr_trace) || !(df > 0))
        return ADX_OK;
    for (size_t g = 0; g < mg->G; g++) {
        double a = NAN, b = NAN;
        adx_error_t rc = group_traces(&mg->gr[g], robust, &a, &b);
        if (rc)
            return rc;
        t1 += a;
        tb += b;
    }
    double c = (t1 - ssr_trace) / df, cb = tb / dfb;
    row->scaling_factor = c;
    row->chisq_scaled = X / c;
    row->pvalue_scaled = gsl_cdf_chisq_Q(row->chisq_scaled, df);
    row->baseline_scaling_factor = cb;
    row->baseline_chisq_scaled = Xb / cb;
    adx__sem_incremental(row->chisq_scaled, df, row->baseline_chisq_scaled, dfb,
                         &row->cfi_scaled, &row->tli_scaled, NULL, NULL, NULL);
    row->rmsea_scaled = sqrt(fmax(row->chisq_scaled - df, 0.0) / (df * N)) * sqrt(G);
    /* robust indices (Brosseau-Liard & Savalei 2014; Brosseau-Liard, Savalei & Li 2012);
     * under FIML from the FIML-C (V3) parts of Zhang & Savalei (2023) */
    if (mg->gr[0].model->fiml) {
        double fc[4];
        adx_error_t rc = fiml_corrected(mg, df, dfb, fc);
        if (rc)
            return rc;
        X = fc[0], c = fc[1], Xb = fc[2], cb = fc[3];
        if (!isfinite(X) || !isfinite(c))
            return ADX_OK; /* robust indices stay NaN (not shown) */
    }
    double t1r = fmax(X - c * df, 0.0), t2r = fmax(fmax(X - c * df, Xb - cb * dfb), 0.0);
    row->cfi_robust = t1r == 0 && t2r == 0 ? 1.0 : 1.0 - t1r / t2r;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    row->tli_robust = fabs(u2) > 0 ? 1.0 - u1 / u2 : 1.0;
    row->rmsea_robust = sqrt(fmax(X - c * df, 0.0) / (df * N)) * sqrt(G);
    return ADX_OK;
}

adx_error_t adx__mg_scaling_at(adx__mg_t *mg, int robust, const double *th, double df,
                               double *c)
{
    size_t q = mg->npar;
    double F, t1 = 0, tb = 0, tr = 0;
    double *A = malloc(q * q * sizeof *A + 8), *B = calloc(q * q + 1, sizeof *B);
    adx_error_t rc = A && B ? ADX_OK : ADX_ENOMEM;
    int bad = rc || adx__mg_eval_at(mg, th, &F);
    *c = NAN;
    if (!bad) {
        memcpy(A, mg->H, q * q * sizeof *A);
        int r = robust == ADX_SEM_MLR ? observed_info(mg, th, A) : 0;
        rc = r == -2 ? ADX_ENOMEM : ADX_OK;
        /* LU: away from the estimates A need not be positive definite (lavaan: solve());
         * under general constraint lines the parameter block of lavaan's bordered inverse,
         * N (N' A N)^-1 N' (gcon.c, the lines' null space at th) */
        if (!r && mg->gcon) {
            memcpy(B, A, q * q * sizeof *B);
            int pi = adx__gcon_proj_inverse(mg->gcon, B, th, q, A);
            rc = pi < 0 ? ADX_ENOMEM : rc;
            bad = pi != 0;
            memset(B, 0, q * q * sizeof *B);
        } else {
            bad = r || adx__inverse(A, q);
        }
    }
    for (size_t g = 0; !bad && !rc && g < mg->G; g++)
        rc = add_scores(mg, g, robust, B);
    for (size_t g = 0; !bad && !rc && g < mg->G; g++) {
        double a = NAN, b = NAN;
        rc = group_traces(&mg->gr[g], robust, &a, &b);
        t1 += a;
        tb += b;
    }
    if (!bad && !rc) {
        /* A = H / 2 per case: tr(A^-1 B) = 2 tr(H^-1 B) */
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < q; i++)
                tr += 2.0 * A[i + j * q] * B[j + i * q];
        *c = df > 0 ? (t1 - tr) / df : 1.0;
    }
    ADX__FREE(A, B);
    return rc;
}
