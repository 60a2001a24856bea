/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Unit tests of util/ics: the calendar is parsed back with libical and each
 * event's times, zone and texts compared; the local times are converted to
 * UTC with the VTIMEZONE the file itself carries; CRLF line ends, folding at
 * 75 octets and the refusal of bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libical/ical.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ics.h"

#define ZONE "Europe/Amsterdam"
#define STAMP "2025-03-01T10:15:00Z"

static const char description[] =
    "Bring your passport, the rental contract; and a birth certificate,\n"
    "legalised (apostille) \\ translated.\n\nDesk 3, first floor.";
static const char location[] =
    "One-stop shop, Stationsplein 1, 1012 AB Amsterdam";

/* Before, in and after summer time, the last one ending at 24:00. */
static const struct ics_event events[] = {
    {"K7Q2-M4XP-1@onestop", "Intake", description, location, "2025-03-10",
     9 * 60, 9 * 60 + 30},
    {"K7Q2-M4XP-2@onestop", "Municipal registration (BRP)", NULL, location,
     "2025-07-01", 13 * 60 + 45, 14 * 60 + 15},
    {"K7Q2-M4XP-3@onestop", "IND: residence permit, biometrics", "", NULL,
     "2025-10-26", 23 * 60, 24 * 60},
};

/* What each event must come back as: the local DTSTART and DTEND values
 * and the same instants in UTC. */
static const struct {
    const char *start;
    const char *end;
    const char *start_utc;
    const char *end_utc;
} expected[] = {
    {"20250310T090000", "20250310T093000", "20250310T080000Z",
     "20250310T083000Z"},
    {"20250701T134500", "20250701T141500", "20250701T114500Z",
     "20250701T121500Z"},
    {"20251026T230000", "20251027T000000", "20251026T220000Z",
     "20251026T230000Z"},
};

static struct ics_calendar
calendar(void)
{
    struct ics_calendar cal = {ZONE, STAMP, events,
                               sizeof events / sizeof events[0]};
    return cal;
}

