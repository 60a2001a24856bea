/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Between a request and the planner: which services a visitor asked for,
 * planning them on a loaded day, checking an itinerary a client gives, and
 * the JSON and token forms of an option. */
#ifndef ONESTOP_API_ITINERARY_H
#define ONESTOP_API_ITINERARY_H

#include <jansson.h>
#include <stdbool.h>

#include "api/day.h"
#include "core/option_token.h"
#include "core/planner.h"
#include "util/buf.h"
#include "util/status.h"

/* Persons one booking (a family served together) may hold. */
#define ITINERARY_MAX_PERSONS 10
/* Longest reason itinerary_check() gives. */
#define ITINERARY_WHY_MAX 200

/* What one visitor asks for on one day. */
struct itinerary_ask {
    int services[PLANNER_MAX_SERVICES]; /* day service indices */
    int n_services;
    int persons;
};

/* Reads a comma-separated list of service codes ("intake,brp-registration")
 * into ask->services. Every service must exist, be active, be bookable by
 * one of the channels in bookable_mask (enum bookable bits), appear once,
 * and come with the services it requires. False with a reason (naming the
 * service) in why otherwise. */
bool itinerary_read_services(const struct day *day, const char *list,
                             unsigned int bookable_mask,
                             struct itinerary_ask *ask,
                             char why[ITINERARY_WHY_MAX]);

/* Plans ask on day: up to want options starting at or after
 * earliest_minute, spread_minutes apart (see planner_search()). */
enum status itinerary_search(const struct day *day,
                             const struct itinerary_ask *ask,
                             int earliest_minute, int want, int spread_minutes,
                             struct planner_option *out, int *n_out);

/* Checks that opt (legs with service = index into ask->services, desk =
 * day desk index, start slot; lengths are recomputed) is a valid itinerary
 * for ask on day: each leg at a desk that performs it, on free slots of
 * that desk, starting no earlier than earliest_minute, legs not
 * overlapping, prerequisites in order, every requested service once.
 * STATUS_OK, STATUS_CONFLICT when only the slots are no longer free, or
 * STATUS_INPUT with the reason in why. Fixes opt's lengths and times. */
enum status itinerary_check(const struct day *day,
                            const struct itinerary_ask *ask,
                            int earliest_minute, struct planner_option *opt,
                            char why[ITINERARY_WHY_MAX]);

/* The token of an option (see core/option_token.h). */
bool itinerary_token(const struct day *day, const struct itinerary_ask *ask,
                     const struct planner_option *opt,
                     char out[OPTION_TOKEN_MAX]);
/* Turns a parsed token into ask and opt on day (the day of the token's
 * location and date). False with a reason when it names services or desks
 * this day does not have. Further checks are itinerary_check's. */
bool itinerary_from_token(const struct day *day, const struct option_token *t,
                          struct itinerary_ask *ask, struct planner_option *opt,
                          char why[ITINERARY_WHY_MAX]);

/* Writes an option as JSON text: {token, arrival, departure, totalMinutes,
 * waitingMinutes, legs: [{service: {code, name}, desk: {id, code, name},
 * startsAt, endsAt, minutes}]}. Written as text, not built with jansson:
 * availability answers many of them and this is its hot path. */
enum status itinerary_option_write(struct buf *out, const struct day *day,
                                   const struct itinerary_ask *ask,
                                   const struct planner_option *opt);
/* The same option as a jansson value; new reference, NULL when out of
 * memory. */
json_t *itinerary_option_json(const struct day *day,
                              const struct itinerary_ask *ask,
                              const struct planner_option *opt);

#endif
