/* SEM model building: from parsed lavaan syntax to the parameter table, with
 * the defaults of lavaan's cfa()/sem() (auto.fix.first or std.lv, auto.var,
 * auto.cov.lv.x, auto.cov.y, fixed.x). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sem_priv.h"

void adx_sem_options_init(adx_sem_options_t *o)
{
    o->std_lv = 0;
    o->fixed_x = 1;
    o->max_iter = 500;
    o->grad_tol = 1e-9;
    o->ci_level = 0.95;
    o->threads = 0;
    o->observed_info = 0;
    o->robust = 0;
    o->fiml = 0;
    o->orthogonal = 0;
    o->meanstructure = 0;
    o->floor_grad_tol = 1e-6;
    o->rel_ftol = 1e-15;
    o->armijo = 1e-4;
    o->max_halvings = 60;
    o->secant_halvings = 8;
    o->ridge_start = 1e-6;
    o->ridge_tries = 20;
    o->start_simple = 0;
    o->start_retry = 1;
    o->bfgs_after = 3;
    o->em_max_iter = 20000;
    o->em_tol = 1e-12;
    o->ordered = 0;     /* continuous indicators (ML) */
    o->ordinal_uls = 0; /* with ordered: WLSMV */
    o->ordered_vars = NULL; /* with ordered: all observed variables */
    o->nordered_vars = 0;
    o->ordinal_theta = 0; /* delta parameterization */
    o->ordinal_pairwise = 0; /* listwise */
    o->growth = 0;
    o->diff_method = ADX_SEM_DIFF_SB2001;
}

/* Names in order of first appearance, with a hash index (name -> position). */
typedef struct {
    char **v;
    size_t n, cap;
    adx__strmap_t idx;
} names_t;

static long names_find(const names_t *s, const char *x)
{
    size_t i;
    return adx__strmap_get(&s->idx, x, &i) ? (long)i : -1;
}

static int names_add(names_t *s, const char *x)
{
    if (names_find(s, x) >= 0)
        return 0;
    if (s->n == s->cap && adx__grow(&s->v, &s->cap, sizeof *s->v, 16))
        return -1;
    if (!(s->v[s->n] = strdup(x)))
        return -1;
    if (adx__strmap_put(&s->idx, x, s->n) < 0) {
        free(s->v[s->n]);
        return -1;
    }
    s->n++;
    return 0;
}

static int label_known(void *ud, const char *name, double *v)
{
    *v = 1.0;
    return names_find((const names_t *)ud, name) >= 0 ? 0 : -1;
}

static void names_free(names_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    adx__strmap_free(&s->idx);
}

/* The validity results belong to the model (adx_sem_t.validity); freed with it. */
void adx__sem_validity_free(adx_sem_validity_t *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->k; i++)
        free(v->constructs[i].name);
    ADX__FREE(v->constructs, v->latent_cor, v->htmt, v->htmt2, v);
}

void adx_sem_free(adx_sem_t *s)
{
    if (!s)
        return;
    free(s->source);
    if (s->names)
        for (size_t i = 0; i < s->p + s->m; i++)
            free(s->names[i]);
    ADX__FREE(s->names, s->name_line, s->name_col);
    for (size_t i = 0; i < s->nparams; i++) {
        ADX__FREE(s->params[i].lhs, s->params[i].rhs, s->params[i].label);
    }
    ADX__FREE(s->params, s->r2, s->endogenous, s->sample_cov, s->sample_mean, s->implied, s->theta);
    adx__sem_fiml_free(s->fiml);
    for (size_t i = 0; i < s->nmi; i++) {
        free(s->mi[i].lhs);
        free(s->mi[i].rhs);
    }
    ADX__FREE(s->mi, s->data, s->boot);
    adx__sem_validity_free(s->validity);
    adx__sem_ordinal_free(s->ordinal);
    adx__sem_gcon_free(s->gcon);
    for (size_t i = 0; i < s->ncon_score; i++)
        ADX__FREE(s->con_score[i].lhs, s->con_score[i].rhs);
    free(s->con_score);
    free(s);
}

/* The parameter table, with a hash index of its rows by ptab_key. */
typedef struct {
    adx_sem_param_t *v;
    size_t n, cap;
    adx__strmap_t idx;
} ptab_t;

