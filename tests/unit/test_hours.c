/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/hours: validation of weekly opening hours and breaks
 * (each rule, with its message and index), the day's slot set, closures,
 * and random schedules checked minute by minute. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "core/hours.h"
#include "core/slot.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define HM(h, m) ((h)*60 + (m))

#define RNG_SEED 0xA4093822299F31D0u
#include "rng.h"

/* Monday to Friday 9:00-12:00 and 13:00-17:00, Thursday evening until
 * 20:00, with a coffee break on Tuesday morning. */
static const struct hours_interval week[] = {
    {1, HM(9, 0), HM(12, 0)}, {1, HM(13, 0), HM(17, 0)},
    {2, HM(9, 0), HM(12, 0)}, {2, HM(13, 0), HM(17, 0)},
    {3, HM(9, 0), HM(12, 0)}, {3, HM(13, 0), HM(17, 0)},
    {4, HM(9, 0), HM(12, 0)}, {4, HM(13, 0), HM(20, 0)},
    {5, HM(9, 0), HM(12, 0)}, {5, HM(13, 0), HM(17, 0)},
};

static const struct hours_interval week_breaks[] = {
    {2, HM(10, 30), HM(10, 45)},
    {4, HM(17, 0), HM(18, 0)},
};

/* Runs hours_validate on one bad element and checks the report. */
static void
expect_error(const struct hours_interval *open, size_t n_open,
             const struct hours_interval *breaks, size_t n_breaks,
             int slot_minutes, int kind, size_t index, const char *message)
{
    struct hours_error err;

    memset(&err, 0x55, sizeof(err));
    assert_int_equal(
        hours_validate(open, n_open, breaks, n_breaks, slot_minutes, &err),
        STATUS_INPUT);
    assert_int_equal(err.kind, kind);
    assert_int_equal(err.index, index);
    assert_string_equal(err.message, message);
    /* err is optional. */
    assert_int_equal(
        hours_validate(open, n_open, breaks, n_breaks, slot_minutes, NULL),
        STATUS_INPUT);
}

static void
test_validate_accepts(void **state)
{
    static const struct hours_interval touching[] = {
        {6, HM(9, 0), HM(12, 0)},
        {6, HM(12, 0), HM(14, 0)},
        {7, 0, SLOT_MINUTES_PER_DAY},
    };
    static const struct hours_interval touching_breaks[] = {
        {6, HM(11, 0), HM(12, 0)}, /* ends where its interval ends */
        {6, HM(12, 0), HM(12, 30)},
        {7, 0, 60},
        {7, 60, 120},
        {7, HM(23, 0), SLOT_MINUTES_PER_DAY},
    };
    struct hours_error err;
    (void)state;

    assert_int_equal(
        hours_validate(week, N(week), week_breaks, N(week_breaks), 15, &err),
        STATUS_OK);
    assert_int_equal(hours_validate(week, N(week), NULL, 0, 5, &err),
                     STATUS_OK);
    assert_int_equal(hours_validate(NULL, 0, NULL, 0, 5, &err), STATUS_OK);
    assert_int_equal(hours_validate(touching, N(touching), touching_breaks,
                                    N(touching_breaks), 30, NULL),
                     STATUS_OK);
    /* Same times on different weekdays never overlap. */
    assert_int_equal(hours_validate(week, N(week), NULL, 0, 60, NULL),
                     STATUS_OK);
}

