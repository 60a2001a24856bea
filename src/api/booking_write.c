/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Booking jobs: what runs on the writer, and the replies once durable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/booking_write.h"

#include "api/audit_event.h"
#include "api/booking_json.h"
#include "api/newcomer_booking.h"
#include "api/visit.h"
#include "db/db.h"
#include "http/reply.h"
#include "store/eligibility.h"

/* Attempts at a fresh booking code before giving up (40 random bits: a
 * collision is already rare at the first). */
#define BOOKING_CODE_ATTEMPTS 4

/* Inserts the legs of opt (services as in ask) for a booking. */
static enum status
booking_insert_legs(struct db *db, struct booking_job *job,
                    const struct itinerary_ask *ask,
                    const struct planner_option *opt, int64_t booking_id)
{
    const struct day *day = job->plan.day;
    enum status st = STATUS_OK;

    for (int i = 0; st == STATUS_OK && i < opt->n_legs; i++) {
        const struct planner_leg *l = &opt->leg[i];
        struct store_leg leg = {
            .booking_id = booking_id,
            .position = i,
            .service_id = day->services[ask->services[l->service]].id,
            .desk_id = day->desks[l->desk].id,
            .visit_date = day->date_text,
            .starts_at = l->start * day->slot_minutes,
            .ends_at = (l->start + l->length) * day->slot_minutes,
        };
        st = store_leg_insert(db, &leg, day->slot_minutes, NULL);
        if (st == STATUS_CONFLICT) {
            job->slot_taken = true;
        }
    }
    return st;
}

/* Inserts one booking row with a fresh code and token. */
static enum status
booking_insert_row(struct db *db, struct booking_job *job,
                   struct store_booking *row, char code[], char token[],
                   char token_digest[], int64_t *id)
{
    const struct auth *auth = &job->req->auth;
    enum status st = STATUS_CONFLICT;

    crypto_random_token(token);
    crypto_token_digest(token, token_digest);
    row->location_id = job->plan.day->location_id;
    row->visit_date = job->plan.day->date_text;
    /* A newcomer's booking is the sponsor's, whoever made it. */
    row->channel = row->newcomer_id > 0 ? "sponsor" : visit_channel(auth);
    row->token_digest = token_digest;
    row->created_by = auth->signed_in ? auth->user_id : 0;
    row->created_at = job->now;
    row->code = code;
    row->group_id = job->group_id;
    for (int i = 0; i < BOOKING_CODE_ATTEMPTS && st == STATUS_CONFLICT; i++) {
        crypto_random_code(code, STORE_BOOKING_CODE_LEN);
        /* the code is the only unique column of bookings */
        st = store_booking_insert(db, row, id);
    }
    return st;
}

static enum status
booking_create_group(struct db *db, struct booking_job *job)
{
    const struct auth *auth = &job->req->auth;
    enum status st = STATUS_CONFLICT;

    for (int i = 0; i < BOOKING_CODE_ATTEMPTS && st == STATUS_CONFLICT; i++) {
        crypto_random_code(job->group_code, STORE_BOOKING_CODE_LEN);
        st = store_group_insert(db, job->group_code, job->plan.day->location_id,
                                job->plan.day->date_text,
                                auth->signed_in ? auth->user_id : 0, job->now,
                                &job->group_id);
    }
    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        struct booking_member *member = &job->members[m];
        member->row.persons = member->ask.persons;
        st = booking_insert_row(db, job, &member->row, member->code,
                                member->token, member->token_digest,
                                &member->booking_id);
        if (st == STATUS_OK) {
            st = booking_insert_legs(db, job, &member->ask, &member->opt,
                                     member->booking_id);
        }
        if (st == STATUS_OK) {
            st = store_booking_answers_set(
                db, member->booking_id, member->answers.sponsor_kvk,
                member->answers.municipality, member->answers.letter_location);
        }
    }
    if (st == STATUS_OK && job->key[0] != '\0') {
        job->key_record.group_id = job->group_id;
        st = store_idempotency_insert(db, job->key, &job->key_record, job->now);
        job->key_taken = st == STATUS_CONFLICT;
    }
    return st;
}

