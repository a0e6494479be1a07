/* PLSpredict, IPMA and multi-group analysis of ambidex pls (issue 18 item 4) against the
 * references of tests/reference/pls: seminr's leave-one-out predict_pls (ref/CASE_predict.json),
 * its 10-fold predict_pls with the folds it drew (ref/pls_predict_x.json, make_pls_x.R),
 * IPMA by the published formulas on seminr's estimates (ref/pls_ipma.json). Deterministic
 * numbers to 1e-6 relative (absolute below 1). */
#include <cjson/cJSON.h>

#include "ambidex/ambidex.h"
#include "ambidex/adx_pls.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/pls/"

static double worst;

/* |ours - ref| / max(1, |ref|) <= 1e-6; a null reference wants NaN. */
static void near(double ours, const cJSON *j, const char *what, const char *where)
{
    t_count++;
    int null = !j || cJSON_IsNull(j);
    double ref = null ? NAN : j->valuedouble;
    double rel = null ? (isnan(ours) ? 0 : INFINITY) : fabs(ours - ref) / fmax(1, fabs(ref));
    worst = fmax(worst, rel);
    if (!(rel <= 1e-6)) {
        t_fail++;
        fprintf(stderr, "%s %s: %.15g, reference %.15g\n", where, what, ours, ref);
    }
}

static cJSON *json_file(const char *name)
{
    char path[512], *text = NULL;
    size_t len = 0;
    adx_errctx_t ctx = {0};
    snprintf(path, sizeof path, REF "ref/%s", name);
    adx_read_text_file(path, "reference", &text, &len, &ctx);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(j != NULL);
    return j;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *s = cJSON_GetObjectItem(o, key);
    return cJSON_IsString(s) ? s->valuestring : "";
}

/* Fits data file / model file (names under REF) with o; NULL on failure (counted). */
static adx_pls_t *fit(const char *data, const char *model, const adx_pls_options_t *o)
{
    char path[512], *text = NULL;
    size_t len = 0;
    adx_errctx_t ctx = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_pls_t *r = NULL;
    snprintf(path, sizeof path, REF "models/%s", model);
    CHECK_OK(adx_read_text_file(path, "model", &text, &len, &ctx), ctx);
    snprintf(path, sizeof path, REF "data/%s", data);
    CHECK_OK(adx_read_csv(path, &ro, &ds, &ctx), ctx);
    if (ds && text)
        CHECK_OK(adx_pls(ds, text, o, &r, &ctx), ctx);
    adx_dataset_free(ds);
    free(text);
    return r;
}

static long item_of(const adx_pls_predict_t *q, const adx_pls_t *r, const char *name)
{
    for (size_t t = 0; t < q->nitem; t++)
        if (!strcmp(r->iname[q->item[t]], name))
            return (long)t;
    return -1;
}

/* The metrics of every reference item (keys as the JSON; metrics 0: none of them);
 * q2key: also Q2_predict. */
static void check_items(const adx_pls_t *r, const cJSON *items, int metrics, const char *q2key,
                        const char *where)
{
    const adx_pls_predict_t *q = r->predict;
    CHECK(q && q->nitem == (size_t)cJSON_GetArraySize(items));
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        long t = q ? item_of(q, r, str(it, "indicator")) : -1;
        CHECK(t >= 0);
        if (t < 0)
            continue;
        static const char *const keys[] = {"pls_rmse",   "pls_mae",    "lm_rmse",
                                           "lm_mae",     "pls_rmse_in", "pls_mae_in",
                                           "lm_rmse_in", "lm_mae_in"};
        const double *v[] = {q->pls_rmse,   q->pls_mae,    q->lm_rmse,    q->lm_mae,
                             q->pls_rmse_in, q->pls_mae_in, q->lm_rmse_in, q->lm_mae_in};
        for (size_t k = 0; metrics && k < 8; k++)
            near(v[k][t], cJSON_GetObjectItem(it, keys[k]), keys[k], where);
        if (q2key)
            near(q->q2[t], cJSON_GetObjectItem(it, q2key), q2key, where);
    }
}

