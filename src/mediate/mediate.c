/* Conditional process models (PROCESS 1, 4, 6, 7, 8, 14, 58, 59) and the bootstrap.
 *
 * Layout of the computation:
 *  - the complete cases give a base matrix (X, mediators, Y, W, covariates);
 *  - every regressor of every equation is a column of one design "Z" (constant,
 *    variables, products with W, the outcomes);
 *  - point estimates: QR least squares per equation (adx_lstsq) with OLS/HC SEs;
 *  - bootstrap: one weighted pass over Z per resample gives the cross-product
 *    matrix S = Z' diag(counts) Z, from which every equation is solved by a small
 *    Cholesky factorization (Z is centred at the full-sample means first; that only
 *    moves intercepts, which no effect uses, and keeps the normal equations well
 *    conditioned). The jackknife for BCa uses S - z_i z_i'.
 *  - every effect is a function of the coefficient vectors (theta_from_coefs), so the
 *    point estimate, the resamples, the jackknife and the Monte Carlo draws share it.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "ambidex/adx_linalg.h"
#include "ambidex/adx_mediate.h"
#include "ambidex/adx_rng.h"

#define MAXZ 64
#define MAXT 40
#define MAXPATH 64
#define MAXEDGE 6
#define NPROBE_MAX 3
/* Relative pivot tolerance of the bootstrap Cholesky: a resample is singular when a
 * pivot falls below this fraction of its diagonal element. */
#define CHOL_TOL 1e-10
/* Rank tolerance of the QR fits (as R's lm). */
#define QR_TOL 1e-7

void adx_mediate_options_init(adx_mediate_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->model = 4;
    o->boot = 5000;
    o->seed = 1;
    o->ci = ADX_CI_PERCENTILE;
    o->conf = 95.0;
    o->mc = 0;
    o->se = ADX_SE_OLS;
    o->probe = ADX_PROBE_PERCENTILES;
    o->center = 0;
    o->threads = 0;
    o->keep_indices = 0;
    o->max_redraws = 100;
}

/* floor(B p) guarded against representation error (5000 * 0.975 = 4875). */
static size_t floor_bp(size_t B, double p)
{
    double v = (double)B * p;
    double r = nearbyint(v);
    if (fabs(v - r) < 1e-9 * (double)B)
        v = r;
    if (v < 0)
        return 0;
    return (size_t)floor(v);
}

size_t adx_boot_order_lower(size_t B, double p)
{
    size_t k = floor_bp(B, p);
    return k < 1 ? 1 : (k > B ? B : k);
}

size_t adx_boot_order_upper(size_t B, double p)
{
    size_t k = floor_bp(B, p) + 1;
    return k > B ? B : (k < 1 ? 1 : k);
}

/* ---- Model description ------------------------------------------------------ */

typedef struct {
    int b1, b2; /* base columns; b1 = -1: constant; b2 = -1: not a product */
} zcol_t;

typedef struct {
    size_t nterm;
    size_t term[MAXT]; /* Z columns of the regressors, in display order */
    size_t out;        /* Z column of the outcome */
} eqdef_t;

typedef struct {
    int eq;      /* equation index */
    int pos;     /* position of the main coefficient */
    int pos_int; /* position of the product with W, or -1 */
} edge_t;

enum { IT_PATH, IT_TOTAL, IT_CONTRAST, IT_INDEX };

typedef struct {
    int kind;
    int path, path2;
    double w;
} item_t;

typedef struct {
    int model, serial, aW, bW, cW;
    size_t k;    /* mediators */
    size_t nb;   /* base columns */
    int bx, by, bw, bcov; /* base column of X, Y, W (-1), first covariate */
    size_t ncov;
    size_t nz;
    zcol_t z[MAXZ];
    size_t zx, zy; /* Z columns of X and Y */
    size_t neq;
    eqdef_t eq[ADX_MED_MAX_M + 2];
    size_t npath;
    size_t plen[MAXPATH];
    edge_t pe[MAXPATH][MAXEDGE];
    int pmed[MAXPATH][MAXEDGE]; /* mediators along the path */
    int moderated;
    size_t nitem, nstd; /* items; the first nstd get standardized versions */
    item_t *items;
    size_t ntheta;      /* nitem + 2 nstd */
} model_t;

static size_t zfind(model_t *M, int b1, int b2)
{
    for (size_t j = 0; j < M->nz; j++)
        if (M->z[j].b1 == b1 && M->z[j].b2 == b2)
            return j;
    M->z[M->nz].b1 = b1;
    M->z[M->nz].b2 = b2;
    return M->nz++;
}

static int eq_pos(const eqdef_t *e, size_t zc)
{
    for (size_t j = 0; j < e->nterm; j++)
        if (e->term[j] == zc)
            return (int)j;
    return -1;
}

/* Edge from base variable `from` into equation e: main coefficient and product. */
static edge_t make_edge(model_t *M, int from, int e)
{
    edge_t ed;
    ed.eq = e;
    ed.pos = eq_pos(&M->eq[e], zfind(M, from, -1));
    ed.pos_int = -1;
    if (M->bw >= 0) {
        for (size_t j = 0; j < M->nz; j++)
            if (M->z[j].b1 == from && M->z[j].b2 == M->bw)
                ed.pos_int = eq_pos(&M->eq[e], j);
    }
    return ed;
}

static void add_path(model_t *M, const int *meds, size_t len)
{
    size_t p = M->npath++;
    M->plen[p] = len + 1;
    /* base column of mediator j is 1 + j; its equation is j */
    M->pe[p][0] = make_edge(M, M->bx, meds[0]);
    for (size_t l = 1; l < len; l++)
        M->pe[p][l] = make_edge(M, 1 + meds[l - 1], meds[l]);
    M->pe[p][len] = make_edge(M, 1 + meds[len - 1], (int)M->k);
    for (size_t l = 0; l < len; l++)
        M->pmed[p][l] = meds[l];
}

/* Serial paths in depth-first order: (1), (1,2), (1,2,3), (1,3), (2), ... */
static void serial_paths(model_t *M, int *buf, size_t len, int next)
{
    for (int j = next; j < (int)M->k; j++) {
        buf[len] = j;
        add_path(M, buf, len + 1);
        serial_paths(M, buf, len + 1, j + 1);
    }
}

