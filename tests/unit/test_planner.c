/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/planner: hand-made days with known answers; every
 * option of hundreds of random days checked for validity (free slots,
 * overlaps, prerequisites, waiting, order and spread); small days checked
 * against an exhaustive search over orders and start slots, medium days
 * against a search over all service orders; planner_apply(), groups, the
 * slot arithmetic and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/planner.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define NO_WAY (-1)

#define RNG_SEED 0xA4093822299F31D0u
#include "rng.h"

static struct planner_service
service(int kind, int length, unsigned before)
{
    struct planner_service s = {
        .kind = kind, .length = length, .before = before};
    return s;
}

static struct planner_query
query(const struct planner_service *sv, int n, int day_slots, int earliest,
      int want, int spread)
{
    struct planner_query q = {
        .services = sv,
        .n_services = n,
        .day_slots = day_slots,
        .earliest = earliest,
        .want = want,
        .spread = spread,
    };
    return q;
}

static void
desk_init(struct planner_desk *d, uint64_t kinds)
{
    dayset_clear(&d->free);
    d->kinds = kinds;
}

/* ---- checks every option must pass ---- */

/* One option against the desks it was planned on: legs in time order, not
 * overlapping, each service once, on a capable desk that is free for the
 * whole leg, inside the day and not before earliest, after all its
 * prerequisites; arrival, end and waiting consistent. */
static void
check_option(const struct planner_desk *desks, int n_desks,
             const struct planner_query *q, const struct planner_option *o)
{
    unsigned seen = 0;
    int sum = 0;

    assert_int_equal(o->n_legs, q->n_services);
    for (int i = 0; i < o->n_legs; i++) {
        const struct planner_leg *l = &o->leg[i];
        const struct planner_service *sv;

        assert_in_range(l->service, 0, q->n_services - 1);
        assert_in_range(l->desk, 0, n_desks - 1);
        sv = &q->services[l->service];
        if ((seen >> l->service & 1) != 0) {
            fail_msg("service %d planned twice", l->service);
        }
        if ((sv->before & ~seen) != 0) {
            fail_msg("service %d starts before a prerequisite", l->service);
        }
        seen |= 1u << l->service;
        assert_int_equal(l->length, sv->length);
        assert_true((desks[l->desk].kinds >> sv->kind & 1) != 0);
        assert_true(l->start >= q->earliest);
        assert_true(l->start + l->length <= q->day_slots);
        if (!dayset_all(&desks[l->desk].free, l->start, l->length)) {
            fail_msg("leg %d at %d+%d is not free at desk %d", i, l->start,
                     l->length, l->desk);
        }
        for (int k = 0; k < i; k++) {
            const struct planner_leg *m = &o->leg[k];

            if (m->start + m->length > l->start) {
                fail_msg("legs %d and %d overlap or are out of order", k, i);
            }
        }
        sum += l->length;
    }
    assert_int_equal(seen, (1u << q->n_services) - 1);
    assert_int_equal(o->arrival, o->leg[0].start);
    assert_int_equal(o->end, o->leg[o->n_legs - 1].start +
                                 o->leg[o->n_legs - 1].length);
    assert_int_equal(o->waiting, o->end - o->arrival - sum);
}

/* (waiting, arrival) of a strictly before b. */
static bool
better(int wa, int aa, int wb, int ab)
{
    return wa < wb || (wa == wb && aa < ab);
}

/* A search result as documented: at most want options, each valid,
 * ascending arrivals at least spread apart, ranks 0..n-1 in strictly
 * increasing quality order. by_rank (out, may be NULL) receives the
 * option index of each rank. */
static void
check_options(const struct planner_desk *desks, int n_desks,
              const struct planner_query *q, const struct planner_option *o,
              int n, int *by_rank)
{
    int idx[PLANNER_MAX_OPTIONS];

    assert_in_range(n, 0, q->want);
    for (int r = 0; r < n; r++) {
        idx[r] = -1;
    }
    for (int i = 0; i < n; i++) {
        check_option(desks, n_desks, q, &o[i]);
        assert_in_range(o[i].rank, 0, n - 1);
        assert_int_equal(idx[o[i].rank], -1);
        idx[o[i].rank] = i;
        if (i > 0) {
            assert_true(o[i - 1].arrival < o[i].arrival);
        }
        for (int k = 0; k < i; k++) {
            if (o[i].arrival - o[k].arrival < q->spread) {
                fail_msg("arrivals %d and %d closer than %d", o[k].arrival,
                         o[i].arrival, q->spread);
            }
        }
    }
    for (int r = 1; r < n; r++) {
        const struct planner_option *a = &o[idx[r - 1]];
        const struct planner_option *b = &o[idx[r]];

        assert_true(better(a->waiting, a->arrival, b->waiting, b->arrival));
    }
    if (by_rank != NULL) {
        memcpy(by_rank, idx, (size_t)n * sizeof(idx[0]));
    }
}

/* ---- reference searches ---- */

/* fits[j][s]: some desk performing service j's kind is free for all of
 * s .. s + length - 1, slot by slot, inside the day. */
struct fits {
    bool at[PLANNER_MAX_SERVICES][DAYSET_MAX_SLOTS];
};

static void
naive_fits(const struct planner_desk *desks, int n_desks,
           const struct planner_query *q, struct fits *f)
{
    memset(f, 0, sizeof(*f));
    for (int j = 0; j < q->n_services; j++) {
        const struct planner_service *sv = &q->services[j];

        for (int s = 0; s + sv->length <= q->day_slots; s++) {
            for (int d = 0; d < n_desks && !f->at[j][s]; d++) {
                bool ok = (desks[d].kinds >> sv->kind & 1) != 0;

                for (int t = s; t < s + sv->length && ok; t++) {
                    ok = dayset_test(&desks[d].free, t);
                }
                f->at[j][s] = ok;
            }
        }
    }
}

struct brute {
    const struct planner_query *q;
    const struct fits *f;
    int sum;
    int *best; /* least waiting per arrival, or NO_WAY */
};

/* Every order and every start slot of every leg after the first, with the
 * first leg at arrival; cut only where waiting already exceeds the best
 * found for this arrival (waiting never shrinks as legs are added). */
