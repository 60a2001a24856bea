/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Instants in UTC, as stored (ISO 8601, "2026-11-30T20:15:00Z"). */
#ifndef ONESTOP_UTIL_CLOCK_H
#define ONESTOP_UTIL_CLOCK_H

#include <stdbool.h>
#include <time.h>

#define CLOCK_ISO_TEXT 21

/* Seconds since the epoch, now. */
time_t clock_now(void);
/* Formats an instant as UTC ISO 8601 with a Z suffix. */
void clock_format_utc(time_t t, char out[CLOCK_ISO_TEXT]);
/* Parses exactly the form clock_format_utc writes. */
bool clock_parse_utc(const char *s, time_t *out);

/* Makes the process's local time that of the IANA zone named (the
 * locations' zone): sets TZ and reloads it. Call once at start-up, before
 * threads start. False when the zone is unknown to this system. */
bool clock_use_time_zone(const char *zone);
/* Local date ("YYYY-MM-DD") and minute of the day of instant t. */
void clock_local(time_t t, char date_out[11], int *minute_out);
/* The instant (out) of minute (0..1440) of the local date ("YYYY-MM-DD"):
 * the inverse of clock_local. A minute that the change to summer time
 * skips is taken as the one an hour later. False for a bad date. */
bool clock_from_local(const char *date, int minute, time_t *out);

#endif
