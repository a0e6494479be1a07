/* Measurement against R psych 2.2.9 / GPArotation fixtures
 * (tests/reference/make_measure.R): alpha and omega, PCA with KMO and
 * Bartlett, EFA (ml, pa, minres x none, varimax, promax, oblimin with and
 * without Kaiser normalisation), parallel analysis, and the bad-input errors;
 * rotations (converged varimax, SPSS's and psych's promax, SPSS's column order
 * and signs) against GNU pspp 1.6.2 and R (tests/reference/make_rotation.R). */
#include <stdint.h>

#include "ambidex/adx_data.h"
#include "ambidex/adx_measure.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/"

static adx_dataset_t *load(const char *path)
{
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_read_options_t o;
    adx_read_options_init(&o);
    if (adx_read_csv(path, &o, &ds, &e)) {
        fprintf(stderr, "cannot read %s: %s\n", path, e.msg);
        exit(1);
    }
    return ds;
}

static const adx_variable_t *col(const adx_dataset_t *ds, const char *name)
{
    long j = adx_dataset_find(ds, name);
    if (j < 0) {
        fprintf(stderr, "%s: no column %s\n", ds->source, name);
        exit(1);
    }
    return &ds->vars[j];
}

static double val(const adx_dataset_t *ds, const char *name, size_t row)
{
    return col(ds, name)->num[row];
}

static void lookup(const adx_dataset_t *ds, const char *const *names, size_t k, size_t *idx)
{
    adx_errctx_t e = {0};
    if (adx_dataset_lookup(ds, names, k, 1, idx, &e)) {
        fprintf(stderr, "lookup: %s\n", e.msg);
        exit(1);
    }
}

/* Compares a k x m loading matrix with the columns <prefix>1..m of an
 * expected file, up to column order and sign; phi (m x m, may be NULL) is
 * compared after the same permutation and signs. */
static void check_loadings(const double *L, size_t k, size_t m, const double *phi,
                           const char *file, const char *prefix, const char *phifile,
                           double tol)
{
    adx_dataset_t *ex = load(file), *ep = phifile ? load(phifile) : NULL;
    size_t perm[16];
    double sign[16];
    int used[16] = {0};
    CHECK(ex->nrows == k && m <= 16);
    for (size_t a = 0; a < m; a++) {
        char name[64];
        snprintf(name, sizeof name, "%s%zu", prefix, a + 1);
        const double *e = col(ex, name)->num;
        double best = INFINITY;
        for (size_t b = 0; b < m; b++) {
            if (used[b])
                continue;
            for (int s = -1; s <= 1; s += 2) {
                double d = 0;
                for (size_t i = 0; i < k; i++)
                    d = fmax(d, fabs(s * L[i + b * k] - e[i]));
                if (d < best) {
                    best = d;
                    perm[a] = b;
                    sign[a] = s;
                }
            }
        }
        used[perm[a]] = 1;
        if (!(best <= tol))
            fprintf(stderr, "%s column %zu: max difference %.3g\n", file, a + 1, best);
        CHECK(best <= tol);
    }
    if (ep && phi)
        for (size_t a = 0; a < m; a++) {
            char name[64];
            snprintf(name, sizeof name, "%s%zu", prefix, a + 1);
            for (size_t b = 0; b < m; b++)
                CHECK_CLOSE(sign[a] * sign[b] * phi[perm[a] + perm[b] * m],
                            col(ep, name)->num[b], tol);
        }
    adx_dataset_free(ex);
    adx_dataset_free(ep);
}

