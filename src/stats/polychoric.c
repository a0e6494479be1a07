/* Polychoric and tetrachoric correlations by the two-step method lavaan uses
 * (lavCor, and the first stage of WLSMV): each variable's thresholds are the
 * probits of its cumulative proportions; each correlation maximises the
 * bivariate-normal likelihood of its contingency table with the thresholds held
 * fixed (Fisher scoring). The asymptotic covariance of thresholds and
 * correlations (Gamma, lavaan's NACOV) is Muthen's (1984) sandwich
 * B^-1 (S'S) B^-T of the case-wise scores S, with B the block-triangular
 * derivative of the stage-wise estimating equations (outer-product form):
 * A11 per variable from the threshold scores, A21 the correlation scores
 * against the threshold scores of the pair, A22 diagonal. Listwise deletion.
 *
 * Bivariate normal CDF: Phi2(h, k; r) = Phi(h) Phi(k) + the integral over
 * t in [0, asin r] of exp(-(h^2 - 2 h k sin t + k^2) / (2 cos^2 t)) / (2 pi)
 * (Sheppard's formula in the angle, as Genz's method), by adaptive
 * Gauss-Kronrod quadrature. */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_stats.h"
#include "stats_priv.h"

#define POLY_MAX_CAT 20
#define POLY_MAX_STAT 6000

void adx_polychoric_free(adx_polychoric_t *p)
{
    if (!p)
        return;
    adx__free_strings(p->names, p->k);
    ADX__FREE(p->ncat, p->values, p->th_off, p->th, p->th_se, p->r, p->r_se, p->gamma,
              p->numeric, p->sd, p->slopes, p);
}

/* ---- the bivariate normal ------------------------------------------------ */

typedef struct {
    double h, k;
} bvn_arg_t;

static double bvn_integrand(double t, void *ud)
{
    const bvn_arg_t *a = ud;
    double s = sin(t), c = cos(t);
    return exp(-(a->h * a->h - 2 * a->h * a->k * s + a->k * a->k) / (2 * c * c)) / (2 * M_PI);
}