static void
brute_from(struct brute *b, unsigned done, int prev_end, int arrival, int used)
{
    const struct planner_query *q = b->q;
    unsigned full = (1u << q->n_services) - 1;
    int wait_so_far = prev_end - arrival - used;

    if (b->best[arrival] != NO_WAY && wait_so_far > b->best[arrival]) {
        return;
    }
    if (done == full) {
        if (b->best[arrival] == NO_WAY || wait_so_far < b->best[arrival]) {
            b->best[arrival] = wait_so_far;
        }
        return;
    }
    for (int j = 0; j < q->n_services; j++) {
        int len = q->services[j].length;

        if ((done >> j & 1) != 0 || (q->services[j].before & ~done) != 0) {
            continue;
        }
        for (int s = prev_end; s + len <= q->day_slots; s++) {
            if (b->f->at[j][s]) {
                brute_from(b, done | 1u << j, s + len, arrival, used + len);
            }
        }
    }
}

static void
brute_force(const struct planner_desk *desks, int n_desks,
            const struct planner_query *q, int *best)
{
    struct fits f;
    struct brute b = {.q = q, .f = &f, .sum = 0, .best = best};

    naive_fits(desks, n_desks, q, &f);
    for (int a = 0; a < DAYSET_MAX_SLOTS; a++) {
        best[a] = NO_WAY;
    }
    for (int a = q->earliest; a < q->day_slots; a++) {
        for (int j = 0; j < q->n_services; j++) {
            int len = q->services[j].length;

            if (q->services[j].before == 0 && a + len <= q->day_slots &&
                f.at[j][a]) {
                brute_from(&b, 1u << j, a + len, a, len);
            }
        }
    }
}

/* Another reference: every order of the services that respects the
 * prerequisites, each leg at the first fitting slot after the previous
 * one, scanning slot by slot. */
static void
orders_from(const struct planner_query *q, const struct fits *f, unsigned done,
            int prev_end, int arrival, int used, int *best)
{
    unsigned full = (1u << q->n_services) - 1;

    if (done == full) {
        int w = prev_end - arrival - used;

        if (best[arrival] == NO_WAY || w < best[arrival]) {
            best[arrival] = w;
        }
        return;
    }
    for (int j = 0; j < q->n_services; j++) {
        int len = q->services[j].length;

        if ((done >> j & 1) != 0 || (q->services[j].before & ~done) != 0) {
            continue;
        }
        for (int s = prev_end; s + len <= q->day_slots; s++) {
            if (f->at[j][s]) {
                orders_from(q, f, done | 1u << j, s + len, arrival, used + len,
                            best);
                break;
            }
        }
    }
}

static void
by_orders(const struct planner_desk *desks, int n_desks,
          const struct planner_query *q, int *best)
{
    struct fits f;

    naive_fits(desks, n_desks, q, &f);
    for (int a = 0; a < DAYSET_MAX_SLOTS; a++) {
        best[a] = NO_WAY;
    }
    for (int a = q->earliest; a < q->day_slots; a++) {
        for (int j = 0; j < q->n_services; j++) {
            int len = q->services[j].length;

            if (q->services[j].before == 0 && a + len <= q->day_slots &&
                f.at[j][a]) {
                orders_from(q, &f, 1u << j, a + len, a, len, best);
            }
        }
    }
}

/* The documented choice, replayed on the reference's per-arrival table:
 * best (waiting, arrival) first, then the best not closer than spread to
 * any chosen one. Returns how many were chosen into arrival (in order of
 * choice). */
static int
greedy_choice(const int *best, int want, int spread, int *arrival)
{
    int n = 0;

    while (n < want) {
        int pick = -1;

        for (int a = 0; a < DAYSET_MAX_SLOTS; a++) {
            bool far = true;

            if (best[a] == NO_WAY) {
                continue;
            }
            for (int k = 0; k < n && far; k++) {
                int d = a > arrival[k] ? a - arrival[k] : arrival[k] - a;
                far = d >= spread && d != 0;
            }
            if (far && (pick < 0 || better(best[a], a, best[pick], pick))) {
                pick = a;
            }
        }
        if (pick < 0) {
            break;
        }
        arrival[n++] = pick;
    }
    return n;
}

/* The planner's result against a reference table: same choice in the
 * same order, each option's waiting the least possible for its arrival. */
static void
check_against(const struct planner_desk *desks, int n_desks,
              const struct planner_query *q, const int *best)
{
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int by_rank[PLANNER_MAX_OPTIONS];
    int want[PLANNER_MAX_OPTIONS];
    int n = -1;
    int n_want = greedy_choice(best, q->want, q->spread, want);

    assert_int_equal(planner_search(desks, n_desks, q, o, &n), STATUS_OK);
    check_options(desks, n_desks, q, o, n, by_rank);
    if (n != n_want) {
        fail_msg("planner found %d options, reference %d", n, n_want);
    }
    for (int r = 0; r < n; r++) {
        const struct planner_option *opt = &o[by_rank[r]];

        if (opt->arrival != want[r]) {
            fail_msg("rank %d: planner arrival %d (waiting %d), reference "
                     "%d (waiting %d)",
                     r, opt->arrival, opt->waiting, want[r], best[want[r]]);
        }
        assert_int_equal(opt->waiting, best[opt->arrival]);
    }
}

/* ---- random days ---- */

/* Random free runs, or nearly free, or closed. */
static void
random_free(struct dayset *s, int day_slots)
{
    int style = rng_range(0, 9);

    dayset_clear(s);
    if (style == 0) {
        return; /* closed */
    }
    if (style <= 2) {
        dayset_fill(s, 0, day_slots);
        for (int k = rng_range(0, day_slots / 4); k > 0; k--) {
            dayset_erase(s, rng_range(0, day_slots - 1), rng_range(1, 6));
        }
        return;
    }
    for (int k = rng_range(1, 2 + day_slots / 8); k > 0; k--) {
        dayset_fill(s, rng_range(0, day_slots - 1), rng_range(1, 12));
    }
}

