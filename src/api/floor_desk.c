/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The desk console: an officer opens and closes their desk for the day,
 * reads its queue in order and calls the next visitor or a chosen one.
 * Two officers calling at the same moment never get the same visitor: the
 * call is a conditional update of a leg still waiting, inside the write
 * transaction, and a call that finds its candidate taken tries the next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bilingual.h"
#include "api/floor_common.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"

static const struct body_field api_call_fields[] = {
    {"leg", BODY_INTEGER, false, false, 1, INT32_MAX,
     "the visit leg to call (from the queue); absent: the next in order"},
};
const struct body_spec api_call_body = BODY_SPEC("CallInput", api_call_fields);

/* A desk of the path, found and with the caller allowed to act for it.
 * Replies and returns false otherwise. */
static bool
desk_of_path(struct http_request *req, bool acting,
             struct store_floor_desk *desk)
{
    int64_t id;
    enum status st;

    if (!params_path_id(req, 0, &id)) {
        return false;
    }
    st = store_floor_desk_find(request_db(req), id, desk);
    if (st == STATUS_NOT_FOUND) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such desk.");
        return false;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    return !acting || floor_may_act_for(req, desk->agency_id);
}

/* Loads the catalogue of the desk's location today into *day (out) and
 * the desk's index in it (out). */
static enum status
desk_day(struct db *db, const struct store_floor_desk *desk, const char *today,
         struct day **day, int *index)
{
    struct date date;
    enum status st;

    (void)date_parse(today, DATE_ISO_LEN, &date);
    st = day_load_catalogue(db, desk->location_id, date, day);
    if (st == STATUS_OK) {
        *index = day_desk_index(*day, desk->id);
        if (*index < 0) {
            st = STATUS_INTERNAL; /* the desk is of this location */
        }
    }
    return st;
}

/* ---- opening and closing ---- */

struct desk_state_tx {
    struct http_request *req;
    const struct store_floor_desk *desk;
    const char *state; /* "open" or "closed" */
    char today[11];
    char busy_detail[128];
};

static enum status
desk_state_tx_run(struct db *db, void *ctx)
{
    struct desk_state_tx *tx = ctx;
    int64_t now = floor_now(NULL);
    int64_t leg = 0;
    enum status st;

    tx->busy_detail[0] = '\0';
    if (strcmp(tx->state, "closed") == 0) {
        st = store_floor_desk_busy(db, tx->desk->id, &leg);
        if (st == STATUS_OK) {
            snprintf(tx->busy_detail, sizeof tx->busy_detail,
                     "Complete, park or transfer visit leg %lld before "
                     "closing the desk.",
                     (long long)leg);
            return STATUS_CONFLICT;
        }
        if (st != STATUS_NOT_FOUND) {
            return st;
        }
    }
    st = store_floor_desk_set(db, tx->desk->id, tx->today, tx->state,
                              tx->req->auth.user_id, now);
    if (st == STATUS_OK) {
        struct store_floor_event ev = {
            .at = now,
            .location_id = tx->desk->location_id,
            .date = tx->today,
            .kind = strcmp(tx->state, "open") == 0 ? "desk_open" : "desk_close",
            .desk_id = tx->desk->id,
            .user_id = tx->req->auth.user_id,
        };
        st = store_floor_event_add(db, &ev);
    }
    return st;
}

static void
desk_set_state(struct http_request *req, const char *state)
{
    struct store_floor_desk desk;
    struct desk_state_tx tx = {req, &desk, state, "", ""};
    enum status st;

    if (!desk_of_path(req, true, &desk)) {
        return;
    }
    if (!desk.active) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "This desk is not in use; an administrator can make "
                      "it active.");
        return;
    }
    floor_today(tx.today);
    st = db_transaction(request_db(req), desk_state_tx_run, &tx);
    if (st == STATUS_CONFLICT && tx.busy_detail[0] != '\0') {
        reply_problem(req, PROBLEM_DESK_BUSY, tx.busy_detail);
        return;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    floor_announce(req, desk.location_id,
                   strcmp(state, "open") == 0 ? "desk-open" : "desk-close", 0,
                   0, desk.id, false);
    reply_json(req, 200,
               json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)desk.id,
                         "code", desk.code, "date", tx.today, "location",
                         (json_int_t)desk.location_id, "state", state));
}

