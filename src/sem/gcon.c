/* General constraints of lavaan syntax, beyond what constr.c maps row by row: linear
 * equalities over three or more free parameters (a + b + c == 3) through a null-space
 * map theta = x0 + K phi (K orthonormal, lavaan's ceq.linear reparameterization), and
 * nonlinear equalities and any inequality (a == b^2, a*b == 0.5, b1 > exp(b2)) through
 * lavaan's augmented Lagrangian (nlminb.constr: F - sum lambda c + mu/2 sum c^2, an
 * inequality c >= 0 inactive, c replaced by lambda/mu, when c > lambda/mu), solved on phi
 * by the Fisher-scoring optimizer with the Gauss-Newton term mu J'J, the constraint
 * Jacobian J by central differences. Standard errors: the inverse information projected
 * on the null space N of the Jacobian of the equalities and the active inequalities
 * (N (N' I N)^-1 N', the top-left block of lavaan's bordered information). df: the rank
 * of the equality Jacobian is subtracted from npar. Formulas: docs/sem.md. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* Central-difference step of the constraint Jacobian, relative to |theta|. */
static const double JAC_STEP = 1e-6;
/* A singular value below this times the largest counts as zero (rank, null space). */
static const double RANK_TOL = 1e-9;
/* An inequality above this at the estimates is inactive (lavaan's slack 1e-5). */
static const double ACTIVE_SLACK = 1e-5;
/* Augmented Lagrangian: first penalty, its growth, the constraint tolerance, outer
 * iterations. */
static const double MU0 = 10.0, MU_GROW = 10.0, CON_TOL = 1e-11;
static const int OUTER_MAX = 60;
/* N' H N with a smaller reciprocal condition number is singular (as vcov.c's H). */
static const double PROJ_SINGULAR_RCOND = 1e-12;

struct adx__sem_gcon {
    size_t q0, q1;       /* theta (s->npar) and phi lengths */
    double *K, *x0;      /* q0 x q1, q0 */
    size_t nlin;         /* linear equality rows */
    double *A;           /* nlin x q0 (column-major): A theta + a0 = 0 */
    size_t ncon;         /* the other constraints: c(theta) = 0 or >= 0 */
    adx__expr_t **l, **r;
    char *ineq;          /* 1: lhs - rhs >= 0 (a '<' line swapped) */
    size_t nline, *line; /* the lines built from; the line of each row (A's, then the
                          * others') */
    adx__gcon_lookup_fn look; /* a label's value at theta */
    const void *lud;
};

void adx__sem_gcon_free(struct adx__sem_gcon *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ncon; i++) {
        adx__expr_free(g->l[i]);
        adx__expr_free(g->r[i]);
    }
    ADX__FREE(g->K, g->x0, g->A, g->l, g->r, g->ineq, g->line);
    free(g);
}

/* ---- constraint values ------------------------------------------------------- */

typedef struct {
    const struct adx__sem_gcon *g;
    const double *th;
} look_t;

static int lookup(void *ud, const char *name, double *v)
{
    const look_t *c = ud;
    return c->g->look(c->g->lud, name, c->th, v);
}

/* A label of the single-group model ud at theta (its rows' scale and offset). */
static int model_lookup(const void *ud, const char *name, const double *th, double *v)
{
    const adx_sem_param_t *pr = adx__sem_label_row(ud, name);
    if (pr)
        *v = pr->free ? pr->scale * th[pr->free - 1] + pr->offset : pr->est;
    return pr ? 0 : -1;
}

/* Constraint i at theta: lhs - rhs (NaN when undefined). */
static double con_one(const struct adx__sem_gcon *g, const double *th, size_t i)
{
    look_t lk = {g, th};
    const char *unknown = NULL;
    double a = 0, b = 0;
    if (adx__expr_eval(g->l[i], lookup, &lk, &a, &unknown) ||
        adx__expr_eval(g->r[i], lookup, &lk, &b, &unknown))
        return NAN;
    return a - b;
}

