/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The routing table and path matching. Roles not listed are refused. */
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/sponsor_register.h"

#define J ROUTER_JSON_BODY
#define NB ROUTER_NO_BODY
/* Who registers and changes newcomers: employers (their own sponsor's)
 * and the staff who book; not desk officers. */
#define NEWCOMER_WRITERS                                                       \
    (ROLE_EMPLOYER | ROLE_FRONTDESK | ROLE_MANAGER | ROLE_ADMIN)
/* Who checks visitors in; who works a desk's console. */
#define FLOOR_FRONT (ROLE_FRONTDESK | ROLE_MANAGER | ROLE_ADMIN)
#define FLOOR_CONSOLE (ROLE_OFFICER | ROLE_MANAGER | ROLE_ADMIN)

static const struct route router_table[] = {
    /* method, pattern, handler, roles, body limit, body spec, status,
     * response schema, tag, summary */
    {"GET", "/api/v1/health", api_health_get, ROLE_ANYONE, NB, NULL, 200,
     "Health", "system", "Whether the service is up"},
    {"GET", "/api/v1/openapi.json", api_openapi_get, ROLE_ANYONE, NB, NULL, 200,
     NULL, "system", "This OpenAPI document"},

    {"GET", "/api/v1/session", api_session_get, ROLE_SIGNED_IN, NB, NULL, 200,
     "Session", "session", "Who is signed in"},
    {"POST", "/api/v1/session", api_session_post, ROLE_ANYONE, 4096,
     &api_session_body, 200, "Session", "session",
     "Sign in; sets an HttpOnly session cookie"},
    {"DELETE", "/api/v1/session", api_session_delete, ROLE_SIGNED_IN, NB, NULL,
     204, NULL, "session", "Sign out"},

    {"GET", "/api/v1/locations", api_locations_get_list, ROLE_ANYONE, NB, NULL,
     200, "LocationList", "catalogue", "The centres"},
    {"POST", "/api/v1/locations", api_locations_post, ROLE_ADMIN, J,
     &api_location_body, 201, "Location", "catalogue", "Add a centre"},
    {"GET", "/api/v1/locations/{locationId}", api_locations_get_one,
     ROLE_ANYONE, NB, NULL, 200, "Location", "catalogue", "One centre"},
    {"PUT", "/api/v1/locations/{locationId}", api_locations_put, ROLE_ADMIN, J,
     &api_location_body, 200, "Location", "catalogue", "Change a centre"},
    {"GET", "/api/v1/locations/{locationId}/opening-hours",
     api_locations_get_hours, ROLE_ANYONE, NB, NULL, 200, "OpeningHours",
     "catalogue", "Each desk's weekly hours and the coming closures"},
    {"GET", "/api/v1/locations/{locationId}/display-events",
     api_events_get_display, ROLE_ANYONE, NB, NULL, 200, "EventStream", "floor",
     "The waiting-room display as Server-Sent Events: a snapshot, then "
     "each change (ticket numbers and desk names only)"},
    {"GET", "/api/v1/locations/{locationId}/floor-events", api_events_get_floor,
     ROLE_STAFF, NB, NULL, 200, "EventStream", "floor",
     "The floor's changes as Server-Sent Events, for the front desk"},

    {"GET", "/api/v1/agencies", api_agencies_get_list, ROLE_ANYONE, NB, NULL,
     200, "AgencyList", "catalogue", "The partner agencies"},
    {"POST", "/api/v1/agencies", api_agencies_post, ROLE_ADMIN, J,
     &api_agency_body, 201, "Agency", "catalogue", "Add an agency"},
    {"PUT", "/api/v1/agencies/{agencyCode}", api_agencies_put, ROLE_ADMIN, J,
     &api_agency_body, 200, "Agency", "catalogue", "Rename an agency"},

    {"GET", "/api/v1/services", api_services_get_list, ROLE_ANYONE, NB, NULL,
     200, "ServiceList", "catalogue",
     "The service catalogue with documents to bring, in English and Dutch"},
    {"POST", "/api/v1/services", api_services_post, ROLE_ADMIN, J,
     &api_service_body, 201, "Service", "catalogue", "Add a service"},
    {"GET", "/api/v1/services/{serviceCode}", api_services_get_one, ROLE_ANYONE,
     NB, NULL, 200, "Service", "catalogue", "One service"},
    {"PUT", "/api/v1/services/{serviceCode}", api_services_put, ROLE_ADMIN, J,
     &api_service_body, 200, "Service", "catalogue", "Change a service"},
    {"GET", "/api/v1/services/{serviceCode}/eligibility",
     api_services_get_eligibility, ROLE_ANYONE, NB, NULL, 200, "Eligibility",
     "catalogue", "Who may book a service: its eligibility rules"},
    {"PUT", "/api/v1/services/{serviceCode}/eligibility",
     api_services_put_eligibility, ROLE_ADMIN, J, &api_service_eligibility_body,
     200, "Eligibility", "catalogue",
     "Replace a service's eligibility rules (in force for new bookings at "
     "once)"},

    {"GET", "/api/v1/desks", api_desks_get_list, ROLE_STAFF, NB, NULL, 200,
     "DeskList", "catalogue", "The desks, optionally of one location",
     "location:integer"},
    {"POST", "/api/v1/desks", api_desks_post, ROLE_ADMIN, J, &api_desk_body,
     201, "Desk", "catalogue", "Add a desk"},
    {"GET", "/api/v1/desks/{deskId}", api_desks_get_one, ROLE_STAFF, NB, NULL,
     200, "Desk", "catalogue", "One desk with its services and hours"},
    {"PUT", "/api/v1/desks/{deskId}", api_desks_put, ROLE_ADMIN, J,
     &api_desk_body, 200, "Desk", "catalogue", "Change a desk"},
    {"PUT", "/api/v1/desks/{deskId}/opening-hours", api_desks_put_hours,
     ROLE_ADMIN, J, &api_desk_hours_body, 200, "Desk", "catalogue",
     "Replace a desk's weekly opening hours and breaks"},

    {"GET", "/api/v1/closures", api_closures_get_list, ROLE_ANYONE, NB, NULL,
     200, "ClosureList", "catalogue", "Closures of a location in a period",
     "location:integer! from:date to:date"},
    {"POST", "/api/v1/closures", api_closures_post, ROLE_ADMIN, J,
     &api_closure_body, 201, "Closure", "catalogue",
     "Add a public holiday or a one-off closure"},
    {"DELETE", "/api/v1/closures/{closureId}", api_closures_delete, ROLE_ADMIN,
     NB, NULL, 204, NULL, "catalogue", "Remove a closure"},

    {"GET", "/api/v1/users", api_users_get_list, ROLE_ADMIN, NB, NULL, 200,
     "UserList", "administration", "Staff and employer accounts"},
    {"POST", "/api/v1/users", api_users_post, ROLE_ADMIN, 4096, &api_user_body,
     201, "User", "administration", "Create an account"},
    {"GET", "/api/v1/availability", api_availability_get, ROLE_ANYONE, NB, NULL,
     200, "Availability", "booking",
     "Itinerary options: location, services, persons and a date (or from "
     "and to)",
     "location:integer! services:string! persons:integer date:date from:date "
     "to:date"},
    {"POST", "/api/v1/bookings", api_bookings_post, ROLE_ANYONE, 16384,
     &api_booking_body, 201, "Booking", "booking",
     "Book an option, all legs or none (honours Idempotency-Key)"},
    {"GET", "/api/v1/bookings", api_bookings_get_list, ROLE_STAFF, NB, NULL,
     200, "BookingDay", "booking", "The legs of a day per desk",
     "location:integer! date:date!"},
    {"GET", "/api/v1/bookings/{bookingCode}", api_bookings_get_one, ROLE_ANYONE,
     NB, NULL, 200, "Booking", "booking",
     "One booking (staff, or with its Booking-Token header); the BSN issued "
     "at its registration for the token's holder, or a municipal desk "
     "officer who gives the reason (audited)",
     "reason:string"},
    {"DELETE", "/api/v1/bookings/{bookingCode}", api_bookings_delete,
     ROLE_ANYONE, NB, NULL, 200, "Booking", "booking",
     "Cancel a booking (with its token, or as its employer or the front "
     "desk; not desk officers)"},
    {"PUT", "/api/v1/bookings/{bookingCode}/itinerary",
     api_bookings_put_itinerary, ROLE_ANYONE, 4096, &api_itinerary_body, 200,
     "Booking", "booking",
     "Move a booking to another itinerary, atomically (not desk officers)"},
    {"GET", "/api/v1/bookings/{bookingCode}/calendar",
     api_bookings_get_calendar, ROLE_ANYONE, NB, NULL, 200, NULL, "booking",
     "The booking as an iCalendar file"},
    {"GET", "/api/v1/bookings/{bookingCode}/qr-code", api_bookings_get_qr,
     ROLE_ANYONE, NB, NULL, 200, NULL, "booking",
     "The booking code as a QR code (SVG)"},
    {"GET", "/api/v1/bookings/{bookingCode}/documents",
     api_bookings_get_documents, ROLE_STAFF, NB, NULL, 200, "BookingDocuments",
     "booking",
     "The documents each person of a booking brings, and which the front "
     "desk has checked"},
    {"PUT", "/api/v1/bookings/{bookingCode}/documents",
     api_bookings_put_documents, ROLE_FRONTDESK | ROLE_MANAGER | ROLE_ADMIN,
     16384, &api_booking_documents_body, 200, "BookingDocuments", "booking",
     "Tick documents off (or untick them) as checked at the front desk"},
    {"POST", "/api/v1/booking-groups", api_booking_groups_post,
     ROLE_EMPLOYER | ROLE_FRONTDESK | ROLE_MANAGER | ROLE_ADMIN, 262144,
     &api_booking_group_body, 201, "BookingGroup", "booking",
     "Book up to 50 people together, all or none"},
    {"GET", "/api/v1/booking-groups/{groupCode}", api_booking_groups_get_one,
     ROLE_EMPLOYER | ROLE_STAFF, NB, NULL, 200, "BookingGroup", "booking",
     "A group booking"},
    {"DELETE", "/api/v1/booking-groups/{groupCode}", api_booking_groups_delete,
     ROLE_EMPLOYER | ROLE_FRONTDESK | ROLE_MANAGER | ROLE_ADMIN, NB, NULL, 200,
     "BookingGroup", "booking", "Cancel every booking of a group"},

    /* The day on the floor. Front desk: arrivals and the overview;
     * officers (of the desk's agency), or a manager or administrator
     * standing in: the desk console; the front desk also moves visitors
     * between desks, marks no-shows and takes legs off a visit. */
    {"POST", "/api/v1/check-ins", api_check_ins_post, FLOOR_FRONT, 4096,
     &api_check_in_body, 201, "Visit", "floor",
     "Check a booking in by its code: a ticket, and the queue of its first "
     "leg"},
    {"GET", "/api/v1/expected-visitors", api_expected_visitors_get, FLOOR_FRONT,
     NB, NULL, 200, "ExpectedVisitorList", "floor",
     "The day's bookings not checked in yet, searchable by name or code",
     "location:integer! date:date q:string"},
    {"POST", "/api/v1/walk-ins", api_walk_ins_post, FLOOR_FRONT, 4096,
     &api_walk_in_body, 201, "Visit", "floor",
     "Add a visitor without an appointment, where the open desks can still "
     "take them today"},
    {"GET", "/api/v1/floor", api_floor_get, ROLE_STAFF, NB, NULL, 200,
     "FloorDay", "floor",
     "The day's visits with their state and waiting so far, and each "
     "desk's state and queue",
     "location:integer! date:date"},
    {"POST", "/api/v1/visits/{visitId}/departure", api_visits_post_departure,
     FLOOR_FRONT, NB, NULL, 200, "Visit", "floor",
     "A visitor leaves early: what is left of the visit ends"},
    {"POST", "/api/v1/desks/{deskId}/open", api_desks_post_open, FLOOR_CONSOLE,
     NB, NULL, 200, "DeskDay", "floor", "Open the desk for today"},
    {"POST", "/api/v1/desks/{deskId}/close", api_desks_post_close,
     FLOOR_CONSOLE, NB, NULL, 200, "DeskDay", "floor",
     "Close the desk for today (nobody called or served there)"},
    {"GET", "/api/v1/desks/{deskId}/queue", api_desks_get_queue, ROLE_STAFF, NB,
     NULL, 200, "Queue", "floor", "The desk's queue, in the order served"},
    {"POST", "/api/v1/desks/{deskId}/calls", api_desks_post_call, FLOOR_CONSOLE,
     4096, &api_call_body, 201, "Visit", "floor",
     "Call the next visitor, or a chosen one, to the desk (body {} or "
     "{leg})"},
    {"POST", "/api/v1/visit-legs/{legId}/recall", api_visit_legs_post_recall,
     FLOOR_CONSOLE, NB, NULL, 200, "Visit", "floor", "Call the visitor again"},
    {"POST", "/api/v1/visit-legs/{legId}/start", api_visit_legs_post_start,
     FLOOR_CONSOLE, NB, NULL, 200, "Visit", "floor",
     "The called visitor is at the desk: service starts"},
    {"POST", "/api/v1/visit-legs/{legId}/park", api_visit_legs_post_park,
     FLOOR_CONSOLE, NB, NULL, 200, "Visit", "floor",
     "Set the visitor aside (a document missing); they keep their place"},
    {"POST", "/api/v1/visit-legs/{legId}/unpark", api_visit_legs_post_unpark,
     FLOOR_CONSOLE, NB, NULL, 200, "Visit", "floor",
     "Put a parked visitor back in the desk's queue"},
    {"POST", "/api/v1/visit-legs/{legId}/no-show", api_visit_legs_post_no_show,
     ROLE_STAFF, NB, NULL, 200, "Visit", "floor",
     "The visitor did not come after the calls, or left"},
    {"POST", "/api/v1/visit-legs/{legId}/complete",
     api_visit_legs_post_complete, FLOOR_CONSOLE, 4096, &api_leg_complete_body,
     200, "Visit", "floor",
     "Complete the leg with the outcome its service requires; the next leg "
     "joins its queue at once"},
    {"POST", "/api/v1/visit-legs/{legId}/transfer",
     api_visit_legs_post_transfer, ROLE_STAFF, 4096, &api_leg_transfer_body,
     200, "Visit", "floor",
     "Send the visitor to another desk's queue, keeping their place"},
    {"POST", "/api/v1/visit-legs/{legId}/cancel", api_visit_legs_post_cancel,
     ROLE_STAFF, NB, NULL, 200, "Visit", "floor",
     "Take the leg off the visit (not while being served)"},

    {"GET", "/api/v1/audit-events", api_audit_get_list, ROLE_ADMIN, NB, NULL,
     200, "AuditEventList", "administration", "The audit log, newest first",
     "limit:integer before:integer"},

    {"POST", "/api/v1/sponsor-imports", api_sponsor_imports_post, ROLE_ADMIN,
     SPONSOR_FILE_MAX, NULL, 201, "SponsorImport", "sponsors",
     "Import a snapshot of the IND register of recognised sponsors (the "
     "body is the saved page or CSV file); a bad file changes nothing",
     "category:string snapshot:date fileName:string allowLargeDrop:string",
     "text/csv text/html"},
    {"GET", "/api/v1/sponsors", api_sponsors_get_list,
     ROLE_ADMIN | ROLE_MANAGER | ROLE_FRONTDESK | ROLE_EMPLOYER, NB, NULL, 200,
     "SponsorList", "sponsors",
     "Recognised sponsors by KvK number or name (employers: their own)",
     "kvk:string q:string limit:integer"},
    {"GET", "/api/v1/sponsors/{kvk}", api_sponsors_get_one,
     ROLE_ADMIN | ROLE_MANAGER | ROLE_FRONTDESK | ROLE_EMPLOYER, NB, NULL, 200,
     "Sponsor", "sponsors", "One sponsor with its recognition history"},

    {"GET", "/api/v1/newcomers", api_newcomers_get_list,
     ROLE_EMPLOYER | ROLE_STAFF, NB, NULL, 200, "NewcomerList", "newcomers",
     "Newcomers and family members by name or exact travel document "
     "number (employers: their own sponsor's)",
     "q:string travelDocument:string sponsor:string limit:integer"},
    {"POST", "/api/v1/newcomers", api_newcomers_post, NEWCOMER_WRITERS, J,
     &api_newcomer_body, 201, "Newcomer", "newcomers",
     "Register a newcomer, with family members if any"},
    {"GET", "/api/v1/newcomers/{newcomerId}", api_newcomers_get_one,
     ROLE_EMPLOYER | ROLE_STAFF, NB, NULL, 200, "Newcomer", "newcomers",
     "One newcomer with family and progress; staff stating a reason see "
     "the whole travel document number and V-number (audited)",
     "reason:string"},
    {"PUT", "/api/v1/newcomers/{newcomerId}", api_newcomers_put,
     NEWCOMER_WRITERS, J, &api_newcomer_update_body, 200, "Newcomer",
     "newcomers", "Change a newcomer's record"},
    {"DELETE", "/api/v1/newcomers/{newcomerId}", api_newcomers_delete,
     NEWCOMER_WRITERS, NB, NULL, 204, NULL, "newcomers",
     "Remove a newcomer and their family (not with a visit still to come)"},
    {"POST", "/api/v1/newcomers/{newcomerId}/family", api_newcomers_post_family,
     NEWCOMER_WRITERS, J, &api_family_member_body, 201, "Newcomer", "newcomers",
     "Add a family member to a newcomer"},
};

