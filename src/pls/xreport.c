/* The tables, figure and JSON of PLSpredict, IPMA and the multi-group analysis. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_plot.h"
#include "plsx_priv.h"

/* A PLSpredict table: out of sample (in 0) with Q2_predict, or in sample. */
static adx_table_t *predict_table(const adx_pls_t *r, int in)
{
    static const char *const cols[] = {"Indicator", "PLS RMSE", "PLS MAE", "LM RMSE", "LM MAE",
                                       "Q2_predict"};
    const adx_pls_predict_t *q = r->predict;
    adx_table_t *t = adx_table_alloc(in ? "PLSpredict: in sample" : "PLSpredict: out of sample",
                                     in ? 5 : 6, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; !rc && k < q->nitem; k++) {
        const char *name = r->iname[q->item[k]];
        double v[] = {in ? q->pls_rmse_in[k] : q->pls_rmse[k], in ? q->pls_mae_in[k] : q->pls_mae[k],
                      in ? q->lm_rmse_in[k] : q->lm_rmse[k], in ? q->lm_mae_in[k] : q->lm_mae[k],
                      q->q2[k]};
        rc = adx__plsx_row(t, &name, 1, v, in ? "ffff" : "fffff");
    }
    char how[96];
    if (q->folds == r->n)
        snprintf(how, sizeof how, "leave-one-out (%zu folds)", q->folds);
    else
        snprintf(how, sizeof how, "%zu folds (rows shuffled with seed %llu)", q->folds,
                 (unsigned long long)q->seed);
    if (!rc && in)
        rc = adx_table_add_note(t, "In sample: the mean of a row's predictions by the models "
                                   "of the folds it was trained in.");
    else if (!rc)
        rc = adx_table_add_note(t, "Cross-validation: %s; PLS predicts with the direct "
                                   "antecedents; LM: each indicator on every indicator outside "
                                   "its construct. Q2_predict = 1 - SSE(PLS) / SSE(training-"
                                   "sample mean).", how);
    return adx__plsx_done(t, rc);
}

static adx_error_t predict_tables(const adx_pls_t *r, adx_report_t *rep)
{
    adx_error_t rc = ADX_OK;
    for (int in = 0; !rc && in < 2; in++) {
        adx_table_t *t = predict_table(r, in);
        rc = t ? adx_report_add_table(rep, t) : ADX_ENOMEM;
    }
    return rc;
}

adx_error_t adx__pls_x_report(const adx_pls_t *r, adx_report_t *rep)
{
    adx_error_t rc = r->predict ? predict_tables(r, rep) : ADX_OK;
    if (!rc && r->ipma)
        rc = adx__plsx_ipma_report(r, rep);
    if (!rc && r->mga)
        rc = adx__plsx_mga_report(r, rep);
    return rc;
}

static void jnum(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

static cJSON *predict_json(const adx_pls_t *r)
{
    const adx_pls_predict_t *q = r->predict;
    cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
    if (!o || !a) {
        cJSON_Delete(o);
        cJSON_Delete(a);
        return NULL;
    }
    cJSON_AddStringToObject(o, "technique", "DA");
    jnum(o, "folds", (double)q->folds);
    cJSON_AddBoolToObject(o, "loocv", q->folds == r->n);
    jnum(o, "seed", q->folds == r->n ? NAN : (double)q->seed);
    cJSON_AddItemToObject(o, "items", a);
    static const char *const keys[] = {"pls_rmse",    "pls_mae",    "lm_rmse",
                                       "lm_mae",      "pls_rmse_in", "pls_mae_in",
                                       "lm_rmse_in",  "lm_mae_in",  "q2_predict"};
    for (size_t t = 0; t < q->nitem; t++) {
        cJSON *it = cJSON_CreateObject();
        if (!it)
            break;
        cJSON_AddStringToObject(it, "indicator", r->iname[q->item[t]]);
        const double v[] = {q->pls_rmse[t],    q->pls_mae[t],    q->lm_rmse[t],
                            q->lm_mae[t],      q->pls_rmse_in[t], q->pls_mae_in[t],
                            q->lm_rmse_in[t],  q->lm_mae_in[t],  q->q2[t]};
        for (size_t k = 0; k < 9; k++)
            jnum(it, keys[k], v[k]);
        cJSON_AddItemToArray(a, it);
    }
    return o;
}

void adx__pls_x_json(const adx_pls_t *r, cJSON *root)
{
    if (r->predict)
        cJSON_AddItemToObject(root, "predict", predict_json(r));
    if (r->ipma)
        cJSON_AddItemToObject(root, "ipma", adx__plsx_ipma_json(r));
    if (r->mga)
        cJSON_AddItemToObject(root, "mga", adx__plsx_mga_json(r));
}
