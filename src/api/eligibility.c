/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Eligibility rules of services: the admin's routes, the answers a booking
 * gives, judging a visit and the refusal. */
#include "api/eligibility.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "core/sponsor_register.h"
#include "db/db.h"
#include "http/reply.h"
#include "store/catalogue.h"
#include "store/eligibility.h"
#include "store/sponsors.h"

static const struct body_field api_service_eligibility_fields[] = {
    {"rules", BODY_ARRAY, true, false, 0, ELIGIBILITY_KIND_COUNT,
     "[{rule, categories | municipalities}]: rule recognised-sponsor "
     "(categories: register categories, none for any), "
     "residence-municipality (municipalities: the names accepted) or "
     "ind-letter-location; each kind once"},
};
const struct body_spec api_service_eligibility_body =
    BODY_SPEC("EligibilityInput", api_service_eligibility_fields);

/* The member of a rule object that lists its parameters, or NULL for a
 * kind without any. */
static const char *
eligibility_values_key(enum eligibility_kind kind)
{
    switch (kind) {
    case ELIGIBILITY_RECOGNISED_SPONSOR:
        return "categories";
    case ELIGIBILITY_RESIDENCE_MUNICIPALITY:
        return "municipalities";
    case ELIGIBILITY_IND_LETTER_LOCATION:
    case ELIGIBILITY_KIND_COUNT:
        break;
    }
    return NULL;
}

const char *
eligibility_field_kvk(const json_t *value)
{
    return sponsor_kvk_valid(json_string_value(value))
               ? NULL
               : "must be a KvK number of 8 digits";
}

/* ---- the rules as JSON ---- */

struct rules_json {
    json_t *by_code; /* service code -> service object, borrowed */
    json_t *rule;    /* the rule being read, borrowed */
    const char *last_code;
    int last_position;
};

static enum status
rules_json_row(void *ctx, const struct store_rule_row *row)
{
    struct rules_json *r = ctx;
    json_t *svc = json_object_get(r->by_code, row->service_code);
    json_t *list;
    enum eligibility_kind kind;
    const char *key;

    if (svc == NULL || !eligibility_kind_parse(row->kind, &kind)) {
        return STATUS_OK;
    }
    list = json_object_get(svc, "eligibility");
    if (list == NULL) {
        list = json_array();
        json_object_set_new(svc, "eligibility", list);
    }
    key = eligibility_values_key(kind);
    if (json_array_size(list) == 0 || r->last_position != row->rule_position ||
        r->last_code == NULL || strcmp(r->last_code, row->service_code) != 0) {
        r->rule = json_pack("{s:s}", "rule", row->kind);
        if (r->rule == NULL) {
            return STATUS_NOMEM;
        }
        if (key != NULL) {
            json_object_set_new(r->rule, key, json_array());
        }
        json_array_append_new(list, r->rule);
        /* row's strings last for this row only: keep the object's own */
        r->last_code = json_string_value(json_object_get(svc, "code"));
        r->last_position = row->rule_position;
    }
    if (key != NULL && row->value != NULL) {
        json_array_append_new(json_object_get(r->rule, key),
                              json_string(row->value));
    }
    return STATUS_OK;
}

enum status
eligibility_add_to_services(struct db *db, const char *only_code,
                            json_t *by_code)
{
    struct rules_json r = {by_code, NULL, NULL, 0};
    const char *code;
    json_t *svc;

    json_object_foreach(by_code, code, svc)
    {
        json_object_set_new(svc, "eligibility", json_array());
    }
    return store_rule_each(db, only_code, rules_json_row, &r);
}

enum status
eligibility_service_needs_sponsor(struct db *db, int64_t service_id,
                                  bool *needs)
{
    return store_rule_has(db, service_id,
                          eligibility_kind_name(ELIGIBILITY_RECOGNISED_SPONSOR),
                          needs);
}

/* ---- GET and PUT /services/{code}/eligibility ---- */

static void
eligibility_reply_rules(struct http_request *req, const char *code,
                        unsigned int http_status)
{
    json_t *by_code = json_object();
    json_t *svc = json_pack("{s:s}", "code", code);
    int64_t id = 0;
    int64_t agency = 0;
    enum status st = store_service_find(request_db(req), code, &id, &agency);

    if (st == STATUS_OK) {
        json_object_set(by_code, code, svc);
        st = eligibility_add_to_services(request_db(req), code, by_code);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such service.");
    } else {
        reply_json(req, http_status,
                   json_pack("{s:s, s:O}", "service", code, "rules",
                             json_object_get(svc, "eligibility")));
    }
    json_decref(svc);
    json_decref(by_code);
}

