/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The documents each person of a booking brings, and the front desk's
 * ticks of the ones it has checked: who ticked each and when is kept with
 * the tick, and every change is in the audit log. Desk officers read. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/booking_documents.h"
#include "api/booking_json.h"
#include "api/booking_write.h"
#include "db/db.h"
#include "http/reply.h"
#include "store/catalogue.h"
#include "store/eligibility.h"
#include "util/clock.h"

/* Ticks one request may change. */
#define DOCUMENTS_CHECKS_MAX 100

static const struct body_field api_booking_documents_fields[] = {
    {"checks", BODY_ARRAY, true, false, 1, DOCUMENTS_CHECKS_MAX,
     "[{person, service, document, checked}]: person 1 for the first of "
     "the family, the service's code, the document's number in the "
     "service's list (1 for the first), checked true to tick it off or "
     "false to take the tick back"},
};
const struct body_spec api_booking_documents_body =
    BODY_SPEC("BookingDocumentsInput", api_booking_documents_fields);

/* The item of documentsPerPerson for person, service and document, or
 * NULL (borrowed). */
static json_t *
documents_item(json_t *per_person, int person, const char *service,
               int document)
{
    json_t *p = json_array_get(per_person, (size_t)person - 1);
    size_t i;
    json_t *group;

    if (person < 1 || p == NULL) {
        return NULL;
    }
    json_array_foreach(json_object_get(p, "services"), i, group)
    {
        if (strcmp(json_string_value(json_object_get(group, "service")),
                   service) == 0) {
            return document < 1
                       ? NULL
                       : json_array_get(json_object_get(group, "items"),
                                        (size_t)document - 1);
        }
    }
    return NULL;
}

static enum status
documents_mark_one(void *ctx, const struct store_document_check *row)
{
    json_t *item =
        documents_item(ctx, row->person, row->service_code, row->position);

    if (item != NULL) {
        json_object_set_new(item, "checked", json_true());
        json_object_set_new(item, "checkedBy", json_string(row->checked_by));
        json_object_set_new(item, "checkedAt", json_string(row->checked_at));
    }
    return STATUS_OK;
}

enum status
booking_documents_mark(struct db *db, int64_t booking_id, json_t *booking)
{
    json_t *per_person = json_object_get(booking, "documentsPerPerson");
    json_int_t missing = 0;
    size_t i;
    json_t *p;
    enum status st;

    json_array_foreach(per_person, i, p)
    {
        size_t k;
        json_t *group;
        json_array_foreach(json_object_get(p, "services"), k, group)
        {
            size_t d;
            json_t *item;
            json_array_foreach(json_object_get(group, "items"), d, item)
            {
                json_object_set_new(item, "checked", json_false());
            }
        }
    }
    st = store_document_check_each(db, booking_id, documents_mark_one,
                                   per_person);
    if (st != STATUS_OK) {
        return st;
    }
    json_array_foreach(per_person, i, p)
    {
        json_int_t own = 0;
        size_t k;
        json_t *group;
        json_array_foreach(json_object_get(p, "services"), k, group)
        {
            size_t d;
            json_t *item;
            json_array_foreach(json_object_get(group, "items"), d, item)
            {
                own += json_is_false(json_object_get(item, "checked"));
            }
        }
        json_object_set_new(p, "missing", json_integer(own));
        missing += own;
    }
    json_object_set_new(booking, "documentsMissing", json_integer(missing));
    return STATUS_OK;
}

/* The booking of the path with its documents marked, for staff. */
static bool
documents_load(struct http_request *req, struct booking_found *found,
               json_t **booking)
{
    enum status st;

    *booking = NULL;
    if (!booking_access(req, found)) {
        return false;
    }
    st = booking_json_load(request_db(req), found->id, booking);
    if (st == STATUS_OK) {
        st = booking_documents_mark(request_db(req), found->id, *booking);
    }
    if (st != STATUS_OK) {
        json_decref(*booking);
        *booking = NULL;
        reply_status(req, st, NULL);
        return false;
    }
    return true;
}

static void
documents_reply(struct http_request *req, json_t *booking)
{
    reply_json(req, 200,
               json_pack("{s:O, s:O, s:O, s:O}", "booking",
                         json_object_get(booking, "code"), "persons",
                         json_object_get(booking, "persons"), "documents",
                         json_object_get(booking, "documentsPerPerson"),
                         "missing",
                         json_object_get(booking, "documentsMissing")));
}

