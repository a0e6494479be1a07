/* The population models of `power mediate`: PROCESS models 4 (k parallel
 * mediators), 6 (two serial mediators), 7 (X*W -> M) and 14 (M*W -> Y) as linear
 * equations with product columns, X and W independent N(0, 1). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc_priv.h"

static int add_col(mc_model_t *m, int fa, int fb)
{
    m->fa[m->q] = fa;
    m->fb[m->q] = fb;
    return m->q++;
}

/* Equation y on the constant and preds[0..np-1] with weights w. */
static void add_eq(mc_model_t *m, int y, int np, const int *preds, const double *w)
{
    mc_eq_t *e = &m->eq[m->neq++];
    e->y = y;
    e->np = np + 1;
    e->pred[0] = 0;
    e->beta[0] = 0.0;
    for (int j = 0; j < np; j++) {
        e->pred[j + 1] = preds[j];
        e->beta[j + 1] = w[j];
    }
    e->sd = 1.0;
}

static void add_eff(mc_model_t *m, adx_pmed_t *r, const char *name, int nf, const int *eq_pos)
{
    mc_eff_t *f = &m->eff[m->neff];
    f->nf = nf;
    double pop = 1.0;
    for (int k = 0; k < nf; k++) {
        f->eq[k] = eq_pos[2 * k];
        f->pos[k] = eq_pos[2 * k + 1];
        pop *= m->eq[f->eq[k]].beta[f->pos[k]];
    }
    snprintf(r->effect[m->neff], sizeof r->effect[0], "%s", name);
    r->pop[m->neff] = pop;
    m->neff++;
}

static void build_model4(const adx_pmed_options_t *o, mc_model_t *m, adx_pmed_t *r)
{
    int k = (int)o->k, X = add_col(m, 0, 0), M0 = m->q;
    for (int j = 0; j < k; j++)
        add_col(m, 0, 0);
    int Y = add_col(m, 0, 0);
    int py[ADX_PMED_MAXK + 1];
    double wy[ADX_PMED_MAXK + 1];
    py[0] = X;
    wy[0] = o->cprime;
    for (int j = 0; j < k; j++) {
        add_eq(m, M0 + j, 1, &X, &o->a[j]);
        py[j + 1] = M0 + j;
        wy[j + 1] = o->b[j];
    }
    add_eq(m, Y, k + 1, py, wy);
    for (int j = 0; j < k; j++) {
        char name[24];
        snprintf(name, sizeof name, "ind%d", j + 1);
        add_eff(m, r, name, 2, (const int[]){j, 1, k, 2 + j});
    }
}

static void build_model6(const adx_pmed_options_t *o, mc_model_t *m, adx_pmed_t *r)
{
    int X = add_col(m, 0, 0), M1 = add_col(m, 0, 0), M2 = add_col(m, 0, 0);
    int Y = add_col(m, 0, 0);
    add_eq(m, M1, 1, &X, &o->a[0]);
    add_eq(m, M2, 2, (const int[]){X, M1}, (const double[]){o->a[1], o->d21});
    add_eq(m, Y, 3, (const int[]){X, M1, M2}, (const double[]){o->cprime, o->b[0], o->b[1]});
    add_eff(m, r, "ind1", 2, (const int[]){0, 1, 2, 2});
    add_eff(m, r, "ind2", 3, (const int[]){0, 1, 1, 2, 2, 3});
    add_eff(m, r, "ind3", 2, (const int[]){1, 1, 2, 3});
}

static void build_model7_14(const adx_pmed_options_t *o, mc_model_t *m, adx_pmed_t *r)
{
    int X = add_col(m, 0, 0), W = add_col(m, 0, 0), M = add_col(m, 0, 0);
    int Y = add_col(m, 0, 0);
    m->nexo = 2;
    if (o->model == 7) {
        int XW = add_col(m, X, W);
        add_eq(m, M, 3, (const int[]){X, W, XW}, (const double[]){o->a[0], o->w_main, o->w_effect});
        add_eq(m, Y, 2, (const int[]){X, M}, (const double[]){o->cprime, o->b[0]});
        add_eff(m, r, "index", 2, (const int[]){0, 3, 1, 2});
    } else {
        int MW = add_col(m, M, W);
        add_eq(m, M, 1, &X, &o->a[0]);
        add_eq(m, Y, 4, (const int[]){X, M, W, MW},
               (const double[]){o->cprime, o->b[0], o->w_main, o->w_effect});
        add_eff(m, r, "index", 2, (const int[]){0, 1, 1, 4});
    }
}

