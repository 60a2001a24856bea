/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Applies the embedded numbered migrations, each in its own transaction. */
#include "db/migrate.h"

#include "db/db.h"
#include "util/clock.h"
#include "util/log.h"

struct migrate_step {
    const struct migration *m;
};

static enum status
migrate_one(struct db *db, void *ctx)
{
    const struct migration *m = ((struct migrate_step *)ctx)->m;
    struct db_stmt *st = NULL;
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = db_exec(db, m->sql);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_prepare(db,
                   "INSERT INTO schema_version (version, name, applied_at) "
                   "VALUES ($1, $2, $3)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    clock_format_utc(clock_now(), now);
    db_bind_int(st, 1, m->version);
    db_bind_text(st, 2, m->name);
    db_bind_text(st, 3, now);
    return db_run(st);
}

static enum status
migrate_current(struct db *db, int64_t *version)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
                    " version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL,"
                    " applied_at TEXT NOT NULL)");
    if (s != STATUS_OK) {
        return s;
    }
    s = db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *version = db_column_int(st, 0);
    }
    db_run(st);
    return s;
}

enum status
migrate_apply(struct db *db, const struct migration *list)
{
    int64_t current = 0;
    int newest = 0;
    enum status s;

    s = migrate_current(db, &current);
    if (s != STATUS_OK) {
        return s;
    }
    for (const struct migration *m = list; m->version != 0; m++) {
        newest = m->version;
    }
    if (current > newest) {
        LOG_ERROR("database schema version %lld is newer than this program "
                  "knows (%d): refusing to use it",
                  (long long)current, newest);
        return STATUS_CONFLICT;
    }
    for (const struct migration *m = list; m->version != 0; m++) {
        struct migrate_step step = {m};
        if (m->version <= current) {
            continue;
        }
        s = db_transaction(db, migrate_one, &step);
        if (s != STATUS_OK) {
            LOG_ERROR("migration %s failed: %s", m->name, status_name(s));
            return s;
        }
        LOG_INFO("applied migration %s", m->name);
    }
    return STATUS_OK;
}