static void test_alpha(adx_dataset_t *bfi)
{
    static const char *scales[] = {"A", "C", "E", "N", "O"};
    static const char *rev[][2] = {{"A1", NULL}, {"C4", "C5"}, {"E1", "E2"}, {NULL, NULL},
                                   {"O2", "O5"}};
    for (size_t s = 0; s < 5; s++) {
        const char *names[5];
        char buf[5][4];
        for (int j = 0; j < 5; j++) {
            snprintf(buf[j], sizeof buf[j], "%s%d", scales[s], j + 1);
            names[j] = buf[j];
        }
        size_t idx[5];
        lookup(bfi, names, 5, idx);
        adx_items_options_t o;
        adx_items_options_init(&o);
        o.reverse = rev[s];
        o.nreverse = rev[s][1] ? 2 : rev[s][0] ? 1 : 0;
        adx_alpha_t *a = NULL;
        adx_errctx_t e = {0};
        CHECK_OK(adx_alpha(bfi, idx, 5, &o, &a, &e), e);
        if (!a)
            continue;
        char path[512];
        snprintf(path, sizeof path, REF "expected/measure/alpha_bfi_%s_total.csv", scales[s]);
        adx_dataset_t *t = load(path);
        CHECK(a->items->n == (size_t)val(t, "n", 0));
        CHECK_CLOSE(a->alpha, val(t, "alpha", 0), 1e-10);
        CHECK_CLOSE(a->std_alpha, val(t, "std_alpha", 0), 1e-10);
        CHECK_CLOSE(a->average_r, val(t, "average_r", 0), 1e-10);
        CHECK_CLOSE(a->omega_total, val(t, "omega_total", 0), 1e-6);
        CHECK_CLOSE(a->items->total_mean, val(t, "mean", 0), 1e-10);
        CHECK_CLOSE(a->items->total_sd, val(t, "sd", 0), 1e-10);
        adx_dataset_free(t);
        snprintf(path, sizeof path, REF "expected/measure/alpha_bfi_%s_items.csv", scales[s]);
        t = load(path);
        for (size_t i = 0; i < 5; i++) {
            CHECK_CLOSE(a->items->mean[i], val(t, "mean", i), 1e-10);
            CHECK_CLOSE(a->items->sd[i], val(t, "sd", i), 1e-10);
            CHECK_CLOSE(a->item_total_r[i], val(t, "item_total_r", i), 1e-10);
            CHECK_CLOSE(a->raw_r[i], val(t, "raw_r", i), 1e-10);
            CHECK_CLOSE(a->alpha_if_deleted[i], val(t, "alpha_if_deleted", i), 1e-10);
            CHECK_CLOSE(a->std_alpha_if_deleted[i], val(t, "std_alpha_if_deleted", i), 1e-10);
        }
        adx_dataset_free(t);
        adx_alpha_free(a);
    }
    /* Unreversed A1: negative corrected item-total correlation, as psych. */
    const char *an[] = {"A1", "A2", "A3", "A4", "A5"};
    size_t idx[5];
    lookup(bfi, an, 5, idx);
    adx_alpha_t *a = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_alpha(bfi, idx, 5, NULL, &a, &e), e);
    adx_dataset_t *t = load(REF "expected/measure/alpha_bfi_A_unreversed_items.csv");
    for (size_t i = 0; a && i < 5; i++)
        CHECK_CLOSE(a->item_total_r[i], val(t, "item_total_r", i), 1e-10);
    CHECK(a && a->item_total_r[0] < 0);
    adx_dataset_free(t);
    adx_alpha_free(a);
}

/* adx_pca of the named items with m components, rotated or not; NULL after a
 * failed check. varimax_eps as adx_pca_options_t. */
static adx_pca_t *run_pca(adx_dataset_t *ds, const char *const *names, size_t k, size_t m,
                          int rotate, double varimax_eps)
{
    size_t idx[32];
    lookup(ds, names, k, idx);
    adx_pca_options_t o;
    adx_pca_options_init(&o);
    o.ncomp = m;
    o.rotate = rotate ? ADX_ROTATE_VARIMAX : ADX_ROTATE_NONE;
    o.varimax_eps = varimax_eps;
    adx_pca_t *p = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_pca(ds, idx, k, &o, &p, &e), e);
    return p;
}