void
api_services_get_eligibility(struct http_request *req)
{
    eligibility_reply_rules(req, req->args[0], 200);
}

struct rules_change {
    int64_t service_id;
    unsigned int bookable_by;
    struct store_rule rules[ELIGIBILITY_KIND_COUNT];
    const char *values[ELIGIBILITY_KIND_COUNT][ELIGIBILITY_VALUES_MAX];
    size_t n;
    json_t *invalid; /* borrowed */
};

/* Reads the parameters of rule i of kind from its object. */
static void
rules_read_values(struct rules_change *c, size_t i, enum eligibility_kind kind,
                  const json_t *item)
{
    const char *key = eligibility_values_key(kind);
    const json_t *values = key ? json_object_get(item, key) : NULL;
    char field[64];
    size_t j;
    json_t *v;

    snprintf(field, sizeof field, "rules[%zu].%s", i, key ? key : "rule");
    if (key == NULL) {
        return;
    }
    if (values == NULL && eligibility_needs_values(kind)) {
        invalid_add(c->invalid, field, "is required: list at least one");
        return;
    }
    if (values == NULL) {
        return;
    }
    if (!json_is_array(values) ||
        json_array_size(values) > ELIGIBILITY_VALUES_MAX ||
        (eligibility_needs_values(kind) && json_array_size(values) == 0)) {
        invalid_add(c->invalid, field,
                    eligibility_needs_values(kind)
                        ? "must be a list of 1 to 64 names"
                        : "must be a list of at most 64 names");
        return;
    }
    json_array_foreach((json_t *)(uintptr_t)values, j, v)
    {
        const char *why =
            json_is_string(v)
                ? eligibility_check_value(kind, json_string_value(v))
                : "must be a string";
        char item_field[96];
        snprintf(item_field, sizeof item_field, "%s[%zu]", field, j);
        for (size_t k = 0; why == NULL && k < j; k++) {
            const char *earlier = c->values[c->n][k];
            if (kind == ELIGIBILITY_RESIDENCE_MUNICIPALITY
                    ? eligibility_same_municipality(earlier,
                                                    json_string_value(v))
                    : strcmp(earlier, json_string_value(v)) == 0) {
                why = "is listed twice";
            }
        }
        if (why != NULL) {
            invalid_add(c->invalid, item_field, why);
            continue;
        }
        c->values[c->n][j] = json_string_value(v);
    }
    c->rules[c->n].values = c->values[c->n];
    c->rules[c->n].n_values = json_array_size(values);
}

static bool
rules_read(struct rules_change *c, const json_t *body)
{
    const json_t *rules = json_object_get(body, "rules");
    unsigned int seen = 0;
    size_t i;
    json_t *item;

    json_array_foreach((json_t *)(uintptr_t)rules, i, item)
    {
        const char *name = json_string_value(json_object_get(item, "rule"));
        enum eligibility_kind kind;
        char field[64];
        const char *member;
        json_t *value;
        size_t before = json_array_size(c->invalid);

        snprintf(field, sizeof field, "rules[%zu]", i);
        if (!json_is_object(item)) {
            invalid_add(c->invalid, field, "must be an object {rule, ...}");
            continue;
        }
        snprintf(field, sizeof field, "rules[%zu].rule", i);
        if (!eligibility_kind_parse(name, &kind)) {
            invalid_add(c->invalid, field,
                        "must be recognised-sponsor, residence-municipality "
                        "or ind-letter-location");
            continue;
        }
        if (seen & (1u << kind)) {
            invalid_add(c->invalid, field, "is given twice");
            continue;
        }
        seen |= 1u << kind;
        json_object_foreach((json_t *)(uintptr_t)item, member, value)
        {
            const char *key = eligibility_values_key(kind);
            if (strcmp(member, "rule") != 0 &&
                (key == NULL || strcmp(member, key) != 0)) {
                char unknown[160];
                snprintf(unknown, sizeof unknown, "rules[%zu].%.64s", i,
                         member);
                invalid_add(c->invalid, unknown,
                            key ? "is not a parameter of this rule"
                                : "this rule takes no parameters");
            }
        }
        if (kind == ELIGIBILITY_RECOGNISED_SPONSOR &&
            (c->bookable_by & BOOKABLE_PUBLIC)) {
            invalid_add(c->invalid, field,
                        "the public may book this service, and it cannot "
                        "name a sponsor: take public out of its bookableBy "
                        "first");
        }
        c->rules[c->n].kind = eligibility_kind_name(kind);
        c->rules[c->n].values = NULL;
        c->rules[c->n].n_values = 0;
        rules_read_values(c, i, kind, item);
        if (json_array_size(c->invalid) == before) {
            c->n++;
        }
    }
    return json_array_size(c->invalid) == 0;
}

