/* Continuous variables among ordered ones (lavaan's muthen1984 with ov.types "numeric"):
 * a continuous variable enters by its mean and ML variance (divisor N; lav_uvreg), its
 * correlation with an ordered variable is the two-step ML polyserial correlation
 * (lav_bvmix: z = (x - mean) / SD, the ordered variable's thresholds fixed,
 * P(y = c | z) = Phi((tau_c - rho z) / R) - Phi((tau_c-1 - rho z) / R), R = sqrt(1 - rho^2),
 * maximised in rho) and with another continuous one the Pearson correlation (lav_bvreg).
 * Gamma: the case-wise scores of means, variances and correlations enter Muthen's (1984)
 * sandwich (src/stats/polychoric.c), then lavaan's H takes the correlations to covariances
 * (r s_i s_j, r s_i with an ordered variable) with the delta method on the variances.
 * psych::polyserial uses a different (ad hoc) estimator; lavaan lavCor is the reference. */
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"
#include "stats_priv.h"

adx_error_t adx__poly_numeric_var(adx_polychoric_t *P, adx__poly_work_t *w, const double *x,
                                  size_t j, size_t *voff, adx_errctx_t *ctx)
{
    size_t n = w->n, nobs = 0; /* missing values (NaN, pairwise): z NaN, no score */
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            m += x[i], nobs++;
    m /= nobs ? (double)nobs : 1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - m) * (x[i] - m);
    double sd = nobs ? sqrt(ss / (double)nobs) : 0; /* ML (lav_uvreg) */
    if (!(sd > 0))
        return adx_err(ctx, ADX_ECONST,
                       "variable '%s' has one value (%g) in all %zu complete cases: a "
                       "constant variable has no correlation; leave it out",
                       P->names ? P->names[j] : "?", m, nobs);
    for (size_t i = 0; i < n; i++)
        w->z[i + j * n] = (x[i] - m) / sd;
    P->ncat[j] = 0;
    P->sd[j] = sd;
    P->th[P->th_off[j]] = m;
    P->values[*voff] = P->values[*voff + 1] = m; /* placeholders: one "threshold" slot */
    *voff += 2;
    return ADX_OK;
}

adx__ps_case_t adx__ps_case(double z, double hi, double lo, double rho)
{
    adx__ps_case_t k;
    k.R = sqrt(1 - rho * rho);
    double t1 = isinf(hi) ? hi : (hi - rho * z) / k.R, t2 = isinf(lo) ? lo : (lo - rho * z) / k.R;
    k.p = adx__ncdf(t1) - adx__ncdf(t2);
    if (k.p < DBL_EPSILON)
        k.p = DBL_EPSILON;
    k.phi1 = adx__npdf(t1);
    k.phi2 = adx__npdf(t2);
    double d1 = isinf(hi) ? 0 : k.phi1 * (hi * rho - z), d2 = isinf(lo) ? 0 : k.phi2 * (lo * rho - z);
    k.s_rho = (d1 - d2) / (k.p * k.R * k.R * k.R);
    return k;
}

static adx__ps_case_t ps_case(double z, int c, const double *u, double rho)
{
    return adx__ps_case(z, u[c + 1], u[c], rho);
}

static void ps_eval(const double *z, const int *cat, const double *u, size_t n, double rho,
                    double *ll, double *sc, double *info)
{
    *ll = *sc = *info = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(z[i]) || cat[i] < 0)
            continue; /* pairwise */
        adx__ps_case_t k = ps_case(z[i], cat[i], u, rho);
        *ll += log(k.p);
        *sc += k.s_rho;
        *info += k.s_rho * k.s_rho;
    }
}

/* ML polyserial correlation (Fisher scoring with the outer-product information and step
 * halving, inside lavaan's bounds +-0.995); 0, or -1 without convergence. */