/* The ncon constraint values at theta into c: -1 when one is not finite. */
static int con_values(const struct adx__sem_gcon *g, const double *th, double *c)
{
    for (size_t i = 0; i < g->ncon; i++)
        if (!isfinite(c[i] = con_one(g, th, i)))
            return -1;
    return 0;
}

/* Their Jacobian (ncon x q0, column-major) at theta by central differences; w: q0 +
 * 2 ncon work. -1 when a value is not finite. */
static int con_jacobian(const struct adx__sem_gcon *g, const double *th, double *J, double *w)
{
    size_t q = g->q0, m = g->ncon;
    double *t = w, *cp = w + q, *cm = cp + m;
    memcpy(t, th, q * sizeof *t);
    for (size_t k = 0; k < q; k++) {
        double h = JAC_STEP * fmax(1.0, fabs(th[k]));
        t[k] = th[k] + h;
        int bad = con_values(g, t, cp);
        t[k] = th[k] - h;
        bad |= con_values(g, t, cm);
        t[k] = th[k];
        if (bad)
            return -1;
        for (size_t i = 0; i < m; i++)
            J[i + k * m] = (cp[i] - cm[i]) / (2 * h);
    }
    return 0;
}

/* ---- null space --------------------------------------------------------------- */

/* SVD of the m x q matrix J (rows scaled to unit length; J and b overwritten): its rank
 * into *rank and, when N is not NULL, the q x (q - rank) orthonormal null space into N;
 * with b (m) also the minimum-norm solution of J x = b into x. -1 when memory runs out
 * or the SVD fails. */
static int null_space(double *J, size_t m, size_t q, double *N, size_t *rank, double *b,
                      double *x)
{
    size_t mm = m ? m : 1, qq = q ? q : 1, ns = m < q ? m : q;
    double *U = malloc(mm * mm * sizeof *U), *Vt = malloc(qq * qq * sizeof *Vt);
    double *sv = malloc((mm + qq) * sizeof *sv), *sup = sv + mm;
    int rc = -1;
    *rank = 0;
    if (!U || !Vt || !sv)
        goto cleanup;
    for (size_t i = 0; i < m; i++) {
        double nrm = 0;
        for (size_t k = 0; k < q; k++)
            nrm += J[i + k * m] * J[i + k * m];
        nrm = nrm > 0 ? 1.0 / sqrt(nrm) : 0.0;
        for (size_t k = 0; k < q; k++)
            J[i + k * m] *= nrm;
        if (b)
            b[i] *= nrm;
    }
    if (m && q &&
        LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'A', 'A', (lapack_int)m, (lapack_int)q, J,
                       (lapack_int)m, sv, U, (lapack_int)m, Vt, (lapack_int)q, sup) != 0)
        goto cleanup;
    for (size_t i = 0; m && q && i < ns; i++)
        *rank += sv[i] > RANK_TOL * sv[0];
    if (!m || !q)
        for (size_t k = 0; k < q * q; k++)
            Vt[k] = (double)(k % (q + 1) == 0);
    for (size_t j = *rank; N && j < q; j++)
        for (size_t k = 0; k < q; k++)
            N[k + (j - *rank) * q] = Vt[j + k * q];
    for (size_t k = 0; x && k < q; k++) {
        double v = 0;
        for (size_t i = 0; i < *rank; i++) {
            double ub = 0;
            for (size_t a = 0; a < m; a++)
                ub += U[a + i * m] * b[a];
            v += Vt[i + k * q] * ub / sv[i];
        }
        x[k] = v;
    }
    rc = 0;
cleanup:
    ADX__FREE(U, Vt, sv);
    return rc;
}

/* ---- building ------------------------------------------------------------------ */

/* The linear form a' theta + a0 of constraint i (a: q0) checked at two further
 * points: 0 when linear, 1 when not; th: q0 work. */
