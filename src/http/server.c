/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libmicrohttpd glue. The access handler is called several times per
 * request: the first call checks limits and finds the route, further calls
 * collect the body, the last one authorises, runs the handler and queues
 * its reply. Replies are queued on a later call rather than the first:
 * libmicrohttpd 0.9.75 closes the connection when a response is queued on
 * the first call, which would cost every client a new connection. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "api/day.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/session.h"
#include "http/static_files.h"
#include "util/log.h"

struct server {
    struct MHD_Daemon *daemon;
    struct app *app;
};

static const char server_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'";

const char *
request_header(struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *
request_query(struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct db *
request_db(struct http_request *req)
{
    if (req->db == NULL) {
        req->db = db_pool_acquire(req->app->pool);
    }
    return req->db;
}

void
request_release_db(struct http_request *req)
{
    if (req->db != NULL) {
        db_pool_release(req->app->pool, req->db);
        req->db = NULL;
    }
}

void
request_add_header(struct http_request *req, const char *name,
                   const char *value)
{
    if (req->n_headers == REQUEST_MAX_HEADERS) {
        LOG_ERROR("too many reply headers: %s dropped", name);
        return;
    }
    req->headers[req->n_headers].name = strdup(name);
    req->headers[req->n_headers].value = strdup(value);
    req->n_headers++;
}

static void
request_free(struct http_request *req)
{
    if (req == NULL) {
        return;
    }
    request_release_db(req);
    for (size_t i = 0; i < req->n_args; i++) {
        free(req->args[i]);
    }
    for (size_t i = 0; i < req->n_headers; i++) {
        free(req->headers[i].name);
        free(req->headers[i].value);
    }
    if (req->response != NULL) {
        MHD_destroy_response(req->response);
    }
    json_decref(req->json);
    if (req->defer_free != NULL) {
        req->defer_free(req->defer_ctx);
    }
    buf_clear(&req->body);
    free(req->path);
    free(req);
}

/* Where a deferred reply stands. The handler defers, then the server
 * suspends the connection unless the work already finished; the working
 * thread wakes it, resuming the connection if it was suspended. One lock
 * orders the two, since either may come first. */
enum defer_state {
    DEFER_NONE = 0,
    DEFER_PENDING,   /* deferred, connection not yet suspended */
    DEFER_SUSPENDED, /* suspended, waiting for request_wake() */
    DEFER_WOKEN,     /* the work is done: run req->resume */
};

static pthread_mutex_t server_defer_lock = PTHREAD_MUTEX_INITIALIZER;

void
request_defer(struct http_request *req,
              void (*resume)(struct http_request *req), void *ctx,
              void (*defer_free)(void *ctx))
{
    req->resume = resume;
    req->defer_ctx = ctx;
    req->defer_free = defer_free;
    req->defer_state = DEFER_PENDING;
    /* Nobody else needs a pool connection held while the work runs. */
    request_release_db(req);
}

void
request_wake(struct http_request *req)
{
    struct MHD_Connection *conn = NULL;

    pthread_mutex_lock(&server_defer_lock);
    if (req->defer_state == DEFER_SUSPENDED) {
        conn = req->conn;
    }
    req->defer_state = DEFER_WOKEN;
    /* req is not touched once the connection is resumed: its thread may
     * then close it (the client went away meanwhile) and free req. */
    if (conn != NULL) {
        MHD_resume_connection(conn);
    }
    pthread_mutex_unlock(&server_defer_lock);
}

/* After a handler deferred: true when the connection was suspended (reply
 * later), false when the work is already done (reply now). */
static bool
server_suspend_deferred(struct http_request *req)
{
    bool suspended = false;

    pthread_mutex_lock(&server_defer_lock);
    if (req->defer_state == DEFER_PENDING) {
        req->defer_state = DEFER_SUSPENDED;
        MHD_suspend_connection(req->conn);
        suspended = true;
    }
    pthread_mutex_unlock(&server_defer_lock);
    return suspended;
}

/* A short random id that ties a request's log lines together. */
static void
request_new_id(struct http_request *req)
{
    char token[CRYPTO_TOKEN_TEXT];

    crypto_random_token(token);
    memcpy(req->id, token, REQUEST_ID_TEXT - 1);
    req->id[REQUEST_ID_TEXT - 1] = '\0';
}

static void
request_set_address(struct http_request *req)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;

    snprintf(req->address, sizeof req->address, "unknown");
    if (sa == NULL) {
        return;
    }
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in =
            (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &in->sin_addr, req->address, sizeof req->address);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 =
            (const struct sockaddr_in6 *)(const void *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, req->address, sizeof req->address);
    }
}

