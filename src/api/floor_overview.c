/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The front desk's overview of a day on the floor: every visit with its
 * state, current leg and waiting so far (computed from the stamps at the
 * moment of the request), and each desk's state, the ticket it serves and
 * the length of its queue. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/floor_common.h"
#include "http/params.h"
#include "http/reply.h"

struct overview {
    struct day *day;
    int64_t now;
    json_t *visits;
    json_t *desks; /* in the day's desk order */
    int queue[DAY_MAX_DESKS];
    struct floor_rules rules;
};

/* A desk's part of the answer for the waiting leg (entry). */
static void
overview_count_queue(struct overview *o, const struct floor_entry *e)
{
    for (int d = 0; d < o->day->n_desks; d++) {
        if (floor_entry_eligible(e, o->day->desks[d].id,
                                 o->day->desks[d].services)) {
            o->queue[d]++;
        }
    }
}

static enum status
overview_visit(void *ctx, const struct store_floor_visit *row)
{
    struct overview *o = ctx;
    struct store_floor_visit *visit = NULL;
    struct floor_entry e;
    int active;
    json_t *j;
    enum status st = STATUS_OK;

    visit = malloc(sizeof *visit);
    if (visit == NULL) {
        return STATUS_NOMEM;
    }
    memcpy(visit, row, sizeof *visit);
    if (!floor_set_kinds(o->day, visit)) {
        st = STATUS_INTERNAL;
        goto out;
    }
    if (floor_entry_from_visit(&visit->v, visit->id, &e) == STATUS_OK) {
        overview_count_queue(o, &e);
    }
    active = floor_visit_active_leg(&visit->v);
    if (active >= 0 && (visit->v.leg[active].state == FLOOR_CALLED ||
                        visit->v.leg[active].state == FLOOR_SERVING)) {
        int d = day_desk_index(o->day, visit->v.leg[active].desk);
        char ticket[FLOOR_TICKET_TEXT];
        (void)floor_ticket_format(&visit->v.ticket, ticket);
        if (d >= 0) {
            json_object_set_new(
                json_array_get(o->desks, (size_t)d), "serving",
                json_pack("{s:s, s:s, s:I, s:I}", "ticket", ticket, "state",
                          floor_state_name(visit->v.leg[active].state), "visit",
                          (json_int_t)visit->id, "leg",
                          (json_int_t)visit->legs[active].id));
        }
    }
    j = floor_visit_json(o->day, visit, o->now);
    if (j == NULL || json_array_append_new(o->visits, j) != 0) {
        st = STATUS_NOMEM;
    }
out:
    free(visit);
    return st;
}

static enum status
overview_desk_state(void *ctx, int64_t desk_id, const char *state,
                    int64_t officer_id)
{
    struct overview *o = ctx;
    int d = day_desk_index(o->day, desk_id);
    json_t *desk = d >= 0 ? json_array_get(o->desks, (size_t)d) : NULL;

    if (desk != NULL) {
        json_object_set_new(desk, "state", json_string(state));
        json_object_set_new(desk, "officer",
                            officer_id > 0 ? json_integer(officer_id)
                                           : json_null());
    }
    return STATUS_OK;
}

void
api_floor_get(struct http_request *req)
{
    struct overview o;
    json_t *invalid = json_array();
    char date_text[11];
    struct date date = {0};
    bool has_date = false;
    long location = 0;
    enum status st;

    memset(&o, 0, sizeof o);
    o.rules = floor_rules_of(&req->app->cfg);
    o.now = floor_now(NULL);
    params_query_int(req, "location", 1, INT32_MAX, &location, invalid);
    params_query_date(req, "date", &date, &has_date, invalid);
    if (request_query(req, "location") == NULL) {
        invalid_add(invalid, "location", "is required");
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    if (has_date) {
        date_format(date, date_text);
    } else {
        floor_today(date_text);
        (void)date_parse(date_text, DATE_ISO_LEN, &date);
    }
    st = day_load_catalogue(request_db(req), location, date, &o.day);
    if (st == STATUS_NOT_FOUND) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such location.");
        goto out;
    }
    o.visits = json_array();
    o.desks = json_array();
    for (int d = 0; st == STATUS_OK && d < o.day->n_desks; d++) {
        json_array_append_new(o.desks,
                              floor_desk_json(o.day, o.day->desks[d].id));
    }
    if (st == STATUS_OK) {
        st = store_floor_desk_states_each(request_db(req), location, date_text,
                                          overview_desk_state, &o);
    }
    if (st == STATUS_OK) {
        st = store_floor_day_each(request_db(req), location, date_text,
                                  overview_visit, &o);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    for (int d = 0; d < o.day->n_desks; d++) {
        json_t *desk = json_array_get(o.desks, (size_t)d);
        json_object_set_new(desk, "queueLength", json_integer(o.queue[d]));
        if (json_object_get(desk, "serving") == NULL) {
            json_object_set_new(desk, "serving", json_null());
        }
    }
    reply_json(req, 200,
               json_pack("{s:I, s:s, s:o, s:O, s:O}", "location",
                         (json_int_t)location, "date", date_text, "now",
                         floor_time_json(o.now), "desks", o.desks, "visits",
                         o.visits));
out:
    day_free(o.day);
    json_decref(o.visits);
    json_decref(o.desks);
    json_decref(invalid);
}