static int linear_in_theta(const struct adx__sem_gcon *g, size_t i, double *th, double *a,
                           double *a0)
{
    size_t q = g->q0;
    memset(th, 0, q * sizeof *th);
    *a0 = con_one(g, th, i);
    if (!isfinite(*a0))
        return 1;
    for (size_t k = 0; k < q; k++) {
        th[k] = 1.0;
        a[k] = con_one(g, th, i) - *a0;
        th[k] = 0.0;
        if (!isfinite(a[k]))
            return 1;
    }
    for (int t = 0; t < 2; t++) {
        double want = *a0;
        for (size_t k = 0; k < q; k++) {
            th[k] = t ? -0.7 + 0.29 * (double)(k % 5) : 0.37 + 0.11 * (double)k;
            want += a[k] * th[k];
        }
        double f = con_one(g, th, i);
        if (!isfinite(f) || fabs(f - want) > 1e-9 * (1.0 + fabs(f)))
            return 1;
    }
    return 0;
}

/* Parses the n constraint lines into g (a '<' line as rhs - lhs >= 0). */
static adx_error_t parse_all(struct adx__sem_gcon *g, const adx_sem_constr_t *const *list,
                             size_t n, adx_errctx_t *ctx)
{
    size_t ep;
    const char *em;
    g->l = calloc(n ? n : 1, sizeof *g->l);
    g->r = calloc(n ? n : 1, sizeof *g->r);
    g->ineq = calloc(n ? n : 1, 1);
    g->line = calloc(n ? n : 1, sizeof *g->line);
    g->nline = n;
    if (!g->l || !g->r || !g->ineq || !g->line)
        return adx_oom(ctx);
    for (size_t i = 0; i < n; i++) {
        g->ncon = i + 1;
        int lt = list[i]->op == '<';
        g->l[i] = adx__expr_parse(lt ? list[i]->rhs : list[i]->lhs, &ep, &em);
        g->r[i] = adx__expr_parse(lt ? list[i]->lhs : list[i]->rhs, &ep, &em);
        g->ineq[i] = list[i]->op != '=';
        if (!g->l[i] || !g->r[i])
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* Moves the linear equalities of g into A (nlin rows; lines: which line each came
 * from), keeping the others in order. */
static adx_error_t split_linear(struct adx__sem_gcon *g, double *a0, size_t *lines,
                                adx_errctx_t *ctx)
{
    size_t q = g->q0, n = g->ncon, keep = 0;
    double *th = malloc((q ? q : 1) * sizeof *th), *a = malloc((q ? q : 1) * sizeof *a);
    g->A = calloc((n ? n : 1) * (q ? q : 1), sizeof *g->A);
    if (!th || !a || !g->A) {
        ADX__FREE(th, a);
        return adx_oom(ctx);
    }
    for (size_t i = 0; i < n; i++) {
        double c0 = 0;
        if (!g->ineq[i] && !linear_in_theta(g, i, th, a, &c0)) {
            for (size_t k = 0; k < q; k++)
                g->A[g->nlin + k * n] = a[k];
            a0[g->nlin] = c0;
            lines[g->nlin++] = i;
            g->line[g->nlin - 1] = i;
            adx__expr_free(g->l[i]);
            adx__expr_free(g->r[i]);
            continue;
        }
        g->l[keep] = g->l[i];
        g->r[keep] = g->r[i];
        g->ineq[keep++] = g->ineq[i];
    }
    g->ncon = keep;
    for (size_t i = 0, k = 0; i < n; i++) { /* the other rows' lines, after A's */
        int lin = 0;
        for (size_t j = 0; j < g->nlin; j++)
            lin |= lines[j] == i;
        if (!lin)
            g->line[g->nlin + k++] = i;
    }
    /* A was laid out with leading dimension n: compact it to nlin */
    for (size_t k = 0; k < q; k++)
        for (size_t i = 0; i < g->nlin; i++)
            g->A[i + k * g->nlin] = g->A[i + k * n];
    ADX__FREE(th, a);
    return ADX_OK;
}

/* K and x0 from the linear rows: theta = x0 + K phi solves A theta + a0 = 0. */
static adx_error_t linear_map(struct adx__sem_gcon *g, const adx_sem_t *s, double *a0,
                              const size_t *lines, const adx_sem_constr_t *const *list,
                              adx_errctx_t *ctx)
{
    size_t q = g->q0, m = g->nlin, rank = 0;
    double *J = malloc((m ? m : 1) * (q ? q : 1) * sizeof *J), *b = malloc((m ? m : 1) * sizeof *b);
    double *N = malloc((q ? q : 1) * (q ? q : 1) * sizeof *N);
    g->x0 = calloc(q ? q : 1, sizeof *g->x0);
    adx_error_t rc = ADX_OK;
    if (!J || !b || !N || !g->x0) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    memcpy(J, g->A, m * q * sizeof *J);
    for (size_t i = 0; i < m; i++)
        b[i] = -a0[i];
    if (null_space(J, m, q, N, &rank, b, g->x0)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < m; i++) {
        double v = a0[i], sc = fabs(a0[i]);
        for (size_t k = 0; k < q; k++) {
            v += g->A[i + k * m] * g->x0[k];
            sc += fabs(g->A[i + k * m] * g->x0[k]);
        }
        if (fabs(v) > 1e-9 * (1.0 + sc)) {
            rc = adx__sem_constr_err(s, list[lines[i]], ctx, "the linear constraints contradict each other "
                                              "(no parameter values satisfy them all); drop "
                                              "one");
            goto cleanup;
        }
    }
    g->q1 = q - rank;
    g->K = N;
    N = NULL;
cleanup:
    ADX__FREE(J, b, N);
    return rc;
}

adx_error_t adx__gcon_build(struct adx__sem_gcon **out, size_t q, adx__gcon_lookup_fn look,
                            const void *lud, const adx_sem_t *src,
                            const adx_sem_constr_t *const *list, size_t n, adx_errctx_t *ctx)
{
    struct adx__sem_gcon *g = calloc(1, sizeof *g);
    double *a0 = malloc((n ? n : 1) * sizeof *a0);
    size_t *lines = malloc((n ? n : 1) * sizeof *lines);
    adx_error_t rc = ADX_OK;
    if (!g || !a0 || !lines) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    g->q0 = q;
    g->look = look;
    g->lud = lud;
    if ((rc = parse_all(g, list, n, ctx)) || (rc = split_linear(g, a0, lines, ctx)) ||
        (rc = linear_map(g, src, a0, lines, list, ctx)))
        goto cleanup;
    *out = g;
    g = NULL;
cleanup:
    adx__sem_gcon_free(g);
    ADX__FREE(a0, lines);
    return rc;
}

adx_error_t adx__sem_gcon_build(adx_sem_t *s, const adx_sem_constr_t *const *list, size_t n,
                                adx_errctx_t *ctx)
{
    struct adx__sem_gcon *g = NULL;
    adx_error_t rc = adx__gcon_build(&g, s->npar, model_lookup, s, s, list, n, ctx);
    if (!rc) {
        adx__sem_gcon_free(s->gcon);
        s->gcon = g;
    }
    return rc;
}

/* ---- the fit ------------------------------------------------------------------- */

/* The augmented Lagrangian on phi (objective ud). */
typedef struct {
    const adx__objective_t *obj;
    const struct adx__sem_gcon *g;
    double *th, *c, *J, *lam, *w; /* q0, m, m x q0, m, q0 + 2m */
    double *gt, *Ht, *gp, *Hp, *hk; /* q0, q0 x q0, q1, q1 x q1, q0 x q1 */
    double mu;
} al_t;

static void to_theta(const struct adx__sem_gcon *g, const double *phi, double *th)
{
    for (size_t k = 0; k < g->q0; k++) {
        double v = g->x0[k];
        for (size_t j = 0; j < g->q1; j++)
            v += g->K[k + j * g->q0] * phi[j];
        th[k] = v;
    }
}

/* c_i, or lambda_i / mu for an inequality beyond it (inactive). */
static double clamped(const al_t *a, size_t i, int *inactive)
{
    double sl = a->lam[i] / a->mu;
    *inactive = a->g->ineq[i] && a->c[i] > sl;
    return *inactive ? sl : a->c[i];
}

static int al_eval(void *ud, const double *phi, double *F)
{
    al_t *a = ud;
    double F0 = 0;
    to_theta(a->g, phi, a->th);
    if (a->obj->eval(a->obj->ud, a->th, &F0) || con_values(a->g, a->th, a->c))
        return -1;
    for (size_t i = 0; i < a->g->ncon; i++) {
        int ina;
        double ci = clamped(a, i, &ina);
        F0 += -a->lam[i] * ci + 0.5 * a->mu * ci * ci;
    }
    *F = F0;
    return 0;
}

/* Gradient and Gauss-Newton information of the Lagrangian in theta, then K' . K. */
static void al_derivs(void *ud, const double **gout, const double **Hout)
{
    al_t *a = ud;
    const struct adx__sem_gcon *g = a->g;
    size_t q = g->q0, m = g->ncon, q1 = g->q1;
    const double *g0, *H0;
    a->obj->derivs(a->obj->ud, &g0, &H0);
    memcpy(a->gt, g0, q * sizeof *a->gt);
    memcpy(a->Ht, H0, q * q * sizeof *a->Ht);
    if (m && con_jacobian(g, a->th, a->J, a->w) == 0)
        for (size_t i = 0; i < m; i++) {
            int ina;
            double ci = clamped(a, i, &ina), f = a->mu * ci - a->lam[i];
            for (size_t k = 0; k < q && !ina; k++) {
                double jk = a->J[i + k * m];
                a->gt[k] += f * jk;
                for (size_t l = 0; l < q; l++)
                    a->Ht[l + k * q] += a->mu * a->J[i + l * m] * jk;
            }
        }
    for (size_t j = 0; j < q1; j++) {
        double v = 0;
        for (size_t k = 0; k < q; k++)
            v += g->K[k + j * q] * a->gt[k];
        a->gp[j] = v;
    }
    /* K' Ht K through HK = Ht K */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)q1, (int)q, 1.0, a->Ht,
                (int)q, g->K, (int)q, 0.0, a->hk, (int)q);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)q1, (int)q1, (int)q, 1.0, g->K,
                (int)q, a->hk, (int)q, 0.0, a->Hp, (int)q1);
    *gout = a->gp;
    *Hout = a->Hp;
}

