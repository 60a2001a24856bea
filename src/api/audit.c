/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The audit log: writing events for handlers, and reading it (admins). */
#include <limits.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/audit.h"
#include "util/log.h"

#define AUDIT_PAGE_DEFAULT 100
#define AUDIT_PAGE_MAX 1000

enum status
audit_event(struct http_request *req, const char *actor, const char *action,
            const char *object, const char *result, const char *detail)
{
    struct store_audit_event ev = {
        .actor_id = req->auth.signed_in ? req->auth.user_id : 0,
        .actor =
            req->auth.signed_in ? req->auth.username : (actor ? actor : "-"),
        .action = action,
        .object = object,
        .address = req->address,
        .result = result,
        .detail = detail,
    };
    enum status st = store_audit_add(request_db(req), &ev);

    if (st != STATUS_OK) {
        LOG_ERROR("cannot write audit event %s: %s", action, status_name(st));
    }
    return st;
}

static enum status
audit_to_json(void *ctx, const struct store_audit_event *ev)
{
    json_t *item =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                  (json_int_t)ev->id, "at", ev->at, "actor", ev->actor,
                  "action", ev->action, "object", ev->object, "address",
                  ev->address, "result", ev->result, "detail", ev->detail);

    if (item == NULL) {
        return STATUS_NOMEM;
    }
    if (ev->actor_id > 0) {
        json_object_set_new(item, "actorUserId", json_integer(ev->actor_id));
    }
    return json_array_append_new(ctx, item) == 0 ? STATUS_OK : STATUS_NOMEM;
}

void
api_audit_get_list(struct http_request *req)
{
    long limit = AUDIT_PAGE_DEFAULT;
    long before = 0;
    json_t *invalid = json_array();
    json_t *items = json_array();
    enum status st;

    params_query_int(req, "limit", 1, AUDIT_PAGE_MAX, &limit, invalid);
    params_query_int(req, "before", 1, LONG_MAX, &before, invalid);
    if (json_array_size(invalid) > 0) {
        json_decref(items);
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    st = store_audit_each(request_db(req), (int)limit, before, audit_to_json,
                          items);
    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}
