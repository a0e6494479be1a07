/* Constraint lines of lavaan syntax on a built model: linear equalities tying at most two
 * free parameters (a == b, a == 2*b, a + b == 1) become a reparameterization of the rows,
 * value = scale * theta + offset, so that the optimizer, the standard errors (delta method
 * through the scales) and the degrees of freedom all follow; simple inequalities (v > 0,
 * a < 1) become bounds of one free parameter. The rest (linear equalities over three or
 * more free parameters, nonlinear constraints, and then every inequality) go to gcon.c.
 * Formulas: docs/sem.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* Relative tolerance of the linearity check and of a redundant constraint. */
static const double LIN_TOL = 1e-9;

/* Free parameter k (1-based) of the model as built is coef * phi[base] + off;
 * base 0: the constant off. */
typedef struct {
    size_t base;
    double coef, off;
} map_t;

typedef struct {
    const adx_sem_t *s;
    map_t *map;        /* npar + 1 */
    const double *phi; /* per base (1-based) */
    const adx_sem_syntax_t *syn;
} cx_t;

/* 1 when name is a label of some group's c() modifier in syn. */
static int group_label(const adx_sem_syntax_t *syn, const char *name)
{
    for (size_t i = 0; i < syn->n; i++)
        for (size_t g = 0; g < syn->items[i].ngroup_mods; g++) {
            const struct adx_sem_gmod *m = &syn->items[i].group_mods[g];
            if (m->kind == 2 && m->label && !strcmp(m->label, name))
                return 1;
        }
    return 0;
}

/* 1 when bound k names only other groups' c() labels (multi-group: it belongs to the
 * group that has them), 0 when it names a label of c->s or one of no group. */
static int other_groups_bound(const cx_t *c, const adx_sem_constr_t *k)
{
    int others = 0;
    for (int side = 0; side < 2; side++)
        for (const char *t = side ? k->rhs : k->lhs; *t;) {
            char name[128];
            size_t n = 0;
            while ((isalnum((unsigned char)*t) || *t == '_' || *t == '.') && n + 1 < sizeof name)
                name[n++] = *t++;
            name[n] = 0;
            if (!n) {
                t++;
                continue;
            }
            if (isdigit((unsigned char)name[0]) || name[0] == '.')
                continue; /* a number */
            for (size_t r = 0; r < c->s->nparams; r++)
                if (!strcmp(c->s->params[r].label, name))
                    return 0;
            if (!group_label(c->syn, name))
                return 0;
            others = 1;
        }
    return others;
}

const adx_sem_param_t *adx__sem_label_row(const adx_sem_t *s, const char *name)
{
    for (size_t r = 0; r < s->nparams; r++)
        if (!strcmp(s->params[r].label, name) && s->params[r].op != ADX_SEM_DEFINE)
            return &s->params[r];
    return NULL;
}

static int cx_lookup(void *ud, const char *name, double *v)
{
    const cx_t *c = ud;
    const adx_sem_param_t *pr = adx__sem_label_row(c->s, name);
    if (!pr)
        return -1;
    const map_t *m = &c->map[pr->free];
    *v = !pr->free ? pr->est : m->coef * (m->base ? c->phi[m->base] : 0.0) + m->off;
    return 0;
}

/* lhs - rhs of constraint k at phi. */
static int cx_value(cx_t *c, const adx__expr_t *l, const adx__expr_t *r, const double *phi,
                    double *f, const char **unknown)
{
    double a = 0, b = 0;
    c->phi = phi;
    if (adx__expr_eval(l, cx_lookup, c, &a, unknown) || adx__expr_eval(r, cx_lookup, c, &b, unknown))
        return -1;
    *f = a - b;
    return 0;
}

/* The linear form f(phi) = a' phi + a0 of lhs - rhs (a: npar + 1, 1-based), checked at
 * two further points. 1 when f is not linear (or not finite); -1 with an unknown
 * label (*unknown). */
