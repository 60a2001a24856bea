/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* iCalendar files through libical: the input is checked in full first, so
 * that libical only ever sees values it can write; then a VCALENDAR is built
 * and serialised. */
#include "util/ics.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/slot.h"
#include "core/validate.h"

#define ICS_PRODID "-//onestop//booking//EN"

/* An event after its checks: the local start and end. */
struct ics_span {
    struct icaltimetype start;
    struct icaltimetype end;
};

static bool
ics_digits(const char *s, size_t n, int max, int *out)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* "YYYY-MM-DDTHH:MM:SSZ" exactly; no leap second, which libical would roll
 * into the next minute. The zone (UTC) is set later, under ics_zone_lock. */
static bool
ics_parse_stamp(const char *s, struct icaltimetype *out)
{
    struct icaltimetype t = icaltime_null_time();
    struct date d;

    if (s == NULL || strnlen(s, ICS_STAMP_LEN + 1) != ICS_STAMP_LEN) {
        return false;
    }
    if (!date_parse(s, DATE_ISO_LEN, &d) || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z') {
        return false;
    }
    if (!ics_digits(s + 11, 2, 23, &t.hour) ||
        !ics_digits(s + 14, 2, 59, &t.minute) ||
        !ics_digits(s + 17, 2, 59, &t.second)) {
        return false;
    }
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    *out = t;
    return true;
}

/* Local wall-clock time without a zone: the TZID parameter names it. */
static struct icaltimetype
ics_local_time(struct date d, int minute)
{
    struct icaltimetype t = icaltime_null_time();

    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    t.hour = minute / 60;
    t.minute = minute % 60;
    return t;
}

/* Field by field, as icaltime_compare() would first touch libical's zone
 * cache outside ics_zone_lock. */
static bool
ics_local_before(struct icaltimetype a, struct icaltimetype b)
{
    const int ka[] = {a.year, a.month, a.day, a.hour, a.minute};
    const int kb[] = {b.year, b.month, b.day, b.hour, b.minute};

    for (size_t i = 0; i < sizeof ka / sizeof ka[0]; i++) {
        if (ka[i] != kb[i]) {
            return ka[i] < kb[i];
        }
    }
    return false;
}

static bool
ics_check_event(const struct ics_event *ev, struct ics_span *span)
{
    struct date d;
    struct date end_day;
    int end_minute;

    if (!validate_text(ev->uid, ICS_UID_MAX) ||
        !validate_text(ev->summary, ICS_SUMMARY_MAX)) {
        return false;
    }
    if (ev->description != NULL &&
        !validate_multiline_text(ev->description, ICS_TEXT_MAX)) {
        return false;
    }
    if (ev->location != NULL &&
        !validate_multiline_text(ev->location, ICS_TEXT_MAX)) {
        return false;
    }
    if (ev->date == NULL ||
        !date_parse(ev->date, strnlen(ev->date, DATE_ISO_LEN + 1), &d)) {
        return false;
    }
    if (ev->start_minute < 0 || ev->start_minute >= SLOT_MINUTES_PER_DAY ||
        ev->end_minute <= ev->start_minute ||
        ev->end_minute > SLOT_MINUTES_PER_DAY) {
        return false;
    }
    /* 24:00 is written as 00:00 of the next day, as RFC 5545 times only go
     * to 23:59:60; there is no next day after the last supported one. */
    end_day = d;
    end_minute = ev->end_minute;
    if (end_minute == SLOT_MINUTES_PER_DAY) {
        end_day = date_add_days(d, 1);
        end_minute = 0;
        if (date_compare(end_day, d) == 0) {
            return false;
        }
    }
    span->start = ics_local_time(d, ev->start_minute);
    span->end = ics_local_time(end_day, end_minute);
    return true;
}

/* A calendar program merges events by UID, so two alike would become one. */
static bool
ics_uids_distinct(const struct ics_calendar *cal)
{
    for (size_t i = 1; i < cal->n_events; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(cal->events[i].uid, cal->events[j].uid) == 0) {
                return false;
            }
        }
    }
    return true;
}

/* libical's constructors return NULL when memory runs out; adding NULL
 * would only set icalerrno, so the check is here. */
