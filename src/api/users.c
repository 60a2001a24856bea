/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Staff and employer accounts. */
#include "api/users.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/reply.h"
#include "store/catalogue.h"
#include "store/users.h"

#define USERS_KVK_DIGITS 8

static const struct body_field api_user_fields[] = {
    {"username", BODY_STRING, true, false, 3, 64,
     "lower-case letters, digits, dot, hyphen, underscore"},
    {"displayName", BODY_STRING, true, false, 1, 200, "the name shown"},
    {"role", BODY_STRING, true, false, 1, 16,
     "admin, manager, frontdesk, officer or employer"},
    {"password", BODY_SECRET, true, false, 1, 256, "at least 12 characters"},
    {"agency", BODY_CODE, false, true, 0, 0, "officers: their agency"},
    {"desk", BODY_INTEGER, false, true, 1, INT32_MAX,
     "officers: the desk they sit at"},
    {"sponsorKvk", BODY_STRING, false, true, 8, 8,
     "employers: the sponsor's KvK number"},
};
const struct body_spec api_user_body = BODY_SPEC("UserInput", api_user_fields);

static bool
users_kvk_ok(const char *kvk)
{
    if (strlen(kvk) != USERS_KVK_DIGITS) {
        return false;
    }
    for (size_t i = 0; i < USERS_KVK_DIGITS; i++) {
        if (kvk[i] < '0' || kvk[i] > '9') {
            return false;
        }
    }
    return true;
}

struct users_desk_check {
    int64_t agency_id;
    bool found;
};

static enum status
users_desk_agency(void *ctx, const struct store_desk *row)
{
    struct users_desk_check *c = ctx;
    c->found = true;
    c->agency_id = row->agency_id;
    return STATUS_OK;
}

enum status
users_create(struct db *db, const struct users_input *in, json_t *invalid,
             int64_t *id)
{
    struct store_user user;
    struct users_desk_check desk = {0};
    const char *why = NULL;
    bool officer = strcmp(in->role, "officer") == 0;
    bool employer = strcmp(in->role, "employer") == 0;
    enum status st = STATUS_OK;

    memset(&user, 0, sizeof user);
    if (!validate_username(in->username)) {
        invalid_add(invalid, "username",
                    "must be 3 to 64 of a-z, 0-9, '.', '-', '_', starting "
                    "with a letter or digit");
    }
    if (!validate_text(in->display_name, 200)) {
        invalid_add(invalid, "displayName",
                    "must be one line of text of at most 200 characters");
    }
    if (!validate_password(in->password, &why)) {
        invalid_add(invalid, "password", why ? why : "is not acceptable");
    }
    if (strcmp(in->role, "admin") != 0 && strcmp(in->role, "manager") != 0 &&
        strcmp(in->role, "frontdesk") != 0 && !officer && !employer) {
        invalid_add(invalid, "role",
                    "must be admin, manager, frontdesk, officer or employer");
    }
    if (officer && in->agency == NULL) {
        invalid_add(invalid, "agency", "an officer belongs to an agency");
    }
    if (!officer && (in->agency != NULL || in->desk_id > 0)) {
        invalid_add(invalid, in->agency ? "agency" : "desk",
                    "only officers belong to an agency or desk");
    }
    if (employer &&
        (in->sponsor_kvk == NULL || !users_kvk_ok(in->sponsor_kvk))) {
        invalid_add(invalid, "sponsorKvk",
                    "an employer needs the sponsor's 8-digit KvK number");
    }
    if (!employer && in->sponsor_kvk != NULL) {
        invalid_add(invalid, "sponsorKvk", "only employers have a sponsor");
    }
    if (officer && in->agency != NULL) {
        st = store_agency_id(db, in->agency, &user.agency_id);
        if (st == STATUS_NOT_FOUND) {
            invalid_add(invalid, "agency", "is not a known agency");
            st = STATUS_OK;
        }
    }
    if (st == STATUS_OK && officer && in->desk_id > 0) {
        st = store_desk_each(db, 0, in->desk_id, users_desk_agency, &desk);
        if (st == STATUS_NOT_FOUND || (st == STATUS_OK && user.agency_id != 0 &&
                                       desk.agency_id != user.agency_id)) {
            invalid_add(invalid, "desk", "is not a desk of this agency");
            st = STATUS_OK;
        }
        user.desk_id = in->desk_id;
    }
    if (st != STATUS_OK) {
        return st;
    }
    if (json_array_size(invalid) > 0) {
        return STATUS_INPUT;
    }
    snprintf(user.username, sizeof user.username, "%s", in->username);
    snprintf(user.display_name, sizeof user.display_name, "%s",
             in->display_name);
    snprintf(user.role, sizeof user.role, "%s", in->role);
    snprintf(user.sponsor_kvk, sizeof user.sponsor_kvk, "%s",
             in->sponsor_kvk ? in->sponsor_kvk : "");
    user.active = true;
    clock_format_utc(clock_now(), user.created_at);
    st = crypto_password_hash(in->password, user.password_hash);
    if (st == STATUS_OK) {
        st = store_user_insert(db, &user, id);
    }
    crypto_wipe(user.password_hash, sizeof user.password_hash);
    return st;
}

static json_t *
users_json(const struct store_user *u)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s}", "id",
                          (json_int_t)u->id, "username", u->username,
                          "displayName", u->display_name, "role", u->role,
                          "active", u->active, "createdAt", u->created_at);

    if (j == NULL) {
        return NULL;
    }
    if (u->agency_id > 0) {
        json_object_set_new(j, "agencyId", json_integer(u->agency_id));
    }
    if (u->desk_id > 0) {
        json_object_set_new(j, "deskId", json_integer(u->desk_id));
    }
    if (u->sponsor_kvk[0] != '\0') {
        json_object_set_new(j, "sponsorKvk", json_string(u->sponsor_kvk));
    }
    if (u->locked_until[0] != '\0') {
        json_object_set_new(j, "lockedUntil", json_string(u->locked_until));
    }
    return j;
}

static enum status
users_append(void *ctx, const struct store_user *u)
{
    return json_array_append_new(ctx, users_json(u)) == 0 ? STATUS_OK
                                                          : STATUS_NOMEM;
}

void
api_users_get_list(struct http_request *req)
{
    json_t *items = json_array();
    enum status st = store_user_each(request_db(req), users_append, items);

    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void
api_users_post(struct http_request *req)
{
    const json_t *desk = json_object_get(req->json, "desk");
    struct users_input in = {
        .username = json_string_value(json_object_get(req->json, "username")),
        .display_name =
            json_string_value(json_object_get(req->json, "displayName")),
        .role = json_string_value(json_object_get(req->json, "role")),
        .password = json_string_value(json_object_get(req->json, "password")),
        .agency = json_string_value(json_object_get(req->json, "agency")),
        .desk_id = json_is_integer(desk) ? json_integer_value(desk) : 0,
        .sponsor_kvk =
            json_string_value(json_object_get(req->json, "sponsorKvk")),
    };
    json_t *invalid = json_array();
    struct store_user user;
    char object[40];
    int64_t id = 0;
    enum status st = users_create(request_db(req), &in, invalid, &id);

    if (st == STATUS_INPUT) {
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT, "This username is taken.");
        return;
    }
    if (st == STATUS_OK) {
        st = store_user_by_username(request_db(req), in.username, &user);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    snprintf(object, sizeof object, "user:%lld", (long long)id);
    audit_event(req, NULL, "user.create", object, "ok", user.role);
    crypto_wipe(user.password_hash, sizeof user.password_hash);
    reply_json(req, 201, users_json(&user));
}
