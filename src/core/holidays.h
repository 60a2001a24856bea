/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Dutch public holidays of a year, including the moveable feasts computed
 * from the Gregorian Easter date. Pure logic, no I/O. */
#ifndef ONESTOP_CORE_HOLIDAYS_H
#define ONESTOP_CORE_HOLIDAYS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

/* Number of Dutch public holidays in every year. */
#define HOLIDAYS_NL_COUNT 11

struct holiday {
    struct date date;
    const char *code;    /* stable kebab-case identifier, "kings-day" */
    const char *name_en; /* "King's Day" */
    const char *name_nl; /* "Koningsdag" */
};

/* Easter Sunday of year by the Gregorian computus. year must be in
 * DATE_YEAR_MIN..DATE_YEAR_MAX; otherwise the result is 1900-01-01. */
struct date holidays_easter(int year);

/* Writes the Dutch public holidays of year into out, sorted by date (two
 * that fall on one day keep the order of the list below): New Year's Day,
 * Good Friday, Easter Sunday and Monday, King's Day (27 April, 26 April when
 * the 27th is a Sunday), Liberation Day (5 May), Ascension Day, Whit Sunday
 * and Monday, Christmas Day and Boxing Day. The current rules are applied
 * to every year (no Queen's Day before 2014). Writes at most cap entries,
 * the earliest ones first; the strings are static and must not be freed.
 * Returns the number of entries written: min(cap, HOLIDAYS_NL_COUNT), or 0
 * when year is outside DATE_YEAR_MIN..DATE_YEAR_MAX. */
size_t holidays_nl(int year, struct holiday *out, size_t cap);

/* True when d is a Dutch public holiday; then *out (if not NULL) is set to
 * it (the first one, should two fall on d). */
bool holidays_nl_find(struct date d, struct holiday *out);

#endif
