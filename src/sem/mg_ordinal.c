/* Multi-group categorical CFA (lavaan's cfa(..., ordered = TRUE, group =, group.equal =),
 * WLSMV or ULSMV; the theta parameterization: mg_ord_theta.c).
 *
 * Per group g: thresholds, polychoric correlations and their Gamma_g; the model's loadings,
 * factor (co)variances, ...; thresholds tau, scale factors d (the ~*~ rows: 1 / SD of the
 * latent responses) and latent means alpha. The implied statistics are
 *     tau*_jk = d_j (tau_jk - mu_j),   rho_ab = d_a d_b (B S0 B')_ab,   mu = B alpha,
 * S0 the model's (co)variances without the indicators' residual variances, which follow as
 * theta_jj = 1 / d_j^2 - the common part. Continuous indicators among the ordered ones
 * (lavaan's ordered = c(...)) enter by their means mu_j, mu = B m with m holding the latent
 * means and their free intercepts nu_j (which so reach what they predict; equal
 * with the thresholds: lavaan ties "intercepts" and "thresholds"), their variances and
 * covariances (B S0 B', free residual variances, equal under "residuals"); d_j = 1 for them. Scale factors are 1 and latent means 0 in the
 * first group; with the thresholds equal across groups both are free in the others
 * (lavaan's rule, Wu & Estabrook 2016), latent means unless "means" is equal too.
 *   F = sum_g f_g c_g (s_g - sigma_g)' W_g (s_g - sigma_g), f_g = n_g / N, W_g = diag(Gamma_g)^-1,
 * c_g = (n_g - 1) / n_g,
 * minimised by Gauss-Newton scoring; V = E^-1 J E^-1 / N with E = sum_g f_g D_g' W_g D_g and
 * J = sum_g f_g D_g' W_g Gamma_g W_g D_g. T = N F; scaled-shifted with U = Wf - Wf D E^-1 D' Wf
 * over all groups' statistics, Wf = diag(f_g W_g), and Gamma = diag(Gamma_g / f_g) (lavaan
 * >= 0.6-13: the whole U Gamma, not per group). As lavaan 0.6.14: the objective is its fx,
 * which carries (n_g - 1) / n_g besides W_g; E, J, U and the traces use W_g itself (its
 * WLS.V) with the sample NACOV Gamma_g in the tests and Gamma_g N / (N - G) in V (measured
 * against it, to 3e-7 in chi2). ULSMV: W_g = I.
 * Between levels: Satorra's (2000) scaled-shifted difference (lavTestLRT's default for
 * WLSMV, A.method = "delta"). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

#define NONE ADX__OG_FIXED

static void og_free(adx__og_t *og)
{
    adx_polychoric_free(og->P);
    if (og->have_o)
        adx__ord_free(&og->o);
    ADX__FREE(og->wr, og->s, og->w, og->gam, og->loc, og->sig, og->D, og->mu, og->map, og->var_of);
    free(og->mv);
    free(og->tsd);
    free(og->tcol);
}

/* The means mu = B m of the model's variables at the last fill, m the latent means alpha
 * and the continuous indicators' intercepts nu_j (their local "threshold" slots): lavaan's
 * structural intercepts, which reach the variables a continuous indicator predicts (their
 * thresholds and means), as its phantom latent's mean does. */
static void og_means(adx__og_t *og, const double *tau, const double *al)
{
    size_t p = og->p, t = og->o.t;
    double *m = og->mv;
    memset(m, 0, t * sizeof *m);
    for (size_t l = p; l < t; l++)
        m[l] = al[l - p];
    for (size_t k = 0; k < og->nth; k++)
        if (adx__og_num(og, og->var_of[k]))
            m[og->var_of[k]] = tau[k];
    for (size_t i = 0; i < t; i++) {
        double x = 0;
        for (size_t l = 0; l < t; l++)
            x += og->o.B[i + l * t] * m[l];
        og->mu[i] = x;
    }
}

/* Implied statistics at og->loc; -1 if the model is not defined there. A continuous
 * indicator's slot holds its mean mu_j (its local "threshold" is the intercept nu_j, its
 * scale factor stays 1). */
int adx__og_eval(adx__og_t *og)
{
    adx__ord_t *o = &og->o;
    size_t p = og->p;
    const double *tau = og->loc + og->q, *d = tau + og->nth, *al = d + p;
    o->gsd = og->theta ? NULL : d; /* delta: ordered predictors' rho = 1 / d^2 - common */
    if (adx__ord_fill(o, og->loc) || (og->theta && !(d = adx__og_theta_d(og))))
        return -1; /* theta: d = 1 / SD(y*), the slots residual variances (mg_ord_theta.c) */
    og_means(og, tau, al);
    for (size_t k = 0; k < og->nth; k++) {
        size_t j = og->var_of[k];
        og->sig[k] = adx__og_num(og, j) ? og->mu[j] : d[j] * (tau[k] - og->mu[j]);
    }
    for (size_t m = 0; m < og->np; m++)
        og->sig[og->nth + m] = adx__og_dfac(og, d, m) * o->sig[m];
    return 0;
}

/* The thresholds' (means') derivatives in the model's paths: -d_j B_ji mu_l for A_il
 * (+B_ji mu_l for a continuous indicator's mean; mu_l with the intercepts it passes on). */
static void og_jac_paths(adx__og_t *og, const double *d)
{
    const adx__est_t *e = og->o.e;
    const adx_sem_t *s = e->s;
    size_t ns = og->ns, t = og->o.t;
    for (size_t r = 0; r < s->nparams; r++) {
        if (!s->params[r].free || e->kind[r] != ADX__PK_A)
            continue;
        double *col = og->D + (size_t)(s->params[r].free - 1) * ns;
        size_t i = e->ri[r], l = e->rj[r];
        for (size_t k = 0; k < og->nth; k++) {
            size_t j = og->var_of[k];
            double sg = adx__og_num(og, j) ? 1 : -d[j];
            col[k] += sg * og->o.B[j + i * t] * og->mu[l];
        }
    }
}