static enum status
ics_add(icalcomponent *c, icalproperty *p)
{
    if (p == NULL) {
        return STATUS_NOMEM;
    }
    icalcomponent_add_property(c, p);
    return STATUS_OK;
}

/* DTSTART or DTEND: a local time with TZID, or a UTC time for UTC. */
static enum status
ics_add_time(icalcomponent *c, icalproperty_kind kind, struct icaltimetype t,
             const char *tzid)
{
    icalproperty *p = NULL;
    icalvalue *value = NULL;
    icalparameter *param = NULL;
    enum status st = STATUS_NOMEM;

    if (tzid == NULL) {
        t.zone = icaltimezone_get_utc_timezone();
    }
    p = icalproperty_new(kind);
    value = icalvalue_new_datetime(t);
    if (tzid != NULL) {
        param = icalparameter_new_tzid(tzid);
    }
    if (p == NULL || value == NULL || (tzid != NULL && param == NULL)) {
        goto out;
    }
    icalproperty_set_value(p, value);
    value = NULL;
    if (param != NULL) {
        icalproperty_add_parameter(p, param);
        param = NULL;
    }
    icalcomponent_add_property(c, p);
    p = NULL;
    st = STATUS_OK;
out:
    if (param != NULL) {
        icalparameter_free(param);
    }
    if (value != NULL) {
        icalvalue_free(value);
    }
    if (p != NULL) {
        icalproperty_free(p);
    }
    return st;
}

