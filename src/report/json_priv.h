/* cJSON helpers shared by the report builders: NaN and infinities become null. */
#ifndef ADX_JSON_PRIV_H
#define ADX_JSON_PRIV_H

#include <cjson/cJSON.h>
#include <math.h>

static inline cJSON *jnum(double v)
{
    return isnan(v) || isinf(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static inline void jset(cJSON *o, const char *k, double v) { cJSON_AddItemToObject(o, k, jnum(v)); }

#endif
