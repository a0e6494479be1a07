/* libFuzzer harness for the qualitative project reader (adx_qproject_load): the
 * input is a packed folder (tests/fuzz/pack.h: "=== NAME" lines), written to a
 * temporary folder: codebook.csv, cases.csv, transcripts/CASE.md|.txt|.docx,
 * coding/CODER/CASE.md|.txt, segments/CODER.csv. When the project loads, the
 * analyses run on it (frequencies, case x code matrix, co-occurrence, crosstab
 * by the first attribute, agreement when there are two coders or more).
 *
 * Oracles (abort() on a silently wrong result): a loaded project must be
 * consistent (every segment inside its document, code and coder indexes in
 * range, nchars the code points of the text), written as a new folder
 * (adx_qproject_write, as `qual import` does) it must load as the same project
 * (or the write must be refused with an input error, leaving nothing), and a
 * failed load must leave *out NULL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/base.h"
#include "ambidex/adx_qual.h"
#include "pack.h"

static void analyses(const adx_qproject_t *p)
{
    adx_errctx_t ctx;
    adx_qsel_t sel;
    adx_qsel_init(&sel);
    adx_qfreq_t *f = NULL;
    adx_qmatrix_t *m = NULL;
    adx_qcooc_t *c = NULL;
    adx_qcross_t *x = NULL;
    adx_qagree_t *a = NULL;
    adx_dataset_t *ds = NULL;
    if (adx_qfreq(p, &sel, &f, &ctx) == ADX_OK)
        adx_qfreq_free(f);
    if (adx_qmatrix(p, &sel, &m, &ctx) == ADX_OK) {
        if (adx_qmatrix_dataset(p, m, 1, &ds, &ctx) == ADX_OK)
            adx_dataset_free(ds);
        adx_qmatrix_free(m);
    }
    if (adx_qcooc(p, &sel, &c, &ctx) == ADX_OK)
        adx_qcooc_free(c);
    if (p->cases && p->cases->nvars > 1 &&
        adx_qcross(p, &sel, p->cases->vars[1].name, &x, &ctx) == ADX_OK)
        adx_qcross_free(x);
    if (p->ncoders >= 2) {
        adx_qagree_options_t o;
        adx_qagree_options_init(&o);
        if (adx_qagree(p, &o, &a, &ctx) == ADX_OK)
            adx_qagree_free(a);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_file_t files[FUZZ_PACK_MAX];
    char dir[4096];
    if (size > 1 << 20 || fuzz_temp_dir(dir, sizeof dir))
        return 0;
    fuzz_write_tree(dir, files, fuzz_unpack(data, size, files));
    adx_qproject_t *p = (adx_qproject_t *)1;
    adx_errctx_t ctx;
    adx_error_t rc = adx_qproject_load(dir, &p, &ctx);
    fuzz_note(rc, &ctx);
    if (rc == ADX_OK) {
        fuzz_check_project(p);
        analyses(p);
        fuzz_folder_round_trip(p, dir);
        adx_qproject_free(p);
    } else if (p)
        abort();
    adx__rm_tree(dir);
    return 0;
}
