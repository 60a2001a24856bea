/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Group bookings: an employer or the front desk books several people (up
 * to 50) on one date, or on the earliest date where they all fit, each
 * with their own services, planned together; all or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/booking_write.h"
#include "api/day.h"
#include "api/eligibility.h"
#include "api/itinerary.h"
#include "api/visit.h"
#include "core/slot.h"
#include "http/reply.h"
#include "store/bookings.h"

/* Days after the date given that an "earliest" request searches. */
#define GROUPS_SEARCH_DAYS 60

static const struct body_field api_booking_group_fields[] = {
    {"location", BODY_INTEGER, true, false, 1, INT32_MAX, "location id"},
    {"date", BODY_DATE, true, false, 0, 0,
     "the date, or with earliest the first date to try"},
    {"earliest", BODY_BOOLEAN, false, false, 0, 0,
     "book on the earliest date from date on where everyone fits"},
    {"members", BODY_ARRAY, true, false, 1, PLANNER_MAX_PERSONS,
     "[{givenNames, surname, email, phone, language, services, persons, "
     "residenceMunicipality, indLetterLocation}]; services a "
     "comma-separated list of codes"},
    ELIGIBILITY_FIELD_SPONSOR,
};
const struct body_spec api_booking_group_body =
    BODY_SPEC("BookingGroupInput", api_booking_group_fields);

/* The fields of one member, checked like those of a single booking. */
static const struct body_field groups_member_fields[] = {
    {"newcomer", BODY_INTEGER, false, false, 1, INT32_MAX,
     "a registered newcomer's id: the person's details come from the "
     "record"},
    {"givenNames", BODY_STRING, false, false, 1, 200,
     "given names (required without newcomer)"},
    {"surname", BODY_STRING, false, false, 1, 200,
     "surname (required without newcomer)"},
    {"email", BODY_STRING, false, false, 3, 254,
     "e-mail address (required without newcomer, unless its record has "
     "one)",
     booking_field_email},
    {"phone", BODY_STRING, false, false, 0, 40, "telephone number"},
    {"language", BODY_STRING, false, false, 2, 2, "en or nl",
     booking_field_language},
    {"services", BODY_STRING, true, false, 1, 400, "service codes"},
    {"persons", BODY_INTEGER, false, false, 1, ITINERARY_MAX_PERSONS,
     "persons served together (a family); default 1"},
    ELIGIBILITY_FIELD_SPONSOR,
    ELIGIBILITY_FIELD_MUNICIPALITY,
    ELIGIBILITY_FIELD_LETTER,
};
static const struct body_spec groups_member_spec =
    BODY_SPEC("BookingGroupMember", groups_member_fields);

/* Checks each member's fields; names a bad one as members[i].field.
 * *replied is set when it replied itself (a newcomer not found). */
static bool
groups_read_members(struct http_request *req, struct booking_job *job,
                    json_t *invalid, bool *replied)
{
    const json_t *members = json_object_get(req->json, "members");
    const json_t *item;
    size_t i;

    job->n_members = (int)json_array_size(members);
    job->members = calloc((size_t)job->n_members, sizeof *job->members);
    if (job->members == NULL) {
        return false;
    }
    json_array_foreach(members, i, item)
    {
        struct booking_member *m = &job->members[i];
        json_t *bad = json_array();
        const char *record_kvk = NULL;
        const json_t *p;
        size_t j;

        body_check(&groups_member_spec, item, bad);
        json_array_foreach(bad, j, p)
        {
            char name[64];
            snprintf(name, sizeof name, "members[%zu].%s", i,
                     json_string_value(json_object_get(p, "name")));
            invalid_add(invalid, name,
                        json_string_value(json_object_get(p, "reason")));
        }
        json_decref(bad);
        if (json_is_object(item)) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "members[%zu].", i);
            if (!booking_read_person(req, job, item, prefix, &m->row,
                                     &record_kvk, invalid)) {
                *replied = true;
                return false;
            }
        }
        p = json_object_get(item, "persons");
        m->ask.persons = p ? (int)json_integer_value(p) : 1;
        if (json_is_object(item)) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "members[%zu].", i);
            /* The member's own sponsor (a registered newcomer's), else
             * the group's. */
            const char *group_kvk =
                json_string_value(json_object_get(req->json, "sponsorKvk"));
            (void)eligibility_read_answers(req, item, prefix,
                                           record_kvk ? record_kvk : group_kvk,
                                           &m->answers, invalid);
        }
    }
    return json_array_size(invalid) == 0;
}

