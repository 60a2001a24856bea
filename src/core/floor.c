/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The day on the floor: leg states and transitions, visits, queue order,
 * tickets and waiting figures. See floor.h for the rules. */
#include "core/floor.h"

#include <string.h>

#define SECONDS_PER_MINUTE 60

static const char *const state_names[FLOOR_STATE_COUNT] = {
    [FLOOR_PENDING] = "pending", [FLOOR_WAITING] = "waiting",
    [FLOOR_CALLED] = "called",   [FLOOR_SERVING] = "serving",
    [FLOOR_PARKED] = "parked",   [FLOOR_DONE] = "done",
    [FLOOR_NO_SHOW] = "no_show", [FLOOR_CANCELLED] = "cancelled",
};

static const char *const action_names[FLOOR_ACTION_COUNT] = {
    [FLOOR_CHECK_IN] = "check_in",
    [FLOOR_CALL] = "call",
    [FLOOR_RECALL] = "recall",
    [FLOOR_START] = "start",
    [FLOOR_PARK] = "park",
    [FLOOR_UNPARK] = "unpark",
    [FLOOR_MARK_NO_SHOW] = "no_show",
    [FLOOR_COMPLETE] = "complete",
    [FLOOR_TRANSFER] = "transfer",
    [FLOOR_CANCEL] = "cancel",
};

static const char *const outcome_names[FLOOR_OUTCOME_COUNT] = {
    [FLOOR_OUTCOME_NONE] = "none",
    [FLOOR_OUTCOME_SERVED] = "served",
    [FLOOR_OUTCOME_BSN_ISSUED] = "bsn_issued",
    [FLOOR_OUTCOME_BSN_NOT_ISSUED] = "bsn_not_issued",
    [FLOOR_OUTCOME_DOCUMENT_HANDED] = "document_handed_over",
    [FLOOR_OUTCOME_BIOMETRICS_TAKEN] = "biometrics_taken",
    [FLOOR_OUTCOME_STICKER_PLACED] = "sticker_placed",
    [FLOOR_OUTCOME_RETURN_VISA] = "return_visa_issued",
    [FLOOR_OUTCOME_NOT_DONE] = "not_done",
};

/* The refusal of action a in state s: "cannot <verb> a leg that <state>".
 * Built from literals, so every reason is static. */
#define REFUSE_ROW(verb)                                                       \
    {                                                                          \
        [FLOOR_PENDING] = "cannot " verb " a leg that is not in a queue yet",  \
        [FLOOR_WAITING] = "cannot " verb " a leg that is waiting in a queue",  \
        [FLOOR_CALLED] = "cannot " verb " a leg that is called, not started",  \
        [FLOOR_SERVING] = "cannot " verb " a leg that is being served",        \
        [FLOOR_PARKED] = "cannot " verb " a leg that is parked",               \
        [FLOOR_DONE] = "cannot " verb " a leg that is already done",           \
        [FLOOR_NO_SHOW] = "cannot " verb " a leg that was a no-show",          \
        [FLOOR_CANCELLED] = "cannot " verb " a leg that was cancelled",        \
    }

static const char *const refusals[FLOOR_ACTION_COUNT][FLOOR_STATE_COUNT] = {
    [FLOOR_CHECK_IN] = REFUSE_ROW("check in"),
    [FLOOR_CALL] = REFUSE_ROW("call"),
    [FLOOR_RECALL] = REFUSE_ROW("recall"),
    [FLOOR_START] = REFUSE_ROW("start"),
    [FLOOR_PARK] = REFUSE_ROW("park"),
    [FLOOR_UNPARK] = REFUSE_ROW("unpark"),
    [FLOOR_MARK_NO_SHOW] = REFUSE_ROW("mark as a no-show"),
    [FLOOR_COMPLETE] = REFUSE_ROW("complete"),
    [FLOOR_TRANSFER] = REFUSE_ROW("transfer"),
    [FLOOR_CANCEL] = REFUSE_ROW("cancel"),
};

