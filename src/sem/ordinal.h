/* The DWLS / ULS objective of an ordinal fit on the polychoric correlations
 * (private; ordinal.c), shared with the multi-group ordinal fit (mg_ordinal.c).
 */
#ifndef ADX_SEM_ORDINAL_H
#define ADX_SEM_ORDINAL_H

#include "est.h"

/* Working state of the DWLS/ULS objective. */
typedef struct {
    adx__est_t *e;
    size_t p, t, q, np;      /* np: the continuous indicators' variances, then the
                              * covariances (correlations) */
    size_t *sa, *sb;         /* np: the (row, column) of each statistic */
    const double *r, *w;     /* np sample statistics and weights */
    double *A, *S0, *B, *C0; /* t x t */
    double *sig, *D, *g, *H; /* np, np x q, q, q x q */
} adx__ord_t;

/* 1 if row r of e's model is an indicator's residual variance. */
int adx__ord_is_resid(const adx__est_t *e, size_t r);
/* A, S0 (the indicators' residual variances 0), B = (I - A)^-1, C0 = B S0 B'
 * and the implied correlations sig (below the diagonal, column by column) at
 * th; -1 if I - A is singular. */
int adx__ord_fill(adx__ord_t *o, const double *th);
/* D = d sig / d theta (np x q) at the last fill. */
void adx__ord_delta(adx__ord_t *o);
/* 0, or -1 when memory runs out (free with adx__ord_free either way). */
int adx__ord_alloc(adx__ord_t *o, adx__est_t *e, size_t q);
void adx__ord_free(adx__ord_t *o);

#endif
