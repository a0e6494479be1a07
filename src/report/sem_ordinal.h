/* The ordinal (WLSMV/ULSMV) part of the cfa/sem report (build_sem_ordinal.c). */
#ifndef ADX_REPORT_SEM_ORDINAL_H
#define ADX_REPORT_SEM_ORDINAL_H

#include "ambidex/adx_sem.h"
#include "builder.h"

/* The test and robust-fit table, the thresholds table and "ordinal" in the JSON. */
void adx__report_sem_ordinal(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root);

#endif
