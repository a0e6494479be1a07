/* The ordinal part of the cfa/sem report (WLSMV / ULSMV): the scaled-shifted test
 * with the scaled and robust fit indices, the thresholds table, and their JSON
 * ("ordinal": {...}). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ambidex/adx_report_sem.h"
#include "builder.h"
#include "sem_ordinal.h"

/* The test and robust fit rows: label (NULL: JSON only), JSON key, value. */
typedef struct {
    const char *label, *key;
    double v;
} ord_row_t;

static void ord_fit_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *js)
{
    static const adx_col_t cols[] = {ADX_COL("Measure", NULL), ADX_COL("Value", NULL)};
    const adx_sem_fit_t *f = &s->fit;
    const adx_sem_ordinal_t *o = s->ordinal;
    const ord_row_t rows[] = {
        {"Scaled-shifted chi-square", "chisq_scaled", f->chisq_scaled},
        {"df", NULL, f->df},
        {"p (scaled)", "pvalue_scaled", f->pvalue_scaled},
        {"Scaling factor", "scaling_factor", f->chisq_scaling_factor},
        {"Shift parameter", "shift", o->shift},
        {"Baseline chi-square (scaled)", "baseline_chisq_scaled", f->baseline_chisq_scaled},
        {NULL, "baseline_shift", o->baseline_shift},
        {"CFI (scaled)", "cfi_scaled", f->cfi_scaled},
        {"TLI (scaled)", "tli_scaled", f->tli_scaled},
        {"RMSEA (scaled)", "rmsea_scaled", f->rmsea_scaled},
        {"CFI (robust)", "cfi_robust", o->cfi_robust},
        {"TLI (robust)", "tli_robust", o->tli_robust},
        {"RMSEA (robust)", "rmsea_robust", o->rmsea_robust},
        {NULL, "chisq_catml", o->chisq_ml},
        {NULL, "c_hat", o->c_hat},
        {NULL, "zero_cells", (double)o->zero_cells}};
    char buf[256];
    snprintf(buf, sizeof buf, "%s: %s test and robust fit (lavaan)", title,
             o->uls ? "ULSMV" : "WLSMV");
    adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
    for (size_t i = 0; i < ADX_NELEM(rows); i++) {
        if (rows[i].key)
            adx__jadd(b, js, rows[i].key, adx__jnumber(rows[i].v));
        if (!rows[i].label || (o->nnum && rows[i].key && strstr(rows[i].key, "_robust")))
            continue;
        size_t r = adx__tb_row(b);
        adx__tb_text(b, r, 0, rows[i].label);
        adx__tb_num(b, r, 1, rows[i].v, i == 1 ? ADX_NUM_INT : i == 2 ? ADX_NUM_P : ADX_NUM_FIXED,
                    -1);
    }
    adx__tb_note(b, "Scaled-shifted chi2 = chi2 / scaling factor + shift (lavaan's "
                    "\"scaled.shifted\", Asparouhov & Muthen 2010); robust CFI/TLI/RMSEA as "
                    "lavaan's cfi.robust etc. for categorical data (Savalei 2021).");
    if (o->nnum)
        adx__tb_note(b, "%zu continuous indicator(s): the robust CFI/TLI/RMSEA (categorical ML "
                        "statistic) are not defined, as in lavaan 0.6.14 (NA).", o->nnum);
    if (o->zero_cells)
        adx__tb_note(b, "%zu empty cells in the bivariate tables of the indicators.",
                     o->zero_cells);
    if (o->ncov)
        adx__tb_note(b, "With exogenous covariates lavaan 0.6.14 reports no robust "
                        "CFI/TLI/RMSEA (NA); use the scaled ones.");
}

/* The rows of the thresholds (intercepts 0) or of the continuous indicators' intercepts
 * (th_k 0; intercepts 1) into the current table and arr. */
