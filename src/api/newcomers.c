/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Newcomers: the employer portal's record of incoming employees and their
 * family members, and each one's progress. An employer sees and changes
 * only its own sponsor's newcomers; anyone else's answer 404, exactly as
 * one that does not exist.
 *
 * The travel document number and the V-number are sealed at rest. What
 * each caller sees of them:
 *   - employers: the last NEWCOMER_NUMBER_END characters only
 *     (travelDocumentEnd, vNumberEnd), enough to tell two passports apart
 *     and check what was typed; they registered the numbers and need not
 *     read them back (data minimisation);
 *   - staff: the same, unless they state why they need the whole numbers
 *     in the query (?reason=...): then the answer holds travelDocument and
 *     vNumber, and an audit event records who read whose numbers, when and
 *     why, before anything is answered. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/booking_write.h"
#include "api/newcomer_booking.h"
#include "api/visit.h"
#include "core/country.h"
#include "core/date.h"
#include "core/newcomer.h"
#include "core/sponsor_register.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/newcomers.h"
#include "store/sponsors.h"
#include "util/crypto.h"
#include "util/log.h"

#define NEWCOMERS_PAGE_DEFAULT 100
#define NEWCOMERS_PAGE_MAX 500
/* The longest search text, in characters. */
#define NEWCOMERS_QUERY_MAX 100
/* A reason for reading the whole numbers: 3 to 200 characters. */
#define NEWCOMERS_REASON_MIN 3
#define NEWCOMERS_REASON_MAX 200
/* The oldest date of birth taken. */
#define NEWCOMERS_BORN_AFTER "1900-01-01"

/* ---- body fields ---- */

static const char *
newcomers_field_name(const json_t *value)
{
    return newcomer_name_valid(json_string_value(value))
               ? NULL
               : "must be a name of 1 to 200 characters in any script, "
                 "without control characters or leading and trailing spaces";
}

static const char *
newcomers_field_birth(const json_t *value)
{
    const char *s = json_string_value(value);
    struct date born;
    struct date oldest;

    (void)date_parse(s, strlen(s), &born);
    (void)date_parse(NEWCOMERS_BORN_AFTER, DATE_ISO_LEN, &oldest);
    return date_compare(born, visit_today()) <= 0 &&
                   date_compare(born, oldest) >= 0
               ? NULL
               : "must be a date of birth in the past (from 1900 on)";
}

static const char *
newcomers_field_country(const json_t *value)
{
    char code[COUNTRY_CODE_TEXT];
    return country_parse(json_string_value(value), code)
               ? NULL
               : "must be an ISO 3166-1 alpha-2 country code such as NL";
}

static const char *
newcomers_field_category(const json_t *value)
{
    enum newcomer_category c;
    return newcomer_category_parse(json_string_value(value), &c)
               ? NULL
               : "must be highly-skilled-migrant, researcher, student, "
                 "family-member or other";
}

static const char *
newcomers_field_postcode(const json_t *value)
{
    char out[NEWCOMER_POSTCODE_TEXT];
    return newcomer_postcode_parse(json_string_value(value), out)
               ? NULL
               : "must be a Dutch postcode such as 1234 AB";
}

static const char *
newcomers_field_house(const json_t *value)
{
    struct newcomer_house h;
    return newcomer_house_parse(json_string_value(value), &h)
               ? NULL
               : "must be a house number from 1 to 99999 with an optional "
                 "addition of up to 4 letters or digits, such as 12A or 12-3";
}

