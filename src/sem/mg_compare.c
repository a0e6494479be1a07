/* The chi2 difference test of two multi-group models fitted to the same groups (lavaan's
 * lavTestLRT(fit1, fit0) on two cfa(group =) fits): each model fitted once as
 * adx_sem_multigroup does with adx_sem_mg_options_t.single; the plain difference under ML,
 * Satorra-Bentler 2001 or 2010 scaled under MLR / MLM (the differences of invariance.c's
 * levels, the 2010 factor with the less restricted model evaluated at the restricted one's
 * estimates row by row, compare.c's lav_test_diff_m10 per group), Satorra's (2000)
 * scaled-shifted difference with ordered indicators (mg_ordinal.c's difference between
 * levels, the less restricted model's Jacobian carried into the restricted fit). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg.h"

void adx_sem_mg_compare_free(adx_sem_mg_compare_t *c)
{
    if (!c)
        return;
    adx_sem_invariance_free(c->fit[0]);
    adx_sem_invariance_free(c->fit[1]);
    c->fit[0] = c->fit[1] = NULL;
}

/* Index of name among m's observed variables, or m->p. */
static size_t obs_at(const adx_sem_t *m, const char *name)
{
    size_t j = 0;
    while (j < m->p && strcmp(m->names[j], name))
        j++;
    return j;
}

/* The two fits on the same groups and cases, observed variables (in any order; ordered:
 * the less restricted fit's Jacobian permuted into the other's statistics order,
 * adx__omg_prev_order) and not of equal df. src: the second model's name. */
static adx_error_t check_pair(adx_sem_invariance_t *const v[2], const adx__mg_t mg[2],
                              const char *src, adx_errctx_t *ctx)
{
    const adx_sem_t *a = mg[0].gr[0].model, *b = mg[1].gr[0].model;
    for (size_t j = 0; j < a->p || j < b->p; j++) {
        const char *nm = j < a->p ? a->names[j] : b->names[j];
        if (obs_at(a, nm) == a->p || obs_at(b, nm) == b->p)
            return adx_err(ctx, ADX_EUSAGE, "%s: '%s' is an observed variable of one model only; "
                                            "lavTestLRT compares fits to the same observed "
                                            "variables: add it to the other model (or drop it)",
                           src, nm);
    }
    int same = v[0]->ngroups == v[1]->ngroups;
    for (size_t g = 0; same && g < v[0]->ngroups; g++)
        same = !strcmp(v[0]->groups[g], v[1]->groups[g]) && v[0]->n[g] == v[1]->n[g];
    if (!same)
        return adx_err(ctx, ADX_EUSAGE, "%s: the two models' groups or cases differ; "
                                        "lavTestLRT compares fits to the same cases: give both "
                                        "models the same observed variables",
                       src);
    double d0 = v[0]->rows[0].df, d1 = v[1]->rows[0].df;
    if (!(d0 != d1))
        return adx_err(ctx, ADX_EUSAGE, "%s: both models have %g degrees of freedom, so they "
                                        "are not nested; compare a restricted model (more df) "
                                        "with a less restricted one",
                       src, d0);
    return ADX_OK;
}

/* The 2010 scaling factor: mg1 (the less restricted model, left at its numbering by its
 * fit) at the estimates of the restricted row r0, group by group. */
static adx_error_t m10_scaling(adx__mg_t *mg1, const adx_sem_inv_row_t *r0,
                               const adx_sem_inv_row_t *r1, int robust, double *c10,
                               adx_errctx_t *ctx)
{
    double *th = calloc(mg1->npar + 1, sizeof *th);
    if (!th)
        return adx_oom(ctx);
    for (size_t g = 0; g < mg1->G; g++) {
        const adx_sem_t *m = mg1->gr[g].model;
        adx__sem_m10_theta(r0->params[g], r0->nparams[g], m->params, m->nparams,
                           mg1->gr[g].map, th);
    }
    adx_error_t rc = adx__mg_scaling_at(mg1, robust, th, r1->df, c10);
    free(th);
    if (rc)
        return adx_oom(ctx);
    if (!isfinite(*c10))
        return adx_err(ctx, ADX_ESINGULAR, "the Satorra-Bentler 2010 difference: the less "
                                           "restricted model cannot be evaluated at the "
                                           "restricted model's estimates");
    /* lavaan's M10 test: a negative trace tr(U Gamma) gives no scaling factor (NA) */
    if (!(*c10 > 0))
        return adx_err(ctx, ADX_EDOMAIN, "the Satorra-Bentler 2010 difference is not defined "
                                         "here: the less restricted model's scaling factor at "
                                         "the restricted model's estimates is %g <= 0 (lavaan: "
                                         "NA); use --diff-method sb2001",
                       *c10);
    return ADX_OK;
}

