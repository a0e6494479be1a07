/* Robust ML (lavaan estimator = "MLR") with complete or missing data: the casewise
 * scores of the model (Huber-White sandwich), and the traces tr(A^-1 B) of the
 * saturated (h1) and independence models that the Yuan-Bentler (Mplus) scaled chi2
 * needs. Complete data are one missing-data pattern with every variable observed, so
 * the same code serves listwise data and FIML. Formulas: docs/sem.md ("MLR"). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "robust.h"

/* The data of a fit as missing-data patterns: pattern g has pn[g] cases (rows
 * start[g] .. of cases, leading dimension N), pk[g] observed variables oidx + po[g],
 * their mean pmean + po[g] and covariance pcov + pc[g] (divisor n_g). */
typedef struct {
    size_t npat, N;
    const size_t *pn, *pk, *po, *pc, *oidx;
    const double *pmean, *pcov, *cases;
    const double *h1_mean, *h1_cov; /* saturated moments */
    size_t one[4];                  /* complete data: pn, pk, po, pc of the one pattern */
    size_t *iden;
    double *zero;
} pats_t;

static void pats_free(pats_t *d) { ADX__FREE(d->iden, d->zero); }

/* The patterns of s: FIML's, or one complete pattern of the centred listwise data with
 * mean 0 and covariance S. -1 when memory runs out. */
static int pats_make(const adx_sem_t *s, pats_t *d)
{
    size_t p = s->p;
    memset(d, 0, sizeof *d);
    if (s->fiml) {
        const struct adx_sem_fiml *f = s->fiml;
        d->npat = f->npat;
        d->N = f->N;
        d->pn = f->pn, d->pk = f->pk, d->po = f->po, d->pc = f->pc, d->oidx = f->oidx;
        d->pmean = f->pmean, d->pcov = f->pcov, d->cases = f->cases;
        d->h1_mean = f->h1_mean, d->h1_cov = f->h1_cov;
        return 0;
    }
    d->iden = malloc((p + 1) * sizeof(size_t));
    d->zero = calloc(p + 1, sizeof(double));
    if (!d->iden || !d->zero)
        return -1;
    for (size_t v = 0; v < p; v++)
        d->iden[v] = v;
    d->npat = 1;
    d->N = s->data_n;
    d->one[0] = s->data_n, d->one[1] = p;
    d->pn = &d->one[0], d->pk = &d->one[1], d->po = &d->one[2], d->pc = &d->one[3];
    d->oidx = d->iden;
    d->pmean = d->h1_mean = d->zero;
    d->pcov = d->h1_cov = s->sample_cov;
    d->cases = s->data;
    return 0;
}

/* P (p x p) = the inverse of Sig's block of the observed variables of pattern g,
 * padded with zeros; ka is k x k scratch. -1 if that block is singular. */
static int padded_inverse(const pats_t *d, size_t g, size_t p, const double *Sig, double *ka,
                          double *P)
{
    size_t k = d->pk[g];
    const size_t *idx = d->oidx + d->po[g];
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            ka[i + j * k] = Sig[idx[i] + idx[j] * p];
    if (adx__spd_inverse(ka, k, NULL))
        return -1;
    memset(P, 0, p * p * sizeof(double));
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            P[idx[i] + idx[j] * p] = ka[i + j * k];
    return 0;
}

/* Z = R P for the rows of pattern g (R: residuals y - mu, 0 where missing). */
static void pattern_z(const pats_t *d, size_t g, size_t row0, size_t p, const double *mu,
                      const double *P, double *R, double *Z)
{
    size_t ng = d->pn[g], k = d->pk[g], N = d->N;
    const size_t *idx = d->oidx + d->po[g];
    memset(R, 0, ng * p * sizeof(double));
    for (size_t a = 0; a < k; a++)
        for (size_t i = 0; i < ng; i++)
            R[i + idx[a] * ng] = d->cases[row0 + i + idx[a] * N] - mu[idx[a]];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)ng, (int)p, (int)p, 1.0, R,
                (int)ng, P, (int)p, 0.0, Z, (int)ng);
}

/* Scores of the rows of pattern g into sc (N x q): sum over the entries of each
 * parameter of (a'z)(b'z) - a'P b, plus z' dmu/dtheta with a mean structure. */
