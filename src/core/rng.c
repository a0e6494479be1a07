/* SplitMix64-seeded xoshiro256** streams (Blackman & Vigna 2018). */
#include <math.h>

#include "ambidex/adx_rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void adx_rng_init(adx_rng_t *r, uint64_t seed, uint64_t stream)
{
    /* Mix seed and stream so that nearby pairs give unrelated states. */
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    x = a ^ (stream * UINT64_C(0xD1B54A32D192ED03) + UINT64_C(0x8CB92BA72F3D8DD7));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t adx_rng_next(adx_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double adx_rng_uniform(adx_rng_t *r) { return (double)(adx_rng_next(r) >> 11) * 0x1.0p-53; }

uint64_t adx_rng_below(adx_rng_t *r, uint64_t n)
{
    unsigned __int128 m = (unsigned __int128)adx_rng_next(r) * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t thresh = -n % n;
        while (low < thresh) {
            m = (unsigned __int128)adx_rng_next(r) * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double adx_rng_normal(adx_rng_t *r)
{
    double u, v, s;
    do {
        u = 2 * adx_rng_uniform(r) - 1;
        v = 2 * adx_rng_uniform(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * sqrt(-2 * log(s) / s);
}
