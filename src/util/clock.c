/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* UTC instants as ISO 8601 text. */
#include "util/clock.h"

#include <string.h>

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
