/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/slot: "HH:MM" parsing and formatting, the slot grid
 * and rounding of minutes to slot indexes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "core/slot.h"

static bool
parse_str(const char *s, int *minute)
{
    return slot_parse_hhmm(s, strlen(s), minute);
}

static void
test_parse_accepts(void **state)
{
    int m = -1;
    (void)state;

    assert_true(parse_str("00:00", &m));
    assert_int_equal(m, 0);
    assert_true(parse_str("00:01", &m));
    assert_int_equal(m, 1);
    assert_true(parse_str("09:30", &m));
    assert_int_equal(m, 570);
    assert_true(parse_str("12:00", &m));
    assert_int_equal(m, 720);
    assert_true(parse_str("23:59", &m));
    assert_int_equal(m, 1439);
    assert_true(parse_str("24:00", &m));
    assert_int_equal(m, SLOT_MINUTES_PER_DAY);
    assert_true(slot_parse_hhmm("08:15:00", 5, &m));
    assert_int_equal(m, 495);
    assert_true(parse_str("17:45", NULL));
}

static void
test_parse_rejects(void **state)
{
    static const char *const bad[] = {
        "",       "24:01",  "24:59",    "25:00", "99:00", "12:60",
        "12:99",  "9:00",   "09:0",     "0900",  "09-00", "09.00",
        "09:00 ", " 09:00", "0a:00",    "09:0a", "-1:00", "+1:00",
        "09:-1",  "09:+1",  "24:00:00", "2400",  "::::",  "\xd9\xa1\xd9\xa2:00",
    };
    int m = 77;
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(parse_str(bad[i], &m));
        assert_int_equal(m, 77);
    }
    assert_false(slot_parse_hhmm("09:00", 4, &m));
    assert_false(slot_parse_hhmm("09:00", 6, &m));
    assert_false(slot_parse_hhmm("09\0:00", 5, &m));
    assert_false(slot_parse_hhmm(NULL, 5, &m));
    assert_int_equal(m, 77);
}

/* Every two-digit hour and minute: exactly 00:00..23:59 and 24:00 parse. */
static void
test_parse_exhaustive(void **state)
{
    int accepted = 0;
    (void)state;

    for (int h = 0; h < 100; h++) {
        for (int mm = 0; mm < 100; mm++) {
            char text[5] = {(char)('0' + h / 10), (char)('0' + h % 10), ':',
                            (char)('0' + mm / 10), (char)('0' + mm % 10)};
            int m = -1;
            bool want = (h < 24 && mm < 60) || (h == 24 && mm == 0);

            assert_int_equal(slot_parse_hhmm(text, 5, &m), want);
            if (want) {
                assert_int_equal(m, h * 60 + mm);
                accepted++;
            }
        }
    }
    assert_int_equal(accepted, SLOT_MINUTES_PER_DAY + 1);
}

static void
test_format(void **state)
{
    char out[SLOT_HHMM_LEN + 1];
    (void)state;

    slot_format_hhmm(0, out);
    assert_string_equal(out, "00:00");
    slot_format_hhmm(59, out);
    assert_string_equal(out, "00:59");
    slot_format_hhmm(60, out);
    assert_string_equal(out, "01:00");
    slot_format_hhmm(570, out);
    assert_string_equal(out, "09:30");
    slot_format_hhmm(1439, out);
    assert_string_equal(out, "23:59");
    slot_format_hhmm(1440, out);
    assert_string_equal(out, "24:00");
    /* Clamped. */
    slot_format_hhmm(-5, out);
    assert_string_equal(out, "00:00");
    slot_format_hhmm(INT_MIN, out);
    assert_string_equal(out, "00:00");
    slot_format_hhmm(1441, out);
    assert_string_equal(out, "24:00");
    slot_format_hhmm(INT_MAX, out);
    assert_string_equal(out, "24:00");
}

