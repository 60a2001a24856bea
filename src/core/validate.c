/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Identifier and text checks. Lengths are measured with bounded scans so
 * that a huge input costs no more than its limit. */
#include "core/validate.h"

#include <string.h>

/* Length of s, or max + 1 when s is longer than max bytes. */
static size_t
bounded_len(const char *s, size_t max)
{
    size_t n = 0;

    while (n <= max && s[n] != '\0') {
        n++;
    }
    return n;
}

static bool
is_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_ascii_alnum(char c)
{
    return is_ascii_letter(c) || (c >= '0' && c <= '9');
}

bool
validate_code(const char *s)
{
    size_t len;

    if (s == NULL) {
        return false;
    }
    len = bounded_len(s, VALIDATE_CODE_MAX);
    if (len == 0 || len > VALIDATE_CODE_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '-') {
            /* Not first, not last, not doubled. */
            if (i == 0 || i == len - 1 || s[i + 1] == '-') {
                return false;
            }
        } else if (!is_lower_or_digit(s[i])) {
            return false;
        }
    }
    return true;
}

static bool
is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t
validate_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lo = 0x80; /* allowed range of the second byte */
    unsigned char hi = 0xBF;
    size_t need;
    uint32_t value;

    if (len == 0) {
        return 0;
    }
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        need = 2;
        value = u[0] & 0x1Fu;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        need = 3;
        value = u[0] & 0x0Fu;
        if (u[0] == 0xE0) {
            lo = 0xA0; /* shorter forms are overlong */
        } else if (u[0] == 0xED) {
            hi = 0x9F; /* U+D800..U+DFFF are surrogates */
        }
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        need = 4;
        value = u[0] & 0x07u;
        if (u[0] == 0xF0) {
            lo = 0x90; /* overlong */
        } else if (u[0] == 0xF4) {
            hi = 0x8F; /* above U+10FFFF */
        }
    } else {
        /* 0x80..0xC1: continuation or overlong lead; 0xF5..: too large. */
        return 0;
    }
    if (len < need || u[1] < lo || u[1] > hi) {
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        if (!is_continuation(u[i])) {
            return 0;
        }
        value = (value << 6) | (u[i] & 0x3Fu);
    }
    *cp = value;
    return need;
}

bool
validate_utf8(const char *s, size_t len)
{
    size_t pos = 0;

    if (s == NULL) {
        return len == 0;
    }
    while (pos < len) {
        uint32_t cp;
        size_t n;

        /* ASCII runs are the common case; skip them byte by byte. */
        if ((unsigned char)s[pos] < 0x80) {
            pos++;
            continue;
        }
        n = validate_utf8_next(s + pos, len - pos, &cp);
        if (n == 0) {
            return false;
        }
        pos += n;
    }
    return true;
}

static bool
is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool
is_line_separator(uint32_t cp)
{
    return cp == 0x2028 || cp == 0x2029;
}

/* Spaces and invisible joiners: a text made only of these is blank. */
static bool
is_blank(uint32_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200D) || cp == 0x202F || cp == 0x205F ||
           cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

/* Shared walk of validate_text() and validate_multiline_text(). */
static bool
check_text(const char *s, size_t max_chars, bool multiline)
{
    size_t chars = 0;
    bool blank = true;

    if (s == NULL) {
        return false;
    }
    while (*s != '\0') {
        uint32_t cp;
        /* A sequence is at most 4 bytes; the NUL stops a short one. */
        size_t n = validate_utf8_next(s, bounded_len(s, 3), &cp);

        if (n == 0 || chars == max_chars) {
            return false;
        }
        if (is_line_separator(cp) ||
            (is_control(cp) && !(multiline && cp == '\n'))) {
            return false;
        }
        if (!is_blank(cp)) {
            blank = false;
        }
        chars++;
        s += n;
    }
    return multiline || (chars > 0 && !blank);
}