/* The (co)variances' derivatives in the scale factors d_v of the ordered predictors v
 * through their residual variances rho_v = 1 / d_v^2 - common part:
 * -2 / d_v^3 B_av B_bv, times d_a d_b. */
static void og_jac_rho(adx__og_t *og, const double *d)
{
    const adx__ord_t *o = &og->o;
    size_t t = o->t, ns = og->ns, q = og->q, nth = og->nth;
    for (size_t k = 0; k < o->nrv; k++) {
        size_t v = o->rv[k];
        double dr = -2 / (d[v] * d[v] * d[v]);
        double *col = og->D + (q + nth + v) * ns + nth;
        for (size_t m = o->nsl; m < og->np; m++) {
            size_t a = o->yi[o->sa[m - o->nsl]], b = o->yi[o->sb[m - o->nsl]];
            col[m] += adx__og_dfac(og, d, m) * dr * o->B[a + v * t] * o->B[b + v * t];
        }
    }
}

/* D = d sigma / d loc (ns x nloc) at the last og_eval. */
void adx__og_jac(adx__og_t *og)
{
    adx__ord_t *o = &og->o;
    size_t p = og->p, t = o->t, ns = og->ns, np = og->np, nth = og->nth, q = og->q;
    const double *d = og->theta ? og->tsd : og->loc + q + nth, *tau = og->loc + q;
    double *D = og->D;
    memset(D, 0, ns * og->nloc * sizeof *D);
    if (og->full)
        adx__ord_delta_full(o);
    else
        adx__ord_delta(o);
    for (size_t m = 0; m < np; m++) {
        double f = adx__og_dfac(og, d, m);
        for (size_t c = 0; c < q; c++)
            D[nth + m + c * ns] = f * o->D[m + c * np];
    }
    og_jac_paths(og, d);
    for (size_t k = 0; k < nth; k++) { /* in tau, d, alpha and the intercepts nu_c: */
        size_t j = og->var_of[k];
        int num = adx__og_num(og, j);
        double sg = num ? 1 : -d[j]; /* d mu_j / d m_l = B_jl */
        D[k + (q + k) * ns] = num ? 0 : d[j];
        D[k + (q + nth + j) * ns] = num ? 0 : tau[k] - og->mu[j];
        for (size_t l = p; l < t; l++)
            D[k + (q + nth + p + l - p) * ns] = sg * o->B[j + l * t];
        for (size_t k2 = 0; k2 < nth; k2++)
            if (adx__og_num(og, og->var_of[k2]))
                D[k + (q + k2) * ns] += sg * o->B[j + og->var_of[k2] * t];
    }
    if (og->full)
        og_jac_rho(og, d);
    for (size_t m = 0; m < o->nsl; m++) /* a slope of y: d_y B_yx */
        D[nth + m + (q + nth + o->yi[m % o->k]) * ns] += o->sig[m];
    for (size_t m = o->nsl; m < np; m++) {
        size_t a = o->yi[o->sa[m - o->nsl]], b = o->yi[o->sb[m - o->nsl]];
        D[nth + m + (q + nth + a) * ns] += d[b] * o->sig[m];
        D[nth + m + (q + nth + b) * ns] += d[a] * o->sig[m];
    }
    if (og->theta)
        adx__og_theta_chain(og);
}

/* ---- the objective
 * ------------------------------------------------------------ */

static void to_local(adx__og_t *og, const double *th)
{
    for (size_t c = 0; c < og->nloc; c++)
        if (og->map[c] != NONE)
            og->loc[c] = th[og->map[c]];
}

static int omg_eval(void *ud, const double *th, double *F)
{
    adx__omg_t *om = ud;
    double f = 0;
    for (size_t g = 0; g < om->mg->G; g++) {
        adx__og_t *og = &om->og[g];
        to_local(og, th);
        if (adx__og_eval(og))
            return -1;
        double x = 0;
        for (size_t k = 0; k < og->ns; k++)
            x += og->w[k] * (og->s[k] - og->sig[k]) * (og->s[k] - og->sig[k]);
        f += om->mg->gr[g].w * x;
    }
    *F = f;
    return 0;
}

static void omg_derivs(void *ud, const double **gout, const double **Hout)
{
    adx__omg_t *om = ud;
    size_t Q = om->Q;
    memset(om->g, 0, Q * sizeof *om->g);
    memset(om->H, 0, Q * Q * sizeof *om->H);
    for (size_t g = 0; g < om->mg->G; g++) {
        adx__og_t *og = &om->og[g];
        double fg = om->mg->gr[g].w;
        size_t ns = og->ns;
        og->full = om->full;
        adx__og_jac(og);
        for (size_t c = 0; c < og->nloc; c++) {
            if (og->map[c] == NONE)
                continue;
            const double *dc = og->D + c * ns;
            double x = 0;
            for (size_t k = 0; k < ns; k++)
                x += dc[k] * og->w[k] * (og->s[k] - og->sig[k]);
            om->g[og->map[c]] -= 2 * fg * x;
            for (size_t c2 = 0; c2 < og->nloc; c2++) {
                if (og->map[c2] == NONE)
                    continue;
                double h = 0;
                for (size_t k = 0; k < ns; k++)
                    h += dc[k] * og->w[k] * og->D[k + c2 * ns];
                om->H[og->map[c] + og->map[c2] * Q] += 2 * fg * h;
            }
        }
    }
    *gout = om->g;
    *Hout = om->H;
}

/* ---- numbering and start values
 * ----------------------------------------------- */

/* 1 if threshold c of group g is a group.partial term ("x1 | t2"). The scale factors and
 * latent means are free or fixed, never equal across groups, so that a term naming them
 * changes nothing (as in lavaan, where group.partial only drops equalities). */
