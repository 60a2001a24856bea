/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Building a booking's JSON from the store. */
#include <string.h>

#include "api/booking_json.h"

#include "api/bilingual.h"
#include "api/day.h"
#include "core/slot.h"
#include "store/bookings.h"
#include "store/catalogue.h"
#include "store/eligibility.h"
#include "store/floor.h"

struct booking_build {
    struct db *db;
    struct day *day;
    json_t *booking;
    json_t *legs;
    json_t *documents;
    uint64_t services; /* day service bits of the legs */
    bool reschedule_allowed;
    int first_start;
    int last_end;
    int persons;
};

static json_t *
booking_time(int minute)
{
    char text[SLOT_HHMM_LEN + 1];

    slot_format_hhmm(minute, text);
    return json_string(text);
}

static enum status
booking_build_head(void *ctx, const struct store_booking *row)
{
    struct booking_build *b = ctx;
    struct date date;
    enum status st;

    if (!date_parse(row->visit_date, strlen(row->visit_date), &date)) {
        return STATUS_INTERNAL;
    }
    st = day_load_catalogue(b->db, row->location_id, date, &b->day);
    if (st != STATUS_OK) {
        return st == STATUS_NOT_FOUND ? STATUS_INTERNAL : st;
    }
    b->booking = json_pack(
        "{s:s, s:s, s:s, s:{s:I, s:s, s:o, s:s, s:s}, s:s, s:i, "
        "s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:s}",
        "code", row->code, "status", row->status, "channel", row->channel,
        "location", "id", (json_int_t)row->location_id, "code",
        b->day->location_code, "name",
        bilingual_json(b->day->location_name_en, b->day->location_name_nl),
        "address", b->day->location_address, "timeZone", b->day->time_zone,
        "date", row->visit_date, "persons", row->persons, "person",
        "givenNames", row->given_names, "surname", row->surname, "email",
        row->email, "phone", row->phone, "language", row->language, "createdAt",
        row->created_at, "updatedAt", row->updated_at);
    if (b->booking == NULL) {
        return STATUS_NOMEM;
    }
    json_object_set_new(b->booking, "cancelledAt",
                        row->cancelled_at[0] ? json_string(row->cancelled_at)
                                             : json_null());
    b->persons = row->persons;
    json_object_set_new(b->booking, "groupId",
                        row->group_id > 0 ? json_integer(row->group_id)
                                          : json_null());
    json_object_set_new(b->booking, "newcomer",
                        row->newcomer_id > 0 ? json_integer(row->newcomer_id)
                                             : json_null());
    return STATUS_OK;
}

