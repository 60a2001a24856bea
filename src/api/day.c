/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Loading a location's day from the store into planner terms. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/day.h"

#include "core/hours.h"
#include "core/slot.h"
#include "store/bookings.h"
#include "store/catalogue.h"
#include "util/buf.h"

/* A copy of s, NULL when out of memory (checked by day_strings_ok). */
static char *
day_strdup(const char *s)
{
    return strdup(s != NULL ? s : "");
}

/* The {en, nl} JSON text of a name, written once per loaded day instead of
 * once per leg of every answer; NULL when out of memory. */
static char *
day_json_name(const char *en, const char *nl)
{
    struct buf text;

    buf_init(&text, 0);
    if (buf_append_str(&text, "{\"en\":") != STATUS_OK ||
        buf_append_json_string(&text, en) != STATUS_OK ||
        buf_append_str(&text, ",\"nl\":") != STATUS_OK ||
        buf_append_json_string(&text, nl) != STATUS_OK ||
        buf_append_str(&text, "}") != STATUS_OK) {
        buf_clear(&text);
        return NULL;
    }
    return buf_take(&text);
}

static enum status
day_location(void *ctx, const struct store_location *row)
{
    struct day *day = ctx;

    day->location_code = day_strdup(row->code);
    day->location_name_en = day_strdup(row->name_en);
    day->location_name_nl = day_strdup(row->name_nl);
    day->location_address = day_strdup(row->address);
    day->time_zone = day_strdup(row->time_zone);
    day->slot_minutes = row->slot_minutes;
    return day->location_code && day->location_name_en &&
                   day->location_name_nl && day->location_address &&
                   day->time_zone
               ? STATUS_OK
               : STATUS_NOMEM;
}

static enum status
day_service(void *ctx, const struct store_service *row)
{
    struct day *day = ctx;
    struct day_service *s;

    if (day->n_services == DAY_MAX_SERVICES) {
        return STATUS_INTERNAL; /* the catalogue outgrew the planner */
    }
    s = &day->services[day->n_services++];
    s->id = row->id;
    s->code = day_strdup(row->code);
    s->name_en = day_strdup(row->name_en);
    s->name_nl = day_strdup(row->name_nl);
    s->json_name = day_json_name(row->name_en, row->name_nl);
    s->agency_id = row->agency_id;
    s->minutes = row->minutes;
    s->extra_minutes_per_person = row->extra_minutes_per_person;
    s->bookable_by = row->bookable_by;
    s->reschedule_allowed = row->reschedule_allowed;
    s->active = row->active;
    return s->code && s->name_en && s->name_nl && s->json_name ? STATUS_OK
                                                               : STATUS_NOMEM;
}

static enum status
day_prereq(void *ctx, const char *service_code, const char *requires_code)
{
    struct day *day = ctx;
    int s = day_service_index(day, service_code);
    int r = day_service_index(day, requires_code);

    if (s >= 0 && r >= 0) {
        day->services[s].requires |= UINT64_C(1) << r;
    }
    return STATUS_OK;
}

static enum status
day_desk(void *ctx, const struct store_desk *row)
{
    struct day *day = ctx;
    struct day_desk *d;

    if (day->n_desks == DAY_MAX_DESKS) {
        return STATUS_INTERNAL; /* more desks than the planner takes */
    }
    d = &day->desks[day->n_desks++];
    d->id = row->id;
    d->code = day_strdup(row->code);
    d->name_en = day_strdup(row->name_en);
    d->name_nl = day_strdup(row->name_nl);
    d->json_name = day_json_name(row->name_en, row->name_nl);
    d->active = row->active;
    return d->code && d->name_en && d->name_nl && d->json_name ? STATUS_OK
                                                               : STATUS_NOMEM;
}