static void test_pca(adx_dataset_t *ds, const char *tag, const char *const *names, size_t k,
                     size_t m)
{
    char path[512], p2[512];
    for (int rot = 0; rot < 2; rot++) {
        /* psych: stats::varimax's default early stop (eps 1e-5) */
        adx_pca_t *p = run_pca(ds, names, k, m, rot, 1e-5);
        if (!p)
            continue;
        snprintf(path, sizeof path, REF "expected/measure/pca_%s_%s_loadings.csv", tag,
                 rot ? "varimax" : "none");
        check_loadings(p->loadings, k, m, NULL, path, "C", NULL, 1e-8);
        adx_dataset_t *t = load(path);
        for (size_t i = 0; i < k; i++)
            CHECK_CLOSE(p->communalities[i], val(t, "h2", i), 1e-10);
        adx_dataset_free(t);
        if (!rot) {
            snprintf(path, sizeof path, REF "expected/measure/pca_%s_eigen.csv", tag);
            t = load(path);
            for (size_t i = 0; i < k; i++)
                CHECK_CLOSE(p->eigenvalues[i], val(t, "eigenvalue", i), 1e-10);
            adx_dataset_free(t);
            snprintf(path, sizeof path, REF "expected/measure/pca_%s_stats.csv", tag);
            snprintf(p2, sizeof p2, REF "expected/measure/pca_%s_kmo_items.csv", tag);
            t = load(path);
            adx_dataset_t *ti = load(p2);
            CHECK(p->n == (size_t)val(t, "n", 0));
            CHECK_CLOSE(p->kmo, val(t, "kmo", 0), 1e-10);
            CHECK_CLOSE(p->bartlett_chisq, val(t, "chisq", 0), 1e-9);
            CHECK_CLOSE(p->bartlett_df, val(t, "df", 0), 1e-12);
            double pe = val(t, "p", 0);
            CHECK(fabs(p->bartlett_p - pe) <= 1e-6 * (pe > 1e-300 ? pe : 1e-300) + 1e-300);
            for (size_t i = 0; i < k; i++)
                CHECK_CLOSE(p->kmo_items[i], val(ti, "kmo_item", i), 1e-10);
            adx_dataset_free(t);
            adx_dataset_free(ti);
        }
        adx_pca_free(p);
    }
}

