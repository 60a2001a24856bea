/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Weekly opening hours, breaks and closures. Validation stops at the first
 * problem and describes it in a fixed-size message built here by hand, since
 * core does not use stdio. */
#include "core/hours.h"

#include "core/slot.h"

/* Words for the two ends of an interval, by list. */
struct interval_words {
    const char *begins; /* "opens" */
    const char *ends;   /* "closes" */
    const char *plural; /* "opening intervals" */
};

static const struct interval_words open_words = {
    "opens",
    "closes",
    "opening intervals",
};

static const struct interval_words break_words = {
    "starts",
    "ends",
    "breaks",
};

static const char *const weekday_names[8] = {
    "",         "Monday", "Tuesday",  "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday",
};

/* A bounded string under construction; always NUL-terminated, silently
 * truncated when full. */
struct msg {
    char *buf;
    size_t len;
    size_t cap;
};

static void
msg_str(struct msg *m, const char *s)
{
    while (*s != '\0' && m->len + 1 < m->cap) {
        m->buf[m->len++] = *s++;
    }
    m->buf[m->len] = '\0';
}

static void
msg_int(struct msg *m, long long value)
{
    char digits[24];
    size_t n = 0;
    unsigned long long u;

    if (value < 0) {
        msg_str(m, "-");
        u = 0 - (unsigned long long)value;
    } else {
        u = (unsigned long long)value;
    }
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    while (n > 0) {
        char one[2] = {digits[--n], '\0'};
        msg_str(m, one);
    }
}

static void
msg_hhmm(struct msg *m, int minute)
{
    char text[SLOT_HHMM_LEN + 1];

    slot_format_hhmm(minute, text);
    msg_str(m, text);
}

static void
msg_interval(struct msg *m, const struct hours_interval *iv)
{
    msg_hhmm(m, iv->start);
    msg_str(m, "-");
    msg_hhmm(m, iv->end);
    msg_str(m, " on ");
    msg_str(m, weekday_names[iv->weekday]);
}

/* Starts err's message for element index of list kind; returns a builder
 * for the message, or one writing into scratch when err is NULL. */
static struct msg
fail(struct hours_error *err, int kind, size_t index, char *scratch,
     size_t scratch_size)
{
    struct msg m = {scratch, 0, scratch_size};

    if (err != NULL) {
        err->kind = kind;
        err->index = index;
        m.buf = err->message;
        m.cap = sizeof(err->message);
    }
    m.buf[0] = '\0';
    return m;
}

static bool
overlaps(const struct hours_interval *a, const struct hours_interval *b)
{
    return a->weekday == b->weekday && a->start < b->end && b->start < a->end;
}

/* Checks one minute value; appends the problem to a fresh message. */
static bool
check_minute(int minute, const char *verb, int slot_minutes,
             struct hours_error *err, int kind, size_t index)
{
    char scratch[HOURS_MESSAGE_SIZE];
    struct msg m;

    if (minute >= 0 && minute <= SLOT_MINUTES_PER_DAY &&
        minute % slot_minutes == 0) {
        return true;
    }
    m = fail(err, kind, index, scratch, sizeof(scratch));
    msg_str(&m, verb);
    if (minute < 0 || minute > SLOT_MINUTES_PER_DAY) {
        msg_str(&m, " at minute ");
        msg_int(&m, minute);
        msg_str(&m, ", outside the day (00:00 to 24:00)");
    } else {
        msg_str(&m, " at ");
        msg_hhmm(&m, minute);
        msg_str(&m, ", which is not on the ");
        msg_int(&m, slot_minutes);
        msg_str(&m, "-minute slot grid");
    }
    return false;
}

/* The checks that concern one element alone. */
static bool
check_fields(const struct hours_interval *iv, const struct interval_words *w,
             int slot_minutes, struct hours_error *err, int kind, size_t index)
{
    char scratch[HOURS_MESSAGE_SIZE];
    struct msg m;

    if (iv->weekday < 1 || iv->weekday > 7) {
        m = fail(err, kind, index, scratch, sizeof(scratch));
        msg_str(&m, "has weekday ");
        msg_int(&m, iv->weekday);
        msg_str(&m, ", not 1 (Monday) to 7 (Sunday)");
        return false;
    }
    if (!check_minute(iv->start, w->begins, slot_minutes, err, kind, index) ||
        !check_minute(iv->end, w->ends, slot_minutes, err, kind, index)) {
        return false;
    }
    if (iv->end <= iv->start) {
        m = fail(err, kind, index, scratch, sizeof(scratch));
        msg_str(&m, w->ends);
        msg_str(&m, " at ");
        msg_hhmm(&m, iv->end);
        msg_str(&m, ", not after it ");
        msg_str(&m, w->begins);
        msg_str(&m, " at ");
        msg_hhmm(&m, iv->start);
        return false;
    }
    return true;
}

