/* Score tests of the cross-group equality constraints of a multi-group fit (lavaan's
 * lavTestScore univariate tests; Sorbom 1989): releasing the equality of a shared
 * parameter in group g (giving that group its own copy u) is the score test
 * X2 = N/2 d' H^-1 d, with d the gradient and H the expected information of F over
 * the global parameters and u at the constrained estimates (d is -dF_g/dtheta_j w_g for
 * the shared parameter and +w_g dF_g/dtheta_j for u, 0 elsewhere at the optimum), df 1.
 * Under general constraint lines (mg_gcon.c) H^-1 is the parameter block of lavaan's
 * bordered inverse [H, R'; R, 0]^-1, N (N' H N)^-1 N' with N the null space of the lines'
 * Jacobian R at the estimates (the released copy u in no line).
 * Formulas: docs/sem.md ("Measurement invariance"). */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

/* Expected information of a FIML fit as lavaan computes it (missing = "ml",
 * information = "expected"): the complete-data information of each missing-data
 * pattern's observed variables at the model's moments, weighted by its share of the
 * cases, H = 2 sum_g (n_g/N) [dmu_o' P dmu_o + 1/2 tr(P dSigma_oo P dSigma_oo)],
 * P = Sigma_oo^-1 (e->fw after the last eval; e->D, e->Mu after the last derivs).
 * -1 when memory runs out. */
static int fiml_expected(const adx__est_t *e, double *H)
{
    const struct adx_sem_fiml *fm = e->fm;
    size_t p = e->p, q = e->q;
    double *dS = calloc(q * p * p + 1, sizeof *dS), *PD = malloc((q * p * p + 1) * sizeof *PD);
    if (!dS || !PD) {
        ADX__FREE(dS, PD);
        return -1;
    }
    for (size_t en = 0; en < e->nent; en++) { /* dSigma/dtheta_k = sum (a b' + b a') */
        const double *a = e->D + 2 * en * p, *b = a + p;
        double *Dk = dS + e->entpar[en] * p * p;
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                Dk[i + j * p] += a[i] * b[j] + b[i] * a[j];
    }
    memset(H, 0, q * q * sizeof *H);
    for (size_t g = 0; g < fm->npat; g++) {
        size_t k = fm->pk[g];
        const size_t *ix = fm->oidx + fm->po[g];
        const double *P = e->fw + fm->pc[g];
        double w = 2.0 * (double)fm->pn[g] / (double)fm->N;
        for (size_t c = 0; c < q; c++) /* PD_c = P dSigma_c,oo (k x k) */
            for (size_t j = 0; j < k; j++)
                for (size_t i = 0; i < k; i++) {
                    double acc = 0;
                    for (size_t l = 0; l < k; l++)
                        acc += P[i + l * k] * dS[ix[l] + ix[j] * p + c * p * p];
                    PD[i + j * k + c * k * k] = acc;
                }
        for (size_t b = 0; b < q; b++)
            for (size_t a = 0; a <= b; a++) {
                double tr = 0, mm = 0;
                const double *A = PD + a * k * k, *B = PD + b * k * k;
                for (size_t j = 0; j < k; j++)
                    for (size_t i = 0; i < k; i++) {
                        tr += A[i + j * k] * B[j + i * k];
                        mm += e->Mu[ix[i] + a * p] * P[i + j * k] * e->Mu[ix[j] + b * p];
                    }
                H[a + b * q] += w * (mm + 0.5 * tr);
                H[b + a * q] = H[a + b * q];
            }
    }
    ADX__FREE(dS, PD);
    return 0;
}

/* The augmented gradient (Qa = Q + 1) and information (Qa^2) with group g's local
 * parameter j moved onto the new parameter Q; g0 >= G and Qa = Q: the global ones. */
static void augmented(const adx__mg_t *mg, double *const *Hg, size_t g0, size_t j0, size_t Qa,
                      double *d, double *H)
{
    memset(d, 0, Qa * sizeof *d);
    memset(H, 0, Qa * Qa * sizeof *H);
    for (size_t g = 0; g < mg->G; g++) {
        const adx__mg_group_t *gr = &mg->gr[g];
        size_t q = gr->model->npar;
        for (size_t j = 0; j < q; j++) {
            size_t a = g == g0 && j == j0 ? mg->npar : gr->map[j];
            d[a] += gr->w * gr->es.g[j];
            for (size_t l = 0; l < q; l++) {
                size_t b = g == g0 && l == j0 ? mg->npar : gr->map[l];
                H[a + b * Qa] += gr->w * Hg[g][j + l * q];
            }
        }
    }
}

/* The parameter row of group g's free parameter j. */
static const adx_sem_param_t *row_of(const adx__mg_group_t *gr, size_t j)
{
    for (size_t r = 0; r < gr->model->nparams; r++)
        if (gr->model->params[r].free > 0 && (size_t)gr->model->params[r].free == j + 1)
            return &gr->model->params[r];
    return NULL;
}

