/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The checks of a newcomer's record. Scans are bounded by each field's
 * limit, so that a huge input costs no more than a long valid one. */
#include "core/newcomer.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"

static bool
newcomer_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
newcomer_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
newcomer_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

bool
newcomer_postcode_parse(const char *s, char out[NEWCOMER_POSTCODE_TEXT])
{
    const char *letters;
    char a;
    char b;

    if (s == NULL || s[0] < '1' || s[0] > '9') {
        return false;
    }
    for (int i = 1; i < 4; i++) {
        if (!newcomer_digit(s[i])) {
            return false;
        }
    }
    letters = s[4] == ' ' ? s + 5 : s + 4;
    if (!newcomer_letter(letters[0]) || !newcomer_letter(letters[1]) ||
        letters[2] != '\0') {
        return false;
    }
    a = newcomer_upper(letters[0]);
    b = newcomer_upper(letters[1]);
    /* PostNL does not issue these pairs (their associations in 1940-45). */
    if (a == 'S' && (b == 'A' || b == 'D' || b == 'S')) {
        return false;
    }
    memcpy(out, s, 4);
    out[4] = ' ';
    out[5] = a;
    out[6] = b;
    out[7] = '\0';
    return true;
}

bool
newcomer_house_parse(const char *s, struct newcomer_house *out)
{
    struct newcomer_house h;
    size_t i = 0;
    size_t n = 0;
    size_t used;

    if (s == NULL || s[0] < '1' || s[0] > '9') {
        return false;
    }
    memset(&h, 0, sizeof h);
    while (newcomer_digit(s[i])) {
        if (i == 5) {
            return false;
        }
        h.number = h.number * 10 + (s[i] - '0');
        i++;
    }
    if (s[i] == ' ' || s[i] == '-') {
        i++;
        if (s[i] == '\0') {
            return false; /* a separator with nothing after it */
        }
    }
    while (s[i] != '\0') {
        if (n == NEWCOMER_HOUSE_ADDITION_MAX ||
            !(newcomer_letter(s[i]) || newcomer_digit(s[i]))) {
            return false;
        }
        h.addition[n++] = newcomer_upper(s[i]);
        i++;
    }
    h.addition[n] = '\0';
    /* Without a separator, digits after the number are part of it: "123"
     * is never 12 with addition 3. */
    used = (size_t)snprintf(h.text, sizeof h.text, "%ld%s%s", h.number,
                            n > 0 && newcomer_digit(h.addition[0]) ? "-" : "",
                            h.addition);
    if (used >= sizeof h.text) {
        return false;
    }
    *out = h;
    return true;
}

bool
newcomer_v_number_parse(const char *s, char out[NEWCOMER_V_NUMBER_TEXT])
{
    char v[NEWCOMER_V_NUMBER_TEXT];
    bool nonzero = false;
    size_t n = 0;

    if (s == NULL) {
        return false;
    }
    for (size_t i = 0; s[i] != '\0'; i++) {
        if (i == NEWCOMER_NUMBER_INPUT_MAX) {
            return false;
        }
        if (s[i] == ' ' || s[i] == '.') {
            /* a separator between digits, not at either end */
            if (n == 0 || s[i + 1] == '\0' || s[i + 1] == ' ' ||
                s[i + 1] == '.') {
                return false;
            }
            continue;
        }
        if (!newcomer_digit(s[i]) || n == NEWCOMER_V_NUMBER_LEN) {
            return false;
        }
        nonzero = nonzero || s[i] != '0';
        v[n++] = s[i];
    }
    if (n != NEWCOMER_V_NUMBER_LEN || !nonzero) {
        return false;
    }
    v[n] = '\0';
    memcpy(out, v, sizeof v);
    return true;
}

bool
newcomer_travel_document_parse(const char *s,
                               char out[NEWCOMER_TRAVEL_DOCUMENT_TEXT])
{
    char v[NEWCOMER_TRAVEL_DOCUMENT_TEXT];
    bool digit = false;
    size_t n = 0;

    if (s == NULL) {
        return false;
    }
    for (size_t i = 0; s[i] != '\0'; i++) {
        if (i == NEWCOMER_NUMBER_INPUT_MAX) {
            return false;
        }
        if (s[i] == ' ' || s[i] == '-') {
            if (n == 0 || s[i + 1] == '\0' || s[i + 1] == ' ' ||
                s[i + 1] == '-') {
                return false;
            }
            continue;
        }
        if (!(newcomer_letter(s[i]) || newcomer_digit(s[i])) ||
            n == NEWCOMER_TRAVEL_DOCUMENT_MAX) {
            return false;
        }
        digit = digit || newcomer_digit(s[i]);
        v[n++] = newcomer_upper(s[i]);
    }
    if (n < NEWCOMER_TRAVEL_DOCUMENT_MIN || !digit) {
        return false;
    }
    v[n] = '\0';
    memcpy(out, v, n + 1);
    return true;
}

bool
newcomer_name_valid(const char *s)
{
    size_t len;

    if (s == NULL) {
        return false;
    }
    len = strnlen(s, NEWCOMER_NAME_BYTES_MAX + 1);
    if (len == 0 || len > NEWCOMER_NAME_BYTES_MAX ||
        !validate_text(s, NEWCOMER_NAME_MAX)) {
        return false;
    }
    /* Leading or trailing ASCII spaces would make equal names differ. */
    return s[0] != ' ' && s[len - 1] != ' ';
}

static const char *const newcomer_categories[NEWCOMER_CATEGORY_COUNT] = {
    [NEWCOMER_HIGHLY_SKILLED_MIGRANT] = "highly-skilled-migrant",
    [NEWCOMER_RESEARCHER] = "researcher",
    [NEWCOMER_STUDENT] = "student",
    [NEWCOMER_FAMILY_MEMBER] = "family-member",
    [NEWCOMER_OTHER] = "other",
};

bool
newcomer_category_parse(const char *s, enum newcomer_category *out)
{
    if (s == NULL) {
        return false;
    }
    for (int c = 0; c < NEWCOMER_CATEGORY_COUNT; c++) {
        if (strcmp(s, newcomer_categories[c]) == 0) {
            *out = (enum newcomer_category)c;
            return true;
        }
    }
    return false;
}

const char *
newcomer_category_code(enum newcomer_category c)
{
    return (int)c >= 0 && c < NEWCOMER_CATEGORY_COUNT ? newcomer_categories[c]
                                                      : NULL;
}

void
newcomer_number_end(const char *number, char out[NEWCOMER_NUMBER_END + 1])
{
    size_t len = strlen(number);
    size_t from = len > NEWCOMER_NUMBER_END ? len - NEWCOMER_NUMBER_END : 0;

    memcpy(out, number + from, len - from + 1);
}
