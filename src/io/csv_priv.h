/* Private to ambidex (never installed): the CSV row cursor of src/io/csv.c, for readers
 * that stream a file instead of loading it (regress --stream). It reads one record at a
 * time with the rules of adx_read_csv: the same separator detection, quoting (a quoted
 * field may hold separators, line breaks and doubled quotes), blank lines skipped, the
 * same missing-value list ("", NA, ".", NaN and the user-missing codes) and the same
 * number parser. Memory: the longest record. */
#ifndef ADX_CSV_PRIV_H
#define ADX_CSV_PRIV_H

#include <stddef.h>

#include "ambidex/adx_data.h"

typedef struct adx__csv_cursor adx__csv_cursor_t;

/* Opens `path` and reads its header row (a UTF-8 BOM is skipped; names trimmed).
 * ro may be NULL (defaults); it must outlive the cursor. Errors: ADX_EIO, ADX_EEMPTY,
 * ADX_EPARSE, ADX_EUSAGE (separator equal to the decimal mark), ADX_ENOMEM. */
adx_error_t adx__csv_open(const char *path, const adx_read_options_t *ro,
                          adx__csv_cursor_t **out, adx_errctx_t *ctx);
/* A cursor on the same file and settings as `hdr` over the records that start at a
 * byte offset in [start, end); start must be the start of a record, on line `line`. */
adx_error_t adx__csv_open_range(const adx__csv_cursor_t *hdr, long long start, long long end,
                                size_t line, adx__csv_cursor_t **out, adx_errctx_t *ctx);
/* Cuts the data of hdr's file into nch ranges of about equal size at record starts
 * (never inside a quoted field): bound[0..nch] byte offsets (bound[0] the data
 * offset, bound[nch] the file size), line[c] the line where range c starts. One
 * sequential pass over the file. */
adx_error_t adx__csv_split(const adx__csv_cursor_t *hdr, size_t nch, long long *bound,
                           size_t *line, adx_errctx_t *ctx);
void adx__csv_close(adx__csv_cursor_t *c);

size_t adx__csv_ncols(const adx__csv_cursor_t *c);       /* header columns */
const char *adx__csv_name(const adx__csv_cursor_t *c, size_t j);
long long adx__csv_data_offset(const adx__csv_cursor_t *c); /* first byte after the header */

/* Reads the next non-blank record: *got = 1, or 0 at the end. Errors: ADX_EPARSE
 * (unclosed quote, text after a closing quote; file:line: column), ADX_EIO, ADX_ENOMEM. */
adx_error_t adx__csv_next(adx__csv_cursor_t *c, int *got, adx_errctx_t *ctx);
size_t adx__csv_nfields(const adx__csv_cursor_t *c);
size_t adx__csv_line(const adx__csv_cursor_t *c); /* line where the record starts */
/* Field j of the record, unquoted, NUL-terminated. */
const char *adx__csv_field(const adx__csv_cursor_t *c, size_t j);
/* Field j as a number, as adx_read_csv reads it: returns 1 with *x (NaN when the cell
 * is missing or a user-missing code), or 0 when the cell is not a finite number. */
int adx__csv_number(const adx__csv_cursor_t *c, size_t j, double *x);

/* The cell parser behind both: [s, e) with decimal mark dec; 1 with *out (NaN for
 * "", NA, "." and NaN) or 0 when not a finite decimal number. Correctly rounded. */
int adx__csv_parse_number(const char *s, const char *e, char dec, double *out);

/* adx_read_csv_buffer's reader with `skip` records after the header left out (their
 * lines still count in messages): the second and third header rows of a Qualtrics
 * export. adx__vendor_read (vendor.c) recognises the vendors' layouts and calls it. */
adx_error_t adx__csv_read_skip(const char *buf, size_t len, const char *name,
                               const adx_read_options_t *opt, size_t skip,
                               adx_dataset_t **out, adx_errctx_t *ctx);
/* The separator of the header line at p: ',', ';' or tab (the reader's detection). */
char adx__csv_detect_sep(const char *p, const char *end);
adx_error_t adx__vendor_read(const char *buf, size_t len, const char *name,
                             const adx_read_options_t *opt, adx_dataset_t **out,
                             adx_errctx_t *ctx);

/* LimeSurvey's SPSS export: the syntax file (.sps) and the data file it names, read
 * with the variable and value labels (sps.c). */
adx_error_t adx__read_sps(const char *path, const adx_read_options_t *o, adx_dataset_t **out,
                          adx_errctx_t *ctx);

#endif
