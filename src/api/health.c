/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* GET /api/v1/health: the service answers and its database too. */
#include "api/api.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/server.h"

void
api_health_get(struct http_request *req)
{
    char now[CLOCK_ISO_TEXT];
    enum status st = db_exec(request_db(req), "SELECT 1");

    if (st != STATUS_OK) {
        reply_status(req, st == STATUS_RETRY ? STATUS_RETRY : STATUS_INTERNAL,
                     NULL);
        return;
    }
    clock_format_utc(clock_now(), now);
    reply_json(req, 200,
               json_pack("{s:s, s:s, s:s}", "status", "ok", "apiVersion",
                         SERVER_API_VERSION, "time", now));
}