/* "op lhs \x1f rhs" in a new string (NULL when out of memory); for ~~ the two
 * names in strcmp order, so that a ~~ b and b ~~ a are one key. */
static char *ptab_key(const char *lhs, adx_sem_op_t op, const char *rhs)
{
    if (op == ADX_SEM_COV && strcmp(lhs, rhs) > 0) {
        const char *x = lhs;
        lhs = rhs;
        rhs = x;
    }
    size_t n = strlen(lhs) + strlen(rhs) + 16;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%d %s\x1f%s", (int)op, lhs, rhs);
    return k;
}

static adx_sem_param_t *ptab_add(ptab_t *t, const char *lhs, adx_sem_op_t op, const char *rhs,
                                 const char *label, int user)
{
    if (t->n == t->cap && adx__grow(&t->v, &t->cap, sizeof *t->v, 64))
        return NULL;
    adx_sem_param_t *p = &t->v[t->n];
    memset(p, 0, sizeof *p);
    p->lhs = strdup(lhs);
    p->rhs = strdup(rhs);
    p->label = strdup(label ? label : "");
    if (!p->lhs || !p->rhs || !p->label) {
        ADX__FREE(p->lhs, p->rhs, p->label);
        return NULL;
    }
    p->op = op;
    p->user = user;
    p->est = p->se = p->z = p->pvalue = p->ci_lower = p->ci_upper = NAN;
    p->std_lv = p->std_all = NAN;
    p->scale = 1.0;
    p->lower = -INFINITY;
    p->upper = INFINITY;
    p->boot_se = p->boot_lower = p->boot_upper = p->boot_bc_lower = p->boot_bc_upper = NAN;
    p->boot_bca_lower = p->boot_bca_upper = p->boot_accel = NAN;
    char *key = ptab_key(lhs, op, rhs);
    if (!key || adx__strmap_put(&t->idx, key, t->n) < 0) {
        free(key);
        ADX__FREE(p->lhs, p->rhs, p->label);
        return NULL;
    }
    free(key);
    t->n++;
    return p;
}

/* Whether the table has lhs op rhs (for ~~ in either order); -1 when out of memory. */
static int ptab_has(const ptab_t *t, const char *lhs, adx_sem_op_t op, const char *rhs)
{
    char *key = ptab_key(lhs, op, rhs);
    if (!key)
        return -1;
    int has = adx__strmap_get(&t->idx, key, NULL);
    free(key);
    return has;
}

/* The state of one build. Variables are numbered observed first, then latent. */
typedef struct {
    const adx_sem_syntax_t *syn;
    const adx_sem_options_t *opt;
    const char *src;
    names_t lat, obs, labels;
    ptab_t t;
    int meanstructure;
    size_t nv;                 /* obs.n + lat.n */
    int *is_y, *is_x, *is_ind; /* per variable: regressed, regressor, indicator */
    size_t *fx, nfx;           /* fixed exogenous covariates (fixed.x) */
    size_t group, ngroups;     /* which c() modifier applies, of how many */
} build_t;

static void build_free(build_t *b)
{
    for (size_t i = 0; i < b->t.n; i++) {
        ADX__FREE(b->t.v[i].lhs, b->t.v[i].rhs, b->t.v[i].label);
    }
    free(b->t.v);
    adx__strmap_free(&b->t.idx);
    names_free(&b->lat);
    names_free(&b->obs);
    names_free(&b->labels);
    ADX__FREE(b->is_y, b->is_x, b->is_ind, b->fx);
}

static const char *var_name(const build_t *b, size_t v)
{
    return v < b->obs.n ? b->obs.v[v] : b->lat.v[v - b->obs.n];
}

static size_t var_number(const build_t *b, const char *nm)
{
    long o = names_find(&b->obs, nm);
    return o >= 0 ? (size_t)o : b->obs.n + (size_t)names_find(&b->lat, nm);
}

static int is_fixed_x(const build_t *b, size_t v)
{
    int isfx = 0;
    for (size_t k = 0; k < b->nfx; k++)
        isfx |= b->fx[k] == v;
    return isfx;
}

/* Latent variables (lhs of =~), observed variables, labels; the mean structure
 * is on when a '~ 1' line is given. */
