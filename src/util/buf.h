/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* A growable byte buffer that always stays NUL-terminated. */
#ifndef ONESTOP_UTIL_BUF_H
#define ONESTOP_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/status.h"

struct buf {
    char *data; /* NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    size_t max; /* 0 = no limit; appends past it fail with STATUS_INPUT */
};

void buf_init(struct buf *b, size_t max);
/* Makes room for at least n more bytes up front (for a large answer whose
 * size is known roughly), so that appends do not grow it step by step. */
enum status buf_reserve(struct buf *b, size_t n);
void buf_clear(struct buf *b);
enum status buf_append(struct buf *b, const void *data, size_t len);
enum status buf_append_str(struct buf *b, const char *s);
enum status buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included: '"', '\\' and
 * control characters escaped, other bytes (UTF-8) as they are. For hot
 * answers written as text instead of built as jansson trees. */
enum status buf_append_json_string(struct buf *b, const char *s);
/* Appends the decimal digits of v (no printf: hot answers add many). */
enum status buf_append_int(struct buf *b, long long v);
/* Appends each of the NULL-terminated strings in turn. */
enum status buf_append_strs(struct buf *b, ...) __attribute__((sentinel));
/* Hands the contents to the caller (free with free()); the buffer is empty
 * afterwards. Returns "" (allocated) for an empty buffer, NULL on NOMEM. */
char *buf_take(struct buf *b);

#endif
