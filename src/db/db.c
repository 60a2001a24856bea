/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The driver-independent half of the database interface: the statement
 * cache, the transaction runner and the connection pool. */
#include "db/db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/driver.h"
#include "util/log.h"

struct db_stmt {
    struct db *db;
    const char *sql; /* cache key: the literal's address */
    void *raw;
    unsigned long last_use;
};

struct db {
    const struct db_driver *drv;
    void *conn;
    struct db_stmt cache[DB_STMT_CACHE];
    size_t cached;
    unsigned long clock;
    bool in_tx;
};

enum status
db_wrap_take(const struct db_driver *drv, void *conn, struct db **out)
{
    struct db *db = calloc(1, sizeof *db);

    if (db == NULL) {
        drv->close(conn);
        return STATUS_NOMEM;
    }
    db->drv = drv;
    db->conn = conn;
    *out = db;
    return STATUS_OK;
}

void
db_close(struct db *db)
{
    if (db == NULL) {
        return;
    }
    for (size_t i = 0; i < db->cached; i++) {
        db->drv->finalize(db->cache[i].raw);
    }
    db->drv->close(db->conn);
    free(db);
}

enum status
db_exec(struct db *db, const char *sql)
{
    return db->drv->exec(db->conn, sql);
}

enum status
db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    struct db_stmt *slot = NULL;
    void *raw = NULL;
    enum status st;

    db->clock++;
    for (size_t i = 0; i < db->cached; i++) {
        if (db->cache[i].sql == sql) {
            slot = &db->cache[i];
            db->drv->reset(slot->raw);
            slot->last_use = db->clock;
            *out = slot;
            return STATUS_OK;
        }
    }
    st = db->drv->prepare(db->conn, sql, &raw);
    if (st != STATUS_OK) {
        return st;
    }
    if (db->cached < DB_STMT_CACHE) {
        slot = &db->cache[db->cached++];
    } else {
        slot = &db->cache[0];
        for (size_t i = 1; i < DB_STMT_CACHE; i++) {
            if (db->cache[i].last_use < slot->last_use) {
                slot = &db->cache[i];
            }
        }
        db->drv->finalize(slot->raw);
    }
    slot->db = db;
    slot->sql = sql;
    slot->raw = raw;
    slot->last_use = db->clock;
    *out = slot;
    return STATUS_OK;
}

enum status
db_bind_int(struct db_stmt *st, int n, int64_t v)
{
    return st->db->drv->bind_int(st->raw, n, v);
}

enum status
db_bind_text(struct db_stmt *st, int n, const char *v)
{
    if (v == NULL) {
        return st->db->drv->bind_null(st->raw, n);
    }
    return st->db->drv->bind_text(st->raw, n, v);
}

enum status
db_bind_null(struct db_stmt *st, int n)
{
    return st->db->drv->bind_null(st->raw, n);
}

enum status
db_step(struct db_stmt *st, bool *row)
{
    return st->db->drv->step(st->raw, row);
}

enum status
db_run(struct db_stmt *st)
{
    bool row = true;
    enum status s = STATUS_OK;

    while (s == STATUS_OK && row) {
        s = db_step(st, &row);
    }
    st->db->drv->reset(st->raw);
    return s;
}

bool
db_column_is_null(struct db_stmt *st, int col)
{
    return st->db->drv->column_is_null(st->raw, col);
}

int64_t
db_column_int(struct db_stmt *st, int col)
{
    return st->db->drv->column_int(st->raw, col);
}

const char *
db_column_text(struct db_stmt *st, int col)
{
    const char *t = st->db->drv->column_text(st->raw, col);
    return t ? t : "";
}

enum status
db_column_dup(struct db_stmt *st, int col, char **out)
{
    char *copy;

    if (db_column_is_null(st, col)) {
        *out = NULL;
        return STATUS_OK;
    }
    copy = strdup(db_column_text(st, col));
    if (copy == NULL) {
        return STATUS_NOMEM;
    }
    *out = copy;
    return STATUS_OK;
}

static void
db_backoff(int attempt)
{
    struct timespec ts = {0, (long)(1 + attempt * attempt) * 2000000L};
    nanosleep(&ts, NULL);
}

void
db_mark_in_transaction(struct db *db, bool in_tx)
{
    db->in_tx = in_tx;
}

enum status
db_transaction(struct db *db, enum status (*fn)(struct db *db, void *ctx),
               void *ctx)
{
    enum status st = STATUS_INTERNAL;

    if (db->in_tx) {
        /* Nested call: run inside the transaction that is already open. */
        return fn(db, ctx);
    }
    for (int attempt = 0; attempt < DB_TX_ATTEMPTS; attempt++) {
        /* BEGIN IMMEDIATE takes the write lock up front in SQLite, so a
         * transaction never fails half-way on a lock upgrade. */
        st = db_exec(db, "BEGIN IMMEDIATE");
        if (st == STATUS_OK) {
            db->in_tx = true;
            st = fn(db, ctx);
            db->in_tx = false;
            if (st == STATUS_OK) {
                st = db_exec(db, "COMMIT");
                if (st == STATUS_OK) {
                    return STATUS_OK;
                }
            }
            (void)db_exec(db, "ROLLBACK");
        }
        if (st != STATUS_RETRY) {
            return st;
        }
        db_backoff(attempt);
    }
    LOG_WARN("transaction still busy after %d attempts", DB_TX_ATTEMPTS);
    return STATUS_RETRY;
}

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct db **conns;
    bool *busy;
    size_t size;
};

enum status
db_pool_open_sqlite(const char *path, size_t size, struct db_pool **out)
{
    struct db_pool *pool = NULL;
    enum status st = STATUS_NOMEM;

    pool = calloc(1, sizeof *pool);
    if (pool == NULL) {
        goto out;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    pool->conns = calloc(size, sizeof *pool->conns);
    pool->busy = calloc(size, sizeof *pool->busy);
    if (pool->conns == NULL || pool->busy == NULL) {
        goto out;
    }
    pool->size = size;
    for (size_t i = 0; i < size; i++) {
        st = db_open_sqlite(path, &pool->conns[i]);
        if (st != STATUS_OK) {
            goto out;
        }
    }
    *out = pool;
    pool = NULL;
    st = STATUS_OK;
out:
    db_pool_close(pool);
    return st;
}

struct db *
db_pool_acquire(struct db_pool *pool)
{
    struct db *db = NULL;

    pthread_mutex_lock(&pool->lock);
    while (db == NULL) {
        for (size_t i = 0; i < pool->size; i++) {
            if (!pool->busy[i]) {
                pool->busy[i] = true;
                db = pool->conns[i];
                break;
            }
        }
        if (db == NULL) {
            pthread_cond_wait(&pool->freed, &pool->lock);
        }
    }
    pthread_mutex_unlock(&pool->lock);
    return db;
}

void
db_pool_release(struct db_pool *pool, struct db *db)
{
    pthread_mutex_lock(&pool->lock);
    for (size_t i = 0; i < pool->size; i++) {
        if (pool->conns[i] == db) {
            pool->busy[i] = false;
        }
    }
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

void
db_pool_close(struct db_pool *pool)
{
    if (pool == NULL) {
        return;
    }
    for (size_t i = 0; i < pool->size; i++) {
        db_close(pool->conns[i]);
    }
    free(pool->conns);
    free(pool->busy);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}
