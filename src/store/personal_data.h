/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The keys that have sealed personal data in a database (their ids, never
 * the keys): so that a program started with the wrong key file finds out
 * before it seals anything with it or fails to find what it hashed. */
#ifndef ONESTOP_STORE_PERSONAL_DATA_H
#define ONESTOP_STORE_PERSONAL_DATA_H

#include "util/sealed.h"
#include "util/status.h"

struct db;

/* Records key as one that seals data in this database, unless it is
 * already recorded. Call inside the transaction that writes the first
 * value sealed with it. */
enum status store_personal_data_key_use(struct db *db,
                                        const struct sealed_key *key);

/* Checks key against the database: STATUS_OK when it is recorded, or when
 * no key is recorded yet (a new database); STATUS_CONFLICT when other keys
 * are recorded and this one is not (the wrong key file: data sealed here
 * would not open with it). Records nothing. */
enum status store_personal_data_key_check(struct db *db,
                                          const struct sealed_key *key);

#endif