struct header_size {
    size_t total;
};

static enum MHD_Result
server_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                    const char *value)
{
    struct header_size *hs = cls;

    (void)kind;
    hs->total += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static void
server_add_common_headers(struct http_request *req, struct MHD_Response *r)
{
    bool api = req->path != NULL && strncmp(req->path, "/api/", 5) == 0;

    MHD_add_response_header(r, "API-Version", SERVER_API_VERSION);
    MHD_add_response_header(r, "Content-Security-Policy", server_csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy",
                            "camera=(), microphone=(), geolocation=()");
    if (api) {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    if (req->app->tls) {
        MHD_add_response_header(r, "Strict-Transport-Security",
                                "max-age=31536000");
    }
    for (size_t i = 0; i < req->n_headers; i++) {
        if (req->headers[i].name && req->headers[i].value) {
            MHD_add_response_header(r, req->headers[i].name,
                                    req->headers[i].value);
        }
    }
}

static enum MHD_Result
server_queue(struct http_request *req)
{
    enum MHD_Result ret;

    if (req->response == NULL) {
        LOG_ERROR("%s %s: handler gave no reply", req->method, req->path);
        reply_problem(req, PROBLEM_INTERNAL, NULL);
        if (req->response == NULL) {
            return MHD_NO;
        }
    }
    server_add_common_headers(req, req->response);
    ret = MHD_queue_response(req->conn, req->status, req->response);
    LOG_DEBUG("%s %s -> %u", req->method, req->path, req->status);
    return ret;
}

/* Checks what can be checked before the body arrives. Replies (into req)
 * when the request is refused. */
static void
server_first_checks(struct http_request *req, const char *url)
{
    struct header_size hs = {strlen(url) + strlen(req->method) + 16};
    const char *length;
    char allow[64];
    enum router_match match;

    MHD_get_connection_values(req->conn, MHD_HEADER_KIND, server_count_header,
                              &hs);
    if (hs.total > (size_t)req->app->cfg.max_header_bytes) {
        reply_problem(req, PROBLEM_HEADERS_TOO_LARGE,
                      "The request line and headers exceed the limit.");
        return;
    }
    if (strncmp(url, "/api/", 5) != 0) {
        return; /* static files: no route, no body */
    }
    match =
        router_find(req->method, url, req, &req->route, allow, sizeof allow);
    for (size_t i = 0; i < req->n_args; i++) {
        if (req->args[i] == NULL) {
            reply_problem(req, PROBLEM_INTERNAL, NULL);
            return;
        }
    }
    if (match == ROUTER_NO_PATH) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such resource.");
        return;
    }
    if (match == ROUTER_NO_METHOD) {
        request_add_header(req, "Allow", allow);
        reply_problem(req, PROBLEM_METHOD_NOT_ALLOWED,
                      "This resource does not take this method.");
        return;
    }
    length = request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length != NULL) {
        char *end = NULL;
        unsigned long long n = strtoull(length, &end, 10);
        if (end == length || *end != '\0' || n > req->route->max_body) {
            reply_problem(req, PROBLEM_BODY_TOO_LARGE,
                          req->route->max_body == 0
                              ? "This resource takes no request body."
                              : "The request body exceeds the limit of this "
                                "resource.");
            return;
        }
    }
    buf_init(&req->body, req->route->max_body);
}

static bool
server_is_json(const char *content_type)
{
    static const char json[] = "application/json";
    size_t n = sizeof json - 1;

    if (content_type == NULL || strncasecmp(content_type, json, n) != 0) {
        return false;
    }
    return content_type[n] == '\0' || content_type[n] == ';' ||
           content_type[n] == ' ';
}

/* True when the media type of content_type (parameters such as charset
 * aside) is one of the space-separated types. */
