/* Report builder for moderation (regress's simple moderation with probing and
 * the Johnson-Neyman region). JSON keys: docs/regress.md. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_regress.h"
#include "builder.h"

/* A probed value of W that is zero up to rounding (the mean of a centred W is
 * -4.16e-16, not 0) shows as 0. */
static double snap_zero(const adx_moderate_t *M, double v)
{
    double scale = 0;
    for (size_t iw = 0; iw < M->nw; iw++)
        scale = fmax(scale, fabs(M->wv[iw]));
    scale = fmax(scale, fabs(M->w_max - M->w_min));
    return fabs(v) <= 1e-9 * scale ? 0.0 : v;
}

/* Interaction plot: predicted Y at three X values for each probed W (the simple
 * slopes). A plotting failure leaves the report without the figure. */
static void interaction_plot(const adx_moderate_t *M, adx__tb_t *b)
{
    adx_errctx_t local = {0};
    char *svg = NULL;
    char (*lab)[64] = calloc(M->nw ? M->nw : 1, sizeof *lab);
    adx_series_t *ss = calloc(M->nw ? M->nw : 1, sizeof *ss);
    if (!adx__tb_check(b, lab) || !adx__tb_check(b, ss))
        goto done;
    for (size_t iw = 0; iw < M->nw; iw++) {
        if (M->w_categorical)
            snprintf(lab[iw], sizeof lab[iw], "%s = %s", M->w, M->wlevels[iw]);
        else
            snprintf(lab[iw], sizeof lab[iw], "%s = %.3g", M->w, snap_zero(M, M->wv[iw]));
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
        snprintf(cap, sizeof cap, "Interaction plot of %s on %s at values of %s", M->y, M->x, M->w);
        adx__tb_figure(b, svg, cap, NULL);
        adx__tb_figure_note(b, "Predicted values of %s by %s at the probed values of %s (one "
                               "line each)%s.", M->y, M->x, M->w,
                            M->ncov ? "; covariates at their means" : "");
    }
done:
    ADX__FREE(svg, lab, ss);
}

/* Shades where the band lo..hi excludes 0, when that is one interval. */
static void shade_significant(const double *wg, const double *lo, const double *hi, int G,
                              adx_plot_options_t *o)
{
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
        o->shade_lo = a;
        o->shade_hi = z;
    }
}

/* For a continuous W: the conditional effect of X across W with its 95%
 * confidence band and the Johnson-Neyman region of significance shaded. */
static void jn_plot(const adx_moderate_t *M, adx__tb_t *b)
{
    if (M->w_categorical || !(M->w_max > M->w_min))
        return;
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
    enum { G = 101 };
    double *grid = ix < 0 || ixw < 0 ? NULL : adx__tb_check(b, malloc(4 * G * sizeof *grid));
    if (!grid)
        return;
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
    adx_plot_options_t o;
    adx_plot_options_init(&o);
    o.xlabel = M->w;
    o.ylabel = "Conditional effect";
    o.hline = 0;
    o.shade_label = "significant (J-N)";
    shade_significant(wg, lo, hi, G, &o);
    char *svg = NULL;
    adx_errctx_t local = {0};
    if (adx_plot_lines(cs, 3, &o, &svg, &local) == ADX_OK) {
        char cap[320];
        snprintf(cap, sizeof cap, "Conditional effect of %s on %s across %s", M->x, M->y, M->w);
        adx__tb_figure(b, svg, cap, NULL);
        adx__tb_figure_note(b, "The dashed lines are the 95%% confidence band; the shaded area "
                               "is where the effect is significant (Johnson-Neyman).");
    }
    free(svg);
    free(grid);
}

static void moderate_coefficients(adx__tb_t *b, const adx_moderate_t *M, cJSON *root)
{
    const adx_ols_t *f = M->fit;
    char title[512], pb[32];
    snprintf(title, sizeof title, "Moderation model (outcome: %s)", M->y);
    adx__tb_table_cols(b, title, adx__coef_cols, ADX__NCOEF_COLS);
    cJSON *co = adx__jarray(b, root, "coefficients");
    for (size_t j = 0; j < f->p; j++)
        adx__tb_row_values(b, co, M->names[j],
                           (double[]){f->b[j], f->se[j], f->t[j], f->pvalue[j], f->ci_lower[j],
                                      f->ci_upper[j]});
    adx__tb_note(b, "N = %zu; R2 = %.3f, F(%g, %g) = %.3f, %s.", M->n, f->r2, f->df1, f->df2,
                 f->f, adx__ptext(f->f_p, pb, sizeof pb));
    adx__tb_note(b, "R2 change due to the product term%s: %.4f, F(%g, %g) = %.3f, %s.",
                 M->df1_change > 1 ? "s" : "", M->r2_change, M->df1_change, M->df2_change,
                 M->f_change, adx__ptext(M->p_change, pb, sizeof pb));
    if (f->hc != ADX_HC_NONE)
        adx__tb_note(b, "%s standard errors (also for the conditional effects); both F tests "
                        "are Wald tests with the %s covariance (PROCESS).",
                     adx_hc_name(f->hc), adx_hc_name(f->hc));
}

