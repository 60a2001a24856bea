/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The steps of one visit leg after its call (recall, start, park, unpark,
 * no-show, complete with the outcome the service requires, transfer,
 * cancel) and a visitor's early departure. Each step is core/floor's
 * transition, written back in one transaction with its event; completing
 * a leg puts the visitor in the queue of the next one at once. A
 * registration completed with a BSN records it sealed (typed in, or issued
 * from the pool), never in plain text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/floor_common.h"
#include "core/bsn.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/bsn_pool.h"
#include "util/crypto.h"

/* Longest reason for a service not done, in characters. */
#define LEGS_REASON_MAX 500

static const struct body_field api_leg_complete_fields[] = {
    {"outcome", BODY_OBJECT, false, false, 0, 0,
     "what came out of it, as the service's outcome kind requires: "
     "registration {bsnIssued, bsn | fromPool, reason}; ind-document "
     "{documentHandedOver}; ind-biometrics {biometricsTaken}; ind-sticker "
     "{stickerPlaced}; ind-return-visa {returnVisaIssued}; none {served} "
     "(optional); a false one needs a reason"},
};
const struct body_spec api_leg_complete_body =
    BODY_SPEC("LegCompleteInput", api_leg_complete_fields);

static const struct body_field api_leg_transfer_fields[] = {
    {"desk", BODY_INTEGER, true, false, 1, INT32_MAX,
     "the desk to send the visitor to (one that performs the service)"},
};
const struct body_spec api_leg_transfer_body =
    BODY_SPEC("LegTransferInput", api_leg_transfer_fields);

/* The outcome kinds of services.outcome: the member that says whether it
 * was done, and core's outcome when it was. */
static const struct {
    const char *kind;
    const char *member;
    enum floor_outcome done;
} legs_kinds[] = {
    {"none", "served", FLOOR_OUTCOME_SERVED},
    {"registration", "bsnIssued", FLOOR_OUTCOME_BSN_ISSUED},
    {"ind-document", "documentHandedOver", FLOOR_OUTCOME_DOCUMENT_HANDED},
    {"ind-biometrics", "biometricsTaken", FLOOR_OUTCOME_BIOMETRICS_TAKEN},
    {"ind-sticker", "stickerPlaced", FLOOR_OUTCOME_STICKER_PLACED},
    {"ind-return-visa", "returnVisaIssued", FLOOR_OUTCOME_RETURN_VISA},
};
#define LEGS_KIND_COUNT (sizeof legs_kinds / sizeof legs_kinds[0])

enum legs_bsn { LEGS_BSN_NONE, LEGS_BSN_TYPED, LEGS_BSN_POOL };

struct legs_outcome {
    enum floor_outcome outcome;
    char record[STORE_FLOOR_OUTCOME_MAX]; /* JSON, never a BSN */
    enum legs_bsn bsn_mode;
    char bsn[BSN_TEXT];
};

static void
legs_invalid(json_t *invalid, const char *member, const char *reason)
{
    char name[64];

    snprintf(name, sizeof name, "outcome.%s", member);
    invalid_add(invalid, name, reason);
}

/* Reads the registration's BSN members of o (bsnIssued is true). */
static void
legs_read_bsn(const json_t *o, struct legs_outcome *out, json_t *invalid)
{
    const json_t *bsn = json_object_get(o, "bsn");
    const json_t *pool = json_object_get(o, "fromPool");

    if (pool != NULL && !json_is_boolean(pool)) {
        legs_invalid(invalid, "fromPool", "must be true or false");
        return;
    }
    if ((bsn != NULL) == (pool != NULL && json_is_true(pool))) {
        legs_invalid(invalid, "bsn",
                     "give either the BSN issued (9 digits), or fromPool: "
                     "true to issue the next number of the pool");
        return;
    }
    if (bsn != NULL) {
        const char *text = json_string_value(bsn);
        enum bsn_error e = text ? bsn_check_bytes(text, json_string_length(bsn))
                                : BSN_ERR_COUNT;
        if (text == NULL || e != BSN_OK) {
            legs_invalid(invalid, "bsn",
                         text ? bsn_error_text(e)
                              : "must be a string of 9 digits");
            return;
        }
        snprintf(out->bsn, sizeof out->bsn, "%s", text);
        out->bsn_mode = LEGS_BSN_TYPED;
    } else {
        out->bsn_mode = LEGS_BSN_POOL;
    }
}

/* Reads the completion's outcome o (may be NULL) for a service of outcome
 * kind into out; names each bad member in invalid. */