/* P(X <= h, Y <= k) for standard normals with correlation r (|r| < 1). */
double adx__bvn_cdf(double h, double k, double r, gsl_integration_workspace *ws)
{
    if (h == -INFINITY || k == -INFINITY)
        return 0;
    if (h == INFINITY)
        return k == INFINITY ? 1 : gsl_cdf_ugaussian_P(k);
    if (k == INFINITY)
        return gsl_cdf_ugaussian_P(h);
    double base = gsl_cdf_ugaussian_P(h) * gsl_cdf_ugaussian_P(k);
    if (r == 0)
        return base;
    bvn_arg_t a = {h, k};
    gsl_function F = {bvn_integrand, &a};
    double res = 0, err = 0;
    gsl_integration_qag(&F, 0, asin(r), 1e-15, 1e-13, 200, GSL_INTEG_GAUSS21, ws, &res, &err);
    double p = base + res;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

double adx_bvn_cdf(double h, double k, double r)
{
    if (r >= 1)
        return gsl_cdf_ugaussian_P(h < k ? h : k);
    if (r <= -1)
        return fmax(0.0, gsl_cdf_ugaussian_P(h) + gsl_cdf_ugaussian_P(k) - 1.0);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(200);
    double p = ws ? adx__bvn_cdf(h, k, r, ws) : NAN;
    gsl_integration_workspace_free(ws);
    return p;
}

/* The bivariate normal density at (h, k); 0 when either is infinite. */
double adx__bvn_pdf(double h, double k, double r)
{
    if (isinf(h) || isinf(k))
        return 0;
    double q = 1 - r * r;
    return exp(-(h * h - 2 * r * h * k + k * k) / (2 * q)) / (2 * M_PI * sqrt(q));
}

double adx__npdf(double x) { return isinf(x) ? 0 : exp(-0.5 * x * x) / sqrt(2 * M_PI); }

double adx__ncdf(double x)
{
    return x == INFINITY ? 1 : x == -INFINITY ? 0 : gsl_cdf_ugaussian_P(x);
}

/* ---- one pair ----------------------------------------------------------- */

/* Cell probabilities pi (ca x cb, column-major by b) and their derivative in r
 * at the cut points t (ca + 1, infinite ends) and u (cb + 1). */
static void pair_probs(const double *t, size_t ca, const double *u, size_t cb, double r,
                       gsl_integration_workspace *ws, double *F, double *pi, double *dpi)
{
    double G[(POLY_MAX_CAT + 1) * (POLY_MAX_CAT + 1)]; /* the density at the cut points */
    for (size_t b = 0; b <= cb; b++)
        for (size_t a = 0; a <= ca; a++) {
            F[a + b * (ca + 1)] = adx__bvn_cdf(t[a], u[b], r, ws);
            G[a + b * (ca + 1)] = adx__bvn_pdf(t[a], u[b], r);
        }
    for (size_t b = 0; b < cb; b++)
        for (size_t a = 0; a < ca; a++) {
            size_t c = a + b * (ca + 1);
            pi[a + b * ca] = F[c + 1 + ca + 1] - F[c + ca + 1] - F[c + 1] + F[c];
            dpi[a + b * ca] = G[c + 1 + ca + 1] - G[c + ca + 1] - G[c + 1] + G[c];
        }
}

/* Maximum-likelihood correlation of the ca x cb table n with fixed cut points.
 * 0, or -1 when the scoring does not converge. */
static int pair_fit(const double *t, size_t ca, const double *u, size_t cb, const double *n,
                    double N, gsl_integration_workspace *ws, double *F, double *pi, double *dpi,
                    double *rho)
{
    double r = 0;
    for (int it = 0; it < 200; it++) {
        pair_probs(t, ca, u, cb, r, ws, F, pi, dpi);
        double score = 0, info = 0;
        for (size_t c = 0; c < ca * cb; c++) {
            double p = pi[c] > 1e-300 ? pi[c] : 1e-300;
            score += n[c] * dpi[c] / p;
            info += N * dpi[c] * dpi[c] / p;
        }
        if (!(info > 0))
            return -1;
        double step = score / info;
        while (fabs(r + step) >= 0.9999999)
            step /= 2;
        r += step;
        if (fabs(step) < 1e-12) {
            *rho = r;
            return 0;
        }
    }
    return -1;
}

/* ---- the data ------------------------------------------------------------ */


static void work_free(adx__poly_work_t *w)
{
    if (w->ws)
        gsl_integration_workspace_free(w->ws);
    ADX__FREE(w->cat, w->cut, w->cut_off, w->tab, w->F, w->pi, w->dpi, w->z, w->var_slot);
}

/* Categories (sorted distinct values) of column j and its thresholds. */
static adx_error_t code_variable(adx_polychoric_t *P, adx__poly_work_t *w, const double *x, size_t j,
                                 size_t *voff, adx_errctx_t *ctx)
{
    double vals[POLY_MAX_CAT];
    size_t nv = 0, n = w->n, nobs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        if (isnan(x[i]))
            continue;
        while (c < nv && vals[c] != x[i])
            c++;
        if (c == nv) {
            if (nv == POLY_MAX_CAT)
                return adx_err(ctx, ADX_EDOMAIN,
                               "variable '%s' has more than %d distinct values: polychoric "
                               "correlations need ordered categories (Likert answers); use "
                               "Pearson correlations for continuous variables",
                               P->names ? P->names[j] : "?", POLY_MAX_CAT);
            vals[nv++] = x[i];
        }
    }
    if (nv < 2)
        return adx_err(ctx, ADX_ECONST,
                       "variable '%s' has one value (%g) in all %zu complete cases: a "
                       "constant variable has no polychoric correlation; leave it out",
                       P->names ? P->names[j] : "?", nv ? vals[0] : NAN, n);
    qsort(vals, nv, sizeof *vals, adx__cmp_double);
    P->ncat[j] = nv;
    memcpy(P->values + *voff, vals, nv * sizeof *vals);
    *voff += nv;
    size_t cnt[POLY_MAX_CAT] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        w->cat[i + j * n] = -1; /* missing (pairwise) */
        if (isnan(x[i]))
            continue;
        while (vals[c] != x[i])
            c++;
        w->cat[i + j * n] = (int)c;
        cnt[c]++;
        nobs++;
    }
    double *cut = w->cut + w->cut_off[j], cum = 0;
    cut[0] = -INFINITY;
    cut[nv] = INFINITY;
    for (size_t c = 0; c + 1 < nv; c++) {
        cum += (double)cnt[c];
        cut[c + 1] = gsl_cdf_ugaussian_Pinv(cum / (double)nobs);
        P->th[P->th_off[j] + c] = cut[c + 1];
    }
    return ADX_OK;
}

