/* The ML discrepancy of a SEM in RAM form (McArdle & McDonald 1984) at one
 * parameter vector: Sigma = [(I - A)^-1 S (I - A)^-T]_obs, F_ML with means and
 * FIML patterns, its analytic gradient and expected information; the := values;
 * and the one optimizer (Fisher scoring with a structured secant correction and
 * Armijo backtracking) used by every SEM fit. Formulas: docs/sem.md. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

void adx__est_free(adx__est_t *e)
{
    void *ptrs[] = {e->kind, e->ri,   e->rj,  e->fixedval, e->A,  e->Sm,   e->B,  e->C,
                    e->tmp,  e->Sig,  e->Sigi, e->W,       e->tp, e->D,    e->entpar,
                    e->H,    e->g,   e->fw,       e->fr, e->mvec, e->muall, e->rr,
                    e->uu,   e->Mu,   e->Sr,  e->Mw,       e->U,  e->SU,   e->GU,  e->bs};
    free(e->ua);
    free(e->ub);
    free(e->ukey);
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
        free(ptrs[i]);
    memset(e, 0, sizeof *e);
}

size_t adx__sem_var_index(const adx_sem_t *s, const char *name)
{
    for (size_t v = 0; v < s->p + s->m; v++)
        if (!strcmp(s->names[v], name))
            return v;
    return (size_t)-1;
}

/* Where each row of the parameter table sits in A, S or m. */
static void est_place_rows(adx__est_t *e)
{
    const adx_sem_t *s = e->s;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_DEFINE)
            continue;
        size_t l = adx__sem_var_index(s, pr->lhs), h = adx__sem_var_index(s, pr->rhs);
        if (pr->op == ADX_SEM_INTERCEPT) {
            e->kind[r] = ADX__PK_MEAN;
            e->ri[r] = e->rj[r] = l;
        } else if (pr->op == ADX_SEM_MEASURE) {
            e->kind[r] = ADX__PK_A;
            e->ri[r] = h;
            e->rj[r] = l;
        } else if (pr->op == ADX_SEM_REGRESS || pr->op == ADX_SEM_FORMATIVE) {
            e->kind[r] = ADX__PK_A;
            e->ri[r] = l;
            e->rj[r] = h;
        } else {
            e->kind[r] = ADX__PK_S;
            e->ri[r] = l;
            e->rj[r] = h;
        }
        if (!pr->free && !pr->fixed_x)
            e->fixedval[r] = pr->est;
    }
}

/* FIML work: per-pattern Sigma_g^-1 and residual means. */
static int est_alloc_fiml(adx__est_t *e)
{
    size_t nk2 = 0, nk = 0;
    for (size_t g = 0; g < e->fm->npat; g++) {
        nk2 += e->fm->pk[g] * e->fm->pk[g];
        nk += e->fm->pk[g];
    }
    e->fw = calloc(nk2 + 1, sizeof(double));
    e->fr = calloc(nk + 1, sizeof(double));
    return e->fw && e->fr ? 0 : -1;
}

/* e->npow: the longest chain of directed paths (edges j -> i of the A rows) when
 * they have no cycle, by Kahn's topological order; 0 with a cycle (or no path).
 * -1 when memory runs out. */
static int est_path_depth(adx__est_t *e)
{
    size_t t = e->t, n = e->s->nparams, nq = 0, seen = 0, best = 0;
    size_t *indeg = calloc(t + 1, sizeof *indeg), *depth = calloc(t + 1, sizeof *depth);
    size_t *queue = malloc((t + 1) * sizeof *queue);
    int rc = indeg && depth && queue ? 0 : -1;
    for (size_t r = 0; !rc && r < n; r++)
        indeg[e->ri[r]] += e->kind[r] == ADX__PK_A;
    for (size_t v = 0; !rc && v < t; v++)
        if (!indeg[v])
            queue[nq++] = v;
    for (size_t h = 0; !rc && h < nq; h++, seen++) {
        size_t v = queue[h];
        for (size_t r = 0; r < n; r++) {
            if (e->kind[r] != ADX__PK_A || e->rj[r] != v)
                continue;
            size_t i = e->ri[r];
            depth[i] = depth[i] > depth[v] + 1 ? depth[i] : depth[v] + 1;
            best = best > depth[i] ? best : depth[i];
            if (--indeg[i] == 0)
                queue[nq++] = i;
        }
    }
    e->npow = !rc && seen == t ? best : 0;
    free(indeg);
    free(depth);
    free(queue);
    return rc;
}