static enum status
booking_cancel_group(struct db *db, struct booking_job *job)
{
    enum status st = STATUS_OK;

    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        st = store_booking_cancel(db, job->members[m].booking_id, job->now);
        if (st == STATUS_NOT_FOUND) {
            st = STATUS_OK; /* that one was cancelled before */
        }
    }
    return st;
}

/* Runs on the writer thread, inside the job's own savepoint. */
static enum status
booking_job_run(struct db *db, void *ctx)
{
    struct booking_job *job = ctx;
    enum status st = STATUS_INTERNAL;

    job->slot_taken = false;
    job->key_taken = false;
    switch (job->kind) {
    case BOOKING_JOB_CREATE:
        job->row.persons = job->plan.ask.persons;
        st = booking_insert_row(db, job, &job->row, job->code, job->token,
                                job->token_digest, &job->booking_id);
        if (st == STATUS_OK) {
            st = booking_insert_legs(db, job, &job->plan.ask, &job->plan.opt,
                                     job->booking_id);
        }
        if (st == STATUS_OK) {
            st = store_booking_answers_set(
                db, job->booking_id, job->answers.sponsor_kvk,
                job->answers.municipality, job->answers.letter_location);
        }
        if (st == STATUS_OK && job->key[0] != '\0') {
            job->key_record.booking_id = job->booking_id;
            st = store_idempotency_insert(db, job->key, &job->key_record,
                                          job->now);
            job->key_taken = st == STATUS_CONFLICT;
        }
        break;
    case BOOKING_JOB_RESCHEDULE:
        /* Old legs out, new legs in, in one savepoint: a taken slot rolls
         * the whole move back and the booking keeps its old itinerary. */
        st = store_booking_refuse_checked_in(db, job->booking_id);
        if (st == STATUS_OK) {
            st = store_booking_release_legs(db, job->booking_id, job->now);
        }
        if (st == STATUS_OK) {
            st = booking_insert_legs(db, job, &job->plan.ask, &job->plan.opt,
                                     job->booking_id);
        }
        if (st == STATUS_OK) {
            st = store_booking_touch(db, job->booking_id,
                                     job->plan.day->date_text, job->now);
        }
        break;
    case BOOKING_JOB_CANCEL:
        st = store_booking_cancel(db, job->booking_id, job->now);
        break;
    case BOOKING_JOB_GROUP:
        st = booking_create_group(db, job);
        break;
    case BOOKING_JOB_CANCEL_GROUP:
        st = booking_cancel_group(db, job);
        break;
    }
    return st;
}

/* Runs on the writer thread once the commit is durable (or failed). */
static void
booking_job_done(void *ctx, enum status status)
{
    struct booking_job *job = ctx;

    job->status = status;
    request_wake(job->req);
}

/* The booking as JSON, with the management token and its link when
 * token is given. */
static void
booking_reply_booking(struct http_request *req, int64_t booking_id,
                      unsigned int http_status, const char *token)
{
    json_t *booking = NULL;
    enum status st = booking_json_load(request_db(req), booking_id, &booking);

    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    if (token != NULL) {
        const char *code = json_string_value(json_object_get(booking, "code"));
        char location[64];
        char link[160];
        /* The token travels after '#': browsers send neither the fragment
         * to the server nor in a Referer header. */
        snprintf(link, sizeof link, "/booking.html#code=%s&token=%s", code,
                 token);
        snprintf(location, sizeof location, "/api/v1/bookings/%s", code);
        json_object_set_new(booking, "token", json_string(token));
        json_object_set_new(booking, "manageUrl", json_string(link));
        request_add_header(req, "Location", location);
    }
    reply_json(req, http_status, booking);
}

struct booking_group_reply {
    struct http_request *req;
    struct booking_job *job;
    bool with_tokens;
    json_t *bookings;
    json_t *group;
};

