/* libambidex_ext.so: the part of ambidex that needs Graphviz, cairo, libxml2 and libzip,
 * built as a module that the CLI loads with dlopen only when a command draws a figure or
 * reads or writes an archive (issue 11, start-up). Private: never installed.
 *
 * The module exports one symbol, `adx__ext_table`, a table of the functions listed in
 * ext_api.def. Its `abi` string ties it to the build that made the CLI. */
#ifndef ADX_EXT_H
#define ADX_EXT_H

#include <stddef.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_qual.h"
#include "ambidex/adx_report.h"
#include "ambidex/adx_survey.h"
#include "../survey/survey_priv.h"

/* File name of the module; the CLI looks for it in $ADX_EXT_PATH (the file, or the
 * folder holding it) or else beside its own executable. */
#define ADX_EXT_FILE "libambidex_ext.so"

#ifndef ADX_EXT_ABI
#define ADX_EXT_ABI "unversioned"
#endif

typedef struct {
    size_t size;     /* sizeof(adx__ext_table_t) */
    const char *abi; /* ADX_EXT_ABI: version and hash of ext_api.def */
#define ADX_EXT_FN(name, params, args) adx_error_t(*name) params;
#include "ext_api.def"
} adx__ext_table_t;

/* Captions-only mode, for output that shows a figure's caption but not its SVG (every
 * format but HTML, on standard output): the figure functions check their arguments and
 * return a placeholder SVG instead of loading Graphviz and cairo. The CLI sets it once,
 * before the command runs; it exists only in the CLI's library (ext_stubs.c). */
void adx__ext_captions_only(void);

#endif
