/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Requests in planner terms, and options back in API terms. */
#include <stdio.h>
#include <string.h>

#include "api/itinerary.h"

#include "core/bits.h"
#include "core/slot.h"
#include "core/validate.h"

bool
itinerary_read_services(const struct day *day, const char *list,
                        unsigned int bookable_mask, struct itinerary_ask *ask,
                        char why[ITINERARY_WHY_MAX])
{
    uint64_t asked = 0;
    const char *p = list;

    ask->n_services = 0;
    while (*p != '\0') {
        char code[64];
        size_t n = strcspn(p, ",");
        int s;

        if (n == 0 || n >= sizeof code) {
            snprintf(why, ITINERARY_WHY_MAX,
                     "must be service codes separated by commas");
            return false;
        }
        memcpy(code, p, n);
        code[n] = '\0';
        p += n + (p[n] == ',');
        s = validate_code(code) ? day_service_index(day, code) : -1;
        if (s < 0 || !day->services[s].active) {
            snprintf(why, ITINERARY_WHY_MAX, "%s is not a service offered",
                     validate_code(code) ? code : "a code given");
            return false;
        }
        if (!(day->services[s].bookable_by & bookable_mask)) {
            snprintf(why, ITINERARY_WHY_MAX, "%s cannot be booked by you",
                     code);
            return false;
        }
        if (asked & (UINT64_C(1) << s)) {
            snprintf(why, ITINERARY_WHY_MAX, "%s is asked for twice", code);
            return false;
        }
        if (ask->n_services == PLANNER_MAX_SERVICES) {
            snprintf(why, ITINERARY_WHY_MAX, "at most %d services in one visit",
                     PLANNER_MAX_SERVICES);
            return false;
        }
        asked |= UINT64_C(1) << s;
        ask->services[ask->n_services++] = s;
        if (*p == '\0' && p[-1] == ',') {
            snprintf(why, ITINERARY_WHY_MAX,
                     "must be service codes separated by commas");
            return false;
        }
    }
    if (ask->n_services == 0) {
        snprintf(why, ITINERARY_WHY_MAX, "name at least one service");
        return false;
    }
    for (int i = 0; i < ask->n_services; i++) {
        const struct day_service *s = &day->services[ask->services[i]];
        uint64_t missing = s->requires & ~asked;
        if (missing != 0) {
            int m = bits_lowest(missing);
            snprintf(why, ITINERARY_WHY_MAX,
                     "%s needs %s first, in the same visit", s->code,
                     day->services[m].code);
            return false;
        }
    }
    return true;
}

/* The planner's view of ask: desks with kinds = requested indices, and
 * services with lengths and prerequisite bits. */
static enum status
itinerary_plan_input(const struct day *day, const struct itinerary_ask *ask,
                     struct planner_desk *desks,
                     struct planner_service *services)
{
    for (int d = 0; d < day->n_desks; d++) {
        desks[d].free = day->desks[d].free;
        desks[d].kinds = 0;
        for (int i = 0; i < ask->n_services; i++) {
            if (day->desks[d].active &&
                (day->desks[d].services & (UINT64_C(1) << ask->services[i]))) {
                desks[d].kinds |= UINT64_C(1) << i;
            }
        }
    }
    for (int i = 0; i < ask->n_services; i++) {
        const struct day_service *s = &day->services[ask->services[i]];
        enum status st;

        services[i].kind = i;
        services[i].before = 0;
        for (int j = 0; j < ask->n_services; j++) {
            if (s->requires & (UINT64_C(1) << ask->services[j])) {
                services[i].before |= 1u << j;
            }
        }
        st = planner_slots_for(s->minutes, s->extra_minutes_per_person,
                               ask->persons, day->slot_minutes,
                               &services[i].length);
        if (st != STATUS_OK) {
            return st;
        }
    }
    return STATUS_OK;
}

enum status
itinerary_search(const struct day *day, const struct itinerary_ask *ask,
                 int earliest_minute, int want, int spread_minutes,
                 struct planner_option *out, int *n_out)
{
    struct planner_desk desks[DAY_MAX_DESKS];
    struct planner_service services[PLANNER_MAX_SERVICES];
    struct planner_query q = {
        .services = services,
        .n_services = ask->n_services,
        .day_slots = slot_count(day->slot_minutes),
        .earliest = slot_index_ceil(earliest_minute, day->slot_minutes),
        .want = want,
        .spread = spread_minutes / day->slot_minutes,
    };
    enum status st = itinerary_plan_input(day, ask, desks, services);

    if (st != STATUS_OK) {
        return st;
    }
    st = planner_search(desks, day->n_desks, &q, out, n_out);
    if (st == STATUS_NOT_FOUND) {
        *n_out = 0; /* no desk performs a service: no options that day */
        st = STATUS_OK;
    }
    return st;
}

