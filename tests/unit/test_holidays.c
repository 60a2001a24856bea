/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of core/holidays: Easter by the Gregorian computus against
 * known dates and the calendar's own constraints over the whole supported
 * range, and the Dutch holiday list (King's Day shift, sorting, capacity). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/holidays.h"

static struct date
mkdate(int y, int m, int d)
{
    struct date date = {y, m, d};
    return date;
}

static void
assert_date_eq(struct date d, int y, int m, int day)
{
    if (d.year != y || d.month != m || d.day != day) {
        fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", d.year, d.month,
                 d.day, y, m, day);
    }
}

/* The holiday with code in list, which must have it once. */
static const struct holiday *
find_code(const struct holiday *list, size_t n, const char *code)
{
    const struct holiday *found = NULL;

    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].code, code) == 0) {
            assert_null(found);
            found = &list[i];
        }
    }
    assert_non_null(found);
    return found;
}

static void
test_easter_known(void **state)
{
    static const int known[][3] = {
        {1900, 4, 15}, {1943, 4, 25}, {1961, 4, 2},  {2000, 4, 23},
        {2008, 3, 23}, {2011, 4, 24}, {2016, 3, 27}, {2019, 4, 21},
        {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28},
        {2038, 4, 25}, {2285, 3, 22}, {9999, 3, 28},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        assert_date_eq(holidays_easter(known[i][0]), known[i][0], known[i][1],
                       known[i][2]);
    }
    assert_date_eq(holidays_easter(1899), 1900, 1, 1);
    assert_date_eq(holidays_easter(10000), 1900, 1, 1);
}

static void
test_easter_constraints(void **state)
{
    int earliest = 0;
    int latest = 0;
    (void)state;

    for (int y = DATE_YEAR_MIN; y <= DATE_YEAR_MAX; y++) {
        struct date e = holidays_easter(y);
        long from_march = date_to_days(e) - date_to_days(mkdate(y, 3, 22));

        assert_true(date_is_valid(e));
        assert_int_equal(e.year, y);
        assert_int_equal(date_weekday(e), 7);
        assert_true(from_march >= 0 && from_march <= 34);
        earliest += from_march == 0;
        latest += from_march == 34;
    }
    /* Both extremes (22 March, 25 April) occur in eight millennia. */
    assert_true(earliest > 0);
    assert_true(latest > 0);
}

static void
test_list_2025(void **state)
{
    static const struct {
        const char *code;
        int month;
        int day;
        const char *en;
        const char *nl;
    } want[] = {
        {"new-years-day", 1, 1, "New Year's Day", "Nieuwjaarsdag"},
        {"good-friday", 4, 18, "Good Friday", "Goede Vrijdag"},
        {"easter-sunday", 4, 20, "Easter Sunday", "Eerste Paasdag"},
        {"easter-monday", 4, 21, "Easter Monday", "Tweede Paasdag"},
        {"kings-day", 4, 26, "King's Day", "Koningsdag"},
        {"liberation-day", 5, 5, "Liberation Day", "Bevrijdingsdag"},
        {"ascension-day", 5, 29, "Ascension Day", "Hemelvaartsdag"},
        {"whit-sunday", 6, 8, "Whit Sunday", "Eerste Pinksterdag"},
        {"whit-monday", 6, 9, "Whit Monday", "Tweede Pinksterdag"},
        {"christmas-day", 12, 25, "Christmas Day", "Eerste Kerstdag"},
        {"boxing-day", 12, 26, "Boxing Day", "Tweede Kerstdag"},
    };
    struct holiday list[HOLIDAYS_NL_COUNT + 2];
    (void)state;

    assert_int_equal(holidays_nl(2025, list, HOLIDAYS_NL_COUNT + 2),
                     HOLIDAYS_NL_COUNT);
    for (size_t i = 0; i < HOLIDAYS_NL_COUNT; i++) {
        assert_string_equal(list[i].code, want[i].code);
        assert_string_equal(list[i].name_en, want[i].en);
        assert_string_equal(list[i].name_nl, want[i].nl);
        assert_date_eq(list[i].date, 2025, want[i].month, want[i].day);
    }
}

static void
test_list_2026(void **state)
{
    struct holiday list[HOLIDAYS_NL_COUNT];
    (void)state;

    assert_int_equal(holidays_nl(2026, list, HOLIDAYS_NL_COUNT),
                     HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "good-friday")->date, 2026, 4, 3);
    assert_date_eq(find_code(list, 11, "easter-sunday")->date, 2026, 4, 5);
    assert_date_eq(find_code(list, 11, "easter-monday")->date, 2026, 4, 6);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2026, 4, 27);
    assert_date_eq(find_code(list, 11, "ascension-day")->date, 2026, 5, 14);
    assert_date_eq(find_code(list, 11, "whit-sunday")->date, 2026, 5, 24);
    assert_date_eq(find_code(list, 11, "whit-monday")->date, 2026, 5, 25);
    assert_date_eq(find_code(list, 11, "boxing-day")->date, 2026, 12, 26);
}

