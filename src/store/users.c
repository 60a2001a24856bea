/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of users, sessions and sign-in failures. */
#include "store/users.h"

#include <string.h>

#include "db/db.h"
#include "store/rows.h"

#define USER_COLUMNS                                                           \
    "u.id, u.username, u.display_name, u.role, u.password_hash, "              \
    "u.agency_id, u.desk_id, u.sponsor_kvk, u.active, u.failed_signins, "      \
    "u.locked_until, u.created_at"

static void
store_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Reads the USER_COLUMNS starting at column first. */
static void
store_user_read(struct db_stmt *st, int first, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_column_int(st, first);
    store_copy(u->username, sizeof u->username, db_column_text(st, first + 1));
    store_copy(u->display_name, sizeof u->display_name,
               db_column_text(st, first + 2));
    store_copy(u->role, sizeof u->role, db_column_text(st, first + 3));
    store_copy(u->password_hash, sizeof u->password_hash,
               db_column_text(st, first + 4));
    u->agency_id = db_column_int(st, first + 5);
    u->desk_id = db_column_int(st, first + 6);
    store_copy(u->sponsor_kvk, sizeof u->sponsor_kvk,
               db_column_text(st, first + 7));
    u->active = db_column_int(st, first + 8) != 0;
    u->failed_signins = (int)db_column_int(st, first + 9);
    store_copy(u->locked_until, sizeof u->locked_until,
               db_column_text(st, first + 10));
    store_copy(u->created_at, sizeof u->created_at,
               db_column_text(st, first + 11));
}

enum status
store_user_by_username(struct db *db, const char *username,
                       struct store_user *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(
        db, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, username);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        store_user_read(st, 0, out);
    }
    db_run(st);
    return s;
}

enum status
store_user_insert(struct db *db, const struct store_user *u, int64_t *id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO users (username, display_name, role, "
                   "password_hash, agency_id, desk_id, sponsor_kvk, active, "
                   "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, u->username);
    db_bind_text(st, 2, u->display_name);
    db_bind_text(st, 3, u->role);
    db_bind_text(st, 4, u->password_hash);
    rows_bind_ref(st, 5, u->agency_id);
    rows_bind_ref(st, 6, u->desk_id);
    db_bind_text(st, 7, u->sponsor_kvk[0] ? u->sponsor_kvk : NULL);
    db_bind_int(st, 8, u->active ? 1 : 0);
    db_bind_text(st, 9, u->created_at);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *id = db_column_int(st, 0);
    } else if (s == STATUS_OK) {
        s = STATUS_INTERNAL;
    }
    db_run(st);
    return s;
}

enum status
store_user_signin_failed(struct db *db, int64_t id, int limit,
                         const char *lock_until, int *failures)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "UPDATE users SET failed_signins = failed_signins + 1 "
                   "WHERE id = $1 RETURNING failed_signins",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *failures = (int)db_column_int(st, 0);
    } else if (s == STATUS_OK) {
        s = STATUS_NOT_FOUND;
    }
    db_run(st);
    if (s != STATUS_OK || *failures < limit) {
        return s;
    }
    s = db_prepare(db,
                   "UPDATE users SET failed_signins = 0, locked_until = $2 "
                   "WHERE id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, lock_until);
    return db_run(st);
}

enum status
store_user_signin_ok(struct db *db, int64_t id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE users SET failed_signins = 0, locked_until = NULL "
                   "WHERE id = $1 AND (failed_signins <> 0 OR "
                   "locked_until IS NOT NULL)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    return db_run(st);
}

enum status
store_user_each(struct db *db,
                enum status (*fn)(void *ctx, const struct store_user *user),
                void *ctx)
{
    struct db_stmt *st = NULL;
    struct store_user user;
    bool row = true;
    enum status s;

    s = db_prepare(
        db, "SELECT " USER_COLUMNS " FROM users u ORDER BY u.username", &st);
    while (s == STATUS_OK) {
        s = db_step(st, &row);
        if (s != STATUS_OK || !row) {
            break;
        }
        store_user_read(st, 0, &user);
        s = fn(ctx, &user);
    }
    if (st != NULL) {
        db_run(st);
    }
    return s;
}

enum status
store_session_insert(struct db *db, const char *token_digest, int64_t user_id,
                     const char *csrf_token, const char *now,
                     const char *expires_at, const char *address, int64_t *id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO sessions (token_digest, user_id, csrf_token, "
                   "created_at, expires_at, last_seen_at, address) "
                   "VALUES ($1, $2, $3, $4, $5, $4, $6) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, token_digest);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, csrf_token);
    db_bind_text(st, 4, now);
    db_bind_text(st, 5, expires_at);
    db_bind_text(st, 6, address);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *id = db_column_int(st, 0);
    } else if (s == STATUS_OK) {
        s = STATUS_INTERNAL;
    }
    db_run(st);
    return s;
}

enum status
store_session_find(struct db *db, const char *token_digest,
                   struct store_session *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(
        db,
        "SELECT s.id, s.csrf_token, s.expires_at, s.last_seen_at, " USER_COLUMNS
        " FROM sessions s JOIN users u "
        "ON u.id = s.user_id WHERE s.token_digest = $1 "
        "AND u.active = 1",
        &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, token_digest);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        out->id = db_column_int(st, 0);
        store_copy(out->csrf_token, sizeof out->csrf_token,
                   db_column_text(st, 1));
        store_copy(out->expires_at, sizeof out->expires_at,
                   db_column_text(st, 2));
        store_copy(out->last_seen_at, sizeof out->last_seen_at,
                   db_column_text(st, 3));
        store_user_read(st, 4, &out->user);
    }
    db_run(st);
    return s;
}

enum status
store_session_touch(struct db *db, int64_t id, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "UPDATE sessions SET last_seen_at = $2 WHERE id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, now);
    return db_run(st);
}

enum status
store_session_delete(struct db *db, int64_t id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM sessions WHERE id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    return db_run(st);
}

enum status
store_session_purge(struct db *db, const char *now, const char *idle_cutoff)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "DELETE FROM sessions WHERE expires_at <= $1 "
                   "OR last_seen_at < $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, now);
    db_bind_text(st, 2, idle_cutoff);
    return db_run(st);
}

enum status
store_signin_failure_add(struct db *db, const char *address, const char *at)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(
        db, "INSERT INTO signin_failures (address, at) VALUES ($1, $2)", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, address);
    db_bind_text(st, 2, at);
    return db_run(st);
}

enum status
store_signin_failure_count(struct db *db, const char *address,
                           const char *since, int *count)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*) FROM signin_failures "
                   "WHERE address = $1 AND at >= $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, address);
    db_bind_text(st, 2, since);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *count = (int)db_column_int(st, 0);
    }
    db_run(st);
    return s;
}

enum status
store_signin_failure_purge(struct db *db, const char *cutoff)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM signin_failures WHERE at < $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, cutoff);
    return db_run(st);
}
