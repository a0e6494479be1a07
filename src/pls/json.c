/* adx_pls_json: the results with the keys of tests/reference/pls/README.md. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "../base/base.h"

#include "pls_priv.h"

static cJSON *num(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void add_num(cJSON *o, const char *key, double v)
{
    cJSON_AddItemToObject(o, key, num(v));
}

/* One record: string fields, the two flags, then numbers (NaN as null). */
static cJSON *record(const char *const *skeys, const char *const *svals, size_t ns,
                     const char *const *flags, const int *fv, size_t nf,
                     const char *const *nkeys, const double *nvals, size_t nn)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < ns; i++)
        cJSON_AddStringToObject(o, skeys[i], svals[i]);
    for (size_t i = 0; o && i < nf; i++)
        cJSON_AddBoolToObject(o, flags[i], fv[i]);
    for (size_t i = 0; o && i < nn; i++)
        add_num(o, nkeys[i], nvals[i]);
    return o;
}

static const char *const flags[] = {"hoc", "interaction"};

static cJSON *constructs(const adx_pls_t *r)
{
    static const char *const sk[] = {"name", "mode"};
    static const char *const nk[] = {"r2", "adj_r2", "alpha", "rho_a", "rho_c", "ave"};
    cJSON *a = cJSON_CreateArray();
    for (size_t c = 0; a && c < r->nc; c++) {
        char mode[2] = {r->mode[c], 0};
        const char *sv[] = {r->cname[c], r->mode[c] == 'I' ? "interaction" : mode};
        int fv[] = {r->hoc && r->hoc[c] == 1, r->mode[c] == 'I'};
        double nv[] = {r->r2[c], r->adj_r2[c], r->alpha[c], r->rho_a[c], r->rho_c[c], r->ave[c]};
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags, fv, 2, nk, nv, 6));
    }
    return a;
}

static cJSON *loadings(const adx_pls_t *r)
{
    static const char *const sk[] = {"construct", "indicator"};
    static const char *const nk[] = {"loading", "weight", "vif"};
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < r->ni; i++) {
        const char *sv[] = {r->cname[r->icon[i]], r->iname[i]};
        double nv[] = {r->loading[i], r->weight[i], r->outer_vif[i]};
        int fv[] = {r->mode[r->icon[i]] == 'I'};
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags + 1, fv, 1, nk, nv, 3));
    }
    return a;
}

static cJSON *paths(const adx_pls_t *r)
{
    static const char *const sk[] = {"from", "to"};
    static const char *const nk[] = {"coef", "f2", "vif"};
    cJSON *a = cJSON_CreateArray();
    for (size_t e = 0; a && e < r->npaths; e++) {
        const char *sv[] = {r->cname[r->pfrom[e]], r->cname[r->pto[e]]};
        double nv[] = {r->coef[e], r->f2[e], r->inner_vif[e]};
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags, NULL, 0, nk, nv, 3));
    }
    return a;
}

/* {names, matrix} of an nc x nc matrix (NaN as null). */
static cJSON *square(const adx_pls_t *r, const double *x)
{
    cJSON *o = cJSON_CreateObject(), *names = cJSON_CreateArray(), *m = cJSON_CreateArray();
    for (size_t a = 0; names && m && a < r->nc; a++) {
        cJSON_AddItemToArray(names, cJSON_CreateString(r->cname[a]));
        cJSON *row = cJSON_CreateArray();
        for (size_t b = 0; row && b < r->nc; b++)
            cJSON_AddItemToArray(row, num(x[a * r->nc + b]));
        cJSON_AddItemToArray(m, row);
    }
    cJSON_AddItemToObject(o, "names", names);
    cJSON_AddItemToObject(o, "matrix", m);
    return o;
}

static cJSON *cross_loadings(const adx_pls_t *r)
{
    cJSON *o = cJSON_CreateObject(), *it = cJSON_CreateArray(), *cs = cJSON_CreateArray();
    cJSON *m = cJSON_CreateArray();
    for (size_t c = 0; cs && c < r->nc; c++)
        cJSON_AddItemToArray(cs, cJSON_CreateString(r->cname[c]));
    for (size_t i = 0; it && m && i < r->ni; i++) {
        cJSON_AddItemToArray(it, cJSON_CreateString(r->iname[i]));
        cJSON *row = cJSON_CreateArray();
        for (size_t c = 0; row && c < r->nc; c++)
            cJSON_AddItemToArray(row, num(r->cross[i * r->nc + c]));
        cJSON_AddItemToArray(m, row);
    }
    cJSON_AddItemToObject(o, "indicators", it);
    cJSON_AddItemToObject(o, "constructs", cs);
    cJSON_AddItemToObject(o, "matrix", m);
    return o;
}

