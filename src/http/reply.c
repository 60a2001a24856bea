/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Building replies: JSON, empty, and problem+json from one registry. */
#include "http/reply.h"

#include <microhttpd.h>
#include <string.h>

#include "util/log.h"

struct problem_info {
    unsigned int status;
    const char *slug; /* the problem type is urn:onestop:problem:<slug> */
    const char *title;
};

static const struct problem_info problem_registry[PROBLEM_COUNT] = {
    [PROBLEM_BAD_REQUEST] = {400, "bad-request", "Bad request"},
    [PROBLEM_INVALID_PARAMS] = {400, "invalid-params",
                                "Some input is not valid"},
    [PROBLEM_MALFORMED_JSON] = {400, "malformed-json",
                                "The body is not valid JSON"},
    [PROBLEM_UNAUTHORIZED] = {401, "unauthorized", "Sign-in required"},
    [PROBLEM_BAD_CREDENTIALS] = {401, "bad-credentials",
                                 "Wrong username or password"},
    [PROBLEM_CSRF] = {403, "csrf", "Missing or wrong CSRF token"},
    [PROBLEM_FORBIDDEN] = {403, "forbidden", "Not allowed"},
    [PROBLEM_NOT_FOUND] = {404, "not-found", "Not found"},
    [PROBLEM_METHOD_NOT_ALLOWED] = {405, "method-not-allowed",
                                    "Method not allowed"},
    [PROBLEM_CONFLICT] = {409, "conflict", "Conflict"},
    [PROBLEM_SLOT_TAKEN] = {409, "slot-taken",
                            "A slot of this itinerary was taken meanwhile"},
    [PROBLEM_GONE] = {409, "gone", "This booking is cancelled"},
    [PROBLEM_IDEMPOTENCY_KEY_REUSED] = {422, "idempotency-key-reused",
                                        "This Idempotency-Key was used for "
                                        "another request"},
    [PROBLEM_RESCHEDULE_NOT_ALLOWED] = {403, "reschedule-not-allowed",
                                        "This appointment cannot be "
                                        "rescheduled"},
    /* A rule of the service refuses the person (see api/eligibility.h):
     * the body names the rule, the service and the booking field. */
    [PROBLEM_NOT_ELIGIBLE] = {403, "not-eligible",
                              "Not eligible for this service"},
    [PROBLEM_BODY_TOO_LARGE] = {413, "body-too-large",
                                "The request body is too large"},
    [PROBLEM_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported-media-type",
                                        "Unsupported media type"},
    [PROBLEM_TOO_MANY_REQUESTS] = {429, "too-many-requests",
                                   "Too many requests"},
    [PROBLEM_HEADERS_TOO_LARGE] = {431, "headers-too-large",
                                   "The request headers are too large"},
    [PROBLEM_ALREADY_CHECKED_IN] = {409, "already-checked-in",
                                    "This booking is checked in already"},
    [PROBLEM_NOT_TODAY] = {422, "not-today", "This booking is for another day"},
    [PROBLEM_OTHER_LOCATION] = {422, "other-location",
                                "This booking is for another location"},
    [PROBLEM_TRANSITION_REFUSED] = {409, "transition-refused",
                                    "This step is not possible now"},
    [PROBLEM_DESK_CLOSED] = {409, "desk-closed", "This desk is closed"},
    [PROBLEM_DESK_BUSY] = {409, "desk-busy",
                           "This desk has a visitor called or being served"},
    [PROBLEM_QUEUE_EMPTY] = {409, "queue-empty",
                             "Nobody is waiting for this desk"},
    [PROBLEM_NO_CAPACITY] = {409, "no-capacity",
                             "The open desks cannot take another visitor "
                             "today"},
    [PROBLEM_BSN_POOL_EMPTY] = {409, "bsn-pool-empty",
                                "The BSN pool has no unused numbers"},
    [PROBLEM_INTERNAL] = {500, "internal", "Internal error"},
    [PROBLEM_UNAVAILABLE] = {503, "unavailable",
                             "Temporarily unavailable, try again"},
};

unsigned int
problem_status(enum problem problem)
{
    return problem_registry[problem].status;
}

