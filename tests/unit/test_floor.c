/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/floor: every allowed transition of a leg and every
 * refused one with its reason, the conditions beyond the state (desks,
 * recalls, no-show times, outcomes, time going backwards), whole visits
 * (check-in, next leg at once, departure, no-shows, cancels), the
 * invariants over many random sequences of actions, queue order and the
 * choice of the next visitor, tickets, and the waiting figures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/floor.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define NONE FLOOR_TIME_NONE
#define ALL_SERVICES UINT64_MAX
#define DESK 7
#define MIN 60

#define RNG_SEED 0x452821E638D01377u
#include "rng.h"

static struct floor_args
args_at(int64_t now)
{
    struct floor_args a = {
        .now = now,
        .desk = DESK,
        .desk_services = ALL_SERVICES,
        .outcome = FLOOR_OUTCOME_SERVED,
        .rules = NULL,
    };
    return a;
}

static void
apply_ok(struct floor_leg *leg, enum floor_action action, int64_t now)
{
    struct floor_args a = args_at(now);
    const char *why = NULL;

    if (floor_leg_apply(leg, action, &a, &why) != STATUS_OK) {
        fail_msg("%s refused: %s", floor_action_name(action), why);
    }
}

/* A leg of service 3 with an appointment at 0, driven into state s. */
static void
leg_in(struct floor_leg *leg, enum floor_state s)
{
    assert_int_equal(floor_leg_init(leg, 3, 0, 0), STATUS_OK);
    if (s == FLOOR_PENDING) {
        return;
    }
    apply_ok(leg, FLOOR_CHECK_IN, 100);
    if (s == FLOOR_NO_SHOW) {
        apply_ok(leg, FLOOR_MARK_NO_SHOW, 150);
        return;
    }
    if (s == FLOOR_CANCELLED) {
        apply_ok(leg, FLOOR_CANCEL, 150);
        return;
    }
    if (s == FLOOR_WAITING) {
        return;
    }
    apply_ok(leg, FLOOR_CALL, 200);
    if (s == FLOOR_CALLED) {
        return;
    }
    apply_ok(leg, FLOOR_START, 300);
    if (s == FLOOR_PARKED) {
        apply_ok(leg, FLOOR_PARK, 400);
    } else if (s == FLOOR_DONE) {
        apply_ok(leg, FLOOR_COMPLETE, 400);
    }
    assert_int_equal(leg->state, s);
}

/* (action, state) -> state after, or -1 for refused. */
static int
expected(enum floor_action a, enum floor_state s)
{
    switch (a) {
    case FLOOR_CHECK_IN:
        return s == FLOOR_PENDING ? FLOOR_WAITING : -1;
    case FLOOR_CALL:
        return s == FLOOR_WAITING ? FLOOR_CALLED : -1;
    case FLOOR_RECALL:
    case FLOOR_START:
        if (s != FLOOR_CALLED) {
            return -1;
        }
        return a == FLOOR_RECALL ? FLOOR_CALLED : FLOOR_SERVING;
    case FLOOR_PARK:
        return (s == FLOOR_CALLED || s == FLOOR_SERVING) ? FLOOR_PARKED : -1;
    case FLOOR_UNPARK:
        return s == FLOOR_PARKED ? FLOOR_WAITING : -1;
    case FLOOR_MARK_NO_SHOW:
        return (s == FLOOR_PENDING || s == FLOOR_WAITING || s == FLOOR_CALLED)
                   ? FLOOR_NO_SHOW
                   : -1;
    case FLOOR_COMPLETE:
        return s == FLOOR_SERVING ? FLOOR_DONE : -1;
    case FLOOR_TRANSFER:
        return (s == FLOOR_WAITING || s == FLOOR_CALLED || s == FLOOR_SERVING ||
                s == FLOOR_PARKED)
                   ? FLOOR_WAITING
                   : -1;
    case FLOOR_CANCEL:
        return (s == FLOOR_PENDING || s == FLOOR_WAITING || s == FLOOR_CALLED ||
                s == FLOOR_PARKED)
                   ? FLOOR_CANCELLED
                   : -1;
    case FLOOR_ACTION_COUNT:
        break;
    }
    return -1;
}

/* Words of the refusal that name state s. */
static const char *
state_words(enum floor_state s)
{
    static const char *const w[FLOOR_STATE_COUNT] = {
        "not in a queue", "waiting", "called",  "being served",
        "parked",         "done",    "no-show", "cancelled",
    };
    return w[s];
}

static void
test_transition_table(void **state)
{
    (void)state;
    for (int a = 0; a < FLOOR_ACTION_COUNT; a++) {
        for (int s = 0; s < FLOOR_STATE_COUNT; s++) {
            struct floor_rules rules = floor_rules_default();
            struct floor_leg leg;
            struct floor_leg before;
            struct floor_args args = args_at(10000);
            const char *why = NULL;
            enum status st;
            int want = expected((enum floor_action)a, (enum floor_state)s);

            leg_in(&leg, (enum floor_state)s);
            rules.recalls_before_no_show = 0;
            args.rules = &rules;
            /* A transfer goes to another desk than the one called. */
            if (a == FLOOR_TRANSFER) {
                args.desk = DESK + 1;
            }
            before = leg;
            st = floor_leg_apply(&leg, (enum floor_action)a, &args, &why);
            if (want < 0) {
                if (st != STATUS_CONFLICT) {
                    fail_msg("%s in %s: status %d, wanted a conflict",
                             floor_action_name((enum floor_action)a),
                             floor_state_name((enum floor_state)s), st);
                }
                assert_non_null(why);
                assert_memory_equal(&leg, &before, sizeof(leg));
                if (strncmp(why, "cannot ", 7) != 0) {
                    fail_msg("reason does not start with cannot: %s", why);
                }
                if (strstr(why, state_words((enum floor_state)s)) == NULL &&
                    strstr(why, "never started") == NULL &&
                    strstr(why, "checked in") == NULL) {
                    fail_msg("reason does not name the state %s: %s",
                             floor_state_name((enum floor_state)s), why);
                }
                continue;
            }
            if (st != STATUS_OK) {
                fail_msg("%s in %s refused: %s",
                         floor_action_name((enum floor_action)a),
                         floor_state_name((enum floor_state)s), why);
            }
            assert_int_equal(leg.state, want);
            assert_int_equal(leg.updated_at, 10000);
            if (floor_state_final(leg.state)) {
                assert_int_equal(leg.ended_at, 10000);
            }
        }
    }
}

