/* Report builders for the regression family: regress, moderate, ttest, anova,
 * crosstab and iv. JSON keys: docs/regress.md. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "ambidex/adx_report.h"

static cJSON *jnum(double v) { return isnan(v) || isinf(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v); }
static void jset(cJSON *o, const char *k, double v) { cJSON_AddItemToObject(o, k, jnum(v)); }
static cJSON *jarr(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, jnum(v[i]));
    return a;
}

#define TRY(x)                                                                               \
    do {                                                                                     \
        if ((x) != ADX_OK)                                                                   \
            goto oom;                                                                        \
    } while (0)
#define NEWROW(t, i)                                                                         \
    do {                                                                                     \
        if (((i) = adx_table_add_row(t)) == (size_t)-1)                                      \
            goto oom;                                                                        \
    } while (0)
#define ADD(r, t)                                                                            \
    do {                                                                                     \
        adx_error_t e_ = adx_report_add_table((r), (t));                                     \
        (t) = NULL;                                                                          \
        if (e_)                                                                              \
            goto oom;                                                                        \
    } while (0)

static adx_error_t num(adx_table_t *t, size_t i, size_t j, double v)
{
    return adx_table_set_num(t, i, j, v, ADX_NUM_FIXED, -1, NULL);
}
static adx_error_t inum(adx_table_t *t, size_t i, size_t j, double v)
{
    return adx_table_set_num(t, i, j, v, ADX_NUM_INT, 0, NULL);
}
static adx_error_t pnum(adx_table_t *t, size_t i, size_t j, double v)
{
    return adx_table_set_num(t, i, j, v, ADX_NUM_P, 3, NULL);
}
/* A coefficient with stars from its p-value. */
static adx_error_t bnum(adx_table_t *t, size_t i, size_t j, double v, double p)
{
    const char *s = adx_stars(p);
    return adx_table_set_num(t, i, j, v, ADX_NUM_FIXED, -1, *s ? s : NULL);
}

static adx_error_t oom_fail(adx_report_t *r, adx_table_t *t, adx_errctx_t *ctx)
{
    adx_table_free(t);
    adx_report_free(r);
    return adx_err(ctx, ADX_ENOMEM, "out of memory");
}

/* ---- regress ------------------------------------------------------------------ */

