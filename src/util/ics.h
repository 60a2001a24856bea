/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* iCalendar (RFC 5545) files of a booking's appointments, so that a
 * newcomer can put the visit in a calendar (libical). */
#ifndef ONESTOP_UTIL_ICS_H
#define ONESTOP_UTIL_ICS_H

#include <stddef.h>

#include "util/status.h"

/* Most events in one calendar: one per desk of a visit, with room. */
#define ICS_MAX_EVENTS 16
/* Longest UID and summary, in code points. */
#define ICS_UID_MAX 255
#define ICS_SUMMARY_MAX 255
/* Longest description and location, in code points. */
#define ICS_TEXT_MAX 2000
/* Length of a DTSTAMP "YYYY-MM-DDTHH:MM:SSZ", without the NUL. */
#define ICS_STAMP_LEN 20

/* One appointment. All strings are valid UTF-8 without control characters
 * (see validate_text()), except where '\n' is allowed. */
struct ics_event {
    const char *uid;         /* globally unique, e.g. "<code>-<n>@onestop" */
    const char *summary;     /* one line, required */
    const char *description; /* may contain '\n'; NULL or "" for none */
    const char *location;    /* the centre's name and address, may contain
                                '\n'; NULL or "" for none */
    const char *date;        /* local date "YYYY-MM-DD" */
    int start_minute;        /* minutes after local midnight, 0..1439 */
    int end_minute;          /* start_minute + 1 .. 1440 (24:00) */
};

struct ics_calendar {
    const char *time_zone; /* IANA name such as "Europe/Amsterdam" */
    const char *stamp_utc; /* the DTSTAMP, "YYYY-MM-DDTHH:MM:SSZ" */
    const struct ics_event *events;
    size_t n_events; /* 1..ICS_MAX_EVENTS */
};

/* Writes cal as an iCalendar object: a VCALENDAR (VERSION 2.0, METHOD
 * PUBLISH) with a VTIMEZONE for cal->time_zone, cut to the rules in force
 * from the first event on, and one VEVENT per event whose DTSTART and DTEND
 * are local times with TZID=<time_zone>. For "UTC" itself, which has no
 * VTIMEZONE, the times are written in UTC ("...Z") instead. Lines end in
 * CRLF, are folded at 75 octets and text is escaped as RFC 5545 asks.
 *
 * out (out): the NUL-terminated text; malloc'ed, the caller frees it with
 * free(). Set only on STATUS_OK.
 *
 * Returns STATUS_INPUT, writing nothing, for: a time zone that is not an
 * IANA name libical knows (its builtin zones, read from the system's
 * tzdata); a bad DTSTAMP; no events or more than ICS_MAX_EVENTS; an event
 * with a missing, blank or too long uid or summary, a bad description or
 * location, a uid used twice, a date that date_parse() refuses, or minutes
 * out of range or end <= start. STATUS_NOMEM when memory runs out.
 *
 * Safe to call from several threads: libical loads a zone once into a
 * process-wide cache, which this module only touches under a lock of its
 * own. The cache lasts until exit or icaltimezone_free_builtin_timezones()
 * (which must not run while ics_write() may). */
enum status ics_write(const struct ics_calendar *cal, char **out);

#endif
