/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The day itself on the floor of a location: the state of each leg of a
 * visit (checked in, waiting, called, served, parked, done, no-show,
 * cancelled) and the transitions the front desk and the desk officers make,
 * the order of a desk's queue, ticket numbers ("A012") and the waiting
 * figures the reports and the front desk overview read from the stamps.
 * Pure logic, no I/O, no clock and no allocation: the caller passes the
 * time of every step, and every table has a fixed size.
 *
 * Time. Every time is an int64_t instant in seconds (UTC epoch seconds in
 * the program; any origin works as long as one day uses one). Appointment
 * times, which the store keeps as the location's local date and minute of
 * day, are converted to the same instants once at the edge. FLOOR_TIME_NONE
 * marks a stamp not (yet) set. Rules are in minutes.
 *
 * States of a leg (one service of one visit):
 *
 *   PENDING   a later leg, or the first leg before check-in
 *   WAITING   in a queue: for one desk, or for any desk that performs its
 *             service (struct floor_leg.desk)
 *   CALLED    called to a desk; may be recalled
 *   SERVING   started at that desk
 *   PARKED    set aside by the officer (a missing document, a photo to be
 *             taken); back in the queue, at its old place, when unparked
 *   DONE      completed with an outcome; never changes again
 *   NO_SHOW   did not come, or did not answer the calls
 *   CANCELLED taken off the visit by staff
 *
 * Transfers are not a state. A transferred leg goes straight into the queue
 * of the other desk (WAITING there, at its old place in the order), so that
 * the visitor is never "between" queues, never in two queues, and the
 * display and the overview need no extra case; the leg counts its
 * transfers. A leg keeps its service: sending the visitor to another
 * service is a change of the visit (cancel one leg, add another), which the
 * API does.
 *
 * Allowed transitions (every other pair is refused with a reason naming
 * the state, e.g. "cannot complete a leg that was never started"). The
 * action NO_SHOW is FLOOR_MARK_NO_SHOW in code, FLOOR_NO_SHOW being the
 * state:
 *
 *   CHECK_IN  PENDING -> WAITING
 *   CALL      WAITING -> CALLED             at a desk that performs the
 *                                           service and that the leg waits
 *                                           for (or any such desk)
 *   RECALL    CALLED  -> CALLED             at most FLOOR_MAX_RECALLS times
 *   START     CALLED  -> SERVING
 *   PARK      CALLED, SERVING -> PARKED
 *   UNPARK    PARKED  -> WAITING            for the desk that parked it
 *   NO_SHOW   CALLED  -> NO_SHOW            after rules.recalls_before_no_show
 *                                           recalls
 *             WAITING -> NO_SHOW            (the visitor left)
 *             PENDING -> NO_SHOW            with an appointment, once
 *                                           rules.no_show_minutes have passed
 *   COMPLETE  SERVING -> DONE               with an outcome, only
 *   TRANSFER  WAITING, CALLED, SERVING, PARKED -> WAITING at another desk
 *   CANCEL    PENDING, WAITING, CALLED, PARKED -> CANCELLED (a leg being
 *             served is completed or transferred, not cancelled)
 *
 * Stamps. Each accepted transition sets updated_at to the time given; a
 * time before updated_at is refused, so stamps never go backwards.
 * queued_at, called_at and started_at keep the FIRST time (they measure
 * the visitor's wait and the start of service, whatever happened after);
 * last_called_at the latest call or recall; ended_at the time the leg
 * became DONE, NO_SHOW or CANCELLED. Time spent PARKED after the start is
 * summed in parked_seconds and is not service time.
 *
 * A visit is its legs in itinerary order plus arrival and departure. Use
 * floor_visit_apply(), which keeps its invariants:
 *   - at most one leg is active (WAITING, CALLED, SERVING or PARKED): a
 *     visitor is never in two queues at once;
 *   - a leg that ends (DONE or CANCELLED) puts the visitor in the queue of
 *     their next PENDING leg at the same instant; when no leg is left, the
 *     visitor departs (departed_at) at that instant;
 *   - a NO_SHOW of the active leg (three calls, nobody came; or the visitor
 *     left) ends the visit: its PENDING legs become NO_SHOW too, since the
 *     visitor is no longer in the building. If they come back, the front
 *     desk adds what is left as a new visit;
 *   - DONE, NO_SHOW and CANCELLED legs never change.
 */
#ifndef ONESTOP_CORE_FLOOR_H
#define ONESTOP_CORE_FLOOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Legs in one visit (as many services as one itinerary may hold). */
#define FLOOR_MAX_LEGS 8
/* Service kinds of one location and day (bits of a desk's service mask; the
 * same numbering as the planner's kinds). */
#define FLOOR_MAX_SERVICES 64
/* Recalls of one call; after them the officer marks a no-show. */
#define FLOOR_MAX_RECALLS 9
/* Transfers of one leg; bounds a visitor being sent back and forth. */
#define FLOOR_MAX_TRANSFERS 8
/* Entries floor_queue_order() and floor_pick_next() accept: more visitors
 * than a location's whole day. */
#define FLOOR_MAX_QUEUE 2048
/* Rule bounds, in minutes. */
#define FLOOR_MAX_GRACE_MINUTES 240
#define FLOOR_MAX_NO_SHOW_MINUTES 720
/* "Not set" for every time stamp and for a walk-in's appointment. */
#define FLOOR_TIME_NONE INT64_C(-1)

/* Tickets: a letter (per agency or service group) and a number of
 * FLOOR_TICKET_DIGITS digits, 1..FLOOR_TICKET_MAX, per location and day. */
#define FLOOR_TICKET_DIGITS 3
#define FLOOR_TICKET_MAX 999
/* "A012" plus NUL. */
#define FLOOR_TICKET_TEXT (1 + FLOOR_TICKET_DIGITS + 1)
/* Ticket letters: A-Z without I and O, which a display across a room shows
 * too much like 1 and 0. */
#define FLOOR_TICKET_LETTERS "ABCDEFGHJKLMNPQRSTUVWXYZ"

enum floor_state {
    FLOOR_PENDING = 0,
    FLOOR_WAITING,
    FLOOR_CALLED,
    FLOOR_SERVING,
    FLOOR_PARKED,
    FLOOR_DONE,
    FLOOR_NO_SHOW,
    FLOOR_CANCELLED,
    FLOOR_STATE_COUNT
};

enum floor_action {
    FLOOR_CHECK_IN = 0,
    FLOOR_CALL,
    FLOOR_RECALL,
    FLOOR_START,
    FLOOR_PARK,
    FLOOR_UNPARK,
    FLOOR_MARK_NO_SHOW,
    FLOOR_COMPLETE,
    FLOOR_TRANSFER,
    FLOOR_CANCEL,
    FLOOR_ACTION_COUNT
};

/* What came out of a completed leg. Which outcomes fit which service is the
 * catalogue's business (the API checks it); "not done" outcomes carry a
 * reason the API stores as text. */
enum floor_outcome {
    FLOOR_OUTCOME_NONE = 0,         /* not completed */
    FLOOR_OUTCOME_SERVED,           /* intake and other plain services */
    FLOOR_OUTCOME_BSN_ISSUED,       /* registration: BSN issued on the day */
    FLOOR_OUTCOME_BSN_NOT_ISSUED,   /* registration: not issued, and why */
    FLOOR_OUTCOME_DOCUMENT_HANDED,  /* IND: residence document handed over */
    FLOOR_OUTCOME_BIOMETRICS_TAKEN, /* IND: photo, fingerprints, signature */
    FLOOR_OUTCOME_STICKER_PLACED,   /* IND: endorsement sticker placed */
    FLOOR_OUTCOME_RETURN_VISA,      /* IND: return visa issued */
    FLOOR_OUTCOME_NOT_DONE,         /* any service: not done, and why */
    FLOOR_OUTCOME_COUNT
};

/* Late arrivals and no-shows, per location (configuration). */
struct floor_rules {
    /* Minutes after the first leg's appointment a visitor may check in and
     * still count as on time. 0..FLOOR_MAX_GRACE_MINUTES. */
    int grace_minutes;
    /* A visitor who checks in later than that is late. true: they keep
     * their appointment's place in the queue; false: they queue like a
     * walk-in arriving at that moment (behind every appointment that is
     * due). Only the first leg can be late: later legs join their queue
     * when the centre finishes the one before, and a visitor is never
     * pushed back for the centre's delay. */
    bool late_keeps_place;
    /* Minutes after the first leg's appointment an unchecked visitor may
     * be marked a no-show. grace_minutes..FLOOR_MAX_NO_SHOW_MINUTES. */
    int no_show_minutes;
    /* Recalls after the first call before a called visitor may be marked a
     * no-show. 0..FLOOR_MAX_RECALLS. */
    int recalls_before_no_show;
};

/* The default rules: 10 minutes' grace, late visitors go to the back, a
 * no-show 30 minutes after the appointment, two recalls before a no-show
 * (three calls in all, as ticket systems commonly do). */
struct floor_rules floor_rules_default(void);

/* Checks rules against the bounds above. Returns STATUS_OK, or
 * STATUS_INPUT with *reason (out, may be NULL) naming the bad field. */
enum status floor_rules_check(const struct floor_rules *rules,
                              const char **reason);

struct floor_leg {
    enum floor_state state;
    int service; /* kind, 0..FLOOR_MAX_SERVICES - 1 */
    /* 0: any desk that performs the service may call the leg; otherwise
     * only this desk. CALL sets it to the calling desk (so that a parked
     * visitor returns to the same officer), TRANSFER to the target. */
    int64_t desk;
    int64_t appointment;    /* booked start, or FLOOR_TIME_NONE (walk-in) */
    int64_t queued_at;      /* first time in a queue */
    int64_t called_at;      /* first call */
    int64_t last_called_at; /* latest call or recall */
    int64_t started_at;     /* first start */
    int64_t parked_at;      /* while PARKED: since when */
    int64_t ended_at;       /* DONE, NO_SHOW or CANCELLED */
    int64_t parked_seconds; /* parked after the start; not service time */
    int64_t updated_at;     /* last accepted transition */
    int recalls;            /* recalls of the current call */
    int transfers;
    enum floor_outcome outcome;
};

/* The details of one step. */
struct floor_args {
    int64_t now; /* the time of the step, >= 0 */
    /* CALL: the calling desk (> 0). TRANSFER: the target desk, or 0 for
     * any desk that performs the service. RECALL, START, PARK, COMPLETE:
     * the acting desk, checked against the one the leg was called to, or 0
     * when the front desk acts. Ignored otherwise. */
    int64_t desk;
    /* CALL and TRANSFER to a desk: the services that desk performs (bit k:
     * kind k). */
    uint64_t desk_services;
    enum floor_outcome outcome; /* COMPLETE: not NONE */
    /* NULL: floor_rules_default(). */
    const struct floor_rules *rules;
};

/* Sets *leg (out) to a PENDING leg of service kind service, for desk (0
 * for any desk performing it; >= 0) and appointment (>= 0 or
 * FLOOR_TIME_NONE). Returns STATUS_OK or STATUS_INPUT (leg untouched). */
enum status floor_leg_init(struct floor_leg *leg, int service, int64_t desk,
                           int64_t appointment);

/* Applies action to one leg, as in the table above. On STATUS_OK the leg
 * has its new state and stamps. Otherwise the leg is unchanged and
 * *reason (out, may be NULL) is a short English sentence for the error's
 * detail; static, never NULL:
 *   STATUS_CONFLICT  the leg's state (or the desk) does not allow it;
 *   STATUS_INPUT     bad arguments: NULL, an action or outcome out of
 *                    range, a time before the leg's last step, bad rules.
 * On its own it knows nothing of the visit: use floor_visit_apply(). */
enum status floor_leg_apply(struct floor_leg *leg, enum floor_action action,
                            const struct floor_args *args, const char **reason);

/* WAITING, CALLED, SERVING or PARKED. */
bool floor_state_active(enum floor_state s);
/* DONE, NO_SHOW or CANCELLED: the leg never changes again. */
bool floor_state_final(enum floor_state s);
/* Names for JSON and logs ("waiting", "no_show", "check_in", ...); "?"
 * out of range. Static, never NULL. */
const char *floor_state_name(enum floor_state s);
const char *floor_action_name(enum floor_action a);
const char *floor_outcome_name(enum floor_outcome o);
/* The enum value of a name as above; false when there is none. */
bool floor_action_parse(const char *name, enum floor_action *out);
bool floor_outcome_parse(const char *name, enum floor_outcome *out);

struct floor_ticket {
    char letter; /* one of FLOOR_TICKET_LETTERS */
    int number;  /* 1..FLOOR_TICKET_MAX */
};

struct floor_visit {
    int n_legs;                           /* 1..FLOOR_MAX_LEGS */
    struct floor_leg leg[FLOOR_MAX_LEGS]; /* itinerary order */
    struct floor_ticket ticket; /* given at check-in ({0, 0} before) */
    int64_t arrived_at;         /* check-in */
    int64_t departed_at;        /* the last leg ended, after arriving */
    /* Checked in after the first leg's appointment plus the grace. */
    bool late;
    int checkin_leg; /* the leg that check-in queued, or -1 */
};

/* Sets *visit (out) to a visit of n legs (1..FLOOR_MAX_LEGS), all PENDING,
 * copied from legs (each made by floor_leg_init()). A walk-in is a visit
 * whose legs have no appointment, checked in at once. Returns STATUS_OK or
 * STATUS_INPUT (visit untouched). */
enum status floor_visit_init(struct floor_visit *visit,
                             const struct floor_leg *legs, int n);

/* Applies action to leg index leg of visit, keeping the invariants above.
 *   CHECK_IN: leg is ignored (-1 by convention); the visit's first PENDING
 *     leg joins its queue, arrived_at and late are set and the ticket
 *     stored (ticket must be valid). Refused when already checked in.
 *   NO_SHOW of a PENDING leg: only before check-in; marks every PENDING
 *     leg NO_SHOW (the visitor did not come).
 *   CANCEL of a PENDING leg: drops that later service; of the active leg:
 *     the next leg follows as after COMPLETE.
 *   every other action: on the active leg only.
 * Returns as floor_leg_apply(); STATUS_INPUT also for leg out of range
 * and for a time before floor_visit_last_stamp() (a step of a visit never
 * goes back in time, not even on another leg: the API takes now inside
 * the write transaction, or raises it to the last stamp, so that two
 * requests committed out of order are not refused for a second's skew).
 * On refusal the visit is unchanged. ticket is read by CHECK_IN only (may
 * be NULL otherwise). */
enum status floor_visit_apply(struct floor_visit *visit, int leg,
                              enum floor_action action,
                              const struct floor_args *args,
                              const struct floor_ticket *ticket,
                              const char **reason);

/* The latest time stamped in the visit (arrival or any leg's last step),
 * or FLOOR_TIME_NONE before the first step. */
int64_t floor_visit_last_stamp(const struct floor_visit *visit);
/* Index of the active leg, or -1. */
int floor_visit_active_leg(const struct floor_visit *visit);
/* Index of the first PENDING leg (the one that follows the active leg, or
 * the first one before check-in), or -1. */
int floor_visit_next_leg(const struct floor_visit *visit);
/* Not checked in, and the first PENDING leg's appointment plus
 * rules->no_show_minutes (NULL: the defaults) is at or before now: the
 * visit may be marked a no-show (floor_visit_apply() with NO_SHOW on that
 * leg). For the front desk's overview and a periodic sweep. */
bool floor_visit_no_show_due(const struct floor_visit *visit,
                             const struct floor_rules *rules, int64_t now);
/* No leg is PENDING or active. */
bool floor_visit_over(const struct floor_visit *visit);
/* The invariants hold: n_legs in range; before check-in no leg active or
 * DONE; after check-in, until the visit is over, exactly one leg active and
 * every leg before it final; departed_at set exactly when checked in and
 * over; each leg's stamps in order (queued <= called <= started <= ended
 * <= updated). For tests, and for the store when it loads a visit. */
bool floor_visit_valid(const struct floor_visit *visit);

/* One WAITING leg as a queue sees it. */
struct floor_entry {
    int64_t visit_id; /* the caller's, returned as is; last tie-break */
    int leg;          /* index in the visit */
    int service;
    int64_t desk;        /* as floor_leg.desk */
    int64_t appointment; /* or FLOOR_TIME_NONE */
    int64_t arrival;     /* the visit's check-in */
    int64_t queued_at;   /* the leg's first time in a queue */
    bool late;           /* the visit's first leg, checked in late */
    struct floor_ticket ticket;
};

/* Sets *out (out) to the entry of visit's WAITING leg. Returns STATUS_OK,
 * or STATUS_NOT_FOUND when no leg is WAITING (out untouched). */
enum status floor_entry_from_visit(const struct floor_visit *visit,
                                   int64_t visit_id, struct floor_entry *out);

/* Queue order at time now, the same for every desk. Entries fall in three
 * bands, served in this order:
 *   1. due appointments: an appointment at or before now, kept (on time,
 *      late within the grace, late with late_keeps_place, or a later leg);
 *      by appointment time;
 *   2. walk-ins, and late visitors who lost their place: by the time they
 *      joined the queue;
 *   3. appointments still to come (early arrivals): by appointment time.
 * Ties: check-in time, then ticket (letter, number), then visit id, then
 * leg. So an appointment is served at its time ahead of walk-ins (the
 * planner reserved the desk for it), walk-ins fill the time in between
 * first come, first served, and an early visitor is served early when
 * nobody else is owed the desk. Transfers and unparking keep the queued_at
 * and so the place. Returns true when a comes strictly before b. */
bool floor_entry_before(const struct floor_entry *a,
                        const struct floor_entry *b,
                        const struct floor_rules *rules, int64_t now);

/* Sorts n entries (0..FLOOR_MAX_QUEUE) in place by floor_entry_before().
 * rules NULL: the defaults. Returns STATUS_OK or STATUS_INPUT (entries
 * untouched). Stable and allocation-free (insertion sort: queues are
 * short). */
enum status floor_queue_order(struct floor_entry *entries, int n,
                              const struct floor_rules *rules, int64_t now);

/* Whether desk (> 0) performing services (bit k: kind k) may call e. */
bool floor_entry_eligible(const struct floor_entry *e, int64_t desk,
                          uint64_t services);

/* Sets *index_out (out) to the index of the entry that desk should call
 * next: the first in queue order among those it may call. entries need not
 * be sorted. Returns STATUS_OK, STATUS_NOT_FOUND when the desk may call
 * none, STATUS_INPUT for bad arguments. */
enum status floor_pick_next(const struct floor_entry *entries, int n,
                            int64_t desk, uint64_t services,
                            const struct floor_rules *rules, int64_t now,
                            int *index_out);

/* Validates letter (one of FLOOR_TICKET_LETTERS) and number
 * (1..FLOOR_TICKET_MAX) into *out (out). STATUS_OK or STATUS_INPUT. */
enum status floor_ticket_make(char letter, int number,
                              struct floor_ticket *out);
/* Writes "A012" into out (out), always NUL-terminated. Returns STATUS_OK,
 * or STATUS_INPUT for an invalid ticket (out is then ""). */
enum status floor_ticket_format(const struct floor_ticket *t,
                                char out[FLOOR_TICKET_TEXT]);
/* Parses len bytes of s (need not be NUL-terminated) as a ticket: exactly
 * a letter of FLOOR_TICKET_LETTERS, in either case, and FLOOR_TICKET_DIGITS
 * digits not all zero ("A012", "a012"). Nothing else: no spaces, signs or
 * other lengths. STATUS_OK sets *out (out); otherwise STATUS_INPUT. */
enum status floor_ticket_parse(const char *s, size_t len,
                               struct floor_ticket *out);

/* Figures, in seconds; -1 when not (yet) known. now is used for what is
 * still running (a visitor still waiting, still in the building).
 * Waiting before a leg: queued_at to its first call. */
int64_t floor_leg_wait(const struct floor_leg *leg, int64_t now);
/* Service time of a DONE leg: started_at to ended_at, less time parked. */
int64_t floor_leg_service(const struct floor_leg *leg);
/* Time in the building: arrival to departure. */
int64_t floor_visit_in_building(const struct floor_visit *visit, int64_t now);
/* Sum of floor_leg_wait() over the legs that were queued. */
int64_t floor_visit_wait(const struct floor_visit *visit, int64_t now);

#endif