adx_error_t adx_report_regress(const adx_regress_t *R, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512], buf[256];
    int dw = R->nmodels && !isnan(R->models[0].dw);
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json, *models = cJSON_CreateArray();
    if (!models)
        goto oom;
    jset(root, "n", (double)R->n);
    cJSON_AddStringToObject(root, "dependent", R->dependent);
    cJSON_AddStringToObject(root, "se_type", adx_hc_name(R->hc));
    jset(root, "ci_level", R->ci);
    cJSON *cen = cJSON_CreateArray();
    for (size_t i = 0; cen && i < R->ncentered; i++)
        cJSON_AddItemToArray(cen, cJSON_CreateString(R->centered[i]));
    cJSON_AddItemToObject(root, "centered", cen);
    cJSON_AddItemToObject(root, "models", models);

    /* Model summary. */
    static const char *sc[] = {"Model", "R", "R2", "Adjusted R2", "SE of the estimate",
                               "R2 change", "F change", "df1", "df2", "Sig. F change",
                               "Durbin-Watson"};
    snprintf(title, sizeof title, "Model summary (dependent variable: %s)", R->dependent);
    if (!(t = adx_table_alloc(title, dw ? 11 : 10, sc)))
        goto oom;
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_regress_model_t *M = &R->models[m];
        size_t i;
        NEWROW(t, i);
        TRY(inum(t, i, 0, (double)(m + 1)));
        TRY(num(t, i, 1, M->r));
        TRY(num(t, i, 2, M->fit->r2));
        TRY(num(t, i, 3, M->fit->adj_r2));
        TRY(num(t, i, 4, M->fit->sigma));
        TRY(num(t, i, 5, M->r2_change));
        TRY(num(t, i, 6, M->f_change));
        TRY(inum(t, i, 7, M->df1_change));
        TRY(inum(t, i, 8, M->df2_change));
        TRY(pnum(t, i, 9, M->p_change));
        if (dw)
            TRY(num(t, i, 10, M->dw));
    }
    TRY(adx_table_add_note(t, "N = %zu (cases complete on all variables of the last model, "
                              "used by every model).", R->n));
    if (R->ncentered) {
        buf[0] = 0;
        for (size_t i = 0; i < R->ncentered; i++) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", i ? ", " : "", R->centered[i]);
        }
        TRY(adx_table_add_note(t, "Mean-centred on the analysis sample: %s.", buf));
    }
    ADD(r, t);

    /* ANOVA. */
    static const char *ac[] = {"Model", "Source", "Sum of squares", "df", "Mean square", "F",
                               "Sig."};
    if (!(t = adx_table_alloc("ANOVA", 7, ac)))
        goto oom;
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_ols_t *f = R->models[m].fit;
        size_t i;
        NEWROW(t, i);
        TRY(inum(t, i, 0, (double)(m + 1)));
        TRY(adx_table_set_text(t, i, 1, "Regression"));
        TRY(num(t, i, 2, f->ess));
        TRY(inum(t, i, 3, f->df1));
        TRY(num(t, i, 4, f->ess / f->df1));
        TRY(num(t, i, 5, f->f));
        TRY(pnum(t, i, 6, f->f_p));
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 1, "Residual"));
        TRY(num(t, i, 2, f->rss));
        TRY(inum(t, i, 3, f->df2));
        TRY(num(t, i, 4, f->rss / f->df2));
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 1, "Total"));
        TRY(num(t, i, 2, f->tss));
        TRY(inum(t, i, 3, (double)(f->n - 1)));
    }
    ADD(r, t);

    /* Coefficients. */
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%g%% CI lower", 100 * R->ci);
    snprintf(hi, sizeof hi, "%g%% CI upper", 100 * R->ci);
    const char *cc[] = {"Model", "Term", "B", "SE", "Beta", "t", "Sig.", lo, hi, "Tolerance",
                        "VIF"};
    if (!(t = adx_table_alloc("Coefficients", 11, cc)))
        goto oom;
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_regress_model_t *M = &R->models[m];
        const adx_ols_t *f = M->fit;
        cJSON *mo = cJSON_CreateObject(), *co = cJSON_CreateArray(), *cd = cJSON_CreateArray();
        if (!mo || !co || !cd) {
            cJSON_Delete(mo);
            cJSON_Delete(co);
            cJSON_Delete(cd);
            goto oom;
        }
        cJSON_AddItemToArray(models, mo);
        jset(mo, "r", M->r);
        jset(mo, "r2", f->r2);
        jset(mo, "adj_r2", f->adj_r2);
        jset(mo, "se_est", f->sigma);
        jset(mo, "f", f->f);
        jset(mo, "df1", f->df1);
        jset(mo, "df2", f->df2);
        jset(mo, "p", f->f_p);
        jset(mo, "r2_change", M->r2_change);
        jset(mo, "f_change", M->f_change);
        jset(mo, "df1_change", M->df1_change);
        jset(mo, "df2_change", M->df2_change);
        jset(mo, "p_change", M->p_change);
        jset(mo, "ss_reg", f->ess);
        jset(mo, "ss_res", f->rss);
        jset(mo, "ss_total", f->tss);
        jset(mo, "durbin_watson", M->dw);
        cJSON_AddItemToObject(mo, "coefficients", co);
        cJSON_AddItemToObject(mo, "collinearity", cd);
        for (size_t j = 0; j < M->p; j++) {
            size_t i;
            NEWROW(t, i);
            if (j == 0)
                TRY(inum(t, i, 0, (double)(m + 1)));
            TRY(adx_table_set_text(t, i, 1, M->names[j]));
            TRY(bnum(t, i, 2, f->b[j], f->pvalue[j]));
            TRY(num(t, i, 3, f->se[j]));
            TRY(num(t, i, 4, M->beta[j]));
            TRY(num(t, i, 5, f->t[j]));
            TRY(pnum(t, i, 6, f->pvalue[j]));
            TRY(num(t, i, 7, f->ci_lower[j]));
            TRY(num(t, i, 8, f->ci_upper[j]));
            TRY(num(t, i, 9, M->tolerance[j]));
            TRY(num(t, i, 10, M->vif[j]));
            cJSON *o = cJSON_CreateObject();
            if (!o)
                goto oom;
            cJSON_AddItemToArray(co, o);
            cJSON_AddStringToObject(o, "term", M->names[j]);
            jset(o, "b", f->b[j]);
            jset(o, "se", f->se[j]);
            jset(o, "beta", M->beta[j]);
            jset(o, "t", f->t[j]);
            jset(o, "p", f->pvalue[j]);
            jset(o, "ci_lower", f->ci_lower[j]);
            jset(o, "ci_upper", f->ci_upper[j]);
            jset(o, "tolerance", M->tolerance[j]);
            jset(o, "vif", M->vif[j]);
            cJSON *d = cJSON_CreateObject();
            if (!d)
                goto oom;
            cJSON_AddItemToArray(cd, d);
            jset(d, "eigenvalue", M->eigen[j]);
            jset(d, "condition_index", M->cond[j]);
            double vp[512];
            size_t np = M->p < 512 ? M->p : 512;
            for (size_t q = 0; q < np; q++)
                vp[q] = M->varprop[q + j * M->p];
            cJSON_AddItemToObject(d, "variance_proportions", jarr(vp, np));
        }
    }
    TRY(adx_table_add_note(t, "B with stars: *** p < .001, ** p < .01, * p < .05, \xE2\x80\xA0 p < .10."));
    if (R->hc != ADX_HC_NONE)
        TRY(adx_table_add_note(t, "SE, t, Sig. and CI use %s heteroskedasticity-consistent "
                                  "standard errors; R2, F and the change tests are classical.",
                               adx_hc_name(R->hc)));
    TRY(adx_table_add_note(t, "Beta = B sd(x)/sd(y); Tolerance = 1 - R2 of the term on the other "
                              "terms; VIF = 1/Tolerance."));
    ADD(r, t);

    /* Collinearity diagnostics, one table per model (columns differ). */
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_regress_model_t *M = &R->models[m];
        size_t nc = 3 + M->p;
        const char **cols = calloc(nc, sizeof *cols);
        if (!cols)
            goto oom;
        cols[0] = "Dimension";
        cols[1] = "Eigenvalue";
        cols[2] = "Condition index";
        for (size_t j = 0; j < M->p; j++)
            cols[3 + j] = M->names[j];
        snprintf(title, sizeof title, "Collinearity diagnostics, model %zu (variance proportions)",
                 m + 1);
        t = adx_table_alloc(title, nc, cols);
        free(cols);
        if (!t)
            goto oom;
        for (size_t d = 0; d < M->p; d++) {
            size_t i;
            NEWROW(t, i);
            TRY(inum(t, i, 0, (double)(d + 1)));
            TRY(num(t, i, 1, M->eigen[d]));
            TRY(num(t, i, 2, M->cond[d]));
            for (size_t j = 0; j < M->p; j++)
                TRY(adx_table_set_num(t, i, 3 + j, M->varprop[j + d * M->p], ADX_NUM_FIXED, 2,
                                      NULL));
        }
        if (m + 1 == R->nmodels)
            TRY(adx_table_add_note(t, "Eigenvalues of X'X with the constant, columns scaled to "
                                      "unit length (SPSS); condition index = sqrt(max/eigenvalue)."));
        ADD(r, t);
    }
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

