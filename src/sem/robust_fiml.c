/* Robust CFI/TLI/RMSEA under FIML with MLR: the FIML-C (V3) corrections of Zhang &
 * Savalei (2023) as lavaan 0.6.14 computes them (lav_fit_fiml_corrected): the model's
 * estimates judged against the EM moments as if they were complete-data moments (X3),
 * with the scaling factor c3 = tr(U Wm^-1 Wc Wm^-1 U Gamma) / df, U = Wm - Wm Delta
 * (Delta' Wm Delta)^-1 Delta' Wm, Gamma = Wm^-1 Jm Wm^-1, Wm and Jm the observed and
 * first-order information of the saturated model under missing data, Wc the
 * complete-data information at the EM moments; the independence model likewise.
 * Formulas: docs/sem.md ("Missing data"). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "robust.h"

/* C (m x n) = op(A) op(B), column-major. */
static void mm(int ta, int tb, size_t m, size_t n, size_t k, const double *A, size_t lda,
               const double *B, size_t ldb, double *C)
{
    cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, 1.0, A, (int)lda, B, (int)ldb, 0.0, C, (int)m);
}

/* The kept rows (and columns) of the nt x nt matrix M into the nk x nk matrix out. */
static void keep_sub(const double *M, size_t nt, const size_t *ix, size_t nk, double *out)
{
    for (size_t b = 0; b < nk; b++)
        for (size_t a = 0; a < nk; a++)
            out[a + b * nk] = M[ix[a] + ix[b] * nt];
}

/* Work of the correction: the kept parts of Wm, Wm^-1, the products that both the
 * model and the baseline use. */
typedef struct {
    size_t nk, *ix;
    double *Wm, *Wmi, *G, *H; /* nk x nk: Wm, Wm^-1, Gamma, Wm^-1 Wc Wm^-1 */
    double *t1, *t2, *t3;    /* nk x nk scratch */
} fc_t;

static void fc_free(fc_t *w) { ADX__FREE(w->ix, w->Wm, w->Wmi, w->G, w->H, w->t1, w->t2, w->t3); }

/* tr(U H U G), U = Wm - Wm Dl (Dl' Wm Dl)^-1 Dl' Wm, Dl nk x q. -1 when E is singular or
 * memory runs out (*out NaN). */
static int fc_trace(fc_t *w, const double *Dl, size_t q, double *out)
{
    size_t nk = w->nk;
    double *WD = malloc((nk * q + 1) * sizeof(double)), *E = malloc((q * q + 1) * sizeof(double));
    double *X = malloc((nk * q + 1) * sizeof(double));
    int rc = -1;
    *out = NAN;
    if (!WD || !E || !X)
        goto cleanup;
    mm(0, 0, nk, q, nk, w->Wm, nk, Dl, nk, WD); /* Wm Dl */
    mm(1, 0, q, q, nk, Dl, nk, WD, nk, E);      /* Dl' Wm Dl */
    for (size_t j = 0; j < q; j++)              /* X = WD' (q x nk) */
        for (size_t i = 0; i < nk; i++)
            X[j + i * q] = WD[i + j * nk];
    if (adx__spd_solve(E, q, X, nk) != ADX_OK)
        goto cleanup;
    mm(0, 0, nk, nk, q, WD, nk, X, q, w->t1); /* Wm Dl E^-1 Dl' Wm */
    for (size_t k = 0; k < nk * nk; k++)
        w->t1[k] = w->Wm[k] - w->t1[k]; /* U */
    mm(0, 0, nk, nk, nk, w->t1, nk, w->H, nk, w->t2);  /* U H */
    mm(0, 0, nk, nk, nk, w->t2, nk, w->t1, nk, w->t3); /* U H U */
    double tr = 0;
    for (size_t j = 0; j < nk; j++)
        for (size_t i = 0; i < nk; i++)
            tr += w->t3[i + j * nk] * w->G[j + i * nk];
    *out = tr;
    rc = 0;
cleanup:
    ADX__FREE(WD, E, X);
    return rc;
}

/* Wm, Wm^-1, Gamma = Wm^-1 Jm Wm^-1 and H = Wm^-1 Wc Wm^-1 on the kept rows. -1 on
 * failure. */
