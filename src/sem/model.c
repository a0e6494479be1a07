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
    o->meanstructure = 0;
    o->floor_grad_tol = 1e-6;
    o->rel_ftol = 1e-15;
    o->armijo = 1e-4;
    o->max_halvings = 60;
    o->secant_halvings = 8;
    o->ridge_start = 1e-6;
    o->ridge_tries = 20;
    o->em_max_iter = 20000;
    o->em_tol = 1e-12;
}

typedef struct {
    char **v;
    size_t n, cap;
} names_t;

static long names_find(const names_t *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], x))
            return (long)i;
    return -1;
}

static int names_add(names_t *s, const char *x)
{
    if (names_find(s, x) >= 0)
        return 0;
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 16;
        char **nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        s->v = nv;
        s->cap = nc;
    }
    if (!(s->v[s->n] = strdup(x)))
        return -1;
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
}

void adx_sem_free(adx_sem_t *s)
{
    if (!s)
        return;
    free(s->source);
    if (s->names)
        for (size_t i = 0; i < s->p + s->m; i++)
            free(s->names[i]);
    free(s->names);
    free(s->name_line);
    free(s->name_col);
    for (size_t i = 0; i < s->nparams; i++) {
        free(s->params[i].lhs);
        free(s->params[i].rhs);
        free(s->params[i].label);
    }
    free(s->params);
    free(s->r2);
    free(s->sample_cov);
    free(s->sample_mean);
    free(s->implied);
    free(s->theta);
    adx__sem_fiml_free(s->fiml);
    for (size_t i = 0; i < s->nmi; i++) {
        free(s->mi[i].lhs);
        free(s->mi[i].rhs);
    }
    free(s->mi);
    free(s->data);
    free(s->boot);
    if (s->validity) {
        for (size_t i = 0; i < s->validity->k; i++)
            free(s->validity->constructs[i].name);
        free(s->validity->constructs);
        free(s->validity->latent_cor);
        free(s->validity->htmt);
        free(s->validity->htmt2);
        free(s->validity);
    }
    free(s);
}

typedef struct {
    adx_sem_param_t *v;
    size_t n, cap;
} ptab_t;

static adx_sem_param_t *ptab_add(ptab_t *t, const char *lhs, adx_sem_op_t op, const char *rhs,
                                 const char *label, int user)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? 2 * t->cap : 64;
        adx_sem_param_t *nv = realloc(t->v, nc * sizeof *nv);
        if (!nv)
            return NULL;
        t->v = nv;
        t->cap = nc;
    }
    adx_sem_param_t *p = &t->v[t->n];
    memset(p, 0, sizeof *p);
    p->lhs = strdup(lhs);
    p->rhs = strdup(rhs);
    p->label = strdup(label ? label : "");
    if (!p->lhs || !p->rhs || !p->label) {
        free(p->lhs);
        free(p->rhs);
        free(p->label);
        return NULL;
    }
    p->op = op;
    p->user = user;
    p->est = p->se = p->z = p->pvalue = p->ci_lower = p->ci_upper = NAN;
    p->std_lv = p->std_all = NAN;
    p->boot_se = p->boot_lower = p->boot_upper = p->boot_bc_lower = p->boot_bc_upper = NAN;
    p->boot_bca_lower = p->boot_bca_upper = p->boot_accel = NAN;
    t->n++;
    return p;
}

/* Whether the table has lhs op rhs (for ~~ in either order). */
static int ptab_has(const ptab_t *t, const char *lhs, adx_sem_op_t op, const char *rhs)
{
    for (size_t i = 0; i < t->n; i++) {
        const adx_sem_param_t *p = &t->v[i];
        if (p->op != op)
            continue;
        if (!strcmp(p->lhs, lhs) && !strcmp(p->rhs, rhs))
            return 1;
        if (op == ADX_SEM_COV && !strcmp(p->lhs, rhs) && !strcmp(p->rhs, lhs))
            return 1;
    }
    return 0;
}