/* ---- moderate ----------------------------------------------------------------- */

adx_error_t adx_report_moderate(const adx_moderate_t *M, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    const adx_ols_t *f = M->fit;
    char title[512];
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json;
    jset(root, "n", (double)M->n);
    cJSON_AddStringToObject(root, "y", M->y);
    cJSON_AddStringToObject(root, "x", M->x);
    cJSON_AddStringToObject(root, "w", M->w);
    cJSON_AddStringToObject(root, "se_type", adx_hc_name(f->hc));
    jset(root, "r2", f->r2);
    jset(root, "f", f->f);
    jset(root, "df1", f->df1);
    jset(root, "df2", f->df2);
    jset(root, "p", f->f_p);
    jset(root, "r2_change", M->r2_change);
    jset(root, "f_change", M->f_change);
    jset(root, "df1_change", M->df1_change);
    jset(root, "df2_change", M->df2_change);
    jset(root, "p_change", M->p_change);

    static const char *cc[] = {"Term", "B", "SE", "t", "Sig.", "CI lower", "CI upper"};
    snprintf(title, sizeof title, "Moderation model (outcome: %s)", M->y);
    if (!(t = adx_table_alloc(title, 7, cc)))
        goto oom;
    cJSON *co = cJSON_CreateArray();
    if (!co)
        goto oom;
    cJSON_AddItemToObject(root, "coefficients", co);
    for (size_t j = 0; j < f->p; j++) {
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, M->names[j]));
        TRY(bnum(t, i, 1, f->b[j], f->pvalue[j]));
        TRY(num(t, i, 2, f->se[j]));
        TRY(num(t, i, 3, f->t[j]));
        TRY(pnum(t, i, 4, f->pvalue[j]));
        TRY(num(t, i, 5, f->ci_lower[j]));
        TRY(num(t, i, 6, f->ci_upper[j]));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(co, o);
        cJSON_AddStringToObject(o, "term", M->names[j]);
        jset(o, "b", f->b[j]);
        jset(o, "se", f->se[j]);
        jset(o, "t", f->t[j]);
        jset(o, "p", f->pvalue[j]);
        jset(o, "ci_lower", f->ci_lower[j]);
        jset(o, "ci_upper", f->ci_upper[j]);
    }
    TRY(adx_table_add_note(t, "N = %zu; R2 = %.3f, F(%g, %g) = %.3f, p %s %.3f.", M->n, f->r2, f->df1,
                           f->df2, f->f, f->f_p < .001 ? "<" : "=", f->f_p < .001 ? .001 : f->f_p));
    TRY(adx_table_add_note(t, "R2 change due to %s: %.4f, F(1, %g) = %.3f, p = %.4f.",
                           M->names[f->p - 1], M->r2_change, M->df2_change, M->f_change,
                           M->p_change));
    if (f->hc != ADX_HC_NONE)
        TRY(adx_table_add_note(t, "%s standard errors (also for the conditional effects).",
                               adx_hc_name(f->hc)));
    ADD(r, t);

    static const char *ec[] = {"W", "Effect", "SE", "t", "Sig.", "CI lower", "CI upper"};
    snprintf(title, sizeof title, "Conditional effects of %s at values of %s", M->x, M->w);
    if (!(t = adx_table_alloc(title, 7, ec)))
        goto oom;
    cJSON *ce = cJSON_CreateArray();
    if (!ce)
        goto oom;
    cJSON_AddItemToObject(root, "conditional_effects", ce);
    for (int j = 0; j < 3; j++) {
        size_t i;
        NEWROW(t, i);
        TRY(num(t, i, 0, M->wv[j]));
        TRY(bnum(t, i, 1, M->effect[j], M->effect_p[j]));
        TRY(num(t, i, 2, M->effect_se[j]));
        TRY(num(t, i, 3, M->effect_t[j]));
        TRY(pnum(t, i, 4, M->effect_p[j]));
        TRY(num(t, i, 5, M->effect_lo[j]));
        TRY(num(t, i, 6, M->effect_hi[j]));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(ce, o);
        jset(o, "w", M->wv[j]);
        jset(o, "effect", M->effect[j]);
        jset(o, "se", M->effect_se[j]);
        jset(o, "t", M->effect_t[j]);
        jset(o, "p", M->effect_p[j]);
        jset(o, "ci_lower", M->effect_lo[j]);
        jset(o, "ci_upper", M->effect_hi[j]);
    }
    ADD(r, t);

    static const char *jc[] = {"Boundary (W)", "% of cases below", "% of cases above"};
    snprintf(title, sizeof title, "Johnson-Neyman significance region (W observed from %g to %g)",
             M->w_min, M->w_max);
    if (!(t = adx_table_alloc(title, 3, jc)))
        goto oom;
    cJSON *jn = cJSON_CreateArray();
    if (!jn)
        goto oom;
    cJSON_AddItemToObject(root, "johnson_neyman", jn);
    jset(root, "w_min", M->w_min);
    jset(root, "w_max", M->w_max);
    for (size_t j = 0; j < M->njn; j++) {
        size_t i;
        NEWROW(t, i);
        TRY(num(t, i, 0, M->jn[j]));
        TRY(adx_table_set_num(t, i, 1, M->jn_pct_below[j], ADX_NUM_PCT, 1, NULL));
        TRY(adx_table_set_num(t, i, 2, M->jn_pct_above[j], ADX_NUM_PCT, 1, NULL));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(jn, o);
        jset(o, "w", M->jn[j]);
        jset(o, "pct_below", M->jn_pct_below[j]);
        jset(o, "pct_above", M->jn_pct_above[j]);
    }
    if (M->njn == 0)
        TRY(adx_table_add_note(t, "No boundary inside the observed range of W: the effect of %s "
                                  "is %s across it.", M->x,
                               M->effect_p[1] < .05 ? "significant" : "not significant"));
    else
        TRY(adx_table_add_note(t, "Values of W where the conditional effect of %s has p = .05 "
                                  "exactly.", M->x));
    ADD(r, t);

    static const char *pc[] = {"X", "W", "Predicted Y"};
    if (!(t = adx_table_alloc("Data for the interaction plot", 3, pc)))
        goto oom;
    cJSON *pl = cJSON_CreateArray();
    if (!pl)
        goto oom;
    cJSON_AddItemToObject(root, "plot", pl);
    for (int iw = 0; iw < 3; iw++)
        for (int ix = 0; ix < 3; ix++) {
            size_t i;
            NEWROW(t, i);
            TRY(num(t, i, 0, M->xv[ix]));
            TRY(num(t, i, 1, M->wv[iw]));
            TRY(num(t, i, 2, M->plot_yhat[ix + 3 * iw]));
            cJSON *o = cJSON_CreateObject();
            if (!o)
                goto oom;
            cJSON_AddItemToArray(pl, o);
            jset(o, "x", M->xv[ix]);
            jset(o, "w", M->wv[iw]);
            jset(o, "yhat", M->plot_yhat[ix + 3 * iw]);
        }
    if (M->ncov)
        TRY(adx_table_add_note(t, "Covariates at their means."));
    ADD(r, t);
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}