static void al_free(al_t *a) { ADX__FREE(a->th, a->c, a->J, a->lam, a->w, a->gt, a->Ht, a->gp, a->Hp, a->hk); }

static int al_alloc(al_t *a, const struct adx__sem_gcon *g)
{
    size_t q = g->q0 ? g->q0 : 1, m = g->ncon ? g->ncon : 1, q1 = g->q1 ? g->q1 : 1;
    a->th = malloc(q * sizeof(double));
    a->c = calloc(m, sizeof(double));
    a->J = calloc(m * q, sizeof(double));
    a->lam = calloc(m, sizeof(double));
    a->w = malloc((q + 2 * m) * sizeof(double));
    a->gt = malloc(q * sizeof(double));
    a->Ht = malloc(q * q * sizeof(double));
    a->gp = malloc(q1 * sizeof(double));
    a->Hp = malloc(q1 * q1 * sizeof(double));
    a->hk = malloc(q * q1 * sizeof(double));
    return a->th && a->c && a->J && a->lam && a->w && a->gt && a->Ht && a->gp && a->Hp && a->hk
               ? 0
               : -1;
}

/* Largest violation of the constraints at the last evaluation (clamped inequalities). */
static double violation(const al_t *a)
{
    double v = 0;
    for (size_t i = 0; i < a->g->ncon; i++) {
        int ina;
        v = fmax(v, fabs(clamped(a, i, &ina)));
    }
    return v;
}

