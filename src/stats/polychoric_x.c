/* Polychoric correlations conditional on exogenous covariates (lavaan conditional.x = TRUE,
 * the first stage of WLSMV with observed predictors): the two-step method of
 * src/stats/polychoric.c with the covariates x in every probit.
 *
 *   1. Per ordered variable an ordered probit regression (ML): P(y <= c | x) =
 *      Phi(tau_c - x'b), thresholds tau at x = 0 and slopes b (y* = x'b + e, Var e = 1).
 *   2. Per pair the correlation rho of the residuals e by ML with the univariate
 *      parameters held fixed: P(y1 = a, y2 = b | x) = the bivariate normal mass of the
 *      rectangle [tau1_a - x'b1, tau1_(a+1) - x'b1] x [tau2_b - x'b2, tau2_(b+1) - x'b2].
 *   3. Gamma as Muthen (1984): B^-1 (S'S) B^-T over the case-wise scores S of
 *      (thresholds, slopes, correlations), B block-triangular in outer-product form: A11
 *      per variable over its thresholds and slopes, A21 the correlation scores against the
 *      derivatives of the pair's log-likelihood in the univariate parameters, A22 diagonal.
 * Continuous variables among them (numeric flags): a linear regression on x by ML instead
 * of the probit (intercept, slopes, residual variance; lav_uvreg), the residual polyserial
 * correlation with an ordered variable (each case's interval shifted by its x'b) and the
 * Pearson correlation of the standardized residuals of two continuous ones, their scores
 * in the same sandwich, then lavaan's map of Gamma to covariances (polyserial.c).
 * Missing values (NaN) of the ordered and continuous variables: each step uses the
 * available cases, a pair's correlation the pair's (lavaan missing = "pairwise"; two
 * continuous ones by lavaan's ML with their regressions fixed), missing scores are 0;
 * the covariates must be complete.
 * Each maximisation is BHHH scoring (the outer product of the scores as information) with
 * step halving; the log-likelihoods are concave. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "stats_priv.h"

#define CX_MAX_IT 1000

typedef struct {
    size_t n, k, nx, nth, np, ns, c0; /* c0: the first correlation in the statistics */
    const double *Z, *X; /* covariates; the variables (leading dimension ld) */
    size_t ldz, ld;
    const unsigned char *num; /* k flags: continuous variables (NULL: none) */
    size_t *vslot;   /* k: a continuous variable's variance in the statistics */
    double *zr;      /* n x k: continuous variables' standardized residuals */
    int *cat;        /* n x k category codes */
    double *zu, *zl; /* n x k: tau above and below each case's category, less x'b */
    double *SC;      /* n x ns case-wise scores */
    double *A21, *A22, *Bi;
    gsl_integration_workspace *ws;
} cx_t;

static double npdf(double x) { return isinf(x) ? 0 : exp(-0.5 * x * x) / sqrt(2 * M_PI); }

static double ncdf(double x) { return gsl_cdf_ugaussian_P(x); }

static int is_num(const cx_t *c, size_t j) { return c->num && c->num[j]; }

/* Thresholds (1 intercept for a continuous variable) and all univariate parameters of j. */
static size_t uv_m(const cx_t *c, const adx_polychoric_t *P, size_t j)
{
    return is_num(c, j) ? 1 : P->ncat[j] - 1;
}

static size_t uv_dim(const cx_t *c, const adx_polychoric_t *P, size_t j)
{
    return uv_m(c, P, j) + c->nx + (size_t)is_num(c, j);
}

/* Column of parameter l (thresholds or intercept, slopes, variance) of variable j in the
 * stacked statistics. */
static size_t uv_col(const cx_t *c, const adx_polychoric_t *P, size_t j, size_t l)
{
    size_t m = uv_m(c, P, j);
    return l < m ? P->th_off[j] + l : l < m + c->nx ? c->nth + j + (l - m) * c->k : c->vslot[j];
}

/* Scores (n x d, d = m + nx) and log-likelihood of variable j at par = (tau, b); with
 * zu/zl given, the case's cut points are stored. -1 where a probability is not positive. */
