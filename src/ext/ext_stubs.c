/* The CLI's stand-ins for the functions of libambidex_ext.so (ext_api.def).
 *
 * The CLI is linked against the library without the files that use Graphviz, cairo,
 * libxml2 and libzip, so that a command that draws no figure and reads no archive maps
 * none of their ~30 shared libraries. Each function listed in ext_api.def is defined
 * here instead: on first use (once per process, pthread_once) it opens the module,
 * from $ADX_EXT_PATH or beside the executable, and calls the real function through the
 * module's table. If the module cannot be loaded, the function returns ADX_EUNSUPPORTED
 * with a message that names the file and the fix. */
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/base.h"
#include "ext.h"
#include "mpi_module.h"

static pthread_once_t ext_once = PTHREAD_ONCE_INIT;
static const adx__ext_table_t *ext_table; /* NULL until loaded, or when loading failed */
static char ext_path[PATH_MAX + sizeof ADX_EXT_FILE + 1];
static char ext_why[sizeof ext_path + 256]; /* why loading failed */
static int ext_captions_only;

void adx__ext_captions_only(void)
{
    ext_captions_only = 1;
}

/* Where a module is: $ENV (a file, or a folder holding FILE), else the folder of
 * /proc/self/exe (mpi_module.h; also for libambidex_mpi.so). */
void adx__ext_locate(const char *env_name, const char *file, char *path, size_t n)
{
    const char *env = getenv(env_name);
    struct stat st;
    if (env && *env) {
        if (!stat(env, &st) && S_ISDIR(st.st_mode))
            snprintf(path, n, "%s/%s", env, file);
        else
            snprintf(path, n, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = 0;
    const char *slash = strrchr(exe, '/');
    if (slash)
        snprintf(path, n, "%.*s/%s", (int)(slash - exe), exe, file);
    else
        snprintf(path, n, "%s", file); /* dlopen's own search */
}

static void ext_load(void)
{
    char *path = ext_path;
    adx__ext_locate("ADX_EXT_PATH", ADX_EXT_FILE, path, sizeof ext_path);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(ext_why, sizeof ext_why, "%s", e ? e : path);
        return;
    }
    const adx__ext_table_t *t = dlsym(h, "adx__ext_table");
    if (!t || t->size != sizeof *t || strcmp(t->abi, ADX_EXT_ABI) != 0) {
        snprintf(ext_why, sizeof ext_why, "%s is from another build of ambidex (%s, expected %s)",
                 path, t ? t->abi : "no function table", ADX_EXT_ABI);
        dlclose(h);
        return;
    }
    ext_table = t; /* never closed: Graphviz keeps process-wide state */
}

static const adx__ext_table_t *ext_get(adx_errctx_t *ctx)
{
    pthread_once(&ext_once, ext_load);
    if (!ext_table)
        adx_err(ctx, ADX_EUNSUPPORTED,
                "figures, .docx transcripts and REFI-QDA files need the module " ADX_EXT_FILE
                ", which could not be loaded (%s); build it with the default target "
                "(cmake --build BUILD) and keep it beside the ambidex executable, or set "
                "ADX_EXT_PATH to it",
                ext_why);
    return ext_table;
}

/* The figure functions' own argument checks (the errors they would report), for
 * captions-only mode. */
static adx_error_t ext_lines_check(const adx_series_t *s, size_t ns, adx_errctx_t *ctx)
{
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < s[k].n; i++)
            if (isfinite(s[k].x[i]) && isfinite(s[k].y[i]))
                return ADX_OK;
    return adx_err(ctx, ADX_EEMPTY, "plot: no finite points to draw");
}

static adx_error_t ext_path_check(size_t nn, const adx_edge_t *edges, size_t ne,
                                 adx_errctx_t *ctx)
{
    for (size_t k = 0; k < ne; k++)
        if (edges[k].from >= nn || edges[k].to >= nn)
            return adx_err(ctx, ADX_EUSAGE, "path diagram: edge %zu names a missing node", k);
    return ADX_OK;
}

/* The SVG of a figure that is not drawn (captions-only mode). */
static adx_error_t ext_placeholder(char **svg, adx_errctx_t *ctx)
{
    *svg = adx__strdup("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\">"
                       "<!-- not drawn: this output shows the caption only --></svg>\n");
    return *svg ? ADX_OK : adx_oom(ctx);
}

#define ADX_EXT_FN(name, params, args)                                                    \
    __attribute__((weak)) adx_error_t name params                                         \
    {                                                                                     \
        const adx__ext_table_t *t = ext_get(ctx);                                          \
        return t ? t->name args : ADX_EUNSUPPORTED;                                       \
    }
#define ADX_EXT_FIG(name, params, args, check)                                            \
    __attribute__((weak)) adx_error_t name params                                         \
    {                                                                                     \
        if (ext_captions_only) {                                                          \
            *svg = NULL;                                                                  \
            adx_error_t rc = check;                                                       \
            return rc ? rc : ext_placeholder(svg, ctx);                                   \
        }                                                                                 \
        const adx__ext_table_t *t = ext_get(ctx);                                          \
        return t ? t->name args : ADX_EUNSUPPORTED;                                       \
    }
#include "ext_api.def"