/* The distinct vectors of dSigma/dtheta's rank-2 terms (est_entry_vectors): a
 * column i of B (key i) or a row j of C (key t + j). Entry k uses U[ua[k]] and
 * bs[k] U[ub[k]] (bs = 1/2 on a variance). A CFA's 2E vectors reduce to one per
 * observed and two per latent variable, so G = U' Sigma^-1 U is far smaller than
 * V' Sigma^-1 V. e->ukey: the nu keys, then (2t slots) the key -> index map. */
static void est_unique_keys(adx__est_t *e)
{
    const adx_sem_t *s = e->s;
    size_t t = e->t, k = 0, *slot = e->ukey + 2 * t, nu = 0;
    for (size_t x = 0; x < 2 * t; x++)
        slot[x] = (size_t)-1;
    for (size_t r = 0; r < s->nparams; r++) {
        if (!e->kind[r] || e->kind[r] == ADX__PK_MEAN || !s->params[r].free)
            continue;
        size_t i = e->ri[r], j = e->rj[r];
        size_t keys[2] = {i, e->kind[r] == ADX__PK_A ? t + j : j};
        size_t *dst[2] = {&e->ua[k], &e->ub[k]};
        for (int h = 0; h < 2; h++) {
            if (slot[keys[h]] == (size_t)-1) {
                slot[keys[h]] = nu;
                e->ukey[nu++] = keys[h];
            }
            *dst[h] = slot[keys[h]];
        }
        e->bs[k++] = (e->kind[r] == ADX__PK_S && i == j ? 0.5 : 1.0) * s->params[r].scale;
    }
    e->nu = nu;
}

int adx__est_init(adx__est_t *e, const adx_sem_t *s)
{
    memset(e, 0, sizeof *e);
    e->s = s;
    e->p = s->p;
    e->m = s->m;
    e->t = s->p + s->m;
    e->q = s->npar;
    size_t t = e->t, p = e->p, q = e->q ? e->q : 1, n = s->nparams;
    /* free matrix entries: each contributes a symmetric rank-2 term a b' + b a'
     * to dSigma/dtheta */
    for (size_t r = 0; r < s->nparams; r++)
        e->nent += s->params[r].free && s->params[r].op != ADX_SEM_DEFINE &&
                   s->params[r].op != ADX_SEM_INTERCEPT;
    size_t ne = e->nent ? e->nent : 1;
    e->kind = calloc(n + 1, sizeof *e->kind);
    e->ri = calloc(n + 1, sizeof *e->ri);
    e->rj = calloc(n + 1, sizeof *e->rj);
    e->entpar = calloc(ne, sizeof(size_t));
    struct {
        double **a;
        size_t len;
    } arrays[] = {{&e->fixedval, n + 1}, {&e->A, t * t},     {&e->Sm, t * t},
                  {&e->B, t * t},        {&e->C, t * t},     {&e->tmp, t * t},
                  {&e->Sig, p * p},      {&e->Sigi, p * p},  {&e->W, p * p},
                  {&e->tp, p * p},       {&e->Sr, p * p},    {&e->D, p * 2 * ne},
                  {&e->U, p * 2 * t},    {&e->SU, p * 2 * t},   {&e->GU, 4 * t * t},
                  {&e->bs, ne},          {&e->H, q * q},
                  {&e->g, q},            {&e->mvec, t},      {&e->muall, t},
                  {&e->rr, p},           {&e->uu, p},        {&e->Mu, p * q},
                  {&e->Mw, p * q}};
    e->ua = calloc(ne, sizeof(size_t));
    e->ub = calloc(ne, sizeof(size_t));
    e->ukey = calloc(4 * t + 1, sizeof(size_t));
    int bad = !e->kind || !e->ri || !e->rj || !e->entpar || !e->ua || !e->ub || !e->ukey;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        bad |= !(*arrays[i].a = calloc(arrays[i].len ? arrays[i].len : 1, sizeof(double)));
    e->fm = s->fiml;
    if (bad || (e->fm && est_alloc_fiml(e)))
        return -1;
    est_place_rows(e);
    est_unique_keys(e);
    return est_path_depth(e);
}

