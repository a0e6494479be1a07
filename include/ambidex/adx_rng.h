/* Reproducible random numbers: one independent stream per replicate.
 *
 * A stream is seeded from (seed, stream index) through SplitMix64, then draws
 * with xoshiro256**. Replicate r of a bootstrap or simulation always uses stream
 * r, so results are identical whatever the number of threads or the order in
 * which replicates run.
 */
#ifndef ADX_RNG_H
#define ADX_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint64_t s[4];
} adx_rng_t;

/* Initializes the stream `stream` of the generator seeded by `seed`. */
void adx_rng_init(adx_rng_t *r, uint64_t seed, uint64_t stream);
/* Next 64 random bits. */
uint64_t adx_rng_next(adx_rng_t *r);
/* Uniform on [0, 1) with 53 random bits. */
double adx_rng_uniform(adx_rng_t *r);
/* Uniform integer in [0, n), unbiased (Lemire's method); n > 0. */
uint64_t adx_rng_below(adx_rng_t *r, uint64_t n);
/* Standard normal (Marsaglia polar method; no cached spare, so each call is
 * a pure function of the stream state). */
double adx_rng_normal(adx_rng_t *r);

#ifdef __cplusplus
}
#endif
#endif
