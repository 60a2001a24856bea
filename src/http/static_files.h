/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Static files of the browser interface, served from the web folder with
 * no way out of it. */
#ifndef ONESTOP_HTTP_STATIC_FILES_H
#define ONESTOP_HTTP_STATIC_FILES_H

#include "http/request.h"

/* Longest accepted path of a static file. */
#define STATIC_PATH_MAX 200

/* Replies with the file for req->path: "/" is index.html, "/name" is
 * name.html, other paths map to files. 404 for anything else, 405 for
 * methods other than GET and HEAD. */
void static_files_serve(struct http_request *req);

/* True when path is a safe relative file path: only [A-Za-z0-9._-/], no
 * empty segment, no segment starting with '.', at most STATIC_PATH_MAX. */
bool static_files_path_ok(const char *path);

#endif
