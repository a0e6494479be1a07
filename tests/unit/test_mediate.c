/* mediate against R (lm + formulas, tests/reference/mediate/make_mediate.R), against
 * bootstrap limits recomputed by R from ambidex's own resample indices, against R boot
 * and lavaan bootstraps (Monte-Carlo tolerance), and against PROCESS 2.16.3 outputs. */
#include <stdint.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_mediate.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/mediate/"

typedef struct {
    char scen[32], key[160];
    double v;
} kv_t;

static kv_t *load_kv(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char line[512];
    size_t cap = 1024, k = 0;
    kv_t *kv = malloc(cap * sizeof *kv);
    if (!f || !kv) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    if (!fgets(line, sizeof line, f))
        exit(1);
    while (fgets(line, sizeof line, f)) {
        char *a = strtok(line, ","), *b = strtok(NULL, ","), *c = strtok(NULL, ",\r\n");
        if (!a || !b || !c)
            continue;
        if (k == cap)
            kv = realloc(kv, (cap *= 2) * sizeof *kv);
        snprintf(kv[k].scen, sizeof kv[k].scen, "%s", a);
        snprintf(kv[k].key, sizeof kv[k].key, "%s", b);
        kv[k].v = strcmp(c, "NA") ? strtod(c, NULL) : NAN;
        k++;
    }
    fclose(f);
    *n = k;
    return kv;
}

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_read_options_t o;
    adx_read_options_init(&o);
    if (adx_read_file(path, &o, &ds, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        exit(1);
    }
    return ds;
}

static size_t var(const adx_dataset_t *ds, const char *name)
{
    long i = adx_dataset_find(ds, name);
    if (i < 0) {
        fprintf(stderr, "no variable %s\n", name);
        exit(1);
    }
    return (size_t)i;
}

/* Key of a bootstrapped row: mediators joined by '>' ("total" for the total). */
static void row_key(const char *label, char *out, size_t n)
{
    if (!strcmp(label, "Total")) {
        snprintf(out, n, "total");
        return;
    }
    const char *first = strstr(label, " -> ");
    const char *last = first;
    for (const char *p = first; (p = strstr(p + 1, " -> "));)
        last = p;
    size_t len = 0;
    out[0] = 0;
    for (const char *p = first; p && p < last;) {
        const char *q = strstr(p + 4, " -> ");
        len += (size_t)snprintf(out + len, n - len, "%s%.*s", len ? ">" : "", (int)(q - p - 4), p + 4);
        p = q;
    }
}

static int effect_stat(const adx_med_effect_t *e, const char *s, double *v)
{
    if (!strcmp(s, "effect") || !strcmp(s, "b"))
        *v = e->effect;
    else if (!strcmp(s, "se"))
        *v = e->se;
    else if (!strcmp(s, "t"))
        *v = e->t;
    else if (!strcmp(s, "p"))
        *v = e->p;
    else if (!strcmp(s, "lo"))
        *v = e->lo;
    else if (!strcmp(s, "hi"))
        *v = e->hi;
    else if (!strcmp(s, "w"))
        *v = e->w;
    else
        return -1;
    return 0;
}

static int boot_stat(const adx_med_boot_t *b, const char *s, double *v)
{
    if (!strcmp(s, "effect"))
        *v = b->effect;
    else if (!strcmp(s, "boot_se"))
        *v = b->boot_se;
    else if (!strcmp(s, "lo"))
        *v = b->lo;
    else if (!strcmp(s, "hi"))
        *v = b->hi;
    else if (!strcmp(s, "ps"))
        *v = b->ps_effect;
    else if (!strcmp(s, "cs"))
        *v = b->cs_effect;
    else
        return -1;
    return 0;
}

