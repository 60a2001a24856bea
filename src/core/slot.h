/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Minutes of the day ("HH:MM") and the slot grid that divides a day into
 * equal slots. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_SLOT_H
#define ONESTOP_CORE_SLOT_H

#include <stdbool.h>
#include <stddef.h>

#define SLOT_MINUTES_PER_DAY 1440
/* Longest slot the grid allows. */
#define SLOT_MINUTES_MAX 60
/* Length of "HH:MM", without the terminating NUL. */
#define SLOT_HHMM_LEN 5

/* Parses exactly len bytes of s as "HH:MM" with two ASCII digits each,
 * 00:00..23:59, or exactly "24:00" for the end of the day (1440). s need not
 * be NUL-terminated. minute_out: set only when the function returns true. */
bool slot_parse_hhmm(const char *s, size_t len, int *minute_out);

/* Writes minute as "HH:MM" plus a NUL into out; 1440 is "24:00". A minute
 * outside 0..1440 is clamped to that range first. */
void slot_format_hhmm(int minute, char out[SLOT_HHMM_LEN + 1]);

/* True when slot_minutes is 1..SLOT_MINUTES_MAX and divides the day. */
bool slot_grid_valid(int slot_minutes);

/* True when slot_minutes is a valid grid and minute is in 0..1440 and a
 * multiple of slot_minutes. */
bool slot_on_grid(int minute, int slot_minutes);

/* Number of slots in a day for a valid grid, or 0 for an invalid one. */
int slot_count(int slot_minutes);

/* Index of the slot that contains minute (minute rounded down to the grid),
 * for a valid grid; minute is clamped to 0..1440 first, so the result is
 * 0..slot_count(). Returns 0 for an invalid grid. */
int slot_index_floor(int minute, int slot_minutes);

/* Like slot_index_floor() but rounds up: the first slot that starts at or
 * after minute. */
int slot_index_ceil(int minute, int slot_minutes);

#endif