static enum status
booking_group_head(void *ctx, const struct store_group *row)
{
    struct booking_group_reply *r = ctx;

    r->group = json_pack("{s:s, s:I, s:s, s:s}", "code", row->code, "location",
                         (json_int_t)row->location_id, "date", row->visit_date,
                         "createdAt", row->created_at);
    return r->group ? STATUS_OK : STATUS_NOMEM;
}

static enum status
booking_group_member(void *ctx, const struct store_booking *row)
{
    struct booking_group_reply *r = ctx;
    json_t *booking = NULL;
    enum status st = booking_json_load(request_db(r->req), row->id, &booking);

    if (st != STATUS_OK) {
        return st;
    }
    for (int m = 0; r->with_tokens && m < r->job->n_members; m++) {
        const struct booking_member *member = &r->job->members[m];
        if (member->booking_id == row->id) {
            char link[160];
            snprintf(link, sizeof link, "/booking.html#code=%s&token=%s",
                     row->code, member->token);
            json_object_set_new(booking, "token", json_string(member->token));
            json_object_set_new(booking, "manageUrl", json_string(link));
        }
    }
    return json_array_append_new(r->bookings, booking) == 0 ? STATUS_OK
                                                            : STATUS_NOMEM;
}

void
booking_reply_group(struct http_request *req, struct booking_job *job,
                    unsigned int http_status, bool with_tokens)
{
    struct booking_group_reply r = {req, job, with_tokens, json_array(), NULL};
    enum status st;

    st = store_group_find(request_db(req), NULL, job->group_id,
                          booking_group_head, &r);
    if (st == STATUS_OK) {
        st = store_group_bookings_each(request_db(req), job->group_id,
                                       booking_group_member, &r);
    }
    if (st != STATUS_OK) {
        json_decref(r.bookings);
        json_decref(r.group);
        reply_status(req, st, NULL);
        return;
    }
    if (with_tokens) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/booking-groups/%s",
                 json_string_value(json_object_get(r.group, "code")));
        request_add_header(req, "Location", location);
    }
    json_object_set_new(r.group, "bookings", r.bookings);
    reply_json(req, http_status, r.group);
}

/* The deferred reply: runs on a server thread after booking_job_done. */
static void
booking_job_reply(struct http_request *req)
{
    struct booking_job *job = req->defer_ctx;
    static const char *const actions[] = {
        [BOOKING_JOB_CREATE] = "booking.create",
        [BOOKING_JOB_RESCHEDULE] = "booking.reschedule",
        [BOOKING_JOB_CANCEL] = "booking.cancel",
        [BOOKING_JOB_GROUP] = "booking-group.create",
        [BOOKING_JOB_CANCEL_GROUP] = "booking-group.cancel",
    };

    if (job->status == STATUS_OK) {
        if (req->auth.signed_in) {
            char object[64];
            snprintf(object, sizeof object, "%s %lld",
                     job->group_id > 0 ? "group" : "booking",
                     (long long)(job->group_id > 0 ? job->group_id
                                                   : job->booking_id));
            audit_event(req, NULL, actions[job->kind], object, "ok", "");
        }
        if (job->kind == BOOKING_JOB_GROUP ||
            job->kind == BOOKING_JOB_CANCEL_GROUP) {
            booking_reply_group(req, job,
                                job->kind == BOOKING_JOB_GROUP ? 201 : 200,
                                job->kind == BOOKING_JOB_GROUP);
            return;
        }
        booking_reply_booking(
            req, job->booking_id, job->kind == BOOKING_JOB_CREATE ? 201 : 200,
            job->kind == BOOKING_JOB_CREATE ? job->token : NULL);
        return;
    }
    /* A keyed retry that raced its first attempt loses on the slots (the
     * legs go in before the key): when the key is recorded now, the first
     * attempt won, and this one gets its answer again. */
    if (job->status == STATUS_CONFLICT && job->key[0] != '\0' &&
        (job->kind == BOOKING_JOB_CREATE || job->kind == BOOKING_JOB_GROUP) &&
        booking_replay(req, job) != STATUS_NOT_FOUND) {
        return;
    }
    if (job->status == STATUS_CONFLICT && job->slot_taken &&
        job->kind == BOOKING_JOB_GROUP) {
        reply_problem(req, PROBLEM_SLOT_TAKEN,
                      "Other visitors booked some of the planned slots just "
                      "now; nothing was booked. Send the request again to "
                      "plan afresh.");
        return;
    }
    if (job->status == STATUS_CONFLICT && job->slot_taken) {
        booking_reply_taken(req, &job->plan);
        return;
    }
    if (job->status == STATUS_FORBIDDEN) {
        /* Checked in meanwhile, or before: decided in the write itself, so
         * that a check-in and a cancel never both win. */
        reply_problem(req, PROBLEM_CONFLICT,
                      job->kind == BOOKING_JOB_RESCHEDULE
                          ? "This visitor has checked in: the visit is under "
                            "way and is changed at the front desk, not moved."
                          : "A visitor of this booking has checked in: the "
                            "visit is under way and is ended at the front "
                            "desk, not cancelled.");
        return;
    }
    if (job->status == STATUS_NOT_FOUND && job->kind == BOOKING_JOB_CANCEL) {
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled already.");
        return;
    }
    if (job->status == STATUS_NOT_FOUND &&
        job->kind == BOOKING_JOB_RESCHEDULE) {
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled.");
        return;
    }
    reply_status(req,
                 job->status == STATUS_CONFLICT ? STATUS_INTERNAL : job->status,
                 NULL);
}

