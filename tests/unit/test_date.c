/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/date: parsing, formatting, validity, day numbers,
 * weekdays and arithmetic, with exhaustive and randomized round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "core/date.h"

#define RNG_SEED 0x243F6A8885A308D3u
#include "rng.h"

static struct date
mkdate(int y, int m, int d)
{
    struct date date = {y, m, d};
    return date;
}

static bool
parse_str(const char *s, struct date *out)
{
    return date_parse(s, strlen(s), out);
}

static void
assert_date(struct date d, int y, int m, int day)
{
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

static void
test_parse_accepts(void **state)
{
    struct date d;
    (void)state;

    assert_true(parse_str("2024-02-29", &d));
    assert_date(d, 2024, 2, 29);
    assert_true(parse_str("2000-02-29", &d));
    assert_date(d, 2000, 2, 29);
    assert_true(parse_str("1900-01-01", &d));
    assert_date(d, 1900, 1, 1);
    assert_true(parse_str("9999-12-31", &d));
    assert_date(d, 9999, 12, 31);
    assert_true(parse_str("2025-04-30", &d));
    assert_date(d, 2025, 4, 30);
    /* len is what counts, not the NUL. */
    assert_true(date_parse("2024-01-05junk", 10, &d));
    assert_date(d, 2024, 1, 5);
    /* out may be NULL when only validity matters. */
    assert_true(parse_str("2024-01-05", NULL));
}

static void
test_parse_rejects(void **state)
{
    static const char *const bad[] = {
        "",
        "2023-02-29", /* not a leap year */
        "1900-02-29", /* divisible by 100, not by 400 */
        "2100-02-29",
        "1899-12-31", /* before the supported range */
        "0000-01-01",
        "10000-01-01",
        "2024-04-31",
        "2024-06-31",
        "2024-09-31",
        "2024-11-31",
        "2024-01-32",
        "2024-00-10",
        "2024-13-01",
        "2024-01-00",
        "2024-1-05",
        "2024-01-5",
        "24-01-05",
        "2024-01-05 ",
        " 2024-01-05",
        "2024-01-05T10:00",
        "2024/01/05",
        "2024_01_05",
        "20240105",
        "+024-01-05",
        "-024-01-05",
        "2024-+1-05",
        "2024-01-0a",
        "2024-01-\xd9\xa5",
        "\357\274\222024-01-05",
    };
    struct date d = {1, 2, 3};
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(parse_str(bad[i], &d));
        /* out untouched on failure */
        assert_date(d, 1, 2, 3);
    }
    assert_false(date_parse("2024-01-05", 9, &d));
    assert_false(date_parse("2024-01\0-05", 10, &d));
    assert_false(date_parse(NULL, 10, &d));
    assert_date(d, 1, 2, 3);
}

static void
test_parse_exhaustive_days(void **state)
{
    /* Every day number 1..31 of every month of two years, checked against
     * the month lengths written out by hand. */
    static const int common[12] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
    (void)state;

    for (int y = 2023; y <= 2024; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int day = 0; day <= 32; day++) {
                char text[16];
                struct date d;
                int length = common[m - 1] + (m == 2 && y == 2024 ? 1 : 0);

                text[0] = (char)('0' + y / 1000);
                text[1] = (char)('0' + y / 100 % 10);
                text[2] = (char)('0' + y / 10 % 10);
                text[3] = (char)('0' + y % 10);
                text[4] = '-';
                text[5] = (char)('0' + m / 10);
                text[6] = (char)('0' + m % 10);
                text[7] = '-';
                text[8] = (char)('0' + day / 10);
                text[9] = (char)('0' + day % 10);
                assert_int_equal(date_parse(text, 10, &d),
                                 day >= 1 && day <= length);
                assert_int_equal(date_days_in_month(y, m), length);
            }
        }
    }
}

static void
test_format(void **state)
{
    char out[DATE_ISO_LEN + 1];
    (void)state;

    date_format(mkdate(2024, 3, 5), out);
    assert_string_equal(out, "2024-03-05");
    date_format(mkdate(1900, 1, 1), out);
    assert_string_equal(out, "1900-01-01");
    date_format(mkdate(9999, 12, 31), out);
    assert_string_equal(out, "9999-12-31");
    date_format(mkdate(2023, 2, 29), out);
    assert_string_equal(out, "0000-00-00");
    date_format(mkdate(INT_MIN, INT_MIN, INT_MIN), out);
    assert_string_equal(out, "0000-00-00");
    date_format(mkdate(INT_MAX, 1, 1), out);
    assert_string_equal(out, "0000-00-00");
}

