/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Growable, NUL-terminated byte buffer with an optional size cap. */
#include "util/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void
buf_clear(struct buf *b)
{
    free(b->data);
    buf_init(b, b->max);
}

enum status
buf_reserve(struct buf *b, size_t extra)
{
    size_t need;
    size_t cap;
    char *grown;

    if (extra > SIZE_MAX - b->len - 1) {
        return STATUS_INPUT;
    }
    need = b->len + extra + 1;
    if (b->max != 0 && need > b->max + 1) {
        return STATUS_INPUT;
    }
    if (need <= b->cap) {
        return STATUS_OK;
    }
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    }
    grown = realloc(b->data, cap);
    if (grown == NULL) {
        return STATUS_NOMEM;
    }
    b->data = grown;
    b->cap = cap;
    return STATUS_OK;
}

enum status
buf_append(struct buf *b, const void *data, size_t len)
{
    enum status st = buf_reserve(b, len);

    if (st != STATUS_OK) {
        return st;
    }
    if (len > 0) {
        memcpy(b->data + b->len, data, len);
    }
    b->len += len;
    b->data[b->len] = '\0';
    return STATUS_OK;
}

enum status
buf_append_str(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

enum status
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    enum status st;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return STATUS_INTERNAL;
    }
    st = buf_reserve(b, (size_t)n);
    if (st != STATUS_OK) {
        return st;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return STATUS_OK;
}

enum status
buf_append_int(struct buf *b, long long v)
{
    char digits[24];
    char *p = digits + sizeof digits;
    unsigned long long u =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        *--p = '-';
    }
    return buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

enum status
buf_append_strs(struct buf *b, ...)
{
    enum status st = STATUS_OK;
    const char *s;
    va_list ap;

    va_start(ap, b);
    while (st == STATUS_OK && (s = va_arg(ap, const char *)) != NULL) {
        st = buf_append(b, s, strlen(s));
    }
    va_end(ap);
    return st;
}

enum status
buf_append_json_string(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    enum status st = buf_append(b, "\"", 1);
    const char *run = s;

    for (const char *p = s; st == STATUS_OK && *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        size_t n = 6;
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        if (c == '"' || c == '\\') {
            escape[1] = (char)c;
            n = 2;
        }
        st = buf_append(b, run, (size_t)(p - run));
        if (st == STATUS_OK) {
            st = buf_append(b, escape, n);
        }
        run = p + 1;
    }
    if (st == STATUS_OK) {
        st = buf_append(b, run, strlen(run));
    }
    if (st == STATUS_OK) {
        st = buf_append(b, "\"", 1);
    }
    return st;
}

char *
buf_take(struct buf *b)
{
    char *out = b->data;

    if (out == NULL) {
        out = calloc(1, 1);
    }
    buf_init(b, b->max);
    return out;
}
