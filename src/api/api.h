/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The request handlers, one file per resource family, and the body specs
 * the routing table refers to. Every handler replies exactly once. */
#ifndef ONESTOP_API_API_H
#define ONESTOP_API_API_H

#include "http/body.h"
#include "http/request.h"

/* health.c */
void api_health_get(struct http_request *req);
/* openapi.c */
void api_openapi_get(struct http_request *req);

/* session.c */
extern const struct body_spec api_session_body;
void api_session_get(struct http_request *req);
void api_session_post(struct http_request *req);
void api_session_delete(struct http_request *req);

/* locations.c */
extern const struct body_spec api_location_body;
void api_locations_get_list(struct http_request *req);
void api_locations_get_one(struct http_request *req);
void api_locations_get_hours(struct http_request *req);
void api_locations_post(struct http_request *req);
void api_locations_put(struct http_request *req);

/* events.c: live event streams (text/event-stream) */
void api_events_get_display(struct http_request *req);
void api_events_get_floor(struct http_request *req);

/* agencies.c */
extern const struct body_spec api_agency_body;
void api_agencies_get_list(struct http_request *req);
void api_agencies_post(struct http_request *req);
void api_agencies_put(struct http_request *req);

/* services.c */
extern const struct body_spec api_service_body;
void api_services_get_list(struct http_request *req);
void api_services_get_one(struct http_request *req);
void api_services_post(struct http_request *req);
void api_services_put(struct http_request *req);
/* eligibility.c */
extern const struct body_spec api_service_eligibility_body;
void api_services_get_eligibility(struct http_request *req);
void api_services_put_eligibility(struct http_request *req);

/* desks.c */
extern const struct body_spec api_desk_body;
extern const struct body_spec api_desk_hours_body;
void api_desks_get_list(struct http_request *req);
void api_desks_get_one(struct http_request *req);
void api_desks_post(struct http_request *req);
void api_desks_put(struct http_request *req);
void api_desks_put_hours(struct http_request *req);

/* closures.c */
extern const struct body_spec api_closure_body;
void api_closures_get_list(struct http_request *req);
void api_closures_post(struct http_request *req);
void api_closures_delete(struct http_request *req);

/* users.c */
extern const struct body_spec api_user_body;
void api_users_get_list(struct http_request *req);
void api_users_post(struct http_request *req);

/* audit.c */
void api_audit_get_list(struct http_request *req);

/* availability.c */
void api_availability_get(struct http_request *req);

/* bookings.c */
extern const struct body_spec api_booking_body;
extern const struct body_spec api_itinerary_body;
void api_bookings_post(struct http_request *req);
void api_bookings_get_one(struct http_request *req);
void api_bookings_get_list(struct http_request *req);
void api_bookings_delete(struct http_request *req);
void api_bookings_put_itinerary(struct http_request *req);
void api_bookings_get_calendar(struct http_request *req);
void api_bookings_get_qr(struct http_request *req);
/* booking_documents.c */
extern const struct body_spec api_booking_documents_body;
void api_bookings_get_documents(struct http_request *req);
void api_bookings_put_documents(struct http_request *req);

/* booking_groups.c */
extern const struct body_spec api_booking_group_body;
void api_booking_groups_post(struct http_request *req);
void api_booking_groups_get_one(struct http_request *req);
void api_booking_groups_delete(struct http_request *req);

/* sponsors.c */
void api_sponsor_imports_post(struct http_request *req);
void api_sponsors_get_list(struct http_request *req);
void api_sponsors_get_one(struct http_request *req);

/* newcomers.c */
extern const struct body_spec api_newcomer_body;
extern const struct body_spec api_newcomer_update_body;
extern const struct body_spec api_family_member_body;
void api_newcomers_get_list(struct http_request *req);
void api_newcomers_post(struct http_request *req);
void api_newcomers_get_one(struct http_request *req);
void api_newcomers_put(struct http_request *req);
void api_newcomers_delete(struct http_request *req);
void api_newcomers_post_family(struct http_request *req);
/* floor_checkin.c */
extern const struct body_spec api_check_in_body;
extern const struct body_spec api_walk_in_body;
void api_check_ins_post(struct http_request *req);
void api_expected_visitors_get(struct http_request *req);
void api_walk_ins_post(struct http_request *req);

/* floor_desk.c */
extern const struct body_spec api_call_body;
void api_desks_post_open(struct http_request *req);
void api_desks_post_close(struct http_request *req);
void api_desks_get_queue(struct http_request *req);
void api_desks_post_call(struct http_request *req);

/* floor_legs.c */
extern const struct body_spec api_leg_complete_body;
extern const struct body_spec api_leg_transfer_body;
void api_visit_legs_post_recall(struct http_request *req);
void api_visit_legs_post_start(struct http_request *req);
void api_visit_legs_post_park(struct http_request *req);
void api_visit_legs_post_unpark(struct http_request *req);
void api_visit_legs_post_no_show(struct http_request *req);
void api_visit_legs_post_complete(struct http_request *req);
void api_visit_legs_post_transfer(struct http_request *req);
void api_visit_legs_post_cancel(struct http_request *req);
void api_visits_post_departure(struct http_request *req);

/* floor_overview.c */
void api_floor_get(struct http_request *req);

#endif
