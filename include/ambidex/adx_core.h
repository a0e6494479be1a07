/* ambidex core: error codes, error context, the matrix type.
 *
 * Every fallible library function returns adx_error_t and, when given a non-NULL
 * adx_errctx_t, fills it with a one-line human-readable detail (file, line,
 * column, variable and what to do). The library never prints or exits.
 */
#ifndef ADX_CORE_H
#define ADX_CORE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ADX_OK = 0,
    ADX_ENOMEM,      /* out of memory */
    ADX_EIO,         /* file cannot be opened, read or written */
    ADX_EPARSE,      /* malformed input file (ragged row, bad quote, bad number) */
    ADX_EUSAGE,      /* bad argument: unknown option, bad value */
    ADX_ENOVAR,      /* unknown variable name */
    ADX_ETYPE,       /* string data where numbers are needed */
    ADX_EEMPTY,      /* no data, or too few complete cases */
    ADX_EDOMAIN,     /* value outside the domain (log of a non-positive number...) */
    ADX_ESINGULAR,   /* singular or non-positive-definite matrix */
    ADX_ECONST,      /* variable with zero variance where variation is required */
    ADX_ECONVERGE,   /* iterative procedure did not converge */
    ADX_EUNSUPPORTED /* format or feature not supported */
} adx_error_t;

/* Returns a static, constant description of an error code. */
const char *adx_strerror(adx_error_t code);

/* True for errors caused by the input or the request (CLI exit code 2), false
 * for failures of the analysis itself (exit code 1). */
int adx_error_is_input(adx_error_t code);

#define ADX_ERRMSG_MAX 1024

/* Error context: filled by the function that detected the error. */
typedef struct {
    adx_error_t code;
    char msg[ADX_ERRMSG_MAX];
} adx_errctx_t;

/* Sets ctx (if not NULL) to code and a printf-style message; returns code so that
 * callers can write `return adx_err(ctx, ADX_EIO, "...")`. */
adx_error_t adx_err(adx_errctx_t *ctx, adx_error_t code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Sets ctx to ADX_ENOMEM with the message "out of memory"; returns ADX_ENOMEM. */
adx_error_t adx_oom(adx_errctx_t *ctx);

/* Library start-up: turns GSL's abort-on-error handler off (every GSL status is
 * translated into adx_error_t) and runs OpenBLAS on one thread (parallel work is
 * per bootstrap replicate, with OpenMP). Call once before any other function;
 * calling it again is harmless. The CLI and the tests call it. */
void adx_init(void);

/* Dense matrix, column-major: element (i, j) is data[i + j * ld]. */
typedef struct {
    double *data;
    size_t rows, cols, ld;
} adx_matrix_t;

/* Allocates a zero-filled rows x cols matrix; returns NULL on failure.
 * The caller owns the result and frees it with adx_matrix_free(). */
adx_matrix_t *adx_matrix_alloc(size_t rows, size_t cols);
void adx_matrix_free(adx_matrix_t *m);

#define ADX_M(m, i, j) ((m)->data[(i) + (j) * (m)->ld])

/* Inverts a symmetric positive-definite matrix in place (Cholesky, LAPACK).
 * Returns ADX_ESINGULAR when it is not positive definite. */
adx_error_t adx_matrix_spd_inverse(adx_matrix_t *m);

/* Levenshtein edit distance, used to suggest a close variable or option name. */
size_t adx_edit_distance(const char *a, const char *b);

/* "Did you mean": the one nearest-name search of the library and the CLI.
 * adx_near_init, then adx_near_add for every candidate (the strings must outlive
 * the search), then adx_near_best: the closest candidate at most max_dist edits
 * away (ties: the first added), or NULL. */
typedef struct {
    const char *word, *best;
    size_t dist;
} adx_near_t;
void adx_near_init(adx_near_t *n, const char *word);
void adx_near_add(adx_near_t *n, const char *candidate);
const char *adx_near_best(const adx_near_t *n, size_t max_dist);

#ifdef __cplusplus
}
#endif
#endif