/* Services with random kinds, lengths and an acyclic prerequisite graph:
 * j may require i only when i comes earlier in a random permutation. */
static void
random_services(struct planner_service *sv, int n, int n_kinds, int max_len)
{
    int pos[PLANNER_MAX_SERVICES];

    for (int j = 0; j < n; j++) {
        pos[j] = j;
    }
    for (int j = n - 1; j > 0; j--) {
        int k = rng_range(0, j);
        int t = pos[j];

        pos[j] = pos[k];
        pos[k] = t;
    }
    for (int j = 0; j < n; j++) {
        sv[j].kind = rng_range(0, n_kinds - 1);
        sv[j].length = rng_range(1, max_len);
        sv[j].before = 0;
        for (int i = 0; i < n; i++) {
            if (pos[i] < pos[j] && rng_range(0, 3) == 0) {
                sv[j].before |= 1u << i;
            }
        }
    }
}

static bool
kinds_covered(const struct planner_desk *desks, int n_desks,
              const struct planner_service *sv, int n)
{
    uint64_t all = 0;

    for (int d = 0; d < n_desks; d++) {
        all |= desks[d].kinds;
    }
    for (int j = 0; j < n; j++) {
        if ((all >> sv[j].kind & 1) == 0) {
            return false;
        }
    }
    return true;
}

/* ---- hand-made days ---- */

static void
test_single_service(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[] = {service(0, 3, 0)};
    struct planner_query q = query(sv, 1, 48, 0, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    desk_init(&desk, 1);
    dayset_fill(&desk.free, 10, 10); /* 10..19 */
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 8); /* starts 10..17 */
    check_options(&desk, 1, &q, o, n, NULL);
    for (int i = 0; i < n; i++) {
        assert_int_equal(o[i].arrival, 10 + i);
        assert_int_equal(o[i].end, 13 + i);
        assert_int_equal(o[i].waiting, 0);
        assert_int_equal(o[i].rank, i);
        assert_int_equal(o[i].n_legs, 1);
        assert_int_equal(o[i].leg[0].desk, 0);
        assert_int_equal(o[i].leg[0].service, 0);
        assert_int_equal(o[i].leg[0].start, 10 + i);
        assert_int_equal(o[i].leg[0].length, 3);
    }
    /* A run one slot too short gives nothing, and no error. */
    sv[0].length = 11;
    n = -1;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 0);
}

static void
test_back_to_back(void **state)
{
    struct planner_desk desks[3];
    struct planner_service sv[] = {service(0, 3, 0), service(1, 2, 0)};
    struct planner_query q = query(sv, 2, 48, 0, 1, 0);
    struct planner_option o[1];
    int n = -1;
    (void)state;

    desk_init(&desks[0], 1u << 0);
    dayset_fill(&desks[0].free, 10, 10); /* 10..19 */
    desk_init(&desks[1], 1u << 1);
    dayset_fill(&desks[1].free, 13, 17); /* 13..29 */
    desks[2] = desks[1];                 /* a twin: the lower index wins */
    assert_int_equal(planner_search(desks, 3, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 1);
    check_options(desks, 3, &q, o, n, NULL);
    assert_int_equal(o[0].arrival, 10);
    assert_int_equal(o[0].waiting, 0);
    assert_int_equal(o[0].end, 15);
    assert_int_equal(o[0].rank, 0);
    assert_int_equal(o[0].leg[0].service, 0);
    assert_int_equal(o[0].leg[0].desk, 0);
    assert_int_equal(o[0].leg[0].start, 10);
    assert_int_equal(o[0].leg[1].service, 1);
    assert_int_equal(o[0].leg[1].desk, 1);
    assert_int_equal(o[0].leg[1].start, 13);
}

static void
test_break_forces_waiting(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[] = {service(0, 5, 0), service(1, 3, 0)};
    struct planner_query q = query(sv, 2, 30, 0, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    /* Open 10..14 and 20..25, a break 15..19 between. */
    desk_init(&desk, 3);
    dayset_fill(&desk.free, 10, 5);
    dayset_fill(&desk.free, 20, 6);
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    check_options(&desk, 1, &q, o, n, NULL);
    assert_int_equal(n, 3);
    /* 10: A 10-14, B 20-22 (B first would wait 7). */
    assert_int_equal(o[0].arrival, 10);
    assert_int_equal(o[0].waiting, 5);
    assert_int_equal(o[0].rank, 0);
    assert_int_equal(o[0].leg[0].service, 0);
    assert_int_equal(o[0].leg[1].service, 1);
    assert_int_equal(o[0].leg[1].start, 20);
    /* 11: B 11-13, A 20-24. */
    assert_int_equal(o[1].arrival, 11);
    assert_int_equal(o[1].waiting, 6);
    assert_int_equal(o[1].rank, 2);
    /* 12: B 12-14, A 20-24. */
    assert_int_equal(o[2].arrival, 12);
    assert_int_equal(o[2].waiting, 5);
    assert_int_equal(o[2].rank, 1);
    assert_int_equal(o[2].leg[0].service, 1);
    assert_int_equal(o[2].end, 25);
}

static void
test_prerequisite_order(void **state)
{
    struct planner_desk desks[2];
    struct planner_service sv[] = {service(0, 3, 0), service(1, 3, 0)};
    struct planner_query q = query(sv, 2, 40, 0, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int by_rank[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    desk_init(&desks[0], 1u << 0);
    dayset_fill(&desks[0].free, 13, 17); /* A: 13..29 */
    desk_init(&desks[1], 1u << 1);
    dayset_fill(&desks[1].free, 10, 3); /* B: 10..12 and 25..27 */
    dayset_fill(&desks[1].free, 25, 3);

    /* Free order: B at 10 then A at 13, no waiting. */
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    check_options(desks, 2, &q, o, n, by_rank);
    assert_int_equal(o[by_rank[0]].arrival, 10);
    assert_int_equal(o[by_rank[0]].waiting, 0);
    assert_int_equal(o[by_rank[0]].leg[0].service, 1);

    /* B needs A first: best is A 22-24, B 25-27; earlier arrivals wait
     * for B's afternoon slot, later ones have no B at all. */
    sv[1].before = 1u << 0;
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    check_options(desks, 2, &q, o, n, by_rank);
    assert_int_equal(n, 10); /* arrivals 13..22 */
    for (int i = 0; i < n; i++) {
        assert_int_equal(o[i].arrival, 13 + i);
        assert_int_equal(o[i].waiting, 22 - (13 + i));
        assert_int_equal(o[i].leg[0].service, 0);
        assert_int_equal(o[i].leg[1].service, 1);
        assert_int_equal(o[i].leg[1].start, 25);
    }
    assert_int_equal(o[by_rank[0]].arrival, 22);
    assert_int_equal(o[by_rank[0]].waiting, 0);
}

static void
test_closed_desk(void **state)
{
    struct planner_desk desks[2];
    struct planner_service sv[] = {service(0, 2, 0)};
    struct planner_query q = query(sv, 1, 40, 0, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    desk_init(&desks[0], 1u << 0); /* closed all day */
    desk_init(&desks[1], 1u << 0);
    dayset_fill(&desks[1].free, 5, 5);
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    check_options(desks, 2, &q, o, n, NULL);
    assert_int_equal(n, 4);
    for (int i = 0; i < n; i++) {
        assert_int_equal(o[i].leg[0].desk, 1);
    }
    /* The only desk for the service is closed: no options, no error. */
    desks[1].kinds = 1u << 1;
    n = -1;
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 0);
}

static void
test_no_desk_performs(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[] = {service(0, 2, 0), service(5, 2, 0)};
    struct planner_query q = query(sv, 2, 40, 0, 4, 0);
    struct planner_option o[4];
    int n = 42;
    (void)state;

    desk_init(&desk, 1u << 0);
    dayset_fill(&desk.free, 0, 40);
    memset(o, 0x5A, sizeof(o));
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_NOT_FOUND);
    assert_int_equal(n, 42);
    assert_int_equal(o[0].arrival, 0x5A5A5A5A);
    /* No desks at all. */
    assert_int_equal(planner_search(NULL, 0, &q, o, &n), STATUS_NOT_FOUND);
    assert_int_equal(n, 42);
}

static void
test_earliest(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[] = {service(0, 2, 0)};
    struct planner_query q = query(sv, 1, 48, 25, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int by_rank[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    desk_init(&desk, 1);
    dayset_fill(&desk.free, 10, 30); /* 10..39 */
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    check_options(&desk, 1, &q, o, n, by_rank);
    assert_int_equal(n, 14); /* 25..38 */
    assert_int_equal(o[0].arrival, 25);
    assert_int_equal(o[by_rank[0]].arrival, 25);
    /* Later legs respect earliest too, trivially, as they follow the
     * first; the last slot of the day is the limit. */
    q.earliest = 38;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].arrival, 38);
    q.earliest = 39;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 0);
    q.earliest = 48; /* "now" is the end of the day */
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 0);
    /* Free slots past day_slots are not used. */
    dayset_fill(&desk.free, 40, 100);
    q.earliest = 45;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 2); /* 45 and 46 */
    check_options(&desk, 1, &q, o, n, NULL);
}