static const char *
newcomers_field_travel(const json_t *value)
{
    char out[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    return newcomer_travel_document_parse(json_string_value(value), out)
               ? NULL
               : "must be a travel document number of 5 to 20 letters and "
                 "digits, with at least one digit";
}

static const char *
newcomers_field_v_number(const json_t *value)
{
    char out[NEWCOMER_V_NUMBER_TEXT];
    return newcomer_v_number_parse(json_string_value(value), out)
               ? NULL
               : "must be a V-number of 10 digits";
}

static const char *
newcomers_field_kvk(const json_t *value)
{
    return sponsor_kvk_valid(json_string_value(value))
               ? NULL
               : "must be a KvK number of 8 digits";
}

/* The person's fields, shared by every body of this family; category is
 * required of a principal, and defaults to family-member for a member. */
#define NEWCOMERS_PERSON_FIELDS(category_required)                             \
    {"givenNames",                                                             \
     BODY_STRING,                                                              \
     true,                                                                     \
     false,                                                                    \
     1,                                                                        \
     NEWCOMER_NAME_MAX,                                                        \
     "given names, any script",                                                \
     newcomers_field_name},                                                    \
        {"surname",                                                            \
         BODY_STRING,                                                          \
         true,                                                                 \
         false,                                                                \
         1,                                                                    \
         NEWCOMER_NAME_MAX,                                                    \
         "surname, any script",                                                \
         newcomers_field_name},                                                \
        {"dateOfBirth",        BODY_DATE, true, false, 0, 0, "date of birth",  \
         newcomers_field_birth},                                               \
        {"nationality",                                                        \
         BODY_STRING,                                                          \
         true,                                                                 \
         false,                                                                \
         2,                                                                    \
         2,                                                                    \
         "ISO 3166-1 alpha-2 country code",                                    \
         newcomers_field_country},                                             \
        {"category",                                                           \
         BODY_STRING,                                                          \
         (category_required),                                                  \
         false,                                                                \
         1,                                                                    \
         40,                                                                   \
         "highly-skilled-migrant, researcher, student, family-member or "      \
         "other",                                                              \
         newcomers_field_category},                                            \
        {"expectedArrival",                                                    \
         BODY_DATE,                                                            \
         false,                                                                \
         true,                                                                 \
         0,                                                                    \
         0,                                                                    \
         "expected date of arrival in the Netherlands"},                       \
        {"postcode",                                                           \
         BODY_STRING,                                                          \
         false,                                                                \
         true,                                                                 \
         6,                                                                    \
         7,                                                                    \
         "Dutch postcode (1234 AB), with houseNumber",                         \
         newcomers_field_postcode},                                            \
        {"houseNumber",                                                        \
         BODY_STRING,                                                          \
         false,                                                                \
         true,                                                                 \
         1,                                                                    \
         11,                                                                   \
         "house number and addition (12, 12A, 12-3), with postcode",           \
         newcomers_field_house},                                               \
        {"email",          BODY_STRING,        false, true, 3, 254,            \
         "e-mail address", booking_field_email},                               \
        {"language",                                                           \
         BODY_STRING,                                                          \
         false,                                                                \
         false,                                                                \
         2,                                                                    \
         2,                                                                    \
         "preferred language, en or nl (default en)",                          \
         booking_field_language},                                              \
        {"travelDocument",                                                     \
         BODY_STRING,                                                          \
         false,                                                                \
         true,                                                                 \
         1,                                                                    \
         NEWCOMER_NUMBER_INPUT_MAX,                                            \
         "travel document number (stored sealed); on PUT, leave it out to "    \
         "keep the one held, null removes it",                                 \
         newcomers_field_travel},                                              \
    {                                                                          \
        "vNumber", BODY_STRING, false, true, 1, NEWCOMER_NUMBER_INPUT_MAX,     \
            "the IND's V-number, 10 digits (stored sealed); on PUT as "        \
            "travelDocument",                                                  \
            newcomers_field_v_number                                           \
    }

static const struct body_field api_newcomer_fields[] = {
    NEWCOMERS_PERSON_FIELDS(true),
    {"sponsor", BODY_STRING, false, false, 8, 8,
     "the sponsor's KvK number (staff; an employer's own sponsor otherwise)",
     newcomers_field_kvk},
    {"family", BODY_ARRAY, false, false, 0, STORE_NEWCOMER_FAMILY_MAX,
     "family members registered with the newcomer: objects with the same "
     "person fields (category defaults to family-member)"},
};
const struct body_spec api_newcomer_body =
    BODY_SPEC("NewcomerInput", api_newcomer_fields);

static const struct body_field api_newcomer_update_fields[] = {
    NEWCOMERS_PERSON_FIELDS(true),
};
const struct body_spec api_newcomer_update_body =
    BODY_SPEC("NewcomerUpdate", api_newcomer_update_fields);

static const struct body_field api_family_member_fields[] = {
    NEWCOMERS_PERSON_FIELDS(false),
};
const struct body_spec api_family_member_body =
    BODY_SPEC("FamilyMemberInput", api_family_member_fields);

/* ---- reading a body into a row ---- */

/* The normalised values of one person of a body, and the row pointing at
 * them (and at strings borrowed from the body). */
struct newcomers_person {
    struct store_newcomer row;
    unsigned int keep; /* STORE_NEWCOMER_KEEP_* on update */
    char nationality[COUNTRY_CODE_TEXT];
    char postcode[NEWCOMER_POSTCODE_TEXT];
    struct newcomer_house house;
    char travel[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    char v_number[NEWCOMER_V_NUMBER_TEXT];
};

static const char *
newcomers_string(const json_t *body, const char *name)
{
    return json_string_value(json_object_get(body, name));
}

/* Reads a person's fields (checked by their body spec already) into p.
 * Appends to invalid, with the prefix given ("" or "family[1]."), what
 * only the whole tells: a postcode without a house number and the like. */
static void
newcomers_read_person(const json_t *body, const char *prefix,
                      struct newcomers_person *p, json_t *invalid)
{
    const json_t *travel = json_object_get(body, "travelDocument");
    const json_t *v_number = json_object_get(body, "vNumber");
    const char *postcode = newcomers_string(body, "postcode");
    const char *house = newcomers_string(body, "houseNumber");
    const char *category = newcomers_string(body, "category");
    const char *email = newcomers_string(body, "email");
    const char *language = newcomers_string(body, "language");
    char name[64];

    memset(p, 0, sizeof *p);
    p->row.given_names = newcomers_string(body, "givenNames");
    p->row.surname = newcomers_string(body, "surname");
    p->row.birth_date = newcomers_string(body, "dateOfBirth");
    (void)country_parse(newcomers_string(body, "nationality"), p->nationality);
    p->row.nationality = p->nationality;
    p->row.category = category ? category : "family-member";
    p->row.expected_arrival = newcomers_string(body, "expectedArrival");
    if ((postcode == NULL) != (house == NULL)) {
        snprintf(name, sizeof name, "%s%s", prefix,
                 postcode ? "houseNumber" : "postcode");
        invalid_add(invalid, name,
                    "is required with a postcode or house number: an "
                    "address is both or neither");
    }
    if (postcode != NULL && house != NULL &&
        newcomer_postcode_parse(postcode, p->postcode) &&
        newcomer_house_parse(house, &p->house)) {
        p->row.postcode = p->postcode;
        p->row.house_number = p->house.text;
    }
    p->row.email = email ? email : "";
    p->row.language = language ? language : "en";
    if (travel == NULL) {
        p->keep |= STORE_NEWCOMER_KEEP_TRAVEL_DOCUMENT;
    } else if (newcomer_travel_document_parse(json_string_value(travel),
                                              p->travel)) {
        p->row.travel_document = p->travel;
    }
    if (v_number == NULL) {
        p->keep |= STORE_NEWCOMER_KEEP_V_NUMBER;
    } else if (newcomer_v_number_parse(json_string_value(v_number),
                                       p->v_number)) {
        p->row.v_number = p->v_number;
    }
}

static void
newcomers_person_wipe(struct newcomers_person *p)
{
    crypto_wipe(p->travel, sizeof p->travel);
    crypto_wipe(p->v_number, sizeof p->v_number);
}

/* ---- who may see what ---- */

/* The newcomer's row as the handlers use it, copied out of the store. */
struct newcomers_found {
    int64_t id;
    int64_t principal_id;
    char sponsor_kvk[16];
};

static enum status
newcomers_keep_found(void *ctx, const struct store_newcomer *row)
{
    struct newcomers_found *f = ctx;

    f->id = row->id;
    f->principal_id = row->principal_id;
    snprintf(f->sponsor_kvk, sizeof f->sponsor_kvk, "%s", row->sponsor_kvk);
    return STATUS_OK;
}

/* True when the caller may see newcomers of sponsor kvk: staff all, an
 * employer its own sponsor's. */
static bool
newcomers_visible(const struct http_request *req, const char *kvk)
{
    if (req->auth.role & ROLE_STAFF) {
        return true;
    }
    return req->auth.role == ROLE_EMPLOYER &&
           req->auth.sponsor_kvk[0] != '\0' &&
           strcmp(req->auth.sponsor_kvk, kvk) == 0;
}

/* Finds the newcomer whose id is path argument 0 and checks the caller may
 * see it. Replies 404 (for another sponsor's exactly as for none) and
 * returns false otherwise. */
static bool
newcomers_access(struct http_request *req, struct newcomers_found *found)
{
    enum status st;

    memset(found, 0, sizeof *found);
    if (!params_path_id(req, 0, &found->id)) {
        return false;
    }
    st = store_newcomer_get(request_db(req), found->id, newcomers_keep_found,
                            found);
    if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
        reply_status(req, st, NULL);
        return false;
    }
    if (st == STATUS_NOT_FOUND || !newcomers_visible(req, found->sponsor_kvk)) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such newcomer.");
        return false;
    }
    return true;
}