static int ps_fit(const double *z, const int *cat, const double *u, size_t C, size_t n,
                  double *rho)
{
    double mc = 0, sxy = 0, sy = 0, syy = 0, sphi = 0, m = 0; /* lavaan's start value */
    for (size_t i = 0; i < n; i++)
        if (!isnan(z[i]) && cat[i] >= 0)
            mc += cat[i], m++;
    mc /= m > 0 ? m : 1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(z[i]) && cat[i] >= 0) {
            sxy += z[i] * (cat[i] - mc);
            syy += (cat[i] - mc) * (cat[i] - mc);
        }
    sy = sqrt(syy / m);
    for (size_t c = 1; c < C; c++)
        sphi += adx__npdf(u[c]);
    double r = sy > 0 && sphi > 0 ? sxy / sqrt(m * syy) * sy / sphi : 0;
    if (fabs(r) > 0.9)
        r /= 2;
    double ll, sc, info;
    ps_eval(z, cat, u, n, r, &ll, &sc, &info);
    for (int it = 0; it < 500; it++) {
        if (!(info > 0))
            return -1;
        double step = sc / info, rn = 0, lln = 0, scn = 0, infon = 0;
        int h = 0;
        for (; h < 60; h++, step /= 2) {
            rn = fmax(-0.995, fmin(0.995, r + step));
            ps_eval(z, cat, u, n, rn, &lln, &scn, &infon);
            if (lln >= ll - 1e-12 * (1 + fabs(ll)))
                break;
        }
        if (h == 60)
            return fabs(sc) < 1e-6 * m ? (*rho = r, 0) : -1;
        double moved = fabs(rn - r);
        r = rn;
        ll = lln;
        sc = scn;
        info = infon;
        if (moved < 1e-12 || (fabs(r) == 0.995 && moved == 0)) {
            *rho = r;
            return 0;
        }
    }
    return -1;
}

/* The correlation of two standardized variables: the mean product; with missing values
 * (pairwise) lavaan's ML with the means and variances fixed (lav_bvreg_cor_twostep_fit):
 * the root in (-1, 1) of n r (1 - r^2) + (1 + r^2) S12 - r (S11 + S22), by Newton. */
double adx__poly_pearson_fit(const double *z1, const double *z2, size_t n)
{
    double m = 0, s11 = 0, s22 = 0, s12 = 0;
    int holes = 0;
    for (size_t c = 0; c < n; c++) {
        holes |= isnan(z1[c]) || isnan(z2[c]);
        if (isnan(z1[c]) || isnan(z2[c]))
            continue;
        m++;
        s11 += z1[c] * z1[c];
        s22 += z2[c] * z2[c];
        s12 += z1[c] * z2[c];
    }
    if (!holes)
        return s12 / (double)n;
    if (m < 2 || !(s11 * s22 > 0))
        return NAN;
    double r = s12 / sqrt(s11 * s22);
    for (int it = 0; it < 100; it++) {
        double f = m * r * (1 - r * r) + (1 + r * r) * s12 - r * (s11 + s22);
        double d = m * (1 - 3 * r * r) + 2 * r * s12 - (s11 + s22);
        double step = f / d;
        r = fmax(-0.999, fmin(0.999, r - step));
        if (fabs(step) < 1e-14)
            break;
    }
    return r;
}

adx_error_t adx__poly_mixed_fit(adx_polychoric_t *P, adx__poly_work_t *w, size_t i, size_t j,
                                adx_errctx_t *ctx)
{
    size_t n = w->n, k = P->k;
    double rho = 0;
    if (P->numeric[i] && P->numeric[j]) {
        rho = adx__poly_pearson_fit(w->z + i * n, w->z + j * n, n);
        if (!isfinite(rho))
            return adx_err(ctx, ADX_EEMPTY, "no correlation of '%s' and '%s': fewer than two "
                                            "cases with both, or no spread among them",
                           P->names ? P->names[i] : "?", P->names ? P->names[j] : "?");
    } else {
        size_t a = P->numeric[i] ? i : j, b = P->numeric[i] ? j : i;
        const char *na = "?", *nb = "?";
        if (P->names)
            na = P->names[a], nb = P->names[b];
        if (ps_fit(w->z + a * n, w->cat + b * n, w->cut + w->cut_off[b], P->ncat[b], n, &rho))
            return adx_err(ctx, ADX_ECONVERGE, "no polyserial correlation of '%s' and '%s': "
                                               "the likelihood has no maximum inside +-0.995",
                           na, nb);
    }
    P->r[i + j * k] = P->r[j + i * k] = rho;
    return ADX_OK;
}

