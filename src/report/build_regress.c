/* Report builders for hierarchical OLS regression (regress) and a single
 * streamed OLS fit (regress --stream). JSON keys: docs/regress.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_regress.h"
#include "builder.h"

static void regress_summary(adx__tb_t *b, const adx_regress_t *R, int dw)
{
    static const adx_col_t cols[] = {
        {"Model", NULL, ADX_NUM_INT, 0, ADX_ALIGN_LEFT, 0},
        ADX_COL("R", NULL),            ADX_COL("R2", NULL),
        ADX_COL("Adjusted R2", NULL),  ADX_COL("SE of the estimate", NULL),
        ADX_COL("R2 change", NULL),    ADX_COL("F change", NULL),
        ADX_COL_INT("df1", NULL),      ADX_COL_INT("df2", NULL),
        ADX_COL_P("Sig. F change", NULL), ADX_COL("Cohen's f2", NULL),
        ADX_COL("Durbin-Watson", NULL)};
    char title[512];
    snprintf(title, sizeof title, "Model summary (dependent variable: %s)", R->dependent);
    adx__tb_table_cols(b, title, cols, dw ? 12 : 11);
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_regress_model_t *M = &R->models[m];
        double vals[] = {(double)(m + 1), M->r,         M->fit->r2,      M->fit->adj_r2,
                         M->fit->sigma,   M->r2_change, M->f_change,     M->df1_change,
                         M->df2_change,   M->p_change,  M->f2_change,    M->dw};
        adx__tb_row_values(b, NULL, NULL, vals);
    }
    adx__tb_note(b, "N = %zu (cases complete on all variables of the last model, used by every "
                    "model). Cohen's f2 of a block = R2 change / (1 - R2 of its model).", R->n);
    if (R->ncentered) {
        char buf[256] = "";
        for (size_t i = 0; i < R->ncentered; i++) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", i ? ", " : "", R->centered[i]);
        }
        adx__tb_note(b, "Mean-centred on the analysis sample: %s.", buf);
    }
}

static void regress_anova(adx__tb_t *b, const adx_regress_t *R)
{
    static const adx_col_t cols[] = {ADX_COL("Source", NULL),  ADX_COL("Sum of squares", NULL),
                                     ADX_COL_INT("df", NULL),  ADX_COL("Mean square", NULL),
                                     ADX_COL("F", NULL),       ADX_COL_P("Sig.", NULL)};
    adx__tb_table_cols(b, "ANOVA", cols, ADX_NELEM(cols));
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_ols_t *f = R->models[m].fit;
        char label[32];
        snprintf(label, sizeof label, "%zu", m + 1);
        adx__tb_rowgroup(b, "Model", label);
        adx__tb_row_values(b, NULL, "Regression",
                           (double[]){f->ess, f->df1, f->ess / f->df1, f->f, f->f_p});
        adx__tb_row_values(b, NULL, "Residual",
                           (double[]){f->rss, f->df2, f->rss / f->df2, NAN, NAN});
        adx__tb_row_values(b, NULL, "Total", (double[]){f->tss, (double)(f->n - 1), NAN, NAN, NAN});
    }
}

/* The JSON object of one model, without its coefficients. */
static cJSON *model_json(adx__tb_t *b, cJSON *models, const adx_regress_model_t *M)
{
    const adx_ols_t *f = M->fit;
    const adx_jf_t fit[] = {{"r", M->r}, {"r2", f->r2}, {"adj_r2", f->adj_r2}, {"se_est", f->sigma}};
    const adx_jf_t ss[] = {{"ss_reg", f->ess}, {"ss_res", f->rss}, {"ss_total", f->tss},
                           {"durbin_watson", M->dw}};
    cJSON *mo = adx__jobj(b, models, NULL);
    adx__jfields(b, mo, fit, ADX_NELEM(fit));
    adx__jftest(b, mo, "", f->f, f->df1, f->df2, f->f_p);
    adx__jnum(b, mo, "r2_change", M->r2_change);
    adx__jnum(b, mo, "f2_change", M->f2_change);
    adx__jftest(b, mo, "_change", M->f_change, M->df1_change, M->df2_change, M->p_change);
    adx__jfields(b, mo, ss, ADX_NELEM(ss));
    return mo;
}

