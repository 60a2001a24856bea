/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The JSON form of a booking, as the visitor, the employer and the desk
 * see it: where and when, each leg, the documents to bring. */
#ifndef ONESTOP_API_BOOKING_JSON_H
#define ONESTOP_API_BOOKING_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "util/status.h"

struct db;

/* The booking with this id; *out is a new reference, set on STATUS_OK. */
enum status booking_json_load(struct db *db, int64_t booking_id,
                              json_t **out);

#endif