int adx__gcon_optimize(const adx__objective_t *obj, const struct adx__sem_gcon *g,
                       const adx_sem_options_t *o, double *th, int *iters, double *Fout)
{
    al_t a = {obj, g, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, MU0};
    double *phi = malloc((g->q1 ? g->q1 : 1) * sizeof *phi), F = NAN;
    int conv = ADX__OPT_NOMEM, it = 0;
    *iters = 0;
    if (!phi || al_alloc(&a, g))
        goto cleanup;
    for (size_t j = 0; j < g->q1; j++) { /* phi = K'(theta - x0) */
        double v = 0;
        for (size_t k = 0; k < g->q0; k++)
            v += g->K[k + j * g->q0] * (th[k] - g->x0[k]);
        phi[j] = v;
    }
    adx__objective_t al = {g->q1, al_eval, al_derivs, &a};
    double kprev = INFINITY;
    for (int outer = 0; outer < OUTER_MAX; outer++) {
        conv = adx__sem_optimize(&al, o, 1, phi, &it, &F);
        *iters += it;
        if (conv < 0 || al_eval(&a, phi, &F))
            break;
        double kv = violation(&a);
        if (!g->ncon || (kv < CON_TOL && conv > 0))
            break;
        if (kv <= kprev / 4) {
            for (size_t i = 0; i < g->ncon; i++) {
                int ina;
                a.lam[i] -= a.mu * clamped(&a, i, &ina);
            }
            kprev = kv;
        } else {
            a.mu *= MU_GROW;
        }
        conv = 0;
    }
    to_theta(g, phi, th);
    if (conv >= 0 && obj->eval(obj->ud, th, &F))
        F = NAN;
cleanup:
    *Fout = F;
    al_free(&a);
    free(phi);
    return conv;
}