static void
booking_job_release(void *ctx)
{
    booking_job_free(ctx);
}

struct booking_job *
booking_job_new(struct http_request *req, enum booking_job_kind kind)
{
    struct booking_job *job = calloc(1, sizeof *job);

    if (job == NULL) {
        return NULL;
    }
    job->req = req;
    job->kind = kind;
    clock_format_utc(clock_now(), job->now);
    job->write.run = booking_job_run;
    job->write.done = booking_job_done;
    job->write.ctx = job;
    return job;
}

void
booking_job_free(struct booking_job *job)
{
    if (job == NULL) {
        return;
    }
    day_free(job->plan.day);
    json_decref(job->held);
    crypto_wipe(job->token, sizeof job->token);
    if (job->members != NULL) {
        crypto_wipe(job->members,
                    sizeof *job->members * (size_t)job->n_members);
        free(job->members);
    }
    free(job);
}

void
booking_job_submit(struct http_request *req, struct booking_job *job)
{
    request_defer(req, booking_job_reply, job, booking_job_release);
    db_writer_submit(req->app->writer, &job->write);
}

/* Gives a replayed booking a new management token: the first answer may
 * never have arrived, and the token is stored only as a digest. */
struct booking_token_change {
    int64_t booking_id;
    const char *digest;
    const char *now;
};

static enum status
booking_token_tx(struct db *db, void *ctx)
{
    struct booking_token_change *c = ctx;
    return store_booking_set_token(db, c->booking_id, c->digest, c->now);
}

/* The bookings of a group being replayed get new tokens, like one. */
static enum status
booking_group_collect(void *ctx, const struct store_booking *row)
{
    struct booking_job *job = ctx;
    struct booking_member *member;

    if (job->n_members == PLANNER_MAX_PERSONS) {
        return STATUS_INTERNAL;
    }
    member = &job->members[job->n_members++];
    member->booking_id = row->id;
    crypto_random_token(member->token);
    crypto_token_digest(member->token, member->token_digest);
    return STATUS_OK;
}

static enum status
booking_group_tokens_tx(struct db *db, void *ctx)
{
    struct booking_job *job = ctx;
    enum status st = STATUS_OK;

    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        st = store_booking_set_token(db, job->members[m].booking_id,
                                     job->members[m].token_digest, job->now);
    }
    return st;
}