/* Contingency table of variables i (rows) and j over the cases with both; their count. */
static double pair_table(const adx__poly_work_t *w, size_t i, size_t j, size_t ca, size_t cb)
{
    double N = 0;
    memset(w->tab, 0, ca * cb * sizeof *w->tab);
    for (size_t c = 0; c < w->n; c++) {
        int a = w->cat[c + i * w->n], b = w->cat[c + j * w->n];
        if (a >= 0 && b >= 0) {
            w->tab[(size_t)a + ca * (size_t)b] += 1;
            N += 1;
        }
    }
    return N;
}

/* ---- Gamma ---------------------------------------------------------------- */

/* Derivative of pi_ab with respect to the variable-a cut point t[e] (e = a or a + 1),
 * for the pair cut points t (rows) and u (columns). */
static double dpi_dcut(const double *t, const double *u, size_t e, size_t b, double r)
{
    double s = sqrt(1 - r * r);
    double hi = isinf(u[b + 1]) ? 1 : adx__ncdf((u[b + 1] - r * t[e]) / s);
    double lo = isinf(u[b]) ? 0 : adx__ncdf((u[b] - r * t[e]) / s);
    return adx__npdf(t[e]) * (hi - lo);
}

/* Per cell (a, b) of the pair (i, j): the correlation score dpi/pi and its four
 * threshold terms (score times the derivative of log pi_ab in the cut point above and
 * below a, then above and below b), each a function of the cell only. */
typedef struct {
    double sr, ta_hi, ta_lo, tb_hi, tb_lo;
} pair_cell_t;

static void pair_cells(const adx__poly_work_t *w, const double *t, size_t ca, const double *u,
                       size_t cb, double r, pair_cell_t *cell)
{
    for (size_t b = 0; b < cb; b++)
        for (size_t a = 0; a < ca; a++) {
            pair_cell_t *e = cell + a + b * ca;
            double pr = w->pi[a + b * ca] > 1e-300 ? w->pi[a + b * ca] : 1e-300;
            double sr = w->dpi[a + b * ca] / pr;
            e->sr = sr;
            e->ta_hi = a + 1 < ca ? sr * dpi_dcut(t, u, a + 1, b, r) / pr : 0;
            e->ta_lo = a > 0 ? sr * dpi_dcut(t, u, a, b, r) / pr : 0;
            e->tb_hi = b + 1 < cb ? sr * dpi_dcut(u, t, b + 1, a, r) / pr : 0;
            e->tb_lo = b > 0 ? sr * dpi_dcut(u, t, b, a, r) / pr : 0;
        }
}

/* Fills the case-wise scores SC (n x nstat) and the bread blocks for one pair p
 * of variables (i, j): the correlation scores, A21's row and A22. */
