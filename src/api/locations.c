/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Locations (the centres) and their opening hours as the public sees
 * them. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "api/closure_json.h"
#include "api/desk_list.h"
#include "api/visit.h"
#include "core/date.h"
#include "core/slot.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/catalogue.h"

/* Longest location name, in characters per language. */
#define LOCATIONS_NAME_MAX 200
/* How far ahead the opening-hours page lists closures. */
#define LOCATIONS_CLOSURE_DAYS 366

static const char *
location_field_time_zone(const json_t *value)
{
    return validate_timezone_name(json_string_value(value))
               ? NULL
               : "must be an IANA time zone name such as Europe/Amsterdam";
}

static const char *
location_field_grid(const json_t *value)
{
    return slot_grid_valid((int)json_integer_value(value))
               ? NULL
               : "must divide a day into whole slots (1, 2, 3, 4, 5, 6, 10, "
                 "12, 15, 20, 30 or 60)";
}

static const struct body_field api_location_fields[] = {
    {"code", BODY_CODE, true, false, 0, 0, "short name used in links"},
    {"name", BODY_OBJECT, true, false, 0, 0, "name of the centre, {en, nl}"},
    {"address", BODY_TEXT, false, false, 0, 500, "postal address"},
    {"timeZone", BODY_STRING, true, false, 1, 64,
     "IANA time zone, such as Europe/Amsterdam", location_field_time_zone},
    {"slotMinutes", BODY_INTEGER, false, false, 1, 60,
     "the appointment grid in minutes (divides a day; default 5)",
     location_field_grid},
};
const struct body_spec api_location_body =
    BODY_SPEC("LocationInput", api_location_fields);

static json_t *
location_json(const struct store_location *row)
{
    return json_pack("{s:I, s:s, s:o, s:s, s:s, s:i}", "id",
                     (json_int_t)row->id, "code", row->code, "name",
                     bilingual_json(row->name_en, row->name_nl), "address",
                     row->address, "timeZone", row->time_zone, "slotMinutes",
                     row->slot_minutes);
}

static enum status
location_append(void *ctx, const struct store_location *row)
{
    return json_array_append_new(ctx, location_json(row)) == 0 ? STATUS_OK
                                                               : STATUS_NOMEM;
}

static enum status
location_keep(void *ctx, const struct store_location *row)
{
    json_t **out = ctx;
    *out = location_json(row);
    return *out ? STATUS_OK : STATUS_NOMEM;
}

void
api_locations_get_list(struct http_request *req)
{
    json_t *items = json_array();
    enum status st =
        store_location_each(request_db(req), 0, location_append, items);

    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void
api_locations_get_one(struct http_request *req)
{
    json_t *loc = NULL;
    int64_t id;
    enum status st;

    if (!params_path_id(req, 0, &id)) {
        return;
    }
    st = store_location_each(request_db(req), id, location_keep, &loc);
    if (st != STATUS_OK) {
        reply_status(req, st, "No such location.");
        return;
    }
    reply_json(req, 200, loc);
}

/* Reads and checks a location body beyond what the body spec checks. */
static bool
location_read(const json_t *body, struct store_location *out, json_t *invalid)
{
    const json_t *slot = json_object_get(body, "slotMinutes");

    out->code = json_string_value(json_object_get(body, "code"));
    bilingual_read(body, "name", LOCATIONS_NAME_MAX, false, &out->name_en,
                   &out->name_nl, invalid);
    out->address = json_string_value(json_object_get(body, "address"));
    out->time_zone = json_string_value(json_object_get(body, "timeZone"));
    out->slot_minutes = slot ? (int)json_integer_value(slot) : 5;
    if (out->address == NULL) {
        out->address = "";
    }
    return json_array_size(invalid) == 0;
}

struct location_change {
    struct store_location in;
    const char *off_grid; /* set when existing hours leave the new grid */
};

static enum status
location_check_grid(void *ctx, int64_t desk_id, bool is_break,
                    const struct hours_interval *iv)
{
    struct location_change *c = ctx;

    (void)desk_id;
    (void)is_break;
    if (!slot_on_grid(iv->start, c->in.slot_minutes) ||
        !slot_on_grid(iv->end, c->in.slot_minutes)) {
        c->off_grid = "existing opening hours are not on this grid";
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

/* Keeps the location's grid as it is now. */
static enum status
location_current_grid(void *ctx, const struct store_location *row)
{
    int *slot_minutes = ctx;
    *slot_minutes = row->slot_minutes;
    return STATUS_OK;
}

static enum status
location_update_tx(struct db *db, void *ctx)
{
    struct location_change *c = ctx;
    char today[DATE_ISO_LEN + 1];
    int64_t coming = 0;
    int grid = 0;
    enum status st =
        store_desk_hours_each(db, c->in.id, location_check_grid, c);

    if (st == STATUS_OK) {
        st = store_location_each(db, c->in.id, location_current_grid, &grid);
    }
    if (st == STATUS_OK && grid != c->in.slot_minutes) {
        /* Bookings hold one slot row per step of the grid they were made
         * on: on another grid, part of their time would look free. */
        date_format(visit_today(), today);
        st = store_location_future_bookings(db, c->in.id, today, &coming);
        if (st == STATUS_OK && coming > 0) {
            c->off_grid = "cannot change while bookings are still to come "
                          "on the present grid";
            return STATUS_INPUT;
        }
    }
    if (st != STATUS_OK) {
        return st;
    }
    return store_location_update(db, &c->in);
}

static void
location_reply_saved(struct http_request *req, enum status st, int64_t id,
                     const char *action, unsigned int status)
{
    json_t *loc = NULL;
    char object[40];

    if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "Another location already has this code.");
        return;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such location.");
        return;
    }
    snprintf(object, sizeof object, "location:%lld", (long long)id);
    audit_event(req, NULL, action, object, "ok", "");
    st = store_location_each(request_db(req), id, location_keep, &loc);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, status, loc);
}