void adx__poly_numeric_scores(const adx__poly_work_t *w, const adx_polychoric_t *P, size_t j,
                              double *SC)
{
    size_t n = w->n;
    double s = P->sd[j], v = s * s;
    const double *z = w->z + j * n;
    for (size_t c = 0; c < n; c++) {
        if (isnan(z[c]))
            continue; /* pairwise: no score */
        SC[c + P->th_off[j] * n] = z[c] / s;
        SC[c + w->var_slot[j] * n] = (z[c] * z[c] - 1) / (2 * v);
    }
}

/* Pearson pair (lav_bvreg_cor_scores): the correlation scores against the means and
 * variances of both. */
static void pearson_scores(adx__poly_work_t *w, const adx_polychoric_t *P, size_t i, size_t j,
                           double *col, double *a21, double *A22p)
{
    size_t n = w->n, np = w->np;
    double r = P->r[i + j * P->k], R = 1 - r * r, s1 = P->sd[i], s2 = P->sd[j];
    double v1 = s1 * s1, v2 = s2 * s2, a22 = 0;
    for (size_t c = 0; c < n; c++) {
        double y1 = w->z[c + i * n] * s1, y2 = w->z[c + j * n] * s2;
        if (isnan(y1) || isnan(y2))
            continue; /* pairwise: no score */
        double zz = y1 * y1 / v1 - 2 * r * y1 * y2 / (s1 * s2) + y2 * y2 / v2;
        double sr = r / R + y1 * y2 / (s1 * s2 * R) - zz * r / (R * R);
        col[c] = sr;
        a22 += sr * sr;
        a21[P->th_off[i] * np] += sr * (y1 / v1 - r * y2 / (s1 * s2)) / R;
        a21[P->th_off[j] * np] += sr * (y2 / v2 - r * y1 / (s1 * s2)) / R;
        a21[w->var_slot[i] * np] +=
            sr * -(0.5 / v1 - (y1 * y1 / (v1 * v1) - r * y1 * y2 / (v1 * s1 * s2)) / (2 * R));
        a21[w->var_slot[j] * np] +=
            sr * -(0.5 / v2 - (y2 * y2 / (v2 * v2) - r * y1 * y2 / (v2 * s1 * s2)) / (2 * R));
    }
    *A22p = a22;
}

void adx__poly_mixed_scores(adx__poly_work_t *w, const adx_polychoric_t *P, size_t i, size_t j,
                            size_t p, double *SC, double *A21, double *A22)
{
    size_t n = w->n, np = w->np;
    double *col = SC + (w->nth + p) * n, *a21 = A21 + p, a22 = 0;
    if (P->numeric[i] && P->numeric[j]) {
        pearson_scores(w, P, i, j, col, a21, &A22[p]);
        return;
    }
    size_t a = P->numeric[i] ? i : j, b = P->numeric[i] ? j : i, C = P->ncat[b];
    size_t tb = P->th_off[b];
    double rho = P->r[i + j * P->k], s = P->sd[a], v = s * s;
    const double *u = w->cut + w->cut_off[b];
    for (size_t c = 0; c < n; c++) {
        double z = w->z[c + a * n];
        int cc = w->cat[c + b * n];
        if (isnan(z) || cc < 0)
            continue; /* pairwise: no score */
        adx__ps_case_t k = ps_case(z, cc, u, rho);
        double sr = k.s_rho, dphi = k.phi1 - k.phi2;
        col[c] = sr;
        a22 += sr * sr;
        a21[P->th_off[a] * np] += sr * (z + rho / k.R * dphi / k.p) / s;
        a21[w->var_slot[a] * np] += sr * ((z * z - 1) + rho * z / k.R * dphi / k.p) / (2 * v);
        if ((size_t)cc + 1 < C)
            a21[(tb + (size_t)cc) * np] += sr * k.phi1 / (k.R * k.p);
        if (cc > 0)
            a21[(tb + (size_t)cc - 1) * np] -= sr * k.phi2 / (k.R * k.p);
    }
    A22[p] = a22;
}

