/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Rules shared by availability and booking: who may book what (by role),
 * and which dates and times can still be booked. */
#ifndef ONESTOP_API_VISIT_H
#define ONESTOP_API_VISIT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/date.h"
#include "http/request.h"

/* Options an availability answer offers per date. */
#define VISIT_OPTIONS 8
/* Options are at least this far apart, so that they spread over the day. */
#define VISIT_SPREAD_MINUTES 30
/* Days a date-range query may cover. */
#define VISIT_RANGE_DAYS 31
/* Days before and after a full date searched for the nearest free ones. */
#define VISIT_NEAREST_DAYS 30
/* Nearest free dates given when a date has no options. */
#define VISIT_NEAREST_COUNT 3

/* The bookable_by bits (enum bookable) of the services the caller may
 * book: the public's for anyone, the sponsors' too for employers, all for
 * staff. */
unsigned int visit_bookable_mask(const struct auth *auth);
/* The channel a booking by the caller is recorded with. */
const char *visit_channel(const struct auth *auth);

/* Checks that date can be booked now: not in the past, not beyond the
 * booking horizon. On success sets *earliest_minute to the first minute
 * of that date a visit may start (now plus the lead time for today, 0
 * otherwise; 1440 when today is over). Appends to invalid (naming field)
 * and returns false otherwise. */
bool visit_date_ok(struct http_request *req, struct date date,
                   const char *field, int *earliest_minute, json_t *invalid);
/* Today's local date. */
struct date visit_today(void);

#endif
