/* Measurement invariance across groups (lavaan's cfa(group =, group.equal =,
 * group.partial =)): configural, metric (equal loadings), scalar (equal loadings and
 * intercepts, latent means free after the first group) and strict (also equal
 * residual variances) multi-group fits with a mean structure, or one fit with any of
 * lavaan's group.equal names; chi2 difference tests between consecutive levels
 * (Satorra-Bentler 2001 scaled under MLR and MLM) and per-group parameter tables.
 * The groups and the objective are in multigroup.c, the robust parts in mg_robust.c. */
#include <ctype.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

/* lavaan's group.equal names, in the order of the ADX_SEM_EQ_* bits. */
#define NEQ (sizeof EQ_NAMES / sizeof EQ_NAMES[0])
static const char *const EQ_NAMES[] = {"loadings",     "intercepts",     "residuals",
                                       "means",        "lv.variances",   "lv.covariances",
                                       "regressions",  "residual.covariances",
                                       "thresholds"};

void adx_sem_mg_options_init(adx_sem_mg_options_t *o)
{
    o->single = 0;
    o->group_equal = 0;
    o->group_partial = NULL;
    o->score_tests = 0;
    o->mi = 0;
    o->lenient_starts = 0;
    o->start = NULL;
}

adx_error_t adx_sem_group_equal_parse(const char *list, unsigned *mask, adx_errctx_t *ctx)
{
    *mask = 0;
    const char *s = list;
    while (s && *s) {
        char w[64];
        size_t k = 0;
        while (*s && *s != ',') {
            if (!isspace((unsigned char)*s) && *s != '"' && k + 1 < sizeof w)
                w[k++] = *s;
            s++;
        }
        w[k] = 0;
        s += *s == ',';
        if (!k || !strcmp(w, "none"))
            continue;
        size_t i = 0;
        while (i < NEQ && strcmp(w, EQ_NAMES[i]))
            i++;
        if (i == NEQ)
            return adx_err(ctx, ADX_EUSAGE, "group.equal: unknown name '%s'; use loadings, "
                                            "intercepts, residuals, means, lv.variances, "
                                            "lv.covariances, regressions, "
                                            "residual.covariances or thresholds",
                           w);
        *mask |= 1u << i;
    }
    return ADX_OK;
}

void adx__mg_row_free(adx_sem_inv_row_t *r, size_t G)
{
    for (size_t g = 0; r->params && g < G; g++) {
        for (size_t k = 0; r->params[g] && k < r->nparams[g]; k++)
            ADX__FREE(r->params[g][k].lhs, r->params[g][k].rhs, r->params[g][k].label);
        free(r->params[g]);
    }
    for (size_t k = 0; r->score && k < r->nscore; k++)
        ADX__FREE(r->score[k].lhs, r->score[k].rhs);
    for (size_t k = 0; r->con_score && k < r->ncon_score; k++)
        ADX__FREE(r->con_score[k].lhs, r->con_score[k].rhs);
    free(r->con_score);
    for (size_t g = 0; r->mi && g < G; g++) {
        for (size_t k = 0; r->mi[g] && k < r->nmi[g]; k++)
            ADX__FREE(r->mi[g][k].lhs, r->mi[g][k].rhs);
        free(r->mi[g]);
    }
    ADX__FREE(r->params, r->nparams, r->score, r->mi, r->nmi, r->coef);
}

void adx_sem_invariance_free(adx_sem_invariance_t *v)
{
    if (!v)
        return;
    for (size_t l = 0; l < ADX_SEM_INV_MAX; l++)
        adx__mg_row_free(&v->rows[l], v->ngroups);
    adx__free_strings(v->groups, v->ngroups);
    free(v->n);
    free(v->boot);
    free(v);
}

/* ---- group.partial ----------------------------------------------------------------- */