/* The key that seals the numbers; replies 500 when the server has none
 * (serve refuses to start without one, so this is our bug). */
static const struct sealed_key *
newcomers_key(struct http_request *req)
{
    if (req->app->key == NULL) {
        LOG_ERROR("no key to seal personal data with");
        reply_status(req, STATUS_INTERNAL, NULL);
    }
    return req->app->key;
}

/* ---- the JSON of a newcomer ---- */

struct newcomers_json {
    struct http_request *req;
    bool reveal; /* the whole numbers (staff, with a reason) */
    json_t *out; /* one newcomer, or an array */
};

/* Opens a sealed number into the JSON object: its end always, the whole
 * of it when reveal. NULL sealed gives nulls. */
static enum status
newcomers_number_json(const struct sealed_key *key, const char *field,
                      const char *sealed, bool reveal, json_t *obj,
                      const char *end_name, const char *whole_name)
{
    char plain[SEALED_VALUE_MAX + 1];
    char end[NEWCOMER_NUMBER_END + 1];
    enum status st;

    if (sealed == NULL) {
        json_object_set_new(obj, end_name, json_null());
        if (reveal) {
            json_object_set_new(obj, whole_name, json_null());
        }
        return STATUS_OK;
    }
    st = sealed_open(key, field, sealed, plain);
    if (st != STATUS_OK) {
        LOG_ERROR("a sealed %s does not open with the key (%s)", field,
                  status_name(st));
        return STATUS_INTERNAL;
    }
    newcomer_number_end(plain, end);
    json_object_set_new(obj, end_name, json_string(end));
    if (reveal) {
        json_object_set_new(obj, whole_name, json_string(plain));
    }
    crypto_wipe(plain, sizeof plain);
    crypto_wipe(end, sizeof end);
    return STATUS_OK;
}

