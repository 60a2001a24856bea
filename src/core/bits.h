/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Bit counting on 64-bit words, for the day sets and the planner: the
 * compiler's single instructions where there are some, plain loops
 * elsewhere. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_BITS_H
#define ONESTOP_CORE_BITS_H

#include <stdint.h>

/* Index of the lowest set bit; x must not be 0. */
static inline int
bits_lowest(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while ((x & 1) == 0) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Index of the highest set bit; x must not be 0. */
static inline int
bits_highest(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return 63 - __builtin_clzll(x);
#else
    int n = 63;
    while ((x & ((uint64_t)1 << 63)) == 0) {
        x <<= 1;
        n--;
    }
    return n;
#endif
}

/* Number of set bits. */
static inline int
bits_count(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_popcountll(x);
#else
    int n = 0;
    while (x != 0) {
        x &= x - 1;
        n++;
    }
    return n;
#endif
}

#endif