static size_t
count_occurrences(const char *s, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(s, needle); p != NULL;
         p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

/* text lives in the caller, where gcc -O2 can see it outlive the pointers
 * into the document (an inlined local here made it warn of dangling). */
static void
write_ok(const struct ics_calendar *cal, char **text)
{
    *text = NULL;
    assert_int_equal(ics_write(cal, text), STATUS_OK);
    assert_non_null(*text);
}

/* The instant of a local time in zone, as "YYYYMMDDTHHMMSSZ". */
static void
assert_utc(struct icaltimetype local, icaltimezone *zone, const char *want)
{
    struct icaltimetype utc;
    char *got;

    local.zone = zone;
    utc = icaltime_convert_to_zone(local, icaltimezone_get_utc_timezone());
    got = icaltime_as_ical_string_r(utc);
    assert_string_equal(got, want);
    icalmemory_free_buffer(got);
}

static void
assert_time_property(icalcomponent *ev, icalproperty_kind kind,
                     const char *tzid, const char *want_local,
                     icaltimezone *zone, const char *want_utc)
{
    icalproperty *p = icalcomponent_get_first_property(ev, kind);
    icalparameter *param;
    struct icaltimetype t;
    char *text;

    assert_non_null(p);
    param = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (tzid == NULL) {
        assert_null(param);
    } else {
        assert_non_null(param);
        assert_string_equal(icalparameter_get_tzid(param), tzid);
    }
    t = icalvalue_get_datetime(icalproperty_get_value(p));
    t.zone = NULL;
    text = icaltime_as_ical_string_r(t);
    assert_string_equal(text, want_local);
    icalmemory_free_buffer(text);
    if (zone != NULL) {
        assert_utc(t, zone, want_utc);
    }
}

static void
test_round_trip(void **state)
{
    struct ics_calendar cal = calendar();
    char *text;
    icalcomponent *root;
    icalcomponent *vtz;
    icalcomponent *ev;
    icaltimezone *zone;
    size_t i = 0;
    (void)state;

    write_ok(&cal, &text);
    root = icalparser_parse_string(text);
    assert_non_null(root);
    assert_int_equal(icalcomponent_isa(root), ICAL_VCALENDAR_COMPONENT);
    assert_string_equal(
        icalproperty_get_version(
            icalcomponent_get_first_property(root, ICAL_VERSION_PROPERTY)),
        "2.0");
    assert_string_equal(
        icalproperty_get_prodid(
            icalcomponent_get_first_property(root, ICAL_PRODID_PROPERTY)),
        "-//onestop//booking//EN");
    assert_int_equal(icalproperty_get_method(icalcomponent_get_first_property(
                         root, ICAL_METHOD_PROPERTY)),
                     ICAL_METHOD_PUBLISH);

    /* The zone is the file's own VTIMEZONE, not libical's copy. */
    assert_int_equal(
        icalcomponent_count_components(root, ICAL_VTIMEZONE_COMPONENT), 1);
    vtz = icalcomponent_get_first_component(root, ICAL_VTIMEZONE_COMPONENT);
    assert_non_null(vtz);
    assert_string_equal(icalproperty_get_tzid(icalcomponent_get_first_property(
                            vtz, ICAL_TZID_PROPERTY)),
                        ZONE);
    zone = icaltimezone_new();
    assert_non_null(zone);
    assert_true(icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)));

    assert_int_equal(
        icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT),
        (int)cal.n_events);
    for (ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
         ev != NULL;
         ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        const struct ics_event *want = &events[i];
        const char *desc = icalcomponent_get_description(ev);
        const char *loc = icalcomponent_get_location(ev);

        assert_string_equal(icalcomponent_get_uid(ev), want->uid);
        assert_string_equal(icalcomponent_get_summary(ev), want->summary);
        if (want->description == NULL || want->description[0] == '\0') {
            assert_null(desc);
        } else {
            assert_string_equal(desc, want->description);
        }
        if (want->location == NULL) {
            assert_null(loc);
        } else {
            assert_string_equal(loc, want->location);
        }
        assert_time_property(ev, ICAL_DTSTART_PROPERTY, ZONE, expected[i].start,
                             zone, expected[i].start_utc);
        assert_time_property(ev, ICAL_DTEND_PROPERTY, ZONE, expected[i].end,
                             zone, expected[i].end_utc);
        assert_true(icaltime_is_utc(icalcomponent_get_dtstamp(ev)));
        {
            char *stamp =
                icaltime_as_ical_string_r(icalcomponent_get_dtstamp(ev));

            assert_string_equal(stamp, "20250301T101500Z");
            icalmemory_free_buffer(stamp);
        }
        i++;
    }
    assert_int_equal(i, cal.n_events);

    /* The text as written: the escapes RFC 5545 asks for. */
    assert_non_null(
        strstr(text, "\r\nDTSTART;TZID=" ZONE ":20250310T090000\r\n"));
    assert_non_null(strstr(text, "\r\nTZID:" ZONE "\r\n"));
    assert_non_null(strstr(text, "DESCRIPTION:Bring your passport\\, the "));

    icaltimezone_free(zone, 1);
    icalcomponent_free(root);
    free(text);
}

/* Every line ends in CRLF, no CR or LF stands alone, and no line is longer
 * than 75 octets; continuation lines start with a space and do not split a
 * UTF-8 sequence. Returns the number of continuation lines. */
static size_t
check_lines(const char *text)
{
    size_t folded = 0;
    const char *line = text;

    assert_true(strlen(text) > 2);
    while (*line != '\0') {
        const char *lf = strchr(line, '\n');
        size_t len;

        assert_non_null(lf);
        assert_true(lf > line);
        assert_int_equal(lf[-1], '\r');
        len = (size_t)(lf - line) - 1;
        assert_null(memchr(line, '\r', len));
        assert_true(len <= 75);
        if (line[0] == ' ') {
            folded++;
            assert_true(len >= 2);
            assert_false(((unsigned char)line[1] & 0xC0) == 0x80);
        }
        line = lf + 1;
    }
    return folded;
}

