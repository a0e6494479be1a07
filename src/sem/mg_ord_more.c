/* Multi-group fits with ordered indicators, the parts beside the fit (mg_ordinal.c):
 *   score tests of the cross-group equalities (lavaan's lavTestScore univariate tests; as
 *     lavaan with robust SEs, the ordinary test): releasing group g's copy u of a shared
 *     parameter, X2 = N/2 d' H^-1 d with H = 2 Da' Wf Da, d = -2 Da' Wf (s - sigma) over
 *     every group's statistics, Da the stacked Jacobian with u's rows moved to a new
 *     column, at the constrained estimates; df 1;
 *   the robust CFI/TLI/RMSEA (lavaan's catML correction, Savalei 2021): the catML
 *     statistics summed over the groups, the trace over all of them with the constrained
 *     information (shared parameters, constraint lines), as lavaan 0.6.14 gives them (NA
 *     once a scale factor or latent mean is free);
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

/* ---- robust CFI/TLI/RMSEA ----------------------------------------------------------- */

/* 1 if no scale factor (theta: residual variance of a y*) or latent mean is free: the
 * models where lavaan 0.6.14's catML model at the DWLS estimates (lav_object_catml) is
 * defined; it gives NA once they are free (thresholds equal across groups). Parameters
 * shared across groups and constraint lines are taken by lavaan's information. */