static void
test_reason_texts(void **state)
{
    struct floor_leg leg;
    struct floor_args a = args_at(1000);
    const char *why = NULL;

    (void)state;
    leg_in(&leg, FLOOR_WAITING);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why, "cannot complete a leg that was never started");
    leg_in(&leg, FLOOR_CALLED);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why, "cannot complete a leg that was never started");
    leg_in(&leg, FLOOR_DONE);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why, "cannot complete a leg that is already done");
    leg_in(&leg, FLOOR_WAITING);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CHECK_IN, &a, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why,
                        "cannot check in a leg that is already checked in");
    leg_in(&leg, FLOOR_PARKED);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "unpark it first"));
    leg_in(&leg, FLOOR_SERVING);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CANCEL, &a, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why, "cannot cancel a leg that is being served");
}

static void
test_stamps(void **state)
{
    struct floor_leg leg;

    (void)state;
    assert_int_equal(floor_leg_init(&leg, 2, 0, 500), STATUS_OK);
    assert_int_equal(leg.queued_at, NONE);
    apply_ok(&leg, FLOOR_CHECK_IN, 600);
    assert_int_equal(leg.queued_at, 600);
    apply_ok(&leg, FLOOR_CALL, 700);
    assert_int_equal(leg.called_at, 700);
    assert_int_equal(leg.last_called_at, 700);
    assert_int_equal(leg.desk, DESK);
    apply_ok(&leg, FLOOR_RECALL, 760);
    assert_int_equal(leg.recalls, 1);
    assert_int_equal(leg.called_at, 700);
    assert_int_equal(leg.last_called_at, 760);
    apply_ok(&leg, FLOOR_START, 800);
    assert_int_equal(leg.started_at, 800);
    apply_ok(&leg, FLOOR_PARK, 900);
    assert_int_equal(leg.parked_at, 900);
    apply_ok(&leg, FLOOR_UNPARK, 1500);
    assert_int_equal(leg.state, FLOOR_WAITING);
    assert_int_equal(leg.parked_seconds, 600);
    assert_int_equal(leg.queued_at, 600); /* keeps its place */
    assert_int_equal(leg.desk, DESK);     /* back to the same officer */
    apply_ok(&leg, FLOOR_CALL, 1600);
    assert_int_equal(leg.called_at, 700); /* the first call stays */
    assert_int_equal(leg.last_called_at, 1600);
    assert_int_equal(leg.recalls, 0);
    apply_ok(&leg, FLOOR_START, 1650);
    assert_int_equal(leg.started_at, 800);
    apply_ok(&leg, FLOOR_COMPLETE, 2000);
    assert_int_equal(leg.ended_at, 2000);
    assert_int_equal(leg.outcome, FLOOR_OUTCOME_SERVED);
    assert_int_equal(floor_leg_wait(&leg, 99999), 100);
    assert_int_equal(floor_leg_service(&leg), 2000 - 800 - 600);
}

