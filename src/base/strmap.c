/* A string-keyed hash map to size_t (open addressing, linear probing, load <= 1/2):
 * the parameter and name look-ups of SEM model building, which were linear scans
 * and made building a 400-factor CFA take a minute (issue 12 item 14). */
#include <stdlib.h>
#include <string.h>

#include "base.h"

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of key in m (m->cap > 0): where it is, or the empty slot where it goes. */
static size_t slot(const adx__strmap_t *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int rehash(adx__strmap_t *m)
{
    size_t nc = m->cap ? m->cap * 2 : 64;
    adx__strmap_t n = {calloc(nc, sizeof *n.keys), malloc(nc * sizeof *n.vals), 0, nc};
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot(&n, m->keys[i]);
            n.keys[j] = m->keys[i];
            n.vals[j] = m->vals[i];
        }
    n.n = m->n;
    free(m->keys);
    free(m->vals);
    *m = n;
    return 0;
}

int adx__strmap_get(const adx__strmap_t *m, const char *key, size_t *val)
{
    if (!m->cap)
        return 0;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return 0;
    if (val)
        *val = m->vals[i];
    return 1;
}

int adx__strmap_put(adx__strmap_t *m, const char *key, size_t val)
{
    if (2 * (m->n + 1) > m->cap && rehash(m))
        return -1;
    size_t i = slot(m, key);
    if (m->keys[i])
        return 1;
    if (!(m->keys[i] = adx__strdup(key)))
        return -1;
    m->vals[i] = val;
    m->n++;
    return 0;
}

void adx__strmap_free(adx__strmap_t *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