static json_t *
newcomers_opt(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

static enum status
newcomers_progress_json(struct db *db, int64_t id, json_t *obj)
{
    struct store_newcomer_progress p;
    enum status st = store_newcomer_progress(db, id, &p);

    if (st != STATUS_OK) {
        return st;
    }
    json_object_set_new(
        obj, "progress",
        json_pack(
            "{s:b, s:o, s:o, s:b, s:b, s:b}", "booked", p.booked, "bookingCode",
            p.booked ? json_string(p.booking_code) : json_null(), "visitDate",
            p.booked ? json_string(p.visit_date) : json_null(), "checkedIn",
            p.checked_in, "bsnIssued", p.bsn_issued, "documentCollected",
            p.document_collected));
    return STATUS_OK;
}

/* One newcomer as JSON (new reference in *out). */
static enum status
newcomers_row_json(struct newcomers_json *b, const struct store_newcomer *row,
                   json_t **out)
{
    const struct sealed_key *key = b->req->app->key;
    json_t *obj;
    enum status st;

    obj = json_pack(
        "{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, "
        "s:s, s:s}",
        "id", (json_int_t)row->id, "sponsor", row->sponsor_kvk, "principal",
        row->principal_id > 0 ? json_integer(row->principal_id) : json_null(),
        "givenNames", row->given_names, "surname", row->surname, "dateOfBirth",
        row->birth_date, "nationality", row->nationality, "category",
        row->category, "expectedArrival", newcomers_opt(row->expected_arrival),
        "postcode", newcomers_opt(row->postcode), "houseNumber",
        newcomers_opt(row->house_number), "email",
        row->email[0] ? json_string(row->email) : json_null(), "language",
        row->language, "createdAt", row->created_at, "updatedAt",
        row->updated_at);
    if (obj == NULL) {
        return STATUS_NOMEM;
    }
    st = newcomers_number_json(key, STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD,
                               row->travel_document_sealed, b->reveal, obj,
                               "travelDocumentEnd", "travelDocument");
    if (st == STATUS_OK) {
        st = newcomers_number_json(key, STORE_NEWCOMER_V_NUMBER_FIELD,
                                   row->v_number_sealed, b->reveal, obj,
                                   "vNumberEnd", "vNumber");
    }
    if (st == STATUS_OK) {
        st = newcomers_progress_json(request_db(b->req), row->id, obj);
    }
    if (st != STATUS_OK) {
        json_decref(obj);
        return st;
    }
    *out = obj;
    return STATUS_OK;
}

static enum status
newcomers_one_json(void *ctx, const struct store_newcomer *row)
{
    struct newcomers_json *b = ctx;
    return newcomers_row_json(b, row, &b->out);
}

static enum status
newcomers_append_json(void *ctx, const struct store_newcomer *row)
{
    struct newcomers_json *b = ctx;
    json_t *item = NULL;
    enum status st = newcomers_row_json(b, row, &item);

    if (st == STATUS_OK && json_array_append_new(b->out, item) != 0) {
        st = STATUS_NOMEM;
    }
    return st;
}

/* Newcomer id as JSON with its family (a principal's members, each with
 * their progress); new reference in *out. */
static enum status
newcomers_load_json(struct http_request *req, int64_t id, bool reveal,
                    json_t **out)
{
    struct newcomers_json one = {req, reveal, NULL};
    struct newcomers_json family = {req, reveal, json_array()};
    struct store_newcomer_query q = {.principal_id = id,
                                     .limit = STORE_NEWCOMER_FAMILY_MAX};
    enum status st;

    if (family.out == NULL) {
        return STATUS_NOMEM;
    }
    st = store_newcomer_get(request_db(req), id, newcomers_one_json, &one);
    if (st == STATUS_OK) {
        st = store_newcomer_each(request_db(req), &q, newcomers_append_json,
                                 &family);
    }
    if (st != STATUS_OK) {
        json_decref(one.out);
        json_decref(family.out);
        return st;
    }
    json_object_set_new(one.out, "family", family.out);
    *out = one.out;
    return STATUS_OK;
}

/* Replies with newcomer id (and its family) as the caller may see it. */
static void
newcomers_reply(struct http_request *req, int64_t id, unsigned int status,
                bool reveal)
{
    json_t *obj = NULL;
    enum status st = newcomers_load_json(req, id, reveal, &obj);

    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    if (status == 201) {
        char location[64];
        snprintf(location, sizeof location, "/api/v1/newcomers/%lld",
                 (long long)id);
        request_add_header(req, "Location", location);
    }
    reply_json(req, status, obj);
}

/* ---- registering ---- */

struct newcomers_create {
    const struct sealed_key *key;
    struct newcomers_person principal;
    struct newcomers_person family[STORE_NEWCOMER_FAMILY_MAX];
    size_t n_family;
    int64_t principal_id; /* the member's principal (family route) */
    int64_t id;           /* out: the principal (or the member) */
};

static enum status
newcomers_create_tx(struct db *db, void *ctx)
{
    struct newcomers_create *c = ctx;
    enum status st;

    c->principal.row.principal_id = c->principal_id;
    st = store_newcomer_insert(db, c->key, &c->principal.row, &c->id);
    for (size_t i = 0; st == STATUS_OK && i < c->n_family; i++) {
        int64_t member = 0;
        c->family[i].row.principal_id = c->id;
        c->family[i].row.sponsor_kvk = c->principal.row.sponsor_kvk;
        c->family[i].row.created_by = c->principal.row.created_by;
        st = store_newcomer_insert(db, c->key, &c->family[i].row, &member);
    }
    return st;
}

static void
newcomers_create_wipe(struct newcomers_create *c)
{
    newcomers_person_wipe(&c->principal);
    for (size_t i = 0; i < STORE_NEWCOMER_FAMILY_MAX; i++) {
        newcomers_person_wipe(&c->family[i]);
    }
}

/* Reads the family array of a registration; names a bad member's field as
 * family[i].field. */
static void
newcomers_read_family(struct http_request *req, struct newcomers_create *c,
                      json_t *invalid)
{
    const json_t *family = json_object_get(req->json, "family");
    const json_t *item;
    size_t i;

    json_array_foreach(family, i, item)
    {
        json_t *bad = json_array();
        const json_t *p;
        char prefix[32];
        size_t j;

        snprintf(prefix, sizeof prefix, "family[%zu].", i);
        if (!body_check(&api_family_member_body, item, bad)) {
            json_array_foreach(bad, j, p)
            {
                char name[96];
                snprintf(name, sizeof name, "%s%s", prefix,
                         json_string_value(json_object_get(p, "name")));
                invalid_add(invalid, name,
                            json_string_value(json_object_get(p, "reason")));
            }
        } else {
            newcomers_read_person(item, prefix, &c->family[i], invalid);
        }
        json_decref(bad);
    }
    c->n_family = json_array_size(family);
}

static enum status
newcomers_sponsor_seen(void *ctx, const struct store_sponsor *row)
{
    (void)ctx;
    (void)row;
    return STATUS_OK;
}

/* The sponsor a registration is for: the employer's own, or the one a
 * staff member names (which must be in the register). Appends to invalid
 * what is wrong; *kvk (out). */
static enum status
newcomers_read_sponsor(struct http_request *req, const char **kvk,
                       json_t *invalid)
{
    const char *asked = newcomers_string(req->json, "sponsor");
    enum status st;

    if (req->auth.role == ROLE_EMPLOYER) {
        if (asked != NULL && strcmp(asked, req->auth.sponsor_kvk) != 0) {
            invalid_add(invalid, "sponsor",
                        "is your own sponsor's; leave it out");
        }
        *kvk = req->auth.sponsor_kvk;
        return STATUS_OK;
    }
    if (asked == NULL) {
        invalid_add(invalid, "sponsor",
                    "is required: the KvK number of the newcomer's sponsor");
        return STATUS_OK;
    }
    *kvk = asked;
    st =
        store_sponsor_get(request_db(req), asked, newcomers_sponsor_seen, NULL);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(invalid, "sponsor", "is not in the sponsor register");
        st = STATUS_OK;
    }
    return st;
}

