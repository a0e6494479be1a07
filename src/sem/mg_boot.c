/* Nonparametric bootstrap of multi-group fits (adx_sem_mg_bootstrap): resampling within
 * each group, as lavaan's se = "bootstrap" with group =. Each replicate refits every level
 * of the fit with adx_sem_multigroup on a dataset of the resampled cases (group by group,
 * in the original order of the groups; under FIML the cases with at least one value, each
 * with its holes); replicate b uses RNG stream b of the seed, so the result does not
 * depend on the thread count. BCa limits from the stratified jackknife: the N fits
 * without one case, L_i = (n_g - 1) (mean_g - theta_(i)) within i's group g. Ordinal fits
 * (WLSMV/ULSMV, delta or theta) refit each resample's thresholds, polychorics and weights
 * per group (with --missing pairwise the cases with at least one value); a resample in
 * which a group misses a category of an ordered indicator changes the table and is left
 * out. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_rng.h"
#include "sem_priv.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* The complete cases of every group and what each replicate stores. */
typedef struct {
    const adx_sem_syntax_t *syn;
    const adx_sem_options_t *opt;
    adx_sem_mg_options_t mo; /* without score tests and modification indices */
    const adx_sem_invariance_t *v;
    const char *group;
    size_t G, p, N, K;    /* groups, observed variables, cases, values per replicate */
    size_t *n, **idx;     /* per group: cases and their rows in the dataset */
    const double **col;   /* the p observed variables' columns */
    char **names;         /* their names */
    unsigned long long seed;
    double *vals;         /* B x K estimates */
    unsigned char *ok;    /* B */
    double *jk;           /* N x K leave-one-out estimates */
    unsigned char *jok;   /* N */
} mgb_t;

/* The group of row i of ds (index into v->groups), or -1. */
static long group_of(const adx_variable_t *gv, size_t i, const adx_sem_invariance_t *v)
{
    char buf[64];
    const char *lab = adx__mg_group_label(gv, i, buf);
    for (size_t g = 0; lab && *lab && g < v->ngroups; g++)
        if (!strcmp(v->groups[g], lab))
            return (long)g;
    return -1;
}

/* The model's observed variables (columns of ds) and each group's cases: the complete
 * ones, under FIML those with at least one value and every fixed exogenous covariate. */
static adx_error_t setup(mgb_t *m, const adx_dataset_t *ds, adx_errctx_t *ctx)
{
    adx_sem_t *s = NULL;
    adx_error_t rc = adx__sem_build_group(m->syn, m->opt, 0, m->G, &s, ctx);
    long gcol = adx_dataset_find(ds, m->group);
    if (rc || gcol < 0)
        return rc ? rc : adx_err(ctx, ADX_ENOVAR, "no variable '%s'", m->group);
    m->p = s->p;
    m->col = calloc(m->p, sizeof *m->col);
    m->names = calloc(m->p, sizeof *m->names);
    m->n = calloc(m->G, sizeof *m->n);
    m->idx = calloc(m->G, sizeof *m->idx);
    for (size_t g = 0; m->idx && g < m->G; g++)
        m->idx[g] = malloc((ds->nrows + 1) * sizeof **m->idx);
    for (size_t j = 0; !rc && m->col && m->names && j < m->p; j++) {
        long c = adx_dataset_find(ds, s->names[j]);
        if (c < 0 || ds->vars[c].type != ADX_VAR_NUMERIC)
            rc = adx_err(ctx, ADX_EUNSUPPORTED, "--boot with --group: '%s' is not a numeric "
                                                "column of the data (product terms are not "
                                                "resampled)",
                         s->names[j]);
        else if (!(m->names[j] = adx__strdup(s->names[j])))
            rc = adx_oom(ctx);
        else
            m->col[j] = ds->vars[c].num;
    }
    /* FIML with fixed exogenous covariates: a case missing one of them is not in the fit
     * (fit.c's fit_fiml, lavaan's fixed.x) and is not resampled */
    unsigned char *isx = rc ? NULL : calloc(m->p + 1, 1);
    for (size_t j = 0; isx && j < m->p; j++)
        isx[j] = (unsigned char)(m->v->fiml && m->opt->fixed_x && adx__sem_is_ov_x(s, j));
    adx_sem_free(s);
    if (rc)
        return rc;
    int oom = !isx || !m->col || !m->names || !m->n || !m->idx;
    for (size_t g = 0; !oom && g < m->G; g++)
        oom = !m->idx[g];
    if (oom) {
        free(isx);
        return adx_oom(ctx);
    }
    int holes = m->v->fiml || (m->opt->ordered && m->opt->ordinal_pairwise);
    for (size_t i = 0; i < ds->nrows; i++) {
        long g = group_of(&ds->vars[gcol], i, m->v);
        size_t seen = 0;
        int nox = 0;
        for (size_t j = 0; g >= 0 && j < m->p; j++) {
            seen += !isnan(m->col[j][i]);
            nox |= isx[j] && isnan(m->col[j][i]);
        }
        if (g >= 0 && !nox && (seen == m->p || (holes && seen > 0)))
            m->idx[g][m->n[g]++] = i;
    }
    free(isx);
    for (size_t g = 0; g < m->G; g++) {
        if (m->n[g] != m->v->n[g])
            return adx_err(ctx, ADX_EUSAGE, "--boot with --group: group %s has %zu %s cases "
                                            "but its fit %zu",
                           m->v->groups[g], m->n[g], holes ? "usable" : "complete",
                           m->v->n[g]);
        m->N += m->n[g];
    }
    for (size_t l = 0; l < m->v->nrows; l++)
        for (size_t g = 0; g < m->G; g++)
            m->K += m->v->rows[l].nparams[g];
    return ADX_OK;
}