static int uv_eval(const cx_t *c, const adx_polychoric_t *P, size_t j, const double *par,
                   double *S, double *ll, double *zu, double *zl)
{
    size_t n = c->n, m = P->ncat[j] - 1, d = m + c->nx;
    for (size_t a = 1; a < m; a++)
        if (!(par[a] > par[a - 1]))
            return -1;
    double L = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t l = 0; l < d; l++)
            S[i + l * n] = 0;
        if (c->cat[i + j * n] < 0)
            continue; /* missing (pairwise): no score */
        size_t a = (size_t)c->cat[i + j * n];
        double xb = 0;
        for (size_t q = 0; q < c->nx; q++)
            xb += c->Z[i + q * c->ldz] * par[m + q];
        double hi = a < m ? par[a] - xb : INFINITY, lo = a > 0 ? par[a - 1] - xb : -INFINITY;
        double pr = ncdf(hi) - ncdf(lo), fh = npdf(hi), fl = npdf(lo);
        if (!(pr > 0))
            return -1;
        L += log(pr);
        if (a < m)
            S[i + a * n] = fh / pr;
        if (a > 0)
            S[i + (a - 1) * n] = -fl / pr;
        for (size_t q = 0; q < c->nx; q++)
            S[i + (m + q) * n] = -c->Z[i + q * c->ldz] * (fh - fl) / pr;
        if (zu) {
            zu[i] = hi;
            zl[i] = lo;
        }
    }
    *ll = L;
    return 0;
}

/* BHHH step d = (S'S)^-1 S'1 into d (dim), H work (dim x dim). -1 if S'S is singular. */
static int bhhh_step(const double *S, size_t n, size_t dim, double *H, double *g, double *d)
{
    for (size_t a = 0; a < dim; a++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += S[i + a * n];
        g[a] = s;
        for (size_t b = 0; b <= a; b++) {
            double h = 0;
            for (size_t i = 0; i < n; i++)
                h += S[i + a * n] * S[i + b * n];
            H[a + b * dim] = H[b + a * dim] = h;
        }
    }
    if (adx__spd_inverse(H, dim, NULL))
        return -1;
    for (size_t a = 0; a < dim; a++) {
        double s = 0;
        for (size_t b = 0; b < dim; b++)
            s += H[a + b * dim] * g[b];
        d[a] = s;
    }
    return 0;
}

/* The probit regression of variable j: P->th, P->slopes, its score columns and cut points. */
static adx_error_t uv_fit(cx_t *c, adx_polychoric_t *P, size_t j, double *S, double *wk)
{
    size_t n = c->n, m = P->ncat[j] - 1, d = m + c->nx;
    double *par = wk, *H = par + d, *g = H + d * d, *step = g + d, *tr = step + d, ll = 0;
    memcpy(par, P->th + P->th_off[j], m * sizeof *par);
    for (size_t q = 0; q < c->nx; q++)
        par[m + q] = 0;
    if (uv_eval(c, P, j, par, S, &ll, NULL, NULL))
        return ADX_ECONVERGE;
    int conv = 0;
    for (int it = 0; it < CX_MAX_IT && !conv; it++) {
        if (bhhh_step(S, n, d, H, g, step))
            return ADX_ESINGULAR;
        double big = 0, l2 = 0;
        for (size_t a = 0; a < d; a++)
            big = fmax(big, fabs(step[a]));
        conv = big < 1e-10;
        for (double h = 1; h > 1e-10; h /= 2) {
            for (size_t a = 0; a < d; a++)
                tr[a] = par[a] + h * step[a];
            if (!uv_eval(c, P, j, tr, S, &l2, NULL, NULL) && l2 >= ll - 1e-12 * fabs(ll))
                break;
        }
        if (uv_eval(c, P, j, tr, S, &l2, NULL, NULL))
            return ADX_ECONVERGE;
        memcpy(par, tr, d * sizeof *par);
        ll = l2;
    }
    if (!conv)
        return ADX_ECONVERGE;
    uv_eval(c, P, j, par, S, &ll, c->zu + j * n, c->zl + j * n);
    memcpy(P->th + P->th_off[j], par, m * sizeof *par);
    for (size_t q = 0; q < c->nx; q++)
        P->slopes[j + q * c->k] = par[m + q];
    for (size_t l = 0; l < d; l++)
        memcpy(c->SC + uv_col(c, P, j, l) * n, S + l * n, n * sizeof *S);
    return ADX_OK;
}

