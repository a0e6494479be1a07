/* PLS-SEM against seminr 2.3.1 (issue 18): tests/reference/pls/ref/<case>.json, every
 * deterministic estimate (weights, loadings, outer VIF, paths, f^2, inner VIF, R^2,
 * adjusted R^2, alpha, rho_A, rho_C, AVE, HTMT) to 1e-6 relative (absolute below 1). */
#include <cjson/cJSON.h>

#include "ambidex/ambidex.h"
#include "ambidex/adx_pls.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/pls/"

static double worst_abs, worst_rel;

/* ours against the reference value j (null: ours must be NaN). */
static void cmp(double ours, const cJSON *j, const char *what, const char *where)
{
    t_count++;
    if (!j || cJSON_IsNull(j)) {
        if (!isnan(ours)) {
            t_fail++;
            fprintf(stderr, "%s %s: %.15g, expected null\n", where, what, ours);
        }
        return;
    }
    double ref = j->valuedouble, d = fabs(ours - ref), rel = d / (fabs(ref) > 1 ? fabs(ref) : 1);
    if (d > worst_abs)
        worst_abs = d;
    if (rel > worst_rel)
        worst_rel = rel;
    if (!(rel <= 1e-6)) {
        t_fail++;
        fprintf(stderr, "%s %s: %.15g, expected %.15g\n", where, what, ours, ref);
    }
}

static long cidx(const adx_pls_t *r, const char *name)
{
    for (size_t c = 0; c < r->nc; c++)
        if (!strcmp(r->cname[c], name))
            return (long)c;
    return -1;
}

static void check_constructs(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(ref, "constructs"))
    {
        long c = cidx(r, cJSON_GetObjectItem(o, "name")->valuestring);
        CHECK(c >= 0);
        if (c < 0)
            continue;
        static const char *const keys[] = {"r2", "adj_r2", "alpha", "rho_a", "rho_c", "ave"};
        const double *v[] = {r->r2, r->adj_r2, r->alpha, r->rho_a, r->rho_c, r->ave};
        for (size_t k = 0; k < 6; k++)
            cmp(v[k][c], cJSON_GetObjectItem(o, keys[k]), keys[k], id);
    }
}

static void check_loadings(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *o;
    size_t matched = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(ref, "loadings"))
    {
        const char *con = cJSON_GetObjectItem(o, "construct")->valuestring;
        const char *ind = cJSON_GetObjectItem(o, "indicator")->valuestring;
        for (size_t i = 0; i < r->ni; i++)
            if (!strcmp(r->iname[i], ind) && !strcmp(r->cname[r->icon[i]], con)) {
                cmp(r->loading[i], cJSON_GetObjectItem(o, "loading"), "loading", id);
                cmp(r->weight[i], cJSON_GetObjectItem(o, "weight"), "weight", id);
                cmp(r->outer_vif[i], cJSON_GetObjectItem(o, "vif"), "outer vif", id);
                matched++;
            }
    }
    CHECK(matched == r->ni);
}

static void check_paths(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *o;
    size_t matched = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(ref, "paths"))
    {
        long f = cidx(r, cJSON_GetObjectItem(o, "from")->valuestring);
        long t = cidx(r, cJSON_GetObjectItem(o, "to")->valuestring);
        for (size_t e = 0; e < r->npaths; e++)
            if ((long)r->pfrom[e] == f && (long)r->pto[e] == t) {
                cmp(r->coef[e], cJSON_GetObjectItem(o, "coef"), "coef", id);
                cmp(r->f2[e], cJSON_GetObjectItem(o, "f2"), "f2", id);
                cmp(r->inner_vif[e], cJSON_GetObjectItem(o, "vif"), "inner vif", id);
                matched++;
            }
    }
    CHECK(matched == r->npaths);
}