/* The dataset of the rows sel of the data: ng[0] cases of group 1, then ng[1] of group
 * 2, ...; the group as its number. NULL when memory runs out. */
static adx_dataset_t *dataset_of(const mgb_t *m, const size_t *sel, const size_t *ng)
{
    size_t N = 0;
    for (size_t g = 0; g < m->G; g++)
        N += ng[g];
    adx_dataset_t *d = adx_dataset_alloc(N, "bootstrap resample");
    adx_errctx_t e = {0};
    for (size_t j = 0; d && j <= m->p; j++) {
        double *c = malloc((N + 1) * sizeof *c);
        if (c) {
            for (size_t g = 0, k = 0; g < m->G; g++)
                for (size_t i = 0; i < ng[g]; i++, k++)
                    c[k] = j < m->p ? m->col[j][sel[k]] : (double)(g + 1);
        }
        if (!c || adx_dataset_add_numeric(d, j < m->p ? m->names[j] : m->group, c, NULL, &e)) {
            adx_dataset_free(d);
            d = NULL;
        }
    }
    return d;
}

/* Replicate b (leave_out SIZE_MAX): the resampled cases of every group, drawn with RNG
 * stream b; else the jackknife sample without case leave_out (of the N cases, group by
 * group). NULL when memory runs out. */
static adx_dataset_t *sample_of(const mgb_t *m, size_t b, size_t leave_out)
{
    size_t *sel = malloc((m->N + 1) * sizeof *sel), *ng = malloc((m->G + 1) * sizeof *ng);
    adx_dataset_t *d = NULL;
    if (sel && ng) {
        adx_rng_t rng;
        adx_rng_init(&rng, m->seed, b);
        for (size_t g = 0, k = 0, c = 0; g < m->G; g++) {
            ng[g] = m->n[g];
            for (size_t i = 0; i < m->n[g]; i++, c++)
                if (leave_out == SIZE_MAX)
                    sel[k++] = m->idx[g][adx_rng_below(&rng, m->n[g])];
                else if (c != leave_out)
                    sel[k++] = m->idx[g][i];
                else
                    ng[g]--;
        }
        d = dataset_of(m, sel, ng);
    }
    ADX__FREE(sel, ng);
    return d;
}

/* Every level of the fit refitted to d, its estimates into row (K); 1 when every level
 * converged with the original's rows. */
static int refit_levels(const mgb_t *m, const adx_dataset_t *d, double *row)
{
    adx_errctx_t e = {0};
    adx_sem_invariance_t *vb = NULL;
    int ok = 0;
    if (!d || adx_sem_multigroup(m->syn, m->opt, d, m->group, &m->mo, &vb, &e) ||
        vb->nrows != m->v->nrows)
        goto done;
    for (size_t l = 0, k = 0; l < vb->nrows; l++) {
        const adx_sem_inv_row_t *r = &vb->rows[l], *r0 = &m->v->rows[l];
        if (!r->converged)
            goto done;
        for (size_t g = 0; g < m->G; g++) {
            if (r->nparams[g] != r0->nparams[g])
                goto done;
            for (size_t i = 0; i < r->nparams[g]; i++)
                row[k++] = r->params[g][i].est;
        }
    }
    ok = 1;
done:
    adx_sem_invariance_free(vb);
    return ok;
}

/* Item i < B: replicate i into row i of m->vals; else the jackknife fit without case
 * i - B into row i - B of m->jk. */
static void mg_item(mgb_t *m, size_t B, size_t i)
{
    int boot = i < B;
    adx_dataset_t *d = boot ? sample_of(m, i, SIZE_MAX) : sample_of(m, 0, i - B);
    int ok = refit_levels(m, d, boot ? m->vals + i * m->K : m->jk + (i - B) * m->K);
    if (boot)
        m->ok[i] = (unsigned char)ok;
    else
        m->jok[i - B] = (unsigned char)ok;
    adx_dataset_free(d);
}

/* The stratified jackknife acceleration of value k (NaN when a leave-one-out fit
 * failed or nothing varies): a = sum(L^3) / (6 (sum L^2)^1.5), L_i = (n_g - 1)
 * (mean_g - theta_(i)) over the cases i of each group g. */
