/* libFuzzer harness for the Word text extractor (adx_docx_text).
 *
 * The input is a zip archive when it starts with "PK" (written as FILE.docx as
 * it is: zip structure, limits, zip bombs); otherwise a packed archive
 * (tests/fuzz/pack.h: "=== NAME" lines, e.g. "=== word/document.xml") that the
 * harness zips (stored) first, so that mutations reach the XML.
 * Oracles (abort()): on success the text is NUL-terminated at *len with no NUL
 * before it and ends with a newline; on failure *out is NULL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/base.h"
#include "ambidex/adx_qual.h"
#include "pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file_t files[FUZZ_PACK_MAX];
    char dir[4096], path[4200];
    if (size > 1 << 20 || fuzz_temp_dir(dir, sizeof dir))
        return 0;
    snprintf(path, sizeof path, "%s/fuzz.docx", dir);
    int w = size >= 2 && data[0] == 'P' && data[1] == 'K'
                ? fuzz_write_file(path, data, size)
                : fuzz_write_zip(path, files, fuzz_unpack(data, size, files));
    char *text = (char *)1;
    size_t len = 0;
    adx_errctx_t ctx;
    if (!w) {
        adx_error_t rc = adx_docx_text(path, &text, &len, &ctx);
        fuzz_note(rc, &ctx);
        if (rc == ADX_OK) {
            if (strlen(text) != len || !len || text[len - 1] != '\n')
                abort();
            free(text);
        } else if (text)
            abort();
    }
    adx__rm_tree(dir);
    return 0;
}
