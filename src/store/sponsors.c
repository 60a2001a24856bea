/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the sponsor register, written once for SQLite and PostgreSQL:
 * every statement keeps to what both accept ($N bind parameters, RETURNING,
 * ON CONFLICT, '||' and CASE). */
#include "store/sponsors.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "store/rows.h"
#include "util/buf.h"
#include "util/clock.h"

/* The order categories are listed in, as in core/sponsor_register. */
static const char *const sponsors_category_order[] = {"work", "research",
                                                      "study", "exchange"};
#define SPONSORS_CATEGORIES 4
/* Bytes of "work,research,study,exchange" and its NUL. */
#define SPONSORS_CATEGORIES_TEXT 32

enum status
store_sponsor_import_insert(struct db *db,
                            const struct store_sponsor_import *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO sponsor_imports (imported_at, actor, "
                   "file_name, format, categories, snapshot_date) "
                   "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, now);
    db_bind_text(st, 2, in->actor);
    db_bind_text(st, 3, in->file_name);
    db_bind_text(st, 4, in->format);
    db_bind_text(st, 5, in->categories);
    db_bind_text(st, 6, in->snapshot_date);
    return rows_returning_id(st, id);
}

enum status
store_sponsor_import_counts(struct db *db,
                            const struct store_sponsor_import *in)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE sponsor_imports SET entries = $2, added = $3, "
                   "removed = $4, renamed = $5 WHERE id = $1 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, in->id);
    db_bind_int(st, 2, in->entries);
    db_bind_int(st, 3, in->added);
    db_bind_int(st, 4, in->removed);
    db_bind_int(st, 5, in->renamed);
    return rows_returning_id(st, NULL);
}

enum status
store_sponsor_latest_snapshot(struct db *db, const char *category, char out[11])
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT COALESCE(MAX(snapshot_date), '') FROM "
                   "sponsor_imports WHERE ',' || categories || ',' LIKE "
                   "'%,' || $1 || ',%'",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, category);
    s = db_step(st, &row);
    if (s == STATUS_OK) {
        snprintf(out, 11, "%s", row ? db_column_text(st, 0) : "");
    }
    (void)db_run(st);
    return s;
}

enum status
store_sponsor_category_recognised_count(struct db *db, const char *category,
                                        int64_t *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*) FROM sponsor_categories "
                   "WHERE category = $1 AND recognised = 1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, category);
    s = db_step(st, &row);
    if (s == STATUS_OK) {
        *out = row ? db_column_int(st, 0) : 0;
    }
    (void)db_run(st);
    return s;
}

struct sponsor_visit {
    store_sponsor_fn fn;
    void *ctx;
};

