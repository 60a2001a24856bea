/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The service catalogue: what can be done at a centre, by which agency,
 * how long it takes, what it requires first and which documents to bring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "api/day.h"
#include "api/eligibility.h"
#include "core/prereq.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/reply.h"
#include "store/catalogue.h"

#define SERVICE_NAME_MAX 200
#define SERVICE_DESCRIPTION_MAX 2000
#define SERVICE_DOCUMENT_MAX 300
#define SERVICE_PREREQ_MAX 20
#define SERVICE_DOCUMENTS_MAX 30
/* The cycle named in a refusal is cut after this many services. */
#define SERVICE_CYCLE_SHOWN 16

static const char *
service_field_outcome(const json_t *value)
{
    static const char *const kinds[] = {"none",         "registration",
                                        "ind-document", "ind-biometrics",
                                        "ind-sticker",  "ind-return-visa"};
    const char *s = json_string_value(value);

    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(s, kinds[i]) == 0) {
            return NULL;
        }
    }
    return "must be none, registration, ind-document, ind-biometrics, "
           "ind-sticker or ind-return-visa";
}

static const struct body_field api_service_fields[] = {
    {"code", BODY_CODE, true, false, 0, 0, "short name, such as ind-collect"},
    {"agency", BODY_CODE, true, false, 0, 0, "code of the agency"},
    {"name", BODY_OBJECT, true, false, 0, 0, "{en, nl}"},
    {"description", BODY_OBJECT, false, false, 0, 0, "{en, nl}"},
    {"minutes", BODY_INTEGER, true, false, 1, 480, "duration for one person"},
    {"extraMinutesPerPerson", BODY_INTEGER, false, false, 0, 240,
     "added per additional person served together"},
    {"prerequisites", BODY_ARRAY, false, false, 0, SERVICE_PREREQ_MAX,
     "codes of services that must come first in the same visit"},
    {"documents", BODY_ARRAY, false, false, 0, SERVICE_DOCUMENTS_MAX,
     "documents to bring, each {en, nl}"},
    {"bookableBy", BODY_ARRAY, false, false, 0, 3,
     "who may book it: public, sponsor, frontdesk"},
    {"rescheduleAllowed", BODY_BOOLEAN, false, false, 0, 0,
     "whether the newcomer may reschedule (the IND forbids it)"},
    {"active", BODY_BOOLEAN, false, false, 0, 0, "offered at all"},
    {"outcome", BODY_STRING, false, false, 1, 32,
     "what completing it records: none, registration, ind-document, "
     "ind-biometrics, ind-sticker or ind-return-visa (absent on a change: "
     "kept)",
     service_field_outcome},
};
const struct body_spec api_service_body =
    BODY_SPEC("ServiceInput", api_service_fields);

static const struct {
    unsigned int bit;
    const char *name;
} service_bookable_names[] = {
    {BOOKABLE_PUBLIC, "public"},
    {BOOKABLE_SPONSOR, "sponsor"},
    {BOOKABLE_FRONTDESK, "frontdesk"},
};
#define SERVICE_BOOKABLE_COUNT                                                 \
    (sizeof service_bookable_names / sizeof service_bookable_names[0])

/* ---- reading ---- */

struct service_list {
    json_t *items;   /* array in catalogue order */
    json_t *by_code; /* code -> the same objects, borrowed lookups */
};

static enum status
service_add(void *ctx, const struct store_service *row)
{
    struct service_list *list = ctx;
    json_t *bookable = json_array();
    json_t *svc;

    for (size_t i = 0; i < SERVICE_BOOKABLE_COUNT; i++) {
        if (row->bookable_by & service_bookable_names[i].bit) {
            json_array_append_new(bookable,
                                  json_string(service_bookable_names[i].name));
        }
    }
    svc = json_pack(
        "{s:s, s:{s:s, s:o}, s:o, s:o, s:i, s:i, s:[], s:[], s:o, s:b, s:b, "
        "s:s}",
        "code", row->code, "agency", "code", row->agency_code, "name",
        bilingual_json(row->agency_name_en, row->agency_name_nl), "name",
        bilingual_json(row->name_en, row->name_nl), "description",
        bilingual_json(row->description_en, row->description_nl), "minutes",
        row->minutes, "extraMinutesPerPerson", row->extra_minutes_per_person,
        "prerequisites", "documents", "bookableBy", bookable,
        "rescheduleAllowed", row->reschedule_allowed, "active", row->active,
        "outcome", row->outcome);
    if (svc == NULL) {
        return STATUS_NOMEM;
    }
    json_object_set(list->by_code, row->code, svc);
    return json_array_append_new(list->items, svc) == 0 ? STATUS_OK
                                                        : STATUS_NOMEM;
}

