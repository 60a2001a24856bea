/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the waiting-room display (see display.h). */
#include "store/display.h"

#include "store/rows.h"

struct display_visit {
    store_display_fn fn;
    void *ctx;
};

static enum status
display_read(struct db_stmt *st, void *ctx)
{
    struct display_visit *v = ctx;
    struct store_display_call row = {
        .desk_id = db_column_int(st, 0),
        .desk_code = db_column_text(st, 1),
        .desk_en = db_column_text(st, 2),
        .desk_nl = db_column_text(st, 3),
        .ticket = db_column_text(st, 4),
        .called_at = db_column_text(st, 5),
        .state = db_column_text(st, 6),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_display_desks(struct db *db, int64_t location_id, const char *date,
                    store_display_fn fn, void *ctx)
{
    struct display_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT d.id, d.code, d.name_en, d.name_nl, v.ticket, "
                   "COALESCE(l.last_called_at, l.called_at, ''), l.state "
                   "FROM visit_legs l "
                   "JOIN visits v ON v.id = l.visit_id "
                   "JOIN desks d ON d.id = l.called_desk_id "
                   "WHERE v.location_id = $1 AND v.visit_date = $2 "
                   "AND l.state IN ('called', 'serving') "
                   "ORDER BY d.code, l.last_called_at",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    return rows_each(st, display_read, &v, &count);
}

enum status
store_display_recent(struct db *db, int64_t location_id, const char *date,
                     int limit, store_display_fn fn, void *ctx)
{
    struct display_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    if (limit < 1 || limit > STORE_DISPLAY_RECENT_MAX) {
        return STATUS_INPUT;
    }
    /* floor_events holds one row per step; a call and a recall each put
     * the ticket on the screen again. */
    s = db_prepare(db,
                   "SELECT d.id, d.code, d.name_en, d.name_nl, v.ticket, "
                   "e.at, '' "
                   "FROM floor_events e "
                   "JOIN visits v ON v.id = e.visit_id "
                   "JOIN desks d ON d.id = e.desk_id "
                   "WHERE e.location_id = $1 AND e.visit_date = $2 "
                   "AND e.kind IN ('call', 'recall') "
                   "ORDER BY e.id DESC LIMIT $3",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, date);
    db_bind_int(st, 3, limit);
    return rows_each(st, display_read, &v, &count);
}