static void
test_slots_for(void **state)
{
    int s = -1;
    (void)state;

    assert_int_equal(planner_slots_for(10, 0, 1, 5, &s), STATUS_OK);
    assert_int_equal(s, 2);
    assert_int_equal(planner_slots_for(11, 0, 1, 5, &s), STATUS_OK);
    assert_int_equal(s, 3);
    assert_int_equal(planner_slots_for(15, 10, 3, 5, &s), STATUS_OK);
    assert_int_equal(s, 7); /* 35 minutes */
    assert_int_equal(planner_slots_for(15, 7, 2, 10, &s), STATUS_OK);
    assert_int_equal(s, 3); /* 22 minutes on a 10-minute grid */
    assert_int_equal(planner_slots_for(1, 0, 1, 60, &s), STATUS_OK);
    assert_int_equal(s, 1);
    assert_int_equal(planner_slots_for(20, 20, PLANNER_MAX_PERSONS, 1, &s),
                     STATUS_OK);
    assert_int_equal(s, 20 + 20 * (PLANNER_MAX_PERSONS - 1));
    assert_int_equal(planner_slots_for(1440, 0, 1, 5, &s), STATUS_OK);
    assert_int_equal(s, 288);

    s = -1;
    assert_int_equal(planner_slots_for(0, 0, 1, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(-5, 0, 1, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(1441, 0, 1, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, -1, 2, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, 5, 0, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, 5, PLANNER_MAX_PERSONS + 1, 5, &s),
                     STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, 5, 2, 7, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, 5, 2, 0, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(60, 60, 25, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(1440, 1440, 50, 5, &s), STATUS_INPUT);
    assert_int_equal(planner_slots_for(10, 0, 1, 5, NULL), STATUS_INPUT);
    assert_int_equal(s, -1);
}

static void
test_family_lengths(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[1];
    struct planner_query q = query(sv, 1, 40, 0, PLANNER_MAX_OPTIONS, 0);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = -1;
    int len = 0;
    (void)state;

    /* 15 minutes plus 10 per extra person, three persons: 35 minutes, 7
     * slots of 5 minutes. A 5-slot hole is too short, an 8-slot one fits
     * twice. */
    assert_int_equal(planner_slots_for(15, 10, 3, 5, &len), STATUS_OK);
    sv[0] = service(0, len, 0);
    desk_init(&desk, 1);
    dayset_fill(&desk.free, 10, 5);
    dayset_fill(&desk.free, 20, 8);
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    check_options(&desk, 1, &q, o, n, NULL);
    assert_int_equal(n, 2);
    assert_int_equal(o[0].arrival, 20);
    assert_int_equal(o[0].end, 27);
    assert_int_equal(o[1].arrival, 21);
    /* One person alone fits the short hole too. */
    assert_int_equal(planner_slots_for(15, 10, 1, 5, &len), STATUS_OK);
    sv[0].length = len;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(o[0].arrival, 10);
}

static void
test_spread(void **state)
{
    struct planner_desk desk;
    struct planner_service sv[] = {service(0, 2, 0)};
    struct planner_query q = query(sv, 1, 48, 0, 4, 12);
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = -1;
    (void)state;

    desk_init(&desk, 1);
    dayset_fill(&desk.free, 0, 48);
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    check_options(&desk, 1, &q, o, n, NULL);
    assert_int_equal(n, 4);
    for (int i = 0; i < n; i++) {
        assert_int_equal(o[i].arrival, 12 * i);
        assert_int_equal(o[i].rank, i);
    }
    /* Asking for more does not squeeze options closer: 46 is within 12
     * of 36. */
    q.want = PLANNER_MAX_OPTIONS;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 4);
    q.spread = 10;
    assert_int_equal(planner_search(&desk, 1, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 5);
    assert_int_equal(o[4].arrival, 40);

    /* Quality before time: a busy morning (waiting) loses to a calm
     * afternoon; the morning option still comes first in the output. */
    {
        struct planner_desk desks[2];
        struct planner_service two[] = {service(0, 2, 0), service(1, 2, 0)};
        struct planner_query q2 = query(two, 2, 48, 0, 2, 12);

        desk_init(&desks[0], 1u << 0);
        desk_init(&desks[1], 1u << 1);
        dayset_fill(&desks[0].free, 5, 2);
        dayset_fill(&desks[1].free, 10, 2); /* morning: waits 3 */
        dayset_fill(&desks[0].free, 30, 2);
        dayset_fill(&desks[1].free, 32, 2); /* afternoon: back to back */
        assert_int_equal(planner_search(desks, 2, &q2, o, &n), STATUS_OK);
        check_options(desks, 2, &q2, o, n, NULL);
        assert_int_equal(n, 2);
        assert_int_equal(o[0].arrival, 5);
        assert_int_equal(o[0].waiting, 3);
        assert_int_equal(o[0].rank, 1);
        assert_int_equal(o[1].arrival, 30);
        assert_int_equal(o[1].waiting, 0);
        assert_int_equal(o[1].rank, 0);
    }
}

/* ---- bad input ---- */

static void
test_bad_input(void **state)
{
    struct planner_desk desks[PLANNER_MAX_DESKS + 1];
    struct planner_service sv[PLANNER_MAX_SERVICES + 1];
    struct planner_query q;
    struct planner_option o[PLANNER_MAX_OPTIONS];
    int n = 42;
    (void)state;

    for (int d = 0; d < N(desks); d++) {
        desk_init(&desks[d], ~(uint64_t)0);
        dayset_fill(&desks[d].free, 0, 100);
    }
    for (int j = 0; j < N(sv); j++) {
        sv[j] = service(j, 1, 0);
    }
    q = query(sv, 2, 100, 0, 4, 0);
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    n = 42;

#define BAD(expr)                                                              \
    do {                                                                       \
        struct planner_query b = q;                                            \
        expr;                                                                  \
        assert_int_equal(planner_search(desks, 2, &b, o, &n), STATUS_INPUT);   \
    } while (0)

    BAD(b.n_services = 0);
    BAD(b.n_services = -1);
    BAD(b.n_services = PLANNER_MAX_SERVICES + 1);
    BAD(b.services = NULL);
    BAD(b.day_slots = 0);
    BAD(b.day_slots = DAYSET_MAX_SLOTS + 1);
    BAD(b.earliest = -1);
    BAD(b.earliest = 101);
    BAD(b.want = 0);
    BAD(b.want = PLANNER_MAX_OPTIONS + 1);
    BAD(b.spread = -1);
#undef BAD

#define BAD_SERVICE(j, field, value)                                           \
    do {                                                                       \
        struct planner_service keep = sv[j];                                   \
        sv[j].field = value;                                                   \
        assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_INPUT);   \
        sv[j] = keep;                                                          \
    } while (0)

    BAD_SERVICE(1, length, 0);
    BAD_SERVICE(1, length, -3);
    BAD_SERVICE(1, length, DAYSET_MAX_SLOTS + 1);
    BAD_SERVICE(1, kind, -1);
    BAD_SERVICE(1, kind, PLANNER_MAX_KINDS);
    BAD_SERVICE(1, before, 1u << 1);  /* itself */
    BAD_SERVICE(1, before, 1u << 2);  /* not a requested service */
    BAD_SERVICE(1, before, 1u << 31); /* far out */
#undef BAD_SERVICE

    /* A cycle of two, and one of three behind a harmless service. */
    sv[0].before = 1u << 1;
    sv[1].before = 1u << 0;
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_INPUT);
    q.n_services = 4;
    sv[0].before = 1u << 3;
    sv[1].before = 1u << 2 | 1u << 0;
    sv[2].before = 1u << 0;
    sv[3].before = 1u << 2;
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_INPUT);
    sv[2].before = 0; /* now a chain 2 -> 3 -> 0 -> 1 */
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    check_options(desks, 2, &q, o, n, NULL);
    assert_int_equal(o[0].leg[0].service, 2);
    assert_int_equal(o[0].leg[3].service, 1);
    n = 42;
    for (int j = 0; j < N(sv); j++) {
        sv[j].before = 0;
    }

    q.n_services = 2;
    assert_int_equal(planner_search(desks, -1, &q, o, &n), STATUS_INPUT);
    assert_int_equal(planner_search(desks, PLANNER_MAX_DESKS + 1, &q, o, &n),
                     STATUS_INPUT);
    assert_int_equal(planner_search(NULL, 2, &q, o, &n), STATUS_INPUT);
    assert_int_equal(planner_search(desks, 2, NULL, o, &n), STATUS_INPUT);
    assert_int_equal(planner_search(desks, 2, &q, NULL, &n), STATUS_INPUT);
    assert_int_equal(planner_search(desks, 2, &q, o, NULL), STATUS_INPUT);
    assert_int_equal(n, 42);

    /* The limits themselves are fine. */
    q.n_services = PLANNER_MAX_SERVICES;
    q.want = PLANNER_MAX_OPTIONS;
    assert_int_equal(planner_search(desks, PLANNER_MAX_DESKS, &q, o, &n),
                     STATUS_OK);
    check_options(desks, PLANNER_MAX_DESKS, &q, o, n, NULL);
    assert_int_equal(n, PLANNER_MAX_OPTIONS);
    q.day_slots = DAYSET_MAX_SLOTS;
    q.earliest = DAYSET_MAX_SLOTS;
    assert_int_equal(planner_search(desks, PLANNER_MAX_DESKS, &q, o, &n),
                     STATUS_OK);
    assert_int_equal(n, 0);
}