static void
test_conditions(void **state)
{
    struct floor_rules rules = floor_rules_default();
    struct floor_leg leg;
    struct floor_leg before;
    struct floor_args a = args_at(1000);
    const char *why = NULL;

    (void)state;
    /* Calls: a desk is needed, that performs the service, and that the leg
     * waits for. */
    leg_in(&leg, FLOOR_WAITING);
    before = leg;
    a.desk = 0;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why), STATUS_INPUT);
    a.desk = DESK;
    a.desk_services = ~(UINT64_C(1) << 3);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "does not perform"));
    a.desk_services = ALL_SERVICES;
    leg.desk = DESK + 1;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "another desk"));
    leg.desk = 0;
    assert_memory_equal(&leg, &before, sizeof(leg));

    /* Time never goes backwards. */
    a.now = 50;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why), STATUS_INPUT);
    assert_non_null(strstr(why, "before the leg's last step"));
    a.now = -5;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, &why), STATUS_INPUT);
    assert_memory_equal(&leg, &before, sizeof(leg));
    a.now = 1000;

    /* Another desk cannot start, recall, park or complete a called leg. */
    leg_in(&leg, FLOOR_CALLED);
    a.desk = DESK + 1;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_START, &a, &why),
                     STATUS_CONFLICT);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_RECALL, &a, &why),
                     STATUS_CONFLICT);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_PARK, &a, &why),
                     STATUS_CONFLICT);
    a.desk = 0; /* the front desk may */
    assert_int_equal(floor_leg_apply(&leg, FLOOR_START, &a, &why), STATUS_OK);
    a.desk = DESK + 1;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_CONFLICT);
    a.desk = DESK;
    a.outcome = FLOOR_OUTCOME_NONE;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_INPUT);
    assert_non_null(strstr(why, "outcome"));
    a.outcome = FLOOR_OUTCOME_COUNT;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_INPUT);
    a.outcome = FLOOR_OUTCOME_BSN_ISSUED;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_COMPLETE, &a, &why),
                     STATUS_OK);
    assert_int_equal(leg.outcome, FLOOR_OUTCOME_BSN_ISSUED);

    /* Recalls are bounded; no-show only after the rules' recalls. */
    leg_in(&leg, FLOOR_CALLED);
    a = args_at(1000);
    a.rules = &rules;
    for (int i = 0; i < rules.recalls_before_no_show; i++) {
        assert_int_equal(floor_leg_apply(&leg, FLOOR_MARK_NO_SHOW, &a, &why),
                         STATUS_CONFLICT);
        assert_non_null(strstr(why, "recalled"));
        assert_int_equal(floor_leg_apply(&leg, FLOOR_RECALL, &a, &why),
                         STATUS_OK);
    }
    before = leg;
    for (int i = leg.recalls; i < FLOOR_MAX_RECALLS; i++) {
        assert_int_equal(floor_leg_apply(&leg, FLOOR_RECALL, &a, &why),
                         STATUS_OK);
    }
    assert_int_equal(floor_leg_apply(&leg, FLOOR_RECALL, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "no-show"));
    assert_int_equal(leg.recalls, FLOOR_MAX_RECALLS);
    leg = before;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_MARK_NO_SHOW, &a, &why),
                     STATUS_OK);

    /* A PENDING leg is a no-show only with an appointment, from the
     * no-show time on. */
    assert_int_equal(floor_leg_init(&leg, 1, 0, 1000), STATUS_OK);
    a.now = 1000 + rules.no_show_minutes * MIN - 1;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_MARK_NO_SHOW, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "no-show time"));
    a.now++;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_MARK_NO_SHOW, &a, &why),
                     STATUS_OK);
    assert_int_equal(floor_leg_init(&leg, 1, 0, NONE), STATUS_OK);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_MARK_NO_SHOW, &a, &why),
                     STATUS_CONFLICT);

    /* Transfers: to a capable desk, not to the same queue, bounded. */
    leg_in(&leg, FLOOR_WAITING);
    a = args_at(1000);
    a.desk = 0;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_TRANSFER, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "waiting in"));
    a.desk = -1;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_TRANSFER, &a, &why),
                     STATUS_INPUT);
    a.desk = 9;
    a.desk_services = 0;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_TRANSFER, &a, &why),
                     STATUS_CONFLICT);
    a.desk_services = ALL_SERVICES;
    for (int i = 0; i < FLOOR_MAX_TRANSFERS; i++) {
        a.desk = 10 + i;
        assert_int_equal(floor_leg_apply(&leg, FLOOR_TRANSFER, &a, &why),
                         STATUS_OK);
        assert_int_equal(leg.desk, 10 + i);
        assert_int_equal(leg.state, FLOOR_WAITING);
        assert_int_equal(leg.queued_at, 100);
    }
    a.desk = 5;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_TRANSFER, &a, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "as often as allowed"));

    /* Bad arguments. */
    assert_int_equal(floor_leg_apply(NULL, FLOOR_CALL, &a, &why), STATUS_INPUT);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, NULL, &why),
                     STATUS_INPUT);
    assert_int_equal(floor_leg_apply(&leg, FLOOR_ACTION_COUNT, &a, &why),
                     STATUS_INPUT);
    rules.grace_minutes = -1;
    a.rules = &rules;
    assert_int_equal(floor_leg_apply(&leg, FLOOR_CALL, &a, NULL), STATUS_INPUT);
    assert_int_equal(floor_leg_init(&leg, FLOOR_MAX_SERVICES, 0, 0),
                     STATUS_INPUT);
    assert_int_equal(floor_leg_init(&leg, 0, -1, 0), STATUS_INPUT);
    assert_int_equal(floor_leg_init(&leg, 0, 0, -7), STATUS_INPUT);
}

static void
test_rules_and_names(void **state)
{
    struct floor_rules r = floor_rules_default();
    enum floor_action act;
    enum floor_outcome out;
    const char *why = NULL;

    (void)state;
    assert_int_equal(floor_rules_check(&r, &why), STATUS_OK);
    r.no_show_minutes = r.grace_minutes - 1;
    assert_int_equal(floor_rules_check(&r, &why), STATUS_INPUT);
    assert_non_null(strstr(why, "no_show_minutes"));
    r = floor_rules_default();
    r.grace_minutes = FLOOR_MAX_GRACE_MINUTES + 1;
    assert_int_equal(floor_rules_check(&r, &why), STATUS_INPUT);
    r = floor_rules_default();
    r.recalls_before_no_show = FLOOR_MAX_RECALLS + 1;
    assert_int_equal(floor_rules_check(&r, &why), STATUS_INPUT);
    assert_int_equal(floor_rules_check(NULL, NULL), STATUS_INPUT);

    for (int i = 0; i < FLOOR_ACTION_COUNT; i++) {
        assert_true(
            floor_action_parse(floor_action_name((enum floor_action)i), &act));
        assert_int_equal(act, i);
    }
    for (int i = 1; i < FLOOR_OUTCOME_COUNT; i++) {
        assert_true(floor_outcome_parse(
            floor_outcome_name((enum floor_outcome)i), &out));
        assert_int_equal(out, i);
    }
    assert_false(floor_outcome_parse("none", &out));
    assert_false(floor_action_parse("Call", &act));
    assert_false(floor_action_parse(NULL, &act));
    assert_string_equal(floor_state_name(FLOOR_STATE_COUNT), "?");
    assert_string_equal(floor_state_name(FLOOR_NO_SHOW), "no_show");
    assert_string_equal(floor_action_name(FLOOR_ACTION_COUNT), "?");
    assert_string_equal(floor_outcome_name(FLOOR_OUTCOME_COUNT), "?");
}

/* ---- visits ---- */

static struct floor_ticket
ticket(char letter, int number)
{
    struct floor_ticket t;

    assert_int_equal(floor_ticket_make(letter, number, &t), STATUS_OK);
    return t;
}

/* A visit of n legs, services 0..n-1, appointments from first on, 20
 * minutes apart (NONE for a walk-in). */
static void
visit_make(struct floor_visit *v, int n, int64_t first)
{
    struct floor_leg legs[FLOOR_MAX_LEGS];

    for (int i = 0; i < n; i++) {
        assert_int_equal(
            floor_leg_init(&legs[i], i, 0,
                           first == NONE ? NONE : first + i * 20 * MIN),
            STATUS_OK);
    }
    assert_int_equal(floor_visit_init(v, legs, n), STATUS_OK);
}