static cJSON *indirect(const adx_pls_t *r)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a && k < r->nind; k++) {
        const size_t *c = r->ind_node + r->ind_start[k];
        size_t len = r->ind_start[k + 1] - r->ind_start[k];
        cJSON *o = cJSON_CreateObject(), *via = cJSON_CreateArray();
        cJSON_AddStringToObject(o, "from", r->cname[c[0]]);
        cJSON_AddStringToObject(o, "to", r->cname[c[len - 1]]);
        for (size_t m = 1; via && m + 1 < len; m++)
            cJSON_AddItemToArray(via, cJSON_CreateString(r->cname[c[m]]));
        cJSON_AddItemToObject(o, "via", via);
        add_num(o, "effect", r->ind_effect[k]);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

/* Total effects (minus_direct 0) or total indirect effects (1) of every connected pair. */
static cJSON *totals(const adx_pls_t *r, int minus_direct)
{
    size_t nc = r->nc;
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < nc; i++)
        for (size_t j = 0; j < nc; j++) {
            double t = r->total[i * nc + j], dir = 0;
            for (size_t e = 0; e < r->npaths; e++)
                if (r->pfrom[e] == i && r->pto[e] == j)
                    dir = r->coef[e];
            int chain = 0; /* connected by a chain with a mediator */
            for (size_t k = 0; k < r->nind && !chain; k++)
                chain = r->ind_node[r->ind_start[k]] == i &&
                        r->ind_node[r->ind_start[k + 1] - 1] == j;
            if (!(minus_direct ? chain : chain || r->adj[i * nc + j]))
                continue;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "from", r->cname[i]);
            cJSON_AddStringToObject(o, "to", r->cname[j]);
            add_num(o, "effect", minus_direct ? t - dir : t);
            cJSON_AddItemToArray(a, o);
        }
    return a;
}

static cJSON *fit(const adx_pls_t *r)
{
    cJSON *o = cJSON_CreateObject();
    static const char *const which[] = {"saturated", "estimated"};
    for (int k = 0; o && k < 2; k++) {
        cJSON *f = cJSON_CreateObject();
        add_num(f, "srmr", r->srmr[k]);
        add_num(f, "d_uls", r->d_uls[k]);
        add_num(f, "d_g", r->d_g[k]);
        cJSON_AddItemToObject(o, which[k], f);
    }
    return o;
}

/* One bootstrap record: the names of statistic k, then its numbers. */
static cJSON *boot_record(const adx_pls_t *r, size_t k)
{
    const adx_pls_boot_t *b = r->boot;
    size_t i = b->index[k], nc = r->nc;
    cJSON *o = cJSON_CreateObject();
    switch (b->kind[k]) {
    case ADX_PLS_STAT_PATH:
        cJSON_AddStringToObject(o, "from", r->cname[r->pfrom[i]]);
        cJSON_AddStringToObject(o, "to", r->cname[r->pto[i]]);
        break;
    case ADX_PLS_STAT_LOADING:
    case ADX_PLS_STAT_WEIGHT:
        cJSON_AddStringToObject(o, "construct", r->cname[r->icon[i]]);
        cJSON_AddStringToObject(o, "indicator", r->iname[i]);
        break;
    case ADX_PLS_STAT_TOTAL:
        cJSON_AddStringToObject(o, "from", r->cname[i / nc]);
        cJSON_AddStringToObject(o, "to", r->cname[i % nc]);
        break;
    case ADX_PLS_STAT_HTMT:
        cJSON_AddStringToObject(o, "a", r->cname[i / nc]);
        cJSON_AddStringToObject(o, "b", r->cname[i % nc]);
        break;
    case ADX_PLS_STAT_INDIRECT: {
        const size_t *c = r->ind_node + r->ind_start[i];
        size_t len = r->ind_start[i + 1] - r->ind_start[i];
        cJSON *via = cJSON_CreateArray();
        cJSON_AddStringToObject(o, "from", r->cname[c[0]]);
        cJSON_AddStringToObject(o, "to", r->cname[c[len - 1]]);
        for (size_t m = 1; via && m + 1 < len; m++)
            cJSON_AddItemToArray(via, cJSON_CreateString(r->cname[c[m]]));
        cJSON_AddItemToObject(o, "via", via);
        break;
    }
    }
    static const char *const keys[] = {"estimate", "mean", "se", "t", "p", "ci_lower",
                                       "ci_upper", "bca_lower", "bca_upper", "upper_one_sided"};
    const double v[] = {b->est[k], b->mean[k], b->se[k], b->t[k], b->p[k], b->lo[k],
                        b->hi[k], b->bca_lo[k], b->bca_hi[k], b->upper[k]};
    for (size_t j = 0; o && j < sizeof v / sizeof *v; j++)
        add_num(o, keys[j], v[j]);
    return o;
}