/* The collinearity diagnostics of term dimension j, as JSON. */
static void collinearity_json(adx__tb_t *b, cJSON *cd, const adx_regress_model_t *M, size_t j)
{
    cJSON *d = adx__jobj(b, cd, NULL);
    adx__jnum(b, d, "eigenvalue", M->eigen[j]);
    adx__jnum(b, d, "condition_index", M->cond[j]);
    double vp[512];
    size_t np = M->p < 512 ? M->p : 512;
    for (size_t q = 0; q < np; q++)
        vp[q] = M->varprop[q + j * M->p];
    adx__jadd(b, d, "variance_proportions", adx__jdoubles(vp, np));
}

static void regress_coefficients(adx__tb_t *b, const adx_regress_t *R, cJSON *models)
{
    static const adx_col_t cols[] = {
        ADX_COL("Term", "term"),   ADX_COL_STAR("B", "b"),        ADX_COL("SE", "se"),
        ADX_COL("Beta", "beta"),   ADX_COL("t", "t"),             ADX_COL_P("Sig.", "p"),
        ADX_COL("Lower", "ci_lower"), ADX_COL("Upper", "ci_upper"),
        ADX_COL("Tolerance", "tolerance"), ADX_COL("VIF", "vif")};
    char ci[64];
    snprintf(ci, sizeof ci, "%g%% Confidence Interval for B", 100 * R->ci_level);
    adx__tb_table_cols(b, "Coefficients", cols, ADX_NELEM(cols));
    adx__tb_colgroup(b, 1, 2, "Unstandardized coefficients");
    adx__tb_colgroup(b, 6, 2, ci);
    for (size_t m = 0; m < R->nmodels; m++) {
        const adx_regress_model_t *M = &R->models[m];
        const adx_ols_t *f = M->fit;
        cJSON *mo = model_json(b, models, M);
        cJSON *co = adx__jarray(b, mo, "coefficients"), *cd = adx__jarray(b, mo, "collinearity");
        char label[32];
        snprintf(label, sizeof label, "%zu", m + 1);
        adx__tb_rowgroup(b, "Model", label);
        for (size_t j = 0; j < M->p; j++) {
            double vals[] = {f->b[j],        f->se[j],       M->beta[j],       f->t[j],
                             f->pvalue[j],   f->ci_lower[j], f->ci_upper[j],   M->tolerance[j],
                             M->vif[j]};
            adx__tb_row_values(b, co, M->names[j], vals);
            collinearity_json(b, cd, M, j);
        }
    }
    adx__tb_note(b, "B with stars: *** p < .001, ** p < .01, * p < .05, \xE2\x80\xA0 p < .10.");
    if (R->hc != ADX_HC_NONE)
        adx__tb_note(b, "SE, t, Sig. and CI use %s heteroskedasticity-consistent standard errors; "
                        "R2, F and the change tests are classical.", adx_hc_name(R->hc));
    adx__tb_note(b, "Beta = B sd(x)/sd(y); Tolerance = 1 - R2 of the term on the other terms; "
                    "VIF = 1/Tolerance.");
}

/* One table per model (the columns differ). */
static void regress_collinearity(adx__tb_t *b, const adx_regress_t *R)
{
    for (size_t m = 0; m < R->nmodels && !b->oom; m++) {
        const adx_regress_model_t *M = &R->models[m];
        const char **cols = adx__tb_check(b, calloc(3 + M->p, sizeof *cols));
        if (!cols)
            return;
        cols[0] = "Dimension";
        cols[1] = "Eigenvalue";
        cols[2] = "Condition index";
        for (size_t j = 0; j < M->p; j++)
            cols[3 + j] = M->names[j];
        char title[128];
        snprintf(title, sizeof title, "Collinearity diagnostics, model %zu (variance proportions)",
                 m + 1);
        adx__tb_table(b, title, 3 + M->p, cols);
        free(cols);
        for (size_t d = 0; d < M->p; d++) {
            size_t i = adx__tb_row(b);
            adx__tb_int(b, i, 0, (double)(d + 1));
            adx__tb_fix(b, i, 1, M->eigen[d]);
            adx__tb_fix(b, i, 2, M->cond[d]);
            for (size_t j = 0; j < M->p; j++)
                adx__tb_num(b, i, 3 + j, M->varprop[j + d * M->p], ADX_NUM_FIXED, 2);
        }
        if (m + 1 == R->nmodels)
            adx__tb_note(b, "Eigenvalues of X'X with the constant, columns scaled to unit length "
                            "(SPSS); condition index = sqrt(max/eigenvalue).");
    }
}

