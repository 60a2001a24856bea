/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A booking as files: its calendar (.ics, one event per leg) and the QR
 * code of its booking code, to show at check-in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/booking_json.h"
#include "api/booking_write.h"
#include "core/slot.h"
#include "http/reply.h"
#include "util/clock.h"
#include "util/ics.h"
#include "util/qr.h"

/* Room for the texts of one leg's event. */
#define BOOKING_FILES_TEXT 1024

/* Cuts s after at most max_chars characters, and before a character that
 * snprintf cut in half: the calendar writer takes only whole UTF-8. */
static void
booking_files_cut(char *s, size_t max_chars)
{
    size_t chars = 0;
    char *p = s;

    while (*p != '\0') {
        unsigned char c = (unsigned char)*p;
        size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (chars == max_chars || strnlen(p, n) < n) {
            break;
        }
        p += n;
        chars++;
    }
    *p = '\0';
}

/* The {en, nl} text in the booking's language. */
static const char *
booking_files_pick(const json_t *bilingual, const char *language)
{
    const char *text = json_string_value(json_object_get(bilingual, language));
    return text ? text : json_string_value(json_object_get(bilingual, "en"));
}

/* The documents to bring for one service, one per line. */
static void
booking_files_documents(const json_t *booking, const char *service,
                        const char *language, char *out, size_t size)
{
    const json_t *group;
    size_t i;
    size_t used = 0;

    out[0] = '\0';
    json_array_foreach(json_object_get(booking, "documents"), i, group)
    {
        const char *code = json_string_value(json_object_get(group, "service"));
        const json_t *item;
        size_t j;
        if (code == NULL || strcmp(code, service) != 0) {
            continue;
        }
        json_array_foreach(json_object_get(group, "items"), j, item)
        {
            int n = snprintf(out + used, size - used, "\n- %s",
                             booking_files_pick(item, language));
            if (n < 0 || (size_t)n >= size - used) {
                return; /* the rest does not fit: the page has it all */
            }
            used += (size_t)n;
        }
    }
}

void
api_bookings_get_calendar(struct http_request *req)
{
    struct booking_found found;
    struct ics_event events[ICS_MAX_EVENTS];
    char texts[ICS_MAX_EVENTS][4][BOOKING_FILES_TEXT];
    char stamp[CLOCK_ISO_TEXT];
    char place[BOOKING_FILES_TEXT];
    char disposition[96];
    json_t *booking = NULL;
    const json_t *leg;
    const char *language;
    const char *code;
    char *ics = NULL;
    size_t n = 0;
    enum status st;

    if (!booking_access(req, &found)) {
        return;
    }
    st = booking_json_load(request_db(req), found.id, &booking);
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        return;
    }
    if (!found.booked) {
        json_decref(booking);
        reply_problem(req, PROBLEM_GONE, "This booking is cancelled.");
        return;
    }
    language = json_string_value(
        json_object_get(json_object_get(booking, "person"), "language"));
    code = json_string_value(json_object_get(booking, "code"));
    snprintf(place, sizeof place, "%s, %s",
             booking_files_pick(
                 json_object_get(json_object_get(booking, "location"), "name"),
                 language),
             json_string_value(json_object_get(
                 json_object_get(booking, "location"), "address")));
    booking_files_cut(place, ICS_TEXT_MAX);
    json_array_foreach(json_object_get(booking, "legs"), n, leg)
    {
        const json_t *service = json_object_get(leg, "service");
        const json_t *desk = json_object_get(leg, "desk");
        const char *starts =
            json_string_value(json_object_get(leg, "startsAt"));
        const char *ends = json_string_value(json_object_get(leg, "endsAt"));
        char documents[BOOKING_FILES_TEXT - 128];
        if (n == ICS_MAX_EVENTS) {
            break;
        }
        booking_files_documents(
            booking, json_string_value(json_object_get(service, "code")),
            language, documents, sizeof documents);
        snprintf(texts[n][0], BOOKING_FILES_TEXT, "%s-%zu@onestop", code,
                 n + 1);
        snprintf(texts[n][1], BOOKING_FILES_TEXT, "%s (%s)",
                 booking_files_pick(json_object_get(service, "name"), language),
                 booking_files_pick(json_object_get(desk, "name"), language));
        snprintf(
            texts[n][2], BOOKING_FILES_TEXT, "%s %s%s%s",
            strcmp(language, "nl") == 0 ? "Boekingscode" : "Booking code", code,
            documents[0]
                ? (strcmp(language, "nl") == 0 ? "\nMeenemen:" : "\nBring:")
                : "",
            documents);
        booking_files_cut(texts[n][1], ICS_SUMMARY_MAX);
        booking_files_cut(texts[n][2], ICS_TEXT_MAX);
        events[n] = (struct ics_event){
            .uid = texts[n][0],
            .summary = texts[n][1],
            .description = texts[n][2],
            .location = place,
            .date = json_string_value(json_object_get(booking, "date")),
        };
        (void)slot_parse_hhmm(starts, strlen(starts), &events[n].start_minute);
        (void)slot_parse_hhmm(ends, strlen(ends), &events[n].end_minute);
    }
    clock_format_utc(clock_now(), stamp);
    st = ics_write(
        &(struct ics_calendar){
            .time_zone = json_string_value(json_object_get(
                json_object_get(booking, "location"), "timeZone")),
            .stamp_utc = stamp,
            .events = events,
            .n_events = n,
        },
        &ics);
    if (st != STATUS_OK) {
        json_decref(booking);
        reply_status(req, st == STATUS_INPUT ? STATUS_INTERNAL : st, NULL);
        return;
    }
    snprintf(disposition, sizeof disposition,
             "attachment; filename=\"onestop-%s.ics\"", code);
    request_add_header(req, "Content-Disposition", disposition);
    reply_bytes(req, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
    free(ics);
    json_decref(booking);
}

void
api_bookings_get_qr(struct http_request *req)
{
    struct booking_found found;
    char title[64];
    char *svg = NULL;
    enum status st;

    if (!booking_access(req, &found)) {
        return;
    }
    snprintf(title, sizeof title, "QR code of booking %s", req->args[0]);
    /* The code alone: what the check-in scanner types for the visitor. */
    st = qr_svg(req->args[0], title, &svg);
    if (st != STATUS_OK) {
        reply_status(req, st == STATUS_INPUT ? STATUS_INTERNAL : st, NULL);
        return;
    }
    reply_bytes(req, 200, "image/svg+xml", svg, strlen(svg));
    free(svg);
}
