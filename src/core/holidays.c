/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Dutch public holidays. Easter follows the Gregorian computus: the paschal
 * full moon from the year's place in the 19-year lunar cycle with the
 * century corrections for leap days and the lunar drift, then the Sunday
 * after it. */
#include "core/holidays.h"

/* How a holiday's date is found. */
enum rule {
    RULE_FIXED,     /* month and day */
    RULE_EASTER,    /* days from Easter Sunday */
    RULE_KINGS_DAY, /* 27 April, or 26 when the 27th is a Sunday */
};

struct holiday_rule {
    enum rule rule;
    int month;
    int day; /* day of month, or offset from Easter */
    const char *code;
    const char *name_en;
    const char *name_nl;
};

static const struct holiday_rule rules[HOLIDAYS_NL_COUNT] = {
    {RULE_FIXED, 1, 1, "new-years-day", "New Year's Day", "Nieuwjaarsdag"},
    {RULE_EASTER, 0, -2, "good-friday", "Good Friday", "Goede Vrijdag"},
    {RULE_EASTER, 0, 0, "easter-sunday", "Easter Sunday", "Eerste Paasdag"},
    {RULE_EASTER, 0, 1, "easter-monday", "Easter Monday", "Tweede Paasdag"},
    {RULE_KINGS_DAY, 4, 27, "kings-day", "King's Day", "Koningsdag"},
    {RULE_FIXED, 5, 5, "liberation-day", "Liberation Day", "Bevrijdingsdag"},
    {RULE_EASTER, 0, 39, "ascension-day", "Ascension Day", "Hemelvaartsdag"},
    {RULE_EASTER, 0, 49, "whit-sunday", "Whit Sunday", "Eerste Pinksterdag"},
    {RULE_EASTER, 0, 50, "whit-monday", "Whit Monday", "Tweede Pinksterdag"},
    {RULE_FIXED, 12, 25, "christmas-day", "Christmas Day", "Eerste Kerstdag"},
    {RULE_FIXED, 12, 26, "boxing-day", "Boxing Day", "Tweede Kerstdag"},
};

struct date
holidays_easter(int year)
{
    struct date d = {DATE_YEAR_MIN, 1, 1};
    int golden;     /* place in the 19-year lunar cycle, 0..18 */
    int century;    /* year / 100 */
    int skipped;    /* leap days the Gregorian reform drops */
    int moon_shift; /* correction for the lunar cycle's drift */
    int epact_like; /* days from 21 March to the paschal full moon */
    int to_sunday;  /* days from the full moon to the next Sunday */
    int march_day;  /* Easter as a day counted from 1 March = 1 */

    if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX) {
        return d;
    }
    golden = year % 19;
    century = year / 100;
    skipped = century - century / 4;
    moon_shift = (8 * century + 13) / 25;
    epact_like = (19 * golden + 15 + skipped - moon_shift) % 30;
    /* The Gregorian tables never put the paschal full moon on 19 April,
     * and on 18 April only in the first eleven years of the lunar cycle;
     * otherwise it moves a day earlier. This keeps Easter on or before
     * 25 April. */
    if (epact_like == 29 || (epact_like == 28 && golden > 10)) {
        epact_like--;
    }
    /* The full moon falls on 21 March + epact_like. Find its weekday from
     * a known weekday of 21 March via the day count, then the next Sunday
     * strictly after the full moon. */
    {
        struct date full_moon = {year, 3, 21};
        int weekday;

        full_moon = date_add_days(full_moon, epact_like);
        weekday = date_weekday(full_moon);
        to_sunday = 7 - weekday % 7;
        march_day = 21 + epact_like + to_sunday;
    }
    if (march_day > 31) {
        d.year = year;
        d.month = 4;
        d.day = march_day - 31;
    } else {
        d.year = year;
        d.month = 3;
        d.day = march_day;
    }
    return d;
}

static struct date
rule_date(const struct holiday_rule *r, int year, struct date easter)
{
    struct date d = {year, r->month, r->day};

    switch (r->rule) {
    case RULE_FIXED:
        break;
    case RULE_EASTER:
        d = date_add_days(easter, r->day);
        break;
    case RULE_KINGS_DAY:
        if (date_weekday(d) == 7) {
            d.day--;
        }
        break;
    }
    return d;
}

size_t
holidays_nl(int year, struct holiday *out, size_t cap)
{
    struct holiday all[HOLIDAYS_NL_COUNT];
    struct date easter;
    size_t n;

    if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX || out == NULL) {
        return 0;
    }
    easter = holidays_easter(year);
    for (size_t i = 0; i < HOLIDAYS_NL_COUNT; i++) {
        all[i].date = rule_date(&rules[i], year, easter);
        all[i].code = rules[i].code;
        all[i].name_en = rules[i].name_en;
        all[i].name_nl = rules[i].name_nl;
    }
    /* Insertion sort, stable: Ascension Day can fall on Liberation Day
     * (2016) or before it. */
    for (size_t i = 1; i < HOLIDAYS_NL_COUNT; i++) {
        struct holiday h = all[i];
        size_t j = i;

        while (j > 0 && date_compare(all[j - 1].date, h.date) > 0) {
            all[j] = all[j - 1];
            j--;
        }
        all[j] = h;
    }
    n = cap < HOLIDAYS_NL_COUNT ? cap : HOLIDAYS_NL_COUNT;
    for (size_t i = 0; i < n; i++) {
        out[i] = all[i];
    }
    return n;
}

bool
holidays_nl_find(struct date d, struct holiday *out)
{
    struct holiday all[HOLIDAYS_NL_COUNT];
    size_t n;

    if (!date_is_valid(d)) {
        return false;
    }
    n = holidays_nl(d.year, all, HOLIDAYS_NL_COUNT);
    for (size_t i = 0; i < n; i++) {
        if (date_compare(all[i].date, d) == 0) {
            if (out != NULL) {
                *out = all[i];
            }
            return true;
        }
    }
    return false;
}