int adx__sem_gcon_optimize(const adx__objective_t *obj, const adx_sem_t *s, double *th,
                           int *iters, double *Fout)
{
    return adx__gcon_optimize(obj, s->gcon, &s->opt, th, iters, Fout);
}

/* ---- after the fit ------------------------------------------------------------- */

/* The Jacobian rows of the linear equalities, the nonlinear ones and (with
 * with_active) the active inequalities at theta into J (m_out x q0, allocated), leaving
 * out the rows of line `skip` (none when skip >= g->nline). */
static int active_jacobian(const struct adx__sem_gcon *g, const double *th, int with_active,
                           size_t skip, double **Jout, size_t *mout)
{
    size_t q = g->q0, m = g->ncon, n = 0, qq = q ? q : 1, mm = m ? m : 1;
    double *Jc = malloc(mm * qq * sizeof *Jc), *w = malloc((qq + 2 * mm) * sizeof *w);
    double *c = malloc(mm * sizeof *c), *J = malloc((g->nlin + m + 1) * qq * sizeof *J);
    int rc = -1;
    *Jout = NULL;
    if (!Jc || !w || !c || !J || con_values(g, th, c) || con_jacobian(g, th, Jc, w))
        goto cleanup;
    size_t mt = 0;
    for (size_t i = 0; i < g->nlin; i++)
        mt += g->line[i] != skip;
    for (size_t i = 0; i < m; i++)
        mt += g->line[g->nlin + i] != skip && (!g->ineq[i] || (with_active && c[i] <= ACTIVE_SLACK));
    for (size_t i = 0; i < g->nlin; i++) {
        if (g->line[i] == skip)
            continue;
        for (size_t k = 0; k < q; k++)
            J[n + k * mt] = g->A[i + k * g->nlin];
        n++;
    }
    for (size_t i = 0; i < m; i++) {
        if (g->line[g->nlin + i] == skip || (g->ineq[i] && !(with_active && c[i] <= ACTIVE_SLACK)))
            continue;
        for (size_t k = 0; k < q; k++)
            J[n + k * mt] = Jc[i + k * m];
        n++;
    }
    *Jout = J;
    *mout = n;
    J = NULL;
    rc = 0;
cleanup:
    ADX__FREE(Jc, w, c, J);
    return rc;
}

