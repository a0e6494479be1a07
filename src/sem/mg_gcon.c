/* General constraints in multi-group fits (lavaan's cfa(group =) with constraint lines
 * that the groups' own row mapping cannot take): a line that names labels of two groups'
 * c() modifiers (c(a1, a2)*x2 ... a1 == 2*a2), a nonlinear one, a linear one over three or
 * more free parameters, and then every inequality. All the lines then act on the global
 * parameter vector through gcon.c: linear equalities by the null-space map, the rest by
 * the augmented Lagrangian, SEs from the information projected on the null space of the
 * active constraint Jacobian, df less the independent equalities (as single-group). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

/* A label's value at the global theta: its row in the first group that has it (a label
 * in several groups is one global parameter). */
static int mg_lookup(const void *ud, const char *name, const double *th, double *v)
{
    const adx__mg_t *mg = ud;
    for (size_t g = 0; g < mg->G; g++) {
        const adx__mg_group_t *gr = &mg->gr[g];
        const adx_sem_param_t *pr = adx__sem_label_row(gr->model, name);
        if (!pr)
            continue;
        *v = pr->free ? pr->scale * th[gr->map[pr->free - 1]] + pr->offset : pr->est;
        return 0;
    }
    return -1;
}

/* 1 when name is a label of some group. */
static int known(const adx__mg_t *mg, const char *name)
{
    for (size_t g = 0; g < mg->G; g++)
        if (adx__sem_label_row(mg->gr[g].model, name))
            return 1;
    return 0;
}

typedef struct {
    const adx__mg_t *mg;
    const char *bad;
} names_t;

static int names_lookup(void *ud, const char *name, double *v)
{
    names_t *c = ud;
    *v = 1.0;
    if (known(c->mg, name))
        return 0;
    c->bad = name;
    return -1;
}

/* Every name of line k is a label of some group: ADX_EPARSE naming the line otherwise. */
static adx_error_t check_names(const adx__mg_t *mg, const adx_sem_constr_t *k, adx_errctx_t *ctx)
{
    size_t ep;
    const char *em, *unknown = NULL;
    adx__expr_t *l = adx__expr_parse(k->lhs, &ep, &em), *r = adx__expr_parse(k->rhs, &ep, &em);
    names_t c = {mg, NULL};
    double v;
    adx_error_t rc = ADX_OK;
    if (!l || !r)
        rc = adx_oom(ctx);
    else if ((adx__expr_eval(l, names_lookup, &c, &v, &unknown) ||
              adx__expr_eval(r, names_lookup, &c, &v, &unknown)) &&
             (c.bad || unknown)) {
        char why[300];
        snprintf(why, sizeof why, "'%.200s' is not a parameter label of any group; "
                                  "constraints take labels (e.g. c(a1, a2)*x1)",
                 c.bad ? c.bad : unknown);
        rc = adx__sem_constr_err(mg->gr[0].model, k, ctx, why);
    }
    adx__expr_free(l);
    adx__expr_free(r);
    return rc;
}

adx_error_t adx__mg_gcon_build(adx__mg_t *mg, adx_errctx_t *ctx)
{
    const adx_sem_syntax_t *syn = mg->gsyn;
    size_t n = syn->nconstr;
    const adx_sem_constr_t **list = calloc(n ? n : 1, sizeof *list);
    adx_error_t rc = list ? ADX_OK : adx_oom(ctx);
    for (size_t i = 0; !rc && i < n; i++) {
        list[i] = &syn->constr[i];
        rc = check_names(mg, list[i], ctx);
    }
    adx__sem_gcon_free(mg->gcon);
    mg->gcon = NULL;
    if (!rc)
        rc = adx__gcon_build(&mg->gcon, mg->npar, mg_lookup, mg, mg->gr[0].model, list, n, ctx);
    free(list);
    return rc;
}