static void pair_scores(adx__poly_work_t *w, const adx_polychoric_t *P, size_t i, size_t j, size_t p,
                        double *SC, double *A21, double *A22)
{
    size_t ca = P->ncat[i], cb = P->ncat[j], n = w->n;
    const double *t = w->cut + w->cut_off[i], *u = w->cut + w->cut_off[j];
    double r = P->r[i + j * P->k];
    pair_cell_t cell[POLY_MAX_CAT * POLY_MAX_CAT];
    pair_probs(t, ca, u, cb, r, w->ws, w->F, w->pi, w->dpi);
    pair_cells(w, t, ca, u, cb, r, cell);
    double *col = SC + (w->nth + p) * n, a22 = 0;
    double *a21 = A21 + p; /* row p of the np x nth matrix (leading dim np) */
    const int *ci = w->cat + i * n, *cj = w->cat + j * n;
    for (size_t c = 0; c < n; c++) {
        if (ci[c] < 0 || cj[c] < 0)
            continue; /* pairwise: no score */
        size_t a = (size_t)ci[c], b = (size_t)cj[c];
        const pair_cell_t *e = cell + a + b * ca;
        col[c] = e->sr;
        a22 += e->sr * e->sr;
        /* threshold derivatives of log pi_ab: variable i, then j (roles swapped) */
        if (a + 1 < ca)
            a21[(P->th_off[i] + a) * w->np] += e->ta_hi;
        if (a > 0)
            a21[(P->th_off[i] + a - 1) * w->np] -= e->ta_lo;
        if (b + 1 < cb)
            a21[(P->th_off[j] + b) * w->np] += e->tb_hi;
        if (b > 0)
            a21[(P->th_off[j] + b - 1) * w->np] -= e->tb_lo;
    }
    A22[p] = a22;
}

/* Threshold scores of variable j into SC. */
static void threshold_scores(const adx__poly_work_t *w, const adx_polychoric_t *P, size_t j,
                             double *SC)
{
    size_t n = w->n, C = P->ncat[j], off = P->th_off[j];
    const double *t = w->cut + w->cut_off[j];
    double hi[POLY_MAX_CAT], lo[POLY_MAX_CAT]; /* per category: the two scores */
    for (size_t a = 0; a < C; a++) {
        double pa = adx__ncdf(t[a + 1]) - adx__ncdf(t[a]);
        hi[a] = a + 1 < C ? adx__npdf(t[a + 1]) / pa : 0;
        lo[a] = a > 0 ? -adx__npdf(t[a]) / pa : 0;
    }
    const int *cj = w->cat + j * n;
    for (size_t c = 0; c < n; c++) {
        if (cj[c] < 0)
            continue; /* pairwise: no score */
        size_t a = (size_t)cj[c];
        if (a + 1 < C)
            SC[c + (off + a) * n] = hi[a];
        if (a > 0)
            SC[c + (off + a - 1) * n] = lo[a];
    }
}

/* Binv = [A11^-1 0; -A22^-1 A21 A11^-1  A22^-1] (nstat x nstat); A11 from SC's
 * threshold columns, block by variable. */
