/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Bookings, their legs, the desk slots the legs hold, booking groups and
 * idempotency keys. A leg claims one desk_slots row per slot of the grid;
 * the table's primary key refuses a slot held twice (STATUS_CONFLICT), so
 * the database, not the planner, is what prevents double booking. */
#ifndef ONESTOP_STORE_BOOKINGS_H
#define ONESTOP_STORE_BOOKINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "util/crypto.h"

/* A booking code: 8 characters of Crockford's base32 alphabet. */
#define STORE_BOOKING_CODE_LEN 8

struct store_booking {
    int64_t id;
    const char *code;
    int64_t location_id;
    const char *visit_date;
    int persons;
    const char *status;  /* "booked" or "cancelled" */
    const char *channel; /* "public", "sponsor" or "frontdesk" */
    const char *given_names;
    const char *surname;
    const char *email;
    const char *phone;
    const char *language; /* "en" or "nl" */
    const char *token_digest;
    int64_t group_id;   /* 0 = none */
    int64_t created_by; /* user id, 0 = the public */
    const char *created_at;
    const char *updated_at;
    const char *cancelled_at; /* "" while booked */
    int64_t newcomer_id;      /* the newcomer it is for, 0 = none */
};

struct store_leg {
    int64_t id;
    int64_t booking_id;
    int position;
    int64_t service_id;
    int64_t desk_id;
    const char *visit_date;
    int starts_at; /* minute of day */
    int ends_at;
    /* read only, from the catalogue */
    const char *service_code;
    const char *desk_code;
    bool reschedule_allowed;
};

typedef enum status (*store_booking_fn)(void *ctx,
                                        const struct store_booking *row);
typedef enum status (*store_leg_fn)(void *ctx, const struct store_leg *row);

/* Inserts a booking; STATUS_CONFLICT when its code is taken. */
enum status store_booking_insert(struct db *db, const struct store_booking *in,
                                 int64_t *id);
/* Inserts a leg and claims its desk slots on the grid of slot_minutes;
 * STATUS_CONFLICT when one of them is held already. Run it inside a
 * transaction or savepoint: on a conflict the slots claimed before the
 * taken one are still there until the rollback. */
enum status store_leg_insert(struct db *db, const struct store_leg *in,
                             int slot_minutes, int64_t *id);
/* Releases the active legs of a booking: their slots become free, the legs
 * stay as history with released_at = now. */
enum status store_booking_release_legs(struct db *db, int64_t booking_id,
                                       const char *now);
/* STATUS_FORBIDDEN when the booking has been checked in (a visit on the
 * floor was made of it): from then on the floor changes the visit, and the
 * booking is neither cancelled nor moved. STATUS_OK otherwise. */
enum status store_booking_refuse_checked_in(struct db *db,
                                            int64_t booking_id);
/* Cancels a booking: its slots become free, its legs stay (the itinerary
 * it had); STATUS_NOT_FOUND when there is no such booked booking,
 * STATUS_FORBIDDEN when it has been checked in. */
enum status store_booking_cancel(struct db *db, int64_t booking_id,
                                 const char *now);
/* Replaces the management token's digest. */
enum status store_booking_set_token(struct db *db, int64_t booking_id,
                                    const char *token_digest,
                                    const char *now);
/* Marks a booking changed by a reschedule, to the visit date given;
 * STATUS_NOT_FOUND when there is no such booked booking (a cancel won a
 * race with the reschedule). */
enum status store_booking_touch(struct db *db, int64_t booking_id,
                                const char *visit_date, const char *now);

/* The booking with this code (STATUS_NOT_FOUND when none), or with this id
 * when code is NULL. */
enum status store_booking_find(struct db *db, const char *code, int64_t id,
                               store_booking_fn fn, void *ctx);
/* The bookings of a group, ordered by id. */
enum status store_group_bookings_each(struct db *db, int64_t group_id,
                                      store_booking_fn fn, void *ctx);
/* The legs of a booking in time order: the current ones, or for a
 * cancelled booking the ones it had. */
enum status store_booking_legs_each(struct db *db, int64_t booking_id,
                                    store_leg_fn fn, void *ctx);
/* The active legs of the bookings of a location on a date, ordered by desk
 * and time, with their booking. */
enum status store_day_legs_each(struct db *db, int64_t location_id,
                                const char *date,
                                enum status (*fn)(void *ctx,
                                                  const struct store_booking *b,
                                                  const struct store_leg *leg),
                                void *ctx);
/* The held slots of the desks of a location on a date. */
enum status store_held_slots_each(struct db *db, int64_t location_id,
                                  const char *date,
                                  enum status (*fn)(void *ctx, int64_t desk_id,
                                                    int starts_at),
                                  void *ctx);

/* Inserts a booking group; STATUS_CONFLICT when its code is taken. */
enum status store_group_insert(struct db *db, const char *code,
                               int64_t location_id, const char *date,
                               int64_t created_by, const char *now,
                               int64_t *id);

struct store_group {
    int64_t id;
    const char *code;
    int64_t location_id;
    const char *visit_date;
    int64_t created_by; /* 0 = none */
    const char *created_at;
};
/* The group with this code, or with this id when code is NULL;
 * STATUS_NOT_FOUND when there is none. */
enum status store_group_find(struct db *db, const char *code, int64_t id,
                             enum status (*fn)(void *ctx,
                                               const struct store_group *row),
                             void *ctx);

/* What an idempotency key stands for. */
struct store_idempotency {
    char request_digest[CRYPTO_DIGEST_TEXT];
    int64_t booking_id; /* 0 = none */
    int64_t group_id;   /* 0 = none */
};
/* The record of key; STATUS_NOT_FOUND when there is none. */
enum status store_idempotency_find(struct db *db, const char *key,
                                   struct store_idempotency *out);
/* Records key; STATUS_CONFLICT when it is recorded already. */
enum status store_idempotency_insert(struct db *db, const char *key,
                                     const struct store_idempotency *in,
                                     const char *now);
/* Forgets keys created before the instant given. */
enum status store_idempotency_expire(struct db *db, const char *before);

#endif