/* SPSS's "Residuals Statistics" of the last model. */
static void regress_residuals(adx__tb_t *b, const adx_casediag_t *C)
{
    static const adx_col_t cols[] = {ADX_COL("Statistic", NULL), ADX_COL("Minimum", NULL),
                                     ADX_COL("Maximum", NULL), ADX_COL("Mean", NULL),
                                     ADX_COL("Std. deviation", NULL), ADX_COL_INT("N", NULL)};
    static const char *const names[] = {"Predicted value", "Residual", "Std. predicted value",
                                        "Std. residual", "Stud. residual",
                                        "Stud. deleted residual", "Leverage (hat)",
                                        "Centered leverage value", "Cook's distance"};
    const double *colv[] = {C->fitted, C->resid, C->zpred, C->zresid, C->sresid,
                            C->sdresid, C->hat, C->lever, C->cooks};
    adx__tb_table_cols(b, "Residuals statistics (last model)", cols, ADX_NELEM(cols));
    for (size_t q = 0; q < ADX_CASEDIAG_NCOLS; q++) {
        double lo = HUGE_VAL, hi = -HUGE_VAL, m, sd;
        size_t cnt = 0;
        for (size_t i = 0; i < C->n; i++)
            if (!isnan(colv[q][i])) {
                lo = fmin(lo, colv[q][i]);
                hi = fmax(hi, colv[q][i]);
            }
        adx__mean_sd(colv[q], C->n, 1, 1, &m, &sd, &cnt);
        adx__tb_row_values(b, NULL, names[q], (double[]){lo, hi, m, sd, (double)cnt});
    }
    adx__tb_note(b, "Stud. residual = e / (s sqrt(1 - h)); deleted = with s from the other "
                    "cases; Cook's D = r^2 h / (p (1 - h)); centered leverage = h - 1/n (SPSS).");
}

adx_error_t adx_report_regress(const adx_regress_t *R, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jnum(&b, root, "n", (double)R->n);
    adx__jstr(&b, root, "dependent", R->dependent);
    adx__jstr(&b, root, "se_type", adx_hc_name(R->hc));
    adx__jnum(&b, root, "ci_level", R->ci_level);
    adx__jadd(&b, root, "centered", adx__jstrings((const char *const *)R->centered, R->ncentered));
    cJSON *models = adx__jarray(&b, root, "models");
    regress_summary(&b, R, R->nmodels && !isnan(R->models[0].dw));
    regress_anova(&b, R);
    regress_coefficients(&b, R, models);
    regress_collinearity(&b, R);
    if (R->casediag)
        regress_residuals(&b, R->casediag);
    adx__tb_methods(&b,
                    "Hypotheses were tested with hierarchical OLS regressions on one same-case "
                    "sample (N = %zu), with F tests of the R2 change%s.",
                    R->n, R->hc != ADX_HC_NONE ? " and heteroskedasticity-consistent SEs" : "");
    return adx__tb_done(&b, out, ctx);
}

/* One figure: draws the series and appends the SVG with its caption. */
static adx_error_t add_plot(adx_report_t *r, const adx_series_t *s, size_t ns,
                            const adx_plot_options_t *o, const char *caption, const char *note,
                            adx_errctx_t *ctx)
{
    char *svg = NULL;
    adx_errctx_t local = {0};
    adx_error_t rc = adx_plot_lines(s, ns, o, &svg, &local);
    if (rc == ADX_EEMPTY) /* nothing finite (a model without predictors): no figure */
        return ADX_OK;
    if (rc)
        return adx_err(ctx, rc, "%s", local.msg);
    if (adx_report_add_figure(r, svg, caption, NULL) || adx_report_figure_note(r, note))
        rc = adx_oom(ctx);
    free(svg);
    return rc;
}

