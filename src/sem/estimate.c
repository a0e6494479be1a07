/* SEM maximum-likelihood estimation (RAM formulation), standard errors from the
 * expected information, standardized solutions, R2, := parameters and fit
 * measures. Formulas: docs/sem.md. */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_rng.h"
#include "sem_priv.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* Working state of one fit. All matrices column-major. */
typedef struct {
    size_t p, m, t, q;
    const adx_sem_t *s;
    int *kind;          /* per parameter row: 0 none, 1 A (directed), 2 S (symmetric),
                         * 3 intercept / mean (m) */
    size_t *ri, *rj;    /* matrix position: A[ri][rj] (ri <- rj), S[ri][rj] */
    double *fixedval;   /* value of fixed rows */
    const double *S;    /* p x p sample covariance, divisor N */
    const double *ybar; /* p sample means (mean structure), else NULL */
    const struct adx_sem_fiml *fm; /* missing-data patterns (FIML), else NULL */
    double *fw, *fr;    /* FIML: per-pattern Sigma_g^-1 and residual means */
    double *mvec, *muall, *rr, *uu, *Mu, *Sr; /* t, t, p, p, p x q, p x p (S + r r') */
    double logdetS;
    double *A, *Sm, *B, *C, *tmp;   /* t x t */
    double *Sig, *Sigi, *W, *tp;    /* p x p */
    double *D, *M, *MT;             /* V (p x 2E), Sigma^-1 V, V' Sigma^-1 V (2E x 2E) */
    size_t nent, *entpar;           /* E free matrix entries and their parameter */
    double *H, *g;                  /* q x q, q */
    int *ipiv;
    double *Lw;                     /* p x p work */
    double *step, *thn, *work, *rhs, *ridge, *Lw2; /* optimizer work */
} est_t;

static void est_free(est_t *e)
{
    free(e->kind);
    free(e->ri);
    free(e->rj);
    free(e->fixedval);
    free(e->A);
    free(e->Sm);
    free(e->B);
    free(e->C);
    free(e->tmp);
    free(e->Sig);
    free(e->Sigi);
    free(e->W);
    free(e->tp);
    free(e->D);
    free(e->entpar);
    free(e->M);
    free(e->MT);
    free(e->H);
    free(e->g);
    free(e->ipiv);
    free(e->fw);
    free(e->fr);
    free(e->mvec);
    free(e->muall);
    free(e->rr);
    free(e->uu);
    free(e->Mu);
    free(e->Sr);
    free(e->Lw);
    free(e->step);
    free(e->thn);
    free(e->work);
    free(e->rhs);
    free(e->ridge);
    free(e->Lw2);
}

static size_t var_index(const adx_sem_t *s, const char *name)
{
    for (size_t v = 0; v < s->p + s->m; v++)
        if (!strcmp(s->names[v], name))
            return v;
    return (size_t)-1;
}

static int est_init(est_t *e, const adx_sem_t *s)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    e->p = s->p;
    e->m = s->m;
    e->t = s->p + s->m;
    e->q = s->npar;
    size_t t = e->t, p = e->p, q = e->q ? e->q : 1, n = s->nparams;
    e->kind = calloc(n, sizeof *e->kind);
    e->ri = calloc(n, sizeof *e->ri);
    e->rj = calloc(n, sizeof *e->rj);
    e->fixedval = calloc(n, sizeof *e->fixedval);
    e->A = calloc(t * t, sizeof(double));
    e->Sm = calloc(t * t, sizeof(double));
    e->B = calloc(t * t, sizeof(double));
    e->C = calloc(t * t, sizeof(double));
    e->tmp = calloc(t * t, sizeof(double));
    e->Sig = calloc(p * p, sizeof(double));
    e->Sigi = calloc(p * p, sizeof(double));
    e->W = calloc(p * p, sizeof(double));
    e->tp = calloc(p * p, sizeof(double));
    /* free matrix entries: each contributes a symmetric rank-2 term a b' + b a'
     * to dSigma/dtheta */
    e->nent = 0;
    for (size_t r = 0; r < s->nparams; r++)
        e->nent += s->params[r].free && s->params[r].op != ADX_SEM_DEFINE &&
                   s->params[r].op != ADX_SEM_INTERCEPT;
    size_t ne = e->nent ? e->nent : 1;
    e->entpar = calloc(ne, sizeof(size_t));
    e->D = calloc(p * 2 * ne, sizeof(double));
    e->M = calloc(p * 2 * ne, sizeof(double));
    e->MT = calloc(4 * ne * ne, sizeof(double));
    e->H = calloc(q * q, sizeof(double));
    e->g = calloc(q, sizeof(double));
    e->ipiv = calloc(t, sizeof(int));
    e->Lw = calloc(p * p, sizeof(double));
    e->fm = s->fiml;
    if (e->fm) {
        size_t nk2 = 0, nk = 0;
        for (size_t g = 0; g < e->fm->npat; g++) {
            nk2 += e->fm->pk[g] * e->fm->pk[g];
            nk += e->fm->pk[g];
        }
        e->fw = calloc(nk2 + 1, sizeof(double));
        e->fr = calloc(nk + 1, sizeof(double));
        if (!e->fw || !e->fr)
            return -1;
    }
    e->mvec = calloc(t, sizeof(double));
    e->muall = calloc(t, sizeof(double));
    e->rr = calloc(p, sizeof(double));
    e->uu = calloc(p, sizeof(double));
    e->Mu = calloc(p * q, sizeof(double));
    e->Sr = calloc(p * p, sizeof(double));
    if (!e->mvec || !e->muall || !e->rr || !e->uu || !e->Mu || !e->Sr)
        return -1;
    e->step = calloc(q, sizeof(double));
    e->thn = calloc(q, sizeof(double));
    e->work = calloc(q * q, sizeof(double));
    e->rhs = calloc(q, sizeof(double));
    e->ridge = calloc(q * q, sizeof(double));
    e->Lw2 = calloc(q * q, sizeof(double));
    if (!e->entpar || !e->Lw2 || !e->step || !e->thn || !e->work || !e->rhs || !e->ridge || !e->Lw || !e->kind || !e->ri || !e->rj || !e->fixedval || !e->A || !e->Sm || !e->B || !e->C ||
        !e->tmp || !e->Sig || !e->Sigi || !e->W || !e->tp || !e->D || !e->M || !e->MT ||
        !e->H || !e->g || !e->ipiv)
        return -1;
    for (size_t r = 0; r < n; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_DEFINE)
            continue;
        size_t l = var_index(s, pr->lhs), h = var_index(s, pr->rhs);
        if (pr->op == ADX_SEM_INTERCEPT) {
            e->kind[r] = 3;
            e->ri[r] = e->rj[r] = l;
        } else if (pr->op == ADX_SEM_MEASURE) {
            e->kind[r] = 1;
            e->ri[r] = h;
            e->rj[r] = l;
        } else if (pr->op == ADX_SEM_REGRESS) {
            e->kind[r] = 1;
            e->ri[r] = l;
            e->rj[r] = h;
        } else {
            e->kind[r] = 2;
            e->ri[r] = l;
            e->rj[r] = h;
        }
        if (!pr->free && !pr->fixed_x)
            e->fixedval[r] = pr->est;
    }
    return 0;
}

/* Sets the sample covariance matrix (p x p, divisor N): log|S| and the values
 * of fixed covariates. Returns -1 if S is not positive definite. */
static int est_set_sample(est_t *e, const double *S, const double *ybar)
{
    size_t p = e->p;
    const adx_sem_t *s = e->s;
    e->S = S;
    e->ybar = ybar;
    memcpy(e->Lw, S, p * p * sizeof(double));
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)p, e->Lw, (int)p) != 0)
        return -1;
    e->logdetS = 0;
    for (size_t i = 0; i < p; i++)
        e->logdetS += 2.0 * log(e->Lw[i + i * p]);
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].fixed_x)
            e->fixedval[r] = e->kind[r] == 3 ? (ybar ? ybar[e->ri[r]] : 0.0)
                                             : S[e->ri[r] + e->rj[r] * p];
    return 0;
}

/* Fills A and S from theta and computes B = (I - A)^-1, C = B S B', Sigma,
 * Sigma^-1 and F_ML. Returns -1 if I - A is singular or Sigma is not positive
 * definite. */
static int est_eval(est_t *e, const double *th, double *F)
{
    size_t t = e->t, p = e->p;
    const adx_sem_t *s = e->s;
    memset(e->A, 0, t * t * sizeof(double));
    memset(e->Sm, 0, t * t * sizeof(double));
    memset(e->mvec, 0, t * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (!e->kind[r])
            continue;
        double v = s->params[r].free ? th[s->params[r].free - 1] : e->fixedval[r];
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == 3) {
            e->mvec[i] = v;
        } else if (e->kind[r] == 1) {
            e->A[i + j * t] = v;
        } else {
            e->Sm[i + j * t] = v;
            e->Sm[j + i * t] = v;
        }
    }
    for (size_t k = 0; k < t * t; k++)
        e->B[k] = -e->A[k];
    for (size_t i = 0; i < t; i++)
        e->B[i + i * t] += 1.0;
    if (LAPACKE_dgetrf(LAPACK_COL_MAJOR, (int)t, (int)t, e->B, (int)t, e->ipiv) != 0)
        return -1;
    if (LAPACKE_dgetri(LAPACK_COL_MAJOR, (int)t, e->B, (int)t, e->ipiv) != 0)
        return -1;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)t, (int)t, (int)t, 1.0, e->B,
                (int)t, e->Sm, (int)t, 0.0, e->tmp, (int)t);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)t, (int)t, (int)t, 1.0, e->tmp,
                (int)t, e->B, (int)t, 0.0, e->C, (int)t);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            e->Sig[i + j * p] = e->Sigi[i + j * p] = e->C[i + j * t];
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)p, e->Sigi, (int)p) != 0)
        return -1;
    double logdet = 0;
    for (size_t i = 0; i < p; i++)
        logdet += 2.0 * log(e->Sigi[i + i * p]);
    if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (int)p, e->Sigi, (int)p) != 0)
        return -1;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < j; i++)
            e->Sigi[i + j * p] = e->Sigi[j + i * p];
    double tr = 0;
    for (size_t k = 0; k < p * p; k++)
        tr += e->S[k] * e->Sigi[k];
    *F = logdet + tr - e->logdetS - (double)p;
    if (s->meanstructure && e->ybar) {
        /* + (ybar - mu)' Sigma^-1 (ybar - mu), mu = observed part of B m */
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)t, (int)t, 1.0, e->B, (int)t, e->mvec, 1,
                    0.0, e->muall, 1);
        for (size_t i = 0; i < p; i++)
            e->rr[i] = e->ybar[i] - e->muall[i];
        cblas_dsymv(CblasColMajor, CblasLower, (int)p, 1.0, e->Sigi, (int)p, e->rr, 1, 0.0,
                    e->uu, 1);
        *F += cblas_ddot((int)p, e->rr, 1, e->uu, 1);
    }
    if (e->fm) {
        /* FIML: sum over missing-data patterns of (n_g/N) [log|Sigma_g| +
         * tr(C_g Sigma_g^-1) + r_g' Sigma_g^-1 r_g], minus its value at h1 */
        const struct adx_sem_fiml *fm = e->fm;
        double Ff = 0;
        for (size_t g = 0; g < fm->npat; g++) {
            size_t k = fm->pk[g];
            const size_t *idx = fm->oidx + fm->po[g];
            double *Sg = e->fw + fm->pc[g], *rg = e->fr + fm->po[g];
            const double *Cg = fm->pcov + fm->pc[g], *mg = fm->pmean + fm->po[g];
            for (size_t j = 0; j < k; j++)
                for (size_t i = 0; i < k; i++)
                    Sg[i + j * k] = e->Sig[idx[i] + idx[j] * p];
            if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)k, Sg, (int)k) != 0)
                return -1;
            double ld = 0;
            for (size_t i = 0; i < k; i++)
                ld += 2.0 * log(Sg[i + i * k]);
            if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (int)k, Sg, (int)k) != 0)
                return -1;
            for (size_t j = 0; j < k; j++)
                for (size_t i = 0; i < j; i++)
                    Sg[i + j * k] = Sg[j + i * k];
            double tr2 = 0, quad = 0;
            for (size_t i = 0; i < k; i++)
                rg[i] = mg[i] - e->muall[idx[i]];
            for (size_t j = 0; j < k; j++)
                for (size_t i = 0; i < k; i++) {
                    tr2 += Cg[i + j * k] * Sg[i + j * k];
                    quad += rg[i] * Sg[i + j * k] * rg[j];
                }
            Ff += (double)fm->pn[g] / (double)fm->N * (ld + tr2 + quad);
        }
        *F = Ff - fm->c_h1;
    }
    return isfinite(*F) ? 0 : -1;
}

