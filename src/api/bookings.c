/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Bookings: book an itinerary (all legs or none), read, cancel, reschedule,
 * and the day's list for the desk. Every change goes through the
 * group-commit writer; the reply waits for its durable commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "api/booking_documents.h"
#include "api/booking_json.h"
#include "api/booking_write.h"
#include "api/day.h"
#include "api/floor_common.h"
#include "api/itinerary.h"
#include "api/newcomer_booking.h"
#include "api/visit.h"
#include "core/slot.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/bookings.h"
#include "store/eligibility.h"

/* Longest Idempotency-Key accepted. */
#define BOOKINGS_IDEMPOTENCY_KEY_MAX 255
/* Longest name part and e-mail address, in characters. */
#define BOOKINGS_NAME_MAX 200

const char *
booking_field_language(const json_t *value)
{
    const char *s = json_string_value(value);
    return strcmp(s, "en") == 0 || strcmp(s, "nl") == 0 ? NULL
                                                        : "must be en or nl";
}

const char *
booking_field_email(const json_t *value)
{
    return validate_email(json_string_value(value))
               ? NULL
               : "must be an e-mail address such as name@example.org";
}

static const char *
bookings_field_option(const json_t *value)
{
    struct option_token t;
    return option_token_parse(json_string_value(value),
                              json_string_length(value), &t)
               ? NULL
               : "is not an option token given by availability";
}

#define BOOKINGS_ITINERARY_FIELDS                                                \
    {"option",                                                                   \
     BODY_STRING,                                                                \
     false,                                                                      \
     false,                                                                      \
     1,                                                                          \
     OPTION_TOKEN_MAX - 1,                                                       \
     "the token of an option from GET /availability (or give location, "         \
     "date, persons and legs)",                                                  \
     bookings_field_option},                                                     \
        {"location",                                                             \
         BODY_INTEGER,                                                           \
         false,                                                                  \
         false,                                                                  \
         1,                                                                      \
         INT32_MAX,                                                              \
         "location id (with legs)"},                                             \
        {"date", BODY_DATE, false, false, 0, 0, "the visit's date (with legs)"}, \
        {"persons",                                                              \
         BODY_INTEGER,                                                           \
         false,                                                                  \
         false,                                                                  \
         1,                                                                      \
         ITINERARY_MAX_PERSONS,                                                  \
         "persons served together (a family); default 1"},                       \
    {                                                                            \
        "legs", BODY_ARRAY, false, false, 1, PLANNER_MAX_SERVICES,               \
            "[{service, desk, startsAt}]: service and desk codes, HH:MM"         \
    }

static const struct body_field api_booking_fields[] = {
    BOOKINGS_ITINERARY_FIELDS,
    {"newcomer", BODY_INTEGER, false, false, 1, INT32_MAX,
     "a registered newcomer's id (employers and staff): the person's "
     "details come from the record"},
    {"givenNames", BODY_STRING, false, false, 1, BOOKINGS_NAME_MAX,
     "given names, any script (required without newcomer)"},
    {"surname", BODY_STRING, false, false, 1, BOOKINGS_NAME_MAX,
     "surname, any script (required without newcomer)"},
    {"email", BODY_STRING, false, false, 3, 254,
     "e-mail address (required without newcomer, unless the newcomer's "
     "record has one)",
     booking_field_email},
    {"phone", BODY_STRING, false, false, 0, 40, "telephone number"},
    {"language", BODY_STRING, false, false, 2, 2, "en or nl (default en)",
     booking_field_language},
    ELIGIBILITY_FIELD_SPONSOR,
    ELIGIBILITY_FIELD_MUNICIPALITY,
    ELIGIBILITY_FIELD_LETTER,
};
const struct body_spec api_booking_body =
    BODY_SPEC("BookingInput", api_booking_fields);

static const struct body_field api_itinerary_fields[] = {
    BOOKINGS_ITINERARY_FIELDS,
};
const struct body_spec api_itinerary_body =
    BODY_SPEC("ItineraryInput", api_itinerary_fields);

