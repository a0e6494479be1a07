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


#endif