static cJSON *boot(const adx_pls_t *r)
{
    static const char *const lists[] = {"paths", "loadings", "weights", "total", "indirect",
                                        "htmt"};
    static const char *const signs[] = {"none", "individual"};
    const adx_pls_boot_t *b = r->boot;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "nboot", (double)b->nboot);
    cJSON_AddNumberToObject(o, "nboot_ok", (double)b->nok);
    cJSON_AddNumberToObject(o, "seed", (double)b->seed);
    cJSON_AddNumberToObject(o, "level", b->level);
    cJSON_AddStringToObject(o, "sign_change", signs[b->sign_change]);
    cJSON *arr[6];
    for (size_t l = 0; l < 6; l++)
        cJSON_AddItemToObject(o, lists[l], arr[l] = cJSON_CreateArray());
    for (size_t k = 0; k < b->nstat; k++)
        cJSON_AddItemToArray(arr[b->kind[k]], boot_record(r, k));
    return o;
}

struct cJSON *adx__pls_json_tree(const adx_pls_t *r)
{
    static const char *const schemes[] = {"path", "factor", "centroid"};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "scheme", schemes[r->scheme]);
    cJSON_AddBoolToObject(root, "consistent", r->consistent);
    cJSON_AddNumberToObject(root, "n", (double)r->n);
    cJSON_AddNumberToObject(root, "iterations", r->iterations);
    cJSON_AddBoolToObject(root, "converged", r->converged);
    cJSON_AddItemToObject(root, "constructs", constructs(r));
    cJSON_AddItemToObject(root, "loadings", loadings(r));
    cJSON_AddItemToObject(root, "paths", paths(r));
    cJSON_AddItemToObject(root, "htmt", square(r, r->htmt));
    cJSON_AddItemToObject(root, "fornell_larcker", square(r, r->fl));
    cJSON_AddItemToObject(root, "cross_loadings", cross_loadings(r));
    cJSON_AddItemToObject(root, "indirect", indirect(r));
    cJSON_AddItemToObject(root, "total", totals(r, 0));
    cJSON_AddItemToObject(root, "total_indirect", totals(r, 1));
    cJSON_AddItemToObject(root, "fit", fit(r));
    if (r->boot)
        cJSON_AddItemToObject(root, "boot", boot(r));
    adx__pls_x_json(r, root);
    return root;
}

char *adx_pls_json(const adx_pls_t *r)
{
    cJSON *root = adx__pls_json_tree(r);
    char *s = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return s;
}

adx_error_t adx_pls_save_scores(const adx_pls_t *r, const char *path, adx_errctx_t *ctx)
{
    adx__sb_t sb = {0};
    adx__sb_str(&sb, "row");
    for (size_t c = 0; c < r->nc; c++) {
        adx__sb_char(&sb, ',');
        adx__sb_csv(&sb, r->cname[c]);
    }
    for (size_t i = 0; i < r->n; i++) {
        adx__sb_printf(&sb, "\n%zu", i + 1);
        for (size_t c = 0; c < r->nc; c++)
            adx__sb_printf(&sb, ",%.17g", r->scores[c * r->n + i]);
    }
    adx__sb_char(&sb, '\n');
    if (sb.oom) {
        adx__sb_free(&sb);
        return adx_oom(ctx);
    }
    adx_error_t rc = adx_write_atomic(path, sb.s, sb.len, ctx);
    adx__sb_free(&sb);
    return rc;
}