static void build_model(model_t *M, int model, size_t k, size_t ncov, int has_w)
{
    memset(M, 0, sizeof *M);
    M->model = model;
    M->k = k;
    M->ncov = ncov;
    M->serial = model == 6;
    M->aW = model == 7 || model == 8 || model == 58 || model == 59;
    M->bW = model == 14 || model == 58 || model == 59;
    M->cW = model == 1 || model == 8 || model == 59;
    M->bx = 0;
    M->by = (int)k + 1;
    M->bw = has_w ? (int)k + 2 : -1;
    M->bcov = (int)k + 2 + (has_w ? 1 : 0);
    M->nb = (size_t)M->bcov + ncov;
    size_t zc = zfind(M, -1, -1);
    M->zx = zfind(M, M->bx, -1);
    M->zy = zfind(M, M->by, -1);
    for (size_t j = 0; j < k; j++) {
        eqdef_t *e = &M->eq[j];
        e->out = zfind(M, 1 + (int)j, -1);
        e->term[e->nterm++] = zc;
        e->term[e->nterm++] = M->zx;
        if (M->serial)
            for (size_t i = 0; i < j; i++)
                e->term[e->nterm++] = zfind(M, 1 + (int)i, -1);
        if (M->aW) {
            e->term[e->nterm++] = zfind(M, M->bw, -1);
            e->term[e->nterm++] = zfind(M, M->bx, M->bw);
        }
        for (size_t c = 0; c < ncov; c++)
            e->term[e->nterm++] = zfind(M, M->bcov + (int)c, -1);
    }
    eqdef_t *e = &M->eq[k];
    e->out = M->zy;
    e->term[e->nterm++] = zc;
    if (model == 1) {
        e->term[e->nterm++] = M->zx;
        e->term[e->nterm++] = zfind(M, M->bw, -1);
        e->term[e->nterm++] = zfind(M, M->bx, M->bw);
    } else {
        for (size_t j = 0; j < k; j++)
            e->term[e->nterm++] = zfind(M, 1 + (int)j, -1);
        e->term[e->nterm++] = M->zx;
        if (M->bW || M->cW)
            e->term[e->nterm++] = zfind(M, M->bw, -1);
        if (M->bW)
            for (size_t j = 0; j < k; j++)
                e->term[e->nterm++] = zfind(M, 1 + (int)j, M->bw);
        if (M->cW)
            e->term[e->nterm++] = zfind(M, M->bx, M->bw);
    }
    for (size_t c = 0; c < ncov; c++)
        e->term[e->nterm++] = zfind(M, M->bcov + (int)c, -1);
    M->neq = k + 1;
    if (M->serial) {
        int buf[ADX_MED_MAX_M];
        serial_paths(M, buf, 0, 0);
    } else {
        for (size_t j = 0; j < k; j++) {
            int mj = (int)j;
            add_path(M, &mj, 1);
        }
    }
    M->moderated = M->aW || M->bW;
}

/* Number of moderated edges along path p. */
static int path_nmod(const model_t *M, size_t p)
{
    int c = 0;
    for (size_t l = 0; l < M->plen[p]; l++)
        c += M->pe[p][l].pos_int >= 0;
    return c;
}

static double path_value(const model_t *M, size_t p, const double *const *coef, double w)
{
    double v = 1.0;
    for (size_t l = 0; l < M->plen[p]; l++) {
        const edge_t *e = &M->pe[p][l];
        double a = coef[e->eq][e->pos];
        if (e->pos_int >= 0)
            a += coef[e->eq][e->pos_int] * w;
        v *= a;
    }
    return v;
}

static double path_index(const model_t *M, size_t p, const double *const *coef)
{
    double v = 1.0;
    for (size_t l = 0; l < M->plen[p]; l++) {
        const edge_t *e = &M->pe[p][l];
        v *= e->pos_int >= 0 ? coef[e->eq][e->pos_int] : coef[e->eq][e->pos];
    }
    return v;
}

/* Every bootstrapped quantity from the coefficient vectors. */
static void theta_from_coefs(const model_t *M, const double *const *coef, double sdx,
                             double sdy, double *theta)
{
    for (size_t i = 0; i < M->nitem; i++) {
        const item_t *it = &M->items[i];
        double v = 0;
        switch (it->kind) {
        case IT_PATH:
            v = path_value(M, (size_t)it->path, coef, it->w);
            break;
        case IT_TOTAL:
            for (size_t p = 0; p < M->npath; p++)
                v += path_value(M, p, coef, 0.0);
            break;
        case IT_CONTRAST:
            v = path_value(M, (size_t)it->path, coef, 0.0) -
                path_value(M, (size_t)it->path2, coef, 0.0);
            break;
        case IT_INDEX:
            v = path_index(M, (size_t)it->path, coef);
            break;
        }
        theta[i] = v;
    }
    for (size_t i = 0; i < M->nstd; i++) {
        theta[M->nitem + i] = theta[i] / sdy;
        theta[M->nitem + M->nstd + i] = theta[i] * sdx / sdy;
    }
}

/* ---- Small dense kernels ---------------------------------------------------- */

/* Solves A b = r for a p x p SPD matrix (row-major, overwritten by its Cholesky
 * factor). Returns -1 when a pivot is not positive relative to its diagonal. */
static int chol_solve(double *A, double *r, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double d = A[j * p + j], d0 = d;
        for (size_t k = 0; k < j; k++)
            d -= A[j * p + k] * A[j * p + k];
        if (!(d > CHOL_TOL * d0))
            return -1;
        d = sqrt(d);
        A[j * p + j] = d;
        for (size_t i = j + 1; i < p; i++) {
            double s = A[i * p + j];
            for (size_t k = 0; k < j; k++)
                s -= A[i * p + k] * A[j * p + k];
            A[i * p + j] = s / d;
        }
    }
    for (size_t i = 0; i < p; i++) {
        double s = r[i];
        for (size_t k = 0; k < i; k++)
            s -= A[i * p + k] * r[k];
        r[i] = s / A[i * p + i];
    }
    for (size_t i = p; i-- > 0;) {
        double s = r[i];
        for (size_t k = i + 1; k < p; k++)
            s -= A[k * p + i] * r[k];
        r[i] = s / A[i * p + i];
    }
    return 0;
}

/* S is nz x nz row-major with the lower triangle filled. */
#define SLOW(S, nz, a, b) ((a) >= (b) ? (S)[(a) * (nz) + (b)] : (S)[(b) * (nz) + (a)])

/* Solves every equation from the cross-products S; coef[e] receives eq e's
 * coefficients; work holds MAXT*MAXT doubles. Returns -1 if singular. */
static int solve_from_S(const model_t *M, const double *S, double **coef, double *work)
{
    size_t nz = M->nz;
    for (size_t e = 0; e < M->neq; e++) {
        const eqdef_t *q = &M->eq[e];
        size_t p = q->nterm;
        for (size_t i = 0; i < p; i++) {
            for (size_t j = 0; j <= i; j++)
                work[i * p + j] = SLOW(S, nz, q->term[i], q->term[j]);
            coef[e][i] = SLOW(S, nz, q->term[i], q->out);
        }
        if (chol_solve(work, coef[e], p))
            return -1;
    }
    return 0;
}

/* S = Z' diag(cnt) Z (lower triangle of the nz x nz row-major S) for the centred
 * design Zcm (n x nz, column-major). Cases are taken in chunks of ACC_CHUNK so that the
 * weighted columns w_a = cnt o z_a stay in the L1 cache; each S_ab is then a dot product
 * of contiguous arrays, computed with four 4-wide vector accumulators (GCC vector
 * extensions) in a fixed order. The arithmetic is the same in every clone (AVX2 or
 * baseline; C11 mode does not contract to FMA), so results do not depend on the CPU
 * path or on the number of threads. `w` holds ACC_CHUNK * nz doubles. */