static enum status
rules_save_tx(struct db *db, void *ctx)
{
    struct rules_change *c = ctx;
    return store_rule_set(db, c->service_id, c->rules, c->n);
}

/* The bookable_by of a service (store_service_each with only_code). */
static enum status
rules_keep_bookable(void *ctx, const struct store_service *row)
{
    struct rules_change *c = ctx;
    c->bookable_by = row->bookable_by;
    return STATUS_OK;
}

void
api_services_put_eligibility(struct http_request *req)
{
    struct rules_change c = {0};
    int64_t agency = 0;
    char object[96];
    enum status st;

    c.invalid = json_array();
    st = store_service_find(request_db(req), req->args[0], &c.service_id,
                            &agency);
    if (st == STATUS_OK) {
        st = store_service_each(request_db(req), req->args[0],
                                rules_keep_bookable, &c);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such service.");
        goto out;
    }
    if (!rules_read(&c, req->json)) {
        reply_invalid(req, json_incref(c.invalid), NULL);
        goto out;
    }
    st = db_transaction(request_db(req), rules_save_tx, &c);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    snprintf(object, sizeof object, "service:%.64s", req->args[0]);
    audit_event(req, NULL, "service.eligibility", object, "ok", "");
    eligibility_reply_rules(req, req->args[0], 200);
out:
    json_decref(c.invalid);
}

/* ---- a booking's answers ---- */

bool
eligibility_read_answers(struct http_request *req, const json_t *obj,
                         const char *prefix, const char *sponsor_kvk,
                         struct eligibility_answers *out, json_t *invalid)
{
    const char *kvk = json_string_value(json_object_get(obj, "sponsorKvk"));
    const struct auth *auth = &req->auth;
    char field[64];
    bool ok = true;

    snprintf(field, sizeof field, "%ssponsorKvk", prefix);
    kvk = kvk ? kvk : sponsor_kvk;
    out->municipality =
        json_string_value(json_object_get(obj, "residenceMunicipality"));
    out->letter_location =
        json_string_value(json_object_get(obj, "indLetterLocation"));
    out->sponsor_kvk = NULL;
    if (auth->signed_in && auth->role == ROLE_EMPLOYER) {
        /* An employer's bookings are for its own sponsor's employees. */
        if (kvk != NULL && strcmp(kvk, auth->sponsor_kvk) != 0) {
            invalid_add(invalid, field,
                        "employers book for their own sponsor only");
            ok = false;
        }
        out->sponsor_kvk = auth->sponsor_kvk;
    } else if (auth->signed_in && (auth->role & ROLE_STAFF)) {
        out->sponsor_kvk = kvk;
    } else if (kvk != NULL) {
        invalid_add(invalid, field,
                    "only the front desk names a sponsor; an employer "
                    "books for its own employees");
        ok = false;
    }
    return ok;
}

/* ---- judging ---- */

struct judge {
    struct db *db;
    const struct day *day;
    uint64_t asked; /* day service bits of the visit */
    const struct eligibility_answers *answers;
    struct eligibility_refusal *refusal;
    /* the rule being collected */
    char service[64];
    int position;
    enum eligibility_kind kind;
    bool open;
    char *values[ELIGIBILITY_VALUES_MAX];
    size_t n_values;
    bool refused;
};

static void
judge_forget(struct judge *j)
{
    for (size_t i = 0; i < j->n_values; i++) {
        free(j->values[i]);
    }
    j->n_values = 0;
    j->open = false;
}

/* Whether the answers' sponsor was recognised on the day's date in one of
 * the rule's categories (any category when it lists none). */