static void
legs_read_outcome(const char *kind, const json_t *o, struct legs_outcome *out,
                  json_t *invalid)
{
    size_t k = 0;
    const json_t *flag;
    const json_t *reason;
    const char *member;
    const json_t *v;
    json_t *record = NULL;

    memset(out, 0, sizeof *out);
    while (k < LEGS_KIND_COUNT && strcmp(legs_kinds[k].kind, kind) != 0) {
        k++;
    }
    if (k == LEGS_KIND_COUNT) {
        k = 0; /* the catalogue's check keeps other kinds out */
    }
    if (o == NULL && k == 0) {
        out->outcome = FLOOR_OUTCOME_SERVED;
        snprintf(out->record, sizeof out->record, "{\"served\":true}");
        return;
    }
    if (o == NULL) {
        char why[128];
        snprintf(why, sizeof why,
                 "is required for this service: {%s: true} "
                 "or {%s: false, reason}",
                 legs_kinds[k].member, legs_kinds[k].member);
        invalid_add(invalid, "outcome", why);
        return;
    }
    json_object_foreach((json_t *)(uintptr_t)o, member, v)
    {
        bool known = strcmp(member, legs_kinds[k].member) == 0 ||
                     strcmp(member, "reason") == 0 ||
                     (k == 1 && (strcmp(member, "bsn") == 0 ||
                                 strcmp(member, "fromPool") == 0));
        if (!known) {
            legs_invalid(invalid, member, "is not recorded for this service");
        }
    }
    flag = json_object_get(o, legs_kinds[k].member);
    reason = json_object_get(o, "reason");
    if (!json_is_boolean(flag)) {
        legs_invalid(invalid, legs_kinds[k].member, "must be true or false");
        return;
    }
    if (json_is_false(flag) &&
        (!json_is_string(reason) || json_string_length(reason) == 0 ||
         json_string_length(reason) > LEGS_REASON_MAX)) {
        legs_invalid(invalid, "reason",
                     "is required when it was not done: 1 to 500 characters");
        return;
    }
    if (json_is_true(flag) && reason != NULL) {
        legs_invalid(invalid, "reason", "is only given when it was not done");
        return;
    }
    if (json_is_true(flag) && k == 1) {
        legs_read_bsn(o, out, invalid);
    } else if (k == 1 && (json_object_get(o, "bsn") != NULL ||
                          json_object_get(o, "fromPool") != NULL)) {
        legs_invalid(invalid, "bsn", "is only given when a BSN was issued");
    }
    if (json_array_size(invalid) > 0) {
        return;
    }
    if (json_is_true(flag)) {
        out->outcome = legs_kinds[k].done;
    } else {
        out->outcome =
            k == 1 ? FLOOR_OUTCOME_BSN_NOT_ISSUED : FLOOR_OUTCOME_NOT_DONE;
    }
    record = json_pack("{s:b}", legs_kinds[k].member, json_is_true(flag));
    if (reason != NULL) {
        json_object_set(record, "reason", (json_t *)(uintptr_t)reason);
    }
    if (out->bsn_mode != LEGS_BSN_NONE) {
        json_object_set_new(record, "fromPool",
                            json_boolean(out->bsn_mode == LEGS_BSN_POOL));
    }
    {
        char *text = json_dumps(record, JSON_COMPACT);
        if (text == NULL || strlen(text) >= sizeof out->record) {
            invalid_add(invalid, "outcome", "is too long");
        } else {
            snprintf(out->record, sizeof out->record, "%s", text);
        }
        free(text);
    }
    json_decref(record);
}

/* ---- one step of a leg ---- */

struct legs_tx {
    struct http_request *req;
    enum floor_action action;
    int64_t leg_id;
    int64_t visit_id; /* departure: the visit; 0 otherwise */
    int64_t target_desk;
    struct day *day;
    struct store_floor_visit *visit;
    int leg; /* index in the visit */
    struct legs_outcome outcome;
    bool announce_clear; /* the leg was called or served before the step */
    char issued_bsn[BSN_TEXT]; /* a BSN issued from the pool, to show */
    /* a refusal */
    enum problem problem;
    char detail[256];
    json_t *invalid;
};

static enum status
legs_refuse(struct legs_tx *tx, enum problem problem, const char *detail)
{
    tx->problem = problem;
    snprintf(tx->detail, sizeof tx->detail, "%s", detail);
    return STATUS_CONFLICT;
}