#define ACC_CHUNK 256
typedef double v4d __attribute__((vector_size(32)));
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(ADX_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static void accumulate(const double *Zcm, const uint32_t *cnt, size_t n, size_t nz, double *S,
                       double *w)
{
    memset(S, 0, nz * nz * sizeof *S);
    for (size_t i0 = 0; i0 < n; i0 += ACC_CHUNK) {
        size_t m = n - i0 < ACC_CHUNK ? n - i0 : ACC_CHUNK;
        for (size_t a = 0; a < nz; a++) {
            const double *za = Zcm + a * n + i0;
            double *wa = w + a * ACC_CHUNK;
            for (size_t i = 0; i < m; i++)
                wa[i] = (double)cnt[i0 + i] * za[i];
        }
        for (size_t a = 0; a < nz; a++) {
            const double *wa = w + a * ACC_CHUNK;
            for (size_t b = 0; b <= a; b++) {
                const double *zb = Zcm + b * n + i0;
                v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
                size_t i = 0;
                for (; i + 16 <= m; i += 16) {
                    v4d x0, x1, x2, x3, y0, y1, y2, y3;
                    memcpy(&x0, wa + i, 32);
                    memcpy(&x1, wa + i + 4, 32);
                    memcpy(&x2, wa + i + 8, 32);
                    memcpy(&x3, wa + i + 12, 32);
                    memcpy(&y0, zb + i, 32);
                    memcpy(&y1, zb + i + 4, 32);
                    memcpy(&y2, zb + i + 8, 32);
                    memcpy(&y3, zb + i + 12, 32);
                    s0 += x0 * y0;
                    s1 += x1 * y1;
                    s2 += x2 * y2;
                    s3 += x3 * y3;
                }
                v4d t = (s0 + s1) + (s2 + s3);
                double acc = (t[0] + t[1]) + (t[2] + t[3]);
                for (; i < m; i++)
                    acc += wa[i] * zb[i];
                S[a * nz + b] += acc;
            }
        }
    }
}

static double sd_from_S(const double *S, size_t nz, size_t col)
{
    double n = S[0], s = S[col * nz], ss = S[col * nz + col];
    double v = (ss - s * s / n) / (n - 1);
    return v > 0 ? sqrt(v) : 0.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- Result helpers ------------------------------------------------------------ */

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void adx_mediate_free(adx_mediate_t *r)
{
    if (!r)
        return;
    free(r->x_name);
    free(r->y_name);
    free(r->w_name);
    for (size_t j = 0; r->m_names && j < r->nm; j++)
        free(r->m_names[j]);
    free(r->m_names);
    for (size_t e = 0; r->eq && e < r->neq; e++) {
        free(r->eq[e].outcome);
        for (size_t j = 0; r->eq[e].coef && j < r->eq[e].ncoef; j++)
            free(r->eq[e].coef[j].term);
        free(r->eq[e].coef);
    }
    free(r->eq);
    free(r->total.label);
    for (size_t j = 0; r->direct && j < r->ndirect; j++)
        free(r->direct[j].label);
    free(r->direct);
    for (size_t j = 0; r->ind && j < r->nind; j++)
        free(r->ind[j].label);
    free(r->ind);
    for (size_t j = 0; r->contrast && j < r->ncontrast; j++)
        free(r->contrast[j].label);
    free(r->contrast);
    for (size_t j = 0; r->index && j < r->nindex; j++)
        free(r->index[j].label);
    free(r->index);
    free(r->bk.c.label);
    free(r->bk.a.label);
    free(r->bk.b.label);
    free(r->bk.cprime.label);
    free(r->boot_idx);
    free(r->rows);
    free(r);
}

/* One OLS fit with its covariance matrix (p x p, column-major). */
typedef struct {
    size_t p;
    double b[MAXT], V[MAXT * MAXT];
    double rss, r2, df, f, fdf1, fp;
} fit_t;

/* Fits outcome column `yc` of the raw Z matrix (n x nz column-major) on the Z
 * columns terms[0..p-1] (terms[0] is the constant). */
static adx_error_t ols_fit(const double *Z, size_t n, const size_t *terms, size_t p, size_t yc,
                           adx_se_type_t se, fit_t *f, size_t *aliased)
{
    adx_error_t rc = ADX_OK;
    adx_matrix_t *X = adx_matrix_alloc(n, p);
    double *XtXi = malloc(p * p * sizeof *XtXi), *e = malloc(n * sizeof *e);
    double *meat = calloc(p * p, sizeof *meat), *tmp = malloc(p * p * sizeof *tmp);
    if (!X || !XtXi || !e || !meat || !tmp) {
        rc = ADX_ENOMEM;
        goto cleanup;
    }
    const double *y = Z + yc * n;
    for (size_t j = 0; j < p; j++)
        memcpy(X->data + j * n, Z + terms[j] * n, n * sizeof(double));
    f->p = p;
    if ((rc = adx_lstsq(X, y, f->b, XtXi, &f->rss, QR_TOL, aliased)))
        goto cleanup;
    double ybar = 0, tss = 0;
    for (size_t i = 0; i < n; i++)
        ybar += y[i];
    ybar /= (double)n;
    for (size_t i = 0; i < n; i++)
        tss += (y[i] - ybar) * (y[i] - ybar);
    f->df = (double)(n - p);
    f->r2 = tss > 0 ? 1.0 - f->rss / tss : NAN;
    f->fdf1 = (double)(p - 1);
    if (se == ADX_SE_OLS) {
        double s2 = f->rss / f->df;
        for (size_t i = 0; i < p * p; i++)
            f->V[i] = XtXi[i] * s2;
        f->f = (f->r2 / f->fdf1) / ((1 - f->r2) / f->df);
    } else {
        for (size_t i = 0; i < n; i++) {
            double fit = 0;
            for (size_t j = 0; j < p; j++)
                fit += X->data[i + j * n] * f->b[j];
            e[i] = y[i] - fit;
        }
        for (size_t i = 0; i < n; i++) {
            double h = 0;
            for (size_t a = 0; a < p; a++) {
                double s = 0;
                for (size_t b = 0; b < p; b++)
                    s += XtXi[a + b * p] * X->data[i + b * n];
                h += X->data[i + a * n] * s;
            }
            double w = e[i] * e[i];
            switch (se) {
            case ADX_SE_HC0:
                break;
            case ADX_SE_HC1:
                w *= (double)n / (double)(n - p);
                break;
            case ADX_SE_HC2:
                w /= 1 - h;
                break;
            case ADX_SE_HC3:
                w /= (1 - h) * (1 - h);
                break;
            case ADX_SE_HC4: {
                double d = (double)n * h / (double)p;
                d = d < 4 ? d : 4;
                w /= pow(1 - h, d);
                break;
            }
            default:
                break;
            }
            for (size_t a = 0; a < p; a++)
                for (size_t b = 0; b <= a; b++)
                    meat[a + b * p] += w * X->data[i + a * n] * X->data[i + b * n];
        }
        for (size_t a = 0; a < p; a++)
            for (size_t b = a + 1; b < p; b++)
                meat[a + b * p] = meat[b + a * p];
        /* V = XtXi meat XtXi */
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++) {
                double s = 0;
                for (size_t c = 0; c < p; c++)
                    s += meat[a + c * p] * XtXi[c + b * p];
                tmp[a + b * p] = s;
            }
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++) {
                double s = 0;
                for (size_t c = 0; c < p; c++)
                    s += XtXi[a + c * p] * tmp[c + b * p];
                f->V[a + b * p] = s;
            }
        /* Wald F of the slopes: b' V^-1 b / q (PROCESS with HC SEs). */
        size_t q = p - 1;
        adx_matrix_t *Vs = adx_matrix_alloc(q ? q : 1, q ? q : 1);
        if (!Vs) {
            rc = ADX_ENOMEM;
            goto cleanup;
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < q; b++)
                ADX_M(Vs, a, b) = f->V[(a + 1) + (b + 1) * p];
        f->f = NAN;
        if (q && adx_matrix_spd_inverse(Vs) == ADX_OK) {
            double s = 0;
            for (size_t a = 0; a < q; a++)
                for (size_t b = 0; b < q; b++)
                    s += f->b[a + 1] * ADX_M(Vs, a, b) * f->b[b + 1];
            f->f = s / (double)q;
        }
        adx_matrix_free(Vs);
    }
    f->fp = p > 1 ? gsl_cdf_fdist_Q(f->f, f->fdf1, f->df) : NAN;
cleanup:
    adx_matrix_free(X);
    free(XtXi);
    free(e);
    free(meat);
    free(tmp);
    return rc;
}

