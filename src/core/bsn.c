/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The BSN 11-proof, its refusal reasons, the masked form, number lists and
 * pool levels. */
#include "core/bsn.h"

#include <string.h>

enum bsn_error
bsn_check_bytes(const char *s, size_t len)
{
    int sum = 0;
    bool zero = true;

    if (s == NULL || len == 0) {
        return BSN_ERR_EMPTY;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return BSN_ERR_CHARACTERS;
        }
    }
    if (len != BSN_DIGITS) {
        return BSN_ERR_LENGTH;
    }
    for (size_t i = 0; i < BSN_DIGITS; i++) {
        int d = s[i] - '0';
        /* Weights 9..2 for the first eight digits, -1 for the last. */
        int weight = i + 1 < BSN_DIGITS ? (int)(BSN_DIGITS - i) : -1;

        sum += weight * d;
        if (d != 0) {
            zero = false;
        }
    }
    if (zero) {
        return BSN_ERR_ZERO;
    }
    /* sum lies in -9..396; C's % keeps the sign, so test for 0 only. */
    return sum % 11 == 0 ? BSN_OK : BSN_ERR_CHECKSUM;
}

enum bsn_error
bsn_check(const char *s)
{
    if (s == NULL) {
        return BSN_ERR_EMPTY;
    }
    return bsn_check_bytes(s, strlen(s));
}

bool
bsn_valid(const char *s)
{
    return bsn_check(s) == BSN_OK;
}

const char *
bsn_error_text(enum bsn_error e)
{
    static const char *const text[BSN_ERR_COUNT] = {
        [BSN_OK] = "",
        [BSN_ERR_EMPTY] = "is missing",
        [BSN_ERR_CHARACTERS] = "must consist of the digits 0-9 only",
        [BSN_ERR_LENGTH] = "must be 9 digits",
        [BSN_ERR_ZERO] = "cannot be all zeros",
        [BSN_ERR_CHECKSUM] = "fails the 11-proof (a digit is wrong)",
    };

    if ((unsigned)e >= BSN_ERR_COUNT) {
        return "is not a valid BSN";
    }
    return text[e];
}

void
bsn_mask(const char *bsn, char out[BSN_MASKED_TEXT])
{
    bool valid = bsn_valid(bsn);

    for (size_t i = 0; i < BSN_DIGITS; i++) {
        out[i] = valid && i >= BSN_DIGITS - BSN_MASK_VISIBLE ? bsn[i] : '*';
    }
    out[BSN_DIGITS] = '\0';
}

static bool
bsn_blank(char c)
{
    return c == ' ' || c == '\t';
}

enum bsn_list_result
bsn_list_next(const char *text, size_t len, size_t *pos, size_t *line,
              char out[BSN_TEXT], enum bsn_error *error)
{
    while (text != NULL && *pos < len) {
        const char *start = text + *pos;
        size_t rest = len - *pos;
        const char *nl = memchr(start, '\n', rest);
        size_t line_len = nl ? (size_t)(nl - start) : rest;
        const char *s = start;
        const char *e = start + line_len;
        enum bsn_error why;

        *pos += nl ? line_len + 1 : line_len;
        (*line)++;
        if (e > s && e[-1] == '\r') {
            e--;
        }
        while (s < e && bsn_blank(*s)) {
            s++;
        }
        while (e > s && bsn_blank(e[-1])) {
            e--;
        }
        if (s == e || *s == '#') {
            continue;
        }
        if ((size_t)(e - s) > BSN_LIST_LINE_MAX) {
            *error = BSN_ERR_LENGTH;
            return BSN_LIST_BAD_LINE;
        }
        why = bsn_check_bytes(s, (size_t)(e - s));
        if (why != BSN_OK) {
            *error = why;
            return BSN_LIST_BAD_LINE;
        }
        memcpy(out, s, BSN_DIGITS);
        out[BSN_DIGITS] = '\0';
        return BSN_LIST_NUMBER;
    }
    return BSN_LIST_END;
}

enum bsn_pool_level
bsn_pool_level(int64_t remaining, int64_t threshold)
{
    if (remaining <= 0) {
        return BSN_POOL_EMPTY;
    }
    return remaining < threshold ? BSN_POOL_LOW : BSN_POOL_OK;
}