int adx__gcon_null(const struct adx__sem_gcon *g, const double *th, double **N, size_t *r)
{
    return adx__gcon_null_without(g, th, g->nline, N, r);
}

int adx__gcon_null_without(const struct adx__sem_gcon *g, const double *th, size_t skip,
                           double **N, size_t *r)
{
    size_t q = g->q0, m = 0, rank = 0;
    double *J = NULL;
    *N = malloc((q ? q : 1) * (q ? q : 1) * sizeof **N);
    if (!*N || active_jacobian(g, th, 1, skip, &J, &m) ||
        null_space(J, m, q, *N, &rank, NULL, NULL)) {
        free(J);
        free(*N);
        *N = NULL;
        return -1;
    }
    free(J);
    *r = q - rank;
    return 0;
}

int adx__sem_gcon_null(const adx_sem_t *s, const double *th, double **N, size_t *r)
{
    return adx__gcon_null(s->gcon, th, N, r);
}

size_t adx__gcon_neq(const struct adx__sem_gcon *g, const double *th)
{
    size_t m = 0, rank = 0;
    double *J = NULL;
    if (!g || !th || active_jacobian(g, th, 0, g->nline, &J, &m) ||
        null_space(J, m, g->q0, NULL, &rank, NULL, NULL))
        rank = g ? g->nlin : 0;
    free(J);
    return rank;
}

size_t adx__sem_gcon_neq(const adx_sem_t *s, const double *th)
{
    return adx__gcon_neq(s->gcon, th);
}

size_t adx__gcon_nactive(const struct adx__sem_gcon *g, const double *th)
{
    size_t na = 0, mm = g && g->ncon ? g->ncon : 1;
    double *c = g && th ? malloc(mm * sizeof *c) : NULL;
    if (c && !con_values(g, th, c))
        for (size_t i = 0; i < g->ncon; i++)
            na += g->ineq[i] && c[i] <= ACTIVE_SLACK;
    free(c);
    return na;
}

size_t adx__sem_gcon_nactive(const adx_sem_t *s, const double *th)
{
    return adx__gcon_nactive(s->gcon, th);
}

/* Under general constraints (gcon.c): V = N (N' H N)^-1 N', N the null space of the
 * Jacobian of the equalities and active inequalities at th (the top-left block of
 * lavaan's bordered information inverse). 1 when N' H N is singular, -1 out of memory. */
int adx__gcon_proj_inverse(const struct adx__sem_gcon *g, const double *H, const double *th,
                           size_t q, double *V)
{
    double *N = NULL, *HN = NULL, *M = NULL, *NM = NULL;
    size_t r = 0;
    int rc = -1;
    if (adx__gcon_null(g, th, &N, &r))
        return -1;
    size_t rr = r ? r : 1;
    HN = malloc(q * rr * sizeof *HN);
    M = malloc(rr * rr * sizeof *M);
    NM = malloc(q * rr * sizeof *NM);
    if (!HN || !M || !NM)
        goto cleanup;
    memset(V, 0, q * q * sizeof *V);
    rc = 0;
    if (!r)
        goto cleanup;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)r, (int)q, 1.0, H,
                (int)q, N, (int)q, 0.0, HN, (int)q);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)r, (int)r, (int)q, 1.0, N, (int)q,
                HN, (int)q, 0.0, M, (int)r);
    double rcond = adx__sem_scaled_rcond(M, r);
    if (rcond < 0) {
        rc = -1;
        goto cleanup;
    }
    if (rcond < PROJ_SINGULAR_RCOND || adx__spd_inverse(M, r, NULL)) {
        rc = 1;
        goto cleanup;
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)q, (int)r, (int)r, 1.0, N,
                (int)q, M, (int)r, 0.0, NM, (int)q);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)q, (int)q, (int)r, 1.0, NM,
                (int)q, N, (int)q, 0.0, V, (int)q);