/* Derivatives dSigma/dtheta_k (columns of D), the gradient g of F_ML and the
 * expected second derivatives H_kl = tr(Sigma^-1 dSigma_k Sigma^-1 dSigma_l),
 * at the point of the last est_eval. */
static void est_derivs(est_t *e, int with_h)
{
    size_t t = e->t, p = e->p, q = e->q, ne = e->nent, n2 = 2 * e->nent;
    const adx_sem_t *s = e->s;
    if (q == 0)
        return;
    /* dSigma/dtheta_k = sum over the entries of k of (a b' + b a'):
     *   A[i][j]:  a = B[., i], b = C[j, .]'   (dC = B E_ij C + C E_ji B')
     *   S[i][j]:  a = B[., i], b = B[., j]    (halved b when i = j) */
    double *V = e->D;
    const double *B = e->B, *C = e->C;
    size_t k = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        if (!e->kind[r] || e->kind[r] == 3 || !s->params[r].free)
            continue;
        double *a = V + (2 * k) * p, *b = V + (2 * k + 1) * p;
        size_t i = e->ri[r], j = e->rj[r];
        for (size_t x = 0; x < p; x++) {
            a[x] = B[x + i * t];
            if (e->kind[r] == 1)
                b[x] = C[j + x * t];
            else
                b[x] = (i == j ? 0.5 : 1.0) * B[x + j * t];
        }
        e->entpar[k++] = (size_t)(s->params[r].free - 1);
    }
    /* W = Sigma^-1 - Sigma^-1 (S + r r') Sigma^-1 (r = ybar - mu, mean structure);
     * g_k = sum 2 a' W b */
    int ms = s->meanstructure && e->ybar;
    const double *Suse = e->S;
    if (e->fm) {
        /* FIML: W = sum_g (n_g/N) embed(Sigma_g^-1 - Sigma_g^-1 (C_g + r_g r_g')
         * Sigma_g^-1), u = sum_g (n_g/N) embed(Sigma_g^-1 r_g) */
        const struct adx_sem_fiml *fm = e->fm;
        memset(e->W, 0, p * p * sizeof(double));
        memset(e->uu, 0, p * sizeof(double));
        for (size_t g = 0; g < fm->npat; g++) {
            size_t k = fm->pk[g];
            const size_t *idx = fm->oidx + fm->po[g];
            const double *Sg = e->fw + fm->pc[g], *rg = e->fr + fm->po[g];
            const double *Cg = fm->pcov + fm->pc[g];
            double w = (double)fm->pn[g] / (double)fm->N;
            double *X = e->tp, *Y = e->Sr; /* k x k scratch (k <= p) */
            for (size_t j = 0; j < k; j++)
                for (size_t i = 0; i < k; i++)
                    X[i + j * k] = Cg[i + j * k] + rg[i] * rg[j];
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)k, (int)k, 1.0,
                        Sg, (int)k, X, (int)k, 0.0, Y, (int)k);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)k, (int)k, 1.0,
                        Y, (int)k, Sg, (int)k, 0.0, X, (int)k);
            for (size_t j = 0; j < k; j++) {
                double z = 0;
                for (size_t i = 0; i < k; i++) {
                    e->W[idx[i] + idx[j] * p] += w * (Sg[i + j * k] - X[i + j * k]);
                    z += Sg[j + i * k] * rg[i];
                }
                e->uu[idx[j]] += w * z;
            }
        }
    } else if (ms) {
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                e->Sr[i + j * p] = e->S[i + j * p] + e->rr[i] * e->rr[j];
        Suse = e->Sr;
    }
    if (!e->fm) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0,
                    e->Sigi, (int)p, Suse, (int)p, 0.0, e->tp, (int)p);
        memcpy(e->W, e->Sigi, p * p * sizeof(double));
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, -1.0,
                    e->tp, (int)p, e->Sigi, (int)p, 1.0, e->W, (int)p);
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)n2, (int)p, 1.0, e->W,
                (int)p, V, (int)p, 0.0, e->M, (int)p);
    memset(e->g, 0, q * sizeof(double));
    for (k = 0; k < ne; k++)
        e->g[e->entpar[k]] += 2.0 * cblas_ddot((int)p, V + 2 * k * p, 1, e->M + (2 * k + 1) * p, 1);
    if (ms) {
        /* dmu/dtheta: A entry i <- j: B[., i] mu_j; intercept of v: B[., v];
         * g -= 2 Mu' Sigma^-1 r */
        memset(e->Mu, 0, p * q * sizeof(double));
        for (size_t r = 0; r < s->nparams; r++) {
            if (!s->params[r].free || (e->kind[r] != 1 && e->kind[r] != 3))
                continue;
            double *col = e->Mu + (size_t)(s->params[r].free - 1) * p;
            size_t i = e->ri[r];
            double f = e->kind[r] == 1 ? e->muall[e->rj[r]] : 1.0;
            for (size_t x = 0; x < p; x++)
                col[x] += B[x + i * t] * f;
        }
        cblas_dgemv(CblasColMajor, CblasTrans, (int)p, (int)q, -2.0, e->Mu, (int)p, e->uu, 1,
                    1.0, e->g, 1);
    }
    if (!with_h)
        return;
    /* H_kl = tr(Sigma^-1 D_k Sigma^-1 D_l) = sum over entry pairs of
     * 2 [ (b'Si c)(d'Si a) + (b'Si d)(c'Si a) ] with G = V' Si V */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)n2, (int)p, 1.0, e->Sigi,
                (int)p, V, (int)p, 0.0, e->M, (int)p);
    double *G = e->MT;
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)n2, (int)n2, (int)p, 1.0, V,
                (int)p, e->M, (int)p, 0.0, G, (int)n2);
    memset(e->H, 0, q * q * sizeof(double));
#define GG(x, y) G[(x) + (y) * n2]
    for (size_t f = 0; f < ne; f++) {
        size_t c = 2 * f, d = 2 * f + 1, kl = e->entpar[f];
        for (size_t en = 0; en < ne; en++) {
            size_t a = 2 * en, b = 2 * en + 1;
            double h = 2.0 * (GG(b, c) * GG(d, a) + GG(b, d) * GG(c, a));
            e->H[e->entpar[en] + kl * q] += h;
        }
    }
#undef GG
    if (ms) {
        /* expected information of the means: H += 2 Mu' Sigma^-1 Mu */
        double *SM = e->M; /* p x q scratch (M has p x 2E >= ... ) */
        double *tmpm = malloc(p * q * sizeof(double));
        if (tmpm) {
            cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, (int)p, (int)q, 1.0, e->Sigi,
                        (int)p, e->Mu, (int)p, 0.0, tmpm, (int)p);
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)p, 2.0,
                        e->Mu, (int)p, tmpm, (int)p, 1.0, e->H, (int)q);
            free(tmpm);
        }
        (void)SM;
    }
}

/* Solves H x = b for symmetric positive-definite H (copied); returns -1 if not PD. */
static int spd_solve(const double *H, size_t q, const double *b, double *x, double *work)
{
    memcpy(work, H, q * q * sizeof(double));
    memcpy(x, b, q * sizeof(double));
    return LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', (int)q, 1, work, (int)q, x, (int)q) == 0 ? 0 : -1;
}

double adx_ncchisq_cdf(double x, double df, double ncp)
{
    if (x <= 0)
        return 0.0;
    if (ncp <= 0)
        return gsl_cdf_chisq_P(x, df);
    /* sum_j Pois(j; ncp/2) P(chi2_{df+2j} <= x), from the Poisson mode outward,
     * with the recurrences w_{j+1} = w_j lam/(j+1) and
     * P_{j+1} = P_j - (x/2)^{df/2+j} e^{-x/2} / Gamma(df/2+j+1). */
    double lam = ncp / 2.0, hx = x / 2.0, a0 = df / 2.0;
    long mode = (long)floor(lam);
    double lw = -lam + (double)mode * log(lam) - gsl_sf_lngamma((double)mode + 1.0);
    double w0 = exp(lw);
    double P0 = gsl_cdf_chisq_P(x, df + 2.0 * (double)mode);
    double lt0 = (a0 + (double)mode) * log(hx) - hx - gsl_sf_lngamma(a0 + (double)mode + 1.0);
    double t0 = exp(lt0); /* P_mode - P_{mode+1} */
    double sum = w0 * P0;
    /* upward */
    double w = w0, P = P0, tt = t0;
    for (long j = mode; j < mode + 100000; j++) {
        P -= tt;
        if (P < 0)
            P = 0;
        w *= lam / (double)(j + 1);
        tt *= hx / (a0 + (double)j + 1.0); /* t_{j+1} */
        sum += w * P;
        if (w < 1e-18 * (sum > 0 ? sum : 1) || (w * P < 1e-300 && (double)j > lam))
            break;
    }
    /* downward: P_{j-1} = P_j + t_{j-1} */
    w = w0;
    P = P0;
    tt = t0 * (a0 + (double)mode) / hx; /* t_{mode-1} */
    for (long j = mode; j > 0; j--) {
        P += tt;
        if (P > 1)
            P = 1;
        w *= (double)j / lam;
        tt *= (a0 + (double)j - 1.0) / hx; /* t_{j-2} */
        sum += w * P;
        if (w < 1e-18 * (sum > 0 ? sum : 1))
            break;
    }
    return sum > 1.0 ? 1.0 : sum;
}

/* Root of f(lambda) = P(chi2 <= x; df, lambda) - target on [lo, hi] by bisection
 * (the CDF decreases in lambda). */
static double ncp_root(double x, double df, double target, double lo, double hi)
{
    for (int it = 0; it < 200 && hi - lo > 1e-11 * (1.0 + hi); it++) {
        double mid = 0.5 * (lo + hi);
        if (adx_ncchisq_cdf(x, df, mid) - target > 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* log-determinant and F for a fixed Sigma (baseline). Returns -1 if not PD. */
static int f_ml_fixed(const double *Sig, const double *S, size_t p, double logdetS, double *F)
{
    double *w = malloc(p * p * sizeof(double));
    if (!w)
        return -1;
    memcpy(w, Sig, p * p * sizeof(double));
    int rc = -1;
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)p, w, (int)p) == 0) {
        double ld = 0;
        for (size_t i = 0; i < p; i++)
            ld += 2.0 * log(w[i + i * p]);
        if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (int)p, w, (int)p) == 0) {
            for (size_t j = 0; j < p; j++)
                for (size_t i = 0; i < j; i++)
                    w[i + j * p] = w[j + i * p];
            double tr = 0;
            for (size_t k = 0; k < p * p; k++)
                tr += S[k] * w[k];
            *F = ld + tr - logdetS - (double)p;
            rc = 0;
        }
    }
    free(w);
    return rc;
}

/* ---- := parameters ------------------------------------------------------- */

