/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Sign-in, who is signed in, sign-out. Failed sign-ins are slowed, and
 * limited per account (lock-out) and per client address. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "http/reply.h"
#include "http/session.h"
#include "store/users.h"
#include "util/log.h"

static const struct body_field api_session_fields[] = {
    {"username", BODY_STRING, true, false, 1, 64, "the account name"},
    {"password", BODY_SECRET, true, false, 1, 256, "the password"},
};
const struct body_spec api_session_body =
    BODY_SPEC("SignIn", api_session_fields);

/* A hash to verify against when the account does not exist, so that an
 * unknown name costs as much time as a wrong password. */
static char session_dummy_hash[CRYPTO_PASSWORD_HASH_TEXT];
static pthread_once_t session_dummy_once = PTHREAD_ONCE_INIT;

static void
session_make_dummy(void)
{
    if (crypto_password_hash("onestop-no-such-account", session_dummy_hash) !=
        STATUS_OK) {
        session_dummy_hash[0] = '\0';
    }
}

static json_t *
session_json(const struct auth *auth)
{
    json_t *user =
        json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)auth->user_id,
                  "username", auth->username, "displayName", auth->display_name,
                  "role", role_name(auth->role));

    if (auth->agency_id > 0) {
        json_object_set_new(user, "agencyId", json_integer(auth->agency_id));
    }
    if (auth->desk_id > 0) {
        json_object_set_new(user, "deskId", json_integer(auth->desk_id));
    }
    if (auth->sponsor_kvk[0] != '\0') {
        json_object_set_new(user, "sponsorKvk", json_string(auth->sponsor_kvk));
    }
    return json_pack("{s:o, s:s, s:s}", "user", user, "csrfToken",
                     auth->csrf_token, "expiresAt", auth->expires_at);
}

void
api_session_get(struct http_request *req)
{
    reply_json(req, 200, session_json(&req->auth));
}

static void
session_retry_after(struct http_request *req, long seconds)
{
    char value[24];

    snprintf(value, sizeof value, "%ld", seconds > 0 ? seconds : 1);
    request_add_header(req, "Retry-After", value);
}

