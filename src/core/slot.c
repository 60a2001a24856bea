/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Minutes of the day and the slot grid. */
#include "core/slot.h"

static int
clamp_minute(int minute)
{
    if (minute < 0) {
        return 0;
    }
    if (minute > SLOT_MINUTES_PER_DAY) {
        return SLOT_MINUTES_PER_DAY;
    }
    return minute;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool
slot_parse_hhmm(const char *s, size_t len, int *minute_out)
{
    int hour;
    int minute;

    if (s == NULL || len != SLOT_HHMM_LEN || s[2] != ':') {
        return false;
    }
    if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[3]) ||
        !is_digit(s[4])) {
        return false;
    }
    hour = (s[0] - '0') * 10 + (s[1] - '0');
    minute = (s[3] - '0') * 10 + (s[4] - '0');
    if (minute > 59) {
        return false;
    }
    /* 24:00 is the end of the day; 24:01 and later do not exist. */
    if (hour > 24 || (hour == 24 && minute != 0)) {
        return false;
    }
    if (minute_out != NULL) {
        *minute_out = hour * 60 + minute;
    }
    return true;
}

void
slot_format_hhmm(int minute, char out[SLOT_HHMM_LEN + 1])
{
    int hour;

    minute = clamp_minute(minute);
    hour = minute / 60;
    minute %= 60;
    out[0] = (char)('0' + hour / 10);
    out[1] = (char)('0' + hour % 10);
    out[2] = ':';
    out[3] = (char)('0' + minute / 10);
    out[4] = (char)('0' + minute % 10);
    out[5] = '\0';
}

bool
slot_grid_valid(int slot_minutes)
{
    return slot_minutes >= 1 && slot_minutes <= SLOT_MINUTES_MAX &&
           SLOT_MINUTES_PER_DAY % slot_minutes == 0;
}

bool
slot_on_grid(int minute, int slot_minutes)
{
    if (!slot_grid_valid(slot_minutes)) {
        return false;
    }
    if (minute < 0 || minute > SLOT_MINUTES_PER_DAY) {
        return false;
    }
    return minute % slot_minutes == 0;
}

int
slot_count(int slot_minutes)
{
    if (!slot_grid_valid(slot_minutes)) {
        return 0;
    }
    return SLOT_MINUTES_PER_DAY / slot_minutes;
}

int
slot_index_floor(int minute, int slot_minutes)
{
    if (!slot_grid_valid(slot_minutes)) {
        return 0;
    }
    return clamp_minute(minute) / slot_minutes;
}

int
slot_index_ceil(int minute, int slot_minutes)
{
    if (!slot_grid_valid(slot_minutes)) {
        return 0;
    }
    return (clamp_minute(minute) + slot_minutes - 1) / slot_minutes;
}
