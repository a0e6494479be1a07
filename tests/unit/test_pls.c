/* PLS-SEM against seminr 2.3.1 (issue 18): tests/reference/pls/ref/<case>.json, every
 * deterministic estimate (weights, loadings, outer VIF, paths, f^2, inner VIF, R^2,
 * adjusted R^2, alpha, rho_A, rho_C, AVE, HTMT) to 1e-6 relative (absolute below 1). */
#include <cjson/cJSON.h>
#include <gsl/gsl_cdf.h>

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
    size_t nint = 0; /* interaction terms: not in the reference's HTMT */
    for (size_t c = 0; c < r->nc; c++)
        nint += r->mode[c] == 'I';
    CHECK((size_t)na == r->nc - nint);
    for (int a = 0; a < na; a++)
        for (int b = 0; b < na; b++) {
            long ca = cidx(r, cJSON_GetArrayItem(names, a)->valuestring);
            long cb = cidx(r, cJSON_GetArrayItem(names, b)->valuestring);
            if (ca >= 0 && cb >= 0)
                cmp(r->htmt[ca * (long)r->nc + cb],
                    cJSON_GetArrayItem(cJSON_GetArrayItem(m, a), b), "htmt", id);
        }
}

/* {names, matrix} reference against ours (nc x nc) by construct name. */
static void check_square(const adx_pls_t *r, const cJSON *h, const double *x, const char *what,
                         const char *id)
{
    const cJSON *names = cJSON_GetObjectItem(h, "names"), *m = cJSON_GetObjectItem(h, "matrix");
    int na = cJSON_GetArraySize(names);
    CHECK(na > 0);
    for (int a = 0; a < na; a++)
        for (int b = 0; b < na; b++) {
            long ca = cidx(r, cJSON_GetArrayItem(names, a)->valuestring);
            long cb = cidx(r, cJSON_GetArrayItem(names, b)->valuestring);
            CHECK(ca >= 0 && cb >= 0);
            if (ca >= 0 && cb >= 0)
                cmp(x[ca * (long)r->nc + cb], cJSON_GetArrayItem(cJSON_GetArrayItem(m, a), b),
                    what, id);
        }
}

static void check_cross(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *h = cJSON_GetObjectItem(ref, "cross_loadings");
    const cJSON *it = cJSON_GetObjectItem(h, "indicators"), *cs = cJSON_GetObjectItem(h, "constructs");
    const cJSON *m = cJSON_GetObjectItem(h, "matrix");
    for (int i = 0; i < cJSON_GetArraySize(it); i++) {
        long ii = -1;
        for (size_t k = 0; k < r->ni; k++)
            if (!strcmp(r->iname[k], cJSON_GetArrayItem(it, i)->valuestring))
                ii = (long)k;
        CHECK(ii >= 0);
        for (int c = 0; ii >= 0 && c < cJSON_GetArraySize(cs); c++) {
            long cc = cidx(r, cJSON_GetArrayItem(cs, c)->valuestring);
            CHECK(cc >= 0);
            if (cc >= 0)
                cmp(r->cross[ii * (long)r->nc + cc],
                    cJSON_GetArrayItem(cJSON_GetArrayItem(m, i), c), "cross-loading", id);
        }
    }
}

/* Specific indirect effects matched by their chain. */
static void check_indirect(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *o;
    int nref = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(ref, "indirect"))
    {
        const cJSON *via = cJSON_GetObjectItem(o, "via");
        size_t len = (size_t)cJSON_GetArraySize(via) + 2, found = 0;
        long chain[64];
        chain[0] = cidx(r, cJSON_GetObjectItem(o, "from")->valuestring);
        chain[len - 1] = cidx(r, cJSON_GetObjectItem(o, "to")->valuestring);
        for (size_t m = 1; m + 1 < len; m++)
            chain[m] = cidx(r, cJSON_GetArrayItem(via, (int)m - 1)->valuestring);
        nref++;
        for (size_t k = 0; k < r->nind; k++) {
            if (r->ind_start[k + 1] - r->ind_start[k] != len)
                continue;
            size_t m = 0;
            while (m < len && (long)r->ind_node[r->ind_start[k] + m] == chain[m])
                m++;
            if (m == len) {
                cmp(r->ind_effect[k], cJSON_GetObjectItem(o, "effect"), "indirect", id);
                found++;
            }
        }
        CHECK(found == 1);
    }
    CHECK((size_t)nref == r->nind);
}