/* Loads the visit of the step and its day; finds the leg. */
static enum status
legs_load(struct db *db, struct legs_tx *tx)
{
    struct date date;
    int64_t visit_id = tx->visit_id;
    enum status st = STATUS_OK;

    day_free(tx->day);
    tx->day = NULL;
    tx->leg = -1;
    if (visit_id == 0) {
        st = store_floor_leg_visit(db, tx->leg_id, &visit_id);
    }
    if (st == STATUS_OK) {
        st = store_floor_visit_load(db, visit_id, tx->visit);
    }
    if (st == STATUS_NOT_FOUND) {
        return legs_refuse(tx, PROBLEM_NOT_FOUND,
                           tx->visit_id ? "No such visit." : "No such leg.");
    }
    if (st == STATUS_OK) {
        (void)date_parse(tx->visit->date, DATE_ISO_LEN, &date);
        st = day_load_catalogue(db, tx->visit->location_id, date, &tx->day);
    }
    if (st == STATUS_OK && !floor_set_kinds(tx->day, tx->visit)) {
        st = STATUS_INTERNAL;
    }
    for (int i = 0; st == STATUS_OK && i < tx->visit->v.n_legs; i++) {
        if (tx->visit->legs[i].id == tx->leg_id) {
            tx->leg = i;
        }
    }
    return st;
}

/* Officers act for the legs of their own agency's services. */
static enum status
legs_authorise(struct legs_tx *tx)
{
    const struct auth *auth = &tx->req->auth;
    int k = tx->visit->v.leg[tx->leg].service;

    if (auth->role == ROLE_OFFICER &&
        tx->day->services[k].agency_id != auth->agency_id) {
        return legs_refuse(tx, PROBLEM_FORBIDDEN,
                           "Desk officers act only for the services of "
                           "their own agency.");
    }
    return STATUS_OK;
}

/* Records the registration's BSN, sealed; from the pool when asked. */
static enum status
legs_record_bsn(struct db *db, struct legs_tx *tx, int64_t now)
{
    struct app *app = tx->req->app;
    struct store_bsn_issued issued;
    char issued_for[STORE_BSN_FOR_MAX];
    int64_t pool_id = 0;
    enum status st = STATUS_OK;

    memset(&issued, 0, sizeof issued);
    snprintf(issued_for, sizeof issued_for, "visit:%lld",
             (long long)tx->visit->id);
    if (tx->outcome.bsn_mode == LEGS_BSN_POOL) {
        st = store_bsn_pool_issue(db, app->key, tx->req->auth.user_id,
                                  issued_for, app->cfg.bsn_pool_low, &issued);
        if (st == STATUS_NOT_FOUND) {
            return legs_refuse(tx, PROBLEM_BSN_POOL_EMPTY,
                               "The BSN pool has no unused numbers: record "
                               "the number the BRP issued instead.");
        }
        if (st == STATUS_OK) {
            pool_id = issued.pool_id;
            snprintf(tx->outcome.bsn, sizeof tx->outcome.bsn, "%s", issued.bsn);
            snprintf(tx->issued_bsn, sizeof tx->issued_bsn, "%s", issued.bsn);
        }
        crypto_wipe(issued.bsn, sizeof issued.bsn);
    }
    if (st == STATUS_OK) {
        st = store_floor_bsn_insert(db, app->key, tx->visit->id,
                                    tx->visit->legs[tx->leg].id,
                                    tx->visit->booking_id, tx->outcome.bsn,
                                    pool_id, tx->req->auth.user_id, now);
        if (st == STATUS_CONFLICT) {
            return legs_refuse(tx, PROBLEM_CONFLICT,
                               "This BSN is recorded for another visitor "
                               "already.");
        }
    }
    return st;
}

