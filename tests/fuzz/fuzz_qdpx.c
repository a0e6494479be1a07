/* libFuzzer harness for the REFI-QDA importer (adx_qdpx_read, adx_qdc_read).
 *
 * The input is, by its first bytes:
 *   "PK"    a zip archive, read as FILE.qdpx as it is (zip structure, limits,
 *           zip bombs, forged sizes);
 *   "<"     a codebook, read as FILE.qdc;
 *   else    a packed archive (tests/fuzz/pack.h: "=== NAME" lines) that the
 *           harness zips (stored, names as given) and reads as FILE.qdpx, so
 *           that mutations reach project.qde and sources/ rather than break
 *           the zip's checksums.
 * Oracles (abort()): a failed read leaves *out NULL; a project read from a
 * .qdpx must be consistent (segments inside their text, indexes in range) and
 * must survive the round trips adx_qproject_export_qdpx -> adx_qdpx_read and
 * adx_qproject_write -> adx_qproject_load (what `qual import` does) with the
 * same cases, texts, codes, coders and segments; a refused write must leave
 * nothing behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/base/base.h"
#include "ambidex/adx_qual.h"
#include "pack.h"

/* p written as a .qdpx and read back must be the same project; written as a
 * project folder (what `qual import` does), it must load as the same project,
 * or the write must fail with an input error and leave nothing behind. */
static void round_trip(const adx_qproject_t *p, const char *dir)
{
    char path[4200];
    adx_errctx_t ctx;
    adx_qproject_t *q = NULL;
    snprintf(path, sizeof path, "%s/again.qdpx", dir);
    if (adx_qproject_export_qdpx(p, path, &ctx) != ADX_OK ||
        adx_qdpx_read(path, &q, &ctx) != ADX_OK)
        abort();
    fuzz_same_project(p, q);
    adx_qproject_free(q);
    q = NULL;
    fuzz_folder_round_trip(p, dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file_t files[FUZZ_PACK_MAX];
    char dir[4096], path[4200];
    if (size > 1 << 20 || fuzz_temp_dir(dir, sizeof dir))
        return 0;
    int qdc = size >= 1 && data[0] == '<', raw = size >= 2 && data[0] == 'P' && data[1] == 'K';
    snprintf(path, sizeof path, "%s/fuzz.%s", dir, qdc ? "qdc" : "qdpx");
    int w = qdc || raw ? fuzz_write_file(path, data, size)
                       : fuzz_write_zip(path, files, fuzz_unpack(data, size, files));
    adx_qproject_t *p = (adx_qproject_t *)1;
    adx_errctx_t ctx;
    ctx.msg[0] = '\0';
    adx_error_t rc = w ? ADX_EIO
                       : qdc ? adx_qdc_read(path, &p, &ctx) : adx_qdpx_read(path, &p, &ctx);
    fuzz_note(rc, &ctx);
    if (rc == ADX_OK) {
        if (!qdc) {
            fuzz_check_project(p);
            round_trip(p, dir);
        }
        adx_qproject_free(p);
    } else if (!w && p)
        abort();
    adx__rm_tree(dir);
    return 0;
}