/* Total effects (minus_direct 0) or total indirect effects (1). */
static void check_total(const adx_pls_t *r, const cJSON *arr, int minus_direct, const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        long f = cidx(r, cJSON_GetObjectItem(o, "from")->valuestring);
        long t = cidx(r, cJSON_GetObjectItem(o, "to")->valuestring);
        double v = r->total[f * (long)r->nc + t];
        for (size_t e = 0; minus_direct && e < r->npaths; e++)
            if ((long)r->pfrom[e] == f && (long)r->pto[e] == t)
                v -= r->coef[e];
        cmp(v, cJSON_GetObjectItem(o, "effect"), minus_direct ? "total indirect" : "total", id);
    }
}

static void check_scores(const adx_pls_t *r, const cJSON *ref, const char *id)
{
    const cJSON *h = cJSON_GetObjectItem(ref, "scores_head");
    const cJSON *names = cJSON_GetObjectItem(h, "names"), *rows = cJSON_GetObjectItem(h, "rows");
    for (int i = 0; i < cJSON_GetArraySize(rows); i++)
        for (int c = 0; c < cJSON_GetArraySize(names); c++) {
            long cc = cidx(r, cJSON_GetArrayItem(names, c)->valuestring);
            CHECK(cc >= 0);
            if (cc >= 0)
                cmp(r->scores[cc * (long)r->n + i],
                    cJSON_GetArrayItem(cJSON_GetArrayItem(rows, i), c), "score", id);
        }
}

/* The parsed JSON file at path (NULL when it cannot be read). */
static cJSON *load_json(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    adx_errctx_t ctx = {0};
    adx_read_text_file(path, "reference", &text, &len, &ctx);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(j != NULL);
    return j;
}

/* Fits reference case id with its data, model, scheme and --consistent (o may add more);
 * *ref gets the parsed reference. NULL on failure (counted). */
static adx_pls_t *fit_ref(const char *id, adx_pls_options_t *o, cJSON **ref)
{
    char path[512];
    snprintf(path, sizeof path, REF "ref/%s.json", id);
    adx_pls_t *r = NULL;
    if (!(*ref = load_json(path)))
        return NULL;
    const char *scheme = cJSON_GetObjectItem(*ref, "scheme")->valuestring;
    snprintf(path, sizeof path, REF "data/%s", cJSON_GetObjectItem(*ref, "data")->valuestring);
    adx_errctx_t ctx = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    adx_dataset_t *ds = NULL;
    o->scheme = !strcmp(scheme, "factor")     ? ADX_PLS_FACTOR
                : !strcmp(scheme, "centroid") ? ADX_PLS_CENTROID
                                              : ADX_PLS_PATH;
    o->consistent = cJSON_IsTrue(cJSON_GetObjectItem(*ref, "consistent"));
    const cJSON *arg;
    cJSON_ArrayForEach(arg, cJSON_GetObjectItem(*ref, "args")) /* interaction / HOC method */
    {
        if (!strcmp(arg->valuestring, "product-indicator"))
            o->interaction = ADX_PLS_INT_PRODUCT;
        if (!strcmp(arg->valuestring, "repeated"))
            o->hoc = ADX_PLS_HOC_REPEATED;
    }
    CHECK_OK(adx_read_csv(path, &ro, &ds, &ctx), ctx);
    if (ds)
        CHECK_OK(adx_pls(ds, cJSON_GetObjectItem(*ref, "model")->valuestring, o, &r, &ctx), ctx);
    adx_dataset_free(ds);
    return r;
}

