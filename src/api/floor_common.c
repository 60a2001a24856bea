/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Shared parts of the floor's handlers (see floor_common.h). */
#include "api/floor_common.h"

#include <string.h>

#include "api/bilingual.h"
#include "api/events.h"
#include "http/reply.h"
#include "util/clock.h"
#include "util/log.h"

struct floor_rules
floor_rules_of(const struct config *cfg)
{
    struct floor_rules r = floor_rules_default();

    r.grace_minutes = cfg->floor_grace_minutes;
    r.no_show_minutes = cfg->floor_no_show_minutes;
    r.recalls_before_no_show = cfg->floor_recalls_before_no_show;
    r.late_keeps_place = cfg->floor_late_keeps_place != 0;
    return r;
}

enum status
floor_config_check(const struct config *cfg, const char **reason)
{
    struct floor_rules r = floor_rules_of(cfg);
    enum status st = floor_rules_check(&r, reason);

    if (st != STATUS_OK && r.no_show_minutes < r.grace_minutes) {
        *reason = "floor.no_show_minutes must be at least "
                  "floor.grace_minutes";
    } else if (st != STATUS_OK) {
        *reason = "a [floor] option is out of range";
    }
    return st;
}

void
floor_today(char date[11])
{
    int minute;

    clock_local(clock_now(), date, &minute);
}

int64_t
floor_now(const struct floor_visit *visit)
{
    int64_t now = (int64_t)clock_now();
    int64_t last = visit ? floor_visit_last_stamp(visit) : FLOOR_TIME_NONE;

    return last > now ? last : now;
}

bool
floor_set_kinds(const struct day *day, struct store_floor_visit *visit)
{
    for (int i = 0; i < visit->v.n_legs; i++) {
        int k = day_service_by_id(day, visit->legs[i].service_id);
        if (k < 0) {
            return false;
        }
        visit->v.leg[i].service = k;
    }
    return true;
}

static enum status
floor_event(struct db *db, const struct store_floor_visit *visit, int i,
            const char *kind, int64_t at, int64_t desk, int64_t user)
{
    struct store_floor_event ev = {
        .at = at,
        .location_id = visit->location_id,
        .date = visit->date,
        .kind = kind,
        .visit_id = visit->id,
        .leg_id = i >= 0 ? visit->legs[i].id : 0,
        .desk_id = desk,
        .user_id = user,
    };
    return store_floor_event_add(db, &ev);
}

enum status
floor_visit_step(struct db *db, struct store_floor_visit *visit, int i,
                 enum floor_action action, const struct floor_args *args,
                 int64_t event_desk, int64_t user_id, const char **reason)
{
    struct floor_visit before = visit->v;
    int64_t called_before = i >= 0 ? visit->legs[i].called_desk_id : 0;
    int next;
    enum status st;

    *reason = NULL;
    st = floor_visit_apply(&visit->v, i, action, args, NULL, reason);
    if (st == STATUS_INPUT && *reason != NULL) {
        /* A time or argument core refuses is our bug, not the caller's. */
        LOG_ERROR("floor: %s refused as input: %s", floor_action_name(action),
                  *reason);
        return STATUS_INTERNAL;
    }
    if (st != STATUS_OK) {
        return st;
    }
    if (action == FLOOR_CALL) {
        visit->legs[i].called_desk_id = args->desk;
    }
    for (int k = 0; st == STATUS_OK && k < visit->v.n_legs; k++) {
        st = store_floor_leg_save(db, visit, k, &before.leg[k]);
    }
    if (st == STATUS_OK && visit->v.departed_at != before.departed_at) {
        st = store_floor_visit_save(db, visit);
    }
    if (st == STATUS_OK) {
        st = floor_event(db, visit, i, floor_action_name(action), args->now,
                         event_desk, user_id);
    }
    next = floor_visit_active_leg(&visit->v);
    if (st == STATUS_OK && next >= 0 && next != i &&
        before.leg[next].state == FLOOR_PENDING) {
        st = floor_event(db, visit, next, "queue", args->now, 0, user_id);
    }
    if (st == STATUS_OK && before.departed_at == FLOOR_TIME_NONE &&
        visit->v.departed_at != FLOOR_TIME_NONE) {
        st = floor_event(db, visit, -1, "departure", visit->v.departed_at, 0,
                         user_id);
    }
    if (st != STATUS_OK) {
        visit->v = before;
        if (i >= 0) {
            visit->legs[i].called_desk_id = called_before;
        }
    }
    return st;
}

json_t *
floor_time_json(int64_t t)
{
    char text[CLOCK_ISO_TEXT];

    if (t == FLOOR_TIME_NONE) {
        return json_null();
    }
    clock_format_utc((time_t)t, text);
    return json_string(text);
}