bool
validate_text(const char *s, size_t max_chars)
{
    return check_text(s, max_chars, false);
}

bool
validate_multiline_text(const char *s, size_t max_chars)
{
    return check_text(s, max_chars, true);
}

bool
validate_username(const char *s)
{
    size_t len;

    if (s == NULL) {
        return false;
    }
    len = bounded_len(s, VALIDATE_USERNAME_MAX);
    if (len < VALIDATE_USERNAME_MIN || len > VALIDATE_USERNAME_MAX) {
        return false;
    }
    if (!is_lower_or_digit(s[0])) {
        return false;
    }
    for (size_t i = 1; i < len; i++) {
        if (!is_lower_or_digit(s[i]) && s[i] != '.' && s[i] != '_' &&
            s[i] != '-') {
            return false;
        }
    }
    return true;
}

bool
validate_password(const char *s, const char **why)
{
    const char *reason = NULL;
    size_t len;

    if (s == NULL) {
        reason = "is missing";
    } else {
        len = bounded_len(s, VALIDATE_PASSWORD_MAX);
        if (len < VALIDATE_PASSWORD_MIN) {
            reason = "must be at least 12 bytes long";
        } else if (len > VALIDATE_PASSWORD_MAX) {
            reason = "must be at most 256 bytes long";
        } else if (!validate_utf8(s, len)) {
            reason = "is not valid UTF-8 text";
        }
    }
    if (reason != NULL && why != NULL) {
        *why = reason;
    }
    return reason == NULL;
}

bool
validate_timezone_name(const char *s)
{
    size_t len;
    bool component_start = true;

    if (s == NULL) {
        return false;
    }
    len = bounded_len(s, VALIDATE_TIMEZONE_MAX);
    if (len == 0 || len > VALIDATE_TIMEZONE_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (component_start) {
            /* Rules out "", "/x", "x//y", "x/" and "..". */
            if (!is_ascii_letter(c)) {
                return false;
            }
            component_start = false;
        } else if (c == '/') {
            component_start = true;
        } else if (!is_ascii_alnum(c) && c != '_' && c != '-' && c != '+') {
            return false;
        }
    }
    return !component_start;
}

static bool
check_email_local(const char *s, size_t len)
{
    if (len == 0 || len > VALIDATE_EMAIL_LOCAL_MAX) {
        return false;
    }
    if (s[0] == '.' || s[len - 1] == '.') {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.' && s[i + 1] == '.') {
            return false;
        }
        if (strchr("\"(),:;<>[\\]", s[i]) != NULL) {
            return false;
        }
    }
    return true;
}

static bool
check_email_domain(const char *s, size_t len)
{
    size_t labels = 0;
    size_t start = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            size_t label_len = i - start;

            if (label_len == 0 || label_len > VALIDATE_EMAIL_LABEL_MAX ||
                s[start] == '-' || s[i - 1] == '-') {
                return false;
            }
            labels++;
            start = i + 1;
        } else if (!is_ascii_alnum(s[i]) && s[i] != '-' &&
                   (unsigned char)s[i] < 0x80) {
            return false;
        }
    }
    return labels >= 2;
}

bool
validate_email(const char *s)
{
    size_t len;
    size_t at = 0;
    size_t n_at = 0;
    size_t pos = 0;

    if (s == NULL) {
        return false;
    }
    len = bounded_len(s, VALIDATE_EMAIL_MAX);
    if (len > VALIDATE_EMAIL_MAX) {
        return false;
    }
    while (pos < len) {
        uint32_t cp;
        size_t n = validate_utf8_next(s + pos, len - pos, &cp);

        if (n == 0 || is_control(cp) || is_blank(cp) || is_line_separator(cp)) {
            return false;
        }
        if (cp == '@') {
            at = pos;
            n_at++;
        }
        pos += n;
    }
    if (n_at != 1) {
        return false;
    }
    return check_email_local(s, at) &&
           check_email_domain(s + at + 1, len - at - 1);
}