static void
reply_set(struct http_request *req, unsigned int status,
          struct MHD_Response *response)
{
    if (req->response != NULL) {
        /* A second reply is our bug; keep the first one. */
        LOG_ERROR("handler replied twice (status %u)", status);
        MHD_destroy_response(response);
        return;
    }
    req->response = response;
    req->status = status;
}

void
reply_bytes(struct http_request *req, unsigned int status,
            const char *content_type, const char *data, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);

    if (r == NULL) {
        LOG_ERROR("cannot create response");
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    reply_set(req, status, r);
}

static void
reply_json_as(struct http_request *req, unsigned int status, json_t *body,
              const char *content_type)
{
    char *text = NULL;

    if (body != NULL) {
        text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(body);
    }
    if (text == NULL) {
        LOG_ERROR("cannot serialise a reply");
        reply_bytes(req, 500, "application/problem+json",
                    "{\"status\":500,\"title\":\"Internal error\"}", 39);
        return;
    }
    reply_bytes(req, status, content_type, text, strlen(text));
    free(text);
}

void
reply_json(struct http_request *req, unsigned int status, json_t *body)
{
    reply_json_as(req, status, body, "application/json");
}

void
reply_empty(struct http_request *req, unsigned int status)
{
    reply_bytes(req, status, "text/plain", "", 0);
}

static json_t *
problem_body(enum problem problem, const char *detail, const char *instance)
{
    const struct problem_info *p = &problem_registry[problem];
    char type[96];

    snprintf(type, sizeof type, "urn:onestop:problem:%s", p->slug);
    return json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title",
                     p->title, "status", (int)p->status, "detail",
                     detail ? detail : p->title, "instance", instance);
}

void
reply_problem(struct http_request *req, enum problem problem,
              const char *detail)
{
    json_t *body = problem_body(problem, detail, req->path ? req->path : "");

    reply_json_as(req, problem_registry[problem].status, body,
                  "application/problem+json");
}

void
reply_problem_with(struct http_request *req, enum problem problem,
                   const char *detail, json_t *extra)
{
    json_t *body = problem_body(problem, detail, req->path ? req->path : "");

    if (body != NULL && extra != NULL) {
        json_object_update(body, extra);
    }
    json_decref(extra);
    reply_json_as(req, problem_registry[problem].status, body,
                  "application/problem+json");
}

void
reply_invalid(struct http_request *req, json_t *invalid_params,
              const char *detail)
{
    json_t *body = problem_body(PROBLEM_INVALID_PARAMS,
                                detail ? detail
                                       : "Some fields are missing or wrong: "
                                         "see invalidParams.",
                                req->path ? req->path : "");

    if (body != NULL) {
        json_object_set_new(body, "invalidParams", invalid_params);
    } else {
        json_decref(invalid_params);
    }
    reply_json_as(req, 400, body, "application/problem+json");
}

void
reply_status(struct http_request *req, enum status st, const char *detail)
{
    switch (st) {
    case STATUS_INPUT:
        reply_problem(req, PROBLEM_BAD_REQUEST, detail);
        return;
    case STATUS_NOT_FOUND:
        reply_problem(req, PROBLEM_NOT_FOUND, detail);
        return;
    case STATUS_CONFLICT:
        reply_problem(req, PROBLEM_CONFLICT, detail);
        return;
    case STATUS_FORBIDDEN:
        reply_problem(req, PROBLEM_FORBIDDEN, detail);
        return;
    case STATUS_RETRY:
        LOG_WARN("database busy: answering 503");
        reply_problem(req, PROBLEM_UNAVAILABLE, NULL);
        return;
    case STATUS_OK:
    case STATUS_NOMEM:
    case STATUS_INTERNAL:
    case STATUS_COUNT:
        break;
    }
    LOG_ERROR("request failed: %s", status_name(st));
    reply_problem(req, PROBLEM_INTERNAL, NULL);
}

void
invalid_add(json_t *invalid_params, const char *name, const char *reason)
{
    json_array_append_new(invalid_params, json_pack("{s:s, s:s}", "name", name,
                                                    "reason", reason));
}