#undef J
#undef NB
#undef NEWCOMER_WRITERS
#undef FLOOR_FRONT
#undef FLOOR_CONSOLE

#define ROUTER_COUNT (sizeof router_table / sizeof router_table[0])
#define ROUTER_ARG_MAX 64

const struct route *
router_routes(size_t *count)
{
    *count = ROUTER_COUNT;
    return router_table;
}

static bool
router_arg_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* Matches path against pattern; on success stores arguments in args. */
static bool
router_match_path(const char *pattern, const char *path,
                  const char *arg_start[REQUEST_MAX_ARGS],
                  size_t arg_len[REQUEST_MAX_ARGS], size_t *n_args)
{
    const char *p = pattern;
    const char *s = path;

    *n_args = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t len = 0;
            while (s[len] && s[len] != '/') {
                if (!router_arg_char(s[len])) {
                    return false;
                }
                len++;
            }
            if (len == 0 || len > ROUTER_ARG_MAX ||
                *n_args == REQUEST_MAX_ARGS || close == NULL) {
                return false;
            }
            arg_start[*n_args] = s;
            arg_len[*n_args] = len;
            (*n_args)++;
            s += len;
            p = close + 1;
            continue;
        }
        if (*p != *s) {
            return false;
        }
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

enum router_match
router_find(const char *method, const char *path, struct http_request *req,
            const struct route **out, char *allow, size_t allow_len)
{
    bool path_known = false;
    const char *arg_start[REQUEST_MAX_ARGS];
    size_t arg_len[REQUEST_MAX_ARGS];
    size_t n_args;

    if (allow_len > 0) {
        allow[0] = '\0';
    }
    for (size_t i = 0; i < ROUTER_COUNT; i++) {
        const struct route *r = &router_table[i];
        if (!router_match_path(r->pattern, path, arg_start, arg_len, &n_args)) {
            continue;
        }
        path_known = true;
        if (strcmp(r->method, method) != 0 &&
            !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            size_t used = strlen(allow);
            snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "",
                     r->method);
            continue;
        }
        for (size_t a = 0; a < n_args; a++) {
            req->args[a] = strndup(arg_start[a], arg_len[a]);
        }
        req->n_args = n_args;
        *out = r;
        return ROUTER_FOUND;
    }
    return path_known ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}
