/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The live event streams of a location, and what the floor's handlers call
 * after a committed change so that displays and front desks follow.
 *
 * display:<locationId> (public; ticket numbers and desk names only):
 *   snapshot, then display   {locationId, date, desks: [{deskId, desk
 *                            {en, nl}, ticket, calledAt}], recent:
 *                            [{ticket, deskId, desk {en, nl}, calledAt}]}
 *                            the whole state each time, latest call first
 * floor:<locationId> (front desk, officers, manager, admin; ids only):
 *   snapshot                 {locationId, date}
 *   change                   {kind, visitId, legId, deskId} (0: none);
 *                            the page reads what changed again */
#ifndef ONESTOP_API_EVENTS_H
#define ONESTOP_API_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "http/sse.h"

#define EVENTS_CHANNEL_TEXT SSE_CHANNEL_MAX

/* The channel of a location: kind "display" or "floor". */
void api_events_channel(const char *kind, int64_t location_id,
                        char out[EVENTS_CHANNEL_TEXT]);

/* After a committed change on the floor of location_id: publishes
 * {kind, visitId, legId, deskId} as a "change" on floor:<id> (kind is a
 * step such as "check-in" or "call", [a-z-]; ids 0 when not concerned)
 * and, when display is true (a call, recall or a leg that ends), the
 * display's new state on display:<id>, read with the request's database
 * connection. Never fails the request: an error is logged. */
void api_events_floor_changed(struct http_request *req, int64_t location_id,
                              const char *kind, int64_t visit_id,
                              int64_t leg_id, int64_t desk_id, bool display);

#endif