typedef struct {
    const adx_sem_t *s;
    const double *vals; /* per row */
    size_t upto;        /* rows before this one may be referenced */
} lookup_t;

static int lookup_label(void *ud, const char *name, double *v)
{
    const lookup_t *l = ud;
    for (size_t r = 0; r < l->upto; r++)
        if (!strcmp(l->s->params[r].label, name)) {
            *v = l->vals[r];
            return 0;
        }
    return -1;
}

/* Evaluates the := rows in order into vals (other rows already set). */
static int eval_defs(const adx_sem_t *s, double *vals)
{
    for (size_t r = 0; r < s->nparams; r++) {
        if (s->params[r].op != ADX_SEM_DEFINE)
            continue;
        size_t ep;
        const char *em, *unk;
        adx_expr_t *ex = adx_expr_parse(s->params[r].rhs, &ep, &em);
        if (!ex)
            return -1;
        lookup_t l = {s, vals, r};
        if (adx_expr_eval(ex, lookup_label, &l, &vals[r], &unk))
            vals[r] = NAN;
        adx_expr_free(ex);
    }
    return 0;
}

static void values_from_theta(const adx_sem_t *s, const est_t *e, const double *th, double *vals)
{
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_DEFINE)
            vals[r] = NAN;
        else
            vals[r] = pr->free ? th[pr->free - 1] : e->fixedval[r];
    }
    eval_defs(s, vals);
}

/* tr(A1^-1 B1) for the saturated model in vech(Sigma), both at the sample
 * covariance S (as lavaan 0.6.14 computes its Yuan-Bentler-Mplus trace for
 * complete data): A1 = 1/2 D'(S^-1 x S^-1)D, B1 the mean outer product of the
 * casewise scores 1/2 vech-weighted (z z' - S^-1), z = S^-1 (y - ybar). data:
 * nd x p, centred. Returns -1 on allocation failure (*out NaN if singular). */
static int h1_trace(const est_t *e, const double *data, size_t nd, double *out)
{
    size_t p = e->p, ps = p * (p + 1) / 2;
    double *Si = malloc(p * p * sizeof(double));
    double *A1 = calloc(ps * ps, sizeof(double)), *B1 = calloc(ps * ps, sizeof(double));
    double *sc = malloc(nd * ps * sizeof(double)), *Z = malloc(nd * p * sizeof(double));
    size_t *ui = malloc(ps * sizeof(size_t)), *uj = malloc(ps * sizeof(size_t));
    int rc = -1;
    *out = NAN;
    if (!Si || !A1 || !B1 || !sc || !Z || !ui || !uj)
        goto cleanup;
    rc = 0;
    memcpy(Si, e->S, p * p * sizeof(double));
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)p, Si, (int)p) ||
        LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (int)p, Si, (int)p))
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < j; i++)
            Si[i + j * p] = Si[j + i * p];
    size_t u = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = j; i < p; i++) {
            ui[u] = i;
            uj[u++] = j;
        }
    /* A1[u,v] = 1/2 tr(S^-1 E_u S^-1 E_v), E_u = e_i e_j' + e_j e_i' (halved if i = j) */
    for (size_t a = 0; a < ps; a++)
        for (size_t b = 0; b < ps; b++) {
            size_t i = ui[a], j = uj[a], k = ui[b], l = uj[b];
            double fu = (i == j ? 0.5 : 1.0) * (k == l ? 0.5 : 1.0);
            A1[a + b * ps] = fu * 0.5 *
                             (Si[l + i * p] * Si[j + k * p] + Si[k + i * p] * Si[j + l * p] +
                              Si[l + j * p] * Si[i + k * p] + Si[k + j * p] * Si[i + l * p]);
        }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nd, (int)p, (int)p, 1.0, data,
                (int)nd, Si, (int)p, 0.0, Z, (int)nd);
    for (size_t a = 0; a < ps; a++) {
        size_t i = ui[a], j = uj[a];
        double w = i == j ? 0.5 : 1.0;
        for (size_t r = 0; r < nd; r++)
            sc[r + a * nd] = w * (Z[r + i * nd] * Z[r + j * nd] - Si[i + j * p]);
    }
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)ps, (int)ps, (int)nd,
                1.0 / (double)nd, sc, (int)nd, sc, (int)nd, 0.0, B1, (int)ps);
    if (LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', (int)ps, (int)ps, A1, (int)ps, B1, (int)ps) == 0) {
        double tr = 0;
        for (size_t a2 = 0; a2 < ps; a2++)
            tr += B1[a2 + a2 * ps];
        *out = tr;
    }
cleanup:
    free(Si);
    free(A1);
    free(B1);
    free(sc);
    free(Z);
    free(ui);
    free(uj);
    return rc;
}

/* ---- the fit ------------------------------------------------------------- */

/* Fisher scoring from th (updated in place) with a backtracking (Armijo) line
 * search. Returns 1 when max |gradient| < tol; *iters and *Fout are set. The
 * state of e is left at th. */
static int optimize(est_t *e, double *th, int max_iter, double tol, int *iters, double *Fout)
{
    /* Fisher scoring accelerated by a structured secant correction: the step
     * solves (H_F + A) d = -g, where H_F is the expected information and A a
     * symmetric rank-one estimate of the rest of the Hessian, updated so that
     * (H_F + A) s = y (Dennis, Gay & Welsch's idea for least squares). Plain
     * Fisher scoring whenever the corrected matrix fails. */
    size_t q = e->q;
    double F = 0, *A = e->Lw2, *gprev = e->rhs, *r = e->work + q * (q - 1);
    int converged = 0, it = 0, have_prev = 0;
    if (est_eval(e, th, &F)) {
        *iters = 0;
        *Fout = NAN;
        return 0;
    }
    memset(A, 0, q * q * sizeof(double));
    for (it = 0; it < max_iter; it++) {
        est_derivs(e, 1);
        double gmax = 0;
        for (size_t k = 0; k < q; k++)
            gmax = fmax(gmax, fabs(e->g[k]));
        if (gmax < tol) {
            converged = 1;
            break;
        }
        if (have_prev) {
            /* r = (g - gprev) - (H_F + A) s, with s in e->step */
            double rs = 0, rr = 0, ss = 0;
            for (size_t i = 0; i < q; i++) {
                double v = e->g[i] - gprev[i];
                for (size_t j = 0; j < q; j++)
                    v -= (e->H[i + j * q] + A[i + j * q]) * e->step[j];
                r[i] = v;
            }
            for (size_t i = 0; i < q; i++) {
                rs += r[i] * e->step[i];
                rr += r[i] * r[i];
                ss += e->step[i] * e->step[i];
            }
            if (fabs(rs) > 1e-8 * sqrt(rr * ss))
                for (size_t j = 0; j < q; j++)
                    for (size_t i = 0; i < q; i++)
                        A[i + j * q] += r[i] * r[j] / rs;
        }
        for (size_t k = 0; k < q; k++)
            gprev[k] = -e->g[k];
        int accepted = 0;
        double Fn = 0, a = 1.0;
        for (int pass = 0; pass < 2 && !accepted; pass++) {
            /* pass 0: corrected matrix; pass 1: expected information (ridged if needed) */
            memcpy(e->ridge, e->H, q * q * sizeof(double));
            if (pass == 0)
                for (size_t k = 0; k < q * q; k++)
                    e->ridge[k] += A[k];
            int ok = spd_solve(e->ridge, q, gprev, e->step, e->work) == 0;
            double mu = 1e-6;
            for (int tries = 0; pass == 1 && !ok && tries < 20; tries++, mu *= 10) {
                memcpy(e->ridge, e->H, q * q * sizeof(double));
                for (size_t k = 0; k < q; k++)
                    e->ridge[k + k * q] += mu * (fabs(e->H[k + k * q]) + 1e-8);
                ok = spd_solve(e->ridge, q, gprev, e->step, e->work) == 0;
            }
            if (!ok) {
                memset(A, 0, q * q * sizeof(double));
                continue;
            }
            double slope = 0;
            for (size_t k = 0; k < q; k++)
                slope += e->g[k] * e->step[k];
            a = 1.0;
            for (int ls = 0; slope < 0 && ls < (pass ? 60 : 8); ls++, a *= 0.5) {
                for (size_t k = 0; k < q; k++)
                    e->thn[k] = th[k] + a * e->step[k];
                if (est_eval(e, e->thn, &Fn) == 0 && Fn <= F + 1e-4 * a * slope) {
                    accepted = 1;
                    break;
                }
            }
            if (!accepted)
                memset(A, 0, q * q * sizeof(double));
        }
        if (!accepted) {
            /* at the floating-point floor: accept if the gradient is already tiny */
            est_eval(e, th, &F);
            if (gmax < 1e-6)
                converged = 1;
            break;
        }
        for (size_t k = 0; k < q; k++) {
            e->step[k] = e->thn[k] - th[k];
            gprev[k] = -gprev[k];
        }
        have_prev = 1;
        memcpy(th, e->thn, q * sizeof(double));
        double dF = F - Fn;
        F = Fn;
        if (dF >= 0 && dF < 1e-15 * (1.0 + fabs(F)) && gmax < 1e-6) {
            est_derivs(e, 1);
            converged = 1;
            it++;
            break;
        }
    }
    if (est_eval(e, th, &F))
        F = NAN;
    *iters = it;
    *Fout = F;
    return converged;
}



static void start_values(const adx_sem_t *s, const est_t *e, double *th)
{
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (!pr->free)
            continue;
        double v = 0.0;
        if (pr->op == ADX_SEM_MEASURE)
            v = 1.0;
        else if (pr->op == ADX_SEM_COV && e->ri[r] == e->rj[r])
            v = e->ri[r] < e->p ? 0.5 * e->S[e->ri[r] * (e->p + 1)] : 0.05;
        else if (pr->op == ADX_SEM_INTERCEPT && e->ri[r] < e->p && e->ybar)
            v = e->ybar[e->ri[r]]; /* observed intercepts start at the sample means */
        th[pr->free - 1] = v;
    }
}

static double zcrit(double level) { return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0); }

adx_error_t adx_sem_fit_cov(adx_sem_t *s, const double *S, size_t n, adx_errctx_t *ctx)
{
    return adx_sem_fit_moments(s, S, NULL, n, ctx);
}

