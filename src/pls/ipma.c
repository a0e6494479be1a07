/* Importance-performance map analysis (Ringle & Sarstedt 2016) for one target construct.
 * Each indicator is rescaled to 0-100, x* = 100 (x - lo) / (hi - lo) (lo, hi: the scale
 * given, else the item's observed minimum and maximum); the unstandardized weights
 * u = w / SD(x*) of a block are normalized to sum 1; the rescaled construct score is
 * sum u x* / sum u = Y / S + const (Y the standardized score, S = sum u), so its SD is
 * 1 / |S|. Performance = the mean rescaled score; importance = the unstandardized total
 * effect on the target, T_std * SD(target*) / SD(construct*) = T_std * S / S_target. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_plot.h"
#include "plsx_priv.h"

void adx__plsx_ipma_free(adx_pls_ipma_t *p)
{
    if (!p)
        return;
    ADX__FREE(p->importance, p->performance, p->lo, p->hi, p->ind_weight);
    free(p);
}

/* The scale of every item: lo/hi from o, else observed; an error for a value outside the
 * given scale or an item without range. */
static adx_error_t scales(const adx_pls_t *r, const adx__pls_raw_t *raw,
                          const adx_pls_options_t *o, adx_pls_ipma_t *p, adx_errctx_t *ctx)
{
    size_t ni = r->ni;
    for (size_t i = 0; i < ni; i++) {
        double mn = INFINITY, mx = -INFINITY;
        for (size_t row = 0; row < raw->n; row++) {
            double v = raw->x[row * ni + i];
            if (!isnan(v)) {
                mn = fmin(mn, v);
                mx = fmax(mx, v);
            }
        }
        p->lo[i] = isnan(o->scale_min) ? mn : o->scale_min;
        p->hi[i] = isnan(o->scale_max) ? mx : o->scale_max;
        if (mn < p->lo[i] || mx > p->hi[i])
            return adx_err(ctx, ADX_EUSAGE, "pls --ipma: indicator '%s' has the value %g outside "
                                            "the scale %g to %g; fix --scale-min/--scale-max",
                           r->iname[i], mn < p->lo[i] ? mn : mx, p->lo[i], p->hi[i]);
        if (!(p->hi[i] > p->lo[i]))
            return adx_err(ctx, ADX_EUSAGE, "pls --ipma: the scale of indicator '%s' is empty "
                                            "(%g to %g); give --scale-min and --scale-max",
                           r->iname[i], p->lo[i], p->hi[i]);
    }
    return ADX_OK;
}

/* reach[c] = 1 when a directed chain leads from c to t. */
static void reaching(const adx_pls_t *r, size_t t, unsigned char *reach)
{
    memset(reach, 0, r->nc);
    reach[t] = 1;
    for (size_t pass = 0; pass < r->nc; pass++)
        for (size_t e = 0; e < r->npaths; e++)
            if (reach[r->pto[e]])
                reach[r->pfrom[e]] = 1;
}

/* Weights, performance and importance from the mean-replaced rows x; su: nc scratch. */
static int compute(const adx_pls_t *r, const double *x, adx_pls_ipma_t *p, double *su,
                   unsigned char *reach)
{
    size_t n = r->n, ni = r->ni, nc = r->nc, t = p->target;
    memset(su, 0, nc * sizeof *su);
    for (size_t c = 0; c < nc; c++)
        p->performance[c] = 0;
    for (size_t i = 0; i < ni; i++) {
        double m = 0, ss = 0, range = p->hi[i] - p->lo[i];
        for (size_t row = 0; row < n; row++)
            m += x[row * ni + i];
        m /= (double)n;
        for (size_t row = 0; row < n; row++)
            ss += (x[row * ni + i] - m) * (x[row * ni + i] - m);
        p->ind_weight[i] = r->weight[i] / (100 * sqrt(ss / (double)(n - 1)) / range);
        su[r->icon[i]] += p->ind_weight[i];
        p->performance[r->icon[i]] += p->ind_weight[i] * 100 * (m - p->lo[i]) / range;
    }
    for (size_t c = 0; c < nc; c++)
        if (!(fabs(su[c]) > 1e-300))
            return -1;
    for (size_t i = 0; i < ni; i++)
        p->ind_weight[i] /= su[r->icon[i]];
    reaching(r, t, reach);
    for (size_t c = 0; c < nc; c++) {
        p->performance[c] /= su[c];
        p->importance[c] = reach[c] && c != t ? r->total[c * nc + t] * su[c] / su[t] : NAN;
    }
    return 0;
}

