/* ambidex power: statistical power and sample size (docs/power.md).
 *
 * Closed form (adx_power_closed): the F test of R^2 (change) in regression, the
 * correlation test, the two-group t test, one-way ANOVA, the chi-square test and
 * the RMSEA tests of close and not-close fit, as power at a given N or as the
 * smallest N reaching a target power. Monte Carlo for mediation models
 * (adx_power_mediate): see below. The library never prints.
 */
#ifndef ADX_POWER_H
#define ADX_POWER_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_sem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Noncentral distributions (Poisson-mixture series, absolute error < 1e-13) ---- */

/* P(F > f) for the noncentral F(df1, df2, ncp). */
double adx_ncf_sf(double f, double df1, double df2, double ncp);
/* P(T <= t) for the noncentral t(df, ncp) (Lenth's 1989 series, AS 243). */
double adx_nct_cdf(double t, double df, double ncp);
/* P(X > x) for the noncentral chi-square(df, ncp). */
double adx_ncchisq_sf(double x, double df, double ncp);
/* The x with P(X > x) = p (upper = 1) or P(X <= x) = p (upper = 0) for the
 * noncentral chi-square(df, ncp), to a relative 1e-14. */
double adx_ncchisq_inv(double p, double df, double ncp, int upper);

/* ---- Closed form ---------------------------------------------------------------- */

typedef enum {
    ADX_POWER_REGRESS = 0, /* F test of R^2 change: effect f2, predictors, tested */
    ADX_POWER_CORR,        /* r = 0 test, two-sided (pwr.r.test): effect r */
    ADX_POWER_TTEST,       /* two independent groups, n per group (pwr.t.test): effect d */
    ADX_POWER_ANOVA,       /* one-way, n per group (pwr.anova.test): effect f, groups */
    ADX_POWER_CHISQ,       /* chi-square test (pwr.chisq.test): effect w, df */
    ADX_POWER_RMSEA        /* MacCallum, Browne & Sugawara (1996): df, rmsea0, rmsea1 */
} adx_power_test_t;

/* The noncentrality of the regression F test: G*Power's lambda = f2 * N (default)
 * or pwr.f2.test's lambda = f2 * (df1 + df2 + 1). */
typedef enum { ADX_NCP_GPOWER = 0, ADX_NCP_PWR } adx_ncp_rule_t;

typedef struct {
    adx_power_test_t test;
    double alpha;   /* significance level, in (0, 1) (default .05) */
    double n;       /* N (total; per group for ttest and anova), or 0 to solve for target */
    double target;  /* the power to reach when n is 0 (default .80) */
    double effect;  /* f2, r, d, f or w */
    int predictors; /* regress: predictors in the full model */
    int tested;     /* regress: predictors tested (0: all) */
    int groups;     /* anova: number of groups */
    double df;      /* chisq, rmsea: degrees of freedom */
    double rmsea0, rmsea1; /* rmsea: under H0 and under the alternative */
    adx_ncp_rule_t ncp_rule; /* regress only */
    double n_max;   /* the largest N searched (default 1e7) */
} adx_power_options_t;

void adx_power_options_init(adx_power_options_t *o);

typedef struct {
    double n;        /* the N given, or the smallest N reaching the target */
    double power;    /* power at n */
    double df1, df2; /* degrees of freedom of the test at n (df2 0 when none) */
    double ncp;      /* noncentrality at n (corr: 0, the test uses Fisher's z) */
    double critical; /* the critical value of the test statistic at n */
    double ncp0;     /* rmsea: noncentrality under H0 */
    int solved;      /* 1 when n was solved for the target */
} adx_power_result_t;

/* Power at o->n, or (o->n == 0) the smallest whole N with power >= o->target.
 * ADX_EUSAGE with a message naming the value for impossible inputs; ADX_EDOMAIN
 * when the target is not reached by o->n_max. */
adx_error_t adx_power_closed(const adx_power_options_t *o, adx_power_result_t *res,
                             adx_errctx_t *ctx);
/* The name of a test ("regress", ...). */
const char *adx_power_test_name(adx_power_test_t t);

/* ---- Monte Carlo: mediation and conditional process models ------------------------ */

#define ADX_PMED_MAXK 10 /* model 4: parallel mediators */
#define ADX_PMED_MAXEFF 12

typedef enum {
    ADX_PTEST_JOINT = 0, /* every path of the effect significant (t tests) */
    ADX_PTEST_SOBEL,     /* first-order delta-method z */
    ADX_PTEST_MC,        /* Monte Carlo confidence interval (mc_draws draws) */
    ADX_PTEST_PERCENTILE,/* percentile bootstrap (boot resamples; warp: one) */
    ADX_PTEST_BC         /* bias-corrected bootstrap */
} adx_pmed_test_t;

/* Called after each condition (N) with the share of the work done (not from
 * worker threads). */
typedef void (*adx_power_progress_t)(void *ctx, double done);

/* Shares the replication records of one condition among all processes (MPI
 * allgather): recs holds reps records of rec_bytes; process `rank` of `nranks`
 * filled the block [rank reps / nranks, (rank + 1) reps / nranks); on return every
 * record is filled everywhere. Returns 0, or non-zero on failure. NULL: one process. */
typedef int (*adx_power_gather_t)(void *ctx, unsigned char *recs, size_t rec_bytes,
                                  size_t reps);