static void ord_rows(adx__tb_t *b, const adx_sem_ordinal_t *o, cJSON *arr, int intercepts)
{
    for (size_t k = 0; k < o->nth; k++) {
        if ((o->th_k[k] == 0) != (intercepts != 0))
            continue;
        double z = o->th[k] / o->th_se[k], p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
        size_t r = adx__tb_row(b), c = intercepts ? 1 : 2;
        adx__tb_text(b, r, 0, o->th_var[k]);
        if (!intercepts) {
            char lab[32];
            snprintf(lab, sizeof lab, "t%d", o->th_k[k]);
            adx__tb_text(b, r, 1, lab);
        }
        adx__tb_fix(b, r, c, o->th[k]);
        adx__tb_fix(b, r, c + 1, o->th_se[k]);
        adx__tb_fix(b, r, c + 2, z);
        adx__tb_p(b, r, c + 3, p);
        cJSON *j = adx__jobj(b, arr, NULL);
        adx__jstr(b, j, "variable", o->th_var[k]);
        const adx_jf_t jf[] = {{"threshold", o->th_k[k]}, {"est", o->th[k]}, {"se", o->th_se[k]},
                               {"z", z}, {"pvalue", p}};
        adx__jfields(b, j, jf + (intercepts != 0), ADX_NELEM(jf) - (intercepts != 0));
        if (o->th_boot) { /* after --boot */
            const adx_sem_param_t *pb = &o->th_boot[k];
            adx__jnum(b, j, "boot_se", pb->boot_se);
            adx__jbounds(b, j, "boot_ci", pb->boot_lower, pb->boot_upper);
            adx__jbounds(b, j, "boot_bc", pb->boot_bc_lower, pb->boot_bc_upper);
            adx__jbounds(b, j, "boot_bca", pb->boot_bca_lower, pb->boot_bca_upper);
            adx__jnum(b, j, "boot_accel", pb->boot_accel);
        }
    }
}

/* Continuous indicators among ordered ones: their intercepts (saturated: the sample means;
 * lavaan's "x ~ 1" rows) with robust SEs. */
static void ord_intercept_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *js)
{
    static const adx_col_t cols[] = {ADX_COL("Variable", "variable"), ADX_COL("Estimate", "est"),
                                     ADX_COL("SE", "se"), ADX_COL("z", "z"),
                                     ADX_COL_P("p", "pvalue")};
    char buf[256];
    snprintf(buf, sizeof buf, "%s: intercepts of the continuous indicators", title);
    adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
    ord_rows(b, s->ordinal, adx__jarray(b, js, "intercepts"), 1);
    adx__tb_note(b, "lavaan's \"x ~ 1\" rows: saturated by the DWLS fit, so the sample means, "
                    "robust SEs; the residual variances of the continuous indicators are free "
                    "(parameter table).");
}

static void ord_threshold_table(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *js)
{
    static const adx_col_t cols[] = {ADX_COL("Variable", "variable"), ADX_COL("Threshold", NULL),
                                     ADX_COL("Estimate", "est"), ADX_COL("SE", "se"),
                                     ADX_COL("z", "z"), ADX_COL_P("p", "pvalue")};
    char buf[256];
    snprintf(buf, sizeof buf, "%s: thresholds", title);
    adx__tb_table_cols(b, buf, cols, ADX_NELEM(cols));
    ord_rows(b, s->ordinal, adx__jarray(b, js, "thresholds"), 0);
    if (s->opt.ordinal_theta)
        adx__tb_note(b, "lavaan's \"x|t1\", \"x|t2\", ... rows on the theta scale: the "
                        "probits of the cumulative proportions divided by the residual SD of "
                        "the latent response, robust SEs. Theta parameterization: the residual "
                        "variances of the latent responses are 1 (fixed, no SE).");
    else
        adx__tb_note(b, "lavaan's \"x|t1\", \"x|t2\", ... rows: the probits of the cumulative "
                        "proportions, robust SEs. Delta parameterization: the latent responses "
                        "have unit variances, so the residual variances are 1 - R2 (fixed, no "
                        "SE).");
    if (s->ordinal->ncov)
        adx__tb_note(b, "Conditional on the %zu exogenous covariate(s) (lavaan conditional.x): "
                        "per item a probit regression on them (these thresholds are at "
                        "covariates 0), the polychoric correlations and the unit variances "
                        "are those of the residuals given the covariates.",
                     s->ordinal->ncov);
}

void adx__report_sem_ordinal(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root)
{
    cJSON *js = adx__jobj(b, root, "ordinal");
    adx__jstr(b, js, "estimator", s->ordinal->uls ? "ULSMV" : "WLSMV");
    adx__jstr(b, js, "parameterization", s->opt.ordinal_theta ? "theta" : "delta");
    if (!s->fitted)
        return;
    ord_fit_table(b, s, title, js);
    ord_threshold_table(b, s, title, js);
    if (s->ordinal->nnum)
        ord_intercept_table(b, s, title, js);
}
