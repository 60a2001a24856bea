/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Newcomers: the people a sponsor registers before they come, and their
 * family members (a member points at its principal). The travel document
 * number and the V-number are sealed here (util/sealed.h) with the key
 * given, beside their keyed search hash, and never stored in plain text.
 * Writers run inside the caller's transaction. Readers call a function for
 * each row; the row's strings are borrowed for the duration of that
 * call. */
#ifndef ONESTOP_STORE_NEWCOMERS_H
#define ONESTOP_STORE_NEWCOMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/sealed.h"
#include "util/status.h"

struct db;

/* The fields the numbers are sealed for (associated data). */
#define STORE_NEWCOMER_TRAVEL_DOCUMENT_FIELD "newcomers.travel_document"
#define STORE_NEWCOMER_V_NUMBER_FIELD "newcomers.v_number"
/* Family members one principal may have. */
#define STORE_NEWCOMER_FAMILY_MAX 10

struct store_newcomer {
    int64_t id;
    const char *sponsor_kvk;
    int64_t principal_id; /* 0 for a principal */
    const char *given_names;
    const char *surname;
    const char *birth_date;       /* YYYY-MM-DD */
    const char *nationality;      /* "NL" */
    const char *category;         /* core/newcomer.h codes */
    const char *expected_arrival; /* NULL when not known */
    const char *postcode;         /* "1234 AB", NULL when not known */
    const char *house_number;     /* "12A", NULL exactly when postcode is */
    const char *email;            /* "" when none */
    const char *language;         /* "en" or "nl" */
    /* Writing: the numbers in plain text, normalised (core/newcomer.h),
     * NULL when none. Reading: always NULL. */
    const char *travel_document;
    const char *v_number;
    /* Reading: the sealed values as stored, NULL when none. */
    const char *travel_document_sealed;
    const char *v_number_sealed;
    int64_t created_by; /* user id, 0 = none */
    const char *created_at;
    const char *updated_at;
};

typedef enum status (*store_newcomer_fn)(void *ctx,
                                         const struct store_newcomer *row);

/* Inserts a newcomer (sponsor_kvk, principal_id and the person's fields of
 * in), sealing its numbers with key; stamps it now; *id (out).
 * STATUS_CONFLICT when the sponsor has a newcomer with this travel
 * document number already. */
enum status store_newcomer_insert(struct db *db, const struct sealed_key *key,
                                  const struct store_newcomer *in,
                                  int64_t *id);

/* What store_newcomer_update leaves as it is. */
enum {
    STORE_NEWCOMER_KEEP_TRAVEL_DOCUMENT = 1 << 0,
    STORE_NEWCOMER_KEEP_V_NUMBER = 1 << 1,
};

/* Replaces the person's fields of newcomer id with those of in (not its
 * sponsor nor its principal); the numbers too, sealed anew, unless keep
 * says otherwise. STATUS_NOT_FOUND when there is no such newcomer,
 * STATUS_CONFLICT as for insert. */
enum status store_newcomer_update(struct db *db, const struct sealed_key *key,
                                  int64_t id, const struct store_newcomer *in,
                                  unsigned int keep);

/* Deletes newcomer id and its family members; their past and cancelled
 * bookings stay, no longer tied to them. STATUS_CONFLICT when one of them
 * has a booking still booked for today (a YYYY-MM-DD date) or later:
 * cancel it first. STATUS_NOT_FOUND when there is no such newcomer. */
enum status store_newcomer_delete(struct db *db, int64_t id,
                                  const char *today);

/* The newcomer with this id; STATUS_NOT_FOUND when there is none. */
enum status store_newcomer_get(struct db *db, int64_t id, store_newcomer_fn fn,
                               void *ctx);

struct store_newcomer_query {
    const char *sponsor_kvk; /* "" or NULL: every sponsor's */
    const char *q; /* "" or NULL, or part of the names (ASCII case folded) */
    /* "" or NULL, or the search hash of a travel document number */
    const char *travel_document_hash;
    int64_t principal_id; /* > 0: the family of this principal only */
    int limit;
};

/* Newcomers as asked, by surname, given names and id: each principal,
 * family members included (each names its principal). */
enum status store_newcomer_each(struct db *db,
                                const struct store_newcomer_query *q,
                                store_newcomer_fn fn, void *ctx);

/* The bookings of one newcomer whose floor steps count for its progress
 * (the latest ones). */
#define STORE_NEWCOMER_PROGRESS_BOOKINGS 16

/* How far a newcomer has come: the latest booking still booked for them
 * (its code and date), and the steps the floor recorded on any of their
 * bookings (store/floor.h): checked in, BSN issued (never the number),
 * residence document collected. */
struct store_newcomer_progress {
    bool booked;
    char booking_code[16]; /* "" when not booked */
    char visit_date[11];   /* "" when not booked */
    bool checked_in;
    bool bsn_issued;
    bool document_collected;
};

enum status store_newcomer_progress(struct db *db, int64_t id,
                                    struct store_newcomer_progress *out);

#endif
