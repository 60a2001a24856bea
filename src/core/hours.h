/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Weekly opening hours with breaks, and closures: validation with messages
 * that name the problem, and conversion of one weekday into a slot set.
 * Pure logic, no I/O, no allocation. */
#ifndef ONESTOP_CORE_HOURS_H
#define ONESTOP_CORE_HOURS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dayset.h"
#include "util/status.h"

/* At most this many opening intervals and this many breaks per week. */
#define HOURS_MAX_INTERVALS 256
/* Size of hours_error.message, including the NUL. */
#define HOURS_MESSAGE_SIZE 160

/* One interval of a weekly schedule: [start, end) in minutes of the day on
 * ISO weekday 1 (Monday) .. 7 (Sunday). */
struct hours_interval {
    int weekday;
    int start;
    int end;
};

/* Values of hours_error.kind: which list the offending element is in. */
enum hours_error_kind {
    HOURS_ERROR_OPEN = 0,  /* an element of the opening intervals */
    HOURS_ERROR_BREAK = 1, /* an element of the breaks */
    HOURS_ERROR_SLOT = 2,  /* slot_minutes itself is not a valid grid */
};

/* What hours_validate() found wrong. */
struct hours_error {
    int kind;     /* enum hours_error_kind */
    size_t index; /* offending element in its list (0 for HOURS_ERROR_SLOT) */
    /* An English phrase about that element, without the element's name,
     * e.g. "closes at 09:00, not after it opens at 12:00". NUL-terminated. */
    char message[HOURS_MESSAGE_SIZE];
};

/* Checks a weekly schedule against the slot grid: every weekday is 1..7;
 * every start and end is in 0..1440 and on the grid; every end is after
 * its start; opening intervals of one weekday do not overlap (touching is
 * fine); every break lies wholly inside one opening interval of its
 * weekday; breaks do not overlap. Lists are limited to HOURS_MAX_INTERVALS
 * elements. open (breaks) may be NULL only when n_open (n_breaks) is 0.
 * Returns STATUS_OK, or STATUS_INPUT and, when err is not NULL, fills *err
 * about the first problem found (opening intervals are checked before
 * breaks). */
enum status hours_validate(const struct hours_interval *open, size_t n_open,
                           const struct hours_interval *breaks, size_t n_breaks,
                           int slot_minutes, struct hours_error *err);

/* Sets *out to the slots of weekday that are open: the union of that
 * weekday's opening intervals minus its breaks. Meant for validated input;
 * anything else still gives a safe answer: opening intervals are rounded
 * inward to the grid and breaks outward, minutes are clamped to the day,
 * and empty or reversed intervals count for nothing. An invalid weekday or
 * grid gives an empty set. */
void hours_day_set(const struct hours_interval *open, size_t n_open,
                   const struct hours_interval *breaks, size_t n_breaks,
                   int weekday, int slot_minutes, struct dayset *out);

/* Removes the minutes [start, end) of a closure from day, rounding outward
 * to the grid so that no slot touched by the closure stays open; 0 and 1440
 * close the whole day. Minutes are clamped to the day; end <= start or an
 * invalid grid changes nothing. */
void hours_apply_closure(struct dayset *day, int start, int end,
                         int slot_minutes);

#endif
