/* One replication of `power mediate` (mc_rep.c). Private to src/power. */
#ifndef ADX_MC_REP_H
#define ADX_MC_REP_H

#include <stdint.h>

#include "mc_priv.h"

/* A condition: the model at N = n, with the critical values of its tests. */
typedef struct {
    const adx_pmed_options_t *o;
    const mc_model_t *m;
    size_t n;
    double tcrit[MC_MAXEQ]; /* two-sided t critical value per equation (df n - np) */
    double zcrit;
} mc_cond_t;

/* A replication's record (doubles): [0] 1 when the data were singular; then per
 * effect the decision (1 significant), the estimate, and the warp resample's
 * estimate. */
#define MC_SIG 1
#define MC_EST(m) (1 + (m)->neff)
#define MC_STAR(m) (1 + 2 * (m)->neff)
#define MC_REC(m) ((size_t)(1 + 3 * (m)->neff))

/* A thread's scratch. */
typedef struct {
    double *Z, *S, *vals;
    double *P, *acc; /* per-row packed products (bootstrap), a resample's sum */
    double coef[MC_MAXEQ][MC_MAXP], se[MC_MAXEQ][MC_MAXP];
} mc_work_t;

int adx__mc_work_open(mc_work_t *w, const mc_cond_t *c);
void adx__mc_work_close(mc_work_t *w);
/* Replication rep of condition c (RNG stream (n << 32) | rep of the seed) into rec. */
void adx__mc_replication(const mc_cond_t *c, mc_work_t *w, size_t rep, double *rec);

#endif