/* Leave-one-out: seminr's predict_pls (deterministic), and Q2_predict (make_pls_x.R). */
static void check_loocv(const char *id, const cJSON *x)
{
    char name[128];
    snprintf(name, sizeof name, "%s_predict.json", id);
    cJSON *ref = json_file(name);
    if (!ref)
        return;
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    o.predict = (size_t)cJSON_GetObjectItem(ref, "n")->valuedouble;
    adx_pls_t *r = fit(str(ref, "data"), str(ref, "model_file"), &o);
    if (r) {
        check_items(r, cJSON_GetObjectItem(cJSON_GetObjectItem(ref, "predict"), "items"), 1, NULL,
                    id);
        check_items(r, cJSON_GetObjectItem(x, "items"), 0, "q2_predict_loocv", id);
    }
    adx_pls_free(r);
    cJSON_Delete(ref);
}

/* 10 folds as seminr drew them after set.seed(123) (make_pls_x.R): every metric and Q2. */
static void check_kfold(const cJSON *x)
{
    const cJSON *folds = cJSON_GetObjectItem(x, "fold_of");
    size_t n = (size_t)cJSON_GetArraySize(folds), i = 0, *fold = malloc(n * sizeof *fold);
    const cJSON *f;
    if (!fold)
        return;
    cJSON_ArrayForEach(f, folds) fold[i++] = (size_t)f->valuedouble - 1;
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    o.predict = 10;
    o.fold_of = fold;
    adx_pls_t *r = fit(str(x, "data"), str(x, "model_file"), &o);
    if (r)
        check_items(r, cJSON_GetObjectItem(x, "items"), 1, "q2_predict", str(x, "id"));
    adx_pls_free(r);
    free(fold);
}

/* Folds from the seed: the same numbers with 1 and 3 threads; another seed differs. */
static void check_predict_threads(void)
{
    adx_pls_t *r[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        adx_pls_options_t o;
        adx_pls_options_init(&o);
        o.predict = 7;
        o.seed = k == 2 ? 6 : 5;
        o.threads = k == 1 ? 3 : 1;
        r[k] = fit("corp_rep_data.csv", "corp_rep_ext.txt", &o);
    }
    CHECK(r[0] && r[1] && r[2] && r[0]->predict && r[1]->predict && r[2]->predict);
    if (r[0] && r[1] && r[2] && r[0]->predict && r[1]->predict && r[2]->predict) {
        size_t m = r[0]->predict->nitem * sizeof(double);
        CHECK(!memcmp(r[0]->predict->pls_rmse, r[1]->predict->pls_rmse, m));
        CHECK(!memcmp(r[0]->predict->lm_mae_in, r[1]->predict->lm_mae_in, m));
        CHECK(!memcmp(r[0]->predict->q2, r[1]->predict->q2, m));
        CHECK(memcmp(r[0]->predict->pls_rmse, r[2]->predict->pls_rmse, m) != 0);
    }
    for (int k = 0; k < 3; k++)
        adx_pls_free(r[k]);
}

/* IPMA against the published formulas on seminr's estimates (make_pls_x.R). */
static void check_ipma(const cJSON *c)
{
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    const cJSON *args = cJSON_GetObjectItem(c, "args");
    o.ipma = str(c, "target");
    if (cJSON_GetArraySize(args) == 6) {
        o.scale_min = atof(cJSON_GetArrayItem(args, 3)->valuestring);
        o.scale_max = atof(cJSON_GetArrayItem(args, 5)->valuestring);
    }
    adx_pls_t *r = fit(str(c, "data"), str(c, "model_file"), &o);
    CHECK(r && r->ipma);
    if (!r || !r->ipma) {
        adx_pls_free(r);
        return;
    }
    const cJSON *e;
    size_t k = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "constructs"))
    {
        CHECK(!strcmp(r->cname[k], str(e, "name")));
        near(r->ipma->importance[k], cJSON_GetObjectItem(e, "importance"), "importance", o.ipma);
        near(r->ipma->performance[k], cJSON_GetObjectItem(e, "performance"), "performance", o.ipma);
        k++;
    }
    k = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "indicators"))
    {
        CHECK(!strcmp(r->iname[k], str(e, "indicator")));
        near(r->ipma->lo[k], cJSON_GetObjectItem(e, "scale_min"), "scale_min", o.ipma);
        near(r->ipma->hi[k], cJSON_GetObjectItem(e, "scale_max"), "scale_max", o.ipma);
        near(r->ipma->ind_weight[k], cJSON_GetObjectItem(e, "weight"), "weight", o.ipma);
        k++;
    }
    adx_pls_free(r);
}

