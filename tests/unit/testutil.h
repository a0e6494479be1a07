/* Minimal test harness: CHECK macros count failures; main returns non-zero on any. */
#ifndef ADX_TESTUTIL_H
#define ADX_TESTUTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_fail = 0, t_count = 0;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        t_count++;                                                                           \
        if (!(cond)) {                                                                       \
            t_fail++;                                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                                    \
    } while (0)

/* |a - b| <= tol * max(1, |b|) (relative for large values, absolute near 0);
 * both NaN counts as equal. */
#define CHECK_CLOSE(a, b, tol)                                                               \
    do {                                                                                     \
        double a_ = (a), b_ = (b);                                                           \
        t_count++;                                                                           \
        int ok_ = (isnan(a_) && isnan(b_)) ||                                                \
                  fabs(a_ - b_) <= (tol) * (fabs(b_) > 1 ? fabs(b_) : 1.0);                  \
        if (!ok_) {                                                                          \
            t_fail++;                                                                        \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (tol %g)\n", __FILE__,        \
                    __LINE__, #a, a_, b_, (double)(tol));                                    \
        }                                                                                    \
    } while (0)

#define CHECK_OK(rc, ctx)                                                                    \
    do {                                                                                     \
        int rc_ = (rc);                                                                      \
        t_count++;                                                                           \
        if (rc_ != 0) {                                                                      \
            t_fail++;                                                                        \
            fprintf(stderr, "%s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #rc, rc_,     \
                    (ctx).msg);                                                              \
        }                                                                                    \
    } while (0)

#define TEST_DONE()                                                                          \
    do {                                                                                     \
        printf("%d checks, %d failed\n", t_count, t_fail);                                   \
        return t_fail ? 1 : 0;                                                               \
    } while (0)

#endif
