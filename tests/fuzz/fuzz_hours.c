/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/hours: bytes become a slot grid, opening
 * intervals, breaks and a closure. Whatever hours_validate says, the day
 * set never opens a slot that lies outside the opening hours or touches a
 * break; when the input is valid, it opens exactly the rest. Error reports
 * must be well-formed. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hours.h"
#include "core/slot.h"

#define MAX_LIST 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A cursor over the input that yields zeros once it runs out. */
struct input {
    const uint8_t *data;
    size_t size;
};

static unsigned
take_byte(struct input *in)
{
    unsigned b = 0;

    if (in->size > 0) {
        b = in->data[0];
        in->data++;
        in->size--;
    }
    return b;
}

/* Mostly minutes on the grid, sometimes anything near the day. */
static int
take_minute(struct input *in, int slot_minutes)
{
    unsigned v = take_byte(in) | take_byte(in) << 8;
    int slots = slot_grid_valid(slot_minutes)
                    ? SLOT_MINUTES_PER_DAY / slot_minutes
                    : SLOT_MINUTES_PER_DAY;

    if ((v & 0x8000u) != 0) {
        return (int)(v & 0x7FFu) - 200;
    }
    return (int)(v % (unsigned)(slots + 1)) *
           (slot_grid_valid(slot_minutes) ? slot_minutes : 1);
}

static size_t
take_list(struct input *in, struct hours_interval *list, int slot_minutes)
{
    size_t n = take_byte(in) % (MAX_LIST + 1);

    for (size_t i = 0; i < n; i++) {
        list[i].weekday = (int)(take_byte(in) % 9);
        list[i].start = take_minute(in, slot_minutes);
        list[i].end = take_minute(in, slot_minutes);
    }
    return n;
}

/* Slot s (of g minutes) lies wholly inside [start, end). */
static bool
slot_inside(int s, int g, int start, int end)
{
    return start <= s * g && (s + 1) * g <= end;
}

/* Slot s shares at least one minute with [start, end); an empty or
 * reversed interval touches nothing. */
static bool
slot_touches(int s, int g, int start, int end)
{
    return start < end && start < (s + 1) * g && s * g < end;
}

/* Marks in mark[] the slots of a g-minute grid that lie wholly inside
 * [start, end) (inside) or share a minute with it (!inside). */
static void
mark_slots(bool *mark, int g, int start, int end, bool inside)
{
    int slots = SLOT_MINUTES_PER_DAY / g;
    int lo = start < 0 ? 0 : start / g;
    int hi = end > SLOT_MINUTES_PER_DAY ? slots : end / g + 1;

    for (int s = lo; s < hi && s < slots; s++) {
        if (inside ? slot_inside(s, g, start, end)
                   : slot_touches(s, g, start, end)) {
            mark[s] = true;
        }
    }
}

static void
check_day(const struct hours_interval *open, size_t n_open,
          const struct hours_interval *breaks, size_t n_breaks, int weekday,
          int g, bool valid)
{
    struct dayset day;
    bool in_open[DAYSET_MAX_SLOTS] = {false};
    bool in_break[DAYSET_MAX_SLOTS] = {false};
    int slots = SLOT_MINUTES_PER_DAY / g;

    hours_day_set(open, n_open, breaks, n_breaks, weekday, g, &day);
    if (dayset_next_set(&day, slots) != -1) {
        abort();
    }
    for (size_t i = 0; i < n_open; i++) {
        if (open[i].weekday == weekday) {
            mark_slots(in_open, g, open[i].start, open[i].end, true);
        }
    }
    for (size_t i = 0; i < n_breaks; i++) {
        if (breaks[i].weekday == weekday) {
            mark_slots(in_break, g, breaks[i].start, breaks[i].end, false);
        }
    }
    for (int s = 0; s < slots; s++) {
        bool open_now = in_open[s] && !in_break[s];

        if (dayset_test(&day, s) && !open_now) {
            abort();
        }
        if (valid && dayset_test(&day, s) != open_now) {
            abort();
        }
    }
}

static void
check_error(const struct hours_error *err, size_t n_open, size_t n_breaks)
{
    size_t len = strnlen(err->message, sizeof(err->message));

    if (len == 0 || len == sizeof(err->message)) {
        abort();
    }
    if (err->kind == HOURS_ERROR_OPEN) {
        if (err->index >= n_open && n_open > 0) {
            abort();
        }
    } else if (err->kind == HOURS_ERROR_BREAK) {
        if (err->index >= n_breaks && n_breaks > 0) {
            abort();
        }
    } else if (err->kind != HOURS_ERROR_SLOT || err->index != 0) {
        abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int grids[8] = {1, 5, 10, 15, 30, 60, 7, 0};
    struct input in = {data, size};
    struct hours_interval open[MAX_LIST];
    struct hours_interval breaks[MAX_LIST];
    struct hours_error err;
    struct dayset day;
    struct dayset before;
    size_t n_open;
    size_t n_breaks;
    int g = grids[take_byte(&in) % 8];
    int start;
    int end;
    enum status st;

    n_open = take_list(&in, open, g);
    n_breaks = take_list(&in, breaks, g);
    memset(&err, 0, sizeof(err));
    st = hours_validate(open, n_open, breaks, n_breaks, g, &err);
    if (st != STATUS_OK && st != STATUS_INPUT) {
        abort();
    }
    if (st == STATUS_INPUT) {
        check_error(&err, n_open, n_breaks);
    }
    if (!slot_grid_valid(g)) {
        if (st == STATUS_OK) {
            abort();
        }
        hours_day_set(open, n_open, breaks, n_breaks, 1, g, &day);
        if (dayset_count(&day) != 0) {
            abort();
        }
        return 0;
    }
    for (int wd = 0; wd <= 8; wd++) {
        if (wd < 1 || wd > 7) {
            hours_day_set(open, n_open, breaks, n_breaks, wd, g, &day);
            if (dayset_count(&day) != 0) {
                abort();
            }
            continue;
        }
        check_day(open, n_open, breaks, n_breaks, wd, g, st == STATUS_OK);
    }

    /* A closure on a full day closes exactly the slots it touches. */
    start = take_minute(&in, g);
    end = take_minute(&in, g);
    dayset_clear(&day);
    dayset_fill(&day, 0, SLOT_MINUTES_PER_DAY / g);
    before = day;
    hours_apply_closure(&day, start, end, g);
    for (int s = 0; s < SLOT_MINUTES_PER_DAY / g; s++) {
        bool closed = slot_touches(s, g, start, end);

        if (dayset_test(&day, s) != (dayset_test(&before, s) && !closed)) {
            abort();
        }
    }
    return 0;
}
