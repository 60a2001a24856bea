/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Static files. Paths are checked character by character and opened
 * relative to the web folder's descriptor without following symbolic
 * links, so neither "..", encoded tricks nor links lead outside it. */
#include "http/static_files.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/reply.h"
#include "util/log.h"

struct static_type {
    const char *suffix;
    const char *type;
};

static const struct static_type static_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

bool
static_files_path_ok(const char *path)
{
    size_t len = strlen(path);
    bool segment_start = true;

    if (len == 0 || len > STATIC_PATH_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = path[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                  c == '/';
        if (!ok) {
            return false;
        }
        if (segment_start && (c == '/' || c == '.')) {
            return false; /* empty segment, or hidden or ".." segment */
        }
        segment_start = c == '/';
    }
    return !segment_start;
}

static const char *
static_type_of(const char *path)
{
    size_t len = strlen(path);

    for (size_t i = 0; i < sizeof static_types / sizeof static_types[0]; i++) {
        size_t n = strlen(static_types[i].suffix);
        if (len > n && strcmp(path + len - n, static_types[i].suffix) == 0) {
            return static_types[i].type;
        }
    }
    return NULL;
}

void
static_files_serve(struct http_request *req)
{
    char rel[STATIC_PATH_MAX + 8];
    const char *type;
    struct stat sb;
    struct MHD_Response *r;
    int fd = -1;

    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        request_add_header(req, "Allow", "GET, HEAD");
        reply_problem(req, PROBLEM_METHOD_NOT_ALLOWED,
                      "Pages can only be read.");
        return;
    }
    if (strcmp(req->path, "/") == 0) {
        snprintf(rel, sizeof rel, "index.html");
    } else if (!static_files_path_ok(req->path + 1)) {
        reply_problem(req, PROBLEM_NOT_FOUND, "No such page.");
        return;
    } else if (strchr(req->path + 1, '.') == NULL &&
               strchr(req->path + 1, '/') == NULL) {
        snprintf(rel, sizeof rel, "%s.html", req->path + 1);
    } else {
        snprintf(rel, sizeof rel, "%s", req->path + 1);
    }
    type = static_type_of(rel);
    if (type != NULL) {
        fd = openat(req->app->web_root_fd, rel,
                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0) {
            close(fd);
        }
        reply_problem(req, PROBLEM_NOT_FOUND, "No such page.");
        return;
    }
    /* Takes ownership of fd, also on failure. */
    r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (r == NULL) {
        LOG_ERROR("cannot create a file response");
        reply_problem(req, PROBLEM_INTERNAL, NULL);
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    req->response = r;
    req->status = MHD_HTTP_OK;
}
