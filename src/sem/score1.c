/* Score tests of the equality constraints of a single-group fit (lavaan's
 * lavTestScore(fit)): the multi-group mechanism of mg_score.c with one group. The model is
 * rebuilt without its constraint lines, every later row of a repeated label its own free
 * parameter labelled ".pR." (R its row, 1-based; lavaan's ".p2. == .p3." rows), and set at
 * the fit's estimates; the "==" lines and the ties of the labels then act through gcon.c
 * on that group's parameters (mg_gcon.c), and adx__mg_score_tests releases each alone and
 * all together. With ordered indicators (WLSMV or ULSMV, delta or theta; continuous
 * indicators, covariates, pairwise deletion) the DWLS (ULS) gradient and information go to
 * the same line tests (adx__gcon_line_tests). Formulas: docs/sem.md ("Score tests of the
 * constraints"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"
#include "ordinal.h"

/* The constraints to test: the user's "==" lines, then the ties (tie[2k] the first row of
 * a label, tie[2k + 1] a later one). */
typedef struct {
    adx_sem_constr_t *c;
    size_t n, nuser, *tie;
} lines_t;

static void lines_free(lines_t *l)
{
    for (size_t i = l->nuser; l->c && i < l->n; i++)
        ADX__FREE(l->c[i].lhs, l->c[i].rhs);
    ADX__FREE(l->c, l->tie);
}

/* u's free rows renumbered one parameter each (u built like s without the lines, so row
 * for row the same table; the rows skip[r] fixed), the later rows of a label renamed ".pR." and tied to the first
 * in l, their values at s's estimates into *th. -1 when memory runs out. */
static int untie(adx_sem_t *u, const adx_sem_t *s, const unsigned char *skip, lines_t *l,
                 double **th)
{
    size_t nr = u->nparams, q = 0;
    size_t *first = malloc((u->npar + 1) * sizeof *first);
    *th = calloc(nr + 1, sizeof **th);
    l->tie = malloc((2 * nr + 1) * sizeof *l->tie);
    if (!first || !*th || !l->tie) {
        free(first);
        return -1;
    }
    for (size_t k = 0; k <= u->npar; k++)
        first[k] = (size_t)-1;
    size_t nt = 0;
    for (size_t r = 0; r < nr; r++) {
        adx_sem_param_t *pr = &u->params[r];
        if (skip && skip[r])
            pr->free = 0;
        if (!pr->free)
            continue;
        if (first[pr->free] == (size_t)-1) {
            first[pr->free] = r;
        } else {
            char lab[32];
            snprintf(lab, sizeof lab, ".p%zu.", r + 1);
            char *nl = adx__strdup(lab);
            if (!nl) {
                free(first);
                return -1;
            }
            free(pr->label);
            pr->label = nl;
            l->tie[2 * nt] = first[pr->free];
            l->tie[2 * nt++ + 1] = r;
        }
        pr->free = (int)++q;
        (*th)[q - 1] = s->params[r].est;
    }
    u->npar = q;
    free(first);
    l->n = l->nuser + nt;
    return 0;
}

/* l->c: the "==" lines of syn (shared strings), then each tie as "label == .pR.". */
static int tie_lines(const adx_sem_syntax_t *syn, const adx_sem_t *u, lines_t *l)
{
    if (!(l->c = calloc(l->n + 1, sizeof *l->c)))
        return -1;
    for (size_t i = 0, k = 0; i < syn->nconstr; i++)
        if (syn->constr[i].op == '=')
            l->c[k++] = syn->constr[i];
    for (size_t i = l->nuser; i < l->n; i++) {
        const size_t *t = l->tie + 2 * (i - l->nuser);
        adx_sem_constr_t *c = &l->c[i];
        c->op = '=';
        if (!(c->lhs = adx__strdup(u->params[t[0]].label)) ||
            !(c->rhs = adx__strdup(u->params[t[1]].label)))
            return -1;
    }
    return 0;
}

/* Row pr as "lhs op rhs" ("x ~ 1" for an intercept) into a new string. */
static char *row_name(const adx_sem_param_t *pr)
{
    char buf[600];
    if (pr->op == ADX_SEM_INTERCEPT)
        snprintf(buf, sizeof buf, "%s ~ 1", pr->lhs);
    else
        snprintf(buf, sizeof buf, "%s %s %s", pr->lhs, adx_sem_op_name(pr->op), pr->rhs);
    return adx__strdup(buf);
}

