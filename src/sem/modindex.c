/* Modification indices (Sorbom 1989): the score test of freeing one fixed
 * parameter, from the expected information, with the expected parameter change
 * and its std.lv / std.all scalings, as lavaan's modindices(). MI = N g^2 / (2 V),
 * EPC = -g / V, with g = dF_ML/dtheta and V the candidate's information given the
 * free parameters. Formulas: docs/sem.md. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"
#include "sem_priv.h"

/* A candidate whose information given the free parameters is below this share of
 * its own information would leave the model unidentified if freed. */
static const double MI_IDENT = 1e-8;

/* Candidates: A[i][j] (i <- j, loadings) or S[i][j] (covariances). */
typedef struct {
    size_t *ci, *cj, n;
    adx__pkind_t *kind;
} cand_t;

static void cand_free(cand_t *c)
{
    ADX__FREE(c->ci, c->cj, c->kind);
}

static void cand_add(cand_t *c, adx__pkind_t kind, size_t i, size_t j)
{
    c->kind[c->n] = kind;
    c->ci[c->n] = i;
    c->cj[c->n++] = j;
}

/* Loading of observed indicator v on factor f, unless free or v is a fixed x. */
static int loading_candidate(const adx_sem_t *s, const adx__est_t *e, size_t v, size_t f)
{
    int present_free = 0, fixed_x = 0, is_ind = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] == ADX__PK_A && e->ri[r] == v && e->rj[r] == f && s->params[r].free)
            present_free = 1;
        if (e->kind[r] == ADX__PK_S && s->params[r].fixed_x && (e->ri[r] == v || e->rj[r] == v))
            fixed_x = 1;
        if (s->params[r].op == ADX_SEM_MEASURE && e->ri[r] == v)
            is_ind = 1;
    }
    return !present_free && !fixed_x && is_ind;
}

/* Covariance of a and b: every pair of observed variables, and of latent
 * variables when fixed by the user; never when free or touching a fixed x. */
static int cov_candidate(const adx_sem_t *s, const adx__est_t *e, size_t a, size_t b)
{
    int present_free = 0, present_fixed = 0, fixed_x = 0;
    size_t p = s->p;
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] != ADX__PK_S)
            continue;
        if (s->params[r].fixed_x &&
            (e->ri[r] == a || e->rj[r] == a || e->ri[r] == b || e->rj[r] == b))
            fixed_x = 1;
        if ((e->ri[r] == a && e->rj[r] == b) || (e->ri[r] == b && e->rj[r] == a)) {
            if (s->params[r].free)
                present_free = 1;
            else
                present_fixed = 1;
        }
    }
    if (present_free || fixed_x)
        return 0;
    (void)present_fixed; /* lavaan tests every pair of latent variables (lav_partable_full) */
    return (a < p && b < p) || (a >= p && b >= p);
}

/* 1 if variable v appears in a regression (lavaan's eqs.y, eqs.x). */
static int in_regression(const adx_sem_t *s, const adx__est_t *e, size_t v)
{
    for (size_t r = 0; r < s->nparams; r++)
        if (s->params[r].op == ADX_SEM_REGRESS && (e->ri[r] == v || e->rj[r] == v))
            return 1;
    return 0;
}

/* Regression of latent i on latent j (lavaan: both in some regression), unless free. */
static int regress_candidate(const adx_sem_t *s, const adx__est_t *e, size_t i, size_t j)
{
    for (size_t r = 0; r < s->nparams; r++)
        if (e->kind[r] == ADX__PK_A && e->ri[r] == i && e->rj[r] == j && s->params[r].free)
            return 0;
    return i != j && in_regression(s, e, i) && in_regression(s, e, j);
}

/* Intercept or latent mean of v (mean structure), unless free or a fixed x. */
static int mean_candidate(const adx_sem_t *s, const adx__est_t *e, size_t v)
{
    for (size_t r = 0; r < s->nparams; r++) {
        if (e->kind[r] == ADX__PK_MEAN && e->ri[r] == v && s->params[r].free)
            return 0;
        if (s->params[r].fixed_x && (e->ri[r] == v || e->rj[r] == v))
            return 0;
    }
    return 1;
}

