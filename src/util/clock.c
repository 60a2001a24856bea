/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* UTC instants as ISO 8601 text, and local dates and times. */
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

time_t
clock_now(void)
{
    return time(NULL);
}

void
clock_format_utc(time_t t, char out[CLOCK_ISO_TEXT])
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, CLOCK_ISO_TEXT, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool
clock_digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool
clock_parse_utc(const char *s, time_t *out)
{
    struct tm tm;
    int year, mon, day, hour, min, sec;

    memset(&tm, 0, sizeof tm);
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
        return false;
    }
    if (!clock_digits(s, 4, &year) || !clock_digits(s + 5, 2, &mon) ||
        !clock_digits(s + 8, 2, &day) || !clock_digits(s + 11, 2, &hour) ||
        !clock_digits(s + 14, 2, &min) || !clock_digits(s + 17, 2, &sec)) {
        return false;
    }
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 ||
        sec > 60) {
        return false;
    }
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    *out = timegm(&tm);
    return true;
}

bool
clock_use_time_zone(const char *zone)
{
    char path[512];

    /* glibc silently falls back to UTC for an unknown zone; check that the
     * zone's file exists so that a typo is an error, not a wrong clock. */
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    if (zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") != NULL ||
        access(path, R_OK) != 0) {
        return false;
    }
    if (setenv("TZ", zone, 1) != 0) {
        return false;
    }
    tzset();
    return true;
}

void
clock_local(time_t t, char date_out[11], int *minute_out)
{
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(date_out, 11, "%Y-%m-%d", &tm);
    *minute_out = tm.tm_hour * 60 + tm.tm_min;
}

static int
clock_days_in_month(int year, int mon)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return mon == 2 && leap ? 29 : days[mon - 1];
}

bool
clock_from_local(const char *date, int minute, time_t *out)
{
    struct tm tm;
    int year;
    int mon;
    int day;
    time_t t;

    if (date == NULL || strlen(date) != 10 || date[4] != '-' ||
        date[7] != '-' || minute < 0 || minute > 1440) {
        return false;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) {
            return false;
        }
    }
    year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
           (date[2] - '0') * 10 + (date[3] - '0');
    mon = (date[5] - '0') * 10 + (date[6] - '0');
    day = (date[8] - '0') * 10 + (date[9] - '0');
    if (mon < 1 || mon > 12 || day < 1 ||
        day > clock_days_in_month(year, mon)) {
        return false; /* mktime would roll 2026-02-31 over into March */
    }
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    tm.tm_isdst = -1; /* the zone's rules decide */
    t = mktime(&tm);
    if (t == (time_t)-1) {
        return false;
    }
    *out = t;
    return true;
}
