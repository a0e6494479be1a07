/* Private helpers shared by the src/qual files (model.c defines them).
 *
 * The files of src/qual and what they depend on (no file includes libzip or
 * libxml2 except the four marked *):
 *   model.c         the project model: free, find, sort, overlap check, UTF-8
 *   markup.c        the inline markup parser {code: text}
 *   project.c       loading a project folder (uses markup.c, adx_docx_text)
 *   project_write.c writing a project folder and codebook.csv
 *   analysis.c      frequencies, matrix, co-occurrence, crosstabs
 *   agree.c         inter-coder agreement
 *   merge.c         consensus coding (qual merge); reconcile.c its reconciliation file
 *   words.c         words, case folding, wildcards and stop words for the queries;
 *                   query.c text search and coding queries; wordfreq.c word counts
 *   zipxml.c *      capped zip entry reader and the one XML loader
 *   docx.c *        adx_docx_text
 *   qdpx_read.c *   adx_qdpx_read, adx_qdc_read
 *   qdpx_write.c *  adx_qproject_export_qdpx, adx_qproject_export_qdc
 */
#ifndef ADX_QUAL_PRIV_H
#define ADX_QUAL_PRIV_H

#include <stddef.h>

#include "ambidex/adx_qual.h"
#include "../base/base.h"
#include "../data/dataset_priv.h"

/* Code points in the first n bytes of s. */
size_t adx__qual_u8len(const char *s, size_t n);
/* Byte offset of code point `chars` in s (nbytes long); nbytes if past the end. */
size_t adx__qual_u8offset(const char *s, size_t nbytes, size_t chars);
/* Reads a whole text file through adx__slurp (ADX__CAP_TEXT); NUL bytes are
 * rejected and a UTF-8 byte order mark is skipped. `what` names the file in
 * messages ("transcript"). */
adx_error_t adx__qual_read_text(const char *path, const char *what, char **out, size_t *len,
                                adx_errctx_t *ctx);
/* Text of a dataset cell (numbers formatted into buf with %.15g), NULL when missing. */
const char *adx__qual_cell(const adx_variable_t *v, size_t row, char *buf, size_t n);
/* Appends a string variable of ds->nrows empty (NULL) cells; NULL when memory runs out. */
adx_variable_t *adx__qual_add_string_var(adx_dataset_t *ds, const char *name);
/* Index of a case id, or -1. */
long adx__qual_find_case(const adx_qproject_t *p, const char *id);

/* "FILE:LINE: column COL: unknown code 'NAME'; did you mean ...?" (ADX_EPARSE). */
adx_error_t adx__qual_unknown_code(const adx_qproject_t *p, const char *file, size_t line,
                                   size_t col, const char *name, adx_errctx_t *ctx);
/* The 1-based line of code point `chars` of document d. */
size_t adx__qual_line_of(const adx_qdoc_t *d, size_t chars);
/* Longest case id or coder name (in bytes): each names a file. */
#define ADX__QUAL_NAME_MAX 200
/* Why case id `id` cannot name a case of a project folder (its transcript file
 * and its row of cases.csv must read back as the same id), or NULL if it can. */
const char *adx__qual_bad_case_name(const char *id);
/* A name for messages: itself, or its first 50 bytes and its length when long. */
void adx__qual_show_name(const char *name, char *buf, size_t n);
/* The file stem of coder `name` (segments/STEM.csv): bytes a file name cannot
 * hold (/ \ % control characters, a leading '.') as %XX. */
void adx__qual_coder_file(const char *name, adx__sb_t *b);
/* Decodes a coder file stem in place (the inverse of adx__qual_coder_file). */
void adx__qual_coder_name(char *s);

/* Sorts names in place (strcmp order). */
void adx__qual_sort_names(char **v, size_t n);
/* Grows the segment array to hold one more (capacity in *cap) and appends *s. */
adx_error_t adx__qual_add_seg(adx_qproject_t *p, size_t *cap, const adx_qseg_t *s,
                              adx_errctx_t *ctx);
/* Sorts the segments and rejects overlapping segments of one coder and code. */
adx_error_t adx__qual_finish(adx_qproject_t *p, adx_errctx_t *ctx);

/* Reads PROJECT/memos.csv (when present) into p->memos and joins the segment memos
 * into their segments; lenient: a memo on a segment nobody coded is skipped (a
 * project loaded without one coder) instead of refused. */
adx_error_t adx__qual_load_memos(adx_qproject_t *p, int lenient, adx_errctx_t *ctx);
/* A stretch of text [s, e) in code points. */
typedef struct {
    size_t s, e;
} adx__qrange_t;
/* The union of the segments of document d coded with node `code` or a sub-code by
 * the coders in mask: sorted, overlapping ranges joined, into r (room for every
 * segment of d). Returns the number of ranges; *nseg = the segments found. */
size_t adx__qual_coded_ranges(const adx_qproject_t *p, const unsigned char *mask, size_t d,
                              size_t code, adx__qrange_t *r, size_t *nseg);
/* A unit of text for agreement and co-occurrence: [start, end) in code points of
 * document doc, starting on 1-based line `line`. */
typedef struct {
    size_t doc, start, end, line;
} adx__qunit_t;
/* Splits every document into units: paragraphs (blocks separated by blank
 * lines), non-blank lines, or whole documents (agree.c). Ranges exclude the
 * newlines; units are in document and text order. *out is malloc'd. */
adx_error_t adx__qual_units(const adx_qproject_t *p, adx_qunit_t how, adx__qunit_t **out,
                            size_t *n, adx_errctx_t *ctx);

#endif
