/* Robust ML pieces shared by vcov.c and fitindex.c (robust.c; private). */
#ifndef ADX_SEM_ROBUST_H
#define ADX_SEM_ROBUST_H

#include "est.h"

/* Casewise scores d logL_i / dtheta (N x q, column-major, malloc'd into *scores, N
 * into *ncases) at the point where e is evaluated, from the listwise data (s->data)
 * or FIML's cases: s_ik = sum over the entries of k of (a'z)(b'z) - a'P b, plus
 * z' dmu/dtheta_k with a mean structure, z = P (y_o - mu_o), P = Sigma_oo^-1.
 * ADX_ENOMEM, or ADX_ESINGULAR if a pattern's block of Sigma is singular. */
adx_error_t adx__sem_case_scores(const adx_sem_t *s, adx__est_t *e, double **scores,
                                 size_t *ncases);

/* Centres the columns of the nd x q casewise scores (vcov.c): their covariance instead of
 * their mean outer product (MLM). */
void adx__sem_centre_scores(double *sc, size_t nd, size_t q);

/* tr(A1^-1 B1) of the saturated model (means, with a mean structure or FIML, and
 * vech Sigma) at its estimates (sample or EM moments): A1 the observed information,
 * B1 the mean outer product of the casewise scores; the means and covariances of
 * the fixed covariates (isx[v] set) left out, as lavaan's h1 information for the
 * Mplus variant of the Yuan-Bentler statistic. *out NaN if A1 is singular. */
adx_error_t adx__sem_h1_trace(const adx_sem_t *s, const int *isx, double *out);

/* The saturated model's observed information A (nt x nt) and score outer product B at
 * its estimates, parameters the nm means (p with a mean structure or FIML, else 0) then
 * vech Sigma (column by column, lower triangle); keep[] = 0 on the fixed covariates'
 * rows. Free with adx__sem_h1_free (done on error). */
typedef struct {
    double *A, *B;
    unsigned char *keep;
    size_t nt, nm;
} adx__h1_t;

adx_error_t adx__sem_h1_matrices(const adx_sem_t *s, const int *isx, adx__h1_t *h);
void adx__sem_h1_free(adx__h1_t *h);

/* The same trace for the independence model (each variable's mean and variance on
 * its available cases; fixed covariates left out): sum_k (m4_k / s_k^2 - 1) / 2, plus
 * 1 per variable for its mean. */
double adx__sem_baseline_trace(const adx_sem_t *s, const int *isx);

/* MLM (robust_mlm.c), with lavaan's Gamma (conditional on the fixed covariates, when
 * there are any). The casewise scores of the listwise data at the sample means (the
 * mean residual of e ignored), less those of the cases' fits on the covariates, centred
 * (N x q into *scores): their mean outer product is Delta' W Gamma W Delta. */
adx_error_t adx__sem_mlm_scores(const adx_sem_t *s, adx__est_t *e, double **scores,
                                size_t *ncases);

/* MLM: tr(W Gamma) at the model's Sigma (into *trw; W = 1/2 D'(Sigma^-1 x Sigma^-1) D,
 * plus Sigma^-1 for the means with a mean structure) and tr(U Gamma) of the independence
 * model (into *trub: its tr(W Gamma) less tr(E^-1 Delta' W Gamma W Delta); the fixed
 * covariates' block kept at S, as lavaan's baseline). NaN when the covariates' block is
 * singular. ADX_ENOMEM or ADX_OK. */
adx_error_t adx__sem_mlm_traces(const adx_sem_t *s, const adx__est_t *e, double *trw,
                                double *trub);

/* FIML-C (V3) pieces of the robust CFI/TLI/RMSEA under FIML (robust_fiml.c): out[0] X3
 * (N F_ML of th against the EM moments), out[1] its scaling factor c3, out[2], out[3] the
 * same for the independence model (df and dfb their degrees of freedom). NaN when they
 * cannot be computed (fixed covariates, a singular information). e: derivatives at th
 * (e->D, e->Mu). ADX_ENOMEM or ADX_OK. */
adx_error_t adx__sem_fimlc(const adx_sem_t *s, const adx__est_t *e, const double *th,
                           double df, double dfb, double out[4]);

/* The same for a multi-group fit: per group its model, evaluator (derivatives at th), its
 * parameters th, the global index of each (map; NULL for one group with its own) and
 * the weight n_g / N; Q global parameters. The saturated and independence parts are
 * block-diagonal over the groups (lavaan's lav_fit_fiml_corrected). */
typedef struct {
    const adx_sem_t *s;
    const adx__est_t *e;
    const double *th;
    const size_t *map;
    double w;
} adx__fimlc_group_t;

adx_error_t adx__sem_fimlc_groups(size_t G, const adx__fimlc_group_t *gr, size_t Q, double df,
                                  double dfb, double out[4]);

#endif
