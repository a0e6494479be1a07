/* Report builders for the regression family: regress, moderate, ttest, anova,
 * crosstab and iv. JSON keys: docs/regress.md. */
#include <cjson/cJSON.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_regress.h"
#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_regress.h"

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

/* "p < .001" or "p = .023" for notes. */
static const char *ptext(double p, char *buf, size_t n)
{
    if (p < .001)
        snprintf(buf, n, "p < .001");
    else
        snprintf(buf, n, "p = %.3f", p);
    return buf;
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
    {
        char m[256];
        snprintf(m, sizeof m,
                 "Hypotheses were tested with hierarchical OLS regressions on one same-case "
                 "sample (N = %zu), with F tests of the R2 change%s.",
                 R->n, R->hc != ADX_HC_NONE ? " and heteroskedasticity-consistent SEs" : "");
        if (!(r->methods = strdup(m)))
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

/* ---- moderate ----------------------------------------------------------------- */

/* Interaction plot (predicted Y at three X values for each probed W: the simple
 * slopes) and, for a continuous W, the conditional effect of X across W with its
 * 95% confidence band and the Johnson-Neyman region of significance shaded. A
 * plotting failure leaves the report without the figure. */
static adx_error_t moderate_figures(const adx_moderate_t *M, adx_report_t *r)
{
    adx_error_t rc = ADX_OK;
    adx_errctx_t local = {0};
    char *svg = NULL;
    char (*lab)[64] = calloc(M->nw ? M->nw : 1, sizeof *lab);
    adx_series_t *ss = calloc(M->nw ? M->nw : 1, sizeof *ss);
    double *grid = NULL;
    if (!lab || !ss) {
        rc = ADX_ENOMEM;
        goto done;
    }
    for (size_t iw = 0; iw < M->nw; iw++) {
        if (M->w_categorical)
            snprintf(lab[iw], sizeof lab[iw], "%s = %s", M->w, M->wlevels[iw]);
        else
            snprintf(lab[iw], sizeof lab[iw], "%s = %.3g", M->w, M->wv[iw]);
        ss[iw].name = lab[iw];
        ss[iw].x = M->xv;
        ss[iw].y = M->plot_yhat + 3 * iw;
        ss[iw].n = 3;
        ss[iw].dashed = iw % 2 == 1;
        ss[iw].points = 1;
    }
    adx_plot_options_t o;
    adx_plot_options_init(&o);
    o.xlabel = M->x;
    o.ylabel = M->y;
    if (adx_plot_lines(ss, M->nw, &o, &svg, &local) == ADX_OK) {
        char cap[256];
        snprintf(cap, sizeof cap, "Interaction plot: predicted %s by %s at the probed values of %s%s.",
                 M->y, M->x, M->w, M->ncov ? " (covariates at their means)" : "");
        if ((rc = adx_report_add_figure(r, svg, cap, NULL)))
            goto done;
    }
    free(svg);
    svg = NULL;
    if (M->w_categorical || !(M->w_max > M->w_min))
        goto done;
    /* Conditional effect theta(w) = b_x + b_xw w, SE from the coefficient covariance. */
    long ix = -1, ixw = -1;
    char prod[512];
    snprintf(prod, sizeof prod, "%s:%s", M->x, M->w);
    for (size_t j = 0; j < M->p; j++) {
        if (!strcmp(M->names[j], M->x))
            ix = (long)j;
        if (!strcmp(M->names[j], prod))
            ixw = (long)j;
    }
    if (ix < 0 || ixw < 0)
        goto done;
    enum { G = 101 };
    if (!(grid = malloc(4 * G * sizeof *grid))) {
        rc = ADX_ENOMEM;
        goto done;
    }
    double *wg = grid, *eff = grid + G, *lo = grid + 2 * G, *hi = grid + 3 * G;
    const adx_ols_t *f = M->fit;
    size_t p = f->p;
    double v11 = f->cov[ix + ix * p], v13 = f->cov[ix + ixw * p], v33 = f->cov[ixw + ixw * p];
    double tc = gsl_cdf_tdist_Pinv(0.975, f->df_res);
    for (int g = 0; g < G; g++) {
        double w = M->w_min + (M->w_max - M->w_min) * g / (G - 1);
        double e = f->b[ix] + f->b[ixw] * w, se = sqrt(v11 + 2 * w * v13 + w * w * v33);
        wg[g] = w;
        eff[g] = e;
        lo[g] = e - tc * se;
        hi[g] = e + tc * se;
    }
    adx_series_t cs[3] = {{"Effect of X", wg, eff, G, 0, 0, 0},
                          {"95% CI", wg, lo, G, 1, 0, 0},
                          {NULL, wg, hi, G, 1, 0, 2}};
    adx_plot_options_init(&o);
    o.xlabel = M->w;
    o.ylabel = "Conditional effect";
    o.hline = 0;
    o.shade_label = "significant (J-N)";
    /* Shade where the CI excludes 0, when that is one interval. */
    int inside = 0, runs = 0;
    double a = NAN, z = NAN;
    for (int g = 0; g < G; g++) {
        int sig = lo[g] > 0 || hi[g] < 0;
        if (sig && !inside) {
            runs++;
            a = wg[g];
        }
        if (sig)
            z = wg[g];
        inside = sig;
    }
    if (runs == 1) {
        o.shade_lo = a;
        o.shade_hi = z;
    }
    if (adx_plot_lines(cs, 3, &o, &svg, &local) == ADX_OK) {
        char cap[320];
        snprintf(cap, sizeof cap,
                 "Conditional effect of %s on %s across %s with its 95%% confidence band; the "
                 "shaded area is where the effect is significant (Johnson-Neyman).",
                 M->x, M->y, M->w);
        rc = adx_report_add_figure(r, svg, cap, NULL);
    }
done:
    free(svg);
    free(lab);
    free(ss);
    free(grid);
    return rc;
}

adx_error_t adx_report_moderate(const adx_moderate_t *M, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    const adx_ols_t *f = M->fit;
    char title[512], pb[32];
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
    TRY(adx_table_add_note(t, "N = %zu; R2 = %.3f, F(%g, %g) = %.3f, %s.", M->n, f->r2, f->df1,
                           f->df2, f->f, ptext(f->f_p, pb, sizeof pb)));
    TRY(adx_table_add_note(t, "R2 change due to the product term%s: %.4f, F(%g, %g) = %.3f, %s.",
                           M->df1_change > 1 ? "s" : "", M->r2_change, M->df1_change,
                           M->df2_change, M->f_change, ptext(M->p_change, pb, sizeof pb)));
    if (f->hc != ADX_HC_NONE)
        TRY(adx_table_add_note(t, "%s standard errors (also for the conditional effects).",
                               adx_hc_name(f->hc)));
    ADD(r, t);

    static const char *ec[] = {"W", "Effect", "SE", "t", "Sig.", "CI lower", "CI upper"};
    snprintf(title, sizeof title, "Conditional effects of %s %s %s", M->x,
             M->w_categorical ? "in the groups of" : "at values of", M->w);
    if (!(t = adx_table_alloc(title, 7, ec)))
        goto oom;
    cJSON *ce = cJSON_CreateArray();
    if (!ce)
        goto oom;
    cJSON_AddItemToObject(root, "conditional_effects", ce);
    jset(root, "w_categorical", M->w_categorical);
    for (size_t j = 0; j < M->nw; j++) {
        size_t i;
        NEWROW(t, i);
        if (M->w_categorical)
            TRY(adx_table_set_text(t, i, 0, M->wlevels[j]));
        else
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
        if (M->w_categorical)
            cJSON_AddStringToObject(o, "group", M->wlevels[j]);
        jset(o, "effect", M->effect[j]);
        jset(o, "se", M->effect_se[j]);
        jset(o, "t", M->effect_t[j]);
        jset(o, "p", M->effect_p[j]);
        jset(o, "ci_lower", M->effect_lo[j]);
        jset(o, "ci_upper", M->effect_hi[j]);
    }
    if (M->w_categorical)
        TRY(adx_table_add_note(t, "Effect of %s in each group of %s (reference group %s: the "
                                  "coefficient of %s).", M->x, M->w, M->wlevels[0], M->x));
    ADD(r, t);

    cJSON *jn = cJSON_CreateArray();
    if (!jn)
        goto oom;
    cJSON_AddItemToObject(root, "johnson_neyman", jn);
    jset(root, "w_min", M->w_min);
    jset(root, "w_max", M->w_max);
    if (!M->w_categorical) {
        static const char *jc[] = {"Boundary (W)", "% of cases below", "% of cases above"};
        snprintf(title, sizeof title,
                 "Johnson-Neyman significance region (W observed from %g to %g)", M->w_min,
                 M->w_max);
        if (!(t = adx_table_alloc(title, 3, jc)))
            goto oom;
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
            TRY(adx_table_add_note(t, "No boundary inside the observed range of W: the effect "
                                      "of %s is %s across it.",
                                   M->x, M->effect_p[1] < .05 ? "significant" : "not significant"));
        else
            TRY(adx_table_add_note(t, "Values of W where the conditional effect of %s has p = "
                                      ".05 exactly.",
                                   M->x));
        ADD(r, t);
    }

    static const char *pc[] = {"X", "W", "Predicted Y"};
    if (!(t = adx_table_alloc("Data for the interaction plot", 3, pc)))
        goto oom;
    cJSON *pl = cJSON_CreateArray();
    if (!pl)
        goto oom;
    cJSON_AddItemToObject(root, "plot", pl);
    for (size_t iw = 0; iw < M->nw; iw++)
        for (size_t ix = 0; ix < 3; ix++) {
            size_t i;
            NEWROW(t, i);
            TRY(num(t, i, 0, M->xv[ix]));
            if (M->w_categorical)
                TRY(adx_table_set_text(t, i, 1, M->wlevels[iw]));
            else
                TRY(num(t, i, 1, M->wv[iw]));
            TRY(num(t, i, 2, M->plot_yhat[ix + 3 * iw]));
            cJSON *o = cJSON_CreateObject();
            if (!o)
                goto oom;
            cJSON_AddItemToArray(pl, o);
            jset(o, "x", M->xv[ix]);
            jset(o, "w", M->wv[iw]);
            if (M->w_categorical)
                cJSON_AddStringToObject(o, "group", M->wlevels[iw]);
            jset(o, "yhat", M->plot_yhat[ix + 3 * iw]);
        }
    if (M->ncov)
        TRY(adx_table_add_note(t, "Covariates at their means."));
    ADD(r, t);
    if (moderate_figures(M, r) == ADX_ENOMEM)
        goto oom;
    if (!(r->methods = strdup("Moderation was tested with the product term, its R2 change, "
                              "conditional effects at the probed values of the moderator and "
                              "the Johnson-Neyman technique.")))
        goto oom;
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

/* ---- t-tests, ANOVA, crosstab -------------------------------------------------------- */

adx_error_t adx_report_ttest(const adx_ttest_t *T, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512], n1[160], n2[160], m1[160], m2[160], s1[160], s2[160];
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json, *arr = cJSON_CreateArray();
    if (!arr)
        goto oom;
    cJSON_AddStringToObject(root, "group", T->group);
    cJSON *lv = cJSON_CreateArray();
    if (!lv)
        goto oom;
    cJSON_AddItemToArray(lv, cJSON_CreateString(T->level[0]));
    cJSON_AddItemToArray(lv, cJSON_CreateString(T->level[1]));
    cJSON_AddItemToObject(root, "levels", lv);
    jset(root, "ci_level", T->ci);
    cJSON_AddItemToObject(root, "tests", arr);
    snprintf(n1, sizeof n1, "n (%s)", T->level[0]);
    snprintf(n2, sizeof n2, "n (%s)", T->level[1]);
    snprintf(m1, sizeof m1, "M (%s)", T->level[0]);
    snprintf(m2, sizeof m2, "M (%s)", T->level[1]);
    snprintf(s1, sizeof s1, "SD (%s)", T->level[0]);
    snprintf(s2, sizeof s2, "SD (%s)", T->level[1]);
    const char *gc[] = {"Variable", n1, m1, s1, n2, m2, s2};
    snprintf(title, sizeof title, "Group statistics by %s", T->group);
    if (!(t = adx_table_alloc(title, 7, gc)))
        goto oom;
    for (size_t v = 0; v < T->k; v++) {
        const adx_ttest_row_t *R = &T->rows[v];
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, R->name));
        for (int q = 0; q < 2; q++) {
            TRY(inum(t, i, 1 + 3 * (size_t)q, (double)R->n[q]));
            TRY(num(t, i, 2 + 3 * (size_t)q, R->mean[q]));
            TRY(num(t, i, 3 + 3 * (size_t)q, R->sd[q]));
        }
    }
    ADD(r, t);
    static const char *tc[] = {"Variable", "Variances", "Levene F", "Sig.", "t", "df",
                               "Sig. (2-tailed)", "Mean difference", "SE difference",
                               "CI lower", "CI upper", "Cohen's d"};
    snprintf(title, sizeof title, "Independent-samples t-tests (%s minus %s)", T->level[0],
             T->level[1]);
    if (!(t = adx_table_alloc(title, 12, tc)))
        goto oom;
    for (size_t v = 0; v < T->k; v++) {
        const adx_ttest_row_t *R = &T->rows[v];
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, R->name));
        TRY(adx_table_set_text(t, i, 1, "Equal assumed"));
        TRY(num(t, i, 2, R->levene_f));
        TRY(pnum(t, i, 3, R->levene_p));
        TRY(num(t, i, 4, R->t));
        TRY(inum(t, i, 5, R->df));
        TRY(pnum(t, i, 6, R->p));
        TRY(num(t, i, 7, R->diff));
        TRY(num(t, i, 8, R->se));
        TRY(num(t, i, 9, R->lo));
        TRY(num(t, i, 10, R->hi));
        TRY(num(t, i, 11, R->d));
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 1, "Not assumed"));
        TRY(num(t, i, 4, R->w_t));
        TRY(num(t, i, 5, R->w_df));
        TRY(pnum(t, i, 6, R->w_p));
        TRY(num(t, i, 7, R->diff));
        TRY(num(t, i, 8, R->w_se));
        TRY(num(t, i, 9, R->w_lo));
        TRY(num(t, i, 10, R->w_hi));
        cJSON *o = cJSON_CreateObject(), *n = jarr((double[]){(double)R->n[0], (double)R->n[1]}, 2);
        if (!o || !n) {
            cJSON_Delete(o);
            cJSON_Delete(n);
            goto oom;
        }
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "variable", R->name);
        cJSON_AddItemToObject(o, "n", n);
        cJSON_AddItemToObject(o, "mean", jarr(R->mean, 2));
        cJSON_AddItemToObject(o, "sd", jarr(R->sd, 2));
        jset(o, "levene_f", R->levene_f);
        jset(o, "levene_df1", R->levene_df1);
        jset(o, "levene_df2", R->levene_df2);
        jset(o, "levene_p", R->levene_p);
        jset(o, "mean_difference", R->diff);
        jset(o, "t", R->t);
        jset(o, "df", R->df);
        jset(o, "p", R->p);
        jset(o, "se", R->se);
        jset(o, "ci_lower", R->lo);
        jset(o, "ci_upper", R->hi);
        jset(o, "welch_t", R->w_t);
        jset(o, "welch_df", R->w_df);
        jset(o, "welch_p", R->w_p);
        jset(o, "welch_se", R->w_se);
        jset(o, "welch_ci_lower", R->w_lo);
        jset(o, "welch_ci_upper", R->w_hi);
        jset(o, "cohen_d", R->d);
    }
    TRY(adx_table_add_note(t, "Levene's test uses absolute deviations from the group means "
                              "(SPSS). Cohen's d = mean difference / pooled SD. %g%% CI.",
                           100 * T->ci));
    ADD(r, t);
    {
        char m[256];
        snprintf(m, sizeof m,
                 "Groups (%s = %s vs %s) were compared with independent-samples t tests "
                 "(Levene's test; Student and Welch versions; Cohen's d).",
                 T->group, T->level[0], T->level[1]);
        if (!(r->methods = strdup(m)))
            goto oom;
    }
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

