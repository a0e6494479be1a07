/* ambidex simulation: data from a population model written in lavaan syntax with
 * fixed values, for examples and for planning a study (power of an indirect
 * effect before any data exist). */
#ifndef ADX_SIM_H
#define ADX_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t n;            /* cases (default 200) */
    uint64_t seed;       /* default 1 */
    int likert;          /* > 1: indicators of latent variables become 1..likert
                            categories; 0 (default): continuous */
    double likert_mean;  /* category the average respondent picks (default: middle) */
    double likert_sd;    /* spread in categories of one standardized unit (default likert/5) */
    double missing;      /* share of values missing completely at random (default 0) */
} adx_sim_options_t;

void adx_sim_options_init(adx_sim_options_t *o);

/* Simulates a data set from a population model. Conventions (docs/simulate.md):
 * every variable has variance 1 unless a variance is given with ~~ (the model's
 * values are standardized, as lavaan's simulateData(standardized = TRUE)); the
 * residual variance of an endogenous variable is 1 minus its explained
 * variance; a loading without a value is 0.7; a regression needs its value;
 * covariances (~~) between different variables are residual covariances.
 * Case i draws from its own RNG stream (seed, i). Output: the observed
 * variables, in order of first appearance, plus `id`. */
adx_error_t adx_simulate(const adx_sem_syntax_t *model, const adx_sim_options_t *o,
                         adx_dataset_t **out, adx_errctx_t *ctx);

/* The population's implied covariance matrix of its observed variables (*np x *np,
 * column-major, divisor-free: the population values), in the order of `simulate`'s
 * columns, with their names (the caller frees each name, the array and cov). A population that is not positive definite is ADX_EDOMAIN
 * naming the covariance statement (file:line:col) that makes it so. */
adx_error_t adx_sim_population(const adx_sem_syntax_t *model, char ***names, size_t *np,
                               double **cov, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
