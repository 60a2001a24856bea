/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Creating accounts, shared by the API and the `onestop user add` command
 * so that both apply the same rules. */
#ifndef ONESTOP_API_USERS_H
#define ONESTOP_API_USERS_H

#include <jansson.h>
#include <stdint.h>

#include "util/status.h"

struct db;

struct users_input {
    const char *username;
    const char *display_name;
    const char *role;
    const char *password;
    const char *agency;      /* agency code, officers; NULL otherwise */
    int64_t desk_id;         /* officers at a desk; 0 otherwise */
    const char *sponsor_kvk; /* employers; NULL otherwise */
};

/* Checks the input and creates the account with an Argon2id hash of the
 * password. On STATUS_INPUT, invalid (an invalidParams array) names each
 * bad field (with the API's field names); STATUS_CONFLICT when the
 * username is taken. */
enum status users_create(struct db *db, const struct users_input *in,
                         json_t *invalid, int64_t *id);

#endif