static void
session_slow_down(const struct http_request *req, int failures)
{
    long ms = req->app->cfg.signin_failure_delay_ms;
    struct timespec ts;

    for (int i = 1; i < failures && i < 4; i++) {
        ms *= 2;
    }
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* Starts a session for user: a new token every time (no fixation). */
static void
session_start(struct http_request *req, const struct store_user *user)
{
    char token[CRYPTO_TOKEN_TEXT];
    char digest[CRYPTO_DIGEST_TEXT];
    char cookie[256];
    char now[CLOCK_ISO_TEXT];
    char object[32];
    time_t t = clock_now();
    enum status st;

    crypto_random_token(token);
    crypto_token_digest(token, digest);
    crypto_random_token(req->auth.csrf_token);
    clock_format_utc(t, now);
    clock_format_utc(t + req->app->cfg.session_ttl_s, req->auth.expires_at);
    st = store_session_insert(request_db(req), digest, user->id,
                              req->auth.csrf_token, now, req->auth.expires_at,
                              req->address, &req->auth.session_id);
    if (st != STATUS_OK) {
        crypto_wipe(token, sizeof token);
        reply_status(req, st, NULL);
        return;
    }
    req->auth.signed_in = true;
    req->auth.user_id = user->id;
    req->auth.role = role_from_name(user->role);
    req->auth.agency_id = user->agency_id;
    req->auth.desk_id = user->desk_id;
    snprintf(req->auth.username, sizeof req->auth.username, "%s",
             user->username);
    snprintf(req->auth.display_name, sizeof req->auth.display_name, "%s",
             user->display_name);
    snprintf(req->auth.sponsor_kvk, sizeof req->auth.sponsor_kvk, "%s",
             user->sponsor_kvk);
    session_cookie(req, token, cookie, sizeof cookie);
    crypto_wipe(token, sizeof token);
    request_add_header(req, "Set-Cookie", cookie);
    snprintf(object, sizeof object, "user:%lld", (long long)user->id);
    audit_event(req, NULL, "signin", object, "ok", "");
    reply_json(req, 200, session_json(&req->auth));
}

void
api_session_post(struct http_request *req)
{
    const char *username =
        json_string_value(json_object_get(req->json, "username"));
    const char *password =
        json_string_value(json_object_get(req->json, "password"));
    const struct config *cfg = &req->app->cfg;
    struct store_user user;
    struct db *db = request_db(req);
    char now[CLOCK_ISO_TEXT];
    char since[CLOCK_ISO_TEXT];
    char lock_until[CLOCK_ISO_TEXT];
    char object[32];
    time_t t = clock_now();
    time_t locked;
    int count = 0;
    int failures = 1;
    enum status st;

    clock_format_utc(t, now);
    clock_format_utc(t - cfg->signin_address_window_s, since);
    clock_format_utc(t + cfg->signin_lockout_s, lock_until);
    st = store_signin_failure_count(db, req->address, since, &count);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    if (count >= cfg->signin_address_failures) {
        audit_event(req, "-", "signin", "", "refused",
                    "too many failures from this address");
        session_retry_after(req, cfg->signin_address_window_s);
        reply_problem(req, PROBLEM_TOO_MANY_REQUESTS,
                      "Too many failed sign-ins from your address. "
                      "Try again later.");
        return;
    }
    st = store_user_by_username(db, username, &user);
    if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
        reply_status(req, st, NULL);
        return;
    }
    if (st == STATUS_OK && user.locked_until[0] != '\0' &&
        clock_parse_utc(user.locked_until, &locked) && locked > t) {
        snprintf(object, sizeof object, "user:%lld", (long long)user.id);
        audit_event(req, user.username, "signin", object, "locked", "");
        session_retry_after(req, (long)(locked - t));
        reply_problem(req, PROBLEM_TOO_MANY_REQUESTS,
                      "This account is locked after repeated failed "
                      "sign-ins. Try again later.");
        return;
    }
    if (st == STATUS_OK && user.active &&
        crypto_password_verify(user.password_hash, password)) {
        (void)store_user_signin_ok(db, user.id);
        if (req->auth.session_id > 0) {
            (void)store_session_delete(db, req->auth.session_id);
        }
        session_start(req, &user);
        return;
    }
    if (st == STATUS_OK) {
        (void)store_user_signin_failed(
            db, user.id, cfg->signin_account_failures, lock_until, &failures);
        snprintf(object, sizeof object, "user:%lld", (long long)user.id);
        audit_event(req, user.username, "signin", object, "failure",
                    user.active ? "wrong password" : "account disabled");
    } else {
        pthread_once(&session_dummy_once, session_make_dummy);
        (void)crypto_password_verify(session_dummy_hash, password);
        /* The typed name is not logged: people type passwords there. */
        audit_event(req, "-", "signin", "", "failure", "unknown account");
    }
    (void)store_signin_failure_add(db, req->address, now);
    /* Give the connection back before sleeping: the pool is shared. */
    request_release_db(req);
    session_slow_down(req, failures);
    reply_problem(req, PROBLEM_BAD_CREDENTIALS,
                  "The username or password is wrong.");
}

void
api_session_delete(struct http_request *req)
{
    char cookie[256];
    char object[32];
    enum status st =
        store_session_delete(request_db(req), req->auth.session_id);

    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    snprintf(object, sizeof object, "user:%lld", (long long)req->auth.user_id);
    audit_event(req, NULL, "signout", object, "ok", "");
    session_cookie(req, NULL, cookie, sizeof cookie);
    request_add_header(req, "Set-Cookie", cookie);
    reply_empty(req, 204);
}
