/* Constraint lines in multi-group fits with ordered indicators (lavaan's cfa(..., ordered =
 * TRUE, group =) with ==, <, > lines over the groups' c() labels): mg_gcon.c's constraint
 * set over the whole parameter vector of mg_ordinal.c (the model's parameters, then the
 * thresholds, scale factors and latent means, which no label names), the DWLS objective
 * minimized under it by gcon.c, and E^-1 of the robust covariance and of the test's U
 * replaced by N (N' E N)^-1 N', N the null space of the equalities and active inequalities
 * (lavaan's constrained information); the Jacobian on that null space for the Satorra
 * (2000) difference between levels (as compare.c for two single-group fits). */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mg_ord.h"

adx_error_t adx__omg_gcon(adx__omg_t *om, adx_errctx_t *ctx)
{
    adx__mg_t *mg = om->mg;
    mg->neq = 0;
    if (!mg->gsyn)
        return ADX_OK;
    size_t q = mg->npar; /* the lines' labels map into the first mg->npar entries */
    mg->npar = om->Q;
    adx_error_t rc = adx__mg_gcon_build(mg, ctx);
    mg->npar = q;
    return rc;
}

int adx__omg_optimize(adx__omg_t *om, const adx__objective_t *obj, const adx_sem_options_t *opt,
                      double *th, int *iters, double *F)
{
    adx__mg_t *mg = om->mg;
    if (!mg->gcon)
        return adx__sem_optimize(obj, opt, 0, th, iters, F);
    int conv = adx__gcon_optimize(obj, mg->gcon, opt, th, iters, F);
    mg->neq = adx__gcon_neq(mg->gcon, th);
    return conv;
}

int adx__omg_inverse(const adx__omg_t *om, double *E, const double *th)
{
    size_t Q = om->Q;
    if (!om->mg->gcon)
        return adx__spd_inverse(E, Q, NULL) ? -1 : 0;
    double *V = malloc((Q * Q + 1) * sizeof *V);
    int rc = V ? adx__gcon_proj_inverse(om->mg->gcon, E, th, Q, V) : -1;
    if (!rc)
        memcpy(E, V, Q * Q * sizeof *V);
    free(V);
    return rc ? -1 : 0;
}

int adx__omg_null_delta(const adx__omg_t *om, const double *D, size_t ns, const double *th,
                        double **DN, size_t *r)
{
    size_t Q = om->Q;
    double *N = NULL;
    *r = Q;
    if (om->mg->gcon && adx__gcon_null(om->mg->gcon, th, &N, r))
        return -1;
    *DN = malloc((ns * *r + 1) * sizeof **DN);
    if (*DN && !N)
        memcpy(*DN, D, ns * Q * sizeof **DN);
    else if (*DN && *r)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)ns, (int)*r, (int)Q, 1.0, D,
                    (int)ns, N, (int)Q, 0.0, *DN, (int)ns);
    free(N);
    return *DN ? 0 : -1;
}