static adx_error_t bread_inverse(const adx__poly_work_t *w, const adx_polychoric_t *P,
                                 const double *SC, const double *A21, const double *A22,
                                 double *Bi)
{
    size_t n = w->n, ns = w->nstat, nth = w->nth, np = w->np;
    for (size_t j = 0; j < P->k; j++) {
        size_t ix[POLY_MAX_CAT], m = 0; /* the variable's thresholds, or mean and variance */
        if (P->numeric && P->numeric[j]) {
            ix[m++] = P->th_off[j];
            ix[m++] = w->var_slot[j];
        } else
            for (size_t a = P->th_off[j]; a < P->th_off[j + 1]; a++)
                ix[m++] = a;
        double blk[(POLY_MAX_CAT - 1) * (POLY_MAX_CAT - 1)];
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b <= a; b++) { /* symmetric: the same sum either way */
                double s = 0;
                const double *x = SC + ix[a] * n, *y = SC + ix[b] * n;
                for (size_t c = 0; c < n; c++)
                    s += x[c] * y[c];
                blk[a + b * m] = blk[b + a * m] = s;
            }
        if (adx__spd_inverse(blk, m, NULL))
            return ADX_ESINGULAR;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                Bi[ix[a] + ix[b] * ns] = blk[a + b * m];
    }
    for (size_t p = 0; p < np; p++) {
        if (!(A22[p] > 0))
            return ADX_ESINGULAR;
        Bi[nth + p + (nth + p) * ns] = 1 / A22[p];
        for (size_t q = 0; q < nth; q++) {
            double s = 0; /* (A21 A11^-1)[p, q]; A11^-1 is block diagonal */
            for (size_t e = 0; e < nth; e++)
                s += A21[p + e * np] * Bi[e + q * ns];
            Bi[nth + p + q * ns] = -s / A22[p];
        }
    }
    return ADX_OK;
}

/* gamma = N Binv (SC'SC) Binv' (OpenBLAS, single-threaded: the same numbers every run). */
adx_error_t adx__poly_sandwich(size_t n, size_t ns, const double *SC, const double *Bi,
                              double *gamma)
{
    double *inner = malloc(ns * ns * sizeof *inner), *T = malloc(ns * ns * sizeof *T);
    if (!inner || !T) {
        ADX__FREE(inner, T);
        return ADX_ENOMEM;
    }
    int N = (int)n, S = (int)ns;
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, S, N, 1.0, SC, N, 0.0, inner, S);
    for (size_t a = 0; a < ns; a++)
        for (size_t b = 0; b < a; b++)
            inner[b + a * ns] = inner[a + b * ns];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, S, S, S, 1.0, Bi, S, inner, S, 0.0,
                T, S); /* T = Bi inner */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, S, S, S, (double)n, T, S, Bi, S, 0.0,
                gamma, S);
    for (size_t a = 0; a < ns; a++) /* exactly symmetric: the lower triangle */
        for (size_t b = 0; b < a; b++)
            gamma[b + a * ns] = gamma[a + b * ns];
    ADX__FREE(inner, T);
    return ADX_OK;
}

static adx_error_t compute_gamma(adx__poly_work_t *w, adx_polychoric_t *P, adx_errctx_t *ctx)
{
    size_t n = w->n, ns = w->nstat;
    double *SC = calloc(n * ns, sizeof *SC), *A21 = calloc(w->np * w->nth + 1, sizeof *A21);
    double *A22 = calloc(w->np + 1, sizeof *A22), *Bi = calloc(ns * ns, sizeof *Bi);
    adx_error_t rc = ADX_OK;
    if (!SC || !A21 || !A22 || !Bi || !(P->gamma = malloc(ns * ns * sizeof *P->gamma))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t j = 0; j < P->k; j++)
        if (P->numeric && P->numeric[j])
            adx__poly_numeric_scores(w, P, j, SC);
        else
            threshold_scores(w, P, j, SC);
    for (size_t j = 0, p = 0; j < P->k; j++)
        for (size_t i = j + 1; i < P->k; i++, p++)
            if (P->numeric && (P->numeric[i] || P->numeric[j]))
                adx__poly_mixed_scores(w, P, i, j, p, SC, A21, A22);
            else
                pair_scores(w, P, i, j, p, SC, A21, A22);
    if ((rc = bread_inverse(w, P, SC, A21, A22, Bi))) {
        rc = adx_err(ctx, rc, "the asymptotic covariance of the polychoric correlations is "
                              "singular (a category or cell pattern carries no information)");
        goto cleanup;
    }
    if ((rc = adx__poly_sandwich(w->n, ns, SC, Bi, P->gamma))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t q = 0; q < P->th_off[P->k]; q++)
        P->th_se[q] = sqrt(P->gamma[q + q * ns] / (double)n);
    for (size_t j = 0, p = 0; j < P->k; j++)
        for (size_t i = j + 1; i < P->k; i++, p++) {
            size_t s = w->nth + p;
            P->r_se[i + j * P->k] = P->r_se[j + i * P->k] = sqrt(P->gamma[s + s * ns] / (double)n);
        }
    if (P->nnum)
        adx__poly_to_cov(w, P); /* lavaan's H: correlations to covariances */
cleanup:
    ADX__FREE(SC, A21, A22, Bi);
    return rc;
}