adx_error_t adx_sem_build(const adx_sem_syntax_t *syn, const adx_sem_options_t *opt,
                          adx_sem_t **out, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    names_t lat = {0}, obs = {0}, labels = {0};
    int meanstructure = opt->fiml || opt->meanstructure ? 1 : 0;
    ptab_t t = {0};
    adx_sem_t *s = NULL;
    const char *src = syn->source;
    *out = NULL;
#define OOM                                                                                  \
    do {                                                                                     \
        rc = adx_err(ctx, ADX_ENOMEM, "out of memory");                                      \
        goto cleanup;                                                                        \
    } while (0)
    /* latent variables: lhs of =~ */
    for (size_t i = 0; i < syn->n; i++)
        if (syn->items[i].op == ADX_SEM_MEASURE && names_add(&lat, syn->items[i].lhs))
            OOM;
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op == ADX_SEM_INTERCEPT) {
            meanstructure = 1;
            if (names_find(&lat, st->lhs) < 0 && names_add(&obs, st->lhs))
                OOM;
            if (st->label && names_add(&labels, st->label))
                OOM;
            continue;
        }
        if (st->op == ADX_SEM_DEFINE) {
            if (names_find(&lat, st->lhs) >= 0) {
                rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: '%s' is a latent variable; give the "
                                              "defined parameter another name",
                             src, st->line, st->lhs);
                goto cleanup;
            }
            continue;
        }
        const char *nm[2] = {st->lhs, st->rhs};
        for (int k = 0; k < 2; k++)
            if (names_find(&lat, nm[k]) < 0 && names_add(&obs, nm[k]))
                OOM;
        if (st->label && names_add(&labels, st->label))
            OOM;
        if (st->op == ADX_SEM_MEASURE && !strcmp(st->lhs, st->rhs)) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' cannot be its own indicator", src,
                         st->line, st->col, st->lhs);
            goto cleanup;
        }
        if (st->op == ADX_SEM_REGRESS && !strcmp(st->lhs, st->rhs)) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' cannot be regressed on itself", src,
                         st->line, st->col, st->lhs);
            goto cleanup;
        }
    }
    if (obs.n == 0) {
        rc = adx_err(ctx, ADX_EPARSE, "%s: the model has no observed variables", src);
        goto cleanup;
    }
    /* user rows, in order */
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op == ADX_SEM_DEFINE)
            continue;
        if (ptab_has(&t, st->lhs, st->op, st->rhs)) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s %s %s' is given twice; keep one", src,
                         st->line, st->col, st->lhs, adx_sem_op_name(st->op), st->rhs);
            goto cleanup;
        }
        adx_sem_param_t *p = ptab_add(&t, st->lhs, st->op, st->rhs, st->label, 1);
        if (!p)
            OOM;
        p->free = 1;
        if (st->has_value) {
            p->free = 0;
            p->est = st->value;
        } else if (!st->free_na && st->op == ADX_SEM_MEASURE && !opt->std_lv) {
            /* marker variable: the first indicator of each factor */
            int first = 1;
            for (size_t j = 0; j < i; j++)
                if (syn->items[j].op == ADX_SEM_MEASURE && !strcmp(syn->items[j].lhs, st->lhs))
                    first = 0;
            if (first) {
                p->free = 0;
                p->est = 1.0;
            }
        }
    }
    /* roles */
    size_t nv = obs.n + lat.n;
    int *is_y = calloc(nv, sizeof *is_y), *is_x = calloc(nv, sizeof *is_x);
    int *is_ind = calloc(nv, sizeof *is_ind);
    if (!is_y || !is_x || !is_ind) {
        free(is_y);
        free(is_x);
        free(is_ind);
        OOM;
    }
#define VIDX(nm) (names_find(&obs, nm) >= 0 ? (size_t)names_find(&obs, nm) : obs.n + (size_t)names_find(&lat, nm))
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].op == ADX_SEM_REGRESS) {
            is_y[VIDX(t.v[i].lhs)] = 1;
            is_x[VIDX(t.v[i].rhs)] = 1;
        } else if (t.v[i].op == ADX_SEM_MEASURE) {
            is_ind[VIDX(t.v[i].rhs)] = 1;
        }
    }
    /* variances: observed (not fixed x), then latent */
    size_t nfx = 0;
    size_t *fx = malloc(nv * sizeof *fx);
    if (!fx) {
        free(is_y);
        free(is_x);
        free(is_ind);
        OOM;
    }
    for (size_t v = 0; v < obs.n; v++)
        if (opt->fixed_x && is_x[v] && !is_y[v] && !is_ind[v])
            fx[nfx++] = v;
    int fail = 0;
    for (size_t v = 0; v < nv && !fail; v++) {
        int isfx = 0;
        for (size_t k = 0; k < nfx; k++)
            isfx |= fx[k] == v;
        const char *nm = v < obs.n ? obs.v[v] : lat.v[v - obs.n];
        if (isfx || ptab_has(&t, nm, ADX_SEM_COV, nm))
            continue;
        adx_sem_param_t *p = ptab_add(&t, nm, ADX_SEM_COV, nm, NULL, 0);
        if (!p) {
            fail = 1;
            break;
        }
        p->free = 1;
        if (v >= obs.n && opt->std_lv) {
            p->free = 0;
            p->est = 1.0;
        }
    }
    /* covariances of exogenous latent variables */
    for (size_t a = obs.n; a < nv && !fail; a++)
        for (size_t b = a + 1; b < nv && !fail; b++) {
            if (is_y[a] || is_ind[a] || is_y[b] || is_ind[b])
                continue;
            const char *na = lat.v[a - obs.n], *nb = lat.v[b - obs.n];
            if (ptab_has(&t, na, ADX_SEM_COV, nb))
                continue;
            adx_sem_param_t *p = ptab_add(&t, na, ADX_SEM_COV, nb, NULL, 0);
            if (!p)
                fail = 1;
            else
                p->free = 1;
        }
    /* residual covariances of pure dependent variables (auto.cov.y) */
    for (size_t a = 0; a < nv && !fail; a++)
        for (size_t b = a + 1; b < nv && !fail; b++) {
            if (!(is_y[a] && !is_x[a] && !is_ind[a] && is_y[b] && !is_x[b] && !is_ind[b]))
                continue;
            const char *na = a < obs.n ? obs.v[a] : lat.v[a - obs.n];
            const char *nb = b < obs.n ? obs.v[b] : lat.v[b - obs.n];
            if (ptab_has(&t, na, ADX_SEM_COV, nb))
                continue;
            adx_sem_param_t *p = ptab_add(&t, na, ADX_SEM_COV, nb, NULL, 0);
            if (!p)
                fail = 1;
            else
                p->free = 1;
        }
    /* fixed exogenous covariates */
    for (size_t a = 0; a < nfx && !fail; a++)
        for (size_t b = a; b < nfx && !fail; b++) {
            adx_sem_param_t *p = ptab_add(&t, obs.v[fx[a]], ADX_SEM_COV, obs.v[fx[b]], NULL, 0);
            if (!p)
                fail = 1;
            else
                p->fixed_x = 1;
        }
    /* mean structure: free intercepts of observed variables (fixed at the sample
     * means for fixed covariates), latent means fixed at 0 */
    for (size_t v = 0; v < nv && !fail && meanstructure; v++) {
        const char *nm = v < obs.n ? obs.v[v] : lat.v[v - obs.n];
        if (ptab_has(&t, nm, ADX_SEM_INTERCEPT, ""))
            continue;
        int isfx = 0;
        for (size_t k = 0; k < nfx; k++)
            isfx |= fx[k] == v;
        adx_sem_param_t *p = ptab_add(&t, nm, ADX_SEM_INTERCEPT, "", NULL, 0);
        if (!p) {
            fail = 1;
            break;
        }
        if (isfx)
            p->fixed_x = 1;
        else if (v < obs.n)
            p->free = 1;
        else
            p->est = 0.0;
    }
    free(is_y);
    free(is_x);
    free(is_ind);
    free(fx);
