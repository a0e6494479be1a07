/* adx_report_pls: the PLS tables (Hair et al. 2022 layout, first slice) and the JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pls_priv.h"

/* Sets the numbers v[0..k-1] into row `row` from column `col0` (3 decimals). */
static adx_error_t nums(adx_table_t *t, size_t row, size_t col0, const double *v, size_t k)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < k; i++)
        rc = adx_table_set_num(t, row, col0 + i, v[i], ADX_NUM_FIXED, 3, NULL);
    return rc;
}

static adx_table_t *measurement(const adx_pls_t *r)
{
    static const char *const cols[] = {"Construct", "Indicator", "Loading", "Weight", "VIF"};
    adx_table_t *t = adx_table_alloc("Measurement model", 5, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t i = 0; !rc && i < r->ni; i++) {
        size_t row = adx_table_add_row(t);
        double v[3] = {r->loading[i], r->weight[i], r->outer_vif[i]};
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->cname[r->icon[i]]);
        if (!rc)
            rc = adx_table_set_text(t, row, 1, r->iname[i]);
        if (!rc)
            rc = nums(t, row, 2, v, 3);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *reliability(const adx_pls_t *r)
{
    static const char *const cols[] = {"Construct", "Mode", "alpha", "rho_A", "rho_C", "AVE",
                                       "R2", "Adj. R2"};
    adx_table_t *t = adx_table_alloc("Construct reliability and validity", 8, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t c = 0; !rc && c < r->nc; c++) {
        size_t row = adx_table_add_row(t);
        double v[6] = {r->alpha[c], r->rho_a[c], r->rho_c[c], r->ave[c], r->r2[c], r->adj_r2[c]};
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->cname[c]);
        if (!rc)
            rc = adx_table_set_text(t, row, 1, r->mode[c] == 'A' ? "A" : "B");
        if (!rc)
            rc = nums(t, row, 2, v, 6);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *structural(const adx_pls_t *r)
{
    static const char *const cols[] = {"From", "To", "Path", "f2", "VIF"};
    adx_table_t *t = adx_table_alloc("Structural model", 5, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t e = 0; !rc && e < r->npaths; e++) {
        size_t row = adx_table_add_row(t);
        double v[3] = {r->coef[e], r->f2[e], r->inner_vif[e]};
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->cname[r->pfrom[e]]);
        if (!rc)
            rc = adx_table_set_text(t, row, 1, r->cname[r->pto[e]]);
        if (!rc)
            rc = nums(t, row, 2, v, 3);
    }
    if (!rc && !r->converged)
        rc = adx_table_add_note(t, "Not converged after %d iterations: estimates are not final.",
                                r->iterations + 1);
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

static adx_table_t *htmt(const adx_pls_t *r)
{
    adx_table_t *t = adx_table_alloc("HTMT", r->nc + 1, NULL);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t a = 0; !rc && a < r->nc; a++) {
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, r->cname[a]);
        for (size_t b = 0; !rc && b < a; b++)
            rc = adx_table_set_num(t, row, b + 1, r->htmt[a * r->nc + b], ADX_NUM_FIXED, 3, NULL);
    }
    for (size_t a = 0; !rc && a < r->nc; a++) {
        free(t->colnames[a + 1]);
        t->colnames[a + 1] = NULL;
        char *s = malloc(strlen(r->cname[a]) + 1);
        if (!s)
            rc = ADX_ENOMEM;
        else
            t->colnames[a + 1] = strcpy(s, r->cname[a]);
    }
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

adx_error_t adx_report_pls(const adx_pls_t *r, adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_report_t *rep = adx_report_alloc();
    adx_error_t rc = rep ? ADX_OK : ADX_ENOMEM;
    adx_table_t *(*const make[])(const adx_pls_t *) = {reliability, measurement, structural, htmt};
    for (size_t i = 0; !rc && i < 4; i++) {
        adx_table_t *t = make[i](r);
        rc = t ? adx_report_add_table(rep, t) : ADX_ENOMEM;
    }
    if (!rc && !(rep->json = adx__pls_json_tree(r)))
        rc = ADX_ENOMEM;
    if (rc) {
        adx_report_free(rep);
        return adx_oom(ctx);
    }
    *out = rep;
    return ADX_OK;
}
