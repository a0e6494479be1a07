/* ambidex base: the private ground floor shared by every module.
 *
 * Never installed, never part of the public API. Every name is prefixed adx__.
 * Depends on libc, LAPACK(E) and GSL's normal distribution only; error.c
 * implements the error functions declared in ambidex/adx_core.h (adx_err,
 * adx_oom, adx_strerror), so that base stands on nothing else of ambidex.
 *
 *   strbuf.c   growable string buffer with a sticky out-of-memory flag; strdup,
 *              trim, ADX__FREE
 *   file.c     the one capped whole-file reader, with the one cap table; NUL checks
 *   order.c    order statistics: cmp, quantile rules, bootstrap limits
 *   spd.c      symmetric positive-definite inverse/solve, general inverse
 *   moments.c  mean and SD in one pass
 *   error.c    adx_err, adx_oom, adx_strerror, adx_error_is_input (public)
 *   cor.c      covariance to correlation
 *   mean.c     the refined (two-pass) mean
 *   chol.c     the plain Cholesky loop with a pivot tolerance
 *   unique.c   sorted distinct values, string comparator
 *   grow.c     the doubling step of growable arrays
 *   strmap.c   string-keyed hash map (SEM model building)
 *   rmtree.c   removal of temporary output folders and of stale temporaries
 */
#ifndef ADX_BASE_H
#define ADX_BASE_H

#include <stdarg.h>
#include <stddef.h>

#include "ambidex/adx_core.h"

/* ---- strings ---------------------------------------------------------------- */

/* Growable NUL-terminated string. Zero-initialise ({0}); every append is a no-op
 * once memory has run out, and `oom` stays set: check it once at the end. */
typedef struct {
    char *s;        /* NULL until the first append; owned, free with adx__sb_free */
    size_t len, cap;
    int oom;
} adx__sb_t;