int adx__est_set_sample(adx__est_t *e, const double *S, const double *ybar)
{
    size_t p = e->p;
    const adx_sem_t *s = e->s;
    e->S = S;
    e->ybar = ybar;
    if (adx__spd_logdet(S, p, &e->logdetS))
        return -1;
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].fixed_x)
            e->fixedval[r] = e->kind[r] == ADX__PK_MEAN ? (ybar ? ybar[e->ri[r]] : 0.0)
                                                        : S[e->ri[r] + e->rj[r] * p];
    return 0;
}

/* A, S and m from theta. */
static void est_fill(adx__est_t *e, const double *th)
{
    size_t t = e->t;
    const adx_sem_t *s = e->s;
    memset(e->A, 0, t * t * sizeof(double));
    memset(e->Sm, 0, t * t * sizeof(double));
    memset(e->mvec, 0, t * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (!e->kind[r])
            continue;
        const adx_sem_param_t *pr = &s->params[r];
        double v = pr->free ? pr->scale * th[pr->free - 1] + pr->offset : e->fixedval[r];
        size_t i = e->ri[r], j = e->rj[r];
        if (e->kind[r] == ADX__PK_MEAN) {
            e->mvec[i] = v;
        } else if (e->kind[r] == ADX__PK_A) {
            e->A[i + j * t] = v;
        } else {
            e->Sm[i + j * t] = v;
            e->Sm[j + i * t] = v;
        }
    }
}

/* FIML: sum over missing-data patterns of (n_g/N) [log|Sigma_g| + tr(C_g Sigma_g^-1)
 * + r_g' Sigma_g^-1 r_g], minus its value at h1. */
static int est_fiml_f(adx__est_t *e, double *F)
{
    const struct adx_sem_fiml *fm = e->fm;
    size_t p = e->p;
    double Ff = 0;
    for (size_t g = 0; g < fm->npat; g++) {
        size_t k = fm->pk[g];
        const size_t *idx = fm->oidx + fm->po[g];
        double *Sg = e->fw + fm->pc[g], *rg = e->fr + fm->po[g];
        const double *Cg = fm->pcov + fm->pc[g], *mg = fm->pmean + fm->po[g];
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++)
                Sg[i + j * k] = e->Sig[idx[i] + idx[j] * p];
        double ld = 0;
        if (adx__spd_inverse(Sg, k, &ld))
            return -1;
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
    return 0;
}

/* B = (I - A)^-1: for a recursive model the finite series I + A + ... + A^npow
 * (e->C and e->tmp as scratch; B = I + A for a CFA), else by LU. -1 if singular. */
static int est_inverse_b(adx__est_t *e)
{
    size_t t = e->t;
    if (!e->npow) {
        for (size_t k = 0; k < t * t; k++)
            e->B[k] = -e->A[k];
        for (size_t i = 0; i < t; i++)
            e->B[i + i * t] += 1.0;
        return adx__inverse(e->B, t) ? -1 : 0;
    }
    memcpy(e->B, e->A, t * t * sizeof(double));
    memcpy(e->C, e->A, t * t * sizeof(double));
    for (size_t k = 1; k < e->npow; k++) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)t, (int)t, (int)t, 1.0,
                    e->C, (int)t, e->A, (int)t, 0.0, e->tmp, (int)t);
        memcpy(e->C, e->tmp, t * t * sizeof(double));
        for (size_t x = 0; x < t * t; x++)
            e->B[x] += e->C[x];
    }
    for (size_t i = 0; i < t; i++)
        e->B[i + i * t] += 1.0;
    return 0;
}