static enum status
sponsor_read(struct db_stmt *st, void *ctx)
{
    struct sponsor_visit *v = ctx;
    struct store_sponsor row = {
        .kvk = db_column_text(st, 0),
        .name = db_column_text(st, 1),
        .categories = db_column_text(st, 2),
        .recognised = db_column_int(st, 3) != 0,
        .first_seen = db_column_text(st, 4),
        .last_seen = db_column_text(st, 5),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_sponsor_get(struct db *db, const char *kvk, store_sponsor_fn fn,
                  void *ctx)
{
    struct sponsor_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT kvk, name, categories, recognised, first_seen, "
                   "last_seen FROM sponsors WHERE kvk = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    s = rows_each(st, sponsor_read, &v, &count);
    if (s == STATUS_OK && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

enum status
store_sponsor_each(struct db *db, const char *kvk, const char *q, int limit,
                   store_sponsor_fn fn, void *ctx)
{
    struct sponsor_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    struct buf pattern;
    size_t count = 0;
    enum status s;

    /* q is matched literally: LIKE's wildcards in it are escaped. */
    buf_init(&pattern, 0);
    s = buf_append_str(&pattern, "%");
    for (const char *p = q; s == STATUS_OK && *p != '\0'; p++) {
        if (*p == '%' || *p == '_' || *p == '!') {
            s = buf_append_str(&pattern, "!");
        }
        if (s == STATUS_OK) {
            s = buf_append(&pattern, p, 1);
        }
    }
    if (s == STATUS_OK) {
        s = buf_append_str(&pattern, "%");
    }
    if (s == STATUS_OK) {
        s = db_prepare(db,
                       "SELECT kvk, name, categories, recognised, first_seen, "
                       "last_seen FROM sponsors "
                       "WHERE ($1 = '' OR kvk = $1) AND "
                       "($2 = '' OR lower(name) LIKE lower($3) ESCAPE '!') "
                       "ORDER BY name, kvk LIMIT $4",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_text(st, 1, kvk);
        db_bind_text(st, 2, q);
        db_bind_text(st, 3, pattern.data);
        db_bind_int(st, 4, limit);
        s = rows_each(st, sponsor_read, &v, &count);
    }
    buf_clear(&pattern);
    return s;
}

enum status
store_sponsor_insert(struct db *db, const char *kvk, const char *name,
                     const char *snapshot)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO sponsors (kvk, name, first_seen, last_seen) "
                   "VALUES ($1, $2, $3, $3)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, snapshot);
    return db_run(st);
}

enum status
store_sponsor_seen(struct db *db, const char *kvk, const char *name,
                   const char *snapshot)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE sponsors SET name = $2, "
                   "first_seen = CASE WHEN first_seen > $3 THEN $3 "
                   "ELSE first_seen END, "
                   "last_seen = CASE WHEN last_seen < $3 THEN $3 "
                   "ELSE last_seen END "
                   "WHERE kvk = $1 RETURNING kvk",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, snapshot);
    return rows_returning_id(st, NULL);
}

enum status
store_sponsor_refresh(struct db *db, const char *kvk)
{
    struct db_stmt *st = NULL;
    bool has[SPONSORS_CATEGORIES] = {false};
    char text[SPONSORS_CATEGORIES_TEXT] = "";
    size_t used = 0;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT category FROM sponsor_categories "
                   "WHERE kvk = $1 AND recognised = 1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    while ((s = db_step(st, &row)) == STATUS_OK && row) {
        const char *c = db_column_text(st, 0);
        for (size_t i = 0; i < SPONSORS_CATEGORIES; i++) {
            if (strcmp(c, sponsors_category_order[i]) == 0) {
                has[i] = true;
            }
        }
    }
    (void)db_run(st);
    if (s != STATUS_OK) {
        return s;
    }
    for (size_t i = 0; i < SPONSORS_CATEGORIES; i++) {
        if (has[i]) {
            used +=
                (size_t)snprintf(text + used, sizeof text - used, "%s%s",
                                 used ? "," : "", sponsors_category_order[i]);
        }
    }
    s = db_prepare(db,
                   "UPDATE sponsors SET categories = $2, recognised = $3 "
                   "WHERE kvk = $1 RETURNING kvk",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, text);
    db_bind_int(st, 3, used > 0);
    return rows_returning_id(st, NULL);
}

enum status
store_sponsor_category_get(struct db *db, const char *kvk, const char *category,
                           bool *recognised)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT recognised FROM sponsor_categories "
                   "WHERE kvk = $1 AND category = $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, category);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        *recognised = db_column_int(st, 0) != 0;
    }
    (void)db_run(st);
    return s;
}

enum status
store_sponsor_category_set(struct db *db, const char *kvk, const char *category,
                           bool recognised, bool changed, const char *since,
                           int64_t import_id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO sponsor_categories (kvk, category, "
                   "recognised, since, seen_import_id) "
                   "VALUES ($1, $2, $3, $4, $5) "
                   "ON CONFLICT (kvk, category) DO UPDATE SET "
                   "recognised = excluded.recognised, "
                   "since = CASE WHEN $6 = 1 THEN excluded.since "
                   "ELSE sponsor_categories.since END, "
                   "seen_import_id = CASE WHEN excluded.recognised = 1 "
                   "THEN excluded.seen_import_id "
                   "ELSE sponsor_categories.seen_import_id END",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, category);
    db_bind_int(st, 3, recognised);
    db_bind_text(st, 4, since);
    db_bind_int(st, 5, import_id);
    db_bind_int(st, 6, changed);
    return db_run(st);
}

