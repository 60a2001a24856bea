/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The catalogue: locations, agencies, services (with prerequisites and
 * documents to bring), desks (with their services, weekly hours and
 * breaks) and closures. Readers call a function for each row; the row's
 * strings are borrowed for the duration of that call. Writers return
 * STATUS_CONFLICT on a duplicate code and STATUS_NOT_FOUND for a missing
 * row. */
#ifndef ONESTOP_STORE_CATALOGUE_H
#define ONESTOP_STORE_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hours.h"
#include "util/status.h"

struct db;

/* Who may book a service, as stored in services.bookable_by. */
enum bookable {
    BOOKABLE_PUBLIC = 1 << 0,
    BOOKABLE_SPONSOR = 1 << 1,
    BOOKABLE_FRONTDESK = 1 << 2,
};

struct store_location {
    int64_t id;
    const char *code;
    const char *name_en;
    const char *name_nl;
    const char *address;
    const char *time_zone;
    int slot_minutes;
};

typedef enum status (*store_location_fn)(void *ctx,
                                         const struct store_location *row);
/* Each location ordered by code, or only the one with id only_id (then
 * STATUS_NOT_FOUND when there is none). */
enum status store_location_each(struct db *db, int64_t only_id,
                                store_location_fn fn, void *ctx);
enum status store_location_insert(struct db *db,
                                  const struct store_location *in,
                                  int64_t *id);
enum status store_location_update(struct db *db,
                                  const struct store_location *in);

struct store_agency {
    int64_t id;
    const char *code;
    const char *name_en;
    const char *name_nl;
};

typedef enum status (*store_agency_fn)(void *ctx,
                                       const struct store_agency *row);
enum status store_agency_each(struct db *db, const char *only_code,
                              store_agency_fn fn, void *ctx);
enum status store_agency_insert(struct db *db, const struct store_agency *in,
                                int64_t *id);
/* Renames the agency with in->code. */
enum status store_agency_update(struct db *db, const struct store_agency *in);
enum status store_agency_id(struct db *db, const char *code, int64_t *id);

struct store_service {
    int64_t id;
    const char *code;
    int64_t agency_id;
    const char *agency_code;    /* read only */
    const char *agency_name_en; /* read only */
    const char *agency_name_nl; /* read only */
    const char *name_en;
    const char *name_nl;
    const char *description_en;
    const char *description_nl;
    int minutes;
    int extra_minutes_per_person;
    unsigned int bookable_by; /* enum bookable bits */
    bool reschedule_allowed;
    bool active;
    /* what completing it records ("none", "registration", "ind-document",
     * ...); NULL on update keeps the current one */
    const char *outcome;
};

typedef enum status (*store_service_fn)(void *ctx,
                                        const struct store_service *row);
enum status store_service_each(struct db *db, const char *only_code,
                               store_service_fn fn, void *ctx);
/* Every prerequisite pair: service_code requires requires_code. */
enum status store_service_prereq_each(
    struct db *db,
    enum status (*fn)(void *ctx, const char *service_code,
                      const char *requires_code),
    void *ctx);
/* Every document to bring, per service in order. */
enum status store_service_document_each(
    struct db *db,
    enum status (*fn)(void *ctx, const char *service_code, const char *en,
                      const char *nl),
    void *ctx);
/* How many services the catalogue has, and how many desks a location. */
enum status store_service_count(struct db *db, int64_t *n);
enum status store_desk_count(struct db *db, int64_t location_id, int64_t *n);
/* How many bookings of a location are still to come (date >= from). */
enum status store_location_future_bookings(struct db *db, int64_t location_id,
                                           const char *from, int64_t *n);
enum status store_service_insert(struct db *db, const struct store_service *in,
                                 int64_t *id);
/* Updates the service with in->code; *id receives its id. */
enum status store_service_update(struct db *db, const struct store_service *in,
                                 int64_t *id);
/* The id and agency of the service with code. */
enum status store_service_find(struct db *db, const char *code, int64_t *id,
                               int64_t *agency_id);
/* How many desks of an agency other than agency_id offer the service. */
enum status store_service_foreign_desks(struct db *db, int64_t service_id,
                                        int64_t agency_id, int64_t *count);
enum status store_service_set_prerequisites(struct db *db, int64_t service_id,
                                            const int64_t *requires,
                                            size_t n);

struct store_document {
    const char *en;
    const char *nl;
};
enum status store_service_set_documents(struct db *db, int64_t service_id,
                                        const struct store_document *docs,
                                        size_t n);

struct store_desk {
    int64_t id;
    int64_t location_id;
    int64_t agency_id;
    const char *agency_code; /* read only */
    const char *code;
    const char *name_en;
    const char *name_nl;
    bool active;
    int slot_minutes; /* read only: the location's grid */
};

typedef enum status (*store_desk_fn)(void *ctx, const struct store_desk *row);
/* Desks of one location (0 = all), or only one desk (only_id > 0, then
 * STATUS_NOT_FOUND when there is none), ordered by location and code. */
enum status store_desk_each(struct db *db, int64_t location_id,
                            int64_t only_id, store_desk_fn fn, void *ctx);
/* The services of the desks of a location (0 = all). */
enum status store_desk_service_each(
    struct db *db, int64_t location_id,
    enum status (*fn)(void *ctx, int64_t desk_id, const char *service_code),
    void *ctx);
/* Weekly hours (is_break false) and breaks (true) of the desks of a
 * location (0 = all), ordered by desk, weekday and time. */
enum status store_desk_hours_each(
    struct db *db, int64_t location_id,
    enum status (*fn)(void *ctx, int64_t desk_id, bool is_break,
                      const struct hours_interval *interval),
    void *ctx);
enum status store_desk_insert(struct db *db, const struct store_desk *in,
                              int64_t *id);
enum status store_desk_update(struct db *db, const struct store_desk *in);
enum status store_desk_set_services(struct db *db, int64_t desk_id,
                                    const int64_t *service_ids, size_t n);
/* Replaces a desk's week of hours and breaks. */
enum status store_desk_set_hours(struct db *db, int64_t desk_id,
                                 const struct hours_interval *open,
                                 size_t n_open,
                                 const struct hours_interval *breaks,
                                 size_t n_breaks);

struct store_closure {
    int64_t id;
    int64_t location_id;
    int64_t desk_id; /* 0 = the whole location */
    const char *date;
    int starts; /* minute of day, or -1 for the whole day */
    int ends;
    const char *kind; /* "holiday" or "one-off" */
    const char *reason_en;
    const char *reason_nl;
};

typedef enum status (*store_closure_fn)(void *ctx,
                                        const struct store_closure *row);
/* Closures of a location with from <= date <= to, ordered by date. */
enum status store_closure_each(struct db *db, int64_t location_id,
                               const char *from, const char *to,
                               store_closure_fn fn, void *ctx);
enum status store_closure_insert(struct db *db,
                                 const struct store_closure *in, int64_t *id);
enum status store_closure_delete(struct db *db, int64_t id);

#endif