static void check_case(const char *id)
{
    cJSON *ref = NULL;
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    adx_pls_t *r = fit_ref(id, &o, &ref);
    if (r) {
        CHECK(r->n == (size_t)cJSON_GetObjectItem(ref, "n")->valuedouble);
        CHECK(r->converged);
        check_constructs(r, ref, id);
        check_loadings(r, ref, id);
        check_paths(r, ref, id);
        check_htmt(r, ref, id);
        check_square(r, cJSON_GetObjectItem(ref, "fornell_larcker"), r->fl, "fornell-larcker", id);
        check_cross(r, ref, id);
        check_indirect(r, ref, id);
        check_total(r, cJSON_GetObjectItem(ref, "total"), 0, id);
        check_total(r, cJSON_GetObjectItem(ref, "total_indirect"), 1, id);
        check_scores(r, ref, id);
    }
    adx_pls_free(r);
    cJSON_Delete(ref);
}

/* SRMR, d_ULS, d_G against ref/fit.json (make_pls_fit.R: the formulas in R on seminr's
 * estimates). */
static void check_fit(void)
{
    cJSON *ref = load_json(REF "ref/fit.json"), *cs;
    cJSON_ArrayForEach(cs, cJSON_GetObjectItem(ref, "cases"))
    {
        cJSON *case_ref = NULL;
        adx_pls_options_t o;
        adx_pls_options_init(&o);
        adx_pls_t *r = fit_ref(cs->string, &o, &case_ref);
        static const char *const which[] = {"saturated", "estimated"};
        for (int k = 0; r && k < 2; k++) {
            const cJSON *f = cJSON_GetObjectItem(cs, which[k]);
            cmp(r->srmr[k], cJSON_GetObjectItem(f, "srmr"), "srmr", cs->string);
            cmp(r->d_uls[k], cJSON_GetObjectItem(f, "d_uls"), "d_uls", cs->string);
            cmp(r->d_g[k], cJSON_GetObjectItem(f, "d_g"), "d_g", cs->string);
        }
        adx_pls_free(r);
        cJSON_Delete(case_ref);
    }
    cJSON_Delete(ref);
}

/* The bootstrap statistic of r matching reference record o of list `what`; -1 if none. */
static long boot_stat(const adx_pls_t *r, const char *what, const cJSON *o)
{
    const adx_pls_boot_t *b = r->boot;
    const char *s1 = !strcmp(what, "htmt") ? "a" : "from", *s2 = !strcmp(what, "htmt") ? "b" : "to";
    for (size_t k = 0; k < b->nstat; k++) {
        size_t i = b->index[k], nc = r->nc;
        int hit = 0;
        switch (b->kind[k]) {
        case ADX_PLS_STAT_PATH:
            hit = !strcmp(what, "paths") && (long)r->pfrom[i] == cidx(r, cJSON_GetObjectItem(o, s1)->valuestring) &&
                  (long)r->pto[i] == cidx(r, cJSON_GetObjectItem(o, s2)->valuestring);
            break;
        case ADX_PLS_STAT_LOADING:
        case ADX_PLS_STAT_WEIGHT:
            hit = !strcmp(what, b->kind[k] == ADX_PLS_STAT_LOADING ? "loadings" : "weights") &&
                  !strcmp(r->iname[i], cJSON_GetObjectItem(o, "indicator")->valuestring) &&
                  !strcmp(r->cname[r->icon[i]], cJSON_GetObjectItem(o, "construct")->valuestring);
            break;
        case ADX_PLS_STAT_TOTAL:
        case ADX_PLS_STAT_HTMT: {
            long f = cidx(r, cJSON_GetObjectItem(o, s1)->valuestring);
            long t = cidx(r, cJSON_GetObjectItem(o, s2)->valuestring);
            hit = !strcmp(what, b->kind[k] == ADX_PLS_STAT_TOTAL ? "total" : "htmt") &&
                  (i == (size_t)f * nc + (size_t)t || (b->kind[k] == ADX_PLS_STAT_HTMT &&
                                                      i == (size_t)t * nc + (size_t)f));
            break;
        }
        case ADX_PLS_STAT_INDIRECT: {
            const cJSON *via = cJSON_GetObjectItem(o, "via");
            size_t len = (size_t)cJSON_GetArraySize(via) + 2, m = 0;
            if (strcmp(what, "indirect") || r->ind_start[i + 1] - r->ind_start[i] != len)
                break;
            for (m = 0; m < len; m++) {
                const char *nm = m == 0         ? cJSON_GetObjectItem(o, "from")->valuestring
                                 : m == len - 1 ? cJSON_GetObjectItem(o, "to")->valuestring
                                                : cJSON_GetArrayItem(via, (int)m - 1)->valuestring;
                if ((long)r->ind_node[r->ind_start[i] + m] != cidx(r, nm))
                    break;
            }
            hit = m == len;
            break;
        }
        }
        if (hit)
            return (long)k;
    }
    return -1;
}