static enum status
legs_tx_run(struct db *db, void *ctx)
{
    struct legs_tx *tx = ctx;
    struct floor_rules rules = floor_rules_of(&tx->req->app->cfg);
    struct floor_args args = {.rules = &rules};
    const char *reason = NULL;
    int64_t event_desk;
    enum floor_state was;
    enum status st;

    tx->detail[0] = '\0';
    tx->issued_bsn[0] = '\0';
    st = legs_load(db, tx);
    if (st == STATUS_OK && tx->leg < 0) {
        return legs_refuse(tx, PROBLEM_NOT_FOUND, "No such leg.");
    }
    if (st == STATUS_OK) {
        st = legs_authorise(tx);
    }
    if (st != STATUS_OK) {
        return st;
    }
    was = tx->visit->v.leg[tx->leg].state;
    tx->announce_clear = was == FLOOR_CALLED || was == FLOOR_SERVING;
    args.now = floor_now(&tx->visit->v);
    event_desk = tx->visit->v.leg[tx->leg].desk;
    if (tx->action == FLOOR_TRANSFER) {
        int d = day_desk_index(tx->day, tx->target_desk);
        if (d < 0) {
            tx->invalid = json_array();
            invalid_add(tx->invalid, "desk",
                        "is not a desk of this visit's location");
            return legs_refuse(tx, PROBLEM_INVALID_PARAMS, "desk");
        }
        args.desk = tx->target_desk;
        args.desk_services = tx->day->desks[d].services;
        event_desk = tx->target_desk;
    }
    if (tx->action == FLOOR_COMPLETE) {
        json_t *invalid = json_array();
        legs_read_outcome(tx->visit->legs[tx->leg].outcome_kind,
                          json_object_get(tx->req->json, "outcome"),
                          &tx->outcome, invalid);
        if (json_array_size(invalid) > 0) {
            tx->invalid = invalid;
            return legs_refuse(tx, PROBLEM_INVALID_PARAMS, "outcome");
        }
        json_decref(invalid);
        args.outcome = tx->outcome.outcome;
        snprintf(tx->visit->legs[tx->leg].outcome,
                 sizeof tx->visit->legs[tx->leg].outcome, "%s",
                 tx->outcome.record);
    }
    st = floor_visit_step(db, tx->visit, tx->leg, tx->action, &args, event_desk,
                          tx->req->auth.user_id, &reason);
    if (st == STATUS_CONFLICT && reason != NULL) {
        return legs_refuse(tx, PROBLEM_TRANSITION_REFUSED, reason);
    }
    if (st == STATUS_OK && tx->outcome.bsn_mode != LEGS_BSN_NONE) {
        st = legs_record_bsn(db, tx, args.now);
    }
    return st;
}

static void
legs_reply(struct http_request *req, struct legs_tx *tx)
{
    static const char *const kinds[FLOOR_ACTION_COUNT] = {
        [FLOOR_CHECK_IN] = "check-in",
        [FLOOR_CALL] = "call",
        [FLOOR_RECALL] = "recall",
        [FLOOR_START] = "start",
        [FLOOR_PARK] = "park",
        [FLOOR_UNPARK] = "unpark",
        [FLOOR_MARK_NO_SHOW] = "no-show",
        [FLOOR_COMPLETE] = "complete",
        [FLOOR_TRANSFER] = "transfer",
        [FLOOR_CANCEL] = "cancel",
    };
    json_t *body;

    floor_announce(req, tx->visit->location_id, kinds[tx->action],
                   tx->visit->id, tx->visit->legs[tx->leg].id,
                   tx->visit->legs[tx->leg].called_desk_id,
                   tx->action == FLOOR_RECALL || tx->announce_clear);
    body = floor_visit_json(tx->day, tx->visit, floor_now(&tx->visit->v));
    if (tx->outcome.bsn_mode != LEGS_BSN_NONE) {
        char object[48];
        snprintf(object, sizeof object, "visit:%lld", (long long)tx->visit->id);
        /* The officer who records or issues the number sees it once, to
         * hand it over; that read is in the audit log like any other. */
        (void)audit_event(req, NULL, "bsn.issue", object, "ok",
                          tx->outcome.bsn_mode == LEGS_BSN_POOL
                              ? "issued from the pool"
                              : "recorded as issued by the BRP");
        if (tx->issued_bsn[0] != '\0') {
            json_object_set_new(body, "issuedBsn", json_string(tx->issued_bsn));
        }
    }
    reply_json(req, 200, body);
}

