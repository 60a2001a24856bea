/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Closures: public holidays and one-off closures of a location or a desk,
 * for a whole day or part of it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "api/closure_json.h"
#include "core/date.h"
#include "core/slot.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/catalogue.h"

#define CLOSURE_REASON_MAX 200
/* The longest period one listing may cover. */
#define CLOSURE_LIST_DAYS 1000

static const char *
closure_field_kind(const json_t *value)
{
    const char *kind = json_string_value(value);

    return strcmp(kind, "holiday") == 0 || strcmp(kind, "one-off") == 0
               ? NULL
               : "must be holiday or one-off";
}

static const struct body_field api_closure_fields[] = {
    {"location", BODY_INTEGER, true, false, 1, INT32_MAX, "location id"},
    {"desk", BODY_INTEGER, false, true, 1, INT32_MAX,
     "desk id, or null for the whole location"},
    {"date", BODY_DATE, true, false, 0, 0, "the local date"},
    {"startsAt", BODY_TIME, false, true, 0, 0,
     "start of a partial closure, or null for the whole day"},
    {"endsAt", BODY_TIME, false, true, 0, 0, "end of a partial closure"},
    {"kind", BODY_STRING, true, false, 1, 16, "holiday or one-off",
     closure_field_kind},
    {"reason", BODY_OBJECT, true, false, 0, 0, "{en, nl}"},
};
const struct body_spec api_closure_body =
    BODY_SPEC("ClosureInput", api_closure_fields);

json_t *
closure_json(const struct store_closure *row)
{
    char start[6];
    char end[6];
    json_t *c;

    c = json_pack("{s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)row->id,
                  "location", (json_int_t)row->location_id, "date", row->date,
                  "kind", row->kind, "reason",
                  bilingual_json(row->reason_en, row->reason_nl));
    if (c == NULL) {
        return NULL;
    }
    json_object_set_new(c, "deskId",
                        row->desk_id > 0 ? json_integer(row->desk_id)
                                         : json_null());
    if (row->starts >= 0) {
        slot_format_hhmm(row->starts, start);
        slot_format_hhmm(row->ends, end);
        json_object_set_new(c, "startsAt", json_string(start));
        json_object_set_new(c, "endsAt", json_string(end));
    } else {
        json_object_set_new(c, "startsAt", json_null());
        json_object_set_new(c, "endsAt", json_null());
    }
    return c;
}

static enum status
closure_append(void *ctx, const struct store_closure *row)
{
    return json_array_append_new(ctx, closure_json(row)) == 0 ? STATUS_OK
                                                              : STATUS_NOMEM;
}

static enum status
closure_location_exists(void *ctx, const struct store_location *row)
{
    (void)ctx;
    (void)row;
    return STATUS_OK;
}

void
api_closures_get_list(struct http_request *req)
{
    json_t *invalid = json_array();
    json_t *items = json_array();
    long location = 0;
    struct date from = date_from_days((long)(clock_now() / 86400) - 1);
    struct date to;
    bool has_from = false;
    bool has_to = false;
    char from_text[11];
    char to_text[11];
    enum status st;

    params_query_int(req, "location", 1, INT32_MAX, &location, invalid);
    if (request_query(req, "location") == NULL) {
        invalid_add(invalid, "location", "is required");
    }
    params_query_date(req, "from", &from, &has_from, invalid);
    to = date_add_days(from, 365);
    params_query_date(req, "to", &to, &has_to, invalid);
    if (json_array_size(invalid) == 0 && date_compare(to, from) < 0) {
        invalid_add(invalid, "to", "must not be before from");
    }
    if (json_array_size(invalid) == 0 &&
        date_to_days(to) - date_to_days(from) > CLOSURE_LIST_DAYS) {
        invalid_add(invalid, "to", "the period is longer than 1000 days");
    }
    if (json_array_size(invalid) > 0) {
        json_decref(items);
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    date_format(from, from_text);
    date_format(to, to_text);
    st = store_location_each(request_db(req), location, closure_location_exists,
                             NULL);
    if (st == STATUS_OK) {
        st = store_closure_each(request_db(req), location, from_text, to_text,
                                closure_append, items);
    }
    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, "No such location.");
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}