static int released(const adx__omg_t *om, size_t g, size_t c, const adx__mg_term_t *part,
                    size_t np)
{
    const adx__og_t *og = &om->og[g];
    size_t k = c - og->q, j = og->var_of[k];
    int cont = adx__og_num(og, j); /* a continuous indicator's intercept: "x4 ~ 1" */
    char num[32] = "";
    if (!cont)
        snprintf(num, sizeof num, "t%zu", adx__og_tnum(og, k));
    for (size_t i = 0; i < np; i++)
        if (part[i].op == (cont ? ADX_SEM_INTERCEPT : ADX_SEM_THRESHOLD) &&
            !strcmp(part[i].lhs, om->mg->gr[g].model->names[j]) && !strcmp(part[i].rhs, num))
            return 1;
    return 0;
}

/* The thresholds, scale factors and latent means after the model's rows
 * (numbered by adx__mg_number): thresholds shared with the first group when
 * equal; scale factors and latent means fixed (1, 0) in the first group and
 * free in the others once the thresholds are equal. ADX_EUSAGE when equal
 * thresholds differ in number. */
static adx_error_t number_extras(adx__omg_t *om, unsigned mask, const adx__mg_term_t *part,
                                 size_t np, adx_errctx_t *ctx)
{
    adx__mg_t *mg = om->mg;
    /* lavaan (lav_options): with ordered data "thresholds" and "intercepts" imply each
     * other; the continuous indicators' intercepts sit with the thresholds */
    int eqth = (mask & (ADX_SEM_EQ_THRESHOLDS | ADX_SEM_EQ_INTERCEPTS)) != 0;
    int eqmean = (mask & ADX_SEM_EQ_MEANS) != 0;
    size_t next = mg->npar;
    for (size_t g = 0; g < mg->G; g++) {
        adx__og_t *og = &om->og[g], *o0 = &om->og[0];
        size_t q = og->q, nth = og->nth, p = og->p;
        for (size_t c = 0; c < q; c++)
            og->map[c] = mg->gr[g].map[c];
        for (size_t j = 0; eqth && g > 0 && j < og->P->k; j++)
            if (og->P->th_off[j + 1] - og->P->th_off[j] != o0->P->th_off[j + 1] - o0->P->th_off[j])
                return adx_err(ctx, ADX_EUSAGE,
                               "group.equal thresholds: '%s' has %zu categories in group %zu "
                               "and %zu in group 1; equal thresholds need the same categories",
                               mg->gr[g].model->names[og->o.yi[j]], og->P->ncat[j], g + 1,
                               o0->P->ncat[j]);
        for (size_t k = 0; k < nth; k++)
            og->map[q + k] = g > 0 && eqth && !released(om, g, q + k, part, np)
                                 ? o0->map[o0->q + k]
                                 : next++;
        for (size_t j = 0; j < p; j++)
            og->map[q + nth + j] =
                g > 0 && eqth && !adx__og_num(og, j) && !adx__og_x(og, j) ? next++ : NONE;
        for (size_t l = 0; l < og->m; l++)
            og->map[q + nth + p + l] = g > 0 && eqth && !eqmean ? next++ : NONE;
    }
    om->Q = next;
    om->g = malloc((next + 1) * sizeof *om->g);
    om->H = malloc((next * next + 1) * sizeof *om->H);
    return om->g && om->H ? ADX_OK : adx_oom(ctx);
}

/* Local values at the start (the group's own estimates and sample thresholds, d
 * = 1, alpha = 0) and the global start th (the first group's for shared
 * parameters). */
static void start_values(adx__omg_t *om, double *th)
{
    for (size_t g = om->mg->G; g-- > 0;) {
        adx__og_t *og = &om->og[g];
        const adx_sem_t *m = om->mg->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++)
            if (m->params[r].free)
                og->loc[m->params[r].free - 1] = m->params[r].est;
        memcpy(og->loc + og->q, og->P->th, og->nth * sizeof *og->loc);
        for (size_t j = 0; j < og->p; j++)
            og->loc[og->q + og->nth + j] = 1;
        for (size_t l = 0; l < og->m; l++)
            og->loc[og->q + og->nth + og->p + l] = 0;
        for (size_t c = 0; c < og->nloc; c++)
            if (og->map[c] != NONE)
                th[og->map[c]] = og->loc[c];
    }
}

/* ---- covariance of the estimates and the tests
 * ------------------------------------- */

static void rob_free(adx__orob_t *R)
{
    ADX__FREE(R->Dall, R->Ei, R->V, R->U, R->wf, R->off);
}

static int rob_alloc(adx__orob_t *R, const adx__omg_t *om)
{
    size_t Q = om->Q, G = om->mg->G, ns = 0;
    R->off = malloc((G + 1) * sizeof *R->off);
    if (!R->off)
        return -1;
    for (size_t g = 0; g < G; g++) {
        R->off[g] = ns;
        ns += om->og[g].ns;
    }
    R->off[G] = ns;
    R->Dall = calloc(ns * Q + 1, sizeof *R->Dall);
    R->Ei = malloc((Q * Q + 1) * sizeof *R->Ei);
    R->V = calloc(Q * Q + 1, sizeof *R->V);
    R->U = malloc((ns * ns + 1) * sizeof *R->U);
    R->wf = malloc((ns + 1) * sizeof *R->wf);
    return R->Dall && R->Ei && R->V && R->U && R->wf ? 0 : -1;
}

/* Dall, wf and E^-1 (under constraint lines: projected, mg_ord_gcon.c); -1 when E is
 * singular. */
static int rob_info(adx__orob_t *R, const adx__omg_t *om, const double *th)
{
    size_t Q = om->Q, ns = R->off[om->mg->G];
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        for (size_t k = 0; k < og->ns; k++)
            R->wf[R->off[g] + k] = om->mg->gr[g].w * og->wr[k];
        for (size_t c = 0; c < og->nloc; c++)
            if (og->map[c] != NONE)
                for (size_t k = 0; k < og->ns; k++)
                    R->Dall[R->off[g] + k + og->map[c] * ns] += og->D[k + c * og->ns];
    }
    for (size_t j = 0; j < Q; j++)
        for (size_t i = 0; i <= j; i++) {
            double x = 0;
            for (size_t a = 0; a < ns; a++)
                x += R->Dall[a + i * ns] * R->wf[a] * R->Dall[a + j * ns];
            R->Ei[i + j * Q] = R->Ei[j + i * Q] = x;
        }
    return adx__omg_inverse(om, R->Ei, th);
}