/* The first (group, local) use of global parameter k before group g, or 0. */
static int first_use(const adx__mg_t *mg, size_t k, size_t g, size_t *fg)
{
    for (size_t h = 0; h < g; h++)
        for (size_t j = 0; j < mg->gr[h].model->npar; j++)
            if (mg->gr[h].map[j] == k) {
                *fg = h;
                return 1;
            }
    return 0;
}

int adx__mg_quad_form(double *H, const double *d, size_t Qa, const adx__mg_nulls_t *ns,
                      int extra, double *s)
{
    size_t k = ns->n ? ns->r + (size_t)extra : Qa, Q = Qa - (size_t)extra;
    double *Na = ns->n ? calloc(Qa * k, sizeof *Na) : NULL;
    double *HN = ns->n ? malloc(Qa * k * sizeof *HN) : NULL, *M = H;
    double *x = malloc(k * sizeof *x), *y = malloc(k * sizeof *y);
    int rc = x && y && (!ns->n || (Na && HN)) ? 0 : -1;
    if (!rc && ns->n) {
        for (size_t c = 0; c < ns->r; c++)
            memcpy(Na + c * Qa, ns->n + c * Q, Q * sizeof *Na);
        if (extra)
            Na[Q + ns->r * Qa] = 1.0;
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)Qa, (int)k, (int)Qa, 1.0,
                    H, (int)Qa, Na, (int)Qa, 0.0, HN, (int)Qa);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)k, (int)k, (int)Qa, 1.0, Na,
                    (int)Qa, HN, (int)Qa, 0.0, M, (int)k);
        cblas_dgemv(CblasColMajor, CblasTrans, (int)Qa, (int)k, 1.0, Na, (int)Qa, d, 1, 0.0, y,
                    1);
    } else if (!rc) {
        memcpy(y, d, Qa * sizeof *y);
    }
    if (!rc) {
        memcpy(x, y, k * sizeof *x);
        rc = adx__spd_solve(M, k, x, 1) == ADX_OK ? 0 : 1;
    }
    if (!rc)
        *s = cblas_ddot((int)k, x, 1, y, 1);
    ADX__FREE(Na, HN, x, y);
    return rc;
}

/* One test into t (lhs, rhs copied). -1 when memory runs out. */
static int one_test(const adx__mg_t *mg, double *const *Hg, const adx__mg_nulls_t *ns, size_t g,
                    size_t j, size_t fg, double *d, double *H, adx_sem_score_t *t)
{
    size_t Qa = mg->npar + 1;
    const adx_sem_param_t *pr = row_of(&mg->gr[g], j);
    t->lhs = adx__strdup(pr ? pr->lhs : "");
    t->rhs = adx__strdup(pr ? pr->rhs : "");
    if (!t->lhs || !t->rhs)
        return -1;
    t->op = pr ? pr->op : ADX_SEM_MEASURE;
    t->group = g;
    t->first = fg;
    t->df = 1;
    t->x2 = t->pvalue = NAN;
    augmented(mg, Hg, g, j, Qa, d, H);
    double s = 0;
    int q = adx__mg_quad_form(H, d, Qa, ns, 1, &s);
    if (q < 0)
        return -1;
    if (!q) { /* else not identified when released */
        t->x2 = 0.5 * (double)mg->N * s;
        t->pvalue = gsl_cdf_chisq_Q(t->x2, 1.0);
    }
    return 0;
}

double **adx__mg_group_info(adx__mg_t *mg)
{
    double **Hg = calloc(mg->G, sizeof *Hg);
    for (size_t g = 0; Hg && g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        size_t q = gr->model->npar;
        if (!(Hg[g] = malloc((q * q + 1) * sizeof **Hg)) ||
            (gr->es.fm && fiml_expected(&gr->es, Hg[g]))) {
            for (size_t h = 0; h <= g; h++)
                free(Hg[h]);
            free(Hg);
            return NULL;
        }
        if (!gr->es.fm)
            memcpy(Hg[g], gr->es.H, q * q * sizeof **Hg);
    }
    return Hg;
}

/* X2 = N/2 d' P d (NaN when singular) with P the inverse information on the null space
 * of every line of gc but `skip` (skip >= the lines: none, the plain inverse); d, H the
 * gradient and information over the Q parameters (H copied into Hw). -1 when memory runs
 * out. */
static int line_x2(const struct adx__sem_gcon *gc, double N, size_t Q, const double *th,
                   const double *d, const double *H, double *Hw, size_t skip, double *x2)
{
    adx__mg_nulls_t ns = {NULL, 0};
    double s = 0;
    *x2 = NAN;
    if (skip < adx__gcon_nlines(gc) && adx__gcon_null_without(gc, th, skip, &ns.n, &ns.r))
        return -1;
    memcpy(Hw, H, Q * Q * sizeof *Hw);
    int q = adx__mg_quad_form(Hw, d, Q, &ns, 0, &s);
    free(ns.n);
    if (q < 0)
        return -1;
    if (!q)
        *x2 = 0.5 * N * s;
    return 0;
}