static void
test_is_valid_and_leap(void **state)
{
    (void)state;

    assert_true(date_is_leap_year(2024));
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(1600));
    assert_false(date_is_leap_year(1900));
    assert_false(date_is_leap_year(2100));
    assert_false(date_is_leap_year(2023));
    assert_true(date_is_leap_year(0));
    assert_true(date_is_leap_year(-4));
    assert_false(date_is_leap_year(-1));
    assert_false(date_is_leap_year(INT_MIN + 1));

    assert_true(date_is_valid(mkdate(2024, 2, 29)));
    assert_false(date_is_valid(mkdate(2023, 2, 29)));
    assert_false(date_is_valid(mkdate(2024, 0, 1)));
    assert_false(date_is_valid(mkdate(2024, 13, 1)));
    assert_false(date_is_valid(mkdate(2024, 1, 0)));
    assert_false(date_is_valid(mkdate(1899, 12, 31)));
    assert_false(date_is_valid(mkdate(10000, 1, 1)));
    assert_false(date_is_valid(mkdate(INT_MAX, INT_MAX, INT_MAX)));

    assert_int_equal(date_days_in_month(2024, 0), 0);
    assert_int_equal(date_days_in_month(2024, 13), 0);
    assert_int_equal(date_days_in_month(1900, 2), 28);
}

static void
test_day_numbers(void **state)
{
    (void)state;

    assert_int_equal(date_to_days(mkdate(1970, 1, 1)), 0);
    assert_int_equal(date_to_days(mkdate(1969, 12, 31)), -1);
    assert_int_equal(date_to_days(mkdate(2000, 3, 1)), 11017);
    assert_int_equal(date_to_days(mkdate(2024, 1, 1)), 19723);
    assert_int_equal(date_to_days(mkdate(2024, 2, 29)), 19782);
    assert_int_equal(date_to_days(mkdate(1900, 1, 1)), DATE_DAYS_MIN);
    assert_int_equal(date_to_days(mkdate(9999, 12, 31)), DATE_DAYS_MAX);

    assert_date(date_from_days(0), 1970, 1, 1);
    assert_date(date_from_days(19782), 2024, 2, 29);
    assert_date(date_from_days(11017), 2000, 3, 1);
    assert_date(date_from_days(-1), 1969, 12, 31);
    /* Clamped to the supported range. */
    assert_date(date_from_days(DATE_DAYS_MIN - 1), 1900, 1, 1);
    assert_date(date_from_days(LONG_MIN), 1900, 1, 1);
    assert_date(date_from_days(DATE_DAYS_MAX + 1), 9999, 12, 31);
    assert_date(date_from_days(LONG_MAX), 9999, 12, 31);
}

static void
test_day_numbers_normalise(void **state)
{
    (void)state;

    assert_int_equal(date_to_days(mkdate(2024, 13, 1)),
                     date_to_days(mkdate(2025, 1, 1)));
    assert_int_equal(date_to_days(mkdate(2024, 0, 1)),
                     date_to_days(mkdate(2023, 12, 1)));
    assert_int_equal(date_to_days(mkdate(2024, -11, 1)),
                     date_to_days(mkdate(2023, 1, 1)));
    assert_int_equal(date_to_days(mkdate(2024, 3, 0)),
                     date_to_days(mkdate(2024, 2, 29)));
    assert_int_equal(date_to_days(mkdate(2023, 1, 60)),
                     date_to_days(mkdate(2023, 3, 1)));
    /* Absurd fields must not overflow (UBSan watches this). */
    (void)date_to_days(mkdate(INT_MAX, INT_MAX, INT_MAX));
    (void)date_to_days(mkdate(INT_MIN, INT_MIN, INT_MIN));
    (void)date_weekday(mkdate(INT_MIN, INT_MAX, INT_MIN));
    assert_date(date_add_days(mkdate(INT_MAX, INT_MAX, INT_MAX), 1), 9999, 12,
                31);
}

static void
test_weekday(void **state)
{
    (void)state;

    assert_int_equal(date_weekday(mkdate(1970, 1, 1)), 4);
    assert_int_equal(date_weekday(mkdate(1969, 12, 31)), 3);
    assert_int_equal(date_weekday(mkdate(1900, 1, 1)), 1);
    assert_int_equal(date_weekday(mkdate(2024, 1, 1)), 1);
    assert_int_equal(date_weekday(mkdate(2000, 2, 29)), 2);
    assert_int_equal(date_weekday(mkdate(2025, 4, 27)), 7);
    assert_int_equal(date_weekday(mkdate(2026, 4, 27)), 1);
    assert_int_equal(date_weekday(mkdate(9999, 12, 31)), 5);
}