static int candidates(const adx_sem_t *s, const adx__est_t *e, cand_t *c)
{
    size_t p = s->p, t = e->t, cap = 2 * t * t + t + 1;
    c->ci = malloc(cap * sizeof *c->ci);
    c->cj = malloc(cap * sizeof *c->cj);
    c->kind = malloc(cap * sizeof *c->kind);
    if (!c->ci || !c->cj || !c->kind)
        return -1;
    for (size_t f = p; f < t; f++)
        for (size_t v = 0; v < p; v++)
            if (loading_candidate(s, e, v, f))
                cand_add(c, ADX__PK_A, v, f);
    for (size_t a = 0; a < t; a++)
        for (size_t b = a + 1; b < t; b++)
            if (cov_candidate(s, e, a, b))
                cand_add(c, ADX__PK_S, a, b);
    for (size_t i = p; i < t; i++)
        for (size_t j = p; j < t; j++)
            if (regress_candidate(s, e, i, j))
                cand_add(c, ADX__PK_A, i, j);
    for (size_t v = 0; s->meanstructure && v < t; v++)
        if (mean_candidate(s, e, v))
            cand_add(c, ADX__PK_MEAN, v, v);
    return 0;
}

static int cmp_mi(const void *a, const void *b)
{
    double x = ((const adx_sem_mi_t *)a)->mi, y = ((const adx_sem_mi_t *)b)->mi;
    return x > y ? -1 : x < y;
}

static void mi_free(adx_sem_mi_t *mi, size_t n)
{
    for (size_t i = 0; mi && i < n; i++) {
        free(mi[i].lhs);
        free(mi[i].rhs);
    }
    free(mi);
}

/* Score-test work: vectors of the model entries and candidates (Va), Sigma^-1 Va
 * and then W Va (Z), G = Va' Sigma^-1 Va, the cross information H12 and the
 * Cholesky factor of the information (Hi). */
typedef struct {
    size_t nall;
    double *Va, *Z, *G, *H12, *Hi, *tmp;
    double *Dm, *SDm; /* mean structure: dmu/dc of each candidate and Sigma^-1 dmu/dc */
    double *h22;      /* FIML: each candidate's own information */
    double *N, *y;    /* general constraints: null space (q x r) of their Jacobian, scratch */
    size_t r;
} mi_work_t;

static void mi_work_free(mi_work_t *w)
{
    ADX__FREE(w->Va, w->Z, w->G, w->H12, w->Hi, w->tmp, w->Dm, w->SDm, w->h22, w->N, w->y);
}

/* General constraints (lavaan inverts the information bordered by the Jacobian of the
 * equalities and active inequalities, lav_model_information_augment_invert, whose
 * parameter block is N (N' H N)^-1 N' with N the Jacobian's null space): Hi becomes the
 * Cholesky factor of N' H N (r x r). -1 out of memory or a constraint undefined, 1
 * singular. */
static int mi_gcon(const adx_sem_t *s, const adx__est_t *e, mi_work_t *w)
{
    size_t q = e->q, r = 0;
    if (adx__sem_gcon_null(s, s->theta, &w->N, &r))
        return -1;
    double *HN = malloc((q * (r ? r : 1)) * sizeof *HN);
    w->y = malloc((q + 1) * sizeof *w->y);
    w->r = r;
    if (!HN || !w->y) {
        free(HN);
        return -1;
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)r, (int)q, 1.0, w->Hi,
                (int)q, w->N, (int)q, 0.0, HN, (int)q);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)r, (int)r, (int)q, 1.0, w->N,
                (int)q, HN, (int)q, 0.0, w->Hi, (int)(r ? r : 1));
    free(HN);
    return r && LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)r, w->Hi, (int)r) != 0 ? 1 : 0;
}