int adx__est_eval(adx__est_t *e, const double *th, double *F)
{
    size_t t = e->t, p = e->p;
    const adx_sem_t *s = e->s;
    est_fill(e, th);
    if (est_inverse_b(e))
        return -1;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)t, (int)t, (int)t, 1.0, e->B,
                (int)t, e->Sm, (int)t, 0.0, e->tmp, (int)t);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)t, (int)t, (int)t, 1.0, e->tmp,
                (int)t, e->B, (int)t, 0.0, e->C, (int)t);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            e->Sig[i + j * p] = e->Sigi[i + j * p] = e->C[i + j * t];
    double logdet = 0;
    if (adx__spd_inverse(e->Sigi, p, &logdet))
        return -1;
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
    if (e->fm && est_fiml_f(e, F))
        return -1;
    return isfinite(*F) ? 0 : -1;
}

/* dSigma/dtheta_k = sum over the entries of k of (a b' + b a'):
 *   A[i][j]:  a = B[., i], b = C[j, .]'   (dC = B E_ij C + C E_ji B')
 *   S[i][j]:  a = B[., i], b = B[., j]    (halved b when i = j) */
static void est_entry_vectors(adx__est_t *e)
{
    size_t t = e->t, p = e->p, k = 0;
    const adx_sem_t *s = e->s;
    const double *B = e->B, *C = e->C;
    for (size_t r = 0; r < s->nparams; r++) {
        if (!e->kind[r] || e->kind[r] == ADX__PK_MEAN || !s->params[r].free)
            continue;
        double *a = e->D + (2 * k) * p, *b = e->D + (2 * k + 1) * p;
        size_t i = e->ri[r], j = e->rj[r];
        double sc = s->params[r].scale;
        for (size_t x = 0; x < p; x++) {
            a[x] = sc * B[x + i * t];
            if (e->kind[r] == ADX__PK_A)
                b[x] = C[j + x * t];
            else
                b[x] = (i == j ? 0.5 : 1.0) * B[x + j * t];
        }
        e->entpar[k++] = (size_t)(s->params[r].free - 1);
    }
}

/* FIML: W = sum_g (n_g/N) embed(Sigma_g^-1 - Sigma_g^-1 (C_g + r_g r_g') Sigma_g^-1),
 * u = sum_g (n_g/N) embed(Sigma_g^-1 r_g). */
static void est_fiml_w(adx__est_t *e)
{
    const struct adx_sem_fiml *fm = e->fm;
    size_t p = e->p;
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
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)k, (int)k, 1.0, Sg,
                    (int)k, X, (int)k, 0.0, Y, (int)k);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)k, (int)k, 1.0, Y,
                    (int)k, Sg, (int)k, 0.0, X, (int)k);
        for (size_t j = 0; j < k; j++) {
            double z = 0;
            for (size_t i = 0; i < k; i++) {
                e->W[idx[i] + idx[j] * p] += w * (Sg[i + j * k] - X[i + j * k]);
                z += Sg[j + i * k] * rg[i];
            }
            e->uu[idx[j]] += w * z;
        }
    }
}

/* W = Sigma^-1 - Sigma^-1 (S + r r') Sigma^-1 (r = ybar - mu with a mean structure). */
static void est_w(adx__est_t *e, int ms)
{
    size_t p = e->p;
    if (e->fm) {
        est_fiml_w(e);
        return;
    }
    const double *Suse = e->S;
    if (ms) {
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                e->Sr[i + j * p] = e->S[i + j * p] + e->rr[i] * e->rr[j];
        Suse = e->Sr;
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, e->Sigi,
                (int)p, Suse, (int)p, 0.0, e->tp, (int)p);
    memcpy(e->W, e->Sigi, p * p * sizeof(double));
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, -1.0, e->tp,
                (int)p, e->Sigi, (int)p, 1.0, e->W, (int)p);
}

/* Mean structure: dmu/dtheta (A entry i <- j: B[., i] mu_j; intercept of v: B[., v])
 * into e->Mu, and g -= 2 Mu' u. */
static void est_mean_gradient(adx__est_t *e)
{
    size_t t = e->t, p = e->p, q = e->q;
    const adx_sem_t *s = e->s;
    memset(e->Mu, 0, p * q * sizeof(double));
    for (size_t r = 0; r < s->nparams; r++) {
        if (!s->params[r].free || (e->kind[r] != ADX__PK_A && e->kind[r] != ADX__PK_MEAN))
            continue;
        double *col = e->Mu + (size_t)(s->params[r].free - 1) * p;
        size_t i = e->ri[r];
        double f = (e->kind[r] == ADX__PK_A ? e->muall[e->rj[r]] : 1.0) * s->params[r].scale;
        for (size_t x = 0; x < p; x++)
            col[x] += e->B[x + i * t] * f;
    }
    cblas_dgemv(CblasColMajor, CblasTrans, (int)p, (int)q, -2.0, e->Mu, (int)p, e->uu, 1, 1.0,
                e->g, 1);
}