void adx__sb_put(adx__sb_t *b, const char *s, size_t n);
void adx__sb_str(adx__sb_t *b, const char *s);
void adx__sb_char(adx__sb_t *b, char ch);
void adx__sb_repeat(adx__sb_t *b, const char *s, size_t times);
void adx__sb_printf(adx__sb_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void adx__sb_vprintf(adx__sb_t *b, const char *fmt, va_list ap);
/* Appends s as one CSV field: quoted (quotes doubled) when it holds a comma, quote or
 * line break or starts with a blank (project folders, survey links and exports). */
void adx__sb_csv(adx__sb_t *b, const char *s);
/* Appends s (NULL: nothing) as XML/HTML text: & < > " escaped; with ADX__XML_APOS also '
 * (&#39;, for single-quoted attributes), with ADX__XML_CTRL control characters other
 * than tab become spaces (XML 1.0 forbids them: Word documents). */
enum { ADX__XML_APOS = 1, ADX__XML_CTRL = 2 };
void adx__sb_xml(adx__sb_t *b, const char *s, int flags);
/* Hands the text to the caller (never NULL unless oom: "" when empty) and resets b.
 * Returns NULL (and frees) when memory ran out at any point. */
char *adx__sb_take(adx__sb_t *b);
void adx__sb_free(adx__sb_t *b);

/* strdup that returns NULL for NULL (and when memory runs out). */
char *adx__strdup(const char *s);
/* strndup that never reads past n bytes. */
char *adx__strndup(const char *s, size_t n);
/* Trims ASCII white space at both ends in place; returns the new start. */
char *adx__trim(char *s);
/* Frees n strings and the array. */
void adx__free_strings(char **s, size_t n);

/* Frees each of n pointers (NULL is fine). ADX__FREE(a, b, c) is the one line that
 * stands for a column of free() calls in an object's _free function. */
void adx__free_all(void *const *p, size_t n);
#define ADX__FREE(...)                                                                       \
    adx__free_all((void *const[]){__VA_ARGS__}, sizeof((void *const[]){__VA_ARGS__}) /       \
                                                    sizeof(void *))

/* ---- files ------------------------------------------------------------------ */

/* The caps on whole-file reads, one table for the whole library (as ReadStat's
 * readstat_malloc.c keeps one cap): a hostile or mistaken input must fail with a
 * clear message before it exhausts memory. */
typedef enum {
    ADX__CAP_TEXT,  /* study files, model files, transcripts, codebooks: 64 MiB */
    ADX__CAP_MATRIX,/* covariance/correlation matrix input: 256 MiB */
    ADX__CAP_DATA   /* data files read whole (CSV, SPSS portable): 4 GiB */
} adx__cap_t;

/* The cap in bytes for a kind of file. */
size_t adx__cap_bytes(adx__cap_t cap);

/* Reads the whole file at `path` into a NUL-terminated buffer (*buf, owned by the
 * caller, free()), its length in *len (without the terminator). `what` names the
 * file in messages ("study file"). Errors: ADX_EIO (cannot open/read),
 * ADX_EPARSE (larger than the cap), ADX_ENOMEM. Only regular files (see below). */
adx_error_t adx__slurp(const char *path, adx__cap_t cap, const char *what, char **buf,
                       size_t *len, adx_errctx_t *ctx);

/* ADX_OK when buf[0..n-1] holds no NUL byte; otherwise ADX_EPARSE with one line
 * naming where the first one is and why ("PATH:LINE: byte B of the line is a NUL
 * byte; the WHAT is UTF-16 or binary, not UTF-8 text; ..."), UTF-16 named as such when
 * the file starts with its byte-order mark. For text files read whole (study, model,
 * transcript): a NUL would cut the text short silently. */
adx_error_t adx__text_nul(const char *path, const char *what, const char *buf, size_t n,
                          adx_errctx_t *ctx);
/* 1 when buf[0..n-1] holds a NUL byte, with its 1-based line and byte in the line. */
int adx__nul_at(const char *buf, size_t n, size_t *line, size_t *byte);

/* ADX_OK when `path` is a regular file (or cannot be stat'ed: the caller's open then
 * reports why); ADX_EIO "PATH: is a directory, not a data file; ..." for a directory,
 * FIFO, socket or device, so that no reader hangs on a FIFO or sizes a directory.
 * Every file reader calls it before opening. */
adx_error_t adx__regular_file(const char *path, const char *what, adx_errctx_t *ctx);

/* ---- order statistics -------------------------------------------------------- */

/* qsort comparator for doubles, ascending (NaN-free input). */
int adx__cmp_double(const void *a, const void *b);

/* Quantile definitions (Hyndman & Fan 1996 numbering, as R's quantile(type=)). */
typedef enum {
    ADX__Q_HAVERAGE, /* position p (n + 1), interpolated: SPSS HAVERAGE, PROCESS, R type 6 */
    ADX__Q_R7,       /* position 1 + p (n - 1): R's default (type 7), lavaan's bootstrap */
    ADX__Q_BOOT_ORDER/* bootstrap order statistics: lower = floor(B p), upper = floor(B p) + 1
                      * (PROCESS's percentile limits; no interpolation) */
} adx__qrule_t;

/* Quantile p of sorted x[0..n-1] under `rule`; n >= 1. For ADX__Q_BOOT_ORDER it
 * gives the lower order statistic; use adx__boot_limits for a pair. */
double adx__quantile(const double *sorted, size_t n, double p, adx__qrule_t rule);

/* 1-based order statistic floor(B p) (lower) and floor(B p) + 1 (upper), clamped to
 * [1, B], with floor(B p) guarded against representation error (5000 * .975). */
size_t adx__boot_order_lower(size_t B, double p);
size_t adx__boot_order_upper(size_t B, double p);

typedef enum {
    ADX__BOOT_PERCENTILE,
    ADX__BOOT_BC,  /* bias-corrected (Efron 1981) */
    ADX__BOOT_BCA  /* bias-corrected and accelerated (Efron 1987) */
} adx__boot_ci_t;

/* Bootstrap confidence limits of one statistic.
 *   vals    B replicate values, sorted ascending by the caller (adx__cmp_double);
 *   est     the full-sample estimate (for z0 = Phi^-1(#{vals < est} / B));
 *   accel   BCa acceleration a (ignored unless BCA; NaN gives NaN limits);
 *   level   confidence level as a fraction (.95);
 *   rule    how a probability becomes a value (lower/upper limit);
 * BC/BCa: alpha_j = Phi(z0 + (z0 + z_j) / (1 - a (z0 + z_j))).
 * Returns 0, or 1 when z0 is infinite (every replicate on one side of est): the
 * limits are then the extreme replicate on that side (PROCESS's behaviour); the
 * caller may report NaN instead (lavaan's). */
int adx__boot_limits(const double *vals, size_t B, double est, double accel, double level,
                     adx__boot_ci_t method, adx__qrule_t rule, double *lo, double *hi);

/* ---- dense symmetric and general linear algebra (column-major, k x k) -------- */

/* In-place inverse of a symmetric positive-definite matrix (Cholesky); the full
 * matrix is written. logdet (may be NULL) receives log det(a). ADX_ESINGULAR when
 * a is not positive definite. */
adx_error_t adx__spd_inverse(double *a, size_t k, double *logdet);
/* Solves a x = b for nrhs right-hand sides (b is k x nrhs, overwritten by x);
 * a is overwritten by its Cholesky factor. ADX_ESINGULAR when not PD. */
adx_error_t adx__spd_solve(double *a, size_t k, double *b, size_t nrhs);
/* log det of an SPD matrix (a is not modified); ADX_ESINGULAR when not PD. */
adx_error_t adx__spd_logdet(const double *a, size_t k, double *logdet);
/* In-place inverse of a general square matrix (LU). ADX_ESINGULAR when singular. */
adx_error_t adx__inverse(double *a, size_t k);

/* ---- moments ----------------------------------------------------------------- */

/* Running mean and sum of squared deviations (Welford 1962): exact to rounding in one
 * pass. Zero-initialise. */
typedef struct {
    double n, mean, m2;
} adx__moments_t;

void adx__moments_add(adx__moments_t *m, double x);
/* Sample variance (n - 1 denominator); NaN when n < 2. */
double adx__moments_var(const adx__moments_t *m);
/* Mean and sample SD (n - 1) of x[0..n-1] with stride `stride`, skipping NaN when
 * skip_nan; *count gets the number used (may be NULL). SD is NaN when fewer than 2. */
void adx__mean_sd(const double *x, size_t n, size_t stride, int skip_nan, double *mean,
                  double *sd, size_t *count);

/* ---- correlation (cor.c) ------------------------------------------------------ */

/* Correlation matrix R (k x k, column-major) from a covariance matrix: R_ij =
 * cov_ij / sqrt(cov_ii cov_jj), unit diagonal. R may not alias cov. */
void adx__cov_to_cor(const double *cov, size_t k, double *R);

/* ---- refined mean (mean.c) ---------------------------------------------------- */

/* Mean of the x[i] (i < n) with mask[i] != 0 (all n when mask is NULL; at least
 * one, no NaN), refined by the mean residual: m + sum(x - m) / used with
 * m = sum(x) / used (two passes, as R's mean()). */
double adx__mean(const double *x, size_t n, const unsigned char *mask);

/* ---- Cholesky factor (chol.c), distinct values (unique.c), array growth (grow.c) - */

/* In-place lower Cholesky factor of the k x k matrix a, element (i, j) at
 * a[i * rs + j * cs] (column-major: rs = 1, cs = k; row-major: rs = k, cs = 1); only
 * the lower triangle is read and written. Pivot j (a_jj less the squares before it)
 * must exceed tol * a_jj when relative, else tol. Returns k on success; else the
 * index j of the first failing pivot, with *pivot (may be NULL) = that pivot and
 * columns 0..j-1 holding the factor of the leading block. */
size_t adx__chol_lower(double *a, size_t k, size_t rs, size_t cs, double tol, int relative,
                       double *pivot);
/* Solves A x = r for a p x p SPD matrix A (row-major, overwritten by its Cholesky
 * factor; r by x), pivots relative to tol as adx__chol_lower. Returns -1 when a
 * pivot fails. The small-system solver of the bootstrap and Monte Carlo loops. */
int adx__chol_solve(double *A, double *r, size_t p, double tol);

/* qsort/bsearch comparator for an array of char * (strcmp order). */
int adx__cmp_str(const void *a, const void *b);
/* Sorts base[0..n-1] (elements of `size` bytes) by cmp and moves the distinct values
 * (cmp != 0 to the one kept before) to the front; returns their number. */
size_t adx__sort_unique(void *base, size_t n, size_t size,
                        int (*cmp)(const void *, const void *));
/* The distinct values of col[rows[i]] (i < n; elements of `size` bytes), sorted by
 * cmp, in a new array (room for max(n, 1)); *k gets their number. NULL when out of
 * memory. */
void *adx__distinct(const void *col, size_t size, const size_t *rows, size_t n,
                    int (*cmp)(const void *, const void *), size_t *k);

/* Doubles the capacity of the array whose pointer is at arrp (e.g. &t->items; any
 * object pointer type) to `first` elements when *cap is 0, each `size` bytes, and
 * updates *cap. On failure returns -1 and leaves array and *cap as they were. */
int adx__grow(void *arrp, size_t *cap, size_t size, size_t first);

/* The caller's options `o`, or the local `def` filled by `init` when o is NULL:
 *   adx_x_options_t def;  o = ADX__OPTIONS(o, def, adx_x_options_init); */
#define ADX__OPTIONS(o, def, init) ((o) ? (o) : (init(&(def)), &(def)))

/* ---- rmtree.c ---- */
/* Removes the folder dir and everything in it (symbolic links are removed, not
 * followed); best effort, for temporary output folders. */
void adx__rm_tree(const char *dir);
/* Removes what writers killed before their final rename (kill -9, power loss) left
 * beside `path`: the entries named BASENAME(path) + ".tmp." + six letters or digits
 * (mkstemp/mkdtemp's XXXXXX) older than ADX__STALE_SECONDS, a younger one possibly
 * belonging to a writer still running. dirs = 0: regular files only (atomic file
 * writes); dirs = 1: folders only, removed with everything in them (temporary
 * output folders). Best effort: any failure leaves the entry. */
enum { ADX__STALE_SECONDS = 60 };
void adx__rm_stale(const char *path, int dirs);

/* ---- string-keyed hash map (strmap.c) ------------------------------------------ */

/* Keys are copied; zero-initialise ({0}) before use, adx__strmap_free after. */
typedef struct {
    char **keys;
    size_t *vals;
    size_t n, cap; /* cap: 0 or a power of two */
} adx__strmap_t;
/* 1 and *val (may be NULL) = the value when key is in m, else 0. */
int adx__strmap_get(const adx__strmap_t *m, const char *key, size_t *val);
/* Adds key -> val: 0 when added, 1 when key was there already (its value is kept),
 * -1 when out of memory. */
int adx__strmap_put(adx__strmap_t *m, const char *key, size_t val);
void adx__strmap_free(adx__strmap_t *m);

/* ---- datetime.c ---------------------------------------------------------------- */
/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS[.fff]]" (or 'T'), optional "Z" / "+HH:MM" (then
 * turned into UTC): 1 and *out = seconds since 1970-01-01 00:00:00; 0 when s is not
 * such a date-time (or not a valid calendar date). */
int adx__datetime_parse(const char *s, double *out);

#endif
