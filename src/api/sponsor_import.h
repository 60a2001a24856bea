/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Importing a snapshot of the IND register of recognised sponsors, shared
 * by the API, the `onestop import-sponsors` command and `onestop demo`, so
 * that all three apply the same rules: parse the whole file first (a bad
 * file changes nothing), then, in one transaction, add the sponsors that
 * are new, end the recognition of those the snapshot no longer lists (in
 * the categories it covers), record new names, and keep the history with
 * the snapshot's date. Importing the same snapshot again changes nothing. */
#ifndef ONESTOP_API_SPONSOR_IMPORT_H
#define ONESTOP_API_SPONSOR_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sponsor_register.h"
#include "util/status.h"

struct db;

/* Changes listed in a JSON report; the counts always cover them all. */
#define SPONSOR_REPORT_LIST_MAX 1000

/* The guard against a snapshot that is not the whole register (a page of a
 * register split over pages, a file cut short): a snapshot that would end
 * the recognition of more than SPONSOR_DROP_PERCENT per cent of a
 * category's recognised sponsors, and of more than SPONSOR_DROP_MIN of
 * them, is refused unless the caller confirms it (allow_large_drop). The
 * real register changes by a few per cent from one month to the next. */
#define SPONSOR_DROP_PERCENT 20
#define SPONSOR_DROP_MIN 10

enum sponsor_format {
    SPONSOR_FORMAT_HTML,
    SPONSOR_FORMAT_CSV,
};

struct sponsor_import_input {
    const char *data; /* the file, len bytes */
    size_t len;
    enum sponsor_format format;
    /* HTML pages are of one category: required. CSV: every row must be of
     * this category (and a file without a category column is); without
     * it, the file's rows name their categories. */
    bool has_category;
    enum sponsor_category category;
    const char *snapshot;  /* YYYY-MM-DD, the register's date */
    const char *file_name; /* as recorded */
    const char *actor;     /* who imports: a username, "cli", "demo" */
    bool allow_large_drop; /* confirmed: see SPONSOR_DROP_PERCENT */
};

struct sponsor_change {
    char kvk[SPONSOR_KVK_LEN + 1];
    enum sponsor_category category; /* added and removed */
    char *name;
    char *old_name; /* renamed */
};

struct sponsor_change_list {
    struct sponsor_change *items;
    size_t n;
    size_t cap;
};

/* What an import did. Initialise with sponsor_report_init, free with
 * sponsor_report_clear. */
struct sponsor_report {
    int64_t import_id;
    char snapshot[11];
    bool categories[SPONSOR_CATEGORY_COUNT]; /* covered by the snapshot */
    size_t entries;                          /* rows in the file */
    size_t unchanged;                        /* rows that changed nothing */
    struct sponsor_change_list added;
    struct sponsor_change_list removed;
    struct sponsor_change_list renamed;
    /* set on STATUS_CONFLICT: the category and its newer snapshot */
    enum sponsor_category newer_category;
    char newer_snapshot[11];
    /* set on STATUS_CONFLICT instead when the snapshot would end too many
     * recognitions: the category, how many it would end of how many */
    bool large_drop;
    enum sponsor_category drop_category;
    size_t drop_removed;
    size_t drop_recognised;
};

void sponsor_report_init(struct sponsor_report *report);
void sponsor_report_clear(struct sponsor_report *report);

/* Parses in->data and imports it in one transaction. Returns STATUS_OK
 * with *report filled; STATUS_INPUT when the file is bad, with the bad
 * lines in *problems (nothing changed); STATUS_CONFLICT when the database
 * already holds a newer snapshot of a category the file covers (named in
 * report->newer_*; nothing changed) or, unconfirmed, when it would end too
 * many recognitions (report->large_drop and drop_*; nothing changed); or a
 * database failure. problems and
 * report must be initialised and empty. */
enum status sponsor_import(struct db *db, const struct sponsor_import_input *in,
                           struct sponsor_list *problems,
                           struct sponsor_report *report);

/* Imports already parsed entries inside the caller's transaction (as
 * sponsor_import does once the file is parsed). */
enum status sponsor_import_entries(struct db *db,
                                   const struct sponsor_import_input *in,
                                   const struct sponsor_list *entries,
                                   struct sponsor_report *report);

/* The demonstration register: a few dozen fictitious sponsors in all
 * categories, among them a large shared-service employer and the demo
 * employer's KvK number 12345678. Runs inside the caller's transaction. */
enum status sponsor_import_demo(struct db *db);

/* The report as JSON (new reference, NULL on NOMEM): id, snapshotDate,
 * categories, counts and the changes, at most SPONSOR_REPORT_LIST_MAX of
 * each kind (then truncated is true). */
json_t *sponsor_report_json(const struct sponsor_report *report);

#endif
