/* A few named files packed into one fuzz input, for the harnesses whose target
 * reads a folder or a zip archive (fuzz_qproject, fuzz_qdpx, fuzz_docx).
 *
 * Format: each file starts with a line "=== NAME" (LF); its content runs up to
 * the LF before the next "=== " line, or to the end of the input. Bytes before
 * the first header are ignored. Example:
 *
 *   === codebook.csv
 *   code,parent
 *   a,
 *   === cases.csv
 *   case
 *   C1
 *
 * tests/fuzz/make_corpus.py writes such inputs (and the same files as zips).
 */
#ifndef ADX_FUZZ_PACK_H
#define ADX_FUZZ_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "ambidex/adx_qual.h"

#define FUZZ_PACK_MAX 64 /* files per input; more are ignored */

typedef struct {
    char name[256];      /* NUL-terminated; longer names are cut */
    const uint8_t *data; /* into the input */
    size_t len;
} fuzz_file_t;

/* Splits data into at most FUZZ_PACK_MAX files; returns how many. */
size_t fuzz_unpack(const uint8_t *data, size_t size, fuzz_file_t *files);

/* Writes the files into folder dir (which exists), creating subfolders. A name
 * with an empty, "." or ".." part, a leading '/', or a byte outside
 * [A-Za-z0-9 ._%-] (and '/') is skipped: the target must see the folder, not
 * the rest of the disk; so is a name that cannot be written (under a file) or
 * that was written before (the first one stays). */
void fuzz_write_tree(const char *dir, const fuzz_file_t *files, size_t n);

/* Writes the files as a zip archive at path (stored, not compressed, names as
 * given, "../" included; a repeated name replaces the earlier one). Returns 0,
 * or -1 when libzip refused. */
int fuzz_write_zip(const char *path, const fuzz_file_t *files, size_t n);

/* Writes size bytes to path; 0 or -1. */
int fuzz_write_file(const char *path, const uint8_t *data, size_t size);

/* A new empty folder under $TMPDIR (or /tmp) into buf (n bytes); 0 or -1. */
int fuzz_temp_dir(char *buf, size_t n);

/* Aborts when p breaks the invariants of adx_qproject_t: a case id and a
 * NUL-terminated text of nbytes bytes and nchars code points for every case;
 * every segment inside its text, its code and coder indexes in range. */
void fuzz_check_project(const adx_qproject_t *p);

/* Aborts unless q holds the same cases, texts, codes, coders and segments as p
 * (coders without segments left out: they are not written). */
void fuzz_same_project(const adx_qproject_t *p, const adx_qproject_t *q);

/* p written as the project folder DIR/again (adx_qproject_write, as `qual
 * import` does) must load as the same project (fuzz_same_project), or the write
 * must fail with an input error and leave nothing in dir; abort() otherwise. */
void fuzz_folder_round_trip(const adx_qproject_t *p, const char *dir);

/* Entries of folder dir, "." and ".." not counted; -1 when it cannot be read. */
long fuzz_entries(const char *dir);

/* With ADX_FUZZ_VERBOSE set in the environment, prints "  ok" or "  error:
 * MESSAGE" for the target's result rc: for checking what a corpus file reaches. */
void fuzz_note(adx_error_t rc, const adx_errctx_t *ctx);

#endif