/* Value of a result for a key of expected.csv / process_expected.csv. */
static int res_get(const adx_mediate_t *r, const char *key, double *v)
{
    char buf[160], *t[6] = {0};
    size_t nt = 0;
    snprintf(buf, sizeof buf, "%s", key);
    for (char *s = strtok(buf, "."); s && nt < 6; s = strtok(NULL, "."))
        t[nt++] = s;
    char rk[256];
    if (!strcmp(t[0], "n")) {
        *v = (double)r->n;
        return 0;
    }
    if (!strcmp(t[0], "eq") && nt >= 3) {
        for (size_t e = 0; e < r->neq; e++) {
            const adx_med_equation_t *E = &r->eq[e];
            if (strcmp(E->outcome, t[1]))
                continue;
            if (nt == 3) {
                const char *s = t[2];
                *v = !strcmp(s, "r") ? E->r : !strcmp(s, "r2") ? E->r2 : !strcmp(s, "mse") ? E->mse
                     : !strcmp(s, "f") ? E->f : !strcmp(s, "df1") ? E->df1 : !strcmp(s, "df2") ? E->df2
                     : !strcmp(s, "p") ? E->p : NAN;
                return 0;
            }
            for (size_t j = 0; j < E->ncoef; j++) {
                char term[160];
                size_t w = 0;
                for (const char *p = E->coef[j].term; *p && w + 4 < sizeof term; p++) {
                    if (!strncmp(p, " x ", 3) && strchr(t[2], '_')) {
                        memcpy(term + w, "_x_", 3), w += 3, p += 2;
                        continue;
                    }
                    term[w++] = *p;
                }
                term[w] = 0;
                if (strcmp(term, t[2]))
                    continue;
                const adx_med_coef_t *C = &E->coef[j];
                adx_med_effect_t tmp = {NULL, NAN, C->b, C->se, C->t, C->p, C->lo, C->hi};
                return effect_stat(&tmp, t[3], v);
            }
        }
        return -1;
    }
    if (!strcmp(t[0], "total") && r->has_total)
        return effect_stat(&r->total, t[1], v);
    if (!strcmp(t[0], "direct"))
        return effect_stat(&r->direct[0], t[1], v);
    if (!strcmp(t[0], "sobel") || !strcmp(t[0], "aroian") || !strcmp(t[0], "goodman")) {
        const adx_med_normal_t *s = t[0][0] == 's' ? &r->sobel : t[0][0] == 'a' ? &r->aroian
                                                                                 : &r->goodman;
        *v = !strcmp(t[1], "se") ? s->se : !strcmp(t[1], "z") ? s->z : !strcmp(t[1], "p") ? s->p
                                                                                          : s->effect;
        return 0;
    }
    if (!strcmp(t[0], "probe")) {
        *v = r->probes[atoi(t[1]) - 1];
        return 0;
    }
    if (!strcmp(t[0], "ind")) {
        double w = NAN;
        const char *stat = t[2];
        if (nt == 4) {
            w = r->probes[atoi(t[2] + 1) - 1];
            stat = t[3];
        }
        for (size_t j = 0; j < r->nind; j++) {
            row_key(r->ind[j].label, rk, sizeof rk);
            if (strcmp(rk, t[1]) || !(isnan(w) ? isnan(r->ind[j].w) : r->ind[j].w == w))
                continue;
            return boot_stat(&r->ind[j], stat, v);
        }
        return -1;
    }
    if (!strcmp(t[0], "index")) {
        for (size_t j = 0; j < r->nindex; j++) {
            row_key(r->index[j].label, rk, sizeof rk);
            if (!strcmp(rk, t[1]))
                return boot_stat(&r->index[j], nt == 2 ? "effect" : t[2], v);
        }
        return -1;
    }
    if (!strcmp(t[0], "con")) {
        for (size_t j = 0; j < r->ncontrast; j++) {
            int a, b;
            if (sscanf(r->contrast[j].label, "(%d) - (%d)", &a, &b) != 2)
                return -1;
            char ka[128], kb[128], kk[260];
            row_key(r->ind[a - 1].label, ka, sizeof ka);
            row_key(r->ind[b - 1].label, kb, sizeof kb);
            snprintf(kk, sizeof kk, "%s-%s", ka, kb);
            if (!strcmp(kk, t[1]))
                return boot_stat(&r->contrast[j], t[2], v);
        }
        return -1;
    }
    if (!strcmp(t[0], "r2chng") && r->has_r2chng) {
        const char *s = nt > 1 ? t[1] : "r2";
        *v = !strcmp(s, "r2") ? r->r2chng : !strcmp(s, "f") ? r->r2chng_f : !strcmp(s, "p") ? r->r2chng_p
             : !strcmp(s, "df1") ? r->r2chng_df1 : r->r2chng_df2;
        return 0;
    }
    if (!strcmp(t[0], "mc") && r->nind) {
        *v = !strcmp(t[1], "lo") ? r->ind[0].mc_lo : r->ind[0].mc_hi;
        return 0;
    }
    if (!strcmp(t[0], "cond")) {
        size_t k = (size_t)atoi(t[1] + 1) - 1;
        if (k >= r->ndirect)
            return -1;
        return effect_stat(&r->direct[k], t[2], v);
    }
    return -1;
}

