/* Measurement invariance across groups (lavaan's cfa(group =, group.equal =)):
 * configural, metric (equal loadings) and scalar (equal loadings and intercepts,
 * latent means free after the first group) multi-group ML fits with a mean
 * structure, and chi2 difference tests between consecutive levels. A multi-group
 * fit is the sum of the group objectives weighted by n_g / N, minimised by the
 * one SEM optimizer (adx__sem_optimize). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "est.h"

/* A grouping variable with more distinct values than this is not a grouping. */
#define MAX_GROUPS 100

void adx_sem_invariance_free(adx_sem_invariance_t *v)
{
    if (!v)
        return;
    adx__free_strings(v->groups, v->ngroups);
    free(v->n);
    free(v);
}

/* One group. */
typedef struct {
    adx_sem_t *model;   /* its single-group fit (start values, moments) */
    adx_dataset_t *sub; /* its cases */
    adx__est_t es;      /* its evaluator */
    size_t *map;        /* global parameter of each of its free parameters */
    double *th;         /* its parameters (objective work) */
    double w;           /* n_g / N */
} group_t;

/* The state of the whole analysis. */
typedef struct {
    size_t G, N, p;
    group_t *gr;
    size_t npar;  /* global free parameters */
    double *H, *g; /* objective work */
} inv_t;

static void inv_free(inv_t *iv)
{
    for (size_t g = 0; iv->gr && g < iv->G; g++) {
        group_t *gr = &iv->gr[g];
        adx_sem_free(gr->model);
        adx_dataset_free(gr->sub);
        adx__est_free(&gr->es);
        free(gr->map);
        free(gr->th);
    }
    ADX__FREE(iv->gr, iv->H, iv->g);
}

/* ---- the multi-group objective --------------------------------------------- */