/* Copies s[0..n) without blanks into out (size 128); 0 if empty or too long. */
static int squeeze(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) {
            if (k + 1 >= 128)
                return 0;
            out[k++] = s[i];
        }
    out[k] = 0;
    return k > 0;
}

/* One "lhs op rhs" term of length n. */
static int parse_term(const char *s, size_t n, adx__mg_term_t *t)
{
    static const struct {
        const char *op;
        adx_sem_op_t code;
    } ops[] = {{"=~", ADX_SEM_MEASURE}, {"~*~", ADX_SEM_SCALE}, {"~~", ADX_SEM_COV},
               {"~", ADX_SEM_REGRESS},  {"|", ADX_SEM_THRESHOLD}};
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        const char *at = strstr(s, ops[k].op);
        if (!at || at >= s + n)
            continue;
        size_t lo = strlen(ops[k].op), off = (size_t)(at - s);
        t->op = ops[k].code;
        if (!squeeze(s, off, t->lhs))
            return 0;
        if (!squeeze(at + lo, n - off - lo, t->rhs))
            return 0;
        if (t->op == ADX_SEM_REGRESS && !strcmp(t->rhs, "1")) {
            t->op = ADX_SEM_INTERCEPT;
            t->rhs[0] = 0;
        }
        return 1;
    }
    return 0;
}

/* The terms of group.partial, each checked against the model of the first group. */
static adx_error_t parse_partial(const char *spec, const adx_sem_t *m, adx__mg_term_t **out,
                                 size_t *np, adx_errctx_t *ctx)
{
    *out = NULL;
    *np = 0;
    if (!spec || !*spec)
        return ADX_OK;
    size_t cap = 1;
    for (const char *s = spec; *s; s++)
        cap += *s == ',';
    adx__mg_term_t *t = calloc(cap, sizeof *t);
    if (!t)
        return adx_oom(ctx);
    for (const char *s = spec; *s;) {
        size_t n = strcspn(s, ",");
        char one[256];
        snprintf(one, sizeof one, "%.*s", (int)(n < 255 ? n : 255), s);
        int found = 0;
        if (parse_term(s, n, &t[*np]))
            for (size_t r = 0; r < m->nparams && !found; r++) {
                const adx_sem_param_t *pr = &m->params[r];
                found = pr->op == t[*np].op && !strcmp(pr->lhs, t[*np].lhs) &&
                        !strcmp(pr->rhs, t[*np].rhs);
                found |= pr->op == ADX_SEM_COV && t[*np].op == ADX_SEM_COV &&
                         !strcmp(pr->lhs, t[*np].rhs) && !strcmp(pr->rhs, t[*np].lhs);
            }
        found |= adx__mg_ordinal_term(m, &t[*np]);
        if (!found) {
            free(t);
            return adx_err(ctx, ADX_EUSAGE, "group.partial: '%s' is not a parameter of the "
                                            "model; write lhs op rhs as lavaan prints it, "
                                            "e.g. \"x3 ~ 1, speed =~ x9\"",
                           one);
        }
        (*np)++;
        s += n + (s[n] == ',');
    }
    *out = t;
    return ADX_OK;
}

/* ---- one level ---------------------------------------------------------------- */

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

/* log det of the independence model's Sigma of group m: the log variances, except that
 * the fixed covariates' block stays whole (lavaan's baseline under fixed.x); NAN if that
 * block is not positive definite. */
static double baseline_logdet(const adx_sem_t *m, const double *S, size_t p)
{
    int *isx = calloc(p + 1, sizeof *isx);
    double *Sx = calloc(p * p + 1, sizeof *Sx), ld = 0, ldx = 0;
    size_t nx = 0, *xi = calloc(p + 1, sizeof *xi);
    if (!isx || !Sx || !xi) {
        ADX__FREE(isx, Sx, xi);
        return NAN;
    }
    for (size_t r = 0; r < m->nparams; r++)
        if (m->params[r].fixed_x)
            isx[adx__sem_var_index(m, m->params[r].lhs)] = 1;
    for (size_t i = 0; i < p; i++) {
        if (isx[i])
            xi[nx++] = i;
        else
            ld += log(S[i * (p + 1)]);
    }
    for (size_t b = 0; b < nx; b++)
        for (size_t a = 0; a < nx; a++)
            Sx[a + b * nx] = S[xi[a] + xi[b] * p];
    if (nx && adx__spd_logdet(Sx, nx, &ldx))
        ldx = NAN;
    ADX__FREE(isx, Sx, xi);
    return ld + ldx;
}