static void
visit_ok(struct floor_visit *v, int leg, enum floor_action action, int64_t now)
{
    struct floor_args a = args_at(now);
    struct floor_ticket t = ticket('A', 12);
    const char *why = NULL;

    if (floor_visit_apply(v, leg, action, &a, &t, &why) != STATUS_OK) {
        fail_msg("%s of leg %d refused: %s", floor_action_name(action), leg,
                 why);
    }
    assert_true(floor_visit_valid(v));
}

static void
test_visit_day(void **state)
{
    struct floor_visit v;
    struct floor_visit before;
    struct floor_args a = args_at(0);
    struct floor_ticket t = ticket('B', 7);
    const char *why = NULL;
    int64_t t0 = 9 * 3600;

    (void)state;
    visit_make(&v, 3, t0);
    assert_true(floor_visit_valid(&v));
    assert_int_equal(floor_visit_next_leg(&v), 0);
    assert_int_equal(floor_visit_active_leg(&v), -1);
    /* Nothing but check-in, cancel or no-show before check-in. */
    a.now = t0 - 600;
    before = v;
    assert_int_equal(floor_visit_apply(&v, 0, FLOOR_CALL, &a, NULL, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "not in a queue"));
    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, NULL, &why),
                     STATUS_INPUT);
    assert_memory_equal(&v, &before, sizeof(v));

    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, &t, &why),
                     STATUS_OK);
    assert_int_equal(v.arrived_at, t0 - 600);
    assert_false(v.late);
    assert_int_equal(v.ticket.letter, 'B');
    assert_int_equal(v.leg[0].state, FLOOR_WAITING);
    assert_int_equal(v.leg[1].state, FLOOR_PENDING);
    before = v;
    a.now = t0 - 500;
    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, &t, &why),
                     STATUS_CONFLICT);
    assert_string_equal(why,
                        "cannot check in a visitor who is already checked in");
    /* A later leg cannot be called while the first is waiting. */
    assert_int_equal(floor_visit_apply(&v, 1, FLOOR_CALL, &a, NULL, &why),
                     STATUS_CONFLICT);
    assert_int_equal(
        floor_visit_apply(&v, 1, FLOOR_MARK_NO_SHOW, &a, NULL, &why),
        STATUS_CONFLICT);
    assert_int_equal(floor_visit_apply(&v, 9, FLOOR_CALL, &a, NULL, &why),
                     STATUS_INPUT);
    assert_memory_equal(&v, &before, sizeof(v));

    visit_ok(&v, 0, FLOOR_CALL, t0);
    visit_ok(&v, 0, FLOOR_START, t0 + 60);
    visit_ok(&v, 0, FLOOR_COMPLETE, t0 + 900);
    /* Completing a leg puts the visitor in the next queue at once. */
    assert_int_equal(v.leg[1].state, FLOOR_WAITING);
    assert_int_equal(v.leg[1].queued_at, t0 + 900);
    assert_int_equal(floor_visit_active_leg(&v), 1);
    assert_int_equal(floor_visit_next_leg(&v), 2);
    visit_ok(&v, 1, FLOOR_CALL, t0 + 1000);
    visit_ok(&v, 1, FLOOR_START, t0 + 1100);
    visit_ok(&v, 1, FLOOR_COMPLETE, t0 + 2000);
    visit_ok(&v, 2, FLOOR_CALL, t0 + 2400);
    visit_ok(&v, 2, FLOOR_START, t0 + 2400);
    assert_int_equal(v.departed_at, NONE);
    visit_ok(&v, 2, FLOOR_COMPLETE, t0 + 3000);
    assert_int_equal(v.departed_at, t0 + 3000);
    assert_true(floor_visit_over(&v));
    assert_int_equal(floor_visit_in_building(&v, 0), 3000 + 600);
    assert_int_equal(floor_visit_wait(&v, 0), 600 + 100 + 400);
    /* Done legs never change. */
    before = v;
    for (int act = 0; act < FLOOR_ACTION_COUNT; act++) {
        for (int i = 0; i < 3; i++) {
            a = args_at(t0 + 4000);
            assert_int_not_equal(
                floor_visit_apply(&v, i, (enum floor_action)act, &a, &t, &why),
                STATUS_OK);
        }
    }
    assert_memory_equal(&v, &before, sizeof(v));
}