static void pattern_h0_scores(const adx__est_t *e, const pats_t *d, size_t g, size_t row0,
                              const double *P, const double *Z, double *ZD, double *PD,
                              int ms, double *sc)
{
    size_t p = e->p, q = e->q, ne = e->nent, ng = d->pn[g], N = d->N;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)ng, (int)(2 * ne), (int)p, 1.0,
                Z, (int)ng, e->D, (int)p, 0.0, ZD, (int)ng);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)(2 * ne), (int)p, 1.0, P,
                (int)p, e->D, (int)p, 0.0, PD, (int)p);
    for (size_t en = 0; en < ne; en++) {
        double tr = cblas_ddot((int)p, e->D + 2 * en * p, 1, PD + (2 * en + 1) * p, 1);
        const double *za = ZD + 2 * en * ng, *zb = za + ng;
        double *col = sc + e->entpar[en] * N + row0;
        for (size_t i = 0; i < ng; i++)
            col[i] += za[i] * zb[i] - tr;
    }
    if (ms)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)ng, (int)q, (int)p, 1.0, Z,
                    (int)ng, e->Mu, (int)p, 1.0, sc + row0, (int)N);
}

adx_error_t adx__sem_case_scores(const adx_sem_t *s, adx__est_t *e, double **scores,
                                 size_t *ncases)
{
    size_t p = e->p, q = e->q, ne = e->nent;
    pats_t d;
    double *sc = NULL, *mu = calloc(p + 1, sizeof(double)), *ka = NULL, *P = NULL, *R = NULL,
           *Z = NULL, *ZD = NULL, *PD = NULL;
    adx_error_t rc = ADX_ENOMEM;
    *scores = NULL;
    if (pats_make(s, &d) || !mu)
        goto cleanup;
    size_t maxn = 1;
    for (size_t g = 0; g < d.npat; g++)
        maxn = d.pn[g] > maxn ? d.pn[g] : maxn;
    sc = calloc(d.N * q + 1, sizeof(double));
    ka = malloc(p * p * sizeof(double));
    P = malloc(p * p * sizeof(double));
    R = malloc(maxn * p * sizeof(double));
    Z = malloc(maxn * p * sizeof(double));
    ZD = malloc(maxn * (2 * ne + 1) * sizeof(double));
    PD = malloc(p * (2 * ne + 1) * sizeof(double));
    if (!sc || !ka || !P || !R || !Z || !ZD || !PD)
        goto cleanup;
    adx__est_derivs(e, 0); /* e->D, and e->Mu with a mean structure */
    int ms = s->meanstructure && e->ybar;
    /* residuals y - mu: FIML's raw cases less mu; centred listwise data plus
     * ybar - mu (mean structure) or as they are (means saturated) */
    for (size_t v = 0; v < p; v++)
        mu[v] = s->fiml ? e->muall[v] : (ms ? -e->rr[v] : 0.0);
    rc = ADX_OK;
    for (size_t g = 0, row0 = 0; g < d.npat; row0 += d.pn[g], g++) {
        if (padded_inverse(&d, g, p, e->Sig, ka, P)) {
            rc = ADX_ESINGULAR;
            break;
        }
        pattern_z(&d, g, row0, p, mu, P, R, Z);
        pattern_h0_scores(e, &d, g, row0, P, Z, ZD, PD, ms, sc);
    }
    if (rc == ADX_OK) {
        *scores = sc;
        *ncases = d.N;
        sc = NULL;
    }
cleanup:
    pats_free(&d);
    ADX__FREE(sc, mu, ka, P, R, Z, ZD, PD);
    return rc;
}

/* ---- the saturated model: tr(A1^-1 B1) ------------------------------------------ */

/* sum over the 4 terms of tr(E_a X E_b Y) with E_a = e_u e_v' + e_v e_u' (half of it
 * when u = v): X_vk Y_lu + X_vl Y_ku + X_uk Y_lv + X_ul Y_kv. */
static double tr4(const double *X, const double *Y, size_t p, size_t u, size_t v, size_t k,
                  size_t l)
{
    double f = (u == v ? 0.5 : 1.0) * (k == l ? 0.5 : 1.0);
#define E(M, i, j) M[(i) + (j) * p]
    return f * (E(X, v, k) * E(Y, l, u) + E(X, v, l) * E(Y, k, u) + E(X, u, k) * E(Y, l, v) +
                E(X, u, l) * E(Y, k, v));
#undef E
}

/* Adds pattern g's share (weight w) of the observed information of the saturated
 * model, parameters (mu, vech Sigma) at (mu, Sig): A_mm = P, A_ma = P E_a P r,
 * A_ab = -1/2 tr(P E_a P E_b) + tr(E_a P E_b Q), Q = P (C + r r') P. */
