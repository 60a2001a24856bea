/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the floor's handlers share (check-in and walk-ins, the desk
 * console, the visit-leg steps, the overview): the rules from the
 * configuration, the day's date and instants, one step of a visit applied
 * with core/floor and written back with its event, the JSON of visits and
 * legs, and the one place where committed changes are announced. */
#ifndef ONESTOP_API_FLOOR_COMMON_H
#define ONESTOP_API_FLOOR_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/day.h"
#include "core/floor.h"
#include "http/request.h"
#include "store/floor.h"
#include "util/config.h"

/* The late and no-show rules of the [floor] section. */
struct floor_rules floor_rules_of(const struct config *cfg);
/* Checks the [floor] section at start-up: STATUS_OK, or STATUS_INPUT with
 * *reason naming the option. */
enum status floor_config_check(const struct config *cfg, const char **reason);

/* Today's local date, "YYYY-MM-DD" (out). */
void floor_today(char date[11]);
/* Now, raised to the visit's last stamp: a step of a visit never goes
 * back in time, even when two requests commit out of order. */
int64_t floor_now(const struct floor_visit *visit);

/* Sets each leg's service kind (the day's service index) from its
 * service id. False when a service is not in the day's catalogue. */
bool floor_set_kinds(const struct day *day, struct store_floor_visit *visit);

/* Applies action to leg i of visit (kinds set) with args and writes back
 * every leg that changed and the visit's departure, with one floor event
 * for the step (at args->now, desk event_desk, by user_id), one "queue"
 * event when the next leg joined its queue and one "departure" event when
 * the visit ended. A CALL records args->desk as the leg's calling desk.
 * Returns STATUS_OK; STATUS_CONFLICT with *reason (core's sentence) when
 * core refuses; STATUS_CONFLICT with *reason NULL when a leg changed
 * meanwhile (the caller may try another); store failures. On refusal the
 * visit in memory is unchanged. */
enum status floor_visit_step(struct db *db, struct store_floor_visit *visit,
                             int i, enum floor_action action,
                             const struct floor_args *args, int64_t event_desk,
                             int64_t user_id, const char **reason);

/* The JSON of a visit for staff (new reference): ticket, names, state,
 * legs with stamps and figures at now. day names services and desks. */
json_t *floor_visit_json(const struct day *day,
                         const struct store_floor_visit *visit, int64_t now);
/* An instant as ISO text, or JSON null for FLOOR_TIME_NONE (new). */
json_t *floor_time_json(int64_t t);
/* A desk of the day as {id, code, name} (new), or null. */
json_t *floor_desk_json(const struct day *day, int64_t desk_id);

/* Whether the caller may act for desks and legs of agency_id: officers
 * only for their own agency; the other roles the route lets in. Replies
 * 403 and returns false otherwise. */
bool floor_may_act_for(struct http_request *req, int64_t agency_id);

/* Adds to a booking's answer (booking, borrowed; booking_json_load says
 * bsnIssued already) the BSN issued at its registration, for the newcomer
 * holding its token (token_holder) or a municipal desk officer who gives
 * ?reason= (audited).
 * Replies (400 for a bad reason, 403 for staff who may not read it, 500)
 * and returns false when the answer must not be sent. floor_bsn.c. */
bool floor_booking_bsn(struct http_request *req, int64_t booking_id,
                       bool token_holder, json_t *booking);

/* Announces a committed change of the floor of location_id (kind, a step
 * such as "call" or "check-in"; ids 0 when not concerned): the staff
 * pages follow it on the floor channel, and when display is true (a call,
 * a recall, a called ticket started or ended) the live display gets its
 * new state. See api/events.h. */
void floor_announce(struct http_request *req, int64_t location_id,
                    const char *kind, int64_t visit_id, int64_t leg_id,
                    int64_t desk_id, bool display);

#endif
