/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The live event streams of a location (http/sse.h): the waiting-room
 * display, public and without personal data, and the front desk's floor
 * overview. Each stream starts with a snapshot read here; the floor's
 * handlers publish the changes after they commit (api_events_*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bilingual.h"
#include "api/events.h"
#include "http/params.h"
#include "http/reply.h"
#include "http/sse.h"
#include "store/catalogue.h"
#include "store/display.h"
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

/* How many of the latest calls the display gets. */
#define EVENTS_RECENT 10

static enum status
events_call_append(void *ctx, const struct store_display_call *row)
{
    json_t *item = json_pack(
        "{s:s, s:I, s:s, s:o, s:s}", "ticket", row->ticket, "deskId",
        (json_int_t)row->desk_id, "deskCode", row->desk_code, "desk",
        bilingual_json(row->desk_en, row->desk_nl), "calledAt", row->called_at);

    if (item != NULL && row->state[0] != '\0') {
        json_object_set_new(item, "state", json_string(row->state));
    }
    return json_array_append_new(ctx, item) == 0 ? STATUS_OK : STATUS_NOMEM;
}

/* The display's state (*out, new reference): the ticket called to each
 * desk and the latest calls. Ticket numbers and desk names only. */
static enum status
events_display_state(struct http_request *req, int64_t location_id,
                     json_t **out)
{
    json_t *desks = json_array();
    json_t *recent = json_array();
    char today[11];
    int minute;
    enum status st = STATUS_NOMEM;

    clock_local(clock_now(), today, &minute);
    if (desks == NULL || recent == NULL) {
        goto out;
    }
    st = store_display_desks(request_db(req), location_id, today,
                             events_call_append, desks);
    if (st == STATUS_OK) {
        st = store_display_recent(request_db(req), location_id, today,
                                  EVENTS_RECENT, events_call_append, recent);
    }
    if (st != STATUS_OK) {
        goto out;
    }
    *out =
        json_pack("{s:I, s:s, s:O, s:O}", "locationId", (json_int_t)location_id,
                  "date", today, "desks", desks, "recent", recent);
    st = *out != NULL ? STATUS_OK : STATUS_NOMEM;
out:
    json_decref(desks);
    json_decref(recent);
    return st;
}

/* The front desk's stream starts from the day and location; its events
 * name what changed (ids only) for the page to read again. */
static enum status
events_floor_state(struct http_request *req, int64_t location_id, json_t **out)
{
    char today[11];
    int minute;

    (void)req;
    clock_local(clock_now(), today, &minute);
    *out = json_pack("{s:I, s:s}", "locationId", (json_int_t)location_id,
                     "date", today);
    return *out != NULL ? STATUS_OK : STATUS_NOMEM;
}

static void
events_stream(struct http_request *req, const char *kind,
              enum status (*state)(struct http_request *, int64_t, json_t **))
{
    char channel[EVENTS_CHANNEL_TEXT];
    int64_t location_id;
    uint64_t position;
    json_t *snapshot = NULL;
    char *text;
    enum status st;

    if (!events_location(req, &location_id)) {
        return;
    }
    api_events_channel(kind, location_id, channel);
    /* Before the snapshot is read: the stream sends whatever is published
     * from here on, so nothing falls between the two. */
    position = sse_position(req->app->events, channel);
    st = state(req, location_id, &snapshot);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    text = json_dumps(snapshot, JSON_COMPACT);
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

void
api_events_get_floor(struct http_request *req)
{
    events_stream(req, "floor", events_floor_state);
}

struct events_display_build {
    struct http_request *req;
    int64_t location_id;
};

/* The display's state as text, read now (sse_publish_built orders it). */
static char *
events_display_text(void *ctx)
{
    struct events_display_build *b = ctx;
    json_t *state = NULL;
    char *text;

    if (events_display_state(b->req, b->location_id, &state) != STATUS_OK) {
        LOG_ERROR("display of location %lld not read: not published",
                  (long long)b->location_id);
        return NULL;
    }
    text = json_dumps(state, JSON_COMPACT);
    json_decref(state);
    return text;
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
        struct events_display_build b = {req, location_id};
        char channel[EVENTS_CHANNEL_TEXT];
        api_events_channel("display", location_id, channel);
        sse_publish_built(req->app->events, channel, "display",
                          events_display_text, &b);
    }
}
