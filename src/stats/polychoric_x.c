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
 * Missing values (NaN) of the ordered variables: each step uses the available cases
 * (lavaan missing = "pairwise"); the covariates must be complete.
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
    size_t n, k, nx, nth, np, ns;
    const double *Z;
    size_t ldz;
    int *cat;        /* n x k category codes */
    double *zu, *zl; /* n x k: tau above and below each case's category, less x'b */
    double *SC;      /* n x ns case-wise scores */
    double *A21, *A22, *Bi;
    gsl_integration_workspace *ws;
} cx_t;

static double npdf(double x) { return isinf(x) ? 0 : exp(-0.5 * x * x) / sqrt(2 * M_PI); }

static double ncdf(double x) { return gsl_cdf_ugaussian_P(x); }

/* Column of parameter l (0..m+nx-1) of variable j in the stacked statistics. */
static size_t uv_col(const cx_t *c, const adx_polychoric_t *P, size_t j, size_t l)
{
    size_t m = P->ncat[j] - 1;
    return l < m ? P->th_off[j] + l : c->nth + j + (l - m) * c->k;
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
    size_t n = c->n, col = c->nth + c->k * c->nx + p;
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

/* Binv = [A11^-1 0; -A22^-1 A21 A11^-1  A22^-1], A11 per variable from the scores. */
static adx_error_t bread_inverse(cx_t *c, const adx_polychoric_t *P, double *blk)
{
    size_t n = c->n, ns = c->ns, na = c->nth + c->k * c->nx;
    for (size_t j = 0; j < c->k; j++) {
        size_t d = P->ncat[j] - 1 + c->nx;
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
    ADX__FREE(c->cat, c->zu, c->zl, c->SC, c->A21, c->A22, c->Bi);
}

static adx_error_t cx_alloc(cx_t *c, const adx_polychoric_t *P, const double *X, size_t ld)
{
    size_t n = c->n, k = c->k;
    c->nth = P->th_off[k];
    c->np = k * (k - 1) / 2;
    c->ns = c->nth + k * c->nx + c->np;
    c->cat = malloc(n * k * sizeof *c->cat);
    c->zu = malloc(n * k * sizeof *c->zu);
    c->zl = malloc(n * k * sizeof *c->zl);
    c->SC = calloc(n * c->ns, sizeof *c->SC);
    c->A21 = calloc(c->np * c->ns + 1, sizeof *c->A21);
    c->A22 = calloc(c->np + 1, sizeof *c->A22);
    c->Bi = calloc(c->ns * c->ns, sizeof *c->Bi);
    c->ws = gsl_integration_workspace_alloc(200);
    if (!c->cat || !c->zu || !c->zl || !c->SC || !c->A21 || !c->A22 || !c->Bi || !c->ws)
        return ADX_ENOMEM;
    for (size_t j = 0; j < k; j++) {
        const double *v = P->values + P->th_off[j] + j;
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
        dmax = P->ncat[j] - 1 + c->nx > dmax ? P->ncat[j] - 1 + c->nx : dmax;
    double *S = malloc(n * dmax * sizeof *S), *wk = malloc((dmax * dmax + 4 * dmax) * sizeof *wk);
    adx_error_t rc = S && wk ? ADX_OK : adx_oom(ctx);
    for (size_t j = 0; j < k && !rc; j++)
        if ((rc = uv_fit(c, P, j, S, wk)))
            rc = adx_err(ctx, rc, "the probit regression of '%s' on the covariates did not "
                                  "converge (a category that the covariates separate?)",
                         P->names ? P->names[j] : "?");
    for (size_t w = 0; w < k && !rc; w++)
        for (size_t v = w + 1; v < k && !rc; v++) {
            double r = P->r[v + w * k];
            if ((rc = pair_fit(c, v, w, &r)))
                rc = adx_err(ctx, rc, "the residual polychoric correlation of '%s' and '%s' "
                                      "given the covariates did not converge",
                             P->names ? P->names[v] : "?", P->names ? P->names[w] : "?");
            P->r[v + w * k] = P->r[w + v * k] = r;
        }
    for (size_t w = 0, p = 0; w < k && !rc; w++)
        for (size_t v = w + 1; v < k; v++, p++)
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
                                const double *Z, size_t ldz, size_t nx,
                                const char *const *names, adx_polychoric_t **out,
                                adx_errctx_t *ctx)
{
    cx_t c = {.n = n, .k = k, .nx = nx, .Z = Z, .ldz = ldz};
    adx_error_t rc = adx_polychoric_data(X, n, ld, k, names, 0, out, ctx);
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
    for (size_t q = 0; q < c.nth; q++)
        P->th_se[q] = sqrt(P->gamma[q + q * c.ns] / (double)n);
    for (size_t w = 0, p = 0; w < k; w++)
        for (size_t v = w + 1; v < k; v++, p++) {
            size_t s = c.nth + k * nx + p;
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