/* Copies the Jacobian of from's last ordinal fit into to (the next fit's previous level),
 * with its rows' keys: to's fit permutes the rows into its statistics order
 * (adx__omg_prev_order) when the models list the observed variables in another order. */
static int carry_delta(const adx__mg_t *from, adx__mg_t *to)
{
    adx__mg_t kept;
    if (!from->prev_d || !from->prev_key || adx__omg_prev_save(from, &kept))
        return -1;
    kept.prev_gr = from->gr;
    kept.prev_G = from->G;
    adx__omg_prev_restore(to, &kept);
    return 0;
}

adx_error_t adx_sem_mg_compare(const adx_sem_syntax_t *syn0, const adx_sem_syntax_t *syn1,
                               const adx_sem_options_t *opt, const adx_dataset_t *ds,
                               const char *group, const adx_sem_mg_options_t *mopt,
                               adx_sem_mg_compare_t *out, adx_errctx_t *ctx)
{
    adx__mg_t mg[3] = {{0}, {0}, {0}};
    adx_sem_mg_options_t mo = *mopt;
    mo.single = 1;
    memset(out, 0, sizeof *out);
    out->chisq = out->df = out->pvalue = NAN;
    adx_error_t rc = adx__mg_run(&mg[0], syn0, opt, ds, group, &mo, NULL, &out->fit[0], ctx);
    if (!rc && opt->ordered && carry_delta(&mg[0], &mg[1]))
        rc = adx_oom(ctx);
    if (!rc)
        rc = adx__mg_run(&mg[1], syn1, opt, ds, group, &mo, &out->fit[0]->rows[0],
                         &out->fit[1], ctx);
    if (!rc)
        rc = check_pair(out->fit, mg, syn1->source, ctx);
    int k = !rc && out->fit[1]->rows[0].df > out->fit[0]->rows[0].df; /* the restricted */
    out->restricted = k;
    if (!rc && opt->ordered && !k) {
        /* the first fit is the restricted one: again, after the other (its Jacobian) */
        adx_sem_invariance_t *again = NULL;
        if (carry_delta(&mg[1], &mg[2]))
            rc = adx_oom(ctx);
        if (!rc)
            rc = adx__mg_run(&mg[2], syn0, opt, ds, group, &mo, &out->fit[1]->rows[0], &again,
                             ctx);
        if (!rc) {
            adx_sem_invariance_free(out->fit[0]);
            out->fit[0] = again;
        }
    }
    adx_sem_inv_row_t *r0 = rc ? NULL : &out->fit[k]->rows[0];
    adx_sem_inv_row_t *r1 = rc ? NULL : &out->fit[!k]->rows[0];
    double c10 = NAN;
    if (!rc && !opt->ordered && opt->robust && opt->diff_method == ADX_SEM_DIFF_SB2010)
        rc = m10_scaling(&mg[!k], r0, r1, opt->robust, &c10, ctx);
    if (!rc && !opt->ordered)
        adx__mg_level_delta(r1, r0, c10, 0);
    if (!rc) {
        int scaled = opt->ordered || opt->robust;
        out->chisq = scaled ? r0->delta_chisq_scaled : r0->delta_chisq;
        out->df = r0->df - r1->df;
        out->pvalue = scaled ? r0->delta_pvalue_scaled : r0->delta_pvalue;
        if (!isfinite(out->chisq))
            rc = adx_err(ctx, ADX_EDOMAIN, "%s: the %s difference test is not defined here "
                                           "(the scaling factor of the difference is <= 0 or "
                                           "the models are not nested)",
                         syn1->source, opt->ordered ? "scaled-shifted" : "scaled");
    }
    for (int i = 0; i < 3; i++)
        adx__mg_free(&mg[i]);
    if (rc)
        adx_sem_mg_compare_free(out);
    return rc;
}
