/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Tests of store/floor against a temporary SQLite file through src/db: a
 * visit written and read back with every stamp; a step computed from a
 * stale read changes nothing (the guard that keeps two desks from calling
 * the same visitor, whatever the database's locking); the unique index
 * that keeps a visit in one queue; a booking checked in once; the
 * waiting queue as read for the desks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/floor.h"
#include "db/db.h"
#include "store/floor.h"
#include "util/log.h"

/* Instants of the test day (any origin works for the store). */
#define T0 INT64_C(1764579600) /* 2025-12-01T09:00:00Z */

struct fixture {
    char dir[64];
    char path[128];
    struct db *db;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL) {
        return -1;
    }
    log_set_level(LOG_LEVEL_ERROR);
    snprintf(f->dir, sizeof f->dir, "/tmp/onestop-floor-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    if (db_open_sqlite(f->path, &f->db) != STATUS_OK) {
        return -1;
    }
    /* A location, an agency, one service and two desks performing it. */
    if (db_exec(f->db,
                "INSERT INTO locations (id, code, name_en, time_zone) "
                "VALUES (1, 'c', 'Centre', 'Europe/Amsterdam');"
                "INSERT INTO agencies (id, code, name_en, name_nl) "
                "VALUES (1, 'a', 'A', 'A');"
                "INSERT INTO services (id, code, agency_id, name_en, name_nl, "
                "minutes, outcome) VALUES (1, 's', 1, 'S', 'S', 15, "
                "'registration');"
                "INSERT INTO desks (id, location_id, agency_id, code, name_en, "
                "name_nl) VALUES (1, 1, 1, 'd1', 'D1', 'D1'), "
                "(2, 1, 1, 'd2', 'D2', 'D2');") != STATUS_OK) {
        return -1;
    }
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[160];

    db_close(f->db);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
        (void)unlink(p);
    }
    (void)rmdir(f->dir);
    free(f);
    return 0;
}

/* Inserts a walk-in of the service, checked in at T0 + offset with ticket
 * number; *out (out) as inserted. */
static void
walk_in(struct fixture *f, int number, int64_t offset,
        struct store_floor_visit *out)
{
    struct floor_leg leg;
    struct floor_ticket ticket;
    struct floor_args args = {.now = T0 + offset};

    memset(out, 0, sizeof *out);
    out->location_id = 1;
    snprintf(out->date, sizeof out->date, "2025-12-01");
    out->persons = 1;
    snprintf(out->given_names, sizeof out->given_names, "Given %d", number);
    snprintf(out->surname, sizeof out->surname, "Surname");
    out->legs[0].service_id = 1;
    assert_int_equal(floor_leg_init(&leg, 0, 0, FLOOR_TIME_NONE), STATUS_OK);
    assert_int_equal(floor_visit_init(&out->v, &leg, 1), STATUS_OK);
    assert_int_equal(floor_ticket_make('W', number, &ticket), STATUS_OK);
    assert_int_equal(
        floor_visit_apply(&out->v, -1, FLOOR_CHECK_IN, &args, &ticket, NULL),
        STATUS_OK);
    assert_int_equal(store_floor_visit_insert(f->db, out, 0), STATUS_OK);
    assert_true(out->id > 0);
    assert_true(out->legs[0].id > 0);
}

/* Calls leg 0 of visit at desk, in memory. */
static void
call_at(struct store_floor_visit *visit, int64_t desk, int64_t now)
{
    struct floor_args args = {
        .now = now, .desk = desk, .desk_services = UINT64_C(1)};

    assert_int_equal(
        floor_visit_apply(&visit->v, 0, FLOOR_CALL, &args, NULL, NULL),
        STATUS_OK);
    visit->legs[0].called_desk_id = desk;
}

static void
test_round_trip(void **state)
{
    struct fixture *f = *state;
    struct store_floor_visit *in = calloc(1, sizeof *in);
    struct store_floor_visit *back = calloc(1, sizeof *back);
    char ticket[FLOOR_TICKET_TEXT];
    int next = 0;

    assert_non_null(in);
    assert_non_null(back);
    assert_int_equal(store_floor_next_ticket(f->db, 1, "2025-12-01", &next),
                     STATUS_OK);
    assert_int_equal(next, 1);
    walk_in(f, next, 0, in);
    assert_int_equal(store_floor_next_ticket(f->db, 1, "2025-12-01", &next),
                     STATUS_OK);
    assert_int_equal(next, 2);
    assert_int_equal(store_floor_visit_load(f->db, in->id, back), STATUS_OK);
    assert_int_equal(back->v.n_legs, 1);
    assert_int_equal(back->v.leg[0].state, FLOOR_WAITING);
    assert_int_equal(back->v.arrived_at, T0);
    assert_int_equal(back->v.leg[0].queued_at, T0);
    assert_int_equal(back->v.leg[0].appointment, FLOOR_TIME_NONE);
    assert_int_equal(back->v.checkin_leg, 0);
    assert_string_equal(back->given_names, "Given 1");
    assert_string_equal(back->legs[0].outcome_kind, "registration");
    assert_int_equal(floor_ticket_format(&back->v.ticket, ticket), STATUS_OK);
    assert_string_equal(ticket, "W001");
    assert_true(floor_visit_valid(&back->v));
    assert_int_equal(store_floor_visit_load(f->db, in->id + 100, back),
                     STATUS_NOT_FOUND);
    free(in);
    free(back);
}