/* The employer's account must name its sponsor to register anyone. */
static bool
newcomers_may_write(struct http_request *req)
{
    if (req->auth.role == ROLE_EMPLOYER && req->auth.sponsor_kvk[0] == '\0') {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "This employer account belongs to no sponsor.");
        return false;
    }
    return true;
}

static void
newcomers_reply_conflict(struct http_request *req)
{
    reply_problem(req, PROBLEM_CONFLICT,
                  "A newcomer with this travel document number is "
                  "registered for this sponsor already.");
}

void
api_newcomers_post(struct http_request *req)
{
    struct newcomers_create c;
    json_t *invalid = json_array();
    const char *kvk = NULL;
    char object[48];
    char detail[48];
    enum status st;

    memset(&c, 0, sizeof c);
    c.key = newcomers_key(req);
    if (c.key == NULL || !newcomers_may_write(req)) {
        goto out;
    }
    st = newcomers_read_sponsor(req, &kvk, invalid);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    newcomers_read_person(req->json, "", &c.principal, invalid);
    newcomers_read_family(req, &c, invalid);
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    c.principal.row.sponsor_kvk = kvk;
    c.principal.row.created_by = req->auth.user_id;
    st = db_transaction(request_db(req), newcomers_create_tx, &c);
    if (st == STATUS_CONFLICT) {
        newcomers_reply_conflict(req);
        goto out;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "newcomer:%lld", (long long)c.id);
    snprintf(detail, sizeof detail, "family %zu", c.n_family);
    audit_event(req, NULL, "newcomer.create", object, "ok", detail);
    newcomers_reply(req, c.id, 201, false);
out:
    newcomers_create_wipe(&c);
    json_decref(invalid);
}

