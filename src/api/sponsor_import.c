/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Importing register snapshots: parse, then apply in one transaction. */
#include "api/sponsor_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "db/db.h"
#include "store/sponsors.h"
#include "util/buf.h"
#include "util/clock.h"

void
sponsor_report_init(struct sponsor_report *report)
{
    memset(report, 0, sizeof *report);
}

static void
change_list_clear(struct sponsor_change_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].name);
        free(list->items[i].old_name);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

void
sponsor_report_clear(struct sponsor_report *report)
{
    if (report == NULL) {
        return;
    }
    change_list_clear(&report->added);
    change_list_clear(&report->removed);
    change_list_clear(&report->renamed);
    sponsor_report_init(report);
}

static enum status
change_list_add(struct sponsor_change_list *list, const char *kvk,
                enum sponsor_category category, const char *name,
                const char *old_name)
{
    struct sponsor_change *c;

    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        struct sponsor_change *grown =
            realloc(list->items, cap * sizeof *grown);
        if (grown == NULL) {
            return STATUS_NOMEM;
        }
        list->items = grown;
        list->cap = cap;
    }
    c = &list->items[list->n];
    memset(c, 0, sizeof *c);
    snprintf(c->kvk, sizeof c->kvk, "%s", kvk);
    c->category = category;
    c->name = strdup(name);
    c->old_name = old_name ? strdup(old_name) : NULL;
    if (c->name == NULL || (old_name != NULL && c->old_name == NULL)) {
        free(c->name);
        free(c->old_name);
        return STATUS_NOMEM;
    }
    list->n++;
    return STATUS_OK;
}

static enum status
import_copy_name(void *ctx, const struct store_sponsor *row)
{
    char **name = ctx;

    free(*name);
    *name = strdup(row->name);
    return *name ? STATUS_OK : STATUS_NOMEM;
}

/* One row of the snapshot: a new sponsor, a new name, a new category, or
 * nothing new. */
static enum status
import_entry(struct db *db, const struct sponsor_import_input *in,
             const struct sponsor_entry *e, struct sponsor_report *r)
{
    const char *category = sponsor_category_code(e->category);
    struct store_sponsor_change change = {
        .kvk = e->kvk,
        .name = e->name,
        .snapshot_date = in->snapshot,
        .import_id = r->import_id,
    };
    char *old_name = NULL;
    bool recognised = false;
    bool changed = false;
    enum status st;

    st = store_sponsor_get(db, e->kvk, import_copy_name, &old_name);
    if (st == STATUS_NOT_FOUND) {
        st = store_sponsor_insert(db, e->kvk, e->name, in->snapshot);
    } else if (st == STATUS_OK) {
        if (strcmp(old_name, e->name) != 0) {
            change.change = "renamed";
            change.recognised = true;
            change.old_name = old_name;
            st = store_sponsor_change_add(db, &change);
            if (st == STATUS_OK) {
                st = change_list_add(&r->renamed, e->kvk, e->category, e->name,
                                     old_name);
            }
            changed = true;
        }
        if (st == STATUS_OK) {
            st = store_sponsor_seen(db, e->kvk, e->name, in->snapshot);
        }
    }
    if (st == STATUS_OK) {
        st = store_sponsor_category_get(db, e->kvk, category, &recognised);
        if (st == STATUS_NOT_FOUND) {
            recognised = false;
            st = STATUS_OK;
        }
    }
    if (st == STATUS_OK) {
        st = store_sponsor_category_set(db, e->kvk, category, true, !recognised,
                                        in->snapshot, r->import_id);
    }
    if (st == STATUS_OK && !recognised) {
        change.category = category;
        change.change = "added";
        change.recognised = true;
        change.old_name = NULL;
        st = store_sponsor_change_add(db, &change);
        if (st == STATUS_OK) {
            st = change_list_add(&r->added, e->kvk, e->category, e->name, NULL);
        }
        if (st == STATUS_OK) {
            st = store_sponsor_refresh(db, e->kvk);
        }
        changed = true;
    }
    if (st == STATUS_OK && !changed) {
        r->unchanged++;
    }
    free(old_name);
    return st;
}

struct import_unseen {
    struct sponsor_change_list list;
    enum sponsor_category category;
};

static enum status
import_collect_unseen(void *ctx, const char *kvk, const char *name)
{
    struct import_unseen *u = ctx;
    return change_list_add(&u->list, kvk, u->category, name, NULL);
}

/* Refuses (STATUS_CONFLICT, report->large_drop) a snapshot that would end
 * the recognition of removed of the sponsors recognised in category, when
 * that is more than the guard allows (see SPONSOR_DROP_PERCENT). */