static int fc_prepare(fc_t *w, const adx__h1_t *h, const double *Wc)
{
    size_t nt = h->nt, nk = 0;
    w->ix = malloc((nt + 1) * sizeof(size_t));
    if (!w->ix)
        return -1;
    for (size_t a = 0; a < nt; a++)
        if (h->keep[a])
            w->ix[nk++] = a;
    w->nk = nk;
    double **arr[] = {&w->Wm, &w->Wmi, &w->G, &w->H, &w->t1, &w->t2, &w->t3};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
        if (!(*arr[i] = malloc((nk * nk + 1) * sizeof(double))))
            return -1;
    keep_sub(h->A, nt, w->ix, nk, w->Wm);
    memcpy(w->Wmi, w->Wm, nk * nk * sizeof(double));
    if (adx__spd_inverse(w->Wmi, nk, NULL))
        return -1;
    keep_sub(h->B, nt, w->ix, nk, w->t1);
    mm(0, 0, nk, nk, nk, w->Wmi, nk, w->t1, nk, w->t2);
    mm(0, 0, nk, nk, nk, w->t2, nk, w->Wmi, nk, w->G);
    keep_sub(Wc, nt, w->ix, nk, w->t1);
    mm(0, 0, nk, nk, nk, w->Wmi, nk, w->t1, nk, w->t2);
    mm(0, 0, nk, nk, nk, w->t2, nk, w->Wmi, nk, w->H);
    return 0;
}

/* Complete-data information at the EM moments (nt x nt): Sigma^-1 for the means,
 * 1/2 D'(Sigma^-1 x Sigma^-1) D for vech Sigma. -1 if Sigma is singular. */
static int complete_info(const adx_sem_t *s, size_t nt, size_t nm, double *Wc)
{
    size_t p = s->p;
    double *P = malloc(p * p * sizeof(double));
    if (!P)
        return -1;
    memcpy(P, s->fiml->h1_cov, p * p * sizeof(double));
    if (adx__spd_inverse(P, p, NULL)) {
        free(P);
        return -1;
    }
    memset(Wc, 0, nt * nt * sizeof(double));
    for (size_t b = 0; b < nm; b++)
        for (size_t a = 0; a < nm; a++)
            Wc[a + b * nt] = P[a + b * p];
    size_t bi = 0;
    for (size_t l = 0; l < p; l++)
        for (size_t k = l; k < p; k++, bi++) {
            size_t ai = 0;
            for (size_t v = 0; v < p; v++)
                for (size_t u = v; u < p; u++, ai++) {
                    double f = (u == v ? 0.5 : 1.0) * (k == l ? 0.5 : 1.0);
                    Wc[nm + ai + (nm + bi) * nt] =
                        0.5 * f *
                        (P[v + k * p] * P[l + u * p] + P[v + l * p] * P[k + u * p] +
                         P[u + k * p] * P[l + v * p] + P[u + l * p] * P[k + v * p]);
                }
        }
    free(P);
    return 0;
}

/* Delta of the model (kept rows, nk x q): dmu/dtheta (e->Mu) and dvech(Sigma)/dtheta
 * from the entry vectors (e->D, e->entpar) at the last adx__est_derivs. */
static void model_delta(const adx__est_t *e, const fc_t *w, size_t nm, double *Dl)
{
    size_t p = e->p, q = e->q, nk = w->nk;
    memset(Dl, 0, nk * q * sizeof(double));
    for (size_t r = 0; r < nk; r++) {
        size_t a = w->ix[r];
        if (a < nm) {
            for (size_t k = 0; k < q; k++)
                Dl[r + k * nk] = e->Mu[a + k * p];
            continue;
        }
        /* vech index a - nm -> (i, j), column by column */
        size_t t = a - nm, j = 0;
        while (t >= p - j) {
            t -= p - j;
            j++;
        }
        size_t i = j + t;
        for (size_t en = 0; en < e->nent; en++) {
            const double *da = e->D + 2 * en * p, *db = da + p;
            Dl[r + e->entpar[en] * nk] += da[i] * db[j] + db[i] * da[j];
        }
    }
}

/* The fixed covariates' block of the independence model (lavaan keeps it saturated, at
 * the model's fixed values Sxx, mx: e's implied moments) against the EM moments:
 * log|Sxx| + tr(Ct_xx Sxx^-1) + (mt_x - mx)' Sxx^-1 (mt_x - mx). 0 without fixed
 * covariates; -1 when Sxx is singular or memory runs out. */
