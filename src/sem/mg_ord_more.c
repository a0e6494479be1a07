/* Multi-group fits with ordered indicators, the parts beside the fit (mg_ordinal.c):
 *   score tests of the cross-group equalities (lavaan's lavTestScore univariate tests; as
 *     lavaan with robust SEs, the ordinary test): releasing group g's copy u of a shared
 *     parameter, X2 = N/2 d' H^-1 d with H = 2 Da' Wf Da, d = -2 Da' Wf (s - sigma) over
 *     every group's statistics, Da the stacked Jacobian with u's rows moved to a new
 *     column, at the constrained estimates; df 1;
 *   the robust CFI/TLI/RMSEA (lavaan's catML correction, Savalei 2021) of the configural
 *     model, summed over the groups, as lavaan 0.6.14 gives them (NA once any parameter
 *     is shared across groups);
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

/* X2 of releasing group g's copy of global parameter k (rows o..o+n of R->Dall); ws
 * holds (Q + 1) (ns + Q + 3). NaN when the augmented information is singular. */
static double one_score(const adx__omg_t *om, const adx__orob_t *R, size_t k, size_t g,
                        double *ws)
{
    size_t Q = om->Q, Qa = Q + 1, ns = R->off[om->mg->G], o = R->off[g], n = R->off[g + 1] - o;
    double *Da = ws, *H = Da + ns * Qa, *d = H + Qa * Qa;
    memcpy(Da, R->Dall, ns * Q * sizeof *Da);
    memset(Da + ns * Q, 0, ns * sizeof *Da);
    for (size_t a = o; a < o + n; a++) {
        Da[a + Q * ns] = Da[a + k * ns];
        Da[a + k * ns] = 0;
    }
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
    double *x = d + Qa, s = 0;
    memcpy(x, d, Qa * sizeof *x);
    if (adx__spd_solve(H, Qa, x, 1) != ADX_OK)
        return NAN;
    for (size_t a = 0; a < Qa; a++)
        s += d[a] * x[a];
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

adx_error_t adx__omg_score_tests(const adx__omg_t *om, const adx__orob_t *R,
                                 adx_sem_inv_row_t *row)
{
    size_t Q = om->Q, ns = R->off[om->mg->G], cap = 0;
    for (size_t g = 1; g < om->mg->G; g++)
        cap += om->og[g].nloc;
    double *ws = malloc(((Q + 1) * (ns + Q + 3) + 1) * sizeof *ws);
    row->score = calloc(cap + 1, sizeof *row->score);
    row->nscore = 0;
    adx_error_t rc = ws && row->score ? ADX_OK : ADX_ENOMEM;
    for (size_t k = 0; !rc && k < Q; k++)
        for (size_t g = 1; !rc && g < om->mg->G; g++) {
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
            t->x2 = one_score(om, R, k, g, ws);
            t->pvalue = isnan(t->x2) ? NAN : gsl_cdf_chisq_Q(fmax(t->x2, 0), 1.0);
        }
    free(ws);
    return rc;
}

/* ---- robust CFI/TLI/RMSEA of the configural model ---------------------------------- */

/* 1 if no parameter is shared across groups and no scale factor or latent mean is free:
 * the models where lavaan 0.6.14's catML refit (lav_object_catml) succeeds. */
static int configural(const adx__omg_t *om)
{
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        for (size_t c = 0; c < og->nloc; c++) {
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

/* Group og's catML pieces at the estimates: *T = log|Sigma| - log|R| + tr(R Sigma^-1) - p,
 * *ld = log|R|, *ks = tr(U' V U Gamma) over the correlations (U = I - D E^-1 D' W with E
 * over the group's free parameters, V[(a,b),(c,d)] = Si_ac Si_bd + Si_ad Si_bc), *kb =
 * tr(Gamma), Gamma the sample NACOV without a factor (as lavaan here). -1 if a matrix is not positive definite or memory runs out. */
static int catml_group(const adx__og_t *og, double *T, double *ld, double *ks,
                       double *kb)
{
    size_t p = og->p, t = og->o.t, np = og->np, ns = og->ns, nth = og->nth, nf = 0;
    size_t *fr = malloc((og->nloc + 1) * sizeof *fr);
    double *Si = malloc((4 * p * p + 3 * np * np + og->nloc * og->nloc + 1) * sizeof *Si);
    int rc = -1;
    if (!fr || !Si)
        goto cleanup;
    double *Rm = Si + p * p, *U = Rm + p * p, *VU = U + np * np, *T1 = VU + np * np,
           *E = T1 + np * np, *Mw = E + og->nloc * og->nloc, ldS = 0, tr = 0;
    for (size_t c = 0; c < og->nloc; c++)
        if (og->map[c] != NONE)
            fr[nf++] = c;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) {
            if (og->theta)
                Si[i + j * p] = i == j ? 1 : og->o.C0[i + j * t] * og->tsd[i] * og->tsd[j];
            else /* as one group */
                Si[i + j * p] = i == j && !og->o.nrv ? 1 : og->o.C1[i + j * t];
            Rm[i + j * p] = og->P->r[i + j * p];
        }
    if (adx__spd_inverse(Si, p, &ldS) || adx__spd_logdet(Rm, p, ld))
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            tr += Rm[i + j * p] * Si[j + i * p];
    *T = ldS - *ld + tr - (double)p;
    for (size_t b = 0; b < nf; b++)
        for (size_t a = 0; a < nf; a++) {
            double x = 0;
            for (size_t r = 0; r < ns; r++)
                x += og->D[r + fr[a] * ns] * og->w[r] * og->D[r + fr[b] * ns];
            E[a + b * nf] = x;
        }
    if (adx__spd_inverse(E, nf, NULL))
        goto cleanup;
    for (size_t b = 0; b < np; b++)
        for (size_t a = 0; a < np; a++) {
            double x = 0;
            for (size_t k = 0; k < nf; k++)
                for (size_t l = 0; l < nf; l++)
                    x += og->D[nth + a + fr[k] * ns] * E[k + l * nf] * og->D[nth + b + fr[l] * ns];
            U[a + b * np] = (a == b) - x * og->w[nth + b];
        }
    for (size_t cc = 0; cc < np; cc++) /* column cc of V U: Si M Si, M = U's column as a */
        sandwich(Si, U + cc * np, p, Mw, VU + cc * np); /* symmetric matrix, 0 diagonal */
    for (size_t b = 0; b < np; b++) /* T1 = U' V U */
        for (size_t a = 0; a < np; a++) {
            double x = 0;
            for (size_t k = 0; k < np; k++)
                x += U[k + a * np] * VU[k + b * np];
            T1[a + b * np] = x;
        }
    *ks = *kb = 0;
    for (size_t a = 0; a < np; a++) {
        *kb += og->P->gamma[nth + a + (nth + a) * ns];
        for (size_t b = 0; b < np; b++)
            *ks += T1[a + b * np] * og->P->gamma[nth + b + (nth + a) * ns];
    }
    rc = 0;
cleanup:
    ADX__FREE(fr, Si);
    return rc;
}

void adx__omg_robust_indices(const adx__omg_t *om, adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    double N = (double)mg->N, G = (double)mg->G, X = 0, Xb = 0, ks = 0, kb = 0;
    row->cfi_robust = row->tli_robust = row->rmsea_robust = NAN;
    /* continuous indicators or covariates: NA, as lavaan 0.6.14 */
    if (!configural(om) || om->og[0].P->nnum || om->og[0].o.nx)
        return;
    for (size_t g = 0; g < mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        double n = (double)og->P->n, T, ld, ksg, kbg;
        if (catml_group(og, &T, &ld, &ksg, &kbg))
            return; /* not positive definite: NaN, as lavaan's NA */
        X += n * T;
        Xb -= n * ld;
        ks += ksg;
        kb += kbg / mg->gr[g].w;
    }
    double df = row->df, dfb = row->baseline_df, c = ks / df, cb = kb / dfb;
    double t1 = fmax(X - c * df, 0), t2 = fmax(fmax(X - c * df, Xb - cb * dfb), 0);
    row->cfi_robust = t2 > 0 ? 1 - t1 / t2 : 1;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    row->tli_robust = df > 0 && fabs(u2) > 0 ? 1 - u1 / u2 : 1;
    row->rmsea_robust = df > 0 ? sqrt(fmax(X - c * df, 0) / (df * (N - G))) * sqrt(G) : 0;
}