void
api_newcomers_post_family(struct http_request *req)
{
    struct newcomers_found found;
    struct newcomers_create c;
    json_t *invalid = json_array();
    struct store_newcomer_query q = {.limit = STORE_NEWCOMER_FAMILY_MAX + 1};
    struct newcomers_json family = {req, false, json_array()};
    char object[48];
    enum status st;

    memset(&c, 0, sizeof c);
    c.key = newcomers_key(req);
    if (c.key == NULL || !newcomers_may_write(req) ||
        !newcomers_access(req, &found)) {
        goto out;
    }
    if (found.principal_id > 0) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "This newcomer is a family member; add family to "
                      "their principal.");
        goto out;
    }
    q.principal_id = found.id;
    st = store_newcomer_each(request_db(req), &q, newcomers_append_json,
                             &family);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    if (json_array_size(family.out) >= STORE_NEWCOMER_FAMILY_MAX) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "This newcomer has the most family members one record "
                      "holds (10).");
        goto out;
    }
    newcomers_read_person(req->json, "", &c.principal, invalid);
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    c.principal.row.sponsor_kvk = found.sponsor_kvk;
    c.principal.row.created_by = req->auth.user_id;
    c.principal_id = found.id;
    st = db_transaction(request_db(req), newcomers_create_tx, &c);
    if (st == STATUS_CONFLICT) {
        newcomers_reply_conflict(req);
        goto out;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "newcomer:%lld", (long long)c.id);
    audit_event(req, NULL, "newcomer.create", object, "ok", "family member");
    newcomers_reply(req, c.id, 201, false);
out:
    newcomers_create_wipe(&c);
    json_decref(family.out);
    json_decref(invalid);
}

/* ---- reading ---- */

/* Reads the reason for a staff read of the whole numbers from the query.
 * *reason (out) NULL when none was given. Replies (400, or 403 for an
 * employer, who never reads them) and returns false when it cannot be
 * used. */