static int baseline_x(const adx_sem_t *s, const adx__est_t *e, const int *isx, double *F)
{
    size_t p = s->p, kx = 0;
    size_t *ix = malloc((p + 1) * sizeof *ix);
    double *P = malloc((p * p + 1) * sizeof *P), ld = 0;
    const double *mu = s->fiml->h1_mean, *Sg = s->fiml->h1_cov;
    int rc = ix && P ? 0 : -1;
    *F = 0;
    for (size_t v = 0; !rc && v < p; v++)
        if (isx[v])
            ix[kx++] = v;
    for (size_t j = 0; !rc && j < kx; j++)
        for (size_t i = 0; i < kx; i++)
            P[i + j * kx] = e->Sig[ix[i] + ix[j] * p];
    if (!rc && kx && adx__spd_inverse(P, kx, &ld))
        rc = -1;
    for (size_t j = 0; !rc && j < kx; j++)
        for (size_t i = 0; i < kx; i++) {
            double dm = (mu[ix[i]] - e->muall[ix[i]]) * (mu[ix[j]] - e->muall[ix[j]]);
            *F += P[i + j * kx] * (Sg[ix[j] + ix[i] * p] + dm);
        }
    *F += ld;
    ADX__FREE(ix, P);
    return rc;
}

/* The independence model under FIML: each variable's available-case mean and variance,
 * the fixed covariates' block saturated (baseline_x); its Delta (kept rows x 2 per other
 * variable) selects the means and the variances. X = N F_ML of those estimates against
 * the EM moments. */
static int baseline_parts(const adx_sem_t *s, const adx__est_t *e, const int *isx,
                          const fc_t *w, size_t nm, double *Dl, size_t *qb, double *X)
{
    size_t p = s->p, N = s->fiml->N, nk = w->nk, kp = 0;
    const double *C = s->fiml->cases, *mu = s->fiml->h1_mean, *Sg = s->fiml->h1_cov;
    double F = 0, ld = 0;
    memset(Dl, 0, nk * 2 * p * sizeof(double));
    for (size_t v = 0; v < p; v++) {
        double sm = 0, ss = 0;
        size_t nv = 0;
        if (isx[v])
            continue;
        for (size_t i = 0; i < N; i++)
            if (!isnan(C[i + v * N])) {
                sm += C[i + v * N];
                nv++;
            }
        sm /= (double)nv;
        for (size_t i = 0; i < N; i++)
            if (!isnan(C[i + v * N]))
                ss += (C[i + v * N] - sm) * (C[i + v * N] - sm);
        ss /= (double)nv;
        F += log(ss) + (Sg[v + v * p] + (mu[v] - sm) * (mu[v] - sm)) / ss;
        size_t vv = nm + v * p - v * (v - 1) / 2; /* vech index of (v, v) */
        if (v == 0)
            vv = nm;
        for (size_t r = 0; r < nk; r++) {
            Dl[r + kp * nk] = w->ix[r] == v && v < nm ? 1.0 : 0.0;
            Dl[r + (kp + 1) * nk] = w->ix[r] == vv ? 1.0 : 0.0;
        }
        kp += 2;
    }
    double Fx = 0;
    if (baseline_x(s, e, isx, &Fx) || adx__spd_logdet(Sg, p, &ld))
        return -1;
    *X = (double)N * (F + Fx - ld - (double)p);
    *qb = kp;
    return 0;
}

/* X = N F_ML of theta against the EM moments as complete data (means included). */
static int tilde_chisq(const adx_sem_t *s, const double *th, double *X)
{
    adx__est_t e2;
    double F = NAN;
    int rc = -1;
    if (adx__est_init(&e2, s) == 0) {
        e2.fm = NULL;
        if (adx__est_set_sample(&e2, s->fiml->h1_cov, s->fiml->h1_mean) == 0 &&
            adx__est_eval(&e2, th, &F) == 0) {
            *X = (double)s->fiml->N * F;
            rc = 0;
        }
    }
    adx__est_free(&e2);
    return rc;
}

/* One group's parts: its fc_t, Delta (nk x q, malloc'd), X3 and the independence
 * model's X and trace. -1 when they cannot be computed (NaN out), -2 out of memory. */
