/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the waiting-room display shows of a location's day, read from the
 * floor's tables: the ticket called to (or served at) each desk and the
 * latest calls. Ticket numbers and desk names only, never a person. */
#ifndef ONESTOP_STORE_DISPLAY_H
#define ONESTOP_STORE_DISPLAY_H

#include <stdint.h>

#include "db/db.h"

/* At most this many latest calls are read. */
#define STORE_DISPLAY_RECENT_MAX 50

/* One ticket at a desk. Strings are borrowed for the callback's duration. */
struct store_display_call {
    int64_t desk_id;
    const char *desk_code;
    const char *desk_en;
    const char *desk_nl;
    const char *ticket;
    const char *called_at; /* UTC ISO 8601 */
    const char *state;     /* desks: "called" or "serving"; recent: "" */
};

typedef enum status (*store_display_fn)(void *ctx,
                                        const struct store_display_call *row);

/* The tickets called or being served at the desks of location_id on date
 * (YYYY-MM-DD), ordered by desk code. */
enum status store_display_desks(struct db *db, int64_t location_id,
                                const char *date, store_display_fn fn,
                                void *ctx);
/* The latest calls and recalls of that day, newest first, at most limit
 * (1..STORE_DISPLAY_RECENT_MAX). */
enum status store_display_recent(struct db *db, int64_t location_id,
                                 const char *date, int limit,
                                 store_display_fn fn, void *ctx);

#endif
