/* Private parts of the cfa/sem report: the ordinal (WLSMV/ULSMV) part
 * (build_sem_ordinal.c) and the parameter table shared with the multi-group report
 * (build_sem_mg.c). */
#ifndef ADX_REPORT_SEM_ORDINAL_H
#define ADX_REPORT_SEM_ORDINAL_H

#include "ambidex/adx_sem.h"
#include "builder.h"

/* The test and robust-fit table, the thresholds table and "ordinal" in the JSON. */
void adx__report_sem_ordinal(adx__tb_t *b, const adx_sem_t *s, const char *title, cJSON *root);

/* build_sem.c: one parameter row as JSON into the array pa; a parameter table under
 * heading (rows also into pa), with the note on the operators. */
void adx__sem_param_json(adx__tb_t *b, cJSON *pa, const adx_sem_param_t *p, int boot);
void adx__sem_param_table(adx__tb_t *b, const char *heading, const adx_sem_param_t *ps,
                          size_t n, int boot, cJSON *pa);
/* One row of a bootstrap table (lhs op rhs, estimate, boot SE, percentile, BC and BCa
 * limits) of p, with rhs in place of p->rhs. */
void adx__sem_boot_row_tb(adx__tb_t *b, const adx_sem_param_t *p, const char *rhs);

/* build_sem_mg.c: the table of lavTestScore's tests of equality constraints released one
 * by one (n of t: "lhs == rhs", x2, df, p), then the row total_name (total: x2, df, p),
 * under title with note; JSON "constraint_score_tests" (the total last) into parent if
 * not NULL. */
void adx__sem_con_score_table(adx__tb_t *b, const char *title, const adx_sem_score_t *t,
                              size_t n, const char *total_name, const double total[3],
                              const char *note, cJSON *parent);

#endif
