/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the personal_data_keys table. */
#include "store/personal_data.h"

#include <stdbool.h>

#include "db/db.h"
#include "util/clock.h"

enum status
store_personal_data_key_use(struct db *db, const struct sealed_key *key)
{
    struct db_stmt *st = NULL;
    char id[SEALED_KEY_ID_TEXT];
    char now[CLOCK_ISO_TEXT];
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO personal_data_keys (key_id, first_used_at) "
                   "VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, id);
    clock_format_utc(clock_now(), now);
    db_bind_text(st, 1, id);
    db_bind_text(st, 2, now);
    return db_run(st);
}

enum status
store_personal_data_key_check(struct db *db, const struct sealed_key *key)
{
    struct db_stmt *st = NULL;
    char id[SEALED_KEY_ID_TEXT];
    bool row = false;
    int64_t known = 0;
    int64_t ours = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*), "
                   "COALESCE(SUM(CASE WHEN key_id = $1 THEN 1 ELSE 0 END), 0) "
                   "FROM personal_data_keys",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    sealed_key_id(key, id);
    db_bind_text(st, 1, id);
    s = db_step(st, &row);
    if (s == STATUS_OK && row) {
        known = db_column_int(st, 0);
        ours = db_column_int(st, 1);
    }
    (void)db_run(st);
    if (s != STATUS_OK) {
        return s;
    }
    return known == 0 || ours > 0 ? STATUS_OK : STATUS_CONFLICT;
}
