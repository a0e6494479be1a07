/* The one doubling step of a growable array (dataset variables, value labels, SEM
 * parameter tables and statements, coded segments each wrote it). */
#include <stdlib.h>
#include <string.h>

#include "base.h"

int adx__grow(void *arrp, size_t *cap, size_t size, size_t first)
{
    void *old;
    memcpy(&old, arrp, sizeof old);
    size_t nc = *cap ? *cap * 2 : first;
    void *p = realloc(old, nc * size);
    if (!p)
        return -1;
    memcpy(arrp, &p, sizeof p);
    *cap = nc;
    return 0;
}
