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

#endif