/* d pi / d (lower limit z of variable 1's interval at its cut e): phi(z) times the
 * conditional mass of variable 2's interval [lo2, hi2]. */
static double dcut(double z, double lo2, double hi2, double r)
{
    if (isinf(z))
        return 0;
    double s = sqrt(1 - r * r);
    double h = isinf(hi2) ? 1 : ncdf((hi2 - r * z) / s);
    double l = isinf(lo2) ? 0 : ncdf((lo2 - r * z) / s);
    return npdf(z) * (h - l);
}

/* Case i's rectangle probability and its derivative in r for the pair (v, w). */
static double pair_case(const cx_t *c, size_t v, size_t w, size_t i, double r, double *dpi)
{
    size_t n = c->n;
    double u1 = c->zu[i + v * n], l1 = c->zl[i + v * n], u2 = c->zu[i + w * n],
           l2 = c->zl[i + w * n];
    double pr = adx__bvn_cdf(u1, u2, r, c->ws) - adx__bvn_cdf(l1, u2, r, c->ws) -
                adx__bvn_cdf(u1, l2, r, c->ws) + adx__bvn_cdf(l1, l2, r, c->ws);
    *dpi = adx__bvn_pdf(u1, u2, r) - adx__bvn_pdf(l1, u2, r) - adx__bvn_pdf(u1, l2, r) +
           adx__bvn_pdf(l1, l2, r);
    return pr > 1e-300 ? pr : 1e-300;
}

/* ML residual correlation of the pair (v, w) from the start *rho. */
static adx_error_t pair_fit(const cx_t *c, size_t v, size_t w, double *rho)
{
    double r = *rho;
    for (int it = 0; it < CX_MAX_IT; it++) {
        double score = 0, info = 0, dpi = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (c->cat[i + v * c->n] < 0 || c->cat[i + w * c->n] < 0)
                continue;
            double pr = pair_case(c, v, w, i, r, &dpi), s = dpi / pr;
            score += s;
            info += s * s;
        }
        if (!(info > 0))
            return ADX_ECONVERGE;
        double step = score / info;
        while (fabs(r + step) >= 0.9999999)
            step /= 2;
        r += step;
        if (fabs(step) < 1e-12) {
            *rho = r;
            return ADX_OK;
        }
    }
    return ADX_ECONVERGE;
}

/* Correlation scores of pair p = (v, w) into SC, its row of A21 and A22[p]. */
static void pair_scores(cx_t *c, const adx_polychoric_t *P, size_t v, size_t w, size_t p)
{
    size_t n = c->n, col = c->c0 + p;
    double r = P->r[v + w * c->k], a22 = 0;
    const size_t var[2] = {v, w};
    for (size_t i = 0; i < n; i++) {
        if (c->cat[i + v * n] < 0 || c->cat[i + w * n] < 0)
            continue; /* pairwise: no score */
        double dpi = 0, pr = pair_case(c, v, w, i, r, &dpi), sr = dpi / pr;
        c->SC[i + col * n] = sr;
        a22 += sr * sr;
        for (int side = 0; side < 2; side++) {
            size_t x = var[side], y = var[1 - side], m = P->ncat[x] - 1;
            size_t a = (size_t)c->cat[i + x * n];
            double du = dcut(c->zu[i + x * n], c->zl[i + y * n], c->zu[i + y * n], r) / pr;
            double dl = dcut(c->zl[i + x * n], c->zl[i + y * n], c->zu[i + y * n], r) / pr;
            if (a < m)
                c->A21[p + uv_col(c, P, x, a) * c->np] += sr * du;
            if (a > 0)
                c->A21[p + uv_col(c, P, x, a - 1) * c->np] -= sr * dl;
            for (size_t q = 0; q < c->nx; q++)
                c->A21[p + uv_col(c, P, x, m + q) * c->np] -=
                    sr * c->Z[i + q * c->ldz] * (du - dl);
        }
    }
    c->A22[p] = a22;
}

