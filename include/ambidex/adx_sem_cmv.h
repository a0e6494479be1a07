/* Common-method variance and latent interactions as models generated before the SEM
 * fitter (src/sem/cmv.c): the unmeasured latent method factor (cfa --method-factor) and
 * double-mean-centred product indicators (sem --product). */
#ifndef ADX_SEM_CMV_H
#define ADX_SEM_CMV_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The unmeasured latent method factor (ULMC; Podsakoff et al. 2003): *out (malloc'd) is
 * text followed by
 *     METHOD =~ NA*i1 + i2 + ... (every observed indicator of syn's =~ statements)
 *     METHOD ~~ 1*METHOD
 *     METHOD ~~ 0*F1 + 0*F2 + ... (orthogonal to every factor of syn)
 * METHOD gets trailing underscores while the name is taken. *name: the name used
 * (malloc'd; may be NULL). */
adx_error_t adx_sem_method_syntax(const adx_sem_syntax_t *syn, const char *text, char **out,
                                  char **name, adx_errctx_t *ctx);

/* The trait model against the method-factor model, both fitted. */
typedef struct {
    char *method;                 /* the method factor's name */
    size_t n;                     /* trait loadings (=~ rows on observed indicators) */
    char **factor, **item;        /* n each, pointing into base's parameter table */
    double *std_base, *std_with;  /* standardized (std.all) loadings without / with METHOD */
    double *std_method;           /* the item's standardized METHOD loading */
    double mean_sq_base, mean_sq_with; /* mean squared trait loading without / with */
    double mean_sq_method;        /* mean squared METHOD loading over the indicators: the
                                     share of indicator variance due to the method factor */
    adx_sem_fit_t fit_base, fit_with;
    double dchisq, ddf, dp;       /* chi-square difference test (NaN when ddf < 1) */
    int converged_with, heywood_with;
} adx_sem_method_t;

/* Compares base with mf (base's syntax plus adx_sem_method_syntax's lines, both fitted
 * on the same cases). Caller frees with adx_sem_method_free. */
adx_error_t adx_sem_method_compare(const adx_sem_t *base, const adx_sem_t *mf,
                                   const char *method, adx_sem_method_t **out,
                                   adx_errctx_t *ctx);
void adx_sem_method_free(adx_sem_method_t *m);

/* Latent interaction f1 x f2 by double-mean-centred matched-pair product indicators (Lin
 * et al. 2010; semTools indProd(match = TRUE, meanC = TRUE, residualC = FALSE,
 * doubleMC = TRUE)): the k-th observed indicator of f1 (in syn's order) pairs with the
 * k-th of f2 (both need the same number, Marsh, Wen & Hau 2004); each is centred at its
 * mean over its non-missing values, the product is centred again at its own mean, and
 * added to ds as "a.b" (a, b: the indicators). *line (malloc'd) is the measurement
 * statement "f1.f2 =~ a1.b1 + a2.b2 + ..." to append to the model. */
adx_error_t adx_sem_product_indicators(adx_dataset_t *ds, const adx_sem_syntax_t *syn,
                                       const char *f1, const char *f2, char **line,
                                       adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