/* V = E^-1 J E^-1 / N, J = sum_g f_g (W D_g)' Gamma_g (W D_g); M work
 * (max(nsall, Q)^2). */
static void rob_vcov(adx__orob_t *R, const adx__omg_t *om, double *M)
{
    size_t Q = om->Q, ns = R->off[om->mg->G];
    double *J = R->U; /* Q x Q scratch (U is filled later) */
    memset(J, 0, Q * Q * sizeof *J);
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        size_t o = R->off[g], n = og->ns;
        for (size_t j = 0; j < Q; j++) /* M = Gamma_g W D_g for the group's rows */
            for (size_t a = 0; a < n; a++) {
                double x = 0;
                for (size_t b = 0; b < n; b++)
                    x += og->gam[a + b * n] * og->wr[b] * R->Dall[o + b + j * ns];
                M[a + j * ns] = x;
            }
        for (size_t j = 0; j < Q; j++)
            for (size_t i = 0; i < Q; i++) {
                double x = 0;
                for (size_t a = 0; a < n; a++)
                    x += R->Dall[o + a + i * ns] * og->wr[a] * M[a + j * ns];
                J[i + j * Q] += om->mg->gr[g].w * x;
            }
    }
    for (size_t j = 0; j < Q; j++) /* M (Q x Q) = J E^-1 */
        for (size_t i = 0; i < Q; i++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += J[i + k * Q] * R->Ei[k + j * Q];
            M[i + j * Q] = x;
        }
    for (size_t j = 0; j < Q; j++)
        for (size_t i = 0; i < Q; i++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += R->Ei[i + k * Q] * M[k + j * Q];
            R->V[i + j * Q] = x / (double)om->mg->N;
        }
}

/* U Gamma (ns x ns) of U (ns x ns) over all groups, Gamma = diag(Gamma_g / f_g); its traces. */
static void ugamma_traces(const adx__omg_t *om, const size_t *off, const double *U, double *UG,
                          double *tr, double *tr2)
{
    size_t ns = off[om->mg->G];
    for (size_t g = 0; g < om->mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        size_t o = off[g], n = og->ns;
        for (size_t j = 0; j < n; j++)
            for (size_t a = 0; a < ns; a++) {
                double x = 0;
                for (size_t b = 0; b < n; b++)
                    x += U[a + (o + b) * ns] * og->gam[b + j * n];
                UG[a + (o + j) * ns] = x * og->tfac / om->mg->gr[g].w;
            }
    }
    *tr = *tr2 = 0;
    for (size_t a = 0; a < ns; a++) {
        *tr += UG[a + a * ns];
        for (size_t b = 0; b < ns; b++)
            *tr2 += UG[a + b * ns] * UG[b + a * ns];
    }
}

/* tr(U Gamma) and tr((U Gamma)^2) over all groups; M work (max(nsall, Q)^2). */
static void rob_traces(adx__orob_t *R, const adx__omg_t *om, double *M, double *tr, double *tr2)
{
    size_t Q = om->Q, ns = R->off[om->mg->G];
    for (size_t j = 0; j < Q; j++) /* M = Wf D E^-1 */
        for (size_t a = 0; a < ns; a++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += R->Dall[a + k * ns] * R->Ei[k + j * Q];
            M[a + j * ns] = R->wf[a] * x;
        }
    for (size_t b = 0; b < ns; b++) /* U = Wf - M D' Wf */
        for (size_t a = 0; a < ns; a++) {
            double x = 0;
            for (size_t k = 0; k < Q; k++)
                x += M[a + k * ns] * R->Dall[b + k * ns];
            R->U[a + b * ns] = (a == b ? R->wf[a] : 0) - x * R->wf[b];
        }
    ugamma_traces(om, R->off, R->U, M, tr, tr2); /* M holds max(ns, Q)^2 */
}

/* Scaled-shifted statistic: chisq / scale + shift. */
static void scaled_shifted(double T, double df, double tr, double tr2, double *Ts, double *scale,
                           double *shift)
{
    double a = sqrt(df / tr2);
    *scale = 1 / a;
    *shift = df - a * tr;
    *Ts = a * T + *shift;
}

/* RMSEA of a multi-group fit (lavaan: N - G, times sqrt(G)). */
static double mg_rmsea(double X, double df, double N, double G)
{
    return df > 0 ? sqrt(fmax(X - df, 0) / (df * (N - G))) * sqrt(G) : 0;
}

/* Group og's SRMR (lavaan 0.6.14's srmr_bentler_nomean for categorical data): the residual
 * covariances over the sample SDs (1 for the latent responses), off the diagonal, over
 * p (p + 1) / 2 (lav_residuals_summary). */
static double og_srmr(const adx__og_t *og)
{
    const adx__ord_t *o = &og->o;
    double ss = 0;
    for (size_t m = o->nsl + o->nvar; m < og->np; m++) {
        size_t a = o->sa[m - o->nsl], b = o->sb[m - o->nsl]; /* P's indices */
        double ds = og->P->nnum ? og->P->sd[a] * og->P->sd[b] : 1; /* sd: 1 if ordered */
        double r = (og->s[og->nth + m] - og->sig[og->nth + m]) / ds;
        ss += r * r;
    }
    /* with covariates, k (k + 1) / 2 + nx moments as lavaan 0.6.14 (ordinal_robust.c) */
    return sqrt(ss / (double)(o->k * (o->k + 1) / 2 + o->nx));
}

/* The tests and indices of row at the minimum F (tr, tr2 of U Gamma). The baseline frees
 * the thresholds, means and variances and fixes the covariances at 0. */
