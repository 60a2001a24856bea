/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Desks: where services are performed, by whom (an agency), and when (the
 * weekly opening hours and breaks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "api/day.h"
#include "api/desk_list.h"
#include "core/hours.h"
#include "core/slot.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/catalogue.h"

#define DESK_NAME_MAX 200
#define DESK_SERVICES_MAX 50
#define DESK_INTERVALS_MAX 70 /* ten a day */

static const struct body_field api_desk_fields[] = {
    {"location", BODY_INTEGER, true, false, 1, INT32_MAX, "location id"},
    {"agency", BODY_CODE, true, false, 0, 0, "code of the desk's agency"},
    {"code", BODY_CODE, true, false, 0, 0, "short name, unique per location"},
    {"name", BODY_OBJECT, true, false, 0, 0, "{en, nl}"},
    {"services", BODY_ARRAY, false, false, 0, DESK_SERVICES_MAX,
     "codes of the services performed here, all of the desk's agency"},
    {"active", BODY_BOOLEAN, false, false, 0, 0, "in use"},
};
const struct body_spec api_desk_body = BODY_SPEC("DeskInput", api_desk_fields);

static const struct body_field api_desk_hours_fields[] = {
    {"hours", BODY_ARRAY, true, false, 0, DESK_INTERVALS_MAX,
     "opening intervals {weekday (1 = Monday), opens, closes}"},
    {"breaks", BODY_ARRAY, false, false, 0, DESK_INTERVALS_MAX,
     "breaks {weekday, starts, ends}, each inside opening hours"},
};
const struct body_spec api_desk_hours_body =
    BODY_SPEC("OpeningHoursInput", api_desk_hours_fields);

/* ---- reading ---- */

static json_t *
desk_find(json_t *desks, int64_t id)
{
    size_t i;
    json_t *desk;

    json_array_foreach(desks, i, desk)
    {
        if (json_integer_value(json_object_get(desk, "id")) == id) {
            return desk;
        }
    }
    return NULL;
}

static enum status
desk_add(void *ctx, const struct store_desk *row)
{
    json_t *desk = json_pack(
        "{s:I, s:I, s:s, s:o, s:s, s:b, s:i, s:[], s:[], s:[]}", "id",
        (json_int_t)row->id, "location", (json_int_t)row->location_id, "code",
        row->code, "name", bilingual_json(row->name_en, row->name_nl), "agency",
        row->agency_code, "active", row->active, "slotMinutes",
        row->slot_minutes, "services", "hours", "breaks");

    return json_array_append_new(ctx, desk) == 0 ? STATUS_OK : STATUS_NOMEM;
}

static enum status
desk_add_service(void *ctx, int64_t desk_id, const char *code)
{
    json_t *desk = desk_find(ctx, desk_id);

    if (desk == NULL) {
        return STATUS_OK;
    }
    return json_array_append_new(json_object_get(desk, "services"),
                                 json_string(code)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

static enum status
desk_add_interval(void *ctx, int64_t desk_id, bool is_break,
                  const struct hours_interval *iv)
{
    json_t *desk = desk_find(ctx, desk_id);
    char start[6];
    char end[6];

    if (desk == NULL) {
        return STATUS_OK;
    }
    slot_format_hhmm(iv->start, start);
    slot_format_hhmm(iv->end, end);
    return json_array_append_new(
               json_object_get(desk, is_break ? "breaks" : "hours"),
               json_pack("{s:i, s:s, s:s}", "weekday", iv->weekday,
                         is_break ? "starts" : "opens", start,
                         is_break ? "ends" : "closes", end)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

enum status
desk_list_load(struct db *db, int64_t location_id, int64_t only_id,
               json_t *desks)
{
    enum status st = store_desk_each(db, location_id, only_id, desk_add, desks);

    if (st == STATUS_OK) {
        st = store_desk_service_each(db, location_id, desk_add_service, desks);
    }
    if (st == STATUS_OK) {
        st = store_desk_hours_each(db, location_id, desk_add_interval, desks);
    }
    return st;
}

void
api_desks_get_list(struct http_request *req)
{
    json_t *invalid = json_array();
    json_t *desks = json_array();
    long location = 0;
    enum status st;

    if (!params_query_int(req, "location", 1, INT32_MAX, &location, invalid)) {
        json_decref(desks);
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    st = desk_list_load(request_db(req), location, 0, desks);
    if (st != STATUS_OK) {
        json_decref(desks);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", desks));
}

static void
desk_reply_one(struct http_request *req, int64_t id, unsigned int status)
{
    json_t *desks = json_array();
    enum status st = desk_list_load(request_db(req), 0, id, desks);

    if (st != STATUS_OK) {
        reply_status(req, st, "No such desk.");
    } else {
        reply_json(req, status, json_incref(json_array_get(desks, 0)));
    }
    json_decref(desks);
}

void
api_desks_get_one(struct http_request *req)
{
    int64_t id;

    if (params_path_id(req, 0, &id)) {
        desk_reply_one(req, id, 200);
    }
}

/* ---- changing ---- */

struct desk_change {
    struct store_desk in;
    bool create;
    const char *agency;
    const json_t *services;
    json_t *invalid; /* borrowed */
};

static enum status
desk_location_exists(void *ctx, const struct store_location *row)
{
    (void)ctx;
    (void)row;
    return STATUS_OK;
}

static enum status
desk_save_tx(struct db *db, void *ctx)
{
    struct desk_change *c = ctx;
    int64_t ids[DESK_SERVICES_MAX];
    size_t n = 0;
    size_t i;
    json_t *v;
    enum status st;

    st = store_location_each(db, c->in.location_id, desk_location_exists, NULL);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(c->invalid, "location", "is not a known location");
    } else if (st != STATUS_OK) {
        return st;
    }
    if (st == STATUS_OK && c->create) {
        int64_t count = 0;
        st = store_desk_count(db, c->in.location_id, &count);
        if (st != STATUS_OK) {
            return st;
        }
        if (count >= DAY_MAX_DESKS) {
            invalid_add(c->invalid, "location",
                        "has 64 desks, the most the planner plans with");
        }
    }
    st = store_agency_id(db, c->agency, &c->in.agency_id);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(c->invalid, "agency", "is not a known agency");
        return STATUS_INPUT;
    }
    if (st != STATUS_OK) {
        return st;
    }
    json_array_foreach((json_t *)(uintptr_t)c->services, i, v)
    {
        char field[48];
        int64_t agency_id = 0;

        snprintf(field, sizeof field, "services[%zu]", i);
        st = json_is_string(v) ? store_service_find(db, json_string_value(v),
                                                    &ids[n], &agency_id)
                               : STATUS_NOT_FOUND;
        if (st == STATUS_NOT_FOUND) {
            invalid_add(c->invalid, field, "is not a known service");
        } else if (st != STATUS_OK) {
            return st;
        } else if (agency_id != c->in.agency_id) {
            invalid_add(c->invalid, field,
                        "belongs to another agency than the desk");
        } else {
            n++;
        }
    }
    if (json_array_size(c->invalid) > 0) {
        return STATUS_INPUT;
    }
    st = c->create ? store_desk_insert(db, &c->in, &c->in.id)
                   : store_desk_update(db, &c->in);
    if (st == STATUS_OK) {
        st = store_desk_set_services(db, c->in.id, ids, n);
    }
    return st;
}

static void
desk_save(struct http_request *req, bool create)
{
    struct desk_change c = {0};
    const json_t *active = json_object_get(req->json, "active");
    char object[40];
    enum status st;

    c.create = create;
    c.invalid = json_array();
    if (!create && !params_path_id(req, 0, &c.in.id)) {
        goto out;
    }
    c.in.location_id =
        json_integer_value(json_object_get(req->json, "location"));
    c.agency = json_string_value(json_object_get(req->json, "agency"));
    c.in.code = json_string_value(json_object_get(req->json, "code"));
    c.in.active = active ? json_is_true(active) : true;
    c.services = json_object_get(req->json, "services");
    if (!bilingual_read(req->json, "name", DESK_NAME_MAX, false, &c.in.name_en,
                        &c.in.name_nl, c.invalid)) {
        reply_invalid(req, json_incref(c.invalid), NULL);
        goto out;
    }
    st = db_transaction(request_db(req), desk_save_tx, &c);
    if (st == STATUS_INPUT) {
        reply_invalid(req, json_incref(c.invalid), NULL);
    } else if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "Another desk of this location already has this code.");
    } else if (st != STATUS_OK) {
        reply_status(req, st, "No such desk.");
    } else {
        snprintf(object, sizeof object, "desk:%lld", (long long)c.in.id);
        audit_event(req, NULL, create ? "desk.create" : "desk.update", object,
                    "ok", "");
        desk_reply_one(req, c.in.id, create ? 201 : 200);
    }
out:
    json_decref(c.invalid);
}

void
api_desks_post(struct http_request *req)
{
    desk_save(req, true);
}

void
api_desks_put(struct http_request *req)
{
    desk_save(req, false);
}

/* ---- PUT /desks/{id}/opening-hours ---- */

/* Reads intervals {weekday, <start>, <end>} of list into out. */
static void
desk_read_intervals(const json_t *list, const char *list_name,
                    const char *start_key, const char *end_key,
                    struct hours_interval *out, size_t *n, json_t *invalid)
{
    static const struct body_field weekday = {
        "weekday", BODY_INTEGER, true, false, 1, 7, NULL};
    static const struct body_field time = {"time", BODY_TIME, true, false,
                                           0,      0,         NULL};
    size_t i;
    json_t *item;

    *n = 0;
    json_array_foreach((json_t *)(uintptr_t)list, i, item)
    {
        const json_t *w = json_object_get(item, "weekday");
        const json_t *s = json_object_get(item, start_key);
        const json_t *e = json_object_get(item, end_key);
        char field[48];

        snprintf(field, sizeof field, "%s[%zu]", list_name, i);
        if (!json_is_object(item) || json_object_size(item) != 3 || !w || !s ||
            !e) {
            char reason[96];
            snprintf(reason, sizeof reason,
                     "must be an object with exactly weekday, %s and %s",
                     start_key, end_key);
            invalid_add(invalid, field, reason);
            continue;
        }
        if (body_check_value(&weekday, w) != NULL) {
            invalid_add(invalid, field, "weekday must be 1 (Monday) to 7");
            continue;
        }
        if (body_check_value(&time, s) != NULL ||
            body_check_value(&time, e) != NULL) {
            invalid_add(invalid, field, "times must be given as HH:MM");
            continue;
        }
        out[*n].weekday = (int)json_integer_value(w);
        slot_parse_hhmm(json_string_value(s), json_string_length(s),
                        &out[*n].start);
        slot_parse_hhmm(json_string_value(e), json_string_length(e),
                        &out[*n].end);
        (*n)++;
    }
}

struct desk_hours_change {
    int64_t desk_id;
    struct hours_interval open[DESK_INTERVALS_MAX];
    size_t n_open;
    struct hours_interval breaks[DESK_INTERVALS_MAX];
    size_t n_breaks;
    int slot_minutes;
};

static enum status
desk_keep_grid(void *ctx, const struct store_desk *row)
{
    struct desk_hours_change *c = ctx;
    c->slot_minutes = row->slot_minutes;
    return STATUS_OK;
}

/* Replacing the week is one change: all of it or none. */
static enum status
desk_hours_tx(struct db *db, void *ctx)
{
    struct desk_hours_change *c = ctx;
    return store_desk_set_hours(db, c->desk_id, c->open, c->n_open, c->breaks,
                                c->n_breaks);
}

void
api_desks_put_hours(struct http_request *req)
{
    static struct desk_hours_change zero;
    struct desk_hours_change *c = NULL;
    struct hours_error err;
    json_t *invalid = json_array();
    char object[40];
    char field[48];
    enum status st;

    c = malloc(sizeof *c);
    if (c == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    *c = zero;
    if (!params_path_id(req, 0, &c->desk_id)) {
        goto out;
    }
    st = store_desk_each(request_db(req), 0, c->desk_id, desk_keep_grid, c);
    if (st != STATUS_OK) {
        reply_status(req, st, "No such desk.");
        goto out;
    }
    desk_read_intervals(json_object_get(req->json, "hours"), "hours", "opens",
                        "closes", c->open, &c->n_open, invalid);
    desk_read_intervals(json_object_get(req->json, "breaks"), "breaks",
                        "starts", "ends", c->breaks, &c->n_breaks, invalid);
    if (json_array_size(invalid) == 0 &&
        hours_validate(c->open, c->n_open, c->breaks, c->n_breaks,
                       c->slot_minutes, &err) != STATUS_OK) {
        snprintf(field, sizeof field, "%s[%zu]",
                 err.kind == HOURS_ERROR_BREAK ? "breaks" : "hours", err.index);
        invalid_add(invalid, field, err.message);
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, json_incref(invalid), NULL);
        goto out;
    }
    st = db_transaction(request_db(req), desk_hours_tx, c);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "desk:%lld", (long long)c->desk_id);
    audit_event(req, NULL, "desk.hours", object, "ok", "");
    desk_reply_one(req, c->desk_id, 200);
out:
    json_decref(invalid);
    free(c);
}