static enum status
import_check_drop(struct db *db, enum sponsor_category category, size_t removed,
                  struct sponsor_report *r)
{
    int64_t recognised = 0;
    enum status st;

    st = store_sponsor_category_recognised_count(
        db, sponsor_category_code(category), &recognised);
    if (st != STATUS_OK) {
        return st;
    }
    /* Those recognised before this import: not the ones it just added. */
    for (size_t i = 0; i < r->added.n; i++) {
        recognised -= r->added.items[i].category == category;
    }
    if (removed > SPONSOR_DROP_MIN &&
        removed * 100 > (size_t)recognised * SPONSOR_DROP_PERCENT) {
        r->large_drop = true;
        r->drop_category = category;
        r->drop_removed = removed;
        r->drop_recognised = (size_t)recognised;
        return STATUS_CONFLICT;
    }
    return STATUS_OK;
}

/* Ends the recognition, in category, of every sponsor the snapshot did
 * not list. Collected first: the rows change as they are ended. */
static enum status
import_removed(struct db *db, const struct sponsor_import_input *in,
               enum sponsor_category category, struct sponsor_report *r)
{
    const char *code = sponsor_category_code(category);
    struct import_unseen u = {{NULL, 0, 0}, category};
    enum status st;

    st = store_sponsor_category_unseen_each(db, code, r->import_id,
                                            import_collect_unseen, &u);
    if (st == STATUS_OK && !in->allow_large_drop) {
        st = import_check_drop(db, category, u.list.n, r);
    }
    for (size_t i = 0; st == STATUS_OK && i < u.list.n; i++) {
        const struct sponsor_change *c = &u.list.items[i];
        struct store_sponsor_change change = {
            .kvk = c->kvk,
            .category = code,
            .change = "removed",
            .recognised = false,
            .name = c->name,
            .snapshot_date = in->snapshot,
            .import_id = r->import_id,
        };
        st = store_sponsor_category_set(db, c->kvk, code, false, true,
                                        in->snapshot, r->import_id);
        if (st == STATUS_OK) {
            st = store_sponsor_change_add(db, &change);
        }
        if (st == STATUS_OK) {
            st = store_sponsor_refresh(db, c->kvk);
        }
        if (st == STATUS_OK) {
            st = change_list_add(&r->removed, c->kvk, category, c->name, NULL);
        }
    }
    change_list_clear(&u.list);
    return st;
}

enum status
sponsor_import_entries(struct db *db, const struct sponsor_import_input *in,
                       const struct sponsor_list *entries,
                       struct sponsor_report *r)
{
    struct store_sponsor_import row = {
        .actor = in->actor,
        .file_name = in->file_name,
        .format = in->format == SPONSOR_FORMAT_HTML ? "html" : "csv",
        .snapshot_date = in->snapshot,
    };
    char categories[40] = "";
    size_t used = 0;
    enum status st = STATUS_OK;

    snprintf(r->snapshot, sizeof r->snapshot, "%s", in->snapshot);
    /* The snapshot covers its category, or the categories its rows name:
     * a CSV of one category leaves the others alone. */
    if (in->has_category) {
        r->categories[in->category] = true;
    }
    for (size_t i = 0; !in->has_category && i < entries->n; i++) {
        r->categories[entries->entries[i].category] = true;
    }
    for (int c = 0; st == STATUS_OK && c < SPONSOR_CATEGORY_COUNT; c++) {
        char latest[11];
        if (!r->categories[c]) {
            continue;
        }
        used += (size_t)snprintf(
            categories + used, sizeof categories - used, "%s%s",
            used ? "," : "", sponsor_category_code((enum sponsor_category)c));
        st = store_sponsor_latest_snapshot(
            db, sponsor_category_code((enum sponsor_category)c), latest);
        if (st == STATUS_OK && strcmp(latest, in->snapshot) > 0) {
            r->newer_category = (enum sponsor_category)c;
            snprintf(r->newer_snapshot, sizeof r->newer_snapshot, "%s", latest);
            st = STATUS_CONFLICT;
        }
    }
    row.categories = categories;
    if (st == STATUS_OK) {
        st = store_sponsor_import_insert(db, &row, &r->import_id);
    }
    for (size_t i = 0; st == STATUS_OK && i < entries->n; i++) {
        st = import_entry(db, in, &entries->entries[i], r);
    }
    for (int c = 0; st == STATUS_OK && c < SPONSOR_CATEGORY_COUNT; c++) {
        if (r->categories[c]) {
            st = import_removed(db, in, (enum sponsor_category)c, r);
        }
    }
    r->entries = entries->n;
    if (st == STATUS_OK) {
        row.id = r->import_id;
        row.entries = (int64_t)entries->n;
        row.added = (int64_t)r->added.n;
        row.removed = (int64_t)r->removed.n;
        row.renamed = (int64_t)r->renamed.n;
        st = store_sponsor_import_counts(db, &row);
    }
    return st;
}