static bool
newcomers_read_reason(struct http_request *req, const char **reason)
{
    const char *r = request_query(req, "reason");
    json_t *invalid;

    *reason = NULL;
    if (r == NULL) {
        return true;
    }
    if (!(req->auth.role & ROLE_STAFF)) {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "Employers see the last 3 characters of a newcomer's "
                      "numbers, never the whole of them.");
        return false;
    }
    if (!validate_text(r, NEWCOMERS_REASON_MAX) ||
        strlen(r) < NEWCOMERS_REASON_MIN) {
        invalid = json_array();
        invalid_add(invalid, "reason",
                    "must say in 3 to 200 characters of text why the whole "
                    "numbers are needed");
        reply_invalid(req, invalid, NULL);
        return false;
    }
    *reason = r;
    return true;
}

void
api_newcomers_get_one(struct http_request *req)
{
    struct newcomers_found found;
    const char *reason = NULL;
    char object[48];
    /* The whole reason, never cut inside a character: 4 bytes each. */
    char detail[NEWCOMERS_REASON_MAX * 4 + 64];

    if (newcomers_key(req) == NULL || !newcomers_read_reason(req, &reason) ||
        !newcomers_access(req, &found)) {
        return;
    }
    if (reason != NULL) {
        /* Logged before anything is shown: no log, no numbers. */
        snprintf(object, sizeof object, "newcomer:%lld", (long long)found.id);
        snprintf(detail, sizeof detail, "travelDocument, vNumber; reason: %s",
                 reason);
        if (audit_event(req, NULL, "newcomer.read-personal-data", object, "ok",
                        detail) != STATUS_OK) {
            reply_status(req, STATUS_INTERNAL, NULL);
            return;
        }
    }
    newcomers_reply(req, found.id, 200, reason != NULL);
}

void
api_newcomers_get_list(struct http_request *req)
{
    struct store_newcomer_query q = {0};
    struct newcomers_json list = {req, false, json_array()};
    const char *travel = request_query(req, "travelDocument");
    const char *sponsor = request_query(req, "sponsor");
    char number[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    char hash[SEALED_HASH_TEXT];
    json_t *invalid = json_array();
    long limit = NEWCOMERS_PAGE_DEFAULT;
    enum status st;

    q.q = request_query(req, "q");
    if (q.q != NULL && q.q[0] != '\0' &&
        !validate_text(q.q, NEWCOMERS_QUERY_MAX)) {
        invalid_add(invalid, "q", "must be text of at most 100 characters");
    }
    if (travel != NULL && !newcomer_travel_document_parse(travel, number)) {
        invalid_add(invalid, "travelDocument",
                    "must be a travel document number of 5 to 20 letters "
                    "and digits");
    }
    if (sponsor != NULL && !sponsor_kvk_valid(sponsor)) {
        invalid_add(invalid, "sponsor", "must be a KvK number of 8 digits");
    }
    params_query_int(req, "limit", 1, NEWCOMERS_PAGE_MAX, &limit, invalid);
    if (json_array_size(invalid) > 0 || newcomers_key(req) == NULL) {
        if (json_array_size(invalid) > 0) {
            reply_invalid(req, invalid, NULL);
            invalid = NULL;
        }
        goto out;
    }
    q.limit = (int)limit;
    q.sponsor_kvk = sponsor;
    if (req->auth.role == ROLE_EMPLOYER) {
        /* Their own sponsor's, and nobody else's, whatever they ask. */
        q.sponsor_kvk = req->auth.sponsor_kvk;
        if ((sponsor != NULL && strcmp(sponsor, q.sponsor_kvk) != 0) ||
            q.sponsor_kvk[0] == '\0') {
            q.limit = 0;
        }
    }
    if (travel != NULL) {
        st = sealed_hash(req->app->key, SEALED_KIND_TRAVEL_DOCUMENT, number,
                         hash);
        crypto_wipe(number, sizeof number);
        if (st != STATUS_OK) {
            reply_status(req, st, NULL);
            goto out;
        }
        q.travel_document_hash = hash;
    }
    st = store_newcomer_each(request_db(req), &q, newcomers_append_json, &list);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    if (travel != NULL && (req->auth.role & ROLE_STAFF)) {
        char detail[48];
        snprintf(detail, sizeof detail, "found %zu", json_array_size(list.out));
        audit_event(req, NULL, "newcomer.search-travel-document", "", "ok",
                    detail);
    }
    reply_json(req, 200, json_pack("{s:O}", "items", list.out));
out:
    json_decref(list.out);
    json_decref(invalid);
}

/* ---- changing and removing ---- */

struct newcomers_update {
    const struct sealed_key *key;
    int64_t id;
    struct newcomers_person person;
};

static enum status
newcomers_update_tx(struct db *db, void *ctx)
{
    struct newcomers_update *u = ctx;
    return store_newcomer_update(db, u->key, u->id, &u->person.row,
                                 u->person.keep);
}

void
api_newcomers_put(struct http_request *req)
{
    struct newcomers_found found;
    struct newcomers_update u;
    json_t *invalid = json_array();
    char object[48];
    enum status st;

    memset(&u, 0, sizeof u);
    u.key = newcomers_key(req);
    if (u.key == NULL || !newcomers_may_write(req) ||
        !newcomers_access(req, &found)) {
        goto out;
    }
    newcomers_read_person(req->json, "", &u.person, invalid);
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    u.id = found.id;
    st = db_transaction(request_db(req), newcomers_update_tx, &u);
    if (st == STATUS_CONFLICT) {
        newcomers_reply_conflict(req);
        goto out;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "newcomer:%lld", (long long)found.id);
    audit_event(req, NULL, "newcomer.update", object, "ok", "");
    newcomers_reply(req, found.id, 200, false);
out:
    newcomers_person_wipe(&u.person);
    json_decref(invalid);
}

struct newcomers_delete {
    int64_t id;
    char today[DATE_ISO_LEN + 1];
};

static enum status
newcomers_delete_tx(struct db *db, void *ctx)
{
    struct newcomers_delete *d = ctx;
    return store_newcomer_delete(db, d->id, d->today);
}

void
api_newcomers_delete(struct http_request *req)
{
    struct newcomers_found found;
    struct newcomers_delete d;
    char object[48];
    enum status st;

    if (!newcomers_may_write(req) || !newcomers_access(req, &found)) {
        return;
    }
    d.id = found.id;
    date_format(visit_today(), d.today);
    st = db_transaction(request_db(req), newcomers_delete_tx, &d);
    if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "This newcomer (or a family member) has a visit still "
                      "to come; cancel it first.");
        return;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    snprintf(object, sizeof object, "newcomer:%lld", (long long)found.id);
    audit_event(req, NULL, "newcomer.delete", object, "ok", "");
    reply_empty(req, 204);
}

