/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The HTTP server: libmicrohttpd with a thread pool, request limits,
 * security headers, and dispatch to the routing table or static files. */
#ifndef ONESTOP_HTTP_SERVER_H
#define ONESTOP_HTTP_SERVER_H

#include "http/request.h"
#include "util/status.h"

/* The API version, sent in the API-Version header of every response. */
#define SERVER_API_VERSION "1.0.0"

struct server;

/* Starts serving app (borrowed; must outlive the server). *out owns the
 * server; stop it with server_stop. The port actually bound is written to
 * *port (useful when the configured port is 0). */
enum status server_start(struct app *app, struct server **out, int *port);
void server_stop(struct server *srv);

#endif