static void test_efa(adx_dataset_t *ds, const char *tag, const char *const *names, size_t k,
                     size_t m)
{
    static const char *fms[] = {"ml", "pa", "minres"};
    static const adx_extract_t methods[] = {ADX_EXTRACT_ML, ADX_EXTRACT_PA, ADX_EXTRACT_MINRES};
    static const char *rots[] = {"none", "varimax", "promax", "oblimin", "oblimin_kaiser"};
    static const adx_rotate_t rotations[] = {ADX_ROTATE_NONE, ADX_ROTATE_VARIMAX,
                                             ADX_ROTATE_PROMAX, ADX_ROTATE_OBLIMIN,
                                             ADX_ROTATE_OBLIMIN};
    size_t idx[32];
    lookup(ds, names, k, idx);
    for (int f = 0; f < 3; f++)
        for (int r = 0; r < 5; r++) {
            adx_factor_options_t o;
            adx_factor_options_init(&o);
            o.method = methods[f];
            o.rotate = rotations[r];
            o.kaiser = r == 4;
            o.varimax_eps = 1e-5; /* psych: stats::varimax's default early stop */
            o.promax_style = ADX_PROMAX_PSYCH;
            adx_efa_t *ef = NULL;
            adx_errctx_t e = {0};
            CHECK_OK(adx_efa(ds, idx, k, m, &o, NULL, &ef, &e), e);
            if (!ef)
                continue;
            char path[512], phip[512], sp[512];
            snprintf(path, sizeof path, REF "expected/measure/efa_%s_%s_%s_loadings.csv", tag,
                     fms[f], rots[r]);
            snprintf(phip, sizeof phip, REF "expected/measure/efa_%s_%s_%s_phi.csv", tag,
                     fms[f], rots[r]);
            snprintf(sp, sizeof sp, REF "expected/measure/efa_%s_%s_%s_structure.csv", tag,
                     fms[f], rots[r]);
            int oblique = r >= 2;
            /* psych's ML and minres stop at L-BFGS-B's default tolerance. */
            double tol = f == 1 ? 1e-8 : 1e-4;
            check_loadings(ef->loadings, k, m, ef->phi, path, "F", oblique ? phip : NULL, tol);
            if (oblique)
                check_loadings(ef->structure, k, m, NULL, sp, "F", NULL, tol);
            adx_dataset_t *t = load(path);
            for (size_t i = 0; i < k; i++)
                CHECK_CLOSE(ef->communalities[i], val(t, "h2", i), tol);
            adx_dataset_free(t);
            if (r == 0) {
                snprintf(path, sizeof path, REF "expected/measure/efa_%s_%s_stats.csv", tag,
                         fms[f]);
                t = load(path);
                CHECK_CLOSE(ef->objective, val(t, "objective", 0), tol);
                CHECK_CLOSE(ef->chisq, val(t, "chisq", 0), f == 1 ? 1e-6 : 1e-2);
                CHECK_CLOSE(ef->df, val(t, "df", 0), 1e-12);
                if (f == 1)
                    CHECK(ef->iterations == (int)val(t, "iterations", 0));
                adx_dataset_free(t);
            }
            adx_efa_free(ef);
        }
}

static void test_parallel(adx_dataset_t *bfi, const char *const *names)
{
    size_t idx[25];
    lookup(bfi, names, 25, idx);
    adx_factor_options_t o;
    adx_factor_options_init(&o);
    adx_parallel_options_t po = {20, 20240601, 0};
    adx_efa_t *a = NULL, *b = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_efa(bfi, idx, 25, 0, &o, &po, &a, &e), e);
    CHECK_OK(adx_efa(bfi, idx, 25, 0, &o, &po, &b, &e), e);
    if (!a || !b)
        return;
    adx_dataset_t *t = load(REF "expected/measure/parallel_bfi_values.csv");
    for (size_t i = 0; i < 25; i++) {
        CHECK_CLOSE(a->parallel->pc_obs[i], val(t, "pc", i), 1e-10);
        CHECK_CLOSE(a->parallel->fa_obs[i], val(t, "fa", i), 1e-4);
        /* same seed, same simulated values */
        CHECK(a->parallel->fa_mean[i] == b->parallel->fa_mean[i]);
    }
    adx_dataset_free(t);
    t = load(REF "expected/measure/parallel_bfi_suggest.csv");
    /* Random data sets differ from R's: the suggestion may differ by one. */
    CHECK(fabs((double)a->parallel->nfactors - val(t, "nfact", 0)) <= 1);
    CHECK(fabs((double)a->parallel->ncomp - val(t, "ncomp", 0)) <= 1);
    CHECK(a->m == a->parallel->nfactors);
    adx_dataset_free(t);
    adx_efa_free(a);
    adx_efa_free(b);
}