/* Reads every member's services on a loaded day. */
static bool
groups_read_services(struct http_request *req, struct booking_job *job,
                     json_t *invalid)
{
    const json_t *members = json_object_get(req->json, "members");

    for (int i = 0; i < job->n_members; i++) {
        char why[ITINERARY_WHY_MAX];
        const char *list = json_string_value(
            json_object_get(json_array_get(members, (size_t)i), "services"));
        if (!itinerary_read_services(job->plan.day, list,
                                     visit_bookable_mask(&req->auth),
                                     &job->members[i].ask, why)) {
            char name[64];
            snprintf(name, sizeof name, "members[%d].services", i);
            invalid_add(invalid, name, why);
        }
    }
    return json_array_size(invalid) == 0;
}

/* Plans the group on the loaded day; STATUS_NOT_FOUND when they do not
 * all fit (*failed names who did not), STATUS_INPUT for a member whose
 * services do not fit in a day at all. */
static enum status
groups_plan(struct booking_job *job, int *failed)
{
    const struct day *day = job->plan.day;
    struct planner_desk desks[DAY_MAX_DESKS];
    struct planner_service services[PLANNER_MAX_PERSONS][PLANNER_MAX_SERVICES];
    struct planner_person persons[PLANNER_MAX_PERSONS];
    struct planner_option *out;
    struct planner_group_query q = {
        .persons = persons,
        .n_persons = job->n_members,
        .day_slots = slot_count(day->slot_minutes),
        .earliest = slot_index_ceil(job->plan.earliest, day->slot_minutes),
    };
    enum status st = STATUS_OK;

    for (int d = 0; d < day->n_desks; d++) {
        desks[d].free = day->desks[d].free;
        desks[d].kinds = day->desks[d].active ? day->desks[d].services : 0;
    }
    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        const struct itinerary_ask *ask = &job->members[m].ask;
        persons[m].services = services[m];
        persons[m].n_services = ask->n_services;
        for (int i = 0; st == STATUS_OK && i < ask->n_services; i++) {
            const struct day_service *s = &day->services[ask->services[i]];
            services[m][i].kind = ask->services[i];
            services[m][i].before = 0;
            for (int j = 0; j < ask->n_services; j++) {
                if (s->requires & (UINT64_C(1) << ask->services[j])) {
                    services[m][i].before |= 1u << j;
                }
            }
            st = planner_slots_for(s->minutes, s->extra_minutes_per_person,
                                   ask->persons, day->slot_minutes,
                                   &services[m][i].length);
            *failed = m;
        }
    }
    if (st != STATUS_OK) {
        return STATUS_INPUT;
    }
    out = calloc((size_t)job->n_members, sizeof *out);
    if (out == NULL) {
        return STATUS_NOMEM;
    }
    st = planner_group(desks, day->n_desks, &q, out, failed);
    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        /* planner legs name the member's services by index, like ask */
        job->members[m].opt = out[m];
    }
    free(out);
    return st;
}

/* Loads the request's date (or, with earliest, the first date from it
 * where the group fits) and plans on it. Replies on failure. */
static bool
groups_find_day(struct http_request *req, struct booking_job *job)
{
    const char *date_text =
        json_string_value(json_object_get(req->json, "date"));
    bool earliest = json_is_true(json_object_get(req->json, "earliest"));
    int64_t location =
        json_integer_value(json_object_get(req->json, "location"));
    json_t *invalid = json_array();
    struct date date;
    int failed = -1;
    enum status st = STATUS_NOT_FOUND;

    (void)date_parse(date_text, strlen(date_text), &date);
    for (int d = 0;
         st == STATUS_NOT_FOUND && d <= (earliest ? GROUPS_SEARCH_DAYS : 0);
         d++) {
        struct date try = date_add_days(date, d);
        if (!visit_date_ok(req, try, "date", &job->plan.earliest, invalid)) {
            if (d == 0) {
                reply_invalid(req, invalid, NULL);
                return false;
            }
            break; /* beyond the horizon */
        }
        day_free(job->plan.day);
        job->plan.day = NULL;
        st = day_load(request_db(req), location, try, &job->plan.day);
        if (st == STATUS_NOT_FOUND) {
            invalid_add(invalid, "location", "is not a known location");
            reply_invalid(req, invalid, NULL);
            return false;
        }
        if (st == STATUS_OK && d == 0 &&
            !groups_read_services(req, job, invalid)) {
            reply_invalid(req, invalid, NULL);
            return false;
        }
        if (st == STATUS_OK) {
            st = groups_plan(job, &failed);
        }
    }
    if (st == STATUS_INPUT || st == STATUS_NOT_FOUND) {
        char name[48];
        snprintf(name, sizeof name, "members[%d]", failed < 0 ? 0 : failed);
        invalid_add(invalid, failed < 0 ? "members" : name,
                    st == STATUS_INPUT
                        ? "these services do not fit in one day"
                        : (earliest ? "the group does not fit together on "
                                      "any date searched"
                                    : "the group does not fit together on "
                                      "this date; try another or earliest"));
        reply_invalid(req, invalid, NULL);
        return false;
    }
    json_decref(invalid);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    return true;
}