/* Fit measures of a level fitted to F. The data count and the baseline leave out the
 * fixed covariates' means and covariances (lavaan fixed.x), group by group. */
static void level_measures(const adx__mg_t *mg, const adx_sem_invariance_t *v, double F,
                           adx_sem_inv_row_t *row)
{
    size_t G = mg->G, p = mg->p;
    adx__sem_counts_t cnt = adx__sem_counts(mg->gr[0].model);
    size_t nx = cnt.nx, ny = p - nx;
    double N = (double)mg->N;
    double ndat = (double)G * (double)(p * (p + 1) / 2 + p - nx * (nx + 1) / 2 - nx);
    row->npar = (double)(mg->npar - mg->neq);
    row->chisq = N * adx__sem_exact_fit(F);
    row->df = ndat - row->npar;
    row->pvalue = row->df > 0 ? gsl_cdf_chisq_Q(row->chisq, row->df) : NAN;
    double Xb = 0, srmr = 0;
    for (size_t g = 0; g < G; g++) {
        const adx__mg_group_t *gr = &mg->gr[g];
        const double *S = gr->model->sample_cov;
        double ld = baseline_logdet(gr->model, S, p);
        /* FIML: the independence model of the group's patterns against its EM h1 */
        const struct adx_sem_fiml *fm = gr->model->fiml;
        Xb += fm ? 2.0 * (fm->logl_h1 - fm->logl_baseline)
                 : (double)v->n[g] * (ld - gr->es.logdetS);
        srmr += gr->w * group_srmr(&gr->es, S, gr->model->sample_mean);
    }
    row->baseline_chisq = Xb;
    row->baseline_df = ndat - (double)G * 2.0 * (double)ny;
    double X = row->chisq, df = row->df;
    adx__sem_incremental(X, df, Xb, row->baseline_df, &row->cfi, &row->tli, NULL, NULL, NULL);
    row->rmsea = df > 0 ? sqrt(fmax(X - df, 0.0) / (df * N)) * sqrt((double)G) : 0.0;
    row->srmr = srmr;
}

/* Group g's parameter table at the level's estimates (SEs from the global V) into
 * row->params[g]; shared rows without a label get ".pK.". */