static void
test_visit_late_and_no_show(void **state)
{
    struct floor_rules rules = floor_rules_default();
    struct floor_visit v;
    struct floor_args a = args_at(0);
    struct floor_ticket t = ticket('C', 1);
    struct floor_entry e;
    const char *why = NULL;
    int64_t t0 = 10 * 3600;

    (void)state;
    a.rules = &rules;
    /* Late within the grace is on time; beyond it is late. */
    visit_make(&v, 2, t0);
    a.now = t0 + rules.grace_minutes * MIN;
    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, &t, &why),
                     STATUS_OK);
    assert_false(v.late);
    visit_make(&v, 2, t0);
    a.now = t0 + rules.grace_minutes * MIN + 1;
    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, &t, &why),
                     STATUS_OK);
    assert_true(v.late);
    assert_int_equal(floor_entry_from_visit(&v, 1, &e), STATUS_OK);
    assert_true(e.late);
    /* Only the checked-in leg carries the lateness. */
    visit_ok(&v, 0, FLOOR_CALL, a.now + 1);
    assert_int_equal(floor_entry_from_visit(&v, 1, &e), STATUS_NOT_FOUND);
    visit_ok(&v, 0, FLOOR_START, a.now + 2);
    visit_ok(&v, 0, FLOOR_COMPLETE, a.now + 3);
    assert_int_equal(floor_entry_from_visit(&v, 1, &e), STATUS_OK);
    assert_int_equal(e.leg, 1);
    assert_false(e.late);

    /* An unchecked visitor: no-show from the no-show time, all legs. */
    visit_make(&v, 3, t0);
    a.now = t0 + rules.no_show_minutes * MIN - 1;
    assert_false(floor_visit_no_show_due(&v, &rules, a.now));
    assert_int_equal(
        floor_visit_apply(&v, 0, FLOOR_MARK_NO_SHOW, &a, NULL, &why),
        STATUS_CONFLICT);
    a.now++;
    assert_true(floor_visit_no_show_due(&v, &rules, a.now));
    assert_true(floor_visit_no_show_due(&v, NULL, a.now));
    assert_int_equal(
        floor_visit_apply(&v, 1, FLOOR_MARK_NO_SHOW, &a, NULL, &why),
        STATUS_CONFLICT);
    assert_int_equal(
        floor_visit_apply(&v, 0, FLOOR_MARK_NO_SHOW, &a, NULL, &why),
        STATUS_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(v.leg[i].state, FLOOR_NO_SHOW);
    }
    assert_true(floor_visit_over(&v));
    assert_int_equal(v.departed_at, NONE);
    assert_true(floor_visit_valid(&v));
    assert_false(floor_visit_no_show_due(&v, &rules, a.now));
    assert_int_equal(floor_visit_apply(&v, -1, FLOOR_CHECK_IN, &a, &t, &why),
                     STATUS_CONFLICT);
    assert_non_null(strstr(why, "no-show"));

    /* A visitor who does not answer the calls: the visit ends. */
    visit_make(&v, 3, t0);
    visit_ok(&v, -1, FLOOR_CHECK_IN, t0);
    assert_false(floor_visit_no_show_due(&v, &rules, t0 + 99999));
    visit_ok(&v, 0, FLOOR_CALL, t0 + 10);
    visit_ok(&v, 0, FLOOR_START, t0 + 20);
    visit_ok(&v, 0, FLOOR_COMPLETE, t0 + 30);
    visit_ok(&v, 1, FLOOR_CALL, t0 + 40);
    visit_ok(&v, 1, FLOOR_RECALL, t0 + 100);
    visit_ok(&v, 1, FLOOR_RECALL, t0 + 160);
    visit_ok(&v, 1, FLOOR_MARK_NO_SHOW, t0 + 220);
    assert_int_equal(v.leg[0].state, FLOOR_DONE);
    assert_int_equal(v.leg[2].state, FLOOR_NO_SHOW);
    assert_int_equal(v.departed_at, t0 + 220);

    /* Cancelling the active leg moves on; a later leg can be dropped. */
    visit_make(&v, 3, NONE);
    assert_false(floor_visit_no_show_due(&v, &rules, t0 + 99999));
    visit_ok(&v, -1, FLOOR_CHECK_IN, t0);
    assert_false(v.late);
    /* Not back in time, not even on a leg that has no stamps yet. */
    a = args_at(t0 - 1);
    assert_int_equal(floor_visit_apply(&v, 2, FLOOR_CANCEL, &a, NULL, &why),
                     STATUS_INPUT);
    assert_non_null(strstr(why, "before the visit's last step"));
    assert_int_equal(floor_visit_last_stamp(&v), t0);
    visit_ok(&v, 2, FLOOR_CANCEL, t0 + 5);
    assert_int_equal(floor_visit_last_stamp(&v), t0 + 5);
    assert_int_equal(v.leg[2].state, FLOOR_CANCELLED);
    assert_int_equal(v.leg[0].state, FLOOR_WAITING);
    visit_ok(&v, 0, FLOOR_CANCEL, t0 + 10);
    assert_int_equal(v.leg[1].state, FLOOR_WAITING);
    assert_int_equal(v.leg[1].queued_at, t0 + 10);
    visit_ok(&v, 1, FLOOR_CALL, t0 + 20);
    visit_ok(&v, 1, FLOOR_PARK, t0 + 30);
    visit_ok(&v, 1, FLOOR_TRANSFER, t0 + 40);
    visit_ok(&v, 1, FLOOR_CALL, t0 + 50);
    visit_ok(&v, 1, FLOOR_START, t0 + 60);
    visit_ok(&v, 1, FLOOR_COMPLETE, t0 + 70);
    assert_int_equal(v.departed_at, t0 + 70);
}

/* ---- random sequences ---- */

static void
check_step(const struct floor_visit *old, const struct floor_visit *v,
           enum status st)
{
    int active = 0;

    if (!floor_visit_valid(v)) {
        fail_msg("visit invalid after a step (status %d)", st);
    }
    if (st != STATUS_OK) {
        assert_memory_equal(old, v, sizeof(*v));
        return;
    }
    for (int i = 0; i < v->n_legs; i++) {
        const struct floor_leg *o = &old->leg[i];
        const struct floor_leg *l = &v->leg[i];

        active += floor_state_active(l->state);
        if (floor_state_final(o->state)) {
            assert_memory_equal(o, l, sizeof(*l));
        }
        if (l->updated_at < o->updated_at) {
            fail_msg("leg %d stamp went back", i);
        }
        if (o->queued_at != NONE) {
            assert_int_equal(l->queued_at, o->queued_at);
        }
        if (o->called_at != NONE) {
            assert_int_equal(l->called_at, o->called_at);
        }
        if (o->started_at != NONE) {
            assert_int_equal(l->started_at, o->started_at);
        }
        if (i > 0 && l->queued_at != NONE && v->leg[i - 1].ended_at != NONE &&
            v->leg[i - 1].ended_at > l->queued_at &&
            v->leg[i - 1].state != FLOOR_CANCELLED) {
            fail_msg("leg %d queued before leg %d ended", i, i - 1);
        }
    }
    assert_true(active <= 1);
    if (floor_visit_last_stamp(v) < floor_visit_last_stamp(old)) {
        fail_msg("the visit's last stamp went back");
    }
    if (old->arrived_at != NONE) {
        assert_int_equal(v->arrived_at, old->arrived_at);
    }
    if (old->departed_at != NONE) {
        assert_int_equal(v->departed_at, old->departed_at);
    }
}

