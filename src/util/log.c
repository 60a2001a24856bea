/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Levelled logging to stderr, one line per call, with the request id. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static enum log_level log_threshold = LOG_LEVEL_INFO;
static _Thread_local const char *log_request_id;

void
log_set_level(enum log_level level)
{
    log_threshold = level;
}

bool
log_parse_level(const char *name, enum log_level *out)
{
    static const char *const names[LOG_LEVEL_COUNT] = {"error", "warn", "info",
                                                       "debug"};
    for (int i = 0; i < LOG_LEVEL_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum log_level)i;
            return true;
        }
    }
    return false;
}

bool
log_enabled(enum log_level level)
{
    return level <= log_threshold;
}

void
log_set_request_id(const char *id)
{
    log_request_id = id;
}

void
log_write(enum log_level level, const char *file, int line, const char *fmt,
          ...)
{
    static const char *const tags[LOG_LEVEL_COUNT] = {"ERROR", "WARN", "INFO",
                                                      "DEBUG"};
    char stamp[32];
    char message[1024];
    struct tm tm;
    time_t now = time(NULL);
    va_list ap;

    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    /* One fprintf per line keeps lines from different threads whole. */
    fprintf(stderr, "%s %s [%s] %s (%s:%d)\n", stamp, tags[level],
            log_request_id ? log_request_id : "-", message, file, line);
}