static void measures(const adx__omg_t *om, double F, double tr, double tr2, adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    double N = (double)mg->N, G = (double)mg->G, nsall = 0, Xb = 0, trb = 0, trb2 = 0, dfb = 0;
    double srmr = 0;
    for (size_t g = 0; g < mg->G; g++) {
        const adx__og_t *og = &om->og[g];
        size_t n = og->ns, t0 = og->nth + og->o.nsl + og->o.nvar; /* slopes free too */
        nsall += (double)n;
        dfb += (double)(n - t0);
        for (size_t a = t0; a < n; a++) {
            Xb += (double)og->P->n * og->w[a] * og->s[a] * og->s[a];
            trb += og->wr[a] * og->gam[a + a * n] * og->tfac;
            for (size_t b = t0; b < n; b++)
                trb2 += og->wr[a] * og->gam[a + b * n] * og->wr[b] * og->gam[b + a * n] *
                        og->tfac * og->tfac;
        }
        srmr += mg->gr[g].w * og_srmr(og);
    }
    row->npar = (double)om->Q - (double)mg->neq; /* less the independent equalities */
    row->chisq = N * F;
    row->df = nsall - row->npar;
    double X = row->chisq, df = row->df;
    row->pvalue = df > 0 ? gsl_cdf_chisq_Q(X, df) : NAN;
    row->baseline_chisq = Xb;
    row->baseline_df = dfb;
    if (df > 0 && tr2 > 0) {
        scaled_shifted(X, df, tr, tr2, &row->chisq_scaled, &row->scaling_factor, &row->shift);
        row->pvalue_scaled = gsl_cdf_chisq_Q(row->chisq_scaled, df);
    }
    double bshift;
    scaled_shifted(Xb, dfb, trb, trb2, &row->baseline_chisq_scaled, &row->baseline_scaling_factor,
                   &bshift);
    adx__sem_incremental(X, df, Xb, dfb, &row->cfi, &row->tli, NULL, NULL, NULL);
    adx__sem_incremental(row->chisq_scaled, df, row->baseline_chisq_scaled, dfb, &row->cfi_scaled,
                         &row->tli_scaled, NULL, NULL, NULL);
    row->rmsea = mg_rmsea(X, df, N, G);
    row->rmsea_scaled = mg_rmsea(row->chisq_scaled, df, N, G);
    row->srmr = srmr;
}

/* ---- per-group parameter tables
 * ------------------------------------------------ */

/* One extra row (threshold, scale factor, latent mean) of local parameter c. */
static int extra_row(adx_sem_param_t *pr, const adx__og_t *og, size_t c, const char *lhs,
                     adx_sem_op_t op, const char *rhs, const double *V, size_t Q,
                     const size_t *uses)
{
    char lab[32] = "";
    size_t gi = og->map[c];
    memset(pr, 0, sizeof *pr);
    pr->op = op;
    pr->free = gi != NONE;
    pr->est = og->loc[c];
    pr->se = pr->z = pr->pvalue = pr->ci_lower = pr->ci_upper = NAN;
    pr->std_lv = pr->std_all = NAN;
    pr->scale = 1;
    pr->lower = -INFINITY;
    pr->upper = INFINITY;
    pr->boot_se = pr->boot_lower = pr->boot_upper = pr->boot_bc_lower = NAN;
    pr->boot_bc_upper = pr->boot_bca_lower = pr->boot_bca_upper = pr->boot_accel = NAN;
    if (gi != NONE) {
        pr->se = sqrt(V[gi + gi * Q]);
        pr->z = pr->est / pr->se;
        pr->pvalue = 2 * gsl_cdf_ugaussian_Q(fabs(pr->z));
        pr->ci_lower = pr->est - 1.959963984540054 * pr->se;
        pr->ci_upper = pr->est + 1.959963984540054 * pr->se;
        if (uses[gi] > 1)
            snprintf(lab, sizeof lab, ".p%zu.", gi + 1);
    }
    pr->lhs = adx__strdup(lhs);
    pr->rhs = adx__strdup(rhs);
    pr->label = adx__strdup(lab);
    return pr->lhs && pr->rhs && pr->label ? 0 : -1;
}

/* Thresholds, scale factors and latent means of group g after its model rows.
 */
static adx_error_t extra_rows(const adx__omg_t *om, size_t g, const double *V, const size_t *uses,
                              adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    const adx__og_t *og = &om->og[g];
    const adx_sem_t *m = om->mg->gr[g].model;
    size_t n0 = row->nparams[g], nx = og->nth + og->p + og->m, q = og->q, k = n0;
    adx_sem_param_t *ps = realloc(row->params[g], (n0 + nx + 1) * sizeof *ps);
    if (!ps)
        return adx_oom(ctx);
    row->params[g] = ps;
    int bad = 0;
    for (size_t t = 0; t < og->nth; t++) { /* a continuous indicator's: "x4 ~ 1" */
        char rhs[32] = "";
        int cont = adx__og_num(og, og->var_of[t]);
        if (!cont)
            snprintf(rhs, sizeof rhs, "t%zu", adx__og_tnum(og, t));
        bad |= extra_row(&ps[k++], og, q + t, m->names[og->var_of[t]],
                         cont ? ADX_SEM_INTERCEPT : ADX_SEM_THRESHOLD, rhs, V, om->Q, uses);
        row->nparams[g] = k;
    }
    for (size_t j = 0; j < og->p; j++) {
        if (adx__og_num(og, j) || adx__og_x(og, j))
            continue;
        bad |= extra_row(&ps[k++], og, q + og->nth + j, m->names[j], ADX_SEM_SCALE, m->names[j], V,
                         om->Q, uses);
        row->nparams[g] = k;
    }
    for (size_t l = 0; l < og->m; l++) {
        bad |= extra_row(&ps[k++], og, q + og->nth + og->p + l, m->names[og->p + l],
                         ADX_SEM_INTERCEPT, "", V, om->Q, uses);
        row->nparams[g] = k;
    }
    return bad ? adx_oom(ctx) : ADX_OK;
}

/* Per-group tables: the model rows (residual variances 1 / d^2 - the common
 * part) through adx__mg_snapshot, then the extra rows. */