static bool
check_list(const struct hours_interval *list, size_t n,
           const struct interval_words *w, int slot_minutes,
           struct hours_error *err, int kind)
{
    char scratch[HOURS_MESSAGE_SIZE];
    struct msg m;

    if (n > HOURS_MAX_INTERVALS) {
        m = fail(err, kind, HOURS_MAX_INTERVALS, scratch, sizeof(scratch));
        msg_str(&m, "is one too many: at most ");
        msg_int(&m, HOURS_MAX_INTERVALS);
        msg_str(&m, " ");
        msg_str(&m, w->plural);
        msg_str(&m, " are allowed");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!check_fields(&list[i], w, slot_minutes, err, kind, i)) {
            return false;
        }
    }
    /* Quadratic, but n is bounded and small in practice (a week). */
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (overlaps(&list[i], &list[j])) {
                m = fail(err, kind, i, scratch, sizeof(scratch));
                msg_str(&m, "overlaps ");
                msg_str(&m, kind == HOURS_ERROR_OPEN ? "other opening hours, "
                                                     : "another break, ");
                msg_interval(&m, &list[j]);
                return false;
            }
        }
    }
    return true;
}

enum status
hours_validate(const struct hours_interval *open, size_t n_open,
               const struct hours_interval *breaks, size_t n_breaks,
               int slot_minutes, struct hours_error *err)
{
    char scratch[HOURS_MESSAGE_SIZE];
    struct msg m;

    if (!slot_grid_valid(slot_minutes)) {
        m = fail(err, HOURS_ERROR_SLOT, 0, scratch, sizeof(scratch));
        msg_str(&m, "slot length of ");
        msg_int(&m, slot_minutes);
        msg_str(&m, " minutes does not divide the day into slots of 1 to ");
        msg_int(&m, SLOT_MINUTES_MAX);
        msg_str(&m, " minutes");
        return STATUS_INPUT;
    }
    if ((open == NULL && n_open > 0) || (breaks == NULL && n_breaks > 0)) {
        m = fail(err,
                 open == NULL && n_open > 0 ? HOURS_ERROR_OPEN
                                            : HOURS_ERROR_BREAK,
                 0, scratch, sizeof(scratch));
        msg_str(&m, "is missing");
        return STATUS_INPUT;
    }
    if (!check_list(open, n_open, &open_words, slot_minutes, err,
                    HOURS_ERROR_OPEN)) {
        return STATUS_INPUT;
    }
    if (!check_list(breaks, n_breaks, &break_words, slot_minutes, err,
                    HOURS_ERROR_BREAK)) {
        return STATUS_INPUT;
    }
    for (size_t i = 0; i < n_breaks; i++) {
        const struct hours_interval *b = &breaks[i];
        bool inside = false;

        for (size_t j = 0; j < n_open && !inside; j++) {
            inside = open[j].weekday == b->weekday &&
                     open[j].start <= b->start && b->end <= open[j].end;
        }
        if (!inside) {
            m = fail(err, HOURS_ERROR_BREAK, i, scratch, sizeof(scratch));
            msg_str(&m, "is not wholly inside one opening interval on ");
            msg_str(&m, weekday_names[b->weekday]);
            msg_str(&m, " (");
            msg_hhmm(&m, b->start);
            msg_str(&m, "-");
            msg_hhmm(&m, b->end);
            msg_str(&m, ")");
            return STATUS_INPUT;
        }
    }
    return STATUS_OK;
}

void
hours_day_set(const struct hours_interval *open, size_t n_open,
              const struct hours_interval *breaks, size_t n_breaks, int weekday,
              int slot_minutes, struct dayset *out)
{
    dayset_clear(out);
    if (weekday < 1 || weekday > 7 || !slot_grid_valid(slot_minutes)) {
        return;
    }
    for (size_t i = 0; open != NULL && i < n_open; i++) {
        int first;
        int last;

        if (open[i].weekday != weekday) {
            continue;
        }
        /* Inward: a slot only partly inside opening hours is not open. */
        first = slot_index_ceil(open[i].start, slot_minutes);
        last = slot_index_floor(open[i].end, slot_minutes);
        dayset_fill(out, first, last - first);
    }
    for (size_t i = 0; breaks != NULL && i < n_breaks; i++) {
        if (breaks[i].weekday == weekday) {
            hours_apply_closure(out, breaks[i].start, breaks[i].end,
                                slot_minutes);
        }
    }
}

void
hours_apply_closure(struct dayset *day, int start, int end, int slot_minutes)
{
    int first;
    int last;

    if (!slot_grid_valid(slot_minutes) || end <= start) {
        return;
    }
    /* Outward: a slot the closure touches at all is closed. */
    first = slot_index_floor(start, slot_minutes);
    last = slot_index_ceil(end, slot_minutes);
    dayset_erase(day, first, last - first);
}
