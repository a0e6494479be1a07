/* Whole text files (study, model and codebook files) through the one capped reader. */
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_data.h"

adx_error_t adx_read_text_file(const char *path, const char *what, char **buf, size_t *len,
                               adx_errctx_t *ctx)
{
    size_t n = 0;
    adx_error_t rc = adx__slurp(path, ADX__CAP_TEXT, what, buf, &n, ctx);
    if (!rc && (rc = adx__text_nul(path, what, *buf, n, ctx))) {
        free(*buf);
        *buf = NULL;
    }
    if (len)
        *len = rc ? 0 : n;
    return rc;
}