static int linear_form(cx_t *c, const adx__expr_t *l, const adx__expr_t *r, size_t npar,
                       double *phi, double *a, double *a0, const char **unknown)
{
    memset(phi, 0, (npar + 1) * sizeof *phi);
    if (cx_value(c, l, r, phi, a0, unknown))
        return -1;
    for (size_t b = 1; b <= npar; b++) {
        phi[b] = 1.0;
        cx_value(c, l, r, phi, &a[b], unknown);
        a[b] -= *a0;
        phi[b] = 0.0;
    }
    for (int t = 0; t < 2; t++) {
        double want = *a0, f = 0;
        for (size_t b = 1; b <= npar; b++) {
            phi[b] = t ? -0.7 + 0.29 * (double)(b % 5) : 0.37 + 0.11 * (double)b;
            want += a[b] * phi[b];
        }
        cx_value(c, l, r, phi, &f, unknown);
        if (!isfinite(f) || !isfinite(want) || fabs(f - want) > LIN_TOL * (1.0 + fabs(f)))
            return 1;
    }
    if (!isfinite(*a0))
        return 1;
    for (size_t b = 1; b <= npar; b++)
        if (!isfinite(a[b]))
            return 1;
    return 0;
}

adx_error_t adx__sem_constr_err(const adx_sem_t *s, const adx_sem_constr_t *k,
                                adx_errctx_t *ctx, const char *why)
{
    return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s %s %s': %s", s->source, k->line, k->col,
                   k->lhs, k->op == '=' ? "==" : k->op == '<' ? "<" : ">", k->rhs, why);
}

/* a == 0 solved for its largest-coefficient base x: x = c * y + d (y one other base,
 * or none). */
static adx_error_t apply_equality(const adx_sem_t *s, const adx_sem_constr_t *k, map_t *map,
                                  size_t npar, const double *a, double a0, adx_errctx_t *ctx)
{
    size_t x = 0, y = 0, nz = 0;
    double amax = 0;
    for (size_t b = 1; b <= npar; b++)
        amax = fmax(amax, fabs(a[b]));
    for (size_t b = 1; b <= npar; b++) {
        if (fabs(a[b]) <= LIN_TOL * amax || a[b] == 0)
            continue;
        nz++;
        if (!x || fabs(a[b]) > fabs(a[x]))
            x = b;
    }
    if (!nz)
        return fabs(a0) <= LIN_TOL ? ADX_OK
                                   : adx__sem_constr_err(s, k, ctx, "it cannot hold (the labels are fixed "
                                                     "or already equal); drop it");
    if (nz > 2)
        return ADX_EUNSUPPORTED; /* general: gcon.c */
    for (size_t b = 1; b <= npar; b++)
        if (b != x && fabs(a[b]) > LIN_TOL * amax)
            y = b;
    double c = y ? -a[y] / a[x] : 0.0, d = -a0 / a[x];
    for (size_t j = 1; j <= npar; j++) {
        if (map[j].base != x)
            continue;
        map[j].off += map[j].coef * d;
        map[j].coef *= y ? c : 0.0;
        map[j].base = y;
    }
    return ADX_OK;
}

/* a phi + a0 < 0 (op '<') or > 0 on one base: its bound into lo/hi (1-based). */
static adx_error_t apply_bound(const adx_sem_t *s, const adx_sem_constr_t *k, size_t npar,
                               const double *a, double a0, double *lo, double *hi,
                               adx_errctx_t *ctx)
{
    size_t x = 0, nz = 0;
    for (size_t b = 1; b <= npar; b++)
        if (a[b] != 0) {
            nz++;
            x = b;
        }
    if (nz != 1)
        return adx__sem_constr_err(s, k, ctx, nz ? "only bounds on one free parameter are supported (v > 0, "
                                    "a < 1)"
                                  : "it involves no free parameter");
    double bound = -a0 / a[x];
    int upper = (k->op == '<') == (a[x] > 0);
    if (upper)
        hi[x] = fmin(hi[x], bound);
    else
        lo[x] = fmax(lo[x], bound);
    if (lo[x] >= hi[x])
        return adx__sem_constr_err(s, k, ctx, "the bounds leave no room for the parameter");
    return ADX_OK;
}

/* One constraint line: mode 0 an equality into map, mode 1 only checks an inequality,
 * mode 2 its bound into lo/hi. *general = 1 when the line is for gcon.c instead (a
 * nonlinear one, a linear equality over three or more free parameters, an inequality
 * on more than one). */