static bool
server_is_raw_type(const char *content_type, const char *types)
{
    size_t n;

    if (content_type == NULL) {
        return false;
    }
    n = strcspn(content_type, "; ");
    while (*types != '\0') {
        size_t k = strcspn(types, " ");
        if (k == n && strncasecmp(types, content_type, n) == 0) {
            return true;
        }
        types += k;
        types += strspn(types, " ");
    }
    return false;
}

/* Parses the JSON body for routes that take one. Replies on failure. */
static bool
server_parse_body(struct http_request *req)
{
    json_error_t error;

    if (req->route->raw_types != NULL) {
        if (!server_is_raw_type(
                request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE),
                req->route->raw_types)) {
            char detail[128];
            snprintf(detail, sizeof detail, "Send the body as one of: %s.",
                     req->route->raw_types);
            reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE, detail);
            return false;
        }
        return true;
    }
    if (req->route->body == NULL) {
        if (req->body.len > 0) {
            reply_problem(req, PROBLEM_BODY_TOO_LARGE,
                          "This resource takes no request body.");
            return false;
        }
        return true;
    }
    if (!server_is_json(request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
        reply_problem(req, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                      "Send the body as application/json.");
        return false;
    }
    req->json = json_loadb(req->body.data ? req->body.data : "", req->body.len,
                           JSON_REJECT_DUPLICATES, &error);
    if (req->json == NULL) {
        char detail[256];
        snprintf(detail, sizeof detail,
                 "Invalid JSON at line %d, column %d: %s", error.line,
                 error.column, error.text);
        reply_problem(req, PROBLEM_MALFORMED_JSON, detail);
        return false;
    }
    json_t *invalid = json_array();
    if (!body_check(req->route->body, req->json, invalid)) {
        reply_invalid(req, invalid, NULL);
        return false;
    }
    json_decref(invalid);
    return true;
}

static bool
server_method_is_safe(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* Authorises and runs the route's handler. */
static void
server_dispatch(struct http_request *req)
{
    unsigned int roles = req->route->roles;

    session_resolve(req);
    if (req->response != NULL) {
        return;
    }
    if (!(roles & ROLE_ANONYMOUS) && !req->auth.signed_in) {
        reply_problem(req, PROBLEM_UNAUTHORIZED, "Sign in first.");
        return;
    }
    if (req->auth.signed_in && !(roles & ROLE_ANONYMOUS) &&
        !(roles & req->auth.role)) {
        reply_problem(req, PROBLEM_FORBIDDEN,
                      "Your role may not use this resource.");
        return;
    }
    if (req->auth.via_cookie && !server_method_is_safe(req->method) &&
        !session_csrf_ok(req)) {
        reply_problem(req, PROBLEM_CSRF,
                      "Send the X-CSRF-Token header given at sign-in.");
        return;
    }
    if (!server_parse_body(req)) {
        return;
    }
    req->route->handler(req);
    if (!server_method_is_safe(req->method) &&
        strcmp(req->route->tag, "catalogue") == 0) {
        /* Whatever the change, it has been committed: the planner's cached
         * days may no longer be true. */
        day_catalogue_changed();
    }
}

static enum MHD_Result
server_access(void *cls, struct MHD_Connection *conn, const char *url,
              const char *method, const char *version, const char *upload,
              size_t *upload_size, void **con_cls)
{
    struct app *app = cls;
    struct http_request *req = *con_cls;
    enum MHD_Result ret;

    (void)version;
    if (req == NULL) {
        req = calloc(1, sizeof *req);
        if (req == NULL) {
            return MHD_NO;
        }
        *con_cls = req;
        req->app = app;
        req->conn = conn;
        req->method = method;
        req->path = strdup(url);
        request_new_id(req);
        request_set_address(req);
        if (req->path == NULL) {
            return MHD_NO;
        }
        log_set_request_id(req->id);
        server_first_checks(req, url);
        /* A refusal goes out at once, without reading a body that may be
         * large; libmicrohttpd then closes the connection, as it should. */
        ret = req->response != NULL ? server_queue(req) : MHD_YES;
        log_set_request_id(NULL);
        return ret;
    }
    log_set_request_id(req->id);
    if (*upload_size > 0) {
        /* Static files take no body; API bodies are capped by the route.
         * A body found too large only while it arrives (chunked, without a
         * Content-Length) is refused once it has been read and discarded:
         * libmicrohttpd cannot queue a reply in the middle of an upload. */
        if (req->response == NULL &&
            (req->route == NULL ||
             buf_append(&req->body, upload, *upload_size) != STATUS_OK)) {
            reply_problem(req, PROBLEM_BODY_TOO_LARGE,
                          "The request body exceeds the limit of this "
                          "resource.");
            buf_clear(&req->body);
        }
        *upload_size = 0;
        log_set_request_id(NULL);
        return MHD_YES;
    }
    /* req->resume is set by the handler on this thread, before the work
     * starts, so it can be read without the lock. */
    if (req->response == NULL && req->resume == NULL) {
        if (req->route != NULL) {
            server_dispatch(req);
        } else {
            static_files_serve(req);
        }
    }
    if (req->response == NULL && req->resume != NULL) {
        if (server_suspend_deferred(req)) {
            log_set_request_id(NULL);
            return MHD_YES;
        }
        /* woken (now or before): the continuation replies */
        req->resume(req);
    }
    /* Replied: the database connection goes back to the pool now, not when
     * the reply has been sent. One thread serves many connections, so
     * holding it until then could use up the pool while the threads that
     * would send those replies wait for a connection. */
    request_release_db(req);
    ret = server_queue(req);
    log_set_request_id(NULL);
    return ret;
}

static void
server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                 enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    request_free(*con_cls);
    *con_cls = NULL;
}

