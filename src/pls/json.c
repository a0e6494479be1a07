/* adx_pls_json: the results with the keys of tests/reference/pls/README.md. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

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
                     const char *const *flags, size_t nf, const char *const *nkeys,
                     const double *nvals, size_t nn)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < ns; i++)
        cJSON_AddStringToObject(o, skeys[i], svals[i]);
    for (size_t i = 0; o && i < nf; i++)
        cJSON_AddBoolToObject(o, flags[i], 0);
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
        const char *sv[] = {r->cname[c], mode};
        double nv[] = {r->r2[c], r->adj_r2[c], r->alpha[c], r->rho_a[c], r->rho_c[c], r->ave[c]};
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags, 2, nk, nv, 6));
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
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags + 1, 1, nk, nv, 3));
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
        cJSON_AddItemToArray(a, record(sk, sv, 2, flags, 0, nk, nv, 3));
    }
    return a;
}

static cJSON *htmt(const adx_pls_t *r)
{
    cJSON *o = cJSON_CreateObject(), *names = cJSON_CreateArray(), *m = cJSON_CreateArray();
    for (size_t a = 0; names && m && a < r->nc; a++) {
        cJSON_AddItemToArray(names, cJSON_CreateString(r->cname[a]));
        cJSON *row = cJSON_CreateArray();
        for (size_t b = 0; row && b < r->nc; b++)
            cJSON_AddItemToArray(row, num(r->htmt[a * r->nc + b]));
        cJSON_AddItemToArray(m, row);
    }
    cJSON_AddItemToObject(o, "names", names);
    cJSON_AddItemToObject(o, "matrix", m);
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
    cJSON_AddItemToObject(root, "htmt", htmt(r));
    return root;
}

char *adx_pls_json(const adx_pls_t *r)
{
    cJSON *root = adx__pls_json_tree(r);
    char *s = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return s;
}
