/* The module side of libambidex_ext.so: the table of its entry points (ext_api.def).
 * The version script ext.map exports this symbol only; every other symbol of the module
 * (the heavy files and the parts of the library they use) stays local. */
#include "ext.h"

const adx__ext_table_t adx__ext_table = {
    sizeof(adx__ext_table_t),
    ADX_EXT_ABI,
#define ADX_EXT_FN(name, params, args) name,
#include "ext_api.def"
};