static void
test_stale_step_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct store_floor_visit *in = calloc(1, sizeof *in);
    struct store_floor_visit *a = calloc(1, sizeof *a);
    struct store_floor_visit *b = calloc(1, sizeof *b);
    struct store_floor_visit *now = calloc(1, sizeof *now);
    struct floor_leg was_a;
    struct floor_leg was_b;

    assert_non_null(now);
    walk_in(f, 2, 10, in);
    /* Two desks read the same waiting visitor... */
    assert_int_equal(store_floor_visit_load(f->db, in->id, a), STATUS_OK);
    assert_int_equal(store_floor_visit_load(f->db, in->id, b), STATUS_OK);
    was_a = a->v.leg[0];
    was_b = b->v.leg[0];
    /* ...and both call them: the first write wins, the second matches no
     * row (the leg is no longer waiting) and changes nothing. */
    call_at(a, 1, T0 + 20);
    call_at(b, 2, T0 + 21);
    assert_int_equal(store_floor_leg_save(f->db, a, 0, &was_a), STATUS_OK);
    assert_int_equal(store_floor_leg_save(f->db, b, 0, &was_b),
                     STATUS_CONFLICT);
    assert_int_equal(store_floor_visit_load(f->db, in->id, now), STATUS_OK);
    assert_int_equal(now->v.leg[0].state, FLOOR_CALLED);
    assert_int_equal(now->v.leg[0].desk, 1);
    assert_int_equal(now->legs[0].called_desk_id, 1);
    assert_int_equal(now->v.leg[0].called_at, T0 + 20);
    /* A leg unchanged in memory is not written at all. */
    assert_int_equal(store_floor_leg_save(f->db, now, 0, &now->v.leg[0]),
                     STATUS_OK);
    free(in);
    free(a);
    free(b);
    free(now);
}

static void
test_one_active_leg_per_visit(void **state)
{
    struct fixture *f = *state;
    struct store_floor_visit *in = calloc(1, sizeof *in);

    assert_non_null(in);
    walk_in(f, 3, 30, in);
    /* The unique index refuses a second active leg whatever the code. */
    assert_int_equal(
        db_exec(f->db, "INSERT INTO visit_legs (visit_id, position, "
                       "service_id, state) SELECT id, 1, 1, 'waiting' FROM "
                       "visits WHERE ticket = 'W003'"),
        STATUS_CONFLICT);
    assert_int_equal(
        db_exec(f->db, "INSERT INTO visit_legs (visit_id, position, "
                       "service_id, state) SELECT id, 1, 1, 'pending' FROM "
                       "visits WHERE ticket = 'W003'"),
        STATUS_OK);
    /* A ticket number is given once per location and day. */
    {
        struct store_floor_visit *dup = calloc(1, sizeof *dup);
        struct floor_leg leg;
        struct floor_ticket ticket = {'W', 3};
        struct floor_args args = {.now = T0 + 31};
        assert_non_null(dup);
        memcpy(dup, in, sizeof *dup);
        assert_int_equal(floor_leg_init(&leg, 0, 0, FLOOR_TIME_NONE),
                         STATUS_OK);
        assert_int_equal(floor_visit_init(&dup->v, &leg, 1), STATUS_OK);
        assert_int_equal(floor_visit_apply(&dup->v, -1, FLOOR_CHECK_IN, &args,
                                           &ticket, NULL),
                         STATUS_OK);
        assert_int_equal(store_floor_visit_insert(f->db, dup, 0),
                         STATUS_CONFLICT);
        free(dup);
    }
    free(in);
}

struct waiting_seen {
    int n;
    int64_t last_visit;
};

static enum status
waiting_seen(void *ctx, const struct store_floor_waiting *w)
{
    struct waiting_seen *s = ctx;

    /* By visit id: the desks find a leg again by its visit. */
    assert_true(w->entry.visit_id > s->last_visit);
    s->last_visit = w->entry.visit_id;
    assert_int_equal(w->service_minutes, 15);
    s->n++;
    return STATUS_OK;
}

static void
test_waiting_queue(void **state)
{
    struct fixture *f = *state;
    struct waiting_seen seen = {0, 0};

    /* Visits of the tests before: W001 and W003 wait, W002 is called. */
    assert_int_equal(
        store_floor_waiting_each(f->db, 1, "2025-12-01", waiting_seen, &seen),
        STATUS_OK);
    assert_int_equal(seen.n, 2);
    seen.n = 0;
    seen.last_visit = 0;
    assert_int_equal(
        store_floor_waiting_each(f->db, 1, "2025-12-02", waiting_seen, &seen),
        STATUS_OK);
    assert_int_equal(seen.n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_stale_step_changes_nothing),
        cmocka_unit_test(test_one_active_leg_per_visit),
        cmocka_unit_test(test_waiting_queue),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