/* GNU PSPP 1.6.2 RELIABILITY and FACTOR /EXTRACTION=PC (12 decimals). */
static void test_pspp(adx_dataset_t *ds, const char *tag, const char *const *names, size_t k,
                      const char *reverse, size_t m)
{
    size_t idx[32];
    lookup(ds, names, k, idx);
    char path[512];
    adx_items_options_t io;
    adx_items_options_init(&io);
    io.reverse = &reverse;
    io.nreverse = reverse != NULL;
    io.has_range = 1;
    io.lo = 1;
    io.hi = 6;
    adx_alpha_t *a = NULL;
    adx_pca_t *p = NULL;
    adx_pca_options_t po;
    adx_pca_options_init(&po);
    po.ncomp = m;
    adx_errctx_t e = {0};
    CHECK_OK(adx_alpha(ds, idx, k, &io, &a, &e), e);
    /* pspp has no reverse option: its syntax computes 7 - A1 first. */
    if (reverse) {
        CHECK_OK(adx_compute(ds, "REV_TMP = rev(A1, 1, 6)", &e), e);
        size_t ri = 0;
        const char *rn = "REV_TMP";
        lookup(ds, &rn, 1, &ri);
        for (size_t j = 0; j < k; j++)
            if (!strcmp(names[j], reverse))
                idx[j] = ri;
    }
    CHECK_OK(adx_pca(ds, idx, k, &po, &p, &e), e);
    if (!a || !p)
        return;
    snprintf(path, sizeof path, REF "expected/measure/pspp_%s_stats.csv", tag);
    adx_dataset_t *t = load(path);
    CHECK(a->items->n == (size_t)val(t, "n", 0) && p->n == a->items->n);
    CHECK_CLOSE(a->alpha, val(t, "alpha", 0), 1e-10);
    CHECK_CLOSE(p->kmo, val(t, "kmo", 0), 1e-10);
    CHECK_CLOSE(p->bartlett_chisq, val(t, "chisq", 0), 1e-10);
    CHECK_CLOSE(p->bartlett_df, val(t, "df", 0), 0);
    adx_dataset_free(t);
    snprintf(path, sizeof path, REF "expected/measure/pspp_%s_items.csv", tag);
    t = load(path);
    for (size_t i = 0; i < k; i++) {
        CHECK_CLOSE(a->item_total_r[i], val(t, "item_total_r", i), 1e-10);
        CHECK_CLOSE(a->alpha_if_deleted[i], val(t, "alpha_if_deleted", i), 1e-10);
        CHECK_CLOSE(p->communalities[i], val(t, "communality", i), 1e-10);
    }
    adx_dataset_free(t);
    snprintf(path, sizeof path, REF "expected/measure/pspp_%s_eigen.csv", tag);
    t = load(path);
    for (size_t i = 0; i < k; i++) {
        CHECK_CLOSE(p->eigenvalues[i], val(t, "eigenvalue", i), 1e-10);
        CHECK_CLOSE(p->variance_pct[i], val(t, "variance_pct", i), 0.05);
    }
    adx_dataset_free(t);
    adx_alpha_free(a);
    adx_pca_free(p);
}

static void test_bad_input(void)
{
    static const char csv[] = "a,b,c,d,e\n1,2,3,3,1\n2,2,4,5,2\n3,2,5,4,3\n4,2,6,6,4\n"
                              "5,2,7,5,6\n2,2,4,2,2\n";
    adx_dataset_t *ds = NULL;
    adx_errctx_t e = {0};
    adx_read_options_t ro;
    adx_read_options_init(&ro);
    CHECK_OK(adx_read_csv_buffer(csv, sizeof csv - 1, "bad.csv", &ro, &ds, &e), e);
    if (!ds)
        return;
    adx_alpha_t *a = NULL;
    adx_pca_t *p = NULL;
    size_t one[] = {0};
    CHECK(adx_alpha(ds, one, 1, NULL, &a, &e) == ADX_EUSAGE);
    size_t cst[] = {0, 1, 3};
    CHECK(adx_alpha(ds, cst, 3, NULL, &a, &e) == ADX_ECONST && strstr(e.msg, "'b'"));
    /* c = a + 2: collinear */
    size_t col2[] = {0, 3, 2};
    CHECK(adx_pca(ds, col2, 3, NULL, &p, &e) == ADX_ESINGULAR && strstr(e.msg, "'c'") &&
          strstr(e.msg, "'a'"));
    CHECK(!strstr(e.msg, "'d'"));
    adx_dataset_free(ds);
    /* More items than cases. */
    static const char small[] = "a,b,c\n1,2,3\n2,1,3\n3,3,1\n";
    CHECK_OK(adx_read_csv_buffer(small, sizeof small - 1, "small.csv", &ro, &ds, &e), e);
    size_t all[] = {0, 1, 2};
    CHECK(adx_alpha(ds, all, 3, NULL, &a, &e) == ADX_EEMPTY);
    adx_dataset_free(ds);
}