/* ---- driver --------------------------------------------------------------- */

static adx_error_t alloc_result(adx_polychoric_t *P, adx__poly_work_t *w, size_t n, size_t k)
{
    P->k = k;
    P->n = n;
    w->n = n;
    w->k = k;
    w->np = k * (k - 1) / 2;
    P->ncat = calloc(k, sizeof *P->ncat);
    P->values = malloc(k * POLY_MAX_CAT * sizeof *P->values);
    P->th_off = calloc(k + 1, sizeof *P->th_off);
    P->th = malloc(k * POLY_MAX_CAT * sizeof *P->th);
    P->th_se = malloc(k * POLY_MAX_CAT * sizeof *P->th_se);
    P->r = calloc(k * k, sizeof *P->r);
    P->r_se = calloc(k * k, sizeof *P->r_se);
    w->cat = malloc(n * k * sizeof *w->cat);
    w->cut = malloc(k * (POLY_MAX_CAT + 1) * sizeof *w->cut);
    w->cut_off = malloc(k * sizeof *w->cut_off);
    w->tab = malloc(POLY_MAX_CAT * POLY_MAX_CAT * sizeof *w->tab);
    w->F = malloc((POLY_MAX_CAT + 1) * (POLY_MAX_CAT + 1) * sizeof *w->F);
    w->pi = malloc(POLY_MAX_CAT * POLY_MAX_CAT * sizeof *w->pi);
    w->dpi = malloc(POLY_MAX_CAT * POLY_MAX_CAT * sizeof *w->dpi);
    w->ws = gsl_integration_workspace_alloc(200);
    if (!P->ncat || !P->values || !P->th_off || !P->th || !P->th_se || !P->r || !P->r_se ||
        !w->cat || !w->cut || !w->cut_off || !w->tab || !w->F || !w->pi || !w->dpi || !w->ws)
        return ADX_ENOMEM;
    for (size_t j = 0; j < k; j++)
        w->cut_off[j] = j * (POLY_MAX_CAT + 1);
    if (!P->numeric)
        return ADX_OK;
    if ((P->sd = malloc(k * sizeof *P->sd)))
        for (size_t j = 0; j < k; j++)
            P->sd[j] = 1;
    w->z = calloc(n * k, sizeof *w->z);
    w->var_slot = calloc(k, sizeof *w->var_slot);
    return P->sd && w->z && w->var_slot ? ADX_OK : ADX_ENOMEM;
}

