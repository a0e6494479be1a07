/* Sorted distinct values, and the string comparator for qsort/bsearch (groups,
 * factor levels and moderator groups each wrote both). */
#include <stdlib.h>
#include <string.h>

#include "base.h"

int adx__cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t adx__sort_unique(void *base, size_t n, size_t size,
                        int (*cmp)(const void *, const void *))
{
    char *b = base;
    size_t k = 0;
    if (!n)
        return 0;
    qsort(b, n, size, cmp);
    for (size_t i = 0; i < n; i++)
        if (k == 0 || cmp(b + i * size, b + (k - 1) * size) != 0) {
            if (k != i)
                memcpy(b + k * size, b + i * size, size);
            k++;
        }
    return k;
}

void *adx__distinct(const void *col, size_t size, const size_t *rows, size_t n,
                    int (*cmp)(const void *, const void *), size_t *k)
{
    char *u = malloc((n ? n : 1) * size);
    *k = 0;
    if (!u)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(u + i * size, (const char *)col + rows[i] * size, size);
    *k = adx__sort_unique(u, n, size, cmp);
    return u;
}
