/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the floor: visits, visit legs, desk days, floor events and issued
 * BSNs. */
#include "store/floor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "store/personal_data.h"
#include "store/rows.h"
#include "util/clock.h"

/* ---- instants: int64 seconds in core, ISO text in the database ---- */

static void
floor_bind_time(struct db_stmt *st, int n, int64_t t)
{
    char text[CLOCK_ISO_TEXT];

    if (t == FLOOR_TIME_NONE) {
        db_bind_null(st, n);
        return;
    }
    clock_format_utc((time_t)t, text);
    db_bind_text(st, n, text);
}

static int64_t
floor_column_time(struct db_stmt *st, int col)
{
    time_t t;

    if (db_column_is_null(st, col) ||
        !clock_parse_utc(db_column_text(st, col), &t)) {
        return FLOOR_TIME_NONE;
    }
    return (int64_t)t;
}

static enum floor_state
floor_state_of(const char *name)
{
    for (int s = 0; s < FLOOR_STATE_COUNT; s++) {
        if (strcmp(name, floor_state_name((enum floor_state)s)) == 0) {
            return (enum floor_state)s;
        }
    }
    return FLOOR_STATE_COUNT;
}

static void
floor_copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* ---- visits ---- */

/* One row per leg, with its visit; the visit's columns first. */
#define VISIT_COLUMNS                                                          \
    "v.id, v.location_id, v.visit_date, COALESCE(v.booking_id, 0), "           \
    "COALESCE(b.code, ''), v.persons, "                                        \
    "CASE WHEN v.booking_id IS NULL THEN v.given_names ELSE b.given_names "    \
    "END, "                                                                    \
    "CASE WHEN v.booking_id IS NULL THEN v.surname ELSE b.surname END, "       \
    "v.ticket, v.late, v.arrived_at, v.departed_at, "                          \
    "l.id, l.position, l.service_id, COALESCE(l.booking_leg_id, 0), "          \
    "l.state, COALESCE(l.desk_id, 0), COALESCE(l.called_desk_id, 0), "         \
    "l.appointment_at, l.queued_at, l.called_at, l.last_called_at, "           \
    "l.started_at, l.parked_at, l.ended_at, l.updated_at, l.parked_seconds, "  \
    "l.recalls, l.transfers, l.outcome_kind, COALESCE(l.outcome, ''), "        \
    "s.code, s.outcome, s.minutes, s.extra_minutes_per_person"
#define VISIT_JOINS                                                            \
    " FROM visits v JOIN visit_legs l ON l.visit_id = v.id "                   \
    "JOIN services s ON s.id = l.service_id "                                  \
    "LEFT JOIN bookings b ON b.id = v.booking_id"

/* Reads the visit columns of a row into out (legs emptied). */
static void
floor_visit_columns(struct db_stmt *st, struct store_floor_visit *out)
{
    const char *ticket = db_column_text(st, 8);

    memset(out, 0, sizeof *out);
    out->id = db_column_int(st, 0);
    out->location_id = db_column_int(st, 1);
    floor_copy(out->date, sizeof out->date, db_column_text(st, 2));
    out->booking_id = db_column_int(st, 3);
    floor_copy(out->booking_code, sizeof out->booking_code,
               db_column_text(st, 4));
    out->persons = (int)db_column_int(st, 5);
    floor_copy(out->given_names, sizeof out->given_names,
               db_column_text(st, 6));
    floor_copy(out->surname, sizeof out->surname, db_column_text(st, 7));
    (void)floor_ticket_parse(ticket, strlen(ticket), &out->v.ticket);
    out->v.late = db_column_int(st, 9) != 0;
    out->v.arrived_at = floor_column_time(st, 10);
    out->v.departed_at = floor_column_time(st, 11);
    out->v.checkin_leg = -1;
}

