/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The sponsor register: sponsors by KvK number, their recognition per
 * category, its history and the imports of register snapshots. The
 * writers run inside the caller's transaction (an import is one). Readers
 * call a function for each row; the row's strings are borrowed for the
 * duration of that call. Categories are their codes ("work", ...). */
#ifndef ONESTOP_STORE_SPONSORS_H
#define ONESTOP_STORE_SPONSORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct db;

struct store_sponsor_import {
    int64_t id;
    const char *imported_at; /* read only */
    const char *actor;
    const char *file_name;
    const char *format;     /* "html" or "csv" */
    const char *categories; /* the categories covered, comma-separated */
    const char *snapshot_date;
    int64_t entries;
    int64_t added;
    int64_t removed;
    int64_t renamed;
};

/* Records a new import (counts zero, stamped now); *id (out). */
enum status store_sponsor_import_insert(struct db *db,
                                        const struct store_sponsor_import *in,
                                        int64_t *id);
/* Sets the counts of import in->id. */
enum status store_sponsor_import_counts(struct db *db,
                                        const struct store_sponsor_import *in);
/* The latest snapshot date imported for category into out ("" when
 * none). */
enum status store_sponsor_latest_snapshot(struct db *db, const char *category,
                                          char out[11]);

struct store_sponsor {
    const char *kvk;
    const char *name;
    const char *categories; /* recognised now, comma-separated; "" none */
    bool recognised;
    const char *first_seen;
    const char *last_seen;
};

typedef enum status (*store_sponsor_fn)(void *ctx,
                                        const struct store_sponsor *row);

/* The sponsor with kvk: STATUS_NOT_FOUND when there is none. */
enum status store_sponsor_get(struct db *db, const char *kvk,
                              store_sponsor_fn fn, void *ctx);
/* Sponsors ordered by name and KvK number: only the one with kvk when kvk
 * is not "", only those whose name contains q (case-insensitive for ASCII)
 * when q is not ""; at most limit. */
enum status store_sponsor_each(struct db *db, const char *kvk, const char *q,
                               int limit, store_sponsor_fn fn, void *ctx);
/* A sponsor first seen in the snapshot of date snapshot. */
enum status store_sponsor_insert(struct db *db, const char *kvk,
                                 const char *name, const char *snapshot);
/* Another snapshot listed the sponsor, under name. */
enum status store_sponsor_seen(struct db *db, const char *kvk, const char *name,
                               const char *snapshot);
/* Recomputes a sponsor's categories and recognised flag from its current
 * recognition per category. */
enum status store_sponsor_refresh(struct db *db, const char *kvk);

/* Whether kvk is recognised in category now: *recognised (out), or
 * STATUS_NOT_FOUND when it never was. */
enum status store_sponsor_category_get(struct db *db, const char *kvk,
                                       const char *category, bool *recognised);
/* Whether kvk was recognised in category on date (YYYY-MM-DD), as the
 * last register snapshot at or before that date says: *recognised (out),
 * false when no snapshot by then listed it. */
enum status store_sponsor_recognised_on(struct db *db, const char *kvk,
                                        const char *category, const char *date,
                                        bool *recognised);
/* Sets the recognition of kvk in category, seen by import_id; since is the
 * snapshot date of a change (kept as it was when recognised is unchanged
 * and changed is false). */
enum status store_sponsor_category_set(struct db *db, const char *kvk,
                                       const char *category, bool recognised,
                                       bool changed, const char *since,
                                       int64_t import_id);
/* How many sponsors are recognised in category now (out). */
enum status store_sponsor_category_recognised_count(struct db *db,
                                                    const char *category,
                                                    int64_t *out);
/* Every sponsor recognised in category that import_id did not list:
 * fn(ctx, kvk, name). */
enum status store_sponsor_category_unseen_each(
    struct db *db, const char *category, int64_t import_id,
    enum status (*fn)(void *ctx, const char *kvk, const char *name), void *ctx);

struct store_sponsor_change {
    const char *kvk;
    const char *category; /* NULL for a rename */
    const char *change;   /* "added", "removed" or "renamed" */
    bool recognised;
    const char *name;
    const char *old_name; /* renames; NULL otherwise */
    const char *snapshot_date;
    int64_t import_id;
};

enum status store_sponsor_change_add(struct db *db,
                                     const struct store_sponsor_change *in);
/* The history of kvk, oldest first. */
enum status store_sponsor_change_each(
    struct db *db, const char *kvk,
    enum status (*fn)(void *ctx, const struct store_sponsor_change *row),
    void *ctx);

#endif