adx_error_t adx_report_residual_plots(const adx_casediag_t *c, adx_report_t *r,
                                      adx_errctx_t *ctx)
{
    double *pp = malloc(2 * (c->n ? c->n : 1) * sizeof *pp), diag[] = {0, 1};
    if (!pp)
        return adx_oom(ctx);
    size_t m = adx_casediag_pp(c, pp, pp + c->n);
    adx_series_t s[2] = {{"", diag, diag, 2, 1, 0, 5}, {"", pp, pp + c->n, m, 0, 2, 1}};
    adx_plot_options_t o;
    adx_plot_options_init(&o);
    o.xlabel = "Observed cumulative probability";
    o.ylabel = "Expected cumulative probability";
    o.width = o.height = 360;
    adx_error_t rc = add_plot(r, s, 2, &o, "Normal P-P plot of the standardized residuals",
                              "Observed: cumulative proportions of the ordered residuals (R "
                              "ppoints); expected: the normal distribution function of e/s. "
                              "Points on the diagonal: normal residuals.", ctx);
    adx_series_t sc = {"", c->zpred, c->zresid, c->n, 0, 2, 1};
    adx_plot_options_init(&o);
    o.xlabel = "Standardized predicted value";
    o.ylabel = "Standardized residual";
    o.hline = 0;
    if (!rc)
        rc = add_plot(r, &sc, 1, &o, "Scatter plot of the standardized residuals against the "
                                     "standardized predicted values",
                      "A patternless band around the dashed zero line supports linearity and "
                      "constant variance.", ctx);
    free(pp);
    return rc;
}

/* ---- a single OLS fit (regress --stream) --------------------------------------------- */

adx_error_t adx_report_ols(const adx_ols_t *f, const char *dependent, const char *const *names,
                           const char *note, adx_report_t **out, adx_errctx_t *ctx)
{
    static const adx_col_t sc[] = {
        ADX_COL_INT("N", NULL),           ADX_COL("R", "r"),       ADX_COL("R2", "r2"),
        ADX_COL("Adjusted R2", "adj_r2"), ADX_COL("SE of the estimate", "se_est"),
        ADX_COL("F", "f"),                ADX_COL_INT("df1", "df1"), ADX_COL_INT("df2", "df2"),
        ADX_COL_P("Sig.", "p"),           ADX_COL(NULL, "ss_reg"), ADX_COL(NULL, "ss_res"),
        ADX_COL(NULL, "ss_total")};
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jnum(&b, root, "n", (double)f->n);
    adx__jstr(&b, root, "dependent", dependent);
    adx__jstr(&b, root, "se_type", adx_hc_name(f->hc));
    cJSON *models = adx__jarray(&b, root, "models");
    char title[512];
    snprintf(title, sizeof title, "Model summary (dependent variable: %s)", dependent);
    adx__tb_table_cols(&b, title, sc, ADX_NELEM(sc));
    double vals[] = {(double)f->n, sqrt(f->r2), f->r2,   f->adj_r2, f->sigma, f->f,
                     f->df1,       f->df2,      f->f_p,  f->ess,    f->rss,   f->tss};
    cJSON *mo = adx__tb_row_values(&b, models, NULL, vals);
    if (note)
        adx__tb_note(&b, "%s", note);
    cJSON *co = adx__jarray(&b, mo, "coefficients");
    adx__tb_table_cols(&b, "Coefficients", adx__coef_cols, ADX__NCOEF_COLS);
    for (size_t j = 0; j < f->p; j++)
        adx__tb_row_values(&b, co, names[j],
                           (double[]){f->b[j], f->se[j], f->t[j], f->pvalue[j], f->ci_lower[j],
                                      f->ci_upper[j]});
    return adx__tb_done(&b, out, ctx);
}