/* ---- planner_apply ---- */

static void
test_apply(void **state)
{
    struct planner_desk desks[2];
    struct planner_desk before[2];
    struct planner_service sv[] = {service(0, 3, 0), service(1, 2, 0)};
    struct planner_query q = query(sv, 2, 48, 0, 1, 0);
    struct planner_option o[1];
    struct planner_option bad;
    int n = -1;
    (void)state;

    desk_init(&desks[0], 1u << 0);
    desk_init(&desks[1], 1u << 1);
    dayset_fill(&desks[0].free, 10, 10);
    dayset_fill(&desks[1].free, 10, 10);
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    assert_int_equal(n, 1);
    /* A then B and B then A both end at 15: the listed order wins. */
    assert_int_equal(o[0].arrival, 10);
    assert_int_equal(o[0].leg[0].service, 0);
    assert_int_equal(o[0].leg[1].start, 13);
    assert_int_equal(planner_apply(desks, 2, &o[0]), STATUS_OK);
    assert_int_equal(dayset_count(&desks[0].free), 7);
    assert_int_equal(dayset_count(&desks[1].free), 8);
    assert_false(dayset_any(&desks[0].free, 10, 3));
    assert_false(dayset_any(&desks[1].free, 13, 2));

    /* Again: the slots are gone; nothing changes. */
    memcpy(before, desks, sizeof(desks));
    assert_int_equal(planner_apply(desks, 2, &o[0]), STATUS_CONFLICT);
    assert_memory_equal(before, desks, sizeof(desks));

    /* The next search plans around the booking: B in the last free slots
     * before it, then A right after. */
    assert_int_equal(planner_search(desks, 2, &q, o, &n), STATUS_OK);
    check_options(desks, 2, &q, o, n, NULL);
    assert_int_equal(o[0].arrival, 11);
    assert_int_equal(o[0].waiting, 0);
    assert_int_equal(o[0].leg[0].service, 1);
    assert_int_equal(o[0].leg[1].service, 0);
    assert_int_equal(o[0].leg[1].start, 13);

    /* Two legs of one option on one desk at once. */
    bad = o[0];
    bad.leg[1] = bad.leg[0];
    bad.leg[1].start++;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_CONFLICT);
    assert_memory_equal(before, desks, sizeof(desks));

    bad = o[0];
    bad.leg[1].desk = 2;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_INPUT);
    bad = o[0];
    bad.leg[0].length = 0;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_INPUT);
    bad = o[0];
    bad.leg[0].start = -1;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_INPUT);
    bad = o[0];
    bad.leg[0].start = DAYSET_MAX_SLOTS - 1;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_INPUT);
    bad = o[0];
    bad.n_legs = PLANNER_MAX_SERVICES + 1;
    assert_int_equal(planner_apply(desks, 2, &bad), STATUS_INPUT);
    assert_int_equal(planner_apply(desks, 2, NULL), STATUS_INPUT);
    assert_int_equal(planner_apply(NULL, 2, &o[0]), STATUS_INPUT);
    assert_memory_equal(before, desks, sizeof(desks));
}

