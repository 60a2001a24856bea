/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Users, their sessions, and failed sign-ins per address. */
#ifndef ONESTOP_STORE_USERS_H
#define ONESTOP_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/clock.h"
#include "util/crypto.h"
#include "util/status.h"

struct db;

#define STORE_USERNAME_TEXT 65
#define STORE_DISPLAY_NAME_TEXT 513
#define STORE_ROLE_TEXT 16
#define STORE_KVK_TEXT 16

struct store_user {
    int64_t id;
    char username[STORE_USERNAME_TEXT];
    char display_name[STORE_DISPLAY_NAME_TEXT];
    char role[STORE_ROLE_TEXT];
    char password_hash[CRYPTO_PASSWORD_HASH_TEXT];
    int64_t agency_id; /* 0 = none */
    int64_t desk_id;   /* 0 = none */
    char sponsor_kvk[STORE_KVK_TEXT];
    bool active;
    int failed_signins;
    char locked_until[CLOCK_ISO_TEXT]; /* "" = not locked */
    char created_at[CLOCK_ISO_TEXT];
};

/* Finds an active or inactive user by name: STATUS_NOT_FOUND if none. */
enum status store_user_by_username(struct db *db, const char *username,
                                   struct store_user *out);
/* Inserts a user (id, failures and lock are ignored); STATUS_CONFLICT when
 * the username is taken, STATUS_INPUT when a reference does not exist. */
enum status store_user_insert(struct db *db, const struct store_user *user,
                              int64_t *id);
/* Counts a failed sign-in; when the count reaches limit, locks the account
 * until lock_until and restarts the count. *failures receives the count
 * before any restart. */
enum status store_user_signin_failed(struct db *db, int64_t id, int limit,
                                     const char *lock_until, int *failures);
/* Clears failures and the lock after a good sign-in. */
enum status store_user_signin_ok(struct db *db, int64_t id);
/* Calls fn for each user, ordered by username; stops at fn's first error. */
enum status store_user_each(struct db *db,
                            enum status (*fn)(void *ctx,
                                              const struct store_user *user),
                            void *ctx);

struct store_session {
    int64_t id;
    char csrf_token[CRYPTO_TOKEN_TEXT];
    char expires_at[CLOCK_ISO_TEXT];
    char last_seen_at[CLOCK_ISO_TEXT];
    struct store_user user;
};

enum status store_session_insert(struct db *db, const char *token_digest,
                                 int64_t user_id, const char *csrf_token,
                                 const char *now, const char *expires_at,
                                 const char *address, int64_t *id);
/* The session with this token digest and its (active) user. */
enum status store_session_find(struct db *db, const char *token_digest,
                               struct store_session *out);
enum status store_session_touch(struct db *db, int64_t id, const char *now);
enum status store_session_delete(struct db *db, int64_t id);
/* Removes sessions past their end or idle since before idle_cutoff. */
enum status store_session_purge(struct db *db, const char *now,
                                const char *idle_cutoff);

enum status store_signin_failure_add(struct db *db, const char *address,
                                     const char *at);
/* Failures from address at or after since. */
enum status store_signin_failure_count(struct db *db, const char *address,
                                       const char *since, int *count);
/* Forgets failures before cutoff. */
enum status store_signin_failure_purge(struct db *db, const char *cutoff);

#endif
