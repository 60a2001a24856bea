/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The live event streams of a location (http/sse.h): the waiting-room
 * display, public and without personal data, and the front desk's floor
 * overview. Each stream starts with a snapshot read here; the floor's
 * handlers publish the changes after they commit (api_events_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/events.h"
#include "http/params.h"
#include "http/reply.h"
#include "http/sse.h"
#include "store/catalogue.h"
#include "util/clock.h"
#include "util/log.h"

static enum status
events_location_found(void *ctx, const struct store_location *row)
{
    (void)ctx;
    (void)row;
    return STATUS_OK;
}

/* The location of the path, or false after replying 404: an unknown
 * location is refused before any stream starts. */
static bool
events_location(struct http_request *req, int64_t *id)
{
    enum status st;

    if (!params_path_id(req, 0, id)) {
        return false;
    }
    st = store_location_each(request_db(req), *id, events_location_found, NULL);
    if (st != STATUS_OK) {
        reply_status(req, st, "No such location.");
        return false;
    }
    return true;
}

void
api_events_channel(const char *kind, int64_t location_id,
                   char out[EVENTS_CHANNEL_TEXT])
{
    snprintf(out, EVENTS_CHANNEL_TEXT, "%s:%lld", kind, (long long)location_id);
}

/* The display's state: the ticket called to each desk and the latest
 * calls. Ticket numbers and desk names only. */
static json_t *
events_display_state(struct http_request *req, int64_t location_id)
{
    char today[11];
    int minute;

    (void)req;
    clock_local(clock_now(), today, &minute);
    return json_pack("{s:I, s:s, s:[], s:[]}", "locationId",
                     (json_int_t)location_id, "date", today, "desks", "recent");
}

static void
events_stream(struct http_request *req, const char *kind,
              json_t *(*state)(struct http_request *, int64_t))
{
    char channel[EVENTS_CHANNEL_TEXT];
    int64_t location_id;
    uint64_t position;
    json_t *snapshot;
    char *text;

    if (!events_location(req, &location_id)) {
        return;
    }
    api_events_channel(kind, location_id, channel);
    /* Before the snapshot is read: the stream sends whatever is published
     * from here on, so nothing falls between the two. */
    position = sse_position(req->app->events, channel);
    snapshot = state(req, location_id);
    text = snapshot ? json_dumps(snapshot, JSON_COMPACT) : NULL;
    json_decref(snapshot);
    if (text == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        return;
    }
    sse_stream_from(req, channel, position, "snapshot", text);
    free(text);
}

void
api_events_get_display(struct http_request *req)
{
    events_stream(req, "display", events_display_state);
}

/* The front desk's stream starts from the day and location; its events
 * name what changed (ids only) for the page to read again. */
static json_t *
events_floor_state(struct http_request *req, int64_t location_id)
{
    char today[11];
    int minute;

    (void)req;
    clock_local(clock_now(), today, &minute);
    return json_pack("{s:I, s:s}", "locationId", (json_int_t)location_id,
                     "date", today);
}

void
api_events_get_floor(struct http_request *req)
{
    events_stream(req, "floor", events_floor_state);
}

static void
events_publish_json(struct http_request *req, const char *kind,
                    int64_t location_id, const char *event, json_t *data)
{
    char channel[EVENTS_CHANNEL_TEXT];
    char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;

    json_decref(data);
    if (text == NULL) {
        LOG_ERROR("event %s of location %lld not published", event,
                  (long long)location_id);
        return;
    }
    api_events_channel(kind, location_id, channel);
    sse_publish(req->app->events, channel, event, text);
    free(text);
}

void
api_events_floor_changed(struct http_request *req, int64_t location_id,
                         const char *kind, int64_t visit_id, int64_t leg_id,
                         int64_t desk_id, bool display)
{
    events_publish_json(req, "floor", location_id, "change",
                        json_pack("{s:s, s:I, s:I, s:I}", "kind", kind,
                                  "visitId", (json_int_t)visit_id, "legId",
                                  (json_int_t)leg_id, "deskId",
                                  (json_int_t)desk_id));
    if (display) {
        events_publish_json(req, "display", location_id, "display",
                            events_display_state(req, location_id));
    }
}
