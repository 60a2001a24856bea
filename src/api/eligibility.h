/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Eligibility between requests and the catalogue: reading and setting a
 * service's rules, reading what a booking answers to them, judging a
 * visit's services against those answers, and the refusal. A refusal is
 * 403 urn:onestop:problem:not-eligible whose body names the rule, the
 * service and the booking field, with a message in English. */
#ifndef ONESTOP_API_ELIGIBILITY_H
#define ONESTOP_API_ELIGIBILITY_H

#include <jansson.h>
#include <stdbool.h>

#include "api/day.h"
#include "api/itinerary.h"
#include "core/eligibility.h"
#include "http/request.h"
#include "util/status.h"

struct db;

/* What one booking answers to the rules; strings borrowed (from the
 * request, or the caller's account). NULL for what was not given. */
struct eligibility_answers {
    const char *sponsor_kvk;
    const char *municipality;
    const char *letter_location;
};

/* Why a booking was refused. */
struct eligibility_refusal {
    char rule[32];
    char service[64];
    char field[32];
    char detail[ELIGIBILITY_WHY_MAX];
};

/* The booking body fields that answer rules, for the body specs of single
 * bookings and group members (see body_field). */
#define ELIGIBILITY_FIELD_SPONSOR                                              \
    {                                                                          \
        "sponsorKvk", BODY_STRING, false, false, 8, 8,                         \
            "front desk: KvK number of the sponsor the person works for "      \
            "(employers book for their own)",                                  \
            eligibility_field_kvk                                              \
    }
#define ELIGIBILITY_FIELD_MUNICIPALITY                                         \
    {                                                                          \
        "residenceMunicipality", BODY_STRING, false, false, 1,                 \
            ELIGIBILITY_VALUE_MAX,                                             \
            "the municipality the person lives in (services for the region's " \
            "residents)"                                                       \
    }
#define ELIGIBILITY_FIELD_LETTER                                               \
    {                                                                          \
        "indLetterLocation", BODY_CODE, false, false, 0, 0,                    \
            "code of the location the person's IND letter names, or other "    \
            "(collecting a residence document)"                                \
    }

/* body_field check of a KvK number: 8 digits. */
const char *eligibility_field_kvk(const json_t *value);

/* Reads the answers in obj (a booking body or a group member) for the
 * caller: an employer's sponsor is its own (naming another is refused),
 * only staff name one, anonymous callers none. sponsor_kvk, when not NULL,
 * is a KvK named for a whole group. Appends to invalid (field names
 * prefixed with prefix, such as "members[2].") and returns false when
 * wrong. */
bool eligibility_read_answers(struct http_request *req, const json_t *obj,
                              const char *prefix, const char *sponsor_kvk,
                              struct eligibility_answers *out, json_t *invalid);

/* Judges the rules of the services of ask on day (its date and location)
 * against one booking's answers. STATUS_OK when each rule is met;
 * STATUS_FORBIDDEN with *refusal filled for the first that is not; other
 * statuses when the store fails. */
enum status eligibility_judge_visit(struct db *db, const struct day *day,
                                    const struct itinerary_ask *ask,
                                    const struct eligibility_answers *answers,
                                    struct eligibility_refusal *refusal);

/* Replies 403 not-eligible for refusal; member >= 0 names the member of a
 * group that was refused (the group is refused as a whole). */
void eligibility_reply_refusal(struct http_request *req,
                               const struct eligibility_refusal *refusal,
                               int member);

/* Adds each service's rules, as "eligibility": [{rule, ...}], to the
 * service objects of by_code (code -> object, borrowed), for the service
 * with only_code or all (NULL). */
enum status eligibility_add_to_services(struct db *db, const char *only_code,
                                        json_t *by_code);

/* Whether the service has a recognised-sponsor rule: such a service cannot
 * be offered to the public (see services.c). */
enum status eligibility_service_needs_sponsor(struct db *db, int64_t service_id,
                                              bool *needs);

#endif
