/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Booking for a newcomer: the booking engine takes a newcomer's id in
 * place of the person's details, and fills them from the record. */
#ifndef ONESTOP_API_NEWCOMER_BOOKING_H
#define ONESTOP_API_NEWCOMER_BOOKING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "store/bookings.h"
#include "util/status.h"

/* Fills the person fields of row (given names, surname, e-mail, language)
 * from newcomer id and sets row->newcomer_id, when the caller may book for
 * that newcomer: staff for anyone's, an employer for its own sponsor's.
 * *sponsor_kvk (out) is the newcomer's sponsor, which the eligibility rules
 * judge. The strings are copied into held (a JSON array the caller keeps
 * alive as long as row is used). STATUS_NOT_FOUND for a newcomer that does
 * not exist and for one the caller may not see, alike. */
enum status newcomer_booking_fill(struct http_request *req, int64_t id,
                                  json_t *held, struct store_booking *row,
                                  const char **sponsor_kvk);

/* True when newcomer id (> 0) belongs to the sponsor of the calling
 * employer: its bookings are that employer's to see and change, whoever
 * made them. False for anyone else and on any failure. */
bool newcomer_of_employer(struct http_request *req, int64_t id);

#endif
