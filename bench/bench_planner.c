/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Benchmark of core/planner: itinerary searches per second for a visitor
 * asking four services (intake before the IND residence document) at a
 * centre of 12 desks, open 08:30-17:00 with breaks on a 5-minute grid and
 * 80% booked. The days come from a fixed-seed generator, so runs compare.
 * Prints one line; never fails on time. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/planner.h"
#include "core/slot.h"

#define N_DESKS 12
#define N_DAYS 32
#define GRID 5
#define BOOKED_PERCENT 80
/* Searches between two looks at the clock. */
#define BATCH 2000
#define RUN_SECONDS 1.5

enum kind {
    KIND_INTAKE = 0,
    KIND_MUNICIPAL = 1,
    KIND_IND = 2,
    KIND_BANK = 3,
};

/* Lengths in slots: intake 15, municipal registration 20, IND 30, bank 10
 * minutes. */
#define LEN_INTAKE 3
#define LEN_MUNICIPAL 4
#define LEN_IND 6
#define LEN_BANK 2

#define RNG_SEED 0x243F6A8885A308D3u
#include "../tests/unit/rng.h"

static int
slot_at(int hour, int minute)
{
    return slot_index_floor(hour * 60 + minute, GRID);
}

/* One desk's day: open 08:30-17:00, a coffee break in the morning and one
 * in the afternoon, a lunch break staggered over the desks. The desk books
 * appointments of its own service's length (appt slots) back to back from
 * the start of each open stretch; BOOKED_PERCENT of the open slots are then
 * taken by booking such appointments at random, and the odd slots at the
 * end of a stretch by short bookings, so the free slots are the holes a
 * real booking calendar leaves. */
static void
make_desk(struct planner_desk *desk, int d, int appt)
{
    int first[64];
    int n_chunks = 0;
    struct dayset open;
    int target;
    int booked = 0;
    int s = 0;

    dayset_clear(&open);
    dayset_fill(&open, slot_at(8, 30), slot_at(17, 0) - slot_at(8, 30));
    dayset_erase(&open, slot_at(10, 15) + (d % 2) * 3, 3);
    dayset_erase(&open, slot_at(12, 0) + (d % 3) * 6, 6);
    dayset_erase(&open, slot_at(15, 0) + (d % 2) * 3, 3);
    target = dayset_count(&open) * BOOKED_PERCENT / 100;
    desk->free = open;
    /* Appointment positions, stretch by stretch. */
    while ((s = dayset_next_set(&open, s)) >= 0) {
        int e = s;

        while (dayset_test(&open, e)) {
            e++;
        }
        for (; s + appt <= e && n_chunks < 64; s += appt) {
            first[n_chunks++] = s;
        }
        s = e;
    }
    while (booked + appt <= target && n_chunks > 0) {
        int k = rng_range(0, n_chunks - 1);

        dayset_erase(&desk->free, first[k], appt);
        booked += appt;
        first[k] = first[--n_chunks];
    }
    while (booked < target) {
        int t = rng_range(slot_at(8, 30), slot_at(17, 0) - 1);

        if (dayset_test(&desk->free, t)) {
            dayset_erase(&desk->free, t, 1);
            booked++;
        }
    }
}

/* Desks 0-2 intake and bank, 3-6 municipal registration, 7-10 IND, 11 a
 * generalist for intake, municipal and bank. */
static void
make_day(struct planner_desk *desks)
{
    for (int d = 0; d < N_DESKS; d++) {
        if (d < 3) {
            desks[d].kinds = 1u << KIND_INTAKE | 1u << KIND_BANK;
            make_desk(&desks[d], d, LEN_INTAKE);
        } else if (d < 7) {
            desks[d].kinds = 1u << KIND_MUNICIPAL;
            make_desk(&desks[d], d, LEN_MUNICIPAL);
        } else if (d < 11) {
            desks[d].kinds = 1u << KIND_IND;
            make_desk(&desks[d], d, LEN_IND);
        } else {
            desks[d].kinds =
                1u << KIND_INTAKE | 1u << KIND_MUNICIPAL | 1u << KIND_BANK;
            make_desk(&desks[d], d, LEN_INTAKE);
        }
    }
}

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
    static struct planner_desk days[N_DAYS][N_DESKS];
    /* The IND desk needs the intake first. */
    const struct planner_service services[] = {
        {.kind = KIND_INTAKE, .length = LEN_INTAKE, .before = 0},
        {.kind = KIND_MUNICIPAL, .length = LEN_MUNICIPAL, .before = 0},
        {.kind = KIND_IND, .length = LEN_IND, .before = 1u << 0},
        {.kind = KIND_BANK, .length = LEN_BANK, .before = 0},
    };
    struct planner_query q = {
        .services = services,
        .n_services = 4,
        .day_slots = slot_count(GRID),
        .earliest = 0,
        .want = 8,
        .spread = 60 / GRID,
    };
    struct planner_option out[PLANNER_MAX_OPTIONS];
    long searches = 0;
    long options = 0;
    long failures = 0;
    double start;
    double elapsed;

    for (int i = 0; i < N_DAYS; i++) {
        make_day(days[i]);
    }
    start = now_seconds();
    do {
        for (int i = 0; i < BATCH; i++) {
            int n = 0;

            if (planner_search(days[searches % N_DAYS], N_DESKS, &q, out, &n) !=
                STATUS_OK) {
                failures++;
            }
            options += n;
            searches++;
        }
        elapsed = now_seconds() - start;
    } while (elapsed < RUN_SECONDS);

    printf("planner: 4-service itinerary searches/s: %.0f (12 desks, %d%% "
           "booked, %d-minute grid; %.1f options per search, %ld failed)\n",
           (double)searches / elapsed, BOOKED_PERCENT, GRID,
           (double)options / (double)searches, failures);
    return failures == 0 ? 0 : 1;
}
