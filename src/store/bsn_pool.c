/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the BSN pool. */
#include "store/bsn_pool.h"

#include <string.h>

#include "db/db.h"
#include "store/personal_data.h"
#include "util/clock.h"
#include "util/crypto.h"
#include "util/log.h"

/* Printable ASCII of at most max bytes (empty allowed). */
static bool
bsn_pool_reference_ok(const char *s, size_t max)
{
    size_t len;

    if (s == NULL) {
        return false;
    }
    len = strnlen(s, max + 1);
    if (len > max) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x20 || s[i] > 0x7e) {
            return false;
        }
    }
    return true;
}

/* Inserts one checked number unless it is there: *added tells which. */
static enum status
bsn_pool_insert(struct db *db, const struct sealed_key *key, const char *bsn,
                const char *batch, int64_t *id, bool *added)
{
    struct db_stmt *st = NULL;
    char sealed[SEALED_TEXT_MAX];
    char hash[SEALED_HASH_TEXT];
    char key_id[SEALED_KEY_ID_TEXT];
    char now[CLOCK_ISO_TEXT];
    bool row = false;
    enum status s;

    s = sealed_seal(key, STORE_BSN_POOL_FIELD, bsn, sealed);
    if (s == STATUS_OK) {
        s = sealed_hash(key, SEALED_KIND_BSN, bsn, hash);
    }
    if (s == STATUS_OK) {
        s = store_personal_data_key_use(db, key);
    }
    if (s == STATUS_OK) {
        /* ON CONFLICT rather than a failing INSERT: in PostgreSQL an error
         * would abort the whole transaction of an import. */
        s = db_prepare(db,
                       "INSERT INTO bsn_pool (bsn_sealed, bsn_hash, key_id, "
                       "batch, added_at) VALUES ($1, $2, $3, $4, $5) "
                       "ON CONFLICT (bsn_hash) DO NOTHING RETURNING id",
                       &st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, key_id);
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, sealed);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, key_id);
    db_bind_text(st, 4, batch);
    db_bind_text(st, 5, now);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *id = db_column_int(st, 0);
    }
    if (s == STATUS_OK) {
        s = db_run(st);
    } else {
        (void)db_run(st);
    }
    if (s == STATUS_OK) {
        *added = row;
    }
    return s;
}

struct bsn_pool_add_tx {
    const struct sealed_key *key;
    const char *bsn;
    const char *batch;
    int64_t id;
};

static enum status
bsn_pool_add_tx(struct db *db, void *ctx)
{
    struct bsn_pool_add_tx *tx = ctx;
    bool added = false;
    enum status s;

    s = bsn_pool_insert(db, tx->key, tx->bsn, tx->batch, &tx->id, &added);
    if (s == STATUS_OK && !added) {
        s = STATUS_CONFLICT;
    }
    return s;
}

enum status
store_bsn_pool_add(struct db *db, const struct sealed_key *key, const char *bsn,
                   const char *batch, int64_t *id)
{
    struct bsn_pool_add_tx tx = {key, bsn, batch ? batch : "", 0};
    enum status s;

    if (!bsn_valid(bsn) ||
        !bsn_pool_reference_ok(tx.batch, STORE_BSN_BATCH_MAX)) {
        return STATUS_INPUT;
    }
    s = db_transaction(db, bsn_pool_add_tx, &tx);
    if (s == STATUS_OK) {
        *id = tx.id;
    }
    return s;
}

struct bsn_pool_import_tx {
    const struct sealed_key *key;
    const char *text;
    size_t len;
    const char *batch;
    struct store_bsn_import_report *report;
};

static enum status
bsn_pool_import_tx(struct db *db, void *ctx)
{
    struct bsn_pool_import_tx *tx = ctx;
    char bsn[BSN_TEXT];
    enum bsn_error why = BSN_OK;
    size_t pos = 0;
    size_t line = 0;
    enum status s = STATUS_OK;

    /* A retried transaction counts again from nothing. */
    tx->report->added = 0;
    tx->report->already = 0;
    while (s == STATUS_OK && bsn_list_next(tx->text, tx->len, &pos, &line, bsn,
                                           &why) == BSN_LIST_NUMBER) {
        int64_t id = 0;
        bool added = false;

        s = bsn_pool_insert(db, tx->key, bsn, tx->batch, &id, &added);
        if (s == STATUS_OK) {
            if (added) {
                tx->report->added++;
            } else {
                tx->report->already++;
            }
        }
    }
    crypto_wipe(bsn, sizeof bsn);
    return s;
}