/* Sorts legs by start (insertion sort: at most PLANNER_MAX_SERVICES). */
static void
itinerary_sort_legs(struct planner_option *opt)
{
    for (int i = 1; i < opt->n_legs; i++) {
        struct planner_leg leg = opt->leg[i];
        int j = i;
        while (j > 0 && opt->leg[j - 1].start > leg.start) {
            opt->leg[j] = opt->leg[j - 1];
            j--;
        }
        opt->leg[j] = leg;
    }
}

enum status
itinerary_check(const struct day *day, const struct itinerary_ask *ask,
                int earliest_minute, struct planner_option *opt,
                char why[ITINERARY_WHY_MAX])
{
    struct planner_desk desks[DAY_MAX_DESKS];
    struct planner_service services[PLANNER_MAX_SERVICES];
    unsigned seen = 0;
    unsigned placed = 0;
    enum status st;

    st = itinerary_plan_input(day, ask, desks, services);
    if (st != STATUS_OK) {
        snprintf(why, ITINERARY_WHY_MAX, "the services do not fit in a day");
        return STATUS_INPUT;
    }
    if (opt->n_legs != ask->n_services) {
        snprintf(why, ITINERARY_WHY_MAX, "give one leg per service");
        return STATUS_INPUT;
    }
    for (int i = 0; i < opt->n_legs; i++) {
        struct planner_leg *leg = &opt->leg[i];
        if (leg->service < 0 || leg->service >= ask->n_services ||
            (seen & (1u << leg->service))) {
            snprintf(why, ITINERARY_WHY_MAX, "give one leg per service");
            return STATUS_INPUT;
        }
        seen |= 1u << leg->service;
        leg->length = services[leg->service].length;
        if (leg->desk < 0 || leg->desk >= day->n_desks ||
            !(desks[leg->desk].kinds & (UINT64_C(1) << leg->service))) {
            snprintf(why, ITINERARY_WHY_MAX, "%s is not done at that desk",
                     day->services[ask->services[leg->service]].code);
            return STATUS_INPUT;
        }
        if (leg->start < slot_index_ceil(earliest_minute, day->slot_minutes) ||
            !dayset_all(&day->desks[leg->desk].open, leg->start, leg->length) ||
            leg->start + leg->length > slot_count(day->slot_minutes)) {
            snprintf(why, ITINERARY_WHY_MAX,
                     "%s at %s is not within the desk's bookable hours",
                     day->services[ask->services[leg->service]].code,
                     day->desks[leg->desk].code);
            return STATUS_INPUT;
        }
    }
    itinerary_sort_legs(opt);
    for (int i = 0; i < opt->n_legs; i++) {
        const struct planner_leg *leg = &opt->leg[i];
        unsigned missing;
        if (i > 0 &&
            leg->start < opt->leg[i - 1].start + opt->leg[i - 1].length) {
            snprintf(why, ITINERARY_WHY_MAX,
                     "legs overlap: a visitor is at one desk at a time");
            return STATUS_INPUT;
        }
        /* Sorted and not overlapping: the legs placed so far all ended. */
        missing = services[leg->service].before & ~placed;
        if (missing != 0) {
            snprintf(why, ITINERARY_WHY_MAX, "%s must come after %s",
                     day->services[ask->services[leg->service]].code,
                     day->services[ask->services[bits_lowest(missing)]].code);
            return STATUS_INPUT;
        }
        placed |= 1u << leg->service;
    }
    opt->arrival = opt->leg[0].start;
    opt->end =
        opt->leg[opt->n_legs - 1].start + opt->leg[opt->n_legs - 1].length;
    opt->waiting = opt->end - opt->arrival;
    for (int i = 0; i < opt->n_legs; i++) {
        opt->waiting -= opt->leg[i].length;
    }
    opt->rank = 0;
    st = planner_apply(desks, day->n_desks, opt);
    if (st == STATUS_CONFLICT) {
        snprintf(why, ITINERARY_WHY_MAX, "a slot of this itinerary was taken");
    } else if (st != STATUS_OK) {
        snprintf(why, ITINERARY_WHY_MAX, "the legs do not form an itinerary");
    }
    return st;
}

bool
itinerary_token(const struct day *day, const struct itinerary_ask *ask,
                const struct planner_option *opt, char out[OPTION_TOKEN_MAX])
{
    struct option_token t = {
        .location_id = day->location_id,
        .date = day->date,
        .persons = ask->persons,
        .n_legs = opt->n_legs,
    };

    for (int i = 0; i < opt->n_legs; i++) {
        t.legs[i].service_id =
            day->services[ask->services[opt->leg[i].service]].id;
        t.legs[i].desk_id = day->desks[opt->leg[i].desk].id;
        t.legs[i].start_minute = opt->leg[i].start * day->slot_minutes;
    }
    return option_token_format(&t, out);
}