struct unseen_visit {
    enum status (*fn)(void *ctx, const char *kvk, const char *name);
    void *ctx;
};

static enum status
unseen_read(struct db_stmt *st, void *ctx)
{
    struct unseen_visit *v = ctx;
    return v->fn(v->ctx, db_column_text(st, 0), db_column_text(st, 1));
}

enum status
store_sponsor_category_unseen_each(
    struct db *db, const char *category, int64_t import_id,
    enum status (*fn)(void *ctx, const char *kvk, const char *name), void *ctx)
{
    struct unseen_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT c.kvk, s.name FROM sponsor_categories c "
                   "JOIN sponsors s ON s.kvk = c.kvk "
                   "WHERE c.category = $1 AND c.recognised = 1 "
                   "AND c.seen_import_id <> $2 ORDER BY c.kvk",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, category);
    db_bind_int(st, 2, import_id);
    return rows_each(st, unseen_read, &v, &count);
}

enum status
store_sponsor_change_add(struct db *db, const struct store_sponsor_change *in)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO sponsor_recognitions (kvk, category, change, "
                   "recognised, name, old_name, snapshot_date, import_id) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, in->kvk);
    db_bind_text(st, 2, in->category);
    db_bind_text(st, 3, in->change);
    db_bind_int(st, 4, in->recognised);
    db_bind_text(st, 5, in->name);
    db_bind_text(st, 6, in->old_name);
    db_bind_text(st, 7, in->snapshot_date);
    db_bind_int(st, 8, in->import_id);
    return db_run(st);
}

struct change_visit {
    enum status (*fn)(void *ctx, const struct store_sponsor_change *row);
    void *ctx;
};

static enum status
change_read(struct db_stmt *st, void *ctx)
{
    struct change_visit *v = ctx;
    struct store_sponsor_change row = {
        .kvk = db_column_text(st, 0),
        .category = db_column_is_null(st, 1) ? NULL : db_column_text(st, 1),
        .change = db_column_text(st, 2),
        .recognised = db_column_int(st, 3) != 0,
        .name = db_column_text(st, 4),
        .old_name = db_column_is_null(st, 5) ? NULL : db_column_text(st, 5),
        .snapshot_date = db_column_text(st, 6),
        .import_id = db_column_int(st, 7),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_sponsor_change_each(
    struct db *db, const char *kvk,
    enum status (*fn)(void *ctx, const struct store_sponsor_change *row),
    void *ctx)
{
    struct change_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT kvk, category, change, recognised, name, "
                   "old_name, snapshot_date, import_id "
                   "FROM sponsor_recognitions WHERE kvk = $1 "
                   "ORDER BY snapshot_date, id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    return rows_each(st, change_read, &v, &count);
}

enum status
store_sponsor_recognised_on(struct db *db, const char *kvk,
                            const char *category, const char *date,
                            bool *recognised)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    /* The last change in that category at or before the date decides:
     * the register's word as it stood then. */
    s = db_prepare(db,
                   "SELECT recognised FROM sponsor_recognitions "
                   "WHERE kvk = $1 AND category = $2 AND "
                   "change IN ('added', 'removed') AND snapshot_date <= $3 "
                   "ORDER BY snapshot_date DESC, id DESC LIMIT 1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, kvk);
    db_bind_text(st, 2, category);
    db_bind_text(st, 3, date);
    s = db_step(st, &row);
    if (s == STATUS_OK) {
        *recognised = row && db_column_int(st, 0) != 0;
    }
    (void)db_run(st);
    return s;
}