/* |ours - ref[key]| in Monte Carlo SDs (ref[mc] infl); a statistic without Monte Carlo
 * spread (a single item's loading 1) must agree to 1e-12: 0 or infinity. */
static double zdiff(double ours, const cJSON *o, const char *key, const char *mc, double infl)
{
    double d = fabs(ours - cJSON_GetObjectItem(o, key)->valuedouble);
    double sd = cJSON_GetObjectItem(o, mc)->valuedouble * infl;
    return sd > 0 ? d / sd : d <= 1e-12 ? 0 : INFINITY;
}

/* Bootstrap (own random stream) against seminr's: estimates to 1e-6; SEs and percentile
 * limits within Monte Carlo error. The difference of two independent Monte Carlo estimates
 * has SD se_se sqrt(1 + B_ref / B) (ours has B resamples); the bound is z_m such SDs, z_m
 * the Bonferroni normal quantile for a familywise 0.1% over the m comparisons of the case
 * (at least 5 for the percentile limits: heavy Monte Carlo tails of skewed quantiles). */
static void check_boot(const char *id, size_t B)
{
    cJSON *ref = NULL;
    adx_pls_options_t o;
    adx_pls_options_init(&o);
    o.boot = B;
    o.seed = 123;
    adx_pls_t *r = fit_ref(id, &o, &ref);
    const cJSON *rb = cJSON_GetObjectItem(ref, "boot");
    CHECK(r && r->boot && rb);
    if (!r || !r->boot || !rb) {
        adx_pls_free(r);
        cJSON_Delete(ref);
        return;
    }
    static const char *const lists[] = {"paths", "loadings", "weights", "total", "indirect", "htmt"};
    double bref = cJSON_GetObjectItem(rb, "nboot")->valuedouble, infl = sqrt(1 + bref / (double)B);
    size_t m = 0;
    const cJSON *o2;
    for (size_t l = 0; l < 6; l++)
        m += (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(rb, lists[l]));
    double zm = gsl_cdf_ugaussian_Qinv(0.0005 / (double)m), worst_se = 0, worst_ci = 0;
    for (size_t l = 0; l < 6; l++)
        cJSON_ArrayForEach(o2, cJSON_GetObjectItem(rb, lists[l]))
        {
            long k = boot_stat(r, lists[l], o2);
            CHECK(k >= 0);
            if (k < 0)
                continue;
            const adx_pls_boot_t *b = r->boot;
            cmp(b->est[k], cJSON_GetObjectItem(o2, "estimate"), "boot estimate", id);
            double zse = zdiff(b->se[k], o2, "se", "se_se", infl);
            double zlo = zdiff(b->lo[k], o2, "ci_lower", "ci_lower_mcse", infl);
            double zhi = zdiff(b->hi[k], o2, "ci_upper", "ci_upper_mcse", infl);
            worst_se = fmax(worst_se, zse);
            worst_ci = fmax(worst_ci, fmax(zlo, zhi));
            t_count++;
            if (!(zse <= zm && zlo <= fmax(zm, 5) && zhi <= fmax(zm, 5))) {
                t_fail++;
                fprintf(stderr, "%s boot %s #%ld: se %.5g (seminr %.5g), ci %.5g %.5g (seminr "
                                "%.5g %.5g)\n", id, lists[l], k, b->se[k],
                        cJSON_GetObjectItem(o2, "se")->valuedouble, b->lo[k], b->hi[k],
                        cJSON_GetObjectItem(o2, "ci_lower")->valuedouble,
                        cJSON_GetObjectItem(o2, "ci_upper")->valuedouble);
            }
        }
    CHECK(r->boot->nok == B);
    printf("%s bootstrap (B = %zu, %zu comparisons, bound %.2f): max |diff| / MC SD: SE %.2f, "
           "percentile limits %.2f\n", id, B, m, zm, worst_se, worst_ci);
    adx_pls_free(r);
    cJSON_Delete(ref);
}

