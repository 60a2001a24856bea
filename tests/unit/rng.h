/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Deterministic pseudo-random numbers (SplitMix64) for the unit tests and
 * the benchmarks: every run draws the same cases, so a failure can be
 * replayed. Define RNG_SEED before including to pick a file's sequence. */
#ifndef ONESTOP_TESTS_RNG_H
#define ONESTOP_TESTS_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifndef RNG_SEED
#define RNG_SEED 0x243F6A8885A308D3u
#endif

static uint64_t rng_state = RNG_SEED;

static inline uint64_t
rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* An integer in [lo, hi], uniform enough for tests. */
static inline int
rng_range(int lo, int hi)
{
    return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* An index below n (n > 0). */
static inline size_t
rng_below(size_t n)
{
    return (size_t)(rng_next() % n);
}

#endif