/* The tests of row into s, the ties named by their parameters. */
static adx_error_t take(adx_sem_t *s, const adx_sem_t *u, const lines_t *l,
                        adx_sem_inv_row_t *row, adx_errctx_t *ctx)
{
    for (size_t i = l->nuser; i < row->ncon_score; i++) {
        adx_sem_score_t *t = &row->con_score[i];
        const size_t *tie = l->tie + 2 * (i - l->nuser);
        ADX__FREE(t->lhs, t->rhs);
        t->lhs = row_name(&u->params[tie[0]]);
        t->rhs = row_name(&u->params[tie[1]]);
        if (!t->lhs || !t->rhs)
            return adx_oom(ctx);
    }
    for (size_t i = 0; i < s->ncon_score; i++)
        ADX__FREE(s->con_score[i].lhs, s->con_score[i].rhs);
    free(s->con_score);
    s->con_score = row->con_score;
    s->ncon_score = row->ncon_score;
    s->con_total_x2 = row->con_total_x2;
    s->con_total_df = row->con_total_df;
    s->con_total_pvalue = row->con_total_pvalue;
    row->con_score = NULL;
    row->ncon_score = 0;
    return ADX_OK;
}

/* The tests left in row (not taken). */
static void row_free(adx_sem_inv_row_t *row)
{
    for (size_t k = 0; row->con_score && k < row->ncon_score; k++)
        ADX__FREE(row->con_score[k].lhs, row->con_score[k].rhs);
    free(row->con_score);
}

/* The one-group fit of u at th (borrowing s's sample moments and missing-data patterns):
 * its score tests of l into s. */
static adx_error_t one_group(adx_sem_t *s, adx_sem_t *u, const lines_t *l, double *th,
                             adx_errctx_t *ctx)
{
    adx__mg_t mg = {0};
    adx__mg_group_t gr = {0};
    adx_sem_syntax_t gs = {0};
    adx_sem_inv_row_t row = {0};
    size_t q = u->npar;
    adx_error_t rc = ADX_OK;
    row.con_total_x2 = row.con_total_df = row.con_total_pvalue = NAN;
    gs.source = s->source;
    gs.constr = l->c;
    gs.nconstr = l->n;
    u->fiml = s->fiml; /* borrowed: given back below */
    gr.model = u;
    gr.w = 1.0;
    gr.map = malloc((q + 1) * sizeof *gr.map);
    gr.th = calloc(q + 1, sizeof *gr.th);
    mg.G = 1;
    mg.gr = &gr;
    mg.N = s->n;
    mg.p = s->p;
    mg.npar = q;
    mg.gsyn = &gs;
    mg.H = calloc(q * q + 1, sizeof *mg.H);
    mg.g = calloc(q + 1, sizeof *mg.g);
    if (!gr.map || !gr.th || !mg.H || !mg.g || adx__est_init(&gr.es, u)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t k = 0; k < q; k++)
        gr.map[k] = k;
    if (adx__est_set_sample(&gr.es, s->sample_cov, s->meanstructure ? s->sample_mean : NULL)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: score tests: the sample covariance matrix is not "
                                         "positive definite",
                     s->source);
        goto cleanup;
    }
    if ((rc = adx__mg_gcon_build(&mg, ctx)))
        goto cleanup;
    if ((rc = adx__mg_score_tests(&mg, th, &row)))
        rc = adx_oom(ctx);
    else if (row.ncon_score != l->n)
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: score tests: the model cannot be evaluated at its "
                                         "estimates (implied covariance matrix not positive "
                                         "definite)",
                     s->source);
    else
        rc = take(s, u, l, &row, ctx);
cleanup:
    u->fiml = NULL;
    adx__est_free(&gr.es);
    adx__sem_gcon_free(mg.gcon);
    row_free(&row);
    ADX__FREE(row.score, gr.map, gr.th, mg.H, mg.g, mg.lo, mg.hi);
    return rc;
}

/* With ordered indicators: skip[r] for the ordered indicators' residual variances of u
 * (1 minus the common part, not free in the fit: ordinal.c's fix_residuals); u borrows
 * s->ordinal. -1 when memory runs out. */
static int ordinal_resid(adx_sem_t *u, const adx_sem_t *s, unsigned char *skip)
{
    adx__est_t e = {0};
    u->ordinal = s->ordinal;
    int rc = adx__est_init(&e, u);
    for (size_t r = 0; !rc && r < u->nparams; r++)
        skip[r] = (unsigned char)adx__ord_is_resid(&e, r);
    adx__est_free(&e);
    return rc;
}

/* With ordered indicators (WLSMV or ULSMV, delta or theta, listwise or pairwise, with
 * continuous indicators and covariates or not): the DWLS gradient and information over u's
 * parameters at th (the fit's statistics and weights, 1 under ULS: the slopes on the
 * covariates, the continuous indicators' variances and the correlations / covariances) give
 * the tests through the same gcon.c line tests as under ML. The thresholds and the
 * continuous indicators' intercepts are free and saturated (one parameter each, no '~ 1'
 * line with ordered indicators): whatever their fitted values do under theta or with
 * covariates, their Jacobian block is square and invertible and the weights diagonal, so
 * their gradient is 0 and their block drops out of the information (its Schur complement is
 * the rest's D' W D); lavaan's tests over all free parameters equal these. */
