/* Helpers shared by the files of src/regress (not exported). */
#ifndef ADX_REGRESS_PRIV_H
#define ADX_REGRESS_PRIV_H

#include <stddef.h>

#include "../base/base.h"

/* Decimal text to double, correctly rounded (exact fast path, else strtod); *end
 * as strtod. */
double adx__parse_double(const char *s, char **end);

#endif