/* Allowed states per action (bit s: state s). */
#define BIT(s) (1u << (s))
static const unsigned allowed[FLOOR_ACTION_COUNT] = {
    [FLOOR_CHECK_IN] = BIT(FLOOR_PENDING),
    [FLOOR_CALL] = BIT(FLOOR_WAITING),
    [FLOOR_RECALL] = BIT(FLOOR_CALLED),
    [FLOOR_START] = BIT(FLOOR_CALLED),
    [FLOOR_PARK] = BIT(FLOOR_CALLED) | BIT(FLOOR_SERVING),
    [FLOOR_UNPARK] = BIT(FLOOR_PARKED),
    [FLOOR_MARK_NO_SHOW] =
        BIT(FLOOR_PENDING) | BIT(FLOOR_WAITING) | BIT(FLOOR_CALLED),
    [FLOOR_COMPLETE] = BIT(FLOOR_SERVING),
    [FLOOR_TRANSFER] = BIT(FLOOR_WAITING) | BIT(FLOOR_CALLED) |
                       BIT(FLOOR_SERVING) | BIT(FLOOR_PARKED),
    [FLOOR_CANCEL] = BIT(FLOOR_PENDING) | BIT(FLOOR_WAITING) |
                     BIT(FLOOR_CALLED) | BIT(FLOOR_PARKED),
};

static const struct floor_rules default_rules = {
    .grace_minutes = 10,
    .late_keeps_place = false,
    .no_show_minutes = 30,
    .recalls_before_no_show = 2,
};

struct floor_rules
floor_rules_default(void)
{
    return default_rules;
}

static void
set_reason(const char **reason, const char *text)
{
    if (reason != NULL) {
        *reason = text;
    }
}

