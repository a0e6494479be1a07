/* Names of the extraction and rotation methods, as used in output and JSON. */
#include "ambidex/adx_measure.h"

const char *adx_extract_name(adx_extract_t m)
{
    switch (m) {
    case ADX_EXTRACT_PC: return "pc";
    case ADX_EXTRACT_ML: return "ml";
    case ADX_EXTRACT_PA: return "pa";
    default: return "minres";
    }
}

const char *adx_rotate_name(adx_rotate_t r)
{
    switch (r) {
    case ADX_ROTATE_VARIMAX: return "varimax";
    case ADX_ROTATE_PROMAX: return "promax";
    case ADX_ROTATE_OBLIMIN: return "oblimin";
    default: return "none";
    }
}