static adx_error_t one_constraint(cx_t *c, const adx_sem_constr_t *k, int mode, size_t npar,
                                  double *work, double *lo, double *hi, int *general,
                                  adx_errctx_t *ctx)
{
    size_t ep, nz = 0;
    const char *em, *unknown = NULL;
    adx__expr_t *l = adx__expr_parse(k->lhs, &ep, &em), *r = adx__expr_parse(k->rhs, &ep, &em);
    adx_error_t rc = ADX_OK;
    double *phi = work, *a = work + npar + 1, a0 = 0;
    *general = 0;
    if (!l || !r) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    int lin = linear_form(c, l, r, npar, phi, a, &a0, &unknown);
    for (size_t b = 1; lin == 0 && b <= npar; b++)
        nz += a[b] != 0;
    if (lin < 0 && mode != 0 && other_groups_bound(c, k)) {
        rc = ADX_OK; /* another group's c() label: bounded in that group's model */
    } else if (lin < 0) {
        char why[300];
        snprintf(why, sizeof why, "'%.200s' is not a parameter label; constraints take "
                                  "labels (e.g. a*x1)",
                 unknown);
        rc = adx__sem_constr_err(c->s, k, ctx, why);
    } else if (lin > 0 || (mode && nz > 1)) {
        *general = 1;
    } else if (mode == 0) {
        rc = apply_equality(c->s, k, c->map, npar, a, a0, ctx);
        if (rc == ADX_EUNSUPPORTED) {
            rc = ADX_OK;
            *general = 1;
        }
    } else if (mode == 2) {
        rc = apply_bound(c->s, k, npar, a, a0, lo, hi, ctx);
    } else if (!nz) {
        rc = adx__sem_constr_err(c->s, k, ctx, "it involves no free parameter");
    }
cleanup:
    adx__expr_free(l);
    adx__expr_free(r);
    return rc;
}

/* The rows from map: the bases still used numbered in order, their bounds. */
static adx_error_t renumber(adx_sem_t *s, map_t *map, const double *lo, const double *hi,
                            size_t npar, adx_errctx_t *ctx)
{
    size_t *newk = calloc(npar + 1, sizeof *newk), q = 0;
    if (!newk)
        return adx_oom(ctx);
    for (size_t r = 0; r < s->nparams; r++) {
        adx_sem_param_t *pr = &s->params[r];
        if (!pr->free)
            continue;
        const map_t *m = &map[pr->free];
        if (!m->base) {
            pr->free = 0;
            pr->est = m->off;
            pr->scale = 1.0;
            continue;
        }
        if (!newk[m->base])
            newk[m->base] = ++q;
        pr->free = (int)newk[m->base];
        pr->scale = m->coef;
        pr->offset = m->off;
        double a = m->coef * lo[m->base] + m->off, b = m->coef * hi[m->base] + m->off;
        pr->lower = m->coef > 0 ? a : b;
        pr->upper = m->coef > 0 ? b : a;
        if (isnan(pr->lower))
            pr->lower = -INFINITY;
        if (isnan(pr->upper))
            pr->upper = INFINITY;
    }
    s->nbounds = 0;
    for (size_t b = 1; b <= npar; b++)
        s->nbounds += newk[b] && (isfinite(lo[b]) || isfinite(hi[b]));
    s->npar = q;
    free(newk);
    return ADX_OK;
}

/* The lines of syn: equalities (pass 0), then the inequalities as bounds unless some
 * line is general, when they all go to gcon.c with the general equalities. */
static adx_error_t all_lines(cx_t *c, const adx_sem_syntax_t *syn, size_t npar, double *work,
                             double *lo, double *hi, const adx_sem_constr_t **gl, size_t *ng,
                             adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    int any = 0, gen = 0;
    for (int mode = 0; mode < 3; mode++) {
        if (mode == 2 && any)
            break;
        for (size_t i = 0; i < syn->nconstr; i++) {
            const adx_sem_constr_t *k = &syn->constr[i];
            if ((k->op == '=') != (mode == 0))
                continue;
            if ((rc = one_constraint(c, k, mode, npar, work, lo, hi, &gen, ctx)))
                return rc;
            any |= gen;
            if (gen && mode == 0)
                gl[(*ng)++] = k;
        }
    }
    for (size_t i = 0; any && i < syn->nconstr; i++)
        if (syn->constr[i].op != '=')
            gl[(*ng)++] = &syn->constr[i];
    return ADX_OK;
}