/* Thresholds of every variable, then the correlation of every pair. */
static adx_error_t estimate(adx_polychoric_t *P, adx__poly_work_t *w, const double *X, size_t ld,
                            adx_errctx_t *ctx)
{
    size_t k = P->k, voff = 0;
    for (size_t j = 0; j < k; j++) {
        P->th_off[j] = voff - j; /* categories so far less one per variable */
        adx_error_t rc = P->numeric && P->numeric[j]
                             ? adx__poly_numeric_var(P, w, X + j * ld, j, &voff, ctx)
                             : code_variable(P, w, X + j * ld, j, &voff, ctx);
        if (rc)
            return rc;
    }
    P->th_off[k] = voff - k;
    w->nth = P->th_off[k] + P->nnum; /* with the variances of the continuous variables */
    for (size_t j = 0, v = 0; j < k && P->numeric; j++)
        if (P->numeric[j])
            w->var_slot[j] = P->th_off[k] + v++;
    w->nstat = w->nth + w->np;
    P->nstat = w->nstat;
    for (size_t j = 0; j < k; j++) {
        P->r[j + j * k] = 1;
        for (size_t i = j + 1; i < k; i++) {
            size_t ca = P->ncat[i], cb = P->ncat[j];
            if (P->numeric && (P->numeric[i] || P->numeric[j])) {
                adx_error_t rc = adx__poly_mixed_fit(P, w, i, j, ctx);
                if (rc)
                    return rc;
                continue;
            }
            double nij = pair_table(w, i, j, ca, cb), rho = 0;
            for (size_t c = 0; c < ca * cb; c++)
                P->zero_cells += w->tab[c] == 0;
            if (pair_fit(w->cut + w->cut_off[i], ca, w->cut + w->cut_off[j], cb, w->tab, nij,
                         w->ws, w->F, w->pi, w->dpi, &rho))
                return adx_err(ctx, ADX_ECONVERGE,
                               "the polychoric correlation of '%s' and '%s' did not converge "
                               "(a nearly empty table or a correlation near +-1)",
                               P->names ? P->names[i] : "?", P->names ? P->names[j] : "?");
            P->r[i + j * k] = P->r[j + i * k] = rho;
        }
    }
    return ADX_OK;
}

adx_error_t adx_polychoric_data(const double *X, size_t n, size_t ld, size_t k,
                                const char *const *names, int with_gamma,
                                adx_polychoric_t **out, adx_errctx_t *ctx)
{
    return adx_polychoric_mixed(X, n, ld, k, names, NULL, with_gamma, out, ctx);
}

adx_error_t adx_polychoric_mixed(const double *X, size_t n, size_t ld, size_t k,
                                 const char *const *names, const unsigned char *numeric,
                                 int with_gamma, adx_polychoric_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    if (k < 2)
        return adx_err(ctx, ADX_EUSAGE, "polychoric correlations need at least two variables");
    if (n < 2)
        return adx_err(ctx, ADX_EEMPTY, "%zu complete cases: too few for correlations", n);
    adx__poly_work_t w = {0};
    adx_polychoric_t *P = calloc(1, sizeof *P);
    adx_error_t rc = P ? ADX_OK : ADX_ENOMEM;
    if (!rc && names && (P->names = calloc(k, sizeof *P->names)))
        for (size_t j = 0; j < k && !rc; j++)
            rc = (P->names[j] = adx__strdup(names[j])) ? ADX_OK : ADX_ENOMEM;
    if (!rc && names && !P->names)
        rc = ADX_ENOMEM;
    for (size_t j = 0; !rc && numeric && j < k; j++)
        P->nnum += numeric[j] != 0;
    if (!rc && P->nnum) {
        if ((P->numeric = malloc(k)))
            memcpy(P->numeric, numeric, k);
        else
            rc = ADX_ENOMEM;
    }
    if (!rc)
        rc = alloc_result(P, &w, n, k);
    if (rc) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = estimate(P, &w, X, ld, ctx)))
        goto cleanup;
    for (size_t q = 0; q < P->th_off[k]; q++)
        P->th_se[q] = NAN;
    for (size_t q = 0; q < k * k; q++)
        P->r_se[q] = q % (k + 1) ? NAN : 0;
    if (with_gamma && P->nstat <= POLY_MAX_STAT)
        rc = compute_gamma(&w, P, ctx);
    else if (with_gamma > 1)
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%zu thresholds and polychoric correlations: their asymptotic covariance "
                     "matrix would be too large (at most %d)",
                     P->nstat, POLY_MAX_STAT);
cleanup:
    work_free(&w);
    if (rc) {
        adx_polychoric_free(P);
        P = NULL;
    }
    *out = P;
    return rc;
}