/* Reads the leg columns of a row into its place in out. */
static enum status
floor_leg_columns(struct db_stmt *st, struct store_floor_visit *out)
{
    int i = (int)db_column_int(st, 13);
    struct floor_leg *leg;
    struct store_floor_leg *row;
    enum floor_outcome outcome = FLOOR_OUTCOME_NONE;

    if (i < 0 || i >= FLOOR_MAX_LEGS || i != out->v.n_legs) {
        return STATUS_INTERNAL; /* positions are 0.. in order */
    }
    leg = &out->v.leg[i];
    row = &out->legs[i];
    row->id = db_column_int(st, 12);
    row->service_id = db_column_int(st, 14);
    row->booking_leg_id = db_column_int(st, 15);
    leg->state = floor_state_of(db_column_text(st, 16));
    if (leg->state == FLOOR_STATE_COUNT) {
        return STATUS_INTERNAL;
    }
    leg->desk = db_column_int(st, 17);
    row->called_desk_id = db_column_int(st, 18);
    leg->appointment = floor_column_time(st, 19);
    leg->queued_at = floor_column_time(st, 20);
    leg->called_at = floor_column_time(st, 21);
    leg->last_called_at = floor_column_time(st, 22);
    leg->started_at = floor_column_time(st, 23);
    leg->parked_at = floor_column_time(st, 24);
    leg->ended_at = floor_column_time(st, 25);
    leg->updated_at = floor_column_time(st, 26);
    leg->parked_seconds = db_column_int(st, 27);
    leg->recalls = (int)db_column_int(st, 28);
    leg->transfers = (int)db_column_int(st, 29);
    (void)floor_outcome_parse(db_column_text(st, 30), &outcome);
    leg->outcome = outcome;
    floor_copy(row->outcome, sizeof row->outcome, db_column_text(st, 31));
    floor_copy(row->service_code, sizeof row->service_code,
               db_column_text(st, 32));
    floor_copy(row->outcome_kind, sizeof row->outcome_kind,
               db_column_text(st, 33));
    row->service_minutes = (int)db_column_int(st, 34);
    row->extra_minutes = (int)db_column_int(st, 35);
    /* The leg check-in queued is the first one ever queued. */
    if (leg->queued_at != FLOOR_TIME_NONE && out->v.checkin_leg < 0) {
        out->v.checkin_leg = i;
    }
    out->v.n_legs = i + 1;
    return STATUS_OK;
}