/* ---- exhaustive and reference comparisons ---- */

static void
test_exhaustive_small(void **state)
{
    static int best[DAYSET_MAX_SLOTS];
    (void)state;

    for (int round = 0; round < 400; round++) {
        struct planner_desk desks[4];
        struct planner_service sv[3];
        struct planner_option o[PLANNER_MAX_OPTIONS];
        int n_desks = rng_range(2, 4);
        int n_sv = rng_range(2, 3);
        int day = rng_range(24, 40);
        int want = rng_range(1, 4) == 1 ? rng_range(1, 4) : PLANNER_MAX_OPTIONS;
        int spread = rng_range(0, 2) == 0 ? 0 : rng_range(1, 10);
        struct planner_query q = query(sv, n_sv, day, 0, want, spread);
        int n = -1;

        if (rng_range(0, 3) == 0) {
            q.earliest = rng_range(0, day);
        }
        for (int d = 0; d < n_desks; d++) {
            desk_init(&desks[d], (uint64_t)rng_range(0, 7));
            random_free(&desks[d].free, day);
            if (rng_range(0, 5) == 0) {
                /* Some stray free slots past the end of the day. */
                dayset_fill(&desks[d].free, day, rng_range(1, 5));
            }
        }
        random_services(sv, n_sv, 3, 5);
        if (!kinds_covered(desks, n_desks, sv, n_sv)) {
            assert_int_equal(planner_search(desks, n_desks, &q, o, &n),
                             STATUS_NOT_FOUND);
            continue;
        }
        brute_force(desks, n_desks, &q, best);
        check_against(desks, n_desks, &q, best);
    }
}

static void
test_orders_medium(void **state)
{
    static int best[DAYSET_MAX_SLOTS];
    (void)state;

    for (int round = 0; round < 60; round++) {
        struct planner_desk desks[12];
        struct planner_service sv[5];
        int n_desks = rng_range(4, 12);
        int n_sv = rng_range(3, 5);
        int day = rng_range(100, 288);
        struct planner_query q =
            query(sv, n_sv, day, rng_range(0, day / 2),
                  rng_range(1, PLANNER_MAX_OPTIONS), rng_range(0, 15));

        for (int d = 0; d < n_desks; d++) {
            desk_init(&desks[d], (uint64_t)rng_range(1, 15));
            random_free(&desks[d].free, day);
        }
        random_services(sv, n_sv, 4, 8);
        if (!kinds_covered(desks, n_desks, sv, n_sv)) {
            continue;
        }
        by_orders(desks, n_desks, &q, best);
        check_against(desks, n_desks, &q, best);
    }
}