static adx_error_t tables(adx__omg_t *om, const double *V, int vc_ok, adx_sem_inv_row_t *row,
                          adx_errctx_t *ctx)
{
    adx__mg_t *mg = om->mg;
    size_t Q = om->Q, G = mg->G;
    size_t *uses = calloc(Q + 1, sizeof *uses);
    row->params = calloc(G, sizeof *row->params);
    row->nparams = calloc(G, sizeof *row->nparams);
    if (!uses || !row->params || !row->nparams) {
        free(uses);
        return adx_oom(ctx);
    }
    for (size_t g = 0; g < G; g++)
        for (size_t c = 0; c < om->og[g].nloc; c++)
            if (om->og[g].map[c] != NONE)
                uses[om->og[g].map[c]]++;
    mg->npar = Q; /* V's dimension for the snapshot */
    adx_error_t rc = ADX_OK;
    for (size_t g = 0; !rc && g < G; g++) {
        adx__og_t *og = &om->og[g];
        adx__mg_group_t *gr = &mg->gr[g];
        adx__est_t *e = &gr->es;
        double F;
        adx__og_eval(og);
        memcpy(gr->th, og->loc, og->q * sizeof *gr->th);
        for (size_t r = 0; r < gr->model->nparams; r++)
            if (adx__ord_is_resid(e, r)) {
                size_t j = e->ri[r];
                e->fixedval[r] = og->theta ? og->loc[og->q + og->nth + j] /* its slot */
                                           : adx__ord_rho(&og->o, j); /* path rule too */
            }
        if (adx__est_eval(e, gr->th, &F))
            rc = adx_err(ctx, ADX_ESINGULAR,
                         "invariance: group %zu: a residual variance of a latent response "
                         "below 0 at the estimates (Heywood case)",
                         g + 1);
        if (!rc && !(rc = adx__mg_snapshot(mg, g, V, vc_ok, uses, row, ctx)))
            rc = extra_rows(om, g, V, uses, row, ctx);
    }
    free(uses);
    return rc;
}

/* ---- the difference test against the previous level -------------------------------- */

/* C (a x b) = op(A) B: A (n x a) transposed when ta, else A (a x n); B (n x b). */
static void mul(const double *A, const double *B, size_t a, size_t n, size_t b, int ta, double *C)
{
    for (size_t j = 0; j < b; j++)
        for (size_t i = 0; i < a; i++) {
            double x = 0;
            for (size_t k = 0; k < n; k++)
                x += (ta ? A[k + i * n] : A[i + k * a]) * B[k + j * n];
            C[i + j * a] = x;
        }
}

/* P = E1^-1 - H (H' E1 H)^-1 H' (= E1^-1 A' (A E1^-1 A')^-1 A E1^-1 for A H = 0), with
 * H = D1^+ D0 and E1 = D1' Wf D1: lavaan's A.method = "delta". -1 if singular. */
static int diff_projector(const double *D1, const double *D0, const double *wf, size_t ns,
                          size_t q1, size_t q0, double *P, double *ws)
{
    double *E1 = ws, *DD = E1 + q1 * q1, *H = DD + q1 * q1, *EH = H + q1 * q0;
    double *HEH = EH + q1 * q0, *T = HEH + q0 * q0, *WD = T + q1 * q0;
    for (size_t j = 0; j < q1; j++)
        for (size_t a = 0; a < ns; a++)
            WD[a + j * ns] = wf[a] * D1[a + j * ns];
    mul(D1, WD, q1, ns, q1, 1, E1);
    mul(D1, D1, q1, ns, q1, 1, DD);
    mul(D1, D0, q1, ns, q0, 1, T); /* D1' D0 */
    if (adx__spd_inverse(DD, q1, NULL))
        return -1;
    mul(DD, T, q1, q1, q0, 0, H);
    mul(E1, H, q1, q1, q0, 0, EH);
    mul(H, EH, q0, q1, q0, 1, HEH);
    if (adx__spd_inverse(HEH, q0, NULL) || adx__spd_inverse(E1, q1, NULL))
        return -1;
    mul(H, HEH, q1, q0, q0, 0, T); /* H (H' E1 H)^-1 */
    for (size_t j = 0; j < q1; j++)
        for (size_t i = 0; i < q1; i++) {
            double x = 0;
            for (size_t k = 0; k < q0; k++)
                x += T[i + k * q1] * H[j + k * q1];
            P[i + j * q1] = E1[i + j * q1] - x;
        }
    return 0;
}

/* Satorra (2000) scaled-shifted difference against prev (lavTestLRT's default for WLSMV):
 * U = Wf D1 P D1' Wf over the previous (less restricted) level's D1, m = df0 - df1,
 * T = a (T0 - T1) + m - a tr(U Gamma), a = sqrt(m / tr((U Gamma)^2)); D0 (nsall x q0) this
 * level's Jacobian (under constraint lines each level's on its null space, mg_ord_gcon.c). */
static void diff_test(const adx__omg_t *om, const adx__orob_t *R, const double *D0, size_t q0,
                      const adx_sem_inv_row_t *prev, adx_sem_inv_row_t *row)
{
    const adx__mg_t *mg = om->mg;
    size_t q1 = mg->prev_q, ns = R->off[mg->G];
    double m = row->df - prev->df, tr = 0, tr2 = 0;
    size_t nws = 4 * q1 * q1 + 3 * q1 * q0 + q0 * q0 + 2 * q1 * ns + 2 * ns * ns;
    double *ws = malloc((nws + 1) * sizeof *ws);
    if (!ws || !(m > 0) || mg->prev_ns != ns) /* ns: another model's fit (mg_compare.c) */
        goto done;
    double *P = ws, *UG = P + q1 * q1, *U = UG + ns * ns, *M = U + ns * ns, *w2 = M + ns * q1;
    if (diff_projector(mg->prev_d, D0, R->wf, ns, q1, q0, P, w2))
        goto done;
    mul(mg->prev_d, P, ns, q1, q1, 0, w2); /* D1 P (ns x q1) */
    for (size_t j = 0; j < q1; j++)
        for (size_t a = 0; a < ns; a++)
            M[a + j * ns] = R->wf[a] * w2[a + j * ns];
    for (size_t b = 0; b < ns; b++)
        for (size_t a = 0; a < ns; a++) {
            double x = 0;
            for (size_t k = 0; k < q1; k++)
                x += M[a + k * ns] * mg->prev_d[b + k * ns];
            U[a + b * ns] = x * R->wf[b];
        }
    ugamma_traces(om, R->off, U, UG, &tr, &tr2);
    double a = sqrt(m / tr2);
    row->delta_chisq = row->chisq - prev->chisq;
    row->delta_df = m;
    row->delta_chisq_scaled = a * row->delta_chisq + m - a * tr;
    row->delta_pvalue_scaled = gsl_cdf_chisq_Q(fmax(row->delta_chisq_scaled, 0), m);
done:
    free(ws);
}