static void
legs_step(struct http_request *req, enum floor_action action)
{
    struct legs_tx *tx = calloc(1, sizeof *tx);
    const json_t *desk = json_object_get(req->json, "desk");
    enum status st;

    if (tx == NULL || (tx->visit = calloc(1, sizeof *tx->visit)) == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    if (!params_path_id(req, 0, &tx->leg_id)) {
        goto out;
    }
    tx->req = req;
    tx->action = action;
    tx->target_desk = desk ? (int64_t)json_integer_value(desk) : 0;
    st = db_transaction(request_db(req), legs_tx_run, tx);
    if (st == STATUS_CONFLICT && tx->detail[0] != '\0') {
        if (tx->problem == PROBLEM_INVALID_PARAMS) {
            reply_invalid(req, tx->invalid, NULL);
            tx->invalid = NULL;
        } else {
            reply_problem(req, tx->problem, tx->detail);
        }
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        legs_reply(req, tx);
    }
out:
    if (tx != NULL) {
        crypto_wipe(tx->outcome.bsn, sizeof tx->outcome.bsn);
        crypto_wipe(tx->issued_bsn, sizeof tx->issued_bsn);
        day_free(tx->day);
        free(tx->visit);
        json_decref(tx->invalid);
    }
    free(tx);
}

void
api_visit_legs_post_recall(struct http_request *req)
{
    legs_step(req, FLOOR_RECALL);
}

void
api_visit_legs_post_start(struct http_request *req)
{
    legs_step(req, FLOOR_START);
}

void
api_visit_legs_post_park(struct http_request *req)
{
    legs_step(req, FLOOR_PARK);
}

void
api_visit_legs_post_unpark(struct http_request *req)
{
    legs_step(req, FLOOR_UNPARK);
}

void
api_visit_legs_post_no_show(struct http_request *req)
{
    legs_step(req, FLOOR_MARK_NO_SHOW);
}

void
api_visit_legs_post_complete(struct http_request *req)
{
    legs_step(req, FLOOR_COMPLETE);
}

void
api_visit_legs_post_transfer(struct http_request *req)
{
    legs_step(req, FLOOR_TRANSFER);
}

void
api_visit_legs_post_cancel(struct http_request *req)
{
    legs_step(req, FLOOR_CANCEL);
}

/* ---- leaving early ---- */

/* Ends what is left of the visit: a leg waiting (or after a called or
 * parked one is cancelled, the next one) is marked a no-show, which ends
 * the visit's remaining legs and stamps its departure. A visitor being
 * served is completed or transferred first. */
static enum status
legs_departure_run(struct db *db, void *ctx)
{
    struct legs_tx *tx = ctx;
    struct floor_rules rules = floor_rules_of(&tx->req->app->cfg);
    enum status st;

    tx->detail[0] = '\0';
    st = legs_load(db, tx);
    if (st == STATUS_OK && floor_visit_over(&tx->visit->v)) {
        return legs_refuse(tx, PROBLEM_TRANSITION_REFUSED,
                           "This visitor has left already.");
    }
    while (st == STATUS_OK && !floor_visit_over(&tx->visit->v)) {
        int i = floor_visit_active_leg(&tx->visit->v);
        struct floor_args args = {.rules = &rules};
        const char *reason = NULL;
        enum floor_action action;

        if (i < 0) {
            return STATUS_INTERNAL; /* checked in and not over */
        }
        switch (tx->visit->v.leg[i].state) {
        case FLOOR_WAITING:
            action = FLOOR_MARK_NO_SHOW;
            break;
        case FLOOR_CALLED:
        case FLOOR_PARKED:
            tx->announce_clear = true;
            action = FLOOR_CANCEL;
            break;
        default:
            return legs_refuse(tx, PROBLEM_TRANSITION_REFUSED,
                               "This visitor is being served: complete or "
                               "transfer the leg first.");
        }
        tx->leg = i;
        args.now = floor_now(&tx->visit->v);
        st = floor_visit_step(db, tx->visit, i, action, &args, 0,
                              tx->req->auth.user_id, &reason);
        if (st == STATUS_CONFLICT && reason != NULL) {
            return legs_refuse(tx, PROBLEM_TRANSITION_REFUSED, reason);
        }
    }
    return st;
}

void
api_visits_post_departure(struct http_request *req)
{
    struct legs_tx *tx = calloc(1, sizeof *tx);
    enum status st;

    if (tx == NULL || (tx->visit = calloc(1, sizeof *tx->visit)) == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    if (!params_path_id(req, 0, &tx->visit_id)) {
        goto out;
    }
    tx->req = req;
    st = db_transaction(request_db(req), legs_departure_run, tx);
    if (st == STATUS_CONFLICT && tx->detail[0] != '\0') {
        reply_problem(req, tx->problem, tx->detail);
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        floor_announce(req, tx->visit->location_id, "departure", tx->visit->id,
                       0, 0, tx->announce_clear);
        reply_json(
            req, 200,
            floor_visit_json(tx->day, tx->visit, floor_now(&tx->visit->v)));
    }
out:
    if (tx != NULL) {
        day_free(tx->day);
        free(tx->visit);
    }
    free(tx);
}