static int group_parts(const adx__fimlc_group_t *gr, fc_t *w, double **Dl, double *X0,
                       double *Xb, double *kb)
{
    const adx_sem_t *s = gr->s;
    size_t q = gr->e->q, p = s->p, qb = 0;
    int *isx = calloc(p + 1, sizeof *isx);
    adx__h1_t h = {0};
    double *Wc = NULL;
    int rc = isx ? -1 : -2;
    for (size_t r = 0; isx && r < s->nparams; r++)
        if (s->params[r].fixed_x) /* lavaan zeroes their rows of the h1 information */
            isx[gr->e->ri[r]] = 1;
    adx_error_t hr = isx ? adx__sem_h1_matrices(s, isx, &h) : ADX_ENOMEM;
    if (hr) {
        rc = hr == ADX_ENOMEM ? -2 : -1;
        goto cleanup;
    }
    Wc = malloc(h.nt * h.nt * sizeof(double));
    *Dl = malloc((h.nt * (q > 2 * p ? q : 2 * p) + 1) * sizeof(double));
    if (!Wc || !*Dl) {
        rc = -2;
        goto cleanup;
    }
    if (complete_info(s, h.nt, h.nm, Wc) || fc_prepare(w, &h, Wc))
        goto cleanup; /* singular, or out of memory */
    if (baseline_parts(s, gr->e, isx, w, h.nm, *Dl, &qb, Xb) || fc_trace(w, *Dl, qb, kb) ||
        tilde_chisq(s, gr->th, X0))
        goto cleanup;
    model_delta(gr->e, w, h.nm, *Dl);
    rc = 0;
cleanup:
    adx__sem_h1_free(&h);
    ADX__FREE(isx, Wc);
    return rc;
}

/* The groups' fc_t combined into one block-diagonal w (Wm weighted by n_g / N, H and
 * Gamma by N / n_g) and their Deltas into D (nk x Q, rows stacked, columns mapped onto
 * the global parameters; map NULL: a group's own). -1 when memory runs out. */
static int combine(size_t G, const adx__fimlc_group_t *gr, const fc_t *wg, double *const *Dg,
                   size_t Q, fc_t *w, double **D)
{
    size_t nk = 0, off = 0;
    for (size_t g = 0; g < G; g++)
        nk += wg[g].nk;
    w->nk = nk;
    double **arr[] = {&w->Wm, &w->G, &w->H, &w->t1, &w->t2, &w->t3};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++)
        if (!(*arr[i] = calloc(nk * nk + 1, sizeof(double))))
            return -1;
    if (!(*D = calloc(nk * Q + 1, sizeof(double))))
        return -1;
    for (size_t g = 0; g < G; g++) {
        size_t k = wg[g].nk, q = gr[g].e->q;
        double a = gr[g].w;
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++) {
                size_t at = off + i + (off + j) * nk, from = i + j * k;
                w->Wm[at] = a * wg[g].Wm[from];
                w->H[at] = wg[g].H[from] / a;
                w->G[at] = wg[g].G[from] / a;
            }
        for (size_t c = 0; c < q; c++)
            for (size_t i = 0; i < k; i++)
                (*D)[off + i + (gr[g].map ? gr[g].map[c] : c) * nk] += Dg[g][i + c * k];
        off += k;
    }
    return 0;
}

adx_error_t adx__sem_fimlc_groups(size_t G, const adx__fimlc_group_t *gr, size_t Q, double df,
                                  double dfb, double out[4])
{
    fc_t *wg = calloc(G + 1, sizeof *wg), w = {0};
    double **Dg = calloc(G + 1, sizeof *Dg), *D = NULL, X0 = 0, Xb = 0, kb = 0, k0 = NAN;
    int rc = wg && Dg ? 0 : -2;
    out[0] = out[1] = out[2] = out[3] = NAN;
    for (size_t g = 0; !rc && g < G; g++) {
        double x0 = NAN, xb = NAN, tb = NAN;
        rc = group_parts(&gr[g], &wg[g], &Dg[g], &x0, &xb, &tb);
        X0 += x0, Xb += xb, kb += tb;
    }
    if (!rc)
        rc = combine(G, gr, wg, Dg, Q, &w, &D) ? -2 : fc_trace(&w, D, Q, &k0);
    if (!rc) {
        out[0] = X0;
        out[1] = k0 / df;
        out[2] = Xb;
        out[3] = kb / dfb;
    }
    for (size_t g = 0; wg && Dg && g < G; g++) {
        fc_free(&wg[g]);
        free(Dg[g]);
    }
    fc_free(&w);
    ADX__FREE(wg, Dg, D);
    return rc == -2 ? ADX_ENOMEM : ADX_OK;
}

adx_error_t adx__sem_fimlc(const adx_sem_t *s, const adx__est_t *e, const double *th,
                           double df, double dfb, double out[4])
{
    adx__fimlc_group_t one = {s, e, th, NULL, 1.0};
    return adx__sem_fimlc_groups(1, &one, e->q, df, dfb, out);
}