adx_error_t adx_report_ttest1(const adx_ttest1_t *T, int paired, adx_report_t **out,
                              adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *o = r->json;
    cJSON_AddStringToObject(o, "test", paired ? "paired" : "one-sample");
    cJSON_AddStringToObject(o, "variable", T->name);
    jset(o, "n", (double)T->n);
    jset(o, "mean", T->mean);
    jset(o, "sd", T->sd);
    jset(o, "mu", T->mu);
    jset(o, "t", T->t);
    jset(o, "df", T->df);
    jset(o, "p", T->p);
    jset(o, "se", T->se);
    jset(o, "ci_lower", T->lo);
    jset(o, "ci_upper", T->hi);
    jset(o, "cohen_d", T->d);
    static const char *cc[] = {"Variable", "N", "Mean", "SD", "SE", "t", "df", "Sig. (2-tailed)",
                               "CI lower", "CI upper", "Cohen's d"};
    if (!(t = adx_table_alloc(paired ? "Paired-samples t-test" : "One-sample t-test", 11, cc)))
        goto oom;
    size_t i;
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, T->name));
    TRY(inum(t, i, 1, (double)T->n));
    TRY(num(t, i, 2, T->mean));
    TRY(num(t, i, 3, T->sd));
    TRY(num(t, i, 4, T->se));
    TRY(num(t, i, 5, T->t));
    TRY(inum(t, i, 6, T->df));
    TRY(pnum(t, i, 7, T->p));
    TRY(num(t, i, 8, T->lo));
    TRY(num(t, i, 9, T->hi));
    TRY(num(t, i, 10, T->d));
    if (paired)
        TRY(adx_table_add_note(t, "Mean, SD and CI of the differences; d = mean / SD of the "
                                  "differences."));
    else
        TRY(adx_table_add_note(t, "Test value %g; the CI is of the mean minus %g; d = (mean - "
                                  "test value) / SD.", T->mu, T->mu));
    ADD(r, t);
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