/* Keeps this level's D (nsall x Q) and its rows' keys for the next level's difference test. */
static void keep_delta(const adx__omg_t *om, const double *D, size_t ns, size_t Q)
{
    adx__mg_t *mg = om->mg;
    free(mg->prev_key);
    mg->prev_key = adx__omg_stat_keys(om);
    mg->prev_gr = NULL;
    free(mg->prev_d);
    mg->prev_d = malloc((ns * Q + 1) * sizeof *mg->prev_d);
    mg->prev_q = mg->prev_d ? Q : 0;
    mg->prev_ns = mg->prev_d ? ns : 0;
    if (mg->prev_d)
        memcpy(mg->prev_d, D, ns * Q * sizeof *mg->prev_d);
}

/* ---- one level --------------------------------------------------------------------- */

/* Theta: a fit whose smallest delta-scale residual share (adx__omg_theta_resid) is below
 * THETA_INFINITE has run off to infinity (a Heywood case of the delta fit; the gradient
 * vanishes there without a minimum) and is reported as not converged; a fit that did not
 * converge with a share below THETA_HINT is reported as such a case. */
#define THETA_INFINITE 1e-8
#define THETA_HINT 1e-3

/* Evaluators and statistics of every group, the numbering and the start values
 * th. */
static adx_error_t setup(adx__omg_t *om, unsigned mask, const adx__mg_term_t *part, size_t np,
                         double **th, adx_errctx_t *ctx)
{
    adx__mg_t *mg = om->mg;
    double gfac = (double)mg->N / (double)(mg->N - mg->G); /* lavaan's NACOV: N / (N - G) */
    if (adx__mg_number(mg, mask, part, np) || !(om->og = calloc(mg->G, sizeof *om->og)))
        return adx_oom(ctx);
    for (size_t g = 0; g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        adx__est_free(&gr->es);
        if (adx__est_init(&gr->es, gr->model))
            return adx_oom(ctx);
        gr->es.q = gr->model->npar;
        if (adx__est_set_sample(&gr->es, gr->model->sample_cov, NULL))
            return adx_err(ctx, ADX_ESINGULAR,
                           "invariance: group %zu: the polychoric "
                           "correlation matrix is not positive definite",
                           g + 1);
        adx_error_t rc = adx__og_setup(&om->og[g], gr, gfac, om->uls, ctx);
        if (rc)
            return rc;
        if (om->theta && adx__og_theta_on(&om->og[g]))
            return adx_oom(ctx);
    }
    adx_error_t rc = number_extras(om, mask, part, np, ctx);
    if (rc)
        return rc;
    size_t nsall = 0;
    for (size_t g = 0; g < mg->G; g++)
        nsall += om->og[g].ns;
    if (om->Q > nsall)
        return adx_err(ctx, ADX_EUSAGE,
                       "invariance: %zu free parameters for %zu sample "
                       "statistics: the model is not identified",
                       om->Q, nsall);
    if (!(*th = calloc(om->Q + 1, sizeof **th)))
        return adx_oom(ctx);
    start_values(om, *th);
    return ADX_OK;
}