static int catml_defined(const adx__omg_t *om)
{
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        for (size_t c = og->q + og->nth; c < og->nloc; c++)
            if (og->map[c] != NONE)
                return 0;
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

/* Group og's catML pieces at the estimates: Si (p x p) the inverse of its implied
 * correlation matrix, *T = log|Sigma| - log|R| + tr(R Sigma^-1) - p, *ld = log|R|, *kb =
 * tr(Gamma) over the correlations, Gamma the sample NACOV without a factor (as lavaan
 * here). -1 if a matrix is not positive definite or memory runs out. */
static int catml_group(const adx__og_t *og, double *Si, double *T, double *ld, double *kb)
{
    size_t p = og->p, t = og->o.t, np = og->np, ns = og->ns, nth = og->nth;
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
    if (adx__spd_inverse(Si, p, &ldS) || adx__spd_logdet(Rm, p, ld))
        goto cleanup;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            tr += Rm[i + j * p] * Si[j + i * p];
    *T = ldS - *ld + tr - (double)p;
    *kb = 0;
    for (size_t a = 0; a < np; a++)
        *kb += og->P->gamma[nth + a + (nth + a) * ns];
    rc = 0;
cleanup:
    free(Rm);
    return rc;
}

/* lav_fit_catml_dwls's trace ks = tr(U' V U Gamma) over every group's correlations:
 * U = I - D E^-1 D' W, D the correlation rows of R->Dall, E^-1 = R->Ei (lavaan's inverted
 * information: over the shared parameters, on the null space of the constraint lines),
 * W = f_g W_g, V = diag(f_g V_g) with V_g[(a,b),(c,d)] = Si_ac Si_bd + Si_ad Si_bc (Si: the
 * groups' p x p inverses one after another), Gamma = diag(Gamma_g / f_g). Without shared
 * parameters or lines U is block diagonal and ks the sum over the groups. -1 when memory
 * runs out. */
static int catml_trace(const adx__omg_t *om, const adx__orob_t *R, const double *Si, double *ks)
{
    const adx__mg_t *mg = om->mg;
    size_t G = mg->G, Q = om->Q, ns = R->off[G], p = om->og[0].p, nc = 0;
    for (size_t g = 0; g < G; g++)
        nc += om->og[g].np;
    size_t *row = malloc((nc + 1) * sizeof *row), *grp = malloc((nc + 1) * sizeof *grp);
    double *DE = malloc((nc * Q + 1) * sizeof *DE), *U = malloc((nc * nc + 1) * sizeof *U);
    double *VU = malloc((nc * nc + 1) * sizeof *VU), *Mw = malloc((2 * p * p + 1) * sizeof *Mw);
    int rc = row && grp && DE && U && VU && Mw ? 0 : -1;
    for (size_t g = 0, c = 0; !rc && g < G; g++)
        for (size_t a = 0; a < om->og[g].np; a++, c++) {
            row[c] = R->off[g] + om->og[g].nth + a;
            grp[c] = g;
        }
    for (size_t k = 0; !rc && k < Q; k++) /* DE = D E^-1 */
        for (size_t c = 0; c < nc; c++) {
            double x = 0;
            for (size_t l = 0; l < Q; l++)
                x += R->Dall[row[c] + l * ns] * R->Ei[l + k * Q];
            DE[c + k * nc] = x;
        }
    for (size_t b = 0; !rc && b < nc; b++) /* U = I - D E^-1 D' W */
        for (size_t a = 0; a < nc; a++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += DE[a + k * nc] * R->Dall[row[b] + k * ns];
            U[a + b * nc] = (a == b) - x * R->wf[row[b]];
        }
    for (size_t b = 0; !rc && b < nc; b++) /* V U, group by group: f_h Si_h M Si_h */
        for (size_t h = 0, o = 0; h < G; o += om->og[h++].np) {
            sandwich(Si + h * p * p, U + o + b * nc, p, Mw, VU + o + b * nc);
            for (size_t a = o; a < o + om->og[h].np; a++)
                VU[a + b * nc] *= mg->gr[h].w;
        }
    *ks = 0;
    for (size_t a = 0; !rc && a < nc; a++) /* the diagonal blocks of U' V U Gamma */
        for (size_t b = 0; b < nc; b++) {
            size_t g = grp[a];
            if (grp[b] != g)
                continue;
            const adx__og_t *og = &om->og[g];
            double x = 0;
            for (size_t k = 0; k < nc; k++)
                x += U[k + a * nc] * VU[k + b * nc];
            *ks += x * og->P->gamma[row[b] - R->off[g] + (row[a] - R->off[g]) * og->ns] /
                   mg->gr[g].w;
        }
    ADX__FREE(row, grp, DE, U, VU, Mw);
    return rc;
}

void adx__omg_robust_indices(const adx__omg_t *om, const adx__orob_t *R, adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    size_t p = om->og[0].p;
    double N = (double)mg->N, G = (double)mg->G, X = 0, Xb = 0, ks = 0, kb = 0;
    row->cfi_robust = row->tli_robust = row->rmsea_robust = NAN;
    /* continuous indicators or covariates: NA, as lavaan 0.6.14 */
    if (!catml_defined(om) || om->og[0].P->nnum || om->og[0].o.nx)
        return;
    double *Si = malloc((mg->G * p * p + 1) * sizeof *Si);
    for (size_t g = 0; Si && g < mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        double n = (double)og->P->n, T, ld, kbg;
        if (catml_group(og, Si + g * p * p, &T, &ld, &kbg)) {
            free(Si); /* not positive definite: NaN, as lavaan's NA */
            return;
        }
        X += n * T;
        Xb -= n * ld;
        kb += kbg / mg->gr[g].w;
    }
    int bad = !Si || catml_trace(om, R, Si, &ks);
    free(Si);
    if (bad)
        return;
    double df = row->df, dfb = row->baseline_df, c = ks / df, cb = kb / dfb;
    double t1 = fmax(X - c * df, 0), t2 = fmax(fmax(X - c * df, Xb - cb * dfb), 0);
    row->cfi_robust = t2 > 0 ? 1 - t1 / t2 : 1;
    double u1 = (X - c * df) * dfb, u2 = (Xb - cb * dfb) * df;
    row->tli_robust = df > 0 && fabs(u2) > 0 ? 1 - u1 / u2 : 1;
    row->rmsea_robust = df > 0 ? sqrt(fmax(X - c * df, 0) / (df * (N - G))) * sqrt(G) : 0;
}