adx_error_t adx_sem_fit_moments(adx_sem_t *s, const double *S, const double *mean, size_t n,
                                adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    est_t e;
    size_t p = s->p, t = s->p + s->m, q = s->npar;
    double *th = NULL, *thn = NULL, *V = NULL, *vals = NULL, *valp = NULL, *sd = NULL,
           *jac = NULL;
    int *isx = NULL;
    int init = est_init(&e, s);
    if (init) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t qq = q ? q : 1;
    th = calloc(qq, sizeof *th);
    thn = calloc(qq, sizeof *thn);
    V = calloc(qq * qq, sizeof *V);
    vals = calloc(s->nparams, sizeof *vals);
    valp = calloc(s->nparams, sizeof *valp);
    sd = calloc(t, sizeof *sd);
    jac = calloc(qq, sizeof *jac);
    free(s->sample_cov);
    free(s->implied);
    free(s->r2);
    s->sample_cov = malloc(p * p * sizeof(double));
    s->implied = malloc(t * t * sizeof(double));
    s->r2 = malloc(t * sizeof(double));
    if (!th || !thn || !V || !vals || !valp || !sd || !jac ||
        !s->sample_cov || !s->implied || !s->r2) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    memcpy(s->sample_cov, S, p * p * sizeof(double));
    free(s->sample_mean);
    s->sample_mean = NULL;
    if (mean && s->meanstructure) {
        s->sample_mean = malloc(p * sizeof(double));
        if (!s->sample_mean) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        memcpy(s->sample_mean, mean, p * sizeof(double));
    }
    s->n = n;
    s->fitted = 0;
    /* the sample matrix must be positive definite */
    if (s->meanstructure && !mean) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: the model has a mean structure ('~ 1'), which needs "
                                      "raw data, not a covariance matrix",
                     s->source);
        goto cleanup;
    }
    if (est_set_sample(&e, S, s->meanstructure ? mean : NULL)) {
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the sample covariance matrix of the %zu observed variables is not "
                     "positive definite (n = %zu); drop constant or collinear items",
                     s->source, p, n);
        goto cleanup;
    }
    double ndat = (double)(p * (p + 1) / 2);
    size_t nx = 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].fixed_x && !strcmp(s->params[r].lhs, s->params[r].rhs))
            nx++;
    ndat -= (double)(nx * (nx + 1) / 2);
    if (s->meanstructure)
        ndat += (double)(p - nx);
    if ((double)q > ndat) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: the model has %zu free parameters but the data only %g variances and "
                     "covariances; it is not identified (fix parameters or add indicators)",
                     s->source, q, ndat);
        goto cleanup;
    }
    /* Fisher scoring with a backtracking line search. */
    start_values(s, &e, th);
    double F = 0;
    int it = 0, converged = 0;
    if (est_eval(&e, th, &F)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: the model-implied covariance matrix at the "
                                         "starting values is not positive definite",
                     s->source);
        goto cleanup;
    }
    converged = optimize(&e, th, s->opt.max_iter, s->opt.grad_tol, &it, &F);
    if (est_eval(&e, th, &F)) {
        rc = adx_err(ctx, ADX_ECONVERGE, "%s: the estimation failed (the implied covariance "
                                         "matrix is not positive definite)",
                     s->source);
        goto cleanup;
    }
    est_derivs(&e, 1);
    s->converged = converged;
    free(s->theta);
    s->theta = malloc(qq * sizeof(double));
    if (!s->theta) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    memcpy(s->theta, th, q * sizeof(double));
    s->iterations = it;
    /* covariance of the estimates: (N/2 H)^-1 = 2/N H^-1 */
    int vc_ok = 1;
    double ssr_trace = NAN;
    if (s->fiml && !mean) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: FIML needs raw data", s->source);
        goto cleanup;
    }
    if (s->opt.robust && s->meanstructure) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "%s: MLR with a mean structure ('~ 1') is not "
                                            "implemented yet",
                     s->source);
        goto cleanup;
    }
    if (s->opt.robust && (!s->data || s->data_n != n)) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: robust (MLR) standard errors need raw data, not a "
                                      "covariance matrix",
                     s->source);
        goto cleanup;
    }
    if (q && (s->opt.observed_info || s->opt.robust || s->fiml)) {
        /* observed information: Hessian of F_ML by central differences of the
         * analytic gradient, symmetrized; e.H then holds it */
        double *Hs = calloc(q * q, sizeof(double)), *gp = calloc(q, sizeof(double));
        if (!Hs || !gp) {
            free(Hs);
            free(gp);
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t k = 0; k < q && vc_ok; k++) {
            double h = 1e-5 * fmax(1.0, fabs(th[k]));
            memcpy(thn, th, q * sizeof(double));
            thn[k] = th[k] + h;
            double Fx;
            if (est_eval(&e, thn, &Fx)) {
                vc_ok = 0;
                break;
            }
            est_derivs(&e, 0);
            memcpy(gp, e.g, q * sizeof(double));
            thn[k] = th[k] - h;
            if (est_eval(&e, thn, &Fx)) {
                vc_ok = 0;
                break;
            }
            est_derivs(&e, 0);
            for (size_t l = 0; l < q; l++)
                Hs[l + k * q] = (gp[l] - e.g[l]) / (2.0 * h);
        }
        est_eval(&e, th, &F);
        est_derivs(&e, 1);
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < q; i++)
                e.H[i + j * q] = 0.5 * (Hs[i + j * q] + Hs[j + i * q]);
        free(Hs);
        free(gp);
    }
    if (q && vc_ok) {
        memcpy(V, e.H, q * q * sizeof(double));
        if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)q, V, (int)q) != 0 ||
            LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (int)q, V, (int)q) != 0)
            vc_ok = 0;
        for (size_t j = 0; j < q; j++)
            for (size_t i = j; i < q; i++) {
                V[i + j * q] *= 2.0 / (double)n;
                V[j + i * q] = V[i + j * q];
            }
    }
    if (q && vc_ok && s->opt.robust) {
        /* sandwich: Cov = A^-1 B A^-1 / N with A = H_obs / 2 (so A^-1 / N is the V
         * above) and B the mean outer product of the casewise scores
         * s_ik = -1/2 [tr(Sigma^-1 D_k) - z_i' D_k z_i], z_i = Sigma^-1 (y_i - ybar),
         * D_k = sum (a b' + b a') over the entries of parameter k */
        size_t ne = e.nent, nd = s->data_n;
        double *Zc = malloc(nd * p * sizeof(double)), *P = malloc(nd * 2 * ne * sizeof(double));
        double *sc = calloc(nd * q, sizeof(double)), *Bm = calloc(q * q, sizeof(double));
        double *T1 = calloc(q * q, sizeof(double)), *trk = calloc(q, sizeof(double));
        if (!Zc || !P || !sc || !Bm || !T1 || !trk) {
            free(Zc);
            free(P);
            free(sc);
            free(Bm);
            free(T1);
            free(trk);
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        est_derivs(&e, 0); /* e.D = V entries at the estimates */
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nd, (int)p, (int)p, 1.0,
                    s->data, (int)nd, e.Sigi, (int)p, 0.0, Zc, (int)nd);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)nd, (int)(2 * ne), (int)p,
                    1.0, Zc, (int)nd, e.D, (int)p, 0.0, P, (int)nd);
        for (size_t en = 0; en < ne; en++) {
            const double *a = e.D + 2 * en * p, *b = a + p;
            double tr = 0;
            for (size_t x = 0; x < p; x++)
                for (size_t y = 0; y < p; y++)
                    tr += b[x] * e.Sigi[x + y * p] * a[y];
            trk[e.entpar[en]] += 2.0 * tr;
        }
        for (size_t en = 0; en < ne; en++) {
            const double *pa = P + 2 * en * nd, *pb = pa + nd;
            double *col = sc + e.entpar[en] * nd;
            for (size_t i = 0; i < nd; i++)
                col[i] += pa[i] * pb[i]; /* z'a b'z, doubled below */
        }
        for (size_t k = 0; k < q; k++)
            for (size_t i = 0; i < nd; i++)
                sc[i + k * nd] = -0.5 * (trk[k] - 2.0 * sc[i + k * nd]);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)nd,
                    1.0 / (double)nd, sc, (int)nd, sc, (int)nd, 0.0, Bm, (int)q);
        /* V currently = (N A)^-1; robust = N V B V */
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q, 1.0, V,
                    (int)q, Bm, (int)q, 0.0, T1, (int)q);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q, (int)q,
                    (double)n, T1, (int)q, V, (int)q, 0.0, Bm, (int)q);
        memcpy(V, Bm, q * q * sizeof(double));
        /* Yuan-Bentler (Mplus) scaling: c = (tr(A1^-1 B1) - tr(A0^-1 B0)) / df, with
         * A1, B1 the observed and first-order information of the saturated model
         * (vech Sigma) at the implied Sigma, A0^-1 B0 from the model (T1 = N V_exp B0) */
        double tr0 = 0;
        for (size_t k = 0; k < q; k++)
            tr0 += T1[k + k * q] * (double)n;
        ssr_trace = tr0;
        free(Zc);
        free(P);
        free(sc);
        free(Bm);
        free(T1);
        free(trk);
    }
    double zc = zcrit(s->opt.ci_level);
    values_from_theta(s, &e, th, vals);
    for (size_t r = 0; r < s->nparams; r++) {
        adx_sem_param_t *pr = &s->params[r];
        pr->est = vals[r];
        pr->se = pr->z = pr->pvalue = NAN;
        pr->ci_lower = pr->ci_upper = pr->est;
        if (pr->op == ADX_SEM_DEFINE) {
            /* delta method, central differences */
            double var = 0;
            for (size_t k = 0; k < q; k++) {
                double h = 1e-6 * fmax(1.0, fabs(th[k]));
                memcpy(thn, th, q * sizeof(double));
                thn[k] = th[k] + h;
                values_from_theta(s, &e, thn, valp);
                double up = valp[r];
                thn[k] = th[k] - h;
                values_from_theta(s, &e, thn, valp);
                jac[k] = (up - valp[r]) / (2 * h);
            }
            for (size_t k = 0; k < q; k++)
                for (size_t l = 0; l < q; l++)
                    var += jac[k] * V[k + l * q] * jac[l];
            pr->se = vc_ok ? sqrt(var) : NAN;
        } else if (pr->free) {
            pr->se = vc_ok ? sqrt(V[(pr->free - 1) * (q + 1)]) : NAN;
        } else {
            pr->se = 0.0;
            continue;
        }
        pr->z = pr->est / pr->se;
        pr->pvalue = 2.0 * gsl_cdf_ugaussian_Q(fabs(pr->z));
        pr->ci_lower = pr->est - zc * pr->se;
        pr->ci_upper = pr->est + zc * pr->se;
    }
    /* standardized solutions */
    memcpy(s->implied, e.C, t * t * sizeof(double));
    for (size_t v = 0; v < t; v++)
        sd[v] = sqrt(e.C[v + v * t]);
    for (int which = 0; which < 2; which++) {
        for (size_t r = 0; r < s->nparams; r++) {
            const adx_sem_param_t *pr = &s->params[r];
            if (pr->op == ADX_SEM_DEFINE)
                continue;
            size_t i = e.ri[r], j = e.rj[r];
            double si = (which || i >= p) ? sd[i] : 1.0, sj = (which || j >= p) ? sd[j] : 1.0;
            double v;
            if (e.kind[r] == 3) {
                v = pr->est / si;
            } else if (e.kind[r] == 1) {
                v = pr->est * sj / si;
            } else if (i == j) {
                v = pr->est / (si * sj);
            } else {
                /* covariances: scaled by the (residual) variance estimates (lavaan
                 * cov.std); observed ones untouched in std.lv */
                double vi = e.Sm[i + i * t], vj = e.Sm[j + j * t];
                double di = (which || i >= p) ? sqrt(vi) : 1.0;
                double dj = (which || j >= p) ? sqrt(vj) : 1.0;
                v = pr->est / (di * dj);
            }
            valp[r] = v;
        }
        eval_defs(s, valp);
        for (size_t r = 0; r < s->nparams; r++) {
            if (which)
                s->params[r].std_all = valp[r];
            else
                s->params[r].std_lv = valp[r];
        }
    }
    /* R2 of endogenous variables */
    for (size_t v = 0; v < t; v++) {
        int endo = 0;
        for (size_t r = 0; r < s->nparams; r++)
            if (e.kind[r] == 1 && e.ri[r] == v)
                endo = 1;
        s->r2[v] = endo ? 1.0 - e.Sm[v + v * t] / e.C[v + v * t] : NAN;
    }
    /* Heywood cases and a non-positive-definite latent covariance */
    s->heywood = 0;
    for (size_t r = 0; r < s->nparams; r++)
        if (e.kind[r] == 2 && e.ri[r] == e.rj[r] && s->params[r].free && s->params[r].est < 0)
            s->heywood++;
    s->not_pd = 0;
    if (s->m) {
        size_t m = s->m;
        double *L = malloc(m * m * sizeof(double));
        if (!L) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t b = 0; b < m; b++)
            for (size_t a = 0; a < m; a++)
                L[a + b * m] = e.C[(p + a) + (p + b) * t];
        s->not_pd = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)m, L, (int)m) != 0;
        free(L);
    }
    /* fit measures */
    adx_sem_fit_t *f = &s->fit;
    double N = (double)n;
    f->npar = (double)q;
    if (F < 0 && F > -1e-10)
        F = 0.0; /* rounding at an exactly fitting model */
    f->fmin = F / 2.0;
    f->chisq = N * F;
    f->df = ndat - (double)q;
    f->pvalue = f->df > 0 ? gsl_cdf_chisq_Q(f->chisq, f->df) : NAN;
    {
        /* baseline: independence (diagonal), the fixed x block kept */
        double *Sb = calloc(p * p, sizeof(double));
        isx = calloc(p, sizeof(int));
        if (!Sb || !isx) {
            free(Sb);
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t r = 0; r < s->nparams; r++)
            if (s->params[r].fixed_x)
                isx[e.ri[r]] = 1;
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                if (i == j || (isx[i] && isx[j]))
                    Sb[i + j * p] = S[i + j * p];
        double Fb = NAN;
        if (f_ml_fixed(Sb, S, p, e.logdetS, &Fb))
            Fb = NAN;
        free(Sb);
        f->baseline_chisq = N * Fb;
        f->baseline_df = ndat - (double)(p - nx) * (s->meanstructure ? 2.0 : 1.0);
        f->baseline_pvalue = gsl_cdf_chisq_Q(f->baseline_chisq, f->baseline_df);
    }
    double X = f->chisq, df = f->df, Xb = f->baseline_chisq, dfb = f->baseline_df;
    {
        double num = fmax(X - df, 0.0), den = fmax(fmax(Xb - dfb, X - df), 0.0);
        f->cfi = den > 0 ? 1.0 - num / den : 1.0;
        f->tli = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb - 1.0) : 1.0;
        f->nfi = (Xb - X) / Xb;
        f->rfi = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb) : 1.0; /* lavaan: 1 when df = 0 */
        f->ifi = (Xb - X) / (Xb - df);
    }
    {
        /* GFI = 1 - tr((Sigma^-1 (S - Sigma))^2) / tr((Sigma^-1 S)^2) */
        double *A1 = calloc(p * p, sizeof(double)), *A2 = calloc(p * p, sizeof(double)),
               *R = calloc(p * p, sizeof(double));
        if (!A1 || !A2 || !R) {
            free(A1);
            free(A2);
            free(R);
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        /* the x block of fixed covariates is left out (lavaan drops it from the
         * vector of sample statistics) */
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++) {
                int xx = isx[i] && isx[j];
                R[i + j * p] = xx ? 0.0 : S[i + j * p] - e.Sig[i + j * p];
                A1[i + j * p] = xx ? 0.0 : S[i + j * p];
            }
        memcpy(A2, A1, p * p * sizeof(double));
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0,
                    e.Sigi, (int)p, R, (int)p, 0.0, A1, (int)p);
        memcpy(R, A2, p * p * sizeof(double));
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0,
                    e.Sigi, (int)p, R, (int)p, 0.0, A2, (int)p);
        double t1 = 0, t2 = 0;
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < p; j++) {
                t1 += A1[i + j * p] * A1[j + i * p];
                t2 += A2[i + j * p] * A2[j + i * p];
            }
        if (s->meanstructure && mean) {
            /* lavaan weights the means by Sigma^-1 and the covariances by
             * 1/2 D'(Sigma^-1 x Sigma^-1) D */
            double m1 = 0, m2 = 0;
            for (size_t i = 0; i < p; i++)
                for (size_t j = 0; j < p; j++) {
                    m1 += e.rr[i] * e.Sigi[i + j * p] * e.rr[j];
                    m2 += mean[i] * e.Sigi[i + j * p] * mean[j];
                }
            f->gfi = 1.0 - (0.5 * t1 + m1) / (0.5 * t2 + m2);
        } else {
            f->gfi = 1.0 - t1 / t2;
        }
        double nel = (double)(p * (p + 1) / 2) + (s->meanstructure ? (double)p : 0.0);
        f->agfi = df > 0 ? 1.0 - (nel / df) * (1.0 - f->gfi) : 1.0; /* lavaan: 1 when df = 0 */
        /* SRMR (Bentler): residuals (s_ij - sigma_ij) / sqrt(s_ii s_jj) over the
         * lower triangle with the diagonal */
        double ss = 0;
        for (size_t j = 0; j < p; j++)
            for (size_t i = j; i < p; i++) {
                double r = (S[i + j * p] - e.Sig[i + j * p]) / sqrt(S[i + i * p] * S[j + j * p]);
                ss += r * r;
            }
        if (s->meanstructure && mean)
            for (size_t i = 0; i < p; i++) {
                double r = e.rr[i] / sqrt(S[i + i * p]);
                ss += r * r;
            }
        f->srmr = sqrt(ss / nel);
        free(A1);
        free(A2);
        free(R);
    }
    if (df > 0) {
        f->rmsea = sqrt(fmax(X - df, 0.0) / (df * N));
        if (adx_ncchisq_cdf(X, df, 0.0) < 0.95)
            f->rmsea_ci_lower = 0.0;
        else
            f->rmsea_ci_lower = sqrt(ncp_root(X, df, 0.95, 0.0, X) / (N * df));
        double hi = fmax(N, 4.0 * X);
        if (adx_ncchisq_cdf(X, df, hi) > 0.05 || adx_ncchisq_cdf(X, df, 0.0) < 0.05)
            f->rmsea_ci_upper = 0.0;
        else
            f->rmsea_ci_upper = sqrt(ncp_root(X, df, 0.05, 0.0, hi) / (N * df));
        f->rmsea_pvalue = 1.0 - adx_ncchisq_cdf(X, df, N * df * 0.05 * 0.05);
    } else {
        f->rmsea = f->rmsea_ci_lower = f->rmsea_ci_upper = 0.0;
        f->rmsea_pvalue = NAN;
    }
    {
        const double l2pi = log(2.0 * 3.14159265358979323846);
        f->unrestricted_loglik = -N / 2.0 * ((double)p * l2pi + e.logdetS + (double)p);
        if (nx) {
            /* fixed covariates: lavaan reports the likelihood conditional on them,
             * i.e. minus the saturated marginal log-likelihood of the x block */
            double *Sx = calloc(nx * nx, sizeof(double));
            size_t *xi = calloc(nx, sizeof(size_t)), c = 0;
            if (!Sx || !xi) {
                free(Sx);
                free(xi);
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t i = 0; i < p && c < nx; i++)
                if (isx[i])
                    xi[c++] = i;
            for (size_t b = 0; b < nx; b++)
                for (size_t a = 0; a < nx; a++)
                    Sx[a + b * nx] = S[xi[a] + xi[b] * p];
            double ldx = 0;
            if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)nx, Sx, (int)nx) == 0)
                for (size_t i = 0; i < nx; i++)
                    ldx += 2.0 * log(Sx[i + i * nx]);
            else
                ldx = NAN;
            f->unrestricted_loglik -= -N / 2.0 * ((double)nx * l2pi + ldx + (double)nx);
            free(Sx);
            free(xi);
        }
        f->loglik = f->unrestricted_loglik - N / 2.0 * F;
        f->aic = -2.0 * f->loglik + 2.0 * (double)q;
        f->bic = -2.0 * f->loglik + (double)q * log(N);
        f->bic2 = -2.0 * f->loglik + (double)q * log((N + 2.0) / 24.0);
    }
    if (s->fiml) {
        /* GFI/AGFI under FIML: lavaan's figures differ from the h1-moment formula at
         * the 1e-4 level; not reported rather than approximate */
        f->gfi = f->agfi = NAN;
        /* FIML: likelihoods from the patterns; baseline = independence with free
         * means and variances, each variable on its available cases */
        f->unrestricted_loglik = s->fiml->logl_h1;
        f->loglik = f->unrestricted_loglik - N / 2.0 * F;
        f->aic = -2.0 * f->loglik + 2.0 * (double)q;
        f->bic = -2.0 * f->loglik + (double)q * log(N);
        f->bic2 = -2.0 * f->loglik + (double)q * log((N + 2.0) / 24.0);
        f->baseline_chisq = 2.0 * (s->fiml->logl_h1 - s->fiml->logl_baseline);
        f->baseline_pvalue = gsl_cdf_chisq_Q(f->baseline_chisq, f->baseline_df);
        double Xb = f->baseline_chisq, dfb = f->baseline_df;
        double num = fmax(X - df, 0.0), den = fmax(fmax(Xb - dfb, X - df), 0.0);
        f->cfi = den > 0 ? 1.0 - num / den : 1.0;
        f->tli = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb - 1.0) : 1.0;
        f->nfi = (Xb - X) / Xb;
        f->rfi = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb) : 1.0;
        f->ifi = (Xb - X) / (Xb - df);
    }
    f->chisq_scaled = f->chisq_scaling_factor = f->pvalue_scaled = NAN;
    f->baseline_chisq_scaled = f->baseline_chisq_scaling_factor = NAN;
    f->cfi_scaled = f->tli_scaled = f->rmsea_scaled = NAN;
    if (s->opt.robust && isfinite(ssr_trace) && f->df > 0) {
        double tr1 = NAN;
        if (h1_trace(&e, s->data, s->data_n, &tr1)) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        f->chisq_scaling_factor = (tr1 - ssr_trace) / f->df;
        f->chisq_scaled = f->chisq / f->chisq_scaling_factor;
        f->pvalue_scaled = gsl_cdf_chisq_Q(f->chisq_scaled, f->df);
        if (nx == 0) {
            /* baseline (diagonal) model: tr(A^-1 B) = sum_k (m4_k / s_k^2 - 1) / 2 */
            double trb = 0;
            for (size_t k = 0; k < p; k++) {
                const double *x = s->data + k * s->data_n;
                double sk = S[k * (p + 1)], m4 = 0;
                for (size_t i = 0; i < s->data_n; i++)
                    m4 += x[i] * x[i] * x[i] * x[i];
                m4 /= (double)s->data_n;
                trb += 0.5 * (m4 / (sk * sk) - 1.0);
            }
            double cb = (tr1 - trb) / f->baseline_df;
            f->baseline_chisq_scaling_factor = cb;
            f->baseline_chisq_scaled = f->baseline_chisq / cb;
            double Xs = f->chisq_scaled, Xbs = f->baseline_chisq_scaled, dfb = f->baseline_df;
            double num = fmax(Xs - f->df, 0.0), den = fmax(fmax(Xbs - dfb, Xs - f->df), 0.0);
            f->cfi_scaled = den > 0 ? 1.0 - num / den : 1.0;
            f->tli_scaled = (Xbs / dfb - Xs / f->df) / (Xbs / dfb - 1.0);
            f->rmsea_scaled = sqrt(fmax(Xs - f->df, 0.0) / (f->df * (double)n));
        }
    }
    s->fitted = 1;
    if (!vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "%s: the information matrix is singular: the model is not identified "
                     "(give each factor a marker or a fixed variance; check equal labels)",
                     s->source);
    else if (!converged)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "%s: the estimation did not converge in %d iterations; check the model "
                     "(identification, Heywood cases) or raise the iteration limit",
                     s->source, it);