/* H12_k' H^-1 H12_k, or under general constraints H12_k' N (N' H N)^-1 N' H12_k. */
static double mi_quad(const adx__est_t *e, mi_work_t *w, size_t k)
{
    size_t q = e->q;
    const double *h = w->H12 + k * q;
    if (!w->N) {
        memcpy(w->tmp, h, q * sizeof(double));
        LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (int)q, 1, w->Hi, (int)q, w->tmp, (int)q);
        return cblas_ddot((int)q, h, 1, w->tmp, 1);
    }
    if (!w->r)
        return 0.0;
    cblas_dgemv(CblasColMajor, CblasTrans, (int)q, (int)w->r, 1.0, w->N, (int)q, h, 1, 0.0, w->y,
                1);
    memcpy(w->tmp, w->y, w->r * sizeof(double));
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (int)w->r, 1, w->Hi, (int)w->r, w->tmp, (int)w->r);
    return cblas_ddot((int)w->r, w->y, 1, w->tmp, 1);
}

/* Mean structure: dmu/dc (a path i <- j: B[., i] mu_j; a mean of v: B[., v]) into Dm,
 * Sigma^-1 Dm into SDm and 2 Mu' Sigma^-1 Dm into H12. -1 out of memory. */
static int mi_means(const adx__est_t *e, const cand_t *c, mi_work_t *w)
{
    size_t p = e->p, t = e->t, q = e->q, nc = c->n ? c->n : 1;
    w->Dm = calloc(p * nc, sizeof *w->Dm);
    w->SDm = calloc(p * nc, sizeof *w->SDm);
    if (!w->Dm || !w->SDm)
        return -1;
    for (size_t k = 0; k < c->n; k++) {
        double f = c->kind[k] == ADX__PK_A ? e->muall[c->cj[k]] : 1.0;
        for (size_t x = 0; c->kind[k] != ADX__PK_S && x < p; x++)
            w->Dm[x + k * p] = e->B[x + c->ci[k] * t] * f;
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)c->n, (int)p, 1.0,
                e->Sigi, (int)p, w->Dm, (int)p, 0.0, w->SDm, (int)p);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q, (int)c->n, (int)p, 2.0, e->Mu,
                (int)p, w->SDm, (int)p, 1.0, w->H12, (int)q);
    return 0;
}

/* FIML (lavaan's modindices() under missing = "ml": information = "expected" is the
 * saturated information under the missing-data patterns at the model's moments): the
 * information over the q parameters and the candidates, 2 adx__sem_fiml_info of their
 * dSigma (sum of a b' + b a' over their entries) and dmu, into Hi (q x q), H12 and h22.
 * -1 out of memory, 1 a pattern's Sigma_oo not positive definite. */
static int mi_fiml(const adx__est_t *e, const cand_t *c, mi_work_t *w)
{
    size_t p = e->p, q = e->q, nc = c->n, nd = q + nc, pp = p * p;
    double *dS = calloc(nd * pp, sizeof *dS), *dm = calloc(nd * p, sizeof *dm);
    double *H = malloc(nd * nd * sizeof *H);
    w->h22 = malloc(nc * sizeof *w->h22);
    int rc = dS && dm && H && w->h22 ? 0 : -1;
    for (size_t d = 0; !rc && d < e->nent + nc; d++) {
        const double *a = w->Va + 2 * d * p, *b = a + p; /* the model's entries, then c */
        double *D = dS + (d < e->nent ? e->entpar[d] : q + d - e->nent) * pp;
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                D[i + j * p] += a[i] * b[j] + b[i] * a[j];
    }
    if (!rc && e->ybar) {
        memcpy(dm, e->Mu, q * p * sizeof *dm);
        memcpy(dm + q * p, w->Dm, nc * p * sizeof *dm);
    }
    if (!rc)
        rc = adx__sem_fiml_info(e->fm, p, e->Sig, nd, dS, e->ybar ? dm : NULL, H);
    for (size_t j = 0; !rc && j < nd; j++)
        for (size_t i = 0; i < nd; i++) {
            double v = 2.0 * H[i + j * nd];
            if (i < q && j < q)
                w->Hi[i + j * q] = v;
            else if (i < q)
                w->H12[i + (j - q) * q] = v;
            else if (i == j)
                w->h22[i - q] = v;
        }
    ADX__FREE(dS, dm, H);
    return rc;
}

