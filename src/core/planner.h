/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The itinerary planner: given the desks of one location on one day (their
 * free slots and the kinds of service each performs) and the services one
 * visitor asked for (lengths in slots, prerequisites), finds the visits that
 * do every service in one go with the least waiting between desks, and
 * plans groups (families) that arrive together. Works on the slot grid of
 * core/dayset. Pure logic, no I/O, no allocation: every table has a fixed
 * size bounded by the limits below.
 *
 * Terms. A leg is one service at one desk: slots start .. start + length -
 * 1, all of them free at that desk. An itinerary (option) is one leg per
 * requested service; the visitor is at one desk at a time, so legs never
 * overlap, and a service starts only after all its prerequisites ended.
 * arrival = start of the first leg, end = slot after the last leg ends,
 * waiting = end - arrival - sum of the leg lengths (time between legs). */
#ifndef ONESTOP_CORE_PLANNER_H
#define ONESTOP_CORE_PLANNER_H

#include <stdint.h>

#include "core/dayset.h"
#include "util/status.h"

/* Desks of one location considered in one search. */
#define PLANNER_MAX_DESKS 64
/* Services one person may ask for in one visit; the search is exponential
 * in this number (2^n subsets), so it stays small. */
#define PLANNER_MAX_SERVICES 8
/* Service kinds a desk can be marked with (bits of planner_desk.kinds). */
#define PLANNER_MAX_KINDS 64
/* Options one search may return. */
#define PLANNER_MAX_OPTIONS 16
/* Persons in one group, and persons one planner_slots_for() may count. */
#define PLANNER_MAX_PERSONS 50
/* Arrivals of the group's first person that planner_group() tries as the
 * group's arrival; bounds its cost at this many passes over the group. */
#define PLANNER_GROUP_ANCHORS 16

/* One desk as the planner sees it. */
struct planner_desk {
    /* Slots where the desk can take a visitor: open, not on a break or
     * closed, not booked. Computed by the caller; slots at or after the
     * query's day_slots are ignored. */
    struct dayset free;
    /* Bit k set: the desk performs service kind k (0..PLANNER_MAX_KINDS -
     * 1). The caller numbers the kinds of one request (or one group) as it
     * likes; for one visitor, numbering the requested services 0..n - 1
     * and using kind = index is enough. */
    uint64_t kinds;
};

/* One requested service of one person. */
struct planner_service {
    int kind;   /* 0..PLANNER_MAX_KINDS - 1: which desks can do it */
    int length; /* slots, 1..DAYSET_MAX_SLOTS; see planner_slots_for() */
    /* Bit j set: requested service j of the same person must end before
     * this one starts. Bits at or above the person's service count, a
     * service requiring itself and cycles are STATUS_INPUT. */
    unsigned before;
};

/* One search: one person's services on one day. */
struct planner_query {
    const struct planner_service *services; /* n_services entries */
    int n_services;                         /* 1..PLANNER_MAX_SERVICES */
    /* Slots in the day: slot_count(slot_minutes), 1..DAYSET_MAX_SLOTS. No
     * leg ends after it. */
    int day_slots;
    /* First slot a leg may start, 0..day_slots (e.g. slot_index_ceil() of
     * "now" for today, 0 otherwise); day_slots itself gives no options. */
    int earliest;
    int want; /* options wanted, 1..PLANNER_MAX_OPTIONS */
    /* Options closer than this many slots (|arrival - arrival'| < spread)
     * exclude each other, so that options spread over the day; 0 or 1
     * allows any two distinct arrivals. >= 0. */
    int spread;
};

struct planner_leg {
    int service; /* index into the person's services */
    int desk;    /* index into the desks */
    int start;   /* first slot */
    int length;  /* slots */
};

struct planner_option {
    int arrival; /* start of the first leg */
    int end;     /* slot after the last leg */
    int waiting; /* end - arrival - sum of lengths */
    /* Order of choice among the options of one search: 0 is the best
     * option, 1 the next one chosen, and so on (see planner_search()). */
    int rank;
    int n_legs;                                   /* the person's n_services */
    struct planner_leg leg[PLANNER_MAX_SERVICES]; /* in time order */
};

/* One person of a group. */
struct planner_person {
    const struct planner_service *services; /* n_services entries */
    int n_services;                         /* 1..PLANNER_MAX_SERVICES */
};

/* A group that visits together on one day. */
struct planner_group_query {
    const struct planner_person *persons; /* n_persons entries */
    int n_persons;                        /* 1..PLANNER_MAX_PERSONS */
    int day_slots;                        /* as in planner_query */
    int earliest;                         /* as in planner_query */
};