/* Suffix of a key (".hc3") selecting the SE type run, or "" for OLS. */
static const char *key_suffix(const char *key)
{
    const char *d = strrchr(key, '.');
    return d && !strncmp(d, ".hc", 3) ? d : "";
}

static size_t max_abs_i;
static double max_abs[8];
enum { D_R, D_PROCESS_DET, D_PROCESS_SE, D_PROCESS_CI };

/* Largest absolute difference per statistic (last part of the key), for the report. */
static char tal_name[64][24];
static double tal_max[64];
static size_t ntal;
static void tally(const char *key, double d)
{
    const char *last = strrchr(key, '.');
    last = last ? last + 1 : key;
    if (!strcmp(key, "n"))
        return;
    size_t i = 0;
    while (i < ntal && strcmp(tal_name[i], last))
        i++;
    if (i == ntal) {
        if (ntal == 64)
            return;
        snprintf(tal_name[ntal++], sizeof tal_name[0], "%s", last);
        tal_max[i] = 0;
    }
    if (d > tal_max[i])
        tal_max[i] = d;
}

/* Compares every expected value of a scenario whose key has the given suffix. */
static void compare(const kv_t *kv, size_t nkv, const char *scen, const char *suffix,
                    const adx_mediate_t *r, double tol)
{
    size_t n = 0;
    for (size_t i = 0; i < nkv; i++) {
        if (strcmp(kv[i].scen, scen) || strcmp(key_suffix(kv[i].key), suffix))
            continue;
        char key[160];
        snprintf(key, sizeof key, "%s", kv[i].key);
        if (*suffix)
            key[strlen(key) - strlen(suffix)] = 0;
        double v = NAN;
        int rc = res_get(r, key, &v);
        if (rc)
            fprintf(stderr, "%s: no value for key %s\n", scen, kv[i].key);
        CHECK(rc == 0);
        CHECK_CLOSE(v, kv[i].v, tol);
        double d = fabs(v - kv[i].v) / (fabs(kv[i].v) > 1 ? fabs(kv[i].v) : 1);
        if (d > max_abs[D_R])
            max_abs[D_R] = d;
        tally(key, fabs(v - kv[i].v));
        n++;
    }
    CHECK(n > 0);
}

static adx_mediate_t *run(const adx_dataset_t *ds, adx_mediate_spec_t *sp,
                          const adx_mediate_options_t *o)
{
    adx_mediate_t *r = NULL;
    adx_errctx_t e = {0};
    adx_error_t rc = adx_mediate(ds, sp, o, &r, &e);
    CHECK_OK(rc, e);
    if (rc)
        exit(1);
    return r;
}