enum status
store_floor_visit_load(struct db *db, int64_t visit_id,
                       struct store_floor_visit *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    out->id = 0;
    s = db_prepare(db,
                   "SELECT " VISIT_COLUMNS VISIT_JOINS
                   " WHERE v.id = $1 ORDER BY l.position",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, visit_id);
    for (;;) {
        s = db_step(st, &row);
        if (s != STATUS_OK || !row) {
            break;
        }
        if (out->id != visit_id) {
            floor_visit_columns(st, out);
        }
        s = floor_leg_columns(st, out);
        if (s != STATUS_OK) {
            break;
        }
    }
    (void)db_run(st);
    if (s == STATUS_OK && out->id != visit_id) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

enum status
store_floor_leg_visit(struct db *db, int64_t leg_id, int64_t *visit_id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "SELECT visit_id FROM visit_legs WHERE id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, leg_id);
    return rows_returning_id(st, visit_id);
}

enum status
store_floor_day_each(struct db *db, int64_t location_id, const char *date,
                     enum status (*fn)(void *ctx,
                                       const struct store_floor_visit *visit),
                     void *ctx)
{
    struct store_floor_visit *cur = NULL;
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    cur = calloc(1, sizeof *cur);
    if (cur == NULL) {
        return STATUS_NOMEM;
    }
    s = db_prepare(db,
                   "SELECT " VISIT_COLUMNS VISIT_JOINS
                   " WHERE v.location_id = $1 AND v.visit_date = $2 "
                   "ORDER BY v.ticket_number, l.position",
                   &st);
    if (s != STATUS_OK) {
        goto out;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    for (;;) {
        s = db_step(st, &row);
        if (s != STATUS_OK || !row) {
            break;
        }
        if (cur->id != db_column_int(st, 0)) {
            if (cur->id != 0) {
                s = fn(ctx, cur);
                if (s != STATUS_OK) {
                    break;
                }
            }
            floor_visit_columns(st, cur);
        }
        s = floor_leg_columns(st, cur);
        if (s != STATUS_OK) {
            break;
        }
    }
    (void)db_run(st);
    if (s == STATUS_OK && cur->id != 0) {
        s = fn(ctx, cur);
    }
out:
    free(cur);
    return s;
}

enum status
store_floor_next_ticket(struct db *db, int64_t location_id, const char *date,
                        int *number)
{
    struct db_stmt *st = NULL;
    int64_t n = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT COALESCE(MAX(ticket_number), 0) + 1 FROM visits "
                   "WHERE location_id = $1 AND visit_date = $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    s = rows_returning_id(st, &n);
    if (s == STATUS_OK) {
        *number = (int)n;
    }
    return s;
}

/* Binds the state, stamps, counters and outcome of a leg as $first.. in the
 * order of the leg columns of INSERT and UPDATE below (15 values). */
static void
floor_bind_leg(struct db_stmt *st, int first, const struct floor_leg *leg,
               const struct store_floor_leg *row)
{
    db_bind_text(st, first, floor_state_name(leg->state));
    rows_bind_ref(st, first + 1, leg->desk);
    rows_bind_ref(st, first + 2, row->called_desk_id);
    floor_bind_time(st, first + 3, leg->queued_at);
    floor_bind_time(st, first + 4, leg->called_at);
    floor_bind_time(st, first + 5, leg->last_called_at);
    floor_bind_time(st, first + 6, leg->started_at);
    floor_bind_time(st, first + 7, leg->parked_at);
    floor_bind_time(st, first + 8, leg->ended_at);
    floor_bind_time(st, first + 9, leg->updated_at);
    db_bind_int(st, first + 10, leg->parked_seconds);
    db_bind_int(st, first + 11, leg->recalls);
    db_bind_int(st, first + 12, leg->transfers);
    db_bind_text(st, first + 13, floor_outcome_name(leg->outcome));
    if (row->outcome[0] != '\0') {
        db_bind_text(st, first + 14, row->outcome);
    } else {
        db_bind_null(st, first + 14);
    }
}

enum status
store_floor_visit_insert(struct db *db, struct store_floor_visit *in,
                         int64_t created_by)
{
    char ticket[FLOOR_TICKET_TEXT];
    struct db_stmt *st = NULL;
    enum status s;

    if (floor_ticket_format(&in->v.ticket, ticket) != STATUS_OK) {
        return STATUS_INPUT;
    }
    s = db_prepare(db,
                   "INSERT INTO visits (location_id, visit_date, booking_id, "
                   "ticket, ticket_number, persons, given_names, surname, "
                   "late, arrived_at, departed_at, created_by) VALUES ($1, "
                   "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, in->location_id);
    db_bind_text(st, 2, in->date);
    rows_bind_ref(st, 3, in->booking_id);
    db_bind_text(st, 4, ticket);
    db_bind_int(st, 5, in->v.ticket.number);
    db_bind_int(st, 6, in->persons);
    db_bind_text(st, 7, in->booking_id > 0 ? "" : in->given_names);
    db_bind_text(st, 8, in->booking_id > 0 ? "" : in->surname);
    db_bind_int(st, 9, in->v.late ? 1 : 0);
    floor_bind_time(st, 10, in->v.arrived_at);
    floor_bind_time(st, 11, in->v.departed_at);
    rows_bind_ref(st, 12, created_by);
    s = rows_returning_id(st, &in->id);
    for (int i = 0; s == STATUS_OK && i < in->v.n_legs; i++) {
        s = db_prepare(db,
                       "INSERT INTO visit_legs (visit_id, position, "
                       "service_id, booking_leg_id, appointment_at, state, "
                       "desk_id, called_desk_id, queued_at, called_at, "
                       "last_called_at, started_at, parked_at, ended_at, "
                       "updated_at, parked_seconds, recalls, transfers, "
                       "outcome_kind, outcome) VALUES ($1, $2, $3, $4, $5, "
                       "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                       "$17, $18, $19, $20) RETURNING id",
                       &st);
        if (s != STATUS_OK) {
            break;
        }
        db_bind_int(st, 1, in->id);
        db_bind_int(st, 2, i);
        db_bind_int(st, 3, in->legs[i].service_id);
        rows_bind_ref(st, 4, in->legs[i].booking_leg_id);
        floor_bind_time(st, 5, in->v.leg[i].appointment);
        floor_bind_leg(st, 6, &in->v.leg[i], &in->legs[i]);
        s = rows_returning_id(st, &in->legs[i].id);
    }
    return s;
}

enum status
store_floor_leg_save(struct db *db, const struct store_floor_visit *visit,
                     int i, const struct floor_leg *was)
{
    const struct floor_leg *leg = &visit->v.leg[i];
    struct db_stmt *st = NULL;
    char was_updated[CLOCK_ISO_TEXT] = "";
    enum status s;

    if (memcmp(leg, was, sizeof *leg) == 0) {
        return STATUS_OK;
    }
    if (was->updated_at != FLOOR_TIME_NONE) {
        clock_format_utc((time_t)was->updated_at, was_updated);
    }
    /* The row must still be as it was read: its state and last stamp. */
    s = db_prepare(db,
                   "UPDATE visit_legs SET state = $1, desk_id = $2, "
                   "called_desk_id = $3, queued_at = $4, called_at = $5, "
                   "last_called_at = $6, started_at = $7, parked_at = $8, "
                   "ended_at = $9, updated_at = $10, parked_seconds = $11, "
                   "recalls = $12, transfers = $13, outcome_kind = $14, "
                   "outcome = $15 WHERE id = $16 AND state = $17 AND "
                   "COALESCE(updated_at, '') = $18 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    floor_bind_leg(st, 1, leg, &visit->legs[i]);
    db_bind_int(st, 16, visit->legs[i].id);
    db_bind_text(st, 17, floor_state_name(was->state));
    db_bind_text(st, 18, was_updated);
    s = rows_returning_id(st, NULL);
    return s == STATUS_NOT_FOUND ? STATUS_CONFLICT : s;
}

enum status
store_floor_visit_save(struct db *db, const struct store_floor_visit *visit)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE visits SET departed_at = $2 WHERE id = $1 "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, visit->id);
    floor_bind_time(st, 2, visit->v.departed_at);
    return rows_returning_id(st, NULL);
}

enum status
store_floor_event_add(struct db *db, const struct store_floor_event *ev)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO floor_events (at, location_id, visit_date, "
                   "kind, visit_id, leg_id, desk_id, user_id) VALUES ($1, $2, "
                   "$3, $4, $5, $6, $7, $8)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    floor_bind_time(st, 1, ev->at);
    db_bind_int(st, 2, ev->location_id);
    db_bind_text(st, 3, ev->date);
    db_bind_text(st, 4, ev->kind);
    rows_bind_ref(st, 5, ev->visit_id);
    rows_bind_ref(st, 6, ev->leg_id);
    rows_bind_ref(st, 7, ev->desk_id);
    rows_bind_ref(st, 8, ev->user_id);
    return db_run(st);
}

/* ---- queues ---- */

struct floor_waiting_visit {
    enum status (*fn)(void *ctx, const struct store_floor_waiting *w);
    void *ctx;
};

static enum status
floor_waiting_read(struct db_stmt *st, void *ctx)
{
    struct floor_waiting_visit *v = ctx;
    struct store_floor_waiting w;
    const char *ticket = db_column_text(st, 9);

    memset(&w, 0, sizeof w);
    w.leg_id = db_column_int(st, 0);
    w.entry.visit_id = db_column_int(st, 1);
    w.entry.leg = (int)db_column_int(st, 2);
    w.service_id = db_column_int(st, 3);
    w.entry.desk = db_column_int(st, 4);
    w.entry.appointment = floor_column_time(st, 5);
    w.entry.arrival = floor_column_time(st, 6);
    w.entry.queued_at = floor_column_time(st, 7);
    w.entry.late = db_column_int(st, 8) != 0;
    (void)floor_ticket_parse(ticket, strlen(ticket), &w.entry.ticket);
    w.persons = (int)db_column_int(st, 10);
    w.service_minutes = (int)db_column_int(st, 11);
    w.extra_minutes = (int)db_column_int(st, 12);
    return v->fn(v->ctx, &w);
}

enum status
store_floor_waiting_each(struct db *db, int64_t location_id, const char *date,
                         enum status (*fn)(void *ctx,
                                           const struct store_floor_waiting *w),
                         void *ctx)
{
    struct floor_waiting_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(
        db,
        "SELECT l.id, l.visit_id, l.position, l.service_id, "
        "COALESCE(l.desk_id, 0), l.appointment_at, v.arrived_at, "
        "l.queued_at, CASE WHEN v.late = 1 AND l.position = "
        "(SELECT MIN(f.position) FROM visit_legs f WHERE f.visit_id = v.id "
        "AND f.queued_at IS NOT NULL) THEN 1 ELSE 0 END, v.ticket, "
        "v.persons, s.minutes, "
        "s.extra_minutes_per_person FROM visit_legs l "
        "JOIN visits v ON v.id = l.visit_id "
        "JOIN services s ON s.id = l.service_id "
        "WHERE v.location_id = $1 AND v.visit_date = $2 AND "
        "l.state = 'waiting' ORDER BY l.visit_id LIMIT $3",
        &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    db_bind_int(st, 3, STORE_FLOOR_MAX_WAITING);
    return rows_each(st, floor_waiting_read, &v, &count);
}

/* ---- desks ---- */

enum status
store_floor_desk_find(struct db *db, int64_t desk_id,
                      struct store_floor_desk *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT id, location_id, agency_id, active, code, name_en, "
                   "name_nl FROM desks WHERE id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, desk_id);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        out->id = db_column_int(st, 0);
        out->location_id = db_column_int(st, 1);
        out->agency_id = db_column_int(st, 2);
        out->active = db_column_int(st, 3) != 0;
        floor_copy(out->code, sizeof out->code, db_column_text(st, 4));
        floor_copy(out->name_en, sizeof out->name_en, db_column_text(st, 5));
        floor_copy(out->name_nl, sizeof out->name_nl, db_column_text(st, 6));
    }
    (void)db_run(st);
    return s;
}

enum status
store_floor_desk_state(struct db *db, int64_t desk_id, const char *date,
                       char state[8], int64_t *officer_id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT state, COALESCE(officer_id, 0) FROM desk_days "
                   "WHERE desk_id = $1 AND visit_date = $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, desk_id);
    db_bind_text(st, 2, date);
    s = db_step(st, &row);
    if (s == STATUS_OK) {
        floor_copy(state, 8, row ? db_column_text(st, 0) : "closed");
        *officer_id = row ? db_column_int(st, 1) : 0;
    }
    (void)db_run(st);
    return s;
}

enum status
store_floor_desk_set(struct db *db, int64_t desk_id, const char *date,
                     const char *state, int64_t officer_id, int64_t now)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO desk_days (desk_id, visit_date, state, "
                   "officer_id, changed_at) VALUES ($1, $2, $3, $4, $5) "
                   "ON CONFLICT (desk_id, visit_date) DO UPDATE SET "
                   "state = excluded.state, officer_id = excluded.officer_id, "
                   "changed_at = excluded.changed_at",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, desk_id);
    db_bind_text(st, 2, date);
    db_bind_text(st, 3, state);
    rows_bind_ref(st, 4, officer_id);
    floor_bind_time(st, 5, now);
    return db_run(st);
}

enum status
store_floor_desk_busy(struct db *db, int64_t desk_id, int64_t *leg_id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "SELECT id FROM visit_legs WHERE desk_id = $1 AND "
                   "state IN ('called', 'serving') ORDER BY id LIMIT 1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, desk_id);
    return rows_returning_id(st, leg_id);
}

struct floor_desk_state_visit {
    enum status (*fn)(void *ctx, int64_t desk_id, const char *state,
                      int64_t officer_id);
    void *ctx;
};

static enum status
floor_desk_state_read(struct db_stmt *st, void *ctx)
{
    struct floor_desk_state_visit *v = ctx;

    return v->fn(v->ctx, db_column_int(st, 0), db_column_text(st, 1),
                 db_column_int(st, 2));
}

enum status
store_floor_desk_states_each(struct db *db, int64_t location_id,
                             const char *date,
                             enum status (*fn)(void *ctx, int64_t desk_id,
                                               const char *state,
                                               int64_t officer_id),
                             void *ctx)
{
    struct floor_desk_state_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT d.id, COALESCE(dd.state, 'closed'), "
                   "COALESCE(dd.officer_id, 0) FROM desks d "
                   "LEFT JOIN desk_days dd ON dd.desk_id = d.id AND "
                   "dd.visit_date = $2 WHERE d.location_id = $1 "
                   "ORDER BY d.id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    return rows_each(st, floor_desk_state_read, &v, &count);
}

/* ---- the front desk's list of expected visitors ---- */

struct floor_expected_visit {
    enum status (*fn)(void *ctx, const struct store_floor_expected *row);
    void *ctx;
};

static enum status
floor_expected_read(struct db_stmt *st, void *ctx)
{
    struct floor_expected_visit *v = ctx;
    struct store_floor_expected row = {
        .booking_id = db_column_int(st, 0),
        .code = db_column_text(st, 1),
        .given_names = db_column_text(st, 2),
        .surname = db_column_text(st, 3),
        .persons = (int)db_column_int(st, 4),
        .first_minute = (int)db_column_int(st, 5),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_floor_expected_each(
    struct db *db, int64_t location_id, const char *date, const char *q,
    int limit,
    enum status (*fn)(void *ctx, const struct store_floor_expected *row),
    void *ctx)
{
    struct floor_expected_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    char pattern[2 * STORE_FLOOR_NAME_MAX + 3];
    size_t n = 0;

    /* q as a LIKE pattern with %, _ and \ escaped: plain characters. */
    pattern[n++] = '%';
    for (size_t i = 0; q[i] != '\0' && n + 3 < sizeof pattern; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\') {
            pattern[n++] = '\\';
        }
        pattern[n++] = q[i];
    }
    pattern[n++] = '%';
    pattern[n] = '\0';
    s = db_prepare(db,
                   "SELECT b.id, b.code, b.given_names, b.surname, b.persons, "
                   "MIN(l.starts_at) AS first FROM bookings b "
                   "JOIN booking_legs l ON l.booking_id = b.id AND "
                   "l.released_at IS NULL "
                   "WHERE b.location_id = $1 AND b.visit_date = $2 AND "
                   "b.status = 'booked' AND NOT EXISTS (SELECT 1 FROM visits "
                   "WHERE visits.booking_id = b.id) AND ($3 = '' OR "
                   "lower(b.given_names || ' ' || b.surname) LIKE lower($5) "
                   "ESCAPE '\\' OR b.code = upper($3)) "
                   "GROUP BY b.id, b.code, b.given_names, b.surname, "
                   "b.persons ORDER BY first, b.id LIMIT $4",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    db_bind_text(st, 3, q);
    db_bind_int(st, 4, limit);
    db_bind_text(st, 5, pattern);
    return rows_each(st, floor_expected_read, &v, &count);
}

/* ---- BSNs issued ---- */

enum status
store_floor_bsn_insert(struct db *db, const struct sealed_key *key,
                       int64_t visit_id, int64_t leg_id, int64_t booking_id,
                       const char *bsn, int64_t pool_id, int64_t issued_by,
                       int64_t now)
{
    struct db_stmt *st = NULL;
    char sealed[SEALED_TEXT_MAX];
    char hash[SEALED_HASH_TEXT];
    char key_id[SEALED_KEY_ID_TEXT];
    enum status s;

    s = sealed_seal(key, STORE_FLOOR_BSN_FIELD, bsn, sealed);
    if (s == STATUS_OK) {
        s = sealed_hash(key, SEALED_KIND_BSN, bsn, hash);
    }
    if (s == STATUS_OK) {
        s = store_personal_data_key_use(db, key);
    }
    if (s == STATUS_OK) {
        s = db_prepare(db,
                       "INSERT INTO issued_bsns (visit_id, leg_id, "
                       "booking_id, bsn_sealed, bsn_hash, key_id, pool_id, "
                       "issued_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, "
                       "$7, $8, $9)",
                       &st);
    }
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, key_id);
    db_bind_int(st, 1, visit_id);
    db_bind_int(st, 2, leg_id);
    rows_bind_ref(st, 3, booking_id);
    db_bind_text(st, 4, sealed);
    db_bind_text(st, 5, hash);
    db_bind_text(st, 6, key_id);
    rows_bind_ref(st, 7, pool_id);
    floor_bind_time(st, 8, now);
    rows_bind_ref(st, 9, issued_by);
    return db_run(st);
}

enum status
store_floor_bsn_of_booking(struct db *db, const struct sealed_key *key,
                           int64_t booking_id, char bsn[SEALED_VALUE_MAX + 1],
                           int64_t *visit_id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT bsn_sealed, visit_id FROM issued_bsns "
                   "WHERE booking_id = $1 ORDER BY id DESC LIMIT 1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        s = sealed_open(key, STORE_FLOOR_BSN_FIELD, db_column_text(st, 0), bsn);
        /* A value that does not open is the wrong key, not the caller's
         * fault. */
        if (s != STATUS_OK) {
            s = STATUS_INTERNAL;
        }
    }
    if (s == STATUS_OK && visit_id != NULL) {
        *visit_id = db_column_int(st, 1);
    }
    (void)db_run(st);
    return s;
}

enum status
store_floor_agency_registers(struct db *db, int64_t agency_id, bool *yes)
{
    struct db_stmt *st = NULL;
    int64_t n = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*) FROM services WHERE agency_id = $1 AND "
                   "outcome = 'registration'",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, agency_id);
    s = rows_returning_id(st, &n);
    if (s == STATUS_OK) {
        *yes = n > 0;
    }
    return s;
}

