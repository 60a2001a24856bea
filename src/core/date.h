/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Civil dates in the proleptic Gregorian calendar: strict ISO 8601 parsing
 * and formatting, validity, day arithmetic and weekdays. Pure logic, no I/O.
 *
 * The supported range is DATE_YEAR_MIN-01-01 .. DATE_YEAR_MAX-12-31; every
 * date this module produces lies in it. */
#ifndef ONESTOP_CORE_DATE_H
#define ONESTOP_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 9999
/* Length of "YYYY-MM-DD", without the terminating NUL. */
#define DATE_ISO_LEN 10
/* date_to_days() of 1900-01-01 and of 9999-12-31. */
#define DATE_DAYS_MIN (-25567L)
#define DATE_DAYS_MAX 2932896L

struct date {
    int year;  /* DATE_YEAR_MIN..DATE_YEAR_MAX */
    int month; /* 1..12 */
    int day;   /* 1..28/29/30/31 */
};

/* True when year is a Gregorian leap year (any year, also outside the
 * supported range). */
bool date_is_leap_year(int year);

/* Number of days in the month (28..31), or 0 when month is not 1..12. */
int date_days_in_month(int year, int month);

/* Parses exactly len bytes of s as "YYYY-MM-DD" (ASCII digits, no sign, no
 * spaces, nothing before or after). The year must be in the supported range
 * and the date must exist (2023-02-29 does not). s need not be
 * NUL-terminated. out: set only when the function returns true. */
bool date_parse(const char *s, size_t len, struct date *out);

/* Writes d as "YYYY-MM-DD" plus a NUL into out. A date that is not valid
 * (date_is_valid() false) is written as "0000-00-00". */
void date_format(struct date d, char out[DATE_ISO_LEN + 1]);

/* True when d is a real calendar date in the supported range. */
bool date_is_valid(struct date d);

/* Days since 1970-01-01 (negative before it). Meant for valid dates; other
 * field values are normalised arithmetically (month 13 is January of the
 * next year, day 0 the last day of the month before), never overflowing. */
long date_to_days(struct date d);

/* The date that is days after 1970-01-01. days is clamped to
 * DATE_DAYS_MIN..DATE_DAYS_MAX, so the result is always a valid date. */
struct date date_from_days(long days);

/* ISO weekday of d: 1 = Monday .. 7 = Sunday. */
int date_weekday(struct date d);

/* d plus n days (n may be negative), saturating at the ends of the
 * supported range. */
struct date date_add_days(struct date d, long n);

/* Compares a and b field by field: negative, 0 or positive as a is before,
 * equal to or after b. Returns exactly -1, 0 or 1. */
int date_compare(struct date a, struct date b);

#endif