cleanup:
    est_free(&e);
    free(th);
    free(thn);
    free(V);
    free(vals);
    free(valp);
    free(sd);
    free(jac);
    free(isx);
    return rc;
}

adx_error_t adx_sem_fit_named_cov(adx_sem_t *s, const char *const *names, size_t k,
                                  const double *cov, size_t n, adx_errctx_t *ctx)
{
    size_t p = s->p;
    if (n < 2)
        return adx_err(ctx, ADX_EUSAGE, "the number of observations must be at least 2");
    double *S = malloc(p * p * sizeof(double));
    size_t *map = malloc(p * sizeof(size_t));
    adx_error_t rc = ADX_OK;
    if (!S || !map) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t v = 0; v < p; v++) {
        map[v] = (size_t)-1;
        for (size_t j = 0; j < k; j++)
            if (!strcmp(names[j], s->names[v]))
                map[v] = j;
        if (map[v] == (size_t)-1) {
            size_t best = 0, bd = (size_t)-1;
            for (size_t j = 0; j < k; j++) {
                size_t d = adx_edit_distance(names[j], s->names[v]);
                if (d < bd)
                    bd = d, best = j;
            }
            rc = adx_err(ctx, ADX_ENOVAR,
                         "%s: variable '%s' of the model is not in the covariance matrix%s%s%s",
                         s->source, s->names[v], k ? " (did you mean '" : "",
                         k ? names[best] : "", k ? "'?)" : "");
            goto cleanup;
        }
    }
    free(s->data);
    s->data = NULL;
    s->data_n = 0;
    double f = ((double)n - 1.0) / (double)n;
    for (size_t b = 0; b < p; b++)
        for (size_t a = 0; a < p; a++)
            S[a + b * p] = cov[map[a] + map[b] * k] * f;
    rc = adx_sem_fit_cov(s, S, n, ctx);