void
api_bookings_get_documents(struct http_request *req)
{
    struct booking_found found;
    json_t *booking = NULL;

    if (documents_load(req, &found, &booking)) {
        documents_reply(req, booking);
    }
    json_decref(booking);
}

struct documents_change {
    int64_t booking_id;
    int64_t user_id;
    const json_t *checks; /* borrowed from the request */
    int64_t service_ids[DOCUMENTS_CHECKS_MAX];
    char now[CLOCK_ISO_TEXT];
};

static enum status
documents_save_tx(struct db *db, void *ctx)
{
    struct documents_change *c = ctx;
    size_t i;
    const json_t *check;
    enum status st = STATUS_OK;

    json_array_foreach(c->checks, i, check)
    {
        st = store_document_check_set(
            db, c->booking_id,
            (int)json_integer_value(json_object_get(check, "person")),
            c->service_ids[i],
            (int)json_integer_value(json_object_get(check, "document")),
            json_is_true(json_object_get(check, "checked")), c->user_id,
            c->now);
        if (st != STATUS_OK) {
            break;
        }
    }
    return st;
}

/* Checks each tick against the booking's documents; names the bad ones. */
static bool
documents_read(struct http_request *req, json_t *booking,
               struct documents_change *c, json_t *invalid)
{
    json_t *per_person = json_object_get(booking, "documentsPerPerson");
    size_t i;
    const json_t *check;

    json_array_foreach(c->checks, i, check)
    {
        const json_t *person = json_object_get(check, "person");
        const char *service =
            json_string_value(json_object_get(check, "service"));
        const json_t *document = json_object_get(check, "document");
        const json_t *checked = json_object_get(check, "checked");
        char field[48];
        int64_t agency = 0;

        snprintf(field, sizeof field, "checks[%zu]", i);
        if (!json_is_object(check) || json_object_size(check) != 4 ||
            !json_is_integer(person) || service == NULL ||
            !json_is_integer(document) || !json_is_boolean(checked)) {
            invalid_add(invalid, field,
                        "must be {person, service, document, checked}: two "
                        "numbers, a service code and true or false");
            continue;
        }
        if (json_integer_value(person) < 1 ||
            json_integer_value(person) >
                json_integer_value(json_object_get(booking, "persons"))) {
            snprintf(field, sizeof field, "checks[%zu].person", i);
            invalid_add(invalid, field,
                        "must be a person of the booking: 1 to the number "
                        "of persons");
            continue;
        }
        if (json_integer_value(document) < 1 ||
            json_integer_value(document) > 1000 ||
            documents_item(per_person, (int)json_integer_value(person), service,
                           (int)json_integer_value(document)) == NULL) {
            snprintf(field, sizeof field, "checks[%zu].document", i);
            invalid_add(invalid, field,
                        "is not a document to bring for a service of this "
                        "booking");
            continue;
        }
        if (store_service_find(request_db(req), service, &c->service_ids[i],
                               &agency) != STATUS_OK) {
            snprintf(field, sizeof field, "checks[%zu].service", i);
            invalid_add(invalid, field, "is not a service of this booking");
        }
    }
    return json_array_size(invalid) == 0;
}

void
api_bookings_put_documents(struct http_request *req)
{
    struct booking_found found;
    struct documents_change c = {0};
    json_t *booking = NULL;
    json_t *invalid = json_array();
    char object[48];
    char detail[64];
    enum status st;

    if (!documents_load(req, &found, &booking)) {
        goto out;
    }
    if (!found.booked) {
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled.");
        goto out;
    }
    c.booking_id = found.id;
    c.user_id = req->auth.user_id;
    c.checks = json_object_get(req->json, "checks");
    clock_format_utc(clock_now(), c.now);
    if (!documents_read(req, booking, &c, invalid)) {
        reply_invalid(req, invalid, NULL);
        invalid = NULL;
        goto out;
    }
    st = db_transaction(request_db(req), documents_save_tx, &c);
    if (st == STATUS_OK) {
        st = booking_documents_mark(request_db(req), found.id, booking);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "booking %lld", (long long)found.id);
    snprintf(detail, sizeof detail, "%zu document ticks",
             json_array_size(c.checks));
    audit_event(req, NULL, "booking.documents", object, "ok", detail);
    documents_reply(req, booking);
out:
    json_decref(booking);
    json_decref(invalid);
}