static adx_error_t ordinal_tests(adx_sem_t *s, adx_sem_t *u, const lines_t *l, double *th,
                                 adx_errctx_t *ctx)
{
    adx__est_t e = {0};
    adx__ord_t o = {0};
    adx_sem_inv_row_t row = {0};
    const adx_sem_constr_t **list = calloc(l->n + 1, sizeof *list);
    double F = 0;
    adx_error_t rc = ADX_OK;
    row.con_total_x2 = row.con_total_df = row.con_total_pvalue = NAN;
    if (!list || adx__est_init(&e, u) || adx__ord_alloc(&o, &e, u->npar)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (s->opt.ordinal_theta)
        adx__ord_theta_on(&o);
    for (size_t i = 0; i < l->n; i++)
        list[i] = &l->c[i];
    o.r = s->ordinal->stat;
    o.w = s->ordinal->stat_w;
    adx__objective_t obj = adx__ord_objective(&o);
    if (!o.r || o.np != s->ordinal->nstat || adx__est_set_sample(&e, s->sample_cov, NULL) ||
        obj.eval(obj.ud, th, &F)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: score tests: the model cannot be evaluated at its "
                                         "estimates",
                     s->source);
        goto cleanup;
    }
    adx__ord_derivs_fixed(&o);
    if ((rc = adx__sem_gcon_build(u, list, l->n, ctx)))
        goto cleanup;
    /* lavaan's objective carries (n - 1)/n (its fx) and X2 takes N: under DWLS its weight
     * carries n/(n - 1) as well, X2 with n - 1; under ULS the weight is the identity, so the
     * gradient's factor enters squared: (n - 1)^2/n */
    double n = (double)s->n, nx = s->ordinal->uls ? (n - 1) * (n - 1) / n : n - 1;
    if (adx__gcon_line_tests(u->gcon, l->c, nx, u->npar, o.g, o.H, th, &row))
        rc = adx_oom(ctx);
    else
        rc = take(s, u, l, &row, ctx);
cleanup:
    adx__ord_free(&o);
    adx__est_free(&e);
    row_free(&row);
    free(list);
    return rc;
}

adx_error_t adx_sem_score_tests(adx_sem_t *s, const adx_sem_syntax_t *syn, adx_errctx_t *ctx)
{
    adx_sem_syntax_t bare = *syn;
    adx_sem_t *u = NULL;
    lines_t l = {0};
    double *th = NULL;
    unsigned char *skip = NULL;
    adx_error_t rc = ADX_OK;
    if (!s->fitted || !s->theta || !s->sample_cov || (s->opt.ordered && !s->ordinal))
        return adx_err(ctx, ADX_EUSAGE, "score tests need a fitted model");
    for (size_t i = 0; i < syn->nconstr; i++) {
        const adx_sem_constr_t *k = &syn->constr[i];
        if (k->op != '=')
            return adx_err(ctx, ADX_EUSAGE, "%s:%zu:%zu: '%s %c %s': score tests take equality "
                                            "constraints only (lavaan's lavTestScore does not "
                                            "handle inequality constraints either); drop "
                                            "--score-tests or the line",
                           s->source, k->line, k->col, k->lhs, k->op, k->rhs);
        l.nuser++;
    }
    bare.constr = NULL;
    bare.nconstr = 0;
    if ((rc = adx_sem_build(&bare, &s->opt, &u, ctx)))
        goto cleanup;
    if (u->nparams != s->nparams) {
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "%s: score tests: the model without its constraint "
                                            "lines has other rows",
                     s->source);
        goto cleanup;
    }
    if ((s->opt.ordered && !(skip = calloc(u->nparams + 1, 1))) ||
        (skip && ordinal_resid(u, s, skip)) || untie(u, s, skip, &l, &th) ||
        tie_lines(syn, u, &l)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if (!l.n) {
        rc = adx_err(ctx, ADX_EUSAGE, "%s: --score-tests: the model has no equality constraint to "
                                      "test (no '==' line and no label used twice); add one, "
                                      "or use --mi for the fixed parameters",
                     s->source);
        goto cleanup;
    }
    rc = s->opt.ordered ? ordinal_tests(s, u, &l, th, ctx) : one_group(s, u, &l, th, ctx);
cleanup:
    lines_free(&l);
    if (u)
        u->ordinal = NULL; /* borrowed */
    adx_sem_free(u);
    ADX__FREE(th, skip);
    return rc;
}
