/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Itinerary planner. One search has three stages:
 *
 * 1. Per requested service, the set of slots where it can start: for each
 *    capable desk, the slots that begin a free run of the service's length
 *    (the free set ANDed with shifted copies of itself), ORed over the
 *    desks; then, per service, a table next[t] = first startable slot at or
 *    after t. This is the only stage that looks at desks.
 * 2. Per candidate arrival a, a search over the subsets of services done:
 *    e[S] = least end of doing the services in S, starting at a. The last
 *    leg j of S must be a service no other member of S waits for, and it
 *    starts at next[j][e[S \ j]]; since that is monotone in e[S \ j],
 *    keeping only the least end per subset loses nothing. This covers
 *    every order that respects the prerequisites, in 2^n * n table lookups
 *    per arrival with no desk in sight.
 * 3. Only for the options returned: the order and start times are read
 *    back from e[], and each leg gets the lowest-index capable desk that is
 *    free for it. Legs of one person never overlap in time, so the desk of
 *    one leg never constrains another.
 *
 * Everything lives in fixed-size tables on the stack. */
#include "core/planner.h"

#include "core/bits.h"

#include <stdbool.h>
#include <string.h>

#include "core/slot.h"

#define WORD_BITS 64
/* Subsets of one person's services. */
#define SUBSETS (1 << PLANNER_MAX_SERVICES)
/* A subset gets at most one step per member: n * 2^(n - 1) in all. */
#define MAX_STEPS (PLANNER_MAX_SERVICES * SUBSETS / 2)

_Static_assert(PLANNER_MAX_SERVICES <= 8, "subsets are stored in uint8_t");
_Static_assert(PLANNER_MAX_DESKS <= 64, "desk sets are stored in uint64_t");
_Static_assert(PLANNER_MAX_KINDS <= 64, "kinds are stored in uint64_t");
_Static_assert(DAYSET_MAX_SLOTS + 2 <= INT16_MAX, "slots fit in int16_t");

/* One way to finish subset set: do from first, then service last. Steps
 * are sorted by set, so from (a smaller number) is always ready; first
 * marks the first step of its set. */
struct step {
    uint8_t set;
    uint8_t from;
    uint8_t service;
    uint8_t first;
};

/* What stages 1 and 2 need about one person on one day. */
struct plan {
    int n;          /* services */
    int sum_len;    /* sum of their lengths */
    int n_words;    /* words of a dayset that cover the day */
    unsigned full;  /* the subset of all services */
    unsigned roots; /* services without prerequisites */
    /* First candidate arrival, or -1 when there is none (no itinerary). */
    int lo;
    /* One past the latest end any leg can have: the "impossible" value of
     * e[] and of next[][]. Tables are filled for slots lo..inf. */
    int inf;
    int len[PLANNER_MAX_SERVICES];
    uint64_t desks_for[PLANNER_MAX_SERVICES]; /* capable desks */
    int n_steps;
    struct step steps[MAX_STEPS];
    uint64_t arrive[DAYSET_WORDS]; /* slots where a first leg can start */
    uint64_t startable[PLANNER_MAX_SERVICES][DAYSET_WORDS];
    int16_t next[PLANNER_MAX_SERVICES][DAYSET_MAX_SLOTS + 2];
};

/* Feasible arrivals in ascending order, with their least waiting. */
struct arrivals {
    int n;
    int16_t arrival[DAYSET_MAX_SLOTS];
    int16_t waiting[DAYSET_MAX_SLOTS];
};

/* ---- input checks ---- */