struct closure_desk_check {
    int64_t location_id;
    bool matches;
};

/* Keeps the slot grid of the closure's location. */
static enum status
closure_location_grid(void *ctx, const struct store_location *row)
{
    int *slot_minutes = ctx;
    *slot_minutes = row->slot_minutes;
    return STATUS_OK;
}

static enum status
closure_desk_location(void *ctx, const struct store_desk *row)
{
    struct closure_desk_check *c = ctx;
    c->matches = row->location_id == c->location_id;
    return STATUS_OK;
}

/* Reads the closure body; replies and returns false when it is wrong. */
static bool
closure_read(struct http_request *req, struct store_closure *in)
{
    const json_t *body = req->json;
    const json_t *desk = json_object_get(body, "desk");
    const json_t *starts = json_object_get(body, "startsAt");
    const json_t *ends = json_object_get(body, "endsAt");
    json_t *invalid = json_array();
    struct closure_desk_check check = {0};
    int slot_minutes = 0;
    enum status st;

    in->location_id = json_integer_value(json_object_get(body, "location"));
    in->desk_id = json_is_integer(desk) ? json_integer_value(desk) : 0;
    in->date = json_string_value(json_object_get(body, "date"));
    in->kind = json_string_value(json_object_get(body, "kind"));
    in->starts = -1;
    in->ends = -1;
    bilingual_read(body, "reason", CLOSURE_REASON_MAX, false, &in->reason_en,
                   &in->reason_nl, invalid);
    if (json_is_string(starts) != json_is_string(ends)) {
        invalid_add(invalid, json_is_string(starts) ? "endsAt" : "startsAt",
                    "give both startsAt and endsAt, or neither");
    } else if (json_is_string(starts)) {
        slot_parse_hhmm(json_string_value(starts), json_string_length(starts),
                        &in->starts);
        slot_parse_hhmm(json_string_value(ends), json_string_length(ends),
                        &in->ends);
        if (in->ends <= in->starts) {
            invalid_add(invalid, "endsAt", "must be after startsAt");
        }
    }
    st = store_location_each(request_db(req), in->location_id,
                             closure_location_grid, &slot_minutes);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(invalid, "location", "is not a known location");
    }
    if (st == STATUS_OK && in->starts >= 0 && in->ends > in->starts) {
        if (!slot_on_grid(in->starts, slot_minutes)) {
            invalid_add(invalid, "startsAt",
                        "must be on the location's slot grid");
        }
        if (!slot_on_grid(in->ends, slot_minutes)) {
            invalid_add(invalid, "endsAt",
                        "must be on the location's slot grid");
        }
    }
    if (st == STATUS_OK && in->desk_id > 0) {
        check.location_id = in->location_id;
        st = store_desk_each(request_db(req), 0, in->desk_id,
                             closure_desk_location, &check);
        if (st == STATUS_NOT_FOUND || (st == STATUS_OK && !check.matches)) {
            invalid_add(invalid, "desk", "is not a desk of this location");
            st = STATUS_OK;
        }
    }
    if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
        json_decref(invalid);
        reply_status(req, st, NULL);
        return false;
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        return false;
    }
    json_decref(invalid);
    return true;
}

void
api_closures_post(struct http_request *req)
{
    struct store_closure in = {0};
    char object[40];
    enum status st;

    if (!closure_read(req, &in)) {
        return;
    }
    st = store_closure_insert(request_db(req), &in, &in.id);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    snprintf(object, sizeof object, "closure:%lld", (long long)in.id);
    audit_event(req, NULL, "closure.create", object, "ok", "");
    reply_json(req, 201, closure_json(&in));
}

void
api_closures_delete(struct http_request *req)
{
    char object[40];
    int64_t id;
    enum status st;

    if (!params_path_id(req, 0, &id)) {
        return;
    }
    st = store_closure_delete(request_db(req), id);
    if (st != STATUS_OK) {
        reply_status(req, st, "No such closure.");
        return;
    }
    snprintf(object, sizeof object, "closure:%lld", (long long)id);
    audit_event(req, NULL, "closure.delete", object, "ok", "");
    reply_empty(req, 204);
}
