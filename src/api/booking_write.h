/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Booking changes as writes of the group-commit writer: the handler checks
 * everything it can first, then queues a job and defers its reply; the
 * job runs in its own savepoint (a slot taken meanwhile rolls back that
 * booking alone), and the reply is made once the commit is durable. */
#ifndef ONESTOP_API_BOOKING_WRITE_H
#define ONESTOP_API_BOOKING_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "api/day.h"
#include "api/eligibility.h"
#include "api/itinerary.h"
#include "db/writer.h"
#include "http/request.h"
#include "store/bookings.h"
#include "util/clock.h"
#include "util/crypto.h"

/* An itinerary as a request gives it, checked against its loaded day. */
struct booking_plan {
    struct day *day; /* owned */
    struct itinerary_ask ask;
    struct planner_option opt;
    int earliest; /* first minute a leg may start on that day */
};

enum booking_job_kind {
    BOOKING_JOB_CREATE,
    BOOKING_JOB_RESCHEDULE,
    BOOKING_JOB_CANCEL,
    BOOKING_JOB_GROUP,        /* create a group's bookings, all or none */
    BOOKING_JOB_CANCEL_GROUP, /* cancel every booking of a group */
};

/* One person of a group booking. */
struct booking_member {
    struct store_booking row; /* person fields borrowed from the request */
    struct itinerary_ask ask;
    struct planner_option opt;
    struct eligibility_answers answers; /* borrowed from the request */
    int64_t booking_id;
    char code[STORE_BOOKING_CODE_LEN + 1];
    char token[CRYPTO_TOKEN_TEXT];
    char token_digest[CRYPTO_DIGEST_TEXT];
};

struct booking_job {
    struct db_write write;
    struct http_request *req;
    enum booking_job_kind kind;
    struct booking_plan plan;
    struct store_booking row; /* person fields borrowed from the request */
    struct eligibility_answers answers; /* borrowed from the request */
    int64_t booking_id;                 /* the new one, or the one changed */
    char code[STORE_BOOKING_CODE_LEN + 1];
    char token[CRYPTO_TOKEN_TEXT];
    char token_digest[CRYPTO_DIGEST_TEXT];
    char now[CLOCK_ISO_TEXT];
    /* Idempotency-Key, "" when none */
    char key[256];
    struct store_idempotency key_record;
    /* reschedule: what the booking had */
    bool reschedule_forbidden;
    uint64_t old_services;
    /* groups: the members (owned), the group's code and id */
    struct booking_member *members;
    int n_members;
    char group_code[STORE_BOOKING_CODE_LEN + 1];
    int64_t group_id;
    /* strings the rows borrow from newcomers' records (a JSON array, owned;
     * NULL when none) */
    json_t *held;
    /* the outcome */
    enum status status;
    bool slot_taken;
    bool key_taken;
};

/* A new job of kind for req (NULL when out of memory). */
struct booking_job *booking_job_new(struct http_request *req,
                                    enum booking_job_kind kind);
void booking_job_free(struct booking_job *job);
/* Queues job to the writer and defers req's reply until it is done; the
 * request owns job from here on. */
void booking_job_submit(struct http_request *req, struct booking_job *job);

/* Reads the itinerary of a booking or reschedule body into plan (loading
 * its day). STATUS_INPUT with invalid filled when it is wrong. */
enum status booking_read_itinerary(struct http_request *req,
                                   struct booking_plan *plan, json_t *invalid);
/* Replies 409 slot-taken with fresh options for plan. */
void booking_reply_taken(struct http_request *req, struct booking_plan *plan);

/* The header that carries a booking's private management token. */
#define BOOKING_TOKEN_HEADER "Booking-Token"

/* What booking_access found. */
struct booking_found {
    int64_t id;
    int64_t created_by;
    int64_t newcomer_id; /* 0 = not a newcomer's */
    int64_t location_id;
    int persons;
    bool booked;
    char date[DATE_ISO_LEN + 1];
    char token_digest[CRYPTO_DIGEST_TEXT];
};

/* Finds the booking whose code is the first path argument and checks that
 * the caller may use it: staff always, an employer the bookings it made
 * and those of its sponsor's newcomers, anyone else with the booking's
 * token in the Booking-Token header.
 * Replies 404 otherwise (also for a wrong token, so that codes cannot be
 * probed) and returns false. */
bool booking_access(struct http_request *req, struct booking_found *found);

/* Replies with the group's bookings (tokens included when with_tokens). */
void booking_reply_group(struct http_request *req, struct booking_job *job,
                         unsigned int http_status, bool with_tokens);

/* Body field checks shared by single and group bookings (see
 * body_field.check): an e-mail address; a language, en or nl. */
const char *booking_field_email(const json_t *value);
const char *booking_field_language(const json_t *value);

/* Fills the person of row from the newcomer whose id the request gives
 * in field ("newcomer", "members[2].newcomer") of item, if any: the
 * record's names, e-mail and language; the request's own email, phone and
 * language take precedence, and names may not be given beside a newcomer.
 * *sponsor_kvk (out) is the newcomer's sponsor, NULL without a newcomer.
 * Appends to invalid what is wrong (prefix names the item, "" or
 * "members[2]."). Replies 404 and returns false for a newcomer the caller
 * may not book for (as for one that does not exist). */
bool booking_read_person(struct http_request *req, struct booking_job *job,
                         const json_t *item, const char *prefix,
                         struct store_booking *row, const char **sponsor_kvk,
                         json_t *invalid);

/* Reads the Idempotency-Key header, if any (*key NULL when absent): 1 to
 * 255 visible ASCII characters. Replies 400 and returns false otherwise. */
bool booking_read_key(struct http_request *req, const char **key);

/* The digest that ties an idempotency key to one request: method, path,
 * the caller (signed-in user or anonymous) and body as sent. */
void booking_request_digest(struct http_request *req,
                            char out[CRYPTO_DIGEST_TEXT]);

/* When job->key was used before: replies (the first booking again, with a
 * new management token, or 422 when the key came with another request) and
 * returns STATUS_OK; STATUS_NOT_FOUND when the key is new (nothing
 * replied); another status after replying an error. */
enum status booking_replay(struct http_request *req, struct booking_job *job);

#endif