static enum status
service_add_prereq(void *ctx, const char *code, const char *requires)
{
    struct service_list *list = ctx;
    json_t *svc = json_object_get(list->by_code, code);

    if (svc == NULL) {
        return STATUS_OK;
    }
    return json_array_append_new(json_object_get(svc, "prerequisites"),
                                 json_string(requires)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

static enum status
service_add_document(void *ctx, const char *code, const char *en,
                     const char *nl)
{
    struct service_list *list = ctx;
    json_t *svc = json_object_get(list->by_code, code);

    if (svc == NULL) {
        return STATUS_OK;
    }
    return json_array_append_new(json_object_get(svc, "documents"),
                                 bilingual_json(en, nl)) == 0
               ? STATUS_OK
               : STATUS_NOMEM;
}

/* Loads the whole catalogue, or one service (only_code). */
static enum status
service_load(struct db *db, const char *only_code, struct service_list *list)
{
    enum status st;

    list->items = json_array();
    list->by_code = json_object();
    st = store_service_each(db, only_code, service_add, list);
    if (st == STATUS_OK) {
        st = store_service_prereq_each(db, service_add_prereq, list);
    }
    if (st == STATUS_OK) {
        st = store_service_document_each(db, service_add_document, list);
    }
    if (st == STATUS_OK) {
        st = eligibility_add_to_services(db, only_code, list->by_code);
    }
    return st;
}

static void
service_list_clear(struct service_list *list)
{
    json_decref(list->items);
    json_decref(list->by_code);
}

void
api_services_get_list(struct http_request *req)
{
    struct service_list list;
    enum status st = service_load(request_db(req), NULL, &list);

    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        reply_json(req, 200, json_pack("{s:O}", "items", list.items));
    }
    service_list_clear(&list);
}

static void
service_reply_one(struct http_request *req, const char *code,
                  unsigned int status)
{
    struct service_list list;
    enum status st = service_load(request_db(req), code, &list);

    if (st != STATUS_OK) {
        reply_status(req, st, "No such service.");
    } else {
        reply_json(req, status, json_incref(json_array_get(list.items, 0)));
    }
    service_list_clear(&list);
}

void
api_services_get_one(struct http_request *req)
{
    service_reply_one(req, req->args[0], 200);
}

/* ---- changing ---- */

struct service_change {
    struct store_service in;
    bool create;
    const json_t *prerequisites;
    struct store_document docs[SERVICE_DOCUMENTS_MAX];
    size_t n_docs;
    json_t *invalid; /* borrowed; filled when the change is refused */
    /* cycle detection over all prerequisite pairs */
    json_t *codes; /* code -> index */
    json_t *names; /* index -> code */
    struct prereq_edge *edges;
    size_t n_edges;
    size_t cap_edges;
};

static bool
service_read_documents(struct service_change *c, const json_t *body)
{
    const json_t *docs = json_object_get(body, "documents");
    size_t i;
    json_t *doc;

    json_array_foreach((json_t *)(uintptr_t)docs, i, doc)
    {
        char field[48];
        json_t *wrap = json_pack("{s:O}", "text", doc);

        snprintf(field, sizeof field, "documents[%zu]", i);
        if (!json_is_object(doc)) {
            invalid_add(c->invalid, field, "must be an object with en and nl");
        } else if (bilingual_read(wrap, "text", SERVICE_DOCUMENT_MAX, false,
                                  &c->docs[c->n_docs].en,
                                  &c->docs[c->n_docs].nl, c->invalid)) {
            c->n_docs++;
        } else {
            /* bilingual_read named "text.en"; name the document instead */
            json_t *last =
                json_array_get(c->invalid, json_array_size(c->invalid) - 1);
            json_object_set_new(last, "name", json_string(field));
        }
        json_decref(wrap);
    }
    return json_array_size(c->invalid) == 0;
}

static bool
service_read(struct service_change *c, const json_t *body)
{
    const json_t *extra = json_object_get(body, "extraMinutesPerPerson");
    const json_t *bookable = json_object_get(body, "bookableBy");
    const json_t *resched = json_object_get(body, "rescheduleAllowed");
    const json_t *active = json_object_get(body, "active");
    size_t i;
    json_t *v;

    c->in.code = json_string_value(json_object_get(body, "code"));
    c->in.minutes = (int)json_integer_value(json_object_get(body, "minutes"));
    c->in.extra_minutes_per_person = extra ? (int)json_integer_value(extra) : 0;
    c->in.reschedule_allowed = resched ? json_is_true(resched) : true;
    c->in.active = active ? json_is_true(active) : true;
    c->in.outcome = json_string_value(json_object_get(body, "outcome"));
    c->prerequisites = json_object_get(body, "prerequisites");
    bilingual_read(body, "name", SERVICE_NAME_MAX, false, &c->in.name_en,
                   &c->in.name_nl, c->invalid);
    bilingual_read(body, "description", SERVICE_DESCRIPTION_MAX, true,
                   &c->in.description_en, &c->in.description_nl, c->invalid);
    c->in.bookable_by = bookable ? 0 : BOOKABLE_PUBLIC;
    json_array_foreach((json_t *)(uintptr_t)bookable, i, v)
    {
        char field[48];
        bool known = false;
        for (size_t k = 0; k < SERVICE_BOOKABLE_COUNT; k++) {
            if (json_is_string(v) &&
                strcmp(json_string_value(v), service_bookable_names[k].name) ==
                    0) {
                c->in.bookable_by |= service_bookable_names[k].bit;
                known = true;
            }
        }
        if (!known) {
            snprintf(field, sizeof field, "bookableBy[%zu]", i);
            invalid_add(c->invalid, field,
                        "must be public, sponsor or frontdesk");
        }
    }
    json_array_foreach((json_t *)(uintptr_t)c->prerequisites, i, v)
    {
        char field[48];
        snprintf(field, sizeof field, "prerequisites[%zu]", i);
        if (!json_is_string(v) || !validate_code(json_string_value(v))) {
            invalid_add(c->invalid, field, "must be a service code");
        } else if (strcmp(json_string_value(v), c->in.code) == 0) {
            invalid_add(c->invalid, field, "a service cannot require itself");
        }
    }
    service_read_documents(c, body);
    return json_array_size(c->invalid) == 0;
}

static size_t
service_node(struct service_change *c, const char *code)
{
    json_t *idx = json_object_get(c->codes, code);

    if (idx != NULL) {
        return (size_t)json_integer_value(idx);
    }
    json_object_set_new(c->codes, code,
                        json_integer((json_int_t)json_array_size(c->names)));
    json_array_append_new(c->names, json_string(code));
    return json_array_size(c->names) - 1;
}

static enum status
service_collect_edge(void *ctx, const char *code, const char *requires)
{
    struct service_change *c = ctx;

    if (c->n_edges == c->cap_edges) {
        size_t cap = c->cap_edges ? c->cap_edges * 2 : 32;
        struct prereq_edge *grown = realloc(c->edges, cap * sizeof *grown);
        if (grown == NULL) {
            return STATUS_NOMEM;
        }
        c->edges = grown;
        c->cap_edges = cap;
    }
    c->edges[c->n_edges].from = service_node(c, code);
    c->edges[c->n_edges].to = service_node(c, requires);
    c->n_edges++;
    return STATUS_OK;
}

/* Refuses the change when the prerequisites now form a cycle, naming it. */
static enum status
service_check_cycles(struct db *db, struct service_change *c)
{
    size_t cycle[SERVICE_CYCLE_SHOWN];
    size_t len = 0;
    size_t shown;
    char reason[512];
    size_t used;
    enum status st;

    /* The transaction runner may call this again on a retry. */
    json_decref(c->codes);
    json_decref(c->names);
    c->n_edges = 0;
    c->codes = json_object();
    c->names = json_array();
    st = store_service_prereq_each(db, service_collect_edge, c);
    if (st != STATUS_OK) {
        return st;
    }
    st = prereq_find_cycle(json_array_size(c->names), c->edges, c->n_edges,
                           cycle, SERVICE_CYCLE_SHOWN, &len);
    if (st != STATUS_CONFLICT) {
        return st;
    }
    shown = len < SERVICE_CYCLE_SHOWN ? len : SERVICE_CYCLE_SHOWN;
    used = (size_t)snprintf(reason, sizeof reason,
                            "would make a cycle of prerequisites: ");
    /* a requires b requires ... requires a (closed when shown whole) */
    for (size_t i = 0; i <= shown && used < sizeof reason; i++) {
        size_t node = cycle[i % shown];
        if (i == shown && shown < len) {
            break;
        }
        used += (size_t)snprintf(
            reason + used, sizeof reason - used, "%s%s", i ? " requires " : "",
            json_string_value(json_array_get(c->names, node)));
    }
    invalid_add(c->invalid, "prerequisites", reason);
    return STATUS_INPUT;
}

static enum status
service_save_tx(struct db *db, void *ctx)
{
    struct service_change *c = ctx;
    int64_t requires[SERVICE_PREREQ_MAX];
    size_t n = 0;
    int64_t foreign = 0;
    int64_t agency_of_prereq;
    size_t i;
    json_t *v;
    enum status st;

    json_array_foreach((json_t *)(uintptr_t)c->prerequisites, i, v)
    {
        char field[48];
        st = store_service_find(db, json_string_value(v), &requires[n],
                                &agency_of_prereq);
        if (st == STATUS_NOT_FOUND) {
            snprintf(field, sizeof field, "prerequisites[%zu]", i);
            invalid_add(c->invalid, field, "is not a known service");
            continue;
        }
        if (st != STATUS_OK) {
            return st;
        }
        n++;
    }
    if (c->create) {
        int64_t count = 0;
        st = store_service_count(db, &count);
        if (st != STATUS_OK) {
            return st;
        }
        if (count >= DAY_MAX_SERVICES) {
            invalid_add(c->invalid, "code",
                        "the catalogue holds at most 64 services, the "
                        "number the planner plans with");
        }
    }
    if (json_array_size(c->invalid) > 0) {
        return STATUS_INPUT;
    }
    st = c->create ? store_service_insert(db, &c->in, &c->in.id)
                   : store_service_update(db, &c->in, &c->in.id);
    if (st == STATUS_OK && !c->create) {
        st = store_service_foreign_desks(db, c->in.id, c->in.agency_id,
                                         &foreign);
        if (st == STATUS_OK && foreign > 0) {
            invalid_add(c->invalid, "agency",
                        "desks of another agency offer this service: change "
                        "those desks first");
            return STATUS_INPUT;
        }
    }
    if (st == STATUS_OK && !c->create &&
        (c->in.bookable_by & BOOKABLE_PUBLIC)) {
        bool needs_sponsor = false;
        st = eligibility_service_needs_sponsor(db, c->in.id, &needs_sponsor);
        if (st == STATUS_OK && needs_sponsor) {
            /* The public could see it in availability but never book it. */
            invalid_add(c->invalid, "bookableBy",
                        "the service requires a recognised sponsor, which "
                        "the public cannot name: change its eligibility "
                        "first");
            return STATUS_INPUT;
        }
    }
    if (st == STATUS_OK) {
        st = store_service_set_prerequisites(db, c->in.id, requires, n);
    }
    if (st == STATUS_OK) {
        st = store_service_set_documents(db, c->in.id, c->docs, c->n_docs);
    }
    if (st == STATUS_OK) {
        st = service_check_cycles(db, c);
    }
    return st;
}

static void
service_save(struct http_request *req, bool create)
{
    struct service_change c = {0};
    const char *agency;
    char object[64];
    enum status st;

    c.create = create;
    c.invalid = json_array();
    agency = json_string_value(json_object_get(req->json, "agency"));
    if (!service_read(&c, req->json)) {
        goto invalid;
    }
    if (!create && strcmp(c.in.code, req->args[0]) != 0) {
        invalid_add(c.invalid, "code", "must match the code in the path");
        goto invalid;
    }
    st = store_agency_id(request_db(req), agency, &c.in.agency_id);
    if (st == STATUS_NOT_FOUND) {
        invalid_add(c.invalid, "agency", "is not a known agency");
        goto invalid;
    }
    if (st == STATUS_OK) {
        st = db_transaction(request_db(req), service_save_tx, &c);
    }
    if (st == STATUS_INPUT) {
        goto invalid;
    }
    if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "Another service already has this code.");
        goto out;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such service.");
        goto out;
    }
    snprintf(object, sizeof object, "service:%s", c.in.code);
    audit_event(req, NULL, create ? "service.create" : "service.update", object,
                "ok", "");
    service_reply_one(req, c.in.code, create ? 201 : 200);
    goto out;
invalid:
    reply_invalid(req, json_incref(c.invalid), NULL);
out:
    json_decref(c.invalid);
    json_decref(c.codes);
    json_decref(c.names);
    free(c.edges);
}

void
api_services_post(struct http_request *req)
{
    service_save(req, true);
}

void
api_services_put(struct http_request *req)
{
    service_save(req, false);
}
