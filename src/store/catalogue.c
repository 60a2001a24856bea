/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* SQL of the catalogue. */
#include "store/catalogue.h"

#include "db/db.h"
#include "store/rows.h"

/* ---- locations ---- */

struct location_visit {
    store_location_fn fn;
    void *ctx;
};

static enum status
location_read(struct db_stmt *st, void *ctx)
{
    struct location_visit *v = ctx;
    struct store_location row = {
        .id = db_column_int(st, 0),
        .code = db_column_text(st, 1),
        .name_en = db_column_text(st, 2),
        .name_nl = db_column_text(st, 3),
        .address = db_column_text(st, 4),
        .time_zone = db_column_text(st, 5),
        .slot_minutes = (int)db_column_int(st, 6),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_location_each(struct db *db, int64_t only_id, store_location_fn fn,
                    void *ctx)
{
    struct location_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT id, code, name_en, name_nl, address, time_zone, "
                   "slot_minutes "
                   "FROM locations WHERE ($1 = 0 OR id = $1) ORDER BY code",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, only_id);
    s = rows_each(st, location_read, &v, &count);
    if (s == STATUS_OK && only_id > 0 && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

static void
location_bind(struct db_stmt *st, const struct store_location *in)
{
    db_bind_text(st, 1, in->code);
    db_bind_text(st, 2, in->name_en);
    db_bind_text(st, 3, in->name_nl);
    db_bind_text(st, 4, in->address);
    db_bind_text(st, 5, in->time_zone);
    db_bind_int(st, 6, in->slot_minutes);
}

enum status
store_location_insert(struct db *db, const struct store_location *in,
                      int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO locations (code, name_en, name_nl, address, "
                   "time_zone, slot_minutes) VALUES ($1, $2, $3, $4, $5, $6) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    location_bind(st, in);
    return rows_returning_id(st, id);
}

enum status
store_location_update(struct db *db, const struct store_location *in)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(
        db,
        "UPDATE locations SET code = $1, name_en = $2, name_nl = $3, "
        "address = $4, time_zone = $5, slot_minutes = $6 "
        "WHERE id = $7 "
        "RETURNING id",
        &st);
    if (s != STATUS_OK) {
        return s;
    }
    location_bind(st, in);
    db_bind_int(st, 7, in->id);
    return rows_returning_id(st, NULL);
}

/* ---- agencies ---- */

struct agency_visit {
    store_agency_fn fn;
    void *ctx;
};

static enum status
agency_read(struct db_stmt *st, void *ctx)
{
    struct agency_visit *v = ctx;
    struct store_agency row = {
        .id = db_column_int(st, 0),
        .code = db_column_text(st, 1),
        .name_en = db_column_text(st, 2),
        .name_nl = db_column_text(st, 3),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_agency_each(struct db *db, const char *only_code, store_agency_fn fn,
                  void *ctx)
{
    struct agency_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT id, code, name_en, name_nl FROM agencies "
                   "WHERE ($1 = '' OR code = $1) ORDER BY code",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, only_code ? only_code : "");
    s = rows_each(st, agency_read, &v, &count);
    if (s == STATUS_OK && only_code != NULL && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

enum status
store_agency_insert(struct db *db, const struct store_agency *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO agencies (code, name_en, name_nl) "
                   "VALUES ($1, $2, $3) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, in->code);
    db_bind_text(st, 2, in->name_en);
    db_bind_text(st, 3, in->name_nl);
    return rows_returning_id(st, id);
}

enum status
store_agency_update(struct db *db, const struct store_agency *in)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE agencies SET name_en = $2, name_nl = $3 "
                   "WHERE code = $1 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, in->code);
    db_bind_text(st, 2, in->name_en);
    db_bind_text(st, 3, in->name_nl);
    return rows_returning_id(st, NULL);
}

enum status
store_agency_id(struct db *db, const char *code, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "SELECT id FROM agencies WHERE code = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, code);
    return rows_returning_id(st, id);
}

/* ---- services ---- */

struct service_visit {
    store_service_fn fn;
    void *ctx;
};

static enum status
service_read(struct db_stmt *st, void *ctx)
{
    struct service_visit *v = ctx;
    struct store_service row = {
        .id = db_column_int(st, 0),
        .code = db_column_text(st, 1),
        .agency_id = db_column_int(st, 2),
        .agency_code = db_column_text(st, 3),
        .agency_name_en = db_column_text(st, 4),
        .agency_name_nl = db_column_text(st, 5),
        .name_en = db_column_text(st, 6),
        .name_nl = db_column_text(st, 7),
        .description_en = db_column_text(st, 8),
        .description_nl = db_column_text(st, 9),
        .minutes = (int)db_column_int(st, 10),
        .extra_minutes_per_person = (int)db_column_int(st, 11),
        .bookable_by = (unsigned int)db_column_int(st, 12),
        .reschedule_allowed = db_column_int(st, 13) != 0,
        .active = db_column_int(st, 14) != 0,
        .outcome = db_column_text(st, 15),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_service_each(struct db *db, const char *only_code, store_service_fn fn,
                   void *ctx)
{
    struct service_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT s.id, s.code, s.agency_id, a.code, a.name_en, "
                   "a.name_nl, s.name_en, s.name_nl, s.description_en, "
                   "s.description_nl, s.minutes, s.extra_minutes_per_person, "
                   "s.bookable_by, s.reschedule_allowed, s.active, s.outcome "
                   "FROM services s JOIN agencies a ON a.id = s.agency_id "
                   "WHERE ($1 = '' OR s.code = $1) ORDER BY s.id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, only_code ? only_code : "");
    s = rows_each(st, service_read, &v, &count);
    if (s == STATUS_OK && only_code != NULL && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

struct pair_visit {
    enum status (*fn)(void *ctx, const char *a, const char *b);
    void *ctx;
};

static enum status
pair_read(struct db_stmt *st, void *ctx)
{
    struct pair_visit *v = ctx;
    return v->fn(v->ctx, db_column_text(st, 0), db_column_text(st, 1));
}

enum status
store_service_prereq_each(struct db *db,
                          enum status (*fn)(void *ctx, const char *service_code,
                                            const char *requires_code),
                          void *ctx)
{
    struct pair_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT s.code, r.code FROM service_prerequisites p "
                   "JOIN services s ON s.id = p.service_id "
                   "JOIN services r ON r.id = p.requires_id "
                   "ORDER BY s.id, r.id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    return rows_each(st, pair_read, &v, &count);
}

struct document_visit {
    enum status (*fn)(void *ctx, const char *service_code, const char *en,
                      const char *nl);
    void *ctx;
};

static enum status
document_read(struct db_stmt *st, void *ctx)
{
    struct document_visit *v = ctx;
    return v->fn(v->ctx, db_column_text(st, 0), db_column_text(st, 1),
                 db_column_text(st, 2));
}

enum status
store_service_document_each(struct db *db,
                            enum status (*fn)(void *ctx,
                                              const char *service_code,
                                              const char *en, const char *nl),
                            void *ctx)
{
    struct document_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT s.code, d.text_en, d.text_nl "
                   "FROM service_documents d "
                   "JOIN services s ON s.id = d.service_id "
                   "ORDER BY s.id, d.position",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    return rows_each(st, document_read, &v, &count);
}

static void
service_bind(struct db_stmt *st, const struct store_service *in)
{
    db_bind_text(st, 1, in->code);
    db_bind_int(st, 2, in->agency_id);
    db_bind_text(st, 3, in->name_en);
    db_bind_text(st, 4, in->name_nl);
    db_bind_text(st, 5, in->description_en);
    db_bind_text(st, 6, in->description_nl);
    db_bind_int(st, 7, in->minutes);
    db_bind_int(st, 8, in->extra_minutes_per_person);
    db_bind_int(st, 9, in->bookable_by);
    db_bind_int(st, 10, in->reschedule_allowed ? 1 : 0);
    db_bind_int(st, 11, in->active ? 1 : 0);
    db_bind_text(st, 12, in->outcome);
}

enum status
store_service_insert(struct db *db, const struct store_service *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO services (code, agency_id, name_en, name_nl, "
                   "description_en, description_nl, minutes, "
                   "extra_minutes_per_person, bookable_by, "
                   "reschedule_allowed, active, outcome) VALUES ($1, $2, $3, "
                   "$4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12, 'none')) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    service_bind(st, in);
    return rows_returning_id(st, id);
}

enum status
store_service_update(struct db *db, const struct store_service *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE services SET agency_id = $2, name_en = $3, "
                   "name_nl = $4, description_en = $5, description_nl = $6, "
                   "minutes = $7, extra_minutes_per_person = $8, "
                   "bookable_by = $9, reschedule_allowed = $10, active = $11, "
                   "outcome = COALESCE($12, outcome) "
                   "WHERE code = $1 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    service_bind(st, in);
    return rows_returning_id(st, id);
}

enum status
store_service_find(struct db *db, const char *code, int64_t *id,
                   int64_t *agency_id)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum status s;

    s = db_prepare(db, "SELECT id, agency_id FROM services WHERE code = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_text(st, 1, code);
    s = db_step(st, &row);
    if (s == STATUS_OK && !row) {
        s = STATUS_NOT_FOUND;
    }
    if (s == STATUS_OK) {
        *id = db_column_int(st, 0);
        *agency_id = db_column_int(st, 1);
    }
    (void)db_run(st);
    return s;
}

enum status
store_service_foreign_desks(struct db *db, int64_t service_id,
                            int64_t agency_id, int64_t *count)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "SELECT COUNT(*) FROM desk_services ds "
                   "JOIN desks d ON d.id = ds.desk_id "
                   "WHERE ds.service_id = $1 AND d.agency_id <> $2",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, service_id);
    db_bind_int(st, 2, agency_id);
    return rows_returning_id(st, count);
}

enum status
store_service_set_prerequisites(struct db *db, int64_t service_id,
                                const int64_t *requires, size_t n)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(
        db, "DELETE FROM service_prerequisites WHERE service_id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, service_id);
    s = db_run(st);
    for (size_t i = 0; s == STATUS_OK && i < n; i++) {
        s = db_prepare(db,
                       "INSERT INTO service_prerequisites (service_id, "
                       "requires_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, service_id);
            db_bind_int(st, 2, requires[i]);
            s = db_run(st);
        }
    }
    return s;
}

enum status
store_service_set_documents(struct db *db, int64_t service_id,
                            const struct store_document *docs, size_t n)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM service_documents WHERE service_id = $1",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, service_id);
    s = db_run(st);
    for (size_t i = 0; s == STATUS_OK && i < n; i++) {
        s = db_prepare(db,
                       "INSERT INTO service_documents (service_id, position, "
                       "text_en, text_nl) VALUES ($1, $2, $3, $4)",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, service_id);
            db_bind_int(st, 2, (int64_t)i + 1);
            db_bind_text(st, 3, docs[i].en);
            db_bind_text(st, 4, docs[i].nl);
            s = db_run(st);
        }
    }
    return s;
}

/* ---- desks ---- */

struct desk_visit {
    store_desk_fn fn;
    void *ctx;
};

static enum status
desk_read(struct db_stmt *st, void *ctx)
{
    struct desk_visit *v = ctx;
    struct store_desk row = {
        .id = db_column_int(st, 0),
        .location_id = db_column_int(st, 1),
        .agency_id = db_column_int(st, 2),
        .agency_code = db_column_text(st, 3),
        .code = db_column_text(st, 4),
        .name_en = db_column_text(st, 5),
        .name_nl = db_column_text(st, 6),
        .active = db_column_int(st, 7) != 0,
        .slot_minutes = (int)db_column_int(st, 8),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_desk_each(struct db *db, int64_t location_id, int64_t only_id,
                store_desk_fn fn, void *ctx)
{
    struct desk_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT d.id, d.location_id, d.agency_id, a.code, d.code, "
                   "d.name_en, d.name_nl, d.active, l.slot_minutes "
                   "FROM desks d JOIN agencies a ON a.id = d.agency_id "
                   "JOIN locations l ON l.id = d.location_id "
                   "WHERE ($1 = 0 OR d.location_id = $1) "
                   "AND ($2 = 0 OR d.id = $2) "
                   "ORDER BY d.location_id, d.code",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_int(st, 2, only_id);
    s = rows_each(st, desk_read, &v, &count);
    if (s == STATUS_OK && only_id > 0 && count == 0) {
        s = STATUS_NOT_FOUND;
    }
    return s;
}

struct desk_service_visit {
    enum status (*fn)(void *ctx, int64_t desk_id, const char *service_code);
    void *ctx;
};

static enum status
desk_service_read(struct db_stmt *st, void *ctx)
{
    struct desk_service_visit *v = ctx;
    return v->fn(v->ctx, db_column_int(st, 0), db_column_text(st, 1));
}

enum status
store_desk_service_each(struct db *db, int64_t location_id,
                        enum status (*fn)(void *ctx, int64_t desk_id,
                                          const char *service_code),
                        void *ctx)
{
    struct desk_service_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT ds.desk_id, s.code FROM desk_services ds "
                   "JOIN services s ON s.id = ds.service_id "
                   "JOIN desks d ON d.id = ds.desk_id "
                   "WHERE ($1 = 0 OR d.location_id = $1) "
                   "ORDER BY ds.desk_id, s.id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    return rows_each(st, desk_service_read, &v, &count);
}

struct desk_hours_visit {
    enum status (*fn)(void *ctx, int64_t desk_id, bool is_break,
                      const struct hours_interval *interval);
    void *ctx;
};

static enum status
desk_hours_read(struct db_stmt *st, void *ctx)
{
    struct desk_hours_visit *v = ctx;
    struct hours_interval iv = {
        .weekday = (int)db_column_int(st, 2),
        .start = (int)db_column_int(st, 3),
        .end = (int)db_column_int(st, 4),
    };
    return v->fn(v->ctx, db_column_int(st, 0), db_column_int(st, 1) != 0, &iv);
}

enum status
store_desk_hours_each(struct db *db, int64_t location_id,
                      enum status (*fn)(void *ctx, int64_t desk_id,
                                        bool is_break,
                                        const struct hours_interval *interval),
                      void *ctx)
{
    struct desk_hours_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT h.desk_id, 0, h.weekday, h.opens, h.closes "
                   "FROM desk_hours h JOIN desks d ON d.id = h.desk_id "
                   "WHERE ($1 = 0 OR d.location_id = $1) "
                   "UNION ALL "
                   "SELECT b.desk_id, 1, b.weekday, b.starts, b.ends "
                   "FROM desk_breaks b JOIN desks d ON d.id = b.desk_id "
                   "WHERE ($1 = 0 OR d.location_id = $1) "
                   "ORDER BY 1, 2, 3, 4",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    return rows_each(st, desk_hours_read, &v, &count);
}

static void
desk_bind(struct db_stmt *st, const struct store_desk *in)
{
    db_bind_int(st, 1, in->location_id);
    db_bind_int(st, 2, in->agency_id);
    db_bind_text(st, 3, in->code);
    db_bind_text(st, 4, in->name_en);
    db_bind_text(st, 5, in->name_nl);
    db_bind_int(st, 6, in->active ? 1 : 0);
}

enum status
store_desk_insert(struct db *db, const struct store_desk *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO desks (location_id, agency_id, code, name_en, "
                   "name_nl, active) VALUES ($1, $2, $3, $4, $5, $6) "
                   "RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    desk_bind(st, in);
    return rows_returning_id(st, id);
}

enum status
store_desk_update(struct db *db, const struct store_desk *in)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "UPDATE desks SET location_id = $1, agency_id = $2, "
                   "code = $3, name_en = $4, name_nl = $5, active = $6 "
                   "WHERE id = $7 RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    desk_bind(st, in);
    db_bind_int(st, 7, in->id);
    return rows_returning_id(st, NULL);
}

enum status
store_desk_set_services(struct db *db, int64_t desk_id,
                        const int64_t *service_ids, size_t n)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM desk_services WHERE desk_id = $1", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, desk_id);
    s = db_run(st);
    for (size_t i = 0; s == STATUS_OK && i < n; i++) {
        s = db_prepare(db,
                       "INSERT INTO desk_services (desk_id, service_id) "
                       "VALUES ($1, $2) ON CONFLICT DO NOTHING",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, desk_id);
            db_bind_int(st, 2, service_ids[i]);
            s = db_run(st);
        }
    }
    return s;
}

enum status
store_desk_set_hours(struct db *db, int64_t desk_id,
                     const struct hours_interval *open, size_t n_open,
                     const struct hours_interval *breaks, size_t n_breaks)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM desk_hours WHERE desk_id = $1", &st);
    if (s == STATUS_OK) {
        db_bind_int(st, 1, desk_id);
        s = db_run(st);
    }
    if (s == STATUS_OK) {
        s = db_prepare(db, "DELETE FROM desk_breaks WHERE desk_id = $1", &st);
    }
    if (s == STATUS_OK) {
        db_bind_int(st, 1, desk_id);
        s = db_run(st);
    }
    for (size_t i = 0; s == STATUS_OK && i < n_open; i++) {
        s = db_prepare(db,
                       "INSERT INTO desk_hours (desk_id, weekday, opens, "
                       "closes) VALUES ($1, $2, $3, $4)",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, desk_id);
            db_bind_int(st, 2, open[i].weekday);
            db_bind_int(st, 3, open[i].start);
            db_bind_int(st, 4, open[i].end);
            s = db_run(st);
        }
    }
    for (size_t i = 0; s == STATUS_OK && i < n_breaks; i++) {
        s = db_prepare(db,
                       "INSERT INTO desk_breaks (desk_id, weekday, starts, "
                       "ends) VALUES ($1, $2, $3, $4)",
                       &st);
        if (s == STATUS_OK) {
            db_bind_int(st, 1, desk_id);
            db_bind_int(st, 2, breaks[i].weekday);
            db_bind_int(st, 3, breaks[i].start);
            db_bind_int(st, 4, breaks[i].end);
            s = db_run(st);
        }
    }
    return s;
}

/* ---- closures ---- */

struct closure_visit {
    store_closure_fn fn;
    void *ctx;
};

static enum status
closure_read(struct db_stmt *st, void *ctx)
{
    struct closure_visit *v = ctx;
    struct store_closure row = {
        .id = db_column_int(st, 0),
        .location_id = db_column_int(st, 1),
        .desk_id = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2),
        .date = db_column_text(st, 3),
        .starts = db_column_is_null(st, 4) ? -1 : (int)db_column_int(st, 4),
        .ends = db_column_is_null(st, 5) ? -1 : (int)db_column_int(st, 5),
        .kind = db_column_text(st, 6),
        .reason_en = db_column_text(st, 7),
        .reason_nl = db_column_text(st, 8),
    };
    return v->fn(v->ctx, &row);
}

enum status
store_closure_each(struct db *db, int64_t location_id, const char *from,
                   const char *to, store_closure_fn fn, void *ctx)
{
    struct closure_visit v = {fn, ctx};
    struct db_stmt *st = NULL;
    size_t count = 0;
    enum status s;

    s = db_prepare(db,
                   "SELECT id, location_id, desk_id, date, starts, ends, kind, "
                   "reason_en, reason_nl FROM closures "
                   "WHERE location_id = $1 AND date >= $2 AND date <= $3 "
                   "ORDER BY date, id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    return rows_each(st, closure_read, &v, &count);
}

enum status
store_closure_insert(struct db *db, const struct store_closure *in, int64_t *id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db,
                   "INSERT INTO closures (location_id, desk_id, date, starts, "
                   "ends, kind, reason_en, reason_nl) VALUES ($1, $2, $3, $4, "
                   "$5, $6, $7, $8) RETURNING id",
                   &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, in->location_id);
    rows_bind_ref(st, 2, in->desk_id);
    db_bind_text(st, 3, in->date);
    rows_bind_minute(st, 4, in->starts);
    rows_bind_minute(st, 5, in->ends);
    db_bind_text(st, 6, in->kind);
    db_bind_text(st, 7, in->reason_en);
    db_bind_text(st, 8, in->reason_nl);
    return rows_returning_id(st, id);
}

enum status
store_closure_delete(struct db *db, int64_t id)
{
    struct db_stmt *st = NULL;
    enum status s;

    s = db_prepare(db, "DELETE FROM closures WHERE id = $1 RETURNING id", &st);
    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, id);
    return rows_returning_id(st, NULL);
}

/* ---- counts ---- */

enum status
store_service_count(struct db *db, int64_t *n)
{
    struct db_stmt *st = NULL;
    enum status s = db_prepare(db, "SELECT count(*) FROM services", &st);

    return s == STATUS_OK ? rows_returning_id(st, n) : s;
}

enum status
store_desk_count(struct db *db, int64_t location_id, int64_t *n)
{
    struct db_stmt *st = NULL;
    enum status s = db_prepare(
        db, "SELECT count(*) FROM desks WHERE location_id = $1", &st);

    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    return rows_returning_id(st, n);
}

enum status
store_location_future_bookings(struct db *db, int64_t location_id,
                               const char *from, int64_t *n)
{
    struct db_stmt *st = NULL;
    enum status s = db_prepare(db,
                               "SELECT count(*) FROM bookings WHERE "
                               "location_id = $1 AND visit_date >= $2 AND "
                               "status = 'booked'",
                               &st);

    if (s != STATUS_OK) {
        return s;
    }
    db_bind_int(st, 1, location_id);
    db_bind_text(st, 2, from);
    return rows_returning_id(st, n);
}