static void effect_from(double b, double se, double df, double tcrit, adx_med_effect_t *e)
{
    e->effect = b;
    e->se = se;
    e->t = b / se;
    e->p = 2 * gsl_cdf_tdist_Q(fabs(e->t), df);
    e->lo = b - tcrit * se;
    e->hi = b + tcrit * se;
}

static void normal_test(double ab, double var, adx_med_normal_t *o)
{
    o->effect = ab;
    o->se = var > 0 ? sqrt(var) : NAN;
    o->z = ab / o->se;
    o->p = 2 * gsl_cdf_ugaussian_Q(fabs(o->z));
}

/* Percentile at p(n+1), interpolated (SPSS HAVERAGE); x sorted. */
static double haverage(const double *x, size_t n, double p)
{
    double pos = p * (double)(n + 1);
    double k = floor(pos), fr = pos - k;
    if (k < 1)
        return x[0];
    if (k >= (double)n)
        return x[n - 1];
    size_t i = (size_t)k - 1;
    return x[i] + fr * (x[i + 1] - x[i]);
}

/* Bootstrap limits of one statistic. vals: B values (sorted on return). */
static void boot_ci(double *vals, size_t B, double est, const double *jack, size_t n,
                    adx_ci_method_t ci, double conf, double *se, double *lo, double *hi)
{
    double m = 0, ss = 0;
    for (size_t r = 0; r < B; r++)
        m += vals[r];
    m /= (double)B;
    for (size_t r = 0; r < B; r++)
        ss += (vals[r] - m) * (vals[r] - m);
    *se = B > 1 ? sqrt(ss / (double)(B - 1)) : NAN;
    size_t below = 0;
    for (size_t r = 0; r < B; r++)
        below += vals[r] < est;
    qsort(vals, B, sizeof *vals, cmp_double);
    double alpha = 1 - conf / 100;
    double plo = alpha / 2, phi = 1 - alpha / 2;
    if (ci != ADX_CI_PERCENTILE) {
        double z0 = gsl_cdf_ugaussian_Pinv((double)below / (double)B);
        double zl = gsl_cdf_ugaussian_Pinv(plo), zh = gsl_cdf_ugaussian_Pinv(phi);
        double acc = 0;
        if (ci == ADX_CI_BCA && jack) {
            double jm = 0, s2 = 0, s3 = 0;
            for (size_t i = 0; i < n; i++)
                jm += jack[i];
            jm /= (double)n;
            for (size_t i = 0; i < n; i++) {
                double L = jm - jack[i];
                s2 += L * L;
                s3 += L * L * L;
            }
            acc = s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : 0;
        }
        if (isinf(z0)) {
            plo = phi = z0 < 0 ? 0.0 : 1.0;
        } else {
            plo = gsl_cdf_ugaussian_P(z0 + (z0 + zl) / (1 - acc * (z0 + zl)));
            phi = gsl_cdf_ugaussian_P(z0 + (z0 + zh) / (1 - acc * (z0 + zh)));
        }
    }
    *lo = vals[adx_boot_order_lower(B, plo) - 1];
    *hi = vals[adx_boot_order_upper(B, phi) - 1];
}

/* ---- The analysis -------------------------------------------------------------- */

