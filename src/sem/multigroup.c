/* Multi-group fits: the groups of a grouping variable, their single-group fits (start
 * values and sample moments), the global numbering of the free parameters under
 * lavaan's group.equal / group.partial, and the objective sum_g (n_g / N) F_g that the
 * one SEM optimizer (adx__sem_optimize) minimises. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

/* A grouping variable with more distinct values than this is not a grouping. */
#define MAX_GROUPS 100

void adx__mg_free(adx__mg_t *mg)
{
    for (size_t g = 0; mg->gr && g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        adx_sem_free(gr->model);
        adx_dataset_free(gr->sub);
        adx__est_free(&gr->es);
        free(gr->map);
        free(gr->th);
    }
    ADX__FREE(mg->gr, mg->H, mg->g, mg->lo, mg->hi, mg->prev_d,
               mg->prev_key);
    adx__sem_gcon_free(mg->gcon);
    mg->gcon = NULL;
}

/* ---- the multi-group objective --------------------------------------------- */

static int mg_eval(void *ud, const double *th, double *F)
{
    adx__mg_t *mg = ud;
    *F = 0;
    for (size_t k = 0; k < mg->G; k++) {
        adx__mg_group_t *gr = &mg->gr[k];
        double fk;
        for (size_t j = 0; j < gr->model->npar; j++)
            gr->th[j] = th[gr->map[j]];
        if (adx__est_eval(&gr->es, gr->th, &fk))
            return -1;
        *F += gr->w * fk;
    }
    return 0;
}

static void mg_derivs(void *ud, const double **gout, const double **Hout)
{
    adx__mg_t *mg = ud;
    size_t npar = mg->npar;
    memset(mg->H, 0, npar * npar * sizeof(double));
    memset(mg->g, 0, npar * sizeof(double));
    for (size_t k = 0; k < mg->G; k++) {
        const adx__mg_group_t *gr = &mg->gr[k];
        adx__est_t *e = &mg->gr[k].es;
        size_t q = gr->model->npar;
        const size_t *mk = gr->map;
        adx__est_derivs(e, 1);
        for (size_t j = 0; j < q; j++) {
            mg->g[mk[j]] += gr->w * e->g[j];
            for (size_t l = 0; l < q; l++)
                mg->H[mk[j] + mk[l] * npar] += gr->w * e->H[j + l * q];
        }
    }
    *gout = mg->g;
    *Hout = mg->H;
}

adx__objective_t adx__mg_objective(adx__mg_t *mg)
{
    return (adx__objective_t){mg->npar, mg_eval, mg_derivs, mg};
}

int adx__mg_eval_at(adx__mg_t *mg, const double *th, double *F)
{
    const double *g, *H;
    if (mg_eval(mg, th, F))
        return -1;
    mg_derivs(mg, &g, &H);
    return 0;
}

int adx__mg_optimize(adx__mg_t *mg, const adx_sem_options_t *opt, double *th, int *iters,
                     double *F)
{
    adx__objective_t obj = adx__mg_objective(mg);
    mg->neq = 0;
    *iters = 0;
    *F = NAN;
    if (adx__mg_bounds(mg))
        return ADX__OPT_NOMEM;
    if (mg->gcon) {
        int conv = adx__gcon_optimize(&obj, mg->gcon, opt, th, iters, F);
        mg->neq = adx__gcon_neq(mg->gcon, th);
        return conv;
    }
    return mg->bounded ? adx__sem_optimize_bounded(&obj, mg->lo, mg->hi, opt, th, iters, F)
                       : adx__sem_optimize(&obj, opt, 0, th, iters, F);
}

/* ---- groups and their single-group fits --------------------------------------- */

/* Group of each case (labels in order of first appearance; missing = -1). */
const char *adx__mg_group_label(const adx_variable_t *gvar, size_t i, char buf[64])
{
    if (gvar->type == ADX_VAR_STRING)
        return gvar->str[i];
    if (isnan(gvar->num[i]))
        return NULL;
    snprintf(buf, 64, "%.15g", gvar->num[i]);
    return buf;
}

static adx_error_t find_groups(const adx_variable_t *gvar, size_t n, const char *group,
                               adx_sem_invariance_t *v, size_t *gid, adx_errctx_t *ctx)
{
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        const char *lab = adx__mg_group_label(gvar, i, buf);
        gid[i] = (size_t)-1;
        if (!lab || !*lab)
            continue;
        size_t g = 0;
        while (g < v->ngroups && strcmp(v->groups[g], lab))
            g++;
        if (g == v->ngroups) {
            if (g >= MAX_GROUPS)
                return adx_err(ctx, ADX_EUSAGE, "'%s' has more than 100 groups; give a "
                                                "grouping variable",
                               group);
            char **ng = realloc(v->groups, (g + 1) * sizeof *ng);
            if (ng)
                v->groups = ng;
            if (!ng || !(ng[g] = adx__strdup(lab)))
                return adx_oom(ctx);
            v->ngroups++;
        }
        gid[i] = g;
    }
    if (v->ngroups < 2)
        return adx_err(ctx, ADX_EUSAGE, "'%s' has %zu group(s); invariance needs at least two",
                       group, v->ngroups);
    return ADX_OK;
}