static void
test_random_sequences(void **state)
{
    struct floor_rules rules = floor_rules_default();
    long accepted = 0;
    long departed = 0;
    unsigned actions = 0;
    unsigned states = 0;

    (void)state;
    for (int round = 0; round < 3000; round++) {
        struct floor_visit v;
        int n = rng_range(1, FLOOR_MAX_LEGS);
        int64_t now = rng_range(0, 3600);

        visit_make(&v, n, rng_range(0, 3) == 0 ? NONE : rng_range(0, 3600));
        rules.recalls_before_no_show = rng_range(0, 3);
        rules.late_keeps_place = rng_range(0, 1) == 1;
        for (int k = 0; k < 80; k++) {
            struct floor_visit old = v;
            struct floor_args a = args_at(now);
            struct floor_ticket t = ticket('D', rng_range(1, 999));
            const char *why = NULL;
            int act = rng_range(0, FLOOR_ACTION_COUNT - 1);
            int leg = rng_range(-1, n);
            enum status st;

            /* Mostly act on the active leg, as the desks do. */
            if (rng_range(0, 2) != 0 && floor_visit_active_leg(&v) >= 0) {
                leg = floor_visit_active_leg(&v);
            }
            a.rules = &rules;
            a.desk = rng_range(0, 3);
            a.desk_services = rng_range(0, 4) == 0 ? 0 : ALL_SERVICES;
            a.outcome = (enum floor_outcome)rng_range(0, FLOOR_OUTCOME_COUNT);
            if (rng_range(0, 20) == 0) {
                a.now = now - rng_range(1, 100); /* refused, maybe */
            }
            st = floor_visit_apply(&v, leg, (enum floor_action)act, &a, &t,
                                   &why);
            if (st != STATUS_OK) {
                assert_non_null(why);
            } else {
                accepted++;
                actions |= 1u << act;
            }
            check_step(&old, &v, st);
            now += rng_range(0, 900);
        }
        departed += v.departed_at != NONE;
        for (int i = 0; i < n; i++) {
            states |= 1u << v.leg[i].state;
        }
    }
    /* Every action was accepted somewhere, every final state reached. */
    assert_int_equal(actions, (1u << FLOOR_ACTION_COUNT) - 1);
    assert_int_equal(
        states &
            (1u << FLOOR_DONE | 1u << FLOOR_NO_SHOW | 1u << FLOOR_CANCELLED),
        1u << FLOOR_DONE | 1u << FLOOR_NO_SHOW | 1u << FLOOR_CANCELLED);
    /* The random walk must reach the interesting states. */
    assert_true(accepted > 10000);
    assert_true(departed > 100);
}

/* ---- queues ---- */

static struct floor_entry
entry(int64_t id, int64_t appointment, int64_t arrival, bool late, int number)
{
    struct floor_entry e;

    memset(&e, 0, sizeof(e));
    e.visit_id = id;
    e.service = 1;
    e.appointment = appointment;
    e.arrival = arrival;
    e.queued_at = arrival;
    e.late = late;
    e.ticket = ticket('A', number);
    return e;
}

static void
assert_order(struct floor_entry *e, int n, const struct floor_rules *r,
             int64_t now, const int64_t *ids)
{
    assert_int_equal(floor_queue_order(e, n, r, now), STATUS_OK);
    for (int i = 0; i < n; i++) {
        if (e[i].visit_id != ids[i]) {
            fail_msg("position %d: visit %lld, wanted %lld", i,
                     (long long)e[i].visit_id, (long long)ids[i]);
        }
    }
}

static void
test_queue_order(void **state)
{
    struct floor_rules r = floor_rules_default();
    int64_t h9 = 9 * 3600;
    int64_t now = h9 + 30 * MIN;
    int idx = -1;

    (void)state;
    {
        /* On time, early, late within grace: appointment time first. */
        struct floor_entry e[] = {
            entry(1, h9 + 20 * MIN, h9 + 15 * MIN, false, 3),
            entry(2, h9, h9 + 5 * MIN, false, 2), /* within grace */
            entry(3, h9 + 10 * MIN, h9 - 20 * MIN, false, 1),
        };
        const int64_t want[] = {2, 3, 1};
        assert_order(e, N(e), &r, now, want);
    }
    {
        /* Walk-ins after due appointments, before future ones, by the time
         * they joined. */
        struct floor_entry e[] = {
            entry(1, h9 + 60 * MIN, h9, false, 1),   /* early */
            entry(2, NONE, h9 + 10 * MIN, false, 2), /* walk-in */
            entry(3, h9 + 25 * MIN, h9 + 20 * MIN, false, 3),
            entry(4, NONE, h9 + 5 * MIN, false, 4), /* walk-in, first */
            entry(5, h9 + 30 * MIN, h9 + 29 * MIN, false, 5), /* due now */
        };
        const int64_t want[] = {3, 5, 4, 2, 1};
        assert_order(e, N(e), &r, now, want);
        /* Later, the early appointment is due and comes first. */
        {
            const int64_t later[] = {3, 5, 1, 4, 2};
            assert_order(e, N(e), &r, h9 + 60 * MIN, later);
        }
    }
    {
        /* Late beyond the grace: to the back (behind walk-ins who joined
         * before them), or keeping the place when the rules say so. */
        struct floor_entry e[] = {
            entry(1, h9, h9 + 25 * MIN, true, 1),
            entry(2, h9 + 15 * MIN, h9 + 10 * MIN, false, 2),
            entry(3, NONE, h9 + 20 * MIN, false, 3),
            entry(4, NONE, h9 + 28 * MIN, false, 4),
        };
        const int64_t back[] = {2, 3, 1, 4};
        const int64_t kept[] = {1, 2, 3, 4};
        assert_order(e, N(e), &r, now, back);
        r.late_keeps_place = true;
        assert_order(e, N(e), &r, now, kept);
        r.late_keeps_place = false;
    }
    {
        /* Ties: same appointment -> arrival -> ticket -> visit id. */
        struct floor_entry e[] = {
            entry(1, h9, h9 - 5 * MIN, false, 9),
            entry(2, h9, h9 - 10 * MIN, false, 8),
            entry(3, h9, h9 - 5 * MIN, false, 4),
            entry(5, NONE, h9, false, 6),
            entry(4, NONE, h9, false, 6),
        };
        const int64_t want[] = {2, 3, 1, 4, 5};
        assert_order(e, N(e), &r, now, want);
    }
    {
        /* A transferred or unparked leg keeps queued_at, so its place. */
        struct floor_entry e[] = {
            entry(1, NONE, h9 + 10 * MIN, false, 1),
            entry(2, NONE, h9 + 5 * MIN, false, 2),
        };
        const int64_t want[] = {2, 1};
        e[1].arrival = h9 - 60 * MIN;
        e[1].desk = DESK;
        assert_order(e, N(e), &r, now, want);
    }
    {
        /* The pick: the first the desk may call. */
        struct floor_entry e[] = {
            entry(1, h9, h9, false, 1),
            entry(2, h9 + 5 * MIN, h9, false, 2),
            entry(3, h9 + 10 * MIN, h9, false, 3),
            entry(4, NONE, h9, false, 4),
        };
        e[0].desk = DESK + 1; /* waits for another desk */
        e[1].service = 5;     /* a service desk 7 does not perform */
        assert_int_equal(
            floor_pick_next(e, N(e), DESK, UINT64_C(1) << 1, &r, now, &idx),
            STATUS_OK);
        assert_int_equal(idx, 2);
        assert_int_equal(
            floor_pick_next(e, N(e), DESK + 1, UINT64_C(1) << 1, &r, now, &idx),
            STATUS_OK);
        assert_int_equal(idx, 0);
        assert_int_equal(
            floor_pick_next(e, N(e), DESK, UINT64_C(1) << 5, &r, now, &idx),
            STATUS_OK);
        assert_int_equal(idx, 1);
        idx = -1;
        assert_int_equal(
            floor_pick_next(e, N(e), DESK, UINT64_C(1) << 9, &r, now, &idx),
            STATUS_NOT_FOUND);
        assert_int_equal(idx, -1);
        assert_int_equal(
            floor_pick_next(e, 0, DESK, ALL_SERVICES, &r, now, &idx),
            STATUS_NOT_FOUND);
        assert_int_equal(
            floor_pick_next(e, N(e), 0, ALL_SERVICES, &r, now, &idx),
            STATUS_INPUT);
        assert_int_equal(
            floor_pick_next(e, -1, DESK, ALL_SERVICES, &r, now, &idx),
            STATUS_INPUT);
        assert_int_equal(floor_queue_order(NULL, 1, &r, now), STATUS_INPUT);
        assert_int_equal(floor_queue_order(e, FLOOR_MAX_QUEUE + 1, &r, now),
                         STATUS_INPUT);
    }
}