struct import_tx {
    const struct sponsor_import_input *in;
    const struct sponsor_list *entries;
    struct sponsor_report *report;
};

static enum status
import_tx(struct db *db, void *ctx)
{
    struct import_tx *t = ctx;

    /* A retried transaction starts its report afresh. */
    sponsor_report_clear(t->report);
    return sponsor_import_entries(db, t->in, t->entries, t->report);
}

enum status
sponsor_import(struct db *db, const struct sponsor_import_input *in,
               struct sponsor_list *problems, struct sponsor_report *report)
{
    struct import_tx t = {in, problems, report};
    enum status st;

    if (in->format == SPONSOR_FORMAT_HTML) {
        if (!in->has_category) {
            problems->problems_total = 1;
            problems->n_problems = 1;
            problems->problems[0].line = 0;
            snprintf(problems->problems[0].reason, SPONSOR_REASON_MAX,
                     "a register page is of one category: give it");
            return STATUS_INPUT;
        }
        st = sponsor_parse_html(in->data, in->len, in->category, problems);
    } else {
        st = sponsor_parse_csv(in->data, in->len,
                               in->has_category ? &in->category : NULL,
                               problems);
    }
    if (st != STATUS_OK) {
        return st;
    }
    st = db_transaction(db, import_tx, &t);
    if (st == STATUS_CONFLICT) {
        /* Keep what says why (a newer snapshot, or too large a drop);
         * forget the rest. */
        struct sponsor_report why = *report;
        sponsor_report_clear(report);
        report->newer_category = why.newer_category;
        memcpy(report->newer_snapshot, why.newer_snapshot,
               sizeof why.newer_snapshot);
        report->large_drop = why.large_drop;
        report->drop_category = why.drop_category;
        report->drop_removed = why.drop_removed;
        report->drop_recognised = why.drop_recognised;
    }
    sponsor_list_clear(problems);
    return st;
}

/* How old the demonstration's snapshot of the register is. */
#define SPONSOR_DEMO_AGE_DAYS 7

/* The demonstration register: fictitious organisations of the Meuse-Rhine
 * region. The first is the shared-service centre whose HR is the demo's
 * employer account. */
static const char *const sponsor_demo_rows[][3] = {
    {"Maastricht Shared Services B.V.", "12345678", "work"},
    {"Maastricht Shared Services B.V.", "12345678", "research"},
    {"Brouwerij De Zwarte Kat & Zonen B.V.", "01234567", "work"},
    {"Limburgse Precisietechniek N.V.", "34567890", "work"},
    {"Zuyd Medical Devices B.V.", "00456789", "work"},
    {"Heerlen Data Centre B.V.", "45678901", "work"},
    {"\xc3\x89toile Software B.V.", "56789012", "work"},
    {"Sittard Chemie B.V.", "76543210", "work"},
    {"Venlo Logistics Hub B.V.", "13572468", "work"},
    {"Roermond Outlet Services B.V.", "24681357", "work"},
    {"Geleen Polymer Research B.V.", "31415926", "work"},
    {"Geleen Polymer Research B.V.", "31415926", "research"},
    {"Mosa Engineering Consultants B.V.", "27182818", "work"},
    {"Vaals Border Analytics B.V.", "16180339", "work"},
    {"Kerkrade Robotics B.V.", "14142135", "work"},
    {"Meuse Valley Pharma B.V.", "17320508", "work"},
    {"Meuse Valley Pharma B.V.", "17320508", "research"},
    {"Euregio Payroll Partners B.V.", "22360679", "work"},
    {"Caf\xc3\xa9 't Pleintje V.O.F.", "23456789", "work"},
    {"Valkenburg Hospitality Group B.V.", "26457513", "work"},
    {"Weert Semiconductor Assembly B.V.", "28284271", "work"},
    {"Tongeren-Maastricht Fintech B.V.", "30000001", "work"},
    {"Limburg Game Studios B.V.", "31622776", "work"},
    {"Aachen-Heerlen Energy Systems B.V.", "33166247", "work"},
    {"Brightlands Cell Therapy B.V.", "34641016", "work"},
    {"Brightlands Cell Therapy B.V.", "34641016", "research"},
    {"Stichting Euregio Kennislab", "78901234", "research"},
    {"Maastricht Instituut voor Toegepast Onderzoek", "67890123", "research"},
    {"Stichting Academisch Ziekenhuis Zuid", "36055512", "research"},
    {"Universiteit van de Maasvallei", "37416573", "research"},
    {"Universiteit van de Maasvallei", "37416573", "study"},
    {"Hogeschool Zuid, Maastricht", "90123456", "study"},
    {"Hotelschool Limburg B.V.", "38729833", "study"},
    {"Conservatorium Maasland", "40000002", "study"},
    {"International School Meuse-Rhine", "41231056", "study"},
    {"Au Pair Limburg", "11223344", "exchange"},
    {"Stichting Culturele Uitwisseling Euregio", "42426406", "exchange"},
    {"Youth Exchange Maastricht", "43588989", "exchange"},
};