void
api_desks_post_open(struct http_request *req)
{
    desk_set_state(req, "open");
}

void
api_desks_post_close(struct http_request *req)
{
    desk_set_state(req, "closed");
}

/* ---- the queue ---- */

struct desk_queue {
    const struct day *day;
    int desk_index;
    int n;
    struct floor_entry *entries; /* FLOOR_MAX_QUEUE */
    int64_t *leg_ids;            /* in step with entries, until sorted */
    int64_t *visit_ids;          /* the same, ascending: a visit has one
                                    waiting leg at most */
};

/* The waiting leg of visit_id, after the entries were sorted. */
static int64_t
desk_queue_leg(const struct desk_queue *q, int64_t visit_id)
{
    int lo = 0;
    int hi = q->n;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (q->visit_ids[mid] < visit_id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < q->n && q->visit_ids[lo] == visit_id ? q->leg_ids[lo] : 0;
}

/* Keeps the waiting legs the desk may call. */
static enum status
desk_queue_add(void *ctx, const struct store_floor_waiting *w)
{
    struct desk_queue *q = ctx;
    const struct day_desk *d = &q->day->desks[q->desk_index];
    struct floor_entry e = w->entry;
    int k = day_service_by_id(q->day, w->service_id);

    if (k < 0 || q->n == FLOOR_MAX_QUEUE) {
        return STATUS_OK;
    }
    e.service = k;
    if (!floor_entry_eligible(&e, d->id, d->services)) {
        return STATUS_OK;
    }
    q->entries[q->n] = e;
    q->leg_ids[q->n] = w->leg_id;
    q->visit_ids[q->n] = e.visit_id;
    q->n++;
    return STATUS_OK;
}

static void
desk_queue_free(struct desk_queue *q)
{
    free(q->entries);
    free(q->leg_ids);
    free(q->visit_ids);
}

/* Reads the desk's queue (not ordered). */
static enum status
desk_queue_load(struct db *db, const struct store_floor_desk *desk,
                const char *today, struct desk_queue *q)
{
    q->n = 0;
    if (q->entries == NULL) {
        q->entries = calloc(FLOOR_MAX_QUEUE, sizeof *q->entries);
        q->leg_ids = calloc(FLOOR_MAX_QUEUE, sizeof *q->leg_ids);
        q->visit_ids = calloc(FLOOR_MAX_QUEUE, sizeof *q->visit_ids);
    }
    if (q->entries == NULL || q->leg_ids == NULL || q->visit_ids == NULL) {
        return STATUS_NOMEM;
    }
    return store_floor_waiting_each(db, desk->location_id, today,
                                    desk_queue_add, q);
}

void
api_desks_get_queue(struct http_request *req)
{
    struct store_floor_desk desk;
    struct desk_queue q = {0};
    struct day *day = NULL;
    struct floor_rules rules = floor_rules_of(&req->app->cfg);
    json_t *items = NULL;
    char today[11];
    int64_t now = floor_now(NULL);
    enum status st;

    if (!desk_of_path(req, false, &desk)) {
        return;
    }
    floor_today(today);
    st = desk_day(request_db(req), &desk, today, &day, &q.desk_index);
    q.day = day;
    if (st == STATUS_OK) {
        st = desk_queue_load(request_db(req), &desk, today, &q);
    }
    if (st == STATUS_OK) {
        st = floor_queue_order(q.entries, q.n, &rules, now);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    items = json_array();
    for (int i = 0; i < q.n; i++) {
        const struct floor_entry *e = &q.entries[i];
        const struct day_service *svc = &day->services[e->service];
        char ticket[FLOOR_TICKET_TEXT];
        (void)floor_ticket_format(&e->ticket, ticket);
        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:i, s:s, s:{s:s, s:o}, s:o, s:o, s:o, "
                      "s:I, s:b, s:b}",
                      "leg", (json_int_t)desk_queue_leg(&q, e->visit_id),
                      "visit", (json_int_t)e->visit_id, "position", e->leg,
                      "ticket", ticket, "service", "code", svc->code, "name",
                      bilingual_json(svc->name_en, svc->name_nl),
                      "appointmentAt", floor_time_json(e->appointment),
                      "arrivedAt", floor_time_json(e->arrival), "queuedAt",
                      floor_time_json(e->queued_at), "waitingSeconds",
                      (json_int_t)(now - e->queued_at), "late", e->late,
                      "forThisDesk", e->desk == desk.id));
    }
    reply_json(req, 200,
               json_pack("{s:o, s:s, s:o}", "desk",
                         floor_desk_json(day, desk.id), "date", today, "items",
                         items));
out:
    day_free(day);
    desk_queue_free(&q);
}

