/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the newcomers. */
#include "store/newcomers.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "store/floor.h"
#include "store/personal_data.h"
#include "store/rows.h"
#include "util/buf.h"
#include "util/clock.h"

/* A number sealed for its field with its search hash; empty strings when
 * there is no number. */
struct newcomer_sealed {
    char sealed[SEALED_TEXT_MAX];
    char hash[SEALED_HASH_TEXT];
};

static enum status
newcomer_seal(const struct sealed_key *key, const char *field, const char *kind,
              const char *value, struct newcomer_sealed *out)
{
    enum status s;

    out->sealed[0] = '\0';
    out->hash[0] = '\0';
    if (value == NULL) {
        return STATUS_OK;
    }
    s = sealed_seal(key, field, value, out->sealed);
    if (s == STATUS_OK) {
        s = sealed_hash(key, kind, value, out->hash);
    }
    return s;
}

/* Seals both numbers of in and records the key as one in use. */
static enum status
newcomer_seal_both(struct db *db, const struct sealed_key *key,
                   const struct store_newcomer *in,
                   struct newcomer_sealed *travel,
                   struct newcomer_sealed *v_number)
{
    enum status s;

    s = newcomer_seal(key, STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD,
                      SEALED_KIND_TRAVEL_DOCUMENT, in->travel_document, travel);
    if (s == STATUS_OK) {
        s = newcomer_seal(key, STORE_NEWCOMER_V_NUMBER_FIELD,
                          SEALED_KIND_V_NUMBER, in->v_number, v_number);
    }
    if (s == STATUS_OK &&
        (in->travel_document != NULL || in->v_number != NULL)) {
        s = store_personal_data_key_use(db, key);
    }
    return s;
}

/* Binds text, or NULL for NULL and "". */
static void
newcomer_bind_opt(struct db_stmt *st, int n, const char *v)
{
    db_bind_text(st, n, v != NULL && v[0] != '\0' ? v : NULL);
}

/* Binds the person's fields of in to $first.. in the order of the
 * columns given_names .. language. */
static void
newcomer_bind_person(struct db_stmt *st, int first,
                     const struct store_newcomer *in)
{
    db_bind_text(st, first, in->given_names);
    db_bind_text(st, first + 1, in->surname);
    db_bind_text(st, first + 2, in->birth_date);
    db_bind_text(st, first + 3, in->nationality);
    db_bind_text(st, first + 4, in->category);
    newcomer_bind_opt(st, first + 5, in->expected_arrival);
    newcomer_bind_opt(st, first + 6, in->postcode);
    newcomer_bind_opt(st, first + 7, in->house_number);
    db_bind_text(st, first + 8, in->email ? in->email : "");
    db_bind_text(st, first + 9, in->language ? in->language : "en");
}

enum status
store_newcomer_insert(struct db *db, const struct sealed_key *key,
                      const struct store_newcomer *in, int64_t *id)
{
    struct newcomer_sealed travel;
    struct newcomer_sealed v_number;
    struct db_stmt *st = NULL;
    char key_id[SEALED_KEY_ID_TEXT];
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = newcomer_seal_both(db, key, in, &travel, &v_number);
    if (s == STATUS_OK) {
        s = db_prepare(
            db,
            "INSERT INTO newcomers (sponsor_kvk, principal_id, given_names, "
            "surname, birth_date, nationality, category, expected_arrival, "
            "postcode, house_number, email, language, "
            "travel_document_sealed, travel_document_hash, v_number_sealed, "
            "v_number_hash, key_id, created_by, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
            "$14, $15, $16, $17, $18, $19, $19) RETURNING id",
            &st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, key_id);
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, in->sponsor_kvk);
    rows_bind_ref(st, 2, in->principal_id);
    newcomer_bind_person(st, 3, in);
    newcomer_bind_opt(st, 13, travel.sealed);
    newcomer_bind_opt(st, 14, travel.hash);
    newcomer_bind_opt(st, 15, v_number.sealed);
    newcomer_bind_opt(st, 16, v_number.hash);
    newcomer_bind_opt(st, 17,
                      travel.sealed[0] || v_number.sealed[0] ? key_id : NULL);
    rows_bind_ref(st, 18, in->created_by);
    db_bind_text(st, 19, now);
    return rows_returning_id(st, id);
}

