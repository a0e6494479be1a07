/* Multi-group fits with ordered indicators, the parts beside the fit (mg_ordinal.c):
 *   score tests of the cross-group equalities (lavaan's lavTestScore univariate tests; as
 *     lavaan with robust SEs, the ordinary test): releasing group g's copy u of a shared
 *     parameter, X2 = N/2 d' H^-1 d with H = 2 Da' Wf Da, d = -2 Da' Wf (s - sigma) over
 *     every group's statistics, Da the stacked Jacobian with u's rows moved to a new
 *     column, at the constrained estimates; df 1;
 *   the robust CFI/TLI/RMSEA (lavaan's catML correction, Savalei 2021): the catML
 *     statistics summed over the groups, the trace over all of them with the constrained
 *     information (shared parameters, constraint lines), as lavaan 0.6.14 gives them (NA
 *     once thresholds are shared across groups);
 * Formulas: docs/sem.md ("Ordered indicators with groups"). */
#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

#define NONE ADX__OG_FIXED

/* ---- group.partial terms of the ordinal parameters ----------------------------------- */

int adx__mg_ordinal_term(const adx_sem_t *m, const adx__mg_term_t *t)
{
    const adx_sem_ordinal_t *od = m->ordinal;
    if (!m->opt.ordered || !od)
        return 0;
    if (t->op == ADX_SEM_SCALE) {
        for (size_t j = 0; j < m->p; j++)
            if (!strcmp(m->names[j], t->lhs) && !strcmp(t->lhs, t->rhs))
                return 1;
        return 0;
    }
    if (t->op == ADX_SEM_INTERCEPT) { /* a latent mean ("F ~ 1") or a continuous
                                         * indicator's intercept ("x4 ~ 1") */
        for (size_t j = 0; j < m->p + m->m; j++)
            if (!strcmp(m->names[j], t->lhs) && (j >= m->p || (od->numeric && od->numeric[j])))
                return 1;
        return 0;
    }
    char num[32];
    for (size_t k = 0; t->op == ADX_SEM_THRESHOLD && k < od->nth; k++) {
        snprintf(num, sizeof num, "t%d", od->th_k[k]);
        if (od->th_k[k] > 0 && !strcmp(od->th_var[k], t->lhs) && !strcmp(num, t->rhs))
            return 1;
    }
    return 0;
}

/* ---- score tests ------------------------------------------------------------------- */

/* Names of local parameter c of group og (model row, threshold, scale, latent mean). */
static int local_name(const adx__omg_t *om, size_t g, size_t c, adx_sem_score_t *t)
{
    const adx__og_t *og = &om->og[g];
    const adx_sem_t *m = om->mg->gr[g].model;
    char rhs[32] = "";
    const char *lhs = "";
    if (c < og->q) {
        for (size_t r = 0; r < m->nparams; r++)
            if (m->params[r].free == (int)c + 1) {
                lhs = m->params[r].lhs;
                snprintf(rhs, sizeof rhs, "%.31s", m->params[r].rhs);
                t->op = m->params[r].op;
                break;
            }
    } else if (c < og->q + og->nth) { /* a continuous indicator's intercept: "x4 ~ 1" */
        size_t k = c - og->q, j = og->var_of[k];
        lhs = m->names[j];
        if (!adx__og_num(og, j))
            snprintf(rhs, sizeof rhs, "t%zu", adx__og_tnum(og, k));
        t->op = adx__og_num(og, j) ? ADX_SEM_INTERCEPT : ADX_SEM_THRESHOLD;
    } else if (c < og->q + og->nth + og->p) {
        lhs = m->names[c - og->q - og->nth];
        snprintf(rhs, sizeof rhs, "%.31s", lhs);
        t->op = ADX_SEM_SCALE;
    } else {
        lhs = m->names[c - og->q - og->nth];
        t->op = ADX_SEM_INTERCEPT;
    }
    t->lhs = adx__strdup(lhs);
    t->rhs = adx__strdup(rhs);
    return t->lhs && t->rhs ? 0 : -1;
}

/* d (Qa) and H (Qa x Qa) of the DWLS objective over the columns of Da (nsall x Qa) at the
 * estimates: H = 2 Da' Wf Da (lavaan's information), d = -2 Da' Wf (s - sigma) (the
 * objective's weights). */