#undef VIDX
    if (fail)
        OOM;
    /* defined parameters */
    for (size_t i = 0; i < syn->n; i++) {
        const adx_sem_stmt_t *st = &syn->items[i];
        if (st->op != ADX_SEM_DEFINE)
            continue;
        if (names_find(&labels, st->lhs) >= 0) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu: '%s' is already a parameter label; give the "
                                          "defined parameter another name",
                         src, st->line, st->lhs);
            goto cleanup;
        }
        size_t ep;
        const char *em, *unknown = NULL;
        adx__expr_t *e = adx__expr_parse(st->rhs, &ep, &em);
        if (!e)
            OOM;
        double v;
        int bad = adx__expr_eval(e, label_known, &labels, &v, &unknown);
        if (bad) {
            rc = adx_err(ctx, ADX_EPARSE, "%s:%zu:%zu: '%s' in the definition of '%s' is not a "
                                          "parameter label; label the parameter (e.g. a*x1)",
                         src, st->line, st->col, unknown, st->lhs);
            adx__expr_free(e);
            goto cleanup;
        }
        adx__expr_free(e);
        if (!ptab_add(&t, st->lhs, ADX_SEM_DEFINE, st->rhs, st->lhs, 1) ||
            names_add(&labels, st->lhs))
            OOM;
    }
    /* free parameter numbers: shared labels share a number */
    size_t npar = 0;
    for (size_t i = 0; i < t.n; i++) {
        adx_sem_param_t *p = &t.v[i];
        if (!p->free || p->op == ADX_SEM_DEFINE) {
            p->free = 0;
            continue;
        }
        int k = 0;
        if (p->label[0])
            for (size_t j = 0; j < i && !k; j++)
                if (t.v[j].free && !strcmp(t.v[j].label, p->label))
                    k = t.v[j].free;
        p->free = k ? k : (int)++npar;
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->source = strdup(src)))
        OOM;
    s->p = obs.n;
    s->m = lat.n;
    s->names = calloc(nv, sizeof *s->names);
    if (!s->names)
        OOM;
    for (size_t v = 0; v < nv; v++) {
        s->names[v] = v < obs.n ? obs.v[v] : lat.v[v - obs.n];
        if (v < obs.n)
            obs.v[v] = NULL;
        else
            lat.v[v - obs.n] = NULL;
    }
    s->name_line = calloc(nv, sizeof *s->name_line);
    s->name_col = calloc(nv, sizeof *s->name_col);
    if (!s->name_line || !s->name_col)
        OOM;
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
    s->params = t.v;
    s->nparams = t.n;
    t.v = NULL;
    t.n = 0;
    s->npar = npar;
    s->meanstructure = meanstructure;
    s->opt = *opt;
    *out = s;
    s = NULL;
cleanup:
#undef OOM
    adx_sem_free(s);
    for (size_t i = 0; i < t.n; i++) {
        free(t.v[i].lhs);
        free(t.v[i].rhs);
        free(t.v[i].label);
    }
    free(t.v);
    names_free(&lat);
    for (size_t i = 0; i < obs.n; i++)
        free(obs.v[i]);
    free(obs.v);
    names_free(&labels);
    return rc;
}