/* The linear regression of continuous variable j on the covariates (ML, lav_uvreg) over
 * its available cases: intercept in its threshold slot, slopes, residual SD (divisor: the
 * available cases), standardized residuals (NaN where y is missing) and the scores of
 * intercept, slopes and variance (0 where missing). wk: (nx + 1)^2 + 2 (nx + 1) doubles. */
static adx_error_t uv_fit_num(cx_t *c, adx_polychoric_t *P, size_t j, double *wk)
{
    size_t n = c->n, nx = c->nx, d = nx + 1, nobs = 0;
    const double *y = c->X + j * c->ld;
    double *H = wk, *g = H + d * d, *b = g + d, ss = 0;
    for (size_t a = 0; a < d; a++) {
        const double *xa = a ? c->Z + (a - 1) * c->ldz : NULL;
        g[a] = 0;
        for (size_t i = 0; i < n; i++)
            g[a] += isnan(y[i]) ? 0 : (xa ? xa[i] : 1) * y[i];
        for (size_t e = 0; e < d; e++) {
            const double *xe = e ? c->Z + (e - 1) * c->ldz : NULL;
            double h = 0;
            for (size_t i = 0; i < n; i++)
                h += isnan(y[i]) ? 0 : (xa ? xa[i] : 1) * (xe ? xe[i] : 1);
            H[a + e * d] = h;
        }
    }
    if (adx__spd_inverse(H, d, NULL))
        return ADX_ESINGULAR;
    for (size_t a = 0; a < d; a++) {
        b[a] = 0;
        for (size_t e = 0; e < d; e++)
            b[a] += H[a + e * d] * g[e];
    }
    double *z = c->zr + j * n;
    for (size_t i = 0; i < n; i++) {
        z[i] = y[i] - b[0];
        for (size_t q = 0; q < nx; q++)
            z[i] -= b[1 + q] * c->Z[i + q * c->ldz];
        if (!isnan(z[i]))
            ss += z[i] * z[i], nobs++;
    }
    double v = nobs ? ss / (double)nobs : 0, sd = sqrt(v);
    if (!(v > 0))
        return ADX_ESINGULAR;
    P->th[P->th_off[j]] = b[0];
    P->sd[j] = sd;
    for (size_t q = 0; q < nx; q++)
        P->slopes[j + q * c->k] = b[1 + q];
    for (size_t i = 0; i < n; i++) {
        z[i] /= sd;
        if (isnan(z[i]))
            continue; /* pairwise: no score */
        c->SC[i + uv_col(c, P, j, 0) * n] = z[i] / sd;
        for (size_t q = 0; q < nx; q++)
            c->SC[i + uv_col(c, P, j, 1 + q) * n] = c->Z[i + q * c->ldz] * z[i] / sd;
        c->SC[i + uv_col(c, P, j, 1 + nx) * n] = (z[i] * z[i] - 1) / (2 * v);
    }
    return ADX_OK;
}

/* Log-likelihood, score and outer-product information in r of the conditional polyserial
 * pair (a continuous, b ordered). */
static void ps_cond(const cx_t *c, size_t a, size_t b, double r, double *f)
{
    size_t n = c->n;
    f[0] = f[1] = f[2] = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(c->zr[i + a * n]) || c->cat[i + b * n] < 0)
            continue; /* pairwise */
        adx__ps_case_t k = adx__ps_case(c->zr[i + a * n], c->zu[i + b * n], c->zl[i + b * n], r);
        f[0] += log(k.p);
        f[1] += k.s_rho;
        f[2] += k.s_rho * k.s_rho;
    }
}

/* The residual correlation of a pair with a continuous variable: Pearson's of the
 * standardized residuals for two (with holes lavaan's pairwise ML), else the polyserial ML
 * (scoring with step halving inside +-0.995, lavaan's bounds) from *rho. */