/* ---- calling ---- */

struct call_tx {
    struct http_request *req;
    const struct store_floor_desk *desk;
    int64_t chosen_leg; /* 0: the next */
    char today[11];
    struct day *day;
    struct desk_queue q;
    struct store_floor_visit *visit;
    /* a refusal */
    enum problem problem;
    char detail[256];
};

static enum status
call_refuse(struct call_tx *tx, enum problem problem, const char *detail)
{
    tx->problem = problem;
    snprintf(tx->detail, sizeof tx->detail, "%s", detail);
    return STATUS_CONFLICT;
}

/* Calls leg leg_id of the waiting queue: loads its visit and applies the
 * call. STATUS_CONFLICT with tx->detail empty: taken meanwhile. */
static enum status
call_leg(struct db *db, struct call_tx *tx, int64_t leg_id)
{
    struct floor_rules rules = floor_rules_of(&tx->req->app->cfg);
    const struct day_desk *d = &tx->day->desks[tx->q.desk_index];
    struct floor_args args = {0};
    const char *reason = NULL;
    int64_t visit_id = 0;
    int i = -1;
    enum status st;

    st = store_floor_leg_visit(db, leg_id, &visit_id);
    if (st == STATUS_OK) {
        st = store_floor_visit_load(db, visit_id, tx->visit);
    }
    if (st == STATUS_NOT_FOUND ||
        (st == STATUS_OK && (tx->visit->location_id != tx->desk->location_id ||
                             strcmp(tx->visit->date, tx->today) != 0))) {
        return call_refuse(tx, PROBLEM_NOT_FOUND,
                           "No visit leg of today at this location with "
                           "this id.");
    }
    if (st != STATUS_OK) {
        return st;
    }
    if (!floor_set_kinds(tx->day, tx->visit)) {
        return STATUS_INTERNAL;
    }
    for (int k = 0; k < tx->visit->v.n_legs; k++) {
        if (tx->visit->legs[k].id == leg_id) {
            i = k;
        }
    }
    args.now = floor_now(&tx->visit->v);
    args.desk = d->id;
    args.desk_services = d->services;
    args.rules = &rules;
    st = floor_visit_step(db, tx->visit, i, FLOOR_CALL, &args, d->id,
                          tx->req->auth.user_id, &reason);
    if (st == STATUS_CONFLICT && reason != NULL) {
        return call_refuse(tx, PROBLEM_TRANSITION_REFUSED, reason);
    }
    return st;
}

