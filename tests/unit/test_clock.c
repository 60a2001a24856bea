/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of util/clock's local times: clock_from_local is the inverse
 * of clock_local in the locations' zone, across the changes to and from
 * summer time, and refuses what is not a date or a minute of the day. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/clock.h"

static int
setup_zone(void **state)
{
    (void)state;
    return clock_use_time_zone("Europe/Amsterdam") ? 0 : -1;
}

static void
test_round_trip(void **state)
{
    static const char *const dates[] = {
        "2026-01-15", "2026-03-29", "2026-06-30", "2026-10-25", "2026-12-31"};
    (void)state;

    for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++) {
        for (int minute = 0; minute < 1440; minute += 5) {
            char date[11];
            int back = -1;
            time_t t;
            /* 02:00-02:59 does not exist on the day summer time starts. */
            if (strcmp(dates[d], "2026-03-29") == 0 && minute >= 120 &&
                minute < 180) {
                continue;
            }
            assert_true(clock_from_local(dates[d], minute, &t));
            clock_local(t, date, &back);
            assert_string_equal(date, dates[d]);
            assert_int_equal(back, minute);
        }
    }
}

static void
test_known_instants(void **state)
{
    char text[CLOCK_ISO_TEXT];
    time_t t;
    (void)state;

    /* Winter: UTC+1; summer: UTC+2. */
    assert_true(clock_from_local("2026-12-01", 9 * 60, &t));
    clock_format_utc(t, text);
    assert_string_equal(text, "2026-12-01T08:00:00Z");
    assert_true(clock_from_local("2026-07-01", 9 * 60 + 30, &t));
    clock_format_utc(t, text);
    assert_string_equal(text, "2026-07-01T07:30:00Z");
    /* The end of the day is the next day's midnight. */
    assert_true(clock_from_local("2026-12-01", 1440, &t));
    clock_format_utc(t, text);
    assert_string_equal(text, "2026-12-01T23:00:00Z");
    assert_true(clock_from_local("2028-02-29", 0, &t));
}

static void
test_refuses(void **state)
{
    time_t t = 7;
    (void)state;

    assert_false(clock_from_local(NULL, 0, &t));
    assert_false(clock_from_local("", 0, &t));
    assert_false(clock_from_local("2026-1-01", 0, &t));
    assert_false(clock_from_local("2026/12/01", 0, &t));
    assert_false(clock_from_local("2026-12-0x", 0, &t));
    assert_false(clock_from_local("2026-12-01 ", 0, &t));
    assert_false(clock_from_local("2026-02-29", 0, &t));
    assert_false(clock_from_local("2026-13-01", 0, &t));
    assert_false(clock_from_local("2026-04-31", 0, &t));
    assert_false(clock_from_local("2026-12-00", 0, &t));
    assert_false(clock_from_local("2026-12-01", -1, &t));
    assert_false(clock_from_local("2026-12-01", 1441, &t));
    assert_int_equal(t, 7);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_known_instants),
        cmocka_unit_test(test_refuses),
    };
    return cmocka_run_group_tests(tests, setup_zone, NULL);
}