static enum status
day_desk_service(void *ctx, int64_t desk_id, const char *service_code)
{
    struct day *day = ctx;
    int d = day_desk_index(day, desk_id);
    int s = day_service_index(day, service_code);

    if (d >= 0 && s >= 0) {
        day->desks[d].services |= UINT64_C(1) << s;
    }
    return STATUS_OK;
}

/* The weekly hours of every desk, gathered before turning into sets. */
struct day_hours {
    struct day *day;
    int desk;
    struct hours_interval open[HOURS_MAX_INTERVALS];
    size_t n_open;
    struct hours_interval breaks[HOURS_MAX_INTERVALS];
    size_t n_breaks;
};

static void
day_hours_flush(struct day_hours *h)
{
    if (h->desk >= 0 && h->day->desks[h->desk].active) {
        hours_day_set(h->open, h->n_open, h->breaks, h->n_breaks,
                      date_weekday(h->day->date), h->day->slot_minutes,
                      &h->day->desks[h->desk].open);
    }
    h->n_open = 0;
    h->n_breaks = 0;
}

static enum status
day_hours_row(void *ctx, int64_t desk_id, bool is_break,
              const struct hours_interval *iv)
{
    struct day_hours *h = ctx;
    int d = day_desk_index(h->day, desk_id);

    if (d != h->desk) {
        day_hours_flush(h); /* rows come ordered by desk */
        h->desk = d;
    }
    if (is_break && h->n_breaks < HOURS_MAX_INTERVALS) {
        h->breaks[h->n_breaks++] = *iv;
    } else if (!is_break && h->n_open < HOURS_MAX_INTERVALS) {
        h->open[h->n_open++] = *iv;
    }
    return STATUS_OK;
}

static enum status
day_closure(void *ctx, const struct store_closure *row)
{
    struct day *day = ctx;

    for (int d = 0; d < day->n_desks; d++) {
        if (row->desk_id > 0 && day->desks[d].id != row->desk_id) {
            continue;
        }
        if (row->starts < 0) {
            dayset_clear(&day->desks[d].open);
        } else {
            hours_apply_closure(&day->desks[d].open, row->starts, row->ends,
                                day->slot_minutes);
        }
    }
    return STATUS_OK;
}

static enum status
day_held(void *ctx, int64_t desk_id, int starts_at)
{
    struct day *day = ctx;
    int d = day_desk_index(day, desk_id);

    if (d >= 0) {
        dayset_erase(&day->desks[d].free,
                     slot_index_floor(starts_at, day->slot_minutes), 1);
    }
    return STATUS_OK;
}

enum status
day_reload_free(struct db *db, struct day *day)
{
    for (int d = 0; d < day->n_desks; d++) {
        day->desks[d].free = day->desks[d].open;
    }
    return store_held_slots_each(db, day->location_id, day->date_text, day_held,
                                 day);
}

/* The cache: days by location and date, valid while their generation is
 * the catalogue's. */
struct day_cache_entry {
    struct day *day;
    unsigned long generation;
    unsigned long used; /* for evicting the least recently used */
};

static pthread_mutex_t day_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct day_cache_entry day_cache[DAY_CACHE_SIZE];
static unsigned long day_generation = 1;
static unsigned long day_clock;

void
day_catalogue_changed(void)
{
    pthread_mutex_lock(&day_cache_lock);
    day_generation++;
    pthread_mutex_unlock(&day_cache_lock);
}

/* Copies s to *arena and advances it; returns the copy. */
static char *
day_arena_copy(char **arena, const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = *arena;

    memcpy(copy, s, n);
    *arena += n;
    return copy;
}