static void
test_validate_open_fields(void **state)
{
    struct hours_interval iv[2] = {{1, HM(9, 0), HM(12, 0)}};
    (void)state;

    iv[1] = (struct hours_interval){1, HM(12, 0), HM(9, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "closes at 09:00, not after it opens at 12:00");
    iv[1] = (struct hours_interval){1, HM(13, 0), HM(13, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "closes at 13:00, not after it opens at 13:00");
    iv[1] = (struct hours_interval){0, HM(13, 0), HM(14, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "has weekday 0, not 1 (Monday) to 7 (Sunday)");
    iv[1] = (struct hours_interval){8, HM(13, 0), HM(14, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "has weekday 8, not 1 (Monday) to 7 (Sunday)");
    iv[1] = (struct hours_interval){INT_MIN, HM(13, 0), HM(14, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "has weekday -2147483648, not 1 (Monday) to 7 (Sunday)");
    iv[1] = (struct hours_interval){2, HM(13, 7), HM(14, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "opens at 13:07, which is not on the 5-minute slot grid");
    iv[1] = (struct hours_interval){2, HM(13, 0), HM(14, 10)};
    expect_error(iv, 2, NULL, 0, 15, HOURS_ERROR_OPEN, 1,
                 "closes at 14:10, which is not on the 15-minute slot grid");
    iv[1] = (struct hours_interval){2, -60, HM(14, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "opens at minute -60, outside the day (00:00 to 24:00)");
    iv[1] = (struct hours_interval){2, HM(13, 0), 1445};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
                 "closes at minute 1445, outside the day (00:00 to 24:00)");
    iv[1] = (struct hours_interval){2, HM(13, 0), INT_MAX};
    expect_error(
        iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 1,
        "closes at minute 2147483647, outside the day (00:00 to 24:00)");
    /* The first element is reported first. */
    iv[0] = (struct hours_interval){9, HM(9, 0), HM(12, 0)};
    expect_error(iv, 2, NULL, 0, 5, HOURS_ERROR_OPEN, 0,
                 "has weekday 9, not 1 (Monday) to 7 (Sunday)");
}

static void
test_validate_open_overlap(void **state)
{
    static const struct hours_interval iv[] = {
        {1, HM(9, 0), HM(12, 0)},
        {3, HM(9, 0), HM(12, 0)},
        {1, HM(11, 30), HM(13, 0)},
    };
    static const struct hours_interval inside[] = {
        {5, HM(8, 0), HM(18, 0)},
        {5, HM(10, 0), HM(11, 0)},
    };
    static const struct hours_interval same[] = {
        {7, HM(8, 0), HM(9, 0)},
        {7, HM(8, 0), HM(9, 0)},
    };
    (void)state;

    expect_error(iv, N(iv), NULL, 0, 30, HOURS_ERROR_OPEN, 2,
                 "overlaps other opening hours, 09:00-12:00 on Monday");
    expect_error(inside, N(inside), NULL, 0, 30, HOURS_ERROR_OPEN, 1,
                 "overlaps other opening hours, 08:00-18:00 on Friday");
    expect_error(same, N(same), NULL, 0, 30, HOURS_ERROR_OPEN, 1,
                 "overlaps other opening hours, 08:00-09:00 on Sunday");
}

static void
test_validate_breaks(void **state)
{
    struct hours_interval b[2] = {{1, HM(10, 0), HM(10, 15)}};
    (void)state;

    b[1] = (struct hours_interval){1, HM(11, 0), HM(10, 45)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "ends at 10:45, not after it starts at 11:00");
    b[1] = (struct hours_interval){1, HM(11, 2), HM(11, 15)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "starts at 11:02, which is not on the 5-minute slot grid");
    b[1] = (struct hours_interval){-1, HM(11, 0), HM(11, 15)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "has weekday -1, not 1 (Monday) to 7 (Sunday)");
    /* Across the lunch closure: partly outside opening hours. */
    b[1] = (struct hours_interval){1, HM(11, 45), HM(13, 15)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "is not wholly inside one opening interval on Monday "
                 "(11:45-13:15)");
    /* On a day without opening hours. */
    b[1] = (struct hours_interval){6, HM(11, 0), HM(11, 15)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "is not wholly inside one opening interval on Saturday "
                 "(11:00-11:15)");
    /* Starting before opening. */
    b[1] = (struct hours_interval){1, HM(8, 45), HM(9, 15)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "is not wholly inside one opening interval on Monday "
                 "(08:45-09:15)");
    /* Overlapping breaks. */
    b[1] = (struct hours_interval){1, HM(10, 10), HM(10, 20)};
    expect_error(week, N(week), b, 2, 5, HOURS_ERROR_BREAK, 1,
                 "overlaps another break, 10:00-10:15 on Monday");
    /* A bad break is reported after all opening intervals passed. */
    b[0] = (struct hours_interval){1, HM(10, 0), HM(9, 0)};
    expect_error(week, N(week), b, 1, 5, HOURS_ERROR_BREAK, 0,
                 "ends at 09:00, not after it starts at 10:00");
}

static void
test_validate_limits(void **state)
{
    static struct hours_interval many[HOURS_MAX_INTERVALS + 1];
    struct hours_error err;
    (void)state;

    /* 256 five-minute intervals fit a day without overlapping. */
    for (int i = 0; i <= HOURS_MAX_INTERVALS; i++) {
        many[i] = (struct hours_interval){1, i * 5, i * 5 + 5};
    }
    assert_int_equal(
        hours_validate(many, HOURS_MAX_INTERVALS, NULL, 0, 5, &err), STATUS_OK);
    expect_error(many, HOURS_MAX_INTERVALS + 1, NULL, 0, 5, HOURS_ERROR_OPEN,
                 HOURS_MAX_INTERVALS,
                 "is one too many: at most 256 opening intervals are "
                 "allowed");
    expect_error(many, 1, many, HOURS_MAX_INTERVALS + 1, 5, HOURS_ERROR_BREAK,
                 HOURS_MAX_INTERVALS,
                 "is one too many: at most 256 breaks are allowed");

    expect_error(week, N(week), NULL, 0, 7, HOURS_ERROR_SLOT, 0,
                 "slot length of 7 minutes does not divide the day into "
                 "slots of 1 to 60 minutes");
    expect_error(week, N(week), NULL, 0, 0, HOURS_ERROR_SLOT, 0,
                 "slot length of 0 minutes does not divide the day into "
                 "slots of 1 to 60 minutes");
    expect_error(NULL, 3, NULL, 0, 5, HOURS_ERROR_OPEN, 0, "is missing");
    expect_error(week, 1, NULL, 2, 5, HOURS_ERROR_BREAK, 0, "is missing");
}

static void
test_day_set(void **state)
{
    struct dayset d;
    (void)state;

    /* Monday on a 5-minute grid: 9:00-12:00 is slots 108..143. */
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 1, 5, &d);
    assert_int_equal(dayset_count(&d), 36 + 48);
    assert_true(dayset_all(&d, 108, 36));
    assert_true(dayset_all(&d, 156, 48));
    assert_false(dayset_test(&d, 107));
    assert_false(dayset_test(&d, 144));
    assert_false(dayset_test(&d, 204));

    /* Tuesday has the 10:30-10:45 break (slots 126..128). */
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 2, 5, &d);
    assert_int_equal(dayset_count(&d), 36 + 48 - 3);
    assert_true(dayset_test(&d, 125));
    assert_false(dayset_test(&d, 126));
    assert_false(dayset_test(&d, 128));
    assert_true(dayset_test(&d, 129));

    /* Thursday until 20:00 minus 17:00-18:00, on a 60-minute grid. */
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 4, 60, &d);
    assert_int_equal(dayset_count(&d), 3 + 7 - 1);
    assert_true(dayset_all(&d, 13, 4));
    assert_false(dayset_test(&d, 17));
    assert_true(dayset_all(&d, 18, 2));

    /* Weekend, bad weekday, bad grid: empty. */
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 6, 5, &d);
    assert_int_equal(dayset_count(&d), 0);
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 0, 5, &d);
    assert_int_equal(dayset_count(&d), 0);
    hours_day_set(week, N(week), week_breaks, N(week_breaks), 1, 7, &d);
    assert_int_equal(dayset_count(&d), 0);
    hours_day_set(NULL, 5, NULL, 5, 1, 5, &d);
    assert_int_equal(dayset_count(&d), 0);

    /* The whole day on a 1-minute grid. */
    {
        static const struct hours_interval all_day[] = {
            {3, 0, SLOT_MINUTES_PER_DAY}};
        hours_day_set(all_day, 1, NULL, 0, 3, 1, &d);
        assert_int_equal(dayset_count(&d), DAYSET_MAX_SLOTS);
    }
}

static void
test_day_set_unvalidated(void **state)
{
    /* Off-grid, reversed and out-of-range input still gives a safe set:
     * opening rounded inward, breaks outward. */
    static const struct hours_interval open[] = {
        {1, HM(9, 7), HM(11, 58)}, /* slots 10 and 11 of 60 min: 10..10 */
        {1, HM(15, 0), HM(14, 0)}, /* reversed: nothing */
        {1, -500, HM(2, 0)},       /* clamped: 0..1 */
        {1, HM(23, 0), 5000},      /* clamped: 23 */
    };
    static const struct hours_interval breaks[] = {
        {1, HM(1, 59), HM(2, 1)}, /* touches slot 1 and 2 */
        {1, HM(23, 30), HM(23, 0)},
    };
    struct dayset d;
    (void)state;

    hours_day_set(open, N(open), breaks, N(breaks), 1, 60, &d);
    assert_int_equal(dayset_count(&d), 3);
    assert_true(dayset_test(&d, 0));
    assert_false(dayset_test(&d, 1));
    assert_true(dayset_test(&d, 10));
    assert_true(dayset_test(&d, 23));
}

static void
test_closure(void **state)
{
    struct dayset d;
    (void)state;

    dayset_clear(&d);
    dayset_fill(&d, 0, 288);
    /* 10:00-10:30 on 5 minutes: slots 120..125. */
    hours_apply_closure(&d, HM(10, 0), HM(10, 30), 5);
    assert_int_equal(dayset_count(&d), 288 - 6);
    assert_true(dayset_test(&d, 119));
    assert_false(dayset_test(&d, 120));
    assert_false(dayset_test(&d, 125));
    assert_true(dayset_test(&d, 126));
    /* Off grid rounds outward: 14:02-14:06 closes 14:00-14:10. */
    hours_apply_closure(&d, HM(14, 2), HM(14, 6), 5);
    assert_int_equal(dayset_count(&d), 288 - 8);
    assert_false(dayset_test(&d, 168));
    assert_false(dayset_test(&d, 169));
    assert_true(dayset_test(&d, 170));
    /* Nothing for empty or reversed closures or a bad grid. */
    hours_apply_closure(&d, HM(16, 0), HM(16, 0), 5);
    hours_apply_closure(&d, HM(17, 0), HM(16, 0), 5);
    hours_apply_closure(&d, HM(8, 0), HM(9, 0), 7);
    hours_apply_closure(&d, -100, -1, 5);
    hours_apply_closure(&d, 1500, 1600, 5);
    assert_int_equal(dayset_count(&d), 288 - 8);
    /* The whole day, also with extreme values. */
    hours_apply_closure(&d, INT_MIN, INT_MAX, 5);
    assert_int_equal(dayset_count(&d), 0);
    dayset_fill(&d, 0, 288);
    hours_apply_closure(&d, 0, SLOT_MINUTES_PER_DAY, 5);
    assert_int_equal(dayset_count(&d), 0);
}

/* Random valid schedules: every set slot lies wholly in an opening interval
 * and touches no break, and every such slot is set. */
static void
test_random_schedules(void **state)
{
    static const int grids[] = {1, 5, 10, 15, 30, 60};
    (void)state;

    for (int round = 0; round < 2000; round++) {
        int g = grids[rng_range(0, (int)N(grids) - 1)];
        int slots = SLOT_MINUTES_PER_DAY / g;
        struct hours_interval open[8];
        struct hours_interval breaks[8];
        size_t n_open = 0;
        size_t n_breaks = 0;
        int cursor[8] = {0};

        /* Build non-overlapping opening intervals per weekday in order,
         * then breaks inside them, skipping overlaps. */
        for (int k = rng_range(0, 8); k > 0; k--) {
            int wd = rng_range(1, 7);
            int start = cursor[wd] + rng_range(0, 6);
            int end = start + rng_range(1, 8);

            if (end > slots) {
                continue;
            }
            open[n_open++] = (struct hours_interval){wd, start * g, end * g};
            cursor[wd] = end;
        }
        for (size_t i = 0; i < n_open && n_breaks < N(breaks); i++) {
            int lo = open[i].start / g;
            int hi = open[i].end / g;
            int start = rng_range(lo, hi - 1);
            int end = rng_range(start + 1, hi);

            if (rng_range(0, 1) == 0) {
                breaks[n_breaks++] = (struct hours_interval){
                    open[i].weekday, start * g, end * g};
            }
        }
        assert_int_equal(
            hours_validate(open, n_open, breaks, n_breaks, g, NULL), STATUS_OK);
        for (int wd = 1; wd <= 7; wd++) {
            struct dayset d;

            hours_day_set(open, n_open, breaks, n_breaks, wd, g, &d);
            for (int s = 0; s < DAYSET_MAX_SLOTS; s++) {
                bool in_open = false;
                bool in_break = false;

                for (size_t i = 0; i < n_open; i++) {
                    in_open = in_open || (open[i].weekday == wd &&
                                          open[i].start <= s * g &&
                                          (s + 1) * g <= open[i].end);
                }
                for (size_t i = 0; i < n_breaks; i++) {
                    in_break = in_break || (breaks[i].weekday == wd &&
                                            breaks[i].start < (s + 1) * g &&
                                            s * g < breaks[i].end);
                }
                if (dayset_test(&d, s) != (in_open && !in_break)) {
                    fail_msg("round %d weekday %d slot %d", round, wd, s);
                }
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_accepts),
        cmocka_unit_test(test_validate_open_fields),
        cmocka_unit_test(test_validate_open_overlap),
        cmocka_unit_test(test_validate_breaks),
        cmocka_unit_test(test_validate_limits),
        cmocka_unit_test(test_day_set),
        cmocka_unit_test(test_day_set_unvalidated),
        cmocka_unit_test(test_closure),
        cmocka_unit_test(test_random_schedules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
