/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The SQL of the day on the floor: visits and their legs (the states and
 * stamps of core/floor), the desks' state per day, the floor event log and
 * the BSNs issued at registration. The rules live in core/floor; this file
 * only reads and writes them. A leg is written back with a conditional
 * UPDATE (its id and the state and last stamp it was read with), so that a
 * step computed from a stale read changes nothing (STATUS_CONFLICT) rather
 * than overwriting another one: two officers calling at once never get the
 * same visitor. A unique index keeps at most one active leg per visit. */
#ifndef ONESTOP_STORE_FLOOR_H
#define ONESTOP_STORE_FLOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/floor.h"
#include "util/sealed.h"
#include "util/status.h"

struct db;

/* A name part, in bytes (200 characters of UTF-8). */
#define STORE_FLOOR_NAME_MAX 801
/* A service or desk code, and an outcome kind, in bytes. */
#define STORE_FLOOR_CODE_MAX 64
/* The outcome recorded at completion, as JSON text, in bytes. */
#define STORE_FLOOR_OUTCOME_MAX 1024
/* The sealed field of issued BSNs (associated data). */
#define STORE_FLOOR_BSN_FIELD "issued_bsns.bsn"
/* Waiting legs read for one location and day (core's queue limit). */
#define STORE_FLOOR_MAX_WAITING FLOOR_MAX_QUEUE

/* What the store keeps of a leg beside core's struct floor_leg. */
struct store_floor_leg {
    int64_t id;
    int64_t service_id;
    int64_t booking_leg_id; /* 0: a walk-in */
    int64_t called_desk_id; /* 0: never called */
    int service_minutes;    /* for one person */
    int extra_minutes;      /* per further person */
    char service_code[STORE_FLOOR_CODE_MAX];
    char outcome_kind[STORE_FLOOR_CODE_MAX]; /* services.outcome */
    char outcome[STORE_FLOOR_OUTCOME_MAX];   /* "" when none recorded */
};

/* A visit as read: core's struct floor_visit (whose legs' service is left
 * 0: the kind is the caller's numbering) and the rows beside it. */
struct store_floor_visit {
    int64_t id;
    int64_t location_id;
    char date[11];
    int64_t booking_id; /* 0: a walk-in */
    char booking_code[16];
    int persons;
    char given_names[STORE_FLOOR_NAME_MAX];
    char surname[STORE_FLOOR_NAME_MAX];
    struct floor_visit v;
    struct store_floor_leg legs[FLOOR_MAX_LEGS];
};

/* Loads the visit with this id into *out (out): STATUS_NOT_FOUND when
 * there is none. */
enum status store_floor_visit_load(struct db *db, int64_t visit_id,
                                   struct store_floor_visit *out);
/* The visit that the leg with this id belongs to (out). */
enum status store_floor_leg_visit(struct db *db, int64_t leg_id,
                                  int64_t *visit_id);
/* Calls fn for every visit of a location on a date, in ticket order. The
 * visit is borrowed for the call. */
enum status store_floor_day_each(
    struct db *db, int64_t location_id, const char *date,
    enum status (*fn)(void *ctx, const struct store_floor_visit *visit),
    void *ctx);

/* The next ticket number of a location and day (1 for the first), out.
 * Run it in the transaction that inserts the visit. */
enum status store_floor_next_ticket(struct db *db, int64_t location_id,
                                    const char *date, int *number);
/* Inserts in (checked in: in->v.arrived_at set) with its legs as they are
 * in in->v, the names of a walk-in, and created_by (0 = none). Sets the
 * ids (out) in in->id and in->legs[i].id. STATUS_CONFLICT when the booking
 * is checked in already or the ticket is taken. */
enum status store_floor_visit_insert(struct db *db,
                                     struct store_floor_visit *in,
                                     int64_t created_by);
/* Writes leg i of visit back when it differs from was (the leg as read):
 * state, stamps, counters, desk, outcome_kind from the leg and the
 * outcome JSON from visit->legs[i].outcome ("" = NULL), and called_desk_id
 * from visit->legs[i]. Only where the row still has was's state and last
 * stamp: STATUS_CONFLICT when another step changed it meanwhile. */
enum status store_floor_leg_save(struct db *db,
                                 const struct store_floor_visit *visit, int i,
                                 const struct floor_leg *was);
/* Writes the visit's departure (NULL when FLOOR_TIME_NONE). */
enum status store_floor_visit_save(struct db *db,
                                   const struct store_floor_visit *visit);

/* One step in the event log. */
struct store_floor_event {
    int64_t at; /* instant */
    int64_t location_id;
    const char *date;
    const char *kind; /* core action name, "departure", "desk_open", ... */
    int64_t visit_id; /* 0 = none */
    int64_t leg_id;
    int64_t desk_id;
    int64_t user_id;
};
enum status store_floor_event_add(struct db *db,
                                  const struct store_floor_event *ev);

