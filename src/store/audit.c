/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the audit log. */
#include "store/audit.h"

#include "db/db.h"
#include "util/clock.h"

enum status
store_audit_add(struct db *db, const struct store_audit_event *ev)
{
    struct db_stmt *st = NULL;
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO audit_log (at, actor_user_id, actor, action, "
                   "object, address, result, detail) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, ev->at ? ev->at : now);
    if (ev->actor_id > 0) {
        db_bind_int(st, 2, ev->actor_id);
    } else {
        db_bind_null(st, 2);
    }
    db_bind_text(st, 3, ev->actor ? ev->actor : "-");
    db_bind_text(st, 4, ev->action);
    db_bind_text(st, 5, ev->object ? ev->object : "");
    db_bind_text(st, 6, ev->address ? ev->address : "");
    db_bind_text(st, 7, ev->result);
    db_bind_text(st, 8, ev->detail ? ev->detail : "");
    return db_run(st);
}

enum status
store_audit_each(struct db *db, int limit, int64_t before,
                 enum status (*fn)(void *ctx,
                                   const struct store_audit_event *ev),
                 void *ctx)
{
    struct db_stmt *st = NULL;
    bool row = true;
    enum status s;

    s = db_prepare(db,
                   "SELECT id, at, COALESCE(actor_user_id, 0), actor, action, "
                   "object, address, result, detail FROM audit_log "
                   "WHERE ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, limit);
    db_bind_int(st, 2, before);
    while (s == STATUS_OK) {
        struct store_audit_event ev;
        s = db_step(st, &row);
        if (s != STATUS_OK || !row) {
            break;
        }
        ev.id = db_column_int(st, 0);
        ev.at = db_column_text(st, 1);
        ev.actor_id = db_column_int(st, 2);
        ev.actor = db_column_text(st, 3);
        ev.action = db_column_text(st, 4);
        ev.object = db_column_text(st, 5);
        ev.address = db_column_text(st, 6);
        ev.result = db_column_text(st, 7);
        ev.detail = db_column_text(st, 8);
        s = fn(ctx, &ev);
    }
    db_run(st);
    return s;
}