/* U (the distinct vectors) at the point of the last eval, then GU = U' X U. */
static void est_fill_u(adx__est_t *e)
{
    size_t t = e->t, p = e->p;
    for (size_t u = 0; u < e->nu; u++) {
        size_t key = e->ukey[u];
        double *col = e->U + u * p;
        if (key < t)
            memcpy(col, e->B + key * t, p * sizeof(double));
        else
            for (size_t x = 0; x < p; x++)
                col[x] = e->C[(key - t) + x * t];
    }
}

static void est_quad_u(adx__est_t *e, const double *X)
{
    int p = (int)e->p, nu = (int)e->nu;
    cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, p, nu, 1.0, X, p, e->U, p, 0.0, e->SU, p);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, nu, nu, p, 1.0, e->U, p, e->SU, p, 0.0,
                e->GU, nu);
}

/* H_kl = tr(Sigma^-1 D_k Sigma^-1 D_l) = sum over entry pairs of
 * 2 [ (b'Si c)(d'Si a) + (b'Si d)(c'Si a) ] with G = U' Si U; plus 2 Mu' Si Mu. */
static void est_information(adx__est_t *e, int ms)
{
    size_t p = e->p, q = e->q, ne = e->nent, nu = e->nu;
    est_quad_u(e, e->Sigi);
    const double *G = e->GU;
    memset(e->H, 0, q * q * sizeof(double));
#define GG(x, y) G[(x) + (y) * nu]
    for (size_t f = 0; f < ne; f++) {
        size_t c = e->ua[f], d = e->ub[f], kl = e->entpar[f];
        double sf = 2.0 * e->bs[f];
        for (size_t en = 0; en <= f; en++) { /* the pair term is symmetric */
            size_t a = e->ua[en], b = e->ub[en], kr = e->entpar[en];
            double h = sf * e->bs[en] * (GG(b, c) * GG(d, a) + GG(b, d) * GG(c, a));
            e->H[kr + kl * q] += h;
            if (en != f)
                e->H[kl + kr * q] += h;
        }
    }
#undef GG
    if (ms) {
        cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, (int)p, (int)q, 1.0, e->Sigi, (int)p,
                    e->Mu, (int)p, 0.0, e->Mw, (int)p);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)q, (int)p, 2.0, e->Mu,
                    (int)p, e->Mw, (int)p, 1.0, e->H, (int)q);
    }
}

void adx__est_derivs(adx__est_t *e, int with_h)
{
    size_t q = e->q, ne = e->nent, nu = e->nu;
    if (q == 0)
        return;
    est_entry_vectors(e);
    est_fill_u(e);
    int ms = e->s->meanstructure && e->ybar;
    est_w(e, ms);
    /* g_k = sum 2 a' W b */
    est_quad_u(e, e->W);
    memset(e->g, 0, q * sizeof(double));
    for (size_t k = 0; k < ne; k++)
        e->g[e->entpar[k]] += 2.0 * e->bs[k] * e->GU[e->ua[k] + e->ub[k] * nu];
    if (ms)
        est_mean_gradient(e);
    if (with_h)
        est_information(e, ms);
}

/* ---- := parameters and start values ---------------------------------------- */

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

int adx__sem_eval_defs(const adx_sem_t *s, double *vals)
{
    for (size_t r = 0; r < s->nparams; r++) {
        if (s->params[r].op != ADX_SEM_DEFINE)
            continue;
        size_t ep;
        const char *em, *unk;
        adx__expr_t *ex = adx__expr_parse(s->params[r].rhs, &ep, &em);
        if (!ex)
            return -1;
        lookup_t l = {s, vals, r};
        if (adx__expr_eval(ex, lookup_label, &l, &vals[r], &unk))
            vals[r] = NAN;
        adx__expr_free(ex);
    }
    return 0;
}