enum status
floor_rules_check(const struct floor_rules *rules, const char **reason)
{
    const char *why = NULL;

    if (rules == NULL) {
        why = "no rules given";
    } else if (rules->grace_minutes < 0 ||
               rules->grace_minutes > FLOOR_MAX_GRACE_MINUTES) {
        why = "grace_minutes is out of range";
    } else if (rules->no_show_minutes < rules->grace_minutes ||
               rules->no_show_minutes > FLOOR_MAX_NO_SHOW_MINUTES) {
        why = "no_show_minutes is out of range (at least grace_minutes)";
    } else if (rules->recalls_before_no_show < 0 ||
               rules->recalls_before_no_show > FLOOR_MAX_RECALLS) {
        why = "recalls_before_no_show is out of range";
    }
    if (why != NULL) {
        set_reason(reason, why);
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

bool
floor_state_active(enum floor_state s)
{
    return s == FLOOR_WAITING || s == FLOOR_CALLED || s == FLOOR_SERVING ||
           s == FLOOR_PARKED;
}

bool
floor_state_final(enum floor_state s)
{
    return s == FLOOR_DONE || s == FLOOR_NO_SHOW || s == FLOOR_CANCELLED;
}

const char *
floor_state_name(enum floor_state s)
{
    if ((unsigned)s >= FLOOR_STATE_COUNT) {
        return "?";
    }
    return state_names[s];
}

const char *
floor_action_name(enum floor_action a)
{
    if ((unsigned)a >= FLOOR_ACTION_COUNT) {
        return "?";
    }
    return action_names[a];
}

const char *
floor_outcome_name(enum floor_outcome o)
{
    if ((unsigned)o >= FLOOR_OUTCOME_COUNT) {
        return "?";
    }
    return outcome_names[o];
}

bool
floor_action_parse(const char *name, enum floor_action *out)
{
    if (name == NULL) {
        return false;
    }
    for (int i = 0; i < FLOOR_ACTION_COUNT; i++) {
        if (strcmp(name, action_names[i]) == 0) {
            if (out != NULL) {
                *out = (enum floor_action)i;
            }
            return true;
        }
    }
    return false;
}

bool
floor_outcome_parse(const char *name, enum floor_outcome *out)
{
    if (name == NULL) {
        return false;
    }
    /* "none" is not an outcome anyone records. */
    for (int i = 1; i < FLOOR_OUTCOME_COUNT; i++) {
        if (strcmp(name, outcome_names[i]) == 0) {
            if (out != NULL) {
                *out = (enum floor_outcome)i;
            }
            return true;
        }
    }
    return false;
}

enum status
floor_leg_init(struct floor_leg *leg, int service, int64_t desk,
               int64_t appointment)
{
    if (leg == NULL || service < 0 || service >= FLOOR_MAX_SERVICES ||
        desk < 0 || (appointment < 0 && appointment != FLOOR_TIME_NONE)) {
        return STATUS_INPUT;
    }
    memset(leg, 0, sizeof(*leg));
    leg->state = FLOOR_PENDING;
    leg->service = service;
    leg->desk = desk;
    leg->appointment = appointment;
    leg->queued_at = FLOOR_TIME_NONE;
    leg->called_at = FLOOR_TIME_NONE;
    leg->last_called_at = FLOOR_TIME_NONE;
    leg->started_at = FLOOR_TIME_NONE;
    leg->parked_at = FLOOR_TIME_NONE;
    leg->ended_at = FLOOR_TIME_NONE;
    leg->updated_at = FLOOR_TIME_NONE;
    leg->outcome = FLOOR_OUTCOME_NONE;
    return STATUS_OK;
}

static bool
desk_performs(uint64_t services, int service)
{
    return (services >> service & 1u) != 0;
}

/* The acting desk of RECALL, START, PARK and COMPLETE, when given, must be
 * the one the leg was called to. */
static bool
acting_desk_ok(const struct floor_leg *leg, const struct floor_args *args)
{
    return args->desk == 0 || args->desk == leg->desk;
}

/* The conditions beyond the state; NULL when the step may go ahead. */
static const char *
check_conditions(const struct floor_leg *leg, enum floor_action action,
                 const struct floor_args *args, const struct floor_rules *rules,
                 enum status *st)
{
    int64_t due;

    *st = STATUS_CONFLICT;
    switch (action) {
    case FLOOR_CALL:
        if (args->desk <= 0) {
            *st = STATUS_INPUT;
            return "a call needs the calling desk";
        }
        if (!desk_performs(args->desk_services, leg->service)) {
            return "cannot call a leg to a desk that does not perform its "
                   "service";
        }
        if (leg->desk != 0 && leg->desk != args->desk) {
            return "cannot call a leg that waits for another desk";
        }
        return NULL;
    case FLOOR_RECALL:
        if (!acting_desk_ok(leg, args)) {
            return "cannot recall a leg called to another desk";
        }
        if (leg->recalls >= FLOOR_MAX_RECALLS) {
            return "cannot recall a leg that was recalled as often as "
                   "allowed; mark it as a no-show";
        }
        return NULL;
    case FLOOR_START:
    case FLOOR_PARK:
        if (!acting_desk_ok(leg, args)) {
            return action == FLOOR_START
                       ? "cannot start a leg called to another desk"
                       : "cannot park a leg called to another desk";
        }
        return NULL;
    case FLOOR_COMPLETE:
        if (!acting_desk_ok(leg, args)) {
            return "cannot complete a leg served at another desk";
        }
        if (args->outcome <= FLOOR_OUTCOME_NONE ||
            args->outcome >= FLOOR_OUTCOME_COUNT) {
            *st = STATUS_INPUT;
            return "completing a leg needs an outcome";
        }
        return NULL;
    case FLOOR_MARK_NO_SHOW:
        if (leg->state == FLOOR_PENDING) {
            if (leg->appointment == FLOOR_TIME_NONE) {
                return "cannot mark a leg without an appointment as a "
                       "no-show before it was queued";
            }
            due = leg->appointment +
                  (int64_t)rules->no_show_minutes * SECONDS_PER_MINUTE;
            if (args->now < due) {
                return "cannot mark a leg as a no-show before the no-show "
                       "time after its appointment";
            }
        }
        if (leg->state == FLOOR_CALLED &&
            leg->recalls < rules->recalls_before_no_show) {
            return "cannot mark a called leg as a no-show before it was "
                   "recalled as often as the rules say";
        }
        return NULL;
    case FLOOR_TRANSFER:
        if (args->desk < 0) {
            *st = STATUS_INPUT;
            return "a transfer needs a desk (or 0 for any desk)";
        }
        if (args->desk > 0 &&
            !desk_performs(args->desk_services, leg->service)) {
            return "cannot transfer a leg to a desk that does not perform "
                   "its service";
        }
        if (leg->state == FLOOR_WAITING && leg->desk == args->desk) {
            return "cannot transfer a leg to the queue it is waiting in";
        }
        if (leg->transfers >= FLOOR_MAX_TRANSFERS) {
            return "cannot transfer a leg that was transferred as often as "
                   "allowed";
        }
        return NULL;
    case FLOOR_CHECK_IN:
    case FLOOR_UNPARK:
    case FLOOR_CANCEL:
    case FLOOR_ACTION_COUNT:
        return NULL;
    }
    return NULL;
}

/* Ends a parked stretch at now; time parked after the start is not
 * service time. */
static void
end_parking(struct floor_leg *leg, int64_t now)
{
    if (leg->state == FLOOR_PARKED && leg->started_at != FLOOR_TIME_NONE &&
        leg->parked_at != FLOOR_TIME_NONE) {
        leg->parked_seconds += now - leg->parked_at;
    }
    leg->parked_at = FLOOR_TIME_NONE;
}

static void
set_final(struct floor_leg *leg, enum floor_state s, int64_t now)
{
    end_parking(leg, now);
    leg->state = s;
    leg->ended_at = now;
    leg->updated_at = now;
}

static void
set_once(int64_t *stamp, int64_t now)
{
    if (*stamp == FLOOR_TIME_NONE) {
        *stamp = now;
    }
}

/* Applies an action already found allowed. */
static void
step(struct floor_leg *leg, enum floor_action action,
     const struct floor_args *args)
{
    int64_t now = args->now;

    switch (action) {
    case FLOOR_CHECK_IN:
        leg->state = FLOOR_WAITING;
        set_once(&leg->queued_at, now);
        break;
    case FLOOR_CALL:
        leg->state = FLOOR_CALLED;
        leg->desk = args->desk;
        leg->recalls = 0;
        set_once(&leg->called_at, now);
        leg->last_called_at = now;
        break;
    case FLOOR_RECALL:
        leg->recalls++;
        leg->last_called_at = now;
        break;
    case FLOOR_START:
        leg->state = FLOOR_SERVING;
        set_once(&leg->started_at, now);
        break;
    case FLOOR_PARK:
        leg->state = FLOOR_PARKED;
        leg->parked_at = now;
        break;
    case FLOOR_UNPARK:
        end_parking(leg, now);
        leg->state = FLOOR_WAITING;
        break;
    case FLOOR_MARK_NO_SHOW:
        set_final(leg, FLOOR_NO_SHOW, now);
        break;
    case FLOOR_COMPLETE:
        leg->outcome = args->outcome;
        set_final(leg, FLOOR_DONE, now);
        break;
    case FLOOR_TRANSFER:
        end_parking(leg, now);
        leg->state = FLOOR_WAITING;
        leg->desk = args->desk;
        leg->recalls = 0;
        leg->transfers++;
        break;
    case FLOOR_CANCEL:
        set_final(leg, FLOOR_CANCELLED, now);
        break;
    case FLOOR_ACTION_COUNT:
        break;
    }
    leg->updated_at = now;
}

enum status
floor_leg_apply(struct floor_leg *leg, enum floor_action action,
                const struct floor_args *args, const char **reason)
{
    const struct floor_rules *rules;
    const char *why;
    enum status st;

    if (leg == NULL || args == NULL) {
        set_reason(reason, "no leg or no arguments given");
        return STATUS_INPUT;
    }
    if ((unsigned)action >= FLOOR_ACTION_COUNT) {
        set_reason(reason, "unknown action");
        return STATUS_INPUT;
    }
    if ((unsigned)leg->state >= FLOOR_STATE_COUNT) {
        set_reason(reason, "the leg's state is out of range");
        return STATUS_INPUT;
    }
    rules = args->rules != NULL ? args->rules : &default_rules;
    if (floor_rules_check(rules, reason) != STATUS_OK) {
        return STATUS_INPUT;
    }
    if (args->now < 0) {
        set_reason(reason, "the time of the step is missing");
        return STATUS_INPUT;
    }
    if (!(allowed[action] & BIT(leg->state))) {
        why = refusals[action][leg->state];
        if (action == FLOOR_COMPLETE &&
            (leg->state == FLOOR_WAITING || leg->state == FLOOR_CALLED ||
             leg->state == FLOOR_PENDING)) {
            why = "cannot complete a leg that was never started";
        } else if (action == FLOOR_CHECK_IN && floor_state_active(leg->state)) {
            why = "cannot check in a leg that is already checked in";
        } else if (action == FLOOR_CALL && leg->state == FLOOR_PARKED) {
            why = "cannot call a leg that is parked; unpark it first";
        }
        set_reason(reason, why);
        return STATUS_CONFLICT;
    }
    /* After the state: a leg that can never take the step says so, whatever
     * the time. */
    if (args->now < leg->updated_at) {
        set_reason(reason, "the time of the step is before the leg's last "
                           "step");
        return STATUS_INPUT;
    }
    why = check_conditions(leg, action, args, rules, &st);
    if (why != NULL) {
        set_reason(reason, why);
        return st;
    }
    step(leg, action, args);
    return STATUS_OK;
}

/* ---- visits ---- */

static bool
ticket_valid(const struct floor_ticket *t)
{
    return t != NULL && t->letter != '\0' &&
           strchr(FLOOR_TICKET_LETTERS, t->letter) != NULL && t->number >= 1 &&
           t->number <= FLOOR_TICKET_MAX;
}

enum status
floor_visit_init(struct floor_visit *visit, const struct floor_leg *legs, int n)
{
    if (visit == NULL || legs == NULL || n < 1 || n > FLOOR_MAX_LEGS) {
        return STATUS_INPUT;
    }
    for (int i = 0; i < n; i++) {
        if (legs[i].state != FLOOR_PENDING || legs[i].service < 0 ||
            legs[i].service >= FLOOR_MAX_SERVICES || legs[i].desk < 0) {
            return STATUS_INPUT;
        }
    }
    memset(visit, 0, sizeof(*visit));
    visit->n_legs = n;
    memcpy(visit->leg, legs, (size_t)n * sizeof(legs[0]));
    visit->arrived_at = FLOOR_TIME_NONE;
    visit->departed_at = FLOOR_TIME_NONE;
    visit->checkin_leg = -1;
    return STATUS_OK;
}

int64_t
floor_visit_last_stamp(const struct floor_visit *visit)
{
    int64_t last = FLOOR_TIME_NONE;

    if (visit == NULL) {
        return last;
    }
    if (visit->arrived_at > last) {
        last = visit->arrived_at;
    }
    for (int i = 0; i < visit->n_legs && i < FLOOR_MAX_LEGS; i++) {
        if (visit->leg[i].updated_at > last) {
            last = visit->leg[i].updated_at;
        }
    }
    return last;
}

int
floor_visit_active_leg(const struct floor_visit *visit)
{
    for (int i = 0; visit != NULL && i < visit->n_legs; i++) {
        if (floor_state_active(visit->leg[i].state)) {
            return i;
        }
    }
    return -1;
}

int
floor_visit_next_leg(const struct floor_visit *visit)
{
    for (int i = 0; visit != NULL && i < visit->n_legs; i++) {
        if (visit->leg[i].state == FLOOR_PENDING) {
            return i;
        }
    }
    return -1;
}

bool
floor_visit_no_show_due(const struct floor_visit *visit,
                        const struct floor_rules *rules, int64_t now)
{
    int first = floor_visit_next_leg(visit);
    int64_t appointment;

    if (first < 0 || visit->arrived_at != FLOOR_TIME_NONE) {
        return false;
    }
    if (rules == NULL) {
        rules = &default_rules;
    }
    appointment = visit->leg[first].appointment;
    return appointment != FLOOR_TIME_NONE &&
           now >= appointment +
                      (int64_t)rules->no_show_minutes * SECONDS_PER_MINUTE;
}

bool
floor_visit_over(const struct floor_visit *visit)
{
    return floor_visit_active_leg(visit) < 0 && floor_visit_next_leg(visit) < 0;
}

static bool
leg_stamps_valid(const struct floor_leg *l)
{
    const int64_t order[] = {l->queued_at, l->called_at, l->started_at,
                             l->ended_at, l->updated_at};
    int64_t last = 0;

    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (order[i] == FLOOR_TIME_NONE) {
            continue;
        }
        if (order[i] < last) {
            return false;
        }
        last = order[i];
    }
    return l->parked_seconds >= 0 && l->recalls >= 0 &&
           l->recalls <= FLOOR_MAX_RECALLS && l->transfers >= 0 &&
           l->transfers <= FLOOR_MAX_TRANSFERS &&
           (l->ended_at != FLOOR_TIME_NONE) == floor_state_final(l->state) &&
           (l->outcome != FLOOR_OUTCOME_NONE) == (l->state == FLOOR_DONE);
}

bool
floor_visit_valid(const struct floor_visit *visit)
{
    int active = -1;
    bool arrived;
    bool over;

    if (visit == NULL || visit->n_legs < 1 || visit->n_legs > FLOOR_MAX_LEGS) {
        return false;
    }
    arrived = visit->arrived_at != FLOOR_TIME_NONE;
    for (int i = 0; i < visit->n_legs; i++) {
        const struct floor_leg *l = &visit->leg[i];

        if ((unsigned)l->state >= FLOOR_STATE_COUNT || !leg_stamps_valid(l)) {
            return false;
        }
        if (floor_state_active(l->state)) {
            if (active >= 0) {
                return false;
            }
            active = i;
        }
        if (!arrived &&
            (floor_state_active(l->state) || l->state == FLOOR_DONE)) {
            return false;
        }
    }
    over = floor_visit_over(visit);
    if (arrived && !over && active < 0) {
        return false;
    }
    for (int i = 0; i < active; i++) {
        if (!floor_state_final(visit->leg[i].state)) {
            return false;
        }
    }
    return (visit->departed_at != FLOOR_TIME_NONE) == (arrived && over);
}

/* After the active leg ended at now: the next PENDING leg joins its queue
 * at the same instant, or the visitor departs. */
static void
advance(struct floor_visit *visit, int64_t now)
{
    int next = floor_visit_next_leg(visit);

    if (next >= 0) {
        struct floor_leg *l = &visit->leg[next];

        l->state = FLOOR_WAITING;
        l->queued_at = now;
        l->updated_at = now;
        return;
    }
    if (visit->arrived_at != FLOOR_TIME_NONE) {
        visit->departed_at = now;
    }
}

/* Every PENDING leg becomes NO_SHOW at now. */
static void
no_show_rest(struct floor_visit *visit, int64_t now)
{
    for (int i = 0; i < visit->n_legs; i++) {
        if (visit->leg[i].state == FLOOR_PENDING) {
            set_final(&visit->leg[i], FLOOR_NO_SHOW, now);
        }
    }
}

static enum status
visit_check_in(struct floor_visit *visit, const struct floor_args *args,
               const struct floor_ticket *ticket, const char **reason)
{
    const struct floor_rules *rules =
        args->rules != NULL ? args->rules : &default_rules;
    struct floor_leg *l;
    int first = floor_visit_next_leg(visit);
    enum status st;

    if (visit->arrived_at != FLOOR_TIME_NONE) {
        set_reason(reason, "cannot check in a visitor who is already "
                           "checked in");
        return STATUS_CONFLICT;
    }
    if (first < 0) {
        set_reason(reason, "cannot check in a visit that has nothing left "
                           "to do (no-show or cancelled)");
        return STATUS_CONFLICT;
    }
    if (!ticket_valid(ticket)) {
        set_reason(reason, "check-in needs a valid ticket");
        return STATUS_INPUT;
    }
    l = &visit->leg[first];
    st = floor_leg_apply(l, FLOOR_CHECK_IN, args, reason);
    if (st != STATUS_OK) {
        return st;
    }
    visit->arrived_at = args->now;
    visit->ticket = *ticket;
    visit->checkin_leg = first;
    visit->late = l->appointment != FLOOR_TIME_NONE &&
                  args->now > l->appointment + (int64_t)rules->grace_minutes *
                                                   SECONDS_PER_MINUTE;
    return STATUS_OK;
}

enum status
floor_visit_apply(struct floor_visit *visit, int leg, enum floor_action action,
                  const struct floor_args *args,
                  const struct floor_ticket *ticket, const char **reason)
{
    struct floor_leg *l;
    int active;
    enum status st;

    if (visit == NULL || args == NULL || visit->n_legs < 1 ||
        visit->n_legs > FLOOR_MAX_LEGS) {
        set_reason(reason, "no visit or no arguments given");
        return STATUS_INPUT;
    }
    if ((unsigned)action >= FLOOR_ACTION_COUNT) {
        set_reason(reason, "unknown action");
        return STATUS_INPUT;
    }
    if (args->now < floor_visit_last_stamp(visit)) {
        set_reason(reason, "the time of the step is before the visit's last "
                           "step");
        return STATUS_INPUT;
    }
    if (action == FLOOR_CHECK_IN) {
        return visit_check_in(visit, args, ticket, reason);
    }
    if (leg < 0 || leg >= visit->n_legs) {
        set_reason(reason, "no such leg in the visit");
        return STATUS_INPUT;
    }
    l = &visit->leg[leg];
    active = floor_visit_active_leg(visit);
    if (l->state == FLOOR_PENDING) {
        if (action == FLOOR_MARK_NO_SHOW &&
            visit->arrived_at != FLOOR_TIME_NONE) {
            set_reason(reason, "cannot mark a later leg of a visitor in the "
                               "building as a no-show");
            return STATUS_CONFLICT;
        }
        if (action == FLOOR_MARK_NO_SHOW &&
            leg != floor_visit_next_leg(visit)) {
            /* The no-show time counts from the visit's first appointment. */
            set_reason(reason, "cannot mark a visit as a no-show by a later "
                               "leg; use its first leg");
            return STATUS_CONFLICT;
        }
        if (action != FLOOR_MARK_NO_SHOW && action != FLOOR_CANCEL) {
            /* The leg's own refusal names its state. */
            return floor_leg_apply(l, action, args, reason);
        }
        st = floor_leg_apply(l, action, args, reason);
        if (st != STATUS_OK) {
            return st;
        }
        if (action == FLOOR_MARK_NO_SHOW) {
            no_show_rest(visit, args->now);
        }
        return STATUS_OK;
    }
    st = floor_leg_apply(l, action, args, reason);
    if (st != STATUS_OK) {
        return st;
    }
    if (leg == active && floor_state_final(l->state)) {
        if (l->state == FLOOR_NO_SHOW) {
            no_show_rest(visit, args->now);
        }
        advance(visit, args->now);
    }
    return STATUS_OK;
}

/* ---- queues ---- */

enum status
floor_entry_from_visit(const struct floor_visit *visit, int64_t visit_id,
                       struct floor_entry *out)
{
    int i = floor_visit_active_leg(visit);
    const struct floor_leg *l;

    if (out == NULL || i < 0 || visit->leg[i].state != FLOOR_WAITING) {
        return STATUS_NOT_FOUND;
    }
    l = &visit->leg[i];
    memset(out, 0, sizeof(*out));
    out->visit_id = visit_id;
    out->leg = i;
    out->service = l->service;
    out->desk = l->desk;
    out->appointment = l->appointment;
    out->arrival = visit->arrived_at;
    out->queued_at = l->queued_at;
    out->late = visit->late && i == visit->checkin_leg;
    out->ticket = visit->ticket;
    return STATUS_OK;
}

enum band { BAND_DUE = 0, BAND_WALK_IN, BAND_EARLY };

static enum band
band_of(const struct floor_entry *e, const struct floor_rules *rules,
        int64_t now, int64_t *key)
{
    if (e->appointment == FLOOR_TIME_NONE ||
        (e->late && !rules->late_keeps_place)) {
        *key = e->queued_at;
        return BAND_WALK_IN;
    }
    *key = e->appointment;
    return e->appointment <= now ? BAND_DUE : BAND_EARLY;
}

static int
cmp64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static int
ticket_key(const struct floor_ticket *t)
{
    return (unsigned char)t->letter * (FLOOR_TICKET_MAX + 1) + t->number;
}

static int
entry_cmp(const struct floor_entry *a, const struct floor_entry *b,
          const struct floor_rules *rules, int64_t now)
{
    int64_t ka;
    int64_t kb;
    enum band ba = band_of(a, rules, now, &ka);
    enum band bb = band_of(b, rules, now, &kb);
    int c;

    if (ba != bb) {
        return ba < bb ? -1 : 1;
    }
    c = cmp64(ka, kb);
    if (c == 0) {
        c = cmp64(a->arrival, b->arrival);
    }
    if (c == 0) {
        c = (ticket_key(&a->ticket) > ticket_key(&b->ticket)) -
            (ticket_key(&a->ticket) < ticket_key(&b->ticket));
    }
    if (c == 0) {
        c = cmp64(a->visit_id, b->visit_id);
    }
    if (c == 0) {
        c = (a->leg > b->leg) - (a->leg < b->leg);
    }
    return c;
}

bool
floor_entry_before(const struct floor_entry *a, const struct floor_entry *b,
                   const struct floor_rules *rules, int64_t now)
{
    if (a == NULL || b == NULL) {
        return false;
    }
    return entry_cmp(a, b, rules != NULL ? rules : &default_rules, now) < 0;
}

enum status
floor_queue_order(struct floor_entry *entries, int n,
                  const struct floor_rules *rules, int64_t now)
{
    if (n < 0 || n > FLOOR_MAX_QUEUE || (entries == NULL && n > 0)) {
        return STATUS_INPUT;
    }
    if (rules == NULL) {
        rules = &default_rules;
    }
    for (int i = 1; i < n; i++) {
        struct floor_entry e = entries[i];
        int j = i;

        while (j > 0 && entry_cmp(&e, &entries[j - 1], rules, now) < 0) {
            entries[j] = entries[j - 1];
            j--;
        }
        entries[j] = e;
    }
    return STATUS_OK;
}

bool
floor_entry_eligible(const struct floor_entry *e, int64_t desk,
                     uint64_t services)
{
    return e != NULL && desk > 0 && e->service >= 0 &&
           e->service < FLOOR_MAX_SERVICES &&
           desk_performs(services, e->service) &&
           (e->desk == 0 || e->desk == desk);
}

enum status
floor_pick_next(const struct floor_entry *entries, int n, int64_t desk,
                uint64_t services, const struct floor_rules *rules, int64_t now,
                int *index_out)
{
    int best = -1;

    if (n < 0 || n > FLOOR_MAX_QUEUE || (entries == NULL && n > 0) ||
        desk <= 0 || index_out == NULL) {
        return STATUS_INPUT;
    }
    if (rules == NULL) {
        rules = &default_rules;
    }
    for (int i = 0; i < n; i++) {
        if (!floor_entry_eligible(&entries[i], desk, services)) {
            continue;
        }
        if (best < 0 ||
            entry_cmp(&entries[i], &entries[best], rules, now) < 0) {
            best = i;
        }
    }
    if (best < 0) {
        return STATUS_NOT_FOUND;
    }
    *index_out = best;
    return STATUS_OK;
}

/* ---- tickets ---- */

enum status
floor_ticket_make(char letter, int number, struct floor_ticket *out)
{
    struct floor_ticket t = {.letter = letter, .number = number};

    if (out == NULL || !ticket_valid(&t)) {
        return STATUS_INPUT;
    }
    *out = t;
    return STATUS_OK;
}

enum status
floor_ticket_format(const struct floor_ticket *t, char out[FLOOR_TICKET_TEXT])
{
    int n;

    if (out == NULL) {
        return STATUS_INPUT;
    }
    out[0] = '\0';
    if (!ticket_valid(t)) {
        return STATUS_INPUT;
    }
    n = t->number;
    out[0] = t->letter;
    for (int i = FLOOR_TICKET_DIGITS; i >= 1; i--) {
        out[i] = (char)('0' + n % 10);
        n /= 10;
    }
    out[FLOOR_TICKET_DIGITS + 1] = '\0';
    return STATUS_OK;
}

enum status
floor_ticket_parse(const char *s, size_t len, struct floor_ticket *out)
{
    struct floor_ticket t;
    char c;

    if (s == NULL || len != FLOOR_TICKET_TEXT - 1) {
        return STATUS_INPUT;
    }
    c = s[0];
    if (c >= 'a' && c <= 'z') {
        c = (char)(c - 'a' + 'A');
    }
    if (c < 'A' || c > 'Z' || strchr(FLOOR_TICKET_LETTERS, c) == NULL) {
        return STATUS_INPUT;
    }
    t.letter = c;
    t.number = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return STATUS_INPUT;
        }
        t.number = t.number * 10 + (s[i] - '0');
    }
    if (t.number < 1) {
        return STATUS_INPUT;
    }
    if (out != NULL) {
        *out = t;
    }
    return STATUS_OK;
}

