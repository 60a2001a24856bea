/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Session cookie handling. The cookie holds a random token; the database
 * holds only its digest, so a copy of the database opens no session. */
#include "http/session.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "http/reply.h"
#include "store/users.h"
#include "util/log.h"

static void
session_copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

void
session_cookie(const struct http_request *req, const char *token, char *out,
               size_t out_len)
{
    if (token == NULL) {
        snprintf(out, out_len,
                 SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
                                "SameSite=Strict%s",
                 req->app->tls ? "; Secure" : "");
        return;
    }
    snprintf(out, out_len,
             SESSION_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; "
                            "SameSite=Strict%s",
             token, req->app->cfg.session_ttl_s,
             req->app->tls ? "; Secure" : "");
}

void
session_resolve(struct http_request *req)
{
    const char *token =
        MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    struct store_session session;
    char digest[CRYPTO_DIGEST_TEXT];
    char now[CLOCK_ISO_TEXT];
    char idle_cutoff[CLOCK_ISO_TEXT];
    char touch_cutoff[CLOCK_ISO_TEXT];
    time_t t = clock_now();
    int touch_every;
    enum status st;

    if (token == NULL || strlen(token) != CRYPTO_TOKEN_TEXT - 1) {
        return;
    }
    crypto_token_digest(token, digest);
    st = store_session_find(request_db(req), digest, &session);
    if (st == STATUS_NOT_FOUND) {
        return;
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    clock_format_utc(t, now);
    clock_format_utc(t - req->app->cfg.session_idle_s, idle_cutoff);
    if (strcmp(session.expires_at, now) <= 0 ||
        strcmp(session.last_seen_at, idle_cutoff) < 0) {
        (void)store_session_delete(request_db(req), session.id);
        return;
    }
    /* Record activity at a coarse grain: one write per session per
     * interval, not one per request. */
    touch_every = req->app->cfg.session_idle_s / 10;
    if (touch_every < 1) {
        touch_every = 1;
    }
    if (touch_every > 60) {
        touch_every = 60;
    }
    clock_format_utc(t - touch_every, touch_cutoff);
    if (strcmp(session.last_seen_at, touch_cutoff) <= 0) {
        (void)store_session_touch(request_db(req), session.id, now);
    }
    req->auth.signed_in = true;
    req->auth.via_cookie = true;
    req->auth.user_id = session.user.id;
    req->auth.session_id = session.id;
    req->auth.role = role_from_name(session.user.role);
    req->auth.agency_id = session.user.agency_id;
    req->auth.desk_id = session.user.desk_id;
    session_copy(req->auth.username, sizeof req->auth.username,
                 session.user.username);
    session_copy(req->auth.display_name, sizeof req->auth.display_name,
                 session.user.display_name);
    session_copy(req->auth.sponsor_kvk, sizeof req->auth.sponsor_kvk,
                 session.user.sponsor_kvk);
    session_copy(req->auth.csrf_token, sizeof req->auth.csrf_token,
                 session.csrf_token);
    session_copy(req->auth.expires_at, sizeof req->auth.expires_at,
                 session.expires_at);
    if (req->auth.role == ROLE_NONE) {
        LOG_ERROR("user %lld has an unknown role", (long long)session.user.id);
        req->auth.signed_in = false;
    }
}

bool
session_csrf_ok(struct http_request *req)
{
    const char *sent = request_header(req, SESSION_CSRF_HEADER);

    return sent != NULL && req->auth.csrf_token[0] != '\0' &&
           crypto_equal(sent, req->auth.csrf_token);
}

const char *
role_name(enum role role)
{
    switch (role) {
    case ROLE_ADMIN:
        return "admin";
    case ROLE_MANAGER:
        return "manager";
    case ROLE_FRONTDESK:
        return "frontdesk";
    case ROLE_OFFICER:
        return "officer";
    case ROLE_EMPLOYER:
        return "employer";
    case ROLE_NONE:
    case ROLE_ANONYMOUS:
        break;
    }
    return NULL;
}

enum role
role_from_name(const char *name)
{
    static const enum role roles[] = {ROLE_ADMIN, ROLE_MANAGER, ROLE_FRONTDESK,
                                      ROLE_OFFICER, ROLE_EMPLOYER};

    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if (strcmp(role_name(roles[i]), name) == 0) {
            return roles[i];
        }
    }
    return ROLE_NONE;
}