/* Fills the work; -1 out of memory, 1 singular information. */
static int mi_prepare(const adx__est_t *e, const cand_t *c, mi_work_t *w)
{
    size_t p = e->p, t = e->t, q = e->q, ne = e->nent, nc = c->n, nall = 2 * (ne + nc);
    w->nall = nall;
    w->Va = malloc(p * nall * sizeof *w->Va);
    w->Z = malloc(p * nall * sizeof *w->Z);
    w->G = malloc(nall * nall * sizeof *w->G);
    w->H12 = calloc(q * nc, sizeof *w->H12);
    w->Hi = malloc(q * q * sizeof *w->Hi);
    w->tmp = malloc(q * sizeof *w->tmp);
    if (!w->Va || !w->Z || !w->G || !w->H12 || !w->Hi || !w->tmp)
        return -1;
    memcpy(w->Va, e->D, p * 2 * ne * sizeof(double));
    for (size_t k = 0; k < nc; k++) {
        double *a = w->Va + (2 * (ne + k)) * p, *b = a + p;
        int mean = c->kind[k] == ADX__PK_MEAN; /* no covariance part */
        for (size_t x = 0; x < p; x++) {
            a[x] = mean ? 0.0 : e->B[x + c->ci[k] * t];
            b[x] = mean                        ? 0.0
                   : c->kind[k] == ADX__PK_A ? e->C[c->cj[k] + x * t]
                                             : e->B[x + c->cj[k] * t];
        }
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)nall, (int)p, 1.0,
                e->Sigi, (int)p, w->Va, (int)p, 0.0, w->Z, (int)p);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nall, (int)nall, (int)p, 1.0,
                w->Va, (int)p, w->Z, (int)p, 0.0, w->G, (int)nall);
#define GG(x, y) w->G[(x) + (y) * nall]
    for (size_t k = 0; k < nc; k++) {
        size_t cc = 2 * (ne + k), dd = cc + 1;
        for (size_t en = 0; en < ne; en++) {
            size_t a = 2 * en, b = a + 1;
            w->H12[e->entpar[en] + k * q] +=
                2.0 * (GG(b, cc) * GG(dd, a) + GG(b, dd) * GG(cc, a));
        }
    }
#undef GG
    if (e->ybar && mi_means(e, c, w))
        return -1;
    int fr = e->fm ? mi_fiml(e, c, w) : 0;
    if (fr)
        return fr;
    if (!e->fm)
        memcpy(w->Hi, e->H, q * q * sizeof(double));
    if (e->s->gcon) {
        if ((fr = mi_gcon(e->s, e, w)))
            return fr;
    } else if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)q, w->Hi, (int)q) != 0) {
        return 1;
    }
    /* W V for the gradient */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)nall, (int)p, 1.0, e->W,
                (int)p, w->Va, (int)p, 0.0, w->Z, (int)p);
    return 0;
}

/* MI and EPC of candidate k into m; 0 when not identified if freed, -1 out of
 * memory, 1 filled. */
