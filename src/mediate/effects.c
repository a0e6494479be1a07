/* The regression-based results of a conditional process model: every equation by the
 * one OLS fit (adx_ols_fit) with OLS or HC standard errors and, for HC, PROCESS's Wald F
 * (adx_ols_wald); the total, direct and conditional direct effects; the R2 change of
 * model 1; Sobel, Aroian and Goodman tests and Baron & Kenny's steps (Hayes 2022; Baron & Kenny 1986). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "med_priv.h"

/* The label of Z column zc in the coefficient tables. */
static void term_label(const adx__med_work_t *w, size_t zc, char *lab, size_t size)
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
static adx_error_t fit_terms(const adx__med_work_t *w, const size_t *terms, size_t p, size_t yc,
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

/* The model F: classical, or with HC SEs PROCESS's Wald F of all slopes (adx_ols_wald;
 * NaN when their covariance is singular). ADX_ENOMEM only. */
static adx_error_t model_f(const adx__med_work_t *w, const adx_ols_t *f, double *F)
{
    size_t slopes[ADX__MED_MAXT];
    *F = f->f;
    if (w->o->hc == ADX_HC_NONE)
        return ADX_OK;
    for (size_t j = 1; j < f->p; j++)
        slopes[j - 1] = j;
    return adx_ols_wald(f, slopes, f->p - 1, F, NULL) == ADX_ENOMEM ? ADX_ENOMEM : ADX_OK;
}

static adx_error_t fill_equation(adx__med_work_t *w, size_t e)
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
    if (model_f(w, f, &E->f))
        return adx_oom(w->ctx);
    E->p = gsl_cdf_fdist_Q(E->f, E->df1, E->df2);
    return ADX_OK;
}

adx_error_t adx__med_fit_equations(adx__med_work_t *w)
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

static double tcrit(const adx__med_work_t *w, double df)
{
    return gsl_cdf_tdist_Pinv(1 - w->alpha / 2, df);
}

/* Total effect of X: Y on X and the covariates (models 4 and 6). */
adx_error_t adx__med_total_effect(adx__med_work_t *w)
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
static adx_error_t r2_change(adx__med_work_t *w, int pxw)
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
    /* With HC SEs PROCESS tests the product by its Wald F (here t^2, one product). */
    size_t ip = (size_t)pxw;
    if (w->o->hc == ADX_HC_NONE)
        R->r2chng_f = R->r2chng / ((1 - fy->r2) / fy->df_res);
    else
        rc = adx_ols_wald(fy, &ip, 1, &R->r2chng_f, NULL) == ADX_ENOMEM ? adx_oom(w->ctx) : ADX_OK;
    R->r2chng_p = gsl_cdf_fdist_Q(R->r2chng_f, 1, fy->df_res);
    adx_ols_free(f0);
    return rc;
}

/* Direct effect of X, or its conditional effects at the probes of W. */
adx_error_t adx__med_direct_effects(adx__med_work_t *w)
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
adx_error_t adx__med_sobel_bk(adx__med_work_t *w)
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