/* Sets *slots_out (out) to the slots one service takes for a party of
 * persons: minutes plus extra_per_person for every person after the first,
 * rounded up to whole slots of slot_minutes. Returns STATUS_OK, or
 * STATUS_INPUT (*slots_out untouched) when minutes is not 1..1440,
 * extra_per_person not 0..1440, persons not 1..PLANNER_MAX_PERSONS (too
 * many persons is refused rather than capped, so that a desk is never
 * booked for less time than the party needs), slot_minutes not a valid grid
 * (slot_grid_valid()), or the total exceeds the 1440 minutes of a day. The
 * bounds keep the arithmetic far from overflow. */
enum status planner_slots_for(int minutes, int extra_per_person, int persons,
                              int slot_minutes, int *slots_out);

/* Finds up to q->want itineraries for one person.
 *
 * For every possible arrival a (earliest <= a, first leg starting at a)
 * the search finds the itinerary with the least end, which is the least
 * waiting for that arrival: for any fixed order of services, starting each
 * leg at the first slot after the previous leg where some capable desk is
 * free for its whole length is optimal, and a search over the subsets of
 * services already done covers every order that respects the
 * prerequisites. Ties between orders with the same end go to a fixed rule:
 * the last leg is the highest service index that can be last without a
 * later end, and so on backwards, so that orders that cost nothing extra
 * follow the order in which the services are listed. Each leg goes to the
 * lowest-index capable desk free for it. Results are deterministic.
 *
 * Choice of options: all arrivals are ranked by quality, least waiting
 * first and then earliest arrival. The best is taken first; then,
 * repeatedly, the best remaining arrival that lies at least q->spread slots
 * from every arrival already taken, until q->want are taken or none is
 * left. The chosen options are returned sorted by arrival, earliest first;
 * option.rank says the order in which they were chosen (rank 0 is the best
 * option of the day).
 *
 * desks: n_desks (0..PLANNER_MAX_DESKS) entries, may be NULL when n_desks
 * is 0. out (out): room for q->want options. *n_out (out): options
 * written, 0 when the day has no room.
 * Returns STATUS_OK; STATUS_INPUT for input outside the documented ranges
 * (including a prerequisite cycle) or NULL pointers; STATUS_NOT_FOUND when
 * some requested service is performed by none of the desks (a question
 * about the location, not about how busy the day is). out and *n_out are
 * written only on STATUS_OK. */
enum status planner_search(const struct planner_desk *desks, int n_desks,
                           const struct planner_query *q,
                           struct planner_option *out, int *n_out);

/* Marks the legs of opt as taken: removes each leg's slots from its desk's
 * free set. All or nothing: returns STATUS_INPUT (desks unchanged) when a
 * leg names a desk outside 0..n_desks - 1 or has a length below 1 or
 * opt->n_legs is not 0..PLANNER_MAX_SERVICES, STATUS_CONFLICT (desks
 * unchanged) when some slot of a leg is no longer free, or when two legs of
 * opt overlap on one desk; STATUS_OK otherwise. */
enum status planner_apply(struct planner_desk *desks, int n_desks,
                          const struct planner_option *opt);

/* Plans a group: one itinerary per person, on the same day, none of them
 * sharing a desk slot with another, all or nothing.
 *
 * Heuristic (not an exhaustive search): persons are planned one after the
 * other, most constrained first (longest total length, then most services,
 * then lowest index), each on the desks as left by those before. The first
 * person's arrival is the group's anchor x; every later person takes the
 * arrival a minimising |a - x| + waiting (the idle time the person adds to
 * a group that arrives together), ties to the smaller |a - x|, then the
 * earlier a. This is repeated with the first person's best
 * PLANNER_GROUP_ANCHORS arrivals (in the quality order of planner_search())
 * as anchors, and the plan with the least group cost wins: the sum of the
 * persons' waiting plus the sum of (arrival - group arrival), the group
 * arrival being the earliest arrival of the plan; ties go to the better
 * anchor.
 *
 * desks are not changed; book the result with planner_apply() per person.
 * out (out): room for q->n_persons options; out[i] is person i's, with rank
 * 0. failed_out (may be NULL): on STATUS_INPUT or STATUS_NOT_FOUND, the
 * index of the person concerned, or -1 when the problem is not about one
 * person.
 * Returns STATUS_OK; STATUS_INPUT as for planner_search(), per person;
 * STATUS_NOT_FOUND when some person cannot be fitted (for every anchor
 * tried; *failed_out then names the person who did not fit with the best
 * anchor, or the person needing a service no desk performs). out is
 * written only on STATUS_OK. */
enum status planner_group(const struct planner_desk *desks, int n_desks,
                          const struct planner_group_query *q,
                          struct planner_option *out, int *failed_out);

#endif