cleanup:
    free(S);
    free(map);
    return rc;
}

/* ---- bootstrap ----------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile of sorted x[0..n-1], R's type 7. */
static double quantile7(const double *x, size_t n, double prob)
{
    double h = (double)(n - 1) * prob;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* Jackknife acceleration of the BCa interval (Efron 1987): the model is refitted
 * on each leave-one-out sample (starting from the full-sample estimates) and, per
 * parameter row, a = sum(d^3) / (6 (sum d^2)^1.5) with d_i = mean - theta_(i).
 * accel[r] is NaN where it cannot be computed (a failed refit, no variation). */
static adx_error_t jackknife_accel(adx_sem_t *s, double *accel)
{
    size_t p = s->p, n = s->n, q = s->npar, np = s->nparams;
    double *jk = malloc(n * np * sizeof *jk), *mean = calloc(p, sizeof *mean);
    double *cp = calloc(p * p, sizeof *cp);
    int *ok = calloc(n, sizeof *ok);
    adx_error_t rc = ADX_OK;
    if (!jk || !mean || !cp || !ok) {
        rc = ADX_ENOMEM;
        goto done;
    }
    /* Cross-products of the centred data; each leave-one-out covariance (divisor
     * n - 1, the size of that sample, as ML's divisor N) is then O(p^2). */
    for (size_t v = 0; v < p; v++) {
        for (size_t i = 0; i < n; i++)
            mean[v] += s->data[v * n + i];
        mean[v] /= (double)n;
    }
    for (size_t c2 = 0; c2 < p; c2++)
        for (size_t c1 = c2; c1 < p; c1++) {
            double acc = 0;
            for (size_t i = 0; i < n; i++)
                acc += (s->data[c1 * n + i] - mean[c1]) * (s->data[c2 * n + i] - mean[c2]);
            cp[c1 + c2 * p] = cp[c2 + c1 * p] = acc;
        }
    int oom = 0;
#ifdef _OPENMP
    int nthr = s->opt.threads > 0 ? s->opt.threads : omp_get_max_threads();
#pragma omp parallel num_threads(nthr) reduction(| : oom)
#endif
    {
        est_t e;
        int bad = est_init(&e, s);
        double *th = malloc((q ? q : 1) * sizeof *th), *Sj = malloc(p * p * sizeof *Sj);
        double *dx = malloc(p * sizeof *dx);
        if (bad || !th || !Sj || !dx)
            oom = 1;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (size_t i = 0; i < n; i++) {
            if (oom)
                continue;
            /* Without case i: centred sum s = -dx, so the mean shifts by -dx/(n-1). */
            double m = (double)(n - 1);
            for (size_t v = 0; v < p; v++)
                dx[v] = s->data[v * n + i] - mean[v];
            for (size_t c2 = 0; c2 < p; c2++)
                for (size_t c1 = 0; c1 < p; c1++)
                    Sj[c1 + c2 * p] = (cp[c1 + c2 * p] - dx[c1] * dx[c2]) / m -
                                      (dx[c1] / m) * (dx[c2] / m);
            if (est_set_sample(&e, Sj, NULL))
                continue;
            memcpy(th, s->theta, q * sizeof(double));
            int it;
            double F;
            if (!optimize(&e, th, s->opt.max_iter, s->opt.grad_tol, &it, &F))
                continue;
            values_from_theta(s, &e, th, jk + i * np);
            ok[i] = 1;
        }
        est_free(&e);
        free(th);
        free(Sj);
        free(dx);
    }
    if (oom) {
        rc = ADX_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < np; r++) {
        accel[r] = NAN;
        size_t k = 0;
        double mu = 0, s2 = 0, s3 = 0;
        for (size_t i = 0; i < n; i++)
            if (ok[i]) {
                mu += jk[i * np + r];
                k++;
            }
        if (k < n) /* a failed refit: no acceleration (the interval is then BC) */
            continue;
        mu /= (double)k;
        for (size_t i = 0; i < n; i++) {
            double d = mu - jk[i * np + r];
            s2 += d * d;
            s3 += d * d * d;
        }
        if (s2 > 0)
            accel[r] = s3 / (6 * pow(s2, 1.5));
    }
done:
    free(jk);
    free(mean);
    free(cp);
    free(ok);
    return rc;
}

adx_error_t adx_sem_bootstrap(adx_sem_t *s, size_t B, unsigned long long seed,
                              adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    size_t p = s->p, n = s->n, q = s->npar, np = s->nparams;
    double *col = NULL;
    int *status = NULL;
    if (s->meanstructure || s->fiml)
        return adx_err(ctx, ADX_EUNSUPPORTED, "%s: the bootstrap of models with a mean "
                                              "structure ('~ 1') is not implemented yet",
                       s->source);
    if (!s->fitted || !s->data || !s->theta)
        return adx_err(ctx, ADX_EUSAGE, "%s: the bootstrap needs a model fitted to raw data "
                                        "(not to a covariance matrix)",
                       s->source);
    if (B < 2 || B > 10000000)
        return adx_err(ctx, ADX_EUSAGE, "the number of bootstrap samples must be 2 to 10^7");
    free(s->boot);
    s->boot = malloc(B * np * sizeof(double));
    status = calloc(B, sizeof *status);
    col = malloc(B * sizeof *col);
    if (!s->boot || !status || !col) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    int oom = 0;
#ifdef _OPENMP
    int nthr = s->opt.threads > 0 ? s->opt.threads : omp_get_max_threads();
#pragma omp parallel num_threads(nthr) reduction(| : oom)
#endif
    {
        est_t e;
        int bad = est_init(&e, s);
        double *th = malloc((q ? q : 1) * sizeof *th), *Sb = malloc(p * p * sizeof *Sb);
        double *mu = malloc(p * sizeof *mu);
        size_t *idx = malloc(n * sizeof *idx);
        if (bad || !th || !Sb || !mu || !idx)
            oom = 1;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4)
#endif
        for (size_t b = 0; b < B; b++) {
            double *row = s->boot + b * np;
            for (size_t r = 0; r < np; r++)
                row[r] = NAN;
            if (oom)
                continue;
            adx_rng_t rng;
            adx_rng_init(&rng, seed, b);
            for (size_t i = 0; i < n; i++)
                idx[i] = (size_t)adx_rng_below(&rng, n);
            for (size_t v = 0; v < p; v++) {
                const double *x = s->data + v * n;
                double m = 0;
                for (size_t i = 0; i < n; i++)
                    m += x[idx[i]];
                mu[v] = m / (double)n;
            }
            for (size_t c2 = 0; c2 < p; c2++)
                for (size_t c1 = c2; c1 < p; c1++) {
                    const double *x1 = s->data + c1 * n, *x2 = s->data + c2 * n;
                    double acc = 0;
                    for (size_t i = 0; i < n; i++)
                        acc += (x1[idx[i]] - mu[c1]) * (x2[idx[i]] - mu[c2]);
                    Sb[c1 + c2 * p] = Sb[c2 + c1 * p] = acc / (double)n;
                }
            if (est_set_sample(&e, Sb, NULL)) {
                status[b] = 1;
                continue;
            }
            memcpy(th, s->theta, q * sizeof(double));
            int it;
            double F;
            if (!optimize(&e, th, s->opt.max_iter, s->opt.grad_tol, &it, &F)) {
                status[b] = 1;
                continue;
            }
            values_from_theta(s, &e, th, row);
            for (size_t r = 0; r < np; r++)
                if (e.kind[r] == 2 && e.ri[r] == e.rj[r] && s->params[r].free && row[r] < 0)
                    status[b] = 2;
        }
        est_free(&e);
        free(th);
        free(Sb);
        free(mu);
        free(idx);
    }
    if (oom) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    s->boot_requested = B;
    s->boot_seed = seed;
    s->boot_failed = s->boot_heywood = 0;
    for (size_t b = 0; b < B; b++) {
        s->boot_failed += status[b] == 1;
        s->boot_heywood += status[b] == 2;
    }
    s->boot_used = B - s->boot_failed;
    double alpha = 1.0 - s->opt.ci_level;
    double *accel = malloc(np * sizeof *accel);
    if (!accel || jackknife_accel(s, accel)) {
        free(accel);
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t r = 0; r < np; r++) {
        adx_sem_param_t *pr = &s->params[r];
        size_t k = 0;
        for (size_t b = 0; b < B; b++)
            if (status[b] != 1)
                col[k++] = s->boot[b * np + r];
        pr->boot_se = pr->boot_lower = pr->boot_upper = NAN;
        pr->boot_bc_lower = pr->boot_bc_upper = NAN;
        pr->boot_bca_lower = pr->boot_bca_upper = NAN;
        pr->boot_accel = accel[r];
        if (k < 2 || (!pr->free && pr->op != ADX_SEM_DEFINE))
            continue;
        double m = 0, ss = 0;
        for (size_t i = 0; i < k; i++)
            m += col[i];
        m /= (double)k;
        for (size_t i = 0; i < k; i++)
            ss += (col[i] - m) * (col[i] - m);
        pr->boot_se = sqrt(ss / (double)(k - 1));
        qsort(col, k, sizeof *col, cmp_double);
        pr->boot_lower = quantile7(col, k, alpha / 2);
        pr->boot_upper = quantile7(col, k, 1 - alpha / 2);
        /* bias-corrected: z0 = Phi^-1(share of replicates below the estimate) */
        size_t below = 0;
        for (size_t i = 0; i < k; i++)
            below += col[i] < pr->est;
        double z0 = gsl_cdf_ugaussian_Pinv((double)below / (double)k);
        if (isfinite(z0)) {
            double za = gsl_cdf_ugaussian_Pinv(alpha / 2);
            pr->boot_bc_lower = quantile7(col, k, gsl_cdf_ugaussian_P(2 * z0 + za));
            pr->boot_bc_upper = quantile7(col, k, gsl_cdf_ugaussian_P(2 * z0 - za));
            /* BCa: alpha_j = Phi(z0 + (z0 + z_j) / (1 - a (z0 + z_j))) */
            double a = accel[r];
            if (isfinite(a)) {
                double zl = z0 + za, zu = z0 - za;
                pr->boot_bca_lower = quantile7(col, k, gsl_cdf_ugaussian_P(z0 + zl / (1 - a * zl)));
                pr->boot_bca_upper = quantile7(col, k, gsl_cdf_ugaussian_P(z0 + zu / (1 - a * zu)));
            }
        }
    }
    free(accel);
cleanup:
    free(status);
    free(col);
    return rc;
}

/* ---- modification indices ------------------------------------------------ */

static int cmp_mi(const void *a, const void *b)
{
    double x = ((const adx_sem_mi_t *)a)->mi, y = ((const adx_sem_mi_t *)b)->mi;
    return x > y ? -1 : x < y;
}

