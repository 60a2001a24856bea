/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Arriving on the floor: check-in by booking code (typed, or read from the
 * confirmation's QR code), the front desk's list of the day's expected
 * visitors (to find someone by name, then check in by the code), and
 * walk-ins added where the open desks can still take them today. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/floor_common.h"
#include "core/slot.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/bookings.h"
#include "util/clock.h"

/* Visitors the expected list gives at most. */
#define CHECKIN_EXPECTED_MAX 200
/* Longest search text of the expected list, in bytes. */
#define CHECKIN_QUERY_MAX 200
/* Ticket letters: appointments and walk-ins. */
#define CHECKIN_LETTER_BOOKED 'A'
#define CHECKIN_LETTER_WALK_IN 'W'
/* Longest name part, in characters (as a booking's). */
#define CHECKIN_NAME_MAX 200

static const struct body_field api_check_in_fields[] = {
    {"code", BODY_STRING, true, false, 1, 64,
     "the booking code, typed or read from the confirmation's QR code"},
    {"location", BODY_INTEGER, false, false, 1, INT32_MAX,
     "the location checking in; a booking of another one is refused"},
};
const struct body_spec api_check_in_body =
    BODY_SPEC("CheckInInput", api_check_in_fields);

static const struct body_field api_walk_in_fields[] = {
    {"location", BODY_INTEGER, true, false, 1, INT32_MAX, "location id"},
    {"service", BODY_CODE, true, false, 0, 0, "code of the service"},
    {"givenNames", BODY_STRING, true, false, 1, CHECKIN_NAME_MAX,
     "given names, any script"},
    {"surname", BODY_STRING, true, false, 1, CHECKIN_NAME_MAX,
     "surname, any script"},
    {"persons", BODY_INTEGER, false, false, 1, 10,
     "persons served together (a family); default 1"},
};
const struct body_spec api_walk_in_body =
    BODY_SPEC("WalkInInput", api_walk_in_fields);

/* A refusal decided inside a transaction, replied after its rollback. */
struct checkin_refusal {
    enum problem problem;
    char detail[256];
    json_t *invalid; /* for PROBLEM_INVALID_PARAMS */
};

static enum status
checkin_refuse(struct checkin_refusal *r, enum problem problem,
               const char *detail)
{
    r->problem = problem;
    snprintf(r->detail, sizeof r->detail, "%s", detail);
    return STATUS_CONFLICT;
}

static void
checkin_reply_refusal(struct http_request *req, struct checkin_refusal *r)
{
    if (r->problem == PROBLEM_INVALID_PARAMS) {
        reply_invalid(req, r->invalid, NULL);
        r->invalid = NULL;
        return;
    }
    reply_problem(req, r->problem, r->detail);
}

/* Gives the visit its ticket, checks it in with core/floor and inserts it
 * with its legs and the check-in event. */
static enum status
checkin_insert(struct db *db, struct http_request *req,
               struct store_floor_visit *visit, char letter,
               struct checkin_refusal *r)
{
    struct floor_rules rules = floor_rules_of(&req->app->cfg);
    struct floor_ticket ticket;
    struct floor_args args = {.rules = &rules};
    const char *reason = NULL;
    int number = 0;
    enum status st;

    st = store_floor_next_ticket(db, visit->location_id, visit->date, &number);
    if (st != STATUS_OK) {
        return st;
    }
    if (floor_ticket_make(letter, number, &ticket) != STATUS_OK) {
        return checkin_refuse(r, PROBLEM_CONFLICT,
                              "Every ticket number of today is given out.");
    }
    args.now = floor_now(&visit->v);
    st = floor_visit_apply(&visit->v, -1, FLOOR_CHECK_IN, &args, &ticket,
                           &reason);
    if (st != STATUS_OK) {
        return checkin_refuse(r, PROBLEM_TRANSITION_REFUSED, reason);
    }
    st = store_floor_visit_insert(db, visit, req->auth.user_id);
    if (st == STATUS_OK) {
        struct store_floor_event ev = {
            .at = args.now,
            .location_id = visit->location_id,
            .date = visit->date,
            .kind = floor_action_name(FLOOR_CHECK_IN),
            .visit_id = visit->id,
            .leg_id = visit->legs[visit->v.checkin_leg].id,
            .user_id = req->auth.user_id,
        };
        st = store_floor_event_add(db, &ev);
    }
    /* The answer shows the visit as stored, with the catalogue's parts. */
    if (st == STATUS_OK) {
        st = store_floor_visit_load(db, visit->id, visit);
    }
    return st;
}

/* ---- check-in by booking code ---- */

struct checkin_tx {
    struct http_request *req;
    char code[STORE_BOOKING_CODE_LEN + 1];
    int64_t location; /* 0: any */
    char today[11];
    struct checkin_refusal refusal;
    /* the booking, read in the transaction */
    int64_t booking_id;
    int64_t booking_location;
    char booking_date[11];
    bool booked;
    int persons;
    char given_names[STORE_FLOOR_NAME_MAX];
    char surname[STORE_FLOOR_NAME_MAX];
    int n_legs;
    int64_t leg_id[FLOOR_MAX_LEGS];
    int64_t leg_service[FLOOR_MAX_LEGS];
    int leg_minute[FLOOR_MAX_LEGS];
    /* the result */
    struct day *day;
    struct store_floor_visit *visit;
};

static enum status
checkin_keep_booking(void *ctx, const struct store_booking *row)
{
    struct checkin_tx *tx = ctx;

    tx->booking_id = row->id;
    tx->booking_location = row->location_id;
    snprintf(tx->booking_date, sizeof tx->booking_date, "%s", row->visit_date);
    tx->booked = strcmp(row->status, "booked") == 0;
    tx->persons = row->persons;
    snprintf(tx->given_names, sizeof tx->given_names, "%s", row->given_names);
    snprintf(tx->surname, sizeof tx->surname, "%s", row->surname);
    return STATUS_OK;
}

static enum status
checkin_keep_leg(void *ctx, const struct store_leg *row)
{
    struct checkin_tx *tx = ctx;

    if (tx->n_legs == FLOOR_MAX_LEGS) {
        return STATUS_INTERNAL; /* the planner makes no longer itinerary */
    }
    tx->leg_id[tx->n_legs] = row->id;
    tx->leg_service[tx->n_legs] = row->service_id;
    tx->leg_minute[tx->n_legs] = row->starts_at;
    tx->n_legs++;
    return STATUS_OK;
}

/* Checks the booking read against what a check-in needs. */
static enum status
checkin_check_booking(struct checkin_tx *tx, struct db *db)
{
    struct store_floor_progress progress;
    char detail[200];
    enum status st;

    if (!tx->booked) {
        return checkin_refuse(&tx->refusal, PROBLEM_GONE,
                              "This booking is cancelled: it cannot be "
                              "checked in. Add the visitor as a walk-in.");
    }
    if (strcmp(tx->booking_date, tx->today) != 0) {
        snprintf(detail, sizeof detail,
                 "This booking is for %s, not for today (%s).",
                 tx->booking_date, tx->today);
        return checkin_refuse(&tx->refusal, PROBLEM_NOT_TODAY, detail);
    }
    if (tx->location != 0 && tx->location != tx->booking_location) {
        snprintf(detail, sizeof detail,
                 "This booking is for location %lld, not this one.",
                 (long long)tx->booking_location);
        return checkin_refuse(&tx->refusal, PROBLEM_OTHER_LOCATION, detail);
    }
    st = store_floor_booking_progress(db, tx->booking_id, &progress);
    if (st == STATUS_OK && progress.checked_in) {
        return checkin_refuse(&tx->refusal, PROBLEM_ALREADY_CHECKED_IN,
                              "This booking is checked in already; its "
                              "ticket is on the floor overview.");
    }
    return st;
}

static enum status
checkin_tx_run(struct db *db, void *ctx)
{
    struct checkin_tx *tx = ctx;
    struct store_floor_visit *visit = tx->visit;
    struct date date;
    enum status st;

    tx->n_legs = 0;
    tx->booking_id = 0;
    day_free(tx->day);
    tx->day = NULL;
    st = store_booking_find(db, tx->code, 0, checkin_keep_booking, tx);
    if (st == STATUS_NOT_FOUND) {
        return checkin_refuse(&tx->refusal, PROBLEM_NOT_FOUND,
                              "No booking with this code.");
    }
    if (st == STATUS_OK) {
        st = checkin_check_booking(tx, db);
    }
    if (st == STATUS_OK) {
        st = store_booking_legs_each(db, tx->booking_id, checkin_keep_leg, tx);
    }
    if (st == STATUS_OK && tx->n_legs == 0) {
        st = STATUS_INTERNAL; /* a booked booking has legs */
    }
    if (st == STATUS_OK) {
        (void)date_parse(tx->today, DATE_ISO_LEN, &date);
        st = day_load_catalogue(db, tx->booking_location, date, &tx->day);
    }
    if (st != STATUS_OK) {
        return st;
    }
    memset(visit, 0, sizeof *visit);
    visit->location_id = tx->booking_location;
    snprintf(visit->date, sizeof visit->date, "%s", tx->today);
    visit->booking_id = tx->booking_id;
    snprintf(visit->booking_code, sizeof visit->booking_code, "%s", tx->code);
    visit->persons = tx->persons;
    snprintf(visit->given_names, sizeof visit->given_names, "%s",
             tx->given_names);
    snprintf(visit->surname, sizeof visit->surname, "%s", tx->surname);
    {
        struct floor_leg legs[FLOOR_MAX_LEGS];
        for (int i = 0; i < tx->n_legs; i++) {
            int k = day_service_by_id(tx->day, tx->leg_service[i]);
            time_t at;
            if (k < 0 || !clock_from_local(tx->today, tx->leg_minute[i], &at) ||
                floor_leg_init(&legs[i], k, 0, (int64_t)at) != STATUS_OK) {
                return STATUS_INTERNAL;
            }
            visit->legs[i].service_id = tx->leg_service[i];
            visit->legs[i].booking_leg_id = tx->leg_id[i];
        }
        if (floor_visit_init(&visit->v, legs, tx->n_legs) != STATUS_OK) {
            return STATUS_INTERNAL;
        }
    }
    st =
        checkin_insert(db, tx->req, visit, CHECKIN_LETTER_BOOKED, &tx->refusal);
    if (st == STATUS_OK && !floor_set_kinds(tx->day, visit)) {
        st = STATUS_INTERNAL;
    }
    return st;
}

/* A booking code as typed: letters in either case, spaces and dashes
 * ignored. False when it cannot be one. */
static bool
checkin_code(const char *text, char out[STORE_BOOKING_CODE_LEN + 1])
{
    size_t n = 0;

    for (; *text != '\0'; text++) {
        char c = *text;
        if (c == ' ' || c == '-') {
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ||
            n == STORE_BOOKING_CODE_LEN) {
            return false;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    return n == STORE_BOOKING_CODE_LEN;
}

static void
checkin_reply_visit(struct http_request *req, struct day *day,
                    struct store_floor_visit *visit, const char *kind)
{
    int leg = floor_visit_active_leg(&visit->v);

    floor_announce(req, visit->location_id, kind, visit->id,
                   leg >= 0 ? visit->legs[leg].id : 0, 0, false);
    reply_json(req, 201, floor_visit_json(day, visit, floor_now(&visit->v)));
}

void
api_check_ins_post(struct http_request *req)
{
    struct checkin_tx *tx = calloc(1, sizeof *tx);
    const json_t *location = json_object_get(req->json, "location");
    enum status st;

    if (tx == NULL || (tx->visit = calloc(1, sizeof *tx->visit)) == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    if (!checkin_code(json_string_value(json_object_get(req->json, "code")),
                      tx->code)) {
        json_t *invalid = json_array();
        invalid_add(invalid, "code",
                    "must be the 8-character booking code of the "
                    "confirmation");
        reply_invalid(req, invalid, NULL);
        goto out;
    }
    tx->req = req;
    tx->location = location ? (int64_t)json_integer_value(location) : 0;
    floor_today(tx->today);
    st = db_transaction(request_db(req), checkin_tx_run, tx);
    if (st == STATUS_CONFLICT && tx->refusal.detail[0] != '\0') {
        checkin_reply_refusal(req, &tx->refusal);
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        checkin_reply_visit(req, tx->day, tx->visit, "check-in");
    }
out:
    if (tx != NULL) {
        day_free(tx->day);
        free(tx->visit);
        json_decref(tx->refusal.invalid);
    }
    free(tx);
}

/* ---- the day's expected visitors ---- */

struct checkin_expected {
    json_t *items;
    const char *date;
    struct floor_rules rules;
    int64_t now;
};

/* Whether a visitor of this first appointment would check in late now,
 * and whether they may be marked a no-show: core/floor's rules, asked of
 * a visit of that one appointment. */
static void
checkin_expected_rules(const struct checkin_expected *x, int minute, bool *late,
                       bool *no_show_due)
{
    struct floor_leg leg;
    struct floor_visit visit;
    struct floor_ticket ticket = {FLOOR_TICKET_LETTERS[0], 1};
    struct floor_args args = {.now = x->now, .rules = &x->rules};
    time_t at;

    *late = false;
    *no_show_due = false;
    if (!clock_from_local(x->date, minute, &at) ||
        floor_leg_init(&leg, 0, 0, (int64_t)at) != STATUS_OK ||
        floor_visit_init(&visit, &leg, 1) != STATUS_OK) {
        return;
    }
    *no_show_due = floor_visit_no_show_due(&visit, &x->rules, x->now);
    if (floor_visit_apply(&visit, -1, FLOOR_CHECK_IN, &args, &ticket, NULL) ==
        STATUS_OK) {
        *late = visit.late;
    }
}

static enum status
checkin_expected_add(void *ctx, const struct store_floor_expected *row)
{
    struct checkin_expected *x = ctx;
    char at[SLOT_HHMM_LEN + 1];
    bool late;
    bool no_show_due;

    slot_format_hhmm(row->first_minute, at);
    checkin_expected_rules(x, row->first_minute, &late, &no_show_due);
    return json_array_append_new(
               x->items,
               json_pack("{s:s, s:s, s:s, s:i, s:s, s:b, s:b}", "code",
                         row->code, "givenNames", row->given_names, "surname",
                         row->surname, "persons", row->persons,
                         "firstAppointment", at, "late", late, "noShowDue",
                         no_show_due)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

void
api_expected_visitors_get(struct http_request *req)
{
    json_t *invalid = json_array();
    json_t *items = json_array();
    struct checkin_expected expected;
    const char *q = request_query(req, "q");
    char date_text[11];
    struct date date = {0};
    bool has_date = false;
    long location = 0;
    enum status st;

    params_query_int(req, "location", 1, INT32_MAX, &location, invalid);
    params_query_date(req, "date", &date, &has_date, invalid);
    if (request_query(req, "location") == NULL) {
        invalid_add(invalid, "location", "is required");
    }
    if (q != NULL && strlen(q) > CHECKIN_QUERY_MAX) {
        invalid_add(invalid, "q", "is longer than 200 bytes");
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
    }
    expected.items = items;
    expected.date = date_text;
    expected.rules = floor_rules_of(&req->app->cfg);
    expected.now = floor_now(NULL);
    st = store_floor_expected_each(request_db(req), location, date_text,
                                   q ? q : "", CHECKIN_EXPECTED_MAX,
                                   checkin_expected_add, &expected);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    reply_json(req, 200,
               json_pack("{s:I, s:s, s:O}", "location", (json_int_t)location,
                         "date", date_text, "items", items));
out:
    json_decref(items);
    json_decref(invalid);
}

/* ---- walk-ins ---- */

struct walk_in_tx {
    struct http_request *req;
    int64_t location;
    const char *service;
    int persons;
    char today[11];
    struct checkin_refusal refusal;
    struct day *day;
    struct store_floor_visit *visit;
    /* capacity: desks that may take the service, what is queued for them */
    uint64_t desks; /* bit d: desk index d of the day */
    int64_t demand; /* minutes */
    int64_t supply; /* minutes */
};

/* The minutes a desk of the day is still open today from minute on. */
static int64_t
walk_in_open_minutes(const struct day *day, int d, int minute)
{
    int slots = 1440 / day->slot_minutes;
    int first = (minute + day->slot_minutes - 1) / day->slot_minutes;
    int64_t n = 0;

    for (int s = first; s < slots; s++) {
        if (dayset_test(&day->desks[d].open, s)) {
            n++;
        }
    }
    return n * day->slot_minutes;
}

static enum status
walk_in_desk_state(void *ctx, int64_t desk_id, const char *state,
                   int64_t officer_id)
{
    struct walk_in_tx *tx = ctx;
    int d = day_desk_index(tx->day, desk_id);

    (void)officer_id;
    /* A desk closed for the day takes nobody; one not opened yet will be. */
    if (d >= 0 && strcmp(state, "closed") == 0 && officer_id != 0) {
        tx->desks &= ~(UINT64_C(1) << d);
    }
    return STATUS_OK;
}

static enum status
walk_in_queued(void *ctx, const struct store_floor_waiting *w)
{
    struct walk_in_tx *tx = ctx;
    int k = day_service_by_id(tx->day, w->service_id);

    for (int d = 0; k >= 0 && d < tx->day->n_desks; d++) {
        if ((tx->desks >> d & 1) && (tx->day->desks[d].services >> k & 1) &&
            (w->entry.desk == 0 || w->entry.desk == tx->day->desks[d].id)) {
            tx->demand +=
                w->service_minutes + w->extra_minutes * (w->persons - 1);
            break;
        }
    }
    return STATUS_OK;
}

/* Whether the desks that perform service k can take one more visitor of
 * it today: what waits for them plus this one, against their remaining
 * opening time. */
static enum status
walk_in_capacity(struct db *db, struct walk_in_tx *tx, int k)
{
    const struct day_service *svc = &tx->day->services[k];
    char date[11];
    int minute;
    enum status st;

    clock_local(clock_now(), date, &minute);
    tx->desks = 0;
    for (int d = 0; d < tx->day->n_desks; d++) {
        if (tx->day->desks[d].active && (tx->day->desks[d].services >> k & 1)) {
            tx->desks |= UINT64_C(1) << d;
        }
    }
    st = store_floor_desk_states_each(db, tx->location, tx->today,
                                      walk_in_desk_state, tx);
    tx->demand = svc->minutes +
                 svc->extra_minutes_per_person * (int64_t)(tx->persons - 1);
    tx->supply = 0;
    if (st == STATUS_OK) {
        st = store_floor_waiting_each(db, tx->location, tx->today,
                                      walk_in_queued, tx);
    }
    for (int d = 0; d < tx->day->n_desks; d++) {
        if (tx->desks >> d & 1) {
            tx->supply += walk_in_open_minutes(tx->day, d, minute);
        }
    }
    if (st == STATUS_OK && tx->demand > tx->supply) {
        char detail[200];
        snprintf(detail, sizeof detail,
                 "The desks for %s are open %lld more minutes today and "
                 "%lld minutes of visitors would wait for them.",
                 svc->code, (long long)tx->supply, (long long)tx->demand);
        return checkin_refuse(&tx->refusal, PROBLEM_NO_CAPACITY, detail);
    }
    return st;
}

static enum status
walk_in_tx_run(struct db *db, void *ctx)
{
    struct walk_in_tx *tx = ctx;
    struct store_floor_visit *visit = tx->visit;
    struct floor_leg leg;
    struct date date;
    int k;
    enum status st;

    day_free(tx->day);
    tx->day = NULL;
    (void)date_parse(tx->today, DATE_ISO_LEN, &date);
    st = day_load_catalogue(db, tx->location, date, &tx->day);
    if (st == STATUS_NOT_FOUND) {
        tx->refusal.invalid = json_array();
        invalid_add(tx->refusal.invalid, "location", "is not a known location");
        tx->refusal.problem = PROBLEM_INVALID_PARAMS;
        snprintf(tx->refusal.detail, sizeof tx->refusal.detail, "location");
        return STATUS_CONFLICT;
    }
    if (st != STATUS_OK) {
        return st;
    }
    k = day_service_index(tx->day, tx->service);
    if (k < 0 || !tx->day->services[k].active) {
        tx->refusal.invalid = json_array();
        invalid_add(tx->refusal.invalid, "service",
                    "is not a service of the catalogue offered now");
        tx->refusal.problem = PROBLEM_INVALID_PARAMS;
        snprintf(tx->refusal.detail, sizeof tx->refusal.detail, "service");
        return STATUS_CONFLICT;
    }
    st = walk_in_capacity(db, tx, k);
    if (st != STATUS_OK) {
        return st;
    }
    if (floor_leg_init(&leg, k, 0, FLOOR_TIME_NONE) != STATUS_OK) {
        return STATUS_INTERNAL;
    }
    memset(visit, 0, sizeof *visit);
    visit->location_id = tx->location;
    snprintf(visit->date, sizeof visit->date, "%s", tx->today);
    visit->persons = tx->persons;
    snprintf(visit->given_names, sizeof visit->given_names, "%s",
             json_string_value(json_object_get(tx->req->json, "givenNames")));
    snprintf(visit->surname, sizeof visit->surname, "%s",
             json_string_value(json_object_get(tx->req->json, "surname")));
    visit->legs[0].service_id = tx->day->services[k].id;
    if (floor_visit_init(&visit->v, &leg, 1) != STATUS_OK) {
        return STATUS_INTERNAL;
    }
    st = checkin_insert(db, tx->req, visit, CHECKIN_LETTER_WALK_IN,
                        &tx->refusal);
    if (st == STATUS_OK && !floor_set_kinds(tx->day, visit)) {
        st = STATUS_INTERNAL;
    }
    return st;
}

void
api_walk_ins_post(struct http_request *req)
{
    struct walk_in_tx *tx = calloc(1, sizeof *tx);
    const json_t *persons = json_object_get(req->json, "persons");
    enum status st;

    if (tx == NULL || (tx->visit = calloc(1, sizeof *tx->visit)) == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    tx->req = req;
    tx->location =
        (int64_t)json_integer_value(json_object_get(req->json, "location"));
    tx->service = json_string_value(json_object_get(req->json, "service"));
    tx->persons = persons ? (int)json_integer_value(persons) : 1;
    floor_today(tx->today);
    st = db_transaction(request_db(req), walk_in_tx_run, tx);
    if (st == STATUS_CONFLICT && tx->refusal.detail[0] != '\0') {
        checkin_reply_refusal(req, &tx->refusal);
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        checkin_reply_visit(req, tx->day, tx->visit, "walk-in");
    }
out:
    if (tx != NULL) {
        day_free(tx->day);
        free(tx->visit);
        json_decref(tx->refusal.invalid);
    }
    free(tx);
}
