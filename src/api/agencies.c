/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Agencies: the partner organisations with desks in a centre. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/audit_event.h"
#include "api/bilingual.h"
#include "http/reply.h"
#include "store/catalogue.h"

#define AGENCY_NAME_MAX 200

static const struct body_field api_agency_fields[] = {
    {"code", BODY_CODE, true, false, 0, 0, "short name, such as ind"},
    {"name", BODY_OBJECT, true, false, 0, 0, "{en, nl}"},
};
const struct body_spec api_agency_body =
    BODY_SPEC("AgencyInput", api_agency_fields);

static json_t *
agency_json(const struct store_agency *row)
{
    return json_pack("{s:I, s:s, s:o}", "id", (json_int_t)row->id, "code",
                     row->code, "name",
                     bilingual_json(row->name_en, row->name_nl));
}

static enum status
agency_append(void *ctx, const struct store_agency *row)
{
    return json_array_append_new(ctx, agency_json(row)) == 0 ? STATUS_OK
                                                             : STATUS_NOMEM;
}

static enum status
agency_keep(void *ctx, const struct store_agency *row)
{
    json_t **out = ctx;
    *out = agency_json(row);
    return *out ? STATUS_OK : STATUS_NOMEM;
}

void
api_agencies_get_list(struct http_request *req)
{
    json_t *items = json_array();
    enum status st =
        store_agency_each(request_db(req), NULL, agency_append, items);

    if (st != STATUS_OK) {
        json_decref(items);
        reply_status(req, st, NULL);
        return;
    }
    reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void
agency_save(struct http_request *req, bool create)
{
    struct store_agency in = {0};
    json_t *invalid = json_array();
    json_t *out = NULL;
    char object[64];
    enum status st;

    in.code = json_string_value(json_object_get(req->json, "code"));
    bilingual_read(req->json, "name", AGENCY_NAME_MAX, false, &in.name_en,
                   &in.name_nl, invalid);
    if (!create && strcmp(in.code, req->args[0]) != 0) {
        invalid_add(invalid, "code", "must match the code in the path");
    }
    if (json_array_size(invalid) > 0) {
        reply_invalid(req, invalid, NULL);
        return;
    }
    json_decref(invalid);
    st = create ? store_agency_insert(request_db(req), &in, &in.id)
                : store_agency_update(request_db(req), &in);
    if (st == STATUS_CONFLICT) {
        reply_problem(req, PROBLEM_CONFLICT,
                      "Another agency already has this code.");
        return;
    }
    if (st == STATUS_OK) {
        st = store_agency_each(request_db(req), in.code, agency_keep, &out);
    }
    if (st != STATUS_OK) {
        reply_status(req, st, "No such agency.");
        return;
    }
    snprintf(object, sizeof object, "agency:%s", in.code);
    audit_event(req, NULL, create ? "agency.create" : "agency.update", object,
                "ok", "");
    reply_json(req, create ? 201 : 200, out);
}

void
api_agencies_post(struct http_request *req)
{
    agency_save(req, true);
}

void
api_agencies_put(struct http_request *req)
{
    agency_save(req, false);
}