/* Robust covariance, tests and tables at the estimates th (F the minimum). */
static adx_error_t after(adx__omg_t *om, const double *th, double F, int score,
                         const adx_sem_inv_row_t *prev, adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    adx__orob_t R = {0};
    const double *g, *H;
    double Fa, tr = NAN, tr2 = NAN, *M = NULL, *DN = NULL;
    size_t qn = 0;
    adx_error_t rc = ADX_OK;
    if (omg_eval(om, th, &Fa))
        return adx_err(ctx, ADX_ESINGULAR,
                       "invariance: the model is not defined at the "
                       "estimates");
    om->full = 0; /* lavaan's Delta: the ordered predictors' residual variances fixed */
    omg_derivs(om, &g, &H);
    if (rob_alloc(&R, om)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t ns = R.off[om->mg->G], mx = ns > om->Q ? ns : om->Q;
    if (!(M = malloc((mx * mx + 1) * sizeof *M))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    int vc_ok = !rob_info(&R, om, th);
    if (vc_ok) {
        rob_vcov(&R, om, M);
        rob_traces(&R, om, M, &tr, &tr2);
    } else {
        for (size_t k = 0; k < om->Q * om->Q; k++)
            R.V[k] = NAN;
    }
    measures(om, F, tr, tr2, row);
    adx__omg_robust_indices(om, vc_ok ? &R : NULL, row);
    if ((vc_ok && score && adx__omg_score_tests(om, &R, th, row)) ||
        adx__omg_null_delta(om, R.Dall, ns, th, &DN, &qn)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (vc_ok && prev && om->mg->prev_d && !adx__omg_prev_order(om))
        diff_test(om, &R, DN, qn, prev, row);
    keep_delta(om, DN, ns, qn);
    if (!(rc = tables(om, R.V, vc_ok, row, ctx)) && om->theta)
        adx__omg_theta(om, R.V, row);
    if (!rc && !vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "invariance: the information matrix of the %s model "
                     "is singular: the model is not identified",
                     row->model);
cleanup:
    ADX__FREE(M, DN);
    rob_free(&R);
    return rc;
}

/* One fit of the level into row: from the default start values, or from st (mg->start's
 * coef, when it has this level's Q parameters). */
static adx_error_t attempt(adx__mg_t *mg, const adx__mg_term_t *part, size_t np,
                           const adx_sem_options_t *opt, int score, const adx_sem_inv_row_t *prev,
                           const adx_sem_inv_row_t *st, adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    adx__omg_t om = {.mg = mg};
    double *th = NULL, F = NAN;
    int it = 0;
    adx_error_t rc = ADX_OK;
    om.uls = opt->ordinal_uls;
    om.theta = opt->ordinal_theta;
    if ((rc = setup(&om, row->group_equal, part, np, &th, ctx)) ||
        (rc = adx__omg_gcon(&om, ctx)))
        goto cleanup;
    if (st && st->ncoef == om.Q)
        memcpy(th, st->coef, om.Q * sizeof *th);
    om.full = 1;
    adx__objective_t obj = {om.Q, omg_eval, omg_derivs, &om};
    int conv = adx__omg_optimize(&om, &obj, opt, th, &it, &F);
    size_t hg = 0, hj = 0;
    double share = om.theta && conv >= 0 ? adx__omg_theta_resid(&om, &hg, &hj) : INFINITY;
    if (conv > 0 && share < THETA_INFINITE)
        conv = 0;
    row->converged = conv > 0;
    row->iterations = it;
    if (conv == ADX__OPT_NOMEM)
        rc = adx_oom(ctx);
    else if (conv < 0)
        rc = adx_err(ctx, ADX_ESINGULAR,
                     "invariance: the multi-group model could not be "
                     "evaluated at the start values");
    else if (!(rc = after(&om, th, F, score, prev, row, ctx)) && !conv && share < THETA_HINT)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "invariance: the %s model has no finite theta solution (%d iterations): "
                     "the residual variance of %s in group %zu is %.2g of its y* variance and "
                     "falls toward 0 (a Heywood case: the delta fit has it at or below 0, "
                     "which theta reaches only at infinity); use the delta parameterization",
                     row->model, it, mg->gr[hg].model->names[hj], hg + 1, share);
    else if (!rc && !conv)
        rc = adx_err(ctx, ADX_ECONVERGE,
                     "invariance: the %s model did not converge in %d "
                     "iterations",
                     row->model, it);
    if (!rc && !(row->coef = malloc((om.Q + 1) * sizeof *row->coef)))
        rc = adx_oom(ctx);
    else if (!rc)
        memcpy(row->coef, th, (row->ncoef = om.Q) * sizeof *th);
cleanup:
    for (size_t g = 0; om.og && g < mg->G; g++)
        og_free(&om.og[g]);
    ADX__FREE(om.og, om.g, om.H, th);
    return rc;
}

/* 1 when no variance row (x ~~ x) of row's tables is below 0. */
static int admissible(const adx_sem_inv_row_t *row, size_t G)
{
    for (size_t g = 0; g < G; g++)
        for (size_t k = 0; k < row->nparams[g]; k++) {
            const adx_sem_param_t *p = &row->params[g][k];
            if (p->op == ADX_SEM_COV && p->rhs && !strcmp(p->lhs, p->rhs) && !(p->est >= 0))
                return 0;
        }
    return 1;
}

adx_error_t adx__mg_ordinal_fit(adx__mg_t *mg, const adx__mg_term_t *part, size_t np,
                                const adx_sem_options_t *opt, int score,
                                const adx_sem_inv_row_t *prev,
                                adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    adx_sem_inv_row_t again = *row; /* row_init's state: no allocations yet */
    adx__mg_t kept = {0}; /* the previous level's Jacobian, which the first attempt replaces */
    int retry = mg->start && mg->start->coef;
    if (retry && adx__omg_prev_save(mg, &kept))
        return adx_oom(ctx);
    adx_error_t rc = attempt(mg, part, np, opt, score, prev, NULL, row, ctx);
    if ((rc != ADX_ECONVERGE && rc != ADX_ESINGULAR) || !retry) {
        ADX__FREE(kept.prev_d, kept.prev_key);
        return rc;
    }
    adx__omg_prev_restore(mg, &kept); /* the refit's difference test takes the kept one */
    adx_errctx_t c2 = {0}; /* the refit from mg->start's estimates (lavaan's bootstrap) */
    adx_error_t rc2 = attempt(mg, part, np, opt, score, prev, mg->start, &again, &c2);
    if (rc2 == ADX_ENOMEM)
        rc = adx_oom(ctx);
    else if (!rc2 && admissible(&again, mg->G)) {
        adx__mg_row_free(row, mg->G);
        *row = again;
        return ADX_OK;
    }
    adx__mg_row_free(&again, mg->G);
    return rc;
}

/* ---- one group: the same difference test for two single-group fits (compare.c) ----- */

double adx__ord_diff_single(double *D1, size_t q1, double *D0, size_t q0, double *w,
                            double *gam, size_t ns, const double T[2], const double df[2])
{
    adx__mg_group_t gr = {0};
    gr.w = 1;
    adx__mg_t mg = {0};
    mg.G = 1;
    mg.gr = &gr;
    mg.prev_d = D1;
    mg.prev_q = q1;
    mg.prev_ns = ns;
    adx__og_t og = {0};
    og.ns = ns;
    og.gam = gam;
    og.tfac = 1;
    adx__omg_t om = {&mg, &og, q0, ns, NULL, NULL, 0, 0, 0};
    size_t off[2] = {0, ns};
    adx__orob_t R = {0};
    R.Dall = D0;
    R.wf = w;
    R.off = off;
    adx_sem_inv_row_t prev = {0}, row = {0};
    prev.chisq = T[1];
    prev.df = df[1];
    row.chisq = T[0];
    row.df = df[0];
    row.delta_chisq_scaled = NAN;
    diff_test(&om, &R, D0, q0, &prev, &row);
    return row.delta_chisq_scaled;
}