static void
test_random_days(void **state)
{
    (void)state;

    for (int round = 0; round < 400; round++) {
        struct planner_desk desks[PLANNER_MAX_DESKS];
        struct planner_service sv[PLANNER_MAX_SERVICES];
        struct planner_option o[PLANNER_MAX_OPTIONS];
        int n_desks = rng_range(1, round % 10 == 0 ? PLANNER_MAX_DESKS : 12);
        int n_sv = rng_range(1, round % 10 == 0 ? PLANNER_MAX_SERVICES : 5);
        int day = rng_range(1, 10) == 1 ? rng_range(1, DAYSET_MAX_SLOTS) : 288;
        struct planner_query q =
            query(sv, n_sv, day, rng_range(0, 2) == 0 ? rng_range(0, day) : 0,
                  rng_range(1, PLANNER_MAX_OPTIONS), rng_range(0, 24));
        int n = -1;
        enum status st;

        for (int d = 0; d < n_desks; d++) {
            desk_init(&desks[d], rng_next() & rng_next() & 0x3F);
            random_free(&desks[d].free, day);
        }
        random_services(sv, n_sv, 6, 12);
        st = planner_search(desks, n_desks, &q, o, &n);
        if (!kinds_covered(desks, n_desks, sv, n_sv)) {
            assert_int_equal(st, STATUS_NOT_FOUND);
            continue;
        }
        assert_int_equal(st, STATUS_OK);
        check_options(desks, n_desks, &q, o, n, NULL);
    }
}

/* ---- groups ---- */

static void
test_group_cases(void **state)
{
    struct planner_desk desk;
    struct planner_desk copy;
    struct planner_service one[] = {service(0, 3, 0)};
    struct planner_service odd[] = {service(7, 3, 0)};
    struct planner_service cyc[] = {service(0, 1, 1u << 1),
                                    service(0, 1, 1u << 0)};
    struct planner_person persons[3] = {
        {.services = one, .n_services = 1},
        {.services = one, .n_services = 1},
        {.services = one, .n_services = 1},
    };
    struct planner_group_query q = {
        .persons = persons, .n_persons = 2, .day_slots = 40, .earliest = 0};
    struct planner_option o[3];
    int failed = 99;
    (void)state;

    desk_init(&desk, 1);
    dayset_fill(&desk.free, 10, 10);
    copy = desk;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_OK);
    assert_int_equal(failed, -1);
    assert_memory_equal(&copy, &desk, sizeof(desk));
    assert_int_equal(o[0].arrival, 10);
    assert_int_equal(o[1].arrival, 13);
    assert_int_equal(o[0].leg[0].desk, 0);
    assert_int_equal(o[1].leg[0].desk, 0);

    /* Room for two, not three: the third person named. */
    dayset_erase(&desk.free, 16, 4);
    q.n_persons = 3;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_NOT_FOUND);
    assert_int_equal(failed, 2);

    /* The longest person is planned first and gets the one long hole. */
    {
        struct planner_service longer[] = {service(0, 5, 0)};
        struct planner_service shorter[] = {service(0, 2, 0)};
        struct planner_person two[] = {
            {.services = shorter, .n_services = 1},
            {.services = longer, .n_services = 1},
        };
        struct planner_group_query g = {
            .persons = two, .n_persons = 2, .day_slots = 40, .earliest = 0};

        desk_init(&desk, 1);
        dayset_fill(&desk.free, 10, 5);
        dayset_fill(&desk.free, 20, 2);
        assert_int_equal(planner_group(&desk, 1, &g, o, &failed), STATUS_OK);
        assert_int_equal(o[1].arrival, 10);
        assert_int_equal(o[0].arrival, 20);
    }

    /* Planned in index order, every good arrival of the short person
     * (all 16 anchors) would break the only run the long person fits;
     * most constrained first, both fit. */
    {
        struct planner_desk two_desks[2];
        struct planner_service longer[] = {service(0, 20, 0)};
        struct planner_service shorter[] = {service(0, 1, 0)};
        struct planner_person two[] = {
            {.services = shorter, .n_services = 1},
            {.services = longer, .n_services = 1},
        };
        struct planner_group_query g = {
            .persons = two, .n_persons = 2, .day_slots = 60, .earliest = 0};

        desk_init(&two_desks[0], 1);
        dayset_fill(&two_desks[0].free, 10, 20);
        desk_init(&two_desks[1], 1);
        dayset_fill(&two_desks[1].free, 50, 1);
        assert_int_equal(planner_group(two_desks, 2, &g, o, &failed),
                         STATUS_OK);
        assert_int_equal(o[1].arrival, 10);
        assert_int_equal(o[0].arrival, 50);
    }

    /* Near the anchor counts idle time, not distance alone: arriving at
     * the anchor (10) starts with the 4-slot service and then waits for
     * the other one until 24; arriving 3 slots later does both back to
     * back. */
    {
        struct planner_desk three[3];
        struct planner_service lead[] = {service(0, 6, 0)};
        struct planner_service pair[] = {service(1, 4, 0), service(2, 1, 0)};
        struct planner_person two[] = {
            {.services = lead, .n_services = 1},
            {.services = pair, .n_services = 2},
        };
        struct planner_group_query g = {
            .persons = two, .n_persons = 2, .day_slots = 60, .earliest = 0};

        desk_init(&three[0], 1u << 0);
        dayset_fill(&three[0].free, 10, 6);
        desk_init(&three[1], 1u << 1);
        dayset_fill(&three[1].free, 10, 8);
        desk_init(&three[2], 1u << 2);
        dayset_fill(&three[2].free, 13, 1);
        dayset_fill(&three[2].free, 24, 1);
        assert_int_equal(planner_group(three, 3, &g, o, &failed), STATUS_OK);
        assert_int_equal(o[0].arrival, 10);
        assert_int_equal(o[1].arrival, 13);
        assert_int_equal(o[1].waiting, 0);
        assert_int_equal(o[1].end, 18);
    }

    persons[1].services = odd;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_NOT_FOUND);
    assert_int_equal(failed, 1);
    persons[2].services = cyc;
    persons[2].n_services = 2;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_INPUT);
    assert_int_equal(failed, 2);
    persons[2].n_services = 0;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_INPUT);
    assert_int_equal(failed, 2);

    failed = 99;
    q.n_persons = 0;
    assert_int_equal(planner_group(&desk, 1, &q, o, &failed), STATUS_INPUT);
    assert_int_equal(failed, -1);
    q.n_persons = PLANNER_MAX_PERSONS + 1;
    assert_int_equal(planner_group(&desk, 1, &q, o, NULL), STATUS_INPUT);
    q.n_persons = 1;
    q.earliest = 41;
    assert_int_equal(planner_group(&desk, 1, &q, o, NULL), STATUS_INPUT);
    q.earliest = 0;
    assert_int_equal(planner_group(&desk, 1, NULL, o, NULL), STATUS_INPUT);
    assert_int_equal(planner_group(&desk, 1, &q, NULL, NULL), STATUS_INPUT);
    assert_int_equal(planner_group(NULL, 1, &q, o, NULL), STATUS_INPUT);
}