adx_error_t adx__sem_constraints(adx_sem_t *s, const adx_sem_syntax_t *syn, adx_errctx_t *ctx)
{
    size_t npar = s->npar, ng = 0;
    if (!syn->nconstr)
        return ADX_OK;
    map_t *map = calloc(npar + 1, sizeof *map);
    double *work = calloc(4 * (npar + 1), sizeof *work);
    const adx_sem_constr_t **gl = calloc(syn->nconstr, sizeof *gl);
    adx_error_t rc = ADX_OK;
    if (!map || !work || !gl) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    double *lo = work + 2 * (npar + 1), *hi = lo + npar + 1;
    for (size_t k = 0; k <= npar; k++) {
        map[k] = (map_t){k, 1.0, 0.0};
        lo[k] = -INFINITY;
        hi[k] = INFINITY;
    }
    cx_t c = {s, map, NULL, syn};
    if ((rc = all_lines(&c, syn, npar, work, lo, hi, gl, &ng, ctx)) ||
        (rc = renumber(s, map, lo, hi, npar, ctx)))
        goto cleanup;
    if (ng)
        rc = adx__sem_gcon_build(s, gl, ng, ctx);
cleanup:
    free(map);
    free(work);
    free(gl);
    return rc;
}

/* ---- bounds in the optimizer ------------------------------------------------- */

int adx__sem_theta_bounds(const adx_sem_t *s, double *lo, double *hi)
{
    int any = 0;
    for (size_t k = 0; k < s->npar; k++) {
        lo[k] = -INFINITY;
        hi[k] = INFINITY;
    }
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (!pr->free || pr->scale == 0 || (isinf(pr->lower) && isinf(pr->upper)))
            continue;
        size_t k = (size_t)pr->free - 1;
        double a = (pr->lower - pr->offset) / pr->scale, b = (pr->upper - pr->offset) / pr->scale;
        lo[k] = fmax(lo[k], fmin(a, b));
        hi[k] = fmin(hi[k], fmax(a, b));
        any = 1;
    }
    return any;
}

/* -1 at the lower bound with the gradient pushing out, 1 at the upper, else 0. */
static int at_bound(double th, double lo, double hi, double g)
{
    if (th <= lo + 1e-12 * (1.0 + fabs(lo)) && g >= 0)
        return -1;
    if (th >= hi - 1e-12 * (1.0 + fabs(hi)) && g <= 0)
        return 1;
    return 0;
}

/* The Fisher-scoring step on the parameters not held at a bound (H ridged when not
 * positive definite): into step (0 for the held ones). -1 when no solve succeeds. */
static int bounded_step(size_t q, const double *lo, const double *hi,
                        const adx_sem_options_t *o, const double *th, const double *g,
                        const double *H, double *M, double *step)
{
    double mu = 0;
    for (int tries = 0; tries <= o->ridge_tries; tries++) {
        for (size_t j = 0; j < q; j++) {
            int hj = at_bound(th[j], lo[j], hi[j], g[j]) != 0;
            step[j] = hj ? 0.0 : -g[j];
            for (size_t i = 0; i < q; i++) {
                int hi_ = at_bound(th[i], lo[i], hi[i], g[i]) != 0;
                M[i + j * q] = hi_ || hj ? (double)(i == j) : H[i + j * q];
            }
            if (!hj)
                M[j + j * q] += mu * (fabs(H[j + j * q]) + 1e-8);
        }
        if (adx__spd_solve(M, q, step, 1) == ADX_OK)
            return 0;
        mu = mu ? mu * 10 : o->ridge_start;
    }
    return -1;
}

/* Projected Fisher scoring within the bounds lo, hi (lavaan: nlminb with
 * bounds): steps on the parameters not held at a bound, clipped to the box, Armijo
 * backtracking along the projected path; converged when the projected gradient is
 * below o->grad_tol. */