adx_error_t adx__gcon_line_tests(const struct adx__sem_gcon *gc, const adx_sem_constr_t *lines,
                                 double N, size_t Q, const double *d, const double *H,
                                 const double *th, adx_sem_inv_row_t *row)
{
    size_t L = adx__gcon_nlines(gc);
    double *Hw = malloc((Q * Q + 1) * sizeof *Hw);
    row->con_score = calloc(L + 1, sizeof *row->con_score);
    adx_error_t rc = Hw && row->con_score ? ADX_OK : ADX_ENOMEM;
    for (size_t i = 0; !rc && i < L; i++) {
        adx_sem_score_t *t = &row->con_score[row->ncon_score++];
        t->lhs = adx__strdup(lines[i].lhs);
        t->rhs = adx__strdup(lines[i].rhs);
        t->df = 1;
        if (!t->lhs || !t->rhs || line_x2(gc, N, Q, th, d, H, Hw, i, &t->x2))
            rc = ADX_ENOMEM;
        t->pvalue = isfinite(t->x2) ? gsl_cdf_chisq_Q(t->x2, 1.0) : NAN;
    }
    if (!rc && line_x2(gc, N, Q, th, d, H, Hw, L, &row->con_total_x2))
        rc = ADX_ENOMEM;
    if (!rc && isfinite(row->con_total_x2)) {
        row->con_total_df = (double)L;
        row->con_total_pvalue = gsl_cdf_chisq_Q(row->con_total_x2, (double)L);
    }
    free(Hw);
    return rc;
}

adx_error_t adx__mg_line_tests(const adx__mg_t *mg, size_t Q, const double *th, const double *d,
                               const double *H, adx_sem_inv_row_t *row)
{
    return adx__gcon_line_tests(mg->gcon, mg->gsyn->constr, (double)mg->N, Q, d, H, th, row);
}

/* lavTestScore's tests of the constraint lines themselves (every line an equality; all
 * lines through gcon.c): releasing line i alone (the other lines and the cross-group
 * equalities kept), and all of them together (df the number of lines). */
static adx_error_t line_tests(const adx__mg_t *mg, double *const *Hg, const double *th,
                              adx_sem_inv_row_t *row)
{
    size_t Q = mg->npar;
    double *d = malloc((Q + 1) * sizeof *d), *H = malloc((Q * Q + 1) * sizeof *H);
    adx_error_t rc = d && H ? ADX_OK : ADX_ENOMEM;
    if (!rc) {
        augmented(mg, Hg, mg->G, 0, Q, d, H);
        rc = adx__mg_line_tests(mg, Q, th, d, H, row);
    }
    ADX__FREE(d, H);
    return rc;
}

adx_error_t adx__mg_score_tests(adx__mg_t *mg, const double *th, adx_sem_inv_row_t *row)
{
    double F;
    size_t Qa = mg->npar + 1, cap = 0;
    if (adx__mg_eval_at(mg, th, &F)) /* gradients and information at th */
        return ADX_OK;
    for (size_t g = 1; g < mg->G; g++)
        cap += mg->gr[g].model->npar;
    double *d = malloc(Qa * sizeof *d), *H = malloc(Qa * Qa * sizeof *H);
    double **Hg = adx__mg_group_info(mg);
    adx__mg_nulls_t ns = {NULL, 0};
    row->score = calloc(cap + 1, sizeof *row->score);
    adx_error_t rc = d && H && Hg && row->score ? ADX_OK : ADX_ENOMEM;
    if (!rc && mg->gcon && adx__gcon_null(mg->gcon, th, &ns.n, &ns.r))
        rc = ADX_ENOMEM;
    for (size_t k = 0; !rc && k < mg->npar; k++)
        for (size_t g = 1; !rc && g < mg->G; g++)
            for (size_t j = 0, fg = 0; !rc && j < mg->gr[g].model->npar; j++)
                if (mg->gr[g].map[j] == k && first_use(mg, k, g, &fg) &&
                    one_test(mg, Hg, &ns, g, j, fg, d, H, &row->score[row->nscore++]))
                    rc = ADX_ENOMEM;
    if (!rc && mg->gcon && mg->gsyn && !adx__gcon_has_ineq(mg->gcon))
        rc = line_tests(mg, Hg, th, row);
    adx__mg_group_info_free(mg, Hg);
    ADX__FREE(d, H, ns.n);
    return rc;
}

void adx__mg_group_info_free(const adx__mg_t *mg, double **Hg)
{
    for (size_t g = 0; Hg && g < mg->G; g++)
        free(Hg[g]);
    free(Hg);
}