/* The numeric columns of the cases of group g. */
static adx_error_t group_subset(const adx_dataset_t *ds, const size_t *gid, size_t g,
                                adx_dataset_t **out, adx_errctx_t *ctx)
{
    size_t n = ds->nrows, ng = 0;
    for (size_t i = 0; i < n; i++)
        ng += gid[i] == g;
    if (!(*out = adx_dataset_alloc(ng, ds->source)))
        return adx_oom(ctx);
    for (size_t j = 0; j < ds->nvars; j++) {
        if (ds->vars[j].type != ADX_VAR_NUMERIC)
            continue;
        double *col = malloc((ng ? ng : 1) * sizeof *col);
        if (!col)
            return adx_oom(ctx);
        for (size_t i = 0, k = 0; i < n; i++)
            if (gid[i] == g)
                col[k++] = ds->vars[j].num[i];
        adx_error_t rc = adx_dataset_add_numeric(*out, ds->vars[j].name, col, NULL, ctx);
        if (rc)
            return rc;
    }
    return ADX_OK;
}

/* The model of every group: each with its own constraint lines (row mapping, bounds) as
 * a single-group fit, unless a line names labels of other groups or needs gcon.c; then
 * all the lines act on the global parameters (mg->gsyn, mg_gcon.c) and the groups' models
 * have none (so too with mg->all_gcon). */
static adx_error_t build_models(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                                const adx_sem_options_t *o, adx_errctx_t *ctx)
{
    adx_errctx_t first = {0};
    adx_error_t rc = ADX_OK;
    int general = 0;
    for (size_t g = 0; !rc && !general && g < mg->G; g++) {
        rc = adx__sem_build_group(syn, o, g, mg->G, &mg->gr[g].model, &first);
        general = !rc && (mg->gr[g].model->gcon || /* ordered: bounds through gcon.c too */
                          (o->ordered && mg->gr[g].model->nbounds));
    }
    if (rc == ADX_ENOMEM)
        return adx_oom(ctx);
    if ((!rc && !general && !mg->all_gcon) || !syn->nconstr) {
        if (rc)
            adx_err(ctx, rc, "%s", first.msg);
        return rc;
    }
    adx_sem_syntax_t bare = *syn;
    bare.constr = NULL;
    bare.nconstr = 0;
    for (size_t g = 0; g < mg->G; g++) {
        adx_sem_free(mg->gr[g].model);
        mg->gr[g].model = NULL;
    }
    rc = ADX_OK;
    for (size_t g = 0; !rc && g < mg->G; g++)
        rc = adx__sem_build_group(&bare, o, g, mg->G, &mg->gr[g].model, ctx);
    mg->gsyn = rc ? NULL : syn;
    return rc;
}