static void score_parts(const adx__omg_t *om, const adx__orob_t *R, const double *Da, size_t Qa,
                        double *d, double *H)
{
    size_t ns = R->off[om->mg->G];
    for (size_t j = 0; j < Qa; j++) {
        double x = 0;
        for (size_t gg = 0, a = 0; gg < om->mg->G; gg++)
            for (size_t b = 0; b < om->og[gg].ns; b++, a++)
                x += Da[a + j * ns] * om->mg->gr[gg].w * om->og[gg].w[b] *
                     (om->og[gg].s[b] - om->og[gg].sig[b]);
        d[j] = -2 * x;
        for (size_t i = 0; i <= j; i++) {
            double h = 0;
            for (size_t a = 0; a < ns; a++)
                h += Da[a + i * ns] * R->wf[a] * Da[a + j * ns];
            H[i + j * Qa] = H[j + i * Qa] = 2 * h;
        }
    }
}

/* X2 of releasing group g's copy of global parameter k (rows o..o+n of R->Dall), under
 * constraint lines on their null space nl (the copy in none of them); ws holds
 * (Q + 1) (ns + Q + 3). NaN when the augmented information is singular. */
static double one_score(const adx__omg_t *om, const adx__orob_t *R, const adx__mg_nulls_t *nl,
                        size_t k, size_t g, double *ws)
{
    size_t Q = om->Q, Qa = Q + 1, ns = R->off[om->mg->G], o = R->off[g], n = R->off[g + 1] - o;
    double *Da = ws, *H = Da + ns * Qa, *d = H + Qa * Qa, s = 0;
    memcpy(Da, R->Dall, ns * Q * sizeof *Da);
    memset(Da + ns * Q, 0, ns * sizeof *Da);
    for (size_t a = o; a < o + n; a++) {
        Da[a + Q * ns] = Da[a + k * ns];
        Da[a + k * ns] = 0;
    }
    score_parts(om, R, Da, Qa, d, H);
    if (adx__mg_quad_form(H, d, Qa, nl, 1, &s))
        return NAN;
    return 0.5 * (double)om->mg->N * s;
}

/* The first group before g with a local parameter on global k, or NONE; *cg: group g's
 * local parameter on k (NONE if none). */
static size_t first_user(const adx__omg_t *om, size_t k, size_t g, size_t *cg)
{
    for (size_t c = 0; c < om->og[g].nloc; c++)
        if (om->og[g].map[c] == k) {
            *cg = c;
            break;
        }
    for (size_t h = 0; h < g; h++)
        for (size_t c = 0; c < om->og[h].nloc; c++)
            if (om->og[h].map[c] == k)
                return h;
    return NONE;
}

adx_error_t adx__omg_score_tests(const adx__omg_t *om, const adx__orob_t *R, const double *th,
                                 adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    size_t Q = om->Q, ns = R->off[mg->G], cap = 0;
    for (size_t g = 1; g < mg->G; g++)
        cap += om->og[g].nloc;
    double *ws = malloc(((Q + 1) * (ns + Q + 3) + 1) * sizeof *ws);
    adx__mg_nulls_t nl = {NULL, 0};
    row->score = calloc(cap + 1, sizeof *row->score);
    row->nscore = 0;
    adx_error_t rc = ws && row->score ? ADX_OK : ADX_ENOMEM;
    if (!rc && mg->gcon && adx__gcon_null(mg->gcon, th, &nl.n, &nl.r))
        rc = ADX_ENOMEM;
    for (size_t k = 0; !rc && k < Q; k++)
        for (size_t g = 1; !rc && g < mg->G; g++) {
            size_t c = NONE, fg = first_user(om, k, g, &c);
            if (fg == NONE || c == NONE)
                continue;
            adx_sem_score_t *t = &row->score[row->nscore++];
            t->group = g;
            t->first = fg;
            t->df = 1;
            if (local_name(om, g, c, t)) {
                rc = ADX_ENOMEM;
                break;
            }
            t->x2 = one_score(om, R, &nl, k, g, ws);
            t->pvalue = isnan(t->x2) ? NAN : gsl_cdf_chisq_Q(fmax(t->x2, 0), 1.0);
        }
    /* the lines themselves (all equalities), at the gradient and information over Q */
    if (!rc && mg->gcon && mg->gsyn && !adx__gcon_has_ineq(mg->gcon)) {
        double *H = ws, *d = H + Q * Q;
        score_parts(om, R, R->Dall, Q, d, H);
        rc = adx__mg_line_tests(mg, Q, th, d, H, row);
    }
    ADX__FREE(ws, nl.n);
    return rc;
}