/* ---- rotations against GNU pspp 1.6.2 and R (tests/reference/make_rotation.R) ---- */

#define ROT REF "expected/rotation/"

/* Largest |L - E| over the columns F1..Fm of file (k rows), in order; with
 * signfree, each column compared after the sign that fits it best. */
static double rot_diff(const double *L, size_t k, size_t m, const char *file, int signfree)
{
    adx_dataset_t *ex = load(file);
    CHECK(ex->nrows == k);
    double worst = 0;
    for (size_t a = 0; a < m && ex->nrows == k; a++) {
        char name[32];
        snprintf(name, sizeof name, "F%zu", a + 1);
        const double *e = col(ex, name)->num;
        double d[2] = {0, 0};
        for (size_t i = 0; i < k; i++) {
            d[0] = fmax(d[0], fabs(L[i + a * k] - e[i]));
            d[1] = fmax(d[1], fabs(-L[i + a * k] - e[i]));
        }
        worst = fmax(worst, signfree ? fmin(d[0], d[1]) : d[0]);
    }
    adx_dataset_free(ex);
    return worst;
}

/* The file's F1..Fm as a k x m matrix (caller frees). */
static double *rot_load(const char *file, size_t k, size_t m)
{
    adx_dataset_t *ex = load(file);
    double *L = malloc(k * m * sizeof *L);
    CHECK(ex->nrows == k && L);
    for (size_t a = 0; a < m && L && ex->nrows == k; a++) {
        char name[32];
        snprintf(name, sizeof name, "F%zu", a + 1);
        memcpy(L + a * k, col(ex, name)->num, k * sizeof *L);
    }
    adx_dataset_free(ex);
    return L;
}

/* Rotates pspp's unrotated loadings of <tag> (k x m) with o; L, phi and the
 * structure S = L phi get the result. */
static void rot_run(const char *tag, size_t k, size_t m, const adx_factor_options_t *o,
                    double *L, double *phi, double *S)
{
    char path[512];
    snprintf(path, sizeof path, ROT "pspp_%s_unrotated.csv", tag);
    double *A = rot_load(path, k, m);
    adx_errctx_t e = {0};
    memcpy(L, A, k * m * sizeof *L);
    CHECK_OK(adx_rotate(L, k, m, o, phi, NULL, &e), e);
    for (size_t a = 0; a < m; a++)
        for (size_t i = 0; i < k; i++) {
            double s = 0;
            for (size_t b = 0; b < m; b++)
                s += L[i + b * k] * phi[b + a * m];
            S[i + a * k] = s;
        }
    free(A);
}

#define ROT_CHECK(what, d, tol)                                                                \
    do {                                                                                       \
        double d_ = (d);                                                                       \
        printf("  %-12s %-44s %.3g\n", tag, what, d_);                                         \
        CHECK(d_ <= (tol));                                                                    \
    } while (0)

/* ROT_CHECK of M (rows x m) against expected/rotation/<src>_<tag>_<what>.csv. */
static void rot_expect(const char *label, const double *M, size_t rows, size_t m,
                       const char *src, const char *tag, const char *what, int signfree,
                       double tol)
{
    char p[512];
    snprintf(p, sizeof p, ROT "%s_%s_%s.csv", src, tag, what);
    ROT_CHECK(label, rot_diff(M, rows, m, p, signfree), tol);
}