enum status
store_newcomer_update(struct db *db, const struct sealed_key *key, int64_t id,
                      const struct store_newcomer *in, unsigned int keep)
{
    struct newcomer_sealed travel;
    struct newcomer_sealed v_number;
    struct db_stmt *st = NULL;
    char key_id[SEALED_KEY_ID_TEXT];
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = newcomer_seal_both(db, key, in, &travel, &v_number);
    if (s == STATUS_OK) {
        /* $16 and $17 say which numbers stay as they are. key_id names the
         * key of the newest sealing; every key used is recorded. */
        s = db_prepare(
            db,
            "UPDATE newcomers SET given_names = $2, surname = $3, "
            "birth_date = $4, nationality = $5, category = $6, "
            "expected_arrival = $7, postcode = $8, house_number = $9, "
            "email = $10, language = $11, "
            "travel_document_sealed = CASE WHEN $16 = 1 "
            "THEN travel_document_sealed ELSE $12 END, "
            "travel_document_hash = CASE WHEN $16 = 1 "
            "THEN travel_document_hash ELSE $13 END, "
            "v_number_sealed = CASE WHEN $17 = 1 "
            "THEN v_number_sealed ELSE $14 END, "
            "v_number_hash = CASE WHEN $17 = 1 THEN v_number_hash ELSE $15 "
            "END, key_id = COALESCE($18, key_id), updated_at = $19 "
            "WHERE id = $1 RETURNING id",
            &st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, key_id);
    clock_format_utc(clock_now(), now);
    db_bind_int(st, 1, id);
    newcomer_bind_person(st, 2, in);
    newcomer_bind_opt(st, 12, travel.sealed);
    newcomer_bind_opt(st, 13, travel.hash);
    newcomer_bind_opt(st, 14, v_number.sealed);
    newcomer_bind_opt(st, 15, v_number.hash);
    db_bind_int(st, 16, (keep & STORE_NEWCOMER_KEEP_TRAVEL_DOCUMENT) ? 1 : 0);
    db_bind_int(st, 17, (keep & STORE_NEWCOMER_KEEP_V_NUMBER) ? 1 : 0);
    newcomer_bind_opt(st, 18,
                      travel.sealed[0] || v_number.sealed[0] ? key_id : NULL);
    db_bind_text(st, 19, now);
    return rows_returning_id(st, NULL);
}

enum status
store_newcomer_delete(struct db *db, int64_t id, const char *today)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*) FROM bookings WHERE newcomer_id IN "
                   "(SELECT id FROM newcomers WHERE id = $1 OR "
                   "principal_id = $1) AND status = 'booked' AND "
                   "visit_date >= $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, today);
    s = db_step(st, &row);
    if (s == STATUS_OK && row && db_column_int(st, 0) > 0) {
        s = STATUS_CONFLICT;
    }
    (void)db_run(st);
    if (s == STATUS_OK) {
        s = db_prepare(db,
                       "UPDATE bookings SET newcomer_id = NULL WHERE "
                       "newcomer_id IN (SELECT id FROM newcomers WHERE "
                       "id = $1 OR principal_id = $1)",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_int(st, 1, id);
        s = db_run(st);
    }
    if (s == STATUS_OK) {
        s = db_prepare(db, "DELETE FROM newcomers WHERE principal_id = $1",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_int(st, 1, id);
        s = db_run(st);
    }
    if (s == STATUS_OK) {
        s = db_prepare(db, "DELETE FROM newcomers WHERE id = $1 RETURNING id",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_int(st, 1, id);
        s = rows_returning_id(st, NULL);
    }
    return s;
}

#define NEWCOMER_COLUMNS                                                       \
    "id, sponsor_kvk, COALESCE(principal_id, 0), given_names, surname, "       \
    "birth_date, nationality, category, expected_arrival, postcode, "          \
    "house_number, email, language, travel_document_sealed, "                  \
    "v_number_sealed, COALESCE(created_by, 0), created_at, updated_at"

/* A column that may be NULL: NULL then, borrowed text otherwise. */
static const char *
newcomer_column_opt(struct db_stmt *st, int col)
{
    return db_column_is_null(st, col) ? NULL : db_column_text(st, col);
}

struct newcomer_visit {
    store_newcomer_fn fn;
    void *ctx;
};

static enum status
newcomer_read(struct db_stmt *st, void *ctx)
{
    struct newcomer_visit *v = ctx;
    struct store_newcomer row = {0};

    row.id = db_column_int(st, 0);
    row.sponsor_kvk = db_column_text(st, 1);
    row.principal_id = db_column_int(st, 2);
    row.given_names = db_column_text(st, 3);
    row.surname = db_column_text(st, 4);
    row.birth_date = db_column_text(st, 5);
    row.nationality = db_column_text(st, 6);
    row.category = db_column_text(st, 7);
    row.expected_arrival = newcomer_column_opt(st, 8);
    row.postcode = newcomer_column_opt(st, 9);
    row.house_number = newcomer_column_opt(st, 10);
    row.email = db_column_text(st, 11);
    row.language = db_column_text(st, 12);
    row.travel_document_sealed = newcomer_column_opt(st, 13);
    row.v_number_sealed = newcomer_column_opt(st, 14);
    row.created_by = db_column_int(st, 15);
    row.created_at = db_column_text(st, 16);
    row.updated_at = db_column_text(st, 17);
    return v->fn(v->ctx, &row);
}

enum status
store_newcomer_get(struct db *db, int64_t id, store_newcomer_fn fn, void *ctx)
{
    struct newcomer_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(
        db, "SELECT " NEWCOMER_COLUMNS " FROM newcomers WHERE id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    s = rows_each(st, newcomer_read, &v, &count);
    return s == STATUS_OK && count == 0 ? STATUS_NOT_FOUND : s;
}

enum status
store_newcomer_each(struct db *db, const struct store_newcomer_query *q,
                    store_newcomer_fn fn, void *ctx)
{
    struct newcomer_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    const char *text = q->q ? q->q : "";
    struct buf pattern;
    size_t count = 0;
    enum status s;

    /* The text is matched literally: LIKE's wildcards in it are escaped. */
    buf_init(&pattern, 0);
    s = buf_append_str(&pattern, "%");
    for (const char *p = text; s == STATUS_OK && *p != '\0'; p++) {
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
                       "SELECT " NEWCOMER_COLUMNS " FROM newcomers "
                       "WHERE ($1 = '' OR sponsor_kvk = $1) "
                       "AND ($2 = '' OR lower(given_names || ' ' || surname) "
                       "LIKE lower($3) ESCAPE '!') "
                       "AND ($4 = '' OR travel_document_hash = $4) "
                       "AND ($5 = 0 OR principal_id = $5) "
                       "ORDER BY surname, given_names, id LIMIT $6",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_text(st, 1, q->sponsor_kvk ? q->sponsor_kvk : "");
        db_bind_text(st, 2, text);
        db_bind_text(st, 3, pattern.data);
        db_bind_text(st, 4,
                     q->travel_document_hash ? q->travel_document_hash : "");
        db_bind_int(st, 5, q->principal_id);
        db_bind_int(st, 6, q->limit);
        s = rows_each(st, newcomer_read, &v, &count);
    }
    buf_clear(&pattern);
    return s;
}

/* A newcomer's booked bookings read for its progress, newest first. */
struct newcomer_bookings {
    int64_t ids[STORE_NEWCOMER_PROGRESS_BOOKINGS];
    int n;
    struct store_newcomer_progress *out;
};

static enum status
newcomer_booking_read(struct db_stmt *st, void *ctx)
{
    struct newcomer_bookings *b = ctx;

    if (b->n == 0) {
        b->out->booked = true;
        snprintf(b->out->booking_code, sizeof b->out->booking_code, "%s",
                 db_column_text(st, 1));
        snprintf(b->out->visit_date, sizeof b->out->visit_date, "%s",
                 db_column_text(st, 2));
    }
    if (b->n < STORE_NEWCOMER_PROGRESS_BOOKINGS) {
        b->ids[b->n++] = db_column_int(st, 0);
    }
    return STATUS_OK;
}

enum status
store_newcomer_progress(struct db *db, int64_t id,
                        struct store_newcomer_progress *out)
{
    struct newcomer_bookings b = {.n = 0, .out = out};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    memset(out, 0, sizeof *out);
    s = db_prepare(db,
                   "SELECT id, code, visit_date FROM bookings "
                   "WHERE newcomer_id = $1 AND status = 'booked' "
                   "ORDER BY visit_date DESC, id DESC LIMIT $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, STORE_NEWCOMER_PROGRESS_BOOKINGS);
    s = rows_each(st, newcomer_booking_read, &b, &count);
    /* A step done on any visit counts: the BSN issued on the first, the
     * document collected on a later one. */
    for (int i = 0; s == STATUS_OK && i < b.n; i++) {
        struct store_floor_progress floor;
        s = store_floor_booking_progress(db, b.ids[i], &floor);
        if (s == STATUS_OK) {
            out->checked_in = out->checked_in || floor.checked_in;
            out->bsn_issued = out->bsn_issued || floor.bsn_issued;
            out->document_collected =
                out->document_collected || floor.document_collected;
        }
    }
    return s;
}