static void
test_crlf_and_folding(void **state)
{
    char ascii[ICS_SUMMARY_MAX + 1];
    char accents[2 * 150 + 2];
    struct ics_event ev[2] = {events[0], events[1]};
    struct ics_calendar cal = calendar();
    char *text;
    icalcomponent *root;
    icalcomponent *vev;
    (void)state;

    write_ok(&cal, &text);
    assert_int_equal(strncmp(text, "BEGIN:VCALENDAR\r\n", 17), 0);
    assert_non_null(strstr(text, "\r\nEND:VCALENDAR\r\n"));
    assert_string_equal(text + strlen(text) - 2, "\r\n");
    check_lines(text);
    free(text);

    /* A summary of the longest length, without a space to break at, and
     * one of two-byte characters. */
    for (size_t i = 0; i < ICS_SUMMARY_MAX; i++) {
        ascii[i] = (char)('a' + i % 26);
    }
    ascii[ICS_SUMMARY_MAX] = '\0';
    accents[0] = 'x';
    for (size_t i = 0; i < 150; i++) {
        memcpy(accents + 1 + 2 * i, "\xc3\xa9", 2);
    }
    accents[sizeof accents - 1] = '\0';
    ev[0].summary = ascii;
    ev[1].summary = accents;
    cal.events = ev;
    cal.n_events = 2;
    write_ok(&cal, &text);
    assert_true(check_lines(text) >= 3 + 4);
    root = icalparser_parse_string(text);
    assert_non_null(root);
    vev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    assert_string_equal(icalcomponent_get_summary(vev), ascii);
    vev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT);
    assert_string_equal(icalcomponent_get_summary(vev), accents);
    icalcomponent_free(root);
    free(text);
}

static void
test_description_survives(void **state)
{
    static const char *const texts[] = {
        "a,b;c:d\\e\nf",
        ",;\\\n",
        "\n\nline after two blank lines\n",
        "Stationsplein 1\n1012 AB Amsterdam\nthe Netherlands",
        "\xe2\x80\x94 \xc3\xa9\xc3\xa9n, twee; drie \xf0\x9f\x93\x85",
    };
    struct ics_event ev = events[0];
    struct ics_calendar cal = calendar();
    (void)state;

    cal.events = &ev;
    cal.n_events = 1;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *text;
        icalcomponent *root;
        icalcomponent *vev;

        ev.description = texts[i];
        ev.location = texts[i];
        write_ok(&cal, &text);
        check_lines(text);
        root = icalparser_parse_string(text);
        assert_non_null(root);
        vev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
        assert_string_equal(icalcomponent_get_description(vev), texts[i]);
        assert_string_equal(icalcomponent_get_location(vev), texts[i]);
        icalcomponent_free(root);
        free(text);
    }
}

static void
test_other_zones(void **state)
{
    struct ics_event ev = events[0];
    struct ics_calendar cal = calendar();
    char *text;
    icalcomponent *root;
    icalcomponent *vev;
    (void)state;

    cal.events = &ev;
    cal.n_events = 1;

    /* UTC has no VTIMEZONE: the times are UTC times. */
    cal.time_zone = "UTC";
    write_ok(&cal, &text);
    assert_null(strstr(text, "VTIMEZONE"));
    assert_null(strstr(text, "TZID"));
    root = icalparser_parse_string(text);
    vev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
    assert_time_property(vev, ICAL_DTSTART_PROPERTY, NULL, "20250310T090000",
                         NULL, NULL);
    assert_non_null(strstr(text, "\r\nDTSTART:20250310T090000Z\r\n"));
    assert_non_null(strstr(text, "\r\nDTEND:20250310T093000Z\r\n"));
    icalcomponent_free(root);
    free(text);

    /* A zone without summer time and one west of Greenwich. */
    cal.time_zone = "Asia/Tokyo";
    write_ok(&cal, &text);
    assert_non_null(strstr(text, "\r\nTZID:Asia/Tokyo\r\n"));
    assert_non_null(
        strstr(text, "\r\nDTSTART;TZID=Asia/Tokyo:20250310T090000\r\n"));
    free(text);
    cal.time_zone = "America/New_York";
    write_ok(&cal, &text);
    root = icalparser_parse_string(text);
    {
        icalcomponent *vtz =
            icalcomponent_get_first_component(root, ICAL_VTIMEZONE_COMPONENT);
        icaltimezone *zone = icaltimezone_new();

        assert_true(
            icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)));
        vev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
        /* Summer time there began on 9 March 2025: UTC-4. */
        assert_time_property(vev, ICAL_DTSTART_PROPERTY, "America/New_York",
                             "20250310T090000", zone, "20250310T130000Z");
        icaltimezone_free(zone, 1);
    }
    icalcomponent_free(root);
    free(text);
}