adx_error_t adx_report_anova(const adx_anova_t *A, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512], pb[32];
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json, *gr = cJSON_CreateArray();
    if (!gr)
        goto oom;
    cJSON_AddStringToObject(root, "dependent", A->y);
    cJSON_AddStringToObject(root, "group", A->group);
    cJSON_AddItemToObject(root, "groups", gr);
    static const char *dc[] = {"Group", "N", "Mean", "SD"};
    snprintf(title, sizeof title, "%s by %s", A->y, A->group);
    if (!(t = adx_table_alloc(title, 4, dc)))
        goto oom;
    for (size_t l = 0; l < A->k; l++) {
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, A->levels[l]));
        TRY(inum(t, i, 1, (double)A->n[l]));
        TRY(num(t, i, 2, A->mean[l]));
        TRY(num(t, i, 3, A->sd[l]));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(gr, o);
        cJSON_AddStringToObject(o, "level", A->levels[l]);
        jset(o, "n", (double)A->n[l]);
        jset(o, "mean", A->mean[l]);
        jset(o, "sd", A->sd[l]);
    }
    ADD(r, t);
    static const char *ac[] = {"Source", "Sum of squares", "df", "Mean square", "F", "Sig.",
                               "Eta squared"};
    if (!(t = adx_table_alloc("One-way ANOVA", 7, ac)))
        goto oom;
    size_t i;
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Between groups"));
    TRY(num(t, i, 1, A->ss_between));
    TRY(inum(t, i, 2, A->df1));
    TRY(num(t, i, 3, A->ss_between / A->df1));
    TRY(num(t, i, 4, A->f));
    TRY(pnum(t, i, 5, A->p));
    TRY(num(t, i, 6, A->eta2));
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Within groups"));
    TRY(num(t, i, 1, A->ss_within));
    TRY(inum(t, i, 2, A->df2));
    TRY(num(t, i, 3, A->ss_within / A->df2));
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Total"));
    TRY(num(t, i, 1, A->ss_total));
    TRY(inum(t, i, 2, A->df1 + A->df2));
    if (!isnan(A->welch_f))
        TRY(adx_table_add_note(t, "Welch's F(%g, %.2f) = %.3f, %s (unequal variances).",
                               A->welch_df1, A->welch_df2, A->welch_f,
                               ptext(A->welch_p, pb, sizeof pb)));
    ADD(r, t);
    jset(root, "ss_between", A->ss_between);
    jset(root, "ss_within", A->ss_within);
    jset(root, "ss_total", A->ss_total);
    jset(root, "df1", A->df1);
    jset(root, "df2", A->df2);
    jset(root, "f", A->f);
    jset(root, "p", A->p);
    jset(root, "eta2", A->eta2);
    jset(root, "welch_f", A->welch_f);
    jset(root, "welch_df1", A->welch_df1);
    jset(root, "welch_df2", A->welch_df2);
    jset(root, "welch_p", A->welch_p);
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