static int mg_eval(void *ud, const double *th, double *F)
{
    inv_t *iv = ud;
    *F = 0;
    for (size_t k = 0; k < iv->G; k++) {
        group_t *gr = &iv->gr[k];
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
    inv_t *iv = ud;
    size_t npar = iv->npar;
    memset(iv->H, 0, npar * npar * sizeof(double));
    memset(iv->g, 0, npar * sizeof(double));
    for (size_t k = 0; k < iv->G; k++) {
        const group_t *gr = &iv->gr[k];
        adx__est_t *e = &iv->gr[k].es;
        size_t q = gr->model->npar;
        const size_t *mk = gr->map;
        adx__est_derivs(e, 1);
        for (size_t j = 0; j < q; j++) {
            iv->g[mk[j]] += gr->w * e->g[j];
            for (size_t l = 0; l < q; l++)
                iv->H[mk[j] + mk[l] * npar] += gr->w * e->H[j + l * q];
        }
    }
    *gout = iv->g;
    *Hout = iv->H;
}

/* ---- groups and their single-group fits --------------------------------------- */

/* Group of each case (labels in order of first appearance; missing = -1). */
static adx_error_t find_groups(const adx_variable_t *gvar, size_t n, const char *group,
                               adx_sem_invariance_t *v, size_t *gid, adx_errctx_t *ctx)
{
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        const char *lab = NULL;
        if (gvar->type == ADX_VAR_STRING) {
            lab = gvar->str[i];
        } else if (!isnan(gvar->num[i])) {
            snprintf(buf, sizeof buf, "%.15g", gvar->num[i]);
            lab = buf;
        }
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

/* One model and one single-group fit per group. */
static adx_error_t fit_groups(inv_t *iv, const adx_sem_syntax_t *syn,
                              const adx_sem_options_t *opt, const adx_dataset_t *ds,
                              const char *group, const size_t *gid, adx_sem_invariance_t *v,
                              adx_errctx_t *ctx)
{
    adx_sem_options_t o = *opt;
    o.meanstructure = 1;
    o.fiml = 0;
    o.robust = 0;
    adx_error_t rc = ADX_OK;
    for (size_t g = 0; g < iv->G; g++) {
        group_t *gr = &iv->gr[g];
        if ((rc = group_subset(ds, gid, g, &gr->sub, ctx)) ||
            (rc = adx__sem_build_group(syn, &o, g, iv->G, &gr->model, ctx)))
            return rc;
        rc = adx_sem_fit_dataset(gr->model, gr->sub, ctx);
        if (rc) {
            char msg[ADX_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", ctx ? ctx->msg : "");
            return adx_err(ctx, rc, "group %s = %s: %s", group, v->groups[g], msg);
        }
        v->n[g] = gr->model->n;
        iv->N += gr->model->n;
    }
    for (size_t g = 0; g < iv->G; g++)
        iv->gr[g].w = (double)v->n[g] / (double)iv->N;
    iv->p = iv->gr[0].model->p;
    return ADX_OK;
}

/* ---- one level ---------------------------------------------------------------- */

/* Scalar level: latent means free after the first group. */
static void free_latent_means(inv_t *iv)
{
    for (size_t g = 1; g < iv->G; g++) {
        adx_sem_t *m = iv->gr[g].model;
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

/* Global parameter shared with group 0 by row pr of group g > 0, or (size_t)-1. */
static size_t shared_index(const inv_t *iv, int level, const adx_sem_t *m,
                           const adx_sem_param_t *pr)
{
    size_t vi = adx__sem_var_index(m, pr->lhs), gi = (size_t)-1;
    int shared = (level >= 1 && pr->op == ADX_SEM_MEASURE) ||
                 (level >= 2 && pr->op == ADX_SEM_INTERCEPT && vi < m->p);
    if (!shared)
        return gi;
    const adx_sem_t *m0 = iv->gr[0].model;
    for (size_t r0 = 0; r0 < m0->nparams; r0++) {
        const adx_sem_param_t *p0 = &m0->params[r0];
        if (p0->free && p0->op == pr->op && !strcmp(p0->lhs, pr->lhs) &&
            !strcmp(p0->rhs, pr->rhs))
            gi = iv->gr[0].map[p0->free - 1];
    }
    return gi;
}

/* Global parameter of an earlier group's row with pr's label (a label shared across
 * groups, as c(a, a)*x, makes the parameters equal), or (size_t)-1. */
static size_t label_index(const inv_t *iv, size_t g, const adx_sem_param_t *pr)
{
    for (size_t h = 0; pr->label[0] && h < g; h++) {
        const adx_sem_t *m = iv->gr[h].model;
        for (size_t r = 0; r < m->nparams; r++)
            if (m->params[r].free && !strcmp(m->params[r].label, pr->label))
                return iv->gr[h].map[m->params[r].free - 1];
    }
    return (size_t)-1;
}

/* Global numbering of the free parameters at this level. */
static int number_parameters(inv_t *iv, int level)
{
    iv->npar = 0;
    for (size_t g = 0; g < iv->G; g++) {
        group_t *gr = &iv->gr[g];
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
            size_t gi = g > 0 ? label_index(iv, g, pr) : (size_t)-1;
            if (g > 0 && gi == (size_t)-1)
                gi = shared_index(iv, level, m, pr);
            gr->map[pr->free - 1] = gi != (size_t)-1 ? gi : iv->npar++;
        }
    }
    free(iv->H);
    free(iv->g);
    iv->H = calloc(iv->npar * iv->npar + 1, sizeof(double));
    iv->g = calloc(iv->npar + 1, sizeof(double));
    return iv->H && iv->g ? 0 : -1;
}

/* Start values (each group's own estimates; the first group's for shared ones)
 * and fresh evaluators. */
static int start_level(inv_t *iv, double *th)
{
    for (size_t g = iv->G; g-- > 0;) {
        const adx_sem_t *m = iv->gr[g].model;
        for (size_t r = 0; r < m->nparams; r++) {
            const adx_sem_param_t *pr = &m->params[r];
            if (pr->free)
                th[iv->gr[g].map[pr->free - 1]] = pr->est;
        }
    }
    for (size_t g = 0; g < iv->G; g++) {
        group_t *gr = &iv->gr[g];
        adx__est_free(&gr->es);
        if (adx__est_init(&gr->es, gr->model) ||
            adx__est_set_sample(&gr->es, gr->model->sample_cov, gr->model->sample_mean))
            return -1;
    }
    return 0;
}

/* Bentler SRMR of one group with means: residuals standardized by the sample SDs. */
static double group_srmr(const adx__est_t *e, const double *S, const double *ybar)
{
    size_t p = e->p;
    double ss = 0;
    for (size_t j = 0; j < p; j++)
        for (size_t i = j; i < p; i++) {
            double r = (S[i + j * p] - e->Sig[i + j * p]) / sqrt(S[i + i * p] * S[j + j * p]);
            ss += r * r;
        }
    for (size_t i = 0; i < p; i++) {
        double r = (ybar[i] - e->muall[i]) / sqrt(S[i + i * p]);
        ss += r * r;
    }
    return sqrt(ss / (double)(p * (p + 1) / 2 + p));
}

/* Fit measures of a level fitted to F. */
static void level_measures(const inv_t *iv, const adx_sem_invariance_t *v, double F,
                           adx_sem_inv_row_t *row)
{
    size_t G = iv->G, p = iv->p;
    double N = (double)iv->N, ndat = (double)G * (double)(p * (p + 1) / 2 + p);
    row->npar = (double)iv->npar;
    row->chisq = N * F;
    row->df = ndat - (double)iv->npar;
    row->pvalue = row->df > 0 ? gsl_cdf_chisq_Q(row->chisq, row->df) : NAN;
    double Xb = 0, srmr = 0;
    for (size_t g = 0; g < G; g++) {
        const group_t *gr = &iv->gr[g];
        const double *S = gr->model->sample_cov;
        double ld = 0;
        for (size_t i = 0; i < p; i++)
            ld += log(S[i * (p + 1)]);
        Xb += (double)v->n[g] * (ld - gr->es.logdetS);
        srmr += gr->w * group_srmr(&gr->es, S, gr->model->sample_mean);
    }
    row->baseline_chisq = Xb;
    row->baseline_df = ndat - (double)G * 2.0 * (double)p;
    double X = row->chisq, df = row->df;
    adx__sem_incremental(X, df, Xb, row->baseline_df, &row->cfi, &row->tli, NULL, NULL, NULL);
    row->rmsea = df > 0 ? sqrt(fmax(X - df, 0.0) / (df * N)) * sqrt((double)G) : 0.0;
    row->srmr = srmr;
}

static const char *const LEVEL_NAMES[3] = {"configural", "metric", "scalar"};

/* Fits one level; *conv from the optimizer. */
static adx_error_t fit_level(inv_t *iv, int level, adx_sem_invariance_t *v,
                             const adx_sem_options_t *opt, adx_errctx_t *ctx)
{
    if (level == 2)
        free_latent_means(iv);
    if (number_parameters(iv, level))
        return adx_oom(ctx);
    double *th = calloc(iv->npar + 1, sizeof *th), F = NAN;
    if (!th || start_level(iv, th)) {
        free(th);
        return adx_oom(ctx);
    }
    int it = 0;
    adx__objective_t obj = {iv->npar, mg_eval, mg_derivs, iv};
    int conv = adx__sem_optimize(&obj, opt, 0, th, &it, &F);
    free(th);
    if (conv == ADX__OPT_NOMEM)
        return adx_oom(ctx);
    if (conv < 0)
        return adx_err(ctx, ADX_ESINGULAR, "invariance: the multi-group model could not be "
                                           "evaluated");
    adx_sem_inv_row_t *row = &v->rows[level];
    row->model = LEVEL_NAMES[level];
    row->converged = conv;
    row->iterations = it;
    level_measures(iv, v, F, row);
    if (level) {
        const adx_sem_inv_row_t *prev = &v->rows[level - 1];
        row->delta_chisq = row->chisq - prev->chisq;
        row->delta_df = row->df - prev->df;
        row->delta_pvalue = gsl_cdf_chisq_Q(row->delta_chisq, row->delta_df);
    } else {
        row->delta_chisq = row->delta_df = row->delta_pvalue = NAN;
    }
    if (!conv)
        return adx_err(ctx, ADX_ECONVERGE, "invariance: the %s model did not converge in %d "
                                           "iterations",
                       LEVEL_NAMES[level], it);
    return ADX_OK;
}

adx_error_t adx_sem_invariance(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               adx_sem_invariance_t **out, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    adx_sem_invariance_t *v = NULL;
    inv_t iv = {0};
    size_t *gid = NULL, n = ds->nrows;
    *out = NULL;
    long gv = adx_dataset_find(ds, group);
    if (gv < 0) {
        size_t tmp;
        adx_errctx_t sub_ctx = {0};
        adx_dataset_lookup(ds, &group, 1, 0, &tmp, &sub_ctx);
        return adx_err(ctx, ADX_ENOVAR, "%s", sub_ctx.msg);
    }
    v = calloc(1, sizeof *v);
    gid = malloc((n + 1) * sizeof *gid);
    if (!v || !gid) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = find_groups(&ds->vars[gv], n, group, v, gid, ctx)))
        goto cleanup;
    size_t G = iv.G = v->ngroups;
    iv.gr = calloc(G, sizeof *iv.gr);
    v->n = calloc(G, sizeof *v->n);
    if (!iv.gr || !v->n) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = fit_groups(&iv, syn, opt, ds, group, gid, v, ctx)))
        goto cleanup;
    for (int level = 0; level < 3; level++)
        if ((rc = fit_level(&iv, level, v, opt, ctx)))
            goto cleanup;
    *out = v;
    v = NULL;
cleanup:
    adx_sem_invariance_free(v);
    inv_free(&iv);
    free(gid);
    return rc;
}