adx_error_t adx_mediate(const adx_dataset_t *ds, const adx_mediate_spec_t *spec,
                        const adx_mediate_options_t *o, adx_mediate_t **out,
                        adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    adx_mediate_t *R = NULL;
    model_t *M = NULL;
    double *base = NULL, *Z = NULL, *Zc = NULL, *Zcm = NULL, *zmean = NULL, *theta_hat = NULL;
    double *bootv = NULL, *jackv = NULL, *mcv = NULL, *Sfull = NULL, *colbuf = NULL;
    fit_t *fits = NULL;
    *out = NULL;
    const int model = o->model;
    const size_t k = spec->nm;
    const int has_w = spec->w >= 0;

    /* ---- validate the request */
    if (model != 1 && model != 4 && model != 6 && model != 7 && model != 8 && model != 14 &&
        model != 58 && model != 59)
        return adx_err(ctx, ADX_EUSAGE, "PROCESS model %d is not supported; use 1, 4, 6, 7, "
                                        "8, 14, 58 or 59", model);
    if (model == 1 && k)
        return adx_err(ctx, ADX_EUSAGE, "model 1 (simple moderation) takes no mediators; drop "
                                        "--m or choose a mediation model");
    if (model != 1 && k == 0)
        return adx_err(ctx, ADX_EUSAGE, "model %d needs at least one mediator (--m)", model);
    if (k > ADX_MED_MAX_M)
        return adx_err(ctx, ADX_EUSAGE, "%zu mediators given; at most %d are supported", k,
                       ADX_MED_MAX_M);
    if (model == 6 && k > 4)
        return adx_err(ctx, ADX_EUSAGE, "serial mediation (model 6) takes at most 4 mediators, "
                                        "not %zu", k);
    if (model == 6 && k < 2)
        return adx_err(ctx, ADX_EUSAGE, "serial mediation (model 6) needs at least 2 mediators");
    int needs_w = model != 4 && model != 6;
    if (needs_w && !has_w)
        return adx_err(ctx, ADX_EUSAGE, "model %d is moderated: name the moderator with --w",
                       model);
    if (!needs_w && has_w)
        return adx_err(ctx, ADX_EUSAGE, "model %d has no moderator; drop --w or choose a "
                                        "moderated model (--model 7, 8, 14, 58, 59)", model);
    if (spec->ncov > 20)
        return adx_err(ctx, ADX_EUSAGE, "at most 20 covariates are supported");
    if (!(o->conf > 0 && o->conf < 100))
        return adx_err(ctx, ADX_EUSAGE, "the confidence level must be between 0 and 100, not %g",
                       o->conf);
    if (o->boot == 1 || o->mc == 1)
        return adx_err(ctx, ADX_EUSAGE, "a bootstrap or Monte Carlo interval needs at least 2 "
                                        "draws");
    {
        /* Distinct roles. */
        size_t nv = 2 + k + spec->ncov + (has_w ? 1 : 0), c = 0;
        size_t vars[2 + ADX_MED_MAX_M + 21];
        const char *role[2 + ADX_MED_MAX_M + 21];
        vars[c] = spec->x, role[c++] = "X";
        vars[c] = spec->y, role[c++] = "Y";
        for (size_t j = 0; j < k; j++)
            vars[c] = spec->m[j], role[c++] = "a mediator";
        if (has_w)
            vars[c] = (size_t)spec->w, role[c++] = "the moderator W";
        for (size_t j = 0; j < spec->ncov; j++)
            vars[c] = spec->cov[j], role[c++] = "a covariate";
        for (size_t i = 0; i < nv; i++) {
            if (vars[i] >= ds->nvars || ds->vars[vars[i]].type != ADX_VAR_NUMERIC)
                return adx_err(ctx, ADX_ETYPE, "%s: variable %zu is not numeric", ds->source,
                               vars[i]);
            for (size_t j = 0; j < i; j++)
                if (vars[i] == vars[j]) {
                    const char *nm = ds->vars[vars[i]].name;
                    if (!strcmp(role[i], role[j]))
                        return adx_err(ctx, ADX_EUSAGE, "'%s' is listed twice as %s; list each "
                                                        "variable once", nm, role[i]);
                    return adx_err(ctx, ADX_EUSAGE, "'%s' is both %s and %s; each variable "
                                                    "takes one role", nm, role[j], role[i]);
                }
        }
    }

    if (!(R = calloc(1, sizeof *R)) || !(M = malloc(sizeof *M)))
        goto oom;
    build_model(M, model, k, spec->ncov, has_w);
    R->model = model;
    R->boot = o->boot;
    R->seed = o->seed;
    R->ci = o->ci;
    R->conf = o->conf;
    R->mc = o->mc;
    R->se = o->se;
    R->probe = o->probe;
    R->center = o->center;
    R->nm = k;
    if (!(R->x_name = xstrdup(ds->vars[spec->x].name)) ||
        !(R->y_name = xstrdup(ds->vars[spec->y].name)) ||
        (has_w && !(R->w_name = xstrdup(ds->vars[spec->w].name))) ||
        !(R->m_names = calloc(k ? k : 1, sizeof *R->m_names)))
        goto oom;
    for (size_t j = 0; j < k; j++)
        if (!(R->m_names[j] = xstrdup(ds->vars[spec->m[j]].name)))
            goto oom;

    /* ---- base matrix of the complete cases */
    size_t nb = M->nb, N = ds->nrows, n = 0;
    size_t bvar[2 + ADX_MED_MAX_M + 21];
    bvar[M->bx] = spec->x;
    for (size_t j = 0; j < k; j++)
        bvar[1 + j] = spec->m[j];
    bvar[M->by] = spec->y;
    if (has_w)
        bvar[M->bw] = (size_t)spec->w;
    for (size_t c = 0; c < spec->ncov; c++)
        bvar[(size_t)M->bcov + c] = spec->cov[c];
    if (!(R->rows = malloc((N ? N : 1) * sizeof *R->rows)))
        goto oom;
    for (size_t i = 0; i < N; i++) {
        int ok = 1;
        for (size_t c = 0; c < nb && ok; c++)
            ok = !isnan(ds->vars[bvar[c]].num[i]);
        if (ok)
            R->rows[n++] = i;
    }
    R->n = n;
    if (n >= (size_t)UINT32_MAX) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "%s: %zu cases; at most %u are supported", ds->source,
                     n, UINT32_MAX - 1);
        goto cleanup;
    }
    size_t pmax = 0;
    for (size_t e = 0; e < M->neq; e++)
        pmax = M->eq[e].nterm > pmax ? M->eq[e].nterm : pmax;
    if (n < pmax + 1) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: %zu complete cases for %zu parameters in one "
                                      "equation; the model needs at least %zu complete cases",
                     ds->source, n, pmax, pmax + 1);
        goto cleanup;
    }
    if (!(base = malloc(n * nb * sizeof *base)))
        goto oom;
    for (size_t c = 0; c < nb; c++)
        for (size_t i = 0; i < n; i++)
            base[i + c * n] = ds->vars[bvar[c]].num[R->rows[i]];
    if (o->center) {
        /* Centre every variable that forms a product. */
        for (size_t j = 0; j < M->nz; j++) {
            if (M->z[j].b2 < 0)
                continue;
            int cols[2] = {M->z[j].b1, M->z[j].b2};
            for (int t = 0; t < 2; t++) {
                double *v = base + (size_t)cols[t] * n, s = 0;
                for (size_t i = 0; i < n; i++)
                    s += v[i];
                s /= (double)n;
                if (s != 0)
                    for (size_t i = 0; i < n; i++)
                        v[i] -= s;
            }
        }
    }

    /* ---- probes of W */
    if (has_w) {
        double *w = base + (size_t)M->bw * n;
        if (!(colbuf = malloc(n * sizeof *colbuf)))
            goto oom;
        memcpy(colbuf, w, n * sizeof *colbuf);
        qsort(colbuf, n, sizeof *colbuf, cmp_double);
        size_t distinct = 1;
        for (size_t i = 1; i < n; i++)
            distinct += colbuf[i] != colbuf[i - 1];
        if (distinct == 1) {
            rc = adx_err(ctx, ADX_ECONST, "moderator '%s' is constant over the %zu complete "
                                          "cases", R->w_name, n);
            goto cleanup;
        }
        if (distinct == 2) {
            R->nprobe = 2;
            R->probes[0] = colbuf[0];
            R->probes[1] = colbuf[n - 1];
        } else if (o->probe == ADX_PROBE_MEANSD) {
            double m = 0, ss = 0;
            for (size_t i = 0; i < n; i++)
                m += w[i];
            m /= (double)n;
            for (size_t i = 0; i < n; i++)
                ss += (w[i] - m) * (w[i] - m);
            double sd = sqrt(ss / (double)(n - 1));
            R->nprobe = 3;
            R->probes[0] = m - sd;
            R->probes[1] = m;
            R->probes[2] = m + sd;
        } else {
            R->nprobe = 3;
            R->probes[0] = haverage(colbuf, n, 0.16);
            R->probes[1] = haverage(colbuf, n, 0.50);
            R->probes[2] = haverage(colbuf, n, 0.84);
        }
    }

    /* ---- Z matrix (raw) and its centred copy (row-major) for the bootstrap */
    size_t nz = M->nz;
    if (!(Z = malloc(n * nz * sizeof *Z)) || !(Zc = malloc(n * nz * sizeof *Zc)) ||
        !(Zcm = malloc(n * nz * sizeof *Zcm)) ||
        !(zmean = calloc(nz, sizeof *zmean)))
        goto oom;
    for (size_t j = 0; j < nz; j++) {
        const zcol_t *zc = &M->z[j];
        double *col = Z + j * n, s = 0;
        for (size_t i = 0; i < n; i++) {
            double v = zc->b1 < 0 ? 1.0 : base[i + (size_t)zc->b1 * n];
            if (zc->b2 >= 0)
                v *= base[i + (size_t)zc->b2 * n];
            col[i] = v;
            s += v;
        }
        zmean[j] = zc->b1 < 0 ? 0.0 : s / (double)n;
        for (size_t i = 0; i < n; i++)
            Zc[i * nz + j] = Zcm[i + j * n] = col[i] - zmean[j];
    }

    /* ---- point estimates: equations */
    double alpha = 1 - o->conf / 100;
    if (!(fits = calloc(M->neq + 2, sizeof *fits)) ||
        !(R->eq = calloc(M->neq, sizeof *R->eq)))
        goto oom;
    R->neq = M->neq;
    for (size_t e = 0; e < M->neq; e++) {
        const eqdef_t *q = &M->eq[e];
        size_t al = 0;
        rc = ols_fit(Z, n, q->term, q->nterm, q->out, o->se, &fits[e], &al);
        if (rc == ADX_ENOMEM)
            goto oom;
        adx_med_equation_t *E = &R->eq[e];
        E->outcome = xstrdup(e < k ? R->m_names[e] : R->y_name);
        if (!E->outcome)
            goto oom;
        if (rc == ADX_ESINGULAR) {
            rc = adx_err(ctx, ADX_ESINGULAR, "%s: in the equation of %s, a predictor is "
                                             "constant or a linear combination of the others "
                                             "(term %zu); drop or recode it",
                         ds->source, E->outcome, al + 1);
            goto cleanup;
        }
        if (rc)
            goto cleanup;
        const fit_t *f = &fits[e];
        E->ncoef = q->nterm;
        if (!(E->coef = calloc(q->nterm, sizeof *E->coef)))
            goto oom;
        double tcrit = gsl_cdf_tdist_Pinv(1 - alpha / 2, f->df);
        for (size_t j = 0; j < q->nterm; j++) {
            const zcol_t *zc = &M->z[q->term[j]];
            char lab[512];
            if (zc->b1 < 0)
                snprintf(lab, sizeof lab, "constant");
            else if (zc->b2 < 0)
                snprintf(lab, sizeof lab, "%s", ds->vars[bvar[zc->b1]].name);
            else
                snprintf(lab, sizeof lab, "%s x %s", ds->vars[bvar[zc->b1]].name,
                         ds->vars[bvar[zc->b2]].name);
            adx_med_coef_t *C = &E->coef[j];
            if (!(C->term = xstrdup(lab)))
                goto oom;
            adx_med_effect_t tmp;
            effect_from(f->b[j], sqrt(f->V[j + j * q->nterm]), f->df, tcrit, &tmp);
            C->b = tmp.effect, C->se = tmp.se, C->t = tmp.t, C->p = tmp.p, C->lo = tmp.lo,
            C->hi = tmp.hi;
        }
        E->r2 = f->r2;
        E->r = sqrt(f->r2);
        E->mse = f->rss / f->df;
        E->f = f->f;
        E->df1 = f->fdf1;
        E->df2 = f->df;
        E->p = f->fp;
    }
    const eqdef_t *qy = &M->eq[k];
    const fit_t *fy = &fits[k];
    double tcrit_y = gsl_cdf_tdist_Pinv(1 - alpha / 2, fy->df);

    /* ---- total effect (unmoderated mediation models) */
    if (model == 4 || model == 6) {
        size_t terms[MAXT], p = 0;
        terms[p++] = 0;
        terms[p++] = M->zx;
        for (size_t c = 0; c < spec->ncov; c++)
            terms[p++] = zfind(M, M->bcov + (int)c, -1);
        fit_t *fc = &fits[M->neq];
        size_t al = 0;
        if ((rc = ols_fit(Z, n, terms, p, M->zy, o->se, fc, &al))) {
            if (rc == ADX_ENOMEM)
                goto oom;
            rc = adx_err(ctx, rc, "%s: the total-effect equation of %s is singular; check "
                                  "the covariates", ds->source, R->y_name);
            goto cleanup;
        }
        R->has_total = 1;
        if (!(R->total.label = xstrdup("Total effect")))
            goto oom;
        R->total.w = NAN;
        effect_from(fc->b[1], sqrt(fc->V[1 + 1 * p]), fc->df, gsl_cdf_tdist_Pinv(1 - alpha / 2, fc->df),
                    &R->total);
    }

    /* ---- direct effect(s) */
    {
        int px = eq_pos(qy, M->zx), pxw = -1;
        for (size_t j = 0; j < qy->nterm; j++)
            if (M->z[qy->term[j]].b1 == M->bx && M->z[qy->term[j]].b2 == M->bw && has_w)
                pxw = (int)j;
        size_t nd = pxw >= 0 ? R->nprobe : 1, p = qy->nterm;
        if (!(R->direct = calloc(nd, sizeof *R->direct)))
            goto oom;
        R->ndirect = nd;
        for (size_t d = 0; d < nd; d++) {
            adx_med_effect_t *D = &R->direct[d];
            char lab[64];
            if (pxw >= 0) {
                double w = R->probes[d];
                double b = fy->b[px] + fy->b[pxw] * w;
                double v = fy->V[px + px * p] + 2 * w * fy->V[px + pxw * p] +
                           w * w * fy->V[pxw + pxw * p];
                effect_from(b, sqrt(v), fy->df, tcrit_y, D);
                D->w = w;
                snprintf(lab, sizeof lab, model == 1 ? "Conditional effect" : "Conditional direct effect");
            } else {
                effect_from(fy->b[px], sqrt(fy->V[px + px * p]), fy->df, tcrit_y, D);
                D->w = NAN;
                snprintf(lab, sizeof lab, "Direct effect");
            }
            if (!(D->label = xstrdup(lab)))
                goto oom;
        }
        if (model == 1) {
            /* R2 increase due to the interaction. */
            size_t terms[MAXT], q = 0;
            for (size_t j = 0; j < qy->nterm; j++)
                if ((int)j != pxw)
                    terms[q++] = qy->term[j];
            fit_t *f0 = &fits[M->neq + 1];
            if ((rc = ols_fit(Z, n, terms, q, M->zy, ADX_SE_OLS, f0, NULL))) {
                if (rc == ADX_ENOMEM)
                    goto oom;
                rc = adx_err(ctx, rc, "%s: the model without the interaction is singular",
                             ds->source);
                goto cleanup;
            }
            R->has_r2chng = 1;
            R->r2chng = fy->r2 - f0->r2;
            R->r2chng_df1 = 1;
            R->r2chng_df2 = fy->df;
            if (o->se == ADX_SE_OLS)
                R->r2chng_f = R->r2chng / ((1 - fy->r2) / fy->df);
            else {
                double t = fy->b[pxw] / sqrt(fy->V[pxw + pxw * p]);
                R->r2chng_f = t * t;
            }
            R->r2chng_p = gsl_cdf_fdist_Q(R->r2chng_f, 1, fy->df);
        }
    }

    /* ---- Sobel and Baron & Kenny (one mediator, model 4) */
    if (model == 4 && k == 1) {
        const fit_t *fm = &fits[0];
        size_t pm = M->eq[0].nterm, py = qy->nterm;
        int pa = eq_pos(&M->eq[0], M->zx), pb = eq_pos(qy, zfind(M, 1, -1));
        double a = fm->b[pa], va = fm->V[pa + pa * pm], b = fy->b[pb], vb = fy->V[pb + pb * py];
        R->has_sobel = 1;
        normal_test(a * b, b * b * va + a * a * vb, &R->sobel);
        normal_test(a * b, b * b * va + a * a * vb + va * vb, &R->aroian);
        normal_test(a * b, b * b * va + a * a * vb - va * vb, &R->goodman);
        R->has_bk = 1;
        adx_med_bk_t *bk = &R->bk;
        bk->c = R->total;
        bk->c.label = xstrdup("Step 1: X -> Y (c)");
        effect_from(a, sqrt(va), fm->df, gsl_cdf_tdist_Pinv(1 - alpha / 2, fm->df), &bk->a);
        bk->a.label = xstrdup("Step 2: X -> M (a)");
        effect_from(b, sqrt(vb), fy->df, tcrit_y, &bk->b);
        bk->b.label = xstrdup("Step 3: M -> Y controlling for X (b)");
        bk->cprime = R->direct[0];
        bk->cprime.label = xstrdup("Step 4: X -> Y controlling for M (c')");
        bk->a.w = bk->b.w = bk->c.w = bk->cprime.w = NAN;
        if (!bk->c.label || !bk->a.label || !bk->b.label || !bk->cprime.label)
            goto oom;
        bk->c_sig = bk->c.p < alpha;
        bk->a_sig = bk->a.p < alpha;
        bk->b_sig = bk->b.p < alpha;
        bk->cprime_sig = bk->cprime.p < alpha;
        if (!bk->c_sig || !bk->a_sig || !bk->b_sig)
            bk->conclusion = "no mediation";
        else if (!bk->cprime_sig)
            bk->conclusion = "full mediation";
        else
            bk->conclusion = "partial mediation";
    }

    /* ---- items bootstrapped */
    if (model != 1) {
        size_t cap = M->npath * (NPROBE_MAX + 2) + M->npath * M->npath + 4;
        if (!(M->items = calloc(cap, sizeof *M->items)))
            goto oom;
        size_t ni = 0;
        if (M->moderated) {
            for (size_t p = 0; p < M->npath; p++) {
                if (path_nmod(M, p) == 0) {
                    M->items[ni].kind = IT_PATH, M->items[ni].path = (int)p, M->items[ni++].w = NAN;
                    continue;
                }
                for (size_t q = 0; q < R->nprobe; q++)
                    M->items[ni].kind = IT_PATH, M->items[ni].path = (int)p,
                    M->items[ni++].w = R->probes[q];
            }
            R->nind = ni;
            for (size_t p = 0; p < M->npath; p++)
                if (path_nmod(M, p) == 1)
                    M->items[ni].kind = IT_INDEX, M->items[ni++].path = (int)p;
            R->nindex = ni - R->nind;
        } else {
            for (size_t p = 0; p < M->npath; p++)
                M->items[ni].kind = IT_PATH, M->items[ni].path = (int)p, M->items[ni++].w = 0;
            if (M->npath > 1)
                M->items[ni++].kind = IT_TOTAL;
            R->nind = ni;
            M->nstd = ni;
            R->has_std = 1;
            for (size_t p = 0; p < M->npath; p++)
                for (size_t q = p + 1; q < M->npath; q++)
                    M->items[ni].kind = IT_CONTRAST, M->items[ni].path = (int)p,
                    M->items[ni++].path2 = (int)q;
            R->ncontrast = ni - R->nind;
        }
        M->nitem = ni;
        M->ntheta = ni + 2 * M->nstd;
    }
    size_t nt = M->ntheta;
    size_t nm_ = M->neq;
    double sdx, sdy;
    {
        double *Sx = malloc(nz * nz * sizeof *Sx);
        if (!Sx)
            goto oom;
        memset(Sx, 0, nz * nz * sizeof *Sx);
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < nz; a++)
                for (size_t b = 0; b <= a; b++)
                    Sx[a * nz + b] += Zc[i * nz + a] * Zc[i * nz + b];
        Sfull = Sx;
        sdx = sd_from_S(Sfull, nz, M->zx);
        sdy = sd_from_S(Sfull, nz, M->zy);
    }
    if (!(theta_hat = calloc(nt ? nt : 1, sizeof *theta_hat)))
        goto oom;
    {
        const double *cp[ADX_MED_MAX_M + 2];
        for (size_t e = 0; e < nm_; e++)
            cp[e] = fits[e].b;
        if (nt)
            theta_from_coefs(M, cp, sdx, sdy, theta_hat);
    }

    /* ---- bootstrap */
    size_t B = nt ? o->boot : 0;
    R->boot = B;
    int nthreads = o->threads;
