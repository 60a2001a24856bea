/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The routing table: every route with its method, path pattern, handler,
 * the roles allowed to call it (deny by default), its body limit and
 * description. The OpenAPI document is generated from it. */
#ifndef ONESTOP_HTTP_ROUTER_H
#define ONESTOP_HTTP_ROUTER_H

#include <stddef.h>

#include "http/body.h"
#include "http/request.h"

/* Body limit of routes that take no body. */
#define ROUTER_NO_BODY 0
/* Default body limit of routes that take JSON. */
#define ROUTER_JSON_BODY (64 * 1024)

typedef void (*route_handler)(struct http_request *req);

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/desks/{deskId}" */
    route_handler handler;
    unsigned int roles; /* enum role bits allowed */
    size_t max_body;
    const struct body_spec *body; /* NULL when the route takes no body */
    unsigned int success;         /* the status of a successful answer */
    const char *response;         /* OpenAPI component schema, or NULL */
    const char *tag;
    const char *summary;
    /* Query parameters, for the OpenAPI document: space-separated
     * "name:type" with type integer, date or string, and a trailing '!'
     * when required ("location:integer! date:date"). NULL for none. */
    const char *query;
    /* Routes that take a file as it is rather than JSON: the media types
     * accepted, space-separated ("text/csv text/html"); the handler reads
     * req->body. NULL for JSON or no body. */
    const char *raw_types;
};

enum router_match {
    ROUTER_FOUND,
    ROUTER_NO_PATH,   /* 404 */
    ROUTER_NO_METHOD, /* 405 */
};

/* Finds the route for method and path. On ROUTER_FOUND sets *out and
 * copies the path arguments into req (freed with the request). On
 * ROUTER_NO_METHOD writes the allowed methods into allow. */
enum router_match router_find(const char *method, const char *path,
                              struct http_request *req,
                              const struct route **out, char *allow,
                              size_t allow_len);

/* The whole table, for the OpenAPI document and tests. */
const struct route *router_routes(size_t *count);

#endif
