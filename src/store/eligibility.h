/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Eligibility: the rules of services (kind and parameters, see
 * core/eligibility.h), what each booking answered to them, and the front
 * desk's checks of the documents each person brings. Readers call a
 * function for each row; the row's strings are borrowed for the duration
 * of that call. */
#ifndef ONESTOP_STORE_ELIGIBILITY_H
#define ONESTOP_STORE_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct db;

/* One rule with its parameters, as written. */
struct store_rule {
    const char *kind; /* "recognised-sponsor", ... */
    const char *const *values;
    size_t n_values;
};

/* One row per rule parameter (value NULL for a rule without any), ordered
 * by service, rule and parameter. */
struct store_rule_row {
    const char *service_code;
    int rule_position;
    const char *kind;
    const char *value; /* NULL: the rule has no parameters */
};

typedef enum status (*store_rule_fn)(void *ctx,
                                     const struct store_rule_row *row);
/* The rules of every service, or of the one with code only_code (not
 * NULL). */
enum status store_rule_each(struct db *db, const char *only_code,
                            store_rule_fn fn, void *ctx);
/* Replaces the rules of a service. */
enum status store_rule_set(struct db *db, int64_t service_id,
                           const struct store_rule *rules, size_t n);
/* Whether the service has a rule of kind: *has (out). */
enum status store_rule_has(struct db *db, int64_t service_id, const char *kind,
                           bool *has);

/* What a booking answered to the rules; "" for what it did not give. */
struct store_booking_answers {
    char sponsor_kvk[16];
    char municipality[404]; /* up to 100 characters of UTF-8 */
    char letter_location[68];
};

/* Records a booking's answers (in its writing transaction). Nothing is
 * written when every answer is "" or NULL. */
enum status store_booking_answers_set(struct db *db, int64_t booking_id,
                                      const char *sponsor_kvk,
                                      const char *municipality,
                                      const char *letter_location);
/* A booking's answers into *out; all "" when it gave none. */
enum status store_booking_answers_get(struct db *db, int64_t booking_id,
                                      struct store_booking_answers *out);

/* One ticked document of a booking. */
struct store_document_check {
    int person; /* 1-based */
    const char *service_code;
    int position;           /* service_documents.position */
    const char *checked_by; /* username */
    const char *checked_at; /* UTC instant */
};

typedef enum status (*store_document_check_fn)(
    void *ctx, const struct store_document_check *row);
/* The ticked documents of a booking. */
enum status store_document_check_each(struct db *db, int64_t booking_id,
                                      store_document_check_fn fn, void *ctx);
/* Ticks (checked) or unticks a document of a booking's person. Ticking a
 * ticked one keeps who ticked it first. */
enum status store_document_check_set(struct db *db, int64_t booking_id,
                                     int person, int64_t service_id,
                                     int position, bool checked,
                                     int64_t user_id, const char *now);

#endif