/* Same seed => the same numbers with 1 and 3 threads. */
static void check_boot_threads(void)
{
    cJSON *ref = NULL;
    adx_pls_t *r[2] = {NULL, NULL};
    for (int t = 0; t < 2; t++) {
        adx_pls_options_t o;
        adx_pls_options_init(&o);
        o.boot = 101;
        o.seed = 7;
        o.threads = t ? 3 : 1;
        r[t] = fit_ref("corp_rep_ext", &o, &ref);
        cJSON_Delete(ref);
    }
    CHECK(r[0] && r[1] && r[0]->boot && r[1]->boot);
    if (r[0] && r[1] && r[0]->boot && r[1]->boot) {
        const adx_pls_boot_t *a = r[0]->boot, *b = r[1]->boot;
        CHECK(a->nstat == b->nstat);
        CHECK(!memcmp(a->se, b->se, a->nstat * sizeof *a->se));
        CHECK(!memcmp(a->bca_lo, b->bca_lo, a->nstat * sizeof *a->se));
        CHECK(!memcmp(a->hi, b->hi, a->nstat * sizeof *a->se));
    }
    adx_pls_free(r[0]);
    adx_pls_free(r[1]);
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
        "A =~ IMAG1 + IMAG2\nB =~ CUEX1 + CUEX2\nC =~ CUSA1\nC ~ A + B + A:Z\n", /* Z unknown */
        "A =~ IMAG1 + IMAG2\nB =~ CUEX1 + CUEX2\nH =~ A + B\nC =~ CUSA1\nD =~ CUSL1\n"
        "C ~ H + D + H:D\n", /* HOC and interaction together: not supported yet */
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
    worst_abs = worst_rel = 0;
    /* Interaction terms and higher-order constructs: two-stage (shared references),
     * product indicators and repeated indicators (make_pls_stages.R). */
    static const char *const staged[] = {"mobi_interaction", "corp_rep_mod", "mobi_hoc",
                                         "mobi_hoc_b", "mobi_interaction_pi", "corp_rep_mod_pi",
                                         "mobi_hoc_rep", "mobi_hoc_b_rep"};
    for (size_t i = 0; i < sizeof staged / sizeof *staged; i++)
        check_case(staged[i]);
    printf("interactions and HOCs, seminr agreement: max abs diff %.3g, max rel diff %.3g\n",
           worst_abs, worst_rel);
    worst_abs = worst_rel = 0;
    check_fit();
    printf("SRMR, d_ULS, d_G (R reference): max abs diff %.3g, max rel diff %.3g\n", worst_abs,
           worst_rel);
    check_boot("mobi_ecsi", 2000);
    check_boot("corp_rep_ext", 2000);
    check_boot("corp_rep_mod", 400); /* two-stage interaction: both stages per resample */
    check_boot_threads();
    check_errors();
    TEST_DONE();
}