/* Standardized populations: every column as weights on uncorrelated unit-variance
 * terms X, W, XW, e_j, e_j W (X, W independent N(0, 1), e_j the residual of
 * equation j); a product V W maps X -> XW and e_j -> e_j W (V never holds W here). */
#define NB (3 + 2 * MC_MAXEQ)
static adx_error_t standardize(mc_model_t *m, adx_errctx_t *ctx)
{
    double v[MC_MAXC][NB];
    memset(v, 0, sizeof v);
    v[1][0] = 1.0;
    if (m->nexo == 2)
        v[2][1] = 1.0;
    for (int e = 0; e < m->neq; e++) {
        mc_eq_t *q = &m->eq[e];
        for (int c = 1; c < m->q; c++) /* products whose factors are known by now */
            if (m->fa[c] && m->fb[c] == 2)
                for (int b = 0; b < NB; b++) {
                    int to = b == 0 ? 2 : (b >= 3 && b < 3 + MC_MAXEQ) ? b + MC_MAXEQ : -1;
                    if (to >= 0)
                        v[c][to] = v[m->fa[c]][b];
                }
        double var = 0.0;
        for (int b = 0; b < NB; b++) {
            double s = 0.0;
            for (int j = 1; j < q->np; j++)
                s += q->beta[j] * v[q->pred[j]][b];
            v[q->y][b] = s;
            var += s * s;
        }
        if (!(var < 1.0)) {
            char nm[16] = "Y";
            if (e < m->neq - 1)
                snprintf(nm, sizeof nm, "M%d", e + 1);
            return adx_err(ctx, ADX_EUSAGE, "with --standardized the paths explain %.4g of "
                           "%s's variance of 1, leaving a residual variance of %.4g <= 0: "
                           "give smaller paths", var, nm, 1.0 - var);
        }
        q->sd = sqrt(1.0 - var);
        v[q->y][3 + e] = q->sd;
    }
    return ADX_OK;
}

adx_error_t adx__mc_build(const adx_pmed_options_t *o, mc_model_t *m, adx_pmed_t *r,
                          adx_errctx_t *ctx)
{
    memset(m, 0, sizeof *m);
    m->q = 1; /* the constant */
    m->nexo = 1;
    if (o->model == 4)
        build_model4(o, m, r);
    else if (o->model == 6)
        build_model6(o, m, r);
    else
        build_model7_14(o, m, r);
    r->neff = (size_t)m->neff;
    adx_error_t rc = o->standardized ? standardize(m, ctx) : ADX_OK;
    for (int e = 0; e < m->neq; e++)
        r->resid_sd[e] = m->eq[e].sd;
    return rc;
}

void adx__mc_generate(const mc_model_t *m, size_t n, adx_rng_t *rng, double *Z)
{
    const int q = m->q;
    for (size_t i = 0; i < n; i++) {
        double *z = Z + i * (size_t)q;
        z[0] = 1.0;
        for (int c = 1; c <= m->nexo; c++)
            z[c] = adx_rng_normal(rng);
        for (int c = 1; c < q; c++)
            if (m->fa[c] && m->fa[c] <= m->nexo && m->fb[c] <= m->nexo)
                z[c] = z[m->fa[c]] * z[m->fb[c]];
        for (int e = 0; e < m->neq; e++) {
            const mc_eq_t *eq = &m->eq[e];
            double s = 0.0;
            for (int j = 1; j < eq->np; j++)
                s += eq->beta[j] * z[eq->pred[j]];
            z[eq->y] = s + eq->sd * adx_rng_normal(rng);
            for (int c = 1; c < q; c++)
                if (m->fa[c] == eq->y)
                    z[c] = z[m->fa[c]] * z[m->fb[c]];
        }
    }
}