typedef struct {
    int model;       /* PROCESS model: 4 (default), 6, 7, 14 */
    size_t k;        /* mediators: model 4 any of 1..10 (default 1), model 6: 2 */
    double a[ADX_PMED_MAXK];  /* X -> M_j (model 6: a1, a2 = X -> M2) */
    double b[ADX_PMED_MAXK];  /* M_j -> Y */
    double cprime;   /* X -> Y (default 0) */
    double d21;      /* model 6: M1 -> M2 */
    double w_main;   /* models 7, 14: W's own effect (on M or on Y; default 0) */
    double w_effect; /* model 7: X*W -> M; model 14: M*W -> Y */
    int standardized;/* residual variances make every total variance 1 */
    const size_t *n; /* the grid of N */
    size_t nn;
    size_t reps;     /* replications per N (default 1000) */
    uint64_t seed;   /* default 1 */
    adx_pmed_test_t test;
    size_t boot;     /* resamples per replication (default 1000) */
    size_t mc_draws; /* Monte Carlo draws (default 10000) */
    int warp;        /* warp speed: one resample per replication (percentile) */
    double alpha;    /* default .05 (two-sided; 1 - alpha intervals) */
    double target;   /* 0: none; else refine the smallest N reaching it */
    int threads;     /* 0: all */
    int check_only;  /* check the options and the model, run nothing (*out stays NULL) */
    size_t rank, nranks;          /* this process and how many (MPI; default 0, 1) */
    adx_power_gather_t gather;    /* with nranks > 1 */
    void *gather_ctx;
    adx_power_progress_t progress;
    void *progress_ctx;
} adx_pmed_options_t;

void adx_pmed_options_init(adx_pmed_options_t *o);

typedef struct {
    size_t n;
    size_t failed;               /* replications whose data were singular (not counted) */
    double power[ADX_PMED_MAXEFF];
    double mc_se[ADX_PMED_MAXEFF];
    double mean[ADX_PMED_MAXEFF]; /* mean estimate of each effect */
} adx_pmed_cond_t;

typedef struct {
    size_t neff;
    char effect[ADX_PMED_MAXEFF][24]; /* effect names ("ind1", "index", ...) */
    double pop[ADX_PMED_MAXEFF];      /* population values */
    size_t ncond;
    adx_pmed_cond_t *cond;            /* grid conditions, then refinements, sorted by n */
    double n_for_target;              /* smallest N reaching the target (first effect), or
                                         0 when no target or not reached on the grid */
    double resid_sd[ADX_PMED_MAXK + 1]; /* population residual SD per equation */
} adx_pmed_t;

/* Runs the Monte Carlo. Same seed, same numbers at any thread and process count.
 * ADX_EUSAGE for impossible input (message names the value). */
adx_error_t adx_power_mediate(const adx_pmed_options_t *o, adx_pmed_t **out,
                              adx_errctx_t *ctx);
void adx_pmed_free(adx_pmed_t *r);
const char *adx_pmed_test_name(adx_pmed_test_t t);

/* ---- Monte Carlo: any SEM (the simsem job) -------------------------------------- */
typedef struct {
    const adx_sem_syntax_t *population; /* values as `simulate` reads them */
    const adx_sem_syntax_t *analysis;   /* NULL: the population with every value freed */
    const size_t *n;     /* the grid of N */
    size_t nn;
    size_t reps;         /* replications per N (default 1000) */
    uint64_t seed;       /* default 1 */
    double alpha;        /* tests and 1 - alpha Wald intervals (default .05) */
    int likert;          /* > 1: indicators as 1..likert categories (as simulate) */
    double missing;      /* share of values missing completely at random (listwise) */
    double cfi_cut, rmsea_cut; /* the shares reported: CFI >= cfi_cut (.95), RMSEA <=
                                  rmsea_cut (.06) */
    int threads;         /* 0: all */
    int check_only;      /* check the options and both models (the analysis model fitted
                            to the population matrix), run no replication; *out stays NULL */
    size_t rank, nranks;          /* this process and how many (MPI; default 0, 1) */
    adx_power_gather_t gather;    /* with nranks > 1 */
    void *gather_ctx;
    adx_power_progress_t progress;
    void *progress_ctx;
} adx_psem_options_t;
void adx_psem_options_init(adx_psem_options_t *o);

typedef struct {
    size_t n;
    size_t converged;    /* replications whose fit converged (the rest are left out) */
    /* per parameter (npar values each), over the converged replications: */
    double *power, *mc_se, *mean, *rel_bias, *coverage;
    double cfi_ok, rmsea_ok;  /* shares with CFI >= cfi_cut, RMSEA <= rmsea_cut */
    double chisq_reject;      /* share whose chi-square test rejects at alpha */
    double mean_chisq, mean_cfi, mean_rmsea, mean_srmr;
} adx_psem_cond_t;

typedef struct {
    size_t npar;         /* the parameters reported: labelled ones and := effects; when
                            there are none, the free regressions (else the loadings) */
    char **name;         /* "ALLY ~ MO" */
    char **label;        /* "a", or "" */
    double *pop;         /* population value in the analysis model's parameterization
                            (the analysis model fitted to the population matrix) */
    double df;           /* degrees of freedom of the analysis model */
    size_t ncond;
    adx_psem_cond_t *cond;
} adx_psem_t;

/* Runs the Monte Carlo: per N and replication, data from the population (the
 * population's own stream per replication: same seed, same numbers at any thread
 * and process count), the analysis model fitted by ML. A population that is not positive
 * definite or an analysis variable the population lacks is an error naming it. */
adx_error_t adx_power_sem(const adx_psem_options_t *o, adx_psem_t **out, adx_errctx_t *ctx);
void adx_psem_free(adx_psem_t *r);

#ifdef __cplusplus
}
#endif

#endif
