/* Monte Carlo power for mediation models: the model (mc_model.c) and its runs
 * (mc_run.c). Private to src/power. */
#ifndef ADX_MC_PRIV_H
#define ADX_MC_PRIV_H

#include "ambidex/adx_power.h"
#include "ambidex/adx_rng.h"

#define MC_MAXC 32 /* columns: constant, X, W, mediators, Y, products */
#define MC_MAXP 16 /* predictors of one equation, the constant included */
#define MC_MAXEQ (ADX_PMED_MAXK + 1)

/* One equation: column y on the columns pred[0..np-1] (pred[0] = 0, the
 * constant), population weights beta, residual SD sd. */
typedef struct {
    int y, np;
    int pred[MC_MAXP];
    double beta[MC_MAXP];
    double sd;
} mc_eq_t;

/* An effect: the product of nf coefficients (equation eq[f], predictor pos[f]). */
typedef struct {
    int nf;
    int eq[3], pos[3];
} mc_eff_t;

typedef struct {
    int q;               /* columns */
    int nexo;            /* exogenous columns after the constant: X (1), W (2) */
    int fa[MC_MAXC], fb[MC_MAXC]; /* product column c = fa[c] * fb[c] (fa 0: not one) */
    int neq;
    mc_eq_t eq[MC_MAXEQ];
    int neff;
    mc_eff_t eff[ADX_PMED_MAXEFF];
} mc_model_t;

/* Builds the model of o, with residual SDs (1, or making variances 1 when
 * standardized) and effect names and population values in r. */
adx_error_t adx__mc_build(const adx_pmed_options_t *o, mc_model_t *m, adx_pmed_t *r,
                          adx_errctx_t *ctx);
/* n rows of the population into Z (n x q, row-major). */
void adx__mc_generate(const mc_model_t *m, size_t n, adx_rng_t *rng, double *Z);

#endif