/* Row c of G becomes h22 G[c, ] + sum h21_v G[v, ] (rows = 1) or the same on columns. */
static void h_apply(double *G, size_t ns, size_t c, double h22, const size_t *v,
                    const double *h21, size_t nv, int rows)
{
    for (size_t x = 0; x < ns; x++) {
        double *g = rows ? &G[c + x * ns] : &G[x + c * ns];
        double y = h22 * *g;
        for (size_t e = 0; e < nv; e++)
            y += h21[e] * (rows ? G[v[e] + x * ns] : G[x + v[e] * ns]);
        *g = y;
    }
}

void adx__poly_to_cov(const adx__poly_work_t *w, adx_polychoric_t *P)
{
    size_t ns = P->nstat, k = P->k;
    double *G = P->gamma;
    for (int rows = 1; rows >= 0; rows--)
        for (size_t j = 0, p = 0; j < k; j++)
            for (size_t i = j + 1; i < k; i++, p++) {
                double r = P->r[i + j * k], si = P->sd[i], sj = P->sd[j], h21[2];
                size_t v[2], nv = 0;
                if (P->numeric[i]) {
                    v[nv] = w->var_slot[i];
                    h21[nv++] = sj * r / (2 * si);
                }
                if (P->numeric[j]) {
                    v[nv] = w->var_slot[j];
                    h21[nv++] = si * r / (2 * sj);
                }
                if (nv)
                    h_apply(G, ns, w->nth + p, si * sj, v, h21, nv, rows);
            }
    for (size_t j = 0; j < k; j++) /* lavaan negates the mean rows and columns */
        if (P->numeric[j]) {
            size_t m = P->th_off[j];
            for (size_t x = 0; x < ns; x++) {
                G[m + x * ns] = -G[m + x * ns];
                G[x + m * ns] = -G[x + m * ns];
            }
        }
}

/* ---- datasets and the correlation table ------------------------------------------ */

/* P of the listwise-complete cases of vars; mean and sd (divisor n - 1) when not NULL. */
static adx_error_t poly_ds(const adx_dataset_t *ds, const size_t *vars, size_t k,
                           const unsigned char *numeric, int with_gamma, adx_polychoric_t **out,
                           double *mean, double *sd, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_matrix_t *M = NULL;
    const char **names = malloc((k ? k : 1) * sizeof *names);
    if (!names)
        return adx_oom(ctx);
    for (size_t j = 0; j < k; j++)
        names[j] = ds->vars[vars[j]].name;
    adx_error_t rc = adx_dataset_matrix(ds, vars, k, &M, ctx);
    if (!rc)
        rc = adx_polychoric_mixed(M->data, M->rows, M->ld, k, names, numeric, with_gamma, out,
                                  ctx);
    for (size_t j = 0; !rc && mean && j < k; j++)
        adx__mean_sd(M->data + j * M->ld, M->rows, 1, 0, &mean[j], &sd[j], NULL);
    adx_matrix_free(M);
    free(names);
    return rc;
}

adx_error_t adx_polychoric(const adx_dataset_t *ds, const size_t *vars, size_t k,
                           int with_gamma, adx_polychoric_t **out, adx_errctx_t *ctx)
{
    return poly_ds(ds, vars, k, NULL, with_gamma, out, NULL, NULL, ctx);
}

adx_error_t adx__corr_polychoric(const adx_dataset_t *ds, const size_t *vars,
                                 const unsigned char *numeric, adx_corr_t *c, adx_errctx_t *ctx)
{
    size_t k = c->k;
    adx_error_t rc = poly_ds(ds, vars, k, numeric, 1, &c->poly, c->mean, c->sd, ctx);
    if (rc)
        return rc;
    const adx_polychoric_t *P = c->poly;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++) {
            double r = P->r[i + j * k], se = P->r_se[i + j * k];
            c->r[i + j * k] = r;
            c->n[i + j * k] = P->n;
            c->p[i + j * k] = i == j || !(se > 0) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(r / se));
        }
    return ADX_OK;
}