adx_error_t adx_report_crosstab(const adx_crosstab_t *X, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512], pb[32];
    const char **cols = NULL;
    if (!r || !(r->json = cJSON_CreateObject()) || !(cols = calloc(X->nc + 2, sizeof *cols)))
        goto oom;
    cols[0] = X->row;
    for (size_t b = 0; b < X->nc; b++)
        cols[1 + b] = X->clevels[b];
    cols[1 + X->nc] = "Total";
    snprintf(title, sizeof title, "%s by %s (counts, row %%)", X->row, X->col);
    t = adx_table_alloc(title, X->nc + 2, cols);
    free(cols);
    if (!t)
        goto oom;
    cJSON *root = r->json, *cnt = cJSON_CreateArray();
    if (!cnt)
        goto oom;
    cJSON_AddStringToObject(root, "row", X->row);
    cJSON_AddStringToObject(root, "column", X->col);
    cJSON_AddItemToObject(root, "counts", cnt);
    size_t small = 0;
    for (size_t a = 0; a < X->nr; a++) {
        double ra = 0;
        for (size_t b = 0; b < X->nc; b++)
            ra += X->count[a * X->nc + b];
        size_t i, j;
        NEWROW(t, i);
        NEWROW(t, j);
        TRY(adx_table_set_text(t, i, 0, X->rlevels[a]));
        for (size_t b = 0; b < X->nc; b++) {
            double cb = 0;
            for (size_t q = 0; q < X->nr; q++)
                cb += X->count[q * X->nc + b];
            small += ra * cb / X->n < 5;
            TRY(inum(t, i, 1 + b, X->count[a * X->nc + b]));
            TRY(adx_table_set_num(t, j, 1 + b, 100 * X->count[a * X->nc + b] / ra, ADX_NUM_PCT,
                                  1, "%"));
        }
        TRY(inum(t, i, 1 + X->nc, ra));
        TRY(adx_table_set_num(t, j, 1 + X->nc, 100, ADX_NUM_PCT, 1, "%"));
        cJSON_AddItemToArray(cnt, jarr(&X->count[a * X->nc], X->nc));
    }
    TRY(adx_table_add_note(t, "Pearson chi2(%g, N = %g) = %.3f, %s; Cramer's V = %.3f.",
                           X->df, X->n, X->chi2, ptext(X->p, pb, sizeof pb), X->cramer_v));
    if (small)
        TRY(adx_table_add_note(t, "%zu of %zu cells have an expected count below 5.", small,
                               X->nr * X->nc));
    ADD(r, t);
    cJSON *rl = cJSON_CreateArray(), *cl = cJSON_CreateArray();
    for (size_t a = 0; rl && a < X->nr; a++)
        cJSON_AddItemToArray(rl, cJSON_CreateString(X->rlevels[a]));
    for (size_t b = 0; cl && b < X->nc; b++)
        cJSON_AddItemToArray(cl, cJSON_CreateString(X->clevels[b]));
    cJSON_AddItemToObject(root, "row_levels", rl);
    cJSON_AddItemToObject(root, "column_levels", cl);
    jset(root, "n", X->n);
    jset(root, "chi2", X->chi2);
    jset(root, "df", X->df);
    jset(root, "p", X->p);
    jset(root, "cramer_v", X->cramer_v);
    jset(root, "cells_expected_below_5", (double)small);
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