/* Varimax to full convergence and SPSS's promax, in SPSS's column order and
 * signs, from pspp's unrotated loadings of <tag> (attitude_pc, bfi_paf, ...). */
static void test_rotation(const char *tag, size_t k, size_t m)
{
    double *L = malloc(k * m * sizeof *L), *S = malloc(k * m * sizeof *S);
    double *phi = malloc(m * m * sizeof *phi);
    char p[512], w[64];
    adx_factor_options_t o;
    adx_factor_options_init(&o);
    o.rotate = ADX_ROTATE_VARIMAX;
    rot_run(tag, k, m, &o, L, phi, S);
    rot_expect("varimax vs R (converged)", L, k, m, "r", tag, "varimax", 0, 1e-10);
    rot_expect("varimax vs pspp (converged)", L, k, m, "pspp", tag, "varimax_full", 0, 1e-10);
    rot_expect("varimax vs pspp (default RCONVERGE)", L, k, m, "pspp", tag, "varimax", 0, 1e-4);
    o.varimax_eps = 1e-5; /* stats::varimax's early stop, the old default */
    rot_run(tag, k, m, &o, L, phi, S);
    rot_expect("varimax eps 1e-5 vs R (converged)", L, k, m, "r", tag, "varimax", 0, 1e-3);
    o.varimax_eps = 0;
    o.rotate = ADX_ROTATE_PROMAX;
    static const char *parts[] = {"pattern", "structure", "phi"};
    for (int style = 0; style < 2; style++) {
        o.promax_style = style ? ADX_PROMAX_PSYCH : ADX_PROMAX_SPSS;
        rot_run(tag, k, m, &o, L, phi, S);
        const double *got[] = {L, S, phi};
        for (int q = 0; q < 3; q++) {
            char label[96];
            snprintf(w, sizeof w, "promax_%s_%s", style ? "psych" : "spss", parts[q]);
            snprintf(label, sizeof label, "%s vs R", w);
            rot_expect(label, got[q], q == 2 ? m : k, m, "r", tag, w, 0, 1e-10);
        }
    }
    o.promax_style = ADX_PROMAX_SPSS;
    rot_run(tag, k, m, &o, L, phi, S);
    rot_expect("promax structure vs pspp", S, k, m, "pspp", tag, "promax_full_structure", 0,
               1e-10);
    /* pspp reflects the structure matrix only: pattern and phi up to sign. */
    rot_expect("promax pattern vs pspp (up to sign)", L, k, m, "pspp", tag, "promax_full_pattern",
               1, 1e-10);
    snprintf(p, sizeof p, ROT "pspp_%s_promax_full_pattern.csv", tag);
    double *pp = rot_load(p, k, m);
    for (size_t a = 0; a < m; a++) { /* reflect phi as pspp's pattern is reflected */
        double dot = 0;
        for (size_t i = 0; i < k; i++)
            dot += L[i + a * k] * pp[i + a * k];
        for (size_t b = 0; dot < 0 && b < m; b++)
            if (b != a) {
                phi[a + b * m] = -phi[a + b * m];
                phi[b + a * m] = -phi[b + a * m];
            }
    }
    free(pp);
    rot_expect("promax phi vs pspp (pattern's signs)", phi, m, m, "pspp", tag, "promax_full_phi",
               0, 1e-10);
    /* --sort: columns by decreasing variance explained. */
    o.sort = 1;
    rot_run(tag, k, m, &o, L, phi, S);
    for (size_t a = 1; a < m; a++) {
        double s0 = 0, s1 = 0;
        for (size_t i = 0; i < k; i++) {
            s0 += L[i + (a - 1) * k] * S[i + (a - 1) * k];
            s1 += L[i + a * k] * S[i + a * k];
        }
        CHECK(s0 >= s1);
    }
    free(L);
    free(S);
    free(phi);
}