enum status
store_bsn_pool_import(struct db *db, const struct sealed_key *key,
                      const char *text, size_t len, const char *batch,
                      struct store_bsn_import_report *report)
{
    struct bsn_pool_import_tx tx = {key, text, len, batch ? batch : "", report};
    char bsn[BSN_TEXT];
    enum bsn_error why = BSN_OK;
    enum bsn_list_result r;
    size_t pos = 0;
    size_t line = 0;
    enum status s;

    memset(report, 0, sizeof *report);
    if ((text == NULL && len > 0) || len > STORE_BSN_IMPORT_MAX ||
        !bsn_pool_reference_ok(tx.batch, STORE_BSN_BATCH_MAX)) {
        return STATUS_INPUT;
    }
    /* Check every line before touching the pool: a bad list changes
     * nothing. */
    while ((r = bsn_list_next(text, len, &pos, &line, bsn, &why)) !=
           BSN_LIST_END) {
        if (r == BSN_LIST_BAD_LINE) {
            if (report->bad < STORE_BSN_IMPORT_BAD_MAX) {
                report->bad_lines[report->bad].line = line;
                report->bad_lines[report->bad].why = why;
            }
            report->bad++;
        }
    }
    crypto_wipe(bsn, sizeof bsn);
    if (report->bad > 0) {
        return STATUS_INPUT;
    }
    s = db_transaction(db, bsn_pool_import_tx, &tx);
    if (s != STATUS_OK) {
        report->added = 0;
        report->already = 0;
    }
    return s;
}

struct bsn_pool_issue_tx {
    const struct sealed_key *key;
    int64_t issued_by;
    const char *issued_for;
    struct store_bsn_issued *out;
};

/* Unused numbers left: the first half of store_bsn_pool_count. */
static enum status
bsn_pool_unused(struct db *db, int64_t *unused)
{
    int64_t issued = 0;
    return store_bsn_pool_count(db, unused, &issued);
}