static enum status
booking_replay_group(struct http_request *req, struct booking_job *job,
                     int64_t group_id)
{
    enum status st;

    free(job->members);
    job->n_members = 0;
    job->group_id = group_id;
    job->members = calloc(PLANNER_MAX_PERSONS, sizeof *job->members);
    if (job->members == NULL) {
        return STATUS_NOMEM;
    }
    st = store_group_bookings_each(request_db(req), group_id,
                                   booking_group_collect, job);
    if (st == STATUS_OK) {
        st = db_transaction(request_db(req), booking_group_tokens_tx, job);
    }
    return st;
}

enum status
booking_replay(struct http_request *req, struct booking_job *job)
{
    struct store_idempotency found;
    struct booking_token_change change;
    enum status st;

    st = store_idempotency_find(request_db(req), job->key, &found);
    if (st == STATUS_NOT_FOUND) {
        return st;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return st;
    }
    if (!crypto_equal(found.request_digest, job->key_record.request_digest)) {
        reply_problem(req, PROBLEM_IDEMPOTENCY_KEY_REUSED,
                      "This Idempotency-Key came with another request; use a "
                      "new key for a new booking.");
        return STATUS_INPUT;
    }
    if (found.group_id > 0) {
        st = booking_replay_group(req, job, found.group_id);
        if (st != STATUS_OK) {
            reply_status(req, st, NULL);
            return st;
        }
        request_add_header(req, "Idempotent-Replayed", "true");
        booking_reply_group(req, job, 201, true);
        return STATUS_OK;
    }
    crypto_random_token(job->token);
    crypto_token_digest(job->token, job->token_digest);
    change.booking_id = found.booking_id;
    change.digest = job->token_digest;
    change.now = job->now;
    st = db_transaction(request_db(req), booking_token_tx, &change);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return st;
    }
    request_add_header(req, "Idempotent-Replayed", "true");
    booking_reply_booking(req, found.booking_id, 201, job->token);
    return STATUS_OK;
}

bool
booking_read_person(struct http_request *req, struct booking_job *job,
                    const json_t *item, const char *prefix,
                    struct store_booking *row, const char **sponsor_kvk,
                    json_t *invalid)
{
    static const char *const person[] = {"givenNames", "surname", "email"};
    const json_t *newcomer = json_object_get(item, "newcomer");
    const char *email = json_string_value(json_object_get(item, "email"));
    const char *phone = json_string_value(json_object_get(item, "phone"));
    const char *language = json_string_value(json_object_get(item, "language"));
    char name[64];
    enum status st;

    row->phone = phone ? phone : "";
    *sponsor_kvk = NULL;
    if (newcomer == NULL) {
        row->given_names =
            json_string_value(json_object_get(item, "givenNames"));
        row->surname = json_string_value(json_object_get(item, "surname"));
        row->email = email;
        row->language = language ? language : "en";
        for (size_t i = 0; i < 3; i++) {
            if (json_object_get(item, person[i]) == NULL) {
                snprintf(name, sizeof name, "%s%s", prefix, person[i]);
                invalid_add(invalid, name, "is required (or give newcomer)");
            }
        }
        return true;
    }
    for (size_t i = 0; i < 2; i++) {
        if (json_object_get(item, person[i]) != NULL) {
            snprintf(name, sizeof name, "%s%s", prefix, person[i]);
            invalid_add(invalid, name,
                        "is taken from the newcomer's record; leave it out");
        }
    }
    if (!json_is_integer(newcomer)) {
        return true; /* named by the body check already */
    }
    if (job->held == NULL) {
        job->held = json_array();
    }
    st = job->held ? newcomer_booking_fill(req, json_integer_value(newcomer),
                                           job->held, row, sponsor_kvk)
                   : STATUS_NOMEM;
    if (st == STATUS_NOT_FOUND) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such newcomer.");
        return false;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    row->email = email ? email : row->email;
    row->language = language ? language : row->language;
    if (row->email[0] == '\0') {
        snprintf(name, sizeof name, "%semail", prefix);
        invalid_add(invalid, name,
                    "is required: the newcomer's record has no e-mail address");
    }
    return true;
}