/* The sort and the pick agree on random queues; the sort is a total
 * order (no entry before itself, antisymmetric, sorted result). */
static void
test_queue_random(void **state)
{
    struct floor_rules r = floor_rules_default();
    static struct floor_entry e[200];

    (void)state;
    for (int round = 0; round < 300; round++) {
        int n = rng_range(1, N(e));
        int64_t now = rng_range(0, 20000);
        int idx = -1;
        uint64_t services = rng_next();
        int first = -1;

        r.late_keeps_place = rng_range(0, 1) == 1;
        for (int i = 0; i < n; i++) {
            int64_t arrival = rng_range(0, 20000);

            e[i] = entry(i, rng_range(0, 3) == 0 ? NONE : rng_range(0, 20000),
                         arrival, rng_range(0, 4) == 0, rng_range(1, 999));
            e[i].service = rng_range(0, 63);
            e[i].desk = rng_range(0, 3);
            e[i].queued_at = arrival + rng_range(0, 600);
        }
        assert_int_equal(floor_queue_order(e, n, &r, now), STATUS_OK);
        for (int i = 0; i < n; i++) {
            assert_false(floor_entry_before(&e[i], &e[i], &r, now));
            if (i > 0) {
                assert_false(floor_entry_before(&e[i], &e[i - 1], &r, now));
                assert_true(floor_entry_before(&e[i - 1], &e[i], &r, now));
            }
            if (first < 0 && floor_entry_eligible(&e[i], 2, services)) {
                first = i;
            }
        }
        if (first < 0) {
            assert_int_equal(floor_pick_next(e, n, 2, services, &r, now, &idx),
                             STATUS_NOT_FOUND);
        } else {
            assert_int_equal(floor_pick_next(e, n, 2, services, &r, now, &idx),
                             STATUS_OK);
            assert_int_equal(idx, first);
        }
    }
}

/* ---- tickets ---- */

static void
test_ticket_round_trip(void **state)
{
    const char *letters = FLOOR_TICKET_LETTERS;
    char text[FLOOR_TICKET_TEXT];
    struct floor_ticket t;
    struct floor_ticket back;

    (void)state;
    for (const char *l = letters; *l != '\0'; l++) {
        for (int n = 1; n <= FLOOR_TICKET_MAX; n++) {
            assert_int_equal(floor_ticket_make(*l, n, &t), STATUS_OK);
            assert_int_equal(floor_ticket_format(&t, text), STATUS_OK);
            assert_int_equal(strlen(text), FLOOR_TICKET_TEXT - 1);
            assert_int_equal(floor_ticket_parse(text, strlen(text), &back),
                             STATUS_OK);
            assert_int_equal(back.letter, *l);
            assert_int_equal(back.number, n);
        }
    }
    t = ticket('A', 12);
    assert_int_equal(floor_ticket_format(&t, text), STATUS_OK);
    assert_string_equal(text, "A012");
    assert_int_equal(floor_ticket_parse("z999", 4, &back), STATUS_OK);
    assert_int_equal(back.letter, 'Z');
    assert_int_equal(back.number, 999);
}