#ifdef _OPENMP
    if (nthreads <= 0)
        nthreads = omp_get_max_threads();
#else
    nthreads = 1;
#endif
    if (B && (B > SIZE_MAX / sizeof(double) / nt || (o->keep_indices && B > SIZE_MAX / 4 / n))) {
        rc = adx_err(ctx, ADX_ENOMEM, "%zu resamples do not fit in memory", B);
        goto cleanup;
    }
    if (B) {
        if (!(bootv = malloc(B * nt * sizeof *bootv)))
            goto oom;
        if (o->keep_indices && !(R->boot_idx = malloc(B * n * sizeof *R->boot_idx)))
            goto oom;
        size_t failed = 0;
        int exhausted = 0, nomem = 0;
#pragma omp parallel num_threads(nthreads) reduction(+ : failed)
        {
            uint32_t *cnt = calloc(n, sizeof *cnt);
            uint32_t *drawn = malloc(n * sizeof *drawn);
            double *S = malloc(nz * nz * sizeof *S), *work = malloc(MAXT * MAXT * sizeof *work);
            double *cbuf = malloc(nm_ * MAXT * sizeof *cbuf), *th = malloc(nt * sizeof *th);
            double *wbuf = malloc(ACC_CHUNK * nz * sizeof *wbuf);
            double *coef[ADX_MED_MAX_M + 2];
            if (!cnt || !drawn || !S || !work || !cbuf || !th || !wbuf) {
#pragma omp atomic write
                nomem = 1;
            } else {
                for (size_t e = 0; e < nm_; e++)
                    coef[e] = cbuf + e * MAXT;
#pragma omp for schedule(static)
                for (size_t r = 0; r < B; r++) {
                    adx_rng_t rng;
                    adx_rng_init(&rng, o->seed, (uint64_t)r);
                    int ok = 0;
                    for (size_t attempt = 0; attempt <= o->max_redraws && !ok; attempt++) {
                        memset(cnt, 0, n * sizeof *cnt);
                        for (size_t i = 0; i < n; i++) {
                            uint32_t d = (uint32_t)adx_rng_below(&rng, n);
                            drawn[i] = d;
                            cnt[d]++;
                        }
                        accumulate(Zcm, cnt, n, nz, S, wbuf);
                        if (solve_from_S(M, S, coef, work) == 0)
                            ok = 1;
                        else
                            failed++;
                    }
                    if (!ok) {
#pragma omp atomic write
                        exhausted = 1;
                        for (size_t t = 0; t < nt; t++)
                            bootv[t * B + r] = NAN;
                        continue;
                    }
                    theta_from_coefs(M, (const double *const *)coef, sd_from_S(S, nz, M->zx),
                                     sd_from_S(S, nz, M->zy), th);
                    for (size_t t = 0; t < nt; t++)
                        bootv[t * B + r] = th[t];
                    if (R->boot_idx)
                        memcpy(R->boot_idx + r * n, drawn, n * sizeof *drawn);
                }
            }
            free(cnt);
            free(drawn);
            free(S);
            free(work);
            free(cbuf);
            free(th);
            free(wbuf);
        }
        if (nomem)
            goto oom;
        R->boot_failed = failed;
        if (exhausted) {
            rc = adx_err(ctx, ADX_ESINGULAR, "%s: more than %zu singular bootstrap resamples "
                                             "in a row (a predictor takes few distinct values "
                                             "in %zu cases); use more cases or fewer predictors",
                         ds->source, o->max_redraws, n);
            goto cleanup;
        }

        /* Jackknife for BCa: leave each case out of S. */
        if (o->ci == ADX_CI_BCA) {
            if (!(jackv = malloc(n * nt * sizeof *jackv)))
                goto oom;
            int jfail = 0;
#pragma omp parallel num_threads(nthreads)
            {
                double *S = malloc(nz * nz * sizeof *S), *work = malloc(MAXT * MAXT * sizeof *work);
                double *cbuf = malloc(nm_ * MAXT * sizeof *cbuf), *th = malloc(nt * sizeof *th);
                double *coef[ADX_MED_MAX_M + 2];
                if (!S || !work || !cbuf || !th) {
#pragma omp atomic write
                    nomem = 1;
                } else {
                    for (size_t e = 0; e < nm_; e++)
                        coef[e] = cbuf + e * MAXT;
#pragma omp for schedule(static)
                    for (size_t i = 0; i < n; i++) {
                        memcpy(S, Sfull, nz * nz * sizeof *S);
                        const double *zi = Zc + i * nz;
                        S[0] = (double)(n - 1);
                        for (size_t a = 1; a < nz; a++)
                            for (size_t b = 0; b <= a; b++)
                                S[a * nz + b] -= zi[a] * (b ? zi[b] : 1.0);
                        if (solve_from_S(M, S, coef, work)) {
#pragma omp atomic write
                            jfail = 1;
                            continue;
                        }
                        theta_from_coefs(M, (const double *const *)coef, sd_from_S(S, nz, M->zx),
                                         sd_from_S(S, nz, M->zy), th);
                        for (size_t t = 0; t < nt; t++)
                            jackv[t * n + i] = th[t];
                    }
                }
                free(S);
                free(work);
                free(cbuf);
                free(th);
            }
            if (nomem)
                goto oom;
            if (jfail) {
                rc = adx_err(ctx, ADX_ESINGULAR, "%s: leaving one case out makes the model "
                                                 "singular, so BCa's acceleration is undefined; "
                                                 "use --ci bc or percentile", ds->source);
                goto cleanup;
            }
        }
    }

    /* ---- Monte Carlo draws of the coefficients (Preacher & Selig 2012) */
    size_t MC = nt ? o->mc : 0;
    R->mc = MC;
    if (MC) {
        size_t nmc = M->nitem;
        double L[ADX_MED_MAX_M + 2][MAXT * MAXT];
        for (size_t e = 0; e < nm_; e++) {
            size_t p = M->eq[e].nterm;
            for (size_t a = 0; a < p; a++)
                for (size_t b = 0; b < p; b++)
                    L[e][a * p + b] = fits[e].V[a + b * p];
            /* Cholesky, lower, in place (row-major). */
            for (size_t j = 0; j < p; j++) {
                double d = L[e][j * p + j];
                for (size_t t = 0; t < j; t++)
                    d -= L[e][j * p + t] * L[e][j * p + t];
                if (!(d > 0)) {
                    rc = adx_err(ctx, ADX_ESINGULAR, "the coefficient covariance of the "
                                                     "equation of %s is not positive definite; "
                                                     "the Monte Carlo interval is undefined",
                                 R->eq[e].outcome);
                    goto cleanup;
                }
                d = sqrt(d);
                L[e][j * p + j] = d;
                for (size_t i = j + 1; i < p; i++) {
                    double s = L[e][i * p + j];
                    for (size_t t = 0; t < j; t++)
                        s -= L[e][i * p + t] * L[e][j * p + t];
                    L[e][i * p + j] = s / d;
                }
            }
        }
        if (MC > SIZE_MAX / sizeof(double) / nt || !(mcv = malloc(MC * nt * sizeof *mcv)))
            goto oom;
        int nomem2 = 0;
#pragma omp parallel num_threads(nthreads)
        {
            double *cbuf = malloc(nm_ * MAXT * sizeof *cbuf), *th = malloc(nt * sizeof *th);
            double *coef[ADX_MED_MAX_M + 2];
            if (!cbuf || !th) {
#pragma omp atomic write
                nomem2 = 1;
            } else {
                for (size_t e = 0; e < nm_; e++)
                    coef[e] = cbuf + e * MAXT;
#pragma omp for schedule(static)
                for (size_t d = 0; d < MC; d++) {
                    adx_rng_t rng;
                    adx_rng_init(&rng, o->seed, ((uint64_t)1 << 48) + d);
                    for (size_t e = 0; e < nm_; e++) {
                        size_t p = M->eq[e].nterm;
                        double z[MAXT];
                        for (size_t a = 0; a < p; a++)
                            z[a] = adx_rng_normal(&rng);
                        for (size_t a = 0; a < p; a++) {
                            double s = fits[e].b[a];
                            for (size_t b = 0; b <= a; b++)
                                s += L[e][a * p + b] * z[b];
                            coef[e][a] = s;
                        }
                    }
                    theta_from_coefs(M, (const double *const *)coef, sdx, sdy, th);
                    for (size_t t = 0; t < nmc; t++)
                        mcv[t * MC + d] = th[t];
                }
            }
            free(cbuf);
            free(th);
        }
        if (nomem2)
            goto oom;
    }

    /* ---- fill the bootstrapped rows */
    if (model != 1) {
        if (!(R->ind = calloc(R->nind ? R->nind : 1, sizeof *R->ind)) ||
            !(R->contrast = calloc(R->ncontrast ? R->ncontrast : 1, sizeof *R->contrast)) ||
            !(R->index = calloc(R->nindex ? R->nindex : 1, sizeof *R->index)))
            goto oom;
        for (size_t t = 0; t < M->nitem; t++) {
            const item_t *it = &M->items[t];
            adx_med_boot_t *row = t < R->nind ? &R->ind[t]
                                  : it->kind == IT_CONTRAST ? &R->contrast[t - R->nind]
                                                            : &R->index[t - R->nind];
            char lab[1024];
            size_t len = 0;
            if (it->kind == IT_PATH) {
                len += (size_t)snprintf(lab + len, sizeof lab - len, "%s", R->x_name);
                for (size_t l = 0; l + 1 < M->plen[it->path]; l++)
                    len += (size_t)snprintf(lab + len, sizeof lab - len, " -> %s",
                                            R->m_names[M->pmed[it->path][l]]);
                snprintf(lab + len, sizeof lab - len, " -> %s", R->y_name);
            } else if (it->kind == IT_TOTAL) {
                snprintf(lab, sizeof lab, "Total");
            } else if (it->kind == IT_CONTRAST) {
                snprintf(lab, sizeof lab, "(%d) - (%d)", it->path + 1, it->path2 + 1);
            } else {
                len += (size_t)snprintf(lab + len, sizeof lab - len, "%s", R->x_name);
                for (size_t l = 0; l + 1 < M->plen[it->path]; l++)
                    len += (size_t)snprintf(lab + len, sizeof lab - len, " -> %s",
                                            R->m_names[M->pmed[it->path][l]]);
                snprintf(lab + len, sizeof lab - len, " -> %s", R->y_name);
            }
            if (!(row->label = xstrdup(lab)))
                goto oom;
            row->w = it->kind == IT_PATH && M->moderated ? it->w : NAN;
            row->effect = theta_hat[t];
            row->boot_se = row->lo = row->hi = row->mc_lo = row->mc_hi = NAN;
            row->ps_effect = row->ps_lo = row->ps_hi = NAN;
            row->cs_effect = row->cs_lo = row->cs_hi = NAN;
            size_t tis[3] = {t, M->nitem + t, M->nitem + M->nstd + t};
            double *dst[3][4] = {{&row->effect, &row->boot_se, &row->lo, &row->hi},
                                 {&row->ps_effect, NULL, &row->ps_lo, &row->ps_hi},
                                 {&row->cs_effect, NULL, &row->cs_lo, &row->cs_hi}};
            size_t nv = t < M->nstd ? 3 : 1;
            for (size_t v = 0; v < nv; v++) {
                size_t ti = tis[v];
                *dst[v][0] = theta_hat[ti];
                if (B) {
                    double se;
                    boot_ci(bootv + ti * B, B, theta_hat[ti], jackv ? jackv + ti * n : NULL, n,
                            o->ci, o->conf, &se, dst[v][2], dst[v][3]);
                    if (dst[v][1])
                        *dst[v][1] = se;
                }
            }
            if (MC) {
                double se;
                boot_ci(mcv + t * MC, MC, theta_hat[t], NULL, 0, ADX_CI_PERCENTILE, o->conf, &se,
                        &row->mc_lo, &row->mc_hi);
            }
        }
    }
    *out = R;
    R = NULL;
    goto cleanup;
oom:
    rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
cleanup:
    if (M)
        free(M->items);
    free(M);
    free(base);
    free(Z);
    free(Zc);
    free(Zcm);
    free(zmean);
    free(theta_hat);
    free(bootv);
    free(jackv);
    free(mcv);
    free(Sfull);
    free(colbuf);
    free(fits);
    adx_mediate_free(R);
    return rc;
}