/* ---- booking for a newcomer ---- */

struct newcomers_booking_row {
    struct http_request *req;
    json_t *held;
    struct store_booking *row;
    const char *sponsor_kvk;
    bool visible;
};

/* A copy of s kept alive by held; NULL when out of memory. */
static const char *
newcomers_hold(json_t *held, const char *s)
{
    json_t *copy = json_string(s);

    if (copy == NULL || json_array_append_new(held, copy) != 0) {
        return NULL;
    }
    return json_string_value(copy);
}

static enum status
newcomers_booking_keep(void *ctx, const struct store_newcomer *n)
{
    struct newcomers_booking_row *b = ctx;

    b->visible = newcomers_visible(b->req, n->sponsor_kvk);
    if (!b->visible) {
        return STATUS_OK;
    }
    b->row->newcomer_id = n->id;
    b->row->given_names = newcomers_hold(b->held, n->given_names);
    b->row->surname = newcomers_hold(b->held, n->surname);
    b->row->email = newcomers_hold(b->held, n->email);
    b->row->language = newcomers_hold(b->held, n->language);
    b->sponsor_kvk = newcomers_hold(b->held, n->sponsor_kvk);
    return b->row->given_names && b->row->surname && b->row->email &&
                   b->row->language && b->sponsor_kvk
               ? STATUS_OK
               : STATUS_NOMEM;
}

enum status
newcomer_booking_fill(struct http_request *req, int64_t id, json_t *held,
                      struct store_booking *row, const char **sponsor_kvk)
{
    struct newcomers_booking_row b = {req, held, row, NULL, false};
    enum status st;

    /* Only a signed-in caller books for a newcomer. */
    if (!req->auth.signed_in || id <= 0) {
        return STATUS_NOT_FOUND;
    }
    st = store_newcomer_get(request_db(req), id, newcomers_booking_keep, &b);
    if (st == STATUS_OK && !b.visible) {
        st = STATUS_NOT_FOUND;
    }
    if (st == STATUS_OK) {
        *sponsor_kvk = b.sponsor_kvk;
    }
    return st;
}

bool
newcomer_of_employer(struct http_request *req, int64_t id)
{
    struct newcomers_found found = {0};

    if (!req->auth.signed_in || req->auth.role != ROLE_EMPLOYER || id <= 0) {
        return false;
    }
    return store_newcomer_get(request_db(req), id, newcomers_keep_found,
                              &found) == STATUS_OK &&
           newcomers_visible(req, found.sponsor_kvk);
}
