/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Query and path argument parsing. */
#include "http/params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"

static bool
params_parse_long(const char *text, long *out)
{
    char *end = NULL;
    long v;

    if (*text == '\0' || *text == '+' || *text == ' ') {
        return false;
    }
    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

bool
params_query_int(struct http_request *req, const char *name, long min, long max,
                 long *out, json_t *invalid)
{
    const char *text = request_query(req, name);
    long v;

    if (text == NULL) {
        return true;
    }
    if (!params_parse_long(text, &v) || v < min || v > max) {
        char reason[96];
        snprintf(reason, sizeof reason,
                 "must be a whole number from %ld to %ld", min, max);
        invalid_add(invalid, name, reason);
        return false;
    }
    *out = v;
    return true;
}

bool
params_query_date(struct http_request *req, const char *name, struct date *out,
                  bool *present, json_t *invalid)
{
    const char *text = request_query(req, name);

    *present = false;
    if (text == NULL) {
        return true;
    }
    if (!date_parse(text, strlen(text), out)) {
        invalid_add(invalid, name, "must be a date as YYYY-MM-DD");
        return false;
    }
    *present = true;
    return true;
}

bool
params_path_id(struct http_request *req, size_t index, int64_t *out)
{
    long v;

    if (index >= req->n_args || !params_parse_long(req->args[index], &v) ||
        v < 1) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such resource.");
        return false;
    }
    *out = v;
    return true;
}
