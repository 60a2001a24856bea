/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQL of bookings, legs, desk slots, groups and idempotency keys. */
#include <stdio.h>

#include "store/bookings.h"

#include "store/rows.h"

/* ---- bookings ---- */

#define BOOKING_COLUMNS                                                        \
    "b.id, b.code, b.location_id, b.visit_date, b.persons, b.status, "         \
    "b.channel, b.given_names, b.surname, b.email, b.phone, b.language, "      \
    "b.token_digest, b.group_id, b.created_by, b.created_at, b.updated_at, "   \
    "b.cancelled_at, COALESCE(b.newcomer_id, 0)"
/* How many columns BOOKING_COLUMNS names. */
#define BOOKING_COLUMN_COUNT 19

static void
booking_columns(struct db_stmt *st, int first, struct store_booking *row)
{
    row->id = db_column_int(st, first);
    row->code = db_column_text(st, first + 1);
    row->location_id = db_column_int(st, first + 2);
    row->visit_date = db_column_text(st, first + 3);
    row->persons = (int)db_column_int(st, first + 4);
    row->status = db_column_text(st, first + 5);
    row->channel = db_column_text(st, first + 6);
    row->given_names = db_column_text(st, first + 7);
    row->surname = db_column_text(st, first + 8);
    row->email = db_column_text(st, first + 9);
    row->phone = db_column_text(st, first + 10);
    row->language = db_column_text(st, first + 11);
    row->token_digest = db_column_text(st, first + 12);
    row->group_id = db_column_int(st, first + 13);
    row->created_by = db_column_int(st, first + 14);
    row->created_at = db_column_text(st, first + 15);
    row->updated_at = db_column_text(st, first + 16);
    row->cancelled_at = db_column_text(st, first + 17);
    row->newcomer_id = db_column_int(st, first + 18);
}

struct booking_visit {
    store_booking_fn fn;
    void *ctx;
};

static enum status
booking_read(struct db_stmt *st, void *ctx)
{
    struct booking_visit *v = ctx;
    struct store_booking row;

    booking_columns(st, 0, &row);
    return v->fn(v->ctx, &row);
}