static adx_error_t collect_names(build_t *b, adx_errctx_t *ctx)
{
    const adx_sem_syntax_t *syn = b->syn;
    for (size_t i = 0; i < syn->n; i++)
        if ((syn->items[i].op == ADX_SEM_MEASURE || syn->items[i].op == ADX_SEM_FORMATIVE) &&
            names_add(&b->lat, syn->items[i].lhs))
            return adx_oom(ctx);
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op == ADX_SEM_DEFINE) {
            if (names_find(&b->lat, st->lhs) >= 0)
                return adx_err(ctx, ADX_EPARSE, "%s:%zu: '%s' is a latent variable; give the "
                                                "defined parameter another name",
                               b->src, st->line, st->lhs);
            continue;
        }
        if (st->op == ADX_SEM_INTERCEPT)
            b->meanstructure = 1;
        const char *nm[2] = {st->lhs, st->rhs};
        for (int k = 0; k < (st->op == ADX_SEM_INTERCEPT ? 1 : 2); k++)
            if (names_find(&b->lat, nm[k]) < 0 && names_add(&b->obs, nm[k]))
                return adx_oom(ctx);
        if (st->label && names_add(&b->labels, st->label))
            return adx_oom(ctx);
        for (size_t g = 0; g < st->ngroup_mods; g++)
            if (st->group_mods[g].kind == 2 && names_add(&b->labels, st->group_mods[g].label))
                return adx_oom(ctx);
        if (st->op == ADX_SEM_MEASURE && !strcmp(st->lhs, st->rhs))
            return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' cannot be its own indicator",
                           b->src, st->line, st->col, st->lhs);
        if ((st->op == ADX_SEM_REGRESS || st->op == ADX_SEM_FORMATIVE) &&
            !strcmp(st->lhs, st->rhs))
            return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' cannot be regressed on itself",
                           b->src, st->line, st->col, st->lhs);
    }
    if (b->obs.n == 0)
        return adx_err(ctx, ADX_EPARSE, "%s: the model has no observed variables", b->src);
    return ADX_OK;
}

/* Statement i is the first <~ term of its composite. */
static int first_composite_row(const adx_sem_syntax_t *syn, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (syn->items[j].op == ADX_SEM_FORMATIVE && !strcmp(syn->items[j].lhs, syn->items[i].lhs))
            return 0;
    return 1;
}

/* auto.fix.first: statement i is the first indicator of its factor. */
static int first_indicator(const adx_sem_syntax_t *syn, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (syn->items[j].op == ADX_SEM_MEASURE && !strcmp(syn->items[j].lhs, syn->items[i].lhs))
            return 0;
    return 1;
}

/* The user's rows, in order, with marker-variable identification unless std.lv. */
static adx_error_t user_rows(build_t *b, adx_errctx_t *ctx)
{
    const adx_sem_syntax_t *syn = b->syn;
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op == ADX_SEM_DEFINE)
            continue;
        int has = ptab_has(&b->t, st->lhs, st->op, st->rhs);
        if (has < 0)
            return adx_oom(ctx);
        if (has)
            return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s %s %s' is given twice; keep one",
                           b->src, st->line, st->col, st->lhs, adx_sem_op_name(st->op),
                           st->rhs);
        adx_sem_stmt_t one = *st; /* with group b->group's c() modifier */
        if (st->ngroup_mods && st->ngroup_mods != b->ngroups)
            return adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: c() gives %zu values for %zu group(s); "
                                            "give one per group (use --group for several)",
                           b->src, st->line, st->col, st->ngroup_mods, b->ngroups);
        if (st->ngroup_mods) {
            const struct adx_sem_gmod *gm = &st->group_mods[b->group];
            one.has_value = gm->kind == 1;
            one.value = gm->value;
            one.free_na = gm->kind == 0;
            if (gm->kind == 2)
                one.label = gm->label;
        }
        st = &one;
        adx_sem_param_t *p = ptab_add(&b->t, st->lhs, st->op, st->rhs, st->label, 1);
        if (!p)
            return adx_oom(ctx);
        p->free = 1;
        p->has_start = st->has_start;
        p->start = st->start;
        if (st->has_value) {
            p->free = 0;
            p->est = st->value;
        } else if (!st->free_na && st->op == ADX_SEM_MEASURE && !b->opt->std_lv &&
                   first_indicator(syn, i)) {
            p->free = 0;
            p->est = 1.0;
        }
    }
    return ADX_OK;
}

