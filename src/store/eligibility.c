/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of eligibility rules, booking answers and document checks, written
 * once for SQLite and PostgreSQL. */
#include "store/eligibility.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "store/rows.h"

struct rule_visit {
    store_rule_fn fn;
    void *ctx;
};

static enum status
rule_read(struct db_stmt *st, void *ctx)
{
    struct rule_visit *v = ctx;
    struct store_rule_row row = {
        .service_code = db_column_text(st, 0),
        .rule_position = (int)db_column_int(st, 1),
        .kind = db_column_text(st, 2),
        .value = db_column_is_null(st, 3) ? NULL : db_column_text(st, 3),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_rule_each(struct db *db, const char *only_code, store_rule_fn fn,
                void *ctx)
{
    struct rule_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT s.code, r.position, r.kind, v.value "
                   "FROM service_rules r "
                   "JOIN services s ON s.id = r.service_id "
                   "LEFT JOIN service_rule_values v ON v.rule_id = r.id "
                   "WHERE $1 IS NULL OR s.code = $1 "
                   "ORDER BY s.id, r.position, v.position",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    if (only_code != NULL) {
        db_bind_text(st, 1, only_code);
    } else {
        db_bind_null(st, 1);
    }
    return rows_each(st, rule_read, &v, &count);
}

enum status
store_rule_set(struct db *db, int64_t service_id,
               const struct store_rule *rules, size_t n)
{
    struct db_stmt *st = NULL;
    enum status s;

    /* The values go with their rules (ON DELETE CASCADE). */
    s = db_prepare(db,
                   "DELETE FROM service_rule_values WHERE rule_id IN "
                   "(SELECT id FROM service_rules WHERE service_id = $1)",
                   &st);
    if (s == STATUS_OK) {
        db_bind_int(st, 1, service_id);
        s = db_run(st);
    }
    if (s == STATUS_OK) {
        s = db_prepare(db, "DELETE FROM service_rules WHERE service_id = $1",
                       &st);
    }
    if (s == STATUS_OK) {
        db_bind_int(st, 1, service_id);
        s = db_run(st);
    }
    for (size_t i = 0; s == STATUS_OK && i < n; i++) {
        int64_t rule_id = 0;
        s = db_prepare(db,
                       "INSERT INTO service_rules (service_id, position, "
                       "kind) VALUES ($1, $2, $3) RETURNING id",
                       &st);
        if (s != STATUS_OK) {
            break;
        }
        db_bind_int(st, 1, service_id);
        db_bind_int(st, 2, (int64_t)i + 1);
        db_bind_text(st, 3, rules[i].kind);
        s = rows_returning_id(st, &rule_id);
        for (size_t j = 0; s == STATUS_OK && j < rules[i].n_values; j++) {
            s = db_prepare(db,
                           "INSERT INTO service_rule_values (rule_id, "
                           "position, value) VALUES ($1, $2, $3)",
                           &st);
            if (s == STATUS_OK) {
                db_bind_int(st, 1, rule_id);
                db_bind_int(st, 2, (int64_t)j + 1);
                db_bind_text(st, 3, rules[i].values[j]);
                s = db_run(st);
            }
        }
    }
    return s;
}

enum status
store_rule_has(struct db *db, int64_t service_id, const char *kind, bool *has)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT 1 FROM service_rules WHERE service_id = $1 AND "
                   "kind = $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, service_id);
    db_bind_text(st, 2, kind);
    s = db_step(st, &row);
    (void)db_run(st);
    if (s == STATUS_OK) {
        *has = row;
    }
    return s;
}

static void
answers_bind(struct db_stmt *st, int n, const char *value)
{
    if (value != NULL && value[0] != '\0') {
        db_bind_text(st, n, value);
    } else {
        db_bind_null(st, n);
    }
}

enum status
store_booking_answers_set(struct db *db, int64_t booking_id,
                          const char *sponsor_kvk, const char *municipality,
                          const char *letter_location)
{
    struct db_stmt *st = NULL;
    enum status s;

    if ((sponsor_kvk == NULL || sponsor_kvk[0] == '\0') &&
        (municipality == NULL || municipality[0] == '\0') &&
        (letter_location == NULL || letter_location[0] == '\0')) {
        return STATUS_OK;
    }
    s = db_prepare(db,
                   "INSERT INTO booking_eligibility (booking_id, "
                   "sponsor_kvk, residence_municipality, "
                   "ind_letter_location) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (booking_id) DO UPDATE SET "
                   "sponsor_kvk = excluded.sponsor_kvk, "
                   "residence_municipality = excluded.residence_municipality, "
                   "ind_letter_location = excluded.ind_letter_location",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    answers_bind(st, 2, sponsor_kvk);
    answers_bind(st, 3, municipality);
    answers_bind(st, 4, letter_location);
    return db_run(st);
}

static void
answers_copy(struct db_stmt *st, int col, char *out, size_t size)
{
    snprintf(out, size, "%s",
             db_column_is_null(st, col) ? "" : db_column_text(st, col));
}

enum status
store_booking_answers_get(struct db *db, int64_t booking_id,
                          struct store_booking_answers *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    memset(out, 0, sizeof *out);
    s = db_prepare(db,
                   "SELECT sponsor_kvk, residence_municipality, "
                   "ind_letter_location FROM booking_eligibility "
                   "WHERE booking_id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        answers_copy(st, 0, out->sponsor_kvk, sizeof out->sponsor_kvk);
        answers_copy(st, 1, out->municipality, sizeof out->municipality);
        answers_copy(st, 2, out->letter_location, sizeof out->letter_location);
    }
    (void)db_run(st);
    return s;
}

struct check_visit {
    store_document_check_fn fn;
    void *ctx;
};

static enum status
check_read(struct db_stmt *st, void *ctx)
{
    struct check_visit *v = ctx;
    struct store_document_check row = {
        .person = (int)db_column_int(st, 0),
        .service_code = db_column_text(st, 1),
        .position = (int)db_column_int(st, 2),
        .checked_by = db_column_text(st, 3),
        .checked_at = db_column_text(st, 4),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_document_check_each(struct db *db, int64_t booking_id,
                          store_document_check_fn fn, void *ctx)
{
    struct check_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT c.person, s.code, c.position, u.username, "
                   "c.checked_at FROM booking_document_checks c "
                   "JOIN services s ON s.id = c.service_id "
                   "JOIN users u ON u.id = c.checked_by "
                   "WHERE c.booking_id = $1 "
                   "ORDER BY c.person, s.id, c.position",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    return rows_each(st, check_read, &v, &count);
}

enum status
store_document_check_set(struct db *db, int64_t booking_id, int person,
                         int64_t service_id, int position, bool checked,
                         int64_t user_id, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    if (checked) {
        s = db_prepare(db,
                       "INSERT INTO booking_document_checks (booking_id, "
                       "person, service_id, position, checked_by, "
                       "checked_at) VALUES ($1, $2, $3, $4, $5, $6) "
                       "ON CONFLICT DO NOTHING",
                       &st);
    } else {
        s = db_prepare(db,
                       "DELETE FROM booking_document_checks WHERE "
                       "booking_id = $1 AND person = $2 AND "
                       "service_id = $3 AND position = $4",
                       &st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    db_bind_int(st, 2, person);
    db_bind_int(st, 3, service_id);
    db_bind_int(st, 4, position);
    if (checked) {
        db_bind_int(st, 5, user_id);
        db_bind_text(st, 6, now);
    }
    return db_run(st);
}
