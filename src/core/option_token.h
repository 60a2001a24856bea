/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The token of an itinerary option, as availability gives it and a booking
 * takes it back: location, date, persons and legs (service, desk, start) in
 * a compact URL-safe text, "1.2026-12-03.2.5-3-540_6-7-555" (location 1,
 * 2 persons, service 5 at desk 3 at 09:00, then service 6 at desk 7 at
 * 09:15). The token is only a proposal: the booking checks every leg again,
 * so it needs no signature. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_OPTION_TOKEN_H
#define ONESTOP_CORE_OPTION_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

/* Legs one token may hold (the planner's services per person). */
#define OPTION_TOKEN_MAX_LEGS 8
/* Longest token text, terminating NUL included. */
#define OPTION_TOKEN_MAX 256
/* Largest id and person count a token may carry. */
#define OPTION_TOKEN_MAX_ID 2147483647
#define OPTION_TOKEN_MAX_PERSONS 99

struct option_token_leg {
    int64_t service_id;
    int64_t desk_id;
    int start_minute; /* 0..1439 */
};

struct option_token {
    int64_t location_id;
    struct date date;
    int persons;
    int n_legs; /* 1..OPTION_TOKEN_MAX_LEGS */
    struct option_token_leg legs[OPTION_TOKEN_MAX_LEGS];
};

/* Parses exactly len bytes of s (need not be NUL-terminated). Accepts only
 * the canonical form option_token_format writes: ids 1..OPTION_TOKEN_MAX_ID
 * and persons 1..OPTION_TOKEN_MAX_PERSONS without leading zeros, a valid
 * date, minutes 0..1439. *out is set only when it returns true. */
bool option_token_parse(const char *s, size_t len, struct option_token *out);

/* Writes t into out (OPTION_TOKEN_MAX bytes). False, with out empty, when t
 * holds values option_token_parse would refuse. */
bool option_token_format(const struct option_token *t,
                         char out[OPTION_TOKEN_MAX]);

#endif
