/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The front desk's checks of the documents each person brings. */
#ifndef ONESTOP_API_BOOKING_DOCUMENTS_H
#define ONESTOP_API_BOOKING_DOCUMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "util/status.h"

struct db;

/* Marks each item of booking's documentsPerPerson (booking_json_load's
 * form) checked true (with checkedBy and checkedAt) or false, and adds the
 * unchecked counts: "missing" per person and "documentsMissing" in all.
 * For staff only. */
enum status booking_documents_mark(struct db *db, int64_t booking_id,
                                   json_t *booking);

#endif