static adx_error_t mix_fit(const cx_t *c, const adx_polychoric_t *P, size_t v, size_t w,
                           double *rho)
{
    size_t n = c->n, a = is_num(c, v) ? v : w, b = a == v ? w : v;
    (void)P;
    if (is_num(c, b)) {
        *rho = adx__poly_pearson_fit(c->zr + a * n, c->zr + b * n, n);
        return isfinite(*rho) ? ADX_OK : ADX_EEMPTY;
    }
    double r = *rho, f[3], fn[3];
    ps_cond(c, a, b, r, f);
    for (int it = 0; it < CX_MAX_IT; it++) {
        if (!(f[2] > 0))
            return ADX_ECONVERGE;
        double step = f[1] / f[2], rn = r;
        int ok = 0;
        for (int h = 0; h < 60 && !ok; h++, step /= 2) {
            rn = fmax(-0.995, fmin(0.995, r + step));
            ps_cond(c, a, b, rn, fn);
            ok = fn[0] >= f[0] - 1e-12 * (1 + fabs(f[0]));
        }
        if (!ok || fabs(rn - r) < 1e-12) {
            *rho = r;
            return ok || fabs(f[1]) < 1e-6 * (double)n ? ADX_OK : ADX_ECONVERGE;
        }
        r = rn;
        memcpy(f, fn, sizeof f);
    }
    return ADX_ECONVERGE;
}

/* A21 += sr * (the pair's derivatives in a continuous variable j's intercept and slopes,
 * d0 per unit intercept, and its variance dv). */
static void num_a21(cx_t *c, const adx_polychoric_t *P, size_t p, size_t j, size_t i,
                    double sr, double d0, double dv)
{
    double *row = c->A21 + p;
    row[uv_col(c, P, j, 0) * c->np] += sr * d0;
    for (size_t q = 0; q < c->nx; q++)
        row[uv_col(c, P, j, 1 + q) * c->np] += sr * d0 * c->Z[i + q * c->ldz];
    row[uv_col(c, P, j, 1 + c->nx) * c->np] += sr * dv;
}

/* Correlation scores of pair p = (v, w) with a continuous variable, A21's row, A22[p]. */
static void mix_scores(cx_t *c, const adx_polychoric_t *P, size_t v, size_t w, size_t p)
{
    size_t n = c->n, a = is_num(c, v) ? v : w, b = a == v ? w : v;
    double r = P->r[v + w * c->k], sa = P->sd[a], va = sa * sa, a22 = 0;
    for (size_t i = 0; i < n; i++) {
        double z = c->zr[i + a * n], sr;
        if (isnan(z) || c->cat[i + b * n] < 0 || (is_num(c, b) && isnan(c->zr[i + b * n])))
            continue; /* pairwise: no score */
        if (is_num(c, b)) { /* lav_bvreg: residuals y = z s */
            double sb = P->sd[b], vb = sb * sb, R = 1 - r * r, y1 = z * sa;
            double y2 = c->zr[i + b * n] * sb;
            double zz = y1 * y1 / va - 2 * r * y1 * y2 / (sa * sb) + y2 * y2 / vb;
            sr = r / R + y1 * y2 / (sa * sb * R) - zz * r / (R * R);
            num_a21(c, P, p, a, i, sr, (y1 / va - r * y2 / (sa * sb)) / R,
                    -(0.5 / va - (y1 * y1 / (va * va) - r * y1 * y2 / (va * sa * sb)) / (2 * R)));
            num_a21(c, P, p, b, i, sr, (y2 / vb - r * y1 / (sa * sb)) / R,
                    -(0.5 / vb - (y2 * y2 / (vb * vb) - r * y1 * y2 / (vb * sa * sb)) / (2 * R)));
        } else {
            size_t m = P->ncat[b] - 1, cc = (size_t)c->cat[i + b * n];
            adx__ps_case_t k = adx__ps_case(z, c->zu[i + b * n], c->zl[i + b * n], r);
            double dphi = k.phi1 - k.phi2, rp = k.R * k.p;
            sr = k.s_rho;
            num_a21(c, P, p, a, i, sr, (z + r * dphi / rp) / sa,
                    ((z * z - 1) + r * z * dphi / rp) / (2 * va));
            if (cc < m)
                c->A21[p + uv_col(c, P, b, cc) * c->np] += sr * k.phi1 / rp;
            if (cc > 0)
                c->A21[p + uv_col(c, P, b, cc - 1) * c->np] -= sr * k.phi2 / rp;
            for (size_t q = 0; q < c->nx; q++)
                c->A21[p + uv_col(c, P, b, m + q) * c->np] -=
                    sr * c->Z[i + q * c->ldz] * dphi / rp;
        }
        c->SC[i + (c->c0 + p) * n] = sr;
        a22 += sr * sr;
    }
    c->A22[p] = a22;
}

