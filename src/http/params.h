/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Reading query arguments and path arguments with bounds, naming each bad
 * one in an invalidParams array. */
#ifndef ONESTOP_HTTP_PARAMS_H
#define ONESTOP_HTTP_PARAMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "http/request.h"

/* A whole-number query argument in min..max. Absent: *out unchanged, true.
 * Bad: appends to invalid, returns false. */
bool params_query_int(struct http_request *req, const char *name, long min,
                      long max, long *out, json_t *invalid);
/* A YYYY-MM-DD query argument; *present tells whether it was given. */
bool params_query_date(struct http_request *req, const char *name,
                       struct date *out, bool *present, json_t *invalid);
/* Path argument index as a positive database id; false (and 404 replied
 * into req) when it is not one. */
bool params_path_id(struct http_request *req, size_t index, int64_t *out);

#endif