/* pca --rotate varimax end to end: pspp's converged solution, its column
 * order and signs (the old early stop, re-sorting and largest-loading-positive
 * signs each failed this). */
static void test_pca_pspp(adx_dataset_t *ds, const char *tag, const char *const *names, size_t k,
                          size_t m)
{
    adx_pca_t *pc = run_pca(ds, names, k, m, 1, 0);
    if (!pc)
        return;
    char p[512];
    snprintf(p, sizeof p, ROT "pspp_%s_pc_varimax_full.csv", tag);
    ROT_CHECK("pca varimax vs pspp (converged)", rot_diff(pc->loadings, k, m, p, 0), 1e-10);
    adx_pca_free(pc);
}

/* efa --method pa on bfi end to end: psych's PA stopping rule ends where
 * pspp's PAF does here (7 iterations, 4.9e-13), so the rotated solutions must
 * be pspp's. */
static void test_efa_pspp(adx_dataset_t *bfi, const char *const *names)
{
    const char *tag = "bfi_paf";
    size_t idx[25], k = 25, m = 5;
    lookup(bfi, names, k, idx);
    adx_factor_options_t o;
    adx_factor_options_init(&o);
    o.method = ADX_EXTRACT_PA;
    for (int r = 0; r < 2; r++) {
        o.rotate = r ? ADX_ROTATE_PROMAX : ADX_ROTATE_VARIMAX;
        adx_efa_t *ef = NULL;
        adx_errctx_t e = {0};
        CHECK_OK(adx_efa(bfi, idx, k, m, &o, NULL, &ef, &e), e);
        if (!ef)
            continue;
        if (r) {
            ROT_CHECK("efa promax structure vs pspp",
                      rot_diff(ef->structure, k, m, ROT "pspp_bfi_paf_promax_full_structure.csv", 0),
                      1e-9);
            ROT_CHECK("efa promax pattern vs pspp (up to sign)",
                      rot_diff(ef->loadings, k, m, ROT "pspp_bfi_paf_promax_full_pattern.csv", 1),
                      1e-9);
        } else {
            ROT_CHECK("efa varimax vs pspp",
                      rot_diff(ef->loadings, k, m, ROT "pspp_bfi_paf_varimax_full.csv", 0), 1e-9);
        }
        adx_efa_free(ef);
    }
}

int main(void)
{
    adx_init();
    adx_dataset_t *bfi = load(REF "data/bfi.csv"), *hs = load(REF "data/hs1939.csv");
    const char *b25[25];
    static char bn[25][4];
    for (int j = 0; j < 25; j++) {
        snprintf(bn[j], sizeof bn[j], "%c%d", "ACENO"[j / 5], j % 5 + 1);
        b25[j] = bn[j];
    }
    const char *hx[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
    test_alpha(bfi);
    test_pca(bfi, "bfi", b25, 25, 5);
    test_pca(hs, "hs", hx, 9, 3);
    test_efa(hs, "hs", hx, 9, 3);
    test_efa(bfi, "bfi", b25, 25, 5);
    test_parallel(bfi, b25);
    test_pspp(bfi, "bfi_A", b25, 5, "A1", 1);
    test_pspp(hs, "hs", hx, 9, NULL, 3);
    test_bad_input();
    test_rotation("attitude_pc", 7, 2);
    test_rotation("attitude_paf", 7, 2);
    test_rotation("bfi_pc", 25, 5);
    test_rotation("bfi_paf", 25, 5);
    adx_dataset_t *att = load(REF "data/attitude.csv");
    const char *an[] = {"rating", "complaints", "privileges", "learning",
                        "raises", "critical", "advance"};
    test_pca_pspp(att, "attitude", an, 7, 2);
    test_pca_pspp(bfi, "bfi", b25, 25, 5);
    test_efa_pspp(bfi, b25);
    adx_dataset_free(att);
    adx_dataset_free(bfi);
    adx_dataset_free(hs);
    TEST_DONE();
}
