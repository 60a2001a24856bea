/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Helpers shared by the store files. */
#include "store/rows.h"

enum status
rows_each(struct db_stmt *st,
          enum status (*read)(struct db_stmt *st, void *ctx), void *ctx,
          size_t *count)
{
    bool row = true;
    enum status s = STATUS_OK;

    *count = 0;
    while (s == STATUS_OK) {
        s = db_step(st, &row);
        if (s != STATUS_OK || !row) {
            break;
        }
        (*count)++;
        s = read(st, ctx);
    }
    (void)db_run(st);
    return s;
}

enum status
rows_returning_id(struct db_stmt *st, int64_t *id)
{
    bool row = false;
    enum status s = db_step(st, &row);

    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK && id != NULL) {
        *id = db_column_int(st, 0);
    }
    (void)db_run(st);
    return s;
}

void
rows_bind_ref(struct db_stmt *st, int n, int64_t id)
{
    if (id > 0) {
        db_bind_int(st, n, id);
    } else {
        db_bind_null(st, n);
    }
}

void
rows_bind_minute(struct db_stmt *st, int n, int minute)
{
    if (minute >= 0) {
        db_bind_int(st, n, minute);
    } else {
        db_bind_null(st, n);
    }
}