static enum status
check_desks(const struct planner_desk *desks, int n_desks)
{
    if (n_desks < 0 || n_desks > PLANNER_MAX_DESKS) {
        return STATUS_INPUT;
    }
    if (desks == NULL && n_desks > 0) {
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

static enum status
check_day(int day_slots, int earliest)
{
    if (day_slots < 1 || day_slots > DAYSET_MAX_SLOTS) {
        return STATUS_INPUT;
    }
    if (earliest < 0 || earliest > day_slots) {
        return STATUS_INPUT;
    }
    return STATUS_OK;
}

/* Ranges of one person's services, and an acyclic prerequisite graph: the
 * subset search below would silently find nothing on a cycle, which would
 * hide the caller's bug behind "fully booked". */
static enum status
check_services(const struct planner_service *sv, int n)
{
    unsigned full;
    unsigned done = 0;
    bool progress = true;

    if (sv == NULL || n < 1 || n > PLANNER_MAX_SERVICES) {
        return STATUS_INPUT;
    }
    full = (1u << n) - 1;
    for (int j = 0; j < n; j++) {
        if (sv[j].kind < 0 || sv[j].kind >= PLANNER_MAX_KINDS) {
            return STATUS_INPUT;
        }
        if (sv[j].length < 1 || sv[j].length > DAYSET_MAX_SLOTS) {
            return STATUS_INPUT;
        }
        if ((sv[j].before & ~full) != 0 || (sv[j].before >> j & 1) != 0) {
            return STATUS_INPUT;
        }
    }
    /* Peel off services whose prerequisites are all peeled off; what
     * remains lies on or behind a cycle. */
    while (progress) {
        progress = false;
        for (int j = 0; j < n; j++) {
            if ((done >> j & 1) == 0 && (sv[j].before & ~done) == 0) {
                done |= 1u << j;
                progress = true;
            }
        }
    }
    return done == full ? STATUS_OK : STATUS_INPUT;
}

/* STATUS_NOT_FOUND when some service has no capable desk at all. */
static enum status
check_kinds(const struct planner_desk *desks, int n_desks,
            const struct planner_service *sv, int n)
{
    uint64_t all = 0;

    for (int d = 0; d < n_desks; d++) {
        all |= desks[d].kinds;
    }
    for (int j = 0; j < n; j++) {
        if ((all >> sv[j].kind & 1) == 0) {
            return STATUS_NOT_FOUND;
        }
    }
    return STATUS_OK;
}

/* ---- stage 1: startable slots ---- */

/* r[i] &= (r >> k)[i] over n_words words: afterwards bit i is set only if
 * bits i and i + k were. Ascending order reads every word before it is
 * overwritten. */
static void
and_shifted(uint64_t *r, int k, int n_words)
{
    int q = k / WORD_BITS;
    int b = k % WORD_BITS;

    for (int i = 0; i < n_words; i++) {
        uint64_t lo = i + q < n_words ? r[i + q] : 0;
        uint64_t hi = i + q + 1 < n_words ? r[i + q + 1] : 0;
        uint64_t v = b == 0 ? lo : (lo >> b) | (hi << (WORD_BITS - b));

        r[i] &= v;
    }
}

/* r = the slots that begin a run of len set slots of r, by doubling: a
 * run of 2h is two runs of h, h apart, and a run of h + k (k <= h) is two
 * overlapping runs of h, k apart. */
static void
runs_of(uint64_t *r, int len, int n_words)
{
    int have = 1;

    while (have <= len / 2) {
        and_shifted(r, have, n_words);
        have *= 2;
    }
    if (len > have) {
        and_shifted(r, len - have, n_words);
    }
}

/* The first set bit in [from, stop), or stop. */
static int
first_bit(const uint64_t *bits, int from, int stop)
{
    int w = from / WORD_BITS;
    uint64_t x;

    if (from >= stop) {
        return stop;
    }
    x = bits[w] & (~(uint64_t)0 << (from % WORD_BITS));
    for (;;) {
        if (x != 0) {
            int found = w * WORD_BITS + bits_lowest(x);
            return found < stop ? found : stop;
        }
        w++;
        if (w * WORD_BITS >= stop) {
            return stop;
        }
        x = bits[w];
    }
}

/* The last set bit among the first n_words words, or -1. */
static int
last_bit(const uint64_t *bits, int n_words)
{
    for (int w = n_words - 1; w >= 0; w--) {
        if (bits[w] != 0) {
            return w * WORD_BITS + bits_highest(bits[w]);
        }
    }
    return -1;
}

/* next[t] for t in lo..inf: the first slot >= t in bits, or inf. */
static void
fill_next(int16_t *next, const uint64_t *bits, int lo, int inf)
{
    int t = lo;

    for (;;) {
        int s = first_bit(bits, t, inf);

        while (t <= s) {
            next[t++] = (int16_t)s;
        }
        if (s == inf) {
            return;
        }
    }
}

/* The steps of the subset search: every subset closed under
 * prerequisites, with each member that no other member waits for as a
 * possible last leg, in ascending subset order. */
static void
build_steps(struct plan *p, const struct planner_service *sv)
{
    unsigned after[PLANNER_MAX_SERVICES] = {0};

    for (int j = 0; j < p->n; j++) {
        for (int i = 0; i < p->n; i++) {
            if ((sv[j].before >> i & 1) != 0) {
                after[i] |= 1u << j;
            }
        }
    }
    p->n_steps = 0;
    for (unsigned set = 1; set <= p->full; set++) {
        bool closed = true;
        bool first = true;

        if ((set & (set - 1)) == 0) {
            continue; /* singletons are the arrival itself */
        }
        for (int j = 0; j < p->n && closed; j++) {
            closed = (set >> j & 1) == 0 || (sv[j].before & ~set) == 0;
        }
        if (!closed) {
            continue;
        }
        for (int j = 0; j < p->n; j++) {
            struct step *st;

            if ((set >> j & 1) == 0 || (after[j] & set) != 0) {
                continue;
            }
            st = &p->steps[p->n_steps++];
            st->set = (uint8_t)set;
            st->from = (uint8_t)(set & ~(1u << j));
            st->service = (uint8_t)j;
            st->first = first;
            first = false;
        }
    }
}

/* Stage 1 for one person. Inputs must have passed the checks above.
 * Returns STATUS_NOT_FOUND when a service has no capable desk; p->lo is -1
 * when there is no itinerary at all. */
static enum status
plan_prepare(struct plan *p, const struct planner_desk *desks, int n_desks,
             const struct planner_service *sv, int n, int day_slots,
             int earliest)
{
    uint64_t day_mask[DAYSET_WORDS];
    int hi_end = 0;

    p->n = n;
    p->n_words = (day_slots + WORD_BITS - 1) / WORD_BITS;
    p->full = (1u << n) - 1;
    p->roots = 0;
    p->sum_len = 0;
    p->lo = -1;
    p->inf = 0;
    for (int j = 0; j < n; j++) {
        p->len[j] = sv[j].length;
        p->sum_len += sv[j].length;
        if (sv[j].before == 0) {
            p->roots |= 1u << j;
        }
        p->desks_for[j] = 0;
        for (int d = 0; d < n_desks; d++) {
            if ((desks[d].kinds >> sv[j].kind & 1) != 0) {
                p->desks_for[j] |= (uint64_t)1 << d;
            }
        }
        if (p->desks_for[j] == 0) {
            return STATUS_NOT_FOUND;
        }
        memset(p->startable[j], 0, sizeof(p->startable[j]));
    }
    build_steps(p, sv);

    /* Bits at or after day_slots never start or hold a leg. */
    memset(day_mask, 0, sizeof(day_mask));
    for (int w = 0; w < p->n_words; w++) {
        int left = day_slots - w * WORD_BITS;
        day_mask[w] =
            left >= WORD_BITS ? ~(uint64_t)0 : ((uint64_t)1 << left) - 1;
    }
    for (int d = 0; d < n_desks; d++) {
        unsigned mine = 0;
        unsigned done = 0;
        uint64_t free[DAYSET_WORDS];
        uint64_t any = 0;

        for (int j = 0; j < n; j++) {
            if ((p->desks_for[j] >> d & 1) != 0) {
                mine |= 1u << j;
            }
        }
        if (mine == 0) {
            continue;
        }
        for (int w = 0; w < p->n_words; w++) {
            free[w] = desks[d].free.w[w] & day_mask[w];
            any |= free[w];
        }
        if (any == 0) {
            continue;
        }
        /* Services of equal length share one run computation. */
        for (int j = 0; j < n; j++) {
            uint64_t r[DAYSET_WORDS];

            if ((mine >> j & 1) == 0 || (done >> j & 1) != 0) {
                continue;
            }
            memcpy(r, free, (size_t)p->n_words * sizeof(r[0]));
            runs_of(r, p->len[j], p->n_words);
            for (int k = j; k < n; k++) {
                if ((mine >> k & 1) == 0 || p->len[k] != p->len[j]) {
                    continue;
                }
                for (int w = 0; w < p->n_words; w++) {
                    p->startable[k][w] |= r[w];
                }
                done |= 1u << k;
            }
        }
    }

    memset(p->arrive, 0, sizeof(p->arrive));
    for (int j = 0; j < n; j++) {
        int last = last_bit(p->startable[j], p->n_words);

        if (last < 0) {
            return STATUS_OK; /* a service that fits nowhere today */
        }
        if (last + p->len[j] > hi_end) {
            hi_end = last + p->len[j];
        }
        if ((p->roots >> j & 1) != 0) {
            for (int w = 0; w < p->n_words; w++) {
                p->arrive[w] |= p->startable[j][w];
            }
        }
    }
    for (int w = 0; w < p->n_words && w * WORD_BITS < earliest; w++) {
        int cut = earliest - w * WORD_BITS;
        p->arrive[w] &= cut >= WORD_BITS ? 0 : ~(uint64_t)0 << cut;
    }
    p->inf = hi_end + 1;
    p->lo = first_bit(p->arrive, 0, p->inf);
    if (p->lo == p->inf) {
        p->lo = -1;
        return STATUS_OK;
    }
    for (int j = 0; j < n; j++) {
        fill_next(p->next[j], p->startable[j], p->lo, p->inf);
    }
    return STATUS_OK;
}

/* ---- stage 2: the subset search ---- */

/* The least end of an itinerary whose first leg starts at arrival a, or
 * p->inf when there is none; e (SUBSETS entries) receives the least end
 * per subset. Needs p->lo <= a < p->inf. This is the hot loop: no
 * branches on data besides the loop itself. */
static int
plan_end(const struct plan *p, int a, int *e)
{
    int inf = p->inf;

    for (unsigned r = p->roots; r != 0; r &= r - 1) {
        int j = bits_lowest(r);

        e[1u << j] = p->next[j][a] == a ? a + p->len[j] : inf;
    }
    for (int i = 0; i < p->n_steps; i++) {
        const struct step *st = &p->steps[i];
        int c = p->next[st->service][e[st->from]] + p->len[st->service];

        c = c < inf ? c : inf;
        if (!st->first) {
            c = c < e[st->set] ? c : e[st->set];
        }
        e[st->set] = c;
    }
    return e[p->full];
}

/* Every feasible arrival with its least waiting, ascending. */
static void
plan_scan(const struct plan *p, struct arrivals *r)
{
    int e[SUBSETS];

    r->n = 0;
    if (p->lo < 0) {
        return;
    }
    for (int w = p->lo / WORD_BITS; w < p->n_words; w++) {
        uint64_t bits = p->arrive[w];

        while (bits != 0) {
            int a = w * WORD_BITS + bits_lowest(bits);
            int end;

            bits &= bits - 1;
            end = plan_end(p, a, e);
            if (end < p->inf) {
                r->arrival[r->n] = (int16_t)a;
                r->waiting[r->n] = (int16_t)(end - a - p->sum_len);
                r->n++;
            }
        }
    }
}

/* Greedy choice in quality order (waiting, then arrival), skipping
 * arrivals closer than spread to one already chosen. Writes up to want
 * indexes into r to chosen, in the order chosen; returns how many. */
static int
choose(const struct arrivals *r, int want, int spread, int *chosen)
{
    bool blocked[DAYSET_MAX_SLOTS];
    int n = 0;

    memset(blocked, 0, (size_t)r->n * sizeof(blocked[0]));
    while (n < want) {
        int best = -1;

        /* Arrivals ascend, so strict < keeps the earliest of equal
         * waiting. */
        for (int i = 0; i < r->n; i++) {
            if (!blocked[i] && (best < 0 || r->waiting[i] < r->waiting[best])) {
                best = i;
            }
        }
        if (best < 0) {
            break;
        }
        chosen[n++] = best;
        blocked[best] = true;
        for (int i = best - 1; i >= 0; i--) {
            if (r->arrival[best] - r->arrival[i] >= spread) {
                break;
            }
            blocked[i] = true;
        }
        for (int i = best + 1; i < r->n; i++) {
            if (r->arrival[i] - r->arrival[best] >= spread) {
                break;
            }
            blocked[i] = true;
        }
    }
    return n;
}

/* ---- stage 3: one concrete itinerary ---- */

/* Writes the itinerary of arrival a into o (rank 0). desks must be the
 * ones p was prepared from. STATUS_INTERNAL would mean a bug. */
static enum status
plan_build(const struct plan *p, const struct planner_desk *desks, int a,
           struct planner_option *o)
{
    int e[SUBSETS];
    int end = plan_end(p, a, e);
    unsigned set = p->full;
    int k = p->n;

    if (end >= p->inf) {
        return STATUS_INTERNAL;
    }
    while (set != 0) {
        int j = -1;
        int start = 0;
        uint64_t cand;

        if ((set & (set - 1)) == 0) {
            j = bits_lowest(set);
            start = a;
        } else {
            /* Steps of a set come in ascending service order; the last
             * one that reaches e[set] puts the highest service index last,
             * so equal orders follow the caller's listing. */
            for (int i = 0; i < p->n_steps; i++) {
                const struct step *st = &p->steps[i];
                int s;

                if (st->set != set) {
                    continue;
                }
                s = p->next[st->service][e[st->from]];
                if (s < p->inf && s + p->len[st->service] == e[set]) {
                    j = st->service;
                    start = s;
                }
            }
        }
        if (j < 0 || k == 0) {
            return STATUS_INTERNAL;
        }
        k--;
        o->leg[k].service = j;
        o->leg[k].start = start;
        o->leg[k].length = p->len[j];
        o->leg[k].desk = -1;
        for (cand = p->desks_for[j]; cand != 0; cand &= cand - 1) {
            int d = bits_lowest(cand);

            if (dayset_all(&desks[d].free, start, p->len[j])) {
                o->leg[k].desk = d;
                break;
            }
        }
        if (o->leg[k].desk < 0) {
            return STATUS_INTERNAL;
        }
        set &= ~(1u << j);
    }
    o->arrival = a;
    o->end = end;
    o->waiting = end - a - p->sum_len;
    o->rank = 0;
    o->n_legs = p->n;
    return STATUS_OK;
}

/* ---- public functions ---- */

enum status
planner_slots_for(int minutes, int extra_per_person, int persons,
                  int slot_minutes, int *slots_out)
{
    int total;

    if (slots_out == NULL || minutes < 1 || minutes > SLOT_MINUTES_PER_DAY) {
        return STATUS_INPUT;
    }
    if (extra_per_person < 0 || extra_per_person > SLOT_MINUTES_PER_DAY) {
        return STATUS_INPUT;
    }
    if (persons < 1 || persons > PLANNER_MAX_PERSONS) {
        return STATUS_INPUT;
    }
    if (!slot_grid_valid(slot_minutes)) {
        return STATUS_INPUT;
    }
    /* At most 1440 + 49 * 1440 minutes: far inside int. */
    total = minutes + extra_per_person * (persons - 1);
    if (total > SLOT_MINUTES_PER_DAY) {
        return STATUS_INPUT;
    }
    *slots_out = (total + slot_minutes - 1) / slot_minutes;
    return STATUS_OK;
}

enum status
planner_search(const struct planner_desk *desks, int n_desks,
               const struct planner_query *q, struct planner_option *out,
               int *n_out)
{
    struct plan p;
    struct arrivals r;
    /* Built here first, so that out is written only on success. */
    struct planner_option built[PLANNER_MAX_OPTIONS];
    int chosen[PLANNER_MAX_OPTIONS];
    int n;
    enum status st;

    if (q == NULL || out == NULL || n_out == NULL) {
        return STATUS_INPUT;
    }
    if (check_desks(desks, n_desks) != STATUS_OK ||
        check_day(q->day_slots, q->earliest) != STATUS_OK ||
        check_services(q->services, q->n_services) != STATUS_OK) {
        return STATUS_INPUT;
    }
    if (q->want < 1 || q->want > PLANNER_MAX_OPTIONS || q->spread < 0) {
        return STATUS_INPUT;
    }
    st = check_kinds(desks, n_desks, q->services, q->n_services);
    if (st != STATUS_OK) {
        return st;
    }
    st = plan_prepare(&p, desks, n_desks, q->services, q->n_services,
                      q->day_slots, q->earliest);
    if (st != STATUS_OK) {
        return st;
    }
    plan_scan(&p, &r);
    n = choose(&r, q->want, q->spread, chosen);

    /* Output in arrival order: the indexes into r ascend with arrival. A
     * rank per index keeps the order of choice. */
    {
        int rank_of[PLANNER_MAX_OPTIONS];
        int idx[PLANNER_MAX_OPTIONS];

        for (int i = 0; i < n; i++) {
            int k = i;

            while (k > 0 && idx[k - 1] > chosen[i]) {
                idx[k] = idx[k - 1];
                rank_of[k] = rank_of[k - 1];
                k--;
            }
            idx[k] = chosen[i];
            rank_of[k] = i;
        }
        for (int i = 0; i < n; i++) {
            st = plan_build(&p, desks, r.arrival[idx[i]], &built[i]);
            if (st != STATUS_OK) {
                return st;
            }
            built[i].rank = rank_of[i];
        }
    }
    memcpy(out, built, (size_t)n * sizeof(out[0]));
    *n_out = n;
    return STATUS_OK;
}

enum status
planner_apply(struct planner_desk *desks, int n_desks,
              const struct planner_option *opt)
{
    if (opt == NULL || check_desks(desks, n_desks) != STATUS_OK) {
        return STATUS_INPUT;
    }
    if (opt->n_legs < 0 || opt->n_legs > PLANNER_MAX_SERVICES) {
        return STATUS_INPUT;
    }
    for (int i = 0; i < opt->n_legs; i++) {
        const struct planner_leg *l = &opt->leg[i];

        if (l->desk < 0 || l->desk >= n_desks || l->length < 1 ||
            l->start < 0 || l->length > DAYSET_MAX_SLOTS - l->start) {
            return STATUS_INPUT;
        }
    }
    /* Check everything before changing anything. */
    for (int i = 0; i < opt->n_legs; i++) {
        const struct planner_leg *l = &opt->leg[i];

        if (!dayset_all(&desks[l->desk].free, l->start, l->length)) {
            return STATUS_CONFLICT;
        }
        for (int k = 0; k < i; k++) {
            const struct planner_leg *m = &opt->leg[k];

            if (m->desk == l->desk && m->start < l->start + l->length &&
                l->start < m->start + m->length) {
                return STATUS_CONFLICT;
            }
        }
    }
    for (int i = 0; i < opt->n_legs; i++) {
        const struct planner_leg *l = &opt->leg[i];

        dayset_erase(&desks[l->desk].free, l->start, l->length);
    }
    return STATUS_OK;
}

static int
total_length(const struct planner_person *person)
{
    int sum = 0;

    for (int j = 0; j < person->n_services; j++) {
        sum += person->services[j].length;
    }
    return sum;
}

/* True when person a is planned before person b: more constrained first
 * (longer in total, then more services), then by index. */
static bool
plans_before(const struct planner_person *persons, int a, int b)
{
    int ta = total_length(&persons[a]);
    int tb = total_length(&persons[b]);

    if (ta != tb) {
        return ta > tb;
    }
    if (persons[a].n_services != persons[b].n_services) {
        return persons[a].n_services > persons[b].n_services;
    }
    return a < b;
}

/* The arrival in r closest to anchor x in the sense of planner_group():
 * least |a - x| + waiting, then least |a - x|, then earliest. Needs
 * r->n > 0; returns an index into r. */
static int
pick_near(const struct arrivals *r, int x)
{
    int best = 0;
    int best_cost = 0;
    int best_dist = 0;

    for (int i = 0; i < r->n; i++) {
        int dist = r->arrival[i] > x ? r->arrival[i] - x : x - r->arrival[i];
        int cost = dist + r->waiting[i];

        if (i == 0 || cost < best_cost ||
            (cost == best_cost && dist < best_dist)) {
            best = i;
            best_cost = cost;
            best_dist = dist;
        }
    }
    return best;
}

/* Group cost of the persons planned so far (see planner_group()); never
 * decreases as persons are added, which allows pruning. */
static long
group_cost(const struct planner_option *opts, const int *order, int n)
{
    long cost = 0;
    int first = opts[order[0]].arrival;

    for (int i = 1; i < n; i++) {
        if (opts[order[i]].arrival < first) {
            first = opts[order[i]].arrival;
        }
    }
    for (int i = 0; i < n; i++) {
        cost += opts[order[i]].waiting + (opts[order[i]].arrival - first);
    }
    return cost;
}

enum status
planner_group(const struct planner_desk *desks, int n_desks,
              const struct planner_group_query *q, struct planner_option *out,
              int *failed_out)
{
    struct plan p;
    struct arrivals r;
    struct planner_desk work[PLANNER_MAX_DESKS];
    struct planner_option anchor_opt[PLANNER_GROUP_ANCHORS];
    struct planner_option trial[PLANNER_MAX_PERSONS];
    struct planner_option best[PLANNER_MAX_PERSONS];
    int order[PLANNER_MAX_PERSONS];
    int chosen[PLANNER_GROUP_ANCHORS];
    int n_anchors;
    long best_cost = -1;
    int failed = -1;
    int lead;
    enum status st;

    if (failed_out != NULL) {
        *failed_out = -1;
    }
    if (q == NULL || out == NULL || q->persons == NULL || q->n_persons < 1 ||
        q->n_persons > PLANNER_MAX_PERSONS ||
        check_desks(desks, n_desks) != STATUS_OK ||
        check_day(q->day_slots, q->earliest) != STATUS_OK) {
        return STATUS_INPUT;
    }
    for (int i = 0; i < q->n_persons; i++) {
        if (check_services(q->persons[i].services, q->persons[i].n_services) !=
            STATUS_OK) {
            if (failed_out != NULL) {
                *failed_out = i;
            }
            return STATUS_INPUT;
        }
    }
    for (int i = 0; i < q->n_persons; i++) {
        if (check_kinds(desks, n_desks, q->persons[i].services,
                        q->persons[i].n_services) != STATUS_OK) {
            if (failed_out != NULL) {
                *failed_out = i;
            }
            return STATUS_NOT_FOUND;
        }
    }
    for (int i = 0; i < q->n_persons; i++) {
        int k = i;

        while (k > 0 && plans_before(q->persons, i, order[k - 1])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }

    /* The lead person's best arrivals on the untouched day are the
     * anchors. */
    lead = order[0];
    st = plan_prepare(&p, desks, n_desks, q->persons[lead].services,
                      q->persons[lead].n_services, q->day_slots, q->earliest);
    if (st != STATUS_OK) {
        return st;
    }
    plan_scan(&p, &r);
    n_anchors = choose(&r, PLANNER_GROUP_ANCHORS, 0, chosen);
    if (n_anchors == 0) {
        if (failed_out != NULL) {
            *failed_out = lead;
        }
        return STATUS_NOT_FOUND;
    }
    for (int k = 0; k < n_anchors; k++) {
        st = plan_build(&p, desks, r.arrival[chosen[k]], &anchor_opt[k]);
        if (st != STATUS_OK) {
            return st;
        }
    }

    for (int k = 0; k < n_anchors && best_cost != 0; k++) {
        int x = anchor_opt[k].arrival;
        bool complete = true;

        memcpy(work, desks, (size_t)n_desks * sizeof(work[0]));
        trial[lead] = anchor_opt[k];
        st = planner_apply(work, n_desks, &trial[lead]);
        if (st != STATUS_OK) {
            return STATUS_INTERNAL;
        }
        for (int i = 1; i < q->n_persons; i++) {
            const struct planner_person *person = &q->persons[order[i]];

            st = plan_prepare(&p, work, n_desks, person->services,
                              person->n_services, q->day_slots, q->earliest);
            if (st != STATUS_OK) {
                return st;
            }
            plan_scan(&p, &r);
            if (r.n == 0) {
                if (k == 0) {
                    failed = order[i];
                }
                complete = false;
                break;
            }
            st = plan_build(&p, work, r.arrival[pick_near(&r, x)],
                            &trial[order[i]]);
            if (st == STATUS_OK) {
                st = planner_apply(work, n_desks, &trial[order[i]]);
            }
            if (st != STATUS_OK) {
                return STATUS_INTERNAL;
            }
            if (best_cost >= 0 &&
                group_cost(trial, order, i + 1) >= best_cost) {
                complete = false; /* cannot beat the plan in hand */
                break;
            }
        }
        if (complete) {
            best_cost = group_cost(trial, order, q->n_persons);
            memcpy(best, trial, (size_t)q->n_persons * sizeof(best[0]));
        }
    }
    if (best_cost < 0) {
        if (failed_out != NULL) {
            *failed_out = failed;
        }
        return STATUS_NOT_FOUND;
    }
    memcpy(out, best, (size_t)q->n_persons * sizeof(out[0]));
    return STATUS_OK;
}