static void
test_add_days(void **state)
{
    (void)state;

    assert_date(date_add_days(mkdate(2024, 2, 28), 1), 2024, 2, 29);
    assert_date(date_add_days(mkdate(2024, 2, 29), 1), 2024, 3, 1);
    assert_date(date_add_days(mkdate(2023, 2, 28), 1), 2023, 3, 1);
    assert_date(date_add_days(mkdate(2024, 12, 31), 1), 2025, 1, 1);
    assert_date(date_add_days(mkdate(2025, 1, 1), -1), 2024, 12, 31);
    assert_date(date_add_days(mkdate(2024, 3, 1), -1), 2024, 2, 29);
    assert_date(date_add_days(mkdate(2024, 1, 1), 366), 2025, 1, 1);
    assert_date(date_add_days(mkdate(2024, 5, 17), 0), 2024, 5, 17);
    assert_date(date_add_days(mkdate(2000, 1, 1), 146097), 2400, 1, 1);
    /* Saturation at both ends, also for extreme n. */
    assert_date(date_add_days(mkdate(9999, 12, 31), 1), 9999, 12, 31);
    assert_date(date_add_days(mkdate(1900, 1, 1), -1), 1900, 1, 1);
    assert_date(date_add_days(mkdate(2024, 1, 1), LONG_MAX), 9999, 12, 31);
    assert_date(date_add_days(mkdate(2024, 1, 1), LONG_MIN), 1900, 1, 1);
}

static void
test_compare(void **state)
{
    (void)state;

    assert_int_equal(date_compare(mkdate(2024, 1, 1), mkdate(2024, 1, 1)), 0);
    assert_int_equal(date_compare(mkdate(2023, 12, 31), mkdate(2024, 1, 1)),
                     -1);
    assert_int_equal(date_compare(mkdate(2024, 1, 2), mkdate(2024, 1, 1)), 1);
    assert_int_equal(date_compare(mkdate(2024, 2, 1), mkdate(2024, 1, 31)), 1);
    assert_int_equal(date_compare(mkdate(2024, 1, 31), mkdate(2024, 2, 1)), -1);
    assert_int_equal(date_compare(mkdate(INT_MIN, 1, 1), mkdate(INT_MAX, 1, 1)),
                     -1);
}

/* Walks every day of the supported range: day numbers are consecutive,
 * dates are valid and strictly increasing, weekdays cycle, and format and
 * parse round-trip. */
static void
test_every_day_round_trip(void **state)
{
    struct date prev = date_from_days(DATE_DAYS_MIN);
    int prev_weekday = date_weekday(prev);
    (void)state;

    assert_date(prev, 1900, 1, 1);
    for (long n = DATE_DAYS_MIN + 1; n <= DATE_DAYS_MAX; n++) {
        struct date d = date_from_days(n);
        int weekday = date_weekday(d);

        if (!date_is_valid(d) || date_to_days(d) != n ||
            date_compare(prev, d) >= 0 || weekday != prev_weekday % 7 + 1) {
            fail_msg("day %ld breaks the round trip", n);
        }
        if (n % 97 == 0) {
            char text[DATE_ISO_LEN + 1];
            struct date back;

            date_format(d, text);
            assert_true(date_parse(text, DATE_ISO_LEN, &back));
            assert_int_equal(date_compare(back, d), 0);
        }
        prev = d;
        prev_weekday = weekday;
    }
    assert_date(prev, 9999, 12, 31);
}

static void
test_random_round_trip(void **state)
{
    (void)state;

    for (int i = 0; i < 200000; i++) {
        int y = rng_range(DATE_YEAR_MIN, DATE_YEAR_MAX);
        int m = rng_range(1, 12);
        struct date d = mkdate(y, m, rng_range(1, date_days_in_month(y, m)));
        long n = date_to_days(d);
        long k = rng_range(-40000, 40000);
        struct date e = date_add_days(d, k);

        assert_int_equal(date_compare(date_from_days(n), d), 0);
        if (n + k >= DATE_DAYS_MIN && n + k <= DATE_DAYS_MAX) {
            assert_int_equal(date_to_days(e), n + k);
            assert_int_equal(date_compare(date_add_days(e, -k), d), 0);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_accepts),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_exhaustive_days),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_is_valid_and_leap),
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_day_numbers_normalise),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_every_day_round_trip),
        cmocka_unit_test(test_random_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
