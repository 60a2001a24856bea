/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The one small database interface every store function uses: open,
 * prepare (cached per connection), bind by $N, step, columns, transactions.
 * Drivers hide dialect differences; the SQLite driver is the embedded
 * default. SQL text uses $1, $2, ... placeholders. */
#ifndef ONESTOP_DB_DB_H
#define ONESTOP_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct db;
struct db_stmt;

/* Statements cached per connection; past this the oldest is replaced. */
#define DB_STMT_CACHE 128
/* Attempts of a transaction that keeps answering STATUS_RETRY. */
#define DB_TX_ATTEMPTS 8

/* Opens (creating if needed) a SQLite database file with WAL, foreign keys
 * and a busy timeout, and applies pending migrations. *out owns the
 * connection; close with db_close. */
enum status db_open_sqlite(const char *path, struct db **out);
void db_close(struct db *db);

/* Runs SQL text without parameters (schema, pragmas). */
enum status db_exec(struct db *db, const char *sql);

/* Returns the cached prepared statement for this SQL text, reset and with
 * its bindings cleared. The statement is borrowed from the connection:
 * do not free it; it stays valid until db_close. sql must be a string
 * literal (the cache keys on its address). */
enum status db_prepare(struct db *db, const char *sql, struct db_stmt **out);

enum status db_bind_int(struct db_stmt *st, int n, int64_t v);
/* Binds text (copied), or NULL when v is NULL. */
enum status db_bind_text(struct db_stmt *st, int n, const char *v);
enum status db_bind_null(struct db_stmt *st, int n);

/* Steps: STATUS_OK with *row true when a row is available, false when done;
 * STATUS_CONFLICT on a constraint violation, STATUS_RETRY when busy. */
enum status db_step(struct db_stmt *st, bool *row);
/* Steps a statement that returns no rows (or ignores them). */
enum status db_run(struct db_stmt *st);

bool db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
/* Borrowed text valid until the next step or reset; "" for NULL. */
const char *db_column_text(struct db_stmt *st, int col);
/* A malloc'ed copy of a text column (NULL stays NULL); *out set only on
 * success. */
enum status db_column_dup(struct db_stmt *st, int col, char **out);

/* Runs fn inside a transaction: begin, fn, commit; rolls back when fn
 * fails, and retries the whole transaction (bounded) on STATUS_RETRY. */
enum status db_transaction(struct db *db,
                           enum status (*fn)(struct db *db, void *ctx),
                           void *ctx);

/* A pool of connections to one database, shared by the server's threads. */
struct db_pool;
enum status db_pool_open_sqlite(const char *path, size_t size,
                                struct db_pool **out);
/* Blocks until a connection is free. */
struct db *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, struct db *db);
void db_pool_close(struct db_pool *pool);

#endif
