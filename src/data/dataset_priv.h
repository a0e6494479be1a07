/* Private helpers shared by the dataset and the readers. */
#ifndef ADX_DATASET_PRIV_H
#define ADX_DATASET_PRIV_H

#include "ambidex/adx_data.h"
#include "../base/base.h"

/* Appends an empty variable (all fields zero) named `name`; returns it or NULL
 * when memory runs out. The pointer is valid until the next append. */
adx_variable_t *adx__dataset_append(adx_dataset_t *ds, const char *name);

/* A new column of nrows doubles (uninitialised, from malloc); NULL when memory
 * runs out. */
double *adx__dataset_column(const adx_dataset_t *ds);

/* Frees the contents of one variable (not the struct itself). */
void adx__variable_clear(adx_variable_t *v, size_t nrows);

/* ---- screen.c: date-times and screening functions (issue 16) ---- */
/* y[i] = case i of v as seconds since 1970 (numbers kept, text parsed); 0 with *bad =
 * the first case that is not a date-time. */
int adx__datetime_column(const adx_variable_t *v, size_t nrows, double *y, size_t *bad);
/* Turns a text column whose non-empty cells are all date-times into numbers: 1 done,
 * 0 left as it is, -1 out of memory. */
int adx__variable_datetime(adx_variable_t *v, size_t nrows);
/* rowsd, longrun, speeder, failed over numeric argument columns (literal numbers:
 * isnum/nums) into y (nrows); adx__screen_known says whether f is one of them. */
int adx__screen_known(const char *f);
adx_error_t adx__screen_numeric(const adx_dataset_t *ds, const char *f, const size_t *args,
                                const int *isnum, const double *nums, size_t k, double *y,
                                adx_errctx_t *ctx);
/* duplicated(v...) and datetime(v), whose arguments are variables of either type. */
adx_error_t adx__screen_names(const adx_dataset_t *ds, const char *f, const size_t *vars,
                              size_t k, double *y, adx_errctx_t *ctx);

#endif
