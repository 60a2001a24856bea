/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The JSON form of a closure, shared by the closures and opening-hours
 * answers. */
#ifndef ONESTOP_API_CLOSURE_JSON_H
#define ONESTOP_API_CLOSURE_JSON_H

#include <jansson.h>

#include "store/catalogue.h"

/* New reference, or NULL when out of memory. */
json_t *closure_json(const struct store_closure *row);

#endif
