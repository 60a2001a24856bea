/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Small helpers shared by the store files: run a statement that returns
 * one id (INSERT/UPDATE ... RETURNING id), and bind optional values. */
#ifndef ONESTOP_STORE_ROWS_H
#define ONESTOP_STORE_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Steps a prepared query to its end, calling read for each row; stops at
 * the first error of read. *count (out): rows read. Resets st. */
enum status rows_each(struct db_stmt *st,
                      enum status (*read)(struct db_stmt *st, void *ctx),
                      void *ctx, size_t *count);
/* Steps st once and reads column 0 as an id: STATUS_NOT_FOUND when no row
 * came back (an UPDATE that matched nothing). *id may be NULL. Resets st. */
enum status rows_returning_id(struct db_stmt *st, int64_t *id);
/* Binds id, or NULL when id <= 0. */
void rows_bind_ref(struct db_stmt *st, int n, int64_t id);
/* Binds a minute of day, or NULL when minute < 0. */
void rows_bind_minute(struct db_stmt *st, int n, int minute);

#endif
