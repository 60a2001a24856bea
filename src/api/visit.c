/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Who may book, and when. */
#include <stdio.h>
#include <string.h>

#include "api/visit.h"

#include "http/reply.h"
#include "store/catalogue.h"
#include "util/clock.h"

unsigned int
visit_bookable_mask(const struct auth *auth)
{
    if (!auth->signed_in) {
        return BOOKABLE_PUBLIC;
    }
    if (auth->role == ROLE_EMPLOYER) {
        return BOOKABLE_PUBLIC | BOOKABLE_SPONSOR;
    }
    return BOOKABLE_PUBLIC | BOOKABLE_SPONSOR | BOOKABLE_FRONTDESK;
}

const char *
visit_channel(const struct auth *auth)
{
    if (!auth->signed_in) {
        return "public";
    }
    return auth->role == ROLE_EMPLOYER ? "sponsor" : "frontdesk";
}

struct date
visit_today(void)
{
    char text[11];
    int minute;
    struct date today = {0};

    clock_local(clock_now(), text, &minute);
    (void)date_parse(text, DATE_ISO_LEN, &today);
    return today;
}

bool
visit_date_ok(struct http_request *req, struct date date, const char *field,
              int *earliest_minute, json_t *invalid)
{
    char today_text[11];
    int now_minute;
    struct date today = {0};
    long ahead;

    clock_local(clock_now(), today_text, &now_minute);
    (void)date_parse(today_text, DATE_ISO_LEN, &today);
    ahead = date_to_days(date) - date_to_days(today);
    if (ahead < 0) {
        invalid_add(invalid, field, "is in the past");
        return false;
    }
    if (ahead > req->app->cfg.booking_days_ahead) {
        char reason[96];
        snprintf(reason, sizeof reason,
                 "is too far ahead: visits can be booked up to %d days ahead",
                 req->app->cfg.booking_days_ahead);
        invalid_add(invalid, field, reason);
        return false;
    }
    *earliest_minute = 0;
    if (ahead == 0) {
        *earliest_minute = now_minute + req->app->cfg.booking_lead_minutes;
        if (*earliest_minute > 1440) {
            *earliest_minute = 1440;
        }
    }
    return true;
}