static void
test_most_events(void **state)
{
    struct ics_event ev[ICS_MAX_EVENTS + 1];
    char uids[ICS_MAX_EVENTS + 1][16];
    struct ics_calendar cal = calendar();
    static char untouched[] = "untouched";
    char *text;
    (void)state;

    for (size_t i = 0; i <= ICS_MAX_EVENTS; i++) {
        ev[i] = events[0];
        uids[i][0] = (char)('a' + i);
        memcpy(uids[i] + 1, "@onestop", sizeof "@onestop");
        ev[i].uid = uids[i];
    }
    cal.events = ev;
    cal.n_events = ICS_MAX_EVENTS;
    write_ok(&cal, &text);
    assert_int_equal(count_occurrences(text, "BEGIN:VEVENT\r\n"),
                     ICS_MAX_EVENTS);
    free(text);

    text = untouched;
    cal.n_events = ICS_MAX_EVENTS + 1;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    cal.n_events = 0;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    assert_ptr_equal(text, untouched);
}

/* Runs ics_write() on events[0] changed by one field and expects a refusal
 * that leaves the out-parameter alone. */
static void
refuse_event(struct ics_event ev)
{
    struct ics_calendar cal = calendar();
    static char untouched[] = "untouched";
    char *text = untouched;

    cal.events = &ev;
    cal.n_events = 1;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    assert_ptr_equal(text, untouched);
}

static void
refuse_calendar(const char *time_zone, const char *stamp)
{
    struct ics_calendar cal = calendar();
    static char untouched[] = "untouched";
    char *text = untouched;

    cal.time_zone = time_zone;
    cal.stamp_utc = stamp;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    assert_ptr_equal(text, untouched);
}

static void
test_refuses(void **state)
{
    static const char *const bad_dates[] = {
        "2025-02-29", "2025-3-10",  "2025-03-10x", "2025-03-10 ", "",
        "10-03-2025", "2025-13-01", "1899-12-31",  "2025/03/10",
    };
    static const char *const bad_stamps[] = {
        "2025-03-01T10:15:00",  "2025-03-01 10:15:00Z",
        "2025-03-01T24:00:00Z", "2025-03-01T10:60:00Z",
        "2025-03-01T10:15:60Z", "20250301T101500Z",
        "2025-02-29T10:15:00Z", "2025-03-01T10:15:00Zx",
        "2025-03-01T1:15:00Z",  "",
    };
    static const char *const bad_zones[] = {
        "Mars/Olympus",
        "",
        "../etc/passwd",
        "Europe/Amsterdam ",
        "/usr/share/zoneinfo/Europe/Amsterdam",
        "Europe//Amsterdam",
        "Europe/../Europe/Amsterdam",
    };
    static char untouched[] = "untouched";
    struct ics_event ev;
    struct ics_event two[2] = {events[0], events[1]};
    struct ics_calendar cal = calendar();
    char *text = untouched;
    char long_uid[ICS_UID_MAX + 2];
    (void)state;

    assert_int_equal(ics_write(NULL, &text), STATUS_INPUT);
    cal.events = NULL;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    assert_ptr_equal(text, untouched);

    ev = events[0];
    ev.uid = NULL;
    refuse_event(ev);
    ev.uid = "";
    refuse_event(ev);
    ev.uid = "  ";
    refuse_event(ev);
    memset(long_uid, 'u', sizeof long_uid - 1);
    long_uid[sizeof long_uid - 1] = '\0';
    ev.uid = long_uid;
    refuse_event(ev);
    ev.uid = "a\nb@onestop";
    refuse_event(ev);

    ev = events[0];
    ev.summary = NULL;
    refuse_event(ev);
    ev.summary = "";
    refuse_event(ev);
    ev.summary = "two\nlines";
    refuse_event(ev);
    ev.summary = "bad \xc3(";
    refuse_event(ev);

    ev = events[0];
    ev.description = "windows\r\nline";
    refuse_event(ev);
    ev.description = "bell\a";
    refuse_event(ev);
    ev.description = "bad \xff";
    refuse_event(ev);
    ev = events[0];
    ev.location = "tab\there";
    refuse_event(ev);

    ev = events[0];
    ev.date = NULL;
    refuse_event(ev);
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        ev.date = bad_dates[i];
        refuse_event(ev);
    }
    /* 24:00 of the last supported day would be a day that cannot be
     * written. */
    ev.date = "9999-12-31";
    ev.start_minute = 23 * 60;
    ev.end_minute = 24 * 60;
    refuse_event(ev);

    ev = events[0];
    ev.start_minute = -1;
    refuse_event(ev);
    ev.start_minute = 1440;
    ev.end_minute = 1441;
    refuse_event(ev);
    ev.start_minute = 600;
    ev.end_minute = 600;
    refuse_event(ev);
    ev.end_minute = 599;
    refuse_event(ev);
    ev.end_minute = 1441;
    refuse_event(ev);

    for (size_t i = 0; i < sizeof bad_stamps / sizeof bad_stamps[0]; i++) {
        refuse_calendar(ZONE, bad_stamps[i]);
    }
    refuse_calendar(ZONE, NULL);
    for (size_t i = 0; i < sizeof bad_zones / sizeof bad_zones[0]; i++) {
        refuse_calendar(bad_zones[i], STAMP);
    }
    refuse_calendar(NULL, STAMP);

    /* The same UID twice would make one event of two. */
    two[1].uid = two[0].uid;
    cal = calendar();
    cal.events = two;
    cal.n_events = 2;
    assert_int_equal(ics_write(&cal, &text), STATUS_INPUT);
    assert_ptr_equal(text, untouched);
}

