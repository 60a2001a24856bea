/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The sponsor register: importing a snapshot (admins; the body is the
 * file itself, text/csv or text/html), listing sponsors and one sponsor
 * with its recognition history. An employer sees only its own sponsor. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/sponsor_import.h"
#include "core/date.h"
#include "core/validate.h"
#include "http/params.h"
#include "http/reply.h"
#include "store/sponsors.h"
#include "util/clock.h"

#define SPONSORS_PAGE_DEFAULT 100
#define SPONSORS_PAGE_MAX 1000
/* The longest search text, in characters. */
#define SPONSORS_QUERY_MAX 100
/* The longest file name recorded with an import, in characters. */
#define SPONSORS_FILE_NAME_MAX 200

/* The categories text of a sponsor row as a JSON array. */
static json_t *
sponsors_categories_json(const char *text)
{
    json_t *list = json_array();
    const char *p = text;

    while (list != NULL && *p != '\0') {
        size_t n = strcspn(p, ",");
        json_array_append_new(list, json_stringn(p, n));
        p += n;
        p += strspn(p, ",");
    }
    return list;
}

static json_t *
sponsor_json(const struct store_sponsor *row)
{
    return json_pack("{s:s, s:s, s:o, s:b, s:s, s:s}", "kvk", row->kvk, "name",
                     row->name, "categories",
                     sponsors_categories_json(row->categories), "recognised",
                     row->recognised, "firstSeen", row->first_seen, "lastSeen",
                     row->last_seen);
}

static enum status
sponsors_append(void *ctx, const struct store_sponsor *row)
{
    json_t *item = sponsor_json(row);

    if (item == NULL) {
        return STATUS_NOMEM;
    }
    return json_array_append_new(ctx, item) == 0 ? STATUS_OK : STATUS_NOMEM;
}

/* True when the caller may see the sponsor with kvk. */
static bool
sponsors_visible(const struct http_request *req, const char *kvk)
{
    return req->auth.role != ROLE_EMPLOYER ||
           strcmp(req->auth.sponsor_kvk, kvk) == 0;
}

