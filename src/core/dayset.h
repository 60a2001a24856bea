/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A desk's day as a bitset of slots on the slot grid: bit i is slot i, which
 * covers minutes [i * slot_minutes, (i + 1) * slot_minutes). Opening hours,
 * breaks, closures and bookings are all set operations on it. The set itself
 * does not know the slot length; callers bound searches with slot_count().
 * Pure logic, no I/O, no allocation. */
#ifndef ONESTOP_CORE_DAYSET_H
#define ONESTOP_CORE_DAYSET_H

#include <stdbool.h>
#include <stdint.h>

/* One slot per minute is the finest grid. */
#define DAYSET_MAX_SLOTS 1440
#define DAYSET_WORDS 23

/* Bits at DAYSET_MAX_SLOTS and above are always zero when the set is only
 * changed through these functions. Zero-initialising gives an empty set. */
struct dayset {
    uint64_t w[DAYSET_WORDS];
};

/* Empties s. */
void dayset_clear(struct dayset *s);

/* Sets slots first .. first + count - 1. The range is clamped to
 * 0..DAYSET_MAX_SLOTS - 1; count <= 0 does nothing. */
void dayset_fill(struct dayset *s, int first, int count);

/* Clears slots first .. first + count - 1, clamped like dayset_fill(). */
void dayset_erase(struct dayset *s, int first, int count);

/* True when slot is set; false for any slot outside the range. */
bool dayset_test(const struct dayset *s, int slot);

/* dst = dst AND a. */
void dayset_and(struct dayset *dst, const struct dayset *a);

/* dst = dst OR a. */
void dayset_or(struct dayset *dst, const struct dayset *a);

/* dst = dst AND NOT a: removes a's slots from dst. */
void dayset_andnot(struct dayset *dst, const struct dayset *a);

/* Number of slots set. */
int dayset_count(const struct dayset *s);

/* True when all count slots first .. first + count - 1 are set. False when
 * count <= 0 or the range leaves 0..DAYSET_MAX_SLOTS - 1 (slots outside the
 * day are never free), so a true answer always means at least one slot. */
bool dayset_all(const struct dayset *s, int first, int count);

/* True when at least one of the slots first .. first + count - 1 is set
 * (the range clamped like dayset_fill()); false when count <= 0. */
bool dayset_any(const struct dayset *s, int first, int count);

/* The first set slot at or after from, or -1 when there is none. */
int dayset_next_set(const struct dayset *s, int from);

/* The first slot index i >= from such that slots i .. i + count - 1 are all
 * set and i + count <= limit, or -1 when there is none (also when
 * count <= 0). from below 0 counts as 0, limit above DAYSET_MAX_SLOTS as
 * DAYSET_MAX_SLOTS. Works a word at a time: the cost grows with the number
 * of runs of set slots scanned, not with the number of slots. */
int dayset_find_run(const struct dayset *s, int from, int count, int limit);

#endif