static void
test_ticket_bad(void **state)
{
    /* "\303\204" is a letter with a diaeresis in UTF-8. */
    static const char *const bad[] = {
        "",     "A",    "A12",  "A0123", "A000",       "I012", "O012",
        "a 12", " A12", "A12 ", "AA12",  "1012",       "A-12", "A+12",
        "A1.2", "@012", "[012", "`012",  "\303\20412", "{012", "o001",
    };
    struct floor_ticket t = {.letter = 'Q', .number = 5};
    struct floor_ticket out = {0};
    char text[FLOOR_TICKET_TEXT];

    (void)state;
    for (int i = 0; i < N(bad); i++) {
        if (floor_ticket_parse(bad[i], strlen(bad[i]), &t) != STATUS_INPUT) {
            fail_msg("accepted \"%s\"", bad[i]);
        }
    }
    assert_int_equal(t.letter, 'Q'); /* untouched */
    assert_int_equal(floor_ticket_parse("A012", 5, &t), STATUS_INPUT);
    assert_int_equal(floor_ticket_parse("A012\0", 4, &t), STATUS_OK);
    assert_int_equal(floor_ticket_parse("A0\0002", 4, &t), STATUS_INPUT);
    assert_int_equal(floor_ticket_parse(NULL, 4, &t), STATUS_INPUT);
    assert_int_equal(floor_ticket_make('A', 0, &out), STATUS_INPUT);
    assert_int_equal(floor_ticket_make('A', 1000, &out), STATUS_INPUT);
    assert_int_equal(floor_ticket_make('I', 1, &out), STATUS_INPUT);
    assert_int_equal(floor_ticket_make('a', 1, &out), STATUS_INPUT);
    assert_int_equal(floor_ticket_make('\0', 1, &out), STATUS_INPUT);
    out.letter = 'a';
    out.number = 3;
    assert_int_equal(floor_ticket_format(&out, text), STATUS_INPUT);
    assert_string_equal(text, "");
    assert_int_equal(floor_ticket_format(NULL, text), STATUS_INPUT);
}

/* ---- figures ---- */

static void
test_figures(void **state)
{
    struct floor_leg leg;
    struct floor_visit v;

    (void)state;
    assert_int_equal(floor_leg_init(&leg, 0, 0, NONE), STATUS_OK);
    assert_int_equal(floor_leg_wait(&leg, 100), -1);
    assert_int_equal(floor_leg_service(&leg), -1);
    apply_ok(&leg, FLOOR_CHECK_IN, 100);
    assert_int_equal(floor_leg_wait(&leg, 400), 300); /* still waiting */
    apply_ok(&leg, FLOOR_CALL, 500);
    assert_int_equal(floor_leg_wait(&leg, 9999), 400);
    apply_ok(&leg, FLOOR_PARK, 550); /* before the start: not counted */
    apply_ok(&leg, FLOOR_UNPARK, 700);
    assert_int_equal(leg.parked_seconds, 0);
    apply_ok(&leg, FLOOR_CALL, 710);
    apply_ok(&leg, FLOOR_START, 720);
    assert_int_equal(floor_leg_service(&leg), -1); /* not done */
    apply_ok(&leg, FLOOR_COMPLETE, 1320);
    assert_int_equal(floor_leg_service(&leg), 600);
    /* Waited and left without a call. */
    assert_int_equal(floor_leg_init(&leg, 0, 0, NONE), STATUS_OK);
    apply_ok(&leg, FLOOR_CHECK_IN, 100);
    apply_ok(&leg, FLOOR_MARK_NO_SHOW, 1000);
    assert_int_equal(floor_leg_wait(&leg, 5000), 900);

    visit_make(&v, 2, NONE);
    assert_int_equal(floor_visit_in_building(&v, 100), -1);
    assert_int_equal(floor_visit_wait(&v, 100), -1);
    visit_ok(&v, -1, FLOOR_CHECK_IN, 100);
    assert_int_equal(floor_visit_in_building(&v, 160), 60);
    assert_int_equal(floor_visit_wait(&v, 160), 60);
    assert_int_equal(floor_leg_wait(NULL, 0), -1);
    assert_int_equal(floor_leg_service(NULL), -1);
    assert_int_equal(floor_visit_in_building(NULL, 0), -1);
}

static void
test_visit_bad_input(void **state)
{
    struct floor_leg legs[FLOOR_MAX_LEGS + 1];
    struct floor_visit v;
    struct floor_args a = args_at(0);

    (void)state;
    for (int i = 0; i < N(legs); i++) {
        assert_int_equal(floor_leg_init(&legs[i], 0, 0, NONE), STATUS_OK);
    }
    assert_int_equal(floor_visit_init(&v, legs, 0), STATUS_INPUT);
    assert_int_equal(floor_visit_init(&v, legs, FLOOR_MAX_LEGS + 1),
                     STATUS_INPUT);
    assert_int_equal(floor_visit_init(&v, NULL, 1), STATUS_INPUT);
    legs[1].state = FLOOR_DONE;
    assert_int_equal(floor_visit_init(&v, legs, 2), STATUS_INPUT);
    assert_int_equal(floor_visit_apply(NULL, 0, FLOOR_CALL, &a, NULL, NULL),
                     STATUS_INPUT);
    assert_int_equal(floor_visit_init(&v, legs, 1), STATUS_OK);
    assert_int_equal(
        floor_visit_apply(&v, 0, FLOOR_ACTION_COUNT, &a, NULL, NULL),
        STATUS_INPUT);
    assert_int_equal(floor_visit_apply(&v, 0, FLOOR_CALL, NULL, NULL, NULL),
                     STATUS_INPUT);
    assert_false(floor_visit_valid(NULL));
    v.n_legs = 0;
    assert_false(floor_visit_valid(&v));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_table),
        cmocka_unit_test(test_reason_texts),
        cmocka_unit_test(test_stamps),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_rules_and_names),
        cmocka_unit_test(test_visit_day),
        cmocka_unit_test(test_visit_late_and_no_show),
        cmocka_unit_test(test_random_sequences),
        cmocka_unit_test(test_queue_order),
        cmocka_unit_test(test_queue_random),
        cmocka_unit_test(test_ticket_round_trip),
        cmocka_unit_test(test_ticket_bad),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_visit_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
