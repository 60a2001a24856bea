/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The audit log: who did what, when (UTC), from where, with what result.
 * It holds ids, never passwords, tokens or personal data. */
#ifndef ONESTOP_STORE_AUDIT_H
#define ONESTOP_STORE_AUDIT_H

#include <stdint.h>

#include "util/status.h"

struct db;

struct store_audit_event {
    int64_t id;
    const char *at;      /* UTC ISO 8601 */
    int64_t actor_id;    /* 0 = anonymous */
    const char *actor;   /* username, or "-" */
    const char *action;  /* "signin", "signout", "location.update", ... */
    const char *object;  /* "user:3", "desk:7", "" */
    const char *address; /* client address */
    const char *result;  /* "ok", "failure", "locked", "refused" */
    const char *detail;  /* short, free of personal data */
};

/* Appends an event; at is filled with now when NULL. */
enum status store_audit_add(struct db *db, const struct store_audit_event *ev);
/* Calls fn for up to limit events, newest first, with ids below before
 * (0 = from the newest). The event's strings are borrowed for the call. */
enum status store_audit_each(struct db *db, int limit, int64_t before,
                             enum status (*fn)(void *ctx,
                                               const struct store_audit_event *ev),
                             void *ctx);

#endif
