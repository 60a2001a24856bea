/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The demonstration's newcomers and their visits (see demo_newcomers.c). */
#ifndef ONESTOP_CLI_DEMO_NEWCOMERS_H
#define ONESTOP_CLI_DEMO_NEWCOMERS_H

#include <stddef.h>

#include "util/sealed.h"
#include "util/status.h"

struct db;

/* Adds the demonstration's newcomers to a demonstration database (its
 * catalogue and sponsor register made), their numbers sealed with key,
 * and books visits for some on the coming weekdays, in one transaction.
 * *added and *booked (out) count what was made. */
enum status demo_newcomers_add(struct db *db, const struct sealed_key *key,
                               size_t *added, size_t *booked);

#endif