int adx__sem_optimize_bounded(const adx__objective_t *obj, const double *lo, const double *hi,
                              const adx_sem_options_t *o, double *th, int *iters, double *Fout)
{
    size_t q = obj->q, qq = q ? q : 1;
    double F = 0, *M = malloc(qq * qq * sizeof *M), *step = malloc(3 * qq * sizeof *step);
    double *thn = step + qq;
    int converged = 0, it = 0;
    *iters = 0;
    *Fout = NAN;
    if (!M || !step) {
        ADX__FREE(M, step);
        return ADX__OPT_NOMEM;
    }
    for (size_t k = 0; k < q; k++)
        th[k] = fmin(fmax(th[k], lo[k]), hi[k]);
    if (obj->eval(obj->ud, th, &F)) {
        ADX__FREE(M, step);
        return ADX__OPT_BADSTART;
    }
    for (it = 0; it < o->max_iter; it++) {
        const double *g, *H;
        obj->derivs(obj->ud, &g, &H);
        double pg = 0, Fn = F;
        for (size_t k = 0; k < q; k++)
            if (!at_bound(th[k], lo[k], hi[k], g[k]))
                pg = fmax(pg, fabs(g[k]));
        if (pg < o->grad_tol) {
            converged = 1;
            break;
        }
        int ok = 0;
        double a = 1.0;
        if (!bounded_step(q, lo, hi, o, th, g, H, M, step))
            for (int ls = 0; !ok && ls < o->max_halvings; ls++, a *= 0.5) {
                double slope = 0;
                for (size_t k = 0; k < q; k++) {
                    thn[k] = fmin(fmax(th[k] + a * step[k], lo[k]), hi[k]);
                    slope += g[k] * (thn[k] - th[k]);
                }
                ok = slope < 0 && obj->eval(obj->ud, thn, &Fn) == 0 && Fn <= F + o->armijo * slope;
            }
        if (!ok) {
            obj->eval(obj->ud, th, &F);
            converged = pg < o->floor_grad_tol;
            break;
        }
        memcpy(th, thn, q * sizeof *th);
        double dF = F - Fn;
        F = Fn;
        if (dF < o->rel_ftol * (1.0 + fabs(F)) && pg < o->floor_grad_tol) {
            converged = 1;
            it++;
            break;
        }
    }
    if (obj->eval(obj->ud, th, &F))
        F = NAN;
    ADX__FREE(M, step);
    *iters = it;
    *Fout = F;
    return converged;
}

int adx__bounds_condition(size_t q, const double *th, const double *lo, const double *hi,
                         const double *g, double *V, int *act)
{
    size_t qq = q ? q : 1, na = 0;
    size_t *ai = malloc(qq * sizeof *ai);
    double *W = malloc(qq * qq * sizeof *W), *Vc = malloc(qq * qq * sizeof *Vc);
    if (!ai || !W || !Vc) {
        ADX__FREE(ai, W, Vc);
        return -1;
    }
    for (size_t k = 0; k < q; k++)
        if ((act[k] = at_bound(th[k], lo[k], hi[k], g ? g[k] : 0.0)) != 0)
            ai[na++] = k;
    if (!na || !V)
        goto cleanup;
    /* V - V[., A] V[A, A]^-1 V[A, .] */
    for (size_t b = 0; b < na; b++)
        for (size_t a = 0; a < na; a++)
            W[a + b * na] = V[ai[a] + ai[b] * q];
    if (adx__spd_inverse(W, na, NULL) != ADX_OK)
        goto cleanup;
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++) {
            double v = V[i + j * q];
            for (size_t a = 0; a < na; a++)
                for (size_t b = 0; b < na; b++)
                    v -= V[i + ai[a] * q] * W[a + b * na] * V[ai[b] + j * q];
            Vc[i + j * q] = act[i] || act[j] ? 0.0 : v;
        }
    memcpy(V, Vc, q * q * sizeof *V);
cleanup:
    ADX__FREE(ai, W, Vc);
    return (int)na;
}

void adx__sem_mark_bounds(adx_sem_t *s, const double *th, const double *g, double *V)
{
    size_t q = s->npar, qq = q ? q : 1;
    double *lo = malloc(2 * qq * sizeof *lo);
    int *act = calloc(qq, sizeof *act), na = 0;
    s->nactive = 0;
    if (!lo || !act || !adx__sem_theta_bounds(s, lo, lo + qq) ||
        (na = adx__bounds_condition(q, th, lo, lo + qq, g, V, act)) < 0)
        goto cleanup;
    for (size_t r = 0; r < s->nparams; r++) {
        adx_sem_param_t *pr = &s->params[r];
        pr->at_bound = pr->free ? act[pr->free - 1] * (pr->scale < 0 ? -1 : 1) : 0;
    }
    s->nactive = (size_t)na;
cleanup:
    ADX__FREE(lo, act);
}