void adx__sem_values(const adx_sem_t *s, const adx__est_t *e, const double *th, double *vals)
{
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (pr->op == ADX_SEM_DEFINE)
            vals[r] = NAN;
        else
            vals[r] = pr->free ? pr->scale * th[pr->free - 1] + pr->offset : e->fixedval[r];
    }
    adx__sem_eval_defs(s, vals);
}

/* ---- the optimizer ---------------------------------------------------------- */

/* The secant update is skipped when r's is this small relative to |r||s| (the
 * usual SR1 safeguard, Nocedal & Wright 2006, 6.2). */
static const double SR1_SKIP = 1e-8;
/* Floor of the ridge scale, for a zero diagonal entry of the information. */
static const double RIDGE_FLOOR = 1e-8;

/* A step accepted only after this many halvings (a < 2^-STALL_HALVINGS), or one
 * that lowers F by more than STALL_RATE times the previous decrease (a crawl at a
 * linear rate), counts as a stall of Fisher scoring. */
static const int STALL_HALVINGS = 10;
static const double STALL_RATE = 0.9;

/* Work of one optimizer run: q-vectors and q x q matrices (B only after the switch
 * to BFGS, so that a fit keeps under the allocator's mmap threshold). */
typedef struct {
    size_t q;
    double *A;     /* secant estimate of (Hessian - information) */
    double *B;     /* BFGS estimate of the Hessian (after the switch), else NULL */
    double *ridge; /* the matrix solved, factored in place */
    double *step, *thn, *gneg, *r;
    int bfgs;      /* 1 once Fisher scoring stalled: BFGS steps first */
    int halved;    /* halvings of the last accepted step */
    double dfprev; /* decrease of F in the last iteration (0 before the first) */
} opt_ws_t;

static int ws_alloc(opt_ws_t *w, size_t q)
{
    size_t qq = q ? q : 1;
    w->q = q;
    w->bfgs = w->halved = 0;
    w->dfprev = 0;
    w->B = NULL;
    w->A = calloc(2 * qq * qq + 4 * qq, sizeof(double));
    if (!w->A)
        return -1;
    w->ridge = w->A + qq * qq;
    w->step = w->ridge + qq * qq;
    w->thn = w->step + qq;
    w->gneg = w->thn + qq;
    w->r = w->gneg + qq;
    return 0;
}

/* Solves ridge x = gneg into step (ridge overwritten by its factor); -1 when not
 * positive definite. */
static int ws_solve(opt_ws_t *w)
{
    memcpy(w->step, w->gneg, w->q * sizeof(double));
    return adx__spd_solve(w->ridge, w->q, w->step, 1) == ADX_OK ? 0 : -1;
}

/* Symmetric rank-one update of A so that (H + A) s = y, y = g - gprev (gneg holds
 * -gprev from the last iteration, step holds s). */
static void secant_update(opt_ws_t *w, const double *g, const double *H)
{
    size_t q = w->q;
    double rs = 0, rr = 0, ss = 0, *A = w->A, *r = w->r, *s = w->step;
    for (size_t i = 0; i < q; i++) {
        double v = g[i] + w->gneg[i];
        for (size_t j = 0; j < q; j++)
            v -= (H[i + j * q] + A[i + j * q]) * s[j];
        r[i] = v;
    }
    for (size_t i = 0; i < q; i++) {
        rs += r[i] * s[i];
        rr += r[i] * r[i];
        ss += s[i] * s[i];
    }
    if (fabs(rs) > SR1_SKIP * sqrt(rr * ss))
        for (size_t j = 0; j < q; j++)
            for (size_t i = 0; i < q; i++)
                A[i + j * q] += r[i] * r[j] / rs;
}

/* BFGS update of B with s (step) and y = g - gprev (Nocedal & Wright 2006, 6.19),
 * skipped unless s'y > 0 (curvature condition), which keeps B positive definite. */