/* ---- iv ----------------------------------------------------------------------------- */

adx_error_t adx_report_iv(const adx_iv_t *R, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512], pb[32];
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json, *co = cJSON_CreateArray(), *fs = cJSON_CreateArray();
    if (!co || !fs) {
        cJSON_Delete(co);
        cJSON_Delete(fs);
        goto oom;
    }
    jset(root, "n", (double)R->n);
    cJSON_AddStringToObject(root, "dependent", R->dependent);
    jset(root, "sigma", R->sigma);
    cJSON_AddItemToObject(root, "coefficients", co);
    cJSON_AddItemToObject(root, "first_stage", fs);
    static const char *cc[] = {"Term", "B", "SE", "t", "Sig.", "CI lower", "CI upper"};
    snprintf(title, sizeof title, "Two-stage least squares (dependent variable: %s)",
             R->dependent);
    if (!(t = adx_table_alloc(title, 7, cc)))
        goto oom;
    for (size_t j = 0; j < R->p; j++) {
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, R->names[j]));
        TRY(bnum(t, i, 1, R->b[j], R->pvalue[j]));
        TRY(num(t, i, 2, R->se[j]));
        TRY(num(t, i, 3, R->t[j]));
        TRY(pnum(t, i, 4, R->pvalue[j]));
        TRY(num(t, i, 5, R->ci_lower[j]));
        TRY(num(t, i, 6, R->ci_upper[j]));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(co, o);
        cJSON_AddStringToObject(o, "term", R->names[j]);
        jset(o, "b", R->b[j]);
        jset(o, "se", R->se[j]);
        jset(o, "t", R->t[j]);
        jset(o, "p", R->pvalue[j]);
        jset(o, "ci_lower", R->ci_lower[j]);
        jset(o, "ci_upper", R->ci_upper[j]);
    }
    TRY(adx_table_add_note(t, "N = %zu; %zu excluded instrument(s). SEs from the structural "
                              "residuals y - Xb (actual, not fitted, endogenous values).",
                           R->n, R->ninst));
    ADD(r, t);
    static const char *fc[] = {"Endogenous", "R2", "Partial R2", "F (excluded instruments)",
                               "df1", "df2", "Sig."};
    if (!(t = adx_table_alloc("First stage", 7, fc)))
        goto oom;
    for (size_t e = 0; e < R->nendog; e++) {
        size_t i;
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, R->endog[e]));
        TRY(num(t, i, 1, R->first_r2[e]));
        TRY(num(t, i, 2, R->first_partial_r2[e]));
        TRY(num(t, i, 3, R->first_f[e]));
        TRY(inum(t, i, 4, R->first_df1[e]));
        TRY(inum(t, i, 5, R->first_df2[e]));
        TRY(pnum(t, i, 6, R->first_p[e]));
        cJSON *o = cJSON_CreateObject();
        if (!o)
            goto oom;
        cJSON_AddItemToArray(fs, o);
        cJSON_AddStringToObject(o, "endogenous", R->endog[e]);
        jset(o, "r2", R->first_r2[e]);
        jset(o, "partial_r2", R->first_partial_r2[e]);
        jset(o, "f", R->first_f[e]);
        jset(o, "df1", R->first_df1[e]);
        jset(o, "df2", R->first_df2[e]);
        jset(o, "p", R->first_p[e]);
    }
    if (!isnan(R->stock_yogo))
        TRY(adx_table_add_note(t, "Stock-Yogo critical value (10%% maximal IV size, %zu "
                                  "instrument(s)): %.2f; F %s it: instruments %s.",
                               R->ninst, R->stock_yogo,
                               R->first_f[0] > R->stock_yogo ? "exceeds" : "does not exceed",
                               R->first_f[0] > R->stock_yogo ? "not weak" : "weak"));
    ADD(r, t);
    jset(root, "stock_yogo_10", R->stock_yogo);
    static const char *tc[] = {"Test", "Statistic", "df", "Sig."};
    if (!(t = adx_table_alloc("Endogeneity and overidentification tests", 4, tc)))
        goto oom;
    size_t i;
    char dfb[64];
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Wu-Hausman F"));
    TRY(num(t, i, 1, R->wh_f));
    snprintf(dfb, sizeof dfb, "%g, %g", R->wh_df1, R->wh_df2);
    TRY(adx_table_set_text(t, i, 2, dfb));
    TRY(pnum(t, i, 3, R->wh_p));
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Durbin chi2"));
    TRY(num(t, i, 1, R->durbin));
    TRY(inum(t, i, 2, R->durbin_df));
    TRY(pnum(t, i, 3, R->durbin_p));
    NEWROW(t, i);
    TRY(adx_table_set_text(t, i, 0, "Sargan chi2"));
    if (isnan(R->sargan))
        TRY(adx_table_set_text(t, i, 1, "exactly identified"));
    else {
        TRY(num(t, i, 1, R->sargan));
        TRY(inum(t, i, 2, R->sargan_df));
        TRY(pnum(t, i, 3, R->sargan_p));
    }
    TRY(adx_table_add_note(t, "Wu-Hausman: F test of the first-stage residuals added to the OLS "
                              "model (%s); Durbin = n (RSS_r - RSS_u) / RSS_r; Sargan = n R2 of "
                              "the 2SLS residuals on all instruments.",
                           ptext(R->wh_p, pb, sizeof pb)));
    ADD(r, t);
    cJSON *wh = cJSON_CreateObject(), *du = cJSON_CreateObject(), *sa = cJSON_CreateObject();
    if (!wh || !du || !sa) {
        cJSON_Delete(wh);
        cJSON_Delete(du);
        cJSON_Delete(sa);
        goto oom;
    }
    jset(wh, "f", R->wh_f);
    jset(wh, "df1", R->wh_df1);
    jset(wh, "df2", R->wh_df2);
    jset(wh, "p", R->wh_p);
    jset(du, "chi2", R->durbin);
    jset(du, "df", R->durbin_df);
    jset(du, "p", R->durbin_p);
    jset(sa, "chi2", R->sargan);
    jset(sa, "df", R->sargan_df);
    jset(sa, "p", R->sargan_p);
    cJSON_AddItemToObject(root, "wu_hausman", wh);
    cJSON_AddItemToObject(root, "durbin", du);
    cJSON_AddItemToObject(root, "sargan", sa);
    if (!(r->methods = strdup("Endogeneity was examined with two-stage least squares (SEs from the "
                              "structural residuals), first-stage F tests of the excluded "
                              "instruments against Stock-Yogo critical values, Wu-Hausman/Durbin "
                              "and Sargan tests.")))
        goto oom;
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}