cleanup:
    ADX__FREE(N, HN, M, NM);
    return rc;
}

/* ---- dropping parameters (the ordinal fit fixes the residual variances) ---------- */

/* 1 when constraint i (or linear row i) of g depends on theta[k] (A's column, or the
 * Jacobian at a generic positive point); -1 when the constraints are undefined there or
 * memory runs out. */
static int depends_on(const struct adx__sem_gcon *g, const int *keep)
{
    size_t q = g->q0, m = g->ncon, qq = q ? q : 1, mm = m ? m : 1;
    double *th = calloc(qq, sizeof *th), *J = calloc(mm * qq, sizeof *J);
    double *w = malloc((qq + 2 * mm) * sizeof *w);
    int rc = -1;
    if (!th || !J || !w)
        goto cleanup;
    for (size_t k = 0; k < q; k++)
        th[k] = 0.37 + 0.11 * (double)(k % 7);
    if (m && con_jacobian(g, th, J, w))
        goto cleanup;
    rc = 0;
    for (size_t k = 0; k < q; k++)
        for (size_t i = 0; !keep[k] && i < g->nlin + m; i++)
            rc |= (i < g->nlin ? g->A[i + k * g->nlin] : J[i - g->nlin + k * m]) != 0;
cleanup:
    ADX__FREE(th, J, w);
    return rc;
}

int adx__gcon_drop(struct adx__sem_gcon *g, const int *keep)
{
    size_t q = g->q0, m = g->nlin, qn = 0, rank = 0;
    int dep = depends_on(g, keep);
    if (dep)
        return dep;
    for (size_t k = 0; k < q; k++)
        qn += keep[k] != 0;
    size_t qq = qn ? qn : 1, mm = m ? m : 1;
    double *A = malloc(mm * qq * sizeof *A), *J = malloc(mm * qq * sizeof *J);
    double *b = malloc(mm * sizeof *b), *N = malloc(qq * qq * sizeof *N);
    double *x0 = calloc(qq, sizeof *x0);
    int rc = -1;
    if (!A || !J || !b || !N || !x0)
        goto cleanup;
    for (size_t i = 0; i < m; i++) { /* A x0 + a0 = 0: b = -a0 = A x0 */
        double v = 0;
        for (size_t k = 0; k < q; k++)
            v += g->A[i + k * m] * g->x0[k];
        b[i] = v;
    }
    for (size_t k = 0, c = 0; k < q; k++)
        if (keep[k]) {
            for (size_t i = 0; i < m; i++)
                A[i + c * m] = g->A[i + k * m];
            c++;
        }
    memcpy(J, A, m * qn * sizeof *J);
    if (null_space(J, m, qn, N, &rank, b, x0))
        goto cleanup;
    ADX__FREE(g->A, g->K, g->x0);
    g->A = A;
    g->K = N;
    g->x0 = x0;
    g->q0 = qn;
    g->q1 = qn - rank;
    A = N = x0 = NULL;
    rc = 0;
cleanup:
    ADX__FREE(A, J, b, N, x0);
    return rc;
}

size_t adx__gcon_nlines(const struct adx__sem_gcon *g) { return g ? g->nline : 0; }

int adx__gcon_has_ineq(const struct adx__sem_gcon *g)
{
    for (size_t i = 0; g && i < g->ncon; i++)
        if (g->ineq[i])
            return 1;
    return 0;
}
