/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* libFuzzer harness for core/validate: every validate_* function on
 * arbitrary bytes (as a NUL-terminated copy), validate_utf8 compared with an
 * independently written decoder, and the implications between the checks
 * (a valid code is valid text, and so on). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reference UTF-8 check: decode by the sequence length the lead byte
 * announces, then reject by value (overlong, surrogate, too large). */
static bool
reference_utf8(const uint8_t *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n;
        uint32_t min;

        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if ((s[i] & 0xE0) == 0xC0) {
            n = 2;
            cp = s[i] & 0x1Fu;
            min = 0x80;
        } else if ((s[i] & 0xF0) == 0xE0) {
            n = 3;
            cp = s[i] & 0x0Fu;
            min = 0x800;
        } else if ((s[i] & 0xF8) == 0xF0) {
            n = 4;
            cp = s[i] & 0x07u;
            min = 0x10000;
        } else {
            return false;
        }
        if (len - i < n) {
            return false;
        }
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n;
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    const char *why = NULL;
    size_t len;
    bool utf8;
    bool text;
    bool ok;

    if (s == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    len = strlen(s);

    utf8 = validate_utf8((const char *)data, size);
    if (utf8 != reference_utf8(data, size)) {
        abort();
    }
    utf8 = validate_utf8(s, len);

    text = validate_text(s, 300);
    if (text &&
        (!utf8 || !validate_multiline_text(s, 300) || !validate_text(s, len))) {
        abort();
    }
    if (validate_multiline_text(s, 300) && !utf8) {
        abort();
    }
    if (validate_code(s) &&
        (!text || len > VALIDATE_CODE_MAX ||
         (len >= VALIDATE_USERNAME_MIN && !validate_username(s)))) {
        abort();
    }
    if (validate_username(s) && (!text || len > VALIDATE_USERNAME_MAX)) {
        abort();
    }
    if (validate_email(s) &&
        (!text || len > VALIDATE_EMAIL_MAX || strchr(s, '@') == NULL ||
         strchr(s, '@') != strrchr(s, '@'))) {
        abort();
    }
    if (validate_timezone_name(s) &&
        (!text || len > VALIDATE_TIMEZONE_MAX || s[0] == '/' ||
         strstr(s, "..") != NULL || strstr(s, "//") != NULL)) {
        abort();
    }
    ok = validate_password(s, &why);
    if (ok != (why == NULL) || (ok && (!utf8 || len < VALIDATE_PASSWORD_MIN ||
                                       len > VALIDATE_PASSWORD_MAX))) {
        abort();
    }
    free(s);
    return 0;
}