static void h1_info_pattern(const pats_t *d, size_t g, size_t p, const double *mu,
                            const double *P, double *Q, double *Pr, double *tmp,
                            const size_t *ui, const size_t *uj, size_t nm, double *A)
{
    size_t k = d->pk[g], ps = p * (p + 1) / 2, nt = nm + ps;
    const size_t *idx = d->oidx + d->po[g];
    const double *C = d->pcov + d->pc[g], *m = d->pmean + d->po[g];
    double w = (double)d->pn[g] / (double)d->N, *rb = Pr + p;
    memset(rb, 0, p * sizeof(double));
    memset(tmp, 0, p * p * sizeof(double));
    for (size_t a = 0; a < k; a++)
        rb[idx[a]] = m[a] - mu[idx[a]];
    for (size_t b = 0; b < k; b++)
        for (size_t a = 0; a < k; a++)
            tmp[idx[a] + idx[b] * p] = C[a + b * k] + rb[idx[a]] * rb[idx[b]];
    cblas_dsymv(CblasColMajor, CblasLower, (int)p, 1.0, P, (int)p, rb, 1, 0.0, Pr, 1);
    cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, (int)p, (int)p, 1.0, P, (int)p, tmp,
                (int)p, 0.0, Q, (int)p);
    memcpy(tmp, Q, p * p * sizeof(double));
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, tmp,
                (int)p, P, (int)p, 0.0, Q, (int)p);
    for (size_t b = 0; b < ps; b++) {
        size_t kk = ui[b], l = uj[b];
        for (size_t a = b; a < ps; a++) {
            size_t u = ui[a], v = uj[a];
            double h = w * (-0.5 * tr4(P, P, p, u, v, kk, l) + tr4(P, Q, p, u, v, kk, l));
            A[nm + a + (nm + b) * nt] += h;
            if (a != b)
                A[nm + b + (nm + a) * nt] += h;
        }
        if (!nm)
            continue;
        for (size_t x = 0; x < p; x++) {
            double h = kk == l ? P[x + kk * p] * Pr[kk]
                               : P[x + kk * p] * Pr[l] + P[x + l * p] * Pr[kk];
            A[x + (nm + b) * nt] += w * h;
            A[nm + b + x * nt] += w * h;
        }
    }
    for (size_t b = 0; b < nm; b++)
        for (size_t a = 0; a < nm; a++)
            A[a + b * nt] += w * P[a + b * p];
}

/* Casewise scores of the saturated model for the rows of pattern g (Z = R P):
 * z for the means, z_u z_v - P_uv (halved when u = v) for the covariances. */
static void h1_scores_pattern(const pats_t *d, size_t g, size_t row0, size_t p,
                              const double *P, const double *Z, const size_t *ui,
                              const size_t *uj, size_t nm, double *sc)
{
    size_t ng = d->pn[g], N = d->N, ps = p * (p + 1) / 2;
    for (size_t x = 0; x < nm; x++)
        for (size_t i = 0; i < ng; i++)
            sc[row0 + i + x * N] = Z[i + x * ng];
    for (size_t a = 0; a < ps; a++) {
        size_t u = ui[a], v = uj[a];
        double f = u == v ? 0.5 : 1.0, pu = P[u + v * p];
        double *col = sc + (nm + a) * N + row0;
        for (size_t i = 0; i < ng; i++)
            col[i] = f * (Z[i + u * ng] * Z[i + v * ng] - pu);
    }
}

/* tr(A^-1 B) over the rows and columns with keep[] set (A, B nt x nt). */
static int kept_trace(const double *A, const double *B, const unsigned char *keep, size_t nt,
                      double *out)
{
    size_t nk = 0, *ix = malloc((nt + 1) * sizeof(size_t));
    double *Ak = NULL, *Bk = NULL;
    int rc = -1;
    if (!ix)
        return -1;
    for (size_t a = 0; a < nt; a++)
        if (keep[a])
            ix[nk++] = a;
    Ak = malloc((nk * nk + 1) * sizeof(double));
    Bk = malloc((nk * nk + 1) * sizeof(double));
    if (Ak && Bk) {
        rc = 0;
        for (size_t b = 0; b < nk; b++)
            for (size_t a = 0; a < nk; a++) {
                Ak[a + b * nk] = A[ix[a] + ix[b] * nt];
                Bk[a + b * nk] = B[ix[a] + ix[b] * nt];
            }
        *out = NAN;
        if (adx__spd_solve(Ak, nk, Bk, nk) == ADX_OK) {
            double tr = 0;
            for (size_t a = 0; a < nk; a++)
                tr += Bk[a + a * nk];
            *out = tr;
        }
    }
    ADX__FREE(ix, Ak, Bk);
    return rc;
}

