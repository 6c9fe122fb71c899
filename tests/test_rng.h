/* test_rng.h — the tests' fixed-seed random numbers (splitmix64), so every
 * run sees the same cases.  Each test file that includes it has its own
 * state (SP_TEST_RNG_SEED before the include, else 0): set rng_state to a
 * seed before a case. */
#ifndef SP_TEST_RNG_H
#define SP_TEST_RNG_H

#include <stdint.h>

#ifndef SP_TEST_RNG_SEED
#define SP_TEST_RNG_SEED 0
#endif
static uint64_t rng_state = SP_TEST_RNG_SEED;

static inline uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (n >= 1) */
static inline int32_t rng_int(int32_t n) { return (int32_t)(rng_next() % (uint64_t)n); }
/* lo .. hi, inclusive */
static inline int rng_range(int lo, int hi)
{
    return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}
/* [0, 1) */
static inline double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

#endif