enum status
sponsor_import_demo(struct db *db)
{
    struct sponsor_import_input in = {
        .format = SPONSOR_FORMAT_CSV,
        .file_name = "demo-register.csv",
        .actor = "demo",
    };
    struct sponsor_list list;
    struct sponsor_report report;
    struct buf csv;
    char today[11];
    enum status st;

    /* Written as the CSV an administrator would import, and read by the
     * same parser. */
    buf_init(&csv, 0);
    st = buf_append_str(&csv, "name;kvk;category\n");
    for (size_t i = 0; st == STATUS_OK && i < sizeof sponsor_demo_rows /
                                                  sizeof sponsor_demo_rows[0];
         i++) {
        st = buf_printf(&csv, "\"%s\";%s;%s\n", sponsor_demo_rows[i][0],
                        sponsor_demo_rows[i][1], sponsor_demo_rows[i][2]);
    }
    if (st != STATUS_OK) {
        buf_clear(&csv);
        return st;
    }
    /* Last week's register, so that today's snapshot can follow it. */
    date_format(
        date_from_days((long)(clock_now() / 86400) - SPONSOR_DEMO_AGE_DAYS),
        today);
    in.data = csv.data;
    in.len = csv.len;
    in.snapshot = today;
    sponsor_list_init(&list);
    sponsor_report_init(&report);
    st = sponsor_parse_csv(in.data, in.len, NULL, &list);
    if (st == STATUS_INPUT) {
        st = STATUS_INTERNAL; /* our own data is wrong */
    }
    if (st == STATUS_OK) {
        st = sponsor_import_entries(db, &in, &list, &report);
    }
    sponsor_report_clear(&report);
    sponsor_list_clear(&list);
    buf_clear(&csv);
    return st;
}

static json_t *
report_changes(const struct sponsor_change_list *list, bool renamed,
               bool *truncated)
{
    json_t *items = json_array();

    for (size_t i = 0; items != NULL && i < list->n; i++) {
        const struct sponsor_change *c = &list->items[i];
        json_t *item;
        if (i == SPONSOR_REPORT_LIST_MAX) {
            *truncated = true;
            break;
        }
        item = renamed ? json_pack("{s:s, s:s, s:s}", "kvk", c->kvk, "oldName",
                                   c->old_name, "name", c->name)
                       : json_pack("{s:s, s:s, s:s}", "kvk", c->kvk, "name",
                                   c->name, "category",
                                   sponsor_category_code(c->category));
        if (item == NULL || json_array_append_new(items, item) != 0) {
            json_decref(items);
            return NULL;
        }
    }
    return items;
}

json_t *
sponsor_report_json(const struct sponsor_report *r)
{
    json_t *categories = json_array();
    bool truncated = false;
    json_t *added = report_changes(&r->added, false, &truncated);
    json_t *removed = report_changes(&r->removed, false, &truncated);
    json_t *renamed = report_changes(&r->renamed, true, &truncated);

    for (int c = 0; categories != NULL && c < SPONSOR_CATEGORY_COUNT; c++) {
        if (r->categories[c]) {
            json_array_append_new(categories, json_string(sponsor_category_code(
                                                  (enum sponsor_category)c)));
        }
    }
    if (categories == NULL || added == NULL || removed == NULL ||
        renamed == NULL) {
        json_decref(categories);
        json_decref(added);
        json_decref(removed);
        json_decref(renamed);
        return NULL;
    }
    return json_pack("{s:I, s:s, s:o, s:{s:I, s:I, s:I, s:I, s:I}, s:o, s:o, "
                     "s:o, s:b}",
                     "id", (json_int_t)r->import_id, "snapshotDate",
                     r->snapshot, "categories", categories, "counts", "entries",
                     (json_int_t)r->entries, "added", (json_int_t)r->added.n,
                     "removed", (json_int_t)r->removed.n, "renamed",
                     (json_int_t)r->renamed.n, "unchanged",
                     (json_int_t)r->unchanged, "added", added, "removed",
                     removed, "renamed", renamed, "truncated", truncated);
}
