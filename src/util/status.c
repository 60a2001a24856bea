/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Names of the status values, for logs. */
#include "util/status.h"

const char *
status_name(enum status st)
{
    static const char *const names[STATUS_COUNT] = {
        [STATUS_OK] = "ok",
        [STATUS_NOMEM] = "out of memory",
        [STATUS_INPUT] = "invalid input",
        [STATUS_NOT_FOUND] = "not found",
        [STATUS_CONFLICT] = "conflict",
        [STATUS_FORBIDDEN] = "forbidden",
        [STATUS_RETRY] = "retry",
        [STATUS_INTERNAL] = "internal error",
    };
    if ((unsigned)st >= STATUS_COUNT) {
        return "unknown";
    }
    return names[st];
}