static void moderate_effects(adx__tb_t *b, const adx_moderate_t *M, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("W", NULL),        ADX_COL_STAR("Effect", "effect"),
                                     ADX_COL("SE", "se"),       ADX_COL("t", "t"),
                                     ADX_COL_P("Sig.", "p"),    ADX_COL("CI lower", "ci_lower"),
                                     ADX_COL("CI upper", "ci_upper")};
    char title[512];
    snprintf(title, sizeof title, "Conditional effects of %s %s %s", M->x,
             M->w_categorical ? "in the groups of" : "at values of", M->w);
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    cJSON *ce = adx__jarray(b, root, "conditional_effects");
    adx__jnum(b, root, "w_categorical", M->w_categorical);
    for (size_t j = 0; j < M->nw; j++) {
        cJSON *o = adx__jobj(b, ce, NULL);
        adx__jnum(b, o, "w", M->wv[j]);
        if (M->w_categorical)
            adx__jstr(b, o, "group", M->wlevels[j]);
        double vals[] = {M->wv[j],     M->effect[j],    M->effect_se[j], M->effect_t[j],
                         M->effect_p[j], M->effect_lo[j], M->effect_hi[j]};
        if (M->w_categorical)
            adx__tb_row_into(b, o, M->wlevels[j], vals + 1);
        else
            adx__tb_row_into(b, o, NULL, vals);
    }
    if (M->w_categorical)
        adx__tb_note(b, "Effect of %s in each group of %s (reference group %s: the coefficient "
                        "of %s).", M->x, M->w, M->wlevels[0], M->x);
}

static void moderate_jn(adx__tb_t *b, const adx_moderate_t *M, cJSON *root)
{
    static const adx_col_t cols[] = {ADX_COL("Boundary (W)", "w"),
                                     ADX_COL_PCT("% of cases below", "pct_below"),
                                     ADX_COL_PCT("% of cases above", "pct_above")};
    cJSON *jn = adx__jarray(b, root, "johnson_neyman");
    adx__jnum(b, root, "w_min", M->w_min);
    adx__jnum(b, root, "w_max", M->w_max);
    if (M->w_categorical)
        return;
    char title[512];
    snprintf(title, sizeof title, "Johnson-Neyman significance region (W observed from %g to %g)",
             M->w_min, M->w_max);
    adx__tb_table_cols(b, title, cols, ADX_NELEM(cols));
    for (size_t j = 0; j < M->njn; j++)
        adx__tb_row_values(b, jn, NULL,
                           (double[]){M->jn[j], M->jn_pct_below[j], M->jn_pct_above[j]});
    if (M->njn == 0)
        adx__tb_note(b, "No boundary inside the observed range of W: the effect of %s is %s "
                        "across it.", M->x,
                     M->effect_p[1] < .05 ? "significant" : "not significant");
    else
        adx__tb_note(b, "Values of W where the conditional effect of %s has p = .05 exactly.",
                     M->x);
}

static void moderate_plot_data(adx__tb_t *b, const adx_moderate_t *M, cJSON *root)
{
    static const char *pc[] = {"X", "W", "Predicted Y"};
    adx__tb_table(b, "Data for the interaction plot", 3, pc);
    cJSON *pl = adx__jarray(b, root, "plot");
    for (size_t iw = 0; iw < M->nw; iw++)
        for (size_t ix = 0; ix < 3; ix++) {
            size_t i = adx__tb_row(b);
            adx__tb_fix(b, i, 0, M->xv[ix]);
            if (M->w_categorical)
                adx__tb_text(b, i, 1, M->wlevels[iw]);
            else
                adx__tb_fix(b, i, 1, M->wv[iw]);
            adx__tb_fix(b, i, 2, M->plot_yhat[ix + 3 * iw]);
            cJSON *o = adx__jobj(b, pl, NULL);
            adx__jnum(b, o, "x", M->xv[ix]);
            adx__jnum(b, o, "w", M->wv[iw]);
            if (M->w_categorical)
                adx__jstr(b, o, "group", M->wlevels[iw]);
            adx__jnum(b, o, "yhat", M->plot_yhat[ix + 3 * iw]);
        }
    if (M->ncov)
        adx__tb_note(b, "Covariates at their means.");
}

adx_error_t adx_report_moderate(const adx_moderate_t *M, adx_report_t **out, adx_errctx_t *ctx)
{
    const adx_ols_t *f = M->fit;
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jnum(&b, root, "n", (double)M->n);
    adx__jstr(&b, root, "y", M->y);
    adx__jstr(&b, root, "x", M->x);
    adx__jstr(&b, root, "w", M->w);
    adx__jstr(&b, root, "se_type", adx_hc_name(f->hc));
    adx__jnum(&b, root, "r2", f->r2);
    adx__jftest(&b, root, "", f->f, f->df1, f->df2, f->f_p);
    adx__jnum(&b, root, "r2_change", M->r2_change);
    adx__jftest(&b, root, "_change", M->f_change, M->df1_change, M->df2_change, M->p_change);
    moderate_coefficients(&b, M, root);
    moderate_effects(&b, M, root);
    moderate_jn(&b, M, root);
    moderate_plot_data(&b, M, root);
    if (!b.oom)
        interaction_plot(M, &b);
    if (!b.oom)
        jn_plot(M, &b);
    adx__tb_methods(&b, "Moderation was tested with the product term, its R2 change, "
                        "conditional effects at the probed values of the moderator and the "
                        "Johnson-Neyman technique.");
    return adx__tb_done(&b, out, ctx);
}