static enum status
call_tx_run(struct db *db, void *ctx)
{
    struct call_tx *tx = ctx;
    struct floor_rules rules = floor_rules_of(&tx->req->app->cfg);
    char state[8];
    int64_t officer = 0;
    int64_t busy = 0;
    enum status st;

    tx->detail[0] = '\0';
    day_free(tx->day);
    tx->day = NULL;
    st = store_floor_desk_state(db, tx->desk->id, tx->today, state, &officer);
    if (st == STATUS_OK && strcmp(state, "open") != 0) {
        return call_refuse(tx, PROBLEM_DESK_CLOSED,
                           "This desk is closed: open it before calling "
                           "visitors.");
    }
    if (st == STATUS_OK) {
        st = store_floor_desk_busy(db, tx->desk->id, &busy);
        if (st == STATUS_OK) {
            return call_refuse(tx, PROBLEM_DESK_BUSY,
                               "This desk has a visitor called or being "
                               "served: start, complete, park or transfer "
                               "them first.");
        }
        st = st == STATUS_NOT_FOUND ? STATUS_OK : st;
    }
    if (st == STATUS_OK) {
        st = desk_day(db, tx->desk, tx->today, &tx->day, &tx->q.desk_index);
    }
    if (st != STATUS_OK) {
        return st;
    }
    tx->q.day = tx->day;
    if (tx->chosen_leg != 0) {
        return call_leg(db, tx, tx->chosen_leg);
    }
    st = desk_queue_load(db, tx->desk, tx->today, &tx->q);
    while (st == STATUS_OK) {
        int next = -1;
        int64_t now = floor_now(NULL);
        const struct day_desk *d = &tx->day->desks[tx->q.desk_index];

        st = floor_pick_next(tx->q.entries, tx->q.n, d->id, d->services, &rules,
                             now, &next);
        if (st == STATUS_NOT_FOUND) {
            return call_refuse(tx, PROBLEM_QUEUE_EMPTY,
                               "Nobody is waiting for this desk.");
        }
        if (st != STATUS_OK) {
            break;
        }
        st = call_leg(db, tx, tx->q.leg_ids[next]);
        if (st != STATUS_CONFLICT) {
            break;
        }
        /* Taken or refused meanwhile: drop the candidate, try the next. */
        tx->detail[0] = '\0';
        tx->q.n--;
        tx->q.entries[next] = tx->q.entries[tx->q.n];
        tx->q.leg_ids[next] = tx->q.leg_ids[tx->q.n];
        tx->q.visit_ids[next] = tx->q.visit_ids[tx->q.n];
        st = STATUS_OK;
    }
    return st;
}

void
api_desks_post_call(struct http_request *req)
{
    struct store_floor_desk desk;
    struct call_tx *tx = NULL;
    const json_t *leg = json_object_get(req->json, "leg");
    enum status st;

    if (!desk_of_path(req, true, &desk)) {
        return;
    }
    tx = calloc(1, sizeof *tx);
    if (tx == NULL || (tx->visit = calloc(1, sizeof *tx->visit)) == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    tx->req = req;
    tx->desk = &desk;
    tx->chosen_leg = leg ? (int64_t)json_integer_value(leg) : 0;
    floor_today(tx->today);
    st = db_transaction(request_db(req), call_tx_run, tx);
    if (st == STATUS_CONFLICT && tx->detail[0] != '\0') {
        reply_problem(req, tx->problem, tx->detail);
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        int active = floor_visit_active_leg(&tx->visit->v);
        int64_t called = active >= 0 ? tx->visit->legs[active].id : 0;
        json_t *body =
            floor_visit_json(tx->day, tx->visit, floor_now(&tx->visit->v));
        floor_announce(req, desk.location_id, "call", tx->visit->id, called,
                       desk.id, true);
        json_object_set_new(body, "calledLeg", json_integer(called));
        reply_json(req, 201, body);
    }
out:
    if (tx != NULL) {
        day_free(tx->day);
        desk_queue_free(&tx->q);
        free(tx->visit);
    }
    free(tx);
}