/* ---- figures ---- */

int64_t
floor_leg_wait(const struct floor_leg *leg, int64_t now)
{
    if (leg == NULL || leg->queued_at == FLOOR_TIME_NONE) {
        return -1;
    }
    if (leg->called_at != FLOOR_TIME_NONE) {
        return leg->called_at - leg->queued_at;
    }
    if (leg->state == FLOOR_WAITING && now >= leg->queued_at) {
        return now - leg->queued_at;
    }
    if (leg->ended_at != FLOOR_TIME_NONE) {
        /* Never called (left, cancelled): waited until the end. */
        return leg->ended_at - leg->queued_at;
    }
    return -1;
}

int64_t
floor_leg_service(const struct floor_leg *leg)
{
    if (leg == NULL || leg->state != FLOOR_DONE ||
        leg->started_at == FLOOR_TIME_NONE) {
        return -1;
    }
    return leg->ended_at - leg->started_at - leg->parked_seconds;
}

int64_t
floor_visit_in_building(const struct floor_visit *visit, int64_t now)
{
    if (visit == NULL || visit->arrived_at == FLOOR_TIME_NONE) {
        return -1;
    }
    if (visit->departed_at != FLOOR_TIME_NONE) {
        return visit->departed_at - visit->arrived_at;
    }
    return now >= visit->arrived_at ? now - visit->arrived_at : -1;
}

int64_t
floor_visit_wait(const struct floor_visit *visit, int64_t now)
{
    int64_t sum = 0;
    bool any = false;

    if (visit == NULL) {
        return -1;
    }
    for (int i = 0; i < visit->n_legs && i < FLOOR_MAX_LEGS; i++) {
        int64_t w = floor_leg_wait(&visit->leg[i], now);

        if (w >= 0) {
            sum += w;
            any = true;
        }
    }
    return any ? sum : -1;
}
