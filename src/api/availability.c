/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* GET /api/v1/availability: itinerary options for a set of services at a
 * location, on one date (with the nearest free dates when it is full) or
 * over a range of dates. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/day.h"
#include "api/itinerary.h"
#include "api/visit.h"
#include "http/params.h"
#include "http/reply.h"

/* Bytes of a typical answer (eight options of three legs). */
#define AVAILABILITY_TEXT_GUESS 8192
/* Options per date in the range form, where many dates are shown. */
#define AVAILABILITY_RANGE_OPTIONS 3

/* The question, as read from the query. */
struct availability_query {
    long location;
    struct date date;
    struct date to; /* == date for the one-date form */
    bool range;
    long persons;
    const char *services;
};

static bool
availability_read(struct http_request *req, struct availability_query *q)
{
    json_t *invalid = json_array();
    bool has_date = false;
    bool has_from = false;
    bool has_to = false;
    struct date from = {0};

    q->location = 0;
    q->persons = 1;
    q->services = request_query(req, "services");
    params_query_int(req, "location", 1, INT32_MAX, &q->location, invalid);
    params_query_int(req, "persons", 1, ITINERARY_MAX_PERSONS, &q->persons,
                     invalid);
    params_query_date(req, "date", &q->date, &has_date, invalid);
    params_query_date(req, "from", &from, &has_from, invalid);
    params_query_date(req, "to", &q->to, &has_to, invalid);
    if (q->location == 0 && request_query(req, "location") == NULL) {
        invalid_add(invalid, "location", "is required");
    }
    if (q->services == NULL) {
        invalid_add(invalid, "services", "is required");
    }
    q->range = has_from || has_to;
    if (q->range && has_date) {
        invalid_add(invalid, "date", "give either date, or from and to");
    } else if (q->range && !(has_from && has_to)) {
        invalid_add(invalid, has_from ? "to" : "from", "give both from and to");
    } else if (!q->range && !has_date && request_query(req, "date") == NULL) {
        invalid_add(invalid, "date", "is required");
    }
    if (q->range && has_from && has_to) {
        long days = date_to_days(q->to) - date_to_days(from);
        if (days < 0) {
            invalid_add(invalid, "to", "must not be before from");
        } else if (days >= VISIT_RANGE_DAYS) {
            invalid_add(invalid, "to", "a range covers at most 31 days");
        }
        q->date = from;
    }
    if (!q->range) {
        q->to = q->date;
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        return false;
    }
    json_decref(invalid);
    return true;
}

/* Writes the options of ask on one loaded day as a JSON array; *count
 * (out): how many. */
static enum status
availability_write_options(struct buf *out, const struct day *day,
                           const struct itinerary_ask *ask, int earliest,
                           int want, int *count)
{
    struct planner_option options[PLANNER_MAX_OPTIONS];
    enum status st;

    *count = 0;
    st = itinerary_search(day, ask, earliest, want, VISIT_SPREAD_MINUTES,
                          options, count);
    if (st == STATUS_OK) {
        st = buf_append_str(out, "[");
    }
    for (int i = 0; st == STATUS_OK && i < *count; i++) {
        if (i > 0) {
            st = buf_append_str(out, ",");
        }
        if (st == STATUS_OK) {
            st = itinerary_option_write(out, day, ask, &options[i]);
        }
    }
    return st == STATUS_OK ? buf_append_str(out, "]") : st;
}

/* Whether ask has an option on date (a date that can be booked now). */
static enum status
availability_date_has_room(struct http_request *req, long location,
                           struct date date, const char *services, int persons,
                           bool *room)
{
    struct planner_option option;
    struct itinerary_ask ask = {.persons = persons};
    struct day *day = NULL;
    json_t *ignore = json_array();
    char why[ITINERARY_WHY_MAX];
    int earliest = 0;
    int n = 0;
    enum status st = STATUS_OK;

    *room = false;
    if (visit_date_ok(req, date, "date", &earliest, ignore)) {
        st = day_load(request_db(req), location, date, &day);
    }
    if (st == STATUS_OK && day != NULL &&
        itinerary_read_services(day, services, visit_bookable_mask(&req->auth),
                                &ask, why)) {
        st = itinerary_search(day, &ask, earliest, 1, 0, &option, &n);
        *room = st == STATUS_OK && n > 0;
    }
    day_free(day);
    json_decref(ignore);
    return st;
}

/* Up to VISIT_NEAREST_COUNT dates nearest to date (before or after, as long
 * as they can still be booked) that have room. */
static enum status
availability_nearest(struct http_request *req,
                     const struct availability_query *q, json_t *dates)
{
    enum status st = STATUS_OK;

    for (long d = 1; st == STATUS_OK && d <= VISIT_NEAREST_DAYS &&
                     json_array_size(dates) < VISIT_NEAREST_COUNT;
         d++) {
        for (int sign = -1; sign <= 1 && st == STATUS_OK &&
                            json_array_size(dates) < VISIT_NEAREST_COUNT;
             sign += 2) {
            struct date other = date_add_days(q->date, sign * d);
            char text[DATE_ISO_LEN + 1];
            bool room = false;
            st = availability_date_has_room(
                req, q->location, other, q->services, (int)q->persons, &room);
            if (st == STATUS_OK && room) {
                date_format(other, text);
                json_array_append_new(dates, json_string(text));
            }
        }
    }
    return st;
}