/* Binv = [A11^-1 0; -A22^-1 A21 A11^-1  A22^-1], A11 per variable from the scores. */
static adx_error_t bread_inverse(cx_t *c, const adx_polychoric_t *P, double *blk)
{
    size_t n = c->n, ns = c->ns, na = c->c0;
    for (size_t j = 0; j < c->k; j++) {
        size_t d = uv_dim(c, P, j);
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++) {
                const double *sa = c->SC + uv_col(c, P, j, a) * n;
                const double *sb = c->SC + uv_col(c, P, j, b) * n;
                double s = 0;
                for (size_t i = 0; i < n; i++)
                    s += sa[i] * sb[i];
                blk[a + b * d] = s;
            }
        if (adx__spd_inverse(blk, d, NULL))
            return ADX_ESINGULAR;
        for (size_t a = 0; a < d; a++)
            for (size_t b = 0; b < d; b++)
                c->Bi[uv_col(c, P, j, a) + uv_col(c, P, j, b) * ns] = blk[a + b * d];
    }
    for (size_t p = 0; p < c->np; p++) {
        if (!(c->A22[p] > 0))
            return ADX_ESINGULAR;
        c->Bi[na + p + (na + p) * ns] = 1 / c->A22[p];
        for (size_t q = 0; q < na; q++) {
            double s = 0;
            for (size_t e = 0; e < na; e++)
                s += c->A21[p + e * c->np] * c->Bi[e + q * ns];
            c->Bi[na + p + q * ns] = -s / c->A22[p];
        }
    }
    return ADX_OK;
}

static void cx_free(cx_t *c)
{
    if (c->ws)
        gsl_integration_workspace_free(c->ws);
    ADX__FREE(c->cat, c->zu, c->zl, c->SC, c->A21, c->A22, c->Bi, c->vslot, c->zr);
}

static adx_error_t cx_alloc(cx_t *c, const adx_polychoric_t *P, const double *X, size_t ld)
{
    size_t n = c->n, k = c->k;
    c->nth = P->th_off[k];
    c->np = k * (k - 1) / 2;
    c->c0 = c->nth + k * c->nx + P->nnum;
    c->ns = c->c0 + c->np;
    c->vslot = calloc(k + 1, sizeof *c->vslot);
    c->zr = calloc(n * k + 1, sizeof *c->zr);
    c->cat = malloc(n * k * sizeof *c->cat);
    c->zu = malloc(n * k * sizeof *c->zu);
    c->zl = malloc(n * k * sizeof *c->zl);
    c->SC = calloc(n * c->ns, sizeof *c->SC);
    c->A21 = calloc(c->np * c->ns + 1, sizeof *c->A21);
    c->A22 = calloc(c->np + 1, sizeof *c->A22);
    c->Bi = calloc(c->ns * c->ns, sizeof *c->Bi);
    c->ws = gsl_integration_workspace_alloc(200);
    if (!c->cat || !c->zu || !c->zl || !c->SC || !c->A21 || !c->A22 || !c->Bi || !c->ws ||
        !c->vslot || !c->zr)
        return ADX_ENOMEM;
    for (size_t j = 0, v = c->nth + k * c->nx; j < k; j++)
        if (is_num(c, j))
            c->vslot[j] = v++;
    for (size_t j = 0; j < k; j++) {
        const double *v = P->values + P->th_off[j] + j;
        if (is_num(c, j)) {
            memset(c->cat + j * n, 0, n * sizeof *c->cat);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            int a = 0;
            while (!isnan(X[i + j * ld]) && v[a] != X[i + j * ld])
                a++;
            c->cat[i + j * n] = isnan(X[i + j * ld]) ? -1 : a;
        }
    }
    return ADX_OK;
}

