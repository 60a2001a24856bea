/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Numbered, forward-only schema migrations, embedded in the program at
 * build time and recorded in the schema_version table. */
#ifndef ONESTOP_DB_MIGRATE_H
#define ONESTOP_DB_MIGRATE_H

#include "util/status.h"

struct db;

struct migration {
    int version;      /* 1, 2, ...; 0 ends the list */
    const char *name; /* file name without .sql */
    const char *sql;
};

/* The SQLite migrations, generated from src/db/migrations/sqlite/. */
extern const struct migration migrations_sqlite[];

/* Applies each migration newer than the database, each in its own
 * transaction. Refuses (STATUS_CONFLICT) a database whose version is newer
 * than the newest migration this program knows. */
enum status migrate_apply(struct db *db, const struct migration *list);

#endif