adx_error_t adx__mg_snapshot(adx__mg_t *mg, size_t g, const double *V, int vc_ok,
                            const size_t *uses, adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    adx__mg_group_t *gr = &mg->gr[g];
    adx_sem_t *m = gr->model;
    size_t q = m->npar, Q = mg->npar;
    double *Vg = malloc((q * q + 1) * sizeof *Vg);
    if (!Vg)
        return adx_oom(ctx);
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++)
            Vg[i + j * q] = V[gr->map[i] + gr->map[j] * Q];
    adx_error_t rc = adx__sem_finish(m, &gr->es, gr->th, Vg, vc_ok, ctx);
    free(Vg);
    if (rc)
        return rc;
    adx_sem_param_t *cp = calloc(m->nparams + 1, sizeof *cp);
    if (!(row->params[g] = cp))
        return adx_oom(ctx);
    row->nparams[g] = m->nparams;
    for (size_t r = 0; r < m->nparams; r++) {
        const adx_sem_param_t *pr = &m->params[r];
        char lab[32];
        size_t gi = pr->free ? gr->map[pr->free - 1] : 0;
        snprintf(lab, sizeof lab, ".p%zu.", gi + 1);
        cp[r] = *pr;
        int shared = pr->free && !*pr->label && uses[gi] > 1;
        cp[r].lhs = adx__strdup(pr->lhs);
        cp[r].rhs = adx__strdup(pr->rhs);
        cp[r].label = adx__strdup(shared ? lab : pr->label);
        if (!cp[r].lhs || !cp[r].rhs || !cp[r].label)
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* The global parameters at a bound (mg->lo, mg->hi; mg->g the gradient at th): V
 * conditioned on them (lavaan's conditional SEs) and every group's rows marked
 * (at_bound, nactive; their SEs NaN). */
static adx_error_t mark_bounds(adx__mg_t *mg, const double *th, double *V)
{
    size_t Q = mg->npar;
    int *act = calloc(Q + 1, sizeof *act);
    if (!act || (mg->bounded && adx__bounds_condition(Q, th, mg->lo, mg->hi, mg->g, V, act) < 0)) {
        free(act);
        return ADX_ENOMEM;
    }
    for (size_t g = 0; g < mg->G; g++) {
        adx_sem_t *m = mg->gr[g].model;
        m->nactive = 0;
        for (size_t r = 0; r < m->nparams; r++) {
            adx_sem_param_t *pr = &m->params[r];
            int a = pr->free ? act[mg->gr[g].map[pr->free - 1]] : 0;
            pr->at_bound = a * (pr->scale < 0 ? -1 : 1);
            m->nactive += a != 0;
        }
    }
    free(act);
    return ADX_OK;
}

/* Estimates and SEs of every group into row (V from mg_robust.c). */
static adx_error_t level_params(adx__mg_t *mg, int robust, const double *th,
                                adx_sem_inv_row_t *row, double *ssr, adx_errctx_t *ctx)
{
    size_t Q = mg->npar, G = mg->G;
    double *V = calloc(Q * Q + 1, sizeof *V);
    size_t *uses = calloc(Q + 1, sizeof *uses);
    row->params = calloc(G, sizeof *row->params);
    row->nparams = calloc(G, sizeof *row->nparams);
    int vc_ok = 1;
    adx_error_t rc = V && uses && row->params && row->nparams ? ADX_OK : ADX_ENOMEM;
    if (!rc)
        rc = adx__mg_vcov(mg, robust, th, V, &vc_ok, ssr);
    if (!rc)
        rc = mark_bounds(mg, th, vc_ok ? V : NULL);
    if (rc) {
        ADX__FREE(V, uses);
        return adx_oom(ctx);
    }
    for (size_t g = 0; g < G; g++)
        for (size_t j = 0; j < mg->gr[g].model->npar; j++)
            uses[mg->gr[g].map[j]]++;
    for (size_t g = 0; !rc && g < G; g++)
        rc = adx__mg_snapshot(mg, g, V, vc_ok, uses, row, ctx);
    ADX__FREE(V, uses);
    if (!rc && !vc_ok)
        rc = adx_err(ctx, ADX_ESINGULAR, "invariance: the information matrix of the %s model "
                                         "is singular: the model is not identified",
                     row->model);
    return rc;
}

/* Whether the numbering of mask frees the latent means after the first group. */
static int frees_means(unsigned mask)
{
    return (mask & ADX_SEM_EQ_INTERCEPTS) && !(mask & ADX_SEM_EQ_MEANS);
}

/* Fixes the latent means that adx__mg_number freed (at 0; they are the last free
 * parameters of each group). A growth model's latent means are free at every level. */
static void fix_latent_means(adx__mg_t *mg)
{
    for (size_t g = 1; g < mg->G; g++) {
        adx_sem_t *m = mg->gr[g].model;
        for (size_t r = 0; !m->opt.growth && r < m->nparams; r++) {
            adx_sem_param_t *pr = &m->params[r];
            if (pr->op == ADX_SEM_INTERCEPT && pr->free && !pr->user &&
                adx__sem_var_index(m, pr->lhs) >= m->p) {
                pr->free = 0;
                pr->est = 0.0;
                m->npar--;
            }
        }
    }
}

/* Satorra-Bentler (2010): the scaling factor of prev's model (m1) at the estimates of
 * this level (every group evaluated there; lavaan's lav_test_diff_m10): each group's
 * parameters carried over onto prev's numbering, the latent means this level frees and
 * prev fixes set back to 0; under general constraint lines its information inverted on
 * their null space (mg_robust.c). Leaves prev's numbering (the next level renumbers). */
static adx_error_t m10_scaling(adx__mg_t *mg, const adx__mg_term_t *part, size_t np,
                               const adx_sem_inv_row_t *prev, unsigned mask, int robust,
                               double *c10, adx_errctx_t *ctx)
{
    size_t G = mg->G;
    double **keep = calloc(G, sizeof *keep), *th = NULL;
    adx_error_t rc = keep ? ADX_OK : ADX_ENOMEM;
    for (size_t g = 0; !rc && g < G; g++) {
        size_t q = mg->gr[g].model->npar;
        keep[g] = malloc((q + 1) * sizeof **keep);
        if (!keep[g])
            rc = ADX_ENOMEM;
        else
            memcpy(keep[g], mg->gr[g].th, q * sizeof **keep);
    }
    if (!rc && frees_means(mask) && !frees_means(prev->group_equal))
        fix_latent_means(mg);
    if (!rc && adx__mg_number(mg, prev->group_equal, part, np))
        rc = ADX_ENOMEM;
    /* the constraint lines on prev's parameters (lavaan's M10 keeps them) */
    if (!rc && mg->gsyn)
        rc = adx__mg_gcon_build(mg, ctx);
    if (!rc && (!(th = calloc(mg->npar + 1, sizeof *th)) || adx__mg_start(mg, th)))
        rc = ADX_ENOMEM;
    for (size_t g = 0; !rc && g < G; g++)
        for (size_t j = 0; j < mg->gr[g].model->npar; j++)
            th[mg->gr[g].map[j]] = keep[g][j];
    if (!rc)
        rc = adx__mg_scaling_at(mg, robust, th, prev->df, c10);
    for (size_t g = 0; keep && g < G; g++)
        free(keep[g]);
    ADX__FREE(keep, th);
    return rc;
}

void adx__mg_level_delta(const adx_sem_inv_row_t *prev, adx_sem_inv_row_t *row, double c10,
                         int ordered)
{
    if (ordered) /* Satorra (2000) in mg_ordinal.c */
        return;
    row->delta_chisq = row->delta_df = row->delta_pvalue = NAN;
    row->delta_chisq_scaled = row->delta_pvalue_scaled = NAN;
    if (!prev)
        return;
    double d = row->df - prev->df;
    row->delta_chisq = row->chisq - prev->chisq;
    row->delta_df = d;
    row->delta_pvalue = d > 0 ? gsl_cdf_chisq_Q(row->delta_chisq, d) : NAN;
    double c1 = isfinite(c10) ? c10 : prev->scaling_factor;
    double cd = (row->df * row->scaling_factor - prev->df * c1) / d;
    if (d > 0 && isfinite(cd) && cd > 0) {
        row->delta_chisq_scaled = row->delta_chisq / cd;
        row->delta_pvalue_scaled = gsl_cdf_chisq_Q(row->delta_chisq_scaled, d);
    }
}

static void row_init(adx_sem_inv_row_t *row, const char *name, unsigned mask)
{
    memset(row, 0, sizeof *row);
    row->model = name;
    row->group_equal = mask;
    row->chisq_scaled = row->scaling_factor = row->pvalue_scaled = NAN;
    row->baseline_chisq_scaled = row->baseline_scaling_factor = NAN;
    row->cfi_scaled = row->tli_scaled = row->rmsea_scaled = NAN;
    row->cfi_robust = row->tli_robust = row->rmsea_robust = NAN;
    row->shift = NAN;
    row->delta_chisq = row->delta_df = row->delta_pvalue = NAN;
    row->delta_chisq_scaled = row->delta_pvalue_scaled = NAN;
    row->con_total_x2 = row->con_total_df = row->con_total_pvalue = NAN;
}

/* Fits one level (mask) into row (prev: the level before, or NULL); score: 1 the score
 * tests, 2 the modification indices. */
static adx_error_t fit_level(adx__mg_t *mg, const adx__mg_term_t *part, size_t np,
                             adx_sem_invariance_t *v, const adx_sem_options_t *opt,
                             int score, const adx_sem_inv_row_t *prev,
                             adx_sem_inv_row_t *row, double *c10, adx_errctx_t *ctx)
{
    *c10 = NAN;
    if (opt->ordered)
        return adx__mg_ordinal_fit(mg, part, np, opt, score, prev, row, ctx);
    if (adx__mg_number(mg, row->group_equal, part, np))
        return adx_oom(ctx);
    adx_error_t rc = mg->gsyn ? adx__mg_gcon_build(mg, ctx) : ADX_OK;
    if (rc)
        return rc;
    double *th = calloc(mg->npar + 1, sizeof *th), F = NAN, ssr = NAN;
    if (!th || adx__mg_start(mg, th)) {
        free(th);
        return adx_oom(ctx);
    }
    int it = 0;
    int conv = adx__mg_optimize(mg, opt, th, &it, &F);
    if (conv == ADX__OPT_NOMEM)
        rc = adx_oom(ctx);
    else if (conv < 0)
        rc = adx_err(ctx, ADX_ESINGULAR, "invariance: the multi-group model could not be "
                                         "evaluated");
    row->converged = conv > 0;
    row->iterations = it;
    if (!rc) {
        level_measures(mg, v, F, row);
        rc = level_params(mg, opt->robust, th, row, &ssr, ctx);
    }
    if (!rc && adx__mg_scaled(mg, opt->robust, ssr, row))
        rc = adx_oom(ctx);
    if (!rc && (score & 1) && adx__mg_score_tests(mg, th, row))
        rc = adx_oom(ctx);
    if (!rc && (score & 2))
        rc = adx__mg_modindices(mg, th, row, ctx);
    /* every group evaluated at th (the groups' parameters, for m10_scaling) */
    if (!rc && prev && opt->robust && opt->diff_method == ADX_SEM_DIFF_SB2010 &&
        !adx__mg_eval_at(mg, th, &F) &&
        (rc = m10_scaling(mg, part, np, prev, row->group_equal, opt->robust, c10, ctx)))
        rc = rc == ADX_ENOMEM ? adx_oom(ctx) : rc;
    free(th);
    if (!rc && !conv)
        rc = adx_err(ctx, ADX_ECONVERGE, "invariance: the %s model did not converge in %d "
                                         "iterations",
                     row->model, it);
    return rc;
}

/* 1 when syn has constraint lines, all of them equalities (lavTestScore tests them). */
static int all_equalities(const adx_sem_syntax_t *syn)
{
    for (size_t i = 0; i < syn->nconstr; i++)
        if (syn->constr[i].op != '=')
            return 0;
    return syn->nconstr > 0;
}

static const char *const LEVEL_NAMES[4] = {"configural", "metric", "scalar", "strict"};
static const unsigned LEVEL_MASKS[4] = {
    0, ADX_SEM_EQ_LOADINGS, ADX_SEM_EQ_LOADINGS | ADX_SEM_EQ_INTERCEPTS,
    ADX_SEM_EQ_LOADINGS | ADX_SEM_EQ_INTERCEPTS | ADX_SEM_EQ_RESIDUALS};
/* Ordered indicators (Wu & Estabrook 2016, lavaan's steps): the intercepts of the latent
 * responses are 0 throughout and their residual variances not free. */
static const char *const ORD_NAMES[3] = {"configural", "thresholds", "thresholds+loadings"};
static const unsigned ORD_MASKS[3] = {0, ADX_SEM_EQ_THRESHOLDS,
                                      ADX_SEM_EQ_THRESHOLDS | ADX_SEM_EQ_LOADINGS};

adx_error_t adx__mg_run(adx__mg_t *mg, const adx_sem_syntax_t *syn,
                        const adx_sem_options_t *opt, const adx_dataset_t *ds, const char *group,
                        const adx_sem_mg_options_t *mopt, const adx_sem_inv_row_t *prev,
                        adx_sem_invariance_t **out, adx_errctx_t *ctx)
{
    adx__mg_term_t *part = NULL;
    size_t np = 0;
    *out = NULL;
    if (opt->robust == ADX_SEM_MLM && opt->fiml)
        return adx_err(ctx, ADX_EUSAGE, "MLM needs complete data; use MLR with FIML");
    adx_sem_invariance_t *v = calloc(1, sizeof *v);
    if (!v)
        return adx_oom(ctx);
    v->robust = opt->robust;
    v->fiml = opt->fiml;
    v->diff_method = opt->diff_method;
    v->ordered = opt->ordered;
    v->ordinal_uls = opt->ordered && opt->ordinal_uls;
    v->ordinal_theta = opt->ordered && opt->ordinal_theta;
    mg->lenient = mopt->lenient_starts;
    mg->all_gcon = mopt->score_tests && all_equalities(syn);
    adx_error_t rc = adx__mg_groups(mg, syn, opt, ds, group, v, ctx);
    if (!rc)
        rc = parse_partial(mopt->group_partial, mg->gr[0].model, &part, &np, ctx);
    v->nrows = mopt->single ? 1 : opt->ordered ? 3 : ADX_SEM_INV_MAX;
    /* another model's fit as the first level's previous one: only ordered (mg->prev_d);
     * the continuous differences of two models are mg_compare.c's */
    const adx_sem_inv_row_t *before = opt->ordered ? prev : NULL;
    for (size_t l = 0; !rc && l < v->nrows; l++) {
        adx_sem_inv_row_t *row = &v->rows[l];
        row_init(row, mopt->single ? "group.equal" : opt->ordered ? ORD_NAMES[l] : LEVEL_NAMES[l],
                 mopt->single ? mopt->group_equal : opt->ordered ? ORD_MASKS[l] : LEVEL_MASKS[l]);
        double c10 = NAN;
        mg->start = opt->ordered && mopt->start && l < mopt->start->nrows &&
                            mopt->start->ngroups == mg->G
                        ? &mopt->start->rows[l]
                        : NULL;
        rc = fit_level(mg, part, np, v, opt, (mopt->score_tests ? 1 : 0) | (mopt->mi ? 2 : 0),
                       l ? &v->rows[l - 1] : before, row, &c10, ctx);
        adx__mg_level_delta(l ? &v->rows[l - 1] : NULL, row, c10, opt->ordered);
    }
    if (!rc) {
        *out = v;
        v = NULL;
    }
    adx_sem_invariance_free(v);
    free(part);
    return rc;
}

adx_error_t adx_sem_multigroup(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               const adx_sem_mg_options_t *mopt, adx_sem_invariance_t **out,
                               adx_errctx_t *ctx)
{
    adx__mg_t mg = {0};
    adx_error_t rc = adx__mg_run(&mg, syn, opt, ds, group, mopt, NULL, out, ctx);
    adx__mg_free(&mg);
    return rc;
}

adx_error_t adx_sem_invariance(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                               const adx_dataset_t *ds, const char *group,
                               adx_sem_invariance_t **out, adx_errctx_t *ctx)
{
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    return adx_sem_multigroup(syn, opt, ds, group, &mo, out, ctx);
}
