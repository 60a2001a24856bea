/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The replies a handler can give: exactly one per request. Errors are
 * application/problem+json; one registry maps each problem to its HTTP
 * status, type and title. */
#ifndef ONESTOP_HTTP_REPLY_H
#define ONESTOP_HTTP_REPLY_H

#include <jansson.h>

#include "http/request.h"
#include "util/status.h"

enum problem {
    PROBLEM_BAD_REQUEST,
    PROBLEM_INVALID_PARAMS,
    PROBLEM_MALFORMED_JSON,
    PROBLEM_UNAUTHORIZED,
    PROBLEM_BAD_CREDENTIALS,
    PROBLEM_CSRF,
    PROBLEM_FORBIDDEN,
    PROBLEM_NOT_FOUND,
    PROBLEM_METHOD_NOT_ALLOWED,
    PROBLEM_CONFLICT,
    PROBLEM_SLOT_TAKEN,
    PROBLEM_GONE,
    PROBLEM_IDEMPOTENCY_KEY_REUSED,
    PROBLEM_RESCHEDULE_NOT_ALLOWED,
    PROBLEM_NOT_ELIGIBLE,
    PROBLEM_BODY_TOO_LARGE,
    PROBLEM_UNSUPPORTED_MEDIA_TYPE,
    PROBLEM_TOO_MANY_REQUESTS,
    PROBLEM_HEADERS_TOO_LARGE,
    PROBLEM_ALREADY_CHECKED_IN,
    PROBLEM_NOT_TODAY,
    PROBLEM_OTHER_LOCATION,
    PROBLEM_TRANSITION_REFUSED,
    PROBLEM_DESK_CLOSED,
    PROBLEM_DESK_BUSY,
    PROBLEM_QUEUE_EMPTY,
    PROBLEM_NO_CAPACITY,
    PROBLEM_BSN_POOL_EMPTY,
    PROBLEM_INTERNAL,
    PROBLEM_UNAVAILABLE,
    PROBLEM_COUNT
};

/* Replies with a JSON document; steals the reference to body. */
void reply_json(struct http_request *req, unsigned int status, json_t *body);
/* Replies with no body (204 and the like). */
void reply_empty(struct http_request *req, unsigned int status);
/* Replies with a problem; detail is a sentence for the client, or NULL. */
void reply_problem(struct http_request *req, enum problem problem,
                   const char *detail);
/* Like reply_problem, with further members (such as fresh options) merged
 * into the problem object; steals extra (may be NULL). */
void reply_problem_with(struct http_request *req, enum problem problem,
                        const char *detail, json_t *extra);
/* Replies 400 naming each bad field; steals invalid_params, an array of
 * {name, reason} objects (see invalid_add). */
void reply_invalid(struct http_request *req, json_t *invalid_params,
                   const char *detail);
/* Replies for a failed core or store call: 4xx for the client's faults,
 * 500 (logged as our bug) for the rest. */
void reply_status(struct http_request *req, enum status st, const char *detail);
/* Replies with a raw body of the given content type (copied). */
void reply_bytes(struct http_request *req, unsigned int status,
                 const char *content_type, const char *data, size_t len);

/* Appends {name, reason} to an invalidParams array. */
void invalid_add(json_t *invalid_params, const char *name, const char *reason);

/* The HTTP status of a problem. */
unsigned int problem_status(enum problem problem);

#endif