/* A deep copy of day in one allocation, or NULL when out of memory. */
static struct day *
day_copy(const struct day *day)
{
    size_t texts = strlen(day->location_code) + strlen(day->location_name_en) +
                   strlen(day->location_name_nl) +
                   strlen(day->location_address) + strlen(day->time_zone) + 5;
    struct day *copy;
    char *arena;

    for (int i = 0; i < day->n_services; i++) {
        texts += strlen(day->services[i].code) +
                 strlen(day->services[i].name_en) +
                 strlen(day->services[i].name_nl) +
                 strlen(day->services[i].json_name) + 4;
    }
    for (int i = 0; i < day->n_desks; i++) {
        texts += strlen(day->desks[i].code) + strlen(day->desks[i].name_en) +
                 strlen(day->desks[i].name_nl) +
                 strlen(day->desks[i].json_name) + 4;
    }
    copy = malloc(sizeof *copy + texts);
    if (copy == NULL) {
        return NULL;
    }
    /* Only the used parts: the tables are sized for the largest day. */
    memcpy(copy, day, offsetof(struct day, services));
    memcpy(copy->services, day->services,
           sizeof day->services[0] * (size_t)day->n_services);
    memcpy(copy->desks, day->desks,
           sizeof day->desks[0] * (size_t)day->n_desks);
    copy->n_desks = day->n_desks;
    copy->texts_inline = true;
    arena = (char *)(copy + 1);
    copy->location_code = day_arena_copy(&arena, day->location_code);
    copy->location_name_en = day_arena_copy(&arena, day->location_name_en);
    copy->location_name_nl = day_arena_copy(&arena, day->location_name_nl);
    copy->location_address = day_arena_copy(&arena, day->location_address);
    copy->time_zone = day_arena_copy(&arena, day->time_zone);
    for (int i = 0; i < day->n_services; i++) {
        struct day_service *s = &copy->services[i];
        s->code = day_arena_copy(&arena, day->services[i].code);
        s->name_en = day_arena_copy(&arena, day->services[i].name_en);
        s->name_nl = day_arena_copy(&arena, day->services[i].name_nl);
        s->json_name = day_arena_copy(&arena, day->services[i].json_name);
    }
    for (int i = 0; i < day->n_desks; i++) {
        struct day_desk *d = &copy->desks[i];
        d->code = day_arena_copy(&arena, day->desks[i].code);
        d->name_en = day_arena_copy(&arena, day->desks[i].name_en);
        d->name_nl = day_arena_copy(&arena, day->desks[i].name_nl);
        d->json_name = day_arena_copy(&arena, day->desks[i].json_name);
    }
    return copy;
}

/* A copy of the cached day, or NULL; *generation (out) is the catalogue's
 * generation now. */
static struct day *
day_cache_find(int64_t location_id, struct date date, unsigned long *generation)
{
    struct day *found = NULL;

    pthread_mutex_lock(&day_cache_lock);
    *generation = day_generation;
    for (size_t i = 0; i < DAY_CACHE_SIZE; i++) {
        struct day_cache_entry *e = &day_cache[i];
        if (e->day != NULL && e->generation == day_generation &&
            e->day->location_id == location_id &&
            date_compare(e->day->date, date) == 0) {
            e->used = ++day_clock;
            found = day_copy(e->day);
            break;
        }
    }
    pthread_mutex_unlock(&day_cache_lock);
    return found;
}

/* Keeps a copy of day when the catalogue did not change since it was read
 * (generation), in the least recently used (or a stale) place. */
static void
day_cache_keep(const struct day *day, unsigned long generation)
{
    struct day *copy = day_copy(day);
    struct day_cache_entry *victim = &day_cache[0];

    if (copy == NULL) {
        return;
    }
    pthread_mutex_lock(&day_cache_lock);
    if (generation != day_generation) {
        pthread_mutex_unlock(&day_cache_lock);
        day_free(copy);
        return;
    }
    for (size_t i = 0; i < DAY_CACHE_SIZE; i++) {
        struct day_cache_entry *e = &day_cache[i];
        if (e->day == NULL || e->generation != day_generation) {
            victim = e;
            break;
        }
        if (e->used < victim->used) {
            victim = e;
        }
    }
    day_free(victim->day);
    victim->day = copy;
    victim->generation = generation;
    victim->used = ++day_clock;
    pthread_mutex_unlock(&day_cache_lock);
}