/* ---- robust CFI/TLI/RMSEA (catML) ---------------------------------------------------- */

/* 1 if no threshold is shared across groups and no scale factor, residual variance (theta)
 * or latent mean is free: the models where lavaan 0.6.14's catML refit (lav_object_catml)
 * succeeds (it drops the thresholds and means, and then fails on the equality constraints
 * that name them; model parameters shared across groups or by constraint lines stay). */
static int catml_ok(const adx__omg_t *om)
{
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        for (size_t c = og->q; c < og->nloc; c++) {
            size_t k = og->map[c];
            if (k == NONE)
                continue;
            if (c >= og->q + og->nth)
                return 0;
            for (size_t h = 0; h < om->mg->G; h++)
                for (size_t c2 = 0; h != g && c2 < om->og[h].nloc; c2++)
                    if (om->og[h].map[c2] == k)
                        return 0;
        }
    }
    return 1;
}

/* out (p(p-1)/2, below the diagonal column by column) = the off-diagonal entries of
 * Si M Si, M symmetric with u below the diagonal and 0 on it: the normal-theory weight
 * V[(i,j),(c,d)] = Si_ic Si_jd + Si_id Si_jc times u. ws: 2 p^2. */
static void sandwich(const double *Si, const double *u, size_t p, double *ws, double *out)
{
    double *M = ws, *SM = ws + p * p;
    for (size_t j = 0, k = 0; j < p; j++) {
        M[j + j * p] = 0;
        for (size_t i = j + 1; i < p; i++, k++)
            M[i + j * p] = M[j + i * p] = u[k];
    }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p, (int)p, 1.0, Si,
                (int)p, M, (int)p, 0.0, SM, (int)p);
    for (size_t j = 0, k = 0; j < p; j++)
        for (size_t i = j + 1; i < p; i++, k++) {
            double x = 0;
            for (size_t l = 0; l < p; l++)
                x += SM[i + l * p] * Si[l + j * p];
            out[k] = x;
        }
}

/* Group og's catML statistic at the estimates: *T = log|Sigma| - log|R| + tr(R Sigma^-1) -
 * p, *ld = log|R|, Si = Sigma^-1 (p x p, Sigma the implied correlations), *kb = tr(Gamma)
 * over the correlations (the sample NACOV without a factor, as lavaan here). -1 if a
 * matrix is not positive definite or memory runs out. */
static int catml_stat(const adx__og_t *og, double *Si, double *T, double *ld, double *kb)
{
    size_t p = og->p, t = og->o.t, ns = og->ns, nth = og->nth;
    double *Rm = malloc((p * p + 1) * sizeof *Rm), ldS = 0, tr = 0;
    int rc = -1;
    if (!Rm)
        return -1;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            if (og->theta)
                Si[i + j * p] = i == j ? 1 : og->o.C0[i + j * t] * og->tsd[i] * og->tsd[j];
            else /* as one group */
                Si[i + j * p] = i == j && !og->o.nrv ? 1 : og->o.C1[i + j * t];
            Rm[i + j * p] = og->P->r[i + j * p];
        }
    if (!adx__spd_inverse(Si, p, &ldS) && !adx__spd_logdet(Rm, p, ld)) {
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++)
                tr += Rm[i + j * p] * Si[j + i * p];
        *T = ldS - *ld + tr - (double)p;
        *kb = 0;
        for (size_t a = nth; a < ns; a++)
            *kb += og->P->gamma[a + a * ns];
        rc = 0;
    }
    free(Rm);
    return rc;
}

/* lavaan's ks = tr(U' V U Gamma) over every group's correlations (U = I - D E^-1 D' Wf with
 * E^-1 = R->Ei over all parameters, V = diag(f_k V_k), V_k[(a,b),(c,d)] = Si_ac Si_bd +
 * Si_ad Si_bc, Gamma = diag(Gamma_g / f_g)): sum over k, g of f_k / f_g tr(U_kg' V_k U_kg
 * Gamma_g). Si: the groups' p x p inverses one after the other. NaN when memory runs out. */