static void bfgs_update(opt_ws_t *w, const double *g)
{
    size_t q = w->q;
    double sy = 0, sBs = 0, yy = 0, ss = 0, *B = w->B, *y = w->r, *s = w->step, *Bs = w->thn;
    for (size_t i = 0; i < q; i++) {
        y[i] = g[i] + w->gneg[i];
        double v = 0;
        for (size_t j = 0; j < q; j++)
            v += B[i + j * q] * s[j];
        Bs[i] = v;
        sy += s[i] * y[i];
        sBs += s[i] * v;
        yy += y[i] * y[i];
        ss += s[i] * s[i];
    }
    if (!(sy > SR1_SKIP * sqrt(yy * ss)) || !(sBs > 0))
        return;
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++)
            B[i + j * q] += y[i] * y[j] / sy - Bs[i] * Bs[j] / sBs;
}

/* The step of one pass: pass 0 solves (H + A) d = -g; pass 1 solves H d = -g,
 * ridged when H is not positive definite; pass 2 solves B d = -g (BFGS), B reset
 * to H when it is not positive definite. -1 when no solve succeeds. */
static int pass_step(opt_ws_t *w, const double *H, int pass, const adx_sem_options_t *o)
{
    size_t q = w->q;
    memcpy(w->ridge, pass == 2 ? w->B : H, q * q * sizeof(double));
    if (pass == 0)
        for (size_t k = 0; k < q * q; k++)
            w->ridge[k] += w->A[k];
    int ok = ws_solve(w) == 0;
    if (pass == 2 && !ok) {
        memcpy(w->B, H, q * q * sizeof(double));
        return -1; /* plain Fisher scoring follows */
    }
    double mu = o->ridge_start;
    for (int tries = 0; pass == 1 && !ok && tries < o->ridge_tries; tries++, mu *= 10) {
        memcpy(w->ridge, H, q * q * sizeof(double));
        for (size_t k = 0; k < q; k++)
            w->ridge[k + k * q] += mu * (fabs(H[k + k * q]) + RIDGE_FLOOR);
        ok = ws_solve(w) == 0;
    }
    return ok ? 0 : -1;
}

/* Backtracking (step halving) along step from th: 1 when F + armijo a slope is
 * reached (w->thn, *Fn; the halvings in w->halved), else 0. */
static int line_search(const adx__objective_t *obj, opt_ws_t *w, const double *th, double F,
                       const double *g, int halvings, double armijo, double *Fn)
{
    size_t q = w->q;
    double slope = 0, a = 1.0;
    for (size_t k = 0; k < q; k++)
        slope += g[k] * w->step[k];
    for (int ls = 0; slope < 0 && ls < halvings; ls++, a *= 0.5) {
        for (size_t k = 0; k < q; k++)
            w->thn[k] = th[k] + a * w->step[k];
        if (obj->eval(obj->ud, w->thn, Fn) == 0 && *Fn <= F + armijo * a * slope) {
            w->halved = ls;
            return 1;
        }
    }
    return 0;
}

/* One pass: its step, then step halving; 1 when accepted (w->thn, *Fn). */
static int try_pass(const adx__objective_t *obj, opt_ws_t *w, const double *th, double F,
                    const double *g, const double *H, int pass, const adx_sem_options_t *o,
                    double *Fn)
{
    int ok = pass_step(w, H, pass, o) == 0 &&
             line_search(obj, w, th, F, g, pass == 0 ? o->secant_halvings : o->max_halvings,
                         o->armijo, Fn);
    if (!ok && pass != 2)
        memset(w->A, 0, w->q * w->q * sizeof(double));
    return ok;
}

/* One iteration's step: the passes in order (BFGS first once switched, then the
 * secant-corrected and the plain Fisher-scoring steps); 1 when one is accepted
 * (w->thn, *Fn). A Fisher-scoring iteration that fails, succeeds only after
 * STALL_HALVINGS halvings or crawls (STALL_RATE) is a stall; after o->bfgs_after stalls in a row the
 * BFGS steps take over, B starting from the information H. */
