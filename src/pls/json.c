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

static cJSON *constructs(const adx_pls_t *r)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t c = 0; a && c < r->nc; c++) {
        cJSON *o = cJSON_CreateObject();
        char mode[2] = {r->mode[c], 0};
        cJSON_AddStringToObject(o, "name", r->cname[c]);
        cJSON_AddStringToObject(o, "mode", mode);
        cJSON_AddBoolToObject(o, "hoc", 0);
        cJSON_AddBoolToObject(o, "interaction", 0);
        add_num(o, "r2", r->r2[c]);
        add_num(o, "adj_r2", r->adj_r2[c]);
        add_num(o, "alpha", r->alpha[c]);
        add_num(o, "rho_a", r->rho_a[c]);
        add_num(o, "rho_c", r->rho_c[c]);
        add_num(o, "ave", r->ave[c]);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *loadings(const adx_pls_t *r)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < r->ni; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "construct", r->cname[r->icon[i]]);
        cJSON_AddStringToObject(o, "indicator", r->iname[i]);
        cJSON_AddBoolToObject(o, "interaction", 0);
        add_num(o, "loading", r->loading[i]);
        add_num(o, "weight", r->weight[i]);
        add_num(o, "vif", r->outer_vif[i]);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *paths(const adx_pls_t *r)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t e = 0; a && e < r->npaths; e++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "from", r->cname[r->pfrom[e]]);
        cJSON_AddStringToObject(o, "to", r->cname[r->pto[e]]);
        add_num(o, "coef", r->coef[e]);
        add_num(o, "f2", r->f2[e]);
        add_num(o, "vif", r->inner_vif[e]);
        cJSON_AddItemToArray(a, o);
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