static double mg_accel(const mgb_t *m, size_t k)
{
    double s2 = 0, s3 = 0;
    for (size_t g = 0, c0 = 0; g < m->G; c0 += m->n[g], g++) {
        double mu = 0;
        for (size_t c = c0; c < c0 + m->n[g]; c++) {
            if (!m->jok[c])
                return NAN;
            mu += m->jk[c * m->K + k];
        }
        mu /= (double)m->n[g];
        for (size_t c = c0; c < c0 + m->n[g]; c++) {
            double L = (double)(m->n[g] - 1) * (mu - m->jk[c * m->K + k]);
            s2 += L * L;
            s3 += L * L * L;
        }
    }
    return s2 > 0 ? s3 / (6 * pow(s2, 1.5)) : NAN;
}

/* The boot_* fields of every free row from the usable replicates. */
static adx_error_t summarize(mgb_t *m, adx_sem_invariance_t *v, size_t B)
{
    double *col = malloc((B + 1) * sizeof *col);
    if (!col)
        return ADX_ENOMEM;
    for (size_t l = 0, k = 0; l < v->nrows; l++)
        for (size_t g = 0; g < m->G; g++)
            for (size_t i = 0; i < v->rows[l].nparams[g]; i++, k++) {
                adx_sem_param_t *pr = &v->rows[l].params[g][i];
                size_t used = 0;
                for (size_t b = 0; b < B; b++)
                    if (m->ok[b])
                        col[used++] = m->vals[b * m->K + k];
                pr->boot_se = pr->boot_lower = pr->boot_upper = NAN;
                pr->boot_bc_lower = pr->boot_bc_upper = NAN;
                pr->boot_bca_lower = pr->boot_bca_upper = NAN;
                pr->boot_accel = mg_accel(m, k);
                if (used >= 2 && (pr->free || pr->op == ADX_SEM_DEFINE))
                    adx__sem_boot_row(pr, col, used, pr->boot_accel, m->opt->ci_level);
            }
    free(col);
    return ADX_OK;
}

adx_error_t adx_sem_mg_bootstrap(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                                 const adx_dataset_t *ds, const char *group,
                                 const adx_sem_mg_options_t *mopt, adx_sem_invariance_t *v,
                                 size_t B, unsigned long long seed, adx_errctx_t *ctx)
{
    if (B < 2)
        return adx_err(ctx, ADX_EUSAGE, "--boot needs at least 2 resamples");
    mgb_t m = {syn, opt, *mopt, v, group, v->ngroups, 0, 0, 0, NULL, NULL, NULL, NULL,
               seed, NULL, NULL, NULL, NULL};
    m.mo.score_tests = 0;
    m.mo.mi = 0;
    m.mo.lenient_starts = 1;
    m.mo.start = v; /* a failed ordinal refit is retried from the full-data estimates */
    adx_error_t rc = setup(&m, ds, ctx);
    if (!rc && (!(m.vals = malloc((B * m.K + 1) * sizeof *m.vals)) || !(m.ok = calloc(B, 1)) ||
                !(m.jk = malloc((m.N * m.K + 1) * sizeof *m.jk)) ||
                !(m.jok = calloc(m.N + 1, 1))))
        rc = adx_oom(ctx);
    if (!rc) { /* the B replicates, then the N jackknife fits */
#ifdef _OPENMP
        int nthr = opt->threads > 0 ? opt->threads : omp_get_max_threads();
#pragma omp parallel for num_threads(nthr) schedule(dynamic, 2)
#endif
        for (size_t i = 0; i < B + m.N; i++)
            mg_item(&m, B, i);
        size_t used = 0;
        for (size_t b = 0; b < B; b++)
            used += m.ok[b];
        v->boot_requested = B;
        v->boot_used = used;
        v->boot_seed = seed;
        v->boot_level = opt->ci_level;
        if (used < 2)
            rc = adx_err(ctx, ADX_ECONVERGE, "--boot with --group: %zu of %zu resamples "
                                             "converged; no bootstrap SEs",
                         used, B);
        else if (summarize(&m, v, B))
            rc = adx_oom(ctx);
    }
    if (!rc) { /* the replicates to v, the unused ones NaN */
        for (size_t b = 0; b < B; b++)
            for (size_t k = 0; !m.ok[b] && k < m.K; k++)
                m.vals[b * m.K + k] = NAN;
        free(v->boot);
        v->boot = m.vals;
        v->boot_k = m.K;
        m.vals = NULL;
    }
    for (size_t j = 0; m.names && j < m.p; j++)
        free(m.names[j]);
    for (size_t g = 0; m.idx && g < m.G; g++)
        free(m.idx[g]);
    ADX__FREE(m.col, m.names, m.n, m.idx, m.vals, m.ok, m.jk, m.jok);
    return rc;
}