static int mi_one(const adx_sem_t *s, const adx__est_t *e, const cand_t *c, mi_work_t *w,
                  size_t k, adx_sem_mi_t *m)
{
    size_t p = e->p, t = e->t, ne = e->nent, nall = w->nall;
    size_t cc = 2 * (ne + k), dd = cc + 1;
#define GG(x, y) w->G[(x) + (y) * nall]
    double h22 = 2.0 * (GG(dd, cc) * GG(dd, cc) + GG(dd, dd) * GG(cc, cc));
#undef GG
    if (w->Dm)
        h22 += 2.0 * cblas_ddot((int)p, w->Dm + k * p, 1, w->SDm + k * p, 1);
    if (w->h22)
        h22 = w->h22[k];
    double V = h22 - mi_quad(e, w, k);
    if (!(V > MI_IDENT * h22))
        return 0;
    double g = 2.0 * cblas_ddot((int)p, w->Va + cc * p, 1, w->Z + dd * p, 1);
    if (w->Dm)
        g -= 2.0 * cblas_ddot((int)p, w->Dm + k * p, 1, e->uu, 1);
    m->mi = (double)s->n * g * g / (2.0 * V);
    m->epc = -g / V;
    size_t i = c->ci[k], j = c->cj[k];
    double sdi = sqrt(e->C[i + i * t]), sdj = sqrt(e->C[j + j * t]);
    if (c->kind[k] == ADX__PK_A && i < p) {
        m->op = ADX_SEM_MEASURE;
        m->lhs = adx__strdup(s->names[j]);
        m->rhs = adx__strdup(s->names[i]);
        m->sepc_lv = m->epc * sdj;
        m->sepc_all = m->epc * sdj / sdi;
    } else if (c->kind[k] == ADX__PK_A) { /* latent i on latent j */
        m->op = ADX_SEM_REGRESS;
        m->lhs = adx__strdup(s->names[i]);
        m->rhs = adx__strdup(s->names[j]);
        m->sepc_lv = m->sepc_all = m->epc * sdj / sdi;
    } else if (c->kind[k] == ADX__PK_MEAN) {
        m->op = ADX_SEM_INTERCEPT;
        m->lhs = adx__strdup(s->names[i]);
        m->rhs = adx__strdup("");
        m->sepc_all = m->epc / sdi;
        m->sepc_lv = i >= p ? m->sepc_all : m->epc;
    } else {
        m->op = ADX_SEM_COV;
        m->lhs = adx__strdup(s->names[i]);
        m->rhs = adx__strdup(s->names[j]);
        double vi = e->Sm[i + i * t], vj = e->Sm[j + j * t];
        m->sepc_all = m->epc / sqrt(vi * vj);
        m->sepc_lv = (i >= p && j >= p) ? m->sepc_all : m->epc;
    }
    return m->lhs && m->rhs ? 1 : -1;
}

/* e evaluated with derivatives at the estimates. */
static adx_error_t mi_setup(adx_sem_t *s, adx__est_t *e, adx_errctx_t *ctx)
{
    int init = adx__est_init(e, s);
    double F;
    if (init || adx__est_set_sample(e, s->sample_cov, s->meanstructure ? s->sample_mean : NULL))
        return adx_err(ctx, init ? ADX_ENOMEM : ADX_ESINGULAR, "%s: cannot set up the model",
                       s->source);
    if (adx__est_eval(e, s->theta, &F))
        return adx_err(ctx, ADX_ESINGULAR, "%s: the implied covariance matrix is not "
                                           "positive definite",
                       s->source);
    adx__est_derivs(e, 1);
    return ADX_OK;
}