static int take_step(const adx__objective_t *obj, opt_ws_t *w, const double *th, double F,
                     const double *g, const double *H, int secant, const adx_sem_options_t *o,
                     int *stalls, double *Fn)
{
    if (w->bfgs && try_pass(obj, w, th, F, g, H, 2, o, Fn))
        return 1;
    int ok = (secant && try_pass(obj, w, th, F, g, H, 0, o, Fn)) ||
             try_pass(obj, w, th, F, g, H, 1, o, Fn);
    double dF = ok ? F - *Fn : 0.0;
    int crawl = w->dfprev > 0 && dF > STALL_RATE * w->dfprev;
    w->dfprev = dF;
    *stalls = ok && w->halved < STALL_HALVINGS && !crawl ? 0 : *stalls + 1;
    if (!w->bfgs && *stalls >= o->bfgs_after &&
        (w->B = malloc((w->q ? w->q * w->q : 1) * sizeof(double)))) {
        w->bfgs = 1;
        memcpy(w->B, H, w->q * w->q * sizeof(double));
        if (!ok)
            ok = try_pass(obj, w, th, F, g, H, 2, o, Fn);
    }
    return ok;
}

int adx__sem_optimize(const adx__objective_t *obj, const adx_sem_options_t *o, int secant,
                      double *th, int *iters, double *Fout)
{
    size_t q = obj->q;
    double F = 0;
    int converged = 0, it = 0, have_prev = 0, stalls = 0;
    opt_ws_t w;
    *iters = 0;
    *Fout = NAN;
    if (ws_alloc(&w, q))
        return ADX__OPT_NOMEM;
    if (obj->eval(obj->ud, th, &F)) {
        free(w.A);
        return ADX__OPT_BADSTART;
    }
    for (it = 0; it < o->max_iter; it++) {
        const double *g, *H;
        obj->derivs(obj->ud, &g, &H);
        double gmax = 0;
        for (size_t k = 0; k < q; k++)
            gmax = fmax(gmax, fabs(g[k]));
        if (gmax < o->grad_tol) {
            converged = 1;
            break;
        }
        if (have_prev && w.bfgs)
            bfgs_update(&w, g);
        if (have_prev)
            secant_update(&w, g, H);
        for (size_t k = 0; k < q; k++)
            w.gneg[k] = -g[k];
        double Fn = 0;
        if (!take_step(obj, &w, th, F, g, H, secant, o, &stalls, &Fn)) {
            /* at the floating-point floor: accept if the gradient is already tiny */
            obj->eval(obj->ud, th, &F);
            converged = gmax < o->floor_grad_tol;
            break;
        }
        for (size_t k = 0; k < q; k++)
            w.step[k] = w.thn[k] - th[k]; /* w.gneg keeps -g for the updates */
        have_prev = 1;
        memcpy(th, w.thn, q * sizeof(double));
        double dF = F - Fn;
        F = Fn;
        if (dF >= 0 && dF < o->rel_ftol * (1.0 + fabs(F)) && gmax < o->floor_grad_tol) {
            converged = 1;
            it++;
            break;
        }
    }
    if (obj->eval(obj->ud, th, &F))
        F = NAN;
    free(w.A);
    free(w.B);
    *iters = it;
    *Fout = F;
    return converged;
}

static int est_obj_eval(void *ud, const double *th, double *F)
{
    return adx__est_eval(ud, th, F);
}

static void est_obj_derivs(void *ud, const double **g, const double **H)
{
    adx__est_t *e = ud;
    adx__est_derivs(e, 1);
    *g = e->g;
    *H = e->H;
}

adx__objective_t adx__est_objective(adx__est_t *e)
{
    adx__objective_t obj = {e->q, est_obj_eval, est_obj_derivs, e};
    return obj;
}

int adx__est_optimize(adx__est_t *e, double *th, int *iters, double *Fout)
{
    adx__objective_t obj = adx__est_objective(e);
    if (e->s->gcon)
        return adx__sem_gcon_optimize(&obj, e->s, th, iters, Fout);
    if (!e->s->nbounds)
        return adx__sem_optimize(&obj, &e->s->opt, 1, th, iters, Fout);
    size_t q = e->q ? e->q : 1;
    double *lo = malloc(2 * q * sizeof *lo);
    if (!lo)
        return ADX__OPT_NOMEM;
    adx__sem_theta_bounds(e->s, lo, lo + q);
    int rc = adx__sem_optimize_bounded(&obj, lo, lo + q, &e->s->opt, th, iters, Fout);
    free(lo);
    return rc;
}
