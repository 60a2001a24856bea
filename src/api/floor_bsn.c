/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The BSN issued at a booking's registration, as the booking's answer
 * shows it: the newcomer holding the booking's token sees the number;
 * municipal desk officers see it when they say why (each such read in the
 * audit log: who, when, whose, why); everyone else who may read the
 * booking (the employer who made it, the front desk) only that it was
 * issued. */
#include <stdio.h>
#include <string.h>

#include "api/audit_event.h"
#include "api/floor_common.h"
#include "core/validate.h"
#include "http/reply.h"
#include "store/floor.h"
#include "util/crypto.h"

/* The reason a staff read gives, in characters. */
#define FLOOR_BSN_REASON_MIN 3
#define FLOOR_BSN_REASON_MAX 200

/* Whether the caller is a desk officer of an agency that registers
 * people (performs a service whose outcome is a registration). */
static enum status
floor_bsn_registrar(struct http_request *req, bool *yes)
{
    *yes = false;
    if (req->auth.role != ROLE_OFFICER) {
        return STATUS_OK;
    }
    return store_floor_agency_registers(request_db(req), req->auth.agency_id,
                                        yes);
}

/* Reads ?reason= and decides whether the staff caller may read the
 * number. Replies and returns false when the reason cannot be used. */
static bool
floor_bsn_staff_read(struct http_request *req, bool *read)
{
    const char *reason = request_query(req, "reason");
    bool registrar = false;
    enum status st;

    *read = false;
    if (reason == NULL) {
        return true;
    }
    if (!validate_text(reason, FLOOR_BSN_REASON_MAX) ||
        strlen(reason) < FLOOR_BSN_REASON_MIN) {
        json_t *invalid = json_array();
        invalid_add(invalid, "reason",
                    "must say in 3 to 200 characters of text why the BSN is "
                    "needed");
        reply_invalid(req, invalid, NULL);
        return false;
    }
    st = floor_bsn_registrar(req, &registrar);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    if (!registrar) {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "Only the municipality's desk officers read a BSN; "
                      "the booking shows whether one was issued.");
        return false;
    }
    *read = true;
    return true;
}

bool
floor_booking_bsn(struct http_request *req, int64_t booking_id,
                  bool token_holder, json_t *booking)
{
    struct store_floor_progress progress;
    char bsn[SEALED_VALUE_MAX + 1];
    bool staff_read = false;
    enum status st;

    if (!token_holder && !floor_bsn_staff_read(req, &staff_read)) {
        return false;
    }
    st = store_floor_booking_progress(request_db(req), booking_id, &progress);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    if (!progress.bsn_issued || !(token_holder || staff_read)) {
        return true;
    }
    st = store_floor_bsn_of_booking(request_db(req), req->app->key, booking_id,
                                    bsn, NULL);
    if (st == STATUS_OK && staff_read) {
        char object[48];
        snprintf(object, sizeof object, "booking:%lld", (long long)booking_id);
        /* Written before the number is sent: no read goes unrecorded. */
        st = audit_event(req, NULL, "booking.read-bsn", object, "ok",
                         request_query(req, "reason"));
    }
    if (st != STATUS_OK) {
        crypto_wipe(bsn, sizeof bsn);
        reply_status(req, st, NULL);
        return false;
    }
    json_object_set_new(booking, "bsn", json_string(bsn));
    crypto_wipe(bsn, sizeof bsn);
    return true;
}