static enum status
ics_add_event(icalcomponent *vcal, const struct ics_event *ev,
              const struct ics_span *span, struct icaltimetype stamp,
              const char *tzid)
{
    icalcomponent *vev = NULL;
    enum status st;

    vev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (vev == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    st = ics_add(vev, icalproperty_new_uid(ev->uid));
    if (st == STATUS_OK) {
        st = ics_add(vev, icalproperty_new_dtstamp(stamp));
    }
    if (st == STATUS_OK) {
        st = ics_add_time(vev, ICAL_DTSTART_PROPERTY, span->start, tzid);
    }
    if (st == STATUS_OK) {
        st = ics_add_time(vev, ICAL_DTEND_PROPERTY, span->end, tzid);
    }
    if (st == STATUS_OK) {
        st = ics_add(vev, icalproperty_new_summary(ev->summary));
    }
    if (st == STATUS_OK && ev->description != NULL &&
        ev->description[0] != '\0') {
        st = ics_add(vev, icalproperty_new_description(ev->description));
    }
    if (st == STATUS_OK && ev->location != NULL && ev->location[0] != '\0') {
        st = ics_add(vev, icalproperty_new_location(ev->location));
    }
    if (st != STATUS_OK) {
        goto out;
    }
    icalcomponent_add_component(vcal, vev);
    vev = NULL;
out:
    if (vev != NULL) {
        icalcomponent_free(vev);
    }
    return st;
}

/* libical's zone cache is not safe for concurrent use: looking a zone up
 * compares the names of cached zones while loading one frees and replaces
 * its name, zones missing from zone.tab are appended unlocked, and the cache
 * itself is created on first use behind an unlocked check. So every call of
 * ics_write() makes its first use of libical's zones under this lock (later
 * uses of the UTC zone then see the cache as the lock left it); nothing
 * else in onestop uses libical's zones. ThreadSanitizer reported these races
 * in test_ics's thread test before the lock was added. */
static pthread_mutex_t ics_zone_lock = PTHREAD_MUTEX_INITIALIZER;

/* Looks name up and sets *vtz (out) to a copy of its VTIMEZONE under the
 * plain IANA name (libical's own TZIDs carry a
 * "/freeassociation.sourceforge.net/" prefix that calendar programs do not
 * recognise), cut to the rules in force from the local time `from` on: the
 * full history since the 19th century would be some 200 lines.
 * ms_compatible keeps the observances as yearly RRULEs, the form Outlook
 * needs. *vtz is NULL for UTC, which has no VTIMEZONE. */
static enum status
ics_zone_component(const char *name, struct icaltimetype from,
                   icalcomponent **vtz, icaltimezone **utc_out)
{
    icalcomponent *copy = NULL;
    icaltimezone *zone;
    icaltimezone *utc;
    icalcomponent *comp;
    icalproperty *tzid;
    enum status st;

    pthread_mutex_lock(&ics_zone_lock);
    utc = icaltimezone_get_utc_timezone();
    /* name passed validate_timezone_name() first: libical opens a file of
     * that name in the zoneinfo directory when zone.tab does not list it. */
    zone = icaltimezone_get_builtin_timezone(name);
    if (zone == NULL) {
        st = STATUS_INPUT;
        goto out;
    }
    if (zone == utc) {
        st = STATUS_OK;
        goto out;
    }
    comp = icaltimezone_get_component(zone);
    if (comp == NULL) {
        st = STATUS_INPUT;
        goto out;
    }
    copy = icalcomponent_new_clone(comp);
    if (copy == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    from.zone = zone;
    from = icaltime_convert_to_zone(from, utc);
    icaltimezone_truncate_vtimezone(copy, from, icaltime_null_time(), 1);
    tzid = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY);
    if (tzid == NULL) {
        st = STATUS_INTERNAL;
        goto out;
    }
    icalproperty_set_tzid(tzid, name);
    st = STATUS_OK;
out:
    pthread_mutex_unlock(&ics_zone_lock);
    if (st != STATUS_OK && copy != NULL) {
        icalcomponent_free(copy);
        copy = NULL;
    }
    if (st == STATUS_OK) {
        *vtz = copy;
        *utc_out = utc;
    }
    return st;
}

enum status
ics_write(const struct ics_calendar *cal, char **out)
{
    struct ics_span spans[ICS_MAX_EVENTS];
    icalcomponent *vcal = NULL;
    icalcomponent *vtz = NULL;
    char *text = NULL;
    char *copy = NULL;
    icaltimezone *utc;
    struct icaltimetype stamp;
    struct icaltimetype first;
    const char *tzid;
    enum status st;

    /* n_events >= 1 is checked below, but gcc -O2 cannot see spans[0] set. */
    memset(spans, 0, sizeof spans);
    if (cal == NULL || cal->events == NULL || cal->n_events == 0 ||
        cal->n_events > ICS_MAX_EVENTS ||
        !ics_parse_stamp(cal->stamp_utc, &stamp) ||
        !validate_timezone_name(cal->time_zone)) {
        st = STATUS_INPUT;
        goto out;
    }
    for (size_t i = 0; i < cal->n_events; i++) {
        if (!ics_check_event(&cal->events[i], &spans[i])) {
            st = STATUS_INPUT;
            goto out;
        }
    }
    if (!ics_uids_distinct(cal)) {
        st = STATUS_INPUT;
        goto out;
    }
    first = spans[0].start;
    for (size_t i = 1; i < cal->n_events; i++) {
        if (ics_local_before(spans[i].start, first)) {
            first = spans[i].start;
        }
    }
    st = ics_zone_component(cal->time_zone, first, &vtz, &utc);
    if (st != STATUS_OK) {
        goto out;
    }
    stamp.zone = utc;
    tzid = vtz != NULL ? cal->time_zone : NULL;

    vcal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    if (vcal == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    st = ics_add(vcal, icalproperty_new_version("2.0"));
    if (st == STATUS_OK) {
        st = ics_add(vcal, icalproperty_new_prodid(ICS_PRODID));
    }
    if (st == STATUS_OK) {
        st = ics_add(vcal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    }
    /* Before the events, for readers that resolve a TZID as they go. */
    if (st == STATUS_OK && vtz != NULL) {
        icalcomponent_add_component(vcal, vtz);
        vtz = NULL;
    }
    for (size_t i = 0; i < cal->n_events && st == STATUS_OK; i++) {
        st = ics_add_event(vcal, &cal->events[i], &spans[i], stamp, tzid);
    }
    if (st != STATUS_OK) {
        goto out;
    }
    /* The _r form allocates the text for us instead of lending a slot of
     * libical's per-thread ring buffer, which a later call would reuse. */
    text = icalcomponent_as_ical_string_r(vcal);
    if (text == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    /* A copy, so that callers free with free() whatever allocator libical
     * was built with. */
    copy = strdup(text);
    if (copy == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    *out = copy;
out:
    if (text != NULL) {
        icalmemory_free_buffer(text);
    }
    if (vtz != NULL) {
        icalcomponent_free(vtz);
    }
    if (vcal != NULL) {
        icalcomponent_free(vcal);
    }
    return st;
}