/* A family arriving together: everyone starts within the group's time,
 * no one waits when the day allows it. */
static void
test_group_together(void **state)
{
    struct planner_desk desks[4];
    struct planner_service parent[] = {service(0, 3, 0), service(1, 4, 1u)};
    struct planner_service child[] = {service(1, 2, 0)};
    struct planner_person persons[] = {
        {.services = parent, .n_services = 2},
        {.services = parent, .n_services = 2},
        {.services = child, .n_services = 1},
    };
    struct planner_group_query q = {
        .persons = persons, .n_persons = 3, .day_slots = 100, .earliest = 0};
    struct planner_option o[3];
    (void)state;

    for (int d = 0; d < 4; d++) {
        desk_init(&desks[d], d < 2 ? 1u << 0 : 1u << 1);
        dayset_fill(&desks[d].free, 20, 60);
    }
    /* An early lone hole for one desk of each kind must not split the
     * family across the day. */
    dayset_fill(&desks[0].free, 2, 3);
    dayset_fill(&desks[2].free, 5, 4);
    assert_int_equal(planner_group(desks, 4, &q, o, NULL), STATUS_OK);
    for (int i = 0; i < 3; i++) {
        struct planner_query one = {.services = persons[i].services,
                                    .n_services = persons[i].n_services,
                                    .day_slots = 100,
                                    .earliest = 0,
                                    .want = 1,
                                    .spread = 0};

        check_option(desks, 4, &one, &o[i]);
        assert_int_equal(o[i].waiting, 0);
    }
    /* Both parents at once on the two intake desks, the child along. */
    assert_int_equal(o[0].arrival, o[1].arrival);
    assert_true(o[2].arrival - o[0].arrival <= 3);
}

static void
test_group_random(void **state)
{
    (void)state;

    for (int round = 0; round < 60; round++) {
        struct planner_desk desks[12];
        struct planner_desk copy[12];
        struct planner_service sv[8][3];
        struct planner_person persons[8];
        struct planner_option o[8];
        int n_desks = rng_range(2, 12);
        int n_persons = rng_range(1, 8);
        struct planner_group_query q = {.persons = persons,
                                        .n_persons = n_persons,
                                        .day_slots = 288,
                                        .earliest = rng_range(0, 100)};
        int failed = 99;
        enum status st;
        bool covered = true;

        for (int d = 0; d < n_desks; d++) {
            desk_init(&desks[d], (uint64_t)rng_range(1, 7));
            random_free(&desks[d].free, 288);
        }
        for (int i = 0; i < n_persons; i++) {
            persons[i].services = sv[i];
            persons[i].n_services = rng_range(1, 3);
            random_services(sv[i], persons[i].n_services, 3, 6);
            covered = covered && kinds_covered(desks, n_desks, sv[i],
                                               persons[i].n_services);
        }
        memcpy(copy, desks, sizeof(desks));
        st = planner_group(desks, n_desks, &q, o, &failed);
        assert_memory_equal(copy, desks, sizeof(desks));
        if (!covered) {
            assert_int_equal(st, STATUS_NOT_FOUND);
            assert_in_range(failed, 0, n_persons - 1);
            continue;
        }
        if (st == STATUS_NOT_FOUND) {
            assert_in_range(failed, 0, n_persons - 1);
            continue;
        }
        assert_int_equal(st, STATUS_OK);
        assert_int_equal(failed, -1);
        for (int i = 0; i < n_persons; i++) {
            struct planner_query one = {.services = sv[i],
                                        .n_services = persons[i].n_services,
                                        .day_slots = 288,
                                        .earliest = q.earliest,
                                        .want = 1,
                                        .spread = 0};

            check_option(desks, n_desks, &one, &o[i]);
        }
        /* No desk slot used twice across persons: booking them one after
         * the other must always succeed, checked slot by slot too. */
        for (int i = 0; i < n_persons; i++) {
            for (int l = 0; l < o[i].n_legs; l++) {
                for (int k = 0; k < i; k++) {
                    for (int m = 0; m < o[k].n_legs; m++) {
                        const struct planner_leg *a = &o[i].leg[l];
                        const struct planner_leg *b = &o[k].leg[m];

                        if (a->desk == b->desk &&
                            a->start < b->start + b->length &&
                            b->start < a->start + a->length) {
                            fail_msg("persons %d and %d share desk %d", k, i,
                                     a->desk);
                        }
                    }
                }
            }
            assert_int_equal(planner_apply(copy, n_desks, &o[i]), STATUS_OK);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_service),
        cmocka_unit_test(test_back_to_back),
        cmocka_unit_test(test_break_forces_waiting),
        cmocka_unit_test(test_prerequisite_order),
        cmocka_unit_test(test_closed_desk),
        cmocka_unit_test(test_no_desk_performs),
        cmocka_unit_test(test_earliest),
        cmocka_unit_test(test_slots_for),
        cmocka_unit_test(test_family_lengths),
        cmocka_unit_test(test_spread),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_exhaustive_small),
        cmocka_unit_test(test_orders_medium),
        cmocka_unit_test(test_random_days),
        cmocka_unit_test(test_group_cases),
        cmocka_unit_test(test_group_together),
        cmocka_unit_test(test_group_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
