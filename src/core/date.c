/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Civil dates in the proleptic Gregorian calendar. Day numbers count from
 * 1970-01-01 and are computed from whole years plus a month table, with
 * floor division so that normalisation of odd field values stays exact. */
#include "core/date.h"

#include <limits.h>

/* Days before the first of each month in a common year. */
static const int days_before_month[12] = {
    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

static long long
floor_div(long long a, long long b)
{
    long long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

static long long
floor_mod(long long a, long long b)
{
    return a - floor_div(a, b) * b;
}

/* Leap years in the years 1..y (negative counts for y < 0). */
static long long
leap_years_through(long long y)
{
    return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

/* Days from 1970-01-01 to y-01-01. */
static long long
days_before_year(long long y)
{
    return 365 * (y - 1970) + leap_years_through(y - 1) -
           leap_years_through(1969);
}

static bool
leap_year_ll(long long y)
{
    return floor_mod(y, 4) == 0 &&
           (floor_mod(y, 100) != 0 || floor_mod(y, 400) == 0);
}

bool
date_is_leap_year(int year)
{
    return leap_year_ll(year);
}

int
date_days_in_month(int year, int month)
{
    static const int length[12] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        return 0;
    }
    if (month == 2 && date_is_leap_year(year)) {
        return 29;
    }
    return length[month - 1];
}

bool
date_is_valid(struct date d)
{
    if (d.year < DATE_YEAR_MIN || d.year > DATE_YEAR_MAX) {
        return false;
    }
    if (d.month < 1 || d.month > 12) {
        return false;
    }
    return d.day >= 1 && d.day <= date_days_in_month(d.year, d.month);
}

/* Value of n ASCII digits at s, or -1 when one of them is not a digit. */
static int
parse_digits(const char *s, int n)
{
    int value = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

bool
date_parse(const char *s, size_t len, struct date *out)
{
    struct date d;

    if (s == NULL || len != DATE_ISO_LEN) {
        return false;
    }
    if (s[4] != '-' || s[7] != '-') {
        return false;
    }
    d.year = parse_digits(s, 4);
    d.month = parse_digits(s + 5, 2);
    d.day = parse_digits(s + 8, 2);
    if (d.year < 0 || d.month < 0 || d.day < 0 || !date_is_valid(d)) {
        return false;
    }
    if (out != NULL) {
        *out = d;
    }
    return true;
}

static void
put_digits(char *out, int value, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

void
date_format(struct date d, char out[DATE_ISO_LEN + 1])
{
    if (!date_is_valid(d)) {
        d.year = 0;
        d.month = 0;
        d.day = 0;
    }
    put_digits(out, d.year, 4);
    out[4] = '-';
    put_digits(out + 5, d.month, 2);
    out[7] = '-';
    put_digits(out + 8, d.day, 2);
    out[10] = '\0';
}

long
date_to_days(struct date d)
{
    long long month0 = (long long)d.month - 1;
    long long year = (long long)d.year + floor_div(month0, 12);
    long long days;

    month0 = floor_mod(month0, 12);
    days = days_before_year(year) + days_before_month[month0] + d.day - 1;
    if (month0 >= 2 && leap_year_ll(year)) {
        days++;
    }
#if LONG_MAX < LLONG_MAX
    /* Only reachable with absurd fields where long is narrower than long
     * long. */
    if (days > LONG_MAX) {
        return LONG_MAX;
    }
    if (days < LONG_MIN) {
        return LONG_MIN;
    }
#endif
    return (long)days;
}

struct date
date_from_days(long days)
{
    struct date d;
    long long year;
    long long day_of_year;
    int month = 1;
    bool leap;

    if (days < DATE_DAYS_MIN) {
        days = DATE_DAYS_MIN;
    }
    if (days > DATE_DAYS_MAX) {
        days = DATE_DAYS_MAX;
    }
    /* 146097 days make 400 Gregorian years; the estimate is off by at most
     * one year, which the two loops correct. */
    year = 1970 + floor_div((long long)days * 400, 146097);
    while (days_before_year(year + 1) <= days) {
        year++;
    }
    while (days_before_year(year) > days) {
        year--;
    }
    day_of_year = days - days_before_year(year);
    leap = leap_year_ll(year);
    while (month < 12) {
        long long next = days_before_month[month];
        if (month >= 2 && leap) {
            next++;
        }
        if (day_of_year < next) {
            break;
        }
        month++;
    }
    day_of_year -= days_before_month[month - 1];
    if (month > 2 && leap) {
        day_of_year--;
    }
    d.year = (int)year;
    d.month = month;
    d.day = (int)day_of_year + 1;
    return d;
}

int
date_weekday(struct date d)
{
    /* 1970-01-01 was a Thursday (ISO weekday 4). */
    return (int)floor_mod((long long)date_to_days(d) + 3, 7) + 1;
}

struct date
date_add_days(struct date d, long n)
{
    long base = date_to_days(d);

    /* Saturate instead of overflowing; date_from_days clamps anyway. */
    if (n > 0 && base > LONG_MAX - n) {
        return date_from_days(LONG_MAX);
    }
    if (n < 0 && base < LONG_MIN - n) {
        return date_from_days(LONG_MIN);
    }
    return date_from_days(base + n);
}

int
date_compare(struct date a, struct date b)
{
    if (a.year != b.year) {
        return a.year < b.year ? -1 : 1;
    }
    if (a.month != b.month) {
        return a.month < b.month ? -1 : 1;
    }
    if (a.day != b.day) {
        return a.day < b.day ? -1 : 1;
    }
    return 0;
}