static enum status
judge_sponsor(struct judge *j, bool *recognised)
{
    enum status st = STATUS_OK;

    *recognised = false;
    if (j->answers->sponsor_kvk == NULL ||
        !sponsor_kvk_valid(j->answers->sponsor_kvk)) {
        return STATUS_OK;
    }
    for (int c = 0;
         st == STATUS_OK && !*recognised &&
         c < (j->n_values > 0 ? (int)j->n_values : SPONSOR_CATEGORY_COUNT);
         c++) {
        const char *category =
            j->n_values > 0 ? j->values[c]
                            : sponsor_category_code((enum sponsor_category)c);
        st = store_sponsor_recognised_on(j->db, j->answers->sponsor_kvk,
                                         category, j->day->date_text,
                                         recognised);
    }
    return st;
}

/* Judges the collected rule; fills the refusal when it is not met. */
static enum status
judge_rule(struct judge *j)
{
    struct eligibility_facts facts = {
        .service = j->service,
        .sponsor_kvk = j->answers->sponsor_kvk,
        .visit_date = j->day->date_text,
        .municipality = j->answers->municipality,
        .letter_location = j->answers->letter_location,
        .location_code = j->day->location_code,
    };
    char why[ELIGIBILITY_WHY_MAX];
    enum status st = STATUS_OK;

    if (!j->open || j->refused) {
        return STATUS_OK;
    }
    if (j->kind == ELIGIBILITY_RECOGNISED_SPONSOR) {
        st = judge_sponsor(j, &facts.sponsor_recognised);
    }
    if (st == STATUS_OK &&
        !eligibility_judge(j->kind, (const char *const *)j->values, j->n_values,
                           &facts, why)) {
        j->refused = true;
        snprintf(j->refusal->rule, sizeof j->refusal->rule, "%s",
                 eligibility_kind_name(j->kind));
        snprintf(j->refusal->service, sizeof j->refusal->service, "%s",
                 j->service);
        snprintf(j->refusal->field, sizeof j->refusal->field, "%s",
                 eligibility_kind_field(j->kind));
        snprintf(j->refusal->detail, sizeof j->refusal->detail, "%s", why);
    }
    return st;
}

static enum status
judge_row(void *ctx, const struct store_rule_row *row)
{
    struct judge *j = ctx;
    int s = day_service_index(j->day, row->service_code);
    enum eligibility_kind kind;
    enum status st = STATUS_OK;

    if (s < 0 || !(j->asked & (UINT64_C(1) << s)) ||
        !eligibility_kind_parse(row->kind, &kind)) {
        return STATUS_OK;
    }
    if (!j->open || j->position != row->rule_position ||
        strcmp(j->service, row->service_code) != 0) {
        st = judge_rule(j);
        judge_forget(j);
        snprintf(j->service, sizeof j->service, "%s", row->service_code);
        j->position = row->rule_position;
        j->kind = kind;
        j->open = true;
    }
    if (st == STATUS_OK && row->value != NULL &&
        j->n_values < ELIGIBILITY_VALUES_MAX) {
        j->values[j->n_values] = strdup(row->value);
        if (j->values[j->n_values] == NULL) {
            return STATUS_NOMEM;
        }
        j->n_values++;
    }
    return st;
}

enum status
eligibility_judge_visit(struct db *db, const struct day *day,
                        const struct itinerary_ask *ask,
                        const struct eligibility_answers *answers,
                        struct eligibility_refusal *refusal)
{
    struct judge j = {
        .db = db, .day = day, .answers = answers, .refusal = refusal};
    enum status st;

    for (int i = 0; i < ask->n_services; i++) {
        j.asked |= UINT64_C(1) << ask->services[i];
    }
    st = store_rule_each(db, NULL, judge_row, &j);
    if (st == STATUS_OK) {
        st = judge_rule(&j); /* the last one */
    }
    judge_forget(&j);
    if (st == STATUS_OK && j.refused) {
        return STATUS_FORBIDDEN;
    }
    return st;
}

void
eligibility_reply_refusal(struct http_request *req,
                          const struct eligibility_refusal *refusal, int member)
{
    char detail[ELIGIBILITY_WHY_MAX + 32];
    json_t *extra;

    if (member >= 0) {
        snprintf(detail, sizeof detail, "members[%d]: %s", member,
                 refusal->detail);
    } else {
        snprintf(detail, sizeof detail, "%s", refusal->detail);
    }
    extra = json_pack("{s:s, s:s, s:s}", "rule", refusal->rule, "service",
                      refusal->service, "field", refusal->field);
    if (extra != NULL && member >= 0) {
        json_object_set_new(extra, "member", json_integer(member));
    }
    reply_problem_with(req, PROBLEM_NOT_ELIGIBLE, detail, extra);
}