void
api_sponsors_get_list(struct http_request *req)
{
    const char *kvk = request_query(req, "kvk");
    const char *q = request_query(req, "q");
    json_t *invalid = json_array();
    json_t *items = json_array();
    long limit = SPONSORS_PAGE_DEFAULT;
    enum status st = STATUS_OK;

    if (kvk != NULL && !sponsor_kvk_valid(kvk)) {
        invalid_add(invalid, "kvk", "must be a KvK number of 8 digits");
    }
    if (q != NULL && q[0] != '\0' && !validate_text(q, SPONSORS_QUERY_MAX)) {
        invalid_add(invalid, "q", "must be text of at most 100 characters");
    }
    params_query_int(req, "limit", 1, SPONSORS_PAGE_MAX, &limit, invalid);
    if (json_array_size(invalid) > 0) {
        json_decref(items);
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    if (req->auth.role == ROLE_EMPLOYER) {
        /* Their own sponsor, and nobody else's, whatever they ask. */
        if (kvk != NULL && strcmp(kvk, req->auth.sponsor_kvk) != 0) {
            reply_json(req, 200, json_pack("{s:o}", "items", items));
            return;
        }
        kvk = req->auth.sponsor_kvk;
    }
    st = store_sponsor_each(request_db(req), kvk ? kvk : "", q ? q : "",
                            (int)limit, sponsors_append, items);
    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static enum status
sponsors_keep(void *ctx, const struct store_sponsor *row)
{
    json_t **out = ctx;

    *out = sponsor_json(row);
    return *out ? STATUS_OK : STATUS_NOMEM;
}

static enum status
sponsors_history_append(void *ctx, const struct store_sponsor_change *row)
{
    json_t *item =
        json_pack("{s:s, s:s?, s:b, s:s, s:s, s:I}", "change", row->change,
                  "category", row->category, "recognised", row->recognised,
                  "name", row->name, "snapshotDate", row->snapshot_date,
                  "importId", (json_int_t)row->import_id);

    if (item == NULL) {
        return STATUS_NOMEM;
    }
    if (row->old_name != NULL) {
        json_object_set_new(item, "oldName", json_string(row->old_name));
    }
    return json_array_append_new(ctx, item) == 0 ? STATUS_OK : STATUS_NOMEM;
}

void
api_sponsors_get_one(struct http_request *req)
{
    const char *kvk = req->n_args > 0 ? req->args[0] : "";
    json_t *sponsor = NULL;
    json_t *history = NULL;
    enum status st;

    if (!sponsor_kvk_valid(kvk) || !sponsors_visible(req, kvk)) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such sponsor.");
        return;
    }
    st = store_sponsor_get(request_db(req), kvk, sponsors_keep, &sponsor);
    if (st == STATUS_OK) {
        history = json_array();
        st = history
                 ? store_sponsor_change_each(request_db(req), kvk,
                                             sponsors_history_append, history)
                 : STATUS_NOMEM;
    }
    if (st != STATUS_OK) {
        json_decref(sponsor);
        json_decref(history);
        reply_status(req, st, "No such sponsor.");
        return;
    }
    json_object_set_new(sponsor, "history", history);
    reply_json(req, 200, sponsor);
}

/* Reads the query of an import into in; appends to invalid what is
 * wrong. */
static void
sponsors_import_query(struct http_request *req, struct sponsor_import_input *in,
                      char snapshot[11], json_t *invalid)
{
    const char *category = request_query(req, "category");
    const char *file_name = request_query(req, "fileName");
    const char *allow = request_query(req, "allowLargeDrop");
    struct date date;
    bool has_date = false;

    date_format(date_from_days((long)(clock_now() / 86400)), snapshot);
    if (params_query_date(req, "snapshot", &date, &has_date, invalid) &&
        has_date) {
        date_format(date, snapshot);
    }
    in->snapshot = snapshot;
    if (category != NULL) {
        if (sponsor_category_parse(category, strlen(category), &in->category)) {
            in->has_category = true;
        } else {
            invalid_add(invalid, "category",
                        "must be work, research, study or exchange");
        }
    } else if (in->format == SPONSOR_FORMAT_HTML) {
        invalid_add(invalid, "category",
                    "is required: a register page is of one category");
    }
    if (file_name != NULL &&
        !validate_text(file_name, SPONSORS_FILE_NAME_MAX)) {
        invalid_add(invalid, "fileName",
                    "must be text of at most 200 characters");
    }
    if (allow != NULL) {
        if (strcmp(allow, "true") == 0 || strcmp(allow, "false") == 0) {
            in->allow_large_drop = strcmp(allow, "true") == 0;
        } else {
            invalid_add(invalid, "allowLargeDrop", "must be true or false");
        }
    }
    in->file_name = file_name
                        ? file_name
                        : (in->format == SPONSOR_FORMAT_HTML ? "upload.html"
                                                             : "upload.csv");
}

/* 400 naming each bad line of the file. */
static void
sponsors_reply_bad_file(struct http_request *req,
                        const struct sponsor_list *problems)
{
    json_t *invalid = json_array();
    json_t *lines = json_array();
    char detail[160];

    for (size_t i = 0; i < problems->n_problems; i++) {
        const struct sponsor_problem *p = &problems->problems[i];
        char name[32];
        if (p->line > 0) {
            snprintf(name, sizeof name, "line %zu", p->line);
        } else {
            snprintf(name, sizeof name, "file");
        }
        invalid_add(invalid, name, p->reason);
        json_array_append_new(lines, json_pack("{s:I, s:s}", "line",
                                               (json_int_t)p->line, "reason",
                                               p->reason));
    }
    snprintf(detail, sizeof detail,
             "The file has %zu bad line%s; nothing was imported.",
             problems->problems_total,
             problems->problems_total == 1 ? "" : "s");
    reply_problem_with(req, PROBLEM_INVALID_PARAMS, detail,
                       json_pack("{s:o, s:o, s:I}", "invalidParams", invalid,
                                 "badLines", lines, "badLineCount",
                                 (json_int_t)problems->problems_total));
}

void
api_sponsor_imports_post(struct http_request *req)
{
    const char *type = request_header(req, "Content-Type");
    struct sponsor_import_input in = {0};
    struct sponsor_list problems;
    struct sponsor_report report;
    json_t *invalid = json_array();
    char snapshot[11];
    char object[40];
    char detail[256];
    enum status st;

    in.format = type != NULL && strncasecmp(type, "text/html", 9) == 0
                    ? SPONSOR_FORMAT_HTML
                    : SPONSOR_FORMAT_CSV;
    sponsors_import_query(req, &in, snapshot, invalid);
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    in.data = req->body.data ? req->body.data : "";
    in.len = req->body.len;
    in.actor = req->auth.username;
    sponsor_list_init(&problems);
    sponsor_report_init(&report);
    st = sponsor_import(request_db(req), &in, &problems, &report);
    if (st == STATUS_INPUT) {
        sponsors_reply_bad_file(req, &problems);
    } else if (st == STATUS_CONFLICT && report.large_drop) {
        snprintf(detail, sizeof detail,
                 "The snapshot would end the recognition of %zu of the %zu "
                 "sponsors recognised in category %s: is it the whole "
                 "register? Nothing was imported; confirm with "
                 "allowLargeDrop=true.",
                 report.drop_removed, report.drop_recognised,
                 sponsor_category_code(report.drop_category));
        reply_problem(req, PROBLEM_CONFLICT, detail);
    } else if (st == STATUS_CONFLICT) {
        snprintf(detail, sizeof detail,
                 "The register already holds a newer snapshot of category "
                 "%s (%s).",
                 sponsor_category_code(report.newer_category),
                 report.newer_snapshot);
        reply_problem(req, PROBLEM_CONFLICT, detail);
    } else if (st != STATUS_OK) {
        reply_status(req, st, NULL);
    } else {
        snprintf(object, sizeof object, "sponsor-import:%lld",
                 (long long)report.import_id);
        snprintf(detail, sizeof detail, "added %zu, removed %zu, renamed %zu",
                 report.added.n, report.removed.n, report.renamed.n);
        audit_event(req, NULL, "sponsors.import", object, "ok", detail);
        reply_json(req, 201, sponsor_report_json(&report));
    }
    sponsor_list_clear(&problems);
    sponsor_report_clear(&report);
}
