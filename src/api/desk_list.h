/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The JSON form of desks with their services, hours and breaks, shared by
 * the desks answers and the public opening-hours page. */
#ifndef ONESTOP_API_DESK_LIST_H
#define ONESTOP_API_DESK_LIST_H

#include <jansson.h>
#include <stdint.h>

#include "util/status.h"

struct db;

/* Appends to desks (an array) the desks of a location (0 = all), or only
 * the one with only_id, each with services, hours and breaks. */
enum status desk_list_load(struct db *db, int64_t location_id,
                           int64_t only_id, json_t *desks);

#endif
