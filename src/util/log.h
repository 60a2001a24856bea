/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Levelled logging to stderr. The macros test the level before formatting,
 * and every line carries the request id of the calling thread, if any.
 * Never log passwords, tokens or personal data: log ids. */
#ifndef ONESTOP_UTIL_LOG_H
#define ONESTOP_UTIL_LOG_H

#include <stdbool.h>

enum log_level {
    LOG_LEVEL_ERROR = 0,
    LOG_LEVEL_WARN,
    LOG_LEVEL_INFO,
    LOG_LEVEL_DEBUG,
    LOG_LEVEL_COUNT
};

/* Set once at start-up, before any thread starts. */
void log_set_level(enum log_level level);
/* Parses "error", "warn", "info" or "debug"; false on anything else. */
bool log_parse_level(const char *name, enum log_level *out);
bool log_enabled(enum log_level level);
/* The request id shown on this thread's lines; NULL clears it. The string
 * is borrowed and must outlive its use. */
void log_set_request_id(const char *id);
void log_write(enum log_level level, const char *file, int line,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define LOG_AT(level, ...)                                                     \
    do {                                                                       \
        if (log_enabled(level)) {                                              \
            log_write(level, __FILE__, __LINE__, __VA_ARGS__);                 \
        }                                                                      \
    } while (0)
#define LOG_ERROR(...) LOG_AT(LOG_LEVEL_ERROR, __VA_ARGS__)
#define LOG_WARN(...) LOG_AT(LOG_LEVEL_WARN, __VA_ARGS__)
#define LOG_INFO(...) LOG_AT(LOG_LEVEL_INFO, __VA_ARGS__)
#define LOG_DEBUG(...) LOG_AT(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
