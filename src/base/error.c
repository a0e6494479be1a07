/* The functions of the error type declared in ambidex/adx_core.h: codes, their
 * descriptions and the error context. They live in base, the bottom floor, so that
 * every floor (base included) can report errors and nothing points down to up. */
#include <stdarg.h>
#include <stdio.h>

#include "ambidex/adx_core.h"

const char *adx_strerror(adx_error_t code)
{
    switch (code) {
    case ADX_OK: return "success";
    case ADX_ENOMEM: return "out of memory";
    case ADX_EIO: return "input/output error";
    case ADX_EPARSE: return "malformed input";
    case ADX_EUSAGE: return "bad usage";
    case ADX_ENOVAR: return "unknown variable";
    case ADX_ETYPE: return "non-numeric data";
    case ADX_EEMPTY: return "not enough data";
    case ADX_EDOMAIN: return "value out of domain";
    case ADX_ESINGULAR: return "singular matrix";
    case ADX_ECONST: return "zero variance";
    case ADX_ECONVERGE: return "did not converge";
    case ADX_EUNSUPPORTED: return "not supported";
    }
    return "unknown error";
}

int adx_error_is_input(adx_error_t code)
{
    switch (code) {
    case ADX_EIO:
    case ADX_EPARSE:
    case ADX_EUSAGE:
    case ADX_ENOVAR:
    case ADX_ETYPE:
    case ADX_EEMPTY:
    case ADX_EDOMAIN:
    case ADX_ECONST:
    case ADX_EUNSUPPORTED:
        return 1;
    default:
        return 0;
    }
}

adx_error_t adx_err(adx_errctx_t *ctx, adx_error_t code, const char *fmt, ...)
{
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        ctx->code = code;
        vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

adx_error_t adx_oom(adx_errctx_t *ctx) { return adx_err(ctx, ADX_ENOMEM, "out of memory"); }