/* Reads the catalogue part of a day from the store. */
static enum status
day_read(struct db *db, int64_t location_id, struct date date, struct day **out)
{
    struct day *day = calloc(1, sizeof *day);
    struct day_hours *hours = calloc(1, sizeof *hours);
    enum status st = STATUS_NOMEM;

    if (day == NULL || hours == NULL) {
        goto out;
    }
    day->location_id = location_id;
    day->date = date;
    date_format(date, day->date_text);
    st = store_location_each(db, location_id, day_location, day);
    if (st == STATUS_OK) {
        st = store_service_each(db, NULL, day_service, day);
    }
    if (st == STATUS_OK) {
        st = store_service_prereq_each(db, day_prereq, day);
    }
    if (st == STATUS_OK) {
        st = store_desk_each(db, location_id, 0, day_desk, day);
    }
    if (st == STATUS_OK) {
        st = store_desk_service_each(db, location_id, day_desk_service, day);
    }
    if (st == STATUS_OK) {
        hours->day = day;
        hours->desk = -1;
        st = store_desk_hours_each(db, location_id, day_hours_row, hours);
        day_hours_flush(hours);
    }
    if (st == STATUS_OK) {
        st = store_closure_each(db, location_id, day->date_text, day->date_text,
                                day_closure, day);
    }
    for (int d = 0; st == STATUS_OK && d < day->n_desks; d++) {
        day->desks[d].free = day->desks[d].open;
    }
    if (st == STATUS_OK) {
        *out = day;
        day = NULL;
    }
out:
    free(hours);
    day_free(day);
    return st;
}

/* day_load, and day_load_catalogue when with_free is false. */
static enum status
day_get(struct db *db, int64_t location_id, struct date date, bool with_free,
        struct day **out)
{
    unsigned long generation;
    struct day *day = day_cache_find(location_id, date, &generation);
    enum status st = STATUS_OK;

    if (day == NULL) {
        st = day_read(db, location_id, date, &day);
        if (st == STATUS_OK) {
            day_cache_keep(day, generation);
        }
    }
    if (st == STATUS_OK && with_free) {
        st = day_reload_free(db, day);
    }
    if (st == STATUS_OK) {
        *out = day;
        day = NULL;
    }
    day_free(day);
    return st;
}

enum status
day_load(struct db *db, int64_t location_id, struct date date, struct day **out)
{
    return day_get(db, location_id, date, true, out);
}

enum status
day_load_catalogue(struct db *db, int64_t location_id, struct date date,
                   struct day **out)
{
    return day_get(db, location_id, date, false, out);
}

void
day_free(struct day *day)
{
    if (day == NULL || day->texts_inline) {
        free(day);
        return;
    }
    for (int i = 0; i < day->n_services; i++) {
        free(day->services[i].code);
        free(day->services[i].name_en);
        free(day->services[i].name_nl);
        free(day->services[i].json_name);
    }
    for (int i = 0; i < day->n_desks; i++) {
        free(day->desks[i].code);
        free(day->desks[i].name_en);
        free(day->desks[i].name_nl);
        free(day->desks[i].json_name);
    }
    free(day->location_code);
    free(day->location_name_en);
    free(day->location_name_nl);
    free(day->location_address);
    free(day->time_zone);
    free(day);
}

int
day_service_index(const struct day *day, const char *code)
{
    for (int i = 0; i < day->n_services; i++) {
        if (strcmp(day->services[i].code, code) == 0) {
            return i;
        }
    }
    return -1;
}

int
day_service_by_id(const struct day *day, int64_t id)
{
    for (int i = 0; i < day->n_services; i++) {
        if (day->services[i].id == id) {
            return i;
        }
    }
    return -1;
}

int
day_desk_index(const struct day *day, int64_t id)
{
    for (int i = 0; i < day->n_desks; i++) {
        if (day->desks[i].id == id) {
            return i;
        }
    }
    return -1;
}