static void test_against_r(void)
{
    size_t nkv;
    kv_t *kv = load_kv(REF "expected.csv", &nkv);
    adx_mediate_options_t o;

    /* poldem4: one mediator, every SE type. */
    adx_dataset_t *pd = load(REF "data/poldem.csv");
    size_t m1 = var(pd, "dem60");
    adx_mediate_spec_t sp = {var(pd, "ind60"), var(pd, "dem65"), &m1, 1, NULL, 0, -1};
    static const char *suf[] = {"", ".hc0", ".hc1", ".hc2", ".hc3", ".hc4"};
    for (int s = 0; s < 6; s++) {
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.hc = (adx_hc_t)s;
        adx_mediate_t *r = run(pd, &sp, &o);
        compare(kv, nkv, "poldem4", suf[s], r, 1e-8);
        CHECK(r->has_bk && r->bk.conclusion != NULL);
        adx_mediate_free(r);
    }
    adx_dataset_free(pd);

    adx_dataset_t *bf = load(REF "data/bfi_scales.csv");
    size_t E = var(bf, "E"), A = var(bf, "A"), C = var(bf, "C"), O = var(bf, "O"), N = var(bf, "N");
    size_t gender = var(bf, "gender"), age = var(bf, "age");
    {
        size_t ms[] = {A, C, O}, cv[] = {gender, age};
        adx_mediate_spec_t s4 = {E, N, ms, 3, cv, 2, -1};
        adx_mediate_options_init(&o);
        o.boot = 0;
        adx_mediate_t *r = run(bf, &s4, &o);
        compare(kv, nkv, "bfi4", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C}, cv[] = {age};
        adx_mediate_spec_t s6 = {E, N, ms, 2, cv, 1, -1};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 6;
        o.hc = ADX_HC3;
        adx_mediate_t *r = run(bf, &s6, &o);
        compare(kv, nkv, "bfi6", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C}, cv[] = {age};
        adx_mediate_spec_t s7 = {E, N, ms, 2, cv, 1, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 7;
        o.probe = ADX_PROBE_MEANSD;
        adx_mediate_t *r = run(bf, &s7, &o);
        compare(kv, nkv, "bfi7", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C};
        adx_mediate_spec_t s14 = {E, N, ms, 2, NULL, 0, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 14;
        o.hc = ADX_HC3;
        o.probe = ADX_PROBE_MEANSD;
        adx_mediate_t *r = run(bf, &s14, &o);
        compare(kv, nkv, "bfi14", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t cv[] = {gender};
        adx_mediate_spec_t s1 = {E, N, NULL, 0, cv, 1, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 1;
        o.hc = ADX_HC3;
        o.probe = ADX_PROBE_MEANSD;
        adx_mediate_t *r = run(bf, &s1, &o);
        compare(kv, nkv, "bfi1", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C};
        adx_mediate_spec_t s8 = {E, N, ms, 2, NULL, 0, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 8; /* default probes: 16th/50th/84th percentiles */
        adx_mediate_t *r = run(bf, &s8, &o);
        compare(kv, nkv, "bfi8", "", r, 1e-8);
        adx_mediate_free(r);
    }
    for (int model = 58; model <= 59; model++) {
        size_t ms[] = {A, C}, cv[] = {age};
        adx_mediate_spec_t s5 = {E, N, ms, 2, cv, 1, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = model;
        o.hc = ADX_HC3;
        adx_mediate_t *r = run(bf, &s5, &o);
        compare(kv, nkv, model == 58 ? "bfi58" : "bfi59", "", r, 1e-8);
        CHECK(r->nindex == 0);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C};
        adx_mediate_spec_t s7 = {E, N, ms, 2, NULL, 0, (long)O};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 7;
        o.center = 1;
        o.probe = ADX_PROBE_MEANSD;
        adx_mediate_t *r = run(bf, &s7, &o);
        compare(kv, nkv, "bfi7c", "", r, 1e-8);
        adx_mediate_free(r);
    }
    {
        size_t ms[] = {A, C, O};
        adx_mediate_spec_t s6 = {E, N, ms, 3, NULL, 0, -1};
        adx_mediate_options_init(&o);
        o.boot = 0;
        o.model = 6;
        adx_mediate_t *r = run(bf, &s6, &o);
        compare(kv, nkv, "bfi6s3", "", r, 1e-8);
        CHECK(r->nind == 8 && r->ncontrast == 21);
        /* total effect = direct + total indirect */
        CHECK_CLOSE(r->total.effect, r->direct[0].effect + r->ind[7].effect, 1e-10);
        adx_mediate_free(r);
    }
    adx_dataset_free(bf);
    free(kv);
}

/* The study 003 example: scales built with adx_compute, as `examples/.../run.sh` does. */
static void test_study003(void)
{
    size_t nkv;
    kv_t *kv = load_kv(REF "expected.csv", &nkv);
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/examples/study003_mediation/study003.csv");
    static const char *assign[] = {
        "COORD = mean(coord1,coord2,coord3)", "PROACT = mean(proact1,proact2,proact3,proact4)",
        "TRANSF = mean(transf1,transf2,transf3)", "LEARN = mean(learn1,learn2,learn3,learn4)",
        "AMC = mean(COORD,PROACT,TRANSF,LEARN)", "RAD = mean(rad1,rad2,rad3)",
        "INC = mean(inc1,inc2,inc3)", "AMBI = center(RAD) * center(INC)",
        "SPEED = mean(speed1,speed2,speed3,speed4,speed5)"};
    adx_errctx_t e = {0};
    for (size_t i = 0; i < sizeof assign / sizeof *assign; i++)
        CHECK_OK(adx_compute(ds, assign[i], &e), e);
    static const char *ctl[] = {"lnsize", "lnage", "industry", "rd", "intexp", "allexp"};
    size_t cv[6];
    for (size_t i = 0; i < 6; i++)
        cv[i] = var(ds, ctl[i]);
    size_t m1 = var(ds, "AMBI"), m2[] = {var(ds, "RAD"), var(ds, "INC")};
    adx_mediate_spec_t s1 = {var(ds, "AMC"), var(ds, "SPEED"), &m1, 1, cv, 6, -1};
    adx_mediate_spec_t s2 = {var(ds, "AMC"), var(ds, "SPEED"), m2, 2, cv, 6, -1};
    adx_mediate_options_t o;
    adx_mediate_options_init(&o);
    o.boot = 0;
    adx_mediate_t *r = run(ds, &s1, &o);
    compare(kv, nkv, "s003", "", r, 1e-8);
    adx_mediate_free(r);
    r = run(ds, &s2, &o);
    compare(kv, nkv, "s003p", "", r, 1e-8);
    adx_mediate_free(r);
    adx_dataset_free(ds);
    free(kv);
}

/* Monte Carlo interval against 200000 draws in R (MASS::mvrnorm). The sampling SD of a
 * 2.5% quantile from 200000 draws is about 0.006 Sobel SE per side; tolerance 0.04 SE. */
static void test_mc(void)
{
    size_t nkv;
    kv_t *kv = load_kv(REF "expected.csv", &nkv);
    adx_dataset_t *pd = load(REF "data/poldem.csv");
    size_t m1 = var(pd, "dem60");
    adx_mediate_spec_t sp = {var(pd, "ind60"), var(pd, "dem65"), &m1, 1, NULL, 0, -1};
    adx_mediate_options_t o;
    adx_mediate_options_init(&o);
    o.boot = 0;
    o.mc = 200000;
    adx_mediate_t *r = run(pd, &sp, &o);
    size_t n = 0;
    for (size_t i = 0; i < nkv; i++) {
        if (strcmp(kv[i].scen, "poldem4mc"))
            continue;
        double v = NAN;
        CHECK(res_get(r, kv[i].key, &v) == 0);
        CHECK(fabs(v - kv[i].v) <= 0.04 * r->sobel.se);
        printf("MC %s: %.5f vs R %.5f (|d|/SE %.4f)\n", kv[i].key, v, kv[i].v,
               fabs(v - kv[i].v) / r->sobel.se);
        n++;
    }
    CHECK(n == 2);
    adx_mediate_free(r);
    adx_dataset_free(pd);
    free(kv);
}

/* Bootstrap limits recomputed by R on the resamples ambidex exported. */
static void test_fixed_indices(void)
{
    adx_dataset_t *pd = load(REF "data/poldem.csv");
    size_t m1 = var(pd, "dem60");
    adx_mediate_spec_t sp = {var(pd, "ind60"), var(pd, "dem65"), &m1, 1, NULL, 0, -1};
    /* The committed index file must be what this seed draws. */
    FILE *f = fopen(REF "boot_idx_poldem.csv", "r");
    CHECK(f != NULL);
    size_t B = 1000, n = 75;
    double fixed_max = 0;
    uint32_t *idx = malloc(B * n * sizeof *idx);
    for (size_t i = 0; f && i < B * n; i++) {
        unsigned u = 0;
        if (fscanf(f, "%u%*[,\n]", &u) != 1)
            break;
        idx[i] = u - 1;
    }
    if (f)
        fclose(f);
    FILE *g = fopen(REF "boot_fixed.csv", "r");
    char line[512];
    CHECK(g && fgets(line, sizeof line, g));
    int nrow = 0;
    while (g && fgets(line, sizeof line, g)) {
        char stat[16], method[16];
        double se, lo, hi;
        if (sscanf(line, "%15[^,],%15[^,],%lf,%lf,%lf", stat, method, &se, &lo, &hi) != 5)
            continue;
        adx_mediate_options_t o;
        adx_mediate_options_init(&o);
        o.boot = B;
        o.seed = 2026;
        o.keep_indices = 1;
        o.ci = !strcmp(method, "bc") ? ADX_CI_BC : !strcmp(method, "bca") ? ADX_CI_BCA
                                                                          : ADX_CI_PERCENTILE;
        adx_mediate_t *r = run(pd, &sp, &o);
        CHECK(r->n == n && memcmp(r->boot_idx, idx, B * n * sizeof *idx) == 0);
        const adx_med_boot_t *b = &r->ind[0];
        double got[3][2] = {{b->lo, b->hi}, {b->ps_lo, b->ps_hi}, {b->cs_lo, b->cs_hi}};
        int si = !strcmp(stat, "ab") ? 0 : !strcmp(stat, "ps") ? 1 : 2;
        for (int q = 0; q < 2; q++) {
            double d = fabs(got[si][q] - (q ? hi : lo));
            fixed_max = d > fixed_max ? d : fixed_max;
        }
        if (!strcmp(stat, "ab")) {
            CHECK_CLOSE(b->boot_se, se, 1e-9);
            CHECK_CLOSE(b->lo, lo, 1e-9);
            CHECK_CLOSE(b->hi, hi, 1e-9);
        } else if (!strcmp(stat, "ps")) {
            CHECK_CLOSE(b->ps_lo, lo, 1e-9);
            CHECK_CLOSE(b->ps_hi, hi, 1e-9);
        } else {
            CHECK_CLOSE(b->cs_lo, lo, 1e-9);
            CHECK_CLOSE(b->cs_hi, hi, 1e-9);
        }
        nrow++;
        adx_mediate_free(r);
    }
    CHECK(nrow == 9);
    printf("same resamples as R: max |d| of percentile/BC/BCa limits %.1e\n", fixed_max);
    if (g)
        fclose(g);
    free(idx);
    adx_dataset_free(pd);
}

/* Independent random numbers: R boot (5000) and lavaan (2000) against ambidex (5000).
 * The sampling SD of a 2.5% quantile from B resamples is about
 * sqrt(p(1-p)/B) / phi(1.96) SE = 0.038 SE for B = 5000 (0.060 SE for 2000); two
 * independent runs differ with SD 0.054 SE (0.071 SE against lavaan). Tolerance:
 * 0.25 SE (4.7 SD) and 0.30 SE against lavaan (4.2 SD); bootstrap SEs within 6%
 * (their relative SD is 1/sqrt(2B) = 1%, 1.4% for the difference). */
static void test_independent(void)
{
    adx_dataset_t *pd = load(REF "data/poldem.csv");
    size_t m1 = var(pd, "dem60");
    adx_mediate_spec_t sp = {var(pd, "ind60"), var(pd, "dem65"), &m1, 1, NULL, 0, -1};
    FILE *g = fopen(REF "boot_indep.csv", "r");
    char line[512];
    CHECK(g && fgets(line, sizeof line, g));
    int nrow = 0;
    while (g && fgets(line, sizeof line, g)) {
        char src[32], se_s[32];
        double Bref, lo, hi;
        if (sscanf(line, "%31[^,],%lf,%31[^,],%lf,%lf", src, &Bref, se_s, &lo, &hi) != 5)
            continue;
        adx_mediate_options_t o;
        adx_mediate_options_init(&o);
        o.boot = 5000;
        o.seed = 7;
        o.ci = strstr(src, "bca") ? ADX_CI_BCA : ADX_CI_PERCENTILE;
        adx_mediate_t *r = run(pd, &sp, &o);
        const adx_med_boot_t *b = &r->ind[0];
        double tol = (Bref < 5000 ? 0.30 : 0.25) * b->boot_se;
        CHECK(fabs(b->lo - lo) <= tol);
        CHECK(fabs(b->hi - hi) <= tol);
        if (strcmp(se_s, "NA")) {
            double se = strtod(se_s, NULL);
            CHECK(fabs(b->boot_se - se) <= 0.06 * se);
        }
        printf("%-18s lo %.4f vs %.4f  hi %.4f vs %.4f  (|d|/SE %.3f %.3f)\n", src, b->lo, lo,
               b->hi, hi, fabs(b->lo - lo) / b->boot_se, fabs(b->hi - hi) / b->boot_se);
        nrow++;
        adx_mediate_free(r);
    }
    CHECK(nrow == 4);
    if (g)
        fclose(g);
    adx_dataset_free(pd);
}

/* PROCESS 2.16.3 (HC3, bias-corrected bootstrap, mean +/- 1 SD). Deterministic numbers
 * to the printed 4 decimals (|d| <= 5e-5); bootstrap SE within 6% and limits within
 * 0.25 bootstrap SE (same Monte-Carlo reasoning as above, B = 5000 on both sides). */
static void test_process(void)
{
    size_t nkv;
    kv_t *kv = load_kv(REF "process_expected.csv", &nkv);
    static const int models[] = {1, 4, 6, 7, 14};
    double dmax_det = 0, dmax_se = 0, dmax_ci = 0, dmax_ci_se = 0, dmax_se_rel = 0;
    for (int mi = 0; mi < 5; mi++) {
        int model = models[mi];
        char path[512], scen[8];
        snprintf(path, sizeof path, REF "process/Data_Model%d.csv", model);
        snprintf(scen, sizeof scen, "%d", model);
        adx_dataset_t *ds = load(path);
        size_t ms[2];
        size_t nm = model == 1 ? 0 : 2;
        if (nm) {
            ms[0] = var(ds, "m1");
            ms[1] = var(ds, "m2");
        }
        long w = model == 1 ? (long)var(ds, "m") : model == 7 ? (long)var(ds, "w")
                 : model == 14                   ? (long)var(ds, "v")
                                                 : -1;
        adx_mediate_spec_t sp = {var(ds, "x"), var(ds, "y"), ms, nm, NULL, 0, w};
        adx_mediate_options_t o;
        adx_mediate_options_init(&o);
        o.model = model;
        o.hc = ADX_HC3;
        o.ci = ADX_CI_BC;
        o.probe = ADX_PROBE_MEANSD;
        o.boot = 5000;
        o.seed = 12345;
        adx_mediate_t *r = run(ds, &sp, &o);
        size_t n = 0;
        for (size_t i = 0; i < nkv; i++) {
            if (strcmp(kv[i].scen, scen))
                continue;
            double v = NAN;
            int rc = res_get(r, kv[i].key, &v);
            if (rc)
                fprintf(stderr, "model %d: no value for %s\n", model, kv[i].key);
            CHECK(rc == 0);
            const char *last = strrchr(kv[i].key, '.');
            int is_boot = !strncmp(kv[i].key, "ind.", 4) || !strncmp(kv[i].key, "index.", 6);
            double d = fabs(v - kv[i].v);
            if (is_boot && !strcmp(last, ".boot_se")) {
                CHECK(d <= 0.06 * kv[i].v + 5e-5);
                dmax_se = d > dmax_se ? d : dmax_se;
                dmax_se_rel = d / kv[i].v > dmax_se_rel ? d / kv[i].v : dmax_se_rel;
            } else if (is_boot && (!strcmp(last, ".lo") || !strcmp(last, ".hi"))) {
                char sk[160];
                snprintf(sk, sizeof sk, "%.*s.boot_se", (int)(last - kv[i].key), kv[i].key);
                double se = NAN;
                res_get(r, sk, &se);
                if (!(d <= 0.25 * se))
                    fprintf(stderr, "model %d %s: %.4f vs %.4f (SE %.4f)\n", model, kv[i].key, v,
                            kv[i].v, se);
                CHECK(d <= 0.25 * se);
                dmax_ci = d > dmax_ci ? d : dmax_ci;
                dmax_ci_se = d / se > dmax_ci_se ? d / se : dmax_ci_se;
            } else {
                if (!(d <= 5e-5 + 1e-12))
                    fprintf(stderr, "model %d %s: %.6f vs %.4f\n", model, kv[i].key, v, kv[i].v);
                CHECK(d <= 5e-5 + 1e-12);
                dmax_det = d > dmax_det ? d : dmax_det;
            }
            n++;
        }
        CHECK(n > 20);
        adx_mediate_free(r);
        adx_dataset_free(ds);
    }
    printf("PROCESS: max |d| deterministic %.2e, boot SE %.4f (%.1f%%), boot limits %.4f "
           "(%.3f boot SE)\n", dmax_det, dmax_se, 100 * dmax_se_rel, dmax_ci, dmax_ci_se);
    free(kv);
}

/* Same seed, 1 and 2 threads: identical resamples and results. */
static void test_threads(void)
{
    adx_dataset_t *bf = load(REF "data/bfi_scales.csv");
    size_t ms[] = {var(bf, "A"), var(bf, "C")}, cv[] = {var(bf, "age")};
    adx_mediate_spec_t sp = {var(bf, "E"), var(bf, "N"), ms, 2, cv, 1, -1};
    adx_mediate_t *r[2];
    for (int t = 0; t < 2; t++) {
        adx_mediate_options_t o;
        adx_mediate_options_init(&o);
        o.boot = 300;
        o.seed = 99;
        o.ci = ADX_CI_BCA;
        o.mc = 500;
        o.threads = t + 1;
        o.keep_indices = 1;
        r[t] = run(bf, &sp, &o);
    }
    CHECK(memcmp(r[0]->boot_idx, r[1]->boot_idx, 300 * r[0]->n * sizeof(uint32_t)) == 0);
    CHECK(r[0]->nind == r[1]->nind && r[0]->ncontrast == r[1]->ncontrast);
    for (size_t j = 0; j < r[0]->nind; j++) {
        const adx_med_boot_t *a = &r[0]->ind[j], *b = &r[1]->ind[j];
        CHECK(a->lo == b->lo && a->hi == b->hi && a->boot_se == b->boot_se);
        CHECK(a->cs_lo == b->cs_lo && a->mc_lo == b->mc_lo && a->mc_hi == b->mc_hi);
    }
    for (size_t j = 0; j < r[0]->ncontrast; j++)
        CHECK(r[0]->contrast[j].lo == r[1]->contrast[j].lo);
    adx_mediate_free(r[0]);
    adx_mediate_free(r[1]);
    adx_dataset_free(bf);
}

static adx_error_t try_csv(const char *csv, int model, const char *x, const char *const *m,
                           size_t nm, const char *y, const char *const *cov, size_t ncov,
                           const char *w, size_t max_redraws, adx_mediate_t **out,
                           adx_errctx_t *e)
{
    adx_dataset_t *ds = NULL;
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    if (adx_read_csv_buffer(csv, strlen(csv), "t.csv", &ro, &ds, e))
        return ADX_EPARSE;
    size_t mi[4], ci[4];
    for (size_t j = 0; j < nm; j++)
        mi[j] = var(ds, m[j]);
    for (size_t j = 0; j < ncov; j++)
        ci[j] = var(ds, cov[j]);
    adx_mediate_spec_t sp = {var(ds, x), var(ds, y), mi, nm, ci, ncov, w ? (long)var(ds, w) : -1};
    adx_mediate_options_t o;
    adx_mediate_options_init(&o);
    o.model = model;
    o.boot = 200;
    o.max_redraws = max_redraws;
    adx_error_t rc = adx_mediate(ds, &sp, &o, out, e);
    adx_dataset_free(ds);
    return rc;
}

static void test_bad_input(void)
{
    const char *csv = "x,m,y,c,w\n1,2,3,1,0\n2,1,5,0,1\n3,4,4,0,0\n4,3,7,0,1\n5,6,6,0,0\n"
                      "6,5,9,0,1\n7,8,8,0,0\n8,7,11,0,1\n9,9,10,0,0\n10,12,13,0,1\n"
                      "11,10,12,0,0\n12,13,15,0,1\n";
    const char *m[] = {"m"}, *mx[] = {"x"}, *cc[] = {"c", "c"}, *c1[] = {"c"};
    adx_mediate_t *r = NULL;
    adx_errctx_t e = {0};
    CHECK(try_csv(csv, 4, "x", mx, 1, "y", NULL, 0, NULL, 100, &r, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "'x' is both X and a mediator") != NULL);
    CHECK(try_csv(csv, 4, "x", m, 1, "y", cc, 2, NULL, 100, &r, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "listed twice as a covariate") != NULL);
    CHECK(try_csv(csv, 7, "x", m, 1, "y", NULL, 0, NULL, 100, &r, &e) == ADX_EUSAGE);
    CHECK(strstr(e.msg, "--w") != NULL);
    CHECK(try_csv("x,m,y\n1,2,3\n2,3,1\n3,1,2\n", 4, "x", m, 1, "y", NULL, 0, NULL, 100, &r, &e) ==
          ADX_EEMPTY);
    CHECK(strstr(e.msg, "complete cases") != NULL);
    /* Covariate c is 1 in one case only: resamples without it are singular. */
    CHECK(try_csv(csv, 4, "x", m, 1, "y", c1, 1, NULL, 100, &r, &e) == ADX_OK);
    CHECK(r && r->boot_failed > 0);
    if (r)
        printf("singular resamples redrawn: %zu of 200\n", r->boot_failed);
    adx_mediate_free(r);
    r = NULL;
    CHECK(try_csv(csv, 4, "x", m, 1, "y", c1, 1, NULL, 0, &r, &e) == ADX_ESINGULAR);
    CHECK(strstr(e.msg, "singular bootstrap resamples") != NULL);
    CHECK(r == NULL);
}

static void test_order_rule(void)
{
    CHECK(adx_boot_order_lower(5000, 0.025) == 125);
    CHECK(adx_boot_order_upper(5000, 0.975) == 4876);
    CHECK(adx_boot_order_lower(1000, 0.0001) == 1);
    CHECK(adx_boot_order_upper(1000, 0.9999) == 1000);
}

int main(void)
{
    adx_init();
    test_order_rule();
    test_against_r();
    printf("R lm/formulas: max relative |d| %.2e; max absolute |d| per statistic:", max_abs[D_R]);
    for (size_t i = 0; i < ntal; i++)
        printf(" %s %.1e", tal_name[i], tal_max[i]);
    printf("\n");
    test_study003();
    test_mc();
    test_fixed_indices();
    test_independent();
    test_process();
    test_threads();
    test_bad_input();
    (void)max_abs_i;
    TEST_DONE();
}
