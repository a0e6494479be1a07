/* The report as PDF: placeholder until the PDF writer lands. */
#include "ambidex/adx_report.h"
#include <cairo/cairo.h>

adx_error_t adx_report_write_pdf(const adx_report_t *r, const char *path, adx_errctx_t *ctx)
{
    (void)r;
    return adx_err(ctx, ADX_EUNSUPPORTED, "%s: PDF output is not available yet", path);
}
