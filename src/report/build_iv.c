/* Report builder for instrumental variables (two-stage least squares), with the
 * first-stage, endogeneity and overidentification tests. JSON keys:
 * docs/regress.md. */
#include <math.h>
#include <stdio.h>

#include "ambidex/adx_report_regress.h"
#include "builder.h"

static void iv_first_stage(adx__tb_t *b, const adx_iv_t *R, cJSON *fs)
{
    static const adx_col_t cols[] = {ADX_COL("Endogenous", "endogenous"),
                                     ADX_COL("R2", "r2"),
                                     ADX_COL("Partial R2", "partial_r2"),
                                     ADX_COL("F (excluded instruments)", "f"),
                                     ADX_COL_INT("df1", "df1"),
                                     ADX_COL_INT("df2", "df2"),
                                     ADX_COL_P("Sig.", "p")};
    adx__tb_table_cols(b, "First stage", cols, ADX_NELEM(cols));
    for (size_t e = 0; e < R->nendog; e++)
        adx__tb_row_values(b, fs, R->endog[e],
                           (double[]){R->first_r2[e], R->first_partial_r2[e], R->first_f[e],
                                      R->first_df1[e], R->first_df2[e], R->first_p[e]});
    if (!isnan(R->stock_yogo))
        adx__tb_note(b, "Stock-Yogo critical value (10%% maximal IV size, %zu instrument(s)): "
                        "%.2f; F %s it: instruments %s.", R->ninst, R->stock_yogo,
                     R->first_f[0] > R->stock_yogo ? "exceeds" : "does not exceed",
                     R->first_f[0] > R->stock_yogo ? "not weak" : "weak");
}

static void iv_tests(adx__tb_t *b, const adx_iv_t *R)
{
    static const char *tc[] = {"Test", "Statistic", "df", "Sig."};
    char dfb[64], pb[32];
    adx__tb_table(b, "Endogeneity and overidentification tests", 4, tc);
    size_t i = adx__tb_row(b);
    adx__tb_text(b, i, 0, "Wu-Hausman F");
    adx__tb_fix(b, i, 1, R->wh_f);
    snprintf(dfb, sizeof dfb, "%g, %g", R->wh_df1, R->wh_df2);
    adx__tb_text(b, i, 2, dfb);
    adx__tb_p(b, i, 3, R->wh_p);
    i = adx__tb_row(b);
    adx__tb_text(b, i, 0, "Durbin chi2");
    adx__tb_fix(b, i, 1, R->durbin);
    adx__tb_int(b, i, 2, R->durbin_df);
    adx__tb_p(b, i, 3, R->durbin_p);
    i = adx__tb_row(b);
    adx__tb_text(b, i, 0, "Sargan chi2");
    if (isnan(R->sargan)) {
        adx__tb_text(b, i, 1, "exactly identified");
    } else {
        adx__tb_fix(b, i, 1, R->sargan);
        adx__tb_int(b, i, 2, R->sargan_df);
        adx__tb_p(b, i, 3, R->sargan_p);
    }
    adx__tb_note(b, "Wu-Hausman: F test of the first-stage residuals added to the OLS model (%s); "
                    "Durbin = n (RSS_r - RSS_u) / RSS_r; Sargan = n R2 of the 2SLS residuals on "
                    "all instruments.", adx__ptext(R->wh_p, pb, sizeof pb));
}

static void iv_tests_json(adx__tb_t *b, const adx_iv_t *R, cJSON *root)
{
    const adx_jf_t du[] = {{"chi2", R->durbin}, {"df", R->durbin_df}, {"p", R->durbin_p}};
    const adx_jf_t sa[] = {{"chi2", R->sargan}, {"df", R->sargan_df}, {"p", R->sargan_p}};
    adx__jftest(b, adx__jobj(b, root, "wu_hausman"), "", R->wh_f, R->wh_df1, R->wh_df2, R->wh_p);
    adx__jfields(b, adx__jobj(b, root, "durbin"), du, ADX_NELEM(du));
    adx__jfields(b, adx__jobj(b, root, "sargan"), sa, ADX_NELEM(sa));
}

adx_error_t adx_report_iv(const adx_iv_t *R, adx_report_t **out, adx_errctx_t *ctx)
{
    adx__tb_t b;
    cJSON *root = adx__tb_init(&b);
    adx__jnum(&b, root, "n", (double)R->n);
    adx__jstr(&b, root, "dependent", R->dependent);
    adx__jnum(&b, root, "sigma", R->sigma);
    cJSON *co = adx__jarray(&b, root, "coefficients"), *fs = adx__jarray(&b, root, "first_stage");
    char title[512];
    snprintf(title, sizeof title, "Two-stage least squares (dependent variable: %s)",
             R->dependent);
    adx__tb_table_cols(&b, title, adx__coef_cols, ADX__NCOEF_COLS);
    for (size_t j = 0; j < R->p; j++)
        adx__tb_row_values(&b, co, R->names[j],
                           (double[]){R->b[j], R->se[j], R->t[j], R->pvalue[j], R->ci_lower[j],
                                      R->ci_upper[j]});
    adx__tb_note(&b, "N = %zu; %zu excluded instrument(s). SEs from the structural residuals "
                     "y - Xb (actual, not fitted, endogenous values).", R->n, R->ninst);
    iv_first_stage(&b, R, fs);
    adx__jnum(&b, root, "stock_yogo_10", R->stock_yogo);
    iv_tests(&b, R);
    iv_tests_json(&b, R, root);
    adx__tb_methods(&b, "Endogeneity was examined with two-stage least squares (SEs from the "
                        "structural residuals), first-stage F tests of the excluded instruments "
                        "against Stock-Yogo critical values, Wu-Hausman/Durbin and Sargan tests.");
    return adx__tb_done(&b, out, ctx);
}
