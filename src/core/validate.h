/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Checks for identifiers and free text that arrive from outside: codes,
 * user names, passwords, time zone names, e-mail addresses and UTF-8 text.
 * Every function accepts NULL (and rejects it). Pure logic, no I/O. */
#ifndef ONESTOP_CORE_VALIDATE_H
#define ONESTOP_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VALIDATE_CODE_MAX 40
#define VALIDATE_USERNAME_MIN 3
#define VALIDATE_USERNAME_MAX 64
#define VALIDATE_PASSWORD_MIN 12
#define VALIDATE_PASSWORD_MAX 256
#define VALIDATE_TIMEZONE_MAX 64
#define VALIDATE_EMAIL_MAX 254
#define VALIDATE_EMAIL_LOCAL_MAX 64
#define VALIDATE_EMAIL_LABEL_MAX 63

/* True when s is a kebab-case code of 1..VALIDATE_CODE_MAX bytes: groups of
 * [a-z0-9] joined by single '-' ("brp-registration"). Used for service,
 * agency, desk and location codes. */
bool validate_code(const char *s);

/* Decodes one UTF-8 sequence from the len bytes at s. Returns its length in
 * bytes (1..4) and sets *cp (out), or returns 0 when the bytes do not start
 * with a well-formed sequence (overlong forms, surrogates, code points above
 * U+10FFFF, stray or missing continuation bytes, len == 0). */
size_t validate_utf8_next(const char *s, size_t len, uint32_t *cp);

/* True when the len bytes at s are well-formed UTF-8 (U+0000 included).
 * s need not be NUL-terminated; s may be NULL only when len is 0. */
bool validate_utf8(const char *s, size_t len);

/* True when the NUL-terminated s is valid UTF-8 of 1..max_chars code points
 * with no control character (C0, DEL, C1: not even tab or newline) and no
 * U+2028/U+2029 line or paragraph separator, and is not blank: at least one
 * code point other than a space character (U+0020, U+00A0, U+1680,
 * U+2000..U+200D, U+202F, U+205F, U+2060, U+3000, U+FEFF). */
bool validate_text(const char *s, size_t max_chars);

/* Like validate_text() but '\n' is allowed (no other control character, not
 * "\r" either) and s may be empty or blank: 0..max_chars code points. */
bool validate_multiline_text(const char *s, size_t max_chars);

/* True when s is VALIDATE_USERNAME_MIN..VALIDATE_USERNAME_MAX bytes of
 * [a-z0-9._-] starting with a lower-case letter or digit. */
bool validate_username(const char *s);

/* True when s is an acceptable new password: VALIDATE_PASSWORD_MIN ..
 * VALIDATE_PASSWORD_MAX bytes of valid UTF-8. On failure, when why is not
 * NULL, *why (out) is set to a short static English reason such as
 * "must be at least 12 bytes long"; on success *why is left alone. */
bool validate_password(const char *s, const char **why);

/* True when s has the shape of an IANA time zone name ("UTC",
 * "Europe/Amsterdam", "America/Argentina/Buenos_Aires", "Etc/GMT+5"): at
 * most VALIDATE_TIMEZONE_MAX bytes of components separated by single '/',
 * each component starting with an ASCII letter and made of ASCII letters,
 * digits, '_', '-' and '+'. Shape only: no time zone database is consulted.
 */
bool validate_timezone_name(const char *s);

/* True when s looks like a deliverable e-mail address (pragmatic, not the
 * full RFC 5322 grammar): at most VALIDATE_EMAIL_MAX bytes of valid UTF-8
 * with exactly one '@'; no spaces, control characters or any of
 * "(),:;<>[\]; a local part of 1..VALIDATE_EMAIL_LOCAL_MAX bytes without a
 * leading, trailing or doubled '.'; a domain of at least two dot-separated
 * labels of 1..VALIDATE_EMAIL_LABEL_MAX bytes made of ASCII letters, digits,
 * '-' (not first or last) and non-ASCII characters. */
bool validate_email(const char *s);

#endif