void
api_locations_post(struct http_request *req)
{
    struct store_location in;
    json_t *invalid = json_array();
    int64_t id = 0;
    enum status st;

    if (!location_read(req->json, &in, invalid)) {
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    st = store_location_insert(request_db(req), &in, &id);
    location_reply_saved(req, st, id, "location.create", 201);
}

void
api_locations_put(struct http_request *req)
{
    struct location_change change = {0};
    json_t *invalid = json_array();
    enum status st;

    if (!params_path_id(req, 0, &change.in.id)) {
        json_decref(invalid);
        return;
    }
    if (!location_read(req->json, &change.in, invalid)) {
        reply_invalid(req, invalid, NULL);
        return;
    }
    st = db_transaction(request_db(req), location_update_tx, &change);
    if (st == STATUS_INPUT && change.off_grid != NULL) {
        invalid_add(invalid, "slotMinutes", change.off_grid);
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    location_reply_saved(req, st, change.in.id, "location.update", 200);
}

/* ---- GET /locations/{id}/opening-hours ---- */

struct hours_page {
    json_t *location;
    json_t *desks;    /* array, in store order */
    json_t *closures; /* array */
};

/* The public sees only the desks in use. */
static void
hours_drop_inactive(json_t *desks)
{
    size_t i = 0;

    while (i < json_array_size(desks)) {
        if (json_is_false(
                json_object_get(json_array_get(desks, i), "active"))) {
            json_array_remove(desks, i);
        } else {
            i++;
        }
    }
}

static enum status
hours_add_closure(void *ctx, const struct store_closure *row)
{
    struct hours_page *page = ctx;
    return json_array_append_new(page->closures, closure_json(row)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

void
api_locations_get_hours(struct http_request *req)
{
    struct hours_page page = {NULL, json_array(), json_array()};
    struct db *db = request_db(req);
    struct date today = date_from_days((long)(clock_now() / 86400) - 1);
    struct date until = date_add_days(today, LOCATIONS_CLOSURE_DAYS);
    char from[11];
    char to[11];
    int64_t id;
    enum status st;

    if (!params_path_id(req, 0, &id)) {
        goto out;
    }
    date_format(today, from);
    date_format(until, to);
    st = store_location_each(db, id, location_keep, &page.location);
    if (st == STATUS_OK) {
        st = desk_list_load(db, id, 0, page.desks);
    }
    if (st == STATUS_OK) {
        st = store_closure_each(db, id, from, to, hours_add_closure, &page);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such location.");
        goto out;
    }
    hours_drop_inactive(page.desks);
    reply_json(req, 200,
               json_pack("{s:O, s:O, s:O}", "location", page.location, "desks",
                         page.desks, "closures", page.closures));
out:
    json_decref(page.location);
    json_decref(page.desks);
    json_decref(page.closures);
}