json_t *
floor_desk_json(const struct day *day, int64_t desk_id)
{
    int d = desk_id > 0 ? day_desk_index(day, desk_id) : -1;

    if (d < 0) {
        return json_null();
    }
    return json_pack(
        "{s:I, s:s, s:o}", "id", (json_int_t)desk_id, "code",
        day->desks[d].code, "name",
        bilingual_json(day->desks[d].name_en, day->desks[d].name_nl));
}

/* -1 (unknown) as null, seconds otherwise. */
static json_t *
floor_seconds_json(int64_t s)
{
    return s < 0 ? json_null() : json_integer((json_int_t)s);
}

static json_t *
floor_leg_json(const struct day *day, const struct store_floor_visit *visit,
               int i, int64_t now)
{
    const struct floor_leg *leg = &visit->v.leg[i];
    const struct store_floor_leg *row = &visit->legs[i];
    const struct day_service *svc = &day->services[leg->service];
    json_t *outcome = NULL;
    json_t *j;

    if (row->outcome[0] != '\0') {
        outcome = json_loads(row->outcome, 0, NULL);
    }
    j = json_pack(
        "{s:I, s:i, s:{s:s, s:o, s:s}, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:i, s:i, s:I, s:o, s:o, s:s, s:o}",
        "id", (json_int_t)row->id, "position", i, "service", "code", svc->code,
        "name", bilingual_json(svc->name_en, svc->name_nl), "outcomeKind",
        row->outcome_kind, "state", floor_state_name(leg->state), "desk",
        floor_desk_json(day, leg->desk), "calledDesk",
        floor_desk_json(day, row->called_desk_id), "appointmentAt",
        floor_time_json(leg->appointment), "queuedAt",
        floor_time_json(leg->queued_at), "calledAt",
        floor_time_json(leg->called_at), "lastCalledAt",
        floor_time_json(leg->last_called_at), "startedAt",
        floor_time_json(leg->started_at), "parkedAt",
        floor_time_json(leg->parked_at), "endedAt",
        floor_time_json(leg->ended_at), "recalls", leg->recalls, "transfers",
        leg->transfers, "parkedSeconds", (json_int_t)leg->parked_seconds,
        "waitingSeconds", floor_seconds_json(floor_leg_wait(leg, now)),
        "serviceSeconds", floor_seconds_json(floor_leg_service(leg)),
        "outcomeResult", floor_outcome_name(leg->outcome), "outcome",
        outcome ? outcome : json_null());
    return j;
}

json_t *
floor_visit_json(const struct day *day, const struct store_floor_visit *visit,
                 int64_t now)
{
    char ticket[FLOOR_TICKET_TEXT];
    int active = floor_visit_active_leg(&visit->v);
    json_t *legs = json_array();
    const char *state;

    (void)floor_ticket_format(&visit->v.ticket, ticket);
    for (int i = 0; i < visit->v.n_legs; i++) {
        json_array_append_new(legs, floor_leg_json(day, visit, i, now));
    }
    if (active >= 0) {
        state = floor_state_name(visit->v.leg[active].state);
    } else if (visit->v.departed_at != FLOOR_TIME_NONE) {
        state = "departed";
    } else {
        state = "expected";
    }
    return json_pack(
        "{s:I, s:s, s:I, s:s, s:o, s:b, s:{s:s, s:s}, s:i, s:b, s:s, s:o, "
        "s:o, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)visit->id, "ticket", ticket, "location",
        (json_int_t)visit->location_id, "date", visit->date, "booking",
        visit->booking_id > 0 ? json_string(visit->booking_code) : json_null(),
        "walkIn", visit->booking_id == 0, "name", "givenNames",
        visit->given_names, "surname", visit->surname, "persons",
        visit->persons, "late", visit->v.late, "state", state, "currentLeg",
        active >= 0 ? json_integer(active) : json_null(), "arrivedAt",
        floor_time_json(visit->v.arrived_at), "departedAt",
        floor_time_json(visit->v.departed_at), "waitingSeconds",
        floor_seconds_json(floor_visit_wait(&visit->v, now)),
        "inBuildingSeconds",
        floor_seconds_json(floor_visit_in_building(&visit->v, now)), "legs",
        legs);
}

bool
floor_may_act_for(struct http_request *req, int64_t agency_id)
{
    if (req->auth.role == ROLE_OFFICER && req->auth.agency_id != agency_id) {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "Desk officers act only at the desks of their own "
                      "agency.");
        return false;
    }
    return true;
}

void
floor_announce(struct http_request *req, int64_t location_id, const char *kind,
               int64_t visit_id, int64_t leg_id, int64_t desk_id, bool display)
{
    api_events_floor_changed(req, location_id, kind, visit_id, leg_id, desk_id,
                             display);
}