/* Judges every member against the rules of their services on the day
 * found: one refused member refuses the group, naming that member. */
static bool
groups_check_rules(struct http_request *req, struct booking_job *job)
{
    struct eligibility_refusal refusal;
    enum status st = STATUS_OK;

    for (int m = 0; st == STATUS_OK && m < job->n_members; m++) {
        st = eligibility_judge_visit(request_db(req), job->plan.day,
                                     &job->members[m].ask,
                                     &job->members[m].answers, &refusal);
        if (st == STATUS_FORBIDDEN) {
            eligibility_reply_refusal(req, &refusal, m);
            return false;
        }
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return false;
    }
    return true;
}

void
api_booking_groups_post(struct http_request *req)
{
    struct booking_job *job = booking_job_new(req, BOOKING_JOB_GROUP);
    const char *key = NULL;
    json_t *invalid = json_array();
    bool replied = false;

    if (job == NULL) {
        reply_status(req, STATUS_NOMEM, NULL);
        goto out;
    }
    if (!booking_read_key(req, &key)) {
        goto out;
    }
    if (!groups_read_members(req, job, invalid, &replied)) {
        if (replied) {
            goto out;
        }
        if (job->members == NULL) {
            reply_status(req, STATUS_NOMEM, NULL);
        } else {
            reply_invalid(req, invalid, NULL);
            invalid = NULL;
        }
        goto out;
    }
    if (key != NULL) {
        snprintf(job->key, sizeof job->key, "%s", key);
        booking_request_digest(req, job->key_record.request_digest);
        if (booking_replay(req, job) != STATUS_NOT_FOUND) {
            goto out;
        }
    }
    if (!groups_find_day(req, job) || !groups_check_rules(req, job)) {
        goto out;
    }
    booking_job_submit(req, job);
    job = NULL;
out:
    booking_job_free(job);
    json_decref(invalid);
}

struct groups_found {
    int64_t id;
    int64_t created_by;
    struct booking_job *job; /* collects the members to cancel */
};

static enum status
groups_keep(void *ctx, const struct store_group *row)
{
    struct groups_found *g = ctx;

    g->id = row->id;
    g->created_by = row->created_by;
    return STATUS_OK;
}

/* Finds the group of the path: staff see every group, an employer the
 * groups it booked. Replies 404 otherwise. */
static bool
groups_access(struct http_request *req, struct groups_found *g)
{
    enum status st = STATUS_NOT_FOUND;

    memset(g, 0, sizeof *g);
    if (strlen(req->args[0]) == STORE_BOOKING_CODE_LEN) {
        st = store_group_find(request_db(req), req->args[0], 0, groups_keep, g);
    }
    if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
        reply_status(req, st, NULL);
        return false;
    }
    if (st == STATUS_NOT_FOUND || (!(req->auth.role & ROLE_STAFF) &&
                                   g->created_by != req->auth.user_id)) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such booking group.");
        return false;
    }
    return true;
}

void
api_booking_groups_get_one(struct http_request *req)
{
    struct groups_found g;
    struct booking_job job = {.req = req};

    if (!groups_access(req, &g)) {
        return;
    }
    job.group_id = g.id;
    booking_reply_group(req, &job, 200, false);
}

static enum status
groups_collect(void *ctx, const struct store_booking *row)
{
    struct booking_job *job = ctx;

    if (strcmp(row->status, "booked") == 0 &&
        job->n_members < PLANNER_MAX_PERSONS) {
        job->members[job->n_members++].booking_id = row->id;
    }
    return STATUS_OK;
}

void
api_booking_groups_delete(struct http_request *req)
{
    struct groups_found g;
    struct booking_job *job = NULL;
    enum status st;

    if (!groups_access(req, &g)) {
        return;
    }
    job = booking_job_new(req, BOOKING_JOB_CANCEL_GROUP);
    if (job != NULL) {
        job->members = calloc(PLANNER_MAX_PERSONS, sizeof *job->members);
    }
    if (job == NULL || job->members == NULL) {
        booking_job_free(job);
        reply_status(req, STATUS_NOMEM, NULL);
        return;
    }
    job->group_id = g.id;
    st = store_group_bookings_each(request_db(req), g.id, groups_collect, job);
    if (st != STATUS_OK || job->n_members == 0) {
        booking_job_free(job);
        if (st == STATUS_OK) {
            reply_problem(req, PROBLEM_GONE,
                          "Every booking of this group is cancelled already.");
        } else {
            reply_status(req, st, NULL);
        }
        return;
    }
    booking_job_submit(req, job);
}