adx_error_t adx_sem_modindices(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    est_t e;
    size_t p = s->p, t = s->p + s->m, q = s->npar;
    int init = -1, inited = 0;
    size_t *ci = NULL, *cj = NULL, nc = 0, cap = 0;
    int *ckind = NULL;
    double *Va = NULL, *Z = NULL, *G = NULL, *H12 = NULL, *Hi = NULL, *tmp = NULL;
    adx_sem_mi_t *out = NULL;
    size_t nout = 0;
    if (!s->fitted || !s->theta || !s->sample_cov)
        return adx_err(ctx, ADX_EUSAGE, "modification indices need a fitted model");
    if (s->meanstructure || s->fiml)
        return adx_err(ctx, ADX_EUNSUPPORTED, "%s: modification indices of models with a mean "
                                              "structure ('~ 1') are not implemented yet",
                       s->source);
    init = est_init(&e, s);
    inited = 1;
    if (init || est_set_sample(&e, s->sample_cov, NULL)) {
        rc = adx_err(ctx, init ? ADX_ENOMEM : ADX_ESINGULAR, "%s: cannot set up the model",
                     s->source);
        goto cleanup;
    }
    double F;
    if (est_eval(&e, s->theta, &F)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: the implied covariance matrix is not positive "
                                         "definite",
                     s->source);
        goto cleanup;
    }
    est_derivs(&e, 1);
    /* candidates: (kind 1: A[i][j], i <- j), (kind 2: S[i][j]) */
    cap = t * t + 1;
    ci = malloc(cap * sizeof *ci);
    cj = malloc(cap * sizeof *cj);
    ckind = malloc(cap * sizeof *ckind);
    if (!ci || !cj || !ckind) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* which rows exist: free rows are never candidates; fixed rows are */
    for (size_t f = p; f < t; f++)
        for (size_t v = 0; v < p; v++) {
            int present_free = 0, fixed_x = 0;
            for (size_t r = 0; r < s->nparams; r++) {
                if (e.kind[r] == 1 && e.ri[r] == v && e.rj[r] == f && s->params[r].free)
                    present_free = 1;
                if (e.kind[r] == 2 && s->params[r].fixed_x && (e.ri[r] == v || e.rj[r] == v))
                    fixed_x = 1;
            }
            int is_ind = 0;
            for (size_t r = 0; r < s->nparams; r++)
                if (s->params[r].op == ADX_SEM_MEASURE && e.ri[r] == v)
                    is_ind = 1;
            if (!present_free && !fixed_x && is_ind) {
                ckind[nc] = 1;
                ci[nc] = v;
                cj[nc++] = f;
            }
        }
    for (size_t a = 0; a < t; a++)
        for (size_t b = a + 1; b < t; b++) {
            int present_free = 0, present_fixed = 0, fixed_x = 0;
            for (size_t r = 0; r < s->nparams; r++) {
                if (e.kind[r] != 2)
                    continue;
                if (s->params[r].fixed_x &&
                    (e.ri[r] == a || e.rj[r] == a || e.ri[r] == b || e.rj[r] == b))
                    fixed_x = 1;
                if ((e.ri[r] == a && e.rj[r] == b) || (e.ri[r] == b && e.rj[r] == a)) {
                    if (s->params[r].free)
                        present_free = 1;
                    else
                        present_fixed = 1;
                }
            }
            int both_obs = a < p && b < p, both_lat = a >= p && b >= p;
            if (present_free || fixed_x)
                continue;
            if ((both_obs) || (both_lat && present_fixed)) {
                ckind[nc] = 2;
                ci[nc] = a;
                cj[nc++] = b;
            }
        }
    if (nc == 0 || q == 0)
        goto done;
    /* vectors of the model entries (in e.D) and of the candidates */
    size_t ne = e.nent, nall = 2 * (ne + nc);
    Va = malloc(p * nall * sizeof *Va);
    Z = malloc(p * nall * sizeof *Z);
    G = malloc(nall * nall * sizeof *G);
    H12 = calloc(q * nc, sizeof *H12);
    Hi = malloc(q * q * sizeof *Hi);
    tmp = malloc(q * sizeof *tmp);
    out = calloc(nc, sizeof *out);
    if (!Va || !Z || !G || !H12 || !Hi || !tmp || !out) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    memcpy(Va, e.D, p * 2 * ne * sizeof(double));
    for (size_t c = 0; c < nc; c++) {
        double *a = Va + (2 * (ne + c)) * p, *b = a + p;
        for (size_t x = 0; x < p; x++) {
            a[x] = e.B[x + ci[c] * t];
            b[x] = ckind[c] == 1 ? e.C[cj[c] + x * t] : e.B[x + cj[c] * t];
        }
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)nall, (int)p, 1.0, e.Sigi,
                (int)p, Va, (int)p, 0.0, Z, (int)p);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nall, (int)nall, (int)p, 1.0, Va,
                (int)p, Z, (int)p, 0.0, G, (int)nall);
#define GG(x, y) G[(x) + (y) * nall]
    for (size_t c = 0; c < nc; c++) {
        size_t cc = 2 * (ne + c), dd = cc + 1;
        for (size_t en = 0; en < ne; en++) {
            size_t a = 2 * en, b = a + 1;
            H12[e.entpar[en] + c * q] +=
                2.0 * (GG(b, cc) * GG(dd, a) + GG(b, dd) * GG(cc, a));
        }
    }
    memcpy(Hi, e.H, q * q * sizeof(double));
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)q, Hi, (int)q) != 0) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: the information matrix is singular", s->source);
        goto cleanup;
    }
    /* W V for the gradient */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)nall, (int)p, 1.0, e.W,
                (int)p, Va, (int)p, 0.0, Z, (int)p);
    double N = (double)s->n;
    for (size_t c = 0; c < nc; c++) {
        size_t cc = 2 * (ne + c), dd = cc + 1;
        double h22 = 2.0 * (GG(dd, cc) * GG(dd, cc) + GG(dd, dd) * GG(cc, cc));
        memcpy(tmp, H12 + c * q, q * sizeof(double));
        LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (int)q, 1, Hi, (int)q, tmp, (int)q);
        double quad = cblas_ddot((int)q, H12 + c * q, 1, tmp, 1);
        double V = h22 - quad;
        if (!(V > 1e-8 * h22))
            continue; /* not identified if freed */
        double g = 2.0 * cblas_ddot((int)p, Va + cc * p, 1, Z + dd * p, 1);
        adx_sem_mi_t *m = &out[nout];
        m->mi = N * g * g / (2.0 * V);
        m->epc = -g / V;
        size_t i = ci[c], j = cj[c];
        double sdi = sqrt(e.C[i + i * t]), sdj = sqrt(e.C[j + j * t]);
        if (ckind[c] == 1) {
            m->op = ADX_SEM_MEASURE;
            m->lhs = strdup(s->names[j]);
            m->rhs = strdup(s->names[i]);
            m->sepc_lv = m->epc * sdj;
            m->sepc_all = m->epc * sdj / sdi;
        } else {
            m->op = ADX_SEM_COV;
            m->lhs = strdup(s->names[i]);
            m->rhs = strdup(s->names[j]);
            double vi = e.Sm[i + i * t], vj = e.Sm[j + j * t];
            m->sepc_all = m->epc / sqrt(vi * vj);
            m->sepc_lv = (i >= p && j >= p) ? m->sepc_all : m->epc;
        }
        nout++;
        if (!m->lhs || !m->rhs) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
#undef GG
done:
    qsort(out, nout, sizeof *out, cmp_mi);
    for (size_t i = 0; i < s->nmi; i++) {
        free(s->mi[i].lhs);
        free(s->mi[i].rhs);
    }
    free(s->mi);
    s->mi = out;
    s->nmi = nout;
    out = NULL;
    nout = 0;
cleanup:
    if (out)
        for (size_t i = 0; i < nout; i++) {
            free(out[i].lhs);
            free(out[i].rhs);
        }
    free(out);
    if (inited)
        est_free(&e);
    free(ci);
    free(cj);
    free(ckind);
    free(Va);
    free(Z);
    free(G);
    free(H12);
    free(Hi);
    free(tmp);
    return rc;
}

/* ---- multi-group invariance ---------------------------------------------- */

void adx_sem_invariance_free(adx_sem_invariance_t *v)
{
    if (!v)
        return;
    for (size_t g = 0; g < v->ngroups; g++)
        free(v->groups[g]);
    free(v->groups);
    free(v->n);
    free(v);
}

/* Bentler SRMR of one group with means: residuals standardized by the sample SDs. */
static double group_srmr(const est_t *e, const double *S, const double *ybar)
{
    size_t p = e->p;
    double ss = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = j; i < p; i++) {
            double r = (S[i + j * p] - e->Sig[i + j * p]) / sqrt(S[i + i * p] * S[j + j * p]);
            ss += r * r;
        }
    for (size_t i = 0; i < p; i++) {
        double r = (ybar[i] - e->muall[i]) / sqrt(S[i + i * p]);
        ss += r * r;
    }
    return sqrt(ss / (double)(p * (p + 1) / 2 + p));
}

/* Fits the G group models jointly: global parameter k of group g's free
 * parameter j is map[g][j]. th (npar) holds start values and receives the
 * estimates. Fisher scoring with Armijo backtracking. */
static int mg_fit(adx_sem_t **models, size_t G, size_t **map, size_t npar, const double *w,
                  double *th, int max_iter, double tol, int *iters, double *Fout, est_t *es)
{
    double *H = calloc(npar * npar, sizeof(double)), *g = calloc(npar, sizeof(double));
    double *step = calloc(npar, sizeof(double)), *thn = calloc(npar, sizeof(double));
    double *work = calloc(npar * npar, sizeof(double)), *rhs = calloc(npar, sizeof(double));
    double **thg = calloc(G, sizeof(double *));
    int converged = 0, it = 0, bad = !H || !g || !step || !thn || !work || !rhs || !thg;
    for (size_t k = 0; !bad && k < G; k++)
        bad = !(thg[k] = calloc(models[k]->npar + 1, sizeof(double)));
    double F = NAN;
#define EVAL(TH, FF, OK)                                                                     \
    do {                                                                                     \
        (FF) = 0;                                                                            \
        (OK) = 1;                                                                            \
        for (size_t k = 0; k < G && (OK); k++) {                                             \
            double fk;                                                                       \
            for (size_t j = 0; j < models[k]->npar; j++)                                     \
                thg[k][j] = (TH)[map[k][j]];                                                 \
            if (est_eval(&es[k], thg[k], &fk))                                               \
                (OK) = 0;                                                                    \
            (FF) += w[k] * fk;                                                               \
        }                                                                                    \
    } while (0)
    if (!bad) {
        int ok;
        EVAL(th, F, ok);
        if (!ok)
            bad = 1;
    }
    for (it = 0; !bad && it < max_iter; it++) {
        memset(H, 0, npar * npar * sizeof(double));
        memset(g, 0, npar * sizeof(double));
        for (size_t k = 0; k < G; k++) {
            est_t *e = &es[k];
            size_t q = models[k]->npar;
            est_derivs(e, 1);
            for (size_t j = 0; j < q; j++) {
                g[map[k][j]] += w[k] * e->g[j];
                for (size_t l = 0; l < q; l++)
                    H[map[k][j] + map[k][l] * npar] += w[k] * e->H[j + l * q];
            }
        }
        double gmax = 0;
        for (size_t k = 0; k < npar; k++)
            gmax = fmax(gmax, fabs(g[k]));
        if (gmax < tol) {
            converged = 1;
            break;
        }
        for (size_t k = 0; k < npar; k++)
            rhs[k] = -g[k];
        if (spd_solve(H, npar, rhs, step, work)) {
            double mu = 1e-6;
            int ok = 0;
            for (int tries = 0; tries < 20 && !ok; tries++, mu *= 10) {
                for (size_t k = 0; k < npar; k++)
                    H[k + k * npar] *= 1.0 + mu;
                ok = spd_solve(H, npar, rhs, step, work) == 0;
            }
            if (!ok)
                break;
        }
        double slope = 0, a = 1.0, Fn = 0;
        for (size_t k = 0; k < npar; k++)
            slope += g[k] * step[k];
        int accepted = 0;
        for (int ls = 0; ls < 60; ls++, a *= 0.5) {
            int ok;
            for (size_t k = 0; k < npar; k++)
                thn[k] = th[k] + a * step[k];
            EVAL(thn, Fn, ok);
            if (ok && Fn <= F + 1e-4 * a * slope) {
                accepted = 1;
                break;
            }
        }
        if (!accepted) {
            int ok;
            EVAL(th, F, ok);
            (void)ok;
            converged = gmax < 1e-6;
            break;
        }
        double dF = F - Fn;
        memcpy(th, thn, npar * sizeof(double));
        F = Fn;
        if (dF >= 0 && dF < 1e-15 * (1.0 + fabs(F)) && gmax < 1e-6) {
            converged = 1;
            it++;
            break;
        }
    }
    if (!bad) {
        int ok;
        EVAL(th, F, ok);
        if (!ok)
            F = NAN;
    }
#undef EVAL
    *iters = it;
    *Fout = F;
    free(H);
    free(g);
    free(step);
    free(thn);
    free(work);
    free(rhs);
    if (thg)
        for (size_t k = 0; k < G; k++)
            free(thg[k]);
    free(thg);
    return bad ? -1 : converged;
}