/* Roles of the variables and the fixed exogenous covariates. */
static int find_roles(build_t *b)
{
    size_t nv = b->nv = b->obs.n + b->lat.n;
    b->is_y = calloc(nv, sizeof *b->is_y);
    b->is_x = calloc(nv, sizeof *b->is_x);
    b->is_ind = calloc(nv, sizeof *b->is_ind);
    b->fx = malloc(nv * sizeof *b->fx);
    if (!b->is_y || !b->is_x || !b->is_ind || !b->fx)
        return -1;
    for (size_t i = 0; i < b->t.n; i++) {
        if (b->t.v[i].op == ADX_SEM_REGRESS || b->t.v[i].op == ADX_SEM_FORMATIVE) {
            b->is_y[var_number(b, b->t.v[i].lhs)] = 1;
            b->is_x[var_number(b, b->t.v[i].rhs)] = 1;
        } else if (b->t.v[i].op == ADX_SEM_MEASURE) {
            b->is_ind[var_number(b, b->t.v[i].rhs)] = 1;
        }
    }
    for (size_t v = 0; v < b->obs.n; v++)
        if (b->opt->fixed_x && b->is_x[v] && !b->is_y[v] && !b->is_ind[v])
            b->fx[b->nfx++] = v;
    return 0;
}

/* A free ~~ row between a and b unless the table has one; fixed at 0 between two
 * latent variables under orthogonal (lavaan orthogonal = TRUE). */
static int add_cov(build_t *b, const char *na, const char *nb)
{
    int has = ptab_has(&b->t, na, ADX_SEM_COV, nb);
    if (has)
        return has < 0 ? -1 : 0;
    adx_sem_param_t *p = ptab_add(&b->t, na, ADX_SEM_COV, nb, NULL, 0);
    if (!p)
        return -1;
    int lv = var_number(b, na) >= b->obs.n && var_number(b, nb) >= b->obs.n;
    p->free = !(b->opt->orthogonal && lv);
    p->est = 0.0;
    return 0;
}

/* A composite (lhs of <~): its residual variance is fixed at 0 (lavaan). */
static int is_composite(const build_t *b, const char *nm)
{
    for (size_t i = 0; i < b->syn->n; i++)
        if (b->syn->items[i].op == ADX_SEM_FORMATIVE && !strcmp(b->syn->items[i].lhs, nm))
            return 1;
    return 0;
}

/* Every composite needs reflective outcomes (F =~ y or y ~ F): otherwise its weights
 * do not reach the observed covariances (not identified). */
static adx_error_t check_composites(const build_t *b, adx_errctx_t *ctx)
{
    const adx_sem_syntax_t *syn = b->syn;
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op != ADX_SEM_FORMATIVE || !first_composite_row(syn, i))
            continue;
        int out = 0;
        for (size_t j = 0; j < syn->n; j++) {
            const adx_sem_stmt_t *u = &syn->items[j];
            out |= (u->op == ADX_SEM_MEASURE && !strcmp(u->lhs, st->lhs)) ||
                   ((u->op == ADX_SEM_REGRESS || u->op == ADX_SEM_FORMATIVE) &&
                    !strcmp(u->rhs, st->lhs));
        }
        if (!out)
            return adx_err(ctx, ADX_EPARSE, "%s:%zu: the composite '%s' (<~) has no reflective "
                                            "outcome, so its weights are not identified; add "
                                            "e.g. '%s =~ y1 + y2' or 'y ~ %s'",
                           b->src, st->line, st->lhs, st->lhs, st->lhs);
    }
    return ADX_OK;
}

/* auto.var: variances of observed (not fixed x), then latent variables (fixed at
 * 1 under std.lv). */
static int auto_var(build_t *b)
{
    for (size_t v = 0; v < b->nv; v++) {
        const char *nm = var_name(b, v);
        int has = is_fixed_x(b, v) ? 1 : ptab_has(&b->t, nm, ADX_SEM_COV, nm);
        if (has < 0)
            return -1;
        if (has)
            continue;
        adx_sem_param_t *p = ptab_add(&b->t, nm, ADX_SEM_COV, nm, NULL, 0);
        if (!p)
            return -1;
        p->free = 1;
        if (v >= b->obs.n && (b->opt->std_lv || is_composite(b, nm))) {
            p->free = 0;
            p->est = is_composite(b, nm) ? 0.0 : 1.0;
        }
    }
    return 0;
}