/* ---- a single OLS fit (regress --stream) --------------------------------------------- */

adx_error_t adx_report_ols(const adx_ols_t *f, const char *dependent, const char *const *names,
                           const char *note, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *r = adx_report_alloc();
    adx_table_t *t = NULL;
    char title[512];
    if (!r || !(r->json = cJSON_CreateObject()))
        goto oom;
    cJSON *root = r->json, *models = cJSON_CreateArray(), *mo = cJSON_CreateObject(),
          *co = cJSON_CreateArray();
    if (!models || !mo || !co) {
        cJSON_Delete(models);
        cJSON_Delete(mo);
        cJSON_Delete(co);
        goto oom;
    }
    jset(root, "n", (double)f->n);
    cJSON_AddStringToObject(root, "dependent", dependent);
    cJSON_AddStringToObject(root, "se_type", adx_hc_name(f->hc));
    cJSON_AddItemToObject(root, "models", models);
    cJSON_AddItemToArray(models, mo);
    jset(mo, "r", sqrt(f->r2));
    jset(mo, "r2", f->r2);
    jset(mo, "adj_r2", f->adj_r2);
    jset(mo, "se_est", f->sigma);
    jset(mo, "f", f->f);
    jset(mo, "df1", f->df1);
    jset(mo, "df2", f->df2);
    jset(mo, "p", f->f_p);
    jset(mo, "ss_reg", f->ess);
    jset(mo, "ss_res", f->rss);
    jset(mo, "ss_total", f->tss);
    cJSON_AddItemToObject(mo, "coefficients", co);
    static const char *sc[] = {"N", "R", "R2", "Adjusted R2", "SE of the estimate", "F", "df1",
                               "df2", "Sig."};
    snprintf(title, sizeof title, "Model summary (dependent variable: %s)", dependent);
    if (!(t = adx_table_alloc(title, 9, sc)))
        goto oom;
    size_t i;
    NEWROW(t, i);
    TRY(inum(t, i, 0, (double)f->n));
    TRY(num(t, i, 1, sqrt(f->r2)));
    TRY(num(t, i, 2, f->r2));
    TRY(num(t, i, 3, f->adj_r2));
    TRY(num(t, i, 4, f->sigma));
    TRY(num(t, i, 5, f->f));
    TRY(inum(t, i, 6, f->df1));
    TRY(inum(t, i, 7, f->df2));
    TRY(pnum(t, i, 8, f->f_p));
    if (note)
        TRY(adx_table_add_note(t, "%s", note));
    ADD(r, t);
    static const char *cc[] = {"Term", "B", "SE", "t", "Sig.", "CI lower", "CI upper"};
    if (!(t = adx_table_alloc("Coefficients", 7, cc)))
        goto oom;
    for (size_t j = 0; j < f->p; j++) {
        NEWROW(t, i);
        TRY(adx_table_set_text(t, i, 0, names[j]));
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
        cJSON_AddStringToObject(o, "term", names[j]);
        jset(o, "b", f->b[j]);
        jset(o, "se", f->se[j]);
        jset(o, "t", f->t[j]);
        jset(o, "p", f->pvalue[j]);
        jset(o, "ci_lower", f->ci_lower[j]);
        jset(o, "ci_upper", f->ci_upper[j]);
    }
    ADD(r, t);
    *out = r;
    return ADX_OK;
oom:
    return oom_fail(r, t, ctx);
}
