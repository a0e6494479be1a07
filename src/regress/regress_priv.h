/* Helpers shared by the files of src/regress (not exported). */
#ifndef ADX_REGRESS_PRIV_H
#define ADX_REGRESS_PRIV_H

#include <stddef.h>

/* Trims white space in place; returns the start. */
char *adx__trim(char *s);
/* Frees n strings and the array. */
void adx__free_strings(char **s, size_t n);

/* Percentile of sorted data, interpolating at p (n + 1) (SPSS HAVERAGE, R type 6). */
double adx__percentile(const double *sorted, size_t n, double p);

/* Decimal text to double, correctly rounded (exact fast path, else strtod); *end
 * as strtod. */
double adx__parse_double(const char *s, char **end);

#endif