/* Monte Carlo bound: |ours - ref| <= z sqrt(p (1 - p) (k / m_ref + k / m_ours)) with p their
 * mean (at least 0.01), z = 4.5 (familywise 0.1% over some 40 comparisons); k = 2 for the
 * PLS-MGA p (two bootstrap distributions), 1 for a permutation share. */
static double worst_z;

static void near_mc(double ours, const cJSON *j, double m_ref, double m_ours, double k,
                    const char *what, const char *where)
{
    double ref = j ? j->valuedouble : NAN, pm = fmax(0.01, (ours + ref) / 2);
    pm = fmin(pm, 0.99);
    double z = fabs(ours - ref) / sqrt(pm * (1 - pm) * (k / m_ref + k / m_ours));
    worst_z = fmax(worst_z, z);
    t_count++;
    if (!(z <= 4.5)) {
        t_fail++;
        fprintf(stderr, "%s %s: %.6g, reference %.6g (%.2f Monte Carlo SDs)\n", where, what,
                ours, ref, z);
    }
}

/* A permutation interval limit: within a fifth of the reference interval's width. */
static void near_limit(double ours, const cJSON *j, double width, const char *what,
                       const char *where)
{
    t_count++;
    if (!(j && fabs(ours - j->valuedouble) <= 0.2 * width + 1e-9)) {
        t_fail++;
        fprintf(stderr, "%s %s: %.6g, reference %.6g\n", where, what, ours,
                j ? j->valuedouble : NAN);
    }
}

static void check_micom(const adx_pls_mga_t *m, const adx_pls_t *r, const cJSON *c, double P)
{
    const cJSON *e;
    size_t k = 0;
    double Pr = cJSON_GetObjectItem(c, "nperm")->valuedouble;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "micom"))
    {
        const char *name = str(e, "construct");
        CHECK(k < r->nc && !strcmp(r->cname[k], name));
        near(m->c[k], cJSON_GetObjectItem(e, "c"), "MICOM c", name);
        near(m->mdiff[k], cJSON_GetObjectItem(e, "mean_diff"), "mean difference", name);
        near(m->vdiff[k], cJSON_GetObjectItem(e, "logvar_diff"), "log variance difference", name);
        near_mc(m->c_p[k], cJSON_GetObjectItem(e, "c_p"), Pr, P, 1, "c p", name);
        near_mc(m->mp[k], cJSON_GetObjectItem(e, "mean_p"), Pr, P, 1, "mean p", name);
        near_mc(m->vp[k], cJSON_GetObjectItem(e, "logvar_p"), Pr, P, 1, "log variance p", name);
        near_limit(m->c_q05[k], cJSON_GetObjectItem(e, "c_q05"),
                   1 - cJSON_GetObjectItem(e, "c_q05")->valuedouble, "c 5% quantile", name);
        double wm = cJSON_GetObjectItem(e, "mean_upper")->valuedouble -
                    cJSON_GetObjectItem(e, "mean_lower")->valuedouble;
        double wv = cJSON_GetObjectItem(e, "logvar_upper")->valuedouble -
                    cJSON_GetObjectItem(e, "logvar_lower")->valuedouble;
        near_limit(m->mlo[k], cJSON_GetObjectItem(e, "mean_lower"), wm, "mean lower", name);
        near_limit(m->mhi[k], cJSON_GetObjectItem(e, "mean_upper"), wm, "mean upper", name);
        near_limit(m->vlo[k], cJSON_GetObjectItem(e, "logvar_lower"), wv, "logvar lower", name);
        near_limit(m->vhi[k], cJSON_GetObjectItem(e, "logvar_upper"), wv, "logvar upper", name);
        k++;
    }
    CHECK(k == r->nc);
}

/* Multi-group analysis against ref/pls_mga.json (make_pls_x.R): group paths, differences,
 * MICOM c and the step-3 differences exactly; PLS-MGA and permutation p within Monte Carlo
 * error; then the same numbers with 1 and 3 threads. */