/* One waiting leg, as a queue reads it. */
struct store_floor_waiting {
    int64_t leg_id;
    int64_t service_id;
    int persons;
    int service_minutes;
    int extra_minutes;
    struct floor_entry entry; /* entry.service left 0, as above */
};
/* Calls fn for every WAITING leg of a location on a date (borrowed), by
 * visit id: a visit has at most one. */
enum status store_floor_waiting_each(
    struct db *db, int64_t location_id, const char *date,
    enum status (*fn)(void *ctx, const struct store_floor_waiting *w),
    void *ctx);

/* A desk as the floor needs it. */
struct store_floor_desk {
    int64_t id;
    int64_t location_id;
    int64_t agency_id;
    bool active;
    char code[STORE_FLOOR_CODE_MAX];
    char name_en[STORE_FLOOR_NAME_MAX];
    char name_nl[STORE_FLOOR_NAME_MAX];
};
enum status store_floor_desk_find(struct db *db, int64_t desk_id,
                                  struct store_floor_desk *out);
/* The desk's state on date ("open", "closed", "paused"; "closed" when it
 * was not opened) and who opened it (0 = nobody); both out. */
enum status store_floor_desk_state(struct db *db, int64_t desk_id,
                                   const char *date, char state[8],
                                   int64_t *officer_id);
/* Sets the desk's state on date. */
enum status store_floor_desk_set(struct db *db, int64_t desk_id,
                                 const char *date, const char *state,
                                 int64_t officer_id, int64_t now);
/* The leg called to or being served at the desk (out), STATUS_NOT_FOUND
 * when there is none. */
enum status store_floor_desk_busy(struct db *db, int64_t desk_id,
                                  int64_t *leg_id);
/* Calls fn for each desk of a location with its state on date. */
enum status store_floor_desk_states_each(
    struct db *db, int64_t location_id, const char *date,
    enum status (*fn)(void *ctx, int64_t desk_id, const char *state,
                      int64_t officer_id),
    void *ctx);

/* A booking of the day not checked in yet. */
struct store_floor_expected {
    int64_t booking_id;
    const char *code;
    const char *given_names;
    const char *surname;
    int persons;
    int first_minute; /* the first leg's start, minute of day */
};
/* Bookings of a location on date, booked and not checked in, whose name
 * contains q ("" = all; case-insensitive for ASCII), by first leg, at most
 * limit. Borrowed for the call. */
enum status store_floor_expected_each(
    struct db *db, int64_t location_id, const char *date, const char *q,
    int limit,
    enum status (*fn)(void *ctx, const struct store_floor_expected *row),
    void *ctx);

/* Records the BSN of registration leg leg_id of visit (of booking_id, 0 =
 * none), sealed under key, from the pool's row pool_id (0 = typed in), by
 * user issued_by at now. STATUS_CONFLICT when the number is recorded for
 * someone already. */
enum status store_floor_bsn_insert(struct db *db, const struct sealed_key *key,
                                   int64_t visit_id, int64_t leg_id,
                                   int64_t booking_id, const char *bsn,
                                   int64_t pool_id, int64_t issued_by,
                                   int64_t now);
/* The BSN issued to a booking's visitor, opened with key into bsn (out);
 * *visit_id (out, may be NULL). STATUS_NOT_FOUND when none was issued.
 * The caller wipes bsn. */
enum status store_floor_bsn_of_booking(struct db *db,
                                       const struct sealed_key *key,
                                       int64_t booking_id,
                                       char bsn[SEALED_VALUE_MAX + 1],
                                       int64_t *visit_id);

/* Whether agency_id performs a service whose outcome is a registration
 * (the municipality): *yes (out). */
enum status store_floor_agency_registers(struct db *db, int64_t agency_id,
                                         bool *yes);

/* How far a booking's visit got on the floor, for the newcomer's and the
 * employer's views (never the number itself). */
struct store_floor_progress {
    bool booked;             /* the booking exists and is not cancelled */
    bool checked_in;         /* a visit was made of it */
    bool departed;           /* that visit is over */
    bool bsn_issued;         /* a BSN was issued at registration */
    bool document_collected; /* the residence document was handed over */
    int64_t checked_in_at;   /* instants, or FLOOR_TIME_NONE */
    int64_t bsn_issued_at;
    int64_t document_collected_at;
};
/* Sets *out (out) for booking_id; STATUS_NOT_FOUND when there is no such
 * booking. */
enum status store_floor_booking_progress(struct db *db, int64_t booking_id,
                                         struct store_floor_progress *out);

#endif
