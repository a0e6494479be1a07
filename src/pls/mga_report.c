/* The tables and JSON of the multi-group analysis (mga.c). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../base/base.h"
#include "plsx_priv.h"

adx_error_t adx__plsx_row(adx_table_t *t, const char *const *text, size_t ntext,
                         const double *v, const char *kinds)
{
    size_t row = adx_table_add_row(t);
    adx_error_t rc = row == (size_t)-1 ? ADX_ENOMEM : ADX_OK;
    for (size_t j = 0; !rc && j < ntext; j++)
        rc = adx_table_set_text(t, row, j, text[j]);
    for (size_t j = 0; !rc && kinds[j]; j++)
        rc = kinds[j] == 't' ? adx_table_set_text(t, row, ntext + j, v[j] > 0 ? "yes" : "no")
                             : adx_table_set_num(t, row, ntext + j, v[j],
                                                 kinds[j] == 'p' ? ADX_NUM_P : ADX_NUM_FIXED, 3,
                                                 NULL);
    return rc;
}

static adx_table_t *paths_table(const adx_pls_t *r)
{
    const adx_pls_mga_t *m = r->mga;
    char b0[96], b1[96], title[160];
    snprintf(b0, sizeof b0, "Path (%s)", m->label[0]);
    snprintf(b1, sizeof b1, "Path (%s)", m->label[1]);
    snprintf(title, sizeof title, "Multi-group analysis: %s", m->var);
    const char *cols[] = {"From", "To", b0, b1, "Difference", "PLS-MGA p", "Permutation p"};
    adx_table_t *t = adx_table_alloc(title, 7, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t e = 0; !rc && e < r->npaths; e++) {
        const char *text[] = {r->cname[r->pfrom[e]], r->cname[r->pto[e]]};
        double v[] = {m->coef[0][e], m->coef[1][e], m->diff[e], m->p_mga[e], m->p_perm[e]};
        rc = adx__plsx_row(t, text, 2, v, "fffpp");
    }
    if (!rc)
        rc = adx_table_add_note(t, "Groups %s = %s (n = %zu) and %s (n = %zu); difference = first "
                                   "- second. PLS-MGA (Henseler et al. 2009, as seminr): one-sided "
                                   "p of 'first > second' from %zu bootstrap resamples per group "
                                   "(below .05: first larger; above .95: second larger). "
                                   "Permutation test (Chin & Dibbern 2010): two-sided, %zu "
                                   "permutations, seed %llu.", m->var, m->label[0], m->n[0],
                                m->label[1], m->n[1], m->nboot, m->nperm,
                                (unsigned long long)m->seed);
    return adx__plsx_done(t, rc);
}

static adx_table_t *micom2_table(const adx_pls_t *r)
{
    const adx_pls_mga_t *m = r->mga;
    static const char *const cols[] = {"Construct", "c", "5% quantile", "p", "Invariant"};
    adx_table_t *t = adx_table_alloc("MICOM step 2: compositional invariance", 5, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t c = 0; !rc && c < r->nc; c++) {
        double v[] = {m->c[c], m->c_q05[c], m->c_p[c], m->c[c] >= m->c_q05[c] - 1e-12 ? 1 : 0};
        rc = adx__plsx_row(t, (const char *const *)r->cname + c, 1, v, "ffpt");
    }
    if (!rc)
        rc = adx_table_add_note(t, "Henseler, Ringle & Sarstedt (2016): c = correlation of the "
                                   "composite scores with the two groups' weights on the pooled "
                                   "standardized data; invariant when c is not below the 5%% "
                                   "quantile of its permutation distribution (p = share of "
                                   "permutations with c at most the observed one).");
    return adx__plsx_done(t, rc);
}

static adx_table_t *micom3_table(const adx_pls_t *r)
{
    const adx_pls_mga_t *m = r->mga;
    static const char *const cols[] = {"Construct", "Mean diff.", "Lower", "Upper", "p",
                                       "Log var. diff.", "Lower", "Upper", "p"};
    adx_table_t *t = adx_table_alloc("MICOM step 3: equal means and variances", 9, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t c = 0; !rc && c < r->nc; c++) {
        double v[] = {m->mdiff[c], m->mlo[c], m->mhi[c], m->mp[c],
                      m->vdiff[c], m->vlo[c], m->vhi[c], m->vp[c]};
        rc = adx__plsx_row(t, (const char *const *)r->cname + c, 1, v, "fffpfffp");
    }
    if (!rc)
        rc = adx_table_add_note(t, "Pooled-data construct scores (pooled weights): difference of "
                                   "the group means and of the logarithms of the group variances "
                                   "(first - second); limits: the permutation distribution's "
                                   "quantiles; p two-sided.");
    return adx__plsx_done(t, rc);
}

adx_table_t *adx__plsx_done(adx_table_t *t, adx_error_t rc)
{
    if (rc) {
        adx_table_free(t);
        return NULL;
    }
    return t;
}

adx_error_t adx__plsx_mga_report(const adx_pls_t *r, adx_report_t *rep)
{
    adx_table_t *(*const make[])(const adx_pls_t *) = {paths_table, micom2_table, micom3_table};
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < 3; i++) {
        adx_table_t *t = make[i](r);
        rc = t ? adx_report_add_table(rep, t) : ADX_ENOMEM;
    }
    return rc;
}

static void put(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

struct cJSON *adx__plsx_mga_json(const adx_pls_t *r)
{
    const adx_pls_mga_t *m = r->mga;
    cJSON *o = cJSON_CreateObject(), *pa = cJSON_CreateArray(), *mi = cJSON_CreateArray();
    cJSON *lab = cJSON_CreateStringArray((const char *const *)m->label, 2);
    if (!o || !pa || !mi || !lab) {
        cJSON_Delete(o);
        cJSON_Delete(pa);
        cJSON_Delete(mi);
        cJSON_Delete(lab);
        return NULL;
    }
    cJSON_AddStringToObject(o, "group", m->var);
    cJSON_AddItemToObject(o, "labels", lab);
    put(o, "n_1", (double)m->n[0]);
    put(o, "n_2", (double)m->n[1]);
    put(o, "nboot", (double)m->nboot);
    put(o, "nperm", (double)m->nperm);
    put(o, "seed", (double)m->seed);
    cJSON_AddItemToObject(o, "paths", pa);
    cJSON_AddItemToObject(o, "micom", mi);
    static const char *const pk[] = {"coef_1", "coef_2", "diff", "p_mga", "p_perm"};
    for (size_t e = 0; e < r->npaths; e++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "from", r->cname[r->pfrom[e]]);
        cJSON_AddStringToObject(x, "to", r->cname[r->pto[e]]);
        double v[] = {m->coef[0][e], m->coef[1][e], m->diff[e], m->p_mga[e], m->p_perm[e]};
        for (size_t k = 0; k < 5; k++)
            put(x, pk[k], v[k]);
        cJSON_AddItemToArray(pa, x);
    }
    static const char *const mk[] = {"c",          "c_q05",       "c_p",         "mean_diff",
                                     "mean_lower", "mean_upper",  "mean_p",      "logvar_diff",
                                     "logvar_lower", "logvar_upper", "logvar_p"};
    for (size_t c = 0; c < r->nc; c++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "construct", r->cname[c]);
        double v[] = {m->c[c],     m->c_q05[c], m->c_p[c], m->mdiff[c], m->mlo[c], m->mhi[c],
                      m->mp[c],    m->vdiff[c], m->vlo[c], m->vhi[c],   m->vp[c]};
        for (size_t k = 0; k < 11; k++)
            put(x, mk[k], v[k]);
        cJSON_AddItemToArray(mi, x);
    }
    return o;
}