static void check_mga(const cJSON *c)
{
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    o.group = str(c, "group");
    o.boot = 2000;
    o.perm = 2000;
    adx_pls_t *r = fit(str(c, "data"), str(c, "model_file"), &o);
    const adx_pls_mga_t *m = r ? r->mga : NULL;
    CHECK(m != NULL);
    if (!m) {
        adx_pls_free(r);
        return;
    }
    CHECK(m->n[0] == (size_t)cJSON_GetObjectItem(c, "n_1")->valuedouble);
    CHECK(m->nperm == 2000 && !strcmp(m->label[0], "1"));
    double B = cJSON_GetObjectItem(c, "nboot")->valuedouble;
    double P = cJSON_GetObjectItem(c, "nperm")->valuedouble;
    const cJSON *e;
    size_t k = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "paths"))
    {
        CHECK(k < r->npaths && !strcmp(r->cname[r->pfrom[k]], str(e, "from")));
        near(m->coef[0][k], cJSON_GetObjectItem(e, "coef_1"), "group 1 path", str(e, "to"));
        near(m->coef[1][k], cJSON_GetObjectItem(e, "coef_2"), "group 2 path", str(e, "to"));
        near(m->diff[k], cJSON_GetObjectItem(e, "diff"), "difference", str(e, "to"));
        near_mc(m->p_mga[k], cJSON_GetObjectItem(e, "p_mga"), B, 2000, 2, "PLS-MGA p", str(e, "to"));
        near_mc(m->p_perm[k], cJSON_GetObjectItem(e, "p_perm"), P, 2000, 1, "permutation p",
                str(e, "to"));
        k++;
    }
    check_micom(m, r, c, 2000);
    o.boot = o.perm = 60;
    adx_pls_t *t[2];
    for (int j = 0; j < 2; j++) {
        o.threads = j ? 3 : 1;
        t[j] = fit(str(c, "data"), str(c, "model_file"), &o);
    }
    CHECK(t[0] && t[1] && t[0]->mga && t[1]->mga);
    if (t[0] && t[1] && t[0]->mga && t[1]->mga) {
        size_t np = r->npaths * sizeof(double), nc = r->nc * sizeof(double);
        CHECK(!memcmp(t[0]->mga->p_mga, t[1]->mga->p_mga, np));
        CHECK(!memcmp(t[0]->mga->p_perm, t[1]->mga->p_perm, np));
        CHECK(!memcmp(t[0]->mga->c_q05, t[1]->mga->c_q05, nc));
        CHECK(!memcmp(t[0]->mga->vhi, t[1]->mga->vhi, nc));
    }
    adx_pls_free(t[0]);
    adx_pls_free(t[1]);
    adx_pls_free(r);
}

/* Bad options: clear errors. */
static void check_errors(void)
{
    adx_pls_options_t o;
    adx_errctx_t ctx = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    adx_pls_t *r = NULL;
    const char *model = "A =~ IMAG1 + IMAG2\nB =~ CUEX1 + CUEX2\nB ~ A\n";
    CHECK_OK(adx_read_csv(REF "data/mobi.csv", &ro, &ds, &ctx), ctx);
    for (int k = 0; ds && k < 5; k++) {
        adx_pls_options_init(&o);
        if (k == 0)
            o.predict = 251; /* more folds than rows */
        else if (k == 1)
            o.ipma = "Nope";
        else if (k == 2)
            o.ipma = "A"; /* exogenous target */
        else if (k == 4)
            o.group = "CUSA1"; /* ten values */
        else {
            o.ipma = "B";
            o.scale_min = 2; /* the data hold 1 */
            o.scale_max = 10;
        }
        ctx.msg[0] = 0;
        CHECK(adx_pls(ds, model, &o, &r, &ctx) != ADX_OK && r == NULL && ctx.msg[0]);
    }
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    cJSON *px = json_file("pls_predict_x.json"), *ip = json_file("pls_ipma.json");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(px, "cases"))
    {
        check_loocv(str(c, "id"), c);
        check_kfold(c);
    }
    printf("PLSpredict against seminr (leave-one-out, 10 folds), Q2_predict: max rel diff %.3g\n",
           worst);
    worst = 0;
    check_predict_threads();
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(ip, "cases")) check_ipma(c);
    printf("IPMA against the R formulas: max rel diff %.3g\n", worst);
    worst = 0;
    cJSON *mg = json_file("pls_mga.json");
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(mg, "cases")) check_mga(c);
    printf("MGA against seminr and the R procedures: deterministic max rel diff %.3g; p-values "
           "within %.2f Monte Carlo SDs\n", worst, worst_z);
    cJSON_Delete(mg);
    check_errors();
    cJSON_Delete(px);
    cJSON_Delete(ip);
    TEST_DONE();
}