/* Covariances between every pair of variables from `from` on that both pass keep. */
static int add_cov_pairs(build_t *b, size_t from, int (*keep)(const build_t *, size_t))
{
    for (size_t a = from; a < b->nv; a++)
        for (size_t c = a + 1; c < b->nv; c++) {
            if (!keep(b, a) || !keep(b, c))
                continue;
            if (add_cov(b, var_name(b, a), var_name(b, c)))
                return -1;
        }
    return 0;
}

static int exo_latent(const build_t *b, size_t v) { return !b->is_y[v] && !b->is_ind[v]; }

static int pure_y(const build_t *b, size_t v)
{
    return b->is_y[v] && !b->is_x[v] && !b->is_ind[v];
}

/* auto.cov.lv.x: covariances of exogenous latent variables. */
static int auto_cov_lv_x(build_t *b) { return add_cov_pairs(b, b->obs.n, exo_latent); }

/* auto.cov.y: residual covariances of pure dependent variables. */
static int auto_cov_y(build_t *b) { return add_cov_pairs(b, 0, pure_y); }

static int free_x(const build_t *b, size_t v)
{
    return v < b->obs.n && !b->opt->fixed_x && b->is_x[v] && !b->is_y[v] && !b->is_ind[v];
}

/* fixed.x = FALSE: free covariances among the exogenous observed covariates. */
static int free_x_covs(build_t *b) { return add_cov_pairs(b, 0, free_x); }

/* fixed.x: the (co)variances of exogenous covariates, fixed at the sample values. */
static int fixed_x_rows(build_t *b)
{
    for (size_t a = 0; a < b->nfx; a++)
        for (size_t c = a; c < b->nfx; c++) {
            adx_sem_param_t *p = ptab_add(&b->t, b->obs.v[b->fx[a]], ADX_SEM_COV,
                                          b->obs.v[b->fx[c]], NULL, 0);
            if (!p)
                return -1;
            p->fixed_x = 1;
        }
    return 0;
}

/* Mean structure: free intercepts of observed variables (fixed at the sample means
 * for fixed covariates), latent means fixed at 0; under growth (lavaan growth():
 * int.ov.free = FALSE, int.lv.free = TRUE) the other way round. */
static int mean_rows(build_t *b)
{
    for (size_t v = 0; v < b->nv && b->meanstructure; v++) {
        const char *nm = var_name(b, v);
        int has = ptab_has(&b->t, nm, ADX_SEM_INTERCEPT, "");
        if (has < 0)
            return -1;
        if (has)
            continue;
        adx_sem_param_t *p = ptab_add(&b->t, nm, ADX_SEM_INTERCEPT, "", NULL, 0);
        if (!p)
            return -1;
        if (is_fixed_x(b, v))
            p->fixed_x = 1;
        else if ((v < b->obs.n) != (b->opt->growth != 0))
            p->free = 1;
        else
            p->est = 0.0;
    }
    return 0;
}

/* := rows: names not yet used, every name in the expression a label. */
static adx_error_t define_rows(build_t *b, adx_errctx_t *ctx)
{
    const adx_sem_syntax_t *syn = b->syn;
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op != ADX_SEM_DEFINE)
            continue;
        if (names_find(&b->labels, st->lhs) >= 0)
            return adx_err(ctx, ADX_EPARSE, "%s:%zu: '%s' is already a parameter label; give "
                                            "the defined parameter another name",
                           b->src, st->line, st->lhs);
        size_t ep;
        const char *em, *unknown = NULL;
        adx__expr_t *e = adx__expr_parse(st->rhs, &ep, &em);
        if (!e)
            return adx_oom(ctx);
        double v;
        adx_error_t rc = ADX_OK;
        if (adx__expr_eval(e, label_known, &b->labels, &v, &unknown)) /* unknown points into e */
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' in the definition of '%s' is not "
                                          "a parameter label; label the parameter (e.g. a*x1)",
                         b->src, st->line, st->col, unknown, st->lhs);
        adx__expr_free(e);
        if (rc)
            return rc;
        if (!ptab_add(&b->t, st->lhs, ADX_SEM_DEFINE, st->rhs, st->lhs, 1) ||
            names_add(&b->labels, st->lhs))
            return adx_oom(ctx);
    }
    return ADX_OK;
}