static void check_htmt(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *h = cJSON_GetObjectItem(ref, "htmt");
    const cJSON *names = cJSON_GetObjectItem(h, "names"), *m = cJSON_GetObjectItem(h, "matrix");
    int na = cJSON_GetArraySize(names);
    CHECK((size_t)na == r->nc);
    for (int a = 0; a < na; a++)
        for (int b = 0; b < na; b++) {
            long ca = cidx(r, cJSON_GetArrayItem(names, a)->valuestring);
            long cb = cidx(r, cJSON_GetArrayItem(names, b)->valuestring);
            if (ca >= 0 && cb >= 0)
                cmp(r->htmt[ca * (long)r->nc + cb],
                    cJSON_GetArrayItem(cJSON_GetArrayItem(m, a), b), "htmt", id);
        }
}

static void check_case(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, REF "ref/%s.json", id);
    char *text = NULL;
    size_t len = 0;
    adx_errctx_t ctx = {0};
    adx_read_text_file(path, "reference", &text, &len, &ctx);
    cJSON *ref = text ? cJSON_Parse(text) : NULL;
    CHECK(ref != NULL);
    if (!ref) {
        free(text);
        return;
    }
    const char *data = cJSON_GetObjectItem(ref, "data")->valuestring;
    const char *model = cJSON_GetObjectItem(ref, "model")->valuestring;
    const char *scheme = cJSON_GetObjectItem(ref, "scheme")->valuestring;
    snprintf(path, sizeof path, REF "data/%s", data);
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_pls_t *r = NULL;
    CHECK_OK(adx_read_csv(path, &ro, &ds, &ctx), ctx);
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    o.scheme = !strcmp(scheme, "factor")     ? ADX_PLS_FACTOR
               : !strcmp(scheme, "centroid") ? ADX_PLS_CENTROID
                                             : ADX_PLS_PATH;
    o.consistent = cJSON_IsTrue(cJSON_GetObjectItem(ref, "consistent"));
    if (ds)
        CHECK_OK(adx_pls(ds, model, &o, &r, &ctx), ctx);
    if (r) {
        CHECK(r->n == (size_t)cJSON_GetObjectItem(ref, "n")->valuedouble);
        CHECK(r->converged);
        check_constructs(r, ref, id);
        check_loadings(r, ref, id);
        check_paths(r, ref, id);
        check_htmt(r, ref, id);
    }
    adx_pls_free(r);
    adx_dataset_free(ds);
    cJSON_Delete(ref);
    free(text);
}

/* Bad models: clear errors. */
static void check_errors(void)
{
    adx_errctx_t ctx = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_pls_t *r = NULL;
    CHECK_OK(adx_read_csv(REF "data/mobi.csv", &ro, &ds, &ctx), ctx);
    if (!ds)
        return;
    static const char *const bad[] = {
        "A <~ IMAG1\nB =~ CUEX1 + CUEX2\nB ~ A\n",              /* single-item mode B */
        "A =~ IMAG1 + IMAG2\nB =~ CUEX1\nC =~ CUSA1\nB ~ A\n",  /* C unconnected */
        "A =~ IMAG1\nB =~ CUEX1\nB ~ A\nA ~ B\n",               /* cycle */
        "A =~ IMAG1 + NOPE\nB =~ CUEX1\nB ~ A\n",               /* unknown item */
        "A =~ IMAG1\nB ~ A\n",                                  /* unknown construct */
        "A IMAG1\n",                                            /* no operator */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(adx_pls(ds, bad[i], NULL, &r, &ctx) != ADX_OK && r == NULL && ctx.msg[0]);
        ctx.msg[0] = 0;
    }
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    static const char *const cases[] = {"mobi_ecsi",       "mobi_ecsi_factor",
                                        "mobi_ecsi_centroid", "corp_rep_simple",
                                        "corp_rep_ext",    "corp_rep_ext_factor",
                                        "mobi_ecsi_plsc"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_case(cases[i]);
    printf("seminr agreement: max abs diff %.3g, max rel diff %.3g\n", worst_abs, worst_rel);
    check_errors();
    TEST_DONE();
}