/* Reads one leg {service, desk, startsAt} of the legs form. */
static bool
bookings_read_leg(const struct day *day, const json_t *item, int i,
                  struct itinerary_ask *ask, struct planner_option *opt)
{
    const char *service = json_string_value(json_object_get(item, "service"));
    const char *desk = json_string_value(json_object_get(item, "desk"));
    const json_t *starts = json_object_get(item, "startsAt");
    int minute = -1;
    int s;

    if (!json_is_object(item) || json_object_size(item) != 3 ||
        service == NULL || desk == NULL || !json_is_string(starts) ||
        !slot_parse_hhmm(json_string_value(starts), json_string_length(starts),
                         &minute) ||
        !slot_on_grid(minute, day->slot_minutes) || minute >= 1440) {
        return false;
    }
    s = day_service_index(day, service);
    opt->leg[i].desk = -1;
    for (int d = 0; d < day->n_desks; d++) {
        if (strcmp(day->desks[d].code, desk) == 0) {
            opt->leg[i].desk = d;
        }
    }
    if (s < 0 || opt->leg[i].desk < 0) {
        return false;
    }
    ask->services[i] = s;
    opt->leg[i].service = i;
    opt->leg[i].start = minute / day->slot_minutes;
    return true;
}

enum status
booking_read_itinerary(struct http_request *req, struct booking_plan *plan,
                       json_t *invalid)
{
    const json_t *body = req->json;
    const json_t *option = json_object_get(body, "option");
    const json_t *legs = json_object_get(body, "legs");
    const json_t *persons = json_object_get(body, "persons");
    struct option_token token;
    char why[ITINERARY_WHY_MAX];
    struct date date;
    int64_t location;
    const char *date_text;
    enum status st;

    memset(&plan->ask, 0, sizeof plan->ask);
    memset(&plan->opt, 0, sizeof plan->opt);
    if ((option != NULL) == (legs != NULL)) {
        invalid_add(invalid, option ? "legs" : "option",
                    "give either option, or location, date and legs");
        return STATUS_INPUT;
    }
    if (option != NULL) {
        const char *extra = json_object_get(body, "location")  ? "location"
                            : json_object_get(body, "date")    ? "date"
                            : json_object_get(body, "persons") ? "persons"
                                                               : NULL;
        if (extra != NULL) {
            invalid_add(invalid, extra, "is given by the option already");
            return STATUS_INPUT;
        }
        (void)option_token_parse(json_string_value(option),
                                 json_string_length(option), &token);
        location = token.location_id;
        date = token.date;
    } else {
        const json_t *loc = json_object_get(body, "location");
        date_text = json_string_value(json_object_get(body, "date"));
        if (loc == NULL) {
            invalid_add(invalid, "location", "is required with legs");
        }
        if (date_text == NULL) {
            invalid_add(invalid, "date", "is required with legs");
        }
        if (loc == NULL || date_text == NULL) {
            return STATUS_INPUT;
        }
        location = json_integer_value(loc);
        (void)date_parse(date_text, strlen(date_text), &date);
    }
    if (!visit_date_ok(req, date, option ? "option" : "date", &plan->earliest,
                       invalid)) {
        return STATUS_INPUT;
    }
    st = day_load(request_db(req), location, date, &plan->day);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(invalid, option ? "option" : "location",
                    "is not a known location");
        return STATUS_INPUT;
    }
    if (st != STATUS_OK) {
        return st;
    }
    if (option != NULL) {
        if (!itinerary_from_token(plan->day, &token, &plan->ask, &plan->opt,
                                  why)) {
            invalid_add(invalid, "option", why);
            return STATUS_INPUT;
        }
    } else {
        size_t i;
        const json_t *item;
        plan->ask.persons = persons ? (int)json_integer_value(persons) : 1;
        plan->ask.n_services = (int)json_array_size(legs);
        plan->opt.n_legs = plan->ask.n_services;
        json_array_foreach(legs, i, item)
        {
            if (!bookings_read_leg(plan->day, item, (int)i, &plan->ask,
                                   &plan->opt)) {
                char name[32];
                snprintf(name, sizeof name, "legs[%zu]", i);
                invalid_add(invalid, name,
                            "must be {service, desk, startsAt} with a known "
                            "service, a desk code and a time on the grid");
                return STATUS_INPUT;
            }
        }
    }
    if (plan->ask.persons > ITINERARY_MAX_PERSONS) {
        invalid_add(invalid, option ? "option" : "persons",
                    "at most 10 persons in one booking");
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

/* Checks the services of the job's plan against what the caller may book
 * and the itinerary against the day. Replies and returns false when it is
 * wrong; a slot already taken answers 409 with fresh options. */
static bool
bookings_check_plan(struct http_request *req, struct booking_job *job,
                    const char *field)
{
    struct booking_plan *plan = &job->plan;
    char why[ITINERARY_WHY_MAX];
    struct buf list;
    bool ok;
    struct itinerary_ask asked = {.persons = plan->ask.persons};
    json_t *invalid;
    enum status st;

    /* The same rules as availability: read the services back as a list. */
    buf_init(&list, 0);
    for (int i = 0; i < plan->ask.n_services; i++) {
        (void)buf_append_strs(&list, i > 0 ? "," : "",
                              plan->day->services[plan->ask.services[i]].code,
                              NULL);
    }
    ok = list.data != NULL &&
         itinerary_read_services(plan->day, list.data,
                                 visit_bookable_mask(&req->auth), &asked, why);
    if (list.data == NULL) {
        snprintf(why, sizeof why, "out of memory");
    }
    buf_clear(&list);
    if (!ok) {
        invalid = json_array();
        invalid_add(invalid, field, why);
        reply_invalid(req, invalid, NULL);
        return false;
    }
    st =
        itinerary_check(plan->day, &plan->ask, plan->earliest, &plan->opt, why);
    if (st == STATUS_CONFLICT) {
        /* A keyed retry whose first attempt committed after the replay
         * check finds that attempt's slots taken: its answer again. */
        if (job->key[0] == '\0' ||
            booking_replay(req, job) == STATUS_NOT_FOUND) {
            booking_reply_taken(req, plan);
        }
        return false;
    }
    if (st != STATUS_OK) {
        invalid = json_array();
        invalid_add(invalid, field, why);
        reply_invalid(req, invalid, NULL);
        return false;
    }
    return true;
}

/* Judges the plan's services against the rules for answers; replies 403
 * naming the rule that refuses and returns false. */
static bool
bookings_check_rules(struct http_request *req, struct booking_plan *plan,
                     const struct eligibility_answers *answers)
{
    struct eligibility_refusal refusal;
    enum status st = eligibility_judge_visit(request_db(req), plan->day,
                                             &plan->ask, answers, &refusal);

    if (st == STATUS_FORBIDDEN) {
        eligibility_reply_refusal(req, &refusal, -1);
        return false;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    return true;
}

void
booking_reply_taken(struct http_request *req, struct booking_plan *plan)
{
    struct planner_option options[VISIT_OPTIONS];
    json_t *items = json_array();
    int n = 0;
    enum status st = day_reload_free(request_db(req), plan->day);

    if (st == STATUS_OK) {
        st = itinerary_search(plan->day, &plan->ask, plan->earliest,
                              VISIT_OPTIONS, VISIT_SPREAD_MINUTES, options, &n);
    }
    for (int i = 0; st == STATUS_OK && i < n; i++) {
        json_array_append_new(
            items, itinerary_option_json(plan->day, &plan->ask, &options[i]));
    }
    reply_problem_with(req, PROBLEM_SLOT_TAKEN,
                       "Another visitor booked a slot of this itinerary "
                       "just now; choose one of the options given.",
                       json_pack("{s:o}", "options", items));
}

bool
booking_read_key(struct http_request *req, const char **key)
{
    const char *k = request_header(req, "Idempotency-Key");
    size_t n = k ? strlen(k) : 0;

    *key = NULL;
    if (k == NULL) {
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        if (k[i] < 0x21 || k[i] > 0x7e) {
            n = 0;
        }
    }
    if (n == 0 || n > BOOKINGS_IDEMPOTENCY_KEY_MAX) {
        reply_problem(req, PROBLEM_BAD_REQUEST,
                      "Idempotency-Key must be 1 to 255 visible ASCII "
                      "characters, such as a UUID.");
        return false;
    }
    *key = k;
    return true;
}

void
booking_request_digest(struct http_request *req, char out[CRYPTO_DIGEST_TEXT])
{
    struct buf text;

    buf_init(&text, 0);
    (void)buf_append_str(&text, req->method);
    (void)buf_append_str(&text, " ");
    (void)buf_append_str(&text, req->path);
    /* The caller too: a signed-in user's key is no one else's. */
    (void)buf_append_str(&text, " by ");
    (void)buf_append_int(&text, req->auth.signed_in ? req->auth.user_id : 0);
    (void)buf_append_str(&text, "\n");
    (void)buf_append(&text, req->body.data ? req->body.data : "",
                     req->body.len);
    (void)buf_append(&text, "", 1);
    crypto_token_digest(text.data ? text.data : "", out);
    buf_clear(&text);
}

void
api_bookings_post(struct http_request *req)
{
    struct booking_job *job = NULL;
    json_t *invalid = json_array();
    const char *key = NULL;
    const char *record_kvk = NULL;
    enum status st;

    if (!booking_read_key(req, &key)) {
        goto out;
    }
    job = booking_job_new(req, BOOKING_JOB_CREATE);
    if (job == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    if (key != NULL) {
        snprintf(job->key, sizeof job->key, "%s", key);
        booking_request_digest(req, job->key_record.request_digest);
        st = booking_replay(req, job);
        if (st != STATUS_NOT_FOUND) {
            goto out; /* replayed, or refused */
        }
    }
    if (!booking_read_person(req, job, req->json, "", &job->row, &record_kvk,
                             invalid)) {
        goto out;
    }
    st = booking_read_itinerary(req, &job->plan, invalid);
    if (st == STATUS_INPUT ||
        (st == STATUS_OK && json_array_size(invalid) > 0)) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    /* A registered newcomer's sponsor is the one the rules judge, unless
     * the front desk names another. */
    if (!eligibility_read_answers(req, req->json, "", record_kvk, &job->answers,
                                  invalid)) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    if (!bookings_check_plan(req, job,
                             json_object_get(req->json, "option") ? "option"
                                                                  : "legs") ||
        !bookings_check_rules(req, &job->plan, &job->answers)) {
        goto out;
    }
    booking_job_submit(req, job);
    job = NULL; /* the request owns it now */
out:
    booking_job_free(job);
    json_decref(invalid);
}

/* ---- one booking: read, cancel, reschedule ---- */

static enum status
bookings_keep(void *ctx, const struct store_booking *row)
{
    struct booking_found *f = ctx;

    f->id = row->id;
    f->created_by = row->created_by;
    f->newcomer_id = row->newcomer_id;
    f->location_id = row->location_id;
    f->persons = row->persons;
    f->booked = strcmp(row->status, "booked") == 0;
    snprintf(f->date, sizeof f->date, "%s", row->visit_date);
    snprintf(f->token_digest, sizeof f->token_digest, "%s", row->token_digest);
    return STATUS_OK;
}

bool
booking_access(struct http_request *req, struct booking_found *found)
{
    const char *code = req->args[0];
    const char *token = request_header(req, BOOKING_TOKEN_HEADER);
    enum status st = STATUS_NOT_FOUND;
    bool allowed = false;

    memset(found, 0, sizeof *found);
    if (strlen(code) == STORE_BOOKING_CODE_LEN) {
        st = store_booking_find(request_db(req), code, 0, bookings_keep, found);
    }
    if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
        reply_status(req, st, NULL);
        return false;
    }
    if (st == STATUS_OK) {
        if (req->auth.signed_in && (req->auth.role & ROLE_STAFF)) {
            allowed = true;
        } else if (req->auth.signed_in && req->auth.role == ROLE_EMPLOYER) {
            allowed = found->created_by == req->auth.user_id ||
                      newcomer_of_employer(req, found->newcomer_id);
        }
    }
    /* The token is hashed whether or not the code exists, so that the time
     * taken tells nothing about which codes do. */
    if (token != NULL && strlen(token) < 128) {
        char digest[CRYPTO_DIGEST_TEXT];
        crypto_token_digest(token, digest);
        allowed = allowed || (st == STATUS_OK &&
                              crypto_equal(digest, found->token_digest));
    }
    if (!allowed) {
        reply_problem(req, PROBLEM_NOT_FOUND,
                      "No booking with this code and token.");
        return false;
    }
    return true;
}

/* Desk officers read bookings (the day at their desk) but do not cancel
 * or move them: that is the visitor's, the employer's or the front desk's
 * business. Replies 403 and returns false for an officer. */
static bool
bookings_may_change(struct http_request *req)
{
    if (req->auth.signed_in && req->auth.role == ROLE_OFFICER) {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "Desk officers do not cancel or move bookings; the "
                      "front desk does.");
        return false;
    }
    return true;
}

/* Whether the caller sent the booking's own token (the newcomer), as
 * opposed to reading it as staff or as the employer who made it. */
static bool
bookings_token_holder(struct http_request *req,
                      const struct booking_found *found)
{
    const char *token = request_header(req, BOOKING_TOKEN_HEADER);
    char digest[CRYPTO_DIGEST_TEXT];

    if (token == NULL || strlen(token) >= 128) {
        return false;
    }
    crypto_token_digest(token, digest);
    return crypto_equal(digest, found->token_digest);
}

void
api_bookings_get_one(struct http_request *req)
{
    struct booking_found found;
    json_t *booking = NULL;
    enum status st;

    if (!booking_access(req, &found)) {
        return;
    }
    st = booking_json_load(request_db(req), found.id, &booking);
    if (st == STATUS_OK && req->auth.signed_in &&
        (req->auth.role & ROLE_STAFF)) {
        /* Staff see which documents are still to be checked. */
        st = booking_documents_mark(request_db(req), found.id, booking);
    }
    if (st != STATUS_OK) {
        json_decref(booking);
        reply_status(req, st, NULL);
        return;
    }
    if (!floor_booking_bsn(req, found.id, bookings_token_holder(req, &found),
                           booking)) {
        json_decref(booking);
        return;
    }
    reply_json(req, 200, booking);
}

void
api_bookings_delete(struct http_request *req)
{
    struct booking_found found;
    struct booking_job *job;

    if (!bookings_may_change(req) || !booking_access(req, &found)) {
        return;
    }
    if (!found.booked) {
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled already.");
        return;
    }
    job = booking_job_new(req, BOOKING_JOB_CANCEL);
    if (job == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        return;
    }
    job->booking_id = found.id;
    booking_job_submit(req, job);
}

/* The slots of the booking's own legs count as free when it moves: the
 * new itinerary may keep or overlap them. */
static enum status
bookings_free_own(void *ctx, const struct store_leg *leg)
{
    struct booking_job *job = ctx;
    struct day *day = job->plan.day;
    int d = day_desk_index(day, leg->desk_id);
    struct dayset own = {0};
    int s;

    if (d >= 0 && strcmp(leg->visit_date, day->date_text) == 0) {
        int first = slot_index_floor(leg->starts_at, day->slot_minutes);
        dayset_fill(&own, first,
                    slot_index_ceil(leg->ends_at, day->slot_minutes) - first);
        dayset_and(&own, &day->desks[d].open);
        dayset_or(&day->desks[d].free, &own);
    }
    if (!leg->reschedule_allowed) {
        job->reschedule_forbidden = true;
    }
    s = day_service_by_id(day, leg->service_id);
    if (s < 0) {
        return STATUS_INTERNAL; /* a leg's service is always in the day */
    }
    job->old_services |= UINT64_C(1) << s;
    return STATUS_OK;
}

void
api_bookings_put_itinerary(struct http_request *req)
{
    struct booking_found found;
    struct booking_job *job = NULL;
    json_t *invalid = json_array();
    struct store_booking_answers answers;
    struct eligibility_answers judged;
    uint64_t new_services = 0;
    const char *field =
        json_object_get(req->json, "option") ? "option" : "legs";
    enum status st;

    if (!bookings_may_change(req) || !booking_access(req, &found)) {
        goto out;
    }
    if (!found.booked) {
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled.");
        goto out;
    }
    job = booking_job_new(req, BOOKING_JOB_RESCHEDULE);
    if (job == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    job->booking_id = found.id;
    st = booking_read_itinerary(req, &job->plan, invalid);
    if (st == STATUS_INPUT) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    if (st == STATUS_OK) {
        st = store_booking_legs_each(request_db(req), found.id,
                                     bookings_free_own, job);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    if (job->reschedule_forbidden &&
        !(req->auth.signed_in && (req->auth.role & ROLE_STAFF))) {
        reply_problem(req, PROBLEM_RESCHEDULE_NOT_ALLOWED,
                      "This appointment cannot be moved: cancel it and book "
                      "again.");
        goto out;
    }
    for (int i = 0; i < job->plan.ask.n_services; i++) {
        new_services |= UINT64_C(1) << job->plan.ask.services[i];
    }
    if (job->plan.day->location_id != found.location_id ||
        job->plan.ask.persons != found.persons ||
        new_services != job->old_services) {
        invalid_add(invalid, field,
                    "must be the same services, persons and location as the "
                    "booking; for others, cancel and book again");
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    /* The rules are judged again on the new date, with what the booking
     * answered when it was made. */
    st = store_booking_answers_get(request_db(req), found.id, &answers);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    judged.sponsor_kvk = answers.sponsor_kvk;
    if (answers.sponsor_kvk[0] == '\0' && req->auth.role == ROLE_EMPLOYER) {
        judged.sponsor_kvk = req->auth.sponsor_kvk; /* booked before rules */
    }
    judged.municipality = answers.municipality;
    judged.letter_location = answers.letter_location;
    if (!bookings_check_plan(req, job, field) ||
        !bookings_check_rules(req, &job->plan, &judged)) {
        goto out;
    }
    booking_job_submit(req, job);
    job = NULL;
out:
    booking_job_free(job);
    json_decref(invalid);
}

/* ---- the day's bookings, for the desk ---- */

struct bookings_day {
    struct day *day;
    json_t *desks; /* desk code -> {desk, legs} */
};

static enum status
bookings_day_leg(void *ctx, const struct store_booking *b,
                 const struct store_leg *leg)
{
    struct bookings_day *list = ctx;
    json_t *desk = json_object_get(list->desks, leg->desk_code);
    char start[SLOT_HHMM_LEN + 1];
    char end[SLOT_HHMM_LEN + 1];

    if (desk == NULL) {
        int d = day_desk_index(list->day, leg->desk_id);
        desk =
            json_pack("{s:I, s:s, s:o, s:[]}", "id", (json_int_t)leg->desk_id,
                      "code", leg->desk_code, "name",
                      d >= 0 ? bilingual_json(list->day->desks[d].name_en,
                                              list->day->desks[d].name_nl)
                             : json_null(),
                      "legs");
        json_object_set_new(list->desks, leg->desk_code, desk);
    }
    slot_format_hhmm(leg->starts_at, start);
    slot_format_hhmm(leg->ends_at, end);
    return json_array_append_new(
               json_object_get(desk, "legs"),
               json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "booking",
                         b->code, "service", leg->service_code, "startsAt",
                         start, "endsAt", end, "name", b->given_names,
                         "persons", b->persons, "surname", b->surname)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

void
api_bookings_get_list(struct http_request *req)
{
    struct bookings_day list = {NULL, json_object()};
    json_t *invalid = json_array();
    json_t *desks = json_array();
    long location = 0;
    struct date date = {0};
    bool has_date = false;
    const char *code;
    json_t *desk;
    enum status st;

    params_query_int(req, "location", 1, INT32_MAX, &location, invalid);
    params_query_date(req, "date", &date, &has_date, invalid);
    if (location == 0 && request_query(req, "location") == NULL) {
        invalid_add(invalid, "location", "is required");
    }
    if (!has_date && request_query(req, "date") == NULL) {
        invalid_add(invalid, "date", "is required");
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    st = day_load(request_db(req), location, date, &list.day);
    if (st == STATUS_OK) {
        st = store_day_legs_each(request_db(req), location, list.day->date_text,
                                 bookings_day_leg, &list);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such location.");
        goto out;
    }
    json_object_foreach(list.desks, code, desk)
    {
        json_array_append(desks, desk);
    }
    reply_json(req, 200,
               json_pack("{s:I, s:s, s:O}", "location", (json_int_t)location,
                         "date", list.day->date_text, "desks", desks));
out:
    day_free(list.day);
    json_decref(list.desks);
    json_decref(desks);
    json_decref(invalid);
}