/* One model and one single-group fit per group. */
static adx_error_t fit_groups(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                              const adx_sem_options_t *opt, const adx_dataset_t *ds,
                              const char *group, const size_t *gid, adx_sem_invariance_t *v,
                              adx_errctx_t *ctx)
{
    adx_sem_options_t o = *opt;
    o.meanstructure = !opt->ordered; /* ordered: thresholds and latent means in mg_ordinal.c;
                                      * FIML (opt->fiml) per group: its patterns and EM h1 */
    o.robust = 0; /* the estimates only: the robust parts come from mg_robust.c */
    o.start_retry = 0; /* the groups' start fits as they were (no rerun from simple) */
    adx_error_t rc = build_models(mg, syn, &o, ctx);
    for (size_t g = 0; !rc && g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        if ((rc = group_subset(ds, gid, g, &gr->sub, ctx)))
            return rc;
        rc = adx_sem_fit_dataset(gr->model, gr->sub, ctx);
        if (mg->lenient && gr->model->fitted && (rc == ADX_ECONVERGE || rc == ADX_ESINGULAR))
            rc = ADX_OK; /* its estimates are only start values */
        if (rc) {
            char msg[ADX_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", ctx ? ctx->msg : "");
            return adx_err(ctx, rc, "group %s = %s: %s", group, v->groups[g], msg);
        }
        v->n[g] = gr->model->n;
        mg->N += gr->model->n;
    }
    if (rc)
        return rc;
    for (size_t g = 0; g < mg->G; g++)
        mg->gr[g].w = (double)v->n[g] / (double)mg->N;
    mg->p = mg->gr[0].model->p;
    return ADX_OK;
}

adx_error_t adx__mg_groups(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                           const adx_sem_options_t *opt, const adx_dataset_t *ds,
                           const char *group, adx_sem_invariance_t *v, adx_errctx_t *ctx)
{
    size_t n = ds->nrows;
    long gv = adx_dataset_find(ds, group);
    if (gv < 0) {
        size_t tmp;
        adx_errctx_t sub_ctx = {0};
        adx_dataset_lookup(ds, &group, 1, 0, &tmp, &sub_ctx);
        return adx_err(ctx, ADX_ENOVAR, "%s", sub_ctx.msg);
    }
    size_t *gid = malloc((n + 1) * sizeof *gid);
    if (!gid)
        return adx_oom(ctx);
    adx_error_t rc = find_groups(&ds->vars[gv], n, group, v, gid, ctx);
    if (!rc) {
        mg->G = v->ngroups;
        mg->gr = calloc(mg->G, sizeof *mg->gr);
        v->n = calloc(mg->G, sizeof *v->n);
        rc = mg->gr && v->n ? fit_groups(mg, syn, opt, ds, group, gid, v, ctx) : adx_oom(ctx);
    }
    free(gid);
    return rc;
}

/* ---- the global numbering ------------------------------------------------------ */

/* Latent means free after the first group (lavaan, when intercepts are equal). */
static void free_latent_means(adx__mg_t *mg)
{
    for (size_t g = 1; g < mg->G; g++) {
        adx_sem_t *m = mg->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++) {
            adx_sem_param_t *pr = &m->params[r];
            size_t vi = adx__sem_var_index(m, pr->lhs);
            if (pr->op == ADX_SEM_INTERCEPT && vi >= m->p && !pr->free && !pr->user) {
                pr->free = (int)++m->npar;
                pr->est = 0.0;
            }
        }
    }
}

/* The group.equal name (ADX_SEM_EQ_* bit) that constrains row pr, or 0. */
static unsigned category(const adx_sem_t *m, const adx_sem_param_t *pr)
{
    size_t li = adx__sem_var_index(m, pr->lhs), ri = adx__sem_var_index(m, pr->rhs);
    int lobs = li < m->p, robs = ri < m->p;
    switch (pr->op) {
    case ADX_SEM_MEASURE:
        return ADX_SEM_EQ_LOADINGS;
    case ADX_SEM_REGRESS:
        return ADX_SEM_EQ_REGRESSIONS;
    case ADX_SEM_INTERCEPT:
        return lobs ? ADX_SEM_EQ_INTERCEPTS : ADX_SEM_EQ_MEANS;
    case ADX_SEM_COV:
        if (li == ri)
            return lobs ? ADX_SEM_EQ_RESIDUALS : ADX_SEM_EQ_LV_VARIANCES;
        if (lobs && robs)
            return ADX_SEM_EQ_RESIDUAL_COVARIANCES;
        return !lobs && !robs ? ADX_SEM_EQ_LV_COVARIANCES : 0;
    default:
        return 0;
    }
}

static int same_row(const adx_sem_param_t *a, adx_sem_op_t op, const char *lhs, const char *rhs)
{
    if (a->op != op)
        return 0;
    if (!strcmp(a->lhs, lhs) && !strcmp(a->rhs, rhs))
        return 1;
    return op == ADX_SEM_COV && !strcmp(a->lhs, rhs) && !strcmp(a->rhs, lhs);
}

/* Global parameter shared with group 0 by row pr of group g > 0, or (size_t)-1. A row
 * with a label in either group is not (lavaan's lav_partable_labels: user labels replace
 * the group.equal ones). */
static size_t shared_index(const adx__mg_t *mg, unsigned mask, const adx__mg_term_t *part,
                           size_t np, const adx_sem_t *m, const adx_sem_param_t *pr)
{
    size_t gi = (size_t)-1;
    if (!(category(m, pr) & mask) || pr->label[0])
        return gi;
    for (size_t k = 0; k < np; k++)
        if (same_row(pr, part[k].op, part[k].lhs, part[k].rhs))
            return gi;
    const adx_sem_t *m0 = mg->gr[0].model;
    for (size_t r0 = 0; r0 < m0->nparams; r0++) {
        const adx_sem_param_t *p0 = &m0->params[r0];
        if (p0->free && same_row(p0, pr->op, pr->lhs, pr->rhs))
            gi = p0->label[0] ? (size_t)-1 : mg->gr[0].map[p0->free - 1];
    }
    return gi;
}

/* Global parameter of an earlier group's row with pr's label (a label shared across
 * groups, as c(a, a)*x, makes the parameters equal), or (size_t)-1. */