/* Stages 1-3 on P, which holds the marginal (unconditional) estimates as start values. */
static adx_error_t conditional(cx_t *c, adx_polychoric_t *P, adx_errctx_t *ctx)
{
    size_t n = c->n, k = c->k, dmax = 0;
    for (size_t j = 0; j < k; j++)
        dmax = uv_dim(c, P, j) > dmax ? uv_dim(c, P, j) : dmax;
    double *S = malloc(n * dmax * sizeof *S), *wk = malloc((dmax * dmax + 4 * dmax) * sizeof *wk);
    adx_error_t rc = S && wk ? ADX_OK : adx_oom(ctx);
    for (size_t j = 0; j < k && !rc; j++)
        if ((rc = is_num(c, j) ? uv_fit_num(c, P, j, wk) : uv_fit(c, P, j, S, wk)))
            rc = adx_err(ctx, rc, "the probit regression of '%s' on the covariates did not "
                                  "converge (a category that the covariates separate?)",
                         P->names ? P->names[j] : "?");
    for (size_t w = 0; w < k && !rc; w++)
        for (size_t v = w + 1; v < k && !rc; v++) {
            double r = P->r[v + w * k];
            if ((rc = is_num(c, v) || is_num(c, w) ? mix_fit(c, P, v, w, &r)
                                                   : pair_fit(c, v, w, &r)))
                rc = adx_err(ctx, rc, "the residual polychoric correlation of '%s' and '%s' "
                                      "given the covariates did not converge",
                             P->names ? P->names[v] : "?", P->names ? P->names[w] : "?");
            P->r[v + w * k] = P->r[w + v * k] = r;
        }
    for (size_t w = 0, p = 0; w < k && !rc; w++)
        for (size_t v = w + 1; v < k; v++, p++)
            if (is_num(c, v) || is_num(c, w))
                mix_scores(c, P, v, w, p);
            else
                pair_scores(c, P, v, w, p);
    if (!rc && (rc = bread_inverse(c, P, wk)))
        rc = adx_err(ctx, rc, "the asymptotic covariance of the conditional polychoric "
                              "correlations is singular (a category or covariate carries no "
                              "information)");
    if (!rc && (P->nstat = c->ns) && !(P->gamma = malloc(c->ns * c->ns * sizeof *P->gamma)))
        rc = adx_oom(ctx);
    if (!rc && adx__poly_sandwich(n, c->ns, c->SC, c->Bi, P->gamma))
        rc = adx_oom(ctx);
    ADX__FREE(S, wk);
    return rc;
}

adx_error_t adx_polychoric_cond(const double *X, size_t n, size_t ld, size_t k,
                                const unsigned char *numeric, const double *Z, size_t ldz,
                                size_t nx, const char *const *names, adx_polychoric_t **out,
                                adx_errctx_t *ctx)
{
    cx_t c = {.n = n, .k = k, .nx = nx, .Z = Z, .X = X, .ldz = ldz, .ld = ld, .num = numeric};
    adx_error_t rc = adx_polychoric_mixed(X, n, ld, k, names, numeric, 0, out, ctx);
    adx_polychoric_t *P = *out;
    if (rc)
        return rc;
    P->nx = nx;
    if (!(P->slopes = calloc(k * nx + 1, sizeof *P->slopes)) || cx_alloc(&c, P, X, ld)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = conditional(&c, P, ctx)))
        goto cleanup;
    if (P->nnum) { /* correlations to covariances, lavaan's sign of the intercepts */
        adx__poly_work_t w = {.nth = c.c0, .var_slot = c.vslot};
        adx__poly_to_cov(&w, P);
    }
    for (size_t q = 0; q < c.nth; q++)
        P->th_se[q] = sqrt(P->gamma[q + q * c.ns] / (double)n);
    for (size_t w = 0, p = 0; w < k; w++)
        for (size_t v = w + 1; v < k; v++, p++) {
            size_t s = c.c0 + p;
            P->r_se[v + w * k] = P->r_se[w + v * k] = sqrt(P->gamma[s + s * c.ns] / (double)n);
        }
cleanup:
    cx_free(&c);
    if (rc) {
        adx_polychoric_free(P);
        *out = NULL;
    }
    return rc;
}