/* Zones no other test loads, so that the threads race to load them; the
 * last two are not in zone.tab, which libical handles on another path. */
static const char *const thread_zones[] = {
    "Europe/Lisbon", "Australia/Sydney", "Africa/Nairobi", "America/Chicago",
    "Asia/Kolkata",  "Pacific/Auckland", "Etc/GMT-3",      "Etc/GMT+5",
};
#define THREADS 8
#define THREAD_ROUNDS 20

static void *
write_in_thread(void *arg)
{
    size_t first = (size_t)(uintptr_t)arg;
    struct ics_calendar cal = calendar();
    bool ok = true;

    for (size_t r = 0; r < THREAD_ROUNDS && ok; r++) {
        size_t z = (first + r) % (sizeof thread_zones / sizeof thread_zones[0]);
        char want[80];
        char *text = NULL;

        cal.time_zone = thread_zones[z];
        ok = ics_write(&cal, &text) == STATUS_OK;
        if (ok) {
            snprintf(want, sizeof want, "\r\nTZID:%s\r\n", thread_zones[z]);
            ok = strstr(text, want) != NULL;
        }
        free(text);
    }
    return ok ? arg : NULL;
}

/* Concurrent calls, each loading zones for the first time; under ASan a
 * race in libical's zone cache shows up as a use after free. */
static void
test_threads(void **state)
{
    pthread_t threads[THREADS];
    (void)state;

    for (size_t i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, write_in_thread,
                                        (void *)(uintptr_t)(i + 1)),
                         0);
    }
    for (size_t i = 0; i < THREADS; i++) {
        void *result = NULL;

        assert_int_equal(pthread_join(threads[i], &result), 0);
        assert_ptr_equal(result, (void *)(uintptr_t)(i + 1));
    }
}

/* libical keeps the zones it loaded in a process-wide cache; released here
 * so that the leak checker sees nothing of ours or its. */
static int
teardown(void **state)
{
    (void)state;
    icaltimezone_free_builtin_timezones();
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_crlf_and_folding),
        cmocka_unit_test(test_description_survives),
        cmocka_unit_test(test_other_zones),
        cmocka_unit_test(test_most_events),
        cmocka_unit_test(test_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
