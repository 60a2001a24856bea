/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The one status type every layer returns; results go through out-parameters
 * that are set only when the status is STATUS_OK. */
#ifndef ONESTOP_UTIL_STATUS_H
#define ONESTOP_UTIL_STATUS_H

enum status {
    STATUS_OK = 0,
    STATUS_NOMEM,     /* an allocation failed */
    STATUS_INPUT,     /* the caller's input is invalid */
    STATUS_NOT_FOUND, /* no such row or object */
    STATUS_CONFLICT,  /* a uniqueness or state conflict */
    STATUS_FORBIDDEN, /* not allowed for this caller */
    STATUS_RETRY,     /* transient: busy or serialization failure */
    STATUS_INTERNAL,  /* our bug or an environment failure */
    STATUS_COUNT
};

/* Short English name of a status, for logs. Never NULL. */
const char *status_name(enum status st);

#endif
