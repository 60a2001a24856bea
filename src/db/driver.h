/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What a database driver provides to db.c. Private to src/db. */
#ifndef ONESTOP_DB_DRIVER_H
#define ONESTOP_DB_DRIVER_H

#include "db/db.h"

struct db_driver {
    const char *name;
    enum status (*exec)(void *conn, const char *sql);
    enum status (*prepare)(void *conn, const char *sql, void **stmt);
    void (*finalize)(void *stmt);
    void (*reset)(void *stmt);
    enum status (*bind_int)(void *stmt, int n, int64_t v);
    enum status (*bind_text)(void *stmt, int n, const char *v);
    enum status (*bind_null)(void *stmt, int n);
    enum status (*step)(void *stmt, bool *row);
    bool (*column_is_null)(void *stmt, int col);
    int64_t (*column_int)(void *stmt, int col);
    const char *(*column_text)(void *stmt, int col);
    void (*close)(void *conn);
};

/* Wraps a driver connection into a struct db (takes ownership of conn). */
enum status db_wrap_take(const struct db_driver *drv, void *conn,
                         struct db **out);

extern const struct db_driver db_driver_sqlite;

/* Tells db_transaction() that a transaction is open on db (the writer opens
 * its own), so that nested calls run inside it. */
void db_mark_in_transaction(struct db *db, bool in_tx);

#endif