/* The answer's head: location, persons and the services asked for. */
static enum status
availability_write_head(struct buf *out, const struct availability_query *q,
                        const struct day *day, const struct itinerary_ask *ask)
{
    enum status st = buf_printf(out,
                                "{\"location\":%ld,\"persons\":%ld,"
                                "\"services\":[",
                                q->location, q->persons);

    for (int i = 0; st == STATUS_OK && day != NULL && i < ask->n_services;
         i++) {
        st = buf_printf(out, "%s\"%s\"", i > 0 ? "," : "",
                        day->services[ask->services[i]].code);
    }
    return st == STATUS_OK ? buf_append_str(out, "]") : st;
}

void
api_availability_get(struct http_request *req)
{
    struct availability_query q;
    struct itinerary_ask ask = {0};
    struct day *day = NULL;
    struct buf days; /* range: the days; one date: its options */
    struct buf answer;
    json_t *invalid = json_array();
    json_t *nearest = json_array();
    char why[ITINERARY_WHY_MAX];
    char first_date[DATE_ISO_LEN + 1] = "";
    int n_days = 0;
    int count = 0;
    enum status st = STATUS_OK;

    buf_init(&days, 0);
    buf_init(&answer, 0);
    /* Room for a typical answer, so that it is not grown step by step. */
    (void)buf_reserve(&days, AVAILABILITY_TEXT_GUESS);
    (void)buf_reserve(&answer, AVAILABILITY_TEXT_GUESS);
    if (!availability_read(req, &q)) {
        goto out;
    }
    ask.persons = (int)q.persons;
    for (struct date d = q.date; st == STATUS_OK && date_compare(d, q.to) <= 0;
         d = date_add_days(d, 1)) {
        int earliest = 0;

        if (q.range && date_compare(d, visit_today()) < 0) {
            continue; /* a range may start in the past: skip those days */
        }
        if (!visit_date_ok(req, d, q.range ? "to" : "date", &earliest,
                           invalid)) {
            if (q.range && n_days > 0) {
                break; /* the rest of the range is beyond the horizon */
            }
            reply_invalid(req, invalid, NULL);
            invalid = NULL;
            goto out;
        }
        day_free(day);
        day = NULL;
        st = day_load(request_db(req), q.location, d, &day);
        if (st == STATUS_NOT_FOUND) {
            invalid_add(invalid, "location", "is not a known location");
            reply_invalid(req, invalid, NULL);
            invalid = NULL;
            goto out;
        }
        if (st == STATUS_OK && ask.n_services == 0 &&
            !itinerary_read_services(
                day, q.services, visit_bookable_mask(&req->auth), &ask, why)) {
            invalid_add(invalid, "services", why);
            reply_invalid(req, invalid, NULL);
            invalid = NULL;
            goto out;
        }
        if (st == STATUS_OK && q.range) {
            st = buf_printf(&days, "%s{\"date\":\"%s\",\"options\":",
                            n_days > 0 ? "," : "", day->date_text);
        }
        if (st == STATUS_OK) {
            st = availability_write_options(
                &days, day, &ask, earliest,
                q.range ? AVAILABILITY_RANGE_OPTIONS : VISIT_OPTIONS, &count);
        }
        if (st == STATUS_OK && q.range) {
            st = buf_append_str(&days, "}");
        }
        /* day is NULL when it could not be loaded (st says why) */
        if (day != NULL && n_days++ == 0) {
            memcpy(first_date, day->date_text, sizeof first_date);
        }
    }
    if (st == STATUS_OK && !q.range && count == 0) {
        st = availability_nearest(req, &q, nearest);
    }
    if (st == STATUS_OK) {
        st = availability_write_head(&answer, &q, day, &ask);
    }
    /* The options are kilobytes: appended as they are, not through
     * printf. */
    if (st == STATUS_OK && q.range) {
        st = buf_append_strs(&answer, ",\"days\":[", days.data ? days.data : "",
                             "]}", NULL);
    } else if (st == STATUS_OK) {
        char *dates = json_dumps(nearest, JSON_COMPACT);
        st = dates == NULL
                 ? STATUS_NOMEM
                 : buf_append_strs(
                       &answer, ",\"date\":\"", first_date,
                       "\",\"options\":", days.data ? days.data : "[]",
                       ",\"nearestDates\":", dates, "}", NULL);
        free(dates);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, NULL);
        goto out;
    }
    reply_bytes(req, 200, "application/json", answer.data, answer.len);
out:
    day_free(day);
    buf_clear(&days);
    buf_clear(&answer);
    json_decref(nearest);
    json_decref(invalid);
}