static size_t label_index(const adx__mg_t *mg, size_t g, const adx_sem_param_t *pr)
{
    for (size_t h = 0; pr->label[0] && h < g; h++) {
        const adx_sem_t *m = mg->gr[h].model;
        for (size_t r = 0; r < m->nparams; r++)
            if (m->params[r].free && !strcmp(m->params[r].label, pr->label))
                return mg->gr[h].map[m->params[r].free - 1];
    }
    return (size_t)-1;
}

int adx__mg_number(adx__mg_t *mg, unsigned mask, const adx__mg_term_t *part, size_t np)
{
    if ((mask & ADX_SEM_EQ_INTERCEPTS) && !(mask & ADX_SEM_EQ_MEANS))
        free_latent_means(mg);
    mg->npar = 0;
    for (size_t g = 0; g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        adx_sem_t *m = gr->model;
        free(gr->map);
        free(gr->th);
        gr->map = calloc(m->npar + 1, sizeof(size_t));
        gr->th = calloc(m->npar + 1, sizeof(double));
        if (!gr->map || !gr->th)
            return -1;
        for (size_t j = 0; j < m->npar; j++)
            gr->map[j] = (size_t)-1;
        for (size_t r = 0; r < m->nparams; r++) {
            const adx_sem_param_t *pr = &m->params[r];
            if (!pr->free || gr->map[pr->free - 1] != (size_t)-1)
                continue;
            size_t gi = g > 0 ? label_index(mg, g, pr) : (size_t)-1;
            if (g > 0 && gi == (size_t)-1)
                gi = shared_index(mg, mask, part, np, m, pr);
            gr->map[pr->free - 1] = gi != (size_t)-1 ? gi : mg->npar++;
        }
    }
    free(mg->H);
    free(mg->g);
    mg->H = calloc(mg->npar * mg->npar + 1, sizeof(double));
    mg->g = calloc(mg->npar + 1, sizeof(double));
    return mg->H && mg->g ? 0 : -1;
}

int adx__mg_bounds(adx__mg_t *mg)
{
    size_t Q = mg->npar;
    ADX__FREE(mg->lo, mg->hi);
    mg->bounded = 0;
    mg->lo = malloc((Q + 1) * sizeof *mg->lo);
    mg->hi = malloc((Q + 1) * sizeof *mg->hi);
    if (!mg->lo || !mg->hi)
        return -1;
    for (size_t k = 0; k < Q; k++) {
        mg->lo[k] = -INFINITY;
        mg->hi[k] = INFINITY;
    }
    for (size_t g = 0; g < mg->G; g++) {
        const adx__mg_group_t *gr = &mg->gr[g];
        size_t q = gr->model->npar;
        double *b = malloc((2 * q + 2) * sizeof *b);
        if (!b)
            return -1;
        if (adx__sem_theta_bounds(gr->model, b, b + q + 1)) {
            mg->bounded = 1;
            for (size_t j = 0; j < q; j++) {
                size_t k = gr->map[j];
                mg->lo[k] = fmax(mg->lo[k], b[j]);
                mg->hi[k] = fmin(mg->hi[k], b[q + 1 + j]);
            }
        }
        free(b);
    }
    return 0;
}

/* Start values where the groups' own estimates cannot be evaluated together (a Heywood
 * case in one group with a loading shared with another, say): each variance at zero or
 * below starts where lavaan's defaults do, half the observed variance (0.05 for a latent
 * variable). */
static void positive_variances(adx__mg_t *mg, double *th)
{
    for (size_t g = 0; g < mg->G; g++) {
        const adx_sem_t *m = mg->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++) {
            const adx_sem_param_t *pr = &m->params[r];
            size_t k = pr->free ? mg->gr[g].map[pr->free - 1] : 0;
            if (!pr->free || pr->op != ADX_SEM_COV || strcmp(pr->lhs, pr->rhs) || th[k] > 0)
                continue;
            size_t j = adx__sem_var_index(m, pr->lhs);
            th[k] = j < m->p && m->sample_cov ? 0.5 * m->sample_cov[j + j * m->p] : 0.05;
        }
    }
}

/* Start values (each group's own estimates; the first group's for shared ones, made
 * positive where they cannot be evaluated) and fresh evaluators. */
int adx__mg_start(adx__mg_t *mg, double *th)
{
    for (size_t g = mg->G; g-- > 0;) {
        const adx_sem_t *m = mg->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++) {
            const adx_sem_param_t *pr = &m->params[r];
            if (pr->free)
                th[mg->gr[g].map[pr->free - 1]] = pr->est;
        }
    }
    for (size_t g = 0; g < mg->G; g++) {
        adx__mg_group_t *gr = &mg->gr[g];
        adx__est_free(&gr->es);
        if (adx__est_init(&gr->es, gr->model) ||
            adx__est_set_sample(&gr->es, gr->model->sample_cov, gr->model->sample_mean))
            return -1;
    }
    double F;
    if (mg_eval(mg, th, &F))
        positive_variances(mg, th);
    return 0;
}