adx_error_t adx__sem_h1_matrices(const adx_sem_t *s, const int *isx, adx__h1_t *h)
{
    size_t p = s->p, ps = p * (p + 1) / 2, nm = (s->meanstructure || s->fiml) ? p : 0;
    size_t nt = nm + ps;
    pats_t d;
    memset(h, 0, sizeof *h);
    h->nt = nt;
    h->nm = nm;
    h->A = calloc(nt * nt, sizeof(double));
    h->B = calloc(nt * nt, sizeof(double));
    h->keep = malloc(nt);
    double *P = malloc(p * p * sizeof(double)), *ka = malloc(p * p * sizeof(double));
    double *Q = malloc(p * p * sizeof(double)), *tmp = malloc(p * p * sizeof(double));
    double *Pr = malloc(2 * p * sizeof(double)), *sc = NULL, *R = NULL, *Z = NULL;
    size_t *ui = malloc(ps * sizeof(size_t)), *uj = malloc(ps * sizeof(size_t));
    adx_error_t rc = ADX_ENOMEM;
    int made = pats_make(s, &d) == 0;
    if (!made || !h->A || !h->B || !P || !ka || !Q || !tmp || !Pr || !ui || !uj || !h->keep)
        goto cleanup;
    size_t maxn = 1;
    for (size_t g = 0; g < d.npat; g++)
        maxn = d.pn[g] > maxn ? d.pn[g] : maxn;
    sc = malloc(d.N * nt * sizeof(double));
    R = malloc(maxn * p * sizeof(double));
    Z = malloc(maxn * p * sizeof(double));
    if (!sc || !R || !Z)
        goto cleanup;
    /* lavaan leaves the fixed covariates' means and covariances out (zero rows) */
    for (size_t j = 0, a = 0; j < p; j++)
        for (size_t i = j; i < p; i++, a++) {
            ui[a] = i;
            uj[a] = j;
            h->keep[nm + a] = !(isx[i] && isx[j]);
        }
    for (size_t x = 0; x < nm; x++)
        h->keep[x] = !isx[x];
    rc = ADX_OK;
    for (size_t g = 0, row0 = 0; g < d.npat && rc == ADX_OK; row0 += d.pn[g], g++) {
        if (padded_inverse(&d, g, p, d.h1_cov, ka, P)) {
            rc = ADX_ESINGULAR;
            break;
        }
        h1_info_pattern(&d, g, p, d.h1_mean, P, Q, Pr, tmp, ui, uj, nm, h->A);
        pattern_z(&d, g, row0, p, d.h1_mean, P, R, Z);
        h1_scores_pattern(&d, g, row0, p, P, Z, ui, uj, nm, sc);
    }
    if (rc == ADX_OK)
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nt, (int)nt, (int)d.N,
                    1.0 / (double)d.N, sc, (int)d.N, sc, (int)d.N, 0.0, h->B, (int)nt);
cleanup:
    if (made)
        pats_free(&d);
    ADX__FREE(P, ka, Q, tmp, Pr, sc, R, Z, ui, uj);
    if (rc)
        adx__sem_h1_free(h);
    return rc;
}

void adx__sem_h1_free(adx__h1_t *h) { ADX__FREE(h->A, h->B, h->keep); }

adx_error_t adx__sem_h1_trace(const adx_sem_t *s, const int *isx, double *out)
{
    adx__h1_t h;
    *out = NAN;
    adx_error_t rc = adx__sem_h1_matrices(s, isx, &h);
    if (rc)
        return rc;
    if (kept_trace(h.A, h.B, h.keep, h.nt, out))
        rc = ADX_ENOMEM;
    adx__sem_h1_free(&h);
    return rc;
}

double adx__sem_baseline_trace(const adx_sem_t *s, const int *isx)
{
    size_t p = s->p, N = s->fiml ? s->fiml->N : s->data_n;
    const double *X = s->fiml ? s->fiml->cases : s->data;
    int means = s->meanstructure || s->fiml;
    double trb = 0;
    for (size_t k = 0; k < p; k++) {
        if (isx[k])
            continue;
        const double *x = X + k * N;
        double sm = 0, m2 = 0, m4 = 0;
        size_t nk = 0;
        for (size_t i = 0; i < N; i++)
            if (!isnan(x[i])) {
                sm += x[i];
                nk++;
            }
        sm /= (double)nk;
        for (size_t i = 0; i < N; i++)
            if (!isnan(x[i])) {
                double dv = (x[i] - sm) * (x[i] - sm);
                m2 += dv;
                m4 += dv * dv;
            }
        m2 /= (double)nk;
        m4 /= (double)nk;
        /* variance: (m4 / s^2 - 1) / 2; mean: 1 (N / n_k of each on n_k cases) */
        trb += 0.5 * (m4 / (m2 * m2) - 1.0) + (means ? 1.0 : 0.0);
    }
    return trb;
}