enum status
store_floor_booking_progress(struct db *db, int64_t booking_id,
                             struct store_floor_progress *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db,
                   "SELECT b.status, v.arrived_at, v.departed_at, "
                   "(SELECT MIN(i.issued_at) FROM issued_bsns i "
                   " WHERE i.visit_id = v.id), "
                   "(SELECT MIN(l.ended_at) FROM visit_legs l "
                   " WHERE l.visit_id = v.id AND l.state = 'done' AND "
                   " l.outcome_kind = 'document_handed_over') "
                   "FROM bookings b LEFT JOIN visits v ON v.booking_id = b.id "
                   "WHERE b.id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, booking_id);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        out->booked = strcmp(db_column_text(st, 0), "booked") == 0;
        out->checked_in_at = floor_column_time(st, 1);
        out->checked_in = out->checked_in_at != FLOOR_TIME_NONE;
        out->departed = floor_column_time(st, 2) != FLOOR_TIME_NONE;
        out->bsn_issued_at = floor_column_time(st, 3);
        out->bsn_issued = out->bsn_issued_at != FLOOR_TIME_NONE;
        out->document_collected_at = floor_column_time(st, 4);
        out->document_collected = out->document_collected_at != FLOOR_TIME_NONE;
    }
    (void)db_run(st);
    return s;
}