adx_error_t adx_sem_invariance(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               adx_sem_invariance_t **out, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    adx_sem_invariance_t *v = NULL;
    adx_sem_t **models = NULL;
    adx_dataset_t **sub = NULL;
    est_t *es = NULL;
    size_t **map = NULL, G = 0, *gid = NULL;
    double *th = NULL, *w = NULL;
    *out = NULL;
    long gv = adx_dataset_find(ds, group);
    if (gv < 0) {
        size_t tmp;
        adx_errctx_t sub_ctx = {0};
        adx_dataset_lookup(ds, &group, 1, 0, &tmp, &sub_ctx);
        return adx_err(ctx, ADX_ENOVAR, "%s", sub_ctx.msg);
    }
    const adx_variable_t *gvar = &ds->vars[gv];
    size_t n = ds->nrows;
    v = calloc(1, sizeof *v);
    gid = malloc((n + 1) * sizeof *gid);
    if (!v || !gid) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* groups in order of first appearance; missing group = case left out */
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        const char *lab = NULL;
        if (gvar->type == ADX_VAR_STRING) {
            lab = gvar->str[i];
        } else if (!isnan(gvar->num[i])) {
            snprintf(buf, sizeof buf, "%.15g", gvar->num[i]);
            lab = buf;
        }
        gid[i] = (size_t)-1;
        if (!lab || !*lab)
            continue;
        size_t g = 0;
        while (g < v->ngroups && strcmp(v->groups[g], lab))
            g++;
        if (g == v->ngroups) {
            if (g >= 100) {
                rc = adx_err(ctx, ADX_EUSAGE, "'%s' has more than 100 groups; give a grouping "
                                              "variable",
                             group);
                goto cleanup;
            }
            char **ng = realloc(v->groups, (g + 1) * sizeof *ng);
            if (!ng || !(ng[g] = strdup(lab))) {
                if (ng)
                    v->groups = ng;
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
            v->groups = ng;
            v->ngroups++;
        }
        gid[i] = g;
    }
    G = v->ngroups;
    if (G < 2) {
        rc = adx_err(ctx, ADX_EUSAGE, "'%s' has %zu group(s); invariance needs at least two",
                     group, G);
        goto cleanup;
    }
    /* one dataset and one single-group fit per group (start values, moments) */
    models = calloc(G, sizeof *models);
    sub = calloc(G, sizeof *sub);
    v->n = calloc(G, sizeof *v->n);
    w = calloc(G, sizeof *w);
    es = calloc(G, sizeof *es);
    map = calloc(G, sizeof *map);
    if (!models || !sub || !v->n || !w || !es || !map) {
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
        goto cleanup;
    }
    adx_sem_options_t o = *opt;
    o.meanstructure = 1;
    o.fiml = 0;
    o.robust = 0;
    size_t N = 0;
    for (size_t g = 0; g < G; g++) {
        size_t ng = 0;
        for (size_t i = 0; i < n; i++)
            ng += gid[i] == g;
        sub[g] = adx_dataset_alloc(ng, ds->source);
        if (!sub[g]) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j < ds->nvars; j++) {
            if (ds->vars[j].type != ADX_VAR_NUMERIC)
                continue;
            double *col = malloc((ng ? ng : 1) * sizeof *col);
            if (!col) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t i = 0, k = 0; i < n; i++)
                if (gid[i] == g)
                    col[k++] = ds->vars[j].num[i];
            if ((rc = adx_dataset_add_numeric(sub[g], ds->vars[j].name, col, NULL, ctx)))
                goto cleanup;
        }
        if ((rc = adx_sem_build(syn, &o, &models[g], ctx)))
            goto cleanup;
        rc = adx_sem_fit_dataset(models[g], sub[g], ctx);
        if (rc) {
            char msg[ADX_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", ctx ? ctx->msg : "");
            rc = adx_err(ctx, rc, "group %s = %s: %s", group, v->groups[g], msg);
            goto cleanup;
        }
        v->n[g] = models[g]->n;
        N += models[g]->n;
    }
    for (size_t g = 0; g < G; g++)
        w[g] = (double)v->n[g] / (double)N;
    size_t p = models[0]->p;
    double X2prev = NAN, dfprev = NAN;
    for (int level = 0; level < 3; level++) {
        /* scalar: latent means free after the first group */
        if (level == 2)
            for (size_t g = 1; g < G; g++) {
                adx_sem_t *m = models[g];
                for (size_t r = 0; r < m->nparams; r++) {
                    adx_sem_param_t *pr = &m->params[r];
                    size_t vi = 0;
                    while (vi < m->p + m->m && strcmp(m->names[vi], pr->lhs))
                        vi++;
                    if (pr->op == ADX_SEM_INTERCEPT && vi >= m->p && !pr->free && !pr->user) {
                        pr->free = (int)++m->npar;
                        pr->est = 0.0;
                    }
                }
            }
        /* global numbering */
        size_t npar = 0;
        for (size_t g = 0; g < G; g++) {
            free(map[g]);
            map[g] = calloc(models[g]->npar + 1, sizeof(size_t));
            if (!map[g]) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
            for (size_t j = 0; j < models[g]->npar; j++)
                map[g][j] = (size_t)-1;
            adx_sem_t *m = models[g];
            for (size_t r = 0; r < m->nparams; r++) {
                const adx_sem_param_t *pr = &m->params[r];
                if (!pr->free || map[g][pr->free - 1] != (size_t)-1)
                    continue;
                size_t vi = 0;
                while (vi < m->p + m->m && strcmp(m->names[vi], pr->lhs))
                    vi++;
                int shared = (level >= 1 && pr->op == ADX_SEM_MEASURE) ||
                             (level >= 2 && pr->op == ADX_SEM_INTERCEPT && vi < m->p);
                size_t gi = (size_t)-1;
                if (shared && g > 0) {
                    const adx_sem_t *m0 = models[0];
                    for (size_t r0 = 0; r0 < m0->nparams; r0++) {
                        const adx_sem_param_t *p0 = &m0->params[r0];
                        if (p0->free && p0->op == pr->op && !strcmp(p0->lhs, pr->lhs) &&
                            !strcmp(p0->rhs, pr->rhs))
                            gi = map[0][p0->free - 1];
                    }
                }
                map[g][pr->free - 1] = gi != (size_t)-1 ? gi : npar++;
            }
        }
        free(th);
        th = calloc(npar + 1, sizeof *th);
        if (!th) {
            rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
            goto cleanup;
        }
        /* start values: each group's own estimates (the first group's for shared ones) */
        for (size_t g = G; g-- > 0;) {
            adx_sem_t *m = models[g];
            for (size_t r = 0; r < m->nparams; r++) {
                const adx_sem_param_t *pr = &m->params[r];
                if (pr->free)
                    th[map[g][pr->free - 1]] = pr->est;
            }
        }
        for (size_t g = 0; g < G; g++) {
            est_free(&es[g]);
            if (est_init(&es[g], models[g]) ||
                est_set_sample(&es[g], models[g]->sample_cov, models[g]->sample_mean)) {
                rc = adx_err(ctx, ADX_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
        int it = 0;
        double F = NAN;
        int conv = mg_fit(models, G, map, npar, w, th, opt->max_iter, opt->grad_tol, &it, &F, es);
        if (conv < 0) {
            rc = adx_err(ctx, ADX_ESINGULAR, "invariance: the multi-group model could not be "
                                             "evaluated");
            goto cleanup;
        }
        adx_sem_inv_row_t *row = &v->rows[level];
        static const char *names[3] = {"configural", "metric", "scalar"};
        row->model = names[level];
        row->converged = conv;
        row->iterations = it;
        double ndat = (double)G * (double)(p * (p + 1) / 2 + p);
        row->npar = (double)npar;
        row->chisq = (double)N * F;
        row->df = ndat - (double)npar;
        row->pvalue = row->df > 0 ? gsl_cdf_chisq_Q(row->chisq, row->df) : NAN;
        double Xb = 0, srmr = 0;
        for (size_t g = 0; g < G; g++) {
            const double *S = models[g]->sample_cov;
            double ld = 0, lds = 0;
            for (size_t i = 0; i < p; i++)
                ld += log(S[i * (p + 1)]);
            for (size_t i = 0; i < p; i++)
                lds += 2.0 * log(es[g].Lw[i + i * p]);
            Xb += (double)v->n[g] * (ld - lds);
            srmr += w[g] * group_srmr(&es[g], S, models[g]->sample_mean);
        }
        row->baseline_chisq = Xb;
        row->baseline_df = ndat - (double)G * 2.0 * (double)p;
        double X = row->chisq, df = row->df, dfb = row->baseline_df;
        double num = fmax(X - df, 0.0), den = fmax(fmax(Xb - dfb, X - df), 0.0);
        row->cfi = den > 0 ? 1.0 - num / den : 1.0;
        row->tli = df > 0 ? (Xb / dfb - X / df) / (Xb / dfb - 1.0) : 1.0;
        row->rmsea = df > 0 ? sqrt(fmax(X - df, 0.0) / (df * (double)N)) * sqrt((double)G) : 0.0;
        row->srmr = srmr;
        row->delta_chisq = X - X2prev;
        row->delta_df = df - dfprev;
        row->delta_pvalue = level ? gsl_cdf_chisq_Q(row->delta_chisq, row->delta_df) : NAN;
        X2prev = X;
        dfprev = df;
        if (!conv) {
            rc = adx_err(ctx, ADX_ECONVERGE, "invariance: the %s model did not converge in %d "
                                             "iterations",
                         names[level], it);
            goto cleanup;
        }
    }
    *out = v;
    v = NULL;
cleanup:
    adx_sem_invariance_free(v);
    if (models)
        for (size_t g = 0; g < G; g++)
            adx_sem_free(models[g]);
    free(models);
    if (sub)
        for (size_t g = 0; g < G; g++)
            adx_dataset_free(sub[g]);
    free(sub);
    if (es)
        for (size_t g = 0; g < G; g++)
            est_free(&es[g]);
    free(es);
    if (map)
        for (size_t g = 0; g < G; g++)
            free(map[g]);
    free(map);
    free(th);
    free(w);
    free(gid);
    return rc;
}
