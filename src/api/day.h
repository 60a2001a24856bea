/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* One location on one date as the planner sees it: the catalogue's
 * services, each desk with the services it performs, the slots it is open
 * (weekly hours minus breaks and closures) and the slots still free (open
 * minus the slots bookings hold). Shared by availability, booking, groups
 * and the command line. */
#ifndef ONESTOP_API_DAY_H
#define ONESTOP_API_DAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/dayset.h"
#include "core/planner.h"
#include "util/status.h"

struct db;

/* Services of the catalogue one day can know (planner kinds are bits). */
#define DAY_MAX_SERVICES PLANNER_MAX_KINDS
#define DAY_MAX_DESKS PLANNER_MAX_DESKS

struct day_service {
    int64_t id;
    char *code;
    char *name_en;
    char *name_nl;
    char *json_name; /* {"en":...,"nl":...} ready to write into answers */
    int64_t agency_id;
    int minutes;
    int extra_minutes_per_person;
    unsigned int bookable_by; /* enum bookable bits */
    bool reschedule_allowed;
    bool active;
    uint64_t requires; /* bit j: needs service j earlier in the same visit */
};

struct day_desk {
    int64_t id;
    char *code;
    char *name_en;
    char *name_nl;
    char *json_name; /* {"en":...,"nl":...} ready to write into answers */
    bool active;
    uint64_t services; /* bit j: performs service j */
    struct dayset open; /* open slots: hours minus breaks and closures */
    struct dayset free; /* open slots not held by a booking */
};

struct day {
    int64_t location_id;
    char *location_code;
    char *location_name_en;
    char *location_name_nl;
    char *location_address;
    char *time_zone;
    int slot_minutes;
    struct date date;
    char date_text[DATE_ISO_LEN + 1];
    int n_services;
    struct day_service services[DAY_MAX_SERVICES];
    int n_desks;
    struct day_desk desks[DAY_MAX_DESKS];
    /* A copy from the cache keeps its texts after the struct, in the same
     * allocation: one malloc and one free instead of one per text. */
    bool texts_inline;
};

/* Days kept loaded: the catalogue part of a day (everything but the held
 * slots) is read from the store once and then copied from memory until
 * the catalogue changes. */
#define DAY_CACHE_SIZE 64

/* Loads location_id on date. *out (new, free with day_free) is set only on
 * STATUS_OK; STATUS_NOT_FOUND when the location does not exist. Inactive
 * desks are loaded but have no open slots. The held slots are always read
 * afresh; the rest may come from the cache. */
enum status day_load(struct db *db, int64_t location_id, struct date date,
                     struct day **out);
/* Like day_load, without reading the held slots: for the names and the
 * hours only (the free sets are then the open sets). */
enum status day_load_catalogue(struct db *db, int64_t location_id,
                               struct date date, struct day **out);
/* Forgets every cached day: call after any change to the catalogue
 * (locations, services, desks, hours, closures) has been committed. */
void day_catalogue_changed(void);

/* Reloads only the held slots of an already loaded day (after a conflict). */
enum status day_reload_free(struct db *db, struct day *day);
void day_free(struct day *day);

/* Index of the service with this code, or -1. */
int day_service_index(const struct day *day, const char *code);
/* Index of the service with this id, or -1. */
int day_service_by_id(const struct day *day, int64_t id);
/* Index of the desk with this id, or -1. */
int day_desk_index(const struct day *day, int64_t id);

#endif