enum status
store_booking_insert(struct db *db, const struct store_booking *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO bookings (code, location_id, visit_date, "
                   "persons, channel, given_names, surname, email, phone, "
                   "language, token_digest, group_id, created_by, created_at, "
                   "updated_at, newcomer_id) VALUES ($1, $2, $3, $4, $5, $6, "
                   "$7, $8, $9, $10, $11, $12, $13, $14, $14, $15) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, in->code);
    db_bind_int(st, 2, in->location_id);
    db_bind_text(st, 3, in->visit_date);
    db_bind_int(st, 4, in->persons);
    db_bind_text(st, 5, in->channel);
    db_bind_text(st, 6, in->given_names);
    db_bind_text(st, 7, in->surname);
    db_bind_text(st, 8, in->email);
    db_bind_text(st, 9, in->phone);
    db_bind_text(st, 10, in->language);
    db_bind_text(st, 11, in->token_digest);
    rows_bind_ref(st, 12, in->group_id);
    rows_bind_ref(st, 13, in->created_by);
    db_bind_text(st, 14, in->created_at);
    rows_bind_ref(st, 15, in->newcomer_id);
    return rows_returning_id(st, id);
}

/* Claims the slots [starts_at, ends_at) of a desk on a date for a leg. */
static enum status
leg_claim_slots(struct db *db, const struct store_leg *in, int slot_minutes,
                int64_t leg_id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO desk_slots (desk_id, visit_date, starts_at, "
                   "leg_id) VALUES ($1, $2, $3, $4)",
                   &st);
    for (int m = in->starts_at; s == STATUS_OK && m < in->ends_at;
         m += slot_minutes) {
        db_bind_int(st, 1, in->desk_id);
        db_bind_text(st, 2, in->visit_date);
        db_bind_int(st, 3, m);
        db_bind_int(st, 4, leg_id);
        s = db_run(st);
    }
    return s;
}

enum status
store_leg_insert(struct db *db, const struct store_leg *in, int slot_minutes,
                 int64_t *id)
{
    struct db_stmt *st = NULL;
    int64_t leg_id = 0;
    enum status s;

    if (slot_minutes <= 0) {
        return STATUS_INPUT;
    }
    s = db_prepare(db,
                   "INSERT INTO booking_legs (booking_id, position, "
                   "service_id, desk_id, visit_date, starts_at, ends_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, in->booking_id);
    db_bind_int(st, 2, in->position);
    db_bind_int(st, 3, in->service_id);
    db_bind_int(st, 4, in->desk_id);
    db_bind_text(st, 5, in->visit_date);
    db_bind_int(st, 6, in->starts_at);
    db_bind_int(st, 7, in->ends_at);
    s = rows_returning_id(st, &leg_id);
    if (s == STATUS_OK) {
        s = leg_claim_slots(db, in, slot_minutes, leg_id);
    }
    if (s == STATUS_OK && id != NULL) {
        *id = leg_id;
    }
    return s;
}

/* Frees the desk slots held by the active legs of a booking. */
static enum status
booking_free_slots(struct db *db, int64_t booking_id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "DELETE FROM desk_slots WHERE leg_id IN (SELECT id FROM "
                   "booking_legs WHERE booking_id = $1 AND released_at IS "
                   "NULL)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    return db_run(st);
}

enum status
store_booking_release_legs(struct db *db, int64_t booking_id, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = booking_free_slots(db, booking_id);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_prepare(db,
                   "UPDATE booking_legs SET released_at = $2 WHERE "
                   "booking_id = $1 AND released_at IS NULL",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    db_bind_text(st, 2, now);
    return db_run(st);
}

enum status
store_booking_refuse_checked_in(struct db *db, int64_t booking_id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db, "SELECT 1 FROM visits WHERE booking_id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    s = db_step(st, &row);
    (void)db_run(st);
    if (s == STATUS_OK && row) {
        s = STATUS_FORBIDDEN;
    }
    return s;
}

enum status
store_booking_cancel(struct db *db, int64_t booking_id, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = store_booking_refuse_checked_in(db, booking_id);
    if (s != STATUS_OK) {
        return s;
    }
    s = db_prepare(db,
                   "UPDATE bookings SET status = 'cancelled', cancelled_at = "
                   "$2, updated_at = $2 WHERE id = $1 AND status = 'booked' "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    db_bind_text(st, 2, now);
    s = rows_returning_id(st, NULL);
    if (s != STATUS_OK) {
        return s;
    }
    /* The slots become free; the legs stay as they were, so that the
     * cancelled booking still shows what it was. */
    return booking_free_slots(db, booking_id);
}

enum status
store_booking_set_token(struct db *db, int64_t booking_id,
                        const char *token_digest, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE bookings SET token_digest = $2, updated_at = $3 "
                   "WHERE id = $1 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    db_bind_text(st, 2, token_digest);
    db_bind_text(st, 3, now);
    return rows_returning_id(st, NULL);
}

enum status
store_booking_touch(struct db *db, int64_t booking_id, const char *visit_date,
                    const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE bookings SET visit_date = $2, updated_at = $3 "
                   "WHERE id = $1 AND status = 'booked' RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    db_bind_text(st, 2, visit_date);
    db_bind_text(st, 3, now);
    return rows_returning_id(st, NULL);
}

enum status
store_booking_find(struct db *db, const char *code, int64_t id,
                   store_booking_fn fn, void *ctx)
{
    struct booking_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    /* Two statements, not one with OR: each uses its index. */
    if (code != NULL) {
        s = db_prepare(db,
                       "SELECT " BOOKING_COLUMNS " FROM bookings b WHERE "
                       "b.code = $1",
                       &st);
        if (s == STATUS_OK) {
            db_bind_text(st, 1, code);
        }
    } else {
        s = db_prepare(db,
                       "SELECT " BOOKING_COLUMNS " FROM bookings b WHERE "
                       "b.id = $1",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, id);
        }
    }
    if (s != STATUS_OK) {
        return s;
    }
    s = rows_each(st, booking_read, &v, &count);
    if (s == STATUS_OK && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

enum status
store_group_bookings_each(struct db *db, int64_t group_id, store_booking_fn fn,
                          void *ctx)
{
    struct booking_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT " BOOKING_COLUMNS " FROM bookings b WHERE "
                   "b.group_id = $1 ORDER BY b.id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, group_id);
    return rows_each(st, booking_read, &v, &count);
}

/* ---- legs ---- */

#define LEG_COLUMNS                                                            \
    "l.id, l.booking_id, l.position, l.service_id, l.desk_id, l.visit_date, "  \
    "l.starts_at, l.ends_at, s.code, d.code, s.reschedule_allowed"
#define LEG_JOINS                                                              \
    "JOIN services s ON s.id = l.service_id JOIN desks d ON d.id = l.desk_id"

static void
leg_columns(struct db_stmt *st, int first, struct store_leg *row)
{
    row->id = db_column_int(st, first);
    row->booking_id = db_column_int(st, first + 1);
    row->position = (int)db_column_int(st, first + 2);
    row->service_id = db_column_int(st, first + 3);
    row->desk_id = db_column_int(st, first + 4);
    row->visit_date = db_column_text(st, first + 5);
    row->starts_at = (int)db_column_int(st, first + 6);
    row->ends_at = (int)db_column_int(st, first + 7);
    row->service_code = db_column_text(st, first + 8);
    row->desk_code = db_column_text(st, first + 9);
    row->reschedule_allowed = db_column_int(st, first + 10) != 0;
}

struct leg_visit {
    store_leg_fn fn;
    void *ctx;
};

static enum status
leg_read(struct db_stmt *st, void *ctx)
{
    struct leg_visit *v = ctx;
    struct store_leg row;

    leg_columns(st, 0, &row);
    return v->fn(v->ctx, &row);
}

enum status
store_booking_legs_each(struct db *db, int64_t booking_id, store_leg_fn fn,
                        void *ctx)
{
    struct leg_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT " LEG_COLUMNS " FROM booking_legs l " LEG_JOINS
                   " WHERE l.booking_id = $1 AND l.released_at IS NULL "
                   "ORDER BY l.starts_at, l.position",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    return rows_each(st, leg_read, &v, &count);
}

struct day_leg_visit {
    enum status (*fn)(void *ctx, const struct store_booking *b,
                      const struct store_leg *leg);
    void *ctx;
};

static enum status
day_leg_read(struct db_stmt *st, void *ctx)
{
    struct day_leg_visit *v = ctx;
    struct store_booking booking;
    struct store_leg leg;

    booking_columns(st, 0, &booking);
    leg_columns(st, BOOKING_COLUMN_COUNT, &leg);
    return v->fn(v->ctx, &booking, &leg);
}

enum status
store_day_legs_each(struct db *db, int64_t location_id, const char *date,
                    enum status (*fn)(void *ctx, const struct store_booking *b,
                                      const struct store_leg *leg),
                    void *ctx)
{
    struct day_leg_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT " BOOKING_COLUMNS ", " LEG_COLUMNS
                   " FROM bookings b JOIN booking_legs l ON l.booking_id = "
                   "b.id " LEG_JOINS " WHERE b.location_id = $1 AND "
                   "b.visit_date = $2 AND b.status = 'booked' AND "
                   "l.released_at IS NULL ORDER BY d.code, l.starts_at",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    return rows_each(st, day_leg_read, &v, &count);
}

struct slot_visit {
    enum status (*fn)(void *ctx, int64_t desk_id, int starts_at);
    void *ctx;
};

static enum status
slot_read(struct db_stmt *st, void *ctx)
{
    struct slot_visit *v = ctx;
    return v->fn(v->ctx, db_column_int(st, 0), (int)db_column_int(st, 1));
}

enum status
store_held_slots_each(struct db *db, int64_t location_id, const char *date,
                      enum status (*fn)(void *ctx, int64_t desk_id,
                                        int starts_at),
                      void *ctx)
{
    struct slot_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT s.desk_id, s.starts_at FROM desk_slots s JOIN "
                   "desks d ON d.id = s.desk_id WHERE d.location_id = $1 AND "
                   "s.visit_date = $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    return rows_each(st, slot_read, &v, &count);
}

/* ---- groups ---- */

enum status
store_group_insert(struct db *db, const char *code, int64_t location_id,
                   const char *date, int64_t created_by, const char *now,
                   int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO booking_groups (code, location_id, "
                   "visit_date, created_by, created_at) VALUES ($1, $2, $3, "
                   "$4, $5) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, code);
    db_bind_int(st, 2, location_id);
    db_bind_text(st, 3, date);
    rows_bind_ref(st, 4, created_by);
    db_bind_text(st, 5, now);
    return rows_returning_id(st, id);
}

struct group_visit {
    enum status (*fn)(void *ctx, const struct store_group *row);
    void *ctx;
};

static enum status
group_read(struct db_stmt *st, void *ctx)
{
    struct group_visit *v = ctx;
    struct store_group row = {
        .id = db_column_int(st, 0),
        .code = db_column_text(st, 1),
        .location_id = db_column_int(st, 2),
        .visit_date = db_column_text(st, 3),
        .created_by = db_column_int(st, 4),
        .created_at = db_column_text(st, 5),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_group_find(struct db *db, const char *code, int64_t id,
                 enum status (*fn)(void *ctx, const struct store_group *row),
                 void *ctx)
{
    struct group_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    if (code != NULL) {
        s = db_prepare(db,
                       "SELECT id, code, location_id, visit_date, created_by, "
                       "created_at FROM booking_groups WHERE code = $1",
                       &st);
        if (s == STATUS_OK) {
            db_bind_text(st, 1, code);
        }
    } else {
        s = db_prepare(db,
                       "SELECT id, code, location_id, visit_date, created_by, "
                       "created_at FROM booking_groups WHERE id = $1",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, id);
        }
    }
    if (s != STATUS_OK) {
        return s;
    }
    s = rows_each(st, group_read, &v, &count);
    if (s == STATUS_OK && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

/* ---- idempotency keys ---- */

static enum status
idempotency_read(struct db_stmt *st, void *ctx)
{
    struct store_idempotency *out = ctx;

    snprintf(out->request_digest, sizeof out->request_digest, "%s",
             db_column_text(st, 0));
    out->booking_id = db_column_int(st, 1);
    out->group_id = db_column_int(st, 2);
    return STATUS_OK;
}

enum status
store_idempotency_find(struct db *db, const char *key,
                       struct store_idempotency *out)
{
    struct store_idempotency found;
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT request_digest, booking_id, group_id FROM "
                   "idempotency_keys WHERE key = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, key);
    s = rows_each(st, idempotency_read, &found, &count);
    if (s == STATUS_OK && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        *out = found;
    }
    return s;
}

enum status
store_idempotency_insert(struct db *db, const char *key,
                         const struct store_idempotency *in, const char *now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO idempotency_keys (key, request_digest, "
                   "booking_id, group_id, created_at) VALUES ($1, $2, $3, $4, "
                   "$5)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, in->request_digest);
    rows_bind_ref(st, 3, in->booking_id);
    rows_bind_ref(st, 4, in->group_id);
    db_bind_text(st, 5, now);
    return db_run(st);
}

enum status
store_idempotency_expire(struct db *db, const char *before)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM idempotency_keys WHERE created_at < $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, before);
    return db_run(st);
}