adx_error_t adx__plsx_ipma(adx_pls_t *r, const adx__pls_raw_t *raw, const adx_pls_options_t *o,
                           adx_errctx_t *ctx)
{
    size_t nc = r->nc, ni = r->ni;
    long t = -1;
    for (size_t c = 0; c < nc; c++)
        if (!strcmp(r->cname[c], o->ipma))
            t = (long)c;
    if (t < 0)
        return adx_err(ctx, ADX_EUSAGE, "pls --ipma %s: no construct of that name in the model",
                       o->ipma);
    if (!adx__plsx_endogenous(r, (size_t)t))
        return adx_err(ctx, ADX_EUSAGE, "pls --ipma %s: the target must be an endogenous "
                                        "construct (the target of a path)", o->ipma);
    adx_pls_ipma_t *p = calloc(1, sizeof *p);
    double *x = adx__plsx_mean_replaced(raw), *su = malloc(nc * sizeof *su);
    unsigned char *reach = malloc(nc);
    adx_error_t rc = ADX_OK;
    if (!p || !x || !su || !reach || !(p->importance = calloc(nc, sizeof(double))) ||
        !(p->performance = calloc(nc, sizeof(double))) || !(p->lo = calloc(ni, sizeof(double))) ||
        !(p->hi = calloc(ni, sizeof(double))) || !(p->ind_weight = calloc(ni, sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    p->target = (size_t)t;
    rc = scales(r, raw, o, p, ctx);
    if (!rc && compute(r, x, p, su, reach))
        rc = adx_err(ctx, ADX_ESINGULAR, "pls --ipma: the unstandardized weights of a construct "
                                         "sum to 0; no rescaled score");
    if (!rc) {
        r->ipma = p;
        p = NULL;
    }
cleanup:
    adx__plsx_ipma_free(p);
    ADX__FREE(x, su, reach);
    return rc;
}

static void ipma_row(const adx_pls_t *r, size_t c, const char **text, double *v)
{
    text[0] = r->cname[c];
    v[0] = r->ipma->importance[c];
    v[1] = r->ipma->performance[c];
}

/* The map: one point per construct with an effect on the target (x importance, y
 * performance); no figure when the figure module is absent. */
static adx_error_t ipma_figure(const adx_pls_t *r, adx_report_t *rep)
{
    const adx_pls_ipma_t *p = r->ipma;
    adx_series_t *s = calloc(r->nc, sizeof *s);
    if (!s)
        return ADX_ENOMEM;
    size_t ns = 0;
    for (size_t c = 0; c < r->nc; c++)
        if (!isnan(p->importance[c]))
            s[ns++] = (adx_series_t){r->cname[c], p->importance + c, p->performance + c, 1, 0, 2, 0};
    char title[160], *svg = NULL;
    snprintf(title, sizeof title, "Importance-performance map: %s", r->cname[p->target]);
    adx_plot_options_t po;
    adx_plot_options_init(&po);
    po.title = title;
    po.xlabel = "Importance (unstandardized total effect)";
    po.ylabel = "Performance (0-100)";
    adx_errctx_t local = {0};
    adx_error_t rc = ADX_OK;
    if (ns && adx_plot_lines(s, ns, &po, &svg, &local) == ADX_OK)
        rc = adx_report_add_figure(rep, svg, title, NULL);
    free(svg);
    free(s);
    return rc;
}

adx_error_t adx__plsx_ipma_report(const adx_pls_t *r, adx_report_t *rep)
{
    static const char *const cols[] = {"Construct", "Importance", "Performance"};
    const adx_pls_ipma_t *p = r->ipma;
    char title[160];
    snprintf(title, sizeof title, "IPMA: %s", r->cname[p->target]);
    adx_table_t *t = adx_table_alloc(title, 3, cols);
    adx_error_t rc = t ? ADX_OK : ADX_ENOMEM;
    for (size_t c = 0; !rc && c < r->nc; c++) {
        const char *text[1];
        double v[2];
        ipma_row(r, c, text, v);
        size_t row = adx_table_add_row(t);
        rc = row == (size_t)-1 ? ADX_ENOMEM : adx_table_set_text(t, row, 0, text[0]);
        for (size_t j = 0; !rc && j < 2; j++)
            rc = adx_table_set_num(t, row, j + 1, v[j], ADX_NUM_FIXED, j ? 2 : 3, NULL);
    }
    if (!rc)
        rc = adx_table_add_note(t, "Ringle & Sarstedt (2016): importance = unstandardized total "
                                   "effect on %s; performance = mean construct score on the "
                                   "indicators rescaled to 0-100 (the scale of --scale-min "
                                   "and --scale-max, else each indicator's observed range).",
                                r->cname[p->target]);
    if (!rc)
        rc = adx_report_add_table(rep, t);
    else
        adx_table_free(t);
    return rc ? rc : ipma_figure(r, rep);
}

struct cJSON *adx__plsx_ipma_json(const adx_pls_t *r)
{
    const adx_pls_ipma_t *p = r->ipma;
    cJSON *o = cJSON_CreateObject(), *cs = cJSON_CreateArray(), *is = cJSON_CreateArray();
    if (!o || !cs || !is) {
        cJSON_Delete(o);
        cJSON_Delete(cs);
        cJSON_Delete(is);
        return NULL;
    }
    cJSON_AddStringToObject(o, "target", r->cname[p->target]);
    cJSON_AddItemToObject(o, "constructs", cs);
    cJSON_AddItemToObject(o, "indicators", is);
    for (size_t c = 0; c < r->nc; c++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", r->cname[c]);
        cJSON_AddItemToObject(e, "importance", isnan(p->importance[c]) ? cJSON_CreateNull()
                                                  : cJSON_CreateNumber(p->importance[c]));
        cJSON_AddNumberToObject(e, "performance", p->performance[c]);
        cJSON_AddItemToArray(cs, e);
    }
    for (size_t i = 0; i < r->ni; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "indicator", r->iname[i]);
        cJSON_AddNumberToObject(e, "scale_min", p->lo[i]);
        cJSON_AddNumberToObject(e, "scale_max", p->hi[i]);
        cJSON_AddNumberToObject(e, "weight", p->ind_weight[i]);
        cJSON_AddItemToArray(is, e);
    }
    return o;
}