static void
test_format_parse_round_trip(void **state)
{
    (void)state;

    for (int m = 0; m <= SLOT_MINUTES_PER_DAY; m++) {
        char out[SLOT_HHMM_LEN + 1];
        int back = -1;

        slot_format_hhmm(m, out);
        assert_int_equal(strlen(out), SLOT_HHMM_LEN);
        assert_true(slot_parse_hhmm(out, SLOT_HHMM_LEN, &back));
        assert_int_equal(back, m);
    }
}

static void
test_grid_valid(void **state)
{
    static const int good[] = {1,  2,  3,  4,  5,  6,  8,  9,  10, 12, 15,
                               16, 18, 20, 24, 30, 32, 36, 40, 45, 48, 60};
    int n_valid = 0;
    (void)state;

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_true(slot_grid_valid(good[i]));
        assert_int_equal(slot_count(good[i]), SLOT_MINUTES_PER_DAY / good[i]);
    }
    for (int s = -100; s <= 2000; s++) {
        if (slot_grid_valid(s)) {
            n_valid++;
            assert_true(s >= 1 && s <= 60 && 1440 % s == 0);
        }
    }
    assert_int_equal(n_valid, (int)(sizeof(good) / sizeof(good[0])));
    assert_false(slot_grid_valid(0));
    assert_false(slot_grid_valid(7));
    assert_false(slot_grid_valid(90));
    assert_false(slot_grid_valid(1440));
    assert_false(slot_grid_valid(INT_MIN));
    assert_false(slot_grid_valid(INT_MAX));
    assert_int_equal(slot_count(7), 0);
    assert_int_equal(slot_count(5), 288);
}

static void
test_on_grid(void **state)
{
    (void)state;

    assert_true(slot_on_grid(0, 5));
    assert_true(slot_on_grid(545, 5));
    assert_true(slot_on_grid(1440, 5));
    assert_true(slot_on_grid(1440, 45));
    assert_false(slot_on_grid(547, 5));
    assert_false(slot_on_grid(1445, 5));
    assert_false(slot_on_grid(-5, 5));
    assert_false(slot_on_grid(INT_MIN, 5));
    assert_false(slot_on_grid(600, 7));
    assert_false(slot_on_grid(600, 0));
    assert_true(slot_on_grid(1439, 1));
    assert_false(slot_on_grid(15, 30));
}

static void
test_index_rounding(void **state)
{
    (void)state;

    assert_int_equal(slot_index_floor(0, 5), 0);
    assert_int_equal(slot_index_floor(4, 5), 0);
    assert_int_equal(slot_index_floor(5, 5), 1);
    assert_int_equal(slot_index_floor(1440, 5), 288);
    assert_int_equal(slot_index_floor(-30, 5), 0);
    assert_int_equal(slot_index_floor(INT_MAX, 5), 288);
    assert_int_equal(slot_index_ceil(0, 5), 0);
    assert_int_equal(slot_index_ceil(1, 5), 1);
    assert_int_equal(slot_index_ceil(5, 5), 1);
    assert_int_equal(slot_index_ceil(6, 5), 2);
    assert_int_equal(slot_index_ceil(1439, 5), 288);
    assert_int_equal(slot_index_ceil(INT_MAX, 5), 288);
    assert_int_equal(slot_index_ceil(INT_MIN, 5), 0);
    assert_int_equal(slot_index_floor(100, 7), 0);
    assert_int_equal(slot_index_ceil(100, 7), 0);
    for (int m = 0; m <= 1440; m++) {
        int lo = slot_index_floor(m, 15);
        int hi = slot_index_ceil(m, 15);

        assert_true(lo * 15 <= m && m < (lo + 1) * 15 + (m == 1440));
        assert_true(hi * 15 >= m && (hi - 1) * 15 < m + (m == 0));
        assert_int_equal(hi - lo, m % 15 != 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_accepts),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_exhaustive),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_parse_round_trip),
        cmocka_unit_test(test_grid_valid),
        cmocka_unit_test(test_on_grid),
        cmocka_unit_test(test_index_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
