/* Private helpers shared by the src/qual files. */
#ifndef ADX_QUAL_PRIV_H
#define ADX_QUAL_PRIV_H

#include <stddef.h>

#include "ambidex/adx_qual.h"

char *qual_strdup(const char *s);
/* Code points in the first n bytes of s. */
size_t qual_u8len(const char *s, size_t n);
/* Byte offset of code point `chars` in s (nbytes long); nbytes if past the end. */
size_t qual_u8offset(const char *s, size_t nbytes, size_t chars);
/* Reads a whole text file (size-limited, NUL bytes rejected, BOM skipped). */
adx_error_t qual_read_text(const char *path, char **out, size_t *len, adx_errctx_t *ctx);
/* Text of a dataset cell (numbers formatted into buf), NULL when missing. */
const char *qual_cell(const adx_variable_t *v, size_t row, char *buf, size_t n);

/* Sorts names in place (strcmp order). */
void qual_sort_names(char **v, size_t n);
/* Sorts the segments and rejects overlapping segments of one coder and code. */
adx_error_t qual_finish(adx_qproject_t *p, adx_errctx_t *ctx);

#endif
