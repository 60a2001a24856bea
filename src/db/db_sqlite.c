/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQLite driver: WAL, foreign keys, busy timeout, synchronous=FULL
 * (a confirmed write survives a power loss), and $N placeholders bound by
 * name so that SQL text is the same as PostgreSQL's. */
#include <sqlite3.h>
#include <stdio.h>

#include "db/driver.h"
#include "db/migrate.h"
#include "util/log.h"

#define DB_SQLITE_BUSY_MS 5000

static enum status
db_sqlite_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return STATUS_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STATUS_RETRY;
    case SQLITE_CONSTRAINT:
        return STATUS_CONFLICT;
    case SQLITE_NOMEM:
        return STATUS_NOMEM;
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
        return STATUS_INPUT;
    default:
        return STATUS_INTERNAL;
    }
}

static enum status
db_sqlite_exec(void *conn, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
        LOG_ERROR("sqlite exec failed: %s", msg ? msg : sqlite3_errstr(rc));
    }
    sqlite3_free(msg);
    return db_sqlite_status(rc);
}

static enum status
db_sqlite_prepare(void *conn, const char *sql, void **stmt)
{
    sqlite3_stmt *s = NULL;
    int rc =
        sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);

    if (rc != SQLITE_OK) {
        LOG_ERROR("sqlite prepare failed: %s", sqlite3_errmsg(conn));
        return db_sqlite_status(rc) == STATUS_RETRY ? STATUS_RETRY
                                                    : STATUS_INTERNAL;
    }
    *stmt = s;
    return STATUS_OK;
}

static void
db_sqlite_finalize(void *stmt)
{
    sqlite3_finalize(stmt);
}

static void
db_sqlite_reset(void *stmt)
{
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

/* $N is a named parameter to SQLite; find its index by name so that the
 * same number can appear twice and in any order. */
static int
db_sqlite_index(void *stmt, int n)
{
    char name[16];

    snprintf(name, sizeof name, "$%d", n);
    return sqlite3_bind_parameter_index(stmt, name);
}

static enum status
db_sqlite_bind_int(void *stmt, int n, int64_t v)
{
    int idx = db_sqlite_index(stmt, n);

    if (idx == 0) {
        return STATUS_INTERNAL;
    }
    return db_sqlite_status(sqlite3_bind_int64(stmt, idx, v));
}

static enum status
db_sqlite_bind_text(void *stmt, int n, const char *v)
{
    int idx = db_sqlite_index(stmt, n);

    if (idx == 0) {
        return STATUS_INTERNAL;
    }
    return db_sqlite_status(
        sqlite3_bind_text(stmt, idx, v, -1, SQLITE_TRANSIENT));
}

static enum status
db_sqlite_bind_null(void *stmt, int n)
{
    int idx = db_sqlite_index(stmt, n);

    if (idx == 0) {
        return STATUS_INTERNAL;
    }
    return db_sqlite_status(sqlite3_bind_null(stmt, idx));
}

static enum status
db_sqlite_step(void *stmt, bool *row)
{
    int rc = sqlite3_step(stmt);

    if (rc == SQLITE_ROW) {
        *row = true;
        return STATUS_OK;
    }
    *row = false;
    if (rc == SQLITE_DONE) {
        return STATUS_OK;
    }
    if (db_sqlite_status(rc) == STATUS_INTERNAL) {
        LOG_ERROR("sqlite step failed: %s",
                  sqlite3_errmsg(sqlite3_db_handle(stmt)));
    }
    return db_sqlite_status(rc);
}

static bool
db_sqlite_column_is_null(void *stmt, int col)
{
    return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int64_t
db_sqlite_column_int(void *stmt, int col)
{
    return sqlite3_column_int64(stmt, col);
}

static const char *
db_sqlite_column_text(void *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
}

static void
db_sqlite_close(void *conn)
{
    sqlite3_close_v2(conn);
}

const struct db_driver db_driver_sqlite = {
    .name = "sqlite",
    .exec = db_sqlite_exec,
    .prepare = db_sqlite_prepare,
    .finalize = db_sqlite_finalize,
    .reset = db_sqlite_reset,
    .bind_int = db_sqlite_bind_int,
    .bind_text = db_sqlite_bind_text,
    .bind_null = db_sqlite_bind_null,
    .step = db_sqlite_step,
    .column_is_null = db_sqlite_column_is_null,
    .column_int = db_sqlite_column_int,
    .column_text = db_sqlite_column_text,
    .close = db_sqlite_close,
};

enum status
db_open_sqlite(const char *path, struct db **out)
{
    sqlite3 *conn = NULL;
    struct db *db = NULL;
    enum status st;
    int rc;

    rc = sqlite3_open_v2(
        path, &conn,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        LOG_ERROR("cannot open database %s: %s", path,
                  conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close_v2(conn);
        return STATUS_INTERNAL;
    }
    sqlite3_extended_result_codes(conn, 1);
    sqlite3_busy_timeout(conn, DB_SQLITE_BUSY_MS);
    st = db_wrap_take(&db_driver_sqlite, conn, &db);
    if (st != STATUS_OK) {
        return st;
    }
    st = db_exec(db, "PRAGMA journal_mode=WAL;"
                     "PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;");
    if (st == STATUS_OK) {
        st = migrate_apply(db, migrations_sqlite);
    }
    if (st != STATUS_OK) {
        db_close(db);
        return st;
    }
    *out = db;
    return STATUS_OK;
}