static int
server_hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes %XX escapes in the path and query in place, except %00: a NUL
 * byte would cut the text short where C code reads it ("/x.html%00.css"
 * would serve /x.html), so it stays as the three characters "%00", which
 * no route or file matches and no validator accepts. */
static size_t
server_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    char *out = s;

    (void)cls;
    (void)conn;
    for (const char *in = s; *in != '\0'; in++) {
        int hi = in[0] == '%' ? server_hex_digit(in[1]) : -1;
        int lo = hi >= 0 ? server_hex_digit(in[2]) : -1;
        if (lo >= 0 && (hi | lo) != 0) {
            *out++ = (char)(hi * 16 + lo);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

static void server_log_mhd(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
server_log_mhd(void *cls, const char *fmt, va_list ap)
{
    char message[512];

    (void)cls;
    vsnprintf(message, sizeof message, fmt, ap);
    message[strcspn(message, "\n")] = '\0';
    LOG_DEBUG("libmicrohttpd: %s", message);
}

enum status
server_start(struct app *app, struct server **out, int *port)
{
    struct server *srv = calloc(1, sizeof *srv);
    struct sockaddr_in6 addr6;
    struct sockaddr_in addr4;
    const struct sockaddr *addr;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
                         MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    const union MHD_DaemonInfo *info;

    if (srv == NULL) {
        return STATUS_NOMEM;
    }
    memset(&addr4, 0, sizeof addr4);
    memset(&addr6, 0, sizeof addr6);
    if (inet_pton(AF_INET, app->cfg.listen_host, &addr4.sin_addr) == 1) {
        addr4.sin_family = AF_INET;
        addr4.sin_port = htons((uint16_t)app->cfg.listen_port);
        addr = (const struct sockaddr *)&addr4;
    } else if (inet_pton(AF_INET6, app->cfg.listen_host, &addr6.sin6_addr) ==
               1) {
        addr6.sin6_family = AF_INET6;
        addr6.sin6_port = htons((uint16_t)app->cfg.listen_port);
        addr = (const struct sockaddr *)&addr6;
        flags |= MHD_USE_IPv6;
    } else {
        LOG_ERROR("listen address %s is not an IP address",
                  app->cfg.listen_host);
        free(srv);
        return STATUS_INPUT;
    }
    srv->app = app;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, server_access, app, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)app->cfg.threads,
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)app->cfg.connection_timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)app->cfg.max_connections,
        /* Room for the largest accepted headers plus working space; bigger
         * headers are refused by libmicrohttpd itself with 431. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)app->cfg.max_header_bytes * 2 + 32768,
        MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, server_unescape, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, server_log_mhd, NULL, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        LOG_ERROR("cannot listen on %s:%d", app->cfg.listen_host,
                  app->cfg.listen_port);
        free(srv);
        return STATUS_INTERNAL;
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    *port = info ? info->port : app->cfg.listen_port;
    *out = srv;
    return STATUS_OK;
}

void
server_stop(struct server *srv)
{
    if (srv == NULL) {
        return;
    }
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
