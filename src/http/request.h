/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The context of one HTTP request, filled by the router before a handler
 * runs: who is calling, the path arguments, the parsed JSON body, and a
 * database connection taken from the pool on first use. */
#ifndef ONESTOP_HTTP_REQUEST_H
#define ONESTOP_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/crypto.h"

struct db;
struct db_pool;
struct db_writer;
struct sealed_key;
struct route;
struct sse_hub;
struct MHD_Connection;
struct MHD_Response;

#define REQUEST_MAX_ARGS 4
#define REQUEST_MAX_HEADERS 8
#define REQUEST_ID_TEXT 17
#define REQUEST_ADDRESS_TEXT 64

/* Roles as bits, so a route can allow several. ROLE_ANONYMOUS marks routes
 * anyone may call, signed in or not. */
enum role {
    ROLE_NONE = 0,
    ROLE_ADMIN = 1 << 0,
    ROLE_MANAGER = 1 << 1,
    ROLE_FRONTDESK = 1 << 2,
    ROLE_OFFICER = 1 << 3,
    ROLE_EMPLOYER = 1 << 4,
    ROLE_ANONYMOUS = 1 << 5,
};
#define ROLE_STAFF (ROLE_ADMIN | ROLE_MANAGER | ROLE_FRONTDESK | ROLE_OFFICER)
#define ROLE_SIGNED_IN (ROLE_STAFF | ROLE_EMPLOYER)
#define ROLE_ANYONE (ROLE_SIGNED_IN | ROLE_ANONYMOUS)

/* The role's name as stored and shown ("admin"), or NULL. */
const char *role_name(enum role role);
/* The role named, or ROLE_NONE. */
enum role role_from_name(const char *name);

/* The state every request shares: configuration and the connection pool. */
struct app {
    struct config cfg;
    struct db_pool *pool;
    struct db_writer *writer; /* the group-commit writer of bookings */
    /* seals personal data (util/sealed.h); loaded from security.key_file */
    struct sealed_key *key;
    struct sse_hub *events; /* live event streams (http/sse.h) */
    int web_root_fd;        /* the static files' folder, opened once */
    bool tls;               /* cookies get Secure when served over TLS */
};

struct auth {
    bool signed_in;
    bool via_cookie; /* cookie-authenticated requests need a CSRF token */
    int64_t user_id;
    int64_t session_id;
    enum role role;
    int64_t agency_id; /* officers; 0 otherwise */
    int64_t desk_id;   /* officers at a desk; 0 otherwise */
    char username[65];
    char display_name[513];
    char sponsor_kvk[16]; /* employers */
    char csrf_token[CRYPTO_TOKEN_TEXT];
    char expires_at[CLOCK_ISO_TEXT];
};

struct http_header {
    char *name;
    char *value;
};

struct http_request {
    struct app *app;
    struct MHD_Connection *conn;
    const char *method; /* borrowed from libmicrohttpd */
    char *path;
    const struct route *route;
    char *args[REQUEST_MAX_ARGS]; /* path arguments, in pattern order */
    size_t n_args;
    struct buf body;
    json_t *json; /* parsed body, new reference owned by the request */
    struct db *db;
    struct auth auth;
    char id[REQUEST_ID_TEXT];
    char address[REQUEST_ADDRESS_TEXT];
    /* the reply, queued by the server after the handler returns */
    struct MHD_Response *response;
    unsigned int status;
    struct http_header headers[REQUEST_MAX_HEADERS];
    size_t n_headers;
    /* A deferred reply (request_defer): the continuation, its context and
     * how to free that, and where the deferral stands (server.c). */
    void (*resume)(struct http_request *req);
    void *defer_ctx;
    void (*defer_free)(void *ctx);
    int defer_state;
};

/* The request's database connection, taken from the pool on first use and
 * given back when the request ends. Never NULL. */
struct db *request_db(struct http_request *req);
/* Gives the connection back to the pool early (before a deliberate delay);
 * a later request_db takes one again. */
void request_release_db(struct http_request *req);
/* A header of the request, or NULL. Borrowed from libmicrohttpd. */
const char *request_header(struct http_request *req, const char *name);
/* A query argument, or NULL. Borrowed from libmicrohttpd. */
const char *request_query(struct http_request *req, const char *name);
/* Defers the reply: the handler returns without one, having started work
 * that finishes on another thread (a write queued to the writer). The
 * connection is suspended until that thread calls request_wake(); then
 * resume runs on a server thread and replies. ctx is the work's context,
 * owned by the request from now on: defer_free(ctx) runs when the request
 * ends (defer_free may be NULL). */
void request_defer(struct http_request *req,
                   void (*resume)(struct http_request *req), void *ctx,
                   void (*defer_free)(void *ctx));
/* Called once by the thread that finished a deferred request's work. */
void request_wake(struct http_request *req);

/* Adds a header to the reply that will be sent (copied). */
void request_add_header(struct http_request *req, const char *name,
                        const char *value);

#endif
