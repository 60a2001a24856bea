/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Browser sessions: the session cookie, who it belongs to, expiry, and the
 * CSRF check of state-changing requests. */
#ifndef ONESTOP_HTTP_SESSION_H
#define ONESTOP_HTTP_SESSION_H

#include <stdbool.h>

#include "http/request.h"

#define SESSION_COOKIE "onestop_session"
#define SESSION_CSRF_HEADER "X-CSRF-Token"

/* Fills req->auth from the session cookie when it names a live session;
 * an expired or unknown cookie leaves the request anonymous. Replies 500
 * (into req) only when the store fails. */
void session_resolve(struct http_request *req);
/* True when the request carries the session's CSRF token. */
bool session_csrf_ok(struct http_request *req);
/* The Set-Cookie value that installs token for the configured lifetime,
 * or (token NULL) that removes the cookie. */
void session_cookie(const struct http_request *req, const char *token,
                    char *out, size_t out_len);

#endif