bool
itinerary_from_token(const struct day *day, const struct option_token *t,
                     struct itinerary_ask *ask, struct planner_option *opt,
                     char why[ITINERARY_WHY_MAX])
{
    memset(opt, 0, sizeof *opt);
    ask->persons = t->persons;
    ask->n_services = t->n_legs;
    opt->n_legs = t->n_legs;
    for (int i = 0; i < t->n_legs; i++) {
        int s = day_service_by_id(day, t->legs[i].service_id);
        int d = day_desk_index(day, t->legs[i].desk_id);
        if (s < 0 || d < 0 ||
            !slot_on_grid(t->legs[i].start_minute, day->slot_minutes)) {
            snprintf(why, ITINERARY_WHY_MAX,
                     "names a service, desk or time this location does not "
                     "have");
            return false;
        }
        ask->services[i] = s;
        opt->leg[i].service = i;
        opt->leg[i].desk = d;
        opt->leg[i].start = t->legs[i].start_minute / day->slot_minutes;
    }
    return true;
}

/* ,"name":{"en":...,"nl":...} from the day's ready-made JSON text */
static enum status
itinerary_write_name(struct buf *out, const char *json_name)
{
    return buf_append_strs(out, ",\"name\":", json_name, NULL);
}

static enum status
itinerary_write_leg(struct buf *out, const struct day *day,
                    const struct itinerary_ask *ask,
                    const struct planner_leg *leg)
{
    const struct day_service *s = &day->services[ask->services[leg->service]];
    const struct day_desk *d = &day->desks[leg->desk];
    char from[SLOT_HHMM_LEN + 1];
    char to[SLOT_HHMM_LEN + 1];
    enum status st;

    slot_format_hhmm(leg->start * day->slot_minutes, from);
    slot_format_hhmm((leg->start + leg->length) * day->slot_minutes, to);
    /* codes are kebab-case: no escaping needed */
    st = buf_append_strs(out, "{\"service\":{\"code\":\"", s->code, "\"", NULL);
    if (st == STATUS_OK) {
        st = itinerary_write_name(out, s->json_name);
    }
    if (st == STATUS_OK) {
        st = buf_append_str(out, "},\"desk\":{\"id\":");
    }
    if (st == STATUS_OK) {
        st = buf_append_int(out, d->id);
    }
    if (st == STATUS_OK) {
        st = buf_append_strs(out, ",\"code\":\"", d->code, "\"", NULL);
    }
    if (st == STATUS_OK) {
        st = itinerary_write_name(out, d->json_name);
    }
    if (st == STATUS_OK) {
        st = buf_append_strs(out, "},\"startsAt\":\"", from, "\",\"endsAt\":\"",
                             to, "\",\"minutes\":", NULL);
    }
    if (st == STATUS_OK) {
        st = buf_append_int(out, leg->length * day->slot_minutes);
    }
    return st == STATUS_OK ? buf_append_str(out, "}") : st;
}

enum status
itinerary_option_write(struct buf *out, const struct day *day,
                       const struct itinerary_ask *ask,
                       const struct planner_option *opt)
{
    char token[OPTION_TOKEN_MAX];
    char arrival[SLOT_HHMM_LEN + 1];
    char departure[SLOT_HHMM_LEN + 1];
    enum status st;

    if (!itinerary_token(day, ask, opt, token)) {
        token[0] = '\0';
    }
    slot_format_hhmm(opt->arrival * day->slot_minutes, arrival);
    slot_format_hhmm(opt->end * day->slot_minutes, departure);
    /* a token holds only digits, dots, dashes and underscores */
    st = buf_append_strs(out, "{\"token\":\"", token, "\",\"arrival\":\"",
                         arrival, "\",\"departure\":\"", departure,
                         "\",\"totalMinutes\":", NULL);
    if (st == STATUS_OK) {
        st = buf_append_int(out, (opt->end - opt->arrival) * day->slot_minutes);
    }
    if (st == STATUS_OK) {
        st = buf_append_str(out, ",\"waitingMinutes\":");
    }
    if (st == STATUS_OK) {
        st = buf_append_int(out, opt->waiting * day->slot_minutes);
    }
    if (st == STATUS_OK) {
        st = buf_append_str(out, ",\"legs\":[");
    }
    for (int i = 0; st == STATUS_OK && i < opt->n_legs; i++) {
        if (i > 0) {
            st = buf_append_str(out, ",");
        }
        if (st == STATUS_OK) {
            st = itinerary_write_leg(out, day, ask, &opt->leg[i]);
        }
    }
    return st == STATUS_OK ? buf_append_str(out, "]}") : st;
}

json_t *
itinerary_option_json(const struct day *day, const struct itinerary_ask *ask,
                      const struct planner_option *opt)
{
    struct buf text;
    json_t *out = NULL;

    buf_init(&text, 0);
    if (itinerary_option_write(&text, day, ask, opt) == STATUS_OK) {
        out = json_loadb(text.data, text.len, 0, NULL);
    }
    buf_clear(&text);
    return out;
}