static void
test_kings_day(void **state)
{
    struct holiday list[HOLIDAYS_NL_COUNT];
    (void)state;

    /* 27 April is a Sunday in 2014, 2025 and 2031. */
    holidays_nl(2014, list, HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2014, 4, 26);
    holidays_nl(2025, list, HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2025, 4, 26);
    holidays_nl(2031, list, HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2031, 4, 26);
    holidays_nl(2024, list, HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2024, 4, 27);
    holidays_nl(2020, list, HOLIDAYS_NL_COUNT);
    assert_date_eq(find_code(list, 11, "kings-day")->date, 2020, 4, 27);
}

static void
test_same_day_and_order(void **state)
{
    struct holiday list[HOLIDAYS_NL_COUNT];
    (void)state;

    /* 2016: Ascension Day fell on Liberation Day; both are listed, in the
     * fixed order. 2008: Ascension Day (1 May) came before it. */
    holidays_nl(2016, list, HOLIDAYS_NL_COUNT);
    assert_string_equal(list[5].code, "liberation-day");
    assert_string_equal(list[6].code, "ascension-day");
    assert_date_eq(list[5].date, 2016, 5, 5);
    assert_date_eq(list[6].date, 2016, 5, 5);
    holidays_nl(2008, list, HOLIDAYS_NL_COUNT);
    assert_string_equal(list[5].code, "ascension-day");
    assert_date_eq(list[5].date, 2008, 5, 1);
    assert_string_equal(list[6].code, "liberation-day");
}

static void
test_every_year(void **state)
{
    (void)state;

    for (int y = DATE_YEAR_MIN; y <= DATE_YEAR_MAX; y++) {
        struct holiday list[HOLIDAYS_NL_COUNT];
        const struct holiday *kd;
        struct date easter = holidays_easter(y);

        assert_int_equal(holidays_nl(y, list, HOLIDAYS_NL_COUNT),
                         HOLIDAYS_NL_COUNT);
        for (size_t i = 0; i < HOLIDAYS_NL_COUNT; i++) {
            assert_true(date_is_valid(list[i].date));
            assert_int_equal(list[i].date.year, y);
            if (i > 0) {
                assert_true(date_compare(list[i - 1].date, list[i].date) <= 0);
            }
        }
        assert_int_equal(date_weekday(find_code(list, 11, "good-friday")->date),
                         5);
        assert_int_equal(
            date_weekday(find_code(list, 11, "easter-monday")->date), 1);
        assert_int_equal(
            date_weekday(find_code(list, 11, "ascension-day")->date), 4);
        assert_int_equal(date_weekday(find_code(list, 11, "whit-sunday")->date),
                         7);
        assert_int_equal(date_weekday(find_code(list, 11, "whit-monday")->date),
                         1);
        assert_int_equal(
            date_compare(find_code(list, 11, "easter-sunday")->date, easter),
            0);
        kd = find_code(list, 11, "kings-day");
        assert_true(date_weekday(kd->date) != 7);
        assert_true(kd->date.month == 4 &&
                    (kd->date.day == 27 ||
                     (kd->date.day == 26 && date_weekday(kd->date) == 6)));
    }
}

static void
test_capacity_and_range(void **state)
{
    struct holiday list[HOLIDAYS_NL_COUNT];
    struct holiday sentinel;
    (void)state;

    memset(&sentinel, 0x5A, sizeof(sentinel));
    list[3] = sentinel;
    assert_int_equal(holidays_nl(2025, list, 3), 3);
    assert_string_equal(list[0].code, "new-years-day");
    assert_string_equal(list[2].code, "easter-sunday");
    assert_memory_equal(&list[3], &sentinel, sizeof(sentinel));
    assert_int_equal(holidays_nl(2025, list, 0), 0);
    assert_int_equal(holidays_nl(2025, NULL, 5), 0);
    assert_int_equal(holidays_nl(1899, list, HOLIDAYS_NL_COUNT), 0);
    assert_int_equal(holidays_nl(10000, list, HOLIDAYS_NL_COUNT), 0);
    assert_int_equal(holidays_nl(-2025, list, HOLIDAYS_NL_COUNT), 0);
}

static void
test_find(void **state)
{
    struct holiday h;
    (void)state;

    assert_true(holidays_nl_find(mkdate(2026, 5, 14), &h));
    assert_string_equal(h.code, "ascension-day");
    assert_true(holidays_nl_find(mkdate(2025, 12, 26), &h));
    assert_string_equal(h.name_nl, "Tweede Kerstdag");
    assert_true(holidays_nl_find(mkdate(2016, 5, 5), &h));
    assert_string_equal(h.code, "liberation-day");
    assert_true(holidays_nl_find(mkdate(2025, 4, 26), NULL));
    assert_false(holidays_nl_find(mkdate(2025, 4, 27), &h));
    assert_false(holidays_nl_find(mkdate(2025, 6, 10), &h));
    assert_false(holidays_nl_find(mkdate(2025, 2, 30), &h));
    assert_false(holidays_nl_find(mkdate(1899, 1, 1), &h));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_easter_known),
        cmocka_unit_test(test_easter_constraints),
        cmocka_unit_test(test_list_2025),
        cmocka_unit_test(test_list_2026),
        cmocka_unit_test(test_kings_day),
        cmocka_unit_test(test_same_day_and_order),
        cmocka_unit_test(test_every_year),
        cmocka_unit_test(test_capacity_and_range),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
