/* Private helpers shared by the files of src/sem. */
#ifndef ADX_SEM_PRIV_H
#define ADX_SEM_PRIV_H

#include <stddef.h>

#include "ambidex/adx_sem.h"

/* Arithmetic expression of a := definition: numbers, labels, + - * / ^,
 * unary minus, parentheses and exp(), log(), sqrt(), abs(). */
typedef struct adx_expr adx_expr_t;

/* Parses s; on error returns NULL and sets *errpos to the 0-based offset. */
adx_expr_t *adx_expr_parse(const char *s, size_t *errpos, const char **errmsg);
void adx_expr_free(adx_expr_t *e);
/* Evaluates e; lookup returns 0 and sets *v for a known name, else -1 (the
 * name is stored in *unknown). */
typedef int (*adx_expr_lookup_fn)(void *ud, const char *name, double *v);
int adx_expr_eval(const adx_expr_t *e, adx_expr_lookup_fn lookup, void *ud, double *out,
                  const char **unknown);

#endif
