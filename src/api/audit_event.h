/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Writing audit events from handlers: the actor and address come from the
 * request, so each call names only what happened. */
#ifndef ONESTOP_API_AUDIT_EVENT_H
#define ONESTOP_API_AUDIT_EVENT_H

#include "http/request.h"
#include "util/status.h"

/* Appends an event for req's caller (or the given username when nobody is
 * signed in yet). Failures are logged and returned. */
enum status audit_event(struct http_request *req, const char *actor,
                        const char *action, const char *object,
                        const char *result, const char *detail);

#endif