adx_error_t adx_sem_modindices(adx_sem_t *s, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    adx__est_t e = {0};
    cand_t c = {0};
    mi_work_t w = {0};
    adx_sem_mi_t *out = NULL;
    size_t nout = 0;
    if (!s->fitted || !s->theta || !s->sample_cov)
        return adx_err(ctx, ADX_EUSAGE, "modification indices need a fitted model");
    if ((rc = mi_setup(s, &e, ctx)))
        goto cleanup;
    if (candidates(s, &e, &c)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (c.n && s->npar) {
        int pr = mi_prepare(&e, &c, &w);
        out = calloc(c.n, sizeof *out);
        if (pr < 0 || !out) {
            rc = adx_oom(ctx);
            goto cleanup;
        }
        if (pr > 0) {
            rc = adx_err(ctx, ADX_ESINGULAR, "%s: the information matrix is singular",
                         s->source);
            goto cleanup;
        }
        for (size_t k = 0; k < c.n; k++) {
            int got = mi_one(s, &e, &c, &w, k, &out[nout]);
            nout += got != 0;
            if (got < 0) {
                rc = adx_oom(ctx);
                goto cleanup;
            }
        }
    }
    qsort(out, nout, sizeof *out, cmp_mi);
    mi_free(s->mi, s->nmi);
    s->mi = out;
    s->nmi = nout;
    out = NULL;
cleanup:
    mi_free(out, nout);
    adx__est_free(&e);
    cand_free(&c);
    mi_work_free(&w);
    return rc;
}

/* ---- parts for multi-group fits (mg_modindex.c) ------------------------------------ */

adx_error_t adx__sem_mi_parts(const adx_sem_t *s, const adx__est_t *e, adx__mi_parts_t *mp)
{
    size_t q = e->q, qq = q ? q : 1;
    adx__est_t e1 = *e; /* its information a large multiple of I: mi_one's V is then h22 and
                         * its EPC -g / h22; the caller combines the groups' information */
    double *big = calloc(qq * qq, sizeof *big);
    cand_t c = {0};
    mi_work_t w = {0};
    adx_error_t rc = ADX_ENOMEM;
    memset(mp, 0, sizeof *mp);
    if (!big || candidates(s, e, &c))
        goto cleanup;
    for (size_t k = 0; k < q; k++)
        big[k * (q + 1)] = 1e150;
    e1.H = big;
    mp->m = calloc(c.n + 1, sizeof *mp->m);
    mp->h22 = calloc(c.n + 1, sizeof *mp->h22);
    mp->g = calloc(c.n + 1, sizeof *mp->g);
    mp->col = calloc(c.n + 1, sizeof *mp->col);
    if (!mp->col || !mp->m || !mp->h22 || !mp->g || (c.n && q && mi_prepare(&e1, &c, &w)))
        goto cleanup;
    if (e->fm && c.n && q) { /* mi_fiml replaced the large information: put it back */
        memset(w.Hi, 0, q * q * sizeof *w.Hi);
        for (size_t k = 0; k < q; k++)
            w.Hi[k * (q + 1)] = 1e75; /* the Cholesky factor of big */
    }
    for (size_t k = 0; q && k < c.n; k++) {
        adx_sem_mi_t m = {0};
        int got = mi_one(s, &e1, &c, &w, k, &m);
        if (got < 0)
            goto cleanup;
        if (!got)
            continue;
        size_t cc = 2 * (e->nent + k), dd = cc + 1, na = w.nall;
        double g1 = w.G[dd + cc * na];
        double h22 = 2.0 * (g1 * g1 + w.G[dd + dd * na] * w.G[cc + cc * na]);
        if (w.Dm)
            h22 += 2.0 * cblas_ddot((int)e->p, w.Dm + k * e->p, 1, w.SDm + k * e->p, 1);
        if (w.h22) /* FIML: the pattern-wise information (mi_fiml) */
            h22 = w.h22[k];
        mp->h22[mp->n] = h22;
        mp->g[mp->n] = -m.epc * h22;
        mp->col[mp->n] = k;
        mp->m[mp->n++] = m;
    }
    mp->H12 = w.H12;
    w.H12 = NULL;
    rc = ADX_OK;
cleanup:
    if (rc)
        adx__sem_mi_parts_free(mp);
    free(big);
    cand_free(&c);
    mi_work_free(&w);
    return rc;
}

void adx__sem_mi_parts_free(adx__mi_parts_t *mp)
{
    for (size_t k = 0; mp->m && k < mp->n; k++)
        ADX__FREE(mp->m[k].lhs, mp->m[k].rhs);
    ADX__FREE(mp->m, mp->h22, mp->g, mp->H12, mp->col);
    mp->n = 0;
}