/* Free parameter numbers: shared labels share a number. Returns -1 when out of
 * memory. */
static long number_free(ptab_t *t)
{
    size_t npar = 0, k;
    adx__strmap_t seen = {0}; /* label -> its number */
    for (size_t i = 0; i < t->n; i++) {
        adx_sem_param_t *p = &t->v[i];
        if (!p->free || p->op == ADX_SEM_DEFINE) {
            p->free = 0;
            continue;
        }
        if (p->label[0] && adx__strmap_get(&seen, p->label, &k)) {
            p->free = (int)k;
            continue;
        }
        p->free = (int)++npar;
        if (p->label[0] && adx__strmap_put(&seen, p->label, npar) < 0) {
            adx__strmap_free(&seen);
            return -1;
        }
    }
    adx__strmap_free(&seen);
    return (long)npar;
}

/* Where each name first appears in the model text (for messages). */
static int name_positions(adx_sem_t *s, const adx_sem_syntax_t *syn, size_t nv)
{
    s->name_line = calloc(nv, sizeof *s->name_line);
    s->name_col = calloc(nv, sizeof *s->name_col);
    if (!s->name_line || !s->name_col)
        return -1;
    for (size_t v = 0; v < nv; v++)
        for (size_t i = syn->n; i-- > 0;) {
            const adx_sem_stmt_t *st = &syn->items[i];
            if (st->op == ADX_SEM_DEFINE)
                continue;
            if (!strcmp(st->rhs, s->names[v])) {
                s->name_line[v] = st->line;
                s->name_col[v] = st->col;
            } else if (!strcmp(st->lhs, s->names[v])) {
                s->name_line[v] = st->line;
                s->name_col[v] = 0;
            }
        }
    return 0;
}

/* The model from the build (names and table move into it). */
static adx_error_t make_model(build_t *b, size_t npar, adx_sem_t **out, adx_errctx_t *ctx)
{
    size_t nv = b->nv;
    adx_sem_t *s = calloc(1, sizeof *s);
    if (!s || !(s->source = adx__strdup(b->src)) || !(s->names = calloc(nv, sizeof *s->names))) {
        adx_sem_free(s);
        return adx_oom(ctx);
    }
    s->p = b->obs.n;
    s->m = b->lat.n;
    for (size_t v = 0; v < nv; v++) {
        s->names[v] = (char *)var_name(b, v);
        if (v < b->obs.n)
            b->obs.v[v] = NULL;
        else
            b->lat.v[v - b->obs.n] = NULL;
    }
    if (name_positions(s, b->syn, nv)) {
        adx_sem_free(s);
        return adx_oom(ctx);
    }
    s->params = b->t.v;
    s->nparams = b->t.n;
    b->t.v = NULL;
    b->t.n = 0;
    s->npar = npar;
    s->meanstructure = b->meanstructure;
    s->opt = *b->opt;
    *out = s;
    return ADX_OK;
}

adx_error_t adx_sem_build(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                          adx_sem_t **out, adx_errctx_t *ctx)
{
    return adx__sem_build_group(syn, opt, 0, 1, out, ctx);
}

adx_error_t adx__sem_build_group(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                                 size_t group, size_t ngroups, adx_sem_t **out,
                                 adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    build_t b = {0};
    b.group = group;
    b.ngroups = ngroups;
    b.syn = syn;
    b.opt = opt;
    b.src = syn->source;
    b.meanstructure = opt->fiml || opt->meanstructure || opt->growth ? 1 : 0;
    *out = NULL;
    if ((rc = collect_names(&b, ctx)) || (rc = user_rows(&b, ctx)) ||
        (rc = check_composites(&b, ctx)))
        goto cleanup;
    if (find_roles(&b) || auto_var(&b) || free_x_covs(&b) || auto_cov_lv_x(&b) ||
        auto_cov_y(&b) || fixed_x_rows(&b) || mean_rows(&b)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = define_rows(&b, ctx)))
        goto cleanup;
    long npar = number_free(&b.t);
    rc = npar < 0 ? adx_oom(ctx) : make_model(&b, (size_t)npar, out, ctx);
    if (!rc && (rc = adx__sem_constraints(*out, syn, ctx))) {
        adx_sem_free(*out);
        *out = NULL;
    }
cleanup:
    build_free(&b);
    return rc;
}