static enum status
bsn_pool_issue_tx(struct db *db, void *ctx)
{
    struct bsn_pool_issue_tx *tx = ctx;
    struct db_stmt *st = NULL;
    char sealed[SEALED_TEXT_MAX] = "";
    char row_key[SEALED_KEY_ID_TEXT] = "";
    char our_key[SEALED_KEY_ID_TEXT];
    char plain[SEALED_VALUE_MAX + 1];
    char now[CLOCK_ISO_TEXT];
    int64_t id = 0;
    bool row = false;
    enum status s;

    /* One statement takes the oldest unused number. "AND issued_at IS
     * NULL" is what makes it safe: in PostgreSQL a concurrent transaction
     * that picked the same row re-checks it after the first commits and
     * updates nothing (answered below with STATUS_RETRY); in SQLite writers
     * are serialised by BEGIN IMMEDIATE. */
    s = db_prepare(db,
                   "UPDATE bsn_pool SET issued_at = $1, issued_by = $2, "
                   "issued_for = $3 "
                   "WHERE id = (SELECT id FROM bsn_pool "
                   "WHERE issued_at IS NULL ORDER BY id LIMIT 1) "
                   "AND issued_at IS NULL "
                   "RETURNING id, bsn_sealed, key_id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, now);
    if (tx->issued_by > 0) {
        db_bind_int(st, 2, tx->issued_by);
    } else {
        db_bind_null(st, 2);
    }
    db_bind_text(st, 3, tx->issued_for);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        const char *text = db_column_text(st, 1);
        const char *kid = db_column_text(st, 2);

        id = db_column_int(st, 0);
        if (strlen(text) >= sizeof sealed || strlen(kid) >= sizeof row_key) {
            s = STATUS_INTERNAL;
        } else {
            memcpy(sealed, text, strlen(text) + 1);
            memcpy(row_key, kid, strlen(kid) + 1);
        }
    }
    if (s == STATUS_OK) {
        s = db_run(st);
    } else {
        (void)db_run(st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    if (!row) {
        int64_t unused = 0;
        s = bsn_pool_unused(db, &unused);
        if (s != STATUS_OK) {
            return s;
        }
        return unused > 0 ? STATUS_RETRY : STATUS_NOT_FOUND;
    }
    sealed_key_id(tx->key, our_key);
    if (strcmp(row_key, our_key) != 0) {
        LOG_ERROR("BSN pool number %lld was sealed with key %s, but the key "
                  "file holds key %s: is it the right key file?",
                  (long long)id, row_key, our_key);
        return STATUS_INTERNAL;
    }
    s = sealed_open(tx->key, STORE_BSN_POOL_FIELD, sealed, plain);
    if (s != STATUS_OK || !bsn_valid(plain)) {
        LOG_ERROR("BSN pool number %lld does not open with key %s (%s)",
                  (long long)id, our_key, status_name(s));
        crypto_wipe(plain, sizeof plain);
        return STATUS_INTERNAL;
    }
    s = bsn_pool_unused(db, &tx->out->remaining);
    if (s == STATUS_OK) {
        tx->out->pool_id = id;
        memcpy(tx->out->bsn, plain, BSN_TEXT);
    }
    crypto_wipe(plain, sizeof plain);
    return s;
}

enum status
store_bsn_pool_issue(struct db *db, const struct sealed_key *key,
                     int64_t issued_by, const char *issued_for,
                     int low_threshold, struct store_bsn_issued *out)
{
    struct store_bsn_issued got = {0};
    struct bsn_pool_issue_tx tx = {key, issued_by, issued_for ? issued_for : "",
                                   &got};
    enum status s;

    if (!bsn_pool_reference_ok(tx.issued_for, STORE_BSN_FOR_MAX)) {
        return STATUS_INPUT;
    }
    s = db_transaction(db, bsn_pool_issue_tx, &tx);
    if (s == STATUS_NOT_FOUND) {
        LOG_WARN("BSN pool is empty: no number can be issued from it; ask "
                 "the municipality for a new allocation");
    }
    if (s != STATUS_OK) {
        crypto_wipe(&got, sizeof got);
        return s;
    }
    got.level = bsn_pool_level(got.remaining, low_threshold);
    if (got.level != BSN_POOL_OK) {
        LOG_WARN("BSN pool is running low: %lld unused numbers left "
                 "(warning below %d); ask the municipality for more",
                 (long long)got.remaining, low_threshold);
    }
    *out = got;
    crypto_wipe(&got, sizeof got);
    return STATUS_OK;
}

enum status
store_bsn_pool_find(struct db *db, const struct sealed_key *key,
                    const char *bsn, int64_t *id, bool *issued)
{
    struct db_stmt *st = NULL;
    char hash[SEALED_HASH_TEXT];
    bool row = false;
    enum status s;

    if (!bsn_valid(bsn)) {
        return STATUS_INPUT;
    }
    s = sealed_hash(key, SEALED_KIND_BSN, bsn, hash);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_prepare(db,
                   "SELECT id, CASE WHEN issued_at IS NULL THEN 0 ELSE 1 END "
                   "FROM bsn_pool "
                   "WHERE bsn_hash = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, hash);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *id = db_column_int(st, 0);
        if (issued != NULL) {
            *issued = db_column_int(st, 1) != 0;
        }
    }
    (void)db_run(st);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

enum status
store_bsn_pool_count(struct db *db, int64_t *unused, int64_t *issued)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT COALESCE(SUM(CASE WHEN issued_at IS NULL "
                   "THEN 1 ELSE 0 END), 0), "
                   "COALESCE(SUM(CASE WHEN issued_at IS NULL "
                   "THEN 0 ELSE 1 END), 0) FROM bsn_pool",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        *unused = db_column_int(st, 0);
        *issued = db_column_int(st, 1);
    }
    (void)db_run(st);
    return s == STATUS_OK && !row ? STATUS_INTERNAL : s;
}
