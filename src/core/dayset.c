/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Slot bitsets, worked on 64 slots at a time. */
#include "core/dayset.h"

#include "core/bits.h"

#include <string.h>

#define WORD_BITS 64

_Static_assert((DAYSET_WORDS * WORD_BITS) >= DAYSET_MAX_SLOTS,
               "DAYSET_WORDS too small for DAYSET_MAX_SLOTS");
_Static_assert((DAYSET_WORDS - 1) * WORD_BITS < DAYSET_MAX_SLOTS,
               "DAYSET_WORDS larger than needed");

/* The valid bits of the last word. */
#define LAST_WORD_MASK                                                         \
    ((DAYSET_MAX_SLOTS % WORD_BITS) == 0                                       \
         ? ~(uint64_t)0                                                        \
         : (((uint64_t)1 << (DAYSET_MAX_SLOTS % WORD_BITS)) - 1))

/* Clamps first .. first + count - 1 to the set's range as the half-open
 * [*lo, *hi). Returns false when nothing remains. Computed in long long so
 * that first + count cannot overflow. */
static bool
clamp_range(int first, int count, int *lo, int *hi)
{
    long long a = first;
    long long b = (long long)first + count;

    if (count <= 0) {
        return false;
    }
    if (a < 0) {
        a = 0;
    }
    if (b > DAYSET_MAX_SLOTS) {
        b = DAYSET_MAX_SLOTS;
    }
    if (a >= b) {
        return false;
    }
    *lo = (int)a;
    *hi = (int)b;
    return true;
}

/* The bits of word that lie in [lo, hi); the two must overlap. */
static uint64_t
word_mask(int word, int lo, int hi)
{
    int base = word * WORD_BITS;
    int a = lo > base ? lo - base : 0;
    int b = hi < base + WORD_BITS ? hi - base : WORD_BITS;
    uint64_t mask = b == WORD_BITS ? ~(uint64_t)0 : ((uint64_t)1 << b) - 1;

    return mask & ~(((uint64_t)1 << a) - 1);
}

void
dayset_clear(struct dayset *s)
{
    memset(s, 0, sizeof(*s));
}

void
dayset_fill(struct dayset *s, int first, int count)
{
    int lo;
    int hi;

    if (!clamp_range(first, count, &lo, &hi)) {
        return;
    }
    for (int i = lo / WORD_BITS; i <= (hi - 1) / WORD_BITS; i++) {
        s->w[i] |= word_mask(i, lo, hi);
    }
}

void
dayset_erase(struct dayset *s, int first, int count)
{
    int lo;
    int hi;

    if (!clamp_range(first, count, &lo, &hi)) {
        return;
    }
    for (int i = lo / WORD_BITS; i <= (hi - 1) / WORD_BITS; i++) {
        s->w[i] &= ~word_mask(i, lo, hi);
    }
}

bool
dayset_test(const struct dayset *s, int slot)
{
    if (slot < 0 || slot >= DAYSET_MAX_SLOTS) {
        return false;
    }
    return (s->w[slot / WORD_BITS] >> (slot % WORD_BITS) & 1) != 0;
}

void
dayset_and(struct dayset *dst, const struct dayset *a)
{
    for (int i = 0; i < DAYSET_WORDS; i++) {
        dst->w[i] &= a->w[i];
    }
}

void
dayset_or(struct dayset *dst, const struct dayset *a)
{
    for (int i = 0; i < DAYSET_WORDS; i++) {
        dst->w[i] |= a->w[i];
    }
    /* Keep the invariant even if a was filled in by hand. */
    dst->w[DAYSET_WORDS - 1] &= LAST_WORD_MASK;
}

void
dayset_andnot(struct dayset *dst, const struct dayset *a)
{
    for (int i = 0; i < DAYSET_WORDS; i++) {
        dst->w[i] &= ~a->w[i];
    }
}

int
dayset_count(const struct dayset *s)
{
    int n = 0;

    for (int i = 0; i < DAYSET_WORDS - 1; i++) {
        n += bits_count(s->w[i]);
    }
    return n + bits_count(s->w[DAYSET_WORDS - 1] & LAST_WORD_MASK);
}

bool
dayset_all(const struct dayset *s, int first, int count)
{
    int lo;
    int hi;

    if (count <= 0 || first < 0 ||
        (long long)first + count > DAYSET_MAX_SLOTS) {
        return false;
    }
    lo = first;
    hi = first + count;
    for (int i = lo / WORD_BITS; i <= (hi - 1) / WORD_BITS; i++) {
        uint64_t mask = word_mask(i, lo, hi);
        if ((s->w[i] & mask) != mask) {
            return false;
        }
    }
    return true;
}

bool
dayset_any(const struct dayset *s, int first, int count)
{
    int lo;
    int hi;

    if (!clamp_range(first, count, &lo, &hi)) {
        return false;
    }
    for (int i = lo / WORD_BITS; i <= (hi - 1) / WORD_BITS; i++) {
        if ((s->w[i] & word_mask(i, lo, hi)) != 0) {
            return true;
        }
    }
    return false;
}

/* The first slot in [pos, stop) whose bit equals want, or stop when there
 * is none. Needs 0 <= pos < stop <= DAYSET_MAX_SLOTS. */
static int
scan(const struct dayset *s, int pos, int stop, bool want)
{
    int i = pos / WORD_BITS;
    uint64_t flip = want ? 0 : ~(uint64_t)0;
    uint64_t bits = (s->w[i] ^ flip) & (~(uint64_t)0 << (pos % WORD_BITS));

    for (;;) {
        if (bits != 0) {
            int found = i * WORD_BITS + bits_lowest(bits);
            return found < stop ? found : stop;
        }
        i++;
        if (i * WORD_BITS >= stop) {
            return stop;
        }
        bits = s->w[i] ^ flip;
    }
}

int
dayset_next_set(const struct dayset *s, int from)
{
    int found;

    if (from < 0) {
        from = 0;
    }
    if (from >= DAYSET_MAX_SLOTS) {
        return -1;
    }
    found = scan(s, from, DAYSET_MAX_SLOTS, true);
    return found < DAYSET_MAX_SLOTS ? found : -1;
}

int
dayset_find_run(const struct dayset *s, int from, int count, int limit)
{
    long long last_start;
    int pos;
    int stop;

    if (count <= 0) {
        return -1;
    }
    if (from < 0) {
        from = 0;
    }
    if (limit > DAYSET_MAX_SLOTS) {
        limit = DAYSET_MAX_SLOTS;
    }
    last_start = (long long)limit - count;
    if (from > last_start) {
        return -1;
    }
    /* Every run start lies in [from, stop); from there on, jump from one
     * run of set slots to the next and measure it only up to count. */
    pos = from;
    stop = (int)last_start + 1;
    while (pos < stop) {
        int start = scan(s, pos, stop, true);
        int end;

        if (start == stop) {
            return -1;
        }
        end = scan(s, start, start + count, false);
        if (end == start + count) {
            return start;
        }
        pos = end + 1;
    }
    return -1;
}