static double catml_ks(const adx__omg_t *om, const adx__orob_t *R, const double *Si)
{
    size_t Q = om->Q, G = om->mg->G, ns = R->off[G], mp = 0, mq = 0;
    for (size_t g = 0; g < G; g++) {
        mp = om->og[g].np > mp ? om->og[g].np : mp;
        mq = om->og[g].p > mq ? om->og[g].p : mq;
    }
    double *Z = malloc((Q * mp + 3 * mp * mp + 2 * mq * mq + 1) * sizeof *Z), ks = 0;
    if (!Z)
        return NAN;
    double *U = Z + Q * mp, *VU = U + mp * mp, *Mw = VU + mp * mp;
    for (size_t g = 0; g < G; g++) {
        const adx__og_t *og = &om->og[g];
        size_t n = og->np, o = R->off[g] + og->nth;
        for (size_t b = 0; b < n; b++) /* Z = E^-1 D_g' Wf_g over the correlations */
            for (size_t i = 0; i < Q; i++) {
                double x = 0;
                for (size_t k = 0; k < Q; k++)
                    x += R->Ei[i + k * Q] * R->Dall[o + b + k * ns];
                Z[i + b * Q] = x * R->wf[o + b];
            }
        const double *Sk = Si;
        for (size_t kg = 0; kg < G; kg++) {
            const adx__og_t *ok = &om->og[kg];
            size_t nk = ok->np, r0 = R->off[kg] + ok->nth;
            for (size_t b = 0; b < n; b++) {
                for (size_t a = 0; a < nk; a++) {
                    double x = 0;
                    for (size_t k = 0; k < Q; k++)
                        x += R->Dall[r0 + a + k * ns] * Z[k + b * Q];
                    U[a + b * nk] = (kg == g && a == b) - x;
                }
                sandwich(Sk, U + b * nk, ok->p, Mw, VU + b * nk);
            }
            double x = 0;
            for (size_t b = 0; b < n; b++)
                for (size_t a = 0; a < n; a++) {
                    double y = 0;
                    for (size_t r = 0; r < nk; r++)
                        y += U[r + a * nk] * VU[r + b * nk];
                    x += y * og->P->gamma[og->nth + b + (og->nth + a) * og->ns];
                }
            ks += x * om->mg->gr[kg].w / om->mg->gr[g].w;
            Sk += ok->p * ok->p;
        }
    }
    free(Z);
    return ks;
}

void adx__omg_robust_indices(const adx__omg_t *om, const adx__orob_t *R, adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    double N = (double)mg->N, G = (double)mg->G, X = 0, Xb = 0, kb = 0;
    size_t nsi = 0;
    row->cfi_robust = row->tli_robust = row->rmsea_robust = NAN;
    /* continuous indicators or covariates: NA, as lavaan 0.6.14 */
    if (!R || !catml_ok(om) || om->og[0].P->nnum || om->og[0].o.nx)
        return;
    for (size_t g = 0; g < mg->G; g++)
        nsi += om->og[g].p * om->og[g].p;
    double *Si = malloc((nsi + 1) * sizeof *Si), *Sg = Si;
    for (size_t g = 0; Si && g < mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        double n = (double)og->P->n, T, ld, kbg;
        if (catml_stat(og, Sg, &T, &ld, &kbg)) {
            free(Si);
            return; /* not positive definite: NaN, as lavaan's NA */
        }
        X += n * T;
        Xb -= n * ld;
        kb += kbg / mg->gr[g].w;
        Sg += og->p * og->p;
    }
    double ks = Si ? catml_ks(om, R, Si) : NAN;
    free(Si);
    double df = row->df, dfb = row->baseline_df, c = ks / df, cb = kb / dfb;
    if (isnan(ks))
        return;
    double t1 = fmax(X - c * df, 0), t2 = fmax(fmax(X - c * df, Xb - cb * dfb), 0);
    row->cfi_robust = t2 > 0 ? 1 - t1 / t2 : 1;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    row->tli_robust = df > 0 && fabs(u2) > 0 ? 1 - u1 / u2 : 1;
    row->rmsea_robust = df > 0 ? sqrt(fmax(X - c * df, 0) / (df * (N - G))) * sqrt(G) : 0;
}