static enum status
booking_build_leg(void *ctx, const struct store_leg *leg)
{
    struct booking_build *b = ctx;
    int s = day_service_by_id(b->day, leg->service_id);
    int d = day_desk_index(b->day, leg->desk_id);

    if (s < 0 || d < 0) {
        return STATUS_INTERNAL;
    }
    b->services |= UINT64_C(1) << s;
    b->reschedule_allowed = b->reschedule_allowed && leg->reschedule_allowed;
    if (b->first_start < 0 || leg->starts_at < b->first_start) {
        b->first_start = leg->starts_at;
    }
    if (leg->ends_at > b->last_end) {
        b->last_end = leg->ends_at;
    }
    return json_array_append_new(
               b->legs,
               json_pack("{s:{s:s, s:o}, s:{s:I, s:s, s:o}, s:o, s:o, s:i}",
                         "service", "code", b->day->services[s].code, "name",
                         bilingual_json(b->day->services[s].name_en,
                                        b->day->services[s].name_nl),
                         "desk", "id", (json_int_t)leg->desk_id, "code",
                         b->day->desks[d].code, "name",
                         bilingual_json(b->day->desks[d].name_en,
                                        b->day->desks[d].name_nl),
                         "startsAt", booking_time(leg->starts_at), "endsAt",
                         booking_time(leg->ends_at), "minutes",
                         leg->ends_at - leg->starts_at)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

/* Documents to bring for the booking's services, grouped per service. */
static enum status
booking_build_document(void *ctx, const char *service_code, const char *en,
                       const char *nl)
{
    struct booking_build *b = ctx;
    int s = day_service_index(b->day, service_code);
    json_t *group;

    if (s < 0 || !(b->services & (UINT64_C(1) << s))) {
        return STATUS_OK;
    }
    group = json_object_get(b->documents, service_code);
    if (group == NULL) {
        group = json_array();
        json_object_set_new(b->documents, service_code, group);
    }
    return json_array_append_new(group, bilingual_json(en, nl)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

/* The documents to bring per person: each person of a family brings their
 * own. [{person, services: [{service, items: [{document, text}]}]}], the
 * document numbered by its position in the service's list. */
static json_t *
booking_documents_per_person(const json_t *documents, int persons)
{
    json_t *list = json_array();

    for (int p = 1; p <= persons; p++) {
        json_t *services = json_array();
        size_t i;
        const json_t *group;
        json_array_foreach(documents, i, group)
        {
            json_t *items = json_array();
            size_t k;
            json_t *text;
            json_array_foreach(json_object_get(group, "items"), k, text)
            {
                json_array_append_new(items,
                                      json_pack("{s:i, s:O}", "document",
                                                (int)k + 1, "text", text));
            }
            json_array_append_new(services,
                                  json_pack("{s:O, s:o}", "service",
                                            json_object_get(group, "service"),
                                            "items", items));
        }
        json_array_append_new(
            list, json_pack("{s:i, s:o}", "person", p, "services", services));
    }
    return list;
}

/* What the booking answered to the services' eligibility rules. */
static enum status
booking_build_answers(struct db *db, int64_t booking_id, json_t *booking)
{
    struct store_booking_answers a;
    enum status st = store_booking_answers_get(db, booking_id, &a);

    if (st != STATUS_OK) {
        return st;
    }
    json_object_set_new(booking, "sponsorKvk",
                        a.sponsor_kvk[0] ? json_string(a.sponsor_kvk)
                                         : json_null());
    json_object_set_new(booking, "residenceMunicipality",
                        a.municipality[0] ? json_string(a.municipality)
                                          : json_null());
    json_object_set_new(booking, "indLetterLocation",
                        a.letter_location[0] ? json_string(a.letter_location)
                                             : json_null());
    return STATUS_OK;
}

enum status
booking_json_load(struct db *db, int64_t booking_id, json_t **out)
{
    struct booking_build b = {
        .db = db,
        .legs = json_array(),
        .documents = json_object(),
        .reschedule_allowed = true,
        .first_start = -1,
    };
    struct store_floor_progress progress;
    enum status st;

    st = store_booking_find(db, NULL, booking_id, booking_build_head, &b);
    if (st == STATUS_OK) {
        st = store_booking_legs_each(db, booking_id, booking_build_leg, &b);
    }
    if (st == STATUS_OK) {
        st = store_floor_booking_progress(db, booking_id, &progress);
    }
    if (st == STATUS_OK) {
        st = store_service_document_each(db, booking_build_document, &b);
    }
    if (st == STATUS_OK) {
        json_t *documents = json_array();
        const char *code;
        json_t *items;
        json_object_foreach(b.documents, code, items)
        {
            json_array_append_new(documents, json_pack("{s:s, s:O}", "service",
                                                       code, "items", items));
        }
        json_object_set_new(b.booking, "legs", b.legs);
        b.legs = NULL;
        json_object_set_new(b.booking, "documentsPerPerson",
                            booking_documents_per_person(documents, b.persons));
        json_object_set_new(b.booking, "documents", documents);
        st = booking_build_answers(db, booking_id, b.booking);
    }
    if (st == STATUS_OK) {
        json_object_set_new(b.booking, "arrival",
                            b.first_start >= 0 ? booking_time(b.first_start)
                                               : json_null());
        json_object_set_new(b.booking, "departure",
                            b.first_start >= 0 ? booking_time(b.last_end)
                                               : json_null());
        json_object_set_new(
            b.booking, "canReschedule",
            json_boolean(
                b.reschedule_allowed &&
                strcmp(json_string_value(json_object_get(b.booking, "status")),
                       "booked") == 0));
        /* Whether, never which: the number is the newcomer's (floor_bsn). */
        json_object_set_new(b.booking, "bsnIssued",
                            json_boolean(progress.bsn_issued));
        *out = b.booking;
        b.booking = NULL;
    }
    json_decref(b.booking);
    json_decref(b.legs);
    json_decref(b.documents);
    day_free(b.day);
    return st;
}
