/* The multi-group fit of the multi-group tests with ordered indicators (test_ordinal_mg.c,
 * test_ordinal_mg_gcon.c): model text on the data file path by group, options o. */
#ifndef ADX_MGRUN_H
#define ADX_MGRUN_H

#include "ambidex/adx_data.h"
#include "ambidex/adx_sem.h"
#include "testutil.h"

/* adx_sem_multigroup with mo (NULL: adx_sem_invariance, the sequence); the result (caller
 * frees), NULL on failure (reported as a failed check). */
static inline adx_sem_invariance_t *mg_run(const char *model, const char *path,
                                           const char *group, const adx_sem_options_t *o,
                                           const adx_sem_mg_options_t *mo)
{
    adx_dataset_t *ds = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_read_file(path, NULL, &ds, &e), e);
    CHECK_OK(adx_sem_parse(model, "model", &syn, &e), e);
    adx_error_t rc = ADX_EUSAGE;
    if (ds && syn && mo)
        rc = adx_sem_multigroup(syn, o, ds, group, mo, &v, &e);
    else if (ds && syn)
        rc = adx_sem_invariance(syn, o, ds, group, &v, &e);
    CHECK_OK(rc, e);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    return v;
}

#endif
